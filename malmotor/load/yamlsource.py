"""Read YAML as plain data that remembers its line numbers; never construct Python objects.

ruamel's round-trip loader keeps the position of every key and item (0-based; this module
is the one place that turns them into 1-based lines). Tags such as `!!python/object` are
refused before anything is built: rule files are data. Numbers and dates are kept as the
text the user wrote (`3.80` stays `3.80`, `0x10` is not 16), because their meaning depends
on the indicator and the written precision is shown in explanations.

Rule and measures files are small, hand-written data, so anything that makes reading them slow
or their text unsafe to show is refused before it is parsed or turned into text: files above a
size limit (before they are read whole), invisible control characters (also when a
double-quoted escape such as `"\\e"` produces one), and YAML anchors, aliases and merge keys
(`&a`, `*a`, `<<:`), which these files never need and which can expand to billions of values.
Comments are skipped by the scanner, not kept: malmotor never writes YAML back.
"""

from __future__ import annotations

import codecs
import errno
import os
import re
import stat
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.composer import Composer
from ruamel.yaml.constructor import RoundTripConstructor
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.events import AliasEvent, CollectionStartEvent, ScalarEvent
from ruamel.yaml.nodes import MappingNode
from ruamel.yaml.reader import ReaderError
from ruamel.yaml.scanner import Scanner

from ..diagnostics import Diagnostic, error, os_error_text

EMPTY_HINT = ("Fyll i filen enligt malmotors dokumentation: docs/rule-format.md för regelfiler, "
              "docs/measures-format.md för mätvärden.")
# File signatures of spreadsheets given where a text file is read: a workbook (.xlsx, a zip) under
# another name (`.csv`, `.yaml`, or as the rule file), and Excel 97–2003's binary .xls, which malmotor
# does not read. A measures file named .xlsx never comes here (spreadsheet.py reads it).
_XLSX_MAGIC = b"PK\x03\x04"
_XLS_MAGIC = b"\xd0\xcf\x11\xe0"
_SPREADSHEET_MAGIC = (_XLSX_MAGIC, _XLS_MAGIC)


@dataclass(frozen=True)
class SizeLimit:
    """The largest file of one kind that is read at all (docs/rule-format.md and
    docs/measures-format.md, "Felmeddelanden"); a larger file is refused before it is read."""

    megabytes: int
    what: str  # "en regelfil": the end of "… som är gränsen för en regelfil"
    hint: str

    @property
    def bytes(self) -> int:
        return self.megabytes * 1024 * 1024


# A real rule file is 5–50 kB; 20 MB is a thousand times that and reads in a few seconds.
RULE_FILE_LIMIT = SizeLimit(20, "en regelfil", "En regelfil är normalt några kilobyte: kontrollera att det är rätt "
                                              "fil, och att regelfilen anges först och mätvärdesfilerna efter den.")

# Control characters that must not reach a terminal, a CSV or a Markdown table: C0 except tab,
# line feed and carriage return, DEL, C1 (also NEL, U+0085, which YAML counts as a line break), the
# bidirectional marks, embeddings, overrides and isolates (U+200E, U+200F, U+061C, U+202A–U+202E,
# U+2066–U+2069), the zero-width space and joiners (U+200B–U+200D), which make two equal-looking ids
# or statuses differ, a byte-order mark (U+FEFF) anywhere but first (where decoding removes it), and
# the line and paragraph separators (U+2028, U+2029), which YAML also counts as line breaks, so that
# line numbers would no longer match what an editor shows.
_INVISIBLE = "\u061c\u200b-\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff"
_CONTROL = re.compile(f"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f{_INVISIBLE}]")
# In a parsed value a carriage return can only come from a `"\r"` escape: refused too.
_CONTROL_IN_VALUE = re.compile(f"[\x00-\x08\x0b-\x1f\x7f-\x9f{_INVISIBLE}]")
_C0_NAMES = ("NUL SOH STX ETX EOT ENQ ACK BEL BS HT LF VT FF CR SO SI DLE DC1 DC2 DC3 DC4 NAK SYN ETB CAN EM SUB "
             "ESC FS GS RS US").split()
