"""Periods shorter than the year, and the year-end.

An interim period may have its own target (`delårsmål`): the year's threshold pro-rated over the months
the period covers, or a target stated for that kind of period; `targets_for_period` gives the scorecard
as it applies to the judged period, so that the rules and the sentences see that target.

A scorecard may forbid "delvis uppfyllt" at a year-end (`delvis vid årsbokslut: nej`, as Luleå's "Gul
markering används ej vid årsbokslut"): a small ruleset of its own then turns each such verdict, of a row
or of a node, into "ej uppfyllt", and the verdict keeps the rule that did it for the explanation.
"""

from __future__ import annotations

from decimal import Decimal, localcontext

from ..diagnostics import Bilingual, EngineError
from ..model import (Indicator, Level, Node, NodeVerdict, PartialBound, PartialRange, Scorecard, ThresholdTarget,
                     Verdict)
from ..model.period import Period, PeriodKind
from ..numbers import format_quantity
from .facts import EXACT_DIGITS
from .isolation import DEFAULT_TIMEOUT, MALMOTOR_BUG, fire_isolated

YEAR_END_TURNED = "årsbokslut.delvis_blir_ej"
YEAR_END_STANDS = "årsbokslut.står_kvar"
YEAR_END_ALLOWED = "årsbokslut.delvis_tillåten"
_PLACES = Decimal("0.01")  # a pro-rated bound is rounded to two decimals


def is_interim(period: Period) -> bool:
    return period.kind is not PeriodKind.YEAR


def months_covered(period: Period) -> int:
    first, last = period.months
    return last - first + 1


# --- interim targets -----------------------------------------------------------------------------

def targets_for_period(scorecard: Scorecard, period: Period) -> Scorecard:
    """The scorecard with each `delårsmål` applied for `period` (unchanged at a year-end)."""
    if not is_interim(period) or not any(indicator.interim for indicator in scorecard.indicators().values()):
        return scorecard

    def node(each: Node) -> Node:
        return each.model_copy(update={"children": tuple(node(child) for child in each.children),
                                       "indicators": tuple(_for_period(indicator, period)
                                                           for indicator in each.indicators)})

    return scorecard.model_copy(update={"root": node(scorecard.root)})


def _for_period(indicator: Indicator, period: Period) -> Indicator:
    interim = indicator.interim
    if interim is None:
        return indicator
    if interim.prorated and isinstance(indicator.target, ThresholdTarget):
        return _prorated(indicator, period)
    stated = interim.stated.get(f"{period.kind.value} {period.number}")
    if stated is None:
        return indicator
    # A limit for delvis written as a share of the target (or a status) still means the same; a fixed bound
    # or range belongs to the year's target and is left out.
    partial = None if isinstance(indicator.partial, (PartialBound, PartialRange)) else indicator.partial
    return indicator.model_copy(update={"target": stated, "partial": partial})


def _prorated(indicator: Indicator, period: Period) -> Indicator:
    months = months_covered(period)
    with localcontext() as context:
        context.prec = EXACT_DIGITS
        share = Decimal(months) / 12

        def scaled(bound: Decimal) -> Decimal:
            return (bound * share).quantize(_PLACES).normalize()

        target = indicator.target
        bound = scaled(target.bound)
        phrase = f"{target.phrase} för året; {months}/12: {format_quantity(bound, indicator.unit, None, 'sv')}"
        update = {"target": target.model_copy(update={"bound": bound, "phrase": phrase})}
        if isinstance(indicator.partial, PartialBound):
            update["partial"] = indicator.partial.model_copy(update={"bound": scaled(indicator.partial.bound)})
    return indicator.model_copy(update=update)


# --- no delvis at a year-end ---------------------------------------------------------------------

def ruleset_definition() -> dict:
    return {
        YEAR_END_TURNED: {"all": [{"m": {"$and": [{"level": Level.PARTLY.value}, {"no_partial": 1}]}}]},
        YEAR_END_ALLOWED: {"all": [{"m": {"$and": [{"level": Level.PARTLY.value}, {"no_partial": 0}]}}]},
        YEAR_END_STANDS: {"all": [{"m": {"$neq": {"level": Level.PARTLY.value}}}]},
    }


def decide_year_end(level: Level, no_partial: bool) -> str:
    """The reference: the rule the small ruleset fires."""
    if level is not Level.PARTLY:
        return YEAR_END_STANDS
    return YEAR_END_TURNED if no_partial else YEAR_END_ALLOWED


def no_partial_at_year_end(scorecard: Scorecard, period: Period) -> bool:
    return not scorecard.partial_at_year_end and not is_interim(period)


def at_year_end(verdicts: list, labels: list[str], no_partial: bool, engine: str,
                timeout: float = DEFAULT_TIMEOUT) -> list:
    """Each verdict (of a row or a node), turned to "ej uppfyllt" by the rule where it was "delvis uppfyllt"."""
    partly = [(verdict, label) for verdict, label in zip(verdicts, labels) if verdict.level is Level.PARTLY]
    if not no_partial or not partly:
        return list(verdicts)
    if engine == "durable":
        facts = [{"id": label, "level": verdict.level.value, "no_partial": 1} for verdict, label in partly]
        fired = fire_isolated(ruleset_definition(), facts, timeout).fired
        rules = {}
        for _, label in partly:
            names = fired.get(label, [])
            if len(names) != 1:
                raise EngineError(Bilingual(f"Regelmotorn gav {names or 'inga regler'} för årsbokslutet av "
                                            f"'{label}'; varje rad ska få exakt en regel.",
                                            f"The rule engine gave {names or 'no rules'} for the year-end of "
                                            f"'{label}'; every row must get exactly one rule."), MALMOTOR_BUG)
            rules[label] = names[0]
    else:
        rules = {label: decide_year_end(verdict.level, no_partial) for verdict, label in partly}
    return [verdict.model_copy(update={"level": Level.NOT_FULFILLED, "year_end_rule": YEAR_END_TURNED})
            if rules.get(label) == YEAR_END_TURNED else verdict for verdict, label in zip(verdicts, labels)]


def row_labels(verdicts: tuple[Verdict, ...]) -> list[str]:
    return [verdict.key.label() for verdict in verdicts]


def node_labels(verdicts: list[NodeVerdict]) -> list[str]:
    return [f"nod {verdict.node} @ {verdict.org_unit}" for verdict in verdicts]
