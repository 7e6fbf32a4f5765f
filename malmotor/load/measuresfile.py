"""Measures files (YAML, CSV, Excel or Kolada's JSON) → `Measures`, each value remembering its file
and line (for a spreadsheet its sheet and cell: spreadsheet.py; for Kolada: kolada.py).

Values stay as written here ("3,8 %", "genomförd", "saknas"); what they must be depends on
the indicator, so they are interpreted against the rule file in `inputs.py`.
"""

from __future__ import annotations

import csv
import io
import os
import re
from collections.abc import Iterable
from functools import lru_cache
from itertools import count, repeat
from pathlib import Path
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from ..diagnostics import Bilingual, Diagnostic, MeasuresError, english, error, os_error_text, suggestion
from ..gcpause import collector_paused
from ..model import MeasuredValue, Measures
from ..model.keys import TOTAL, TOTAL_WORDS
from ..model.period import Period, PeriodError
from ..model.trusted import trusted
from .kolada import read_kolada
from .sections import Problems, Section
from .yamlsource import SizeLimit, YamlProblem, file_problem, key_position, load_yaml, read_text

YAML_KEYS = ("period", "enhet", "källa", "värden")
CSV_COLUMNS = ("indikator", "period", "värde")
CSV_OPTIONAL = ("grupp", "enhet", "del", "jämförelse", "kommentar")
# Under an indicator: its comparison values, one per series (`jämförelse: {medel: 140 000 kr}`); in CSV and
# Excel the column that names the series of a row that is a comparison value.
COMPARISON_KEY = "jämförelse"

# The largest measures files that are read (docs/measures-format.md, "Felmeddelanden"). A YAML file
# holds one period (and one unit): 100 000 values are some 3 MB, and the YAML parser reads a few MB
# a second. A CSV file may hold every period and unit at once; 50 MB (about 1,5 million values)
# reads in under half a minute and 2 GB of memory.
YAML_LIMIT = SizeLimit(10, Bilingual("en mätvärdesfil i YAML", "a measures file in YAML"),
                       Bilingual("Dela upp värdena i flera filer, t.ex. en per period eller enhet, eller skriv dem som "
                                 "CSV (docs/measures-format.md), där gränsen är 50 MB.",
                                 "Split the values into several files, e.g. one per period or unit, or write them as "
                                 "CSV (docs/measures-format.md), where the limit is 50 MB."))
CSV_LIMIT = SizeLimit(50, Bilingual("en mätvärdesfil i CSV", "a measures file in CSV"),
                      Bilingual("Dela upp värdena i flera filer, t.ex. en per period eller enhet.",
                                "Split the values into several files, e.g. one per period or unit."))


def load_measures(paths: str | Path | Iterable[str | Path]) -> Measures:
    """Read one or more measures files; raises MeasuresError with every problem found."""
    measures, diagnostics = read_measures(paths)
    if diagnostics:
        raise MeasuresError(diagnostics)
    return measures


def read_measures(paths: str | Path | Iterable[str | Path]) -> tuple[Measures, list[Diagnostic]]:
    """The values that could be read, and the problems with the rest: for callers that want to
    check the readable values against a rule file too and show every problem in one go."""
    with collector_paused():  # a value or more per line, each kept: the collector would only cost time
        return _read_measures(paths)


