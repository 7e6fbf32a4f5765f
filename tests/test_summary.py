"""Generated summaries (Sammanfattning): wording for 0, 1, 2 and many in both genders and languages, every
number and name traceable to a verdict (on the bundled example and on generated scorecards), the same
text every time, and the section in the outputs."""

from __future__ import annotations

import csv
import io

import json
import re
import tempfile
from collections import Counter
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from num2words import num2words

import malmotor
from malmotor import Level, Reason, Trend
from malmotor.explain.summary import compose, counts_sentence
from malmotor.explain.summary_facts import counts, manually_assessed, relative_change, worsened
from malmotor.explain.wording import INDICATOR, SCORECARD, level_noun, number
from malmotor.model import (DEFAULT_LEVELS, HierarchyLevel, Period, SummaryChange, SummaryFacts, SummaryItem,
                            SummaryReason)
from malmotor.report.render import render

from .conftest import ROOT, SEED_MEASURES, SEED_RULES

PERSPECTIVE, STRATEGIC, GOAL = DEFAULT_LEVELS
AREA = HierarchyLevel(key="målområden", name="målområde", name_en="goal area", plural_en="goal areas")
NOUNS = {"mål": GOAL, "perspektiv": PERSPECTIVE, "strategiskt mål": STRATEGIC, "målområde": AREA}


def _noun(what: str, lang: str):
    return INDICATOR[lang] if what == "indikator" else level_noun(NOUNS[what], lang)


def _counts(f: int = 0, p: int = 0, e: int = 0, u: int = 0):
    levels = [Level.FULFILLED] * f + [Level.PARTLY] * p + [Level.NOT_FULFILLED] * e + [Level.NOT_ASSESSED] * u
    return counts("x", (SummaryItem(kind="nod", id=f"n{i}", name=f"Namn {i}", level=level)
                        for i, level in enumerate(levels)))


# --- wording -----------------------------------------------------------------------------------------

@pytest.mark.parametrize("what, lang, levels, expected", [
    # one of three, both genders
    ("mål", "sv", (1, 0, 2, 0), "ett av tre mål är uppfyllt och två är inte uppfyllda"),
    ("indikator", "sv", (1, 0, 2, 0), "en av tre indikatorer är uppfylld och två är inte uppfyllda"),
    ("mål", "en", (1, 0, 2, 0), "one of three goals is fulfilled and two are not fulfilled"),
    ("indikator", "en", (1, 0, 2, 0), "one of three indicators is fulfilled and two are not fulfilled"),
    # two of five; a single one after the first agrees with its gender
    ("perspektiv", "sv", (2, 1, 2, 0), "två av fem perspektiv är uppfyllda, ett är delvis uppfyllt och två är inte uppfyllda"),
    ("indikator", "sv", (2, 1, 0, 1), "två av fyra indikatorer är uppfyllda, en är delvis uppfylld och en är inte bedömd"),
    ("perspektiv", "en", (2, 1, 2, 0), "two of five perspectives are fulfilled, one is partly fulfilled and two are not fulfilled"),
    # all
    ("mål", "sv", (3, 0, 0, 0), "samtliga tre mål är uppfyllda"),
    ("indikator", "sv", (5, 0, 0, 0), "samtliga fem indikatorer är uppfyllda"),
    ("mål", "en", (3, 0, 0, 0), "all three goals are fulfilled"),
    # both, neither
    ("mål", "sv", (2, 0, 0, 0), "båda målen är uppfyllda"),
    ("indikator", "sv", (0, 2, 0, 0), "båda indikatorerna är delvis uppfyllda"),
    ("strategiskt mål", "sv", (2, 0, 0, 0), "båda de strategiska målen är uppfyllda"),
    ("målområde", "sv", (2, 0, 0, 0), "båda målområdena är uppfyllda"),
    ("mål", "en", (2, 0, 0, 0), "both goals are fulfilled"),
    ("mål", "sv", (0, 0, 2, 0), "inget av de två målen är uppfyllt"),
    ("indikator", "sv", (0, 0, 2, 0), "ingen av de två indikatorerna är uppfylld"),
    ("mål", "en", (0, 0, 2, 0), "neither goal is fulfilled"),
    ("indikator", "en", (0, 0, 0, 2), "neither indicator is assessed"),
    ("mål", "sv", (0, 1, 0, 1), "inget av de två målen är uppfyllt: ett är delvis uppfyllt och ett är inte bedömt"),
    ("mål", "en", (0, 1, 0, 1), "neither goal is fulfilled: one is partly fulfilled and one is not assessed"),
    # none fulfilled of many
    ("mål", "sv", (0, 2, 1, 0), "inget mål är uppfyllt: två av tre är delvis uppfyllda och ett är inte uppfyllt"),
    ("indikator", "sv", (0, 2, 1, 0), "ingen indikator är uppfylld: två av tre är delvis uppfyllda och en är inte uppfylld"),
    ("indikator", "en", (0, 2, 1, 0), "no indicator is fulfilled: two of three are partly fulfilled and one is not fulfilled"),
    ("perspektiv", "sv", (0, 0, 5, 0), "inget av de fem perspektiven är uppfyllt"),
    ("indikator", "en", (0, 0, 4, 0), "none of the four indicators is fulfilled"),
    # one
    ("mål", "sv", (1, 0, 0, 0), "det finns ett mål, ”Namn 0”, och det är uppfyllt"),
    ("indikator", "sv", (0, 0, 0, 1), "det finns en indikator, ”Namn 0”, och den är inte bedömd"),
    ("indikator", "en", (0, 0, 1, 0), "there is one indicator, “Namn 0”, and it is not fulfilled"),
    # many: digits throughout, never first in the sentence
    ("indikator", "sv", (9, 3, 8, 2), "av 22 indikatorer är 9 uppfyllda, 3 delvis uppfyllda, 8 inte uppfyllda och 2 inte bedömda"),
    ("mål", "sv", (12, 1, 0, 0), "av 13 mål är 12 uppfyllda och 1 delvis uppfyllt"),
    ("indikator", "en", (9, 3, 8, 2), "of 22 indicators, 9 are fulfilled, 3 are partly fulfilled, 8 are not fulfilled and 2 are not assessed"),
    # nothing to count: nothing said
    ("mål", "sv", (0, 0, 0, 0), ""),
])
def test_counts_read_naturally_for_none_one_two_and_many(what, lang, levels, expected):
    assert counts_sentence(_counts(*levels), _noun(what, lang), lang) == expected


