"""Generated summaries (Sammanfattning), as a controller writes one in an annual report: for the whole
scorecard and for each top-level node (perspektiv), per unit, in Swedish or English.

Each text is built from the facts of `summary_facts` alone, which are taken from the result's verdicts
(its indicator rows and roll-up nodes), so that every number and name in it can be traced to a verdict.
The sentences, in this order, each left out when it has nothing to say:

1. the roll-up verdict of the scorecard or node (only with `sammanvägning`);
2. for the scorecard, how many top-level nodes got each level, with their names;
3. how many goals (nodes of the last level) got each level, and the goals not fulfilled;
4. how many indicators got each level (without `sammanvägning`, also the indicators not fulfilled),
   left out when the counts are the goals' (one indicator per goal, as in the bundled example);
5. the unassessed indicators by reason, and the indicators without a target;
6. the indicators that worsened, the largest relative change first (see `summary_facts`);
7. the indicators a person assessed manually.

Without `sammanvägning` a node's summary therefore says what its indicators got, never a verdict on
the node itself: no verdict was decided for it.
"""

from __future__ import annotations

from ..model import EvaluationResult, Level, NodeResult, Reason, Scorecard, SummaryCounts, SummaryFacts, SummaryItem
from ..model import SummaryText
from .present_paths import level_name
from .summary_facts import facts as summary_facts
from ..model.trusted import trusted
from .wording import (INDICATOR, SCORECARD, SPELLED_UP_TO, Noun, be, denied, level_noun, listing, no, number,
                      participle, pronoun, quoted, sentence)

LIMIT = 3  # names cited in one list; a longer list is cited by its first three ("bland dem …")
NAMED_CHILDREN = 6  # the top-level nodes are named in the scorecard's summary when there are at most this many
ORDER = (Level.FULFILLED, Level.PARTLY, Level.NOT_FULFILLED, Level.NOT_ASSESSED)

TEXTS = {
    "sv": {
        "overall": "sammantaget är {subject} {level}",
        "decided": " enligt en manuell bedömning",
        "overall_none": "{subject} kan inte bedömas sammantaget, eftersom inget av det som vägs samman är bedömt",
        "only_one": "det finns {one} {noun}, {name}, och {it} är {level}",
        "both": "båda {noun} är {level}", "all": "samtliga {n} {noun} är {level}",
        "neither": "{no} av de två {noun} är {level}", "none_of": "{no} av de {n} {noun} är {level}",
        "none_of_plain": "{no} av {n} {noun} är {level}",
        "k_of_n": "{k} av {n} {noun} är {level}", "k_of_n_bare": "{k} av {n} är {level}", "k": "{k} är {level}",
        "no_one": "{no} {noun} är {level}: ", "of_n": "av {n} {noun} är {clauses}", "k_digits": "{k} {level}",
        "not_met_one": "{it} {noun} som inte är {level} är {names}",
        "not_met": "de {noun} som inte är {level} är {names}",
        "not_met_many": "bland de {noun} som inte är {level} finns {names}",
        "among": ", bland dem {names}", "in_all": "sammanlagt {text}",
        "worsened_none": "{no} {noun} har försämrats",
        "worsened": "{subject} har försämrats: {names}",
        "worsened_many": "{subject} har försämrats; störst är försämringen för {names}",
        "change": " (från {before} {period} till {now})",
        "manual": "{subject} har bedömts manuellt: {names}",
        "manual_many": "{subject} har bedömts manuellt, bland dem {names}",
        "nothing": "Det finns inget att sammanfatta.",
    },
    "en": {
        "overall": "overall, {subject} is {level}",
        "decided": " by a manual assessment",
        "overall_none": "{subject} cannot be assessed overall, as nothing it is weighed from is assessed",
        "only_one": "there is {one} {noun}, {name}, and {it} is {level}",
        "both": "both {noun} are {level}", "all": "all {n} {noun} are {level}",
        "neither": "neither {noun} is {level}", "none_of": "none of the {n} {noun} is {level}",
        "none_of_plain": "none of the {n} {noun} is {level}",
        "k_of_n": "{k} of {n} {noun} {be} {level}", "k_of_n_bare": "{k} of {n} {be} {level}",
        "k": "{k} {be} {level}",
        "no_one": "{no} {noun} is {level}: ", "of_n": "of {n} {noun}, {clauses}", "k_digits": "{k} {be} {level}",
        "not_met_one": "the {noun} not fulfilled is {names}",
        "not_met": "the {noun} not fulfilled are {names}",
        "not_met_many": "the {noun} not fulfilled include {names}",
        "among": ", among them {names}", "in_all": "in all, {text}",
        "worsened_none": "{no} {noun} has worsened",
        "worsened": "{subject} {have} worsened: {names}",
        "worsened_many": "{subject} have worsened, most of all {names}",
        "change": " (from {before} in {period} to {now})",
        "manual": "{subject} {have} been assessed manually: {names}",
        "manual_many": "{subject} have been assessed manually, among them {names}",
        "nothing": "There is nothing to summarise.",
    },
}
# Why an indicator is not assessed, as a predicate: (one, several).
REASONS = {
    "sv": {Reason.NO_VALUE: ("saknar värde", "saknar värde"),
           Reason.NEW_MEASURE: ("är ett nytt mått", "är nya mått"),
           Reason.NOT_MEASURABLE: ("kan inte mätas", "kan inte mätas"),
           Reason.NO_COMPARISON: ("saknar jämförelsevärde", "saknar jämförelsevärde"),
           Reason.MANUAL: ("bedöms manuellt", "bedöms manuellt"),
           Reason.NO_TARGET: ("har inget mål och följs bara upp", "har inget mål och följs bara upp"),
           Reason.NO_ASSESSED_CHILDREN: ("har ingen bedömd grupp", "har ingen bedömd grupp"),  # bedöms på: alla grupper
           None: ("är inte bedömd", "är inte bedömda")},
    "en": {Reason.NO_VALUE: ("has no value", "have no value"),
           Reason.NEW_MEASURE: ("is a new measure", "are new measures"),
           Reason.NOT_MEASURABLE: ("cannot be measured", "cannot be measured"),
           Reason.NO_COMPARISON: ("lacks a comparison value", "lack a comparison value"),
           Reason.MANUAL: ("is judged manually", "are judged manually"),
           Reason.NO_TARGET: ("has no target and is only monitored", "have no target and are only monitored"),
           Reason.NO_ASSESSED_CHILDREN: ("has no assessed group", "have no assessed group"),
           None: ("is not assessed", "are not assessed")},
}


