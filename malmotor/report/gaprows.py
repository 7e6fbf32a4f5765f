"""Gap verdicts as rows of the table, the Markdown and the CSV: one row per gap rule of an indicator.

In the table and the Markdown a gap row follows its indicator's group rows ("↳ skillnad kvinnor–män",
the limit, the gap, its symbol, its explanation); in the CSV the gap rows come after the indicator
rows, with `radtyp` `skillnad`. The JSON carries them typed on the indicator's own row (`gaps`).
"""

from __future__ import annotations

from ..model import EvaluationResult, GapResult, IndicatorResult
from ..numbers import format_number, trimmed

GAP_MARK = "↳ "
GAP_WORD = {"sv": "skillnad", "en": "gap"}
ROW_KIND = {"sv": "skillnad", "en": "gap"}  # the CSV's `radtyp` of a gap row
POINTS = {"sv": "procentenheter", "en": "percentage points"}  # the unit of a gap between values in %


def gap_label(lang: str, gap: GapResult) -> str:
    return f"{GAP_WORD[lang]} {gap.first}–{gap.second}"


def with_gap_cells(lang: str, rows: list[IndicatorResult], cells: list[list[str]], places: int) -> list[list[str]]:
    """The rows' cells with each indicator's gap rows after its last row (its own row or its last group row)."""
    found: list[list[str]] = []
    own: IndicatorResult | None = None
    for index, (row, row_cells) in enumerate(zip(rows, cells)):
        found.append(row_cells)
        if row.group is None:
            own = row
        following = rows[index + 1] if index + 1 < len(rows) else None
        if own is not None and (following is None or following.group is None):
            found.extend([""] * places + [GAP_MARK + gap_label(lang, gap), gap.limit_text, gap.gap_text or "",
                                          gap.symbol, "", gap.short_explanation] for gap in own.gaps)
    return found


def gap_csv_rows(result: EvaluationResult, width: int, inert) -> list[list[str]]:
    """One CSV row per gap, in the indicators' order, as wide as the header; `inert` guards text cells."""
    lang, found = result.language, []
    for row in result.indicators:
        for gap in row.gaps if row.group is None else ():
            number = format_number(trimmed(gap.gap), lang=lang, grouping=False) if gap.gap is not None else ""
            unit = POINTS[lang] if row.unit == "%" else row.unit or ""
            cells = [row.id, row.org_unit or "", gap.dimension, f"{gap.first}–{gap.second}",
                     *(step.name for step in row.path), row.name, gap.limit_text, row.period.text,
                     gap.gap_text or "", number, unit, gap.level_text, gap.symbol, "", "", gap.short_explanation,
                     ROW_KIND[lang]]
            line = [cell if cell is number else inert(str(cell)) for cell in cells]
            found.append(line + [""] * (width - len(line)))
    return found
