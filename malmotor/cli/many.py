"""`malmotor evaluate` over many units: chunks on every core (`--workers`) or a Dask cluster (`--executor`),
the output written unit by unit (`--format jsonl|csv|table|markdown`), never all results in memory.

A run takes this way when it is asked for (`--workers`, `--executor`, `--chunk-size`) or when the measures
files are large; a small run is evaluated in one piece, as always. The output is the same either way, byte
for byte (docs/scaling.md). JSON, HTML and a workbook are one document about all units: they are made in
one piece, and `--workers`/`--executor` with them is a usage error.
"""

from __future__ import annotations

import os
from contextlib import ExitStack, closing
from dataclasses import replace

import click

from ..diagnostics import Bilingual, Diagnostic, ExitCode, MalmotorError, english, os_error_text
from ..load.assessments import load_assessments
from ..model import Scorecard
from ..model.period import Period
from ..stages import stage, taken
from .bilingual import pick

STREAMED_FORMATS = ("jsonl", "csv", "table", "markdown")  # written unit by unit
LARGE_INPUT = 4 * 1024 * 1024  # bytes of measures files from which a run is divided into chunks unasked


def wanted(fmt: str, org_unit: str | None, measures: tuple[str, ...], workers: int | None, executor: str | None,
           chunk_size: int | None, lang: str = "sv") -> bool:
    """Whether this run goes chunk by chunk; a usage error for chunks asked for with a format of one piece."""
    asked = workers is not None or executor is not None or chunk_size is not None
    if asked and fmt not in STREAMED_FORMATS:
        raise click.UsageError(pick(
            f"--workers, --executor och --chunk-size delar upp en körning av många enheter, men --format {fmt} ger "
            "ett dokument i ett stycke. Använd --format jsonl, csv, table eller markdown, eller kör utan --workers, "
            "--executor och --chunk-size.",
            f"--workers, --executor and --chunk-size divide a run of many units, but --format {fmt} gives one "
            "document in one piece. Use --format jsonl, csv, table or markdown, or run without --workers, --executor "
            "and --chunk-size.", lang))
    if executor is not None and workers is not None:
        raise click.UsageError(pick(
            "--workers gäller den här datorns kärnor och ges inte med --executor: med --executor kör klustrets "
            "arbetare delkörningarna, så många åt gången som klustret har trådar. Ta bort en av dem.",
            "--workers is about this machine's cores and is not given with --executor: with --executor the "
            "cluster's workers run the chunks, as many at a time as the cluster has threads. Leave out one of them.",
            lang))
    if asked and org_unit is not None:
        raise click.UsageError(pick(
            "--workers, --executor och --chunk-size delar upp en körning av många enheter, men --enhet bedömer en "
            "enda enhet. Ta bort --enhet för att bedöma alla enheter, eller --workers, --executor och --chunk-size "
            "för att bedöma en.",
            "--workers, --executor and --chunk-size divide a run of many units, but --enhet evaluates a single unit. "
            "Leave out --enhet to evaluate every unit, or --workers, --executor and --chunk-size to evaluate one.",
            lang))
    if fmt not in STREAMED_FORMATS or org_unit is not None:
        return False
    return asked or _size(measures) >= LARGE_INPUT


def _size(paths: tuple[str, ...]) -> int:
    total = 0
    for path in paths:
        try:
            total += os.stat(path).st_size
        except OSError:
            pass  # the usual reader says what is wrong with it
    return total


def evaluate_many(scorecard: Scorecard, rules: str, measures: tuple[str, ...], period: Period | None, fmt: str,
                  lang: str, output: str | None, assessments: tuple[str, ...], strict: bool, workers: int | None,
                  executor: str | None, chunk_size: int | None, engine: str = "durable") -> bool:
    """The run, chunk by chunk, written as it goes; False, having done nothing, when a measures file is one
    the usual reader must read (to report a problem in it, exactly as without many units)."""
    from ..scale.cluster import dask_address, dask_executor  # not for a small run
    from ..scale.executors import LocalPool, default_workers
    from ..scale.files import MeasuresFiles, NotStreamable
    from ..scale.plan import DEFAULT_CHUNK_KEYS, plan_chunks
    from ..scale.run import Run, Warnings, execute, judged_period, sparse_period
    from ..scale.sink import AtomicFile, UnitWriter
    from .main import is_standard_stream, print_text, stopped_yet  # main imports this module first

    with ExitStack() as stack:
        cluster = pool = None
        if executor is not None:  # reached (or refused) before the files are read
            cluster = stack.enter_context(dask_executor(dask_address(executor)))
        elif (workers or default_workers()) > 1:  # forked now, while this process holds no values
            pool = stack.enter_context(LocalPool(workers or default_workers())).start()
        taken()  # the figures of the run start here (StageTimes)
        files = MeasuresFiles(scorecard, list(measures))
        stack.callback(files.close)
        try:
            with stage("load"):
                files.scan()
        except NotStreamable:
            return False
        judged = judged_period(period, files.periods)
        warnings = Warnings()  # the run's: the parent's own first, as `assess` puts it in one piece
        with stage("load"):
            warnings.add(filter(None, [sparse_period(period, files.directory, files.values_of)]))
        decisions = load_assessments(assessments, scorecard) if assessments else None
        chunks = plan_chunks(files.directory, judged, chunk_size or DEFAULT_CHUNK_KEYS)
        target = None
        if output and output != "-" and is_standard_stream(output) is None:
            target = AtomicFile(output, (rules, *measures, *assessments))  # refused now, not after the run
            stack.callback(target.discard)
        writer = UnitWriter((lambda text: target.write(text.encode("utf-8"))) if target else print_text,
                            csv=fmt == "csv", bom=fmt == "csv" and target is not None)
        stack.callback(writer.close)
        with stage("load"):
            files.spool(chunks)
        run = Run(scorecard=scorecard, run_periods=tuple(sorted(files.periods)), output=fmt,
                  lang=lang, engine=engine, assessments=decisions, units=frozenset(files.directory.names))

        def packed(chunk):
            with stage("load"):
                return files.packed(chunk)

        tasks = ((chunk, run.task(chunk, packed(chunk), first=chunk.index == 0, check_duplicates=True))
                 for chunk in chunks)
        if cluster is not None:
            outputs = execute(tasks, len(chunks), workers=cluster[1], executor=cluster[0], timeout=run.timeout)
        else:
            outputs = execute(tasks, len(chunks), workers=1, pool=pool, timeout=run.timeout)
        stack.enter_context(closing(outputs))  # a stop or an error here stops the workers at once, not at exit
        times = StageTimes(len(chunks))
        _write(outputs, writer, warnings, strict, fmt, times)
        stopped_yet()  # a stop request that arrived while the workers were being stopped
        if target is not None:
            with stage("write"):
                target.commit()
        times.save(lang)
    if found := warnings.all():
        click.echo(MalmotorError(list(found)).render(lang), err=True)
    return True


