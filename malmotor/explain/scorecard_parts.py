"""What presenting takes from the scorecard alone, worked out once per scorecard and language, not per key.

A chunk presents each of its units on its own (scale/chunk.py), all with the same scorecard object, and
every key of an indicator has the same place in the hierarchy, target phrase and target text; every
roll-up row of a node the same path. `parts_for` remembers them for the last few scorecards, by identity:
a Scorecard is frozen, so what is worked out from it cannot go stale, and hashing one would walk all of
it on every call. An entry holds its scorecard, so no other object can take its id while it is remembered.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..model import Indicator, Node, PathStep, Scorecard
from .interim import forecast_legend, target_phrase
from .present_paths import level_name, path_steps
from .sentences import Explainer

REMEMBERED = 4  # scorecards × languages × forecast or not: a run presents one scorecard in one language


@dataclass(frozen=True)
class IndicatorPlace:
    """An indicator's row fields that do not depend on the unit, the group or the values."""

    indicator: Indicator
    perspective: str  # the top level's node ("" without levels)
    strategic_goal: str  # the level between, with three levels or more
    goal: str  # the last level's node
    path: tuple[PathStep, ...]
    target: str  # the phrase as the scorecard writes it (target_phrase)
    target_text: str  # as the explanation states it
    polarity: str | None
    subject: str  # the name as an explanation starts with it, without a full stop


@dataclass(frozen=True)
class NodePlace:
    node: Node
    level_name: str
    path: tuple[PathStep, ...]  # the nodes above it


@dataclass(frozen=True)
class ScorecardParts:
    source: Scorecard  # as the assessment has it
    scorecard: Scorecard  # as it is presented: with the forecast words of its legend during the year
    lang: str
    explainer: Explainer
    indicators: dict[str, IndicatorPlace]
    nodes: dict[str, NodePlace]
    node_levels: dict[str, frozenset[int]]  # a node id's hierarchy level(s), for the roll-up sentences
    hierarchy: tuple[str, ...]  # the levels' names in the language


_remembered: dict[tuple[int, str, bool], ScorecardParts] = {}


def parts_for(scorecard: Scorecard, lang: str, forecast: bool) -> ScorecardParts:
    """The parts of `scorecard` in `lang`, with the legend's forecast words when `forecast`."""
    key = (id(scorecard), lang, forecast)
    found = _remembered.get(key)
    if found is not None and found.source is scorecard:
        return found
    made = _parts(scorecard, lang, forecast)
    while len(_remembered) >= REMEMBERED:
        _remembered.pop(next(iter(_remembered), None), None)  # the oldest
    _remembered[key] = made
    return made


def _parts(source: Scorecard, lang: str, forecast: bool) -> ScorecardParts:
    scorecard = source.model_copy(update={"legend": forecast_legend(source.legend)}) if forecast else source
    explainer = Explainer(scorecard.legend, lang, scorecard.comparison_series)
    indicators = {}
    for path, indicator in scorecard.rows():  # an id given twice: the last, as a dict of the rows would keep
        indicators[indicator.id] = _indicator_place(explainer, scorecard, path, indicator)
    nodes, node_levels = {}, {}
    for path, node in scorecard.root.walk():
        above = path[:-1] if node.level >= 0 else ()
        nodes[node.id] = NodePlace(node=node, level_name=level_name(scorecard, node.level, lang),
                                   path=path_steps(scorecard, above, lang))
        node_levels[node.id] = node_levels.get(node.id, frozenset()) | {node.level}
    return ScorecardParts(source=source, scorecard=scorecard, lang=lang, explainer=explainer, indicators=indicators,
                          nodes=nodes, node_levels=node_levels,
                          hierarchy=tuple(level_name(scorecard, depth, lang) for depth in range(len(scorecard.levels))))


def _indicator_place(explainer: Explainer, scorecard: Scorecard, path: tuple[Node, ...],
                     indicator: Indicator) -> IndicatorPlace:
    # The three fields of format 2: the top level, the level between (with three or more), the last level.
    return IndicatorPlace(indicator=indicator, perspective=path[0].name if path else "",
                          strategic_goal=path[1].name if len(path) >= 3 else "", goal=path[-1].name if path else "",
                          path=path_steps(scorecard, path, explainer.lang),
                          target=target_phrase(indicator, explainer.lang), target_text=explainer.target_text(indicator),
                          polarity=indicator.polarity.value if indicator.polarity else None,
                          subject=indicator.name.rstrip("."))
