"""The rule file's hierarchy: its levels (`hierarki`), its nodes with ids, and their `sammanvägning`.

Without `hierarki` the levels are the seed's, perspektiv → strategiska mål → mål, so every rule file
written before keeps its meaning. A node's id is its own `id`, or one made from its name (lower case,
å ä ö as a a o, words joined by '-'); a made id that is taken gets its parent's id in front, then a
number. Ids are unique across nodes and indicators, so an assessment can name either.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal
from typing import Callable

from ruamel.yaml.comments import CommentedMap

from ..diagnostics import Bilingual, suggestion
from ..model import DEFAULT_LEVELS, INDICATORS_KEY, ROLLUP_KINDS, HierarchyLevel, Node, RollupMethod
from ..numbers import NotANumber, parse_number
from .sections import Problems, Section

HIERARCHY_KEY = "hierarki"
ROLLUP_KEY = "sammanvägning"
WEIGHT_KEY = "vikt"
LEVEL_DECLARATION_KEYS = ("namn", "lista", "engelska", "engelska plural")
ROLLUP_KEYS = ("metod", "uppfyllt", "delvis", "räkna")
NODE_KEYS = ("id", "namn", ROLLUP_KEY, WEIGHT_KEY)  # and the list of the level below
ROOT_ID = "styrkort"  # the scorecard itself, when it gets a verdict
_ID = re.compile(r"^[\w.\-]+$")
_SHARE = re.compile(r"^(?:minst\s+)?([0-9]{1,3}(?:[.,][0-9]{1,2})?)\s*(?:%|procent)$")
_WORDS_IN_ID = 6  # a made id keeps the first words of a long name

ReadIndicator = Callable[[object, "int | None"], "Indicator | None"]  # (YAML item, its line)


def read_levels(top: Section, problems: Problems) -> tuple[HierarchyLevel, ...]:
    """`hierarki: [målområde, delmål]` or a list of `{namn: målområde, lista: målområden, engelska: …}`;
    `hierarki: []` for a scorecard of indicators only."""
    if HIERARCHY_KEY not in top.node:
        return DEFAULT_LEVELS
    levels: list[HierarchyLevel] = []
    items = top.seq(HIERARCHY_KEY, required=False) if top.node[HIERARCHY_KEY] is not None else []
    for item, line in items:
        if isinstance(item, CommentedMap):
            section = Section(item, Bilingual("en nivå i 'hierarki'", "a level in 'hierarki'"), LEVEL_DECLARATION_KEYS,
                              problems, line)
            name = section.text("namn")
            if name is None:
                continue
            key = section.text("lista", required=False) or name
            name_en = section.text("engelska", required=False) or name
            plural_en = section.text("engelska plural", required=False) or name_en
        elif isinstance(item, (str, int)) and str(item).strip():
            name = key = name_en = plural_en = " ".join(str(item).split())
        else:
            problems.add(line, Bilingual("En nivå i 'hierarki' ska vara ett namn eller ett avsnitt med 'namn' och "
                                         "'lista'.",
                                         "A level in 'hierarki' must be a name or a section with 'namn' and 'lista'."),
                         Bilingual("Skriv t.ex. 'hierarki: [målområde, delmål]'.",
                                   "Write e.g. 'hierarki: [målområde, delmål]'."), code="fel-hierarki")
            continue
        taken = {word for level in levels for word in (level.key, level.name)} | {INDICATORS_KEY}
        if key in taken or name in taken:
            problems.add(line, Bilingual(f"Nivån '{name}' står två gånger i 'hierarki' (eller heter "
                                         f"'{INDICATORS_KEY}').",
                                         f"The level '{name}' is written twice in 'hierarki' (or is named "
                                         f"'{INDICATORS_KEY}')."),
                         Bilingual("Ge varje nivå ett eget namn.", "Give each level a name of its own."),
                         code="fel-hierarki")
            continue
        levels.append(HierarchyLevel(key=key, name=name, name_en=name_en, plural_en=plural_en))
    return tuple(levels)


def read_rollup(holder: Section, levels: tuple[HierarchyLevel, ...], problems: Problems) -> RollupMethod | None:
    """`sammanvägning: majoritet`, or `{metod: andel, uppfyllt: minst 75 %, delvis: minst 50 %, räkna: mål}`."""
    if not holder.has(ROLLUP_KEY):
        return None
    value, (line, column) = holder.node[ROLLUP_KEY], holder.position_of(ROLLUP_KEY)
    if isinstance(value, CommentedMap):
        section = Section(value, Bilingual("sammanvägningen", "the roll-up ('sammanvägning')"), ROLLUP_KEYS, problems,
                          line, column)
        kind = section.text("metod")
        text = ", ".join(f"{key}: {' '.join(str(section.node[key]).split())}" for key in ROLLUP_KEYS
                         if section.has(key))
    else:
        section, kind = None, holder.text(ROLLUP_KEY)
        text = kind or ""
    if kind is None:
        return None
    kind = " ".join(kind.split()).casefold()
    if kind not in ROLLUP_KINDS:
        problems.add(line, Bilingual(f"Sammanvägningen '{kind}' finns inte.",
                                     f"The roll-up method '{kind}' does not exist."),
                     suggestion(kind, ROLLUP_KINDS) + Bilingual("Metoderna är: " + ", ".join(ROLLUP_KINDS) + ".",
                                                                f"The methods are: {_quoted(ROLLUP_KINDS)}."),
                     code="okänd-sammanvägning", column=column)
        return None
    shares: dict[str, Decimal | None] = {"uppfyllt": None, "delvis": None}
    count = None
    if section is not None:
        for key in shares:
            written = section.text(key, required=False)
            if written is None:
                continue
            match = _SHARE.match(" ".join(written.split()).casefold())
            try:
                shares[key] = parse_number(match[1]) if match else None
            except NotANumber:
                shares[key] = None
            if shares[key] is None or shares[key] > 100:
                at, col = section.position_of(key)
                problems.add(at, Bilingual(f"'{key}: {written}' ska vara en andel, t.ex. 'minst 75 %'.",
                                           f"'{key}: {written}' must be a share, e.g. 'minst 75 %'."),
                             Bilingual("Skriv en andel mellan 0 och 100 %.", "Write a share between 0 and 100 %."),
                             code="fel-sammanvägning", column=col)
                return None
        count = _count(section, levels, problems)
        if count is False:
            return None
    needs_shares = kind in ("andel", "viktat")
    if needs_shares and (shares["uppfyllt"] is None or shares["delvis"] is None):
        example = f"sammanvägning: {{metod: {kind}, uppfyllt: minst 75 %, delvis: minst 50 %}}"
        problems.add(line, Bilingual(f"Sammanvägningen '{kind}' behöver gränserna 'uppfyllt' och 'delvis'.",
                                     f"The roll-up '{kind}' needs the bounds 'uppfyllt' and 'delvis'."),
                     Bilingual(f"Skriv t.ex. '{example}'.", f"Write e.g. '{example}'."),
                     code="fel-sammanvägning", column=column)
        return None
    if needs_shares and shares["delvis"] > shares["uppfyllt"]:
        problems.add(line, Bilingual("Gränsen för 'delvis' ligger över gränsen för 'uppfyllt'.",
                                     "The bound for 'delvis' lies above the bound for 'uppfyllt'."),
                     Bilingual("Gränsen för delvis ska vara lägre: 'uppfyllt: minst 75 %, delvis: minst 50 %'.",
                               "The bound for 'delvis' must be the lower one: 'uppfyllt: minst 75 %, delvis: minst "
                               "50 %'."),
                     code="fel-sammanvägning", column=column)
        return None
    if not needs_shares and (shares["uppfyllt"] is not None or shares["delvis"] is not None):
        problems.add(line, Bilingual(f"Sammanvägningen '{kind}' har inga gränser; 'uppfyllt' och 'delvis' hör till "
                                     "'andel' och 'viktat'.",
                                     f"The roll-up '{kind}' has no bounds; 'uppfyllt' and 'delvis' belong to 'andel' "
                                     "and 'viktat'."),
                     Bilingual("Ta bort gränserna, eller välj 'andel' eller 'viktat'.",
                               "Remove the bounds, or choose 'andel' or 'viktat'."),
                     code="fel-sammanvägning", column=column)
        return None
    return RollupMethod(kind=kind, fulfilled_from=shares["uppfyllt"], partly_from=shares["delvis"], count=count,
                        text=text, line=line)


def _count(section: Section, levels: tuple[HierarchyLevel, ...], problems: Problems) -> str | None | bool:
    written = section.text("räkna", required=False)
    if written is None:
        return None
    wanted = " ".join(written.split()).casefold()
    for level in levels:
        if wanted in (level.name.casefold(), level.key.casefold()):
            return level.name
    if wanted == INDICATORS_KEY:
        return INDICATORS_KEY
    choices = [level.key for level in levels] + [INDICATORS_KEY]
    line, column = section.position_of("räkna")
    problems.add(line, Bilingual(f"'räkna: {written}' är ingen nivå i hierarkin.",
                                 f"'räkna: {written}' is not a level of the hierarchy."),
                 suggestion(written, choices) + Bilingual("Skriv en nivå (" + ", ".join(choices) + ").",
                                                          f"Write a level ({_quoted(choices)})."),
                 code="fel-sammanvägning", column=column)
    return False


def read_tree(top: Section, name: str, levels: tuple[HierarchyLevel, ...], read_indicator: ReadIndicator,
              indicator_ids: set[str], problems: Problems) -> Node:
    """The root: the scorecard, with the top level's nodes (or its indicators when there are no levels)."""
    default = read_rollup(top, levels, problems)
    builder = _TreeBuilder(levels, read_indicator, problems)
    root = builder.node(top, -1, name, ROOT_ID, None, default)
    builder.check_explicit_ids(indicator_ids)
    return builder.with_ids(root, indicator_ids)


