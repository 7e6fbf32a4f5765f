"""The generic rules, as data in durable-rules' JSON grammar, and the verdict each one gives.

There is no rule per indicator: every indicator becomes one fact that carries its own
parameters (target, band, comparison), and these 42 rules decide for all of them. That keeps
the ruleset far below durable's 512-sibling hang whatever the size of the scorecard. Every
attribute a condition reads is a `facts.Fact` name, present in every fact, so no condition ever
meets a missing attribute, and there is no arithmetic in conditions.

Rules are exhaustive per aspect: every fact fires exactly one `uppfyllelse` rule and exactly
one `utveckling` rule. `evaluate.decide_with_durable` checks that at run time; the property
tests check it for generated scorecards.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..model import RELATIVE_KINDS, Level, Reason, Trend
from .facts import Fact

FULFILMENT = "uppfyllelse"
TREND = "utveckling"


@dataclass(frozen=True)
class Rule:
    name: str
    aspect: str
    outcome: Level | Trend | None  # None: no arrow
    reason: Reason | None
    condition: dict
    description: str  # for docs and for people reading a trace


def _m(attribute: str) -> dict:
    return {"$m": attribute}


def _when(*conditions: dict) -> list[dict]:
    return [{"m": {"$and": list(conditions)}}]


MEASURED = {Fact.STATE: "mätt"}
VALUE_MEASURED = {Fact.JUDGED_STATE: "mätt"}  # what the level is judged on: the value, or every value averaged
MANUAL_KIND = "manuell"  # a target people judge: its reason is that, whatever the value's state
JUDGED = {"$neq": {Fact.KIND: MANUAL_KIND}}
ON_THRESHOLD = ({"$gte": {Fact.PAST_TARGET: 0}}, {"$lte": {Fact.PAST_TARGET: 0}})  # margin exactly 0
COMPARISON_KIND = "jämförelse"  # `minst medel`: a threshold that is a comparison value in the measures
RANGE_KIND = "intervall"  # `95–105 %`: closer is better
COMPARED = ({Fact.KIND: COMPARISON_KIND}, {Fact.HAS_TARGET_BASE: True})  # and the series' value exists


def _fulfilment_rules() -> list[Rule]:
    rules = [
        Rule("uppfyllelse.saknar_värde", FULFILMENT, Level.NOT_ASSESSED, Reason.NO_VALUE,
             _when({Fact.JUDGED_STATE: "saknas"}, JUDGED), "Värde saknas för perioden."),
        Rule("uppfyllelse.kan_inte_mätas", FULFILMENT, Level.NOT_ASSESSED, Reason.NOT_MEASURABLE,
             _when({Fact.JUDGED_STATE: "kan_inte_mätas"}, JUDGED), "Värdet är angivet som 'kan inte mätas'."),
        Rule("uppfyllelse.bedöms_manuellt", FULFILMENT, Level.NOT_ASSESSED, Reason.MANUAL,
             _when({Fact.KIND: MANUAL_KIND}),
             "Målet är fri text som bedöms manuellt: värdet och pilen redovisas, med eller utan värde."),
        Rule("uppfyllelse.nytt_mått", FULFILMENT, Level.NOT_ASSESSED, Reason.NEW_MEASURE,
             _when(VALUE_MEASURED, {Fact.KIND: "nytt_mått"}), "Nytt mått: värdet redovisas men bedöms inte."),
        Rule("uppfyllelse.inget_mål", FULFILMENT, Level.NOT_ASSESSED, Reason.NO_TARGET,
             _when(VALUE_MEASURED, {Fact.KIND: "inget_mål"}), "Inget mål: värdet och pilen redovisas men bedöms inte."),
        Rule("uppfyllelse.gräns.uppfyllt", FULFILMENT, Level.FULFILLED, None,
             _when(VALUE_MEASURED, {Fact.KIND: "gräns"}, {Fact.STRICT: False}, {"$gte": {Fact.PAST_TARGET: 0}}),
             "Värdet når målet."),
        Rule("uppfyllelse.gräns.strikt.uppfyllt", FULFILMENT, Level.FULFILLED, None,
             _when(VALUE_MEASURED, {Fact.KIND: "gräns"}, {Fact.STRICT: True}, {"$gt": {Fact.PAST_TARGET: 0}}),
             "Över/under: värdet är bättre än gränsvärdet."),
        Rule("uppfyllelse.gräns.strikt.på_gränsen.delvis", FULFILMENT, Level.PARTLY, None,
             _when(VALUE_MEASURED, {Fact.KIND: "gräns"}, {Fact.STRICT: True}, *ON_THRESHOLD, {"$gt": {Fact.PAST_PARTIAL: 0}}),
             "Över/under: värdet är lika med gränsvärdet, som inte räcker, men ligger inom gränsen för delvis "
             "uppfyllt."),
        Rule("uppfyllelse.gräns.strikt.på_gränsen.ej", FULFILMENT, Level.NOT_FULFILLED, None,
             _when(VALUE_MEASURED, {Fact.KIND: "gräns"}, {Fact.STRICT: True}, *ON_THRESHOLD,
                   {"$gte": {Fact.PAST_PARTIAL: 0}}, {"$lte": {Fact.PAST_PARTIAL: 0}}),
             "Över/under: värdet är lika med gränsvärdet, som inte räcker, och det finns ingen gräns för delvis "
             "uppfyllt."),
        Rule("uppfyllelse.gräns.delvis", FULFILMENT, Level.PARTLY, None,
             _when(VALUE_MEASURED, {Fact.KIND: "gräns"}, {"$lt": {Fact.PAST_TARGET: 0}},
                   {"$gte": {Fact.PAST_PARTIAL: 0}}),
             "Värdet når inte målet men ligger inom gränsen för delvis uppfyllt."),
        Rule("uppfyllelse.gräns.ej", FULFILMENT, Level.NOT_FULFILLED, None,
             _when(VALUE_MEASURED, {Fact.KIND: "gräns"}, {"$lt": {Fact.PAST_PARTIAL: 0}}),
             "Värdet når varken målet eller gränsen för delvis uppfyllt."),
        # Against a comparison value of a series (`minst medel`, `bättre än medel`), as against a threshold.
        Rule("uppfyllelse.jämförelse.uppfyllt", FULFILMENT, Level.FULFILLED, None,
             _when(VALUE_MEASURED, *COMPARED, {Fact.STRICT: False}, {"$gte": {Fact.PAST_TARGET: 0}}),
             "Minst/högst medel: värdet är lika med jämförelsevärdet eller bättre."),
        Rule("uppfyllelse.jämförelse.strikt.uppfyllt", FULFILMENT, Level.FULFILLED, None,
             _when(VALUE_MEASURED, *COMPARED, {Fact.STRICT: True}, {"$gt": {Fact.PAST_TARGET: 0}}),
             "Bättre än medel: värdet är bättre än jämförelsevärdet."),
        Rule("uppfyllelse.jämförelse.strikt.lika.delvis", FULFILMENT, Level.PARTLY, None,
             _when(VALUE_MEASURED, *COMPARED, {Fact.STRICT: True}, *ON_THRESHOLD, {"$gt": {Fact.PAST_PARTIAL: 0}}),
             "Bättre än medel: värdet är lika med jämförelsevärdet, som inte räcker, men ligger inom gränsen för "
             "delvis uppfyllt."),
        Rule("uppfyllelse.jämförelse.strikt.lika.ej", FULFILMENT, Level.NOT_FULFILLED, None,
             _when(VALUE_MEASURED, *COMPARED, {Fact.STRICT: True}, *ON_THRESHOLD,
                   {"$gte": {Fact.PAST_PARTIAL: 0}}, {"$lte": {Fact.PAST_PARTIAL: 0}}),
             "Bättre än medel: värdet är lika med jämförelsevärdet, som inte räcker, och gränsen för delvis "
             "uppfyllt saknas (eller är jämförelsevärdet självt, 0)."),
        Rule("uppfyllelse.jämförelse.delvis", FULFILMENT, Level.PARTLY, None,
             _when(VALUE_MEASURED, *COMPARED, {"$lt": {Fact.PAST_TARGET: 0}}, {"$gte": {Fact.PAST_PARTIAL: 0}}),
             "Värdet är sämre än jämförelsevärdet men ligger inom gränsen för delvis uppfyllt."),
        Rule("uppfyllelse.jämförelse.ej", FULFILMENT, Level.NOT_FULFILLED, None,
             _when(VALUE_MEASURED, *COMPARED, {"$lt": {Fact.PAST_PARTIAL: 0}}),
             "Värdet är sämre än jämförelsevärdet och ligger utanför gränsen för delvis uppfyllt."),
        Rule("uppfyllelse.jämförelse.saknar_jämförelsevärde", FULFILMENT, Level.NOT_ASSESSED, Reason.NO_COMPARISON,
             _when(VALUE_MEASURED, {Fact.KIND: COMPARISON_KIND}, {Fact.HAS_TARGET_BASE: False}),
             "Jämförelsevärdet (medel, riket …) för perioden saknas."),
        # A range (`95–105 %`): PAST_TARGET is the margin to the nearer bound, ≥ 0 inside; PAST_PARTIAL the same
        # for the `delvis` range (the target's range when there is none).
        Rule("uppfyllelse.intervall.uppfyllt", FULFILMENT, Level.FULFILLED, None,
             _when(VALUE_MEASURED, {Fact.KIND: RANGE_KIND}, {"$gte": {Fact.PAST_TARGET: 0}}),
             "Intervall: värdet ligger inom målintervallet (gränserna inräknade)."),
        Rule("uppfyllelse.intervall.delvis", FULFILMENT, Level.PARTLY, None,
             _when(VALUE_MEASURED, {Fact.KIND: RANGE_KIND}, {"$lt": {Fact.PAST_TARGET: 0}}, {"$gte": {Fact.PAST_PARTIAL: 0}}),
             "Intervall: värdet ligger utanför målintervallet men inom intervallet för delvis uppfyllt."),
        Rule("uppfyllelse.intervall.ej", FULFILMENT, Level.NOT_FULFILLED, None,
             _when(VALUE_MEASURED, {Fact.KIND: RANGE_KIND}, {"$lt": {Fact.PAST_PARTIAL: 0}}),
             "Intervall: värdet ligger utanför målintervallet och utanför intervallet för delvis uppfyllt."),
        Rule("uppfyllelse.förändring.uppfyllt", FULFILMENT, Level.FULFILLED, None,
             _when(VALUE_MEASURED, {Fact.KIND: "förändring"}, {Fact.HAS_TARGET_BASE: True}, {"$gt": {Fact.CHANGE_PAST_BAND: 0}}),
             "Värdet har ändrats åt rätt håll med mer än dödbandet."),
        Rule("uppfyllelse.förändring.ej", FULFILMENT, Level.NOT_FULFILLED, None,
             _when(VALUE_MEASURED, {Fact.KIND: "förändring"}, {Fact.HAS_TARGET_BASE: True}, {"$lte": {Fact.CHANGE_PAST_BAND: 0}}),
             "Värdet har inte ändrats åt rätt håll med mer än dödbandet."),
        Rule("uppfyllelse.ingen_försämring.uppfyllt", FULFILMENT, Level.FULFILLED, None,
             _when(VALUE_MEASURED, {Fact.KIND: "ingen_försämring"}, {Fact.HAS_TARGET_BASE: True}, {"$gte": {Fact.CHANGE_PAST_WORSE_BAND: 0}}),
             "Värdet är inte sämre än jämförelsevärdet (utöver dödbandet)."),
        Rule("uppfyllelse.ingen_försämring.ej", FULFILMENT, Level.NOT_FULFILLED, None,
             _when(VALUE_MEASURED, {Fact.KIND: "ingen_försämring"}, {Fact.HAS_TARGET_BASE: True}, {"$lt": {Fact.CHANGE_PAST_WORSE_BAND: 0}}),
             "Värdet är sämre än jämförelsevärdet med mer än dödbandet."),
        Rule("uppfyllelse.oförändrat.uppfyllt", FULFILMENT, Level.FULFILLED, None,
             _when(VALUE_MEASURED, {Fact.KIND: "oförändrat"}, {Fact.HAS_TARGET_BASE: True}, {"$lte": {Fact.SIZE_PAST_BAND: 0}}),
             "Värdet ligger inom dödbandet kring jämförelsevärdet."),
        Rule("uppfyllelse.oförändrat.ej", FULFILMENT, Level.NOT_FULFILLED, None,
             _when(VALUE_MEASURED, {Fact.KIND: "oförändrat"}, {Fact.HAS_TARGET_BASE: True}, {"$gt": {Fact.SIZE_PAST_BAND: 0}}),
             "Värdet ligger utanför dödbandet kring jämförelsevärdet."),
        Rule("uppfyllelse.milstolpe.uppfyllt", FULFILMENT, Level.FULFILLED, None,
             _when(VALUE_MEASURED, {Fact.KIND: "milstolpe"}, {"$gte": {Fact.PARTS_MET: _m(Fact.PARTS)}}),
             "Alla delar har nått den status målet kräver."),
        Rule("uppfyllelse.milstolpe.delvis", FULFILMENT, Level.PARTLY, None,
             _when(VALUE_MEASURED, {Fact.KIND: "milstolpe"}, {"$lt": {Fact.PARTS_MET: _m(Fact.PARTS)}}, {"$gte": {Fact.PARTS_UNDER_WAY: 1}}),
             "Minst en del har nått gränsen för delvis uppfyllt, men inte alla delar har nått målet."),
        Rule("uppfyllelse.milstolpe.ej", FULFILMENT, Level.NOT_FULFILLED, None,
             _when(VALUE_MEASURED, {Fact.KIND: "milstolpe"}, {"$lt": {Fact.PARTS_MET: _m(Fact.PARTS)}}, {"$lt": {Fact.PARTS_UNDER_WAY: 1}}),
             "Ingen del har nått gränsen för delvis uppfyllt."),
    ]
    for kind in RELATIVE_KINDS:
        rules.append(Rule(f"uppfyllelse.{kind}.saknar_jämförelsevärde", FULFILMENT, Level.NOT_ASSESSED,
                          Reason.NO_COMPARISON, _when(VALUE_MEASURED, {Fact.KIND: kind}, {Fact.HAS_TARGET_BASE: False}),
                          "Jämförelsevärdet som målet kräver saknas."))
    return rules


def _trend_rules() -> list[Rule]:
    on, directed, raw = {Fact.HAS_ARROW: True}, {Fact.HAS_DIRECTION: True}, {Fact.HAS_DIRECTION: False}
    return [
        Rule("utveckling.saknar_värde", TREND, None, Reason.NO_VALUE, _when({Fact.STATE: "saknas"}),
             "Ingen pil: värde saknas för perioden."),
        Rule("utveckling.kan_inte_mätas", TREND, None, Reason.NOT_MEASURABLE, _when({Fact.STATE: "kan_inte_mätas"}),
             "Ingen pil: värdet kan inte mätas."),
        Rule("utveckling.nytt_mått", TREND, None, Reason.NEW_MEASURE, _when(MEASURED, {Fact.HAS_ARROW: False}),
             "Ingen pil: nytt mått."),
        Rule("utveckling.saknar_jämförelsevärde", TREND, None, Reason.NO_COMPARISON,
             _when(MEASURED, on, {Fact.HAS_TREND_BASE: False}), "Ingen pil: jämförelsevärde saknas."),
        Rule("utveckling.förbättring", TREND, Trend.IMPROVED, None,
             _when(MEASURED, on, directed, {Fact.HAS_TREND_BASE: True}, {"$gt": {Fact.TREND_PAST_BAND: 0}}),
             "Bättre än jämförelsevärdet med mer än dödbandet."),
        Rule("utveckling.försämring", TREND, Trend.WORSENED, None,
             _when(MEASURED, on, directed, {Fact.HAS_TREND_BASE: True}, {"$lt": {Fact.TREND_PAST_WORSE_BAND: 0}}),
             "Sämre än jämförelsevärdet med mer än dödbandet."),
        Rule("utveckling.oförändrat", TREND, Trend.UNCHANGED, None,
             _when(MEASURED, on, {Fact.HAS_TREND_BASE: True}, {"$lte": {Fact.TREND_PAST_BAND: 0}},
                   {"$gte": {Fact.TREND_PAST_WORSE_BAND: 0}}),
             "Inom dödbandet kring jämförelsevärdet."),
        Rule("utveckling.ökat", TREND, Trend.INCREASED, None,
             _when(MEASURED, on, raw, {Fact.HAS_TREND_BASE: True}, {"$gt": {Fact.TREND_PAST_BAND: 0}}),
             "Högre än jämförelsevärdet med mer än dödbandet; utan mål och riktning varken bättre eller sämre."),
        Rule("utveckling.minskat", TREND, Trend.DECREASED, None,
             _when(MEASURED, on, raw, {Fact.HAS_TREND_BASE: True}, {"$lt": {Fact.TREND_PAST_WORSE_BAND: 0}}),
             "Lägre än jämförelsevärdet med mer än dödbandet; utan mål och riktning varken bättre eller sämre."),
    ]


RULES: tuple[Rule, ...] = tuple(_fulfilment_rules() + _trend_rules())
RULES_BY_NAME: dict[str, Rule] = {rule.name: rule for rule in RULES}


def ruleset_definition() -> dict:
    """The ruleset in durable-rules' JSON grammar (no actions: the engine module adds them)."""
    return {rule.name: {"all": rule.condition} for rule in RULES}
