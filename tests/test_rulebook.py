"""The contract between the fact builder (decide/facts.py) and the rules (decide/rulebook.py)."""

from __future__ import annotations

from decimal import Decimal

import pytest

import malmotor
from malmotor.decide.assess import build_facts
from malmotor.decide.facts import MARGINS, Fact
from malmotor.decide.inputs import gather_inputs
from malmotor.decide.rulebook import RULES

from .conftest import SEED_MEASURES, SEED_RULES

COMPARISONS = ("$gt", "$gte", "$lt", "$lte", "$eq", "$neq")


def _comparisons(condition):
    """(operator, attribute, compared with) of every comparison in a rule's condition, however nested."""
    if isinstance(condition, list):
        for each in condition:
            yield from _comparisons(each)
    elif isinstance(condition, dict):
        for name, inner in condition.items():
            if name in COMPARISONS:
                (attribute, against), = inner.items()
                yield name, attribute, against
            elif name.startswith("$") or name in ("m", "all"):
                yield from _comparisons(inner)
            else:
                yield "$eq", name, inner


@pytest.mark.parametrize("rule", RULES, ids=lambda rule: rule.name)
def test_every_rule_compares_a_margin_with_zero_only(rule):
    """A fact carries a margin's sign alone (facts._sign): right only while no rule reads more of it."""
    for operator, attribute, against in _comparisons(rule.condition):
        if attribute in MARGINS:
            assert operator in ("$gt", "$gte", "$lt", "$lte") and against == 0 and not isinstance(against, bool), \
                (rule.name, operator, attribute, against)
        assert not (isinstance(against, dict) and set(against.values()) & set(MARGINS)), rule.name


def test_every_margin_attribute_is_read_by_some_rule():
    read = {attribute for rule in RULES for _, attribute, _ in _comparisons(rule.condition)}
    assert set(MARGINS) <= read


def test_a_fact_carries_each_margin_as_its_sign():
    scorecard = malmotor.load_scorecard(SEED_RULES)
    measures = malmotor.load_checked_measures(scorecard, SEED_MEASURES)
    inputs, _ = gather_inputs(scorecard, measures, "2018")
    signs = {fact[name] for fact in build_facts(scorecard, inputs) for name in MARGINS}
    assert signs == {-1.0, 0.0, 1.0}
    assert Fact.ID not in MARGINS


def test_a_margin_of_the_smallest_difference_keeps_its_sign():
    from malmotor.decide.facts import _sign

    assert _sign(Decimal("1e-15")) == 1.0 and _sign(Decimal("-1e-15")) == -1.0 and _sign(Decimal("-0")) == 0.0
