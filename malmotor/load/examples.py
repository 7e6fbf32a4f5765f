"""Where the bundled examples live, installed or in a checkout.

* `lansteknik`: the scorecard of the annual report 2018 of division Länsteknik, as published;
* `kommun`: an illustrative municipality followed up per tertial and delår for three units.

The wheel maps the checkout's `rules/`, `measures/` and `assessments/` into `malmotor/example/` (see
pyproject.toml), so a plain `pip install` outside the checkout can still run the examples.
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent.parent
EXAMPLES = {"lansteknik": ("lansteknik-2018.yaml", "lansteknik-*.yaml"),
            "kommun": ("kommun-uppfoljning.yaml", "kommun-*.csv")}
ASSESSMENTS = {"lansteknik": "lansteknik-*.yaml"}  # under assessments/; the other examples have none


def _example_dir(kind: str) -> Path:
    for candidate in (_PACKAGE / "example" / kind, _PACKAGE.parent / kind):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"the bundled example's {kind}/ folder is missing from this installation")


def example_rules_path(name: str = "lansteknik") -> Path:
    return _example_dir("rules") / EXAMPLES[name][0]


def example_measures_paths(name: str = "lansteknik") -> list[Path]:
    return sorted(_example_dir("measures").glob(EXAMPLES[name][1]))


def example_assessments_paths(name: str = "lansteknik") -> list[Path]:
    """The example's assessments files (bedömningar): people's decisions with their motivations."""
    pattern = ASSESSMENTS.get(name)
    return sorted(_example_dir("assessments").glob(pattern)) if pattern else []
