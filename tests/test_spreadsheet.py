"""Measures in an Excel workbook (.xlsx): text cells read as CSV cells are, numeric cells as numbers
(a percentage format makes 0,038 the value 3,8 %), formulas never computed, every problem at its
`file:sheet!cell`; and the same values in CSV, YAML, Excel and Kolada give the same result.

The workbooks are made here with openpyxl; none is kept in the repository."""

from __future__ import annotations

import datetime
import json
import re
import shutil
import zipfile
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

import malmotor
from malmotor.cli.main import main
from malmotor.diagnostics import Diagnostic, MeasuresError
from malmotor.load import spreadsheet
from malmotor.load.measuresfile import load_measures

from .conftest import rule_file
from .test_docs import CSV_NAME, MEASURES_DOC, RULE_DOC, RULES_MARK, RULES_NAME, blocks, tables, the_block

FIXTURE = Path(__file__).resolve().parent / "data" / "kolada-N00945-1860.json"

SICK_LEAVE = """
- id: sjuk
  namn: Sjukfrånvaro
  enhet: "%"
  riktning: lägre är bättre
  mål: 3 %
- id: styrmodell
  namn: Styrmodell
  mål: Genomförd
"""


def workbook(path: Path, rows: list[list], *, sheet: str = "Blad1", formats: dict[str, str] | None = None,
             before: list[str] = ()) -> Path:
    """A workbook whose sheet `sheet` holds `rows` from A1 (None is an empty cell), with number formats
    by cell (`{"C2": "0.0%"}`), after empty sheets named in `before`."""
    book = openpyxl.Workbook()
    first = book.active
    for name in before:
        book.create_sheet(name, 0)
    first.title = sheet
    for row in rows:
        first.append(row)
    for cell, number_format in (formats or {}).items():
        first[cell].number_format = number_format
    book.save(path)
    return path


