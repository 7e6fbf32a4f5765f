"""Measured text interpreted against the rule file: a number in the indicator's unit and range, a
status on the scale, ja/nej, "saknas", for every key (indicator, group, unit) and period.

Values are written as published reports print them: `Statistik saknas` and `..` for a missing
value, `– 4,9 %` with a space after the sign, a footnote marker after the number (`14,4*`, `14,4 1)`,
`14,4¹`: dropped, with a warning), and a change instead of the previous period's value
(`3,8 % (+0,4 procentenheter jämfört med föregående år)`: the comparison value is derived from it).

A comparison value (`jämförelse: {medel: 140 000 kr}`, the CSV column `jämförelse`, Kolada's values
under a series' id) is read as a number of the indicator's, and kept per key, series and period for
targets such as `minst medel` (`Interpretation.series_value`).

Every mistake is found with the measures file and line, for every period in the files, and kept
with the periods it concerns: an evaluation stops for a mistake in a period it uses (the judged
period and every comparison period) and warns, with the same message, about the others
(`Interpretation.diagnostics_for`). `check_measures` returns them all.
"""

from __future__ import annotations

import dataclasses
import re
import threading
import weakref
from decimal import ROUND_HALF_UP, Decimal, localcontext
from functools import lru_cache
from pathlib import Path
from typing import Iterable

from ..diagnostics import Bilingual, Diagnostic, MeasuresError, english, error, suggestion, warning
from ..model.trusted import trusted
from ..gcpause import collector_paused
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
from ..model.scorecard import KindMismatch
from ..numbers import (MAX_DECIMALS, Change, NotANumber, decimals_of, format_number, format_quantity, parse_change,
                       parse_quantity, same_unit, split_footnote)
from ..model.period import Period, PeriodKind
from .kolada import KoladaMapping
from .measuresfile import described_value, first_time, given_twice, read_measures, same_place
from .targets import status_for_word

MISSING_WORDS = ("saknas", "saknar värde", "-", "–", "uppgift saknas", "statistik saknas", "..")
NOT_MEASURABLE_WORDS = ("kan inte mätas", "ej mätbart", "går inte att mäta")


