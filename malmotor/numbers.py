"""Numbers the Swedish way: `3,8 %`, `6 mnkr`, `1 000`, `−41 %` in, `3,8 %` out.

Values stay `Decimal` so that the precision a controller wrote (`6,0 mnkr`) survives to the
explanation, and so that differences such as 3,8 − 3,4 are exactly 0,4 when compared with a
dead band.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from babel.numbers import NumberFormatError, format_decimal, parse_decimal

LOCALES = {"sv": "sv_SE", "en": "en_GB"}

# A number (digits, spaces as thousands separators, comma or point as decimal separator),
# then an optional unit word such as `%`, `mnkr`, `p` or `arbetsveckor`.
_QUANTITY = re.compile(
    r"^\s*(?P<number>[+\-]?\d[\d\s\u00a0\u202f]*(?:[.,]\d+)?)\s*(?P<unit>[^\d\s].*?)?\s*$"
)


class NotANumber(ValueError):
    """The text is not a number written in a way we accept."""


def _normalise_minus(text: str) -> str:
    return text.replace("\u2212", "-").replace("\u2013", "-")


def parse_number(text: str) -> Decimal:
    """Parse `3,8`, `1 000`, `-41`, `+6,0` (decimal comma or point) into a Decimal."""
    cleaned = _normalise_minus(text.strip()).replace("\u202f", " ").replace("\u00a0", " ")
    if not cleaned or not re.fullmatch(r"[+\-]?\d[\d ]*(?:[.,]\d+)?", cleaned):
        raise NotANumber(text)
    try:
        return Decimal(parse_decimal(cleaned.replace(" ", "\u00a0"), locale="sv_SE"))
    except (NumberFormatError, InvalidOperation) as exc:
        raise NotANumber(text) from exc


def parse_quantity(text: str) -> tuple[Decimal, str | None]:
    """Split `3,8 %` into (Decimal('3.8'), '%'); a bare number has unit None."""
    match = _QUANTITY.match(_normalise_minus(str(text)))
    if not match:
        raise NotANumber(text)
    unit = match.group("unit")
    return parse_number(match.group("number")), normalise_unit(unit) if unit else None


def normalise_unit(unit: str) -> str:
    """Units compare case-insensitively and without surrounding space (`Mnkr` = `mnkr`)."""
    return " ".join(unit.split()).casefold()


def decimals_of(value: Decimal) -> int:
    """How many decimals the value was written with (`6,0` has one, `14` none)."""
    exponent = value.as_tuple().exponent
    return -exponent if isinstance(exponent, int) and exponent < 0 else 0


def format_number(value: Decimal, decimals: int | None = None, lang: str = "sv") -> str:
    """`Decimal('3.8')` → `3,8`; keeps the written precision unless `decimals` is given."""
    places = decimals_of(value) if decimals is None else decimals
    pattern = "#,##0" + ("." + "0" * places if places else "")
    quantised = value.quantize(Decimal(1).scaleb(-places)) if places or decimals is not None else value
    return format_decimal(quantised, format=pattern, locale=LOCALES[lang], decimal_quantization=True)


def format_quantity(value: Decimal, unit: str | None, decimals: int | None = None, lang: str = "sv") -> str:
    """`3,8 %`, `6,0 mnkr`, `136 p`; a unit is always separated by a space, as in Swedish reports."""
    number = format_number(value, decimals, lang)
    return f"{number} {unit}" if unit else number
