"""`--format xlsx`: the workbook read back with openpyxl, cell by cell against the CSV, with its
number formats, fills, frozen header, autofilter, group sheets, legend and run sheet; byte-identical
twice; only to a file, never over an input."""

from __future__ import annotations

import csv
import datetime
import hashlib
import io
import zipfile
from decimal import Decimal

import openpyxl
import pytest
from click.testing import CliRunner

from malmotor import __version__
from malmotor.cli.main import main
from malmotor.load.examples import example_assessments_paths, example_measures_paths, example_rules_path
from malmotor.pipeline import evaluate
from malmotor.load.assessments import load_assessments
from malmotor.load.rulefile import load_scorecard
from malmotor.load.values import load_checked_measures
from malmotor.report.palette import colours
from malmotor.report.render import render
from malmotor.report.workbook import WorkbookInputs, _sheet_name, colour_word, workbook_bytes, write_workbook

from .conftest import ROOT

SEED = [ROOT / "rules" / "lansteknik-2018.yaml", ROOT / "measures" / "lansteknik-2017.yaml",
        ROOT / "measures" / "lansteknik-2018.yaml"]
SEED_ASSESSMENTS = ROOT / "assessments" / "lansteknik-2018.yaml"
SEED_ARGS = [*map(str, SEED), "--bedömningar", str(SEED_ASSESSMENTS)]
SHEETS = {"sv": ["Styrkort", "kön", "verksamhetsområde", "Sammanvägning, sammanfattning", "Teckenförklaring och körning"],
          "en": ["Scorecard", "kön", "verksamhetsområde", "Roll-up and summaries", "Legend and run"]}


def _cli(*args: str):
    return CliRunner().invoke(main, ["evaluate", *args], catch_exceptions=False)


@pytest.fixture(scope="module")
def books(tmp_path_factory):
    """The seed's workbook in Swedish and English, written by the command line, and the results they show."""
    folder = tmp_path_factory.mktemp("workbook")
    scorecard = load_scorecard(SEED[0])
    measures = load_checked_measures(scorecard, SEED[1:])
    decisions = load_assessments([SEED_ASSESSMENTS], scorecard)
    found = {}
    for lang in ("sv", "en"):
        path = folder / f"styrkort-{lang}.xlsx"
        done = _cli(*SEED_ARGS, "--format", "xlsx", "--lang", lang, "--output", str(path))
        assert done.exit_code == 0, done.output
        assert done.stdout == ""
        result = evaluate(scorecard, measures, None, lang=lang, assessments=decisions)
        found[lang] = (path, openpyxl.load_workbook(path), result)
    return found


def _rows(sheet) -> list[tuple]:
    return [tuple(cell for cell in row) for row in sheet.iter_rows(min_row=2)]


def _header(sheet) -> list[str]:
    return [cell.value for cell in sheet[1]]


def _as_csv_text(cell, lang: str) -> str:
    """A workbook cell as the CSV writes it: a number the language's way (no grouping), a date in ISO."""
    value = cell.value
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    if isinstance(value, (int, float)):
        text = format(Decimal(repr(value)).normalize(), "f")
        return text.replace(".", ",") if lang == "sv" else text
    return value


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_the_scorecard_sheet_has_every_row_and_column_of_the_csv(books, lang):
    path, book, result = books[lang]
    assert book.sheetnames == SHEETS[lang]
    sheet = book[SHEETS[lang][0]]
    lines = list(csv.reader(io.StringIO(render(result, "csv")), delimiter=";" if lang == "sv" else ","))
    assert _header(sheet) == lines[0]
    cells = [[_as_csv_text(cell, lang) for cell in row] for row in _rows(sheet)]
    # The CSV guards a text that a spreadsheet would run (`-3`, `=x`) with `'`; a workbook's strings are never formulas.
    expected = [[cell[1:] if cell.startswith("'") else cell for cell in line] for line in lines[1:]]
    assert cells == expected
    kinds = {row[_header(sheet).index("radtyp" if lang == "sv" else "row kind")].value for row in _rows(sheet)}
    assert kinds == ({"indikator", "grupp", "skillnad", "perspektiv", "strategiskt mål", "mål", "styrkort", "sammanfattning"}
                     if lang == "sv" else
                     {"indicator", "group", "gap", "perspective", "strategic goal", "goal", "scorecard", "summary"})