def _read_measures(paths: str | Path | Iterable[str | Path]) -> tuple[Measures, list[Diagnostic]]:
    if isinstance(paths, (str, Path)):
        paths = [paths]
    values: list[MeasuredValue] = []
    diagnostics = []
    given: set[Path] = set()
    for path in map(Path, paths):
        problems = Problems(str(path))
        if problem := file_problem(path):  # missing, a folder, a loop of links, a name too long: never a traceback
            diagnostics.append(problem)
            continue
        if file_identity(path) in given:
            problems.add(None, Bilingual("Filen är angiven två gånger.", "The file is given twice."),
                         Bilingual("Ange varje mätvärdesfil en gång.", "Give each measures file once."),
                         code="dubbel-fil")
            diagnostics.extend(problems.items)
            continue
        given.add(file_identity(path))
        try:
            suffix = path.suffix.casefold()
            if suffix in (".csv", ".tsv", ".txt"):
                values.extend(_read_csv(path, problems))
            elif suffix == ".json":
                values.extend(read_kolada(path, problems))
            elif suffix == ".xlsx":
                from .spreadsheet import read_xlsx  # imports openpyxl, which takes a while: only when needed
                values.extend(read_xlsx(path, problems))
            else:
                values.extend(_read_yaml(path, problems))
        except YamlProblem as exc:
            problems.items.append(exc.diagnostic)
        except OSError as exc:  # the file changed or vanished while it was read
            problems.add(None, Bilingual(f"Filen kan inte läsas ({os_error_text(exc)}).",
                                         f"The file cannot be read ({english(os_error_text(exc))})."),
                         Bilingual("Kontrollera att filen finns och att du har läsrätt till den, och försök igen.",
                                   "Check that the file exists and that you have permission to read it, and try "
                                   "again."),
                         code="fil-oläslig")
        diagnostics.extend(problems.items)
    diagnostics.extend(measure_duplicates(values))
    return Measures(values=tuple(values)), diagnostics


def file_identity(path: Path) -> Path:
    """What makes two given paths the same file (`a.csv`, `./a.csv`, a link to it): the resolved path;
    a path that cannot be resolved (a loop of symbolic links) as written, made absolute."""
    try:
        return path.resolve()
    except (OSError, RuntimeError):  # RuntimeError: "Symlink loop" on Python 3.11 and 3.12
        return Path(os.path.abspath(path))


def _period(text: str | None, problems: Problems, line: int | None, column: int | None = None) -> Period | None:
    if text is None:
        return None
    try:
        return period_of(text)
    except PeriodError as exc:
        problems.add(line, exc.message, exc.hint, code="okänd-period", column=column)
        return None


@lru_cache(maxsize=4096)
def period_of(text: str) -> Period:
    """`Period.parse`, once per distinct text: a CSV file writes the same few periods on every row (a Period is
    immutable). A text that is refused raises PeriodError every time, as `Period.parse` does."""
    return Period.parse(text)


def _scalar_text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return "ja" if value else "nej"
    return str(value).strip()


def _read_yaml(path: Path, problems: Problems) -> list[MeasuredValue]:
    data = load_yaml(path, YAML_LIMIT)
    if isinstance(data, dict) and "perspektiv" in data and "värden" not in data:
        problems.add(1, Bilingual("Det här ser ut som en regelfil, inte en mätvärdesfil.",
                                  "This looks like a rule file, not a measures file."),
                     Bilingual("Ange regelfilen först och mätvärdesfilerna efter den.",
                               "Give the rule file first and the measures files after it."), code="fel-filtyp")
        return []
    top = Section(data, Bilingual("mätvärdesfilen", "the measures file"), YAML_KEYS, problems, line=1)
    period = _period(top.text("period"), problems, *top.position_of("period"))
    top.text("källa", required=False)
    values_node = top.node.get("värden") if top.ok else None
    if top.ok and "värden" not in top.node:
        problems.add(top.line, Bilingual("Nyckeln 'värden' saknas i mätvärdesfilen.",
                                         "The key 'värden' is missing in the measures file."),
                     Bilingual("Lägg till 'värden:' med en rad per indikator: 'indikator-id: värde'.",
                               "Add 'värden:' with a line for each indicator: 'indikator-id: värde'."),
                     code="nyckel-saknas")
    line, column = top.position_of("värden")
    if top.ok and "värden" in top.node and not values_node:
        problems.add(line, Bilingual("'värden' är tomt.", "'värden' is empty."),
                     Bilingual("Skriv en rad per indikator under 'värden:', indragen: '  indikator-id: värde'.",
                               "Write a line for each indicator beneath 'värden:', indented: '  indikator-id: värde'."),
                     code="tomt-värde", column=column)
    if not values_node or period is None:
        return []
    if not isinstance(values_node, CommentedMap):
        problems.add(line, Bilingual("'värden' ska ha en rad per indikator: 'indikator-id: värde'.",
                                     "'värden' must have a line for each indicator: 'indikator-id: värde'."),
                     code="fel-form", column=column)
        return []
    reader = YamlValues(problems, period, top.text("enhet", required=False))
    for indicator, value in values_node.items():
        reader.indicator(str(indicator), value, key_position(values_node, indicator))
    return reader.found


