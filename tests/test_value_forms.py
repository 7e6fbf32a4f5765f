"""Values as published reports print them (docs/measures-format.md, "Hur värden skrivs"):

* `Statistik saknas`, `Uppgift saknas`, `-`, `–`, `..` are missing values, and the explanation quotes
  the word as written;
* a sign followed by a space (`– 4,9 procent`) is a negative number;
* footnote markers (`14,4*`, `14,4 1)`, `14,4¹`) are dropped, with a located warning;
* a change written after a value (`3,8 % (+0,4 procentenheter jämfört med föregående år)`) gives the
  comparison value of the period before, said to be derived in the explanation and in the result;
* a value that cannot be used stops an evaluation only in a period it reads (the judged period and
  the comparison periods); in other periods it is a warning with the same message.
"""

from __future__ import annotations

import json
import re
from decimal import Decimal
from pathlib import Path

import pytest

import malmotor
from malmotor.decide.inputs import gather_inputs
from malmotor.diagnostics import MeasuresError

from .conftest import ROOT, rule_file

MEASURES_DOC = ROOT / "docs" / "measures-format.md"
RULE_DOC = ROOT / "docs" / "rule-format.md"

INDICATORS = """
- id: sjuk
  namn: Sjukfrånvaro
  enhet: "%"
  riktning: lägre är bättre
  mål: Minska
  värdeområde: 0–100
- id: besok
  namn: Besök
  riktning: högre är bättre
  mål: Öka
- id: kostnad
  namn: Konsultkostnad
  enhet: mnkr
  riktning: lägre är bättre
  mål: Ingen ökning i jmf med 2016
- id: resultat
  namn: Resultat
  enhet: mnkr
  riktning: högre är bättre
  mål: minst 0 mnkr
- id: styrmodell
  namn: Styrmodell
  mål: Genomförd
"""


@pytest.fixture
def scorecard(write):
    return malmotor.load_scorecard(write("regler.yaml", rule_file(INDICATORS)))


@pytest.fixture
def csv(write):
    """A CSV measures file with the given `indikator;period;värde` rows."""
    def _csv(rows: str, name: str = "varden.csv") -> Path:
        return write(name, "indikator;period;värde\n" + "\n".join(
            line.strip() for line in rows.strip().splitlines()) + "\n")
    return _csv


def line_of(path: Path, fragment: str) -> int:
    [number] = [n for n, text in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if fragment in text]
    return number


def evaluate(scorecard, *paths: Path, period="2019", **options) -> malmotor.EvaluationResult:
    return malmotor.evaluate(scorecard, malmotor.load_measures(list(paths)), period=period, **options)


def errors(scorecard, *paths: Path, period="2019") -> list[malmotor.Diagnostic]:
    with pytest.raises(MeasuresError) as info:
        evaluate(scorecard, *paths, period=period)
    return info.value.diagnostics


def own_warnings(result) -> list[malmotor.Diagnostic]:
    """The warnings, less the reminder that a comparison period has no file."""
    return [w for w in result.warnings if w.code != "jämförelseperiod-saknas"]


# --- 1. words for a missing value, quoted in the explanation ------------------------------------------

@pytest.mark.parametrize("written", ["Statistik saknas", "statistik  saknas", "Uppgift saknas", "-", "–", ".."])
def test_the_words_of_published_reports_are_missing_values(scorecard, csv, written):
    path = csv(f"sjuk;2019;{written}")
    result = evaluate(scorecard, path)
    row = result.by_id()["sjuk"]
    assert (row.level, row.level_reason, row.value_source) == (
        malmotor.Level.NOT_ASSESSED, malmotor.Reason.NO_VALUE, f"{path}:2")
    assert own_warnings(result) == []


@pytest.mark.parametrize("written, quoted", [("Statistik saknas", "Statistik saknas"), ("..", ".."),
                                             ("uppgift  saknas", "uppgift saknas"), ("–", "–")])
