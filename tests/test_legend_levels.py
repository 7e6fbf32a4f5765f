"""Legends with more than three levels (`teckenförklaring: nivåer:`), `ingen pil`, and shared symbols:
the documented example through the CLI and both engines, the checks for gaps and overlaps, and the forms."""

from __future__ import annotations

from decimal import Decimal

import pytest

import malmotor
from malmotor import RuleFileError
from malmotor.model import Level

from click.testing import CliRunner

from malmotor.cli.main import main

from .test_docs import RULE_DOC, the_block

LEGEND_MARK = "# exempel: fyra nivåer"
MEASURES_2018 = """\
period: 2018
värden:
  sjukfranvaro: 5,5 %
  hallbart-engagemang: 58
  friskvard: 45 %
"""
MEASURES_2019 = """\
period: 2019
värden:
  sjukfranvaro: 6 %
  hallbart-engagemang: 62
  friskvard: 40 %
"""


@pytest.fixture
def run_cli():
    def _run(*args: str) -> str:
        result = CliRunner().invoke(main, list(args), catch_exceptions=False)
        assert result.exit_code == 0, result.output
        return result.stdout

    return _run


@pytest.fixture(scope="module")
def documented() -> str:
    return the_block(RULE_DOC.read_text(encoding="utf-8"), "yaml", LEGEND_MARK)


@pytest.fixture
def example(write, documented):
    return [write("fyra.yaml", documented), write("m2018.yaml", MEASURES_2018), write("m2019.yaml", MEASURES_2019)]


@pytest.mark.parametrize("engine", ["durable", "reference"])
def test_the_documented_four_level_legend_gives_the_levels_the_doc_states(example, engine):
    rules, *measures = example
    result = malmotor.evaluate(malmotor.load_scorecard(rules), malmotor.load_measures(measures), engine=engine)
    rows = result.by_id()
    assert [(rows[i].symbol, rows[i].level_text, rows[i].level, rows[i].share) for i in rows] == [
        ("◕", "ej helt nått", Level.PARTLY, Decimal("83.33")),
        ("◑", "ej nått men vi rör oss mot det", Level.NOT_FULFILLED, Decimal("77.5")),
        ("○", "ej nått", Level.NOT_FULFILLED, Decimal("66.66")),
    ]
    assert [rows[i].colour for i in rows] == ["ljusgrön", "orange", "röd"]
    assert "(ej helt nått, räknas som delvis uppfyllt; 83,33 % av målet)" in rows["sjukfranvaro"].explanation
    assert result.summary[Level.NOT_FULFILLED] == 2  # what the declared levels count as
    assert result.warnings == ()


def test_the_four_levels_in_the_table_legend_and_summary_and_in_english(example, run_cli):
    rules, *measures = example
    table = run_cli("evaluate", str(rules), *map(str, measures))
    assert "Teckenförklaring: ● målet nått  ◕ ej helt nått  ◑ ej nått men vi rör oss mot det  ○ ej nått  – ej bedömt" \
        in table
    assert "Antal indikatorer: målet nått 0, ej helt nått 1, ej nått men vi rör oss mot det 1, ej nått 1, ej bedömt 0" \
        in table
    english = run_cli("evaluate", "--lang", "en", str(rules), *map(str, measures))
    assert "◑ not met, but moving towards it" in english
    english = run_cli("evaluate", "--lang", "en", "--format", "csv", str(rules), *map(str, measures))
    assert "(not met, but moving towards it, counted as not fulfilled; 77.5 % of the target)" in english


def test_no_arrow_shows_the_declared_label(example, run_cli):
    rules, _, now = example
    csv = run_cli("evaluate", "--format", "csv", str(rules), str(now))  # no 2018: no arrows
    rows = [line.split(";") for line in csv.splitlines()[1:]]
    assert all(row[16] == "Ingen" for row in rows if row[18] == "indikator")
    table = run_cli("evaluate", str(rules), str(now))
    assert "  Ingen ingen pil" in table  # the label is explained under the table
    # without a previous period the arrow-dependent levels take "ingen pil": ej nått, not orange
    assert "○" in table and "◑" not in table.split("Teckenförklaring")[0]


def test_the_five_level_fragment_cuts_a_verdict_by_the_share(write, documented):
    doc = RULE_DOC.read_text(encoding="utf-8")
    fragment = the_block(doc, "yaml", "# exempel: fem nivåer")
    head, rest = documented.split("teckenförklaring:\n", 1)
    body = rest[rest.index("perspektiv:"):]
    rules = write("fem.yaml", head.replace("minst 80 % av målet", "minst 50 % av målet") + fragment + body)
    measures = write("m.yaml", "period: 2019\nvärden:\n  sjukfranvaro: 6 %\n  hallbart-engagemang: 50\n"
                                 "  friskvard: 20 %\n")
    rows = malmotor.evaluate(malmotor.load_scorecard(rules), malmotor.load_measures(measures)).by_id()
    assert [rows[i].level_text for i in rows] == ["till stor del uppfyllt", "delvis uppfyllt", "i liten grad uppfyllt"]


