"""Present: verdicts → result rows in one language, with the legend's words, symbols and colours.

Presenting the same assessment in Swedish and in English runs no rule engine: everything the
sentences need (values, comparison values with their periods, limits) is in the verdicts.
"""

from __future__ import annotations

from ..model import (Assessment, Comparison, EvaluationResult, Indicator, IndicatorResult, Level, Observation,
                     Reason, Verdict)
from .interim import forecasting, partial_used, year_end_text
from .manual import decided, present_manual
from .gaps import gap_result, groups_result, groups_sentence
from .nodes import node_rows
from .scorecard_parts import IndicatorPlace, parts_for
from .summary import summaries
from .sentences import Explainer
from ..model.trusted import trusted

LANGUAGES = ("sv", "en")


def present(assessment: Assessment, lang: str = "sv") -> EvaluationResult:
    if lang not in LANGUAGES:
        raise ValueError(f"lang must be 'sv' or 'en', not {lang!r}")
    forecast = forecasting(assessment.scorecard, assessment.period)  # `under året: prognos`
    parts = parts_for(assessment.scorecard, lang, forecast)
    scorecard, explainer, places = parts.scorecard, parts.explainer, parts.indicators
    rows = tuple(_row(explainer, places[verdict.key.indicator], verdict) for verdict in assessment.verdicts)
    # A verdict is counted once per indicator; an indicator without a target has no verdict to count.
    judged = [row for row in rows if row.group is None and row.level_reason is not Reason.NO_TARGET]
    summary = {level: sum(1 for row in judged if row.level is level) for level in Level}
    units = tuple(dict.fromkeys(row.org_unit for row in rows)) or (None,)
    result = EvaluationResult(scorecard=scorecard.name, rules_file=scorecard.source, period=assessment.period,
                              language=lang, engine=assessment.engine, legend=scorecard.legend, summary=summary,
                              forecast=forecast, partial_used=partial_used(scorecard, assessment.period),
                              org_units=units, indicators=rows, hierarchy=parts.hierarchy, warnings=assessment.warnings,
                              nodes=node_rows(parts, assessment.node_verdicts))
    return result.model_copy(update={"summaries": summaries(result, scorecard)})  # built from the verdicts above


def _comparison(explainer: Explainer, indicator: Indicator, observation: Observation | None) -> Comparison | None:
    if observation is None:
        return None
    series = explainer.series.get(observation.series) if observation.series else None
    return trusted(Comparison, period=observation.period, found=observation.measured, value=observation.value,
                   statuses=observation.statuses, text=explainer.observation_text(indicator, observation),
                   source=observation.source, series=observation.series,
                   series_text=series.text_in(explainer.lang) if series else None)


def _row(explainer: Explainer, place: IndicatorPlace, verdict: Verdict) -> IndicatorResult:
    indicator = place.indicator
    legend, lang, inputs, group = explainer.legend, explainer.lang, verdict.inputs, verdict.key.group
    if verdict.year_end_rule:  # worded as the delvis it was, then why it is not
        fulfilment_text = explainer.fulfilment(indicator, inputs, Level.PARTLY, verdict.level_reason,
                                               verdict_text=year_end_text(legend, lang))
    elif verdict.from_groups is not None:  # `bedöms på: alla grupper`: the level is the groups', say so
        fulfilment_text = groups_sentence(explainer, indicator, verdict)
    else:
        fulfilment_text = explainer.fulfilment(indicator, inputs, verdict.level, verdict.level_reason,
                                               verdict.legend_level, verdict.share)
    trend_sentence = explainer.trend(indicator, inputs, verdict.trend, verdict.trend_reason)
    level, legend_level, level_reason = decided(verdict.level, verdict.legend_level, verdict.level_reason,
                                                verdict.manual)
    entry = legend.entry_for(level, legend_level)
    arrow = legend.trends[verdict.trend] if verdict.trend else None
    computed = f"{fulfilment_text} {trend_sentence}"
    manual, short = present_manual(verdict.manual, legend, verdict.level, verdict.legend_level,
                                   computed[0].upper() + computed[1:], lang)
    subject = place.subject + (f", {group.name}" if group else "")
    current = inputs.current
    target_comparison = _comparison(explainer, indicator, inputs.target_base)
    trend_comparison = target_comparison if inputs.trend_base is inputs.target_base else \
        _comparison(explainer, indicator, inputs.trend_base)  # the same value compared with: the same comparison
    # Every field, in the model's order (model/trusted.py): values of the verdict and the scorecard, and texts.
    return trusted(
        IndicatorResult,
        id=indicator.id, name=indicator.name, dimension=group.dimension if group else None,
        group=group.name if group else None, org_unit=verdict.key.org_unit,
        perspective=place.perspective, strategic_goal=place.strategic_goal, goal=place.goal, path=place.path,
        unit=indicator.unit, polarity=place.polarity, target=place.target, target_text=place.target_text,
        partial_limit=verdict.partial_limit,
        partial_limit_text=explainer.quantity(indicator, verdict.partial_limit)
        if verdict.partial_limit is not None else None,
        required_statuses=verdict.required_statuses, unchanged_within=indicator.trend.unchanged_within,
        period=current.period, value=current.value, statuses=current.statuses,
        value_text=explainer.observation_text(indicator, current), value_source=current.source,
        level=level, level_reason=level_reason, level_text=entry.text_in(lang), symbol=entry.symbol,
        colour=entry.colour, legend_level=legend_level, share=verdict.share,
        trend=verdict.trend, trend_reason=verdict.trend_reason,
        trend_text=arrow.text_in(lang) if arrow else "", arrow=arrow.symbol if arrow else legend.no_arrow.symbol,
        arrow_colour=arrow.colour if arrow else legend.no_arrow.colour,
        target_comparison=target_comparison, trend_comparison=trend_comparison,
        fulfilment_rule=verdict.fulfilment_rule, trend_rule=verdict.trend_rule,
        explanation=f"{subject}: {computed if manual is None else short}", short_explanation=short, manual=manual,
        year_end_rule=verdict.year_end_rule,
        gaps=tuple(gap_result(explainer, indicator, gap) for gap in verdict.gaps),
        groups=groups_result(explainer, verdict),
    )