@pytest.mark.parametrize("count, what, lang, word", [
    (1, "mål", "sv", "ett"), (1, "indikator", "sv", "en"), (1, "perspektiv", "sv", "ett"), (2, "indikator", "sv", "två"),
    (12, "mål", "sv", "tolv"), (13, "mål", "sv", "13"), (1, "mål", "en", "one"), (7, "indikator", "en", "seven"),
])
def test_small_numbers_are_words_that_agree_with_the_noun(count, what, lang, word):
    assert number(count, _noun(what, lang), lang) == word


def test_level_nouns_know_gender_and_definite_forms_of_the_usual_words():
    goal, strategic, area, indicator = (_noun(what, "sv") for what in ("mål", "strategiskt mål", "målområde", "indikator"))
    assert (goal.neuter, goal.definite, goal.definite_plural) == (True, "målet", "målen")
    assert (strategic.plural, strategic.definite, strategic.definite_plural) == \
        ("strategiska mål", "det strategiska målet", "strategiska målen")
    assert (area.plural, area.definite_plural) == ("målområden", "målområdena")
    assert (indicator.neuter, indicator.definite) == (False, "indikatorn")
    unknown = level_noun(HierarchyLevel(key="nämndmålen", name="nämnd", name_en="board", plural_en="boards"), "sv")
    assert unknown.definite is None and unknown.plural == "nämndmålen"  # forms it cannot know are left out


def _items(n: int, level: Level = Level.NOT_FULFILLED, reason: Reason | None = None, prefix: str = "I"):
    return tuple(SummaryItem(kind="indikator", id=f"{prefix}{i}", name=f"{prefix}{i}", level=level, level_reason=reason)
                 for i in range(1, n + 1))


def _facts(**changes) -> SummaryFacts:
    base = dict(level=None, children=None, goals=None, indicators=counts("indikatorer", ()), not_met=(),
                unassessed=(), without_target=(), worsened=(), trends=0)
    return SummaryFacts(**(base | changes))


def _change(i: int) -> SummaryChange:
    return SummaryChange(id=f"W{i}", name=f"W{i}", value_text=f"{i + 10} %", comparison_text=f"{i} %",
                         comparison_period=Period.parse("2018"), change=None)