def test_the_explanation_quotes_the_word_the_value_is_written_with(scorecard, csv, written, quoted):
    path = csv(f"sjuk;2019;{written}\nstyrmodell;2019;{written}")
    rows = evaluate(scorecard, path).by_id()
    assert rows["sjuk"].short_explanation.startswith(
        f"Värde för 2019 saknas; det är angivet som '{quoted}' i mätvärdena (ej bedömt).")
    assert f"angivet som '{quoted}'" in rows["styrmodell"].explanation  # a milestone too
    english = evaluate(scorecard, path, lang="en").by_id()["sjuk"]
    assert english.short_explanation.startswith(f"No value for 2019; it is given as '{quoted}' in the measures")


def test_saknas_itself_keeps_the_sentence_it_always_had(scorecard, csv):
    row = evaluate(scorecard, csv("sjuk;2019;saknas")).by_id()["sjuk"]
    assert row.short_explanation.startswith("Värde för 2019 saknas; det är angivet som saknat i mätvärdena")


def test_two_points_in_a_yaml_file_are_a_missing_value_without_quotes(scorecard, write):
    path = write("2019.yaml", "period: 2019\nvärden:\n  sjuk: ..\n  besok: Statistik saknas\n")
    rows = evaluate(scorecard, path).by_id()
    assert "angivet som '..'" in rows["sjuk"].explanation
    assert "angivet som 'Statistik saknas'" in rows["besok"].explanation


# --- 2. a sign followed by a space ---------------------------------------------------------------------

@pytest.mark.parametrize("written", ["– 4,9 mnkr", "- 4,9 mnkr", "− 4,9 mnkr", "−  4,9", "– 4,9"])
def test_a_sign_followed_by_a_space_is_a_negative_number(scorecard, csv, written):
    row = evaluate(scorecard, csv(f"resultat;2019;{written}")).by_id()["resultat"]
    assert row.value == Decimal("-4.9") and row.level is malmotor.Level.NOT_FULFILLED


def test_a_negative_share_written_with_a_space_is_outside_the_range(scorecard, csv):
    [found] = errors(scorecard, csv("sjuk;2019;– 4,9 procent"))
    assert found.code == "utanför-värdeområde" and "'– 4,9 procent'" in found.message


def test_a_quoted_sign_and_space_in_yaml(scorecard, write):
    path = write("2019.yaml", 'period: 2019\nvärden:\n  resultat: "- 4,9 mnkr"\n')
    assert evaluate(scorecard, path).by_id()["resultat"].value == Decimal("-4.9")


# --- 3. footnote markers -------------------------------------------------------------------------------

@pytest.mark.parametrize("written, marker", [
    ("14,4*", "*"), ("14,4 1)", "1)"), ("14,4¹", "¹"), ("14,4 mnkr*", "*"), ("14,4* mnkr", "*"),
    ("14,4¹ mnkr", "¹"), ("14,4 (1)", "(1)"), ("14,4 **", "**"),
])
def test_a_footnote_marker_is_dropped_with_a_warning_that_says_so(scorecard, csv, written, marker):
    path = csv(f"resultat;2018;1\nresultat;2019;{written}")
    result = evaluate(scorecard, path)
    row = result.by_id()["resultat"]
    assert row.value == Decimal("14.4") and row.level is malmotor.Level.FULFILLED
    [found] = own_warnings(result)
    assert (found.severity, found.code, found.file, found.line) == ("varning", "fotnot-borttagen", str(path), 3)
    assert found.message == (f"Värdet '{written}' för 'resultat' har fotnotstecknet '{marker}', som inte hör till "
                             f"värdet: det läses som '{written.replace(marker, '').strip().replace('  ', ' ')}'.")
    assert "kommentar" in found.hint


def test_a_footnote_after_a_status_or_a_missing_word_is_dropped_too(scorecard, csv):
    result = evaluate(scorecard, csv("styrmodell;2019;genomförd *\nsjuk;2019;Statistik saknas 2)"))
    rows = result.by_id()
    assert rows["styrmodell"].level is malmotor.Level.FULFILLED
    assert "angivet som 'Statistik saknas'" in rows["sjuk"].explanation
    assert [w.code for w in own_warnings(result)] == ["fotnot-borttagen", "fotnot-borttagen"]


