"""The full trace of one row's verdict (`malmotor explain`): the target as parsed, the values and comparison
periods with the file and line of each, the rule that decided with its description, why every other level
did not apply, the arrow's rule, and a person's decision, gaps and roll-up parents where there are any.

Everything comes from an `Assessment` (the engine's verdict, rule names and typed inputs) and its presented
row: nothing is decided again, so the level shown is always the engine's.
"""

from __future__ import annotations

from ..decide import gaps as gap_rules, interim, rollup
from ..decide.rulebook import RULES_BY_NAME
from ..diagnostics import Bilingual, OptionError, error, suggestion
from ..model import (Assessment, ComparisonTarget, GapResult, GroupsResult, IndicatorResult, Level, ManualResult,
                     PartialRange, PathStep, RangeTarget, Reason, ThresholdTarget, Trend, Verdict)
from ..model.frozen import Frozen
from ..model.period import Period
from ..model.jsonnumber import JsonNumber
from .interim import target_phrase
from .present import present
from .rule_descriptions import described
from .sentences import Explainer, POLARITY_TEXT, operator_words
from .trace_levels import LevelCheck, level_checks

TRACE_FORMAT = 1

KIND_TEXT = {
    "sv": {"gräns": "gränsvärde", "intervall": "intervall", "jämförelse": "jämförelse med andra",
           "förändring": "förändring", "ingen_försämring": "ingen försämring", "oförändrat": "oförändrat",
           "milstolpe": "milstolpe", "förmåga": "förmåga", "nytt_mått": "nytt mått", "inget_mål": "inget mål",
           "manuell": "bedöms manuellt"},
    "en": {"gräns": "threshold", "intervall": "range", "jämförelse": "comparison with others",
           "förändring": "change", "ingen_försämring": "no deterioration", "oförändrat": "unchanged",
           "milstolpe": "milestone", "förmåga": "capability", "nytt_mått": "new measure", "inget_mål": "no target",
           "manuell": "assessed manually"},
}
ROLE_TEXT = {
    "sv": {"värde": "värdet", "snitt": "i snittet", "mål": "målets jämförelsevärde", "pil": "pilens jämförelsevärde"},
    "en": {"värde": "the value", "snitt": "in the average", "mål": "the target's comparison value",
           "pil": "the arrow's comparison value"},
}
YEAR_END_DESCRIPTION = {
    "sv": "Delvis vid årsbokslut: nej: vid årsbokslut blir delvis uppfyllt ej uppfyllt.",
    "en": "'delvis vid årsbokslut: nej': at a year-end, partly fulfilled becomes not fulfilled.",
}


class TraceTarget(Frozen):
    """The target as the rule file writes it and as it was parsed."""

    phrase: str
    text: str  # as the explanation states it: "minst 80 %"
    kind: str  # the parsed kind: gräns, intervall, förändring …
    kind_text: str
    bound: JsonNumber | None = None  # a threshold's bound
    low: JsonNumber | None = None  # a range's bounds
    high: JsonNumber | None = None
    operator: str | None = None  # minst or högst (from the phrase, else from the polarity)
    strict: bool = False  # över/under: the bound itself is not enough
    polarity: str | None = None  # högre är bättre, lägre är bättre
    partial: str | None = None  # `delvis` as written
    partial_limit: JsonNumber | None = None  # the limit the rules compared with
    partial_limit_text: str | None = None
    dead_band: JsonNumber
    dead_band_text: str
    compared_with: Period | None = None  # what Öka, Ingen ökning or minst medel compared with
    series: str | None = None  # minst medel: the series
    arrow_compared_with: Period | None = None
    required_statuses: tuple[str, ...] = ()
    average: str | None = None  # `i snitt … under 2021–2023`: the years


class TraceValue(Frozen):
    """A value the verdict was made on: which role it played, its period, and where it was written."""

    role: str  # värde, snitt, mål, pil
    role_text: str
    period: Period
    found: bool
    value: JsonNumber | None = None
    statuses: tuple[str, ...] = ()
    text: str
    source: str | None = None  # file:line


class TraceRule(Frozen):
    name: str
    description: str  # as malmotor's rules describe themselves, in the trace's language (rule_descriptions.py)


