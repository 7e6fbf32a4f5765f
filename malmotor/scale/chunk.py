"""What a worker does with one chunk of units: the whole chain, and one finished output per unit.

The chunk's values are read (`packing.unpack`), assessed together (`decide.assess`: one durable worker
per step for all the chunk's keys, not one per unit), and each unit's verdicts presented on their own, so
that every unit's result is the one `evaluate(..., org_unit=unit)` gives. What goes back is small: for the
command line the unit's text in the output format, made here, in parallel; for the library the result.
"""

from __future__ import annotations

import multiprocessing
import os
import time
import traceback
from contextlib import contextmanager
from dataclasses import dataclass, field

from ..decide.assess import assess
from ..decide.isolation import DEFAULT_TIMEOUT
from ..diagnostics import Bilingual, Diagnostic, EngineError, MalmotorError, MeasuresError
from ..explain.present import present
from ..gcpause import collector_paused
from ..load.values import Interpretation, periods_used
from ..model import Assessment, EvaluationResult, ManualAssessments, Measures, Scorecard
from ..model.period import Period
from ..stages import Figures, since, stage, totals
from .executors import chunk_ended, chunk_started
from .packing import Packed, unpack
from .plan import unit_key

OUTPUTS = ("result", "csv", "jsonl", "table", "markdown")  # what a worker makes of each unit's result

NOT_YOUR_FAULT = Bilingual("Det är ett fel i malmotor, inte i dina filer. Rapportera det med filerna bifogade.",
                           "This is a bug in malmotor, not a mistake in your files. Please report it with the files "
                           "attached.")


class MeasuresPart(Measures):
    """The values of some units of a run: its periods are the run's, so that a chunk whose units have no
    value for the judged period is judged as in the whole run ("saknar värde"), not refused."""

    run_periods: tuple[Period, ...]

    def periods(self) -> list[Period]:
        return list(self.run_periods)


@dataclass
class ChunkTask:
    """Everything a worker needs for one chunk, and nothing else: the scorecard, the chunk's values."""

    index: int
    scorecard: Scorecard
    period: Period
    run_periods: tuple[Period, ...]
    units: tuple[str | None, ...]  # unit keys (plan.unit_key) whose results the chunk gives, in order
    values: Packed
    output: str = "result"
    lang: str = "sv"
    engine: str = "durable"
    timeout: float = DEFAULT_TIMEOUT
    assessments: ManualAssessments | None = None
    check_duplicates: bool = False  # values straight from files: a value given twice is the chunk's to find


@dataclass
class UnitOutput:
    unit: str | None  # as the results name it
    keys: int  # rows of the unit (its keys)
    result: EvaluationResult | None = None  # output "result"
    parts: tuple[str, ...] = ()  # the text: one part, or the CSV's four sections (report/render.csv_sections)


@dataclass
class ChunkOutput:
    index: int
    units: list[UnitOutput] = field(default_factory=list)
    header: str = ""  # the CSV's header row, the JSON Lines' run line: the same in every chunk
    warnings: list[Diagnostic] = field(default_factory=list)
    seconds: float = 0.0  # the chunk's time in the worker, for docs/scaling.md's per-chunk cost
    cpu_seconds: float = 0.0  # the CPU time it took, the engine's processes included
    stages: Figures = field(default_factory=dict)  # its (seconds, CPU seconds) per stage (malmotor/stages.py)
    pid: int = 0  # the process it ran in