class YamlValues:
    """The values under one indicator. A scalar is the indicator's value. In a section, `totalt` is
    the indicator's own row, `jämförelse` its comparison values (a value per series: `medel: 140 000
    kr`), a key whose value is a section is a grouping (`kön:` with a value per group), and a key with
    a plain value is a part of a compound milestone. Which of these the rule file allows is checked
    when the values are interpreted."""

    def __init__(self, problems: Problems, period: Period, org_unit: str | None) -> None:
        self.problems, self.period, self.org_unit = problems, period, org_unit
        self.found: list[MeasuredValue] = []

    def indicator(self, indicator: str, value: Any, position: tuple[int | None, int | None]) -> None:
        """`position`: (line, column) of the indicator's key; so for every value below."""
        if not isinstance(value, CommentedMap):
            self._value(indicator, value, position)
            return
        for key, inner in value.items():
            key_text, inner_position = str(key).strip(), key_position(value, key)
            if key_text.casefold() == TOTAL:
                self._row(indicator, inner, inner_position)
            elif key_text.casefold() == COMPARISON_KEY:
                self._comparisons(indicator, inner, inner_position)
            elif isinstance(inner, CommentedMap):
                for group, group_value in inner.items():
                    self._row(indicator, group_value, key_position(inner, group), dimension=key_text,
                              group=str(group).strip())
            else:
                self._value(indicator, inner, inner_position, part=key_text)

    def _comparisons(self, indicator: str, node: Any, position: tuple[int | None, int | None]) -> None:
        """`jämförelse:` a comparison value per series: `medel: 140 000 kr`, `riket: 3,4 %`."""
        if not isinstance(node, CommentedMap):
            line, column = position
            self.problems.add(line, Bilingual(f"'jämförelse' under '{indicator}' ska ha en rad per jämförelse: "
                                              "'namn: värde'.",
                                              f"'jämförelse' beneath '{indicator}' must have a line for each "
                                              "comparison: 'namn: värde'."),
                              Bilingual("Skriv t.ex. 'jämförelse:' och på nästa rad, längre in, 'medel: 140 000 kr'. "
                                        "Jämförelserna står under 'jämförelser' i regelfilen.",
                                        "Write e.g. 'jämförelse:' and on the next line, indented further, 'medel: "
                                        "140 000 kr'. The comparisons are listed in 'jämförelser' in the rule file."),
                              code="fel-form", column=column)
            return
        for series, value in node.items():
            self._value(indicator, value, key_position(node, series), comparison=" ".join(str(series).split()))

    def _row(self, indicator: str, value: Any, position: tuple[int | None, int | None], **key: str) -> None:
        """One key's value: a plain value, or a section with a status per milestone part."""
        if isinstance(value, CommentedMap):
            for part, part_value in value.items():
                self._value(indicator, part_value, key_position(value, part), part=str(part).strip(), **key)
        else:
            self._value(indicator, value, position, **key)

    def _value(self, indicator: str, value: Any, position: tuple[int | None, int | None], **key: str) -> None:
        line, column = position
        what = described_value(indicator, part=key.get("part"), group=key.get("group"),
                               comparison=key.get("comparison"))
        if isinstance(value, (CommentedSeq, CommentedMap)):
            kind, kind_en = ("en lista", "a list") if isinstance(value, CommentedSeq) else ("ett avsnitt", "a section")
            self.problems.add(line, Bilingual(f"Värdet för {what} är {kind}.", f"The value for {english(what)} is {kind_en}."),
                              Bilingual("Skriv ett värde, eller ett avsnitt med ett värde per delmål eller grupp "
                                        "(docs/measures-format.md).",
                                        "Write a value, or a section with a value for each part ('delmål') or group "
                                        "(docs/measures-format.md)."), code="fel-form", column=column)
            return
        text = _scalar_text(value)
        if not text:
            name = key.get("group") or key.get("part") or indicator
            # `{kvinnor: 6,8 %, män: 4,4 %}` is read as `kvinnor: 6` and a key `8 %` without a value
            hint = (Bilingual("Ett decimalkomma inom { } delar talet i två: skriv varje värde på en egen rad, "
                              "eller talet inom citattecken.",
                              "A decimal comma inside { } splits the number in two: write each value on a line of "
                              "its own, or the number in quotation marks.") if name[:1].isdigit() else
                    WRITE_THE_VALUE)
            self.problems.add(line, Bilingual(f"Värdet för {what} är tomt.", f"The value for {english(what)} is empty."),
                              hint, code="tomt-värde", column=column)
            return
        self.found.append(MeasuredValue(indicator=indicator, period=self.period, text=text, org_unit=self.org_unit,
                                        file=self.problems.file, line=line, **key))


