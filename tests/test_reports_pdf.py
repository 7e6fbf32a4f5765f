"""The PDF one-liner in docs/reports.md, run as written: Chromium prints the seed's HTML page on A4 pages that
hold every indicator's name (pdfinfo and pdftotext read it back). Fails, never skips, without Chromium."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import malmotor

from .conftest import ROOT

DOC = ROOT / "docs" / "reports.md"
SEED_PAGES = 12


def _one_liner() -> str:
    match = re.search(r"<!-- pdf-rad -->\n```sh\n(.+?)\n```", DOC.read_text(encoding="utf-8"))
    assert match, "docs/reports.md has no PDF one-liner"
    return match[1]


def test_the_documented_one_liner_prints_the_seed_on_a4_pages(tmp_path):
    for tool, package in (("chromium", "chromium"), ("pdfinfo", "poppler-utils"), ("pdftotext", "poppler-utils")):
        assert shutil.which(tool), f"{tool} is needed: apt-get install -y {package} (.ci/run installs it)"
    bin_dir = Path(os.environ.get("VIRTUAL_ENV", ROOT / ".venv")) / "bin"
    env = {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}"}
    subprocess.run(_one_liner(), shell=True, cwd=tmp_path, env=env, check=True, capture_output=True, timeout=120)
    pdf = tmp_path / "styrkort.pdf"
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert "(A4)" in info
    assert int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:"))) == SEED_PAGES
    # -raw: the order the page drew it in, which keeps a cell's lines together
    text = "".join(subprocess.run(["pdftotext", "-raw", str(pdf), "-"], capture_output=True, text=True,
                                  check=True).stdout.split()).replace("-", "")
    scorecard = malmotor.load_scorecard(malmotor.example_rules_path())
    for _, indicator in scorecard.rows():
        assert "".join(indicator.name.split()).replace("-", "") in text, indicator.id
