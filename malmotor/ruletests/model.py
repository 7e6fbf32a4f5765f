"""Rule-file unit tests (docs/rule-tests.md) as data: a test file, its cases and what each case expects.

No file I/O and no rule engine here: `load.py` builds these objects from a test file, `run.py`
evaluates every case and compares, `junit.py` writes the outcome as JUnit XML.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..diagnostics import MalmotorError
from ..model import Group, Level, ManualAssessments, Measures, Scorecard, Trend
from ..model.period import Period


class RuleTestError(MalmotorError):
    """A test file that cannot be used as written (exit code 1): not a failed case."""


@dataclass(frozen=True)
class LevelWord:
    """An expected level as written (`ej uppfyllt`, a legend's own word) and what it means: one of
    the four verdicts, or, with a legend of more levels, a declared level (its place in `legend.declared`)."""

    written: str
    level: Level
    declared: int | None = None


@dataclass(frozen=True)
class TrendWord:
    """An expected arrow as written (`förbättring`, `ingen pil`); `trend` None: no arrow."""

    written: str
    trend: Trend | None


@dataclass(frozen=True)
class Expectation:
    """What one row (an indicator's own row, a group row) or one node should get in a case."""

    kind: str  # "indikator" or "nod"
    id: str
    line: int | None
    group: Group | None = None
    org_unit: str | None = None
    level: LevelWord | None = None  # `nivå`: the published level (a person's decision where there is one)
    computed_level: LevelWord | None = None  # `beräknad nivå`: the level the rules computed
    trend: TrendWord | None = None  # `pil`
    contains: tuple[str, ...] = ()  # `förklaring innehåller`

    @property
    def label(self) -> str:
        """How the row is named in a failure: `sjukfranvaro (kön kvinnor, enhet Nord)`, `medarbetare (nod)`."""
        details = []
        if self.kind == "nod":
            details.append("nod")
        if self.group is not None:
            details.append(f"{self.group.dimension} {self.group.name}")
        if self.org_unit is not None:
            details.append(f"enhet {self.org_unit}")
        return self.id + (f" ({', '.join(details)})" if details else "")


@dataclass(frozen=True)
class Case:
    name: str
    file: str
    line: int | None
    period: Period
    measures: Measures
    assessments: ManualAssessments | None
    expectations: tuple[Expectation, ...]

    @property
    def where(self) -> str:
        return f"{self.file}:{self.line}" if self.line else self.file


@dataclass(frozen=True)
class TestFile:
    path: str
    rules: str  # the rule file's path, as it is shown (relative to the working directory where it can be)
    scorecard: Scorecard
    lang: str
    cases: tuple[Case, ...]

    __test__ = False  # not a pytest class


@dataclass(frozen=True)
class Difference:
    """One field of a row that is not what the case expects."""

    row: str  # Expectation.label
    field: str  # "nivå", "pil", "förklaring innehåller '3,8 %'", "rad"
    expected: str
    actual: str

    def render(self) -> str:
        return f"{self.row}: {self.field}: väntat {self.expected}, fick {self.actual}"


@dataclass(frozen=True)
class CaseResult:
    case: Case
    differences: tuple[Difference, ...]
    # What the case reached, for --coverage: (indicator id, level or trend word) the case expected and got.
    reached_levels: frozenset[tuple[str, Level]] = frozenset()
    reached_trends: frozenset[tuple[str, Trend | None]] = frozenset()

    @property
    def passed(self) -> bool:
        return not self.differences


@dataclass(frozen=True)
class FileResult:
    file: TestFile
    results: tuple[CaseResult, ...]  # the cases that ran (all, or those --run selected), in file order


@dataclass
class RunResult:
    files: list[FileResult] = field(default_factory=list)

    @property
    def cases(self) -> list[CaseResult]:
        return [result for each in self.files for result in each.results]

    @property
    def failed(self) -> list[CaseResult]:
        return [result for result in self.cases if not result.passed]
