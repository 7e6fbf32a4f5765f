"""The command line interprets the measured values once: `load_checked_measures` checks them with an
interpretation that the evaluation then takes (`load.values.interpretation_of`) instead of making its own;
the result is the one a fresh interpretation gives."""

from __future__ import annotations

import gc

from click.testing import CliRunner

import malmotor
from malmotor.cli.main import main
from malmotor.load import values as values_module
from malmotor.model import Measures
from malmotor.pipeline import evaluate

from .conftest import ROOT

RULES = ROOT / "rules" / "kommun-uppfoljning.yaml"
MEASURES = [ROOT / "measures" / "kommun-2018.csv", ROOT / "measures" / "kommun-2019.csv"]


def _counting(monkeypatch) -> list[int]:
    made = []
    original = values_module.Interpretation.__init__

    def counted(self, *args, **kwargs):
        made.append(1)
        original(self, *args, **kwargs)

    monkeypatch.setattr(values_module.Interpretation, "__init__", counted)
    return made


def test_evaluate_on_the_command_line_interprets_the_values_once(monkeypatch):
    made = _counting(monkeypatch)
    run = CliRunner().invoke(main, ["evaluate", str(RULES), *map(str, MEASURES), "--format", "csv"])
    assert run.exit_code == 0, run.output
    assert len(made) == 1


def test_the_checked_interpretation_gives_the_result_a_fresh_one_gives(monkeypatch):
    scorecard = malmotor.load_scorecard(RULES)
    checked = malmotor.load_checked_measures(scorecard, MEASURES)
    made = _counting(monkeypatch)
    taken = evaluate(scorecard, checked)
    assert not made  # the interpretation load_checked_measures made
    again = evaluate(scorecard, checked)
    assert len(made) == 1  # taken once: a second evaluation interprets anew
    copied = evaluate(scorecard, Measures(values=tuple(checked.values)))  # other values: interpreted anew
    assert len(made) == 2
    assert taken == again == copied


def test_the_kept_interpretation_goes_with_the_values(monkeypatch):
    scorecard = malmotor.load_scorecard(RULES)
    malmotor.load_checked_measures(scorecard, MEASURES)  # the values let go at once
    gc.collect()
    assert values_module._CHECKED._kept is None
