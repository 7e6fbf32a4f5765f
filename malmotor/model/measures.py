"""Measured values as written in the measures files, each remembering its file and line."""

from __future__ import annotations

from .scorecard import Frozen


class MeasuredValue(Frozen):
    """One value as written in a measures file, with where it was written."""

    indicator: str
    period: int
    text: str  # as written: "3,8 %", "genomförd", "saknas"
    part: str | None = None  # the part of a compound milestone
    file: str
    line: int | None = None


class Measures(Frozen):
    values: tuple[MeasuredValue, ...]

    def periods(self) -> list[int]:
        return sorted({value.period for value in self.values})

    def index(self) -> dict[tuple[str, int], list[MeasuredValue]]:
        table: dict[tuple[str, int], list[MeasuredValue]] = {}
        for value in self.values:
            table.setdefault((value.indicator, value.period), []).append(value)
        return table