def summaries(result: EvaluationResult, scorecard: Scorecard) -> tuple[SummaryText, ...]:
    """Per unit: the scorecard's summary, then one per top-level node that has rows or a verdict."""
    lang, levels = result.language, scorecard.levels
    last = len(levels) - 1
    top = level_noun(levels[0], lang) if levels else None
    goal = level_noun(levels[last], lang) if levels else None
    words = {"indicators": INDICATOR[lang].plural, "goals": goal.plural if goal else "",
             "children": top.plural if top else ""}
    texts: list[SummaryText] = []
    for unit in result.org_units:
        rows = [row for row in result.indicators if row.org_unit == unit and row.group is None]
        nodes = [node for node in result.nodes if node.org_unit == unit]
        root = next((node for node in nodes if node.depth < 0), None)
        children = [node for node in nodes if node.depth == 0] if levels else []
        goals = [node for node in nodes if node.depth == last] if levels else []
        known: dict = {}  # the worsened rows' changes, worked out once for the unit and its perspectives
        found = summary_facts(rows, root, children, goals, words, known)
        text = compose(found, SCORECARD[lang], result.scorecard, top, goal if last > 0 else None, lang)
        texts.append(trusted(SummaryText, node=scorecard.root.id, name=result.scorecard,
                             level_name=level_name(scorecard, -1, lang), depth=-1, org_unit=unit, text=text,
                             facts=found))
        for child in scorecard.root.children if levels else ():
            mine = [row for row in rows if row.path and row.path[0].id == child.id]
            node = next((node for node in children if node.id == child.id), None)
            if not mine and node is None:
                continue
            below = [node for node in goals if last > 0 and _under(node, child.id)]
            found = summary_facts(mine, node, None, below, words, known)
            text = compose(found, top, child.name, None, goal if last > 0 else None, lang)
            texts.append(trusted(SummaryText, node=child.id, name=child.name, level_name=level_name(scorecard, 0, lang),
                                 depth=0, org_unit=unit, text=text, facts=found))
    return tuple(_as_forecast(text, lang) for text in texts) if result.forecast else tuple(texts)