class TraceParent(Frozen):
    """A node above the row with a roll-up verdict: its level, and whether it counts this indicator itself."""

    id: str
    name: str
    level_name: str
    level: Level
    level_text: str
    symbol: str
    rule: TraceRule
    counts_this: bool
    explanation: str


class Trace(Frozen):
    malmotor_trace: int = TRACE_FORMAT
    language: str
    period: Period
    id: str
    name: str
    dimension: str | None
    group: str | None
    org_unit: str | None
    path: tuple[PathStep, ...]
    target: TraceTarget
    values: tuple[TraceValue, ...]
    level: Level  # the published level (a person's decision, where there is one)
    level_reason: Reason | None
    level_text: str
    symbol: str
    computed_level: Level  # the engine's
    fulfilment_rule: TraceRule
    year_end_rule: TraceRule | None = None
    levels: tuple[LevelCheck, ...]
    trend: Trend | None
    trend_reason: Reason | None
    trend_text: str
    arrow: str
    trend_rule: TraceRule
    trend_sentence: str  # the arrow's sentence, naming its comparison value and period
    trend_change: str | None = None  # the change the arrow was decided on, beside the dead band
    explanation: str
    manual: ManualResult | None = None
    gaps: tuple[GapResult, ...] = ()
    groups: GroupsResult | None = None
    parents: tuple[TraceParent, ...] = ()

    def to_json(self) -> str:
        """Deterministic JSON: the same inputs give the same text."""
        return self.model_dump_json(indent=2) + "\n"


def trace(assessment: Assessment, indicator: str, *, group: str | None = None, org_unit: str | None = None,
          lang: str = "sv") -> Trace:
    """The trace of one row: `indicator`'s own row, or its row for `group` ("kvinnor", "kön: kvinnor") and
    `org_unit`. An unknown id, group or unit raises `OptionError` with a suggestion."""
    verdict = _find(assessment, indicator, group, org_unit)
    result = present(assessment, lang)
    row = next(row for row in result.indicators if row.id == verdict.key.indicator and
               row.org_unit == verdict.key.org_unit and row.group == (verdict.key.group.name if verdict.key.group
                                                                       else None))
    scorecard = assessment.scorecard
    model = scorecard.indicators()[verdict.key.indicator]
    explainer = Explainer(result.legend, lang, scorecard.comparison_series)
    rule = _fulfilment_rule(verdict.fulfilment_rule, lang)
    applied = _rule_level(verdict)
    return Trace(
        language=lang, period=assessment.period, id=row.id, name=row.name, dimension=row.dimension, group=row.group,
        org_unit=row.org_unit, path=row.path, target=_target(explainer, model, verdict, row, lang),
        values=_values(explainer, model, verdict, lang), level=row.level, level_reason=row.level_reason,
        level_text=row.level_text, symbol=row.symbol, computed_level=verdict.level, fulfilment_rule=rule,
        year_end_rule=TraceRule(name=verdict.year_end_rule, description=YEAR_END_DESCRIPTION[lang])
        if verdict.year_end_rule else None,
        levels=level_checks(explainer, model, verdict, applied, scorecard.status_scale_for(model), scorecard.legend),
        trend=row.trend, trend_reason=row.trend_reason, trend_text=row.trend_text, arrow=row.arrow,
        trend_rule=TraceRule(name=verdict.trend_rule, description=described(
            verdict.trend_rule, RULES_BY_NAME[verdict.trend_rule].description, lang)),
        trend_sentence=explainer.trend(model, verdict.inputs.model_copy(update={"target_base": None}), verdict.trend,
                                       verdict.trend_reason),
        trend_change=_trend_change(explainer, model, verdict, lang),
        explanation=row.explanation, manual=row.manual, gaps=row.gaps, groups=row.groups,
        parents=_parents(result, row, assessment, lang))


