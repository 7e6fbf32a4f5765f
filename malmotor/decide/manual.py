"""Manual assessments applied: each decision is put beside the verdict of its row or node for the judged period.

A decision never replaces the computed verdict: `Verdict.manual` holds it, and `decided_level` is what
is published and rolled up. A decision made on other figures than today's (its `beräknat` or `värde`
differs) is stale: flagged in the result and warned about. With `kräv analys` in the rule file, every
row and node at such a level without a written analysis is warned about.
"""

from __future__ import annotations

from ..diagnostics import AssessmentsError, Bilingual, Diagnostic, error, suggestion, warning
from ..model import (Key, Level, ManualAssessment, ManualAssessments, ManualDecision, Measures, NodeVerdict,
                     Scorecard, Verdict)
from ..model.period import Period, PeriodKind
from ..numbers import NotANumber, parse_quantity

STALE_LEVEL, STALE_VALUE = "nivå", "värde"


def for_period(assessments: ManualAssessments | None, period: Period) -> list[ManualAssessment]:
    return [item for item in (assessments.items if assessments else ()) if item.period == period]


def check_against_measures(assessments: ManualAssessments | None, scorecard: Scorecard, measures: Measures,
                           period: Period, verdicts: tuple[Verdict, ...]) -> None:
    """An assessment for a period or unit the measures do not have, or for a row that has no verdict, is an
    error at its line: it would otherwise silently do nothing."""
    if not assessments:
        return
    problems: list[Diagnostic] = []
    periods = measures.periods()
    units = measures.org_units()
    keys = {verdict.key for verdict in verdicts}
    node_ids = {node.id for _, node in scorecard.root.walk()}
    for item in assessments.items:
        if item.period not in periods:
            known = ", ".join(p.text for p in periods)
            problems.append(error(item.file, item.line, Bilingual(
                f"Perioden {item.period.text} för '{item.id}' finns inte i mätvärdena (perioder: {known}).",
                f"The period '{item.period.text}' of '{item.id}' is not in the measured values (periods: "
                f"{_quoted(p.text for p in periods)})."),
                Bilingual("Rätta perioden, eller ange mätvärdesfilen för perioden.",
                          "Correct the period, or give the measures file for the period."), code="okänd-period"))
            continue
        if item.org_unit is not None and not scorecard.org_units and \
                item.org_unit.casefold() not in {unit.casefold() for unit in units}:
            problems.append(error(item.file, item.line,
                                  Bilingual(f"Enheten '{item.org_unit}' finns inte i mätvärdena.",
                                            f"The unit '{item.org_unit}' is not in the measured values."),
                                  suggestion(item.org_unit, units) + Bilingual(
                                      "Enheterna är: " + (", ".join(units) or "inga") + ".",
                                      "The units are: " + (_quoted(units) or "none") + "."), code="okänd-enhet"))
            continue
        if item.org_unit is None and units and item.period == period:
            problems.append(error(item.file, item.line, Bilingual(
                f"Mätvärdena gäller flera enheter: ange vilken enhet bedömningen av '{item.id}' gäller.",
                f"The measured values concern several units: say which unit the assessment of '{item.id}' concerns."),
                Bilingual("Lägg till 'enhet: …' (" + ", ".join(units) + ").", f"Add 'enhet: …' ({_quoted(units)})."),
                code="okänd-enhet"))
            continue
        if item.period == period and item.level is Level.PARTLY and not scorecard.partial_at_year_end \
                and period.kind is PeriodKind.YEAR:
            problems.append(error(item.file, item.line, Bilingual(
                f"'{item.id}' är bedömd delvis uppfyllt {period.text}, men regelfilen använder inte delvis uppfyllt "
                "vid årsbokslut.", f"'{item.id}' is assessed as 'delvis uppfyllt' for '{period.text}', but the rule "
                "file does not use 'delvis uppfyllt' at the year-end."),
                Bilingual("Bedöm uppfyllt eller ej uppfyllt (regelfilen har 'delvis vid årsbokslut: nej').",
                          "Assess it as 'uppfyllt' or 'ej uppfyllt' (the rule file has 'delvis vid årsbokslut: nej')."),
                code="delvis-vid-årsbokslut"))
            continue
        if item.period == period and item.id not in node_ids and _key(item, units) not in keys:
            problems.append(error(item.file, item.line, Bilingual(
                f"'{_label(item)}' har ingen rad {period.text}: mätvärdena har inget värde för den.",
                f"'{_label(item)}' has no row for '{period.text}': the measured values have no value for it."),
                Bilingual("Kontrollera gruppen och enheten, eller ta bort bedömningen.",
                          "Check the group and the unit, or remove the assessment."), code="okänd-grupp"))
    if problems:
        raise AssessmentsError(problems)


def _quoted(names) -> str:
    """`'Nord', 'Syd'`: names from the files, quoted in an English sentence."""
    return ", ".join(f"'{name}'" for name in names)


def _key(item: ManualAssessment, units: list[str]) -> Key:
    unit = next((u for u in units if item.org_unit and u.casefold() == item.org_unit.casefold()), item.org_unit)
    return Key(indicator=item.id, group=item.group, org_unit=unit)


def _label(item: ManualAssessment) -> str:
    return Key(indicator=item.id, group=item.group, org_unit=item.org_unit).label()


