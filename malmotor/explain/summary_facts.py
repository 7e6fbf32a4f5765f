"""The facts of a generated summary, taken from the verdicts of a result and nothing else: counts per
level, the goals not met, the largest deteriorations, the unassessed by reason, manual assessments.

"Largest deterioration" is the relative change of an indicator whose arrow is försämring, against the
value its arrow compared with: |value − comparison value| / |comparison value|. Indicators with no
such number (a milestone's statuses, a comparison value of 0) come after those with one; ties keep
the order of the rule file. Only the indicators' own rows count: group rows are breakdowns of them.
"""

from __future__ import annotations

from decimal import ROUND_HALF_EVEN, Context, Decimal
from typing import Iterable

from ..model import (IndicatorResult, Level, NodeResult, Reason, SummaryChange, SummaryCounts, SummaryFacts,
                     SummaryItem, SummaryReason, Trend)
from ..model.trusted import trusted

JUDGED_TRENDS = (Trend.IMPROVED, Trend.UNCHANGED, Trend.WORSENED)
REASONS = (*Reason, None)  # the order of the unassessed's groups: a row without a reason last
LEVELS = tuple(Level)  # iterating the enum itself is slower, and `counts` runs for every summary


def counts(what: str, items: Iterable[SummaryItem]) -> SummaryCounts:
    items = tuple(items)
    by_level = dict.fromkeys(LEVELS, 0)
    for item in items:
        by_level[item.level] += 1
    return trusted(SummaryCounts, what=what, fulfilled=by_level[Level.FULFILLED], partly=by_level[Level.PARTLY],
                   not_fulfilled=by_level[Level.NOT_FULFILLED], unassessed=by_level[Level.NOT_ASSESSED], items=items)


def row_item(row: IndicatorResult) -> SummaryItem:
    return trusted(SummaryItem, kind="indikator", id=row.id, name=row.name, level=row.level,
                   level_reason=row.level_reason)


def node_item(node: NodeResult) -> SummaryItem:
    return trusted(SummaryItem, kind="nod", id=node.id, name=node.name, level=node.level,
                   level_reason=node.level_reason)


def manually_assessed(rows: list[IndicatorResult]) -> tuple[SummaryItem, ...]:
    """MANUAL ASSESSMENTS: the rows whose level a person decided (bedömning), for the summary's sentence
    "En indikator har bedömts manuellt: …". This is the one place that reads the marker rows carry for
    a manual decision (`IndicatorResult.manual`, a `ManualResult` with `decided`); a written analysis
    that leaves the computed level standing is not a manual assessment of the level."""
    return tuple(row_item(row) for row in rows
                 if (manual := getattr(row, "manual", None)) is not None and getattr(manual, "decided", False))


# Values of 15 digits with 15 decimals: a ratio of up to 34 digits, exactly. A context of its own, used through
# its methods: entering a `localcontext` for each worsened row cost more than the arithmetic.
_EXACT = Context(prec=80)
_HUNDREDTHS = Decimal("0.01")


def relative_change(row: IndicatorResult) -> Decimal | None:
    """The change against the arrow's comparison value, in per cent, signed; None without two numbers."""
    base = row.trend_comparison
    if row.value is None or base is None or base.value is None or base.value == 0:
        return None
    ratio = _EXACT.divide(_EXACT.subtract(row.value, base.value), base.value.copy_abs())
    return _EXACT.multiply(ratio, 100).quantize(_HUNDREDTHS, rounding=ROUND_HALF_EVEN, context=_EXACT)


def worsened(rows: list[IndicatorResult], known: dict | None = None) -> tuple[SummaryChange, ...]:
    """The indicators whose arrow is försämring, the largest relative change first (see the module).
    `known` remembers each row's change by identity, for another scope with the same rows (a unit's
    summary and its perspectives')."""
    found = []
    for index, row in enumerate(rows):
        if row.trend is not Trend.WORSENED or row.trend_comparison is None:
            continue
        made = known.get(id(row)) if known is not None else None
        if made is None or made[0] is not row:
            made = (row, _change(row))
            if known is not None:
                known[id(row)] = made
        change = made[1].change
        found.append(((change is None, -abs(change) if change is not None else 0, index), made[1]))
    return tuple(change for _, change in sorted(found, key=lambda pair: pair[0]))


def _change(row: IndicatorResult) -> SummaryChange:
    return trusted(SummaryChange, id=row.id, name=row.name, value_text=row.value_text,
                   comparison_text=row.trend_comparison.text, comparison_period=row.trend_comparison.period,
                   change=relative_change(row))


def unassessed(rows: list[IndicatorResult]) -> tuple[SummaryReason, ...]:
    """The unassessed indicators grouped by reason, in the order of `Reason` (a row without one last)."""
    groups: dict[Reason | None, list[SummaryItem]] = {reason: [] for reason in REASONS}
    for row in rows:
        if row.level is Level.NOT_ASSESSED:
            groups[row.level_reason].append(row_item(row))
    return tuple(trusted(SummaryReason, reason=reason, items=tuple(items)) for reason, items in groups.items() if items)


def facts(rows: list[IndicatorResult], node: NodeResult | None, children: list[NodeResult] | None,
          goals: list[NodeResult] | None, words: dict[str, str], known: dict | None = None) -> SummaryFacts:
    """The facts of one scope: `rows` are the indicators' own rows in it, `node` its roll-up verdict,
    `children` the top-level nodes (for the scorecard), `goals` the last level's nodes in it; `known` is
    shared by the scopes of one unit (`worsened`)."""
    own = [row for row in rows if row.group is None]
    judged = [row for row in own if row.level_reason is not Reason.NO_TARGET]
    indicator_counts = counts(words["indicators"], (row_item(row) for row in judged))
    goal_counts = counts(words["goals"], (node_item(goal) for goal in goals)) if goals else None
    not_met = tuple(item for item in (goal_counts or indicator_counts).items if item.level is Level.NOT_FULFILLED)
    return trusted(  # every field, in the model's order (model/trusted.py)
        SummaryFacts, level=node.level if node else None, level_reason=node.level_reason if node else None,
        method=node.method if node else None,
        children=counts(words["children"], (node_item(child) for child in children)) if children else None,
        goals=goal_counts, indicators=indicator_counts, not_met=not_met, unassessed=unassessed(judged),
        without_target=tuple(row_item(row) for row in own if row.level_reason is Reason.NO_TARGET),
        worsened=worsened(judged, known), trends=sum(1 for row in judged if row.trend in JUDGED_TRENDS),
        manual=manually_assessed(own), decided=bool(node and node.manual and node.manual.decided))
