"""`standard:` what a rule file states once for every indicator that does not say otherwise.

Defaults are resolved when the rule file is read: an indicator gets the `delvis`, `jämför med` and
`oförändrat inom` it would have had with the values written at it, so the rules (durable and the
reference alike) see nothing new. The cases: a default applied, overridden by the indicator, not
applicable (and then not applied, without an error), and a dead band of another unit.
"""

from __future__ import annotations

import re
import textwrap
from decimal import Decimal
from pathlib import Path

import pytest

import malmotor
from malmotor.diagnostics import Diagnostic, RuleFileError
from malmotor.load.rulefile import load_scorecard
from malmotor.model import Baseline, PartialBound, PartialRatio, PartialStatus
from malmotor.model.period import Period

from .conftest import ROOT, rule_file

STANDARD_MARK = "# exempel: standard"


def with_standard(standard: str, indicators: str) -> str:
    """A rule file with a `standard:` section (written at the top level) around indicator entries."""
    head, rest = rule_file(indicators).split("perspektiv:\n", 1)
    return head + textwrap.dedent(standard).strip("\n") + "\n" + "perspektiv:\n" + rest


@pytest.fixture
def load(write):
    def _load(standard: str, indicators: str):
        return load_scorecard(write("regler.yaml", with_standard(standard, indicators)))
    return _load


def errors_of(path: Path) -> list[Diagnostic]:
    with pytest.raises(RuleFileError) as info:
        load_scorecard(path)
    return info.value.diagnostics


def line_of(path: Path, fragment: str, last: bool = False) -> int:
    """1-based line of the first (or last) line containing `fragment`."""
    hits = [number for number, text in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if fragment in text]
    return hits[-1 if last else 0]


SHARE = "standard:\n  delvis: minst 80 % av målet\n"
STATUS = "standard:\n  delvis: minst påbörjad\n"
BOTH = "standard:\n  delvis: [91–99 % av målet, minst påbörjad]\n"

HIGHER = "- id: x\n  namn: X\n  enhet: '%'\n  mål: minst 80 %\n"
LOWER = "- id: x\n  namn: X\n  enhet: '%'\n  riktning: lägre är bättre\n  mål: 3 %\n"
ZERO = "- id: x\n  namn: X\n  enhet: mnkr\n  mål: minst 0 mnkr\n"
NEGATIVE = "- id: x\n  namn: X\n  enhet: mnkr\n  mål: högst -2 mnkr\n"
DONE = "- id: x\n  namn: X\n  mål: Genomförd\n"
STARTED = "- id: x\n  namn: X\n  mål: Påbörjad\n"
COMPOUND = "- id: x\n  namn: X\n  mål: Förstudie genomförd och aktiviteter är påbörjade\n  delmål: [f, a]\n"
CAPABILITY = "- id: x\n  namn: X\n  mål: Möjlighet till att mäta\n"
INCREASE = "- id: x\n  namn: X\n  enhet: '%'\n  mål: Öka\n"


# --- delvis ------------------------------------------------------------------------------------

@pytest.mark.parametrize("standard, indicator, partial, limit", [
    # applied
    (SHARE, HIGHER, PartialRatio(text="minst 80 % av målet", ratio=Decimal("0.8")), Decimal(64)),
    (SHARE, LOWER, PartialRatio(text="minst 80 % av målet", ratio=Decimal("0.8")), Decimal("3.75")),
    (BOTH, HIGHER, PartialRatio(text="91–99 % av målet", ratio=Decimal("0.91")), Decimal("72.8")),
    (STATUS, DONE, PartialStatus(text="minst påbörjad", status="påbörjad"), None),
    (STATUS, COMPOUND, PartialStatus(text="minst påbörjad", status="påbörjad"), None),
    (BOTH, DONE, PartialStatus(text="minst påbörjad", status="påbörjad"), None),
    # overridden by the indicator's own
    (SHARE, LOWER + "  delvis: högst 4 %\n", PartialBound(text="högst 4 %", bound=Decimal(4)), Decimal(4)),
    (SHARE, HIGHER + "  delvis: minst 50 % av målet\n", PartialRatio(text="minst 50 % av målet",
                                                                      ratio=Decimal("0.5")), Decimal(40)),
    (SHARE, LOWER + "  delvis: ingen\n", None, None),
    (STATUS, DONE + "  delvis: minst delvis genomförd\n",
     PartialStatus(text="minst delvis genomförd", status="delvis genomförd"), None),
    # not applicable: not applied, no error
    (SHARE, ZERO, None, None),
    (SHARE, NEGATIVE, None, None),
    (SHARE, INCREASE, None, None),
    (SHARE, DONE, None, None),  # a share is no status: the milestone keeps its built-in band
    (STATUS, HIGHER, None, None),  # a status is no share: the threshold has no band
    (STATUS, STARTED, None, None),  # `minst påbörjad` is not below `påbörjad`
    (STATUS, CAPABILITY, None, None),
    (BOTH, CAPABILITY, None, None),
])
def test_the_default_band_for_partly_fulfilled(load, standard, indicator, partial, limit):
    found = load(standard, indicator).indicators()["x"]
    assert found.partial == partial
    if limit is not None:
        assert found.partial_limit() == limit


def test_without_standard_nothing_changes(load):
    assert load("", HIGHER).indicators()["x"].partial is None


# --- utveckling --------------------------------------------------------------------------------

UNITLESS = "standard:\n  utveckling:\n    oförändrat inom: 0,5\n"
PERCENT = "standard:\n  utveckling:\n    oförändrat inom: 0,5 %\n"
POINTS = "standard:\n  utveckling:\n    oförändrat inom: 0,5 procentenheter\n"
MNKR = "- id: x\n  namn: X\n  enhet: mnkr\n  mål: Minska\n"
NO_UNIT = "- id: x\n  namn: X\n  mål: Öka\n"
NO_TARGET = "- id: x\n  namn: X\n  enhet: '%'\n"


@pytest.mark.parametrize("standard, indicator, band", [
    # a number without a unit: every indicator with numbers, in its own unit
    (UNITLESS, HIGHER, Decimal("0.5")),
    (UNITLESS, MNKR, Decimal("0.5")),
    (UNITLESS, NO_UNIT, Decimal("0.5")),
    (UNITLESS, NO_TARGET, Decimal("0.5")),
    # with a unit: only indicators of that unit (procentenheter is %)
    (PERCENT, HIGHER, Decimal("0.5")),
    (PERCENT, NO_TARGET, Decimal("0.5")),
    (POINTS, LOWER, Decimal("0.5")),
    (PERCENT, MNKR + "- id: y\n  namn: Y\n  enhet: '%'\n  mål: Öka\n", Decimal(0)),
    (PERCENT, NO_UNIT + "- id: y\n  namn: Y\n  enhet: '%'\n  mål: Öka\n", Decimal(0)),
    # never milestones and capabilities
    (UNITLESS, DONE, Decimal(0)),
    (UNITLESS, CAPABILITY, Decimal(0)),
    # overridden, key by key
    (UNITLESS, HIGHER + "  utveckling:\n    oförändrat inom: 0,1\n", Decimal("0.1")),
    (UNITLESS, HIGHER + "  utveckling:\n    oförändrat inom: 0\n", Decimal(0)),
    (UNITLESS, HIGHER + "  utveckling:\n    jämför med: 2017\n", Decimal("0.5")),
])
def test_the_default_dead_band(load, standard, indicator, band):
    assert load(standard, indicator).indicators()["x"].trend.unchanged_within == band


@pytest.mark.parametrize("indicator, baseline", [
    (HIGHER, Baseline(rule="same_last_year")),
    (DONE, Baseline(rule="same_last_year")),  # a milestone's arrow compares too
    (HIGHER + "  utveckling:\n    jämför med: föregående period\n", Baseline()),
    (HIGHER + "  utveckling:\n    jämför med: 2017\n", Baseline(rule="named", period=Period.year_of(2017))),
    (HIGHER + "  utveckling:\n    oförändrat inom: 0,1\n", Baseline(rule="same_last_year")),
])
def test_the_default_comparison_of_the_arrow(load, indicator, baseline):
    standard = "standard:\n  utveckling:\n    jämför med: samma period föregående år\n"
    assert load(standard, indicator).indicators()["x"].trend.compare_with == baseline


def test_a_dead_band_in_a_unit_no_indicator_has_is_a_warning(write):
    path = write("regler.yaml", with_standard("standard:\n  utveckling:\n    oförändrat inom: 2 idx\n",
                                              MNKR + "- id: i\n  namn: I\n  enhet: index\n  mål: Öka\n"))
    scorecard = load_scorecard(path)
    [found] = scorecard.warnings
    assert (found.severity, found.code, found.line) == ("varning", "standard-gäller-ingen",
                                                        line_of(path, "oförändrat inom: 2 idx"))
    assert "ingen indikator med tal har enheten 'idx'" in found.message and found.hint
    assert {i.trend.unchanged_within for i in scorecard.indicators().values()} == {Decimal(0)}


def test_a_dead_band_in_a_unit_of_a_milestone_only_is_also_a_warning(load):
    assert [w.code for w in load(PERCENT, DONE).warnings] == ["standard-gäller-ingen"]
    assert load(PERCENT, HIGHER).warnings == ()


# --- mistakes in `standard` are reported on its lines ------------------------------------------

@pytest.mark.parametrize("standard, fragment, code, message, hint", [
    ("standard:\n  delvis: 80 %\n", "delvis:", "standard-delvis-värde", "'delvis: 80 %' i 'standard' är ett värde",
     "Menade du minst 80 % av målet? Skriv då 'delvis: minst 80 % av målet'."),
    ("standard:\n  delvis: högst 4 %\n", "delvis:", "standard-delvis-värde", "ett värde hör till ett enda mål",
     "skrivs vid indikatorn den gäller"),
    ("standard:\n  delvis: minst 120 % av målet\n", "delvis:", "fel-andel", "måste ligga mellan 0 och 100 %",
     "minst 80 % av målet"),
    ("standard:\n  delvis: 99–91 % av målet\n", "delvis:", "fel-andel", "den lägre först", "91–99 % av målet"),
    ("standard:\n  delvis: ungefär 80 % av målet\n", "delvis:", "okänd-delvis", "känns inte igen",
     "91–99 % av målet"),
    ("standard:\n  delvis: ej påbörjad\n", "delvis:", "delvis-alltid-nått", "alltid minst delvis uppfyllt",
     "Välj en status högre upp"),
    ("standard:\n  delvis: lite grann\n", "delvis:", "okänd-delvis",
     "varken en andel av målet eller en status på statusskalan", "ej påbörjad, påbörjad"),
    ("standard:\n  delvis:\n    - minst 80 % av målet\n    - 90 % av målet\n", "- 90 %", "dubbel-standard",
     "två gränser som är en andel av målet", "högst en andel"),
    ("standard:\n  delvis: {minst: påbörjad}\n", "delvis:", "fel-form", "'delvis' ska vara en text", None),
    ("standard:\n  utveckling:\n    oförändrat inom: lite\n", "oförändrat inom", "inget-tal", "är inget tal", "0,2"),
    ("standard:\n  utveckling:\n    oförändrat inom: −0,5\n", "oförändrat inom", "negativt-tal",
     "kan inte vara negativt", "0,2"),
    ("standard:\n  utveckling:\n    oförändrat inom: '1,500'\n", "oförändrat inom", "tvetydigt-tal",
     "kan läsas både som 1 500 och som 1,5", "'1,5'"),
    ("standard:\n  utveckling:\n    jämför med: i våras\n", "jämför med", "okänd-jämförelse", "känns inte igen",
     "föregående period"),
    ("standard:\n  utveckling:\n    oförändrad inom: 0,5\n", "oförändrad inom", "okänd-nyckel",
     "Okänd nyckel 'oförändrad inom' i utvecklingen i 'standard'.", "Menade du 'oförändrat inom'?"),
    ("standard:\n  delvis: minst 80 % av målet\n  dödband: 0,5\n", "dödband", "okänd-nyckel",
     "Okänd nyckel 'dödband' i avsnittet 'standard'.", "Tillåtna nycklar här: delvis, utveckling."),
    ("standard: minst 80 % av målet\n", "standard:", "fel-form", "avsnittet 'standard' ska vara ett avsnitt", None),
    ("standard:\n  utveckling: 0,5\n", "utveckling:", "fel-form", "ska vara ett avsnitt med nycklar", None),
])
def test_a_mistake_in_standard_is_reported_on_its_line(write, standard, fragment, code, message, hint):
    path = write("regler.yaml", with_standard(standard, HIGHER))
    [found] = errors_of(path)
    assert (found.code, found.line) == (code, line_of(path, fragment)), found.render()
    assert message in found.message, found.render()
    if hint is not None:
        assert hint in found.hint, found.render()


def test_standard_is_suggested_for_a_misspelt_key(write):
    path = write("regler.yaml", with_standard("standrad:\n  delvis: minst 80 % av målet\n", HIGHER))
    [found] = errors_of(path)
    assert found.code == "okänd-nyckel" and found.hint.startswith("Menade du 'standard'?")


@pytest.mark.parametrize("indicator, fragment, code", [
    # an indicator's own value that cannot apply stays an error, whatever `standard` says
    (ZERO + "  delvis: minst 80 % av målet\n", "delvis:", "andel-av-nollmål"),
    (LOWER + "  delvis: högst 2 %\n", "delvis:", "delvis-fel-sida"),
    (STARTED + "  delvis: minst påbörjad\n", "delvis:", "delvis-fel-sida"),
    (DONE + "  utveckling:\n    oförändrat inom: 1\n", "oförändrat inom", "fel-måltyp"),
    (DONE + "  delvis: ingen\n", "delvis:", "fel-måltyp"),
    (INCREASE + "  delvis: ingen\n", "delvis:", "fel-måltyp"),
])
def test_an_indicators_own_value_that_cannot_apply_is_still_an_error(write, indicator, fragment, code):
    standard = "standard:\n  delvis: [minst 80 % av målet, minst påbörjad]\n  utveckling:\n    oförändrat inom: 1\n"
    path = write("regler.yaml", with_standard(standard, indicator))
    [found] = errors_of(path)
    assert (found.code, found.line) == (code, line_of(path, fragment, last=True)), found.render()


def test_the_far_band_warning_still_runs_where_a_standard_exists(load):
    scorecard = load(SHARE, LOWER + "  delvis: 80 %\n")
    assert [w.code for w in scorecard.warnings] == ["delvis-långt-från-målet"]


# --- the same as writing it at every indicator -------------------------------------------------

INDICATORS = """
- id: andel
  namn: Andel
  enhet: "%"
  mål: minst 80 %
- id: sjuk
  namn: Sjukfrånvaro
  enhet: "%"
  riktning: lägre är bättre
  mål: 3 %
- id: noll
  namn: Resultat
  enhet: mnkr
  riktning: högre är bättre
  mål: 0 mnkr
- id: kostnad
  namn: Kostnad
  enhet: mnkr
  mål: Minska
- id: rutin
  namn: Rutin
  mål: Rutin finns
- id: start
  namn: Start
  mål: Påbörjad
- id: matbart
  namn: Mätbart
  mål: Möjlighet till att mäta
"""
# What `standard` below means, written at each indicator it applies to.
WRITTEN_OUT = {
    "andel": "  delvis: 91–99 % av målet\n  utveckling:\n    jämför med: samma period föregående år\n"
             "    oförändrat inom: 0,5\n",
    "sjuk": "  delvis: 91–99 % av målet\n  utveckling:\n    jämför med: samma period föregående år\n"
            "    oförändrat inom: 0,5\n",
    "noll": "  utveckling:\n    jämför med: samma period föregående år\n",
    "kostnad": "  utveckling:\n    jämför med: samma period föregående år\n",
    "rutin": "  delvis: minst påbörjad\n  utveckling:\n    jämför med: samma period föregående år\n",
    "start": "  utveckling:\n    jämför med: samma period föregående år\n",
    "matbart": "  utveckling:\n    jämför med: samma period föregående år\n",
}
STANDARD = """
standard:
  delvis: [91–99 % av målet, minst påbörjad]
  utveckling:
    jämför med: samma period föregående år
    oförändrat inom: 0,5 %
"""
MEASURES = {
    2017: {"andel": "80 %", "sjuk": "3,4 %", "noll": "-1 mnkr", "kostnad": "5 mnkr", "rutin": "ej påbörjad",
           "start": "ej påbörjad", "matbart": "nej"},
    2018: {"andel": "75 %", "sjuk": "3,1 %", "noll": "-0,5 mnkr", "kostnad": "5,4 mnkr", "rutin": "påbörjad",
           "start": "påbörjad", "matbart": "ja"},
}


def _written_out() -> str:
    entries = textwrap.dedent(INDICATORS).strip("\n").split("- id: ")[1:]
    return "".join("- id: " + entry.rstrip("\n") + "\n" + WRITTEN_OUT[entry.split("\n", 1)[0]] for entry in entries)


def test_standard_is_the_same_as_writing_each_value_at_its_indicators(write):
    with_defaults = load_scorecard(write("standard.yaml", with_standard(STANDARD, INDICATORS)))
    written = load_scorecard(write("utskrivet.yaml", rule_file(_written_out())))

    def without_lines(scorecard):
        return {ident: indicator.model_copy(update={"line": None}) for ident, indicator in
                scorecard.indicators().items()}

    assert without_lines(with_defaults) == without_lines(written)
    paths = [write(f"{year}.yaml", f"period: {year}\nvärden:\n" + "".join(f"  {k}: {v}\n" for k, v in values.items()))
             for year, values in MEASURES.items()]
    measures = malmotor.load_measures(paths)
    results = [malmotor.evaluate(scorecard, measures, period=2018, engine=engine).indicators
               for scorecard in (with_defaults, written) for engine in ("durable", "reference")]
    dumps = [[row.model_dump() for row in rows] for rows in results]
    assert dumps[0] == dumps[1] == dumps[2] == dumps[3]
    rows = {row.id: row for row in results[0]}
    assert (rows["andel"].level_text, rows["andel"].partial_limit_text) == ("delvis uppfyllt", "72,8 %")
    assert rows["noll"].partial_limit is None and rows["noll"].level_text == "ej uppfyllt"
    assert rows["rutin"].level_text == "delvis uppfyllt"
    assert rows["start"].level_text == "uppfyllt"


# --- the example in docs/rule-format.md --------------------------------------------------------

def _docs_example() -> tuple[str, str, dict[str, tuple[str, str]]]:
    text = (ROOT / "docs" / "rule-format.md").read_text(encoding="utf-8")
    fences = list(re.finditer(r"^```(?P<lang>\w*)\n(?P<body>.*?)^```", text, re.S | re.M))
    [at] = [n for n, fence in enumerate(fences) if fence["lang"] == "yaml" and STANDARD_MARK in fence["body"]]
    rules, measures = fences[at]["body"], fences[at + 1]["body"]
    assert fences[at + 1]["lang"] == "csv"
    table = text[fences[at + 1].end():].split("\n\n", 2)[1]
    verdicts = {}
    for line in table.splitlines()[2:]:
        cells = [cell.strip() for cell in line.strip("|").split("|")]
        verdicts[cells[0].strip("`")] = (cells[1], cells[2])
    return rules, measures, verdicts


def test_the_documented_example_of_standard_gives_its_documented_verdicts(write):
    rules, measures, verdicts = _docs_example()
    scorecard = load_scorecard(write("regler.yaml", rules))
    assert scorecard.warnings == ()
    values = malmotor.load_measures(write("varden.csv", measures))
    durable = malmotor.evaluate(scorecard, values, period=2019)
    reference = malmotor.evaluate(scorecard, values, period=2019, engine="reference")
    assert [r.model_dump() for r in durable.indicators] == [r.model_dump() for r in reference.indicators]
    rows = durable.by_id()
    assert set(verdicts) == set(rows)
    assert {ident: (row.level_text, row.trend_text) for ident, row in rows.items()} == verdicts
    # The result shows which band was used, from `standard` or from the indicator.
    assert (rows["svarstid"].partial_limit_text, rows["svarstid"].unchanged_within) == ("72,8 %", Decimal("0.5"))
    assert (rows["sjukfranvaro"].partial_limit_text, rows["sjukfranvaro"].unchanged_within) == ("4 %", Decimal("0.5"))
    assert (rows["resultat"].partial_limit, rows["resultat"].unchanged_within) == (None, Decimal(0))
    assert rows["tillganglighet"].partial_limit is None
