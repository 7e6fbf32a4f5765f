"""An indicator's group rules in the rule file: gaps between groups (`skillnad`) and `bedöms på`.

    skillnad mellan kvinnor och män: högst 1 procentenhet        # one gap, the key names the groups
    skillnad: högst 1 procentenhet mellan kvinnor och män        # the same, as a value (or a list of them)
    bedöms på: alla grupper                                      # totalt (default), alla grupper [i kön]

Every mistake is reported at its line with a hint, like the other rule-file errors; a mistake here
never hides the indicator's other mistakes (the rules are read even when its target is not).
"""

from __future__ import annotations

import re
from collections import OrderedDict
from decimal import Decimal
from functools import lru_cache

from ..diagnostics import Bilingual, english, suggestion
from ..model import (ALL_GROUPS, TOTAL_JUDGEMENT, CapabilityTarget, GapRule, Group, GroupJudgement, Indicator,
                     ManualTarget, MilestoneTarget, NewMeasureTarget, NoTarget)
from ..model.keys import Dimension
from ..numbers import NotANumber, format_number, parse_quantity, same_unit
from .sections import Problems, Section
from .yamlsource import key_position

GAP_KEY = "skillnad"
JUDGED_ON_KEY = "bedöms på"
GAP_KEY_PREFIX = "skillnad mellan "  # `skillnad mellan kvinnor och män: …`: the key names the pair
EXAMPLE = "'skillnad mellan kvinnor och män: högst 1 procentenhet'"
WRITE_EXAMPLE = Bilingual(f"Skriv t.ex. {EXAMPLE}.", f"Write e.g. {EXAMPLE}.")
# A gap is always an upper bound on the distance between two values: `högst`, `max` … or nothing.
_AT_MOST = re.compile(r"^(?:högst|max(?:imalt|imum)?|som (?:mest|högst)|≤|<=)\s*", re.IGNORECASE)
_OTHER_BOUND = re.compile(r"^(?:minst|lägst|min(?:imum)?|över|under|mer än|mindre än|fler än|färre än|≥|>=|>|<)",
                          re.IGNORECASE)
_BETWEEN = re.compile(r"^(?P<limit>.*?)\s+mellan\s+(?P<pair>.+)$", re.IGNORECASE)


def gap_keys(node) -> tuple[str, ...]:
    """The keys of an indicator that name a gap (`skillnad mellan kvinnor och män`), to allow them. Read once
    per indicator: the loader passes them on to `read_group_rules`."""
    if not isinstance(node, dict):
        return ()
    keys = OrderedDict.__iter__(node) if isinstance(node, OrderedDict) else iter(node)  # a CommentedMap's, plainly
    return tuple(key for key in keys if isinstance(key, str) and _names_a_gap(key))


@lru_cache(maxsize=1024)
def _names_a_gap(key: str) -> bool:
    """Whether a key names a gap; asked of the same few keys (`id`, `namn`, `mål` …) for every indicator."""
    return _clean(key).casefold().startswith(GAP_KEY_PREFIX)


def read_group_rules(section: Section, indicator: Indicator | None, dimensions: tuple[Dimension, ...],
                     problems: Problems, written_gap_keys: tuple[str, ...] | None = None) -> dict:
    """`{"gaps": …, "judged_on": …}` for the indicator (empty when the file has neither); `indicator`
    is None when it has other mistakes: the group names and phrases are checked all the same. `written_gap_keys`
    are `gap_keys(section.node)`, when the caller has them already."""
    if not section.ok:
        return {"gaps": (), "judged_on": None}
    gaps_named = gap_keys(section.node) if written_gap_keys is None else written_gap_keys
    if not gaps_named and GAP_KEY not in section.node and JUDGED_ON_KEY not in section.node:
        return {"gaps": (), "judged_on": None}  # most indicators: nothing to read, nothing to report
    written = _written_gaps(section, gaps_named, problems)
    gaps = []
    for pair, limit_text, line, column in written:
        rule = _gap(pair, limit_text, line, column, indicator, dimensions, problems)
        if rule is None:
            continue
        if any({rule.first, rule.second} == {other.first, other.second} for other in gaps):
            problems.add(line, Bilingual(f"Skillnaden mellan {rule.first.name} och {rule.second.name} står två "
                                         "gånger.",
                                         f"The gap between '{rule.first.name}' and '{rule.second.name}' is written "
                                         "twice."),
                         Bilingual("Ta bort den ena: varje par grupper har en gräns.",
                                   "Remove one of them: each pair of groups has one limit."),
                         code="dubbel-skillnad", column=column)
            continue
        gaps.append(rule)
    judged_on = _judged_on(section, indicator, dimensions, problems)
    if (written or judged_on) and indicator is not None and isinstance(indicator.target,
                                                                       (MilestoneTarget, CapabilityTarget)):
        line, column = (written[0][2], written[0][3]) if written else section.position_of(JUDGED_ON_KEY)
        problems.add(line, Bilingual("Skillnader mellan grupper och 'bedöms på' gäller bara indikatorer med tal som "
                                     "värden.",
                                     "Gaps between groups and 'bedöms på' apply only to indicators whose values are "
                                     "numbers."),
                     Bilingual("Ta bort raden: en milstolpe eller förmåga har statusar, och mellan dem finns ingen "
                               "skillnad att mäta.",
                               "Remove the line: a milestone or a capability has statuses, and there is no gap to "
                               "measure between them."), code="fel-måltyp", column=column)
    return {"gaps": tuple(gaps), "judged_on": judged_on}


