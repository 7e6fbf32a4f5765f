"""`malmotor test`: rule-file unit tests in YAML (malmotor/ruletests, docs/rule-tests.md)."""

from __future__ import annotations

import re
import shutil
import textwrap
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from click.testing import CliRunner

from malmotor.cli import main
from malmotor.diagnostics import ExitCode
from malmotor.ruletests import load_rule_tests, possible_levels, possible_trends, run_rule_tests
from malmotor.model import Level, Trend

from .conftest import ROOT, rule_file

SHIPPED = ROOT / "rules" / "lansteknik-2018.test.yaml"
DOC = ROOT / "docs" / "rule-tests.md"

RULES = rule_file("""
    - id: sjukfranvaro
      namn: Sjukfrånvaro
      enhet: "%"
      riktning: lägre är bättre
      mål: 3 %
      delvis: högst 4 %
    - id: jamix
      namn: JÄMIX
      enhet: p
      mål: Öka
""")

TESTS = """\
regelfil: regler.yaml
fall:
  - namn: Sjukfrånvaron når målet
    period: 2018
    mätvärden:
      2017: {sjukfranvaro: "3,4 %", jamix: 130}
      2018: {sjukfranvaro: "2,9 %", jamix: 136}
    förväntat:
      sjukfranvaro: {nivå: uppfyllt, pil: förbättring, förklaring innehåller: ["2,9 %"]}
      jamix: {nivå: uppfyllt, pil: förbättring}
  - namn: Sjukfrånvaron delvis
    period: 2018
    mätvärden:
      2017: {sjukfranvaro: "3,4 %"}
      2018: {sjukfranvaro: "3,5 %"}
    förväntat:
      sjukfranvaro:
        nivå: uppfyllt
        pil: försämring
        förklaring innehåller: [inom målet]
"""


@pytest.fixture
def run(monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)

    def _run(*args: str):
        return CliRunner().invoke(main, ["test", *args], catch_exceptions=False)

    return _run


@pytest.fixture
def files(tmp_path):
    def _files(tests: str = TESTS, rules: str = RULES, name: str = "regler.test.yaml") -> str:
        (tmp_path / "regler.yaml").write_text(rules, encoding="utf-8")
        (tmp_path / name).write_text(textwrap.dedent(tests), encoding="utf-8")
        return name

    return _files


# --- the shipped tests ----------------------------------------------------------------------------

def test_the_shipped_tests_pass_and_reach_every_level_and_arrow(monkeypatch):
    monkeypatch.chdir(ROOT)
    result = CliRunner().invoke(main, ["test", "rules/lansteknik-2018.test.yaml", "--coverage"])
    assert result.exit_code == 0, result.output
    assert result.stdout == ("Täckning för rules/lansteknik-2018.yaml: full; varje nivå och pil som målen kan ge nås "
                             "(22 indikatorer).\n6 fall, 6 godkända, 0 underkända\n")


def test_without_arguments_the_bundled_tests_run(monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["test"])
    assert (result.exit_code, result.stdout) == (0, "6 fall, 6 godkända, 0 underkända\n")


def test_the_shipped_tests_are_package_data():
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert '"malmotor.example.rules" = ["*.yaml"]' in text and '"malmotor.ruletests"' in text


# --- passing and failing cases --------------------------------------------------------------------

def test_a_failing_case_shows_only_the_fields_that_differ_with_its_line(run, files):
    result = run(files())
    assert result.exit_code == ExitCode.RULE_TESTS_FAILED == 4
    assert result.stdout == (
        "regler.test.yaml:11: underkänt: Sjukfrånvaron delvis\n"
        "    sjukfranvaro: nivå: väntat 'uppfyllt', fick 'delvis uppfyllt'\n"
        "    sjukfranvaro: förklaring: väntat 'inom målet' i texten, fick 'Sjukfrånvaro: 3,5 % är över målet högst "
        "3 % men är inom gränsen för delvis uppfyllt, 4 % (delvis uppfyllt). Försämring från 3,4 % 2017; lägre är bättre.'\n"
        "2 fall, 1 godkänt, 1 underkänt\n")


