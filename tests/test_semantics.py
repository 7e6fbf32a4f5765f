"""Rule semantics: parametrised cases from YAML to verdict, and property tests.

The cases cross the whole seam (rule file → measures → durable → result). The property
tests generate scorecards and demand that durable-rules and the plain-Python reference agree
on every rule fired and so on every level, arrow and explanation.
"""

from __future__ import annotations

import textwrap
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from malmotor.model import ASSESSED_LEVELS, AveragePeriods, RollupMethod, JUDGED_TRENDS, PREVIOUS, Baseline, Dimension, LegendEntry, LegendLevel
from malmotor.model import Key
from malmotor.model.period import Period
import malmotor
from malmotor.decide.inputs import gather_inputs
from malmotor.load.legend import DEFAULT_LEGEND
from malmotor.model import (
    DEFAULT_STATUS_SCALE,
    CapabilityTarget,
    ChangeTarget,
    ComparisonSeries,
    ComparisonTarget,
    Indicator,
    Level,
    ManualTarget,
    MeasuredValue,
    Measures,
    MilestonePart,
    MilestoneTarget,
    NewMeasureTarget,
    NoTarget,
    NoWorseTarget,
    PartialBound,
    PartialMargin,
    PartialRange,
    PartialRatio,
    PartialStatus,
    Polarity,
    RangeTarget,
    Reason,
    Scorecard,
    Node,
    ThresholdTarget,
    Trend,
    TrendSettings,
    UnchangedTarget,
)
from malmotor.numbers import format_number
from malmotor.decide.reference import decide

from .conftest import rule_file

U, D, E, N = Level.FULFILLED, Level.PARTLY, Level.NOT_FULFILLED, Level.NOT_ASSESSED
UP, SAME, DOWN = Trend.IMPROVED, Trend.UNCHANGED, Trend.WORSENED