def _written_gaps(section: Section, gaps_named: tuple[str, ...],
                  problems: Problems) -> list[tuple[str, str, int | None, int | None]]:
    """(pair, limit, line, column) for every gap written in either form; `gaps_named` are the keys that name one."""
    found = []
    for key in gaps_named:
        line, column = key_position(section.node, key)
        value = section.node[key]
        if value is None or isinstance(value, (dict, list, bool)) or not str(value).strip():
            problems.add(line, Bilingual(f"'{_clean(key)}' ska ha en gräns, t.ex. 'högst 1 procentenhet'.",
                                         f"'{_clean(key)}' must have a limit, e.g. 'högst 1 procentenhet'."),
                         WRITE_EXAMPLE, code="fel-skillnad", column=column)
            continue
        found.append((_clean(key)[len(GAP_KEY_PREFIX):], _clean(str(value)), line, column))
    if not section.has(GAP_KEY):
        if GAP_KEY in section.node:
            line, column = section.position_of(GAP_KEY)
            problems.add(line, Bilingual(f"'{GAP_KEY}' är tomt.", f"'{GAP_KEY}' is empty."), WRITE_EXAMPLE,
                         code="tomt-värde", column=column)
        return found
    if isinstance(section.node[GAP_KEY], list):
        items = [(item, line, None) for item, line in section.seq(GAP_KEY)]
    else:
        text = section.text(GAP_KEY)  # a section or ja/nej is reported here
        items = [(text, *section.position_of(GAP_KEY))] if text is not None else []
    for item, line, column in items:
        if item is None or isinstance(item, (dict, list, bool)) or not str(item).strip():
            problems.add(line, Bilingual("Varje skillnad ska vara en kort text, t.ex. 'högst 1 procentenhet mellan "
                                         "kvinnor och män'.",
                                         "Each gap must be a short text, e.g. 'högst 1 procentenhet mellan kvinnor och "
                                         "män'."),
                         Bilingual(f"Eller skriv {EXAMPLE}.", f"Or write {EXAMPLE}."), code="fel-skillnad",
                         column=column)
            continue
        match = _BETWEEN.match(_clean(str(item)))
        if match is None or not match["limit"]:
            written = _clean(str(item))
            problems.add(line, Bilingual(f"Skillnaden '{written}' känns inte igen: den ska säga mellan vilka grupper "
                                         "och hur stor skillnaden får vara.",
                                         f"The gap '{written}' is not recognised: it must say between which groups "
                                         "and how large the gap may be."),
                         Bilingual(f"Skriv t.ex. 'skillnad: högst 1 procentenhet mellan kvinnor och män', eller "
                                   f"{EXAMPLE}.",
                                   f"Write e.g. 'skillnad: högst 1 procentenhet mellan kvinnor och män', or "
                                   f"{EXAMPLE}."), code="fel-skillnad", column=column)
            continue
        found.append((match["pair"], match["limit"], line, column))
    return found


def _gap(pair: str, limit_text: str, line: int | None, column: int | None, indicator: Indicator | None,
         dimensions: tuple[Dimension, ...], problems: Problems) -> GapRule | None:
    groups = _pair(pair, line, column, dimensions, problems)
    limit = _limit(limit_text, line, column, indicator, problems)
    if groups is None or limit is None:
        return None
    return GapRule(first=groups[0], second=groups[1], limit=limit, text=limit_text, line=line)


