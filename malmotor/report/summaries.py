"""The generated summaries (Sammanfattning) of one unit as a section of the table and Markdown outputs:
the scorecard's text first, then one paragraph per top-level node, led by its name."""

from __future__ import annotations

import textwrap

from ..model import EvaluationResult, SummaryText

TITLE = {"sv": "Sammanfattning", "en": "Summary"}
WIDTH = 100  # the table output's paragraphs, wrapped at spaces only, the same on every terminal


def _of_unit(result: EvaluationResult, unit: str | None) -> list[SummaryText]:
    return [summary for summary in result.summaries if summary.org_unit == unit]


def _paragraph(summary: SummaryText, markdown: bool) -> str:
    """The text, led by the node's name (in bold in Markdown, where the texts' own `*` and `|` are escaped)."""
    text, name = summary.text, summary.name
    if markdown:
        text, name = (" ".join(part.split()).replace("*", "\\*").replace("|", "\\|") for part in (text, name))
    if summary.depth < 0:
        return text
    return f"**{name}:** {text}" if markdown else f"{name}: {text}"


def table_section(result: EvaluationResult, unit: str | None) -> list[str]:
    """The lines of the section in the table output, ending with an empty line; none without summaries."""
    summaries = _of_unit(result, unit)
    if not summaries:
        return []
    lines = [TITLE[result.language], ""]
    for summary in summaries:
        lines += [textwrap.fill(_paragraph(summary, False), WIDTH, break_long_words=False, break_on_hyphens=False),
                  ""]
    return lines


def markdown_section(result: EvaluationResult, unit: str | None) -> list[str]:
    """The lines of the section in Markdown, a heading and a paragraph each, ending with an empty line."""
    summaries = _of_unit(result, unit)
    if not summaries:
        return []
    lines = [f"### {TITLE[result.language]}", ""]
    for summary in summaries:
        lines += [_paragraph(summary, True), ""]
    return lines