def with_cached_value(path: Path, cell: str, value: str) -> Path:
    """Give a formula the value Excel would have saved with it (openpyxl saves formulas without one)."""
    copy = path.with_name("med-värde-" + path.name)
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(copy, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                text = data.decode("utf-8")
                text, count = re.subn(rf'(<c r="{cell}"[^>]*>\s*<f>[^<]*</f>)\s*<v\s*/>', rf"\1<v>{value}</v>", text)
                assert count == 1, text
                data = text.encode("utf-8")
            target.writestr(item, data)
    return copy


def problems(path: Path) -> list[Diagnostic]:
    with pytest.raises(MeasuresError) as info:
        load_measures(path)
    return info.value.diagnostics


def the_problem(path: Path) -> Diagnostic:
    found = problems(path)
    assert len(found) == 1, "\n".join(d.render() for d in found)
    return found[0]


HEADER = ["indikator", "period", "värde"]


# --- cells ------------------------------------------------------------------------------------------

def test_text_and_numeric_cells_become_values_at_their_cells(tmp_path):
    path = workbook(tmp_path / "matvarden.xlsx", [
        HEADER + ["grupp", "enhet", "kommentar"],
        ["sjuk", "2018", "3,8 %", None, None, "text som i CSV"],
        ["sjuk", 2019, 0.035, None, None, "tal med procentformat"],
        ["sjuk", 2019, 0.029, "K", None, None],
        ["sjuk", 2019, 3.5, "T", 1860, None],
        ["styrmodell", "2019", "delvis genomförd"],
    ], formats={"C3": "0.0%", "C4": "0.0%"})
    values = load_measures(path).values
    assert [(v.where, v.indicator, v.period.text, v.text, v.group, v.org_unit) for v in values] == [
        (f"{path}:Blad1!C2", "sjuk", "2018", "3,8 %", None, None),
        (f"{path}:Blad1!C3", "sjuk", "2019", "3,5 %", None, None),
        (f"{path}:Blad1!C4", "sjuk", "2019", "2,9 %", "K", None),
        (f"{path}:Blad1!C5", "sjuk", "2019", "3,5", None, "1860"),  # T is the indicator's own row
        (f"{path}:Blad1!C6", "styrmodell", "2019", "delvis genomförd", None, None)]
    assert [(str(v.number), v.number_unit) for v in values[1:4]] == [("3.5", "%"), ("2.9", "%"), ("3.5", None)]
    assert values[0].number is None  # a text cell is read as text


def test_the_header_may_come_after_empty_rows_and_empty_rows_are_skipped(tmp_path):
    path = workbook(tmp_path / "v.xlsx", [[None], [], ["Indikator", " Period ", "VÄRDE"], [None, None, None],
                                          ["sjuk", "2019", "3,5 %"]])
    (value,) = load_measures(path).values
    assert value.where == f"{path}:Blad1!C5"


def test_the_sheet_named_matvarden_is_read_else_the_first(tmp_path):
    rows = [HEADER, ["sjuk", "2019", "3,5 %"]]
    named = workbook(tmp_path / "a.xlsx", rows, sheet="Mätvärden", before=["Beräkningar"])
    assert load_measures(named).values[0].file == f"{named}:Mätvärden"
    first = workbook(tmp_path / "b.xlsx", rows, sheet="Blad1")
    book = openpyxl.load_workbook(first)
    book.create_sheet("Blad2").append(["inget", "att", "läsa"])
    book.save(first)
    assert load_measures(first).values[0].file == f"{first}:Blad1"


@pytest.fixture(scope="module")
def measures_doc() -> str:
    return MEASURES_DOC.read_text(encoding="utf-8")


def _cell(written: str):
    """`texten `3,8 %``, `talet `0,038``, `` `SANT` ``: what the documentation's table says is in the cell."""
    content = re.search(r"`([^`]+)`", written)[1]
    if written.startswith("texten"):
        return content
    if written.startswith("talet"):
        number = content.replace(",", ".")
        return float(number) if "." in number else int(number)
    return {"SANT": True, "FALSKT": False}[content]


def test_the_documented_cells_are_read_as_documented(measures_doc, tmp_path):
    (table,) = tables(measures_doc, "I cellen")
    assert len(table) >= 8
    rows, formats = [HEADER], {}
    for n, (written, number_format, _) in enumerate(table, 2):
        rows.append([f"sjuk{n}", "2019", _cell(written)])
        formats[f"C{n}"] = re.search(r"`([^`]+)`", number_format)[1]
    path = workbook(tmp_path / "celler.xlsx", rows, formats=formats)
    read = [value.text.replace("\u00a0", " ") for value in load_measures(path).values]
    assert read == [re.search(r"`([^`]+)`", shown)[1] for *_, shown in table]


def test_a_formula_is_read_as_the_value_excel_saved_and_never_computed(tmp_path):
    path = workbook(tmp_path / "f.xlsx", [HEADER, ["sjuk", "2019", "=0.01*3.5"]], formats={"C2": "0.0%"})
    found = the_problem(path)
    assert (found.code, found.where) == ("formel-utan-värde", f"{path}:Blad1!C2")
    assert found.message == "Cellen har formeln =0.01*3.5 men inget sparat värde."
    saved = with_cached_value(path, "C2", "0.035")
    (value,) = load_measures(saved).values
    assert (value.text, str(value.number)) == ("3,5 %", "3.5")


def test_an_excel_error_a_date_and_a_value_without_a_column_are_errors_at_their_cells(tmp_path):
    path = workbook(tmp_path / "e.xlsx", [
        HEADER,
        ["sjuk", "2017", "#N/A"],
        ["sjuk", datetime.date(2019, 8, 1), "3,5 %"],
        ["sjuk", datetime.date(2019, 8, 1), "3,5 %"],
        ["sjuk", "2019", datetime.date(2019, 1, 1)],
        ["sjuk", "2016", "3,5 %", "överblivet"],
    ], formats={"B4": "yyyy-mm"})
    book = openpyxl.load_workbook(path)
    book.active["C2"].data_type = "e"
    book.save(path)
    found = problems(path)
    assert [(d.code, d.where) for d in found] == [
        ("excel-fel", f"{path}:Blad1!C2"), ("period-som-datum", f"{path}:Blad1!B3"),
        ("period-som-datum", f"{path}:Blad1!B4"), ("fel-form", f"{path}:Blad1!C5"),
        ("fel-rubrikrad", f"{path}:Blad1!D6")]
    assert "'2019-08" in found[2].hint and "T2 2019" not in found[2].hint  # shown as a month: the month
    assert "T2 2019" in found[1].hint  # shown as a day: which period?


@pytest.mark.parametrize("rows, code, where, text", [
    ([["indikator", "period", "värden"], ["sjuk", "2019", "3,5 %"]], "fel-rubrikrad", "!C1", "menade du 'värde'"),
    ([["indikator", "period"], ["sjuk", "2019"]], "fel-rubrikrad", "!1:1", "Saknas: värde"),
    ([["indikator", "period", "värde", "Värde"], ["sjuk", "2019", "3,5 %", "3 %"]], "dubbel-kolumn", "!D1", "värde"),
    ([HEADER], "inga-mätvärden", "", "inga mätvärden"),
    ([[None]], "tom-fil", "", "Bladet är tomt"),
    ([HEADER, ["sjuk", "2019", None]], "tomt-värde", "!C2", "Värdet för 'sjuk' är tomt."),
    ([HEADER, [None, "2019", "3 %"]], "tomt-värde", "!A2", "Kolumnen 'indikator' är tom."),
    ([HEADER, ["sjuk", "nästa år", "3 %"]], "okänd-period", "!B2", "nästa år"),
    ([HEADER, ["sjuk", "2019", "3,5 %\u202e"]], "styrtecken", "!C2", "U+202E"),
    ([HEADER, ["sjuk", "2019", 1e20]], "för-många-siffror", "!C2", "fler än 15 siffror"),
])
def test_mistakes_in_a_sheet_are_named_at_their_cell(tmp_path, rows, code, where, text):
    path = workbook(tmp_path / "m.xlsx", rows)
    found = the_problem(path)
    assert found.code == code
    assert found.where == f"{path}:Blad1{where}" if where else found.where.endswith((f"{path}:Blad1", str(path)))
    assert text in found.message + " " + (found.hint or ""), found.render()
    assert found.render().startswith(f"{found.where}: fel: ")


def test_the_comment_column_is_not_read_so_a_formula_there_does_no_harm(tmp_path):
    path = workbook(tmp_path / "k.xlsx", [HEADER + ["kommentar"], ["sjuk", "2019", "3,5 %", "=A1&B1"],
                                          ["sjuk", "2018", "3,8 %", datetime.date(2019, 1, 1)]])
    assert [v.text for v in load_measures(path).values] == ["3,5 %", "3,8 %"]


def test_true_and_false_are_ja_and_nej(tmp_path):
    path = workbook(tmp_path / "b.xlsx", [HEADER, ["formaga", "2019", True], ["formaga", "2018", False]])
    assert [v.text for v in load_measures(path).values] == ["ja", "nej"]


def test_interpretation_errors_name_the_cell_too(write, tmp_path):
    rules = write("regler.yaml", rule_file(SICK_LEAVE))
    path = workbook(tmp_path / "v.xlsx", [HEADER, ["sjuk", "2019", "4,5 veckor"], ["styrmodell", "2019", 3]])
    with pytest.raises(MeasuresError) as info:
        malmotor.load_checked_measures(malmotor.load_scorecard(rules), [path])
    assert [line for line in info.value.render().splitlines() if not line.startswith(" ")] == [
        f"{path}:Blad1!C2: fel: Värdet '4,5 veckor' för 'sjuk' har enheten 'veckor' men indikatorn har enheten '%'.",
        f"{path}:Blad1!C3: fel: '3' är ingen status för 'styrmodell'."]


def test_a_percentage_cell_for_an_indicator_without_a_unit_is_a_unit_error(write, tmp_path):
    rules = write("regler.yaml", rule_file("""
        - id: index
          namn: Index
          riktning: högre är bättre
          mål: 100
    """))
    path = workbook(tmp_path / "v.xlsx", [HEADER, ["index", "2019", 0.5]], formats={"C2": "0%"})
    with pytest.raises(MeasuresError) as info:
        malmotor.load_checked_measures(malmotor.load_scorecard(rules), [path])
    (found,) = info.value.diagnostics
    assert found.code == "fel-enhet" and "'50 %'" in found.message


# --- files that are not workbooks ---------------------------------------------------------------------

def test_an_old_xls_or_a_text_file_named_xlsx_or_a_damaged_workbook_is_said_to_be_so(tmp_path):
    old = tmp_path / "gammal.xlsx"
    old.write_bytes(b"\xd0\xcf\x11\xe0" + bytes(100))
    found = the_problem(old)
    assert (found.code, found.file, found.line) == ("excel-fil", str(old), None)
    assert ".xls" in found.message and "Excel-arbetsbok" in found.hint
    text = tmp_path / "text.xlsx"
    text.write_text("indikator;period;värde\n", encoding="utf-8")
    assert the_problem(text).code == "fel-filtyp"
    damaged = tmp_path / "skadad.xlsx"
    damaged.write_bytes(b"PK\x03\x04" + bytes(100))
    found = the_problem(damaged)
    assert found.code == "skadad-excel-fil" and "CSV UTF-8" in found.hint
    assert the_problem(tmp_path / "finns-inte.xlsx").code == "fil-saknas"


def test_a_workbook_that_unpacks_beyond_the_limit_is_not_read(tmp_path, monkeypatch):
    path = workbook(tmp_path / "stor.xlsx", [HEADER, ["sjuk", "2019", "3,5 %"]])
    monkeypatch.setattr(spreadsheet, "UNPACKED_LIMIT", 1000)
    found = the_problem(path)
    assert found.code == "för-stor-fil" and "packas upp" in found.message


def test_an_xls_file_is_refused_with_a_hint_to_save_it_as_xlsx(tmp_path):
    path = tmp_path / "gammal.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0" + bytes(100))
    found = the_problem(path)
    assert found.message == "Filen är en Excel-fil, inte en textfil."
    assert ".xls kan inte läsas" in found.hint and "(.xlsx)" in found.hint


