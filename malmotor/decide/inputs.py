"""What every key is judged on, for one period: its observation and its comparison values.

The keys come out in the order results are shown: per unit, the indicators in rule-file order,
each indicator's own row followed by its group rows in the order the rule file declares them.
Both evaluators (durable and the reference) start from these inputs.
"""

from __future__ import annotations

import difflib
from collections import Counter
from decimal import Decimal

from ..diagnostics import Bilingual, Diagnostic, MeasuresError, RuleFileError, error, suggestion, warning
from ..model.trusted import trusted
from ..load.values import Interpretation, interpretation_of, periods_used
from ..model import (ComparisonTarget, Group, IndicatorInputs, Key, KindMismatch, Measures, Scorecard,
                     ThresholdTarget)
from ..model.period import Period, PeriodKind
from ..numbers import format_number


def gather_inputs(scorecard: Scorecard, measures: Measures, period: Period | str | int) -> tuple[
        dict[Key, IndicatorInputs], list[Diagnostic]]:
    """Inputs per key, and warnings; raises MeasuresError for values that cannot be used in the
    periods this evaluation uses (`period` and every comparison period), and RuleFileError for
    comparisons the rule file asks for that cannot be made for `period`. A value of another period
    that cannot be used is a warning with the same message: it does not stop the evaluation.

    A comparison value is the measured one, or else one derived from a change written with a later
    value (`3,8 % (+0,4 procentenheter jämfört med föregående år)`, see load/values.py). For a target
    such as `minst medel` the target's comparison value is the series' value for `period`
    (`Interpretation.series_value`)."""
    period = period if isinstance(period, Period) else Period.parse(period)
    interpretation = interpretation_of(scorecard, measures)  # the one load_checked_measures made, if it did
    problems, unused = interpretation.diagnostics_for(periods_used(scorecard, period), period)
    if problems:
        raise MeasuresError(problems)
    baselines = comparison_periods(scorecard, period)
    indicators = scorecard.indicators()
    inputs = {}
    for key in keys_in_order(interpretation):
        target_at, trend_at = baselines[key.indicator]
        target = indicators[key.indicator].target
        if isinstance(target, ComparisonTarget):
            target_base = interpretation.series_value(key, target.series, period)
        else:
            target_base = interpretation.comparison(key, target_at) if target_at is not None else None
        averaged, averaging = (), isinstance(target, ThresholdTarget) and target.average is not None
        if averaging:  # the earlier periods' values as comparison values (derived ones too), the judged one as is
            averaged = tuple(interpretation.observe(key, at) if at == period else interpretation.comparison(key, at)
                             for at in target.average.periods(period))
        inputs[key] = trusted(IndicatorInputs, current=interpretation.observe(key, period), target_base=target_base,
                              trend_base=interpretation.comparison(key, trend_at), averaged=averaged,
                              averaging=averaging)
    first_of_each = {(value.indicator, value.period): value for value in reversed(interpretation.unknown)}
    # Only the first few are shown (see `summarised`): a "Menade du" costs a comparison with every
    # indicator, which a file of a million unknown ids cannot pay for each of them.
    in_order = sorted(first_of_each.values(), key=lambda value: (value.file, value.line or 0))
    warnings = [unknown_indicator(value, scorecard, suggest=index < SHOWN_PER_KIND)
                for index, value in enumerate(in_order)]
    warnings += missing_previous_period(interpretation, period)
    warnings += doubtful_units(interpretation)
    return inputs, summarised(sorted(warnings + interpretation.warnings + unused, key=lambda d: (d.file, d.line or 0)))


SHOWN_PER_KIND = 5


