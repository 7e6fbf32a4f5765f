"""Run the rule engine in a worker process, so that a crash or a hang of its C core becomes
a clear error instead of a dead command line.

A fresh worker per evaluation also makes every evaluation independent of the ones before it:
no ruleset handle, session or allocator state survives into the next. An evaluation fires several
rulesets one after the other (the rows, the gap rules, every layer of the roll-up, the legend's
levels); inside `one_worker()` they all go to the same worker, which is forked once.

The worker never outlives its caller: it closes the caller's end of the result pipe and the
caller's standard streams (so `malmotor … | tee` ends when malmotor ends), and on Linux it asks
the kernel for SIGKILL when its parent dies, however the parent dies (SIGKILL included).
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import sys
import threading
import traceback
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from ..diagnostics import Bilingual, EngineError, english
from ..stages import stage

DEFAULT_TIMEOUT = 600.0  # seconds; 100 000 indicators take well under a minute


def _context():
    """fork where it is the platform's own default (Linux): a worker starts in milliseconds and
    the CLI stays under a second. Elsewhere (macOS, Windows) the platform's default, spawn."""
    if sys.platform.startswith("linux"):
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context()


_PR_SET_PDEATHSIG = 1


def _die_with(parent: int, callers_ends) -> None:
    """Tie the worker's life to its parent's and let go of everything the parent holds open."""
    for end in callers_ends:
        end.close()  # else a pipe stays open after the parent has gone, and no end of its jobs is seen
    tie_to_parent(parent)


def tie_to_parent(parent: int) -> None:
    """Die with the parent however it dies (Linux: PR_SET_PDEATHSIG), and let go of its terminal and pipes
    (so that `malmotor … | tee` ends when malmotor ends): the engine's worker and the pool's (scale/)."""
    if sys.platform.startswith("linux"):
        import ctypes

        try:
            ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
        except (OSError, AttributeError):
            pass
        if os.getppid() != parent:  # the parent died before prctl took effect
            os._exit(1)
    devnull = os.open(os.devnull, os.O_RDWR)
    for stream in (0, 1, 2):  # never hold the caller's terminal, pipe or log file
        os.dup2(devnull, stream)
    os.close(devnull)


def _worker(jobs, answers, definition: dict, facts: list[dict], parent: int = 0, callers_ends=()) -> None:
    """Answer the first job (given with the start, inherited by a forked worker), then every job that comes
    through `jobs`, until the caller says there are no more (None) or is gone."""
    try:
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle; it ends the worker
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        if parent:
            _die_with(parent, callers_ends)
        import faulthandler

        faulthandler.disable()  # a crash is reported by the parent, in words, not as a C stack dump
        while True:
            answers.send(_answer(definition, facts))
            try:
                job = jobs.recv()
            except EOFError:  # the caller has gone
                return
            if job is None:  # no more jobs
                return
            definition, facts = job
    except BaseException:  # report everything: the parent explains
        answers.send(("error", traceback.format_exc(), None))
    finally:
        answers.close()


def _answer(definition: dict, facts: list[dict]) -> tuple:
    try:
        from . import engine

        try:
            fired = engine.fire(definition, facts)
        except engine.FactRejected as exc:
            return ("rejected", exc.fact_id, exc.problem)
        return ("ok", fired, _peak_kib())
    except Exception:  # a failed import of durable too
        return ("error", traceback.format_exc(), None)


def _peak_kib() -> int | None:
    """The worker's peak memory, for the benchmark; not available everywhere."""
    try:
        import resource
    except ImportError:
        return None
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


class EngineRun:
    """The outcome of one isolated engine run."""

    def __init__(self, fired: dict[str, list[str]], peak_kib: int | None) -> None:
        self.fired = fired
        self.peak_kib = peak_kib
        self.asserted = len(fired)  # facts the engine was given: the distinct ones


_NOT_YOUR_FAULT = Bilingual("Det är ett fel i malmotor, inte i dina filer. Rapportera det med filerna bifogade.",
                            "This is a bug in malmotor, not a mistake in your files. Please report it with the files "
                            "attached.")
# The hint of every rule engine answer that breaks malmotor's own rules (EngineError in assess, gaps, rollup, interim).
MALMOTOR_BUG = Bilingual("Det är ett fel i malmotor. Rapportera det med filerna bifogade.",
                         "This is a bug in malmotor. Please report it with the files attached.")


_current = threading.local()  # this thread's worker inside `one_worker()`


def fire_isolated(definition: dict, facts: list[dict], timeout: float = DEFAULT_TIMEOUT) -> EngineRun:
    """Fire `definition` on `facts` in a worker: a fresh one, or inside `one_worker()` the block's own.

    Facts alike but for their id are asserted once (`distinct_facts`): each of malmotor's rules matches one
    fact and none reads the id, so such facts fire the same rules. A million keys whose margins have the same
    signs (`facts.py`) are a few hundred facts for the engine."""
    with stage("engine"):
        distinct, same_as = distinct_facts(facts)
        shared = getattr(_current, "worker", None)
        if shared is not None:
            run = shared.fire(definition, distinct, timeout)
        else:
            worker = _Worker()
            try:
                run = worker.fire(definition, distinct, timeout)
            finally:  # also on Ctrl-C: no worker is left behind
                worker.close()
        if same_as:
            run.fired = {fact[ID]: run.fired.get(same_as.get(fact[ID], fact[ID]), []) for fact in facts}
        run.asserted = len(distinct)
        return run


