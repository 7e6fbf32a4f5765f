"""Measured text interpreted against the rule file: a number in the indicator's unit and range, a
status on the scale, ja/nej, "saknas", for every key (indicator, group, unit) and period.

Every mistake is reported with the measures file and line, for every period in the files, not
only the ones an evaluation looks at: a typing mistake in an old year is still a mistake.
"""

from __future__ import annotations

from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Iterable

from ..diagnostics import Diagnostic, MeasuresError, error, suggestion, warning
from ..model import (
    CAPABILITY_SCALE,
    CapabilityTarget,
    Frozen,
    Group,
    Indicator,
    Key,
    MeasuredValue,
    Measures,
    MilestoneTarget,
    Observation,
    Scorecard,
    State,
)
from ..numbers import NotANumber, format_number, parse_quantity, same_unit
from ..model.period import Period
from .kolada import KoladaMapping
from .measuresfile import read_measures, same_place
from .targets import status_for_word

MISSING_WORDS = ("saknas", "saknar värde", "-", "–", "uppgift saknas")
NOT_MEASURABLE_WORDS = ("kan inte mätas", "ej mätbart", "går inte att mäta")


class _Interpreter:
    def __init__(self, scorecard: Scorecard) -> None:
        self.scorecard = scorecard
        self.problems: list[Diagnostic] = []
        self.warnings: list[Diagnostic] = []
        self.units_seen: dict[str, str] = {}  # casefolded → as first written, for units the rule file does not name

    def key(self, indicator: Indicator, value: MeasuredValue) -> Key | None:
        """The key a value belongs to, with the group and unit as the rule file names them."""
        group = self._group(indicator, value)
        if group is False:
            return None
        org_unit = value.org_unit
        if org_unit is not None:
            org_unit = self._org_unit(value)
            if org_unit is None:
                return None
        return Key(indicator=indicator.id, group=group, org_unit=org_unit)

    def _org_unit(self, value: MeasuredValue) -> str | None:
        """The unit as the rule file names it, or as first written (`nord` and `Nord` are one unit)."""
        written = " ".join(value.org_unit.split())
        declared = self.scorecard.org_units
        if not declared:
            return self.units_seen.setdefault(written.casefold(), written)
        unit = next((unit for unit in declared if unit.casefold() == written.casefold()), None)
        if unit is None:
            self._fail(value, f"Enheten '{value.org_unit}' finns inte bland regelfilens enheter.",
                       suggestion(value.org_unit, declared) + "Enheterna är: " + ", ".join(declared) + ".",
                       code="okänd-enhet")
        return unit

    def _group(self, indicator: Indicator, value: MeasuredValue) -> Group | None | bool:
        """The group a value belongs to; None for the indicator's own row; False after an error."""
        dimensions = self.scorecard.dimensions
        if value.part is not None and value.group is None and not indicator.parts:
            # `sjukfranvaro: {kvinnor: 2,07 %}`: a group written without its grouping
            owner = next((d for d in dimensions if d.group_named(value.part)), None)
            if owner is not None:
                self._fail(value, f"'{value.part}' är en grupp i '{owner.name}' och ska stå under den.",
                           f"Skriv '{indicator.id}:' följt av '{owner.name}:' och sedan "
                           f"'{owner.group_named(value.part)}: {value.text}', en nivå längre in.", code="grupp-utan-gruppering")
                return False
            if any(d.name.casefold() == value.part.casefold() for d in dimensions):
                self._fail(value, f"Under '{value.part}' ska varje grupp stå på en egen rad med sitt värde.",
                           f"Skriv t.ex. '{value.part}:' och på nästa rad, längre in, 'grupp: värde'.",
                           code="gruppering-utan-grupp")
                return False
        if value.group is None:
            return None
        candidates = [d for d in dimensions if value.dimension is None or d.name.casefold() == value.dimension.casefold()]
        if value.dimension is not None and not candidates:
            names = [d.name for d in dimensions]
            self._fail(value, f"'{value.dimension}' är ingen gruppering i regelfilen (under '{indicator.id}').",
                       suggestion(value.dimension, names) + (f"Grupperingarna är: {', '.join(names)}." if names else
                       "Lägg till 'grupper:' i regelfilen, t.ex. 'grupper: {kön: }'. Är det ett delmål, "
                       "skriv då värdet direkt efter delmålets namn."), code="okänd-gruppering")
            return False
        for dimension in candidates:
            if (name := dimension.group_named(value.group)) is not None:
                return Group(dimension=dimension.name, name=name)
        groups = [group for d in candidates for group in d.groups]
        where = f"i '{candidates[0].name}'" if value.dimension is not None else "i regelfilens grupper"
        self._fail(value, f"Gruppen '{value.group}' finns inte {where}.",
                   suggestion(value.group, groups) + (f"Grupperna är: {', '.join(groups)}. Ska gruppen följas upp, "
                   "lägg till den under 'grupper:' i regelfilen." if groups else
                   "Lägg till 'grupper:' i regelfilen, t.ex. 'grupper: {kön: }' för kvinnor och män (K och M)."),
                   code="okänd-grupp")
        return False

    def observation(self, indicator: Indicator, period: Period, values: list[MeasuredValue]) -> Observation:
        source = values[0].where
        if isinstance(indicator.target, (MilestoneTarget, CapabilityTarget)):
            return self._statuses(indicator, period, values, source)
        value = values[0]
        if value.part is not None:
            self._fail(value, f"'{indicator.id}' har inga delmål, men värdet anger delmålet '{value.part}'.",
                       f"Skriv värdet direkt efter id:t ('{indicator.id}: värde'), utan delmål.",
                       code="okänt-delmål")
            return Observation(period=period, state="ej_angivet")
        state = self._word_state(value.text)
        if state:
            return Observation(period=period, state=state, source=source)
        try:
            if value.number is not None:  # typed as a number (JSON, a numeric cell): no text to read
                number, unit = value.number, value.number_unit
            else:
                number, unit = parse_quantity(value.text, indicator.unit)
        except NotANumber as exc:
            if exc.reason:  # 10.400, 1e309, 0x10, too many digits or decimals: say which, and what to write
                self._fail(value, f"Värdet '{value.text}' för '{indicator.id}' {exc.reason}", exc.hint, code=exc.code)
            else:
                self._fail(value, f"Värdet '{value.text}' för '{indicator.id}' är inget tal.",
                           "Skriv talet med decimalkomma, t.ex. '3,8 %', eller 'saknas' om värdet inte finns.",
                           code="inget-tal")
            return Observation(period=period, state="ej_angivet")
        if unit and indicator.unit and not same_unit(unit, indicator.unit):
            self._fail(value, f"Värdet '{value.text}' för '{indicator.id}' har enheten '{unit}' men indikatorn "
                       f"har enheten '{indicator.unit}'.", "Skriv värdet i indikatorns enhet.", code="fel-enhet")
        elif unit and not indicator.unit:
            self._fail(value, f"Värdet '{value.text}' för '{indicator.id}' har enheten '{unit}' men indikatorn "
                       "har ingen enhet.", f"Lägg till 'enhet: {unit}' för indikatorn i regelfilen, "
                       "eller skriv talet utan enhet.", code="fel-enhet")
        if indicator.value_range and not indicator.value_range[0] <= number <= indicator.value_range[1]:
            self._out_of_range(indicator, value, number)
        return Observation(period=period, state="mätt", value=number, source=source)

    def _out_of_range(self, indicator: Indicator, value: MeasuredValue, number: Decimal) -> None:
        low, high = indicator.value_range
        side = f"högre än {format_number(high)}" if number > high else f"lägre än {format_number(low)}"
        share = " En andel kan inte vara över 100 %." if number > high and indicator.unit == "%" else ""
        self._fail(value, f"Värdet '{value.text}' för '{indicator.id}' ligger utanför indikatorns "
                   f"värdeområde {format_number(low)}–{format_number(high)}.",
                   f"Kontrollera värdet: det kan inte vara {side}.{share}", code="utanför-värdeområde")

    def _statuses(self, indicator: Indicator, period: Period, values: list[MeasuredValue],
                  source: str) -> Observation:
        scale = self.scorecard.status_scale_for(indicator)
        by_part = {value.part: value for value in values}
        names = indicator.parts or (None,)
        if len(values) == 1 and values[0].part is None and (state := self._word_state(values[0].text)):
            return Observation(period=period, state=state, source=source)  # "saknas" for the whole milestone
        for value in values:
            if value.part not in names:
                expected = ("delmålen " + ", ".join(indicator.parts)) if indicator.parts else "ett enda värde"
                self._fail(value, f"'{indicator.id}' har inget delmål '{value.part}'." if value.part else
                           f"'{indicator.id}' är en sammansatt milstolpe och behöver ett värde per delmål.",
                           f"Indikatorn har {expected}.", code="okänt-delmål" if value.part else "delmål-saknas")
                return Observation(period=period, state="ej_angivet")
        statuses = []
        for name in names:
            value = by_part.get(name)
            if value is None:
                self._warn(values[0], f"Värdet för delmålet '{name}' av '{indicator.id}' saknas för {period}, "
                           "så den perioden kan inte användas för indikatorn.",
                           f"Skriv en status för '{name}', eller 'saknas'.", code="delmålsvärde-saknas")
                return Observation(period=period, state="ej_angivet", source=source, missing_part=name)
            state = self._word_state(value.text)
            if state:
                return Observation(period=period, state=state, source=source)
            status = _statuses_by_word(scale).get(" ".join(value.text.split()).casefold())
            if status is None and scale != CAPABILITY_SCALE:
                status = status_for_word(value.text, scale)
            if status is None:
                self._fail(value, f"'{value.text}' är ingen status för '{indicator.id}'.",
                           suggestion(value.text, scale) + "Godkända värden: " + ", ".join(scale) + ", eller 'saknas'.",
                           code="okänd-status")
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

    def _fail(self, value: MeasuredValue, message: str, hint: str | None = None, *, code: str) -> None:
        self.problems.append(error(value.file, value.line, _about(value, message), hint, code=code,
                                   column=value.column))

    def _warn(self, value: MeasuredValue, message: str, hint: str | None = None, *, code: str) -> None:
        self.warnings.append(warning(value.file, value.line, _about(value, message), hint, code=code,
                                     column=value.column))

    def duplicates(self, values: list[MeasuredValue], key: Key, period: Period) -> None:
        """Two values for one key, period (and part) that the files name differently, so that reading
        could not see them as one: `K` in one file and `kvinnor` in another, or a value from Kolada
        and one from a CSV file. Those named alike were reported when the files were read."""
        first_of_part: dict[str | None, MeasuredValue] = {}
        for value in values:
            first = first_of_part.setdefault(value.part, value)
            if first is not value and same_place(first) != same_place(value):
                details = ", ".join(f"{name} '{text}'" for name, text in (
                    ("delmål", value.part), ("grupp", key.group.name if key.group else None),
                    ("enhet", key.org_unit)) if text)
                self._fail(value, f"Värdet för '{key.indicator}'" + (f" ({details})" if details else "") +
                           f" för {period} står två gånger.", f"Första gången: {first.where}. Ta bort det ena.",
                           code="dubbelt-värde")


