"""Rule-file unit tests (`malmotor test`, docs/rule-tests.md): cases with measures in and the levels,
arrows and explanation words expected out, run through `malmotor.evaluate`.

    files = load_rule_tests(["rules/lansteknik-2018.test.yaml"])   # RuleTestError for a broken test file
    outcome = run_rule_tests(files, pattern="sjuk")                 # --run: a substring or a glob
    print(report_text(outcome, with_coverage=True), end="")         # failures, coverage, "12 fall, …"
    xml = junit_xml(outcome)
"""

from .junit import junit_xml
from .load import load_rule_tests
from .model import Case, CaseResult, Difference, Expectation, FileResult, RuleTestError, RunResult, TestFile
from .run import (coverage, coverage_text, failure_text, possible_levels, possible_trends, report_text,
                  run_case, run_rule_tests, selected, summary_line)

__all__ = ["Case", "CaseResult", "Difference", "Expectation", "FileResult", "RuleTestError", "RunResult", "TestFile",
           "coverage", "coverage_text", "failure_text", "junit_xml", "load_rule_tests", "possible_levels",
           "possible_trends", "report_text", "run_case", "run_rule_tests", "selected", "summary_line"]
