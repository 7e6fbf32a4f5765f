"""Assessments files (bedömningar, YAML) → typed `ManualAssessments`, checked against the rule file.

Every entry names an indicator or a node by id (with group and unit where relevant), the period, the
level decided (or none: a written analysis only), a motivation that may not be empty, who decided and
when; optionally what the computation said then (`beräknat`, `värde`), so that a decision made on
other figures is flagged as stale. The rule file's `kräv analys` is read here too.
"""

from __future__ import annotations

import datetime
from pathlib import Path

from ruamel.yaml.comments import CommentedMap

from ..diagnostics import AssessmentsError, Bilingual, suggestion
from ..model import Group, Level, ManualAssessment, ManualAssessments, Scorecard
from ..model.period import Period, PeriodError
from .legend import LEVEL_KEYS
from .sections import Problems, Section
from .yamlsource import SizeLimit, YamlProblem, load_yaml

LIST_KEY = "bedömningar"
TOP_KEYS = (LIST_KEY,)
ENTRY_KEYS = ("id", "gruppering", "grupp", "enhet", "period", "nivå", "motivering", "bedömd av", "datum",
              "beräknat", "värde")
ANALYSIS_KEY = "kräv analys"  # in the rule file: the levels that must have a written analysis
ASSESSMENTS_LIMIT = SizeLimit(10, Bilingual("en bedömningsfil", "an assessments file"),
                              Bilingual("En bedömningsfil är normalt några kilobyte: kontrollera att det är rätt fil.",
                                        "An assessments file is normally a few kilobytes: check that it is the right "
                                        "file."))
ASSESSMENT = Bilingual("en bedömning", "an assessment")  # what a `Section` of one entry is called in messages


def load_assessments(paths, scorecard: Scorecard) -> ManualAssessments:
    """Read and check assessments files; raises AssessmentsError with every problem in all of them."""
    items, problems_all, files = [], [], []
    taken: dict[tuple, str] = {}
    for path in [Path(path) for path in paths]:
        problems = Problems(str(path))
        try:
            data = load_yaml(path, ASSESSMENTS_LIMIT)
        except YamlProblem as exc:
            problems_all.append(exc.diagnostic)
            continue
        items.extend(_read_file(data, scorecard, problems, taken))
        problems_all.extend(sorted(problems.items, key=lambda d: d.line or 0))
        files.append(str(path))
    if problems_all:
        raise AssessmentsError(problems_all)
    return ManualAssessments(items=tuple(items), files=tuple(files))


def _read_file(data, scorecard: Scorecard, problems: Problems, taken: dict[tuple, str]) -> list[ManualAssessment]:
    if not isinstance(data, CommentedMap):
        problems.add(1, Bilingual("Bedömningsfilen ska börja med 'bedömningar:' följt av en lista.",
                                  "The assessments file must start with 'bedömningar:' followed by a list."),
                     Bilingual("Se docs/assessments-format.md.", "See docs/assessments-format.md."), code="fel-form")
        return []
    top = Section(data, Bilingual("bedömningsfilen", "the assessments file"), TOP_KEYS, problems)
    found = []
    for item, line in top.seq(LIST_KEY):
        entry = Section(item, ASSESSMENT, ENTRY_KEYS, problems, line)
        if entry.ok:
            assessment = read_entry(entry, scorecard, problems)
            if assessment is not None and check_unique(assessment, taken, problems, line):
                found.append(assessment)
    return found


def read_entry(entry: Section, scorecard: Scorecard, problems: Problems) -> ManualAssessment | None:
    before = len(problems.items)
    ident = entry.text("id")
    indicators = scorecard.indicators()
    nodes = {node.id for _, node in scorecard.root.walk()}
    if ident is not None and ident not in indicators and ident not in nodes:
        line, column = entry.position_of("id")
        problems.add(line, unknown_id(ident), suggestion(ident, sorted(indicators) + sorted(nodes)) + WRITE_THE_ID,
                     code="okänt-id", column=column)
    group = _group(entry, scorecard, ident in indicators, problems)
    org_unit = _org_unit(entry, scorecard, problems)
    period = read_period(entry, problems)
    level, legend_level, level_text = _level(entry, "nivå", scorecard, problems, required=False)
    computed, computed_legend, _ = _level(entry, "beräknat", scorecard, problems, required=False)
    motivation = _text(entry, "motivering", problems)
    decided_by = _text(entry, "bedömd av", problems)
    decided_on = _date(entry, problems)
    value_then = entry.text("värde", required=False)
    if len(problems.items) > before or None in (ident, period, motivation, decided_by, decided_on):
        return None
    return ManualAssessment(id=ident, group=group, org_unit=org_unit, period=period, level=level,
                            legend_level=legend_level, level_text=level_text, motivation=motivation,
                            decided_by=decided_by, decided_on=decided_on, computed_then=computed,
                            computed_legend_level_then=computed_legend, value_then=value_then,
                            file=problems.file, line=entry.line)


def unknown_id(ident: str) -> Bilingual:
    return Bilingual(f"'{ident}' är varken en indikator eller ett mål, perspektiv eller liknande i regelfilen.",
                     f"'{ident}' is neither an indicator nor a goal, perspective or the like in the rule file.")


