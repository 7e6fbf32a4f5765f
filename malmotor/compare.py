"""The consequence of a rule edit (`malmotor diff`): two assessments of the same measures, one per rule
file, compared key by key (indicator, group, unit) and node by node.

Only what changed is kept: a row whose level or arrow differs, a row or node that exists on one side only,
a node whose roll-up level differs. Both sides' verdicts and explanations come from the presented results,
so the diff shows exactly what each rule file publishes.
"""

from __future__ import annotations

from typing import Literal

from .explain.present import present
from .model import Assessment, EvaluationResult, IndicatorResult, Level, NodeResult, Reason, Trend
from .model.frozen import Frozen
from .model.period import Period

DIFF_FORMAT = 1
Change = Literal["ändrad", "tillagd", "borttagen"]


class RowSide(Frozen):
    """One side's verdict on a row, as that rule file's result publishes it."""

    target: str
    level: Level
    level_reason: Reason | None
    level_text: str
    symbol: str
    trend: Trend | None
    trend_text: str
    arrow: str
    fulfilment_rule: str
    trend_rule: str
    explanation: str


class RowChange(Frozen):
    change: Change  # ändrad: level or arrow differ; tillagd, borttagen: the row is in one result only
    id: str
    name: str
    dimension: str | None
    group: str | None
    org_unit: str | None
    changed: tuple[str, ...]  # "nivå", "pil" for ändrad; () otherwise
    old: RowSide | None
    new: RowSide | None


class NodeSide(Frozen):
    level: Level
    level_text: str
    symbol: str
    rule: str
    explanation: str


class NodeChange(Frozen):
    change: Change
    id: str
    name: str
    level_name: str
    org_unit: str | None
    old: NodeSide | None
    new: NodeSide | None


class RuleDiff(Frozen):
    malmotor_diff: int = DIFF_FORMAT
    old_rules: str
    new_rules: str
    period: Period
    language: str
    rows: tuple[RowChange, ...]  # in the new result's order, rows only in the old one after them
    nodes: tuple[NodeChange, ...]

    @property
    def empty(self) -> bool:
        return not self.rows and not self.nodes

    def to_json(self) -> str:
        """Deterministic JSON: the same inputs give the same text."""
        return self.model_dump_json(indent=2) + "\n"


def diff(old: Assessment, new: Assessment, lang: str = "sv") -> RuleDiff:
    """Every key and node whose verdict differs between the assessments of two rule files (same measures)."""
    before, after = present(old, lang), present(new, lang)
    return RuleDiff(old_rules=before.rules_file, new_rules=after.rules_file, period=after.period, language=lang,
                    rows=_rows(before, after), nodes=_nodes(before, after))


def _row_key(row: IndicatorResult) -> tuple:
    return row.id, row.dimension, row.group, row.org_unit


def _row_side(row: IndicatorResult) -> RowSide:
    return RowSide(target=row.target, level=row.level, level_reason=row.level_reason, level_text=row.level_text,
                   symbol=row.symbol, trend=row.trend, trend_text=row.trend_text, arrow=row.arrow,
                   fulfilment_rule=row.fulfilment_rule, trend_rule=row.trend_rule, explanation=row.short_explanation)


def _rows(before: EvaluationResult, after: EvaluationResult) -> tuple[RowChange, ...]:
    old = {_row_key(row): row for row in before.indicators}
    new = {_row_key(row): row for row in after.indicators}
    changes = []
    for key, row in new.items():
        was = old.get(key)
        if was is None:
            changes.append(_row_change("tillagd", row, (), None, _row_side(row)))
            continue
        changed = tuple(what for what, differs in (("nivå", (was.level, was.legend_level) != (row.level, row.legend_level)),
                                                   ("pil", was.trend != row.trend)) if differs)
        if changed:
            changes.append(_row_change("ändrad", row, changed, _row_side(was), _row_side(row)))
    changes += [_row_change("borttagen", row, (), _row_side(row), None) for key, row in old.items() if key not in new]
    return tuple(changes)


def _row_change(change: Change, row: IndicatorResult, changed, old: RowSide | None, new: RowSide | None) -> RowChange:
    return RowChange(change=change, id=row.id, name=row.name, dimension=row.dimension, group=row.group,
                     org_unit=row.org_unit, changed=changed, old=old, new=new)


def _node_side(node: NodeResult) -> NodeSide:
    return NodeSide(level=node.level, level_text=node.level_text, symbol=node.symbol, rule=node.rule,
                    explanation=node.short_explanation)


def _nodes(before: EvaluationResult, after: EvaluationResult) -> tuple[NodeChange, ...]:
    old = {(node.id, node.org_unit): node for node in before.nodes}
    new = {(node.id, node.org_unit): node for node in after.nodes}
    changes = []
    for key, node in new.items():
        was = old.get(key)
        if was is None:
            changes.append(_node_change("tillagd", node, None, _node_side(node)))
        elif (was.level, was.legend_level) != (node.level, node.legend_level):
            changes.append(_node_change("ändrad", node, _node_side(was), _node_side(node)))
    changes += [_node_change("borttagen", node, _node_side(node), None) for key, node in old.items() if key not in new]
    return tuple(changes)


def _node_change(change: Change, node: NodeResult, old: NodeSide | None, new: NodeSide | None) -> NodeChange:
    return NodeChange(change=change, id=node.id, name=node.name, level_name=node.level_name, org_unit=node.org_unit,
                      old=old, new=new)
