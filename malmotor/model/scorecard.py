"""The typed scorecard: legend, hierarchy, indicators with parsed targets, and measured values.

No file I/O and no rule engine here: loaders build these objects, the engine and the
reference evaluator read them.
"""

from decimal import ROUND_HALF_UP, Decimal
from enum import Enum
from typing import Annotated, Literal, Union

from pydantic import Field

from ..diagnostics import Diagnostic
from .period import Period, PeriodKind
from .frozen import Frozen
from .gaprules import GapRule, GroupJudgement
from .hierarchy import DEFAULT_LEVELS, HierarchyLevel, RollupMethod
from .keys import Dimension


class Polarity(str, Enum):
    HIGHER_IS_BETTER = "högre är bättre"
    LOWER_IS_BETTER = "lägre är bättre"

    @property
    def sign(self) -> int:
        return 1 if self is Polarity.HIGHER_IS_BETTER else -1


class Level(str, Enum):
    """Måluppfyllelse."""

    FULFILLED = "uppfyllt"
    PARTLY = "delvis_uppfyllt"
    NOT_FULFILLED = "ej_uppfyllt"
    NOT_ASSESSED = "ej_bedomt"


class Trend(str, Enum):
    """Utveckling, in terms of better or worse; only an indicator without a target and without a
    `riktning` gets the raw direction (ökat, minskat), drawn differently."""

    IMPROVED = "forbattring"
    UNCHANGED = "oforandrat"
    WORSENED = "forsamring"
    INCREASED = "okat"  # higher, which is neither better nor worse for this indicator
    DECREASED = "minskat"


class Reason(str, Enum):
    """Why a verdict is "ej bedömt" or why there is no arrow."""

    NO_VALUE = "saknar_varde"
    NEW_MEASURE = "nytt_matt"
    NOT_MEASURABLE = "kan_inte_matas"
    NO_COMPARISON = "saknar_jamforelsevarde"
    NO_TARGET = "inget_mal"  # a measure that is followed, not judged (a KKiK row, a kontrollmått)
    MANUAL = "bedoms_manuellt"  # a target in free text, judged by people (`… (bedöms manuellt)`)
    NO_ASSESSED_CHILDREN = "inga_bedomda"  # a node whose children are all "ej bedömt" (or that has none)


# --- Comparisons ------------------------------------------------------------------------------

class KindMismatch(ValueError):
    """A comparison between periods of different kinds (a tertial with a quarter)."""

    def __init__(self, named: Period, judged: Period) -> None:
        super().__init__(f"{named.text} ({named.kind.value}) and {judged.text} ({judged.kind.value})")
        self.named, self.judged = named, judged


class Baseline(Frozen):
    """What a value is compared with: the previous period, the same period a year earlier, or a
    named period ("2017" means, for a tertial, the same tertial of 2017)."""

    rule: Literal["previous", "same_last_year", "named"] = "previous"
    period: Period | None = None  # for "named"

    def resolve(self, judged: Period) -> Period:
        if self.rule == "previous":
            return judged.previous()
        if self.rule == "same_last_year":
            return judged.same_period_last_year()
        named = self.period
        if named.kind == judged.kind:
            return named
        if named.kind == PeriodKind.YEAR:
            return judged.in_year(named.year)
        raise KindMismatch(named, judged)


PREVIOUS = Baseline()


# --- Targets ("Mått för måluppfyllelse"), parsed from the phrase the scorecard prints ----------

class AveragePeriods(Frozen):
    """`i snitt minst 2 % under 2021–2023`, `i genomsnitt … under budgetperioden`: the years whose values
    are averaged for the level (the arrow and the printed value stay the judged period's own)."""

    first_year: int
    last_year: int
    named: str | None = None  # "budgetperioden", when the target says so rather than the years

    @property
    def text(self) -> str:
        return f"{self.first_year}–{self.last_year}"

    def periods(self, judged: Period) -> tuple[Period, ...]:
        """The periods averaged when `judged` is judged: those of its kind from the first year up to the
        judged period (the average so far), or, after the last year, up to the same period of that year;
        none before the first year."""
        end = judged if judged.year <= self.last_year else judged.in_year(self.last_year)
        found = []
        while end.year >= self.first_year:
            found.append(end)
            end = end.previous()
        return tuple(reversed(found))


