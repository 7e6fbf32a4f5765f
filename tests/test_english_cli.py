"""The command line in English (`--lang en`) beside its Swedish: the help of every command and option (also
options added later), click's usage errors, the command line's own messages, `malmotor explain` throughout
(rule descriptions, every sentence of the trace, a pro-rated interim target) and the workbook's own words.
Swedish stays the default and as it was."""

from __future__ import annotations

import json
import re

import click
import openpyxl
import pytest
from click.testing import CliRunner

import malmotor
from malmotor.cli.bilingual import BilingualCommand, BilingualGroup, commands
from malmotor.cli.main import main
from malmotor.decide import gaps as gap_rules, rollup, rulebook
from malmotor.explain.rule_descriptions import DESCRIPTIONS_EN
from malmotor.explain.trace import YEAR_END_DESCRIPTION

from .conftest import ROOT, rule_file
from .english import swedish_left
from .test_docs import RULE_DOC, the_block

SEED = ["rules/lansteknik-2018.yaml", "measures/lansteknik-2017.yaml", "measures/lansteknik-2018.yaml"]
COMMANDS = sorted(main.commands)


@pytest.fixture
def run(monkeypatch):
    monkeypatch.chdir(ROOT)
    return lambda *args: CliRunner().invoke(main, list(args), prog_name="malmotor", catch_exceptions=False)


def _without_names(text: str, *names: str) -> str:
    """`text` without the names the files give (of indicators, nodes, groups, units): the same in both languages,
    and written unquoted where a sentence of the report names its row."""
    for name in sorted(names, key=len, reverse=True):
        text = text.replace(name, "")
    return text


# --- the help of every command and option ---------------------------------------------------------------

def _params(command: click.Command):
    return [param for param in command.params if param.name != "_click_default_help"]


def test_every_command_and_option_has_its_english():
    """Fails for a command or an option (also one added later) without its English help, or a metavar
    without its English one; and for English that names a parameter the command does not have."""
    for command in commands(main):
        assert isinstance(command, (BilingualCommand, BilingualGroup)), command.name
        english = command.english
        assert english.help.strip() and swedish_left(_help_words(english.help)) is None, command.name
        names = {param.name for param in _params(command)}
        for param in _params(command):
            if isinstance(param, click.Option):
                assert english.options.get(param.name), f"{command.name} {param.opts[0]}: no English help"
                assert swedish_left(_help_words(english.options[param.name])) is None, (command.name, param.name)
            if param.metavar is not None:
                assert english.metavars.get(param.name), f"{command.name} {param.name}: no English metavar"
                assert english.metavars[param.name].isascii()
        assert set(english.options) <= names and set(english.metavars) <= names, command.name


def _help_words(text: str) -> str:
    """Help text without what the user types as it stands: option names, choices, paths and commands."""
    text = re.sub(r"--?[\w-]+|\[[\w|]+\]|\S+/\S+|\S+\.(?:yaml|csv|json|xml|md)\b", "", text)
    return "\n".join(line for line in text.splitlines() if not line.strip().startswith("malmotor "))


@pytest.mark.parametrize("command", [None, *COMMANDS])
def test_help_in_english_and_in_swedish(run, command):
    where = [command] if command else []
    first_swedish = run(*where, "--help").stdout
    english = run(*where, "--help", "--lang", "en")
    swedish = run(*where, "--help")
    assert english.exit_code == swedish.exit_code == 0
    assert swedish.stdout == first_swedish  # the same Swedish before and after an English run
    heading = f"malmotor {command} [OPTIONS]" if command else "malmotor [OPTIONS] COMMAND [ARGS]..."
    assert english.stdout.startswith(f"Usage: {heading}")
    assert "Options:" in english.stdout and "-h, --help" in english.stdout
    assert "Show this message and exit." in english.stdout
    assert swedish_left(_help_words(english.stdout)) is None, english.stdout
    assert swedish.stdout.startswith(f"Användning: malmotor {command + ' ' if command else ''}[FLAGGOR]")
    assert "Flaggor:" in swedish.stdout and "Visa den här hjälpen och avsluta." in swedish.stdout
    assert "Options" not in swedish.stdout and "Usage" not in swedish.stdout


def test_the_group_lists_every_command_in_english(run):
    text = run("--lang", "en", "--help").stdout
    assert "Commands:" in text and "explain   Explain one row's verdict: the target, the values and the rules." in text
    assert "Kommandon:" in run("--help").stdout


def test_the_help_of_check_says_its_messages_follow_lang(run):
    assert "Language of the messages, their hints and the summary." in run("check", "--help", "--lang", "en").stdout
    assert "på svenska" not in run("check", "--help").stdout


