"""The corpus of broken files (tests/corpus/, docs/diagnostics.md "Korpusen av trasiga filer").

Every `rules/NAME.yaml` and `measures/NAME.yaml|.csv` is a broken file beside `NAME.expected.yaml`: the
exit code and the diagnostics `malmotor check` gives, each `{line, col, code}` (`col` left out when
the diagnostic has none; `file` when it is in another file than the case). A rule file is checked and
evaluated with the valid measures in `valid/`, a measures file with `valid/regler.yaml` and the valid
values of 2017. Both commands must locate every error as `file:line`, exit as expected, and never
show a traceback or Python's words. The 50 MB files are made here, in tmp_path, never committed.
"""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from ruamel.yaml import YAML

from malmotor.cli.main import main
from malmotor.diagnostics import ExitCode

CORPUS = Path(__file__).resolve().parent / "corpus"
VALID_MEASURES = ["valid/matvarden-2017.yaml", "valid/matvarden-2018.yaml"]
PYTHON_WORDS = re.compile(r"Traceback|dict|NoneType|ValidationError|Exception")
FAST = {"aliasbomb"}  # refused within a second (the 50 MB files below too)


def _cases() -> list[str]:
    return sorted(str(path.relative_to(CORPUS)) for kind in ("rules", "measures")
                  for path in (CORPUS / kind).iterdir() if ".expected." not in path.name)


def _expected(case: str) -> dict:
    path = CORPUS / case
    return YAML(typ="safe").load((path.parent / (path.name.rsplit(".", 1)[0] + ".expected.yaml"))
                                 .read_text(encoding="utf-8"))


def _commands(case: str, rules: str | None = None, measures: str | None = None) -> tuple[list[str], list[str]]:
    """The `check` and `evaluate` command lines for a case (paths relative to the corpus)."""
    if case.startswith("rules/"):
        rules, values = rules or case, VALID_MEASURES
    else:
        rules, values = rules or "valid/regler.yaml", [VALID_MEASURES[0], measures or case]
    return (["check", rules, "--measures", *values, "--period", "2018"],
            ["evaluate", rules, *values, "--period", "2018"])


def _run(args: list[str]):
    started = time.perf_counter()
    result = CliRunner().invoke(main, args)
    elapsed = time.perf_counter() - started
    assert result.exception is None or isinstance(result.exception, SystemExit), \
        f"{args}: {result.exception!r}\n{result.output}"
    assert not PYTHON_WORDS.search(result.output), result.output
    return result, elapsed


def _located(file: str, item: dict) -> str:
    line = item.get("line")
    return file + (f":{line}" if line else "") + (f":{item['col']}" if line and item.get("col") else "")


def test_the_corpus_is_large_enough_and_every_case_has_its_expectation():
    cases = _cases()
    assert sum(case.startswith("rules/") for case in cases) >= 40
    assert sum(case.startswith("measures/") for case in cases) >= 15
    for case in cases:
        expected = _expected(case)
        assert set(expected) == {"exit", "diagnostics"}, case
        assert all(item.get("code") and "line" in item for item in expected["diagnostics"]), case
        data = (CORPUS / case).read_bytes()
        if data and case.endswith(".yaml") and not case.endswith(("utf-16-utan-bom.yaml", "utf-16-bara-ascii.yaml",
                                                                  "excel-som-regelfil.yaml")):
            assert data.startswith(b"# "), f"{case}: the first line says what is wrong"


@pytest.mark.parametrize("case", _cases())
def test_a_broken_file_is_located_and_coded_by_check_and_evaluate(case, monkeypatch):
    monkeypatch.chdir(CORPUS)
    expected = _expected(case)
    check_args, evaluate_args = _commands(case)

    checked, elapsed = _run(check_args)
    assert checked.exit_code == expected["exit"], checked.output
    shown = [line for line in checked.output.splitlines() if not line.startswith(" ")]
    for item in expected["diagnostics"]:
        file = item.get("file", case)
        label = item["code"] + (" (varning)" if item.get("severity") == "varning" else "")
        assert f"{_located(file, item)}: {label}: " in checked.output, checked.output
    located = [line for line in shown if re.match(r"^\S+?(:\d+)*: \S+( \(varning\))?: ", line)]
    assert len(located) == len(expected["diagnostics"]), checked.output  # no more problems than expected
    if case.rsplit("/", 1)[1].rsplit(".", 1)[0] in FAST:
        assert elapsed < 1, f"check took {elapsed:.2f} s"

    evaluated, elapsed = _run(evaluate_args)
    errors = [item for item in expected["diagnostics"] if item.get("severity") != "varning"]
    assert evaluated.exit_code == (ExitCode.INPUT_ERROR if errors else ExitCode.OK), evaluated.output
    for item in errors:  # evaluate shows no codes and no columns: `file:line: fel: …`
        line = f":{item['line']}" if item.get("line") else ""
        assert f"{item.get('file', case)}{line}: fel: " in evaluated.output, evaluated.output
    if case.rsplit("/", 1)[1].rsplit(".", 1)[0] in FAST:
        assert elapsed < 1, f"evaluate took {elapsed:.2f} s"


FIFTY_MB = 50 * 1024 * 1024


@pytest.mark.parametrize("kind, name, limit", [
    ("rules", "stor.yaml", "20 MB, som är gränsen för en regelfil"),
    ("measures", "stor.yaml", "10 MB, som är gränsen för en mätvärdesfil i YAML"),
    ("measures", "stor.csv", "50 MB, som är gränsen för en mätvärdesfil i CSV"),
])
def test_a_50_mb_file_is_refused_within_a_second(kind, name, limit, tmp_path, monkeypatch):
    """Written for real (not sparse) and made of valid lines, so that reading it would be slow."""
    path = tmp_path / name
    row = "sjukfranvaro;2018;3,8 %\n" if name.endswith(".csv") else "# en rad i en alldeles för stor fil\n"
    with path.open("w", encoding="utf-8") as file:
        file.write("indikator;period;värde\n" if name.endswith(".csv") else "period: 2018\n")
        file.write(row * (FIFTY_MB // len(row) + 1))
    assert path.stat().st_size > FIFTY_MB
    monkeypatch.chdir(CORPUS)
    case = f"{kind}/x"
    for args in _commands(case, **({"rules": str(path)} if kind == "rules" else {"measures": str(path)})):
        result, elapsed = _run(args)
        assert elapsed < 1, f"{args[0]} took {elapsed:.2f} s"
        assert result.exit_code == ExitCode.INPUT_ERROR, result.output
        assert f"{path}: " in result.output and limit in result.output, result.output
        if args[0] == "check":
            assert f"{path}: för-stor-fil: " in result.output
