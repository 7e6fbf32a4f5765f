"""YAML as plain data with line numbers: no objects built, numbers kept as written, Swedish errors."""

from __future__ import annotations

import codecs
import contextlib
import os
import signal
import threading
import time

import pytest

from malmotor.diagnostics import Bilingual, Diagnostic, RuleFileError
from malmotor.load.rulefile import load_scorecard
from malmotor.load.yamlsource import (RULE_FILE_LIMIT, SizeLimit, YamlProblem, item_line, key_line, load_yaml,
                                      node_line, read_text)

from .conftest import SEED_RULES


@contextlib.contextmanager
def within(seconds: int, what: str):
    """Fail instead of hanging (or filling the memory) when the body takes longer than `seconds`."""

    def too_slow(*_):
        raise TimeoutError(f"{what} took more than {seconds} s")

    previous = signal.signal(signal.SIGALRM, too_slow)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def seed_with(old: str, new: str, occurrence: int = 1) -> str:
    """The seed rule file with the `occurrence`-th line containing `old` changed to contain `new`."""
    lines = SEED_RULES.read_text(encoding="utf-8").splitlines(keepends=True)
    hits = [index for index, text in enumerate(lines) if old in text]
    lines[hits[occurrence - 1]] = lines[hits[occurrence - 1]].replace(old, new)
    return "".join(lines)


def rule_problem(path) -> Diagnostic:
    with pytest.raises(RuleFileError) as info:
        load_scorecard(path)
    assert len(info.value.diagnostics) == 1, info.value.render()
    return info.value.diagnostics[0]


def problem_of(path) -> Diagnostic:
    with pytest.raises(YamlProblem) as info:
        load_yaml(path)
    diagnostic = info.value.diagnostic
    assert diagnostic.file == str(path) and diagnostic.severity == "fel"
    return diagnostic


def test_lines_of_keys_and_items_are_one_based(write):
    path = write("a.yaml", """
        # kommentar
        period: 2018
        värden:
          - första
          - andra
        """)
    data = load_yaml(path)
    assert key_line(data, "period") == 2
    assert key_line(data, "värden") == 3
    assert item_line(data["värden"], 0) == 4
    assert item_line(data["värden"], 1) == 5
    assert node_line(data) == 2


def test_line_of_an_absent_key_is_the_line_of_its_section(write):
    data = load_yaml(write("a.yaml", "a: 1\nb:\n  c: 2\n"))
    assert key_line(data["b"], "saknas") == 3
    assert key_line("inte ett avsnitt", "x") is None


@pytest.mark.parametrize("written", ["3.80", "6.0", "0.10", "1_000", "0x10", "010", "1e3", "2018-01-01", "2018",
                                     "0o17", ".5"])
def test_numbers_and_dates_stay_as_written(write, written):
    value = load_yaml(write("a.yaml", f"värde: {written}\n"))["värde"]
    assert value == written and type(value) is str


def test_booleans_and_empty_values_keep_their_meaning(write):
    data = load_yaml(write("a.yaml", "ja: true\nnej: false\ntomt:\ntilde: ~\n"))
    assert data["ja"] is True and data["nej"] is False
    assert data["tomt"] is None and data["tilde"] is None


@pytest.mark.parametrize("text, tag, line", [
    ('a: !!python/object/apply:os.system ["echo hi"]\n', "!!python/object/apply:os.system", 1),
    ('!!python/object/apply:os.system ["echo hi"]\n', "!!python/object/apply:os.system", 1),
    ("a: 1\nb:\n  - !!python/object:collections.OrderedDict {}\n", "!!python/object:collections.OrderedDict", 3),
    ("a: !!binary aGVq\n", "!!binary", 1),
    ("a: !!int 1\n", "!!int", 1),
    ("a: !lokal x\n", "!lokal", 1),
    ("a: ! x\n", "!", 1),
])
def test_every_explicit_tag_is_refused_on_its_line(write, text, tag, line):
    found = problem_of(write("a.yaml", text))
    assert (found.line, found.message) == (line, f"YAML-taggen {tag} är inte tillåten.")
    assert "ta bort taggen" in found.hint


def test_a_refused_tag_runs_nothing(write, tmp_path):
    marker = tmp_path / "körd"
    path = write("a.yaml", f'a: !!python/object/apply:os.system ["touch {marker}"]\n')
    problem_of(path)
    assert not marker.exists()


