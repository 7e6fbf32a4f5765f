"""`malmotor check`: every problem in every file at once, located, coded, and without a traceback."""

from __future__ import annotations

import json
import re

import pytest
from click.testing import CliRunner

from malmotor.check import check, render_text, summary
from malmotor.cli.main import main
from malmotor.diagnostics import ExitCode

from .conftest import ROOT, rule_file

SEED_RULES = "rules/lansteknik-2018.yaml"
SEED_MEASURES = ["measures/lansteknik-2017.yaml", "measures/lansteknik-2018.yaml"]


@pytest.fixture
def run(monkeypatch):
    monkeypatch.chdir(ROOT)

    def _run(*args: str):
        return CliRunner().invoke(main, ["check", *map(str, args)], catch_exceptions=False)

    return _run


def test_the_bundled_example_has_no_errors(run):
    result = run(SEED_RULES, "--measures", *SEED_MEASURES)
    assert result.exit_code == ExitCode.OK, result.output
    assert result.stdout == "Inga fel.\n"


def test_one_broken_file_exactly(run, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "regler.yaml").write_text(
        rule_file("- id: a\n  namn: A\n  mål: Öka\n  riktnig: högre är bättre\n- id: b\n  namn: B\n  mål: 3 %\n"),
        encoding="utf-8")
    result = CliRunner().invoke(main, ["check", "regler.yaml"], catch_exceptions=False)
    assert result.exit_code == ExitCode.INPUT_ERROR
    assert result.stdout == (
        "regler.yaml:13:17: okänd-nyckel: Okänd nyckel 'riktnig' i indikatorn.\n"
        "  13 |                 riktnig: högre är bättre\n"
        "     |                 ^\n"
        "    Menade du 'riktning'? Tillåtna nycklar här: id, namn, enhet, riktning, mål, delvis, utveckling, "
        "värdeområde, delmål, decimaler, kolada, vikt, delårsmål, skillnad, bedöms på.\n"
        "regler.yaml:16:17: riktning-saknas: Gränsvärdet '3 %' kräver en riktning.\n"
        "  16 |                 mål: 3 %\n"
        "     |                 ^\n"
        "    Lägg till 'riktning: högre är bättre' eller 'riktning: lägre är bättre', eller skriv målet som "
        "'minst …' eller 'högst …'.\n"
        "2 fel i 1 fil.\n")


def test_json_is_a_list_of_located_problems(run, write):
    path = write("regler.yaml", rule_file("- id: a\n  namn: A\n  mål: Ökaa\n"))
    result = run(path, "--format", "json")
    assert result.exit_code == ExitCode.INPUT_ERROR
    data = json.loads(result.stdout)
    assert isinstance(data, list) and len(data) == 1
    assert list(data[0]) == ["file", "line", "col", "code", "severity", "message", "hint", "details"]
    assert data[0]["hint"] == "Menade du 'Öka'?" and data[0]["details"].startswith("Godkända former:")
    assert (data[0]["file"], data[0]["line"], data[0]["col"], data[0]["code"], data[0]["severity"]) == \
        (str(path), 12, 17, "okänt-mål", "fel")
    assert run(path, "--format", "json").stdout == result.stdout  # deterministic


def test_json_of_a_clean_file_is_an_empty_list(run):
    result = run(SEED_RULES, "--format", "json")
    assert (result.exit_code, json.loads(result.stdout)) == (0, [])


FAR_PARTIAL = "- id: s\n  namn: S\n  enhet: \"%\"\n  riktning: lägre är bättre\n  mål: 3 %\n  delvis: 80 %\n"


def test_warnings_are_shown_with_their_code_and_fail_only_with_strict(run, write):
    path = write("regler.yaml", rule_file(FAR_PARTIAL))
    plain = run(path)
    assert plain.exit_code == ExitCode.OK
    assert f"{path}:15:17: delvis-långt-från-målet (varning): Gränsen för delvis uppfyllt" in plain.stdout
    assert plain.stdout.endswith("Inga fel, men 1 varning i 1 fil.\n")
    strict = run(path, "--strict")
    assert strict.exit_code == ExitCode.STRICT_WARNINGS == 5
    english = run(path, "--strict", "--lang", "en")
    assert english.exit_code == 5 and english.stdout.endswith("No errors, but 1 warning in 1 file.\n")
    assert "delvis-långt-från-målet (warning): The limit '" in english.stdout  # the code stays, the message is English


