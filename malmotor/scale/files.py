"""The measures files of a command line, read for a run of many units without holding every value.

A CSV file is read once. Block by block (`_text_blocks`), its rows are checked and counted by unit and period,
and consecutive rows of the same unit are kept together as their lines and the number of the first, by unit:
a few megabytes in memory, the rest in a temporary spool file (`_Spool`), their places in it remembered per
unit. When the units have been put in the results' order and divided into chunks (`plan.py`), a chunk's lines
are read back in the files' order and sent to a worker, which makes them values (`CsvLayout.run_values`). The
parent process therefore holds counts, the spool's places and a few chunks, whatever the size of the files,
and reads every row once.

A block whose lines have no quotation mark and all the header's cells is taken apart a column at a time
(`str.split` over every line, then a column's cells); any other block line by line, as `csv.reader` reads it.
YAML, Excel and Kolada files are read whole, as by `load_measures` (a YAML file is one period of one unit;
they are small), and their values spooled by unit in the same way.

Whatever this reader would have to judge (a header without `indikator`, a row of the wrong length, an open
quotation mark, a period that cannot be read, a file given twice …) it does not: it raises `NotStreamable`,
and the command line reads the files the usual way, which reports every problem exactly as without
many units.
"""

from __future__ import annotations

import codecs
import csv
import pickle
import tempfile
import unicodedata
from array import array
from collections import Counter
from collections.abc import Iterator
from itertools import chain, count, groupby, repeat
from operator import itemgetter
from pathlib import Path

from ..load.kolada import KoladaMapping
from ..load.measuresfile import (CSV_LIMIT, CsvLayout, file_identity, header_ok, read_measures, row_cells,
                                 split_decimal)
from ..load.sections import Problems
from ..load.yamlsource import CONTROL_CHARACTERS, SPREADSHEET_MAGIC, file_problem
from ..model import MeasuredValue, Scorecard
from ..model.period import Period, PeriodError
from .packing import Packed, unpack, value_row
from .plan import Chunk, UnitDirectory

CSV_SUFFIXES = (".csv", ".tsv", ".txt")
# Bytes read at a time: well below the longest cell csv.reader takes (131 072 characters), so that a block
# split with `str.split` (one shorter than that: `_CsvFile._block`) holds no cell csv.reader would refuse.
_BLOCK = 1 << 16
_READ_AT_ONCE = 1 << 20  # bytes of the spool file read back in one go
_WAITING = 16 << 20  # about how many bytes of rows wait in memory before they are written to the spool file
_ROW_SIZE = 250  # about how many bytes a waiting row takes besides its text (its tuples, numbers and string)
_VALUE_SIZE = 400  # about how many bytes a value of a file read whole takes as a row


class NotStreamable(Exception):
    """A file this reader leaves to the usual reader: it has a problem to report, or a form not read here."""


