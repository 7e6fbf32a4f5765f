"""Rendering: every format carries the same verdicts; tables and cells stay readable."""

from __future__ import annotations

import csv
import io
import json

import pytest

import malmotor
from malmotor.report.render import FORMATS, render

from .conftest import SEED_MEASURES, SEED_RULES


@pytest.fixture(scope="module")
def seed():
    scorecard = malmotor.load_scorecard(SEED_RULES)
    measures = malmotor.load_measures(SEED_MEASURES)
    return scorecard, {lang: malmotor.evaluate(scorecard, measures, 2018, lang=lang) for lang in ("sv", "en")}


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("lang", ["sv", "en"])
def test_every_format_shows_every_indicator_with_its_symbol(seed, fmt, lang):
    scorecard, results = seed
    text = render(results[lang], scorecard.legend, fmt)
    for row in results[lang].indicators:
        assert row.symbol in text and (row.arrow in text)
    assert text.endswith("\n")


def test_csv_uses_the_language_s_separator_and_numbers(seed):
    scorecard, results = seed
    sv = list(csv.reader(io.StringIO(render(results["sv"], scorecard.legend, "csv")), delimiter=";"))
    en = list(csv.reader(io.StringIO(render(results["en"], scorecard.legend, "csv")), delimiter=","))
    assert len(sv) == len(en) == 23 and sv[0][8] == "tal" and en[0][8] == "number"
    sick_sv = next(row for row in sv if row[0] == "sjukfranvaro")
    sick_en = next(row for row in en if row[0] == "sjukfranvaro")
    assert (sick_sv[8], sick_en[8]) == ("3,8", "3.8")


def test_table_lines_are_never_split_inside_a_word(seed):
    scorecard, results = seed
    table = render(results["sv"], scorecard.legend, "table")
    assert "aktiviteter" in table and "aktivitete\n" not in table
    assert "Sammanfattning: uppfyllt 8, delvis uppfyllt 3, ej uppfyllt 9, ej bedömt 2, totalt 22" in table


def test_json_is_the_result_itself(seed):
    scorecard, results = seed
    assert json.loads(render(results["sv"], scorecard.legend, "json")) == json.loads(results["sv"].to_json())