# id, indicator keys (YAML), values 2016/2017/2018 (None = absent), level, reason, trend
CASES = [
    ("gräns-lägre-över", "enhet: '%'\nriktning: lägre är bättre\nmål: 3 %", (None, "3,4 %", "3,8 %"), E, None, DOWN),
    ("gräns-lägre-exakt", "enhet: '%'\nriktning: lägre är bättre\nmål: 3 %", (None, "3 %", "3,0 %"), U, None, SAME),
    ("gräns-minst-exakt", "enhet: '%'\nmål: minst 80 %", (None, None, "80 %"), U, None, None),
    ("gräns-minst-under", "enhet: '%'\nmål: minst 80 %", (None, "81 %", "79,9 %"), E, None, DOWN),
    ("gräns-andel-gräns", "enhet: '%'\nmål: minst 80 %\ndelvis: minst 80 % av målet", (None, None, "64 %"), D, None, None),
    ("gräns-andel-under", "enhet: '%'\nmål: minst 80 %\ndelvis: minst 80 % av målet", (None, None, "63,9 %"), E, None, None),
    ("gräns-högst-delvis", "enhet: '%'\nmål: högst 3 %\ndelvis: högst 4 %", (None, None, "3,5 %"), D, None, None),
    ("gräns-högst-ej", "enhet: '%'\nmål: högst 3 %\ndelvis: högst 4 %", (None, None, "4,1 %"), E, None, None),
    ("gräns-lägre-andel", "enhet: '%'\nmål: ≤ 3 %\ndelvis: 80 % av målet", (None, None, "3,75 %"), D, None, None),
    ("gräns-arbetsveckor", "mål: maximalt 3 arbetsveckor", (None, "4 arbetsveckor", "2,5 arbetsveckor"), U, None, UP),
    ("gräns-tal", "riktning: högre är bättre\nmål: 136", (None, "130", "136"), U, None, UP),
    ("öka", "mål: Öka", (None, "4,20", "4,31"), U, None, UP),
    ("öka-lika", "mål: Öka", (None, "4,31", "4,31"), E, None, SAME),
    ("öka-dödband", "mål: Öka\nutveckling: {oförändrat inom: '0,5'}", (None, "92", "92,3"), E, None, SAME),
    ("öka-dödband-över", "mål: Öka\nutveckling: {oförändrat inom: '0,5'}", (None, "92", "92,6"), U, None, UP),
    ("öka-utan-jämförelse", "mål: Öka", (None, None, "4,31"), N, Reason.NO_COMPARISON, None),
    ("minska", "mål: Minska", (None, "16", "14"), U, None, UP),
    ("minska-ökat", "mål: Minska", (None, "10 000", "10 400"), E, None, DOWN),
    ("öka-basår", "mål: Öka i jmf med 2016", ("5", "7", "6"), U, None, DOWN),
    ("ingen-ökning-basår", "enhet: mnkr\nmål: Ingen ökning i jmf med 2016", ("2,0 mnkr", "1,0 mnkr", "1,9 mnkr"), U,
     None, DOWN),
    ("ingen-ökning-lika", "mål: Ingen ökning", (None, "5", "5"), U, None, SAME),
    # 16 orders of magnitude apart: as floats the change equals the dead band, exactly it is just past it.
    ("ingen-ökning-precision", "mål: Ingen ökning\nutveckling: {oförändrat inom: '99 999 999 999 999,9'}",
     (None, "-0,000000001", "99 999 999 999 999,9"), E, None, DOWN),
    ("öka-precision", "mål: Öka\nutveckling: {oförändrat inom: '99 999 999 999 999,9'}",
     (None, "-0,000000001", "99 999 999 999 999,9"), U, None, UP),
    # 31 digits: more than Decimal's default precision of 28, which rounded the margin to 0.
    ("ingen-ökning-28-siffror", "mål: Ingen ökning\nutveckling: {oförändrat inom: '99 999 999 999 999,9'}",
     (None, "-0,000000000000001", "99 999 999 999 999,9"), E, None, DOWN),
    ("öka-28-siffror", "mål: Öka\nutveckling: {oförändrat inom: '99 999 999 999 999,9'}",
     (None, "-0,000000000000001", "99 999 999 999 999,9"), U, None, UP),
    ("ingen-ökning-ökat", "mål: Ingen ökning", (None, "5", "5,1"), E, None, DOWN),
    ("ingen-minskning", "mål: Ingen minskning", (None, "5", "4"), E, None, DOWN),
    ("ingen-ökning-utan-jämförelse", "mål: Ingen ökning i jmf med 2016", (None, "5", "4"), N, Reason.NO_COMPARISON,
     UP),
    ("oförändrat-inom", "riktning: lägre är bättre\nmål: Oförändrat\nutveckling: {oförändrat inom: 2}",
     (None, "100", "101"), U, None, SAME),
    ("oförändrat-utanför", "riktning: lägre är bättre\nmål: Oförändrat\nutveckling: {oförändrat inom: 2}",
     (None, "100", "103"), E, None, DOWN),
    ("oförändrat-utan-jämförelse", "riktning: lägre är bättre\nmål: Oförändrat", (None, None, "100"), N,
     Reason.NO_COMPARISON, None),
    ("genomförd", "mål: Genomförd", (None, "påbörjad", "genomförd"), U, None, UP),
    ("genomförd-delvis", "mål: Genomförd", (None, "delvis genomförd", "delvis genomförd"), D, None, SAME),
    ("genomförd-påbörjad", "mål: Genomförd", (None, "delvis genomförd", "Påbörjad"), E, None, DOWN),
    ("milstolpe-delvis-status", "mål: Rutin finns\ndelvis: minst påbörjad", (None, None, "påbörjad"), D, None, None),
    ("sammansatt", "mål: Förstudie genomförd och aktiviteter är påbörjade\ndelmål: [förstudie, aktiviteter]\n"
     "delvis: minst påbörjad", (None, None, {"förstudie": "påbörjad", "aktiviteter": "ej påbörjad"}), D, None, None),
    ("sammansatt-klar", "mål: Förstudie genomförd och aktiviteter är påbörjade\ndelmål: [förstudie, aktiviteter]",
     (None, None, {"förstudie": "genomförd", "aktiviteter": "påbörjad"}), U, None, None),
    ("förmåga", "mål: Möjlighet till att mäta", (None, "nej", "ja"), U, None, UP),
    ("förmåga-nej", "mål: Möjlighet till att mäta", (None, "nej", "nej"), E, None, SAME),
    ("nytt-mått", "enhet: '%'\nmål: Nytt mått", (None, "10 %", "12 %"), N, Reason.NEW_MEASURE, None),
    ("inget-mål-ökat", "enhet: st", (None, "1 100", "1 240"), N, Reason.NO_TARGET, Trend.INCREASED),
    ("inget-mål-minskat", "mål: Inget mål", (None, "85", "70"), N, Reason.NO_TARGET, Trend.DECREASED),
    ("inget-mål-dödband", "mål: '-'\nutveckling: {oförändrat inom: 20}", (None, "85", "70"), N, Reason.NO_TARGET, SAME),
    ("inget-mål-riktning", "mål: Målvärde saknas\nriktning: lägre är bättre", (None, "85", "70"), N, Reason.NO_TARGET,
     UP),
    ("saknas", "enhet: '%'\nriktning: högre är bättre\nmål: 20 %", (None, "10 %", "saknas"), N, Reason.NO_VALUE, None),
    ("kan-inte-mätas", "mål: Öka", (None, "3", "kan inte mätas"), N, Reason.NOT_MEASURABLE, None),
    ("ej-angivet", "mål: Öka", (None, "3", None), N, Reason.NO_VALUE, None),
    ("jämför-med-basår", "mål: Öka\nutveckling: {jämför med: 2016}", ("8", "5", "6"), U, None, DOWN),
    # Strict thresholds (över, under, >, <): a value equal to the bound does not reach the target.
    ("över-exakt", "enhet: '%'\nmål: över 40 %", (None, "39 %", "40 %"), E, None, UP),
    ("över-passerat", "enhet: '%'\nmål: '> 40 %'", (None, "41 %", "40,1 %"), U, None, DOWN),
    ("över-tal", "mål: '>40'", (None, None, "40"), E, None, None),
    ("mer-än-under", "enhet: '%'\nmål: mer än 40 %", (None, None, "39,9 %"), E, None, None),
    ("minst-exakt-jämförs", "enhet: '%'\nmål: minst 40 %", (None, None, "40 %"), U, None, None),
    ("under-exakt-delvis", "enhet: '%'\nmål: under 10 %\ndelvis: högst 12 %", (None, None, "10 %"), D, None, None),
    ("under-passerat", "mål: <10", (None, "10", "9,99"), U, None, UP),
    ("mindre-än-delvis", "enhet: '%'\nmål: mindre än 10 %\ndelvis: högst 12 %", (None, None, "11 %"), D, None, None),
    ("under-andel-på-gränsen", "enhet: '%'\nmål: under 10 %\ndelvis: minst 80 % av målet", (None, None, "10 %"),
     D, None, None),
    ("under-över-delvis", "enhet: '%'\nmål: under 10 %\ndelvis: högst 12 %", (None, None, "12,5 %"), E, None,
     None),
    # The unit before the number, and unit words.
    ("index-före", "enhet: index\nmål: minst index 41", (None, "42", "41"), U, None, DOWN),
    ("procent-ord", "enhet: '%'\nmål: högst 40 procent", (None, None, "40,5 %"), E, None, None),
    # Modal and verbal forms.
    ("ska-öka", "mål: Ska öka", (None, "5", "6"), U, None, UP),
    ("ska-minska", "mål: ska minska", (None, "5", "6"), E, None, DOWN),
    ("ska-uppgå-till", "enhet: '%'\nmål: ska uppgå till minst 70 procent", (None, None, "70 %"), U, None, None),
    ("ska-vara-högst", "enhet: '%'\nmål: ska vara högst 3 %", (None, None, "3,1 %"), E, None, None),
    ("ska-stärkas", "mål: ska stärkas jämfört med föregående år", ("9", "5", "6"), U, None, UP),
    ("ska-förbättras-lägre", "riktning: lägre är bättre\nmål: ska förbättras", (None, "5", "4"), U, None, UP),
    ("ska-förbättras-högre", "riktning: högre är bättre\nmål: Ska förbättras", (None, "5", "4"), E, None, DOWN),
    ("ska-förbättras-dödband", "riktning: lägre är bättre\nmål: Ska förbättras\nutveckling: {oförändrat inom: 1}",
     (None, "5", "4"), E, None, SAME),
    ("ska-förbättras-basår", "riktning: lägre är bättre\nmål: ska förbättras jämfört med 2016", (None, "5", "4"),
     N, Reason.NO_COMPARISON, UP),
    # Free text judged by people: never a level, the arrow as for any value.
    ("manuell", "enhet: '%'\nmål: Investeringarna ska självfinansieras (bedöms manuellt)", (None, "90 %", "95 %"), N,
     Reason.MANUAL, Trend.INCREASED),
    ("manuell-riktning", "riktning: högre är bättre\nmål: Självfinansieringsgrad, bedöms manuellt", (None, "95", "90"),
     N, Reason.MANUAL, DOWN),
    ("manuell-utan-värde", "mål: Investeringarna ska självfinansieras (bedöms manuellt)", (None, None, None), N,
     Reason.MANUAL, None),
    ("manuell-saknas", "mål: Bedöms manuellt", (None, "5", "saknas"), N, Reason.MANUAL, None),
    ("manuell-kan-inte-mätas", "mål: Bedöms manuellt", (None, "5", "kan inte mätas"), N, Reason.MANUAL, None),
    # Against a comparison value of a series declared under `jämförelser` (see SERIES): medel, riket, bästa kvartil.
    ("jmf-högst-ej", "enhet: kr\nmål: högst medel",
     (None, "150 000 kr", {"totalt": "147 445 kr", "jämförelse": {"medel": "140 000 kr"}}), E, None, UP),
    ("jmf-högst-delvis", "enhet: kr\nmål: högst medel\ndelvis: inom 10 % av medel",
     (None, None, {"totalt": "147 445 kr", "jämförelse": {"medel": "140 000 kr"}}), D, None, None),
    ("jmf-delvis-på-gränsen", "enhet: kr\nmål: högst medel\ndelvis: högst 110 % av medel",
     (None, None, {"totalt": "154 000 kr", "jämförelse": {"medel": "140 000 kr"}}), D, None, None),
    ("jmf-delvis-utanför", "enhet: kr\nmål: högst medel\ndelvis: högst 110 % av medel",
     (None, None, {"totalt": "154 001 kr", "jämförelse": {"medel": "140 000 kr"}}), E, None, None),
    ("jmf-minst-lika", "enhet: '%'\nmål: minst medel", (None, None, {"totalt": "80 %", "jämförelse": {"medel": "80 %"}}),
     U, None, None),
    ("jmf-lägst-rikets-nivå", "enhet: '%'\nmål: lägst rikets nivå",
     (None, "86 %", {"totalt": "85 %", "jämförelse": {"riket": "80 %"}}), U, None, DOWN),
    ("jmf-negativ", "enhet: mnkr\nmål: minst medel\ndelvis: inom 10 % av medel",
     (None, None, {"totalt": "-10,5 mnkr", "jämförelse": {"medel": "-10 mnkr"}}), D, None, None),
    ("jmf-bättre-lika", "riktning: högre är bättre\nmål: bättre än medel",
     (None, None, {"totalt": "5", "jämförelse": {"medel": "5"}}), E, None, None),
    ("jmf-bättre-lika-delvis", "riktning: högre är bättre\nmål: bättre än medel\ndelvis: minst 90 % av medel",
     (None, None, {"totalt": "5", "jämförelse": {"medel": "5"}}), D, None, None),
    ("jmf-bättre", "riktning: lägre är bättre\nmål: Ska vara bättre än medel",
     (None, None, {"totalt": "4,9", "jämförelse": {"medel": "5"}}), U, None, None),
    ("jmf-under-medel", "mål: under medel", (None, None, {"totalt": "5,1", "jämförelse": {"medel": "5"}}), E, None, None),
    ("jmf-bästa-kvartil", "riktning: lägre är bättre\nmål: bland de 25 % bästa",
     (None, None, {"totalt": "3", "jämförelse": {"bästa kvartil": "3,2"}}), U, None, None),
    ("jmf-utan-värde", "mål: minst medel", (None, "5", "6"), N, Reason.NO_COMPARISON, UP),
    ("jmf-angivet-saknas", "mål: högst riket", (None, None, {"totalt": "6", "jämförelse": {"riket": "saknas"}}), N,
     Reason.NO_COMPARISON, None),
    # A range: inside it (bounds included), a wider `delvis` range; the arrow: nearer the range is better.
    ("intervall-inom", "enhet: '%'\nmål: 95–105 %", (None, "112 %", "101 %"), U, None, UP),
    ("intervall-gräns", "enhet: '%'\nmål: mellan 95 och 105 %", (None, "100 %", "105 %"), U, None, SAME),
    ("intervall-delvis", "enhet: '%'\nmål: 95-105 %\ndelvis: 90–110 %", (None, "100 %", "108 %"), D, None, DOWN),
    ("intervall-ej", "enhet: '%'\nmål: 95–105 %\ndelvis: 90–110 %", (None, "88 %", "111 %"), E, None, UP),
    ("intervall-ej-utan-delvis", "mål: 95–105", (None, "94", "106"), E, None, SAME),
    ("jmf-saknar-värde", "mål: minst medel", (None, "5", {"totalt": "saknas", "jämförelse": {"medel": "5"}}), N,
     Reason.NO_VALUE, None),
]
SERIES = "jämförelser:\n  medel: liknande kommuner\n  riket: riket\n  bästa kvartil: {text: de 25 % bästa, engelska: the best 25 %}\n"


