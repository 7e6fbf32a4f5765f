"""Many units, stage by stage: keys per second end to end, where the time goes, peak memory, the engine alone
and the reference evaluator beside it, and how the cost grows with the keys (docs/performance.md).

    .venv/bin/python benchmarks/many_units_bench.py                          # 10⁴, 10⁵ and 10⁶ keys, 2 workers
    .venv/bin/python benchmarks/many_units_bench.py --keys 10000 100000 --workers 2

For each size the case of `many_units.py` (20 KPIs × total, kvinnor, män per unit, two years of CSV) is
written to a temporary folder and this command runs, timed from start to exit:

    malmotor evaluate regler.yaml matvarden-2017.csv matvarden-2018.csv --format csv --output FILE --workers N

* keys/s: the keys evaluated ÷ wall seconds of the command; CPU is user + system of the whole process tree.
* peak RSS and PSS of the process tree (the command, its pool's workers, their engine workers), sampled every
  50 ms by scale_bench.py's `TreeMemory`: RSS counts pages shared after fork in every process, PSS divides them.
* per stage: the command is run with `MALMOTOR_STAGE_TIMES=FILE`, and writes the seconds of each stage of
  malmotor/stages.py (load, interpret, facts, engine, verdicts, present, write) in the parent and summed over
  the chunks in the workers, as wall time and as the CPU time of the process (the steadier figure on a busy
  machine; the engine's own process is not in it, its wall time is). µs/key is both together ÷ keys; the
  share is of the sum of all stages' CPU. Wall seconds of workers running side by side both count, so their
  sum can exceed the command's wall time, and on a busy machine they include waiting for a CPU; start-up,
  the pool and pickling between processes are in no stage.
* reference: the same command with `--engine reference`; its CSV must be byte-identical to durable's, which
  means durable agrees with the reference evaluator on every key ("NO" makes the exit code 1).
* engine alone: the facts of the case of `--engine-keys` keys (the first units of every larger case: the
  generator draws unit after unit) built as malmotor builds them (`load_scorecard`, `load_checked_measures`,
  `gather_inputs`, `build_facts`), then `engine.fire(ruleset_definition(), facts)` timed in a forked child
  (bench.py's `engine_alone`, best of 3): facts/s. malmotor asserts only the distinct facts
  (`isolation.distinct_facts`; units alike in their values give the same fact), so the count of distinct
  facts and the engine alone on them are shown too: the reader sees why end to end can beat the engine alone.
* growth: µs per key (wall and CPU) at each size and its ratio to the size before; linear growth keeps it
  about constant, and the run says whether µs/key at the largest size is within 1.5× of the smallest.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import tempfile
import time
from pathlib import Path

from tabulate import tabulate

sys.path.insert(0, str(Path(__file__).resolve().parent))
import many_units  # noqa: E402  (beside this file)
from bench import engine_alone, grouped, in_child  # noqa: E402
from scale_bench import MALMOTOR, timed  # noqa: E402

from malmotor.cli.many import STAGE_TIMES  # noqa: E402
from malmotor.stages import STAGES  # noqa: E402

GROWTH_TOLERANCE = 1.5  # µs/key at the largest size ÷ at the smallest, at most, to call the growth linear
ENGINE_RUNS = 3


def run_command(paths: list[Path], output: Path, workers: int, engine: str) -> dict:
    """The command timed from start to exit, with the peak memory of its process tree and its stage times."""
    stage_file = output.with_suffix(".stages.json")
    command = [str(MALMOTOR), "evaluate", *map(str, paths), "--format", "csv", "--output", str(output),
               "--workers", str(workers), "--engine", engine]
    measured = timed(command, env={**os.environ, STAGE_TIMES: str(stage_file)})
    return {**measured, "stages": json.loads(stage_file.read_text(encoding="utf-8"))}


def engine_sample(rules: Path, measures: list[Path]) -> dict:
    """The case's facts as malmotor builds them, and `engine.fire` on all of them and on the distinct ones."""
    import malmotor
    from malmotor.decide.assess import build_facts
    from malmotor.decide.inputs import gather_inputs
    from malmotor.decide.isolation import distinct_facts
    from malmotor.decide.rulebook import ruleset_definition

    scorecard = malmotor.load_scorecard(rules)
    values = malmotor.load_checked_measures(scorecard, measures)
    inputs, _ = gather_inputs(scorecard, values, values.periods()[-1])
    facts = build_facts(scorecard, inputs)
    distinct, _ = distinct_facts(facts)
    definition = ruleset_definition()

    def best(chosen: list[dict]) -> float:
        return min(in_child(engine_alone, definition, chosen)[0] for _ in range(ENGINE_RUNS))
    return {"facts": len(facts), "distinct": len(distinct), "seconds": best(facts), "distinct_seconds": best(distinct)}


