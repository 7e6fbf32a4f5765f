"""How an interim period and a year-end are worded: a forecast ("bedöms uppfyllas") during the year when the
rule file asks for it, and why a verdict is "ej uppfyllt" where delvis is not used at a year-end."""

from __future__ import annotations

from ..model import Legend, Level, Scorecard
from ..model.period import Period, PeriodKind

TEXTS = {
    "sv": {"year_end": "{not_met}: {partly} används inte vid årsbokslut",
           "node_year_end": "{partly}, som inte används vid årsbokslut: {not_met}"},
    "en": {"year_end": "{not_met}: {partly} is not used at the year-end",
           "node_year_end": "{partly}, which is not used at the year-end: {not_met}"},
}


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