def _measure_yaml(period: int, column: int) -> str:
    lines = [f"period: {period}", "värden:"]

    def write(key: str, value, indent: int) -> None:
        if isinstance(value, dict):
            lines.append(" " * indent + f"{key}:")
            for inner_key, inner in value.items():
                write(inner_key, inner, indent + 2)
        elif value is not None:
            lines.append(" " * indent + f"{key}: {value}")

    for case_id, _, values, *_ in CASES:
        write(case_id, values[column], 2)
    return "\n".join(lines) + "\n"


@pytest.fixture(scope="module")
def results(tmp_path_factory):
    folder = tmp_path_factory.mktemp("semantics")
    indicators = "\n".join(f"- id: {case_id}\n  namn: Fall {case_id}\n" + textwrap.indent(keys, "  ")
                           for case_id, keys, *_ in CASES)
    (folder / "rules.yaml").write_text(rule_file(indicators).replace("perspektiv:", SERIES + "perspektiv:", 1),
                                       encoding="utf-8")
    paths = []
    for column, period in enumerate((2016, 2017, 2018)):
        paths.append(folder / f"{period}.yaml")
        paths[-1].write_text(_measure_yaml(period, column), encoding="utf-8")
    scorecard = malmotor.load_scorecard(folder / "rules.yaml")
    measures = malmotor.load_measures(paths)
    durable = malmotor.evaluate(scorecard, measures, period=2018)
    reference = malmotor.evaluate(scorecard, measures, period=2018, engine="reference")
    english = malmotor.evaluate(scorecard, measures, period=2018, lang="en")
    return durable.by_id(), reference.by_id(), english.by_id()


