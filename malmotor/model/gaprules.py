"""Gap rules and the group setting of an indicator, as the rule file declares them.

`skillnad mellan kvinnor och män: högst 1 procentenhet` bounds the gap between two groups' values;
`bedöms på: alla grupper` takes the indicator's own level from its group rows instead of the total.
Kept apart from `scorecard.py` so that the verdict and result types of gaps (`gaps.py`) can import
the scorecard's enumerations without a cycle.
"""

from decimal import Decimal

from .frozen import Frozen
from .keys import Group

TOTAL_JUDGEMENT = "totalt"  # `bedöms på: totalt`: the default, the indicator's own value decides
ALL_GROUPS = "alla grupper"  # `bedöms på: alla grupper` (`… i kön`: only that grouping's groups)


class GapRule(Frozen):
    """The largest gap allowed between two groups' values in the judged period, in the indicator's
    unit (percentage points for an indicator in %); a gap equal to the limit is within it."""

    first: Group
    second: Group
    limit: Decimal
    text: str  # the limit as written: "högst 1 procentenhet"
    line: int | None = None


class GroupJudgement(Frozen):
    """`bedöms på: alla grupper`: the indicator's own level is uppfyllt only when every assessed group
    row is, ej uppfyllt when one is not; groups that are not assessed are left out, never counted as
    not fulfilled. `dimension`: only the groups of that grouping (`alla grupper i kön`)."""

    dimension: str | None = None
    text: str = ALL_GROUPS  # as written
