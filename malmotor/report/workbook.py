"""Results → an Excel workbook (`--format xlsx`) that a controller can go on working in.

Written with XlsxWriter; the text formats stay in render.py. The sheets:

* "Styrkort" ("Scorecard"): every row of the CSV output, in its order and with its columns (the indicator
  rows and their group rows, the gap rows, the roll-up rows, the summaries); `tal` (`number`) a real number
  with as many decimals as the value shows, the date of a decision a real date; the level's word and symbol
  filled with the level's colour, the trend's word and arrow with the arrow's (palette.py); the explanation
  and the motivation wrapped; the header row frozen, an autofilter over the rows.
* one sheet per breakdown ("kön", "verksamhetsområde"): its group rows and gap rows, the same columns;
* "Sammanvägning, sammanfattning" ("Roll-up and summaries"), when the result has either: the roll-up
  verdicts and the generated summaries, the same columns;
* "Teckenförklaring och körning" ("Legend and run"): the legend (what, word, symbol, colour, filled; the colour
  word in English in an English workbook, as the palette knows it), and the run: scorecard, rule file, measures and assessments files each with its SHA-256, period, language,
  engine and malmotor's version.

The same result and inputs give the same bytes: the workbook's creation date is the last day of the period,
and the files in the zip carry XlsxWriter's fixed date.
"""

from __future__ import annotations

import calendar
import datetime
import hashlib
import io
import os
import re
import textwrap
from dataclasses import dataclass, field
from decimal import Decimal
from typing import BinaryIO

import xlsxwriter
from xlsxwriter.utility import xl_col_to_name

from .. import __version__
from ..model import EvaluationResult, Trend
from ..numbers import format_number, trimmed
from .gaprows import POINTS, ROW_KIND as GAP_KIND
from .palette import ASCII as COLOUR_SPELLINGS, ENGLISH as COLOURS_IN_ENGLISH, colours
from .render import (CSV_HEAD, CSV_TAIL, LEGEND_TITLE, MANUAL_KIND, RAW_TRENDS, STALE_WORDS, SUMMARY_KIND, row_kind,
                     is_decided, shown_levels, title_of)

WORKBOOK_FORMAT = "xlsx"

SHEET_MAIN = {"sv": "Styrkort", "en": "Scorecard"}
SHEET_ROLLUP = {"sv": ("Sammanvägning, sammanfattning", "Sammanvägning", "Sammanfattning"),
                "en": ("Roll-up and summaries", "Roll-up", "Summaries")}
SHEET_LEGEND = {"sv": "Teckenförklaring och körning", "en": "Legend and run"}
LEGEND_HEAD = {"sv": ("Vad", "Ord", "Symbol", "Färg"), "en": ("What", "Word", "Symbol", "Colour")}
LEGEND_WHAT = {"sv": ("måluppfyllelse", "utveckling", "markering"), "en": ("fulfilment", "trend", "mark")}
RUN_TITLE = {"sv": "Körning", "en": "Run"}
RUN_HEAD = {"sv": ("Uppgift", "Värde", "SHA-256"), "en": ("Item", "Value", "SHA-256")}
RUN_ITEMS = {
    "sv": {"scorecard": "Styrkort", "rules": "Regelfil", "measures": "Mätvärdesfil", "assessments": "Bedömningsfil",
           "period": "Period", "language": "Språk", "engine": "Motor", "version": "malmotor-version"},
    "en": {"scorecard": "Scorecard", "rules": "Rule file", "measures": "Measures file",
           "assessments": "Assessments file", "period": "Period", "language": "Language", "engine": "Engine",
           "version": "malmotor version"},
}

# The palette's colour words in English, by their Swedish word (the first English word for it: "grey", not "gray").
COLOUR_EN: dict[str, str] = {}
for _english, _swedish in COLOURS_IN_ENGLISH.items():
    COLOUR_EN.setdefault(_swedish, _english)


