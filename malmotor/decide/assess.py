"""Assess: measures + scorecard + period → one language-neutral verdict per key.

The verdicts come from durable-rules firing in a worker process (or, with
`engine="reference"`, from the plain-Python evaluator of the same semantics); nothing here
writes a sentence.
"""

from __future__ import annotations

from decimal import localcontext

from ..diagnostics import Bilingual, EngineError, MeasuresError, OptionError, error, suggestion
from ..model import (
    Assessment,
    ComparisonTarget,
    Indicator,
    IndicatorInputs,
    Key,
    ManualAssessments,
    Measures,
    NodeVerdict,
    Scorecard,
    ThresholdTarget,
    Verdict,
)
from ..model.trusted import trusted
from ..gcpause import collector_paused
from ..model.period import Period
from ..stages import stage
from .facts import EXACT_DIGITS, fact_in_context, required_statuses
from .gaps import with_group_rules
from .inputs import gather_inputs, sparse_period_in
from .isolation import DEFAULT_TIMEOUT, MALMOTOR_BUG, fire_isolated, one_worker
from .levels import (bounds, choose_level, index_of, level_fact, level_rules, node_level_fact, rule_name,
                     share_of_target, shown_share)
from . import interim, manual
from .rollup import roll_up
from .reference import decide
from .rulebook import FULFILMENT, RULES_BY_NAME, TREND, ruleset_definition

ENGINES = ("durable", "reference")


def assess(scorecard: Scorecard, measures: Measures, period: Period | str | int | None = None, *,
           engine: str = "durable", org_unit: str | None = None, timeout: float = DEFAULT_TIMEOUT,
           assessments: ManualAssessments | None = None) -> Assessment:
    """Every key's verdict for `period` (default: the latest period in the measures).

    `org_unit` restricts the assessment to one organisational unit. `engine="reference"` decides
    with the plain-Python evaluator instead of durable-rules (same verdicts, checked by the tests).
    `assessments` (from `load_assessments`) are people's decisions, kept beside the computed verdicts;
    the roll-up uses the decided levels.
    """
    if engine not in ENGINES:
        raise ValueError(f"engine must be one of {ENGINES}, not {engine!r}")
    with stage("verdicts"), collector_paused():  # tens of thousands of models kept, hardly a cycle among them
        return _assess(scorecard, measures, period, engine, org_unit, timeout, assessments)


def _assess(scorecard: Scorecard, measures: Measures, period: Period | str | int | None, engine: str,
            org_unit: str | None, timeout: float, assessments: ManualAssessments | None) -> Assessment:
    if org_unit is not None:
        measures = _only_unit(scorecard, measures, org_unit)
    # model_copy: a part of a run of many units (scale/chunk.py) keeps the run's periods
    own = measures.model_copy(update={"values": tuple(value for value in measures.values
                                                      if not for_every_unit(scorecard, value))}) \
        if scorecard.comparison_series else measures
    # a latest period with only a few values may be a mistyped year: said when it is judged by default
    sparse = sparse_period_in(own) if period is None else None
    period = period_to_judge(own, period, org_unit)  # comparison values alone make no period to judge
    scorecard = interim.targets_for_period(scorecard, period)  # `delårsmål`: the target of an interim period
    with stage("interpret"):
        inputs, warnings = gather_inputs(scorecard, measures, period)
    with one_worker():  # the rows, the gap rules, the roll-up's layers, the legend's levels: one worker forked
        indicators = scorecard.indicators()
        if engine == "durable":
            decisions = decide_with_durable(scorecard, inputs, timeout)
        else:
            decisions = {}
            for key, key_inputs in inputs.items():
                indicator = indicators[key.indicator]
                decisions[key] = decide(indicator, key_inputs, scorecard.status_scale_for(indicator))
        verdicts = tuple(_verdict(scorecard, indicators[key.indicator], key, inputs[key], *decisions[key])
                         for key in inputs)
        verdicts = with_group_rules(scorecard, verdicts, engine, timeout)  # `skillnad`, `bedöms på: alla grupper`
        no_partial = interim.no_partial_at_year_end(scorecard, period)  # `delvis vid årsbokslut: nej`
        verdicts = tuple(interim.at_year_end(list(verdicts), interim.row_labels(verdicts), no_partial, engine, timeout))
        manual.check_against_measures(assessments, scorecard, measures, period, verdicts)
        decisions_now = manual.for_period(assessments, period)
        verdicts = manual.on_rows(verdicts, decisions_now)
        node_verdicts = roll_up(scorecard, verdicts, engine, timeout, decisions_now,
                                lambda layer: interim.at_year_end(layer, interim.node_labels(layer), no_partial, engine,
                                                                  timeout))
        if scorecard.legend.declared:
            verdicts, node_verdicts = _with_declared_levels(scorecard, verdicts, node_verdicts, engine, timeout)
    verdicts, node_verdicts = manual.with_staleness(verdicts), manual.with_staleness(node_verdicts)
    warnings.extend(manual.warnings(scorecard, verdicts, node_verdicts, period))
    ahead = (sparse,) if sparse is not None else ()  # first, as a run in chunks has it (scale/run.py)
    return Assessment(scorecard=scorecard, period=period, engine=engine,
                      warnings=ahead + scorecard.warnings + tuple(warnings),
                      verdicts=verdicts, node_verdicts=node_verdicts)


