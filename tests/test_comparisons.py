"""Comparison with peers: `jämförelser` in the rule file, targets such as `minst medel`, comparison
values in YAML (`jämförelse:` under an indicator), CSV and Excel (the column `jämförelse`) and Kolada
(`kolada: "0000"` under a series), per unit and group, and what the result says about them. The
verdicts themselves are in tests/test_semantics.py (CASES and the property test)."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest

import malmotor
from malmotor.diagnostics import Diagnostic, MeasuresError, RuleFileError
from malmotor.model import ComparisonSeries, ComparisonTarget, Level, PartialMargin, Reason

from .conftest import rule_file
from .test_spreadsheet import workbook

SERIES = "jämförelser:\n  medel: liknande kommuner\n  riket: {text: hela landet, engelska: the whole country, kolada: \"0000\"}\n"
COST = """
- id: kostnad
  namn: Kostnad för hemtjänst
  enhet: kr
  mål: högst medel
  delvis: inom 10 % av medel
  kolada: N00945
"""


def rules(write, indicators: str = COST, head: str = SERIES, name: str = "regler.yaml") -> Path:
    return write(name, rule_file(indicators).replace("perspektiv:", head + "perspektiv:", 1))


def rule_errors(path: Path) -> list[Diagnostic]:
    with pytest.raises(RuleFileError) as caught:
        malmotor.load_scorecard(path)
    return caught.value.diagnostics


def measure_errors(rules_path: Path, *paths: Path) -> list[Diagnostic]:
    with pytest.raises(MeasuresError) as caught:
        malmotor.load_checked_measures(malmotor.load_scorecard(rules_path), list(paths))
    return caught.value.diagnostics


def evaluate(rules_path: Path, *paths: Path, period="2019", **options) -> malmotor.EvaluationResult:
    scorecard = malmotor.load_scorecard(rules_path)
    return malmotor.evaluate(scorecard, malmotor.load_measures(list(paths)), period=period, **options)


# --- the rule file ------------------------------------------------------------------------------------

def test_the_series_are_read_in_both_forms_and_the_target_and_band_name_one(write):
    scorecard = malmotor.load_scorecard(rules(write))
    assert scorecard.comparison_series == (
        ComparisonSeries(name="medel", text="liknande kommuner"),
        ComparisonSeries(name="riket", text="hela landet", text_en="the whole country", kolada="0000"))
    indicator = scorecard.indicators()["kostnad"]
    assert indicator.target == ComparisonTarget(phrase="högst medel", series="medel", operator="högst")
    assert indicator.partial == PartialMargin(text="inom 10 % av medel", share=Decimal("0.1"))
    assert indicator.polarity is malmotor.model.Polarity.LOWER_IS_BETTER  # from `högst`
    assert indicator.partial_limit(Decimal("140000")) == Decimal("154000")


@pytest.mark.parametrize("head, code, message", [
    ("jämförelser:\n  medel:\n", "tom-jämförelse", "Jämförelsen 'medel' ska ha en text"),
    ("jämförelser:\n  medel: {txt: liknande kommuner}\n", "okänd-nyckel", "Okänd nyckel 'txt' i jämförelsen 'medel'"),
    ("jämförelser:\n  '25 %': de bästa\n", "ogiltigt-id", "'25 %' kan inte vara namnet på en jämförelse"),
    ("jämförelser:\n  riket: {text: riket, kolada: '0000'}\nenheter:\n  - {namn: Riket, kolada: '0000'}\n",
     "dubbelt-kolada-id", "Kolada-id:t '0000' för jämförelsen 'riket' är också enheten 'Riket'"),
    ("jämförelser:\n  medel: liknande kommuner\ngrupper:\n  jämförelse: [a, b]\n", "reserverat-namn",
     "'jämförelse' kan inte vara namnet på en gruppering"),
])
def test_mistakes_in_the_series_are_located_errors(write, head, code, message):
    indicator = "- id: x\n  namn: X\n  mål: minst 3\n"
    found = rule_errors(rules(write, indicator, head))[0]  # a section without `text` also says it is missing
    assert (found.code, found.line is not None) == (code, True) and message in found.message, found.render()


def test_a_milestone_part_cannot_be_called_jaemfoerelse(write):
    indicator = "- id: o\n  namn: O\n  mål: Förstudie genomförd och arbetet påbörjat\n  delmål: [förstudie, jämförelse]\n"
    (found,) = rule_errors(rules(write, indicator))
    assert found.code == "delmål-krockar" and "'jämförelse'" in found.message


@pytest.mark.parametrize("keys, code, message, hint", [
    ("mål: lägst rikets nivå", None, None, None),
    ("mål: minst snittet", "okänd-jämförelse", "Målet 'minst snittet' jämför med 'snittet', som inte är någon "
     "jämförelse i regelfilen.", "Jämförelserna under 'jämförelser' är: medel, riket."),
    ("mål: bland de 25 % bästa\nriktning: högre är bättre", "okänd-jämförelse", "jämförelsen 'bästa kvartil'",
     "lägg till 'bästa kvartil: de 25 % bästa kommunerna'"),
    ("mål: bättre än medel", "riktning-saknas", "säger inte om högre eller lägre värden är bättre", "'minst medel'"),
    ("mål: minst medel\nriktning: lägre är bättre", "fel-riktning", "betyder 'högre är bättre'", None),
    ("mål: högst medel\ndelvis: inom 10 % av riket", "fel-jämförelse", "räknas från 'riket'", "'inom 10 % av medel'"),
    ("mål: högst medel\ndelvis: minst 90 % av medel", "fel-riktning", "går åt fel håll", "'högst 110 % av medel'"),
    ("mål: minst medel\ndelvis: minst 110 % av medel", "fel-andel", "inte på den sämre sidan", None),
    ("mål: minst medel\ndelvis: 5 kr under medel", "okänd-delvis", "känns inte igen", "'inom 10 % av medel'"),
    ("mål: minst medel\ndelvis: inom 10,125 % av medel", "okänd-delvis", "känns inte igen", None),
])
def test_targets_and_bands_that_compare_with_peers(write, keys, code, message, hint):
    path = rules(write, "- id: x\n  namn: X\n  " + keys.replace("\n", "\n  ") + "\n")
    if code is None:
        assert malmotor.load_scorecard(path).indicators()["x"].target.series == "riket"
        return
    (found,) = rule_errors(path)
    assert found.code == code and message in found.message, found.render()
    assert hint is None or hint in found.hint, found.render()


def test_without_jaemfoerelser_the_hint_says_how_to_declare_the_series(write):
    path = write("r.yaml", rule_file("- id: x\n  namn: X\n  mål: lägst rikets nivå\n"))
    (found,) = rule_errors(path)
    assert found.code == "okänd-jämförelse"
    assert "'jämförelser: {riket: riket}'" in found.hint


# --- measures: YAML, CSV, Excel ----------------------------------------------------------------------

def test_yaml_csv_and_excel_give_the_same_comparison_value(write, tmp_path):
    path = rules(write)
    yaml = write("m.yaml", "period: 2019\nvärden:\n  kostnad:\n    totalt: 147 445 kr\n    jämförelse:\n"
                           "      medel: 140 000 kr\n")
    csv = write("m.csv", "indikator;period;värde;jämförelse\nkostnad;2019;147 445 kr;\nkostnad;2019;140 000 kr;medel\n")
    xlsx = workbook(tmp_path / "m.xlsx", [["indikator", "period", "värde", "jämförelse"],
                                          ["kostnad", "2019", 147445, None], ["kostnad", "2019", 140000, "medel"]])
    rows = [evaluate(path, measures).by_id()["kostnad"] for measures in (yaml, csv, xlsx)]
    assert {(row.level, row.fulfilment_rule, row.target_comparison.value) for row in rows} == {
        (Level.PARTLY, "uppfyllelse.jämförelse.delvis", Decimal(140000))}
    assert [row.target_comparison.source for row in rows] == [f"{yaml}:6", f"{csv}:3", f"{xlsx}:Blad1!C3"]


def test_a_comparison_value_alone_makes_no_period_and_no_unit(write):
    path = rules(write)
    csv = write("m.csv", "indikator;period;värde;enhet;jämförelse\nkostnad;2018;150 000 kr;Nord;\n"
                         "kostnad;2019;140 000 kr;Syd;medel\n")
    measures = malmotor.load_measures(csv)
    assert measures.periods() == [malmotor.Period.parse("2018")] and measures.org_units() == ["Nord"]
    result = malmotor.evaluate(malmotor.load_scorecard(path), measures)
    assert result.period.text == "2018" and result.org_units == ("Nord",)


@pytest.mark.parametrize("measures, code, message, hint", [
    ("period: 2019\nvärden:\n  kostnad:\n    totalt: 5 kr\n    jämförelse: 4 kr\n", "fel-form",
     "'jämförelse' under 'kostnad' ska ha en rad per jämförelse", "'medel: 140 000 kr'"),
    ("period: 2019\nvärden:\n  kostnad:\n    totalt: 5 kr\n    jämförelse:\n      medal: 4 kr\n", "okänd-jämförelse",
     "Jämförelsen 'medal' för 'kostnad' står inte under 'jämförelser' i regelfilen.", "Menade du 'medel'?"),
    ("period: 2019\nvärden:\n  kostnad:\n    totalt: 5 kr\n    jämförelse:\n      medel: 4 kr (+1 kr)\n",
     "förändring-i-jämförelse", "Jämförelsevärdet '4 kr (+1 kr)' för 'kostnad' anger en förändring.", None),
    ("period: 2019\nvärden:\n  kostnad:\n    totalt: 5 kr\n    jämförelse:\n      medel: 4 st\n", "fel-enhet",
     "Värdet '4 st' för 'kostnad' har enheten 'st'", None),
    ("period: 2019\nvärden:\n  rutin:\n    totalt: påbörjad\n    jämförelse:\n      medel: 4\n", "fel-måltyp",
     "'rutin' har statusar som värden, så den kan inte ha jämförelsevärden ('medel').", None),
])
def test_mistakes_in_comparison_values_are_located_errors(write, measures, code, message, hint):
    path = rules(write, COST + "- id: rutin\n  namn: Rutin\n  mål: Rutin finns\n")
    value = write("m.yaml", measures)
    (found,) = measure_errors(path, value)
    assert (found.code, found.file, found.line) == (code, str(value), len(measures.splitlines())), found.render()
    assert message in found.message and (hint is None or hint in found.hint), found.render()


def test_a_comparison_value_twice_is_a_duplicate_but_not_with_the_keys_own_value(write):
    path = rules(write)
    csv = write("m.csv", "indikator;period;värde;jämförelse\nkostnad;2019;140 000 kr;\nkostnad;2019;140 000 kr;medel\n"
                         "kostnad;2019;140 000 kr;riket\nkostnad;2019;141 000 kr;Medel\n")
    (found,) = measure_errors(path, csv)
    assert (found.code, found.line) == ("dubbelt-värde", 5) and "jämförelse 'Medel'" in found.message


# --- units and groups ---------------------------------------------------------------------------------

def test_each_unit_has_its_own_comparison_value_else_the_one_for_every_unit(write):
    path = rules(write, COST, SERIES + "grupper:\n  kön:\n")
    csv = write("m.csv", "indikator;period;värde;enhet;grupp;jämförelse\n"
                         "kostnad;2019;150 000 kr;Nord;;\nkostnad;2019;150 000 kr;Syd;;\n"
                         "kostnad;2019;160 000 kr;Nord;;medel\nkostnad;2019;140 000 kr;;;medel\n"
                         "kostnad;2019;120 000 kr;Nord;K;\nkostnad;2019;130 000 kr;Syd;K;\n"
                         "kostnad;2019;125 000 kr;;K;medel\n")
    result = evaluate(path, csv)
    rows = {(row.org_unit, row.group): row for row in result.indicators}
    assert {key: (row.level, row.target_comparison.value) for key, row in rows.items()} == {
        ("Nord", None): (Level.FULFILLED, Decimal(160000)),      # its own medel
        ("Nord", "kvinnor"): (Level.FULFILLED, Decimal(125000)),  # the group's, given for every unit
        ("Syd", None): (Level.PARTLY, Decimal(140000)),          # no own medel: the one for every unit
        ("Syd", "kvinnor"): (Level.PARTLY, Decimal(125000)),
    }
    only_south = evaluate(path, csv, org_unit="Syd")  # --enhet keeps the comparison values for every unit
    assert [(row.group, row.target_comparison.value) for row in only_south.indicators] == [
        (None, Decimal(140000)), ("kvinnor", Decimal(125000))]


def test_a_group_row_is_never_judged_against_the_indicators_comparison_value(write):
    path = rules(write, COST, SERIES + "grupper:\n  kön:\n")
    csv = write("m.csv", "indikator;period;värde;grupp;jämförelse\nkostnad;2019;150 000 kr;;\n"
                         "kostnad;2019;120 000 kr;K;\nkostnad;2019;140 000 kr;;medel\n")
    women = evaluate(path, csv).rows_for("kostnad")[1]
    assert (women.group, women.level, women.level_reason) == ("kvinnor", Level.NOT_ASSESSED, Reason.NO_COMPARISON)
    assert "kräver medel för liknande kommuner 2019, och det värdet saknas i mätvärdena" in women.explanation


# --- Kolada -------------------------------------------------------------------------------------------

def _kolada(write, *entries) -> Path:
    return write("kolada.json", json.dumps({"count": len(entries), "values": [
        {"kpi": "N00945", "municipality": unit, "period": period,
         "values": [{"count": 1, "gender": gender, "status": "", "value": value} for gender, value in genders.items()]}
        for unit, period, genders in entries]}))


def test_kolada_gives_the_series_values_under_the_id_the_series_names(write):
    indicator = COST.replace("högst medel", "högst riket").replace("av medel", "av riket")
    path = rules(write, indicator, SERIES + "grupper:\n  kön:\nenheter:\n  - {namn: Lund, kolada: '1281'}\n")
    answer = _kolada(write, ("1281", 2019, {"T": 150000, "K": 120000}), ("0000", 2019, {"T": 140000, "K": 125000}))
    scorecard = malmotor.load_scorecard(path)
    result = malmotor.evaluate(scorecard, malmotor.load_measures(answer), org_unit="Lund")
    assert [warning.code for warning in result.warnings] == ["jämförelseperiod-saknas"]  # 0000 is no unknown unit
    assert [(row.org_unit, row.group, row.level, row.target_comparison.value, row.target_comparison.series_text)
            for row in result.indicators] == [("Lund", None, Level.PARTLY, Decimal(140000), "hela landet"),
                                              ("Lund", "kvinnor", Level.FULFILLED, Decimal(125000), "hela landet")]
    checked = malmotor.load_checked_measures(scorecard, [answer])
    assert {(value.org_unit, value.comparison) for value in checked.values} == {("Lund", None), (None, "riket")}
    english = malmotor.present(malmotor.assess(scorecard, checked, org_unit="Lund"), "en").indicators[0]
    assert "150,000 kr is higher than riket 140,000 kr for the whole country in 2019" in english.explanation


# --- the result ---------------------------------------------------------------------------------------

def test_an_assessment_with_comparison_values_reads_back(write):
    path = rules(write)
    csv = write("m.csv", "indikator;period;värde;jämförelse\nkostnad;2019;147 445 kr;\nkostnad;2019;140 000 kr;medel\n")
    assessment = malmotor.assess(malmotor.load_scorecard(path), malmotor.load_measures(csv))
    again = malmotor.Assessment.from_json(assessment.to_json())
    assert again == assessment and again.verdicts[0].inputs.target_base.series == "medel"
    data = json.loads(malmotor.present(again).to_json())["indicators"][0]
    assert data["target_comparison"]["series"] == "medel" and data["partial_limit"] == 154000
