"""Results → JSON Lines: one JSON object per line, for many units and programs that read line by line.

The first line describes the run (`"kind": "run"`: the scorecard, the rule file, the period, the language,
the legend); then, unit after unit in the result's order, one line per indicator row (`"indicator"`, its own
row and its group rows, the fields of the JSON result's `indicators`), per roll-up row (`"node"`) and per
generated summary (`"summary"`). A run streamed unit by unit (malmotor/scale) writes the same lines in the
same order, so the file does not depend on how the units were divided among processes.
"""

from __future__ import annotations

from ..model import EvaluationResult

JSONL_FORMAT = 1  # "malmotor_jsonl" on the first line; raised when a line changes incompatibly
RUN_FIELDS = {"malmotor_result", "scorecard", "rules_file", "period", "language", "engine", "legend", "forecast",
              "partial_used", "hierarchy"}


def jsonl(result: EvaluationResult) -> str:
    return jsonl_header(result) + jsonl_rows(result)


def jsonl_header(result: EvaluationResult) -> str:
    """The run's line: what every row shares; not the counts or the warnings, which a streamed run
    knows only at its end."""
    return _line("run", result.model_dump_json(include=RUN_FIELDS), malmotor_jsonl=JSONL_FORMAT)


def jsonl_rows(result: EvaluationResult) -> str:
    """Every row of the result, unit after unit: its indicator rows, its roll-up rows, its summaries."""
    by_unit: dict[str | None, list[str]] = {unit: [] for unit in result.org_units}
    for kind, items in (("indicator", result.indicators), ("node", result.nodes), ("summary", result.summaries)):
        for item in items:
            by_unit[item.org_unit].append(_line(kind, item.model_dump_json()))
    return "".join("".join(lines) for lines in by_unit.values())


def _line(kind: str, body: str, **first) -> str:
    """`{"kind": …, <first>, <the object's own fields>}` on one line (JSON escapes every line break)."""
    head = "".join(f'"{name}":{value},' for name, value in first.items())
    return f'{{"kind":"{kind}",{head}{body[1:]}' + "\n"
