"""The rule file's JSON Schema (malmotor/schema.py, `malmotor schema`) against the loader and the documentation.

The committed schema must be what the generator makes now; every rule file in the repository and every
complete rule file in the documentation must validate; broken files must not; the target-phrase patterns
must accept exactly the phrases `parse_target` accepts among the documented ones (and some it refuses).
"""

from __future__ import annotations

import datetime
import json
import re
import shutil
import subprocess

import jsonschema
import pytest
from click.testing import CliRunner
from ruamel.yaml import YAML

from malmotor.cli import main
from malmotor.load.rulefile import FORMAT_VERSION, INDICATOR_KEYS, TOP_KEYS
from malmotor.load.targets import PhraseError, parse_target
from malmotor.model import DEFAULT_LEVELS, DEFAULT_STATUS_SCALE
from malmotor.schema import CONTEXT_KEYS, SCHEMA_FILE, TARGET_FORMS, rule_schema, schema_text, target_pattern

from .conftest import ROOT
from .test_docs import SERIES, backticked, tables

COMMITTED = ROOT / "schema" / SCHEMA_FILE
DOCS = sorted((ROOT / "docs").glob("*.md"))
# The rule files (`malmotor: 1` at the top); rules/ also holds other files, such as a rule file's tests.
RULE_FILES = sorted(path for path in (ROOT / "rules").glob("*.yaml")
                    if re.search(r"^malmotor:", path.read_text(encoding="utf-8"), re.M))


