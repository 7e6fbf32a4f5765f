"""Rule file (YAML, format v1) → typed `Scorecard`, with file and line for every mistake."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path
from typing import Any

from .diagnostics import RuleFileError
from .legend import DEFAULT_LEGEND, LEVEL_KEYS, REASON_KEYS, TREND_KEYS
from .model import (
    DEFAULT_STATUS_SCALE,
    CapabilityTarget,
    Goal,
    Indicator,
    Legend,
    LegendEntry,
    MilestoneTarget,
    Perspective,
    Polarity,
    Scorecard,
    StrategicGoal,
    ThresholdTarget,
    TrendSettings,
    UnchangedTarget,
    implied_polarity,
)
from .numbers import NotANumber, parse_number, parse_quantity
from .sections import Problems, Section
from .targets import PhraseError, parse_partial, parse_target
from .yamlsource import YamlProblem, load_yaml

FORMAT_VERSION = 1

TOP_KEYS = ("malmotor", "styrkort", "statusskala", "teckenförklaring", "perspektiv")
PERSPECTIVE_KEYS = ("namn", "strategiska mål")
STRATEGIC_KEYS = ("namn", "mål")
GOAL_KEYS = ("namn", "indikatorer")
INDICATOR_KEYS = ("id", "namn", "enhet", "riktning", "mål", "delvis", "utveckling", "värdeområde",
                  "delmål", "decimaler")
TREND_SETTING_KEYS = ("jämför med", "oförändrat inom")
LEGEND_ENTRY_KEYS = ("text", "engelska", "symbol", "färg")
POLARITIES = {p.value: p for p in Polarity}
_ID = re.compile(r"^[\w.\-]+$")


def load_scorecard(path: str | Path) -> Scorecard:
    """Read and check a rule file; raises RuleFileError with every problem found."""
    path = Path(path)
    problems = Problems(str(path))
    try:
        data = load_yaml(path)
    except YamlProblem as exc:
        raise RuleFileError([exc.diagnostic]) from None
    scorecard = _read_scorecard(data, problems)
    if problems:
        raise RuleFileError(problems.items)
    return scorecard


def _read_scorecard(data: Any, problems: Problems) -> Scorecard | None:
    top = Section(data, "regelfilen", TOP_KEYS, problems, line=1)
    if not top.ok:
        return None
    version = top.text("malmotor")
    if version is not None and version != str(FORMAT_VERSION):
        problems.add(top.line_of("malmotor"), f"Formatversion '{version}' stöds inte.",
                     f"Den här versionen av malmotor läser formatversion {FORMAT_VERSION}: skriv 'malmotor: 1'.")
    name = top.text("styrkort")
    scale = _status_scale(top, problems)
    legend = _legend(top, problems)
    seen: dict[str, int | None] = {}
    perspectives = []
    for node, line in top.seq("perspektiv"):
        section = Section(node, "perspektivet", PERSPECTIVE_KEYS, problems, line)
        strategic_goals = []
        for s_node, s_line in section.seq("strategiska mål"):
            s_section = Section(s_node, "det strategiska målet", STRATEGIC_KEYS, problems, s_line)
            goals = []
            for g_node, g_line in s_section.seq("mål"):
                g_section = Section(g_node, "målet", GOAL_KEYS, problems, g_line)
                indicators = []
                for i_node, i_line in g_section.seq("indikatorer"):
                    indicator = _indicator(Section(i_node, "indikatorn", INDICATOR_KEYS, problems, i_line),
                                           scale, problems)
                    if indicator is None:
                        continue
                    if indicator.id in seen:
                        problems.add(indicator.line, f"Indikator-id '{indicator.id}' finns redan "
                                     f"(rad {seen[indicator.id]}).", "Varje indikator behöver ett eget id.")
                    seen[indicator.id] = indicator.line
                    indicators.append(indicator)
                goals.append(Goal(name=g_section.text("namn") or "", indicators=tuple(indicators)))
            strategic_goals.append(StrategicGoal(name=s_section.text("namn") or "", goals=tuple(goals)))
        perspectives.append(Perspective(name=section.text("namn") or "", strategic_goals=tuple(strategic_goals)))
    if problems:
        return None
    return Scorecard(name=name or "", source=problems.file, legend=legend, status_scale=scale,
                     perspectives=tuple(perspectives))


def _status_scale(top: Section, problems: Problems) -> tuple[str, ...]:
    items = top.seq("statusskala", required=False)
    if not items:
        return DEFAULT_STATUS_SCALE
    scale = []
    for item, line in items:
        text = str(item).strip() if item is not None else ""
        if not text or isinstance(item, (dict, list)):
            problems.add(line, "Varje status i statusskalan ska vara en kort text.")
        elif text.casefold() in (s.casefold() for s in scale):
            problems.add(line, f"Statusen '{text}' står två gånger i statusskalan.")
        else:
            scale.append(text)
    if len(scale) < 2:
        problems.add(top.line_of("statusskala"), "Statusskalan behöver minst två statusar, lägst först.")
        return DEFAULT_STATUS_SCALE
    return tuple(scale)


def _legend(top: Section, problems: Problems) -> Legend:
    names = {**LEVEL_KEYS, **TREND_KEYS, **REASON_KEYS}
    section = top.section("teckenförklaring", "teckenförklaringen", tuple(names))
    if section is None or not section.ok:
        return DEFAULT_LEGEND
    levels, trends, reasons = dict(DEFAULT_LEGEND.levels), dict(DEFAULT_LEGEND.trends), dict(DEFAULT_LEGEND.reasons)
    for key, value in section.node.items():
        if key not in names:
            continue
        entry = Section(value, f"teckenförklaringen för '{key}'", LEGEND_ENTRY_KEYS, problems,
                        section.line_of(key))
        target = levels if key in LEVEL_KEYS else trends if key in TREND_KEYS else reasons
        default = target[names[key]]
        target[names[key]] = LegendEntry(
            text=entry.text("text", required=False) or default.text,
            text_en=entry.text("engelska", required=False) or default.text_en,
            symbol=entry.text("symbol", required=False) or default.symbol,
            colour=entry.text("färg", required=False) or default.colour,
        )
    symbols = [(entry.symbol, name) for name, entry in levels.items()]
    if len({s for s, _ in symbols}) != len(symbols):
        problems.add(section.line, "Två nivåer i teckenförklaringen har samma symbol.",
                     "Ge varje nivå en egen symbol så att tabellen går att läsa utan färg.")
    return Legend(levels=levels, trends=trends, reasons=reasons)


def _indicator(section: Section, scale: tuple[str, ...], problems: Problems) -> Indicator | None:
    if not section.ok:
        return None
    before = len(problems.items)
    line = section.line
    ident = section.text("id")
    if ident is not None and not _ID.match(ident):
        problems.add(section.line_of("id"), f"Id '{ident}' får bara innehålla bokstäver, siffror, '-', '_' och '.'.")
    name = section.text("namn")
    unit = section.text("enhet", required=False)
    unit = " ".join(unit.split()).casefold() if unit else None
    polarity = None
    if (text := section.text("riktning", required=False)) is not None:
        polarity = POLARITIES.get(text.casefold())
        if polarity is None:
            problems.add(section.line_of("riktning"), f"Riktningen '{text}' känns inte igen.",
                         "Skriv 'högre är bättre' eller 'lägre är bättre'.")
    phrase = section.text("mål")
    if phrase is None:
        return None
    try:
        target = parse_target(phrase, scale)
    except PhraseError as exc:
        problems.add(section.line_of("mål"), exc.message, exc.hint)
        return None
    target_line = section.line_of("mål")
    implied = implied_polarity(target)
    if polarity and implied and polarity is not implied:
        problems.add(section.line_of("riktning"), f"Målet '{phrase}' betyder '{implied.value}' men "
                     f"riktningen är '{polarity.value}'.", "Ändra riktningen eller målet så att de stämmer.")
    effective = polarity or implied
    if isinstance(target, ThresholdTarget):
        if effective is None:
            problems.add(target_line, f"Gränsvärdet '{phrase}' kräver en riktning.",
                         "Lägg till 'riktning: högre är bättre' eller 'riktning: lägre är bättre', "
                         "eller skriv målet som 'minst …' eller 'högst …'.")
        if target.unit and unit and target.unit != unit:
            problems.add(target_line, f"Målet '{phrase}' har enheten '{target.unit}' men indikatorn har "
                         f"enheten '{unit}'.", "Använd samma enhet i 'mål' och 'enhet'.")
        unit = unit or target.unit
    if isinstance(target, UnchangedTarget) and effective is None:
        problems.add(target_line, "Målet 'Oförändrat' kräver en riktning för att utvecklingspilen ska kunna "
                     "visa förbättring eller försämring.",
                     "Lägg till 'riktning: högre är bättre' eller 'riktning: lägre är bättre'.")
    partial = None
    if (text := section.text("delvis", required=False)) is not None:
        try:
            partial = parse_partial(text, target, effective, unit, scale)
        except PhraseError as exc:
            problems.add(section.line_of("delvis"), exc.message, exc.hint)
    parts = _parts(section, target, problems)
    trend = _trend_settings(section, unit, problems)
    value_range = _value_range(section, target, problems)
    decimals = None
    if (text := section.text("decimaler", required=False)) is not None:
        if not text.isdigit() or int(text) > 6:
            problems.add(section.line_of("decimaler"), "'decimaler' ska vara ett heltal från 0 till 6.")
        else:
            decimals = int(text)
    if len(problems.items) > before or ident is None or name is None:
        return None
    return Indicator(id=ident, name=name, unit=unit, polarity=effective, target=target, partial=partial,
                     trend=trend, value_range=value_range, parts=parts, decimals=decimals, line=line)


def _parts(section: Section, target: Any, problems: Problems) -> tuple[str, ...]:
    items = section.seq("delmål", required=False)
    names = tuple(str(item).strip() for item, _ in items)
    compound = isinstance(target, MilestoneTarget) and len(target.parts) > 1
    if compound and len(names) != len(target.parts):
        subjects = ", ".join(f"'{p.subject or p.required}'" for p in target.parts)
        problems.add(section.line_of("delmål" if items else "mål"),
                     f"Målet har {len(target.parts)} delar ({subjects}); ange 'delmål' med lika många korta namn.",
                     "Exempel: delmål: [förstudie, aktiviteter]. Namnen används i mätvärdesfilen.")
    elif items and not compound:
        problems.add(section.line_of("delmål"), "'delmål' används bara för sammansatta milstolpar "
                     "(t.ex. 'Förstudie genomförd och aktiviteter är påbörjade').")
    if len(set(names)) != len(names):
        problems.add(section.line_of("delmål"), "Två delmål har samma namn.")
    return names if compound else ()


def _trend_settings(section: Section, unit: str | None, problems: Problems) -> TrendSettings:
    trend = section.section("utveckling", "utvecklingen", TREND_SETTING_KEYS)
    if trend is None or not trend.ok:
        return TrendSettings()
    compare_with = None
    if (text := trend.text("jämför med", required=False)) is not None:
        if text.isdigit() and len(text) == 4:
            compare_with = int(text)
        elif text.casefold() != "föregående period":
            problems.add(trend.line_of("jämför med"), f"'jämför med: {text}' känns inte igen.",
                         "Skriv 'föregående period' eller ett årtal, t.ex. 2017.")
    band = Decimal(0)
    if (text := trend.text("oförändrat inom", required=False)) is not None:
        try:
            band, band_unit = parse_quantity(text)
            if band_unit in ("procentenheter", "%-enheter") and unit == "%":
                band_unit = "%"
            if band_unit and unit and band_unit != unit:
                problems.add(trend.line_of("oförändrat inom"), f"Dödbandet '{text}' har en annan enhet än "
                             f"indikatorn ('{unit}').", "Skriv dödbandet i indikatorns enhet, t.ex. '0,2'.")
            if band < 0:
                problems.add(trend.line_of("oförändrat inom"), "Dödbandet kan inte vara negativt.")
        except NotANumber:
            problems.add(trend.line_of("oförändrat inom"), f"'oförändrat inom: {text}' är inget tal.",
                         "Skriv ett tal i indikatorns enhet, t.ex. '0,2'.")
    return TrendSettings(compare_with=compare_with, unchanged_within=band)


def _value_range(section: Section, target: Any, problems: Problems) -> tuple[Decimal, Decimal] | None:
    if not section.has("värdeområde"):
        return None
    node = section.node["värdeområde"]
    line = section.line_of("värdeområde")
    try:
        if isinstance(node, list) and len(node) == 2:
            low, high = parse_number(str(node[0])), parse_number(str(node[1]))
        else:
            match = re.match(r"^\s*(\S+)\s*(?:–|—|-|till)\s*(\S+?)\s*%?\s*$", str(node))
            if not match:
                raise NotANumber(str(node))
            low, high = parse_number(match[1]), parse_number(match[2])
    except NotANumber:
        problems.add(line, f"Värdeområdet '{node}' känns inte igen.", "Skriv t.ex. '0–100' eller [0, 100].")
        return None
    if low >= high:
        problems.add(line, "Värdeområdets undre gräns måste vara lägre än den övre.")
        return None
    if isinstance(target, ThresholdTarget) and not low <= target.bound <= high:
        problems.add(line, f"Målet '{target.phrase}' ligger utanför värdeområdet.")
    if isinstance(target, (MilestoneTarget, CapabilityTarget)):
        problems.add(line, "Värdeområde gäller bara indikatorer med tal som värden.")
    return low, high
