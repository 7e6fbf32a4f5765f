"""malmotor: goal fulfilment (måluppfyllelse) and trend arrows for Swedish public-sector scorecards.

    scorecard = malmotor.load_scorecard("rules/lansteknik-2018.yaml")
    measures = malmotor.load_measures(["measures/lansteknik-2017.yaml", "measures/lansteknik-2018.yaml"])
    result = malmotor.evaluate(scorecard, measures, period=2018)
"""

from .diagnostics import Diagnostic, EngineError, MalmotorError, MeasuresError, RuleFileError
from .pipeline import evaluate
from .load.examples import example_measures_paths, example_rules_path
from .load.measuresfile import load_measures
from .model import Level, Measures, Reason, Scorecard, Trend
from .model import Comparison, EvaluationResult, IndicatorResult, Notice
from .load.rulefile import load_scorecard

__version__ = "0.1.0"

__all__ = [
    "Comparison", "Diagnostic", "EngineError", "EvaluationResult", "IndicatorResult", "Level", "MalmotorError",
    "Measures", "MeasuresError", "Notice", "Reason", "RuleFileError", "Scorecard", "Trend", "evaluate",
    "example_measures_paths", "example_rules_path", "load_measures", "load_scorecard",
]
