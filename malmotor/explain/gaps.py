"""Group rules in words: a gap's own explanation, and the sentence of a level taken from every group.

"Sjukfrånvaro: skillnaden mellan män (4,47 %) och kvinnor (2,07 %) är 2,4 procentenheter; högst
1 procentenhet tillåts (ej uppfyllt)." The higher value is named first, as a report says it.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from ..model import GapResult, GapVerdict, GroupCounted, GroupsResult, Indicator, Level, Verdict
from ..numbers import decimals_of, format_number, format_quantity, trimmed
from .sentences import Explainer

TEXTS = {
    "sv": {
        "gap": "skillnaden mellan {high} ({high_value}) och {low} ({low_value}) är {gap}; högst {limit} tillåts",
        "gap_missing": "skillnaden mellan {first} och {second} kan inte bedömas: {why}",
        "one_missing": "värde för {group} {period} saknas i mätvärdena",
        "both_missing": "värden för {first} och {second} {period} saknas i mätvärdena",
        "not_measurable": "värdet för {group} {period} kan inte mätas, enligt mätvärdena",
        "point": "procentenhet",
        "points": "procentenheter",
        "groups": "bedöms på {judged_on}: {groups}; totalt {total}",
        "no_groups": "bedöms på {judged_on}, men ingen grupp har värden; totalt {total}",
        "group": "{group} {value} {level}",
        "group_unassessed": "{group} {value} ({level}, räknas inte)",
        "all_groups": "alla grupper",
        "all_groups_in": "alla grupper i {dimension}",
        "gap_name": "skillnad {first}–{second}",
    },
    "en": {
        "gap": "the gap between {high} ({high_value}) and {low} ({low_value}) is {gap}; at most {limit} is allowed",
        "gap_missing": "the gap between {first} and {second} cannot be assessed: {why}",
        "one_missing": "no value for {group} for {period} in the measures",
        "both_missing": "no values for {first} and {second} for {period} in the measures",
        "not_measurable": "the value for {group} for {period} cannot be measured, according to the measures",
        "point": "percentage point",
        "points": "percentage points",
        "groups": "judged on {judged_on}: {groups}; in all {total}",
        "no_groups": "judged on {judged_on}, but no group has a value; in all {total}",
        "group": "{group} {value} {level}",
        "group_unassessed": "{group} {value} ({level}, not counted)",
        "all_groups": "every group",
        "all_groups_in": "every group in {dimension}",
        "gap_name": "gap {first}–{second}",
    },
}


def gap_amount(explainer: Explainer, indicator: Indicator, amount: Decimal, decimals: int | None = None) -> str:
    """A gap or its limit: in percentage points for an indicator in %, else in the indicator's unit."""
    if indicator.unit == "%":
        t = TEXTS[explainer.lang]
        word = t["point"] if amount == 1 else t["points"]
        return f"{format_number(amount, decimals, explainer.lang)} {word}"
    return format_quantity(amount, indicator.unit, decimals, explainer.lang)


def _shown_gap(explainer: Explainer, indicator: Indicator, gap: Decimal, limit: Decimal) -> str:
    """The gap with the indicator's decimals, unless rounding would put it on the other side of the limit
    (or on it): then as exactly as the values give it, so the sentence never contradicts the verdict."""
    exact = trimmed(gap)
    if indicator.decimals is None:
        return gap_amount(explainer, indicator, exact)
    rounded = gap.quantize(Decimal(1).scaleb(-indicator.decimals), rounding=ROUND_HALF_UP)  # as shown
    if (rounded > limit) != (gap > limit) or (rounded == limit) != (gap == limit):
        return gap_amount(explainer, indicator, exact, max(decimals_of(exact), indicator.decimals))
    return gap_amount(explainer, indicator, gap, indicator.decimals)


def gap_name(lang: str, gap: GapVerdict) -> str:
    """What a gap row is called in a table: "skillnad kvinnor–män"."""
    return TEXTS[lang]["gap_name"].format(first=gap.rule.first.name, second=gap.rule.second.name)