def test_a_footnote_in_a_spreadsheet_names_the_cell(scorecard, tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["indikator", "period", "värde"])
    sheet.append(["resultat", "2019", "14,4*"])
    path = tmp_path / "v.xlsx"
    book.save(path)
    [found] = own_warnings(evaluate(scorecard, path))
    assert found.code == "fotnot-borttagen" and found.where == f"{path}:{sheet.title}!C2"


def test_a_superscript_after_a_letter_is_part_of_the_unit_not_a_footnote(write, csv):
    scorecard = malmotor.load_scorecard(write("r.yaml", rule_file("""
        - id: energi
          namn: Energi
          enhet: kWh/m²
          riktning: lägre är bättre
          mål: högst 130 kWh/m²
    """)))
    result = evaluate(scorecard, csv("energi;2019;120 kWh/m²"))
    assert result.by_id()["energi"].value == Decimal(120) and own_warnings(result) == []


def test_digits_and_a_parenthesis_without_a_space_are_no_footnote(scorecard, csv):
    [found] = errors(scorecard, csv("resultat;2019;14,41)"))
    assert found.code == "inget-tal"


# --- 4. a change instead of the previous value ---------------------------------------------------------

def test_percentage_points_give_the_previous_share(scorecard, csv):
    path = csv("sjuk;2019;3,8 % (+0,4 procentenheter jämfört med föregående år)")
    result = evaluate(scorecard, path)
    row = result.by_id()["sjuk"]
    base = row.trend_comparison
    assert (base.period.text, base.found, base.value, base.text) == ("2018", True, Decimal("3.4"), "3,4 %")
    assert base.source == f"{path}:2 (räknat ur förändringen '+0,4 procentenheter jämfört med föregående år')"
    assert row.target_comparison == base
    assert (row.value, row.level, row.trend) == (Decimal("3.8"), malmotor.Level.NOT_FULFILLED,
                                                 malmotor.Trend.WORSENED)
    assert row.short_explanation == ("3,8 % har inte minskat från 3,4 % 2018, räknat ur ökningen 0,4 "
                                     "procentenheter (ej uppfyllt). Försämring; lägre är bättre.")
    english = evaluate(scorecard, path, lang="en").by_id()["sjuk"]
    assert "from 3.4 % in 2018, derived from the increase of 0.4 percentage points" in english.explanation
    # the change gives 2018: no reminder that 2018 has no file
    assert result.warnings == ()
    document = json.loads(result.to_json())["indicators"][0]["trend_comparison"]
    assert document["value"] == 3.4 and "räknat ur förändringen" in document["source"]


@pytest.mark.parametrize("written, previous", [
    ("3,5 % (minskning med 0,3 procentenheter)", "3.8"),
    ("3,5 % (−0,3 procentenheter)", "3.8"),
    ("3,5 % (- 0,3 procentenheter jmf med föregående år)", "3.8"),
    ("3,5 % (minskat med 0,3 %-enheter sedan föregående period)", "3.8"),
    ("3,5 % (+1,2 procentenheter jämfört med föregående år)", "2.3"),
    ("3,5 % (ökning med 0 procentenheter)", "3.5"),
])
def test_changes_of_a_share_are_in_percentage_points(scorecard, csv, written, previous):
    base = evaluate(scorecard, csv(f"sjuk;2019;{written}")).by_id()["sjuk"].trend_comparison
    assert base.value == Decimal(previous) and base.period.text == "2018"


@pytest.mark.parametrize("written, previous", [
    ("1 248 (ökning med 4 %)", "1200"),
    ("960 (minskning med 4 %)", "1000"),
    ("960 (−4 procent)", "1000"),
    ("3,8 (ökning med 4 %)", "3.65"),  # one decimal more than the value
    ("100 (+0,01 %)", "99.99"),  # more, where one would round it back to the value
    ("1 248 (+48)", "1200"),  # without a unit: in the indicator's (none)
])
def test_a_percentage_of_a_value_not_in_percent_is_relative(scorecard, csv, written, previous):
    base = evaluate(scorecard, csv(f"besok;2019;{written}")).by_id()["besok"].trend_comparison
    assert base.value == Decimal(previous) and str(base.value) == previous


