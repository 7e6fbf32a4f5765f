"""Read YAML as plain data that remembers its line numbers; never construct Python objects.

ruamel's round-trip loader keeps the position of every key and item (0-based; this module
is the one place that turns them into 1-based lines). Tags such as `!!python/object` are
refused before anything is built: rule files are data. Numbers and dates are kept as the
text the user wrote (`3.80` stays `3.80`, `0x10` is not 16), because their meaning depends
on the indicator and the written precision is shown in explanations.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.composer import Composer
from ruamel.yaml.constructor import RoundTripConstructor
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.events import CollectionStartEvent, ScalarEvent
from ruamel.yaml.reader import ReaderError

from ..diagnostics import Diagnostic, error

EMPTY_HINT = ("Fyll i filen enligt malmotors dokumentation: docs/rule-format.md för regelfiler, "
              "docs/measures-format.md för mätvärden.")
# File signatures of spreadsheets that are sometimes given instead of a CSV export.
_SPREADSHEET_MAGIC = (b"PK\x03\x04", b"\xd0\xcf\x11\xe0")


class YamlProblem(Exception):
    def __init__(self, diagnostic: Diagnostic) -> None:
        super().__init__(diagnostic.render())
        self.diagnostic = diagnostic


class _TagRefused(Exception):
    def __init__(self, tag: str, line: int, column: int | None = None) -> None:
        super().__init__(tag)
        self.tag, self.line, self.column = tag, line, column


class _DuplicateKey(Exception):
    def __init__(self, key: str, first: int | None, second: int, column: int | None = None) -> None:
        super().__init__(key)
        self.key, self.first, self.second, self.column = key, first, second, column


class _DataOnlyComposer(Composer):
    """Refuses an explicit tag (`!!python/object/apply:…`, `!!int`, `!x`) where it is written."""

    def compose_node(self, parent: Any, index: Any) -> Any:
        event = self.parser.peek_event()
        tag = getattr(event, "ctag", None) if isinstance(event, (ScalarEvent, CollectionStartEvent)) else None
        if tag is not None:
            written = f"{getattr(tag, 'handle', None) or ''}{getattr(tag, 'suffix', None) or tag}"
            raise _TagRefused(written, event.start_mark.line + 1, _column(event.start_mark))
        return super().compose_node(parent, index)


class _TextConstructor(RoundTripConstructor):
    """Numbers and dates stay the text they were written as; duplicate keys name both lines."""

    def construct_as_written(self, node: Any) -> str:
        return str(node.value)

    def check_mapping_key(self, node: Any, key_node: Any, mapping: Any, key: Any, value: Any) -> bool:
        if key in mapping:
            first = next((k.start_mark.line + 1 for k, _ in node.value
                          if k is not key_node and getattr(k, "value", None) == key_node.value), None)
            raise _DuplicateKey(str(key), first, key_node.start_mark.line + 1, _column(key_node.start_mark))
        return True


for _tag in ("int", "float", "timestamp"):
    _TextConstructor.add_constructor(f"tag:yaml.org,2002:{_tag}", _TextConstructor.construct_as_written)


def read_text(path: Path) -> str:
    """The file's text, or a diagnostic that says why it cannot be read."""
    name = str(path)
    if not path.exists():
        raise YamlProblem(error(name, None, "Filen finns inte.", "Kontrollera sökvägen och filnamnet.",
                                code="fil-saknas"))
    if path.is_dir():
        raise YamlProblem(error(name, None, "Sökvägen är en mapp, inte en fil.", "Ange en fil i mappen.",
                                code="mapp-inte-fil"))
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise YamlProblem(error(name, None, f"Filen kan inte läsas ({exc.strerror}).", code="fil-oläslig")) from exc
    if data.startswith(_SPREADSHEET_MAGIC):
        raise YamlProblem(error(name, None, "Filen är en Excel-fil, inte en textfil.",
                                "Spara den i Excel som 'CSV UTF-8' och ange den sparade filen.", code="excel-fil"))
    # NFC: "ä" typed on macOS or copied from a PDF may be "a" + a combining mark, which would
    # not match the "ä" of a key, an id or a status written elsewhere.
    text = unicodedata.normalize("NFC", _decode(name, data))
    if not text.strip():
        raise YamlProblem(error(name, 1, "Filen är tom.", EMPTY_HINT, code="tom-fil"))
    return text


