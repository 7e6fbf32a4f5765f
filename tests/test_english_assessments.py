"""`--lang en` gives the messages of assessments files, rule-file tests, the judged period and unit, the output
file and `malmotor check`'s own problems in English, and Swedish stays the default. The words of the files
('datum', 'förväntat', a level such as 'ej uppfyllt', a period such as '2019') stay as written, quoted."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from malmotor.cli.main import main

from .conftest import rule_file

RULES = rule_file("""
    - id: sjukfranvaro
      namn: Sjukfrånvaro
      enhet: "%"
      riktning: lägre är bättre
      mål: 3 %
    - id: jamix
      namn: JÄMIX
      enhet: p
      mål: Öka
""")
MEASURES = {"2017.yaml": "period: 2017\nvärden:\n  sjukfranvaro: 3,4 %\n  jamix: 130\n",
            "2018.yaml": "period: 2018\nvärden:\n  sjukfranvaro: 2,9 %\n  jamix: 136\n"}
ASSESSMENT = ("bedömningar:\n  - id: jamix\n    period: {period}\n    nivå: ej uppfyllt\n    motivering: Osäker mätning.\n"
              "    bedömd av: Controller\n    datum: {date}\n")


@pytest.fixture
def folder(tmp_path, monkeypatch):
    """A rule file and the measures of 2017 and 2018 in the working directory, so that messages name them short."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "regler.yaml").write_text(RULES, encoding="utf-8")
    for name, text in MEASURES.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    return tmp_path


def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def evaluate_with(folder, assessment: str, *options: str):
    (folder / "bedomningar.yaml").write_text(assessment, encoding="utf-8")
    return run("evaluate", "regler.yaml", *MEASURES, "--bedömningar", "bedomningar.yaml", *options)


def test_a_date_that_is_no_date_in_english(folder):
    result = evaluate_with(folder, ASSESSMENT.format(period=2018, date="15 februari 2019"), "--lang", "en")
    assert result.exit_code == 1
    assert result.stderr == ("bedomningar.yaml:7: error: 'datum: 15 februari 2019' is not a date.\n"
                             "    Write the date as year-month-day, for example '2019-02-15'.\n")


def test_the_same_date_in_swedish_by_default(folder):
    result = evaluate_with(folder, ASSESSMENT.format(period=2018, date="15 februari 2019"))
    assert result.exit_code == 1
    assert result.stderr == ("bedomningar.yaml:7: fel: 'datum: 15 februari 2019' är inget datum.\n"
                             "    Skriv datumet som år-månad-dag, t.ex. '2019-02-15'.\n")


def test_an_assessment_for_a_period_without_measures_in_english(folder):
    result = evaluate_with(folder, ASSESSMENT.format(period=2019, date="2020-02-15"), "--lang", "en")
    assert result.exit_code == 1
    assert result.stderr == ("bedomningar.yaml:2: error: The period '2019' of 'jamix' is not in the measured values "
                             "(periods: '2017', '2018').\n"
                             "    Correct the period, or give the measures file for the period.\n")


def test_an_output_over_an_input_in_english(folder):
    result = run("evaluate", "regler.yaml", *MEASURES, "--lang", "en", "--output", "2018.yaml")
    assert result.exit_code == 2
    assert result.stderr == ("2018.yaml: error: The output file '2018.yaml' is the same file as the input file "
                             "'2018.yaml'.\n"
                             "    The result would overwrite an input. Choose another file for --output.\n")


def test_an_impossible_level_in_a_rule_test_in_english(folder):
    (folder / "regler.test.yaml").write_text(
        "regelfil: regler.yaml\nfall:\n  - namn: JÄMIX\n    period: 2018\n    mätvärden:\n"
        "      2017: {jamix: 130}\n      2018: {jamix: 136}\n    förväntat:\n"
        "      jamix: {nivå: delvis uppfyllt}\n", encoding="utf-8")
    result = run("test", "--lang", "en", "regler.test.yaml")
    assert result.exit_code == 1
    assert result.stderr == (
        "regler.test.yaml:9: error: 'jamix' cannot be 'delvis uppfyllt': the target 'Öka' only gives "
        "'uppfyllt', 'ej uppfyllt' or 'ej bedömt'.\n"
        "    The level 'delvis uppfyllt' needs a target with 'delvis' (a limit, a range, a share of the comparison "
        "value) or a milestone; 'Öka', 'Minska', 'Ingen ökning' and 'Oförändrat' are either fulfilled or not. With "
        "'delvis vid årsbokslut: nej', 'delvis' is only used during the year.\n")


def test_an_id_in_two_rule_files_and_a_missing_period_in_english(folder):
    (folder / "andra.yaml").write_text(RULES.replace("styrkort: Test", "styrkort: Andra"), encoding="utf-8")
    result = run("check", "--lang", "en", "regler.yaml", "andra.yaml", "--measures", "2018.yaml")
    assert result.exit_code == 1
    assert ("andra.yaml:10:17: dubbelt-id: The indicator id 'sjukfranvaro' is already in regler.yaml:10.\n"
            "  10 |               - id: sjukfranvaro\n"
            "     |                 ^\n"
            "    The rule files are checked together, and an id may be in only one of them: change the id in one of "
            "them, so that the measured values go to the right indicator.\n") in result.output
    assert ("2018.yaml: jämförelseperiod-saknas (warning): There are no measured values for '2017': trend arrows and "
            "targets that compare with the previous period cannot be assessed.\n"
            "    Give the measures file for '2017' too.\n") in result.output