def colour_word(colour: str | None, lang: str) -> str:
    """A legend's colour as the legend sheet names it: as the rule file writes it, in English the palette's
    English word for it ("grön" → "green"); a `#rrggbb` or a word the palette does not know stays as written."""
    if not colour or lang != "en":
        return colour or ""
    word = " ".join(colour.split()).casefold()
    return COLOUR_EN.get(COLOUR_SPELLINGS.get(word, word), colour)


# The columns after the hierarchy's, by their place in CSV_TAIL.
INDICATOR, TARGET, PERIOD, VALUE, NUMBER, UNIT, LEVEL, SYMBOL, TREND, ARROW, EXPLANATION, KIND = range(12)
MANUAL_COMPUTED, MANUAL_MOTIVATION, MANUAL_DATE = 13, 14, 16
WRAPPED_WIDTH = {EXPLANATION: 60, MANUAL_MOTIVATION: 50}  # always wrapped, this wide
MAX_WIDTH, MIN_WIDTH = 45, 6  # a wider text is wrapped in a column this wide
MAX_DECIMALS_SHOWN = 10
LINE_HEIGHT = 15  # points, a line of Calibri 11


@dataclass(frozen=True)
class WorkbookInputs:
    """The files a result was evaluated from, as the user named them; shown with their SHA-256 on the
    legend and run sheet. The result itself knows only the rule file."""

    rules: str | os.PathLike | None = None
    measures: tuple[str | os.PathLike, ...] = ()
    assessments: tuple[str | os.PathLike, ...] = ()

    def paths(self) -> tuple[str | os.PathLike, ...]:
        return tuple(path for path in (self.rules, *self.measures, *self.assessments) if path is not None)


@dataclass
class _Row:
    """One row of a data sheet: its cells by column (text, a Decimal for the number, a date) and how to paint it."""

    cells: list
    sheet: str  # "indicator", "gap", "node", "summary"
    dimension: str | None = None  # a group row's or a gap row's breakdown
    colour: str | None = None  # the level's colour word
    arrow_colour: str | None = None
    decimals: int = 0


@dataclass
class _Formats:
    """XlsxWriter formats made once per kind, in a fixed order (so the bytes are the same every time)."""

    book: xlsxwriter.Workbook
    made: dict = field(default_factory=dict)

    def get(self, **properties):
        key = tuple(sorted(properties.items()))
        if key not in self.made:
            self.made[key] = self.book.add_format({"valign": "top", **properties})
        return self.made[key]

    def painted(self, colour: str | None, **properties):
        found = colours(colour)  # the palette shared with the HTML report
        if found is None:
            return self.get(**properties)
        fill, text = found
        return self.get(bg_color=fill, pattern=1, font_color=text, **properties)


def workbook_bytes(result: EvaluationResult, inputs: WorkbookInputs | None = None) -> bytes:
    """The workbook as bytes: the same result and inputs give the same bytes."""
    stream = io.BytesIO()
    _write(result, stream, inputs or WorkbookInputs())
    return stream.getvalue()


def write_workbook(result: EvaluationResult, target: str | os.PathLike | BinaryIO,
                   inputs: WorkbookInputs | None = None) -> None:
    """Write the workbook to a binary stream, or to a path whole or not at all and never over one of
    `inputs` (report/output.py)."""
    data = workbook_bytes(result, inputs)
    if hasattr(target, "write"):
        target.write(data)
        return
    from .output import write_atomically
    write_atomically(target, data, inputs=(inputs or WorkbookInputs()).paths())