# --- click's usage errors and the command line's own messages -------------------------------------------

def test_a_click_usage_error_in_both_languages(run):
    english = run("evaluate", "--format", "xml", "--lang", "en")
    assert english.exit_code == 2
    assert english.stderr.startswith("Usage: malmotor evaluate [OPTIONS] [RULES] [MEASURES]...\n"
                                     "Try 'malmotor evaluate --help' for help.\n\nError: Invalid value for '--format':")
    swedish = run("evaluate", "--format", "xml")
    assert swedish.exit_code == 2
    assert swedish.stderr.startswith("Användning: malmotor evaluate [FLAGGOR] [REGELFIL] [MÄTVÄRDESFIL]...\n"
                                     "Skriv 'malmotor evaluate --help' för hjälp.\n\nFel: Ogiltigt värde för "
                                     "'--format':")
    period = run("evaluate", "--period", "T9 2019", "--lang", "en")
    assert period.exit_code == 2 and "Error: Invalid value for '--period': " in period.stderr
    assert "Fel: Ogiltigt värde för '--period': " in run("evaluate", "--period", "T9 2019").stderr
    missing = run("diff", "gammal.yaml", "--lang", "en")
    assert missing.exit_code == 2 and "Error: Missing argument 'NEW_RULES'." in missing.stderr
    assert "Fel: Argument saknas 'NY_REGELFIL'." in run("diff", "gammal.yaml").stderr


@pytest.mark.parametrize("args, english, swedish", [
    (["evaluate", SEED[0]], "Error: Give at least one measures file after the rule file, e.g. 'malmotor evaluate",
     "Fel: Ange minst en mätvärdesfil efter regelfilen, t.ex. 'malmotor evaluate"),
    (["explain", "sjukfranvaro", SEED[0]], "Error: Give at least one measures file after the rule file, e.g. "
     "'malmotor explain", "Fel: Ange minst en mätvärdesfil efter regelfilen, t.ex. 'malmotor explain"),
    (["diff", SEED[0], SEED[0]], "Error: Give at least one measures file after the two rule files, e.g. 'malmotor diff "
     "old.yaml new.yaml", "Fel: Ange minst en mätvärdesfil efter de två regelfilerna, t.ex. 'malmotor diff gammal.yaml"),
    (["evaluate", *SEED, "--format", "xlsx"], "Error: --format xlsx writes an Excel workbook, which cannot be shown "
     "here; give a file with --output, e.g. --output result.xlsx.", "Fel: --format xlsx skriver en Excel-arbetsbok, som "
     "inte kan visas här; ange en fil med --output, t.ex. --output resultat.xlsx."),
    (["test", "--run", "inget-sådant-fall"], "Error: No case matches --run 'inget-sådant-fall'.",
     "Fel: Inget fall matchar --run 'inget-sådant-fall'."),
    (["explain", "sjukfranvar", *SEED], "ID: error: The indicator 'sjukfranvar' is not in the rule file.\n"
     "    Did you mean 'sjukfranvaro'? The indicators are: 'driftavbrott', ",
     "ID: fel: Indikatorn 'sjukfranvar' finns inte i regelfilen.\n    Menade du 'sjukfranvaro'? Indikatorerna är: "
     "driftavbrott, "),
    (["explain", "sjukfranvaro", *SEED, "--group", "kvinor"], "--group: error: 'sjukfranvaro' has no row for the "
     "group 'kvinor'.\n    Did you mean 'kvinnor'? The groups with values are: 'kvinnor', 'män'",
     "--group: fel: 'sjukfranvaro' har ingen rad för gruppen 'kvinor'.\n    Menade du 'kvinnor'? Grupperna med "
     "värden är: kvinnor, män"),
])
def test_the_command_line_s_own_messages_in_both_languages(run, args, english, swedish):
    in_english = run(*args, "--lang", "en")
    in_swedish = run(*args)
    assert in_english.exit_code == in_swedish.exit_code == 2
    assert english in in_english.stderr and swedish in in_swedish.stderr


def test_a_row_per_unit_asks_for_its_unit_in_english(run, write):
    rules = write("regler.yaml", rule_file("""
        - {id: andel, namn: Andel, enhet: "%", mål: över 40 %}
    """).replace("malmotor: 1\n", "malmotor: 1\nenheter: [Nord, Syd]\n"))
    values = write("matvarden.csv", "period;indikator;enhet;värde\n2019;andel;Nord;40\n2019;andel;Syd;45\n")
    english = run("explain", "andel", str(rules), str(values), "--lang", "en")
    assert english.exit_code == 2
    assert ("--enhet: error: 'andel' is assessed per unit; say which with --enhet.\n"
            "    The units are: 'Nord', 'Syd'.") in english.stderr
    swedish = run("explain", "andel", str(rules), str(values))
    assert ("--enhet: fel: 'andel' bedöms per enhet; ange vilken med --enhet.\n"
            "    Enheterna är: Nord, Syd.") in swedish.stderr


