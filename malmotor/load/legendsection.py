"""The rule file's `teckenförklaring`: words, symbols and colours, and levels beyond three.

A legend either renames the default entries (`uppfyllt: {text: målet nått, symbol: "■"}`) or
declares its judged levels as a list (`nivåer:`), each a shade of one of the three verdicts
(`gäller`), with an optional condition on the share of the target reached (`andel`) and on the
arrow (`utveckling`). The list must give every verdict, arrow and share exactly one level: an
overlap or a gap is an error that names the levels, their lines and the shares concerned.
Two levels with one symbol are allowed (published legends do it) with a warning.
"""

from __future__ import annotations

import re
from decimal import Decimal

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from ..diagnostics import Bilingual, Diagnostic, english, suggestion, warning
from ..model import (ASSESSED_LEVELS, JUDGED_TRENDS, NO_ARROW, Legend, LegendEntry, LegendLevel, Level, Trend)
from ..numbers import NotANumber, format_number, parse_number
from .legend import DEFAULT_LEGEND, LEVEL_KEYS, REASON_KEYS, TREND_KEYS
from .sections import Problems, Section

ENTRY_KEYS = ("text", "engelska", "symbol", "färg")
FORECAST_KEYS = ("prognos", "prognos engelska")  # a level's words in a forecast (`under året: prognos`)
LEVEL_ENTRY_KEYS = ENTRY_KEYS + FORECAST_KEYS
LEVEL_LIST = "nivåer"
NO_ARROW_KEY = "ingen pil"
MANUAL_KEY = "manuell bedömning"  # the mark beside a level a person decided
DECLARED_LEVEL_KEYS = ("text", "engelska", "symbol", "färg", "gäller", "andel", "utveckling", *FORECAST_KEYS)
# The verdicts a declared level can be a shade of; `ej bedömt` keeps its own entry.
COUNTS_AS = {name: level for name, level in LEVEL_KEYS.items() if level in ASSESSED_LEVELS}
ARROW_WORDS = {"förbättring": Trend.IMPROVED.value, "oförändrat": Trend.UNCHANGED.value,
               "försämring": Trend.WORSENED.value, "ingen pil": NO_ARROW}
ARROW_NAMES = {code: word for word, code in ARROW_WORDS.items()}
_NUMBER = r"([+−-]?\s*\d[\d\s]*(?:[.,]\d+)?)"
_PERCENT = r"\s*(?:%|procent)?"
_SHARE_FORMS = (
    (re.compile(rf"(?:minst|lägst|från|≥|>=)\s*{_NUMBER}{_PERCENT}\s+(?:och|till)\s+(?:under|mindre än|lägre än|<)\s*"
                rf"{_NUMBER}{_PERCENT}"), "both"),
    (re.compile(rf"{_NUMBER}{_PERCENT}\s*[–—-]\s*{_NUMBER}{_PERCENT}"), "both"),
    (re.compile(rf"(?:minst|lägst|från|≥|>=)\s*{_NUMBER}{_PERCENT}"), "from"),
    (re.compile(rf"(?:under|mindre än|lägre än|<)\s*{_NUMBER}{_PERCENT}"), "below"),
)
SHARE_FORMS_TEXT = Bilingual("'minst 80 %', 'under 80 %' eller '80–100 %' (från 80 % till under 100 %)",
                             "'minst 80 %', 'under 80 %' or '80–100 %' (from 80 % to below 100 %)")
SHARE_FORMS_HINT = Bilingual(f"Andelen av målet skrivs {SHARE_FORMS_TEXT}.",
                             f"The share of the target is written {english(SHARE_FORMS_TEXT)}.")
THE_LEGEND = Bilingual("teckenförklaringen", "the legend")


def _entry_of(key: str) -> str:
    """What a legend entry is called in a message: `teckenförklaringen för 'uppfyllt'`."""
    return Bilingual(f"teckenförklaringen för '{key}'", f"the legend's entry '{key}'")


