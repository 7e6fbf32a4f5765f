"""Manual assessments (bedömningar): the documented example, the bundled one, roll-up on decided levels through
both engines, stale decisions, `kräv analys` with --strict, and every mistake at its line."""

from __future__ import annotations

import csv
import io
import json

import pytest
from click.testing import CliRunner

import malmotor
from malmotor import AssessmentsError, Level
from malmotor.cli.main import main
from malmotor.report.render import render

from .conftest import ROOT, SEED_MEASURES, SEED_RULES, rule_file
from .test_docs import the_block

DOC = ROOT / "docs" / "assessments-format.md"
ENGINES = ["durable", "reference"]


@pytest.fixture(scope="module")
def seed():
    scorecard = malmotor.load_scorecard(SEED_RULES)
    return scorecard, malmotor.load_measures(SEED_MEASURES)


def _assessments(write, scorecard, text: str):
    return malmotor.load_assessments([write("bedomningar.yaml", text)], scorecard)


def _problems(write, scorecard, text: str) -> list:
    with pytest.raises(AssessmentsError) as caught:
        _assessments(write, scorecard, text)
    return caught.value.diagnostics


def _entry(**fields) -> str:
    base = {"id": "it-sakerhetsincidenter", "period": "2018", "nivå": "ej uppfyllt", "motivering": "Kan inte mätas.",
            "bedömd av": "Controller", "datum": "2019-02-15"}
    base.update(fields)
    lines = [f"{key}: {value}" for key, value in base.items() if value is not None]
    return "bedömningar:\n  - " + "\n    ".join(lines) + "\n"


# --- the documented example ----------------------------------------------------------------------

@pytest.fixture
def documented(seed, write):
    scorecard, measures = seed
    text = the_block(DOC.read_text(encoding="utf-8"), "yaml", "# exempel: bedömningar")
    return malmotor.evaluate(scorecard, measures, period=2018, assessments=_assessments(write, scorecard, text))


def test_the_documented_example_decides_a_perspective_and_keeps_the_computed_beside(documented):
    node = {node.id: node for node in documented.nodes}["verksamhet"]
    assert (node.level, node.level_text) == (Level.PARTLY, "delvis uppfyllt")
    assert (node.manual.decided, node.manual.computed_level, node.manual.decided_by) == (
        True, Level.FULFILLED, "Divisionsledningen Länsteknik")
    assert node.short_explanation.startswith("Bedömt delvis uppfyllt av Divisionsledningen Länsteknik 2019-02-15: "
                                             "Organisationsförändringen har skapat förutsättningar")
    assert node.short_explanation.endswith("Beräknat: Bedömda mål: 7 (uppfyllt 4, delvis uppfyllt 0, ej uppfyllt 3). "
                                           "Metod: majoritet → uppfyllt.")
    root = {node.id: node for node in documented.nodes}["styrkort"]
    assert root.level is Level.PARTLY and root.manual is None  # weighed by goals: the perspective is not counted


def test_an_analysis_leaves_the_computed_level_and_is_not_marked(documented):
    row = next(row for row in documented.indicators if row.id == "sjukfranvaro" and row.group == "män")
    assert (row.level, row.manual.decided) == (Level.NOT_FULFILLED, False)
    assert row.short_explanation.endswith("Analys av HR-controller 2019-02-20: Männens sjukfrånvaro (4,47 %) driver "
                                          "ökningen; korttidsfrånvaron har ökat.")
    assert "▲*" not in render(documented, "table").split("↳ män")[2].split("\n")[0]


def test_every_format_marks_a_decided_level(documented):
    table = render(documented, "table")
    assert "| ▲*" in table and "| ●*" in table and "*  manuell bedömning" not in table
    assert "* manuell bedömning" in table
    markdown = render(documented, "markdown")
    assert "▲\\*" in markdown and "\\* manuell bedömning" in markdown
    rows = list(csv.reader(io.StringIO(render(documented, "csv")), delimiter=";"))
    head = rows[0]
    marked = {row[0]: dict(zip(head, row)) for row in rows[1:] if row[head.index("bedömning")]}
    assert marked["it-sakerhetsincidenter"]["bedömning"] == "manuell bedömning"
    assert marked["verksamhet"]["beräknad måluppfyllelse"] == "uppfyllt"
    assert marked["sjukfranvaro"]["bedömning"] == "analys"
    assert marked["it-sakerhetsincidenter"]["datum"] == "2019-02-15"
    data = json.loads(render(documented, "json"))
    manual = next(row["manual"] for row in data["indicators"] if row["id"] == "it-sakerhetsincidenter")
    assert manual["decided_on"] == "2019-02-15" and manual["computed_level"] == "ej_uppfyllt"


