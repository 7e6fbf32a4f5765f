"""Where a row sits in the hierarchy, as results show it: the nodes above it with their level's name."""

from __future__ import annotations

from ..model import Node, PathStep, Scorecard


def path_steps(scorecard: Scorecard, path: tuple[Node, ...], lang: str) -> tuple[PathStep, ...]:
    return tuple(PathStep(level=level_name(scorecard, node.level, lang), id=node.id, name=node.name) for node in path)


def level_name(scorecard: Scorecard, level: int, lang: str) -> str:
    if level < 0:
        return {"sv": "styrkort", "en": "scorecard"}[lang]
    declared = scorecard.levels[level]
    return declared.name if lang == "sv" else declared.name_en
