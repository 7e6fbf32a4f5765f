"""The measures files of a command line, read for a run of many units without holding every value.

A CSV file is read twice. The first time only the units and periods are counted, row by row, so that the
units can be put in the results' order and divided into chunks (`plan.py`) before any value is kept. The
second time every row goes to a spool file of its chunk (a temporary folder, removed at the end), as its
cells and line; a chunk's rows are read back when it is sent to a worker. The parent process therefore
holds counts and a few chunks, whatever the size of the files. YAML, Excel and Kolada files are read
whole, as by `load_measures` (a YAML file is one period of one unit; they are small).

Whatever this reader would have to judge (a header without `indikator`, a row of the wrong length, an open
quotation mark, a period that cannot be read, a file given twice …) it does not: it raises `NotStreamable`,
and the command line reads the files the usual way, which reports every problem exactly as without
many units.
"""

from __future__ import annotations

import codecs
import csv
import itertools
import os
import pickle
import tempfile
import unicodedata
from collections.abc import Iterator
from pathlib import Path

from ..load.kolada import KoladaMapping
from ..load.measuresfile import CSV_LIMIT, _header_ok, _identity, _split_decimal, read_measures
from ..load.sections import Problems
from ..load.yamlsource import _CONTROL, _SPREADSHEET_MAGIC, file_problem
from ..model import MeasuredValue, Scorecard
from ..model.period import Period, PeriodError
from .packing import Packed, value_row
from .plan import Chunk, UnitDirectory

CSV_SUFFIXES = (".csv", ".tsv", ".txt")
_BLOCK = 1 << 20  # bytes read at a time
_BUFFERED = 20_000  # rows waiting to be written to the spool files, all chunks together (a few MB)


class NotStreamable(Exception):
    """A file this reader leaves to the usual reader: it has a problem to report, or a form not read here."""


