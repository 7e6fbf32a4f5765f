"""`malmotor check --lang en` says what is wrong with a rule file in English (rulefile.py, sections.py,
bandchecks.py, interim.py), and the Swedish default is unchanged. Keys, phrases and statuses of the file
('statusskala', 'högst 5 %', 'ej påbörjad') stay as written, quoted."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from malmotor.cli.main import main

from .conftest import RULE_FILE_HEAD, rule_file


def check(tmp_path, text: str, *options: str, exit_code: int = 1) -> str:
    path = tmp_path / "regler.yaml"
    path.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(main, ["check", *options, str(path)], catch_exceptions=False)
    assert result.exit_code == exit_code, result.output
    return result.output.replace(str(path), "regler.yaml")


UNKNOWN_KEY = rule_file("- id: a\n  namn: A\n  mål: Öka\n  riktnig: högre är bättre\n")


@pytest.mark.parametrize("text, message, hint", [
    (UNKNOWN_KEY,
     "regler.yaml:13:17: okänd-nyckel: Unknown key 'riktnig' in the indicator.",
     "Did you mean 'riktning'? Keys allowed here: 'id', 'namn', 'enhet', 'riktning', 'mål', 'delvis', 'utveckling', "
     "'värdeområde', 'delmål', 'decimaler', 'kolada', 'vikt', 'delårsmål', 'skillnad', 'bedöms på'."),
    (rule_file("- id: a\n  mål: Öka\n"),
     "regler.yaml:10: nyckel-saknas: The key 'namn' is missing in the indicator.",
     "Add 'namn: …'."),
    (RULE_FILE_HEAD.replace("styrkort: Test\n", "styrkort: Test\nstatusskala: [genomförd, påbörjad, ej påbörjad]\n")
     + "              - id: a\n                namn: A\n                mål: Genomförd\n",
     "regler.yaml:3:1: omvänd-statusskala: 'statusskala' is in reverse order: 'genomförd' comes first and "
     "'ej påbörjad' last, but the scale is written lowest first.",
     "Write 'statusskala: [ej påbörjad, påbörjad, genomförd]'. The order decides which status is better, and the "
     "last status is the one that e.g. 'Genomförd' requires."),
    (rule_file("- id: a\n  namn: A\n  mål: minst 300 st\n  delårsmål: hälften\n"),
     "regler.yaml:13:17: fel-delårsmål: 'delårsmål: hälften' is not recognised.",
     "Write 'delårsmål: proportionellt', or one target per period: 'delårsmål: {T1: minst 300 st, T2: minst 700 st}'."),
    (rule_file("- id: a\n  namn: A\n  mål: minst 300 st\n  delårsmål:\n    T4: minst 100 st\n"),
     "regler.yaml:14:19: fel-delårsmål: 'T4' is not a period within the year.",
     "Write the period without its year: 'T1', 'T2', 'delår augusti', 'kv 1', 'halvår 1', 'augusti' …"),
])
def test_english_message_and_hint(tmp_path, text, message, hint):
    output = check(tmp_path, text, "--lang", "en")
    assert output.splitlines()[0] == message
    assert f"    {hint}\n" in output
    assert output.endswith("1 error in 1 file.\n")


def test_a_band_warning_in_english(tmp_path):
    text = rule_file("- id: a\n  namn: A\n  enhet: '%'\n  mål: högst 5 %\n  delvis: högst 6 %\n  utveckling:\n"
                     "    oförändrat inom: 2\n")
    output = check(tmp_path, text, "--lang", "en", exit_code=0)
    assert output.splitlines()[0] == (
        "regler.yaml:16:19: dödband-större-än-delvis (warning): The dead band 'oförändrat inom: 2 %' is wider than the "
        "distance 1 % between the target 'högst 5 %' and the limit 'högst 6 %' for 'delvis uppfyllt': a value can go "
        "from 'uppfyllt' to 'ej uppfyllt' while the arrow shows 'oförändrat'.")
    assert "    Make the dead band at most 1 %, or move the limit for 'delvis uppfyllt' further from the target.\n" \
        in output
    assert output.endswith("No errors, but 1 warning in 1 file.\n")


def test_swedish_stays_the_default(tmp_path):
    output = check(tmp_path, UNKNOWN_KEY)
    assert output.splitlines()[0] == "regler.yaml:13:17: okänd-nyckel: Okänd nyckel 'riktnig' i indikatorn."
    assert "    Menade du 'riktning'? Tillåtna nycklar här: id, namn, enhet, riktning, mål, delvis, utveckling, " \
        "värdeområde, delmål, decimaler, kolada, vikt, delårsmål, skillnad, bedöms på.\n" in output
