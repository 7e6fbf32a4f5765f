"""Every loaded period's value of each result row, for the HTML report's sparklines: the periods of the
judged period's kind (years for a year, tertials for a tertial) in the measures files given.

An `EvaluationResult` holds the judged period and the values it was compared with, not the whole
series. The series comes from the measures, interpreted exactly as the evaluation interprets them
(`load.values.Interpretation`): so a value in a sparkline is the value the verdict saw. It is kept
out of the result (and its JSON) on purpose: it is what a report draws, not what was decided.

    history = malmotor.report.history.histories(scorecard, measures, result)
    html = malmotor.report.html.render_html(result, history)
"""

from __future__ import annotations

from decimal import Decimal

from ..decide.interim import targets_for_period
from ..explain.sentences import Explainer
from ..load.values import Interpretation
from ..model import (CapabilityTarget, ChangeTarget, ComparisonTarget, EvaluationResult, Group, IndicatorResult,
                     Key, Measures, MilestoneTarget, NoWorseTarget, RangeTarget, Scorecard, ThresholdTarget,
                     UnchangedTarget)
from ..model.frozen import Frozen
from ..model.period import Period

RowKey = tuple[str, str | None, str | None, str | None]  # indicator, dimension, group, org unit


class HistoryPoint(Frozen):
    period: Period
    value: Decimal | None  # a number, or a status's place on the status scale (0 = the first); None: no value
    text: str  # as the report writes it: "3,8 %", "påbörjad", "saknar värde"


class History(Frozen):
    """One row's values over every loaded period, oldest first, and what the target line is."""

    points: tuple[HistoryPoint, ...]
    judged: Period
    target: Decimal | None = None  # the line the value is judged against, in the same scale as the points
    target_high: Decimal | None = None  # for an interval target (`3–5 %`): its top; `target` is its bottom
    target_text: str = ""
    scale: tuple[str, ...] = ()  # for a milestone or a capability: the statuses the values are places on


def row_key(row: IndicatorResult) -> RowKey:
    return (row.id, row.dimension, row.group, row.org_unit)


def histories(scorecard: Scorecard, measures: Measures, result: EvaluationResult) -> dict[RowKey, History]:
    """The history of every row of `result`, from `measures` (the same files the result was evaluated on)."""
    scorecard_now = targets_for_period(scorecard, result.period)  # `delårsmål`: the judged period's target
    indicators = scorecard_now.indicators()
    interpretation = Interpretation(scorecard_now, measures)
    explainer = Explainer(scorecard_now.legend, result.language, scorecard_now.comparison_series)
    # The periods of the judged one's kind: a tertial's line goes tertial by tertial, never through a delår
    # that overlaps it (measures files may hold both).
    periods = sorted({period for period in measures.periods() if period.kind == result.period.kind} | {result.period})
    found: dict[RowKey, History] = {}
    for row in result.indicators:
        indicator = indicators.get(row.id)
        if indicator is None:
            continue
        key = Key(indicator=row.id, group=Group(dimension=row.dimension, name=row.group) if row.group else None,
                  org_unit=row.org_unit)
        scale = scorecard_now.status_scale_for(indicator) \
            if isinstance(indicator.target, (MilestoneTarget, CapabilityTarget)) or indicator.parts else ()
        points = []
        for period in periods:
            observation = interpretation.observe(key, period)
            points.append(HistoryPoint(period=period, value=_placed(observation, scale),
                                       text=explainer.observation_text(indicator, observation)))
        target, high = _target_line(indicator.target, row, scale)
        found[row_key(row)] = History(points=tuple(points), judged=result.period, target=target, target_high=high,
                                      target_text=row.target_text if target is not None else "", scale=scale)
    return found


def _placed(observation, scale: tuple[str, ...]) -> Decimal | None:
    if not observation.measured:
        return None
    if scale:  # a milestone's place: its least advanced part
        places = [scale.index(status) for status in observation.statuses if status in scale]
        return Decimal(min(places)) if places else None
    return observation.value


def _target_line(target, row: IndicatorResult, scale: tuple[str, ...]) -> tuple[Decimal | None, Decimal | None]:
    """The value to reach: a threshold's bound, an interval's bounds, the comparison value that a change or a
    comparison target is judged against, or a milestone's required status; None where there is no such line."""
    if isinstance(target, ThresholdTarget) and target.average is None:
        return target.bound, None
    if isinstance(target, RangeTarget):
        return target.low, target.high
    if isinstance(target, (ChangeTarget, NoWorseTarget, UnchangedTarget, ComparisonTarget)) and not scale:
        comparison = row.target_comparison
        return (comparison.value if comparison is not None and comparison.found else None), None
    if isinstance(target, MilestoneTarget) and scale:
        places = [scale.index(part.required) for part in target.parts if part.required in scale]
        return (Decimal(min(places)) if places else None), None
    if isinstance(target, CapabilityTarget) and scale:
        return Decimal(len(scale) - 1), None
    return None, None
