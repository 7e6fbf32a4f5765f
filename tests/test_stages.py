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
    assert 0.05 <= figures["engine"] < 0.09
    assert 0.04 <= figures["verdicts"] < 0.08
    assert stages.taken() == {}


def test_every_chunk_brings_its_stages():
    scorecard = malmotor.load_scorecard(SEED_RULES)
    measures = malmotor.load_checked_measures(scorecard, SEED_MEASURES)
    results = malmotor.evaluate_units(scorecard, measures, workers=1)
    assert len(list(results)) == 1
    figures = results.chunks[0].stages
    assert set(figures) == set(stages.STAGES)
    assert all(seconds > 0 for seconds in figures.values())
    assert sum(figures.values()) <= results.chunks[0].seconds