def stage_table(durable: dict, reference: dict) -> str:
    """Per stage: seconds (parent, workers), µs/key of wall and of CPU time, the share of all stages' CPU; the
    reference's CPU µs/key beside."""
    figures, keys = durable["stages"], durable["stages"]["keys"]

    def both(run: dict, what: str, name: str) -> float:
        return run["stages"][f"parent{what}"].get(name, 0.0) + run["stages"][f"workers{what}"].get(name, 0.0)

    rows = [[name, figures["parent"].get(name, 0.0), figures["workers"].get(name, 0.0), both(durable, "", name),
             both(durable, "_cpu", name), both(reference, "_cpu", name)] for name in STAGES]
    rows.append(["all stages", *(sum(row[column] for row in rows) for column in range(1, 6))])
    cpu_total = rows[-1][4]
    table = [[name, here, there, wall / keys * 1e6, cpu / keys * 1e6, f"{cpu / cpu_total:.0%}", theirs / keys * 1e6]
             for name, here, there, wall, cpu, theirs in rows]
    return tabulate(table, headers=["stage", "parent s", "workers s", "wall µs/key", "CPU µs/key", "CPU share",
                                    "reference CPU µs/key"],
                    floatfmt=("", ".2f", ".2f", ".1f", ".1f", "", ".1f"), colalign=("left",) + ("right",) * 6)


def growth(rows: list[tuple[int, dict]]) -> tuple[str, bool]:
    """µs per key (wall, CPU) at each size, the ratio to the size before, and whether the growth is linear."""
    table, before = [], None
    for keys, run in rows:
        wall, cpu = run["wall"] / keys * 1e6, run["cpu"] / keys * 1e6
        table.append([grouped(keys), wall, f"{wall / before[0]:.2f}×" if before else "", cpu,
                      f"{cpu / before[1]:.2f}×" if before else ""])
        before = (wall, cpu)
    first, last = rows[0][1], rows[-1][1]
    first_keys, last_keys = rows[0][0], rows[-1][0]
    linear = all(last[what] / last_keys <= GROWTH_TOLERANCE * first[what] / first_keys for what in ("wall", "cpu"))
    text = tabulate(table, headers=["keys", "wall µs/key", "× size before", "CPU µs/key", "× size before"],
                    floatfmt=("", ".1f", "", ".1f", ""), colalign=("right",) * 5)
    return text, linear


