"""One normalised durable fact per key: floats only, every attribute present.

Values are turned "higher is better" by the polarity's sign, so one set of rules serves both
polarities; differences are taken in Decimal before the conversion to float, so that
3,8 − 3,4 is exactly 0,4 when the rules compare it with a dead band of 0,4; every comparison
reaches the rules as an exact margin (see `Fact`). The decisions
themselves (which level, which arrow) are left to the rules in `rulebook.py`.
"""

from __future__ import annotations

from decimal import Decimal, localcontext

from ..model import IndicatorInputs, Observation
from ..model import (
    CapabilityTarget,
    ChangeTarget,
    ComparisonTarget,
    Indicator,
    ManualTarget,
    MilestoneTarget,
    NewMeasureTarget,
    NoTarget,
    NoWorseTarget,
    PartialRange,
    PartialStatus,
    RangeTarget,
    ThresholdTarget,
    UnchangedTarget,
    range_distance,
)

class Fact:
    """The attributes of a fact, by name: the contract between the fact builder and the rulebook.

    Every attribute is present in every fact (see BLANK), so no rule condition ever meets a missing
    one, which durable would answer with 'no rule matched'.

    Comparisons reach the rules as the signs of exact margins: each margin is computed in Decimal
    (value − target, change − dead band …) and only its sign (−1.0, 0.0 or 1.0) goes in the fact.
    Comparing two floats instead loses the order when the values are many orders of magnitude apart
    (10¹⁴ + 10⁻³ against a dead band of 10¹⁴), and durable would disagree with the reference
    evaluator. Every margin is signed so that better is positive, and every rule compares a margin
    with 0 only (tests/test_rulebook_contract.py holds the rulebook to that), so the sign decides as
    the margin would; and the facts of a million keys are then a few hundred distinct ones, each
    asserted once (`isolation.distinct_facts`).
    """

    ID = "id"  # the key's label
    KIND = "kind"  # the target kind; capabilities use the milestone rules ("milstolpe")
    STATE = "state"  # mätt, saknas, kan_inte_mätas: the judged period's value, for the arrow
    # the same for what the level is judged on: the value, or for `i snitt … under 2021–2023` every value
    # averaged (saknas when one is missing or the period lies before the first year)
    JUDGED_STATE = "judged_state"
    # value − threshold (or comparison value): ≥ 0 reaches the target (> 0 when STRICT); for a range the
    # nearer of value − low and high − value: ≥ 0 inside
    PAST_TARGET = "margin_to_target"
    STRICT = "strict_threshold"  # över/under, >, <, bättre än: a value on the threshold (margin 0) does not reach it
    PAST_PARTIAL = "margin_to_partial_limit"  # value − limit for 'delvis' (the target when there is none); range: as above

    # Öka/Minska/Ingen ökning/Oförändrat: the comparison value exists; minst medel …: the series' value exists
    HAS_TARGET_BASE = "has_target_base"
    CHANGE_PAST_BAND = "change_beyond_dead_band"  # change − dead band: > 0 is better by more than the band
    CHANGE_PAST_WORSE_BAND = "change_above_minus_dead_band"  # change + dead band: ≥ 0 is not worse than the band allows
    SIZE_PAST_BAND = "size_of_change_beyond_dead_band"  # |change| − dead band: ≤ 0 is unchanged (Oförändrat)
    PARTS_MET = "parts_met"  # milestone parts that reached their required status
    PARTS = "parts"  # milestone parts in all
    PARTS_UNDER_WAY = "parts_under_way"  # milestone parts that reached the status for 'delvis'
    HAS_ARROW = "has_arrow"  # false for Nytt mått: never an arrow
    HAS_DIRECTION = "has_direction"  # better/worse is known (a riktning, or a milestone); else ökat/minskat
    HAS_TREND_BASE = "has_trend_base"  # the arrow's comparison value exists
    # change − the arrow's dead band: > 0 improved (status ranks for milestones; for a range the distance to it
    # before − now: nearer is better)
    TREND_PAST_BAND = "trend_beyond_dead_band"
    TREND_PAST_WORSE_BAND = "trend_above_minus_dead_band"  # change + the arrow's dead band: < 0 worsened