def _write(result: EvaluationResult, stream: BinaryIO, inputs: WorkbookInputs) -> None:
    lang = result.language
    book = xlsxwriter.Workbook(stream, {"in_memory": True, "strings_to_numbers": False,
                                        "strings_to_formulas": False, "strings_to_urls": False})
    book.set_properties({"title": title_of(result, None), "created": _created(result), "comments": "malmotor"})
    formats = _Formats(book)
    headers = list(CSV_HEAD[lang] + result.hierarchy + CSV_TAIL[lang])
    rows = _rows(result)
    names: set[str] = set()
    _data_sheet(book, formats, _sheet_name(SHEET_MAIN[lang], names), result, headers, rows)
    dimensions = list(dict.fromkeys(row.dimension for row in rows if row.dimension))
    for dimension in dimensions:
        chosen = [row for row in rows if row.dimension == dimension]
        _data_sheet(book, formats, _sheet_name(dimension, names), result, headers, chosen)
    rolled = [row for row in rows if row.sheet in ("node", "summary")]
    if rolled:
        both, nodes_only, summaries_only = SHEET_ROLLUP[lang]
        kinds = {row.sheet for row in rolled}
        name = both if len(kinds) == 2 else nodes_only if "node" in kinds else summaries_only
        _data_sheet(book, formats, _sheet_name(name, names), result, headers, rolled)
    _legend_sheet(book, formats, _sheet_name(SHEET_LEGEND[lang], names), result, inputs)
    book.close()


def _created(result: EvaluationResult) -> datetime.datetime:
    """The last day of the period: a date that belongs to the input, not to the moment of writing."""
    year, last = result.period.year, result.period.months[1]
    return datetime.datetime(year, last, calendar.monthrange(year, last)[1])


# --- the rows, as the CSV has them ---------------------------------------------------------------

def _rows(result: EvaluationResult) -> list[_Row]:
    lang, depth = result.language, len(result.hierarchy)
    rows: list[_Row] = []
    for row in result.indicators:
        cells = [row.id, row.org_unit or "", row.dimension or "", row.group or "", *(step.name for step in row.path),
                 row.name, row.target, row.period.text, row.value_text, row.value, row.unit or "", row.level_text,
                 row.symbol, row.trend_text, row.arrow, row.short_explanation, row_kind(row, lang), *_manual(row, lang)]
        rows.append(_Row(cells, "indicator", row.dimension, row.colour, row.arrow_colour,
                         _decimals(row.value_text, row.value, lang)))
    for row in result.indicators:
        for gap in row.gaps if row.group is None else ():
            number = trimmed(gap.gap) if gap.gap is not None else None
            unit = POINTS[lang] if row.unit == "%" else row.unit or ""
            cells = [row.id, row.org_unit or "", gap.dimension, f"{gap.first}–{gap.second}",
                     *(step.name for step in row.path), row.name, gap.limit_text, row.period.text, gap.gap_text or "",
                     number, unit, gap.level_text, gap.symbol, "", "", gap.short_explanation, GAP_KIND[lang],
                     *[""] * 6]
            rows.append(_Row(cells, "gap", gap.dimension, gap.colour, None, _decimals(gap.gap_text or "", number, lang)))
    for node in result.nodes:
        names = [step.name for step in node.path] + [node.name] if node.depth >= 0 else []
        cells = [node.id, node.org_unit or "", "", "", *names, *[""] * (depth - len(names)), "", "",
                 result.period.text, "", None, "", node.level_text, node.symbol, "", "", node.short_explanation,
                 node.level_name, *_manual(node, lang)]
        rows.append(_Row(cells, "node", None, node.colour))
    for summary in result.summaries:
        names = [summary.name] if summary.depth >= 0 else []
        cells = [summary.node, summary.org_unit or "", "", "", *names, *[""] * (depth - len(names)), "", "",
                 result.period.text, "", None, "", "", "", "", "", summary.text, SUMMARY_KIND[lang], *[""] * 6]
        rows.append(_Row(cells, "summary"))
    return rows


def _manual(row, lang: str) -> list:
    """The six columns of a person's decision, as in the CSV; the date a real date."""
    manual = row.manual
    if manual is None:
        return [""] * 6
    stale = ", ".join(STALE_WORDS[lang][what] for what in manual.stale)
    return [MANUAL_KIND[lang][manual.decided], manual.computed_level_text, manual.motivation, manual.decided_by,
            manual.decided_on, stale]


_SHOWN_NUMBER = re.compile(r"^[+\-−]?[0-9][0-9 \u00a0\u202f.,]*")