@pytest.mark.parametrize("case_id, keys, values, level, reason, trend", CASES, ids=[c[0] for c in CASES])
def test_case(results, case_id, keys, values, level, reason, trend):
    durable, reference, _ = results
    row = durable[case_id]
    assert (row.level, row.level_reason, row.trend) == (level, reason, trend), row.explanation
    if reason in (Reason.NO_VALUE, Reason.NOT_MEASURABLE, Reason.NEW_MEASURE):  # a missing base year keeps the arrow
        assert row.trend is None and row.arrow == ""
    assert row.model_dump() == reference[case_id].model_dump()


def test_a_missing_part_is_named_in_the_explanation(write):
    rules = write("r.yaml", rule_file("- id: o\n  namn: Office\n  mål: Förstudie genomförd och aktiviteter är "
                                      "påbörjade\n  delmål: [förstudie, aktiviteter]\n"))
    measures = write("m.yaml", "period: 2018\nvärden:\n  o:\n    förstudie: genomförd\n")
    row = malmotor.evaluate(malmotor.load_scorecard(rules), malmotor.load_measures(measures), 2018).indicators[0]
    assert (row.level, row.level_reason) == (N, Reason.NO_VALUE)
    assert "värde för delmålet 'aktiviteter' 2018 saknas i mätvärdena (ej bedömt)" in row.explanation


@pytest.mark.parametrize("case_id, fragment", [
    ("över-exakt", "40 % är lika med gränsen i målet över 40 % och når det därför inte (ej uppfyllt)."),
    ("över-passerat", "40,1 % når målet över 40 % (uppfyllt)."),
    ("under-exakt-delvis", "10 % är lika med gränsen i målet under 10 % och når det därför inte men är inom gränsen "
                           "för delvis uppfyllt, 12 % (delvis uppfyllt)."),
    ("under-över-delvis", "12,5 % är över målet under 10 % och över gränsen för delvis uppfyllt, 12 % (ej uppfyllt)."),
    ("index-före", "41 index når målet minst 41 index (uppfyllt)."),
    ("ska-förbättras-lägre", "4 är bättre än 5 2017 (uppfyllt). Förbättring; lägre är bättre."),
    ("ska-förbättras-högre", "4 är inte bättre än 5 2017 (ej uppfyllt)."),
    ("manuell", "95 %; målet 'Investeringarna ska självfinansieras' bedöms manuellt (ej bedömt). Ökat från 90 % "
                "2017 (utan riktning: varken bättre eller sämre)."),
    ("manuell-utan-värde", "målet 'Investeringarna ska självfinansieras' bedöms manuellt (ej bedömt). Ingen "
                           "utvecklingspil utan värde."),
    ("manuell-saknas", ": målet bedöms manuellt (ej bedömt)."),
])
def test_the_new_target_forms_explain_their_verdicts(results, case_id, fragment):
    assert fragment in results[0][case_id].explanation


@pytest.mark.parametrize("case_id, lang, fragment", [
    ("jmf-högst-ej", "sv", "147\u00a0445 kr är högre än medel 140\u00a0000 kr för liknande kommuner 2018, och målet är högst "
                           "medel (ej uppfyllt). Förbättring från 150\u00a0000 kr 2017; lägre är bättre."),
    ("jmf-högst-delvis", "sv", "147\u00a0445 kr är högre än medel 140\u00a0000 kr för liknande kommuner 2018, och målet är "
                               "högst medel; gränsen för delvis uppfyllt (inom 10 % av medel) är 154\u00a0000 kr (delvis "
                               "uppfyllt)."),
    ("jmf-lägst-rikets-nivå", "sv", "85 % är högre än riket 80 % 2018, och målet är lägst rikets nivå (uppfyllt)."),
    ("jmf-bättre-lika", "sv", "5 är lika med medel 5 för liknande kommuner 2018, och målet är bättre än medel (ej "
                              "uppfyllt)."),
    ("jmf-bästa-kvartil", "sv", "3 är lägre än bästa kvartil 3,2 för de 25 % bästa 2018, och målet är bland de 25 % "
                                "bästa (uppfyllt)."),
    ("jmf-bästa-kvartil", "en", "3 is lower than bästa kvartil 3.2 for the best 25 % in 2018, and the target is "
                                "at least as good as bästa kvartil (fulfilled)."),
    ("jmf-utan-värde", "sv", "6, men målet minst medel kräver medel för liknande kommuner 2018, och det värdet saknas "
                             "i mätvärdena (ej bedömt)."),
    ("jmf-angivet-saknas", "en", "6, but the target at most riket needs riket in 2018, and that value is missing in "
                                 "the measures (not assessed)."),
    ("jmf-bättre", "sv", "4,9 är lägre än medel 5 för liknande kommuner 2018, och målet är bättre än medel (uppfyllt)."),
])
def test_a_comparison_target_names_its_comparison_value_and_series(results, case_id, lang, fragment):
    row = results[0][case_id] if lang == "sv" else results[2][case_id]
    assert fragment in row.explanation
    assert "målet högst 140" not in row.explanation and "target at most 140" not in row.explanation


