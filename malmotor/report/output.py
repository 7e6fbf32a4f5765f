"""Write an output file whole or not at all: never a half-written report, never over an input.

* A regular file (or a new one) is written to a temporary file beside it, then renamed over it: a
  reader sees the old report or the new one, nothing in between. An existing file keeps its
  permissions, and its owner and group (always when run as root). A file without write permission
  (0444), or one the user may not write, is refused, not replaced.
* A symbolic link is followed: its target is written (atomically, as above) and the link stays.
* A character device, a FIFO or any other file that is not a regular file (`/dev/null`, `/dev/stdout`,
  a named pipe) is opened and written to directly; it is never replaced by a regular file.
* The output is never one of `inputs` (the rule file, a measures file), under whatever name: the
  same file, another spelling of its path, a hard link or a symbolic link to it.
"""

from __future__ import annotations

import os
import stat
import tempfile
from collections.abc import Iterable
from pathlib import Path

from ..diagnostics import Bilingual, ExitCode, MalmotorError, english, error, os_error_text

_UNWRITABLE_HINT = Bilingual("Kontrollera att mappen finns, att du har skrivrätt och att disken inte är full.",
                             "Check that the folder exists, that you have permission to write there and that the disk "
                             "is not full.")
_CHOOSE_ANOTHER = Bilingual("Välj en annan fil för --output", "Choose another file for --output")


def write_atomically(path: str | Path, text: str | bytes, *, inputs: Iterable[str | Path] = ()) -> None:
    """Write `text` (UTF-8; bytes as they are, e.g. a workbook) to `path`, refusing if `path` is one of `inputs`."""
    shown, path = os.fspath(path), Path(path)  # messages name the path as the user wrote it
    refuse_an_input(shown, inputs)
    target = follow_link(path)
    try:
        found = os.stat(target)
    except FileNotFoundError:
        found = None
    except OSError as exc:
        raise unwritable(shown, exc) from None
    data = text if isinstance(text, bytes) else text.encode("utf-8")
    if found is not None and stat.S_ISDIR(found.st_mode):
        example = path / "resultat.txt"
        raise MalmotorError([error(shown, None, Bilingual("Sökvägen är en mapp, inte en fil.",
                                                          "The path is a folder, not a file."),
                                   Bilingual(f"Ge ett filnamn, t.ex. --output {example}.",
                                             f"Give a file name, for example --output {example}."),
                                   code="utdata-är-mapp")])
    if found is not None and not stat.S_ISREG(found.st_mode):
        _write_through(shown, target, data)
    else:
        if found is not None:
            refuse_a_protected_file(shown, target, found)
        _replace(shown, target, data, found)


def refuse_a_protected_file(shown: str, target: Path, found: os.stat_result) -> None:
    """A file without write permission is not replaced, although a rename would replace it (the folder
    decides that), and although root may write anything: someone made it read-only on purpose."""
    if not found.st_mode & 0o222:
        raise MalmotorError([error(shown, None, Bilingual("Filen är skrivskyddad och skrivs inte över.",
                                                          "The file is read-only and is not overwritten."),
                                   _CHOOSE_ANOTHER + Bilingual(f", eller ta bort skrivskyddet först om filen ska "
                                                               f"ersättas: chmod u+w {shown}",
                                                               f", or make it writable first if it is to be "
                                                               f"replaced: chmod u+w '{shown}'"),
                                   code="skrivskyddad-fil")])
    if not os.access(target, os.W_OK):
        raise MalmotorError([error(shown, None, Bilingual("Filen skrivs inte över: du saknar skrivrätt till den.",
                                                          "The file is not overwritten: you lack permission to write "
                                                          "to it."),
                                   _CHOOSE_ANOTHER + Bilingual(", eller be filens ägare om skrivrätt.",
                                                               ", or ask the file's owner for permission to write."),
                                   code="skrivskyddad-fil")])


