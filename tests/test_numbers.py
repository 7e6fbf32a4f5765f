"""Swedish numbers in and out: decimal comma, spaced thousands, Unicode minus, units."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from babel.numbers import format_decimal

from malmotor.numbers import (
    LOCALES,
    AmbiguousSeparator,
    NotANumber,
    NumberNotation,
    TooManyDecimals,
    decimals_of,
    format_number,
    format_quantity,
    parse_change,
    parse_number,
    parse_quantity,
    same_unit,
    split_footnote,
    trimmed,
)

NBSP = "\u00a0"


@pytest.mark.parametrize("text, expected", [
    ("3,8", "3.8"),
    ("3.8", "3.8"),
    ("1 000", "1000"),
    (f"1{NBSP}000", "1000"),
    ("1\u202f000", "1000"),  # narrow no-break space, as some word processors write it
    ("1\u2009000", "1000"),  # thin space, as typographers (and some report templates) write it
    ("10\u2009400,5", "10400.5"),
    ("0,125", "0.125"),  # three decimals after a leading zero: no thousands separator starts with 0
    ("-0,125", "-0.125"),
    ("1 000,500", "1000.500"),  # spaced thousands: the comma can only be a decimal comma
    ("1234,567", "1234.567"),  # four digits before the comma: not a thousands group
    ("10,4000", "10.4000"),
    ("0,000000000000001", "0.000000000000001"),  # 15 decimals: the most accepted
    ("1 000,5", "1000.5"),
    (f"1{NBSP}000,5", "1000.5"),
    ("1 000 000", "1000000"),
    ("−41", "-41"),  # Unicode minus sign
    ("–41", "-41"),  # en dash, as typed by word processors
    ("-41", "-41"),
    ("+6,0", "6.0"),
    ("4,31", "4.31"),
    ("136", "136"),
    ("0,0001", "0.0001"),
    ("  3,8  ", "3.8"),
])
def test_parse_number_accepts_swedish_and_plain_forms(text, expected):
    value = parse_number(text)
    assert value == Decimal(expected)
    assert decimals_of(value) == decimals_of(Decimal(expected))


def test_parse_number_keeps_the_written_precision():
    assert str(parse_number("6,0")) == "6.0"
    assert str(parse_number("3,80")) == "3.80"


@pytest.mark.parametrize("text", [
    "abc", "3,8,1", "", "   ", "1 00", "10 00 0", "1.000,5", "1,000.5", "- 4", "−", ",5", "5,", "1e3",
    "3,8 %",  # a unit is not a number; parse_quantity reads it
    "\u0663",  # an Arabic-Indic digit: only 0–9 are accepted
    "1234567890123456789012",  # a pasted account number, not a measured value; could not be shown exactly
])
def test_parse_number_refuses(text):
    with pytest.raises(NotANumber):
        parse_number(text)


@pytest.mark.parametrize("text, number, unit", [
    ("136 p", "136", "p"),
    ("6 mnkr", "6", "mnkr"),
    ("6,0 Mnkr", "6.0", "Mnkr"),  # kept as written; units compare case-insensitively (same_unit)
    ("496 MWh", "496", "MWh"),
    ("3,8 %", "3.8", "%"),
    ("3,8%", "3.8", "%"),
    ("−41 %", "-41", "%"),
    ("+6,0 mnkr", "6.0", "mnkr"),
    ("10 400", "10400", None),
    ("1 000 kr", "1000", "kr"),
    ("3 arbetsveckor", "3", "arbetsveckor"),
    ("80 procent", "80", "%"),
    ("250 kr/invånare", "250", "kr/invånare"),
    ("4,31", "4.31", None),
])
def test_parse_quantity(text, number, unit):
    value, found_unit = parse_quantity(text)
    assert value == Decimal(number) and decimals_of(value) == decimals_of(Decimal(number))
    assert found_unit == unit


@pytest.mark.parametrize("text", ["abc", "3,8,1 %", "3 % 4", "% 3", "", "tre procent", "1 00 %", "- ", "-  %",
                                  "3 - 4", "- - 4"])
def test_parse_quantity_refuses(text):
    with pytest.raises(NotANumber):
        parse_quantity(text)


@pytest.mark.parametrize("text, number, unit", [
    ("– 4,9 procent", "-4.9", "%"),
    ("- 4,9 %", "-4.9", "%"),
    ("− 4,9 %", "-4.9", "%"),
    ("−\u00a04,9 %", "-4.9", "%"),  # a no-break space after the sign, as a word processor writes it
    ("+ 6,0 mnkr", "6.0", "mnkr"),
    ("-  1 000", "-1000", None),
])
def test_a_sign_followed_by_a_space_is_part_of_the_number(text, number, unit):
    value, found_unit = parse_quantity(text)
    assert value == Decimal(number) and decimals_of(value) == decimals_of(Decimal(number)) and found_unit == unit


def test_a_sign_and_a_space_before_an_ambiguous_number_is_still_refused_with_both_readings():
    with pytest.raises(AmbiguousSeparator) as info:
        parse_quantity("- 1,000 st")
    assert info.value.hint == "Skriv tusental med mellanslag: '-1 000 st'."


@pytest.mark.parametrize("text, rest, marker", [
    ("14,4*", "14,4", "*"),
    ("14,4 *", "14,4", "*"),
    ("14,4***", "14,4", "***"),
    ("14,4 1)", "14,4", "1)"),
    ("14,4 12)", "14,4", "12)"),
    ("14,4 (1)", "14,4", "(1)"),
    ("14,4¹", "14,4", "¹"),
    ("14,4²³", "14,4", "²³"),
    ("14,4 %*", "14,4 %", "*"),
    ("14,4 %¹", "14,4 %", "¹"),
    ("14,4 %1)", "14,4 %", "1)"),
    ("14,4* %", "14,4 %", "*"),
    ("14,4¹ mnkr", "14,4 mnkr", "¹"),
    ("genomförd*", "genomförd", "*"),
    ("Statistik saknas 2)", "Statistik saknas", "2)"),
])
def test_split_footnote(text, rest, marker):
    assert split_footnote(text) == (rest, marker)


@pytest.mark.parametrize("text", ["14,4", "120 kWh/m²", "14,41)", "*", "1)", "3,8 % (ökning med 4)", "m²", "10 400"])
def test_split_footnote_leaves_what_is_no_footnote(text):
    assert split_footnote(text) == (text, None)


@pytest.mark.parametrize("text, amount, unit, base", [
    ("+1,2 procentenheter jämfört med föregående år", "1.2", "%-enheter", "år"),
    ("−0,3 procentenheter", "-0.3", "%-enheter", None),
    ("- 0,3 %-enheter", "-0.3", "%-enheter", None),
    ("ökning med 4 %", "4", "%", None),
    ("Ökat med 4 procent jmf med fg år", "4", "%", "år"),
    ("minskning med 0,3 procentenheter", "-0.3", "%-enheter", None),
    ("minskat med 2 mnkr sedan föregående period", "-2", "mnkr", "period"),
    ("+140 jämfört med 2017", "140", None, "2017"),
    ("+4 %, jämfört med förra året", "4", "%", "år"),
    ("+0,0 procentenheter mot föregående år", "0.0", "%-enheter", "år"),
])
def test_parse_change(text, amount, unit, base):
    change = parse_change(text)
    assert (change.amount, change.unit, change.base) == (Decimal(amount), unit, base)
    assert decimals_of(change.amount) == decimals_of(Decimal(amount))


@pytest.mark.parametrize("text, code", [
    ("prel.", "okänd-förändring"),
    ("4 %", "okänd-förändring"),  # no sign, no word: a value, not a change
    ("ökning med +4 %", "okänd-förändring"),
    ("ökning med", "okänd-förändring"),
    ("+", "okänd-förändring"),
    ("+1,000 st", "tvetydigt-tal"),
    ("+1e3", "fel-talform"),
])
def test_parse_change_refuses(text, code):
    with pytest.raises(NotANumber) as info:
        parse_change(text)
    assert info.value.code == code and info.value.reason and info.value.hint


@pytest.mark.parametrize("value, decimals, lang, expected", [
    ("3.8", None, "sv", "3,8"),
    ("3.8", None, "en", "3.8"),
    ("6.0", None, "sv", "6,0"),
    ("6.0", None, "en", "6.0"),
    ("14", None, "sv", "14"),
    ("14", 1, "sv", "14,0"),
    ("4.31", None, "sv", "4,31"),
    ("-41", None, "sv", "-41"),
    ("1000", None, "sv", f"1{NBSP}000"),
    ("1000.5", None, "en", "1,000.5"),
    ("12345.6789", None, "sv", f"12{NBSP}345,6789"),
    ("3.85", 1, "sv", "3,9"),  # half up, as in reports (not banker's rounding)
    ("2.5", 0, "sv", "3"),
    ("3.84", 1, "sv", "3,8"),
    ("-0.04", 1, "sv", "0,0"),  # never "-0,0"
])
def test_format_number(value, decimals, lang, expected):
    assert format_number(Decimal(value), decimals, lang) == expected


@pytest.mark.parametrize("value, unit, lang, expected", [
    ("6.0", "mnkr", "sv", "6,0 mnkr"),
    ("6", "mnkr", "sv", "6 mnkr"),
    ("3.8", "%", "sv", "3,8 %"),
    ("3.8", "%", "en", "3.8 %"),
    ("136", "p", "sv", "136 p"),
    ("10400", None, "sv", f"10{NBSP}400"),
])
def test_format_quantity(value, unit, lang, expected):
    assert format_quantity(Decimal(value), unit, lang=lang) == expected


def test_format_quantity_with_fixed_decimals():
    assert format_quantity(Decimal("1.9"), "mnkr", decimals=1) == "1,9 mnkr"
    assert format_quantity(Decimal(6), "mnkr", decimals=1, lang="en") == "6.0 mnkr"


def _decimals_with_up_to_four_places():
    return st.integers(min_value=0, max_value=4).flatmap(
        lambda places: st.decimals(min_value=-10**10, max_value=10**10, places=places,  # ≤ 15 digits
                                   allow_nan=False, allow_infinity=False))


def _written_ambiguously(value: Decimal) -> bool:
    """`1,500`: three decimals after one to three digits, which reads as thousands too (refused)."""
    return decimals_of(value) == 3 and 1 <= abs(value) < 1000


@given(_decimals_with_up_to_four_places())
def test_format_then_parse_round_trips_in_swedish(value):
    text = format_number(value)
    if _written_ambiguously(value):
        with pytest.raises(AmbiguousSeparator):
            parse_number(text)
        return
    parsed = parse_number(text)
    assert parsed == value
    assert decimals_of(parsed) == decimals_of(value)  # the written precision survives


@given(_decimals_with_up_to_four_places())
def test_formatted_quantity_reads_back(value):
    if _written_ambiguously(value):
        with pytest.raises(AmbiguousSeparator):
            parse_quantity(format_quantity(value, "mnkr"))
        return
    assert parse_quantity(format_quantity(value, "mnkr")) == (value, "mnkr")


# --- thousands written with a point or a comma ------------------------------------------------


@pytest.mark.parametrize("text, thousands, decimal", [
    ("10.400", "10400", "10.4"),
    ("1,000", "1000", "1"),
    ("3,800", "3800", "3.8"),
    ("-1,000", "-1000", "-1"),
    ("−2.500", "-2500", "-2.5"),
    ("999.999", "999999", "999.999"),
])
def test_a_point_or_comma_before_exactly_three_digits_is_refused_with_both_readings(text, thousands, decimal):
    with pytest.raises(AmbiguousSeparator) as info:
        parse_number(text)
    exc = info.value
    assert (exc.as_thousands, exc.as_decimal) == (Decimal(thousands), Decimal(decimal))
    assert exc.code == "tvetydigt-tal"
    assert "kan läsas både som" in exc.reason


def test_the_ambiguous_form_says_both_readings_and_what_to_write():
    with pytest.raises(AmbiguousSeparator) as info:
        parse_quantity("10.400 timmar")
    assert info.value.reason.startswith("kan läsas både som 10 400 och som 10,4: en punkt")
    assert "'10 400 timmar'" in info.value.hint and "'10,4 timmar'" in info.value.hint
    with pytest.raises(AmbiguousSeparator) as info:
        parse_quantity("3,800 %")  # three decimals of a share: as ambiguous as 3,800 kr
    assert "3 800" in info.value.reason and "'3,8 %'" in info.value.hint
    with pytest.raises(AmbiguousSeparator) as info:
        parse_quantity("4,315")  # a decimal with three decimals is written with a fourth
    assert "'4 315'" in info.value.hint and "'4,3150'" in info.value.hint


@pytest.mark.parametrize("text, unit", [("1,000 st", None), ("1.000", "st"), ("2.500", "ärenden")])
def test_for_a_count_the_ambiguous_form_says_a_decimal_is_impossible(text, unit):
    with pytest.raises(AmbiguousSeparator) as info:
        parse_quantity(text, unit)
    assert "(hela antal) kan det inte vara ett decimaltal" in info.value.reason
    assert "med mellanslag" in info.value.hint and "decimalkomma" not in info.value.hint


@pytest.mark.parametrize("text", ["1.000.000", "1,000,000", "1.000,5", "1,000.5 kr"])
def test_points_or_commas_between_several_thousands_are_refused_with_a_reason(text):
    with pytest.raises(NumberNotation) as info:
        parse_quantity(text)
    assert "mellan tusentalen" in info.value.reason and "1 000 000" in info.value.hint


# --- exponent and hexadecimal notation, too many decimals --------------------------------------


@pytest.mark.parametrize("text, reason, hint", [
    ("1e309", "är skrivet med exponent ('1e309' betyder 1 gånger tio upphöjt till 309)", "fler än 15 siffror"),
    ("1E3", "exponent", "'1E3' skrivs '1 000'"),
    ("3,5e2 %", "exponent", "'3,5e2' skrivs '350'"),
    ("1e-20", "exponent", "fler än 15 decimaler"),
    ("1e999999999999", "exponent", "skrivfel"),
    ("0x10", "är skrivet som ett hexadecimalt tal", "'0x10' skrivs '16'"),
    ("0o17 st", "oktalt", "'0o17' skrivs '15'"),
    ("0b101", "binärt", "'0b101' skrivs '5'"),
])
def test_exponent_and_hexadecimal_notation_are_refused_with_a_reason(text, reason, hint):
    for parse in (parse_number, parse_quantity):
        if parse is parse_number and " " in text:
            continue
        with pytest.raises(NumberNotation) as info:
            parse(text)
        assert reason in info.value.reason and "godtas inte" in info.value.reason
        assert hint in info.value.hint
        assert info.value.code == "fel-talform"


@pytest.mark.parametrize("text", ["0,0000000000000001", "1,1234567890123456 %"])
def test_more_than_15_decimals_are_refused(text):
    with pytest.raises(NotANumber) as info:
        parse_quantity(text)
    assert info.value.reason and ("15 decimaler" in info.value.reason or "15 siffror" in info.value.reason)
    with pytest.raises(TooManyDecimals) as info:
        parse_number("0,0000000000000001")
    assert info.value.reason == "har fler än 15 decimaler." and info.value.code == "för-många-decimaler"


@pytest.mark.parametrize("first, second, same", [("MWh", "mwh", True), ("%", "%", True), ("mnkr", "kr", False),
                                                 (None, None, True), ("st", None, False)])
def test_units_compare_case_insensitively(first, second, same):
    assert same_unit(first, second) is same


def format_number_with_babel(value: Decimal, places: int, lang: str, grouping: bool = True) -> str:
    """Babel's own pattern formatting: the reference for format_number's faster digit layout."""
    pattern = ("#,##0" if grouping else "0") + ("." + "0" * places if places else "")
    return format_decimal(value, format=pattern, locale=LOCALES[lang], decimal_quantization=True)


@given(st.decimals(min_value=Decimal("-1e12"), max_value=Decimal("1e12"), places=4, allow_nan=False),
       st.integers(min_value=0, max_value=4), st.sampled_from(["sv", "en"]), st.booleans())
def test_format_number_agrees_with_babel(value, places, lang, grouping):
    quantised = value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    if quantised.is_zero():
        quantised = abs(quantised)
    assert format_number(value, places, lang, grouping) == format_number_with_babel(quantised, places, lang, grouping)


def _decimals_as_written():
    """Decimals with their own exponent (3,8 and 3,80 and 3,800 are equal but written differently), signed zeros."""
    return st.builds(lambda sign, digits, exponent: Decimal((sign, tuple(int(d) for d in str(digits)), exponent)),
                     st.integers(0, 1), st.integers(0, 10**15 - 1), st.integers(-15, 3))


@given(st.lists(st.tuples(_decimals_as_written(), st.one_of(st.none(), st.integers(0, 6)),
                          st.sampled_from(["sv", "en"]), st.booleans(), st.sampled_from([None, "%", "mnkr"])),
                min_size=1, max_size=8))
def test_remembered_numbers_are_written_as_without_memory(calls):
    """format_number and format_quantity remember their texts (numbers._formatted); equal numbers written with
    other decimals (3,8 and 3,80), asked for in any order, each get the text the uncached formatting gives."""
    from malmotor.numbers import _format_number, _format_quantity
    for value, decimals, lang, grouping, unit in calls + [(trimmed(v), *rest) for v, *rest in calls]:
        assert format_number(value, decimals, lang, grouping) == _format_number(value, decimals, lang, grouping)
        assert format_quantity(value, unit, decimals, lang) == _format_quantity(value, unit, decimals, lang)


def test_equal_numbers_written_differently_are_not_confused():
    assert [format_number(Decimal(text)) for text in ("3.8", "3.80", "3.800", "3.8")] == ["3,8", "3,80", "3,800", "3,8"]
    assert [format_number(Decimal(text)) for text in ("-0", "0.0", "-0.00")] == ["0", "0,0", "0,00"]
    assert [format_quantity(Decimal(text), "%") for text in ("6", "6.0", "6")] == ["6 %", "6,0 %", "6 %"]