def _row(sheet, key: str, group: str | None = None):
    header = _header(sheet)
    for row in _rows(sheet):
        if row[0].value == key and row[header.index("grupp")].value == group:
            return {name: cell for name, cell in zip(header, row)}
    raise AssertionError(key)


def test_numbers_are_numbers_with_the_decimals_they_are_shown_with(books):
    sheet = books["sv"][1]["Styrkort"]
    cases = {("sjukfranvaro", None): (3.8, "#,##0.0", "%"), ("sjukfranvaro", "kvinnor"): (2.07, "#,##0.00", "%"),
             ("extra-tid", None): (10400, "#,##0", "timmar"), ("kundnojdhet", None): (4.31, "#,##0.00", None),
             ("konsultberoende", None): (1.9, "#,##0.0", "mnkr"), ("utbildning-avvikelsehantering", None): (100, "#,##0", "%")}
    for (key, group), (number, number_format, unit) in cases.items():
        row = _row(sheet, key, group)
        assert row["tal"].data_type == "n" and row["tal"].value == number and row["tal"].number_format == number_format
        assert row["enhet"].value == unit
        assert row["värde"].data_type == "s" and row["period"].value == "2018"
    gap = _row(sheet, "sjukfranvaro", "kvinnor–män")
    assert (gap["tal"].value, gap["tal"].number_format, gap["enhet"].value) == (2.4, "#,##0.0", "procentenheter")
    assert _row(sheet, "halsoframjande-arbetsplatser")["tal"].value is None  # no value: an empty cell, not 0
    decided = _row(sheet, "it-sakerhetsincidenter")
    assert decided["datum"].value == datetime.datetime(2019, 2, 15) and decided["datum"].number_format == "yyyy-mm-dd"
    assert decided["bedömning"].value == "manuell bedömning" and decided["beräknad måluppfyllelse"].value == "ej uppfyllt"


def _fill(cell) -> str | None:
    return "#" + cell.fill.fgColor.rgb[2:].lower() if cell.fill.fill_type == "solid" else None


def _font(cell) -> str | None:
    return "#" + cell.font.color.rgb[2:].lower() if cell.font.color is not None and cell.font.color.rgb else None


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_the_level_and_the_arrow_are_filled_with_their_legend_colour_and_readable_text(books, lang):
    _, book, result = books[lang]
    sheet = book[SHEETS[lang][0]]
    header = _header(sheet)
    level, symbol, trend, arrow = (header.index(name) for name in (
        ("måluppfyllelse", "symbol", "utveckling", "pil") if lang == "sv" else ("fulfilment", "symbol", "trend", "arrow")))
    for row, shown in zip(result.indicators, _rows(sheet)):
        back, text = colours(row.colour)
        for cell in (shown[level], shown[symbol]):
            assert (_fill(cell), _font(cell)) == (back, text), (row.id, row.group)
        if row.arrow:
            assert _fill(shown[arrow]) == colours(row.arrow_colour)[0] == _fill(shown[trend])
        else:
            assert _fill(shown[arrow]) is None
        assert _fill(shown[0]) is None and _fill(shown[header.index("tal" if lang == "sv" else "number")]) is None
    by_level = {_row(sheet, key)["måluppfyllelse" if lang == "sv" else "fulfilment"].fill.fgColor.rgb
                for key in ("driftavbrott", "windows10", "sjukfranvaro", "personalomsattning")} if lang == "sv" else None
    if by_level is not None:
        assert by_level == {"FF2E7D32", "FFFDD835", "FFC62828", "FFD6D6D6"}  # grön, gul, röd, grå
        assert _font(_row(sheet, "sjukfranvaro")["symbol"]) == "#ffffff"  # white on red, black on yellow
        assert _font(_row(sheet, "windows10")["symbol"]) == "#000000"


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_every_data_sheet_has_a_frozen_header_an_autofilter_and_fitting_wrapped_columns(books, lang):
    _, book, _ = books[lang]
    for name in SHEETS[lang][:-1]:
        sheet = book[name]
        assert sheet.freeze_panes == "A2"
        assert sheet.auto_filter.ref == f"A1:Y{sheet.max_row}"
        assert all(cell.font.b for cell in sheet[1])
    sheet = book[SHEETS[lang][0]]
    explanation = _header(sheet).index("förklaring" if lang == "sv" else "explanation") + 1
    letter = openpyxl.utils.get_column_letter(explanation)
    assert sheet.column_dimensions[letter].width == pytest.approx(60, abs=1)
    assert all(sheet.cell(row, explanation).alignment.wrap_text for row in range(2, sheet.max_row + 1))
    assert all(sheet.cell(row, 1).alignment.vertical == "top" for row in range(2, sheet.max_row + 1))
    widths = {letter: dimension.width for letter, dimension in sheet.column_dimensions.items()}
    assert all(6 <= width <= 61 for width in widths.values())
    assert widths["A"] > 20 and widths["O"] < 12  # ids are long, symbols are short


