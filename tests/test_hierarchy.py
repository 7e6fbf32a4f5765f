"""The hierarchy of any depth (`hierarki`), node ids, and the roll-up (`sammanvägning`) through both engines:
the documented examples, what is counted, inheritance, weights, units, and every mistake at its line."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import pytest

import malmotor
from malmotor import Level, RuleFileError
from malmotor.report.render import render

from .conftest import RULE_FILE_HEAD, rule_file
from .test_docs import RULE_DOC, the_block

ENGINES = ["durable", "reference"]


def _problems(path) -> list:
    with pytest.raises(RuleFileError) as caught:
        malmotor.load_scorecard(path)
    return caught.value.diagnostics


def _one_problem(path):
    found = _problems(path)
    assert len(found) == 1, "\n".join(problem.render() for problem in found)
    return found[0]


def _evaluate(write, rules: str, values: dict[str, str], engine: str = "durable", period: int = 2019, **options):
    rules_path = write("regler.yaml", rules)
    lines = "".join(f"  {ident}: {value}\n" for ident, value in values.items())
    measures = write("varden.yaml", f"period: {period}\nvärden:\n{lines}")
    return malmotor.evaluate(malmotor.load_scorecard(rules_path), malmotor.load_measures(measures), period=period,
                             engine=engine, **options)


def _nodes(result) -> dict[str, malmotor.NodeResult]:
    return {node.id: node for node in result.nodes if node.org_unit is None}


def _indicator(ident: str, target: str = "minst 80 %", extra: str = "") -> str:
    return f"""