def read_legend(top: Section, problems: Problems, warnings: list[Diagnostic]) -> Legend:
    names = {**LEVEL_KEYS, **TREND_KEYS, **REASON_KEYS}
    section = top.section("teckenförklaring", THE_LEGEND, (*names, LEVEL_LIST, NO_ARROW_KEY, MANUAL_KEY))
    if section is None or not section.ok:
        return DEFAULT_LEGEND
    levels, trends, reasons = dict(DEFAULT_LEGEND.levels), dict(DEFAULT_LEGEND.trends), dict(DEFAULT_LEGEND.reasons)
    places: dict[str, tuple[int | None, int | None]] = {}  # where each entry's symbol is written, for messages
    for key, value in section.node.items():
        if key not in names:
            continue
        allowed = LEVEL_ENTRY_KEYS if key in LEVEL_KEYS else ENTRY_KEYS
        entry = Section(value, _entry_of(key), allowed, problems, *section.position_of(key))
        target = levels if key in LEVEL_KEYS else trends if key in TREND_KEYS else reasons
        target[names[key]] = _entry(entry, target[names[key]])
        places[key] = entry.position_of("symbol") if entry.has("symbol") else section.position_of(key)
    no_arrow = _mark(section, NO_ARROW_KEY, DEFAULT_LEGEND.no_arrow, problems)
    manual = _mark(section, MANUAL_KEY, DEFAULT_LEGEND.manual, problems)
    declared_places: list[tuple[int | None, int | None]] = []
    declared = _declared_levels(section, problems, declared_places)
    if declared:
        for key in section.node:
            if COUNTS_AS.get(key) is not None:
                line, column = section.position_of(key)
                problems.add(line, Bilingual(f"'{key}' står både som egen nyckel och i '{LEVEL_LIST}'.",
                                             f"'{key}' is written both as a key of its own and in '{LEVEL_LIST}'."),
                             Bilingual(f"Med '{LEVEL_LIST}' skrivs uppfyllt, delvis uppfyllt och ej uppfyllt som "
                                       f"nivåer i listan (med 'gäller: {key}'); ta bort nyckeln '{key}'. 'ej bedömt' "
                                       "står kvar som egen nyckel.",
                                       f"With '{LEVEL_LIST}', 'uppfyllt', 'delvis uppfyllt' and 'ej uppfyllt' are "
                                       f"written as levels in the list (with 'gäller: {key}'); remove the key "
                                       f"'{key}'. 'ej bedömt' stays a key of its own."),
                             code="nivå-dubbelt-angiven", column=column)
        _check_cover(declared, section.line_of(LEVEL_LIST), problems)
    # Each level a reader sees, with where its symbol is written ((None, None): the default legend's).
    shown = list(zip((level.entry.text for level in declared), declared_places)) if declared else \
        [(levels[level].text, places.get(name, (None, None))) for name, level in LEVEL_KEYS.items()
         if level in ASSESSED_LEVELS]
    shown_symbols = [level.entry.symbol for level in declared] if declared else \
        [levels[level].symbol for level in ASSESSED_LEVELS]
    shown.append((levels[Level.NOT_ASSESSED].text, places.get("ej bedömt", (None, None))))
    shown_symbols.append(levels[Level.NOT_ASSESSED].symbol)
    warnings.extend(_shared_symbols(list(zip(shown, shown_symbols)), problems.file))
    return Legend(levels=levels, trends=trends, reasons=reasons, declared=tuple(declared), no_arrow=no_arrow,
                  manual=manual)


def _entry(entry: Section, default: LegendEntry) -> LegendEntry:
    return LegendEntry(text=entry.text("text", required=False) or default.text,
                       text_en=entry.text("engelska", required=False) or default.text_en,
                       symbol=entry.text("symbol", required=False) or default.symbol,
                       colour=entry.text("färg", required=False) or default.colour,
                       forecast=entry.text("prognos", required=False) or default.forecast,
                       forecast_en=entry.text("prognos engelska", required=False) or default.forecast_en)


def _mark(section: Section, key: str, default: LegendEntry, problems: Problems) -> LegendEntry:
    """`ingen pil: Ingen`, `manuell bedömning: "†"` (the symbol shown), or a section like any entry."""
    if not section.has(key):
        return default
    value = section.node[key]
    if isinstance(value, (CommentedMap, CommentedSeq)):
        return _entry(Section(value, _entry_of(key), ENTRY_KEYS, problems,
                              *section.position_of(key)), default)
    return default.model_copy(update={"symbol": section.text(key)})


