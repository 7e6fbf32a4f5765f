"""Benchmark of reading a large rule file: `load_scorecard` with libyaml's fast path and with ruamel's slow one.

Run from the repository root:

    .venv/bin/python benchmarks/yaml_load.py                    # 10 000 indicators, best of 3
    .venv/bin/python benchmarks/yaml_load.py --indicators 2000 --runs 5

The rule file is generated as text: the bundled example's header (legend, status scale, groups) and its 22
indicators, each written as in the example, repeated under new ids (`driftavbrott-00001`, …) in perspectives,
strategic goals and goals until there are `--indicators` of them. It is written to a temporary folder and read
with `malmotor.load_scorecard`, best of `--runs` runs each way; the slow way is forced with
`yamlsource.FAST_YAML = False` (the fast path is used whenever libyaml is present and the text is plain data).
Both ways must give the same scorecard. Then the YAML step alone (`yamlsource.load_yaml`) is timed each way, so
that the rest of `load_scorecard` (checking and building the scorecard) shows. Nothing is asserted about timings.
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
import time
from pathlib import Path

from malmotor.load import fastyaml, yamlsource
from malmotor.load.rulefile import load_scorecard

SEED = Path(__file__).resolve().parent.parent / "rules" / "lansteknik-2018.yaml"
INDICATOR_INDENT = 14  # `              - id: …` in the example
PER_GOAL, GOALS, STRATEGIC_GOALS = 20, 25, 5  # indicators per goal, goals per strategic goal, per perspective


def seed_parts() -> tuple[str, list[tuple[str, str]]]:
    """The example's text before `perspektiv:`, and every indicator's own lines as (id, text)."""
    text = SEED.read_text(encoding="utf-8")
    header = text[: text.index("\nperspektiv:") + 1]
    indicators, current, ident = [], [], None
    for line in text.splitlines():
        indent = len(line) - len(line.lstrip(" "))
        if line.startswith(" " * INDICATOR_INDENT + "- id: "):
            if current:
                indicators.append((ident, "\n".join(current)))
            ident, current = line.split("- id: ", 1)[1].strip(), [line]
        elif current and line.strip() and indent > INDICATOR_INDENT:
            current.append(line)
        elif current and line.strip():
            indicators.append((ident, "\n".join(current)))
            current, ident = [], None
    if current:
        indicators.append((ident, "\n".join(current)))
    return header, indicators


def rule_file_text(count: int) -> str:
    """A rule file of `count` indicators, the example's indicators over and over under new ids."""
    header, indicators = seed_parts()
    lines = [header.rstrip("\n").replace("styrkort: Division Länsteknik 2018", f"styrkort: Syntetiskt {count}"),
             "", "perspektiv:"]
    made = 0
    while made < count:
        lines.append(f"  - namn: Perspektiv {made // (PER_GOAL * GOALS * STRATEGIC_GOALS) + 1}")
        lines.append("    strategiska mål:")
        for _ in range(STRATEGIC_GOALS):
            if made >= count:
                break
            lines.append(f"      - namn: Strategiskt mål {made // (PER_GOAL * GOALS) + 1}")
            lines.append("        mål:")
            for _ in range(GOALS):
                if made >= count:
                    break
                lines.append(f"          - namn: Mål {made // PER_GOAL + 1}")
                lines.append("            indikatorer:")
                for _ in range(min(PER_GOAL, count - made)):
                    ident, block = indicators[made % len(indicators)]
                    made += 1
                    lines.append(re.sub(r"- id: .*", f"- id: {ident}-{made:05d}", block, count=1))
    return "\n".join(lines) + "\n"


def best_of(runs: int, function, *args):
    """((best wall seconds, best CPU seconds of this process), last result) of `runs` calls. CPU time is shown
    beside wall time because on a busy machine the wall time grows with what else runs."""
    wall, cpu, result = float("inf"), float("inf"), None
    for _ in range(runs):
        result = None  # the last run's result is not kept alive while the next one is made
        start, start_cpu = time.perf_counter(), time.process_time()
        result = function(*args)
        wall, cpu = min(wall, time.perf_counter() - start), min(cpu, time.process_time() - start_cpu)
    return (wall, cpu), result


def timed_both_ways(runs: int, function, *args) -> dict[str, tuple[float, object]]:
    figures = {}
    for name, fast in (("fast (libyaml)", True), ("slow (ruamel)", False)):
        yamlsource.FAST_YAML = fast
        try:
            figures[name] = best_of(runs, function, *args)
        finally:
            yamlsource.FAST_YAML = True
    return figures


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--indicators", type=int, default=10_000, help="indicators in the rule file (10000)")
    parser.add_argument("--runs", type=int, default=3, help="runs of each timing, the best is shown (3)")
    args = parser.parse_args(argv)
    if not fastyaml.AVAILABLE:
        sys.exit("PyYAML with libyaml (yaml.CSafeLoader) is not installed: there is no fast path to time.")
    text = rule_file_text(args.indicators)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "syntetisk.yaml"
        path.write_text(text, encoding="utf-8")
        if fastyaml.load_plain_data(yamlsource.read_text(path)) is None:
            sys.exit("The fast path declined the generated file: nothing to compare.")
        scorecards = timed_both_ways(args.runs, load_scorecard, path)
        yamls = timed_both_ways(args.runs, yamlsource.load_yaml, path)
    ((fast_seconds, _), fast_card), ((slow_seconds, _), slow_card) = scorecards.values()
    if fast_card != slow_card:
        sys.exit("The fast and the slow path gave different scorecards.")
    print(f"rule file: {args.indicators} indicators, {len(text) / 1e6:.1f} MB, {text.count(chr(10))} lines; "
          f"best of {args.runs}, wall time (CPU time of this process)")
    print(f"{'':16}{'load_scorecard':>18}{'load_yaml':>18}{'the rest':>18}")
    for name in scorecards:
        whole, yaml_only = scorecards[name][0], yamls[name][0]
        rest = (whole[0] - yaml_only[0], whole[1] - yaml_only[1])
        print(f"{name:16}" + "".join(f"{wall:>9.2f}s ({cpu:.2f}s)" for wall, cpu in (whole, yaml_only, rest)))
    print(f"load_scorecard is {slow_seconds / fast_seconds:.1f} times as fast with libyaml (wall time).")


if __name__ == "__main__":
    main()
