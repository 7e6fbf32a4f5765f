"""The outcome of a test run as JUnit XML (`--junit FILE`), with the standard library's xml.etree.

One `<testsuite>` per test file (named by its path), one `<testcase>` per case that ran (named by
the case, `classname` the test file's name, `file` and `line` where it is written); a failed case
has a `<failure>` whose message is the fields that differ and whose text says each on its own
line. No timestamps or durations: the same run gives the same file.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

from .model import RunResult


def junit_xml(outcome: RunResult) -> str:
    cases, failed = outcome.cases, outcome.failed
    root = ET.Element("testsuites", {"name": "malmotor test", "tests": str(len(cases)),
                                     "failures": str(len(failed)), "errors": "0"})
    for each in outcome.files:
        failures = sum(1 for result in each.results if not result.passed)
        suite = ET.SubElement(root, "testsuite", {"name": each.file.path, "tests": str(len(each.results)),
                                                  "failures": str(failures), "errors": "0", "skipped": "0"})
        for result in each.results:
            case = ET.SubElement(suite, "testcase", {"name": result.case.name,
                                                     "classname": Path(each.file.path).name.removesuffix(".yaml"),
                                                     "file": result.case.file, "line": str(result.case.line or 0)})
            if not result.passed:
                failure = ET.SubElement(case, "failure", {
                    "message": "; ".join(difference.render() for difference in result.differences),
                    "type": "underkänt"})
                failure.text = "\n".join([f"{result.case.where}: underkänt: {result.case.name}"] +
                                         [difference.render() for difference in result.differences])
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
