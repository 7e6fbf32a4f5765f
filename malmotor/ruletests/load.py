"""Test files (YAML, docs/rule-tests.md) → `TestFile`, every mistake a located Swedish diagnostic.

A test file names its rule file (relative to the test file) and lists cases. A case's measures are
written as a YAML measures file's `värden`, one mapping per period (`mätvärden: {2017: {...}, 2018:
{...}}`), and checked against the rule file as `malmotor evaluate` checks measures files, but at
the test file's lines. An expected level or arrow word that the legend does not have is an error
here, never a failed case.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from ruamel.yaml.comments import CommentedMap

from ..diagnostics import Bilingual, MalmotorError, english, suggestion
from ..load.assessments import (ASSESSMENT, ENTRY_KEYS as ASSESSMENT_KEYS, WRITE_THE_ID, check_unique,
                                load_assessments, names_are, not_a_level, read_entry, read_period, unknown_id)
from ..load.legend import LEVEL_KEYS, TREND_KEYS
from ..load.measuresfile import measure_duplicates, YamlValues
from ..load.rulefile import load_scorecard
from ..load.sections import Problems, Section
from ..load.values import Interpretation, periods_used
from ..load.yamlsource import SizeLimit, YamlProblem, file_problem, key_position, load_yaml
from ..decide.interim import is_interim
from ..model import Group, Level, ManualAssessments, Measures, Scorecard
from ..model.period import Period, PeriodError
from .model import Case, Expectation, LevelWord, RuleTestError, TestFile, TrendWord
from .run import LEVEL_NAMES, TREND_NAMES, possible_levels, possible_trends

TOP_KEYS = ("regelfil", "språk", "fall")
CASE_KEYS = ("namn", "period", "mätvärden", "enheter", "bedömningar", "förväntat")
ROW_KEYS = ("nivå", "beräknad nivå", "pil", "förklaring innehåller")  # a row: an indicator's own or a group's
UNIT_KEY = "enhet"
NO_ARROW = "ingen pil"
TEST_FILE_LIMIT = SizeLimit(10, Bilingual("en testfil", "a test file"),
                            Bilingual("En testfil är normalt några kilobyte: kontrollera att det är rätt fil.",
                                      "A test file is normally a few kilobytes: check that it is the right file."))
HINT = Bilingual("Se docs/rule-tests.md.", "See docs/rule-tests.md.")


def load_rule_tests(paths) -> list[TestFile]:
    """Read and check test files; raises RuleTestError with every problem in all of them."""
    files, diagnostics = [], []
    scorecards: dict[str, Scorecard] = {}
    for path in [Path(path) for path in ([paths] if isinstance(paths, (str, Path)) else paths)]:
        problems = Problems(str(path))
        try:
            data = load_yaml(path, TEST_FILE_LIMIT)
        except YamlProblem as exc:
            diagnostics.append(exc.diagnostic)
            continue
        try:
            found = _read_file(path, data, problems, scorecards)
        except MalmotorError as exc:  # the rule file it names is wrong: its own messages
            diagnostics.extend(exc.diagnostics)
            continue
        diagnostics.extend(sorted(problems.items, key=lambda d: (d.line or 0, d.column or 0)))
        if found is not None and not problems:
            files.append(found)
    if diagnostics:
        raise RuleTestError(diagnostics)
    return files


def _read_file(path: Path, data: Any, problems: Problems, scorecards: dict[str, Scorecard]) -> TestFile | None:
    if isinstance(data, CommentedMap) and "perspektiv" in data and "fall" not in data:
        problems.add(1, Bilingual("Det här ser ut som en regelfil, inte en testfil.",
                                  "This looks like a rule file, not a test file."),
                     Bilingual("Ange testfilen (med 'regelfil:' och 'fall:'); den namnger regelfilen själv. ",
                               "Give the test file (with 'regelfil:' and 'fall:'); it names the rule file itself. ")
                     + HINT, code="fel-filtyp")
        return None
    top = Section(data, Bilingual("testfilen", "the test file"), TOP_KEYS, problems, line=1)
    if not top.ok:
        return None
    lang = top.text("språk", required=False) or "sv"
    if lang not in ("sv", "en"):
        line, column = top.position_of("språk")
        problems.add(line, Bilingual(f"'språk: {lang}' är inget språk som malmotor skriver.",
                                     f"'språk: {lang}' is not a language that malmotor writes."),
                     Bilingual("Skriv 'språk: sv' eller 'språk: en'.", "Write 'språk: sv' or 'språk: en'."),
                     code="okänt-språk", column=column)
        lang = "sv"
    rules_written = top.text("regelfil")
    cases = top.seq("fall")
    if rules_written is None:
        return None
    rules = os.path.normpath(os.path.join(os.path.dirname(str(path)), rules_written))
    if problem := file_problem(Path(rules)):
        line, column = top.position_of("regelfil")
        folder = os.path.dirname(str(path)) or "."
        problems.add(line, Bilingual(f"Regelfilen '{rules_written}' kan inte läsas: {_lower_first(problem.message)}",
                                     f"The rule file '{rules_written}' cannot be read: "
                                     f"{_lower_first(english(problem.message))}"),
                     Bilingual(f"Regelfilens sökväg räknas från testfilens mapp ({folder}).",
                               f"The rule file's path is relative to the test file's folder ('{folder}')."),
                     code="regelfil-saknas", column=column)
        return None
    if rules not in scorecards:
        scorecards[rules] = load_scorecard(rules)
    scorecard = scorecards[rules]
    reader = _CaseReader(path, scorecard, problems, lang)
    names: dict[str, int | None] = {}
    read = []
    for item, line in cases:
        case = reader.case(item, line)
        if case is None:
            continue
        if case.name in names:
            problems.add(line, Bilingual(f"Fallet '{case.name}' finns redan (rad {names[case.name]}).",
                                         f"The case '{case.name}' is already there (line {names[case.name]})."),
                         Bilingual("Ge varje fall ett eget namn, så att --run och JUnit-rapporten kan skilja dem åt.",
                                   "Give every case a name of its own, so that --run and the JUnit report can tell "
                                   "them apart."), code="dubbelt-fall")
            continue
        names[case.name] = line
        read.append(case)
    return TestFile(path=str(path), rules=rules, scorecard=scorecard, lang=lang, cases=tuple(read))


class _CaseReader:
    def __init__(self, path: Path, scorecard: Scorecard, problems: Problems, lang: str) -> None:
        self.path, self.scorecard, self.problems, self.lang = path, scorecard, problems, lang
        self.indicators = scorecard.indicators()
        self.nodes = {node.id for _, node in scorecard.root.walk()}  # the scorecard itself too
        self.levels = level_words(scorecard)
        self.trends = trend_words(scorecard)

    def case(self, item: Any, line: int | None) -> Case | None:
        before = len(self.problems.items)
        section = Section(item, Bilingual("ett fall", "a case"), CASE_KEYS, self.problems, line)
        if not section.ok:
            return None
        name = section.text("namn")
        period = self._period(section)
        values, periods, units = [], set(), set()
        if section.has("mätvärden"):
            values += self._measures(section, "mätvärden", None, periods)
        if (by_unit := section.section("enheter", "'enheter'", None)) is not None and by_unit.ok:
            for unit in by_unit.node:
                units.add(str(unit).strip())
                values += self._measures(by_unit, unit, str(unit).strip(), periods)
        if not section.has("mätvärden") and not section.has("enheter"):
            self.problems.add(section.line, Bilingual("Fallet har inga mätvärden.",
                                                      "The case has no measured values ('mätvärden')."),
                              Bilingual("Lägg till 'mätvärden:' med en rad per period, t.ex. '2018:', och under den "
                                        "värdena som i en mätvärdesfils 'värden'. ",
                                        "Add 'mätvärden:' with a line per period, for example '2018:', and below it "
                                        "the values as in a measures file's 'värden'. ") + HINT,
                              code="nyckel-saknas")
        if period is not None and periods and period not in periods:
            line, column = section.position_of("period")
            self.problems.add(line, Bilingual(f"Fallet bedömer {period.text}, men har inga mätvärden för den perioden.",
                                              f"The case assesses '{period.text}', but has no measured values for that "
                                              "period."),
                              names_are("Perioderna i 'mätvärden' är", "The periods in 'mätvärden' are",
                                        [p.text for p in sorted(periods)]), code="period-saknas", column=column)
        measures = Measures(values=tuple(values))
        if period is not None and len(self.problems.items) == before:
            self._check_measures(measures, period)
        assessments = self._assessments(section)
        self.decided = assessments is not None  # a person's decision may publish any level
        self.interim = period is not None and is_interim(period)
        expectations = self._expectations(section, has_plain=section.has("mätvärden"), units=units)
        if len(self.problems.items) != before or name is None or period is None:
            return None
        return Case(name=" ".join(name.split()), file=str(self.path), line=line or section.line, period=period,
                    measures=measures, assessments=assessments, expectations=tuple(expectations))

    # --- the case's inputs ------------------------------------------------------------------------

    def _period(self, section: Section) -> Period | None:
        return read_period(section, self.problems)

    def _measures(self, parent: Section, key: Any, org_unit: str | None, periods: set[Period]) -> list:
        """`mätvärden` (or a unit's under `enheter`): a mapping of periods, each like a measures file's `värden`."""
        node = parent.node[key]
        line, column = key_position(parent.node, key)
        if not isinstance(node, CommentedMap) or not node:
            self.problems.add(line, Bilingual(f"'{key}' ska ha en rad per period ('2018:'), och under den värdena som "
                                              "i en mätvärdesfils 'värden' ('indikator-id: värde').",
                                              f"'{key}' must have a line per period ('2018:'), and below it the values "
                                              "as in a measures file's 'värden' ('indikator-id: värde')."),
                              HINT, code="fel-form", column=column)
            return []
        found = []
        indicators = list(self.indicators)
        for written, values in node.items():
            period_line, period_column = key_position(node, written)
            try:
                period = Period.parse(str(written))
            except PeriodError as exc:
                self.problems.add(period_line, exc.message, exc.hint, code="okänd-period", column=period_column)
                continue
            if not isinstance(values, CommentedMap) or not values:
                self.problems.add(period_line, Bilingual(f"Mätvärdena för {period.text} ska ha en rad per indikator: "
                                                         "'indikator-id: värde'.",
                                                         f"The measured values for '{period.text}' must have a line "
                                                         "per indicator: 'indikator-id: värde'."),
                                  HINT, code="fel-form", column=period_column)
                continue
            periods.add(period)
            reader = YamlValues(self.problems, period, org_unit)
            for indicator, value in values.items():
                position = key_position(values, indicator)
                if str(indicator) not in self.indicators:
                    # `{sjukfranvaro: 3,8 %}` is read as `sjukfranvaro: 3` and a key `8 %` without a value
                    split = str(indicator)[:1].isdigit() and values[indicator] is None
                    self.problems.add(position[0], Bilingual(f"Indikatorn '{indicator}' finns inte i regelfilen.",
                                                             f"The indicator '{indicator}' is not in the rule file."),
                                      Bilingual("Ett decimalkomma inom { } delar talet i två: skriv varje värde på en "
                                                "egen rad, eller talet inom citattecken.",
                                                "A decimal comma inside { } splits the number in two: write each value "
                                                "on a line of its own, or the number in quotes.") if split else
                                      suggestion(str(indicator), indicators) + Bilingual(
                                          "Skriv id:t som det står i regelfilen.",
                                          "Write the id as the rule file has it."),
                                      code="okänd-indikator", column=position[1])
                    continue
                reader.indicator(str(indicator), value, position)
            found += reader.found
        return found

    def _check_measures(self, measures: Measures, period: Period) -> None:
        """The values checked against the rule file as for `malmotor evaluate`, at the test file's lines."""
        self.problems.items.extend(measure_duplicates(list(measures.values)))
        interpretation = Interpretation(self.scorecard, measures)
        self.problems.items.extend(interpretation.diagnostics_for(periods_used(self.scorecard, period), period)[0])

    def _assessments(self, section: Section) -> ManualAssessments | None:
        """`bedömningar`: a list as in an assessments file, or the path of one (relative to the test file)."""
        if not section.has("bedömningar"):
            return None
        node = section.node["bedömningar"]
        if isinstance(node, str):
            path = os.path.normpath(os.path.join(os.path.dirname(str(self.path)), node))
            line, column = section.position_of("bedömningar")
            if problem := file_problem(Path(path)):
                self.problems.add(line, Bilingual(f"Bedömningsfilen '{node}' kan inte läsas: {problem.message}",
                                                  f"The assessments file '{node}' cannot be read: "
                                                  f"{english(problem.message)}"),
                                  Bilingual("Sökvägen räknas från testfilens mapp.",
                                            "The path is relative to the test file's folder."),
                                  code="fil-saknas", column=column)
                return None
            try:
                return load_assessments([path], self.scorecard)
            except MalmotorError as exc:
                self.problems.items.extend(exc.diagnostics)
                return None
        items, taken = [], {}
        for item, line in section.seq("bedömningar"):
            entry = Section(item, ASSESSMENT, ASSESSMENT_KEYS, self.problems, line)
            if entry.ok and (found := read_entry(entry, self.scorecard, self.problems)) is not None \
                    and check_unique(found, taken, self.problems, line):
                items.append(found)
        return ManualAssessments(items=tuple(items), files=(str(self.path),))

    # --- what the case expects --------------------------------------------------------------------

    def _expectations(self, section: Section, has_plain: bool, units: set[str]) -> list[Expectation]:
        expected = section.section("förväntat", "'förväntat'", None)
        if expected is None:
            if section.ok and "förväntat" not in section.node:
                self.problems.add(section.line, Bilingual("Nyckeln 'förväntat' saknas i fallet.",
                                                          "The key 'förväntat' is missing in the case."),
                                  Bilingual("Lägg till 'förväntat:' med en rad per indikator eller mål, t.ex. "
                                            "'sjukfranvaro: {nivå: ej uppfyllt, pil: försämring}'.",
                                            "Add 'förväntat:' with a line per indicator or goal, for example "
                                            "'sjukfranvaro: {nivå: ej uppfyllt, pil: försämring}'."),
                                  code="nyckel-saknas")
            elif section.ok:
                line, column = section.position_of("förväntat")
                self.problems.add(line, Bilingual("'förväntat' är tomt.", "'förväntat' is empty."),
                                  Bilingual("Skriv en rad per indikator eller mål.",
                                            "Write a line per indicator or goal."), code="tomt-värde", column=column)
            return []
        if not expected.ok:
            return []
        found = []
        known = sorted(self.indicators) + sorted(self.nodes)
        for ident in expected.node:
            line, column = key_position(expected.node, ident)
            ident = str(ident)
            if ident in self.indicators:
                kind, dimensions = "indikator", {d.name: d for d in self.scorecard.dimensions}
            elif ident in self.nodes:
                kind, dimensions = "nod", {}
            else:
                self.problems.add(line, unknown_id(ident), suggestion(ident, known) + WRITE_THE_ID, code="okänt-id",
                                  column=column)
                continue
            what = f"'{ident}'"
            allowed = _row_keys(kind) + ((UNIT_KEY,) if units else ()) + tuple(dimensions)
            row = Section(expected.node[ident], what, allowed, self.problems, line, column)
            if not row.ok:
                continue
            plain = self._row(row, kind, ident, line, None, None)
            if plain is not None and (plain.level or plain.computed_level or plain.trend or plain.contains) \
                    and not has_plain:
                self.problems.add(line, Bilingual(f"{what} väntar sig en rad utan enhet, men fallet har bara mätvärden "
                                                  "per enhet.", f"{what} expects a row without a unit, but the case "
                                                  "only has measured values per unit."),
                                  Bilingual(f"Skriv det som väntas under '{UNIT_KEY}:' och enhetens namn, eller lägg "
                                            "till 'mätvärden:' för en rad utan enhet.",
                                            f"Write what is expected below '{UNIT_KEY}:' and the unit's name, or add "
                                            "'mätvärden:' for a row without a unit."),
                                  code="enhet-saknas", column=column)
            found += [plain] if plain is not None else []
            found += self._groups(row, ident, dimensions, None)
            if UNIT_KEY in row.node:
                found += self._units(row, kind, ident, dimensions, units)
        return found

    def _units(self, row: Section, kind: str, ident: str, dimensions: dict, units: set[str]) -> list[Expectation]:
        by_unit = row.section(UNIT_KEY, Bilingual(f"'{UNIT_KEY}' under '{ident}'", f"'{UNIT_KEY}' of '{ident}'"), None)
        found = []
        if by_unit is None or not by_unit.ok:
            return found
        for written in by_unit.node:
            line, column = key_position(by_unit.node, written)
            unit = str(written).strip()
            if unit not in units:
                self.problems.add(line, Bilingual(f"Fallet har inga mätvärden för enheten '{unit}'.",
                                                  f"The case has no measured values for the unit '{unit}'."),
                                  suggestion(unit, sorted(units)) + names_are("Enheterna under 'enheter' är",
                                                                              "The units in 'enheter' are",
                                                                              sorted(units), none=("", "none")),
                                  code="okänd-enhet", column=column)
                continue
            allowed = _row_keys(kind) + tuple(dimensions)
            section = Section(by_unit.node[written], Bilingual(f"'{ident}' för enheten '{unit}'",
                                                               f"'{ident}' for the unit '{unit}'"),
                              allowed, self.problems, line, column)
            if section.ok:
                if (each := self._row(section, kind, ident, line, None, unit)) is not None:
                    found.append(each)
                found += self._groups(section, ident, dimensions, unit)
        return found

    def _groups(self, row: Section, ident: str, dimensions: dict, unit: str | None) -> list[Expectation]:
        found = []
        for name, dimension in dimensions.items():
            if name not in row.node:
                continue
            groups = row.section(name, Bilingual(f"'{name}' under '{ident}'", f"'{name}' of '{ident}'"), None)
            if groups is None or not groups.ok:
                continue
            for group in groups.node:
                line, column = key_position(groups.node, group)
                written = str(group).strip()
                known = dimension.group_named(written)
                if known is None:
                    shown = list(dimension.groups)
                    self.problems.add(line, Bilingual(f"Gruppen '{written}' finns inte under '{name}' i regelfilen.",
                                                      f"The group '{written}' is not in '{name}' in the rule file."),
                                      suggestion(written, shown) + names_are("Grupperna är", "The groups are", shown),
                                      code="okänd-grupp", column=column)
                    continue
                section = Section(groups.node[group], Bilingual(f"'{ident}' för {name} '{written}'",
                                                                f"'{ident}' for the group '{written}' of '{name}'"),
                                  ROW_KEYS, self.problems, line, column)
                if section.ok and (each := self._row(section, "indikator", ident, line,
                                                     Group(dimension=name, name=known), unit)) is not None:
                    found.append(each)
        return found

    def _row(self, row: Section, kind: str, ident: str, line: int | None, group: Group | None,
             unit: str | None) -> Expectation | None:
        level = self._level(row, "nivå")
        computed = self._level(row, "beräknad nivå")
        trend = self._trend(row) if kind == "indikator" else None
        contains = self._contains(row)
        if kind == "indikator":
            self._possible(row, ident, level if not self.decided else None, computed, trend)
        if level is None and computed is None and trend is None and not contains:
            if not row.node or group is not None or unit is not None and not set(row.node) - set(ROW_KEYS):
                self.problems.add(line, Bilingual(f"Inget väntat för '{ident}' här.",
                                                  f"Nothing is expected for '{ident}' here."),
                                  names_are("Skriv minst en av", "Write at least one of", _row_keys(kind)),
                                  code="inget-väntat")
            return None
        return Expectation(kind=kind, id=ident, line=line, group=group, org_unit=unit, level=level,
                           computed_level=computed, trend=trend, contains=contains)

    def _possible(self, row: Section, ident: str, level: LevelWord | None, computed: LevelWord | None,
                  trend: TrendWord | None) -> None:
        """A level or arrow that the indicator's target can never give is a mistake in the test, not a failure."""
        indicator = self.indicators[ident]
        levels = possible_levels(indicator, self.scorecard, self.interim)
        for key, word in (("nivå", level), ("beräknad nivå", computed)):
            if word is not None and word.level not in levels:
                line, column = row.position_of(key)
                target_sv, target_en = _target(indicator)
                names = [LEVEL_NAMES[each] for each in levels]
                self.problems.add(line, Bilingual(f"'{ident}' kan inte bli {LEVEL_NAMES[word.level]}: "
                                                  f"{target_sv} ger bara {_or(names)}.",
                                                  f"'{ident}' cannot be '{LEVEL_NAMES[word.level]}': {target_en} only "
                                                  f"gives {_or_en(names)}."),
                                  _why_not(word.level), code="omöjlig-nivå", column=column)
        if trend is not None and trend.trend not in (trends := possible_trends(indicator)):
            line, column = row.position_of("pil")
            names = [TREND_NAMES[each] for each in trends]
            self.problems.add(line, Bilingual(f"'{ident}' kan inte få pilen {TREND_NAMES[trend.trend]}: den kan få "
                                              f"{_or(names)}.", f"'{ident}' cannot get the arrow "
                                              f"'{TREND_NAMES[trend.trend]}': it can get {_or_en(names)}."),
                              Bilingual("Utan mål och 'riktning' visar pilen bara riktningen (ökat, minskat); annars "
                                        "om det är bättre eller sämre (förbättring, försämring).",
                                        "Without a target and 'riktning' the arrow only shows the direction ('ökat', "
                                        "'minskat'); otherwise whether it is better or worse ('förbättring', "
                                        "'försämring')."), code="omöjlig-pil", column=column)

    def _level(self, row: Section, key: str) -> LevelWord | None:
        written = row.text(key, required=False) if key in row.node else None
        if key in row.node and written is None:
            row.text(key)  # says it is empty, or of the wrong kind
            return None
        if written is None:
            return None
        found = self.levels.get(" ".join(written.split()).casefold())
        if found is None:
            line, column = row.position_of(key)
            shown = level_names(self.scorecard)
            self.problems.add(line, not_a_level(key, written),
                              suggestion(written, shown) + names_are("Nivåerna är", "The levels are", shown),
                              code="okänd-nivå", column=column)
            return None
        return LevelWord(written=written, level=found[0], declared=found[1])

    def _trend(self, row: Section) -> TrendWord | None:
        if "pil" not in row.node:
            return None
        written = row.text("pil")
        if written is None:
            return None
        folded = " ".join(written.split()).casefold()
        if folded not in self.trends:
            line, column = row.position_of("pil")
            shown = list(TREND_KEYS) + [NO_ARROW]
            self.problems.add(line, Bilingual(f"'pil: {written}' är ingen pil i teckenförklaringen.",
                                              f"'pil: {written}' is not an arrow of the legend ('teckenförklaring')."),
                              suggestion(written, shown) + names_are("Pilarna är", "The arrows are", shown),
                              code="okänd-pil", column=column)
            return None
        return TrendWord(written=written, trend=self.trends[folded])

    def _contains(self, row: Section) -> tuple[str, ...]:
        key = "förklaring innehåller"
        if key not in row.node:
            return ()
        if isinstance(row.node[key], str):
            text = row.text(key)
            return (text,) if text else ()
        words = []
        for item, line in row.seq(key):
            if not isinstance(item, str) or not item.strip():
                self.problems.add(line, Bilingual(f"Varje post i '{key}' ska vara en text.",
                                                  f"Every entry in '{key}' must be a text."),
                                  Bilingual("Skriv t.ex. förklaring innehåller: [\"3,8 %\", \"3,4 %\"].",
                                            "Write, for example, 'förklaring innehåller: [\"3,8 %\", \"3,4 %\"]'."),
                                  code="fel-form")
                continue
            words.append(item.strip())
        return tuple(words)


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def _target(indicator) -> tuple[str, str]:
    """How the indicator's target is named in a sentence, in Swedish and in English."""
    phrase = getattr(indicator.target, "phrase", "")
    return (f"målet '{phrase}'", f"the target '{phrase}'") if phrase else ("en indikator utan mål",
                                                                           "an indicator without a target")


def _or(words) -> str:
    words = list(words)
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " eller " + words[-1]


def _or_en(words) -> str:
    """`'uppfyllt', 'ej uppfyllt' or 'ej bedömt'`: the words of the rule file, quoted."""
    words = [f"'{word}'" for word in words]
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " or " + words[-1]


def _why_not(level) -> Bilingual:
    if level is Level.PARTLY:
        return Bilingual("Delvis uppfyllt kräver ett mål med 'delvis' (en gräns, ett intervall, en andel av "
                         "jämförelsevärdet) eller en milstolpe; Öka, Minska, Ingen ökning och Oförändrat blir "
                         "uppfyllda eller inte. Med 'delvis vid årsbokslut: nej' finns delvis bara under året.",
                         "The level 'delvis uppfyllt' needs a target with 'delvis' (a limit, a range, a share of the "
                         "comparison value) or a milestone; 'Öka', 'Minska', 'Ingen ökning' and 'Oförändrat' are "
                         "either fulfilled or not. With 'delvis vid årsbokslut: nej', 'delvis' is only used during "
                         "the year.")
    return Bilingual("Nytt mått, inget mål och mål som bedöms manuellt blir alltid ej bedömt.",
                     "A new measure ('Nytt mått'), an indicator without a target and a target that is assessed "
                     "manually are always 'ej bedömt'.")


def _row_keys(kind: str) -> tuple[str, ...]:
    return ROW_KEYS if kind == "indikator" else tuple(key for key in ROW_KEYS if key != "pil")


def level_words(scorecard: Scorecard) -> dict[str, tuple]:
    """Folded word → (Level, declared level or None): the legend's keys, its words in both languages and its
    forecast words; with a legend of more levels also each declared level's words."""
    legend, words = scorecard.legend, {}
    for index, declared in enumerate(legend.declared):
        for word in (declared.entry.text, declared.entry.text_en):
            if word:
                words.setdefault(" ".join(word.split()).casefold(), (declared.counts_as, index))
    for key, level in LEVEL_KEYS.items():
        entry = legend.levels[level]
        for word in (key, entry.text, entry.text_en, entry.forecast, entry.forecast_en):
            if word:
                words.setdefault(" ".join(word.split()).casefold(), (level, None))
    return words


def level_names(scorecard: Scorecard) -> list[str]:
    return list(dict.fromkeys([*LEVEL_KEYS, *(d.entry.text for d in scorecard.legend.declared)]))


def trend_words(scorecard: Scorecard) -> dict[str, Any]:
    """Folded word → Trend, or None for no arrow: the legend's keys and its words in both languages."""
    legend, words = scorecard.legend, {}
    for key, trend in TREND_KEYS.items():
        entry = legend.trends.get(trend)
        for word in (key, entry.text if entry else None, entry.text_en if entry else None):
            if word:
                words.setdefault(" ".join(word.split()).casefold(), trend)
    for word in (NO_ARROW, legend.no_arrow.text, legend.no_arrow.text_en, "no arrow"):
        if word:
            words.setdefault(" ".join(word.split()).casefold(), None)
    return words
