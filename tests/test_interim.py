"""Interim periods and the year-end: forecast wording (`under året: prognos`), no delvis at a year-end
(`delvis vid årsbokslut: nej`) through both engines, and interim targets (`delårsmål`), pro-rated or stated."""

from __future__ import annotations

from decimal import Decimal

import pytest

import malmotor
from malmotor import AssessmentsError, Level, RuleFileError
from malmotor.decide.interim import (YEAR_END_STANDS, YEAR_END_TURNED, decide_year_end, ruleset_definition)
from malmotor.decide.isolation import fire_isolated
from malmotor.report.render import render

from .test_docs import RULE_DOC, the_block

ENGINES = ["durable", "reference"]
VALUES = {"T1 2019": ("350 st", "65 %"), "delår augusti 2019": ("700 st", "74 %"), "T3 2019": ("1 150 st", "79 %"),
          "2019": ("1 100 st", "75 %")}


@pytest.fixture
def example(write):
    rules = write("delar.yaml", the_block(RULE_DOC.read_text(encoding="utf-8"), "yaml", "# exempel: delår"))
    files = [write(f"v{n}.yaml", f"period: {period}\nvärden:\n  besok: {visits}\n  nojdhet: {share}\n")
             for n, (period, (visits, share)) in enumerate(VALUES.items())]
    return malmotor.load_scorecard(rules), malmotor.load_measures(files)


def _row(example, period, ident, engine="durable", lang="sv"):
    result = malmotor.evaluate(*example, period=period, engine=engine, lang=lang)
    return result, result.by_id()[ident]


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("period, ident, level, text, target", [
    ("T1 2019", "besok", Level.PARTLY, "bedöms delvis uppfyllas", "minst 1 200 st för året; 4/12: 400 st"),
    ("T1 2019", "nojdhet", Level.FULFILLED, "bedöms uppfyllas", "minst 60 %"),
    ("delår augusti 2019", "besok", Level.PARTLY, "bedöms delvis uppfyllas", "minst 1 200 st för året; 8/12: 800 st"),
    ("delår augusti 2019", "nojdhet", Level.PARTLY, "bedöms delvis uppfyllas", "minst 75 %"),
    ("T3 2019", "besok", Level.FULFILLED, "bedöms uppfyllas", "minst 1 200 st för året; 4/12: 400 st"),
    ("T3 2019", "nojdhet", Level.PARTLY, "bedöms delvis uppfyllas", "minst 80 %"),  # no target stated for T3
    ("2019", "besok", Level.NOT_FULFILLED, "ej uppfyllt", "minst 1 200 st"),
    ("2019", "nojdhet", Level.NOT_FULFILLED, "ej uppfyllt", "minst 80 %"),
])
def test_the_documented_example(example, engine, period, ident, level, text, target):
    result, row = _row(example, period, ident, engine)
    assert (row.level, row.level_text, row.target) == (level, text, target)
    assert result.forecast is (period != "2019")
    assert f"({text}" in row.short_explanation


def test_the_year_end_says_why_it_is_not_partly(example):
    result, row = _row(example, "2019", "besok")
    assert row.short_explanation.replace("\xa0", " ").startswith("1 100 st är under målet minst 1 200 st men når gränsen för delvis "
                                            "uppfyllt, 1 000 st (ej uppfyllt: delvis uppfyllt används inte vid "
                                            "årsbokslut).")
    assert row.year_end_rule == YEAR_END_TURNED and row.fulfilment_rule == "uppfyllelse.gräns.delvis"
    _, english = _row(example, "2019", "besok", lang="en")
    assert "(not fulfilled: partly fulfilled is not used at the year-end)" in english.short_explanation


def test_a_pro_rated_limit_for_partly_is_pro_rated_too(example):
    _, row = _row(example, "T1 2019", "besok")
    assert row.partial_limit == Decimal("333.33")
    assert "når gränsen för delvis uppfyllt, 333,33 st (bedöms delvis uppfyllas)" in row.short_explanation


def test_forecasts_in_the_title_and_legend_in_both_languages(example):
    result = malmotor.evaluate(*example, period="T1 2019")
    table = render(result, "table")
    assert table.startswith("Kulturförvaltningen 2019: prognos för måluppfyllelsen, T1 2019")
    assert "■ bedöms uppfyllas  ● bedöms delvis uppfyllas  ▲ bedöms inte uppfyllas" in table
    english = render(malmotor.evaluate(*example, period="T1 2019", lang="en"), "markdown")
    assert "forecast of goal fulfilment" in english and "expected to be partly met" in english
    assert "prognos" not in render(malmotor.evaluate(*example, period="2019"), "table").splitlines()[0]


def test_the_legend_can_word_its_own_forecasts(write):
    text = the_block(RULE_DOC.read_text(encoding="utf-8"), "yaml", "# exempel: delår").replace(
        "delvis vid årsbokslut: nej\n",
        "teckenförklaring:\n  uppfyllt: {prognos: väntas nås, prognos engelska: likely}\n")
    scorecard = malmotor.load_scorecard(write("r.yaml", text))
    measures = malmotor.load_measures(write("v.yaml", "period: T1 2019\nvärden:\n  besok: 500 st\n  nojdhet: 90 %\n"))
    assert malmotor.evaluate(scorecard, measures).by_id()["besok"].level_text == "väntas nås"
    assert malmotor.evaluate(scorecard, measures, lang="en").by_id()["besok"].level_text == "likely"


