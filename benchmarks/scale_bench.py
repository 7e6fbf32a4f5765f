"""Benchmark of many units (docs/scaling.md): throughput, peak memory of the whole process tree, speed-up
from 1 to N workers, and the cost of one chunk.

    .venv/bin/python benchmarks/scale_bench.py                          # 10 000 and 100 000 keys, 1 and 2 workers
    .venv/bin/python benchmarks/scale_bench.py --keys 100000 1000000 --workers 2

For each size the case of `many_units.py` (20 KPIs × 3 genders per unit, two years of CSV) is written to a
temporary folder, and `malmotor evaluate … --format csv --output FILE --workers N` runs as a command, timed
from start to exit. Every 50 ms the memory of the command and all its descendants (the pool's workers and
their engine processes) is summed from /proc: RSS (pages shared after fork counted in every process, an
upper bound) and PSS (shared pages divided among their sharers). The peak of each sum is reported. Then the
same case, in this process, through `evaluate_units(..., workers=1)`: the seconds of every chunk in the
worker, from which a cluster's time is estimated.
"""

from __future__ import annotations

import argparse
import os
import platform
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import many_units  # noqa: E402  (beside this file)

MALMOTOR = Path(sys.executable).with_name("malmotor")


def _tree(pid: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            try:
                with open(f"/proc/{entry.name}/stat", encoding="ascii", errors="replace") as stream:
                    parent = int(stream.read().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(parent, []).append(int(entry.name))
    found, todo = [pid], [pid]
    while todo:
        more = children.get(todo.pop(), [])
        found += more
        todo += more
    return found


def _kib(pid: int, path: str, field: str) -> int:
    try:
        with open(f"/proc/{pid}/{path}", encoding="ascii") as stream:
            for line in stream:
                if line.startswith(field):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


class TreeMemory(threading.Thread):
    """The peak of the summed RSS and PSS of a process and its descendants, sampled every 50 ms."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid, self.rss, self.pss, self.processes, self.done = pid, 0, 0, 0, False

    def run(self) -> None:
        while not self.done:
            pids = _tree(self.pid)
            self.rss = max(self.rss, sum(_kib(pid, "status", "VmRSS:") for pid in pids))
            self.pss = max(self.pss, sum(_kib(pid, "smaps_rollup", "Pss:") for pid in pids))
            self.processes = max(self.processes, len(pids))
            time.sleep(0.05)


def run_command(paths: list[Path], workers: int, output: Path, chunk_size: int | None) -> dict:
    command = [str(MALMOTOR), "evaluate", *map(str, paths), "--format", "csv", "--output", str(output),
               "--workers", str(workers)] + (["--chunk-size", str(chunk_size)] if chunk_size else [])
    return {**timed(command), "bytes": output.stat().st_size}


def timed(command: list[str], env: dict[str, str] | None = None) -> dict:
    """The command run from start to exit: its wall time, the CPU of its whole process tree, and the tree's peak
    memory (`TreeMemory`). A failure ends the benchmark with the command's last words."""
    before, started = os.times(), time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    memory = TreeMemory(process.pid)
    memory.start()
    _, err = process.communicate()
    wall = time.perf_counter() - started
    memory.done = True
    memory.join()
    after = os.times()
    if process.returncode != 0:
        raise SystemExit(f"malmotor failed ({process.returncode}):\n{err.decode()[-2000:]}")
    cpu = after.children_user - before.children_user + after.children_system - before.children_system
    return {"wall": wall, "cpu": cpu, "rss": memory.rss, "pss": memory.pss, "processes": memory.processes}


def parent_costs(paths: list[Path]) -> tuple[float, float, int]:
    """The parent's own work before any chunk can go, in seconds: reading the files once (every row checked,
    counted by unit and spooled by unit), and dividing the units into chunks; and the number of chunks."""
    import malmotor
    from malmotor.scale.files import MeasuresFiles
    from malmotor.scale.plan import plan_chunks
    from malmotor.scale.run import judged_period

    files = MeasuresFiles(malmotor.load_scorecard(paths[0]), [str(path) for path in paths[1:]])
    try:
        started = time.perf_counter()
        files.scan()
        scanned = time.perf_counter()
        chunks = plan_chunks(files.directory, judged_period(None, files.periods))
        files.spool(chunks)
        return scanned - started, time.perf_counter() - scanned, len(chunks)
    finally:
        files.close()


def chunk_costs(paths: list[Path], chunk_size: int | None) -> tuple[list[tuple[int, float, float]], float]:
    """(keys, seconds, CPU seconds) of every chunk of an in-process run, and the seconds to read the files."""
    import malmotor
    from malmotor.scale.plan import DEFAULT_CHUNK_KEYS

    started = time.perf_counter()
    scorecard = malmotor.load_scorecard(paths[0])
    measures = malmotor.load_checked_measures(scorecard, paths[1:])
    loaded = time.perf_counter() - started
    results = malmotor.evaluate_units(scorecard, measures, workers=1, chunk_size=chunk_size or DEFAULT_CHUNK_KEYS)
    for _ in results:
        pass
    return [(each.keys, each.seconds, each.cpu_seconds) for each in results.chunks], loaded


SPIN = "import time\nt = time.perf_counter()\nx = 0\nfor i in range(20_000_000): x += i\nprint(time.perf_counter() - t)"


def parallel_capacity() -> float:
    """How many times one process's work two processes do at once here, now: a 2-vCPU virtual machine may
    give two processes anything from one core's time to two cores'. Pure Python, no I/O."""
    def spin(count: int) -> float:
        started = time.perf_counter()
        processes = [subprocess.Popen([sys.executable, "-c", SPIN], stdout=subprocess.DEVNULL) for _ in range(count)]
        for process in processes:
            process.wait()
        return time.perf_counter() - started
    alone = min(spin(1) for _ in range(2))
    together = min(spin(2) for _ in range(2))
    return 2 * alone / together


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--keys", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--chunk-size", type=int, default=None)
    parser.add_argument("--chunk-cost-keys", type=int, default=10_000, help="size of the in-process chunk timing")
    parser.add_argument("--cluster", type=int, default=16, help="workers of the estimated cluster")
    args = parser.parse_args()
    print(f"malmotor many units: Python {platform.python_version()} on {platform.platform()}, "
          f"{os.cpu_count()} CPUs (usable: {len(os.sched_getaffinity(0))}); load average at start: "
          f"{' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print(f"parallel capacity of two processes (2 = two whole cores): {parallel_capacity():.2f}")
    with tempfile.TemporaryDirectory(prefix="malmotor-bench-") as folder:
        for keys in args.keys:
            rules, measures = many_units.write_case(Path(folder) / str(keys), keys)
            units = many_units.units_for(keys)
            print(f"\n{keys:,} keys asked: {units:,} units, {units * many_units.KEYS_PER_UNIT:,} keys, measures "
                  f"{sum(path.stat().st_size for path in measures) / 1e6:.1f} MB".replace(",", " "))
            first = None
            for workers in args.workers:
                figures = run_command([rules, *measures], workers, Path(folder) / f"{keys}-{workers}.csv",
                                      args.chunk_size)
                first = first or figures
                print(f"  --workers {workers}: {figures['wall']:7.1f} s wall, "
                      f"{units * many_units.KEYS_PER_UNIT / figures['wall']:8,.0f} keys/s, CPU {figures['cpu']:.1f} s, "
                      f"speed-up {first['wall'] / figures['wall']:.2f}x; peak of the process tree "
                      f"({figures['processes']} processes): RSS {figures['rss'] / 1024:,.0f} MiB, "
                      f"PSS {figures['pss'] / 1024:,.0f} MiB; output {figures['bytes'] / 1e6:.1f} MB"
                      .replace(",", " "))
            same = len({(Path(folder) / f"{keys}-{workers}.csv").read_bytes() for workers in args.workers}) == 1
            print(f"  outputs byte-identical across --workers {args.workers}: {'yes' if same else 'NO'}")
            for workers in args.workers:
                (Path(folder) / f"{keys}-{workers}.csv").unlink()
            scan, spool, chunks = parent_costs([rules, *measures])
            print(f"  the parent alone, before the first chunk: reading the files {scan:.1f} s, dividing the "
                  f"units into {chunks} chunk{'s' if chunks != 1 else ''} {spool:.1f} s")
        keys = args.chunk_cost_keys
        rules, measures = many_units.write_case(Path(folder) / f"cost-{keys}", keys)
        costs, loaded = chunk_costs([rules, *measures], args.chunk_size)
        total_keys, cpu = sum(k for k, _, _ in costs), sum(c for _, _, c in costs)
        print(f"\nper chunk, in this process ({total_keys:,} keys, {len(costs)} chunks; reading the files "
              f"{loaded:.1f} s):".replace(",", " "))
        print("  " + ", ".join(f"{k} keys {s:.2f} s ({c:.2f} s CPU)" for k, s, c in costs[:6])
              + (" …" if len(costs) > 6 else ""))
        per_key = cpu / total_keys
        print(f"  {per_key * 1e6:.0f} µs of CPU a key in a chunk: {1 / per_key:,.0f} keys/s a worker; "
              f"{args.cluster} workers: about {args.cluster / per_key:,.0f} keys/s while the chunks run"
              .replace(",", " "))
    print(f"\nparallel capacity of two processes at the end: {parallel_capacity():.2f}; load average: "
          f"{' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