class _Interpreter:
    def __init__(self, scorecard: Scorecard) -> None:
        self.scorecard = scorecard
        self.problems: list[Diagnostic] = []
        # The periods each problem concerns, in step with `problems`: a value's own period, and for a
        # change also the period it gives a value for.
        self.problem_periods: list[frozenset[Period]] = []
        self.warnings: list[Diagnostic] = []
        # Comparison values derived from changes: (key, period) → (observation, the value with the
        # change, that value as a number)
        self.derived: dict[tuple[Key, Period], tuple[Observation, MeasuredValue, Decimal]] = {}
        self.units_seen: dict[str, str] = {}  # casefolded → as first written, for units the rule file does not name
        # A file of many values names the same few keys, groups and units again and again: each is settled once.
        # A Key and a Group are immutable, so the values of one share it; a unit as written maps to one name for
        # good. A mistake is not remembered: it is reported for every value that has it.
        self.keys: dict[tuple[str, Group | None, str | None], Key] = {}
        self.unit_names: dict[str, str] = {}
        self.groups: dict[tuple[str | None, str], Group] = {}  # (grouping, group) as written → the group

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
        place = (indicator.id, group, org_unit)
        key = self.keys.get(place)
        if key is None:
            key = self.keys[place] = trusted(Key, indicator=indicator.id, group=group, org_unit=org_unit)  # all checked
        return key

    def _org_unit(self, value: MeasuredValue) -> str | None:
        """The unit as the rule file names it, or as first written (`nord` and `Nord` are one unit)."""
        if (known := self.unit_names.get(value.org_unit)) is not None:
            return known
        written = " ".join(value.org_unit.split())
        declared = self.scorecard.org_units
        if not declared:
            unit = self.unit_names[value.org_unit] = self.units_seen.setdefault(written.casefold(), written)
            return unit
        unit = next((unit for unit in declared if unit.casefold() == written.casefold()), None)
        if unit is not None:
            self.unit_names[value.org_unit] = unit
        else:  # said for every value that names it
            self._fail(value, Bilingual(f"Enheten '{value.org_unit}' finns inte bland regelfilens enheter.",
                                        f"The unit '{value.org_unit}' is not one of the rule file's units ('enheter')."),
                       suggestion(value.org_unit, declared) + _units_listed(declared),
                       code="okänd-enhet")
        return unit

    def _group(self, indicator: Indicator, value: MeasuredValue) -> Group | None | bool:
        """The group a value belongs to; None for the indicator's own row; False after an error."""
        dimensions = self.scorecard.dimensions
        if value.part is not None and value.group is None and not indicator.parts:
            # `sjukfranvaro: {kvinnor: 2,07 %}`: a group written without its grouping
            owner = next((d for d in dimensions if d.group_named(value.part)), None)
            if owner is not None:
                group = owner.group_named(value.part)
                self._fail(value, Bilingual(f"'{value.part}' är en grupp i '{owner.name}' och ska stå under den.",
                                            f"'{value.part}' is a group of '{owner.name}' and belongs beneath it."),
                           Bilingual(f"Skriv '{indicator.id}:' följt av '{owner.name}:' och sedan "
                                     f"'{group}: {value.text}', en nivå längre in.",
                                     f"Write '{indicator.id}:' followed by '{owner.name}:' and then "
                                     f"'{group}: {value.text}', indented one level further."),
                           code="grupp-utan-gruppering")
                return False
            if any(d.name.casefold() == value.part.casefold() for d in dimensions):
                self._fail(value, Bilingual(f"Under '{value.part}' ska varje grupp stå på en egen rad med sitt värde.",
                                            f"Beneath '{value.part}', each group goes on a line of its own, with its "
                                            "value."),
                           Bilingual(f"Skriv t.ex. '{value.part}:' och på nästa rad, längre in, 'grupp: värde'.",
                                     f"Write e.g. '{value.part}:' and on the next line, indented further, "
                                     "'grupp: värde'."),
                           code="gruppering-utan-grupp")
                return False
        if value.group is None:
            return None
        if (known := self.groups.get((value.dimension, value.group))) is not None:
            return known
        candidates = [d for d in dimensions if value.dimension is None or d.name.casefold() == value.dimension.casefold()]
        if value.dimension is not None and not candidates:
            names = [d.name for d in dimensions]
            self._fail(value, Bilingual(f"'{value.dimension}' är ingen gruppering i regelfilen (under '{indicator.id}').",
                                        f"'{value.dimension}' is not a grouping in the rule file (beneath "
                                        f"'{indicator.id}')."),
                       suggestion(value.dimension, names) + (
                           Bilingual(f"Grupperingarna är: {', '.join(names)}.", f"The groupings are: {_quoted(names)}.")
                           if names else
                           Bilingual("Lägg till 'grupper:' i regelfilen, t.ex. 'grupper: {kön: }'. Är det ett delmål, "
                                     "skriv då värdet direkt efter delmålets namn.",
                                     "Add 'grupper:' to the rule file, e.g. 'grupper: {kön: }'. If it is a part of a "
                                     "milestone ('delmål'), write the value right after the part's name.")),
                       code="okänd-gruppering")
            return False
        for dimension in candidates:
            if (name := dimension.group_named(value.group)) is not None:
                group = self.groups[value.dimension, value.group] = Group(dimension=dimension.name, name=name)
                return group
        groups = [group for d in candidates for group in d.groups]
        where, where_en = ((f"i '{candidates[0].name}'", f"in '{candidates[0].name}'") if value.dimension is not None
                           else ("i regelfilens grupper", "among the rule file's groups"))
        self._fail(value, Bilingual(f"Gruppen '{value.group}' finns inte {where}.",
                                    f"The group '{value.group}' does not exist {where_en}."),
                   suggestion(value.group, groups) + (
                       Bilingual(f"Grupperna är: {', '.join(groups)}. Ska gruppen följas upp, "
                                 "lägg till den under 'grupper:' i regelfilen.",
                                 f"The groups are: {_quoted(groups)}. To follow the group up, add it to 'grupper:' in "
                                 "the rule file.") if groups else
                       Bilingual("Lägg till 'grupper:' i regelfilen, t.ex. 'grupper: {kön: }' för kvinnor och män "
                                 "(K och M).",
                                 "Add 'grupper:' to the rule file, e.g. 'grupper: {kön: }' for women and men ('K' and "
                                 "'M').")),
                   code="okänd-grupp")
        return False

    def observation(self, indicator: Indicator, period: Period, values: list[MeasuredValue],
                    key: Key | None = None) -> Observation:
        source = values[0].where
        if isinstance(indicator.target, (MilestoneTarget, CapabilityTarget)):
            return self._statuses(indicator, period, values, source)
        value = values[0]
        if value.part is not None:
            self._fail(value, Bilingual(f"'{indicator.id}' har inga delmål, men värdet anger delmålet '{value.part}'.",
                                        f"'{indicator.id}' has no parts ('delmål'), but the value names the part "
                                        f"'{value.part}'."),
                       Bilingual(f"Skriv värdet direkt efter id:t ('{indicator.id}: värde'), utan delmål.",
                                 f"Write the value right after the id ('{indicator.id}: värde'), without a part."),
                       code="okänt-delmål")
            return Observation(period=period, state="ej_angivet")
        text, change = value.text, None
        if value.number is None:  # typed as a number (JSON, a numeric cell): no text to read
            text, change = _split_change(text)
            text = self._without_footnote(indicator, value, text)
        if change is not None and value.comparison is not None:
            self._fail(value, Bilingual(f"Jämförelsevärdet '{value.text}' för '{indicator.id}' anger en förändring.",
                                        f"The comparison value '{value.text}' for '{indicator.id}' states a change."),
                       Bilingual("Ett jämförelsevärde (medel, riket …) skrivs utan förändring: ange jämförelsevärdet "
                                 "för varje period det behövs.",
                                 "A comparison value ('medel', 'riket' …) is written without a change: give the "
                                 "comparison value for every period that needs it."), code="förändring-i-jämförelse")
            return Observation(period=period, state="ej_angivet")
        state = self._word_state(text)
        if state:
            if change is not None:
                self._fail(value, Bilingual(f"Värdet '{value.text}' för '{indicator.id}' anger en förändring men "
                                            "inget värde att räkna från.",
                                            f"The value '{value.text}' for '{indicator.id}' states a change but no "
                                            "value to count from."),
                           Bilingual("Skriv periodens värde före förändringen, t.ex. '3,8 % (+0,4 procentenheter "
                                     "jämfört med föregående år)', eller ta bort förändringen.",
                                     "Write the period's value before the change, e.g. '3,8 % (+0,4 procentenheter "
                                     "jämfört med föregående år)', or remove the change."),
                           code="förändring-utan-värde")
            return trusted(Observation, period=period, state=state, source=source, written=self._written(value, text))
        try:
            if value.number is not None:
                number, unit = value.number, value.number_unit
            else:
                number, unit = parse_quantity(text, indicator.unit)
        except NotANumber as exc:
            if exc.reason:  # 10.400, 1e309, 0x10, too many digits or decimals: say which, and what to write
                self._fail(value, _value_reason(value, indicator, exc.reason), exc.hint, code=exc.code)
            else:
                self._fail(value, Bilingual(f"Värdet '{value.text}' för '{indicator.id}' är inget tal.",
                                            f"The value '{value.text}' for '{indicator.id}' is not a number."),
                           Bilingual("Skriv talet med decimalkomma, t.ex. '3,8 %', eller 'saknas' om värdet inte finns.",
                                     "Write the number with a decimal comma, e.g. '3,8 %', or 'saknas' if there is "
                                     "no value."),
                           code="inget-tal")
            return Observation(period=period, state="ej_angivet")
        if unit and indicator.unit and not same_unit(unit, indicator.unit):
            self._fail(value, Bilingual(f"Värdet '{value.text}' för '{indicator.id}' har enheten '{unit}' men "
                                        f"indikatorn har enheten '{indicator.unit}'.",
                                        f"The value '{value.text}' for '{indicator.id}' has the unit '{unit}' but the "
                                        f"indicator has the unit '{indicator.unit}'."),
                       Bilingual("Skriv värdet i indikatorns enhet.", "Write the value in the indicator's unit."),
                       code="fel-enhet")
        elif unit and not indicator.unit:
            self._fail(value, Bilingual(f"Värdet '{value.text}' för '{indicator.id}' har enheten '{unit}' men "
                                        "indikatorn har ingen enhet.",
                                        f"The value '{value.text}' for '{indicator.id}' has the unit '{unit}' but the "
                                        "indicator has no unit."),
                       Bilingual(f"Lägg till 'enhet: {unit}' för indikatorn i regelfilen, eller skriv talet utan enhet.",
                                 f"Add 'enhet: {unit}' to the indicator in the rule file, or write the number without "
                                 "a unit."), code="fel-enhet")
        if indicator.value_range and not indicator.value_range[0] <= number <= indicator.value_range[1]:
            self._out_of_range(indicator, value, number)
        if change is not None and key is not None:
            self._derive(indicator, key, value, period, number, change)
        return trusted(Observation, period=period, state="mätt", value=number, source=source)

    def series(self, indicator: Indicator, value: MeasuredValue) -> str | None:
        """The declared series a comparison value belongs to (as the rule file names it); None after an
        error: a series the rule file does not declare, or an indicator whose values are statuses."""
        declared = self.scorecard.series_named(value.comparison)
        if declared is None:
            names = [series.name for series in self.scorecard.comparison_series]
            self._fail(value, Bilingual(f"Jämförelsen '{value.comparison}' för '{indicator.id}' står inte under "
                                        "'jämförelser' i regelfilen.",
                                        f"The comparison '{value.comparison}' for '{indicator.id}' is not listed in "
                                        "'jämförelser' in the rule file."),
                       suggestion(value.comparison, names) + (
                           Bilingual(f"Jämförelserna är: {', '.join(names)}.", f"The comparisons are: {_quoted(names)}.")
                           if names else
                           Bilingual("Lägg till den i regelfilen, t.ex. 'jämförelser: {medel: liknande kommuner}'.",
                                     "Add it to the rule file, e.g. 'jämförelser: {medel: liknande kommuner}'.")),
                       code="okänd-jämförelse")
            return None
        if isinstance(indicator.target, (MilestoneTarget, CapabilityTarget)):
            self._fail(value, Bilingual(f"'{indicator.id}' har statusar som värden, så den kan inte ha "
                                        f"jämförelsevärden ('{value.comparison}').",
                                        f"'{indicator.id}' has statuses as values, so it cannot have comparison "
                                        f"values ('{value.comparison}')."),
                       Bilingual("Ta bort jämförelsevärdet: jämförelser gäller indikatorer med tal.",
                                 "Remove the comparison value: comparisons apply to indicators with numbers."),
                       code="fel-måltyp")
            return None
        return declared.name

    def _out_of_range(self, indicator: Indicator, value: MeasuredValue, number: Decimal,
                      what: str | None = None, periods: frozenset[Period] | None = None) -> None:
        """`what` is the value's description that starts the message (`Bilingual`); by default the value as written."""
        low, high = (format_number(limit) for limit in indicator.value_range)
        side, side_en = (f"högre än {high}", f"higher than {high}") if number > indicator.value_range[1] else \
            (f"lägre än {low}", f"lower than {low}")
        share, share_en = ((" En andel kan inte vara över 100 %.", " A share cannot be over 100 %.")
                           if number > indicator.value_range[1] and indicator.unit == "%" else ("", ""))
        what = what or Bilingual(f"Värdet '{value.text}' för '{indicator.id}'",
                                 f"The value '{value.text}' for '{indicator.id}'")
        self._fail(value, Bilingual(f"{what} ligger utanför indikatorns värdeområde {low}–{high}.",
                                    f"{english(what)} is outside the indicator's range of values {low}–{high}."),
                   Bilingual(f"Kontrollera värdet: det kan inte vara {side}.{share}",
                             f"Check the value: it cannot be {side_en}.{share_en}"), code="utanför-värdeområde",
                   periods=periods)

    def _without_footnote(self, indicator: Indicator, value: MeasuredValue, text: str) -> str:
        """The text without a footnote marker (`14,4*`, `14,4 1)`, `14,4¹`), with a warning that says so."""
        rest, marker = _split_footnote(text)
        if marker is not None:
            self._warn(value, Bilingual(f"Värdet '{value.text}' för '{indicator.id}' har fotnotstecknet '{marker}', "
                                        f"som inte hör till värdet: det läses som '{rest}'.",
                                        f"The value '{value.text}' for '{indicator.id}' has the footnote marker "
                                        f"'{marker}', which is not part of the value: it is read as '{rest}'."),
                       Bilingual("Fotnoten följer inte med till resultatet. Skriv den som en kommentar (efter # i "
                                 "YAML, i kolumnen kommentar i CSV och Excel) och ta bort tecknet, så försvinner "
                                 "varningen.",
                                 "The footnote is not carried into the result. Write it as a comment (after # in "
                                 "YAML, in the column 'kommentar' in CSV and Excel) and remove the marker, and the "
                                 "warning goes away."),
                       code="fotnot-borttagen")
        return rest

    @staticmethod
    def _written(value: MeasuredValue, text: str) -> str | None:
        """The word as the file wrote it, for the explanation; Kolada writes no word (null)."""
        return None if value.kolada is not None else " ".join(text.split())

    def _derive(self, indicator: Indicator, key: Key, value: MeasuredValue, period: Period, number: Decimal,
                written: str) -> None:
        """The comparison value a change gives (`3,8 % (+0,4 procentenheter)` gives 3,4 % for the
        period before), kept in `derived`; a measured value of that period wins (see Interpretation)."""
        try:
            change = parse_change(written)
        except NotANumber as exc:
            self._fail(value, _value_reason(value, indicator, exc.reason), exc.hint, code=exc.code)
            return
        at = self._change_base(indicator, value, period, change)
        if at is None:
            return
        periods = frozenset({period, at})
        relative = self._relative(indicator, value, change, periods)
        if relative is None:
            return
        if relative:
            factor = 1 + change.amount / 100
            if factor <= 0:
                decrease = format_number(-change.amount)
                self._fail(value, Bilingual(f"Värdet '{value.text}' för '{indicator.id}' anger en minskning med "
                                            f"{decrease} %, och så mycket kan ett värde inte minska.",
                                            f"The value '{value.text}' for '{indicator.id}' states a decrease of "
                                            f"{decrease} %, and a value cannot decrease that much."),
                           Bilingual("Kontrollera förändringen, eller ange värdet för föregående period i stället.",
                                     "Check the change, or give the value of the previous period instead."),
                           code="okänd-förändring", periods=periods)
                return
            derived = _quotient(number, factor)
        else:
            derived = number - change.amount
        if indicator.value_range and not indicator.value_range[0] <= derived <= indicator.value_range[1]:
            quantity = format_quantity(derived, indicator.unit)
            self._out_of_range(indicator, value, derived, periods=periods, what=Bilingual(
                f"Värdet för {at.text} som förändringen i '{value.text}' för '{indicator.id}' ger, {quantity},",
                f"The value for '{at.text}' that the change in '{value.text}' for '{indicator.id}' gives, "
                f"'{quantity}',"))
            return
        observation = Observation(period=at, state="mätt", value=derived, change=change.amount,
                                  change_relative=relative,
                                  source=f"{value.where} (räknat ur förändringen '{written}')")
        self.derived.setdefault((key, at), (observation, value, number))

    def _change_base(self, indicator: Indicator, value: MeasuredValue, period: Period,
                     change: Change) -> Period | None:
        """The period a change is counted from: the previous period unless it says otherwise."""
        if change.base in (None, "period"):
            return period.previous()
        if change.base == "år":
            return period.same_period_last_year()
        year = int(change.base)
        at = Period.year_of(year) if period.kind is PeriodKind.YEAR else period.in_year(year)
        if at >= period:
            self._fail(value, Bilingual(f"Värdet '{value.text}' för '{indicator.id}' anger en förändring jämfört med "
                                        f"{year}, men värdet gäller {period.text}.",
                                        f"The value '{value.text}' for '{indicator.id}' states a change compared with "
                                        f"{year}, but the value is for '{period.text}'."),
                       Bilingual("En förändring räknas från en tidigare period: ändra årtalet, eller skriv 'jämfört "
                                 "med föregående år'.",
                                 "A change is counted from an earlier period: change the year, or write 'jämfört med "
                                 "föregående år'."),
                       code="förändring-efter-perioden")
            return None
        return at

    def _relative(self, indicator: Indicator, value: MeasuredValue, change: Change,
                  periods: frozenset[Period]) -> bool | None:
        """Whether a change is relative (a percentage of a value not in %) or absolute (in the
        indicator's unit; percentage points for a %-indicator); None after an error."""
        share = indicator.unit == "%"
        if change.unit == "%-enheter" and share:
            return False
        if change.unit == "%" and not share:
            return True
        if not share and (change.unit is None or same_unit(change.unit, indicator.unit)):
            return False
        about = f"Förändringen i '{value.text}' för '{indicator.id}'"
        about_en = f"The change in '{value.text}' for '{indicator.id}'"
        in_unit = Bilingual("Skriv förändringen i indikatorns enhet, eller i procent av värdet: '(ökning med 4 %)'.",
                            "Write the change in the indicator's unit, or in per cent of the value: "
                            "'(ökning med 4 %)'.")
        if share and change.unit in ("%", None):
            self._fail(value, Bilingual(f"{about} kan vara både i procentenheter och i procent av värdet, eftersom "
                                        "indikatorn är en andel i %.",
                                        f"{about_en} can be in percentage points as well as in per cent of the value, "
                                        "since the indicator is a share in %."),
                       Bilingual("Skriv 'procentenheter' för en skillnad mellan andelarna, t.ex. '(+0,4 "
                                 "procentenheter)', eller ange värdet för föregående period.",
                                 "Write 'procentenheter' for a difference between the shares, e.g. '(+0,4 "
                                 "procentenheter)', or give the value of the previous period."),
                       code="tvetydig-förändring", periods=periods)
        elif change.unit == "%-enheter":
            unit, unit_en = (("enheten " + repr(indicator.unit), "its unit is " + repr(indicator.unit)) if indicator.unit
                             else ("den har ingen enhet", "it has no unit"))
            self._fail(value, Bilingual(f"{about} är i procentenheter, men indikatorn är ingen andel i % ({unit}).",
                                        f"{about_en} is in percentage points, but the indicator is not a share in % "
                                        f"({unit_en})."),
                       in_unit, code="fel-enhet", periods=periods)
        else:
            unit, unit_en = ((f"enheten '{indicator.unit}'.", f"the unit '{indicator.unit}'.") if indicator.unit
                             else ("ingen enhet.", "no unit."))
            self._fail(value, Bilingual(f"{about} har enheten '{change.unit}' men indikatorn har {unit}",
                                        f"{about_en} has the unit '{change.unit}' but the indicator has {unit_en}"),
                       Bilingual("Skriv förändringen i procentenheter, t.ex. '(+0,4 procentenheter)'.",
                                 "Write the change in percentage points, e.g. '(+0,4 procentenheter)'.") if share else
                       in_unit, code="fel-enhet", periods=periods)
        return None

    def check_derived(self, observed: dict[tuple[Key, Period], Observation]) -> None:
        """A value derived from a change next to a measured value of the same period: the measured
        one is used (Interpretation.comparison), with a warning when the two differ by more than the
        rounding of the printed numbers explains."""
        indicators = self.scorecard.indicators()
        for (key, at), (derived, value, current) in self.derived.items():
            measured = observed.get((key, at))
            if measured is None or not measured.measured or \
                    _agrees(measured.value, current, derived.change, derived.change_relative):
                continue
            unit = indicators[key.indicator].unit
            derived_value, measured_value = (format_quantity(each.value, unit) for each in (derived, measured))
            self._warn(value, Bilingual(f"Förändringen i '{value.text}' för '{key.label()}' ger {derived_value} för "
                                        f"{at.text}, men mätvärdena har {measured_value} för {at.text} "
                                        f"({measured.source}).",
                                        f"The change in '{value.text}' for '{key.label()}' gives '{derived_value}' for "
                                        f"'{at.text}', but the measures have '{measured_value}' for '{at.text}' "
                                        f"('{measured.source}')."),
                       Bilingual("Det mätta värdet används. Kontrollera båda: skillnaden är större än avrundningen "
                                 "kan förklara.",
                                 "The measured value is used. Check both: the difference is larger than rounding "
                                 "can explain."), code="förändring-stämmer-inte")

    def _statuses(self, indicator: Indicator, period: Period, values: list[MeasuredValue],
                  source: str) -> Observation:
        scale = self.scorecard.status_scale_for(indicator)
        by_part = {value.part: value for value in values}
        names = indicator.parts or (None,)
        if len(values) == 1 and values[0].part is None and \
                (state := self._word_state(_split_footnote(values[0].text)[0])):
            # "saknas" for the whole milestone
            text = self._without_footnote(indicator, values[0], values[0].text)
            return Observation(period=period, state=state, source=source, written=self._written(values[0], text))
        texts = {id(value): self._without_footnote(indicator, value, value.text) for value in values}
        for value in values:
            if value.part not in names:
                expected = Bilingual("delmålen " + ", ".join(indicator.parts), f"the parts {_quoted(indicator.parts)}") \
                    if indicator.parts else Bilingual("ett enda värde", "a single value")
                self._fail(value, Bilingual(f"'{indicator.id}' har inget delmål '{value.part}'.",
                                            f"'{indicator.id}' has no part ('delmål') '{value.part}'.") if value.part else
                           Bilingual(f"'{indicator.id}' är en sammansatt milstolpe och behöver ett värde per delmål.",
                                     f"'{indicator.id}' is a compound milestone and needs a value for each part "
                                     "('delmål')."),
                           Bilingual(f"Indikatorn har {expected}.", f"The indicator has {english(expected)}."),
                           code="okänt-delmål" if value.part else "delmål-saknas")
                return Observation(period=period, state="ej_angivet")
        statuses = []
        for name in names:
            value = by_part.get(name)
            if value is None:
                self._warn(values[0], Bilingual(f"Värdet för delmålet '{name}' av '{indicator.id}' saknas för {period}, "
                                                "så den perioden kan inte användas för indikatorn.",
                                                f"The value of the part '{name}' of '{indicator.id}' is missing for "
                                                f"'{period}', so that period cannot be used for the indicator."),
                           Bilingual(f"Skriv en status för '{name}', eller 'saknas'.",
                                     f"Write a status for '{name}', or 'saknas'."), code="delmålsvärde-saknas")
                return Observation(period=period, state="ej_angivet", source=source, missing_part=name)
            text = texts[id(value)]
            state = self._word_state(text)
            if state:
                return Observation(period=period, state=state, source=source, written=self._written(value, text))
            status = _statuses_by_word(scale).get(" ".join(text.split()).casefold())
            if status is None and scale != CAPABILITY_SCALE:
                status = status_for_word(text, scale)
            if status is None:
                self._fail(value, Bilingual(f"'{value.text}' är ingen status för '{indicator.id}'.",
                                            f"'{value.text}' is not a status for '{indicator.id}'."),
                           suggestion(value.text, scale) + Bilingual(
                               "Godkända värden: " + ", ".join(scale) + ", eller 'saknas'.",
                               f"Accepted values: {_quoted(scale)}, or 'saknas'."),
                           code="okänd-status")
                return Observation(period=period, state="ej_angivet")
            statuses.append(status)
        return trusted(Observation, period=period, state="mätt", statuses=tuple(statuses), source=source)

    @staticmethod
    def _word_state(text: str) -> State | None:
        return _word_state(text)

    def _fail(self, value: MeasuredValue, message: str, hint: str | None = None, *, code: str,
              periods: frozenset[Period] | None = None) -> None:
        """An error about `value`, which concerns its own period (and `periods`, for a change)."""
        self.problems.append(error(value.file, value.line, _about(value, message), hint, code=code,
                                   column=value.column))
        self.problem_periods.append(frozenset({value.period}) | (periods or frozenset()))

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
                what = described_value(key.indicator, part=value.part, group=key.group.name if key.group else None,
                                       org_unit=key.org_unit, comparison=value.comparison)
                self._fail(value, given_twice(what, period), first_time(first.where), code="dubbelt-värde")


