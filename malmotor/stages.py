"""Where an evaluation's time goes: seconds per stage, summed in this process, each stage's own time only.

The stages are those of the per-stage table in benchmarks/many_units.py: `load` (values read into the
model), `interpret` (values read as observations, the inputs of every key), `facts` (durable's facts),
`engine` (the rule engine's worker, waited for), `verdicts` (the rest of deciding: verdicts, gaps, the
roll-up), `present` (explanations and result rows), `write` (the output text). A stage entered inside
another pauses the outer one, so the figures add up to the time measured around them. A chunk of many
units (scale/chunk.py) takes its figures with it (`taken()`); one evaluation simply leaves them here.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager

STAGES = ("load", "interpret", "facts", "engine", "verdicts", "present", "write")

_totals: dict[str, float] = {}
_running: list[list] = []  # [stage, started] of each stage entered and not left, innermost last


@contextmanager
def stage(name: str) -> Iterator[None]:
    now = time.perf_counter()
    if _running:
        outer = _running[-1]
        _totals[outer[0]] = _totals.get(outer[0], 0.0) + now - outer[1]
    entry = [name, now]
    _running.append(entry)
    try:
        yield
    finally:
        now = time.perf_counter()
        _running.pop()
        _totals[name] = _totals.get(name, 0.0) + now - entry[1]
        if _running:
            _running[-1][1] = now


def taken() -> dict[str, float]:
    """The seconds per stage since the last call, in `STAGES` order; the totals start again from zero."""
    figures = {name: _totals[name] for name in STAGES if name in _totals}
    _totals.clear()
    return figures
