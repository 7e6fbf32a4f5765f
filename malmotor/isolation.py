"""Run the rule engine in a worker process, so that a crash or a hang of its C core becomes
a clear error instead of a dead command line.

A fresh worker per evaluation also makes every evaluation independent of the ones before it:
no ruleset handle, session or allocator state survives into the next.
"""

from __future__ import annotations

import multiprocessing
import signal
import traceback
from typing import Any

from .diagnostics import EngineError

DEFAULT_TIMEOUT = 600.0  # seconds; 100 000 indicators take well under a minute


def _context():
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if "fork" in methods else "spawn")


def _worker(connection, definition: dict, facts: list[dict]) -> None:
    import faulthandler
    import resource

    from . import engine

    faulthandler.disable()  # a crash is reported by the parent, in words, not as a C stack dump
    try:
        fired = engine.fire(definition, facts)
        peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        connection.send(("ok", fired, peak_kib))
    except engine.FactRejected as exc:
        connection.send(("rejected", exc.fact_id, exc.problem))
    except BaseException:  # report everything: the parent turns it into an EngineError
        connection.send(("error", traceback.format_exc(), None))
    finally:
        connection.close()


class EngineRun:
    """The outcome of one isolated engine run."""

    def __init__(self, fired: dict[str, list[str]], peak_kib: int) -> None:
        self.fired = fired
        self.peak_kib = peak_kib


def fire_isolated(definition: dict, facts: list[dict], timeout: float = DEFAULT_TIMEOUT) -> EngineRun:
    context = _context()
    receiver, sender = context.Pipe(duplex=False)
    process = context.Process(target=_worker, args=(sender, definition, facts), daemon=True)
    process.start()
    sender.close()
    try:
        if not receiver.poll(timeout):
            process.kill()
            process.join()
            raise EngineError(f"Regelmotorn svarade inte inom {timeout:.0f} sekunder och stoppades.",
                              "Det är ett fel i malmotor, inte i dina filer. Rapportera det med filerna bifogade.")
        try:
            message: Any = receiver.recv()
        except EOFError:
            message = None
    finally:
        receiver.close()
    process.join()
    if message is None:
        raise EngineError(f"Regelmotorn kraschade ({_describe_exit(process.exitcode)}).",
                          "Det är ett fel i malmotor, inte i dina filer. Rapportera det med filerna bifogade.")
    kind, first, second = message
    if kind == "rejected":
        raise EngineError(f"Regelmotorn kunde inte bedöma indikatorn '{first}': {second}.",
                          "Det är ett fel i malmotor. Rapportera det med filerna bifogade.")
    if kind == "error":
        raise EngineError("Regelmotorn avbröts av ett internt fel:\n" + first.rstrip())
    return EngineRun(first, second)


def _describe_exit(code: int | None) -> str:
    if code is not None and code < 0:
        try:
            return f"signal {signal.Signals(-code).name}"
        except ValueError:
            return f"signal {-code}"
    return f"slutkod {code}"
