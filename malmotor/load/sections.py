"""Walking a YAML mapping key by key, with a diagnostic in Swedish and English for every mistake.

Shared by the rule-file loader and the YAML measures loader: unknown keys (with a "menade
du" suggestion), missing keys and wrongly typed values all point at the line they are on. A section's `what`
(`indikatorn`) is part of its messages, so it should be `Bilingual`; a plain text is used in both languages.

A rule file of 10 000 indicators reads some 300 000 values through here, nearly all of them without a mistake:
a value is read with the plain dictionary's own methods (ruamel's `CommentedMap` wraps each in Python for merge
keys, which malmotor's files never have: yamlsource refuses `<<`), and a position is looked up only where a
problem is reported or asked for.
"""

from __future__ import annotations

from collections import OrderedDict
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq, LineCol

from ..diagnostics import Bilingual, Diagnostic, english, error, suggestion
from .yamlsource import item_line, key_line, key_position, node_line


class Problems:
    """Diagnostics collected while reading one file, so that all of them are shown at once."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.items: list[Diagnostic] = []

    def add(self, line: int | None, message: str, hint: str | None = None, *, code: str,
            column: int | None = None, details: str | None = None) -> None:
        self.items.append(error(self.file, line, message, hint, code=code, column=column, details=details))

    def __bool__(self) -> bool:
        return bool(self.items)


# The plain dictionary's lookups on a `CommentedMap` (an OrderedDict), without ruamel's Python wrappers.
_get = dict.get
_keys = OrderedDict.__iter__
_ABSENT = object()  # a key that is not written at all (`mål:` alone gives None)


class Section:
    """One YAML mapping with a fixed set of allowed keys."""

    def __init__(self, node: Any, what: str, allowed: tuple[str, ...] | None, problems: Problems,
                 line: int | None = None, column: int | None = None) -> None:
        self.what = what
        self.problems = problems
        line_col = getattr(node, LineCol.attrib, None)  # `node_line(node)`, without ruamel's `lc` property
        if line_col is None:
            own_line = node_line(node)
        else:
            own_line = line_col.line + 1 if line_col.line is not None else None
        self.line = own_line or line
        self.ok = isinstance(node, CommentedMap)
        self.node = node if self.ok else CommentedMap()
        if not self.ok:
            problems.add(line, Bilingual(f"{what} ska vara ett avsnitt med nycklar (nyckel: värde).",
                                         f"{_capitalised(english(what))} must be a section with keys (key: value)."),
                         Bilingual("Kontrollera indraget: nycklarna ska stå under varandra.",
                                   "Check the indentation: the keys must stand one below the other."),
                         code="fel-form", column=column)
            return
        for key in _keys(self.node) if allowed is not None else ():
            if not isinstance(key, str) or key not in allowed:
                listed, quoted = ", ".join(allowed), ", ".join(f"'{name}'" for name in allowed)
                hint = suggestion(key, allowed) + Bilingual(f"Tillåtna nycklar här: {listed}.",
                                                            f"Keys allowed here: {quoted}.")
                line, column = key_position(self.node, key)
                problems.add(line, Bilingual(f"Okänd nyckel '{key}' i {what}.",
                                             f"Unknown key '{key}' in {english(what)}."),
                             hint, code="okänd-nyckel", column=column)

    def has(self, key: str) -> bool:
        return _get(self.node, key) is not None

    def line_of(self, key: str) -> int | None:
        if not dict.__contains__(self.node, key):
            return self.line
        line_col = getattr(self.node, LineCol.attrib, None)
        try:
            return line_col.data[key][0] + 1
        except (AttributeError, KeyError, TypeError):
            return key_line(self.node, key)

    def position_of(self, key: str) -> tuple[int | None, int | None]:
        """(line, column) of `key`: the line is `line_of(key)`; the column is None if the key is absent."""
        if not dict.__contains__(self.node, key):
            return self.line, None
        line_col = getattr(self.node, LineCol.attrib, None)
        try:
            found = line_col.data[key]  # [key line, key column, value line, value column]
            return found[0] + 1, found[1] + 1
        except (AttributeError, KeyError, TypeError):
            return key_position(self.node, key)

    def text(self, key: str, required: bool = True) -> str | None:
        """A scalar as text: YAML numbers (`2017`, `3.8`) are kept as the user wrote them."""
        value = _get(self.node, key, _ABSENT)
        if value.__class__ is str:  # nearly every value: a text without a problem
            text = value.strip()
            if text or not required:
                return text
        if value is None or value is _ABSENT:
            if required and self.ok and value is None:
                line, column = self.position_of(key)
                self.problems.add(line, _empty(key), Bilingual(f"Skriv ett värde efter '{key}:'.",
                                                               f"Write a value after '{key}:'."),
                                  code="tomt-värde", column=column)
            elif required and self.ok:
                self.problems.add(self.line, self._missing(key), Bilingual(f"Lägg till '{key}: …'.",
                                                                           f"Add '{key}: …'."),
                                  code="nyckel-saknas")
            return None
        if isinstance(value, (CommentedMap, CommentedSeq, bool)):
            kind = _kind(value)
            line, column = self.position_of(key)
            self.problems.add(line, Bilingual(f"'{key}' ska vara en text, inte {kind}.",
                                              f"'{key}' must be a text, not {english(kind)}."),
                              code="fel-form", column=column)
            return None
        text = str(value).strip()
        if not text and required:
            line, column = self.position_of(key)
            self.problems.add(line, _empty(key), code="tomt-värde", column=column)
            return None
        return text

    def seq(self, key: str, required: bool = True) -> list[tuple[Any, int | None]]:
        """Items of a list, each with its line."""
        value = _get(self.node, key)
        if value is None:
            if required and self.ok:
                written = key in self.node
                line, column = self.position_of(key)
                self.problems.add(line if written else self.line,
                                  _empty_list(key) if written else self._missing(key),
                                  Bilingual(f"Lägg till '{key}:' följt av en lista där varje post börjar med '- '.",
                                            f"Add '{key}:' followed by a list in which every entry starts with '- '."),
                                  code="tom-lista" if written else "nyckel-saknas", column=column if written else None)
            return []
        if not isinstance(value, CommentedSeq):
            line, column = self.position_of(key)
            self.problems.add(line, Bilingual(f"'{key}' ska vara en lista där varje post börjar med '- '.",
                                              f"'{key}' must be a list in which every entry starts with '- '."),
                              code="fel-form", column=column)
            return []
        if not value and required:
            line, column = self.position_of(key)
            self.problems.add(line, _empty_list(key), code="tom-lista", column=column)
        return list(zip(value, _item_lines(value)))

    def _missing(self, key: str) -> Bilingual:
        return Bilingual(f"Nyckeln '{key}' saknas i {self.what}.", f"The key '{key}' is missing in {english(self.what)}.")

    def section(self, key: str, what: str, allowed: tuple[str, ...] | None) -> Section | None:
        value = _get(self.node, key)
        if value is None:
            return None
        return Section(value, what, allowed, self.problems, *self.position_of(key))


def _item_lines(sequence: CommentedSeq) -> list[int | None]:
    """The 1-based line of every item, as `yamlsource.item_line` gives it, read from the positions at once."""
    line_col = getattr(sequence, LineCol.attrib, None)
    data = line_col.data if line_col is not None else None
    if data is None:
        return [item_line(sequence, index) for index in range(len(sequence))]
    lines = []
    for index in range(len(sequence)):
        found = data.get(index)
        lines.append(found[0] + 1 if found is not None else item_line(sequence, index))
    return lines


def _empty(key: str) -> Bilingual:
    return Bilingual(f"'{key}' är tomt.", f"'{key}' is empty.")


def _empty_list(key: str) -> Bilingual:
    return Bilingual(f"Listan '{key}' är tom.", f"The list '{key}' is empty.")


def _capitalised(text: str) -> str:
    """`the rule file` → `The rule file` at the start of a sentence; a quoted name (`'delårsmål'`) stays as it is."""
    return text[:1].upper() + text[1:]


def _kind(value: Any) -> Bilingual:
    if isinstance(value, CommentedMap):
        return Bilingual("ett avsnitt med nycklar", "a section with keys")
    if isinstance(value, CommentedSeq):
        return Bilingual("en lista", "a list")
    if isinstance(value, bool):
        return Bilingual("ja/nej (skriv texten inom citattecken)", "yes/no (write the text in quotation marks)")
    name = type(value).__name__
    return Bilingual(f"ett {name}", f"a value of type '{name}'")
