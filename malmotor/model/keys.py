"""What a verdict is about: an indicator, optionally one group of a breakdown (kön: kvinnor,
verksamhetsområde: VO Drift) and optionally an organisational unit (a förvaltning, a kommun).

Every key gets its own level, arrow and explanation from the same ruleset; the indicator's
own row ("totalt") is the key without a group.
"""

from .frozen import Frozen

TOTAL = "totalt"  # the indicator's own row, as measures files and Kolada (T) write it


class Group(Frozen):
    __slots__ = ("_hash",)  # see Key
    dimension: str  # "kön", "verksamhetsområde"
    name: str  # "kvinnor", "VO Drift", as the rule file writes it

    def __hash__(self) -> int:
        try:
            return self._hash
        except AttributeError:
            return cached_hash(self, (self.dimension, self.name))


class Key(Frozen):
    # A key is looked up a dozen times on its way to a verdict; pydantic would hash its fields each time. The
    # hash is kept in a slot, which pydantic neither compares, copies (model_copy) nor pickles: a copy with
    # other fields, or a key in another process (another hash seed), computes its own.
    __slots__ = ("_hash",)
    indicator: str
    group: Group | None = None
    org_unit: str | None = None  # "enhet" in files and on the command line

    def __hash__(self) -> int:
        try:
            return self._hash
        except AttributeError:
            return cached_hash(self, (self.indicator, self.group, self.org_unit))

    def label(self) -> str:
        """`sjukfranvaro`, `sjukfranvaro [kön: kvinnor]`, `sjukfranvaro [enhet: Nord]`: for messages."""
        text = self.indicator
        if self.group is not None:
            text += f" [{self.group.dimension}: {self.group.name}]"
        if self.org_unit is not None:
            text += f" [enhet: {self.org_unit}]"
        return text


def cached_hash(model: Frozen, fields: tuple) -> int:
    """The hash of `fields`, kept in the model's `_hash` slot."""
    value = hash(fields)
    object.__setattr__(model, "_hash", value)
    return value


class Dimension(Frozen):
    """A breakdown declared in the rule file, with the groups a measures file may name."""

    name: str
    groups: tuple[str, ...]
    aliases: dict[str, str] = {}  # casefolded alias → group: "k" → "kvinnor" for kön, as Kolada writes it

    def group_named(self, written: str) -> str | None:
        low = " ".join(written.split()).casefold()
        for group in self.groups:
            if group.casefold() == low:
                return group
        return self.aliases.get(low)


GENDER = "kön"
GENDER_GROUPS = ("kvinnor", "män")
GENDER_ALIASES = {"k": "kvinnor", "kvinna": "kvinnor", "m": "män", "man": "män"}
TOTAL_WORDS = (TOTAL, "t", "total", "alla")  # a group column with these means the indicator's own row