def _declared_levels(section: Section, problems: Problems,
                     places: list[tuple[int | None, int | None]]) -> list[LegendLevel]:
    """The levels of `nivåer`; `places` gets where each one's symbol is written, in the same order."""
    if LEVEL_LIST not in section.node:
        return []
    levels, before = [], len(problems.items)
    for item, line in section.seq(LEVEL_LIST):
        entry = Section(item, Bilingual("en nivå i teckenförklaringen", "a level in the legend"), DECLARED_LEVEL_KEYS,
                        problems, line)
        if not entry.ok:
            continue
        text, symbol = entry.text("text"), entry.text("symbol")
        counts_as = _counts_as(entry, problems)
        share = _share(entry, problems)
        trends = _arrows(entry, problems)
        if text is None or symbol is None or counts_as is None or share is None or trends is None:
            continue
        levels.append(LegendLevel(
            entry=LegendEntry(text=text, text_en=entry.text("engelska", required=False) or text, symbol=symbol,
                              colour=entry.text("färg", required=False), forecast=entry.text("prognos", required=False),
                              forecast_en=entry.text("prognos engelska", required=False)),
            counts_as=counts_as, share_from=share[0], share_below=share[1], trends=trends, line=entry.line))
        places.append(entry.position_of("symbol"))
    return levels if len(problems.items) == before else []


def _counts_as(entry: Section, problems: Problems) -> Level | None:
    written = entry.text("gäller")
    if written is None:
        return None
    level = COUNTS_AS.get(" ".join(written.split()).casefold())
    if level is None:
        line, column = entry.position_of("gäller")
        problems.add(line, Bilingual(f"'gäller: {written}' är ingen av bedömningarna en nivå kan gälla.",
                                     f"'gäller: {written}' is none of the verdicts a level can be a shade of."),
                     suggestion(written, tuple(COUNTS_AS)) + Bilingual(
                         "Skriv 'uppfyllt', 'delvis uppfyllt' eller 'ej uppfyllt': nivån är en grad av den "
                         "bedömningen, och det är den som räknas i sammanfattningar.",
                         "Write 'uppfyllt', 'delvis uppfyllt' or 'ej uppfyllt': the level is a shade of that verdict, "
                         "and the verdict is what summaries count."),
                     code="okänd-gäller", column=column)
    return level


def _share(entry: Section, problems: Problems) -> tuple[Decimal | None, Decimal | None] | None:
    """(from, below) in per cent; (None, None) when no `andel` is written; None after an error."""
    written = entry.text("andel", required=False)
    if written is None:
        return None, None
    line, column = entry.position_of("andel")
    text = " ".join(written.replace("\u00a0", " ").split()).casefold()
    for pattern, form in _SHARE_FORMS:
        match = pattern.fullmatch(text)
        if match is None:
            continue
        try:
            numbers = [parse_number(group) for group in match.groups()]
        except NotANumber as exc:
            number = exc.text.strip()
            problems.add(line, Bilingual(f"'andel: {written}': talet '{number}' " + (exc.reason or "är inget tal."),
                                         f"'andel: {written}': the number '{number}' "
                                         + (english(exc.reason) if exc.reason else "is not a number.")),
                         exc.hint or SHARE_FORMS_HINT, code="fel-andel", column=column)
            return None
        if any(-number.as_tuple().exponent > 2 for number in numbers if number.as_tuple().exponent < 0):
            problems.add(line, Bilingual(f"'andel: {written}' har fler än två decimaler.",
                                         f"'andel: {written}' has more than two decimals."),
                         Bilingual("Skriv gränserna med högst två decimaler, t.ex. 'minst 99,5 %'.",
                                   "Write the bounds with at most two decimals, e.g. 'minst 99,5 %'."),
                         code="fel-andel", column=column)
            return None
        if form == "from":
            return numbers[0], None
        if form == "below":
            return None, numbers[0]
        if numbers[0] >= numbers[1]:
            example = f"{format_number(min(numbers))}–{format_number(max(numbers))} %"
            problems.add(line, Bilingual(f"'andel: {written}': den lägre gränsen ska stå först.",
                                         f"'andel: {written}': the lower bound must come first."),
                         Bilingual(f"Skriv t.ex. '{example}'.", f"Write e.g. '{example}'."),
                         code="fel-andel", column=column)
            return None
        return numbers[0], numbers[1]
    problems.add(line, Bilingual(f"'andel: {written}' känns inte igen.", f"'andel: {written}' is not recognised."),
                 SHARE_FORMS_HINT, code="fel-andel", column=column)
    return None


