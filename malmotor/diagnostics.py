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


class Bilingual(str):
    """A message in Swedish (the string itself) that carries its English beside it (`en`).

    The loaders write both languages where they write a message, so that the reader of a diagnostic,
    the CLI's `--lang` or a report generator, picks the language; code and tests that only know
    strings keep seeing the Swedish text. Joining keeps both: `Bilingual + str`, `str + Bilingual`
    and `join_texts`; an f-string or `.lower()` does not, so compose with those helpers.
    """

    en: str

    def __new__(cls, swedish: str, english_text: str | None = None) -> "Bilingual":
        self = super().__new__(cls, str(swedish))
        self.en = str(english_text) if english_text is not None else english(swedish)
        return self

    def __add__(self, other):
        if not isinstance(other, str):
            return NotImplemented
        return Bilingual(str(self) + str(other), self.en + english(other))

    def __radd__(self, other):
        if not isinstance(other, str):
            return NotImplemented
        return Bilingual(str(other) + str(self), english(other) + self.en)

    def __reduce__(self):  # picklable across a process pool, both languages kept
        return (Bilingual, (str(self), self.en))

    def __repr__(self) -> str:
        return f"Bilingual({str(self)!r}, {self.en!r})"


def english(text) -> str:
    """The English of a message when it has one (`Bilingual`), else the text as written: a name from a
    rule file, a number, a unit, which are the same in both languages."""
    return text.en if isinstance(text, Bilingual) else str(text)


def in_language(text, lang: str):
    """`text` as a plain string in `lang` ("sv" or "en"); None stays None."""
    if text is None:
        return None
    return english(text) if lang == "en" else str(text)


def join_texts(separator: str, parts) -> str:
    """`separator.join(parts)` that keeps the English of every part that has one."""
    parts = list(parts)
    if not any(isinstance(part, Bilingual) for part in (separator, *parts)):
        return separator.join(parts)
    return Bilingual(str(separator).join(map(str, parts)), english(separator).join(map(english, parts)))


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

    def render(self, with_hint: bool = True, with_details: bool = True, lang: str = "sv") -> str:
        """The diagnostic as shown: every control character made inert (`inert`), wherever it came from, a
        file's name given on the command line, an option's value or a file's text."""
        # `file:line: fel:`, the column only in `where`; but a spreadsheet's cell whole: `file:Blad1!C4: fel:`
        column = self.column if is_sheet(self.file) else None
        message, hint, details = (in_language(text, lang) for text in (self.message, self.hint, self.details))
        severity = SEVERITY_WORDS.get(lang, {}).get(self.severity, self.severity)
        text = f"{where(inert(self.file), self.line, column)}: {severity}: {inert(message)}"
        for extra in (hint if with_hint else None, details if with_details else None):
            if extra:
                text += "\n    " + inert(extra, keep_newlines=True).replace("\n", "\n    ")
        return text


SEVERITY_WORDS = {"sv": {}, "en": {"fel": "error", "varning": "warning"}}


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

    def render(self, lang: str = "sv") -> str:
        """Every problem, in `lang`; a hint already shown for an earlier one is not repeated (a wrong period
        form on every row of a CSV file gets the list of accepted forms once), nor are `details` (three
        unknown targets get their own hints and the list of accepted target forms once)."""
        shown: set[str] = set()
        lines = []
        for diagnostic in self.diagnostics:
            lines.append(diagnostic.render(with_hint=diagnostic.hint not in shown,
                                           with_details=diagnostic.details not in shown, lang=lang))
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


def suggestion(word: str, choices, prefix: str = Bilingual("Menade du", "Did you mean")) -> str:
    """`Menade du 'kundnojdhet'? ` (English: `Did you mean 'kundnojdhet'? `) for a close match, else
    nothing: the one place that suggests. A `prefix` of its own may be `Bilingual`."""
    by_folded = {str(choice).casefold(): str(choice) for choice in choices}
    close = difflib.get_close_matches(str(word).casefold(), list(by_folded), n=1, cutoff=0.6)
    if not close:
        return ""
    return Bilingual(f"{prefix} '{by_folded[close[0]]}'? ", f"{english(prefix)} '{by_folded[close[0]]}'? ")


