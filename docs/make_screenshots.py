"""Make docs/images/seed-1280.png and docs/images/seed-360.png: the bundled example's HTML report
(`malmotor evaluate --format html`) as headless Chromium shows it, 1280 and 360 px wide.

    .venv/bin/python docs/make_screenshots.py            # needs Debian's chromium: apt-get install -y chromium

The images show the top of the page (title, summaries, legend, the first perspectives); the whole page
is in test-artifacts/ after the browser tests. Same inputs, same browser: same images.
"""

from __future__ import annotations

import os
from pathlib import Path
import shutil
import subprocess
import sys
import tempfile

import malmotor
from malmotor.report.history import histories
from malmotor.report.render import render

HERE = Path(__file__).resolve().parent
IMAGES = HERE / "images"
SHOTS = {1280: 2000, 360: 2200}  # width → height of the visible part, px


def seed_page() -> str:
    scorecard = malmotor.load_scorecard(malmotor.example_rules_path())
    measures = malmotor.load_measures(malmotor.example_measures_paths())
    decisions = malmotor.load_assessments(malmotor.example_assessments_paths(), scorecard)
    result = malmotor.evaluate(scorecard, measures, lang="sv", assessments=decisions)
    return render(result, "html", history=histories(scorecard, measures, result))


def chromium() -> str:
    found = os.environ.get("MALMOTOR_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
    if not Path(found).is_file():
        sys.exit("make_screenshots: chromium is needed: apt-get install -y chromium")
    return found


def main() -> None:
    IMAGES.mkdir(exist_ok=True)
    browser = chromium()
    with tempfile.TemporaryDirectory() as work:
        page = Path(work) / "seed.html"
        page.write_text(seed_page(), encoding="utf-8")
        for width, height in SHOTS.items():
            target = IMAGES / f"seed-{width}.png"
            subprocess.run([browser, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                            "--no-first-run", f"--user-data-dir={Path(work) / 'profile'}",
                            f"--window-size={width},{height}", f"--screenshot={target}", page.as_uri()],
                           check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=120)
            print(f"{target.relative_to(HERE.parent)}: {width}×{height} px")


if __name__ == "__main__":
    main()
