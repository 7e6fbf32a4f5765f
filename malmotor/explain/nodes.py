"""Roll-up verdicts presented: one row per node and unit, with a sentence that shows the counts the
verdict was weighed from and the method ("Bedömda mål: 7 (uppfyllt 4, delvis uppfyllt 0, ej uppfyllt 3); ej bedömda,
räknas inte: 2. Metod: majoritet → uppfyllt.")."""

from __future__ import annotations

from ..model import Counted, Level, NodeResult, NodeVerdict, Scorecard
from ..numbers import format_number
from .interim import year_end_text
from .wording import level_noun
from .manual import decided, present_manual
from .scorecard_parts import NodePlace, ScorecardParts
from ..model.trusted import trusted

TEXTS = {
    "sv": {
        "counts": "Bedömda {what}: {n} ({f_word} {f}, {p_word} {p}, {e_word} {e})",
        "unassessed": "; ej bedömda, räknas inte: {u}",
        "none": "Inga bedömda {what}; ej bedömda: {u}",
        "nothing": "Inget att väga samman",
        "method": ". Metod: {method}{detail} → {verdict}.",
        "method_none": " ({verdict}).",
        "shares": " (uppfyllt från {x} % uppfyllda, delvis från {y} % minst delvis uppfyllda)",
        "score": ", poäng {score} % (uppfyllt från {x} %, delvis från {y} %)",
        "indicators": "indikatorer", "parts": "delar",
    },
    "en": {
        "counts": "Assessed {what}: {n} ({f_word} {f}, {p_word} {p}, {e_word} {e})",
        "unassessed": "; not assessed, not counted: {u}",
        "none": "No assessed {what}; not assessed: {u}",
        "nothing": "Nothing to weigh",
        "method": ". Method: {method}{detail} → {verdict}.",
        "method_none": " ({verdict}).",
        "shares": " (fulfilled from {x}% fulfilled, partly from {y}% at least partly fulfilled)",
        "score": ", score {score}% (fulfilled from {x}%, partly from {y}%)",
        "indicators": "indicators", "parts": "parts",
    },
}
METHODS_EN = {"alla": "all", "majoritet": "majority", "sämsta": "worst", "andel": "share", "viktat": "weighted"}


def node_rows(parts: ScorecardParts, verdicts: tuple[NodeVerdict, ...]) -> tuple[NodeResult, ...]:
    return tuple(_row(parts, parts.nodes[verdict.node], verdict) for verdict in verdicts)


def _row(parts: ScorecardParts, place: NodePlace, verdict: NodeVerdict) -> NodeResult:
    scorecard, lang, node = parts.scorecard, parts.lang, place.node
    level, legend_level, level_reason = decided(verdict.level, verdict.legend_level, verdict.level_reason,
                                                verdict.manual)
    entry = scorecard.legend.entry_for(level, legend_level)
    manual, explanation = present_manual(verdict.manual, scorecard.legend, verdict.level, verdict.legend_level,
                                         explain(scorecard, verdict, lang, parts.node_levels), lang)
    # Every field, in the model's order (model/trusted.py).
    return trusted(NodeResult, id=node.id, name=node.name, level_name=place.level_name, depth=node.level,
                   path=place.path, org_unit=verdict.org_unit, level=level, level_reason=level_reason,
                   level_text=entry.text_in(lang), symbol=entry.symbol, colour=entry.colour,
                   legend_level=legend_level, method=verdict.method.kind, method_text=verdict.method.text,
                   counted=verdict.counted, fulfilled=verdict.fulfilled, partly=verdict.partly,
                   not_fulfilled=verdict.not_fulfilled, unassessed=verdict.unassessed, score=verdict.score,
                   rule=verdict.rule, explanation=f"{node.name}: {explanation}", short_explanation=explanation,
                   manual=manual, year_end_rule=verdict.year_end_rule)


def explain(scorecard: Scorecard, verdict: NodeVerdict, lang: str, node_levels: dict[str, frozenset[int]]) -> str:
    """The roll-up sentence; `node_levels` are the nodes' levels by id (ScorecardParts.node_levels)."""
    t = TEXTS[lang]
    what = _what(scorecard, verdict.counted, lang, node_levels)
    word = scorecard.legend.entry_for(verdict.level, verdict.legend_level).text_in(lang)
    n, u = verdict.assessed, verdict.unassessed
    if n == 0:
        text = t["none"].format(what=what, u=u) if u else t["nothing"]
        return text + t["method_none"].format(verdict=word)
    words = {f"{key}_word": scorecard.legend.levels[level].text_in(lang)
             for key, level in (("f", Level.FULFILLED), ("p", Level.PARTLY), ("e", Level.NOT_FULFILLED))}
    text = t["counts"].format(what=what, n=n, f=verdict.fulfilled, p=verdict.partly, e=verdict.not_fulfilled, **words)
    if u:
        text += t["unassessed"].format(u=u)
    method = verdict.method
    detail = ""
    if method.kind == "andel":
        detail = t["shares"].format(x=format_number(method.fulfilled_from, lang=lang),
                                    y=format_number(method.partly_from, lang=lang))
    elif method.kind == "viktat" and verdict.score is not None:
        detail = t["score"].format(score=format_number(verdict.score, lang=lang),
                                   x=format_number(method.fulfilled_from, lang=lang),
                                   y=format_number(method.partly_from, lang=lang))
    name = method.kind if lang == "sv" else METHODS_EN[method.kind]
    if verdict.year_end_rule:
        word = year_end_text(scorecard.legend, lang, "node_year_end")
    return text + t["method"].format(method=name, detail=detail, verdict=word)


def _what(scorecard: Scorecard, counted: tuple[Counted, ...], lang: str, node_levels: dict[str, frozenset[int]]) -> str:
    """What was counted, in the plural: a level's ("mål", "strategiska mål"), "indikatorer", or "delar"."""
    kinds = {child.kind for child in counted}
    if kinds == {"indikator"}:
        return TEXTS[lang]["indicators"]
    if kinds != {"nod"}:
        return TEXTS[lang]["parts"]
    depths = set().union(*(node_levels.get(child.id, ()) for child in counted))
    if len(depths) == 1:
        level = scorecard.levels[depths.pop()]
        return level_noun(level, lang).plural if lang == "sv" else level.plural_en  # "målområden"
    return TEXTS[lang]["parts"]

