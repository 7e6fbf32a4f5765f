"""The local pool (scale/executors.py): stopping it never waits for ever, whatever its workers were doing."""

from __future__ import annotations

import concurrent.futures
import os
import signal
import struct
import sys
import threading

import pytest

from malmotor.scale.executors import LocalPool

_pool: LocalPool | None = None  # the pool, as a forked worker inherits it


def _die_half_way_through_a_result() -> None:
    """In a worker: the start of a result of 1 000 bytes on the pool's result pipe, ten of them, and death."""
    writer = _pool.executor._result_queue._writer
    os.write(writer.fileno(), struct.pack("!i", 1000) + b"0123456789")
    os.kill(os.getpid(), signal.SIGKILL)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="forked workers")
def test_a_worker_killed_half_way_through_sending_its_result_does_not_hang_the_pool():
    global _pool
    _pool = LocalPool(1)
    try:
        _pool.start()
        future = _pool.executor.submit(_die_half_way_through_a_result)
        ended = threading.Event()
        threading.Thread(target=lambda: (future.exception(), ended.set()), daemon=True).start()
        assert ended.wait(30), "the pool waits for the rest of a result that will never come"
        assert isinstance(future.exception(), concurrent.futures.process.BrokenProcessPool)
    finally:
        stopped = threading.Event()
        threading.Thread(target=lambda: (_pool.kill(), stopped.set()), daemon=True).start()
        assert stopped.wait(30), "stopping the pool hangs"
        _pool = None
