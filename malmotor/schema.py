"""A JSON Schema (draft 2020-12) of the rule file, format version 1, for editors and other tools.

The schema is generated, never written by hand, so that it cannot drift from the loader:

* the keys are the loader's own lists (TOP_KEYS, INDICATOR_KEYS, NODE_KEYS, the legend's keys …):
  every key the loader accepts is in the schema, and `additionalProperties: false` stands wherever the
  loader refuses an unknown key;
* each key's `description` (in Swedish) and `examples` come from the key tables of
  docs/rule-format.md (the tables whose first header cell is "Nyckel"): the meaning, type and default,
  and the example written in the table, or where the table has none, the value the documentation's
  complete rule files use;
* the target phrases (`mål`) are the forms of TARGET_FORMS, one regex `pattern` per form, checked
  against `parse_target` by the tests on every phrase of the documentation's phrase table.

What a value may be is written here, per key (`_VALUES`); a key without it, or without a
description and an example in the documentation, stops the generator, so a new key cannot be
forgotten.

The schema never refuses a file the loader accepts, with one exception it cannot avoid: a milestone
target naming a status of the file's own `statusskala` that is none of the words malmotor knows for
done or started (`Avslutad` on `[planerad, pågår, avslutad]`). What depends on other parts of the
file (the comparison a target names, the status on the scale, the names of `hierarki`'s levels) or on
the value itself beyond its form (`1.000`, a reversed range) is left to the loader.

Patterns are written for both Python's `re` and ECMAScript (editors), so they use no inline flags:
case is ignored by writing each letter as `[aA]`.

With `hierarki` the lists are the file's own keys, which a schema cannot know: then any further key
at the top is accepted as a list of nodes (`if`/`then`/`else` on `hierarki`), a node's keys besides
`id`, `namn`, `sammanvägning`, `vikt` and `indikatorer` are lists of nodes, and the loader checks that
the names are those of `hierarki`. Without `hierarki` the levels are perspektiv → strategiska mål →
mål → indikatorer and nothing else is accepted.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any, Callable, NamedTuple

from ruamel.yaml import YAML
from ruamel.yaml.error import YAMLError

from .load.assessments import ANALYSIS_KEY
from .load.gapsection import GAP_KEY, GAP_KEY_PREFIX, JUDGED_ON_KEY
from .load.hierarchy import HIERARCHY_KEY, LEVEL_DECLARATION_KEYS, NODE_KEYS, ROLLUP_KEY, ROLLUP_KEYS, WEIGHT_KEY
from .load.interim import DURING_YEAR_KEY, INTERIM_TARGET_KEY, PRORATED, YEAR_END_PARTIAL_KEY
from .load.legend import LEVEL_KEYS, REASON_KEYS, TREND_KEYS
from .load.legendsection import (ARROW_WORDS, COUNTS_AS, DECLARED_LEVEL_KEYS, ENTRY_KEYS, LEVEL_ENTRY_KEYS, LEVEL_LIST,
                                 MANUAL_KEY, NO_ARROW_KEY)
from .load.rulefile import (COMPARISON_KEYS, DEFAULTS_KEYS, FORMAT_VERSION, INDICATOR_KEYS, ORG_UNIT_KEYS, POLARITIES,
                            TOP_KEYS, TREND_SETTING_KEYS)
from .load.targets import _DONE_WORDS, _STARTED_WORDS, CHANGE_VERBS
from .model import DEFAULT_LEVELS, DEFAULT_STATUS_SCALE, INDICATORS_KEY, ROLLUP_KINDS
from .model.gaprules import ALL_GROUPS, TOTAL_JUDGEMENT
from .model.keys import GENDER, TOTAL_WORDS

SCHEMA_FILE = f"malmotor-rules.v{FORMAT_VERSION}.json"  # the file name carries the format version
DOC = Path(__file__).resolve().parent.parent / "docs" / "rule-format.md"
DRAFT = "https://json-schema.org/draft/2020-12/schema"


class SchemaError(RuntimeError):
    """The documentation lacks what the schema needs (a key's row, a description, an example)."""


# --- case-insensitive, ECMAScript-safe patterns --------------------------------------------------

def ci(pattern: str) -> str:
    """`minst` → `[mM][iI][nN][sS][tT]`, outside character classes and escapes (classes are written with
    both cases where they need them)."""
    out, i, in_class = [], 0, False
    while i < len(pattern):
        char = pattern[i]
        if char == "\\":
            out.append(pattern[i:i + 2])
            i += 2
            continue
        if char == "[":
            in_class = True
        elif char == "]":
            in_class = False
        elif not in_class and char.lower() != char.upper():
            char = f"[{char.lower()}{char.upper()}]"
        out.append(char)
        i += 1
    return "".join(out)


def _words(*phrases: str) -> str:
    """An alternation of phrases, longest first, spaces as `\\s+`."""
    return "|".join(re.escape(p).replace(r"\ ", " ").replace(" ", r"\s+")
                    for p in sorted(phrases, key=len, reverse=True))


def _whole(body: str) -> str:
    """The whole (stripped) text is `body`, case ignored."""
    return "^\\s*(?:" + ci(body) + ")\\s*$"


_LETTER = "A-Za-zÀ-ÖØ-öø-ɏ"  # a letter, as far as both regex dialects can say it without \p{L}
_L = f"[{_LETTER}]"
_NUM = r"[+\-−–]?\s*[0-9][0-9\s]*(?:[.,][0-9]+)?"
_UNIT = rf"(?:%|‰)(?:-enheter)?|{_L}\S*(?:\s+{_L}\S*)*"
_QTY = rf"{_NUM}\s*(?:{_UNIT})?"
_MIN = "minst|lägst|minimum|min|≥|>="
_MAX = "högst|maximalt|maximum|max|≤|<="
_ABOVE = r"över|mer\s+än|fler\s+än|högre\s+än|större\s+än|>"
_BELOW = r"under|mindre\s+än|färre\s+än|lägre\s+än|<"
_OPERATOR = rf"(?:{_MIN}|{_MAX}|{_ABOVE}|{_BELOW})(?!{_L})"
_MODAL = r"(?:(?:ska|skall)\s+(?:(?:vara|uppgå\s+till|ligga\s+på|ligga|nå|hålla\s+sig)\s+)?)?"
_BASE = r"(?:\s+(?:i\s+(?:jmf|jämförelse)\s+med|jämfört\s+med|jmf\.?(?:\s+med)?|mot)\s+\S.*)?"
_THRESHOLD = rf"(?:{_OPERATOR}\s*(?:{_L}+\s+)?)?{_QTY}"
_SPAN = r"(?:under|för|över)\s+(?:(?:(?:åren|perioden)\s+)?[0-9]{4}\s*[–—-]\s*[0-9]{4}|budgetperioden)"
_AVERAGE = r"i\s+(?:genom)?snitt"
_VERB = r"(?:(?:vara|uppgå\s+till|ligga\s+på|ligga|nå|hålla\s+sig)\s+)?"
_NEGATIONS = ("ej", "inte", "icke", "ingen", "inget", "inga", "aldrig", "utan")
_STATUS_WORDS = tuple(dict.fromkeys(_DONE_WORDS + _STARTED_WORDS + tuple(s.casefold() for s in DEFAULT_STATUS_SCALE)))


class TargetForm(NamedTuple):
    """One form of target phrase: its name, what it means (Swedish), examples, and the regex body
    (lower case; `target_pattern` makes the whole pattern)."""

    name: str
    meaning: str
    examples: tuple[str, ...]
    body: str


TARGET_FORMS: tuple[TargetForm, ...] = (
    TargetForm("bedöms manuellt", "Fri text som bedöms av människor, med '(bedöms manuellt)' efter texten.",
               ("Investeringarna ska självfinansieras (bedöms manuellt)",),
               r".*?\s*\(\s*(?:bedöms\s+manuellt|manuell\s+bedömning)\s*\)"
               r"|(?:.*[,;:–—-])?\s*(?:bedöms\s+manuellt|manuell\s+bedömning)"),
    TargetForm("inget mål", "Ett mått utan mål: värdet och pilen redovisas men bedöms inte.",
               ("Inget mål", "Målvärde saknas", "-"),
               r"inget\s+mål(?:värde)?|mål(?:värde)?\s+saknas|saknar\s+mål|[-–—]"),
    TargetForm("nytt mått", "Nytt mått (basår): värdet redovisas men bedöms inte.", ("Nytt mått", "Basår"),
               r"(?:nytt\s+mått|basår)(?:\s*\(basår\))?"),
    TargetForm("förmåga", "En förmåga: ja eller nej.", ("Möjlighet till att mäta", "Kan mätas"),
               r"möjlighet\s+(?:till\s+)?att\s+mäta|kan\s+mätas|mätbart"),
    TargetForm("snitt", "Ett gränsvärde för snittet av flera års värden.",
               ("i snitt minst 2 % under 2021–2023", "i genomsnitt högst 3 % under budgetperioden"),
               rf"{_MODAL}{_AVERAGE}\s+{_VERB}{_THRESHOLD}\s+{_SPAN}"
               rf"|(?:(?:ska|skall)\s+)?{_AVERAGE}\s+{_SPAN}\s+{_VERB}{_THRESHOLD}"
               rf"|{_MODAL}{_THRESHOLD}\s+{_AVERAGE}\s+{_SPAN}"),
    TargetForm("förändring", "Bättre än föregående period, en namngiven period eller samma period året före.",
               ("Öka", "Minska jämfört med 2017", "Ska stärkas jämfört med föregående år"),
               rf"{_MODAL}(?:{_words(*CHANGE_VERBS)}){_BASE}"),
    TargetForm("ingen försämring", "Inte sämre än föregående period (eller basåret).",
               ("Ingen ökning", "Ingen minskning jämfört med 2017"),
               rf"{_MODAL}ingen\s+(?:ökning|minskning){_BASE}"),
    TargetForm("oförändrat", "Inom dödbandet kring föregående period (eller basåret).",
               ("Oförändrat", "Bibehållen nivå"),
               rf"{_MODAL}(?:oförändrat|oförändrad|bibehållen\s+nivå){_BASE}"),
    TargetForm("milstolpe", "En status på statusskalan (eller flera delar med 'och', med delmål). Känner bara igen "
               "orden för genomfört och påbörjat och standardskalans statusar; en egen status prövas av malmotor.",
               ("Genomförd", "Windows 10 infört", "Förstudie genomförd och aktiviteter är påbörjade"),
               rf"(?!(?:{'|'.join(_NEGATIONS)})\s)(?:.*\s)?(?:{_words(*_STATUS_WORDS)})"),
    TargetForm("jämförelse", "Lika med eller bättre än en jämförelse under 'jämförelser' (medel, riket …).",
               ("minst medel", "lägst rikets nivå", "bättre än medel", "bland de 25 % bästa"),
               rf"{_MODAL}(?:(?:{_OPERATOR}|bättre\s+än(?!{_L}))\s*[^0-9\s][^0-9]*"
               rf"|bland\s+(?:de\s+)?25\s*(?:%|procent)\s+bästa(?:\s+{_L}+)?|i\s+(?:den\s+)?bästa\s+kvartilen)"),
    TargetForm("intervall", "Ett målintervall, gränserna inräknade.", ("95–105 %", "mellan 95 och 105 %"),
               rf"{_MODAL}(?:mellan\s+{_NUM}\s*(?:%|{_L}+)?\s+och\s+{_QTY}"
               rf"|{_NUM}\s*(?:%|{_L}+)?\s*[–—-]\s*{_QTY})"),
    TargetForm("gränsvärde", "Ett gränsvärde, med eller utan riktning (minst, högst, över, under).",
               ("3 %", "minst 80 %", "maximalt 3 arbetsveckor", "över 40 %"),
               rf"{_MODAL}{_THRESHOLD}"),
)


def target_pattern(form: TargetForm) -> str:
    """The whole pattern of a form: the text, without surrounding space and a full stop at the end."""
    return "^\\s*(?:" + ci(form.body) + ")\\.*\\s*$"


# --- reading the documentation's key tables ------------------------------------------------------

class KeyDoc(NamedTuple):
    description: str
    examples: tuple[Any, ...]


def _plain(cell: str) -> str:
    """Markdown to the plain text of a description: links become their text."""
    return re.sub(r"\[([^\]]+)\]\([^)]*\)", r"\1", cell).strip()


def _key_tables(doc: str) -> dict[str, list[list[dict[str, str]]]]:
    """Heading → its "Nyckel" tables, each a list of rows (header cell → cell)."""
    found: dict[str, list[list[dict[str, str]]]] = {}
    heading, table, fenced = "", [], False
    for line in doc.splitlines() + [""]:
        if line.startswith("```"):
            fenced = not fenced
        if line.startswith("|") and not fenced:
            table.append([cell.strip() for cell in line.strip().strip("|").split("|")])
            continue
        if table and table[0][0] == "Nyckel":
            found.setdefault(heading, []).append([dict(zip(table[0], row)) for row in table[2:]])
        table = []
        if line.startswith("#") and not fenced:
            heading = line.lstrip("#").strip()
    return found


def _safe_load(text: str) -> Any:
    return YAML(typ="safe", pure=True).load(text)


def _cell_examples(cell: str, key: str) -> list[Any]:
    """The values of `key` in the backticked `key: value` snippets of a cell."""
    values = []
    for snippet in re.findall(r"`([^`]+)`", cell):
        if not snippet.startswith(key + ":"):
            continue
        try:
            data = _safe_load(snippet)
        except YAMLError:
            continue
        if isinstance(data, dict) and key in data and data[key] is not None:
            values.append(data[key])
    return values


def _trimmed(value: Any) -> Any:
    """A list of sections keeps its first item, all the way down: an example, not the whole file."""
    if isinstance(value, list):
        items = value[:1] if value and isinstance(value[0], dict) else value
        return [_trimmed(item) for item in items]
    if isinstance(value, dict):
        return {key: _trimmed(item) for key, item in value.items()}
    return value


def complete_rule_files(doc: str) -> list[Any]:
    """The documentation's complete rule files (```yaml blocks starting `malmotor: 1` or `# exempel:`),
    the complete example first, as plain data."""
    found = []
    for body in re.findall(r"^```yaml\n(.*?)^```", doc, re.S | re.M):
        if not body.startswith(("malmotor: 1", "# exempel:")):
            continue
        try:
            data = _safe_load(body)
        except YAMLError:
            continue
        if isinstance(data, dict) and "malmotor" in data:
            found.append((not body.startswith("# exempel: komplett regelfil"), data))
    return [data for _, data in sorted(found, key=lambda pair: pair[0])]


def _dicts(value: Any) -> list[dict]:
    if isinstance(value, dict):
        return [value]
    if isinstance(value, list):
        return [item for item in value if isinstance(item, dict)]
    return []


def _nodes_and_indicators(data: dict) -> tuple[list[dict], list[dict]]:
    levels = data.get(HIERARCHY_KEY, [level.key for level in DEFAULT_LEVELS]) if HIERARCHY_KEY in data else \
        [level.key for level in DEFAULT_LEVELS]
    keys = [level.get("lista", level.get("namn")) if isinstance(level, dict) else str(level)
            for level in (levels or [])] + [INDICATORS_KEY]
    nodes, current = [], [data]
    for depth, key in enumerate(keys):
        current = [item for holder in current for item in _dicts(holder.get(key))]
        if depth < len(keys) - 1:
            nodes += current
    return nodes, current


def _legend(data: dict) -> list[dict]:
    return _dicts(data.get("teckenförklaring"))


# Where in a rule file the sections of each context stand (for examples the key tables do not give).
_PLACES: dict[str, Callable[[dict], list[dict]]] = {
    "regelfil": lambda data: [data],
    "nod": lambda data: [*_nodes_and_indicators(data)[0], *_nodes_and_indicators(data)[1]],  # `vikt` is both's
    "indikator": lambda data: _nodes_and_indicators(data)[1],
    "utveckling": lambda data: [d for i in _nodes_and_indicators(data)[1] for d in _dicts(i.get("utveckling"))]
    + [d for s in _dicts(data.get("standard")) for d in _dicts(s.get("utveckling"))],
    "sammanvägning": lambda data: [d for n in [data, *_nodes_and_indicators(data)[0]] for d in
                                   _dicts(n.get(ROLLUP_KEY)) if not isinstance(n.get(ROLLUP_KEY), list)],
    "standard": lambda data: _dicts(data.get("standard")),
    "jämförelse": lambda data: [d for s in _dicts(data.get("jämförelser")) for d in s.values() if isinstance(d, dict)],
    "teckenförklaring": _legend,
    "teckenpost": lambda data: [d for s in _legend(data) for key, d in s.items() if isinstance(d, dict)],
    "nivå i teckenförklaringen": lambda data: [d for s in _legend(data) for d in _dicts(s.get(LEVEL_LIST))],
    "nivå i hierarki": lambda data: [d for d in _dicts(data.get(HIERARCHY_KEY))],
    "enhet": lambda data: [d for d in _dicts(data.get("enheter"))],
}

# Each context's keys are described by these tables (heading, number of the "Nyckel" table under it), in order.
_TABLES: dict[str, tuple[tuple[str, int], ...]] = {
    "regelfil": (("Nycklar på översta nivån", 0),),
    "nivå i hierarki": (("Egna nivåer", 0),),
    "nod": (("Perspektiv, strategiska mål och mål", 0),),
    "sammanvägning": (("Sammanvägning av mål och perspektiv", 0),),
    "indikator": (("Indikatorn", 0), ("Perspektiv, strategiska mål och mål", 0)),
    "utveckling": (("Indikatorn", 1),),
    "jämförelse": (("Jämförelse med andra", 0),),
    "standard": (("Standardvärden", 0),),
    "teckenförklaring": (("Teckenförklaringen", 0), ("Fler än tre nivåer", 0), ("Ingen pil", 0)),
    "teckenpost": (("Teckenförklaringen", 1),),
    "nivå i teckenförklaringen": (("Fler än tre nivåer", 0), ("Teckenförklaringen", 1)),
    "enhet": (("Grupper och enheter", 0),),
}


class _Docs:
    def __init__(self, doc: str) -> None:
        self.tables = _key_tables(doc)
        self.files = complete_rule_files(doc)

    def _rows(self, context: str) -> list[dict[str, str]]:
        rows = []
        for heading, index in _TABLES[context]:
            tables = next((tables for title, tables in self.tables.items() if title.startswith(heading)), None)
            if tables is None or len(tables) <= index:
                raise SchemaError(f"docs/rule-format.md: no key table {index + 1} under the heading '{heading}'")
            rows += tables[index]
        return rows

    def key(self, context: str, key: str) -> KeyDoc:
        row = next((row for row in self._rows(context) if f"`{key}`" == row["Nyckel"]), None)
        if row is None:
            raise SchemaError(f"docs/rule-format.md: the key '{key}' ({context}) has no row in its key table")
        if "Betydelse" in row:
            description = _plain(row["Betydelse"])
            for column in ("Typ", "Standard"):
                if row.get(column):
                    description += f" {column}: {_plain(row[column])}."
        else:  # the legend's entries: a column per field, and what the entry is
            fields = [(name, row[f"`{name}`"].strip("`")) for name in ENTRY_KEYS if row.get(f"`{name}`")]
            description = (f"Teckenförklaringens post för '{key}' ({_plain(row['Vad'])}): ett avsnitt med text, "
                           "engelska, symbol och färg. Standard: " +
                           ", ".join(f"{name} {value}" for name, value in fields) + ".")
        examples = _cell_examples(row.get("Exempel", ""), key)
        if not examples and "Betydelse" not in row:
            examples = [{name: value for name, value in fields if value != "(ingen)"}]
        if not examples:
            examples = [value for cell in row.values() for value in _cell_examples(cell, key)][:1]
        if not examples:
            examples = [_trimmed(place[key]) for data in self.files for place in _PLACES[context](data)
                        if place.get(key) is not None][:1]
        if not description or not examples:
            raise SchemaError(f"docs/rule-format.md: the key '{key}' ({context}) has no "
                              + ("description" if not description else "example"))
        return KeyDoc(description, tuple(examples))


# --- what each key's value may be ----------------------------------------------------------------

TEXT = {"type": ["string", "number"], "pattern": r"\S"}  # a scalar the loader reads as text (not ja/nej: a bool)
TEXT_OR_EMPTY = {"type": ["string", "number"]}
_ID = {"type": ["string", "number"], "pattern": rf"^\s*[0-9{_LETTER}_.-]+\s*$"}


def _pattern(body: str) -> dict:
    return {"type": "string", "pattern": _whole(body)}


def _list(items: dict, min_items: int = 1, **more) -> dict:
    return {"type": "array", "items": items, "minItems": min_items, **more}


def _section(properties: dict, required: tuple[str, ...] = (), additional: Any = False, **more) -> dict:
    schema = {"type": "object", "properties": properties, "additionalProperties": additional, **more}
    if required:
        schema["required"] = list(required)
    return schema


def _optional(schema: dict) -> dict:
    """An optional key written without a value (`enhet:`) is read as absent."""
    if "$ref" in schema or "anyOf" in schema or "const" in schema or "type" not in schema:
        return {"anyOf": [schema, {"type": "null"}]}
    kinds = schema["type"] if isinstance(schema["type"], list) else [schema["type"]]
    return {**schema, "type": [*kinds, "null"]}


_LEVEL_WORDS = _words(*LEVEL_KEYS)
_SHARE = r"(?:minst\s+)?[0-9]{1,3}(?:[.,][0-9]{1,2})?\s*(?:%|procent)"
_ARROWS = _words(*ARROW_WORDS)
_METHODS = _words(*ROLLUP_KINDS)
_NUMBER_TEXT = {"type": "string", "pattern": r"[0-9]"}


def _ref(name: str) -> dict:
    return {"$ref": f"#/$defs/{name}"}


def _values() -> dict[str, dict[str, dict]]:
    """Context → key → the schema of its value (description and examples are added from the documentation)."""
    legend_entry = _section({key: _optional(TEXT_OR_EMPTY) for key in ENTRY_KEYS})
    level_entry = _section({key: _optional(TEXT_OR_EMPTY) for key in LEVEL_ENTRY_KEYS})
    mark = {"anyOf": [{"type": "null"}, TEXT, legend_entry]}
    return {
        "regelfil": {
            "malmotor": {"anyOf": [{"const": FORMAT_VERSION}, _pattern(str(FORMAT_VERSION))]},
            "styrkort": TEXT,
            "statusskala": _optional(_list(TEXT, 2, uniqueItems=True)),
            "standard": _optional(_ref("standard")),
            "teckenförklaring": _optional(_ref("teckenförklaring")),
            "grupper": _optional({"type": "object", "patternProperties": {_whole(GENDER): _optional(_list(TEXT))},
                                  "additionalProperties": _list(TEXT),
                                  "propertyNames": {"not": {"pattern": _whole(_words(*TOTAL_WORDS, "jämförelse"))}}}),
            "enheter": _optional(_list({"anyOf": [TEXT, _ref("enhet")]}, 0)),
            "jämförelser": _optional({"type": "object", "minProperties": 1,
                                      "additionalProperties": {"anyOf": [TEXT, _ref("jämförelse")]},
                                      "propertyNames": {"pattern": rf"^\s*{_L}"}}),
            "budgetperiod": _optional({"type": "string", "pattern": r"^\s*[0-9]{4}\s*[–—-]\s*[0-9]{4}\s*$"}),
            HIERARCHY_KEY: _optional(_list({"anyOf": [{"type": ["string", "integer"], "pattern": r"\S"},
                                                      _ref("nivå i hierarki")]}, 0)),
            ROLLUP_KEY: _optional(_ref("sammanvägning")),
            ANALYSIS_KEY: _optional({"anyOf": [
                {"type": "string", "pattern": f"^\\s*(?:{ci(_LEVEL_WORDS)})\\s*(?:,\\s*(?:{ci(_LEVEL_WORDS)})\\s*)*$"},
                _list(_pattern(_LEVEL_WORDS), 0)]}),
            DURING_YEAR_KEY: _optional(_pattern("prognos|utfall")),
            YEAR_END_PARTIAL_KEY: _optional(_pattern("ja|nej")),
        },
        "nod": {
            "id": _optional(_ID),
            "namn": TEXT,
            ROLLUP_KEY: _optional(_ref("sammanvägning")),
            WEIGHT_KEY: _optional(_ref("vikt")),
        },
        "indikator": {
            "id": _ID,
            "namn": TEXT,
            "enhet": _optional(TEXT_OR_EMPTY),
            "riktning": _optional(_pattern(_words(*POLARITIES))),
            "mål": _ref("mål"),
            "delvis": _optional(TEXT_OR_EMPTY),
            "utveckling": _optional(_ref("utveckling")),
            "värdeområde": _optional({"anyOf": [_NUMBER_TEXT, _list(TEXT_OR_EMPTY, 2, maxItems=2)]}),
            "delmål": _optional(_list(TEXT, 0)),
            "decimaler": _optional({"anyOf": [{"type": "integer", "minimum": 0, "maximum": 6}, _pattern("[0-6]")]}),
            "kolada": _optional({"type": "string", "pattern": r"^\s*[A-Za-z][0-9]{5}\s*$"}),
            WEIGHT_KEY: _optional(_ref("vikt")),
            INTERIM_TARGET_KEY: _optional({"anyOf": [_pattern(PRORATED),
                                                     {"type": "object", "additionalProperties": _ref("mål")}]}),
            GAP_KEY: _optional({"anyOf": [_ref("skillnad"), _list(_ref("skillnad"))]}),
            JUDGED_ON_KEY: _optional(_pattern(rf"{TOTAL_JUDGEMENT}|{_words(ALL_GROUPS)}(?:\s+i\s+\S.*)?")),
        },
        "utveckling": {
            "jämför med": _optional(TEXT_OR_EMPTY),
            "oförändrat inom": _optional({"anyOf": [{"type": "number", "minimum": 0}, _NUMBER_TEXT]}),
        },
        "sammanvägning": {
            "metod": _pattern(_METHODS),
            "uppfyllt": _optional(_pattern(_SHARE)),
            "delvis": _optional(_pattern(_SHARE)),
            "räkna": _optional(TEXT_OR_EMPTY),
        },
        "standard": {
            "delvis": _optional({"anyOf": [TEXT, _list(TEXT, 0)]}),
            "utveckling": _optional(_ref("utveckling")),
        },
        "jämförelse": {key: TEXT if key == "text" else _optional(TEXT_OR_EMPTY) for key in COMPARISON_KEYS},
        "enhet": {key: TEXT if key == "namn" else _optional(TEXT_OR_EMPTY) for key in ORG_UNIT_KEYS},
        "nivå i hierarki": {key: TEXT if key == "namn" else _optional(TEXT_OR_EMPTY) for key in LEVEL_DECLARATION_KEYS},
        "teckenförklaring": {
            **{key: level_entry if key in LEVEL_KEYS else legend_entry for key in (*LEVEL_KEYS, *TREND_KEYS,
                                                                                   *REASON_KEYS)},
            LEVEL_LIST: _list(_ref("nivå i teckenförklaringen")),
            NO_ARROW_KEY: mark,
            MANUAL_KEY: mark,
        },
        "teckenpost": {key: _optional(TEXT_OR_EMPTY) for key in LEVEL_ENTRY_KEYS},
        "nivå i teckenförklaringen": {
            **{key: _optional(TEXT_OR_EMPTY) for key in DECLARED_LEVEL_KEYS},
            "text": TEXT,
            "symbol": TEXT,
            "gäller": _pattern(_words(*COUNTS_AS)),
            "utveckling": _optional({"anyOf": [_pattern(rf"(?:inte\s+)?(?:{_ARROWS})"),
                                               _list(_pattern(rf"(?:inte\s+)?(?:{_ARROWS})"))]}),
        },
    }


_REQUIRED = {
    "regelfil": ("malmotor", "styrkort"),
    "nod": ("namn",),
    "indikator": ("id", "namn"),
    "sammanvägning": ("metod",),
    "jämförelse": ("text",),
    "enhet": ("namn",),
    "nivå i hierarki": ("namn",),
    "nivå i teckenförklaringen": ("text", "symbol", "gäller"),
}

# The loader's own key lists, per context: the schema has exactly these keys (tests/test_schema.py checks it).
CONTEXT_KEYS: dict[str, tuple[str, ...]] = {
    "regelfil": TOP_KEYS,
    "nod": NODE_KEYS,
    "indikator": INDICATOR_KEYS,
    "utveckling": TREND_SETTING_KEYS,
    "sammanvägning": ROLLUP_KEYS,
    "standard": DEFAULTS_KEYS,
    "jämförelse": COMPARISON_KEYS,
    "enhet": ORG_UNIT_KEYS,
    "nivå i hierarki": LEVEL_DECLARATION_KEYS,
    "teckenförklaring": (*LEVEL_KEYS, *TREND_KEYS, *REASON_KEYS, LEVEL_LIST, NO_ARROW_KEY, MANUAL_KEY),
    "teckenpost": LEVEL_ENTRY_KEYS,
    "nivå i teckenförklaringen": DECLARED_LEVEL_KEYS,
}


def _properties(context: str, docs: _Docs, values: dict[str, dict[str, dict]]) -> dict[str, dict]:
    properties = {}
    for key in CONTEXT_KEYS[context]:
        if key not in values[context]:
            raise SchemaError(f"malmotor/schema.py: no value schema for the key '{key}' ({context})")
        documented = docs.key(context, key)
        properties[key] = {**values[context][key], "description": documented.description,
                           "examples": list(documented.examples)}
    return properties


def _node_list(items: dict, documented: KeyDoc) -> dict:
    return {**_list(items), "description": documented.description, "examples": list(documented.examples)}


def rule_schema(doc_text: str | None = None) -> dict:
    """The JSON Schema of the rule file, format version FORMAT_VERSION, from the loader's key lists and
    docs/rule-format.md (or `doc_text`, its text). SchemaError if the documentation lacks a key."""
    if doc_text is None:
        if not DOC.is_file():
            raise SchemaError(f"{DOC} is needed to generate the schema (its key tables give the descriptions)")
        doc_text = DOC.read_text(encoding="utf-8")
    docs, values = _Docs(doc_text), _values()
    defs: dict[str, Any] = {}
    for context in ("utveckling", "sammanvägning", "standard", "jämförelse", "enhet", "nivå i hierarki",
                    "teckenförklaring", "nivå i teckenförklaringen"):
        defs[context] = _section(_properties(context, docs, values), _REQUIRED.get(context, ()))
    defs["sammanvägning"] = {
        "description": "Metoden ensam (alla, majoritet, sämsta, andel, viktat), eller ett avsnitt med metod och gränser.",
        "anyOf": [_pattern(_METHODS), {
            **defs["sammanvägning"],
            "if": {"properties": {"metod": {"pattern": _whole("andel|viktat")}}},
            "then": {"properties": {"uppfyllt": {"type": "string"}, "delvis": {"type": "string"}},
                     "required": ["uppfyllt", "delvis"]},
            "else": {"properties": {"uppfyllt": {"type": "null"}, "delvis": {"type": "null"}}}}]}
    for key, entry in defs["teckenförklaring"]["properties"].items():
        if key in (*LEVEL_KEYS, *TREND_KEYS, *REASON_KEYS) or key in (NO_ARROW_KEY, MANUAL_KEY):
            fields = _properties("teckenpost", docs, values)
            allowed = LEVEL_ENTRY_KEYS if key in LEVEL_KEYS else ENTRY_KEYS
            for schema in [entry, *entry.get("anyOf", [])]:
                if schema.get("type") == "object":
                    schema["properties"] = {name: fields[name] for name in allowed}
    defs["vikt"] = {"anyOf": [{"type": "number", "exclusiveMinimum": 0}, _NUMBER_TEXT]}
    skillnad = docs.key("indikator", GAP_KEY)
    defs["skillnad"] = {"type": "string", "pattern": "^\\s*\\S.*?\\s" + ci(r"mellan\s+\S"),
                        "description": "En gräns och två grupper: 'högst 1 procentenhet mellan kvinnor och män'."}
    defs["mål"] = {
        "type": ["string", "number"],
        "description": "Målet, skrivet som i styrkortet: en av målfraserna (docs/rule-format.md, Målfraser).",
        "anyOf": [{"title": form.name, "description": form.meaning, "examples": list(form.examples),
                   "pattern": target_pattern(form), "patternErrorMessage": f"Inte en målfras av typen {form.name}."}
                  for form in TARGET_FORMS]}
    indicator = _properties("indikator", docs, values)
    gap_example = next((value for value in re.findall(r"`([^`]+)`", skillnad.description)
                        if value.casefold().startswith(GAP_KEY_PREFIX)), None)
    gap_pattern = "^\\s*" + ci(GAP_KEY_PREFIX.strip().replace(" ", r"\s+")) + "\\s+\\S"
    defs["indikator"] = _section(indicator, _REQUIRED["indikator"], patternProperties={gap_pattern: {
        **TEXT, "description": skillnad.description + " Med grupperna i nyckeln: "
        + (gap_example or "skillnad mellan kvinnor och män: högst 1 procentenhet") + "."}})
    # The default levels, from the model's DEFAULT_LEVELS: each node's list is the next level's key.
    keys = [level.key for level in DEFAULT_LEVELS] + [INDICATORS_KEY]
    for depth, level in reversed(list(enumerate(DEFAULT_LEVELS))):
        child = keys[depth + 1]
        properties = _properties("nod", docs, values)
        child_items = _ref("indikator") if child == INDICATORS_KEY else _ref(f"nod: {DEFAULT_LEVELS[depth + 1].name}")
        properties[child] = _node_list(child_items, docs.key("nod", child))
        defs[f"nod: {level.name}"] = {**_section(properties, (*_REQUIRED["nod"], child)),
                                      "description": f"En nod på nivån '{level.name}'."}
    # A node of a scorecard's own levels (`hierarki`): its child list's key is the file's own.
    own = _properties("nod", docs, values)
    own[INDICATORS_KEY] = _node_list(_ref("indikator"), docs.key("nod", INDICATORS_KEY))
    defs["egen nod"] = {**_section(own, _REQUIRED["nod"], _list(_ref("egen nod"))),
                        "description": "En nod på en nivå i en egen hierarki (hierarki): listan under den står under "
                                       "nästa nivås namn (eller 'lista'), den sista nivåns under 'indikatorer'."}
    top = _properties("regelfil", docs, values)
    first = docs.key("regelfil", DEFAULT_LEVELS[0].key)
    top[DEFAULT_LEVELS[0].key] = _node_list(_ref(f"nod: {DEFAULT_LEVELS[0].name}"), first)
    top[INDICATORS_KEY] = _node_list(_ref("indikator"), KeyDoc(
        "Indikatorerna direkt på översta nivån, med 'hierarki: []'. " + first.description,
        (_trimmed(docs.key("nod", INDICATORS_KEY).examples[0]),)))
    known = {key: True for key in top}
    return {
        "$schema": DRAFT,
        "title": f"malmotor: regelfil, formatversion {FORMAT_VERSION}",
        "description": (f"En regelfil för malmotor (formatversion {FORMAT_VERSION}, docs/rule-format.md). Genererad "
                        "av 'malmotor schema' ur malmotors egna nyckellistor och dokumentationens nyckeltabeller. "
                        "Utan 'hierarki' är nivåerna perspektiv → strategiska mål → mål → indikatorer och inga andra "
                        "nycklar godtas; med 'hierarki' står nivåernas listor under filens egna namn, som schemat "
                        "inte kan känna till: då godtas varje ytterligare nyckel med en lista med noder, och malmotor "
                        "prövar att namnen är hierarkins."),
        "type": "object",
        "properties": top,
        "required": list(_REQUIRED["regelfil"]),
        "if": {"required": [HIERARCHY_KEY]},
        "then": {"properties": known, "additionalProperties": {
            **_list(_ref("egen nod")), "description": "Listan för den översta nivån i 'hierarki', under nivåns "
            "namn (eller 'lista')."}},
        "else": {"properties": {key: True for key in known if key != INDICATORS_KEY}, "additionalProperties": False,
                 "required": [DEFAULT_LEVELS[0].key]},
        "$defs": dict(sorted(defs.items())),
    }


def schema_text(schema: dict | None = None) -> str:
    """The schema as the committed file holds it: sorted keys, two spaces, UTF-8 text, a final newline."""
    return json.dumps(rule_schema() if schema is None else schema, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


SHIPPED = ("schema", "malmotor-rules.v1.json")  # beside the package in a checkout; malmotor/schemas/ when installed


def shipped_schema_text() -> str:
    """The committed schema, for an installed copy that has no docs/ to generate it from (the tests hold the
    committed file equal to the generated one)."""
    package = Path(__file__).resolve().parent
    for candidate in (package / "schemas" / SHIPPED[1], package.parent / SHIPPED[0] / SHIPPED[1]):
        if candidate.is_file():
            return candidate.read_text(encoding="utf-8")
    raise SchemaError("the schema file malmotor-rules.v1.json is missing from this installation")
