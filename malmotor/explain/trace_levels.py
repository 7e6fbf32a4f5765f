"""Why each level did or did not apply to one row, in sentences a controller reads.

The level is the engine's: `applied` is the level of the rule that fired, never decided here. What is
added is the rule file's limit for each level (the target, the limit for delvis, the dead band) put beside
the value the rules were given, so that "delvis uppfyllt kräver minst 64 %; värdet 62 % är lägre" can be
read off the verdict and the typed model. In English, what the files write (statuses, parts, groups, series)
is quoted.
"""

from __future__ import annotations

from decimal import Decimal

from ..model import (
    CapabilityTarget,
    ChangeTarget,
    ComparisonTarget,
    Indicator,
    Legend,
    Level,
    ManualTarget,
    NewMeasureTarget,
    NoTarget,
    NoWorseTarget,
    PartialRange,
    PartialStatus,
    Polarity,
    RangeTarget,
    Reason,
    ThresholdTarget,
    UnchangedTarget,
    Verdict,
)
from ..decide.facts import milestone_counts
from ..model.frozen import Frozen
from .sentences import Explainer, operator_words

ORDER = (Level.FULFILLED, Level.PARTLY, Level.NOT_FULFILLED, Level.NOT_ASSESSED)

WORDS = {
    "sv": {
        "requires": "{level} kräver {requirement}; {finding}.",
        "impossible": "{level} är inte möjligt: {why}.",
        "minst": "minst", "högst": "högst", "above": "över", "below": "under",
        "lower": "{what} {value} är lägre", "higher": "{what} {value} är högre", "equal": "{what} {value} är lika stort",
        "value": "värdet", "average": "snittet",
        "no_partial": "indikatorn har ingen gräns för delvis uppfyllt (delvis)",
        "no_partial_kind": "målet '{target}' har ingen delvis-nivå",
        "no_partial_milestone": "gränsen för delvis uppfyllt är den status målet kräver ({status})",
        "not_judged": "målet '{target}' bedöms inte ({reason})",
        "missing": "värde för {period} saknas",
        "not_measurable": "värdet för {period} kan inte mätas",
        "base_missing": "jämförelsevärdet för {period} saknas",
        "inside": "ett värde inom {range}", "outside": "ett värde utanför {range}",
        "is_inside": "värdet {value} ligger inom {range}", "is_outside": "värdet {value} ligger utanför {range}",
        "series": "{target} ({series} {value} {period})",
        "increase": "en ökning{band} från {base} {period}", "decrease": "en minskning{band} från {base} {period}",
        "no_increase": "ingen ökning{band} från {base} {period}", "no_decrease": "ingen minskning{band} från {base} {period}",
        "within": "en ändring på högst ±{band} från {base} {period}",
        "beyond": "en ändring med mer än ±{band} från {base} {period}",
        "same": "samma värde som {base} {period}", "other": "ett annat värde än {base} {period}",
        "band": " med mer än {band}",
        "changed_up": "värdet {value} är en ökning med {change}", "changed_down": "värdet {value} är en minskning med {change}",
        "changed_none": "värdet {value} är oförändrat",
        "status": "status {status}", "at_least_status": "minst status {status}", "below_status": "en status under {status}",
        "all_parts": "att alla delar når sin status ({parts})",
        "some_part": "att minst en del når sin gräns för delvis uppfyllt ({parts}) men inte alla målet",
        "no_part": "att ingen del når sin gräns för delvis uppfyllt ({parts})",
        "is_status": "statusen är {status}",
        "is_parts": "värdet är {parts}: {met} av {n} delar når målet, {under_way} når gränsen för delvis uppfyllt",
        "capability_yes": "svaret ja", "capability_no": "svaret nej", "is_answer": "svaret är {answer}",
        "no_capability_partial": "en förmåga har ingen delvis-nivå",
        "unassessed": "att värdet saknas eller inte kan mätas{base}",
        "unassessed_base": ", eller att jämförelsevärdet saknas",
        "present": "värdet {value} finns{base}", "present_base": " och jämförelsevärdet {base} {period} finns",
        "assessed_reason": "{level} ({reason}): {body}",
        "groups_all": "att alla bedömda grupper är uppfyllda",
        "groups_partly": "att ingen bedömd grupp är ej uppfylld och minst en är delvis uppfylld",
        "groups_not": "att minst en bedömd grupp är ej uppfylld",
        "groups_none": "att ingen grupp är bedömd",
        "groups_found": "grupperna: {groups}",
    },
    "en": {
        "requires": "{level} requires {requirement}; {finding}.",
        "impossible": "{level} is not possible: {why}.",
        "minst": "at least", "högst": "at most", "above": "above", "below": "below",
        "lower": "{what} {value} is lower", "higher": "{what} {value} is higher", "equal": "{what} {value} is equal",
        "value": "the value", "average": "the average",
        "no_partial": "the indicator has no limit for partly fulfilled ('delvis')",
        "no_partial_kind": "the target '{target}' has no partial level",
        "no_partial_milestone": "the limit for partly fulfilled is the status the target requires ({status})",
        "not_judged": "the target '{target}' is not assessed ({reason})",
        "missing": "the value for {period} is missing",
        "not_measurable": "the value for {period} cannot be measured",
        "base_missing": "the comparison value for {period} is missing",
        "inside": "a value within {range}", "outside": "a value outside {range}",
        "is_inside": "the value {value} lies within {range}", "is_outside": "the value {value} lies outside {range}",
        "series": "{target} ({series} {value} in {period})",
        "increase": "an increase{band} from {base} in {period}", "decrease": "a decrease{band} from {base} in {period}",
        "no_increase": "no increase{band} from {base} in {period}", "no_decrease": "no decrease{band} from {base} in {period}",
        "within": "a change of at most ±{band} from {base} in {period}",
        "beyond": "a change of more than ±{band} from {base} in {period}",
        "same": "the same value as {base} in {period}", "other": "another value than {base} in {period}",
        "band": " of more than {band}",
        "changed_up": "the value {value} is an increase of {change}",
        "changed_down": "the value {value} is a decrease of {change}",
        "changed_none": "the value {value} is unchanged",
        "status": "the status {status}", "at_least_status": "at least the status {status}",
        "below_status": "a status below {status}",
        "all_parts": "every part to reach its status ({parts})",
        "some_part": "at least one part to reach its limit for partly fulfilled ({parts}) but not all the target",
        "no_part": "no part to reach its limit for partly fulfilled ({parts})",
        "is_status": "the status is {status}",
        "is_parts": "the value is {parts}: {met} of {n} parts reach the target, {under_way} reach the limit for partly "
                    "fulfilled",
        "capability_yes": "the answer yes", "capability_no": "the answer no", "is_answer": "the answer is {answer}",
        "no_capability_partial": "a capability has no partial level",
        "unassessed": "the value to be missing or not measurable{base}",
        "unassessed_base": ", or the comparison value to be missing",
        "present": "the value {value} is there{base}", "present_base": " and so is the comparison value {base} in {period}",
        "assessed_reason": "{level} ({reason}): {body}",
        "groups_all": "every assessed group to be fulfilled",
        "groups_partly": "no assessed group to be not fulfilled and at least one partly fulfilled",
        "groups_not": "at least one assessed group to be not fulfilled",
        "groups_none": "no group to be assessed",
        "groups_found": "the groups: {groups}",
    },
}


