"""Group rules decided: the gap between two groups (`skillnad`), and an own level from every group row.

One small ruleset of generic rules, the same whatever the scorecard (no rule per indicator or group):
every gap becomes one fact carrying how many of both groups' values are missing and the exact margin
limit − |first − second| (computed in Decimal, then a float whose sign is the exact one, as in
`facts.py`); every indicator with `bedöms på: alla grupper` becomes one fact carrying the counts of
its group rows' verdicts. `decide_gap` and `decide_groups` are the plain-Python reference of the same
semantics, written apart from the facts; the property tests demand that both agree.

Group rows are decided first (by the main rulebook), so this runs after it and before anything that
reads the own row's level (people's decisions, the roll-up, the legend's levels).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import localcontext

from ..diagnostics import Bilingual, EngineError
from ..model import (GapRule, GapVerdict, GroupLevel, GroupsVerdict, Key, Level, Observation, Reason, Scorecard,
                     Verdict)
from .facts import EXACT_DIGITS, fact_state
from .isolation import DEFAULT_TIMEOUT, MALMOTOR_BUG, fire_isolated

GAP, GROUPS = "skillnad", "grupper"
ASSESSED_LEVELS = (Level.FULFILLED, Level.PARTLY, Level.NOT_FULFILLED)


class GapFact:
    """The attributes of a group-rule fact; every attribute is present in every fact (see `_blank`)."""

    ID = "id"
    KIND = "kind"  # skillnad or grupper
    # skillnad: how many of the two groups' values in the judged period are missing (saknas, or no value at all),
    # and how many cannot be measured; counts, so that rules need no `$or` (which fires once per branch matched)
    MISSING = "missing"
    NOT_MEASURABLE = "not_measurable"
    WITHIN = "limit_minus_gap"  # limit − |first − second|: ≥ 0 is within the limit (exact sign)
    ASSESSED = "assessed"  # grupper: group rows with a verdict (not ej bedömt)
    PARTLY = "partly"
    NOT_FULFILLED = "not_fulfilled"


@dataclass(frozen=True)
class GroupRuleOutcome:
    name: str
    outcome: Level
    reason: Reason | None
    condition: list[dict]
    description: str


def _when(kind: str, *conditions: dict) -> list[dict]:
    return [{"m": {"$and": [{GapFact.KIND: kind}, *conditions]}}]


def _rules() -> tuple[GroupRuleOutcome, ...]:
    F = GapFact
    measured = ({"$lte": {F.MISSING: 0}}, {"$lte": {F.NOT_MEASURABLE: 0}})
    return (
        GroupRuleOutcome(f"{GAP}.saknar_värde", Level.NOT_ASSESSED, Reason.NO_VALUE,
                         _when(GAP, {"$gt": {F.MISSING: 0}}), "En av gruppernas värden saknas för perioden."),
        GroupRuleOutcome(f"{GAP}.kan_inte_mätas", Level.NOT_ASSESSED, Reason.NOT_MEASURABLE,
                         _when(GAP, {"$lte": {F.MISSING: 0}}, {"$gt": {F.NOT_MEASURABLE: 0}}),
                         "Inget värde saknas, men en av gruppernas värden kan inte mätas."),
        GroupRuleOutcome(f"{GAP}.uppfyllt", Level.FULFILLED, None,
                         _when(GAP, *measured, {"$gte": {F.WITHIN: 0}}),
                         "Skillnaden mellan gruppernas värden är högst gränsen."),
        GroupRuleOutcome(f"{GAP}.ej", Level.NOT_FULFILLED, None,
                         _when(GAP, *measured, {"$lt": {F.WITHIN: 0}}),
                         "Skillnaden mellan gruppernas värden är större än gränsen."),
        GroupRuleOutcome(f"{GROUPS}.inga_bedömda", Level.NOT_ASSESSED, Reason.NO_ASSESSED_CHILDREN,
                         _when(GROUPS, {"$lte": {F.ASSESSED: 0}}),
                         "Bedöms på alla grupper, men ingen grupp är bedömd."),
        GroupRuleOutcome(f"{GROUPS}.alla.ej", Level.NOT_FULFILLED, None,
                         _when(GROUPS, {"$gt": {F.NOT_FULFILLED: 0}}),
                         "Bedöms på alla grupper: minst en bedömd grupp är ej uppfylld."),
        GroupRuleOutcome(f"{GROUPS}.alla.delvis", Level.PARTLY, None,
                         _when(GROUPS, {"$lte": {F.NOT_FULFILLED: 0}}, {"$gt": {F.PARTLY: 0}}),
                         "Bedöms på alla grupper: ingen bedömd grupp är ej uppfylld, minst en är delvis uppfylld."),
        GroupRuleOutcome(f"{GROUPS}.alla.uppfyllt", Level.FULFILLED, None,
                         _when(GROUPS, {"$gt": {F.ASSESSED: 0}}, {"$lte": {F.NOT_FULFILLED: 0}},
                               {"$lte": {F.PARTLY: 0}}),
                         "Bedöms på alla grupper: alla bedömda grupper är uppfyllda."),
    )


RULES = _rules()
RULES_BY_NAME = {rule.name: rule for rule in RULES}


def ruleset_definition() -> dict:
    return {rule.name: {"all": rule.condition} for rule in RULES}


# --- facts and the reference ----------------------------------------------------------------------

def _blank(fact_id: str, kind: str) -> dict:
    return {GapFact.ID: fact_id, GapFact.KIND: kind, GapFact.MISSING: 0.0, GapFact.NOT_MEASURABLE: 0.0,
            GapFact.WITHIN: 0.0, GapFact.ASSESSED: 0.0, GapFact.PARTLY: 0.0, GapFact.NOT_FULFILLED: 0.0}


def gap_fact(fact_id: str, rule: GapRule, first: Observation, second: Observation) -> dict:
    fact = _blank(fact_id, GAP)
    states = [fact_state(first), fact_state(second)]
    fact[GapFact.MISSING], fact[GapFact.NOT_MEASURABLE] = float(states.count("saknas")), float(
        states.count("kan_inte_mätas"))
    if first.measured and second.measured:
        with localcontext() as context:
            context.prec = EXACT_DIGITS
            fact[GapFact.WITHIN] = float(rule.limit - abs(first.value - second.value))
    return fact


def groups_fact(fact_id: str, counted: tuple[GroupLevel, ...]) -> dict:
    fact = _blank(fact_id, GROUPS)
    levels = [item.level for item in counted]
    fact[GapFact.ASSESSED] = float(sum(level in ASSESSED_LEVELS for level in levels))
    fact[GapFact.PARTLY] = float(levels.count(Level.PARTLY))
    fact[GapFact.NOT_FULFILLED] = float(levels.count(Level.NOT_FULFILLED))
    return fact


def decide_gap(rule: GapRule, first: Observation, second: Observation) -> str:
    """The reference: the gap rule for two groups' values, exactly."""
    states = {first.state, second.state}
    if states & {"saknas", "ej_angivet"}:
        return f"{GAP}.saknar_värde"
    if "kan_inte_mätas" in states:
        return f"{GAP}.kan_inte_mätas"
    with localcontext() as context:
        context.prec = EXACT_DIGITS
        return f"{GAP}.uppfyllt" if abs(first.value - second.value) <= rule.limit else f"{GAP}.ej"