@pytest.mark.parametrize("lang, facts, expected", [
    ("sv", _facts(not_met=_items(1)), "Den indikator som inte är uppfylld är ”I1”."),
    ("sv", _facts(not_met=_items(2)), "De indikatorer som inte är uppfyllda är ”I1” och ”I2”."),
    ("sv", _facts(not_met=_items(5)), "Bland de indikatorer som inte är uppfyllda finns ”I1”, ”I2” och ”I3”."),
    ("en", _facts(not_met=_items(1)), "The indicator not fulfilled is “I1”."),
    ("en", _facts(not_met=_items(5)), "The indicators not fulfilled include “I1”, “I2” and “I3”."),
    ("sv", _facts(unassessed=(SummaryReason(reason=Reason.NO_VALUE, items=_items(1, Level.NOT_ASSESSED)),
                              SummaryReason(reason=Reason.NEW_MEASURE, items=_items(2, Level.NOT_ASSESSED, prefix="N")))),
     "”I1” saknar värde; ”N1” och ”N2” är nya mått."),
    ("en", _facts(unassessed=(SummaryReason(reason=Reason.NEW_MEASURE, items=_items(1, Level.NOT_ASSESSED)),)),
     "“I1” is a new measure."),
    ("sv", _facts(unassessed=(SummaryReason(reason=Reason.NO_VALUE, items=_items(14, Level.NOT_ASSESSED)),
                              SummaryReason(reason=Reason.MANUAL, items=_items(1, Level.NOT_ASSESSED, prefix="M")))),
     "Sammanlagt 14 indikatorer saknar värde, bland dem ”I1”, ”I2” och ”I3”; ”M1” bedöms manuellt."),
    ("sv", _facts(without_target=_items(2, Level.NOT_ASSESSED, Reason.NO_TARGET)),
     "”I1” och ”I2” har inget mål och följs bara upp."),
    ("sv", _facts(trends=3), "Ingen indikator har försämrats."),
    ("en", _facts(trends=3), "No indicator has worsened."),
    ("sv", _facts(trends=0), "Det finns inget att sammanfatta."),
    ("sv", _facts(trends=3, worsened=(_change(1),)), "En indikator har försämrats: ”W1” (från 1 % 2018 till 11 %)."),
    ("en", _facts(trends=3, worsened=(_change(1), _change(2))),
     "Two indicators have worsened: “W1” (from 1 % in 2018 to 11 %) and “W2” (from 2 % in 2018 to 12 %)."),
    ("sv", _facts(trends=5, worsened=tuple(_change(i) for i in range(1, 5))),
     "Fyra indikatorer har försämrats; störst är försämringen för ”W1” (från 1 % 2018 till 11 %), ”W2” (från 2 % 2018 "
     "till 12 %) och ”W3” (från 3 % 2018 till 13 %)."),
    ("sv", _facts(manual=_items(1, Level.FULFILLED)), "En indikator har bedömts manuellt: ”I1”."),
    ("en", _facts(manual=_items(2, Level.FULFILLED)), "Two indicators have been assessed manually: “I1” and “I2”."),
    ("sv", _facts(manual=_items(4, Level.FULFILLED)), "Fyra indikatorer har bedömts manuellt, bland dem ”I1”, ”I2” och ”I3”."),
    ("sv", _facts(level=Level.PARTLY), "Sammantaget är styrkortet delvis uppfyllt."),
    ("en", _facts(level=Level.NOT_FULFILLED), "Overall, the scorecard is not fulfilled."),
    ("sv", _facts(level=Level.NOT_ASSESSED),
     "Styrkortet kan inte bedömas sammantaget, eftersom inget av det som vägs samman är bedömt."),
])
def test_lists_reasons_changes_and_manual_assessments_read_naturally(lang, facts, expected):
    assert compose(facts, SCORECARD[lang], "Styrkort", None, None, lang) == expected


def test_a_node_s_verdict_agrees_with_its_level_s_gender():
    facts = _facts(level=Level.FULFILLED)
    assert compose(facts, _noun("perspektiv", "sv"), "P", None, None, "sv") == "Sammantaget är perspektivet uppfyllt."
    assert compose(facts, _noun("strategiskt mål", "sv"), "P", None, None, "sv") == \
        "Sammantaget är det strategiska målet uppfyllt."
    assert compose(facts, _noun("perspektiv", "en"), "P", None, None, "en") == "Overall, the perspective is fulfilled."


# --- the facts ---------------------------------------------------------------------------------------