def period_to_judge(measures: Measures, period: Period | str | int | None, org_unit: str | None) -> Period:
    periods = measures.periods()
    if period is None:
        if not periods:
            raise MeasuresError([error("mätvärden", None, Bilingual("Mätvärdena innehåller inga perioder.",
                                                                    "The measured values contain no periods."),
                                       Bilingual("Ange minst en mätvärdesfil med 'period' och 'värden'.",
                                                 "Give at least one measures file with 'period' and 'värden'."),
                                       code="inga-perioder")])
        return periods[-1]
    if not isinstance(period, Period):
        period = Period.parse(period)  # "2024", "T2 2019" from a form or a command line; PeriodError if not
    if period not in periods:
        known = ", ".join(p.text for p in periods) or "inga"
        known_en = ", ".join(f"'{p.text}'" for p in periods) or "none"
        where = f" för enheten '{org_unit}'" if org_unit is not None else ""
        where_en = f" for the unit '{org_unit}'" if org_unit is not None else ""
        raise OptionError([error("--period", None, Bilingual(
            f"Perioden {period.text} finns inte i mätvärdena{where} (perioder: {known}).",
            f"The period '{period.text}' is not in the measured values{where_en} (periods: {known_en})."),
            Bilingual("Ange en period som finns, eller lägg till en mätvärdesfil för perioden.",
                      "Give a period that the measured values have, or add a measures file for the period."),
            code="okänd-period")])
    return period


def _only_unit(scorecard: Scorecard, measures: Measures, org_unit: str) -> Measures:
    chosen = measures.for_org_unit(org_unit, scorecard.kolada_units)
    if not any(value.comparison is None for value in chosen.values):
        named = measures.org_units()
        units = [unit for unit in scorecard.org_units if unit.casefold() in {n.casefold() for n in named}] or named
        known = ", ".join(units) if units else "inga (mätvärdena anger ingen enhet)"
        known_en = ", ".join(f"'{unit}'" for unit in units) if units else "none (the measured values name no unit)"
        raise OptionError([error("--enhet", None, Bilingual(f"Enheten '{org_unit}' finns inte i mätvärdena.",
                                                            f"The unit '{org_unit}' is not in the measured values."),
                                 suggestion(org_unit, units) + Bilingual(f"Enheterna är: {known}.",
                                                                         f"The units are: {known_en}."),
                                 code="okänd-enhet")])
    # Comparison values given for every unit (riket, from Kolada too) stay with the unit's own values.
    return Measures(values=chosen.values + tuple(value for value in measures.values
                                                 if for_every_unit(scorecard, value)))


def for_every_unit(scorecard: Scorecard, value) -> bool:
    """A comparison value given without a unit, or one Kolada gives under a series' id (`"0000"`,
    riket) before the rule file's names are put on it (load_checked_measures does that)."""
    if value.comparison is not None:
        return value.org_unit is None
    return value.kolada is not None and any(series.kolada == value.kolada.unit_id
                                            for series in scorecard.comparison_series)


def build_facts(scorecard: Scorecard, inputs: dict[Key, IndicatorInputs]) -> list[dict]:
    indicators = scorecard.indicators()
    facts = []
    with stage("facts"), localcontext() as context:  # one context for all, as `build_fact` takes one for one
        context.prec = EXACT_DIGITS
        for key, key_inputs in inputs.items():
            indicator = indicators[key.indicator]
            facts.append(fact_in_context(key.label(), indicator, key_inputs, scorecard.status_scale_for(indicator)))
    return facts


