"""Results → text: a table for people (tabulate), Markdown, CSV and JSON for other programs."""

from __future__ import annotations

import csv
import io
import textwrap
from collections import Counter

from tabulate import tabulate

from ..model import IndicatorResult, LegendEntry, Level, Reason, Trend
from ..numbers import format_number
from .gaprows import gap_csv_rows, with_gap_cells
from .summaries import markdown_section, table_section
from ..model import EvaluationResult

FORMATS = ("table", "json", "csv", "markdown", "html", "jsonl")

HEADERS = {
    "sv": ("Indikator", "Mått för måluppfyllelse", "Värde", "Måluppfyllelse", "Utveckling", "Förklaring"),
    "en": ("Indicator", "Target", "Value", "Fulfilment", "Trend", "Explanation"),
}
# The CSV's columns: the unit and group, one column per level of the hierarchy (named as the level), then these.
CSV_HEAD = {"sv": ("id", "organisationsenhet", "gruppering", "grupp"), "en": ("id", "org unit", "dimension", "group")}
CSV_TAIL = {
    "sv": ("indikator", "mått för måluppfyllelse", "period", "värde", "tal", "enhet", "måluppfyllelse", "symbol",
           "utveckling", "pil", "förklaring", "radtyp", "bedömning", "beräknad måluppfyllelse", "motivering",
           "bedömd av", "datum", "inaktuell"),
    "en": ("indicator", "target", "period", "value", "number", "unit", "fulfilment", "symbol", "trend", "arrow",
           "explanation", "row kind", "assessment", "computed fulfilment", "motivation", "assessed by", "date",
           "out of date"),
}
TITLE = {"sv": "{name}: måluppfyllelse {period}", "en": "{name}: goal fulfilment {period}"}
FORECAST_TITLE = {"sv": "{name}: prognos för måluppfyllelsen, {period}", "en": "{name}: forecast of goal fulfilment, {period}"}
GROUP_MARK = "↳ "  # a group row's indicator cell: "↳ kvinnor"
LEGEND_TITLE = {"sv": "Teckenförklaring", "en": "Legend"}
# The one-line count after the legend; "Sammanfattning" is the generated summaries' section (report/summaries.py).
COUNT_TITLE = {"sv": "Antal indikatorer", "en": "Indicator count"}
TABLE_HEADERS = {
    "sv": ("Indikator", "Mått för\nmåluppfyllelse", "Värde", "Mål-\nuppfyllelse", "Utveck-\nling", "Förklaring"),
    "en": ("Indicator", "Target", "Value", "Fulfil-\nment", "Trend", "Explanation"),
}
# Column widths of the table; fixed, so that the same input gives the same text on every terminal.
# The table shows the top level and the last level of the hierarchy (perspektiv and mål), widths in that order.
PLACE_WIDTHS = (11, 20)
WIDTHS = (22, 14, 12, None, None, 42)


def render(result: EvaluationResult, fmt: str, *, history=None) -> str:
    """The result as text; `history` (report/history.py) gives the HTML page its sparklines."""
    if fmt == "html":  # one self-contained page (report/html.py), imported only when asked for
        from .html import render_html
        return render_html(result, history)
    if fmt == "json":
        return result.to_json()
    if fmt == "jsonl":  # one line per row, the format of many units (report/jsonl.py)
        from .jsonl import jsonl
        return jsonl(result)
    if fmt == "csv":
        return _csv(result)
    if fmt == "markdown":
        return "\n".join(_markdown(result, unit, rows) for unit, rows in _by_unit(result))
    if fmt == "table":
        return "\n".join(_table(result, unit, rows) for unit, rows in _by_unit(result))
    raise ValueError(f"unknown format {fmt!r}")


def _by_unit(result: EvaluationResult) -> list[tuple[str | None, list[IndicatorResult]]]:
    """One section per organisational unit, in the order of the rows."""
    return [(unit, [row for row in result.indicators if row.org_unit == unit]) for unit in result.org_units]


def _shown_places(result: EvaluationResult) -> list[int]:
    """The levels the table shows of the hierarchy: the top one and the last one (perspektiv, mål)."""
    depth = len(result.hierarchy)
    return [0, depth - 1] if depth >= 2 else list(range(depth))


def _headers(result: EvaluationResult, headers: dict[str, tuple[str, ...]]) -> list[str]:
    return [result.hierarchy[depth].capitalize() for depth in _shown_places(result)] + list(headers[result.language])


def _widths(result: EvaluationResult) -> list[int | None]:
    return list(PLACE_WIDTHS[:len(_shown_places(result))]) + list(WIDTHS)