def _pair(pair: str, line: int | None, column: int | None, dimensions: tuple[Dimension, ...],
          problems: Problems) -> tuple[Group, Group] | None:
    """The two groups `kvinnor och män` names; a group's own name may contain `och` (`Vård och omsorg`)."""
    if not dimensions:
        problems.add(line, Bilingual(f"Skillnaden mellan {pair} jämför grupper, men regelfilen har inga grupper.",
                                     f"The gap 'mellan {pair}' compares groups, but the rule file has no 'grupper'."),
                     Bilingual("Lägg till 'grupper:' överst i regelfilen, t.ex. 'grupper: {kön: }' för kvinnor och män.",
                               "Add 'grupper:' at the top of the rule file, e.g. 'grupper: {kön: }' for women and "
                               "men."), code="okänd-grupp", column=column)
        return None
    words = pair.split(" ")
    splits = [(" ".join(words[:i]), " ".join(words[i + 1:])) for i, word in enumerate(words)
              if word.casefold() == "och" and 0 < i < len(words) - 1]
    if not splits:
        problems.add(line, Bilingual(f"'mellan {pair}' ska nämna två grupper med 'och' emellan.",
                                     f"'mellan {pair}' must name two groups with 'och' between them."),
                     WRITE_EXAMPLE, code="fel-skillnad", column=column)
        return None
    for first, second in splits:
        found = [_find(first, dimensions), _find(second, dimensions)]
        if all(found):
            break
    else:
        first, second = splits[0]
        found = [_find(first, dimensions), _find(second, dimensions)]
        unknown = first if found[0] is None else second
        names = [group for dimension in dimensions for group in dimension.groups]
        problems.add(line, Bilingual(f"Gruppen '{unknown}' i skillnaden mellan {pair} finns inte under 'grupper'.",
                                     f"The group '{unknown}' in the gap 'mellan {pair}' is not listed in 'grupper'."),
                     suggestion(unknown, names) + Bilingual("Grupperna i regelfilen är: " + ", ".join(names) + ".",
                                                            f"The groups in the rule file are: {_quoted(names)}."),
                     code="okänd-grupp", column=column)
        return None
    (a, b) = found
    if a.dimension != b.dimension:
        problems.add(line, Bilingual(f"'{a.name}' hör till grupperingen '{a.dimension}' och '{b.name}' till "
                                     f"'{b.dimension}': en skillnad jämför två grupper i samma gruppering.",
                                     f"'{a.name}' belongs to the grouping '{a.dimension}' and '{b.name}' to "
                                     f"'{b.dimension}': a gap compares two groups of the same grouping."),
                     Bilingual("Jämför t.ex. kvinnor med män, eller två verksamhetsområden.",
                               "Compare e.g. 'kvinnor' with 'män', or two areas of operation."),
                     code="olika-grupperingar", column=column)
        return None
    if a == b:
        problems.add(line, Bilingual(f"Skillnaden mellan {pair} jämför gruppen '{a.name}' med sig själv.",
                                     f"The gap 'mellan {pair}' compares the group '{a.name}' with itself."),
                     Bilingual("Ange två olika grupper, t.ex. 'mellan kvinnor och män'.",
                               "Give two different groups, e.g. 'mellan kvinnor och män'."),
                     code="samma-grupp", column=column)
        return None
    return a, b


def _find(written: str, dimensions: tuple[Dimension, ...]) -> Group | None:
    for dimension in dimensions:
        name = dimension.group_named(written)
        if name is not None:
            return Group(dimension=dimension.name, name=name)
    return None


def _limit(text: str, line: int | None, column: int | None, indicator: Indicator | None,
           problems: Problems) -> Decimal | None:
    """`högst 1 procentenhet`, `högst 0,2`, `1 %-enhet`: an upper bound in the indicator's unit."""
    unit = indicator.unit if indicator is not None else None
    if _OTHER_BOUND.match(text) and not _AT_MOST.match(text):
        rest = _OTHER_BOUND.sub("", text, count=1).strip()
        example = f"högst {rest or '1 procentenhet'}"
        problems.add(line, Bilingual(f"Gränsen för skillnaden '{text}' ska vara en övre gräns: skillnaden får vara "
                                     "högst så stor.",
                                     f"The limit of the gap '{text}' must be an upper limit: the gap may be at most "
                                     "that large."),
                     Bilingual(f"Skriv t.ex. '{example}'.", f"Write e.g. '{example}'."), code="fel-skillnad",
                     column=column)
        return None
    number_text = re.sub(r"%-enhet$", "%-enheter", _AT_MOST.sub("", text, count=1))  # `1 %-enhet`, singular
    try:
        limit, written_unit = parse_quantity(number_text, unit)
    except NotANumber as exc:
        reason = exc.reason or Bilingual("är inget tal.", "is not a number.")
        problems.add(line, Bilingual(f"Gränsen för skillnaden '{text}' {reason}",
                                     f"The limit of the gap '{text}' {english(reason)}"),
                     exc.hint if exc.reason else Bilingual("Skriv t.ex. 'högst 1 procentenhet' eller 'högst 0,2'.",
                                                           "Write e.g. 'högst 1 procentenhet' or 'högst 0,2'."),
                     code=exc.code if exc.reason else "inget-tal", column=column)
        return None
    if written_unit and unit and not same_unit(_percent(written_unit), _percent(unit)):
        shown = ("procentenhet" if limit == 1 else "procentenheter") if unit == "%" else unit
        example = f"högst {format_number(limit)} {shown}"
        problems.add(line, Bilingual(f"Gränsen för skillnaden '{text}' har en annan enhet än indikatorn ('{unit}').",
                                     f"The limit of the gap '{text}' has another unit than the indicator "
                                     f"('{unit}')."),
                     Bilingual(f"Skriv gränsen i indikatorns enhet, t.ex. '{example}'.",
                               f"Write the limit in the indicator's unit, e.g. '{example}'."),
                     code="fel-enhet", column=column)
        return None
    if limit < 0:
        problems.add(line, Bilingual(f"Gränsen för skillnaden '{text}' kan inte vara negativ.",
                                     f"The limit of the gap '{text}' cannot be negative."),
                     Bilingual("En skillnad räknas utan tecken: skriv t.ex. 'högst 1 procentenhet'.",
                               "A gap is counted without a sign: write e.g. 'högst 1 procentenhet'."),
                     code="negativt-tal", column=column)
        return None
    return limit