LEVELS_HEAD = """\
malmotor: 1
styrkort: Test
teckenförklaring:
  nivåer:
"""
PERSPECTIVE = """\
perspektiv:
  - namn: P
    strategiska mål:
      - namn: S
        mål:
          - namn: G
            indikatorer:
              - {id: a, namn: A, enhet: "%", riktning: högre är bättre, mål: minst 90 %}
"""


def _levels(*lines: str) -> str:
    return LEVELS_HEAD + "".join(f"    - {line}\n" for line in lines) + PERSPECTIVE


FULL = '{text: nått, symbol: "●", gäller: uppfyllt}'
PARTLY = '{text: delvis, symbol: "◐", gäller: delvis uppfyllt}'
NOT = '{text: ej, symbol: "○", gäller: ej uppfyllt}'


@pytest.mark.parametrize("lines, code, line, words", [
    ((FULL, NOT), "nivå-saknas", 4, ["Ingen nivå", "'delvis uppfyllt'"]),
    ((FULL, PARTLY, '{text: ej 1, symbol: "1", gäller: ej uppfyllt, andel: minst 50 %}',
      '{text: ej 2, symbol: "2", gäller: ej uppfyllt, andel: under 40 %}'),
     "nivå-lucka", 7, ["'ej uppfyllt'", "andelen 40–50 %"]),
    ((FULL, PARTLY, '{text: ej 1, symbol: "1", gäller: ej uppfyllt, andel: 50–100 %}',
      '{text: ej 2, symbol: "2", gäller: ej uppfyllt, andel: under 50 %}'),
     "nivå-lucka", 7, ["andelen från 100 %"]),
    ((FULL, PARTLY, '{text: ej 1, symbol: "1", gäller: ej uppfyllt, andel: minst 40 %}',
      '{text: ej 2, symbol: "2", gäller: ej uppfyllt, andel: under 50 %}'),
     "nivå-överlapp", 8, ["'ej 1' (rad 7) och 'ej 2' (rad 8)", "andelen 40–50 %"]),
    ((FULL, PARTLY, '{text: på väg, symbol: "1", gäller: ej uppfyllt, utveckling: förbättring}',
      '{text: ej, symbol: "2", gäller: ej uppfyllt, utveckling: [oförändrat, försämring]}'),
     "nivå-lucka", 7, ["när utvecklingen är 'ingen pil'"]),
    ((FULL, PARTLY, '{text: på väg, symbol: "1", gäller: ej uppfyllt, utveckling: förbättring}',
      '{text: ej, symbol: "2", gäller: ej uppfyllt}'),
     "nivå-överlapp", 8, ["'på väg' (rad 7) och 'ej' (rad 8)", "'förbättring'"]),
    ((FULL, PARTLY, '{text: ej, symbol: "2", gäller: inte uppfyllt}'), "okänd-gäller", 7, ["inte uppfyllt"]),
    ((FULL, PARTLY, '{text: ej, symbol: "2", gäller: ej uppfyllt, andel: ungefär 80 %}'), "fel-andel", 7,
     ["'andel: ungefär 80 %' känns inte igen"]),
    ((FULL, PARTLY, '{text: ej, symbol: "2", gäller: ej uppfyllt, andel: 100–80 %}'), "fel-andel", 7,
     ["lägre gränsen ska stå först"]),
    ((FULL, PARTLY, '{text: ej, symbol: "2", gäller: ej uppfyllt, andel: "minst 80,125 %"}'), "fel-andel", 7,
     ["kan läsas både som 80 125 och som 80,125"]),
    ((FULL, PARTLY, '{text: ej, symbol: "2", gäller: ej uppfyllt, andel: "minst 80,1255 %"}'), "fel-andel", 7,
     ["fler än två decimaler"]),
    ((FULL, PARTLY, '{text: ej, symbol: "2", gäller: ej uppfyllt, utveckling: bättre}'), "okänd-utveckling", 7,
     ["'utveckling: bättre'"]),
    ((FULL, PARTLY, '{symbol: "2", gäller: ej uppfyllt}'), "nyckel-saknas", 7, ["'text'"]),
])
def test_a_legend_with_a_gap_an_overlap_or_an_unknown_word_is_refused_at_its_line(write, lines, code, line, words):
    with pytest.raises(RuleFileError) as caught:
        malmotor.load_scorecard(write("r.yaml", _levels(*lines)))
    found = [d for d in caught.value.diagnostics if d.code == code]
    assert found, [str(d) for d in caught.value.diagnostics]
    assert found[0].line == line
    for word in words:
        assert word in found[0].message