def _decode(name: str, data: bytes) -> str:
    """UTF-8 (with or without BOM), or UTF-16 with a BOM as Excel's "Unicode text" writes it."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            pass
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise YamlProblem(error(name, line, "Filen är inte sparad som UTF-8 (å, ä och ö kan inte läsas).",
                                "Spara om filen med teckenkodningen UTF-8, i Excel som 'CSV UTF-8'.",
                                code="ej-utf8")) from exc


def load_yaml(path: Path) -> Any:
    """Parse a YAML file into CommentedMap/CommentedSeq/strings, with Swedish errors."""
    text = read_text(path)
    name = str(path)
    yaml = YAML(typ="rt")
    yaml.Composer = _DataOnlyComposer
    yaml.Constructor = _TextConstructor
    try:
        data = yaml.load(text)
    except RecursionError:
        raise YamlProblem(error(name, None, "Filen är för djupt nästlad för att läsas.",
                                "Kontrollera hakparenteser och indrag: en regelfil har bara några få nivåer.",
                                code="för-djup-nästling")) from None
    except _TagRefused as exc:
        raise YamlProblem(error(name, exc.line, f"YAML-taggen {exc.tag} är inte tillåten.",
                                "Filen får bara innehålla data: ta bort taggen (det som börjar med '!') "
                                "och skriv värdet som vanlig text.", code="yaml-tagg", column=exc.column)) from None
    except _DuplicateKey as exc:
        where = f" (första gången på rad {exc.first})" if exc.first else ""
        raise YamlProblem(error(name, exc.second, f"Nyckeln '{exc.key}' står två gånger i samma avsnitt{where}.",
                                "Ta bort den ena, eller byt namn på den.", code="dubbel-nyckel",
                                column=exc.column)) from None
    except MarkedYAMLError as exc:
        raise YamlProblem(_syntax_error(name, exc, text)) from exc
    except ReaderError as exc:
        line, column = None, None
        if isinstance(exc.position, int):
            line = text[: exc.position].count("\n") + 1
            column = exc.position - (text.rfind("\n", 0, exc.position) + 1) + 1
        raise YamlProblem(error(name, line, "Filen innehåller ett osynligt styrtecken som inte är tillåtet.",
                                "Skriv om raden för hand, eller spara filen som vanlig text (UTF-8).",
                                code="styrtecken", column=column)) from exc
    except YAMLError as exc:
        raise YamlProblem(error(name, None, f"Filen är inte giltig YAML ({exc}).", code="yaml-syntax")) from exc
    if data is None:
        raise YamlProblem(error(name, 1, "Filen innehåller bara kommentarer, inga värden.", EMPTY_HINT,
                                code="tom-fil"))
    return data


# ruamel's problem text → (Swedish explanation, hint, use the line where the construct began).
_SYNTAX = (
    ("mapping values are not allowed", "ett kolon följt av mellanslag står mitt i en text",
     "Sätt texten inom citattecken, t.ex. namn: \"Enkät: Vet du var …?\"", False),
    ("found character '\\t'", "raden innehåller ett tabbtecken",
     "Använd mellanslag för indrag, inte tabb.", False),
    ("while scanning a quoted scalar", "ett citattecken öppnas men stängs aldrig",
     "Avsluta texten med samma citattecken som den börjar med (' eller \").", True),
    ("while parsing a flow sequence", "en hakparentes '[' stängs aldrig",
     "Avsluta listan med ']' på samma rad, t.ex. [förstudie, aktiviteter].", True),
    ("while parsing a flow mapping", "en klammerparentes '{' stängs aldrig",
     "Avsluta avsnittet med '}' på samma rad, eller sätt texten inom citattecken.", True),
    ("could not find expected ':'", "raden saknar kolon efter nyckeln",
     "Skriv 'nyckel: värde' med ett mellanslag efter kolonet.", True),
    ("but found '<scalar>'", "det står text efter ett avslutat värde (efter citattecken eller ']')",
     "Sätt hela värdet inom citattecken, t.ex. namn: \"'Rutin' för uppföljning\".", False),
    ("expected <block end>", "indraget stämmer inte med raderna ovanför",
     "Nycklar i samma avsnitt ska börja i samma kolumn; en ny post i en lista börjar med '- '.", False),
    ("that cannot start any token", "ett värde börjar med ett tecken som måste stå inom citattecken",
     "Sätt värdet inom citattecken, t.ex. symbol: \"@\".", False),
    ("found undefined alias", "ett värde börjar med '*'",
     "Sätt värdet inom citattecken, t.ex. symbol: \"*\".", False),
    ("expected alphabetic or numeric character", "ett värde börjar med '*' eller '&'",
     "Sätt värdet inom citattecken, t.ex. symbol: \"*\".", False),
    ("expected chomping or indentation indicators", "ett värde börjar med '>' eller '|'",
     "Sätt värdet inom citattecken, t.ex. mål: \">= 90 %\".", False),
    ("another document", "filen innehåller flera dokument (en rad med '---')",
     "Ta bort raden med '---' och det som står efter den, eller lägg det i en egen fil.", False),
)


_KEY_VALUE = re.compile(r"^(?P<indent>\s*(?:-\s+)?)(?P<key>[^:#'\"]+):\s+(?P<value>.+?)\s*$")


def _syntax_error(name: str, exc: MarkedYAMLError, text: str = "") -> Diagnostic:
    """A YAML syntax error in Swedish, on the line where the mistake is most likely."""
    seen = f"{exc.context or ''} {exc.problem or ''}"
    for pattern, explanation, hint, at_start in _SYNTAX:
        if pattern in seen:
            mark = exc.context_mark if at_start and exc.context_mark else exc.problem_mark or exc.context_mark
            explanation, hint = _about_the_line(pattern, explanation, hint, text, _line(mark))
            return error(name, _line(mark), f"Filen är inte giltig YAML: {explanation}.", hint, code="yaml-syntax",
                         column=_column(mark))
    what = re.sub(r"\s+", " ", exc.problem or "okänt fel").strip()
    mark = exc.problem_mark or exc.context_mark
    return error(name, _line(mark), f"Filen är inte giltig YAML ({what}).",
                 "Kontrollera indrag, kolon och citattecken på raden och raden ovanför.", code="yaml-syntax",
                 column=_column(mark))


def _about_the_line(pattern: str, explanation: str, hint: str, text: str, line: int | None) -> tuple[str, str]:
    """Say it with the user's own line where we can: `enhet: "%"`, or the indentation that is off."""
    lines = text.splitlines()
    if not line or line > len(lines) or not (match := _KEY_VALUE.match(lines[line - 1])):
        return explanation, hint
    key, value = match["key"].strip(), match["value"]
    if pattern in ("that cannot start any token", "found undefined alias", "expected alphabetic or numeric character",
                   "expected chomping or indentation indicators"):
        return explanation, f'Sätt värdet inom citattecken: {key}: "{value}"'
    above = next((row for row in reversed(lines[: line - 1]) if row.strip() and not row.lstrip().startswith("#")), "")
    if pattern == "mapping values are not allowed" and ":" not in value and \
            len(match["indent"]) > len(above) - len(above.lstrip()) and not above.rstrip().endswith(":"):
        return ("raden är indragen mer än raden ovanför",
                f"Nycklar i samma avsnitt ska börja i samma kolumn: flytta '{key}:' så att den står rakt under "
                "nyckeln ovanför.")
    if pattern == "mapping values are not allowed" and ":" in value:
        return explanation, f'Sätt texten inom citattecken: {key}: "{value}"'
    return explanation, hint


