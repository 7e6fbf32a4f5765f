"""The second bundled example: one rule file, three units, followed through T1–T3 and a delår."""

from __future__ import annotations

import pytest

import malmotor
from malmotor.load.examples import example_measures_paths, example_rules_path
from malmotor.model import Level, Period, Reason, Trend

UNITS = ("Barn och utbildning", "Socialförvaltningen", "Samhällsbyggnad")
FOLLOW_UP = ("T1 2019", "T2 2019", "T3 2019", "delår augusti 2019")


@pytest.fixture(scope="module")
def kommun():
    scorecard = malmotor.load_scorecard(example_rules_path("kommun"))
    measures = malmotor.load_checked_measures(scorecard, example_measures_paths("kommun"))
    return scorecard, measures


@pytest.fixture(scope="module")
def assessments(kommun):
    scorecard, measures = kommun
    return {text: malmotor.assess(scorecard, measures, text) for text in FOLLOW_UP}


def test_the_example_is_marked_illustrative():
    assert "ILLUSTRATIVT" in example_rules_path("kommun").read_text(encoding="utf-8")
    for path in example_measures_paths("kommun"):
        rows = path.read_text(encoding="utf-8").splitlines()[1:]
        assert rows and all(row.endswith(";illustrativt värde") for row in rows), path


def test_every_period_is_judged_for_every_unit_without_warnings(assessments):
    for text, assessment in assessments.items():
        assert assessment.period == Period.parse(text) and assessment.warnings == ()
        units = [verdict.key.org_unit for verdict in assessment.verdicts]
        assert list(dict.fromkeys(units)) == list(UNITS)  # the rule file's order
        assert len(assessment.verdicts) == 3 * (5 + 2)  # five indicators and sick leave per gender


@pytest.mark.parametrize("judged, previous, last_year", [
    ("T1 2019", "T3 2018", "T1 2018"),
    ("T2 2019", "T1 2019", "T2 2018"),
    ("T3 2019", "T2 2019", "T3 2018"),
    ("delår augusti 2019", "delår augusti 2018", "delår augusti 2018"),
])
def test_arrows_compare_with_the_previous_tertial_or_the_same_period_last_year(assessments, judged, previous,
                                                                              last_year):
    for verdict in assessments[judged].verdicts:
        compared = verdict.inputs.trend_base.period.text
        if verdict.key.indicator in ("sjukfranvaro", "extern-personal"):  # jämför med: samma period föregående år
            assert compared == last_year, verdict.key
        else:
            assert compared == previous, verdict.key
        assert verdict.trend is not None, verdict.key  # every comparison value is in the example


def test_a_unit_followed_through_the_year(assessments):
    def handling_plan(text):
        verdict = next(v for v in assessments[text].verdicts
                       if v.key.indicator == "handlingsplan" and v.key.org_unit == "Barn och utbildning")
        return verdict.inputs.current.statuses[0], verdict.level, verdict.trend

    assert [handling_plan(text) for text in ("T1 2019", "T2 2019", "T3 2019")] == [
        ("påbörjad", Level.NOT_FULFILLED, Trend.UNCHANGED),  # T3 2018 was påbörjad too
        ("delvis genomförd", Level.PARTLY, Trend.IMPROVED),
        ("genomförd", Level.FULFILLED, Trend.IMPROVED)]


def test_group_rows_follow_their_indicator_with_their_own_verdicts(assessments):
    verdicts = [v for v in assessments["T2 2019"].verdicts if v.key.org_unit == "Socialförvaltningen"]
    assert [(v.key.indicator, v.key.group.name if v.key.group else None) for v in verdicts[:3]] == [
        ("sjukfranvaro", None), ("sjukfranvaro", "kvinnor"), ("sjukfranvaro", "män")]
    assert [v.level for v in verdicts[:3]] == [Level.PARTLY, Level.NOT_FULFILLED, Level.FULFILLED]
    assert all(v.level_reason is None for v in verdicts)


def test_one_unit_on_the_command_line(tmp_path):
    from click.testing import CliRunner

    from malmotor.cli import main

    args = ["evaluate", str(example_rules_path("kommun")), *map(str, example_measures_paths("kommun"))]
    result = CliRunner().invoke(main, [*args, "--period", "2019-T2", "--enhet", "samhällsbyggnad"])
    assert result.exit_code == 0, result.output
    assert "Exempelkommunen 2019, Samhällsbyggnad: prognos för måluppfyllelsen, T2 2019" in result.output
    assert "bedöms uppfyllas" in result.output  # under året: prognos
    assert "Socialförvaltningen" not in result.output
    wrong = CliRunner().invoke(main, [*args, "--enhet", "Kultur"])
    assert wrong.exit_code == 2  # a mistake on the command line
    assert "--enhet: fel: Enheten 'Kultur' finns inte i mätvärdena." in wrong.output
    assert "Barn och utbildning, Socialförvaltningen, Samhällsbyggnad" in wrong.output  # the rule file's order
    later = CliRunner().invoke(main, [*args, "--enhet", "Samhällsbyggnad", "--period", "T1 2020"])
    assert later.exit_code == 2 and "Perioden T1 2020 finns inte i mätvärdena för enheten 'Samhällsbyggnad'" in \
        later.output


