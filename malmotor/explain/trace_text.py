"""A trace as text for a terminal (`malmotor explain`): headed sections, one fact a line, in the trace's
language; the JSON form (`Trace.to_json`) carries the same facts as data.

In English, what the rule file, the measures or the assessments write (names, the target's phrase, statuses,
a motivation) and the rules' names are quoted, as everywhere in malmotor's English: they stay as written.
"""

from __future__ import annotations

from .interim import quoted_phrase
from .trace import Trace

HEADINGS = {
    "sv": {"period": "Period", "where": "Plats", "unit": "Enhet", "group": "Grupp", "target": "Målet",
           "kind": "typ", "bound": "gräns", "operator": "operator", "strict": "strikt (gränsen räcker inte)",
           "polarity": "riktning", "partial": "delvis", "limit": "gräns för delvis uppfyllt",
           "band": "dödband", "compared": "målet jämför med", "arrow_compared": "pilen jämför med",
           "required": "kräver status", "average": "snitt över", "values": "Värden", "not_found": "saknas",
           "level": "Måluppfyllelse", "rule": "regel", "computed": "beräknat av reglerna",
           "year_end": "vid årsbokslut", "why": "gäller:", "why_not": "gäller inte:",
           "trend": "Utveckling", "no_arrow": "ingen pil", "explanation": "Förklaring", "manual": "Bedömning",
           "decided": "beslutad nivå", "analysis": "analys", "by": "av", "gaps": "Skillnader mellan grupper",
           "groups": "Bedöms på", "parents": "Sammanvägning", "counts_this": "räknar indikatorn",
           "stale": "inaktuell"},
    "en": {"period": "Period", "where": "Place", "unit": "Unit", "group": "Group", "target": "Target",
           "kind": "kind", "bound": "bound", "operator": "operator", "strict": "strict (the bound is not enough)",
           "polarity": "direction", "partial": "partly", "limit": "limit for partly fulfilled",
           "band": "dead band", "compared": "the target compares with", "arrow_compared": "the arrow compares with",
           "required": "requires status", "average": "average over", "values": "Values", "not_found": "missing",
           "level": "Fulfilment", "rule": "rule", "computed": "computed by the rules",
           "year_end": "at year-end", "why": "applies:", "why_not": "does not apply:",
           "trend": "Trend", "no_arrow": "no arrow", "explanation": "Explanation", "manual": "Assessment",
           "decided": "decided level", "analysis": "analysis", "by": "by", "gaps": "Gaps between groups",
           "groups": "Judged on", "parents": "Roll-up", "counts_this": "counts the indicator",
           "stale": "out of date"},
}
OPERATORS = {"sv": {"minst": "minst", "högst": "högst"}, "en": {"minst": "at least", "högst": "at most"}}
STALE = {"en": {"nivå": "computed level", "värde": "value"}}  # what changed since a decision; Swedish: the key


class _Cite:
    """How the text cites what a file writes: as written in Swedish; quoted in English, a name in “…”
    (it may hold an apostrophe), a phrase, a status or a rule's name in '…'."""

    def __init__(self, lang: str) -> None:
        self.english = lang == "en"

    def name(self, text: str) -> str:
        return f"“{text}”" if self.english else text

    def word(self, text: str) -> str:
        return f"'{text}'" if self.english else text

    def words(self, texts) -> str:
        return ", ".join(map(self.word, texts))

    def period(self, period) -> str:
        return period.sentence("en") if self.english else period.text

    def phrase(self, phrase: str) -> str:
        phrase = " ".join(phrase.split())
        return quoted_phrase(phrase) if self.english else phrase


