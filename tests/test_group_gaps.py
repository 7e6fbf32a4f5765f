"""Group rules: gaps between groups (`skillnad`) and `bedöms på: alla grupper`, from YAML to every output.

The cases cross the whole seam (rule file → measures → durable and the reference → result); the
property test holds the two engines to the same verdicts on generated scorecards with gaps; the
errors point at their line; the seed and the documentation show what the code does.
"""

from __future__ import annotations

import csv
import io
import json
import textwrap
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import malmotor
from malmotor.decide.gaps import RULES_BY_NAME as GAP_RULES
from malmotor.model import (CapabilityTarget, GapRule, Group, GroupJudgement, Level, ManualTarget, MilestoneTarget,
                            NewMeasureTarget, NoTarget, Reason)
from malmotor.numbers import NotANumber, parse_quantity
from malmotor.report.render import render

from .conftest import SEED_MEASURES, SEED_RULES, rule_file
from .test_docs import RULE_DOC, the_block, first_column
from .test_semantics import scorecards

U, D, E, N = Level.FULFILLED, Level.PARTLY, Level.NOT_FULFILLED, Level.NOT_ASSESSED
GROUPS = "grupper:\n  kön:\n  verksamhetsområde: [VO Drift, Vård och omsorg]\n"


def _rules(indicators: str) -> str:
    return rule_file(indicators).replace("perspektiv:\n", GROUPS + "perspektiv:\n", 1)