def decide_groups(counted: tuple[GroupLevel, ...]) -> str:
    """The reference: the worst assessed group decides; unassessed groups are left out."""
    levels = [item.level for item in counted if item.level in ASSESSED_LEVELS]
    if not levels:
        return f"{GROUPS}.inga_bedömda"
    if Level.NOT_FULFILLED in levels:
        return f"{GROUPS}.alla.ej"
    return f"{GROUPS}.alla.delvis" if Level.PARTLY in levels else f"{GROUPS}.alla.uppfyllt"


# --- the verdicts ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class _Gap:
    fact_id: str
    rule: GapRule
    first: Observation
    second: Observation


def with_group_rules(scorecard: Scorecard, verdicts: tuple[Verdict, ...], engine: str,
                     timeout: float = DEFAULT_TIMEOUT) -> tuple[Verdict, ...]:
    """Every own row with its gaps decided and, with `bedöms på: alla grupper`, its level from its groups."""
    indicators = scorecard.indicators()
    by_key = {verdict.key: verdict for verdict in verdicts}
    gaps: dict[Key, list[_Gap]] = {}
    groups: dict[Key, tuple[str, tuple[GroupLevel, ...]]] = {}
    for verdict in verdicts:
        key = verdict.key
        indicator = indicators[key.indicator]
        if key.group is not None or not (indicator.gaps or indicator.judged_on):
            continue
        period = verdict.inputs.current.period
        gaps[key] = [_Gap(f"{key.label()} {GAP} {n}", rule, _current(by_key, key, rule.first, period),
                          _current(by_key, key, rule.second, period)) for n, rule in enumerate(indicator.gaps)]
        if indicator.judged_on is not None:
            wanted = indicator.judged_on.dimension
            counted = tuple(GroupLevel(group=other.key.group, level=other.level, current=other.inputs.current)
                            for other in verdicts if other.key.indicator == key.indicator and other.key.group
                            and other.key.org_unit == key.org_unit
                            and (wanted is None or other.key.group.dimension == wanted))
            groups[key] = (f"{key.label()} {GROUPS}", counted)
    if not gaps:
        return verdicts
    if engine == "durable":
        facts = [gap_fact(gap.fact_id, gap.rule, gap.first, gap.second) for found in gaps.values() for gap in found]
        facts += [groups_fact(fact_id, counted) for fact_id, counted in groups.values()]
        fired = fire_isolated(ruleset_definition(), facts, timeout).fired
        chosen = {fact[GapFact.ID]: _one(fired, fact[GapFact.ID]) for fact in facts}
    else:
        chosen = {gap.fact_id: decide_gap(gap.rule, gap.first, gap.second) for found in gaps.values() for gap in found}
        chosen.update({fact_id: decide_groups(counted) for fact_id, counted in groups.values()})
    return tuple(_decided(verdict, gaps.get(verdict.key), groups.get(verdict.key), chosen, indicators)
                 if verdict.key in gaps else verdict for verdict in verdicts)


