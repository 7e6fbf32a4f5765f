"""One normalised durable fact per key: floats only, every attribute present.

Values are turned "higher is better" by the polarity's sign, so one set of rules serves both
polarities; differences are taken in Decimal before the conversion to float, so that
3,8 − 3,4 is exactly 0,4 when the rules compare it with a dead band of 0,4. The decisions
themselves (which level, which arrow) are left to the rules in `rulebook.py`.
"""

from __future__ import annotations

from decimal import Decimal

from ..model import IndicatorInputs, Observation
from ..model import (
    CapabilityTarget,
    ChangeTarget,
    Indicator,
    MilestoneTarget,
    NewMeasureTarget,
    NoWorseTarget,
    PartialStatus,
    ThresholdTarget,
    UnchangedTarget,
)

class Fact:
    """The attributes of a fact, by name: the contract between the fact builder and the rulebook.

    Every attribute is present in every fact (see BLANK), so no rule condition ever meets a missing
    one, which durable would answer with 'no rule matched'."""

    ID = "id"  # the key's label
    KIND = "kind"  # the target kind; capabilities use the milestone rules ("milstolpe")
    STATE = "state"  # mätt, saknas, kan_inte_mätas
    VALUE = "value"  # the value, signed so that higher is better
    TARGET = "target"  # a threshold target, signed likewise
    PARTIAL_LIMIT = "partial_limit"  # a threshold's limit for 'delvis uppfyllt', signed likewise (the target when there is none)
    HAS_TARGET_BASE = "has_target_base"  # Öka/Minska/Ingen ökning/Oförändrat: the comparison value exists
    CHANGE = "change_from_target_base"  # value − comparison value of the target, signed so that better is positive
    CHANGE_SIZE = "size_of_change_from_target_base"  # |value − comparison value| (for Oförändrat)
    DEAD_BAND = "dead_band"  # how far a value may move and count as unchanged
    MINUS_DEAD_BAND = "minus_dead_band"  # −dead band (conditions hold no arithmetic)
    PARTS_MET = "parts_met"  # milestone parts that reached their required status
    PARTS = "parts"  # milestone parts in all
    PARTS_UNDER_WAY = "parts_under_way"  # milestone parts that reached the status for 'delvis'
    HAS_ARROW = "has_arrow"  # false for Nytt mått: never an arrow
    HAS_TREND_BASE = "has_trend_base"  # the arrow's comparison value exists
    TREND_CHANGE = "change_from_trend_base"  # value − the arrow's comparison value, better positive (status ranks for milestones)
    TREND_DEAD_BAND = "trend_dead_band"  # the arrow's dead band (0 for milestones)
    MINUS_TREND_DEAD_BAND = "minus_trend_dead_band"  # −the arrow's dead band


BLANK = {
    Fact.VALUE: 0.0,
    Fact.TARGET: 0.0,
    Fact.PARTIAL_LIMIT: 0.0,
    Fact.HAS_TARGET_BASE: False,
    Fact.CHANGE: 0.0,
    Fact.CHANGE_SIZE: 0.0,
    Fact.DEAD_BAND: 0.0,
    Fact.MINUS_DEAD_BAND: 0.0,
    Fact.PARTS_MET: 0.0,
    Fact.PARTS: 1.0,
    Fact.PARTS_UNDER_WAY: 0.0,
    Fact.HAS_ARROW: True,
    Fact.HAS_TREND_BASE: False,
    Fact.TREND_CHANGE: 0.0,
    Fact.TREND_DEAD_BAND: 0.0,
    Fact.MINUS_TREND_DEAD_BAND: 0.0,
}


def fact_state(observation: Observation) -> str:
    return "saknas" if observation.state in ("saknas", "ej_angivet") else observation.state


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


def build_fact(fact_id: str, indicator: Indicator, inputs: IndicatorInputs, scale: tuple[str, ...]) -> dict:
    target = indicator.target
    current = inputs.current
    fact = {Fact.ID: fact_id, Fact.KIND: target.kind, Fact.STATE: fact_state(current), **BLANK}
    sign = indicator.polarity.sign if indicator.polarity else 1
    band = indicator.trend.unchanged_within
    if isinstance(target, (MilestoneTarget, CapabilityTarget)):
        fact[Fact.KIND] = "milstolpe"
        if current.measured:
            met, progressed = milestone_counts(indicator, scale, current.statuses)
            fact.update({Fact.PARTS_MET: float(met), Fact.PARTS: float(len(current.statuses)),
                         Fact.PARTS_UNDER_WAY: float(progressed)})
    elif isinstance(target, ThresholdTarget) and current.measured:
        fact.update({Fact.VALUE: float(sign * current.value), Fact.TARGET: float(sign * target.bound),
                     Fact.PARTIAL_LIMIT: float(sign * indicator.partial_limit())})
    elif isinstance(target, (ChangeTarget, NoWorseTarget, UnchangedTarget)) and current.measured:
        base = inputs.target_base
        if base is not None and base.measured:
            difference = current.value - base.value
            fact.update({Fact.HAS_TARGET_BASE: True, Fact.CHANGE: float(sign * difference),
                         Fact.CHANGE_SIZE: float(abs(difference)), Fact.DEAD_BAND: float(band),
                         Fact.MINUS_DEAD_BAND: float(-band)})
    if isinstance(target, NewMeasureTarget):
        fact[Fact.HAS_ARROW] = False
    elif current.measured and inputs.trend_base is not None and inputs.trend_base.measured:
        base = inputs.trend_base
        if isinstance(target, (MilestoneTarget, CapabilityTarget)):
            change, trend_band = status_rank_sum(scale, current.statuses) - status_rank_sum(scale, base.statuses), 0
        else:
            change, trend_band = sign * (current.value - base.value), band
        fact.update({Fact.HAS_TREND_BASE: True, Fact.TREND_CHANGE: float(change),
                     Fact.TREND_DEAD_BAND: float(trend_band), Fact.MINUS_TREND_DEAD_BAND: float(-trend_band)})
    return fact