def test_all_passing_prints_the_summary_only_and_exits_0(run, files):
    result = run(files(TESTS.replace("nivå: uppfyllt\n        pil: försämring\n        förklaring innehåller: "
                                     "[inom målet]", "nivå: delvis uppfyllt\n        pil: försämring")))
    assert (result.exit_code, result.stdout) == (0, "2 fall, 2 godkända, 0 underkända\n")


def test_run_selects_cases_by_substring_or_glob(run, files):
    name = files()
    assert run(name, "--run", "når").stdout == "1 fall, 1 godkänt, 0 underkända\n"
    assert run(name, "--run", "*DELVIS").exit_code == 4
    assert run(name, "--run", "sjuk*").stdout.endswith("2 fall, 1 godkänt, 1 underkänt\n")
    nothing = run(name, "--run", "finns inte")
    assert nothing.exit_code == 2 and "Inget fall matchar --run 'finns inte'." in nothing.stderr


def test_junit_xml_has_a_suite_per_file_and_a_case_per_case(run, files, tmp_path):
    result = run(files(), "--junit", "resultat.xml")
    assert result.exit_code == 4
    root = ET.parse(tmp_path / "resultat.xml").getroot()
    assert (root.tag, root.get("tests"), root.get("failures")) == ("testsuites", "2", "1")
    [suite] = root.findall("testsuite")
    assert (suite.get("name"), suite.get("tests"), suite.get("failures")) == ("regler.test.yaml", "2", "1")
    passed, failed = suite.findall("testcase")
    assert (passed.get("name"), passed.get("line"), passed.find("failure")) == ("Sjukfrånvaron når målet", "3", None)
    assert (failed.get("name"), failed.get("file"), failed.get("line")) == ("Sjukfrånvaron delvis",
                                                                             "regler.test.yaml", "11")
    message = failed.find("failure").get("message")
    assert message.startswith("sjukfranvaro: nivå: väntat 'uppfyllt', fick 'delvis uppfyllt'; sjukfranvaro: förklaring")
    again = run("regler.test.yaml", "--junit", "igen.xml")
    assert again.exit_code == 4
    assert (tmp_path / "igen.xml").read_text(encoding="utf-8") == (tmp_path / "resultat.xml").read_text(encoding="utf-8")


def test_junit_never_over_an_input(run, files, tmp_path):
    result = run(files(), "--junit", "regler.yaml")  # a mistake on the command line, as for evaluate --output
    assert result.exit_code == 2 and result.stderr.startswith("regler.yaml: fel: ")
    assert (tmp_path / "regler.yaml").read_text(encoding="utf-8") == RULES


def test_coverage_lists_what_no_case_reaches(run, files):
    result = run(files(), "--coverage", "--run", "når")
    assert result.stdout == (
        "Täckning för regler.yaml: 2 av 2 indikatorer når inte allt som målet kan ge:\n"
        "    sjukfranvaro: nivå delvis uppfyllt, ej uppfyllt, ej bedömt; pil oförändrat, försämring, ingen pil\n"
        "    jamix: nivå ej uppfyllt, ej bedömt; pil oförändrat, försämring, ingen pil\n"
        "1 fall, 1 godkänt, 0 underkända\n")


def test_what_a_target_can_give_comes_from_the_model():
    scorecard = load_rule_tests([SHIPPED])[0].scorecard
    indicators = scorecard.indicators()
    everything = (Level.FULFILLED, Level.PARTLY, Level.NOT_FULFILLED, Level.NOT_ASSESSED)
    without_partly = (Level.FULFILLED, Level.NOT_FULFILLED, Level.NOT_ASSESSED)
    assert possible_levels(indicators["internkommunikation"], scorecard) == everything  # 80 % with delvis
    assert possible_levels(indicators["sjukfranvaro"], scorecard) == without_partly  # 3 % without delvis
    assert possible_levels(indicators["jamix"], scorecard) == without_partly  # Öka
    assert possible_levels(indicators["styrmodell"], scorecard) == everything  # a milestone
    assert possible_levels(indicators["it-sakerhetsincidenter"], scorecard) == without_partly  # a capability
    assert possible_levels(indicators["personalomsattning"], scorecard) == (Level.NOT_ASSESSED,)
    assert possible_trends(indicators["personalomsattning"]) == (None,)
    assert possible_trends(indicators["jamix"]) == (Trend.IMPROVED, Trend.UNCHANGED, Trend.WORSENED, None)


