"""The command line: golden output for the bundled example, and user mistakes without tracebacks."""

from __future__ import annotations

import csv
import io
import json
import os
import stat
import subprocess
import sys

import pytest
from click.testing import CliRunner

from malmotor.cli.main import main

from .conftest import GOLDEN, ROOT, rule_file

SEED_ARGS = ["rules/lansteknik-2018.yaml", "measures/lansteknik-2017.yaml", "measures/lansteknik-2018.yaml"]
SEED_ASSESSMENTS = "assessments/lansteknik-2018.yaml"
SEED_RUN = [*SEED_ARGS, "--bedömningar", SEED_ASSESSMENTS]  # what `malmotor evaluate` runs without arguments


@pytest.fixture
def run(monkeypatch):
    monkeypatch.chdir(ROOT)

    def _run(*args: str):
        return CliRunner().invoke(main, list(args), catch_exceptions=False)

    return _run


def _check_golden(name: str, text: str, update: bool) -> None:
    path = GOLDEN / name
    if update:
        path.parent.mkdir(exist_ok=True)
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8"), f"output differs from {path}; review, then --update-golden"


@pytest.mark.parametrize("name, args", [
    ("seed-table.txt", []),
    ("seed.json", ["--format", "json"]),
    ("seed.csv", ["--format", "csv"]),
    ("seed-en.md", ["--format", "markdown", "--lang", "en"]),
])
def test_seed_golden(run, update_golden, name, args):
    result = run("evaluate", *SEED_RUN, "--period", "2018", *args)
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    _check_golden(name, result.stdout, update_golden)


def test_no_arguments_evaluates_the_bundled_example_for_the_latest_period(run):
    bundled = run("evaluate", "--format", "csv")
    explicit = run("evaluate", *SEED_RUN, "--period", "2018", "--format", "csv")
    assert bundled.exit_code == 0 and bundled.stdout == explicit.stdout


def test_json_carries_the_format_version_and_typed_values(run):
    data = json.loads(run("evaluate", *SEED_ARGS, "--format", "json").stdout)
    assert data["malmotor_result"] == 2 and data["period"] == "2018"
    row = {r["id"]: r for r in data["indicators"] if r["group"] is None}["sjukfranvaro"]
    assert (row["value"], row["value_text"], row["level"], row["trend"], row["arrow"]) == \
        (3.8, "3,8 %", "ej_uppfyllt", "forsamring", "↓")
    assert row["trend_comparison"] == {"period": "2017", "found": True, "value": 3.4, "statuses": [], "text": "3,4 %",
                                       "source": "measures/lansteknik-2017.yaml:30", "series": None,
                                       "series_text": None}


def test_output_is_byte_identical_across_runs(run):
    first = run("evaluate", *SEED_ARGS, "--format", "json").stdout
    assert all(run("evaluate", *SEED_ARGS, "--format", "json").stdout == first for _ in range(2))


def test_output_file_is_written_whole(run, tmp_path):
    target = tmp_path / "resultat.json"
    result = run("evaluate", *SEED_ARGS, "--format", "json", "--output", str(target))
    assert result.exit_code == 0 and result.stdout == ""
    assert json.loads(target.read_text(encoding="utf-8"))["malmotor_result"] == 2
    assert [p.name for p in tmp_path.iterdir()] == ["resultat.json"]


def test_csv_file_starts_with_a_byte_order_mark_for_excel(run, tmp_path):
    target = tmp_path / "resultat.csv"
    assert run("evaluate", *SEED_ARGS, "--format", "csv", "--output", str(target)).exit_code == 0
    data = target.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf") and data[3:].decode("utf-8") == run("evaluate", *SEED_ARGS,
                                                                                  "--format", "csv").stdout


def test_output_file_gets_normal_permissions_and_keeps_existing_ones(run, tmp_path):
    new, existing = tmp_path / "ny.txt", tmp_path / "delad.txt"
    existing.write_text("gammalt", encoding="utf-8")
    existing.chmod(0o664)
    umask = os.umask(0o022)
    try:
        assert run("evaluate", *SEED_ARGS, "--output", str(new)).exit_code == 0
        assert run("evaluate", *SEED_ARGS, "--output", str(existing)).exit_code == 0
    finally:
        os.umask(umask)
    assert stat.S_IMODE(new.stat().st_mode) == 0o644
    assert stat.S_IMODE(existing.stat().st_mode) == 0o664