def decide_with_durable(scorecard: Scorecard, inputs: dict[Key, IndicatorInputs],
                        timeout: float = DEFAULT_TIMEOUT) -> dict[Key, tuple[str, str]]:
    """(fulfilment rule, trend rule) per key, from durable-rules firing in a worker process."""
    run = fire_isolated(ruleset_definition(), build_facts(scorecard, inputs), timeout)
    decisions = {}
    for key in inputs:
        names = run.fired.get(key.label(), [])
        by_aspect: dict[str, list[str]] = {FULFILMENT: [], TREND: []}
        for name in names:
            by_aspect[RULES_BY_NAME[name].aspect].append(name)
        if len(by_aspect[FULFILMENT]) != 1 or len(by_aspect[TREND]) != 1:
            raise EngineError(Bilingual(f"Regelmotorn gav {names or 'inga regler'} för '{key.label()}'; varje "
                                        "indikator ska få exakt en regel för måluppfyllelse och en för utveckling.",
                                        f"The rule engine gave {names or 'no rules'} for '{key.label()}'; every "
                                        "indicator must get exactly one rule for its fulfilment and one for its "
                                        "trend."),
                              Bilingual("Det är ett fel i malmotors regler. Rapportera det med filerna bifogade.",
                                        "This is a bug in malmotor's rules. Please report it with the files attached."))
        decisions[key] = (by_aspect[FULFILMENT][0], by_aspect[TREND][0])
    return decisions


def _verdict(scorecard: Scorecard, indicator: Indicator, key: Key, inputs: IndicatorInputs, fulfilment_rule: str,
             trend_rule: str) -> Verdict:
    fulfilment, trend = RULES_BY_NAME[fulfilment_rule], RULES_BY_NAME[trend_rule]
    limit = None
    if isinstance(indicator.target, ThresholdTarget) and indicator.partial:
        limit = indicator.partial_limit()
    elif isinstance(indicator.target, ComparisonTarget) and indicator.partial and inputs.target_base.measured:
        limit = indicator.partial_limit(inputs.target_base.value)  # from the series' value of the period
    return trusted(Verdict, key=key, level=fulfilment.outcome, level_reason=fulfilment.reason, trend=trend.outcome,
                   trend_reason=trend.reason, fulfilment_rule=fulfilment_rule, trend_rule=trend_rule, inputs=inputs,
                   partial_limit=limit,
                   required_statuses=required_statuses(indicator, scorecard.status_scale_for(indicator)))


def _with_declared_levels(scorecard: Scorecard, verdicts: tuple[Verdict, ...], node_verdicts: tuple[NodeVerdict, ...],
                          engine: str, timeout: float) -> tuple[tuple[Verdict, ...], tuple[NodeVerdict, ...]]:
    """Each judged verdict with the declared level of the legend it gets (a second, small ruleset); a node's
    verdict, which has no share and no arrow, gets the first level of its verdict."""
    legend, indicators = scorecard.legend, scorecard.indicators()
    judged = [verdict for verdict in verdicts if choose_level(legend, verdict.level, verdict.trend, None) is not None]
    nodes = [verdict for verdict in node_verdicts if choose_level(legend, verdict.level, None, None) is not None]
    node_ids = {id(verdict): f"nod {verdict.node} @ {verdict.org_unit}" for verdict in nodes}
    if engine == "durable":
        legend_bounds = bounds(legend)
        facts = [level_fact(verdict.key.label(), verdict.level, verdict.trend, indicators[verdict.key.indicator],
                            verdict.inputs, legend_bounds) for verdict in judged]
        facts += [node_level_fact(node_ids[id(verdict)], verdict.level, legend_bounds) for verdict in nodes]
        fired = fire_isolated(level_rules(legend), facts, timeout).fired if facts else {}

        def chosen_for(fact_id: str) -> str:
            names = fired.get(fact_id, [])
            if len(names) != 1:
                raise EngineError(Bilingual(f"Regelmotorn gav {names or 'inga regler'} för teckenförklaringens nivå "
                                            f"för '{fact_id}'; varje bedömd rad ska få exakt en nivå.",
                                            f"The rule engine gave {names or 'no rules'} for the legend's level of "
                                            f"'{fact_id}'; every assessed row must get exactly one level."),
                                  MALMOTOR_BUG)
            return names[0]

        chosen = {verdict.key: chosen_for(verdict.key.label()) for verdict in judged}
        chosen_nodes = {id(verdict): chosen_for(node_ids[id(verdict)]) for verdict in nodes}
    else:
        chosen = {verdict.key: rule_name(choose_level(legend, verdict.level, verdict.trend,
                                                      share_of_target(indicators[verdict.key.indicator],
                                                                      verdict.inputs)))
                  for verdict in judged}
        chosen_nodes = {id(verdict): rule_name(choose_level(legend, verdict.level, None, None)) for verdict in nodes}
    verdicts = tuple(verdict.model_copy(update={
        "legend_level": index_of(chosen[verdict.key]), "legend_rule": chosen[verdict.key],
        "share": shown_share(share_of_target(indicators[verdict.key.indicator], verdict.inputs))})
        if verdict.key in chosen else verdict for verdict in verdicts)
    node_verdicts = tuple(verdict.model_copy(update={"legend_level": index_of(chosen_nodes[id(verdict)]),
                                                     "legend_rule": chosen_nodes[id(verdict)]})
                          if id(verdict) in chosen_nodes else verdict for verdict in node_verdicts)
    return verdicts, node_verdicts