def refuse_an_input(shown: str, inputs: Iterable[str | Path]) -> None:
    for given in inputs:
        if _same_file(Path(shown), Path(given)):
            raise MalmotorError([error(
                shown, None, Bilingual(f"Utdatafilen '{shown}' är samma fil som indatafilen '{os.fspath(given)}'.",
                                       f"The output file '{shown}' is the same file as the input file "
                                       f"'{os.fspath(given)}'."),
                Bilingual("Resultatet skulle skriva över indata. ", "The result would overwrite an input. ")
                + _CHOOSE_ANOTHER + ".", code="utdata-är-indata")], exit_code=ExitCode.USAGE)


def _same_file(output: Path, given: Path) -> bool:
    """The same regular file, by device and inode (another path, a hard link, a symbolic link), or, for
    a file that does not exist yet, by its resolved path. A device or a pipe that is both read and
    written (`/dev/stdin` and `/dev/stdout` on one terminal) loses nothing and is not refused."""
    try:
        mine, theirs = os.stat(output), os.stat(given)
    except OSError:
        return os.path.realpath(output) == os.path.realpath(given)
    return (mine.st_dev, mine.st_ino) == (theirs.st_dev, theirs.st_ino) and stat.S_ISREG(mine.st_mode)


def follow_link(path: Path) -> Path:
    """The file a symbolic link points to (through every link on the way, also one whose target does
    not exist yet), so that the link is kept and its target written; any other path as it is."""
    return Path(os.path.realpath(path)) if os.path.islink(path) else path


def _write_through(shown: str, target: Path, data: bytes) -> None:
    """A device or a pipe: open it and write, as a shell's `>` would; no temporary file, no rename.
    No O_CREAT: should the device vanish meanwhile, nothing is created in its place."""
    try:
        handle = os.open(target, os.O_WRONLY | getattr(os, "O_NOCTTY", 0))
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
    except OSError as exc:
        raise unwritable(shown, exc) from None


def _replace(shown: str, target: Path, data: bytes, found: os.stat_result | None = None) -> None:
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise MalmotorError([error(shown, None, Bilingual(f"Mappen '{folder}' finns inte.",
                                                          f"The folder '{folder}' does not exist."),
                                   Bilingual("Skapa mappen först, eller välj en annan sökväg för --output.",
                                             "Create the folder first, or choose another path for --output."),
                                   code="mapp-saknas")])
    handle, temporary = None, None
    try:
        handle, temporary = tempfile.mkstemp(dir=folder, prefix=f".{target.name}.", suffix=".tmp")
        with os.fdopen(handle, "wb") as stream:
            handle = None
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        if found is not None:
            keep_owner(temporary, found)
        os.chmod(temporary, mode_for(target))  # after chown, which may clear the set-id bits
        os.replace(temporary, target)
        temporary = None
    except OSError as exc:
        raise unwritable(shown, exc) from None
    finally:
        if handle is not None:
            os.close(handle)
        if temporary is not None and os.path.exists(temporary):
            os.unlink(temporary)


def unwritable(shown: str, exc: OSError) -> MalmotorError:
    reason = os_error_text(exc)
    return MalmotorError([error(shown, None, Bilingual(f"Filen kan inte skrivas ({reason}).",
                                                       f"The file cannot be written ({english(reason)})."),
                                _UNWRITABLE_HINT, code="fil-oskrivbar")])


def keep_owner(temporary: str, found: os.stat_result) -> None:
    """The file that replaces an existing one gets its owner and group: root running a report into a
    user's file must not leave it owned by root. Anyone else can only give the file a group they are in;
    if not even that, the file is theirs, as any file they write."""
    mine = os.stat(temporary)
    if (mine.st_uid, mine.st_gid) == (found.st_uid, found.st_gid):
        return
    try:
        os.chown(temporary, found.st_uid, found.st_gid)
    except PermissionError:
        if os.geteuid() == 0:
            raise
        try:
            os.chown(temporary, -1, found.st_gid)
        except PermissionError:
            pass


def mode_for(path: Path) -> int:
    """An existing file keeps its permissions; a new one gets what `open` would give it (umask),
    not the owner-only mode of a temporary file."""
    try:
        return path.stat().st_mode & 0o7777
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask
