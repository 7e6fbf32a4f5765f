"""Follow-up periods as published tables write them: `2019`, `T2 2019`, `delår augusti 2019`, `kv 3 2019`.

A scorecard is followed up per year, tertial, delår (January to a month, year to date), half
year, quarter or month, and the same period is written in many ways. `Period.parse` reads them
all into one value that compares, sorts and hashes, so that measures from different sources
meet, and that knows its `föregående period` and `samma period föregående år`.

Standalone on purpose (stdlib, pydantic and the stdlib-only `Bilingual` text of malmotor.diagnostics,
so that its messages carry their English): the rest of malmotor may depend on it, never the other way
round. See docs/periods.md.
"""

from __future__ import annotations

import re
from enum import Enum
from functools import total_ordering
from typing import Any

from pydantic import GetCoreSchemaHandler, GetJsonSchemaHandler
from pydantic_core import core_schema  # part of pydantic: its documented way to write a custom type

from ..diagnostics import Bilingual, english

FIRST_YEAR, LAST_YEAR = 1000, 9999


class PeriodKind(str, Enum):
    YEAR = "år"
    HALF = "halvår"
    TERTIAL = "tertial"
    QUARTER = "kvartal"
    MONTH = "månad"
    INTERIM = "delår"


# How many of each kind a year has; a delår is numbered by its last month.
_PER_YEAR = {PeriodKind.YEAR: 1, PeriodKind.HALF: 2, PeriodKind.TERTIAL: 3, PeriodKind.QUARTER: 4,
             PeriodKind.MONTH: 12, PeriodKind.INTERIM: 12}
# Last tie-break of the ordering: shorter kinds first, the standard periods before a delår over
# the same months (kv 1 < delår mars), and the whole year after everything else ending in December.
_KIND_RANK = {PeriodKind.MONTH: 0, PeriodKind.QUARTER: 1, PeriodKind.TERTIAL: 2, PeriodKind.HALF: 3,
              PeriodKind.INTERIM: 4, PeriodKind.YEAR: 5}

MONTHS_SV = ("januari", "februari", "mars", "april", "maj", "juni",
             "juli", "augusti", "september", "oktober", "november", "december")
MONTHS_EN = ("January", "February", "March", "April", "May", "June",
             "July", "August", "September", "October", "November", "December")
# Every month name we read: full Swedish and English names and the 3-letter abbreviations of both.
_MONTH_NUMBERS = {
    **{name: number for number, name in enumerate(MONTHS_SV, 1)},
    **{name.lower(): number for number, name in enumerate(MONTHS_EN, 1)},
    **{name[:3]: number for number, name in enumerate(MONTHS_SV, 1)},
    **{name[:3].lower(): number for number, name in enumerate(MONTHS_EN, 1)},
    "sept": 9,
}

ACCEPTED_FORMS = Bilingual("""\
Skriv perioden på något av dessa sätt:
  år:      2019
  tertial: T2 2019, 2019-T2, 2019 T2, T2-2019, tertial 2 2019
  delår:   delår augusti 2019, delår aug 2019, delår per augusti 2019, delårsrapport augusti 2019, jan–aug 2019
  halvår:  halvår 1 2019, H1 2019, 2019-H1, första halvåret 2019, andra halvåret 2019
  kvartal: kv 3 2019, kv3 2019, kvartal 3 2019, Q3 2019, 2019-Q3, 2019 Q3
  månad:   2019-08, aug 2019, augusti 2019, Aug 2019, August 2019
Ett delår börjar alltid i januari. Månader skrivs på svenska eller engelska, utskrivna eller förkortade.""", """\
Write the period in one of these ways:
  year:           '2019'
  tertial:        'T2 2019', '2019-T2', '2019 T2', 'T2-2019', 'tertial 2 2019'
  interim period: 'delår augusti 2019', 'delår aug 2019', 'delår per augusti 2019', 'delårsrapport augusti 2019', \
'jan–aug 2019'
  half year:      'halvår 1 2019', 'H1 2019', '2019-H1', 'första halvåret 2019', 'andra halvåret 2019'
  quarter:        'kv 3 2019', 'kv3 2019', 'kvartal 3 2019', 'Q3 2019', '2019-Q3', '2019 Q3'
  month:          '2019-08', 'aug 2019', 'augusti 2019', 'Aug 2019', 'August 2019'
An interim period ('delår') always starts in January. Months are written in Swedish or English, in full or \
abbreviated.""")


