"""Measures files in YAML and CSV: values kept as written, with file and line; mistakes in Swedish."""

from __future__ import annotations

import codecs
import signal
import time
from pathlib import Path

import pytest

from malmotor.model.period import Period
from malmotor.diagnostics import Diagnostic, MeasuresError
from malmotor.load.measuresfile import load_measures

from .conftest import SEED_MEASURES


def rows(measures) -> list[tuple]:
    return [(v.indicator, int(v.period.text), v.text, v.part, Path(v.file).name, v.line) for v in measures.values]


def errors_of(paths) -> list[Diagnostic]:
    with pytest.raises(MeasuresError) as info:
        load_measures(paths)
    diagnostics = info.value.diagnostics
    assert diagnostics and all(d.severity == "fel" for d in diagnostics)
    return diagnostics


def assert_error(path: Path, line: int | None, message: str, hint: str | None = None) -> Diagnostic:
    diagnostics = errors_of(path)
    assert len(diagnostics) == 1, "\n".join(d.render() for d in diagnostics)
    found = diagnostics[0]
    assert (found.file, found.line) == (str(path), line), found.render()
    assert message in found.message, found.render()
    if hint is not None:
        assert found.hint and hint in found.hint, found.render()
    return found


# --- YAML -----------------------------------------------------------------------------------


def test_bundled_measures_load():
    measures = load_measures(SEED_MEASURES)
    assert measures.periods() == [Period.year_of(2017), Period.year_of(2018)]
    of_2018 = [v for v in measures.values if v.period == Period.year_of(2018)]
    sick = {(v.dimension, v.group): v.text for v in of_2018 if v.indicator == "sjukfranvaro"}
    assert sick == {(None, None): "3,8 %", ("kön", "kvinnor"): "2,07 %", ("kön", "män"): "4,47 %",
                    ("verksamhetsområde", "VO Drift"): "5,2 %"}
    assert {v.part: v.text for v in of_2018 if v.indicator == "office365"} == {"förstudie": "påbörjad",
                                                                              "aktiviteter": "ej påbörjad"}


def test_yaml_values_are_kept_as_written_with_their_lines(write):
    path = write("2018.yaml", """
        # Mätvärden 2018
        period: 2018
        källa: Årsrapport
        värden:
          sjuk: 3,8 %
          kund: 4.30
          extra: 10 400
          ekonomi: −41 %
          saknat: saknas
          omätbart: kan inte mätas
          mäta: ja
          mäta2: true
          office:
            förstudie: Påbörjad
            aktiviteter: ej påbörjad
        """)
    assert rows(load_measures(path)) == [
        ("sjuk", 2018, "3,8 %", None, "2018.yaml", 5),
        ("kund", 2018, "4.30", None, "2018.yaml", 6),  # not the float 4.3: the precision is shown
        ("extra", 2018, "10 400", None, "2018.yaml", 7),
        ("ekonomi", 2018, "−41 %", None, "2018.yaml", 8),
        ("saknat", 2018, "saknas", None, "2018.yaml", 9),
        ("omätbart", 2018, "kan inte mätas", None, "2018.yaml", 10),
        ("mäta", 2018, "ja", None, "2018.yaml", 11),
        ("mäta2", 2018, "ja", None, "2018.yaml", 12),
        ("office", 2018, "Påbörjad", "förstudie", "2018.yaml", 14),
        ("office", 2018, "ej påbörjad", "aktiviteter", "2018.yaml", 15),
    ]


def test_several_files_and_periods(write):
    first = write("2017.yaml", "period: 2017\nvärden:\n  sjuk: 3,4 %\n")
    second = write("2018.csv", "indikator;period;värde\nsjuk;2018;3,8 %\njamix;2016;120 p\n")
    measures = load_measures([first, second])
    assert [p.text for p in measures.periods()] == ["2016", "2017", "2018"]
    assert rows(measures) == [("sjuk", 2017, "3,4 %", None, "2017.yaml", 3),
                              ("sjuk", 2018, "3,8 %", None, "2018.csv", 2),
                              ("jamix", 2016, "120 p", None, "2018.csv", 3)]


