"""Where the bundled example (the Länsteknik 2018 scorecard) lives, installed or in a checkout.

The wheel maps the checkout's `rules/` and `measures/` into `malmotor/example/` (see
pyproject.toml), so a plain `pip install` outside the checkout can still run the example.
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent.parent


def _example_dir(kind: str) -> Path:
    for candidate in (_PACKAGE / "example" / kind, _PACKAGE.parent / kind):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"the bundled example's {kind}/ folder is missing from this installation")


def example_rules_path() -> Path:
    return _example_dir("rules") / "lansteknik-2018.yaml"


def example_measures_paths() -> list[Path]:
    folder = _example_dir("measures")
    return sorted(folder.glob("lansteknik-*.yaml"))
