"""Measured values from Kolada: the JSON that Kolada's API (v2) answers with, read into values, and
Kolada's ids turned into the rule file's names when the values are interpreted.

An answer from `https://api.kolada.se/v2/data/kpi/{kpi}/municipality/{m}/year/{y}` (or
`/v2/oudata/kpi/{kpi}/ou/{ou}/year/{y}` for organisational units) is

    {"count": 1, "values": [
        {"kpi": "N00945", "municipality": "1860", "period": 2019,
         "values": [{"count": 1, "gender": "T", "status": "", "value": 29.3}, …]}]}

with at most three values per entry, one per gender: T (the indicator's own row), K (kvinnor) and M
(män). A `null` value is a missing value ("saknas"), never 0; `count` and `status` are not used.

Reading needs no rule file: a value is known by its KPI, its municipality or unit and its gender
(`KoladaRef`), with the KPI as the indicator and the Kolada id as the unit. `KoladaMapping` then
names them as the rule file does: the indicator whose `kolada:` is the KPI, the unit whose
`kolada:` in `enheter` is the id (else the id itself, if the rule file names no units), and K and M
as groups of `kön`. A value whose id is a comparison series' `kolada:` under `jämförelser` (`"0000"`,
Kolada's id for the whole country) is a comparison value of that series, for every unit. A KPI that
no indicator names is a warning, as an unknown indicator is.

Numbers stay exactly as Kolada wrote them (`29.30` keeps two decimals; `json` reads them as
`Decimal`, never as float). Each value knows the line and column of its object in the file: Kolada
answers on one line, so messages also name the KPI, the unit, the gender and the period.
"""

from __future__ import annotations

import bisect
import difflib
import json
import json.decoder
import json.scanner
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

from ..diagnostics import Bilingual, Diagnostic, english, error, warning
from ..model import KoladaRef, MeasuredValue, Scorecard
from ..model.keys import GENDER
from ..model.period import Period, PeriodError
from ..numbers import NotANumber, exact_number, format_number
from .sections import Problems
from .yamlsource import SizeLimit, read_text

# Kolada answers with at most 5000 values a page, about 1 MB; a file of all pages of a KPI for every
# municipality and year is a few tens of MB.
KOLADA_LIMIT = SizeLimit(50, Bilingual("en Kolada-fil", "a Kolada file"),
                         Bilingual("Hämta färre nyckeltal, kommuner eller år per fil.",
                                   "Fetch fewer KPIs, municipalities or years per file."))
GENDERS = ("T", "K", "M")
GENDER_WORDS = {"T": Bilingual("totalt", "total"), "K": Bilingual("kvinnor", "women"), "M": Bilingual("män", "men")}
UNIT_KEYS = {"municipality": "municipality", "ou": "ou"}  # the key of the unit in an entry → its kind
API = "https://api.kolada.se/v2"
_HINT = Bilingual("Hämta filen på nytt från Koladas API och ändra den inte för hand (docs/measures-format.md, Kolada).",
                  "Fetch the file again from Kolada's API and do not edit it by hand (docs/measures-format.md, Kolada).")


class _Located(dict):
    """A JSON object that remembers where it starts in the text (an offset)."""

    offset: int = 0


class _Constant:
    """`NaN`, `Infinity`: JSON that Python reads but that is not a number anyone wrote."""

    def __init__(self, text: str) -> None:
        self.text = text


def _decoder() -> json.JSONDecoder:
    """A decoder whose objects know their offset; numbers are `Decimal`, as written."""
    decoder = json.JSONDecoder(parse_float=Decimal, parse_int=Decimal, parse_constant=_Constant)

    def parse_object(s_and_end, strict, scan_once, object_hook, object_pairs_hook, memo=None):
        found, end = json.decoder.JSONObject(s_and_end, strict, scan_once, None, None, memo)
        located = _Located(found)
        located.offset = s_and_end[1] - 1  # the `{`
        return located, end

    decoder.parse_object = parse_object
    decoder.scan_once = json.scanner.py_make_scanner(decoder)  # the pure-Python scanner calls parse_object
    return decoder