def test_the_comparison_value_used_is_in_the_result_row(results):
    row = results[0]["jmf-högst-delvis"]
    comparison = row.target_comparison
    assert (comparison.series, comparison.series_text, comparison.period.text, comparison.value, comparison.text) == (
        "medel", "liknande kommuner", "2018", Decimal("140000"), "140\u00a0000 kr")
    assert comparison.found and comparison.source.endswith("2018.yaml:" + comparison.source.rsplit(":", 1)[1])
    assert (row.partial_limit, row.partial_limit_text) == (Decimal("154000"), "154\u00a0000 kr")
    missing = results[0]["jmf-utan-värde"].target_comparison
    assert (missing.found, missing.series, missing.text, missing.source) == (False, "medel", "saknas", None)
    assert results[0]["jmf-bättre-lika-delvis"].fulfilment_rule == "uppfyllelse.jämförelse.strikt.lika.delvis"


def test_the_manual_reason_has_its_legend_text(results):
    row = results[0]["manuell"]
    assert row.level_reason is Reason.MANUAL and row.fulfilment_rule == "uppfyllelse.bedöms_manuellt"
    assert DEFAULT_LEGEND.reasons[Reason.MANUAL].text == "bedöms manuellt"


def test_missing_comparison_is_named_in_the_explanation(results):
    row = results[0]["öka-utan-jämförelse"]
    assert "kräver ett värde för 2017 och det saknas" in row.explanation
    assert "Ingen utvecklingspil: värde för 2017 saknas." in row.explanation


# --- generated scorecards -------------------------------------------------------------------------

SCALE = DEFAULT_STATUS_SCALE
# Everyday values, tiny ones (differences such as 5e-05 once made durable refuse a fact) and large
# ones, all within the 15 significant digits that measures may have.
# Values many orders of magnitude apart, whose differences a float cannot tell from the dead band.
extremes = st.sampled_from([Decimal("99999999999999.9"), Decimal("-99999999999999.9"), Decimal("0.000000001"),
                            Decimal("-0.000000001"), Decimal("12345678901234.5"), Decimal("0.000012345"),
                            Decimal("-0.000000000000001"), Decimal("0.000000000000001")])
amounts = st.one_of(
    extremes,
    st.decimals(min_value=Decimal("-50"), max_value=Decimal("150"), places=2, allow_nan=False),
    st.decimals(min_value=Decimal("-0.001"), max_value=Decimal("0.001"), places=6, allow_nan=False),
    # three decimals below 1 000 would be written "1,500", which measures refuse as ambiguous
    st.decimals(min_value=Decimal("-1e9"), max_value=Decimal("1e9"), places=3, allow_nan=False)
    .filter(lambda d: not 1 <= abs(d) < 1000),
)
polarities = st.sampled_from(list(Polarity))
statuses = st.sampled_from(SCALE)


JUDGED = st.sampled_from([Period.parse(text) for text in (
    "2018", "T1 2018", "T2 2018", "delår augusti 2018", "kv 1 2018", "halvår 2 2018", "2018-01", "2018-12")])
BASELINES = st.sampled_from([PREVIOUS, Baseline(rule="same_last_year"), Baseline(rule="named", period=Period.year_of(2016))])
# Keys: (group, unit) pairs a generated scorecard gives values for; kön is declared when a group is used.
KEY_SETS = st.sampled_from([
    [(None, None)],
    [(None, None), ("kvinnor", None), ("män", None)],
    [(None, "Nord"), (None, "Syd")],
    [(None, None), ("kvinnor", "Nord"), (None, "Nord"), ("män", "Syd")],
])