_BIDI = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
_LINE_BREAK = re.compile(r"\r\n|\r|\n")


def describe_character(character: str) -> str:
    """`U+001B (ESC)`: a character named without writing it, for a message about it."""
    code = ord(character)
    name = _C0_NAMES[code] if code < 0x20 else "DEL" if code == 0x7F else None
    return f"U+{code:04X} ({name})" if name else f"U+{code:04X}"


def visible(text: str) -> str:
    """`text` with every refused control character written as `<U+001B>`, so that it can be shown."""
    return _CONTROL_IN_VALUE.sub(lambda match: f"<U+{ord(match[0]):04X}>", text)


def _control_character(name: str, text: str, match: re.Match) -> Diagnostic:
    """A refused character in the file itself, with its line and column (counted as YAML counts
    lines: `\\r\\n`, `\\r` and `\\n` each end one)."""
    start = match.start()
    line = len(_LINE_BREAK.findall(text, 0, start)) + 1
    column = start - max(text.rfind("\n", 0, start), text.rfind("\r", 0, start))
    character = match[0]
    if character in _BIDI:
        message = ("Filen innehåller ett osynligt tecken som vänder textens riktning, "
                   f"{describe_character(character)}, som inte är tillåtet.")
    else:
        message = f"Filen innehåller ett osynligt styrtecken, {describe_character(character)}, som inte är tillåtet."
    return error(name, line, message,
                 f"Ta bort tecknet (rad {line}, kolumn {column}): skriv om texten för hand, eller spara filen som "
                 "vanlig text (UTF-8). Sådana tecken kan ändra hur resultatet visas i en terminal eller ett "
                 "kalkylark.", code="styrtecken", column=column)


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


class _Refused(Exception):
    """A construct the files never need (an anchor, an alias, a merge key), where it is written."""

    def __init__(self, kind: str, written: str, line: int, column: int | None) -> None:
        super().__init__(written)
        self.kind, self.written, self.line, self.column = kind, written, line, column


class _DataOnlyComposer(Composer):
    """Refuses an explicit tag (`!!python/object/apply:…`, `!!int`, `!x`), an anchor (`&a`), an alias
    of a defined anchor (`*a`) and a merge key (`<<:`) where it is written, before anything is built:
    nothing can then expand into a tree of billions of values. An alias of an undefined anchor is left
    to ruamel, whose error says "a value starts with '*'" (`symbol: *`, meant as text)."""

    def compose_node(self, parent: Any, index: Any) -> Any:
        event = self.parser.peek_event()
        if isinstance(event, AliasEvent):
            if event.anchor in self.anchors:
                raise _Refused("alias", f"*{event.anchor}", event.start_mark.line + 1, _column(event.start_mark))
            return super().compose_node(parent, index)
        if isinstance(event, (ScalarEvent, CollectionStartEvent)):
            tag = getattr(event, "ctag", None)
            if tag is not None:
                written = f"{getattr(tag, 'handle', None) or ''}{getattr(tag, 'suffix', None) or tag}"
                raise _TagRefused(written, event.start_mark.line + 1, _column(event.start_mark))
            if event.anchor is not None:
                raise _Refused("anchor", f"&{event.anchor}", event.start_mark.line + 1, _column(event.start_mark))
            if isinstance(parent, MappingNode) and index is None and isinstance(event, ScalarEvent) \
                    and event.value == "<<" and event.style is None:
                raise _Refused("merge", "<<", event.start_mark.line + 1, _column(event.start_mark))
        return super().compose_node(parent, index)


_COMMENT_END = re.compile("[\0\r\n\x85\u2028\u2029]")
# A line that looks like YAML structure (`mål: 3 %`, `- id: x`, `- …`): in a quoted text that
# runs over several lines it means that the quote was not closed where it should have been.
_LOOKS_LIKE_STRUCTURE = re.compile(r"^\s*(?:-(?:\s|$)|[^\s#'\"\-][^:#]*:(?:\s|$))")