def _judged_on(section: Section, indicator: Indicator | None, dimensions: tuple[Dimension, ...],
               problems: Problems) -> GroupJudgement | None:
    """`bedöms på: totalt` (the default) or `alla grupper`, `alla grupper i kön`."""
    text = section.text(JUDGED_ON_KEY, required=False)
    if text is None:
        return None
    line, column = section.position_of(JUDGED_ON_KEY)
    clean = _clean(text).casefold()
    if clean == TOTAL_JUDGEMENT:
        return None
    match = re.fullmatch(rf"{ALL_GROUPS}(?:\s+i\s+(?P<dimension>.+))?", clean)
    written = f"'{JUDGED_ON_KEY}: {_clean(text)}'"
    if match is None:
        total, every, every_sex = (f"'{JUDGED_ON_KEY}: {TOTAL_JUDGEMENT}'", f"'{JUDGED_ON_KEY}: {ALL_GROUPS}'",
                                   f"'{JUDGED_ON_KEY}: {ALL_GROUPS} i kön'")
        problems.add(line, Bilingual(f"{written} känns inte igen.", f"{written} is not recognised."),
                     Bilingual(f"Skriv {total} (standard), {every} eller {every_sex}.",
                               f"Write {total} (the default), {every} or {every_sex}."),
                     code="okänd-bedömning", column=column)
        return None
    if not dimensions:
        problems.add(line, Bilingual(f"{written} kräver grupper, men regelfilen har inga.",
                                     f"{written} needs groups, but the rule file has none."),
                     Bilingual("Lägg till 'grupper:' överst i regelfilen, eller ta bort raden.",
                               "Add 'grupper:' at the top of the rule file, or remove the line."),
                     code="okänd-grupp", column=column)
        return None
    dimension = None
    if match["dimension"]:
        dimension = next((d.name for d in dimensions if d.name.casefold() == match["dimension"]), None)
        if dimension is None:
            names = [d.name for d in dimensions]
            problems.add(line, Bilingual(f"Grupperingen '{match['dimension']}' finns inte under 'grupper'.",
                                         f"The grouping '{match['dimension']}' is not listed in 'grupper'."),
                         suggestion(match["dimension"], names) + Bilingual(
                             "Grupperingarna är: " + ", ".join(names) + ".",
                             f"The groupings are: {_quoted(names)}."),
                         code="okänd-grupp", column=column)
            return None
    if indicator is not None and isinstance(indicator.target, (NoTarget, NewMeasureTarget, ManualTarget)):
        phrase = indicator.target.phrase or 'Inget mål'
        problems.add(line, Bilingual(f"{written} kan inte användas med målet '{phrase}', som inte ger någon "
                                     "måluppfyllelse.",
                                     f"{written} cannot be used with the target '{phrase}', which gives no fulfilment "
                                     "verdict."),
                     Bilingual("Ta bort raden, eller ge indikatorn ett mål som bedöms.",
                               "Remove the line, or give the indicator a target that is judged."),
                     code="fel-måltyp", column=column)
        return None
    return GroupJudgement(dimension=dimension, text=_clean(text))


def _percent(unit: str | None) -> str | None:
    """A gap between values in % is in percentage points (`procentenheter`, `%-enheter`)."""
    return "%" if unit == "%-enheter" else unit


def _clean(text: str) -> str:
    return " ".join(str(text).split())


def _quoted(names) -> str:
    """`'kvinnor', 'män'`: names from the rule file in an English sentence, where they stay as written."""
    return ", ".join(f"'{name}'" for name in names)