class ThresholdTarget(Frozen):
    """`3 %`, `minst 80 %`, `maximalt 3 arbetsveckor`, `över 40 %`: a bound on the value itself.

    `strict` (`över`, `under`, `mer än`, `mindre än`, `>`, `<`): the value must be better than the
    bound; a value equal to it does not reach the target, unlike `minst`/`högst`/`≥`/`≤`."""

    kind: Literal["gräns"] = "gräns"
    phrase: str
    bound: Decimal
    unit: str | None = None
    operator: Literal["minst", "högst"] | None = None  # the direction; None: it comes from the polarity
    strict: bool = False  # över/under: only with an operator (`över` is "minst", strictly)
    average: AveragePeriods | None = None  # `i snitt … under 2021–2023`: judged on the average of these periods


class RangeTarget(Frozen):
    """`mellan 95 och 105 %`, `95–105 %`: the value should lie in the range, bounds included. No `riktning`:
    closer is better, so the arrow compares the distance to the range (0 inside) between the periods."""

    kind: Literal["intervall"] = "intervall"
    phrase: str
    low: Decimal
    high: Decimal
    unit: str | None = None


class ChangeTarget(Frozen):
    """`Öka`, `Minska`, `Öka i jmf med 2017`, `Ska förbättras`: better than the comparison value.

    `förbättra` (`Ska förbättras`) says no direction of its own: better is what `riktning` says."""

    kind: Literal["förändring"] = "förändring"
    phrase: str
    direction: Literal["öka", "minska", "förbättra"]
    base: Baseline | None = None  # "i jmf med 2017"; None: the previous period


class NoWorseTarget(Frozen):
    """`Ingen ökning i jmf med 2017`, `Ingen minskning`: not worse than the comparison value."""

    kind: Literal["ingen_försämring"] = "ingen_försämring"
    phrase: str
    forbidden: Literal["ökning", "minskning"]
    base: Baseline | None = None


class UnchangedTarget(Frozen):
    """`Oförändrat`: within the dead band of the comparison value."""

    kind: Literal["oförändrat"] = "oförändrat"
    phrase: str
    base: Baseline | None = None


class ComparisonTarget(Frozen):
    """`minst medel`, `bättre än medel`, `lägst rikets nivå`, `högst riket`, `bland de 25 % bästa`: a bound
    that is not in the rule file but a comparison value in the measures, one per period (and key), of a
    series the rule file declares under `jämförelser` (the average of a peer group, the country's, the
    limit of the best quartile).

    As for a threshold, `operator` is the direction (None: from `riktning`, for `bättre än` and `bland de
    25 % bästa`) and `strict` (`bättre än`, `över`, `under`) means a value equal to the comparison value
    does not reach the target."""

    kind: Literal["jämförelse"] = "jämförelse"
    phrase: str
    series: str  # the series' name in `jämförelser`: "medel", "riket", "bästa kvartil"
    operator: Literal["minst", "högst"] | None = None
    strict: bool = False


class MilestonePart(Frozen):
    subject: str | None  # "Förstudie", "Windows 10"; None for a bare `Genomförd`
    required: str  # a status on the scorecard's status scale


class MilestoneTarget(Frozen):
    """`Genomförd`, `Rutin finns`, `Förstudie genomförd och … påbörjade`: statuses to reach."""

    kind: Literal["milstolpe"] = "milstolpe"
    phrase: str
    parts: tuple[MilestonePart, ...]


class CapabilityTarget(Frozen):
    """`Möjlighet till att mäta`: met once the thing can be done (ja/nej)."""

    kind: Literal["förmåga"] = "förmåga"
    phrase: str


class NoTarget(Frozen):
    """No `mål`, or `Inget mål`, `Målvärde saknas`, `-`: the value is followed and gets an arrow,
    but no level; it is never counted as a verdict."""

    kind: Literal["inget_mål"] = "inget_mål"
    phrase: str = ""


class ManualTarget(Frozen):
    """`Investeringarna ska självfinansieras (bedöms manuellt)`: free text that cannot be judged
    mechanically. Never a level ("ej bedömt", bedöms manuellt); the arrow as for any value."""

    kind: Literal["manuell"] = "manuell"
    phrase: str
    text: str  # the target without the marker: "Investeringarna ska självfinansieras" ("" if only the marker)


class NewMeasureTarget(Frozen):
    """`Nytt mått`: the baseline year; the value is recorded, nothing is judged."""

    kind: Literal["nytt_mått"] = "nytt_mått"
    phrase: str