def _seed(lang: str = "sv", rules: Path = SEED_RULES, engine: str = "durable"):
    return malmotor.evaluate(malmotor.load_scorecard(rules), malmotor.load_measures(SEED_MEASURES), period="2018",
                             lang=lang, engine=engine)


@pytest.fixture(scope="module")
def seed():
    return {lang: _seed(lang) for lang in ("sv", "en")}


def test_the_seed_summary_reads_like_the_report_s(seed):
    whole, *perspectives = [summary for summary in seed["sv"].summaries]
    assert (whole.node, whole.depth, whole.level_name) == ("styrkort", -1, "styrkort")
    assert [summary.name for summary in perspectives] == \
        ["Medborgare", "Verksamhet", "Kunskap och förnyelse", "Medarbetare", "Ekonomi"]
    assert whole.text.startswith("Sammantaget är styrkortet delvis uppfyllt. Två av fem perspektiv är uppfyllda "
                                 "(”Verksamhet” och ”Ekonomi”), två är delvis uppfyllda")
    assert "Av 22 mål är 9 uppfyllda, 3 delvis uppfyllda, 8 inte uppfyllda och 2 inte bedömda." in whole.text
    assert "”Andel certifierade Hälsofrämjande arbetsplatser” saknar värde och ”Personalomsättning” är ett nytt mått." \
        in whole.text
    assert "Två indikatorer har försämrats: ”Sjukfrånvaro” (från 3,4 % 2017 till 3,8 %) och ”Extra tid (övertid, " \
           "mertid, fyllnadstid)” (från 10\u00a0000 timmar 2017 till 10\u00a0400 timmar)." in whole.text
    economy = perspectives[-1]
    assert economy.text == "Sammantaget är perspektivet uppfyllt. Båda målen är uppfyllda. Ingen indikator har försämrats."
    english = seed["en"].summaries[-1]
    assert english.text == "Overall, the perspective is fulfilled. Both goals are fulfilled. No indicator has worsened."
    assert seed["en"].summaries[0].text.startswith("Overall, the scorecard is partly fulfilled. Two of five perspectives")


def test_largest_deterioration_is_the_largest_relative_change(seed):
    rows = [row for row in seed["sv"].indicators if row.group is None]
    found = worsened(rows)
    # sjukfrånvaro 3,4 → 3,8 is +11,76 %; extra tid 10 000 → 10 400 is +4 %: the larger first, though later in the file
    assert [(change.id, str(change.change)) for change in found] == [("sjukfranvaro", "11.76"), ("extra-tid", "4.00")]


def test_relative_change_is_exact_for_the_largest_values():
    row = _seed("sv", engine="reference").by_id()["sjukfranvaro"]
    base = row.trend_comparison.model_copy(update={"value": Decimal("0.000000000000001")})
    huge = row.model_copy(update={"value": Decimal("999999999999999"), "trend_comparison": base})
    assert relative_change(huge) == Decimal("99999999999999899999999999999900.00")  # exact: (v − b) / b × 100
    assert relative_change(row.model_copy(update={"trend_comparison": base.model_copy(update={"value": Decimal(0)})})) \
        is None


def test_facts_are_the_verdicts_counted(seed):
    result = seed["sv"]
    whole = result.summaries[0].facts
    own = [row for row in result.indicators if row.group is None and row.level_reason is not Reason.NO_TARGET]
    assert Counter(row.level for row in own) == Counter(item.level for item in whole.indicators.items)
    assert whole.level is Level.PARTLY and whole.method == "majoritet"
    assert [item.id for item in whole.children.items] == \
        ["medborgare", "verksamhet", "kunskap-och-fornyelse", "medarbetare", "ekonomi"]
    assert {reason.reason: [item.id for item in reason.items] for reason in whole.unassessed} == \
        {Reason.NO_VALUE: ["halsoframjande-arbetsplatser"], Reason.NEW_MEASURE: ["personalomsattning"]}
    assert whole.trends == sum(1 for row in own if row.trend in (Trend.IMPROVED, Trend.UNCHANGED, Trend.WORSENED))
    assert [item.id for item in whole.manual] == [row.id for row in own if getattr(row, "manual", None) is not None
                                                   and row.manual.decided]


# --- traceability -----------------------------------------------------------------------------------

