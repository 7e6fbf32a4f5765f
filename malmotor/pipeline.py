"""Evaluate a scorecard for a period: inputs → facts → durable rules firing → typed results."""

from __future__ import annotations

from .diagnostics import EngineError, MeasuresError, RuleFileError, error
from .explain.sentences import Explainer
from .decide.facts import build_fact, required_statuses
from .decide.inputs import gather_inputs, status_scale_for
from .model import IndicatorInputs, Observation
from .decide.isolation import DEFAULT_TIMEOUT, fire_isolated
from .model import Indicator, Level, Measures, Scorecard, ThresholdTarget
from .decide.reference import decide
from .model import Comparison, EvaluationResult, IndicatorResult, Notice
from .decide.rulebook import FULFILMENT, RULES_BY_NAME, TREND, ruleset_definition

ENGINES = ("durable", "reference")


def latest_period(measures: Measures) -> int | None:
    periods = measures.periods()
    return periods[-1] if periods else None


def evaluate(scorecard: Scorecard, measures: Measures, period: int | None = None, *, lang: str = "sv",
             engine: str = "durable", timeout: float = DEFAULT_TIMEOUT) -> EvaluationResult:
    """Every indicator's level, arrow and explanation for `period` (default: the latest measured).

    `engine="reference"` uses the plain-Python evaluator instead of durable-rules; it exists
    to cross-check the engine and is not meant for reports.
    """
    if isinstance(period, str) and period.strip().isdigit():
        period = int(period)  # "2024" from a form or a command line
    if period is not None and not isinstance(period, int):
        raise TypeError(f"period must be a year such as 2018, not {period!r}")
    if lang not in ("sv", "en"):
        raise ValueError(f"lang must be 'sv' or 'en', not {lang!r}")
    if engine not in ENGINES:
        raise ValueError(f"engine must be one of {ENGINES}, not {engine!r}")
    if period is None:
        period = latest_period(measures)
        if period is None:
            raise MeasuresError([error("mätvärden", None, "Mätvärdena innehåller inga perioder.",
                                       "Ange minst en mätvärdesfil med 'period' och 'värden'.")])
    if period not in measures.periods():
        known = ", ".join(map(str, measures.periods())) or "inga"
        raise MeasuresError([error("mätvärden", None, f"Perioden {period} finns inte i mätvärdena (perioder: {known}).",
                                   "Ange en period som finns, eller lägg till en mätvärdesfil för perioden.")])
    _check_comparison_years(scorecard, period)
    inputs, warnings = gather_inputs(scorecard, measures, period)
    rows = list(scorecard.rows())
    if engine == "durable":
        decisions = decide_with_durable(scorecard, inputs, timeout)
    else:
        decisions = {indicator.id: decide(indicator, inputs[indicator.id], status_scale_for(indicator, scorecard))
                     for *_, indicator in rows}
    explainer = Explainer(scorecard.legend, lang)
    results = tuple(
        _result(scorecard, explainer, perspective.name, strategic.name, goal.name, indicator,
                inputs[indicator.id], *decisions[indicator.id], period)
        for perspective, strategic, goal, indicator in rows)
    summary = {level: sum(1 for row in results if row.level is level) for level in Level}
    return EvaluationResult(scorecard=scorecard.name, rules_file=scorecard.source, period=period, language=lang,
                            engine=engine, legend=scorecard.legend, summary=summary, indicators=results,
                            warnings=tuple(Notice(file=w.file, line=w.line, message=w.message, hint=w.hint)
                                          for w in warnings))


def _check_comparison_years(scorecard: Scorecard, period: int) -> None:
    """A named comparison year must lie before the period judged: "Ingen ökning i jmf med 2023"
    judged for 2023 would compare 2023 with itself and always be fulfilled."""
    problems = []
    for *_, indicator in scorecard.rows():
        for year, what in ((getattr(indicator.target, "base_year", None), f"Målet '{indicator.target.phrase}'"),
                           (indicator.trend.compare_with, "Utvecklingen ('jämför med')")):
            if year is not None and year >= period:
                problems.append(error(scorecard.source, indicator.line,
                                      f"{what} för '{indicator.id}' jämför med {year}, men perioden som bedöms är "
                                      f"{period}.", "Jämförelseåret måste ligga före perioden som bedöms: ändra "
                                      "årtalet i regelfilen eller välj en senare period med --period."))
    if problems:
        raise RuleFileError(problems)