def _cells(result: EvaluationResult, rows: list[IndicatorResult]) -> list[list[str]]:
    """A group row shows its group where the indicator's name stands, and repeats nothing else of it."""
    places = _shown_places(result)
    return with_gap_cells(result.language, rows, [[row.path[depth].name for depth in places] + [row.name, row.target, row.value_text, _symbol(result, row),
                                                           row.arrow, row.short_explanation] if row.group is None else
            [""] * len(places) + [GROUP_MARK + row.group, "", row.value_text, _symbol(result, row), row.arrow,
                                  row.short_explanation]
            for row in rows], len(places))  # and each indicator's gap rows (`skillnad`) after its group rows


RAW_TRENDS = (Trend.INCREASED, Trend.DECREASED)  # shown in the legend only where a row has one


def shown_levels(result: EvaluationResult) -> list[tuple[tuple[Level, int | None], LegendEntry]]:
    """The levels a reader sees, in the legend's order: the declared ones, when the legend has more
    than three, then "ej bedömt"; each with what a row carries to match it (level, declared level)."""
    legend = result.legend
    if not legend.declared:
        shown = [((level, None), legend.levels[level]) for level in Level]
    else:
        shown = [((declared.counts_as, index), declared.entry) for index, declared in enumerate(legend.declared)] + \
            [((Level.NOT_ASSESSED, None), legend.levels[Level.NOT_ASSESSED])]
    # At a year-end without delvis (`delvis vid årsbokslut: nej`) no row can be delvis: its level is not shown.
    return shown if result.partial_used else [item for item in shown if item[0][0] is not Level.PARTLY]


def _key(entry: LegendEntry, lang: str) -> str:
    """`■ uppfyllt`; a symbol that is the word itself (`symbol: Uppfyllt`) once: `Uppfyllt`, not `Uppfyllt Uppfyllt`."""
    text = entry.text_in(lang)
    return entry.symbol if entry.symbol.casefold() == text.casefold() else f"{entry.symbol} {text}"


def _legend_line(result: EvaluationResult, rows: list[IndicatorResult]) -> str:
    legend, lang = result.legend, result.language
    levels = "  ".join(_key(entry, lang) for _, entry in shown_levels(result))
    used = {row.trend for row in rows}
    trends = "  ".join(_key(legend.trends[trend], lang) for trend in Trend if trend not in RAW_TRENDS or trend in used)
    if legend.no_arrow.symbol and any(row.trend is None for row in rows):
        trends += f"  {_key(legend.no_arrow, lang)}"
    unit = rows[0].org_unit if rows else None
    if any(is_decided(item) for item in (*rows, *(node for node in result.nodes if node.org_unit == unit))):
        trends += f"   {_key(legend.manual, lang)}"
    return f"{LEGEND_TITLE[lang]}: {levels}   {trends}"


def is_decided(row) -> bool:
    """A row or node whose level a person decided (a written analysis alone leaves the level computed)."""
    return row.manual is not None and row.manual.decided


def _symbol(result: EvaluationResult, row) -> str:
    """The level's symbol, marked when a person decided the level."""
    return row.symbol + (result.legend.manual.symbol if is_decided(row) else "")


def count_line(result: EvaluationResult, rows: list[IndicatorResult]) -> str:
    """Counts of the indicators' verdicts: group rows are breakdowns of an indicator, and an
    indicator without a target has no verdict; those are counted apart."""
    own = [row for row in rows if row.group is None]
    judged = [row for row in own if row.level_reason is not Reason.NO_TARGET]
    counts = Counter((row.level, row.legend_level) for row in judged)
    parts = ", ".join(f"{entry.text_in(result.language)} {counts.get(match, 0)}"
                      for match, entry in shown_levels(result))
    total = {"sv": "totalt", "en": "in all"}[result.language]
    untargeted = len(own) - len(judged)
    extra = ({"sv": f" (och {untargeted} utan mål)", "en": f" (and {untargeted} without a target)"}[result.language]
             if untargeted else "")
    return f"{COUNT_TITLE[result.language]}: {parts}, {total} {len(judged)}{extra}"


def title_of(result: EvaluationResult, unit: str | None) -> str:
    name = result.scorecard + (f", {unit}" if unit else "")
    titles = FORECAST_TITLE if result.forecast else TITLE
    return titles[result.language].format(name=name, period=result.period.sentence(result.language))