SICK = "enhet: '%'\nriktning: lägre är bättre\nmål: 3 %\n"
# id, indicator keys, values 2018 (None: absent) for kvinnor and män, the gap's level, reason and rule
GAP_CASES = [
    ("inom", SICK + "skillnad mellan kvinnor och män: högst 1 procentenhet", ("3 %", "3,5 %"), U, None, "uppfyllt"),
    ("på-gränsen", SICK + "skillnad mellan kvinnor och män: högst 1 procentenhet", ("2 %", "3 %"), U, None,
     "uppfyllt"),
    ("över", SICK + "skillnad mellan kvinnor och män: högst 1 procentenhet", ("2,07 %", "4,47 %"), E, None, "ej"),
    ("över-omvänt", SICK + "skillnad mellan män och kvinnor: 1 %-enhet", ("4,47 %", "2,07 %"), E, None, "ej"),
    ("noll-lika", SICK + "skillnad mellan kvinnor och män: högst 0", ("3 %", "3,00 %"), U, None, "uppfyllt"),
    ("noll-olika", SICK + "skillnad mellan kvinnor och män: högst 0", ("3 %", "3,01 %"), E, None, "ej"),
    ("utan-enhet", "mål: Öka\nskillnad mellan kvinnor och män: högst 0,2", ("4,39", "4,27"), U, None, "uppfyllt"),
    ("värdeform", SICK + "skillnad: högst 1 procentenhet mellan kvinnor och män", ("2 %", "3,5 %"), E, None, "ej"),
    ("lista", SICK + "skillnad:\n  - max 2 procentenheter mellan K och M", ("2 %", "3,5 %"), U, None, "uppfyllt"),
    ("en-saknas", SICK + "skillnad mellan kvinnor och män: högst 1", ("2 %", None), N, Reason.NO_VALUE,
     "saknar_värde"),
    ("båda-saknas", SICK + "skillnad mellan kvinnor och män: högst 1", (None, None), N, Reason.NO_VALUE,
     "saknar_värde"),
    ("angivet-saknas", SICK + "skillnad mellan kvinnor och män: högst 1", ("saknas", "2 %"), N, Reason.NO_VALUE,
     "saknar_värde"),
    ("kan-inte-mätas", SICK + "skillnad mellan kvinnor och män: högst 1", ("kan inte mätas", "2 %"), N,
     Reason.NOT_MEASURABLE, "kan_inte_mätas"),
    ("saknas-och-kan-inte", SICK + "skillnad mellan kvinnor och män: högst 1", ("kan inte mätas", "saknas"), N,
     Reason.NO_VALUE, "saknar_värde"),
    # 31 digits: as floats the gap equals the limit; exactly it is 10⁻¹⁵ past it.
    ("precision", "mål: Öka\nskillnad mellan kvinnor och män: högst 99 999 999 999 999,9",
     ("99 999 999 999 999,9", "-0,000000000000001"), E, None, "ej"),
    ("precision-inom", "mål: Öka\nskillnad mellan kvinnor och män: högst 99 999 999 999 999,9",
     ("99 999 999 999 999,9", "0"), U, None, "uppfyllt"),
]
# id, keys, values 2018 for kvinnor, män, VO Drift (None: absent), own level, reason, rule, (fulfilled, partly,
# not fulfilled, unassessed)
GROUP_CASES = [
    ("alla-uppfyllda", SICK + "bedöms på: alla grupper", ("2 %", "3 %", None), U, None, "alla.uppfyllt", (2, 0, 0, 0)),
    ("en-ej", SICK + "bedöms på: alla grupper", ("2 %", "4,47 %", None), E, None, "alla.ej", (1, 0, 1, 0)),
    ("en-delvis", SICK + "delvis: högst 4 %\nbedöms på: alla grupper", ("2 %", "3,5 %", None), D, None, "alla.delvis",
     (1, 1, 0, 0)),
    ("saknas-räknas-inte", SICK + "bedöms på: alla grupper", ("2 %", "saknas", None), U, None, "alla.uppfyllt",
     (1, 0, 0, 1)),
    ("inga-bedömda", SICK + "bedöms på: alla grupper", ("saknas", "kan inte mätas", None), N,
     Reason.NO_ASSESSED_CHILDREN, "inga_bedömda", (0, 0, 0, 2)),
    ("inga-grupper", SICK + "bedöms på: alla grupper", (None, None, None), N, Reason.NO_ASSESSED_CHILDREN,
     "inga_bedömda", (0, 0, 0, 0)),
    ("alla-grupperingar", SICK + "bedöms på: alla grupper", ("2 %", "2 %", "5,2 %"), E, None, "alla.ej", (2, 0, 1, 0)),
    ("bara-kön", SICK + "bedöms på: alla grupper i kön", ("2 %", "2 %", "5,2 %"), U, None, "alla.uppfyllt",
     (2, 0, 0, 0)),
    ("totalt", SICK + "bedöms på: totalt", ("2 %", "2 %", None), E, None, None, None),
]


def _measures(period: int) -> str:
    lines = [f"period: {period}", "värden:"]
    for case_id, _, values, *_ in GAP_CASES:
        lines.append(f"  {case_id}:\n    totalt: 3")
        if period == 2018 and any(value is not None for value in values):
            lines.append("    kön:")
            lines += [f"      {group}: {value}" for group, value in zip(("kvinnor", "män"), values) if value]
    for case_id, _, values, *_ in GROUP_CASES:
        lines.append(f"  {case_id}:\n    totalt: 3,8 %")
        if period == 2018 and any(value is not None for value in values[:2]):
            lines.append("    kön:")
            lines += [f"      {group}: {value}" for group, value in zip(("kvinnor", "män"), values) if value]
        if period == 2018 and values[2]:
            lines.append(f"    verksamhetsområde:\n      VO Drift: {values[2]}")
    return "\n".join(lines) + "\n"


