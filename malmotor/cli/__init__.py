"""The command line, a thin layer over the library.

Ctrl-C and SIGTERM are answered in words from the first moment: these handlers stand until the
command group installs its own (cli/main.py), so an interrupt while the library is still being
imported ends the run with the same sentence and exit code as later, not a traceback.
"""

import os
import signal
import sys


_EARLY_WORDS = {
    "sv": {signal.SIGINT: "avbrutet (Ctrl-C). Inget resultat skrevs.",
           signal.SIGTERM: "stoppad (SIGTERM). Inget resultat skrevs."},
    "en": {signal.SIGINT: "interrupted (Ctrl-C). No result was written.",
           signal.SIGTERM: "stopped (SIGTERM). No result was written."},
}


def _early_language() -> str:
    """The last `--lang` on the command line, as bilingual.language_of reads it (not imported this early)."""
    args, found = sys.argv[1:], "sv"
    for arg, after in zip(args, [*args[1:], ""]):
        if arg == "--":
            break
        found = after if arg == "--lang" else arg[len("--lang="):] if arg.startswith("--lang=") else found
    return found if found in _EARLY_WORDS else "sv"


def _early_stop(signum: int, _frame) -> None:
    words = (_EARLY_WORDS[_early_language()][signum], {signal.SIGINT: 130, signal.SIGTERM: 143}[signum])
    try:
        sys.stderr.write(f"malmotor: {words[0]}\n")
        sys.stderr.flush()
    finally:
        os._exit(words[1])  # nothing has been written yet; nothing to clean up


for _signum in (signal.SIGINT, signal.SIGTERM):
    try:
        signal.signal(_signum, _early_stop)
    except ValueError:  # imported outside the main thread (not as the command line): leave signals alone
        break

from ..gcpause import collector_paused  # noqa: E402  (light: gc and contextlib)

# The imports make some 80 000 objects the collector follows (classes, functions, pydantic's schemas) and no
# garbage, and they live as long as the program: the collector is kept out of them, and they are moved out of
# its sight for good (malmotor/gcpause.py), rather than walked again and again while they are made and once
# more after. A process that imports the command line as a library keeps them, and what it had made before, frozen
# too (a little memory, if any of them ever becomes a cycle of garbage).
with collector_paused(freeze_survivors=True):
    from .main import main  # noqa: E402  (after the handlers, on purpose)

__all__ = ["main"]
