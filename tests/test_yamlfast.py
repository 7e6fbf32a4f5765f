"""libyaml's fast path (malmotor/load/fastyaml.py) reads exactly what ruamel's path reads, or declines.

Every YAML file of the repository and every YAML example in the documentation, tricky texts written out here
and generated documents (hypothesis) are read both ways through `yamlsource.parse_yaml`: the outcome must be
the same, the same data with the same types, the same line and column of every node, key, value and item,
the same block or flow style; or the same diagnostic. Where the fast path declines, the slow one reads the text.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from hypothesis import event, given, settings
from hypothesis import strategies as st
from ruamel.yaml.comments import CommentedMap, CommentedSeq, Format, LineCol

from malmotor.load import fastyaml, yamlsource
from malmotor.load.yamlsource import YamlProblem, parse_yaml, read_text

ROOT = Path(__file__).resolve().parent.parent
REPOSITORY_FILES = sorted({*ROOT.glob("rules/*.yaml"), *ROOT.glob("measures/*.yaml"), *ROOT.glob("assessments/*.yaml"),
                           *ROOT.glob("tests/corpus/**/*.yaml"), *ROOT.glob("tests/data/**/*.yaml"),
                           *ROOT.glob("docs/**/*.yaml")})
# The files a user reads every day: the fast path must take them, or it is no faster.
PLAIN_FILES = [path for path in REPOSITORY_FILES
               if path.parent in (ROOT / "rules", ROOT / "measures", ROOT / "assessments", ROOT / "tests/corpus/valid")]
_YAML_BLOCK = re.compile(r"```yaml\n(.*?)```", re.DOTALL)
DOC_SNIPPETS = [(f"{path.name}#{number}", block) for path in sorted(ROOT.glob("docs/*.md"))
                for number, block in enumerate(_YAML_BLOCK.findall(path.read_text(encoding="utf-8")), start=1)]


def shape(node, path: str = "$") -> list[tuple]:
    """Everything of a parsed tree that malmotor reads, walked in order: each node's type and value, and for a
    mapping or a list its line and column, every key's, value's and item's (`lc.data`), its own keys (`_ok`) and
    its block or flow style. (Comments and blank lines, ruamel's `ca`, are not read by malmotor and not kept.)"""
    if not isinstance(node, (CommentedMap, CommentedSeq)):  # ruamel's TaggedScalar (`a: =`) compares by identity
        return [(path, type(node).__name__, node if isinstance(node, (str, bool, type(None))) else repr(node))]
    line_col = getattr(node, LineCol.attrib)
    style = getattr(node, Format.attrib, None)
    found = [(path, type(node).__name__, line_col.line, line_col.col,
              None if line_col.data is None else [(repr(key), value) for key, value in line_col.data.items()],
              style._flow_style if style else None, sorted(map(repr, getattr(node, "_ok", ()))))]
    for key, value in (node.items() if isinstance(node, CommentedMap) else enumerate(node)):
        found.append((path, "key", type(key).__name__, key))
        found += shape(value, f"{path}/{key!r}")
    return found


def outcome(text: str, fast: bool) -> tuple:
    """What `parse_yaml` gives for `text`, one way: the tree's shape, or the diagnostic."""
    saved, yamlsource.FAST_YAML = yamlsource.FAST_YAML, fast
    try:
        return ("data", shape(parse_yaml(text, "fil.yaml")))
    except YamlProblem as problem:
        found = problem.diagnostic
        return ("problem", found.line, found.column, found.code, str(found.message), str(found.hint))
    finally:
        yamlsource.FAST_YAML = saved


def assert_same_both_ways(text: str) -> bool:
    """Both ways give the same; True if the fast path took the text (the slow path may still find an escaped
    control character in its data)."""
    assert outcome(text, True) == outcome(text, False)
    return fastyaml.load_plain_data(text) is not None


def test_libyaml_is_there():
    """Our environment has PyYAML's C loader; without it every file would silently take the slow path."""
    assert fastyaml.AVAILABLE
    assert yaml.__with_libyaml__
    assert hasattr(yaml, "CSafeLoader")


@pytest.mark.parametrize("path", REPOSITORY_FILES, ids=lambda path: str(path.relative_to(ROOT)))
def test_every_yaml_file_of_the_repository(path):
    try:
        text = read_text(path)
    except YamlProblem:  # refused before parsing (a control character, not UTF-8, empty): no YAML to compare
        return
    taken = assert_same_both_ways(text)
    if path in PLAIN_FILES:
        assert taken, f"the fast path declined {path.name}"


def test_the_everyday_files_are_there():
    names = {path.name for path in PLAIN_FILES}
    assert {"lansteknik-2018.yaml", "kommun-uppfoljning.yaml", "lansteknik-2017.yaml"} <= names
    assert len(REPOSITORY_FILES) > 100


@pytest.mark.parametrize("name, block", DOC_SNIPPETS, ids=[name for name, _ in DOC_SNIPPETS])
def test_every_yaml_example_of_the_documentation(name, block):
    assert_same_both_ways(block)


def test_the_documentation_has_examples():
    assert len(DOC_SNIPPETS) > 20


# Texts where libyaml and ruamel differ in what they say, which the fast path makes up for (it takes them).
TAKEN = [
    "grupper:\n  kön:\n  verksamhetsområde: [VO Drift]\n",  # an empty value: ruamel places it at the next key
    "a:\n  b:\nc: 1\n",  # … or where its mapping ends
    "a: 1\nb:",  # … or at the end of a text without a final line break (libyaml adds one)
    "a: 1\r\nb:\r\n  - x\r\n  -\r\n",  # CRLF, an empty item
    "a: 1\rb:\r  c: 'x'\r",  # old Mac line ends
    "- \n- x\n-\n",
    "motivering: >-\n  Rapporten säger\n  så här.\n\n  Och mer.\nb: |\n  rad 1\n  rad 2\n\nc: |+\n  x\n\n",
    "mål: 3.80\nvärde: 0x10\nyes: no\non: off\ntid: 2019-08-31\nsant: True\ntomt: ~\ninget: null\n",
    "'1': a\n\"2\": b\n3: c\n~: d\ntrue: e\n",
    "a: [x, y, {b: c}, [d]]\ne: {f: [g], h: 'i'}\ntom: []\nocks\u00e5: {}\n",
    "a: \"x\\ny\\u00e5\"\nb: 'it''s'\nc: plain text # kommentar\n# sist\n",
    "---\na: 1\n...\n",
    "- id: x\n  mål: Öka\n- id: y\n  delmål:\n  - a\n  - b\n",
    "a:\n- x\n- y: 1\n  z:\n",
    "nyckel med mellanslag: 'värde: med kolon inom citattecken'\n",
    "emoji: 😀 x\nkinesiska: 中文\n",
]

# Texts the fast path leaves to the slow one, which explains what is wrong or reads what libyaml would not.
DECLINED = [
    "a: !!int 3\n", "a: &x 1\nb: *x\n", "<<: {a: 1}\n", "a: 1\na: 2\n", "1: a\n'1': b\n", "? a\n: b\n",
    "%YAML 1.2\n---\na: 1\n", "a: 1\n---\nb: 2\n", "a:\tb\n", "[a, b]: c\n", "{a: }\n",
    "a: |2\n   x\n", "a: | # kommentar\n  x\n", "a: |\n  \n    x\n", "# bara en kommentar\n", "~\n", "a: =\n",
    "a: \ufffe\n",
]
# A control character written as an escape: libyaml reads the text, parse_yaml finds the character in its data
# and leaves the text to the slow path, which says where it is.
ESCAPED = ["a: \"\\e[31m\"\n", "- ok\n- \"\\x1b\"\n", "\"\\u202e\": x\n", "a:\n  b: [\"\\u200b\"]\n"]


@pytest.mark.parametrize("text", TAKEN)
def test_texts_the_fast_path_takes(text):
    assert assert_same_both_ways(text), "the fast path declined"


@pytest.mark.parametrize("text", DECLINED)
def test_texts_the_fast_path_declines(text):
    assert not assert_same_both_ways(text), "the fast path took it"


@pytest.mark.parametrize("text", ESCAPED)
def test_escaped_control_characters_are_told_as_before(text):
    assert_same_both_ways(text)
    assert outcome(text, True)[3] == "styrtecken"


def test_deep_nesting_is_left_to_the_slow_path():
    deep = "[" * (fastyaml.MAX_DEPTH + 1) + "]" * (fastyaml.MAX_DEPTH + 1) + "\n"
    assert fastyaml.load_plain_data(deep) is None
    shallow = "[" * fastyaml.MAX_DEPTH + "]" * fastyaml.MAX_DEPTH + "\n"
    assert fastyaml.load_plain_data(shallow) is not None
    assert_same_both_ways(shallow)


def test_load_yaml_takes_the_fast_path(tmp_path, monkeypatch):
    """A plain file never reaches ruamel; a tagged one does, and gets its diagnostic."""
    path = tmp_path / "regler.yaml"
    path.write_text("mål: 3 %\n", encoding="utf-8")

    def no_ruamel(text, name):
        raise AssertionError("ruamel's path was taken")

    monkeypatch.setattr(yamlsource, "parse_with_ruamel", no_ruamel)
    assert yamlsource.load_yaml(path) == {"mål": "3 %"}
    path.write_text("mål: !!int 3\n", encoding="utf-8")
    with pytest.raises(AssertionError, match="ruamel's path was taken"):
        yamlsource.load_yaml(path)


# --- generated documents ---------------------------------------------------------------------------------

WORDS = ["a", "mål", "3 %", "Öka", "true", "False", "yes", "null", "~", "", "1", "0x10", "3.80", "2018-01-01",
         "1_000", ".inf", "x#y", "-x", "a b", "a:b", "a'b", "é 😀", "€ 3,5", "x,y", "-1", "NULL", "no", "1:20",
         "a\nb", " lead", "trail ", "\\", "a: b", "[x]", "{y}", "?", "-", "*x", "&x", "!x", "@", "%", "#"]


@st.composite
def scalars(draw) -> str:
    word = draw(st.sampled_from(WORDS))
    style = draw(st.sampled_from(["plain", "plain", "single", "double"]))
    if style == "single":
        return "'" + word.replace("'", "''").replace("\n", "\n\n") + "'"
    if style == "double":
        return '"' + word.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'
    return word


@st.composite
def values(draw, depth: int, indent: int) -> str:
    kind = draw(st.sampled_from(["scalar", "scalar", "empty", "flow list", "flow map", "block scalar", "map", "list"]
                                if depth < 3 else ["scalar", "empty"]))
    if kind == "scalar":
        return " " + draw(scalars())
    if kind == "empty":
        return ""
    if kind == "flow list":
        return " [" + ", ".join(draw(st.lists(scalars(), max_size=3))) + "]"
    if kind == "flow map":
        pairs = draw(st.lists(st.tuples(scalars(), scalars()), max_size=3))
        return " {" + ", ".join(f"{key}: {value}" for key, value in pairs) + "}"
    if kind == "block scalar":
        inner = indent + draw(st.sampled_from([1, 2, 4]))
        lines = draw(st.lists(st.sampled_from(["x", "y z", "", "  q", "å # ej kommentar"]), min_size=1, max_size=3))
        header = draw(st.sampled_from(["|", ">", "|-", ">-", "|+", ">+", "|2", "> # c"]))
        return f" {header}\n" + "\n".join(" " * inner + line if line else "" for line in lines)
    if kind == "map":
        return "\n" + draw(mappings(depth + 1, indent + draw(st.sampled_from([1, 2, 4]))))
    return "\n" + draw(lists(depth + 1, indent + draw(st.sampled_from([0, 2, 4]))))


@st.composite
def mappings(draw, depth: int, indent: int) -> str:
    lines = []
    for _ in range(draw(st.integers(1, 4))):
        colon = draw(st.sampled_from([":", ":", " :"]))
        tail = draw(st.sampled_from(["", "", "", " # kommentar", "  ", "#x"]))
        lines.append(" " * indent + draw(scalars()) + colon + draw(values(depth, indent)) + tail)
        lines += draw(st.sampled_from([[], [], [], [""], ["  # kommentar"], ["   "]]))
    return "\n".join(lines)


@st.composite
def lists(draw, depth: int, indent: int) -> str:
    lines = []
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(["value", "map", "scalar", "empty"]))
        if kind == "value":
            lines.append(" " * indent + "-" + draw(values(depth, indent + 2)))
        elif kind == "map":
            lines.append(" " * indent + "- " + draw(mappings(depth + 1, indent + 2)).lstrip(" "))
        elif kind == "scalar":
            lines.append(" " * indent + "- " + draw(scalars()))
        else:
            lines.append(" " * indent + "-")
    return "\n".join(lines)