def build_facts(scorecard: Scorecard, inputs: dict[str, IndicatorInputs]) -> list[dict]:
    return [build_fact(indicator, inputs[indicator.id], status_scale_for(indicator, scorecard))
            for *_, indicator in scorecard.rows()]


def decide_with_durable(scorecard: Scorecard, inputs: dict[str, IndicatorInputs],
                        timeout: float = DEFAULT_TIMEOUT) -> dict[str, tuple[str, str]]:
    """(fulfilment rule, trend rule) per indicator, from durable-rules firing in a worker process."""
    run = fire_isolated(ruleset_definition(), build_facts(scorecard, inputs), timeout)
    decisions = {}
    for indicator_id, names in run.fired.items():
        by_aspect = {FULFILMENT: [], TREND: []}
        for name in names:
            by_aspect[RULES_BY_NAME[name].aspect].append(name)
        if len(by_aspect[FULFILMENT]) != 1 or len(by_aspect[TREND]) != 1:
            raise EngineError(f"Regelmotorn gav {names or 'inga regler'} för indikatorn '{indicator_id}'; "
                              "varje indikator ska få exakt en regel för måluppfyllelse och en för utveckling.",
                              "Det är ett fel i malmotors regler. Rapportera det med filerna bifogade.")
        decisions[indicator_id] = (by_aspect[FULFILMENT][0], by_aspect[TREND][0])
    return decisions


def _comparison(explainer: Explainer, indicator: Indicator, observation: Observation | None) -> Comparison | None:
    if observation is None:
        return None
    return Comparison(period=observation.period, found=observation.measured, value=observation.value,
                      statuses=observation.statuses, text=explainer.observation_text(indicator, observation),
                      source=observation.source)


def _result(scorecard: Scorecard, explainer: Explainer, perspective: str, strategic: str, goal: str,
            indicator: Indicator, inputs: IndicatorInputs, fulfilment_rule: str, trend_rule: str,
            period: int) -> IndicatorResult:
    legend, lang = scorecard.legend, explainer.lang
    fulfilment, trend = RULES_BY_NAME[fulfilment_rule], RULES_BY_NAME[trend_rule]
    level, arrow_trend = fulfilment.outcome, trend.outcome
    fulfilment_text = explainer.fulfilment(indicator, inputs, fulfilment)
    trend_sentence = explainer.trend(indicator, inputs, trend)
    entry = legend.levels[level]
    short = f"{fulfilment_text} {trend_sentence}"
    value_text = explainer.observation_text(indicator, inputs.current)
    limit = indicator.partial_limit() if isinstance(indicator.target, ThresholdTarget) and indicator.partial else None
    scale = status_scale_for(indicator, scorecard)
    return IndicatorResult(
        id=indicator.id, name=indicator.name, perspective=perspective, strategic_goal=strategic, goal=goal,
        unit=indicator.unit, polarity=indicator.polarity.value if indicator.polarity else None,
        target=indicator.target.phrase, target_text=explainer.target_text(indicator),
        partial_limit=limit, partial_limit_text=explainer.quantity(indicator, limit) if limit is not None else None,
        required_statuses=required_statuses(indicator, scale), unchanged_within=indicator.trend.unchanged_within,
        period=period,
        value=inputs.current.value, statuses=inputs.current.statuses,
        value_text=value_text, value_source=inputs.current.source,
        level=level, level_reason=fulfilment.reason, level_text=entry.text_in(lang),
        symbol=entry.symbol, colour=entry.colour,
        trend=arrow_trend, trend_reason=trend.reason,
        trend_text=legend.trends[arrow_trend].text_in(lang) if arrow_trend else "",
        arrow=legend.trends[arrow_trend].symbol if arrow_trend else "",
        arrow_colour=legend.trends[arrow_trend].colour if arrow_trend else None,
        target_comparison=_comparison(explainer, indicator, inputs.target_base),
        trend_comparison=_comparison(explainer, indicator, inputs.trend_base),
        fulfilment_rule=fulfilment_rule, trend_rule=trend_rule,
        explanation=f"{indicator.name.rstrip('.')}: {short}", short_explanation=short[0].upper() + short[1:],
    )
