"""An indicator's group rules in the rule file: gaps between groups (`skillnad`) and `bedöms på`.

    skillnad mellan kvinnor och män: högst 1 procentenhet        # one gap, the key names the groups
    skillnad: högst 1 procentenhet mellan kvinnor och män        # the same, as a value (or a list of them)
    bedöms på: alla grupper                                      # totalt (default), alla grupper [i kön]

Every mistake is reported at its line with a hint, like the other rule-file errors; a mistake here
never hides the indicator's other mistakes (the rules are read even when its target is not).
"""

from __future__ import annotations

import re
from decimal import Decimal

from ..diagnostics import suggestion
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
# A gap is always an upper bound on the distance between two values: `högst`, `max` … or nothing.
_AT_MOST = re.compile(r"^(?:högst|max(?:imalt|imum)?|som (?:mest|högst)|≤|<=)\s*", re.IGNORECASE)
_OTHER_BOUND = re.compile(r"^(?:minst|lägst|min(?:imum)?|över|under|mer än|mindre än|fler än|färre än|≥|>=|>|<)",
                          re.IGNORECASE)
_BETWEEN = re.compile(r"^(?P<limit>.*?)\s+mellan\s+(?P<pair>.+)$", re.IGNORECASE)


def gap_keys(node) -> tuple[str, ...]:
    """The keys of an indicator that name a gap (`skillnad mellan kvinnor och män`), to allow them."""
    if not isinstance(node, dict):
        return ()
    return tuple(key for key in node if isinstance(key, str) and _clean(key).casefold().startswith(GAP_KEY_PREFIX))


def read_group_rules(section: Section, indicator: Indicator | None, dimensions: tuple[Dimension, ...],
                     problems: Problems) -> dict:
    """`{"gaps": …, "judged_on": …}` for the indicator (empty when the file has neither); `indicator` is
    None when it has other mistakes: the group names and phrases are checked all the same."""
    if not section.ok:
        return {"gaps": (), "judged_on": None}
    written = _written_gaps(section, problems)
    gaps = []
    for pair, limit_text, line, column in written:
        rule = _gap(pair, limit_text, line, column, indicator, dimensions, problems)
        if rule is None:
            continue
        if any({rule.first, rule.second} == {other.first, other.second} for other in gaps):
            problems.add(line, f"Skillnaden mellan {rule.first.name} och {rule.second.name} står två gånger.",
                         "Ta bort den ena: varje par grupper har en gräns.", code="dubbel-skillnad", column=column)
            continue
        gaps.append(rule)
    judged_on = _judged_on(section, indicator, dimensions, problems)
    if (written or judged_on) and indicator is not None and isinstance(indicator.target,
                                                                       (MilestoneTarget, CapabilityTarget)):
        line, column = (written[0][2], written[0][3]) if written else section.position_of(JUDGED_ON_KEY)
        problems.add(line, "Skillnader mellan grupper och 'bedöms på' gäller bara indikatorer med tal som värden.",
                     "Ta bort raden: en milstolpe eller förmåga har statusar, och mellan dem finns ingen skillnad att "
                     "mäta.", code="fel-måltyp", column=column)
    return {"gaps": tuple(gaps), "judged_on": judged_on}