def _under(node: NodeResult, top: str) -> bool:
    """Whether a node lies below the top-level node `top` (its path starts there)."""
    return bool(node.path) and node.path[0].id == top


# --- the text ----------------------------------------------------------------------------------------

def compose(facts: SummaryFacts, noun: Noun, name: str, children: Noun | None, goals: Noun | None,
            lang: str) -> str:
    """One summary from its facts alone, the sentences in the order of the module's docstring, each left out
    when it has nothing to say. `noun` is the kind of the summary's own node, `children` the top level's
    (for the scorecard) and `goals` the last level's (None when there is no level below the top)."""
    indicator = INDICATOR[lang]
    parts = [_overall(facts, noun, name, lang)]
    if facts.children is not None and children is not None:
        parts.append(counts_sentence(facts.children, children, lang, named=facts.children.total <= NAMED_CHILDREN))
    said_goals = facts.goals is not None and goals is not None
    if said_goals:
        parts.append(counts_sentence(facts.goals, goals, lang))
    if not (said_goals and _same_counts(facts.goals, facts.indicators)):
        parts.append(counts_sentence(facts.indicators, indicator, lang))
    met_noun = goals if said_goals else indicator if facts.goals is None else None
    if met_noun is not None:  # goal verdicts without a goal noun are the children, already named above
        parts.append(_not_met(facts.not_met, met_noun, lang))
    parts += [_unassessed(facts.unassessed, lang), _reasoned([facts.without_target], Reason.NO_TARGET, lang),
              _worsened(facts, lang), _manual(facts.manual, lang)]
    text = " ".join(sentence(part) for part in parts if part)
    return text or TEXTS[lang]["nothing"]


def _overall(facts: SummaryFacts, noun: Noun, name: str, lang: str) -> str:
    """The node's own roll-up verdict; nothing without `sammanvägning`, since none was decided."""
    if facts.level is None:
        return ""
    subject = noun.definite or quoted(name, lang)
    if facts.level is Level.NOT_ASSESSED:
        return TEXTS[lang]["overall_none"].format(subject=subject)
    text = TEXTS[lang]["overall"].format(subject=subject, level=participle(facts.level, noun, lang))
    return text + TEXTS[lang]["decided"] if facts.decided else text


def _same_counts(first: SummaryCounts, second: SummaryCounts) -> bool:
    """Whether two counts would read the same (one indicator per goal): then the second is not repeated."""
    def levels(counts: SummaryCounts) -> tuple[int, ...]:
        return counts.fulfilled, counts.partly, counts.not_fulfilled, counts.unassessed
    return levels(first) == levels(second)


# --- counts ------------------------------------------------------------------------------------------

def _by_level(counts: SummaryCounts) -> list[tuple[Level, int]]:
    """The levels that occur, in the order a report reads them (uppfyllt first)."""
    found = {Level.FULFILLED: counts.fulfilled, Level.PARTLY: counts.partly,
             Level.NOT_FULFILLED: counts.not_fulfilled, Level.NOT_ASSESSED: counts.unassessed}
    return [(level, found[level]) for level in ORDER if found[level]]


def counts_sentence(counts: SummaryCounts, noun: Noun, lang: str, named: bool = False) -> str:
    """How many got each level, as running text ("två av fem perspektiv är uppfyllda, …"), without the
    capital and the full stop. `named` adds each level's names in brackets (the scorecard's perspectives)."""
    n, parts = counts.total, _by_level(counts)
    if n == 0:
        return ""
    texts = TEXTS[lang]
    if n == 1:
        level = parts[0][0]
        return texts["only_one"].format(one=number(1, noun, lang), noun=noun.singular,
                                        name=quoted(counts.items[0].name, lang), it=pronoun(noun, lang),
                                        level=participle(level, noun, lang))
    if n > SPELLED_UP_TO and len(parts) > 1:
        clauses = [texts["k_digits"].format(k=k, be=be(k, lang), level=participle(level, noun, lang, k))
                   for level, k in parts]
        return texts["of_n"].format(n=n, noun=noun.plural, clauses=listing(clauses, lang))
    if len(parts) == 1 and parts[0][0] in (Level.FULFILLED, Level.PARTLY):
        return _all(parts[0][0], n, noun, lang)
    if Level.FULFILLED not in dict(parts):
        return _none_fulfilled(counts, parts, noun, lang, named)
    clauses = [_clause(level, k, n if index == 0 else None, noun, lang) + _names(counts, level, named, lang)
               for index, (level, k) in enumerate(parts)]
    return listing(clauses, lang)


