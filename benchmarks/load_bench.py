"""Benchmark of loading: a rule file of 10 000 indicators, a CSV of 200 000 values and a Kolada answer of 174 000.

Run from the repository root:

    .venv/bin/python benchmarks/load_bench.py                   # best of 3, about a minute
    .venv/bin/python benchmarks/load_bench.py --runs 5 --only rules

What is timed, each with `malmotor`'s public functions on files generated into a temporary folder:

* `rules`: `load_scorecard` on the rule file of `yaml_load.py` (the bundled example's 22 indicators over and
  over, so its targets repeat as a real scorecard's do), and on the same file with a number of its own in every
  numeric target, dead band and gap limit, so that nothing repeats that a cache could keep;
* `csv`: `load_checked_measures` on a CSV with a value for each of 1 000 of those indicators, 50 units (`enhet`)
  and 4 years, written as the example's values are (`3,8 %`, `10 400`, `1,9 mnkr`, `genomförd`, `saknas`), the
  numbers drawn at random with a fixed seed; `read_measures` alone beside it;
* `kolada`: `load_checked_measures` on a Kolada answer (one line of JSON, as the API gives it) for 100 KPIs,
  290 municipalities and 2 years with a value for T, K and M, for a rule file whose indicators name the KPIs.

Each timing is the best of `--runs`, wall time and the CPU time of this process beside it (on a busy machine the
wall time grows with what else runs), every run with malmotor's caches emptied first, as in a new process.
Nothing is asserted about timings; every file must load without errors.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
import tempfile
import time
from pathlib import Path

from malmotor import load_checked_measures, load_scorecard
from malmotor.load.measuresfile import read_measures

sys.path.insert(0, str(Path(__file__).resolve().parent))
from yaml_load import rule_file_text  # noqa: E402  (the rule file generator of the YAML benchmark)

UNITS, YEARS = 50, (2015, 2016, 2017, 2018)
KPIS, MUNICIPALITIES, KOLADA_YEARS = 100, 290, (2018, 2019)


def varied_rule_file_text(count: int) -> str:
    """`rule_file_text(count)` with a number of each indicator's own in every numeric target (`mål: 3 %`), dead
    band (`oförändrat inom: 0,1`) and gap limit (`högst 1 procentenhet`)."""
    numbers = iter(range(1, 10 * count))

    def own(match: re.Match) -> str:
        number = next(numbers)
        return f"{match[1]}{number % 90 + 1},{number % 97:02d}{match[2]}"

    text = re.sub(r"(mål: )\d+( %)", own, rule_file_text(count))
    text = re.sub(r"(oförändrat inom: )[0-9,]+()", lambda m: f"{m[1]}0,{next(numbers) % 9 + 1}{next(numbers) % 10}",
                  text)
    return re.sub(r"(skillnad mellan kvinnor och män: högst )[0-9,]+( procentenhet| *$)",
                  lambda m: f"{m[1]}{next(numbers) % 3},{next(numbers) % 10}{m[2] or ''}", text, flags=re.MULTILINE)


# What each of the example's indicators is measured in, as `rule_file_text` repeats them (the id before `-00001`):
# a number in a range with so many decimals and a unit, or the words it may be.
_NUMBERS = {"driftavbrott": (0, 40, 0, ""), "kundnojdhet": (1, 6, 2, ""),
            "utbildning-avvikelsehantering": (50, 100, 0, " %"),
            "internkommunikation": (30, 100, 0, " %"), "utredningsarenden": (40, 100, 0, " %"),
            "benchmarking-slit": (80, 120, 0, ""), "jamix": (100, 160, 0, " p"), "heltid": (60, 100, 0, " %"),
            "extra-tid": (5000, 15000, 0, ""), "personalomsattning": (2, 20, 0, " %"),
            "halsoframjande-arbetsplatser": (0, 40, 0, " %"), "sjukfranvaro": (1, 9, 1, " %"),
            "ekonomi-i-balans": (90, 110, 0, " %"), "konsultberoende": (0, 5, 1, " mnkr")}
_STATUSES = ("ej påbörjad", "påbörjad", "delvis genomförd", "genomförd")
_WORDS = {"it-sakerhetsincidenter": ("ja", "nej")}
_PARTS = {"office365": ("förstudie", "aktiviteter")}


def _written(rng: random.Random, low: float, high: float, decimals: int, unit: str) -> str:
    """A number the Swedish way, with a space between thousands (`10 400`) and a decimal comma."""
    number = f"{rng.uniform(low, high):,.{decimals}f}".replace(",", " ").replace(".", ",")
    return number + unit if rng.random() > 0.02 else "saknas"


def measures_csv_text(indicator_ids: list[str]) -> str:
    rng = random.Random(2018)
    lines = ["indikator;period;enhet;del;värde"]
    for ident in indicator_ids:
        base = ident.rsplit("-", 1)[0]
        for unit in range(1, UNITS + 1):
            for year in YEARS:
                place = f"{ident};{year};Enhet {unit:02d}"
                if base in _NUMBERS:
                    lines.append(f"{place};;{_written(rng, *_NUMBERS[base])}")
                elif base in _PARTS:
                    lines.extend(f"{place};{part};{rng.choice(_STATUSES)}" for part in _PARTS[base])
                else:
                    lines.append(f"{place};;{rng.choice(_WORDS.get(base, _STATUSES))}")
    return "\n".join(lines) + "\n"


def kolada_rule_file_text() -> str:
    indicators = "\n".join(f"""              - id: andel-{kpi:03d}
                namn: Andel {kpi}
                enhet: "%"
                mål: minst {50 + kpi % 40} %
                värdeområde: 0–100
                kolada: N{kpi:05d}""" for kpi in range(1, KPIS + 1))
    return f"""malmotor: 1