def test_a_single_path_as_text(write):
    path = write("2018.yaml", "period: 2018\nvärden:\n  sjuk: 3,8 %\n")
    assert len(load_measures(str(path)).values) == 1


# --- CSV ------------------------------------------------------------------------------------


@pytest.mark.parametrize("name, text", [
    ("semikolon.csv", "indikator;period;värde\nsjuk;2018;3,8 %\nextra;2018;1 000,5\n"),
    ("komma.csv", 'indikator,period,värde\nsjuk,2018,"3,8 %"\nextra,2018,"1 000,5"\n'),
    ("tabb.tsv", "indikator\tperiod\tvärde\nsjuk\t2018\t3,8 %\nextra\t2018\t1 000,5\n"),
    ("tabb.txt", "indikator\tperiod\tvärde\nsjuk\t2018\t3,8 %\nextra\t2018\t1 000,5\n"),
    ("rubriker.csv", " Indikator ; PERIOD ;Värde\nsjuk;2018;3,8 %\nextra;2018;1 000,5\n"),
    ("excel.csv", "indikator;period;värde;;\nsjuk;2018;3,8 %;;\nextra;2018;1 000,5;;\n"),  # empty columns
])
def test_csv_dialects(write, name, text):
    assert rows(load_measures(write(name, text))) == [("sjuk", 2018, "3,8 %", None, name, 2),
                                                       ("extra", 2018, "1 000,5", None, name, 3)]


def test_csv_parts_comments_and_blank_lines(write):
    path = write("2018.csv", """
        indikator;period;värde;del;kommentar
        office;2018;påbörjad;förstudie;"Påbörjades i slutet
        av året"

        office;2018;ej påbörjad;aktiviteter;
        sjuk;2018;saknas;;
        """)
    assert rows(load_measures(path)) == [
        ("office", 2018, "påbörjad", "förstudie", "2018.csv", 2),  # where the row starts
        ("office", 2018, "ej påbörjad", "aktiviteter", "2018.csv", 5),
        ("sjuk", 2018, "saknas", None, "2018.csv", 6),
    ]


@pytest.mark.parametrize("encoding, bom", [("utf-8", codecs.BOM_UTF8), ("utf-16-le", codecs.BOM_UTF16_LE)])
def test_csv_from_excel_with_byte_order_mark(tmp_path, encoding, bom):
    path = tmp_path / "2018.txt"
    path.write_bytes(bom + "indikator\tperiod\tvärde\r\nsjukfrånvaro\t2018\t3,8 %\r\n".encode(encoding))
    assert rows(load_measures(path)) == [("sjukfrånvaro", 2018, "3,8 %", None, "2018.txt", 2)]


def test_csv_header_wrong(write):
    path = write("2018.csv", "indikator;år;varde\nsjuk;2018;3,8 %\n")
    found = assert_error(path, 1, "Rubrikraden ska ha kolumnerna indikator, period, värde")
    assert "Saknas: period, värde." in found.hint
    assert "Okända: 'år', 'varde' (menade du 'värde'?)." in found.hint


def test_csv_header_with_a_column_twice(write):
    path = write("2018.csv", "indikator;period;värde;värde\nsjuk;2018;3,8 %;3,9 %\n")
    assert_error(path, 1, "Kolumnen värde står två gånger i rubrikraden.", "Ta bort den ena")


def test_csv_decimal_comma_in_comma_separated_file(write):
    path = write("2018.csv", "indikator,period,värde\nkund,2018,4.31\nsjuk,2018,3,8 %\n")
    assert_error(path, 3, "Raden har 4 fält men rubrikraden har 3.", "decimalkomma")


@pytest.mark.parametrize("text", [
    "indikator,period,värde,kommentar\nsjuk,2018,5,9 %\n",  # the decimal part lands in 'kommentar'
    "indikator,period,del,värde,kommentar\nsjuk,2018,,4,9 %\n",
])
def test_decimal_comma_that_still_fits_the_columns_is_an_error_not_a_wrong_value(write, text):
    path = write("2018.csv", text)
    assert_error(path, 2, "ser ut att vara delat av ett decimalkomma", "semikolon")