def _table(result: EvaluationResult, unit: str | None, rows: list[IndicatorResult]) -> str:
    cells = [[_wrap(cell, width) for cell, width in zip(row, _widths(result))] for row in _cells(result, rows)]
    table = tabulate(cells, headers=_headers(result, TABLE_HEADERS), tablefmt="grid", disable_numparse=True)
    parts = [title_of(result, unit), "", *table_section(result, unit), table, "", _legend_line(result, rows),
             count_line(result, rows)]
    if nodes := _node_cells(result, unit):
        wrapped = [[_wrap(cell, width) for cell, width in zip(row, NODE_WIDTHS)] for row in nodes]
        parts += ["", ROLLUP_TITLE[result.language],
                  tabulate(wrapped, headers=NODE_HEADERS[result.language], tablefmt="grid", disable_numparse=True)]
    return "\n".join(parts) + "\n"


ROLLUP_TITLE = {"sv": "Sammanvägning", "en": "Roll-up"}
NODE_HEADERS = {"sv": ("Nivå", "Namn", "Mål-\nuppfyllelse", "Förklaring"),
                "en": ("Level", "Name", "Fulfil-\nment", "Explanation")}
NODE_WIDTHS = (16, 40, None, 60)


def _node_cells(result: EvaluationResult, unit: str | None) -> list[list[str]]:
    """The roll-up rows of one unit, the scorecard's own first, then the tree in file order."""
    nodes = [node for node in result.nodes if node.org_unit == unit]
    ordered = [node for node in nodes if node.depth < 0] + [node for node in nodes if node.depth >= 0]
    return [[node.level_name.capitalize(), node.name, _symbol(result, node), node.short_explanation]
            for node in ordered]


def _wrap(cell: str, width: int | None) -> str:
    """Wrap at spaces only: never split a word such as "aktiviteter" in the middle."""
    if width is None:
        return cell
    return textwrap.fill(cell, width, break_long_words=False, break_on_hyphens=False)


def _markdown(result: EvaluationResult, unit: str | None, rows: list[IndicatorResult]) -> str:
    cells = [[_markdown_cell(cell) for cell in row] for row in _cells(result, rows)]
    table = tabulate(cells, headers=_headers(result, HEADERS), tablefmt="pipe", disable_numparse=True)
    parts = [f"## {title_of(result, unit)}", "", *markdown_section(result, unit), table, "", _legend_line(result, rows).replace("*", "\\*"), "",
             count_line(result, rows)]
    if nodes := _node_cells(result, unit):
        rows_md = [[_markdown_cell(cell) for cell in row] for row in nodes]
        parts += ["", f"### {ROLLUP_TITLE[result.language]}", "",
                  tabulate(rows_md, headers=[" ".join(h.replace("-\n", "").split()) for h in NODE_HEADERS[result.language]],
                           tablefmt="pipe", disable_numparse=True)]
    return "\n".join(parts) + "\n"


def _markdown_cell(cell: str) -> str:
    return " ".join(cell.split()).replace("|", "\\|").replace("*", "\\*")


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _inert(cell: str) -> str:
    """A text that a spreadsheet would run as a formula (`=`, `+`, `-`, `@`) gets a leading `'`,
    which spreadsheets show as text; the plain number column is left alone."""
    return "'" + cell if cell[:1] in FORMULA_STARTS else cell


def _inert_cells(cells: tuple[str, ...]) -> list[str]:
    """`_inert` of each cell, in one loop: a CSV row has some twenty."""
    return ["'" + cell if cell[:1] in FORMULA_STARTS else cell for cell in cells]


def _csv(result: EvaluationResult) -> str:
    return csv_header(result) + "".join(csv_sections(result))


def _delimiter(result: EvaluationResult) -> str:
    return ";" if result.language == "sv" else ","


def _csv_writer(result: EvaluationResult, buffer: io.StringIO):
    return csv.writer(buffer, delimiter=_delimiter(result), lineterminator="\n")


def csv_header(result: EvaluationResult) -> str:
    buffer = io.StringIO()
    _csv_writer(result, buffer).writerow(CSV_HEAD[result.language] + result.hierarchy + CSV_TAIL[result.language])
    return buffer.getvalue()


def csv_sections(result: EvaluationResult) -> tuple[str, str, str, str]:
    """The CSV's rows after the header in its four sections, indicator rows, gap rows, roll-up rows and
    summaries, each unit after unit: a run streamed unit by unit (malmotor/scale) writes each section of
    every unit and joins them, byte for byte the CSV of the whole result."""
    delimiter = _delimiter(result)
    return tuple(csv_text(rows(result), delimiter)
                 for rows in (_indicator_csv_rows, _gap_csv_rows, _node_csv_rows, _summary_csv_rows))


