"""Rendering: every format carries the same verdicts; tables and cells stay readable."""

from __future__ import annotations

import csv
from collections import Counter
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
    assessment = malmotor.assess(scorecard, measures, "2018")  # one run of the rules, presented twice
    return scorecard, {lang: malmotor.present(assessment, lang) for lang in ("sv", "en")}


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("lang", ["sv", "en"])
def test_every_format_shows_every_indicator_with_its_symbol(seed, fmt, lang):
    scorecard, results = seed
    text = render(results[lang], fmt)
    for row in results[lang].indicators:
        assert row.symbol in text and (row.arrow in text)
    assert text.endswith("\n")


def test_csv_uses_the_language_s_separator_and_numbers(seed):
    scorecard, results = seed
    sv = list(csv.reader(io.StringIO(render(results["sv"], "csv")), delimiter=";"))
    en = list(csv.reader(io.StringIO(render(results["en"], "csv")), delimiter=","))
    assert len(sv) == len(en) and sv[0][11] == "tal" and en[0][11] == "number"
    kind = sv[0].index("radtyp")
    kinds = Counter(row[kind] for row in sv[1:])
    assert en[0][kind] == "row kind"
    assert kinds == {"indikator": 22, "grupp": 5, "skillnad": 2, "styrkort": 1, "perspektiv": 5, "strategiskt mål": 9, "mål": 22,
                     "sammanfattning": 6}
    sick_sv = [row for row in sv if row[0] == "sjukfranvaro" and row[kind] in ("indikator", "grupp")]
    sick_en = [row for row in en if row[0] == "sjukfranvaro" and row[kind] in ("indicator", "group")]
    assert [(row[2], row[3], row[11]) for row in sick_sv] == [("", "", "3,8"), ("kön", "kvinnor", "2,07"),
                                                             ("kön", "män", "4,47"), ("verksamhetsområde", "VO Drift", "5,2")]
    assert [row[11] for row in sick_en] == ["3.8", "2.07", "4.47", "5.2"]


def test_table_lines_are_never_split_inside_a_word(seed):
    scorecard, results = seed
    table = render(results["sv"], "table")
    assert "aktiviteter" in table and "aktivitete\n" not in table
    assert "Antal indikatorer: uppfyllt 9, delvis uppfyllt 3, ej uppfyllt 8, ej bedömt 2, totalt 22" in table


def test_json_is_the_result_itself(seed):
    scorecard, results = seed
    assert json.loads(render(results["sv"], "json")) == json.loads(results["sv"].to_json())