class _TreeBuilder:
    def __init__(self, levels, read_indicator, problems) -> None:
        self.levels, self.read_indicator, self.problems = levels, read_indicator, problems
        self.explicit: dict[str, int | None] = {}
        self.explicit_places: list[tuple[str, int | None, int | None]] = []

    def node(self, section: Section, level: int, name: str, ident: str | None, line: int | None,
             inherited: RollupMethod | None) -> Node:
        """A node's `sammanvägning` holds for it and every node beneath that does not name its own."""
        rollup = (read_rollup(section, self.levels, self.problems) if level >= 0 else None) or inherited
        below = self.levels[level + 1] if level + 1 < len(self.levels) else None
        key = below.key if below else INDICATORS_KEY
        children, indicators = [], []
        for item, item_line in section.seq(key):
            if below is None:
                indicator = self.read_indicator(item, item_line)
                if indicator is not None:
                    indicators.append(indicator)
                continue
            child_key = self.levels[level + 2].key if level + 2 < len(self.levels) else INDICATORS_KEY
            child = Section(item, _what(below), (*NODE_KEYS, child_key), self.problems, item_line)
            if not child.ok:
                continue
            child_id = child.text("id", required=False)
            if child_id is not None:
                self._explicit(child, child_id)
            children.append(self.node(child, level + 1, child.text("namn") or "", child_id, child.line, rollup))
        weight = read_weight(section, self.problems) if level >= 0 else Decimal(1)
        return Node(id=ident or "", name=name, level=level, children=tuple(children), indicators=tuple(indicators),
                    rollup=rollup, weight=weight, line=line)

    def _explicit(self, section: Section, ident: str) -> None:
        line, column = section.position_of("id")
        if not _ID.match(ident):
            self.problems.add(line, Bilingual(f"Id '{ident}' får bara innehålla bokstäver, siffror, '-', '_' och "
                                              "'.'.",
                                              f"The id '{ident}' may only contain letters, digits, '-', '_' and '.'."),
                              Bilingual("Skriv t.ex. 'ekonomi' eller 'mal-3'.", "Write e.g. 'ekonomi' or 'mal-3'."),
                              code="ogiltigt-id", column=column)
        elif ident in self.explicit or ident == ROOT_ID:
            first = self.explicit.get(ident)
            self.problems.add(line, Bilingual(f"Id '{ident}' används redan" + (f" (rad {first})." if first else "."),
                                              f"The id '{ident}' is already used"
                                              + (f" (line {first})." if first else ".")),
                              Bilingual("Varje nod och indikator ska ha ett eget id.",
                                        "Each node and indicator must have an id of its own."),
                              code="dubbelt-id", column=column)
        else:
            self.explicit[ident] = line
            self.explicit_places.append((ident, line, column))

    def check_explicit_ids(self, indicator_ids: set[str]) -> None:
        for ident, line, column in self.explicit_places:
            if ident in indicator_ids:
                self.problems.add(line, Bilingual(f"Id '{ident}' är redan en indikators id.",
                                                  f"The id '{ident}' is already an indicator's id."),
                                  Bilingual("Noder och indikatorer delar id:n, så att en bedömning kan ange vilken som "
                                            "menas; ge noden ett annat id.",
                                            "Nodes and indicators share their ids, so that an assessment can say "
                                            "which one it means; give the node another id."),
                                  code="dubbelt-id", column=column)

    def with_ids(self, root: Node, indicator_ids: set[str]) -> Node:
        taken = set(self.explicit) | set(indicator_ids) | {ROOT_ID}

        def named(node: Node, parent_id: str | None) -> Node:
            ident = node.id
            if node.level >= 0 and not ident:
                made = _slug(node.name) or "nod"
                ident = made if made not in taken else f"{parent_id}.{made}" if parent_id else made
                number = 2
                while ident in taken:
                    ident, number = f"{made}-{number}", number + 1
                taken.add(ident)
            ident = ident or ROOT_ID
            own = ident if node.level >= 0 else None
            return node.model_copy(update={"id": ident, "children": tuple(named(child, own) for child in node.children)})

        return named(root, None)