styrkort: Kolada-syntetiskt
grupper:
  kön:
perspektiv:
  - namn: Perspektiv
    strategiska mål:
      - namn: Strategiskt mål
        mål:
          - namn: Mål
            indikatorer:
{indicators}
"""


def kolada_json_text() -> str:
    rng = random.Random(1860)
    entries = [{"kpi": f"N{kpi:05d}", "municipality": f"{1000 + municipality:04d}", "period": year,
                "values": [{"count": 1, "gender": gender, "status": "",
                            "value": None if rng.random() < 0.02 else round(rng.uniform(0, 100), 1)}
                           for gender in ("T", "K", "M")]}
               for kpi in range(1, KPIS + 1) for municipality in range(MUNICIPALITIES) for year in KOLADA_YEARS]
    return json.dumps({"count": len(entries), "values": entries}, ensure_ascii=False, separators=(",", ":"))


def forget_what_was_read() -> None:
    """Empty every functools cache of malmotor's modules (the numbers, targets, periods and words read once per
    distinct text), so that each run reads its file as a new process would, not with what the last run left."""
    for name, module in list(sys.modules.items()):
        if name == "malmotor" or name.startswith("malmotor."):
            for value in list(vars(module).values()):
                if callable(getattr(value, "cache_clear", None)):
                    value.cache_clear()


def best_of(runs: int, function, *args):
    """((best wall seconds, best CPU seconds), last result) of `runs` calls, each as in a new process."""
    wall, cpu, result = float("inf"), float("inf"), None
    for _ in range(runs):
        result = None
        forget_what_was_read()
        start, start_cpu = time.perf_counter(), time.process_time()
        result = function(*args)
        wall, cpu = min(wall, time.perf_counter() - start), min(cpu, time.process_time() - start_cpu)
    return (wall, cpu), result


def show(name: str, figures: tuple[float, float], about: str) -> None:
    print(f"{name:34}{figures[0]:>8.2f}s ({figures[1]:.2f}s CPU)  {about}")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="runs of each timing, the best is shown (3)")
    parser.add_argument("--only", choices=("rules", "csv", "kolada"), action="append",
                        help="only these timings (may be given more than once)")
    args = parser.parse_args(argv)
    wanted = set(args.only or ("rules", "csv", "kolada"))
    print(f"best of {args.runs}: wall time (CPU time of this process)")
    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        if "rules" in wanted:
            for name, text in (("regler-10000.yaml", rule_file_text(10_000)),
                               ("regler-10000-olika.yaml", varied_rule_file_text(10_000))):
                path = folder / name
                path.write_text(text, encoding="utf-8")
                figures, scorecard = best_of(args.runs, load_scorecard, path)
                show(f"load_scorecard {name}", figures, f"{len(scorecard.indicators())} indicators, "
                     f"{len(text) / 1e6:.1f} MB")
        if "csv" in wanted:
            rules = folder / "regler-1000.yaml"
            rules.write_text(rule_file_text(1000), encoding="utf-8")
            scorecard = load_scorecard(rules)
            csv_path = folder / "matvarden.csv"
            csv_path.write_text(measures_csv_text(list(scorecard.indicators())), encoding="utf-8")
            figures, (measures, _) = best_of(args.runs, read_measures, csv_path)
            show("read_measures matvarden.csv", figures, f"{len(measures.values)} values, "
                 f"{csv_path.stat().st_size / 1e6:.1f} MB")
            figures, _ = best_of(args.runs, load_checked_measures, scorecard, csv_path)
            show("load_checked_measures matvarden.csv", figures, "for a rule file of 1000 indicators")
        if "kolada" in wanted:
            rules = folder / "regler-kolada.yaml"
            rules.write_text(kolada_rule_file_text(), encoding="utf-8")
            scorecard = load_scorecard(rules)
            kolada_path = folder / "kolada.json"
            kolada_path.write_text(kolada_json_text(), encoding="utf-8")
            figures, (measures, _) = best_of(args.runs, read_measures, kolada_path)
            show("read_measures kolada.json", figures, f"{len(measures.values)} values, "
                 f"{kolada_path.stat().st_size / 1e6:.1f} MB")
            figures, _ = best_of(args.runs, load_checked_measures, scorecard, kolada_path)
            show("load_checked_measures kolada.json", figures, f"for a rule file of {KPIS} indicators")


if __name__ == "__main__":
    main()
