"""A latest period with clearly fewer values than the one before (`glest-senaste-period`): a year mistyped on a
few rows must not have every unit silently judged for that year. The same warning in one piece, in chunks,
from the library and from `check`; none when `--period` is given or the latest period is complete."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner

import malmotor
from malmotor.check import check
from malmotor.cli.main import main
from malmotor.decide.inputs import SPARSE_AT_MOST, sparse_latest
from malmotor.model.period import Period

from .conftest import ROOT
from .test_scale import write_case

CODE = "glest-senaste-period"
MISTYPED = (30, 77, 120, 150)  # lines of matvarden-2018.csv (1-based) written with 2019


@pytest.fixture(scope="module")
def case(tmp_path_factory):
    """20 units, 2017 and 2018, four rows of 2018 written with the year 2019."""
    folder = tmp_path_factory.mktemp("sparse")
    rules, first, second = write_case(folder, 20)
    lines = Path(second).read_text(encoding="utf-8").split("\n")
    for number in MISTYPED:
        assert ";2018;" in lines[number - 1]
        lines[number - 1] = lines[number - 1].replace(";2018;", ";2019;")
    Path(second).write_text("\n".join(lines), encoding="utf-8")
    return folder, [rules, first, second]


def _cli(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def _evaluate(case, *extra: str):
    _, paths = case
    return _cli("evaluate", *paths, "--format", "csv", *extra)


CHUNKED = ("--workers", "2", "--chunk-size", "100")


@pytest.mark.parametrize("extra", [(), CHUNKED], ids=["one piece", "chunks"])
def test_the_period_judged_by_default_is_named_with_its_values_and_what_to_do(case, extra):
    folder, paths = case
    run = _evaluate(case, *extra)
    assert run.exit_code == 0, run.output
    second = paths[2]
    shown = ", ".join(f"{second}:{line}" for line in MISTYPED[:2]) + f" och {second}:{MISTYPED[2]}"
    assert run.stderr.startswith(
        f"{second}:{MISTYPED[0]}: varning: Perioden som bedöms, 2019, är den senaste i mätvärdena men har bara 4 "
        f"värden mot ")
    assert f"för 2018: varje rad utan värde för 2019 blir 'ej bedömt'. Värdena för 2019 står i {shown} " \
           "(och 1 till).\n" in run.stderr
    assert "    Ange --period 2018 om det är 2018 som ska bedömas, och rätta perioden på de raderna om de hör till " \
           "2018. Ska 2019 bedömas, ange --period 2019.\n" in run.stderr
    assert run.stderr.count("Perioden som bedöms") == 1  # once per run, not once per chunk
    assert ";2019;" in run.stdout  # judged as asked: a warning, not a change of period


def test_one_piece_and_chunks_say_the_same_and_write_the_same(case):
    whole, chunked = _evaluate(case), _evaluate(case, *CHUNKED)
    assert whole.exit_code == chunked.exit_code == 0
    assert whole.stderr == chunked.stderr and whole.stdout == chunked.stdout


@pytest.mark.parametrize("extra", [(), CHUNKED], ids=["one piece", "chunks"])
def test_in_english(case, extra):
    _, paths = case
    run = _evaluate(case, "--lang", "en", *extra)
    assert run.exit_code == 0, run.output
    assert run.stderr.startswith(
        f"{paths[2]}:{MISTYPED[0]}: warning: The period assessed, '2019', is the latest in the measured values but "
        "has only 4 values against ")
    assert "every row with no value for '2019' is 'ej bedömt' (not assessed)" in run.stderr
    assert "(and 1 more).\n    Give --period 2018 if '2018' is the period to assess, and correct the period of " \
           "those rows if they belong to '2018'. If '2019' is the one to assess, give --period 2019.\n" in run.stderr


@pytest.mark.parametrize("extra", [(), CHUNKED], ids=["one piece", "chunks"])
@pytest.mark.parametrize("period", ["2018", "2019"])
def test_no_warning_when_the_period_is_given(case, extra, period):
    run = _evaluate(case, "--period", period, *extra)
    assert run.exit_code == 0, run.output
    assert "Perioden som bedöms" not in run.stderr


@pytest.mark.parametrize("extra", [(), CHUNKED], ids=["one piece", "chunks"])
def test_no_warning_when_the_latest_period_is_complete(tmp_path, extra):
    paths = write_case(tmp_path, 20)
    run = _cli("evaluate", *paths, "--format", "csv", *extra)
    assert run.exit_code == 0, run.output
    assert "Perioden som bedöms" not in run.stderr


@pytest.mark.parametrize("extra", [(), CHUNKED], ids=["one piece", "chunks"])
def test_strict_stops_the_run_and_writes_nothing(case, extra):
    folder, paths = case
    output = folder / f"resultat-{len(extra)}.csv"
    run = _evaluate(case, "--strict", "-o", str(output), *extra)
    assert run.exit_code == 5, run.output
    assert f"{paths[2]}:{MISTYPED[0]}: fel: Perioden som bedöms, 2019," in run.stderr
    assert "--strict: fel: Varningarna räknas som fel med --strict; inget resultat är skrivet." in run.stderr
    assert not output.exists()
    assert _evaluate(case, "--strict", "--period", "2018", "-o", str(output), *extra).exit_code == 0


def test_the_library_warns_first_and_not_with_a_period(case):
    _, (rules, *measures) = case
    scorecard = malmotor.load_scorecard(rules)
    values = malmotor.load_checked_measures(scorecard, measures)
    result = malmotor.evaluate(scorecard, values)
    first = result.warnings[0]
    assert (first.code, first.severity, first.file, first.line) == (CODE, "varning", measures[1], MISTYPED[0])
    assert "4 värden" in first.message and "4 values" in first.message.en
    assert CODE not in [warning.code for warning in malmotor.evaluate(scorecard, values, "2018").warnings]
    assert CODE not in [warning.code for warning in malmotor.evaluate(scorecard, values, "2019").warnings]
    alone = malmotor.assess(scorecard, values, org_unit=result.org_units[0])  # one unit: its own values compared
    assert CODE not in [warning.code for warning in alone.warnings]


def test_evaluate_units_warns_as_evaluate_does(case):
    _, (rules, *measures) = case
    scorecard = malmotor.load_scorecard(rules)
    values = malmotor.load_checked_measures(scorecard, measures)
    results = malmotor.evaluate_units(scorecard, values, workers=1, chunk_size=100)
    list(results)
    assert results.warnings[0] == malmotor.evaluate(scorecard, values).warnings[0]
    assert [w.code for w in results.warnings].count(CODE) == 1
    given = malmotor.evaluate_units(scorecard, values, "2018", workers=1, chunk_size=100)
    list(given)
    assert CODE not in [warning.code for warning in given.warnings]


def test_check_says_it_for_the_period_it_checks_by_default(case):
    _, (rules, *measures) = case
    found = [d for d in check([rules], measures) if d.code == CODE]
    assert [(d.file, d.line, d.severity) for d in found] == [(measures[1], MISTYPED[0], "varning")]
    assert found[0].message == malmotor.evaluate(malmotor.load_scorecard(rules),
                                                 malmotor.load_measures(measures)).warnings[0].message
    assert not [d for d in check([rules], measures, period="2018") if d.code == CODE]


@pytest.mark.parametrize("counts, sparse", [
    ({"2017": 21, "2018": 28}, False),  # the bundled example
    ({"2017": 100, "2018": 10_020, "2019": 4}, True),  # the mistake this is for
    ({"2018": 20, "2019": 9}, True),  # fewer than half
    ({"2018": 20, "2019": 10}, False),  # half: a period on its way
    ({"2018": 10_020, "2019": SPARSE_AT_MOST + 1}, False),  # a run of many units whose new year is coming in
    ({"2019": 4}, False),  # no period before
    ({"T2 2019": 21, "T3 2019": 21, "2019": 1}, True),  # a row of tertials written with a year
])
def test_the_rule(counts, sparse):
    counts = Counter({Period.parse(text): number for text, number in counts.items()})
    found = sparse_latest(counts)
    assert (found is not None) == sparse
    if found:
        assert list(found) == sorted(counts)[:-3:-1]


def test_the_bundled_examples_judged_by_default_get_no_such_warning():
    for rules, measures in ((ROOT / "rules" / "lansteknik-2018.yaml",
                             [ROOT / "measures" / "lansteknik-2017.yaml", ROOT / "measures" / "lansteknik-2018.yaml"]),
                            (ROOT / "rules" / "kommun-uppfoljning.yaml",
                             [ROOT / "measures" / "kommun-2018.csv", ROOT / "measures" / "kommun-2019.csv"])):
        scorecard = malmotor.load_scorecard(rules)
        result = malmotor.evaluate(scorecard, malmotor.load_checked_measures(scorecard, measures))
        assert CODE not in [warning.code for warning in result.warnings]
