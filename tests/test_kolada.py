"""Measures from Kolada: the JSON of Kolada's API (v2) read into values, Kolada's ids named as the
rule file names them (`kolada:` per indicator, `enheter` with Kolada ids, K and M as kön), and the
documentation of it. No network: the answer is tests/data/kolada-N00945-1860.json, made by the
project in the API's shape (tests/data/README.md)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

import malmotor
from malmotor.cli.main import main
from malmotor.diagnostics import Diagnostic, MeasuresError, RuleFileError
from malmotor.load.measuresfile import load_measures
from malmotor.load.rulefile import INDICATOR_KEYS, ORG_UNIT_KEYS

from .conftest import rule_file
from .test_docs import MEASURES_DOC, RULE_DOC, RULES_MARK, blocks, first_column, the_block

FIXTURE = Path(__file__).resolve().parent / "data" / "kolada-N00945-1860.json"

SICK_LEAVE = """
- id: sjuk
  namn: Sjukfrånvaro
  enhet: "%"
  riktning: lägre är bättre
  mål: 3 %
  värdeområde: 0–100
  kolada: N00945
- id: kostnad
  namn: Kostnad
  enhet: mnkr
  riktning: lägre är bättre
  mål: 3 mnkr
"""
WITH_GENDER = "grupper:\n  kön:\n"


def rules(write, indicators: str = SICK_LEAVE, head: str = WITH_GENDER) -> Path:
    text = rule_file(indicators)
    return write("regler.yaml", text.replace("perspektiv:", head + "perspektiv:", 1))


def answer(*entries: dict, **top) -> dict:
    return {"count": len(entries), "values": list(entries), **top}


def entry(period=2019, unit="1860", kpi="N00945", key="municipality", **genders) -> dict:
    values = genders or {"T": 3.5}
    return {"kpi": kpi, key: unit, "period": period,
            "values": [{"count": 1, "gender": gender, "status": "", "value": value} for gender, value in values.items()]}


def kolada_file(write, data, name="kolada.json", indent=None) -> Path:
    return write(name, json.dumps(data, indent=indent, ensure_ascii=False))


def problems_of(scorecard_path: Path, *paths: Path) -> list[Diagnostic]:
    with pytest.raises(MeasuresError) as info:
        malmotor.load_checked_measures(malmotor.load_scorecard(scorecard_path), list(paths))
    return info.value.diagnostics


def evaluate(scorecard_path: Path, *paths: Path, period="2019", **options):
    scorecard = malmotor.load_scorecard(scorecard_path)
    return malmotor.evaluate(scorecard, malmotor.load_checked_measures(scorecard, list(paths)), period=period,
                             **options)


# --- reading the fixture ----------------------------------------------------------------------------

def test_the_fixture_is_read_as_values_per_gender_with_null_as_missing():
    values = load_measures(FIXTURE).values
    assert len(values) == 9
    found = {(v.period.text, v.group): (v.text, v.number) for v in values}
    assert found[("2017", None)] == ("saknas", None)  # null is "saknas", never 0
    assert found[("2017", "K")] == ("saknas", None)
    assert found[("2018", None)][0] == "3,8" and str(found[("2018", None)][1]) == "3.8"
    assert found[("2019", "K")][0] == "2,9"
    first = values[0]
    assert (first.indicator, first.org_unit, first.dimension, first.group) == ("N00945", "1860", "kön", "K")
    assert (first.kolada.kpi, first.kolada.unit_id, first.kolada.unit_kind, first.kolada.gender) == (
        "N00945", "1860", "municipality", "K")
    # Kolada answers on one line: every value is on line 1, at the column of its object
    assert {v.line for v in values} == {1}
    text = FIXTURE.read_text(encoding="utf-8")
    assert all(text[v.column - 1] == "{" and text[v.column - 1:].startswith('{"count":1,"gender"') for v in values)
    assert [v.column for v in values] == sorted(v.column for v in values)


def test_a_pretty_printed_answer_gives_the_line_of_each_value(write):
    path = kolada_file(write, json.loads(FIXTURE.read_text(encoding="utf-8")), indent=2)
    values = load_measures(path).values
    lines = path.read_text(encoding="utf-8").splitlines()
    for value in values:
        assert '"gender"' in lines[value.line - 1] or lines[value.line - 1].strip() == "{", value.where
        assert lines[value.line - 1][value.column - 1] == "{"
    assert len({v.line for v in values}) == len(values)


def test_the_fixture_judges_the_indicator_unit_by_unit_and_per_gender(write):
    result = evaluate(rules(write), FIXTURE)
    rows = [(r.org_unit, r.group, r.value_text, r.level_text, r.trend_text) for r in result.indicators if r.id == "sjuk"]
    assert rows == [("1860", None, "3,5 %", "ej uppfyllt", "förbättring"),
                    ("1860", "kvinnor", "2,9 %", "uppfyllt", "förbättring"),
                    ("1860", "män", "4,1 %", "ej uppfyllt", "förbättring")]
    assert result.warnings == ()
    earlier = evaluate(rules(write), FIXTURE, period="2018").by_id()["sjuk"]
    assert earlier.arrow == "" and earlier.trend_reason is malmotor.Reason.NO_COMPARISON  # 2017 is null


def test_null_is_missing_never_zero(write):
    path = kolada_file(write, answer(entry(2018, T=None), entry(2019, T=None)))
    row = evaluate(rules(write), path).by_id()["sjuk"]
    assert row.level_reason is malmotor.Reason.NO_VALUE and row.value is None
    assert row.value_text == "saknas"


@pytest.mark.parametrize("written, shown", [
    ("3.80", "3,80 %"),  # the decimals Kolada gives are kept
    ("1.125", "1,125 %"),  # three decimals after a point: a number, not an ambiguous text
    ("10.400", "10,400 %"),
    ("0.30000000000000004", "0,3 %"),  # a float's noise beyond 15 digits
    ("4", "4 %"),
    ("1E+1", "10 %"),  # JSON's exponent: a number like any other
])
def test_numbers_are_numbers_kept_as_precise_as_given(write, written, shown):
    text = json.dumps(answer(entry(2019, T=1.0))).replace("1.0", written)
    path = write("kolada.json", text)
    assert evaluate(rules(write), path).by_id()["sjuk"].value_text == shown


def test_an_organisational_unit_answer_is_read_with_its_ou_id(write):
    path = kolada_file(write, answer(entry(2019, unit="V15E144001301", key="ou")))
    value = load_measures(path).values[0]
    assert (value.org_unit, value.kolada.unit_kind) == ("V15E144001301", "ou")
    assert "enhet V15E144001301" in value.kolada.describe()
    assert evaluate(rules(write), path).by_id()["sjuk"].org_unit == "V15E144001301"


# --- the rule file names Kolada's ids ----------------------------------------------------------------

def test_enheter_names_a_kolada_id_and_the_name_is_what_the_result_and_enhet_use(write, tmp_path):
    head = WITH_GENDER + 'enheter:\n  - Förvaltning Nord\n  - namn: Exempelkommunen\n    kolada: "1860"\n'
    path = rules(write, head=head)
    result = evaluate(path, FIXTURE)
    assert result.org_units == ("Exempelkommunen",)
    only = evaluate(path, FIXTURE, org_unit="exempelkommunen")
    assert {row.org_unit for row in only.indicators} == {"Exempelkommunen"}
    measures = malmotor.load_checked_measures(malmotor.load_scorecard(path), [FIXTURE])
    assert {v.org_unit for v in measures.values} == {"Exempelkommunen"}  # named, so that --enhet finds it


def test_the_command_line_takes_the_units_name_for_a_kolada_id(write):
    head = WITH_GENDER + 'enheter:\n  - namn: Exempelkommunen\n    kolada: "1860"\n'
    path = rules(write, head=head)
    result = CliRunner().invoke(main, ["evaluate", str(path), str(FIXTURE), "--enhet", "Exempelkommunen",
                                          "--format", "csv"])
    assert result.exit_code == 0, result.output
    assert "Exempelkommunen" in result.output and "1860" not in result.output.replace(str(FIXTURE), "")


def test_values_of_municipalities_the_rule_file_does_not_name_are_left_with_one_warning(write):
    head = WITH_GENDER + 'enheter:\n  - namn: Exempelkommunen\n    kolada: "1860"\n'
    others = [entry(2019, unit=f"{n:04d}") for n in range(1, 9)]
    path = kolada_file(write, answer(entry(2018, T=3.8), entry(2019), *others))
    result = evaluate(rules(write, head=head), path)
    assert result.org_units == ("Exempelkommunen",)
    warnings = [w for w in result.warnings if w.code == "okänd-kolada-enhet"]
    assert len(warnings) == 1
    assert "0001, 0002, 0003, 0004, 0005 och 3 till" in warnings[0].message
    assert 'kolada: "0001"' in warnings[0].hint


def test_a_kpi_no_indicator_names_is_one_warning_per_file_and_is_not_used(write):
    path = kolada_file(write, answer(entry(2018, T=3.8), entry(2019), entry(2018, kpi="N00946"),
                                     entry(2019, kpi="N00946")))
    result = evaluate(rules(write), path)
    warnings = [w for w in result.warnings if w.code == "okänt-nyckeltal"]
    assert len(warnings) == 1
    assert warnings[0].render().startswith(f"{path}:1: varning: Nyckeltalet N00946 från Kolada hör inte till någon "
                                           "indikator i")
    assert "(2 värden)" in warnings[0].message
    assert "Regelfilen har 'kolada: N00945': är det ett skrivfel?" in warnings[0].hint
    assert [row.id for row in result.indicators] == ["sjuk", "kostnad"]


def test_women_and_men_need_the_gender_dimension(write):
    path = rules(write, head="")
    problems = problems_of(path, FIXTURE)
    assert [(p.code, p.file, p.line) for p in problems] == [("kön-saknas", str(FIXTURE), 1)]
    assert "ingen gruppering 'kön'" in problems[0].message
    assert "grupper: {kön: }" in problems[0].hint
    only_totals = kolada_file(write, answer(entry(2018, T=3.8), entry(2019)))
    assert evaluate(path, only_totals).by_id()["sjuk"].value_text == "3,5 %"


def test_a_value_from_kolada_and_the_same_value_in_a_csv_file_are_a_duplicate(write):
    csv = write("varden.csv", "indikator;period;enhet;grupp;värde\nsjuk;2019;1860;kvinnor;2,9 %\n")
    problems = problems_of(rules(write), FIXTURE, csv)
    assert [(p.code, p.file, p.line) for p in problems] == [("dubbelt-värde", str(csv), 2)]
    assert problems[0].message == "Värdet för 'sjuk' (grupp 'kvinnor', enhet '1860') för 2019 står två gånger."
    assert problems[0].hint.startswith(f"Första gången: {FIXTURE}:1:")


def test_k_in_one_file_and_kvinnor_in_another_are_a_duplicate_too(write):
    first = write("a.csv", "indikator;period;grupp;värde\nsjuk;2019;K;2,9 %\n")
    second = write("b.yaml", "period: 2019\nvärden:\n  sjuk:\n    kön:\n      kvinnor: 3,0 %\n")
    problems = problems_of(rules(write), first, second)
    assert [(p.code, p.file, p.line) for p in problems] == [("dubbelt-värde", str(second), 5)]


def test_the_same_answer_twice_is_a_duplicate_when_read(write, tmp_path):
    copy = tmp_path / "kopia.json"
    copy.write_text(FIXTURE.read_text(encoding="utf-8"), encoding="utf-8")
    with pytest.raises(MeasuresError) as info:
        load_measures([FIXTURE, copy])
    assert {d.code for d in info.value.diagnostics} == {"dubbelt-värde"}
    assert len(info.value.diagnostics) == 9


def test_a_message_about_a_value_names_it_as_kolada_does(write):
    path = kolada_file(write, answer(entry(2019, T=120.5, K=2.9)))
    problems = problems_of(rules(write), path)
    assert [p.render().split("\n")[0] for p in problems] == [
        f"{path}:1: fel: Värdet '120,5' för 'sjuk' ligger utanför indikatorns värdeområde 0–100 "
        "(Kolada N00945, kommun/region 1860, 2019)."]


# --- mistakes in the file -----------------------------------------------------------------------------

@pytest.mark.parametrize("text, code, message", [
    ('{"values": [', "json-syntax", "Filen är inte giltig JSON: ett värde saknas"),
    ('{"values": [{"kpi": "N00945",}]}', "json-syntax", "ett namn inom dubbla citattecken saknas"),
    ('{"values": []} x', "json-syntax", "det står något efter JSON-objektet"),
    ('[1, 2]', "fel-form", "Filen är inte ett svar från Koladas API"),
    ('{"count": 0, "values": []}', "inga-mätvärden", "Koladas svar innehåller inga värden"),
    ('{"malmotor_result": 2, "indicators": []}', "fel-filtyp", "Filen är ett resultat från malmotor"),
    ('{"values": [{"kpi": "N00945", "period": 2019, "values": []}]}', "fel-form",
     "Post 1 i 'values' saknar 'municipality' (eller 'ou')."),
    ('{"values": [{"municipality": "1860", "period": 2019, "values": []}]}', "fel-form",
     "Post 1 i 'values' saknar 'kpi'."),
    ('{"values": [{"kpi": "N00945", "municipality": 1860, "period": 2019, "values": []}]}', "fel-form",
     "ska vara id:n inom citattecken"),
    ('{"values": [{"kpi": "N00945", "municipality": "1860", "period": "nästa år", "values": []}]}',
     "okänd-period", "(N00945, 1860)"),
    ('{"values": [{"kpi": "N00945", "municipality": "1860", "period": 2019, "values": [{"gender": "X", '
     '"value": 1}]}]}', "okänt-kön", 'har kön "X"'),
    ('{"values": [{"kpi": "N00945", "municipality": "1860", "period": 2019, "values": [{"gender": "T", '
     '"value": "3,5"}]}]}', "inget-tal", 'Värdet för N00945, 1860, 2019, totalt är "3,5", inget tal.'),
    ('{"values": [{"kpi": "N00945", "municipality": "1860", "period": 2019, "values": [{"gender": "T", '
     '"value": NaN}]}]}', "inget-tal", "är NaN, inget tal"),
    ('{"values": [{"kpi": "N00945", "municipality": "1860", "period": 2019, "values": [{"gender": "T"}]}]}',
     "fel-form", "saknar 'value'"),
    ('{"values": [{"kpi": "N00945", "municipality": "1860", "period": 2019, "values": [{"gender": "T", '
     '"value": 1e20}]}]}', "för-många-siffror", "har fler än 15 siffror"),
])
def test_a_file_that_is_not_a_kolada_answer_is_reported_in_swedish_where_it_is(write, text, code, message):
    path = write("kolada.json", text)
    with pytest.raises(MeasuresError) as info:
        load_measures(path)
    found = info.value.diagnostics
    assert [d.code for d in found] == [code], info.value.render()
    assert message in found[0].message, found[0].render()
    assert found[0].file == str(path) and found[0].line == 1


def test_a_json_syntax_error_has_its_line_and_column(write):
    path = write("kolada.json", '{\n  "values": [\n    {"kpi": "N00945" "municipality": "1860"}\n  ]\n}\n')
    with pytest.raises(MeasuresError) as info:
        load_measures(path)
    found = info.value.diagnostics[0]
    assert (found.code, found.line, found.column) == ("json-syntax", 3, 22)
    assert found.message == "Filen är inte giltig JSON: ett kommatecken saknas."


def test_an_answer_with_more_pages_is_an_error_naming_the_next_page(write):
    next_page = "https://api.kolada.se/v2/data/kpi/N00945/year/2019?page=2&per_page=5000"
    path = kolada_file(write, answer(entry(2019), next_page=next_page))
    with pytest.raises(MeasuresError) as info:
        load_measures(path)
    (found,) = info.value.diagnostics
    assert found.code == "kolada-fler-sidor" and next_page in found.hint


def test_a_json_file_that_is_a_workbook_is_named_as_such(tmp_path):
    path = tmp_path / "kolada.json"
    path.write_bytes(b"PK\x03\x04" + bytes(40))
    with pytest.raises(MeasuresError) as info:
        load_measures(path)
    assert [d.code for d in info.value.diagnostics] == ["excel-fil"]


# --- the rule file ------------------------------------------------------------------------------------

def test_the_kolada_key_takes_a_kpi_id_and_one_indicator_per_kpi(write):
    scorecard = malmotor.load_scorecard(rules(write, SICK_LEAVE.replace("N00945", "n00945")))
    assert scorecard.indicators()["sjuk"].kolada == "N00945"  # written in either case
    for written, code in (("N0945", "okänt-kolada-id"), ("1860", "okänt-kolada-id")):
        with pytest.raises(RuleFileError) as info:
            malmotor.load_scorecard(rules(write, SICK_LEAVE.replace("N00945", written)))
        assert [d.code for d in info.value.diagnostics] == [code]
    twice = SICK_LEAVE.replace("mål: 3 mnkr", "mål: 3 mnkr\n  kolada: N00945")
    with pytest.raises(RuleFileError) as info:
        malmotor.load_scorecard(rules(write, twice))
    (found,) = info.value.diagnostics
    assert found.code == "dubbelt-nyckeltal" and "hör redan till indikatorn 'sjuk'" in found.message


def test_enheter_with_kolada_ids_is_checked(write):
    head = 'enheter:\n  - namn: A\n    kolada: "1860"\n  - namn: B\n    kolada: "1860"\n  - namn: C\n    kolda: "1"\n'
    with pytest.raises(RuleFileError) as info:
        malmotor.load_scorecard(rules(write, head=head))
    assert sorted(d.code for d in info.value.diagnostics) == ["dubbelt-kolada-id", "nyckel-saknas", "okänd-nyckel"]
    ok = malmotor.load_scorecard(rules(write, head='enheter:\n  - Nord\n  - namn: Syd\n    kolada: 0180\n'))
    assert (ok.org_units, ok.kolada_units) == (("Nord", "Syd"), {"0180": "Syd"})  # the leading zero is kept


# --- the documentation ---------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def measures_doc() -> str:
    return MEASURES_DOC.read_text(encoding="utf-8")


def _kolada_section(doc: str) -> str:
    return doc[doc.index("\n## Kolada"):doc.index("\n## ", doc.index("\n## Kolada") + 1)]


def test_the_documented_answer_is_the_fixture(measures_doc):
    shown = [b.body for b in blocks(_kolada_section(measures_doc)) if b.lang == "json"]
    assert len(shown) == 1
    assert json.loads(shown[0]) == json.loads(FIXTURE.read_text(encoding="utf-8"))


def test_the_documented_download_is_one_curl_line_for_the_fixtures_values(measures_doc):
    lines = [line.strip() for line in _kolada_section(measures_doc).splitlines() if line.strip().startswith("curl ")]
    assert len(lines) == 1
    url = re.search(r'"(https://[^"]+)"', lines[0])[1]
    assert url == "https://api.kolada.se/v2/data/kpi/N00945/municipality/1860/year/2017,2018,2019"
    assert "-o kolada-N00945.json" in lines[0]


def test_the_documented_example_runs_with_the_complete_rule_file(measures_doc, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    Path("styrkort-2019.yaml").write_text(the_block(RULE_DOC.read_text(encoding="utf-8"), "yaml", RULES_MARK),
                                          encoding="utf-8")
    Path("kolada-N00945.json").write_text(FIXTURE.read_text(encoding="utf-8"), encoding="utf-8")
    scorecard = malmotor.load_scorecard("styrkort-2019.yaml")
    assert scorecard.indicators()["sjukfranvaro"].kolada == "N00945"
    result = malmotor.evaluate(scorecard, malmotor.load_measures("kolada-N00945.json"), period="2019")
    assert result.warnings == ()
    assert [(r.group, r.value_text) for r in result.rows_for("sjukfranvaro", "1860")] == [
        (None, "3,5 %"), ("kvinnor", "2,9 %"), ("män", "4,1 %")]
    # the documented error: the value for 2019 changed to 120,5
    Path("kolada-N00945.json").write_text(FIXTURE.read_text(encoding="utf-8").replace(
        '"gender":"T","status":"","value":3.5', '"gender":"T","status":"","value":120.5'), encoding="utf-8")
    with pytest.raises(MeasuresError) as info:
        malmotor.load_checked_measures(scorecard, ["kolada-N00945.json"])
    expected = next(b.body for b in blocks(_kolada_section(measures_doc)) if b.lang == "text")
    assert info.value.render() + "\n" == expected


def test_the_rule_file_documents_the_kolada_keys(measures_doc):
    rule_doc = RULE_DOC.read_text(encoding="utf-8")
    assert "kolada" in INDICATOR_KEYS and "kolada" in first_column(rule_doc, "Nyckel")
    section = rule_doc[rule_doc.index("**Enheter i Kolada.**"):]
    for key in ORG_UNIT_KEYS:
        assert f"`{key}`" in section[:section.index("```yaml")]
    assert "#kolada" in rule_doc and "## Kolada" in measures_doc
