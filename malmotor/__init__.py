"""malmotor: goal fulfilment (måluppfyllelse) and trend arrows for Swedish public-sector scorecards.

    scorecard = malmotor.load_scorecard("rules/lansteknik-2018.yaml")
    measures = malmotor.load_measures(["measures/lansteknik-2017.yaml", "measures/lansteknik-2018.yaml"])
    result = malmotor.evaluate(scorecard, measures, period="2018")

or in two steps, deciding once and presenting as often as needed:

    assessment = malmotor.assess(scorecard, measures, period="2018")
    swedish, english = malmotor.present(assessment, "sv"), malmotor.present(assessment, "en")
"""

from .decide.assess import assess
from .diagnostics import Diagnostic, EngineError, MalmotorError, MeasuresError, OptionError, RuleFileError
from .explain.present import present
from .load.examples import example_measures_paths, example_rules_path
from .load.measuresfile import load_measures
from .load.rulefile import load_scorecard
from .load.values import check_measures, load_checked_measures
from .model import (
    Assessment,
    Comparison,
    EvaluationResult,
    Group,
    IndicatorResult,
    Key,
    Level,
    Measures,
    Reason,
    Scorecard,
    Trend,
    Verdict,
)
from .model.period import Period, PeriodError, PeriodKind
from .pipeline import evaluate

__version__ = "0.2.0"

__all__ = [
    "Assessment", "Comparison", "Diagnostic", "EngineError", "EvaluationResult", "Group", "IndicatorResult", "Key",
    "Level", "MalmotorError", "Measures", "MeasuresError", "OptionError", "Period", "PeriodError", "PeriodKind", "Reason",
    "RuleFileError", "Scorecard", "Trend", "Verdict", "assess", "check_measures", "evaluate",
    "example_measures_paths", "example_rules_path", "load_checked_measures", "load_measures", "load_scorecard",
    "present",
]
