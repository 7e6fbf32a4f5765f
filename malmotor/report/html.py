"""Results → one self-contained HTML page: inline CSS and inline SVG, no script, no external resource.

The page is built with Jinja2 (templates/report.html.j2) with autoescaping on, so that every text
that comes from a rule, measures or assessments file is shown as text. This module only prepares
plain data for the template (what a row shows, which colours, where a sparkline's points are); the
words and their order are those of the table output (render.py): the title, the summaries, per unit
the scorecard perspective → goals → indicators (with group rows and gap rows), the legend, the count
and the roll-up.

Colours come from the legend (`färg`), resolved by palette.py to a background and a text colour with
a contrast of at least 4.5:1; a level is always also its symbol and its word. The sparklines need every
loaded period's values, which the result does not carry: pass them as `history` (history.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache

import jinja2

from ..model import EvaluationResult, IndicatorResult, Trend
from . import palette
from .gaprows import gap_label
from .history import History, RowKey, row_key
from .render import (LEGEND_TITLE, RAW_TRENDS, ROLLUP_TITLE, STALE_WORDS, is_decided, shown_levels, count_line, title_of)
from .summaries import TITLE as SUMMARY_TITLE

WORDS = {
    "sv": {
        "summary": SUMMARY_TITLE["sv"], "legend": LEGEND_TITLE["sv"], "rollup": ROLLUP_TITLE["sv"],
        "indicator": "Indikator", "target": "Mått för måluppfyllelse", "value": "Värde",
        "level": "Måluppfyllelse", "trend": "Utveckling", "history": "Över tid", "explanation": "Förklaring",
        "name": "Namn", "hierarchy_level": "Nivå", "manual": "Manuell bedömning", "analysis": "Analys",
        "computed": "Beräknat", "stale": "inaktuell", "changed": STALE_WORDS["sv"],
        "values": "Värden", "goal_line": "mål", "judged": "bedömd period", "no_values": "inga värden",
        "spark_legend": "Över tid: värdet per period, streckad linje = målet, ring = bedömd period.",
        "dimension": "grupp", "gap": "skillnad",
    },
    "en": {
        "summary": SUMMARY_TITLE["en"], "legend": LEGEND_TITLE["en"], "rollup": ROLLUP_TITLE["en"],
        "indicator": "Indicator", "target": "Target", "value": "Value",
        "level": "Fulfilment", "trend": "Trend", "history": "Over time", "explanation": "Explanation",
        "name": "Name", "hierarchy_level": "Level", "manual": "Manual assessment", "analysis": "Analysis",
        "computed": "Computed", "stale": "out of date", "changed": STALE_WORDS["en"],
        "values": "Values", "goal_line": "target", "judged": "judged period", "no_values": "no values",
        "spark_legend": "Over time: the value per period, dashed line = the target, ring = the judged period.",
        "dimension": "group", "gap": "gap",
    },
}

SPARK_WIDTH, SPARK_HEIGHT, SPARK_PAD = 120, 36, 5


@dataclass
class Badge:
    symbol: str
    word: str
    css: str  # the class of its colours ("c-2e7d32"), or "plain" without a colour
    manual_mark: str = ""  # the legend's `manuell bedömning` symbol, when a person decided the level


@dataclass
class Manual:
    decided: bool
    heading: str  # "Manuell bedömning" or "Analys"
    by: str
    on: str
    motivation: str
    computed: Badge | None  # the computed level beside a decided one
    stale: str  # what changed since, in words; "" when nothing did


@dataclass
class Spark:
    label: str  # what it shows, in words, for screen readers and as the SVG's title
    points: list[tuple[float, float]]
    judged: tuple[float, float] | None
    judged_x: float | None
    target_y: list[float]
    width: int = SPARK_WIDTH
    height: int = SPARK_HEIGHT

    @property
    def polyline(self) -> str:
        return " ".join(f"{x:.1f},{y:.1f}" for x, y in self.points)


@dataclass
class Row:
    kind: str  # "indicator", "group", "gap"
    id: str
    name: str
    note: str  # a group row's dimension, in words
    target: str
    value: str
    level: Badge
    trend: Badge | None
    explanation: str  # the short one: the row's name stands beside it
    manual: Manual | None = None
    spark: Spark | None = None


@dataclass
class IndicatorBlock:
    rows: list[Row]


@dataclass
class Heading:
    """A node beneath the top level (strategiskt mål, mål), as a heading row in its perspective's table."""

    level_name: str
    name: str
    depth: int
    badge: Badge | None


@dataclass
class Section:
    """A top-level node (perspektiv) with its table: the headings of the nodes beneath and the indicators."""

    level_name: str
    name: str
    badge: Badge | None
    entries: list[Heading | IndicatorBlock] = field(default_factory=list)


@dataclass
class UnitView:
    title: str
    summaries: list[tuple[str | None, str]]
    sections: list[Section]  # the top level's nodes; one nameless section without a hierarchy
    legend: list[Badge]
    count: str
    rollup: list[tuple[str, str, Badge, str]]  # level name, name, verdict, explanation