def render_trace(trace: Trace) -> str:
    h, lang, cite = HEADINGS[trace.language], trace.language, _Cite(trace.language)
    title = trace.id + (f" [{cite.name(f'{trace.dimension}: {trace.group}')}]" if trace.group else "")
    lines = [f"{title}: {cite.name(trace.name)}", f"{h['period']}: {cite.period(trace.period)}"]
    if trace.path:
        lines.append(f"{h['where']}: " + " › ".join(f"{step.level} {cite.name(step.name)}" for step in trace.path))
    if trace.org_unit:
        lines.append(f"{h['unit']}: {cite.name(trace.org_unit)}")
    target = trace.target
    lines += ["", f"{h['target']}: {cite.phrase(target.phrase)}",
              f"  {h['kind']}: {target.kind_text}" + (f" ({target.text})" if _shows_text(target, lang) else "")]
    if target.operator:
        lines.append(f"  {h['operator']}: {OPERATORS[lang][target.operator]}"
                     + (f", {h['strict']}" if target.strict else ""))
    if target.polarity:
        lines.append(f"  {h['polarity']}: {target.polarity}")
    if target.average:
        lines.append(f"  {h['average']}: {cite.word(target.average)}")
    if target.partial:
        lines.append(f"  {h['partial']}: {cite.word(target.partial)}"
                     + (f" → {target.partial_limit_text}" if target.partial_limit_text else ""))
    if target.required_statuses:
        lines.append(f"  {h['required']}: {cite.words(target.required_statuses)}")
    if target.kind not in ("milstolpe", "förmåga"):
        lines.append(f"  {h['band']}: ±{target.dead_band_text}")
    if target.compared_with is not None:
        lines.append(f"  {h['compared']}: {cite.period(target.compared_with)}"
                     + (f" ({cite.word(target.series)})" if target.series else ""))
    if target.arrow_compared_with is not None:
        lines.append(f"  {h['arrow_compared']}: {cite.period(target.arrow_compared_with)}")
    lines += ["", f"{h['values']}:"]
    for value in trace.values:
        source = f"  ({value.source})" if value.source else ""
        text = cite.words(value.text.split(", ")) if value.statuses and cite.english else value.text
        lines.append(f"  {value.role_text}, {cite.period(value.period)}: {text}{source}")
    symbol = f" {trace.symbol}" if trace.symbol else ""
    lines += ["", f"{h['level']}: {trace.level_text}{symbol}"]
    if trace.manual is not None and trace.manual.decided:
        lines.append(f"  {h['computed']}: {trace.manual.computed_level_text} {trace.manual.computed_symbol}")
    lines.append(f"  {h['rule']}: {cite.word(trace.fulfilment_rule.name)}: {trace.fulfilment_rule.description}")
    if trace.year_end_rule:
        lines.append(f"  {h['year_end']}: {cite.word(trace.year_end_rule.name)}: {trace.year_end_rule.description}")
    for check in trace.levels:
        lines.append(f"  {h['why' if check.applied else 'why_not']} {check.sentence}")
    arrow = f"{trace.trend_text} {trace.arrow}".strip() if trace.trend else h["no_arrow"]
    lines += ["", f"{h['trend']}: {arrow}",
              f"  {h['rule']}: {cite.word(trace.trend_rule.name)}: {trace.trend_rule.description}",
              f"  {trace.trend_sentence}"]
    if trace.trend_change:
        lines.append(f"  {trace.trend_change}")
    if trace.manual is not None:
        manual = trace.manual
        kind = h["decided"] if manual.decided else h["analysis"]
        lines += ["", f"{h['manual']} ({kind}, {manual.source}): {h['by']} {cite.name(manual.decided_by)}, "
                      f"{manual.decided_on.isoformat()}", f"  {cite.name(manual.motivation.strip())}"]
        if manual.stale:
            stale = [STALE[lang][what] for what in manual.stale] if lang in STALE else manual.stale
            lines.append(f"  {h['stale']}: {', '.join(stale)}")
    if trace.groups is not None:
        groups = trace.groups
        lines += ["", f"{h['groups']}: {groups.judged_on}"]
        words = {check.level: check.level_text for check in trace.levels}
        lines += [f"  {cite.name(item.group)}: {words[item.level]}" for item in groups.counted]
    if trace.gaps:
        lines += ["", f"{h['gaps']}:"] + [f"  {gap.symbol} {gap.short_explanation}" for gap in trace.gaps]
    if trace.parents:
        lines += ["", f"{h['parents']}:"]
        for parent in trace.parents:
            mark = f" ({h['counts_this']})" if parent.counts_this else ""
            lines.append(f"  {parent.level_name} {cite.name(parent.name)}: {parent.level_text} {parent.symbol}{mark}")
            lines.append(f"    {cite.word(parent.rule.name)}: {parent.explanation}")
    lines += ["", f"{h['explanation']}: {trace.explanation}"]
    return "\n".join(lines) + "\n"


def _shows_text(target, lang: str) -> bool:
    """Whether the kind's line adds the target as the sentences state it: in English not when that is the
    rule file's own phrase again (a milestone's 'Genomförd'), which the target's line quotes already."""
    if lang != "en":
        return target.text != target.phrase
    return target.text != " ".join(target.phrase.split()).rstrip(".") and target.text != target.phrase