def _find(assessment: Assessment, indicator: str, group: str | None, org_unit: str | None) -> Verdict:
    ids = list(dict.fromkeys(verdict.key.indicator for verdict in assessment.verdicts))
    if indicator not in ids:
        raise OptionError([error("ID", None, Bilingual(f"Indikatorn '{indicator}' finns inte i regelfilen.",
                                                       f"The indicator '{indicator}' is not in the rule file."),
                                 suggestion(indicator, ids) + Bilingual("Indikatorerna är: " + ", ".join(ids) + ".",
                                                                        f"The indicators are: {_listed(ids)}."),
                                 code="okänt-id")])
    rows = [verdict for verdict in assessment.verdicts if verdict.key.indicator == indicator]
    units = list(dict.fromkeys(verdict.key.org_unit for verdict in rows))
    if org_unit is not None:
        named = {unit.casefold(): unit for unit in units if unit is not None}
        if org_unit.casefold() not in named:
            known = ", ".join(named.values()) or "inga (mätvärdena anger ingen enhet)"
            known_en = _listed(named.values()) or "none (the measures name no unit)"
            raise OptionError([error("--enhet", None, Bilingual(f"Enheten '{org_unit}' finns inte för '{indicator}'.",
                                                                f"The unit '{org_unit}' does not exist for "
                                                                f"'{indicator}'."),
                                     suggestion(org_unit, list(named.values())) + Bilingual(
                                         f"Enheterna är: {known}.", f"The units are: {known_en}."),
                                     code="okänd-enhet")])
        org_unit = named[org_unit.casefold()]
    elif len(units) > 1:
        raise OptionError([error("--enhet", None, Bilingual(f"'{indicator}' bedöms per enhet; ange vilken med --enhet.",
                                                            f"'{indicator}' is assessed per unit; say which with "
                                                            "--enhet."),
                                 Bilingual("Enheterna är: " + ", ".join(str(unit) for unit in units) + ".",
                                           f"The units are: {_listed(units)}."),
                                 code="ange-enhet")])
    else:
        org_unit = units[0]
    rows = [verdict for verdict in rows if verdict.key.org_unit == org_unit]
    if group is None:
        return next(verdict for verdict in rows if verdict.key.group is None)
    wanted = " ".join(group.replace("=", ":").split()).casefold()
    for verdict in rows:
        key = verdict.key.group
        if key is not None and wanted in (key.name.casefold(), f"{key.dimension}: {key.name}".casefold(),
                                          f"{key.dimension}:{key.name}".casefold()):
            return verdict
    names = [verdict.key.group.name for verdict in rows if verdict.key.group is not None]
    known = ", ".join(names) or "inga"
    raise OptionError([error("--group", None, Bilingual(f"'{indicator}' har ingen rad för gruppen '{group}'.",
                                                        f"'{indicator}' has no row for the group '{group}'."),
                             suggestion(group, names) + Bilingual(f"Grupperna med värden är: {known}.",
                                                                  "The groups with values are: "
                                                                  f"{_listed(names) or 'none'}."),
                             code="okänd-grupp")])


def _listed(names) -> str:
    """Names from the files as an English sentence cites them: each quoted."""
    return ", ".join(f"'{name}'" for name in names)


def _fulfilment_rule(name: str, lang: str) -> TraceRule:
    rule = RULES_BY_NAME.get(name) or gap_rules.RULES_BY_NAME.get(name)
    return TraceRule(name=name, description=described(name, rule.description, lang) if rule else "")


def _rule_level(verdict: Verdict) -> Level:
    """The level of the rule that fired (before `delvis vid årsbokslut: nej` turned a delvis into ej)."""
    if verdict.year_end_rule == interim.YEAR_END_TURNED:
        return Level.PARTLY
    return verdict.level


