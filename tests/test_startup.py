"""Start-up (docs/performance.md, "Start-up"): the command line imports what the command asks for and no more, an
evaluation forks one engine worker for all its rulesets, and what was made quicker says the same as before.

Imports are looked at in a fresh interpreter (a subprocess), where nothing else has imported anything yet.
"""

from __future__ import annotations

import multiprocessing
import subprocess
import sys
import tomllib

import pytest
from num2words import num2words

import malmotor
from malmotor.decide import isolation
from malmotor.decide.rulebook import ruleset_definition
from malmotor.diagnostics import EngineError
from malmotor.explain.wording import SPELLED_UP_TO, Noun, number

from .conftest import ROOT, SEED_MEASURES, SEED_RULES

# Imported only by a format, a command or a sentence that needs them.
NOT_FOR_THE_SEED = ("num2words", "xlsxwriter", "openpyxl", "jinja2", "malmotor.report.html", "malmotor.report.workbook",
                    "malmotor.report.history", "malmotor.cli.check", "malmotor.cli.explain", "malmotor.cli.diff",
                    "malmotor.cli.ruletest", "malmotor.cli.schema", "malmotor.explain.trace", "malmotor.compare",
                    "malmotor.ruletests", "malmotor.check", "malmotor.scale", "malmotor.report.jsonl",
                    "malmotor.load.spreadsheet", "jsonschema", "dask", "distributed")


def _imported_after(code: str, *args: str) -> list[str]:
    """Which of NOT_FOR_THE_SEED a fresh interpreter has imported when `code` has run (also after SystemExit)."""
    report = ("import atexit, sys; atexit.register(lambda: print('imported:', *sorted(m for m in "
              f"{NOT_FOR_THE_SEED!r} if m in sys.modules), file=sys.stderr)); ")
    done = subprocess.run([sys.executable, "-c", report + code, *args], cwd=ROOT, capture_output=True, text=True,
                          check=False)
    assert done.returncode == 0, done.stderr
    line = [text for text in done.stderr.splitlines() if text.startswith("imported:")][-1]
    return line.split()[1:]


def test_importing_the_command_line_imports_no_other_command_and_no_report_format():
    assert _imported_after("import malmotor.cli") == []


def test_the_bundled_example_as_a_table_imports_none_of_them_either():
    assert _imported_after("from malmotor.cli import main; main()", "evaluate") == []


def test_the_command_asked_for_is_imported_and_speaks_the_language_asked_for():
    done = subprocess.run([sys.executable, "-c", "from malmotor.cli import main; main()", "--lang", "en", "explain",
                           "--help"], cwd=ROOT, capture_output=True, text=True, check=True)
    assert "Show the whole way to an indicator's verdict" in done.stdout and "Visa" not in done.stdout
    assert _imported_after("from malmotor.cli import main; main()", "explain", "--help") == [
        "malmotor.cli.explain", "malmotor.explain.trace"]


def test_a_command_first_imported_in_an_english_run_speaks_swedish_in_the_next():
    code = ("from click.testing import CliRunner; from malmotor.cli.main import main; runner = CliRunner(); "
            "first = runner.invoke(main, ['--lang', 'en', 'explain', '--help']).output; "
            "then = runner.invoke(main, ['explain', '--help']).output; "
            "print('Show the whole way' in first, 'Show the whole way' in then, 'Visa hela vägen' in then)")
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["True", "False", "True"]


def test_the_command_group_knows_every_command_without_importing_them():
    code = ("import sys; from malmotor.cli.main import main; names = sorted(main.commands); "
            "print(names, 'malmotor.cli.ruletest' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert done.stdout.split("] ")[1].strip() == "False"
    assert done.stdout.startswith("['check', 'diff', 'evaluate', 'explain', 'schema', 'test']")


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_the_spelled_out_counts_are_num2words_own(lang):
    common, neuter = Noun("indikator", "indikatorer"), Noun("mål", "mål", neuter=True)
    for count in range(SPELLED_UP_TO + 1):
        assert number(count, neuter, lang) == num2words(count, lang=lang)
        expected = "en" if lang == "sv" and count == 1 else num2words(count, lang=lang)
        assert number(count, common, lang) == expected
    assert number(SPELLED_UP_TO + 1, neuter, lang) == str(SPELLED_UP_TO + 1)


def test_the_models_are_built_when_first_used_not_when_imported():
    """Only the few models made at import (module-level defaults such as `PREVIOUS`) are built by then."""
    code = ("import malmotor.cli; from malmotor.model.frozen import BUILT_WHEN_FIRST_USED, Frozen; "
            "every = lambda base: [c for sub in base.__subclasses__() for c in (sub, *every(sub))]; "
            "built = lambda: [cls.__name__ for cls in every(Frozen) if cls.__pydantic_complete__]; "
            "before = built(); from malmotor.model import Key; Key(indicator='i'); "
            "print(BUILT_WHEN_FIRST_USED, len(every(Frozen)), len(before), "
            "*(name in before for name in ('Scorecard', 'Key', 'EvaluationResult', 'Assessment')), 'Key' in built())")
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    deferred, models, built, *rest = done.stdout.split()
    assert deferred == "True" and int(models) > 60 and int(built) <= 10
    assert rest == ["False", "False", "False", "False", "True"]


