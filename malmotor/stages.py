"""Where an evaluation's time goes: seconds per stage, summed in this process, each stage's own time only.

The stages are those of the per-stage table in benchmarks/many_units_bench.py: `load` (values read into the
model), `interpret` (values read as observations, the inputs of every key), `facts` (durable's facts),
`engine` (the rule engine's worker, waited for), `verdicts` (the rest of deciding: verdicts, gaps, the
roll-up), `present` (explanations and result rows), `write` (the output text). A stage entered inside
another pauses the outer one, so the figures add up to the time measured around them. Each stage has its
wall time and this process's CPU time (a busy machine stretches the first, not the second; the engine's
own process is not in the second). A chunk of many units (scale/chunk.py) takes its figures with it
(`totals` before and after); one evaluation simply leaves them here.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager

STAGES = ("load", "interpret", "facts", "engine", "verdicts", "present", "write")

Figures = dict[str, tuple[float, float]]  # stage → (seconds, CPU seconds)

_totals: dict[str, list[float]] = {}
_running: list[list] = []  # [stage, started, CPU started] of each stage entered and not left, innermost last


def _add(name: str, wall: float, cpu: float) -> None:
    total = _totals.setdefault(name, [0.0, 0.0])
    total[0] += wall
    total[1] += cpu


@contextmanager
def stage(name: str) -> Iterator[None]:
    now, cpu = time.perf_counter(), time.process_time()
    if _running:
        outer = _running[-1]
        _add(outer[0], now - outer[1], cpu - outer[2])
    entry = [name, now, cpu]
    _running.append(entry)
    try:
        yield
    finally:
        now, cpu = time.perf_counter(), time.process_time()
        _running.pop()
        _add(name, now - entry[1], cpu - entry[2])
        if _running:
            _running[-1][1:] = [now, cpu]


def totals() -> Figures:
    """The figures so far, in `STAGES` order."""
    return {name: (_totals[name][0], _totals[name][1]) for name in STAGES if name in _totals}


def since(before: Figures) -> Figures:
    """The figures added since `before` (what `totals()` said then)."""
    now = totals()
    return {name: (wall - before.get(name, (0.0, 0.0))[0], cpu - before.get(name, (0.0, 0.0))[1])
            for name, (wall, cpu) in now.items() if wall > before.get(name, (0.0, 0.0))[0]}


def taken() -> Figures:
    """The figures since the last call; the totals start again from zero."""
    figures = totals()
    _totals.clear()
    return figures
