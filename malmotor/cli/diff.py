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
from .main import PeriodType, print_text, stopped_yet


@click.command("diff", options_metavar="[FLAGGOR]",
               short_help="Visa vilka bedömningar en ändring i regelfilen ändrar.")
@click.argument("old", metavar="GAMMAL_REGELFIL")
@click.argument("new", metavar="NY_REGELFIL")
@click.argument("measures", nargs=-1, metavar="MÄTVÄRDESFIL...")
@click.option("--period", type=PeriodType(), help="Perioden som bedöms. Standard: den senaste i mätvärdena.")
@click.option("--format", "fmt", type=click.Choice(DIFF_FORMATS), default="text", show_default=True,
              help="Utdataformat; markdown för en pull request eller en beslutspromemoria.")
@click.option("--lang", type=click.Choice(["sv", "en"]), default="sv", show_default=True,
              help="Språk för förklaringarna.")
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
        raise click.UsageError("Ange minst en mätvärdesfil efter de två regelfilerna, t.ex. "
                               "'malmotor diff gammal.yaml ny.yaml measures/2017.yaml measures/2018.yaml'.")
    sides = []
    for rules in (old, new):
        scorecard = load_scorecard(rules)
        sides.append(assess(scorecard, load_checked_measures(scorecard, measures, period=period), period))
    result = diff(*sides, lang=lang)
    stopped_yet()
    print_text(render_diff(result, fmt))
    sys.exit(ExitCode.OK)