@pytest.fixture(scope="module")
def evaluated(tmp_path_factory):
    folder = tmp_path_factory.mktemp("gaps")
    indicators = "\n".join(f"- id: {case_id}\n  namn: Fall {case_id}\n" + textwrap.indent(keys, "  ")
                           for case_id, keys, *_ in GAP_CASES + GROUP_CASES)
    (folder / "rules.yaml").write_text(_rules(indicators), encoding="utf-8")
    for period in (2017, 2018):
        (folder / f"{period}.yaml").write_text(_measures(period), encoding="utf-8")
    scorecard = malmotor.load_scorecard(folder / "rules.yaml")
    measures = malmotor.load_measures([folder / "2017.yaml", folder / "2018.yaml"])
    assessment = malmotor.assess(scorecard, measures, period=2018)
    reference = malmotor.assess(scorecard, measures, period=2018, engine="reference")
    return assessment, reference


@pytest.mark.parametrize("case_id, keys, values, level, reason, rule", GAP_CASES, ids=[c[0] for c in GAP_CASES])
def test_a_gap_is_its_own_verdict_in_both_engines(evaluated, case_id, keys, values, level, reason, rule):
    durable, reference = evaluated
    row = malmotor.present(durable).by_id()[case_id]
    (gap,) = row.gaps
    assert (gap.level, gap.level_reason, gap.rule) == (level, reason, f"skillnad.{rule}"), gap.explanation
    assert row.level is Level.FULFILLED and row.fulfilment_rule == "uppfyllelse.gräns.uppfyllt" or "Öka" in keys
    assert durable.by_key()[malmotor.Key(indicator=case_id)].model_dump() == \
        reference.by_key()[malmotor.Key(indicator=case_id)].model_dump()
    assert (gap.gap is None) == (level is N)


@pytest.mark.parametrize("case_id, keys, values, level, reason, rule, counts", GROUP_CASES,
                         ids=[c[0] for c in GROUP_CASES])
def test_the_own_level_from_every_group(evaluated, case_id, keys, values, level, reason, rule, counts):
    durable, reference = evaluated
    row = malmotor.present(durable).by_id()[case_id]
    assert (row.level, row.level_reason) == (level, reason), row.explanation
    key = malmotor.Key(indicator=case_id)
    assert durable.by_key()[key].model_dump() == reference.by_key()[key].model_dump()
    if rule is None:  # bedöms på: totalt, the default: as before
        assert row.groups is None and row.fulfilment_rule == "uppfyllelse.gräns.ej"
        return
    assert row.fulfilment_rule == f"grupper.{rule}"
    groups = row.groups
    assert (groups.fulfilled, groups.partly, groups.not_fulfilled, groups.unassessed) == counts
    assert groups.total_rule.startswith("uppfyllelse.gräns.") and groups.total_level is not N  # 3,8 % against 3 %


def test_the_cases_reach_every_group_rule(evaluated):
    result = malmotor.present(evaluated[0])
    fired = {gap.rule for row in result.indicators for gap in row.gaps}
    fired |= {row.fulfilment_rule for row in result.indicators if row.groups is not None}
    assert fired == set(GAP_RULES)


@pytest.mark.parametrize("case_id, lang, expected", [
    ("över", "sv", "Fall över: skillnaden mellan män (4,47 %) och kvinnor (2,07 %) är 2,4 procentenheter; högst 1 "
                   "procentenhet tillåts (ej uppfyllt)."),
    ("över", "en", "Fall över: the gap between män (4.47 %) and kvinnor (2.07 %) is 2.4 percentage points; at most "
                   "1 percentage point is allowed (not fulfilled)."),
    ("utan-enhet", "sv", "Fall utan-enhet: skillnaden mellan kvinnor (4,39) och män (4,27) är 0,12; högst 0,2 tillåts "
                         "(uppfyllt)."),
    ("en-saknas", "sv", "Fall en-saknas: skillnaden mellan kvinnor och män kan inte bedömas: värde för män 2018 saknas "
                        "i mätvärdena (ej bedömt)."),
    ("båda-saknas", "en", "Fall båda-saknas: the gap between kvinnor and män cannot be assessed: no values for kvinnor "
                          "and män for 2018 in the measures (not assessed)."),
    ("kan-inte-mätas", "sv", "Fall kan-inte-mätas: skillnaden mellan kvinnor och män kan inte bedömas: värdet för "
                             "kvinnor 2018 kan inte mätas, enligt mätvärdena (ej bedömt)."),
])
def test_a_gap_explains_itself(evaluated, case_id, lang, expected):
    (gap,) = malmotor.present(evaluated[0], lang).by_id()[case_id].gaps
    assert gap.explanation == expected