def test_english(seed, write):
    scorecard, measures = seed
    text = the_block(DOC.read_text(encoding="utf-8"), "yaml", "# exempel: bedömningar")
    result = malmotor.evaluate(scorecard, measures, period=2018, lang="en",
                               assessments=_assessments(write, scorecard, text))
    row = result.by_id()["it-sakerhetsincidenter"]
    assert row.short_explanation.startswith("Assessed not fulfilled by Divisionsledningen Länsteknik on 2019-02-15: ")
    assert "Computed: " in row.short_explanation
    assert "* manual assessment" in render(result, "table")


def test_the_bundled_example_has_the_report_s_own_reasoning(monkeypatch):
    monkeypatch.chdir(ROOT)
    result = CliRunner().invoke(main, ["evaluate", "--format", "json"], catch_exceptions=False)
    data = json.loads(result.stdout)
    row = next(row for row in data["indicators"] if row["id"] == "it-sakerhetsincidenter")
    assert row["manual"]["decided"] and row["manual"]["stale"] == []
    assert "därav är målet inte uppfyllt" in row["manual"]["motivation"]
    assert malmotor.example_assessments_paths()[0].name == "lansteknik-2018.yaml"


def test_an_assessment_reads_back_from_json(seed, write):
    scorecard, measures = seed
    decisions = _assessments(write, scorecard, _entry(nivå="delvis uppfyllt"))
    assessment = malmotor.assess(scorecard, measures, 2018, assessments=decisions)
    again = malmotor.Assessment.from_json(assessment.to_json())
    assert again == assessment
    assert malmotor.present(again).to_json() == malmotor.present(assessment).to_json()


# --- roll-up on decided levels -------------------------------------------------------------------

TWO = rule_file("""
    - {id: a, namn: A, enhet: "%", mål: minst 80 %}
    - {id: b, namn: B, enhet: "%", mål: minst 80 %}
""").replace("styrkort: Test\n", "styrkort: Test\nsammanvägning: alla\n")


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("decision, goal", [(None, Level.PARTLY), ("uppfyllt", Level.FULFILLED),
                                            ("ej bedömt", Level.FULFILLED), ("ej uppfyllt", Level.NOT_FULFILLED)])
def test_the_roll_up_counts_the_decided_level(write, engine, decision, goal):
    scorecard = malmotor.load_scorecard(write("regler.yaml", TWO))
    measures = malmotor.load_measures(write("v.yaml", "period: 2019\nvärden:\n  a: 90 %\n  b: 50 %\n"))
    decisions = None
    if decision:
        text = _entry(id="b" if decision != "ej uppfyllt" else "a", period="2019", nivå=decision)
        decisions = _assessments(write, scorecard, text)
    result = malmotor.evaluate(scorecard, measures, period=2019, engine=engine, assessments=decisions)
    nodes = {node.id: node for node in result.nodes}
    assert nodes["god-arbetsmiljo"].level is goal
    if decision == "ej bedömt":
        assert result.by_id()["b"].level_reason is malmotor.Reason.MANUAL


def test_a_decided_node_is_what_its_parent_counts(write):
    scorecard = malmotor.load_scorecard(write("regler.yaml", TWO))
    measures = malmotor.load_measures(write("v.yaml", "period: 2019\nvärden:\n  a: 90 %\n  b: 50 %\n"))
    decisions = _assessments(write, scorecard, _entry(id="god-arbetsmiljo", period="2019", nivå="uppfyllt"))
    nodes = {node.id: node for node in malmotor.evaluate(scorecard, measures, period=2019,
                                                         assessments=decisions).nodes}
    assert nodes["god-arbetsmiljo"].level is Level.FULFILLED
    assert nodes["attraktiv-arbetsgivare"].level is Level.FULFILLED
    assert nodes["attraktiv-arbetsgivare"].counted[0].level is Level.FULFILLED


def test_other_periods_are_kept_but_not_applied(seed, write):
    scorecard, measures = seed
    decisions = _assessments(write, scorecard, _entry(period="2017", nivå="uppfyllt"))
    row = malmotor.evaluate(scorecard, measures, period=2018, assessments=decisions).by_id()["it-sakerhetsincidenter"]
    assert row.manual is None and row.level is Level.NOT_FULFILLED


# --- stale decisions -----------------------------------------------------------------------------

