"""How an interim period and a year-end are worded: a forecast ("bedöms uppfyllas") during the year when the
rule file asks for it, why a verdict is "ej uppfyllt" where delvis is not used at a year-end, and a pro-rated
interim target's phrase ("minst 1 200 st för året; 4/12: 400 st") in either language."""

from __future__ import annotations

import re

from ..model import Indicator, Legend, Level, Scorecard, ThresholdTarget
from ..model.period import Period, PeriodKind
from ..numbers import format_quantity

TEXTS = {
    "sv": {"year_end": "{not_met}: {partly} används inte vid årsbokslut",
           "node_year_end": "{partly}, som inte används vid årsbokslut: {not_met}"},
    "en": {"year_end": "{not_met}: {partly} is not used at the year-end",
           "node_year_end": "{partly}, which is not used at the year-end: {not_met}"},
}


# decide/interim.py writes a pro-rated target's phrase as "<the rule file's phrase> för året; 4/12: <bound>".
_PRORATED = {"sv": re.compile(r"^(?P<phrase>.*) för året; (?P<months>\d{1,2})/12: [^;]*$", re.DOTALL),
             "en": re.compile(r"^(?P<phrase>.*) for the year; (?P<rest>\d{1,2}/12: [^;]*)$", re.DOTALL)}
PRORATED_EN = "{phrase} for the year; {months}/12: {bound}"


def target_phrase(indicator: Indicator, lang: str) -> str:
    """The target's phrase as the rule file writes it; a pro-rated interim target's own words in `lang`
    ("minst 1 200 st for the year; 4/12: 400 st"), the bound written the language's way."""
    target = indicator.target
    found = _PRORATED["sv"].match(target.phrase)
    if lang != "en" or found is None or not isinstance(target, ThresholdTarget):
        return target.phrase
    return PRORATED_EN.format(phrase=found["phrase"], months=found["months"],
                              bound=format_quantity(target.bound, indicator.unit, None, "en"))


def quoted_phrase(english_phrase: str) -> str:
    """An English text's citation of a target's phrase: the rule file's words quoted, malmotor's own not
    ("'minst 1 200 st' for the year; 4/12: 400 st", "'Öka'")."""
    found = _PRORATED["en"].match(english_phrase)
    if found is None:
        return f"'{english_phrase}'"
    return f"'{found['phrase']}' for the year; {found['rest']}"


def forecasting(scorecard: Scorecard, period: Period) -> bool:
    return scorecard.forecast_during_year and period.kind is not PeriodKind.YEAR


def partial_used(scorecard: Scorecard, period: Period) -> bool:
    """Whether delvis uppfyllt can be a verdict: not at a year-end with `delvis vid årsbokslut: nej`."""
    return scorecard.partial_at_year_end or period.kind is not PeriodKind.YEAR


def forecast_legend(legend: Legend) -> Legend:
    """The legend whose level words are its forecast words; a declared level without its own takes those of
    the verdict it counts as."""
    levels = {level: entry.as_forecast() for level, entry in legend.levels.items()}
    declared = tuple(item.model_copy(update={"entry": item.entry.as_forecast(legend.levels[item.counts_as])})
                     for item in legend.declared)
    return legend.model_copy(update={"levels": levels, "declared": declared})


def year_end_text(legend: Legend, lang: str, key: str = "year_end") -> str:
    """"ej uppfyllt: delvis uppfyllt används inte vid årsbokslut", for a verdict the year-end rule turned."""
    return TEXTS[lang][key].format(not_met=legend.levels[Level.NOT_FULFILLED].text_in(lang),
                                   partly=legend.levels[Level.PARTLY].text_in(lang))
