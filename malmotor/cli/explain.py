"""`malmotor explain ID`: the full trace of one row's verdict, as text or JSON (explain/trace.py)."""

from __future__ import annotations

import sys

import click

from ..decide.assess import assess
from ..diagnostics import ExitCode
from ..explain.trace import trace
from ..explain.trace_text import render_trace
from ..load.assessments import load_assessments
from ..load.examples import example_assessments_paths, example_measures_paths, example_rules_path
from ..load.rulefile import load_scorecard
from ..load.values import load_checked_measures
from ..model.period import Period
from .bilingual import BilingualCommand, English, language_option, pick
from .main import PeriodType, print_text, stopped_yet

EXPLAIN_EN = English(
    short_help="Explain one row's verdict: the target, the values and the rules.",
    help="""Show the whole way to an indicator's verdict: the target as it was read, the values with file and
    line, the rule that decided and why the other levels did not apply, the arrow and the roll-up.

    ID is the indicator's id in RULES. Without RULES the bundled example ('Länsteknik 2018') is explained.

    \b
    Examples:
      malmotor explain internkommunikation
      malmotor explain sjukfranvaro rules/styrkort.yaml measures/2023.yaml measures/2024.yaml --group kvinnor
    """,
    options={
        "group": "A group's row instead of the indicator's own: 'kvinnor' or 'kön: kvinnor'.",
        "org_unit": "The unit's row, when the measures name units.",
        "period": "The period to evaluate. Default: the latest in the measures.",
        "fmt": "Output format.",
        "lang": "Language of the sentences and the messages.",
        "assessments": "Assessments file (docs/assessments-format.md): a person's decision is shown beside the "
                       "computed verdict.",
    },
    metavars={"indicator": "ID", "rules": "[RULES]", "measures": "[MEASURES]...", "group": "GROUP",
              "org_unit": "NAME", "assessments": "FILE"},
)


@click.command("explain", cls=BilingualCommand, english=EXPLAIN_EN, options_metavar="[FLAGGOR]",
               short_help="Förklara en rads bedömning: målet, värdena och reglerna.")
@click.argument("indicator", metavar="ID")
@click.argument("rules", required=False, metavar="[REGELFIL]")
@click.argument("measures", nargs=-1, metavar="[MÄTVÄRDESFIL]...")
@click.option("--group", "--grupp", "group", metavar="GRUPP",
              help="En grupps rad i stället för indikatorns egen: 'kvinnor' eller 'kön: kvinnor'.")
@click.option("--enhet", "org_unit", metavar="NAMN", help="Enhetens rad, när mätvärdena anger enheter.")
@click.option("--period", type=PeriodType(), help="Perioden som bedöms. Standard: den senaste i mätvärdena.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="Utdataformat.")
@language_option("Språk för meningarna och meddelandena.")
@click.option("--bedömningar", "--bedomningar", "assessments", metavar="FIL", multiple=True,
              help="Bedömningsfil (docs/assessments-format.md): en persons beslut visas bredvid det beräknade.")
def explain_command(indicator: str, rules: str | None, measures: tuple[str, ...], group: str | None,
                    org_unit: str | None, period: Period | None, fmt: str, lang: str,
                    assessments: tuple[str, ...]) -> None:
    """Visa hela vägen till en indikators bedömning: målet som det tolkats, värdena med fil och rad,
    regeln som avgjorde och varför de andra nivåerna inte gällde, pilen och sammanvägningen.

    ID är indikatorns id i REGELFIL. Utan REGELFIL förklaras det medföljande exemplet (Länsteknik 2018).

    \b
    Exempel:
      malmotor explain internkommunikation
      malmotor explain sjukfranvaro rules/styrkort.yaml measures/2023.yaml measures/2024.yaml --group kvinnor
    """
    if rules is None:
        rules, measures = str(example_rules_path()), tuple(map(str, example_measures_paths()))
        assessments = assessments or tuple(map(str, example_assessments_paths()))
    elif not measures:
        raise click.UsageError(pick("Ange minst en mätvärdesfil efter regelfilen, t.ex. "
                                    "'malmotor explain sjukfranvaro rules/styrkort.yaml measures/2017.yaml "
                                    "measures/2018.yaml'.",
                                    "Give at least one measures file after the rule file, e.g. "
                                    "'malmotor explain sjukfranvaro rules/styrkort.yaml measures/2017.yaml "
                                    "measures/2018.yaml'.", lang))
    scorecard = load_scorecard(rules)
    values = load_checked_measures(scorecard, measures, period=period)
    decisions = load_assessments(assessments, scorecard) if assessments else None
    assessment = assess(scorecard, values, period, org_unit=org_unit, assessments=decisions)
    found = trace(assessment, indicator, group=group, org_unit=org_unit, lang=lang)
    stopped_yet()
    print_text(found.to_json() if fmt == "json" else render_trace(found))
    sys.exit(ExitCode.OK)
