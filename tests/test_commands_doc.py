"""docs/commands.md: every ```console example of `malmotor explain` and `malmotor diff` is run from the
project's root and must print exactly what the document shows (`ny.yaml` is the seed with one target
edited, as the document says)."""

from __future__ import annotations

import re
import shlex

import pytest
from click.testing import CliRunner

from malmotor.cli.main import main

from .conftest import ROOT

DOC = ROOT / "docs" / "commands.md"
COMMANDS = ("explain", "diff")
_CONSOLE = re.compile(r"^```console\n\$ (?P<command>[^\n]*)\n(?P<output>.*?)^```[ \t]*$", re.DOTALL | re.MULTILINE)


def _examples() -> list[tuple[str, str]]:
    found = [(match["command"], match["output"]) for match in _CONSOLE.finditer(DOC.read_text(encoding="utf-8"))]
    return [(command, output) for command, output in found
            if shlex.split(command)[:2] in (["malmotor", name] for name in COMMANDS)]


def test_the_document_has_examples_of_both_commands():
    names = {shlex.split(command)[1] for command, _ in _examples()}
    assert names == set(COMMANDS)


@pytest.mark.parametrize("command, output", _examples(), ids=lambda value: value[:60] if "$" not in value else "")
def test_example_prints_what_the_document_shows(tmp_path, monkeypatch, command, output):
    for name in ("rules", "measures", "assessments"):
        (tmp_path / name).symlink_to(ROOT / name)
    seed = (ROOT / "rules" / "lansteknik-2018.yaml").read_text(encoding="utf-8")
    (tmp_path / "ny.yaml").write_text(seed.replace("                mål: 80 %\n", "                mål: 60 %\n"),
                                      encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, shlex.split(command)[1:], catch_exceptions=False)
    assert result.output == output
