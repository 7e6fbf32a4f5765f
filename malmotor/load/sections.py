"""Walking a YAML mapping key by key, with a Swedish diagnostic for every mistake.

Shared by the rule-file loader and the YAML measures loader: unknown keys (with a "menade
du" suggestion), missing keys and wrongly typed values all point at the line they are on.
"""

from __future__ import annotations

from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from ..diagnostics import Diagnostic, error, suggestion
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


class Section:
    """One YAML mapping with a fixed set of allowed keys."""

    def __init__(self, node: Any, what: str, allowed: tuple[str, ...] | None, problems: Problems,
                 line: int | None = None, column: int | None = None) -> None:
        self.what = what
        self.problems = problems
        self.line = node_line(node) or line
        self.ok = isinstance(node, CommentedMap)
        self.node = node if self.ok else CommentedMap()
        if not self.ok:
            problems.add(line, f"{what} ska vara ett avsnitt med nycklar (nyckel: värde).",
                         "Kontrollera indraget: nycklarna ska stå under varandra.", code="fel-form", column=column)
            return
        for key in self.node if allowed is not None else ():
            if not isinstance(key, str) or key not in allowed:
                hint = suggestion(key, allowed) + "Tillåtna nycklar här: " + ", ".join(allowed) + "."
                line, column = key_position(self.node, key)
                problems.add(line, f"Okänd nyckel '{key}' i {what}.", hint, code="okänd-nyckel", column=column)

    def has(self, key: str) -> bool:
        return key in self.node and self.node[key] is not None

    def line_of(self, key: str) -> int | None:
        return key_line(self.node, key) if key in self.node else self.line

    def position_of(self, key: str) -> tuple[int | None, int | None]:
        """(line, column) of `key`: the line is `line_of(key)`; the column is None if the key is absent."""
        return key_position(self.node, key) if key in self.node else (self.line, None)

    def text(self, key: str, required: bool = True) -> str | None:
        """A scalar as text: YAML numbers (`2017`, `3.8`) are kept as the user wrote them."""
        line, column = self.position_of(key)
        if not self.has(key):
            if required and self.ok and key in self.node:
                self.problems.add(line, f"'{key}' är tomt.", f"Skriv ett värde efter '{key}:'.", code="tomt-värde",
                                  column=column)
            elif required and self.ok:
                self.problems.add(self.line, f"Nyckeln '{key}' saknas i {self.what}.", f"Lägg till '{key}: …'.",
                                  code="nyckel-saknas")
            return None
        value = self.node[key]
        if isinstance(value, (CommentedMap, CommentedSeq, bool)):
            self.problems.add(line, f"'{key}' ska vara en text, inte {_kind(value)}.", code="fel-form", column=column)
            return None
        text = str(value).strip()
        if not text and required:
            self.problems.add(line, f"'{key}' är tomt.", code="tomt-värde", column=column)
            return None
        return text

    def seq(self, key: str, required: bool = True) -> list[tuple[Any, int | None]]:
        """Items of a list, each with its line."""
        line, column = self.position_of(key)
        if not self.has(key):
            if required and self.ok:
                written = key in self.node
                self.problems.add(line if written else self.line,
                                  f"Listan '{key}' är tom." if written else f"Nyckeln '{key}' saknas i {self.what}.",
                                  f"Lägg till '{key}:' följt av en lista där varje post börjar med '- '.",
                                  code="tom-lista" if written else "nyckel-saknas", column=column if written else None)
            return []
        value = self.node[key]
        if not isinstance(value, CommentedSeq):
            self.problems.add(line, f"'{key}' ska vara en lista där varje post börjar med '- '.", code="fel-form",
                              column=column)
            return []
        if not value and required:
            self.problems.add(line, f"Listan '{key}' är tom.", code="tom-lista", column=column)
        return [(item, item_line(value, index)) for index, item in enumerate(value)]

    def section(self, key: str, what: str, allowed: tuple[str, ...] | None) -> Section | None:
        if not self.has(key):
            return None
        return Section(self.node[key], what, allowed, self.problems, *self.position_of(key))


def _kind(value: Any) -> str:
    if isinstance(value, CommentedMap):
        return "ett avsnitt med nycklar"
    if isinstance(value, CommentedSeq):
        return "en lista"
    if isinstance(value, bool):
        return "ja/nej (skriv texten inom citattecken)"
    return "ett " + type(value).__name__
