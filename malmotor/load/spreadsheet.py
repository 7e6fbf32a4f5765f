"""Measures in an Excel workbook (`.xlsx`) → measured values, each knowing its sheet and cell.

One sheet is read: the one named `mätvärden` if there is one, else the first. It is laid out as the
CSV format is (docs/measures-format.md): a header row with the columns indikator, period, värde and
any of grupp, enhet, del, jämförelse, kommentar, then a row per value. Empty rows are skipped, and the header is
the first row that is not empty.

Cells are read as Excel saved them, never computed: openpyxl in read-only mode, values only. A
formula's value is the one Excel saved with it; a formula without one (a file written by a program
that does not compute formulas) is an error that says so. A text cell is read as a CSV cell is
(`3,8 %`, `saknas`); a number cell is the number itself (`exact_number`), and its number format
decides two things: a percentage format (`0.0%`) makes 0,038 the value 3,8 %, and a format with more
decimals than the number has adds them (6 shown as `6,0` is 6,0), as Excel shows it; a format never
rounds the number away. A date in the period column is an error (Excel turns `2019-08` typed in a
cell into the date 1 August 2019): a period is written as text.

A problem is reported at its cell: the diagnostic's file is `matvarden.xlsx:Blad1`, its line the
row and its column the column, which `where` writes as `matvarden.xlsx:Blad1!C4`.
"""

from __future__ import annotations

import datetime
import re
import unicodedata
import warnings
import zipfile
import zlib
from decimal import Decimal
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import ParseError

from ..diagnostics import Bilingual, column_letters, english, os_error_text, sheet_file
from ..model import MeasuredValue
from ..model.keys import TOTAL_WORDS
from ..model.period import Period, PeriodError
from ..numbers import NotANumber, decimals_of, exact_number, format_number, format_quantity
from .measuresfile import (ADD_A_ROW_PER_VALUE, CSV_COLUMNS, CSV_OPTIONAL, HEADER_COLUMNS, REMOVE_ONE_COLUMN,
                          WRITE_THE_ID, WRITE_THE_VALUE, empty_value, header_hint, twice_in_header)
from .sections import Problems
from .yamlsource import SizeLimit, _BIDI, _CONTROL_IN_VALUE, describe_character, visible

XLSX_LIMIT = SizeLimit(50, Bilingual("en mätvärdesfil i Excel", "a measures file in Excel"),
                       Bilingual("Dela upp värdena i flera arbetsböcker, t.ex. en per period eller enhet.",
                                 "Split the values into several workbooks, e.g. one per period or unit."))
# What the workbook may unpack to: Excel's XML is some ten times the size of the same values in CSV,
# so this is about the 50 MB of a CSV file; more is a file made to unpack to gigabytes (a zip bomb).
UNPACKED_LIMIT = 500 * 1024 * 1024
SHEET_NAMES = ("mätvärden", "matvarden")  # the sheet that is read if there is one; else the first
_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # Excel 97–2003 (.xls), and also an encrypted .xlsx