# `3,8 % (+0,4 procentenheter)`: a value, a change in parentheses, and perhaps a footnote marker after
# them (`… (+0,4 procentenheter) 1)`), which is read as if it followed the value.
_CHANGE_IN_PARENTHESES = re.compile(
    r"^(?P<value>[^()]*?)\s*\((?P<change>[^()]*)\)"
    r"(?P<after>\s*(?:\*{1,3}|[\u2070\u00b9\u00b2\u00b3\u2074-\u2079]{1,2}|\(?[0-9]{1,2}\)))?\s*$")


# How many distinct written values each reading below remembers (a few MB); each is a pure function of the text,
# and what a value means for its indicator (unit, range, scale) and every diagnostic are worked out per value.
DISTINCT_VALUES = 1 << 15


@lru_cache(maxsize=DISTINCT_VALUES)
def _word_state(text: str) -> State | None:
    """`saknas`, `..`, `kan inte mätas`: a value that says there is none."""
    low = " ".join(text.split()).casefold()
    if low in MISSING_WORDS:
        return "saknas"
    if low in NOT_MEASURABLE_WORDS:
        return "kan_inte_mätas"
    return None


_split_footnote = lru_cache(maxsize=DISTINCT_VALUES)(split_footnote)


@lru_cache(maxsize=DISTINCT_VALUES)
def _split_change(text: str) -> tuple[str, str | None]:
    """(`3,8 %`, `+0,4 procentenheter`) from `3,8 % (+0,4 procentenheter)`; (text, None) without a
    change. Digits alone in parentheses (`14,4 (1)`) are a footnote marker, not a change."""
    match = _CHANGE_IN_PARENTHESES.match(str(text).strip())
    if not match or not match["value"].strip() or re.fullmatch(r"\s*[0-9]{1,2}\s*", match["change"]):
        return text, None
    return f"{match['value']}{match['after'] or ''}", match["change"].strip()