def test_quoted_text_that_looks_like_a_tag_is_data(write):
    assert load_yaml(write("a.yaml", "a: '!!python/object'\n"))["a"] == "!!python/object"


def test_duplicate_key_names_the_key_and_both_lines(write):
    found = problem_of(write("a.yaml", "värden:\n  sjuk: 3,8 %\n  jamix: 136\n  sjuk: 3,9 %\n"))
    assert found.line == 4
    assert found.message == "Nyckeln 'sjuk' står två gånger i samma avsnitt (första gången på rad 2)."


@pytest.mark.parametrize("text, line, explanation", [
    ("a: 1\nb: 'öppen\nc: 3\nd: 4\n", 2, "ett citattecken öppnas men stängs aldrig"),
    ('a: 1\nb: "öppen\nc: 3\n', 2, "ett citattecken öppnas men stängs aldrig"),
    ("a: 1\nb: [x, y\nc: 3\n", 2, "en hakparentes '[' stängs aldrig"),
    ("a: 1\nb: {x: 1\nc: 3\n", 2, "en klammerparentes '{' stängs aldrig"),
    ("a: 1\nb: Enkät: vet du\n", 2, "ett kolon följt av mellanslag står mitt i en text"),
    ("a: 1\n\tb: 2\n", 2, "raden innehåller ett tabbtecken"),
    ("a:\n  b: 1\n c: 2\n", 3, "indraget stämmer inte med raderna ovanför"),
    ("a: 1\nb\nc: 2\n", 2, "raden saknar kolon efter nyckeln"),
    ("a: 1\nb: @x\n", 2, "ett värde börjar med ett tecken som måste stå inom citattecken"),
    ("a: 1\nb: *x\n", 2, "ett värde börjar med '*'"),
    ("a: 1\n---\nb: 2\n", 2, "filen innehåller flera dokument"),
])
def test_syntax_errors_in_swedish_on_the_right_line(write, text, line, explanation):
    found = problem_of(write("a.yaml", text))
    assert found.line == line, found.render()
    assert found.message.startswith(f"Filen är inte giltig YAML: {explanation}")
    assert found.hint


def test_control_character_is_reported_with_its_line(write):
    found = problem_of(write("a.yaml", "a: 1\nb: x\x07y\n"))
    assert (found.line, found.column, found.code) == (2, 5, "styrtecken")
    assert found.message == "Filen innehåller ett osynligt styrtecken, U+0007 (BEL), som inte är tillåtet."


def test_missing_file_and_directory(tmp_path):
    assert problem_of(tmp_path / "saknas.yaml").message == "Filen finns inte."
    assert problem_of(tmp_path).message == "Sökvägen är en mapp, inte en fil."


@pytest.mark.parametrize("text, message", [
    ("", "Filen är tom."),
    ("\n   \n", "Filen är tom."),
    ("# bara kommentarer\n# här\n", "Filen innehåller bara kommentarer, inga värden."),
])
def test_empty_file(write, text, message):
    found = problem_of(write("a.yaml", text))
    assert (found.line, found.message) == (1, message)


def test_not_utf8_names_the_first_bad_line(tmp_path):
    path = tmp_path / "a.yaml"
    path.write_bytes("a: 1\nb: 2\nnamn: Sjukfrånvaro\n".encode("cp1252"))
    found = problem_of(path)
    assert (found.line, found.message) == (3, "Filen är inte sparad som UTF-8 (å, ä och ö kan inte läsas).")
    assert "UTF-8" in found.hint


@pytest.mark.parametrize("encoding, bom", [("utf-8", codecs.BOM_UTF8), ("utf-16-le", codecs.BOM_UTF16_LE),
                                           ("utf-16-be", codecs.BOM_UTF16_BE)])
def test_utf8_and_utf16_with_byte_order_mark_are_read(tmp_path, encoding, bom):
    path = tmp_path / "a.yaml"
    path.write_bytes(bom + "namn: Sjukfrånvaro\n".encode(encoding))
    assert read_text(path) == "namn: Sjukfrånvaro\n"
    assert load_yaml(path)["namn"] == "Sjukfrånvaro"