class MeasuresFiles:
    """The units and periods of the files, their rows spooled by unit (`scan`), then each chunk's (`packed`)."""

    def __init__(self, scorecard: Scorecard, paths: list[str]) -> None:
        self.scorecard = scorecard
        self.paths = list(paths)
        self.directory = UnitDirectory(scorecard)
        self._measured: set[str] = set()  # the texts of the periods of measured values (not comparison values)
        self.template = Packed()  # every file's index and a CSV file's layout, shared by every chunk
        self.shared = Packed()  # comparison values for every unit (riket): in every chunk
        self.unplaced = Packed()  # values Kolada's ids cannot place: the first chunk reports them
        self._period_of: dict[str, Period] = {}
        self._spool: _Spool | None = None

    # --- the reading: units and periods counted, rows spooled by unit ---------------------------------

    def scan(self) -> None:
        given = set()
        mapping = KoladaMapping(self.scorecard)
        self._spool = _Spool()
        for name in self.paths:
            path = Path(name)
            if file_problem(path) is not None or file_identity(path) in given:
                raise NotStreamable(name)
            given.add(file_identity(path))
            if path.suffix.casefold() in CSV_SUFFIXES:
                try:
                    _CsvFile(self, path).read()
                except csv.Error:
                    raise NotStreamable(name) from None
            else:
                self._place_values(self._read_whole(path), mapping)
        self._spool.written()

    @property
    def periods(self) -> list[Period]:
        """The periods of the measured values, in order (comparison values alone make no period to judge)."""
        return sorted(self._period_of[text] for text in self._measured)

    def _read_whole(self, path: Path) -> list[MeasuredValue]:
        measures, problems = read_measures([path])
        if problems:
            raise NotStreamable(str(path))
        return list(measures.values)

    def _place_values(self, values: list[MeasuredValue], mapping: KoladaMapping) -> None:
        """A file read whole: each value counted and spooled with its unit's; one for every unit (riket) or one
        Kolada's ids cannot place kept here."""
        for value in values:
            named = mapping.apply(value) if value.kolada is not None else value
            if named is None:
                self.unplaced.add_value(value)
                continue
            self._period_of.setdefault(value.period.text, value.period)
            if named.comparison is not None and named.org_unit is None:
                self.shared.add_value(value)
                continue
            key = self._count(named.org_unit, None if named.comparison is not None else value.period.text)
            self._spool.add(key, value_row(self.template.file_index(value.file), value), _VALUE_SIZE)

    def _count(self, unit: str | None, period: str | None, values: int = 1) -> str | None:
        """Counts values of `unit` (as written; None: none) for the period whose text is `period` (None: comparison
        values, no period of their own); the unit's key."""
        if period is not None:
            self._measured.add(period)
        return self.directory.add(unit, period, values)

    def _period(self, text: str, path: Path) -> Period:
        if (period := self._period_of.get(text)) is None:
            try:
                period = self._period_of[text] = Period.parse(text)
            except PeriodError:
                raise NotStreamable(str(path)) from None
        return period

    # --- the chunks ------------------------------------------------------------------------------------

    def spool(self, chunks: list[Chunk]) -> None:
        """Nothing is read again: `scan` spooled every row by unit as it counted it. What no chunk reads (a unit
        of none of `chunks`) is let go."""
        wanted = {unit for chunk in chunks for unit in chunk.units}
        self._spool.keep(wanted)

    def packed(self, chunk: Chunk) -> Packed:
        """The chunk's values: the shared ones, the unplaced ones for the first chunk, then its own rows, in the
        files' order."""
        packed = Packed.like(self.template)
        for extra in (self.shared, self.unplaced) if chunk.index == 0 else (self.shared,):
            for row in extra.rows:
                packed.rows.append(_reindexed(row, extra, packed))
        packed.rows.extend(self._spool.rows(chunk.units))
        return packed

    def values_of(self, units: list[str | None]) -> tuple[list[MeasuredValue], list[str]]:
        """The values of a few units, read from the spool without letting their rows go (a chunk reads them
        later), and the files in the run's order: for a warning that names where some values are."""
        packed = Packed.like(self.template)
        packed.rows.extend(self._spool.rows(tuple(units), keep=True))
        return unpack(packed, False)[0], packed.files

    def close(self) -> None:
        if self._spool is not None:
            self._spool.close()
            self._spool = None


