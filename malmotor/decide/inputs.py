"""What each indicator is judged on: its measured value and its comparison values.

Measured text is interpreted against the indicator here (a number with the right unit and
range, a status on the scale, ja/nej), and every mistake is reported with the measures file
and line. Both evaluators (durable and the reference) start from these inputs.
"""

from __future__ import annotations

import difflib
from functools import lru_cache
from decimal import Decimal
from typing import Literal

from ..diagnostics import Diagnostic, MeasuresError, error, warning
from ..load.measuresfile import read_measures
from ..model import (
    IndicatorInputs,
    Observation,
    State,
    CAPABILITY_SCALE,
    RELATIVE_KINDS,
    CapabilityTarget,
    Frozen,
    Indicator,
    MeasuredValue,
    Measures,
    MilestoneTarget,
    Scorecard,
)
from ..numbers import MAX_SIGNIFICANT_DIGITS, TooManyDigits, NotANumber, format_number, parse_quantity, same_unit

MISSING_WORDS = ("saknas", "saknar värde", "-", "–", "uppgift saknas")
NOT_MEASURABLE_WORDS = ("kan inte mätas", "ej mätbart", "går inte att mäta")


def status_scale_for(indicator: Indicator, scorecard: Scorecard) -> tuple[str, ...]:
    return CAPABILITY_SCALE if isinstance(indicator.target, CapabilityTarget) else scorecard.status_scale


def _where(value: MeasuredValue) -> str:
    return f"{value.file}:{value.line}" if value.line else value.file


class _Interpreter:
    def __init__(self, scorecard: Scorecard) -> None:
        self.scorecard = scorecard
        self.problems: list[Diagnostic] = []
        self.warnings: list[Diagnostic] = []

    def observation(self, indicator: Indicator, period: int, values: list[MeasuredValue]) -> Observation:
        if not values:
            return Observation(period=period, state="ej_angivet")
        source = _where(values[0])
        if isinstance(indicator.target, (MilestoneTarget, CapabilityTarget)):
            return self._statuses(indicator, period, values, source)
        value = values[0]
        if value.part is not None:
            self._fail(value, f"'{indicator.id}' har inga delmål, men värdet anger delmålet '{value.part}'.",
                       f"Skriv värdet direkt efter id:t ('{indicator.id}: värde'), utan delmål.")
            return Observation(period=period, state="ej_angivet")
        state = self._word_state(value.text)
        if state:
            return Observation(period=period, state=state, source=source)
        try:
            number, unit = parse_quantity(value.text)
        except TooManyDigits:
            self._fail(value, f"Värdet '{value.text}' för '{indicator.id}' har fler än {MAX_SIGNIFICANT_DIGITS} "
                       "siffror.", "Avrunda värdet; så många siffror kan inte påverka en bedömning.")
            return Observation(period=period, state="ej_angivet")
        except NotANumber:
            self._fail(value, f"Värdet '{value.text}' för '{indicator.id}' är inget tal.",
                       "Skriv talet med decimalkomma, t.ex. '3,8 %', eller 'saknas' om värdet inte finns.")
            return Observation(period=period, state="ej_angivet")
        if unit and indicator.unit and not same_unit(unit, indicator.unit):
            self._fail(value, f"Värdet '{value.text}' för '{indicator.id}' har enheten '{unit}' men indikatorn "
                       f"har enheten '{indicator.unit}'.", "Skriv värdet i indikatorns enhet.")
        elif unit and not indicator.unit:
            self._fail(value, f"Värdet '{value.text}' för '{indicator.id}' har enheten '{unit}' men indikatorn "
                       "har ingen enhet.", f"Lägg till 'enhet: {unit}' för indikatorn i regelfilen, "
                       "eller skriv talet utan enhet.")
        if indicator.value_range and not indicator.value_range[0] <= number <= indicator.value_range[1]:
            self._out_of_range(indicator, value, number)
        return Observation(period=period, state="mätt", value=number, source=source)

    def _out_of_range(self, indicator: Indicator, value: MeasuredValue, number: Decimal) -> None:
        low, high = indicator.value_range
        side = f"högre än {format_number(high)}" if number > high else f"lägre än {format_number(low)}"
        share = " En andel kan inte vara över 100 %." if number > high and indicator.unit == "%" else ""
        self._fail(value, f"Värdet '{value.text}' för '{indicator.id}' ligger utanför indikatorns "
                   f"värdeområde {format_number(low)}–{format_number(high)}.",
                   f"Kontrollera värdet: det kan inte vara {side}.{share}")

    def _statuses(self, indicator: Indicator, period: int, values: list[MeasuredValue],
                  source: str) -> Observation:
        scale = status_scale_for(indicator, self.scorecard)
        by_part = {value.part: value for value in values}
        names = indicator.parts or (None,)
        if len(values) == 1 and values[0].part is None and (state := self._word_state(values[0].text)):
            return Observation(period=period, state=state, source=source)  # "saknas" for the whole milestone
        for value in values:
            if value.part not in names:
                expected = ("delmålen " + ", ".join(indicator.parts)) if indicator.parts else "ett enda värde"
                self._fail(value, f"'{indicator.id}' har inget delmål '{value.part}'." if value.part else
                           f"'{indicator.id}' är en sammansatt milstolpe och behöver ett värde per delmål.",
                           f"Indikatorn har {expected}.")
                return Observation(period=period, state="ej_angivet")
        statuses = []
        for name in names:
            value = by_part.get(name)
            if value is None:
                self._warn(values[0], f"Värdet för delmålet '{name}' av '{indicator.id}' saknas för {period}, "
                           "så det året kan inte användas för indikatorn.",
                           f"Skriv en status för '{name}', eller 'saknas'.")
                return Observation(period=period, state="ej_angivet", source=source, missing_part=name)
            state = self._word_state(value.text)
            if state:
                return Observation(period=period, state=state, source=source)
            status = _statuses_by_word(scale).get(" ".join(value.text.split()).casefold())
            if status is None:
                self._fail(value, f"'{value.text}' är ingen status för '{indicator.id}'.",
                           "Godkända värden: " + ", ".join(scale) + ", eller 'saknas'.")
                return Observation(period=period, state="ej_angivet")
            statuses.append(status)
        return Observation(period=period, state="mätt", statuses=tuple(statuses), source=source)

    @staticmethod
    def _word_state(text: str) -> State | None:
        low = " ".join(text.split()).casefold()
        if low in MISSING_WORDS:
            return "saknas"
        if low in NOT_MEASURABLE_WORDS:
            return "kan_inte_mätas"
        return None

    def _fail(self, value: MeasuredValue, message: str, hint: str | None = None) -> None:
        self.problems.append(error(value.file, value.line, message, hint))

    def _warn(self, value: MeasuredValue, message: str, hint: str | None = None) -> None:
        self.warnings.append(warning(value.file, value.line, message, hint))