def summarised(warnings: list[Diagnostic], shown: int = SHOWN_PER_KIND) -> list[Diagnostic]:
    """The first few warnings of each kind, then one that counts the rest: a measures file meant
    for another scorecard must not bury the screen under a warning per line."""
    seen: dict[str, int] = {}
    kept, hidden = [], {}
    for diagnostic in warnings:
        seen[diagnostic.code] = seen.get(diagnostic.code, 0) + 1
        if seen[diagnostic.code] <= shown:
            kept.append(diagnostic)
        else:
            hidden.setdefault(diagnostic.code, []).append(diagnostic)
    for code, rest in hidden.items():
        files = sorted({d.file for d in rest})
        kept.append(warning(", ".join(files[:3]) + (" …" if len(files) > 3 else ""), None,
                            Bilingual(f"Ytterligare {len(rest)} varningar av samma slag ({code}) visas inte.",
                                      f"{len(rest)} more warnings of the same kind ('{code}') are not shown."),
                            Bilingual("De första står ovan. Gäller de hela filen, kontrollera att rätt regelfil och "
                                      "mätvärdesfiler används.",
                                      "The first ones are shown above. If they concern the whole file, check that the "
                                      "right rule file and measures files are used."), code=code))
    return kept


def keys_in_order(interpretation: Interpretation) -> list[Key]:
    """Every key to judge: each indicator's own row for every unit, and a group row wherever a
    file has a value for the group (in any period, so a group without this period's value shows
    as "saknar värde" rather than disappearing)."""
    scorecard = interpretation.scorecard
    # The keys the values have, by what they name: a key judged is that very object where there is one, so that
    # looking its observations up finds them by identity (a Key's own comparison is slow), and is made otherwise.
    observed = {(key.indicator, key.group, key.org_unit): key for key, _ in interpretation.observed}
    units = org_units_in_order(scorecard, {org_unit for _, _, org_unit in observed} or {None})
    declared_groups = [Group(dimension=d.name, name=g) for d in scorecard.dimensions for g in d.groups]
    keys = []
    for unit in units:
        for *_, indicator in scorecard.rows():
            own = observed.get((indicator.id, None, unit))
            keys.append(own if own is not None else Key(indicator=indicator.id, org_unit=unit))
            keys.extend(observed[indicator.id, group, unit] for group in declared_groups
                        if (indicator.id, group, unit) in observed)
    return keys


def org_units_in_order(scorecard: Scorecard, present: set[str | None]) -> list[str | None]:
    """Values without a unit first (the whole organisation), then the units in the rule file's order
    where it names them, else by name."""
    named = [unit for unit in scorecard.org_units if unit in present] if scorecard.org_units else \
        sorted((unit for unit in present if unit is not None), key=lambda unit: (unit.casefold(), unit))
    return ([None] if None in present else []) + named


def comparison_periods(scorecard: Scorecard, period: Period) -> dict[str, tuple[Period | None, Period]]:
    """Per indicator: the period its target compares with (Öka, Ingen ökning …; None for other
    targets) and the period its arrow compares with. Raises RuleFileError for a comparison that
    cannot be made: a named period at or after the judged one, or of another kind."""
    problems, result = [], {}
    for *_, indicator in scorecard.rows():
        resolved = []
        for baseline, what in ((indicator.target_baseline(), Bilingual(f"Målet '{indicator.target.phrase}'",
                                                                       f"The target '{indicator.target.phrase}'")),
                               (indicator.trend.compare_with, Bilingual("Utvecklingen ('jämför med')",
                                                                        "The trend ('jämför med')"))):
            if baseline is None:
                resolved.append(None)
                continue
            try:
                at = baseline.resolve(period)
            except KindMismatch as exc:
                problems.append(error(scorecard.source, indicator.line, Bilingual(
                    f"{what} för '{indicator.id}' jämför med {exc.named.text} ({exc.named.kind.value}), "
                    f"men perioden som bedöms är {period.text} ({period.kind.value}).",
                    f"{what.en} of '{indicator.id}' compares with '{exc.named.text}' ({KIND_EN[exc.named.kind]}), "
                    f"but the period assessed is '{period.text}' ({KIND_EN[period.kind]})."),
                    Bilingual("Perioder av olika slag kan inte jämföras: ange ett årtal (samma period det året) eller "
                              "en period av samma slag.", "Periods of different kinds cannot be compared: give a year "
                              "(the same period that year) or a period of the same kind."), code="olika-periodslag"))
                resolved.append(period.previous())
                continue
            if at >= period:
                problems.append(error(scorecard.source, indicator.line, Bilingual(
                    f"{what} för '{indicator.id}' jämför med {at.text}, men perioden som bedöms är {period.text}.",
                    f"{what.en} of '{indicator.id}' compares with '{at.text}', but the period assessed is "
                    f"'{period.text}'."),
                    Bilingual("Jämförelseperioden måste ligga före perioden som bedöms: ändra den i regelfilen eller "
                              "välj en senare period med --period.", "The comparison period must come before the "
                              "period assessed: change it in the rule file or choose a later period with --period."),
                    code="jämförelse-efter-perioden"))
            resolved.append(at)
        result[indicator.id] = (resolved[0], resolved[1])
    if problems:
        raise RuleFileError(problems)
    return result