def _decimals(shown: str, number: Decimal | None, lang: str) -> int:
    """As many decimals as the value is shown with (`3,8 %` one, `10 400 timmar` none): the indicator's
    `decimaler` where the rule file gives them, else the value's own; the number's own for a text without one."""
    if number is None:
        return 0
    match = _SHOWN_NUMBER.match(shown)
    mark = "," if lang == "sv" else "."
    if match:
        written = match.group(0).rstrip(" .,\u00a0\u202f")
        places = len(written.rsplit(mark, 1)[1]) if mark in written else 0
    else:
        places = max(0, -number.normalize().as_tuple().exponent)
    return min(places, MAX_DECIMALS_SHOWN)


# --- the sheets ----------------------------------------------------------------------------------

def _sheet_name(wanted: str, taken: set[str]) -> str:
    """A name Excel accepts (at most 31 characters, none of []:*?/\\, not empty), unique without regard to case."""
    name = re.sub(r"[\[\]:*?/\\]", "-", " ".join(wanted.split())).strip("'")[:31] or "-"
    candidate, number = name, 2
    while candidate.lower() in taken or candidate.lower() == "history":
        suffix = f" ({number})"
        candidate, number = name[:31 - len(suffix)] + suffix, number + 1
    taken.add(candidate.lower())
    return candidate


def _number_format(places: int) -> str:
    """Grouped thousands and a fixed number of decimals; Excel shows them with the reader's own separators
    (in a Swedish Excel `10 400` and `3,8`)."""
    return "#,##0" + ("." + "0" * places if places else "")


def _data_sheet(book, formats: _Formats, name: str, result: EvaluationResult, headers: list[str],
                rows: list[_Row]) -> None:
    sheet = book.add_worksheet(name)
    lang, first = result.language, len(CSV_HEAD[result.language]) + len(result.hierarchy)
    shown = [[_shown(value, lang) for value in row.cells] for row in rows]
    widths = [max(MIN_WIDTH, len(header) + 2) for header in headers]
    for texts in shown:
        for column, text in enumerate(texts):
            widths[column] = max(widths[column], min(len(text) + 2, MAX_WIDTH))
    widths = [WRAPPED_WIDTH.get(column - first, width) for column, width in enumerate(widths)]
    for column, width in enumerate(widths):
        sheet.set_column(column, column, width)
    sheet.write_row(0, 0, headers, formats.get(bold=True, bottom=1, bg_color="#D9D9D9", pattern=1))
    wrapped = {first + column for column in WRAPPED_WIDTH}
    for number, (row, texts) in enumerate(zip(rows, shown), start=1):
        lines = 1
        for column, (value, text) in enumerate(zip(row.cells, texts)):
            place = column - first
            painted = row.colour if place in (LEVEL, SYMBOL) else row.arrow_colour if place in (TREND, ARROW) else None
            if isinstance(value, Decimal):
                sheet.write_number(number, column, float(value), formats.get(num_format=_number_format(row.decimals)))
            elif isinstance(value, datetime.date):
                sheet.write_datetime(number, column, datetime.datetime.combine(value, datetime.time()),
                                     formats.get(num_format="yyyy-mm-dd"))
            elif text:
                wrap = column in wrapped or len(text) + 2 > widths[column]
                sheet.write_string(number, column, text,
                                   formats.painted(painted, text_wrap=True) if wrap else formats.painted(painted))
                if wrap:
                    lines = max(lines, _lines(text, widths[column]))
        if lines > 1:  # a spreadsheet does not always fit a row to its wrapped text on opening: say how high
            sheet.set_row(number, LINE_HEIGHT * lines)
    sheet.freeze_panes(1, 0)
    sheet.autofilter(0, 0, max(len(rows), 1), len(headers) - 1)
    sheet.ignore_errors({"number_stored_as_text": f"A1:{xl_col_to_name(len(headers) - 1)}{len(rows) + 1}"})
    sheet.set_landscape()
    sheet.fit_to_pages(1, 0)
    sheet.repeat_rows(0)


