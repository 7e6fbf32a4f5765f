"""Measured text interpreted against each indicator: numbers, units, ranges, statuses, parts.

Every mistake is a MeasuresError naming the measures file and line; a value for an unknown
indicator or a missing part is a warning that `gather_inputs` returns.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from malmotor.diagnostics import Diagnostic, MeasuresError
from malmotor.decide.inputs import gather_inputs
from malmotor.load.measuresfile import load_measures
from malmotor.load.rulefile import load_scorecard

from .conftest import rule_file

INDICATORS = """
- id: sjuk
  namn: Sjukfrånvaro
  enhet: "%"
  riktning: lägre är bättre
  mål: 3 %
  värdeområde: 0–100
- id: balans
  namn: Ekonomi i balans
  enhet: "%"
  riktning: högre är bättre
  mål: 100 %
- id: konsult
  namn: Konsultberoende
  enhet: mnkr
  mål: Ingen ökning i jmf med 2016
- id: office
  namn: Office 365
  mål: Förstudie genomförd och aktiviteter är påbörjade
  delmål: [förstudie, aktiviteter]
- id: windows
  namn: Windows 10
  mål: Windows 10 infört
- id: mata
  namn: Möjlighet att mäta
  mål: Möjlighet till att mäta
- id: jamix
  namn: JÄMIX
  enhet: p
  mål: Öka
  utveckling:
    jämför med: 2015
- id: kund
  namn: Kundnöjdhet
  mål: Öka
  värdeområde: 1–6