def test_the_library_runs_the_same_cases():
    outcome = run_rule_tests(load_rule_tests([SHIPPED]), pattern="sämre")
    assert [result.case.name for result in outcome.cases] == ["Allt sämre och ej uppfyllt"]
    assert not outcome.failed


# --- broken test files: exit 1, at their line -------------------------------------------------------

BROKEN = [
    ("nivå: uppfyllt, pil: förbättring, förklaring", "niva: uppfyllt, pil: förbättring, förklaring",
     "regler.test.yaml:9: fel: Okänd nyckel 'niva' i 'sjukfranvaro'.\n"
     "    Menade du 'nivå'? Tillåtna nycklar här: nivå, beräknad nivå, pil, förklaring innehåller.\n"),
    ("      jamix: {nivå: uppfyllt", "      jamixx: {nivå: uppfyllt",
     "regler.test.yaml:10: fel: 'jamixx' är varken en indikator eller ett mål, perspektiv eller liknande i "
     "regelfilen.\n    Menade du 'jamix'? Skriv id:t som det står i regelfilen; mål och perspektiv utan eget id "
     "har id:t som 'malmotor evaluate --format json' visar under 'nodes'.\n"),
    ("{nivå: uppfyllt, pil: förbättring}", "{nivå: uppfylt, pil: förbättring}",
     "regler.test.yaml:10: fel: 'nivå: uppfylt' är ingen nivå i teckenförklaringen.\n"
     "    Menade du 'uppfyllt'? Nivåerna är: uppfyllt, delvis uppfyllt, ej uppfyllt, ej bedömt.\n"),
    ("{nivå: uppfyllt, pil: förbättring}", "{nivå: uppfyllt, pil: förbätring}",
     "regler.test.yaml:10: fel: 'pil: förbätring' är ingen pil i teckenförklaringen.\n"
     "    Menade du 'förbättring'? Pilarna är: förbättring, oförändrat, försämring, ökat, minskat, ingen pil.\n"),
    ("{nivå: uppfyllt, pil: förbättring}", "{nivå: delvis uppfyllt, pil: förbättring}",
     "regler.test.yaml:10: fel: 'jamix' kan inte bli delvis uppfyllt: målet 'Öka' ger bara uppfyllt, ej uppfyllt "
     "eller ej bedömt.\n"),
    ("2018: {sjukfranvaro: \"2,9 %\", jamix: 136}", "2018: {sjukfranvaro: \"2,9 %\", jamx: 136}",
     "regler.test.yaml:7: fel: Indikatorn 'jamx' finns inte i regelfilen.\n"
     "    Menade du 'jamix'? Skriv id:t som det står i regelfilen.\n"),
    ("regelfil: regler.yaml", "regelfil: regel.yaml",
     "regler.test.yaml:1: fel: Regelfilen 'regel.yaml' kan inte läsas: "),
    ("    period: 2018\n    mätvärden:\n      2017: {sjukfranvaro: \"3,4 %\", jamix",
     "    period: 2019\n    mätvärden:\n      2017: {sjukfranvaro: \"3,4 %\", jamix",
     "regler.test.yaml:4: fel: Fallet bedömer 2019, men har inga mätvärden för den perioden.\n"
     "    Perioderna i 'mätvärden' är: 2017, 2018.\n"),
    ("2018: {sjukfranvaro: \"2,9 %\"", "2018: {sjukfranvaro: \"2,9 kr\"", "regler.test.yaml:7: fel: "),
]


