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