"""


@pytest.fixture
def scorecard(write):
    return load_scorecard(write("regler.yaml", rule_file(INDICATORS)))


@pytest.fixture
def measures(write):
    """Write a YAML measures file for 2018 with the given lines under `värden:`."""
    def _measures(values: str, period: int = 2018, name: str = "2018.yaml") -> Path:
        body = "\n".join("  " + line for line in values.strip("\n").splitlines())
        return write(name, f"period: {period}\nvärden:\n{body}\n")
    return _measures


def line_of(path: Path, fragment: str) -> int:
    lines = [n for n, text in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if fragment in text]
    assert len(lines) == 1, f"{fragment!r} must be on exactly one line"
    return lines[0]


def inputs_of(scorecard, *paths: Path, period: int = 2018):
    """Inputs and warnings, less the reminder that 2017 is missing (most tests give 2018 only)."""
    inputs, warnings = gather_inputs(scorecard, load_measures(list(paths)), period)
    own_rows = {key.indicator: row for key, row in inputs.items() if key.group is None and key.org_unit is None}
    return own_rows, [w for w in warnings if not w.message.startswith("Det finns inga mätvärden för")]


def test_a_missing_previous_period_is_a_warning(scorecard, measures):
    path = measures("sjuk: 3,8 %")
    warnings = gather_inputs(scorecard, load_measures([path]), 2018)[1]
    assert [(w.file, w.line, w.message) for w in warnings] == [
        (str(path), None, "Det finns inga mätvärden för 2017: utvecklingspilar och mål som jämför med föregående "
                          "period kan inte bedömas.")]
    with_2017 = measures("sjuk: 3,4 %", period=2017, name="2017.yaml")
    assert gather_inputs(scorecard, load_measures([with_2017, path]), 2018)[1] == []


def errors_of(scorecard, *paths: Path, period: int = 2018) -> list[Diagnostic]:
    measures = load_measures(list(paths))  # the files themselves are fine: the values do not fit
    with pytest.raises(MeasuresError) as info:
        gather_inputs(scorecard, measures, period)
    diagnostics = info.value.diagnostics
    assert diagnostics and all(d.severity == "fel" for d in diagnostics)
    return diagnostics


def assert_error(scorecard, path: Path, fragment: str, message: str, hint: str | None = None) -> None:
    diagnostics = errors_of(scorecard, path)
    assert len(diagnostics) == 1, "\n".join(d.render() for d in diagnostics)
    found = diagnostics[0]
    assert (found.file, found.line) == (str(path), line_of(path, fragment)), found.render()
    assert message in found.message, found.render()
    if hint is not None:
        assert found.hint and hint in found.hint, found.render()


# --- values that are accepted ---------------------------------------------------------------


@pytest.mark.parametrize("indicator, written, expected", [
    ("sjuk", "3,8 %", "3.8"),
    ("sjuk", "3.8 %", "3.8"),
    ("sjuk", "3,8", "3.8"),  # a bare number is in the indicator's unit
    ("sjuk", "3,8 procent", "3.8"),
    ("balans", "104 %", "104"),  # no värdeområde: above 100 % is fine
    ("balans", "−41 %", "-41"),
    ("balans", "-41 %", "-41"),
    ("konsult", "+6,0 mnkr", "6.0"),
    ("konsult", "1 000,5 Mnkr", "1000.5"),
    ("jamix", "136 p", "136"),
    ("kund", "4,31", "4.31"),
])
def test_numbers(scorecard, measures, indicator, written, expected):
    path = measures(f"{indicator}: {written}")
    current = inputs_of(scorecard, path)[0][indicator].current
    assert current.state == "mätt"
    assert current.value == Decimal(expected) and str(current.value) == str(Decimal(expected))
    assert current.source == f"{path}:3"


@pytest.mark.parametrize("written, status", [("genomförd", "genomförd"), ("Delvis  Genomförd", "delvis genomförd"),
                                             ("EJ PÅBÖRJAD", "ej påbörjad")])
def test_statuses_from_the_scale_case_insensitive(scorecard, measures, written, status):
    current = inputs_of(scorecard, measures(f"windows: {written}"))[0]["windows"].current
    assert (current.state, current.statuses) == ("mätt", (status,))


@pytest.mark.parametrize("written, status", [("ja", "ja"), ("Nej", "nej"), ("true", "ja"), ("false", "nej")])
def test_capability(scorecard, measures, written, status):
    assert inputs_of(scorecard, measures(f"mata: {written}"))[0]["mata"].current.statuses == (status,)


def test_compound_milestone_parts_in_yaml(scorecard, measures):
    path = measures("office:\n  aktiviteter: ej påbörjad\n  förstudie: Påbörjad")
    current = inputs_of(scorecard, path)[0]["office"].current
    assert current.statuses == ("påbörjad", "ej påbörjad")  # in the order of the target, not of the file


def test_compound_milestone_parts_in_csv(scorecard, write):
    path = write("2018.csv", "indikator;period;värde;del\noffice;2018;genomförd;förstudie\n"
                             "office;2018;påbörjad;aktiviteter\n")
    assert inputs_of(scorecard, path)[0]["office"].current.statuses == ("genomförd", "påbörjad")


@pytest.mark.parametrize("written, state", [
    ("saknas", "saknas"), ("Uppgift saknas", "saknas"), ("-", "saknas"), ("–", "saknas"),
    ("Statistik saknas", "saknas"), ("..", "saknas"),
    ("kan inte mätas", "kan_inte_mätas"), ("Ej mätbart", "kan_inte_mätas"),
])
@pytest.mark.parametrize("indicator", ["sjuk", "windows", "office", "mata"])
def test_explicit_missing_and_not_measurable(scorecard, measures, indicator, written, state):
    inputs, warnings = inputs_of(scorecard, measures(f"{indicator}: '{written}'"))
    assert inputs[indicator].current.state == state
    assert inputs[indicator].current.written == written  # as written, for the explanation to quote
    assert warnings == []


def test_no_value_at_all_is_not_an_error(scorecard, measures):
    inputs, warnings = inputs_of(scorecard, measures("sjuk: 3,8 %"))
    assert inputs["balans"].current.state == "ej_angivet"
    assert warnings == []


# --- values that do not fit the indicator ---------------------------------------------------


@pytest.mark.parametrize("indicator, written", [("sjuk", "tre procent"), ("sjuk", "3,8,1 %"), ("kund", "ca 4"),
                                                ("jamix", "136 p 2")])
def test_non_numeric_value_for_a_numeric_indicator(scorecard, measures, indicator, written):
    path = measures(f"{indicator}: {written}")
    assert_error(scorecard, path, f"{indicator}:", f"Värdet '{written}' för '{indicator}' är inget tal.",
                 "decimalkomma")


def test_share_above_the_declared_range(scorecard, measures):
    path = measures("sjuk: 104 %")
    assert_error(scorecard, path, "sjuk:", "Värdet '104 %' för 'sjuk' ligger utanför indikatorns värdeområde 0–100.",
                 "högre än 100. En andel kan inte vara över 100 %.")


def test_value_below_the_declared_range(scorecard, measures):
    path = measures("kund: 0,5")
    assert_error(scorecard, path, "kund:", "ligger utanför indikatorns värdeområde 1–6.", "lägre än 1.")


def test_range_bounds_themselves_are_accepted(scorecard, measures):
    inputs, _ = inputs_of(scorecard, measures("sjuk: 0 %\nkund: 6"))
    assert (inputs["sjuk"].current.value, inputs["kund"].current.value) == (0, 6)


@pytest.mark.parametrize("indicator, written, unit, expected", [
    ("konsult", "1,9 kr", "kr", "mnkr"),
    ("jamix", "136 %", "%", "p"),
    ("sjuk", "3,8 dagar", "dagar", "%"),
])
def test_unit_differs_from_the_indicators(scorecard, measures, indicator, written, unit, expected):
    path = measures(f"{indicator}: {written}")
    assert_error(scorecard, path, f"{indicator}:", f"Värdet '{written}' för '{indicator}' har enheten '{unit}' "
                 f"men indikatorn har enheten '{expected}'.", "indikatorns enhet")


def test_unit_on_an_indicator_without_unit(scorecard, measures):
    path = measures("kund: 4,31 p")
    assert_error(scorecard, path, "kund:", "Värdet '4,31 p' för 'kund' har enheten 'p' men indikatorn har ingen enhet.",
                 "Lägg till 'enhet: p'")


@pytest.mark.parametrize("indicator, written, scale", [
    ("windows", "pågår", "ej påbörjad, påbörjad, delvis genomförd, genomförd"),
    ("windows", "3", "ej påbörjad, påbörjad, delvis genomförd, genomförd"),
    ("mata", "kanske", "nej, ja"),
])
def test_unknown_status(scorecard, measures, indicator, written, scale):
    path = measures(f"{indicator}: {written}")
    assert_error(scorecard, path, f"{indicator}:", f"'{written}' är ingen status för '{indicator}'.",
                 f"Godkända värden: {scale}, eller 'saknas'.")


def test_unknown_status_of_a_part(scorecard, measures):
    path = measures("office:\n  förstudie: pågår\n  aktiviteter: påbörjad")
    assert_error(scorecard, path, "förstudie: pågår", "'pågår' är ingen status för 'office'.")


@pytest.mark.parametrize("written, status", [
    ("genomfört", "genomförd"), ("Klart", "genomförd"), ("infört", "genomförd"), ("påbörjat", "påbörjad"),
    ("startad", "påbörjad"), ("Delvis genomförd", "delvis genomförd"),
])
def test_a_status_may_be_written_as_the_targets_write_it(scorecard, measures, written, status):
    inputs, _ = inputs_of(scorecard, measures(f"windows: {written}"))
    assert inputs["windows"].current.statuses == (status,)


def test_compound_milestone_given_one_status(scorecard, measures):
    path = measures("office: påbörjad")
    assert_error(scorecard, path, "office:", "'office' är en sammansatt milstolpe och behöver ett värde per delmål.",
                 "delmålen förstudie, aktiviteter")


def test_unknown_part(scorecard, measures):
    path = measures("office:\n  förstudie: påbörjad\n  aktivitet: påbörjad")
    assert_error(scorecard, path, "aktivitet: påbörjad", "'office' har inget delmål 'aktivitet'.",
                 "delmålen förstudie, aktiviteter")


def test_part_for_an_indicator_without_parts(scorecard, measures):
    path = measures("sjuk:\n  kvinnor: 2,07 %")
    assert_error(scorecard, path, "kvinnor:", "'sjuk' har inga delmål, men värdet anger delmålet 'kvinnor'.",
                 "utan delmål")


def test_every_period_the_evaluation_reads_is_checked_not_only_the_evaluated_one(scorecard, measures):
    # 2016 is the base of konsult's `Ingen ökning i jmf med 2016`, so an evaluation of 2018 reads it
    old = measures("sjuk: mycket", period=2016, name="2016.yaml")
    new = measures("sjuk: 3,8 %")
    [found] = errors_of(scorecard, old, new, period=2018)
    assert (found.file, found.line, found.message) == (str(old), 3, "Värdet 'mycket' för 'sjuk' är inget tal.")


def test_a_mistake_in_a_period_the_evaluation_does_not_read_is_a_warning(scorecard, measures):
    old = measures("sjuk: mycket", period=2014, name="2014.yaml")
    new = measures("sjuk: 3,8 %")
    inputs, warnings = inputs_of(scorecard, old, new)
    assert inputs["sjuk"].current.value == Decimal("3.8")
    assert [(w.severity, w.code, w.file, w.line, w.message) for w in warnings] == [
        ("varning", "inget-tal", str(old), 3, "Värdet 'mycket' för 'sjuk' är inget tal.")]
    assert warnings[0].hint.endswith("Värdet för 2014 används inte i bedömningen av 2018, så det stoppar den inte.")


def test_a_change_gives_the_comparison_value_of_the_period_before(scorecard, measures):
    inputs = inputs_of(scorecard, measures("sjuk: 3,8 % (+0,4 procentenheter)\njamix: 126 p (ökning med 5 %)"))[0]
    assert inputs["sjuk"].current.value == Decimal("3.8") and not inputs["sjuk"].current.derived
    base = inputs["sjuk"].trend_base
    assert (base.period.text, base.state, base.value, base.change, base.change_relative, base.derived) == (
        "2017", "mätt", Decimal("3.4"), Decimal("0.4"), False, True)
    # the arrow of jamix compares with 2015 (`jämför med: 2015`), not with 2017
    assert inputs["jamix"].trend_base.state == "ej_angivet"
    assert inputs["jamix"].target_base.value == Decimal("120") and inputs["jamix"].target_base.change_relative


def test_all_mistakes_are_reported_in_reading_order(scorecard, measures):
    path = measures("""
