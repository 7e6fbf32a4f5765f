"""Run rule-file unit tests: every case through `malmotor.evaluate`, compared field by field.

A case passes when every row and node it names gets what it expects. A failed case is reported
with only the fields that differ, expected against actual; `coverage` lists, per indicator, the
levels and arrows that the target can give but no case reaches.
"""

from __future__ import annotations

import fnmatch
from collections.abc import Iterable

from ..decide.interim import is_interim
from ..diagnostics import Bilingual, Diagnostic, MalmotorError
from ..model import (CapabilityTarget, ChangeTarget, ComparisonTarget, Indicator, IndicatorResult, Level,
                     ManualTarget, MilestoneTarget, NewMeasureTarget, NoTarget, NoWorseTarget, NodeResult,
                     PartialMargin, PartialRange, PartialStatus, RangeTarget, Scorecard, ThresholdTarget, Trend,
                     UnchangedTarget)
from ..pipeline import evaluate
from .model import Case, CaseResult, Difference, Expectation, FileResult, RuleTestError, RunResult, TestFile

LEVEL_ORDER = (Level.FULFILLED, Level.PARTLY, Level.NOT_FULFILLED, Level.NOT_ASSESSED)
LEVEL_NAMES = {Level.FULFILLED: "uppfyllt", Level.PARTLY: "delvis uppfyllt", Level.NOT_FULFILLED: "ej uppfyllt",
               Level.NOT_ASSESSED: "ej bedömt"}
TREND_NAMES = {Trend.IMPROVED: "förbättring", Trend.UNCHANGED: "oförändrat", Trend.WORSENED: "försämring",
               Trend.INCREASED: "ökat", Trend.DECREASED: "minskat", None: "ingen pil"}
JUDGED_TRENDS = (Trend.IMPROVED, Trend.UNCHANGED, Trend.WORSENED, None)
RAW_TRENDS = (Trend.INCREASED, Trend.UNCHANGED, Trend.DECREASED, None)


def selected(case: Case, pattern: str | None) -> bool:
    """`--run`: the case's name contains the pattern, or matches it as a glob (`*sjuk*`), in any case."""
    if not pattern:
        return True
    name, pattern = case.name.casefold(), pattern.casefold()
    return pattern in name or fnmatch.fnmatchcase(name, pattern)


def run_rule_tests(files: Iterable[TestFile], pattern: str | None = None, *, engine: str = "durable") -> RunResult:
    """Every selected case of every file, evaluated and compared; raises RuleTestError when a case
    cannot be evaluated at all (a mistake in the test file that only the evaluation finds)."""
    outcome = RunResult()
    for file in files:
        results = [run_case(file, case, engine=engine) for case in file.cases if selected(case, pattern)]
        outcome.files.append(FileResult(file=file, results=tuple(results)))
    return outcome


def run_case(file: TestFile, case: Case, *, engine: str = "durable") -> CaseResult:
    try:
        result = evaluate(file.scorecard, case.measures, case.period, lang=file.lang, engine=engine,
                          assessments=case.assessments)
    except MalmotorError as exc:
        if exc.exit_code not in (1, 2):  # the engine failed: not the test file's fault, and not a failed case
            raise
        raise RuleTestError([Diagnostic(case.file, case.line,
                                        Bilingual(f"Fallet '{case.name}' kan inte bedömas.",
                                                  f"The case '{case.name}' cannot be assessed."),
                                        Bilingual("Se felet nedan.", "See the error below."),
                                        code="fall-kan-inte-bedömas"), *exc.diagnostics]) from None
    rows = {(row.id, row.group and (row.dimension, row.group), row.org_unit): row for row in result.indicators}
    nodes = {(node.id, node.org_unit): node for node in result.nodes}
    differences, levels, trends = [], set(), set()
    for expected in case.expectations:
        if expected.kind == "nod":
            node = nodes.get((expected.id, expected.org_unit))
            differences += _compare(file, expected, node)
            continue
        group = (expected.group.dimension, expected.group.name) if expected.group else None
        row = rows.get((expected.id, group, expected.org_unit))
        found = _compare(file, expected, row)
        differences += found
        if row is None or expected.group is not None:
            continue
        failed = {difference.field for difference in found}
        computed = row.manual.computed_level if row.manual is not None and row.manual.decided else row.level
        if expected.computed_level is not None and "beräknad nivå" not in failed:
            levels.add((expected.id, computed))
        elif expected.level is not None and "nivå" not in failed and computed is row.level:
            levels.add((expected.id, row.level))
        if expected.trend is not None and "pil" not in failed:
            trends.add((expected.id, row.trend))
    return CaseResult(case=case, differences=tuple(differences), reached_levels=frozenset(levels),
                      reached_trends=frozenset(trends))


