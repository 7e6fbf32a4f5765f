"""Manual assessments (bedömningar): a person's decision on an indicator's row or a node for one period.

The computed verdict is never thrown away: a decision is kept beside it, so that a report can print
the decided level with its motivation and still show what the rules computed. A decision without a
level is a written analysis only: the computed level stands.
"""

import datetime

from .frozen import Frozen
from .keys import Group
from .period import Period
from .scorecard import Level


class ManualAssessment(Frozen):
    """One entry of an assessments file, checked against the rule file."""

    id: str  # an indicator's or a node's id
    group: Group | None = None
    org_unit: str | None = None
    period: Period
    level: Level | None  # None: an analysis only, the computed level stands
    legend_level: int | None = None  # with a legend of more levels: the declared level decided
    level_text: str | None = None  # the level as the file writes it
    motivation: str
    decided_by: str
    decided_on: datetime.date
    computed_then: Level | None = None  # `beräknat`: the computed level when the decision was made
    computed_legend_level_then: int | None = None
    value_then: str | None = None  # `värde`: the value the decision was made on, as written
    file: str
    line: int | None = None

    def source(self) -> str:
        return f"{self.file}:{self.line}" if self.line else self.file


class ManualAssessments(Frozen):
    """Every entry of one or more assessments files, in file order."""

    items: tuple[ManualAssessment, ...] = ()
    files: tuple[str, ...] = ()


class ManualDecision(Frozen):
    """An assessment applied to a verdict: the decision, and what has changed since it was made."""

    assessment: ManualAssessment
    stale: tuple[str, ...] = ()  # "nivå": the computed level is not the one recorded; "värde": the value changed