sjuk: tre procent
windows: pågår
konsult: 1,9 kr
balans: 100 %
mata: kanske
kund: 7
""")
    found = [(d.line, d.message.split(" ")[0]) for d in errors_of(scorecard, path)]
    assert found == [(line_of(path, "sjuk:"), "Värdet"), (line_of(path, "windows:"), "'pågår'"),
                     (line_of(path, "konsult:"), "Värdet"), (line_of(path, "mata:"), "'kanske'"),
                     (line_of(path, "kund:"), "Värdet")]


# --- warnings -------------------------------------------------------------------------------


def test_value_for_an_unknown_indicator_is_a_warning(scorecard, measures):
    path = measures("sjuk: 3,8 %\nsjukfranvaro: 3,8 %\nlokalyta: 1 200")
    inputs, warnings = inputs_of(scorecard, path)
    assert inputs["sjuk"].current.value == Decimal("3.8")
    assert [(w.severity, w.file, w.line) for w in warnings] == [("varning", str(path), 4), ("varning", str(path), 5)]
    assert warnings[0].message == (f"Mätvärdet för 'sjukfranvaro' hör inte till någon indikator i "
                                   f"{scorecard.source} och används inte.")
    assert "Menade du" not in warnings[0].hint
    assert warnings[1].message.startswith("Mätvärdet för 'lokalyta' hör inte till någon indikator")


def test_unknown_indicator_close_to_a_known_one_gets_a_suggestion(scorecard, measures):
    _, [found] = inputs_of(scorecard, measures("ofice: saknas"))
    assert found.hint.startswith("Menade du 'office'?")


def test_missing_part_is_a_warning_and_the_indicator_is_not_assessed(scorecard, measures):
    path = measures("office:\n  förstudie: påbörjad")
    inputs, [found] = inputs_of(scorecard, path)
    assert (inputs["office"].current.state, inputs["office"].current.missing_part) == ("ej_angivet", "aktiviteter")
    assert (found.severity, found.file, found.line) == ("varning", str(path), line_of(path, "förstudie:"))
    assert found.message == ("Värdet för delmålet 'aktiviteter' av 'office' saknas för 2018, så den perioden kan inte "
                             "användas för indikatorn.")


# --- comparison values ----------------------------------------------------------------------


def test_comparison_periods(scorecard, measures):
    files = [measures("konsult: 3,2 mnkr\njamix: 120 p", period=2016, name="2016.yaml"),
             measures("konsult: 2,5 mnkr\njamix: 125 p\nsjuk: 3,4 %", period=2017, name="2017.yaml"),
             measures("jamix: 110 p", period=2015, name="2015.yaml"),
             measures("konsult: 1,9 mnkr\njamix: 136 p\nsjuk: 3,8 %")]
    inputs, _ = inputs_of(scorecard, *files)
    assert inputs["konsult"].target_base.value == Decimal("3.2")  # "Ingen ökning i jmf med 2016"
    assert inputs["konsult"].trend_base.value == Decimal("2.5")  # the arrow: the previous period
    assert inputs["jamix"].target_base.value == Decimal(125)  # "Öka": the previous period
    assert inputs["jamix"].trend_base.value == Decimal(110)  # utveckling: jämför med 2015
    assert inputs["sjuk"].target_base is None  # a threshold needs no comparison value
    assert inputs["sjuk"].trend_base.value == Decimal("3.4")
    assert inputs["balans"].trend_base.state == "ej_angivet"


def test_more_significant_digits_than_a_double_holds(scorecard, measures):
    path = measures("kund: 2,99999999999999999")
    assert_error(scorecard, path, "kund:", "Värdet '2,99999999999999999' för 'kund' har fler än 15 siffror.",
                 "Avrunda")


def test_many_warnings_of_one_kind_are_summarised_with_a_count(scorecard, write):
    lines = "\n".join(f"  okänd-{n}: 1" for n in range(1000))
    path = write("2018.yaml", f"period: 2018\nvärden:\n  sjuk: 3 %\n{lines}\n")
    warnings = [w for w in gather_inputs(scorecard, load_measures([path]), 2018)[1] if w.code == "okänd-indikator"]
    assert len(warnings) == 6
    assert [w.line for w in warnings[:5]] == [4, 5, 6, 7, 8]
    assert warnings[5].message == "Ytterligare 995 varningar av samma slag (okänd-indikator) visas inte."


# --- thousands with a point or a comma, other notations, too many decimals ----------------------

COUNTS = """
- id: avbrott
  namn: Driftavbrott
  enhet: st
  mål: Minska