def test_one_sheet_per_breakdown_with_its_group_and_gap_rows(books):
    _, book, result = books["sv"]
    gender = [(row[0].value, row[3].value) for row in _rows(book["kön"])]
    assert gender == [("kundnojdhet", "kvinnor"), ("kundnojdhet", "män"), ("sjukfranvaro", "kvinnor"),
                      ("sjukfranvaro", "män"), ("kundnojdhet", "kvinnor–män"), ("sjukfranvaro", "kvinnor–män")]
    assert {row[2].value for row in _rows(book["kön"])} == {"kön"}
    assert [(row[0].value, row[3].value) for row in _rows(book["verksamhetsområde"])] == [("sjukfranvaro", "VO Drift")]
    assert _header(book["kön"]) == _header(book["Styrkort"])
    drift = _row(book["verksamhetsområde"], "sjukfranvaro", "VO Drift")
    assert (drift["tal"].value, drift["tal"].number_format, _fill(drift["symbol"])) == (5.2, "#,##0.0", "#c62828")


def test_the_roll_up_sheet_has_the_verdicts_and_the_summaries(books):
    _, book, result = books["sv"]
    rows = _rows(book["Sammanvägning, sammanfattning"])
    assert len(rows) == len(result.nodes) + len(result.summaries)
    assert [row[0].value for row in rows] == [node.id for node in result.nodes] + [s.node for s in result.summaries]
    header = _header(book["Styrkort"])
    whole = [row for row in rows if row[header.index("radtyp")].value == "styrkort"][0]
    assert whole[header.index("måluppfyllelse")].value == "delvis uppfyllt" and _fill(whole[header.index("symbol")]) == "#fdd835"
    summary = rows[len(result.nodes)]
    assert summary[header.index("förklaring")].value == result.summaries[0].text
    assert summary[header.index("radtyp")].value == "sammanfattning"