Target = Annotated[
    Union[ThresholdTarget, RangeTarget, ComparisonTarget, ChangeTarget, NoWorseTarget, UnchangedTarget, MilestoneTarget,
          CapabilityTarget, NewMeasureTarget, NoTarget, ManualTarget],
    Field(discriminator="kind"),
]

RELATIVE_KINDS = ("förändring", "ingen_försämring", "oförändrat")


# --- Partial fulfilment ("delvis uppfyllt") ------------------------------------------------------

class PartialRatio(Frozen):
    """`minst 80 % av målet`: the share of the target that still counts as partly fulfilled."""

    kind: Literal["andel"] = "andel"
    text: str
    ratio: Decimal  # 0.8


class PartialBound(Frozen):
    """`högst 4 %`: an explicit bound on the worse side of the target."""

    kind: Literal["gräns"] = "gräns"
    text: str
    bound: Decimal


class PartialStatus(Frozen):
    """`minst påbörjad`: for milestones, the status from which a part counts as under way."""

    kind: Literal["status"] = "status"
    text: str
    status: str


class PartialMargin(Frozen):
    """`inom 10 % av medel`, `minst 90 % av medel`, `högst 110 % av medel`: for a comparison target, partly
    fulfilled down to (or up to) the comparison value minus (plus) this share of its size, on its worse side."""

    kind: Literal["marginal"] = "marginal"
    text: str
    share: Decimal  # 0.1


class PartialRange(Frozen):
    """`90–110 %`: for a range target, a wider range that still counts as partly fulfilled."""

    kind: Literal["intervall"] = "intervall"
    text: str
    low: Decimal
    high: Decimal


Partial = Annotated[Union[PartialRatio, PartialBound, PartialStatus, PartialMargin, PartialRange],
                    Field(discriminator="kind")]


class TrendSettings(Frozen):
    compare_with: Baseline = PREVIOUS  # what the arrow compares with
    unchanged_within: Decimal = Decimal(0)  # dead band, in the indicator's unit


class InterimTargets(Frozen):
    """`delårsmål`: what an indicator's target is in a period shorter than the year.

    `proportionellt`: a threshold's bound (and a bound for delvis) times the months the period covers / 12,
    for a quantity that adds up over the year (besök, kr, ärenden); `stated`: a target phrase per kind of
    period ("T1", "delår augusti"), for anything else. A period that is neither keeps the year's target."""

    prorated: bool = False
    stated: dict[str, "Target"] = {}  # "tertial 1", "delår 8", "månad 8" (kind and number) → the period's target


class Indicator(Frozen):
    id: str
    name: str
    unit: str | None = None
    polarity: Polarity | None = None
    target: Target
    partial: Partial | None = None
    trend: TrendSettings = TrendSettings()
    value_range: tuple[Decimal, Decimal] | None = None
    parts: tuple[str, ...] = ()  # names of the parts of a compound milestone, in phrase order
    decimals: int | None = None
    kolada: str | None = None  # the KPI in Kolada whose values are the indicator's: "N00945"
    weight: Decimal = Decimal(1)  # `vikt`: its weight in its goal's `viktat` roll-up
    interim: InterimTargets | None = None  # `delårsmål`: the target of an interim period, pro-rated or stated
    gaps: tuple[GapRule, ...] = ()  # `skillnad mellan kvinnor och män: högst 1 procentenhet`
    judged_on: GroupJudgement | None = None  # `bedöms på: alla grupper`; None: the total decides (`totalt`)
    line: int | None = None

    def target_baseline(self) -> Baseline | None:
        """What Öka/Minska/Ingen ökning/Oförändrat compare with: what the phrase names ("i jmf med
        2017", "jämfört med samma period föregående år"), else the previous period."""
        if self.target.kind not in RELATIVE_KINDS:
            return None
        return self.target.base or PREVIOUS

    def partial_limit(self, comparison: Decimal | None = None) -> Decimal:
        """For a threshold target: the value from which it counts as partly fulfilled (the target
        itself when there is no band, so that "delvis" cannot be reached). For a comparison target the
        same from the comparison value `comparison`: that value − (+) the band's share of its size,
        exact (no rounding: the comparison value is a measured number)."""
        if isinstance(self.target, ComparisonTarget):
            if not isinstance(self.partial, PartialMargin):
                return comparison
            limit = comparison - self.polarity.sign * self.partial.share * abs(comparison)
            # no more decimals than needed, and no fewer than the comparison value's (126 000, not 126 000,0)
            places = max(_decimals(comparison), _decimals(limit.normalize()))
            return limit.quantize(Decimal(1).scaleb(-places))
        bound = self.target.bound
        if isinstance(self.partial, PartialBound):
            return self.partial.bound
        if isinstance(self.partial, PartialRatio):
            # 3 % / 0,7 = 4,2857…: rounded to two more decimals than the target (4,29 %), so that the
            # limit the rules compare with is the one the explanation shows.
            exact = bound / self.partial.ratio if self.polarity is Polarity.LOWER_IS_BETTER else bound * self.partial.ratio
            places = Decimal(1).scaleb(min(bound.as_tuple().exponent, 0) - 2)
            return exact.quantize(places, rounding=ROUND_HALF_UP).normalize()
        return bound