class _TextScanner(Scanner):
    """ruamel's scanner without round-trip comments, which makes reading linear in the file's size.

    The round-trip scanner keeps every comment and joins a block of comment lines by repeated
    string concatenation on the token (`c.value = c.value + …`), which is quadratic: 4 MB of
    trailing comments took seconds, 50 MB did not finish. malmotor never writes YAML back, so
    comments are skipped here, in one regex search per comment instead of one call per character;
    the positions of keys and items (`lc`) come from the nodes and are unchanged.

    Quoted texts that run over several lines are remembered: an unclosed quote usually ends at
    the next quote in the file, lines later, and the error then shows there (see `_unclosed_quote`)."""

    def __init__(self, loader: Any = None) -> None:
        self.multiline_quotes: list[tuple[Any, Any, str]] = []
        super().__init__(loader=loader)

    def scan_to_next_token(self) -> Any:
        reader = self.reader
        if reader.raw_buffer is not None:  # a stream being decoded, not one string: the slow way
            return super().scan_to_next_token()
        peek, forward = reader.peek, reader.forward
        if reader.index == 0 and peek() == "\ufeff":
            forward()
        white_space = " \t" if self.flow_level > 0 else " "
        while True:
            while peek() in white_space:
                forward()
            if peek() == "#":  # a comment runs to the end of the line, which is not part of it
                skip = _COMMENT_END.search(reader.buffer, reader.pointer).start() - reader.pointer
                reader.pointer += skip
                reader.index += skip
                reader.column += skip
            if self.scan_line_break():
                if not self.flow_level:
                    self.allow_simple_key = True
            else:
                return None

    def scan_flow_scalar(self, style: Any) -> Any:
        token = super().scan_flow_scalar(style)
        if token.start_mark.line != token.end_mark.line:
            self.multiline_quotes.append((token.start_mark, token.end_mark, style))
        return token


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


def read_text(path: Path, limit: SizeLimit = RULE_FILE_LIMIT) -> str:
    """The file's text, or a diagnostic that says why it cannot be read. A file larger than `limit`
    is refused before it is read; a control character is refused wherever it is (`_CONTROL`)."""
    name = str(path)
    if problem := file_problem(path):
        raise YamlProblem(problem)
    try:
        size = path.stat().st_size
        if size > limit.bytes:
            raise YamlProblem(_too_large(name, size, limit))
        data = _read_at_most(path, limit.bytes)
    except OSError as exc:
        raise YamlProblem(error(name, None, f"Filen kan inte läsas ({os_error_text(exc)}).", _UNREADABLE_HINT,
                                code="fil-oläslig")) from exc
    if len(data) > limit.bytes:
        raise YamlProblem(_too_large(name, None, limit))
    if data.startswith(_SPREADSHEET_MAGIC):
        hint = ("Det gamla formatet .xls kan inte läsas: spara den i Excel som 'Excel-arbetsbok' (.xlsx) eller som "
                "'CSV UTF-8', och ange den sparade filen." if data.startswith(_XLS_MAGIC) else
                "Mätvärden i en Excel-arbetsbok läses från en fil som slutar på .xlsx: ge filen rätt filändelse, "
                "eller spara den som 'CSV UTF-8'. En regelfil skrivs i YAML och anges först.")
        raise YamlProblem(error(name, None, "Filen är en Excel-fil, inte en textfil.", hint, code="excel-fil"))
    # NFC: "ä" typed on macOS or copied from a PDF may be "a" + a combining mark, which would
    # not match the "ä" of a key, an id or a status written elsewhere.
    text = unicodedata.normalize("NFC", _decode(name, data))
    if match := _CONTROL.search(text):
        raise YamlProblem(_control_character(name, text, match))
    if not text.strip():
        raise YamlProblem(error(name, 1, "Filen är tom.", EMPTY_HINT, code="tom-fil"))
    return text