def _target(explainer: Explainer, indicator, verdict: Verdict, row: IndicatorResult, lang: str) -> TraceTarget:
    target, inputs = indicator.target, verdict.inputs
    fields = dict(phrase=target_phrase(indicator, lang), text=row.target_text, kind=target.kind, kind_text=KIND_TEXT[lang][target.kind],
                  polarity=POLARITY_TEXT[lang][indicator.polarity] if indicator.polarity else None,
                  partial=" ".join(indicator.partial.text.split()) if indicator.partial else None,
                  partial_limit=verdict.partial_limit, partial_limit_text=row.partial_limit_text,
                  dead_band=indicator.trend.unchanged_within,
                  dead_band_text=explainer.band(indicator, indicator.trend.unchanged_within),
                  compared_with=inputs.target_base.period if inputs.target_base else None,
                  arrow_compared_with=inputs.trend_base.period if inputs.trend_base else None,
                  required_statuses=verdict.required_statuses)
    if isinstance(target, ThresholdTarget):
        fields.update(bound=target.bound, operator=operator_words(indicator), strict=target.strict,
                      average=target.average.text if target.average else None)
    elif isinstance(target, ComparisonTarget):
        fields.update(series=target.series, operator=target.operator or _operator_of(indicator), strict=target.strict)
    elif isinstance(target, RangeTarget):
        fields.update(low=target.low, high=target.high)
        if isinstance(indicator.partial, PartialRange):
            fields.update(partial_limit_text=explainer.range_text(indicator, indicator.partial.low,
                                                                  indicator.partial.high))
    return TraceTarget(**fields)


def _operator_of(indicator) -> str | None:
    return {"högre är bättre": "minst", "lägre är bättre": "högst"}.get(indicator.polarity.value) \
        if indicator.polarity else None


CHANGE_TEXT = {"sv": "ändring {change} mot {base} {period}; dödband ±{band}",
               "en": "change {change} against {base} in {period}; dead band ±{band}"}


def _trend_change(explainer: Explainer, indicator, verdict: Verdict, lang: str) -> str | None:
    """The numeric change the arrow compared with its dead band (signed, in the indicator's unit)."""
    current, base = verdict.inputs.current, verdict.inputs.trend_base
    if base is None or not (current.measured and base.measured) or current.value is None or base.value is None \
            or isinstance(indicator.target, RangeTarget):
        return None
    change = (current.value - base.value).normalize()
    sign = "+" if change > 0 else "−" if change < 0 else "±"
    return CHANGE_TEXT[lang].format(change=sign + explainer.band(indicator, abs(change)),
                                    base=explainer.observation_text(indicator, base), period=explainer.period(base.period),
                                    band=explainer.band(indicator, indicator.trend.unchanged_within))


def _values(explainer: Explainer, indicator, verdict: Verdict, lang: str) -> tuple[TraceValue, ...]:
    inputs, found = verdict.inputs, []

    def add(role: str, observation) -> None:
        found.append(TraceValue(role=role, role_text=ROLE_TEXT[lang][role], period=observation.period,
                                found=observation.measured, value=observation.value, statuses=observation.statuses,
                                text=explainer.observation_text(indicator, observation), source=observation.source))

    add("värde", inputs.current)
    for observation in inputs.averaged:
        if observation.period != inputs.current.period:
            add("snitt", observation)
    if inputs.target_base is not None:
        add("mål", inputs.target_base)
    if inputs.trend_base is not None:
        add("pil", inputs.trend_base)
    return tuple(found)


def _parents(result, row: IndicatorResult, assessment: Assessment, lang: str) -> tuple[TraceParent, ...]:
    """The roll-up verdicts of the nodes above the row, nearest first (none without `sammanvägning`)."""
    if row.group is not None:
        return ()  # group rows are breakdowns: only the indicator's own row is counted
    nodes = {(node.id, node.org_unit): node for node in result.nodes}
    counted = {(verdict.node, verdict.org_unit): any(item.kind == "indikator" and item.id == row.id
                                                    for item in verdict.counted)
               for verdict in assessment.node_verdicts}
    parents = []
    for node_id in [step.id for step in reversed(row.path)] + ["styrkort"]:
        node = nodes.get((node_id, row.org_unit))
        if node is None:
            continue
        rule = rollup.RULES_BY_NAME.get(node.rule)
        parents.append(TraceParent(id=node.id, name=node.name, level_name=node.level_name, level=node.level,
                                   level_text=node.level_text, symbol=node.symbol,
                                   rule=TraceRule(name=node.rule, description=described(node.rule, rule.description,
                                                                                         lang) if rule else ""),
                                   counts_this=counted.get((node.id, row.org_unit), False),
                                   explanation=node.short_explanation))
    return tuple(parents)


__all__ = ["Trace", "TraceParent", "TraceRule", "TraceTarget", "TraceValue", "LevelCheck", "trace"]