def range_distance(value: Decimal, low: Decimal, high: Decimal) -> Decimal:
    """How far `value` lies outside `low`–`high`: 0 inside, else the distance to the nearer bound."""
    return max(low - value, value - high, Decimal(0))


def _decimals(value: Decimal) -> int:
    exponent = value.as_tuple().exponent
    return -exponent if exponent < 0 else 0


def implied_polarity(target: Target) -> Polarity | None:
    if isinstance(target, (ThresholdTarget, ComparisonTarget)) and target.operator:
        return Polarity.HIGHER_IS_BETTER if target.operator == "minst" else Polarity.LOWER_IS_BETTER
    if isinstance(target, ChangeTarget) and target.direction != "förbättra":
        return Polarity.HIGHER_IS_BETTER if target.direction == "öka" else Polarity.LOWER_IS_BETTER
    if isinstance(target, NoWorseTarget):
        return Polarity.LOWER_IS_BETTER if target.forbidden == "ökning" else Polarity.HIGHER_IS_BETTER
    return None


class Node(Frozen):
    """A perspective, strategic goal, goal, målområde …: a node of the hierarchy at `level` (its place in
    `Scorecard.levels`; -1 for the root, the scorecard itself), with child nodes or, at the last level,
    indicators. `rollup` is its own `sammanvägning`, or the scorecard's default; None: no verdict."""

    id: str
    name: str
    level: int
    children: "tuple[Node, ...]" = ()
    indicators: tuple[Indicator, ...] = ()
    rollup: RollupMethod | None = None
    weight: Decimal = Decimal(1)  # `vikt`: its weight in its parent's `viktat`
    line: int | None = None

    def walk(self, path: "tuple[Node, ...]" = ()):
        """(path from the top, node) for this node and every node beneath, parents first."""
        here = path + (self,) if self.level >= 0 else path
        yield here, self
        for child in self.children:
            yield from child.walk(here)


# --- Legend ------------------------------------------------------------------------------------

class LegendEntry(Frozen):
    text: str
    text_en: str
    symbol: str
    colour: str | None = None
    # A level's word in a forecast (`prognos`): what an interim period says with `under året: prognos`.
    forecast: str | None = None
    forecast_en: str | None = None

    def text_in(self, lang: str) -> str:
        return self.text if lang == "sv" else self.text_en

    def as_forecast(self, fallback: "LegendEntry | None" = None) -> "LegendEntry":
        """The entry whose words are its forecast words (or the fallback's, for a level without its own)."""
        source = self if self.forecast or fallback is None else fallback
        return self.model_copy(update={"text": source.forecast or self.text,
                                       "text_en": source.forecast_en or source.forecast or self.text_en})


NO_ARROW = "ingen_pil"  # in a legend level's trend condition: the row has no arrow
JUDGED_TRENDS = (Trend.IMPROVED.value, Trend.UNCHANGED.value, Trend.WORSENED.value, NO_ARROW)  # what a judged row can have
ASSESSED_LEVELS = (Level.FULFILLED, Level.PARTLY, Level.NOT_FULFILLED)


class LegendLevel(Frozen):
    """One level of a legend written as a list (`teckenförklaring: nivåer:`), such as "ej nått men vi
    rör oss mot det": what it prints, which of the three verdicts it is a shade of (`gäller`, what
    summaries and roll-up count), and its condition within that verdict: the share of the target
    reached (`andel`, from `share_from` % up to but not including `share_below` %) and the arrow."""

    entry: LegendEntry
    counts_as: Level  # uppfyllt, delvis uppfyllt or ej uppfyllt
    share_from: Decimal | None = None  # andel ≥ this, in per cent; None: no lower bound
    share_below: Decimal | None = None  # andel < this; None: no upper bound
    trends: tuple[str, ...] = JUDGED_TRENDS  # Trend values, and NO_ARROW
    line: int | None = None

    @property
    def has_share(self) -> bool:
        return self.share_from is not None or self.share_below is not None

    def takes_share(self, share: Decimal) -> bool:
        return (self.share_from is None or share >= self.share_from) and \
            (self.share_below is None or share < self.share_below)


