"""Numbers the Swedish way: `3,8 %`, `6 mnkr`, `1 000`, `−41 %` in, `3,8 %` out.

Values stay `Decimal` so that the precision a controller wrote (`6,0 mnkr`) survives to the
explanation, and so that differences such as 3,8 − 3,4 are exactly 0,4 when compared with a
dead band.

A large rule or measures file writes the same few forms again and again (`0–100`, `3,8 %`): `parse_number`
and `parse_quantity` read each distinct text once and remember what it is (a pure function of the text; the
Decimal and the unit are immutable). A text that is refused is read again every time, so that every refusal
is a new exception that names its own unit.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple
from decimal import ROUND_HALF_EVEN, ROUND_HALF_UP, Context, Decimal, InvalidOperation, localcontext

from babel import Locale
from babel.numbers import SPACE_CHARS, NumberFormatError, format_decimal, get_decimal_symbol, get_group_symbol, \
    parse_decimal

from .diagnostics import Bilingual, english

# Parsed once: babel would parse a locale name again on every call.
LOCALES = {"sv": Locale.parse("sv_SE"), "en": Locale.parse("en_GB")}

# Digits in groups of three after the first when spaced (`1 000 000`, not `1 00`), then an
# optional decimal part after a comma or a point. ASCII digits only.
_NUMBER = r"[+\-]?(?:[0-9]{1,3}(?: [0-9]{3})+|[0-9]+)(?:[.,][0-9]+)?"
_NUMBER_TEXT = re.compile(_NUMBER)
# A number, then an optional unit: words that start with a letter or `%` (`%`, `mnkr`, `p`,
# `arbetsveckor`, `kr/invånare`), so that `3,8,1 %` or `3 % 4` are refused, not misread.
_UNIT = r"(?:%|‰)(?:-enheter)?|[^\W\d_]\S*(?:\s+[^\W\d_]\S*)*"
_QUANTITY = re.compile(rf"^\s*(?P<number>[+\-]?[0-9][0-9 ]*(?:[.,][0-9]+)?)\s*(?P<unit>{_UNIT})?\s*$")
# Longer numbers are typing mistakes (a pasted account number); and a double, which the rule
# engine compares, holds 15 significant digits exactly, so no verdict depends on a 16th.
MAX_SIGNIFICANT_DIGITS = 15
# More decimals than this are typing mistakes too; the limit also keeps every difference the rules
# compare (value − target, value − comparison value, dead bands) far above a double's underflow.
MAX_DECIMALS = 15
# Spaces a word processor or a spreadsheet writes between thousands: no-break, narrow no-break,
# thin and figure space. All are read as a plain space.
_SPACES = {"\u00a0": " ", "\u202f": " ", "\u2009": " ", "\u2007": " "}
# `10.400`, `1,000`, `-3,800`: one to three digits (not starting with 0), a point or a comma, exactly
# three digits. Both a thousands separator and a decimal sign; `0,125` and `1 000,500` are not.
_AMBIGUOUS = re.compile(r"^(?P<sign>[+\-]?)(?P<whole>[1-9][0-9]{0,2})(?P<mark>[.,])(?P<part>[0-9]{3})$")
# `1.000.000`, `1,000,000`, `1.000,5`, `1,000.5`: points or commas between thousands, which malmotor
# does not read (a space is the thousands separator).
_SEPARATED_THOUSANDS = re.compile(r"^[+\-]?[1-9][0-9]{0,2}(?P<mark>[.,])[0-9]{3}(?:(?P=mark)[0-9]{3})*"
                                  r"(?:(?!(?P=mark))[.,][0-9]+)?(?=\s|%|‰|[^\W\d_]|$)")
# `1e309`, `3,5E2`, `0x10`, `0o17`, `0b101`: notations of programming languages and spreadsheets.
_EXPONENT = re.compile(r"^(?P<mantissa>[+\-]?(?:[0-9]+(?:[.,][0-9]*)?|[.,][0-9]+))[eE](?P<exponent>[+\-]?[0-9]+)"
                       r"(?=\s|%|$)")
_BASED = re.compile(r"^[+\-]?0(?P<base>[xX][0-9a-fA-F_]+|[oO][0-7_]+|[bB][01_]+)(?=\s|%|$)")
# Units that count whole things, so that a decimal cannot be meant.
COUNT_UNITS = frozenset({"st", "st.", "stycken", "antal", "personer", "pers", "ärenden", "besök"})
# Words that say something about the number, so they cannot be part of a unit ("kr per invånare" can).
_NOT_UNIT_WORDS = frozenset({"eller", "mer", "mindre", "fler", "färre", "än", "minst", "högst", "över", "under",
                             "och", "or", "more", "less", "than"})
# Words a controller may write for a unit that the scorecard writes otherwise.
_UNIT_ALIASES = {"procent": "%", "procentenheter": "%-enheter", "procentenhet": "%-enheter"}


class NotANumber(ValueError):
    """The text is not a number written in a way we accept.

    A subclass knows why: `reason` continues a sentence that starts with what was written
    ("Värdet '1e3' för 'sjuk' " + reason; in English "The value '1e3' of 'sjuk' " + its `en`), `hint`
    says what to write instead, both `Bilingual`, and `code` is the diagnostic's stable code. The plain
    class has no reason: the caller says "är inget tal".
    """

    code = "inget-tal"

    def __init__(self, text: str, reason: str | None = None, hint: str | None = None) -> None:
        super().__init__(text)
        self.text, self.reason, self.hint = str(text), reason, hint


class TooManyDigits(NotANumber):
    """A number with more significant digits than a verdict can depend on."""

    code = "för-många-siffror"

    def __init__(self, text: str) -> None:
        super().__init__(text, Bilingual(f"har fler än {MAX_SIGNIFICANT_DIGITS} siffror.",
                                         f"has more than {MAX_SIGNIFICANT_DIGITS} digits."),
                         Bilingual("Avrunda värdet; så många siffror kan inte påverka en bedömning.",
                                   "Round the value; that many digits cannot affect an assessment."))


class TooManyDecimals(NotANumber):
    """More than MAX_DECIMALS decimals: a typing mistake, and too small a difference to compare."""

    code = "för-många-decimaler"

    def __init__(self, text: str) -> None:
        super().__init__(text, Bilingual(f"har fler än {MAX_DECIMALS} decimaler.",
                                         f"has more than {MAX_DECIMALS} decimals."),
                         Bilingual(f"Avrunda till högst {MAX_DECIMALS} decimaler; så små skillnader kan inte påverka en "
                                   "bedömning, och så många decimaler är nästan alltid ett skrivfel.",
                                   f"Round to at most {MAX_DECIMALS} decimals; differences that small cannot affect an "
                                   "assessment, and that many decimals are almost always a typing mistake."))


class NumberNotation(NotANumber):
    """`1e309`, `0x10`: exponent or hexadecimal (octal, binary) notation, which is not accepted."""

    code = "fel-talform"


class AmbiguousSeparator(NotANumber):
    """`10.400`, `1,000`, `3,800`: a point or comma followed by exactly three digits, which reads
    as a thousands separator (10 400) as well as a decimal sign (10,4). Refused, with both readings."""

    code = "tvetydigt-tal"

    def __init__(self, text: str, number: str, as_thousands: Decimal, as_decimal: Decimal,
                 unit: str | None = None) -> None:
        """`text` as written (with any unit), `number` the ambiguous number in it, `unit` the unit
        the number is in (written or the indicator's), for saying that a count has no decimals."""
        self.number, self.as_thousands, self.as_decimal, self.unit = number, as_thousands, as_decimal, unit
        whole, point = _plain(as_thousands), _plain(as_decimal)
        mark, mark_en = ("en punkt följd", "a point") if "." in number else ("ett komma följt", "a comma")
        reason = Bilingual(f"kan läsas både som {whole} och som {point}: {mark} av exakt tre siffror kan vara "
                           "tusentalsavgränsare eller decimaltecken.",
                           f"can be read both as '{whole}' and as '{point}': {mark_en} followed by exactly three "
                           "digits can be a thousands separator or a decimal sign.")
        as_written = _normalise(str(text)).strip()
        write_whole = as_written.replace(number, whole)
        if unit and unit.casefold() in COUNT_UNITS:
            reason += Bilingual(f" Med enheten '{unit}' (hela antal) kan det inte vara ett decimaltal.",
                                f" With the unit '{unit}' (whole numbers) it cannot be a decimal number.")
            hint = Bilingual(f"Skriv tusental med mellanslag: '{write_whole}'.",
                             f"Write thousands with a space between them: '{write_whole}'.")
        elif decimals_of(trimmed(as_decimal)) == 3:  # `3,815`: a decimal reading needs a fourth decimal
            with_fourth = as_written.replace(number, point + '0')
            hint = Bilingual(f"Skriv tusental med mellanslag, '{write_whole}', eller ett decimaltal med en fjärde "
                             f"decimal, '{with_fourth}'.",
                             f"Write thousands with a space between them, '{write_whole}', or a decimal number with "
                             f"a fourth decimal, '{with_fourth}'.")
        else:
            without_zeros = as_written.replace(number, point)
            hint = Bilingual(f"Skriv tusental med mellanslag, '{write_whole}', eller decimaltalet utan nollorna på "
                             f"slutet, '{without_zeros}'.",
                             f"Write thousands with a space between them, '{write_whole}', or the decimal number "
                             f"without the trailing zeros, '{without_zeros}'.")
        super().__init__(text, reason, hint)


def trimmed(value: Decimal) -> Decimal:
    """`10.400` → `10.4`, `1.000` → `1`: trailing zeros dropped, never an exponent (`1E+2`)."""
    return value.quantize(Decimal(1)) if value == value.to_integral_value() else value.normalize()


def _plain(value: Decimal) -> str:
    """A number to show in a message and to type back: decimal comma, plain spaces between thousands."""
    return format_number(trimmed(value)).replace("\u00a0", " ")


def _normalise(text: str) -> str:
    """Unicode minus and en dash as `-`; no-break, narrow no-break, thin and figure spaces as a plain space."""
    text = text.replace("\u2212", "-").replace("\u2013", "-")
    for space, plain in _SPACES.items():
        text = text.replace(space, plain)
    return text


# How many distinct texts `parse_number` and `parse_quantity` each remember: more than the forms of a large file
# (200 000 values with two decimals write some 10 000), few enough (about 10 MB) for a long-running process.
DISTINCT_TEXTS = 1 << 15


def parse_number(text: str) -> Decimal:
    """Parse `3,8`, `1 000`, `-41`, `+6,0` (decimal comma or point) into a Decimal.

    Refused with a reason (a NotANumber subclass): `10.400` and `1,000` (a thousands separator or a
    decimal sign? `0,125` is not ambiguous), `1.000.000`, `1e3`, `0x10`, more than 15 significant
    digits, more than 15 decimals."""
    if text.__class__ is str:
        try:
            return _number_of(text)
        except NotANumber:
            pass  # read again below: a new exception for every refusal
    return _parse_number(text)


@lru_cache(maxsize=DISTINCT_TEXTS)
def _number_of(text: str) -> Decimal:
    return _parse_number(text)


def _parse_number(text: str) -> Decimal:
    cleaned = _normalise(str(text).strip())
    _refuse_notations(cleaned, text)
    if match := _AMBIGUOUS.match(cleaned):
        sign = "-" if match["sign"] == "-" else ""
        raise AmbiguousSeparator(cleaned, cleaned, Decimal(sign + match["whole"] + match["part"]),
                                 Decimal(f"{sign}{match['whole']}.{match['part']}"))
    if not cleaned or not _NUMBER_TEXT.fullmatch(cleaned):
        raise NotANumber(text)
    if len(cleaned.lstrip("+-0., ").replace(" ", "").replace(",", "").replace(".", "")) > MAX_SIGNIFICANT_DIGITS:
        raise TooManyDigits(text)
    try:
        value = _swedish_decimal(cleaned)
    except (NumberFormatError, InvalidOperation) as exc:
        raise NotANumber(text) from exc
    if decimals_of(value) > MAX_DECIMALS:
        raise TooManyDecimals(text)
    return value


# What babel's `parse_decimal` does with a number in the Swedish locale: its thousands separator is a space
# (then any space stands for it) and its decimal sign a comma; a point is read as a decimal point too.
_GROUP, _DECIMAL_SIGN = get_group_symbol(LOCALES["sv"]), get_decimal_symbol(LOCALES["sv"])
_AS_BABEL_READS_IT = _GROUP in SPACE_CHARS and _DECIMAL_SIGN == ","


def _swedish_decimal(cleaned: str) -> Decimal:
    """The Decimal of a text that matches `_NUMBER` (`1 000,5`, `-3.8`), as `parse_decimal(…, sv)` reads it:
    without babel's look-ups of the locale's symbols on every call, while those symbols are the ones assumed
    (tests/test_read_once.py compares the two)."""
    if _AS_BABEL_READS_IT:
        return Decimal(cleaned.replace(" ", "").replace(",", "."))
    return Decimal(parse_decimal(cleaned.replace(" ", "\u00a0"), locale=LOCALES["sv"]))


def exact_number(value: Decimal | int | float) -> Decimal:
    """A number that a file typed as a number (a JSON number, a numeric cell in a spreadsheet), as the
    Decimal a written one would be: as many decimals as given (`29.30` stays 29,30), never an exponent
    (`1E+3` is 1000), and at most MAX_SIGNIFICANT_DIGITS significant digits: more are a binary
    float's noise (`0.30000000000000004` is 0,3), as in Excel, which also shows 15. A float is read by
    its shortest form (`3.8`, not 3.79999…). Raises TooManyDigits for a whole part longer than that,
    TooManyDecimals for more than MAX_DECIMALS decimals, NotANumber for NaN and infinity."""
    if isinstance(value, float):
        value = Decimal(repr(value)) if value == value and value not in (float("inf"), float("-inf")) else \
            Decimal("NaN")
    value = Decimal(value)
    if not value.is_finite():
        raise NotANumber(str(value))
    if len(value.as_tuple().digits) > MAX_SIGNIFICANT_DIGITS:
        value = Context(prec=MAX_SIGNIFICANT_DIGITS, rounding=ROUND_HALF_EVEN).plus(value).normalize()
    if value.as_tuple().exponent > 0:
        value = value.quantize(Decimal(1))
    if value.adjusted() >= MAX_SIGNIFICANT_DIGITS:
        raise TooManyDigits(_plain_digits(value))
    if decimals_of(value) > MAX_DECIMALS:
        raise TooManyDecimals(_plain_digits(value))
    return value


def _plain_digits(value: Decimal) -> str:
    return f"{value:f}".replace(".", ",")


def _refuse_notations(cleaned: str, text: str) -> None:
    """`1e309`, `3,5E2`, `0x10`, `1.000.000` at the start of `cleaned`: say what the notation is and
    how to write the number instead."""
    if match := _EXPONENT.match(cleaned):
        written = match.group(0)
        hint = Bilingual("Skriv talet med siffror, decimalkomma och mellanslag mellan tusental",
                         "Write the number with digits, a decimal comma and spaces between thousands")
        try:
            value = Decimal(match["mantissa"].replace(",", ".")).scaleb(int(match["exponent"]))
        except (ArithmeticError, ValueError):  # decimal.Overflow for 1e999999999
            value = None
        if value is not None and value.is_finite() and value.adjusted() < MAX_SIGNIFICANT_DIGITS and \
                decimals_of(trimmed(value)) <= MAX_DECIMALS:
            hint += Bilingual(f": '{written}' skrivs '{_plain(value)}'.", f": '{written}' is written '{_plain(value)}'.")
        elif int(match["exponent"]) > 0:
            hint += Bilingual(f"; ett tal med fler än {MAX_SIGNIFICANT_DIGITS} siffror är nästan alltid ett skrivfel.",
                              f"; a number with more than {MAX_SIGNIFICANT_DIGITS} digits is almost always a typing "
                              "mistake.")
        else:
            hint += Bilingual(f"; fler än {MAX_DECIMALS} decimaler är nästan alltid ett skrivfel.",
                              f"; more than {MAX_DECIMALS} decimals are almost always a typing mistake.")
        mantissa, exponent = match["mantissa"], match["exponent"].lstrip("+")
        raise NumberNotation(text, Bilingual(f"är skrivet med exponent ('{written}' betyder {mantissa} gånger tio "
                                             f"upphöjt till {exponent}), och det skrivsättet godtas inte.",
                                             f"is written with an exponent ('{written}' means {mantissa} times ten "
                                             f"to the power of {exponent}), and that notation is not accepted."), hint)
    if match := _BASED.match(cleaned):
        written = match.group(0)
        kind, kind_en = {"x": ("hexadecimalt", "hexadecimal"), "o": ("oktalt", "octal"),
                         "b": ("binärt", "binary")}[match["base"][0].casefold()]
        value = _plain(Decimal(int(written.lstrip("+-"), 0) * (-1 if written.startswith("-") else 1)))
        raise NumberNotation(text, Bilingual(f"är skrivet som ett {kind} tal, och det skrivsättet godtas inte.",
                                             f"is written as a {kind_en} number, and that notation is not accepted."),
                             Bilingual(f"Skriv talet med vanliga siffror (bas tio): '{written}' skrivs '{value}'.",
                                       f"Write the number in ordinary digits (base ten): '{written}' is written "
                                       f"'{value}'."))
    if (match := _SEPARATED_THOUSANDS.match(cleaned)) and not _AMBIGUOUS.fullmatch(match.group(0)):
        raise NumberNotation(text, Bilingual("har punkt eller komma mellan tusentalen, och det skrivsättet godtas inte.",
                                             "has points or commas between the thousands, and that notation is not "
                                             "accepted."),
                             Bilingual("Skriv mellanslag mellan tusentalen och decimalkomma före decimalerna, t.ex. "
                                       "'1 000 000' eller '1 000,5'.",
                                       "Write spaces between the thousands and a decimal comma before the decimals, "
                                       "e.g. '1 000 000' or '1 000,5'."))


def parse_quantity(text: str, unit: str | None = None) -> tuple[Decimal, str | None]:
    """Split `3,8 %` into (Decimal('3.8'), '%'); a bare number has unit None.

    A sign may be followed by a space, as reports print it: `– 4,9 procent`, `- 4,9 %` and `− 4,9 %`
    are minus 4,9 %. `unit` is the unit the number is in when the text does not say (the
    indicator's `enhet`); it is used only to explain a refusal (`1,000 st` cannot be a decimal), so
    a text that is read is remembered without it."""
    if text.__class__ is str:
        try:
            return _quantity_of(text)
        except NotANumber:
            pass  # read again below, with the unit for the suggestions, as a new exception
    return _parse_quantity(text, unit)


@lru_cache(maxsize=DISTINCT_TEXTS)
def _quantity_of(text: str) -> tuple[Decimal, str | None]:
    return _parse_quantity(text, None)


def _parse_quantity(text: str, unit: str | None) -> tuple[Decimal, str | None]:
    normalised = _SIGN_THEN_SPACE.sub(r"\1", _normalise(str(text)))
    _refuse_notations(normalised.strip(), text)
    match = _QUANTITY.match(normalised)
    if not match:
        raise NotANumber(text)
    written = match.group("unit")
    if written and _NOT_UNIT_WORDS.intersection(written.casefold().split()):
        raise NotANumber(text)  # "80 mnkr eller mer" is a phrase, not the unit "mnkr eller mer"
    written = normalise_unit(written) if written else None
    try:
        return _parse_number(match.group("number").strip()), written
    except AmbiguousSeparator as exc:  # again, with the whole text and the unit, for the suggestions
        raise AmbiguousSeparator(normalised.strip(), exc.number, exc.as_thousands, exc.as_decimal,
                                 written or unit) from None


# `- 4,9 %`, `– 4,9 procent`: a sign, spaces, a digit (after _normalise, so also − and –).
_SIGN_THEN_SPACE = re.compile(r"^(\s*[+\-])\s+(?=[0-9])")


# --- footnote markers ------------------------------------------------------------------------------

_SUPERSCRIPT_DIGITS = "\u2070\u00b9\u00b2\u00b3\u2074\u2075\u2076\u2077\u2078\u2079"  # ⁰¹²³⁴⁵⁶⁷⁸⁹
# At the end: `14,4*`, `14,4 %*`, `genomförd *`; `14,4¹`, `14,4 %¹` (after a digit, `%`, `‰`, `)` or a
# space: after a letter a superscript belongs to a unit, `kWh/m²`); `14,4 1)`, `14,4 %1)`, `14,4 (1)`.
_FOOTNOTE_AT_END = re.compile(
    r"(?:\s*(?P<star>\*{1,3})"
    rf"|(?<=[0-9%‰)\s])\s*(?P<sup>[{_SUPERSCRIPT_DIGITS}]{{1,2}})"
    r"|(?:\s+|(?<=[%‰]))(?P<paren>\(?[0-9]{1,2}\)))\s*$")
# Right after the number, before its unit: `14,4* %`, `14,4¹ %`, `6¹ mnkr`.
_FOOTNOTE_AFTER_NUMBER = re.compile(
    rf"(?<=[0-9])(?P<marker>\*{{1,3}}|[{_SUPERSCRIPT_DIGITS}]{{1,2}})(?=\s*(?:[^\W\d_]|%|‰))")


def split_footnote(text: str) -> tuple[str, str | None]:
    """A value without the footnote marker a published report prints after it, and the marker:
    `14,4*` → ('14,4', '*'), `14,4 1)` → ('14,4', '1)'), `14,4 (1)` → ('14,4', '(1)'), `14,4¹` →
    ('14,4', '¹'), `3,8 %*` → ('3,8 %', '*'), `14,4* %` → ('14,4 %', '*'). Without a marker:
    (text, None). A superscript after a letter is part of a unit (`120 kWh/m²`), and a text with an
    opening parenthesis keeps its closing one (`… (ökning med 4)`), so neither is taken for a
    footnote."""
    stripped = str(text).strip()
    match = _FOOTNOTE_AT_END.search(stripped)
    if match:
        rest = stripped[:match.start()].rstrip()
        marker = match["star"] or match["sup"] or match["paren"]
        if rest and not (match["paren"] and "(" in rest):
            return rest, marker
    match = _FOOTNOTE_AFTER_NUMBER.search(stripped)
    if match:
        return stripped[:match.start()] + stripped[match.end():], match["marker"]
    return text, None


# --- a change written instead of the previous value ------------------------------------------------

class Change(NamedTuple):
    """`+0,4 procentenheter jämfört med föregående år`, `ökning med 4 %`, `minskning med 0,3
    procentenheter`: how much a value has changed since an earlier period."""

    amount: Decimal  # signed: an increase is positive, `minskning med 0,3` is -0,3
    unit: str | None  # as normalise_unit writes it: `%`, `%-enheter`, `mnkr`; None when not written
    base: str | None  # "år" (föregående år), "period" (föregående period), a year ("2017"); None: not said


class NotAChange(NotANumber):
    """The text in parentheses after a value is not a change written in a way we accept."""

    code = "okänd-förändring"

    def __init__(self, text: str, reason: str | None = None) -> None:
        super().__init__(text, reason or Bilingual(f"har en förändring inom parentes, '({text})', som inte kan läsas.",
                                                   f"has a change in parentheses, '({text})', that cannot be read."),
                         Bilingual("Skriv förändringen med tecken och enhet efter värdet, t.ex. '3,8 % (+0,4 "
                                   "procentenheter jämfört med föregående år)', '1 248 (ökning med 4 %)' eller '2,1 "
                                   "mnkr (minskning med 0,3 mnkr)', eller ange värdet för föregående period i stället.",
                                   "Write the change with a sign and a unit after the value, e.g. '3,8 % (+0,4 "
                                   "procentenheter jämfört med föregående år)', '1 248 (ökning med 4 %)' or '2,1 mnkr "
                                   "(minskning med 0,3 mnkr)', or give the value of the previous period instead."))


_CHANGE_BASE = re.compile(
    r"\s*,?\s+(?:jämfört\s+med|jämfört\s+mot|jmf\.?\s+med|jmf\.?|mot|sedan|från)\s+"
    r"(?:(?P<year_word>föregående\s+år|förra\s+året|fg\.?\s+år)|(?P<period_word>föregående\s+period)"
    r"|(?P<year>[0-9]{4}))\s*$", re.IGNORECASE)
_CHANGE_WORD = re.compile(r"^(?P<word>ökning|ökat|minskning|minskat)\s+med\s+(?P<rest>.+)$", re.IGNORECASE)


def parse_change(text: str) -> Change:
    """Read the change written in parentheses after a value (without the parentheses): a sign and a
    number (`+0,4 procentenheter`, `− 0,3 %`, `+140`), or `ökning med` / `minskning med` and a number
    without a sign, then optionally what it is compared with (`jämfört med föregående år`, `jmf med
    föregående period`, `jämfört med 2017`). Raises NotAChange, or the number's own refusal
    (`+1,000 st`)."""
    normalised = " ".join(_normalise(str(text)).split())
    base = None
    if match := _CHANGE_BASE.search(normalised):
        base = "år" if match["year_word"] else "period" if match["period_word"] else match["year"]
        normalised = normalised[:match.start()]
    sign = Decimal(1)
    if match := _CHANGE_WORD.match(normalised):
        normalised = match["rest"]
        if normalised.startswith(("+", "-")):
            raise NotAChange(text, Bilingual(f"har en förändring, '({text})', med både ord och tecken: "
                                             f"'{match['word']}' säger redan åt vilket håll.",
                                             f"has a change, '({text})', with both a word and a sign: "
                                             f"'{match['word']}' already says which way."))
        sign = Decimal(1) if match["word"].casefold().startswith("ök") else Decimal(-1)
    elif not normalised.startswith(("+", "-")):
        raise NotAChange(text)
    try:
        amount, unit = parse_quantity(normalised)
    except NotANumber as exc:
        if exc.reason:
            raise
        raise NotAChange(text) from None
    return Change(amount=sign * amount, unit=unit, base=base)


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
    if value.__class__ is Decimal:
        return _formatted(str(value), decimals, lang, grouping)
    return _format_number(value, decimals, lang, grouping)


# How many distinct texts `format_number` and `format_quantity` each remember: the values of a run repeat (a
# share with one decimal has a thousand forms), and at most some 10 MB each stay flat over a million keys.
DISTINCT_NUMBERS = 1 << 15


@lru_cache(maxsize=DISTINCT_NUMBERS)
def _formatted(exact: str, decimals: int | None, lang: str, grouping: bool) -> str:
    """`format_number` of the Decimal whose text is `exact`, remembered: presenting many units writes the
    same numbers again and again (90 000 a chunk of 10 000 keys). Keyed by the text, not the Decimal: 3,8 and
    3,80 are equal and hash alike but are written with one and two decimals; `str` of a Decimal keeps its
    sign, digits and exponent, so `Decimal(exact)` is the value digit for digit. The text is a pure
    function of these four (tests/test_numbers.py compares it with the uncached one)."""
    return _format_number(Decimal(exact), decimals, lang, grouping)


def _format_number(value: Decimal, decimals: int | None, lang: str, grouping: bool) -> str:
    places = decimals_of(value) if decimals is None else decimals
    # Half up, as in reports: 3,85 → 3,9 and 2,5 → 3 (Decimal's default would give 3,8 and 2).
    with localcontext() as context:
        context.prec = 60  # a share of the target can reach 34 digits (10¹⁵ against 10⁻¹⁵)
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
    if value.__class__ is Decimal:  # remembered as format_number's texts are (`_formatted`), in one look-up
        return _formatted_quantity(str(value), unit, decimals, lang)
    return _format_quantity(value, unit, decimals, lang)


@lru_cache(maxsize=DISTINCT_NUMBERS)
def _formatted_quantity(exact: str, unit: str | None, decimals: int | None, lang: str) -> str:
    """`format_quantity` of the Decimal whose text is `exact` (see `_formatted`): a pure function of the four."""
    return _format_quantity(Decimal(exact), unit, decimals, lang)


def _format_quantity(value: Decimal, unit: str | None, decimals: int | None, lang: str) -> str:
    number = format_number(value, decimals, lang)
    return f"{number} {unit}" if unit else number