def gap_result(explainer: Explainer, indicator: Indicator, gap: GapVerdict) -> GapResult:
    t, lang, rule = TEXTS[explainer.lang], explainer.lang, gap.rule
    first, second = rule.first.name, rule.second.name
    limit = gap_amount(explainer, indicator, trimmed(rule.limit))
    gap_text = None
    if gap.gap is not None:
        gap_text = _shown_gap(explainer, indicator, gap.gap, rule.limit)
        high, low = (gap.first, gap.second) if gap.first.value >= gap.second.value else (gap.second, gap.first)
        names = {id(gap.first): first, id(gap.second): second}
        body = t["gap"].format(high=names[id(high)], high_value=explainer.observation_text(indicator, high),
                               low=names[id(low)], low_value=explainer.observation_text(indicator, low),
                               gap=gap_text, limit=limit)
    else:
        body = t["gap_missing"].format(first=first, second=second, why=_why(explainer, gap))
    entry = explainer.legend.levels[gap.level]
    short = f"{body} ({entry.text_in(lang)})."
    short = short[0].upper() + short[1:]
    return GapResult(
        dimension=rule.first.dimension, first=first, second=second,
        first_value=gap.first.value, first_value_text=explainer.observation_text(indicator, gap.first),
        second_value=gap.second.value, second_value_text=explainer.observation_text(indicator, gap.second),
        gap=gap.gap, gap_text=gap_text, limit=rule.limit, limit_text=("högst " if lang == "sv" else "at most ") + limit,
        level=gap.level, level_reason=gap.level_reason, level_text=entry.text_in(lang), symbol=entry.symbol,
        colour=entry.colour, rule=gap.fulfilment_rule,
        explanation=f"{indicator.name.rstrip('.')}: {short[0].lower() + short[1:]}", short_explanation=short)


def _why(explainer: Explainer, gap: GapVerdict) -> str:
    t, period = TEXTS[explainer.lang], explainer.period(gap.first.period)
    pairs = ((gap.rule.first.name, gap.first), (gap.rule.second.name, gap.second))
    missing = [name for name, observation in pairs if observation.state in ("saknas", "ej_angivet")]
    if len(missing) == 2:
        return t["both_missing"].format(first=missing[0], second=missing[1], period=period)
    if missing:
        return t["one_missing"].format(group=missing[0], period=period)
    unmeasurable = next(name for name, observation in pairs if observation.state == "kan_inte_mätas")
    return t["not_measurable"].format(group=unmeasurable, period=period)


def groups_sentence(explainer: Explainer, indicator: Indicator, verdict: Verdict) -> str:
    """The own row's fulfilment sentence when its level comes from every group: each group's value and
    verdict, the total's value, and the verdict they give."""
    t, lang, found = TEXTS[explainer.lang], explainer.lang, verdict.from_groups
    judged_on = t["all_groups_in"].format(dimension=found.judged_on.dimension) if found.judged_on.dimension \
        else t["all_groups"]
    legend = explainer.legend
    parts = [t["group" if item.level is not Level.NOT_ASSESSED else "group_unassessed"].format(
        group=item.group.name, value=explainer.observation_text(indicator, item.current),
        level=legend.levels[item.level].text_in(lang)) for item in found.counted]
    total = explainer.observation_text(indicator, verdict.inputs.current)
    body = t["groups" if parts else "no_groups"].format(judged_on=judged_on, groups=", ".join(parts), total=total)
    entry = legend.entry_for(verdict.level, verdict.legend_level)
    return f"{body} ({entry.text_in(lang)})."


def groups_result(explainer: Explainer, verdict: Verdict) -> GroupsResult | None:
    found = verdict.from_groups
    if found is None:
        return None
    t, lang = TEXTS[explainer.lang], explainer.lang
    judged_on = t["all_groups_in"].format(dimension=found.judged_on.dimension) if found.judged_on.dimension \
        else t["all_groups"]
    return GroupsResult(
        judged_on=judged_on,
        counted=tuple(GroupCounted(dimension=item.group.dimension, group=item.group.name, level=item.level)
                      for item in found.counted),
        fulfilled=found.fulfilled, partly=found.partly, not_fulfilled=found.not_fulfilled,
        unassessed=found.unassessed, total_level=found.total_level, total_level_reason=found.total_reason,
        total_level_text=explainer.legend.levels[found.total_level].text_in(lang), total_rule=found.total_rule)
