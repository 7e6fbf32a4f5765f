"""The typed model every stage shares: the scorecard and its targets, measured values, what a key
is judged on, and the results. No file I/O, no rule engine, no language here."""

from .measures import KoladaRef, MeasuredValue, Measures
from .observations import IndicatorInputs, Observation, State
from .frozen import Frozen
from .period import Period, PeriodError, PeriodKind
from .keys import TOTAL, Dimension, Group, Key
from .hierarchy import DEFAULT_LEVELS, INDICATORS_KEY, ROLLUP_KINDS, HierarchyLevel, RollupMethod
from .results import Comparison, EvaluationResult, IndicatorResult, ManualResult, NodeResult, PathStep
from .summary import SummaryChange, SummaryCounts, SummaryFacts, SummaryItem, SummaryReason, SummaryText
from .scorecard import (
    Baseline,
    CAPABILITY_SCALE,
    CapabilityTarget,
    ChangeTarget,
    ComparisonSeries,
    ComparisonTarget,
    DEFAULT_STATUS_SCALE,
    Indicator,
    InterimTargets,
    KindMismatch,
    ASSESSED_LEVELS,
    AveragePeriods,
    JUDGED_TRENDS,
    Legend,
    LegendEntry,
    LegendLevel,
    NO_ARROW,
    Level,
    ManualTarget,
    MilestonePart,
    MilestoneTarget,
    NewMeasureTarget,
    NoTarget,
    NoWorseTarget,
    PREVIOUS,
    Partial,
    PartialBound,
    PartialRange,
    RangeTarget,
    range_distance,
    PartialMargin,
    PartialRatio,
    PartialStatus,
    Polarity,
    RELATIVE_KINDS,
    Reason,
    Scorecard,
    Node,
    Target,
    ThresholdTarget,
    Trend,
    TrendSettings,
    UnchangedTarget,
    implied_polarity,
)
from .manual import ManualAssessment, ManualAssessments, ManualDecision
from .verdicts import Assessment, Counted, NodeVerdict, Verdict
from .gaprules import ALL_GROUPS, TOTAL_JUDGEMENT, GapRule, GroupJudgement
from .gaps import GapResult, GapVerdict, GroupCounted, GroupLevel, GroupsResult, GroupsVerdict