def _about(value: MeasuredValue, message: str) -> str:
    """A message about a value from Kolada also names the value as Kolada does: its answer is one
    long line, so the line alone does not say which value it is."""
    if value.kolada is None:
        return message
    return f"{message.rstrip('.')} ({value.kolada.describe()}, {value.period})."


@lru_cache(maxsize=64)
def _statuses_by_word(scale: tuple[str, ...]) -> dict[str, str]:
    """Statuses are matched case-insensitively: "Påbörjad" is "påbörjad"."""
    return {status.casefold(): status for status in scale}


class Interpretation:
    """Every value of the measures as an observation per (key, period), and what was wrong."""

    def __init__(self, scorecard: Scorecard, measures: Measures) -> None:
        self.scorecard = scorecard
        self.measures = measures
        self.observed: dict[tuple[Key, Period], Observation] = {}
        self.unknown: list[MeasuredValue] = []  # values of indicators the rule file does not have
        # The values with Kolada's ids named as the rule file names them (see kolada.py); a value
        # from Kolada that cannot be used (an unknown KPI) stays as read, and is warned about.
        self.values: list[MeasuredValue] = []
        interpreter = _Interpreter(scorecard)
        kolada = KoladaMapping(scorecard)
        keyed: dict[tuple[Key, Period], list[MeasuredValue]] = {}
        indicators = scorecard.indicators()
        for read in measures.values:
            value = kolada.apply(read)
            self.values.append(value or read)
            if value is None:
                continue
            if value.indicator not in indicators:
                self.unknown.append(value)
                continue
            key = interpreter.key(indicators[value.indicator], value)
            if key is not None:
                keyed.setdefault((key, value.period), []).append(value)
        for (key, period), values in keyed.items():
            if len(values) > 1:
                interpreter.duplicates(values, key, period)
            self.observed[(key, period)] = interpreter.observation(indicators[key.indicator], period, values)
        kolada_problems, kolada_warnings = kolada.diagnostics()
        self.problems = sorted(interpreter.problems + kolada_problems, key=_place)
        self.warnings = interpreter.warnings + kolada_warnings

    def observe(self, key: Key, period: Period) -> Observation:
        return self.observed.get((key, period)) or Observation(period=period, state="ej_angivet")


def check_measures(scorecard: Scorecard, measures: Measures) -> list[Diagnostic]:
    """The values that do not fit their indicator, in reading order."""
    return Interpretation(scorecard, measures).problems


def load_checked_measures(scorecard: Scorecard, paths: str | Path | Iterable[str | Path]) -> Measures:
    """Read measures files and check them against the rule file, reporting every problem of
    both kinds together (an empty value in one line does not hide a wrong unit in the next)."""
    measures, problems = read_measures(paths)
    interpretation = Interpretation(scorecard, measures)
    problems += interpretation.problems
    if problems:
        raise MeasuresError(sorted(problems, key=_place))
    # Named as the rule file names them: a unit from Kolada is then found by its name (`--enhet`).
    return Measures(values=tuple(interpretation.values))


def _place(diagnostic: Diagnostic) -> tuple[str, int, int]:
    return diagnostic.file, diagnostic.line or 0, diagnostic.column or 0
