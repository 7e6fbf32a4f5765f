"""User mistakes as data: a diagnostic names the file, the line and what to do.

Only `MalmotorError` and its subclasses are caught by the CLI; anything else is a bug in
malmotor and keeps its traceback.
"""

from __future__ import annotations

import difflib
import errno
import re
from dataclasses import dataclass
from enum import IntEnum


class ExitCode(IntEnum):
    """Exit codes of the command line; a verdict such as "ej uppfyllt" never changes them."""

    OK = 0
    INPUT_ERROR = 1  # a rule file or a measures file is wrong
    USAGE = 2  # the command line itself is wrong (click's own code)
    ENGINE = 3  # the rule engine crashed, hung or disagreed with itself: a malmotor bug
    RULE_TESTS_FAILED = 4  # `malmotor test`: a case of a rule-file test failed
    STRICT_WARNINGS = 5  # no errors, but warnings, and --strict counts them (`check --strict`, `evaluate --strict`)
    HANGUP = 129  # the terminal went away (SIGHUP); 128 + the signal's number, as shells report it
    INTERRUPTED = 130  # Ctrl-C (SIGINT)
    TERMINATED = 143  # SIGTERM, e.g. from a job scheduler or `kill`


@dataclass(frozen=True)
class Diagnostic:
    file: str
    line: int | None
    message: str
    hint: str | None = None
    severity: str = "fel"  # "fel" stops the run, "varning" does not
    code: str = ""  # stable, for tools and tests: "okänd-nyckel", "okänt-mål"; every call in malmotor sets one
    # (tests/test_diagnostics.py checks that)
    column: int | None = None  # 1-based, where known
    # A long reference text shared by many diagnostics (the list of accepted target forms), shown after the
    # hint; `MalmotorError.render` shows each such text once, however many diagnostics carry it.
    details: str | None = None

    @property
    def where(self) -> str:
        """`file:line:column`, as far as known: the one place that writes a location."""
        return where(self.file, self.line, self.column)

    def render(self, with_hint: bool = True, with_details: bool = True) -> str:
        """The diagnostic as shown: every control character made inert (`inert`), wherever it came from, a
        file's name given on the command line, an option's value or a file's text."""
        # `file:line: fel:`, the column only in `where`; but a spreadsheet's cell whole: `file:Blad1!C4: fel:`
        column = self.column if is_sheet(self.file) else None
        text = f"{where(inert(self.file), self.line, column)}: {self.severity}: {inert(self.message)}"
        for extra in (self.hint if with_hint else None, self.details if with_details else None):
            if extra:
                text += "\n    " + inert(extra, keep_newlines=True).replace("\n", "\n    ")
        return text


# What a terminal would act on instead of showing: C0 (ESC starts colours, cursor moves and OSC titles and
# links), DEL, C1 (U+009B is a one-character CSI), the bidirectional marks, embeddings, overrides and isolates,
# the zero-width space and joiners, the byte-order mark and the line and paragraph separators.
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200b-\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]")
_UNSAFE_BUT_LINE_BREAK = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u061c\u200b-\u200f\u2028\u2029\u202a-\u202e"
                                    "\u2066-\u2069\ufeff]")


def _shown(match: re.Match) -> str:
    code = ord(match[0])
    return f"\\x{code:02x}" if code <= 0x9F else f"<U+{code:04X}>"


def inert(text: str, keep_newlines: bool = False) -> str:
    """`text` with every control character written out, `\\x1b` or `<U+202E>`, so that printing it cannot
    colour, move, retitle or reorder anything on a terminal; a line break stays one only where
    `keep_newlines` says so (in a hint)."""
    text = str(text)
    return (_UNSAFE_BUT_LINE_BREAK if keep_newlines else _UNSAFE).sub(_shown, text)


class MalmotorError(Exception):
    """One or more user-facing problems, shown together; the CLI exits with `exit_code`."""

    exit_code: int = ExitCode.INPUT_ERROR

    def __init__(self, diagnostics: list[Diagnostic], exit_code: int | None = None) -> None:
        self.diagnostics = list(diagnostics)
        self.exit_code = exit_code if exit_code is not None else type(self).exit_code
        super().__init__(self.render())

    def __reduce__(self):  # picklable, e.g. across a process pool
        return (_rebuild, (type(self), self.diagnostics, self.exit_code))

    def render(self) -> str:
        """Every problem; a hint already shown for an earlier one is not repeated (a wrong period
        form on every row of a CSV file gets the list of accepted forms once), nor are `details` (three
        unknown targets get their own hints and the list of accepted target forms once)."""
        shown: set[str] = set()
        lines = []
        for diagnostic in self.diagnostics:
            lines.append(diagnostic.render(with_hint=diagnostic.hint not in shown,
                                           with_details=diagnostic.details not in shown))
            shown.update(extra for extra in (diagnostic.hint, diagnostic.details) if extra)
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.render()


def _rebuild(cls: type, diagnostics: list[Diagnostic], exit_code: int) -> MalmotorError:
    error = Exception.__new__(cls)
    MalmotorError.__init__(error, diagnostics, exit_code)
    return error


class RuleFileError(MalmotorError):
    """The rule file (styrkortet) cannot be used as written."""


class MeasuresError(MalmotorError):
    """A measures file cannot be used as written, or does not fit the rule file."""


class AssessmentsError(MalmotorError):
    """An assessments file (bedömningar) cannot be used as written, or does not fit the rule file or the measures."""


class OptionError(MalmotorError):
    """A period or unit asked for (`--period`, `--enhet`, or the library's arguments) that the
    measures do not have: a mistake on the command line, not in a file."""

    exit_code = ExitCode.USAGE


