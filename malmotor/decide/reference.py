"""A plain-Python evaluator of the same semantics as the rulebook, written independently.

It works on Decimals and the polarity directly (no sign trick, no floats) and names the rule
the durable path should have fired. The tests run both over generated scorecards and demand
the same rule names; the benchmark measures both. It is also a production path:
`assess(..., engine="reference")` decides with it, where durable-rules cannot run.
"""

from __future__ import annotations

from decimal import localcontext

from ..model import IndicatorInputs
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
    PartialMargin,
    PartialRange,
    PartialStatus,
    Polarity,
    RangeTarget,
    ThresholdTarget,
    UnchangedTarget,
)


def decide(indicator: Indicator, inputs: IndicatorInputs, scale: tuple[str, ...]) -> tuple[str, str]:
    """(fulfilment rule name, trend rule name), computed exactly (see facts.EXACT_DIGITS)."""
    with localcontext() as context:
        context.prec = 60
        return _fulfilment(indicator, inputs, scale), _trend(indicator, inputs, scale)


def _missing(state: str, aspect: str) -> str | None:
    if state in ("saknas", "ej_angivet"):
        return f"{aspect}.saknar_värde"
    if state == "kan_inte_mätas":
        return f"{aspect}.kan_inte_mätas"
    return None


def _better(polarity: Polarity | None, a, b) -> bool:
    """Is value a strictly better than b?"""
    return a < b if polarity is Polarity.LOWER_IS_BETTER else a > b


def _fulfilment(indicator: Indicator, inputs: IndicatorInputs, scale: tuple[str, ...]) -> str:
    current, target = inputs.current, indicator.target
    if isinstance(target, ManualTarget):  # people judge it, whether there is a value or not
        return "uppfyllelse.bedöms_manuellt"
    if inputs.averaging:  # `i snitt`: judged on every value averaged, each of which must be there
        if not inputs.averaged:
            return "uppfyllelse.saknar_värde"
        if inputs.judged is not None:
            return _missing(inputs.judged.state, "uppfyllelse")
    elif missing := _missing(current.state, "uppfyllelse"):
        return missing
    if isinstance(target, NewMeasureTarget):
        return "uppfyllelse.nytt_mått"
    if isinstance(target, NoTarget):
        return "uppfyllelse.inget_mål"
    if isinstance(target, ThresholdTarget):
        lower = indicator.polarity is Polarity.LOWER_IS_BETTER
        value = inputs.average() if inputs.averaging else current.value
        if target.strict:  # över/under: the bound itself is not enough
            if _better(indicator.polarity, value, target.bound):
                return "uppfyllelse.gräns.strikt.uppfyllt"
            if value == target.bound:
                # a band lies on the worse side of the target, so a value on the target is within it
                return "uppfyllelse.gräns.strikt.på_gränsen." + ("delvis" if indicator.partial else "ej")
        elif value <= target.bound if lower else value >= target.bound:
            return "uppfyllelse.gräns.uppfyllt"
        if indicator.partial is None:
            return "uppfyllelse.gräns.ej"
        limit = indicator.partial_limit()  # the rounding of a share of the target is part of its definition
        within = value <= limit if lower else value >= limit
        return "uppfyllelse.gräns.delvis" if within else "uppfyllelse.gräns.ej"
    if isinstance(target, RangeTarget):
        return _in_range(indicator, target, current.value)
    if isinstance(target, ComparisonTarget):
        return _compared(indicator, target, current.value, inputs.target_base)
    if isinstance(target, (ChangeTarget, NoWorseTarget, UnchangedTarget)):
        base = inputs.target_base
        if base is None or not base.measured:
            return f"uppfyllelse.{target.kind}.saknar_jämförelsevärde"
        band = indicator.trend.unchanged_within
        change = current.value - base.value
        if isinstance(target, UnchangedTarget):
            ok = abs(change) <= band
        elif isinstance(target, ChangeTarget):
            higher = target.direction == "öka" or target.direction == "förbättra" and \
                indicator.polarity is not Polarity.LOWER_IS_BETTER  # förbättra: better as riktning says
            ok = change > band if higher else -change > band
        else:
            ok = change <= band if target.forbidden == "ökning" else -change <= band
        return f"uppfyllelse.{target.kind}.{'uppfyllt' if ok else 'ej'}"
    return _milestone(indicator, current.statuses, scale)