@pytest.mark.parametrize("case_id, lang, fragment", [
    ("en-ej", "sv", "Fall en-ej: bedöms på alla grupper: kvinnor 2 % uppfyllt, män 4,47 % ej uppfyllt; totalt 3,8 % "
                    "(ej uppfyllt)."),
    ("saknas-räknas-inte", "sv", "kvinnor 2 % uppfyllt, män saknas (ej bedömt, räknas inte); totalt 3,8 % (uppfyllt)."),
    ("bara-kön", "en", "Fall bara-kön: judged on every group in kön: kvinnor 2 % fulfilled, män 2 % fulfilled; in all 3.8 % "
                       "(fulfilled)."),
    ("inga-grupper", "sv", "Fall inga-grupper: bedöms på alla grupper, men ingen grupp har värden; totalt 3,8 % (ej bedömt)."),
])
def test_a_level_from_every_group_names_the_groups(evaluated, case_id, lang, fragment):
    row = malmotor.present(evaluated[0], lang).by_id()[case_id]
    assert fragment in row.explanation


def test_the_gap_and_the_groups_read_back_from_json(evaluated):
    assessment = evaluated[0]
    assert malmotor.Assessment.from_json(assessment.to_json()) == assessment
    document = json.loads(malmotor.present(assessment).to_json())
    row = next(row for row in document["indicators"] if row["id"] == "över" and row["group"] is None)
    assert row["gaps"][0]["gap"] == 2.4 and row["gaps"][0]["rule"] == "skillnad.ej"
    assert all(row["gaps"] == [] for row in document["indicators"] if row["group"] is not None)


def test_every_unit_has_its_own_gap(write):
    rules = write("r.yaml", _rules("- id: s\n  namn: S\n" + textwrap.indent(SICK, "  ") +
                                   "  skillnad mellan kvinnor och män: högst 1\n"))
    measures = write("m.csv", "indikator;period;enhet;grupp;värde\ns;2018;Nord;;3 %\ns;2018;Nord;K;2 %\n"
                              "s;2018;Nord;M;2,5 %\ns;2018;Syd;;3 %\ns;2018;Syd;K;2 %\ns;2018;Syd;M;4 %\n")
    for engine in ("durable", "reference"):
        result = malmotor.evaluate(malmotor.load_scorecard(rules), malmotor.load_measures([measures]), engine=engine)
        levels = {row.org_unit: row.gaps[0].level for row in result.indicators if row.group is None}
        assert levels == {"Nord": U, "Syd": E}


# --- mistakes ----------------------------------------------------------------------------------------