def render_html(result: EvaluationResult, history: dict[RowKey, History] | None = None) -> str:
    """The whole page; `history` (history.histories) adds a sparkline per row, none without it."""
    colours = _Colours()
    units = [_unit(result, unit, [row for row in result.indicators if row.org_unit == unit], history or {}, colours)
             for unit in result.org_units]
    return _template().render(lang=result.language, words=WORDS[result.language], units=units,
                              title=title_of(result, None), colour_rules=colours.rules())


@lru_cache(maxsize=1)
def _template() -> jinja2.Template:
    environment = jinja2.Environment(loader=jinja2.PackageLoader("malmotor.report", "templates"),
                                     autoescape=True, undefined=jinja2.StrictUndefined,
                                     trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
    return environment.get_template("report.html.j2")


class _Colours:
    """The colour classes the page uses, each a background and its text colour."""

    def __init__(self) -> None:
        self.used: dict[str, tuple[str, str]] = {}

    def css(self, colour: str | None) -> str:
        pair = palette.colours(colour)
        if pair is None:
            return "plain"
        name = "c-" + pair[0][1:]
        self.used[name] = pair
        return name

    def rules(self) -> list[tuple[str, str, str]]:
        return [(name, back, text) for name, (back, text) in sorted(self.used.items())]


def _badge(colours: _Colours, entry_symbol: str, word: str, colour: str | None, manual_mark: str = "") -> Badge:
    """A symbol that is the word itself (`symbol: Uppfyllt`) is shown once, as in the table's legend."""
    if entry_symbol.casefold() == word.casefold():
        word = ""
    return Badge(symbol=entry_symbol, word=word, css=colours.css(colour), manual_mark=manual_mark)


def _level_badge(result: EvaluationResult, colours: _Colours, item) -> Badge:
    mark = result.legend.manual.symbol if is_decided(item) else ""
    return _badge(colours, item.symbol, item.level_text, item.colour, mark)


def _trend_badge(result: EvaluationResult, colours: _Colours, row: IndicatorResult) -> Badge | None:
    if row.trend is None and not row.arrow:
        return None
    word = row.trend_text or (result.legend.no_arrow.text_in(result.language) if row.trend is None else "")
    return _badge(colours, row.arrow, word, row.arrow_colour)


def _manual(result: EvaluationResult, colours: _Colours, item) -> Manual | None:
    manual, words = item.manual, WORDS[result.language]
    if manual is None:
        return None
    computed = None
    if manual.decided:
        computed_colour = (result.legend.levels[manual.computed_level].colour
                           if manual.computed_level in result.legend.levels else None)
        computed = _badge(colours, manual.computed_symbol, manual.computed_level_text, computed_colour)
    return Manual(decided=manual.decided, heading=words["manual"] if manual.decided else words["analysis"],
                  by=manual.decided_by, on=manual.decided_on.isoformat(), motivation=manual.motivation,
                  computed=computed, stale=", ".join(words["changed"].get(what, what) for what in manual.stale))


def _row(result: EvaluationResult, colours: _Colours, row: IndicatorResult, history: dict[RowKey, History]) -> Row:
    words = WORDS[result.language]
    spark = _spark(result, history.get(row_key(row)))
    # The short explanation (the name stands beside it); with a person's decision, shown in its own box above,
    # the computed explanation only, so that the motivation is not printed twice.
    explanation = row.manual.computed_explanation if row.manual is not None else row.short_explanation
    if row.group is None:
        return Row(kind="indicator", id=row.id, name=row.name, note="", target=row.target, value=row.value_text,
                   level=_level_badge(result, colours, row), trend=_trend_badge(result, colours, row),
                   explanation=explanation, manual=_manual(result, colours, row), spark=spark)
    return Row(kind="group", id=row.id, name=row.group, note=row.dimension or words["dimension"], target="",
               value=row.value_text, level=_level_badge(result, colours, row), trend=_trend_badge(result, colours, row),
               explanation=explanation, manual=_manual(result, colours, row), spark=spark)


def _gap_rows(result: EvaluationResult, colours: _Colours, row: IndicatorResult) -> list[Row]:
    return [Row(kind="gap", id=row.id, name=gap_label(result.language, gap), note=gap.dimension,
                target=gap.limit_text, value=gap.gap_text or "", level=_badge(colours, gap.symbol, gap.level_text,
                                                                                 gap.colour),
                trend=None, explanation=gap.short_explanation) for gap in row.gaps]


def _unit(result: EvaluationResult, unit: str | None, rows: list[IndicatorResult], history: dict[RowKey, History],
          colours: _Colours) -> UnitView:
    nodes = {node.id: node for node in result.nodes if node.org_unit == unit}
    top: list[Section] = []
    open_sections: dict[tuple[str, ...], Section | Heading] = {}
    block: IndicatorBlock | None = None
    for row in rows:
        if row.group is not None and block is not None:
            block.rows.insert(len(block.rows) - len(_gaps_of(block)), _row(result, colours, row, history))
            continue
        section = _section_for(result, colours, row, nodes, top, open_sections)
        block = IndicatorBlock(rows=[_row(result, colours, row, history), *_gap_rows(result, colours, row)])
        section.entries.append(block)
    ordered = [node for node in nodes.values() if node.depth < 0] + [node for node in nodes.values() if node.depth >= 0]
    rollup = [(node.level_name.capitalize(), node.name, _level_badge(result, colours, node), node.short_explanation)
              for node in ordered]
    summaries = [(None if summary.depth < 0 else summary.name, summary.text)
                 for summary in result.summaries if summary.org_unit == unit]
    return UnitView(title=title_of(result, unit), summaries=summaries, sections=top,
                    legend=_legend(result, colours, rows, unit), count=count_line(result, rows), rollup=rollup)


def _gaps_of(block: IndicatorBlock) -> list[Row]:
    return [row for row in block.rows if row.kind == "gap"]


def _section_for(result: EvaluationResult, colours: _Colours, row: IndicatorResult, nodes: dict, top: list[Section],
                 open_sections: dict[tuple[str, ...], Section | Heading]) -> Section:
    """The section of the row's top-level node, with a heading for each node beneath it not yet shown."""
    if not row.path:
        if () not in open_sections:
            open_sections[()] = Section(level_name="", name="", badge=None)
            top.append(open_sections[()])
        return open_sections[()]
    section = None
    for depth, step in enumerate(row.path):
        key = tuple(each.id for each in row.path[:depth + 1])
        if key not in open_sections:
            node = nodes.get(step.id)
            badge = _level_badge(result, colours, node) if node is not None else None
            if depth == 0:
                open_sections[key] = Section(level_name=step.level.capitalize(), name=step.name, badge=badge)
                top.append(open_sections[key])
            else:
                open_sections[key] = Heading(level_name=step.level.capitalize(), name=step.name, depth=depth,
                                             badge=badge)
                section.entries.append(open_sections[key])
        if depth == 0:
            section = open_sections[key]
    return section


def _legend(result: EvaluationResult, colours: _Colours, rows: list[IndicatorResult], unit: str | None) -> list[Badge]:
    legend, lang = result.legend, result.language
    entries: list[Badge] = [_badge(colours, entry.symbol, entry.text_in(lang), entry.colour)
                            for _, entry in shown_levels(result)]
    used = {row.trend for row in rows}
    entries += [_badge(colours, legend.trends[trend].symbol, legend.trends[trend].text_in(lang),
                       legend.trends[trend].colour)
                for trend in Trend if trend not in RAW_TRENDS or trend in used]
    if legend.no_arrow.symbol and any(row.trend is None for row in rows):
        entries.append(_badge(colours, legend.no_arrow.symbol, legend.no_arrow.text_in(lang), legend.no_arrow.colour))
    if any(is_decided(item) for item in (*rows, *(node for node in result.nodes if node.org_unit == unit))):
        entries.append(Badge(symbol=legend.manual.symbol, word=legend.manual.text_in(lang), css="plain"))
    return entries


def _spark(result: EvaluationResult, history: History | None) -> Spark | None:
    """A sparkline's geometry: x evenly over every loaded period, y from the values and the target line."""
    if history is None:
        return None
    words = WORDS[result.language]
    measured = [(index, point) for index, point in enumerate(history.points) if point.value is not None]
    if not measured:
        return None
    targets = [value for value in (history.target, history.target_high) if value is not None]
    numbers = [point.value for _, point in measured] + targets
    low, high = min(numbers), max(numbers)
    if history.scale:
        low, high = Decimal(0), Decimal(len(history.scale) - 1)
    if low == high:
        low, high = low - 1, high + 1
    count = len(history.points)
    inner_w, inner_h = SPARK_WIDTH - 2 * SPARK_PAD, SPARK_HEIGHT - 2 * SPARK_PAD

    def x(index: int) -> float:
        return SPARK_PAD + (inner_w * index / (count - 1) if count > 1 else inner_w / 2)

    def y(value: Decimal) -> float:
        return SPARK_PAD + float((high - value) / (high - low)) * inner_h

    points = [(x(index), y(point.value)) for index, point in measured]
    judged_index = next((index for index, point in enumerate(history.points) if point.period == history.judged), None)
    judged_point = next(((x(index), y(point.value)) for index, point in measured if index == judged_index), None)
    values = "; ".join(f"{point.period.text}: {point.text}" for point in history.points)
    label = f"{words['values']}: {values}."
    if history.target_text:
        label += f" {words['goal_line'].capitalize()}: {history.target_text}."
    label += f" {words['judged'].capitalize()}: {history.judged.text}."
    return Spark(label=label, points=points, judged=judged_point,
                 judged_x=x(judged_index) if judged_index is not None else None,
                 target_y=[y(value) for value in targets])