# The attributes that carry a margin's sign; the rules compare each with 0 and nothing else.
MARGINS = (Fact.PAST_TARGET, Fact.PAST_PARTIAL, Fact.CHANGE_PAST_BAND, Fact.CHANGE_PAST_WORSE_BAND,
           Fact.SIZE_PAST_BAND, Fact.TREND_PAST_BAND, Fact.TREND_PAST_WORSE_BAND)

BLANK = {
    Fact.PAST_TARGET: 0.0,
    Fact.STRICT: False,
    Fact.PAST_PARTIAL: 0.0,
    Fact.HAS_TARGET_BASE: False,
    Fact.CHANGE_PAST_BAND: 0.0,
    Fact.CHANGE_PAST_WORSE_BAND: 0.0,
    Fact.SIZE_PAST_BAND: 0.0,
    Fact.PARTS_MET: 0.0,
    Fact.PARTS: 1.0,
    Fact.PARTS_UNDER_WAY: 0.0,
    Fact.HAS_ARROW: True,
    Fact.HAS_DIRECTION: True,
    Fact.HAS_TREND_BASE: False,
    Fact.TREND_PAST_BAND: 0.0,
    Fact.TREND_PAST_WORSE_BAND: 0.0,
}


def fact_state(observation: Observation) -> str:
    return "saknas" if observation.state in ("saknas", "ej_angivet") else observation.state


def judged_state(inputs: IndicatorInputs) -> str:
    """The state of what the level is judged on: the value's, or for an average the first averaged value
    that is not measured ("saknas" when there is none to average: the period lies before the first year)."""
    if not inputs.averaging:
        return fact_state(inputs.current)
    if not inputs.averaged:
        return "saknas"
    return fact_state(inputs.judged) if inputs.judged is not None else "mätt"


def milestone_counts(indicator: Indicator, scale: tuple[str, ...], statuses: tuple[str, ...]) -> tuple[int, int]:
    """(parts that reached their required status, parts that reached the partial status)."""
    rank = {status: index for index, status in enumerate(scale)}
    required = required_statuses(indicator, scale)
    met = progressed = 0
    for status, needed in zip(statuses, required):
        need = rank[needed]
        if isinstance(indicator.partial, PartialStatus):
            partial = min(rank[indicator.partial.status], need)
        else:  # default: the status just below the required one, never the lowest of the scale
            partial = need - 1 if need - 1 > 0 else need
        met += rank[status] >= need
        progressed += rank[status] >= partial
    return met, progressed


def required_statuses(indicator: Indicator, scale: tuple[str, ...]) -> tuple[str, ...]:
    """The status each part of a milestone must reach; "ja" for a capability; none otherwise."""
    if isinstance(indicator.target, MilestoneTarget):
        return tuple(part.required for part in indicator.target.parts)
    if isinstance(indicator.target, CapabilityTarget):
        return (scale[-1],)
    return ()


def status_rank_sum(scale: tuple[str, ...], statuses: tuple[str, ...]) -> int:
    rank = {status: index for index, status in enumerate(scale)}
    return sum(rank[status] for status in statuses)


def _sign(margin) -> float:
    """What the rules read of a margin: whether it is below, at or above 0 (see `Fact`)."""
    return 1.0 if margin > 0 else -1.0 if margin < 0 else 0.0


# Measured values have at most 15 significant digits and 15 decimals, so a margin such as
# 99 999 999 999 999,9 − (−0,000000000000001) − 99 999 999 999 999,9 needs about 31 digits: more
# than Decimal's default 28, which would round it to 0 and give a wrong verdict. 60 is ample.
EXACT_DIGITS = 60


def build_fact(fact_id: str, indicator: Indicator, inputs: IndicatorInputs, scale: tuple[str, ...]) -> dict:
    with localcontext() as context:
        context.prec = EXACT_DIGITS
        return fact_in_context(fact_id, indicator, inputs, scale)