def test_a_failed_run_leaves_an_existing_output_file_alone(run, tmp_path, write):
    target = tmp_path / "resultat.json"
    target.write_text("förra årets resultat\n", encoding="utf-8")
    bad = write("trasig.yaml", "malmotor: 1\nstyrkort: [\n")
    result = run("evaluate", str(bad), "measures/lansteknik-2018.yaml", "--output", str(target))
    assert result.exit_code == 1
    assert target.read_text(encoding="utf-8") == "förra årets resultat\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["resultat.json", "trasig.yaml"]


def test_output_into_a_missing_folder_is_a_clear_error(run, tmp_path):
    result = run("evaluate", *SEED_ARGS, "--output", str(tmp_path / "finns-inte" / "r.txt"))
    assert result.exit_code == 1
    assert "finns inte" in result.stderr and "Traceback" not in result.output


BAD_RULES = {
    "yaml-syntax": ("malmotor: 1\nstyrkort: Test\nperspektiv:\n  - namn: [öppen\n", 4, "inte giltig YAML"),
    "unknown-key": (rule_file("- id: a\n  namn: A\n  mål: Öka\n  riktnig: högre är bättre\n"), 13,
                    "Okänd nyckel 'riktnig'"),
    "unknown-phrase": (rule_file("- id: a\n  namn: A\n  mål: Bli bäst\n"), 12, "Målet 'Bli bäst' känns inte igen"),
    "no-polarity": (rule_file("- id: a\n  namn: A\n  mål: 3 %\n"), 12, "kräver en riktning"),
    "duplicate-id": (rule_file("- id: a\n  namn: A\n  mål: Öka\n- id: a\n  namn: B\n  mål: Öka\n"), 13,
                     "Indikator-id 'a' finns redan"),
    "empty": ("", 1, "Filen är tom"),
}


@pytest.mark.parametrize("case", sorted(BAD_RULES))
def test_bad_rule_file_gives_file_line_and_sentence(run, write, case):
    text, line, message = BAD_RULES[case]
    path = write(f"{case}.yaml", text) if text else write(f"{case}.yaml", "")
    result = run("evaluate", str(path), "measures/lansteknik-2018.yaml")
    assert result.exit_code == 1
    assert f"{path}:{line}: fel: " in result.stderr and message in result.stderr, result.stderr
    assert "Traceback" not in result.output and result.stdout == ""


def test_swapped_files_are_recognised(run):
    result = run("evaluate", "measures/lansteknik-2018.yaml", "rules/lansteknik-2018.yaml")
    assert result.exit_code == 1
    assert "measures/lansteknik-2018.yaml:1: fel: Det här ser ut som en mätvärdesfil, inte en regelfil." \
        in result.stderr
    result = run("evaluate", "rules/lansteknik-2018.yaml", "rules/lansteknik-2018.yaml")
    assert result.exit_code == 1
    assert "rules/lansteknik-2018.yaml:1: fel: Det här ser ut som en regelfil, inte en mätvärdesfil." in result.stderr


def test_missing_files_are_named(run):
    result = run("evaluate", "rules/finns-inte.yaml", "measures/lansteknik-2018.yaml")
    assert result.exit_code == 1 and "rules/finns-inte.yaml: fel: Filen finns inte." in result.stderr
    result = run("evaluate", "rules/lansteknik-2018.yaml", "measures/finns-inte.yaml")
    assert result.exit_code == 1 and "measures/finns-inte.yaml: fel: Filen finns inte." in result.stderr


def test_bad_measure_value_gives_file_and_line(run, write):
    path = write("2018.yaml", "period: 2018\nvärden:\n  sjukfranvaro: tre procent\n  heltid: 104 %\n")
    result = run("evaluate", "rules/lansteknik-2018.yaml", str(path))
    assert result.exit_code == 1
    assert f"{path}:3: fel: Värdet 'tre procent' för 'sjukfranvaro' är inget tal." in result.stderr
    assert f"{path}:4: fel: Värdet '104 %' för 'heltid' ligger utanför indikatorns värdeområde 0–100." \
        in result.stderr