def _compare(file: TestFile, expected: Expectation, row: IndicatorResult | NodeResult | None) -> list[Difference]:
    label = expected.label
    if row is None:
        what = "noden har ingen sammanvägning" if expected.kind == "nod" else "raden finns inte i resultatet"
        return [Difference(label, "rad", "en rad", f"ingen ({what})")]
    legend, lang, found = file.scorecard.legend, file.lang, []
    for field, word in (("nivå", expected.level), ("beräknad nivå", expected.computed_level)):
        if word is None:
            continue
        if field == "nivå":
            level, declared = row.level, row.legend_level
        elif row.manual is not None and row.manual.decided:
            level, declared = row.manual.computed_level, None
        else:
            level, declared = row.level, row.legend_level
        same = declared == word.declared if word.declared is not None else level is word.level
        if not same:
            shown = legend.entry_for(level, declared if word.declared is not None else None).text_in(lang)
            found.append(Difference(label, field, f"'{word.written}'", f"'{shown}'"))
    if expected.trend is not None and row.trend is not expected.trend.trend:
        shown = TREND_NAMES[row.trend] if row.trend is None or row.trend not in legend.trends \
            else legend.trends[row.trend].text_in(lang)
        found.append(Difference(label, "pil", f"'{expected.trend.written}'", f"'{shown}'"))
    for words in expected.contains:
        if words.casefold() not in row.explanation.casefold():
            found.append(Difference(label, "förklaring", f"'{words}' i texten", f"'{row.explanation}'"))
    return found


# --- output -----------------------------------------------------------------------------------------

def _count(number: int, one: str, many: str) -> str:
    return f"{number} {one if number == 1 else many}"


def summary_line(outcome: RunResult) -> str:
    """`12 fall, 11 godkända, 1 underkänt`."""
    cases, failed = outcome.cases, outcome.failed
    return (f"{len(cases)} fall, {_count(len(cases) - len(failed), 'godkänt', 'godkända')}, "
            f"{_count(len(failed), 'underkänt', 'underkända')}")


def failure_text(result: CaseResult) -> str:
    """A failed case: where it is and its name, then each field that differs, expected against actual."""
    lines = [f"{result.case.where}: underkänt: {result.case.name}"]
    lines += [f"    {difference.render()}" for difference in result.differences]
    return "\n".join(lines)


def report_text(outcome: RunResult, with_coverage: bool = False) -> str:
    parts = [failure_text(result) for result in outcome.failed]
    if with_coverage:
        parts.append(coverage_text(outcome))
    parts.append(summary_line(outcome))
    return "\n".join(parts) + "\n"


# --- coverage -----------------------------------------------------------------------------------------

def possible_levels(indicator: Indicator, scorecard: Scorecard, interim_judged: bool = True) -> tuple[Level, ...]:
    """The levels the indicator's target can give (its own row), from the model: ej bedömt always (a value
    that is missing); delvis only where the target has a band, or for a milestone whose parts can be under way."""
    found: set[Level] = {Level.NOT_ASSESSED}
    targets = [indicator.target, *(indicator.interim.stated.values() if indicator.interim else ())]
    for target in targets:
        if isinstance(target, (NewMeasureTarget, NoTarget, ManualTarget)):
            continue
        found |= {Level.FULFILLED, Level.NOT_FULFILLED}
        if _can_be_partly(indicator.model_copy(update={"target": target}), scorecard):
            found.add(Level.PARTLY)
        if isinstance(target, MilestoneTarget) and not _milestone_can_fail(indicator, target, scorecard):
            found.discard(Level.NOT_FULFILLED)
    if not scorecard.partial_at_year_end and not interim_judged:
        found.discard(Level.PARTLY)  # `delvis vid årsbokslut: nej`, and every case judges a year-end
    return tuple(level for level in LEVEL_ORDER if level in found)


