"""What loading reads once per distinct text (numbers, targets, periods, units, Kolada's numbers) and the faster
ways it reads (Swedish numbers without babel, Kolada's JSON by the C scanner) give exactly what reading every
value the slow way gave: each indicator its own interpretation and its own error, a new error for every value
that has one, at its own line."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest
from babel.numbers import parse_decimal

import malmotor
from malmotor.diagnostics import MeasuresError, RuleFileError
from malmotor.load import kolada
from malmotor.load.measuresfile import load_measures
from malmotor.load.targets import PhraseError, parse_target
from malmotor.load.values import Interpretation
from malmotor.model import DEFAULT_STATUS_SCALE, ThresholdTarget
from malmotor.numbers import LOCALES, AmbiguousSeparator, NotANumber, parse_number, parse_quantity, \
    _swedish_decimal

from .conftest import rule_file

KOLADA_FIXTURE = Path(__file__).resolve().parent / "data" / "kolada-N00945-1860.json"

COUNT_AND_SHARE = """
- id: antal
  namn: Antal ärenden
  enhet: st
  riktning: lägre är bättre
  mål: 40 st
- id: andel
  namn: Andel nöjda
  enhet: "%"
  riktning: högre är bättre
  mål: 80 %
"""


def measures_errors(scorecard, path: Path, period: str = "2019") -> list[tuple[int | None, str, str]]:
    with pytest.raises(MeasuresError) as info:
        malmotor.load_checked_measures(scorecard, path, period=period)
    return [(d.line, d.code, d.message) for d in info.value.diagnostics]


# --- numbers ------------------------------------------------------------------------------------------------

def test_a_number_read_before_is_refused_with_the_unit_given_each_time():
    assert parse_quantity("3,8 %") == (Decimal("3.8"), "%")
    for order in (("st", "kr", None), (None, "kr", "st")):
        for unit in order:
            with pytest.raises(AmbiguousSeparator) as info:
                parse_quantity("1,000", unit)
            counted = "hela antal" in info.value.reason
            assert (info.value.unit, counted) == (unit, unit == "st")


def test_every_refusal_is_a_new_exception_and_every_reading_the_same_number():
    refused = []
    for _ in range(2):
        with pytest.raises(NotANumber) as info:
            parse_number("1e3")
        refused.append(info.value)
    assert refused[0] is not refused[1] and str(refused[0].reason) == str(refused[1].reason)
    assert parse_number("6,0") == Decimal("6.0") and str(parse_number("6,0")) == "6.0"  # the precision kept
    assert str(parse_quantity("6,00 mnkr")[0]) == "6.00"  # a text of its own, not the 6,0 read before


@pytest.mark.parametrize("text", ["3,8", "3.8", "-41", "+6,0", "1 000", "12 345 678,25", "0,125", "007", "-0",
                                  "0,000000000000001", "999 999 999 999 999"])
def test_a_swedish_number_reads_as_babel_reads_it(text):
    expected = Decimal(parse_decimal(text.replace(" ", "\u00a0"), locale=LOCALES["sv"]))
    assert _swedish_decimal(text).as_tuple() == expected.as_tuple()


def test_the_same_value_for_two_indicators_with_different_units_gets_each_its_own_reading(write):
    scorecard = malmotor.load_scorecard(write("regler.yaml", rule_file(COUNT_AND_SHARE)))
    path = write("matvarden.csv", """\
        indikator;period;värde
        antal;2019;1,000
        andel;2019;1,000
        antal;2018;3,8 %
        andel;2018;3,8 %
        antal;2017;12
        andel;2017;12
        """)
    found = measures_errors(scorecard, path)
    assert [(line, code) for line, code, _ in found] == [(2, "tvetydigt-tal"), (3, "tvetydigt-tal"), (4, "fel-enhet")]
    assert "Med enheten 'st'" in found[0][2] and "Med enheten" not in found[1][2]
    assert "'antal'" in found[2][2] and "'st'" in found[2][2]
    values = malmotor.load_checked_measures(scorecard, write("bra.csv", """\
        indikator;period;värde
        antal;2019;12
        andel;2019;12
        """), period="2019")
    assert [(value.indicator, value.text) for value in values.values] == [("antal", "12"), ("andel", "12")]


# --- targets ------------------------------------------------------------------------------------------------

def test_a_target_read_before_is_shared_and_a_refused_one_names_the_unit_given_each_time():
    first = parse_target("minst 80 %", DEFAULT_STATUS_SCALE)
    again = parse_target("minst 80 %", DEFAULT_STATUS_SCALE)
    assert isinstance(first, ThresholdTarget) and first == again
    assert parse_target("minst 80 %", DEFAULT_STATUS_SCALE, "%") == first
    hints = []
    for unit in ("st", None, "st"):
        with pytest.raises(PhraseError) as info:
            parse_target("minst 1.000", DEFAULT_STATUS_SCALE, unit)
        hints.append("hela antal" in info.value.message)
    assert hints == [True, False, True]


def test_the_same_target_for_two_indicators_gives_each_its_own_error(write):
    same = COUNT_AND_SHARE.replace("mål: 40 st", "mål: minst 1,000").replace("mål: 80 %", "mål: minst 1,000")
    with pytest.raises(RuleFileError) as info:
        malmotor.load_scorecard(write("regler.yaml", rule_file(same)))
    found = [(d.line, d.code, "hela antal" in d.message) for d in info.value.diagnostics]
    assert found == [(found[0][0], "tvetydigt-tal", True), (found[1][0], "tvetydigt-tal", False)]
    assert found[0][0] < found[1][0]


# --- periods, units, groups ---------------------------------------------------------------------------------

def test_a_period_refused_on_many_rows_is_reported_on_each(write):
    path = write("matvarden.csv", """\
        indikator;period;värde
        antal;2019-13;3
        andel;2019-13;40 %
        antal;2019;3
        """)
    with pytest.raises(MeasuresError) as info:
        load_measures(path)
    assert [(d.line, d.code) for d in info.value.diagnostics] == [(2, "okänd-period"), (3, "okänd-period")]


def test_an_undeclared_unit_is_reported_on_every_row_and_a_declared_one_named_as_the_rule_file_does(write):
    rules = rule_file(COUNT_AND_SHARE).replace("perspektiv:", "enheter: [Nord, Syd]\nperspektiv:", 1)
    scorecard = malmotor.load_scorecard(write("regler.yaml", rules))
    path = write("matvarden.csv", """\
        indikator;period;enhet;värde
        antal;2019;Väst;3
        andel;2019;Väst;40 %
        antal;2019;nord;4
        andel;2019;NORD;50 %
        """)
    assert [(line, code) for line, code, _ in measures_errors(scorecard, path)] == [(2, "okänd-enhet"),
                                                                                    (3, "okänd-enhet")]
    good = write("bra.csv", "indikator;period;enhet;värde\nantal;2019;nord;4\nandel;2019;NORD;50 %\n")
    values = malmotor.load_checked_measures(scorecard, good, period="2019")
    assert [value.org_unit for value in values.values] == ["nord", "NORD"]  # as written; keyed as the rule file
    assert {key.org_unit for key, _ in Interpretation(scorecard, values).observed} == {"Nord"}


# --- Kolada's JSON ------------------------------------------------------------------------------------------

def offsets(data) -> list[int]:
    """Where every object starts, each before what it holds."""
    found, waiting = [], [data]
    while waiting:
        node = waiting.pop()
        if isinstance(node, dict):
            found.append(node.offset)
        children = node.values() if isinstance(node, dict) else node if isinstance(node, list) else ()
        waiting.extend(reversed(list(children)))
    return found


@pytest.mark.parametrize("text", [
    json.dumps(json.loads(KOLADA_FIXTURE.read_text(encoding="utf-8"))),  # one line, as the API answers
    json.dumps(json.loads(KOLADA_FIXTURE.read_text(encoding="utf-8")), indent=2),
    '{"values": [{"a": 1}], "values": [{"b": {"c": 2}}, {}], "x": {"values": [[{}], {"y": {}}]}}',  # a key twice
])
def test_the_c_scanner_reads_an_answer_as_the_located_reader_does(text):
    quick, slow = kolada._decoded_quickly(text), kolada._decoder().decode(text)
    assert quick == slow and offsets(quick) == offsets(slow) and len(offsets(quick)) > 3
    assert all(text[offset] == "{" for offset in offsets(quick))


@pytest.mark.parametrize("text", ['{"values": [{"kpi": "N{1}"}]}', '{"values": [{"kpi": "N}1"}]}',  # braces in text
                                  '{"values": [1, 2,]}', '{"values": [{"a": 1}'])  # not JSON: the slow reader explains
def test_where_the_c_scanner_cannot_tell_the_same_the_located_reader_reads(text):
    assert kolada._decoded_quickly(text) is None


def test_an_unknown_unit_among_many_names_a_few_and_counts_the_rest(write):
    units = [f"Kommun {n:03d}" for n in range(290)]
    rules = rule_file(COUNT_AND_SHARE).replace("perspektiv:", f"enheter: [{', '.join(units)}]\nperspektiv:", 1)
    scorecard = malmotor.load_scorecard(write("regler.yaml", rules))
    path = write("matvarden.csv", "indikator;period;enhet;värde\nantal;2019;Kommun 0077;3\n")
    with pytest.raises(MeasuresError) as info:
        malmotor.load_checked_measures(scorecard, path, period="2019")
    (problem,) = info.value.diagnostics
    assert "Menade du 'Kommun 077'?" in problem.hint
    assert "Enheterna är 290, listade under 'enheter:' i regelfilen: Kommun 000, Kommun 001," in problem.hint
    assert problem.hint.endswith("Kommun 011 och 278 till.") and "Kommun 012" not in problem.hint
    assert problem.hint.en.endswith("'Kommun 011' and 278 more.")


def test_a_mistake_in_an_answer_is_placed_alike_either_way(write, monkeypatch):
    answer = {"count": 2, "values": [
        {"kpi": "N00945", "municipality": "1860", "period": 2019,
         "values": [{"count": 1, "gender": "T", "status": "", "value": 3.5},
                    {"count": 1, "gender": "X", "status": "", "value": 3.1}]},
        {"kpi": "N00945", "municipality": "1860", "period": 2018,
         "values": [{"count": 1, "gender": "T", "status": "", "value": "tre"}]}]}
    path = write("kolada.json", json.dumps(answer, indent=1))

    def placed():
        with pytest.raises(MeasuresError) as info:
            load_measures(path)
        return [(d.line, d.column, d.code, d.message) for d in info.value.diagnostics]

    quick = placed()
    monkeypatch.setattr(kolada, "_decoded_quickly", lambda text: None)
    assert placed() == quick and [code for _, _, code, _ in quick] == ["okänt-kön", "inget-tal"]
