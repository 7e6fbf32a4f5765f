"""`malmotor diff OLD NEW MEASURES...`: what a rule edit changes, for the same measures (compare.py)."""

from __future__ import annotations

import sys

import click

from ..compare import diff
from ..decide.assess import assess
from ..diagnostics import ExitCode
from ..load.rulefile import load_scorecard
from ..load.values import load_checked_measures
from ..model.period import Period
from ..report.diff import DIFF_FORMATS, render_diff
from .bilingual import BilingualCommand, English, language_option, pick
from .main import PeriodType, print_text, stopped_yet

DIFF_EN = English(
    short_help="Show which verdicts a change in the rule file changes.",
    help="""Show what a change in the rule file leads to: every row (indicator, group, unit) and every
    rolled-up node whose fulfilment or arrow differs between OLD_RULES and NEW_RULES, with the
    same measures, and both explanations. A difference is a result: the exit code is 0.

    \b
    Examples:
      malmotor diff rules/old.yaml rules/new.yaml measures/2023.yaml measures/2024.yaml
      malmotor diff old.yaml new.yaml measures/*.csv --format markdown > changes.md
    """,
    options={
        "period": "The period to evaluate. Default: the latest in the measures.",
        "fmt": "Output format; markdown for a pull request or a decision memo.",
        "lang": "Language of the explanations and the messages.",
    },
    metavars={"old": "OLD_RULES", "new": "NEW_RULES", "measures": "MEASURES..."},
)


@click.command("diff", cls=BilingualCommand, english=DIFF_EN, options_metavar="[FLAGGOR]",
               short_help="Visa vilka bedömningar en ändring i regelfilen ändrar.")
@click.argument("old", metavar="GAMMAL_REGELFIL")
@click.argument("new", metavar="NY_REGELFIL")
@click.argument("measures", nargs=-1, metavar="MÄTVÄRDESFIL...")
@click.option("--period", type=PeriodType(), help="Perioden som bedöms. Standard: den senaste i mätvärdena.")
@click.option("--format", "fmt", type=click.Choice(DIFF_FORMATS), default="text", show_default=True,
              help="Utdataformat; markdown för en pull request eller en beslutspromemoria.")
@language_option("Språk för förklaringarna och meddelandena.")
def diff_command(old: str, new: str, measures: tuple[str, ...], period: Period | None, fmt: str, lang: str) -> None:
    """Visa vad en ändring i regelfilen får för följd: varje rad (indikator, grupp, enhet) och varje
    sammanvägd nod vars måluppfyllelse eller pil skiljer sig mellan GAMMAL_REGELFIL och NY_REGELFIL, med
    samma mätvärden, och båda förklaringarna. En skillnad är ett resultat: koden är 0.

    \b
    Exempel:
      malmotor diff rules/styrkort-gammal.yaml rules/styrkort.yaml measures/2023.yaml measures/2024.yaml
      malmotor diff gammal.yaml ny.yaml measures/*.csv --format markdown > skillnader.md
    """
    if not measures:
        raise click.UsageError(pick("Ange minst en mätvärdesfil efter de två regelfilerna, t.ex. "
                                    "'malmotor diff gammal.yaml ny.yaml measures/2017.yaml measures/2018.yaml'.",
                                    "Give at least one measures file after the two rule files, e.g. "
                                    "'malmotor diff old.yaml new.yaml measures/2017.yaml measures/2018.yaml'.",
                                    lang))
    sides = []
    for rules in (old, new):
        scorecard = load_scorecard(rules)
        sides.append(assess(scorecard, load_checked_measures(scorecard, measures, period=period), period))
    result = diff(*sides, lang=lang)
    stopped_yet()
    print_text(render_diff(result, fmt))
    sys.exit(ExitCode.OK)
