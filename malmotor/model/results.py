"""Typed results for report generators: one `IndicatorResult` per indicator, in file order.

The JSON form carries `malmotor_result: 1`; fields are only ever added within a version.
Numbers are JSON numbers; each also comes as text written the way the language writes it.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Literal

from pydantic import PlainSerializer

from .scorecard import Frozen, Legend, Level, Reason, Trend

RESULT_FORMAT = 1

JsonNumber = Annotated[Decimal, PlainSerializer(float, return_type=float, when_used="json")]


class Comparison(Frozen):
    """A comparison value that was used (or looked for) and the period it belongs to."""

    period: int
    found: bool
    value: JsonNumber | None = None
    statuses: tuple[str, ...] = ()
    text: str  # "3,4 %", "påbörjad", or "saknas"
    source: str | None = None


class Notice(Frozen):
    """A warning that did not stop the evaluation, e.g. a measure for an unknown indicator."""

    file: str
    line: int | None
    message: str
    hint: str | None = None

    def render(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: varning: {self.message}" + (f"\n    {self.hint}" if self.hint else "")


class IndicatorResult(Frozen):
    id: str
    name: str
    perspective: str
    strategic_goal: str
    goal: str
    unit: str | None
    polarity: str | None
    target: str  # the phrase as the scorecard writes it
    target_text: str  # the target as the explanation states it, e.g. "högst 3 %"
    partial_limit: JsonNumber | None  # a threshold's limit for "delvis uppfyllt", if it has one
    partial_limit_text: str | None
    required_statuses: tuple[str, ...]  # a milestone's status per part ("ja" for a capability)
    unchanged_within: JsonNumber  # the dead band, in the indicator's unit
    period: int
    value: JsonNumber | None
    statuses: tuple[str, ...]
    value_text: str
    value_source: str | None
    level: Level
    level_reason: Reason | None
    level_text: str
    symbol: str
    colour: str | None
    trend: Trend | None
    trend_reason: Reason | None
    trend_text: str
    arrow: str  # "" when there is no arrow
    arrow_colour: str | None
    target_comparison: Comparison | None
    trend_comparison: Comparison | None
    fulfilment_rule: str  # the rule that fired, see docs/rule-format.md
    trend_rule: str
    explanation: str
    short_explanation: str


class EvaluationResult(Frozen):
    malmotor_result: Literal[1] = RESULT_FORMAT
    scorecard: str
    rules_file: str
    period: int
    language: Literal["sv", "en"]
    engine: Literal["durable", "reference"]
    legend: Legend  # words, symbols and colours of this scorecard, for drawing a legend box
    summary: dict[Level, int]  # how many indicators got each level
    indicators: tuple[IndicatorResult, ...]
    warnings: tuple[Notice, ...] = ()

    def to_json(self) -> str:
        """Deterministic JSON: the same inputs give byte-identical text."""
        return self.model_dump_json(indent=2) + "\n"

    def by_id(self) -> dict[str, IndicatorResult]:
        return {row.id: row for row in self.indicators}