def test_without_roll_up_or_groups_there_are_no_such_sheets(tmp_path, write):
    rules = write("regler.yaml", """\
        malmotor: 1
        styrkort: Litet
        perspektiv:
          - namn: Ekonomi
            strategiska mål:
              - namn: Balans
                mål:
                  - namn: Resultat
                    indikatorer:
                      - {id: resultat, namn: Resultat, mål: "minst 2 %", enhet: "%"}
        """)
    measures = write("m.yaml", """\
        period: 2020
        värden:
          resultat: 2,5 %
        """)
    done = _cli(str(rules), str(measures), "--format", "xlsx", "-o", str(tmp_path / "ut.xlsx"))
    assert done.exit_code == 0, done.output
    book = openpyxl.load_workbook(tmp_path / "ut.xlsx")
    assert book.sheetnames[0] == "Styrkort" and book.sheetnames[-1] == "Teckenförklaring och körning"
    assert "kön" not in book.sheetnames and not any("Sammanvägning" in name for name in book.sheetnames)
    assert book.properties.created == datetime.datetime(2020, 12, 31)


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_the_legend_and_run_sheet_names_the_levels_in_colour_and_every_input_with_its_hash(books, lang):
    path, book, result = books[lang]
    sheet = book[SHEETS[lang][-1]]
    rows = [[cell for cell in row] for row in sheet.iter_rows()]
    values = [[cell.value for cell in row] for row in rows]
    assert values[0][0] == ("Teckenförklaring" if lang == "sv" else "Legend")
    level_words = [entry.text_in(lang) for entry in result.legend.levels.values()]
    legend = {row[1].value: row for row in rows[2:] if row[1].value}
    for word in level_words:
        entry = next(entry for entry in result.legend.levels.values() if entry.text_in(lang) == word)
        assert legend[word][2].value == entry.symbol and legend[word][3].value == colour_word(entry.colour, lang)
        assert {_fill(cell) for cell in legend[word][1:4]} == {colours(entry.colour)[0]}
    assert "*" in [row[2] for row in values]  # the marker of a decided level: the seed has one
    run = {row[0]: row[1:] for row in values if row[0]}
    files = {"sv": ("Regelfil", "Mätvärdesfil", "Bedömningsfil"), "en": ("Rule file", "Measures file", "Assessments file")}[lang]
    listed = [(row[0], row[1], row[2]) for row in values if row[0] in files]
    assert listed == [(files[0], str(SEED[0]), hashlib.sha256(SEED[0].read_bytes()).hexdigest()),
                      *[(files[1], str(path), hashlib.sha256(path.read_bytes()).hexdigest()) for path in SEED[1:]],
                      (files[2], str(SEED_ASSESSMENTS), hashlib.sha256(SEED_ASSESSMENTS.read_bytes()).hexdigest())]
    items = {"sv": ("Period", "Språk", "Motor", "malmotor-version"), "en": ("Period", "Language", "Engine", "malmotor version")}[lang]
    assert [run[item][0] for item in items] == ["2018", lang, "durable", __version__]
    assert run["Styrkort" if lang == "sv" else "Scorecard"][0] == result.scorecard


def test_the_same_input_gives_the_same_bytes_dated_by_the_period(books, tmp_path):
    path, book, _ = books["sv"]
    again = tmp_path / "igen.xlsx"
    assert _cli(*SEED_ARGS, "--format", "xlsx", "-o", str(again)).exit_code == 0
    assert again.read_bytes() == path.read_bytes()
    assert book.properties.created == datetime.datetime(2018, 12, 31)
    with zipfile.ZipFile(path) as archive:
        assert "<dcterms:created xsi:type=\"dcterms:W3CDTF\">2018-12-31T00:00:00Z" in \
            archive.read("docProps/core.xml").decode()
        assert {info.date_time for info in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}


def test_a_tertial_with_units_is_dated_by_its_last_day_and_names_each_unit(tmp_path):
    kommun = ROOT / "rules" / "kommun-uppfoljning.yaml"
    measures = [ROOT / "measures" / "kommun-2018.csv", ROOT / "measures" / "kommun-2019.csv"]
    out = tmp_path / "kommun.xlsx"
    done = _cli(str(kommun), *map(str, measures), "--period", "T2 2019", "--format", "xlsx", "-o", str(out))
    assert done.exit_code == 0, done.output
    book = openpyxl.load_workbook(out)
    assert book.properties.created == datetime.datetime(2019, 8, 31)
    units = {row[1].value for row in _rows(book["Styrkort"])}
    assert {"Socialförvaltningen", "Samhällsbyggnad"} <= units