# A kind of period in an English sentence; the Swedish ones say their `PeriodKind` value ("tertial", "delår").
KIND_EN = {PeriodKind.YEAR: "a year", PeriodKind.HALF: "a half year", PeriodKind.TERTIAL: "a tertial",
           PeriodKind.QUARTER: "a quarter", PeriodKind.MONTH: "a month",
           PeriodKind.INTERIM: "an interim period, 'delår'"}


def missing_previous_period(interpretation: Interpretation, period: Period) -> list[Diagnostic]:
    """A forgotten file for the period before would silently take away most arrows: say so once."""
    scorecard, measures = interpretation.scorecard, interpretation.measures
    wanted = {indicator.trend.compare_with.resolve(period) for *_, indicator in scorecard.rows()
              if indicator.trend.compare_with.rule != "named"}
    present = set(measures.periods()) | interpretation.derived_periods()  # a change gives the period before
    files = sorted({value.file for value in measures.values if value.period == period})
    return [warning(", ".join(files) or "mätvärden", None,
                    Bilingual(f"Det finns inga mätvärden för {missing.text}: utvecklingspilar och mål som jämför med "
                              "föregående period kan inte bedömas.",
                              f"There are no measured values for '{missing.text}': trend arrows and targets that "
                              "compare with the previous period cannot be assessed."),
                    Bilingual(f"Ange också mätvärdesfilen för {missing.text}.",
                              f"Give the measures file for '{missing.text}' too."),
                    code="jämförelseperiod-saknas")
            for missing in sorted(wanted - present)]


def doubtful_units(interpretation: Interpretation) -> list[Diagnostic]:
    """Unit names that are most likely one unit misspelt (when the rule file lists no units to
    check against), and values without a unit where the rule file lists units."""
    scorecard, measures = interpretation.scorecard, interpretation.measures
    units = sorted({key.org_unit for key, _ in interpretation.observed if key.org_unit is not None})
    found = []
    if not scorecard.org_units:
        files_of: dict[str, set[str]] = {}  # once, not a pass over every value per pair (many units: docs/scaling.md)
        for value in measures.values:
            files_of.setdefault(value.org_unit, set()).add(value.file)
        for first, second in alike_names(units):
            found.append(warning(", ".join(sorted(files_of.get(first, set()) | files_of.get(second, set()))),
                                 None,
                                 Bilingual(f"Enheterna '{first}' och '{second}' liknar varandra: är det "
                                           "samma enhet?", f"The units '{first}' and '{second}' look alike: "
                                           "are they the same unit?"),
                                 Bilingual("Skriv namnet likadant i alla filer, eller lista enheterna under "
                                           "'enheter:' i regelfilen, så blir ett felstavat namn ett fel.",
                                           "Write the name the same way in every file, or list the units in "
                                           "'enheter:' in the rule file, so that a misspelt name is an error."),
                                 code="liknande-enheter"))
    elif any(key.org_unit is None for key, _ in interpretation.observed):
        files = sorted({value.file for value in measures.values if value.org_unit is None})
        found.append(warning(", ".join(files), None, Bilingual(
            "Mätvärdena anger ingen enhet och gäller därför hela organisationen, fast regelfilen listar enheter.",
            "The measured values name no unit and so concern the whole organisation, although the rule file lists "
            "units."), Bilingual("Ange 'enhet:' överst i YAML-filen, eller kolumnen 'enhet' i CSV-filen, om värdena "
                                 "gäller en av enheterna.", "Give 'enhet:' at the top of the YAML file, or the column "
                                 "'enhet' in the CSV file, if the values concern one of the units."),
            code="utan-enhet"))
    return found


