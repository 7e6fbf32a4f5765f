"""Benchmark of start-up: how long the seed example (`malmotor evaluate`, no arguments) takes, whole process.

Run from the repository root, with the interpreter of the virtualenv where malmotor is installed:

    .venv/bin/python benchmarks/startup.py                      # ten runs of each, about 30 s on a quiet machine
    .venv/bin/python benchmarks/startup.py --runs 20 --top 15

Three commands are run `--runs` times each, after one run to warm up: `python -c pass` (the interpreter alone),
`python -c "import malmotor.cli"` (the command line's imports) and the `malmotor` console script next to the
interpreter with `evaluate` (the seed, its table written to /dev/null). For each: the best and the median wall
time (`time.perf_counter` around `subprocess.run`) and CPU time (user + system of the child, from
`resource.getrusage(RUSAGE_CHILDREN)`), which varies less than wall time on a busy machine. Then the seed is run
`--importtime-runs` times with `python -X importtime` and the `--top` modules with the largest own import time
(best of those runs, with the module's cumulative time beside it) are listed: imports made while the command
runs (lazily, in a function) are in it too.

With `--instructions`, `import malmotor.cli` and the seed are also run once each under valgrind's callgrind
(`PYTHONHASHSEED=0`), which counts the instructions the process ran (its forked engine worker apart): the
same code gives the same count however busy the machine is, so a change of a few per cent that wall and CPU
time hide in their noise shows. It takes about a minute, and needs valgrind.

The children run with Python's bytecode cache, as an installed malmotor does, in a temporary folder of this
run (`PYTHONPYCACHEPREFIX`, `PYTHONDONTWRITEBYTECODE` unset): nothing is written into the checkout, and the
warm-up run fills the cache. Nothing is asserted about timings; the figures are printed, with the aim of
0.2 s wall time for the seed. See docs/performance.md, "Start-up".
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

AIM_SECONDS = 0.2
IMPORTTIME_LINE = re.compile(r"import time:\s+(\d+) \|\s+(\d+) \| (\s*)(\S+)")
VALGRIND_LINE = re.compile(r"==(\d+)== (.*)")


def child_environment(cache: str) -> dict[str, str]:
    environment = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
    environment["PYTHONPYCACHEPREFIX"] = cache
    return environment


def timed_run(command: list[str], environment: dict[str, str]) -> tuple[float, float]:
    """Wall and CPU seconds (user + system) of one child process, which must succeed."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=environment, check=False)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        sys.exit(f"{' '.join(command)} ended with {done.returncode}:\n{done.stderr.decode(errors='replace')}")
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def measure(command: list[str], runs: int, environment: dict[str, str]) -> dict[str, list[float]]:
    timed_run(command, environment)  # warm-up: fills the bytecode cache
    walls, cpus = zip(*(timed_run(command, environment) for _ in range(runs)))
    return {"wall": list(walls), "cpu": list(cpus)}


def import_costs(command: list[str], runs: int, environment: dict[str, str]) -> dict[str, tuple[int, int]]:
    """Module -> (own, cumulative) import time in microseconds, the best of `runs` runs of each."""
    best: dict[str, tuple[int, int]] = {}
    for _ in range(runs):
        done = subprocess.run([command[0], "-X", "importtime", *command[1:]], stdout=subprocess.DEVNULL,
                              stderr=subprocess.PIPE, env=environment, check=True, text=True)
        for match in IMPORTTIME_LINE.finditer(done.stderr):
            own, cumulative, module = int(match[1]), int(match[2]), match[4]
            if module not in best or own < best[module][0]:
                best[module] = (own, cumulative)
    return best


def instructions(command: list[str], environment: dict[str, str]) -> int:
    """Instructions the process ran, counted by callgrind: the first process's count, not its worker's."""
    with tempfile.TemporaryDirectory(prefix="malmotor-callgrind-") as folder:
        done = subprocess.run([shutil.which("valgrind"), "--tool=callgrind", f"--callgrind-out-file={folder}/out.%p",
                               *command], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, check=True,
                              env={**environment, "PYTHONHASHSEED": "0"})
    lines = [match.groups() for match in VALGRIND_LINE.finditer(done.stderr)]
    return next(int(text.split(":")[1].replace(",", "")) for pid, text in lines
                if pid == lines[0][0] and text.startswith("Collected"))


