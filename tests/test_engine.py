"""The durable-rules adapter and its worker process: firings, isolation, crashes and hangs."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

import malmotor
from malmotor.decide import engine
from malmotor.diagnostics import EngineError, ExitCode
from malmotor.decide.isolation import fire_isolated
from malmotor.decide.rulebook import ruleset_definition

from .conftest import ROOT, SEED_MEASURES, SEED_RULES, rule_file

SIMPLE = {"big": {"all": [{"m": {"$gte": {"v": 10}}}]}, "small": {"all": [{"m": {"$lt": {"v": 10}}}]}}


def test_fire_reports_the_rule_that_fired_for_each_fact():
    fired = engine.fire(SIMPLE, [{"id": "a", "v": 12.0}, {"id": "b", "v": 3.0}, {"id": "c", "v": 10.0}])
    assert fired == {"a": ["big"], "b": ["small"], "c": ["big"]}


def test_a_fact_no_rule_matches_is_an_error_naming_the_fact():
    with pytest.raises(engine.FactRejected) as caught:
        engine.fire(SIMPLE, [{"id": "a", "v": 1.0}, {"id": "x", "w": 1.0}])
    assert caught.value.fact_id == "x"


def test_fire_cleans_up_so_repeated_runs_are_identical():
    facts = [{"id": f"i{n}", "v": float(n)} for n in range(50)]
    runs = [engine.fire(SIMPLE, facts) for _ in range(3)]
    assert runs[0] == runs[1] == runs[2]


def test_isolated_run_returns_firings_and_peak_memory():
    run = fire_isolated(SIMPLE, [{"id": "a", "v": 11.0}])
    assert run.fired == {"a": ["big"]}
    assert run.peak_kib > 0


def test_a_crash_of_the_c_core_becomes_an_engine_error():
    # Integer division by zero in a condition kills durable's process with SIGFPE.
    crashing = {"r": {"all": [{"m": {"$gt": {"v": {"$div": {"$l": {"$m": "a"}, "$r": {"$m": "b"}}}}}}]}}
    with pytest.raises(EngineError) as caught:
        fire_isolated(crashing, [{"id": "a", "v": 1, "a": 1, "b": 0}])
    assert "kraschade" in str(caught.value) and "SIGFPE" in str(caught.value)
    assert caught.value.exit_code == ExitCode.ENGINE


def test_a_hang_of_the_c_core_becomes_an_engine_error():
    # More than 512 sibling conditions make durable's create_ruleset loop forever.
    hanging = {f"r{n}": {"all": [{"m": {"indicator": f"i{n}"}}]} for n in range(520)}
    with pytest.raises(EngineError) as caught:
        fire_isolated(hanging, [{"id": "a", "indicator": "i1"}], timeout=3)
    assert "svarade inte inom 3 sekunder" in str(caught.value)


def test_a_rejected_fact_becomes_an_engine_error():
    with pytest.raises(EngineError) as caught:
        fire_isolated(SIMPLE, [{"id": "x", "w": 1.0}])
    assert "'x'" in str(caught.value)


def test_the_rulebook_compiles_in_durable():
    fired = engine.fire(ruleset_definition(), [])
    assert fired == {}


def test_many_evaluations_in_one_process_give_identical_results(write):
    scorecard = malmotor.load_scorecard(SEED_RULES)
    measures = malmotor.load_measures(SEED_MEASURES)
    small = malmotor.load_scorecard(write("r.yaml", rule_file("- id: sjukfranvaro\n  namn: S\n  mål: högst 3 %\n")))
    small_measures = malmotor.load_measures([SEED_MEASURES[0], write("m.yaml", "period: 2018\nvärden:\n  sjukfranvaro: 3,8 %\n")])
    first = malmotor.evaluate(scorecard, measures, period=2018).to_json()
    other = malmotor.evaluate(small, small_measures, period=2018).to_json()
    runs = [(malmotor.evaluate(scorecard, measures, period=2018).to_json(),
             malmotor.evaluate(small, small_measures, period=2018).to_json()) for _ in range(3)]
    assert runs == [(first, other)] * 3
    assert first != other


def test_evaluation_starts_no_threads_and_leaves_durable_out_of_the_caller():
    code = ("import sys, threading, malmotor as m; s = m.load_scorecard(sys.argv[1]); "
            "r = m.evaluate(s, m.load_measures(sys.argv[2:]), period=2018); "
            "print(threading.active_count(), 'durable_rules_engine' in sys.modules, 'durable' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code, str(SEED_RULES), *map(str, SEED_MEASURES)],
                         capture_output=True, text=True, check=True).stdout.split()
    assert out == ["1", "False", "False"]


def test_only_the_engine_module_imports_durable():
    importers = []
    for path in sorted((ROOT / "malmotor").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else \
                [node.module or ""] if isinstance(node, ast.ImportFrom) else []
            if any(name.split(".")[0] in ("durable", "durable_rules_engine") for name in names):
                importers.append(path.relative_to(ROOT).as_posix())
    assert sorted(set(importers)) == ["malmotor/decide/engine.py"]


def test_numbers_python_writes_with_a_bare_exponent_are_accepted():
    # json writes 5e-05 and 1e+18, which durable's C parser refuses without a decimal point.
    fired = engine.fire(SIMPLE, [{"id": "a", "v": 5e-05}, {"id": "b", "v": 1e18}, {"id": "c-e-1", "v": -1e-07}])
    assert fired == {"a": ["small"], "b": ["big"], "c-e-1": ["small"]}


def test_a_firing_of_a_rule_not_in_the_ruleset_is_refused(monkeypatch):
    # The rule name is read off durable's message; anything unexpected there is an error, not a verdict.
    with pytest.raises(engine.FactRejected):
        fired: list[str] = []
        handle = engine._core.create_ruleset("malmotor-test-unknown", engine._encode(SIMPLE))
        try:
            result = engine._core.assert_fact(handle, engine._encode_fact({"id": "a", "v": 1.0, "sid": "s"}))
            engine._take_firings(handle, result[1], "a", fired, {"big": {}})
        finally:
            engine._core.delete_state(handle, "s")
            engine._core.delete_ruleset(handle)


def test_engine_errors_survive_pickling():
    import pickle

    from malmotor.diagnostics import MeasuresError, error

    for problem in (EngineError("boom", "hint"), MeasuresError([error("m.yaml", 3, "fel", "gör så här")])):
        copy = pickle.loads(pickle.dumps(problem))
        assert type(copy) is type(problem) and str(copy) == str(problem) and copy.exit_code == problem.exit_code


def test_the_rulebook_is_small_and_fixed():
    # Whatever the scorecard's size: far below durable's 512-sibling hang (the README says 42).
    from malmotor.decide.rulebook import RULES

    assert len(RULES) == 42


# --- facts alike but for their id: asserted once, every id answered -------------------------------------

def test_facts_alike_but_for_their_id_are_asserted_once_and_answered_for_every_id():
    from malmotor.decide.isolation import distinct_facts

    facts = [{"id": f"k{number}", "kind": "x", "state": "mätt"} for number in range(5)]
    facts.append({"id": "other", "kind": "x", "state": "saknas"})
    distinct, same_as = distinct_facts(facts)
    assert [fact["id"] for fact in distinct] == ["k0", "other"]
    assert same_as == {"k1": "k0", "k2": "k0", "k3": "k0", "k4": "k0"}
    # durable tells true from 1.0: facts that differ so are not alike
    distinct, _ = distinct_facts([{"id": "a", "x": True}, {"id": "b", "x": 1.0}])
    assert len(distinct) == 2


def test_an_evaluation_of_many_units_asserts_only_the_distinct_facts(tmp_path):
    import sys

    from malmotor.decide.assess import build_facts
    from malmotor.decide.inputs import gather_inputs
    from malmotor.decide.rulebook import ruleset_definition

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
    import many_units

    rules, paths = many_units.write_case(tmp_path, 3000)
    scorecard = malmotor.load_scorecard(rules)
    measures = malmotor.load_checked_measures(scorecard, paths)
    inputs, _ = gather_inputs(scorecard, measures, "2018")
    facts = build_facts(scorecard, inputs)
    run = fire_isolated(ruleset_definition(), facts, 60)
    assert set(run.fired) == {fact["id"] for fact in facts}
    assert run.asserted < len(facts) / 5  # 3 000 keys, a few hundred facts for the engine
    sample = facts[::97]  # each key answered as its fact asserted alone is
    alone = {fact["id"]: fire_isolated(ruleset_definition(), [fact], 60).fired[fact["id"]] for fact in sample}
    assert alone == {fact["id"]: run.fired[fact["id"]] for fact in sample}
