"""Read a YAML text that is plain data with libyaml's C parser, into exactly what yamlsource's ruamel path builds.

ruamel's round-trip parser is pure Python: a rule file of 10 000 indicators took 9 s to parse. libyaml (PyYAML's
`CSafeLoader`, whose wheels carry it) parses the same text in a fraction of that, and this module builds from its
events the tree that yamlsource's ruamel path builds: `CommentedMap` and `CommentedSeq` with the same line and
column of every node, key, value and item (`lc`, 0-based, as ruamel counts, also where ruamel places an empty
value), the same own keys (`_ok`) and block or flow style (`fa`), numbers and dates as the text written,
`true`/`false` and `null`/`~`/nothing resolved as YAML 1.2 does, block scalars as `LiteralScalarString` and
`FoldedScalarString`. What ruamel notes of blank lines and comments to write a file back (`ca`) is not made:
malmotor never reads it, nor writes YAML.

It only takes what it can prove is plain data and otherwise says no (`None`), for yamlsource to read the text
the slow way, which finds and explains every problem: an explicit tag, an anchor, an alias, a merge key (`<<`)
or `=`, a `%` directive, more than one document or none, a duplicate key, a key that is a list or a mapping or
nothing, an explicit key (`? `), a tab anywhere, an empty value inside braces, a block scalar with an indentation
digit, a comment or a blank line first, nesting deeper than `MAX_DEPTH`, a character ruamel's reader refuses,
and any error of libyaml's own: where libyaml and ruamel could differ, ruamel decides.
tests/test_yamlfast.py compares both ways on every YAML file of the repository and on generated documents.
"""

from __future__ import annotations

import gc
import re
from collections import OrderedDict
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq, Format, LineCol
from ruamel.yaml.reader import Reader
from ruamel.yaml.scalarstring import FoldedScalarString, LiteralScalarString

try:
    from yaml import CSafeLoader as _CLoader
    from yaml.events import (DocumentEndEvent, DocumentStartEvent, MappingEndEvent, MappingStartEvent, ScalarEvent,
                             SequenceEndEvent, SequenceStartEvent, StreamEndEvent, StreamStartEvent)
except ImportError:  # PyYAML without libyaml: every text is read the slow way
    _CLoader = None

AVAILABLE = _CLoader is not None

# Far deeper than any rule or measures file (about ten levels), far below where ruamel's recursion gives up.
MAX_DEPTH = 100

# As YAML 1.2 resolves a plain scalar (ruamel's resolver), the plain scalars that are not text: every other one is
# a string, an int, a float or a timestamp, which malmotor keeps as the text written. The merge key `<<` and the
# value key `=` are refused or treated apart by the slow path.
_REFUSE = object()
_RESOLVED = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False,
             "": None, "~": None, "null": None, "Null": None, "NULL": None, "<<": _REFUSE, "=": _REFUSE}
# `? key`, an explicit key: a `?` followed by a space or a line break, after one or at the start of a flow entry.
_QUESTION_MARK = re.compile(r"\?(?=[ \r\n]|\Z)")
_BEFORE_EXPLICIT_KEY = frozenset(" \r\n[{,")
# A block scalar's first line: `|` or `>` with a chomping indicator at most, then its first line of text. Without
# an indentation digit, a comment or a blank first line, where ruamel and libyaml differ (a blank line with more
# spaces than the text below it is an error to ruamel, not to libyaml).
_BLOCK_HEADER = re.compile(r"[|>][-+]?[ ]*(?:\r\n|\r|\n)(?![ ]*(?:\r|\n|$))")
_LINE_BREAK = re.compile(r"\r\n|\r|\n")


class _Declined(Exception):
    """The text is not provably plain data: yamlsource reads it the slow way."""


def load_plain_data(text: str) -> Any | None:
    """The data of `text` as yamlsource's ruamel path builds it, or None where this module declines (also for
    a text without a value, which the slow path explains)."""
    if _CLoader is None or "\t" in text or _explicit_key(text) or Reader.NON_PRINTABLE.search(text):
        return None
    loader = _CLoader(text)
    # The tree is hundreds of thousands of new objects, none of them garbage: the cyclic collector would walk
    # them again and again while they are made (half the time of a large file), so it waits until the end.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _build(loader.get_event, text)
    except Exception:  # any doubt at all, libyaml's own errors included: the slow path decides and explains
        return None
    finally:
        if collecting:
            gc.enable()
        loader.dispose()


def _explicit_key(text: str) -> bool:
    return any(match.start() == 0 or text[match.start() - 1] in _BEFORE_EXPLICIT_KEY
               for match in _QUESTION_MARK.finditer(text))


class _NoKey:
    """No key read yet in a mapping (a key may itself be None: `~: x`)."""


