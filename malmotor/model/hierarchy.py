"""The levels of a scorecard's hierarchy and how a node's verdict is weighed from its children.

Real scorecards have two to four levels (målområde → delmål; perspektiv → strategiskt mål → mål),
or none (a KKiK table of indicators). A rule file names its levels; the default is the seed's.
"""

from decimal import Decimal
from typing import Literal

from .frozen import Frozen


class HierarchyLevel(Frozen):
    """One level: the key its list is written under in the rule file, and what one node is called."""

    key: str  # "strategiska mål": the list under the level above (and the plural in sentences)
    name: str  # "strategiskt mål": one node, in column headers and sentences
    name_en: str  # "strategic goal"
    plural_en: str  # "strategic goals"


DEFAULT_LEVELS = (
    HierarchyLevel(key="perspektiv", name="perspektiv", name_en="perspective", plural_en="perspectives"),
    HierarchyLevel(key="strategiska mål", name="strategiskt mål", name_en="strategic goal",
                   plural_en="strategic goals"),
    HierarchyLevel(key="mål", name="mål", name_en="goal", plural_en="goals"),
)
INDICATORS_KEY = "indikatorer"  # the list under the last level (or at the top, without levels)

RollupKind = Literal["alla", "majoritet", "sämsta", "andel", "viktat"]
ROLLUP_KINDS: tuple[str, ...] = ("alla", "majoritet", "sämsta", "andel", "viktat")


class RollupMethod(Frozen):
    """`sammanvägning`: how a node's verdict is weighed from the verdicts of its children.

    alla: uppfyllt when every assessed child is, ej uppfyllt when none is even partly, else delvis;
    majoritet: uppfyllt when more than half are, delvis when at least half are at least partly;
    sämsta: the worst child's verdict; andel: uppfyllt when at least `fulfilled_from` per cent are
    uppfyllt, delvis when at least `partly_from` per cent are at least partly; viktat: the same on a
    weighted score (uppfyllt 1, delvis ½, ej 0; weights from `vikt`). Unassessed children are left
    out and counted. `count` names what is counted: the nodes of that level beneath (`räkna: mål`:
    "en majoritet av målen"), "indikatorer" for every indicator beneath, None for the children."""

    kind: RollupKind
    fulfilled_from: Decimal | None = None  # andel, viktat: per cent
    partly_from: Decimal | None = None
    count: str | None = None  # a level's name, "indikatorer", or None: the direct children
    text: str  # as the rule file writes it, for explanations
    line: int | None = None