def test_errors_win_over_strict(run, write):
    path = write("regler.yaml", rule_file(FAR_PARTIAL + "- id: t\n  namn: T\n  mål: Ökaa\n"))
    result = run(path, "--strict")
    assert result.exit_code == ExitCode.INPUT_ERROR
    assert result.stdout.endswith("1 fel och 1 varning i 1 fil.\n")


def test_measures_are_checked_against_the_rule_file(run, write):
    rules = write("regler.yaml", rule_file("- id: a\n  namn: A\n  enhet: \"%\"\n  riktning: högre är bättre\n"
                                           "  mål: 3 %\n  värdeområde: 0–100\n"))
    earlier = write("2017.yaml", "period: 2017\nvärden:\n  a: 2 %\n")
    later = write("2018.yaml", "period: 2018\nvärden:\n  a: 250 %\n  b: 3 %\n")
    result = run(rules, "--measures", earlier, later)
    assert result.exit_code == ExitCode.INPUT_ERROR, result.output
    assert f"{later}:3: utanför-värdeområde: " in result.stdout
    assert f"{later}:4: okänd-indikator (varning): Mätvärdet för 'b'" in result.stdout
    assert result.stdout.endswith("1 fel och 1 varning i 1 fil.\n")
    assert run(rules, "--measures", earlier).exit_code == ExitCode.OK
    assert run(rules, "--measures", earlier, "--measures", later).exit_code == ExitCode.INPUT_ERROR  # repeated too


def test_all_files_are_checked_and_an_id_shared_by_two_rule_files_names_both(run, write):
    first = write("a.yaml", rule_file("- id: a\n  namn: A\n  mål: Öka\n"))
    second = write("b.yaml", rule_file("- id: b\n  namn: B\n  mål: Öka\n- id: a\n  namn: A igen\n  mål: Öka\n"))
    broken = write("c.yaml", rule_file("- id: c\n  namn: C\n  mål: Ökaa\n"))
    result = run(first, second, broken, "--format", "json")
    assert result.exit_code == ExitCode.INPUT_ERROR
    found = [(d["file"], d["line"], d["col"], d["code"]) for d in json.loads(result.stdout)]
    assert found == [(str(second), 13, 17, "dubbelt-id"), (str(broken), 12, 17, "okänt-mål")]
    assert f"finns redan i {first}:10" in json.loads(result.stdout)[0]["message"]
    assert run(first, second, broken).stdout.endswith("2 fel i 2 filer.\n")


@pytest.mark.parametrize("args", [[], ["--measures"], [SEED_RULES, "--measures"], [SEED_RULES, "--format", "xml"],
                                  [SEED_RULES, "--period", "T5 2019"]])
def test_usage_mistakes_exit_2(run, args):
    result = run(*args)
    assert result.exit_code == ExitCode.USAGE, result.output
    assert "Traceback" not in result.output


def test_usage_in_english(run):
    result = run("--lang", "en")
    assert result.exit_code == 2 and "check [OPTIONS] RULES..." in result.stderr
    assert "Give at least one rule file" in result.stderr


def test_a_caret_sits_under_the_column_also_after_a_tab(write):
    path = write("regler.yaml", "malmotor: 1\nstyrkort: Test\nperspektiv:\n  - namn: x\n    id:\tx: y\n")
    diagnostics = check([path])
    assert diagnostics and diagnostics[0].column is not None
    lines = render_text(diagnostics[:1]).splitlines()
    source, caret = lines[1], lines[2]
    assert "\\x09" in source  # the tab is shown, not sent to the terminal
    prefix = "\t".join(text for text in path.read_text(encoding="utf-8").splitlines()[diagnostics[0].line - 1]
                       .split("\t"))[:diagnostics[0].column - 1]
    assert caret.index("^") == source.index("| ") + 2 + len(prefix.replace("\t", "\\x09"))


def test_summary_words():
    assert summary([]) == "Inga fel." and summary([], "en") == "No errors."


