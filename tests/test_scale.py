"""Many units (malmotor/scale): each unit's result is evaluate's for that unit, whatever the chunks and
workers; the command line's output is byte for byte the same with one worker, two, or none; a chunk that
fails stops the run with a clear error and leaves no output file."""

from __future__ import annotations

import json
import os
import random
import signal
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

import malmotor
from malmotor.cli.main import main
from malmotor.pipeline import evaluate
from malmotor.report.render import render
from malmotor.scale import chunk as chunk_module

from .conftest import ROOT

KOMMUN_RULES = ROOT / "rules" / "kommun-uppfoljning.yaml"
KOMMUN_MEASURES = [ROOT / "measures" / "kommun-2018.csv", ROOT / "measures" / "kommun-2019.csv"]

RULES = """\
malmotor: 1
styrkort: Många enheter
hierarki: [perspektiv, mål]
grupper:
  kön:
jämförelser:
  riket: riket
sammanvägning: majoritet
perspektiv:
  - namn: Medarbetare
    mål:
      - namn: Friska medarbetare
        indikatorer:
          - {id: sjuk, namn: Sjukfrånvaro, enhet: "%", riktning: lägre är bättre, mål: högst 6 %,
             delvis: högst 7 %, skillnad mellan kvinnor och män: högst 1 procentenhet}
          - {id: plan, namn: Plan, mål: Genomförd}
  - namn: Verksamhet
    mål:
      - namn: Service
        indikatorer:
          - {id: nojd, namn: Nöjdhet, enhet: "%", mål: Öka}
          - {id: tid, namn: Handläggningstid, enhet: dagar, riktning: lägre är bättre, mål: högst riket}
"""


def write_case(folder: Path, units: int, seed: int = 7, bad: tuple[int, str] | None = None) -> list[str]:
    """A rule file and two years of CSV values for `units` units (names not in order in the files, some
    values missing, riket given once for every unit); `bad`: (unit number, value) put in 2018."""
    draw = random.Random(seed)
    (folder / "regler.yaml").write_text(RULES, encoding="utf-8")
    paths = [str(folder / "regler.yaml")]
    names = [f"Kommun {chr(65 + n % 26)}{n:03d}" for n in range(units)]
    draw.shuffle(names)
    for year in (2017, 2018):
        rows = ["indikator;period;enhet;grupp;värde;jämförelse"]
        rows.append(f"tid;{year};;;{draw.randint(20, 40)} dagar;riket")
        for number, unit in enumerate(names):
            for group in ("", "K", "M"):
                if draw.random() > 0.05:
                    rows.append(f"sjuk;{year};{unit};{group};{draw.randint(40, 80) / 10:.1f} %;".replace(".", ","))
                rows.append(f"nojd;{year};{unit};{group};{draw.randint(50, 90)} %;")
                rows.append(f"tid;{year};{unit};{group};{draw.randint(20, 40)} dagar;")
            value = bad[1] if bad and bad[0] == number and year == 2018 else draw.choice(["påbörjad", "genomförd"])
            rows.append(f"plan;{year};{unit};;{value};")
        path = folder / f"matvarden-{year}.csv"
        path.write_text("\n".join(rows) + "\n", encoding="utf-8")
        paths.append(str(path))
    return paths


def _without_warnings(result):
    return result.model_copy(update={"warnings": ()})


@pytest.fixture(scope="module")
def many(tmp_path_factory):
    folder = tmp_path_factory.mktemp("many")
    rules, *measures = write_case(folder, 12)
    scorecard = malmotor.load_scorecard(rules)
    return scorecard, malmotor.load_checked_measures(scorecard, measures), [rules, *measures]


