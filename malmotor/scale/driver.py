"""Chunks to an executor and back in the run's order, whatever order they finish in.

At most `window` chunks are out at a time, so neither the values sent nor the results waiting to be
written pile up: a run of a million keys holds a few chunks, not a million results. A chunk that fails
stops the run with a clear error for that chunk, never a traceback: a MalmotorError from the worker as
it is (a measured value that does not fit, the engine's own EngineError), and a worker that died or
did not answer within `timeout` as an EngineError naming the chunk's units.
"""

from __future__ import annotations

import concurrent.futures
from collections import deque
from collections.abc import Callable, Iterable, Iterator

from ..diagnostics import Bilingual, EngineError, MalmotorError
from .chunk import NOT_YOUR_FAULT, ChunkOutput, ChunkTask, run_chunk
from .plan import Chunk


def in_order(executor: concurrent.futures.Executor, tasks: Iterable[tuple[Chunk, ChunkTask]], window: int,
             timeout: float, on_failure: Callable[[], None] = lambda: None,
             died_in: Callable[[], int | None] = lambda: None) -> Iterator[ChunkOutput]:
    """Each task's output, in the order of `tasks`. `on_failure` runs when a chunk failed or the caller
    stopped early (Ctrl-C): the local pool kills its workers there, since a hung one never returns.
    `died_in`: the index of the chunk whose worker died, where the executor can tell (the local pool)."""
    pending: deque[tuple[Chunk, concurrent.futures.Future]] = deque()
    sent: dict[int, Chunk] = {}
    upcoming = iter(tasks)
    finished = False

    def fill() -> None:
        while len(pending) < window:
            item = next(upcoming, None)
            if item is None:
                return
            chunk, task = item
            sent[chunk.index] = chunk
            pending.append((chunk, executor.submit(run_chunk, task)))

    try:
        fill()
        while pending:
            chunk, future = pending.popleft()
            fill()  # the next chunk starts while this one is waited for and written
            yield _outcome(chunk, future, timeout, lambda: sent.get(died_in(), chunk))
        finished = True
    finally:
        if not finished:
            for _, future in pending:
                future.cancel()
            on_failure()


def run_in_process(tasks: Iterable[tuple[Chunk, ChunkTask]]) -> Iterator[ChunkOutput]:
    """`workers=1`: the chunks one after the other in this process, no pool (the engine still has its own)."""
    for _, task in tasks:
        yield run_chunk(task)


def _outcome(chunk: Chunk, future: concurrent.futures.Future, timeout: float,
             culprit: Callable[[], Chunk]) -> ChunkOutput:
    try:
        return future.result(timeout=timeout)
    except MalmotorError:
        raise
    except concurrent.futures.TimeoutError:
        what = chunk.describe()
        raise EngineError(Bilingual(f"En arbetsprocess svarade inte inom {timeout:.0f} sekunder i {what} och "
                                    "stoppades.", f"A worker process did not answer within {timeout:.0f} seconds in "
                                    f"{what.en} and was stopped."), NOT_YOUR_FAULT) from None
    except concurrent.futures.CancelledError:
        what = chunk.describe()
        raise EngineError(Bilingual(f"Klustret avbröt {what}.", f"The cluster cancelled {what.en}."),
                          NOT_YOUR_FAULT) from None
    except Exception as exc:  # the pool broke (a worker died: a crash, SIGKILL, out of memory), or the cluster did
        broken = isinstance(exc, concurrent.futures.BrokenExecutor)  # every chunk out fails: whose worker died?
        what, why = (culprit() if broken else chunk).describe(), f"{type(exc).__name__}: {_first_line(exc)}"
        raise EngineError(Bilingual(f"En arbetsprocess avslutades oväntat i {what} ({why}).",
                                    f"A worker process ended unexpectedly in {what.en} ({why})."),
                          NOT_YOUR_FAULT) from None


def _first_line(exc: Exception) -> str:
    text = str(exc).strip().splitlines()
    return text[0] if text else "–"