WRITE_THE_VALUE = Bilingual("Skriv värdet, eller 'saknas' om det inte finns.",
                            "Write the value, or 'saknas' if there is none.")


def described_value(indicator: str, **details: str | None) -> str:
    """`'sjukfranvaro' (grupp 'kvinnor')` / `'sjukfranvaro' (group 'kvinnor')`: which value a message is about."""
    named = value_details(**details)
    return Bilingual(f"'{indicator}'" + (f" ({named})" if named else ""),
                     f"'{indicator}'" + (f" ({english(named)})" if named else ""))


# What a value is besides its indicator, in the order messages name it: (key, Swedish, English).
_DETAIL_NAMES = (("part", "delmål", "part"), ("group", "grupp", "group"), ("org_unit", "enhet", "unit"),
                 ("comparison", "jämförelse", "comparison"))


def value_details(part: str | None = None, group: str | None = None, org_unit: str | None = None,
                  comparison: str | None = None) -> str:
    """`delmål 'a', grupp 'kvinnor'` (English: `part 'a', group 'kvinnor'`) for the details that are given; "" if none."""
    given = {"part": part, "group": group, "org_unit": org_unit, "comparison": comparison}
    named = [(swedish, english_name, given[key]) for key, swedish, english_name in _DETAIL_NAMES if given[key]]
    if not named:
        return ""
    return Bilingual(", ".join(f"{swedish} '{text}'" for swedish, _, text in named),
                     ", ".join(f"{english_name} '{text}'" for _, english_name, text in named))


_DELIMITER_NAMES = {";": "semikolon", ",": "komma", "\t": "tabb"}
# In English: the separator, and more than one of it.
_DELIMITER_NAMES_EN = {";": ("semicolon", "semicolons"), ",": ("comma", "commas"), "\t": ("tab", "tabs")}


def _read_csv(path: Path, problems: Problems) -> list[MeasuredValue]:
    try:
        text = read_text(path, CSV_LIMIT)
    except YamlProblem as exc:
        problems.items.append(exc.diagnostic)
        return []
    text = text.replace("\r\n", "\n").replace("\r", "\n")  # also files saved with old Mac line ends
    if not text.endswith("\n"):
        text += "\n"  # so that a quote left open at the end of the file shows in its cell (`_open_at_end`)
    header = text.splitlines()[0]
    delimiter = "\t" if "\t" in header else ";" if ";" in header else ","
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    try:
        columns = [c.strip().casefold() for c in next(reader)]
    except csv.Error as exc:
        problems.add(1, Bilingual(f"Rubrikraden kan inte läsas ({exc}).", f"The header row cannot be read ({exc})."),
                     code="csv-syntax")
        return []
    while columns and not columns[-1]:
        columns.pop()  # Excel often adds empty columns at the end
    if not header_ok(columns, delimiter, problems):
        return []
    found = _csv_rows(reader, CsvLayout(tuple(columns), delimiter), problems, text)
    if not found and not problems:
        problems.add(1, Bilingual("Filen har en rubrikrad men inga mätvärden.",
                                  "The file has a header row but no measured values."),
                     ADD_A_ROW_PER_VALUE, code="inga-mätvärden")
    return found