@st.composite
def documents(draw) -> str:
    text = draw(mappings(0, 0)) if draw(st.booleans()) else draw(lists(0, draw(st.sampled_from([0, 2]))))
    text = draw(st.sampled_from(["", "", "---\n", "# överst\n"])) + text + draw(st.sampled_from(["\n", "\n", ""]))
    line_end = draw(st.sampled_from(["\n", "\n", "\n", "\r\n", "\r"]))
    return text.replace("\n", line_end)


@settings(max_examples=400, deadline=None)
@given(documents())
def test_generated_documents(text):
    event("fast path" if assert_same_both_ways(text) else "declined")


NOISE = [*"ab:- \n'\"[]{},#|>&*!%\\å09.~", ": ", "- ", "\n  ", "\n- ", "true", "\r\n", "---", "...", "? ", "x: ",
         "\n    "]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(NOISE), max_size=30).map("".join))
def test_generated_noise(text):
    """Text that is mostly not valid YAML: the fast path never takes what ruamel refuses."""
    event("fast path" if assert_same_both_ways(text) else "declined")


@pytest.mark.parametrize("text, line, column", [("? : :\n", 1, 3), ("[a, b]: c\n", 1, 1), ("x:\n  {a: 1}: 2\n", 2, 3)])
def test_a_list_or_a_mapping_as_a_key_is_refused(text, line, column):
    """Such a key is no text; nested (`? : :`) it made ruamel fail with a TypeError, a crash."""
    for fast in (True, False):
        assert outcome(text, fast)[:5] == ("problem", line, column, "yaml-syntax",
                                           "Filen är inte giltig YAML: en nyckel är en lista eller ett avsnitt, "
                                           "inte en text.")