def _quotient(number: Decimal, factor: Decimal) -> Decimal:
    """`number / factor` for a relative change (1 248 / 1,04 = 1 200; 3,8 / 1,04 = 3,65): one decimal
    more than the value has, more if that would round it back to the value itself (so that a change,
    however small, is never lost), without trailing zeros beyond the value's own decimals."""
    with localcontext() as context:
        context.prec = 60
        exact = number / factor
        places = decimals_of(number) + 1
        rounded = exact.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
        while rounded == number and exact != number and places < MAX_DECIMALS:
            places += 1
            rounded = exact.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
        while decimals_of(rounded) > decimals_of(number) and rounded == (
                shorter := rounded.quantize(Decimal(1).scaleb(1 - decimals_of(rounded)))):
            rounded = shorter
    return rounded


def _agrees(measured: Decimal, current: Decimal, change: Decimal, relative: bool) -> bool:
    """Whether a measured value and the one a change derives agree, as far as the rounding of the
    three printed numbers allows (3,8 % − 0,5 procentenheter and 3,4 % can all be right)."""
    def half(number: Decimal) -> Decimal:
        return Decimal(5).scaleb(-decimals_of(number) - 1)

    with localcontext() as context:
        context.prec = 60
        if relative:
            factor = 1 + change / 100
            derived = current / factor
            tolerance = half(current) / factor + abs(current) * half(change) / 100 / (factor * factor)
        else:
            derived = current - change
            tolerance = half(current) + half(change)
        return abs(measured - derived) <= tolerance + half(measured)