def test_unknown_indicator_in_measures_is_a_warning_not_a_stop(run, write):
    path = write("2018.yaml", "period: 2018\nvärden:\n  sjukfranvaro: 3,8 %\n  sjukfrånvaro: 3,8 %\n")
    result = run("evaluate", "rules/lansteknik-2018.yaml", str(path), "--format", "csv")
    assert result.exit_code == 0
    assert f"{path}:4: varning: Mätvärdet för 'sjukfrånvaro' hör inte till någon indikator" in result.stderr


def test_period_that_is_not_in_the_measures(run):
    result = run("evaluate", *SEED_ARGS, "--period", "2019")
    assert result.exit_code == 2 and "--period: fel: Perioden 2019 finns inte i mätvärdena (perioder: 2017, 2018)" in result.stderr


@pytest.mark.parametrize("written", ["2018", "2018.", " 2018 "])
def test_period_is_read_in_any_accepted_form(run, written):
    result = run("evaluate", *SEED_ARGS, "--period", written)
    assert result.exit_code == 0 and "måluppfyllelse 2018" in result.stdout


def test_a_period_that_cannot_be_read_is_a_usage_error_listing_the_forms(run):
    result = run("evaluate", *SEED_ARGS, "--period", "hösten 2018")
    assert result.exit_code == 2
    assert "Perioden 'hösten 2018' känns inte igen." in result.stderr and "tertial: T2 2019" in result.stderr


def test_a_tertial_among_year_values(run, write):
    rules = write("regler.yaml", rule_file("- id: k\n  namn: Konsulter\n  enhet: mnkr\n  mål: Minska\n"))
    measures = write("m.csv", "indikator;period;värde\nk;2018;12 mnkr\nk;T3 2018;4 mnkr\nk;T1 2019;3 mnkr\n")
    result = run("evaluate", str(rules), str(measures), "--period", "2019-T1", "--format", "csv")
    assert result.exit_code == 0, result.stderr
    assert "Minskat från 4 mnkr T3 2018" in result.stdout or "har minskat från 4 mnkr T3 2018" in result.stdout


def test_comparison_year_must_lie_before_the_period(run, write):
    rules = write("regler.yaml", rule_file("- id: k\n  namn: Konsulter\n  mål: Ingen ökning i jmf med 2018\n"))
    measures = write("2018.yaml", "period: 2018\nvärden:\n  k: 3\n")
    result = run("evaluate", str(rules), str(measures))
    assert result.exit_code == 1
    assert f"{rules}:10: fel: Målet 'Ingen ökning i jmf med 2018' för 'k' jämför med 2018, men perioden som bedöms " \
        "är 2018." in result.stderr


def test_rules_without_measures_is_a_usage_error(run):
    result = run("evaluate", "rules/lansteknik-2018.yaml")
    assert result.exit_code == 2 and "Ange minst en mätvärdesfil" in result.stderr


def test_csv_cells_cannot_become_spreadsheet_formulas(run, write):
    rules = write("regler.yaml", rule_file("- id: a\n  namn: '=HYPERLINK(\"x\")'\n  enhet: mnkr\n"
                                           "  mål: minst -1 mnkr\n"))
    measures = write("2018.yaml", "period: 2018\nvärden:\n  a: -2,5 mnkr\n")
    header, row, *summaries = csv.reader(io.StringIO(run("evaluate", str(rules), str(measures), "--format",
                                                         "csv").stdout), delimiter=";")
    cells = dict(zip(header, row))
    assert all(dict(zip(header, line))["radtyp"] == "sammanfattning" for line in summaries)
    assert cells["indikator"].startswith("'=HYPERLINK")
    assert cells["värde"] == "'-2,5 mnkr" and cells["tal"] == "-2,5"  # the number column stays a number
    assert cells["förklaring"].startswith("'-2,5 mnkr är under målet")


