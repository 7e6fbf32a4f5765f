"""A trace as text for a terminal (`malmotor explain`): headed sections, one fact a line, in the trace's
language; the JSON form (`Trace.to_json`) carries the same facts as data."""

from __future__ import annotations

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


def render_trace(trace: Trace) -> str:
    h, lang = HEADINGS[trace.language], trace.language
    title = trace.id + (f" [{trace.dimension}: {trace.group}]" if trace.group else "")
    lines = [f"{title}: {trace.name}", f"{h['period']}: {trace.period.text}"]
    if trace.path:
        lines.append(f"{h['where']}: " + " › ".join(f"{step.level} {step.name}" for step in trace.path))
    if trace.org_unit:
        lines.append(f"{h['unit']}: {trace.org_unit}")
    target = trace.target
    lines += ["", f"{h['target']}: {' '.join(target.phrase.split())}",
              f"  {h['kind']}: {target.kind_text}" + (f" ({target.text})" if target.text != target.phrase else "")]
    if target.operator:
        lines.append(f"  {h['operator']}: {OPERATORS[lang][target.operator]}"
                     + (f", {h['strict']}" if target.strict else ""))
    if target.polarity:
        lines.append(f"  {h['polarity']}: {target.polarity}")
    if target.average:
        lines.append(f"  {h['average']}: {target.average}")
    if target.partial:
        lines.append(f"  {h['partial']}: {target.partial}"
                     + (f" → {target.partial_limit_text}" if target.partial_limit_text else ""))
    if target.required_statuses:
        lines.append(f"  {h['required']}: {', '.join(target.required_statuses)}")
    if target.kind not in ("milstolpe", "förmåga"):
        lines.append(f"  {h['band']}: ±{target.dead_band_text}")
    if target.compared_with is not None:
        lines.append(f"  {h['compared']}: {target.compared_with.text}"
                     + (f" ({target.series})" if target.series else ""))
    if target.arrow_compared_with is not None:
        lines.append(f"  {h['arrow_compared']}: {target.arrow_compared_with.text}")
    lines += ["", f"{h['values']}:"]
    for value in trace.values:
        source = f"  ({value.source})" if value.source else ""
        lines.append(f"  {value.role_text}, {value.period.text}: {value.text}{source}")
    symbol = f" {trace.symbol}" if trace.symbol else ""
    lines += ["", f"{h['level']}: {trace.level_text}{symbol}"]
    if trace.manual is not None and trace.manual.decided:
        lines.append(f"  {h['computed']}: {trace.manual.computed_level_text} {trace.manual.computed_symbol}")
    lines.append(f"  {h['rule']}: {trace.fulfilment_rule.name}: {trace.fulfilment_rule.description}")
    if trace.year_end_rule:
        lines.append(f"  {h['year_end']}: {trace.year_end_rule.name}: {trace.year_end_rule.description}")
    for check in trace.levels:
        lines.append(f"  {h['why' if check.applied else 'why_not']} {check.sentence}")
    arrow = f"{trace.trend_text} {trace.arrow}".strip() if trace.trend else h["no_arrow"]
    lines += ["", f"{h['trend']}: {arrow}",
              f"  {h['rule']}: {trace.trend_rule.name}: {trace.trend_rule.description}", f"  {trace.trend_sentence}"]
    if trace.trend_change:
        lines.append(f"  {trace.trend_change}")
    if trace.manual is not None:
        manual = trace.manual
        kind = h["decided"] if manual.decided else h["analysis"]
        lines += ["", f"{h['manual']} ({kind}, {manual.source}): {h['by']} {manual.decided_by}, "
                      f"{manual.decided_on.isoformat()}", f"  {manual.motivation.strip()}"]
        if manual.stale:
            lines.append(f"  {h['stale']}: {', '.join(manual.stale)}")
    if trace.groups is not None:
        groups = trace.groups
        lines += ["", f"{h['groups']}: {groups.judged_on}"]
        words = {check.level: check.level_text for check in trace.levels}
        lines += [f"  {item.group}: {words[item.level]}" for item in groups.counted]
    if trace.gaps:
        lines += ["", f"{h['gaps']}:"] + [f"  {gap.symbol} {gap.short_explanation}" for gap in trace.gaps]
    if trace.parents:
        lines += ["", f"{h['parents']}:"]
        for parent in trace.parents:
            mark = f" ({h['counts_this']})" if parent.counts_this else ""
            lines.append(f"  {parent.level_name} {parent.name}: {parent.level_text} {parent.symbol}{mark}")
            lines.append(f"    {parent.rule.name}: {parent.explanation}")
    lines += ["", f"{h['explanation']}: {trace.explanation}"]
    return "\n".join(lines) + "\n"
