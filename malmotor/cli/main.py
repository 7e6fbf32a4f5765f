"""The command line: parse arguments, call the library, print or write the result.

Only malmotor's own errors are caught, once, at the group, and shown as file:line messages with
the exit code the error carries; anything else is a bug and keeps its traceback.
"""

from __future__ import annotations

import os
from dataclasses import replace
import signal
import sys

import click

from .. import __version__
from ..diagnostics import Bilingual, Diagnostic, ExitCode, MalmotorError, english, in_language, os_error_text
from ..load.assessments import load_assessments
from ..load.examples import example_assessments_paths, example_measures_paths, example_rules_path
from ..load.rulefile import load_scorecard
from ..load.values import load_checked_measures
from ..model.period import Period, PeriodError
from ..pipeline import evaluate
from ..report.output import write_atomically
from ..report.render import FORMATS, render
from .bilingual import BilingualGroup, English, language, language_option, pick
from . import many

WORKBOOK_FORMAT = "xlsx"  # --format xlsx: report/workbook.py, imported only when a workbook is asked for


class _Stopped(BaseException):
    """A signal that ends the run; a BaseException, so that every `finally` on the way runs (the
    engine's worker is stopped, a half-written output file removed) before the message."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


_STOPPED = {  # what stopped the run, in both languages, and the exit code
    signal.SIGINT: ("malmotor: avbrutet (Ctrl-C).", "malmotor: interrupted (Ctrl-C).", ExitCode.INTERRUPTED),
    signal.SIGTERM: ("malmotor: stoppad (SIGTERM).", "malmotor: stopped (SIGTERM).", ExitCode.TERMINATED),
    signal.SIGHUP: ("malmotor: stoppad: terminalen stängdes (SIGHUP).",
                    "malmotor: stopped: the terminal was closed (SIGHUP).", ExitCode.HANGUP),
}
# What became of the output: nothing written, or (a run of many units writes to standard output unit by unit)
# part of it on standard output.
_NOTHING_WRITTEN = ("Inget resultat skrevs.", "No result was written.")
_PART_WRITTEN = ("Det som skrevs till standard ut är ofullständigt.",
                 "What was written to standard output is incomplete.")
_STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)
_printed: list[bool] = []  # something has been written to standard output in this command
_requested: list[int] = []  # the signal that asked us to stop, also where its exception got swallowed


def _stop(signum: int, _frame) -> None:
    """Stop at the first signal; ignore the ones that follow while stopping. The exception can be
    raised where Python swallows it (inside a `__del__`), so the request is also remembered and
    `stopped_yet` raises it again before anything is written."""
    for each in _STOP_SIGNALS:
        signal.signal(each, signal.SIG_IGN)
    _requested.append(signum)
    raise _Stopped(signum)


def stopped_yet() -> None:
    if _requested:
        raise _Stopped(_requested[0])


class _Commands(BilingualGroup):
    """Every command's MalmotorError is shown the same way, here, with its own exit code; a
    signal ends the run with a sentence (in the run's language) and 128 + the signal's number."""

    def invoke(self, ctx: click.Context):
        _requested.clear()
        _printed.clear()
        for signum in _STOP_SIGNALS:
            signal.signal(signum, _stop)
        for stream in (sys.stdout, sys.stderr):  # a message with "–" on a latin-1 console: "?", not a traceback
            try:
                stream.reconfigure(errors="replace")
            except (AttributeError, ValueError, OSError):
                pass
        try:
            return super().invoke(ctx)
        except MalmotorError as exc:
            click.echo(exc.render(getattr(self, "lang", "sv")), err=True)
            ctx.exit(exc.exit_code)
        except (KeyboardInterrupt, _Stopped) as exc:
            for each in _STOP_SIGNALS:  # a second Ctrl-C while stopping changes nothing
                signal.signal(each, signal.SIG_IGN)
            swedish_stop, english_stop, code = _STOPPED[getattr(exc, "signum", signal.SIGINT)]
            swedish_output, english_output = _PART_WRITTEN if _printed else _NOTHING_WRITTEN
            swedish_text, english_text = f"{swedish_stop} {swedish_output}", f"{english_stop} {english_output}"
            message = english_text if getattr(self, "lang", "sv") == "en" else swedish_text
            try:
                click.echo(message, err=True)
            except OSError:
                pass  # the terminal itself may be gone
            ctx.exit(code)


class CountType(click.ParamType):
    """A whole number of at least 1 (`--workers`, `--chunk-size`), said in the run's language: click's IntRange
    would say "0 ligger inte inom x>=1" and "inget giltigt integer range"."""
    name = "count"

    def get_metavar(self, param, ctx=None) -> str:
        return "N"

    def convert(self, value, param, ctx) -> int:
        if isinstance(value, int) and not isinstance(value, bool):
            number = value
        else:
            try:
                number = int(str(value).strip())
            except ValueError:
                self.fail(pick(f"'{value}' är inget heltal; ange ett tal som 1, 2 eller 8.",
                               f"'{value}' is not a whole number; give a number such as 1, 2 or 8.",
                               language(ctx)), param, ctx)
        if number < 1:
            self.fail(pick(f"{number} är för litet; ange minst 1.", f"{number} is too small; give at least 1.",
                           language(ctx)), param, ctx)
        return number


class PeriodType(click.ParamType):
    name = "period"

    def get_metavar(self, param, ctx=None) -> str:
        return "PERIOD"

    def convert(self, value, param, ctx) -> Period:
        if isinstance(value, Period):
            return value
        try:
            return Period.parse(value)
        except PeriodError as exc:
            lang = language(ctx)
            self.fail(f"{in_language(exc.message, lang)}\n{in_language(exc.hint, lang)}", param, ctx)


MAIN_EN = English(
    help="malmotor: goal fulfilment and trend arrows for scorecards.",
    options={"version": "Show the version and exit.",
             "lang": "Language of the words of the command line (help, messages) and of the command that "
                     "follows."})


def _lang_for_every_command(ctx: click.Context, _param, value: str | None) -> None:
    """`malmotor --lang en evaluate …`: the language before the command is the command's own default."""
    if value is not None:
        ctx.default_map = {name: {"lang": value} for name in ctx.command.commands}


# The other commands, imported only when asked for (cli/bilingual.py, LazyCommands): `evaluate` never loads
# what they need. They may import this module's helpers (PeriodType, print_text, stopped_yet).
OTHER_COMMANDS = {
    "check": "malmotor.cli.check:check_command",
    "schema": "malmotor.cli.schema:schema_command",
    "explain": "malmotor.cli.explain:explain_command",
    "diff": "malmotor.cli.diff:diff_command",
    "test": "malmotor.cli.ruletest:test_command",
}


@click.group(cls=_Commands, english=MAIN_EN, options_metavar="[FLAGGOR]", lazy_commands=OTHER_COMMANDS,
             subcommand_metavar="KOMMANDO [ARGUMENT]...", context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="malmotor", help="Visa versionen och avsluta.")
@click.option("--lang", type=click.Choice(["sv", "en"]), default=None, expose_value=False, is_eager=True,
              callback=_lang_for_every_command,
              help="Språk för kommandoradens ord (hjälp, meddelanden) och för kommandot som följer.")
def main() -> None:
    """malmotor: måluppfyllelse och utvecklingspilar för styrkort."""


EVALUATE_EN = English(
    help="""Evaluate every indicator in RULES with the measured values in MEASURES.

    RULES is the scorecard's rules (YAML, docs/rule-format.md). MEASURES is one or more
    measures files (YAML, CSV, Excel .xlsx or Kolada .json, docs/measures-format.md); give the period
    before too (and the same period a year earlier, if the rule file compares with it), so that
    trend arrows and targets such as 'Öka' can be judged. Without arguments the bundled example
    ('Länsteknik 2018') is evaluated.

    \b
    Examples:
      malmotor evaluate rules/styrkort.yaml measures/2023.yaml measures/2024.yaml
      malmotor evaluate rules/styrkort.yaml measures/*.csv --period "T2 2024" --format csv -o resultat.csv
    """,
    options={
        "period": "The period to evaluate: 2018, 'T2 2019', 'delår augusti 2019', 2019-08, 'kv 3 2019' … "
                  "Default: the latest in the measures.",
        "org_unit": "Evaluate only this unit (a department, a municipality) of the measures.",
        "fmt": "Output format; xlsx (an Excel workbook) needs --output FILE.",
        "lang": "Language of the explanations, the headings and the messages.",
        "output": "Write to a file instead of the screen.",
        "assessments": "Assessments file (YAML, docs/assessments-format.md): decisions with their motivation, "
                       "shown beside the computed verdict. May be given more than once.",
        "strict": "Count warnings (e.g. a missing analysis) as errors: no result is written and the exit code "
                  "is 5.",
        "workers": "Many units: divide them into chunks, evaluated by N processes (default: the number of cores). "
                   "For jsonl, csv, table and markdown (docs/scaling.md).",
        "executor": "Many units: evaluate the chunks on a Dask cluster, dask:ADDRESS (pip install "
                    "'malmotor[dask]').",
        "chunk_size": "Many units: about how many keys a chunk has (default 5 000).",
        "engine": "Who decides: the rule engine durable-rules, or the reference evaluator (the same semantics in "
                  "plain Python), to check a result against.",
    },
    metavars={"rules": "[RULES]", "measures": "[MEASURES]...", "org_unit": "NAME", "output": "FILE",
              "assessments": "FILE", "workers": "N", "executor": "dask:ADDRESS", "chunk_size": "N"},
)


@main.command("evaluate", english=EVALUATE_EN, options_metavar="[FLAGGOR]")
@click.argument("rules", required=False, metavar="[REGELFIL]")  # the loaders say what is wrong with a file
@click.argument("measures", nargs=-1, metavar="[MÄTVÄRDESFIL]...")
@click.option("--period", type=PeriodType(),
              help="Perioden som bedöms: 2018, T2 2019, 'delår augusti 2019', 2019-08, 'kv 3 2019' … "
                   "Standard: den senaste i mätvärdena.")
@click.option("--enhet", "org_unit", metavar="NAMN", help="Bedöm bara den här enheten (förvaltning, kommun) i mätvärdena.")
@click.option("--format", "fmt", type=click.Choice((*FORMATS, WORKBOOK_FORMAT)), default="table", show_default=True,
              help="Utdataformat; xlsx (en Excel-arbetsbok) kräver --output FIL.")
@language_option("Språk för förklaringar, rubriker och meddelanden.")
@click.option("--output", "-o", metavar="FIL", help="Skriv till fil i stället för skärmen.")
@click.option("--bedömningar", "--bedomningar", "assessments", metavar="FIL", multiple=True,
              help="Bedömningsfil (YAML, docs/assessments-format.md): beslut med motivering som står bredvid det "
                   "beräknade. Kan anges flera gånger.")
@click.option("--strict", is_flag=True,
              help="Räkna varningar (t.ex. en analys som saknas) som fel: inget resultat skrivs och koden blir 5.")
@click.option("--workers", type=CountType(), metavar="N",
              help="Många enheter: dela upp dem i delkörningar som N processer bedömer (standard: antalet kärnor). "
                   "För jsonl, csv, table och markdown (docs/scaling.md).")
@click.option("--executor", metavar="dask:ADRESS",
              help="Många enheter: bedöm delkörningarna i ett Dask-kluster (pip install 'malmotor[dask]').")
@click.option("--chunk-size", type=CountType(), metavar="N",
              help="Många enheter: ungefär hur många nycklar en delkörning har (standard 5 000).")
@click.option("--engine", type=click.Choice(["durable", "reference"]), default="durable", show_default=True,
              help="Vem som bedömer: regelmotorn durable-rules, eller referensutvärderaren (samma semantik i ren "
                   "Python), att kontrollera ett resultat mot.")
def evaluate_command(rules: str | None, measures: tuple[str, ...], period: Period | None, org_unit: str | None,
                     fmt: str, lang: str, output: str | None, assessments: tuple[str, ...], strict: bool,
                     workers: int | None, executor: str | None, chunk_size: int | None, engine: str) -> None:
    """Bedöm varje indikator i REGELFIL med mätvärdena i MÄTVÄRDESFIL.

    REGELFIL är styrkortets regler (YAML, docs/rule-format.md). MÄTVÄRDESFIL är en eller flera
    mätvärdesfiler (YAML, CSV, Excel .xlsx eller Kolada .json, docs/measures-format.md); ge med perioden före
    (och samma period året innan, om regelfilen jämför med den), så att
    utvecklingspilar och mål som Öka kan bedömas. Utan argument bedöms det
    medföljande exemplet (Länsteknik 2018).

    \b
    Exempel:
      malmotor evaluate rules/styrkort.yaml measures/2023.yaml measures/2024.yaml
      malmotor evaluate rules/styrkort.yaml measures/*.csv --period "T2 2024" --format csv -o resultat.csv
    """
    if fmt == WORKBOOK_FORMAT and (not output or output == "-" or is_standard_stream(output) is not None):
        raise click.UsageError(pick("--format xlsx skriver en Excel-arbetsbok, som inte kan visas här; ange en fil "
                                    "med --output, t.ex. --output resultat.xlsx.",
                                    "--format xlsx writes an Excel workbook, which cannot be shown here; give a file "
                                    "with --output, e.g. --output result.xlsx.", lang))
    if rules is None:
        rules, measures = str(example_rules_path()), tuple(map(str, example_measures_paths()))
        assessments = assessments or tuple(map(str, example_assessments_paths()))
    elif not measures:
        raise click.UsageError(pick("Ange minst en mätvärdesfil efter regelfilen, t.ex. "
                                    "'malmotor evaluate rules/styrkort.yaml measures/2017.yaml measures/2018.yaml'.",
                                    "Give at least one measures file after the rule file, e.g. "
                                    "'malmotor evaluate rules/styrkort.yaml measures/2017.yaml measures/2018.yaml'.",
                                    lang))
    scorecard = load_scorecard(rules)
    if many.wanted(fmt, org_unit, measures, workers, executor, chunk_size, lang) and many.evaluate_many(
            scorecard, rules, measures, period, fmt, lang, output, assessments, strict, workers, executor, chunk_size,
            engine):
        sys.exit(ExitCode.OK)  # many units, chunk by chunk, written unit by unit (cli/many.py)
    values = load_checked_measures(scorecard, measures, period=period)
    decisions = load_assessments(assessments, scorecard) if assessments else None
    result = evaluate(scorecard, values, period, lang=lang, org_unit=org_unit, assessments=decisions, engine=engine)
    if strict and result.warnings:
        raise MalmotorError([replace(warning, severity="fel") for warning in result.warnings] + [Diagnostic(
            "--strict", None, Bilingual("Varningarna räknas som fel med --strict; inget resultat är skrivet.",
                                        "With --strict the warnings count as errors; no result has been written."),
            Bilingual("Rätta det som varningarna säger, eller kör utan --strict.",
                      "Correct what the warnings say, or run without --strict."), code="strikt")],
            exit_code=ExitCode.STRICT_WARNINGS)
    if result.warnings:  # rendered together, so that a hint shared by several is shown once
        click.echo(MalmotorError(list(result.warnings)).render(lang), err=True)
    if fmt == WORKBOOK_FORMAT:  # bytes, to a file only (checked above); whole or not at all, never over an input
        from ..report.workbook import WorkbookInputs, workbook_bytes  # XlsxWriter only when a workbook is asked for
        data = workbook_bytes(result, WorkbookInputs(rules, measures, assessments))
        stopped_yet()
        write_atomically(output, data, inputs=(rules, *measures, *assessments))
        sys.exit(ExitCode.OK)
    # the HTML page draws every loaded period's values (report/history.py), which the result does not carry
    history = None
    if fmt == "html":
        from ..report.history import histories  # its models only for a page

        history = histories(scorecard, values, result)
    text = render(result, fmt, history=history)
    stopped_yet()  # a stop request that arrived while the engine's worker was being cleaned up
    if output and is_standard_stream(output) is not None:
        output = "-"  # `-o /dev/stdout >> log`: write to the stream, never replace the file behind it
    if output and output != "-":  # "-" is standard output, as without --output; "./-" is a file named "-"
        # Excel takes a CSV file for UTF-8 only when it starts with a byte-order mark. Never over an
        # input; a device or a pipe is written to, a symbolic link's target replaced (output.py).
        write_atomically(output, "\ufeff" + text if fmt == "csv" else text, inputs=(rules, *measures, *assessments))
    else:
        print_text(text)
    sys.exit(ExitCode.OK)


# For a console that cannot show the legend's symbols (cp850, latin-1 on Windows): the same
# shapes in ASCII, so that the levels stay apart; anything else it cannot show becomes "?".
ASCII_SYMBOLS = str.maketrans({
    "■": "+", "●": "o", "▲": "!", "–": "-", "—": "-", "↑": "^", "→": ">", "↓": "v", "↳": ">",
    "⬆": "^", "➔": ">", "⬇": "v", "↗": "/", "↘": "\\", "±": "+/-", "−": "-", "\u00a0": " ", "\u202f": " ",
    "”": '"', "“": '"',  # the quotation marks of the summaries' names
})


def _for_the_console(text: str) -> str:
    encoding = getattr(sys.stdout, "encoding", None) or "utf-8"
    try:
        text.encode(encoding)
        return text
    except (UnicodeEncodeError, LookupError):
        return text.translate(ASCII_SYMBOLS).encode(encoding, errors="replace").decode(encoding)


def is_standard_stream(path: str) -> int | None:
    """1 or 2 when `path` is this process's standard output or error (`/dev/stdout`,
    `/proc/self/fd/1`, or the very file they are redirected to)."""
    try:
        target = os.stat(path)
    except OSError:
        return None
    for fd in (1, 2):
        try:
            stream = os.fstat(fd)
        except OSError:
            continue
        if (target.st_dev, target.st_ino) == (stream.st_dev, stream.st_ino):
            return fd
    return None


def print_text(text: str) -> None:
    """Standard output may be a closed pipe (`| head`), a full disk or a console that cannot show
    ■ or ↑: say so, or write what it can show, without a traceback."""
    if sys.stdout is None:  # started with standard output closed (`>&-`)
        click.echo(pick("malmotor: fel: Standard ut är stängd; ange en fil med --output.",
                        "malmotor: error: Standard output is closed; give a file with --output."), err=True)
        sys.exit(ExitCode.USAGE)
    if text and not _printed:
        _printed.append(True)
    try:
        click.echo(_for_the_console(text), nl=False)
        sys.stdout.flush()
    except BrokenPipeError:
        # The reader has gone (`| head`): nothing more to say; keep Python from complaining at exit.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(ExitCode.OK)
    except OSError as exc:
        reason = os_error_text(exc)
        click.echo(pick(f"malmotor: fel: Resultatet kan inte skrivas till standard ut ({reason}).",
                        f"malmotor: error: The result cannot be written to standard output ({english(reason)})."),
                   err=True)
        sys.exit(ExitCode.INPUT_ERROR)