def test_the_model_modules_give_pydantic_annotations_as_python_not_as_text():
    import __future__
    import importlib
    import pkgutil

    import malmotor.model
    from malmotor.model.frozen import Frozen

    for info in pkgutil.iter_modules(malmotor.model.__path__):
        module = importlib.import_module(f"malmotor.model.{info.name}")
        if any(isinstance(value, type) and issubclass(value, Frozen) and value.__module__ == module.__name__
               for value in vars(module).values()):
            assert getattr(module, "annotations", None) is not __future__.annotations, module.__name__


def test_the_version_is_the_one_in_pyproject():
    with open(ROOT / "pyproject.toml", "rb") as file:
        assert malmotor.__version__ == tomllib.load(file)["project"]["version"]


# --- one worker per evaluation ------------------------------------------------------------------------------------

SIMPLE = {"big": {"all": [{"m": {"$gte": {"v": 10}}}]}, "small": {"all": [{"m": {"$lt": {"v": 10}}}]}}
CRASHING = {"r": {"all": [{"m": {"$gt": {"v": {"$div": {"$l": {"$m": "a"}, "$r": {"$m": "b"}}}}}}]}}  # SIGFPE


@pytest.fixture
def started(monkeypatch):
    """How many engine workers were started."""
    count = []
    real = isolation._Worker._start
    monkeypatch.setattr(isolation._Worker, "_start", lambda self, *args: count.append(1) or real(self, *args))
    return count


def test_an_evaluation_fires_its_rulesets_in_one_worker_and_leaves_none_behind(started, monkeypatch):
    fired = []
    real = isolation.fire_isolated
    from malmotor.decide import assess, gaps, rollup

    for module in (assess, gaps, rollup):
        monkeypatch.setattr(module, "fire_isolated", lambda *args, **kwargs: fired.append(1) or real(*args, **kwargs))
    scorecard, measures = malmotor.load_scorecard(SEED_RULES), malmotor.load_measures(SEED_MEASURES)
    durable = malmotor.assess(scorecard, measures, period=2018)
    assert len(fired) >= 3 and started == [1]  # the rows, the gap rules, the roll-up's layers
    assert multiprocessing.active_children() == []
    assert durable == malmotor.assess(scorecard, measures, period=2018, engine="reference").model_copy(
        update={"engine": "durable"})


def test_calls_outside_a_block_get_a_worker_each(started):
    assert isolation.fire_isolated(SIMPLE, [{"id": "a", "v": 11.0}]).fired == {"a": ["big"]}
    assert isolation.fire_isolated(SIMPLE, [{"id": "b", "v": 1.0}]).fired == {"b": ["small"]}
    assert started == [1, 1] and multiprocessing.active_children() == []


def test_in_one_worker_every_call_is_answered_and_a_crash_is_reported_as_before(started):
    with isolation.one_worker():
        assert isolation.fire_isolated(SIMPLE, [{"id": "a", "v": 11.0}]).fired == {"a": ["big"]}
        assert isolation.fire_isolated(ruleset_definition(), []).fired == {}
        with pytest.raises(EngineError) as rejected:
            isolation.fire_isolated(SIMPLE, [{"id": "x", "w": 1.0}])
        assert "'x'" in str(rejected.value)
        assert isolation.fire_isolated(SIMPLE, [{"id": "b", "v": 2.0}]).fired == {"b": ["small"]}  # still there
        assert started == [1]
        with pytest.raises(EngineError) as crashed:
            isolation.fire_isolated(CRASHING, [{"id": "a", "v": 1, "a": 1, "b": 0}])
        assert "kraschade" in str(crashed.value) and "SIGFPE" in str(crashed.value)
        assert isolation.fire_isolated(SIMPLE, [{"id": "c", "v": 12.0}]).fired == {"c": ["big"]}  # a fresh one
        assert started == [1, 1]
    assert multiprocessing.active_children() == []


def test_a_hang_in_one_worker_is_stopped_at_the_timeout():
    hanging = {f"r{n}": {"all": [{"m": {"indicator": f"i{n}"}}]} for n in range(520)}
    with pytest.raises(EngineError) as caught, isolation.one_worker():
        isolation.fire_isolated(SIMPLE, [{"id": "a", "v": 11.0}])
        isolation.fire_isolated(hanging, [{"id": "a", "indicator": "i1"}], timeout=2)
    assert "svarade inte inom 2 sekunder" in str(caught.value)
    assert multiprocessing.active_children() == []