def test_markdown_cells_stay_on_one_line(run, write):
    rules = write("regler.yaml", rule_file("- id: a\n  namn: |\n    Två\n    rader\n  mål: Öka\n"))
    measures = write("2018.yaml", "period: 2018\nvärden:\n  a: 3\n")
    table = [line for line in run("evaluate", str(rules), str(measures), "--format", "markdown").stdout.splitlines()
             if line.startswith("|")]
    assert len(table) == 3 and "Två rader" in table[2]


def test_decomposed_unicode_is_read_as_composed(run, tmp_path):
    import unicodedata

    path = tmp_path / "2018.yaml"
    path.write_text(unicodedata.normalize("NFD", "period: 2018\nvärden:\n  sjukfranvaro: 3,8 %\n  windows10: "
                                          "delvis genomförd\n  office365:\n    förstudie: påbörjad\n"
                                          "    aktiviteter: ej påbörjad\n"), encoding="utf-8")
    result = run("evaluate", "rules/lansteknik-2018.yaml", "measures/lansteknik-2017.yaml", str(path),
                 "--format", "csv")
    assert result.exit_code == 0, result.stderr
    assert "windows10;" in result.stdout and ";delvis uppfyllt;●;" in result.stdout


def test_a_closed_pipe_or_a_full_disk_is_no_traceback(tmp_path):
    import subprocess
    import sys
    from pathlib import Path

    malmotor = str(Path(sys.executable).parent / "malmotor")
    closed = subprocess.run(f"'{malmotor}' evaluate | head -1", shell=True, capture_output=True, text=True)
    assert "Traceback" not in closed.stderr and "Broken pipe" not in closed.stderr
    full = subprocess.run([malmotor, "evaluate"], stdout=open("/dev/full", "w"), stderr=subprocess.PIPE, text=True)
    assert full.returncode == 1 and "kan inte skrivas till standard ut" in full.stderr


def test_an_empty_value_does_not_hide_the_other_mistakes(run, write):
    path = write("2018.yaml", "period: 2018\nvärden:\n  sjukfranvaro:\n  heltid: 140 %\n  windows10: pågår\n")
    result = run("evaluate", "rules/lansteknik-2018.yaml", "measures/lansteknik-2017.yaml", str(path))
    assert result.exit_code == 1
    assert [line.split(": fel: ")[0] for line in result.stderr.splitlines() if ": fel: " in line] == \
        [f"{path}:3", f"{path}:4", f"{path}:5"]


CUSTOM = """\
malmotor: 1
styrkort: Socialnämnden
statusskala: [planerad, pågår, klar]
teckenförklaring:
  uppfyllt: {text: Målet uppnått, engelska: Target met, symbol: "✔", färg: grön}
  delvis uppfyllt: {text: Delvis uppnått, symbol: "◐"}
  ej uppfyllt: {text: Ej uppnått, symbol: "✖"}
  förbättring: {text: bättre, symbol: "⬆"}
perspektiv:
  - namn: Ekonomi
    strategiska mål:
      - namn: Hållbar ekonomi
        mål:
          - namn: Budget i balans
            indikatorer:
              - id: resultat
                namn: Resultat
                enhet: mnkr
                mål: minst 0 mnkr
                decimaler: 1
              - id: plan
                namn: Handlingsplan
                mål: Klar
"""


def test_legend_status_scale_and_decimals_from_the_rule_file_reach_the_output(run, write):
    rules = write("regler.yaml", CUSTOM)
    write("2023.yaml", "period: 2023\nvärden:\n  resultat: -2 mnkr\n  plan: planerad\n")
    measures = write("2024.yaml", "period: 2024\nvärden:\n  resultat: 6 mnkr\n  plan: pågår\n")
    result = run("evaluate", str(rules), str(measures.parent / "2023.yaml"), str(measures), "--format", "csv")
    assert result.exit_code == 0, result.stderr
    rows = {row[0]: row for row in csv.reader(io.StringIO(result.stdout), delimiter=";")}
    # "tal" is the number as measured, unrounded; "värde" and the explanation follow "decimaler: 1".
    assert rows["resultat"][10:18] == ["6,0 mnkr", "6", "mnkr", "Målet uppnått", "✔", "bättre", "⬆",
                                      "6,0 mnkr når målet minst 0 mnkr (Målet uppnått). Bättre från -2,0 mnkr "
                                      "2023; högre är bättre."]
    assert rows["plan"][13:17] == ["Delvis uppnått", "◐", "bättre", "⬆"]  # "pågår" is just below "klar"
    english = run("evaluate", str(rules), str(measures.parent / "2023.yaml"), str(measures), "--lang", "en")
    assert "✔ Target met" in english.stdout