ALIKE = 0.85  # difflib's ratio from which two unit names are taken for one misspelt


def alike_names(names: list[str]) -> list[tuple[str, str]]:
    """The pairs of `names` (in their order) whose difflib ratio, case aside, is at least `ALIKE`: as
    `SequenceMatcher.ratio()` says, with its two cheap upper bounds computed once per name, not per pair.
    Names sorted by length meet only names short enough for the first bound; a chunk of a run of many
    units (docs/scaling.md) has hundreds of names, and every pair a SequenceMatcher of its own was most of
    a chunk's time."""
    folded = [name.casefold() for name in names]
    counts = [Counter(name) for name in folded]
    by_length = sorted(range(len(names)), key=lambda index: len(folded[index]))
    pairs = []
    for place, short in enumerate(by_length):
        for long in by_length[place + 1:]:
            total = len(folded[short]) + len(folded[long])
            if 2.0 * len(folded[short]) / total < ALIKE:  # real_quick_ratio; longer ones only fall further
                break
            if 2.0 * sum((counts[short] & counts[long]).values()) / total < ALIKE:  # quick_ratio
                continue
            first, second = min(short, long), max(short, long)
            if difflib.SequenceMatcher(None, folded[first], folded[second]).ratio() >= ALIKE:
                pairs.append((first, second))
    return [(names[first], names[second]) for first, second in sorted(pairs)]


def unknown_indicator(value, scorecard: Scorecard, suggest: bool = True) -> Diagnostic:
    hint = (suggestion(value.indicator, scorecard.indicators()) if suggest else "") + \
        Bilingual("Kontrollera stavningen av id:t, här och i regelfilen.",
                  "Check the spelling of the id, here and in the rule file.")
    return warning(value.file, value.line, Bilingual(f"Mätvärdet för '{value.indicator}' hör inte till någon "
                                                     f"indikator i {scorecard.source} och används inte.",
                                                     f"The measured value for '{value.indicator}' belongs to no "
                                                     f"indicator in '{scorecard.source}' and is not used."),
                   hint, code="okänd-indikator", column=value.column)


# A latest period this much sparser than the one before it is taken for a mistake (`sparse_latest`).
SPARSE_SHARE = 0.5  # fewer values than this share of the period before's
SPARSE_AT_MOST = 100  # and at most this many values
SPARSE_PLACES_SHOWN = 3  # the first values of the period, by file and line, that the warning names


def measured_counts(values) -> Counter:
    """How many measured values (not comparison values) each period has: what `sparse_latest` compares."""
    return Counter(value.period for value in values if value.comparison is None)


def sparse_latest(counts) -> tuple[Period, Period] | None:
    """(the latest period, the one before it) when the latest has clearly fewer measured values, else None.

    The default period is the latest one in the measures, so a few rows written with a later year by
    mistake (2019 for 2018) would silently have every key judged for that year, nearly all `ej bedömt`.
    The rule: fewer than half the values of the period before (of whatever kind: a row written `2019` in
    a run of tertials is the same mistake), and at most `SPARSE_AT_MOST`. The half leaves alone a small
    scorecard whose newer period is on its way (most of its values in); the cap leaves alone a run of many
    units whose newer period has some indicators in already (a few indicators for every unit is hundreds of
    values), while a handful of mistyped rows, or one unit's block of them, stays well below it. It is a
    warning, never an error: `--period` says which period is meant and silences it."""
    periods = sorted(period for period, count in counts.items() if count)
    if len(periods) < 2:
        return None
    latest, before = periods[-1], periods[-2]
    if counts[latest] <= SPARSE_AT_MOST and counts[latest] < SPARSE_SHARE * counts[before]:
        return latest, before
    return None