def test_a_relative_change_is_named_as_such_in_the_explanation(scorecard, csv):
    row = evaluate(scorecard, csv("besok;2019;1 248 (ökning med 4 %)")).by_id()["besok"]
    assert row.short_explanation.replace("\u00a0", " ") == (
        "1 248 har ökat från 1 200 2018, räknat ur ökningen 4 % (uppfyllt). Förbättring; högre är bättre.")


def test_a_change_in_the_indicators_unit_is_absolute_and_a_year_names_the_base(scorecard, csv):
    path = csv("kostnad;2019;1,9 mnkr (−0,5 mnkr jämfört med 2016)\nkostnad;2018;1,9 mnkr")
    row = evaluate(scorecard, path).by_id()["kostnad"]
    assert (row.target_comparison.period.text, row.target_comparison.value) == ("2016", Decimal("2.4"))
    assert row.trend_comparison.source == f"{path}:3"  # 2018 is measured
    assert row.short_explanation == (
        "1,9 mnkr är ingen ökning jämfört med 2,4 mnkr 2016, räknat ur minskningen 0,5 mnkr (uppfyllt). "
        "Oförändrat jämfört med 1,9 mnkr 2018; lägre är bättre.")


def test_a_footnote_next_to_a_change_is_dropped_too(scorecard, csv):
    path = csv("sjuk;2019;3,8 %* (+0,4 procentenheter)\nbesok;2019;1 248 (ökning med 4 %) 1)")
    result = evaluate(scorecard, path)
    rows = result.by_id()
    assert (rows["sjuk"].trend_comparison.value, rows["besok"].trend_comparison.value) == (Decimal("3.4"), 1200)
    assert [(w.code, w.line) for w in result.warnings] == [("fotnot-borttagen", 2), ("fotnot-borttagen", 3)]


def test_a_derived_comparison_value_survives_the_assessments_json(scorecard, csv):
    assessment = malmotor.assess(scorecard, malmotor.load_measures(csv("sjuk;2019;3,8 % (+0,4 procentenheter)")),
                                 "2019")
    again = malmotor.Assessment.from_json(assessment.to_json())
    assert again == assessment
    assert "räknat ur ökningen 0,4 procentenheter" in malmotor.present(again).by_id()["sjuk"].explanation


def test_both_engines_judge_a_derived_comparison_value_alike(scorecard, csv):
    path = csv("sjuk;2019;3,5 % (−0,3 procentenheter)\nbesok;2019;1 248 (ökning med 4 %)")
    durable, reference = evaluate(scorecard, path), evaluate(scorecard, path, engine="reference")
    assert [(r.level, r.trend) for r in durable.indicators] == [(r.level, r.trend) for r in reference.indicators]
    assert durable.by_id()["sjuk"].trend is malmotor.Trend.IMPROVED


def test_a_change_in_a_tertial_counts_from_the_period_it_names(write):
    scorecard = malmotor.load_scorecard(write("r.yaml", rule_file("""
        - id: besok
          namn: Besök
          riktning: högre är bättre
          mål: Öka
    """)))
    path = write("t.csv", "indikator;period;värde\nbesok;T2 2019;110 (+10)\n"
                          "besok;T3 2019;120 (+20 jämfört med föregående år)\n")
    measures = malmotor.load_measures(path)
    second = malmotor.evaluate(scorecard, measures, period="T2 2019").by_id()["besok"].trend_comparison
    third = malmotor.evaluate(scorecard, measures, period="T3 2019").by_id()["besok"].trend_comparison
    assert (second.period.text, second.value) == ("T1 2019", Decimal(100))
    assert (third.period.text, third.found) == ("T2 2019", True)  # measured: 110
    assert third.value == Decimal(110)
    inputs, _ = gather_inputs(scorecard, measures, "T3 2019")
    [key] = inputs
    assert inputs[key].trend_base.derived is False