def _about(value: MeasuredValue, message: str) -> str:
    """A message about a value from Kolada also names the value as Kolada does: its answer is one
    long line, so the line alone does not say which value it is."""
    if value.kolada is None:
        return message
    described = value.kolada.describe()
    return Bilingual(f"{str(message).rstrip('.')} ({described}, {value.period}).",
                     f"{english(message).rstrip('.')} ({english(described)}, '{value.period}').")


def _value_reason(value: MeasuredValue, indicator: Indicator, reason: str) -> str:
    """`Värdet '1e3' för 'sjuk' ` and a NotANumber's reason, which continues that sentence."""
    return Bilingual(f"Värdet '{value.text}' för '{indicator.id}' {reason}",
                     f"The value '{value.text}' for '{indicator.id}' {english(reason)}")


UNITS_LISTED = 12  # a hint names at most this many of the rule file's units: 290 municipalities are no hint


def _units_listed(declared: list[str]) -> Bilingual:
    """The rule file's units for a hint, the first few of a long list and how many more."""
    shown, more = declared[:UNITS_LISTED], len(declared) - UNITS_LISTED
    if more <= 0:
        return Bilingual("Enheterna är: " + ", ".join(declared) + ".", f"The units are: {_quoted(declared)}.")
    return Bilingual(f"Enheterna är {len(declared)}, listade under 'enheter:' i regelfilen: {', '.join(shown)} "
                     f"och {more} till.",
                     f"The rule file lists {len(declared)} units in 'enheter:': {_quoted(shown)} and {more} more.")


