"""Write an output file whole or not at all: never a half-written report."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from ..diagnostics import MalmotorError, error


def write_atomically(path: str | Path, text: str) -> None:
    """Write to a temporary file beside the target, then rename it over the target."""
    path = Path(path)
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise MalmotorError([error(str(path), None, f"Mappen '{folder}' finns inte.",
                                   "Skapa mappen först, eller välj en annan sökväg för --output.",
                                   code="mapp-saknas")])
    handle, temporary = None, None
    try:
        handle, temporary = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".tmp")
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as stream:
            handle = None
            stream.write(text)
        os.chmod(temporary, _mode_for(path))
        os.replace(temporary, path)
        temporary = None
    except OSError as exc:
        raise MalmotorError([error(str(path), None, f"Filen kan inte skrivas ({exc.strerror}).",
                                   "Kontrollera att mappen finns och att du har skrivrätt.",
                                   code="fil-oskrivbar")]) from None
    finally:
        if handle is not None:
            os.close(handle)
        if temporary is not None and os.path.exists(temporary):
            os.unlink(temporary)


def _mode_for(path: Path) -> int:
    """An existing file keeps its permissions; a new one gets what `open` would give it (umask),
    not the owner-only mode of a temporary file."""
    try:
        return path.stat().st_mode & 0o7777
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask
