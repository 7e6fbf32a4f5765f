"""The user documentation (docs/rule-format.md, docs/measures-format.md) checked against the code.

The complete examples are extracted from the documents and evaluated; the tables of target
phrases, keys, words, rule names and documented verdicts are read back and compared with what
the loaders and the rules actually do; the error examples must be the loader's real output.
So the documents cannot drift from the code without a test failing.

Conventions the documents follow (and these tests rely on):
* the complete rule file is the ```yaml block whose first line is `# exempel: komplett regelfil`;
* the complete measures are the ```yaml block starting `# exempel: mätvärden yaml` and the only
  ```csv block;
* tables are recognised by the text of their first header cell ("Målfras", "Nyckel", …);
* an error example is `<!-- felexempel: FILE -->`, then the file's block, then a ```text block
  with exactly what malmotor prints.
"""

from __future__ import annotations

import re
from decimal import Decimal
import textwrap
from dataclasses import dataclass
from pathlib import Path

import pytest

import malmotor
from malmotor.load.values import MISSING_WORDS, NOT_MEASURABLE_WORDS
from malmotor.load.legend import LEVEL_KEYS, REASON_KEYS, TREND_KEYS
from malmotor.load.hierarchy import LEVEL_DECLARATION_KEYS, NODE_KEYS, ROLLUP_KEYS
from malmotor.model import DEFAULT_LEVELS, INDICATORS_KEY
from malmotor.load.legendsection import DECLARED_LEVEL_KEYS, LEVEL_LIST, MANUAL_KEY, NO_ARROW_KEY
from malmotor.load.legendsection import ENTRY_KEYS as LEGEND_ENTRY_KEYS
from malmotor.load.measuresfile import CSV_COLUMNS, CSV_OPTIONAL, YAML_KEYS
from malmotor.model import DEFAULT_STATUS_SCALE
from malmotor.numbers import parse_quantity
from malmotor.decide.rulebook import RULES_BY_NAME
from malmotor.decide.rollup import RULES_BY_NAME as ROLLUP_RULES_BY_NAME
from malmotor.load.rulefile import (
    INDICATOR_KEYS,
    TOP_KEYS,
    TREND_SETTING_KEYS,
)
from malmotor.load.targets import parse_target

from .conftest import ROOT, rule_file

RULE_DOC = ROOT / "docs" / "rule-format.md"
MEASURES_DOC = ROOT / "docs" / "measures-format.md"
RULES_MARK = "# exempel: komplett regelfil"
YAML_MARK = "# exempel: mätvärden yaml"
# File names the documents use for the examples (they appear in the documented messages).
RULES_NAME, YAML_NAME, CSV_NAME = "styrkort-2019.yaml", "matvarden-2019.yaml", "matvarden.csv"

ALL_KINDS = {"gräns", "förändring", "ingen_försämring", "oförändrat", "milstolpe", "förmåga", "nytt_mått",
             "inget_mål", "jämförelse", "intervall"}
KIND_WORDS = {  # the "Typ av mål" column of the phrase table
    "gränsvärde": "gräns", "förändring": "förändring", "ingen försämring": "ingen_försämring",
    "oförändrat": "oförändrat", "milstolpe": "milstolpe", "sammansatt milstolpe": "milstolpe",
    "förmåga": "förmåga", "nytt mått": "nytt_mått", "inget mål": "inget_mål", "jämförelse": "jämförelse",
    "intervall": "intervall",
}
# The comparison series the phrases of kind "jämförelse" name, as a rule file declares them under `jämförelser`.
SERIES = ("medel", "riket", "bästa kvartil")


# --- reading the Markdown ------------------------------------------------------------------------

@dataclass(frozen=True)
class Block:
    lang: str
    body: str
    start: int
    end: int


_FENCE = re.compile(r"^```(?P<lang>[^\n`]*)\n(?P<body>.*?)^```[ \t]*$", re.DOTALL | re.MULTILINE)
_MARKER = re.compile(r"<!-- felexempel: (?P<name>\S+) -->")


def blocks(text: str) -> list[Block]:
    return [Block(m["lang"].strip(), m["body"], m.start(), m.end()) for m in _FENCE.finditer(text)]


def the_block(text: str, lang: str, first_line: str | None = None) -> str:
    found = [b.body for b in blocks(text)
             if b.lang == lang and (first_line is None or b.body.split("\n", 1)[0] == first_line)]
    assert len(found) == 1, f"expected exactly one ```{lang} block starting {first_line!r}, found {len(found)}"
    return found[0]


def tables(text: str, first_header: str) -> list[list[list[str]]]:
    """Rows (as cells) of every Markdown table whose first header cell is `first_header`."""
    found, current = [], []
    for line in text.splitlines() + [""]:
        if line.startswith("|"):
            current.append([cell.strip() for cell in line.strip().strip("|").split("|")])
            continue
        if current and current[0][0] == first_header:
            found.append(current[2:])  # skip the header and the |---| line
        current = []
    assert found, f"no table with the header '{first_header}'"
    return found


def backticked(cell: str) -> list[str]:
    return re.findall(r"`([^`]+)`", cell)


def first_column(text: str, first_header: str) -> list[str]:
    return [item for table in tables(text, first_header) for row in table for item in backticked(row[0])]


@pytest.fixture(scope="module")
def rule_doc() -> str:
    return RULE_DOC.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def measures_doc() -> str:
    return MEASURES_DOC.read_text(encoding="utf-8")


# --- the complete examples -----------------------------------------------------------------------

@dataclass
class Example:
    rules: Path
    yaml: Path
    csv: Path
    period: int


@pytest.fixture
def example(tmp_path, rule_doc, measures_doc) -> Example:
    rules = tmp_path / RULES_NAME
    rules.write_text(the_block(rule_doc, "yaml", RULES_MARK), encoding="utf-8")
    yaml_text = the_block(measures_doc, "yaml", YAML_MARK)
    (tmp_path / YAML_NAME).write_text(yaml_text, encoding="utf-8")
    (tmp_path / CSV_NAME).write_text(the_block(measures_doc, "csv"), encoding="utf-8")
    period = int(re.search(r"^period:\s*(\d{4})\s*$", yaml_text, re.MULTILINE)[1])
    return Example(rules, tmp_path / YAML_NAME, tmp_path / CSV_NAME, period)


def _verdicts(result: malmotor.EvaluationResult) -> dict[str, tuple]:
    return {row.id: (row.level, row.level_reason, row.trend, row.trend_reason, row.value_text, row.symbol, row.arrow)
            for row in result.indicators}


def test_the_complete_rule_file_loads_and_has_every_target_kind_and_key(example):
    scorecard = malmotor.load_scorecard(example.rules)
    indicators = scorecard.indicators().values()
    assert {indicator.target.kind for indicator in indicators} == ALL_KINDS
    assert any(i.target.kind == "milstolpe" and len(i.target.parts) > 1 for i in indicators)
    assert any(i.target.kind in ("förändring", "ingen_försämring") and i.target.base for i in indicators)
    assert any(i.target.kind in ("förändring", "ingen_försämring") and not i.target.base for i in indicators)
    text = example.rules.read_text(encoding="utf-8")
    # `enheter` belongs to a rule file followed up for several units (tests/test_examples.py), `hierarki` to
    # other levels than the default (tests/test_hierarchy.py), `kräv analys` to a scorecard with an assessments
    # file (tests/test_manual.py).
    # `delvis vid årsbokslut` and `delårsmål` to a scorecard followed up during the year (tests/test_interim.py).
    used = [key for key in TOP_KEYS if key not in ("enheter", "hierarki", "kräv analys", "delvis vid årsbokslut")] + \
        [level.key for level in DEFAULT_LEVELS]
    indicator_keys = [key for key in INDICATOR_KEYS if key != "delårsmål"]
    for key in used + indicator_keys + list(NODE_KEYS + ROLLUP_KEYS + TREND_SETTING_KEYS + LEGEND_ENTRY_KEYS):
        assert re.search(rf"[\s{{,]{re.escape(key)}:", text), f"the complete example does not use '{key}'"


def test_the_csv_example_evaluates_without_errors_or_warnings_and_judges_every_indicator(example):
    scorecard = malmotor.load_scorecard(example.rules)
    result = malmotor.evaluate(scorecard, malmotor.load_measures(example.csv), period=example.period)
    assert result.warnings == ()
    assert [row.id for row in result.indicators] == list(scorecard.indicators())
    assert {row.level for row in result.indicators} == set(malmotor.Level)  # all four levels are shown
    assert {row.trend for row in result.indicators} == set(malmotor.Trend) | {None}


def test_the_yaml_example_holds_the_same_values_as_the_csv_example_for_its_period(example):
    def values(path):
        return sorted((v.indicator, v.period, v.text, v.part) for v in malmotor.load_measures(path).values
                      if v.period == example.period)

    assert values(example.yaml) == values(example.csv)


def test_yaml_and_csv_measures_give_the_same_results(example, tmp_path):
    scorecard = malmotor.load_scorecard(example.rules)
    from_csv = malmotor.evaluate(scorecard, malmotor.load_measures(example.csv), period=example.period)
    # The YAML example holds one period; the comparison years come from the CSV rows of other periods.
    header, *rows = example.csv.read_text(encoding="utf-8").splitlines()
    earlier = tmp_path / "jamforelsear.csv"
    earlier.write_text("\n".join([header] + [r for r in rows if f";{example.period};" not in r]) + "\n",
                       encoding="utf-8")
    from_yaml = malmotor.evaluate(scorecard, malmotor.load_measures([earlier, example.yaml]), period=example.period)
    assert from_yaml.warnings == ()
    assert _verdicts(from_yaml) == _verdicts(from_csv)


def test_the_documented_verdicts_of_the_complete_example_are_the_real_ones(example, rule_doc):
    scorecard = malmotor.load_scorecard(example.rules)
    result = malmotor.evaluate(scorecard, malmotor.load_measures(example.csv), period=example.period)
    rows = result.by_id()
    documented = {backticked(row[0])[0]: (row[1], row[2]) for table in tables(rule_doc, "Indikator") for row in table}
    assert set(documented) == set(rows), "the verdict table must list every indicator of the example"
    for ident, (level, trend) in documented.items():
        row = rows[ident]
        assert (level, trend) == (row.level_text, row.trend_text or "ingen pil"), ident
    # The threshold examples as the text describes them.
    assert rows["medarbetarenkat"].level is malmotor.Level.FULFILLED
    assert rows["sjukfranvaro"].level is malmotor.Level.PARTLY
    assert rows["ledtid"].level is malmotor.Level.NOT_FULFILLED
    assert rows["konsultkostnad"].level is malmotor.Level.FULFILLED and rows["konsultkostnad"].arrow == "⬇"
    assert rows["medarbetarenkat"].trend_comparison.period.text == "2017"  # utveckling: jämför med: 2017
    assert rows["extra-tid"].target_comparison.period.text == "2017"  # Minska jämfört med 2017
    assert rows["extra-tid"].trend_comparison.period == malmotor.Period.parse(example.period).previous()
    new_measure = rows["personalomsattning"]
    assert new_measure.level_reason is malmotor.Reason.NEW_MEASURE and new_measure.arrow == ""


# --- tables read back against the code -----------------------------------------------------------

def test_the_documented_roll_up_of_the_complete_example_is_the_real_one(example, rule_doc):
    scorecard = malmotor.load_scorecard(example.rules)
    result = malmotor.evaluate(scorecard, malmotor.load_measures(example.csv), period=example.period)
    nodes = {node.id: node for node in result.nodes}
    documented = {backticked(row[0])[0]: row[1] for table in tables(rule_doc, "Nod") for row in table}
    assert len(documented) == 6
    for ident, level in documented.items():
        assert nodes[ident].level_text == level, ident
    assert nodes["ekonomi"].score == Decimal("87.5") and nodes["ekonomi"].method == "viktat"
    assert {child.id for child in nodes["ekonomi"].counted} == {"konsultkostnad", "budgetutfall", "resultat"}


