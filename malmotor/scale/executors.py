"""Where chunks run on this machine: a pool of worker processes.

Any `concurrent.futures.Executor` will do (`evaluate_units(executor=…)`); this and a Dask cluster's
(scale/cluster.py) are the two the command line makes. The local pool's workers are forked on Linux (ready
in milliseconds, with malmotor already imported), ignore Ctrl-C (the parent stops them) and die with the
parent however it dies, as the engine's own worker does (decide/isolation.py).
"""

from __future__ import annotations

import concurrent.futures
import gc
import multiprocessing
import os
import signal
import sys

from ..decide.isolation import tie_to_parent


def _context():
    """fork on Linux (a worker is ready in milliseconds, with malmotor imported); elsewhere the platform's own."""
    return multiprocessing.get_context("fork") if sys.platform.startswith("linux") else multiprocessing.get_context()


def default_workers() -> int:
    """The cores this process may use (a container or `taskset` may allow fewer than the machine has)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


class LocalPool:
    """A process pool that can be stopped at once (a hung worker is killed, not waited for), and that knows
    which chunk a worker that died was running: when one worker dies the pool stops the others (SIGTERM)
    and fails every chunk not yet back, so each worker keeps, in a slot of its own, the chunk it runs, and
    clears it when the chunk ends or the pool stops it."""

    def __init__(self, workers: int) -> None:
        context = _context()
        self.workers = workers
        self.running = context.Array("q", workers, lock=False)  # per worker: the chunk it runs + 1, or 0
        self.slots = context.Value("i", 0)  # the next worker's slot
        self.executor = concurrent.futures.ProcessPoolExecutor(
            max_workers=workers, mp_context=context, initializer=_start_worker,
            initargs=(os.getpid(), self.running, self.slots))

    def start(self) -> LocalPool:
        """Forks the workers now (a pool forks them all at its first task), while this process is small:
        before the measures are read, so that they do not share a copy of what reading them left. What this
        process holds is frozen for the garbage collector meanwhile: a collection in a worker then never
        writes to (and so copies) the pages it shares with this process."""
        gc.freeze()
        try:
            self.executor.submit(os.getpid).result()
        finally:
            gc.unfreeze()
        self._let_go_of_the_results_writer()
        return self

    def _let_go_of_the_results_writer(self) -> None:
        """This process never writes to the pipe the workers send results through, yet holds its writing end.
        A worker killed half-way through sending a chunk's result (a stop, the pool's own kill) then leaves the
        pool's reading thread waiting for the rest for ever, and the command with it; without this process's
        end, the reader gets an end of file once the workers are gone, and the pool ends as broken. Only for
        forked workers, all forked at the first task: a spawned worker would be given this end later."""
        if _context().get_start_method() != "fork":
            return
        writer = getattr(getattr(self.executor, "_result_queue", None), "_writer", None)
        if writer is not None:
            writer.close()

    def died_in(self) -> int | None:
        """The chunk whose worker died: one a worker started and neither ended nor was stopped in. Asked when
        the pool is broken: the pool fails the chunks first and stops the other workers after, so this waits
        until they are stopped (and have cleared their slots)."""
        self.executor.shutdown(wait=True, cancel_futures=True)
        return next((mark - 1 for mark in self.running if mark > 0), None)

    def kill(self) -> None:
        for process in list((getattr(self.executor, "_processes", None) or {}).values()):
            if process.is_alive():
                process.kill()
        self.executor.shutdown(wait=True, cancel_futures=True)

    def __enter__(self) -> LocalPool:
        return self

    def __exit__(self, kind, value, tb) -> None:
        if kind is None:
            self.executor.shutdown(wait=True)
        else:
            self.kill()


_running = None  # in a worker of a LocalPool: the pool's slots of running chunks
_slot: int | None = None  # in a worker: its own slot


def _start_worker(parent: int, running, slots) -> None:
    global _running, _slot
    with slots.get_lock():
        _slot, slots.value = slots.value, slots.value + 1
    _running = running
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle; it stops the pool
    signal.signal(signal.SIGHUP, signal.SIG_DFL)  # not the command line's handler, inherited at fork
    signal.signal(signal.SIGTERM, _stopped)
    tie_to_parent(parent)


def _stopped(_signum, _frame) -> None:
    """The pool stops its workers when one has died: this one was not the one."""
    chunk_ended()
    os._exit(128 + signal.SIGTERM)


def chunk_started(index: int) -> None:
    if _running is not None and _slot is not None:
        _running[_slot] = index + 1


def chunk_ended() -> None:
    if _running is not None and _slot is not None:
        _running[_slot] = 0