def fact_in_context(fact_id: str, indicator: Indicator, inputs: IndicatorInputs, scale: tuple[str, ...]) -> dict:
    """`build_fact` in a decimal context of `EXACT_DIGITS` already entered (for many facts at once)."""
    target = indicator.target
    current = inputs.current
    fact = {Fact.ID: fact_id, Fact.KIND: target.kind, Fact.STATE: fact_state(current), **BLANK}
    fact[Fact.JUDGED_STATE] = judged_state(inputs)
    sign = indicator.polarity.sign if indicator.polarity else 1
    band = indicator.trend.unchanged_within
    if isinstance(target, (MilestoneTarget, CapabilityTarget)):
        fact[Fact.KIND] = "milstolpe"
        if current.measured:
            met, progressed = milestone_counts(indicator, scale, current.statuses)
            fact.update({Fact.PARTS_MET: float(met), Fact.PARTS: float(len(current.statuses)),
                         Fact.PARTS_UNDER_WAY: float(progressed)})
    elif isinstance(target, ThresholdTarget) and fact[Fact.JUDGED_STATE] == "mätt":
        value = inputs.average() if inputs.averaging else current.value
        fact.update({Fact.PAST_TARGET: _sign(sign * (value - target.bound)), Fact.STRICT: target.strict,
                     Fact.PAST_PARTIAL: _sign(sign * (value - indicator.partial_limit()))})
    elif isinstance(target, RangeTarget) and current.measured:
        value = current.value
        wide = indicator.partial if isinstance(indicator.partial, PartialRange) else target
        fact.update({Fact.PAST_TARGET: _sign(min(value - target.low, target.high - value)),
                     Fact.PAST_PARTIAL: _sign(min(value - wide.low, wide.high - value))})
    elif isinstance(target, ComparisonTarget) and current.measured:
        base = inputs.target_base  # the series' value: a threshold measured for the period
        if base is not None and base.measured:
            fact.update({Fact.HAS_TARGET_BASE: True, Fact.PAST_TARGET: _sign(sign * (current.value - base.value)),
                         Fact.STRICT: target.strict,
                         Fact.PAST_PARTIAL: _sign(sign * (current.value - indicator.partial_limit(base.value)))})
    elif isinstance(target, (ChangeTarget, NoWorseTarget, UnchangedTarget)) and current.measured:
        base = inputs.target_base
        if base is not None and base.measured:
            change = sign * (current.value - base.value)
            fact.update({Fact.HAS_TARGET_BASE: True, Fact.CHANGE_PAST_BAND: _sign(change - band),
                         Fact.CHANGE_PAST_WORSE_BAND: _sign(change + band),
                         Fact.SIZE_PAST_BAND: _sign(abs(change) - band)})
    if isinstance(target, (NoTarget, ManualTarget)) and indicator.polarity is None:
        fact[Fact.HAS_DIRECTION] = False  # the arrow says ökat/minskat, and sign is +1: higher is "better"
    if isinstance(target, NewMeasureTarget):
        fact[Fact.HAS_ARROW] = False
    elif current.measured and inputs.trend_base is not None and inputs.trend_base.measured:
        base = inputs.trend_base
        if isinstance(target, (MilestoneTarget, CapabilityTarget)):
            change, trend_band = status_rank_sum(scale, current.statuses) - status_rank_sum(scale, base.statuses), 0
        elif isinstance(target, RangeTarget):  # nearer the range is better
            change = range_distance(base.value, target.low, target.high) - \
                range_distance(current.value, target.low, target.high)
            trend_band = band
        else:
            change, trend_band = sign * (current.value - base.value), band
        fact.update({Fact.HAS_TREND_BASE: True, Fact.TREND_PAST_BAND: _sign(change - trend_band),
                     Fact.TREND_PAST_WORSE_BAND: _sign(change + trend_band)})
    return fact