def csv_text(rows: list[list[str]], delimiter: str) -> str:
    """The rows (texts) as `csv.writer(…, delimiter, lineterminator="\n")` writes them, some five times faster
    than the writer (~8 µs a row, most of the CSV's time): a cell with the delimiter or a quote in quotes, its
    quotes doubled, as the writer's minimal quoting does. A row with a line break, or of one cell, is written
    by the writer itself (tests/test_present_caches.py compares the two)."""
    lines, writer, buffer = [], None, None
    for cells in rows:
        line = delimiter.join(cells)
        if len(cells) > 1 and "\n" not in line and "\r" not in line:
            if line.count(delimiter) != len(cells) - 1 or '"' in line:
                line = delimiter.join(['"' + cell.replace('"', '""') + '"' if delimiter in cell or '"' in cell else cell
                                       for cell in cells])
            lines.append(line + "\n")
            continue
        if writer is None:
            buffer = io.StringIO()
            writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\n")
        buffer.seek(0)
        buffer.truncate()
        writer.writerow(cells)
        lines.append(buffer.getvalue())
    return "".join(lines)


def _indicator_csv_rows(result: EvaluationResult) -> list[list[str]]:
    lang, rows = result.language, []
    for row in result.indicators:
        number = format_number(row.value, lang=lang, grouping=False) if row.value is not None else ""
        rows.append([*_inert_cells((row.id, row.org_unit or "", row.dimension or "", row.group or "",
                                    *(step.name for step in row.path), row.name, row.target, row.period.text,
                                    row.value_text)),
                     number,  # the plain number column: never marked
                     *_inert_cells((row.unit or "", row.level_text, row.symbol, row.trend_text, row.arrow,
                                    row.short_explanation)),
                     row_kind(row, lang), *_manual_cells(row, lang)])
    return rows


def _gap_csv_rows(result: EvaluationResult) -> list[list[str]]:
    lang = result.language
    return gap_csv_rows(result, len(CSV_HEAD[lang] + result.hierarchy + CSV_TAIL[lang]), _inert)


def _node_csv_rows(result: EvaluationResult) -> list[list[str]]:
    lang, depth, rows = result.language, len(result.hierarchy), []
    for node in result.nodes:  # the roll-up rows: the node in its level's column, nothing of an indicator
        names = [step.name for step in node.path] + [node.name] if node.depth >= 0 else []
        cells = [node.id, node.org_unit or "", "", "", *names, *[""] * (depth - len(names)), "", "",
                 result.period.text, "", "", "", node.level_text, node.symbol, "", "", node.short_explanation,
                 node.level_name]
        rows.append([_inert(str(cell)) for cell in cells] + _manual_cells(node, lang))
    return rows


def _summary_csv_rows(result: EvaluationResult) -> list[list[str]]:
    lang, depth, rows = result.language, len(result.hierarchy), []
    for summary in result.summaries:  # the generated texts last: the text where an explanation stands
        names = [summary.name] if summary.depth >= 0 else []
        cells = [summary.node, summary.org_unit or "", "", "", *names, *[""] * (depth - len(names)), "", "",
                 result.period.text, "", "", "", "", "", "", "", summary.text, SUMMARY_KIND[lang]]
        rows.append([_inert(str(cell)) for cell in cells] + [""] * 6)
    return rows


SUMMARY_KIND = {"sv": "sammanfattning", "en": "summary"}  # the row kind of a generated summary in the CSV


def _manual_cells(row, lang: str) -> list[str]:
    """The decision beside the computed verdict: what kind, the computed level, why, who, when, what changed since."""
    manual = row.manual
    if manual is None:
        return [""] * 6
    kind = MANUAL_KIND[lang][manual.decided]
    stale = ", ".join(STALE_WORDS[lang][what] for what in manual.stale)
    return [_inert(cell) for cell in (kind, manual.computed_level_text, manual.motivation, manual.decided_by,
                                      manual.decided_on.isoformat(), stale)]


MANUAL_KIND = {"sv": {True: "manuell bedömning", False: "analys"}, "en": {True: "manual assessment", False: "analysis"}}
STALE_WORDS = {"sv": {"nivå": "beräknad nivå", "värde": "värde"}, "en": {"nivå": "computed level", "värde": "value"}}
ROW_KIND = {"sv": "indikator", "en": "indicator"}  # the column `radtyp`: what a row is (or the node's level)
GROUP_KIND = {"sv": "grupp", "en": "group"}  # a group row, a breakdown of its indicator


def row_kind(row: IndicatorResult, lang: str) -> str:
    return (GROUP_KIND if row.group is not None else ROW_KIND)[lang]