@pytest.mark.parametrize("workers, chunk_size", [(1, 1), (2, 50), (2, 100), (1, 100_000)])
def test_each_unit_gets_the_result_evaluate_gives_for_that_unit(many, workers, chunk_size):
    scorecard, measures, _ = many
    results = malmotor.evaluate_units(scorecard, measures, "2018", workers=workers, chunk_size=chunk_size)
    units = [result.org_units[0] for result in results]
    assert units == sorted(units, key=str.casefold) and len(units) == 12
    for result, unit in zip(malmotor.evaluate_units(scorecard, measures, "2018", workers=workers,
                                                    chunk_size=chunk_size), units):
        assert result == _without_warnings(evaluate(scorecard, measures, "2018", org_unit=unit))
        assert result.nodes and result.summaries and any(row.gaps for row in result.indicators)


@pytest.mark.parametrize("period", ["T1 2019", "T2 2019", None])
def test_the_bundled_units_in_the_rule_files_order_as_evaluate_gives_them(period):
    scorecard = malmotor.load_scorecard(KOMMUN_RULES)
    measures = malmotor.load_checked_measures(scorecard, KOMMUN_MEASURES)
    results = list(malmotor.evaluate_units(scorecard, measures, period, chunk_size=1, workers=2))
    assert [result.org_units[0] for result in results] == list(scorecard.org_units)
    whole = evaluate(scorecard, measures, period)
    assert [row for result in results for row in result.indicators] == list(whole.indicators)
    assert [node for result in results for node in result.nodes] == list(whole.nodes)
    assert "".join(render(result, "table") + "\n" for result in results)[:-1] == render(whole, "table")
    for result in results:
        alone = evaluate(scorecard, measures, period or "T3 2019", org_unit=result.org_units[0])
        assert result == _without_warnings(alone)


def test_a_list_of_periods_gives_every_unit_of_each_period_in_turn(many):
    scorecard, measures, _ = many
    results = list(malmotor.evaluate_units(scorecard, measures, ["2017", "2018"], workers=2, chunk_size=100))
    assert [result.period.text for result in results] == ["2017"] * 12 + ["2018"] * 12
    for result in results[::5]:
        alone = evaluate(scorecard, measures, result.period, org_unit=result.org_units[0])
        assert result == _without_warnings(alone)


def test_units_picks_some_and_an_unknown_unit_is_refused_with_a_suggestion(many):
    scorecard, measures, _ = many
    names = [result.org_units[0] for result in malmotor.evaluate_units(scorecard, measures, workers=1)]
    picked = [result.org_units[0] for result in malmotor.evaluate_units(
        scorecard, measures, workers=1, units=[names[5].upper(), names[2]])]
    assert picked == [names[2], names[5]]  # the run's order, not the order asked
    with pytest.raises(malmotor.OptionError) as caught:
        malmotor.evaluate_units(scorecard, measures, units=[names[0] + "x"])
    assert f"Menade du '{names[0]}'" in caught.value.render()


def test_the_warnings_are_the_runs_each_once(tmp_path, many):
    scorecard, _, paths = many
    extra = tmp_path / "okand.csv"
    extra.write_text("indikator;period;enhet;värde\nokand;2018;Kommun A000;3\n", encoding="utf-8")
    measures = malmotor.load_checked_measures(scorecard, [*paths[1:], extra])
    results = malmotor.evaluate_units(scorecard, measures, workers=2, chunk_size=40)
    assert all(result.warnings == () for result in results)
    codes = [warning.code for warning in results.warnings]
    assert codes.count("okänd-indikator") == 1
    assert codes == [warning.code for warning in evaluate(scorecard, measures).warnings]