class _CsvFile:
    """One CSV file read block by block: its rows checked as `measuresfile._read_csv` would find nothing wrong
    with them, counted, and spooled by unit."""

    def __init__(self, files: MeasuresFiles, path: Path) -> None:
        self.files, self.path, self.name = files, path, str(path)
        self.limit = csv.field_size_limit()

    def read(self) -> None:
        blocks = _text_blocks(self.path)
        header, _, rest = next(blocks, "").partition("\n")
        delimiter = "\t" if "\t" in header else ";" if ";" in header else ","
        columns = [cell.strip().casefold() for cell in self._cells(header, delimiter)]
        while columns and not columns[-1]:
            columns.pop()
        if not header_ok(columns, delimiter, Problems(self.name)):
            raise NotStreamable(self.name)
        self.layout = layout = CsvLayout(tuple(columns), delimiter)
        self.file_index = self.files.template.file_index(self.name, layout)
        self.width = len(columns)
        self.at = (layout.indicator, layout.text, layout.period, layout.unit, layout.comparison)
        found, line = 0, 2
        for text in chain([rest], blocks):
            if text:
                found += self._block(text, line)
                line += text.count("\n")
        if not found:
            raise NotStreamable(self.name)  # a header and no values: the usual reader says so

    def _cells(self, line: str, delimiter: str) -> list[str]:
        """A line's cells as csv.reader reads them; a cell over several lines (or a quotation mark left open) is
        the usual reader's to judge."""
        if len(line) < self.limit:
            row = row_cells(line, delimiter)
        else:  # csv.reader refuses a cell this long
            row = next(csv.reader([line + "\n"], delimiter=delimiter), [])
        if any("\n" in cell for cell in row):
            raise NotStreamable(self.name)
        return row

    def _block(self, text: str, first: int) -> int:
        """The rows of `text` (whole lines, the first of them line `first`) counted and spooled; how many."""
        lines = text.split("\n")
        lines.pop()  # after the last line break
        if '"' not in text and len(text) < self.limit:
            rows = list(map(str.split, lines, repeat(self.layout.delimiter)))
            if set(map(len, rows)) == {self.width}:
                return self._columns(lines, rows, first)
        return self._lines(lines, first)

    def _columns(self, lines: list[str], rows: list[list[str]], first: int) -> int:
        """A block whose lines all have the header's cells and no quotation mark, a column at a time."""
        indicator, value, period, unit, comparison = self.at
        strip = str.strip

        def column(index: int) -> list[str]:
            return list(map(strip, map(itemgetter(index), rows)))

        if not all(map(strip, map(itemgetter(indicator), rows))) or not all(map(strip, map(itemgetter(value), rows))):
            return self._lines(lines, first)  # an empty row to pass over, or an empty cell to report
        if self.layout.delimiter == "," and value + 1 < self.width and \
                any(map(split_decimal, column(value), column(value + 1))):
            raise NotStreamable(self.name)
        periods = column(period)
        distinct = set(periods)
        for text in distinct:
            self.files._period(text, self.path)
        units = column(unit) if unit is not None else [""] * len(rows)
        comparisons = column(comparison) if comparison is not None else None
        if comparisons is not None and comparisons.count("") == len(comparisons):
            comparisons = None  # no comparison value in the block
        directory, spool, file_index = self.files.directory, self.files._spool, self.file_index
        runs, start = [], 0
        for written, run in groupby(units):  # consecutive rows of one unit: spooled together
            end = start + len(list(run))
            runs.append((written, start, end))
            start = end
        if comparisons is None:  # every row a measured value: counted by unit (and period) run by run, or at once
            self.files._measured.update(distinct)
            if len(runs) * 4 < len(rows):
                for written, start, end in runs:
                    if len(distinct) == 1:
                        directory.add(written or None, periods[start], end - start)
                    else:
                        for text, values in Counter(periods[start:end]).items():
                            directory.add(written or None, text, values)
            elif len(distinct) == 1:
                for written, values in Counter(units).items():
                    directory.add(written or None, periods[0], values)
            else:
                for (written, text), values in Counter(zip(units, periods)).items():
                    directory.add(written or None, text, values)
        for written, start, end in runs:
            if comparisons is not None and comparisons[start:end].count("") != end - start:
                self._rows(lines, first, range(start, end), units[start:end], periods[start:end],
                           comparisons[start:end])
                continue
            if comparisons is not None:
                for text, values in Counter(periods[start:end]).items():
                    self.files._count(written or None, text, values)
            text = "\n".join(lines[start:end])
            spool.add(directory.key_of(written or None), (file_index, first + start, text), len(text))
        return len(rows)

    def _lines(self, lines: list[str], first: int) -> int:
        """A block line by line: empty rows passed over, anything the usual reader would report NotStreamable."""
        indicator, value, period, unit, comparison = self.at
        delimiter, width, layout, strip = self.layout.delimiter, self.width, self.layout, str.strip
        kept, units, periods, comparisons = [], [], [], []
        for index, written in enumerate(lines):
            row = self._cells(written, delimiter)
            while len(row) > width and not row[-1].strip():
                row.pop()
            cells = list(map(strip, row))
            if not any(cells):
                continue
            if len(cells) != width or not cells[indicator] or not cells[value] or layout.split_decimal(cells):
                raise NotStreamable(self.name)
            kept.append(index)
            units.append(cells[unit] if unit is not None else "")
            periods.append(cells[period])
            comparisons.append(cells[comparison] if comparison is not None else "")
        self._rows(lines, first, kept, units, periods, comparisons)
        return len(kept)

    def _rows(self, lines: list[str], first: int, kept, units: list[str], periods: list[str],
              comparisons: list[str]) -> None:
        """Rows one by one (`kept`: their indexes in `lines`), spooled in runs of consecutive lines of one unit;
        a comparison value for every unit (no unit of its own) is shared by every chunk."""
        files, spool, file_index = self.files, self.files._spool, self.file_index
        run_start = run_end = run_unit = run_key = None
        for index, written, text, series in zip(kept, units, periods, comparisons):
            files._period(text, self.path)
            if series and not written:
                files.shared.add_csv_run(self.name, self.layout, first + index, lines[index])
                continue
            key = files._count(written or None, None if series else text)
            if run_start is not None and index == run_end and written == run_unit:
                run_end += 1
                continue
            if run_start is not None:
                text = "\n".join(lines[run_start:run_end])
                spool.add(run_key, (file_index, first + run_start, text), len(text))
            run_start, run_end, run_unit, run_key = index, index + 1, written, key
        if run_start is not None:
            text = "\n".join(lines[run_start:run_end])
            spool.add(run_key, (file_index, first + run_start, text), len(text))


