"""The command line's own words in Swedish or English: help, usage lines, option help and metavars.

Each command is written in Swedish where click expects its words (the decorators and the docstring), so the
Swedish help stays as it is, and names its English in a table beside it (`English`). The group reads `--lang`
before click parses anything (`language_of`), puts that language's words on itself and every command for the
one run (`speaking`) and back afterwards, and lets click speak the same language (cli/swedish.py); so help,
usage lines and click's usage errors, which name the metavars, all follow `--lang`.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import MutableMapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Callable, Iterator, Mapping

import click

from . import swedish

LANGUAGES = ("sv", "en")


@dataclass(frozen=True)
class English:
    """A command's words in English. `options`: a parameter's name → its help; `metavars`: a parameter's
    name → its metavar, for every argument and option whose Swedish metavar is written out."""

    help: str
    options: Mapping[str, str] = field(default_factory=dict)
    metavars: Mapping[str, str] = field(default_factory=dict)
    short_help: str | None = None  # None: click takes the help's first sentence
    options_metavar: str = "[OPTIONS]"
    subcommand_metavar: str = "COMMAND [ARGS]..."  # a group's


class BilingualCommand(click.Command):
    """A command with its English beside its Swedish (`english=English(...)` in `click.command`)."""

    def __init__(self, *args, english: English, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.english = english


class LazyCommands(MutableMapping):
    """A group's commands by name, each imported when it is first looked up: `malmotor evaluate` then never
    imports what the other commands need (the trace, the rule tests, the diff). Names are known from the start
    (`sorted(group.commands)` imports nothing); looking a command up, or going through `values()`, imports it.
    `on_load` is told of every command imported, so that it speaks the run's language (`speaking`)."""

    def __init__(self, where: Mapping[str, str], on_load: Callable[[click.Command], None]) -> None:
        self._entries: dict[str, click.Command | str] = dict(where)  # a command, or "module:attribute" to import
        self._on_load = on_load

    def __getitem__(self, name: str) -> click.Command:
        entry = self._entries[name]
        if isinstance(entry, str):
            module, attribute = entry.split(":")
            entry = self._entries[name] = getattr(importlib.import_module(module), attribute)
            self._on_load(entry)
        return entry

    def __setitem__(self, name: str, command: click.Command) -> None:
        self._entries[name] = command

    def __delitem__(self, name: str) -> None:
        del self._entries[name]

    def __contains__(self, name: object) -> bool:
        return name in self._entries

    def __iter__(self) -> Iterator[str]:
        return iter(self._entries)

    def __len__(self) -> int:
        return len(self._entries)

    def loaded(self) -> list[click.Command]:
        """The commands imported so far, without importing the others."""
        return [entry for entry in self._entries.values() if not isinstance(entry, str)]


class BilingualGroup(click.Group):
    """The command group: speaks the language `--lang` names, wherever it stands on the command line.

    `lazy_commands` (name → "module:attribute") are commands imported only when the run asks for them."""

    command_class = BilingualCommand
    lang = "sv"
    _speaking: tuple[str, list[Callable[[], None]]] | None = None  # in `speaking`: its language, how to undo it

    def __init__(self, *args, english: English, lazy_commands: Mapping[str, str] | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.english = english
        self.commands = LazyCommands({**self.commands, **(lazy_commands or {})}, self._speak_on_load)

    def _speak_on_load(self, command: click.Command) -> None:
        """A command imported in the middle of a run speaks the run's language, until the run is over."""
        if self._speaking is not None:
            lang, undo = self._speaking
            undo.extend(_speak(command, lang))

    def main(self, args=None, *rest, **options):
        self.lang = language_of(list(sys.argv[1:] if args is None else args))
        swedish.install() if self.lang != "en" else swedish.uninstall()
        with speaking(self, self.lang):
            return super().main(args, *rest, **options)


def language_of(args: list[str]) -> str:
    """`--lang` as given (the last one), looked up before click parses anything, so that click's own messages
    (a usage error in the very same command line) and the help come in that language too."""
    found = "sv"
    for index, arg in enumerate(args):
        if arg == "--":
            break
        if arg == "--lang" and index + 1 < len(args):
            found = args[index + 1]
        elif arg.startswith("--lang="):
            found = arg.split("=", 1)[1]
    return found


def language(ctx: click.Context | None = None) -> str:
    """The language of this run's own words: `--lang`, as the group read it before parsing ("sv" outside a run)."""
    ctx = ctx or click.get_current_context(silent=True)
    return getattr(ctx.find_root().command, "lang", "sv") if ctx is not None else "sv"


def pick(swedish_text: str, english_text: str, lang: str | None = None) -> str:
    """One of two texts of the command line, by `lang` (or the run's language)."""
    return english_text if (lang or language()) == "en" else swedish_text


def language_option(swedish_help: str, *, expose_value: bool = True) -> Callable:
    """`--lang sv|en`, with its Swedish help (the English is in the command's table)."""
    return click.option("--lang", type=click.Choice(LANGUAGES), default="sv", show_default=True,
                        expose_value=expose_value, help=swedish_help)


def commands(group: click.Command) -> Iterator[click.Command]:
    """The group itself and every command beneath it (importing those not imported yet)."""
    yield group
    for command in getattr(group, "commands", {}).values():
        yield from commands(command)


def _imported_commands(group: click.Command) -> Iterator[click.Command]:
    """As `commands`, without importing a command the run has not asked for (it speaks when it is imported)."""
    yield group
    found = getattr(group, "commands", {})
    for command in found.loaded() if isinstance(found, LazyCommands) else found.values():
        yield from _imported_commands(command)


def _speak(command: click.Command, lang: str) -> list[Callable[[], None]]:
    if hasattr(command, "_help_option"):  # click caches "-h, --help" with the words of the run that made it
        command._help_option = None
    if lang == "en" and getattr(command, "english", None) is not None:
        return [_put_english(command)]
    return []


@contextmanager
def speaking(group: click.Command, lang: str) -> Iterator[None]:
    """The group and its commands in `lang` for the duration: their English put on in place of the Swedish,
    and the Swedish put back afterwards; a command imported meanwhile too (`BilingualGroup`)."""
    undo: list[Callable[[], None]] = []
    for command in _imported_commands(group):
        undo.extend(_speak(command, lang))
    before = getattr(group, "_speaking", None)
    if isinstance(group, BilingualGroup):
        group._speaking = (lang, undo)
    try:
        yield
    finally:
        if isinstance(group, BilingualGroup):
            group._speaking = before
        for each in reversed(undo):
            each()


_COMMAND_WORDS = ("help", "short_help", "options_metavar", "subcommand_metavar")


def _put_english(command: click.Command) -> Callable[[], None]:
    english = command.english
    saved = {name: getattr(command, name) for name in _COMMAND_WORDS if hasattr(command, name)}
    saved_params = [(param, getattr(param, "help", None), param.metavar) for param in command.params]
    command.help, command.short_help, command.options_metavar = english.help, english.short_help, \
        english.options_metavar
    if "subcommand_metavar" in saved:
        command.subcommand_metavar = english.subcommand_metavar
    for param in command.params:
        if param.name in english.options and isinstance(param, click.Option):
            param.help = english.options[param.name]
        if param.name in english.metavars:
            param.metavar = english.metavars[param.name]

    def undo() -> None:
        for name, value in saved.items():
            setattr(command, name, value)
        for param, help_text, metavar in saved_params:
            if isinstance(param, click.Option):
                param.help = help_text
            param.metavar = metavar

    return undo