def _current(by_key: dict[Key, Verdict], key: Key, group, period) -> Observation:
    """A group's value in the judged period; a group without a row has none in any file."""
    found = by_key.get(Key(indicator=key.indicator, group=group, org_unit=key.org_unit))
    return found.inputs.current if found is not None else Observation(period=period, state="ej_angivet")


def _one(fired: dict[str, list[str]], fact_id: str) -> str:
    names = fired.get(fact_id, [])
    if len(names) != 1:
        raise EngineError(Bilingual(f"Regelmotorn gav {names or 'inga regler'} för '{fact_id}'; varje skillnad och "
                                    "bedömning på grupper ska få exakt en regel.",
                                    f"The rule engine gave {names or 'no rules'} for '{fact_id}'; every difference "
                                    "between groups and every assessment on groups must get exactly one rule."),
                          MALMOTOR_BUG)
    return names[0]


def _decided(verdict: Verdict, gaps: list[_Gap], groups: tuple[str, tuple[GroupLevel, ...]] | None,
             chosen: dict[str, str], indicators) -> Verdict:
    decided = []
    for gap in gaps:
        rule = RULES_BY_NAME[chosen[gap.fact_id]]
        size = None
        if gap.first.measured and gap.second.measured:
            with localcontext() as context:
                context.prec = EXACT_DIGITS
                size = abs(gap.first.value - gap.second.value)
        decided.append(GapVerdict(rule=gap.rule, level=rule.outcome, level_reason=rule.reason,
                                  fulfilment_rule=rule.name, first=gap.first, second=gap.second, gap=size))
    update: dict = {"gaps": tuple(decided)}
    if groups is not None:
        fact_id, counted = groups
        rule = RULES_BY_NAME[chosen[fact_id]]
        levels = [item.level for item in counted]
        update["from_groups"] = GroupsVerdict(
            judged_on=indicators[verdict.key.indicator].judged_on, counted=counted,
            fulfilled=levels.count(Level.FULFILLED), partly=levels.count(Level.PARTLY),
            not_fulfilled=levels.count(Level.NOT_FULFILLED), unassessed=levels.count(Level.NOT_ASSESSED),
            total_level=verdict.level, total_reason=verdict.level_reason, total_rule=verdict.fulfilment_rule)
        update.update(level=rule.outcome, level_reason=rule.reason, fulfilment_rule=rule.name)
    return verdict.model_copy(update=update)