@pytest.mark.parametrize("text, line, message, hint", [
    ("indikator;period;värde\nsjuk;2018\n", 2, "Raden har 2 fält men rubrikraden har 3.",
     "Skriv indikator, period, värde på varje rad, avgränsade med semikolon."),
    ("indikator;period;värde\nsjuk;2018;3,8;%\n", 2, "Raden har 4 fält men rubrikraden har 3.",
     "Står det ett semikolon i ett värde?"),
    ('indikator;period;värde\n"sjuk;2018;3,8 %\njamix;2018;136\n', 2, 'Ett citattecken (") på raden stängs aldrig.',
     "citattecken"),
    ('indikator;period;värde\nsjuk;2018;3,8 %\n"jamix;2018;136\n', 3, 'Ett citattecken (") på raden stängs aldrig.',
     "citattecken"),
    ("indikator;period;värde\n;2018;3,8 %\n", 2, "Kolumnen 'indikator' är tom.", "id"),
    ("indikator;period;värde\nsjuk;2018;\n", 2, "Värdet för 'sjuk' är tomt.", "'saknas'"),
    ("indikator;period;värde\n", 1, "Filen har en rubrikrad men inga mätvärden.", "indikator, period och värde"),
])
def test_csv_row_mistakes(write, text, line, message, hint):
    path = write("2018.csv", text)
    assert_error(path, line, message, hint)


@pytest.mark.parametrize("text, line, hint", [
    # in the comment column the rest of the file became the comment: later indicators had no value, exit 0
    ('indikator;period;värde;kommentar\nsjukfranvaro;2018;3,8 %;"enligt HR\njamix;2018;136;\nkund;2018;80 %;\n',
     2, "nu fortsätter texten till filens slut (rad 4), och raderna efter den läses inte"),
    # in the value column the value became "3,8 %\njamix;2018;136": "inget tal", without a word of the quote
    ('indikator;period;värde\nsjukfranvaro;2018;"3,8 %\njamix;2018;136\n', 2, "till filens slut (rad 3)"),
    # on the last row, also without a line break at the end: read as if it were closed
    ('indikator;period;värde\nsjukfranvaro;2018;"3,8 %\n', 2, "Avsluta texten med ett citattecken"),
    ('indikator;period;värde\nsjukfranvaro;2018;"3,8 %', 2, "Avsluta texten med ett citattecken"),
    ('indikator;period;värde;kommentar\nsjukfranvaro;2018;3,8 %;"\n', 2, "Avsluta texten med ett citattecken"),
    # closed rows later, with the same number of fields: the value ran on to the next quote
    ('indikator;period;värde\nsjukfranvaro;2018;"3,8 %\njamix;2018;136"\n', 2, "nu fortsätter värdet till rad 3"),
])
def test_a_quote_never_closed_is_an_error_where_it_opens(write, text, line, hint):
    path = write("2018.csv", text)
    found = assert_error(path, line, 'Ett citattecken (") på raden stängs aldrig.', hint)
    assert found.code == "öppet-citattecken"


def test_a_quoted_cell_over_several_lines_that_is_closed_is_read(write):
    path = write("2018.csv", 'indikator;period;värde;kommentar\nsjuk;2018;3,8 %;"rad ett\nrad två"\n'
                             'jamix;2018;136;"sista ""raden""\nslutar här"\n')
    assert rows(load_measures(path)) == [("sjuk", 2018, "3,8 %", None, "2018.csv", 2),
                                         ("jamix", 2018, "136", None, "2018.csv", 4)]


# --- periods --------------------------------------------------------------------------------


@pytest.mark.parametrize("period", ["18", "2018/19", "2018.0", "2018-2019", "år 2018", "２０１８", "²⁰¹⁸"])
def test_period_that_is_not_a_period_in_yaml(write, period):
    path = write("m.yaml", f"period: {period}\nvärden:\n  sjuk: 3,8 %\n")
    assert_error(path, 1, f"Perioden '{period}' känns inte igen.", "tertial: T2 2019")


def test_period_that_is_not_a_period_in_csv(write):
    path = write("m.csv", "indikator;period;värde\nsjuk;2018;3,8 %\njamix;18;136\n")
    assert_error(path, 3, "Perioden '18' känns inte igen.", "tertial: T2 2019")


