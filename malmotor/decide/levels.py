"""Levels beyond three: which declared level of the legend (`teckenförklaring: nivåer:`) a judged row gets.

The three verdicts come from the rulebook; a legend with more levels splits them by the share of
the target reached (`andel`) and by the arrow. Those declared levels are compiled into a second,
small durable ruleset, one rule per level (a handful, whatever the size of the scorecard), and
every judged key becomes one fact of that ruleset: its verdict, its arrow and exact margins of
its share to every bound the legend names. `choose_level` is the plain-Python reference of the
same choice, written apart from the compilation.

The loader has made sure the declared levels cover every verdict, arrow and share exactly once
(`load/legendlevels.py`), so exactly one rule fires per fact. A target that gives no share (Öka,
a milestone, a range, a target of 0) takes the first level, in the legend's order, for its verdict
and arrow.
"""

from __future__ import annotations

from decimal import ROUND_FLOOR, Decimal, localcontext

from ..model import (
    ASSESSED_LEVELS,
    JUDGED_TRENDS,
    NO_ARROW,
    ComparisonTarget,
    Indicator,
    IndicatorInputs,
    Legend,
    Level,
    Polarity,
    ThresholdTarget,
    Trend,
)
from .facts import EXACT_DIGITS

RULE_PREFIX = "nivå."


class LevelFact:
    """The attributes of a level fact, by name (the contract between `level_fact` and `level_rules`)."""

    ID = "id"
    COUNTS_AS = "counts_as"  # the verdict: uppfyllt, delvis_uppfyllt, ej_uppfyllt
    TREND = "trend"  # forbattring, oforandrat, forsamring or ingen_pil
    HAS_SHARE = "has_share"  # the target gives a share (a threshold or comparison value above 0)
    SHARE_PAST = "share_past_{}"  # share − the legend's k-th bound (per cent): ≥ 0 reaches it; exact sign


def share_parts(indicator: Indicator, inputs: IndicatorInputs) -> tuple[Decimal, Decimal] | None:
    """(numerator, denominator) of the share of the target reached: value / target when higher is
    better, target / value when lower is better (the reading of `minst 80 % av målet`); None when the
    target is not a number (Öka, milestones, ranges) or the denominator is not above 0."""
    current, target = inputs.current, indicator.target
    value = inputs.average() if inputs.averaging else current.value  # `i snitt`: the average is judged
    if value is None or not inputs.averaging and not current.measured:
        return None
    if isinstance(target, ThresholdTarget):
        bound = target.bound
    elif isinstance(target, ComparisonTarget) and inputs.target_base is not None and inputs.target_base.measured:
        bound = inputs.target_base.value
    else:
        return None
    if indicator.polarity is Polarity.LOWER_IS_BETTER:
        numerator, denominator = bound, value
    else:
        numerator, denominator = value, bound
    return (numerator, denominator) if denominator > 0 else None


def share_of_target(indicator: Indicator, inputs: IndicatorInputs) -> Decimal | None:
    """The exact share in per cent (60 digits)."""
    parts = share_parts(indicator, inputs)
    if parts is None:
        return None
    with localcontext() as context:
        context.prec = EXACT_DIGITS
        return parts[0] * 100 / parts[1]


def shown_share(share: Decimal | None) -> Decimal | None:
    """Rounded down to two decimals, so that a share shown as 80 % has reached a bound of 80 % (the
    loader allows bounds of at most two decimals) and one below it is never shown as 80 %."""
    if share is None:
        return None
    with localcontext() as context:
        context.prec = EXACT_DIGITS  # 10¹⁵ against a target of 10⁻¹⁵ is a share of 34 digits
        return share.quantize(Decimal("0.01"), rounding=ROUND_FLOOR).normalize()


def bounds(legend: Legend) -> tuple[Decimal, ...]:
    """Every share bound the declared levels name, in order: the k-th is fact attribute SHARE_PAST(k)."""
    named = {bound for level in legend.declared for bound in (level.share_from, level.share_below) if bound is not None}
    return tuple(sorted(named))