WRITE_THE_ID = Bilingual("Skriv id:t som det står i regelfilen; mål och perspektiv utan eget id har id:t som "
                         "'malmotor evaluate --format json' visar under 'nodes'.",
                         "Write the id as the rule file has it; a goal or perspective without an id of its own has "
                         "the id that 'malmotor evaluate --format json' lists in 'nodes'.")


def names_are(swedish: str, english_text: str, names, none: tuple[str, str] = ("inga", "none")) -> Bilingual:
    """`Enheterna är: Nord, Syd.` / `The units are: 'Nord', 'Syd'.`: the names as written, quoted in English."""
    names = [str(name) for name in names]
    return Bilingual(f"{swedish}: " + (", ".join(names) or none[0]) + ".",
                     f"{english_text}: " + (", ".join(f"'{name}'" for name in names) or none[1]) + ".")


def _text(entry: Section, key: str, problems: Problems) -> str | None:
    """A text that must say something: an empty motivation is refused, whatever its spaces or line breaks."""
    written = entry.node.get(key) if entry.ok else None
    if key in entry.node and (written is None or isinstance(written, str) and not written.strip()):
        line, column = entry.position_of(key)
        swedish, english_text = _WHAT[key]
        problems.add(line, Bilingual(f"'{key}' är tom.", f"'{key}' is empty."),
                     Bilingual(f"Skriv {swedish}.", f"Write {english_text}."), code="tom-motivering", column=column)
        return None
    text = entry.text(key)
    return " ".join(text.split()) if text is not None else None


_WHAT = {"motivering": ("varför nivån är bedömd så (eller analysen)",
                        "why the level was assessed as it is (or the analysis)"),
         "bedömd av": ("vem som har bedömt", "who made the assessment")}


def _group(entry: Section, scorecard: Scorecard, is_indicator: bool, problems: Problems) -> Group | None:
    written = entry.text("grupp", required=False)
    dimension_written = entry.text("gruppering", required=False)
    if written is None and dimension_written is None:
        return None
    line, column = entry.position_of("grupp" if written is not None else "gruppering")
    if not is_indicator:
        problems.add(line, Bilingual("Bara en indikator har grupper; ett mål eller perspektiv bedöms som helhet.",
                                     "Only an indicator has groups; a goal or perspective is assessed as a whole."),
                     Bilingual("Ta bort 'grupp' och 'gruppering'.", "Remove 'grupp' and 'gruppering'."),
                     code="okänd-grupp", column=column)
        return None
    if written is None:
        problems.add(line, Bilingual("'gruppering' står utan 'grupp'.", "'gruppering' is given without 'grupp'."),
                     Bilingual("Skriv t.ex. 'gruppering: kön' och 'grupp: kvinnor'.",
                               "Write, for example, 'gruppering: kön' and 'grupp: kvinnor'."),
                     code="okänd-grupp", column=column)
        return None
    dimensions = [d for d in scorecard.dimensions
                  if dimension_written is None or d.name.casefold() == " ".join(dimension_written.split()).casefold()]
    if dimension_written is not None and not dimensions:
        names = [d.name for d in scorecard.dimensions]
        problems.add(entry.line_of("gruppering"),
                     Bilingual(f"Grupperingen '{dimension_written}' finns inte i regelfilen.",
                               f"The grouping '{dimension_written}' is not in the rule file."),
                     suggestion(dimension_written, names) + names_are("Grupperingarna är", "The groupings are", names),
                     code="okänd-grupp", column=entry.position_of("gruppering")[1])
        return None
    matches = [(d.name, d.group_named(written)) for d in dimensions if d.group_named(written) is not None]
    if len(matches) != 1:
        groups = [g for d in dimensions for g in d.groups]
        problems.add(line, Bilingual(f"Gruppen '{written}' finns inte i regelfilen.",
                                     f"The group '{written}' is not in the rule file.") if not matches else
                     Bilingual(f"Gruppen '{written}' finns i flera grupperingar.",
                               f"The group '{written}' is in several groupings."),
                     (suggestion(written, groups) + names_are("Grupperna är", "The groups are", groups))
                     if not matches else Bilingual("Skriv också 'gruppering', t.ex. 'gruppering: kön'.",
                                                   "Write 'gruppering' too, for example 'gruppering: kön'."),
                     code="okänd-grupp", column=column)
        return None
    return Group(dimension=matches[0][0], name=matches[0][1])


def _org_unit(entry: Section, scorecard: Scorecard, problems: Problems) -> str | None:
    written = entry.text("enhet", required=False)
    if written is None or not scorecard.org_units:
        return written  # without `enheter` in the rule file, the measures' units are checked when assessing
    unit = next((u for u in scorecard.org_units if u.casefold() == " ".join(written.split()).casefold()), None)
    if unit is None:
        line, column = entry.position_of("enhet")
        problems.add(line, Bilingual(f"Enheten '{written}' finns inte i regelfilens 'enheter'.",
                                     f"The unit '{written}' is not in the rule file's 'enheter'."),
                     suggestion(written, scorecard.org_units) + names_are("Enheterna är", "The units are",
                                                                          scorecard.org_units),
                     code="okänd-enhet", column=column)
    return unit