@pytest.mark.parametrize("output", [None, "-", "/dev/stdout"])
def test_a_workbook_goes_to_a_file_only(output, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    done = _cli(*SEED_ARGS, "--format", "xlsx", *(["--output", output] if output else []))
    assert done.exit_code == 2
    assert "--format xlsx" in done.stderr and "--output" in done.stderr and done.stdout == ""
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("which", [0, 1, 3])
def test_a_workbook_onto_an_input_is_refused_and_the_input_kept(tmp_path, which):
    copies = []
    for source in [*SEED, SEED_ASSESSMENTS]:
        copy = tmp_path / source.parent.name / source.name
        copy.parent.mkdir(exist_ok=True)
        copy.write_bytes(source.read_bytes())
        copies.append(copy)
    before = copies[which].read_bytes()
    done = _cli(*map(str, copies[:3]), "--bedömningar", str(copies[3]), "--format", "xlsx", "-o", str(copies[which]))
    assert done.exit_code == 2 and "utdata" not in done.stdout
    assert f"'{copies[which]}'" in done.stderr
    assert copies[which].read_bytes() == before
    assert sorted(path for path in tmp_path.rglob("*") if path.is_file()) == sorted(copies)  # no temporary left


def test_the_library_writes_to_a_stream_or_a_path_and_never_over_an_input(books, tmp_path):
    _, _, result = books["sv"]
    inputs = WorkbookInputs(example_rules_path(), tuple(example_measures_paths()), tuple(example_assessments_paths()))
    stream = io.BytesIO()
    write_workbook(result, stream, inputs)
    assert stream.getvalue() == workbook_bytes(result, inputs)
    write_workbook(result, tmp_path / "bok.xlsx")
    assert openpyxl.load_workbook(tmp_path / "bok.xlsx").sheetnames == SHEETS["sv"]
    rules_copy = tmp_path / "regler.yaml"
    rules_copy.write_bytes(SEED[0].read_bytes())
    from malmotor.diagnostics import MalmotorError
    with pytest.raises(MalmotorError) as refused:
        write_workbook(result, rules_copy, WorkbookInputs(rules=rules_copy))
    assert refused.value.diagnostics[0].code == "utdata-är-indata"
    assert rules_copy.read_bytes() == SEED[0].read_bytes()


def test_a_colour_written_as_rgb_is_used_and_an_unknown_word_leaves_the_cell_unfilled(books):
    _, _, result = books["sv"]
    first, second, *rest = result.indicators
    changed = result.model_copy(update={"indicators": (first.model_copy(update={"colour": "#ffeeaa"}),
                                                       second.model_copy(update={"colour": "okänd"}), *rest)})
    sheet = openpyxl.load_workbook(io.BytesIO(workbook_bytes(changed)))["Styrkort"]
    symbol = _header(sheet).index("symbol") + 1
    assert (_fill(sheet.cell(2, symbol)), _font(sheet.cell(2, symbol))) == ("#ffeeaa", "#000000")
    assert _fill(sheet.cell(3, symbol)) is None


def test_sheet_names_are_ones_excel_accepts():
    taken: set[str] = set()
    assert _sheet_name("Styrkort", taken) == "Styrkort"
    assert _sheet_name("styrkort", taken) == "styrkort (2)"
    assert _sheet_name("kön/ålder: [alla]?", taken) == "kön-ålder- -alla--"
    assert len(_sheet_name("en mycket lång gruppering som inte får plats", taken)) == 31
    assert _sheet_name("History", taken) == "History (2)"


def test_the_documented_example_runs_as_written(tmp_path, monkeypatch):
    import re
    text = (ROOT / "docs" / "library.md").read_text(encoding="utf-8")
    code = re.search(r"```python\n# example: workbook\n(.*?)```", text, re.S).group(1)
    for folder in ("rules", "measures"):
        (tmp_path / folder).symlink_to(ROOT / folder)
    monkeypatch.chdir(tmp_path)
    exec(compile(code, "docs/library.md", "exec"), {})
    book = openpyxl.load_workbook(tmp_path / "styrkort.xlsx")
    assert book.sheetnames == SHEETS["sv"]
    run = [row[0].value for row in book["Teckenförklaring och körning"].iter_rows() if row[0].value]
    assert run.count("Mätvärdesfil") == 2


def test_the_documented_colours_are_the_palette_s():
    import re
    text = (ROOT / "docs" / "library.md").read_text(encoding="utf-8")
    section = text.split("### The workbook", 1)[1].split("```python", 1)[0]
    documented = re.findall(r"`([a-zåäö]+)`\s+`(#[0-9a-f]{6})`", section)
    assert len(documented) >= 4
    assert all(colours(word)[0] == hex_colour for word, hex_colour in documented)