@st.composite
def indicators(draw, ident: str, periods: list[Period], keys: list[tuple[str | None, str | None]]):
    kind = draw(st.sampled_from(["gräns", "öka", "minska", "förbättra", "ingen ökning", "ingen minskning",
                                 "oförändrat", "milstolpe", "sammansatt", "förmåga", "nytt", "inget", "manuell",
                                 "jämförelse", "intervall"]))
    band = draw(st.sampled_from([Decimal(0), Decimal("0.5"), Decimal(2), Decimal("0.00005"),
                                 Decimal("99999999999999.9"), Decimal("12345678901234.5")]))
    trend = TrendSettings(unchanged_within=band, compare_with=draw(BASELINES))
    polarity, partial, parts = None, None, ()
    if kind == "gräns":
        polarity = draw(polarities)
        bound = draw(amounts)
        operator = draw(st.sampled_from([None, "minst" if polarity is Polarity.HIGHER_IS_BETTER else "högst"]))
        strict = operator is not None and draw(st.booleans())  # över/under: the bound itself is not enough
        judged = periods[-1]  # `i snitt`: the average so far, of years before the judged one, or none yet
        average = draw(st.sampled_from([None, None, AveragePeriods(first_year=judged.year - 1, last_year=judged.year),
                                        AveragePeriods(first_year=2016, last_year=judged.year - 1),
                                        AveragePeriods(first_year=judged.year + 1, last_year=judged.year + 2)]))
        target = ThresholdTarget(phrase=format_number(bound), bound=bound, operator=operator, strict=strict,
                                 average=average)
        choice = draw(st.sampled_from(["none", "ratio", "bound"]))
        if choice == "ratio" and bound > 0:
            partial = PartialRatio(text="andel av målet", ratio=draw(st.sampled_from([Decimal("0.7"), Decimal("0.8"),
                                                                                      Decimal("0.95")])))
        elif choice == "bound":
            step = draw(st.sampled_from([Decimal(1), Decimal("0.25"), Decimal(10)]))
            partial = PartialBound(text="gräns", bound=bound - step if polarity.sign > 0 else bound + step)
    elif kind == "jämförelse":  # minst/högst medel, över/under medel, bättre än medel, bland de 25 % bästa
        polarity = draw(polarities)
        operator = draw(st.sampled_from([None, "minst" if polarity is Polarity.HIGHER_IS_BETTER else "högst"]))
        target = ComparisonTarget(phrase="jmf", series="medel", operator=operator, strict=draw(st.booleans()))
        if draw(st.booleans()):
            partial = PartialMargin(text="inom", share=draw(st.sampled_from([Decimal("0.1"), Decimal("0.05"),
                                                                              Decimal("1.5")])))
    elif kind == "intervall":  # closer is better: no riktning
        low = draw(amounts)
        high = low + draw(st.sampled_from([Decimal("0.5"), Decimal(10), Decimal("0.000000001")]))
        target = RangeTarget(phrase="intervall", low=low, high=high)
        if draw(st.booleans()):
            step = draw(st.sampled_from([Decimal(1), Decimal("0.25"), Decimal(10)]))
            partial = PartialRange(text="bredare", low=low - step, high=high + draw(st.sampled_from([0, step])))
    elif kind in ("öka", "minska"):
        target = ChangeTarget(phrase=kind, direction=kind)
        polarity = Polarity.HIGHER_IS_BETTER if kind == "öka" else Polarity.LOWER_IS_BETTER
    elif kind == "förbättra":  # better in the direction riktning gives, compared as the target names
        target = ChangeTarget(phrase=kind, direction=kind, base=draw(st.sampled_from([None, *BASELINES.elements])))
        polarity = draw(polarities)
    elif kind.startswith("ingen"):
        forbidden = kind.split()[1]
        target = NoWorseTarget(phrase=kind, forbidden=forbidden, base=draw(st.sampled_from([None, *BASELINES.elements])))
        polarity = Polarity.LOWER_IS_BETTER if forbidden == "ökning" else Polarity.HIGHER_IS_BETTER
    elif kind == "oförändrat":
        target, polarity = UnchangedTarget(phrase=kind), draw(polarities)
    elif kind == "milstolpe":
        target = MilestoneTarget(phrase="x", parts=(MilestonePart(subject=None, required=draw(statuses)),))
        if draw(st.booleans()):
            partial = PartialStatus(text="minst", status=draw(statuses))
    elif kind == "sammansatt":
        target = MilestoneTarget(phrase="x och y", parts=(MilestonePart(subject="x", required=draw(statuses)),
                                                          MilestonePart(subject="y", required=draw(statuses))))
        parts = ("x", "y")
        if draw(st.booleans()):
            partial = PartialStatus(text="minst", status=draw(statuses))
    elif kind == "förmåga":
        target = CapabilityTarget(phrase=kind)
    elif kind == "inget":
        target, polarity = NoTarget(), draw(st.sampled_from([None, *Polarity]))
    elif kind == "manuell":
        target = ManualTarget(phrase="x (bedöms manuellt)", text=draw(st.sampled_from(["x", ""])))
        polarity = draw(st.sampled_from([None, *Polarity]))
    else:
        target, polarity = NewMeasureTarget(phrase=kind), draw(st.sampled_from([None, *Polarity]))
    indicator = Indicator(id=ident, name=ident, polarity=polarity, target=target, partial=partial, trend=trend,
                          parts=parts)
    values, compared_at = [], set()
    for (group, org_unit), period in ((key, period) for key in keys for period in periods):
        presence = draw(st.sampled_from(["value", "value", "value", "absent", "saknas", "kan inte mätas"]))
        where = dict(indicator=ident, period=period, file="m.yaml", group=group, org_unit=org_unit,
                     dimension="kön" if group else None)
        series_value = None
        if kind == "jämförelse":  # the key's own comparison value, one for every unit, "saknas", or none
            given = draw(st.sampled_from(["own", "own", "every unit", "absent", "saknas"]))
            place = (group, None if given == "every unit" else org_unit, period)
            if given != "absent" and place not in compared_at:
                compared_at.add(place)
                series_value = draw(amounts) if given != "saknas" else None
                values.append(MeasuredValue(text=format_number(series_value) if series_value is not None else "saknas",
                                            comparison="medel", **{**where, "org_unit": place[1]}))
        if presence == "absent":
            continue
        if presence != "value":
            values.append(MeasuredValue(text=presence, **where))
        elif kind in ("milstolpe", "förmåga"):
            text = draw(st.sampled_from(("nej", "ja") if kind == "förmåga" else SCALE))
            values.append(MeasuredValue(text=text, **where))
        elif kind == "sammansatt":
            values.extend(MeasuredValue(text=draw(statuses), part=part, **where) for part in parts)
        elif kind == "gräns":  # on the bound, too: where minst and över part
            values.append(MeasuredValue(text=format_number(draw(st.one_of(amounts, st.just(bound)))), **where))
        elif kind == "intervall":  # on the bounds and the partial range's, too
            edges = [edge for edge in (_plain(edge) for edge in [target.low, target.high] +
                                       ([partial.low, partial.high] if partial else []))
                     if len(edge.as_tuple().digits) <= 15  # what measures may have, unambiguously
                     and not (edge.as_tuple().exponent == -3 and 1 <= abs(edge) < 1000)] or [target.low]
            values.append(MeasuredValue(text=format_number(draw(st.one_of(amounts, st.sampled_from(edges)))),
                                        **where))
        elif kind == "jämförelse" and series_value is not None:  # on the comparison value, too
            values.append(MeasuredValue(text=format_number(draw(st.one_of(amounts, st.just(series_value)))), **where))
        else:
            values.append(MeasuredValue(text=format_number(draw(amounts)), **where))
    return indicator, values