@pytest.mark.parametrize("keys, line, code, fragment", [
    ("skillnad mellan kvinor och män: högst 1", 18, "okänd-grupp", "Menade du 'kvinnor'?"),
    ("skillnad mellan kvinnor och VO Drift: högst 1", 18, "olika-grupperingar", "samma gruppering"),
    ("skillnad mellan män och män: högst 1", 18, "samma-grupp", "med sig själv"),
    ("skillnad mellan kvinnor och män: minst 1", 18, "fel-skillnad", "Skriv t.ex. 'högst 1'"),
    ("skillnad mellan kvinnor och män: högst 1 mnkr", 18, "fel-enhet", "'högst 1 procentenhet'"),
    ("skillnad mellan kvinnor och män: högst -1", 18, "negativt-tal", "kan inte vara negativ"),
    ("skillnad mellan kvinnor och män: högst ett", 18, "inget-tal", "är inget tal"),
    ("skillnad mellan kvinnor och män: högst 1.000", 18, "tvetydigt-tal", "1.000"),
    ("skillnad mellan kvinnor och män:", 18, "fel-skillnad", "ska ha en gräns"),
    ("skillnad mellan kvinnor: högst 1", 18, "fel-skillnad", "två grupper med 'och'"),
    ("skillnad: högst 1 procentenhet kvinnor och män", 18, "fel-skillnad", "känns inte igen"),
    ("skillnad:\n  - högst 1 mellan kvinnor och män\n  - 2 mellan män och kvinnor", 20, "dubbel-skillnad",
     "två gånger"),
    ("bedöms på: några grupper", 18, "okänd-bedömning", "'bedöms på: alla grupper'"),
    ("bedöms på: alla grupper i köön", 18, "okänd-grupp", "Menade du 'kön'?"),
])
def test_a_wrong_group_rule_is_an_error_at_its_line(write, keys, line, code, fragment):
    rules = write("r.yaml", _rules("- id: s\n  namn: S\n" + textwrap.indent(SICK + keys, "  ")))
    with pytest.raises(malmotor.RuleFileError) as caught:
        malmotor.load_scorecard(rules)
    found = [d for d in caught.value.diagnostics if d.code == code]
    assert found, caught.value.render()
    assert found[0].line == line and found[0].file.endswith("r.yaml")
    assert fragment in found[0].message + " " + (found[0].hint or ""), caught.value.render()
    assert found[0].hint


@pytest.mark.parametrize("keys, code", [
    ("mål: Genomförd\nskillnad mellan kvinnor och män: högst 1", "fel-måltyp"),
    ("mål: Nytt mått\nbedöms på: alla grupper", "fel-måltyp"),
    ("mål: Inget mål\nbedöms på: alla grupper", "fel-måltyp"),
])
def test_group_rules_need_a_target_that_fits(write, keys, code):
    rules = write("r.yaml", _rules("- id: s\n  namn: S\n" + textwrap.indent(keys, "  ")))
    with pytest.raises(malmotor.RuleFileError) as caught:
        malmotor.load_scorecard(rules)
    assert [d.code for d in caught.value.diagnostics] == [code] and caught.value.diagnostics[0].line == 16


def test_group_rules_need_groups_in_the_rule_file(write):
    from .conftest import rule_file

    rules = write("r.yaml", rule_file("- id: s\n  namn: S\n  mål: Öka\n  skillnad mellan kvinnor och män: högst 1\n"
                                      "  bedöms på: alla grupper\n"))
    with pytest.raises(malmotor.RuleFileError) as caught:
        malmotor.load_scorecard(rules)
    assert [(d.code, d.line) for d in caught.value.diagnostics] == [("okänd-grupp", 13), ("okänd-grupp", 14)]
    assert "grupper:" in caught.value.diagnostics[0].hint


def test_a_gap_error_is_reported_with_the_indicators_other_errors(write):
    rules = write("r.yaml", _rules("- id: s\n  namn: S\n  mål: 3 %\n  skillnad mellan kvinor och män: högst 1\n"))
    with pytest.raises(malmotor.RuleFileError) as caught:
        malmotor.load_scorecard(rules)
    assert {d.code for d in caught.value.diagnostics} == {"riktning-saknas", "okänd-grupp"}


# --- the seed ----------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def seed():
    scorecard = malmotor.load_scorecard(SEED_RULES)
    measures = malmotor.load_measures(SEED_MEASURES)
    assessment = malmotor.assess(scorecard, measures, period=2018)
    return assessment, malmotor.present(assessment, "sv"), malmotor.present(assessment, "en")