class Legend(Frozen):
    levels: dict[Level, LegendEntry]
    trends: dict[Trend, LegendEntry]
    reasons: dict[Reason, LegendEntry]
    # Levels beyond three: when given, what a judged row prints comes from these (see LegendLevel),
    # and `levels` keeps the words of the three verdicts they are shades of.
    declared: tuple[LegendLevel, ...] = ()
    # What the Utveckling column shows when there is no arrow (`ingen pil: Ingen`); "" by default.
    no_arrow: LegendEntry = LegendEntry(text="ingen pil", text_en="no arrow", symbol="")
    # The mark beside the symbol of a level a person decided (`manuell bedömning`), in every format.
    manual: LegendEntry = LegendEntry(text="manuell bedömning", text_en="manual assessment", symbol="*")

    def entry_for(self, level: Level, declared: int | None) -> LegendEntry:
        """The words, symbol and colour a row with this verdict prints."""
        return self.declared[declared].entry if declared is not None else self.levels[level]


class ComparisonSeries(Frozen):
    """A series of comparison values declared under `jämförelser` (`medel: liknande kommuner`): its
    name, which targets (`minst medel`) and measures (`jämförelse: {medel: …}`) use, and what it is, as
    sentences say it ("medel 140 000 kr för liknande kommuner 2019")."""

    name: str  # "medel"
    text: str  # "liknande kommuner"
    text_en: str | None = None  # for English sentences; None: `text`
    kolada: str | None = None  # the id Kolada answers the series' values under (`municipality`): "0000" for riket

    def text_in(self, lang: str) -> str:
        return self.text if lang == "sv" else self.text_en or self.text


DEFAULT_STATUS_SCALE = ("ej påbörjad", "påbörjad", "delvis genomförd", "genomförd")
CAPABILITY_SCALE = ("nej", "ja")


class Scorecard(Frozen):
    name: str
    source: str  # the file it came from, for messages
    legend: Legend
    status_scale: tuple[str, ...] = DEFAULT_STATUS_SCALE
    dimensions: tuple[Dimension, ...] = ()  # breakdowns measures may give values for (kön, verksamhetsområde)
    org_units: tuple[str, ...] = ()  # the organisational units, if the rule file names them
    kolada_units: dict[str, str] = {}  # Kolada id of a municipality or unit → its name in `org_units`
    comparison_series: tuple[ComparisonSeries, ...] = ()  # `jämförelser`: medel, riket, bästa kvartil …
    levels: tuple[HierarchyLevel, ...] = DEFAULT_LEVELS  # `hierarki`: perspektiv → strategiskt mål → mål
    # `kräv analys: ej uppfyllt`: the levels a row or node must have a written analysis for (a warning if not).
    analysis_required: tuple[Level, ...] = ()
    # `under året: prognos`: an interim period (tertial, delår …) speaks in forecasts ("bedöms uppfyllas").
    forecast_during_year: bool = False
    # `delvis vid årsbokslut: nej`: at a year-end a verdict of delvis uppfyllt is ej uppfyllt (no yellow then).
    partial_at_year_end: bool = True
    root: Node  # the scorecard itself (level -1): the top level's nodes, or the indicators when there are no levels
    warnings: tuple[Diagnostic, ...] = ()  # what the rule file most likely has wrong but can be used as written

    def rows(self):
        """Every indicator with its path of nodes from the top, in the order of the file."""
        for path, node in self.root.walk():
            for indicator in node.indicators:
                yield path, indicator

    def nodes(self):
        """Every node (not the root) with its path from the top (ending with the node), parents first."""
        return [(path, node) for path, node in self.root.walk() if node.level >= 0]

    def indicators(self) -> dict[str, Indicator]:
        return {indicator.id: indicator for _, indicator in self.rows()}

    def series_named(self, name: str) -> ComparisonSeries | None:
        """The declared comparison series called `name` (capitals and spaces do not matter)."""
        wanted = " ".join(name.split()).casefold()
        return next((series for series in self.comparison_series if series.name.casefold() == wanted), None)

    def status_scale_for(self, indicator: Indicator) -> tuple[str, ...]:
        return CAPABILITY_SCALE if isinstance(indicator.target, CapabilityTarget) else self.status_scale