def test_the_old_keys_beside_the_list_are_refused(write):
    text = _levels(FULL, PARTLY, NOT).replace("  nivåer:\n", '  uppfyllt: {symbol: "■"}\n  nivåer:\n')
    with pytest.raises(RuleFileError) as caught:
        malmotor.load_scorecard(write("r.yaml", text))
    assert [d.code for d in caught.value.diagnostics] == ["nivå-dubbelt-angiven"]


@pytest.mark.parametrize("written, low, high", [
    ("minst 80 %", "80", None), ("≥ 80 %", "80", None), ("från 80 procent", "80", None),
    ("under 80 %", None, "80"), ("mindre än 80 %", None, "80"), ("< 80%", None, "80"),
    ("80–100 %", "80", "100"), ("80 - 100 procent", "80", "100"), ("minst 80 % och under 99,5 %", "80", "99.5"),
])
def test_the_share_forms(write, written, low, high):
    other = "under 80 %" if low else "minst 80 %" if high == "80" else None
    lines = [FULL, PARTLY, f'{{text: ej 1, symbol: "1", gäller: ej uppfyllt, andel: "{written}"}}']
    scorecard_text = _levels(*lines)
    try:
        legend = malmotor.load_scorecard(write("r.yaml", scorecard_text)).legend
    except RuleFileError as exc:  # only the gap is wrong: the form itself was read
        assert {d.code for d in exc.diagnostics} == {"nivå-lucka"}, [str(d) for d in exc.diagnostics]
        assert other is not None or high is not None
        return
    level = legend.declared[2]
    assert (level.share_from, level.share_below) == (Decimal(low) if low else None, Decimal(high) if high else None)


@pytest.mark.parametrize("written, arrows", [
    ("förbättring", ("forbattring",)),
    ("[försämring, Oförändrat]", ("oforandrat", "forsamring")),
    ("inte förbättring", ("oforandrat", "forsamring", "ingen_pil")),
    ("ingen pil", ("ingen_pil",)),
])
def test_the_arrow_forms(write, written, arrows):
    complement = ("forbattring", "oforandrat", "forsamring", "ingen_pil")
    rest = [a for a in complement if a not in arrows]
    names = {"forbattring": "förbättring", "oforandrat": "oförändrat", "forsamring": "försämring",
             "ingen_pil": "ingen pil"}
    lines = [FULL, PARTLY, f'{{text: ej 1, symbol: "1", gäller: ej uppfyllt, utveckling: {written}}}',
             f'{{text: ej 2, symbol: "2", gäller: ej uppfyllt, utveckling: [{", ".join(names[a] for a in rest)}]}}']
    legend = malmotor.load_scorecard(write("r.yaml", _levels(*lines))).legend
    assert legend.declared[2].trends == arrows


def test_one_symbol_for_two_levels_is_a_warning_naming_both(write):
    text = PERSPECTIVE.join(["malmotor: 1\nstyrkort: Test\nteckenförklaring:\n"
                             '  delvis uppfyllt: {text: delvis uppfyllt eller kan inte mätas, symbol: "◐"}\n'
                             '  ej bedömt: {symbol: "◐"}\n', ""])
    scorecard = malmotor.load_scorecard(write("r.yaml", text))
    [shared] = [w for w in scorecard.warnings if w.code == "samma-symbol"]
    assert shared.line == 5
    assert "'delvis uppfyllt eller kan inte mätas' (rad 4) och 'ej bedömt' (rad 5)" in shared.message
    assert "'◐'" in shared.message


def test_declared_levels_with_one_symbol_warn_too(write):
    text = _levels(FULL, '{text: delvis, symbol: "○", gäller: delvis uppfyllt}', NOT)
    [shared] = malmotor.load_scorecard(write("r.yaml", text)).warnings
    assert shared.code == "samma-symbol" and "'delvis' (rad 6) och 'ej' (rad 7)" in shared.message


def test_a_target_without_a_share_takes_the_first_level_of_its_verdict(write):
    text = _levels(FULL, '{text: nästan, symbol: "1", gäller: delvis uppfyllt, andel: minst 95 %}',
                   '{text: en bit, symbol: "2", gäller: delvis uppfyllt, andel: under 95 %}', NOT)
    text = text.replace("mål: minst 90 %}", "mål: minst 90 %}\n              - {id: m, namn: M, mål: Genomförd}")
    text = text.replace("teckenförklaring:", "standard:\n  delvis: minst 80 % av målet\nteckenförklaring:")
    measures = write("m.yaml", "period: 2019\nvärden:\n  a: 80 %\n  m: delvis genomförd\n")
    for engine in ("durable", "reference"):
        result = malmotor.evaluate(malmotor.load_scorecard(write("r.yaml", text)), malmotor.load_measures(measures),
                                   engine=engine)
        rows = result.by_id()
        assert (rows["a"].level_text, rows["a"].share) == ("en bit", Decimal("88.88"))
        assert (rows["m"].level_text, rows["m"].share) == ("nästan", None)