def test_the_strict_diagnostic_in_english(run, write, tmp_path):
    rules = write("regler.yaml", rule_file("""
        - {id: b, namn: B, enhet: "%", mål: minst 80 %}
    """).replace("styrkort: Test\n", "styrkort: Test\nkräv analys: ej uppfyllt\n"))
    values = write("v.yaml", "period: 2019\nvärden:\n  b: 50 %\n")
    english = run("evaluate", str(rules), str(values), "--strict", "--lang", "en")
    assert english.exit_code == 5
    assert ("--strict: error: With --strict the warnings count as errors; no result has been written.\n"
            "    Correct what the warnings say, or run without --strict.") in english.stderr
    swedish = run("evaluate", str(rules), str(values), "--strict")
    assert ("--strict: fel: Varningarna räknas som fel med --strict; inget resultat är skrivet.\n"
            "    Rätta det som varningarna säger, eller kör utan --strict.") in swedish.stderr


def test_a_folder_without_test_files_in_english(run, tmp_path):
    english = run("test", str(tmp_path), "--lang", "en")
    assert english.exit_code == 1
    assert f"{tmp_path}: error: The folder has no test files ('*.test.yaml')." in english.stderr
    assert f"{tmp_path}: fel: Mappen har inga testfiler (*.test.yaml)." in run("test", str(tmp_path)).stderr


def test_lang_before_the_command_is_the_command_s_language(run):
    result = run("--lang", "en", "explain", "sjukfranvaro", *SEED)
    assert result.exit_code == 0 and "Fulfilment: not fulfilled ▲" in result.stdout


# --- explain in English ---------------------------------------------------------------------------------

def _seed_names() -> list[str]:
    scorecard = malmotor.load_scorecard(ROOT / SEED[0])
    result = malmotor.evaluate(scorecard, malmotor.load_checked_measures(scorecard, [ROOT / p for p in SEED[1:]]))
    names = [row.name for row in result.indicators] + [row.group for row in result.indicators if row.group]
    names += [step.name for row in result.indicators for step in row.path] + [node.name for node in result.nodes]
    return names + [result.scorecard]


def test_explain_in_english_has_no_swedish_outside_quotes(run):
    result = run("explain", "sjukfranvaro", "--period", "2018", *SEED, "--lang", "en")
    assert result.exit_code == 0 and result.stderr == ""
    text = result.stdout
    assert "Place: perspective “Medarbetare” › strategic goal “Aktivt medarbetarskap”" in text
    assert "  rule: 'uppfyllelse.gräns.ej': The value reaches neither the target nor the limit for partly fulfilled." \
           in text
    assert "  rule: 'utveckling.försämring': Worse than the comparison value by more than the dead band." in text
    assert ("    'sammanvägning.majoritet.ej': Assessed indicators: 1 (fulfilled 0, partly fulfilled 0, not "
            "fulfilled 1).") in text
    assert ("  does not apply: partly fulfilled is not possible: the indicator has no limit for partly fulfilled "
            "('delvis').") in text
    for line in _without_names(text, *_seed_names()).splitlines():
        assert swedish_left(line) is None, line


def test_explain_as_json_in_english(run):
    result = run("explain", "sjukfranvaro", "--period", "2018", *SEED, "--lang", "en", "--format", "json")
    data = json.loads(result.stdout)
    assert data["language"] == "en"
    assert data["fulfilment_rule"] == {"name": "uppfyllelse.gräns.ej", "description":
                                       "The value reaches neither the target nor the limit for partly fulfilled."}
    texts = [data["fulfilment_rule"]["description"], data["trend_rule"]["description"], data["trend_sentence"],
             data["trend_change"], data["level_text"], data["trend_text"], data["target"]["kind_text"],
             data["target"]["text"], data["target"]["polarity"], data["target"]["dead_band_text"],
             *(check["sentence"] for check in data["levels"]), *(check["level_text"] for check in data["levels"]),
             *(value["role_text"] for value in data["values"]),
             *(parent["rule"]["description"] for parent in data["parents"]),
             *(parent["explanation"] for parent in data["parents"])]
    names = _seed_names()
    for text in texts:
        assert swedish_left(_without_names(text, *names)) is None, text