def plain(value):
    """YAML read as JSON-like data: keys as text (as an editor sees them), dates as text."""
    if isinstance(value, dict):
        return {str(key): plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [plain(item) for item in value]
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    return value


def load(text: str):
    return plain(YAML(typ="safe", pure=True).load(text))


@pytest.fixture(scope="module")
def schema() -> dict:
    return rule_schema()


@pytest.fixture(scope="module")
def validator(schema):
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def errors(validator, text: str) -> list[str]:
    return [f"{'/'.join(map(str, error.absolute_path))}: {error.message}" for error in validator.iter_errors(load(text))]


def doc_rule_files() -> list[tuple[str, str]]:
    """Every complete rule file in the documentation: a ```yaml block starting `malmotor: 1` or `# exempel:` (and
    with `malmotor:`, so not an assessments or measures example), except the error examples."""
    found = []
    for doc in DOCS:
        # An error example (`<!-- felexempel: … -->` before it) is wrong on purpose.
        for marker, body in re.findall(r"^(<!-- felexempel: \S+ -->\n)?```yaml\n(.*?)^```", doc.read_text(encoding="utf-8"),
                                       re.S | re.M):
            if not marker and body.startswith(("malmotor: 1", "# exempel:")) and re.search(r"^malmotor:", body, re.M):
                found.append((f"{doc.name}: {body.splitlines()[0]}", body))
    return found


# --- the committed file -----------------------------------------------------------------------------

def test_the_committed_schema_is_the_generated_one():
    assert COMMITTED.read_text(encoding="utf-8") == schema_text(), (
        f"{COMMITTED.relative_to(ROOT)} is stale: run 'malmotor schema -o schema/{SCHEMA_FILE}'")


def test_the_schema_is_deterministic_sorted_and_ends_with_a_newline(schema):
    text = schema_text(schema)
    assert text == schema_text(rule_schema()) and text.endswith("}\n")
    assert text == json.dumps(json.loads(text), ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def test_the_command_writes_the_schema(tmp_path):
    out = tmp_path / "s.json"
    result = CliRunner().invoke(main, ["schema", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8") == schema_text()
    printed = CliRunner().invoke(main, ["schema"])
    assert printed.exit_code == 0 and printed.output == schema_text()


def test_it_is_a_valid_draft_2020_12_schema_of_format_version_1(schema):
    jsonschema.Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert SCHEMA_FILE == f"malmotor-rules.v{FORMAT_VERSION}.json"


# --- keys, descriptions and examples ----------------------------------------------------------------

def _subschemas(node, path=""):
    if isinstance(node, dict):
        yield path, node
        for key, value in node.items():
            yield from _subschemas(value, f"{path}/{key}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _subschemas(value, f"{path}/{index}")


def test_the_keys_are_the_loaders_own(schema):
    defs = schema["$defs"]
    levels = [level.key for level in DEFAULT_LEVELS]
    assert set(schema["properties"]) == set(TOP_KEYS) | {levels[0], "indikatorer"}
    assert set(defs["indikator"]["properties"]) == set(INDICATOR_KEYS)
    for name, keys in CONTEXT_KEYS.items():
        if name in defs:
            section = next(node for node in [defs[name], *defs[name].get("anyOf", [])] if "properties" in node)
            assert set(section["properties"]) == set(keys), name
    assert set(defs["nod: perspektiv"]["properties"]) == set(CONTEXT_KEYS["nod"]) | {levels[1]}
    assert set(defs["nod: mål"]["properties"]) == set(CONTEXT_KEYS["nod"]) | {"indikatorer"}


def test_every_key_has_a_swedish_description_and_an_example_that_validates(schema):
    checked = 0
    for path, node in _subschemas(schema):
        if not path.endswith("/properties") or "/then/" in path or "/else/" in path or "/if/" in path:
            continue
        for key, sub in node.items():
            if sub is True or set(sub) <= {"type", "required"}:  # a branch's own restatement
                continue
            assert sub.get("description"), f"{path}/{key}"
            assert sub.get("examples"), f"{path}/{key}"
            check = jsonschema.Draft202012Validator({**sub, "$defs": schema["$defs"]})
            for example in sub["examples"]:
                assert not list(check.iter_errors(example)), f"{path}/{key}: {example!r}"
            checked += 1
    assert checked > 60


def test_unknown_keys_are_refused_where_the_loader_refuses_them(schema):
    objects = [node for path, node in _subschemas(schema) if node.get("type") == "object" and "properties" in node
               and path and not path.startswith(("/then", "/else"))]
    assert all("additionalProperties" in node for node in objects)
    # The top level: closed without `hierarki`, open to lists of nodes with it.
    assert schema["else"]["additionalProperties"] is False and schema["if"] == {"required": ["hierarki"]}
    open_ones = {path for path, node in _subschemas(schema)
                 if "object" in (node.get("type") if isinstance(node.get("type"), list) else [node.get("type")])
                 and node.get("additionalProperties", False) is not False}
    # Free keys: the lists of a scorecard's own levels, groupings, comparisons, and periods of `delårsmål`.
    assert open_ones == {"/$defs/egen nod", "/properties/grupper", "/properties/jämförelser",
                         "/$defs/indikator/properties/delårsmål/anyOf/0/anyOf/1"}, open_ones


# --- the files validate -----------------------------------------------------------------------------

@pytest.mark.parametrize("path", RULE_FILES, ids=lambda path: path.name)
def test_every_rule_file_in_the_repository_validates(validator, path):
    assert len(RULE_FILES) >= 2
    assert errors(validator, path.read_text(encoding="utf-8")) == []


def test_every_complete_rule_file_in_the_documentation_validates(validator):
    examples = doc_rule_files()
    assert len(examples) >= 8
    for name, body in examples:
        assert errors(validator, body) == [], name


BROKEN = {
    "okänd nyckel i indikatorn": ("riktning: lägre är bättre", "riktnig: lägre är bättre"),
    "okänd nyckel på översta nivån": ("styrkort: Test\n", "styrkort: Test\nstatusskalla: [a, b]\n"),
    "fel formatversion": ("malmotor: 1", "malmotor: 2"),
    "mål som inte känns igen": ("mål: 3 %", "mål: Rutin ska tas fram"),
    "nekande mål": ("mål: 3 %", "mål: Ej infört"),
    "styrkort saknas": ("styrkort: Test\n", ""),
    "tom lista": ("indikatorer:\n", "indikatorer: []\nx:\n"),
    "fel riktning": ("riktning: lägre är bättre", "riktning: nedåt"),
    "ja/nej som text": ("namn: Sjukfrånvaro", "namn: true"),
    "decimaler": ("mål: 3 %", "mål: 3 %\n                decimaler: 7"),
    "indikatorer utan hierarki": ("perspektiv:", "indikatorer: []\nperspektiv:"),
    "okänd sammanvägning": ("styrkort: Test\n", "styrkort: Test\nsammanvägning: medel\n"),
    "andel utan gränser": ("styrkort: Test\n", "styrkort: Test\nsammanvägning: {metod: andel}\n"),
}
GOOD = """\
malmotor: 1
styrkort: Test
perspektiv:
  - namn: Medarbetare
    strategiska mål:
      - namn: Attraktiv arbetsgivare
        mål:
          - namn: Friska medarbetare
            indikatorer:
              - id: sjukfranvaro
                namn: Sjukfrånvaro
                enhet: "%"
                riktning: lägre är bättre
                mål: 3 %
"""


def test_the_good_file_validates(validator):
    assert errors(validator, GOOD) == []


@pytest.mark.parametrize("name", BROKEN)
def test_a_broken_file_fails_validation(validator, name):
    old, new = BROKEN[name]
    assert old in GOOD
    assert errors(validator, GOOD.replace(old, new, 1)), name


def test_with_hierarki_the_files_own_list_keys_are_accepted_and_their_nodes_checked(validator):
    own = """\
malmotor: 1
styrkort: Vårgårda kommun 2020
hierarki: [målområde, delmål]
målområde:
  - namn: Livslångt lärande
    delmål:
      - namn: Fler elever klarar skolan
        indikatorer:
          - id: behorighet
            namn: Andel elever behöriga till gymnasiet
            mål: minst 85 %
"""
    assert errors(validator, own) == []
    assert errors(validator, own.replace("mål: minst 85 %", "mål: minst 85 %\n            riktnig: x"))
    assert errors(validator, own.replace("målområde:\n", "målområde: Livslångt lärande\nx:\n", 1))
    assert errors(validator, own.replace("hierarki: [målområde, delmål]\n", ""))  # then målområde is unknown


# --- target phrases ---------------------------------------------------------------------------------

def _accepted_by_schema(phrase: str) -> bool:
    return any(re.search(target_pattern(form), phrase) for form in TARGET_FORMS)


def _accepted_by_parser(phrase: str) -> bool:
    try:
        parse_target(phrase, DEFAULT_STATUS_SCALE, series=SERIES)
    except PhraseError:
        return False
    return True


REFUSED = ("Rutin ska tas fram", "Ej infört", "Inte genomförd", "Bli bäst i länet", "God ekonomisk hushållning",
           "i snitt minst 2 %", "")


def _documented_phrases() -> list[str]:
    doc = (ROOT / "docs" / "rule-format.md").read_text(encoding="utf-8")
    return [phrase for table in tables(doc, "Målfras") for row in table for phrase in backticked(row[0])]


def test_the_schema_and_the_parser_agree_on_every_documented_phrase_and_some_refused_ones():
    phrases = _documented_phrases()
    assert len(phrases) > 90
    for phrase in [*phrases, *REFUSED, *(p.upper() for p in phrases), *(f"  {p}. " for p in phrases)]:
        assert _accepted_by_schema(phrase) == _accepted_by_parser(phrase), repr(phrase)
    for form in TARGET_FORMS:
        for example in form.examples:
            assert re.search(target_pattern(form), example), (form.name, example)


def test_a_number_is_a_target_too(validator):
    assert errors(validator, GOOD.replace("mål: 3 %", "mål: 3")) == []


@pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed")
def test_the_patterns_mean_the_same_in_an_editor(schema):
    """Editors compile patterns as ECMAScript regular expressions with the `u` flag: every pattern must
    compile there, and the target patterns must accept the same phrases as in Python."""
    patterns = sorted({node["pattern"] for _, node in _subschemas(schema) if isinstance(node.get("pattern"), str)})
    phrases = [*_documented_phrases(), *REFUSED]
    script = """
const [patterns, targets, phrases] = JSON.parse(require('fs').readFileSync(0, 'utf8'));
patterns.forEach(p => new RegExp(p, 'u'));
console.log(JSON.stringify(phrases.map(s => targets.some(p => new RegExp(p, 'u').test(s)))));
"""
    targets = [target_pattern(form) for form in TARGET_FORMS]
    answer = subprocess.run(["node", "-e", script], input=json.dumps([patterns, targets, phrases]), text=True,
                            capture_output=True, check=True, timeout=60)
    assert json.loads(answer.stdout) == [_accepted_by_schema(phrase) for phrase in phrases]