def _written_gaps(section: Section, problems: Problems) -> list[tuple[str, str, int | None, int | None]]:
    """(pair, limit, line, column) for every gap written in either form."""
    found = []
    for key in gap_keys(section.node):
        line, column = key_position(section.node, key)
        value = section.node[key]
        if value is None or isinstance(value, (dict, list, bool)) or not str(value).strip():
            problems.add(line, f"'{_clean(key)}' ska ha en gräns, t.ex. 'högst 1 procentenhet'.",
                         f"Skriv t.ex. {EXAMPLE}.", code="fel-skillnad", column=column)
            continue
        found.append((_clean(key)[len(GAP_KEY_PREFIX):], _clean(str(value)), line, column))
    if not section.has(GAP_KEY):
        if GAP_KEY in section.node:
            line, column = section.position_of(GAP_KEY)
            problems.add(line, f"'{GAP_KEY}' är tomt.", f"Skriv t.ex. {EXAMPLE}.", code="tomt-värde", column=column)
        return found
    if isinstance(section.node[GAP_KEY], list):
        items = [(item, line, None) for item, line in section.seq(GAP_KEY)]
    else:
        text = section.text(GAP_KEY)  # a section or ja/nej is reported here
        items = [(text, *section.position_of(GAP_KEY))] if text is not None else []
    for item, line, column in items:
        if item is None or isinstance(item, (dict, list, bool)) or not str(item).strip():
            problems.add(line, "Varje skillnad ska vara en kort text, t.ex. 'högst 1 procentenhet mellan kvinnor och "
                         "män'.", f"Eller skriv {EXAMPLE}.", code="fel-skillnad", column=column)
            continue
        match = _BETWEEN.match(_clean(str(item)))
        if match is None or not match["limit"]:
            problems.add(line, f"Skillnaden '{_clean(str(item))}' känns inte igen: den ska säga mellan vilka grupper "
                         "och hur stor skillnaden får vara.", f"Skriv t.ex. 'skillnad: högst 1 procentenhet mellan "
                         f"kvinnor och män', eller {EXAMPLE}.", code="fel-skillnad", column=column)
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
        problems.add(line, f"Skillnaden mellan {pair} jämför grupper, men regelfilen har inga grupper.",
                     "Lägg till 'grupper:' överst i regelfilen, t.ex. 'grupper: {kön: }' för kvinnor och män.",
                     code="okänd-grupp", column=column)
        return None
    words = pair.split(" ")
    splits = [(" ".join(words[:i]), " ".join(words[i + 1:])) for i, word in enumerate(words)
              if word.casefold() == "och" and 0 < i < len(words) - 1]
    if not splits:
        problems.add(line, f"'mellan {pair}' ska nämna två grupper med 'och' emellan.",
                     f"Skriv t.ex. {EXAMPLE}.", code="fel-skillnad", column=column)
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
        problems.add(line, f"Gruppen '{unknown}' i skillnaden mellan {pair} finns inte under 'grupper'.",
                     suggestion(unknown, names) + "Grupperna i regelfilen är: " + ", ".join(names) + ".",
                     code="okänd-grupp", column=column)
        return None
    (a, b) = found
    if a.dimension != b.dimension:
        problems.add(line, f"'{a.name}' hör till grupperingen '{a.dimension}' och '{b.name}' till '{b.dimension}': "
                     "en skillnad jämför två grupper i samma gruppering.",
                     "Jämför t.ex. kvinnor med män, eller två verksamhetsområden.", code="olika-grupperingar",
                     column=column)
        return None
    if a == b:
        problems.add(line, f"Skillnaden mellan {pair} jämför gruppen '{a.name}' med sig själv.",
                     "Ange två olika grupper, t.ex. 'mellan kvinnor och män'.", code="samma-grupp", column=column)
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
        problems.add(line, f"Gränsen för skillnaden '{text}' ska vara en övre gräns: skillnaden får vara högst så "
                     "stor.", f"Skriv t.ex. 'högst {rest or '1 procentenhet'}'.", code="fel-skillnad", column=column)
        return None
    number_text = re.sub(r"%-enhet$", "%-enheter", _AT_MOST.sub("", text, count=1))  # `1 %-enhet`, singular
    try:
        limit, written_unit = parse_quantity(number_text, unit)
    except NotANumber as exc:
        reason = exc.reason or "är inget tal."
        problems.add(line, f"Gränsen för skillnaden '{text}' {reason}",
                     exc.hint if exc.reason else "Skriv t.ex. 'högst 1 procentenhet' eller 'högst 0,2'.",
                     code=exc.code if exc.reason else "inget-tal", column=column)
        return None
    if written_unit and unit and not same_unit(_percent(written_unit), _percent(unit)):
        shown = ("procentenhet" if limit == 1 else "procentenheter") if unit == "%" else unit
        problems.add(line, f"Gränsen för skillnaden '{text}' har en annan enhet än indikatorn ('{unit}').",
                     f"Skriv gränsen i indikatorns enhet, t.ex. 'högst {format_number(limit)} {shown}'.",
                     code="fel-enhet", column=column)
        return None
    if limit < 0:
        problems.add(line, f"Gränsen för skillnaden '{text}' kan inte vara negativ.",
                     "En skillnad räknas utan tecken: skriv t.ex. 'högst 1 procentenhet'.", code="negativt-tal",
                     column=column)
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
    if match is None:
        problems.add(line, f"'{JUDGED_ON_KEY}: {_clean(text)}' känns inte igen.",
                     f"Skriv '{JUDGED_ON_KEY}: {TOTAL_JUDGEMENT}' (standard), '{JUDGED_ON_KEY}: {ALL_GROUPS}' eller "
                     f"'{JUDGED_ON_KEY}: {ALL_GROUPS} i kön'.", code="okänd-bedömning", column=column)
        return None
    if not dimensions:
        problems.add(line, f"'{JUDGED_ON_KEY}: {_clean(text)}' kräver grupper, men regelfilen har inga.",
                     "Lägg till 'grupper:' överst i regelfilen, eller ta bort raden.", code="okänd-grupp",
                     column=column)
        return None
    dimension = None
    if match["dimension"]:
        dimension = next((d.name for d in dimensions if d.name.casefold() == match["dimension"]), None)
        if dimension is None:
            names = [d.name for d in dimensions]
            problems.add(line, f"Grupperingen '{match['dimension']}' finns inte under 'grupper'.",
                         suggestion(match["dimension"], names) + "Grupperingarna är: " + ", ".join(names) + ".",
                         code="okänd-grupp", column=column)
            return None
    if indicator is not None and isinstance(indicator.target, (NoTarget, NewMeasureTarget, ManualTarget)):
        problems.add(line, f"'{JUDGED_ON_KEY}: {_clean(text)}' kan inte användas med målet "
                     f"'{indicator.target.phrase or 'Inget mål'}', som inte ger någon måluppfyllelse.",
                     "Ta bort raden, eller ge indikatorn ett mål som bedöms.", code="fel-måltyp", column=column)
        return None
    return GroupJudgement(dimension=dimension, text=_clean(text))


def _percent(unit: str | None) -> str | None:
    """A gap between values in % is in percentage points (`procentenheter`, `%-enheter`)."""
    return "%" if unit == "%-enheter" else unit


def _clean(text: str) -> str:
    return " ".join(str(text).split())