def test_quoted_period_is_a_year(write):
    assert load_measures(write("m.yaml", "period: '2018'\nvärden:\n  sjuk: 3 %\n")).periods() == [Period.year_of(2018)]


# --- YAML structure mistakes ----------------------------------------------------------------


@pytest.mark.parametrize("text, line, message", [
    ("värden:\n  sjuk: 3,8 %\n", 1, "Nyckeln 'period' saknas i mätvärdesfilen."),
    ("period: 2018\n", 1, "Nyckeln 'värden' saknas i mätvärdesfilen."),
    ("period: 2018\nvärden:\n", 2, "'värden' är tomt."),
    ("period: 2018\nvärden:\n  - sjuk: 3,8 %\n", 2, "'värden' ska ha en rad per indikator"),
    ("period: 2018\nvärden:\n  sjuk:\n", 3, "Värdet för 'sjuk' är tomt."),
    ("period: 2018\nvärden:\n  sjuk: [3, 4]\n", 3, "Värdet för 'sjuk' är en lista."),
    ("period: 2018\nvärden:\n  office:\n    förstudie:\n", 4, "Värdet för 'office' (delmål 'förstudie') är tomt."),
    ("period: 2018\nvärde:\n  sjuk: 3 %\n", 2, "Okänd nyckel 'värde' i mätvärdesfilen."),
    ("period: 2018\nvärden:\n  sjuk: 3,8 %\n  sjuk: 3,9 %\n", 4,
     "Nyckeln 'sjuk' står två gånger i samma avsnitt (första gången på rad 3)."),
    ('period: 2018\nvärden:\n  sjuk: !!python/object/apply:os.system ["echo hi"]\n', 3,
     "YAML-taggen !!python/object/apply:os.system är inte tillåten."),
    ("period: 2018\nvärden:\n  sjuk: 'öppen\n", 3, "ett citattecken öppnas men stängs aldrig"),
])
def test_yaml_structure_mistakes(write, text, line, message):
    path = write("m.yaml", text)
    found = [d for d in errors_of(path) if message in d.message]
    assert len(found) == 1 and (found[0].file, found[0].line) == (str(path), line), found


def test_misspelt_values_key_is_reported_with_suggestion(write):
    path = write("m.yaml", "period: 2018\nvärde:\n  sjuk: 3 %\n")
    messages = {d.message: d for d in errors_of(path)}
    assert messages["Okänd nyckel 'värde' i mätvärdesfilen."].hint.startswith("Menade du 'värden'?")
    assert messages["Nyckeln 'värden' saknas i mätvärdesfilen."].line == 1


# --- the files themselves -------------------------------------------------------------------


def test_missing_file(tmp_path):
    assert_error(tmp_path / "2018.yaml", None, "Filen finns inte.", "sökvägen")
    assert_error(tmp_path / "2018.csv", None, "Filen finns inte.", "sökvägen")


@pytest.mark.parametrize("name", ["2018.yaml", "2018.csv"])
def test_empty_file(write, name):
    assert_error(write(name, ""), 1, "Filen är tom.")


def test_file_with_only_comments(write):
    assert_error(write("2018.yaml", "# Mätvärden 2018 kommer senare\n"), 1, "Filen innehåller bara kommentarer")


def test_csv_not_saved_as_utf8(tmp_path):
    path = tmp_path / "2018.csv"
    path.write_bytes("indikator;period;värde\nsjuk;2018;3,8 %\n".encode("cp1252"))
    assert_error(path, 1, "Filen är inte sparad som UTF-8", "CSV UTF-8")


def test_excel_workbook_named_as_csv(tmp_path):
    """A workbook is read when its name ends .xlsx (tests/test_spreadsheet.py); under another name it
    is an Excel file where a text file was expected."""
    path = tmp_path / "2018.csv"
    path.write_bytes(b"PK\x03\x04" + b"\x00" * 40)
    assert_error(path, None, "Filen är en Excel-fil, inte en textfil.", "slutar på .xlsx")


def test_same_file_given_twice(write):
    path = write("2018.yaml", "period: 2018\nvärden:\n  sjuk: 3,8 %\n")
    [found] = errors_of([path, path.parent / ".." / path.parent.name / path.name])
    assert (found.file, found.line, found.message) == (str(path.parent / ".." / path.parent.name / path.name), None,
                                                       "Filen är angiven två gånger.")
    assert found.hint == "Ange varje mätvärdesfil en gång."


