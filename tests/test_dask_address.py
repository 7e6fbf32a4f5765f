"""`--executor dask:ADDRESS` that cannot work is told at once, in the user's language, and never with a
traceback: a malformed address is a usage error before anything is tried, a port that refuses or a host
that is not found is found out by a plain connection before distributed's Client (which takes its whole
timeout, 20 s, to give up), and a Client that fails anyway is closed at once (left half-made, it printed
"Exception ignored in: Client.__del__" with a traceback 40 s later, at exit)."""

from __future__ import annotations

import socket
import subprocess
import sys
import time

import pytest
from click.testing import CliRunner

from malmotor.cli.main import main
from malmotor.scale import cluster

from .test_scale import write_case

pytest.importorskip("distributed")

NOT_FOUND = ("värddatorn 'schemalaggare.invalid' hittades inte",  # or, where no name server answers:
             "namnet 'schemalaggare.invalid' kunde inte slås upp")
# (address, what the Swedish message says, what the English says)
FAILING = [
    ("127.0.0.1", ["'127.0.0.1' är ingen Dask-adress: portnumret saknas."],
     ["'127.0.0.1' is not a Dask address: the port number is missing."]),
    ("tcp://127.0.0.1:1", ["Dask-klustret på 'tcp://127.0.0.1:1' kan inte nås (anslutningen nekades: "
                           "ingen lyssnar på port 1)."],
     ["The Dask cluster at 'tcp://127.0.0.1:1' cannot be reached (the connection was refused: "
      "nothing listens on port 1)."]),
    ("tcp://schemalaggare.invalid:8786", [f"Dask-klustret på 'tcp://schemalaggare.invalid:8786' kan inte nås ({why}"
                                          for why in NOT_FOUND],
     ["The Dask cluster at 'tcp://schemalaggare.invalid:8786' cannot be reached (the host 'schemalaggare.invalid' "
      "was not found).", "the name 'schemalaggare.invalid' could not be looked up"]),
]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _run(paths: list[str], address: str, *more: str) -> tuple[subprocess.CompletedProcess, float]:
    """The command line in a process of its own: what it prints at exit (a Client's `__del__`) is seen too."""
    started = time.monotonic()
    done = subprocess.run([sys.executable, "-c", "from malmotor.cli import main; main()", "evaluate", *paths,
                           "--format", "csv", "-o", "-", "--executor", f"dask:{address}", *more],
                          capture_output=True, text=True, timeout=120)
    return done, time.monotonic() - started


def _invoke(paths: list[str], address: str, *more: str):
    started = time.monotonic()
    run = CliRunner().invoke(main, ["evaluate", *paths, "--format", "csv", "--executor", f"dask:{address}", *more],
                             catch_exceptions=False)
    return run, time.monotonic() - started


def _no_traceback(stderr: str) -> bool:
    return "Traceback" not in stderr and "Exception ignored" not in stderr


@pytest.mark.parametrize("address, swedish, _english", FAILING, ids=["no-port", "refused", "unknown-host"])
def test_the_command_tells_at_once_and_without_a_traceback(tmp_path, address, swedish, _english):
    done, seconds = _run(write_case(tmp_path, 3), address)
    assert done.returncode == 2, done.stderr
    assert any(message in done.stderr for message in swedish), done.stderr
    assert _no_traceback(done.stderr), done.stderr
    assert seconds < 10, seconds  # the process's start included; it took 20 s, or 40 s and a traceback
    assert done.stdout == ""


@pytest.mark.parametrize("address, _swedish, english", FAILING, ids=["no-port", "refused", "unknown-host"])
def test_in_english_with_lang_en(tmp_path, address, _swedish, english):
    run, seconds = _invoke(write_case(tmp_path, 3), address, "--lang", "en")
    assert run.exit_code == 2, run.output
    assert any(message in run.stderr for message in english), run.stderr
    assert "kan inte" not in run.stderr and seconds < 6, (run.stderr, seconds)


def test_localhost_with_nothing_listening(tmp_path):
    port = _free_port()
    done, seconds = _run(write_case(tmp_path, 3), f"tcp://localhost:{port}")
    assert done.returncode == 2 and _no_traceback(done.stderr) and seconds < 10, done.stderr
    said = f"'tcp://localhost:{port}' kan inte nås (anslutningen nekades: ingen lyssnar på port {port})"
    assert said in done.stderr, done.stderr


@pytest.mark.parametrize("address, reason", [
    ("http://schemalaggare:8786", "Dask does not know the protocol 'http' (only "),
    ("tcp://:8786", "the host name is missing"),
    ("tcp://schemalaggare", "the port number is missing"),
    ("tcp://schemalaggare:99999", "there is no port 99999 (1–65535)"),
    ("tcp://schemalaggare:port", "it is not HOST:PORT with a port number"),
    ("tcp://::1:8786", "an IPv6 address goes in brackets: [::1]:8786"),
])
def test_a_malformed_address_says_what_is_wrong(tmp_path, address, reason):
    run, _ = _invoke(write_case(tmp_path, 3), address, "--lang", "en")
    assert run.exit_code == 2, run.output
    assert f"--executor: error: '{address}' is not a Dask address: " in run.stderr and reason in run.stderr
    assert "e.g. dask:tcp://scheduler:8786" in run.stderr


def test_a_port_where_nothing_speaks_is_given_up(tmp_path, monkeypatch):
    """distributed waits for a scheduler's handshake without a timeout: for ever, where the connection is
    taken and nothing is said. The probe waits for the first word as long as the Client would connect."""
    monkeypatch.setattr(cluster, "CONNECT_TIMEOUT", 1.0)
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen()
        port = silent.getsockname()[1]
        run, seconds = _invoke(write_case(tmp_path, 3), f"tcp://127.0.0.1:{port}")
    assert run.exit_code == 2, run.output
    assert (f"något tar emot anslutningar på port {port}, men ingen Dask-schemaläggare svarade inom 1 s)."
            in run.stderr) and seconds < 6


def test_a_client_that_fails_is_closed_at_once(tmp_path):
    """tls:// is not probed; without TLS settings the Client's constructor raises, and the half-made client
    must not be left to `__del__`."""
    done, seconds = _run(write_case(tmp_path, 3), "tls://127.0.0.1:1", "--lang", "en")
    assert done.returncode == 2 and seconds < 10, done.stderr
    assert "The Dask cluster at 'tls://127.0.0.1:1' cannot be reached (" in done.stderr
    assert _no_traceback(done.stderr), done.stderr
