"""malmotor: goal fulfilment (måluppfyllelse) and trend arrows for Swedish public-sector scorecards.

    scorecard = malmotor.load_scorecard("rules/lansteknik-2018.yaml")
    measures = malmotor.load_measures(["measures/lansteknik-2017.yaml", "measures/lansteknik-2018.yaml"])
    result = malmotor.evaluate(scorecard, measures, period="2018")

or in two steps, deciding once and presenting as often as needed:

    assessment = malmotor.assess(scorecard, measures, period="2018")
    swedish, english = malmotor.present(assessment, "sv"), malmotor.present(assessment, "en")
"""

import importlib

# Names are imported when first used: `malmotor.cli` can then catch Ctrl-C before the heavy imports
# (pydantic, babel, ruamel) that a command line needs, and `import malmotor` stays quick.
_EXPORTS = {
    "Assessment": ".model",
    "AssessmentsError": ".diagnostics",
    "Comparison": ".model",
    "Counted": ".model",
    "Diagnostic": ".diagnostics",
    "EngineError": ".diagnostics",
    "EvaluationResult": ".model",
    "GapResult": ".model",
    "GapRule": ".model",
    "GapVerdict": ".model",
    "GroupsResult": ".model",
    "GroupsVerdict": ".model",
    "Group": ".model",
    "IndicatorResult": ".model",
    "Key": ".model",
    "Level": ".model",
    "MalmotorError": ".diagnostics",
    "ManualAssessment": ".model",
    "ManualAssessments": ".model",
    "ManualResult": ".model",
    "Measures": ".model",
    "Node": ".model",
    "NodeResult": ".model",
    "NodeVerdict": ".model",
    "MeasuresError": ".diagnostics",
    "OptionError": ".diagnostics",
    "Period": ".model.period",
    "PeriodError": ".model.period",
    "PeriodKind": ".model.period",
    "Reason": ".model",
    "RuleDiff": ".compare",
    "RuleFileError": ".diagnostics",
    "Scorecard": ".model",
    "SummaryFacts": ".model",
    "SummaryText": ".model",
    "Trace": ".explain.trace",
    "Trend": ".model",
    "Verdict": ".model",
    "assess": ".decide.assess",
    "check_measures": ".load.values",
    "diff": ".compare",
    "evaluate": ".pipeline",
    "evaluate_units": ".scale",
    "example_assessments_paths": ".load.examples",
    "example_measures_paths": ".load.examples",
    "example_rules_path": ".load.examples",
    "load_assessments": ".load.assessments",
    "load_checked_measures": ".load.values",
    "load_measures": ".load.measuresfile",
    "load_scorecard": ".load.rulefile",
    "present": ".explain.present",
    "trace": ".explain.trace",
}


def __getattr__(name: str):
    if name in _EXPORTS:
        value = getattr(importlib.import_module(_EXPORTS[name], __name__), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'malmotor' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_EXPORTS))


__version__ = "0.2.0"

__all__ = [
    "Assessment", "AssessmentsError", "Comparison", "Counted", "Diagnostic", "EngineError", "EvaluationResult", "Group", "IndicatorResult", "Key",
    "Level", "MalmotorError", "ManualAssessment", "ManualAssessments", "ManualResult", "Measures", "MeasuresError", "Node", "NodeResult", "NodeVerdict", "OptionError", "Period", "PeriodError", "PeriodKind", "Reason",
    "RuleFileError", "Scorecard", "SummaryFacts", "SummaryText", "Trend", "Verdict", "GapResult", "GapRule", "GapVerdict", "GroupsResult",
    "GroupsVerdict", "assess", "check_measures", "evaluate", "evaluate_units",
    "example_assessments_paths", "example_measures_paths", "example_rules_path", "load_assessments",
    "load_checked_measures", "load_measures", "load_scorecard",
    "present", "RuleDiff", "Trace", "diff", "trace",
]
