"""Shared paths and helpers for the tests."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEED_RULES = ROOT / "rules" / "lansteknik-2018.yaml"
SEED_MEASURES = [ROOT / "measures" / "lansteknik-2017.yaml", ROOT / "measures" / "lansteknik-2018.yaml"]
SEED_TSV = Path(__file__).resolve().parent / "data" / "lansteknik-2018-scorecard.tsv"
GOLDEN = Path(__file__).resolve().parent / "golden"


def pytest_addoption(parser):
    parser.addoption("--update-golden", action="store_true", help="rewrite the golden files from the output")


@pytest.fixture
def update_golden(request) -> bool:
    return request.config.getoption("--update-golden")


@pytest.fixture
def write(tmp_path):
    """Write a dedented text file under tmp_path and return its path."""

    def _write(name: str, text: str) -> Path:
        path = tmp_path / name
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
        return path

    return _write


RULE_FILE_HEAD = """\
malmotor: 1
styrkort: Test
perspektiv:
  - namn: Medarbetare
    strategiska mål:
      - namn: Attraktiv arbetsgivare
        mål:
          - namn: God arbetsmiljö
            indikatorer:
"""


def rule_file(indicators: str) -> str:
    """A complete rule file around indicator entries written at 14 spaces' indent (`- id: …`)."""
    return RULE_FILE_HEAD + textwrap.indent(textwrap.dedent(indicators).strip("\n"), " " * 14) + "\n"


@pytest.fixture(autouse=True)
def english_beside_every_message(request, monkeypatch):
    """Every diagnostic that malmotor's code makes during a test carries its English (tests/english.py);
    the test fails when one does not. Diagnostics made by a test itself are left alone. On in every run;
    `MALMOTOR_REQUIRE_ENGLISH=0` turns it off (e.g. while a message is being written)."""
    import os
    import sys

    from malmotor import diagnostics as module

    from .english import problems

    if os.environ.get("MALMOTOR_REQUIRE_ENGLISH") == "0":
        yield
        return
    made: list[str] = []
    original = module.Diagnostic.__init__

    def recording_init(self, *args, **kwargs):
        original(self, *args, **kwargs)
        frame = sys._getframe(1)
        # `Problems.add` (malmotor/load/sections.py) only passes a message on: name the module that wrote it
        while frame and (frame.f_globals.get("__name__") == "malmotor.diagnostics" or (
                frame.f_globals.get("__name__") == "malmotor.load.sections" and frame.f_code.co_name == "add")):
            frame = frame.f_back
        caller = frame.f_globals.get("__name__", "") if frame else ""
        if caller.startswith("malmotor"):
            for problem in problems(self):
                made.append(f"{caller}:{frame.f_lineno}: {self.code}: {problem}")

    monkeypatch.setattr(module.Diagnostic, "__init__", recording_init)
    yield
    assert not made, "messages without English:\n" + "\n".join(dict.fromkeys(made))