def _write(outputs, writer, warnings, strict: bool, fmt: str, times: StageTimes) -> None:
    """Each chunk's units as they come; `--strict` stops at the first chunk with a warning (or at the first
    chunk, when the parent has one of its own: `scale.run.sparse_period`)."""
    joined_by = "\n" if fmt in ("table", "markdown") else ""  # as `render` joins the units' sections
    for output in outputs:
        times.add(output)
        if (warnings.add(output.warnings) or output.index == 0) and strict and (found := warnings.all()):
            raise _strict(found)
        with stage("write"):
            writer.header(output.header)
            for unit in output.units:
                writer.unit(unit.parts, joined_by)
    with stage("write"):
        writer.finish()


STAGE_TIMES = "MALMOTOR_STAGE_TIMES"  # a file to write the run's seconds per stage to (docs/performance.md)


class StageTimes:
    """The run's seconds per stage (malmotor/stages.py), the parent's and the workers' apart, for the
    per-stage table of benchmarks/many_units_bench.py: written as JSON to the file the environment variable
    `MALMOTOR_STAGE_TIMES` names, when it names one (a run in chunks; one in a piece writes none).
    `parent`, `workers`: seconds per stage; `parent_cpu`, `workers_cpu`: CPU seconds (of that process; not
    the engine's). A chunk run in this process (one worker) is a worker's, not the parent's."""

    def __init__(self, chunks: int) -> None:
        self.chunks, self.keys, self.workers, self.here = chunks, 0, {}, {}

    def add(self, output) -> None:
        self.keys += sum(unit.keys for unit in output.units)
        for name, (seconds, cpu) in output.stages.items():
            for figures in (self.workers, self.here) if output.pid == os.getpid() else (self.workers,):
                total = figures.setdefault(name, [0.0, 0.0])
                total[0] += seconds
                total[1] += cpu

    def save(self, lang: str) -> None:
        """Written after the output, which it does not touch: a file that cannot be written is a warning."""
        path = os.environ.get(STAGE_TIMES)
        if not path:
            return
        import json

        parent = {name: (seconds - self.here.get(name, (0.0, 0.0))[0], cpu - self.here.get(name, (0.0, 0.0))[1])
                  for name, (seconds, cpu) in taken().items()}
        parent = {name: figures for name, figures in parent.items() if figures[0] > 1e-9}
        text = json.dumps({"keys": self.keys, "chunks": self.chunks,
                           "parent": {name: seconds for name, (seconds, _) in parent.items()},
                           "parent_cpu": {name: cpu for name, (_, cpu) in parent.items()},
                           "workers": {name: seconds for name, (seconds, _) in self.workers.items()},
                           "workers_cpu": {name: cpu for name, (_, cpu) in self.workers.items()}}, indent=1)
        try:
            with open(path, "w", encoding="utf-8") as stream:
                stream.write(text)
        except OSError as exc:
            reason = os_error_text(exc)
            click.echo(pick(f"malmotor: varning: tiderna per steg kunde inte skrivas till {STAGE_TIMES}='{path}' "
                            f"({reason}). Resultatet är skrivet.",
                            f"malmotor: warning: the times per stage could not be written to {STAGE_TIMES}='{path}' "
                            f"({english(reason)}). The result has been written.", lang), err=True)


def _strict(warnings: tuple[Diagnostic, ...]) -> MalmotorError:
    """As `evaluate --strict` without many units: the warnings as errors, and why nothing was written."""
    return MalmotorError([replace(warning, severity="fel") for warning in warnings] + [Diagnostic(
        "--strict", None, Bilingual("Varningarna räknas som fel med --strict; inget resultat är skrivet.",
                                    "With --strict the warnings count as errors; no result has been written."),
        Bilingual("Rätta det som varningarna säger, eller kör utan --strict.",
                  "Correct what the warnings say, or run without --strict."), code="strikt")],
        exit_code=ExitCode.STRICT_WARNINGS)