# What the operating system said, in Swedish and English: never its own strerror, whose language is the machine's.
_OS_ERRORS = {
    "EACCES": ("åtkomst nekad: du saknar behörighet", "access denied: you lack permission"),
    "EPERM": ("åtgärden är inte tillåten", "the operation is not permitted"),
    "ENOSPC": ("disken är full", "the disk is full"),
    "EDQUOT": ("diskkvoten är slut", "the disk quota is used up"),
    "EFBIG": ("filen blir för stor", "the file grows too large"),
    "EROFS": ("filsystemet är skrivskyddat", "the file system is read-only"),
    "EISDIR": ("sökvägen är en mapp, inte en fil", "the path is a folder, not a file"),
    "ENOTDIR": ("en del av sökvägen är inte en mapp", "a part of the path is not a folder"),
    "ENOENT": ("filen eller mappen finns inte", "the file or folder does not exist"),
    "EEXIST": ("filen finns redan", "the file already exists"),
    "ENOTEMPTY": ("mappen är inte tom", "the folder is not empty"),
    "ENAMETOOLONG": ("filnamnet är för långt", "the file name is too long"),
    "ELOOP": ("för många nivåer av symboliska länkar (kanske en länk som pekar på sig själv)",
              "too many levels of symbolic links (perhaps a link that points to itself)"),
    "EXDEV": ("filen kan inte flyttas mellan två filsystem", "the file cannot be moved between two file systems"),
    "EBUSY": ("filen eller enheten är upptagen", "the file or device is busy"),
    "ETXTBSY": ("filen är ett program som körs just nu", "the file is a program that is running right now"),
    "EIO": ("in- eller utmatningsfel på disken eller enheten", "an input or output error on the disk or device"),
    "ENXIO": ("enheten finns inte, eller ingen läser från den", "the device does not exist, or nothing reads from it"),
    "ENODEV": ("enheten finns inte", "the device does not exist"),
    "EPIPE": ("mottagaren har slutat läsa", "the receiver has stopped reading"),
    "EMFILE": ("för många öppna filer", "too many open files"),
    "ENFILE": ("för många öppna filer i systemet", "too many open files in the system"),
    "ENOMEM": ("minnet räcker inte", "out of memory"),
    "EINVAL": ("ogiltig sökväg eller ogiltigt argument", "an invalid path or argument"),
    "EAGAIN": ("resursen är tillfälligt upptagen; försök igen", "the resource is busy for now; try again"),
    "EINTR": ("avbrutet av en signal", "interrupted by a signal"),
    "ETIMEDOUT": ("tidsgränsen överskreds", "the time limit was exceeded"),
    "ESTALE": ("nätverksfilen är inte längre giltig", "the network file is no longer valid"),
    "EOPNOTSUPP": ("filsystemet stöder inte åtgärden", "the file system does not support the operation"),
    "ENOTSUP": ("filsystemet stöder inte åtgärden", "the file system does not support the operation"),
    "EILSEQ": ("ogiltiga tecken i filnamnet", "invalid characters in the file name"),
    "EBADF": ("filen är inte öppen för skrivning", "the file is not open for writing"),
    "ENOTCONN": ("nätverksanslutningen är bruten", "the network connection is broken"),
    "ECONNRESET": ("nätverksanslutningen bröts", "the network connection was reset"),
    "EHOSTDOWN": ("nätverksdatorn svarar inte", "the network host does not answer"),
}
OS_ERROR_TEXTS = {number: Bilingual(*_OS_ERRORS[name]) for name in _OS_ERRORS
                  if (number := getattr(errno, name, None))}


def os_error_text(exc: OSError) -> str:
    """What went wrong in `exc`, as a short phrase without a full stop (`Bilingual`), for a message such as
    `Filen kan inte skrivas ({os_error_text(exc)}).`; never the operating system's own text. An
    errno without a text of ours is named (`ett systemfel (EHWPOISON)`), so that it can be looked up."""
    number = exc.errno
    if number in OS_ERROR_TEXTS:
        return OS_ERROR_TEXTS[number]
    if number is None:
        return Bilingual("ett okänt systemfel", "an unknown system error")
    name = errno.errorcode.get(number, f"felnummer {number}")
    return Bilingual(f"ett systemfel ({name})", f"a system error ({errno.errorcode.get(number, f'error number {number}')})")