_NO_KEY = _NoKey()
_set_item = OrderedDict.__setitem__  # CommentedMap's own adds the key to `_ok`, which _build does itself
_append = list.append  # CommentedSeq's own moves comments (and makes `ca` for them)


def _build(next_event: Any, text: str) -> Any:
    """The tree of one document, built from libyaml's events without recursion. The open collection's state is
    kept in local variables (most events are scalars, read into it), the enclosing ones' on a stack."""
    root: Any = None
    documents = 0
    # The open collection: None at the document's level; `keys` is a mapping's set of keys (its `_ok`) and None
    # for a list; `key` the mapping's key read last; `positions` its `lc.data`; `start` where it begins.
    collection: Any = None
    keys: set | None = None
    key: Any = _NO_KEY
    key_mark: Any = None
    positions: dict = {}
    flow = False
    start: Any = None
    enclosing: list[tuple] = []
    # ruamel places an empty value in a block mapping (`kön:` and nothing) where the next token ends: the next
    # key, or the end of the mapping; libyaml right after the colon. The value's position waits for that event.
    waiting: list[int] | None = None
    while True:
        event = next_event()
        kind = type(event)
        if waiting is not None:
            waiting[2], waiting[3] = _ruamel_position(event.start_mark, text)
            waiting = None
        if kind is ScalarEvent:
            if event.anchor is not None or event.tag is not None:
                raise _Declined
            value = written = event.value
            style = event.style
            empty = not written and not style  # `kön:` with nothing after it, or `- ` alone
            if not style:  # plain
                if written in _RESOLVED:
                    value = _RESOLVED[written]
                    if value is _REFUSE:
                        raise _Declined
            elif style == "|" or style == ">":
                if collection is None or not _BLOCK_HEADER.match(text, event.start_mark.index):
                    raise _Declined
                value = LiteralScalarString(written) if style == "|" else FoldedScalarString(written)
            mark = event.start_mark
        elif kind is MappingEndEvent or kind is SequenceEndEvent:
            value, mark, empty = collection, start, False
            if value:
                style = Format()
                style._flow_style = bool(flow)
                setattr(value, Format.attrib, style)
            else:
                getattr(value, LineCol.attrib).data = None  # as ruamel leaves an empty collection's
            collection, keys, key, key_mark, positions, flow, start = enclosing.pop()
        elif kind is MappingStartEvent or kind is SequenceStartEvent:
            if event.anchor is not None or event.tag is not None or len(enclosing) >= MAX_DEPTH:
                raise _Declined
            if keys is not None and key is _NO_KEY:  # a list or a mapping as a key
                raise _Declined
            enclosing.append((collection, keys, key, key_mark, positions, flow, start))
            mapping = kind is MappingStartEvent
            collection = CommentedMap() if mapping else CommentedSeq()
            keys = collection._ok if mapping else None
            key, key_mark, flow, start = _NO_KEY, None, event.flow_style, event.start_mark
            line_col = LineCol()
            line_col.line, line_col.col, line_col.data = start.line, start.column, {}
            setattr(collection, LineCol.attrib, line_col)
            positions = line_col.data
            continue
        elif kind is DocumentStartEvent:
            documents += 1
            if documents > 1 or event.version is not None or event.tags is not None:
                raise _Declined
            continue
        elif kind is StreamEndEvent:
            if documents != 1:
                raise _Declined
            return root
        elif kind is DocumentEndEvent or kind is StreamStartEvent:
            continue
        else:  # an alias, or anything this module does not know
            raise _Declined
        # The value (a scalar, or a collection just closed) goes into the open collection.
        if collection is None:
            root = value
        elif keys is None:
            positions[len(collection)] = [mark.line, mark.column]
            _append(collection, value)
        elif key is _NO_KEY:
            if empty:  # no key at all (`: x`)
                raise _Declined
            key, key_mark = value, mark
        else:
            if key in keys:  # a duplicate key: the slow path names both lines
                raise _Declined
            position = positions[key] = [key_mark.line, key_mark.column, mark.line, mark.column]
            _set_item(collection, key, value)
            keys.add(key)
            key = _NO_KEY
            if empty:
                if flow:  # in braces ruamel places it right after the colon, which libyaml does not say
                    raise _Declined
                waiting = position


def _ruamel_position(mark: Any, text: str) -> tuple[int, int]:
    """(line, column) of a libyaml mark as ruamel gives it: at the end of a text without a final line break
    libyaml has added one, and is on the line after it."""
    if mark.index < len(text) or text.endswith(("\n", "\r")):
        return mark.line, mark.column
    return len(_LINE_BREAK.findall(text)), len(text) - 1 - max(text.rfind("\n"), text.rfind("\r"))
