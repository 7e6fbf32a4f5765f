"""`malmotor diff` and `malmotor.diff`: only the keys and nodes whose verdict changes, both sides explained;
added and removed indicators as such; identical rule files give "Inga skillnader." and exit 0."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from malmotor.cli.main import main

from .conftest import ROOT, rule_file

SEED_RULES = "rules/lansteknik-2018.yaml"
SEED_MEASURES = ["measures/lansteknik-2017.yaml", "measures/lansteknik-2018.yaml"]
TARGET_80, TARGET_60 = "                mål: 80 %\n", "                mål: 60 %\n"


@pytest.fixture
def run(monkeypatch):
    monkeypatch.chdir(ROOT)
    return lambda *args: CliRunner().invoke(main, list(args), catch_exceptions=False)


@pytest.fixture
def edited(tmp_path):
    """The seed's rule file with internkommunikation's target lowered from 80 % to 60 %."""
    text = (ROOT / SEED_RULES).read_text(encoding="utf-8")
    assert text.count(TARGET_80) == 1
    path = tmp_path / "ny.yaml"
    path.write_text(text.replace(TARGET_80, TARGET_60), encoding="utf-8")
    return str(path)


def test_identical_rule_files_have_no_differences(run):
    for fmt, lang, expected in (("text", "sv", "Inga skillnader.\n"), ("markdown", "sv", "Inga skillnader.\n"),
                                ("text", "en", "No differences.\n")):
        result = run("diff", SEED_RULES, SEED_RULES, *SEED_MEASURES, "--format", fmt, "--lang", lang)
        assert result.exit_code == 0 and result.stdout == expected and result.stderr == ""


def test_one_target_edit_shows_exactly_that_key_and_the_nodes_above_it(run, edited):
    result = run("diff", SEED_RULES, edited, *SEED_MEASURES, "--period", "2018")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == f"Skillnader mellan {SEED_RULES} och {edited}, 2018"
    assert lines[2:6] == [
        "Indikatorer:",
        "  internkommunikation (ändrad): ej uppfyllt ▲, förbättring ↑ → uppfyllt ■, förbättring ↑",
        "    före: 80 %: 62 % är under målet minst 80 % och under gränsen för delvis uppfyllt, 64 % (ej uppfyllt). "
        "Förbättring från 55 % 2017; högre är bättre.",
        "    efter: 60 %: 62 % når målet minst 60 % (uppfyllt). Förbättring från 55 % 2017; högre är bättre.",
    ]
    assert "  mål Divisionen har en effektiv och tydlig internkommunikation. (ändrad): ej uppfyllt ▲ → uppfyllt ■" \
        in lines
    assert lines[-1] == "Ändrade: 1 rad och 2 noder."


def test_json_shape(run, edited):
    first = run("diff", SEED_RULES, edited, *SEED_MEASURES, "--format", "json")
    again = run("diff", SEED_RULES, edited, *SEED_MEASURES, "--format", "json")
    assert first.exit_code == 0 and first.stdout == again.stdout
    data = json.loads(first.stdout)
    assert data["malmotor_diff"] == 1 and data["period"] == "2018" and data["language"] == "sv"
    assert [row["id"] for row in data["rows"]] == ["internkommunikation"]
    row = data["rows"][0]
    assert row["change"] == "ändrad" and row["changed"] == ["nivå"]
    assert (row["old"]["level"], row["new"]["level"]) == ("ej_uppfyllt", "uppfyllt")
    assert (row["old"]["fulfilment_rule"], row["new"]["fulfilment_rule"]) == \
        ("uppfyllelse.gräns.ej", "uppfyllelse.gräns.uppfyllt")
    assert {node["id"] for node in data["nodes"]} == {"divisionen-har-en-effektiv-och-tydlig",
                                                      "helhetsperspektiv-med-personen-i-centrum"}


def test_markdown_in_english(run, edited):
    result = run("diff", SEED_RULES, edited, *SEED_MEASURES, "--format", "markdown", "--lang", "en")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0] == f"## Differences between {SEED_RULES} and {edited}, 2018"
    assert "| Row | Change | Before | After | Explanation before | Explanation after |" in lines
    assert any(line.startswith("| `internkommunikation` | changed | not fulfilled ▲, improved ↑ | fulfilled ■, "
                               "improved ↑ | 80 %: 62 % is below") for line in lines)
    assert lines[-1] == "Changed: 1 row and 2 nodes."


def test_added_and_removed_indicators(run, write):
    old = write("gammal.yaml", rule_file("""
        - id: sjukfranvaro
          namn: Sjukfrånvaro
          enhet: "%"
          riktning: lägre är bättre
          mål: 3 %
        - id: borttagen
          namn: Gammalt mått
          enhet: st
          mål: Minska
    """))
    new = write("ny.yaml", rule_file("""
        - id: sjukfranvaro
          namn: Sjukfrånvaro
          enhet: "%"
          riktning: lägre är bättre
          mål: 3 %
        - id: tillagd
          namn: Nytt mått
          enhet: st
          mål: Nytt mått
    """))
    measures = write("matvarden.yaml", """
        period: 2019
        värden:
          sjukfranvaro: 2,9 %
          borttagen: 5
          tillagd: 7
    """)
    result = run("diff", str(old), str(new), str(measures))
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[2:] == [
        "Indikatorer:",
        "  tillagd (tillagd): – → ej bedömt –, ingen pil",
        "    efter: Nytt mått: 7 st är ett nytt mått; värdet redovisas men bedöms inte (ej bedömt). "
        "Ingen utvecklingspil: nytt mått.",
        "  borttagen (borttagen): ej bedömt –, ingen pil → –",
        "    före: Minska: 5 st, men målet 'Minska' kräver ett värde för 2018 och det saknas (ej bedömt). "
        "Ingen utvecklingspil: värde för 2018 saknas.",
        "",
        "Ändrade: 2 rader och 0 noder.",
    ]