def level_fact(fact_id: str, level: Level, trend: Trend | None, indicator: Indicator, inputs: IndicatorInputs,
               legend_bounds: tuple[Decimal, ...]) -> dict:
    fact = {LevelFact.ID: fact_id, LevelFact.COUNTS_AS: level.value,
            LevelFact.TREND: trend.value if trend is not None else NO_ARROW, LevelFact.HAS_SHARE: False}
    parts = share_parts(indicator, inputs)
    with localcontext() as context:
        context.prec = EXACT_DIGITS
        for k, bound in enumerate(legend_bounds):
            # share ≥ bound ⇔ numerator·100 − bound·denominator ≥ 0, as the denominator is above 0
            margin = parts[0] * 100 - bound * parts[1] if parts is not None else Decimal(0)
            fact[LevelFact.SHARE_PAST.format(k)] = float(margin)
    fact[LevelFact.HAS_SHARE] = parts is not None
    return fact


def node_level_fact(fact_id: str, level: Level, legend_bounds: tuple[Decimal, ...]) -> dict:
    """A node's verdict in the level ruleset: no share and no arrow, so the first level of its verdict."""
    fact = {LevelFact.ID: fact_id, LevelFact.COUNTS_AS: level.value, LevelFact.TREND: NO_ARROW,
            LevelFact.HAS_SHARE: False}
    fact.update({LevelFact.SHARE_PAST.format(k): 0.0 for k in range(len(legend_bounds))})
    return fact


def _trend_condition(trends: tuple[str, ...]) -> list[dict]:
    if set(trends) >= set(JUDGED_TRENDS):
        return []
    if len(trends) == 1:
        return [{LevelFact.TREND: trends[0]}]
    return [{"$or": [{LevelFact.TREND: trend} for trend in trends]}]


def _first_for(legend: Legend, index: int) -> tuple[str, ...]:
    """The arrows for which `index` is the first level of its verdict: where a row without a share goes."""
    level = legend.declared[index]
    earlier = {trend for other in legend.declared[:index] if other.counts_as is level.counts_as for trend in other.trends}
    return tuple(trend for trend in level.trends if trend not in earlier)


def level_rules(legend: Legend) -> dict:
    """The declared levels as a ruleset in durable's JSON grammar: one rule per level."""
    places = {bound: k for k, bound in enumerate(bounds(legend))}
    definition = {}
    for index, level in enumerate(legend.declared):
        conditions = [{LevelFact.COUNTS_AS: level.counts_as.value}, *_trend_condition(level.trends)]
        if level.has_share:
            in_share = [{LevelFact.HAS_SHARE: True}]
            if level.share_from is not None:
                in_share.append({"$gte": {LevelFact.SHARE_PAST.format(places[level.share_from]): 0}})
            if level.share_below is not None:
                in_share.append({"$lt": {LevelFact.SHARE_PAST.format(places[level.share_below]): 0}})
            fallback = _first_for(legend, index)
            if fallback:
                conditions.append({"$or": [{"$and": in_share},
                                           {"$and": [{LevelFact.HAS_SHARE: False}, *_trend_condition(fallback)]}]})
            else:
                conditions.extend(in_share)
        definition[rule_name(index)] = {"all": [{"m": {"$and": conditions}}]}
    return definition


def rule_name(index: int) -> str:
    return f"{RULE_PREFIX}{index + 1}"


def index_of(rule: str) -> int:
    return int(rule[len(RULE_PREFIX):]) - 1


def choose_level(legend: Legend, level: Level, trend: Trend | None, share: Decimal | None) -> int | None:
    """The reference: the declared level for a verdict, arrow and exact share; None if the legend has none."""
    if not legend.declared or level not in ASSESSED_LEVELS:
        return None
    arrow = trend.value if trend is not None else NO_ARROW
    candidates = [index for index, declared in enumerate(legend.declared)
                  if declared.counts_as is level and arrow in declared.trends]
    if share is None:
        return candidates[0]
    return next(index for index in candidates if legend.declared[index].takes_share(share))