@pytest.mark.parametrize("old, new, expected", BROKEN, ids=[
    "okänd-nyckel", "okänt-id", "okänd-nivå", "okänd-pil", "omöjlig-nivå", "okänd-indikator", "regelfil-saknas",
    "period-saknas", "fel-enhet"])
def test_a_broken_test_file_is_an_error_at_its_line_not_a_failed_case(run, files, old, new, expected):
    assert old in TESTS
    result = run(files(TESTS.replace(old, new, 1)))
    assert result.exit_code == 1, result.output
    assert result.stdout == "" and "Traceback" not in result.output
    assert result.stderr.startswith(expected), result.stderr


def test_every_problem_of_a_file_is_reported_at_once(run, files):
    broken = TESTS.replace("niva", "x").replace("nivå: uppfyllt, pil: förbättring, förklaring",
                                                "niva: uppfyllt, pil: förbättring, förklaring", 1)
    broken = broken.replace("{nivå: uppfyllt, pil: förbättring}", "{nivå: uppfylt, pil: förbättring}")
    result = run(files(broken))
    assert result.exit_code == 1
    assert [line.split(": fel:")[0] for line in result.stderr.splitlines() if ": fel:" in line] == \
        ["regler.test.yaml:9", "regler.test.yaml:10"]


def test_a_case_without_expectations_or_a_name_is_refused(run, files):
    result = run(files("regelfil: regler.yaml\nfall:\n  - period: 2018\n    mätvärden: {2018: {jamix: 1}}\n"))
    assert result.exit_code == 1
    assert "regler.test.yaml:3: fel: Nyckeln 'namn' saknas i ett fall." in result.stderr
    assert "regler.test.yaml:3: fel: Nyckeln 'förväntat' saknas i fallet." in result.stderr


def test_a_rule_file_given_as_the_test_file_is_named_so(run, files):
    files()
    result = run("regler.yaml")
    assert result.exit_code == 1
    assert result.stderr.startswith("regler.yaml:1: fel: Det här ser ut som en regelfil, inte en testfil.")


# --- the documentation ------------------------------------------------------------------------------

def test_the_documented_example_prints_what_the_document_says(tmp_path, monkeypatch):
    text = DOC.read_text(encoding="utf-8")
    example = re.search(r"```yaml\n(# exempel: testfil\n.*?)```", text, re.S)[1]
    shown = re.search(r"skriver \(koden blir 4\):\n\n```text\n(.*?)```", text, re.S)[1]
    problem = re.search(r"<!-- testfilsfel: .*? -->\n```text\n(.*?)```", text, re.S)[1]
    (tmp_path / "rules").mkdir()
    shutil.copy(ROOT / "rules" / "lansteknik-2018.yaml", tmp_path / "rules")
    (tmp_path / "rules" / "sjukfranvaro.test.yaml").write_text(example, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["test", "rules/sjukfranvaro.test.yaml"])
    assert (result.exit_code, result.stdout) == (4, shown)
    (tmp_path / "rules" / "sjukfranvaro.test.yaml").write_text(example.replace("nivå:", "niva:", 1), encoding="utf-8")
    result = CliRunner().invoke(main, ["test", "rules/sjukfranvaro.test.yaml"])
    assert (result.exit_code, result.stderr) == (1, problem)
    coverage = re.search(r"När allt nås:\n\n```text\n(.*?)```", text, re.S)[1]
    monkeypatch.chdir(ROOT)
    assert CliRunner().invoke(main, ["test", str(SHIPPED.relative_to(ROOT)), "--coverage"]).stdout.startswith(coverage)


def test_the_documented_keys_are_the_loaders():
    from malmotor.ruletests.load import CASE_KEYS, ROW_KEYS, TOP_KEYS

    text = DOC.read_text(encoding="utf-8")
    for key in TOP_KEYS + CASE_KEYS + ROW_KEYS:
        assert f"| `{key}` |" in text, key