def test_a_measured_previous_value_wins_and_agreeing_values_give_no_warning(scorecard, csv):
    path = csv("sjuk;2018;3,3 %\nsjuk;2019;3,8 % (+0,4 procentenheter)")  # 3,84 − 0,45 can be 3,3
    result = evaluate(scorecard, path)
    base = result.by_id()["sjuk"].trend_comparison
    assert (base.value, base.source) == (Decimal("3.3"), f"{path}:2")
    assert "räknat ur" not in result.by_id()["sjuk"].explanation
    assert result.warnings == ()


def test_a_measured_previous_value_that_disagrees_wins_with_a_warning(scorecard, csv):
    path = csv("sjuk;2018;3,6 %\nsjuk;2019;3,8 % (+0,4 procentenheter)")
    result = evaluate(scorecard, path)
    assert result.by_id()["sjuk"].trend_comparison.value == Decimal("3.6")
    [found] = result.warnings
    assert (found.severity, found.code, found.file, found.line) == (
        "varning", "förändring-stämmer-inte", str(path), 3)
    assert found.message == (f"Förändringen i '3,8 % (+0,4 procentenheter)' för 'sjuk' ger 3,4 % för 2018, men "
                             f"mätvärdena har 3,6 % för 2018 ({path}:2).")
    assert found.hint.startswith("Det mätta värdet används.")


def test_a_relative_change_that_disagrees_with_the_measured_value(scorecard, csv):
    agreeing = evaluate(scorecard, csv("besok;2018;1 201\nbesok;2019;1 248 (ökning med 4 %)"))
    assert agreeing.warnings == ()  # 4 % can be 3,95 %: 1 248 / 1,0395 = 1 200,6
    disagreeing = evaluate(scorecard, csv("besok;2018;1 150\nbesok;2019;1 248 (ökning med 4 %)", name="b.csv"))
    assert [w.code for w in disagreeing.warnings] == ["förändring-stämmer-inte"]


@pytest.mark.parametrize("indicator, written, code, fragment", [
    ("sjuk", "3,8 % (+0,4 %)", "tvetydig-förändring", "både i procentenheter och i procent av värdet"),
    ("sjuk", "3,8 % (ökning med 0,4)", "tvetydig-förändring", "både i procentenheter och i procent av värdet"),
    ("besok", "1 248 (+4 procentenheter)", "fel-enhet", "är i procentenheter, men indikatorn är ingen andel"),
    ("kostnad", "2,4 mnkr (+500 tkr)", "fel-enhet", "har enheten 'tkr' men indikatorn har enheten 'mnkr'"),
    ("besok", "1 248 (prel.)", "okänd-förändring", "en förändring inom parentes, '(prel.)', som inte kan läsas"),
    ("besok", "1 248 (148)", "okänd-förändring", "som inte kan läsas"),  # no sign: not a change
    ("besok", "1 248 (ökning med +48)", "okänd-förändring", "med både ord och tecken"),
    ("besok", "1 248 (minskning med 100 %)", "okänd-förändring", "så mycket kan ett värde inte minska"),
    ("besok", "saknas (+48)", "förändring-utan-värde", "anger en förändring men inget värde"),
    ("besok", "1 248 (+48 jämfört med 2019)", "förändring-efter-perioden", "med 2019, men värdet gäller 2019"),
    ("sjuk", "3,8 % (+4,0 procentenheter)", "utanför-värdeområde", "Värdet för 2018 som förändringen i"),
    ("besok", "1 248 (+1,000)", "tvetydigt-tal", "kan läsas både som 1 000 och som 1"),
])
def test_a_change_that_cannot_be_used_is_an_error(scorecard, csv, indicator, written, code, fragment):
    path = csv(f"{indicator};2019;{written}")
    [found] = errors(scorecard, path)
    assert (found.code, found.file, found.line) == (code, str(path), 2), found.render()
    assert fragment in found.message, found.render()
    assert found.hint