def read_xlsx(path: Path, problems: Problems) -> list[MeasuredValue]:
    """The values of the sheet; every mistake goes to `problems` (the workbook's own to its file,
    a cell's to `workbook:sheet`)."""
    if not _readable_workbook(path, problems):
        return []
    import openpyxl  # here, not at the top: importing it takes a while, and most runs read no Excel file
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        with warnings.catch_warnings():  # openpyxl warns about styles and extensions it does not read
            warnings.simplefilter("ignore")
            values_book = openpyxl.load_workbook(path, read_only=True, data_only=True)
            formula_book = None
            try:
                sheet = _the_sheet(values_book)
                if sheet is None:
                    problems.add(None, Bilingual("Arbetsboken har inget kalkylblad.", "The workbook has no sheet."),
                                 Bilingual("Lägg värdena i ett blad som heter 'mätvärden', eller i det första bladet.",
                                           "Put the values in a sheet named 'mätvärden', or in the first sheet."),
                                 code="tom-fil")
                    return []
                # Formulas are looked for in a second reading, which doubles the time: only if there are any.
                if _has_formulas(path, getattr(sheet, "_worksheet_path", None)):
                    formula_book = openpyxl.load_workbook(path, read_only=True, data_only=False)
                cells = Problems(sheet_file(str(path), sheet.title))
                found = _Sheet(cells).read(sheet, formula_book[sheet.title] if formula_book else None)
                problems.items.extend(cells.items)
                return found
            finally:
                values_book.close()
                if formula_book is not None:
                    formula_book.close()
    except OSError as exc:
        problems.add(None, _cannot_read(exc), code="fil-oläslig")
    except (zipfile.BadZipFile, zlib.error, EOFError, KeyError, ValueError, ParseError, InvalidFileException):
        problems.add(None, Bilingual("Filen kan inte läsas som en Excel-arbetsbok (.xlsx): den är skadad eller inte "
                                     "sparad av Excel.",
                                     "The file cannot be read as an Excel workbook (.xlsx): it is damaged or was not "
                                     "saved by Excel."),
                     Bilingual("Öppna den i Excel och spara den igen som 'Excel-arbetsbok', eller spara bladet som "
                               "'CSV UTF-8'.",
                               "Open it in Excel and save it again as an Excel workbook ('Excel-arbetsbok'), or save "
                               "the sheet as 'CSV UTF-8'."), code="skadad-excel-fil")
    return []


def _cannot_read(exc: OSError) -> str:
    reason = os_error_text(exc)
    return Bilingual(f"Filen kan inte läsas ({reason}).", f"The file cannot be read ({english(reason)}).")


def _readable_workbook(path: Path, problems: Problems) -> bool:
    """The file exists, is not too large, is a zip (not an old .xls or a CSV file named .xlsx) and
    does not unpack to more than UNPACKED_LIMIT."""
    if not path.exists():
        problems.add(None, Bilingual("Filen finns inte.", "The file does not exist."),
                     Bilingual("Kontrollera sökvägen och filnamnet.", "Check the path and the file name."),
                     code="fil-saknas")
        return False
    if path.is_dir():
        problems.add(None, Bilingual("Sökvägen är en mapp, inte en fil.", "The path is a folder, not a file."),
                     Bilingual("Ange en fil i mappen.", "Give a file in the folder."), code="mapp-inte-fil")
        return False
    try:
        size = path.stat().st_size
        with path.open("rb") as file:
            magic = file.read(4)
    except OSError as exc:
        problems.add(None, _cannot_read(exc), code="fil-oläslig")
        return False
    if size > XLSX_LIMIT.bytes:
        megabytes = f"{size / 1024 / 1024:.1f}"
        problems.add(None, Bilingual(f"Filen är {megabytes.replace('.', ',')} MB, större än {XLSX_LIMIT.megabytes} MB, "
                                     f"som är gränsen för {XLSX_LIMIT.what}.",
                                     f"The file is {megabytes} MB, larger than {XLSX_LIMIT.megabytes} MB, which is the "
                                     f"limit for {english(XLSX_LIMIT.what)}."), XLSX_LIMIT.hint,
                     code="för-stor-fil")
        return False
    if magic == _OLE_MAGIC:
        problems.add(None, Bilingual("Filen är en Excel-fil i det gamla formatet (.xls) eller en lösenordsskyddad "
                                     "arbetsbok, och kan inte läsas.",
                                     "The file is an Excel file in the old format (.xls) or a password-protected "
                                     "workbook, and cannot be read."),
                     Bilingual("Spara den i Excel som 'Excel-arbetsbok' (.xlsx) utan lösenord, eller som 'CSV UTF-8'.",
                               "Save it in Excel as an Excel workbook ('Excel-arbetsbok', .xlsx) without a password, "
                               "or as 'CSV UTF-8'."), code="excel-fil")
        return False
    if magic != _ZIP_MAGIC:
        problems.add(None, Bilingual("Filen heter .xlsx men är ingen Excel-arbetsbok.",
                                     "The file is named .xlsx but is not an Excel workbook."),
                     Bilingual("Är det en CSV-fil? Ge den filändelsen .csv. En arbetsbok sparas i Excel som "
                               "'Excel-arbetsbok' (.xlsx).",
                               "Is it a CSV file? Give it the extension .csv. A workbook is saved in Excel as an "
                               "Excel workbook ('Excel-arbetsbok', .xlsx)."), code="fel-filtyp")
        return False
    try:
        with zipfile.ZipFile(path) as archive:
            unpacked = sum(member.file_size for member in archive.infolist())
    except (zipfile.BadZipFile, OSError, EOFError):
        unpacked = 0  # reported by openpyxl's attempt below, as a damaged workbook
    if unpacked > UNPACKED_LIMIT:
        unpacked, limit = unpacked // (1024 * 1024), UNPACKED_LIMIT // (1024 * 1024)
        problems.add(None, Bilingual(f"Arbetsboken packas upp till {unpacked} MB, mer än {limit} MB, som är gränsen "
                                     f"för {XLSX_LIMIT.what}.",
                                     f"The workbook unpacks to {unpacked} MB, more than {limit} MB, which is the limit "
                                     f"for {english(XLSX_LIMIT.what)}."),
                     XLSX_LIMIT.hint, code="för-stor-fil")
        return False
    return True


