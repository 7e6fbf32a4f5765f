"""Typed generated summaries (Sammanfattning): one per scorecard and top-level node and unit, with the
facts each text was built from, so that a reader (or a test) can trace every number and name in the
text back to a verdict of the same result."""

from typing import Literal

from .frozen import Frozen
from .jsonnumber import JsonNumber
from .period import Period
from .scorecard import Level, Reason


class SummaryItem(Frozen):
    """An indicator row or a node a summary counts or names, with the level it got."""

    kind: Literal["indikator", "nod"]
    id: str
    name: str
    level: Level
    level_reason: Reason | None = None


class SummaryCounts(Frozen):
    """How many of one kind of thing (perspectives, goals, indicators) got each level, and which."""

    what: str  # the level's name in the result's language ("perspektiv", "mål"), or "indikatorer"/"indicators"
    fulfilled: int
    partly: int
    not_fulfilled: int
    unassessed: int
    items: tuple[SummaryItem, ...]  # in the order of the rule file

    @property
    def total(self) -> int:
        return self.fulfilled + self.partly + self.not_fulfilled + self.unassessed


class SummaryReason(Frozen):
    """The indicators left unassessed for one reason."""

    reason: Reason | None  # None: a row left unassessed without a stated reason
    items: tuple[SummaryItem, ...]


class SummaryChange(Frozen):
    """A worsened indicator with the values its arrow compared; `change` is the relative change against
    the comparison value in per cent (None when it has none: a milestone, a comparison value of 0)."""

    id: str
    name: str
    value_text: str
    comparison_text: str
    comparison_period: Period
    change: JsonNumber | None


class SummaryFacts(Frozen):
    """Everything a summary text says, taken from the verdicts of one scope (the scorecard or one top-level
    node, one unit). Lists are complete; the text names only the first few of a long list."""

    level: Level | None  # the node's own roll-up verdict; None without `sammanvägning`
    level_reason: Reason | None = None
    method: str | None = None  # the roll-up method of that verdict (majoritet …)
    children: SummaryCounts | None  # the scorecard's top-level nodes (perspektiv); None in a node's summary
    goals: SummaryCounts | None  # the nodes of the last level (mål) in scope; None without roll-up or levels
    indicators: SummaryCounts  # the indicators' own rows with a target (group rows are breakdowns)
    not_met: tuple[SummaryItem, ...]  # goals not fulfilled; without roll-up, the indicators not fulfilled
    unassessed: tuple[SummaryReason, ...]  # the unassessed indicators by reason, in the order of `Reason`
    without_target: tuple[SummaryItem, ...]  # indicators followed without a target (`Inget mål`)
    worsened: tuple[SummaryChange, ...]  # indicators whose arrow is försämring, the largest change first
    trends: int  # how many of the indicators got an arrow at all (0: the text says nothing about changes)
    manual: tuple[SummaryItem, ...] = ()  # rows whose level a person decided (bedömning)
    decided: bool = False  # the node's own level was decided by a person (bedömning), not weighed


class SummaryText(Frozen):
    """A generated summary, as a controller's "Sammanfattning" writes one, for the scorecard (`node`
    "styrkort", `depth` -1) or one top-level node, for one unit."""

    node: str
    name: str
    level_name: str  # "styrkort", "perspektiv" in the result's language
    depth: int  # -1 for the scorecard, 0 for a top-level node
    org_unit: str | None
    text: str
    facts: SummaryFacts