def test_a_workbook_given_as_the_rule_file_is_said_to_be_one(tmp_path):
    path = workbook(tmp_path / "styrkort.xlsx", [HEADER])
    with pytest.raises(malmotor.RuleFileError) as info:
        malmotor.load_scorecard(path)
    assert info.value.diagnostics[0].code == "excel-fil"


# --- the documentation's examples -------------------------------------------------------------------

def test_the_documented_error_example_is_what_malmotor_prints(measures_doc, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    workbook(Path("matvarden.xlsx"), [
        HEADER,
        ["konsultkostnad", "2018", "1,9 mnkr"],
        ["sjukfranvaro", datetime.date(2019, 8, 1), "3,5 %"],
        ["konsultkostnad", "2019", "=C2*1.1"],
    ], sheet="mätvärden", formats={"B3": "yyyy-mm-dd"})
    section = measures_doc[measures_doc.index("\n## Excel"):measures_doc.index("\n## Kolada")]
    (expected,) = [b.body for b in blocks(section) if b.lang == "text"]
    with pytest.raises(MeasuresError) as info:
        load_measures("matvarden.xlsx")
    assert info.value.render() + "\n" == expected


def _csv_rows(text: str) -> list[list[str]]:
    return [line.split(";") for line in text.strip().splitlines()]


def _as_cell(text: str):
    """A CSV cell as someone would type it in Excel: numbers as numbers (a percentage as a share with
    a percentage format), everything else as text."""
    if re.fullmatch(r"\d+", text):
        return int(text), None
    if match := re.fullmatch(r"(\d+)(?:,(\d+))? %", text):
        places = len(match[2] or "")
        return round(float(text[:-2].replace(",", ".")) / 100, places + 2), "0" + ("." + "0" * places if places else "") + "%"
    if re.fullmatch(r"\d+,\d+", text):
        return float(text.replace(",", ".")), "0." + "0" * len(text.split(",")[1])
    return (text or None), None


def test_the_complete_csv_example_as_a_workbook_gives_the_same_verdicts(measures_doc, tmp_path):
    rules = tmp_path / RULES_NAME
    rules.write_text(the_block(RULE_DOC.read_text(encoding="utf-8"), "yaml", RULES_MARK), encoding="utf-8")
    csv = tmp_path / CSV_NAME
    csv.write_text(the_block(measures_doc, "csv"), encoding="utf-8")
    rows, formats, numbers = [], {}, 0
    for r, row in enumerate(_csv_rows(csv.read_text(encoding="utf-8")), 1):
        cells = []
        for c, text in enumerate(row):
            value, number_format = _as_cell(text) if r > 1 else (text, None)
            cells.append(value)
            numbers += c == 2 and isinstance(value, (int, float))
            if number_format:
                formats[f"{'ABCDE'[c]}{r}"] = number_format
        rows.append(cells)
    assert numbers > 10 and len(formats) > 5  # the test does type numbers as numbers
    book = workbook(tmp_path / "matvarden.xlsx", rows, sheet="mätvärden", formats=formats)
    scorecard = malmotor.load_scorecard(rules)

    def verdicts(path):
        result = malmotor.evaluate(scorecard, malmotor.load_checked_measures(scorecard, [path]), period="2019")
        assert result.warnings == ()
        return [(r.id, r.value_text, r.level, r.trend, r.explanation) for r in result.indicators]

    assert verdicts(book) == verdicts(csv)


# --- the same values in every format give the same result --------------------------------------------

def test_csv_yaml_excel_and_kolada_give_byte_identical_json_apart_from_sources(tmp_path, monkeypatch):
    """The values of tests/data/kolada-N00945-1860.json (sjukfranvaro per kön, unit 1860, 2017 missing)
    written in each format, judged with the complete rule file of docs/rule-format.md."""
    monkeypatch.chdir(tmp_path)
    Path(RULES_NAME).write_text(the_block(RULE_DOC.read_text(encoding="utf-8"), "yaml", RULES_MARK),
                                encoding="utf-8")
    values = {("2017", g): None for g in "TKM"}
    for entry in json.loads(FIXTURE.read_text(encoding="utf-8"))["values"]:
        for value in entry["values"]:
            values[(str(entry["period"]), value["gender"])] = value["value"]
    written = {key: "saknas" if v is None else f"{v} %".replace(".", ",") for key, v in values.items()}

    Path("matvarden.csv").write_text("indikator;period;enhet;grupp;värde\n" + "".join(
        f"sjukfranvaro;{period};1860;{'' if g == 'T' else g};{text}\n" for (period, g), text in written.items()),
        encoding="utf-8")
    yaml_files = []
    for period in ("2017", "2018", "2019"):
        Path(f"{period}.yaml").write_text(
            f"period: {period}\nenhet: 1860\nvärden:\n  sjukfranvaro:\n    totalt: {written[(period, 'T')]}\n"
            f"    kön:\n      kvinnor: {written[(period, 'K')]}\n      män: {written[(period, 'M')]}\n", encoding="utf-8")
        yaml_files.append(f"{period}.yaml")
    rows, formats = [["indikator", "period", "enhet", "grupp", "värde"]], {}
    for n, ((period, g), value) in enumerate(values.items(), 2):
        rows.append(["sjukfranvaro", int(period), 1860, g, "saknas" if value is None else round(value / 100, 3)])
        formats[f"E{n}"] = "0.0%"
    workbook(Path("matvarden.xlsx"), rows, formats=formats)
    shutil.copy(FIXTURE, "kolada.json")

    def output(*files: str, sources: bool = False) -> str:
        result = CliRunner().invoke(main, ["evaluate", RULES_NAME, *files, "--period", "2019", "--format", "json"],
                                    catch_exceptions=False)
        assert result.exit_code == 0, result.output
        return result.stdout if sources else re.sub(r'"(value_)?source": "[^"]*"', '"source": "…"', result.stdout)

    outputs = {"csv": output("matvarden.csv"), "yaml": output(*yaml_files), "xlsx": output("matvarden.xlsx"),
               "kolada": output("kolada.json")}
    assert outputs["csv"] == outputs["yaml"] == outputs["xlsx"] == outputs["kolada"]
    rows = [r for r in json.loads(outputs["csv"])["indicators"] if r["id"] == "sjukfranvaro"]
    assert [(r["org_unit"], r["group"], r["value_text"]) for r in rows] == [
        ("1860", None, "3,5 %"), ("1860", "kvinnor", "2,9 %"), ("1860", "män", "4,1 %")]
    # the sources say where each value is, in each format's own terms
    sources = {}
    for name, files in (("csv", ["matvarden.csv"]), ("xlsx", ["matvarden.xlsx"]), ("kolada", ["kolada.json"])):
        row = next(r for r in json.loads(output(*files, sources=True))["indicators"] if r["id"] == "sjukfranvaro")
        sources[name] = (row["value_source"], row["trend_comparison"]["source"])
    lines = Path("matvarden.csv").read_text(encoding="utf-8").splitlines()
    now, before = (lines.index(f"sjukfranvaro;{year};1860;;{written[(year, 'T')]}") + 1 for year in ("2019", "2018"))
    assert sources["csv"] == (f"matvarden.csv:{now}", f"matvarden.csv:{before}")
    assert sources["xlsx"] == (f"matvarden.xlsx:Blad1!E{now}", f"matvarden.xlsx:Blad1!E{before}")
    assert re.fullmatch(r"kolada\.json:1:\d+", sources["kolada"][0])
