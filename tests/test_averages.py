"""Targets on an average over several years (`i snitt minst 2 % under 2021–2023`, `… under budgetperioden`):
the documented example through both engines, the periods averaged, missing years, and the forms refused."""

from __future__ import annotations

from decimal import Decimal

import pytest

import malmotor
from malmotor import RuleFileError
from malmotor.load.targets import PhraseError, parse_target
from malmotor.model import AveragePeriods, DEFAULT_STATUS_SCALE, Level, Period

from .conftest import rule_file
from .test_docs import RULE_DOC, the_block

RESULTS = {2020: "0,5 %", 2021: "1,5 %", 2022: "2,8 %", 2023: "1,0 %"}


@pytest.fixture
def example(write):
    rules = write("snitt.yaml", the_block(RULE_DOC.read_text(encoding="utf-8"), "yaml", "# exempel: snitt"))
    measures = [write(f"m{year}.yaml", f"period: {year}\nvärden:\n  resultat: {value}\n  soliditet: 45 %\n")
                for year, value in RESULTS.items()]
    return malmotor.load_scorecard(rules), malmotor.load_measures(measures)


@pytest.mark.parametrize("engine", ["durable", "reference"])
@pytest.mark.parametrize("year, level, fragment", [
    (2020, Level.NOT_ASSESSED, "Målet gäller snittet under 2021–2023, som börjar efter 2020 (ej bedömt)."),
    (2021, Level.PARTLY, "Snittet 1,5 % för 2021 (det första året av 2021–2023) är under målet minst 2 % i snitt "
                         "under 2021–2023 men når gränsen för delvis uppfyllt, 1 % (delvis uppfyllt)."),
    (2022, Level.FULFILLED, "Snittet 2,15 % för 2021–2022 (1,5 % 2021, 2,8 % 2022) når målet minst 2 % i snitt "
                            "under 2021–2023 (uppfyllt)."),
    (2023, Level.PARTLY, "Snittet 1,77 % för 2021–2023 (1,5 % 2021, 2,8 % 2022, 1,0 % 2023) är under målet"),
])
def test_the_documented_example_judges_the_average_so_far(example, engine, year, level, fragment):
    scorecard, measures = example
    row = malmotor.evaluate(scorecard, measures, period=year, engine=engine).by_id()["resultat"]
    assert row.level is level
    assert fragment in row.short_explanation
    assert row.value_text == RESULTS[year]  # the period's own value is printed
    if year > 2020:  # the arrow compares single periods
        assert row.trend_comparison.period == Period.year_of(year - 1)


def test_the_budget_period_of_the_rule_file_is_averaged(example):
    scorecard, measures = example
    target = scorecard.indicators()["soliditet"].target
    assert target.average == AveragePeriods(first_year=2021, last_year=2023, named="budgetperioden")
    row = malmotor.evaluate(scorecard, measures, period=2022).by_id()["soliditet"]
    assert row.level is Level.FULFILLED
    assert "i snitt under budgetperioden 2021–2023" in row.short_explanation


def test_english(example):
    scorecard, measures = example
    row = malmotor.evaluate(scorecard, measures, period=2022, lang="en").by_id()["resultat"]
    assert row.short_explanation.startswith("The average 2.15 % for 2021–2022 (1.5 % in 2021, 2.8 % in 2022) "
                                            "meets the target at least 2 % on average over 2021–2023")


def test_a_missing_year_makes_the_average_not_assessed_and_says_which(write, example):
    scorecard, _ = example
    measures = malmotor.load_measures([write("m2021.yaml", "period: 2021\nvärden:\n  resultat: saknas\n"),
                                       write("m2022.yaml", "period: 2022\nvärden:\n  resultat: 2,8 %\n")])
    for engine in ("durable", "reference"):
        row = malmotor.evaluate(scorecard, measures, period=2022, engine=engine).by_id()["resultat"]
        assert (row.level, row.level_reason.value) == (Level.NOT_ASSESSED, "saknar_varde")
        assert "värdet för 2021 saknas" in row.short_explanation
        assert row.trend is None  # no arrow either: 2021 is missing