def test_evaluate_strict_exits_5_and_keeps_its_message(run, write, tmp_path):
    rules = write("regler.yaml", rule_file(FAR_PARTIAL))
    values = write("2018.yaml", "period: 2018\nvärden:\n  s: 2 %\n")
    result = CliRunner().invoke(main, ["evaluate", str(rules), str(values), "--strict"], catch_exceptions=False)
    assert result.exit_code == ExitCode.STRICT_WARNINGS
    assert "Varningarna räknas som fel med --strict; inget resultat är skrivet." in result.stderr


# --- a dozen broken files: every message located, coded, in words a controller knows -------------

PYTHON_WORDS = re.compile(r"\b(dict|list|NoneType|None|ValidationError|Traceback|Exception|str|int|KeyError)\b")
INDICATOR = "- id: a\n  namn: A\n  mål: Öka\n"
BROKEN_RULES = {
    "okänd-nyckel": rule_file(INDICATOR + "  riktnig: högre är bättre\n"),
    "okänt-mål": rule_file(INDICATOR.replace("Öka", "Ökaa")),
    "yaml-syntax": "malmotor: 1\nstyrkort: Test\nperspektiv:\n\t- namn: x\n",  # a tab
    "tom-fil": "",
    "fel-form": "- malmotor: 1\n- styrkort: Test\n",  # a list, not a section
    "dubbel-nyckel": "malmotor: 1\nstyrkort: x\nstyrkort: y\n",
    "dubbelt-id": rule_file(INDICATOR + INDICATOR),
    "riktning-saknas": rule_file("- id: a\n  namn: A\n  mål: 3 %\n"),
    "fel-formatversion": rule_file(INDICATOR).replace("malmotor: 1", "malmotor: 7"),
    "nyckel-saknas": rule_file("- id: a\n  mål: Öka\n"),
    "fel-decimaler": rule_file(INDICATOR + "  decimaler: många\n"),
}


@pytest.mark.parametrize("code", sorted(BROKEN_RULES))
def test_broken_rule_files_are_reported_in_plain_words(run, write, code):
    path = write("regler.yaml", BROKEN_RULES[code])
    _assert_plain(run(path, "--format", "json"), code, path)
    assert "Traceback" not in run(path).output


BROKEN_MEASURES = {
    "fel-enhet": "period: 2018\nvärden:\n  a: 12 kr\n",
    "inget-tal": "period: 2018\nvärden:\n  a: tolv\n",
    "fel-form": "- 2018\n- a: 3\n",
}


@pytest.mark.parametrize("code", sorted(BROKEN_MEASURES))
def test_broken_measures_are_reported_in_plain_words(run, write, code):
    rules = write("regler.yaml", rule_file(INDICATOR))
    path = write("matvarden.yaml", BROKEN_MEASURES[code])
    _assert_plain(run(rules, "--measures", path, "--format", "json"), code, path)


def _assert_plain(result, code, path) -> None:
    assert result.exit_code == ExitCode.INPUT_ERROR, result.output
    assert "Traceback" not in result.output
    found = json.loads(result.stdout)
    ours = [d for d in found if d["code"] == code and d["file"] == str(path)]
    assert ours and all(d["line"] for d in ours), found
    for diagnostic in found:
        text = f"{diagnostic['message']} {diagnostic['hint'] or ''}"
        assert not PYTHON_WORDS.search(text), text
        assert diagnostic["code"]


def test_check_lists_every_warning_of_a_kind_not_the_first_five(tmp_path):
    """`evaluate` shows the first five warnings of a kind and counts the rest; `check` is where a misspelled unit
    among many alike names is looked for, so it lists them all."""
    import malmotor

    rules = ROOT / "rules" / "lansteknik-2018.yaml"
    scorecard = malmotor.load_scorecard(rules)
    indicator = next(iter(scorecard.indicators()))
    rows = [f"{indicator};2018;Enhet {n:02d};5" for n in range(12)] + [f"{indicator};2018;Enhet {n:02d}x;5"
                                                                        for n in range(12)]
    measures = tmp_path / "m.csv"
    measures.write_text("indikator;period;enhet;värde\n" + "\n".join(rows) + "\n", encoding="utf-8")
    diagnostics = check([rules], [measures])
    alike = [d for d in diagnostics if d.code == "liknande-enheter"]
    assert len(alike) > 5 and not any("visas inte" in d.message for d in diagnostics)
