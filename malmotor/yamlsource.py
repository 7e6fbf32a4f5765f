"""Read YAML as plain data that remembers its line numbers; never construct Python objects.

ruamel's round-trip loader keeps the position of every key and item (0-based; this module
is the one place that turns them into 1-based lines). Tags such as `!!python/object` are
refused: rule files are data.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq, TaggedScalar
from ruamel.yaml.constructor import DuplicateKeyError
from ruamel.yaml.error import MarkedYAMLError, YAMLError

from .diagnostics import Diagnostic, error


class YamlProblem(Exception):
    def __init__(self, diagnostic: Diagnostic) -> None:
        super().__init__(diagnostic.render())
        self.diagnostic = diagnostic


def read_text(path: Path) -> str:
    """The file's text, or a diagnostic that says why it cannot be read."""
    name = str(path)
    if not path.exists():
        raise YamlProblem(error(name, None, "Filen finns inte.", "Kontrollera sökvägen och filnamnet."))
    if path.is_dir():
        raise YamlProblem(error(name, None, "Sökvägen är en mapp, inte en fil."))
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise YamlProblem(error(name, None, f"Filen kan inte läsas ({exc.strerror}).")) from exc
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise YamlProblem(error(name, line, "Filen är inte sparad som UTF-8.",
                                "Spara om filen med teckenkodningen UTF-8.")) from exc
    if not text.strip():
        raise YamlProblem(error(name, 1, "Filen är tom.", "Fyll i filen enligt dokumentationen i docs/."))
    return text


def load_yaml(path: Path) -> Any:
    """Parse a YAML file into CommentedMap/CommentedSeq/scalars, with Swedish errors."""
    text = read_text(path)
    yaml = YAML(typ="rt")
    yaml.allow_duplicate_keys = False
    try:
        data = yaml.load(text)
    except DuplicateKeyError as exc:
        line = exc.problem_mark.line + 1 if exc.problem_mark else None
        raise YamlProblem(error(str(path), line, "Samma nyckel står två gånger i samma avsnitt.",
                                "Ta bort eller byt namn på den ena.")) from exc
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        what = (exc.problem or "okänt fel").strip()
        raise YamlProblem(error(str(path), line, f"Filen är inte giltig YAML ({what}).",
                                "Kontrollera indrag, kolon och citattecken på raden och raden ovanför.")) from exc
    except YAMLError as exc:
        raise YamlProblem(error(str(path), None, f"Filen är inte giltig YAML ({exc}).")) from exc
    if data is None:
        raise YamlProblem(error(str(path), 1, "Filen är tom.", "Fyll i filen enligt dokumentationen i docs/."))
    _refuse_tags(path, data)
    return data


def _refuse_tags(path: Path, node: Any, line: int | None = None) -> None:
    tag = getattr(node, "tag", None)
    tag_value = getattr(tag, "value", tag)
    if isinstance(node, TaggedScalar) or (isinstance(tag_value, str) and tag_value.startswith("!")):
        raise YamlProblem(error(str(path), line, f"YAML-taggen {tag_value} är inte tillåten.",
                                "Regelfiler är data: ta bort taggen och skriv värdet som vanlig text."))
    if isinstance(node, CommentedMap):
        for key, value in node.items():
            _refuse_tags(path, value, key_line(node, key))
    elif isinstance(node, CommentedSeq):
        for index, value in enumerate(node):
            _refuse_tags(path, value, item_line(node, index))


def key_line(mapping: Any, key: Any) -> int | None:
    """1-based line of `key` in a mapping, or of the mapping itself if the key is absent."""
    if isinstance(mapping, CommentedMap):
        try:
            return mapping.lc.key(key)[0] + 1
        except (KeyError, TypeError):
            return node_line(mapping)
    return None


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