def sparse_period_warning(latest: Period, before: Period, counts, values, files: list[str] | None = None
                          ) -> Diagnostic | None:
    """`glest-senaste-period`: the period judged by default has clearly fewer values than the one before it
    (`sparse_latest`); at the first of the measured `values` of `latest` (by `files`, in the run's order, else
    as the values first name them, then line), naming the first few, with what to do. The same words from one
    piece (`assess`), a run in chunks (its parent process) and `check`; None when `values` has none of them
    (a count with no value to show: nothing rather than something wrong)."""
    measured = [value for value in values if value.period == latest and value.comparison is None]
    first_values = _first_in_files(measured, files)
    if not first_values:
        return None
    first = first_values[0]
    shown = [value.where for value in first_values[:SPARSE_PLACES_SHOWN]]
    rest = counts[latest] - len(shown)
    places_sv = (", ".join(shown[:-1]) + " och " + shown[-1]) if len(shown) > 1 else shown[0]
    places_en = (", ".join(shown[:-1]) + " and " + shown[-1]) if len(shown) > 1 else shown[0]
    more_sv, more_en = (f" (och {_count(rest, 'sv')} till)", f" (and {_count(rest, 'en')} more)") if rest > 0 else \
        ("", "")
    count, before_count = counts[latest], counts[before]
    words_sv = "värde" if count == 1 else "värden"
    words_en = "value" if count == 1 else "values"
    where_sv = f"Värdet för {latest.text} står i {places_sv}" if count == 1 else \
        f"Värdena för {latest.text} står i {places_sv}{more_sv}"
    where_en = f"The value for '{latest.text}' is at {places_en}" if count == 1 else \
        f"The values for '{latest.text}' are at {places_en}{more_en}"
    message = Bilingual(
        f"Perioden som bedöms, {latest.text}, är den senaste i mätvärdena men har bara {_count(count, 'sv')} "
        f"{words_sv} mot {_count(before_count, 'sv')} för {before.text}: varje rad utan värde för {latest.text} blir "
        f"'ej bedömt'. "
        f"{where_sv}.",
        f"The period assessed, '{latest.text}', is the latest in the measured values but has only "
        f"{_count(count, 'en')} {words_en} against {_count(before_count, 'en')} for '{before.text}': every row "
        f"with no value for '{latest.text}' is 'ej bedömt' (not assessed). {where_en}.")
    hint = Bilingual(
        f"Ange --period {_option(before)} om det är {before.text} som ska bedömas, och rätta perioden på de raderna "
        f"om de hör till {before.text}. Ska {latest.text} bedömas, ange --period {_option(latest)}.",
        f"Give --period {_option(before)} if '{before.text}' is the period to assess, and correct the period of "
        f"those rows if they belong to '{before.text}'. If '{latest.text}' is the one to assess, give --period "
        f"{_option(latest)}.")
    return warning(first.file, first.line, message, hint, code="glest-senaste-period", column=first.column)


def _count(number: int, lang: str) -> str:
    """`10 020` (Swedish, babel's grouping), `10,020` (English)."""
    return format_number(Decimal(number), 0, lang, grouping=True)


def _option(period: Period) -> str:
    """The period as `--period` takes it on a command line: `2018`, `"T2 2019"`."""
    return f'"{period.text}"' if " " in period.text else period.text


def _first_in_files(values, files: list[str] | None) -> list:
    """The first `SPARSE_PLACES_SHOWN` of `values` by file (in `files`, else as the values first name them),
    line and column: the same few whichever way the values were gathered."""
    order = {file: index for index, file in enumerate(files or ())}
    for value in values:
        order.setdefault(value.file, len(order))
    return sorted(values, key=lambda value: (order[value.file], value.line or 0, value.column or 0))[
        :SPARSE_PLACES_SHOWN]


def sparse_period_in(measures: Measures) -> Diagnostic | None:
    """`sparse_period_warning` for measured values in memory (`assess` with no period given, `check`)."""
    counts = measured_counts(measures.values)
    found = sparse_latest(counts)
    if found is None:
        return None
    return sparse_period_warning(*found, counts, measures.values)
