"""Verdicts and results of the group rules: a gap between two groups, and an own level from every group.

Both belong to the indicator's own row (its `Verdict` and `IndicatorResult`), so that a report
generator finds them where it finds the indicator, and the counts of indicator rows (summary,
roll-up) stay as they are. The verdicts hold no words; the results hold them in one language.
"""

from decimal import Decimal

from .frozen import Frozen
from .gaprules import GapRule, GroupJudgement
from .jsonnumber import JsonNumber
from .keys import Group
from .observations import Observation
from .scorecard import Level, Reason


class GapVerdict(Frozen):
    """One gap rule decided: both groups' values in the judged period, the exact gap and the rule that fired."""

    rule: GapRule
    level: Level  # uppfyllt, ej uppfyllt, or ej bedömt (a group's value is missing or cannot be measured)
    level_reason: Reason | None
    fulfilment_rule: str  # skillnad.uppfyllt, skillnad.ej, skillnad.saknar_värde, skillnad.kan_inte_mätas
    first: Observation  # the first group's value (state "ej_angivet" when the group has no row)
    second: Observation
    gap: Decimal | None = None  # |first − second|, exact, when both are measured


class GroupLevel(Frozen):
    """One group row counted for `bedöms på: alla grupper`: its computed level and its value."""

    group: Group
    level: Level
    current: Observation


class GroupsVerdict(Frozen):
    """`bedöms på: alla grupper`: what the own row's level was decided from, and what the total alone gave."""

    judged_on: GroupJudgement
    counted: tuple[GroupLevel, ...]  # the group rows, in the rule file's order
    fulfilled: int
    partly: int
    not_fulfilled: int
    unassessed: int  # ej bedömt: left out, never counted as not fulfilled
    total_level: Level  # the verdict of the indicator's own value, which the groups' verdict replaces
    total_reason: Reason | None
    total_rule: str


class GapResult(Frozen):
    """A gap verdict presented: the two groups in the rule file's order, their values, the gap and the limit."""

    dimension: str  # the grouping, "kön"
    first: str  # "kvinnor"
    second: str  # "män"
    first_value: JsonNumber | None
    first_value_text: str
    second_value: JsonNumber | None
    second_value_text: str
    gap: JsonNumber | None  # |first − second|, in the indicator's unit (percentage points for %)
    gap_text: str | None  # "2,4 procentenheter"
    limit: JsonNumber
    limit_text: str  # "högst 1 procentenhet"
    level: Level
    level_reason: Reason | None
    level_text: str
    symbol: str
    colour: str | None
    rule: str  # the rule that fired: skillnad.uppfyllt, skillnad.ej, skillnad.saknar_värde, skillnad.kan_inte_mätas
    explanation: str
    short_explanation: str


class GroupCounted(Frozen):
    dimension: str
    group: str
    level: Level


class GroupsResult(Frozen):
    """`bedöms på: alla grupper`, presented: the row's `level` comes from these groups; the total's own
    verdict is kept beside it."""

    judged_on: str  # "alla grupper", "alla grupper i kön"
    counted: tuple[GroupCounted, ...]
    fulfilled: int
    partly: int
    not_fulfilled: int
    unassessed: int
    total_level: Level
    total_level_reason: Reason | None
    total_level_text: str
    total_rule: str