_NUMBER = re.compile(r"\d+(?:[  ]\d{3})*(?:[.,]\d+)?")
_QUOTED = {"sv": re.compile(r"”([^”]*)”"), "en": re.compile(r"“([^”]*)”")}
_WORD = re.compile(r"[^\W\d_]+")
# Fixed phrases whose articles and "no" are not counts.
_PHRASES = {"sv": ("ett nytt mått", "inget mål och följs"), "en": ("no value", "no target", "a new measure",
                                                                    "a comparison value")}
_ZERO = {"sv": {"inget", "ingen"}, "en": {"no", "none"}}
_TWO = {"sv": {"båda"}, "en": {"both", "neither"}}


def _number_words(lang: str) -> dict[str, int]:
    words = {num2words(n, lang=lang): n for n in range(1, 13)}
    if lang == "sv":
        words["en"] = 1  # the common gender's "one"
    return words


def _name(text: str) -> str:
    return " ".join(text.split()).rstrip(".")


def _scopes(result, unit):
    """Per summary scope: the indicators' own rows and the nodes in it, from the result's verdicts alone."""
    rows = [row for row in result.indicators if row.org_unit == unit and row.group is None]
    nodes = [node for node in result.nodes if node.org_unit == unit]
    yield "styrkort", rows, nodes
    for top in {row.path[0].id for row in rows if row.path} | {node.id for node in nodes if node.depth == 0}:
        yield top, [row for row in rows if row.path and row.path[0].id == top], \
            [node for node in nodes if node.id == top or (node.path and node.path[0].id == top)]


def _allowed_counts(rows, nodes) -> set[int]:
    """Every count a summary of this scope may state, counted here from the verdicts."""
    judged = [row for row in rows if row.level_reason is not Reason.NO_TARGET]
    groups = [judged, [row for row in judged if row.trend is Trend.WORSENED],
              [row for row in rows if row.level_reason is Reason.NO_TARGET],
              [row for row in rows if getattr(row, "manual", None) is not None and row.manual.decided]]
    groups += [[row for row in judged if row.level is level] for level in Level]
    groups += [[row for row in judged if row.level is Level.NOT_ASSESSED and row.level_reason is reason]
               for reason in [*Reason, None]]
    for depth in {node.depth for node in nodes}:
        at = [node for node in nodes if node.depth == depth]
        groups += [at] + [[node for node in at if node.level is level] for level in Level]
    return {len(group) for group in groups}


def _verdict_numbers(result) -> set[str]:
    """Every number written in a verdict of the result: values, comparison values, periods."""
    texts = [result.period.text, result.period.sentence(result.language)]
    for row in result.indicators:
        texts += [row.value_text, row.period.text]
        for comparison in (row.trend_comparison, row.target_comparison):
            if comparison is not None:
                texts += [comparison.text, comparison.period.text, comparison.period.sentence(result.language)]
    return {number for text in texts for number in _NUMBER.findall(text)}


def assert_traceable(result) -> None:
    """Every quoted name in a summary is a row's or a node's in its scope; every number, in digits or in words,
    is written in a verdict or is a count of the scope's verdicts."""
    lang = result.language
    written, words = _verdict_numbers(result), _number_words(lang)
    for unit in result.org_units:
        scopes = {node: (rows, nodes) for node, rows, nodes in _scopes(result, unit)}
        for summary in (summary for summary in result.summaries if summary.org_unit == unit):
            rows, nodes = scopes[summary.node]
            names = {_name(row.name) for row in rows} | {_name(node.name) for node in nodes}
            allowed = _allowed_counts(rows, nodes)
            for name in _QUOTED[lang].findall(summary.text):
                assert name in names, (name, summary.text)
            rest = _QUOTED[lang].sub(" ", summary.text)
            for phrase in _PHRASES[lang]:
                rest = rest.replace(phrase, " ")
            for token in _NUMBER.findall(rest):
                assert token in written or (token.isdigit() and int(token) in allowed), (token, summary.text)
            for word in _WORD.findall(rest.lower()):
                if word in words:
                    assert words[word] in allowed, (word, summary.text)
                if word in _ZERO[lang]:
                    assert 0 in allowed, (word, summary.text)
                if word in _TWO[lang]:
                    assert 2 in allowed, (word, summary.text)


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_every_number_and_name_in_the_seed_summaries_is_a_verdict_s(seed, lang):
    assert_traceable(seed[lang])
    assert len(seed[lang].summaries) == 6


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_without_roll_up_the_summaries_say_what_the_indicators_got(lang, tmp_path):
    rules = tmp_path / "regler.yaml"
    rules.write_text(SEED_RULES.read_text(encoding="utf-8").replace("sammanvägning: {metod: majoritet, räkna: mål}\n", ""),
                     encoding="utf-8")
    result = _seed(lang, rules, engine="reference")
    assert result.nodes == ()
    assert_traceable(result)
    whole, *perspectives = result.summaries
    assert whole.facts.level is None and whole.facts.children is None and whole.facts.goals is None
    assert len(perspectives) == 5 and all(summary.facts.level is None for summary in perspectives)
    if lang == "sv":
        assert whole.text.startswith("Av 22 indikatorer är 9 uppfyllda, 3 delvis uppfyllda, 8 inte uppfyllda och 2 "
                                     "inte bedömda. Bland de indikatorer som inte är uppfyllda finns ”Möjlighet att "
                                     "mäta antalet IT-säkerhetsincidenter”")
        assert perspectives[-1].text == "Båda indikatorerna är uppfyllda. Ingen indikator har försämrats."
    else:
        assert perspectives[-1].text == "Both indicators are fulfilled. No indicator has worsened."