class _Spool:
    """Rows by unit in a temporary file, which the system removes with the process whatever happens. Rows wait
    in memory, by unit, until some megabytes wait (`_WAITING`); then each unit's waiting rows are written as one
    record (a pickled list), whose place in the file is kept with the unit's. A row is numbered as it comes,
    so that a chunk's rows are given back in the order they were read (the files' order), however the
    files mix their units."""

    def __init__(self) -> None:
        self._file = tempfile.TemporaryFile(prefix="malmotor-")
        self._size = 0
        self._places: dict[str | None, array] = {}  # unit key → offset, length, offset, length, …
        self._waiting: dict[str | None, list[tuple[int, tuple]]] = {}  # unit key → (number, row), …
        self._waited = 0  # about how many bytes wait
        self._numbers = count()

    def add(self, unit: str | None, row: tuple, size: int) -> None:
        """A row of `unit`; `size`: about how many bytes its text holds."""
        if (waiting := self._waiting.get(unit)) is None:
            waiting = self._waiting[unit] = []
        waiting.append((next(self._numbers), row))
        self._waited += size + _ROW_SIZE
        if self._waited > _WAITING:
            self.written()

    def written(self) -> None:
        """Every waiting row to the file."""
        for unit, rows in self._waiting.items():
            record = pickle.dumps(rows, protocol=pickle.HIGHEST_PROTOCOL)
            self._file.write(record)
            if (places := self._places.get(unit)) is None:
                places = self._places[unit] = array("q")
            places.append(self._size)
            places.append(len(record))
            self._size += len(record)
        self._waiting.clear()
        self._waited = 0
        self._file.flush()

    def keep(self, units: set[str | None]) -> None:
        for unit in [unit for unit in self._places if unit not in units]:
            del self._places[unit]

    def rows(self, units: tuple[str | None, ...], keep: bool = False) -> list[tuple]:
        """The rows of `units`, in the order they came, read once: let go after, unless `keep`."""
        places = []
        for unit in units:
            if (found := self._places.get(unit) if keep else self._places.pop(unit, None)) is not None:
                places.extend(zip(found[::2], found[1::2]))
        places.sort()  # the file read forwards
        numbered: list[tuple[int, tuple]] = []
        index = 0
        while index < len(places):
            start, end, last = places[index][0], sum(places[index]), index + 1
            while last < len(places) and places[last][0] == end and end - start < _READ_AT_ONCE:
                end += places[last][1]  # records next to each other: one read
                last += 1
            self._file.seek(start)
            data = memoryview(self._file.read(end - start))
            for offset, length in places[index:last]:
                numbered.extend(pickle.loads(data[offset - start:offset - start + length]))
            index = last
        numbered.sort(key=itemgetter(0))
        return [row for _, row in numbered]

    def close(self) -> None:
        self._file.close()


