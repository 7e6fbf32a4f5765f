"""`malmotor explain` and `malmotor.trace`: the level shown is the engine's, every other level gets its reason,
values are named by file and line; JSON is deterministic; user mistakes are Swedish messages with exit 2."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

import malmotor
from malmotor.cli.main import main
from malmotor.explain.trace_text import render_trace

from .conftest import ROOT, rule_file

SEED = ["rules/lansteknik-2018.yaml", "measures/lansteknik-2017.yaml", "measures/lansteknik-2018.yaml"]


@pytest.fixture(scope="module")
def seed():
    scorecard = malmotor.load_scorecard(ROOT / SEED[0])
    measures = malmotor.load_checked_measures(scorecard, [ROOT / path for path in SEED[1:]])
    return malmotor.assess(scorecard, measures, "2018", engine="reference")


@pytest.fixture
def run(monkeypatch):
    monkeypatch.chdir(ROOT)
    return lambda *args: CliRunner().invoke(main, list(args), catch_exceptions=False)


def _lines(trace) -> list[str]:
    return render_trace(trace).splitlines()


def test_threshold_with_delvis_says_why_each_level_did_or_did_not_apply(seed):
    trace = malmotor.trace(seed, "internkommunikation")
    lines = _lines(trace)
    assert "  gäller inte: uppfyllt kräver minst 80 %; värdet 62 % är lägre." in lines
    assert "  gäller inte: delvis uppfyllt kräver minst 64 %; värdet 62 % är lägre." in lines
    assert "  gäller: ej uppfyllt kräver under 64 %; värdet 62 % är lägre." in lines
    assert "  gäller inte: ej bedömt kräver att värdet saknas eller inte kan mätas; värdet 62 % finns." in lines
    assert "  regel: uppfyllelse.gräns.ej: Värdet når varken målet eller gränsen för delvis uppfyllt." in lines
    assert "  delvis: minst 80 % av målet → 64 %" in lines
    assert any(line.startswith("  värdet, 2018: 62 %  (") and line.endswith("lansteknik-2018.yaml:20)") for line in lines)
    assert any(line.startswith("  pilens jämförelsevärde, 2017: 55 %  (") for line in lines)
    assert "  ändring +7 procentenheter mot 55 % 2017; dödband ±0 procentenheter" in lines
    # the roll-up parent that counts the indicator, then the ones above it
    assert trace.parents[0].counts_this and trace.parents[0].rule.name == "sammanvägning.majoritet.ej"
    assert trace.parents[-1].id == "styrkort"


def test_the_level_shown_is_the_engines_for_every_row(seed):
    for verdict in seed.verdicts:
        group = verdict.key.group.name if verdict.key.group else None
        trace = malmotor.trace(seed, verdict.key.indicator, group=group)
        assert trace.computed_level is verdict.level and trace.fulfilment_rule.name == verdict.fulfilment_rule
        assert trace.trend_rule.name == verdict.trend_rule
        applied = [check.level for check in trace.levels if check.applied]
        assert applied == [verdict.level], verdict.key
        assert trace.fulfilment_rule.description and trace.trend_rule.description


def test_milestone_with_parts(seed):
    lines = _lines(malmotor.trace(seed, "office365"))
    assert ("  gäller: delvis uppfyllt kräver att minst en del når sin gräns för delvis uppfyllt (förstudie påbörjad, "
            "aktiviteter påbörjad) men inte alla målet; värdet är förstudie påbörjad, aktiviteter ej påbörjad: 0 av 2 "
            "delar når målet, 1 når gränsen för delvis uppfyllt.") in lines
    lines = _lines(malmotor.trace(seed, "inkopsprocess"))
    assert "  gäller inte: delvis uppfyllt kräver minst status delvis genomförd; statusen är påbörjad." in lines
    assert "  gäller: ej uppfyllt kräver en status under delvis genomförd; statusen är påbörjad." in lines


def test_missing_value(seed):
    lines = _lines(malmotor.trace(seed, "halsoframjande-arbetsplatser"))
    assert "  gäller inte: uppfyllt kräver minst 20 %; värde för 2018 saknas." in lines
    assert ("  gäller inte: delvis uppfyllt är inte möjligt: indikatorn har ingen gräns för delvis uppfyllt "
            "(delvis).") in lines
    assert ("  gäller: ej bedömt (saknar värde): värde för 2018 saknas; det är angivet som saknat i "
            "mätvärdena.") in lines
    assert "Utveckling: ingen pil" in lines


def test_group_row_in_english(seed):
    trace = malmotor.trace(seed, "sjukfranvaro", group="kön: män", lang="en")
    lines = _lines(trace)
    assert lines[0] == "sjukfranvaro [“kön: män”]: “Sjukfrånvaro”"  # in English, the file's names quoted
    assert "  does not apply: fulfilled requires at most 3 %; the value 4.47 % is higher." in lines
    assert "  applies: not fulfilled requires above 3 %; the value 4.47 % is higher." in lines
    assert trace.parents == ()  # a group row is not counted in the roll-up


def test_manual_decision_and_gaps_are_shown():
    scorecard = malmotor.load_scorecard(ROOT / SEED[0])
    measures = malmotor.load_checked_measures(scorecard, [ROOT / path for path in SEED[1:]])
    decisions = malmotor.load_assessments([ROOT / "assessments" / "lansteknik-2018.yaml"], scorecard)
    assessment = malmotor.assess(scorecard, measures, "2018", engine="reference", assessments=decisions)
    trace = malmotor.trace(assessment, "it-sakerhetsincidenter")
    assert trace.manual is not None and trace.manual.decided
    assert any(line.startswith("Bedömning (beslutad nivå, ") for line in _lines(trace))
    gaps = malmotor.trace(assessment, "sjukfranvaro").gaps
    assert [gap.rule for gap in gaps] == ["skillnad.ej"]


def test_json_shape_and_determinism(run):
    first = run("explain", "internkommunikation", *SEED, "--format", "json")
    second = run("explain", "internkommunikation", *SEED, "--format", "json")
    assert first.exit_code == 0 and first.stdout == second.stdout
    data = json.loads(first.stdout)
    assert data["malmotor_trace"] == 1 and data["id"] == "internkommunikation" and data["period"] == "2018"
    assert data["target"]["kind"] == "gräns" and data["target"]["bound"] == 80.0
    assert data["target"]["operator"] == "minst" and data["target"]["partial_limit"] == 64.0
    assert data["values"][0] == {"role": "värde", "role_text": "värdet", "period": "2018", "found": True,
                                 "value": 62.0, "statuses": [], "text": "62 %",
                                 "source": "measures/lansteknik-2018.yaml:20"}
    assert data["level"] == "ej_uppfyllt" and data["fulfilment_rule"]["name"] == "uppfyllelse.gräns.ej"
    assert [(check["level"], check["applied"]) for check in data["levels"]] == [
        ("uppfyllt", False), ("delvis_uppfyllt", False), ("ej_uppfyllt", True), ("ej_bedomt", False)]
    assert data["trend_rule"]["name"] == "utveckling.förbättring"


def test_cli_text_both_languages(run):
    swedish = run("explain", "internkommunikation", *SEED)
    english = run("explain", "internkommunikation", *SEED, "--lang", "en")
    assert swedish.exit_code == english.exit_code == 0
    assert "Måluppfyllelse: ej uppfyllt ▲" in swedish.stdout
    assert "Fulfilment: not fulfilled ▲" in english.stdout
    assert "  does not apply: partly fulfilled requires at least 64 %; the value 62 % is lower." in english.stdout


@pytest.mark.parametrize("args, message", [
    (["internkomunikation", *SEED], "Menade du 'internkommunikation'?"),
    (["sjukfranvaro", *SEED, "--group", "kvinor"], "Menade du 'kvinnor'?"),
    (["sjukfranvaro", *SEED, "--enhet", "Nord"], "Enheten 'Nord' finns inte"),
])
def test_unknown_id_group_or_unit_is_a_usage_error_with_a_suggestion(run, args, message):
    result = run("explain", *args)
    assert result.exit_code == 2
    assert message in result.stderr and "Traceback" not in result.output
    assert result.stdout == ""


def test_unit_rows_and_a_threshold_in_a_small_file(run, write):
    write("regler.yaml", rule_file("""
        - id: andel
          namn: Andel
          enhet: "%"
          mål: över 40 %
    """).replace("malmotor: 1\n", "malmotor: 1\nenheter: [Nord, Syd]\n"))
    write("matvarden.csv", """
        period;indikator;enhet;värde
        2019;andel;Nord;40
        2019;andel;Syd;45
    """)
    tmp = write("x", "").parent
    nord = run("explain", "andel", str(tmp / "regler.yaml"), str(tmp / "matvarden.csv"), "--enhet", "nord")
    assert nord.exit_code == 0, nord.output
    assert "Enhet: Nord" in nord.stdout
    assert "  gäller inte: uppfyllt kräver över 40 %; värdet 40 % är lika stort." in nord.stdout
    assert "  gäller: ej uppfyllt kräver högst 40 %; värdet 40 % är lika stort." in nord.stdout
    both = run("explain", "andel", str(tmp / "regler.yaml"), str(tmp / "matvarden.csv"))
    assert both.exit_code == 2 and "ange vilken med --enhet" in both.stderr


def test_library_example(monkeypatch):
    import re

    monkeypatch.chdir(ROOT)
    text = (ROOT / "docs" / "library.md").read_text(encoding="utf-8")
    code = re.search(r"```python\n# example: trace and diff\n(.*?)```", text, re.S).group(1)
    exec(compile(code, "library.md", "exec"), {})


def test_year_end_and_judged_on_every_group(run, write):
    rules = write("regler.yaml", rule_file("""
        - id: sjuk
          namn: Sjukfrånvaro
          enhet: "%"
          riktning: lägre är bättre
          mål: 3 %
          delvis: högst 4 %
          bedöms på: alla grupper
    """).replace("malmotor: 1\n", "malmotor: 1\ndelvis vid årsbokslut: nej\ngrupper:\n  kön:\n"))
    measures = write("matvarden.yaml", """
        period: 2019
        värden:
          sjuk:
            totalt: 3 %
            kön:
              kvinnor: 2 %
              män: 3,5 %
    """)
    result = run("explain", "sjuk", str(rules), str(measures))
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert "Måluppfyllelse: ej uppfyllt ▲" in lines
    assert "  vid årsbokslut: årsbokslut.delvis_blir_ej: Delvis vid årsbokslut: nej: vid årsbokslut blir delvis " \
           "uppfyllt ej uppfyllt." in lines
    assert "  gäller: delvis uppfyllt kräver att ingen bedömd grupp är ej uppfylld och minst en är delvis uppfylld; " \
           "grupperna: kvinnor uppfyllt, män delvis uppfyllt." in lines
    assert "  män: delvis uppfyllt" in lines
