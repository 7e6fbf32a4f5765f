"""Explanations in Swedish (default) or English: what was decided, on which values.

"Sjukfrånvaro 3,8 % är över målet högst 3 % (ej uppfyllt). Försämring från 3,4 % 2017;
lägre är bättre."
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal, localcontext

from ..model import IndicatorInputs, Observation
from ..model import (
    CapabilityTarget,
    ChangeTarget,
    ComparisonSeries,
    ComparisonTarget,
    Indicator,
    Legend,
    Level,
    ManualTarget,
    MilestoneTarget,
    NoTarget,
    NoWorseTarget,
    PartialRange,
    Polarity,
    RangeTarget,
    Reason,
    range_distance,
    ThresholdTarget,
    Trend,
    UnchangedTarget,
)
from ..numbers import decimals_of, format_number, format_quantity, trimmed

TEXTS = {
    "sv": {
        "reached_min": "{value} når målet {target}",
        "reached_max": "{value} är inom målet {target}",
        "short_min": "{value} är under målet {target}",
        "short_max": "{value} är över målet {target}",
        "on_bound": "{value} är lika med gränsen i målet {target} och når det därför inte",
        "partly_min": " men når gränsen för delvis uppfyllt, {limit}",
        "partly_max": " men är inom gränsen för delvis uppfyllt, {limit}",
        "not_partly_min": " och under gränsen för delvis uppfyllt, {limit}",
        "not_partly_max": " och över gränsen för delvis uppfyllt, {limit}",
        "increased": "{value} har ökat från {base} {period}{band}",
        "decreased": "{value} har minskat från {base} {period}{band}",
        "not_increased": "{value} har inte ökat från {base} {period}{band}",
        "not_decreased": "{value} har inte minskat från {base} {period}{band}",
        "improved": "{value} är bättre än {base} {period}{band}",
        "not_improved": "{value} är inte bättre än {base} {period}{band}",
        "no_increase_ok": "{value} är ingen ökning jämfört med {base} {period}{band}",
        "no_decrease_ok": "{value} är ingen minskning jämfört med {base} {period}{band}",
        "increase_bad": "{value} är en ökning jämfört med {base} {period}{band}",
        "decrease_bad": "{value} är en minskning jämfört med {base} {period}{band}",
        "unchanged_ok": "{value} är oförändrat jämfört med {base} {period}, inom dödbandet ±{band}",
        "unchanged_bad": "{value} har ändrats jämfört med {base} {period} med mer än dödbandet ±{band}",
        "band": " med mer än dödbandet ±{band}",
        "declared_level": "{level}, räknas som {verdict}",
        "average": "snittet {average} för {periods} ({values})",
        "average_each": "{value} {period}",
        "average_first": "det första året av {span}",
        "average_target": " i snitt under {span}",
        "budget_span": "budgetperioden {years}",
        "average_missing": "målet gäller snittet under {span}, och värdet för {period} saknas",
        "average_before": "målet gäller snittet under {span}, som börjar efter {period}",
        "share": "; {share} av målet",
        "no_worse_band": " utöver dödbandet ±{band}",
        "trend_band": ", inom dödbandet ±{band}",
        "needs_base": "{value}, men målet '{target}' kräver ett värde för {period} och det saknas",
        "status": "status {statuses}; målet kräver {required}",
        "part": "{part} {status}, kräver {required}",
        "capability": "värdet är '{statuses}' för målet '{target}'",
        "new_measure": "{value} är ett nytt mått; värdet redovisas men bedöms inte",
        "no_target": "{value}; indikatorn har inget mål och bedöms inte",
        "no_target_text": "inget mål",
        "manual": "målet{target} bedöms manuellt",
        "manual_value": "{value}; målet{target} bedöms manuellt",
        "manual_text": "bedöms manuellt",
        "raw_direction": " (utan mål och riktning: varken bättre eller sämre)",
        "raw_direction_manual": " (utan riktning: varken bättre eller sämre)",
        "missing_absent": "värde för {period} saknas i mätvärdena",
        "missing_part": "värde för delmålet '{part}' {period} saknas i mätvärdena",
        "missing_explicit": "värde för {period} saknas; det är angivet som saknat i mätvärdena",
        "not_measurable": "värdet för {period} kan inte mätas, enligt mätvärdena",
        "trend_better": "{trend} från {base} {period}",
        "trend_unchanged": "{trend} jämfört med {base} {period}",
        "polarity": "; {polarity}",
        "no_arrow_new": "Ingen utvecklingspil: nytt mått.",
        "no_arrow_base": "Ingen utvecklingspil: värde för {period} saknas.",
        "no_arrow_value": "Ingen utvecklingspil utan värde.",
        "missing": "saknas",
        "and": "; ",
        "percentage_points": "procentenheter",
        "trend_short": "{trend}",
    },
    "en": {
        "reached_min": "{value} meets the target {target}",
        "reached_max": "{value} is within the target {target}",
        "short_min": "{value} is below the target {target}",
        "short_max": "{value} is above the target {target}",
        "on_bound": "{value} equals the limit of the target {target} and so does not meet it",
        "partly_min": " but reaches the limit for partly fulfilled, {limit}",
        "partly_max": " but is within the limit for partly fulfilled, {limit}",
        "not_partly_min": " and below the limit for partly fulfilled, {limit}",
        "not_partly_max": " and above the limit for partly fulfilled, {limit}",
        "increased": "{value} has increased from {base} in {period}{band}",
        "decreased": "{value} has decreased from {base} in {period}{band}",
        "not_increased": "{value} has not increased from {base} in {period}{band}",
        "not_decreased": "{value} has not decreased from {base} in {period}{band}",
        "improved": "{value} is better than {base} in {period}{band}",
        "not_improved": "{value} is not better than {base} in {period}{band}",
        "no_increase_ok": "{value} is no increase compared with {base} in {period}{band}",
        "no_decrease_ok": "{value} is no decrease compared with {base} in {period}{band}",
        "increase_bad": "{value} is an increase compared with {base} in {period}{band}",
        "decrease_bad": "{value} is a decrease compared with {base} in {period}{band}",
        "unchanged_ok": "{value} is unchanged compared with {base} in {period}, within the dead band ±{band}",
        "unchanged_bad": "{value} has changed compared with {base} in {period} by more than the dead band ±{band}",
        "band": " by more than the dead band ±{band}",
        "declared_level": "{level}, counted as {verdict}",
        "average": "the average {average} for {periods} ({values})",
        "average_each": "{value} in {period}",
        "average_first": "the first year of {span}",
        "average_target": " on average over {span}",
        "budget_span": "the budget period {years}",
        "average_missing": "the target is an average over {span}, and the value for {period} is missing",
        "average_before": "the target is an average over {span}, which begins after {period}",
        "share": "; {share} of the target",
        "no_worse_band": " beyond the dead band ±{band}",
        "trend_band": ", within the dead band ±{band}",
        "needs_base": "{value}, but the target '{target}' needs a value for {period}, which is missing",
        "status": "status {statuses}; the target requires {required}",
        "part": "{part} {status}, requires {required}",
        "capability": "the value is '{statuses}' for the target '{target}'",
        "new_measure": "{value} is a new measure; the value is reported but not assessed",
        "no_target": "{value}; the indicator has no target and is not assessed",
        "no_target_text": "no target",
        "manual": "the target{target} is assessed manually",
        "manual_value": "{value}; the target{target} is assessed manually",
        "manual_text": "assessed manually",
        "raw_direction": " (no target and no direction: neither better nor worse)",
        "raw_direction_manual": " (no direction: neither better nor worse)",
        "missing_absent": "no value for {period} in the measures",
        "missing_part": "no value for the part '{part}' for {period} in the measures",
        "missing_explicit": "no value for {period}; it is marked as missing in the measures",
        "not_measurable": "the value for {period} cannot be measured, according to the measures",
        "trend_better": "{trend} from {base} in {period}",
        "trend_unchanged": "{trend} compared with {base} in {period}",
        "polarity": "; {polarity}",
        "no_arrow_new": "No arrow: new measure.",
        "no_arrow_base": "No arrow: no value for {period}.",
        "no_arrow_value": "No arrow without a value.",
        "missing": "missing",
        "and": "; ",
        "percentage_points": "percentage points",
        "trend_short": "{trend}",
    },
}

POLARITY_TEXT = {
    "sv": {Polarity.HIGHER_IS_BETTER: "högre är bättre", Polarity.LOWER_IS_BETTER: "lägre är bättre"},
    "en": {Polarity.HIGHER_IS_BETTER: "higher is better", Polarity.LOWER_IS_BETTER: "lower is better"},
}


# Values as published reports write them (load/values.py): the word a missing value is written with,
# quoted; a comparison value derived from a change written with a later value, said to be so.
VALUE_TEXTS = {
    "sv": {
        "missing_written": "värde för {period} saknas; det är angivet som '{word}' i mätvärdena",
        "derived_increase": ", räknat ur ökningen {change}",
        "derived_decrease": ", räknat ur minskningen {change}",
    },
    "en": {
        "missing_written": "no value for {period}; it is given as '{word}' in the measures",
        "derived_increase": ", derived from the increase of {change}",
        "derived_decrease": ", derived from the decrease of {change}",
    },
}

# A target such as `minst medel`: the comparison named as a series of the rule file ("medel 140 000 kr för
# liknande kommuner 2019"), never as if it were a target written in it.
COMPARISON_TEXTS = {
    "sv": {
        "cmp_higher": "{value} är högre än {reference}, och målet är {target}",
        "cmp_lower": "{value} är lägre än {reference}, och målet är {target}",
        "cmp_equal": "{value} är lika med {reference}, och målet är {target}",
        "cmp_reference": "{name} {value}{text} {period}",
        "cmp_text": " för {text}",
        "cmp_partial": "; gränsen för delvis uppfyllt ({band}) är {limit}",
        "cmp_missing": "{value}, men målet {target} kräver {series} {period}, och det värdet saknas i mätvärdena",
        "cmp_missing_written": "{value}, men målet {target} kräver {series} {period}, och det är angivet som "
                               "'{word}' i mätvärdena",
    },
    "en": {
        "cmp_higher": "{value} is higher than {reference}, and the target is {target}",
        "cmp_lower": "{value} is lower than {reference}, and the target is {target}",
        "cmp_equal": "{value} equals {reference}, and the target is {target}",
        "cmp_reference": "{name} {value}{text} in {period}",
        "cmp_text": " for {text}",
        "cmp_partial": "; the limit for partly fulfilled ({band}) is {limit}",
        "cmp_missing": "{value}, but the target {target} needs {series} in {period}, and that value is missing in "
                       "the measures",
        "cmp_missing_written": "{value}, but the target {target} needs {series} in {period}, which is given as "
                               "'{word}' in the measures",
    },
}
# A range (`95–105 %`): inside it, or how far above or below it; closer is better.
RANGE_TEXTS = {
    "sv": {
        "range_inside": "{value} ligger inom målet {target}",
        "range_above": "{value} ligger {distance} över målet {target}",
        "range_below": "{value} ligger {distance} under målet {target}",
        "range_partly": ", inom gränsen för delvis uppfyllt, {limit}",
        "range_not_partly": ", utanför gränsen för delvis uppfyllt, {limit}",
        "range_polarity": "närmare målet är bättre",
    },
    "en": {
        "range_inside": "{value} lies within the target {target}",
        "range_above": "{value} lies {distance} above the target {target}",
        "range_below": "{value} lies {distance} below the target {target}",
        "range_partly": ", within the limit for partly fulfilled, {limit}",
        "range_not_partly": ", outside the limit for partly fulfilled, {limit}",
        "range_polarity": "closer to the target is better",
    },
}
for _group in (VALUE_TEXTS, COMPARISON_TEXTS, RANGE_TEXTS):  # one table per language, kept apart by theme
    for _lang, _texts in _group.items():
        TEXTS[_lang].update(_texts)
# "Ska vara minst medel" is "minst medel" in a sentence (as the target parser reads it).
_MODAL = re.compile(r"^(?:ska|skall)\s+(?:(?:vara|uppgå\s+till|ligga\s+på|ligga|nå|hålla\s+sig)\s+)?", re.IGNORECASE)
# Put after a comparison period whose value is derived; replaced by the clause that says so.
_DERIVED = "\ue000"
# Stands for the value in a sentence made once for many values (`_judged_threshold`).
_VALUE = "\ue001"


# How many (indicator, text) pairs an Explainer remembers (`_of_indicator`): more than a scorecard's indicators.
REMEMBERED_TEXTS = 4096
REMEMBERED_OBSERVATIONS = 16  # (observation, text) pairs: a row's few
REMEMBERED_PERIODS = 256  # (period, text) pairs: a run's values have a few periods


class Explainer:
    def __init__(self, legend: Legend, lang: str, series: tuple[ComparisonSeries, ...] = ()) -> None:
        self.legend = legend
        self.lang = lang
        self.t = TEXTS[lang]
        self.series = {item.name: item for item in series}  # the rule file's `jämförelser`, by name
        self._remembered: dict[tuple[str, int], tuple[Indicator, str]] = {}
        self._observed: dict[int, tuple[Observation | None, Indicator, str]] = {}
        self._periods: dict = {}  # Period → its text in a sentence (`period`)
        self._trend_words: dict[Trend, str] = {}  # the arrow's word as a trend sentence starts with it
        # (id(indicator), level, on the bound) → (indicator, the sentence before the value, after it)
        self._threshold_words: dict[tuple[int, Level, bool], tuple[Indicator, str, str]] = {}
        # (id(indicator), arrow, comparison period) → (indicator, the sentence before the comparison value, after it)
        self._trend_parts: dict[tuple, tuple[Indicator, str, str]] = {}

    def _of_indicator(self, kind: str, indicator: Indicator, make) -> str:
        """A text that depends on the indicator and the language alone (`make(indicator)`), made once per
        indicator: one Explainer presents every unit of a scorecard (explain/scorecard_parts.py), and the
        texts were made again for every key. By identity, since an Indicator is frozen (hashing it would walk
        its target); an entry holds its indicator, so no other object can take its id meanwhile."""
        key = (kind, id(indicator))
        known = self._remembered.get(key)
        if known is not None and known[0] is indicator:
            return known[1]
        text = make(indicator)
        if len(self._remembered) >= REMEMBERED_TEXTS:
            self._remembered.clear()
        self._remembered[key] = (indicator, text)
        return text

    def observation_text(self, indicator: Indicator, observation: Observation | None) -> str:
        """A value as the sentences show it. A row asks for the texts of its few observations again and again
        (in its sentences, as its value, in its comparisons): the last few are remembered, by identity (an
        Observation is frozen; an entry holds it, so no other object can take its id meanwhile)."""
        known = self._observed.get(id(observation))
        if known is not None and known[0] is observation and known[1] is indicator:
            return known[2]
        text = self._observation_text(indicator, observation)
        if len(self._observed) >= REMEMBERED_OBSERVATIONS:
            self._observed.clear()
        self._observed[id(observation)] = (observation, indicator, text)
        return text

    def _observation_text(self, indicator: Indicator, observation: Observation | None) -> str:
        if observation is None or observation.state in ("saknas", "ej_angivet"):
            return self.t["missing"]
        if observation.state == "kan_inte_mätas":
            return self.legend.reasons[Reason.NOT_MEASURABLE].text_in(self.lang)
        if indicator.parts:
            return ", ".join(f"{name} {status}" for name, status in zip(indicator.parts, observation.statuses))
        if observation.statuses:
            return ", ".join(observation.statuses)
        return format_quantity(observation.value, indicator.unit, indicator.decimals, self.lang)

    def quantity(self, indicator: Indicator, value) -> str:
        return format_quantity(value, indicator.unit, indicator.decimals, self.lang)

    def band(self, indicator: Indicator, band) -> str:
        """A dead band; for a share it is in percentage points, not a percentage of the value."""
        if indicator.unit == "%":
            return f"{format_number(band, indicator.decimals, self.lang)} {self.t['percentage_points']}"
        return self.quantity(indicator, band)

    def target_text(self, indicator: Indicator) -> str:
        return self._of_indicator("target", indicator, self._target_text)

    def _target_text(self, indicator: Indicator) -> str:
        target = indicator.target
        if isinstance(target, NoTarget):
            return self.t["no_target_text"]
        if isinstance(target, ManualTarget):
            return target.text or self.t["manual_text"]
        if isinstance(target, ThresholdTarget):
            operator = operator_words(indicator)
            word = {"sv": {("minst", False): "minst", ("högst", False): "högst", ("minst", True): "över",
                           ("högst", True): "under"},
                    "en": {("minst", False): "at least", ("högst", False): "at most", ("minst", True): "above",
                           ("högst", True): "below"}}
            text = f"{word[self.lang][operator, target.strict]} {format_quantity(target.bound, indicator.unit, None, self.lang)}"
            if target.average is not None:
                text += self.t["average_target"].format(span=self._span_text(target.average))
            return text
        if isinstance(target, ComparisonTarget):
            return self._comparison_target(target)
        if isinstance(target, RangeTarget):
            return self.range_text(indicator, target.low, target.high)
        return " ".join(target.phrase.split()).rstrip(".")

    def range_text(self, indicator: Indicator, low, high) -> str:
        return f"{format_number(low, None, self.lang)}–{format_quantity(high, indicator.unit, None, self.lang)}"

    def _range(self, indicator: Indicator, measured, now: str, level: Level) -> str:
        """`95–105 %`: inside, or how far outside (in percentage points for a share), and the `delvis` range."""
        t, target = self.t, indicator.target
        if target.low <= measured <= target.high:
            return t["range_inside"].format(value=now, target=self.target_text(indicator))
        distance = self.band(indicator, range_distance(measured, target.low, target.high).normalize())
        body = t["range_above" if measured > target.high else "range_below"].format(
            value=now, distance=distance, target=self.target_text(indicator))
        if isinstance(indicator.partial, PartialRange):
            limit = self.range_text(indicator, indicator.partial.low, indicator.partial.high)
            body += t["range_partly" if level is Level.PARTLY else "range_not_partly"].format(limit=limit)
        return body

    def _comparison_target(self, target: ComparisonTarget) -> str:
        """`minst medel` as the sentence states it: in Swedish as written, without a leading "ska (vara)"
        (`lägst rikets nivå`); in English by its direction (`at least riket`)."""
        if self.lang == "sv":
            text = _MODAL.sub("", " ".join(target.phrase.split()).rstrip("."))
            return text[:1].lower() + text[1:]
        word = {("minst", False): "at least", ("högst", False): "at most", ("minst", True): "above",
                ("högst", True): "below", (None, True): "better than", (None, False): "at least as good as"}
        return f"{word[target.operator, target.strict]} {target.series}"

    def period(self, period) -> str:
        """A period in running text, remembered by value: every key of a run names the same few periods
        (a Period is immutable and hashes its kind, year and number)."""
        text = self._periods.get(period)
        if text is None:
            if len(self._periods) >= REMEMBERED_PERIODS:
                self._periods.clear()
            text = self._periods[period] = period.sentence(self.lang)
        return text

    def fulfilment(self, indicator: Indicator, inputs: IndicatorInputs, level: Level, reason: Reason | None,
                   declared: int | None = None, share=None, verdict_text: str | None = None) -> str:
        """The sentence for the level the rules decided, on the values they decided it on; with a
        legend of more levels, the declared level's word, the verdict it counts as and the share of
        the target reached when the legend's levels depend on it."""
        if reason is None and declared is None and verdict_text is None and not inputs.averaging and \
                indicator.target.__class__ is ThresholdTarget:
            return self._judged_threshold(indicator, inputs, level)
        t, current = self.t, inputs.current
        value = self.observation_text(indicator, current)
        target = indicator.target
        verdict = verdict_text or self.legend.levels[level].text_in(self.lang)
        if declared is not None:
            chosen = self.legend.declared[declared].entry.text_in(self.lang)
            if chosen.casefold() != verdict.casefold():
                verdict = t["declared_level"].format(level=chosen, verdict=verdict)
            else:
                verdict = chosen
            if share is not None:
                verdict += t["share"].format(share=format_quantity(share, "%", lang=self.lang))
        if reason is None and target.__class__ is ThresholdTarget:  # the usual row, before the rarer cases below
            body = self._threshold(indicator, inputs, value, level)
        elif inputs.averaging and reason in (Reason.NO_VALUE, Reason.NOT_MEASURABLE):
            span = self._span_text(target.average)
            if inputs.judged is None:  # nothing to average yet: the period lies before the first year
                body = t["average_before"].format(span=span, period=self.period(current.period))
            else:
                body = t["average_missing"].format(span=span, period=self.period(inputs.judged.period))
        elif reason is Reason.NO_VALUE:
            key = ("missing_written" if _quoted(current) else "missing_explicit") if current.state == "saknas" else \
                "missing_part" if current.missing_part else "missing_absent"
            body = t[key].format(period=self.period(current.period), part=current.missing_part, word=current.written)
        elif reason is Reason.NOT_MEASURABLE:
            body = t["not_measurable"].format(period=self.period(current.period))
        elif reason is Reason.NEW_MEASURE:
            body = t["new_measure"].format(value=value)
        elif reason is Reason.NO_TARGET:
            body = t["no_target"].format(value=value)
        elif reason is Reason.MANUAL:
            body = t["manual_value" if current.measured else "manual"].format(
                value=value, target=f" '{target.text}'" if target.text else "")
        elif isinstance(target, ComparisonTarget):
            body = self._compared(indicator, inputs, value, level)
        elif reason is Reason.NO_COMPARISON:
            body = t["needs_base"].format(value=value, target=self.target_text(indicator),
                                          period=self.period(inputs.target_base.period))
        elif isinstance(target, RangeTarget):
            body = self._range(indicator, current.value, value, level)
        elif isinstance(target, ThresholdTarget):
            body = self._threshold(indicator, inputs, value, level)
        elif isinstance(target, (ChangeTarget, NoWorseTarget, UnchangedTarget)):
            body = self._relative(indicator, inputs, value, level is Level.FULFILLED)
        elif isinstance(target, CapabilityTarget):
            body = t["capability"].format(target=self.target_text(indicator), statuses=value)
        else:
            body = self._milestone(indicator, current)
        return f"{body} ({verdict})."

    def _judged_threshold(self, indicator: Indicator, inputs: IndicatorInputs, level: Level) -> str:
        """The usual row's sentence ("6,9 % är över målet högst 6 % men … (delvis uppfyllt)."): only the value
        differs from key to key, so the words around it are made once per indicator, level and whether the
        value lies on the bound, and remembered like the indicator's other texts (`_of_indicator`)."""
        target = indicator.target
        on_bound = level is not Level.FULFILLED and target.strict and inputs.current.value == target.bound

        def sentence(value: str) -> str:  # made when the words are not remembered yet
            verdict = self.legend.levels[level].text_in(self.lang)
            return f"{self._threshold(indicator, inputs, value, level)} ({verdict})."

        value = self.observation_text(indicator, inputs.current)
        frame = self._frame(self._threshold_words, (id(indicator), level, on_bound), indicator, sentence)
        return sentence(value) if frame is None else frame[0] + value + frame[1]

    def _frame(self, store: dict, key: tuple, indicator: Indicator, sentence) -> tuple[str, str] | None:
        """The words of `sentence(value)` before and after the value, made once per `key` (the indicator's id
        first: the entry holds the indicator, so that no other object takes its id meanwhile) and remembered;
        None where the value is not there exactly once (twice, not at all, or the mark in the rule file's own
        words), and the sentence is made as it is."""
        known = store.get(key)
        if known is None or known[0] is not indicator:
            parts = sentence(_VALUE).split(_VALUE)
            if len(parts) != 2:
                return None
            if len(store) >= REMEMBERED_TEXTS:
                store.clear()
            known = store[key] = (indicator, parts[0], parts[1])
        return known[1], known[2]

    def _threshold(self, indicator: Indicator, inputs: IndicatorInputs, value: str, level: Level) -> str:
        t = self.t
        side = "min" if operator_words(indicator) == "minst" else "max"
        target = self.target_text(indicator)
        judged = inputs.current.value
        if inputs.averaging:  # `i snitt`: the average, with the values it is the average of
            judged = inputs.average()
            value = self._average_text(indicator, inputs, judged)
        if level is Level.FULFILLED:
            return t[f"reached_{side}"].format(value=value, target=target)
        on_bound = indicator.target.strict and judged == indicator.target.bound
        body = t["on_bound" if on_bound else f"short_{side}"].format(value=value, target=target)
        if indicator.partial is not None:
            limit = self._of_indicator("partial_limit", indicator, self._partial_limit_text)
            body += t[("partly_" if level is Level.PARTLY else "not_partly_") + side].format(limit=limit)
        return body

    def _partial_limit_text(self, indicator: Indicator) -> str:
        return self.quantity(indicator, indicator.partial_limit().normalize())

    def _span_text(self, average) -> str:
        years = average.text
        return self.t["budget_span"].format(years=years) if average.named else years

    def _average_text(self, indicator: Indicator, inputs: IndicatorInputs, average) -> str:
        """"Snittet 2,15 % för 2021–2022 (1,5 % 2021 och 2,8 % 2022)": shown with as many decimals as its
        values, and more where fewer would put it on the other side of the target or the partial limit."""
        values = inputs.averaged
        # one more decimal than the values have (2 and 3 average 2,5), and more where needed
        places = 1 + (indicator.decimals if indicator.decimals is not None else max(decimals_of(v.value) for v in values))
        edges = [indicator.target.bound] + ([indicator.partial_limit()] if indicator.partial is not None else [])
        shown = average
        with localcontext() as context:  # a large average with many decimals needs more than 28 digits
            context.prec = 80
            for extra in range(0, 16):
                shown = average.quantize(Decimal(1).scaleb(-(places + extra)), rounding=ROUND_HALF_UP)
                if all((shown > edge) - (shown < edge) == (average > edge) - (average < edge) for edge in edges):
                    break
        first, last = values[0].period, values[-1].period
        periods = first.text if first == last else f"{first.text}–{last.text}"
        number = format_quantity(trimmed(shown), indicator.unit, None, self.lang)
        if len(values) == 1:
            each = self.t["average_first"].format(span=self._span_text(indicator.target.average))
        else:
            each = ", ".join(self.t["average_each"].format(
                value=self.quantity(indicator, v.value), period=self.period(v.period)) for v in values)
        return self.t["average"].format(average=number, periods=periods, values=each)

    def series_text(self, name: str) -> str:
        """What a series is, after its name and value: " för liknande kommuner" ("medel 140 000 kr för
        liknande kommuner"); nothing when its text is the name itself (`riket: riket`)."""
        series = self.series.get(name)
        text = series.text_in(self.lang) if series else name
        return "" if text.casefold() == name.casefold() else self.t["cmp_text"].format(text=text)

    def _compared(self, indicator: Indicator, inputs: IndicatorInputs, value: str, level: Level) -> str:
        """`minst medel`: the value against the series' value of the period, and the band if there is one."""
        t, base, target = self.t, inputs.target_base, self.target_text(indicator)
        name, text, period = base.series, self.series_text(base.series), self.period(base.period)
        if not base.measured:
            word = base.written if base.state == "saknas" and _quoted(base) else \
                self.legend.reasons[Reason.NOT_MEASURABLE].text_in(self.lang) if base.state == "kan_inte_mätas" \
                else None
            return t["cmp_missing_written" if word else "cmp_missing"].format(
                value=value, target=target, series=name + text, period=period, word=word)
        now, before = self.compared(indicator, inputs.current, base)
        difference = inputs.current.value - base.value
        relation = "cmp_higher" if difference > 0 else "cmp_lower" if difference < 0 else "cmp_equal"
        body = t[relation].format(value=now, target=target,
                                  reference=t["cmp_reference"].format(name=name, value=before, text=text,
                                                                      period=period))
        if indicator.partial is not None and level is not Level.FULFILLED:
            limit = self.quantity(indicator, indicator.partial_limit(base.value).normalize())
            body += t["cmp_partial"].format(band=" ".join(indicator.partial.text.split()), limit=limit)
        return body

    def _relative(self, indicator: Indicator, inputs: IndicatorInputs, value: str, ok: bool) -> str:
        t, target = self.t, indicator.target
        base = inputs.target_base
        if isinstance(target, ChangeTarget):
            key = {("öka", True): "increased", ("minska", True): "decreased", ("förbättra", True): "improved",
                   ("öka", False): "not_increased", ("minska", False): "not_decreased",
                   ("förbättra", False): "not_improved"}[(target.direction, ok)]
        elif isinstance(target, NoWorseTarget):
            key = {("ökning", True): "no_increase_ok", ("minskning", True): "no_decrease_ok",
                   ("ökning", False): "increase_bad", ("minskning", False): "decrease_bad"}[(target.forbidden, ok)]
        else:
            key = "unchanged_ok" if ok else "unchanged_bad"
        band = indicator.trend.unchanged_within
        band_text = self.band(indicator, band)
        suffix = ""
        if band and not isinstance(target, UnchangedTarget):
            suffix = t["no_worse_band" if isinstance(target, NoWorseTarget) else "band"].format(band=band_text)
        value, base_text = self.compared(indicator, inputs.current, base)
        return self.with_derivation(indicator, base, t[key].format(
            value=value, base=base_text, period=self.base_period(base),
            band=band_text if isinstance(target, UnchangedTarget) else suffix))

    def base_period(self, base: Observation) -> str:
        """A comparison period in a sentence, marked for `with_derivation` if its value is derived."""
        return self.period(base.period) + (_DERIVED if base.derived else "")

    def with_derivation(self, indicator: Indicator, base: Observation, text: str) -> str:
        """The sentence with ", räknat ur ökningen 0,4 procentenheter" after a derived comparison
        value's period (and a comma before what follows it: ", med mer än dödbandet …")."""
        if _DERIVED not in text:
            return text
        amount = abs(base.change)
        if base.change_relative:
            change = f"{format_number(amount, None, self.lang)} %"
        elif indicator.unit == "%":
            change = f"{format_number(amount, None, self.lang)} {self.t['percentage_points']}"
        else:
            change = format_quantity(amount, indicator.unit, None, self.lang)
        clause = self.t["derived_increase" if base.change >= 0 else "derived_decrease"].format(change=change)
        return text.replace(_DERIVED + " ", clause + ", ").replace(_DERIVED, clause)

    def compared(self, indicator: Indicator, current: Observation, base: Observation) -> tuple[str, str]:
        """A value and its comparison value as the sentence shows them. When `decimaler` would round
        two different values to the same text ("83 % har ökat från 83 %"), both are shown with the
        decimals they were written with, so that the sentence never contradicts the verdict."""
        now, before = self.observation_text(indicator, current), self.observation_text(indicator, base)
        if now == before and current.value is not None and base.value is not None and current.value != base.value:
            places = max(decimals_of(current.value), decimals_of(base.value))
            now = format_quantity(current.value, indicator.unit, places, self.lang)
            before = format_quantity(base.value, indicator.unit, places, self.lang)
        return now, before

    def _milestone(self, indicator: Indicator, current: Observation) -> str:
        parts = indicator.target.parts
        if len(parts) == 1:
            return self.t["status"].format(statuses=current.statuses[0], required=parts[0].required)
        return self.t["and"].join(
            self.t["part"].format(part=name, status=status, required=part.required)
            for name, status, part in zip(indicator.parts, current.statuses, parts))

    def trend(self, indicator: Indicator, inputs: IndicatorInputs, trend: Trend | None, reason: Reason | None) -> str:
        t = self.t
        if trend is None:
            if reason is Reason.NEW_MEASURE:
                return t["no_arrow_new"]
            if reason is Reason.NO_COMPARISON:
                return t["no_arrow_base"].format(period=self.period(inputs.trend_base.period))
            return t["no_arrow_value"]
        base, word = inputs.trend_base, self._trend_word(trend)
        if trend in (Trend.INCREASED, Trend.DECREASED):
            tail = self._of_indicator("direction_tail", indicator, self._direction_tail)
        else:
            tail = self._of_indicator("polarity_tail", indicator, self._polarity_tail)
        target_base = inputs.target_base
        if target_base is not None and (target_base is base or target_base.period == base.period):
            return t["trend_short"].format(trend=word) + tail + "."  # the first sentence named the comparison
        before = self.compared(indicator, inputs.current, base)[1]
        if base.derived:
            text = self._trend_text(indicator, trend, word, before, self.base_period(base))
            return self.with_derivation(indicator, base, text + tail) + "."
        # Only the comparison value differs from key to key: the words around it are made once per indicator,
        # arrow and period (as `_judged_threshold` does).

        def sentence(value: str) -> str:
            return self._trend_text(indicator, trend, word, value, self.period(base.period)) + tail + "."

        frame = self._frame(self._trend_parts, (id(indicator), trend, base.period), indicator, sentence)
        return sentence(before) if frame is None else frame[0] + before + frame[1]

    def _trend_text(self, indicator: Indicator, trend: Trend, word: str, before: str, period: str) -> str:
        """The trend sentence's words before its tail: the arrow's word, the comparison value and its period."""
        t = self.t
        if trend is Trend.UNCHANGED:
            text = t["trend_unchanged"].format(trend=word, base=before, period=period)
            band = indicator.trend.unchanged_within
            if band and not isinstance(indicator.target, (MilestoneTarget, CapabilityTarget)):
                text += t["trend_band"].format(band=self.band(indicator, band))
            return text
        return t["trend_better"].format(trend=word, base=before, period=period)

    def _trend_word(self, trend: Trend) -> str:
        word = self._trend_words.get(trend)
        if word is None:
            word = self._trend_words[trend] = self.legend.trends[trend].text_in(self.lang).capitalize()
        return word

    def _polarity_tail(self, indicator: Indicator) -> str:
        """What a trend sentence ends with, made once per indicator: which way is better ("; lägre är
        bättre"), or nothing."""
        return self._trend_tail(indicator, direction=False)

    def _direction_tail(self, indicator: Indicator) -> str:
        """The same after an arrow of ökning or minskning, which says so when no way is better."""
        return self._trend_tail(indicator, direction=True)

    def _trend_tail(self, indicator: Indicator, direction: bool) -> str:
        t = self.t
        if isinstance(indicator.target, RangeTarget):
            return t["polarity"].format(polarity=t["range_polarity"])
        if indicator.polarity and not isinstance(indicator.target, (MilestoneTarget, CapabilityTarget)):
            return t["polarity"].format(polarity=POLARITY_TEXT[self.lang][indicator.polarity])
        if direction:
            return t["raw_direction_manual" if isinstance(indicator.target, ManualTarget) else "raw_direction"]
        return ""


def _quoted(observation: Observation) -> bool:
    """A missing value written with another word than `saknas` (`Statistik saknas`, `..`): quoted."""
    return bool(observation.written) and observation.written.casefold() != "saknas"


def operator_words(indicator: Indicator) -> str:
    target = indicator.target
    if target.operator:
        return target.operator
    return "minst" if indicator.polarity is Polarity.HIGHER_IS_BETTER else "högst"