def _all(level: Level, n: int, noun: Noun, lang: str) -> str:
    """All of them got the same (positive) level: "båda målen", "samtliga fem mål", "all five goals"."""
    texts, level_text = TEXTS[lang], participle(level, noun, lang, n)
    if n == 2 and lang == "en":
        return texts["both"].format(noun=noun.plural, level=level_text)
    if n == 2 and noun.definite_plural:
        both = ("de " if noun.adjective else "") + noun.definite_plural
        return texts["both"].format(noun=both, level=level_text)
    if n == 2:  # "båda" needs the definite form, unknown for this level: "två av två nämndmål"
        return _clause(level, n, n, noun, lang)
    return texts["all"].format(n=number(n, noun, lang), noun=noun.plural, level=level_text)


def _none_fulfilled(counts: SummaryCounts, parts: list[tuple[Level, int]], noun: Noun, lang: str,
                    named: bool) -> str:
    """None fulfilled: "inget av de två målen är uppfyllt", or "inget mål är uppfyllt: två av tre …"."""
    n, denies = counts.total, parts[0][0] if len(parts) == 1 else Level.NOT_FULFILLED
    head = _none_of(n, noun, denied(denies, noun, lang), lang)
    if len(parts) == 1:
        return head
    if n == 2:
        clauses = [_clause(level, k, None, noun, lang) + _names(counts, level, named, lang) for level, k in parts]
        return head + ": " + listing(clauses, lang)
    texts = TEXTS[lang]
    lead = texts["no_one"].format(no=no(noun, lang), noun=noun.singular, level=denied(Level.NOT_FULFILLED, noun, lang))
    clauses = [_clause(level, k, n if index == 0 else None, noun, lang, bare=True) + _names(counts, level, named, lang)
               for index, (level, k) in enumerate(parts)]
    return lead + listing(clauses, lang)


def _none_of(n: int, noun: Noun, level: str, lang: str) -> str:
    """"inget av de fem perspektiven är uppfyllt", "neither goal is …", "none of the four indicators is …"."""
    texts = TEXTS[lang]
    if lang == "en":
        if n == 2:
            return texts["neither"].format(noun=noun.singular, level=level)
        return texts["none_of"].format(n=number(n, noun, lang), noun=noun.plural, level=level)
    if noun.definite_plural is None:  # the definite form is unknown: "inget av fem nämndmål"
        return texts["none_of_plain"].format(no=no(noun, lang), n=number(n, noun, lang), noun=noun.plural, level=level)
    if n == 2:
        return texts["neither"].format(no=no(noun, lang), noun=noun.definite_plural, level=level)
    return texts["none_of"].format(no=no(noun, lang), n=number(n, noun, lang), noun=noun.definite_plural, level=level)


def _clause(level: Level, k: int, n: int | None, noun: Noun, lang: str, bare: bool = False) -> str:
    """"två av fem perspektiv är uppfyllda" (the first clause, with the total), then "ett är delvis uppfyllt"."""
    values = dict(k=number(k, noun, lang), be=be(k, lang), level=participle(level, noun, lang, k))
    if n is None:
        return TEXTS[lang]["k"].format(**values)
    key = "k_of_n_bare" if bare else "k_of_n"
    return TEXTS[lang][key].format(n=number(n, noun, lang), noun=noun.plural, **values)


def _names(counts: SummaryCounts, level: Level, named: bool, lang: str) -> str:
    """The names of those at one level, in brackets, when the sentence names them."""
    if not named:
        return ""
    return " (" + listing([quoted(item.name, lang) for item in counts.items if item.level is level], lang) + ")"


# --- lists -------------------------------------------------------------------------------------------

def _cited(items, lang: str) -> str:
    """At most LIMIT names, quoted and listed."""
    return listing([quoted(item.name, lang) for item in items[:LIMIT]], lang)