def _what(level: HierarchyLevel) -> str:
    return Bilingual(f"en nod på nivån '{level.name}'", f"a node on the level '{level.name}'")


def _quoted(names) -> str:
    """`'alla', 'majoritet'`: names as the rule file writes them, in an English sentence."""
    return ", ".join(f"'{name}'" for name in names)


def read_weight(section: Section, problems: Problems) -> Decimal:
    """`vikt: 2`: a node's or an indicator's weight in its parent's `viktat`."""
    written = section.text(WEIGHT_KEY, required=False)
    if written is None:
        return Decimal(1)
    try:
        weight = parse_number(written)
    except NotANumber:
        weight = None
    if weight is None or weight <= 0:
        line, column = section.position_of(WEIGHT_KEY)
        problems.add(line, Bilingual(f"'vikt: {written}' ska vara ett tal större än 0.",
                                     f"'vikt: {written}' must be a number greater than 0."),
                     Bilingual("Skriv t.ex. 'vikt: 2'.", "Write e.g. 'vikt: 2'."), code="fel-vikt", column=column)
        return Decimal(1)
    return weight


def _slug(name: str) -> str:
    """"Ekonomi i balans" → "ekonomi-i-balans"; å ä ö → a a o; the first few words of a long name."""
    folded = unicodedata.normalize("NFKD", name.casefold())
    plain = "".join(char for char in folded if not unicodedata.combining(char))
    words = re.findall(r"[a-z0-9]+", plain)
    return "-".join(words[:_WORDS_IN_ID])