@pytest.mark.parametrize("fields, stale", [
    ({"beräknat": "ej uppfyllt", "värde": "nej"}, ()),
    ({"beräknat": "delvis uppfyllt"}, ("nivå",)),
    ({"värde": "ja"}, ("värde",)),
    ({"beräknat": "uppfyllt", "värde": "ja"}, ("nivå", "värde")),
])
def test_a_decision_made_on_other_figures_is_flagged(seed, write, fields, stale):
    scorecard, measures = seed
    decisions = _assessments(write, scorecard, _entry(**fields))
    result = malmotor.evaluate(scorecard, measures, period=2018, assessments=decisions)
    row = result.by_id()["it-sakerhetsincidenter"]
    assert row.manual.stale == stale
    warned = [w for w in result.warnings if w.code == "inaktuell-bedömning"]
    assert len(warned) == (1 if stale else 0)
    if stale:
        assert "kan vara inaktuell" in row.short_explanation and warned[0].line == 2


def test_a_number_is_compared_as_a_number(seed, write):
    scorecard, measures = seed
    decisions = _assessments(write, scorecard, _entry(id="sjukfranvaro", nivå=None, värde="3,80 %"))
    row = malmotor.evaluate(scorecard, measures, period=2018, assessments=decisions).by_id()["sjukfranvaro"]
    assert row.manual.stale == ()


# --- kräv analys and --strict --------------------------------------------------------------------

def test_every_red_row_without_an_analysis_is_warned_about(write):
    rules = write("regler.yaml", TWO.replace("sammanvägning: alla\n", "kräv analys: ej uppfyllt\n"))
    values = write("v.yaml", "period: 2019\nvärden:\n  a: 90 %\n  b: 50 %\n")
    scorecard = malmotor.load_scorecard(rules)
    assert scorecard.analysis_required == (Level.NOT_FULFILLED,)
    result = malmotor.evaluate(scorecard, malmotor.load_measures(values), period=2019)
    (missing,) = [w for w in result.warnings if w.code == "analys-saknas"]
    assert "'B' (b) är ej uppfyllt 2019 men har ingen skriven analys" in missing.message
    analysis = _assessments(write, scorecard, _entry(id="b", period="2019", nivå=None))
    result = malmotor.evaluate(scorecard, malmotor.load_measures(values), period=2019, assessments=analysis)
    assert not [w for w in result.warnings if w.code == "analys-saknas"]


def test_strict_turns_the_warning_into_an_error_and_writes_nothing(write, tmp_path):
    rules = write("regler.yaml", TWO.replace("sammanvägning: alla\n", "kräv analys: [ej uppfyllt, delvis uppfyllt]\n"))
    values = write("v.yaml", "period: 2019\nvärden:\n  a: 90 %\n  b: 50 %\n")
    out = tmp_path / "resultat.csv"
    loose = CliRunner().invoke(main, ["evaluate", str(rules), str(values), "-o", str(out)])
    assert loose.exit_code == 0 and out.exists() and "varning: 'B' (b) är ej uppfyllt" in loose.stderr
    out.unlink()
    strict = CliRunner().invoke(main, ["evaluate", str(rules), str(values), "-o", str(out), "--strict"])
    assert strict.exit_code == 5 and not out.exists()
    assert "fel: 'B' (b) är ej uppfyllt 2019" in strict.stderr and "--strict" in strict.stderr
    assert "Traceback" not in strict.output


@pytest.mark.parametrize("written", ["rött", "[ej uppfyllt, grönt]"])
def test_kräv_analys_names_levels(write, written):
    rules = write("regler.yaml", TWO.replace("sammanvägning: alla\n", f"kräv analys: {written}\n"))
    with pytest.raises(malmotor.RuleFileError) as caught:
        malmotor.load_scorecard(rules)
    assert caught.value.diagnostics[0].code == "fel-kräv-analys"


# --- mistakes ------------------------------------------------------------------------------------