def _quoted(names: Iterable[str]) -> str:
    """`'Nord', 'Syd'`: names from a rule file, quoted in an English text, as everything the files write is."""
    return ", ".join(f"'{name}'" for name in names)


@lru_cache(maxsize=64)
def _statuses_by_word(scale: tuple[str, ...]) -> dict[str, str]:
    """Statuses are matched case-insensitively: "Påbörjad" is "påbörjad"."""
    return {status.casefold(): status for status in scale}


class Interpretation:
    """Every value of the measures as an observation per (key, period), and what was wrong."""

    def __init__(self, scorecard: Scorecard, measures: Measures) -> None:
        with collector_paused():  # hundreds of thousands of observations, none of them garbage
            self._interpret(scorecard, measures)

    def _interpret(self, scorecard: Scorecard, measures: Measures) -> None:
        self.scorecard = scorecard
        self.measures = measures
        self.observed: dict[tuple[Key, Period], Observation] = {}
        # Comparison values (`jämförelse: {medel: 140 000 kr}`) per key, series (as the rule file names it) and period
        self.series: dict[tuple[Key, str, Period], Observation] = {}
        self.unknown: list[MeasuredValue] = []  # values of indicators the rule file does not have
        # The values with Kolada's ids named as the rule file names them (see kolada.py); a value
        # from Kolada that cannot be used (an unknown KPI) stays as read, and is warned about.
        self.values: list[MeasuredValue] = []
        interpreter = _Interpreter(scorecard)
        kolada = KoladaMapping(scorecard)
        keyed: dict[tuple[Key, Period], list[MeasuredValue]] = {}
        keyed_series: dict[tuple[Key, str, Period], list[MeasuredValue]] = {}
        indicators = scorecard.indicators()
        for read in measures.values:
            value = kolada.apply(read)
            self.values.append(value or read)
            if value is None:
                continue
            if value.indicator not in indicators:
                self.unknown.append(value)
                continue
            series = None
            if value.comparison is not None and (series := interpreter.series(indicators[value.indicator],
                                                                              value)) is None:
                continue
            key = interpreter.key(indicators[value.indicator], value)
            if key is not None and series is not None:
                keyed_series.setdefault((key, series, value.period), []).append(value)
            elif key is not None:
                keyed.setdefault((key, value.period), []).append(value)
        for (key, period), values in keyed.items():
            if len(values) > 1:
                interpreter.duplicates(values, key, period)
            self.observed[(key, period)] = interpreter.observation(indicators[key.indicator], period, values,
                                                                   key)
        for (key, series, period), values in keyed_series.items():
            if len(values) > 1:
                interpreter.duplicates(values, key, period)
            observation = interpreter.observation(indicators[key.indicator], period, values)
            self.series[(key, series, period)] = observation.model_copy(update={"series": series})
        self.derived = {place: derived for place, (derived, *_) in interpreter.derived.items()}
        interpreter.check_derived(self.observed)
        kolada_problems, kolada_warnings = kolada.diagnostics()
        # Every problem with the periods it concerns; Kolada's (a whole file's) concern every period.
        tagged = list(zip(interpreter.problems, interpreter.problem_periods)) + [
            (problem, None) for problem in kolada_problems]
        self._tagged: list[tuple[Diagnostic, frozenset[Period] | None]] = sorted(tagged, key=lambda t: _place(t[0]))
        self.problems = [problem for problem, _ in self._tagged]
        self.warnings = interpreter.warnings + kolada_warnings

    def observe(self, key: Key, period: Period) -> Observation:
        return self.observed.get((key, period)) or trusted(Observation, period=period, state="ej_angivet")

    def comparison(self, key: Key, period: Period) -> Observation:
        """The comparison value of `period`: the measured one, or else one derived from a change
        written with a later value (`3,8 % (+0,4 procentenheter)`)."""
        measured = self.observe(key, period)
        return measured if measured.measured else self.derived.get((key, period), measured)

    def series_value(self, key: Key, series: str, period: Period) -> Observation:
        """The comparison value of `series` for `key` in `period`: the key's own (for its unit), else one
        given without a unit (riket, or a peer group's average, for every unit); "ej_angivet" if neither.
        A group row has only its group's comparison values, never the indicator's."""
        for candidate in (key, key.model_copy(update={"org_unit": None})):
            if (found := self.series.get((candidate, series, period))) is not None:
                return found
        return Observation(period=period, state="ej_angivet", series=series)

    def derived_periods(self) -> set[Period]:
        return {period for _, period in self.derived}

    def diagnostics_for(self, used: Iterable[Period], judged: Period) -> tuple[list[Diagnostic], list[Diagnostic]]:
        """(errors, warnings) for an evaluation of `judged` that uses the periods `used`: a problem with
        a value of a used period stays an error; one that concerns only other periods becomes a
        warning with the same message, and a hint that says why it does not stop the evaluation."""
        used = set(used)
        errors, warnings = [], []
        for problem, periods in self._tagged:
            if periods is None or periods & used:
                errors.append(problem)
                continue
            named = [period.text for period in sorted(periods)]
            note = Bilingual(f"Värdet för {', '.join(named)} används inte i bedömningen av {judged.text}, så det "
                             "stoppar den inte.",
                             f"The value for {_quoted(named)} is not used in the assessment of '{judged.text}', so it "
                             "does not stop it.")
            warnings.append(dataclasses.replace(problem, severity="varning",
                                                hint=problem.hint + " " + note if problem.hint else note))
        return errors, warnings