def _shown(value, lang: str) -> str:
    """What a cell shows, for its column's width."""
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return format_number(value, lang=lang)
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


def _lines(text: str, width: float) -> int:
    """How many lines a wrapped text takes in a column this wide (a little narrower, to be safe)."""
    return sum(max(1, len(textwrap.wrap(part, max(1, int(width) - 3)))) for part in text.split("\n"))


def _legend_entries(result: EvaluationResult):
    """(what, entry) in the order the table's legend shows them: the levels, the arrows, the marks."""
    lang, legend = result.language, result.legend
    levels, trends, marks = LEGEND_WHAT[lang]
    found = [(levels, entry) for _, entry in shown_levels(result)]
    used = {row.trend for row in result.indicators}
    found += [(trends, legend.trends[trend]) for trend in Trend if trend not in RAW_TRENDS or trend in used]
    if legend.no_arrow.symbol and any(row.trend is None for row in result.indicators):
        found.append((trends, legend.no_arrow))
    if any(is_decided(item) for item in (*result.indicators, *result.nodes)):
        found.append((marks, legend.manual))
    return found


def _legend_sheet(book, formats: _Formats, name: str, result: EvaluationResult, inputs: WorkbookInputs) -> None:
    sheet, lang = book.add_worksheet(name), result.language
    title, header = formats.get(bold=True, font_size=12), formats.get(bold=True, bottom=1, bg_color="#D9D9D9",
                                                                       pattern=1)
    widths = [MIN_WIDTH] * 4
    sheet.write_string(0, 0, LEGEND_TITLE[lang], title)
    sheet.write_row(1, 0, LEGEND_HEAD[lang], header)
    line = 2
    for what, entry in _legend_entries(result):
        painted = formats.painted(entry.colour)
        cells = (what, entry.text_in(lang), entry.symbol, colour_word(entry.colour, lang))
        for column, text in enumerate(cells):
            if text or column:
                sheet.write_string(line, column, text, painted if column else formats.get())
        line += 1
    line += 1
    sheet.write_string(line, 0, RUN_TITLE[lang], title)
    sheet.write_row(line + 1, 0, RUN_HEAD[lang], header)
    line += 2
    for item, value, digest in _run_lines(result, inputs):
        sheet.write_string(line, 0, item, formats.get())
        sheet.write_string(line, 1, value, formats.get())
        if digest:
            sheet.write_string(line, 2, digest, formats.get())
        line += 1
    for cells in ([*LEGEND_HEAD[lang]], [*RUN_HEAD[lang]], *(list(cells) for cells in _run_lines(result, inputs)),
                  *([what, entry.text_in(lang), entry.symbol, colour_word(entry.colour, lang)]
                    for what, entry in _legend_entries(result))):
        for column, text in enumerate(cells):
            widths[column] = max(widths[column], min(len(text) + 2, 80))
    for column, width in enumerate(widths):
        sheet.set_column(column, column, width)


def _run_lines(result: EvaluationResult, inputs: WorkbookInputs) -> list[tuple[str, str, str]]:
    items = RUN_ITEMS[result.language]
    lines = [(items["scorecard"], result.scorecard, "")]
    rules = inputs.rules if inputs.rules is not None else result.rules_file
    lines.append((items["rules"], os.fspath(rules), _sha256(rules)))
    lines += [(items["measures"], os.fspath(path), _sha256(path)) for path in inputs.measures]
    lines += [(items["assessments"], os.fspath(path), _sha256(path)) for path in inputs.assessments]
    lines += [(items["period"], result.period.text, ""), (items["language"], result.language, ""),
              (items["engine"], result.engine, ""), (items["version"], __version__, "")]
    return lines


def _sha256(path: str | os.PathLike) -> str:
    """The file's SHA-256 in hex; empty when it cannot be read (any more)."""
    digest = hashlib.sha256()
    try:
        with open(path, "rb") as stream:
            for block in iter(lambda: stream.read(1 << 20), b""):
                digest.update(block)
    except OSError:
        return ""
    return digest.hexdigest()