# json's messages, in Swedish and in English of our own (json's own is terse).
_JSON_ERRORS = (
    ("Expecting value", Bilingual("ett värde saknas (eller står det text utan citattecken?)",
                                  "a value is missing (or is there text without quotation marks?)")),
    ("Expecting ',' delimiter", Bilingual("ett kommatecken saknas", "a comma is missing")),
    ("Expecting ':' delimiter", Bilingual("ett kolon saknas", "a colon is missing")),
    ("Expecting property name", Bilingual("ett namn inom dubbla citattecken saknas (står det ett kommatecken för mycket?)",
                                          "a name in double quotation marks is missing (is there one comma too many?)")),
    ("Unterminated string", Bilingual("en text inom citattecken avslutas aldrig",
                                      "a text in quotation marks is never closed")),
    ("Invalid control character", Bilingual("en text innehåller ett styrtecken", "a text holds a control character")),
    ("Invalid \\escape", Bilingual("ett bakstreck (\\) i en text följs av ett tecken som inte bildar en escape-sekvens",
                                   "a backslash (\\) in a text is followed by a character that does not make an "
                                   "escape sequence")),
    ("Extra data", Bilingual("det står något efter JSON-objektet", "there is something after the JSON object")),
)


def _decoded_quickly(text: str) -> Any | None:
    """What `_decoder` reads from `text`, read by json's C scanner, many times faster than the pure-Python one
    that `_decoder` needs to know where each object starts; None where it cannot tell the same (then `_decoder`
    reads the text, and explains any mistake).

    The scanner makes each object when it reaches its `}`, so the objects come in the order of the text's `}`;
    each `}` closes the latest `{` still open. That holds when every brace in the text is an object's, which it
    is when there are exactly as many of each as objects: no brace inside a text."""
    made: list[_Located] = []

    def located(pairs: list[tuple[str, Any]]) -> _Located:
        found = _Located(pairs)
        made.append(found)
        return found

    decoder = json.JSONDecoder(parse_float=Decimal, parse_int=Decimal, parse_constant=_Constant,
                               object_pairs_hook=located)
    try:
        data = decoder.decode(text)
    except (ValueError, RecursionError):  # JSONDecodeError is a ValueError
        return None
    braces = [match.start() for match in _BRACE.finditer(text)]
    if len(braces) != 2 * len(made):
        return None
    opened: list[int] = []
    starts: list[int] = []  # where each object starts, in the order the objects were made
    for position in braces:
        if text[position] == "{":
            opened.append(position)
        elif opened:
            starts.append(opened.pop())
        else:
            return None
    if opened:
        return None
    for found, start in zip(made, starts):
        found.offset = start
    return data


_BRACE = re.compile("[{}]")


def read_kolada(path: Path, problems: Problems) -> list[MeasuredValue]:
    """The values of a Kolada answer; every mistake goes to `problems`. YamlProblem (from reading
    the file: missing, too large, not UTF-8) is left to the caller."""
    text = read_text(path, KOLADA_LIMIT)
    try:
        data = _decoded_quickly(text)
        if data is None:
            data = _decoder().decode(text)
    except json.JSONDecodeError as exc:
        reason = next((reason for start, reason in _JSON_ERRORS if exc.msg.startswith(start)),
                      Bilingual(f"det som står på rad {exc.lineno}, kolumn {exc.colno} kan inte tolkas",
                                f"what is written on line {exc.lineno}, column {exc.colno} cannot be read"))
        problems.add(exc.lineno, Bilingual(f"Filen är inte giltig JSON: {reason}.",
                                           f"The file is not valid JSON: {english(reason)}."),
                     _HINT, code="json-syntax", column=exc.colno)
        return []
    except RecursionError:
        problems.add(1, Bilingual("Filen är inte ett svar från Koladas API: den är nästlad i tusentals nivåer.",
                                  "The file is not an answer from Kolada's API: it is nested thousands of levels "
                                  "deep."), _HINT, code="fel-form")
        return []
    return _Reader(text, problems).answer(data)


