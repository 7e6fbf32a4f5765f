"""docs/diagnostics.md documents every diagnostic code malmotor can report, and no other.

The codes are found in the source: every string written as `code="…"` in a call (also both sides
of `code="a" if … else "b"`), and every `code = "…"` given as a class's default (the number errors
of numbers.py, `PhraseError`). A documented code is a heading "### `kod`" in docs/diagnostics.md.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import malmotor

from .conftest import ROOT

PACKAGE = Path(malmotor.__file__).resolve().parent
DOC = ROOT / "docs" / "diagnostics.md"
DOCUMENTED = re.compile(r"^### `([^`]+)`", re.MULTILINE)


def _strings(node: ast.expr) -> list[str]:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.IfExp):
        return _strings(node.body) + _strings(node.orelse)
    return []


def codes_in_source() -> dict[str, str]:
    """Every code → the first place it is written (`malmotor/load/rulefile.py:123`)."""
    found: dict[str, str] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            values: list[str] = []
            if isinstance(node, ast.keyword) and node.arg == "code":
                values = _strings(node.value)
            elif isinstance(node, (ast.Assign, ast.AnnAssign)) and node.value is not None:
                targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                if any(isinstance(target, ast.Name) and target.id == "code" for target in targets):
                    values = _strings(node.value)
            elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):  # `code: str = "okänt-mål"`
                arguments = node.args.kwonlyargs + node.args.args[-len(node.args.defaults):] \
                    if node.args.defaults else node.args.kwonlyargs
                defaults = node.args.kw_defaults + list(node.args.defaults) if node.args.defaults \
                    else node.args.kw_defaults
                for argument, default in zip(arguments, defaults):
                    if argument.arg == "code" and default is not None:
                        values += _strings(default)
            for value in values:
                if value:  # `code: str = ""` is "no code yet", not a code
                    found.setdefault(value, f"{path.relative_to(PACKAGE.parent)}:{node.lineno}")
    return found


def codes_documented() -> list[str]:
    return DOCUMENTED.findall(DOC.read_text(encoding="utf-8"))


def test_the_scan_finds_the_codes_it_should():
    found = codes_in_source()
    assert len(found) > 100
    assert {"okänd-nyckel", "fel-form", "okänt-mål", "tvetydigt-tal", "inget-tal", "strikt"} <= set(found)


def test_every_code_in_malmotor_is_documented():
    missing = sorted(set(codes_in_source()) - set(codes_documented()))
    places = codes_in_source()
    assert not missing, "codes used in malmotor/ but not in docs/diagnostics.md (add a '### `kod`' section):\n" + \
        "\n".join(f"{code}  ({places[code]})" for code in missing)


def test_every_documented_code_is_used_in_malmotor():
    unused = sorted(set(codes_documented()) - set(codes_in_source()))
    assert not unused, "codes in docs/diagnostics.md that malmotor/ never reports:\n" + "\n".join(unused)


def test_every_code_is_documented_once():
    documented = codes_documented()
    assert len(documented) == len(set(documented)), sorted(c for c in documented if documented.count(c) > 1)
