"""The library as report generators use it: the example in docs/library.md runs as written."""

from __future__ import annotations

import json
import re
from decimal import Decimal

import pytest

import malmotor

from .conftest import ROOT, SEED_MEASURES, SEED_RULES


def test_library_doc_example_runs(monkeypatch, tmp_path, capsys):
    text = (ROOT / "docs" / "library.md").read_text(encoding="utf-8")
    code = re.search(r"```python\n# example: library\n(.*?)```", text, re.S).group(1)
    for folder in ("rules", "measures"):
        (tmp_path / folder).symlink_to(ROOT / folder)
    monkeypatch.chdir(tmp_path)
    exec(compile(code, "docs/library.md", "exec"), {})
    printed = capsys.readouterr().out
    assert "Sjukfrånvaro: 3,8 % är över målet högst 3 % (ej uppfyllt)." in printed
    assert json.loads((tmp_path / "resultat.json").read_text(encoding="utf-8"))["malmotor_result"] == 2


def test_assess_and_present_doc_example_runs(monkeypatch):
    text = (ROOT / "docs" / "library.md").read_text(encoding="utf-8")
    code = re.search(r"```python\n# example: assess and present\n(.*?)```", text, re.S).group(1)
    monkeypatch.chdir(ROOT)
    exec(compile(code, "docs/library.md", "exec"), {})


def test_readme_example_runs(monkeypatch, capsys):
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    code = re.search(r"```python\n(.*?)```", text, re.S).group(1)
    monkeypatch.chdir(ROOT)
    exec(compile(code, "README.md", "exec"), {})
    assert "sjukfranvaro  ▲ ↓ Sjukfrånvaro: 3,8 % är över målet högst 3 % (ej uppfyllt)." in capsys.readouterr().out


def test_results_are_typed_and_round_trip_through_json():
    result = malmotor.evaluate(malmotor.load_scorecard(SEED_RULES), malmotor.load_measures(SEED_MEASURES), 2018)
    again = malmotor.EvaluationResult.model_validate_json(result.to_json())
    assert again.to_json() == result.to_json()
    assert isinstance(result.indicators[0], malmotor.IndicatorResult)


def test_english_explanations_on_request():
    scorecard = malmotor.load_scorecard(SEED_RULES)
    result = malmotor.evaluate(scorecard, malmotor.load_measures(SEED_MEASURES), 2018, lang="en")
    row = result.by_id()["sjukfranvaro"]
    assert row.explanation == ("Sjukfrånvaro: 3.8 % is above the target at most 3 % (not fulfilled). "
                               "Worsened from 3.4 % in 2017; lower is better.")
    assert (row.level_text, row.trend_text) == ("not fulfilled", "worsened")


def test_readme_commands_are_the_ones_ci_runs():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    commands = [line.strip() for line in readme.splitlines() if line.startswith("    python3 -m venv")]
    assert len(commands) == 2
    for command in commands:
        assert command in ci


def test_period_may_be_given_as_text_or_a_year_but_not_as_anything_else():
    scorecard, measures = malmotor.load_scorecard(SEED_RULES), malmotor.load_measures(SEED_MEASURES)
    assert malmotor.evaluate(scorecard, measures, "2018").period == malmotor.Period.year_of(2018)
    assert malmotor.evaluate(scorecard, measures, 2018).period.text == "2018"
    with pytest.raises(malmotor.PeriodError):
        malmotor.evaluate(scorecard, measures, 2018.5)
    with pytest.raises(malmotor.PeriodError):
        malmotor.evaluate(scorecard, measures, "hösten 2018")


def test_result_carries_legend_summary_and_the_limits_used():
    result = malmotor.evaluate(malmotor.load_scorecard(SEED_RULES), malmotor.load_measures(SEED_MEASURES), 2018)
    assert result.summary[malmotor.Level.FULFILLED] == 9 and sum(result.summary.values()) == 22
    assert result.legend.levels[malmotor.Level.PARTLY].symbol == "●"
    rows = result.by_id()
    assert (rows["internkommunikation"].partial_limit_text, rows["heltid"].unchanged_within) == ("64 %", Decimal("0.5"))
    assert rows["office365"].required_statuses == ("genomförd", "påbörjad")


def test_warnings_are_structured(write):
    scorecard = malmotor.load_scorecard(SEED_RULES)
    extra = write("2018.yaml", "period: 2018\nvärden:\n  sjukfrånvaro: 3,8 %\n")
    result = malmotor.evaluate(scorecard, malmotor.load_measures([SEED_MEASURES[0], extra]), 2018)
    [notice] = result.warnings
    assert (notice.file, notice.line, notice.hint) == (str(extra), 3, "Menade du 'sjukfranvaro'? Kontrollera "
                                                                        "stavningen av id:t, här och i regelfilen.")
    assert notice.render().startswith(f"{extra}:3: varning: Mätvärdet för 'sjukfrånvaro' hör inte till")
    assert json.loads(result.to_json())["warnings"][0]["line"] == 3