class _Reader:
    def __init__(self, text: str, problems: Problems) -> None:
        self.problems = problems
        self.line_starts = [0] + [match.end() for match in re.finditer("\n", text)]
        self.found: list[MeasuredValue] = []
        # An answer names the same KPIs, units, genders, periods and numbers again and again: each is read once.
        # All are immutable; a mistake is reported for every value that has it.
        self.refs: dict[tuple[str, str, str, str], KoladaRef] = {}
        self.periods: dict[str, Period] = {}
        self.numbers: dict[str, tuple[Decimal, str]] = {}

    def position(self, node: Any) -> tuple[int, int]:
        """1-based (line, column) of a JSON object in the file."""
        offset = getattr(node, "offset", 0)
        line = bisect.bisect_right(self.line_starts, offset)
        return line, offset - self.line_starts[line - 1] + 1

    def fail(self, node: Any, message: str, hint: str | None = _HINT, *, code: str) -> None:
        line, column = self.position(node)
        self.problems.add(line, message, hint, code=code, column=column)

    def answer(self, data: Any) -> list[MeasuredValue]:
        if isinstance(data, dict) and "malmotor_result" in data:
            self.fail(data, Bilingual("Filen är ett resultat från malmotor, inte mätvärden.",
                                      "The file is a result from malmotor, not measured values."),
                      Bilingual("Ange mätvärdesfilerna (YAML, CSV, Excel eller Kolada), inte resultatet av en tidigare "
                                "körning.",
                                "Give the measures files (YAML, CSV, Excel or Kolada), not the result of an earlier "
                                "run."),
                      code="fel-filtyp")
            return []
        if not isinstance(data, dict) or not isinstance(data.get("values"), list):
            self.fail(data, Bilingual("Filen är inte ett svar från Koladas API: det ska vara ett JSON-objekt med en "
                                      "lista 'values'.",
                                      "The file is not an answer from Kolada's API: it must be a JSON object with a "
                                      "list 'values'."),
                      Bilingual("En JSON-fil läses som ett svar från Kolada (docs/measures-format.md, Kolada); "
                                f"hämta den med t.ex. curl -o kolada.json {API}/data/kpi/N00945/municipality/1860/year/2019",
                                "A JSON file is read as an answer from Kolada (docs/measures-format.md, Kolada); fetch "
                                f"it with e.g. curl -o kolada.json {API}/data/kpi/N00945/municipality/1860/year/2019"),
                      code="fel-form")
            return []
        if data.get("next_page"):
            self.fail(data, Bilingual("Filen är bara en sida av Koladas svar: det finns fler värden på nästa sida "
                                      "('next_page').",
                                      "The file is only one page of Kolada's answer: there are more values on the "
                                      "next page ('next_page')."),
                      Bilingual(f"Hämta också nästa sida, {data['next_page']}, till en egen fil och ange "
                                "båda, eller fråga efter färre nyckeltal, kommuner eller år åt gången.",
                                f"Fetch the next page too, {data['next_page']}, into a file of its own and give both, "
                                "or ask for fewer KPIs, municipalities or years at a time."), code="kolada-fler-sidor")
        if not data["values"]:
            self.fail(data, Bilingual("Koladas svar innehåller inga värden ('values' är tom).",
                                      "Kolada's answer holds no values ('values' is empty)."),
                      Bilingual("Kolada svarar med en tom lista när det inte finns några värden för nyckeltalet, "
                                "kommunen och året i adressen: kontrollera dem.",
                                "Kolada answers with an empty list when there are no values for the KPI, the "
                                "municipality and the year in the address: check them."), code="inga-mätvärden")
        for index, entry in enumerate(data["values"]):
            self.entry(entry, index)
        return self.found

    def entry(self, entry: Any, index: int) -> None:
        """One KPI, municipality (or unit) and period, with a value per gender."""
        where, where_en = f"Post {index + 1} i 'values'", f"Entry {index + 1} in 'values'"
        if not isinstance(entry, dict):
            self.fail(entry if isinstance(entry, _Located) else None,
                      Bilingual(f"{where} är inget JSON-objekt.", f"{where_en} is not a JSON object."), code="fel-form")
            return
        missing = [f"'{key}'" for key in ("kpi", "period", "values") if key not in entry]
        kinds = [key for key in UNIT_KEYS if key in entry]
        if len(kinds) > 1:
            self.fail(entry, Bilingual(f"{where} har både 'municipality' och 'ou'.",
                                       f"{where_en} has both 'municipality' and 'ou'."), code="fel-form")
            return
        if missing or not kinds:
            needed = missing + ([] if kinds else ["'municipality' (eller 'ou')"])
            needed_en = missing + ([] if kinds else ["'municipality' (or 'ou')"])
            self.fail(entry, Bilingual(f"{where} saknar {', '.join(needed)}.",
                                       f"{where_en} is missing {', '.join(needed_en)}."), code="fel-form")
            return
        kpi, unit_id = entry["kpi"], entry[kinds[0]]
        if not _is_id(kpi) or not _is_id(unit_id):
            self.fail(entry, Bilingual(f"{where}: 'kpi' och '{kinds[0]}' ska vara id:n inom citattecken, t.ex. "
                                       "\"N00945\" och \"1860\".",
                                       f"{where_en}: 'kpi' and '{kinds[0]}' must be ids in quotation marks, e.g. "
                                       "\"N00945\" and \"1860\"."), code="fel-form")
            return
        kpi, unit_id = kpi.strip().upper(), unit_id.strip()
        period = self.period(entry, kpi, unit_id)
        if not isinstance(entry["values"], list):
            self.fail(entry, Bilingual(f"{where} ({kpi}, {unit_id}): 'values' ska vara en lista med ett värde per kön.",
                                       f"{where_en} ({kpi}, {unit_id}): 'values' must be a list with a value for each "
                                       "gender."), code="fel-form")
            return
        if period is None:
            return
        for value in entry["values"]:
            self.value(value, kpi, unit_id, UNIT_KEYS[kinds[0]], period)

    def period(self, entry: dict, kpi: str, unit_id: str) -> Period | None:
        written = entry["period"]
        if isinstance(written, Decimal) and written == written.to_integral_value():
            written = str(int(written))
        if not isinstance(written, str):
            self.fail(entry, Bilingual(f"Perioden för {kpi} ({unit_id}) ska vara ett år, t.ex. 2019.",
                                       f"The period for {kpi} ({unit_id}) must be a year, e.g. 2019."),
                      code="okänd-period")
            return None
        try:
            if (known := self.periods.get(written)) is None:
                known = self.periods[written] = Period.parse(written)
            return known
        except PeriodError as exc:
            self.fail(entry, Bilingual(f"{exc.message} ({kpi}, {unit_id})", f"{english(exc.message)} ({kpi}, {unit_id})"),
                      exc.hint, code="okänd-period")
            return None

    def value(self, node: Any, kpi: str, unit_id: str, unit_kind: str, period: Period) -> None:
        if not isinstance(node, dict):
            what = f"{kpi}, {unit_id}, {period}"
            self.fail(None, Bilingual(f"Värdena för {what} ska vara JSON-objekt med 'gender' och 'value'.",
                                      f"The values for {what} must be JSON objects with 'gender' and 'value'."),
                      code="fel-form")
            return
        gender = node.get("gender")
        if gender not in GENDERS and (not isinstance(gender, str) or gender.strip().upper() not in GENDERS):
            what = f"{kpi}, {unit_id}, {period}"
            written = json.dumps(gender, ensure_ascii=False)
            self.fail(node, Bilingual(f"Värdet för {what} har kön {written}: Kolada skriver "
                                      "T (totalt), K (kvinnor) eller M (män).",
                                      f"The value for {what} has the gender {written}: Kolada writes 'T' (total), "
                                      "'K' (women) or 'M' (men)."), code="okänt-kön")
            return
        gender = gender.strip().upper()
        if (ref := self.refs.get((kpi, unit_id, unit_kind, gender))) is None:
            ref = self.refs[kpi, unit_id, unit_kind, gender] = KoladaRef(kpi=kpi, unit_id=unit_id, unit_kind=unit_kind,
                                                                         gender=gender)
        if "value" not in node:
            what = f"{kpi}, {unit_id}, {period}, " + GENDER_WORDS[gender]
            self.fail(node, Bilingual(f"Värdet för {what} saknar 'value'.", f"The value for {english(what)} has no 'value'."),
                      Bilingual("Ett värde som saknas skriver Kolada som null.",
                                "Kolada writes a missing value as null."),
                      code="fel-form")
            return
        written, number = node["value"], None
        if written is None:
            text = "saknas"  # null: Kolada has no value
        elif isinstance(written, Decimal):
            try:
                number, text = self.number(written)
            except NotANumber as exc:
                what = f"{kpi}, {unit_id}, {period}, " + GENDER_WORDS[gender]
                self.fail(node, Bilingual(f"Värdet {written} för {what} {exc.reason}",
                                          f"The value {written} for {english(what)} {english(exc.reason)}"),
                          exc.hint, code=exc.code)
                return
        else:
            what = f"{kpi}, {unit_id}, {period}, " + GENDER_WORDS[gender]
            shown = written.text if isinstance(written, _Constant) else json.dumps(written, ensure_ascii=False)
            self.fail(node, Bilingual(f"Värdet för {what} är {shown}, inget tal.",
                                      f"The value for {english(what)} is {shown}, not a number."),
                      Bilingual("Kolada skriver ett tal, eller null när värdet saknas.",
                                "Kolada writes a number, or null when the value is missing."), code="inget-tal")
            return
        line, column = self.position(node)
        self.found.append(MeasuredValue(
            indicator=kpi, period=period, text=text, number=number,
            dimension=None if gender == "T" else GENDER, group=None if gender == "T" else gender,
            org_unit=unit_id, file=self.problems.file, line=line, column=column, kolada=ref))

    def number(self, written: Decimal) -> tuple[Decimal, str]:
        """The number as malmotor keeps it and writes it (`exact_number`, `format_number`), once per number as
        Kolada wrote it (`29.30` and `29.3` apart: their texts differ); NotANumber for one that is refused."""
        as_written = str(written)
        if (known := self.numbers.get(as_written)) is None:
            number = exact_number(written)
            known = self.numbers[as_written] = (number, format_number(number))
        return known


