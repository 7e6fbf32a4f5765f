"""A person's decision presented beside the computed verdict: the decided level with who, when and why,
and the computed level and its explanation kept in the same row."""

from __future__ import annotations

from ..model import Legend, Level, ManualDecision, ManualResult, Reason

TEXTS = {
    "sv": {"decided": "Bedömt {word} av {by} {date}: {why} Beräknat: {computed}",
           "analysis": "{computed} Analys av {by} {date}: {why}",
           "stale": " Bedömningen kan vara inaktuell: {what} har ändrats sedan den gjordes.",
           "nivå": "den beräknade nivån", "värde": "värdet", "and": " och "},
    "en": {"decided": "Assessed {word} by {by} on {date}: {why} Computed: {computed}",
           "analysis": "{computed} Analysis by {by} on {date}: {why}",
           "stale": " The assessment may be out of date: {what} has changed since it was made.",
           "nivå": "the computed level", "värde": "the value", "and": " and "},
}


def _sentence(text: str) -> str:
    text = text.strip()
    return text if text.endswith((".", "!", "?", "…")) else text + "."


def decided(level: Level, legend_level: int | None, reason: Reason | None, decision: ManualDecision | None):
    """(level, legend level, reason) a row or node publishes: a person's decision where there is one."""
    if decision is None or decision.assessment.level is None:
        return level, legend_level, reason
    item = decision.assessment
    return item.level, item.legend_level, Reason.MANUAL if item.level is Level.NOT_ASSESSED else None


def present_manual(decision: ManualDecision | None, legend: Legend, level: Level, legend_level: int | None,
                   computed_explanation: str, lang: str) -> tuple[ManualResult | None, str]:
    """The decision as a result, and the row's short explanation (the computed one when there is no decision)."""
    if decision is None:
        return None, computed_explanation
    item, t = decision.assessment, TEXTS[lang]
    computed = legend.entry_for(level, legend_level)
    by, date, why = item.decided_by, item.decided_on.isoformat(), _sentence(item.motivation)
    if item.level is not None:
        word = legend.entry_for(item.level, item.legend_level).text_in(lang)
        text = t["decided"].format(word=word, by=by, date=date, why=why, computed=computed_explanation)
    else:
        text = t["analysis"].format(by=by, date=date, why=why, computed=computed_explanation)
    if decision.stale:
        text += t["stale"].format(what=t["and"].join(t[what] for what in decision.stale))
    result = ManualResult(decided=item.level is not None, motivation=item.motivation, decided_by=by,
                          decided_on=item.decided_on, source=item.source(), stale=decision.stale,
                          computed_level=level, computed_level_text=computed.text_in(lang),
                          computed_symbol=computed.symbol, computed_explanation=computed_explanation)
    return result, text
