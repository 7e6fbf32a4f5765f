"""One normalised durable fact per indicator: floats only, every attribute present.

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

ZERO = Decimal(0)

_BLANK = {
    "score": 0.0, "goal": 0.0, "partial": 0.0,
    "has_base": False, "delta": 0.0, "absdelta": 0.0, "band": 0.0, "negband": 0.0,
    "met": 0.0, "total": 1.0, "progressed": 0.0,
    "trend_on": True, "has_tbase": False, "tdelta": 0.0, "tband": 0.0, "ntband": 0.0,
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


def build_fact(indicator: Indicator, inputs: IndicatorInputs, scale: tuple[str, ...]) -> dict:
    target = indicator.target
    current = inputs.current
    fact = {"id": indicator.id, "kind": target.kind, "state": fact_state(current), **_BLANK}
    sign = indicator.polarity.sign if indicator.polarity else 1
    band = indicator.trend.unchanged_within
    if isinstance(target, (MilestoneTarget, CapabilityTarget)):
        fact["kind"] = "milstolpe"
        if current.measured:
            met, progressed = milestone_counts(indicator, scale, current.statuses)
            fact.update(met=float(met), total=float(len(current.statuses)), progressed=float(progressed))
    elif isinstance(target, ThresholdTarget) and current.measured:
        fact.update(score=float(sign * current.value), goal=float(sign * target.bound),
                    partial=float(sign * indicator.partial_limit()))
    elif isinstance(target, (ChangeTarget, NoWorseTarget, UnchangedTarget)) and current.measured:
        base = inputs.target_base
        if base is not None and base.measured:
            difference = current.value - base.value
            fact.update(has_base=True, delta=float(sign * difference), absdelta=float(abs(difference)),
                        band=float(band), negband=float(-band))
    if isinstance(target, NewMeasureTarget):
        fact["trend_on"] = False
    elif current.measured and inputs.trend_base is not None and inputs.trend_base.measured:
        base = inputs.trend_base
        if isinstance(target, (MilestoneTarget, CapabilityTarget)):
            tdelta, tband = status_rank_sum(scale, current.statuses) - status_rank_sum(scale, base.statuses), ZERO
        else:
            tdelta, tband = sign * (current.value - base.value), band
        fact.update(has_tbase=True, tdelta=float(tdelta), tband=float(tband), ntband=float(-tband))
    return fact