class MeasuresFiles:
    """The units and periods of the files (`scan`), then each chunk's values (`spool`, `packed`)."""

    def __init__(self, scorecard: Scorecard, paths: list[str]) -> None:
        self.scorecard = scorecard
        self.paths = list(paths)
        self.directory = UnitDirectory(scorecard)
        self._measured: set[str] = set()  # the texts of the periods of measured values (not comparison values)
        self.template = Packed()  # every file's index and a CSV file's columns, shared by every chunk
        self.shared = Packed()  # comparison values for every unit (riket): in every chunk
        self.unplaced = Packed()  # values Kolada's ids cannot place: the first chunk reports them
        self.whole: dict[str, list[MeasuredValue]] = {}  # a YAML, Excel or Kolada file's values, read whole
        self._period_of: dict[str, Period] = {}
        self._folder: tempfile.TemporaryDirectory | None = None
        self._spools: list[Path] = []

    # --- the first reading: units and periods ---------------------------------------------------------

    def scan(self) -> None:
        given = set()
        mapping = KoladaMapping(self.scorecard)
        for name in self.paths:
            path = Path(name)
            if file_problem(path) is not None or _identity(path) in given:
                raise NotStreamable(name)
            given.add(_identity(path))
            if path.suffix.casefold() in CSV_SUFFIXES:
                for line, cells, unit, comparison, period in self._csv_rows(path):
                    self._count(unit, comparison, period.text)
            else:
                self.whole[name] = self._read_whole(path)
                for value in self.whole[name]:
                    named = mapping.apply(value) if value.kolada is not None else value
                    if named is not None:
                        self._period_of.setdefault(value.period.text, value.period)
                        self._count(named.org_unit, named.comparison, value.period.text)

    def _count(self, unit: str | None, comparison: str | None, period: str) -> None:
        if comparison is not None and unit is None:
            return  # for every unit: no unit of its own
        self.directory.add(unit, period if comparison is None else None)
        if comparison is None:
            self._measured.add(period)

    @property
    def periods(self) -> list[Period]:
        """The periods of the measured values, in order (comparison values alone make no period to judge)."""
        return sorted(self._period_of[text] for text in self._measured)

    def _read_whole(self, path: Path) -> list[MeasuredValue]:
        measures, problems = read_measures([path])
        if problems:
            raise NotStreamable(str(path))
        return list(measures.values)

    def _csv_rows(self, path: Path) -> Iterator[tuple[int, tuple[str, ...], str | None, str | None, Period]]:
        """(line, cells, unit, comparison series, period) of every row, as `measuresfile._read_csv` reads them."""
        lines = _text_lines(path)
        header = next(lines, "")
        delimiter = "\t" if "\t" in header else ";" if ";" in header else ","
        reader = csv.reader(itertools.chain([header], lines), delimiter=delimiter)
        try:
            columns = [cell.strip().casefold() for cell in next(reader)]
            while columns and not columns[-1]:
                columns.pop()
            if not _header_ok(columns, delimiter, Problems(str(path))):
                raise NotStreamable(str(path))
            self.template.file_index(str(path), tuple(columns))
            at = {name: columns.index(name) if name in columns else None
                  for name in ("indikator", "värde", "period", "enhet", "jämförelse")}
            indicator, value, period, unit, comparison = at.values()
            width, strip = len(columns), str.strip
            found = 0
            while True:
                line = reader.line_num + 1
                try:
                    row = next(reader)
                except StopIteration:
                    break
                if reader.line_num > line:  # a cell over several lines, or a quotation mark left open
                    raise NotStreamable(str(path))
                while len(row) > width and not row[-1].strip():
                    row.pop()
                cells = tuple(map(strip, row))
                if not any(cells):
                    continue
                if len(cells) != width or not cells[indicator] or not cells[value] or \
                        (delimiter == "," and _split_decimal(dict(zip(columns, cells)), columns)):
                    raise NotStreamable(str(path))
                found += 1
                series = " ".join(cells[comparison].split()) or None if comparison is not None else None
                yield line, cells, cells[unit] or None if unit is not None else None, series, \
                    self._period(cells[period], path)
        except csv.Error:
            raise NotStreamable(str(path)) from None
        if not found:
            raise NotStreamable(str(path))

    def _period(self, text: str, path: Path) -> Period:
        if (period := self._period_of.get(text)) is None:
            try:
                period = self._period_of[text] = Period.parse(text)
            except PeriodError:
                raise NotStreamable(str(path)) from None
        return period

    # --- the second reading: each row to its chunk's spool file ---------------------------------------

    def spool(self, chunks: list[Chunk]) -> None:
        chunk_of = {unit: chunk.index for chunk in chunks for unit in chunk.units}
        self._folder = tempfile.TemporaryDirectory(prefix="malmotor-")
        self._spools = [Path(self._folder.name) / f"{chunk.index}.pickle" for chunk in chunks]
        batches: list[list[tuple]] = [[] for _ in chunks]
        mapping = KoladaMapping(self.scorecard)
        size = max(16, _BUFFERED // max(len(chunks), 1))  # rows per write: all chunks' together stay few

        def add(index: int, row: tuple) -> None:
            batch = batches[index]
            batch.append(row)
            if len(batch) >= size:
                self._flush(index, batch)

        for name in self.paths:
            if name in self.whole:
                for value in self.whole.pop(name):  # read whole, placed now, then let go
                    named = mapping.apply(value) if value.kolada is not None else value
                    self._place_value(value, named, chunk_of, add)
                continue
            file_index = self.template.file_index(str(Path(name)))
            columns = self.template.columns[file_index]
            for line, cells, unit, comparison, _ in self._csv_rows(Path(name)):
                if comparison is not None and unit is None:
                    self.shared.add_csv_row(str(Path(name)), columns, line, cells)
                elif (index := chunk_of.get(self.directory.key_of(unit))) is not None:
                    add(index, (file_index, line, cells))
        for index, batch in enumerate(batches):
            if batch:
                self._flush(index, batch)

    def _place_value(self, value: MeasuredValue, named: MeasuredValue | None, chunk_of: dict, add) -> None:
        if named is None:
            self.unplaced.add_value(value)
        elif named.comparison is not None and named.org_unit is None:
            self.shared.add_value(value)
        elif (index := chunk_of.get(self.directory.key_of(named.org_unit))) is not None:
            add(index, value_row(self.template.file_index(value.file), value))

    def _flush(self, index: int, batch: list[tuple]) -> None:
        with self._spools[index].open("ab") as stream:
            pickle.dump(batch, stream, protocol=pickle.HIGHEST_PROTOCOL)
        batch.clear()

    def packed(self, chunk: Chunk) -> Packed:
        """The chunk's values: the shared ones, the unplaced ones for the first chunk, then its own rows."""
        packed = Packed.like(self.template)
        for extra in (self.shared, self.unplaced) if chunk.index == 0 else (self.shared,):
            for row in extra.rows:
                packed.rows.append(_reindexed(row, extra, packed))
        spool = self._spools[chunk.index]
        if spool.exists():
            with spool.open("rb") as stream:
                while True:
                    try:
                        packed.rows.extend(pickle.load(stream))
                    except EOFError:
                        break
            os.unlink(spool)  # read once: the disk is given back chunk by chunk
        return packed

    def close(self) -> None:
        if self._folder is not None:
            self._folder.cleanup()
            self._folder = None


def _reindexed(row: tuple, source: Packed, target: Packed) -> tuple:
    """A row of one `Packed` with its file's index in another."""
    index = target.file_index(source.files[row[0]], source.columns[row[0]])
    return (index, *row[1:])


def _text_lines(path: Path) -> Iterator[str]:
    """The file's lines as `yamlsource.read_text` would give its text (UTF-8 with or without a byte-order mark,
    NFC, line breaks as `\\n`, the last line ended), read line by line: never the whole file in memory. What
    `read_text` would refuse, or read otherwise (UTF-16, a line break that is a lone carriage return), is
    left to it: NotStreamable."""
    try:
        if path.stat().st_size > CSV_LIMIT.bytes:
            raise NotStreamable(str(path))
        with path.open("rb") as stream:
            head = stream.read(4096)
            if head.startswith((*_SPREADSHEET_MAGIC, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or 0 in head:
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
                text = data[:cut].decode("utf-8-sig" if first else "utf-8")
                rest, first = data[cut:], False
                if "\r" in text:
                    text = text.replace("\r\n", "\n")
                    if "\r" in text:
                        raise NotStreamable(str(path))
                text = unicodedata.normalize("NFC", text)
                if _CONTROL.search(text):
                    raise NotStreamable(str(path))
                written = written or bool(text.strip())
                lines = text.split("\n")
                for line in lines[:-1]:
                    yield line + "\n"
                if lines[-1]:
                    yield lines[-1] + "\n"  # the last line, without a line break of its own
                if not block:
                    break
            if not written:
                raise NotStreamable(str(path))  # empty
    except (OSError, UnicodeDecodeError):
        raise NotStreamable(str(path)) from None