def _renamed(value: MeasuredValue, **names: str | None) -> MeasuredValue:
    """The value with the rule file's names: `model_copy(update=names)`, validated again, which takes half the
    time of pydantic's copy (every value of an answer from Kolada is renamed); the value itself where it has
    those names already (it was mapped before: an evaluation interprets what `load_checked_measures` gave)."""
    if all(getattr(value, field) == name for field, name in names.items()):
        return value
    return MeasuredValue.model_validate({**value.__dict__, **names})


def _is_id(value: Any) -> bool:
    """A text with something in it and no space inside (spaces around it are stripped)."""
    return isinstance(value, str) and len(value.split()) == 1


# --- Kolada's ids as the rule file names them -----------------------------------------------------

class KoladaMapping:
    """Kolada's ids → the rule file's names, for one interpretation of the measures.

    `apply` gives the value with the indicator and unit the rule file names, or None for a value that
    cannot be used; `diagnostics` then says why, once per file and KPI (or unit), not once per value:
    an answer for every municipality would otherwise give hundreds of lines. Applying the mapping to
    a value it has already mapped gives the same value (the ids are kept in `kolada`)."""

    def __init__(self, scorecard: Scorecard) -> None:
        self.scorecard = scorecard
        self.indicator_of = {indicator.kolada: indicator.id for *_, indicator in scorecard.rows() if indicator.kolada}
        self.has_gender = any(dimension.name.casefold() == GENDER for dimension in scorecard.dimensions)
        self.declared = {unit.casefold(): unit for unit in scorecard.org_units}
        self.series_of = {series.kolada: series.name for series in scorecard.comparison_series if series.kolada}
        self._unknown_kpi: dict[tuple[str, str], list[MeasuredValue]] = {}
        self._unknown_unit: dict[str, dict[str, MeasuredValue]] = {}
        self._no_gender: dict[tuple[str, str], list[MeasuredValue]] = {}

    def apply(self, value: MeasuredValue) -> MeasuredValue | None:
        ref = value.kolada
        if ref is None:
            return value
        indicator = self.indicator_of.get(ref.kpi)
        if indicator is None:
            self._unknown_kpi.setdefault((value.file, ref.kpi), []).append(value)
            return None
        if ref.gender != "T" and not self.has_gender:
            self._no_gender.setdefault((value.file, ref.kpi), []).append(value)
            return None
        if (series := self.series_of.get(ref.unit_id)) is not None:  # riket, a group's average: for every unit
            return _renamed(value, indicator=indicator, org_unit=None, comparison=series)
        org_unit = self.unit_name(ref.unit_id)
        if org_unit is None:
            self._unknown_unit.setdefault(value.file, {}).setdefault(ref.unit_id, value)
            return None
        return _renamed(value, indicator=indicator, org_unit=org_unit)

    def unit_name(self, unit_id: str) -> str | None:
        """The unit's name in `enheter` (by its `kolada:` id, or an id used as a name), the id itself
        if the rule file names no units, else None."""
        if unit_id in self.scorecard.kolada_units:
            return self.scorecard.kolada_units[unit_id]
        if not self.scorecard.org_units:
            return unit_id
        return self.declared.get(unit_id.casefold())

    def diagnostics(self) -> tuple[list[Diagnostic], list[Diagnostic]]:
        """(errors, warnings) about the values `apply` could not use."""
        source = self.scorecard.source
        errors, warnings = [], []
        for (file, kpi), values in self._no_gender.items():
            first = values[0]
            indicator = self.indicator_of[kpi]
            errors.append(error(file, first.line, Bilingual(
                f"Kolada har värden för kvinnor och män (K och M) för {kpi} ('{indicator}'), men {source} har ingen "
                "gruppering 'kön'.",
                f"Kolada has values for women and men ('K' and 'M') for {kpi} ('{indicator}'), but '{source}' has no "
                "grouping 'kön'."),
                Bilingual("Lägg till 'grupper: {kön: }' i regelfilen, så får kvinnor och män egna rader efter "
                          "indikatorn.",
                          "Add 'grupper: {kön: }' to the rule file, and women and men get rows of their own after "
                          "the indicator."), code="kön-saknas", column=first.column))
        for (file, kpi), values in self._unknown_kpi.items():
            first, count = values[0], len(values)
            known = sorted(self.indicator_of)
            close = next(iter(difflib.get_close_matches(kpi, known, n=1, cutoff=0.8)), None)
            typo, typo_en = ((f"Regelfilen har 'kolada: {close}': är det ett skrivfel? ",
                              f"The rule file has 'kolada: {close}': is that a typing mistake? ") if close else ("", ""))
            hint = Bilingual(f"{typo}Skriv 'kolada: {kpi}' under indikatorn som nyckeltalet mäter.",
                             f"{typo_en}Write 'kolada: {kpi}' beneath the indicator that the KPI measures.")
            values_word, values_en = ("värde", "value") if count == 1 else ("värden", "values")
            warnings.append(warning(file, first.line, Bilingual(
                f"Nyckeltalet {kpi} från Kolada hör inte till någon indikator i {source} och används inte "
                f"({count} {values_word}).",
                f"The KPI {kpi} from Kolada belongs to no indicator in '{source}' and is not used ({count} {values_en})."),
                hint, code="okänt-nyckeltal", column=first.column))
        for file, units in self._unknown_unit.items():
            first = next(iter(units.values()))
            ids = list(units)
            shown = ", ".join(ids[:5]) + (f" och {len(ids) - 5} till" if len(ids) > 5 else "")
            shown_en = ", ".join(ids[:5]) + (f" and {len(ids) - 5} more" if len(ids) > 5 else "")
            example = ids[0]
            units = self.scorecard.org_units
            warnings.append(warning(file, first.line, Bilingual(
                f"Värdena för {shown} från Kolada används inte: "
                f"{'id:t står' if len(ids) == 1 else 'id:na står'} inte bland enheterna i {source}.",
                f"The values for {shown_en} from Kolada are not used: "
                f"{'the id is' if len(ids) == 1 else 'the ids are'} not among the units in '{source}'."),
                Bilingual("Ge enheten sitt Kolada-id i 'enheter', t.ex. "
                          f"'- {{namn: Lunds kommun, kolada: \"{example}\"}}'. Enheterna är: " + ", ".join(units) + ".",
                          "Give the unit its Kolada id in 'enheter', e.g. "
                          f"'- {{namn: Lunds kommun, kolada: \"{example}\"}}'. The units are: "
                          + ", ".join(f"'{unit}'" for unit in units) + "."),
                code="okänd-kolada-enhet", column=first.column))
        return errors, warnings