def _plain(number: Decimal) -> Decimal:
    """Without trailing zeros (`10,000` would be read as ambiguous), and without an exponent."""
    number = number.normalize()
    return number.quantize(Decimal(1)) if number.as_tuple().exponent > 0 else number


CUTS = [Decimal(n) for n in ("0", "50", "80", "99.99", "100", "100.01", "150")]


@st.composite
def legends(draw):
    """The default legend, or levels beyond three: each verdict cut by shares at points where generated
    values land (100 %: a value on its bound), and one part of it split again by the arrow."""
    if draw(st.booleans()):
        return DEFAULT_LEGEND
    declared = []
    for counts_as in ASSESSED_LEVELS:
        cuts = sorted(draw(st.sets(st.sampled_from(CUTS), max_size=3)) | ({Decimal(100)} if draw(st.booleans()) else set()))
        spans = list(zip([None, *cuts], [*cuts, None]))
        split = draw(st.integers(min_value=-1, max_value=len(spans) - 1))  # -1: no split by the arrow
        for index, (low, high) in enumerate(spans):
            arrows = [JUDGED_TRENDS] if index != split else \
                [("forbattring",), tuple(t for t in JUDGED_TRENDS if t != "forbattring")]
            for trends in arrows:
                n = len(declared)
                declared.append(LegendLevel(entry=LegendEntry(text=f"nivå {n}", text_en=f"level {n}", symbol=f"S{n}"),
                                            counts_as=counts_as, share_from=low, share_below=high, trends=trends,
                                            line=n + 1))
    if draw(st.booleans()):
        draw_order = draw(st.permutations(range(len(declared))))  # the legend's order is free
        declared = [declared[i] for i in draw_order]
    no_arrow = LegendEntry(text="ingen pil", text_en="no arrow", symbol=draw(st.sampled_from(["", "Ingen"])))
    return DEFAULT_LEGEND.model_copy(update={"declared": tuple(declared), "no_arrow": no_arrow})


def _root(goal: Node) -> Node:
    """The scorecard with one perspective and one strategic goal above `goal`."""
    strategic = Node(id="s", name="s", level=1, children=(goal,))
    return Node(id="styrkort", name="gen", level=-1, children=(Node(id="p", name="p", level=0, children=(strategic,)),))


ROLLUPS = st.sampled_from([None, None, "alla", "majoritet", "sämsta", "andel", "viktat"])
SHARES = st.sampled_from([Decimal(0), Decimal(50), Decimal("66.67"), Decimal(75), Decimal(100)])


@st.composite
def rollups(draw):
    kind = draw(ROLLUPS)
    if kind is None:
        return None
    count = draw(st.sampled_from([None, None, "mål", "strategiskt mål", "indikatorer"]))
    partly, fulfilled = sorted((draw(SHARES), draw(SHARES))) if kind in ("andel", "viktat") else (None, None)
    return RollupMethod(kind=kind, fulfilled_from=fulfilled, partly_from=partly, count=count, text=kind)


@st.composite
def trees(draw, indicators: list[Indicator]):
    """One to two perspectives of one to two strategic goals of one to three goals, the indicators dealt
    out among the goals, each node with a roll-up method or none, and weights."""
    weights = st.sampled_from([Decimal(1), Decimal(1), Decimal(2), Decimal("0.5")])
    shape = [[draw(st.integers(1, 3)) for _ in range(draw(st.integers(1, 2)))] for _ in range(draw(st.integers(1, 2)))]
    goal_count = sum(sum(row) for row in shape)
    dealt = [[] for _ in range(goal_count)]
    for index, indicator in enumerate(indicators):
        dealt[draw(st.integers(0, goal_count - 1)) if index else 0].append(
            indicator.model_copy(update={"weight": draw(weights)}))
    goals = iter(Node(id=f"g{n}", name=f"g{n}", level=2, indicators=tuple(found), rollup=draw(rollups()),
                      weight=draw(weights)) for n, found in enumerate(dealt))
    perspectives = tuple(
        Node(id=f"p{p}", name=f"p{p}", level=0, rollup=draw(rollups()), weight=draw(weights), children=tuple(
            Node(id=f"s{p}{s}", name=f"s{p}{s}", level=1, rollup=draw(rollups()), weight=draw(weights),
                 children=tuple(next(goals) for _ in range(count)))
            for s, count in enumerate(row)))
        for p, row in enumerate(shape))
    return Node(id="styrkort", name="gen", level=-1, children=perspectives, rollup=draw(rollups()))


@st.composite
def scorecards(draw):
    """Scorecards of every target kind, judged in a period of any kind, with values per group and
    unit for the judged period, the period before, the same period a year earlier and 2016's, and
    comparison values of a series `medel` (per key, for every unit, missing, or written as missing)."""
    judged, keys = draw(JUDGED), draw(KEY_SETS)
    periods = sorted({judged, judged.previous(), judged.same_period_last_year(), judged.in_year(2016)})
    drawn = [draw(indicators(f"mått-{n}-ö", periods, keys)) for n in range(draw(st.integers(min_value=1, max_value=25)))]
    dimensions = (Dimension(name="kön", groups=("kvinnor", "män")),) if any(group for group, _ in keys) else ()
    scorecard = Scorecard(name="gen", source="gen.yaml", legend=draw(legends()), dimensions=dimensions,
                          comparison_series=(ComparisonSeries(name="medel", text="liknande kommuner"),),
                          root=draw(trees([indicator for indicator, _ in drawn])))
    measures = Measures(values=tuple(value for _, values in drawn for value in values))
    assume(judged in measures.periods())
    return scorecard, measures, judged


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(scorecards(), st.sampled_from(["sv", "en"]))
def test_durable_and_reference_agree(generated, lang):
    scorecard, measures, judged = generated
    durable = malmotor.evaluate(scorecard, measures, period=judged, lang=lang)
    reference = malmotor.evaluate(scorecard, measures, period=judged, lang=lang, engine="reference")
    assert durable.model_dump(exclude={"engine"}) == reference.model_dump(exclude={"engine"})
    assert len(durable.indicators) >= len(scorecard.indicators()) * max(1, len(measures.org_units()))
    for row in durable.indicators:
        assert row.explanation and row.short_explanation
        assert (row.arrow == scorecard.legend.no_arrow.symbol) == (row.trend is None)
        assert (row.level_reason is not None) == (row.level is Level.NOT_ASSESSED)
        if scorecard.legend.declared and row.level is not Level.NOT_ASSESSED:  # a declared level of its verdict
            declared = scorecard.legend.declared[row.legend_level]
            assert declared.counts_as is row.level and row.symbol == declared.entry.symbol
            assert (row.trend.value if row.trend else "ingen_pil") in declared.trends
            assert row.share is None or declared.takes_share(row.share)
        else:
            assert row.legend_level is None
    for node in durable.nodes:  # the counts add up, and the verdict is one of the method's
        assert node.fulfilled + node.partly + node.not_fulfilled + node.unassessed == len(node.counted)
        assert node.rule.startswith(f"sammanvägning.{node.method}.") or node.level is Level.NOT_ASSESSED


