"""Typed results for report generators: one `IndicatorResult` per key (indicator, group, unit),
in rule-file order per unit, the group rows right after their indicator. These are verdicts
presented in one language (see `verdicts.py` for the language-neutral form).

The JSON form carries `malmotor_result: 2`; fields are only ever added within a version.
Numbers are JSON numbers; each also comes as text written the way the language writes it.
Periods are their canonical text ("2018", "T2 2019", "delår augusti 2019").
"""

import datetime

from typing import Literal

from ..diagnostics import Diagnostic
from .period import Period
from .frozen import Frozen
from .gaps import GapResult, GroupsResult
from .jsonnumber import JsonNumber
from .scorecard import Legend, Level, Reason, Trend
from .verdicts import Counted
from .summary import SummaryText

RESULT_FORMAT = 2


class Comparison(Frozen):
    """A comparison value that was used (or looked for) and the period it belongs to."""

    period: Period
    found: bool
    value: JsonNumber | None = None
    statuses: tuple[str, ...] = ()
    text: str  # "3,4 %", "påbörjad", or "saknas"
    source: str | None = None
    # For a target such as `minst medel`: the series the value belongs to ("medel") and what it is, in
    # the result's language ("liknande kommuner"); None for a comparison with another period's value.
    series: str | None = None
    series_text: str | None = None


class PathStep(Frozen):
    """One node above a row: its level ("perspektiv", in the result's language), id and name."""

    level: str
    id: str
    name: str


class ManualResult(Frozen):
    """A person's decision (bedömning) on a row or node, beside the computed verdict it keeps."""

    decided: bool  # True: the row's level is the person's; False: a written analysis only, the computed level stands
    motivation: str
    decided_by: str
    decided_on: datetime.date
    source: str  # the assessments file and line
    stale: tuple[str, ...] = ()  # what has changed since the decision: "nivå", "värde"
    computed_level: Level
    computed_level_text: str
    computed_symbol: str
    computed_explanation: str


class IndicatorResult(Frozen):
    id: str
    name: str
    dimension: str | None  # the breakdown of a group row ("kön"); None on the indicator's own row
    group: str | None  # "kvinnor", "VO Drift"
    org_unit: str | None  # the organisational unit ("enhet"), when measures name one
    perspective: str  # the top level's node ("" without levels)
    strategic_goal: str  # the second level's node, with three levels or more ("" else)
    goal: str  # the last level's node: the one the indicator is under
    path: tuple[PathStep, ...] = ()  # every node above the row, from the top
    unit: str | None
    polarity: str | None
    target: str  # the phrase as the scorecard writes it
    target_text: str  # the target as the explanation states it, e.g. "högst 3 %"
    partial_limit: JsonNumber | None  # a threshold's (or comparison target's) limit for "delvis uppfyllt", if any
    partial_limit_text: str | None
    required_statuses: tuple[str, ...]  # a milestone's status per part ("ja" for a capability)
    unchanged_within: JsonNumber  # the dead band, in the indicator's unit
    period: Period
    value: JsonNumber | None
    statuses: tuple[str, ...]
    value_text: str
    value_source: str | None
    level: Level
    level_reason: Reason | None
    level_text: str  # the legend's word for the level: a declared level's own word when the legend has more levels
    symbol: str
    colour: str | None
    legend_level: int | None = None  # the declared level's place in `legend.declared`, when the legend has more levels
    share: JsonNumber | None = None  # the share of the target reached (per cent), with such a legend
    trend: Trend | None
    trend_reason: Reason | None
    trend_text: str
    arrow: str  # the legend's `ingen pil` label ("" unless the rule file gives one) when there is no arrow
    arrow_colour: str | None
    target_comparison: Comparison | None
    trend_comparison: Comparison | None
    fulfilment_rule: str  # the rule that fired, see docs/rule-format.md
    trend_rule: str
    explanation: str
    short_explanation: str
    manual: ManualResult | None = None  # a person's decision, with the computed verdict beside it
    year_end_rule: str | None = None  # `delvis vid årsbokslut: nej`: the rule that made delvis ej uppfyllt
    gaps: tuple[GapResult, ...] = ()  # the indicator's own row: its gap rules (`skillnad`), each a verdict
    groups: GroupsResult | None = None  # `bedöms på: alla grupper`: the groups the level comes from


class NodeResult(Frozen):
    """A node's roll-up verdict for one unit: a goal, strategic goal, perspective, or the scorecard itself
    (`depth` -1), weighed from `counted` by its `sammanvägning`."""

    id: str
    name: str
    level_name: str  # the hierarchy level in the result's language: "perspektiv", "mål"; "styrkort" for the root
    depth: int  # 0 for the top level; -1 for the scorecard itself
    path: tuple[PathStep, ...]  # the nodes above it
    org_unit: str | None
    level: Level
    level_reason: Reason | None  # inga_bedomda: none of what it is weighed from is assessed
    level_text: str
    symbol: str
    colour: str | None
    legend_level: int | None = None
    method: str  # alla, majoritet, sämsta, andel, viktat
    method_text: str  # as the rule file writes it
    counted: tuple[Counted, ...]  # what the verdict was weighed from: nodes or indicators, with their levels
    fulfilled: int
    partly: int
    not_fulfilled: int
    unassessed: int
    score: JsonNumber | None = None  # viktat: the weighted score in per cent
    rule: str  # the roll-up rule that fired
    explanation: str
    short_explanation: str
    manual: ManualResult | None = None  # a person's decision, with the computed verdict beside it
    year_end_rule: str | None = None  # `delvis vid årsbokslut: nej`: the rule that made delvis ej uppfyllt


class EvaluationResult(Frozen):
    malmotor_result: Literal[2] = RESULT_FORMAT
    scorecard: str
    rules_file: str
    period: Period
    language: Literal["sv", "en"]
    engine: Literal["durable", "reference"]
    legend: Legend  # words, symbols and colours of this scorecard, for drawing a legend box
    summary: dict[Level, int]  # how many indicator rows (not group rows) got each level
    org_units: tuple[str | None, ...] = (None,)  # the units in the rows, in row order; None: no unit named
    forecast: bool = False  # `under året: prognos` in an interim period: the level words are forecasts
    partial_used: bool = True  # False at a year-end with `delvis vid årsbokslut: nej`: no row or node is delvis
    hierarchy: tuple[str, ...] = ()  # the names of the levels above the indicators, top first, in the language
    indicators: tuple[IndicatorResult, ...]  # one row per key
    nodes: tuple[NodeResult, ...] = ()  # roll-up verdicts, per unit, parents first, the scorecard's last
    summaries: tuple[SummaryText, ...] = ()  # generated texts: per unit the scorecard's, then each top-level node's
    warnings: tuple[Diagnostic, ...] = ()

    def to_json(self) -> str:
        """Deterministic JSON: the same inputs give byte-identical text."""
        return self.model_dump_json(indent=2) + "\n"

    def by_id(self) -> dict[str, IndicatorResult]:
        """The indicator rows (no group, first unit) by indicator id."""
        rows: dict[str, IndicatorResult] = {}
        for row in self.indicators:
            if row.group is None:
                rows.setdefault(row.id, row)
        return rows

    def rows_for(self, indicator: str, org_unit: str | None = None) -> list[IndicatorResult]:
        """An indicator's own row and its group rows, for one unit."""
        return [row for row in self.indicators if row.id == indicator and row.org_unit == org_unit]
