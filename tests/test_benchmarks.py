"""The benchmarks still run: a tiny size through benchmarks/many_units_bench.py, whose figures docs/performance.md
quotes, so that a change to the command line or the stage times does not silently break it."""

from __future__ import annotations

import re
import sys

from malmotor.stages import STAGES

from .conftest import ROOT


def test_many_units_bench_prints_the_stages_and_agreement(capsys):
    sys.path.insert(0, str(ROOT / "benchmarks"))
    import many_units_bench

    status = many_units_bench.main(["--keys", "300", "600", "--workers", "1", "--engine-keys", "600"])
    out = capsys.readouterr().out
    assert status == 0, out
    assert out.count("durable = reference on every key: yes") == 2
    assert "300 keys evaluated in 1 chunk;" in out and "600 keys evaluated in 1 chunk;" in out
    assert re.search(r"engine alone .*: 600 facts in [0-9.]+ s = [0-9 ]+ facts/s", out)
    for name in (*STAGES, "all stages"):  # a row of figures per stage, in both tables
        assert len(re.findall(rf"^{name}\s+[0-9.]+\s+[0-9.]+\s+[0-9.]+\s+[0-9.]+\s+[0-9]+%\s+[0-9.]+$", out, re.M)) == 2, name
    assert re.search(r"^\s+600\s+[0-9.]+\s+[0-9.]+×\s+[0-9.]+\s+[0-9.]+×$", out, re.M)  # growth, 600 against 300
    linear = r"^linear \(µs/key at 600 keys within 1\.5× of that at 300, wall and CPU\): (yes|no)$"
    assert re.search(linear, out, re.M)