@pytest.mark.parametrize("magic", [b"PK\x03\x04", b"\xd0\xcf\x11\xe0"])
def test_spreadsheet_is_named_as_such(tmp_path, magic):
    path = tmp_path / "värden.xlsx"
    path.write_bytes(magic + b"\x00\x01binary")
    found = problem_of(path)
    assert found.message == "Filen är en Excel-fil, inte en textfil."
    assert "CSV UTF-8" in found.hint


@pytest.mark.parametrize("text, line, explanation, hint", [
    ("a:\n  enhet: %\n", 2, "måste stå inom citattecken", 'Sätt värdet inom citattecken: enhet: "%"'),
    ("a:\n  namn: Enkät: vet du?\n", 2, "kolon följt av mellanslag", 'namn: "Enkät: vet du?"'),
    ("- id: a\n  namn: A\n   mål: Öka\n", 3, "indragen mer än raden ovanför", "flytta 'mål:'"),
    ("a:\n  mål: >= 90 %\n", 2, "börjar med '>' eller '|'", 'Sätt värdet inom citattecken: mål: ">= 90 %"'),
    ("a:\n  symbol: *\n", 2, "börjar med '*' eller '&'", 'Sätt värdet inom citattecken: symbol: "*"'),
])
def test_syntax_hints_quote_the_users_own_line(write, text, line, explanation, hint):
    path = write("regler.yaml", text)
    with pytest.raises(YamlProblem) as info:
        load_yaml(path)
    found = info.value.diagnostic
    assert found.line == line and explanation in found.message and hint in found.hint, found.render()


# --- anchors, aliases and merge keys ("billion laughs") --------------------------------------

def laughs(levels: int = 9) -> list[str]:
    """An alias tree that expands to 9 ** (levels + 1) values where a value is read."""
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x]"]
    return lines + [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, levels + 1)]


def test_an_alias_tree_is_refused_at_its_first_anchor_at_once(write):
    path = write("a.yaml", "\n".join(laughs() + ["värdeområde: *a9"]) + "\n")
    started = time.perf_counter()
    with within(5, "load_yaml of an alias tree"):
        found = problem_of(path)
    assert time.perf_counter() - started < 1
    assert (found.code, found.line, found.column) == ("yaml-alias", 1, len("a0: ") + 1)
    assert found.message.startswith("YAML-ankaret '&a0' är inte tillåtet")
    assert "Skriv ut värdet" in found.hint


@pytest.mark.parametrize("where", [
    # as an indicator's value range
    lambda seed: seed.replace("värdeområde: 0–100", "värdeområde: *a9", 1),
    # inside the status scale
    lambda seed: seed.replace("statusskala: [", "statusskala: [*a9, ", 1),
])
def test_an_alias_tree_in_a_rule_file_is_refused_at_once(write, where):
    seed = SEED_RULES.read_text(encoding="utf-8")
    assert where(seed) != seed
    path = write("regler.yaml", "\n".join(laughs()) + "\n" + where(seed))
    with within(5, "load_scorecard of an alias tree"):
        found = rule_problem(path)
    assert (found.code, found.line) == ("yaml-alias", 1)


@pytest.mark.parametrize("text, line, message, code", [
    ("a: &x 1\nb: 2\n", 1, "YAML-ankaret '&x' är inte tillåtet", "yaml-alias"),
    ("a:\n  - &x {b: 1}\n", 2, "YAML-ankaret '&x' är inte tillåtet", "yaml-alias"),
    ("a:\n  <<: {b: 1}\n  c: 2\n", 2, "Sammanslagning med '<<:' är inte tillåten", "yaml-sammanslagning"),
    ("a: {<<: {b: 1}}\n", 1, "Sammanslagning med '<<:' är inte tillåten", "yaml-sammanslagning"),
])
def test_anchors_and_merge_keys_are_refused_where_written(write, text, line, message, code):
    found = problem_of(write("a.yaml", text))
    assert (found.code, found.line) == (code, line), found.render()
    assert found.message.startswith(message) and "ankare (&namn), alias (*namn) och '<<:'" in found.message
    assert found.hint


def test_a_quoted_merge_key_is_a_key_like_any_other(write):
    assert load_yaml(write("a.yaml", "'<<': x\n"))["<<"] == "x"


def test_an_anchor_meant_as_text_is_told_to_be_quoted(write):
    found = problem_of(write("a.yaml", "a:\n  symbol: &x\n"))
    assert (found.code, found.line) == ("yaml-alias", 2)
    assert 'sätt det inom citattecken: symbol: "&x"' in found.hint


