"""Numbers the Swedish way: `3,8 %`, `6 mnkr`, `1 000`, `−41 %` in, `3,8 %` out.

Values stay `Decimal` so that the precision a controller wrote (`6,0 mnkr`) survives to the
explanation, and so that differences such as 3,8 − 3,4 are exactly 0,4 when compared with a
dead band.
"""

from __future__ import annotations

import re
from functools import lru_cache
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from babel import Locale
from babel.numbers import NumberFormatError, format_decimal, parse_decimal

# Parsed once: babel would parse a locale name again on every call.
LOCALES = {"sv": Locale.parse("sv_SE"), "en": Locale.parse("en_GB")}

# Digits in groups of three after the first when spaced (`1 000 000`, not `1 00`), then an
# optional decimal part after a comma or a point. ASCII digits only.
_NUMBER = r"[+\-]?(?:[0-9]{1,3}(?: [0-9]{3})+|[0-9]+)(?:[.,][0-9]+)?"
# A number, then an optional unit: words that start with a letter or `%` (`%`, `mnkr`, `p`,
# `arbetsveckor`, `kr/invånare`), so that `3,8,1 %` or `3 % 4` are refused, not misread.
_UNIT = r"(?:%|‰)(?:-enheter)?|[^\W\d_]\S*(?:\s+[^\W\d_]\S*)*"
_QUANTITY = re.compile(rf"^\s*(?P<number>[+\-]?[0-9][0-9 ]*(?:[.,][0-9]+)?)\s*(?P<unit>{_UNIT})?\s*$")
# Longer numbers are typing mistakes (a pasted account number); and a double, which the rule
# engine compares, holds 15 significant digits exactly, so no verdict depends on a 16th.
MAX_SIGNIFICANT_DIGITS = 15
# Words that say something about the number, so they cannot be part of a unit ("kr per invånare" can).
_NOT_UNIT_WORDS = frozenset({"eller", "mer", "mindre", "fler", "färre", "än", "minst", "högst", "över", "under",
                             "och", "or", "more", "less", "than"})
# Words a controller may write for a unit that the scorecard writes otherwise.
_UNIT_ALIASES = {"procent": "%", "procentenheter": "%-enheter", "procentenhet": "%-enheter"}


class NotANumber(ValueError):
    """The text is not a number written in a way we accept."""


class TooManyDigits(NotANumber):
    """A number with more significant digits than a verdict can depend on."""


def _normalise(text: str) -> str:
    """Unicode minus and en dash as `-`, no-break and thin spaces as a plain space."""
    return text.replace("\u2212", "-").replace("\u2013", "-").replace("\u202f", " ").replace("\u00a0", " ")


def parse_number(text: str) -> Decimal:
    """Parse `3,8`, `1 000`, `-41`, `+6,0` (decimal comma or point) into a Decimal."""
    cleaned = _normalise(str(text).strip())
    if not cleaned or not re.fullmatch(_NUMBER, cleaned):
        raise NotANumber(text)
    if len(cleaned.lstrip("+-0., ").replace(" ", "").replace(",", "").replace(".", "")) > MAX_SIGNIFICANT_DIGITS:
        raise TooManyDigits(text)
    try:
        return Decimal(parse_decimal(cleaned.replace(" ", "\u00a0"), locale=LOCALES["sv"]))
    except (NumberFormatError, InvalidOperation) as exc:
        raise NotANumber(text) from exc


def parse_quantity(text: str) -> tuple[Decimal, str | None]:
    """Split `3,8 %` into (Decimal('3.8'), '%'); a bare number has unit None."""
    match = _QUANTITY.match(_normalise(str(text)))
    if not match:
        raise NotANumber(text)
    unit = match.group("unit")
    if unit and _NOT_UNIT_WORDS.intersection(unit.casefold().split()):
        raise NotANumber(text)  # "80 mnkr eller mer" is a phrase, not the unit "mnkr eller mer"
    return parse_number(match.group("number").strip()), normalise_unit(unit) if unit else None


def normalise_unit(unit: str) -> str:
    """A unit as written, with spacing tidied and `procent` written `%`; `MWh` stays `MWh`."""
    unit = " ".join(unit.split())
    return _UNIT_ALIASES.get(unit.casefold(), unit)


def same_unit(first: str | None, second: str | None) -> bool:
    """Units compare case-insensitively: `Mnkr` is `mnkr`."""
    return (first or "").casefold() == (second or "").casefold()


def decimals_of(value: Decimal) -> int:
    """How many decimals the value was written with (`6,0` has one, `14` none)."""
    exponent = value.as_tuple().exponent
    return -exponent if isinstance(exponent, int) and exponent < 0 else 0


def format_number(value: Decimal, decimals: int | None = None, lang: str = "sv", grouping: bool = True) -> str:
    """`Decimal('3.8')` → `3,8`; keeps the written precision unless `decimals` is given.
    Without grouping (`10400,5`) for cells that a spreadsheet must read as numbers."""
    places = decimals_of(value) if decimals is None else decimals
    # Half up, as in reports: 3,85 → 3,9 and 2,5 → 3 (Decimal's default would give 3,8 and 2).
    quantised = value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    if quantised.is_zero():
        quantised = abs(quantised)  # never "-0,0"
    minus, group, point = _symbols(lang)
    digits = f"{quantised:{',' if grouping else ''}.{places}f}"  # the digits; babel's symbols below
    return digits.translate({ord("-"): minus, ord(","): group, ord("."): point})


@lru_cache(maxsize=None)
def _symbols(lang: str) -> tuple[str, str, str]:
    """(minus, thousands separator, decimal separator) as babel writes them for the language.

    Formatting every number through babel's pattern machinery cost ~70 µs a number, most of
    the time of a large evaluation; the symbols are all it contributes for our fixed patterns,
    and a test (tests/test_numbers.py) checks that the two agree.
    """
    sample = format_decimal(Decimal("-1234.5"), format="#,##0.0", locale=LOCALES[lang])
    return sample[0], sample[2], sample[-2]



def format_quantity(value: Decimal, unit: str | None, decimals: int | None = None, lang: str = "sv") -> str:
    """`3,8 %`, `6,0 mnkr`, `136 p`; a unit is always separated by a space, as in Swedish reports."""
    number = format_number(value, decimals, lang)
    return f"{number} {unit}" if unit else number