def header_ok(columns: list[str], delimiter: str, problems: Problems) -> bool:
    missing = [c for c in CSV_COLUMNS if c not in columns]
    unknown = [c for c in columns if c not in CSV_COLUMNS + CSV_OPTIONAL]
    doubled = sorted({c for c in columns if columns.count(c) > 1})
    if doubled:
        problems.add(1, twice_in_header(doubled), REMOVE_ONE_COLUMN, code="dubbel-kolumn")
    if missing or unknown:
        hint = header_hint(missing, unknown)
        if delimiter != ";":
            hint = join_hint(hint, Bilingual("Avgränsa med semikolon så att decimalkomma fungerar.",
                                             "Separate the columns with semicolons, so that a decimal comma works."))
        problems.add(1, HEADER_COLUMNS, hint, code="fel-rubrikrad")
    return not (missing or unknown or doubled)


# The header row of CSV and of a sheet of a workbook (spreadsheet.py): the same messages.
HEADER_COLUMNS = Bilingual("Rubrikraden ska ha kolumnerna " + ", ".join(CSV_COLUMNS) + " (och gärna " +
                           ", ".join(CSV_OPTIONAL) + ").",
                           "The header row must have the columns " + ", ".join(f"'{c}'" for c in CSV_COLUMNS) +
                           " (and optionally " + ", ".join(f"'{c}'" for c in CSV_OPTIONAL) + ").")
REMOVE_ONE_COLUMN = Bilingual("Ta bort den ena kolumnen.", "Remove one of the two columns.")
ADD_A_ROW_PER_VALUE = Bilingual("Lägg till en rad per värde: indikator, period och värde.",
                                "Add a row for each value: 'indikator', 'period' and 'värde'.")


def twice_in_header(doubled: list[str]) -> str:
    return Bilingual(f"Kolumnen {', '.join(doubled)} står två gånger i rubrikraden.",
                     f"The column {', '.join(repr(c) for c in doubled)} appears twice in the header row.")


def header_hint(missing: list[str], unknown: Iterable[str]) -> str:
    """`Saknas: period. Okända: 'varde' (menade du 'värde'?).`, without a space at the end."""
    unknown = [with_suggestion(column) for column in unknown]
    parts = ([Bilingual(f"Saknas: {', '.join(missing)}.", f"Missing: {', '.join(repr(c) for c in missing)}.")]
             if missing else []) + \
        ([Bilingual(f"Okända: {', '.join(unknown)}.", f"Unknown: {', '.join(map(english, unknown))}.")]
         if unknown else [])
    hint = ""
    for part in parts:
        hint = join_hint(hint, part)
    return hint


def join_hint(first: str, second: str) -> str:
    """Two sentences of a hint, a space between them when both are there."""
    return first + " " + second if first else second


def with_suggestion(column: str) -> str:
    """`'varde' (menade du 'värde'?)` / `'varde' (did you mean 'värde'?)`, or `'år'` without a close match."""
    close = suggestion(column, CSV_COLUMNS + CSV_OPTIONAL, prefix=Bilingual("menade du", "did you mean"))
    if not close:
        return f"'{column}'"
    return Bilingual(f"'{column}' ({str(close).strip()})", f"'{column}' ({english(close).strip()})")


_OPEN_QUOTE = Bilingual('Ett citattecken (") på raden stängs aldrig.', 'A quotation mark (") on the line is never closed.')
# Cells that hold one short value: a line break in one can only come from a quote that is not closed on its row.
_ONE_LINE_COLUMNS = ("indikator", "period", "värde", "grupp", "enhet", "del", "jämförelse")


def _csv_rows(reader: Any, layout: CsvLayout, problems: Problems, text: str) -> list[MeasuredValue]:
    found = []
    lines = text.count("\n")
    columns, delimiter = list(layout.columns), layout.delimiter
    width, strip, value_of = len(columns), str.strip, layout.value
    next_line = reader.line_num + 1
    try:
        for row in reader:
            line, next_line = next_line, reader.line_num + 1  # where the row starts, also when a cell spans lines
            # A quote that is never closed swallows the rest of the file into its cell, silently: the rows
            # after it were lost and the row itself read as if nothing were wrong.
            if row and row[-1].endswith("\n") and reader.line_num >= lines \
                    and _open_at_end(text, line, lines, delimiter):
                further, further_en = ((f": nu fortsätter texten till filens slut (rad {lines}), och raderna efter "
                                        "den läses inte",
                                        f": now the text runs on to the end of the file (line {lines}), and the "
                                        "lines after it are not read") if lines > line else ("", ""))
                problems.add(line, _OPEN_QUOTE,
                             Bilingual(f"Avsluta texten med ett citattecken på samma rad, eller ta bort "
                                       f"citattecknet{further}.",
                                       f"End the text with a quotation mark on the same line, or remove the "
                                       f"quotation mark{further_en}."), code="öppet-citattecken")
                break
            if len(row) == width and (spans := reader.line_num - line) and \
                    any("\n" in cell for name, cell in zip(columns, row) if name in _ONE_LINE_COLUMNS):
                problems.add(line, _OPEN_QUOTE,
                             Bilingual("Avsluta värdet med ett citattecken på samma rad, eller ta bort "
                                       f"citattecknet: nu fortsätter värdet till rad {line + spans}.",
                                       "End the value with a quotation mark on the same line, or remove the "
                                       f"quotation mark: now the value runs on to line {line + spans}."),
                             code="öppet-citattecken")
                continue
            while len(row) > width and not row[-1].strip():
                row.pop()  # empty cells after the last column
            if not "".join(row).strip():
                continue  # no cell has any text
            if len(row) != width:
                swallowed = reader.line_num > line or (len(row) < width and any(delimiter in c for c in row))
                _wrong_field_count(row, columns, delimiter, line, swallowed, problems)
                continue
            cells = list(map(strip, row))
            if layout.split_decimal(cells):
                indicator, written, following = cells[layout.indicator], cells[layout.text], cells[layout.text + 1]
                problems.add(line, Bilingual(f"Värdet för '{indicator}' ser ut att vara delat av ett "
                                             f"decimalkomma: '{written}' och '{following}'.",
                                             f"The value for '{indicator}' looks split in two by a decimal "
                                             f"comma: '{written}' and '{following}'."),
                             Bilingual("Använd semikolon som avgränsare (Excel: 'CSV UTF-8' med svenska "
                                       'inställningar), eller sätt talet inom citattecken: "3,8 %".',
                                       "Use semicolons as separators (Excel: 'CSV UTF-8' with Swedish settings), or "
                                       'put the number in quotation marks: "3,8 %".'), code="delat-decimaltal")
                continue
            value = value_of(cells, line, problems)
            if value is not None:
                found.append(value)
    except csv.Error as exc:
        problems.add(reader.line_num, Bilingual(f"Raden kan inte läsas som CSV ({exc}).",
                                                f"The line cannot be read as CSV ({exc})."), code="csv-syntax")
    return found


def _open_at_end(text: str, line: int, lines: int, delimiter: str) -> bool:
    """Whether the row that starts on `line` and runs to the end of `text` (which ends with a line break
    and has `lines` lines) ends inside a quoted cell: csv.reader then keeps the rest of the file as the
    cell's text, where strict reading (only of this row, so that nothing else becomes stricter) refuses."""
    start = len(text) - 1
    for _ in range(lines - line + 1):
        start = text.rfind("\n", 0, start)
    try:
        for _ in csv.reader(io.StringIO(text[start + 1:]), delimiter=delimiter, strict=True):
            pass
    except csv.Error as exc:
        return "end of data" in str(exc)
    return False


def _wrong_field_count(row: list[str], columns: list[str], delimiter: str, line: int, swallowed: bool,
                       problems: Problems) -> None:
    """The field count is wrong: say why it most likely is (an open quote, a decimal comma)."""
    name = _DELIMITER_NAMES[delimiter]
    name_en, names_en = _DELIMITER_NAMES_EN[delimiter]
    fields = Bilingual(f"Raden har {len(row)} fält men rubrikraden har {len(columns)}.",
                       f"The row has {len(row)} {'field' if len(row) == 1 else 'fields'} but the header row has "
                       f"{len(columns)}.")
    if swallowed:
        problems.add(line, _OPEN_QUOTE,
                     Bilingual('Ta bort citattecknet, eller avsluta värdet med ett citattecken.',
                               "Remove the quotation mark, or end the value with a quotation mark."),
                     code="öppet-citattecken")
    elif len(row) > len(columns) and delimiter == ",":
        problems.add(line, fields,
                     Bilingual("Har du skrivit decimalkomma i en kommaseparerad fil? Använd semikolon som "
                               'avgränsare, eller sätt talet inom citattecken: "3,8 %".',
                               "Did you write a decimal comma in a comma-separated file? Use semicolons as "
                               'separators, or put the number in quotation marks: "3,8 %".'), code="fel-antal-fält")
    elif len(row) > len(columns):
        problems.add(line, fields,
                     Bilingual(f"Står det ett {name} i ett värde? Sätt då värdet inom citattecken.",
                               f"Is there a {name_en} in a value? Then put the value in quotation marks."),
                     code="fel-antal-fält")
    else:
        problems.add(line, fields,
                     Bilingual(f"Skriv {', '.join(columns)} på varje rad, avgränsade med {name}.",
                               f"Write {', '.join(repr(c) for c in columns)} on every row, separated by {names_en}."),
                     code="fel-antal-fält")


