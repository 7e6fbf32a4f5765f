"""Measured values as written in the measures files, each remembering its file and line."""

from __future__ import annotations

from .period import Period
from ..diagnostics import where
from .frozen import Frozen


class MeasuredValue(Frozen):
    """One value as written in a measures file, with where it was written.

    The group is kept as written (`K`, `kvinnor`); which dimension it belongs to and what it is
    called in the rule file are settled against the rule file, when the value is interpreted."""

    indicator: str
    period: Period
    text: str  # as written: "3,8 %", "genomförd", "saknas"
    part: str | None = None  # the part of a compound milestone
    dimension: str | None = None  # as written under the indicator (YAML); None in a CSV `grupp` column
    group: str | None = None  # as written: "kvinnor", "K", "VO Drift"
    org_unit: str | None = None  # "enhet": the organisational unit the value belongs to
    file: str
    line: int | None = None

    @property
    def where(self) -> str:
        return where(self.file, self.line)


class Measures(Frozen):
    values: tuple[MeasuredValue, ...]

    def periods(self) -> list[Period]:
        return sorted({value.period for value in self.values})

    def org_units(self) -> list[str]:
        """The organisational units the values name, as first written (`nord` and `Nord` are one)."""
        units: dict[str, str] = {}
        for value in self.values:
            if value.org_unit is not None:
                units.setdefault(_unit_key(value.org_unit), value.org_unit)
        return sorted(units.values(), key=lambda unit: (unit.casefold(), unit))

    def for_org_unit(self, org_unit: str) -> Measures:
        """Only the values of one unit, however its name is capitalised or spaced."""
        wanted = _unit_key(org_unit)
        return Measures(values=tuple(value for value in self.values
                                     if value.org_unit is not None and _unit_key(value.org_unit) == wanted))


def _unit_key(name: str) -> str:
    return " ".join(name.split()).casefold()