def _compared(indicator: Indicator, target: ComparisonTarget, value, base) -> str:
    """`minst medel`, `bättre än medel`: against the series' value of the period, with the band of
    `inom 10 % av medel` measured as a share of that value's size, on its worse side."""
    name = "uppfyllelse.jämförelse"
    if base is None or not base.measured:
        return f"{name}.saknar_jämförelsevärde"
    compared, polarity = base.value, indicator.polarity
    band = indicator.partial.share * abs(compared) if isinstance(indicator.partial, PartialMargin) else 0
    if _better(polarity, value, compared):
        return f"{name}.strikt.uppfyllt" if target.strict else f"{name}.uppfyllt"
    if value == compared:
        return f"{name}.strikt.lika.{'delvis' if band > 0 else 'ej'}" if target.strict else f"{name}.uppfyllt"
    return f"{name}.delvis" if abs(value - compared) <= band else f"{name}.ej"


def _in_range(indicator: Indicator, target: RangeTarget, value) -> str:
    """`95–105 %`: inside the range (bounds included), else inside the wider `delvis` range, if any."""
    if target.low <= value <= target.high:
        return "uppfyllelse.intervall.uppfyllt"
    partial = indicator.partial
    if isinstance(partial, PartialRange) and partial.low <= value <= partial.high:
        return "uppfyllelse.intervall.delvis"
    return "uppfyllelse.intervall.ej"


def _outside(value, target: RangeTarget):
    """How far a value lies from the range: 0 inside."""
    if value < target.low:
        return target.low - value
    if value > target.high:
        return value - target.high
    return 0


def _milestone(indicator: Indicator, statuses: tuple[str, ...], scale: tuple[str, ...]) -> str:
    target = indicator.target
    required = [part.required for part in target.parts] if isinstance(target, MilestoneTarget) else [scale[-1]]
    position = scale.index
    all_met = all(position(s) >= position(r) for s, r in zip(statuses, required))
    if all_met:
        return "uppfyllelse.milstolpe.uppfyllt"
    for status, needed in zip(statuses, required):
        if isinstance(indicator.partial, PartialStatus):
            threshold = min(position(indicator.partial.status), position(needed))
        elif position(needed) >= 2:
            threshold = position(needed) - 1
        else:
            threshold = position(needed)
        if position(status) >= threshold:
            return "uppfyllelse.milstolpe.delvis"
    return "uppfyllelse.milstolpe.ej"


def _trend(indicator: Indicator, inputs: IndicatorInputs, scale: tuple[str, ...]) -> str:
    current, target = inputs.current, indicator.target
    if missing := _missing(current.state, "utveckling"):
        return missing
    if isinstance(target, NewMeasureTarget):
        return "utveckling.nytt_mått"
    base = inputs.trend_base
    if base is None or not base.measured:
        return "utveckling.saknar_jämförelsevärde"
    if isinstance(target, (MilestoneTarget, CapabilityTarget)):
        now = sum(scale.index(s) for s in current.statuses)
        before = sum(scale.index(s) for s in base.statuses)
        polarity, band = Polarity.HIGHER_IS_BETTER, 0
    elif isinstance(target, RangeTarget):  # nearer the range is better: the distance, lower is better
        now, before = _outside(current.value, target), _outside(base.value, target)
        polarity, band = Polarity.LOWER_IS_BETTER, indicator.trend.unchanged_within
    else:
        now, before, polarity, band = current.value, base.value, indicator.polarity, indicator.trend.unchanged_within
    if abs(now - before) <= band:
        return "utveckling.oförändrat"
    if polarity is None:  # no target and no riktning: only the raw direction
        return "utveckling.ökat" if now > before else "utveckling.minskat"
    return "utveckling.förbättring" if _better(polarity, now, before) else "utveckling.försämring"