def file_problem(path: Path) -> Diagnostic | None:
    """Why `path` cannot be read as a file, said in Swedish, or None: it does not exist, it is a
    folder, a loop of symbolic links, a name too long for the file system, or a folder on the way
    that may not be entered. Never an exception: `Path.exists()` itself raises for some of these."""
    name = str(path)
    try:
        found = path.stat()
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return error(name, None, "Sökvägen är en slinga av symboliska länkar: länken pekar till slut på sig "
                         "själv och leder aldrig fram till en fil.",
                         "Kontrollera länken med 'ls -l', och ange själva filen i stället.", code="länkslinga")
        if exc.errno in (errno.ENOENT, errno.ENOTDIR) and not os.path.lexists(path):
            return error(name, None, "Filen finns inte.", "Kontrollera sökvägen och filnamnet.", code="fil-saknas")
        if exc.errno == errno.ENOENT:  # a symbolic link whose target is gone
            return error(name, None, "Filen är en symbolisk länk till en fil som inte finns.",
                         "Kontrollera länken med 'ls -l', och ange själva filen i stället.", code="fil-saknas")
        if exc.errno == errno.ENAMETOOLONG:
            return error(name, None, f"Filen kan inte läsas ({os_error_text(exc)}).",
                         "Ett filnamn får vara högst 255 byte (ett å, ä eller ö räknas som två): byt namn på filen "
                         "eller mappen till något kortare.", code="fil-oläslig")
        return error(name, None, f"Filen kan inte läsas ({os_error_text(exc)}).", _UNREADABLE_HINT,
                     code="fil-oläslig")
    if stat.S_ISDIR(found.st_mode):
        return error(name, None, "Sökvägen är en mapp, inte en fil.", "Ange en fil i mappen.", code="mapp-inte-fil")
    return None


_UNREADABLE_HINT = ("Kontrollera att du har läsrätt till filen och till mapparna på vägen dit (t.ex. med "
                    "'ls -ld'), eller kopiera filen till en mapp du kan läsa.")


def _read_at_most(path: Path, limit: int) -> bytes:
    """The file's bytes, but no more than one byte past `limit`: also a pipe, a device or a file that
    grows while it is read (for which `stat` said nothing or too little) is never read whole."""
    chunks, total = [], 0
    with path.open("rb") as file:
        while total <= limit and (chunk := file.read(min(1 << 20, limit + 1 - total))):
            chunks.append(chunk)
            total += len(chunk)
    return b"".join(chunks)


def _too_large(name: str, size: int | None, limit: SizeLimit) -> Diagnostic:
    written = f"{size / 1024 / 1024:.1f}".replace(".", ",") + " MB, " if size is not None else ""
    return error(name, None,
                 f"Filen är {written}större än {limit.megabytes} MB, som är gränsen för {limit.what}.",
                 limit.hint, code="för-stor-fil")


