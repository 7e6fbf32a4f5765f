"""Presenting many units cheaply changes nothing: results built without validation (model/trusted.py) are the
validated ones, what is remembered per scorecard, indicator or number is what would be made again, and the
CSV written without the csv module is the csv module's."""

from __future__ import annotations

import csv
import io
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import BaseModel

import malmotor
from malmotor.explain import scorecard_parts
from malmotor.explain.scorecard_parts import parts_for
from malmotor.explain.sentences import Explainer
from malmotor.model.trusted import trusted
from malmotor.model import EvaluationResult, Observation, PathStep, SummaryItem
from malmotor.model.period import Period
from malmotor.report.render import csv_text

from .conftest import ROOT, SEED_MEASURES, SEED_RULES


def _same(made, validated, where: str) -> None:
    """Equal, and of the same types all the way down (3,80 is not 3,8; a str subclass is not a str)."""
    assert type(made) is type(validated), where
    if isinstance(made, BaseModel):
        assert list(made.__dict__) == list(validated.__dict__), where
        for name in made.__dict__:
            _same(made.__dict__[name], validated.__dict__[name], f"{where}.{name}")
    elif isinstance(made, (tuple, list)):
        assert len(made) == len(validated), where
        for index, (first, second) in enumerate(zip(made, validated)):
            _same(first, second, f"{where}[{index}]")
    elif isinstance(made, dict):
        assert list(made) == list(validated), where
        for key in made:
            _same(made[key], validated[key], f"{where}[{key!r}]")
    elif isinstance(made, Decimal):
        assert str(made) == str(validated), where
    else:
        assert made == validated, where


def _models(item):
    """Every model in a result, nested ones included."""
    if isinstance(item, BaseModel):
        yield item
        for value in item.__dict__.values():
            yield from _models(value)
    elif isinstance(item, (tuple, list)):
        for value in item:
            yield from _models(value)
    elif isinstance(item, dict):
        for value in item.values():
            yield from _models(value)


def _many_units_case(folder: Path) -> tuple[Path, list[Path]]:
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        import many_units
    finally:
        sys.path.remove(str(ROOT / "benchmarks"))
    rules, paths = many_units.write_case(folder, 300)
    return rules, paths


@pytest.fixture(scope="module")
def results(tmp_path_factory) -> list[EvaluationResult]:
    """The seed, the bundled municipality example and the many-units benchmark's case, in both languages."""
    cases = [(SEED_RULES, SEED_MEASURES, "2018"),
             (ROOT / "rules" / "kommun-uppfoljning.yaml",
              [ROOT / "measures" / "kommun-2018.csv", ROOT / "measures" / "kommun-2019.csv"], "T2 2019"),
             (*_many_units_case(tmp_path_factory.mktemp("many")), "2018")]
    found = []
    for rules, measures, period in cases:
        scorecard = malmotor.load_scorecard(rules)
        assessment = malmotor.assess(scorecard, malmotor.load_measures(measures), period)
        found += [malmotor.present(assessment, lang) for lang in ("sv", "en")]
    return found


def test_results_built_without_validation_are_the_validated_ones(results):
    checked = set()
    for result in results:
        for model in _models(result):
            _same(model, type(model)(**model.__dict__), type(model).__name__)
            checked.add(type(model).__name__)
    assert {"IndicatorResult", "Comparison", "NodeResult", "SummaryText", "SummaryFacts", "SummaryItem"} <= checked


def test_trusted_fills_defaults_and_refuses_what_validation_refuses():
    step = trusted(PathStep, name="Mål", id="m", level="mål")  # not in the model's order
    assert step == PathStep(level="mål", id="m", name="Mål") and list(step.__dict__) == ["level", "id", "name"]
    item = trusted(SummaryItem, kind="nod", id="n", name="N", level=malmotor.Level.FULFILLED)
    assert item.level_reason is None and item.model_fields_set == {"kind", "id", "name", "level"}
    with pytest.raises(TypeError, match="missing"):
        trusted(PathStep, level="mål", id="m")
    with pytest.raises(TypeError, match="unknown"):
        trusted(PathStep, level="mål", id="m", name="Mål", colour="röd")


def test_a_result_presented_again_is_the_same(results):
    """The second presentation of an assessment uses the remembered parts of its scorecard."""
    scorecard = malmotor.load_scorecard(SEED_RULES)
    assessment = malmotor.assess(scorecard, malmotor.load_measures(SEED_MEASURES), "2018")
    first = malmotor.present(assessment, "sv").to_json()
    assert parts_for(scorecard, "sv", False) is parts_for(scorecard, "sv", False)
    assert malmotor.present(assessment, "sv").to_json() == first


def test_parts_are_remembered_by_identity_and_for_a_few_scorecards_only():
    first = malmotor.load_scorecard(SEED_RULES)
    second = malmotor.load_scorecard(SEED_RULES)  # equal, another object
    assert parts_for(first, "sv", False) is not parts_for(second, "sv", False)
    assert parts_for(first, "sv", False).source is first and parts_for(second, "sv", False).source is second
    for _ in range(scorecard_parts.REMEMBERED + 2):
        parts_for(malmotor.load_scorecard(SEED_RULES), "en", False)
    assert len(scorecard_parts._remembered) <= scorecard_parts.REMEMBERED


def test_an_explainer_remembers_texts_per_indicator_object():
    scorecard = malmotor.load_scorecard(SEED_RULES)
    indicator = next(row for _, row in scorecard.rows() if row.target.kind == "gräns")
    explainer = Explainer(scorecard.legend, "sv")
    text = explainer.target_text(indicator)
    moved = indicator.model_copy(update={"target": indicator.target.model_copy(update={"bound": Decimal("99.5")})})
    assert explainer.target_text(indicator) == text == Explainer(scorecard.legend, "sv").target_text(indicator)
    assert explainer.target_text(moved) == Explainer(scorecard.legend, "sv").target_text(moved) != text


_CELL = st.text(alphabet=st.sampled_from(list('ab ;,"\n\r\t=-') + ["é", "≥", "\u2028"]), max_size=6)


@given(st.lists(st.lists(_CELL, min_size=1, max_size=5), max_size=4), st.sampled_from([";", ","]))
def test_csv_text_is_what_the_csv_module_writes(rows, delimiter):
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, lineterminator="\n").writerows(rows)
    assert csv_text(rows, delimiter) == buffer.getvalue()


def test_an_observation_s_text_is_remembered_with_its_indicator():
    scorecard = malmotor.load_scorecard(SEED_RULES)
    indicator = next(row for _, row in scorecard.rows() if row.unit == "%")
    other = indicator.model_copy(update={"unit": "mnkr", "decimals": 2})
    observation = Observation(period=Period.parse("2018"), state="mätt", value=Decimal("3.8"))
    explainer = Explainer(scorecard.legend, "sv")
    assert explainer.observation_text(indicator, observation) == "3,8 %"
    assert explainer.observation_text(other, observation) == "3,80 mnkr"
    assert explainer.observation_text(indicator, observation) == "3,8 %"
    assert explainer.observation_text(indicator, None) == "saknas"