def test_same_value_twice_names_both_places(write):
    first = write("2018.yaml", "period: 2018\nvärden:\n  sjuk: 3,8 %\n")
    second = write("2018.csv", "indikator;period;värde\njamix;2018;136\nsjuk;2018;3,9 %\n")
    [found] = errors_of([first, second])
    assert (found.file, found.line) == (str(second), 3)
    assert found.message == "Värdet för 'sjuk' för 2018 står två gånger."
    assert found.hint == f"Första gången: {first}:3. Ta bort det ena."


def test_same_part_twice(write):
    first = write("a.yaml", "period: 2018\nvärden:\n  office:\n    förstudie: påbörjad\n")
    second = write("b.csv", "indikator;period;värde;del\noffice;2018;genomförd;förstudie\n")
    [found] = errors_of([first, second])
    assert (found.file, found.line) == (str(second), 2)
    assert found.message == "Värdet för 'office' (delmål 'förstudie') för 2018 står två gånger."
    assert f"{first}:4" in found.hint


def test_mistakes_in_several_files_are_reported_together(write, tmp_path):
    good = write("2017.yaml", "period: 2017\nvärden:\n  sjuk: 3,4 %\n")
    bad_yaml = write("2018.yaml", "period: 18\nvärden:\n  sjuk: 3,8 %\n")
    bad_csv = write("2019.csv", "indikator;period;värde\nsjuk;2019\n")
    missing = tmp_path / "2020.yaml"
    found = [(Path(d.file).name, d.line, d.message) for d in errors_of([good, bad_yaml, bad_csv, missing])]
    assert found == [("2018.yaml", 1, "Perioden '18' känns inte igen."),
                     ("2019.csv", 2, "Raden har 2 fält men rubrikraden har 3."),
                     ("2020.yaml", None, "Filen finns inte.")]


# --- hardening: aliases, size, control characters, quotes -----------------------------------


