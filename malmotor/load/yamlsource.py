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

A text that is plain data is read by libyaml's C parser instead (fastyaml.py, `parse_yaml`), into the same tree
with the same positions, some thirty times faster; anything it cannot prove plain, and every problem, is read and
explained by the ruamel path here.
"""

from __future__ import annotations

import codecs
import errno
import os
import re
import stat
import unicodedata
from collections import OrderedDict
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

from ..diagnostics import Bilingual, Diagnostic, english, error, os_error_text
from .fastyaml import load_plain_data

EMPTY_HINT = Bilingual("Fyll i filen enligt malmotors dokumentation: docs/rule-format.md för regelfiler, "
                       "docs/measures-format.md för mätvärden.",
                       "Fill in the file as malmotor's documentation describes: docs/rule-format.md for rule files, "
                       "docs/measures-format.md for measures files.")
# File signatures of spreadsheets given where a text file is read: a workbook (.xlsx, a zip) under
# another name (`.csv`, `.yaml`, or as the rule file), and Excel 97–2003's binary .xls, which malmotor
# does not read. A measures file named .xlsx never comes here (spreadsheet.py reads it).
_XLSX_MAGIC = b"PK\x03\x04"
_XLS_MAGIC = b"\xd0\xcf\x11\xe0"
SPREADSHEET_MAGIC = (_XLSX_MAGIC, _XLS_MAGIC)


@dataclass(frozen=True)
class SizeLimit:
    """The largest file of one kind that is read at all (docs/rule-format.md and
    docs/measures-format.md, "Felmeddelanden"); a larger file is refused before it is read."""

    megabytes: int
    what: str  # "en regelfil": the end of "… som är gränsen för en regelfil"; Bilingual for its English
    hint: str

    @property
    def bytes(self) -> int:
        return self.megabytes * 1024 * 1024


# A real rule file is 5–50 kB; 20 MB is a thousand times that and reads in a few seconds.
RULE_FILE_LIMIT = SizeLimit(20, Bilingual("en regelfil", "a rule file"),
                            Bilingual("En regelfil är normalt några kilobyte: kontrollera att det är rätt "
                                      "fil, och att regelfilen anges först och mätvärdesfilerna efter den.",
                                      "A rule file is normally a few kilobytes: check that it is the right file, "
                                      "and that the rule file is given first and the measures files after it."))

# Control characters that must not reach a terminal, a CSV or a Markdown table: C0 except tab,
# line feed and carriage return, DEL, C1 (also NEL, U+0085, which YAML counts as a line break), the
# bidirectional marks, embeddings, overrides and isolates (U+200E, U+200F, U+061C, U+202A–U+202E,
# U+2066–U+2069), the zero-width space and joiners (U+200B–U+200D), which make two equal-looking ids
# or statuses differ, a byte-order mark (U+FEFF) anywhere but first (where decoding removes it), and
# the line and paragraph separators (U+2028, U+2029), which YAML also counts as line breaks, so that
# line numbers would no longer match what an editor shows.
_INVISIBLE = "\u061c\u200b-\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff"
CONTROL_CHARACTERS = re.compile(f"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f{_INVISIBLE}]")
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
    described = describe_character(character)
    if character in _BIDI:
        message = Bilingual("Filen innehåller ett osynligt tecken som vänder textens riktning, "
                            f"{described}, som inte är tillåtet.",
                            f"The file contains an invisible character that reverses the direction of the text, "
                            f"{described}, which is not allowed.")
    else:
        message = Bilingual(f"Filen innehåller ett osynligt styrtecken, {described}, som inte är tillåtet.",
                            f"The file contains an invisible control character, {described}, which is not allowed.")
    return error(name, line, message,
                 Bilingual(f"Ta bort tecknet (rad {line}, kolumn {column}): skriv om texten för hand, eller spara "
                           "filen som vanlig text (UTF-8). Sådana tecken kan ändra hur resultatet visas i en terminal "
                           "eller ett kalkylark.",
                           f"Remove the character (line {line}, column {column}): type the text again by hand, or "
                           "save the file as plain text (UTF-8). Such characters can change how the result is shown "
                           "in a terminal or a spreadsheet."), code="styrtecken", column=column)


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
    to ruamel, whose error says "a value starts with '*'" (`symbol: *`, meant as text). A key that is a
    list or a mapping (`? [a, b]`, `[a]: x`) is refused too: no file has one, and a nested one could not
    even be looked up (ruamel fails on it with a TypeError)."""

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
            if isinstance(parent, MappingNode) and index is None and isinstance(event, CollectionStartEvent):
                raise _Refused("key", "", event.start_mark.line + 1, _column(event.start_mark))
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
    is refused before it is read; a control character is refused wherever it is (`CONTROL_CHARACTERS`)."""
    name = str(path)
    if problem := file_problem(path):
        raise YamlProblem(problem)
    try:
        size = path.stat().st_size
        if size > limit.bytes:
            raise YamlProblem(_too_large(name, size, limit))
        data = _read_at_most(path, limit.bytes)
    except OSError as exc:
        raise YamlProblem(error(name, None, _cannot_read(exc), _UNREADABLE_HINT, code="fil-oläslig")) from exc
    if len(data) > limit.bytes:
        raise YamlProblem(_too_large(name, None, limit))
    if data.startswith(SPREADSHEET_MAGIC):
        hint = (Bilingual("Det gamla formatet .xls kan inte läsas: spara den i Excel som 'Excel-arbetsbok' (.xlsx) "
                          "eller som 'CSV UTF-8', och ange den sparade filen.",
                          "The old format .xls cannot be read: save it in Excel as 'Excel Workbook' (.xlsx) or as "
                          "'CSV UTF-8', and give the saved file.") if data.startswith(_XLS_MAGIC) else
                Bilingual("Mätvärden i en Excel-arbetsbok läses från en fil som slutar på .xlsx: ge filen rätt "
                          "filändelse, eller spara den som 'CSV UTF-8'. En regelfil skrivs i YAML och anges först.",
                          "Measures in an Excel workbook are read from a file whose name ends in .xlsx: give the "
                          "file the right extension, or save it as 'CSV UTF-8'. A rule file is written in YAML and "
                          "given first."))
        raise YamlProblem(error(name, None, Bilingual("Filen är en Excel-fil, inte en textfil.",
                                                      "The file is an Excel file, not a text file."),
                                hint, code="excel-fil"))
    # NFC: "ä" typed on macOS or copied from a PDF may be "a" + a combining mark, which would
    # not match the "ä" of a key, an id or a status written elsewhere.
    text = unicodedata.normalize("NFC", _decode(name, data))
    if match := CONTROL_CHARACTERS.search(text):
        raise YamlProblem(_control_character(name, text, match))
    if not text.strip():
        raise YamlProblem(error(name, 1, Bilingual("Filen är tom.", "The file is empty."), EMPTY_HINT, code="tom-fil"))
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
            return error(name, None, Bilingual("Sökvägen är en slinga av symboliska länkar: länken pekar till slut på "
                                               "sig själv och leder aldrig fram till en fil.",
                                               "The path is a loop of symbolic links: the link in the end points to "
                                               "itself and never leads to a file."),
                         _CHECK_THE_LINK, code="länkslinga")
        if exc.errno in (errno.ENOENT, errno.ENOTDIR) and not os.path.lexists(path):
            return error(name, None, Bilingual("Filen finns inte.", "The file does not exist."),
                         Bilingual("Kontrollera sökvägen och filnamnet.", "Check the path and the file name."),
                         code="fil-saknas")
        if exc.errno == errno.ENOENT:  # a symbolic link whose target is gone
            return error(name, None, Bilingual("Filen är en symbolisk länk till en fil som inte finns.",
                                               "The file is a symbolic link to a file that does not exist."),
                         _CHECK_THE_LINK, code="fil-saknas")
        if exc.errno == errno.ENAMETOOLONG:
            return error(name, None, _cannot_read(exc),
                         Bilingual("Ett filnamn får vara högst 255 byte (ett å, ä eller ö räknas som två): byt namn "
                                   "på filen eller mappen till något kortare.",
                                   "A file name may be at most 255 bytes (an 'å', 'ä' or 'ö' counts as two): rename "
                                   "the file or the folder to something shorter."), code="fil-oläslig")
        return error(name, None, _cannot_read(exc), _UNREADABLE_HINT, code="fil-oläslig")
    if stat.S_ISDIR(found.st_mode):
        return error(name, None, Bilingual("Sökvägen är en mapp, inte en fil.", "The path is a folder, not a file."),
                     Bilingual("Ange en fil i mappen.", "Give a file in the folder."), code="mapp-inte-fil")
    return None


def _cannot_read(exc: OSError) -> Bilingual:
    """`Filen kan inte läsas (…)`, with what the operating system said, in both languages."""
    said = os_error_text(exc)
    return Bilingual(f"Filen kan inte läsas ({said}).", f"The file cannot be read ({english(said)}).")


_CHECK_THE_LINK = Bilingual("Kontrollera länken med 'ls -l', och ange själva filen i stället.",
                            "Check the link with 'ls -l', and give the file itself instead.")
_UNREADABLE_HINT = Bilingual("Kontrollera att du har läsrätt till filen och till mapparna på vägen dit (t.ex. med "
                             "'ls -ld'), eller kopiera filen till en mapp du kan läsa.",
                             "Check that you may read the file and the folders on the way to it (e.g. with "
                             "'ls -ld'), or copy the file to a folder you can read.")


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
    megabytes = f"{size / 1024 / 1024:.1f}" if size is not None else None
    written = megabytes.replace(".", ",") + " MB, " if megabytes is not None else ""
    written_en = megabytes + " MB, " if megabytes is not None else ""
    return error(name, None,
                 Bilingual(f"Filen är {written}större än {limit.megabytes} MB, som är gränsen för {limit.what}.",
                           f"The file is {written_en}larger than {limit.megabytes} MB, the limit for "
                           f"{english(limit.what)}."),
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
        raise YamlProblem(error(name, 1, Bilingual("Filen är sparad som UTF-16 utan byte-ordningsmärke, inte som "
                                                   "UTF-8.",
                                                   "The file is saved as UTF-16 without a byte order mark, not as "
                                                   "UTF-8."),
                                _SAVE_AS_UTF8, code="ej-utf8"))
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise YamlProblem(error(name, line, Bilingual("Filen är inte sparad som UTF-8 (å, ä och ö kan inte läsas).",
                                                      "The file is not saved as UTF-8 ('å', 'ä' and 'ö' cannot be "
                                                      "read)."),
                                _SAVE_AS_UTF8, code="ej-utf8")) from exc


_SAVE_AS_UTF8 = Bilingual("Spara om filen med teckenkodningen UTF-8, i Excel som 'CSV UTF-8'.",
                          "Save the file again with the encoding UTF-8, in Excel as 'CSV UTF-8'.")


# False: every text is read by ruamel's path (benchmarks/yaml_load.py times both ways; tests compare them).
FAST_YAML = True


def load_yaml(path: Path, limit: SizeLimit = RULE_FILE_LIMIT) -> Any:
    """Parse a YAML file into CommentedMap/CommentedSeq/strings, with Swedish and English errors."""
    return parse_yaml(read_text(path, limit), str(path))


def parse_yaml(text: str, name: str) -> Any:
    """The data of a file's text (as `read_text` gives it): by libyaml when the text is plain data that it can
    read (fastyaml.py, the same data and positions many times faster), else by ruamel, which explains every
    problem (`parse_with_ruamel`). Only a backslash escape can put a control character into the data."""
    if FAST_YAML and (data := load_plain_data(text)) is not None and \
            ("\\" not in text or not _escaped_control_character(name, data)):
        return data
    return parse_with_ruamel(text, name)


def parse_with_ruamel(text: str, name: str) -> Any:
    """The data of a file's text by ruamel's round-trip parser, or a YamlProblem that says what is wrong where."""
    yaml = YAML(typ="rt")
    yaml.Scanner = _TextScanner
    yaml.Composer = _DataOnlyComposer
    yaml.Constructor = _TextConstructor
    try:
        data = yaml.load(text)
    except RecursionError:
        line, column = _deepest(text)
        raise YamlProblem(error(name, line, Bilingual("Filen är för djupt nästlad för att läsas.",
                                                      "The file is nested too deeply to be read."),
                                Bilingual("Kontrollera hakparenteser och indrag: en regelfil har bara några få nivåer.",
                                          "Check the brackets and the indentation: a rule file has only a few "
                                          "levels."),
                                code="för-djup-nästling", column=column)) from None
    except _TagRefused as exc:
        raise YamlProblem(error(name, exc.line, Bilingual(f"YAML-taggen {exc.tag} är inte tillåten.",
                                                          f"The YAML tag {_typed(exc.tag)} is not allowed."),
                                Bilingual("Filen får bara innehålla data: ta bort taggen (det som börjar med '!') "
                                          "och skriv värdet som vanlig text.",
                                          "The file may only contain data: remove the tag (what begins with '!') "
                                          "and write the value as plain text."),
                                code="yaml-tagg", column=exc.column)) from None
    except _Refused as exc:
        raise YamlProblem(_refused(name, exc, text)) from None
    except _DuplicateKey as exc:
        where = f" (första gången på rad {exc.first})" if exc.first else ""
        where_en = f" (first at line {exc.first})" if exc.first else ""
        raise YamlProblem(error(name, exc.second,
                                Bilingual(f"Nyckeln '{visible(exc.key)}' står två gånger i samma avsnitt{where}.",
                                          f"The key '{visible(exc.key)}' appears twice in the same "
                                          f"section{where_en}."),
                                Bilingual("Ta bort den ena, eller byt namn på den.",
                                          "Remove one of them, or rename it."), code="dubbel-nyckel",
                                column=exc.column)) from None
    except MarkedYAMLError as exc:
        quotes = getattr(getattr(yaml, "_scanner", None), "multiline_quotes", [])
        raise YamlProblem(_unclosed_quote(name, exc, text, quotes) or _syntax_error(name, exc, text)) from exc
    except ReaderError as exc:  # read_text refuses these characters first; kept as a safety net
        line, column = None, None
        if isinstance(exc.position, int):
            line = text[: exc.position].count("\n") + 1
            column = exc.position - (text.rfind("\n", 0, exc.position) + 1) + 1
        raise YamlProblem(error(name, line, Bilingual("Filen innehåller ett osynligt styrtecken som inte är tillåtet.",
                                                      "The file contains an invisible control character, which is "
                                                      "not allowed."),
                                Bilingual("Skriv om raden för hand, eller spara filen som vanlig text (UTF-8).",
                                          "Type the line again by hand, or save the file as plain text (UTF-8)."),
                                code="styrtecken", column=column)) from exc
    except YAMLError as exc:
        raise YamlProblem(error(name, None, Bilingual("Filen är inte giltig YAML och kan inte läsas.",
                                                      "The file is not valid YAML and cannot be read."),
                                Bilingual("Kontrollera indrag, kolon och citattecken, eller jämför med exemplen i "
                                          "docs/rule-format.md och docs/measures-format.md.",
                                          "Check the indentation, colons and quotation marks, or compare with the "
                                          "examples in docs/rule-format.md and docs/measures-format.md."),
                                code="yaml-syntax")) from exc
    if data is None:
        raise YamlProblem(error(name, 1, Bilingual("Filen innehåller bara kommentarer, inga värden.",
                                                   "The file contains only comments, no values."), EMPTY_HINT,
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


_NOT_USED = (" ankare (&namn), alias (*namn) och '<<:' används inte i malmotors filer.",
             " anchors (&name), aliases (*name) and '<<:' are not used in malmotor's files.")
# kind → (Swedish, English, code); `{written}` is the anchor or alias as written
_REFUSED = {
    "anchor": ("YAML-ankaret '{written}' är inte tillåtet:", "The YAML anchor '{written}' is not allowed:",
               "yaml-alias"),
    "alias": ("YAML-aliaset '{written}' är inte tillåtet:", "The YAML alias '{written}' is not allowed:",
              "yaml-alias"),
    "merge": ("Sammanslagning med '<<:' är inte tillåten:", "Merging with '<<:' is not allowed:",
              "yaml-sammanslagning"),
}


def _refused(name: str, exc: _Refused, text: str) -> Diagnostic:
    if exc.kind == "key":
        return error(name, exc.line,
                     Bilingual("Filen är inte giltig YAML: en nyckel är en lista eller ett avsnitt, inte en text.",
                               "The file is not valid YAML: a key is a list or a section, not a text."),
                     Bilingual("Skriv nyckeln som text följd av kolon; sätt den inom citattecken om den innehåller "
                               "[ ] { } eller börjar med '?'.",
                               "Write the key as text followed by a colon; put it in quotes if it contains [ ] { } or "
                               "begins with '?'."), code="yaml-syntax", column=exc.column)
    swedish, english_text, code = _REFUSED[exc.kind]
    message = Bilingual(swedish.format(written=exc.written) + _NOT_USED[0],
                        english_text.format(written=exc.written) + _NOT_USED[1])
    if exc.kind == "merge":
        hint = Bilingual("Skriv ut nycklarna på varje ställe där de behövs, i stället för att hämta dem med '<<:'.",
                         "Write out the keys in every place where they are needed, instead of fetching them with "
                         "'<<:'.")
    else:
        hint = Bilingual("Skriv ut värdet på varje ställe där det behövs, i stället för att hänvisa till det med & "
                         "och *.",
                         "Write out the value in every place where it is needed, instead of referring to it with & "
                         "and *.")
        lines = text.splitlines()
        if exc.line <= len(lines) and (match := _KEY_VALUE.match(lines[exc.line - 1])) \
                and match["value"] == exc.written:
            quoted = f'{match["key"].strip()}: "{match["value"]}"'
            hint += Bilingual(f" Är {exc.written} menat som text, sätt det inom citattecken: {quoted}",
                              f" If {exc.written} is meant as text, put it in quotes: {_typed(quoted)}")
    return error(name, exc.line, message, hint, code=code, column=exc.column)


def _escaped_control_character(name: str, data: Any) -> Diagnostic | None:
    """A control character that only parsing made (`"\\e[31m"`, `"\\x1b"`, `"\\u202e"` in double quotes),
    at the key or value it is in; the file's own text was checked by `read_text`. A position is looked up only
    for a text that has one: this walks every key and value of a file."""
    if isinstance(data, str):
        return _escaped(name, data, (1, None))
    search = _CONTROL_IN_VALUE.search
    stack = [data]
    while stack:
        node = stack.pop()
        if isinstance(node, CommentedMap):
            for key, value in OrderedDict.items(node):
                if isinstance(key, str) and search(key):
                    return _escaped(name, key, key_position(node, key))
                if isinstance(value, str):
                    if search(value):
                        return _escaped(name, value, _value_position(node, key))
                elif isinstance(value, (CommentedMap, CommentedSeq)):
                    stack.append(value)
        elif isinstance(node, CommentedSeq):
            for index, item in enumerate(node):
                if isinstance(item, str):
                    if search(item):
                        return _escaped(name, item, _item_position(node, index))
                elif isinstance(item, (CommentedMap, CommentedSeq)):
                    stack.append(item)
    return None


def _escaped(name: str, text: str, position: tuple[int | None, int | None]) -> Diagnostic | None:
    if not (match := _CONTROL_IN_VALUE.search(text)):
        return None
    bidi = match[0] in _BIDI
    kind = "ett tecken som vänder textens riktning" if bidi else "ett styrtecken"
    kind_en = "a character that reverses the direction of the text" if bidi else "a control character"
    shown = visible(text if len(text) <= 60 else text[:57] + "…")
    described = describe_character(match[0])
    return error(name, position[0],
                 Bilingual(f"Texten '{shown}' innehåller {kind}, {described}, skrivet med en escape-sekvens inom "
                           "dubbla citattecken (t.ex. \\e, \\x1b eller \\u202e).",
                           f"The text '{shown}' contains {kind_en}, {described}, written with an escape sequence in "
                           "double quotes (e.g. \\e, \\x1b or \\u202e)."),
                 Bilingual("Ta bort escape-sekvensen (från '\\' till och med koden): filerna ska bara innehålla "
                           "vanlig, synlig text.",
                           "Remove the escape sequence (from '\\' up to and including the code): the files must "
                           "contain only plain, visible text."), code="styrtecken", column=position[1])


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


# ruamel's problem text → (explanation, hint, use the line where the construct began), both in Swedish and English.
_SYNTAX = (
    ("mapping values are not allowed",
     Bilingual("ett kolon följt av mellanslag står mitt i en text",
               "a colon followed by a space is in the middle of a text"),
     Bilingual("Sätt texten inom citattecken, t.ex. namn: \"Enkät: Vet du var …?\"",
               "Put the text in quotes, e.g. 'namn: \"Enkät: Vet du var …?\"'"), False),
    ("found character '\\t'",
     Bilingual("raden innehåller ett tabbtecken", "the line contains a tab character"),
     Bilingual("Använd mellanslag för indrag, inte tabb.", "Use spaces for indentation, not tabs."), False),
    ("while scanning a quoted scalar",
     Bilingual("ett citattecken öppnas men stängs aldrig", "a quotation mark is opened but never closed"),
     Bilingual("Avsluta texten med samma citattecken som den börjar med (' eller \").",
               "End the text with the same quotation mark as it begins with (' or \")."), True),
    ("while parsing a flow sequence",
     Bilingual("en hakparentes '[' stängs aldrig", "a bracket '[' is never closed"),
     Bilingual("Avsluta listan med ']' på samma rad, t.ex. [förstudie, aktiviteter].",
               "End the list with ']' on the same line, e.g. '[förstudie, aktiviteter]'."), True),
    ("while parsing a flow mapping",
     Bilingual("en klammerparentes '{' stängs aldrig", "a brace '{' is never closed"),
     Bilingual("Avsluta avsnittet med '}' på samma rad, eller sätt texten inom citattecken.",
               "End the section with '}' on the same line, or put the text in quotes."), True),
    ("could not find expected ':'",
     Bilingual("raden saknar kolon efter nyckeln", "the line is missing a colon after the key"),
     Bilingual("Skriv 'nyckel: värde' med ett mellanslag efter kolonet.",
               "Write 'key: value' with a space after the colon."), True),
    ("but found '<scalar>'",
     Bilingual("det står text efter ett avslutat värde (efter citattecken eller ']')",
               "there is text after a finished value (after a quotation mark or ']')"),
     Bilingual("Sätt hela värdet inom citattecken, t.ex. namn: \"'Rutin' för uppföljning\".",
               "Put the whole value in quotes, e.g. `namn: \"'Rutin' för uppföljning\"`."), False),
    ("expected <block end>",
     Bilingual("indraget stämmer inte med raderna ovanför", "the indentation does not match the lines above"),
     Bilingual("Nycklar i samma avsnitt ska börja i samma kolumn; en ny post i en lista börjar med '- '.",
               "Keys in the same section must begin in the same column; a new entry in a list begins with '- '."),
     False),
    ("that cannot start any token",
     Bilingual("ett värde börjar med ett tecken som måste stå inom citattecken",
               "a value begins with a character that must be in quotes"),
     Bilingual("Sätt värdet inom citattecken, t.ex. symbol: \"@\".", "Put the value in quotes, e.g. 'symbol: \"@\"'."),
     False),
    ("found undefined alias",
     Bilingual("ett värde börjar med '*'", "a value begins with '*'"),
     Bilingual("Sätt värdet inom citattecken, t.ex. symbol: \"*\".", "Put the value in quotes, e.g. 'symbol: \"*\"'."),
     False),
    ("expected alphabetic or numeric character",
     Bilingual("ett värde börjar med '*' eller '&'", "a value begins with '*' or '&'"),
     Bilingual("Sätt värdet inom citattecken, t.ex. symbol: \"*\".", "Put the value in quotes, e.g. 'symbol: \"*\"'."),
     False),
    ("expected chomping or indentation indicators",
     Bilingual("ett värde börjar med '>' eller '|'", "a value begins with '>' or '|'"),
     Bilingual("Sätt värdet inom citattecken, t.ex. mål: \">= 90 %\".",
               "Put the value in quotes, e.g. 'mål: \">= 90 %\"'."), False),
    ("another document",
     Bilingual("filen innehåller flera dokument (en rad med '---')",
               "the file contains several documents (a line with '---')"),
     Bilingual("Ta bort raden med '---' och det som står efter den, eller lägg det i en egen fil.",
               "Remove the line with '---' and what follows it, or put that in a file of its own."), False),
    ("found unknown escape character",
     Bilingual("ett bakstreck (\\) inom dubbla citattecken följs av ett tecken som inte bildar en escape-sekvens",
               "a backslash (\\) in double quotes is followed by a character that does not form an escape sequence"),
     Bilingual("Skriv texten inom enkla citattecken, där \\ är ett vanligt tecken, eller skriv \\\\ för ett bakstreck.",
               "Write the text in single quotes, where \\ is an ordinary character, or write \\\\ for a backslash."),
     False),
    ("expected escape sequence of",
     Bilingual("en escape-sekvens (\\x, \\u eller \\U) inom dubbla citattecken är ofullständig",
               "an escape sequence (\\x, \\u or \\U) in double quotes is incomplete"),
     Bilingual("Skriv texten inom enkla citattecken, där \\ är ett vanligt tecken, eller skriv \\\\ för ett bakstreck.",
               "Write the text in single quotes, where \\ is an ordinary character, or write \\\\ for a backslash."),
     False),
)


_KEY_VALUE = re.compile(r"^(?P<indent>\s*(?:-\s+)?)(?P<key>[^:#'\"]+):\s+(?P<value>.+?)\s*$")


def _typed(text: str) -> str:
    """`text` quoted for an English message, as something written in the file or to be typed: in '…', or
    in `…` when it holds an apostrophe itself (`mål: 'Öka'`)."""
    return f"'{text}'" if "'" not in text else f"`{text}`"


def _not_valid_yaml(explanation: str, further: str = "") -> Bilingual:
    """`Filen är inte giltig YAML: {explanation}{further}.`, in both languages."""
    return Bilingual(f"Filen är inte giltig YAML: {explanation}{further}.",
                     f"The file is not valid YAML: {english(explanation)}{english(further)}.")


def _syntax_error(name: str, exc: MarkedYAMLError, text: str = "") -> Diagnostic:
    """A YAML syntax error in Swedish and English, on the line where the mistake is most likely."""
    seen = f"{exc.context or ''} {exc.problem or ''}"
    for pattern, explanation, hint, at_start in _SYNTAX:
        if pattern in seen:
            mark = exc.context_mark if at_start and exc.context_mark else exc.problem_mark or exc.context_mark
            explanation, hint = _about_the_line(pattern, explanation, hint, text, _line(mark))
            return error(name, _line(mark), _not_valid_yaml(explanation), hint, code="yaml-syntax",
                         column=_column(mark))
    # Not one of the mistakes above: say where, in Swedish or English, without ruamel's own text.
    mark = exc.problem_mark or exc.context_mark
    line, column = _line(mark), _column(mark)
    where = f" på rad {line}, kolumn {column}" if line and column else f" på rad {line}" if line else ""
    where_en = f" at line {line}, column {column}" if line and column else f" at line {line}" if line else ""
    return error(name, line, Bilingual(f"Filen är inte giltig YAML: det som står{where} kan inte tolkas.",
                                       f"The file is not valid YAML: what is written{where_en} cannot be understood."),
                 Bilingual("Kontrollera indrag, kolon och citattecken på raden och raden ovanför; sätt text som "
                           "innehåller specialtecken inom citattecken.",
                           "Check the indentation, colons and quotation marks on the line and the line above; put "
                           "text that contains special characters in quotes."), code="yaml-syntax", column=column)


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
    return _quote_not_closed(name, lines, start, quote,
                             Bilingual(f" (texten fortsätter ända till rad {end.line + 1})",
                                       f" (the text runs on all the way to line {end.line + 1})"))


def _quote_not_closed(name: str, lines: list[str], start: Any, quote: str, further: str) -> Diagnostic:
    row = lines[start.line] if start.line < len(lines) else ""
    head, rest = row[: start.column + 1], row[start.column + 1:]
    if "{" in head or "[" in head:  # in a flow collection the text ends at the next ',', '}' or ']'
        cut = min((i for i in (rest.find(","), rest.find("}"), rest.find("]")) if i >= 0), default=len(rest))
        closed = head + rest[:cut].rstrip() + quote + rest[cut:]
    else:
        closed = head + rest.rstrip() + quote
    return error(name, start.line + 1, _not_valid_yaml(_SYNTAX[2][1], further),
                 Bilingual(f"Avsluta texten med samma citattecken som den börjar med: {closed.strip()}",
                           f"End the text with the same quotation mark as it begins with: {_typed(closed.strip())}"),
                 code="yaml-syntax", column=start.column + 1)


def _about_the_line(pattern: str, explanation: str, hint: str, text: str, line: int | None) -> tuple[str, str]:
    """Say it with the user's own line where we can: `enhet: "%"`, or the indentation that is off."""
    lines = text.splitlines()
    if not line or line > len(lines) or not (match := _KEY_VALUE.match(lines[line - 1])):
        return explanation, hint
    key, value = match["key"].strip(), match["value"]
    if pattern in ("found unknown escape character", "expected escape sequence of"):
        if value.startswith('"') and value.endswith('"') and "'" not in value:
            single = f"{key}: '{value[1:-1]}'"
            return explanation, Bilingual("Skriv texten inom enkla citattecken, där \\ är ett vanligt tecken: "
                                          f"{single}",
                                          "Write the text in single quotes, where \\ is an ordinary character: "
                                          f"{_typed(single)}")
        return explanation, hint
    if value.startswith(("'", '"')):  # already quoted: quoting it again would not help
        return explanation, hint
    quoted = f'{key}: "{value}"'
    if pattern in ("that cannot start any token", "found undefined alias", "expected alphabetic or numeric character",
                   "expected chomping or indentation indicators"):
        return explanation, Bilingual(f"Sätt värdet inom citattecken: {quoted}",
                                      f"Put the value in quotes: {_typed(quoted)}")
    above = next((row for row in reversed(lines[: line - 1]) if row.strip() and not row.lstrip().startswith("#")), "")
    if pattern == "mapping values are not allowed" and ":" not in value and \
            len(match["indent"]) > len(above) - len(above.lstrip()) and not above.rstrip().endswith(":"):
        return (Bilingual("raden är indragen mer än raden ovanför", "the line is indented more than the line above"),
                Bilingual(f"Nycklar i samma avsnitt ska börja i samma kolumn: flytta '{key}:' så att den står rakt "
                          "under nyckeln ovanför.",
                          f"Keys in the same section must begin in the same column: move '{key}:' so that it lines up "
                          "with the key above."))
    if pattern == "mapping values are not allowed" and ":" in value:
        return explanation, Bilingual(f"Sätt texten inom citattecken: {quoted}",
                                      f"Put the text in quotes: {_typed(quoted)}")
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
            return mapping.lc.data[key][0] + 1  # `lc.key(key)[0]`, without two calls: this is read for every key
        except (KeyError, TypeError):
            return node_line(mapping)
    return None


def key_position(mapping: Any, key: Any) -> tuple[int | None, int | None]:
    """1-based (line, column) of `key` in a mapping; the column is None where unknown."""
    if isinstance(mapping, CommentedMap):
        try:
            found = mapping.lc.data[key]  # [key line, key column, value line, value column]
            return found[0] + 1, found[1] + 1
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