def periods_used(scorecard: Scorecard, period: Period) -> set[Period]:
    """The periods an evaluation of `period` reads: the period itself, every comparison period of
    any indicator (its target's and its arrow's) and the periods a target averages (`i snitt`). A comparison the rule file cannot make for the
    period is left to `decide.inputs.comparison_periods`, which reports it."""
    used = {period}
    for *_, indicator in scorecard.rows():
        for baseline in (indicator.target_baseline(), indicator.trend.compare_with):
            if baseline is None:
                continue
            try:
                used.add(baseline.resolve(period))
            except KindMismatch:
                used.add(period.previous())
        average = getattr(indicator.target, "average", None)
        if average is not None:
            used.update(average.periods(period))
    return used


def check_measures(scorecard: Scorecard, measures: Measures) -> list[Diagnostic]:
    """The values that do not fit their indicator, in every period, in reading order."""
    return Interpretation(scorecard, measures).problems


def load_checked_measures(scorecard: Scorecard, paths: str | Path | Iterable[str | Path],
                          period: Period | str | int | None = None) -> Measures:
    """Read measures files and check them against the rule file, reporting every problem of
    both kinds together (an empty value in one line does not hide a wrong unit in the next).

    The values are checked for an evaluation of `period`, by default the latest period in the
    files (as `assess` and `evaluate` default to): a value that cannot be used stops it if it
    belongs to a period that evaluation uses (the period and every comparison period). Values of
    other periods are left to `evaluate`, which warns about them; `check_measures` lists them all.
    """
    with collector_paused():  # nearly everything made is kept: the collector would only cost time
        measures, problems = read_measures(paths)
        interpretation = Interpretation(scorecard, measures)
        periods = measures.periods()
        if period is not None or periods:
            judged = period if isinstance(period, Period) else Period.parse(period) if period is not None else \
                periods[-1]
            problems += interpretation.diagnostics_for(periods_used(scorecard, judged), judged)[0]
        if problems:
            raise MeasuresError(sorted(problems, key=_place))
        # Named as the rule file names them: a unit from Kolada is then found by its name (`--enhet`).
        named = Measures(values=tuple(interpretation.values))
        _CHECKED.keep(scorecard, named, interpretation)
        return named