# Generated scorecards: perspectives → one strategic goal → goals → indicators, with thresholds, partial limits,
# changes, new measures, no targets and missing values, with and without roll-up, in both languages.
_TARGETS = [("minst 50 %", "  delvis: minst 30 %\n"), ("högst 20 %", ""), ("Öka", ""), ("Nytt mått", ""),
            ("Inget mål", ""), ("minst 80 %", "")]
_VALUE = st.one_of(st.integers(0, 100).map(lambda n: f"{n} %"), st.just("saknas"))
_NAME = st.text(st.sampled_from("abcåäö ABC-"), min_size=1, max_size=12).map(str.strip).filter(bool)


@st.composite
def scorecards(draw):
    method = draw(st.sampled_from([None, "alla", "majoritet", "sämsta", "{metod: majoritet, räkna: mål}"]))
    lines = ["malmotor: 1", "styrkort: Prov", *([f"sammanvägning: {method}"] if method else []), "perspektiv:"]
    values, counter = [], 0
    for p in range(draw(st.integers(1, 3))):
        lines += [f"  - namn: Perspektiv {draw(_NAME)} {p}", "    strategiska mål:", f"      - namn: Strategi {p}",
                  "        mål:"]
        for g in range(draw(st.integers(1, 3))):
            lines += [f"          - namn: Mål {draw(_NAME)} {p}.{g}.", "            indikatorer:"]
            for _ in range(draw(st.integers(1, 3))):
                counter += 1
                target, partial = draw(st.sampled_from(_TARGETS))
                lines += [f"              - id: i{counter}", f"                namn: Indikator {draw(_NAME)} {counter}",
                          '                enhet: "%"', f"                mål: {target}"]
                lines += ["              " + line for line in partial.splitlines()]
                values.append((f"i{counter}", draw(_VALUE), draw(_VALUE)))
    return "\n".join(lines) + "\n", values, draw(st.sampled_from(["sv", "en"]))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(scorecards())
def test_every_number_and_name_in_generated_summaries_is_a_verdict_s(case):
    rules, values, lang = case
    with tempfile.TemporaryDirectory() as folder:
        rules_path, before, now = Path(folder, "regler.yaml"), Path(folder, "2018.yaml"), Path(folder, "2019.yaml")
        rules_path.write_text(rules, encoding="utf-8")
        before.write_text("period: 2018\nvärden:\n" + "".join(f"  {i}: {old}\n" for i, old, _ in values), encoding="utf-8")
        now.write_text("period: 2019\nvärden:\n" + "".join(f"  {i}: {new}\n" for i, _, new in values), encoding="utf-8")
        result = malmotor.evaluate(malmotor.load_scorecard(rules_path), malmotor.load_measures([before, now]),
                                   period=2019, lang=lang, engine="reference")
    assert_traceable(result)
    assert [summary.node for summary in result.summaries][0] == "styrkort"
    assert all(summary.text.strip() and summary.text.endswith(".") for summary in result.summaries)