class EngineError(MalmotorError):
    """The rule engine failed; the message says what happened and that it is not the user's fault."""

    exit_code = ExitCode.ENGINE

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__([Diagnostic("malmotor", None, message, hint, code="regelmotorn")])


def where(file: str, line: int | None = None, column: int | None = None) -> str:
    """`file:line:column` as far as known; in a spreadsheet (`sheet_file`) the cell in Excel's own
    notation, `matvarden.xlsx:Blad1!C4`, or the whole row, `matvarden.xlsx:Blad1!4:4`."""
    if not line:
        return file
    if is_sheet(file):
        return f"{file}!{column_letters(column)}{line}" if column else f"{file}!{line}:{line}"
    return f"{file}:{line}:{column}" if column else f"{file}:{line}"


# A sheet of a workbook is named like a file, `matvarden.xlsx:Blad1`: the workbook, a colon and the
# sheet's name (which Excel does not allow to hold : \ / ? * [ or ], and which is at most 31 characters).
_SHEET = re.compile(r"\.xlsx:[^:\\/?*\[\]]{1,31}$", re.IGNORECASE)


def sheet_file(workbook: str, sheet: str) -> str:
    """What a diagnostic's `file` is for a cell of a sheet: `matvarden.xlsx:Blad1`; its `line` is the
    row and its `column` the column (1 for A), and `where` then writes `matvarden.xlsx:Blad1!C4`."""
    return f"{workbook}:{sheet}"


def is_sheet(file: str) -> bool:
    return bool(_SHEET.search(file))


def column_letters(column: int) -> str:
    """1 → `A`, 3 → `C`, 27 → `AA`: a column as Excel names it."""
    letters = ""
    while column > 0:
        column, rest = divmod(column - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def error(file: str, line: int | None, message: str, hint: str | None = None, *, code: str = "",
          column: int | None = None, details: str | None = None) -> Diagnostic:
    return Diagnostic(file, line, message, hint, "fel", code=code, column=column, details=details)


def warning(file: str, line: int | None, message: str, hint: str | None = None, *, code: str = "",
            column: int | None = None) -> Diagnostic:
    return Diagnostic(file, line, message, hint, "varning", code=code, column=column)


def suggestion(word: str, choices, prefix: str = "Menade du") -> str:
    """`Menade du 'kundnojdhet'? ` for a close match, else nothing: the one place that suggests."""
    by_folded = {str(choice).casefold(): str(choice) for choice in choices}
    close = difflib.get_close_matches(str(word).casefold(), list(by_folded), n=1, cutoff=0.6)
    return f"{prefix} '{by_folded[close[0]]}'? " if close else ""


# What the operating system said, in Swedish: never its English strerror ("Permission denied").
_OS_ERRORS = {
    "EACCES": "åtkomst nekad: du saknar behörighet",
    "EPERM": "åtgärden är inte tillåten",
    "ENOSPC": "disken är full",
    "EDQUOT": "diskkvoten är slut",
    "EFBIG": "filen blir för stor",
    "EROFS": "filsystemet är skrivskyddat",
    "EISDIR": "sökvägen är en mapp, inte en fil",
    "ENOTDIR": "en del av sökvägen är inte en mapp",
    "ENOENT": "filen eller mappen finns inte",
    "EEXIST": "filen finns redan",
    "ENOTEMPTY": "mappen är inte tom",
    "ENAMETOOLONG": "filnamnet är för långt",
    "ELOOP": "för många nivåer av symboliska länkar (kanske en länk som pekar på sig själv)",
    "EXDEV": "filen kan inte flyttas mellan två filsystem",
    "EBUSY": "filen eller enheten är upptagen",
    "ETXTBSY": "filen är ett program som körs just nu",
    "EIO": "in- eller utmatningsfel på disken eller enheten",
    "ENXIO": "enheten finns inte, eller ingen läser från den",
    "ENODEV": "enheten finns inte",
    "EPIPE": "mottagaren har slutat läsa",
    "EMFILE": "för många öppna filer",
    "ENFILE": "för många öppna filer i systemet",
    "ENOMEM": "minnet räcker inte",
    "EINVAL": "ogiltig sökväg eller ogiltigt argument",
    "EAGAIN": "resursen är tillfälligt upptagen; försök igen",
    "EINTR": "avbrutet av en signal",
    "ETIMEDOUT": "tidsgränsen överskreds",
    "ESTALE": "nätverksfilen är inte längre giltig",
    "EOPNOTSUPP": "filsystemet stöder inte åtgärden",
    "ENOTSUP": "filsystemet stöder inte åtgärden",
    "EILSEQ": "ogiltiga tecken i filnamnet",
    "EBADF": "filen är inte öppen för skrivning",
    "ENOTCONN": "nätverksanslutningen är bruten",
    "ECONNRESET": "nätverksanslutningen bröts",
    "EHOSTDOWN": "nätverksdatorn svarar inte",
}
OS_ERROR_TEXTS = {number: _OS_ERRORS[name] for name in _OS_ERRORS if (number := getattr(errno, name, None))}


def os_error_text(exc: OSError) -> str:
    """What went wrong in `exc`, as a short Swedish phrase without a full stop, for a message such as
    `Filen kan inte skrivas ({os_error_text(exc)}).`; never the operating system's English text. An
    errno without a Swedish text is named (`ett systemfel (EHWPOISON)`), so that it can be looked up."""
    number = exc.errno
    if number in OS_ERROR_TEXTS:
        return OS_ERROR_TEXTS[number]
    if number is None:
        return "ett okänt systemfel"
    return f"ett systemfel ({errno.errorcode.get(number, f'felnummer {number}')})"
