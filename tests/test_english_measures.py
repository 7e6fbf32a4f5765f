"""`malmotor check --lang en` says what is wrong with a measures file in English (values.py, measuresfile.py,
kolada.py, spreadsheet.py, numbers.py and the periods of model/period.py), and the Swedish default is unchanged.
What the files write (a value '3.800 %', a period 'T4 2019', a column 'värde') stays as written, quoted."""

from __future__ import annotations

import datetime
import shutil
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from malmotor.cli.main import main

VALID = Path(__file__).resolve().parent / "corpus" / "valid"


def check(tmp_path, name: str, content: str | None, *options: str) -> str:
    """`malmotor check` of the corpus' valid rule file with its valid values of 2017 and one measures file,
    `name` in tmp_path (written from `content` unless it is already there); paths shortened to the file's name."""
    rules = tmp_path / "regler.yaml"
    shutil.copy(VALID / "regler.yaml", rules)
    path = tmp_path / name
    if content is not None:
        path.write_text(content, encoding="utf-8")
    result = CliRunner().invoke(main, ["check", *options, str(rules), "--measures", str(VALID / "matvarden-2017.yaml"),
                                       str(path), "--period", "2018"], catch_exceptions=False)
    assert result.exit_code == 1, result.output
    return result.output.replace(str(path), name)


AMBIGUOUS = "period: 2018\nvärden:\n  sjukfranvaro: 3.800 %\n"


@pytest.mark.parametrize("name, content, message, hint", [
    ("varden.yaml", AMBIGUOUS,
     "varden.yaml:3: tvetydigt-tal: The value '3.800 %' for 'sjukfranvaro' can be read both as '3 800' and as "
     "'3,8': a point followed by exactly three digits can be a thousands separator or a decimal sign.",
     "Write thousands with a space between them, '3 800 %', or the decimal number without the trailing zeros, "
     "'3,8 %'."),
    ("varden.yaml", "period: T4 2018\nvärden:\n  sjukfranvaro: 3,8 %\n",
     "varden.yaml:1:1: okänd-period: The period 'T4 2018' does not exist: a year has tertials 1–3.",
     "Write the period in one of these ways:"),
    ("varden.yaml", "period: 2018\nvärden:\n  sjukfranvaro: 3,8 kr\n",
     "varden.yaml:3: fel-enhet: The value '3,8 kr' for 'sjukfranvaro' has the unit 'kr' but the indicator has the "
     "unit '%'.",
     "Write the value in the indicator's unit."),
    ("varden.yaml", "period: 2018\nvärden:\n  sjukfranvaro: 250 %\n",
     "varden.yaml:3: utanför-värdeområde: The value '250 %' for 'sjukfranvaro' is outside the indicator's range of "
     "values 0–100.",
     "Check the value: it cannot be higher than 100. A share cannot be over 100 %."),
    ("varden.csv", "indikator,år,värde\nsjukfranvaro,2018,4\n",
     "varden.csv:1: fel-rubrikrad: The header row must have the columns 'indikator', 'period', 'värde' (and "
     "optionally 'grupp', 'enhet', 'del', 'jämförelse', 'kommentar').",
     "Missing: 'period'. Unknown: 'år'. Separate the columns with semicolons, so that a decimal comma works."),
    ("kolada.json", '{"count": 0, "values": []}',
     "kolada.json:1:1: inga-mätvärden: Kolada's answer holds no values ('values' is empty).",
     "Kolada answers with an empty list when there are no values for the KPI, the municipality and the year in the "
     "address: check them."),
])
def test_english_message_and_hint(tmp_path, name, content, message, hint):
    output = check(tmp_path, name, content, "--lang", "en")
    assert output.splitlines()[0] == message
    assert f"    {hint}\n" in output


def test_the_accepted_period_forms_in_english(tmp_path):
    output = check(tmp_path, "varden.csv", "indikator;period;värde\nsjukfranvaro;delår mars–aug 2018;4 %\n",
                   "--lang", "en")
    assert output.splitlines()[0] == ("varden.csv:2: okänd-period: The period 'delår mars–aug 2018' is not "
                                      "recognised.")
    assert "      interim period: 'delår augusti 2019', 'delår aug 2019', 'delår per augusti 2019', " in output
    assert "    An interim period ('delår') always starts in January. Months are written in Swedish or English, " \
        "in full or abbreviated.\n" in output


def test_a_date_in_the_period_column_of_a_workbook_in_english(tmp_path):
    path = tmp_path / "varden.xlsx"
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Blad1"
    sheet.append(["indikator", "period", "värde"])
    sheet.append(["sjukfranvaro", datetime.date(2018, 8, 1), "3,5 %"])
    sheet["B2"].number_format = "yyyy-mm"
    book.save(path)
    output = check(tmp_path, "varden.xlsx", None, "--lang", "en")
    assert output.splitlines()[0] == \
        "varden.xlsx:Blad1!B2: period-som-datum: The period is a date in Excel (2018-08-01), not a text."
    assert "    Write the period as text: format the column as Text, or type an apostrophe first ('2018-08).\n" \
        in output


def test_swedish_stays_the_default(tmp_path):
    output = check(tmp_path, "varden.yaml", AMBIGUOUS)
    assert output.splitlines()[0] == (
        "varden.yaml:3: tvetydigt-tal: Värdet '3.800 %' för 'sjukfranvaro' kan läsas både som 3 800 och som 3,8: "
        "en punkt följd av exakt tre siffror kan vara tusentalsavgränsare eller decimaltecken.")
    assert "    Skriv tusental med mellanslag, '3 800 %', eller decimaltalet utan nollorna på slutet, '3,8 %'.\n" \
        in output
