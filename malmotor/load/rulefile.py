"""Rule file (YAML, format v1) → typed `Scorecard`, with file and line for every mistake."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from ..diagnostics import Bilingual, Diagnostic, RuleFileError, english, warning
from ..gcpause import collector_paused
from .assessments import ANALYSIS_KEY, read_analysis_required
from .bandchecks import band_warnings
from .interim import (DURING_YEAR_KEY, INTERIM_TARGET_KEY, YEAR_END_PARTIAL_KEY, read_during_year,
                      read_interim_targets, read_partial_at_year_end)
from .gapsection import GAP_KEY, JUDGED_ON_KEY, gap_keys, read_group_rules
from .hierarchy import HIERARCHY_KEY, ROLLUP_KEY, WEIGHT_KEY, read_levels, read_tree, read_weight
from .legendsection import read_legend
from ..model import (
    DEFAULT_STATUS_SCALE,
    CapabilityTarget,
    ComparisonSeries,
    ComparisonTarget,
    Indicator,
    MilestonePart,
    MilestoneTarget,
    NoTarget,
    Partial,
    PartialBound,
    PartialRatio,
    Polarity,
    Scorecard,
    INDICATORS_KEY,
    Target,
    RangeTarget,
    ThresholdTarget,
    TrendSettings,
    UnchangedTarget,
    implied_polarity,
)
from ..model.keys import GENDER, GENDER_ALIASES, GENDER_GROUPS, TOTAL, TOTAL_WORDS, Dimension
from ..model.scorecard import PREVIOUS, Baseline
from ..model.period import Period, PeriodError
from ..numbers import NotANumber, format_number, format_quantity, normalise_unit, parse_quantity, same_unit
from .sections import Problems, Section
from .targets import (BASELINE_WORDS, EMPTY_TARGET_HINT, PhraseError, misordered_statuses, misplaced_end,
                      parse_partial, parse_target, polarity_required)
from .yamlsource import YamlProblem, key_position, load_yaml

FORMAT_VERSION = 1
RULE_FILE = Bilingual("regelfilen", "the rule file")  # what a message about the file's top level names
INDICATOR = Bilingual("indikatorn", "the indicator")

TOP_KEYS = ("malmotor", "styrkort", "statusskala", "standard", "teckenförklaring", "grupper", "enheter",
            "jämförelser", "budgetperiod", HIERARCHY_KEY, ROLLUP_KEY, ANALYSIS_KEY,
            DURING_YEAR_KEY, YEAR_END_PARTIAL_KEY)  # and the top level's list (`perspektiv`)
INDICATOR_KEYS = ("id", "namn", "enhet", "riktning", "mål", "delvis", "utveckling", "värdeområde",
                  "delmål", "decimaler", "kolada", WEIGHT_KEY, INTERIM_TARGET_KEY, GAP_KEY, JUDGED_ON_KEY)
ORG_UNIT_KEYS = ("namn", "kolada")  # an entry of `enheter` written as a section
COMPARISON_KEYS = ("text", "engelska", "kolada")  # a series of `jämförelser` written as a section
# Under an indicator in a YAML measures file, `jämförelse:` holds its comparison values: no grouping and no
# milestone part may be called so.
COMPARISON_KEY = "jämförelse"
TREND_SETTING_KEYS = ("jämför med", "oförändrat inom")
TREND_SETTINGS = Bilingual("utvecklingen", "'utveckling'")  # an indicator's `utveckling:`, as messages name it
DEFAULTS_KEYS = ("delvis", "utveckling")  # `standard:` what applies to every indicator that does not say otherwise
NO_PARTIAL = "ingen"  # an indicator's `delvis: ingen`: no band for this threshold, whatever `standard` says
POLARITIES = {p.value: p for p in Polarity}
_ID = re.compile(r"^[\w.\-]+$")
# A KPI's id in Kolada: a letter and five digits (N00945, U00405).
_KOLADA_KPI = re.compile(r"^[A-Z][0-9]{5}$")


def load_scorecard(path: str | Path) -> Scorecard:
    """Read and check a rule file; raises RuleFileError with every problem found. Warnings (a
    file that is most likely wrong but can be used) are in the scorecard's `warnings`. The garbage
    collector waits meanwhile: nearly everything made is kept (malmotor/gcpause.py)."""
    path = Path(path)
    problems = Problems(str(path))
    warnings: list[Diagnostic] = []
    with collector_paused():
        try:
            data = load_yaml(path)
        except YamlProblem as exc:
            raise RuleFileError([exc.diagnostic]) from None
        scorecard = _read_scorecard(data, problems, warnings)
    if problems:
        failure = RuleFileError(sorted(problems.items, key=lambda d: d.line or 0))  # in reading order
        failure.warnings = sorted(warnings, key=lambda d: d.line or 0)  # those found so far, for `malmotor check`
        raise failure
    return scorecard


def _read_scorecard(data: Any, problems: Problems, warnings: list[Diagnostic]) -> Scorecard | None:
    probe = Section(data, RULE_FILE, None, problems, line=1)
    if not probe.ok:
        return None
    levels = read_levels(probe, problems)
    first_key = levels[0].key if levels else INDICATORS_KEY
    if "värden" in probe.node and first_key not in probe.node:
        problems.add(1, Bilingual("Det här ser ut som en mätvärdesfil, inte en regelfil.",
                                  "This looks like a measures file, not a rule file."),
                     Bilingual(f"Ange regelfilen (med '{first_key}:') först och mätvärdesfilerna efter den.",
                               f"Give the rule file (with '{first_key}:') first and the measures files after it."),
                     code="fel-filtyp")
        return None
    top = Section(data, RULE_FILE, TOP_KEYS + (first_key,), problems, line=1)
    version = top.text("malmotor")
    if version is not None and version != str(FORMAT_VERSION):
        line, column = top.position_of("malmotor")
        problems.add(line, Bilingual(f"Formatversion '{version}' stöds inte.",
                                     f"Format version '{version}' is not supported."),
                     Bilingual(f"Den här versionen av malmotor läser formatversion {FORMAT_VERSION}: skriv "
                               "'malmotor: 1'.",
                               f"This version of malmotor reads format version {FORMAT_VERSION}: write 'malmotor: 1'."),
                     code="fel-formatversion", column=column)
    name = top.text("styrkort")
    scale = _status_scale(top, problems)
    defaults = _defaults(top, scale, problems)
    legend = read_legend(top, problems, warnings)
    dimensions = _dimensions(top, problems)
    org_units, kolada_units = _org_units(top, problems)
    series = _comparison_series(top, kolada_units, problems)
    series_names = tuple(item.name for item in series)
    budget = _budget_period(top, problems)
    analysis_required = read_analysis_required(top, problems)
    forecast, partial_at_year_end = read_during_year(top, problems), read_partial_at_year_end(top, problems)
    seen: dict[str, int | None] = {}
    kpis: dict[str, str] = {}  # Kolada KPI → the indicator that names it

    def read_indicator(item, line: int | None) -> Indicator | None:
        gaps_named = gap_keys(item)
        i_section = Section(item, INDICATOR, INDICATOR_KEYS + gaps_named if gaps_named else INDICATOR_KEYS,
                            problems, line)
        _check_unique_id(i_section, seen, problems)
        indicator = _indicator(i_section, scale, defaults, series_names, problems, warnings, budget)
        # `skillnad`, `bedöms på`
        group_rules = read_group_rules(i_section, indicator, dimensions, problems, gaps_named)
        if indicator is not None:
            if group_rules["gaps"] or group_rules["judged_on"] is not None:  # else it has the defaults already
                indicator = indicator.model_copy(update=group_rules)
            _check_part_names(indicator, dimensions, i_section, problems)
            _check_unique_kpi(indicator, i_section, kpis, problems)
        return indicator

    root = read_tree(top, name or "", levels, read_indicator, seen, problems)
    if problems:
        return None
    scorecard = Scorecard(name=name or "", source=problems.file, legend=legend, status_scale=scale,
                          dimensions=dimensions, org_units=org_units, kolada_units=kolada_units,
                          comparison_series=series, levels=levels, root=root, analysis_required=analysis_required,
                          forecast_during_year=forecast, partial_at_year_end=partial_at_year_end)
    warnings.extend(_unused_default_band(defaults, scorecard, problems.file))
    return scorecard.model_copy(update={"warnings": tuple(sorted(warnings, key=lambda d: d.line or 0))})


def _dimensions(top: Section, problems: Problems) -> tuple[Dimension, ...]:
    """`grupper:` the breakdowns measures may give values for. `kön:` alone means kvinnor and män
    (also written K and M, as in Kolada); every other dimension lists its groups."""
    section = top.section("grupper", Bilingual("grupperna", "the groupings ('grupper')"), None)
    if section is None:
        return ()
    if not section.ok:
        return ()
    dimensions, owner = [], {}
    for name, groups_node in section.node.items():
        line, column = key_position(section.node, name)
        name = str(name).strip()
        if name.casefold() in TOTAL_WORDS + (COMPARISON_KEY,):
            meaning = Bilingual("indikatorns egen rad", "the indicator's own row") if name.casefold() in TOTAL_WORDS \
                else Bilingual("indikatorns jämförelsevärden", "the indicator's comparison values")
            problems.add(line, Bilingual(
                f"'{name}' kan inte vara namnet på en gruppering: i mätvärdena betyder det {meaning}.",
                f"'{name}' cannot be the name of a grouping: in the measures it means {english(meaning)}."),
                Bilingual("Välj ett annat namn, t.ex. 'kön' eller 'verksamhetsområde'.",
                          "Choose another name, e.g. 'kön' or 'verksamhetsområde'."),
                code="reserverat-namn", column=column)
            continue
        aliases = {}
        if groups_node is None and name.casefold() == GENDER:
            groups, aliases = GENDER_GROUPS, GENDER_ALIASES
        elif isinstance(groups_node, list) and groups_node and all(
                item is not None and not isinstance(item, (dict, list)) and str(item).strip() for item in groups_node):
            groups = tuple(" ".join(str(item).split()) for item in groups_node)
            if name.casefold() == GENDER:
                aliases = {alias: group for alias, group in GENDER_ALIASES.items() if group in groups}
        else:
            problems.add(line, Bilingual(f"Grupperingen '{name}' ska ha en lista med grupper, t.ex. "
                                         f"'{name}: [VO Drift, VO Utveckling]'.",
                                         f"The grouping '{name}' must have a list of groups, e.g. "
                                         f"'{name}: [VO Drift, VO Utveckling]'."),
                         Bilingual("'kön:' utan lista ger kvinnor och män.",
                                   "'kön:' without a list gives 'kvinnor' and 'män'."),
                         code="grupper-saknas", column=column)
            continue
        for group in groups:
            low = group.casefold()
            if low in TOTAL_WORDS:
                problems.add(line, Bilingual(f"'{group}' kan inte vara en grupp: det betyder indikatorns egen rad.",
                                             f"'{group}' cannot be a group: it means the indicator's own row."),
                             Bilingual("Ta bort den ur listan; indikatorns egen rad finns alltid.",
                                       "Remove it from the list; the indicator's own row is always there."),
                             code="reserverat-namn", column=column)
            elif low in owner:
                problems.add(line, Bilingual(f"Gruppen '{group}' står två gånger (i '{owner[low]}' och '{name}').",
                                             f"The group '{group}' is written twice (in '{owner[low]}' and "
                                             f"'{name}')."),
                             Bilingual("Varje grupp ska ha ett eget namn, så att en mätvärdesfil kan ange den utan "
                                       "gruppering.",
                                       "Every group needs a name of its own, so that a measures file can name it "
                                       "without its grouping."),
                             code="dubbel-grupp", column=column)
            owner[low] = name
        dimensions.append(Dimension(name=name, groups=groups, aliases=aliases))
    return tuple(dimensions)


def _org_units(top: Section, problems: Problems) -> tuple[tuple[str, ...], dict[str, str]]:
    """`enheter:` the organisational units one rule file is followed up for (optional: without it,
    the units are those the measures name), and the Kolada id of those written as
    `{namn: Lunds kommun, kolada: "1281"}` (Kolada id → name)."""
    units, kolada = [], {}
    for item, line in top.seq("enheter", required=False):
        kolada_id = None
        if isinstance(item, dict):
            entry = Section(item, Bilingual("enheten", "the unit"), ORG_UNIT_KEYS, problems, line)
            text = " ".join((entry.text("namn") or "").split())
            kolada_id = entry.text("kolada")
            if not text:
                continue  # reported by the section
            if kolada_id is not None and kolada_id in kolada:
                problems.add(entry.line_of("kolada"), Bilingual(
                    f"Kolada-id:t '{kolada_id}' står två gånger i 'enheter' ('{kolada[kolada_id]}' och '{text}').",
                    f"The Kolada id '{kolada_id}' is written twice in 'enheter' ('{kolada[kolada_id]}' and "
                    f"'{text}')."),
                    Bilingual("Varje enhet har ett eget id i Kolada.", "Every unit has an id of its own in Kolada."),
                    code="dubbelt-kolada-id")
                kolada_id = None
        else:
            text = " ".join(str(item).split()) if item is not None and not isinstance(item, list) else ""
        if not text:
            problems.add(line, Bilingual("Varje enhet i 'enheter' ska vara ett namn.",
                                         "Every unit in 'enheter' must be a name."),
                         Bilingual("Skriv namnet, eller 'namn:' och 'kolada:' för en enhet med värden från Kolada.",
                                   "Write the name, or 'namn:' and 'kolada:' for a unit with values from Kolada."),
                         code="tom-enhet")
        elif text.casefold() in (unit.casefold() for unit in units):
            problems.add(line, Bilingual(f"Enheten '{text}' står två gånger i 'enheter'.",
                                         f"The unit '{text}' is written twice in 'enheter'."), code="dubbel-enhet")
        else:
            units.append(text)
            if kolada_id is not None:
                kolada[kolada_id] = text
    return tuple(units), kolada


def _comparison_series(top: Section, kolada_units: dict[str, str], problems: Problems) -> tuple[ComparisonSeries, ...]:
    """`jämförelser:` the series of comparison values that targets such as `minst medel` compare with,
    each with what it is, as sentences say it: `medel: liknande kommuner`, or as a section
    `{text: riket, engelska: Sweden, kolada: "0000"}` (the id Kolada answers the series' values under)."""
    section = top.section("jämförelser", Bilingual("jämförelserna", "the comparisons ('jämförelser')"), None)
    if section is None or not section.ok:
        return ()
    found: list[ComparisonSeries] = []
    for key, node in section.node.items():
        line, column = key_position(section.node, key)
        name = " ".join(str(key).split())
        if not name[:1].isalpha():
            problems.add(line, Bilingual(f"'{name}' kan inte vara namnet på en jämförelse: det ska börja med en "
                                         "bokstav.",
                                         f"'{name}' cannot be the name of a comparison: it must start with a letter."),
                         Bilingual("Skriv t.ex. 'medel: liknande kommuner' eller 'riket: riket'.",
                                   "Write e.g. 'medel: liknande kommuner' or 'riket: riket'."),
                         code="ogiltigt-id", column=column)
            continue
        text = text_en = kolada = None
        if isinstance(node, dict):
            entry = Section(node, Bilingual(f"jämförelsen '{name}'", f"the comparison '{name}'"), COMPARISON_KEYS,
                            problems, line, column)
            text, text_en, kolada = (entry.text("text"), entry.text("engelska", required=False),
                                     entry.text("kolada", required=False))
            if kolada is not None and kolada in kolada_units:
                problems.add(entry.line_of("kolada"), Bilingual(
                    f"Kolada-id:t '{kolada}' för jämförelsen '{name}' är också enheten '{kolada_units[kolada]}'.",
                    f"The Kolada id '{kolada}' of the comparison '{name}' is also the unit '{kolada_units[kolada]}'."),
                    Bilingual("Ett id i Kolada är antingen en enhet eller en jämförelse: ta bort det ena.",
                              "An id in Kolada is either a unit or a comparison: remove one of them."),
                    code="dubbelt-kolada-id")
                kolada = None
            if kolada is not None and kolada in {series.kolada for series in found}:
                problems.add(entry.line_of("kolada"), Bilingual(f"Kolada-id:t '{kolada}' står vid två jämförelser.",
                                                                f"The Kolada id '{kolada}' is given for two "
                                                                "comparisons."),
                             Bilingual("Varje jämförelse har ett eget id i Kolada.",
                                       "Every comparison has an id of its own in Kolada."), code="dubbelt-kolada-id")
                kolada = None
        elif node is not None and not isinstance(node, (list, bool)) and str(node).strip():
            text = " ".join(str(node).split())
        else:
            problems.add(line, Bilingual(f"Jämförelsen '{name}' ska ha en text som säger vad den är, t.ex. "
                                         f"'{name}: liknande kommuner'.",
                                         f"The comparison '{name}' must have a text that says what it is, e.g. "
                                         f"'{name}: liknande kommuner'."),
                         Bilingual("Texten används i förklaringarna: 'medel 140 000 kr för liknande kommuner 2019'.",
                                   "The text is used in the explanations: 'medel 140 000 kr för liknande kommuner "
                                   "2019'."),
                         code="tom-jämförelse", column=column)
            continue
        if text is None:
            continue  # reported by the section
        if any(series.name.casefold() == name.casefold() for series in found):
            problems.add(line, Bilingual(f"Jämförelsen '{name}' står två gånger.",
                                         f"The comparison '{name}' is written twice."),
                         code="dubbel-jämförelse", column=column)
            continue
        found.append(ComparisonSeries(name=name, text=text, text_en=text_en, kolada=kolada))
    if not found and section.ok and not problems:
        problems.add(section.line, Bilingual("'jämförelser' är tomt.", "'jämförelser' is empty."),
                     Bilingual("Skriv en rad per jämförelse, t.ex. 'medel: liknande kommuner', eller ta bort "
                               "'jämförelser'.",
                               "Write one line per comparison, e.g. 'medel: liknande kommuner', or remove "
                               "'jämförelser'."),
                     code="tomt-värde")
    return tuple(found)


def _check_unique_kpi(indicator: Indicator, section: Section, kpis: dict[str, str], problems: Problems) -> None:
    """A KPI belongs to one indicator: a value from Kolada must go to one place."""
    if indicator.kolada is None:
        return
    if indicator.kolada in kpis:
        line, column = section.position_of("kolada")
        problems.add(line, Bilingual(f"Kolada-nyckeltalet '{indicator.kolada}' hör redan till indikatorn "
                                     f"'{kpis[indicator.kolada]}'.",
                                     f"The Kolada KPI '{indicator.kolada}' already belongs to the indicator "
                                     f"'{kpis[indicator.kolada]}'."),
                     Bilingual("Ett nyckeltal kan bara höra till en indikator: ta bort 'kolada' från den ena.",
                               "A KPI can belong to one indicator only: remove 'kolada' from one of them."),
                     code="dubbelt-nyckeltal", column=column)
    else:
        kpis[indicator.kolada] = indicator.id


def _kolada_kpi(section: Section, problems: Problems) -> str | None:
    """`kolada: N00945`: the KPI in Kolada whose values are the indicator's."""
    text = section.text("kolada", required=False)
    if text is None:
        return None
    kpi = text.upper()
    if not _KOLADA_KPI.match(kpi):
        line, column = section.position_of("kolada")
        problems.add(line, Bilingual(f"'kolada: {text}' är inget id för ett nyckeltal i Kolada.",
                                     f"'kolada: {text}' is not the id of a KPI in Kolada."),
                     Bilingual("Ett nyckeltals id är en bokstav och fem siffror, t.ex. 'kolada: N00945'; det står "
                               "vid nyckeltalet på kolada.se.",
                               "A KPI's id is a letter and five digits, e.g. 'kolada: N00945'; it is shown beside the "
                               "KPI on kolada.se."),
                     code="okänt-kolada-id", column=column)
        return None
    return kpi


def _check_part_names(indicator: Indicator, dimensions: tuple[Dimension, ...], section: Section,
                      problems: Problems) -> None:
    """A part name must not read as a grouping or as 'totalt' in a measures file."""
    if not indicator.parts:
        return
    reserved = {dimension.name.casefold() for dimension in dimensions} | set(TOTAL_WORDS) | {COMPARISON_KEY}
    for part in indicator.parts:
        if part.casefold() in reserved:
            line, column = section.position_of("delmål")
            problems.add(line, Bilingual(f"Delmålet '{part}' heter som en gruppering, 'totalt' eller 'jämförelse'.",
                                         f"The milestone part '{part}' has the name of a grouping, 'totalt' or "
                                         "'jämförelse'."),
                         Bilingual("Byt namn på delmålet, så att mätvärdesfilen kan skilja delmål från grupper.",
                                   "Rename the part, so that the measures file can tell parts ('delmål') from "
                                   "groups."),
                         code="delmål-krockar", column=column)


def _check_unique_id(section: Section, seen: dict[str, int | None], problems: Problems) -> None:
    """Checked on the id as written, so that a duplicate is found even if either indicator has
    other mistakes."""
    ident = dict.get(section.node, "id") if section.ok else None  # the plain lookup: no merge keys (sections.py)
    if ident is None or isinstance(ident, (dict, list)):
        return
    ident = str(ident).strip()
    if ident in seen:
        line, column = section.position_of("id")
        problems.add(line, Bilingual(f"Indikator-id '{ident}' finns redan (rad {seen[ident]}).",
                                     f"The indicator id '{ident}' is already taken (line {seen[ident]})."),
                     Bilingual("Varje indikator behöver ett eget id: byt id på den ena.",
                               "Every indicator needs an id of its own: change the id of one of them."),
                     code="dubbelt-id", column=column)
    else:
        seen[ident] = section.line_of("id")


def _status_scale(top: Section, problems: Problems) -> tuple[str, ...]:
    items = top.seq("statusskala", required=False)
    if not items:
        return DEFAULT_STATUS_SCALE
    scale = []
    for item, line in items:
        text = str(item).strip() if item is not None else ""
        if not text or isinstance(item, (dict, list)):
            problems.add(line, Bilingual("Varje status i statusskalan ska vara en kort text.",
                                         "Every status in 'statusskala' must be a short text."), code="tom-status")
        elif text.casefold() in (s.casefold() for s in scale):
            problems.add(line, Bilingual(f"Statusen '{text}' står två gånger i statusskalan.",
                                         f"The status '{text}' is written twice in 'statusskala'."),
                         code="dubbel-status")
        else:
            scale.append(text)
    if len(scale) < 2:
        line, column = top.position_of("statusskala")
        problems.add(line, Bilingual("Statusskalan behöver minst två statusar, lägst först.",
                                     "'statusskala' needs at least two statuses, lowest first."),
                     code="för-kort-statusskala", column=column)
        return DEFAULT_STATUS_SCALE
    return _check_scale_order(tuple(scale), top, problems)


def _check_scale_order(scale: tuple[str, ...], top: Section, problems: Problems) -> tuple[str, ...]:
    """The scale is written lowest first; statuses the target parser knows (`ej påbörjad`, `påbörjad`,
    `delvis genomförd`, `genomförd`, `klar` …) standing higher before lower would turn verdicts
    around. Returns the scale the rest of the file is checked with: a reversed scale turned the
    right way, so that its targets and bands give no follow-on errors."""
    misordered, misplaced = misordered_statuses(scale), misplaced_end(scale)
    if misordered is None and misplaced is None:
        return scale
    line, column = top.position_of("statusskala")
    meaning = ("Ordningen avgör vilken status som är bättre, och den sista statusen är den som t.ex. 'Genomförd' "
               "kräver.")
    meaning_en = ("The order decides which status is better, and the last status is the one that e.g. 'Genomförd' "
                  "requires.")
    turned = tuple(reversed(scale))
    if misordered_statuses(turned) is None and misplaced_end(turned) is None:
        written = f"'statusskala: [{', '.join(turned)}]'"
        problems.add(line, Bilingual(f"Statusskalan står i omvänd ordning: '{scale[0]}' står först och '{scale[-1]}' "
                                     "sist, men skalan skrivs lägst först.",
                                     f"'statusskala' is in reverse order: '{scale[0]}' comes first and '{scale[-1]}' "
                                     "last, but the scale is written lowest first."),
                     Bilingual(f"Skriv {written}. {meaning}", f"Write {written}. {meaning_en}"),
                     code="omvänd-statusskala", column=column)
        return turned
    if misordered is not None:
        higher, lower = misordered
        problems.add(line, Bilingual(f"Statusskalan står i fel ordning: '{higher}' står före '{lower}', men skalan "
                                     "skrivs lägst först.",
                                     f"'statusskala' is in the wrong order: '{higher}' comes before '{lower}', but the "
                                     "scale is written lowest first."),
                     Bilingual(f"Flytta '{lower}' före '{higher}'. {meaning}",
                               f"Move '{lower}' before '{higher}'. {meaning_en}"),
                     code="omvänd-statusskala", column=column)
        return scale
    end, status, other = misplaced
    if end == "sist":
        message = Bilingual(f"Statusskalan står i fel ordning: '{status}' betyder att det är klart och ska stå sist, "
                            f"men '{other}' står efter den; skalan skrivs lägst först.",
                            f"'statusskala' is in the wrong order: '{status}' means that it is done and belongs last, "
                            f"but '{other}' comes after it; the scale is written lowest first.")
    else:
        message = Bilingual(f"Statusskalan står i fel ordning: '{status}' betyder att inget är gjort och ska stå "
                            f"först, men '{other}' står före den; skalan skrivs lägst först.",
                            f"'statusskala' is in the wrong order: '{status}' means that nothing is done and belongs "
                            f"first, but '{other}' comes before it; the scale is written lowest first.")
    end_en = "last" if end == "sist" else "first"
    problems.add(line, message, Bilingual(f"Flytta '{status}' {end} och skriv de andra statusarna lägst först. {meaning}",
                                          f"Move '{status}' {end_en} and write the other statuses lowest first. "
                                          f"{meaning_en}"),
                 code="omvänd-statusskala", column=column)
    return scale


def _indicator(section: Section, scale: tuple[str, ...], defaults: Defaults, series: tuple[str, ...],
               problems: Problems, warnings: list[Diagnostic], budget: tuple[int, int] | None = None) -> Indicator | None:
    """One indicator; every mistake in it is reported, also those after an unreadable target."""
    if not section.ok:
        return None
    before = len(problems.items)
    ident = section.text("id")
    if ident is not None and not _ID.match(ident):
        line, column = section.position_of("id")
        problems.add(line, Bilingual(f"Id '{ident}' får bara innehålla bokstäver, siffror, '-', '_' och '.'.",
                                     f"The id '{ident}' may contain only letters, digits, '-', '_' and '.'."),
                     Bilingual("Skriv t.ex. 'sjukfranvaro' eller 'kund-nojdhet'; id:t används i mätvärdesfilen.",
                               "Write e.g. 'sjukfranvaro' or 'kund-nojdhet'; the id is used in the measures file."),
                     code="ogiltigt-id", column=column)
    name = section.text("namn")
    unit = section.text("enhet", required=False)
    unit = normalise_unit(unit) if unit else None
    polarity, polarity_written = _polarity(section, problems)
    target = _target(section, scale, unit, series, problems, budget)
    partial, parts = None, ()
    if target is not None:
        polarity = _check_polarity(section, target, polarity, polarity_written, problems)
        unit = _check_unit(section, target, unit, problems)
        partial = _partial(section, target, polarity, unit, scale, defaults, problems)
        parts = _parts(section, target, problems)
    trend = _trend_settings(section, target, unit, defaults, problems)
    value_range = _value_range(section, target, unit, problems)
    decimals = _decimals(section, problems)
    kolada = _kolada_kpi(section, problems)
    weight = read_weight(section, problems)
    interim = read_interim_targets(section, target, unit, scale, series, problems)
    if len(problems.items) > before or ident is None or name is None or target is None:
        return None
    indicator = Indicator(id=ident, name=name, unit=unit, polarity=polarity, target=target, partial=partial,
                          trend=trend, value_range=value_range, parts=parts, decimals=decimals, kolada=kolada,
                          weight=weight, interim=interim, line=section.line)
    found = band_warnings(indicator, section, problems.file)  # `delvis` beyond `värdeområde`, a wide dead band
    if not any(item.code == "delvis-utanför-värdeområde" for item in found):  # that one says it more precisely
        found += _far_partial_bound(indicator, section, problems.file)
    warnings.extend(sorted(found, key=lambda item: item.line or 0))
    return indicator


def _polarity(section: Section, problems: Problems) -> tuple[Polarity | None, bool]:
    """The declared polarity, and whether `riktning` was written at all (even if unreadable)."""
    text = section.text("riktning", required=False)
    if text is None:
        return None, False
    polarity = POLARITIES.get(" ".join(text.split()).casefold())
    if polarity is None:
        line, column = section.position_of("riktning")
        problems.add(line, Bilingual(f"Riktningen '{text}' känns inte igen.",
                                     f"The direction ('riktning') '{text}' is not recognised."),
                     Bilingual("Skriv 'högre är bättre' eller 'lägre är bättre'.",
                               "Write 'högre är bättre' (higher is better) or 'lägre är bättre' (lower is better)."),
                     code="okänd-riktning", column=column)
    return polarity, True


def _target(section: Section, scale: tuple[str, ...], unit: str | None, series: tuple[str, ...],
            problems: Problems, budget: tuple[int, int] | None = None) -> Target | None:
    if section.ok and "mål" not in section.node:
        return NoTarget()  # a measure that is followed, not judged (docs/rule-format.md, "Inget mål")
    written = section.node.get("mål")
    if section.ok and (written is None or isinstance(written, str) and not written.strip()):
        line, column = section.position_of("mål")  # `mål:` or `mål: ""`: say what a target looks like
        problems.add(line, Bilingual("'mål' är tomt.", "'mål' is empty."), EMPTY_TARGET_HINT, code="tomt-värde",
                     column=column)
        return None
    phrase = section.text("mål")
    if phrase is None:
        return None
    try:
        return parse_target(phrase, scale, unit, series, budget)
    except PhraseError as exc:
        line, column = section.position_of("mål")
        problems.add(line, exc.message, exc.hint, code=exc.code, column=column, details=exc.details)
        return None


_YEARS = re.compile(r"^(\d{4})\s*[–—-]\s*(\d{4})$")


def _budget_period(top: Section, problems: Problems) -> tuple[int, int] | None:
    """`budgetperiod: 2021–2023`: the years `i snitt … under budgetperioden` averages."""
    text = top.text("budgetperiod", required=False)
    if text is None:
        return None
    match = _YEARS.match(text)
    if match is None or int(match[1]) >= int(match[2]):
        line, column = top.position_of("budgetperiod")
        problems.add(line, Bilingual(f"'budgetperiod: {text}' ska vara två årtal, det första först.",
                                     f"'budgetperiod: {text}' must be two years, the earlier first."),
                     Bilingual("Skriv t.ex. 'budgetperiod: 2021–2023'.", "Write e.g. 'budgetperiod: 2021–2023'."),
                     code="fel-budgetperiod", column=column)
        return None
    return int(match[1]), int(match[2])


def _check_polarity(section: Section, target: Target, polarity: Polarity | None, written: bool,
                    problems: Problems) -> Polarity | None:
    """The polarity the indicator is judged with: declared, or implied by `Öka`, `minst …`."""
    phrase, (target_line, target_column) = target.phrase, section.position_of("mål")
    implied = implied_polarity(target)
    if polarity and implied and polarity is not implied:
        line, column = section.position_of("riktning")
        problems.add(line, Bilingual(f"Målet '{phrase}' betyder '{implied.value}' men riktningen är "
                                     f"'{polarity.value}'.",
                                     f"The target '{phrase}' means '{implied.value}' but the direction ('riktning') "
                                     f"is '{polarity.value}'."),
                     Bilingual("Ändra riktningen eller målet så att de stämmer.",
                               "Change the direction or the target so that they agree."),
                     code="fel-riktning", column=column)
    if isinstance(target, RangeTarget) and polarity is not None:
        line, column = section.position_of("riktning")
        problems.add(line, Bilingual(f"Målet '{phrase}' är ett intervall: värden närmare intervallet är bättre, så "
                                     "en riktning kan inte anges.",
                                     f"The target '{phrase}' is a range: values closer to the range are better, so a "
                                     "direction ('riktning') cannot be given."),
                     Bilingual("Ta bort 'riktning' för den här indikatorn.", "Remove 'riktning' from this indicator."),
                     code="fel-riktning", column=column)
        return None
    effective = polarity or implied
    if effective is None and not written:  # an unreadable `riktning` has been reported already
        if isinstance(target, ThresholdTarget):
            problems.add(target_line, Bilingual(f"Gränsvärdet '{phrase}' kräver en riktning.",
                                                f"The threshold '{phrase}' needs a direction ('riktning')."),
                         Bilingual("Lägg till 'riktning: högre är bättre' eller 'riktning: lägre är bättre', "
                                   "eller skriv målet som 'minst …' eller 'högst …'.",
                                   "Add 'riktning: högre är bättre' or 'riktning: lägre är bättre', or write the "
                                   "target as 'minst …' or 'högst …'."),
                         code="riktning-saknas", column=target_column)
        elif isinstance(target, UnchangedTarget):
            problems.add(target_line, Bilingual(f"Målet '{phrase}' kräver en riktning för att utvecklingspilen ska "
                                                "kunna visa förbättring eller försämring.",
                                                f"The target '{phrase}' needs a direction ('riktning') for the trend "
                                                "arrow to show improvement or decline."),
                         Bilingual("Lägg till 'riktning: högre är bättre' eller 'riktning: lägre är bättre'.",
                                   "Add 'riktning: högre är bättre' or 'riktning: lägre är bättre'."),
                         code="riktning-saknas", column=target_column)
        elif (problem := polarity_required(target)) is not None:
            problems.add(target_line, problem.message, problem.hint, code=problem.code, column=target_column)
    return effective


def _check_unit(section: Section, target: Target, unit: str | None, problems: Problems) -> str | None:
    """The indicator's unit; a threshold's unit must agree with `enhet` and fills it in if absent."""
    if not isinstance(target, (ThresholdTarget, RangeTarget)):
        return unit
    if target.unit and unit and not same_unit(target.unit, unit):
        line, column = section.position_of("mål")
        problems.add(line, Bilingual(f"Målet '{target.phrase}' har enheten '{target.unit}' men indikatorn har "
                                     f"enheten '{unit}'.",
                                     f"The target '{target.phrase}' has the unit '{target.unit}' but the indicator "
                                     f"has the unit '{unit}'."),
                     Bilingual("Använd samma enhet i 'mål' och 'enhet'.", "Use the same unit in 'mål' and 'enhet'."),
                     code="fel-enhet", column=column)
    return unit or target.unit


def _partial(section: Section, target: Target, polarity: Polarity | None, unit: str | None,
             scale: tuple[str, ...], defaults: Defaults, problems: Problems) -> Partial | None:
    """The indicator's own `delvis`, else the one in `standard` where it can apply."""
    text = section.text("delvis", required=False)
    if text is None:
        return defaults.partial_for(target, polarity, unit, scale)
    if _clean_text(text).casefold() == NO_PARTIAL and isinstance(target, (ThresholdTarget, MilestoneTarget)) and \
            NO_PARTIAL not in (status.casefold() for status in scale):
        if isinstance(target, ThresholdTarget):
            return None  # written so that `standard`'s band does not apply: no "delvis" for this one
        line, column = section.position_of("delvis")
        problems.add(line, Bilingual("'delvis: ingen' gäller bara gränsvärden: en milstolpe har alltid en gräns för "
                                     "delvis uppfyllt (standard: statusen närmast under den målet kräver).",
                                     "'delvis: ingen' applies to thresholds only: a milestone always has a limit for "
                                     "'delvis uppfyllt' (by default the status just below the one the target "
                                     "requires)."),
                     Bilingual("Skriv den status som ska räknas som delvis uppfyllt, t.ex. 'delvis: minst delvis "
                               "genomförd', eller ta bort raden. Statusskalan, lägst först: " + ", ".join(scale) + ".",
                               "Write the status that counts as 'delvis uppfyllt', e.g. 'delvis: minst delvis "
                               "genomförd', or remove the line. The status scale, lowest first: "
                               + _quoted_list(scale) + "."),
                     code="fel-måltyp", column=column)
        return None
    try:
        return _read_partial(text, target, polarity, unit, scale)
    except PhraseError as exc:
        line, column = section.position_of("delvis")
        problems.add(line, exc.message, exc.hint, code=exc.code, column=column)
        return None


# `91–99 % av målet`: the band as a scorecard's legend prints it ("Uppfyllelse 91–99 procent"). It
# means partly fulfilled from 91 % of the target up to the target; the upper end only says so.
_SHARE_BAND = re.compile(r"^(?:minst\s+)?(?P<low>[0-9]+(?:[.,][0-9]+)?)\s*%?\s*(?:–|—|-|till)\s*"
                         r"(?P<high>[0-9]+(?:[.,][0-9]+)?)\s*(?:%|procent)\s+av\s+målet$")


def _read_partial(text: str, target: Target, polarity: Polarity | None, unit: str | None,
                  scale: tuple[str, ...]) -> Partial:
    """`parse_partial`, and a share of the target written as a band (`91–99 % av målet`)."""
    band = _SHARE_BAND.match(_clean_text(text).casefold())
    if band is None:
        return parse_partial(text, target, polarity, unit, scale)
    low, high = (Decimal(band[end].replace(",", ".")) for end in ("low", "high"))
    if not Decimal(0) < low < high <= Decimal(100):
        raise PhraseError(Bilingual(f"Andelarna i '{_clean_text(text)}' ska ligga mellan 0 och 100 %, den lägre först.",
                                    f"The shares in '{_clean_text(text)}' must lie between 0 and 100 %, the lower "
                                    "first."),
                          Bilingual("Skriv t.ex. 'delvis: 91–99 % av målet' (delvis uppfyllt från 91 % av målet).",
                                    "Write e.g. 'delvis: 91–99 % av målet' ('delvis uppfyllt' from 91 % of the "
                                    "target)."),
                          code="fel-andel")
    share = parse_partial(f"minst {format_number(low)} % av målet", target, polarity, unit, scale)
    return share.model_copy(update={"text": text})


# --- `standard:` what applies to every indicator that does not say otherwise ---------------------

@dataclass(frozen=True)
class Defaults:
    """The rule file's `standard:` section, read and checked once.

    `share` (`minst 80 % av målet`, `91–99 % av målet`) applies to threshold targets above 0;
    `status` (`minst påbörjad`) to milestones whose required status lies above it; `band` (the
    dead band, with the unit it was written in, or None for every unit) to indicators with numbers
    of that unit; `compare_with` to every indicator. An indicator's own key always wins, and a
    default that cannot apply to an indicator is not applied to it."""

    share: str | None = None
    status: str | None = None
    compare_with: Baseline | None = None
    band: Decimal | None = None
    band_unit: str | None = None
    band_text: str | None = None
    band_place: tuple[int | None, int | None] = (None, None)  # line and column of `oförändrat inom`

    def partial_for(self, target: Target, polarity: Polarity | None, unit: str | None,
                    scale: tuple[str, ...]) -> Partial | None:
        try:
            if isinstance(target, ThresholdTarget) and self.share is not None:
                return _read_partial(self.share, target, polarity, unit, scale)
            if isinstance(target, MilestoneTarget) and self.status is not None:
                return parse_partial(self.status, target, polarity, unit, scale)
        except PhraseError:  # a target of 0 or below has no share; `Påbörjad` has no status below `påbörjad`
            return None
        return None

    def band_for(self, target: Target | None, unit: str | None) -> Decimal:
        if self.band is None or target is None or isinstance(target, (MilestoneTarget, CapabilityTarget)):
            return Decimal(0)
        if self.band_unit is None or same_unit(_percent(self.band_unit), _percent(unit)):
            return self.band
        return Decimal(0)


def _percent(unit: str | None) -> str | None:
    """`procentenheter` (`%-enheter`) is the unit of a difference between two values in `%`."""
    return "%" if unit == "%-enheter" else unit


# Probes for checking a default once, before any indicator: a threshold above 0 for a share, a
# compound milestone for a status (so that only the checks that hold for every milestone apply).
_SHARE_PROBE = ThresholdTarget(phrase="100 %", bound=Decimal(100), unit="%")
_VALUE_PROBE = ThresholdTarget(phrase="1", bound=Decimal(1))


def _defaults(top: Section, scale: tuple[str, ...], problems: Problems) -> Defaults:
    section = top.section("standard", Bilingual("avsnittet 'standard'", "the section 'standard'"), DEFAULTS_KEYS)
    if section is None or not section.ok:
        return Defaults()
    share, status = _default_partials(section, scale, problems)
    compare_with, band, band_unit, band_text, band_place = None, None, None, None, (None, None)
    trend = section.section("utveckling", Bilingual("utvecklingen i 'standard'", "'utveckling' in 'standard'"),
                            TREND_SETTING_KEYS)
    if trend is not None and trend.ok:
        if (text := trend.text("jämför med", required=False)) is not None:
            compare_with = _baseline(text, *trend.position_of("jämför med"), problems)
        if (text := trend.text("oförändrat inom", required=False)) is not None:
            band_place = trend.position_of("oförändrat inom")
            read = _read_band(text, *band_place, None, problems)
            if read is not None:
                band, band_unit = read
                band_text = text
                _check_band_sign(band, text, *band_place, problems)
    return Defaults(share=share, status=status, compare_with=compare_with, band=band, band_unit=band_unit,
                    band_text=band_text, band_place=band_place)


def _default_partials(section: Section, scale: tuple[str, ...], problems: Problems) -> tuple[str | None, str | None]:
    """`delvis:` in `standard`: a share of the target, a status, or a list of one of each."""
    if not section.has("delvis"):
        return None, None
    if isinstance(section.node["delvis"], list):
        written = [(item, line, None) for item, line in section.seq("delvis", required=False)]
    else:
        text = section.text("delvis", required=False)  # a section or ja/nej is reported here
        if text is None:
            return None, None
        written = [(text, *section.position_of("delvis"))]
    found: dict[str, tuple[str, int | None]] = {}
    for item, line, column in written:
        if item is None or isinstance(item, (dict, list)) or isinstance(item, bool) or not str(item).strip():
            problems.add(line, Bilingual("Varje gräns i 'delvis' ska vara en kort text, t.ex. 'minst 80 % av målet'.",
                                         "Every limit in 'delvis' must be a short text, e.g. 'minst 80 % av målet'."),
                         code="fel-form", column=column)
            continue
        text = str(item).strip()
        kind = _default_partial_kind(text, line, column, scale, problems)
        if kind is None:
            continue
        if kind in found:
            what = Bilingual("andel av målet", "share of the target") if kind == "andel" \
                else Bilingual("status", "status")
            first, second = _clean_text(found[kind][0]), _clean_text(text)
            problems.add(line, Bilingual(f"'delvis' i 'standard' har två gränser som är en {what}: '{first}' och "
                                         f"'{second}'.",
                                         f"'delvis' in 'standard' has two limits that are a {english(what)}: '{first}' "
                                         f"and '{second}'."),
                         Bilingual("Ange högst en andel av målet (för gränsvärden) och en status (för milstolpar), "
                                   "t.ex. 'delvis: [minst 80 % av målet, minst påbörjad]'.",
                                   "Give at most one share of the target (for thresholds) and one status (for "
                                   "milestones), e.g. 'delvis: [minst 80 % av målet, minst påbörjad]'."),
                         code="dubbel-standard", column=column)
            continue
        found[kind] = (text, line)
    return (found["andel"][0] if "andel" in found else None), (found["status"][0] if "status" in found else None)


def _default_partial_kind(text: str, line: int | None, column: int | None, scale: tuple[str, ...],
                          problems: Problems) -> str | None:
    """"andel" or "status" for a default band that can apply to some indicator; else the mistake
    is reported and None returned. A band written as a value (`högst 4 %`, `70 %`) is refused: a
    value belongs to one target, and `80 %` next to `3 %` is the mistake the far-band warning is
    about, most likely meant as `80 % av målet`."""
    clean = _clean_text(text)
    if clean.casefold().endswith("av målet"):
        try:
            _read_partial(text, _SHARE_PROBE, Polarity.HIGHER_IS_BETTER, None, scale)
        except PhraseError as exc:
            hint = exc.hint if exc.code != "okänd-delvis" else \
                Bilingual("Skriv t.ex. 'delvis: minst 80 % av målet' eller 'delvis: 91–99 % av målet'.",
                          "Write e.g. 'delvis: minst 80 % av målet' or 'delvis: 91–99 % av målet'.")
            problems.add(line, exc.message, hint, code=exc.code, column=column)
            return None
        return "andel"
    probe = MilestoneTarget(phrase=scale[-1], parts=(MilestonePart(subject="a", required=scale[-1]),
                                                      MilestonePart(subject="b", required=scale[-1])))
    try:
        parse_partial(text, probe, None, None, scale)
        return "status"
    except PhraseError as exc:
        if exc.code != "okänd-status":  # on the scale, but its lowest status: always reached
            problems.add(line, exc.message, exc.hint, code=exc.code, column=column)
            return None
    try:
        bound = parse_partial(text, _VALUE_PROBE, None, None, scale)
    except PhraseError as exc:
        if exc.code != "okänd-delvis":  # a number written two ways (`1.000`)
            problems.add(line, exc.message, exc.hint, code=exc.code, column=column)
            return None
        problems.add(line, Bilingual(f"'delvis: {clean}' i 'standard' är varken en andel av målet eller en status "
                                     "på statusskalan.",
                                     f"'delvis: {clean}' in 'standard' is neither a share of the target nor a status "
                                     "on the status scale."),
                     Bilingual("Skriv t.ex. 'delvis: minst 80 % av målet' för gränsvärden eller 'delvis: minst "
                               "påbörjad' för milstolpar. Statusskalan, lägst först: " + ", ".join(scale) + ".",
                               "Write e.g. 'delvis: minst 80 % av målet' for thresholds or 'delvis: minst påbörjad' "
                               "for milestones. The status scale, lowest first: " + _quoted_list(scale) + "."),
                     code="okänd-delvis", column=column)
        return None
    share = f"minst {format_number(bound.bound)} % av målet"
    upper = re.match(r"(?:högst|max|≤|<=)", clean.casefold())  # `högst 4 %` is a value, never a share
    suggestion = Bilingual(f"Menade du {share}? Skriv då 'delvis: {share}'. ",
                           f"Did you mean '{share}'? Then write 'delvis: {share}'. ") \
        if Decimal(0) < bound.bound < Decimal(100) and not upper else ""
    problems.add(line, Bilingual(f"'delvis: {clean}' i 'standard' är ett värde, men ett värde hör till ett enda mål.",
                                 f"'delvis: {clean}' in 'standard' is a value, but a value belongs to a single "
                                 "target."),
                 suggestion + Bilingual("I 'standard' skrivs gränsen som en andel av målet; en gräns som är ett värde "
                                        "skrivs vid indikatorn den gäller.",
                                        "In 'standard' the limit is written as a share of the target; a limit that is "
                                        "a value is written at the indicator it applies to."),
                 code="standard-delvis-värde", column=column)
    return None


def _unused_default_band(defaults: Defaults, scorecard: Scorecard, file: str) -> list[Diagnostic]:
    """A dead band in `standard` written with a unit that no indicator with numbers has is most
    likely a misspelt unit (`0,5 procent` is `%`; `2 idx` for `index`): it would silently apply to
    none."""
    if defaults.band is None or defaults.band_unit is None:
        return []
    if any(defaults.band_for(indicator.target, indicator.unit) == defaults.band for _, indicator in scorecard.rows()):
        return []
    line, column = defaults.band_place
    written, unit = _clean_text(defaults.band_text), _percent(defaults.band_unit)
    return [warning(file, line, Bilingual(f"'oförändrat inom: {written}' i 'standard' gäller ingen indikator: ingen "
                                          f"indikator med tal har enheten '{unit}'.",
                                          f"'oförändrat inom: {written}' in 'standard' applies to no indicator: no "
                                          f"indicator with numbers has the unit '{unit}'."),
                    Bilingual("Ett dödband med enhet gäller bara indikatorer med den enheten; skriv talet utan enhet "
                              "för att det ska gälla alla indikatorer med tal, eller rätta enheten.",
                              "A dead band with a unit applies only to indicators with that unit; write the number "
                              "without a unit to make it apply to all indicators with numbers, or correct the unit."),
                    code="standard-gäller-ingen", column=column)]


# A band for "delvis uppfyllt" more than this many times as far from the target as the target is from
# the lower edge of the value range cannot be meant (`3 %` with `delvis: 80 %`: 80 % of the target).
FAR_PARTIAL_FACTOR = 10


def _far_partial_bound(indicator: Indicator, section: Section, file: str) -> list[Diagnostic]:
    """A warning for `delvis: 80 %` with `mål: 3 %` (lower is better): the band from 3 % to 80 % is
    most likely `minst 80 % av målet` (up to 3,75 %).

    The measure of "far" is the target's distance from the lower edge of its value range: the
    `värdeområde`, else 0 (a share in % lies in 0–100; counts, money and times are measured from 0
    too). A band wider than FAR_PARTIAL_FACTOR times that distance is warned about. A target at or
    below the lower edge has no such distance (and no share of it), so it is not checked."""
    target, partial = indicator.target, indicator.partial
    if not isinstance(target, ThresholdTarget) or not isinstance(partial, PartialBound):
        return []
    low = indicator.value_range[0] if indicator.value_range else Decimal(0)
    distance = target.bound - low
    width = abs(partial.bound - target.bound)
    if distance <= 0 or width <= FAR_PARTIAL_FACTOR * distance:
        return []
    lower_is_better = indicator.polarity is Polarity.LOWER_IS_BETTER
    unit = indicator.unit
    written, phrase, bound = _clean_text(partial.text), _clean_text(target.phrase), format_quantity(partial.bound, unit)
    way = Bilingual("upp", "up") if lower_is_better else Bilingual("ned", "down")
    message = Bilingual(f"Gränsen för delvis uppfyllt '{written}' ligger mycket långt från målet '{phrase}': värden "
                        f"ända {way} till {bound} räknas som delvis uppfyllda.",
                        f"The limit '{written}' for 'delvis uppfyllt' lies very far from the target '{phrase}': values "
                        f"all the way {english(way)} to {bound} count as 'delvis uppfyllt'.")
    hint = Bilingual("Är gränsen rätt kan varningen lämnas: bedömningen görs med gränsen som den står.",
                     "If the limit is right, the warning can be left: the verdict is made with the limit as written.")
    if Decimal(0) < partial.bound < Decimal(100):
        share = PartialRatio(text=f"minst {format_number(partial.bound)} % av målet", ratio=partial.bound / 100)
        limit = format_quantity(indicator.model_copy(update={"partial": share}).partial_limit(), unit)
        percent = format_number(partial.bound)
        hint = Bilingual(f"Menade du {percent} % av målet? Skriv då 'delvis: {share.text}' (delvis uppfyllt {way} "
                         f"till {limit}). ",
                         f"Did you mean {percent} % of the target? Then write 'delvis: {share.text}' ('delvis "
                         f"uppfyllt' {english(way)} to {limit}). ") + hint
    else:
        hint = Bilingual("Kontrollera gränsen. ", "Check the limit. ") + hint
    line, column = section.position_of("delvis")
    return [warning(file, line, message, hint, code="delvis-långt-från-målet", column=column)]


def _clean_text(text: str) -> str:
    return " ".join(str(text).split())


def _quoted_list(names) -> str:
    """`'påbörjad', 'genomförd'`: names from the rule file in an English sentence, quoted as written."""
    return ", ".join(f"'{name}'" for name in names)


def _decimals(section: Section, problems: Problems) -> int | None:
    text = section.text("decimaler", required=False)
    if text is None:
        return None
    if not re.fullmatch(r"[0-6]", text):
        line, column = section.position_of("decimaler")
        problems.add(line, Bilingual(f"'decimaler: {text}' ska vara ett heltal från 0 till 6.",
                                     f"'decimaler: {text}' must be a whole number from 0 to 6."),
                     Bilingual("Skriv t.ex. 'decimaler: 1' för att visa 6,0 mnkr.",
                               "Write e.g. 'decimaler: 1' to show '6,0 mnkr'."),
                     code="fel-decimaler", column=column)
        return None
    return int(text)


def _parts(section: Section, target: Target, problems: Problems) -> tuple[str, ...]:
    """Short names of a compound milestone's parts: the measures file gives a status per name."""
    items = section.seq("delmål", required=False)
    compound = isinstance(target, MilestoneTarget) and len(target.parts) > 1
    parts_line, parts_column = section.position_of("delmål")
    if items and not compound:
        problems.add(parts_line, Bilingual("'delmål' används bara för sammansatta milstolpar "
                                           "(t.ex. 'Förstudie genomförd och aktiviteter är påbörjade').",
                                           "'delmål' is used only for composite milestones "
                                           "(e.g. 'Förstudie genomförd och aktiviteter är påbörjade')."),
                     Bilingual("Ta bort 'delmål'.", "Remove 'delmål'."), code="fel-måltyp", column=parts_column)
        return ()
    if not compound:
        return ()
    names = []
    for item, line in items:
        if item is None or isinstance(item, (dict, list)) or not str(item).strip():
            problems.add(line, Bilingual("Varje delmål ska vara ett kort namn, t.ex. förstudie.",
                                         "Every part in 'delmål' must be a short name, e.g. 'förstudie'."),
                         code="tomt-delmål")
        else:
            names.append(str(item).strip())
    subjects = ", ".join(f"'{p.subject or p.required}'" for p in target.parts)
    if not section.has("delmål"):
        line, column = section.position_of("mål")
        problems.add(line, Bilingual(f"Målet har {len(target.parts)} delar ({subjects}) men 'delmål' saknas.",
                                     f"The target has {len(target.parts)} parts ({subjects}) but 'delmål' is "
                                     "missing."),
                     Bilingual("Lägg till t.ex. 'delmål: [förstudie, aktiviteter]', ett kort namn per del i samma "
                               "ordning som i målet. Namnen används i mätvärdesfilen.",
                               "Add e.g. 'delmål: [förstudie, aktiviteter]', one short name per part in the same "
                               "order as in the target. The names are used in the measures file."),
                     code="delmål-saknas", column=column)
    elif isinstance(section.node["delmål"], list) and len(items) != len(target.parts):
        problems.add(parts_line, Bilingual(f"'delmål' har {len(items)} namn men målet har {len(target.parts)} delar "
                                           f"({subjects}).",
                                           f"'delmål' has {len(items)} names but the target has {len(target.parts)} "
                                           f"parts ({subjects})."),
                     Bilingual("Ge ett kort namn per del, i samma ordning som i målet.",
                               "Give one short name per part, in the same order as in the target."),
                     code="fel-antal-delmål", column=parts_column)
    if len({n.casefold() for n in names}) != len(names):
        problems.add(parts_line, Bilingual("Två delmål har samma namn.", "Two parts in 'delmål' have the same name."),
                     Bilingual("Ge varje delmål ett eget namn.", "Give every part a name of its own."),
                     code="dubbelt-delmål", column=parts_column)
    return tuple(names)


def _trend_settings(section: Section, target: Target | None, unit: str | None, defaults: Defaults,
                    problems: Problems) -> TrendSettings:
    """The indicator's own `utveckling`, key by key; what it does not set comes from `standard`."""
    compare_with = defaults.compare_with or PREVIOUS
    band = defaults.band_for(target, unit)
    trend = section.section("utveckling", TREND_SETTINGS, TREND_SETTING_KEYS)
    if trend is not None and not trend.ok:
        return TrendSettings()
    if trend is not None and (text := trend.text("jämför med", required=False)) is not None:
        compare_with = _baseline(text, *trend.position_of("jämför med"), problems)
    if trend is not None and (text := trend.text("oförändrat inom", required=False)) is not None:
        band = _band(trend, text, target, unit, problems)
    return TrendSettings(compare_with=compare_with, unchanged_within=band)


def _baseline(text: str, line: int | None, column: int | None, problems: Problems) -> Baseline:
    """`föregående period`, `samma period föregående år`, or a named period (`2017`, `T3 2018`)."""
    rule = BASELINE_WORDS.get(" ".join(text.split()).casefold())
    if rule:
        return Baseline(rule=rule)
    try:
        return Baseline(rule="named", period=Period.parse(text))
    except PeriodError:
        problems.add(line, Bilingual(f"'jämför med: {text}' känns inte igen.",
                                     f"'jämför med: {text}' is not recognised."),
                     Bilingual("Skriv 'föregående period', 'samma period föregående år' eller en period, t.ex. 2017 "
                               "(för en tertial betyder det samma tertial 2017).",
                               "Write 'föregående period' (the previous period), 'samma period föregående år' (the "
                               "same period a year earlier) or a period, e.g. '2017' (for a tertial that means the "
                               "same tertial in 2017)."),
                     code="okänd-jämförelse", column=column)
        return PREVIOUS


def _band(trend: Section, text: str, target: Target | None, unit: str | None, problems: Problems) -> Decimal:
    """`oförändrat inom`: how far a value may move and still count as unchanged."""
    line, column = trend.position_of("oförändrat inom")
    if isinstance(target, (MilestoneTarget, CapabilityTarget)):
        problems.add(line, Bilingual("'oförändrat inom' gäller bara indikatorer med tal som värden.",
                                     "'oförändrat inom' applies only to indicators whose values are numbers."),
                     Bilingual("Ta bort raden: en milstolpe jämförs status mot status.",
                               "Remove the line: a milestone is compared status with status."),
                     code="fel-måltyp", column=column)
        return Decimal(0)
    read = _read_band(text, line, column, unit, problems)
    if read is None:
        return Decimal(0)
    band, band_unit = read
    if band_unit and unit and not same_unit(_percent(band_unit), _percent(unit)):
        problems.add(line, Bilingual(f"'oförändrat inom: {text}' har en annan enhet än indikatorn ('{unit}').",
                                     f"'oförändrat inom: {text}' has another unit than the indicator ('{unit}')."),
                     Bilingual("Skriv talet i indikatorns enhet, t.ex. '0,2'.",
                               "Write the number in the indicator's unit, e.g. '0,2'."),
                     code="fel-enhet", column=column)
    _check_band_sign(band, text, line, column, problems)
    return band


def _read_band(text: str, line: int | None, column: int | None, unit: str | None,
               problems: Problems) -> tuple[Decimal, str | None] | None:
    """A dead band and the unit it is written in (None if none); a mistake is reported."""
    try:
        band, band_unit = parse_quantity(text, unit)
    except NotANumber as exc:
        if exc.reason:  # 1.000, 1e3, 0x10, too many digits or decimals
            problems.add(line, Bilingual(f"'oförändrat inom: {text}' {exc.reason}",
                                         f"'oförändrat inom: {text}' {english(exc.reason)}"),
                         exc.hint, code=exc.code, column=column)
        else:
            problems.add(line, Bilingual(f"'oförändrat inom: {text}' är inget tal.",
                                         f"'oförändrat inom: {text}' is not a number."),
                         Bilingual("Skriv ett tal i indikatorns enhet, t.ex. '0,2'.",
                                   "Write a number in the indicator's unit, e.g. '0,2'."),
                         code="inget-tal", column=column)
        return None
    return band, band_unit


def _check_band_sign(band: Decimal, text: str, line: int | None, column: int | None, problems: Problems) -> None:
    if band < 0:
        problems.add(line, Bilingual(f"'oförändrat inom: {text}' kan inte vara negativt.",
                                     f"'oförändrat inom: {text}' cannot be negative."),
                     Bilingual("Skriv t.ex. '0,2'.", "Write e.g. '0,2'."), code="negativt-tal", column=column)


_RANGE = re.compile(r"^\s*(?P<low>[+\-−]?[0-9][0-9 .,]*?)\s*(?:–|—|-|till)\s*(?P<high>[+\-−]?[0-9].*?)\s*$")


def _value_range(section: Section, target: Target | None, unit: str | None,
                 problems: Problems) -> tuple[Decimal, Decimal] | None:
    """`värdeområde: 0–100`: values outside it are refused as typing mistakes."""
    if not section.has("värdeområde"):
        return None
    node = section.node["värdeområde"]
    line, column = section.position_of("värdeområde")
    written = "[" + ", ".join(map(str, node)) + "]" if isinstance(node, list) else str(node)
    try:
        bounds = _range_bounds(node, unit)
    except NotANumber as exc:  # 1.000, 1e3: a number with a reason why it is refused
        problems.add(line, Bilingual(f"Värdeområdet '{written}': talet '{exc.text}' {exc.reason}",
                                     f"The 'värdeområde' '{written}': the number '{exc.text}' {english(exc.reason)}"),
                     exc.hint, code=exc.code, column=column)
        return None
    if bounds is None:
        shown = "" if isinstance(node, dict) else f" '{written}'"
        problems.add(line, Bilingual(f"Värdeområdet{shown} känns inte igen.",
                                     f"The 'värdeområde'{shown} is not recognised."),
                     Bilingual("Skriv lägsta och högsta värde, t.ex. '0–100' eller [0, 100].",
                               "Write the lowest and the highest value, e.g. '0–100' or '[0, 100]'."),
                     code="okänt-värdeområde", column=column)
        return None
    low, high, range_unit = bounds
    if range_unit and unit and not same_unit(range_unit, unit):
        problems.add(line, Bilingual(f"Värdeområdet '{written}' har enheten '{range_unit}' men indikatorn har "
                                     f"'{unit}'.",
                                     f"The 'värdeområde' '{written}' has the unit '{range_unit}' but the indicator "
                                     f"has '{unit}'."),
                     Bilingual("Skriv värdeområdet i indikatorns enhet, eller utan enhet.",
                               "Write the 'värdeområde' in the indicator's unit, or without a unit."),
                     code="fel-enhet", column=column)
    if low >= high:
        problems.add(line, Bilingual("Värdeområdets undre gräns måste vara lägre än den övre.",
                                     "The lower limit of the 'värdeområde' must be below the upper one."),
                     Bilingual("Skriv det lägsta värdet först, t.ex. '0–100'.",
                               "Write the lowest value first, e.g. '0–100'."),
                     code="omvänt-värdeområde", column=column)
        return None
    if isinstance(target, ThresholdTarget) and not low <= target.bound <= high:
        limits = f"{format_number(low)}–{format_number(high)}"
        problems.add(line, Bilingual(f"Målet '{target.phrase}' ligger utanför värdeområdet {limits}.",
                                     f"The target '{target.phrase}' lies outside the 'värdeområde' {limits}."),
                     Bilingual("Kontrollera målet och värdeområdet.", "Check the target and the 'värdeområde'."),
                     code="mål-utanför-värdeområde", column=column)
    if isinstance(target, (MilestoneTarget, CapabilityTarget)):
        problems.add(line, Bilingual("Värdeområde gäller bara indikatorer med tal som värden.",
                                     "'värdeområde' applies only to indicators whose values are numbers."),
                     Bilingual("Ta bort 'värdeområde'.", "Remove 'värdeområde'."), code="fel-måltyp", column=column)
    return low, high


def _range_bounds(node: Any, unit: str | None = None) -> tuple[Decimal, Decimal, str | None] | None:
    """(low, high, unit) from `0–100`, `0 till 100 %` or `[0, 100]`; None if unreadable; NotANumber
    with a reason for a number written in a way that is refused for a reason (`1.000`, `1e3`)."""
    if isinstance(node, list):
        parts = [str(item) for item in node] if len(node) == 2 and not any(
            isinstance(item, (dict, list)) or item is None for item in node) else None
    else:
        match = _RANGE.match(re.sub("[\u00a0\u202f\u2009\u2007]", " ", str(node)))  # `1 000–10 000` with any space
        parts = [match["low"], match["high"]] if match else None
    if parts is None:
        return None
    try:
        low, low_unit = parse_quantity(parts[0], unit)
        high, high_unit = parse_quantity(parts[1], unit)
    except NotANumber as exc:
        if exc.reason:
            raise
        return None
    return low, high, high_unit or low_unit