@pytest.mark.parametrize("engine", ENGINES)
def test_no_partly_at_year_end_holds_for_the_roll_up_too(write, engine):
    text = the_block(RULE_DOC.read_text(encoding="utf-8"), "yaml", "# exempel: delår").replace(
        "under året: prognos\n", "sammanvägning: sämsta\n")
    scorecard = malmotor.load_scorecard(write("r.yaml", text))
    measures = malmotor.load_measures(write("v.yaml", "period: 2019\nvärden:\n  besok: 1 300 st\n  nojdhet: 75 %\n"))
    nodes = {node.id: node for node in malmotor.evaluate(scorecard, measures, engine=engine).nodes}
    assert nodes["fler-besok"].level is Level.NOT_FULFILLED and nodes["fler-besok"].year_end_rule is None
    assert nodes["fler-besok"].counted[1].level is Level.NOT_FULFILLED
    measures = malmotor.load_measures(write("v.yaml", "period: 2019\nvärden:\n  besok: 1 300 st\n  nojdhet: 85 %\n"))
    text_alla = text.replace("sammanvägning: sämsta", "sammanvägning: {metod: andel, uppfyllt: 100 %, delvis: 50 %}")
    measures = malmotor.load_measures(write("v.yaml", "period: 2019\nvärden:\n  besok: 1 300 st\n  nojdhet: 70 %\n"))
    nodes = {node.id: node for node in malmotor.evaluate(malmotor.load_scorecard(write("r2.yaml", text_alla)),
                                                          measures, engine=engine).nodes}
    goal = nodes["fler-besok"]
    assert (goal.level, goal.year_end_rule) == (Level.NOT_FULFILLED, YEAR_END_TURNED)
    assert goal.short_explanation.endswith("→ delvis uppfyllt, som inte används vid årsbokslut: ej uppfyllt.")


@pytest.mark.parametrize("level", list(Level))
@pytest.mark.parametrize("no_partial", [True, False])
def test_the_year_end_ruleset_agrees_with_its_reference(level, no_partial):
    fact = {"id": "x", "level": level.value, "no_partial": int(no_partial)}
    fired = fire_isolated(ruleset_definition(), [fact], 10).fired["x"]
    assert fired == [decide_year_end(level, no_partial)]
    assert (fired[0] == YEAR_END_TURNED) is (level is Level.PARTLY and no_partial)
    assert set(ruleset_definition()) == {YEAR_END_STANDS, YEAR_END_TURNED, "årsbokslut.delvis_tillåten"}


def test_the_year_end_rule_table_lists_exactly_the_rules():
    from .test_docs import first_column
    assert set(first_column(RULE_DOC.read_text(encoding="utf-8"), "Årsbokslutsregel")) == set(ruleset_definition())


def test_a_manual_partly_at_a_year_end_without_partly_is_refused(example, write):
    scorecard, measures = example
    path = write("b.yaml", "bedömningar:\n  - id: besok\n    period: 2019\n    nivå: delvis uppfyllt\n"
                           "    motivering: Nästan.\n    bedömd av: Chef\n    datum: 2020-02-01\n")
    with pytest.raises(AssessmentsError) as caught:
        malmotor.evaluate(scorecard, measures, period="2019",
                          assessments=malmotor.load_assessments([path], scorecard))
    assert caught.value.diagnostics[0].code == "delvis-vid-årsbokslut"


@pytest.mark.parametrize("change, code, line", [
    (("under året: prognos", "under året: gissning"), "fel-delår", 4),
    (("delvis vid årsbokslut: nej", "delvis vid årsbokslut: kanske"), "fel-delår", 5),
    (("delårsmål: proportionellt", "delårsmål: lite"), "fel-delårsmål", 18),
    (("delårsmål: {T1: minst 60 %", "delårsmål: {T7: minst 60 %"), "fel-delårsmål", 24),
    (("delårsmål: {T1: minst 60 %", "delårsmål: {2019: minst 60 %"), "fel-delårsmål", 24),
    (("delårsmål: {T1: minst 60 %", "delårsmål: {T1: ganska bra"), None, 24),
    (("mål: minst 1 200 st", "mål: Öka"), "fel-delårsmål", 17),
])
def test_wrong_interim_settings_are_refused_at_their_line(write, change, code, line):
    text = the_block(RULE_DOC.read_text(encoding="utf-8"), "yaml", "# exempel: delår").replace(*change)
    text = text.replace("                delvis: minst 1 000 st\n", "") if change[1] == "mål: Öka" else text
    with pytest.raises(RuleFileError) as caught:
        malmotor.load_scorecard(write("r.yaml", text))
    found = [d for d in caught.value.diagnostics if d.line == line]
    assert found, caught.value.render()
    if code:
        assert found[0].code == code


def test_a_year_end_without_partly_does_not_show_partly_in_the_legend(example):
    year_end = malmotor.evaluate(*example, period="2019")
    assert year_end.partial_used is False
    table = render(year_end, "table")
    legend_line = next(line for line in table.splitlines() if line.startswith("Teckenförklaring:"))
    count_line = next(line for line in table.splitlines() if line.startswith("Antal indikatorer:"))
    assert "delvis" not in legend_line and "delvis" not in count_line and "▲ ej uppfyllt" in legend_line
    assert "● bedöms delvis uppfyllas" in render(malmotor.evaluate(*example, period="T1 2019"), "table")
