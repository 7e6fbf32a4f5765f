"""Results → text: a table for people (tabulate), Markdown, CSV and JSON for other programs."""

from __future__ import annotations

import csv
import io
import textwrap
from collections import Counter

from tabulate import tabulate

from ..model import Legend, Level, Trend
from ..numbers import format_number
from ..model import EvaluationResult

FORMATS = ("table", "json", "csv", "markdown")

HEADERS = {
    "sv": ("Perspektiv", "Mål", "Indikator", "Mått för måluppfyllelse", "Värde", "Måluppfyllelse",
           "Utveckling", "Förklaring"),
    "en": ("Perspective", "Goal", "Indicator", "Target", "Value", "Fulfilment", "Trend", "Explanation"),
}
CSV_HEADERS = {
    "sv": ("id", "perspektiv", "strategiskt mål", "mål", "indikator", "mått för måluppfyllelse", "period",
           "värde", "tal", "enhet", "måluppfyllelse", "symbol", "utveckling", "pil", "förklaring"),
    "en": ("id", "perspective", "strategic goal", "goal", "indicator", "target", "period", "value",
           "number", "unit", "fulfilment", "symbol", "trend", "arrow", "explanation"),
}
TITLE = {"sv": "{name}: måluppfyllelse {period}", "en": "{name}: goal fulfilment {period}"}
LEGEND_TITLE = {"sv": "Teckenförklaring", "en": "Legend"}
SUMMARY_TITLE = {"sv": "Sammanfattning", "en": "Summary"}
TABLE_HEADERS = {
    "sv": ("Perspektiv", "Mål", "Indikator", "Mått för\nmåluppfyllelse", "Värde", "Mål-\nuppfyllelse",
           "Utveck-\nling", "Förklaring"),
    "en": ("Perspective", "Goal", "Indicator", "Target", "Value", "Fulfil-\nment", "Trend", "Explanation"),
}
# Column widths of the table; fixed, so that the same input gives the same text on every terminal.
WIDTHS = (11, 20, 22, 14, 12, None, None, 42)


def render(result: EvaluationResult, legend: Legend, fmt: str) -> str:
    if fmt == "json":
        return result.to_json()
    if fmt == "csv":
        return _csv(result)
    if fmt == "markdown":
        return _markdown(result, legend)
    if fmt == "table":
        return _table(result, legend)
    raise ValueError(f"unknown format {fmt!r}")


def _rows(result: EvaluationResult, explanation: str = "short_explanation") -> list[list[str]]:
    return [[row.perspective, row.goal, row.name, row.target, row.value_text, row.symbol, row.arrow,
             getattr(row, explanation)] for row in result.indicators]


def _legend_line(legend: Legend, lang: str) -> str:
    levels = "  ".join(f"{legend.levels[level].symbol} {legend.levels[level].text_in(lang)}" for level in Level)
    trends = "  ".join(f"{legend.trends[trend].symbol} {legend.trends[trend].text_in(lang)}" for trend in Trend)
    return f"{LEGEND_TITLE[lang]}: {levels}   {trends}"


def _summary_line(result: EvaluationResult, legend: Legend) -> str:
    counts = Counter(row.level for row in result.indicators)
    parts = ", ".join(f"{legend.levels[level].text_in(result.language)} {counts.get(level, 0)}" for level in Level)
    total = {"sv": "totalt", "en": "in all"}[result.language]
    return f"{SUMMARY_TITLE[result.language]}: {parts}, {total} {len(result.indicators)}"


def _title(result: EvaluationResult) -> str:
    return TITLE[result.language].format(name=result.scorecard, period=result.period)


def _table(result: EvaluationResult, legend: Legend) -> str:
    rows = [[_wrap(cell, width) for cell, width in zip(row, WIDTHS)] for row in _rows(result)]
    table = tabulate(rows, headers=TABLE_HEADERS[result.language], tablefmt="grid", disable_numparse=True)
    return "\n".join([_title(result), "", table, "", _legend_line(legend, result.language),
                      _summary_line(result, legend)]) + "\n"


def _wrap(cell: str, width: int | None) -> str:
    """Wrap at spaces only: never split a word such as "aktiviteter" in the middle."""
    if width is None:
        return cell
    return textwrap.fill(cell, width, break_long_words=False, break_on_hyphens=False)


def _markdown(result: EvaluationResult, legend: Legend) -> str:
    rows = [[" ".join(cell.split()).replace("|", "\\|") for cell in row] for row in _rows(result)]
    table = tabulate(rows, headers=HEADERS[result.language], tablefmt="pipe", disable_numparse=True)
    return "\n".join([f"## {_title(result)}", "", table, "", _legend_line(legend, result.language), "",
                      _summary_line(result, legend)]) + "\n"


def _inert(cell: str) -> str:
    """A text that a spreadsheet would run as a formula (`=`, `+`, `-`, `@`) gets a leading `'`,
    which spreadsheets show as text; the plain number column is left alone."""
    return "'" + cell if cell[:1] in ("=", "+", "-", "@", "\t", "\r") else cell


def _csv(result: EvaluationResult) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";" if result.language == "sv" else ",", lineterminator="\n")
    writer.writerow(CSV_HEADERS[result.language])
    for row in result.indicators:
        number = format_number(row.value, lang=result.language, grouping=False) if row.value is not None else ""
        cells = [row.id, row.perspective, row.strategic_goal, row.goal, row.name, row.target, row.period,
                 row.value_text, number, row.unit or "", row.level_text, row.symbol, row.trend_text, row.arrow,
                 row.short_explanation]
        writer.writerow([cell if cell is number else _inert(str(cell)) for cell in cells])
    return buffer.getvalue()