- id: {ident}
  namn: Indikator {ident}
  enhet: "%"
  mål: {target}
{extra}"""


# --- levels --------------------------------------------------------------------------------------

def test_the_documented_goal_areas_example_has_its_own_levels_in_every_format(write):
    rules = the_block(RULE_DOC.read_text(encoding="utf-8"), "yaml", "# exempel: målområden")
    result = _evaluate(write, rules + "sammanvägning: alla\n", {"behorighet": "87 %"}, period=2020)
    assert result.hierarchy == ("målområde", "delmål")
    row = result.by_id()["behorighet"]
    assert [(step.level, step.id, step.name) for step in row.path] == [
        ("målområde", "livslangt-larande", "Livslångt lärande"),
        ("delmål", "fler-elever-klarar-skolan", "Fler elever klarar skolan")]
    assert [(node.level_name, node.level) for node in result.nodes] == [
        ("målområde", Level.FULFILLED), ("delmål", Level.FULFILLED), ("styrkort", Level.FULFILLED)]
    assert result.nodes[-1].short_explanation.startswith("Bedömda målområden: 1 (uppfyllt 1")  # the plural made
    table = render(result, "table")
    assert "| Målområde " in table and "| Delmål " in table and "Perspektiv" not in table
    rows = list(csv.reader(io.StringIO(render(result, "csv")), delimiter=";"))
    assert rows[0][4:7] == ["målområde", "delmål", "indikator"]
    kind = rows[0].index("radtyp")
    assert rows[2][0] == "livslangt-larande" and rows[2][4:6] == ["Livslångt lärande", ""] and rows[2][kind] == "målområde"


def test_levels_declared_as_sections_name_their_list_and_their_english(write):
    rules = """\
        malmotor: 1
        styrkort: Test
        hierarki:
          - {namn: målområde, lista: målområden, engelska: goal area, engelska plural: goal areas}
          - {namn: delmål, engelska: sub-goal}
        sammanvägning: majoritet
        målområden:
          - namn: Lärande
            delmål:
              - namn: Skolan
                indikatorer:
                  - {id: a, namn: A, enhet: "%", mål: minst 80 %}
    """
    result = _evaluate(write, rules, {"a": "90 %"}, lang="en")
    assert result.hierarchy == ("goal area", "sub-goal")
    assert result.nodes[-1].short_explanation.startswith("Assessed goal areas: 1 (fulfilled 1")
    assert _nodes(result)["larande"].short_explanation.startswith("Assessed sub-goal: 1")  # plural defaults


def test_a_scorecard_of_indicators_only(write):
    rules = """\
        malmotor: 1
        styrkort: KKiK 2019
        hierarki: []
        sammanvägning: {metod: andel, uppfyllt: minst 60 %, delvis: 40 %}
        indikatorer:
          - {id: a, namn: A, enhet: "%", mål: minst 80 %}
          - {id: b, namn: B, enhet: dagar, riktning: lägre är bättre, mål: Inget mål}
          - {id: c, namn: C, enhet: "%", mål: minst 50 %}
    """
    result = _evaluate(write, rules, {"a": "85 %", "b": "20 dagar", "c": "40 %"})
    assert result.hierarchy == () and result.by_id()["a"].path == ()
    (root,) = result.nodes
    assert (root.id, root.level, root.fulfilled, root.not_fulfilled) == ("styrkort", Level.PARTLY, 1, 1)
    assert [child.id for child in root.counted] == ["a", "c"]  # b has no target: followed, never counted
    assert next(line for line in render(result, "table").splitlines() if line.startswith("| ")).startswith("| Indikator ")


def test_rule_files_without_hierarchy_or_roll_up_are_read_as_before(write):
    result = _evaluate(write, rule_file(_indicator("a")), {"a": "90 %"})
    assert result.nodes == () and result.hierarchy == ("perspektiv", "strategiskt mål", "mål")
    assert [step.level for step in result.by_id()["a"].path] == ["perspektiv", "strategiskt mål", "mål"]
    assert "Sammanvägning" not in render(result, "table")


@pytest.mark.parametrize("hierarchy, code", [
    ("[mål, mål]", "fel-hierarki"),
    ("[målområde, indikatorer]", "fel-hierarki"),
    ("[{lista: målområden}]", None),
    ("[[a, b]]", "fel-hierarki"),
])
def test_levels_that_cannot_be_told_apart_are_refused(write, hierarchy, code):
    path = write("regler.yaml", f"malmotor: 1\nstyrkort: Test\nhierarki: {hierarchy}\n")
    found = [problem for problem in _problems(path) if problem.line == 3]
    assert found, "no problem at the line of 'hierarki'"
    if code:
        assert found[0].code == code


# --- ids -----------------------------------------------------------------------------------------

TWO_GOALS_ALIKE = """\
malmotor: 1
styrkort: Test
perspektiv:
  - namn: Ekonomi
    strategiska mål:
      - namn: Ekonomi i balans
        mål:
          - namn: Ekonomi i balans
            indikatorer:
              - {id: a, namn: A, enhet: "%", mål: minst 80 %}
          - namn: Ekonomi i balans
            indikatorer:
              - {id: b, namn: B, enhet: "%", mål: minst 80 %}
  - namn: Ärlig Ökning, Åtta öar
    id: eget
    strategiska mål:
      - namn: "A"
        mål:
          - namn: Budget
            indikatorer:
              - {id: c, namn: C, enhet: "%", mål: minst 80 %}