class PeriodError(ValueError):
    """A period a user wrote that we cannot read: a `message` and a `hint` with every accepted form, both
    `Bilingual` (Swedish, with the English beside it)."""

    def __init__(self, message: str, hint: str = ACCEPTED_FORMS):
        super().__init__(message)
        self.message = message
        self.hint = hint


@total_ordering
class Period:
    """One follow-up period; equal when kind, year and number are, ordered by the months it ends and covers.

    A small immutable class rather than a dataclass: pydantic would dump a dataclass as a dict.
    """

    __slots__ = ("kind", "year", "number", "_hash")
    kind: PeriodKind
    year: int
    number: int | None  # None for a year; a delår's number is its last month

    def __init__(self, kind: PeriodKind | str, year: int, number: int | None = None):
        kind = PeriodKind(kind)
        # One year before the first that may be written: the period before a judged one always
        # exists, it simply has no values (the year 1000's arrow has nothing to compare with).
        problem = _out_of_range(kind, year, number, first=FIRST_YEAR - 1)
        if problem:
            named = " ".join(str(part) for part in (kind.value, number, year) if part is not None)
            raise PeriodError(Bilingual(f"Perioden {named} finns inte: {problem}.",
                                        f"The period '{named}' does not exist: {english(problem)}."))
        for name, value in (("kind", kind), ("year", year), ("number", number)):
            object.__setattr__(self, name, value)
        # once: a period is a part of the key of every value looked up (hundreds of thousands in a large run)
        object.__setattr__(self, "_hash", hash((kind.value, year, number)))

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError("Period is immutable: in_year(), previous() or Period(...) give another one")

    def __delattr__(self, name: str) -> None:
        raise AttributeError("Period is immutable")

    def __reduce__(self) -> tuple[Any, ...]:  # pickle and deepcopy through __init__
        return Period, (self.kind, self.year, self.number)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Period):
            return NotImplemented
        return (self.kind, self.year, self.number) == (other.kind, other.year, other.number)

    def __hash__(self) -> int:
        return self._hash

    # --- reading ---------------------------------------------------------------------------------

    @classmethod
    def parse(cls, text: str | int) -> Period:
        """Read any accepted written form (see ACCEPTED_FORMS) or a year as an int."""
        if isinstance(text, bool) or not isinstance(text, (str, int)):
            raise PeriodError(Bilingual(f"En period skrivs som text eller som ett årtal, inte som {type(text).__name__}.",
                                        f"A period is written as text or as a year, not as {type(text).__name__}."))
        written = str(text).strip()
        if not written:
            raise PeriodError(Bilingual("Perioden är tom.", "The period is empty."))
        if isinstance(text, int):
            kind, year, number = PeriodKind.YEAR, text, None
        else:
            kind, year, number = _read(_normalise(written), written)
        problem = _out_of_range(kind, year, number)
        if problem:
            raise PeriodError(Bilingual(f"Perioden '{written}' finns inte: {problem}.",
                                        f"The period '{written}' does not exist: {english(problem)}."))
        return cls(kind, year, number)

    @classmethod
    def year_of(cls, year: int) -> Period:
        """The whole year, the period malmotor has always used."""
        return cls(PeriodKind.YEAR, year)

    # --- writing ---------------------------------------------------------------------------------

    @property
    def text(self) -> str:
        """The one canonical written form; `parse` reads it back to an equal period."""
        n, year = self.number, self.year
        match self.kind:
            case PeriodKind.YEAR:
                return f"{year}"
            case PeriodKind.HALF:
                return f"halvår {n} {year}"
            case PeriodKind.TERTIAL:
                return f"T{n} {year}"
            case PeriodKind.QUARTER:
                return f"kv {n} {year}"
            case PeriodKind.MONTH:
                return f"{year}-{n:02d}"
            case PeriodKind.INTERIM:
                return f"delår {MONTHS_SV[n - 1]} {year}"

    def sentence(self, lang: str = "sv") -> str:
        """The period as running text writes it ("delåret januari–augusti 2019", "the first half of 2019")."""
        if lang not in ("sv", "en"):
            raise ValueError(f"lang must be 'sv' or 'en', not {lang!r}")
        sv, n, year = lang == "sv", self.number, self.year
        month_names = MONTHS_SV if sv else MONTHS_EN
        match self.kind:
            case PeriodKind.YEAR | PeriodKind.TERTIAL:
                return self.text
            case PeriodKind.HALF:
                ordinal = (("första", "andra") if sv else ("first", "second"))[n - 1]
                return f"{ordinal} halvåret {year}" if sv else f"the {ordinal} half of {year}"
            case PeriodKind.QUARTER:
                return f"kvartal {n} {year}" if sv else f"Q{n} {year}"
            case PeriodKind.MONTH:
                return f"{month_names[n - 1]} {year}"
            case PeriodKind.INTERIM if n == 1:
                # "januari–januari" would be odd, and "January 2019" alone is the month.
                return f"delåret januari {year}" if sv else f"January {year} (year to date)"
            case PeriodKind.INTERIM:
                span = f"{month_names[0]}–{month_names[n - 1]} {year}"
                return f"delåret {span}" if sv else span

    def __str__(self) -> str:
        return self.text

    def __repr__(self) -> str:
        return f"Period.parse({self.text!r})"

    # --- other periods ---------------------------------------------------------------------------

    def previous(self) -> Period:
        """`föregående period`: the adjacent period of the same kind, but for a delår the same delår a year
        earlier, since a year-to-date figure is only comparable with the same months (Jan–Aug with Jan–Aug)."""
        if self.kind in (PeriodKind.YEAR, PeriodKind.INTERIM):
            return self.same_period_last_year()
        if self.number > 1:
            return Period(self.kind, self.year, self.number - 1)
        return Period(self.kind, self.year - 1, _PER_YEAR[self.kind])

    def same_period_last_year(self) -> Period:
        """`samma period föregående år`."""
        return self.in_year(self.year - 1)

    def in_year(self, year: int) -> Period:
        """The same period of another year (T2 2019 in 2017 is T2 2017)."""
        return Period(self.kind, year, self.number)

    @property
    def months(self) -> tuple[int, int]:
        """The first and the last month covered, 1–12 (T2 → (5, 8); delår augusti → (1, 8))."""
        if self.kind is PeriodKind.INTERIM:
            return 1, self.number
        length = 12 // _PER_YEAR[self.kind]
        last = (self.number or 1) * length
        return last - length + 1, last

    # --- ordering --------------------------------------------------------------------------------

    def _sort_key(self) -> tuple[int, int, int, int, int]:
        first, last = self.months
        return self.year, last, last - first + 1, _KIND_RANK[self.kind], self.number or 0

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, Period):
            return NotImplemented
        return self._sort_key() < other._sort_key()

    # --- pydantic --------------------------------------------------------------------------------

    @classmethod
    def __get_pydantic_core_schema__(cls, source: Any, handler: GetCoreSchemaHandler) -> core_schema.CoreSchema:
        """Validate from a Period, a written period or a year; write JSON as the canonical text."""
        return core_schema.no_info_plain_validator_function(
            _validate, serialization=core_schema.plain_serializer_function_ser_schema(
                lambda period: period.text, when_used="json"))

    @classmethod
    def __get_pydantic_json_schema__(cls, schema: Any, handler: GetJsonSchemaHandler) -> dict[str, Any]:
        text = {"type": "string", "examples": ["2019", "T2 2019", "delår augusti 2019", "kv 3 2019", "2019-08"]}
        return text if handler.mode == "serialization" else {"anyOf": [text, {"type": "integer"}]}