def run_chunk(task: ChunkTask) -> ChunkOutput:
    """The chunk's results; a MalmotorError as it is, anything else as an EngineError: never a traceback
    to the user (it goes in the hint, for the report of the bug)."""
    started, cpu = time.perf_counter(), _cpu()
    before = totals()  # what this process did before the chunk is not the chunk's
    chunk_started(task.index)
    try:
        with _children_allowed(), collector_paused():  # every object the chunk makes lives until its end
            output = _results(task)
    except MalmotorError:
        raise
    except Exception as exc:  # a bug in malmotor, in a worker: said as one, with where it happened
        raise EngineError(Bilingual(f"Delkörning {task.index + 1} avbröts av ett internt fel ({type(exc).__name__}).",
                                    f"Chunk {task.index + 1} stopped on an internal error ({type(exc).__name__})."),
                          NOT_YOUR_FAULT + "\n" + traceback.format_exc().rstrip()) from None
    finally:
        chunk_ended()
    output.seconds, output.cpu_seconds = time.perf_counter() - started, _cpu() - cpu
    output.stages, output.pid = since(before), os.getpid()
    return output


def _cpu() -> float:
    """This process's CPU time and that of its children it has waited for (the engine's processes)."""
    times = os.times()
    return times.user + times.system + times.children_user + times.children_system


def _results(task: ChunkTask) -> ChunkOutput:
    with stage("load"):
        values, problems = unpack(task.values, task.check_duplicates)
    if problems:  # as load_checked_measures reports them: with the problems of interpreting the values
        interpretation = Interpretation(task.scorecard, Measures(values=tuple(values)))
        problems += interpretation.diagnostics_for(periods_used(task.scorecard, task.period), task.period)[0]
        raise MeasuresError(sorted(problems, key=lambda d: (d.file, d.line or 0, d.column or 0)))
    measures = MeasuresPart(values=tuple(values), run_periods=task.run_periods)
    assessment = assess(task.scorecard, measures, task.period, engine=task.engine, timeout=task.timeout,
                        assessments=task.assessments)
    output = ChunkOutput(index=task.index, warnings=list(assessment.warnings))
    wanted = set(task.units)
    for unit, part in split_by_unit(assessment):
        if unit_key(unit) not in wanted:  # a chunk of units without values of known indicators judges none
            continue
        with stage("present"):
            result = present(part, task.lang)
        with stage("write"):
            output.units.append(_finished(task.output, result, output))
    return output


def split_by_unit(assessment: Assessment) -> list[tuple[str | None, Assessment]]:
    """One assessment per unit, in the assessment's order, without warnings (those are the run's)."""
    verdicts: dict[str | None, list] = {}
    nodes: dict[str | None, list] = {}
    for verdict in assessment.verdicts:
        verdicts.setdefault(verdict.key.org_unit, []).append(verdict)
    for node in assessment.node_verdicts:
        nodes.setdefault(node.org_unit, []).append(node)
    return [(unit, assessment.model_copy(update={"verdicts": tuple(rows), "node_verdicts": tuple(nodes.get(unit, ())),
                                                 "warnings": ()}))
            for unit, rows in verdicts.items()]


def _finished(kind: str, result: EvaluationResult, output: ChunkOutput) -> UnitOutput:
    unit = UnitOutput(unit=result.org_units[0], keys=len(result.indicators))
    if kind == "result":
        unit.result = result
    elif kind == "csv":
        from ..report.render import csv_header, csv_sections
        output.header = output.header or csv_header(result)
        unit.parts = csv_sections(result)
    elif kind == "jsonl":
        from ..report.jsonl import jsonl_header, jsonl_rows
        output.header = output.header or jsonl_header(result)
        unit.parts = (jsonl_rows(result),)
    else:
        from ..report.render import render
        unit.parts = (render(result, kind),)
    return unit


@contextmanager
def _children_allowed():
    """The engine runs in a process of its own (decide/isolation.py). A Dask worker is a daemonic process,
    which multiprocessing forbids to start one; the engine's process ends with its caller anyway
    (PR_SET_PDEATHSIG), so the flag is lifted while the chunk runs and put back after."""
    process = multiprocessing.current_process()
    daemonic = process.daemon
    if daemonic:
        process._config["daemon"] = False  # the flag's only setter refuses once the process has started
    try:
        yield
    finally:
        if daemonic:
            process._config["daemon"] = True