# --- consoles and click's own words ----------------------------------------------------------------

@pytest.mark.parametrize("encoding", ["cp850", "latin-1", "ascii"])
def test_a_console_without_the_symbols_gets_ascii_shapes_not_a_traceback(encoding):
    env = {**os.environ, "PYTHONIOENCODING": encoding}
    done = subprocess.run([sys.executable, "-c", "from malmotor.cli import main; main()", "evaluate", *SEED_ARGS],
                          cwd=ROOT, env=env, capture_output=True)
    assert done.returncode == 0 and b"Traceback" not in done.stderr
    text = done.stdout.decode(encoding)
    assert "+ uppfyllt  o delvis uppfyllt  ! ej uppfyllt  - ej bed" in text
    assert "^ f" in text and "v f" in text


@pytest.mark.parametrize("args, words", [
    (["--nope"], "Fel: Flaggan '--nope' finns inte."),
    (["--format", "xml"], "Fel: Ogiltigt värde för '--format': 'xml' är inget av 'table', 'json', 'csv', 'markdown'"),
    (["--period"], "Fel: Flaggan '--period' behöver ett värde."),
])
def test_click_s_usage_errors_are_swedish(run, args, words):
    result = run("evaluate", *args)
    assert result.exit_code == 2 and words in result.stderr
    assert "Usage" not in result.stderr and "Error" not in result.stderr


def test_help_is_swedish(run):
    text = run("evaluate", "--help").stdout
    assert text.startswith("Användning: main evaluate [FLAGGOR] [REGELFIL] [MÄTVÄRDESFIL]...")
    assert "Flaggor:" in text and "Visa den här hjälpen och avsluta." in text and "Options" not in text


@pytest.mark.parametrize("make, message", [
    (lambda tmp: tmp, "Sökvägen är en mapp, inte en fil."),
    (lambda tmp: tmp / "saknas.yaml", "Filen finns inte."),
])
def test_a_folder_or_a_missing_file_as_rule_file_is_a_located_input_error(run, tmp_path, make, message):
    path = make(tmp_path)
    result = run("evaluate", str(path), *SEED_ARGS[1:])
    assert result.exit_code == 1 and f"{path}: fel: {message}" in result.stderr


# --- --output never destroys an input, a device or a link; "-" is standard output ---------------------

@pytest.mark.parametrize("which", [0, 1, 2])
def test_output_onto_an_input_is_refused_and_the_input_kept(run, tmp_path, which):
    inputs = [tmp_path / name for name in SEED_ARGS]
    for source, copy in zip(SEED_ARGS, inputs):
        copy.parent.mkdir(exist_ok=True)
        copy.write_bytes((ROOT / source).read_bytes())
    before = inputs[which].read_bytes()
    os.link(inputs[which], tmp_path / "hård.yaml")
    for target in (str(inputs[which]), str(tmp_path / "hård.yaml"), f"{tmp_path}/rules/../{SEED_ARGS[which]}"):
        result = run("evaluate", *map(str, inputs), "--output", target)
        assert result.exit_code == 2, result.output
        assert f"{target}: fel: " in result.stderr and f"'{inputs[which]}'" in result.stderr
        assert inputs[which].read_bytes() == before and result.stdout == ""


def test_output_through_a_symlink_to_the_rule_file_is_refused(run, tmp_path):
    link = tmp_path / "länk.yaml"
    link.symlink_to(ROOT / SEED_ARGS[0])
    before = (ROOT / SEED_ARGS[0]).read_bytes()
    result = run("evaluate", *SEED_ARGS, "-o", str(link))
    assert result.exit_code == 2 and "samma fil" in result.stderr
    assert link.is_symlink() and (ROOT / SEED_ARGS[0]).read_bytes() == before


