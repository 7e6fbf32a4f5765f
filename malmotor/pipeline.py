"""The one-call API: assess (the rules decide) and present (in words), for one scorecard and period."""

from __future__ import annotations

from .decide.assess import assess
from .decide.isolation import DEFAULT_TIMEOUT
from .explain.present import LANGUAGES, present
from .gcpause import collector_paused
from .model import EvaluationResult, ManualAssessments, Measures, Scorecard
from .model.period import Period


def evaluate(scorecard: Scorecard, measures: Measures, period: Period | str | int | None = None, *,
             lang: str = "sv", engine: str = "durable", org_unit: str | None = None,
             timeout: float = DEFAULT_TIMEOUT, assessments: ManualAssessments | None = None) -> EvaluationResult:
    """Every key's level, arrow and explanation for `period` (default: the latest measured).

    The same as `present(assess(...), lang)`. `engine="reference"` decides with the plain-Python
    evaluator instead of durable-rules; the tests hold the two to the same verdicts.
    """
    if lang not in LANGUAGES:
        raise ValueError(f"lang must be 'sv' or 'en', not {lang!r}")
    with collector_paused():  # the verdicts and the result's rows are kept; the collector would only walk them
        return present(assess(scorecard, measures, period, engine=engine, org_unit=org_unit, timeout=timeout,
                              assessments=assessments), lang)