def _cli(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


@pytest.mark.parametrize("fmt", ["csv", "jsonl", "table", "markdown"])
def test_one_worker_two_workers_and_one_piece_write_the_same_bytes(tmp_path, many, fmt):
    _, _, paths = many
    outputs = {}
    for name, extra in (("whole", ()), ("one", ("--workers", "1", "--chunk-size", "30")),
                        ("two", ("--workers", "2", "--chunk-size", "30"))):
        output = tmp_path / f"{name}.{fmt}"
        run = _cli("evaluate", *paths, "--format", fmt, "-o", str(output), *extra)
        assert run.exit_code == 0, run.output
        outputs[name] = output.read_bytes()
    assert outputs["whole"] == outputs["one"] == outputs["two"]
    if fmt == "csv":
        assert outputs["whole"].startswith("\ufeff".encode())
    if fmt == "jsonl":
        lines = [json.loads(line) for line in outputs["whole"].decode().splitlines()]
        assert lines[0]["kind"] == "run" and lines[0]["period"] == "2018"
        assert {line["kind"] for line in lines[1:]} == {"indicator", "node", "summary"}


def test_standard_output_gets_the_same_text_unit_by_unit(many):
    _, _, paths = many
    whole = _cli("evaluate", *paths, "--format", "markdown", "--lang", "en")
    chunked = _cli("evaluate", *paths, "--format", "markdown", "--lang", "en", "--workers", "2", "--chunk-size", "30")
    assert whole.exit_code == chunked.exit_code == 0
    assert whole.stdout == chunked.stdout and whole.stdout.count("## Många enheter, Kommun") == 12


def _crash_in_the_second_chunk(original):
    def results(task):
        if task.index == 1:
            os.kill(os.getpid(), signal.SIGKILL)
        return original(task)
    return results


def test_a_worker_that_dies_is_a_clear_engine_error_and_no_file(tmp_path, many, monkeypatch):
    _, _, paths = many
    monkeypatch.setattr(chunk_module, "_results", _crash_in_the_second_chunk(chunk_module._results))
    output = tmp_path / "resultat.csv"
    run = _cli("evaluate", *paths, "--format", "csv", "-o", str(output), "--workers", "2", "--chunk-size", "30")
    assert run.exit_code == 3, run.output
    assert "En arbetsprocess avslutades oväntat i delkörning 2 (2018, enheterna " in run.stderr
    assert "Traceback" not in run.stderr and list(tmp_path.iterdir()) == []


def test_a_worker_that_hangs_is_stopped_with_a_clear_engine_error(many, monkeypatch):
    scorecard, measures, _ = many
    original = chunk_module._results

    def hanging(task):
        if task.index == 1:
            time.sleep(600)
        return original(task)

    monkeypatch.setattr(chunk_module, "_results", hanging)
    started = time.monotonic()
    with pytest.raises(malmotor.EngineError) as caught:
        list(malmotor.evaluate_units(scorecard, measures, workers=2, chunk_size=30, timeout=3))
    assert "svarade inte inom 3 sekunder i delkörning 2" in caught.value.render()
    assert time.monotonic() - started < 60


def test_a_value_that_does_not_fit_stops_the_run_at_its_line_and_no_file(tmp_path):
    paths = write_case(tmp_path, 12, bad=(9, "kanske"))
    output = tmp_path / "resultat.jsonl"
    run = _cli("evaluate", *paths, "--format", "jsonl", "-o", str(output), "--workers", "2", "--chunk-size", "30")
    assert run.exit_code == 1, run.output
    assert "matvarden-2018.csv:" in run.stderr and "'kanske'" in run.stderr and "Traceback" not in run.stderr
    assert not output.exists() and not [path for path in tmp_path.iterdir() if path.name.startswith(".")]


def test_strict_stops_at_the_first_warning_and_writes_nothing(tmp_path, many):
    _, _, paths = many
    extra = tmp_path / "okand.csv"
    extra.write_text("indikator;period;enhet;värde\nokand;2018;Kommun A000;3\n", encoding="utf-8")
    output = tmp_path / "resultat.csv"
    run = _cli("evaluate", *paths, str(extra), "--format", "csv", "-o", str(output), "--workers", "2",
               "--chunk-size", "30", "--strict")
    assert run.exit_code == 5 and "okand" in run.stderr and not output.exists()


def test_a_file_the_streamed_reader_leaves_alone_is_read_as_always(tmp_path, many):
    _, _, paths = many
    broken = tmp_path / "trasig.csv"
    broken.write_text("indikator;period;enhet;värde\nsjuk;2018;Kommun A000;3 %;extra\n", encoding="utf-8")
    args = ["evaluate", *paths, str(broken), "--format", "csv"]
    chunked, whole = _cli(*args, "--workers", "2"), _cli(*args)
    assert chunked.exit_code == whole.exit_code == 1
    assert chunked.stderr == whole.stderr and "trasig.csv:2:" in whole.stderr


def test_workers_with_a_format_of_one_piece_is_a_usage_error(many):
    _, _, paths = many
    run = _cli("evaluate", *paths, "--format", "json", "--workers", "2")
    assert run.exit_code == 2 and "--format json" in run.stderr


def _descendants(pid: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if fields[0] != "Z":
                children.setdefault(int(fields[1]), []).append(int(entry.name))
    found, todo = [], [pid]
    while todo:
        found += (more := children.get(todo.pop(), []))
        todo += more
    return found


@pytest.mark.skipif(not os.path.isdir("/proc"), reason="the workers are looked for in /proc")
def test_a_stopped_run_of_many_units_leaves_no_file_and_no_worker(tmp_path):
    import subprocess
    import sys

    paths = write_case(tmp_path, 4000)  # 40 000 keys: some seconds of work, however fast the machine
    output = tmp_path / "resultat.csv"
    command = [sys.executable, "-c", "from malmotor.cli import main; main()", "evaluate", *paths, "--format", "csv",
               "-o", str(output), "--workers", "2", "--chunk-size", "500"]
    process = subprocess.Popen(command, cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while len(_descendants(process.pid)) < 2 and time.monotonic() < deadline:
        time.sleep(0.1)  # until the pool's workers run
    workers = _descendants(process.pid)
    assert len(workers) >= 2 and process.poll() is None, "the run ended before it could be stopped"
    time.sleep(0.5)
    process.send_signal(signal.SIGTERM)
    out, err = process.communicate(timeout=60)
    assert process.returncode == 143, err.decode()
    assert "stoppad (SIGTERM)" in err.decode() and "Traceback" not in err.decode(), err.decode()
    assert not output.exists() and not [path for path in tmp_path.iterdir() if path.name.startswith(".")]
    deadline = time.monotonic() + 15
    while any(map(_alive, workers)) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not any(map(_alive, workers)), "a worker outlived the stopped run"


def _alive(pid: int) -> bool:
    """Running, not merely a zombie waiting for its parent to collect it."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


KOLADA_RULES = """\
malmotor: 1
styrkort: Kolada
grupper:
  kön:
jämförelser:
  riket: {text: riket, kolada: "0000"}
perspektiv:
  - namn: Medarbetare
    strategiska mål:
      - namn: Attraktiv arbetsgivare
        mål:
          - namn: God arbetsmiljö
            indikatorer:
              - {id: sjuk, namn: Sjukfrånvaro, enhet: "%", riktning: lägre är bättre, mål: högst riket,
                 kolada: N00945}
              - {id: plan, namn: Plan, mål: Genomförd}
"""


def test_kolada_and_csv_values_together_give_the_same_bytes_in_chunks(tmp_path):
    entries = [{"kpi": "N00945", "municipality": unit, "period": year,
                "values": [{"count": 1, "gender": gender, "status": "",
                            "value": 3.0 + (int(unit) + year + 7 * "TKM".index(gender)) % 30 / 10}
                           for gender in ("T", "K", "M")]}
               for unit in ("0000", "1860", "1861", "1862", "0180") for year in (2018, 2019)]
    kolada = tmp_path / "kolada.json"
    kolada.write_text(json.dumps({"count": len(entries), "values": entries}), encoding="utf-8")
    plans = tmp_path / "planer.csv"
    plans.write_text("indikator;period;enhet;värde\n" + "".join(
        f"plan;{year};{unit};{'genomförd' if int(unit) % 2 else 'påbörjad'}\n"
        for unit in ("1860", "1861", "1862", "0180") for year in (2018, 2019)), encoding="utf-8")
    rules = tmp_path / "regler.yaml"
    rules.write_text(KOLADA_RULES, encoding="utf-8")
    outputs = []
    for extra in ((), ("--workers", "2", "--chunk-size", "1")):
        output = tmp_path / f"resultat{len(outputs)}.csv"
        run = _cli("evaluate", str(rules), str(kolada), str(plans), "--format", "csv", "-o", str(output), *extra)
        assert run.exit_code == 0, run.output
        outputs.append(output.read_bytes())
    assert outputs[0] == outputs[1] and outputs[0].count(b";1860;") > 3 and b"riket" in outputs[0]
    scorecard = malmotor.load_scorecard(rules)
    measures = malmotor.load_measures([kolada, plans])  # Kolada's ids as read: each chunk names them
    for result in malmotor.evaluate_units(scorecard, measures, workers=2, chunk_size=1):
        assert result == _without_warnings(evaluate(scorecard, measures, org_unit=result.org_units[0]))


def test_the_example_in_docs_scaling_runs(monkeypatch):
    monkeypatch.chdir(ROOT)
    text = (ROOT / "docs" / "scaling.md").read_text(encoding="utf-8")
    code = text.split("# example: many units\n", 1)[1].split("```", 1)[0]
    exec(compile(code, "docs/scaling.md", "exec"), {})


def _nfd_crlf_bom(text: str) -> bytes:
    import unicodedata
    return b"\xef\xbb\xbf" + unicodedata.normalize("NFD", text).replace("\n", "\r\n").encode()


@pytest.mark.parametrize("variant, streamed", [
    pytest.param(lambda text: _nfd_crlf_bom(text), True, id="bom-crlf-nfd"),
    pytest.param(lambda text: text.rstrip("\n").encode(), True, id="no-last-line-break"),
    pytest.param(lambda text: text.replace(";", "\t").encode(), True, id="tabs"),
    pytest.param(lambda text: text.replace(";jämförelse", ";jämförelse;kommentar").replace(
        ";riket\n", ';riket;"två\nrader"\n', 1).replace(";\n", ";;\n").encode(), False, id="a-cell-over-two-lines"),
])
def test_the_streamed_reader_reads_a_file_as_the_usual_reader_does(tmp_path, variant, streamed):
    from malmotor.scale.files import MeasuresFiles, NotStreamable

    paths = write_case(tmp_path, 6)
    for path in paths[1:]:
        Path(path).write_bytes(variant(Path(path).read_text(encoding="utf-8")))
    files = MeasuresFiles(malmotor.load_scorecard(paths[0]), paths[1:])
    if streamed:
        files.scan()  # read here, not left to the usual reader
    else:
        with pytest.raises(NotStreamable):
            files.scan()
    outputs = []
    for extra in ((), ("--workers", "2", "--chunk-size", "20")):
        run = _cli("evaluate", *paths, "--format", "jsonl", *extra)
        assert run.exit_code == 0, run.output
        outputs.append(run.stdout)
    assert outputs[0] == outputs[1] and outputs[0].count('"kind":"indicator"') == 6 * 10  # 3 + 1 + 3 + 3 rows


def test_the_reference_evaluator_gives_the_same_bytes_as_durable_in_one_piece_and_in_chunks(tmp_path, many):
    _, _, paths = many
    outputs = {}
    for engine in ("durable", "reference"):
        for name, extra in (("whole", ()), ("two", ("--workers", "2", "--chunk-size", "30"))):
            output = tmp_path / f"{engine}-{name}.csv"
            result = _cli("evaluate", *paths, "--format", "csv", "--output", str(output), "--engine", engine, *extra)
            assert result.exit_code == 0, result.output
            outputs[engine, name] = output.read_bytes()
    assert len(set(outputs.values())) == 1


def test_a_run_of_many_units_writes_its_seconds_per_stage_where_asked(tmp_path, many, monkeypatch):
    from malmotor.stages import STAGES

    scorecard, measures, paths = many
    monkeypatch.setenv("MALMOTOR_STAGE_TIMES", str(tmp_path / "stages.json"))
    result = _cli("evaluate", *paths, "--format", "csv", "--output", str(tmp_path / "out.csv"), "--workers", "2",
                  "--chunk-size", "30")
    assert result.exit_code == 0, result.output
    figures = json.loads((tmp_path / "stages.json").read_text(encoding="utf-8"))
    assert figures["keys"] == sum(len(result.indicators) for result in malmotor.evaluate_units(scorecard, measures,
                                                                                               workers=1))
    assert figures["chunks"] > 1
    assert set(figures["workers"]) == set(STAGES) and set(figures["parent"]) == {"load", "write"}


@pytest.mark.parametrize("lang, words", [("sv", "varning: tiderna per steg kunde inte skrivas till MALMOTOR_STAGE_TIMES"),
                                         ("en", "warning: the times per stage could not be written to "
                                                "MALMOTOR_STAGE_TIMES")])
def test_seconds_per_stage_that_cannot_be_written_are_a_warning_after_the_output(tmp_path, many, monkeypatch, lang,
                                                                                 words):
    _, _, paths = many
    monkeypatch.setenv("MALMOTOR_STAGE_TIMES", str(tmp_path / "ingen-mapp" / "stages.json"))
    output = tmp_path / "out.csv"
    result = _cli("evaluate", *paths, "--format", "csv", "--output", str(output), "--workers", "1", "--lang", lang)
    assert result.exit_code == 0, result.output
    assert output.exists() and words in result.output and "Traceback" not in result.output
    assert ("finns inte" if lang == "sv" else "does not exist") in result.output.split(words)[1]


@pytest.mark.parametrize("extra, words", [
    (["--format", "json", "--workers", "2"], "eller kör utan --workers, --executor och --chunk-size"),
    (["--format", "csv", "--workers", "2", "--enhet", "Kommun A000"], "Ta bort --enhet för att bedöma alla enheter"),
])
def test_chunks_asked_with_a_whole_document_or_one_unit_say_which_option_to_drop(tmp_path, many, extra, words):
    _, _, paths = many
    result = CliRunner().invoke(main, ["evaluate", *paths, *extra])
    assert result.exit_code == 2 and words in result.output, result.output


@pytest.mark.skipif(not os.path.isdir("/proc"), reason="a real process is stopped")
def test_a_run_stopped_after_writing_to_standard_output_says_that_output_is_incomplete(tmp_path):
    import subprocess
    import sys

    paths = write_case(tmp_path, 4000)
    command = [sys.executable, "-c", "from malmotor.cli import main; main()", "evaluate", *paths, "--format", "jsonl",
               "--workers", "2", "--chunk-size", "500"]
    process = subprocess.Popen(command, cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert process.stdout.readline().startswith(b"{")  # the run's first line is out
    process.send_signal(signal.SIGINT)
    _, err = process.communicate(timeout=60)
    assert process.returncode == 130, err.decode()
    assert "avbrutet (Ctrl-C). Det som skrevs till standard ut är ofullständigt." in err.decode()
    assert "Inget resultat skrevs" not in err.decode() and "Traceback" not in err.decode()


def test_workers_and_a_cluster_together_are_a_usage_error(tmp_path, many):
    _, _, paths = many
    result = CliRunner().invoke(main, ["evaluate", *paths, "--format", "csv", "--workers", "2", "--executor",
                                       "dask:tcp://127.0.0.1:1"])
    assert result.exit_code == 2 and "--workers gäller den här datorns kärnor och ges inte med --executor" in \
        result.output, result.output


@pytest.mark.parametrize("value, lang, words", [
    ("0", "sv", "Ogiltigt värde för '--workers': 0 är för litet; ange minst 1."),
    ("två", "sv", "Ogiltigt värde för '--workers': 'två' är inget heltal; ange ett tal som 1, 2 eller 8."),
    ("0", "en", "Invalid value for '--workers': 0 is too small; give at least 1."),
])
def test_a_count_that_is_no_count_is_said_in_the_run_s_language(many, value, lang, words):
    _, _, paths = many
    result = CliRunner().invoke(main, ["evaluate", *paths, "--format", "csv", "--workers", value, "--lang", lang])
    assert result.exit_code == 2 and words in result.output, result.output