def test_every_target_phrase_in_the_phrase_table_parses_as_the_kind_it_is_documented_as(rule_doc):
    seen = set()
    for table in tables(rule_doc, "Målfras"):
        for row in table:
            phrases, kind_word = backticked(row[0]), row[1]
            assert phrases, f"no phrase in backticks in the row {row}"
            for phrase in phrases:
                target = parse_target(phrase, DEFAULT_STATUS_SCALE, series=SERIES)  # raises if not accepted
                assert target.kind == KIND_WORDS[kind_word], phrase
                if kind_word == "sammansatt milstolpe":
                    assert len(target.parts) > 1, phrase
                seen.add(target.kind)
    assert seen == ALL_KINDS


def test_the_documented_rule_file_keys_are_exactly_the_ones_the_loader_accepts(rule_doc):
    levels = tuple(level.key for level in DEFAULT_LEVELS) + (INDICATORS_KEY,)
    accepted = set(TOP_KEYS + levels + NODE_KEYS + LEVEL_DECLARATION_KEYS + ROLLUP_KEYS + INDICATOR_KEYS + TREND_SETTING_KEYS
                   + LEGEND_ENTRY_KEYS + DECLARED_LEVEL_KEYS + (LEVEL_LIST, NO_ARROW_KEY, MANUAL_KEY)) | set(LEVEL_KEYS) \
        | set(TREND_KEYS) | set(REASON_KEYS)
    assert set(first_column(rule_doc, "Nyckel")) == accepted


def test_the_documented_measures_keys_and_columns_are_exactly_the_ones_the_loader_accepts(measures_doc):
    assert set(first_column(measures_doc, "Nyckel")) == set(YAML_KEYS)
    assert set(first_column(measures_doc, "Kolumn")) == set(CSV_COLUMNS + CSV_OPTIONAL)


def test_the_documented_words_for_missing_values_are_exactly_the_accepted_ones(measures_doc):
    assert set(first_column(measures_doc, "Ord")) == set(MISSING_WORDS + NOT_MEASURABLE_WORDS)


def test_every_number_in_the_number_table_is_read(measures_doc):
    written = first_column(measures_doc, "Skrivet")
    assert len(written) >= 8
    for text in written:
        parse_quantity(text)


def test_the_rule_name_table_lists_exactly_the_rules_of_the_rulebook(rule_doc):
    assert sorted(first_column(rule_doc, "Regel")) == sorted(RULES_BY_NAME)


def test_the_roll_up_rule_table_lists_exactly_the_roll_up_rules(rule_doc):
    assert sorted(first_column(rule_doc, "Sammanvägningsregel")) == sorted(ROLLUP_RULES_BY_NAME)


# --- the error examples are the real output ------------------------------------------------------

def _error_examples(text: str) -> list[tuple[str, str, str]]:
    """(file name, file text, expected output) for every `<!-- felexempel: … -->`."""
    found = []
    all_blocks = blocks(text)
    for marker in _MARKER.finditer(text):
        following = [b for b in all_blocks if b.start > marker.end()]
        source = following[0]
        output = next(b for b in following[1:] if b.lang == "text")
        found.append((marker["name"], source.body, output.body))
    return found