def read_period(entry: Section, problems: Problems) -> Period | None:
    """`period: 2018`, `T2 2019` …: a located `okänd-period` when it cannot be read."""
    written = entry.text("period")
    if written is None:
        return None
    try:
        return Period.parse(written)
    except PeriodError as exc:
        line, column = entry.position_of("period")
        problems.add(line, exc.message, exc.hint, code="okänd-period", column=column)
        return None


def _date(entry: Section, problems: Problems) -> datetime.date | None:
    written = entry.text("datum")
    if written is None:
        return None
    try:
        return datetime.date.fromisoformat(written.strip())
    except ValueError:
        line, column = entry.position_of("datum")
        problems.add(line, Bilingual(f"'datum: {written}' är inget datum.", f"'datum: {written}' is not a date."),
                     Bilingual("Skriv datumet som år-månad-dag, t.ex. '2019-02-15'.",
                               "Write the date as year-month-day, for example '2019-02-15'."),
                     code="fel-datum", column=column)
        return None


def level_words(scorecard: Scorecard) -> dict[str, tuple[Level, int | None]]:
    """The words a level may be written with: the legend's keys, and its words in both languages."""
    legend = scorecard.legend
    words: dict[str, tuple[Level, int | None]] = {}
    for index, declared in enumerate(legend.declared):
        for word in (declared.entry.text, declared.entry.text_en):
            if word:
                words.setdefault(word.casefold(), (declared.counts_as, index))
    for key, level in LEVEL_KEYS.items():
        first = next((i for i, d in enumerate(legend.declared) if d.counts_as is level), None)
        for word in (key, legend.levels[level].text, legend.levels[level].text_en):
            if word:
                words.setdefault(word.casefold(), (level, first))
    return words


def _level(entry: Section, key: str, scorecard: Scorecard, problems: Problems,
           required: bool) -> tuple[Level | None, int | None, str | None]:
    written = entry.text(key, required=required)
    if written is None:
        return None, None, None
    words = level_words(scorecard)
    found = words.get(" ".join(written.split()).casefold())
    if found is None:
        line, column = entry.position_of(key)
        shown = list(dict.fromkeys([*LEVEL_KEYS, *(d.entry.text for d in scorecard.legend.declared)]))
        problems.add(line, not_a_level(key, written), suggestion(written, shown) + names_are("Nivåerna är",
                                                                                            "The levels are", shown),
                     code="okänd-nivå", column=column)
        return None, None, None
    return found[0], found[1], written


def not_a_level(key: str, written: str) -> Bilingual:
    return Bilingual(f"'{key}: {written}' är ingen nivå i teckenförklaringen.",
                     f"'{key}: {written}' is not a level of the legend ('teckenförklaring').")


def check_unique(assessment: ManualAssessment, taken: dict[tuple, str], problems: Problems, line: int | None) -> bool:
    key = (assessment.id, assessment.group, assessment.org_unit, assessment.period)
    if key in taken:
        problems.add(line, Bilingual(f"'{assessment.id}' har redan en bedömning för {assessment.period.text} "
                                     f"({taken[key]}).", f"'{assessment.id}' already has an assessment for "
                                     f"'{assessment.period.text}' ({taken[key]})."),
                     Bilingual("Varje rad och period får en bedömning: ta bort den ena, eller slå ihop dem.",
                               "Each row and period gets one assessment: remove one of them, or merge them."),
                     code="dubbel-bedömning")
        return False
    taken[key] = assessment.source()
    return True


def read_analysis_required(top: Section, problems: Problems) -> tuple[Level, ...]:
    """`kräv analys: ej uppfyllt` or `[ej uppfyllt, delvis uppfyllt]`: the rule file's demand for a written analysis."""
    if not top.has(ANALYSIS_KEY):
        return ()
    value = top.node[ANALYSIS_KEY]
    words = [(item, line) for item, line in top.seq(ANALYSIS_KEY)] if not isinstance(value, str) \
        else [(part, top.line_of(ANALYSIS_KEY)) for part in value.split(",")]
    levels = []
    for word, line in words:
        level = LEVEL_KEYS.get(" ".join(str(word).split()).casefold())
        if level is None:
            problems.add(line, Bilingual(f"'{ANALYSIS_KEY}: {word}' är ingen nivå.",
                                         f"'{ANALYSIS_KEY}: {word}' is not a level."),
                         suggestion(str(word), list(LEVEL_KEYS)) + Bilingual(
                             "Skriv t.ex. 'kräv analys: ej uppfyllt' eller "
                             "'kräv analys: [ej uppfyllt, delvis uppfyllt]'.",
                             "Write, for example, 'kräv analys: ej uppfyllt' or "
                             "'kräv analys: [ej uppfyllt, delvis uppfyllt]'."), code="fel-kräv-analys")
            continue
        if level not in levels:
            levels.append(level)
    return tuple(levels)