def figures_line(name: str, figures: dict[str, list[float]]) -> str:
    wall, cpu = figures["wall"], figures["cpu"]
    return (f"{name:<34} {min(wall):>8.3f} {statistics.median(wall):>8.3f} {min(cpu):>8.3f} "
            f"{statistics.median(cpu):>8.3f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=10, help="timed runs of each command (default: 10)")
    parser.add_argument("--importtime-runs", type=int, default=5,
                        help="runs of the seed with -X importtime, best per module (default: 5)")
    parser.add_argument("--top", type=int, default=10, help="modules listed by own import time (default: 10)")
    parser.add_argument("--instructions", action="store_true",
                        help="also count the instructions of `import malmotor.cli` and of the seed (valgrind)")
    args = parser.parse_args()
    if args.instructions and shutil.which("valgrind") is None:
        parser.error("--instructions needs valgrind (apt-get install valgrind)")

    script = str(Path(sys.executable).parent / "malmotor")
    commands = {
        "python -c pass": [sys.executable, "-c", "pass"],
        'python -c "import malmotor.cli"': [sys.executable, "-c", "import malmotor.cli"],
        "malmotor evaluate (the seed)": [sys.executable, script, "evaluate"],
    }
    print(f"malmotor start-up: Python {platform.python_version()} on {platform.platform()}, "
          f"{os.cpu_count()} CPUs; load average at start: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print(f"{args.runs} runs of each after one to warm up, bytecode cached; seconds\n")
    with tempfile.TemporaryDirectory(prefix="malmotor-startup-") as cache:
        environment = child_environment(cache)
        results = {name: measure(command, args.runs, environment) for name, command in commands.items()}
        costs = import_costs(commands["malmotor evaluate (the seed)"], args.importtime_runs, environment)
        counts = {name: instructions(command, environment) for name, command in list(commands.items())[1:]} \
            if args.instructions else {}

    print(f"{'':<34} {'wall':>8} {'wall':>8} {'CPU':>8} {'CPU':>8}")
    print(f"{'command':<34} {'best':>8} {'median':>8} {'best':>8} {'median':>8}")
    for name, figures in results.items():
        print(figures_line(name, figures))
    seed, bare = results["malmotor evaluate (the seed)"], results["python -c pass"]
    imported = results['python -c "import malmotor.cli"']
    print(f"\nseed - python alone, best wall: {min(seed['wall']) - min(bare['wall']):.3f} s; "
          f"import malmotor.cli - python alone: {min(imported['wall']) - min(bare['wall']):.3f} s")
    print(f"seed, all wall times: {', '.join(f'{t:.3f}' for t in seed['wall'])}")
    print(f"seed under {AIM_SECONDS} s wall time (best): {'yes' if min(seed['wall']) < AIM_SECONDS else 'no'}")

    print(f"\nlargest own import times in the seed run (python -X importtime, best of {args.importtime_runs}), ms:")
    print(f"{'own':>8} {'cumulative':>11}  module")
    for module, (own, cumulative) in sorted(costs.items(), key=lambda item: -item[1][0])[:args.top]:
        print(f"{own / 1000:>8.1f} {cumulative / 1000:>11.1f}  {module}")
    total = sum(own for own, _ in costs.values())
    malmotor_own = sum(own for module, (own, _) in costs.items() if module.split(".")[0] == "malmotor")
    print(f"all imports: {total / 1000:.1f} ms in {len(costs)} modules, of which malmotor's own modules "
          f"{malmotor_own / 1000:.1f} ms")
    if counts:
        print("\ninstructions (valgrind --tool=callgrind, PYTHONHASHSEED=0, the worker apart), millions:")
        for name, count in counts.items():
            print(f"{count / 1e6:>10.1f}  {name}")
    print(f"load average at end: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