def _arrows(entry: Section, problems: Problems) -> tuple[str, ...] | None:
    """`utveckling: förbättring`, a list of arrows, or `inte förbättring`; every arrow when absent."""
    if not entry.has("utveckling"):
        return JUDGED_TRENDS
    line, column = entry.position_of("utveckling")
    value = entry.node["utveckling"]
    written = [str(item) for item in value] if isinstance(value, CommentedSeq) else [entry.text("utveckling") or ""]
    negated = len(written) == 1 and written[0].casefold().startswith("inte ")
    if negated:
        written = [written[0][5:]]
    codes = []
    for word in written:
        code = ARROW_WORDS.get(" ".join(word.split()).casefold())
        if code is None:
            problems.add(line, Bilingual(f"'utveckling: {word}' är ingen pil en nivå kan gälla.",
                                         f"'utveckling: {word}' is not an arrow a level can apply to."),
                         suggestion(word, tuple(ARROW_WORDS)) + Bilingual(
                             "Skriv förbättring, oförändrat, försämring eller ingen pil, en lista av dem, eller "
                             "'inte förbättring'.",
                             "Write 'förbättring', 'oförändrat', 'försämring' or 'ingen pil', a list of them, or "
                             "'inte förbättring'."), code="okänd-utveckling", column=column)
            return None
        codes.append(code)
    if negated:
        return tuple(code for code in JUDGED_TRENDS if code not in codes)
    return tuple(code for code in JUDGED_TRENDS if code in codes)  # in one order, whatever the file's


_LOW, _HIGH = Decimal("-Infinity"), Decimal("Infinity")


def _share_text(low: Decimal, high: Decimal) -> str:
    if low == _LOW and high == _HIGH:
        return Bilingual("alla andelar", "all shares")
    if low == _LOW:
        return Bilingual(f"andelen under {format_number(high)} %", f"the share below {format_number(high)} %")
    if high == _HIGH:
        return Bilingual(f"andelen från {format_number(low)} %", f"the share from {format_number(low)} %")
    span = f"{format_number(low)}–{format_number(high)} %"
    return Bilingual(f"andelen {span}", f"the share {span}")


def _arrows_text(trends: list[str]) -> str:
    if set(trends) >= set(JUDGED_TRENDS):
        return ""
    names = [f"'{ARROW_NAMES[trend]}'" for trend in trends]
    return Bilingual(" när utvecklingen är " + " eller ".join(names), " when the trend is " + " or ".join(names))


