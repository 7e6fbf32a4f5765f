"""Seconds per stage (malmotor/stages.py): each stage's own time, and a chunk's figures with it."""

from __future__ import annotations

import time

import malmotor
from malmotor import stages

from .conftest import SEED_MEASURES, SEED_RULES


def test_a_stage_inside_another_pauses_it():
    stages.taken()
    with stages.stage("verdicts"):
        time.sleep(0.02)
        with stages.stage("engine"):
            time.sleep(0.05)
        time.sleep(0.02)
    figures = stages.taken()
    assert list(figures) == ["engine", "verdicts"]
    assert 0.05 <= figures["engine"][0] < 0.09
    assert 0.04 <= figures["verdicts"][0] < 0.08
    assert figures["engine"][1] < 0.02  # asleep: hardly any CPU
    assert stages.taken() == {}


def test_cpu_seconds_are_counted_apart_from_wall_seconds():
    stages.taken()
    with stages.stage("present"):
        started = time.process_time()
        while time.process_time() - started < 0.05:
            pass
    (seconds, cpu), = stages.taken().values()
    assert cpu >= 0.05 and seconds >= cpu - 0.01


def test_every_chunk_brings_its_stages():
    scorecard = malmotor.load_scorecard(SEED_RULES)
    measures = malmotor.load_checked_measures(scorecard, SEED_MEASURES)
    results = malmotor.evaluate_units(scorecard, measures, workers=1)
    assert len(list(results)) == 1
    figures = results.chunks[0].stages
    assert set(figures) == set(stages.STAGES)
    assert all(seconds > 0 for seconds, _ in figures.values())
    assert sum(seconds for seconds, _ in figures.values()) <= results.chunks[0].seconds
