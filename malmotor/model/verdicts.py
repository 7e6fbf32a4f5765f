"""Verdicts: what the rules decided for every key, without a word of any language.

An `Assessment` is the whole decision for one scorecard, period and set of measures: the
verdict per key, the typed inputs each verdict was made on, and the warnings. Presenting it in
Swedish or English, rolling it up, comparing two of them or drawing a report all start from
here, without running the rule engine again. It is JSON-serialisable and reads back.
"""

from decimal import Decimal
from typing import Literal

from ..diagnostics import Diagnostic
from .period import Period
from .frozen import Frozen
from .keys import Key
from .observations import IndicatorInputs
from .hierarchy import RollupMethod
from .manual import ManualDecision
from .gaps import GapVerdict, GroupsVerdict
from .scorecard import Level, Reason, Scorecard, Trend

ASSESSMENT_FORMAT = 1


class Verdict(Frozen):
    key: Key
    level: Level
    level_reason: Reason | None  # why "ej bedömt"
    trend: Trend | None  # None: no arrow
    trend_reason: Reason | None  # why there is no arrow
    fulfilment_rule: str  # the rules that fired (docs/rule-format.md)
    trend_rule: str
    inputs: IndicatorInputs  # the value judged and the comparison values, with periods and sources
    partial_limit: Decimal | None = None  # a threshold's (or comparison target's) limit for "delvis uppfyllt", if any
    required_statuses: tuple[str, ...] = ()  # a milestone's status per part ("ja" for a capability)
    # With a legend of more than three levels: the declared level (its place in `legend.declared`), the
    # rule that chose it, and the share of the target reached (per cent) that it was chosen on, if any.
    legend_level: int | None = None
    legend_rule: str | None = None
    share: Decimal | None = None
    manual: ManualDecision | None = None  # a person's decision (bedömning) kept beside the computed verdict
    year_end_rule: str | None = None  # `delvis vid årsbokslut: nej`: the rule that turned delvis into ej uppfyllt
    # On the indicator's own row: its gap rules decided (`skillnad`), and, with `bedöms på: alla grupper`,
    # what its level was decided from (the level, reason and fulfilment rule above are then the groups').
    gaps: tuple[GapVerdict, ...] = ()
    from_groups: GroupsVerdict | None = None

    @property
    def decided_level(self) -> Level:
        """The level to publish and to roll up: a person's decision where there is one, else the computed."""
        return decided_level(self)


def decided_level(verdict: "Verdict | NodeVerdict") -> Level:
    if verdict.manual is not None and verdict.manual.assessment.level is not None:
        return verdict.manual.assessment.level
    return verdict.level


class Counted(Frozen):
    """One child a node's verdict is weighed from: a node or an indicator (its own row, for the unit)."""

    kind: Literal["nod", "indikator"]
    id: str
    level: Level | None  # None: a node without a verdict of its own (no `sammanvägning`)
    weight: Decimal = Decimal(1)


class NodeVerdict(Frozen):
    """A node's verdict for one unit, weighed from its children by its `sammanvägning`."""

    node: str  # the node's id
    org_unit: str | None
    level: Level
    level_reason: Reason | None  # inga_bedomda: no child is assessed
    rule: str  # the roll-up rule that fired
    method: RollupMethod
    counted: tuple[Counted, ...]  # the children (or the nodes of the level `räkna` names), in file order
    fulfilled: int
    partly: int
    not_fulfilled: int
    unassessed: int  # left out, and counted: "ej bedömt", or a node without a verdict
    score: Decimal | None = None  # viktat: the weighted score in per cent of the full score
    legend_level: int | None = None  # with a legend of more levels: the declared level (see Verdict)
    legend_rule: str | None = None
    manual: ManualDecision | None = None  # a person's decision (bedömning) kept beside the computed verdict
    year_end_rule: str | None = None  # `delvis vid årsbokslut: nej`: the rule that turned delvis into ej uppfyllt

    @property
    def decided_level(self) -> Level:
        return decided_level(self)

    @property
    def assessed(self) -> int:
        return self.fulfilled + self.partly + self.not_fulfilled


class Assessment(Frozen):
    malmotor_assessment: Literal[1] = ASSESSMENT_FORMAT
    scorecard: Scorecard  # what the keys refer to: names, targets, units, legend
    period: Period
    engine: Literal["durable", "reference"]
    verdicts: tuple[Verdict, ...]  # rule-file order per unit; group rows right after their indicator
    node_verdicts: tuple[NodeVerdict, ...] = ()  # per unit, in file order (parents first); the root's last
    warnings: tuple[Diagnostic, ...] = ()

    def to_json(self) -> str:
        return self.model_dump_json(indent=2) + "\n"

    @classmethod
    def from_json(cls, text: str) -> "Assessment":
        return cls.model_validate_json(text)

    def by_key(self) -> dict[Key, Verdict]:
        return {verdict.key: verdict for verdict in self.verdicts}