def _same_unit(a: str | None, b: str | None) -> bool:
    return (a or "").casefold() == (b or "").casefold()


def on_rows(verdicts: tuple[Verdict, ...], items: list[ManualAssessment]) -> tuple[Verdict, ...]:
    """Each row's verdict with its decision, if a person made one for the judged period."""
    by_key = {(item.id, item.group, (item.org_unit or "").casefold()): item for item in items}
    decided = []
    for verdict in verdicts:
        item = by_key.get((verdict.key.indicator, verdict.key.group, (verdict.key.org_unit or "").casefold()))
        if item is not None:
            verdict = verdict.model_copy(update={"manual": ManualDecision(assessment=item)})
        decided.append(verdict)
    return tuple(decided)


def on_node(verdict: NodeVerdict, items: list[ManualAssessment]) -> NodeVerdict:
    item = next((item for item in items if item.id == verdict.node and _same_unit(item.org_unit, verdict.org_unit)),
                None)
    return verdict if item is None else verdict.model_copy(update={"manual": ManualDecision(assessment=item)})


def with_staleness(verdicts: tuple):
    """Every decision marked with what has changed since it was made (after the legend's levels are known)."""
    return tuple(verdict if verdict.manual is None else verdict.model_copy(update={"manual": verdict.manual.model_copy(
        update={"stale": _stale(verdict.manual.assessment, verdict)})}) for verdict in verdicts)


def _stale(item: ManualAssessment, verdict: Verdict | NodeVerdict) -> tuple[str, ...]:
    stale = []
    if item.computed_then is not None and (item.computed_then is not verdict.level or (
            item.computed_legend_level_then is not None and item.computed_legend_level_then != verdict.legend_level)):
        stale.append(STALE_LEVEL)
    if item.value_then is not None and isinstance(verdict, Verdict) and not _same_value(item.value_then, verdict):
        stale.append(STALE_VALUE)
    return tuple(stale)


def _same_value(written: str, verdict: Verdict) -> bool:
    current = verdict.inputs.current
    if current is None or not current.measured:
        return False
    if current.value is not None:
        try:
            number, _ = parse_quantity(written)
        except NotANumber:
            return False
        return number == current.value
    words = [" ".join(part.split()).casefold() for part in written.split(",")]
    return words == [status.casefold() for status in current.statuses]


def warnings(scorecard: Scorecard, verdicts: tuple[Verdict, ...], node_verdicts: tuple[NodeVerdict, ...],
             period: Period) -> list[Diagnostic]:
    """Stale decisions, and rows and nodes at a level `kräv analys` names that have no written analysis."""
    found = []
    names = {**{node.id: node.name for _, node in scorecard.root.walk()},
             **{ident: indicator.name for ident, indicator in scorecard.indicators().items()}}
    def named(verdict: Verdict | NodeVerdict) -> str:
        return verdict.key.label() if isinstance(verdict, Verdict) else verdict.node + (
            f" [enhet: {verdict.org_unit}]" if verdict.org_unit else "")

    required = scorecard.analysis_required
    for verdict in (*verdicts, *node_verdicts):
        decision = verdict.manual
        if decision is None and not required:  # nothing to say of most rows: said at once
            continue
        if decision is not None and decision.stale:
            ident = named(verdict)
            item = decision.assessment
            changed = " och ".join({"nivå": "den beräknade nivån", "värde": "värdet"}[s] for s in decision.stale)
            changed_en = " and ".join({"nivå": "the computed level", "värde": "the value"}[s] for s in decision.stale)
            found.append(warning(item.file, item.line, Bilingual(
                f"Bedömningen av '{ident}' ({item.decided_on.isoformat()}) kan vara inaktuell: {changed} har ändrats "
                "sedan den gjordes.", f"The assessment of '{ident}' ({item.decided_on.isoformat()}) may be out of "
                f"date: {changed_en} {'have' if len(decision.stale) > 1 else 'has'} changed since it was made."),
                Bilingual("Se över bedömningen och skriv in det nya i 'beräknat' och 'värde'.",
                          "Review the assessment and write the new figures in 'beräknat' and 'värde'."),
                code="inaktuell-bedömning"))
        own = not isinstance(verdict, Verdict) or verdict.key.group is None
        if own and decision is None and verdict.decided_level in required:
            ident = named(verdict)
            word = scorecard.legend.levels[verdict.decided_level].text
            target = verdict.key.indicator if isinstance(verdict, Verdict) else verdict.node
            shown = " ".join(names.get(target, target).split()).rstrip(".")
            found.append(warning(scorecard.source, None, Bilingual(
                f"'{shown}' ({ident}) är {word} {period.text} men har ingen skriven analys (kräv analys).",
                f"'{shown}' ('{ident}') is '{word}' for '{period.text}' but has no written analysis ('kräv analys')."),
                Bilingual("Skriv en analys i bedömningsfilen: en post med id, period, motivering, bedömd av och datum "
                          "(utan nivå står den beräknade nivån kvar).",
                          "Write an analysis in the assessments file: an entry with 'id', 'period', 'motivering', "
                          "'bedömd av' and 'datum' (without 'nivå' the computed level stays)."),
                code="analys-saknas"))
    return found