def _one(indicator: Indicator, now: str, before: str | None):
    scorecard = Scorecard(name="x", source="x", legend=DEFAULT_LEGEND,
                          root=_root(Node(id="g", name="g", level=2, indicators=(indicator,))))
    values = [MeasuredValue(indicator=indicator.id, period=2018, text=now, file="m")]
    if before is not None:
        values.append(MeasuredValue(indicator=indicator.id, period=2017, text=before, file="m"))
    inputs, _ = gather_inputs(scorecard, Measures(values=tuple(values)), 2018)
    return decide(indicator, inputs[Key(indicator=indicator.id)], scorecard.status_scale_for(indicator))


LEVEL_ORDER = {"uppfyllelse.gräns.ej": 0, "uppfyllelse.gräns.delvis": 1, "uppfyllelse.gräns.uppfyllt": 2}


@given(polarities, amounts, amounts, amounts)
def test_threshold_levels_are_monotone_in_the_polarity(polarity, bound, a, b):
    partial = PartialBound(text="g", bound=bound - 5 if polarity.sign > 0 else bound + 5)
    indicator = Indicator(id="i", name="i", polarity=polarity, partial=partial,
                          target=ThresholdTarget(phrase="t", bound=bound))
    better, worse = (max(a, b), min(a, b)) if polarity.sign > 0 else (min(a, b), max(a, b))
    assert LEVEL_ORDER[_one(indicator, format_number(better), None)[0]] >= \
        LEVEL_ORDER[_one(indicator, format_number(worse), None)[0]]


@given(polarities, amounts, amounts, st.sampled_from([Decimal(0), Decimal(1)]))
def test_trend_swaps_and_flips(polarity, now, before, band):
    def trend(p, a, b):
        indicator = Indicator(id="i", name="i", polarity=p, target=UnchangedTarget(phrase="o"),
                              trend=TrendSettings(unchanged_within=band))
        return _one(indicator, format_number(a), format_number(b))[1]

    flipped = {"utveckling.förbättring": "utveckling.försämring", "utveckling.försämring": "utveckling.förbättring",
               "utveckling.oförändrat": "utveckling.oförändrat"}
    other = Polarity.LOWER_IS_BETTER if polarity is Polarity.HIGHER_IS_BETTER else Polarity.HIGHER_IS_BETTER
    assert trend(polarity, before, now) == flipped[trend(polarity, now, before)]
    assert trend(other, now, before) == flipped[trend(polarity, now, before)]
    if abs(now - before) <= band:
        assert trend(polarity, now, before) == "utveckling.oförändrat"


def test_the_cases_reach_every_rule_of_the_rulebook(results):
    from malmotor.decide.rulebook import RULES

    fired = {row.fulfilment_rule for row in results[0].values()} | {row.trend_rule for row in results[0].values()}
    assert fired == {rule.name for rule in RULES}


@pytest.mark.parametrize("unit, decimals, before, now, expected", [
    ("%", 0, "83 %", "83,4 %", "83,4 % har ökat från 83,0 % 2017 (uppfyllt)"),
    ("mnkr", 1, "0,40 mnkr", "0,44 mnkr", "0,44 mnkr har ökat från 0,40 mnkr 2017 (uppfyllt)"),
])
def test_rounding_for_display_never_makes_a_sentence_contradict_its_verdict(write, unit, decimals, before, now,
                                                                           expected):
    rules = write("r.yaml", rule_file(f"- id: x\n  namn: X\n  enhet: '{unit}'\n  mål: Öka\n  decimaler: {decimals}\n"))
    measures = write("m.yaml", f"period: 2017\nvärden:\n  x: {before}\n")
    current = write("n.yaml", f"period: 2018\nvärden:\n  x: {now}\n")
    row = malmotor.evaluate(malmotor.load_scorecard(rules), malmotor.load_measures([measures, current])).indicators[0]
    assert expected in row.explanation
    assert "Förbättring." in row.explanation or "Förbättring;" in row.explanation


def test_a_range_refuses_a_riktning_and_a_partial_range_that_does_not_contain_it(write):
    from malmotor.diagnostics import RuleFileError

    for keys, message in (("riktning: högre är bättre\n  mål: 95–105 %", "kan inte anges"),
                          ("mål: 95–105 %\n  delvis: 96–110 %", "måste omsluta målet"),
                          ("mål: 105–95 %", "undre gränsen måste vara lägre")):
        rules = write("r.yaml", rule_file(f"- id: x\n  namn: X\n  enhet: '%'\n  {keys}\n"))
        with pytest.raises(RuleFileError) as caught:
            malmotor.load_scorecard(rules)
        assert message in str(caught.value.diagnostics if hasattr(caught.value, "diagnostics") else caught.value) \
            or message in repr(caught.value.__dict__), keys
