"""`evaluate_units`: one result per unit, from chunks of units evaluated on every core (or any executor).

    for result in malmotor.evaluate_units(scorecard, measures, period="2018"):
        write(result.org_units[0], result.indicators)

Each unit's result is the one `evaluate(scorecard, measures, period, org_unit=unit)` gives (its warnings
aside: they are the run's, on the iterator, `UnitResults.warnings`), and the units come in the order a
result of all units at once has them: values without a unit first, then the rule file's `enheter` in
their order, or the units by name. The default period is the latest of all the measures.
"""

from __future__ import annotations

import concurrent.futures
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from ..decide.assess import for_every_unit
from ..decide.isolation import DEFAULT_TIMEOUT
from ..diagnostics import Bilingual, Diagnostic, OptionError, error, suggestion
from ..load.kolada import KoladaMapping
from ..model import EvaluationResult, ManualAssessments, MeasuredValue, Measures, Scorecard
from ..model.period import Period
from ..stages import Figures
from .chunk import ChunkOutput
from .packing import Packed
from .plan import DEFAULT_CHUNK_KEYS, Chunk, UnitDirectory, plan_chunks, unit_key
from .run import Run, Warnings, check_arguments, execute, judged_period, sparse_period


@dataclass(frozen=True)
class ChunkTime:
    """A chunk back from its worker: its keys, and the seconds and CPU seconds it took there."""

    chunk: Chunk
    keys: int
    seconds: float
    cpu_seconds: float
    stages: Figures  # (seconds, CPU seconds) per stage in the worker (malmotor/stages.py)


class UnitResults(Iterator[EvaluationResult]):
    """The results, unit by unit, as their chunks come back; `warnings` (the run's, each once) and `chunks`
    (a `ChunkTime` per chunk back) grow as it goes and are whole at its end."""

    def __init__(self, outputs: Iterator[ChunkOutput], chunks: list[Chunk]) -> None:
        self._outputs = outputs
        self._waiting: list[EvaluationResult] = []
        self._warnings = Warnings()
        self.plan = chunks
        self.chunks: list[ChunkTime] = []

    @property
    def warnings(self) -> tuple[Diagnostic, ...]:
        return self._warnings.all()

    def __iter__(self) -> UnitResults:
        return self

    def __next__(self) -> EvaluationResult:
        while not self._waiting:
            output = next(self._outputs)  # StopIteration ends the results too
            self._warnings.add(output.warnings)
            self.chunks.append(ChunkTime(self.plan[output.index], sum(unit.keys for unit in output.units),
                                         output.seconds, output.cpu_seconds, output.stages))
            self._waiting = [unit.result for unit in reversed(output.units)]
        return self._waiting.pop()

    def close(self) -> None:
        """Stops the run (its workers too) before its end; `with evaluate_units(...) as results:` does it."""
        self._outputs.close()

    def __enter__(self) -> UnitResults:
        return self

    def __exit__(self, *_) -> None:
        self.close()


def evaluate_units(scorecard: Scorecard, measures: Measures,
                   period: Period | str | int | Sequence[Period | str | int] | None = None, *, lang: str = "sv",
                   units: Iterable[str] | None = None, workers: int | None = None,
                   executor: concurrent.futures.Executor | None = None, chunk_size: int = DEFAULT_CHUNK_KEYS,
                   engine: str = "durable", timeout: float = DEFAULT_TIMEOUT,
                   assessments: ManualAssessments | None = None) -> UnitResults:
    """Every unit's result for `period` (default: the latest in the measures), in the run's order of units;
    with a list of periods, every unit of the first period, then of the next (a run over ten years).

    `units`: only these (names as in the measures or the rule file, in any case). `chunk_size`: about how many
    keys a chunk has (a unit is never split). `workers`: processes of the local pool (default: every core;
    1 runs in this process); `executor`: any `concurrent.futures.Executor` instead, e.g. a Dask
    `distributed.Client(...).get_executor()`. A chunk's failure raises its error (`EngineError` for a worker
    that crashed or hung), when its results would have come.
    """
    check_arguments(lang, engine, "result")
    layout = _Layout(scorecard, measures)
    periods = period if isinstance(period, (list, tuple)) else [period]
    only = _chosen(layout.directory, units) if units is not None else None
    chunks: list[Chunk] = []
    for each in periods:
        chunks += plan_chunks(layout.directory, judged_period(each, layout.periods), chunk_size, only, len(chunks))
    run = Run(scorecard=scorecard, run_periods=tuple(layout.periods), output="result", lang=lang, engine=engine,
              timeout=timeout, assessments=assessments, units=frozenset(layout.directory.names))
    tasks = ((chunk, run.task(chunk, layout.packed(chunk), first=chunk.index == 0)) for chunk in chunks)
    results = UnitResults(execute(tasks, len(chunks), workers=workers, executor=executor, timeout=timeout), chunks)
    if None in periods:  # the latest period judged by default: the run's own warning first, as `assess` has it
        results._warnings.add(filter(None, [sparse_period(None, layout.directory, layout.values_of)]))
    return results


class _Layout:
    """The values by unit, by reference (nothing is copied until a chunk is packed), and the run's periods."""

    def __init__(self, scorecard: Scorecard, measures: Measures) -> None:
        self.directory = UnitDirectory(scorecard)
        self.measures = measures
        self.shared: list[MeasuredValue] = []  # comparison values for every unit (riket): in every chunk
        self.unplaced: list[MeasuredValue] = []  # values Kolada's ids cannot place: the first chunk reports them
        self.by_unit: dict[str | None, list[MeasuredValue]] = {}
        mapping = KoladaMapping(scorecard)
        periods = set()
        for value in measures.values:
            named = mapping.apply(value) if value.kolada is not None else value
            if named is None:
                self.unplaced.append(value)
            elif for_every_unit(scorecard, named) or (named.comparison is not None and named.org_unit is None):
                self.shared.append(value)
            else:
                measured = named.comparison is None
                key = self.directory.add(named.org_unit, value.period.text if measured else None)
                self.by_unit.setdefault(key, []).append(value)
                if measured:
                    periods.add(value.period)
        self.periods = sorted(periods)

    def values_of(self, units: list[str | None]) -> tuple[list[MeasuredValue], list[str]]:
        """The values of `units`, and the files in the measures' order (`run.sparse_period`)."""
        files = list(dict.fromkeys(value.file for value in self.measures.values))
        return [value for unit in units for value in self.by_unit.get(unit, ())], files

    def packed(self, chunk: Chunk) -> Packed:
        packed = Packed()
        for value in self.shared + (self.unplaced if chunk.index == 0 else []):
            packed.add_value(value)
        for key in chunk.units:
            for value in self.by_unit.get(key, ()):
                packed.add_value(value)
        return packed


def _chosen(directory: UnitDirectory, units: Iterable[str]) -> set[str | None]:
    chosen = set()
    for unit in units:
        if (key := unit_key(unit)) not in directory.names:
            known = [name for name in directory.names.values() if name is not None]
            raise OptionError([error("units", None, Bilingual(f"Enheten '{unit}' finns inte i mätvärdena.",
                                                              f"The unit '{unit}' is not in the measured values."),
                                     suggestion(unit, known) + Bilingual(f"Enheterna är: {', '.join(known)}.",
                                                                         f"The units are: {', '.join(known)}."),
                                     code="okänd-enhet")])
        chosen.add(key)
    return chosen