def load_average() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--keys", type=int, nargs="+", default=[10_000, 100_000, 1_000_000],
                        help="about how many keys, one run per size (default: 10000 100000 1000000)")
    parser.add_argument("--workers", type=int, default=2, help="--workers of the command (default: 2)")
    parser.add_argument("--engine-keys", type=int, default=10_000,
                        help="keys of the engine-alone sample, at most the largest size (default: 10000)")
    args = parser.parse_args(argv)
    print(f"malmotor many units, stage by stage: Python {platform.python_version()} on {platform.platform()}, "
          f"{os.cpu_count()} CPUs (usable: {len(os.sched_getaffinity(0))}); load average at start: {load_average()}; "
          f"started {time.strftime('%Y-%m-%d %H:%M')}; --workers {args.workers}")
    agreed, measured = True, []
    with tempfile.TemporaryDirectory(prefix="malmotor-many-") as folder:
        sample_keys = min(args.engine_keys, max(args.keys))
        rules, measures = many_units.write_case(Path(folder) / "engine", sample_keys)
        sample = engine_sample(rules, measures)
        engine_rate = sample["facts"] / sample["seconds"]
        print(f"\nengine alone (engine.fire in a forked child, best of {ENGINE_RUNS}), the case of "
              f"{grouped(sample_keys)} keys asked: {grouped(sample['facts'])} facts in {sample['seconds']:.3f} s = "
              f"{grouped(engine_rate)} facts/s;\n  of them distinct (what malmotor asserts): "
              f"{grouped(sample['distinct'])} ({sample['distinct'] / sample['facts']:.1%}), in "
              f"{sample['distinct_seconds']:.3f} s = "
              f"{grouped(sample['facts'] / sample['distinct_seconds'])} keys/s")
        for keys in args.keys:
            rules, measures = many_units.write_case(Path(folder) / str(keys), keys)
            paths = [rules, *measures]
            durable = run_command(paths, Path(folder) / f"{keys}-durable.csv", args.workers, "durable")
            reference = run_command(paths, Path(folder) / f"{keys}-reference.csv", args.workers, "reference")
            same = (Path(folder) / f"{keys}-durable.csv").read_bytes() == \
                (Path(folder) / f"{keys}-reference.csv").read_bytes()
            agreed &= same
            evaluated = durable["stages"]["keys"]
            measured.append((evaluated, durable))
            rate = evaluated / durable["wall"]
            chunks = durable["stages"]["chunks"]
            print(f"\n{grouped(keys)} keys asked: {grouped(many_units.units_for(keys))} units, {grouped(evaluated)} "
                  f"keys evaluated in {chunks} chunk{'s' if chunks != 1 else ''}; measures "
                  f"{sum(path.stat().st_size for path in measures) / 1e6:.1f} MB")
            for name, run in (("durable", durable), ("reference", reference)):
                print(f"  {name:<9} {run['wall']:7.2f} s wall, CPU {run['cpu']:7.2f} s, "
                      f"{grouped(evaluated / run['wall']):>7} keys/s; peak of the process tree "
                      f"({run['processes']} processes): RSS {grouped(run['rss'] / 1024)} MiB, "
                      f"PSS {grouped(run['pss'] / 1024)} MiB")
            print(f"  CSV byte-identical, durable = reference on every key: {'yes' if same else 'NO'}")
            print(f"  end to end ÷ engine alone: {rate / engine_rate:.2f} (durable keys/s ÷ engine facts/s); "
                  f"durable ÷ reference: {reference['wall'] / durable['wall']:.2f} (keys/s)\n")
            print(stage_table(durable, reference))
            inside = sum(durable["stages"]["parent"].values()) + sum(durable["stages"]["workers"].values())
            print(f"stages {inside:.1f} s inside the processes, the tree's CPU {durable['cpu']:.1f} s: on a busy "
                  f"machine a stage's seconds include waiting for a CPU (load average now {load_average()})")
            (Path(folder) / f"{keys}-durable.csv").unlink()
            (Path(folder) / f"{keys}-reference.csv").unlink()
    table, linear = growth(measured)
    print(f"\ngrowth (durable, end to end):\n{table}")
    if len(measured) > 1:
        print(f"linear (µs/key at {grouped(measured[-1][0])} keys within {GROWTH_TOLERANCE}× of that at "
              f"{grouped(measured[0][0])}, wall and CPU): {'yes' if linear else 'no'}")
    else:
        print("linear: one size only; give two or more with --keys to see how the cost grows")
    print(f"\nload average at end: {load_average()}")
    return 0 if agreed else 1


if __name__ == "__main__":
    sys.exit(main())