class LevelCheck(Frozen):
    """One level of the legend for one row: whether it is the one the rules gave, and why (not)."""

    level: Level
    level_text: str
    applied: bool
    sentence: str


def level_checks(explainer: Explainer, indicator: Indicator, verdict: Verdict, applied: Level,
                 scale: tuple[str, ...], names: Legend | None = None) -> tuple[LevelCheck, ...]:
    """A sentence per level; `applied` is the level of the fulfilment rule that fired. `names`: the legend
    whose words name the levels (the outcome words, also when the result speaks in forecasts)."""
    checks = _Checks(explainer, indicator, verdict, scale, names or explainer.legend)
    return tuple(LevelCheck(level=level, level_text=checks.name(level), applied=level is applied,
                            sentence=checks.sentence(level, level is applied)) for level in ORDER)


class _Checks:
    def __init__(self, explainer: Explainer, indicator: Indicator, verdict: Verdict, scale: tuple[str, ...],
                 names: Legend) -> None:
        self.x, self.indicator, self.verdict, self.scale, self.names = explainer, indicator, verdict, scale, names
        self.w = WORDS[explainer.lang]
        self.inputs = verdict.inputs
        self.english = explainer.lang == "en"

    def cite(self, text: str) -> str:
        """A status, a part, a group or a series as a sentence names it: quoted in English."""
        return f"'{text}'" if self.english else text

    def pairs(self, names, values) -> str:
        """"Förstudie genomförd, Aktiviteter påbörjad"; in English "'Förstudie': 'genomförd', …"."""
        if self.english:
            return ", ".join(f"{self.cite(name)}: {self.cite(value)}" if name else self.cite(value)
                             for name, value in zip(names, values))
        return ", ".join(f"{name} {value}" for name, value in zip(names, values))

    def observed(self, observation) -> str:
        """A value as the sentences write it; in English a status (or each part's) quoted."""
        text = self.x.observation_text(self.indicator, observation)
        if not self.english or observation is None or not observation.measured or not observation.statuses:
            return text
        return self.pairs(self.indicator.parts or ("",) * len(observation.statuses), observation.statuses)

    def name(self, level: Level) -> str:
        return self.names.levels[level].text_in(self.x.lang)

    def sentence(self, level: Level, applied: bool) -> str:
        target, w = self.indicator.target, self.w
        if self.verdict.from_groups is not None:
            return self._groups(level)
        if level is Level.NOT_ASSESSED:
            return self._unassessed(applied)
        if isinstance(target, (NewMeasureTarget, NoTarget, ManualTarget)):
            reason = self.x.legend.reasons[_REASON[type(target)]].text_in(self.x.lang)
            return w["impossible"].format(level=self.name(level), why=w["not_judged"].format(
                target=" ".join(target.phrase.split()) or self.x.target_text(self.indicator), reason=reason))
        found = self._not_there()
        if isinstance(target, (ThresholdTarget, ComparisonTarget)):
            return self._bounded(level, found)
        if isinstance(target, RangeTarget):
            return self._range(level, found)
        if isinstance(target, (ChangeTarget, NoWorseTarget, UnchangedTarget)):
            return self._relative(level, found)
        if isinstance(target, CapabilityTarget):
            return self._capability(level, found)
        return self._milestone(level, found)

    # --- what is there ---------------------------------------------------------------------------------

    def _not_there(self) -> str | None:
        """The finding when the value the level needs is not there (None when it is)."""
        inputs, w = self.inputs, self.w
        judged = inputs.judged if inputs.averaging else inputs.current
        if inputs.averaging and not inputs.averaged:
            judged = inputs.current.model_copy(update={"state": "saknas"})
        if judged is not None and not judged.measured:
            key = "not_measurable" if judged.state == "kan_inte_mätas" else "missing"
            return w[key].format(period=self.x.period(judged.period))
        base = inputs.target_base
        if self.indicator.target.kind in ("förändring", "ingen_försämring", "oförändrat", "jämförelse") and \
                (base is None or not base.measured):
            return w["base_missing"].format(period=self.x.period(base.period) if base else "?")
        return None

    def _value(self) -> tuple[Decimal, str]:
        inputs = self.inputs
        if inputs.averaging:
            average = inputs.average()
            return average, self.x.quantity(self.indicator, average.quantize(Decimal("0.01")).normalize())
        return inputs.current.value, self.x.observation_text(self.indicator, inputs.current)

    def _relation(self, reference: Decimal) -> str:
        value, text = self._value()
        what = self.w["average" if self.inputs.averaging else "value"]
        key = "lower" if value < reference else "higher" if value > reference else "equal"
        return self.w[key].format(what=what, value=text)

    def _say(self, level: Level, requirement: str, finding: str) -> str:
        return self.w["requires"].format(level=self.name(level), requirement=requirement, finding=finding)

    # --- by kind of target -------------------------------------------------------------------------

    def _bounded(self, level: Level, found: str | None) -> str:
        """A threshold, or a comparison value of a series taken as one (`minst medel`)."""
        w, x, indicator, verdict = self.w, self.x, self.indicator, self.verdict
        target = indicator.target
        higher = operator_words(indicator) == "minst" if isinstance(target, ThresholdTarget) else \
            (target.operator or ("minst" if indicator.polarity is not Polarity.LOWER_IS_BETTER else "högst")) == "minst"
        if isinstance(target, ComparisonTarget):
            base = self.inputs.target_base
            bound = base.value if base is not None and base.measured else None
            shown = x.target_text(indicator)
            if bound is not None:
                shown = w["series"].format(target=shown, series=self.cite(base.series),
                                           value=x.quantity(indicator, bound),
                                           period=x.period(base.period))
        else:
            bound, shown = target.bound, x.target_text(indicator)
        limit = verdict.partial_limit
        has_partial = indicator.partial is not None and limit is not None and limit != bound
        if isinstance(target, ComparisonTarget) and indicator.partial is not None and bound is None:
            has_partial = True
        if level is Level.FULFILLED:
            return self._say(level, shown, found or self._relation(bound))
        if level is Level.PARTLY:
            if not has_partial:
                return w["impossible"].format(level=self.name(level), why=w["no_partial"])
            if limit is None:
                return self._say(level, " ".join(indicator.partial.text.split()), found)
            requirement = f"{w['minst' if higher else 'högst']} {x.quantity(indicator, limit.normalize())}"
            return self._say(level, requirement, found or self._relation(limit))
        edge = limit if has_partial and limit is not None else bound
        if edge is None:
            return self._say(level, " ".join(indicator.partial.text.split()), found)
        if has_partial or not target.strict:
            word = w["below" if higher else "above"]
        else:
            word = w["högst" if higher else "minst"]
        return self._say(level, f"{word} {x.quantity(indicator, edge.normalize())}", found or self._relation(edge))

    def _range(self, level: Level, found: str | None) -> str:
        w, x, indicator = self.w, self.x, self.indicator
        target, partial = indicator.target, indicator.partial
        wide = partial if isinstance(partial, PartialRange) else None
        if level is Level.PARTLY and wide is None:
            return w["impossible"].format(level=self.name(level), why=w["no_partial"])
        low, high = (target.low, target.high) if level is Level.FULFILLED or wide is None else (wide.low, wide.high)
        shown = x.range_text(indicator, low, high)
        requirement = w["outside" if level is Level.NOT_FULFILLED else "inside"].format(range=shown)
        if found is None:
            value = self.inputs.current.value
            text = x.observation_text(indicator, self.inputs.current)
            found = w["is_inside" if low <= value <= high else "is_outside"].format(value=text, range=shown)
        return self._say(level, requirement, found)

    def _relative(self, level: Level, found: str | None) -> str:
        w, x, indicator = self.w, self.x, self.indicator
        target, base = indicator.target, self.inputs.target_base
        if level is Level.PARTLY:
            return w["impossible"].format(level=self.name(level), why=w["no_partial_kind"].format(
                target=" ".join(target.phrase.split()).rstrip(".")))
        band = indicator.trend.unchanged_within
        band_text = x.band(indicator, band)
        words = dict(base=x.observation_text(indicator, base) if base is not None else "?",
                     period=x.period(base.period) if base is not None else "?",
                     band=w["band"].format(band=band_text) if band else "")
        ok = level is Level.FULFILLED
        if isinstance(target, ChangeTarget):
            up = target.direction == "öka" or target.direction == "förbättra" and \
                indicator.polarity is not Polarity.LOWER_IS_BETTER
            key = ("increase" if up else "decrease") if ok else ("no_increase" if up else "no_decrease")
        elif isinstance(target, NoWorseTarget):
            up = target.forbidden == "ökning"
            key = ("no_increase" if up else "no_decrease") if ok else ("increase" if up else "decrease")
        else:
            key = ("within" if ok else "beyond") if band else ("same" if ok else "other")
            words["band"] = band_text
        if found is None:
            change = self.inputs.current.value - base.value
            value = x.observation_text(indicator, self.inputs.current)
            if change:
                found = w["changed_up" if change > 0 else "changed_down"].format(
                    value=value, change=x.band(indicator, abs(change).normalize()))
            else:
                found = w["changed_none"].format(value=value)
        return self._say(level, w[key].format(**words), found)

    def _capability(self, level: Level, found: str | None) -> str:
        w = self.w
        if level is Level.PARTLY:
            return w["impossible"].format(level=self.name(level), why=w["no_capability_partial"])
        requirement = w["capability_yes" if level is Level.FULFILLED else "capability_no"]
        return self._say(level, requirement, found or w["is_answer"].format(answer=", ".join(
            map(self.cite, self.inputs.current.statuses))))

    def _milestone(self, level: Level, found: str | None) -> str:
        w, indicator = self.w, self.indicator
        required = self.verdict.required_statuses
        partial = partial_statuses(indicator, self.scale, required)
        single = len(required) == 1
        names = indicator.parts or ("",) * len(required)
        if level is Level.PARTLY and all(p == r for p, r in zip(partial, required)):
            return w["impossible"].format(level=self.name(level), why=w["no_partial_milestone"].format(
                status=", ".join(map(self.cite, required))))
        if single:
            requirement = {Level.FULFILLED: w["status"].format(status=self.cite(required[0])),
                           Level.PARTLY: w["at_least_status"].format(status=self.cite(partial[0])),
                           Level.NOT_FULFILLED: w["below_status"].format(status=self.cite(partial[0]))}[level]
        else:
            listed = self.pairs(names, required if level is Level.FULFILLED else partial)
            requirement = w[{Level.FULFILLED: "all_parts", Level.PARTLY: "some_part",
                             Level.NOT_FULFILLED: "no_part"}[level]].format(parts=listed)
        if found is None:
            statuses = self.inputs.current.statuses
            if single:
                found = w["is_status"].format(status=self.cite(statuses[0]))
            else:
                met, under_way = milestone_counts(indicator, self.scale, statuses)  # the fact the rules read
                found = w["is_parts"].format(parts=self.pairs(names, statuses),
                                             met=met, n=len(statuses), under_way=under_way)
        return self._say(level, requirement, found)

    def _unassessed(self, applied: bool) -> str:
        w, x, inputs, verdict = self.w, self.x, self.inputs, self.verdict
        if applied:
            reason = verdict.level_reason
            body = x.fulfilment(self.indicator, inputs, Level.NOT_ASSESSED, reason)
            body = body.rsplit(" (", 1)[0] + "."
            reason_text = x.legend.reasons[reason].text_in(x.lang) if reason else ""
            return w["assessed_reason"].format(level=self.name(Level.NOT_ASSESSED), reason=reason_text, body=body)
        relative = self.indicator.target.kind in ("förändring", "ingen_försämring", "oförändrat", "jämförelse")
        requirement = w["unassessed"].format(base=w["unassessed_base"] if relative else "")
        value = self.observed(inputs.current)
        base = inputs.target_base
        base_text = w["present_base"].format(base=x.observation_text(self.indicator, base), period=x.period(base.period)) \
            if relative and base is not None and base.measured else ""
        return self._say(Level.NOT_ASSESSED, requirement, w["present"].format(value=value, base=base_text))

    def _groups(self, level: Level) -> str:
        w, groups = self.w, self.verdict.from_groups
        requirement = w[{Level.FULFILLED: "groups_all", Level.PARTLY: "groups_partly",
                         Level.NOT_FULFILLED: "groups_not", Level.NOT_ASSESSED: "groups_none"}[level]]
        listed = ", ".join(f"{self.cite(item.group.name)} {self.name(item.level)}" for item in groups.counted)
        return self._say(level, requirement, w["groups_found"].format(groups=listed))


_REASON = {NewMeasureTarget: Reason.NEW_MEASURE, NoTarget: Reason.NO_TARGET, ManualTarget: Reason.MANUAL}


def partial_statuses(indicator: Indicator, scale: tuple[str, ...], required: tuple[str, ...]) -> tuple[str, ...]:
    """Each part's status for delvis uppfyllt, as `facts.milestone_counts` counts it: `delvis: minst …` (never
    above the part's own), else the status just below the required one, never the scale's lowest."""
    rank = {status: index for index, status in enumerate(scale)}
    found = []
    for needed in required:
        need = rank[needed]
        if isinstance(indicator.partial, PartialStatus):
            found.append(scale[min(rank[indicator.partial.status], need)])
        else:
            found.append(scale[need - 1 if need - 1 > 0 else need])
    return tuple(found)