def _line(mark: Any) -> int | None:
    return mark.line + 1 if mark is not None else None


def _column(mark: Any) -> int | None:
    """1-based column of a ruamel mark (which counts from 0)."""
    column = getattr(mark, "column", None)
    return column + 1 if isinstance(column, int) else None


def key_line(mapping: Any, key: Any) -> int | None:
    """1-based line of `key` in a mapping, or of the mapping itself if the key is absent."""
    if isinstance(mapping, CommentedMap):
        try:
            return mapping.lc.key(key)[0] + 1
        except (KeyError, TypeError):
            return node_line(mapping)
    return None


def key_position(mapping: Any, key: Any) -> tuple[int | None, int | None]:
    """1-based (line, column) of `key` in a mapping; the column is None where unknown."""
    if isinstance(mapping, CommentedMap):
        try:
            line, column = mapping.lc.key(key)
            return line + 1, column + 1
        except (KeyError, TypeError):
            return node_line(mapping), None
    return None, None


def item_line(sequence: Any, index: int) -> int | None:
    if isinstance(sequence, CommentedSeq):
        try:
            return sequence.lc.item(index)[0] + 1
        except (KeyError, TypeError, IndexError):
            return node_line(sequence)
    return None


def node_line(node: Any) -> int | None:
    lc = getattr(node, "lc", None)
    return lc.line + 1 if lc is not None and lc.line is not None else None