def test_presenting_in_two_languages_runs_the_rules_once(kommun, monkeypatch):
    from malmotor.decide import assess as assess_module

    calls = []
    real = assess_module.fire_isolated
    monkeypatch.setattr(assess_module, "fire_isolated", lambda *a, **k: calls.append(1) or real(*a, **k))
    assessment = malmotor.assess(*kommun, "T3 2019")
    swedish, english = malmotor.present(assessment, "sv"), malmotor.present(assessment, "en")
    assert len(calls) == 1
    assert [row.level for row in swedish.indicators] == [row.level for row in english.indicators]
    assert swedish.indicators[0].explanation.startswith("Sjukfrånvaro: ")
    assert "T3 2018" in english.indicators[0].explanation


def test_an_assessment_reads_back_from_json(assessments):
    assessment = assessments["delår augusti 2019"]
    again = malmotor.Assessment.from_json(assessment.to_json())
    assert again == assessment
    assert malmotor.present(again, "sv") == malmotor.present(assessment, "sv")
    assert '"period": "delår augusti 2019"' in assessment.to_json()


def test_a_period_of_another_kind_than_the_named_one_is_refused(kommun, write):
    scorecard, measures = kommun
    text = example_rules_path("kommun").read_text(encoding="utf-8").replace(
        "jämför med: samma period föregående år\n                  oförändrat", "jämför med: kv 2 2018\n                  oförändrat")
    with pytest.raises(malmotor.RuleFileError) as info:
        malmotor.assess(malmotor.load_scorecard(write("r.yaml", text)), measures, "T2 2019")
    assert "jämför med kv 2 2018 (kvartal), men perioden som bedöms är T2 2019 (tertial)" in str(info.value)


def test_no_reason_is_needed_where_nothing_is_missing(assessments):
    assert all(v.level_reason is not Reason.NO_VALUE for a in assessments.values() for v in a.verdicts)


def test_a_unit_is_one_unit_however_it_is_capitalised(kommun, write, tmp_path):
    scorecard, _ = kommun
    rows = example_measures_paths("kommun")[1].read_text(encoding="utf-8").replace(
        ";Samhällsbyggnad;", ";samhällsbyggnad ;").replace("T1 2019;Socialförvaltningen", "T1 2019;SOCIALFÖRVALTNINGEN")
    path = tmp_path / "kommun-2019.csv"
    path.write_text(rows, encoding="utf-8")
    measures = malmotor.load_checked_measures(scorecard, [example_measures_paths("kommun")[0], path])
    assessment = malmotor.assess(scorecard, measures, "T1 2019")
    assert list(dict.fromkeys(v.key.org_unit for v in assessment.verdicts)) == list(UNITS)
    assert {v.key.org_unit for v in malmotor.assess(scorecard, measures, "T1 2019",
                                                    org_unit="SAMHÄLLSBYGGNAD").verdicts} == {"Samhällsbyggnad"}


def test_a_misspelt_unit_is_warned_about_when_the_rule_file_lists_none(write):
    rules = write("r.yaml", "malmotor: 1\nstyrkort: S\nperspektiv:\n  - namn: P\n    strategiska mål:\n      - namn: S\n"
                  "        mål:\n          - namn: M\n            indikatorer:\n              - id: x\n"
                  "                namn: X\n                mål: Öka\n")
    measures = write("m.csv", "indikator;period;enhet;värde\nx;2018;Miljöförvaltningen;3\nx;2019;Miljöförvaltning;4\n")
    result = malmotor.evaluate(malmotor.load_scorecard(rules), malmotor.load_measures(measures), "2019")
    assert [w.code for w in result.warnings] == ["liknande-enheter"]
    assert "'Miljöförvaltning' och 'Miljöförvaltningen' liknar varandra" in result.warnings[0].message


def test_values_without_a_unit_are_warned_about_when_the_rule_file_lists_units(kommun, write):
    scorecard, measures = kommun
    extra = write("m.yaml", "period: T3 2019\nvärden:\n  handlaggning: 90 %\n")
    both = malmotor.load_checked_measures(scorecard, [*example_measures_paths("kommun"), extra])
    codes = [w.code for w in malmotor.assess(scorecard, both, "T3 2019").warnings]
    assert "utan-enhet" in codes


@pytest.mark.parametrize("period", ["1000", "T1 1000", "1000-01", "kv 1 1000", "halvår 1 1000", "delår januari 1000"])
def test_the_first_writable_year_is_judged_without_a_comparison(write, period):
    rules = write("r.yaml", "malmotor: 1\nstyrkort: S\nperspektiv:\n  - namn: P\n    strategiska mål:\n      - namn: S\n"
                  "        mål:\n          - namn: M\n            indikatorer:\n              - id: x\n"
                  "                namn: X\n                enhet: '%'\n                mål: högst 3 %\n")
    measures = write("m.yaml", f"period: {period}\nvärden:\n  x: 2 %\n")
    row = malmotor.evaluate(malmotor.load_scorecard(rules), malmotor.load_measures(measures)).indicators[0]
    assert row.level is Level.FULFILLED and row.trend_reason is Reason.NO_COMPARISON
