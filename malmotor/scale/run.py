"""One run of many units: what every chunk shares, the tasks, where they run, and the run's warnings.

The library (`units.py`, values in memory) and the command line (`files.py`, values read from the files
chunk by chunk) differ only in where a chunk's values come from; both end here.
"""

from __future__ import annotations

import concurrent.futures
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from ..decide.assess import period_to_judge
from ..decide.inputs import sparse_latest, sparse_period_warning, summarised
from ..decide.isolation import DEFAULT_TIMEOUT
from ..diagnostics import Diagnostic
from ..model import ManualAssessments, MeasuredValue, Scorecard
from ..model.period import Period
from .chunk import OUTPUTS, ChunkOutput, ChunkTask, MeasuresPart
from .driver import in_order, run_in_process
from .executors import LocalPool, default_workers
from .packing import Packed
from .plan import Chunk, UnitDirectory, unit_key

ENGINES = ("durable", "reference")


@dataclass(frozen=True)
class Run:
    scorecard: Scorecard
    run_periods: tuple[Period, ...]
    output: str = "result"
    lang: str = "sv"
    engine: str = "durable"
    timeout: float = DEFAULT_TIMEOUT
    assessments: ManualAssessments | None = None
    units: frozenset[str | None] = frozenset()  # every unit key of the run

    def task(self, chunk: Chunk, values: Packed, first: bool, check_duplicates: bool = False) -> ChunkTask:
        return ChunkTask(index=chunk.index, scorecard=self.scorecard, period=chunk.period, run_periods=self.run_periods,
                         units=chunk.units, values=values, output=self.output, lang=self.lang, engine=self.engine,
                         timeout=self.timeout, assessments=self._assessments_for(chunk, first),
                         check_duplicates=check_duplicates)

    def _assessments_for(self, chunk: Chunk, first: bool) -> ManualAssessments | None:
        """The decisions about the chunk's units; the first chunk also gets those about no unit of the run,
        so that their mistake (an unknown unit, a unit missing) is reported as in a run of all units."""
        if self.assessments is None:
            return None
        mine = set(chunk.units)
        items = tuple(item for item in self.assessments.items
                      if unit_key(item.org_unit) in mine or (first and unit_key(item.org_unit) not in self.units))
        return self.assessments.model_copy(update={"items": items})


def judged_period(period: Period | str | int | None, run_periods: Iterable[Period]) -> Period:
    """The period to judge, checked against the run's periods as `assess` checks it (same errors)."""
    return period_to_judge(MeasuresPart(values=(), run_periods=tuple(sorted(run_periods))), period, None)


def sparse_period(period: Period | str | int | None, directory: UnitDirectory,
                  values_of: Callable[[list[str | None]], tuple[list[MeasuredValue], list[str] | None]]
                  ) -> Diagnostic | None:
    """`glest-senaste-period` for a run in chunks when no period is given: the same warning as `assess` gives
    in one piece (`decide.inputs.sparse_latest`), from the parent's counts of every period's values. Only when
    it is given are values read: those of the few units with values for the period (`values_of`: their values
    and the run's files in order)."""
    if period is not None:
        return None
    counts = directory.measured()
    found = sparse_latest(counts)
    if found is None:
        return None
    latest, before = found
    values, files = values_of(directory.units_in(latest))
    return sparse_period_warning(latest, before, counts, values, files)


def check_arguments(lang: str, engine: str, output: str) -> None:
    if lang not in ("sv", "en"):
        raise ValueError(f"lang must be 'sv' or 'en', not {lang!r}")
    if engine not in ENGINES:
        raise ValueError(f"engine must be one of {ENGINES}, not {engine!r}")
    if output not in OUTPUTS:
        raise ValueError(f"output must be one of {OUTPUTS}, not {output!r}")


def execute(tasks: Iterable[tuple[Chunk, ChunkTask]], chunks: int, *, workers: int | None = None,
            executor: concurrent.futures.Executor | None = None, pool: LocalPool | None = None,
            timeout: float = DEFAULT_TIMEOUT, window: int | None = None) -> Iterator[ChunkOutput]:
    """The chunks' outputs in order: on `executor` or an open `pool` if given; in this process for one worker
    or one chunk; else on a pool of `workers` processes (default: every core this process may use)."""
    workers = pool.workers if pool is not None else workers or default_workers()
    if workers < 1:
        raise ValueError(f"workers must be at least 1, not {workers}")
    window = window or 2 * workers
    if executor is not None:
        yield from in_order(executor, tasks, window, timeout)
    elif pool is not None:
        yield from in_order(pool.executor, tasks, window, timeout, on_failure=pool.kill, died_in=pool.died_in)
    elif workers == 1 or chunks <= 1:
        yield from run_in_process(tasks)
    else:
        with LocalPool(min(workers, chunks)) as pool:
            yield from in_order(pool.executor, tasks, window, timeout, on_failure=pool.kill, died_in=pool.died_in)


class Warnings:
    """The run's warnings gathered chunk by chunk: each once, then a few of a kind and a count of the rest
    (`decide.inputs.summarised`), as a run of all units at once shows them."""

    def __init__(self) -> None:
        self._seen: dict[Diagnostic, None] = {}

    def add(self, warnings: Iterable[Diagnostic]) -> list[Diagnostic]:
        """Adds the chunk's warnings; returns those not seen before."""
        new = [warning for warning in warnings if warning not in self._seen]
        self._seen.update(dict.fromkeys(new))
        return new

    def all(self) -> tuple[Diagnostic, ...]:
        return tuple(summarised(list(self._seen)))
