"""`malmotor check`: the rule files (and measures files) checked without evaluating.

Registered on the group in `main.py`; the work is in `malmotor.check`.
"""

from __future__ import annotations

import sys

import click

from ..check import render_json, render_text, summary
from ..check import check as check_files
from ..diagnostics import ExitCode, in_language
from ..model.period import Period, PeriodError
from .bilingual import BilingualCommand, English, language, language_option

_USAGE = {
    "sv": "Ange minst en regelfil, t.ex. 'malmotor check rules/styrkort.yaml --measures measures/2018.yaml'.",
    "en": "Give at least one rule file, e.g. 'malmotor check rules/styrkort.yaml --measures measures/2018.yaml'.",
}


_NO_MEASURES = {
    "sv": "Ange minst en mätvärdesfil efter --measures, t.ex. '--measures measures/2017.yaml measures/2018.yaml'.",
    "en": "Give at least one measures file after --measures, e.g. '--measures measures/2017.yaml measures/2018.yaml'.",
}


CHECK_EN = English(
    help="""Check RULES (and measures files) without evaluating anything.

    Every error and warning in every file is shown at once, one per problem, as
    file:line:column: code: message, with the line of the file and a hint. The
    code (e.g. 'okänd-nyckel') is stable; every code is in docs/diagnostics.md.

    \b
    Exit code: 0 no errors, 1 errors in the files, 2 a mistake on the command
    line, 5 warnings with --strict.

    \b
    Examples:
      malmotor check rules/styrkort.yaml
      malmotor check rules/styrkort.yaml --measures measures/2023.yaml measures/2024.csv
      malmotor check rules/*.yaml --format json
    """,
    options={
        "measures": "Check the measures files against the rule file too (unit, value range, status scale "
                    "…). Every file after the option, up to the next option.",
        "period": "The period an evaluation would judge (as in evaluate): a mistake in a value of another period "
                  "is only a warning. Default: the latest in the measures.",
        "fmt": "text for people, json for editors and CI.",
        "strict": "Count warnings too: the exit code is 5 when there are warnings but no errors.",
        "lang": "Language of the messages, their hints and the summary.",
    },
    metavars={"rules": "RULES...", "measures": "FILE...", "period": "PERIOD"},
)


class _CheckCommand(BilingualCommand):
    """`--measures a.yaml b.csv c.xlsx`: every argument after `--measures` up to the next option is a
    measures file (click itself takes one value per option), so `--measures` can be given once."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        spread, taking, waiting = [], False, False
        for arg in args:
            if taking and (not arg.startswith("-") or arg == "-"):
                spread += ["--measures", arg]
                waiting = False
                continue
            if waiting:
                break
            taking = arg == "--measures" or arg.startswith("--measures=")
            waiting = arg == "--measures"
            if arg != "--measures":
                spread.append(arg)
        if waiting:
            raise click.UsageError(_NO_MEASURES.get(language(ctx), _NO_MEASURES["sv"]), ctx)
        return super().parse_args(ctx, spread)


def _period(ctx, param, value: str | None) -> Period | None:
    if value is None:
        return None
    try:
        return Period.parse(value)
    except PeriodError as exc:
        lang = language(ctx)
        raise click.BadParameter(f"{in_language(exc.message, lang)}\n{in_language(exc.hint, lang)}", ctx,
                                 param) from None


@click.command("check", cls=_CheckCommand, english=CHECK_EN, options_metavar="[FLAGGOR]")
@click.argument("rules", nargs=-1, metavar="REGELFIL...")
@click.option("--measures", "measures", multiple=True, metavar="MÄTVÄRDESFIL...",
              help="Kontrollera också mätvärdesfilerna mot regelfilen (enhet, värdeområde, statusskala …). "
                   "Alla filer efter flaggan, fram till nästa flagga.")
@click.option("--period", callback=_period, metavar="PERIOD",
              help="Perioden en bedömning skulle gälla (som i evaluate): ett fel i ett värde för en annan period "
                   "är bara en varning. Standard: den senaste i mätvärdena.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="text för människor, json för redigerare och CI.")
@click.option("--strict", is_flag=True, help="Varningar räknas också: koden blir 5 om det finns varningar men inga fel.")
@language_option("Språk för meddelandena, deras ledtrådar och sammanfattningen.")
def check_command(rules: tuple[str, ...], measures: tuple[str, ...], period: Period | None, fmt: str,
                  strict: bool, lang: str) -> None:
    """Kontrollera REGELFIL (och mätvärdesfiler) utan att bedöma något.

    Alla fel och varningar i alla filer visas på en gång, ett per problem, som
    fil:rad:kolumn: kod: meddelande, med raden ur filen och en ledtråd. Koden
    (t.ex. okänd-nyckel) är stabil; alla koder står i docs/diagnostics.md.

    \b
    Slutkod: 0 inga fel, 1 fel i filerna, 2 fel på kommandoraden,
    5 varningar med --strict.

    \b
    Exempel:
      malmotor check rules/styrkort.yaml
      malmotor check rules/styrkort.yaml --measures measures/2023.yaml measures/2024.csv
      malmotor check rules/*.yaml --format json
    """
    if not rules:
        raise click.UsageError(_USAGE.get(lang, _USAGE["sv"]), click.get_current_context())
    diagnostics = check_files(rules, measures, period)
    if fmt == "json":
        click.echo(render_json(diagnostics, lang), nl=False)
    else:
        click.echo(render_text(diagnostics, lang) + summary(diagnostics, lang))
    errors = sum(d.severity != "varning" for d in diagnostics)
    if errors:
        sys.exit(ExitCode.INPUT_ERROR)
    if strict and diagnostics:
        sys.exit(ExitCode.STRICT_WARNINGS)
    sys.exit(ExitCode.OK)
