"""Many units on a Dask cluster (`--executor dask:ADDRESS`, `evaluate_units(executor=…)`): a local cluster of
two worker processes writes byte for byte what a single process writes; a cluster that cannot be reached,
or Dask not installed, is a clear usage error."""

from __future__ import annotations

import sys

import pytest
from click.testing import CliRunner
from distributed import Client, LocalCluster

import malmotor
from malmotor.cli.main import main
from malmotor.scale import cluster as cluster_module

from .test_scale import write_case


@pytest.fixture(scope="module")
def cluster():
    with LocalCluster(n_workers=2, processes=True, threads_per_worker=1, dashboard_address=None) as cluster:
        yield cluster


def _cli(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


@pytest.mark.parametrize("fmt", ["csv", "jsonl"])
def test_a_local_cluster_writes_the_bytes_of_a_single_process(tmp_path, cluster, fmt):
    paths = write_case(tmp_path, 16)
    single, spread = tmp_path / f"single.{fmt}", tmp_path / f"dask.{fmt}"
    alone = _cli("evaluate", *paths, "--format", fmt, "-o", str(single), "--workers", "1", "--chunk-size", "10000")
    on_dask = _cli("evaluate", *paths, "--format", fmt, "-o", str(spread), "--executor",
                   f"dask:{cluster.scheduler_address}", "--chunk-size", "40")
    assert alone.exit_code == 0, alone.output
    assert on_dask.exit_code == 0, on_dask.output
    assert spread.read_bytes() == single.read_bytes() and single.stat().st_size > 10_000


def test_the_library_takes_the_clusters_executor(tmp_path, cluster):
    rules, *measures = write_case(tmp_path, 8)
    scorecard = malmotor.load_scorecard(rules)
    values = malmotor.load_checked_measures(scorecard, measures)
    with Client(cluster) as client:
        spread = malmotor.evaluate_units(scorecard, values, executor=client.get_executor(), chunk_size=30)
        assert list(spread) == list(malmotor.evaluate_units(scorecard, values, workers=1))
        assert len(spread.chunks) > 2


def test_a_cluster_that_cannot_be_reached_is_a_usage_error(tmp_path, monkeypatch):
    monkeypatch.setattr(cluster_module, "CONNECT_TIMEOUT", 2.0)
    paths = write_case(tmp_path, 3)
    run = _cli("evaluate", *paths, "--format", "csv", "--executor", "dask:tcp://127.0.0.1:9")
    assert run.exit_code == 2, run.output
    assert "Dask-klustret på 'tcp://127.0.0.1:9' kan inte nås" in run.stderr and "Traceback" not in run.stderr


def test_without_dask_the_message_says_what_to_install(tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "distributed", None)  # `import distributed` then fails, as when not installed
    paths = write_case(tmp_path, 3)
    run = _cli("evaluate", *paths, "--format", "csv", "--executor", "dask:tcp://127.0.0.1:8786", "--lang", "en")
    assert run.exit_code == 2, run.output
    assert "Dask is not installed" in run.stderr and "pip install 'malmotor[dask]'" in run.stderr


def test_an_executor_other_than_dask_is_a_usage_error(tmp_path):
    paths = write_case(tmp_path, 3)
    run = _cli("evaluate", *paths, "--format", "csv", "--executor", "spark://host:7077")
    assert run.exit_code == 2 and "Okänd exekverare 'spark://host:7077'" in run.stderr