def _can_be_partly(indicator: Indicator, scorecard: Scorecard) -> bool:
    target, partial = indicator.target, indicator.partial
    if isinstance(target, ThresholdTarget):
        return partial is not None and (target.strict or indicator.partial_limit() != target.bound)
    if isinstance(target, RangeTarget):
        return isinstance(partial, PartialRange)
    if isinstance(target, ComparisonTarget):
        return isinstance(partial, PartialMargin) and partial.share > 0
    if isinstance(target, (ChangeTarget, NoWorseTarget, UnchangedTarget, CapabilityTarget)):
        return False
    if isinstance(target, MilestoneTarget):
        scale = scorecard.status_scale_for(indicator)
        needed = [scale.index(part.required) for part in target.parts]
        thresholds = [_threshold(indicator, scale, each) for each in needed]
        # a part under way but not there; or, with several parts, one there while another is not
        return any(t < n for t, n in zip(thresholds, needed)) or (len(needed) > 1 and any(n > 0 for n in needed))
    return False


def _threshold(indicator: Indicator, scale: tuple[str, ...], needed: int) -> int:
    """As the milestone rules decide: from which status a part counts as under way."""
    if isinstance(indicator.partial, PartialStatus):
        return min(scale.index(indicator.partial.status), needed)
    return needed - 1 if needed >= 2 else needed


def _milestone_can_fail(indicator: Indicator, target: MilestoneTarget, scorecard: Scorecard) -> bool:
    scale = scorecard.status_scale_for(indicator)
    return all(_threshold(indicator, scale, scale.index(part.required)) > 0 for part in target.parts)


def possible_trends(indicator: Indicator) -> tuple[Trend | None, ...]:
    """The arrows the indicator can get: none for a new measure; the raw direction (ökat, minskat) without a
    target that judges and without `riktning`; else förbättring, oförändrat, försämring; ingen pil always."""
    target = indicator.target
    if isinstance(target, NewMeasureTarget):
        return (None,)
    if indicator.polarity is None and not isinstance(target, (MilestoneTarget, CapabilityTarget, RangeTarget)):
        return RAW_TRENDS
    return JUDGED_TRENDS


def coverage(outcome: RunResult) -> dict[str, dict[str, tuple[tuple[Level, ...], tuple[Trend | None, ...]]]]:
    """Per rule file, per indicator (in file order): the levels and arrows it can get that no case reached.
    Indicators with nothing missing are left out."""
    by_rules: dict[str, list[FileResult]] = {}
    for each in outcome.files:
        by_rules.setdefault(each.file.rules, []).append(each)
    found = {}
    for rules, files in by_rules.items():
        scorecard = files[0].file.scorecard
        results = [result for each in files for result in each.results]
        levels = {reached for result in results for reached in result.reached_levels}
        trends = {reached for result in results for reached in result.reached_trends}
        interim = any(is_interim(result.case.period) for result in results)
        missing = {}
        for _, indicator in scorecard.rows():
            lacking_levels = tuple(level for level in possible_levels(indicator, scorecard, interim)
                                   if (indicator.id, level) not in levels)
            lacking_trends = tuple(trend for trend in possible_trends(indicator) if (indicator.id, trend) not in trends)
            if lacking_levels or lacking_trends:
                missing[indicator.id] = (lacking_levels, lacking_trends)
        found[rules] = missing
    return found


def coverage_text(outcome: RunResult) -> str:
    lines = []
    for rules, missing in coverage(outcome).items():
        scorecard = next(each.file.scorecard for each in outcome.files if each.file.rules == rules)
        total = sum(1 for _ in scorecard.rows())
        if not missing:
            lines.append(f"Täckning för {rules}: full; varje nivå och pil som målen kan ge nås "
                         f"({_count(total, 'indikator', 'indikatorer')}).")
            continue
        lines.append(f"Täckning för {rules}: {len(missing)} av {total} indikatorer når inte allt som målet kan ge:")
        for ident, (levels, trends) in missing.items():
            said = []
            if levels:
                said.append("nivå " + ", ".join(LEVEL_NAMES[level] for level in levels))
            if trends:
                said.append("pil " + ", ".join(TREND_NAMES[trend] for trend in trends))
            lines.append(f"    {ident}: " + "; ".join(said))
    return "\n".join(lines)