def test_a_change_concerns_the_period_it_gives_a_value_for_too(scorecard, csv):
    # 2017 is not read for 2020 (its previous period is 2019, the target's base 2016), but the change
    # written with it gives 2016, which is
    path = csv("kostnad;2017;2,4 mnkr (+0,5 procentenheter jämfört med 2016)\nkostnad;2020;2 mnkr\n"
               "kostnad;2019;2 mnkr")
    [found] = errors(scorecard, path, period="2020")
    assert found.code == "fel-enhet"
    earlier = csv("kostnad;2015;2,4 mnkr (+0,5 procentenheter)\nkostnad;2020;2 mnkr\nkostnad;2019;2 mnkr",
                  name="earlier.csv")
    warned = [w for w in evaluate(scorecard, earlier, period="2020").warnings if w.code == "fel-enhet"]
    assert [(w.line, w.severity) for w in warned] == [(2, "varning")]  # 2015 and 2014: neither read for 2020
    assert "Värdet för 2014, 2015 används inte i bedömningen av 2020" in warned[0].hint


# --- 5. errors stop an evaluation only in the periods it reads ----------------------------------------

def test_a_value_that_cannot_be_read_in_an_unused_period_is_a_warning_with_the_same_message(scorecard, csv):
    path = csv("besok;2014;mycket\nbesok;2018;1 200\nbesok;2019;1 248")
    result = evaluate(scorecard, path)
    assert result.by_id()["besok"].level is malmotor.Level.FULFILLED
    [found] = result.warnings
    assert (found.severity, found.code, found.file, found.line) == ("varning", "inget-tal", str(path), 2)
    assert found.message == "Värdet 'mycket' för 'besok' är inget tal."
    assert found.hint.endswith("Värdet för 2014 används inte i bedömningen av 2019, så det stoppar den inte.")
    # the same mistake in 2018 (the previous period) stops it
    [stop] = errors(scorecard, csv("besok;2018;mycket\nbesok;2019;1 248", name="b.csv"))
    assert (stop.severity, stop.code, stop.message) == ("fel", "inget-tal", found.message)
    assert "används inte" not in stop.hint


@pytest.mark.parametrize("period, stops", [
    ("2019", True),  # the judged period
    ("2018", True),  # the previous period: the arrows and Öka, Minska
    ("2016", True),  # the period of `Ingen ökning i jmf med 2016`
    ("2015", False),
    ("2017", False),
    ("2020", False),  # after the judged period
])
def test_which_periods_stop_an_evaluation(scorecard, csv, period, stops):
    rows = "\n".join(f"besok;{year};100" for year in (2015, 2016, 2017, 2018, 2019, 2020) if str(year) != period)
    path = csv(f"{rows}\nbesok;{period};4,5 veckor")
    if stops:
        assert [d.code for d in errors(scorecard, path)] == ["fel-enhet"]
    else:
        assert [(w.code, w.severity) for w in evaluate(scorecard, path).warnings] == [("fel-enhet", "varning")]


def test_the_trend_comparison_period_of_the_rule_file_is_read_too(write, csv):
    scorecard = malmotor.load_scorecard(write("r.yaml", rule_file("""
        - id: enkat
          namn: Enkät
          enhet: "%"
          mål: minst 80 %
          utveckling:
            jämför med: 2015
    """)))
    [found] = errors(scorecard, csv("enkat;2015;många\nenkat;2019;82 %"))
    assert found.code == "inget-tal"


def test_load_checked_measures_checks_for_the_latest_period_unless_told_another(scorecard, csv):
    path = csv("besok;2014;mycket\nbesok;2018;1 200\nbesok;2019;1 248\nbesok;2020;många")
    with pytest.raises(MeasuresError) as info:  # 2020, the latest, is read by an evaluation of 2020
        malmotor.load_checked_measures(scorecard, path)
    assert [d.line for d in info.value.diagnostics] == [5]
    measures = malmotor.load_checked_measures(scorecard, path, period="2019")  # neither 2014 nor 2020 is read
    result = malmotor.evaluate(scorecard, measures, period="2019")
    assert [(w.line, w.severity) for w in result.warnings] == [(2, "varning"), (5, "varning")]
    with pytest.raises(MeasuresError):
        malmotor.load_checked_measures(scorecard, path, period=malmotor.Period.parse("2015"))  # 2014 is
    assert [d.line for d in malmotor.check_measures(scorecard, malmotor.load_measures(path))] == [2, 5]