def test_output_to_dev_null_and_to_a_fifo_writes_through(run, tmp_path, monkeypatch):
    replace = os.replace

    def guarded(source, target, *args, **kwargs):  # as root, a replaced /dev/null breaks the whole machine
        assert not os.path.exists(target) or stat.S_ISREG(os.stat(target).st_mode), f"{target} replaced"
        return replace(source, target, *args, **kwargs)

    monkeypatch.setattr(os, "replace", guarded)
    result = run("evaluate", *SEED_ARGS, "-o", "/dev/null")
    assert result.exit_code == 0 and stat.S_ISCHR(os.stat("/dev/null").st_mode)
    fifo = tmp_path / "rör"
    os.mkfifo(fifo)
    received = []
    import threading

    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()), daemon=True)
    reader.start()
    result = run("evaluate", *SEED_ARGS, "--format", "json", "-o", str(fifo))
    reader.join(10)
    assert result.exit_code == 0 and json.loads(received[0].decode("utf-8"))["malmotor_result"] == 2
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)


def test_output_through_a_symlink_writes_its_target_and_keeps_the_link(run, tmp_path):
    (tmp_path / "2018").mkdir()
    link = tmp_path / "senaste.json"
    link.symlink_to(os.path.join("2018", "resultat.json"))
    assert run("evaluate", *SEED_ARGS, "--format", "json", "-o", str(link)).exit_code == 0
    assert link.is_symlink() and json.loads((tmp_path / "2018" / "resultat.json").read_text(encoding="utf-8"))


def test_output_dash_is_standard_output(run, tmp_path, monkeypatch):
    plain = run("evaluate", *SEED_ARGS, "--format", "csv")
    monkeypatch.chdir(tmp_path)
    dash = CliRunner().invoke(main, ["evaluate", *(str(ROOT / a) for a in SEED_ARGS), "--format", "csv", "-o", "-"])
    assert dash.exit_code == 0 and dash.stdout == plain.stdout and list(tmp_path.iterdir()) == []


def test_write_errors_of_the_output_file_and_standard_output_are_swedish(run, tmp_path, monkeypatch):
    import errno

    def read_only(*_args, **_kwargs):
        raise OSError(errno.EROFS, "Read-only file system")

    monkeypatch.setattr(os, "replace", read_only)
    result = run("evaluate", *SEED_ARGS, "-o", str(tmp_path / "r.txt"))
    assert result.exit_code == 1 and "(filsystemet är skrivskyddat)" in result.stderr
    assert "Read-only" not in result.stderr
    full = subprocess.run([os.path.join(os.path.dirname(sys.executable), "malmotor"), "evaluate"], stdout=open("/dev/full", "w"),
                          stderr=subprocess.PIPE, text=True)
    assert full.returncode == 1 and "kan inte skrivas till standard ut (disken är full)." in full.stderr
    assert "No space" not in full.stderr


def test_click_s_usage_errors_follow_lang_en(run):
    result = run("evaluate", "--lang", "en", "--format", "xml")
    assert result.exit_code == 2 and "Error: Invalid value for '--format'" in result.stderr
    assert "Fel:" in run("evaluate", "--format", "xml").stderr  # and Swedish again without it


def test_output_to_dev_stdout_appends_to_the_redirected_file_never_replaces_it(tmp_path):
    log = tmp_path / "logg.txt"
    log.write_text("före\n", encoding="utf-8")
    before = log.stat().st_ino
    with log.open("a", encoding="utf-8") as stream:
        done = subprocess.run([sys.executable, "-c", "from malmotor.cli import main; main()", "evaluate", *SEED_ARGS,
                               "--format", "csv", "-o", "/dev/stdout"], cwd=ROOT, stdout=stream)
    assert done.returncode == 0 and log.stat().st_ino == before
    text = log.read_text(encoding="utf-8")
    assert text.startswith("före\nid;organisationsenhet;")


def test_a_closed_standard_output_is_a_sentence_not_a_traceback():
    done = subprocess.run([sys.executable, "-c", "import os; os.close(1); from malmotor.cli import main; main()",
                           "evaluate"], cwd=ROOT, capture_output=False, stderr=subprocess.PIPE)
    assert done.returncode in (1, 2) and b"Traceback" not in done.stderr
