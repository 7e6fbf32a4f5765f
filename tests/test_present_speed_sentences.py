"""The sentences an Explainer makes once and fills with each key's value (explain/sentences.py) are the ones it
would make from scratch, and the summaries' shared worsened rows are the ones each scope would work out."""

from __future__ import annotations

from decimal import Decimal

import pytest

import malmotor
from malmotor.explain.sentences import Explainer
from malmotor.explain.summary_facts import worsened
from malmotor.model import IndicatorInputs, Level, Observation
from malmotor.model.period import Period

from .conftest import ROOT, SEED_MEASURES, SEED_RULES

CASES = [(SEED_RULES, SEED_MEASURES, "2018"),
         (ROOT / "rules" / "kommun-uppfoljning.yaml",
          [ROOT / "measures" / "kommun-2018.csv", ROOT / "measures" / "kommun-2019.csv"], "T2 2019")]


def _sentences(explainer: Explainer, indicator, verdict) -> tuple[str, str]:
    return (explainer.fulfilment(indicator, verdict.inputs, verdict.level, verdict.level_reason, verdict.legend_level,
                                 verdict.share),
            explainer.trend(indicator, verdict.inputs, verdict.trend, verdict.trend_reason))


@pytest.mark.parametrize("lang", ["sv", "en"])
@pytest.mark.parametrize("rules, measures, period", CASES)
def test_remembered_sentences_are_the_ones_made_afresh(rules, measures, period, lang):
    scorecard = malmotor.load_scorecard(rules)
    assessment = malmotor.assess(scorecard, malmotor.load_measures(measures), period)
    indicators = {indicator.id: indicator for _, indicator in scorecard.rows()}
    shared = Explainer(scorecard.legend, lang, scorecard.comparison_series)
    for verdict in assessment.verdicts * 2:  # the second time from what the first remembered
        indicator = indicators[verdict.key.indicator]
        fresh = Explainer(scorecard.legend, lang, scorecard.comparison_series)
        assert _sentences(shared, indicator, verdict) == _sentences(fresh, indicator, verdict)


def _threshold_indicator(unit: str = "%"):
    scorecard = malmotor.load_scorecard(SEED_RULES)
    indicator = next(row for _, row in scorecard.rows() if row.target.kind == "gräns" and row.partial is not None)
    return scorecard, indicator.model_copy(update={"unit": unit})


def _inputs(value: str, base: str | None = "7.0", change: str | None = None) -> IndicatorInputs:
    current = Observation(period=Period.parse("2018"), state="mätt", value=Decimal(value))
    before = Observation(period=Period.parse("2017"), state="mätt", value=Decimal(base),
                         change=Decimal(change) if change else None) if base else None
    return IndicatorInputs(current=current, trend_base=before)


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_a_value_on_the_bound_and_a_derived_comparison_are_worded_as_made_afresh(lang):
    scorecard, indicator = _threshold_indicator()
    strict = indicator.model_copy(update={"target": indicator.target.model_copy(update={"strict": True})})
    bound = str(indicator.target.bound)
    shared = Explainer(scorecard.legend, lang)
    for row in (indicator, strict):
        for value in (bound, bound + "0", "0.5", "99.5", "7.0", "7.00"):
            for change in (None, "0.4", "-1.2"):
                inputs = _inputs(value, change=change)
                for level in (Level.FULFILLED, Level.PARTLY, Level.NOT_FULFILLED):
                    for trend in (malmotor.Trend.IMPROVED, malmotor.Trend.WORSENED, malmotor.Trend.UNCHANGED):
                        fresh = Explainer(scorecard.legend, lang)
                        assert shared.fulfilment(row, inputs, level, None) == fresh.fulfilment(row, inputs, level, None)
                        assert shared.trend(row, inputs, trend, None) == fresh.trend(row, inputs, trend, None)


def test_the_rule_file_s_words_may_hold_the_mark_that_stands_for_the_value():
    scorecard, indicator = _threshold_indicator(unit="\ue001")  # the words around the value hold the mark itself
    explainer = Explainer(scorecard.legend, "sv")
    inputs = _inputs("3.8", base="4.1")
    fulfilment = explainer.fulfilment(indicator, inputs, Level.NOT_FULFILLED, None)
    trend = explainer.trend(indicator, inputs, malmotor.Trend.IMPROVED, None)
    assert fulfilment.startswith("3,8 \ue001 ") and "från 4,1 \ue001 2017" in trend
    assert explainer.fulfilment(indicator, inputs, Level.NOT_FULFILLED, None) == fulfilment
    assert explainer.trend(indicator, inputs, malmotor.Trend.IMPROVED, None) == trend


def test_the_worsened_rows_of_a_unit_are_the_same_shared_between_its_scopes():
    scorecard = malmotor.load_scorecard(ROOT / "rules" / "kommun-uppfoljning.yaml")
    measures = malmotor.load_measures([ROOT / "measures" / "kommun-2018.csv", ROOT / "measures" / "kommun-2019.csv"])
    result = malmotor.present(malmotor.assess(scorecard, measures, "T2 2019"), "sv")
    rows = [row for row in result.indicators if row.group is None]
    known: dict = {}
    assert worsened(rows, known) == worsened(rows)
    assert worsened(rows[::2], known) == worsened(rows[::2]) and worsened(rows[1::2], known) == worsened(rows[1::2])