def _not_met(items: tuple[SummaryItem, ...], noun: Noun, lang: str) -> str:
    """The goals (without roll-up: the indicators) not fulfilled, the first three of a longer list."""
    if not items:
        return ""
    key = "not_met_one" if len(items) == 1 else "not_met" if len(items) <= LIMIT else "not_met_many"
    plural = len(items) > 1
    return TEXTS[lang][key].format(it=pronoun(noun, lang), noun=noun.plural if plural else noun.singular,
                                   level=participle(Level.FULFILLED, noun, lang, len(items)),
                                   names=_cited(items, lang))


def _counted(k: int, lang: str) -> str:
    """"en indikator", "fyra indikatorer", "14 indikatorer"."""
    noun = INDICATOR[lang]
    return f"{number(k, noun, lang)} {noun.singular if k == 1 else noun.plural}"


def _in_all(k: int, text: str, lang: str) -> str:
    """A clause that would start with a digit starts with "sammanlagt" ("in all,") instead."""
    return TEXTS[lang]["in_all"].format(text=text) if k > SPELLED_UP_TO else text


def _reason_clause(items: tuple[SummaryItem, ...], reason: Reason | None, lang: str) -> str:
    """"”A” saknar värde", "”A” och ”B” är nya mått", "fyra indikatorer saknar värde, bland dem …"."""
    one, several = REASONS[lang][reason]
    if len(items) == 1:
        return f"{quoted(items[0].name, lang)} {one}"
    if len(items) <= LIMIT:
        return f"{_cited(items, lang)} {several}"
    text = f"{_counted(len(items), lang)} {several}" + TEXTS[lang]["among"].format(names=_cited(items, lang))
    return _in_all(len(items), text, lang)


def _reasoned(groups: list[tuple[SummaryItem, ...]], reason: Reason | None, lang: str) -> str:
    """The indicators without a target ("har inget mål och följs bara upp")."""
    return _reason_clause(groups[0], reason, lang) if groups and groups[0] else ""


def _unassessed(reasons, lang: str) -> str:
    """The unassessed by reason: "”A” saknar värde och ”B” är ett nytt mått"; with a list inside, "; "."""
    clauses = [_reason_clause(group.items, group.reason, lang) for group in reasons if group.items]
    if all(len(group.items) == 1 for group in reasons):
        return listing(clauses, lang)
    return "; ".join(clauses)


def _change(change, lang: str) -> str:
    """"”Sjukfrånvaro” (från 3,4 % 2017 till 3,8 %)"."""
    return quoted(change.name, lang) + TEXTS[lang]["change"].format(
        before=change.comparison_text, period=change.comparison_period.sentence(lang), now=change.value_text)


def _worsened(facts: SummaryFacts, lang: str) -> str:
    """The worsened indicators, the largest change first; nothing when no indicator got an arrow."""
    items, texts, noun = facts.worsened, TEXTS[lang], INDICATOR[lang]
    if not items:
        return texts["worsened_none"].format(no=no(noun, lang), noun=noun.singular) if facts.trends else ""
    k = len(items)
    names = listing([_change(change, lang) for change in items[:LIMIT]], lang)
    key = "worsened" if k <= LIMIT else "worsened_many"
    return _in_all(k, texts[key].format(subject=_counted(k, lang), have=_have(k), names=names), lang)


def _manual(items: tuple[SummaryItem, ...], lang: str) -> str:
    """The indicators whose level a person decided."""
    if not items:
        return ""
    k, key = len(items), "manual" if len(items) <= LIMIT else "manual_many"
    return _in_all(k, TEXTS[lang][key].format(subject=_counted(k, lang), have=_have(k), names=_cited(items, lang)),
                   lang)


def _have(count: int) -> str:
    return "has" if count == 1 else "have"


FORECAST_LEAD = {"sv": "Sammanfattningen är en prognos för året. ", "en": "The summary is a forecast for the year. "}


def _as_forecast(summary: SummaryText, lang: str) -> SummaryText:
    """During the year (`under året: prognos`) the scorecard's text says first that it is a forecast; the
    perspectives' texts follow it in the same section."""
    if summary.depth >= 0:
        return summary
    return summary.model_copy(update={"text": FORECAST_LEAD[lang] + summary.text})