class CsvLayout:
    """A CSV file's columns (its header, read and checked) and separator: where each cell of a row is, so that
    a row's cells become a value without a dictionary per row. The usual reader and the reader of many units'
    rows (`run_values`, in a worker) make their values here, the same way."""

    def __init__(self, columns: tuple[str, ...], delimiter: str) -> None:
        self.columns, self.delimiter = tuple(columns), delimiter
        at = {name: index for index, name in enumerate(self.columns)}
        self.indicator, self.period, self.text = at["indikator"], at["period"], at["värde"]
        self.part, self.group, self.unit, self.comparison = (at.get(name) for name in ("del", "grupp", "enhet",
                                                                                      COMPARISON_KEY))

    def __reduce__(self):  # sent to every worker with each chunk: the header and separator are enough
        return CsvLayout, (self.columns, self.delimiter)

    def value(self, cells: list[str], line: int, problems: Problems) -> MeasuredValue | None:
        """The value of a row whose cells (stripped, as many as the header's) are `cells`; None, with the problem
        added, for a period that cannot be read or an empty indicator or value."""
        period = _period(cells[self.period], problems, line)
        indicator = cells[self.indicator]
        if not indicator:
            problems.add(line, Bilingual("Kolumnen 'indikator' är tom.", "The column 'indikator' is empty."),
                         WRITE_THE_ID, code="tomt-värde")
            return None
        text = cells[self.text]
        if not text:
            problems.add(line, empty_value(indicator), WRITE_THE_VALUE, code="tomt-värde")
            return None
        if period is None:
            return None
        group = cells[self.group] or None if self.group is not None else None
        if group is not None and group.casefold() in TOTAL_WORDS:
            group = None  # "T"/"totalt": the indicator's own row, as Kolada writes it
        return MeasuredValue(indicator=indicator, period=period, text=text,
                             part=cells[self.part] or None if self.part is not None else None, group=group,
                             org_unit=cells[self.unit] or None if self.unit is not None else None,
                             comparison=" ".join(cells[self.comparison].split()) or None
                             if self.comparison is not None else None, file=problems.file, line=line)

    def split_decimal(self, cells: list[str]) -> bool:
        """In a comma-separated file, `3,8 %` unquoted becomes `3` and `8 %`; when a column follows `värde`
        the field count still fits, so look for a whole number followed by digits."""
        return self.delimiter == "," and self.text + 1 < len(self.columns) and \
            split_decimal(cells[self.text], cells[self.text + 1])

    def run_values(self, text: str, first_line: int, problems: Problems) -> list[MeasuredValue]:
        """The values of consecutive lines of the file, the first of them line `first_line`, as the reader of
        many units keeps them (`scale/files.py`): it has checked that every row is on one line and has the
        header's cells, so that what remains to find is what `value` finds."""
        lines = text.split("\n")
        if '"' not in text:
            rows = list(map(str.split, lines, repeat(self.delimiter)))
            if set(map(len, rows)) == {len(self.columns)}:
                columns = [list(map(str.strip, cells)) for cells in zip(*rows)]
                if (found := self._plain_values(columns, first_line, problems.file)) is not None:
                    return found
        return self._row_values(lines, first_line, problems)

    def _plain_values(self, columns: list[list[str]], first_line: int, file: str) -> list[MeasuredValue] | None:
        """The values of rows given as their columns' stripped cells, when no row is empty or has anything to
        report (else None: `_row_values` reports it in its place)."""
        indicators, periods, texts = columns[self.indicator], columns[self.period], columns[self.text]
        if not all(indicators) or not all(texts):
            return None
        try:
            period_of_text = {text: period_of(text) for text in set(periods)}
        except PeriodError:
            return None
        empty = repeat("")
        parts, groups, units, series = (columns[at] if at is not None else empty
                                        for at in (self.part, self.group, self.unit, self.comparison))
        # Every field a str, a Period, an int or None already: built without validating it again (model/trusted.py)
        return [trusted(MeasuredValue, indicator=indicator, period=period_of_text[period], text=text,
                        part=part or None, group=None if not group or group.casefold() in TOTAL_WORDS else group,
                        org_unit=unit or None, comparison=" ".join(comparison.split()) if comparison else None,
                        file=file, line=line)
                for line, indicator, period, text, part, group, unit, comparison
                in zip(count(first_line), indicators, periods, texts, parts, groups, units, series)]

    def _row_values(self, lines: list[str], first_line: int, problems: Problems) -> list[MeasuredValue]:
        found = []
        width, delimiter, strip, value = len(self.columns), self.delimiter, str.strip, self.value
        for line, written in enumerate(lines, first_line):
            row = row_cells(written, delimiter)
            while len(row) > width and not row[-1].strip():
                row.pop()
            cells = list(map(strip, row))
            if not any(cells):
                continue
            if len(cells) != width:
                raise ValueError(f"{problems.file}:{line}: {len(cells)} cells, not {width}, in a checked row")
            if (each := value(cells, line, problems)) is not None:
                found.append(each)
        return found