def test_the_seed_judges_the_gaps_the_report_gives(seed):
    assessment, swedish, english = seed
    sick, = swedish.by_id()["sjukfranvaro"].gaps
    assert (sick.level, sick.gap, sick.limit) == (E, Decimal("2.40"), Decimal(1))
    assert sick.explanation == ("Sjukfrånvaro: skillnaden mellan män (4,47 %) och kvinnor (2,07 %) är 2,4 "
                                "procentenheter; högst 1 procentenhet tillåts (ej uppfyllt).")
    customers, = swedish.by_id()["kundnojdhet"].gaps
    assert (customers.level, customers.gap, customers.gap_text) == (U, Decimal("0.12"), "0,12")
    english_sick, = english.by_id()["sjukfranvaro"].gaps
    assert english_sick.short_explanation.startswith("The gap between män (4.47 %) and kvinnor (2.07 %) is 2.4 "
                                                     "percentage points")
    assert malmotor.assess(assessment.scorecard, malmotor.load_measures(SEED_MEASURES), period=2018,
                           engine="reference").verdicts == assessment.verdicts
    # the gaps are verdicts of their own: the indicators' levels and the summary stay as they were
    assert swedish.by_id()["sjukfranvaro"].level is E and swedish.by_id()["kundnojdhet"].level is U
    assert sum(swedish.summary.values()) == 22


@pytest.mark.parametrize("fmt", ["table", "markdown"])
def test_the_seed_shows_its_gaps_in_the_table_and_markdown(seed, fmt):
    text = render(seed[1], fmt)
    assert text.count("↳ skillnad kvinnor–män") == 2
    if fmt == "markdown":
        assert "högst 1 procentenhet tillåts (ej uppfyllt)" in text
    english = render(seed[2], fmt)
    assert english.count("↳ gap kvinnor–män") == 2


def test_the_seed_has_a_csv_row_per_gap(seed):
    for result, separator, kind, expected in ((seed[1], ";", "radtyp", "skillnad"), (seed[2], ",", "row kind", "gap")):
        rows = list(csv.reader(io.StringIO(render(result, "csv")), delimiter=separator))
        column = rows[0].index(kind)
        gaps = [row for row in rows[1:] if row[column] == expected]
        assert [(row[0], row[3]) for row in gaps] == [("kundnojdhet", "kvinnor–män"), ("sjukfranvaro", "kvinnor–män")]
        assert all(len(row) == len(rows[0]) for row in rows)
        number = rows[0].index("tal" if separator == ";" else "number")
        assert [row[number] for row in gaps] == (["0,12", "2,4"] if separator == ";" else ["0.12", "2.4"])


# --- the documentation -------------------------------------------------------------------------------

def test_the_group_rule_table_lists_exactly_the_group_rules():
    doc = RULE_DOC.read_text(encoding="utf-8")
    assert sorted(first_column(doc, "Gruppregel")) == sorted(GAP_RULES)


def test_the_documented_gap_explanations_are_the_real_ones(tmp_path):
    doc = RULE_DOC.read_text(encoding="utf-8")
    rules = tmp_path / "styrkort.yaml"
    rules.write_text(the_block(doc, "yaml", "# exempel: skillnad mellan grupper"), encoding="utf-8")
    scorecard = malmotor.load_scorecard(rules)
    assert [len(indicator.gaps) for indicator in scorecard.indicators().values()] == [1, 2]
    explained = the_block(doc, "text", "# förklaringar: skillnad mellan grupper").splitlines()[1:]
    measures = tmp_path / "m.yaml"
    for values, line, lang in (("kvinnor: 2,07 %\n      män: 4,47 %", explained[0], "sv"),
                               ("kvinnor: 2,07 %\n      män: 4,47 %", explained[1], "en"),
                               ("kvinnor: 2,07 %", explained[2], "sv")):
        measures.write_text(f"period: 2019\nvärden:\n  sjukfranvaro:\n    totalt: 3 %\n    kön:\n      {values}\n",
                            encoding="utf-8")
        result = malmotor.evaluate(scorecard, malmotor.load_measures([measures]), lang=lang)
        assert result.by_id()["sjukfranvaro"].gaps[0].explanation == line