- id: tid
  namn: Extra tid
  enhet: timmar
  mål: Minska
"""


@pytest.fixture
def counts(write):
    return load_scorecard(write("regler.yaml", rule_file(INDICATORS + COUNTS)))


@pytest.mark.parametrize("indicator, written, message, hint", [
    ("tid", "10.400", "Värdet '10.400' för 'tid' kan läsas både som 10 400 och som 10,4: en punkt följd av exakt tre "
                      "siffror kan vara tusentalsavgränsare eller decimaltecken.",
     "Skriv tusental med mellanslag, '10 400', eller decimaltalet utan nollorna på slutet, '10,4'."),
    ("tid", "1,000 timmar", "kan läsas både som 1 000 och som 1: ett komma", "'1 000 timmar'"),
    ("sjuk", "3,800 %", "Värdet '3,800 %' för 'sjuk' kan läsas både som 3 800 och som 3,8", "'3,8 %'"),
    ("kund", "4,315", "kan läsas både som 4 315 och som 4,315", "'4,3150'"),
    ("avbrott", "1.000", "Värdet '1.000' för 'avbrott' kan läsas både som 1 000 och som 1: en punkt följd av exakt tre "
                         "siffror kan vara tusentalsavgränsare eller decimaltecken. Med enheten 'st' (hela antal) kan "
                         "det inte vara ett decimaltal.", "Skriv tusental med mellanslag: '1 000'."),
    ("avbrott", "2,500 st", "Med enheten 'st' (hela antal)", "'2 500 st'"),
])
def test_a_value_with_a_point_or_comma_before_three_digits_is_an_error(counts, measures, indicator, written,
                                                                       message, hint):
    path = measures(f"{indicator}: {written}")
    assert_error(counts, path, f"{indicator}:", message, hint)
    assert errors_of(counts, path)[0].code == "tvetydigt-tal"


def test_an_ambiguous_value_in_a_csv_file_is_an_error_too(counts, write):
    path = write("2018.csv", "indikator;period;värde\ntid;2018;10.400\ntid;2017;10,000 timmar\n")
    assert [(d.line, d.code) for d in errors_of(counts, path)] == [(2, "tvetydigt-tal"), (3, "tvetydigt-tal")]


@pytest.mark.parametrize("indicator, written, expected", [
    ("sjuk", "0,125 %", "0.125"), ("kund", "4,31", "4.31"), ("konsult", "6,0 mnkr", "6.0"),
    ("tid", "10 400", "10400"), ("tid", "10\u00a0400", "10400"), ("tid", "10\u202f400", "10400"),
    ("tid", "10\u2009400", "10400"), ("tid", "10\u2009400,5 timmar", "10400.5"),  # thin space, as U+00A0 and U+202F
    ("avbrott", "1 000 st", "1000"), ("kund", "4,3150", "4.3150"),
])
def test_unambiguous_values_keep_working(counts, measures, indicator, written, expected):
    current = inputs_of(counts, measures(f"{indicator}: {written}"))[0][indicator].current
    assert current.state == "mätt" and current.value == Decimal(expected)
    assert str(current.value) == expected  # the written precision too


@pytest.mark.parametrize("indicator, written, message, hint", [
    ("sjuk", "1e309", "Värdet '1e309' för 'sjuk' är skrivet med exponent ('1e309' betyder 1 gånger tio upphöjt till "
                      "309), och det skrivsättet godtas inte.", "Skriv talet med siffror"),
    ("tid", "1e3", "är skrivet med exponent", "'1e3' skrivs '1 000'"),
    ("avbrott", "0x10", "Värdet '0x10' för 'avbrott' är skrivet som ett hexadecimalt tal, och det skrivsättet godtas "
                        "inte.", "'0x10' skrivs '16'"),
    ("tid", "1.000.000", "har punkt eller komma mellan tusentalen", "'1 000 000'"),
])
def test_exponent_and_hexadecimal_values_are_errors_that_say_so(counts, measures, indicator, written, message, hint):
    path = measures(f"{indicator}: {written}")
    assert_error(counts, path, f"{indicator}:", message, hint)
    assert errors_of(counts, path)[0].code == "fel-talform"


def test_more_than_15_decimals_are_an_error(scorecard, measures):
    path = measures("kund: 4,0000000000000001")
    assert_error(scorecard, path, "kund:", "Värdet '4,0000000000000001' för 'kund' har fler än 15 siffror.")
    path = measures("sjuk: 0,0000000000000001 %")
    assert_error(scorecard, path, "sjuk:", "Värdet '0,0000000000000001 %' för 'sjuk' har fler än 15 decimaler.",
                 "Avrunda till högst 15 decimaler")
    assert errors_of(scorecard, path)[0].code == "för-många-decimaler"
    assert inputs_of(scorecard, measures("sjuk: 0,000000000000001 %"))[0]["sjuk"].current.value == Decimal("1E-15")


# --- unit names that look alike: the fast pair search says what difflib says of every pair ----------------

def _alike_by_every_pair(names: list[str]) -> list[tuple[str, str]]:
    import difflib

    found = []
    for index, first in enumerate(names):
        for second in names[index + 1:]:
            matcher = difflib.SequenceMatcher(None, first.casefold(), second.casefold())
            if matcher.real_quick_ratio() >= 0.85 and matcher.quick_ratio() >= 0.85 and matcher.ratio() >= 0.85:
                found.append((first, second))
    return found


from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from malmotor.decide.inputs import alike_names  # noqa: E402

_NAMES = st.lists(st.text(alphabet="abcåäöABÅ -1", min_size=0, max_size=14), max_size=25, unique=True)


@settings(max_examples=300, deadline=None)
@given(_NAMES)
def test_alike_names_are_the_pairs_difflib_finds(names):
    names = sorted(names)
    assert alike_names(names) == _alike_by_every_pair(names)


def test_alike_names_of_many_generated_units():
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
    import many_units

    names = sorted(many_units.unit_name(number) for number in range(1, 400)) + ["Nord", "Nordd", "Syd", "syd "]
    names.sort()
    found = alike_names(names)
    assert found == _alike_by_every_pair(names)
    assert ("Nord", "Nordd") in found
