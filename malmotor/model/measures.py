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

    def org_units(self) -> list[str | None]:
        """The units the values belong to (None: values without a unit), sorted by name."""
        return sorted({value.org_unit for value in self.values}, key=lambda unit: ("" if unit is None else "1" + unit.casefold(), unit or ""))

    def for_org_unit(self, org_unit: str) -> Measures:
        return Measures(values=tuple(value for value in self.values if value.org_unit == org_unit))