def test_every_unit_gets_its_own_summaries(tmp_path):
    rules = tmp_path / "regler.yaml"
    rules.write_text("malmotor: 1\nstyrkort: Test\nsammanvägning: alla\nenheter: [Nord, Syd]\nperspektiv:\n"
                     "  - namn: P\n    strategiska mål:\n      - namn: S\n        mål:\n          - namn: M\n"
                     "            indikatorer:\n              - {id: a, namn: A, enhet: \"%\", mål: minst 80 %}\n",
                     encoding="utf-8")
    measures = tmp_path / "varden.csv"
    measures.write_text("indikator;enhet;period;värde\na;Nord;2019;90 %\na;Syd;2019;10 %\n", encoding="utf-8")
    result = malmotor.evaluate(malmotor.load_scorecard(rules), malmotor.load_measures(measures), period=2019,
                               engine="reference")
    assert [(summary.org_unit, summary.node) for summary in result.summaries] == \
        [("Nord", "styrkort"), ("Nord", "p"), ("Syd", "styrkort"), ("Syd", "p")]
    assert result.summaries[0].text.startswith("Sammantaget är styrkortet uppfyllt.")
    assert result.summaries[2].text.startswith("Sammantaget är styrkortet inte uppfyllt.")
    assert_traceable(result)
    assert render(result, "table").count("Sammanfattning\n") == 2


# --- determinism and outputs ----------------------------------------------------------------------------

def test_the_same_assessment_gives_the_same_summaries():
    scorecard = malmotor.load_scorecard(SEED_RULES)
    assessment = malmotor.assess(scorecard, malmotor.load_measures(SEED_MEASURES), period="2018", engine="reference")
    first, again = malmotor.present(assessment, "sv"), malmotor.present(assessment, "sv")
    assert first.summaries == again.summaries
    assert json.dumps([s.model_dump(mode="json") for s in first.summaries]) == \
        json.dumps([s.model_dump(mode="json") for s in again.summaries])
    assert first.summaries == _seed("sv", engine="reference").summaries


def test_summaries_in_the_table_markdown_and_json(seed):
    table = render(seed["sv"], "table")
    assert table.index("Sammanfattning\n\nSammantaget är styrkortet delvis uppfyllt.") < table.index("| Perspektiv")
    assert "\nEkonomi: Sammantaget är perspektivet uppfyllt. Båda målen är uppfyllda." in table
    assert "Antal indikatorer: uppfyllt 9, delvis uppfyllt 3, ej uppfyllt 8, ej bedömt 2, totalt 22" in table
    assert "Sammanfattning:" not in table  # the count line is not a second "Sammanfattning"
    markdown = render(seed["en"], "markdown")
    assert "### Summary\n\nOverall, the scorecard is partly fulfilled." in markdown
    assert "**Ekonomi:** Overall, the perspective is fulfilled." in markdown
    assert "Indicator count: fulfilled 9," in markdown
    data = json.loads(render(seed["sv"], "json"))
    first = data["summaries"][0]
    assert (first["node"], first["level_name"], first["depth"]) == ("styrkort", "styrkort", -1)
    assert first["facts"]["indicators"]["fulfilled"] == 9 and first["facts"]["level"] == "delvis_uppfyllt"
    assert first["facts"]["worsened"][0]["change"] == 11.76
    summary_rows = [row for row in csv.reader(io.StringIO(render(seed["sv"], "csv")), delimiter=";")
                    if row[18] == "sammanfattning"]
    assert [row[0] for row in summary_rows][:2] == ["styrkort", "medborgare"]
    assert summary_rows[0][17].startswith("Sammantaget är styrkortet delvis uppfyllt.")


def test_the_manual_assessment_marker_is_read_in_one_place(seed):
    rows = [row for row in seed["sv"].indicators if row.group is None]
    decided = [row.id for row in rows if getattr(row, "manual", None) is not None and row.manual.decided]
    assert [item.id for item in manually_assessed(rows)] == decided



def test_the_documented_example_runs_and_quotes_the_seed_s_text(monkeypatch, capsys, seed):
    text = (ROOT / "docs" / "library.md").read_text(encoding="utf-8")
    code = re.search(r"```python\n# example: summaries\n(.*?)```", text, re.S).group(1)
    monkeypatch.chdir(ROOT)
    exec(compile(code, "docs/library.md", "exec"), {})
    quoted = re.search(r"scorecard's text is:\n\n((?:> .*\n)+)", text).group(1)
    assert " ".join(line[2:] for line in quoted.splitlines()) == seed["sv"].summaries[0].text.replace("\u00a0", " ")
    assert capsys.readouterr().out.startswith("Sammantaget är styrkortet delvis uppfyllt.")