# --- long files: linear, and a size limit ----------------------------------------------------

def test_trailing_comments_are_read_in_linear_time(write):
    """8 MB of comment lines after the values took 17 s (quadratic: the round-trip scanner joined
    them into one growing string); the values are read as before and no comment is kept."""
    comments = ("# " + "x" * 70 + "\n") * (8 * 1024 * 1024 // 73)
    path = write("regler.yaml", SEED_RULES.read_text(encoding="utf-8") + comments)
    started = time.perf_counter()
    with within(30, "load_yaml of 8 MB of comments"):
        data = load_yaml(path)
    assert time.perf_counter() - started < 4
    assert key_line(data, "perspektiv") == load_yaml(SEED_RULES).lc.key("perspektiv")[0] + 1
    assert "x" * 70 not in repr(data.ca)  # the comments are not kept


def test_positions_of_keys_and_items_are_kept_without_comments(write):
    data = load_yaml(write("a.yaml", "# a\na: 1  # b\n# c\n\nb:\n  # d\n  - x  # e\n  - y\nc: {d: 1, e: [2]}  # f\n"))
    assert (key_line(data, "a"), key_line(data, "b"), item_line(data["b"], 1), key_line(data, "c")) == (2, 5, 8, 9)
    assert data == {"a": "1", "b": ["x", "y"], "c": {"d": "1", "e": ["2"]}}


def test_a_rule_file_above_the_limit_is_refused_before_it_is_read(tmp_path):
    path = tmp_path / "regler.yaml"
    with path.open("wb") as file:  # sparse: nothing is written, but the size is 20 MB and one byte
        file.truncate(RULE_FILE_LIMIT.bytes + 1)
    with within(5, "refusing a large file"):
        found = problem_of(path)
    assert found.code == "för-stor-fil" and found.line is None
    assert found.message == "Filen är 20,0 MB, större än 20 MB, som är gränsen för en regelfil."
    assert "rätt fil" in found.hint


def test_a_pipe_is_read_no_further_than_the_limit(tmp_path):
    """A pipe has no size to look at first: it is read up to the limit and then refused."""
    path = tmp_path / "regler.yaml"
    os.mkfifo(path)

    def write_endlessly():
        with contextlib.suppress(BrokenPipeError), path.open("wb") as pipe:
            for _ in range(64):  # 4 MB, more than the limit of 1 MB below
                pipe.write(b"a: 1\n" * 13108)

    writer = threading.Thread(target=write_endlessly, daemon=True)
    writer.start()
    with within(10, "reading a pipe"), pytest.raises(YamlProblem) as info:
        read_text(path, SizeLimit(1, Bilingual("en regelfil", "a rule file"),
                                  Bilingual("Ange rätt fil.", "Give the right file.")))
    writer.join(5)
    found = info.value.diagnostic
    assert (found.code, found.message) == ("för-stor-fil", "Filen är större än 1 MB, som är gränsen för en regelfil.")


# --- unclosed quotes -------------------------------------------------------------------------

@pytest.mark.parametrize("quote", ['"', "'"])
@pytest.mark.parametrize("occurrence", [1, 2, 4])
def test_an_unclosed_quote_is_reported_where_it_opens(write, quote, occurrence):
    """The quoted text runs on to the next quote, lines later; the error must not be reported there."""
    path = write("regler.yaml", seed_with('enhet: "%"', f"enhet: {quote}%", occurrence))
    opening = [n for n, text in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
               if text.rstrip().endswith(f"enhet: {quote}%")]
    found = rule_problem(path)
    assert (found.code, found.line, found.column) == ("yaml-syntax", opening[0], len("                enhet: ") + 1)
    assert found.message.startswith("Filen är inte giltig YAML: ett citattecken öppnas men stängs aldrig")
    assert found.hint.endswith(f"enhet: {quote}%{quote}"), found.hint
    assert '""' not in found.hint


def test_an_unclosed_quote_in_a_flow_section_is_closed_before_the_next_key(write):
    path = write("regler.yaml", seed_with('symbol: "■"', 'symbol: "■'))
    found = rule_problem(path)
    assert (found.line, found.column) == (14, len("  uppfyllt: {text: uppfyllt, symbol: ") + 1)
    assert found.hint.endswith('uppfyllt: {text: uppfyllt, symbol: "■", färg: grön}')


def test_an_unclosed_quote_at_the_end_of_the_file_quotes_the_users_line(write):
    found = problem_of(write("a.yaml", "a: 1\nb:\n  namn: 'Rutin\n"))
    assert (found.line, found.column) == (3, len("  namn: ") + 1)
    assert found.hint.endswith("namn: 'Rutin'")


def test_a_quoted_text_over_several_lines_is_still_read(write):
    data = load_yaml(write("a.yaml", 'a: "en lång\n  text"\nb: \'och en\n  till\'\n'))
    assert data == {"a": "en lång text", "b": "och en till"}


# --- control characters ----------------------------------------------------------------------

@pytest.mark.parametrize("character, shown", [
    ("\x1b", "U+001B (ESC)"), ("\x00", "U+0000 (NUL)"), ("\x0c", "U+000C (FF)"), ("\x7f", "U+007F (DEL)"),
    ("\x85", "U+0085"), ("\x9b", "U+009B"), ("\u2028", "U+2028"),
])
def test_a_control_character_is_refused_by_its_code_point(write, character, shown):
    found = problem_of(write("regler.yaml", f"a: 1\nnamn: röd{character}[31m text\n"))
    assert (found.code, found.line, found.column) == ("styrtecken", 2, len("namn: röd") + 1)
    assert found.message == f"Filen innehåller ett osynligt styrtecken, {shown}, som inte är tillåtet."
    assert character not in found.render()


@pytest.mark.parametrize("character", ["\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067",
                                       "\u2068", "\u2069"])
def test_a_bidirectional_override_is_refused(write, character):
    found = problem_of(write("regler.yaml", f"a: 1\n# {character}kommentar\nb: 2\n"))
    assert (found.code, found.line, found.column) == ("styrtecken", 2, 3)
    assert f"vänder textens riktning, U+{ord(character):04X}," in found.message
    assert character not in found.render()


@pytest.mark.parametrize("character, shown, kind", [
    ("\u200e", "U+200E", "vänder textens riktning"), ("\u200f", "U+200F", "vänder textens riktning"),
    ("\u061c", "U+061C", "vänder textens riktning"), ("\u200b", "U+200B", "osynligt styrtecken"),
    ("\u200c", "U+200C", "osynligt styrtecken"), ("\u200d", "U+200D", "osynligt styrtecken"),
    ("\ufeff", "U+FEFF", "osynligt styrtecken"),
])
def test_invisible_marks_and_zero_width_characters_are_refused(write, character, shown, kind):
    """`sjuk\u200b` is not the id `sjuk`, and a right-to-left mark reorders what is shown."""
    found = problem_of(write("regler.yaml", f"a: 1\nnamn: sjuk{character}frånvaro\n"))
    assert (found.code, found.line, found.column) == ("styrtecken", 2, len("namn: sjuk") + 1)
    assert f"{kind}, {shown}," in found.message
    assert character not in found.render()


@pytest.mark.parametrize("character", ["\u200b", "\u200e", "\ufeff"])
def test_invisible_characters_written_as_escapes_are_refused(write, character):
    found = problem_of(write("regler.yaml", f'a: 1\nnamn: "sjuk\\u{ord(character):04x}"\n'))
    assert (found.code, found.line) == ("styrtecken", 2), found.render()


@pytest.mark.parametrize("name, text", [("m.csv", "indikator;period;värde\nsjuk\u200b;2018;3,8 %\n"),
                                        ("m.yaml", "period: 2018\nvärden:\n  sjuk\u200d: 3,8 %\n")])
def test_zero_width_characters_are_refused_in_measures_files(write, name, text):
    from malmotor.diagnostics import MeasuresError
    from malmotor.load.measuresfile import load_measures

    with pytest.raises(MeasuresError) as info:
        load_measures(write(name, text))
    [found] = info.value.diagnostics
    assert (found.code, found.line) == ("styrtecken", 2 if name == "m.csv" else 3)


def test_a_byte_order_mark_first_in_the_file_is_still_read(tmp_path):
    path = tmp_path / "a.yaml"
    path.write_bytes(codecs.BOM_UTF8 + "namn: Sjukfrånvaro\n".encode("utf-8"))
    assert load_yaml(path) == {"namn": "Sjukfrånvaro"}
    path.write_bytes(codecs.BOM_UTF8 + codecs.BOM_UTF8 + "namn: Sjukfrånvaro\n".encode("utf-8"))
    assert problem_of(path).message == "Filen innehåller ett osynligt styrtecken, U+FEFF, som inte är tillåtet."


def test_tabs_in_values_and_windows_line_ends_are_not_control_characters(tmp_path):
    path = tmp_path / "a.yaml"
    path.write_bytes("a: 1\r\nb: 'x\ty'\r\nc: 3\r\n".encode("utf-8"))
    assert load_yaml(path) == {"a": "1", "b": "x\ty", "c": "3"}


@pytest.mark.parametrize("text, line, column, shown", [
    ('a: 1\nnamn: "\\e[31mröd"\n', 2, 7, "U+001B (ESC)"),
    ('a: 1\nnamn: "röd\\x1b[0m"\n', 2, 7, "U+001B (ESC)"),
    ('a:\n  - x\n  - "\\u202evänd"\n', 3, 5, "U+202E"),
    ('a:\n  "\\x07nyckel": 1\n', 2, 3, "U+0007 (BEL)"),
    ('a: "rad\\rrad"\n', 1, 4, "U+000D (CR)"),
    ('a: "rad\\Nrad"\n', 1, 4, "U+0085"),
    ('"\\x9b"\n', 1, None, "U+009B"),
])
def test_a_control_character_written_as_an_escape_is_refused_after_parsing(write, text, line, column, shown):
    found = problem_of(write("regler.yaml", text))
    assert (found.code, found.line, found.column) == ("styrtecken", line, column), found.render()
    assert f", {shown}, skrivet med en escape-sekvens" in found.message
    assert not any(0x7f <= ord(c) <= 0x9f or ord(c) < 0x20 and c not in "\n" for c in found.render())


def test_a_control_character_in_a_rule_file_is_refused_before_anything_is_shown(write):
    path = write("regler.yaml", seed_with("namn: Sjukfrånvaro", 'namn: "Sjuk\\e[2Jfrånvaro"'))
    found = rule_problem(path)
    assert found.code == "styrtecken" and "\x1b" not in found.render()


def test_a_duplicate_key_with_a_control_character_is_named_without_it(write):
    found = problem_of(write("a.yaml", 'a: 1\n"b\\e": 1\n"b\\e": 2\n'))
    assert found.message.startswith("Nyckeln 'b<U+001B>' står två gånger")


# --- ruamel's own words ----------------------------------------------------------------------

@pytest.mark.parametrize("text, line, column", [
    ("%YAML 1.1\n%YAML 1.1\n---\na: 1\n", 2, 1),
    ("%TAG !x! tag:a,2000:\n%TAG !x! tag:b,2000:\n---\na: 1\n", 2, 1),
    ("a: 1\nb: |0\n  x\n", 2, 5),
    ("a: 1\nb: !x!y 1\n", 2, 4),
])
def test_an_unmapped_syntax_error_is_in_swedish_with_line_and_column(write, text, line, column):
    found = problem_of(write("a.yaml", text))
    assert (found.code, found.line) == ("yaml-syntax", line), found.render()
    assert found.message.startswith("Filen är inte giltig YAML")
    assert not any(word in found.render() for word in ("found", "expected", "while", "but", "scanning")), \
        found.render()
    assert found.column == column
    assert found.message == \
        f"Filen är inte giltig YAML: det som står på rad {line}, kolumn {column} kan inte tolkas."


@pytest.mark.parametrize("text, hint", [
    ('sökväg: "C:\\Users\\rapport"\n', r"sökväg: 'C:\Users\rapport'"),
    ('a: "\\x1"\n', "enkla citattecken"),
])
def test_a_bad_escape_in_double_quotes_suggests_single_quotes(write, text, hint):
    found = problem_of(write("a.yaml", text))
    assert found.message.startswith("Filen är inte giltig YAML: ") and "escape-sekvens" in found.message
    assert hint in found.hint, found.hint


def test_an_unreadable_file_is_told_in_swedish(tmp_path, monkeypatch):
    import errno
    from pathlib import Path

    from malmotor.load.yamlsource import YamlProblem, read_text

    path = tmp_path / "regler.yaml"
    path.write_text("malmotor: 1\n", encoding="utf-8")

    def refuse(self, *args, **kwargs):
        raise PermissionError(errno.EACCES, "Permission denied", str(self))

    monkeypatch.setattr(Path, "open", refuse)
    monkeypatch.setattr(Path, "read_bytes", refuse)
    with pytest.raises(YamlProblem) as info:
        read_text(path)
    assert "Permission denied" not in info.value.diagnostic.message
    assert info.value.diagnostic.message.startswith("Filen kan inte läsas (")


# --- the operating system's refusals: located Swedish messages, never a traceback ---------------

def test_a_file_in_a_folder_that_may_not_be_entered_is_told_in_swedish(tmp_path, monkeypatch):
    """As root a folder with mode 000 can still be entered, so `stat` is made to refuse as it does for
    anyone else; `Path.exists()` itself raised PermissionError."""
    import errno
    from pathlib import Path

    path = tmp_path / "låst" / "regler.yaml"
    real_stat = Path.stat

    def refuse(self, *args, **kwargs):
        if self == path:
            raise PermissionError(errno.EACCES, "Permission denied", str(self))
        return real_stat(self, *args, **kwargs)

    monkeypatch.setattr(Path, "stat", refuse)
    found = problem_of(path)
    assert (found.code, found.line) == ("fil-oläslig", None)
    assert found.message == "Filen kan inte läsas (åtkomst nekad: du saknar behörighet)."
    assert "läsrätt" in found.hint and "Permission" not in found.render()


def test_a_file_name_too_long_for_the_file_system_is_told_in_swedish(tmp_path):
    found = problem_of(tmp_path / ("a" * 300 + ".yaml"))
    assert (found.code, found.message) == ("fil-oläslig", "Filen kan inte läsas (filnamnet är för långt).")
    assert "255" in found.hint


def test_a_loop_of_symbolic_links_is_called_a_loop_not_a_missing_file(tmp_path):
    loop = tmp_path / "regler.yaml"
    loop.symlink_to(loop)
    found = problem_of(loop)
    assert found.code == "länkslinga"
    assert found.message.startswith("Sökvägen är en slinga av symboliska länkar")
    assert "ls -l" in found.hint


def test_a_link_to_a_file_that_is_gone_says_so(tmp_path):
    link = tmp_path / "regler.yaml"
    link.symlink_to(tmp_path / "borta.yaml")
    found = problem_of(link)
    assert (found.code, found.message) == ("fil-saknas", "Filen är en symbolisk länk till en fil som inte finns.")


# --- found with the corpus of broken files (tests/corpus/) ----------------------------------------

@pytest.mark.parametrize("text, line, column", [
    ("styrkort: " + "[" * 1000 + "]" * 1000 + "\n", 1, len("styrkort: ") + 1000),
    ("a: 1\nb: " + "{x: " * 1000 + "1" + "}" * 1000 + "\n", 2, len("b: ") + 4 * 999 + 1),
    ("a: '[[['\nb: " + "[" * 1000 + "]" * 1000 + "  # [[[[\n", 2, len("b: ") + 1000),
])
def test_a_file_nested_too_deep_is_refused_where_it_is_deepest(write, text, line, column):
    """It had no line at all: the composer's RecursionError carries none."""
    found = problem_of(write("a.yaml", text))
    assert (found.code, found.line, found.column) == ("för-djup-nästling", line, column)


def test_utf16_without_byte_order_mark_is_named_as_such(tmp_path):
    """All ASCII, it was taken for NUL control characters; with an å, for 'not UTF-8' only."""
    for name, text in [("ascii.yaml", "malmotor: 1\nstyrkort: Korpus\n"), ("svensk.yaml", "namn: Sjukfrånvaro\n")]:
        for encoding in ("utf-16-le", "utf-16-be"):
            path = tmp_path / name
            path.write_bytes(text.encode(encoding))
            found = problem_of(path)
            assert (found.code, found.line) == ("ej-utf8", 1)
            assert found.message == "Filen är sparad som UTF-16 utan byte-ordningsmärke, inte som UTF-8."
            assert "UTF-8" in found.hint


def test_a_binary_file_full_of_zeros_is_not_called_utf16(tmp_path):
    path = tmp_path / "a.yaml"
    path.write_bytes(b"\x00" * 64 + b"a: 1\n")
    assert problem_of(path).code != "ej-utf8"