def test_after_the_last_year_the_whole_span_is_averaged():
    span = AveragePeriods(first_year=2021, last_year=2023)
    assert span.periods(Period.parse("2025")) == tuple(Period.year_of(y) for y in (2021, 2022, 2023))
    assert span.periods(Period.parse("2020")) == ()
    assert [p.text for p in span.periods(Period.parse("T2 2022"))] == ["T1 2021", "T2 2021", "T3 2021", "T1 2022",
                                                                       "T2 2022"]


def test_the_average_is_shown_with_enough_decimals_not_to_contradict_the_verdict(write):
    rules = write("r.yaml", rule_file('- {id: r, namn: R, enhet: "%", decimaler: 0, mål: i snitt minst 2 % under 2021–2023}'))
    measures = malmotor.load_measures([write(f"m{y}.yaml", f"period: {y}\nvärden:\n  r: {v}\n")
                                       for y, v in ((2021, "1,95"), (2022, "2"))])  # 1,975: not 2,0
    row = malmotor.evaluate(malmotor.load_scorecard(rules), measures, period=2022).by_id()["r"]
    assert row.level is Level.NOT_FULFILLED
    assert row.short_explanation.startswith("Snittet 1,98 % för 2021–2022")  # one decimal would say 2,0


def test_a_huge_average_with_a_tiny_value_is_worded_without_a_decimal_error(write):
    """Found by the property test: 99 999 999 999 999,9 and -0,000000000000001 average to a number that needs
    more than Python's 28 significant digits at the decimals shown."""
    rules = write("r.yaml", rule_file('- {id: r, namn: R, mål: "i snitt minst 99 999 999 999 999,9 under 2016–2017"}'))
    measures = malmotor.load_measures([write(f"m{y}.yaml", f"period: {y}\nvärden:\n  r: '{v}'\n")
                                       for y, v in ((2016, "99 999 999 999 999,9"), (2017, "-0,000000000000001"))])
    row = malmotor.evaluate(malmotor.load_scorecard(rules), measures, period=2017).by_id()["r"]
    assert row.level is not Level.FULFILLED
    assert row.short_explanation.startswith("Snittet 49\u00a0999\u00a0999\u00a0999\u00a0999,95 för 2016–2017")


@pytest.mark.parametrize("phrase, first, last, bound, operator, strict", [
    ("i snitt minst 2 % under 2021–2023", 2021, 2023, "2", "minst", False),
    ("I genomsnitt högst 3 % under 2021-2023", 2021, 2023, "3", "högst", False),
    ("ska i snitt vara minst 2 % under åren 2021–2023", 2021, 2023, "2", "minst", False),
    ("i snitt över 40 % för 2021–2023", 2021, 2023, "40", "minst", True),
    ("ska i genomsnitt under budgetperioden vara minst 2 %", 2019, 2022, "2", "minst", False),
])
def test_the_average_forms(phrase, first, last, bound, operator, strict):
    target = parse_target(phrase, DEFAULT_STATUS_SCALE, "%", budget=(2019, 2022))
    assert (target.average.first_year, target.average.last_year) == (first, last)
    assert (target.bound, target.operator, target.strict) == (Decimal(bound), operator, strict)


@pytest.mark.parametrize("phrase, budget, code", [
    ("i snitt minst 2 %", None, "snitt-utan-period"),
    ("i snitt minst 2 % under budgetperioden", None, "budgetperiod-saknas"),
    ("i snitt öka under 2021–2023", None, "snitt-utan-gräns"),
    ("i snitt minst 2 % under 2023–2021", None, "snitt-fel-ordning"),
])
def test_averages_that_cannot_be_judged_are_refused_with_a_hint(phrase, budget, code):
    with pytest.raises(PhraseError) as caught:
        parse_target(phrase, DEFAULT_STATUS_SCALE, "%", budget=budget)
    assert caught.value.code == code and caught.value.hint


def test_a_wrong_budget_period_is_refused_at_its_line(write):
    text = rule_file('- {id: r, namn: R, enhet: "%", mål: i snitt minst 2 % under budgetperioden}')
    rules = write("r.yaml", text.replace("styrkort: Test\n", "styrkort: Test\nbudgetperiod: 2023–2021\n"))
    with pytest.raises(RuleFileError) as caught:
        malmotor.load_scorecard(rules)
    assert [(d.code, d.line) for d in caught.value.diagnostics] == [("fel-budgetperiod", 3),
                                                                    ("budgetperiod-saknas", 11)]