def interpretation_of(scorecard: Scorecard, measures: Measures) -> Interpretation:
    """`Interpretation(scorecard, measures)`, made once: for the values `load_checked_measures` has just
    returned (the same object, checked against the same scorecard), the interpretation it made to check them."""
    return _CHECKED.take(scorecard, measures) or Interpretation(scorecard, measures)


class _Checked:
    """The interpretation of the last values `load_checked_measures` returned, until the evaluation that follows
    takes it (`interpretation_of`) or the values are let go: the command line would otherwise interpret every
    value twice, a few seconds for a file of 200 000 rows. It is that of the values as read, and Kolada's ids
    name a value already named as they named it (kolada.py), so it is that of the named values too, but for
    which `measures` it holds; that is set when it is taken, so that it holds no reference to them meanwhile."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._kept: tuple[weakref.ref, weakref.ref, Interpretation] | None = None

    def keep(self, scorecard: Scorecard, measures: Measures, interpretation: Interpretation) -> None:
        interpretation.measures = None
        kept = (weakref.ref(scorecard), weakref.ref(measures), interpretation)
        with self._lock:
            self._kept = kept
        weakref.finalize(measures, self._forget, kept[1])

    def take(self, scorecard: Scorecard, measures: Measures) -> Interpretation | None:
        with self._lock:
            kept, self._kept = self._kept, None
        if kept is None or kept[0]() is not scorecard or kept[1]() is not measures:
            return None
        kept[2].measures = measures
        return kept[2]

    def _forget(self, measures: weakref.ref) -> None:
        with self._lock:
            if self._kept is not None and self._kept[1] is measures:
                self._kept = None


_CHECKED = _Checked()


def _place(diagnostic: Diagnostic) -> tuple[str, int, int]:
    return diagnostic.file, diagnostic.line or 0, diagnostic.column or 0