def row_cells(line: str, delimiter: str) -> list[str]:
    """The cells of one line (without its line break) as `csv.reader` reads them; a cell that a quotation mark
    left open ends with the line break."""
    if '"' not in line:
        return line.split(delimiter)  # what csv.reader makes of a line without a quotation mark, faster
    return next(csv.reader([line + "\n"], delimiter=delimiter), [])


def split_decimal(value: str, following: str) -> bool:
    """`3` then `8 %`: a whole number in `värde`, digits at the start of the next cell."""
    return bool(_WHOLE_NUMBER.fullmatch(value) and _DIGIT.match(following))


_WHOLE_NUMBER = re.compile(r"[+\-−]?\d+")
_DIGIT = re.compile(r"\d")


WRITE_THE_ID = Bilingual("Skriv indikatorns id från regelfilen.", "Write the indicator's id from the rule file.")


def empty_value(indicator: str) -> str:
    return Bilingual(f"Värdet för '{indicator}' är tomt.", f"The value for '{indicator}' is empty.")


def same_place(value: MeasuredValue) -> tuple:
    """What makes two values the same value as the files write them: indicator, period, part, group,
    unit and comparison series. A value from Kolada by Kolada's ids, also once they are named as the rule
    file does."""
    if value.kolada is not None:
        ref = value.kolada
        return ref.kpi, value.period, value.part, "" if ref.gender == "T" else ref.gender.casefold(), ref.unit_id
    return (value.indicator, value.period, value.part, (value.group or "").casefold(), value.org_unit,
            (value.comparison or "").casefold())


def measure_duplicates(values: list[MeasuredValue]):
    seen: dict[tuple, MeasuredValue] = {}
    for value in values:
        key = same_place(value)
        if key in seen:
            first = seen[key]
            what = described_value(value.indicator, part=value.part, group=value.group, org_unit=value.org_unit,
                                   comparison=value.comparison)
            yield error(value.file, value.line, given_twice(what, value.period), first_time(first.where),
                        code="dubbelt-värde", column=value.column)
        else:
            seen[key] = value


def given_twice(what: str, period: Period) -> str:
    """`Värdet för 'sjukfranvaro' (grupp 'K') för 2019 står två gånger.`, in both languages."""
    return Bilingual(f"Värdet för {what} för {period} står två gånger.",
                     f"The value of {english(what)} for '{period}' is given twice.")


def first_time(where: str) -> str:
    return Bilingual(f"Första gången: {where}. Ta bort det ena.", f"It is first given at '{where}'. Remove one of them.")