def _check_cover(levels: list[LegendLevel], line: int | None, problems: Problems) -> None:
    """Every verdict, arrow and share must have exactly one level: report each overlap and gap once."""
    for counts_as in ASSESSED_LEVELS:
        word = next(name for name, level in COUNTS_AS.items() if level is counts_as)
        own = [level for level in levels if level.counts_as is counts_as]
        if not own:
            problems.add(line, Bilingual(f"Ingen nivå i teckenförklaringen gäller '{word}'.",
                                         f"No level in the legend is a shade of '{word}'."),
                         Bilingual(f"Lägg till en nivå med 'gäller: {word}'; varje bedömning ska ha minst en nivå.",
                                   f"Add a level with 'gäller: {word}'; every verdict must have at least one level."),
                         code="nivå-saknas")
            continue
        findings: dict[tuple, list[str]] = {}  # (kind, levels, low, high) → the arrows it concerns
        for trend in JUDGED_TRENDS:
            spans = sorted(((level.share_from if level.share_from is not None else _LOW,
                             level.share_below if level.share_below is not None else _HIGH, level)
                            for level in own if trend in level.trends), key=lambda span: (span[0], span[1]))
            reached = _LOW
            previous = None
            for low, high, level in spans:
                if low > reached:
                    findings.setdefault(("gap", None, None, reached, low), []).append(trend)
                elif low < reached and previous is not None:
                    findings.setdefault(("overlap", previous, level, low, min(reached, high)), []).append(trend)
                if high >= reached:
                    reached, previous = high, level
            if reached < _HIGH:
                findings.setdefault(("gap", None, None, reached, _HIGH), []).append(trend)
        for (kind, first, second, low, high), trends in findings.items():
            if kind == "gap":
                at = own[0].line
                share, arrows = _share_text(low, high), _arrows_text(trends)
                problems.add(at, Bilingual(f"Ingen nivå i teckenförklaringen gäller '{word}' för {share}{arrows}.",
                                           f"No level in the legend covers '{word}' for {english(share)}"
                                           f"{english(arrows)}."),
                             Bilingual("Lägg till en nivå för det, eller flytta en gräns så att nivåerna möts: "
                                       f"'80–90 %' betyder från 80 % till under 90 %, och 'minst 90 %' börjar där. "
                                       f"Andelar skrivs {SHARE_FORMS_TEXT}; utvecklingen som 'förbättring' eller "
                                       "'inte förbättring'.",
                                       "Add a level for it, or move a bound so that the levels meet: '80–90 %' "
                                       "means from 80 % to below 90 %, and 'minst 90 %' starts there. Shares are "
                                       f"written {english(SHARE_FORMS_TEXT)}; the trend as 'förbättring' or "
                                       "'inte förbättring'."), code="nivå-lucka")
            else:
                first, second = sorted((first, second), key=lambda level: level.line or 0)
                share, arrows = _share_text(low, high), _arrows_text(trends)
                problems.add(second.line, Bilingual(
                    f"Nivåerna '{first.entry.text}' (rad {first.line}) och '{second.entry.text}' (rad {second.line}) "
                    f"gäller båda '{word}' för {share}{arrows}.",
                    f"The levels '{first.entry.text}' (line {first.line}) and '{second.entry.text}' (line "
                    f"{second.line}) both cover '{word}' for {english(share)}{english(arrows)}."),
                             Bilingual("Varje andel och utveckling får ha en enda nivå: låt den ena nivån börja där "
                                       "den andra slutar ('80–90 %' betyder från 80 % till under 90 %), eller skilj "
                                       "dem åt med 'utveckling'.",
                                       "Each share and trend may have only one level: let one level begin where the "
                                       "other ends ('80–90 %' means from 80 % to below 90 %), or tell them apart "
                                       "with 'utveckling'."), code="nivå-överlapp")


def _shared_symbols(entries: list[tuple[tuple[str, tuple[int | None, int | None]], str]],
                    file: str) -> list[Diagnostic]:
    """A warning per pair of levels with one symbol: the printed table cannot tell them apart. It names
    both levels and the lines of both symbols, and stands at the second symbol's line and column (at
    the first's when the second is the default legend's)."""
    found = []
    for index, ((text, (line, column)), symbol) in enumerate(entries):
        for (other, (other_line, other_column)), other_symbol in entries[index + 1:]:
            if symbol == other_symbol:
                where_first, where_second = _where_written(line), _where_written(other_line)
                at_line, at_column = (other_line, other_column) if other_line else (line, column)
                found.append(warning(
                    file, at_line,
                    Bilingual(f"Nivåerna '{text}' ({where_first}) och '{other}' ({where_second}) har samma symbol "
                              f"'{symbol}': i en tabell utan färg går de inte att skilja åt.",
                              f"The levels '{text}' ({english(where_first)}) and '{other}' ({english(where_second)}) "
                              f"have the same symbol '{symbol}': in a table without colour they cannot be told apart."),
                    Bilingual("Står det så i den tryckta teckenförklaringen (som en figur för både delvis uppfyllt och "
                              "kan inte mätas) kan varningen lämnas; ge annars varje nivå en egen symbol.",
                              "If the printed legend has it so (as one shape for both partly fulfilled and cannot be "
                              "measured), the warning can be left; otherwise give each level a symbol of its own."),
                    code="samma-symbol", column=at_column))
    return found


def _where_written(line: int | None) -> str:
    """`rad 4`, or `standard` for an entry of the default legend."""
    return Bilingual(f"rad {line}", f"line {line}") if line else Bilingual("standard", "default")
