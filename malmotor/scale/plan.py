"""The units of a run in the order of its results, and how they are divided into chunks.

The order is the one `evaluate` gives all units at once (`decide.inputs.org_units_in_order`): values
without a unit first (the whole organisation), then the units in the order of the rule file's `enheter`,
or by name when it lists none. A unit is never split between chunks: its roll-up and summaries need all
its rows. A chunk is a run of consecutive units of about `chunk_keys` keys.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from ..diagnostics import Bilingual
from ..model import Scorecard
from ..model.period import Period

DEFAULT_CHUNK_KEYS = 5_000  # keys per chunk: a few seconds of work, some 100 MB in a worker


def unit_key(written: str | None) -> str | None:
    """What makes two spellings one unit (`Nord`, ` nord `), as the interpretation of the values decides."""
    return None if written is None else " ".join(written.split()).casefold()


@dataclass(frozen=True)
class Chunk:
    index: int  # 0, 1, …: the chunk's place in the run
    period: Period  # the period its units are judged for
    units: tuple[str | None, ...]  # unit keys (`unit_key`), in the run's order
    names: tuple[str | None, ...]  # the same units as the results name them
    keys: int  # about how many keys: for sizing and progress, not exact

    def describe(self) -> Bilingual:
        """`delkörning 3 (enheterna Enhet 00101–Enhet 00150)`: for messages about a chunk that failed."""
        first, last, period = self.names[0], self.names[-1], self.period.text
        if len(self.names) == 1:
            return Bilingual(f"delkörning {self.index + 1} ({period}, enheten {_name(first, 'sv')})",
                             f"chunk {self.index + 1} ('{period}', unit {_name(first, 'en')})")
        return Bilingual(f"delkörning {self.index + 1} ({period}, enheterna {_name(first, 'sv')}–"
                         f"{_name(last, 'sv')})",
                         f"chunk {self.index + 1} ('{period}', units {_name(first, 'en')}–{_name(last, 'en')})")


def _name(unit: str | None, lang: str) -> str:
    return unit if unit is not None else {"sv": "utan enhet", "en": "without a unit"}[lang]


@dataclass
class UnitDirectory:
    """The units the values name, with how many values each has per period: counted value by value, as a
    file is read, so that no value needs to be kept."""

    scorecard: Scorecard
    names: dict[str | None, str | None] = field(default_factory=dict)  # unit key → name in the results
    counts: Counter = field(default_factory=Counter)  # (unit key, period's text) → values
    _keys: dict[str | None, str | None] = field(default_factory=dict, repr=False)
    _declared_names: dict[str, str] | None = field(default=None, repr=False)
    _periods: dict[str, Period] = field(default_factory=dict, repr=False)

    def add(self, written: str | None, period: str | None, values: int = 1) -> str | None:
        """Counts `values` values of the unit `written` for the period whose text is `period` (None: no period of
        its own, comparison values); the unit's key."""
        key = self.key_of(written)
        if key not in self.names:
            self.names[key] = self._name(written)
        self.counts[key, period] += values
        return key

    def key_of(self, written: str | None) -> str | None:
        """`unit_key`, remembered per spelling: a file names the same unit on thousands of rows."""
        if (key := self._keys.get(written)) is None and written is not None:
            key = self._keys[written] = unit_key(written)
        return key

    def _name(self, written: str | None) -> str | None:
        """The rule file's name of the unit, else the first spelling met (as `load/values.py` names it)."""
        if written is None:
            return None
        normalised = " ".join(written.split())
        return self._declared().get(normalised.casefold(), normalised)

    def _declared(self) -> dict[str, str]:
        """The rule file's units by their names casefolded, the first of two alike: looked up once per unit,
        and a rule file may list thousands."""
        if self._declared_names is None:
            self._declared_names = {}
            for unit in self.scorecard.org_units:
                self._declared_names.setdefault(unit.casefold(), unit)
        return self._declared_names

    def ordered(self) -> list[str | None]:
        """Unit keys in the results' order. A unit the rule file's `enheter` does not list is an error of the
        chunk that holds it: such units come first, so that the run stops before anything is decided."""
        declared = [unit.casefold() for unit in self.scorecard.org_units]
        named = [key for key in self.names if key is not None]
        if declared:
            unknown = sorted((key for key in named if key not in self._declared()),
                             key=lambda key: (key, self.names[key]))
            known = [key for key in declared if key in self.names]
            ordered = unknown + known
        else:
            ordered = sorted(named, key=lambda key: (self.names[key].casefold(), self.names[key]))
        return ([None] if None in self.names else []) + ordered

    def measured(self) -> Counter:
        """How many measured values (comparison values aside) each period has, over every unit."""
        counts: Counter = Counter()
        for (_, text), values in self.counts.items():
            if text is not None:
                counts[self._period(text)] += values
        return counts

    def units_in(self, period: Period) -> list[str | None]:
        """The unit keys with measured values for `period`, in the results' order."""
        having = {key for (key, text), values in self.counts.items() if text is not None and values
                  and self._period(text) == period}
        return [key for key in self.ordered() if key in having]

    def _period(self, text: str) -> Period:
        """A period's text as counted (as written in a CSV file, `2019-T2`) read once."""
        if (period := self._periods.get(text)) is None:
            period = self._periods[text] = Period.parse(text)
        return period

    def size(self, key: str | None, period: Period, indicators: int) -> int:
        """About how many keys a unit has in `period`: a value per key, and every indicator has its own row."""
        return max(self.counts[key, period.text], indicators)


def plan_chunks(directory: UnitDirectory, period: Period, chunk_keys: int = DEFAULT_CHUNK_KEYS,
                only: set[str | None] | None = None, first: int = 0) -> list[Chunk]:
    """Consecutive units of about `chunk_keys` keys each (at least one unit per chunk), numbered from `first`;
    `only`: these unit keys."""
    if chunk_keys < 1:
        raise ValueError(f"chunk_keys must be at least 1, not {chunk_keys}")
    indicators = len(directory.scorecard.indicators())
    chunks: list[Chunk] = []
    units: list[str | None] = []
    keys = 0
    for key in directory.ordered():
        if only is not None and key not in only:
            continue
        units.append(key)
        keys += directory.size(key, period, indicators)
        if keys >= chunk_keys:
            chunks.append(_chunk(first + len(chunks), period, units, directory, keys))
            units, keys = [], 0
    if units:
        chunks.append(_chunk(first + len(chunks), period, units, directory, keys))
    return chunks


def _chunk(index: int, period: Period, units: list[str | None], directory: UnitDirectory, keys: int) -> Chunk:
    return Chunk(index=index, period=period, units=tuple(units), names=tuple(directory.names[key] for key in units),
                 keys=keys)
