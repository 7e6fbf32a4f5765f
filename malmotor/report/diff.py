"""A rule edit's consequence drawn as text, Markdown (for a pull request or a decision memo) or JSON.

Every format says the same: the rows and roll-up nodes whose verdict changed, with both verdicts and both
explanations; rows and nodes that exist on one side only; "Inga skillnader." when nothing changed.
"""

from __future__ import annotations

from ..compare import NodeChange, RowChange, RowSide, RuleDiff

DIFF_FORMATS = ("text", "json", "markdown")

WORDS = {
    "sv": {"title": "Skillnader mellan {old} och {new}, {period}", "none": "Inga skillnader.",
           "rows": "Indikatorer", "nodes": "Sammanvägning", "ändrad": "ändrad", "tillagd": "tillagd",
           "borttagen": "borttagen", "before": "före", "after": "efter", "unit": "enhet", "no_arrow": "ingen pil",
           "row": "Rad", "change": "Ändring", "verdict_before": "Före", "verdict_after": "Efter",
           "why_before": "Förklaring före", "why_after": "Förklaring efter", "count": "Ändrade: {rows} {row_word} och {nodes} {node_word}.", "row_words": ("rad", "rader"),
           "node_words": ("nod", "noder")},
    "en": {"title": "Differences between {old} and {new}, {period}", "none": "No differences.",
           "rows": "Indicators", "nodes": "Roll-up", "ändrad": "changed", "tillagd": "added",
           "borttagen": "removed", "before": "before", "after": "after", "unit": "unit", "no_arrow": "no arrow",
           "row": "Row", "change": "Change", "verdict_before": "Before", "verdict_after": "After",
           "why_before": "Explanation before", "why_after": "Explanation after",
           "count": "Changed: {rows} {row_word} and {nodes} {node_word}.", "row_words": ("row", "rows"),
           "node_words": ("node", "nodes")},
}


def render_diff(result: RuleDiff, fmt: str = "text") -> str:
    if fmt == "json":
        return result.to_json()
    if fmt == "markdown":
        return _markdown(result)
    return _text(result)


def _label(change: RowChange, w: dict) -> str:
    text = change.id
    if change.group is not None:
        text += f" [{change.dimension}: {change.group}]"
    if change.org_unit is not None:
        text += f" [{w['unit']}: {change.org_unit}]"
    return text


def _verdict(side: RowSide | None, w: dict) -> str:
    if side is None:
        return "–"
    arrow = f"{side.trend_text} {side.arrow}".strip() if side.trend else w["no_arrow"]
    return f"{side.level_text} {side.symbol}, {arrow}".replace("  ", " ")


def _node_verdict(side, w: dict) -> str:
    return "–" if side is None else f"{side.level_text} {side.symbol}".strip()


def _text(result: RuleDiff) -> str:
    w = WORDS[result.language]
    if result.empty:
        return w["none"] + "\n"
    lines = [w["title"].format(old=result.old_rules, new=result.new_rules, period=result.period.text), ""]
    if result.rows:
        lines.append(f"{w['rows']}:")
        for change in result.rows:
            lines.append(f"  {_label(change, w)} ({w[change.change]}): {_verdict(change.old, w)} → "
                         f"{_verdict(change.new, w)}")
            for key, side in (("before", change.old), ("after", change.new)):
                if side is not None:
                    lines.append(f"    {w[key]}: {side.target}: {side.explanation}")
    if result.nodes:
        if result.rows:
            lines.append("")
        lines.append(f"{w['nodes']}:")
        for node in result.nodes:
            unit = f" [{w['unit']}: {node.org_unit}]" if node.org_unit is not None else ""
            lines.append(f"  {node.level_name} {node.name}{unit} ({w[node.change]}): "
                         f"{_node_verdict(node.old, w)} → {_node_verdict(node.new, w)}")
            for key, side in (("before", node.old), ("after", node.new)):
                if side is not None:
                    lines.append(f"    {w[key]}: {side.explanation}")
    lines += ["", _count(result, w)]
    return "\n".join(lines) + "\n"


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def _markdown(result: RuleDiff) -> str:
    w = WORDS[result.language]
    if result.empty:
        return w["none"] + "\n"
    lines = [f"## {_cell(w['title'].format(old=result.old_rules, new=result.new_rules, period=result.period.text))}",
             ""]
    header = [w["row"], w["change"], w["verdict_before"], w["verdict_after"], w["why_before"], w["why_after"]]
    if result.rows:
        lines += [f"### {w['rows']}", "", "| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
        for change in result.rows:
            cells = [f"`{_label(change, w)}`", w[change.change], _verdict(change.old, w), _verdict(change.new, w),
                     _explained(change.old), _explained(change.new)]
            lines.append("| " + " | ".join(_cell(cell) for cell in cells) + " |")
        lines.append("")
    if result.nodes:
        lines += [f"### {w['nodes']}", "", "| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
        for node in result.nodes:
            unit = f" [{w['unit']}: {node.org_unit}]" if node.org_unit is not None else ""
            cells = [f"{node.level_name} {node.name}{unit}", w[node.change], _node_verdict(node.old, w),
                     _node_verdict(node.new, w), node.old.explanation if node.old else "–",
                     node.new.explanation if node.new else "–"]
            lines.append("| " + " | ".join(_cell(cell) for cell in cells) + " |")
        lines.append("")
    lines.append(_count(result, w))
    return "\n".join(lines) + "\n"


def _explained(side: RowSide | None) -> str:
    return "–" if side is None else f"{side.target}: {side.explanation}"


def _count(result: RuleDiff, w: dict) -> str:
    rows, nodes = len(result.rows), len(result.nodes)
    return w["count"].format(rows=rows, nodes=nodes, row_word=w["row_words"][rows != 1],
                             node_word=w["node_words"][nodes != 1])