@pytest.mark.parametrize("fields, code, fragment", [
    ({"id": "it-sakerhetsincident"}, "okänt-id", "Menade du 'it-sakerhetsincidenter'?"),
    ({"nivå": "grönt"}, "okänd-nivå", "Nivåerna är: uppfyllt, delvis uppfyllt, ej uppfyllt, ej bedömt."),
    ({"beräknat": "bra"}, "okänd-nivå", "'beräknat: bra'"),
    ({"motivering": '""'}, "tom-motivering", "'motivering' är tom"),
    ({"motivering": None}, "nyckel-saknas", "'motivering' saknas"),
    ({"bedömd av": "' '"}, "tom-motivering", "'bedömd av' är tom"),
    ({"datum": "15 februari 2019"}, "fel-datum", "år-månad-dag"),
    ({"period": "2018x"}, "okänd-period", ""),
    ({"grupp": "kvinor"}, "okänd-grupp", "Menade du 'kvinnor'?"),
    ({"gruppering": "ålder", "grupp": "unga"}, "okänd-grupp", "Grupperingen 'ålder' finns inte"),
    ({"id": "verksamhet", "grupp": "kvinnor"}, "okänd-grupp", "Bara en indikator har grupper"),
    ({"motiv": "x"}, "okänd-nyckel", "Menade du 'motivering'?"),
])
def test_a_wrong_entry_is_refused_at_its_line(seed, write, fields, code, fragment):
    scorecard, _ = seed
    found = [problem for problem in _problems(write, scorecard, _entry(**fields)) if problem.code == code]
    assert found, code
    assert found[0].line is not None and 2 <= found[0].line <= 9
    assert fragment in found[0].message + " " + (found[0].hint or "")


def test_two_decisions_on_one_row_and_period_are_refused(seed, write):
    scorecard, _ = seed
    text = _entry() + _entry()[len("bedömningar:\n"):]
    (found,) = _problems(write, scorecard, text)
    assert (found.code, found.line) == ("dubbel-bedömning", 8) and "bedomningar.yaml:2" in found.message


@pytest.mark.parametrize("fields, code", [({"period": "2016"}, "okänd-period"),
                                          ({"enhet": "Nord"}, "okänd-enhet"),
                                          ({"id": "sjukfranvaro", "grupp": "VO Förvaltningsstyrning"}, "okänd-grupp")])
def test_what_the_measures_do_not_have_is_refused_when_assessing(seed, write, fields, code):
    scorecard, measures = seed
    decisions = _assessments(write, scorecard, _entry(**fields))
    with pytest.raises(AssessmentsError) as caught:
        malmotor.evaluate(scorecard, measures, period=2018, assessments=decisions)
    (found,) = caught.value.diagnostics
    assert (found.code, found.line) == (code, 2)


def test_with_several_units_the_unit_must_be_named(write):
    scorecard = malmotor.load_scorecard(write("regler.yaml", TWO))
    measures = malmotor.load_measures(write("v.csv", "indikator;enhet;period;värde\na;Nord;2019;90 %\n"
                                                     "b;Nord;2019;50 %\na;Syd;2019;90 %\nb;Syd;2019;90 %\n"))
    with pytest.raises(AssessmentsError) as caught:
        malmotor.evaluate(scorecard, measures, period=2019,
                          assessments=_assessments(write, scorecard, _entry(id="b", period="2019")))
    assert caught.value.diagnostics[0].code == "okänd-enhet"
    decided = _assessments(write, scorecard, _entry(id="b", period="2019", enhet="nord", nivå="uppfyllt"))
    result = malmotor.evaluate(scorecard, measures, period=2019, assessments=decided)
    levels = {(row.id, row.org_unit): row.level for row in result.indicators}
    assert levels[("b", "Nord")] is Level.FULFILLED and result.rows_for("b", "Nord")[0].manual.decided


def test_a_file_that_is_not_a_list_of_assessments(seed, write):
    scorecard, _ = seed
    found = _problems(write, scorecard, "- id: x\n")
    assert found[0].code == "fel-form"


def test_the_command_line_reports_an_assessments_file_error_with_file_and_line(write, monkeypatch):
    monkeypatch.chdir(ROOT)
    path = write("b.yaml", _entry(nivå="grönt"))
    result = CliRunner().invoke(main, ["evaluate", str(SEED_RULES), *map(str, SEED_MEASURES), "--bedömningar",
                                       str(path)])
    assert result.exit_code == 1
    assert f"{path}:4:" in result.stderr and "'nivå: grönt' är ingen nivå" in result.stderr
    assert "Traceback" not in result.output


# --- the documentation ---------------------------------------------------------------------------

def test_the_documented_keys_and_codes_are_the_loader_s():
    from malmotor.load.assessments import ENTRY_KEYS, TOP_KEYS
    from .test_docs import first_column
    text = DOC.read_text(encoding="utf-8")
    assert set(first_column(text, "Nyckel")) == set(ENTRY_KEYS)
    assert "`bedömningar`" in text and TOP_KEYS == ("bedömningar",)
    sources = "".join(path.read_text(encoding="utf-8") for path in (ROOT / "malmotor").rglob("*.py"))
    for code in first_column(text, "Kod"):
        assert f'code="{code}"' in sources, code