_FORMULA = re.compile(rb"<(?:\w+:)?f[\s>/]")


def _has_formulas(path: Path, member: str | None) -> bool:
    """Whether the sheet's XML has a formula element (`<f>`), read in pieces; True if unsure."""
    if not member:
        return True
    tail = b""
    with zipfile.ZipFile(path) as archive, archive.open(member) as source:
        while chunk := source.read(1 << 20):
            if _FORMULA.search(tail + chunk):
                return True
            tail = chunk[-16:]
    return False


def _the_sheet(book: Any) -> Any:
    sheets = book.worksheets  # worksheets only: a chart sheet has no cells
    named = [sheet for sheet in sheets if _folded(sheet.title) in SHEET_NAMES]
    return named[0] if named else sheets[0] if sheets else None


def _folded(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", str(text)).split()).casefold()


class _CellProblem(Exception):
    """A cell that cannot be read: reported at the cell, and its row is not used."""

    def __init__(self, message: str, hint: str | None, code: str) -> None:
        super().__init__(message)
        self.message, self.hint, self.code = message, hint, code


class _Sheet:
    def __init__(self, problems: Problems) -> None:
        self.problems = problems

    def read(self, sheet: Any, formulas: Any | None) -> list[MeasuredValue]:
        sheet.reset_dimensions()  # read every row, whatever the file says its size is
        if formulas is not None:
            formulas.reset_dimensions()
        rows = zip(sheet.iter_rows(min_row=1), formulas.iter_rows(min_row=1) if formulas is not None else _no_formulas())
        header: dict[int, str] | None = None
        found: list[MeasuredValue] = []
        for number, (cells, formula_cells) in enumerate(rows, 1):
            if header is None:
                if any(_filled(cell) for cell in cells):
                    header = self.header(cells, number)
                    if header is None:
                        return []
                continue
            value = self.row(header, number, cells, formula_cells)
            if value is not None:
                found.append(value)
        if header is None:
            self.problems.add(None, Bilingual("Bladet är tomt.", "The sheet is empty."),
                              Bilingual("Skriv en rubrikrad (indikator, period, värde …) och en rad per värde "
                                        "(docs/measures-format.md).",
                                        "Write a header row ('indikator', 'period', 'värde' …) and a row for each "
                                        "value (docs/measures-format.md)."), code="tom-fil")
            return []
        if not found and not self.problems:
            self.problems.add(None, Bilingual("Bladet har en rubrikrad men inga mätvärden.",
                                              "The sheet has a header row but no measured values."),
                              ADD_A_ROW_PER_VALUE, code="inga-mätvärden")
        return found

    def header(self, cells: tuple, row: int) -> dict[int, str] | None:
        """Column number → column name; None (and the problems said) if the header is wrong."""
        names: dict[int, str] = {}
        for index, cell in enumerate(cells, 1):
            if _filled(cell):
                names[index] = _folded(cell.value)
        wanted = CSV_COLUMNS + CSV_OPTIONAL
        missing = [name for name in CSV_COLUMNS if name not in names.values()]
        unknown = {index: name for index, name in names.items() if name not in wanted}
        doubled = sorted({name for name in names.values() if list(names.values()).count(name) > 1})
        if doubled:
            second = max(index for index, name in names.items() if name == doubled[0])
            self.problems.add(row, twice_in_header(doubled), REMOVE_ONE_COLUMN, code="dubbel-kolumn", column=second)
        if missing or unknown:
            self.problems.add(row, HEADER_COLUMNS, header_hint(missing, unknown.values()), code="fel-rubrikrad",
                              column=min(unknown) if unknown else None)
        if missing or unknown or doubled:
            return None
        return names

    def row(self, header: dict[int, str], row: int, cells: tuple, formula_cells: tuple) -> MeasuredValue | None:
        """The row's value, or None for an empty row or one with a problem (said at its cell)."""
        columns = {name: index for index, name in header.items()}
        if not any(_filled(cell) for cell in cells) and not any(_formula(cell) for cell in formula_cells):
            return None
        read: dict[str, Any] = {}
        failed = False
        for index in range(1, max(len(cells), len(formula_cells)) + 1):
            cell = cells[index - 1] if index <= len(cells) else None
            formula = _formula(formula_cells[index - 1]) if index <= len(formula_cells) else None
            name = header.get(index)
            try:
                if name is None:
                    if _filled(cell) or formula:
                        letters = column_letters(index)
                        raise _CellProblem(Bilingual(f"Kolumn {letters} har ingen rubrik men ett värde.",
                                                     f"Column {letters} has no heading but a value."),
                                           Bilingual("Skriv kolumnens namn i rubrikraden (indikator, period, värde, "
                                                     "grupp, enhet, del, jämförelse eller kommentar), eller ta bort "
                                                     "värdet.",
                                                     "Write the column's name in the header row ('indikator', "
                                                     "'period', 'värde', 'grupp', 'enhet', 'del', 'jämförelse' or "
                                                     "'kommentar'), or remove the value."), "fel-rubrikrad")
                    continue
                if name == "kommentar":
                    continue  # for the reader of the file: not read, so a formula or an error there does no harm
                read[name] = self.cell(name, cell, formula)
            except _CellProblem as exc:
                self.problems.add(row, exc.message, exc.hint, code=exc.code, column=index)
                failed = True
        if failed:
            return None
        for name in CSV_COLUMNS:
            if read.get(name) is None:
                indicator = read.get("indikator")
                self.problems.add(row, empty_value(indicator) if name == "värde" and indicator else
                                  Bilingual(f"Kolumnen '{name}' är tom.", f"The column '{name}' is empty."),
                                  WRITE_THE_VALUE if name == "värde" else
                                  WRITE_THE_ID if name == "indikator" else
                                  Bilingual("Skriv perioden som text, t.ex. 2019, T2 2019 eller 2019-08.",
                                            "Write the period as text, e.g. '2019', 'T2 2019' or '2019-08'."),
                                  code="tomt-värde", column=columns[name])
                return None
        try:
            period = Period.parse(read["period"])
        except PeriodError as exc:
            self.problems.add(row, exc.message, exc.hint, code="okänd-period", column=columns["period"])
            return None
        text, number, unit = read["värde"]
        group = read.get("grupp")
        if group is not None and group.casefold() in TOTAL_WORDS:
            group = None  # "T"/"totalt": the indicator's own row
        return MeasuredValue(indicator=read["indikator"], period=period, text=text, number=number, number_unit=unit,
                             part=read.get("del"), group=group, org_unit=read.get("enhet"),
                             comparison=read.get("jämförelse"), file=self.problems.file,
                             line=row, column=columns["värde"])

    def cell(self, name: str, cell: Any, formula: str | None) -> Any:
        """A cell of a named column: text (None if empty), or for `värde` (text, number, unit)."""
        value = None if cell is None else cell.value
        if value is None:
            if formula:
                shown = _shown(formula)
                raise _CellProblem(Bilingual(f"Cellen har formeln {shown} men inget sparat värde.",
                                             f"The cell has the formula '{shown}' but no saved value."),
                                   Bilingual("malmotor räknar aldrig ut formler: öppna filen i Excel och spara den, så "
                                             "sparas formelns värde, eller skriv värdet i stället för formeln.",
                                             "malmotor never computes formulas: open the file in Excel and save it, "
                                             "and the formula's value is saved with it, or write the value instead of "
                                             "the formula."), "formel-utan-värde")
            return None
        if getattr(cell, "data_type", None) == "e":
            raise _CellProblem(Bilingual(f"Cellen innehåller Excel-felet {value}.",
                                         f"The cell holds the Excel error {value}."),
                               Bilingual("Rätta formeln i Excel, eller skriv 'saknas' om värdet inte finns.",
                                         "Correct the formula in Excel, or write 'saknas' if there is no value."),
                               "excel-fel")
        if isinstance(value, (datetime.datetime, datetime.date, datetime.time, datetime.timedelta)):
            raise _date(name, value, getattr(cell, "number_format", "") or "")
        if isinstance(value, str):
            text = _text(value)
            if name == "värde":
                return (text, None, None) if text else None
            return text or None
        if isinstance(value, bool):
            text = "ja" if value else "nej"
            return (text, None, None) if name == "värde" else text
        if not isinstance(value, (int, float, Decimal)):
            raise _CellProblem(Bilingual(f"Cellen innehåller något som inte kan läsas ({type(value).__name__}).",
                                         f"The cell holds something that cannot be read ({type(value).__name__})."),
                               Bilingual("Skriv värdet som text eller som ett tal.",
                                         "Write the value as text or as a number."), "fel-form")
        try:
            number = exact_number(value)
        except NotANumber as exc:
            reason = exc.reason or Bilingual("är inget tal.", "is not a number.")
            raise _CellProblem(Bilingual(f"Talet {exc.text} {reason}", f"The number {exc.text} {english(reason)}"),
                               exc.hint, exc.code) from None
        if name != "värde":  # a year typed as a number (2019), an id (1860)
            return format_number(number, grouping=False)
        number_format = getattr(cell, "number_format", "") or ""
        unit = None
        if _is_percentage(number_format):
            number = _plain(number.scaleb(2))
            unit = "%"
        shown = _format_decimals(number_format)
        if shown > decimals_of(number):
            number = number.quantize(Decimal(1).scaleb(-shown))
        return format_quantity(number, unit), number, unit


def _no_formulas():
    while True:
        yield ()


def _filled(cell: Any) -> bool:
    value = None if cell is None else cell.value
    return value is not None and not (isinstance(value, str) and not value.strip())


def _formula(cell: Any) -> str | None:
    value = None if cell is None else cell.value
    return value if getattr(cell, "data_type", None) == "f" and isinstance(value, str) else None


def _shown(formula: str) -> str:
    return formula if len(formula) <= 40 else formula[:37] + "…"


def _text(value: str) -> str:
    """A text cell as a CSV cell: trimmed, NFC, with no control characters (a line break made with
    Alt+Enter is kept, as in a quoted CSV cell)."""
    text = unicodedata.normalize("NFC", value.replace("\r\n", "\n")).strip()
    if match := _CONTROL_IN_VALUE.search(text):
        kind, kind_en = (("ett tecken som vänder textens riktning", "a character that reverses the direction of the "
                          "text") if match[0] in _BIDI else ("ett osynligt styrtecken", "an invisible control character"))
        shown = visible(text if len(text) <= 60 else text[:57] + "…")
        described = describe_character(match[0])
        raise _CellProblem(Bilingual(f"Texten '{shown}' innehåller {kind}, {described}, som inte är tillåtet.",
                                     f"The text '{shown}' holds {kind_en}, {english(described)}, which is not "
                                     "allowed."),
                           Bilingual("Skriv om texten i cellen för hand. Sådana tecken kan ändra hur resultatet "
                                     "visas i en terminal eller ett kalkylark.",
                                     "Type the text in the cell again by hand. Such characters can change how the "
                                     "result is shown in a terminal or a spreadsheet."), "styrtecken")
    return text


def _date(name: str, value: Any, number_format: str) -> _CellProblem:
    """A date (or time) cell: Excel makes `2019-08` typed into a cell the date 1 August 2019."""
    if name == "period" and isinstance(value, (datetime.datetime, datetime.date)):
        month = f"{value.year}-{value.month:02d}"
        if "d" in _format_section(number_format).casefold():  # shown as a day: which period is meant?
            hint = Bilingual(f"Skriv perioden som text, t.ex. {value.year}, T2 {value.year} eller {month}: formatera "
                             f"kolumnen som Text, eller skriv en apostrof först ('{month}).",
                             f"Write the period as text, e.g. '{value.year}', 'T2 {value.year}' or '{month}': format "
                             f"the column as Text, or type an apostrophe first ('{month}).")
        else:  # shown as a month (`2019-08`, `aug 2019`): the month is meant
            hint = Bilingual(f"Skriv perioden som text: formatera kolumnen som Text, eller skriv en apostrof först "
                             f"('{month}).",
                             f"Write the period as text: format the column as Text, or type an apostrophe first "
                             f"('{month}).")
        return _CellProblem(Bilingual(f"Perioden är ett datum i Excel ({value:%Y-%m-%d}), inte en text.",
                                      f"The period is a date in Excel ({value:%Y-%m-%d}), not a text."), hint,
                            "period-som-datum")
    return _CellProblem(Bilingual(f"Cellen i kolumnen '{name}' är ett datum eller en tid i Excel.",
                                  f"The cell in the column '{name}' is a date or a time in Excel."),
                        Bilingual("Skriv värdet som text eller som ett tal (formatera kolumnen som Text eller Tal).",
                                  "Write the value as text or as a number (format the column as Text or Number)."),
                        "fel-form")


def _plain(number: Decimal) -> Decimal:
    """Never an exponent: `5E+1` is 50."""
    return number.quantize(Decimal(1)) if number.as_tuple().exponent > 0 else number


_QUOTED = re.compile(r'"[^"]*"|\\.|\[[^\]]*\]|_.|\*.')


def _format_section(number_format: str) -> str:
    """The part of a number format that formats positive numbers, without its literal texts
    (`"kr"`, `\\%`), colours and conditions (`[Red]`) and padding (`_)`, `*-`)."""
    section = []
    for part in _QUOTED.split(number_format):
        if ";" in part:
            section.append(part.split(";", 1)[0])
            break
        section.append(part)
    return "".join(section)


def _is_percentage(number_format: str) -> bool:
    """`0%`, `0.0 %`, `#,##0.00%`: Excel shows the number times 100 with a percent sign."""
    return "%" in _format_section(number_format)


def _format_decimals(number_format: str) -> int:
    """How many decimals the format shows: `0.0%` one, `#,##0.00` two, `General` and `0` none."""
    match = re.search(r"\.([0#?]+)", _format_section(number_format))
    return len(match[1]) if match else 0