def alias_tree(levels: int = 9) -> str:
    """Anchors whose last alias expands to 9 ** (levels + 1) values where it is read."""
    lines = ["  a0: &a0 [x, x, x, x, x, x, x, x, x]"]
    lines += [f"  a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, levels + 1)]
    return "\n".join(lines) + "\n"


def test_an_alias_tree_as_a_milestone_part_is_refused_at_once(tmp_path):
    path = tmp_path / "2018.yaml"
    path.write_text("period: 2018\nvärden:\n" + alias_tree() + "  office:\n    förstudie: *a9\n", encoding="utf-8")

    def too_slow(*_):
        raise TimeoutError("an alias tree in a measures file was expanded")

    previous = signal.signal(signal.SIGALRM, too_slow)
    signal.alarm(5)
    started = time.perf_counter()
    try:
        found = assert_error(path, 3, "YAML-ankaret '&a0' är inte tillåtet")
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
    assert time.perf_counter() - started < 1
    assert (found.code, found.column) == ("yaml-alias", len("  a0: ") + 1)


def test_a_merge_key_in_a_measures_file_is_refused(write):
    found = assert_error(write("2018.yaml", "period: 2018\nvärden:\n  <<: {sjuk: 3,8 %}\n"), 3,
                         "Sammanslagning med '<<:' är inte tillåten")
    assert found.code == "yaml-sammanslagning"


@pytest.mark.parametrize("name, limit, what", [
    ("2018.yaml", 10, "en mätvärdesfil i YAML"),
    ("2018.csv", 50, "en mätvärdesfil i CSV"),
    ("2018.txt", 50, "en mätvärdesfil i CSV"),
])
def test_a_measures_file_above_its_limit_is_refused_before_it_is_read(tmp_path, name, limit, what):
    path = tmp_path / name
    with path.open("wb") as file:  # sparse: the size without the data
        file.truncate(limit * 1024 * 1024 + 1)
    found = assert_error(path, None, f"större än {limit} MB, som är gränsen för {what}.")
    assert found.code == "för-stor-fil" and found.hint


def test_a_csv_file_may_be_larger_than_a_yaml_file(tmp_path):
    path = tmp_path / "2018.csv"
    blank = ";;;" + " " * 1000 + "\n"  # a row of empty cells, as Excel writes them
    text = "indikator;period;värde;kommentar\nsjuk;2018;3,8 %;\n" + blank * (11 * 1024)  # 11 MB
    path.write_text(text, encoding="utf-8")
    assert rows(load_measures(path)) == [("sjuk", 2018, "3,8 %", None, "2018.csv", 2)]


@pytest.mark.parametrize("character, shown", [("\x1b", "U+001B (ESC)"), ("\x7f", "U+007F (DEL)"),
                                              ("\x9b", "U+009B"), ("\u202e", "U+202E"), ("\u2067", "U+2067")])
@pytest.mark.parametrize("name, text", [
    ("2018.csv", "indikator;period;värde\nsjuk;2018;3,8 %\nkund;2018;4{c}[31m\n"),
    ("2018.yaml", "period: 2018\nvärden:\n  sjuk: 3,8 %\n  kund: 4{c}[31m\n"),
])
def test_a_control_character_in_a_measures_file_is_refused(write, character, shown, name, text):
    path = write(name, text.replace("{c}", character))
    found = assert_error(path, 3 if name.endswith(".csv") else 4, f"{shown}, som inte är tillåtet.")
    assert found.code == "styrtecken"
    assert found.column == (len("kund;2018;4") if name.endswith(".csv") else len("  kund: 4")) + 1
    assert character not in found.render()


@pytest.mark.parametrize("written, shown", [(r"\e[31m", "U+001B (ESC)"), (r"\x1b[2J", "U+001B (ESC)"),
                                            (r"\u202Eröd", "U+202E")])
def test_a_control_character_written_as_an_escape_in_a_measures_file_is_refused(write, written, shown):
    path = write("2018.yaml", f'period: 2018\nvärden:\n  sjuk: 3,8 %\n  office:\n    förstudie: "{written}"\n')
    found = assert_error(path, 5, f"{shown}, skrivet med en escape-sekvens")
    assert (found.code, found.column) == ("styrtecken", len("    förstudie: ") + 1)
    assert "\x1b" not in found.render() and "\u202e" not in found.render()


def test_an_unclosed_quote_in_a_measures_file_is_reported_where_it_opens(write):
    path = write("2018.yaml", 'period: 2018\nvärden:\n  sjuk: "3,8 %\n  kund: 4,3\n  extra: "10 400"\n')
    found = assert_error(path, 3, "ett citattecken öppnas men stängs aldrig", 'sjuk: "3,8 %"')
    assert found.column == len("  sjuk: ") + 1


# --- the operating system's refusals ----------------------------------------------------------


@pytest.mark.parametrize("name", ["2018.yaml", "2018.csv", "2018.xlsx", "2018.json"])
def test_a_loop_of_symbolic_links_is_a_located_error_not_a_traceback(tmp_path, name):
    """`Path.resolve()` in the check for a file given twice raised RuntimeError('Symlink loop')."""
    loop = tmp_path / name
    loop.symlink_to(loop)
    found = assert_error(loop, None, "Sökvägen är en slinga av symboliska länkar")
    assert found.code == "länkslinga"


@pytest.mark.parametrize("suffix", [".yaml", ".csv", ".xlsx"])
def test_a_file_name_too_long_is_a_located_error(tmp_path, suffix):
    found = assert_error(tmp_path / ("v" * 300 + suffix), None, "Filen kan inte läsas (filnamnet är för långt).")
    assert found.code == "fil-oläslig"


def test_a_file_in_a_folder_that_may_not_be_entered_is_a_located_error(tmp_path, monkeypatch):
    import errno

    path = tmp_path / "låst" / "2018.xlsx"
    real_stat = Path.stat

    def refuse(self, *args, **kwargs):
        if self == path:
            raise PermissionError(errno.EACCES, "Permission denied", str(self))
        return real_stat(self, *args, **kwargs)

    monkeypatch.setattr(Path, "stat", refuse)
    found = assert_error(path, None, "Filen kan inte läsas (åtkomst nekad: du saknar behörighet).")
    assert found.code == "fil-oläslig"
