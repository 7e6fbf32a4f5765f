"""The engine's worker never outlives its caller, and a stopped command line says so in Swedish.

Killed callers are real processes here: a script that runs the engine on enough facts to take
seconds, killed with SIGKILL or SIGTERM while its worker runs.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from .conftest import ROOT, rule_file

ENGINE_RUN = textwrap.dedent("""
    import sys
    from malmotor.decide.isolation import fire_isolated
    from malmotor.decide.rulebook import ruleset_definition
    from malmotor.decide.facts import BLANK, Fact
    # alike facts are asserted once (fire_isolated): an attribute no rule reads makes each one distinct
    facts = [{Fact.ID: f"k{n}", Fact.KIND: "gräns", Fact.STATE: "mätt", **BLANK, "n": n} for n in range(400_000)]
    print("started", flush=True)
    fire_isolated(ruleset_definition(), facts)
    print("finished", flush=True)
""")


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.append(int(entry.name))
    return found


def _alive(pid: int) -> bool:
    """Running, not merely a zombie waiting for a parent to collect it."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def _wait_until(condition, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return condition()


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="/proc and PR_SET_PDEATHSIG are Linux's")
@pytest.mark.parametrize("signum", [signal.SIGKILL, signal.SIGTERM], ids=["SIGKILL", "SIGTERM"])
def test_a_killed_caller_leaves_no_worker_and_no_open_pipe(signum):
    caller = subprocess.Popen([sys.executable, "-c", ENGINE_RUN], cwd=ROOT, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE)
    try:
        assert caller.stdout.readline() == b"started\n"
        assert _wait_until(lambda: _children(caller.pid), 20), "the worker never started"
        workers = _children(caller.pid)
        time.sleep(0.3)  # let the worker get going
        caller.send_signal(signum)
        caller.wait(10)
        assert _wait_until(lambda: not any(_alive(pid) for pid in workers), 15), "a worker outlived its caller"
        start = time.monotonic()
        rest = caller.stdout.read()  # EOF only when nobody holds the caller's stdout any more
        assert time.monotonic() - start < 15 and b"finished" not in rest
    finally:
        caller.kill()
        for pid in _children(caller.pid):
            os.kill(pid, signal.SIGKILL)


def _big_rule_file(path: Path, count: int) -> Path:
    entries = "\n".join(f"- id: m{n}\n  namn: Mått {n}\n  mål: högst 3 %" for n in range(count))
    path.write_text(rule_file(entries), encoding="utf-8")
    return path


@pytest.mark.parametrize("signum, code, words", [
    (signal.SIGINT, 130, "avbrutet (Ctrl-C)"),
    (signal.SIGTERM, 143, "stoppad (SIGTERM)"),
])
def test_a_stopped_command_line_says_so_and_leaves_no_output(tmp_path, signum, code, words):
    rules = _big_rule_file(tmp_path / "regler.yaml", 8000)
    measures = tmp_path / "m.yaml"
    measures.write_text("period: 2018\nvärden:\n  m1: 2 %\n", encoding="utf-8")
    output = tmp_path / "resultat.csv"
    command = [sys.executable, "-c", "from malmotor.cli import main; main()", "evaluate", str(rules), str(measures),
               "-o", str(output)]
    process = subprocess.Popen(command, cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    time.sleep(1.5)  # reading 8 000 indicators takes longer than this
    assert process.poll() is None, "finished before it could be stopped"
    process.send_signal(signum)
    out, err = process.communicate(timeout=20)
    assert process.returncode == code, err
    assert words in err.decode() and "Traceback" not in err.decode() and "Aborted" not in err.decode()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["m.yaml", "regler.yaml"]


def test_a_stop_request_swallowed_on_the_way_still_stops_before_writing(tmp_path, monkeypatch):
    """Python swallows an exception raised in a `__del__` (as when the signal lands while the
    engine's pipe is closed): the request is remembered and honoured before anything is written."""
    import importlib

    from click.testing import CliRunner

    cli = importlib.import_module("malmotor.cli.main")  # the module; `malmotor.cli.main` is the command

    real = cli.evaluate

    def evaluate_then_swallowed_signal(*args, **kwargs):
        result = real(*args, **kwargs)
        cli._requested.append(signal.SIGTERM)  # what _stop records before its exception is lost
        return result

    monkeypatch.setattr(cli, "evaluate", evaluate_then_swallowed_signal)
    output = tmp_path / "resultat.json"
    result = CliRunner().invoke(cli.main, ["evaluate", "--format", "json", "-o", str(output)])
    assert result.exit_code == 143 and "stoppad (SIGTERM)" in result.output
    assert not output.exists()


def test_a_second_signal_while_stopping_changes_nothing(tmp_path):
    rules = _big_rule_file(tmp_path / "regler.yaml", 8000)
    measures = tmp_path / "m.yaml"
    measures.write_text("period: 2018\nvärden:\n  m1: 2 %\n", encoding="utf-8")
    command = [sys.executable, "-c", "from malmotor.cli import main; main()", "evaluate", str(rules), str(measures)]
    process = subprocess.Popen(command, cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    time.sleep(1.5)
    assert process.poll() is None, "finished before it could be stopped"
    for _ in range(5):
        process.send_signal(signal.SIGTERM)
        time.sleep(0.02)
    _, err = process.communicate(timeout=20)
    assert process.returncode == 143
    assert "Traceback" not in err.decode() and "Exception ignored" not in err.decode()
    assert err.decode().count("stoppad (SIGTERM)") == 1


def test_ctrl_c_while_the_command_line_is_still_importing_is_answered_in_words(tmp_path):
    """`import malmotor` is light, and the command line's handlers stand before its heavy imports."""
    code = ("import signal, sys, malmotor; light = 'pydantic' not in sys.modules; import malmotor.cli; "
            "print(light, signal.getsignal(signal.SIGINT).__name__, signal.getsignal(signal.SIGTERM).__name__)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    assert out == ["True", "_early_stop", "_early_stop"]
    rules = _big_rule_file(tmp_path / "regler.yaml", 8000)  # so that the run cannot end before the signal
    measures = tmp_path / "m.yaml"
    measures.write_text("period: 2018\nvärden:\n  m1: 2 %\n", encoding="utf-8")
    process = subprocess.Popen([sys.executable, "-c", "from malmotor.cli import main; main()", "evaluate",
                                str(rules), str(measures)], cwd=tmp_path, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE)
    time.sleep(0.2)  # while importing, or just after: the same words either way
    process.send_signal(signal.SIGINT)
    _, err = process.communicate(timeout=20)
    assert process.returncode == 130 and "Traceback" not in err.decode()
    assert "avbrutet (Ctrl-C)" in err.decode()