def test_a_milestone_s_statuses_are_quoted_in_english(run):
    text = run("explain", "inkopsprocess", *SEED, "--lang", "en").stdout
    assert ("  does not apply: partly fulfilled requires at least the status 'delvis genomförd'; the status is "
            "'påbörjad'.") in text
    assert "  requires status: 'genomförd'" in text
    office = run("explain", "office365", *SEED, "--lang", "en").stdout
    assert "the value is 'förstudie': 'påbörjad', 'aktiviteter': 'ej påbörjad': 0 of 2 parts reach the target" in office


@pytest.fixture
def interim(write):
    rules = write("delar.yaml", the_block(RULE_DOC.read_text(encoding="utf-8"), "yaml", "# exempel: delår"))
    values = write("v.yaml", "period: T1 2019\nvärden:\n  besok: 350 st\n  nojdhet: 65 %\n")
    return str(rules), str(values)


def test_a_pro_rated_interim_target_in_english(run, interim):
    english = run("explain", "besok", *interim, "--lang", "en")
    assert english.exit_code == 0, english.output
    assert "Target: 'minst 1 200 st' for the year; 4/12: 400 st\n" in english.stdout
    assert "  partly: 'minst 1 000 st' → 333.33 st\n" in english.stdout
    assert swedish_left(english.stdout.split("\nExplanation:")[0].replace("Besök på biblioteken", "")
                        .replace("Tillgänglig kultur", "").replace("Fler besök", "")) is None
    as_json = json.loads(run("explain", "besok", *interim, "--lang", "en", "--format", "json").stdout)
    assert as_json["target"]["phrase"] == "minst 1 200 st for the year; 4/12: 400 st"
    swedish = run("explain", "besok", *interim)
    assert "Målet: minst 1 200 st för året; 4/12: 400 st\n" in swedish.stdout
    assert "  delvis: minst 1 000 st → 333,33 st\n" in swedish.stdout


def test_the_year_end_rule_in_english(run, write):
    rules = write("regler.yaml", rule_file("""
        - {id: sjuk, namn: Sjuk, enhet: "%", riktning: lägre är bättre, mål: 3 %, delvis: högst 4 %}
    """).replace("malmotor: 1\n", "malmotor: 1\ndelvis vid årsbokslut: nej\n"))
    values = write("v.yaml", "period: 2019\nvärden:\n  sjuk: 3,5 %\n")
    text = run("explain", "sjuk", str(rules), str(values), "--lang", "en").stdout
    assert ("  at year-end: 'årsbokslut.delvis_blir_ej': 'delvis vid årsbokslut: nej': at a year-end, partly "
            "fulfilled becomes not fulfilled.") in text
    assert swedish_left(YEAR_END_DESCRIPTION["en"]) is None


def test_every_rule_has_its_description_in_english():
    described = {**rulebook.RULES_BY_NAME, **gap_rules.RULES_BY_NAME, **rollup.RULES_BY_NAME}
    assert set(DESCRIPTIONS_EN) == set(described)
    for name, text in DESCRIPTIONS_EN.items():
        assert text.endswith(".") and swedish_left(text) is None, name


# --- the workbook's own words ---------------------------------------------------------------------------

@pytest.mark.parametrize("lang", ["en", "sv"])
def test_the_workbook_s_own_words_in_english(run, tmp_path, lang):
    path = tmp_path / f"styrkort-{lang}.xlsx"
    done = run("evaluate", *SEED, "--format", "xlsx", "--lang", lang, "-o", str(path))
    assert done.exit_code == 0, done.output
    book = openpyxl.load_workbook(path)
    legend_sheet = book.worksheets[-1]
    colours = [row[3] for row in legend_sheet.iter_rows(min_row=3, values_only=True) if row[3]]
    if lang == "sv":
        assert (book.sheetnames[0], book.sheetnames[-1]) == ("Styrkort", "Teckenförklaring och körning")
        assert {"grön", "röd", "grå"} <= set(colours)
        return
    assert {"green", "red", "grey"} <= set(colours) and not {"grön", "röd", "grå"} & set(colours)
    dimensions = {"kön", "verksamhetsområde"}  # the rule file's breakdowns name their own sheets
    own = [name for name in book.sheetnames if name not in dimensions]
    assert own == ["Scorecard", "Roll-up and summaries", "Legend and run"]
    for sheet in book.worksheets:
        own += [cell for cell in next(sheet.iter_rows(max_row=1, values_only=True)) if cell]
    own += [row[0] for row in legend_sheet.iter_rows(values_only=True) if row[0]] + colours
    for word in own:
        assert swedish_left(_without_names(str(word), *_seed_names())) is None, word
