"""Present: verdicts → result rows in one language, with the legend's words, symbols and colours.

Presenting the same assessment in Swedish and in English runs no rule engine: everything the
sentences need (values, comparison values with their periods, limits) is in the verdicts.
"""

from __future__ import annotations

from ..model import (Assessment, Comparison, EvaluationResult, Indicator, IndicatorResult, Level, Node, Observation,
                     PathStep, Reason, Scorecard, Verdict)
from .interim import forecast_legend, forecasting, partial_used, target_phrase, year_end_text
from .manual import decided, present_manual
from .gaps import gap_result, groups_result, groups_sentence
from .nodes import node_rows
from .summary import summaries
from .present_paths import level_name, path_steps
from .sentences import Explainer

LANGUAGES = ("sv", "en")


def present(assessment: Assessment, lang: str = "sv") -> EvaluationResult:
    if lang not in LANGUAGES:
        raise ValueError(f"lang must be 'sv' or 'en', not {lang!r}")
    scorecard = assessment.scorecard
    forecast = forecasting(scorecard, assessment.period)  # `under året: prognos`
    if forecast:
        scorecard = scorecard.model_copy(update={"legend": forecast_legend(scorecard.legend)})
    explainer = Explainer(scorecard.legend, lang, scorecard.comparison_series)
    places = {indicator.id: (path, indicator) for path, indicator in scorecard.rows()}
    rows = tuple(_row(explainer, scorecard, *places[verdict.key.indicator], verdict) for verdict in assessment.verdicts)
    # A verdict is counted once per indicator; an indicator without a target has no verdict to count.
    judged = [row for row in rows if row.group is None and row.level_reason is not Reason.NO_TARGET]
    summary = {level: sum(1 for row in judged if row.level is level) for level in Level}
    units = tuple(dict.fromkeys(row.org_unit for row in rows)) or (None,)
    result = EvaluationResult(scorecard=scorecard.name, rules_file=scorecard.source, period=assessment.period,
                            language=lang, engine=assessment.engine, legend=scorecard.legend, summary=summary,
                            forecast=forecast, partial_used=partial_used(scorecard, assessment.period),
                            org_units=units, indicators=rows,
                            hierarchy=tuple(level_name(scorecard, depth, lang) for depth in range(len(scorecard.levels))), warnings=assessment.warnings,
                            nodes=node_rows(scorecard, assessment.node_verdicts, lang))
    return result.model_copy(update={"summaries": summaries(result, scorecard)})  # built from the verdicts above


def _comparison(explainer: Explainer, indicator: Indicator, observation: Observation | None) -> Comparison | None:
    if observation is None:
        return None
    series = explainer.series.get(observation.series) if observation.series else None
    return Comparison(period=observation.period, found=observation.measured, value=observation.value,
                      statuses=observation.statuses, text=explainer.observation_text(indicator, observation),
                      source=observation.source, series=observation.series,
                      series_text=series.text_in(explainer.lang) if series else None)


def _row(explainer: Explainer, scorecard: Scorecard, path: tuple[Node, ...], indicator: Indicator,
         verdict: Verdict) -> IndicatorResult:
    # The three fields of format 2: the top level, the level between (with three or more), the last level.
    perspective = path[0].name if path else ""
    strategic = path[1].name if len(path) >= 3 else ""
    goal = path[-1].name if path else ""
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
    subject = indicator.name.rstrip(".") + (f", {group.name}" if group else "")
    return IndicatorResult(
        id=indicator.id, name=indicator.name, dimension=group.dimension if group else None,
        group=group.name if group else None, org_unit=verdict.key.org_unit,
        perspective=perspective, strategic_goal=strategic, goal=goal,
        path=path_steps(scorecard, path, explainer.lang),
        unit=indicator.unit, polarity=indicator.polarity.value if indicator.polarity else None,
        target=target_phrase(indicator, lang), target_text=explainer.target_text(indicator),
        partial_limit=verdict.partial_limit,
        partial_limit_text=explainer.quantity(indicator, verdict.partial_limit)
        if verdict.partial_limit is not None else None,
        required_statuses=verdict.required_statuses, unchanged_within=indicator.trend.unchanged_within,
        period=inputs.current.period,
        value=inputs.current.value, statuses=inputs.current.statuses,
        value_text=explainer.observation_text(indicator, inputs.current), value_source=inputs.current.source,
        level=level, level_reason=level_reason, level_text=entry.text_in(lang),
        symbol=entry.symbol, colour=entry.colour,
        trend=verdict.trend, trend_reason=verdict.trend_reason,
        legend_level=legend_level, share=verdict.share,
        trend_text=arrow.text_in(lang) if arrow else "", arrow=arrow.symbol if arrow else legend.no_arrow.symbol,
        arrow_colour=arrow.colour if arrow else legend.no_arrow.colour,
        target_comparison=_comparison(explainer, indicator, inputs.target_base),
        trend_comparison=_comparison(explainer, indicator, inputs.trend_base),
        fulfilment_rule=verdict.fulfilment_rule, trend_rule=verdict.trend_rule,
        explanation=f"{subject}: {computed if manual is None else short}", short_explanation=short, manual=manual,
        year_end_rule=verdict.year_end_rule,
        gaps=tuple(gap_result(explainer, indicator, gap) for gap in verdict.gaps),
        groups=groups_result(explainer, verdict),
    )