ID = "id"  # the attribute that names a fact in every ruleset of malmotor's


def distinct_facts(facts: list[dict]) -> tuple[list[dict], dict[str, str]]:
    """The facts with one of each content (the first), and the id of each other fact's first alike.
    Content is compared as written out (`repr`), which tells true from 1.0, as durable does."""
    first: dict[str, str] = {}
    distinct, same_as = [], {}
    for fact in facts:
        rest = dict(fact)
        del rest[ID]
        content = repr(rest)
        alike = first.get(content)
        if alike is None:
            first[content] = fact[ID]
            distinct.append(fact)
        else:
            same_as[fact[ID]] = alike
    return distinct, same_as


@contextmanager
def one_worker() -> Iterator[None]:
    """Every `fire_isolated` of this thread inside the block goes to one worker: forked at the first call (whose
    facts it inherits, uncopied), given the later calls' rulesets and facts through a pipe, and stopped when the
    block ends, however it ends. A block inside another uses the outer block's worker."""
    if getattr(_current, "worker", None) is not None:
        yield
        return
    worker = _current.worker = _Worker()
    try:
        yield
    finally:
        _current.worker = None
        worker.close()


class _Worker:
    """One engine worker, started by its first job, and the two pipes to it: jobs there, answers back."""

    def __init__(self) -> None:
        self._process = self._jobs = self._answers = None
        self._waiting = False  # a job is out and has not been answered: close without waiting long

    def fire(self, definition: dict, facts: list[dict], timeout: float) -> EngineRun:
        self._waiting = True
        if self._process is None:
            self._start(definition, facts)
        else:
            try:
                self._jobs.send((definition, facts))
            except OSError:  # the worker has died since its last answer: its exit code says how
                pass
        if not self._answers.poll(timeout):
            raise EngineError(Bilingual(f"Regelmotorn svarade inte inom {timeout:.0f} sekunder och stoppades.",
                                        f"The rule engine did not answer within {timeout:.0f} seconds and was "
                                        "stopped."), _NOT_YOUR_FAULT)
        try:
            message: Any = self._answers.recv()
        except EOFError:
            message = None
        if message is None:
            process = self._process
            self.close()
            how = _describe_exit(process.exitcode)
            raise EngineError(Bilingual(f"Regelmotorn kraschade ({how}).",
                                        f"The rule engine crashed ({english(how)})."), _NOT_YOUR_FAULT)
        self._waiting = False
        return _outcome(message)

    def _start(self, definition: dict, facts: list[dict]) -> None:
        context = _context()
        self._answers, answers_end = context.Pipe(duplex=False)
        jobs_end, self._jobs = context.Pipe(duplex=False)
        forked = context.get_start_method() == "fork"  # only a forked child inherits the caller's ends
        self._process = context.Process(target=_worker, daemon=True,
                                        args=(jobs_end, answers_end, definition, facts, os.getpid(),
                                              (self._answers, self._jobs) if forked else ()))
        try:
            self._process.start()
        finally:
            answers_end.close()
            jobs_end.close()

    def close(self) -> None:
        """No more jobs: the worker ends by itself; one that is still at a job is stopped."""
        if self._process is None:
            return
        process, self._process = self._process, None
        try:  # a word rather than the end of the pipe, which a process forked meanwhile may hold open
            self._jobs.send(None)
        except OSError:  # the worker has gone already
            pass
        self._jobs.close()
        self._answers.close()
        process.join(0.5 if self._waiting else 5)
        if process.is_alive():
            process.kill()
            process.join()


def _outcome(message: tuple) -> EngineRun:
    kind, first, second = message
    if kind == "rejected":
        raise EngineError(Bilingual(f"Regelmotorn kunde inte bedöma indikatorn '{first}': {second}.",
                                    f"The rule engine could not assess the indicator '{first}': {english(second)}."),
                          _NOT_YOUR_FAULT)
    if kind == "error":
        raise EngineError(Bilingual("Regelmotorn avbröts av ett internt fel.",
                                    "The rule engine stopped on an internal error."),
                          _NOT_YOUR_FAULT + "\n" + first.rstrip())
    return EngineRun(first, second)


def _describe_exit(code: int | None) -> str:
    """`signal SIGSEGV`, or `slutkod 1` (`exit code 1`)."""
    if code is not None and code < 0:
        try:
            return f"signal {signal.Signals(-code).name}"
        except ValueError:
            return f"signal {-code}"
    return Bilingual(f"slutkod {code}", f"exit code {code}")
