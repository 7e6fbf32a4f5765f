"""`malmotor check`: every problem in rule files (and measures files) at once, without evaluating.

The same loaders as `evaluate` (`load_scorecard`, `read_measures` and the values checked against the
rule file as `load_checked_measures` and `gather_inputs` check them), stopped before the engine; only
here, problems of several files are collected instead of stopping at the first file with one. On
top of the loaders: an indicator id used in two of the rule files given together (`dubbelt-id`).

The rendering is here too: `file:line:col: kod: meddelande`, the line of the file with a caret
under the column, then the hint; or a JSON list for editors and CI.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

from .decide.assess import for_every_unit
from .decide.inputs import (doubtful_units, missing_previous_period, unknown_indicator, comparison_periods,
                            sparse_period_in)
from .diagnostics import Bilingual, Diagnostic, MalmotorError, error, in_language, inert, is_sheet, where
from .load.measuresfile import file_identity, read_measures
from .load.rulefile import load_scorecard
from .load.values import Interpretation, periods_used
from .model import Measures, Scorecard
from .model.period import Period


@dataclass(frozen=True)
class CheckReport:
    diagnostics: tuple[Diagnostic, ...]

    @property
    def errors(self) -> tuple[Diagnostic, ...]:
        return tuple(d for d in self.diagnostics if d.severity != "varning")

    @property
    def warnings(self) -> tuple[Diagnostic, ...]:
        return tuple(d for d in self.diagnostics if d.severity == "varning")


def check(rule_paths: Iterable[str | Path], measure_paths: Iterable[str | Path] = (),
          period: Period | str | None = None) -> list[Diagnostic]:
    """Every error and warning in the rule files and, if given, in the measures files checked against
    each rule file that could be read; in the order the files were given, then by line and column.

    The values are checked for an evaluation of `period` (default: the latest period in the measures),
    as `evaluate` checks them: a value of a period that evaluation uses is an error, one of another
    period a warning."""
    rule_paths = [str(path) for path in rule_paths]
    measure_paths = [str(path) for path in measure_paths]
    found: list[Diagnostic] = []
    scorecards: list[Scorecard] = []
    given: dict[Path, str] = {}
    for path in rule_paths:
        identity = file_identity(Path(path))
        if identity in given:
            found.append(error(path, None, Bilingual(f"Regelfilen är angiven två gånger (också som "
                                                     f"'{given[identity]}').",
                                                     f"The rule file is given twice (also as '{given[identity]}')."),
                               Bilingual("Ange varje regelfil en gång.", "Give each rule file once."),
                               code="dubbel-fil"))
            continue
        given[identity] = path
        try:
            scorecard = load_scorecard(path)
        except MalmotorError as exc:
            found.extend(exc.diagnostics)
            found.extend(getattr(exc, "warnings", ()))  # the warnings found before the loader gave up
            continue
        found.extend(scorecard.warnings)
        scorecards.append(scorecard)
    found.extend(_shared_ids(scorecards))
    if measure_paths:
        found.extend(_check_measures(scorecards, measure_paths, period))
    order = {_file_of(path): index for index, path in enumerate(rule_paths + measure_paths)}
    return sorted(dict.fromkeys(found), key=lambda d: (order.get(_file_of(d.file), len(order)), d.file,
                                                       d.line or 0, d.column or 0))


def _file_of(file: str) -> str:
    """The file a diagnostic is in: a sheet `matvarden.xlsx:Blad1` is in `matvarden.xlsx`."""
    return file.rsplit(":", 1)[0] if is_sheet(file) else file


_ID_LINE = re.compile(r"^(\s*-\s*)id\s*:")


def _shared_ids(scorecards: list[Scorecard]) -> list[Diagnostic]:
    """An indicator id in two rule files given together: a measures file could not say whose value it
    gives. Reported at the later file, naming the first place (one id twice in one file is the
    loader's own `dubbelt-id`)."""
    first: dict[str, tuple[str, int | None]] = {}
    found = []
    for scorecard in scorecards:
        lines = _source_lines(scorecard.source)
        for *_, indicator in scorecard.rows():
            if indicator.id in first and first[indicator.id][0] != scorecard.source:
                other, other_line = first[indicator.id]
                column = None
                if indicator.line and lines and indicator.line <= len(lines):
                    match = _ID_LINE.match(lines[indicator.line - 1])
                    column = len(match[1]) + 1 if match else None
                found.append(error(scorecard.source, indicator.line,
                                   Bilingual(f"Indikator-id '{indicator.id}' finns redan i {where(other, other_line)}.",
                                             f"The indicator id '{indicator.id}' is already in "
                                             f"{where(other, other_line)}."),
                                   Bilingual("Regelfilerna kontrolleras tillsammans, och ett id får bara finnas i en "
                                             "av dem: byt id på den ena, så att mätvärdena går till rätt indikator.",
                                             "The rule files are checked together, and an id may be in only one of "
                                             "them: change the id in one of them, so that the measured values go to "
                                             "the right indicator."),
                                   code="dubbelt-id", column=column))
            else:
                first.setdefault(indicator.id, (scorecard.source, indicator.line))
    return found


def _check_measures(scorecards: list[Scorecard], paths: list[str], period: Period | str | None) -> list[Diagnostic]:
    measures, found = read_measures(paths)
    if isinstance(period, str):
        period = Period.parse(period)
    periods = measures.periods()
    judged = period if period is not None else periods[-1] if periods else None
    warnings: list[Diagnostic] = []
    if period is None and scorecards:  # the latest period judged by default: a mistyped year, as `evaluate` says
        own = [value for value in measures.values if not any(for_every_unit(each, value) for each in scorecards)]
        warnings.extend(filter(None, [sparse_period_in(Measures(values=tuple(own)))]))
    unknown = []
    for index, scorecard in enumerate(scorecards):
        interpretation = Interpretation(scorecard, measures)
        if judged is None:
            found.extend(interpretation.problems)
        else:
            errors, unused = interpretation.diagnostics_for(periods_used(scorecard, judged), judged)
            found.extend(errors)
            warnings.extend(unused)
            try:
                comparison_periods(scorecard, judged)
            except MalmotorError as exc:
                found.extend(exc.diagnostics)
            warnings.extend(missing_previous_period(interpretation, judged))
        warnings.extend(interpretation.warnings)
        warnings.extend(doubtful_units(interpretation))
        if index == 0:
            known = set().union(*(set(other.indicators()) for other in scorecards))
            unknown = [value for value in interpretation.unknown if value.indicator not in known]
    first_of_each = {(value.indicator, value.period): value for value in reversed(unknown)}
    in_order = sorted(first_of_each.values(), key=lambda value: (value.file, value.line or 0))
    warnings.extend(unknown_indicator(value, scorecards[0], suggest=number < 5)
                    for number, value in enumerate(in_order))
    # Every warning, not the first few of each kind as `evaluate` shows them (`summarised`): a check is where a
    # misspelled unit among a hundred alike names must be found.
    return found + list(dict.fromkeys(sorted(warnings, key=lambda d: (d.file, d.line or 0))))


# --- rendering -----------------------------------------------------------------------------------

WORDS = {
    "sv": {"warning": "varning", "none": "Inga fel.", "error_one": "fel", "error_many": "fel",
           "warning_one": "varning", "warning_many": "varningar", "file_one": "fil", "file_many": "filer",
           "no_errors_but": "Inga fel, men {warnings} i {files}.", "and": "och", "in": "i"},
    "en": {"warning": "warning", "none": "No errors.", "error_one": "error", "error_many": "errors",
           "warning_one": "warning", "warning_many": "warnings", "file_one": "file", "file_many": "files",
           "no_errors_but": "No errors, but {warnings} in {files}.", "and": "and", "in": "in"},
}
_LONGEST_SHOWN = 160  # characters of a source line; a longer one (a CSV row) is shown around the column


def render_text(diagnostics: Iterable[Diagnostic], lang: str = "sv") -> str:
    """One block per problem: `file:line:col: kod: meddelande` (`kod (varning):` for a warning), the
    line of the file with a caret under the column, and the hint, indented. A hint already shown
    for an earlier problem is not repeated (as in `evaluate`). Ends with a newline unless empty."""
    words = WORDS.get(lang, WORDS["sv"])
    cache: dict[str, list[str] | None] = {}
    shown_hints: set[str] = set()
    blocks = []
    for diagnostic in diagnostics:
        # the texts in `lang`, read here: a copy of the diagnostic (`in_language`) would be one without its English
        message, hint, details = (in_language(text, lang) for text in (diagnostic.message, diagnostic.hint,
                                                                        diagnostic.details))
        code = diagnostic.code or "fel"
        label = f"{code} ({words['warning']})" if diagnostic.severity == "varning" else code
        lines = [f"{where(inert(diagnostic.file), diagnostic.line, diagnostic.column)}: {label}: {inert(message)}"]
        lines += _excerpt(diagnostic, cache)
        for extra in (hint, details):  # the long list of forms: once per run too
            if extra and extra not in shown_hints:
                shown_hints.add(extra)
                lines.append("    " + inert(extra, keep_newlines=True).replace("\n", "\n    "))
        blocks.append("\n".join(lines))
    return "".join(block + "\n" for block in blocks)


def _excerpt(diagnostic: Diagnostic, cache: dict[str, list[str] | None]) -> list[str]:
    """The line of the file the diagnostic is on and a caret under its column (none without a
    column); nothing for a spreadsheet's cell, a file that cannot be read or a line it does not have."""
    if not diagnostic.line or is_sheet(diagnostic.file):
        return []
    if diagnostic.file not in cache:
        cache[diagnostic.file] = _source_lines(diagnostic.file)
    lines = cache[diagnostic.file]
    if not lines or diagnostic.line > len(lines):
        return []
    text = lines[diagnostic.line - 1]
    if not text.strip() and not diagnostic.column:
        return []  # an empty file, an empty line: nothing to point at
    column = diagnostic.column if diagnostic.column and diagnostic.column <= len(text) + 1 else None
    start = 0
    if len(text) > _LONGEST_SHOWN:
        start = max(0, (column or 1) - 1 - _LONGEST_SHOWN // 2)
        text = ("…" if start else "") + text[start:start + _LONGEST_SHOWN] + "…"
        start -= 1 if start else 0
    number = str(diagnostic.line)
    shown = [f"  {number} | {inert(text)}"]
    if column is not None:
        before = inert(text[:column - 1 - start])
        shown.append(f"  {' ' * len(number)} | {' ' * len(before)}^")
    return shown


def _source_lines(file: str) -> list[str] | None:
    try:
        data = Path(file).read_bytes()
    except (OSError, ValueError):
        return None
    if b"\x00" in data[:8192]:  # a binary file (a workbook given as a rule file): nothing to show
        return None
    text = data.decode("utf-8-sig", errors="replace")
    return [line.rstrip("\r") for line in text.split("\n")]


def render_json(diagnostics: Iterable[Diagnostic], lang: str = "sv") -> str:
    """`[{file, line, col, code, severity, message, hint, details}]`, in the order given, keys in that order;
    `details` is a long list (the accepted target forms) that the text shows once. The texts are in `lang`;
    `severity` stays `fel` or `varning` in both languages, a value for tools like the code."""
    return json.dumps([{"file": d.file, "line": d.line, "col": d.column, "code": d.code, "severity": d.severity,
                        "message": in_language(d.message, lang), "hint": in_language(d.hint, lang),
                        "details": in_language(d.details, lang)} for d in diagnostics],
                      ensure_ascii=False, indent=2) + "\n"


def summary(diagnostics: Iterable[Diagnostic], lang: str = "sv") -> str:
    """`3 fel och 1 varning i 2 filer.`, `Inga fel, men 1 varning i 1 fil.` or `Inga fel.`: the files
    counted are those with a problem (a sheet counts as its workbook)."""
    diagnostics = list(diagnostics)
    words = WORDS.get(lang, WORDS["sv"])
    errors = sum(d.severity != "varning" for d in diagnostics)
    warnings = len(diagnostics) - errors
    files = len({_file_of(d.file) for d in diagnostics})

    def count(number: int, kind: str) -> str:
        return f"{number} {words[kind + ('_one' if number == 1 else '_many')]}"

    if not diagnostics:
        return words["none"]
    if not errors:
        return words["no_errors_but"].format(warnings=count(warnings, "warning"), files=count(files, "file"))
    parts = count(errors, "error") + (f" {words['and']} {count(warnings, 'warning')}" if warnings else "")
    return f"{parts} {words['in']} {count(files, 'file')}."