def test_the_documented_level_from_every_group_holds(tmp_path):
    doc = RULE_DOC.read_text(encoding="utf-8")
    rules = tmp_path / "styrkort.yaml"
    rules.write_text(the_block(doc, "yaml", "# exempel: bedöms på alla grupper"), encoding="utf-8")
    measures = tmp_path / "m.yaml"
    measures.write_text("period: 2018\nvärden:\n  sjukfranvaro:\n    totalt: 3,8 %\n    kön:\n      kvinnor: 2,07 %\n"
                        "      män: 4,47 %\n", encoding="utf-8")
    row = malmotor.evaluate(malmotor.load_scorecard(rules), malmotor.load_measures([measures])).by_id()["sjukfranvaro"]
    assert row.explanation.startswith("Sjukfrånvaro: bedöms på alla grupper: kvinnor 2,07 % uppfyllt, män 4,47 % ej "
                                      "uppfyllt; totalt 3,8 % (ej uppfyllt).")


# --- generated scorecards: durable and the reference agree ------------------------------------------

JUDGING = (NoTarget, NewMeasureTarget, ManualTarget, MilestoneTarget, CapabilityTarget)  # no `bedöms på` for these
LIMITS = [Decimal(0), Decimal("0.5"), Decimal(2), Decimal("99999999999999.9"), Decimal("0.000000001")]


def _number(text: str) -> Decimal | None:
    try:
        return parse_quantity(text)[0]
    except NotANumber:
        return None


def _rebuilt(node, indicators):
    return node.model_copy(update={"indicators": tuple(indicators.get(i.id, i) for i in node.indicators),
                                   "children": tuple(_rebuilt(child, indicators) for child in node.children)})


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(scorecards(), st.data(), st.sampled_from(["sv", "en"]))
def test_durable_and_reference_agree_on_group_rules(generated, data, lang):
    scorecard, measures, judged = generated
    women, men = Group(dimension="kön", name="kvinnor"), Group(dimension="kön", name="män")
    changed = {}
    for indicator in scorecard.indicators().values():
        update = {}
        if not isinstance(indicator.target, (MilestoneTarget, CapabilityTarget)) and data.draw(st.booleans()):
            values = {value.group: _number(value.text) for value in measures.values
                      if value.indicator == indicator.id and value.period == judged and value.comparison is None
                      and value.group in ("kvinnor", "män")}
            exact = [abs(values["kvinnor"] - values["män"])] if None not in (values.get("kvinnor"), values.get("män")) \
                else []
            limit = data.draw(st.sampled_from(LIMITS + exact * 3))
            pair = data.draw(st.sampled_from([(women, men), (men, women)]))
            update["gaps"] = (GapRule(first=pair[0], second=pair[1], limit=limit, text="högst"),)
        if not isinstance(indicator.target, JUDGING) and data.draw(st.booleans()):
            update["judged_on"] = GroupJudgement(dimension=data.draw(st.sampled_from([None, "kön"])))
        if update:
            changed[indicator.id] = indicator.model_copy(update=update)
    scorecard = scorecard.model_copy(update={"root": _rebuilt(scorecard.root, changed)})
    durable = malmotor.evaluate(scorecard, measures, period=judged, lang=lang)
    reference = malmotor.evaluate(scorecard, measures, period=judged, lang=lang, engine="reference")
    assert durable.model_dump(exclude={"engine"}) == reference.model_dump(exclude={"engine"})
    for row in durable.indicators:
        indicator = scorecard.indicators()[row.id]
        assert len(row.gaps) == (len(indicator.gaps) if row.group is None else 0)
        for gap in row.gaps:
            assert (gap.level is N) == (gap.gap is None) and gap.explanation
        assert (row.groups is not None) == (row.group is None and indicator.judged_on is not None)