def _decode(name: str, data: bytes) -> str:
    """UTF-8 (with or without BOM), or UTF-16 with a BOM as Excel's "Unicode text" writes it."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            pass
    zeros = sorted(part.count(0) / len(part) for part in (data[:4096:2], data[1:4096:2])) if len(data) >= 4 else [0]
    if zeros[-1] >= 0.9 and zeros[0] <= 0.1:
        # UTF-16 without a byte-order mark: every other byte is zero for ASCII and å, ä, ö, which UTF-8
        # would take for control characters (or stumble on at the first å), never saying what the file is
        raise YamlProblem(error(name, 1, "Filen är sparad som UTF-16 utan byte-ordningsmärke, inte som UTF-8.",
                                "Spara om filen med teckenkodningen UTF-8, i Excel som 'CSV UTF-8'.", code="ej-utf8"))
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise YamlProblem(error(name, line, "Filen är inte sparad som UTF-8 (å, ä och ö kan inte läsas).",
                                "Spara om filen med teckenkodningen UTF-8, i Excel som 'CSV UTF-8'.",
                                code="ej-utf8")) from exc


def load_yaml(path: Path, limit: SizeLimit = RULE_FILE_LIMIT) -> Any:
    """Parse a YAML file into CommentedMap/CommentedSeq/strings, with Swedish errors."""
    text = read_text(path, limit)
    name = str(path)
    yaml = YAML(typ="rt")
    yaml.Scanner = _TextScanner
    yaml.Composer = _DataOnlyComposer
    yaml.Constructor = _TextConstructor
    try:
        data = yaml.load(text)
    except RecursionError:
        line, column = _deepest(text)
        raise YamlProblem(error(name, line, "Filen är för djupt nästlad för att läsas.",
                                "Kontrollera hakparenteser och indrag: en regelfil har bara några få nivåer.",
                                code="för-djup-nästling", column=column)) from None
    except _TagRefused as exc:
        raise YamlProblem(error(name, exc.line, f"YAML-taggen {exc.tag} är inte tillåten.",
                                "Filen får bara innehålla data: ta bort taggen (det som börjar med '!') "
                                "och skriv värdet som vanlig text.", code="yaml-tagg", column=exc.column)) from None
    except _Refused as exc:
        raise YamlProblem(_refused(name, exc, text)) from None
    except _DuplicateKey as exc:
        where = f" (första gången på rad {exc.first})" if exc.first else ""
        raise YamlProblem(error(name, exc.second,
                                f"Nyckeln '{visible(exc.key)}' står två gånger i samma avsnitt{where}.",
                                "Ta bort den ena, eller byt namn på den.", code="dubbel-nyckel",
                                column=exc.column)) from None
    except MarkedYAMLError as exc:
        quotes = getattr(getattr(yaml, "_scanner", None), "multiline_quotes", [])
        raise YamlProblem(_unclosed_quote(name, exc, text, quotes) or _syntax_error(name, exc, text)) from exc
    except ReaderError as exc:  # read_text refuses these characters first; kept as a safety net
        line, column = None, None
        if isinstance(exc.position, int):
            line = text[: exc.position].count("\n") + 1
            column = exc.position - (text.rfind("\n", 0, exc.position) + 1) + 1
        raise YamlProblem(error(name, line, "Filen innehåller ett osynligt styrtecken som inte är tillåtet.",
                                "Skriv om raden för hand, eller spara filen som vanlig text (UTF-8).",
                                code="styrtecken", column=column)) from exc
    except YAMLError as exc:
        raise YamlProblem(error(name, None, "Filen är inte giltig YAML och kan inte läsas.",
                                "Kontrollera indrag, kolon och citattecken, eller jämför med exemplen i "
                                "docs/rule-format.md och docs/measures-format.md.", code="yaml-syntax")) from exc
    if data is None:
        raise YamlProblem(error(name, 1, "Filen innehåller bara kommentarer, inga värden.", EMPTY_HINT,
                                code="tom-fil"))
    if found := _escaped_control_character(name, data):
        raise YamlProblem(found)
    return data


def _deepest(text: str) -> tuple[int | None, int | None]:
    """Line and column (1-based) where `text` is nested deepest, the first such place: the deepest
    opening bracket ([ or {, outside quotes and comments), or without brackets the line indented
    furthest. One pass over the text; the YAML scanner itself is slow on deep brackets."""
    depth, deepest, place = 0, 0, (None, None)
    indented, furthest = -1, (None, None)
    for number, line in enumerate(text.split("\n"), start=1):
        if line.strip() and not line.lstrip().startswith("#") and len(line) - len(line.lstrip(" -")) > indented:
            indented = len(line) - len(line.lstrip(" -"))
            furthest = (number, indented + 1)
        quote, previous = None, " "
        for column, character in enumerate(line, start=1):
            if quote:
                quote = None if character == quote else quote
            elif character in "'\"" and previous in " \t[{,:":
                quote = character
            elif character == "#" and previous in " \t":
                break
            elif character in "[{":
                depth += 1
                if depth > deepest:
                    deepest, place = depth, (number, column)
            elif character in "]}":
                depth -= 1
            previous = character
    return place if deepest else furthest


_REFUSED = {
    "anchor": ("YAML-ankaret '{written}' är inte tillåtet: ankare (&namn), alias (*namn) och '<<:' används inte i "
               "malmotors filer.", "yaml-alias"),
    "alias": ("YAML-aliaset '{written}' är inte tillåtet: ankare (&namn), alias (*namn) och '<<:' används inte i "
              "malmotors filer.", "yaml-alias"),
    "merge": ("Sammanslagning med '<<:' är inte tillåten: ankare (&namn), alias (*namn) och '<<:' används inte i "
              "malmotors filer.", "yaml-sammanslagning"),
}


def _refused(name: str, exc: _Refused, text: str) -> Diagnostic:
    message, code = _REFUSED[exc.kind]
    if exc.kind == "merge":
        hint = "Skriv ut nycklarna på varje ställe där de behövs, i stället för att hämta dem med '<<:'."
    else:
        hint = "Skriv ut värdet på varje ställe där det behövs, i stället för att hänvisa till det med & och *."
        lines = text.splitlines()
        if exc.line <= len(lines) and (match := _KEY_VALUE.match(lines[exc.line - 1])) \
                and match["value"] == exc.written:
            hint += f' Är {exc.written} menat som text, sätt det inom citattecken: {match["key"].strip()}: ' \
                    f'"{match["value"]}"'
    return error(name, exc.line, message.format(written=exc.written), hint, code=code, column=exc.column)


def _escaped_control_character(name: str, data: Any) -> Diagnostic | None:
    """A control character that only parsing made (`"\\e[31m"`, `"\\x1b"`, `"\\u202e"` in double quotes),
    at the key or value it is in; the file's own text was checked by `read_text`."""
    if isinstance(data, str):
        return _escaped(name, data, (1, None))
    stack = [data]
    while stack:
        node = stack.pop()
        if isinstance(node, CommentedMap):
            for key, value in node.items():
                if isinstance(key, str) and (found := _escaped(name, key, key_position(node, key))):
                    return found
                if isinstance(value, str) and (found := _escaped(name, value, _value_position(node, key))):
                    return found
                if isinstance(value, (CommentedMap, CommentedSeq)):
                    stack.append(value)
        elif isinstance(node, CommentedSeq):
            for index, item in enumerate(node):
                if isinstance(item, str) and (found := _escaped(name, item, _item_position(node, index))):
                    return found
                if isinstance(item, (CommentedMap, CommentedSeq)):
                    stack.append(item)
    return None


def _escaped(name: str, text: str, position: tuple[int | None, int | None]) -> Diagnostic | None:
    if not (match := _CONTROL_IN_VALUE.search(text)):
        return None
    kind = "ett tecken som vänder textens riktning" if match[0] in _BIDI else "ett styrtecken"
    shown = visible(text if len(text) <= 60 else text[:57] + "…")
    return error(name, position[0], f"Texten '{shown}' innehåller {kind}, {describe_character(match[0])}, "
                 "skrivet med en escape-sekvens inom dubbla citattecken (t.ex. \\e, \\x1b eller \\u202e).",
                 "Ta bort escape-sekvensen (från '\\' till och med koden): filerna ska bara innehålla vanlig, "
                 "synlig text.", code="styrtecken", column=position[1])


def _value_position(mapping: CommentedMap, key: Any) -> tuple[int | None, int | None]:
    try:
        line, column = mapping.lc.value(key)
        return line + 1, column + 1
    except (KeyError, TypeError):
        return key_position(mapping, key)


def _item_position(sequence: CommentedSeq, index: int) -> tuple[int | None, int | None]:
    try:
        line, column = sequence.lc.item(index)
        return line + 1, column + 1
    except (KeyError, TypeError, IndexError):
        return node_line(sequence), None


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
    ("found unknown escape character", "ett bakstreck (\\) inom dubbla citattecken följs av ett tecken som inte "
     "bildar en escape-sekvens", "Skriv texten inom enkla citattecken, där \\ är ett vanligt tecken, eller skriv "
     "\\\\ för ett bakstreck.", False),
    ("expected escape sequence of", "en escape-sekvens (\\x, \\u eller \\U) inom dubbla citattecken är "
     "ofullständig", "Skriv texten inom enkla citattecken, där \\ är ett vanligt tecken, eller skriv \\\\ för "
     "ett bakstreck.", False),
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
    # Not one of the mistakes above: say where, in Swedish, without ruamel's English text.
    mark = exc.problem_mark or exc.context_mark
    line, column = _line(mark), _column(mark)
    where = f" på rad {line}, kolumn {column}" if line and column else f" på rad {line}" if line else ""
    return error(name, line, f"Filen är inte giltig YAML: det som står{where} kan inte tolkas.",
                 "Kontrollera indrag, kolon och citattecken på raden och raden ovanför; sätt text som innehåller "
                 "specialtecken inom citattecken.", code="yaml-syntax", column=column)


def _unclosed_quote(name: str, exc: MarkedYAMLError, text: str,
                    quotes: list[tuple[Any, Any, str]]) -> Diagnostic | None:
    """An unclosed quote, on the line where it opens, with the user's line closed as the hint.

    At the end of the file ruamel says so itself. Otherwise the quoted text runs on to the next
    quote of the same kind, often many lines later (`enhet: "%` ends at the next `enhet: "`), and
    the error comes where that text ends: then the quote to blame is the quoted text that ends on
    the error's line (or the line before it) and has swallowed lines that look like keys or items."""
    lines = text.splitlines()
    if "while scanning a quoted scalar" in (exc.context or "") and exc.context_mark is not None:
        start = exc.context_mark
        quote = lines[start.line][start.column: start.column + 1] if start.line < len(lines) else ""
        return _quote_not_closed(name, lines, start, quote, "") if quote and quote in "'\"" else None
    problem = exc.problem_mark or exc.context_mark
    before = [quote for quote in quotes if problem is not None and quote[1].line <= problem.line]
    if not before:
        return None
    start, end, quote = before[-1]
    if not end.line <= problem.line <= end.line + 1:
        return None
    if not any(_LOOKS_LIKE_STRUCTURE.match(row) for row in lines[start.line + 1: end.line + 1]):
        return None
    return _quote_not_closed(name, lines, start, quote, f" (texten fortsätter ända till rad {end.line + 1})")


def _quote_not_closed(name: str, lines: list[str], start: Any, quote: str, further: str) -> Diagnostic:
    row = lines[start.line] if start.line < len(lines) else ""
    head, rest = row[: start.column + 1], row[start.column + 1:]
    if "{" in head or "[" in head:  # in a flow collection the text ends at the next ',', '}' or ']'
        cut = min((i for i in (rest.find(","), rest.find("}"), rest.find("]")) if i >= 0), default=len(rest))
        closed = head + rest[:cut].rstrip() + quote + rest[cut:]
    else:
        closed = head + rest.rstrip() + quote
    return error(name, start.line + 1,
                 f"Filen är inte giltig YAML: ett citattecken öppnas men stängs aldrig{further}.",
                 f"Avsluta texten med samma citattecken som den börjar med: {closed.strip()}", code="yaml-syntax",
                 column=start.column + 1)


def _about_the_line(pattern: str, explanation: str, hint: str, text: str, line: int | None) -> tuple[str, str]:
    """Say it with the user's own line where we can: `enhet: "%"`, or the indentation that is off."""
    lines = text.splitlines()
    if not line or line > len(lines) or not (match := _KEY_VALUE.match(lines[line - 1])):
        return explanation, hint
    key, value = match["key"].strip(), match["value"]
    if pattern in ("found unknown escape character", "expected escape sequence of"):
        if value.startswith('"') and value.endswith('"') and "'" not in value:
            return explanation, ("Skriv texten inom enkla citattecken, där \\ är ett vanligt tecken: "
                                 f"{key}: '{value[1:-1]}'")
        return explanation, hint
    if value.startswith(("'", '"')):  # already quoted: quoting it again would not help
        return explanation, hint
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
