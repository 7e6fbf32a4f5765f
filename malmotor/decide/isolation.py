"""Run the rule engine in a worker process, so that a crash or a hang of its C core becomes
a clear error instead of a dead command line.

A fresh worker per evaluation also makes every evaluation independent of the ones before it:
no ruleset handle, session or allocator state survives into the next.

The worker never outlives its caller: it closes the caller's end of the result pipe and the
caller's standard streams (so `malmotor … | tee` ends when malmotor ends), and on Linux it asks
the kernel for SIGKILL when its parent dies, however the parent dies (SIGKILL included).
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import sys
import traceback
from typing import Any

from ..diagnostics import Bilingual, EngineError, english

DEFAULT_TIMEOUT = 600.0  # seconds; 100 000 indicators take well under a minute


def _context():
    """fork where it is the platform's own default (Linux): a worker starts in milliseconds and
    the CLI stays under a second. Elsewhere (macOS, Windows) the platform's default, spawn."""
    if sys.platform.startswith("linux"):
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context()


_PR_SET_PDEATHSIG = 1


def _die_with(parent: int, callers_end) -> None:
    """Tie the worker's life to its parent's and let go of everything the parent holds open."""
    if callers_end is not None:
        callers_end.close()  # else the pipe stays open for writing after the parent has gone
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


def _worker(connection, definition: dict, facts: list[dict], parent: int = 0, callers_end=None) -> None:
    try:
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle; it ends the worker
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        if parent:
            _die_with(parent, callers_end)
        import faulthandler

        faulthandler.disable()  # a crash is reported by the parent, in words, not as a C stack dump
        from . import engine

        try:
            fired = engine.fire(definition, facts)
        except engine.FactRejected as exc:
            connection.send(("rejected", exc.fact_id, exc.problem))
            return
        connection.send(("ok", fired, _peak_kib()))
    except BaseException:  # report everything, a failed import of durable too: the parent explains
        connection.send(("error", traceback.format_exc(), None))
    finally:
        connection.close()


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


_NOT_YOUR_FAULT = Bilingual("Det är ett fel i malmotor, inte i dina filer. Rapportera det med filerna bifogade.",
                            "This is a bug in malmotor, not a mistake in your files. Please report it with the files "
                            "attached.")
# The hint of every rule engine answer that breaks malmotor's own rules (EngineError in assess, gaps, rollup, interim).
MALMOTOR_BUG = Bilingual("Det är ett fel i malmotor. Rapportera det med filerna bifogade.",
                         "This is a bug in malmotor. Please report it with the files attached.")


def fire_isolated(definition: dict, facts: list[dict], timeout: float = DEFAULT_TIMEOUT) -> EngineRun:
    context = _context()
    receiver, sender = context.Pipe(duplex=False)
    forked = context.get_start_method() == "fork"  # only a forked child inherits the caller's end
    process = context.Process(target=_worker, daemon=True,
                              args=(sender, definition, facts, os.getpid(), receiver if forked else None))
    message: Any = None
    try:
        process.start()
        sender.close()
        if not receiver.poll(timeout):
            raise EngineError(Bilingual(f"Regelmotorn svarade inte inom {timeout:.0f} sekunder och stoppades.",
                                        f"The rule engine did not answer within {timeout:.0f} seconds and was "
                                        "stopped."), _NOT_YOUR_FAULT)
        try:
            message = receiver.recv()
        except EOFError:
            message = None
    finally:  # also on Ctrl-C: no worker is left behind
        receiver.close()
        process.join(5 if message is not None else 0.5)
        if process.is_alive():
            process.kill()
            process.join()
    if message is None:
        how = _describe_exit(process.exitcode)
        raise EngineError(Bilingual(f"Regelmotorn kraschade ({how}).", f"The rule engine crashed ({english(how)})."),
                          _NOT_YOUR_FAULT)
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
