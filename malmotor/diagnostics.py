"""User mistakes as data: a diagnostic names the file, the line and what to do.

Only `MalmotorError` and its subclasses are caught by the CLI; anything else is a bug in
malmotor and keeps its traceback.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum


class ExitCode(IntEnum):
    """Exit codes of the command line; a verdict such as "ej uppfyllt" never changes them."""

    OK = 0
    INPUT_ERROR = 1  # a rule file or a measures file is wrong
    USAGE = 2  # the command line itself is wrong (click's own code)
    ENGINE = 3  # the rule engine crashed, hung or disagreed with itself: a malmotor bug


@dataclass(frozen=True)
class Diagnostic:
    file: str
    line: int | None
    message: str
    hint: str | None = None
    severity: str = "fel"  # "fel" stops the run, "varning" does not

    def render(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        text = f"{where}: {self.severity}: {self.message}"
        if self.hint:
            text += "\n    " + self.hint.replace("\n", "\n    ")
        return text


class MalmotorError(Exception):
    """One or more user-facing problems, shown together."""

    def __init__(self, diagnostics: list[Diagnostic], exit_code: int = ExitCode.INPUT_ERROR) -> None:
        self.diagnostics = list(diagnostics)
        self.exit_code = exit_code
        super().__init__(self.render())

    def __reduce__(self):  # picklable, e.g. across a process pool
        return (_rebuild, (type(self), self.diagnostics, self.exit_code))

    def render(self) -> str:
        return "\n".join(d.render() for d in self.diagnostics)

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


class EngineError(MalmotorError):
    """The rule engine failed; the message says what happened and that it is not the user's fault."""

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__([Diagnostic("malmotor", None, message, hint)], ExitCode.ENGINE)


def error(file: str, line: int | None, message: str, hint: str | None = None) -> Diagnostic:
    return Diagnostic(file, line, message, hint, "fel")


def warning(file: str, line: int | None, message: str, hint: str | None = None) -> Diagnostic:
    return Diagnostic(file, line, message, hint, "varning")