def _validate(value: Any) -> Period:
    return value if isinstance(value, Period) else Period.parse(value)


def _out_of_range(kind: PeriodKind, year: Any, number: Any, first: int = FIRST_YEAR) -> str | None:
    """What is wrong with these numbers, in words for the error message (`Bilingual`), or None."""
    if isinstance(year, bool) or not isinstance(year, int) or not first <= year <= LAST_YEAR:
        return Bilingual(f"året ska vara {FIRST_YEAR}–{LAST_YEAR}", f"the year must be {FIRST_YEAR}–{LAST_YEAR}")
    if kind is PeriodKind.YEAR:
        return None if number is None else Bilingual("ett helt år har inget nummer", "a whole year has no number")
    if isinstance(number, bool) or not isinstance(number, int) or not 1 <= number <= _PER_YEAR[kind]:
        return _NUMBERS_OF_A_YEAR[kind]
    return None


# The numbers a year has of each kind, for `_out_of_range`.
_NUMBERS_OF_A_YEAR = {
    PeriodKind.HALF: Bilingual("ett år har halvår 1–2", "a year has half years 1–2"),
    PeriodKind.TERTIAL: Bilingual("ett år har tertial 1–3", "a year has tertials 1–3"),
    PeriodKind.QUARTER: Bilingual("ett år har kvartal 1–4", "a year has quarters 1–4"),
    PeriodKind.MONTH: Bilingual("ett år har månad 01–12", "a year has months 01–12"),
    PeriodKind.INTERIM: Bilingual("ett delår slutar i månad 1–12", "an interim period ends in month 1–12"),
}


# --- parsing ---------------------------------------------------------------------------------------

_SPACES = dict.fromkeys(map(ord, "\u00a0\u202f\u2009"), " ")
_DASHES = dict.fromkeys(map(ord, "\u2010\u2011\u2012\u2013\u2014\u2212"), "-")


def _normalise(text: str) -> str:
    """Lower case, one plain space between words, `-` for every dash and no spaces around it, no final period."""
    text = " ".join(text.translate(_SPACES).translate(_DASHES).lower().split())
    return re.sub(r" ?- ?", "-", text).rstrip(".").strip()


_YEAR = r"(?P<year>[0-9]{4})"
_NUMBER = r"(?P<number>[0-9]{1,2})"
_MONTH = r"(?P<month>[a-zåäö]+)\.?"
# Compiled when first tried (re's own cache), not at import: most runs read years only, the first form.
_FORMS: tuple[tuple[PeriodKind, str], ...] = (
    (PeriodKind.YEAR, _YEAR),
    (PeriodKind.TERTIAL, rf"(?:t|tertial) ?{_NUMBER}[ -]{_YEAR}"),
    (PeriodKind.TERTIAL, rf"{_YEAR}[ -]t{_NUMBER}"),
    (PeriodKind.QUARTER, rf"(?:kv|kvartal|q) ?{_NUMBER}[ -]{_YEAR}"),
    (PeriodKind.QUARTER, rf"{_YEAR}[ -](?:kv|q){_NUMBER}"),
    (PeriodKind.HALF, rf"(?:halvår|h) ?{_NUMBER}[ -]{_YEAR}"),
    (PeriodKind.HALF, rf"{_YEAR}[ -]h{_NUMBER}"),
    (PeriodKind.HALF, rf"(?P<ordinal>första|andra) halvåret {_YEAR}"),
    (PeriodKind.MONTH, rf"{_YEAR}-(?P<number>[0-9]{{2}})"),
    (PeriodKind.MONTH, rf"{_MONTH} {_YEAR}"),
    (PeriodKind.INTERIM, rf"(?:delår|delåret|delårsrapport)(?: per)? {_MONTH} {_YEAR}"),
    (PeriodKind.INTERIM, rf"(?:delåret )?(?P<first>[a-zåäö]+)\.?-{_MONTH} {_YEAR}"),
)


def _read(normalised: str, written: str) -> tuple[PeriodKind, int, int | None]:
    """Kind, year and number of the first form that fits; numbers are checked by the caller."""
    for kind, form in _FORMS:
        match = re.fullmatch(form, normalised)
        if not match:
            continue
        found = match.groupdict()
        if "month" in found and found["month"] not in _MONTH_NUMBERS:
            continue
        if "first" in found:
            first = _MONTH_NUMBERS.get(found["first"])
            if first is None:
                continue
            if first != 1:
                raise PeriodError(Bilingual(f"Perioden '{written}' börjar i {MONTHS_SV[first - 1]}, "
                                            "men ett delår börjar alltid i januari.",
                                            f"The period '{written}' starts in {MONTHS_EN[first - 1]}, but an "
                                            "interim period ('delår') always starts in January."))
        year = int(found["year"])
        if kind is PeriodKind.YEAR:
            return kind, year, None
        if found.get("ordinal"):
            return kind, year, 1 if found["ordinal"] == "första" else 2
        if found.get("month"):
            return kind, year, _MONTH_NUMBERS[found["month"]]
        return kind, year, int(found["number"])
    raise PeriodError(Bilingual(f"Perioden '{written}' känns inte igen.",
                                f"The period '{written}' is not recognised."))