"""


def test_made_ids_are_stable_unique_and_readable(write):
    scorecard = malmotor.load_scorecard(write("regler.yaml", TWO_GOALS_ALIKE))
    ids = [node.id for _, node in scorecard.root.walk()]
    assert ids == ["styrkort", "ekonomi", "ekonomi-i-balans", "ekonomi-i-balans.ekonomi-i-balans",
                   "ekonomi-i-balans-2", "eget", "eget.a", "budget"]  # "a" is an indicator's id
    again = malmotor.load_scorecard(write("igen.yaml", TWO_GOALS_ALIKE))
    assert [node.id for _, node in again.root.walk()] == ids


def test_a_made_id_takes_the_first_words_of_a_long_name_with_a_a_o(write):
    rules = RULE_FILE_HEAD.replace("namn: Medarbetare", "namn: Ärlig Ökning åt Östra Älvsbyn och alla andra")
    scorecard = malmotor.load_scorecard(write("regler.yaml", rules + "              - {id: a, namn: A, mål: Öka}\n"))
    assert scorecard.root.children[0].id == "arlig-okning-at-ostra-alvsbyn-och"


def test_a_made_id_gives_way_to_an_explicit_one(write):
    text = TWO_GOALS_ALIKE.replace("    id: eget\n", "    id: ekonomi\n")
    scorecard = malmotor.load_scorecard(write("regler.yaml", text))
    assert [node.id for node in scorecard.root.children] == ["ekonomi-2", "ekonomi"]


@pytest.mark.parametrize("ident, code", [("c", "dubbelt-id"), ("styrkort", "dubbelt-id"), ("två ord", "ogiltigt-id")])
def test_explicit_ids_are_checked(write, ident, code):
    found = _one_problem(write("regler.yaml", TWO_GOALS_ALIKE.replace("    id: eget\n", f"    id: {ident}\n")))
    assert (found.code, found.line) == (code, 15)


def test_two_nodes_with_the_same_explicit_id_name_the_first_line(write):
    text = TWO_GOALS_ALIKE.replace("  - namn: Ekonomi\n", "  - namn: Ekonomi\n    id: eget\n")
    found = _one_problem(write("regler.yaml", text))
    assert (found.code, found.line) == ("dubbelt-id", 16) and "rad 5" in found.message


# --- roll-up methods -----------------------------------------------------------------------------

def _goal_of(*indicators: str) -> str:
    return rule_file("".join(indicators))


# Five indicators under one goal: values 90 (uppfyllt), 85 (uppfyllt), 75 (delvis), 50 (ej), saknas.
FIVE = "".join(_indicator(ident, extra="  delvis: minst 70 %\n") for ident in "abcde")
FIVE_VALUES = {"a": "90 %", "b": "85 %", "c": "75 %", "d": "50 %", "e": "saknas"}


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("method, level, rule", [
    ("alla", Level.PARTLY, "sammanvägning.alla.delvis"),
    ("majoritet", Level.PARTLY, "sammanvägning.majoritet.delvis"),  # 2 of 4: not more than half
    ("sämsta", Level.NOT_FULFILLED, "sammanvägning.sämsta.ej"),
    ("{metod: andel, uppfyllt: minst 50 %, delvis: minst 25 %}", Level.FULFILLED, "sammanvägning.andel.uppfyllt"),
    ("{metod: andel, uppfyllt: minst 60 %, delvis: minst 75 %}", None, None),
    ("{metod: andel, uppfyllt: 75 %, delvis: 75 %}", Level.FULFILLED, "sammanvägning.andel.uppfyllt"),
    ('{metod: andel, uppfyllt: 76 %, delvis: "75,5 %"}', Level.NOT_FULFILLED, "sammanvägning.andel.ej"),
    ("{metod: viktat, uppfyllt: minst 70 %, delvis: minst 50 %}", Level.PARTLY, "sammanvägning.viktat.delvis"),
])
def test_each_method_on_the_same_children(write, engine, method, level, rule):
    rules = _goal_of(FIVE).replace("styrkort: Test\n", f"styrkort: Test\nsammanvägning: {method}\n")
    if level is None:
        assert _one_problem(write("regler.yaml", rules)).code == "fel-sammanvägning"
        return
    values = dict(FIVE_VALUES, c="90 %") if "75 %, delvis: 75 %" in method else FIVE_VALUES
    goal = [node for node in _evaluate(write, rules, values, engine).nodes if node.depth == 2][0]
    assert (goal.level, goal.rule) == (level, rule)
    assert goal.unassessed == 1 and [child.id for child in goal.counted] == list("abcde")


@pytest.mark.parametrize("engine", ENGINES)
def test_weights_count_in_viktat(write, engine):
    indicators = _indicator("a", extra="  vikt: 3\n") + _indicator("b") + _indicator("c")
    rules = _goal_of(indicators).replace(
        "styrkort: Test\n", "styrkort: Test\nsammanvägning: {metod: viktat, uppfyllt: minst 60 %, delvis: 40 %}\n")
    goal = _nodes(_evaluate(write, rules, {"a": "90 %", "b": "10 %", "c": "10 %"}, engine))["god-arbetsmiljo"]
    assert (goal.level, goal.score) == (Level.FULFILLED, Decimal("60"))
    assert "poäng 60 % (uppfyllt från 60 %, delvis från 40 %) → uppfyllt" in goal.short_explanation
    assert [child.weight for child in goal.counted] == [Decimal(3), Decimal(1), Decimal(1)]


@pytest.mark.parametrize("engine", ENGINES)
def test_a_node_with_nothing_assessed_is_not_assessed_and_says_why(write, engine):
    rules = _goal_of(_indicator("a") + _indicator("b", "Nytt mått")).replace(
        "styrkort: Test\n", "styrkort: Test\nsammanvägning: majoritet\n")
    result = _evaluate(write, rules, {"a": "saknas", "b": "3 %"}, engine)
    for node in result.nodes:
        assert (node.level, node.level_reason, node.rule) == (Level.NOT_ASSESSED, malmotor.Reason.NO_ASSESSED_CHILDREN,
                                                              "sammanvägning.inga_bedömda")
    goal = _nodes(result)["god-arbetsmiljo"]
    assert goal.short_explanation == "Inga bedömda indikatorer; ej bedömda: 2 (ej bedömt)."
    assert result.nodes[-1].short_explanation.startswith("Inga bedömda perspektiv; ej bedömda: 1")


NESTED = """\
malmotor: 1
styrkort: Test
sammanvägning: alla
perspektiv:
  - namn: Ekonomi
    sammanvägning: {metod: majoritet, räkna: indikatorer}
    strategiska mål:
      - namn: Balans
        mål:
          - namn: Budget
            indikatorer:
              - {id: a, namn: A, enhet: "%", mål: minst 80 %}
              - {id: b, namn: B, enhet: "%", mål: minst 80 %}
          - namn: Resultat
            sammanvägning: sämsta
            indikatorer:
              - {id: c, namn: C, enhet: "%", mål: minst 80 %}
  - namn: Medarbetare
    strategiska mål:
      - namn: Arbetsgivare
        mål:
          - namn: Hälsa
            indikatorer:
              - {id: d, namn: D, enhet: "%", mål: minst 80 %}
"""


@pytest.mark.parametrize("engine", ENGINES)
def test_a_node_s_method_holds_beneath_it_unless_a_node_names_its_own(write, engine):
    nodes = _nodes(_evaluate(write, NESTED, {"a": "90 %", "b": "90 %", "c": "10 %", "d": "90 %"}, engine))
    assert {ident: node.method for ident, node in nodes.items()} == {
        "styrkort": "alla", "ekonomi": "majoritet", "balans": "majoritet", "budget": "majoritet",
        "resultat": "sämsta", "medarbetare": "alla", "arbetsgivare": "alla", "halsa": "alla"}
    # Ekonomi counts its three indicators (2 of 3 fulfilled), not its one strategic goal.
    assert [child.id for child in nodes["ekonomi"].counted] == ["a", "b", "c"]
    assert nodes["ekonomi"].level is Level.FULFILLED
    assert nodes["balans"].level is Level.FULFILLED  # räkna: indikatorer holds beneath too
    assert nodes["styrkort"].level is Level.FULFILLED and [c.id for c in nodes["styrkort"].counted] == [
        "ekonomi", "medarbetare"]


@pytest.mark.parametrize("engine", ENGINES)
def test_the_seed_weighs_its_perspectives_by_their_goals_as_the_report_does(engine):
    from .conftest import SEED_MEASURES, SEED_RULES
    scorecard = malmotor.load_scorecard(SEED_RULES)
    nodes = _nodes(malmotor.evaluate(scorecard, malmotor.load_measures(SEED_MEASURES), period=2018, engine=engine))
    # "I perspektivet Verksamhet har division uppnått en majoritet av målen."
    assert (nodes["verksamhet"].level, nodes["verksamhet"].fulfilled, len(nodes["verksamhet"].counted)) == (
        Level.FULFILLED, 4, 7)
    assert {child.id for child in nodes["verksamhet"].counted} <= {node.id for _, node in scorecard.root.walk()}
    # Ekonomi: both goals met.
    assert (nodes["ekonomi"].level, nodes["ekonomi"].fulfilled, nodes["ekonomi"].not_fulfilled) == (
        Level.FULFILLED, 2, 0)
    assert nodes["ekonomi"].short_explanation == ("Bedömda mål: 2 (uppfyllt 2, delvis uppfyllt 0, ej uppfyllt 0). "
                                                  "Metod: majoritet → uppfyllt.")
    # "Länsteknik uppnår/på väg att uppnå de flesta av divisionsmålen": the scorecard as a whole, by its goals.
    root = nodes["styrkort"]
    assert (root.level, root.fulfilled, root.partly, root.not_fulfilled, root.unassessed) == (
        Level.PARTLY, 9, 3, 8, 2)


# --- units ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("engine", ENGINES)
def test_every_unit_is_weighed_on_its_own(write, engine):
    rules = _goal_of(_indicator("a") + _indicator("b")).replace(
        "styrkort: Test\n", "styrkort: Test\nsammanvägning: alla\nenheter: [Nord, Syd]\n")
    rules_path = write("regler.yaml", rules)
    measures = write("varden.csv", "indikator;enhet;period;värde\na;Nord;2019;90 %\nb;Nord;2019;90 %\n"
                                   "a;Syd;2019;90 %\nb;Syd;2019;10 %\n")
    result = malmotor.evaluate(malmotor.load_scorecard(rules_path), malmotor.load_measures(measures), period=2019,
                               engine=engine)
    roots = {node.org_unit: node.level for node in result.nodes if node.depth < 0}
    assert roots == {"Nord": Level.FULFILLED, "Syd": Level.PARTLY}
    assert render(result, "table").count("Sammanvägning") == 2


# --- mistakes ------------------------------------------------------------------------------------

@pytest.mark.parametrize("written, code, fragment", [
    ("majoritett", "okänd-sammanvägning", "Menade du 'majoritet'?"),
    ("{metod: andel}", "fel-sammanvägning", "behöver gränserna 'uppfyllt' och 'delvis'"),
    ("{metod: andel, uppfyllt: 50 %, delvis: 75 %}", "fel-sammanvägning", "ligger över gränsen för 'uppfyllt'"),
    ("{metod: majoritet, uppfyllt: 50 %}", "fel-sammanvägning", "har inga gränser"),
    ("{metod: andel, uppfyllt: hälften, delvis: 25 %}", "fel-sammanvägning", "ska vara en andel"),
    ("{metod: andel, uppfyllt: 150 %, delvis: 25 %}", "fel-sammanvägning", "ska vara en andel"),
    ("{metod: majoritet, räkna: delmål}", "fel-sammanvägning", "är ingen nivå i hierarkin"),
    ("{metod: majoritet, räkan: mål}", None, "räkna"),
])
def test_a_wrong_roll_up_is_refused_at_its_line(write, written, code, fragment):
    rules = _goal_of(_indicator("a")).replace("styrkort: Test\n", f"styrkort: Test\nsammanvägning: {written}\n")
    found = _one_problem(write("regler.yaml", rules))
    assert found.line == 3
    assert fragment in found.message + " " + (found.hint or "")
    if code:
        assert found.code == code


@pytest.mark.parametrize("weight", ["0", "-1", "tung"])
def test_a_weight_must_be_a_positive_number(write, weight):
    found = _one_problem(write("regler.yaml", _goal_of(_indicator("a", extra=f"  vikt: {weight}\n"))))
    assert (found.code, found.line) == ("fel-vikt", 14)


def test_a_roll_up_in_english(write):
    rules = _goal_of(FIVE).replace("styrkort: Test\n", "styrkort: Test\nsammanvägning: majoritet\n")
    goal = [node for node in _evaluate(write, rules, FIVE_VALUES, lang="en").nodes if node.depth == 2][0]
    assert goal.short_explanation == ("Assessed indicators: 4 (fulfilled 2, partly fulfilled 1, not fulfilled 1); "
                                      "not assessed, not counted: 1. Method: majority → partly fulfilled.")