def test_the_rule_file_error_examples_are_what_malmotor_prints(rule_doc, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    examples = _error_examples(rule_doc)
    assert len(examples) >= 2
    for name, source, expected in examples:
        Path(name).write_text(source, encoding="utf-8")
        with pytest.raises(malmotor.RuleFileError) as caught:
            malmotor.load_scorecard(name)
        assert caught.value.render() + "\n" == expected


def test_the_measures_error_examples_are_what_malmotor_prints(rule_doc, measures_doc, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    Path(RULES_NAME).write_text(the_block(rule_doc, "yaml", RULES_MARK), encoding="utf-8")
    scorecard = malmotor.load_scorecard(RULES_NAME)
    examples = _error_examples(measures_doc)
    assert len(examples) >= 3
    for name, source, expected in examples:
        Path(name).write_text(source, encoding="utf-8")
        try:
            printed = "\n".join(w.render() for w in malmotor.evaluate(scorecard, malmotor.load_measures(name)).warnings)
        except malmotor.MeasuresError as exc:
            printed = exc.render()
        assert printed + "\n" == expected, name


def test_the_duplicate_example_is_what_malmotor_prints(measures_doc, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    Path(CSV_NAME).write_text(the_block(measures_doc, "csv"), encoding="utf-8")
    Path(YAML_NAME).write_text("period: 2019\nvärden:\n  sjukfranvaro: 3,5 %\n", encoding="utf-8")
    with pytest.raises(malmotor.MeasuresError) as caught:
        malmotor.load_measures([CSV_NAME, YAML_NAME])
    assert f"```text\n{caught.value.render()}\n```" in measures_doc


def _besides_missing_previous_period(warnings) -> list[str]:
    """Snippets give one year only; the reminder that the previous year is missing is expected."""
    return [w for w in warnings if "Det finns inga mätvärden för" not in w.message]


# --- the worked examples in the text -------------------------------------------------------------

def _evaluate(write, indicators: str, csv_rows: str, period: int = 2019) -> dict[str, malmotor.IndicatorResult]:
    rules = write("regler.yaml", rule_file(indicators))
    rows = [row if row.count(";") == 3 else row + ";" for row in textwrap.dedent(csv_rows).strip().splitlines()]
    measures = write("varden.csv", "\n".join(["indikator;period;värde;del"] + rows) + "\n")
    result = malmotor.evaluate(malmotor.load_scorecard(rules), malmotor.load_measures(measures), period=period)
    assert _besides_missing_previous_period(result.warnings) == []
    return result.by_id()


def test_the_threshold_and_compound_milestone_tables_give_the_documented_verdicts(rule_doc, write):
    threshold = tables(rule_doc, "Värde")[0]
    compound = tables(rule_doc, "förstudie")[0]
    indicators, rows, expected = [], [], {}
    for n, (value, level) in enumerate(threshold):
        indicators.append(f"""
            - id: t{n}
              namn: Sjukfrånvaro
              enhet: "%"
              riktning: lägre är bättre
              mål: 3 %
              delvis: högst 4 %""")
        rows.append(f"t{n};2019;{value}")
        expected[f"t{n}"] = level
    for n, (study, activities, without, with_partial) in enumerate(compound):
        for suffix, partial, level in (("a", "", without), ("b", "delvis: minst påbörjad", with_partial)):
            ident = f"c{n}{suffix}"
            indicators.append(f"""
            - id: {ident}
              namn: Office 365
              mål: Förstudie genomförd och aktiviteter är påbörjade
              delmål: [förstudie, aktiviteter]
              {partial}""")
            rows += [f"{ident};2019;{study};förstudie", f"{ident};2019;{activities};aktiviteter"]
            expected[ident] = level
    results = _evaluate(write, "\n".join(textwrap.dedent(i).strip("\n") for i in indicators), "\n".join(rows))
    assert {ident: row.level_text for ident, row in results.items()} == expected


def test_the_worked_examples_in_the_text_hold(write):
    indicators = """
        - id: kund-a                 # Öka, dödband 0,05: 4,31 → 4,34 is not enough
          namn: Kundnöjdhet
          mål: Öka
          utveckling: {oförändrat inom: "0,05"}
        - id: kund-b
          namn: Kundnöjdhet
          mål: Öka
          utveckling: {oförändrat inom: "0,05"}
        - id: index-a                # Oförändrat, dödband 2
          namn: Kostnadsindex
          riktning: lägre är bättre
          mål: Oförändrat
          utveckling: {oförändrat inom: 2}
        - id: index-b
          namn: Kostnadsindex
          riktning: lägre är bättre
          mål: Oförändrat
          utveckling: {oförändrat inom: 2}
        - id: sjuk-a                 # the arrow follows the polarity and the dead band
          namn: Sjukfrånvaro
          enhet: "%"
          riktning: lägre är bättre
          mål: 3 %
          utveckling: {oförändrat inom: "0,1 %"}
        - id: sjuk-b
          namn: Sjukfrånvaro
          enhet: "%"
          riktning: lägre är bättre
          mål: 3 %
          utveckling: {oförändrat inom: "0,1"}
        - id: sjuk-c
          namn: Sjukfrånvaro
          enhet: "%"
          riktning: lägre är bättre
          mål: 3 %
          värdeområde: 0 till 100
          utveckling: {oförändrat inom: "0,1 procentenheter"}
        - id: andel-a                # minst 80 % av målet: partly from 64 %
          namn: Enkät
          enhet: "%"
          mål: minst 80 %
          delvis: minst 80 % av målet
          värdeområde: [0, 100]
        - id: andel-b
          namn: Enkät
          enhet: "%"
          mål: minst 80 %
          delvis: minst 80 % av målet
          värdeområde: 0-100 %
        - id: lagre-a                # lower is better: partly up to 3 / 0,8 = 3,75
          namn: Sjukfrånvaro
          enhet: "%"
          riktning: lägre är bättre
          mål: 3 %
          delvis: minst 80 % av målet
        - id: lagre-b
          namn: Sjukfrånvaro
          enhet: "%"
          riktning: lägre är bättre
          mål: 3 %
          delvis: minst 80 % av målet
        - id: ms-a                   # Genomförd: partly from delvis genomförd, not from påbörjad
          namn: Styrmodell
          mål: Genomförd
        - id: ms-b
          namn: Styrmodell
          mål: Genomförd
        - id: ms-c                   # Delvis genomförd: partly from påbörjad
          namn: Styrmodell
          mål: Delvis genomförd
        - id: ms-d                   # Påbörjad: no partly level
          namn: Styrmodell
          mål: Påbörjad
        - id: formaga                # ja/nej, arrow by rank
          namn: Möjlighet att mäta
          mål: Möjlighet till att mäta
        - id: ingen-okning           # no increase vs base year, arrow vs previous year
          namn: Konsulter
          enhet: mnkr
          mål: Ingen ökning i jmf med 2017
        - id: nytt                   # Nytt mått: not judged, no arrow
          namn: Personalomsättning
          enhet: "%"
          mål: Nytt mått
        - id: ny-oka                 # Öka without a comparison value
          namn: JÄMIX
          enhet: p
          mål: Öka
    """
    rows = """
        kund-a;2018;4,31
        kund-a;2019;4,34
        kund-b;2018;4,31
        kund-b;2019;4,40
        index-a;2018;100
        index-a;2019;101
        index-b;2018;100
        index-b;2019;103
        sjuk-a;2018;3,4 %
        sjuk-a;2019;3,8 %
        sjuk-b;2018;3,8 %
        sjuk-b;2019;3,5 %
        sjuk-c;2018;3,8 %
        sjuk-c;2019;3,75 %
        andel-a;2019;64 %
        andel-b;2019;63,9 %
        lagre-a;2019;3,75 %
        lagre-b;2019;3,76 %
        ms-a;2019;påbörjad
        ms-b;2019;delvis genomförd
        ms-c;2019;påbörjad
        ms-d;2018;ej påbörjad
        ms-d;2019;ej påbörjad
        formaga;2018;nej
        formaga;2019;ja
        ingen-okning;2017;3,2 mnkr
        ingen-okning;2018;1,9 mnkr
        ingen-okning;2019;2,4 mnkr
        nytt;2019;12 %
        ny-oka;2019;136 p
    """
    r = _evaluate(write, textwrap.dedent(indicators), rows)
    L, T, R = malmotor.Level, malmotor.Trend, malmotor.Reason
    assert (r["kund-a"].level, r["kund-a"].trend) == (L.NOT_FULFILLED, T.UNCHANGED)
    assert (r["kund-b"].level, r["kund-b"].trend) == (L.FULFILLED, T.IMPROVED)
    assert (r["index-a"].level, r["index-a"].trend) == (L.FULFILLED, T.UNCHANGED)
    assert (r["index-b"].level, r["index-b"].trend) == (L.NOT_FULFILLED, T.WORSENED)
    assert [r[i].trend for i in ("sjuk-a", "sjuk-b", "sjuk-c")] == [T.WORSENED, T.IMPROVED, T.UNCHANGED]
    assert [r[i].level for i in ("andel-a", "andel-b")] == [L.PARTLY, L.NOT_FULFILLED]
    assert [r[i].level for i in ("lagre-a", "lagre-b")] == [L.PARTLY, L.NOT_FULFILLED]
    assert [r[i].level for i in ("ms-a", "ms-b", "ms-c", "ms-d")] == [L.NOT_FULFILLED, L.PARTLY, L.PARTLY,
                                                                     L.NOT_FULFILLED]
    assert r["ms-d"].trend is T.UNCHANGED
    assert (r["formaga"].level, r["formaga"].trend) == (L.FULFILLED, T.IMPROVED)
    assert (r["ingen-okning"].level, r["ingen-okning"].trend) == (L.FULFILLED, T.WORSENED)
    assert (r["nytt"].level, r["nytt"].level_reason, r["nytt"].trend, r["nytt"].trend_reason) == (
        L.NOT_ASSESSED, R.NEW_MEASURE, None, R.NEW_MEASURE)
    assert (r["ny-oka"].level, r["ny-oka"].level_reason, r["ny-oka"].trend_reason) == (
        L.NOT_ASSESSED, R.NO_COMPARISON, R.NO_COMPARISON)


# --- the smaller snippets load too ---------------------------------------------------------------

_HEAD = "malmotor: 1\nstyrkort: Exempel\n"
_ONE_INDICATOR = rule_file("""
    - id: sjukfranvaro
      namn: Sjukfrånvaro
      enhet: "%"
      riktning: lägre är bättre
      mål: 3 %
""")


def _snippet_as_rule_file(body: str) -> str | None:
    """A rule-file snippet made complete, or None if the block is not a rule-file snippet."""
    if body.startswith(("malmotor:", RULES_MARK)):
        return body
    if body.startswith("# exempel:"):  # a named example (tests elsewhere check what it gives)
        return _snippet_as_rule_file(body.split("\n", 1)[1])
    if body.startswith("perspektiv:"):
        return _HEAD + body
    if body.startswith(("teckenförklaring:", "statusskala:", "grupper:", "enheter:", "jämförelser:")):
        return _HEAD + body + _ONE_INDICATOR[_ONE_INDICATOR.index("perspektiv:"):]
    if body.lstrip().startswith("- id:"):
        return rule_file(body)
    return None


def test_every_rule_file_snippet_in_rule_format_loads(rule_doc, tmp_path):
    error_sources = {source for _, source, _ in _error_examples(rule_doc)}
    checked = 0
    for block in blocks(rule_doc):
        if block.lang != "yaml" or block.body in error_sources:
            continue
        text = _snippet_as_rule_file(block.body)
        assert text is not None, f"a ```yaml block the test does not know how to check:\n{block.body}"
        path = tmp_path / f"snippet{checked}.yaml"
        path.write_text(text, encoding="utf-8")
        malmotor.load_scorecard(path)  # raises RuleFileError if the snippet is wrong
        checked += 1
    assert checked >= 5


def test_every_measures_snippet_in_measures_format_loads_and_fits_the_example(example, measures_doc, tmp_path):
    scorecard = malmotor.load_scorecard(example.rules)
    error_sources = {source for _, source, _ in _error_examples(measures_doc)}
    checked = 0
    for n, block in enumerate(blocks(measures_doc)):
        if block.body in error_sources or block.body.startswith("matvarden"):  # errors and their output
            continue
        if block.lang == "yaml":
            path = tmp_path / f"snippet{n}.yaml"
            has_period = re.search(r"^period:", block.body, re.MULTILINE)
            body = block.body if has_period else f"period: {example.period}\n" + block.body
        elif block.body.startswith("indikator;"):
            path, body = tmp_path / f"snippet{n}.csv", block.body
        else:
            continue
        path.write_text(body, encoding="utf-8")
        result = malmotor.evaluate(scorecard, malmotor.load_measures(path), period=example.period)
        assert _besides_missing_previous_period(result.warnings) == [], block.body
        checked += 1
    assert checked >= 4


# --- groups and units ----------------------------------------------------------------------------

def _block(doc: str, mark: str) -> str:
    return re.search(rf"```(?:yaml|text)\n{re.escape(mark)}\n(.*?)```", doc, re.S).group(1)


def test_the_groups_example_gives_a_row_per_group_after_its_indicator(measures_doc, example, tmp_path):
    path = tmp_path / "grupper.yaml"
    path.write_text(_block(measures_doc, "# exempel: grupper"), encoding="utf-8")
    result = malmotor.evaluate(malmotor.load_scorecard(example.rules), malmotor.load_measures(path), "2019")
    sick = result.rows_for("sjukfranvaro")
    assert [(row.dimension, row.group, row.value_text) for row in sick] == [
        (None, None, "3,5 %"), ("kön", "kvinnor", "2,9 %"), ("kön", "män", "4,1 %"),
        ("verksamhetsområde", "VO Drift", "5,2 %")]
    assert all(row.arrow == "" and row.trend_reason is malmotor.Reason.NO_COMPARISON for row in sick)
    assert result.by_id()["office365"].statuses == ("genomförd", "påbörjad")


def test_the_units_example_judges_every_unit_on_its_own(measures_doc, example, tmp_path):
    path = tmp_path / "enheter.csv"
    path.write_text(_block(measures_doc, "# exempel: enheter csv"), encoding="utf-8")
    result = malmotor.evaluate(malmotor.load_scorecard(example.rules), malmotor.load_measures(path), "2019")
    assert result.org_units == ("Förvaltning Nord", "Förvaltning Syd")
    sick = [(row.org_unit, row.group, row.value_text, row.trend_text) for row in result.indicators
            if row.id == "sjukfranvaro"]
    assert sick == [("Förvaltning Nord", None, "4,1 %", "försämring"), ("Förvaltning Nord", "kvinnor", "3,0 %", ""),
                    ("Förvaltning Nord", "män", "5,0 %", ""), ("Förvaltning Syd", None, "3,2 %", "förbättring")]
    only_south = malmotor.evaluate(malmotor.load_scorecard(example.rules), malmotor.load_measures(path), "2019",
                                   org_unit="förvaltning syd")
    assert {row.org_unit for row in only_south.indicators} == {"Förvaltning Syd"}


# --- comparison with peers (jämförelser) ---------------------------------------------------------

def test_the_comparison_example_gives_the_documented_verdicts_rules_and_explanations(rule_doc, tmp_path):
    rules = tmp_path / "jamforelser.yaml"
    rules.write_text("malmotor: 1\n" + _block(rule_doc, "malmotor: 1\n# exempel: jämförelser"), encoding="utf-8")
    measures = tmp_path / "jamforelser.csv"
    measures.write_text(_block(rule_doc, "# exempel: jämförelser csv"), encoding="utf-8")
    result = malmotor.evaluate(malmotor.load_scorecard(rules), malmotor.load_measures(measures), "2019")
    assert result.warnings == ()
    rows = result.by_id()
    (documented,) = [table for table in tables(rule_doc, "Indikatorn") if backticked(table[0][0]) == ["hemtjanst-kostnad"]]
    assert {backticked(row[0])[0]: (row[1], row[2], backticked(row[3])[0]) for row in documented} == {
        ident: (row.level_text, row.trend_text, row.fulfilment_rule) for ident, row in rows.items()}
    explained = _block(rule_doc, "# förklaringar: jämförelser").splitlines()
    assert explained == [row.explanation.replace("\u00a0", " ") for row in result.indicators]
    used = rows["hemtjanst-kostnad"].target_comparison
    assert (used.series, used.series_text, used.period.text, used.text.replace("\u00a0", " ")) == (
        "medel", "liknande kommuner", "2019", "140 000 kr")
    assert rows["simkunnighet"].target_comparison.found is False  # 2018's medel is never used for 2019
    english = malmotor.evaluate(malmotor.load_scorecard(rules), malmotor.load_measures(measures), "2019", lang="en")
    assert "lower than bästa kvartil 236.0 p for the best 25 % of municipalities in 2019" in \
        english.by_id()["meritvarde"].explanation