def _reindexed(row: tuple, source: Packed, target: Packed) -> tuple:
    """A row of one `Packed` with its file's index in another."""
    index = target.file_index(source.files[row[0]], source.layouts[row[0]])
    return (index, *row[1:])


_PRINTABLE_ASCII = bytes([9, 10, 13, *range(32, 127)])
_NOT_ASCII = bytes(range(128, 256))


def _control_character(data: bytes) -> bool:
    """Whether the text of `data` (UTF-8) has a character `yamlsource.CONTROL_CHARACTERS` refuses. The printable ASCII
    bytes taken away, what is left is an ASCII control character or the file's other characters, still
    UTF-8: most files have few, so the pattern looks at them alone."""
    rest = data.translate(None, _PRINTABLE_ASCII)
    if not rest:
        return False
    if rest.translate(None, _NOT_ASCII):
        return True
    return CONTROL_CHARACTERS.search(rest.decode("utf-8")) is not None


def _text_blocks(path: Path) -> Iterator[str]:
    """The file's text as `yamlsource.read_text` would give it (UTF-8 with or without a byte-order mark, NFC,
    line breaks as `\\n`, the last line ended), in blocks of whole lines: never the whole file in memory. What
    `read_text` would refuse, or read otherwise (UTF-16, a line break that is a lone carriage return), is
    left to it: NotStreamable."""
    try:
        if path.stat().st_size > CSV_LIMIT.bytes:
            raise NotStreamable(str(path))
        with path.open("rb") as stream:
            head = stream.read(4096)
            if head.startswith((*SPREADSHEET_MAGIC, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or 0 in head:
                raise NotStreamable(str(path))  # a workbook, or UTF-16 (every other byte zero)
            stream.seek(0)
            written, rest, first = False, b"", True
            while True:
                block = stream.read(_BLOCK)
                data = rest + block
                cut = len(data) if not block else data.rfind(b"\n") + 1  # whole lines; at the end, the rest
                if not cut:
                    if not data:
                        break
                    rest = data  # a line longer than a block: read on
                    continue
                whole = data[:cut]
                if first and whole.startswith(codecs.BOM_UTF8):
                    whole = whole[len(codecs.BOM_UTF8):]
                text = whole.decode("utf-8")
                if _control_character(whole):
                    raise NotStreamable(str(path))
                rest, first = data[cut:], False
                if "\r" in text:
                    text = text.replace("\r\n", "\n")
                    if "\r" in text:
                        raise NotStreamable(str(path))
                normal = unicodedata.normalize("NFC", text)
                if normal is not text and CONTROL_CHARACTERS.search(normal):
                    raise NotStreamable(str(path))
                if normal:
                    written = written or not normal.isspace()
                    yield normal if normal.endswith("\n") else normal + "\n"  # the last line, without a break
                if not block:
                    break
            if not written:
                raise NotStreamable(str(path))  # empty
    except (OSError, UnicodeDecodeError):
        raise NotStreamable(str(path)) from None
