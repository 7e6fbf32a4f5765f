"""The command line: parse arguments, call the library, print or write the result.

Only malmotor's own errors are caught and shown as file:line messages; anything else is a bug
and keeps its traceback.
"""

from __future__ import annotations

import os
import sys

import click

from .. import __version__
from ..diagnostics import ExitCode, MalmotorError
from ..pipeline import evaluate
from ..load.examples import example_measures_paths, example_rules_path
from ..decide.inputs import read_checked_measures
from ..report.output import write_atomically
from ..report.render import FORMATS, render
from ..load.rulefile import load_scorecard


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="malmotor")
def main() -> None:
    """malmotor: måluppfyllelse och utvecklingspilar för styrkort."""


@main.command("evaluate")
@click.argument("rules", required=False, type=click.Path(dir_okay=False))
@click.argument("measures", nargs=-1, type=click.Path(dir_okay=False))
@click.option("--period", type=int, help="Perioden (året) som bedöms. Standard: den senaste i mätvärdena.")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True,
              help="Utdataformat.")
@click.option("--lang", type=click.Choice(["sv", "en"]), default="sv", show_default=True,
              help="Språk för förklaringar och rubriker.")
@click.option("--output", "-o", type=click.Path(dir_okay=False), help="Skriv till fil i stället för skärmen.")
def evaluate_command(rules: str | None, measures: tuple[str, ...], period: int | None, fmt: str, lang: str,
                     output: str | None) -> None:
    """Bedöm varje indikator i RULES med mätvärdena i MEASURES.

    RULES är regelfilen (YAML, docs/rule-format.md). MEASURES är en eller flera
    mätvärdesfiler (YAML eller CSV, docs/measures-format.md); ge med året före
    perioden, så att utvecklingspilar och mål som Öka kan bedömas. Utan argument
    bedöms det medföljande exemplet (Länsteknik 2018).

    \b
    Exempel:
      malmotor evaluate rules/styrkort.yaml measures/2023.yaml measures/2024.yaml
      malmotor evaluate rules/styrkort.yaml measures/*.csv --period 2024 --format csv -o resultat.csv
    """
    if rules is None:
        rules, measures = str(example_rules_path()), tuple(map(str, example_measures_paths()))
    elif not measures:
        raise click.UsageError("Ange minst en mätvärdesfil efter regelfilen, t.ex. "
                               "'malmotor evaluate rules/styrkort.yaml measures/2017.yaml measures/2018.yaml'.")
    try:
        scorecard = load_scorecard(rules)
        values = read_checked_measures(scorecard, measures)
        result = evaluate(scorecard, values, period, lang=lang)
        for warning in result.warnings:
            click.echo(warning.render(), err=True)
        text = render(result, scorecard.legend, fmt)
        if output:
            # Excel takes a CSV file for UTF-8 only when it starts with a byte-order mark.
            write_atomically(output, "\ufeff" + text if fmt == "csv" else text)
        else:
            _print(text)
    except MalmotorError as exc:
        click.echo(exc.render(), err=True)
        sys.exit(exc.exit_code)
    sys.exit(ExitCode.OK)


def _print(text: str) -> None:
    """Standard output may be a closed pipe (`| head`) or a full disk: say so, without a traceback."""
    try:
        click.echo(text, nl=False)
        sys.stdout.flush()
    except BrokenPipeError:
        # The reader has gone (`| head`): nothing more to say; keep Python from complaining at exit.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(ExitCode.OK)
    except OSError as exc:
        click.echo(f"malmotor: fel: Resultatet kan inte skrivas till standard ut ({exc.strerror}).", err=True)
        sys.exit(ExitCode.INPUT_ERROR)
