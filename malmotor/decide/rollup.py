"""Roll-up: the verdict of every node (goal, strategic goal, perspective, the scorecard) from its children.

Each node with a `sammanvägning` becomes one fact per unit: the counts of its children's verdicts
(and, for `andel` and `viktat`, exact margins to the node's thresholds), never a verdict. A small
ruleset of generic rules per method, the same whatever the scorecard (no rule per node), decides
from those facts in durable; `decide_node` is the plain-Python reference of the same semantics.
Nodes are decided deepest level first, so that a node's children are decided before it.

Unassessed children ("ej bedömt", or a child node without a verdict) are left out and counted;
an indicator without a target is not a child at all (it has no verdict to count). A node with no
assessed child is "ej bedömt" (inga bedömda).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable
from decimal import Decimal, localcontext

from ..diagnostics import Bilingual, EngineError
from ..model import (INDICATORS_KEY, Counted, Level, ManualAssessment, Node, NodeVerdict, Reason, RollupMethod,
                     Scorecard, Verdict)
from ..model.trusted import trusted
from .facts import EXACT_DIGITS
from .isolation import DEFAULT_TIMEOUT, MALMOTOR_BUG, fire_isolated
from .manual import on_node

ASPECT = "sammanvägning"
POINTS = {Level.FULFILLED: Decimal(1), Level.PARTLY: Decimal("0.5"), Level.NOT_FULFILLED: Decimal(0)}


class NodeFact:
    """The attributes of a node fact: counts, and margins that are ≥ 0 when a threshold is reached."""

    ID = "id"
    KIND = "method"  # alla, majoritet, sämsta, andel, viktat
    ASSESSED = "assessed"
    FULFILLED = "fulfilled"
    PARTLY = "partly"
    NOT_FULFILLED = "not_fulfilled"
    AT_LEAST_PARTLY = "at_least_partly"  # fulfilled + partly
    TWICE_FULFILLED = "twice_fulfilled"  # 2 · fulfilled: > assessed is a majority
    TWICE_AT_LEAST_PARTLY = "twice_at_least_partly"  # 2 · (fulfilled + partly): ≥ assessed is at least half
    SHARE_FULFILLED_PAST = "share_fulfilled_past"  # andel: 100 · fulfilled − x · assessed
    SHARE_PARTLY_PAST = "share_partly_past"  # andel: 100 · (fulfilled + partly) − y · assessed
    SCORE_FULFILLED_PAST = "score_fulfilled_past"  # viktat: 100 · score − x · weights
    SCORE_PARTLY_PAST = "score_partly_past"  # viktat: 100 · score − y · weights


@dataclass(frozen=True)
class RollupRule:
    name: str
    outcome: Level
    reason: Reason | None
    condition: dict
    description: str


def _when(kind: str | None, *conditions: dict) -> list[dict]:
    base = [{NodeFact.KIND: kind}, {"$gt": {NodeFact.ASSESSED: 0}}] if kind else []
    return [{"m": {"$and": base + list(conditions)}}]


def _m(attribute: str) -> dict:
    return {"$m": attribute}


def _rules() -> tuple[RollupRule, ...]:
    F, N = NodeFact, "sammanvägning"
    return (
        RollupRule(f"{N}.inga_bedömda", Level.NOT_ASSESSED, Reason.NO_ASSESSED_CHILDREN,
                   _when(None, {"$lte": {F.ASSESSED: 0}}), "Inget av det som vägs samman är bedömt."),
        RollupRule(f"{N}.alla.uppfyllt", Level.FULFILLED, None,
                   _when("alla", {"$gte": {F.FULFILLED: _m(F.ASSESSED)}}), "Alla bedömda är uppfyllda."),
        RollupRule(f"{N}.alla.delvis", Level.PARTLY, None,
                   _when("alla", {"$lt": {F.FULFILLED: _m(F.ASSESSED)}}, {"$gt": {F.AT_LEAST_PARTLY: 0}}),
                   "Inte alla är uppfyllda, men minst en är uppfylld eller delvis uppfylld."),
        RollupRule(f"{N}.alla.ej", Level.NOT_FULFILLED, None, _when("alla", {"$lte": {F.AT_LEAST_PARTLY: 0}}),
                   "Ingen är uppfylld eller delvis uppfylld."),
        RollupRule(f"{N}.majoritet.uppfyllt", Level.FULFILLED, None,
                   _when("majoritet", {"$gt": {F.TWICE_FULFILLED: _m(F.ASSESSED)}}), "Mer än hälften är uppfyllda."),
        RollupRule(f"{N}.majoritet.delvis", Level.PARTLY, None,
                   _when("majoritet", {"$lte": {F.TWICE_FULFILLED: _m(F.ASSESSED)}},
                         {"$gte": {F.TWICE_AT_LEAST_PARTLY: _m(F.ASSESSED)}}),
                   "Högst hälften är uppfyllda, men minst hälften är uppfyllda eller delvis uppfyllda."),
        RollupRule(f"{N}.majoritet.ej", Level.NOT_FULFILLED, None,
                   _when("majoritet", {"$lt": {F.TWICE_AT_LEAST_PARTLY: _m(F.ASSESSED)}}),
                   "Färre än hälften är uppfyllda eller delvis uppfyllda."),
        RollupRule(f"{N}.sämsta.ej", Level.NOT_FULFILLED, None, _when("sämsta", {"$gt": {F.NOT_FULFILLED: 0}}),
                   "Minst en är ej uppfylld."),
        RollupRule(f"{N}.sämsta.delvis", Level.PARTLY, None,
                   _when("sämsta", {"$lte": {F.NOT_FULFILLED: 0}}, {"$gt": {F.PARTLY: 0}}),
                   "Ingen är ej uppfylld, minst en är delvis uppfylld."),
        RollupRule(f"{N}.sämsta.uppfyllt", Level.FULFILLED, None,
                   _when("sämsta", {"$lte": {F.NOT_FULFILLED: 0}}, {"$lte": {F.PARTLY: 0}}),
                   "Alla bedömda är uppfyllda."),
        RollupRule(f"{N}.andel.uppfyllt", Level.FULFILLED, None,
                   _when("andel", {"$gte": {F.SHARE_FULFILLED_PAST: 0}}), "Andelen uppfyllda når gränsen för uppfyllt."),
        RollupRule(f"{N}.andel.delvis", Level.PARTLY, None,
                   _when("andel", {"$lt": {F.SHARE_FULFILLED_PAST: 0}}, {"$gte": {F.SHARE_PARTLY_PAST: 0}}),
                   "Andelen minst delvis uppfyllda når gränsen för delvis, men andelen uppfyllda inte gränsen för "
                   "uppfyllt."),
        RollupRule(f"{N}.andel.ej", Level.NOT_FULFILLED, None,
                   _when("andel", {"$lt": {F.SHARE_FULFILLED_PAST: 0}}, {"$lt": {F.SHARE_PARTLY_PAST: 0}}),
                   "Varken andelen uppfyllda eller andelen minst delvis uppfyllda når sin gräns."),
        RollupRule(f"{N}.viktat.uppfyllt", Level.FULFILLED, None,
                   _when("viktat", {"$gte": {F.SCORE_FULFILLED_PAST: 0}}),
                   "Den viktade poängen (uppfyllt 1, delvis ½) når gränsen för uppfyllt."),
        RollupRule(f"{N}.viktat.delvis", Level.PARTLY, None,
                   _when("viktat", {"$lt": {F.SCORE_FULFILLED_PAST: 0}}, {"$gte": {F.SCORE_PARTLY_PAST: 0}}),
                   "Den viktade poängen når gränsen för delvis men inte för uppfyllt."),
        RollupRule(f"{N}.viktat.ej", Level.NOT_FULFILLED, None, _when("viktat", {"$lt": {F.SCORE_PARTLY_PAST: 0}}),
                   "Den viktade poängen når inte gränsen för delvis."),
    )


RULES = _rules()
RULES_BY_NAME = {rule.name: rule for rule in RULES}


def ruleset_definition() -> dict:
    return {rule.name: {"all": rule.condition} for rule in RULES}


# --- what is counted ------------------------------------------------------------------------------

def counted_children(scorecard: Scorecard, node: Node) -> tuple[list[Node], list]:
    """The nodes and indicators a node's verdict is weighed from: its children, or with `räkna` the nodes
    of that level beneath it (every indicator beneath it for `räkna: indikatorer`)."""
    count = node.rollup.count if node.rollup else None
    depth = next((index for index, level in enumerate(scorecard.levels) if level.name == count), None)
    if count == INDICATORS_KEY:
        return [], [indicator for _, below in node.walk() for indicator in below.indicators]
    if depth is not None and depth > node.level:
        return [below for _, below in node.walk() if below.level == depth], []
    return list(node.children), list(node.indicators)


def _counted(scorecard: Scorecard, node: Node, org_unit: str | None, own_rows: dict[tuple[str, str | None], Verdict],
             node_levels: dict) -> tuple[Counted, ...]:
    nodes, indicators = counted_children(scorecard, node)
    found = [trusted(Counted, kind="nod", id=child.id, level=node_levels.get((child.id, org_unit)),
                     weight=child.weight) for child in nodes]
    for indicator in indicators:
        verdict = own_rows.get((indicator.id, org_unit))
        if verdict is None or verdict.level_reason is Reason.NO_TARGET and verdict.manual is None:
            continue  # followed, not judged: no verdict to count
        found.append(trusted(Counted, kind="indikator", id=indicator.id, level=verdict.decided_level,
                             weight=indicator.weight))
    return tuple(found)


def _counts(counted: tuple[Counted, ...]) -> dict[Level | None, int]:
    counts = {Level.FULFILLED: 0, Level.PARTLY: 0, Level.NOT_FULFILLED: 0}
    unassessed = 0
    for child in counted:
        if child.level in counts:
            counts[child.level] += 1
        else:
            unassessed += 1
    return {**counts, None: unassessed}


def _score(counted: tuple[Counted, ...]) -> tuple[Decimal, Decimal]:
    """(weighted points, weights) over the assessed children."""
    assessed = [child for child in counted if child.level in POINTS]
    return sum((child.weight * POINTS[child.level] for child in assessed), Decimal(0)), \
        sum((child.weight for child in assessed), Decimal(0))


def node_fact(fact_id: str, method: RollupMethod, counted: tuple[Counted, ...]) -> dict:
    counts = _counts(counted)
    f, p, e = counts[Level.FULFILLED], counts[Level.PARTLY], counts[Level.NOT_FULFILLED]
    n = f + p + e
    fact = {NodeFact.ID: fact_id, NodeFact.KIND: method.kind, NodeFact.ASSESSED: float(n),
            NodeFact.FULFILLED: float(f), NodeFact.PARTLY: float(p), NodeFact.NOT_FULFILLED: float(e),
            NodeFact.AT_LEAST_PARTLY: float(f + p), NodeFact.TWICE_FULFILLED: float(2 * f),
            NodeFact.TWICE_AT_LEAST_PARTLY: float(2 * (f + p)), NodeFact.SHARE_FULFILLED_PAST: 0.0,
            NodeFact.SHARE_PARTLY_PAST: 0.0, NodeFact.SCORE_FULFILLED_PAST: 0.0, NodeFact.SCORE_PARTLY_PAST: 0.0}
    if method.kind in ("andel", "viktat"):
        with localcontext() as context:
            context.prec = EXACT_DIGITS
            x, y = method.fulfilled_from, method.partly_from
            fact[NodeFact.SHARE_FULFILLED_PAST] = float(100 * f - x * n)
            fact[NodeFact.SHARE_PARTLY_PAST] = float(100 * (f + p) - y * n)
            score, weights = _score(counted)
            fact[NodeFact.SCORE_FULFILLED_PAST] = float(100 * score - x * weights)
            fact[NodeFact.SCORE_PARTLY_PAST] = float(100 * score - y * weights)
    return fact


def decide_node(method: RollupMethod, counted: tuple[Counted, ...]) -> str:
    """The reference: the roll-up rule for these children, in plain Python with exact fractions."""
    counts = _counts(counted)
    f, p, e = counts[Level.FULFILLED], counts[Level.PARTLY], counts[Level.NOT_FULFILLED]
    n = f + p + e
    name = f"{ASPECT}.{method.kind}"
    if n == 0:
        return f"{ASPECT}.inga_bedömda"
    if method.kind == "alla":
        return f"{name}.uppfyllt" if f == n else f"{name}.delvis" if f + p > 0 else f"{name}.ej"
    if method.kind == "majoritet":
        return f"{name}.uppfyllt" if f > n / 2 else f"{name}.delvis" if f + p >= n / 2 else f"{name}.ej"
    if method.kind == "sämsta":
        return f"{name}.ej" if e else f"{name}.delvis" if p else f"{name}.uppfyllt"
    if method.kind == "andel":
        share_fulfilled, share_partly = Decimal(100 * f) / n, Decimal(100 * (f + p)) / n
    else:
        score, weights = _score(counted)
        share_fulfilled = share_partly = 100 * score / weights
    if share_fulfilled >= method.fulfilled_from:
        return f"{name}.uppfyllt"
    return f"{name}.delvis" if share_partly >= method.partly_from else f"{name}.ej"


# --- the whole tree -------------------------------------------------------------------------------

def roll_up(scorecard: Scorecard, verdicts: tuple[Verdict, ...], engine: str,
            timeout: float = DEFAULT_TIMEOUT, decisions: list[ManualAssessment] = (),
            adjust: Callable[[list[NodeVerdict]], list[NodeVerdict]] | None = None) -> tuple[NodeVerdict, ...]:
    """Every node with a `sammanvägning`, for every unit in the verdicts, deepest level first; a level a person
    decided (for a row or a node) is the one its parent counts. `adjust` changes a layer's verdicts before the
    layer above counts them (no delvis at a year-end)."""
    units = list(dict.fromkeys(verdict.key.org_unit for verdict in verdicts))
    own_rows = {(verdict.key.indicator, verdict.key.org_unit): verdict for verdict in verdicts
                if verdict.key.group is None}
    nodes = [(path, node) for path, node in scorecard.root.walk() if node.rollup is not None]
    decided: dict[tuple[str, str | None], NodeVerdict] = {}
    for depth in sorted({node.level for _, node in nodes}, reverse=True):
        layer = [(node, unit) for _, node in nodes if node.level == depth for unit in units]
        levels = {key: verdict.decided_level for key, verdict in decided.items()}
        counted = {(node.id, unit): _counted(scorecard, node, unit, own_rows, levels) for node, unit in layer}
        if engine == "durable":
            facts = [node_fact(_fact_id(node.id, unit), node.rollup, counted[node.id, unit]) for node, unit in layer]
            fired = fire_isolated(ruleset_definition(), facts, timeout).fired
            rules = {}
            for node, unit in layer:
                names = fired.get(_fact_id(node.id, unit), [])
                if len(names) != 1:
                    raise EngineError(Bilingual(f"Regelmotorn gav {names or 'inga regler'} för sammanvägningen av "
                                                f"'{node.id}'; varje nod ska få exakt en regel.",
                                                f"The rule engine gave {names or 'no rules'} for the roll-up of "
                                                f"'{node.id}'; every node must get exactly one rule."),
                                      MALMOTOR_BUG)
                rules[node.id, unit] = names[0]
        else:
            rules = {(node.id, unit): decide_node(node.rollup, counted[node.id, unit]) for node, unit in layer}
        made = [_verdict(node, unit, rules[node.id, unit], counted[node.id, unit]) for node, unit in layer]
        for (node, unit), verdict in zip(layer, adjust(made) if adjust else made):
            decided[node.id, unit] = on_node(verdict, decisions)
    order = {node.id: index for index, (_, node) in enumerate(nodes)}
    place = {unit: index for index, unit in enumerate(units)}
    root_last = sorted(decided.values(), key=lambda verdict: (place[verdict.org_unit],
                                                              order[verdict.node] if verdict.node != scorecard.root.id
                                                              else len(order)))
    return tuple(root_last)


def _fact_id(node: str, unit: str | None) -> str:
    return node if unit is None else f"{node} @ {unit}"


def _verdict(node: Node, unit: str | None, rule: str, counted: tuple[Counted, ...]) -> NodeVerdict:
    counts = _counts(counted)
    score = None
    if node.rollup.kind == "viktat":
        points, weights = _score(counted)
        score = (100 * points / weights).quantize(Decimal("0.01")).normalize() if weights else None
    decision = RULES_BY_NAME[rule]
    return trusted(NodeVerdict, node=node.id, org_unit=unit, level=decision.outcome, level_reason=decision.reason,
                   rule=rule, method=node.rollup, counted=counted, fulfilled=counts[Level.FULFILLED],
                   partly=counts[Level.PARTLY], not_fulfilled=counts[Level.NOT_FULFILLED], unassessed=counts[None],
                   score=score)
