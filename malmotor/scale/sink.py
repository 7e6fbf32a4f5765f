"""The command line's output of many units, written unit by unit as the chunks come back.

To a file it is written as every output is (report/output.py): never over an input, a symbolic link's
target replaced and the link kept, a device or a pipe written to directly, and a regular file written to
a temporary file beside it and renamed over it at the very end, so that a run that fails or is stopped
half-way leaves no file and no half of one. Standard output gets each unit's text at once.

The CSV has its rows in four sections, each unit after unit (report/render.csv_sections): the indicator
rows are written as they come, the gap rows, roll-up rows and summaries of every unit wait in anonymous
temporary files and follow at the end. The file is then byte for byte the CSV of all units at once.
"""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path
from typing import BinaryIO, Callable

from ..diagnostics import Bilingual, MalmotorError, error
from ..report.output import (follow_link, keep_owner, mode_for, refuse_a_protected_file, refuse_an_input,
                             unwritable)

BOM = "\ufeff"  # a CSV file starts with it, so that Excel reads å, ä and ö (as without many units)


class AtomicFile:
    """A binary stream to `path` that becomes the file only at `commit`; `discard` leaves nothing."""

    def __init__(self, path: str, inputs: tuple[str, ...]) -> None:
        self.shown = path
        refuse_an_input(path, inputs)
        self.target = follow_link(Path(path))
        try:
            self.found = os.stat(self.target)
        except FileNotFoundError:
            self.found = None
        except OSError as exc:
            raise unwritable(path, exc) from None
        self.temporary: str | None = None
        if self.found is not None and stat.S_ISDIR(self.found.st_mode):
            raise MalmotorError([error(path, None, Bilingual("Sökvägen är en mapp, inte en fil.",
                                                             "The path is a folder, not a file."),
                                       Bilingual(f"Ge ett filnamn, t.ex. --output {Path(path) / 'resultat.csv'}.",
                                                 f"Give a file name, for example --output "
                                                 f"{Path(path) / 'resultat.csv'}."), code="utdata-är-mapp")])
        try:
            if self.found is not None and not stat.S_ISREG(self.found.st_mode):  # /dev/null, a FIFO: written to
                self.stream: BinaryIO = os.fdopen(os.open(self.target, os.O_WRONLY | getattr(os, "O_NOCTTY", 0)), "wb")
                return
            if self.found is not None:
                refuse_a_protected_file(path, self.target, self.found)
            folder = self.target.parent if str(self.target.parent) else Path(".")
            if not folder.is_dir():
                raise MalmotorError([error(path, None, Bilingual(f"Mappen '{folder}' finns inte.",
                                                                 f"The folder '{folder}' does not exist."),
                                           Bilingual("Skapa mappen först, eller välj en annan sökväg för "
                                                     "--output.", "Create the folder first, or choose another "
                                                     "path for --output."), code="mapp-saknas")])
            handle, self.temporary = tempfile.mkstemp(dir=folder, prefix=f".{self.target.name}.", suffix=".tmp")
            self.stream = os.fdopen(handle, "wb")
        except OSError as exc:
            raise unwritable(path, exc) from None

    def write(self, data: bytes) -> None:
        try:
            self.stream.write(data)
        except OSError as exc:
            raise unwritable(self.shown, exc) from None

    def commit(self) -> None:
        try:
            self.stream.flush()
            if self.temporary is not None:
                os.fsync(self.stream.fileno())
            self.stream.close()
            if self.temporary is not None:
                if self.found is not None:
                    keep_owner(self.temporary, self.found)
                os.chmod(self.temporary, mode_for(self.target))  # after chown, which may clear the set-id bits
                os.replace(self.temporary, self.target)
                self.temporary = None
        except OSError as exc:
            raise unwritable(self.shown, exc) from None
        finally:
            self.discard()

    def discard(self) -> None:
        try:
            self.stream.close()
        except OSError:
            pass
        if self.temporary is not None and os.path.exists(self.temporary):
            os.unlink(self.temporary)
        self.temporary = None


class UnitWriter:
    """A run's text in the order of its units: the header once, then each unit's parts.

    `emit` takes text for the destination (a file's UTF-8 bytes, or the console); `csv` keeps the CSV's
    last three sections aside until `finish`."""

    def __init__(self, emit: Callable[[str], None], csv: bool, bom: bool = False) -> None:
        self.emit = emit
        self.started = False
        self.bom = bom
        self.aside = [tempfile.TemporaryFile("w+", encoding="utf-8", newline="") for _ in range(3)] if csv else []
        self.separator = ""  # table and Markdown: a blank line between units, as `render` joins them

    def header(self, text: str) -> None:
        if not self.started:
            self.emit((BOM if self.bom else "") + text)
            self.started = True

    def unit(self, parts: tuple[str, ...], joined_by: str = "") -> None:
        self.header("")
        self.emit(self.separator + parts[0])
        self.separator = joined_by
        for spool, part in zip(self.aside, parts[1:]):
            spool.write(part)

    def finish(self) -> None:
        self.header("")
        for spool in self.aside:
            spool.seek(0)
            while block := spool.read(1 << 20):
                self.emit(block)
        self.close()

    def close(self) -> None:
        for spool in self.aside:
            spool.close()
        self.aside = []