def test_many_unused_mistakes_are_summarised_like_other_warnings(scorecard, csv):
    rows = "\n".join(f"besok;{year};mycket" for year in range(2000, 2012))
    warnings = evaluate(scorecard, csv(f"{rows}\nbesok;2018;1\nbesok;2019;1")).warnings
    assert [w.code for w in warnings] == ["inget-tal"] * 6
    assert warnings[-1].message == "Ytterligare 7 varningar av samma slag (inget-tal) visas inte."


# --- the documentation's examples ----------------------------------------------------------------------

def _doc_block(mark: str) -> str:
    text = MEASURES_DOC.read_text(encoding="utf-8")
    return re.search(rf"```(?:yaml|text)\n({re.escape(mark)}\n.*?)```", text, re.S).group(1)


@pytest.fixture
def documented_scorecard(tmp_path):
    from .test_docs import RULES_MARK, the_block
    path = tmp_path / "styrkort-2019.yaml"
    path.write_text(the_block(RULE_DOC.read_text(encoding="utf-8"), "yaml", RULES_MARK), encoding="utf-8")
    return malmotor.load_scorecard(path)


def test_the_documented_change_example_gives_the_documented_explanations(documented_scorecard, tmp_path):
    path = tmp_path / "matvarden-2019.yaml"
    path.write_text(_doc_block("# exempel: förändring"), encoding="utf-8")
    result = malmotor.evaluate(documented_scorecard, malmotor.load_measures(path))
    assert result.warnings == ()
    expected = _doc_block("# förklaringar: förändring").splitlines()[1:]
    rows = result.by_id()
    assert [f"{ident}: {rows[ident].short_explanation}".replace("\u00a0", " ")
            for ident, _ in (line.split(": ", 1) for line in expected)] == expected
    source = rows["sjukfranvaro"].trend_comparison.source
    documented = " ".join(MEASURES_DOC.read_text(encoding="utf-8").split())
    assert f'`"{source.replace(str(tmp_path) + "/", "")}"`' in documented


def test_the_documented_missing_word_explanation_is_the_real_one(documented_scorecard, tmp_path):
    path = tmp_path / "2019.yaml"
    path.write_text("period: 2019\nvärden:\n  sjukfranvaro: Statistik saknas\n", encoding="utf-8")
    row = malmotor.evaluate(documented_scorecard, malmotor.load_measures(path)).by_id()["sjukfranvaro"]
    [expected] = _doc_block("# förklaring: statistik saknas").splitlines()[1:]
    assert row.short_explanation.startswith(expected)


def test_the_documented_change_table_holds(scorecard, documented_scorecard, tmp_path):
    text = MEASURES_DOC.read_text(encoding="utf-8")
    table = text[text.index("| Värde och förändring |"):]
    rows = [line.split("|")[1:3] for line in table[:table.index("\n\n")].splitlines()[2:]]
    checked = 0
    for cell, outcome in rows:
        expected = Decimal(re.match(r"\s*([0-9 ]+(?:,[0-9]+)?)", outcome)[1].replace(" ", "").replace(",", "."))
        for n, entry in enumerate(re.findall(r"`([^`]+)`", cell)):
            value = entry.split("(")[0]
            ident, card = ("sjukfranvaro", documented_scorecard) if "%" in value else \
                ("driftavbrott", documented_scorecard) if " st" in entry else \
                ("extra-tid", documented_scorecard) if "2017" in entry else ("besok", scorecard)
            path = tmp_path / f"tabell{checked}-{n}.csv"
            path.write_text(f"indikator;period;värde\n{ident};2019;{entry}\n", encoding="utf-8")
            row = malmotor.evaluate(card, malmotor.load_measures(path), period="2019").by_id()[ident]
            comparison = row.target_comparison if "2017" in entry else row.trend_comparison
            assert comparison.value == expected, entry
            checked += 1
    assert checked == 6
