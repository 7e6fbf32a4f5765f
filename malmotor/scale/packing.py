"""Measured values as small tuples, so that what is sent to a worker stays small.

A pickled `MeasuredValue` is about 400 bytes (the model's class and every field's name); the same value
as a tuple of its fields, with its file as an index into the chunk's list of files and its period as
text, is about a quarter of that. Consecutive rows of a CSV file are sent as their lines and the number of
the first, and read into values in the worker by the measures file reader (`CsvLayout.run_values` in
`load/measuresfile.py`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..diagnostics import Diagnostic
from ..load.measuresfile import CsvLayout, measure_duplicates
from ..load.sections import Problems
from ..model import MeasuredValue
from ..model.measures import KoladaRef
from ..model.period import Period

# A value's fields after `indicator`, `period` (as text) and `text`, in this order; `file` is an index.
_FIELDS = ("part", "dimension", "group", "org_unit", "comparison", "line", "column", "number", "number_unit")


@dataclass
class Packed:
    """The values of one chunk: `files` once, then per row the index of its file and either a value's fields
    (`value_row`) or, for a CSV file (its `layouts` known), the number of a line and the text of that line and
    the ones after it (`add_csv_run`)."""

    files: list[str] = field(default_factory=list)
    layouts: list[CsvLayout | None] = field(default_factory=list)  # per file: a CSV file's columns and separator
    rows: list[tuple] = field(default_factory=list)
    _index: dict[str, int] = field(default_factory=dict, repr=False)

    def file_index(self, file: str, layout: CsvLayout | None = None) -> int:
        if (index := self._index.get(file)) is None:
            index = self._index[file] = len(self.files)
            self.files.append(file)
            self.layouts.append(layout)
        return index

    @classmethod
    def like(cls, template: Packed) -> Packed:
        """An empty `Packed` with the files (and their indexes) of `template`."""
        return cls(files=list(template.files), layouts=list(template.layouts), _index=dict(template._index))

    def add_value(self, value: MeasuredValue) -> None:
        self.rows.append(value_row(self.file_index(value.file), value))

    def add_csv_run(self, file: str, layout: CsvLayout, line: int, text: str) -> None:
        """Consecutive lines of a CSV file (`text`, without the last line break), the first of them `line`."""
        self.rows.append((self.file_index(file, layout), line, text))

    def __getstate__(self):  # the index is rebuilt where needed; it is not sent
        return {"files": self.files, "layouts": self.layouts, "rows": self.rows}

    def __setstate__(self, state) -> None:
        self.__dict__.update(state, _index={})


def value_row(file_index: int, value: MeasuredValue) -> tuple:
    """A value as the tuple of its fields, its file as `file_index`."""
    kolada = value.kolada
    return (file_index, value.indicator, value.period.text, value.text, *(getattr(value, name) for name in _FIELDS),
            None if kolada is None else (kolada.kpi, kolada.unit_id, kolada.unit_kind, kolada.gender))


def unpack(packed: Packed, check_duplicates: bool) -> tuple[list[MeasuredValue], list[Diagnostic]]:
    """The values, and the problems of reading them (a CSV row's period that cannot be read, an empty value,
    a value given twice) as the measures file reader reports them."""
    periods: dict[str, Period] = {}
    problems = [Problems(file) for file in packed.files]
    values: list[MeasuredValue] = []
    layouts, files = packed.layouts, packed.files
    for row in packed.rows:
        if (layout := layouts[row[0]]) is not None:
            values.extend(layout.run_values(row[2], row[1], problems[row[0]]))
        else:
            values.append(_value(files[row[0]], row, periods))
    found = [item for each in problems for item in each.items]
    if check_duplicates:
        found.extend(measure_duplicates(values))
    return values, found


def _value(file: str, row: tuple, periods: dict[str, Period]) -> MeasuredValue:
    _, indicator, period, text, *rest, kolada = row
    if (parsed := periods.get(period)) is None:
        parsed = periods[period] = Period.parse(period)
    ref = None if kolada is None else KoladaRef(kpi=kolada[0], unit_id=kolada[1], unit_kind=kolada[2],
                                                gender=kolada[3])
    return MeasuredValue(indicator=indicator, period=parsed, text=text, file=file, kolada=ref,
                         **dict(zip(_FIELDS, rest)))