@lru_cache(maxsize=64)
def _statuses_by_word(scale: tuple[str, ...]) -> dict[str, str]:
    """Statuses are matched case-insensitively: "Påbörjad" is "påbörjad"."""
    return {status.casefold(): status for status in scale}


def _interpret_all(scorecard: Scorecard, measures: Measures) -> tuple[_Interpreter, dict]:
    """Every value in the files, checked against its indicator, not only the periods one
    evaluation looks at: a typing mistake in an old year is still a mistake."""
    interpreter = _Interpreter(scorecard)
    indicators = scorecard.indicators()
    observed = {(indicator_id, value_period): interpreter.observation(indicators[indicator_id], value_period, values)
                for (indicator_id, value_period), values in sorted(measures.index().items(), key=lambda item: item[0])
                if indicator_id in indicators}
    return interpreter, observed


def check_measures(scorecard: Scorecard, measures: Measures) -> list[Diagnostic]:
    """The values that do not fit their indicator, in reading order."""
    return sorted(_interpret_all(scorecard, measures)[0].problems, key=_place)


def read_checked_measures(scorecard: Scorecard, paths) -> Measures:
    """Read measures files and check them against the rule file, reporting every problem of
    both kinds together (an empty value in one line does not hide a wrong unit in the next)."""
    measures, problems = read_measures(paths)
    if problems:
        raise MeasuresError(sorted(problems + check_measures(scorecard, measures), key=_place))
    return measures


def gather_inputs(scorecard: Scorecard, measures: Measures, period: int) -> tuple[dict[str, IndicatorInputs],
                                                                               list[Diagnostic]]:
    """Inputs per indicator id, and warnings; raises MeasuresError for values that cannot be used."""
    interpreter, observed = _interpret_all(scorecard, measures)
    if interpreter.problems:
        raise MeasuresError(sorted(interpreter.problems, key=_place))  # in reading order
    indicators = scorecard.indicators()
    warnings = [_unknown_indicator(indicator_id, values[0], scorecard, indicators)
                for (indicator_id, _), values in sorted(measures.index().items()) if indicator_id not in indicators]
    warnings += _missing_previous_period(scorecard, measures, period)

    def observe(indicator: Indicator, at: int) -> Observation:
        return observed.get((indicator.id, at)) or Observation(period=at, state="ej_angivet")

    result = {}
    for indicator in indicators.values():
        target_base = None
        if indicator.target.kind in RELATIVE_KINDS:
            target_base = observe(indicator, indicator.target.base_year or period - 1)
        result[indicator.id] = IndicatorInputs(
            current=observe(indicator, period),
            target_base=target_base,
            trend_base=observe(indicator, indicator.trend.compare_with or period - 1),
        )
    return result, sorted(warnings + interpreter.warnings, key=_place)


def _missing_previous_period(scorecard: Scorecard, measures: Measures, period: int) -> list[Diagnostic]:
    """A forgotten file for last year would silently take away most arrows: say so once."""
    previous = period - 1
    if previous in measures.periods() or not any(
            indicator.trend.compare_with is None for *_, indicator in scorecard.rows()):
        return []
    files = sorted({value.file for value in measures.values if value.period == period})
    return [warning(", ".join(files) or "mätvärden", None,
                    f"Det finns inga mätvärden för {previous}: utvecklingspilar och mål som jämför med föregående "
                    "period kan inte bedömas.", f"Ange också mätvärdesfilen för {previous}.")]


def _place(diagnostic: Diagnostic) -> tuple[str, int]:
    return diagnostic.file, diagnostic.line or 0


def _unknown_indicator(indicator_id: str, value: MeasuredValue, scorecard: Scorecard,
                       indicators: dict[str, Indicator]) -> Diagnostic:
    close = difflib.get_close_matches(indicator_id, list(indicators), n=1, cutoff=0.6)
    hint = (f"Menade du '{close[0]}'? " if close else "") + "Kontrollera stavningen av id:t i regelfilen."
    return warning(value.file, value.line, f"Mätvärdet för '{indicator_id}' hör inte till någon indikator i "
                   f"{scorecard.source} och används inte.", hint)

