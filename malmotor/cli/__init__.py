"""The command line, a thin layer over the library.

Ctrl-C and SIGTERM are answered in words from the first moment: these handlers stand until the
command group installs its own (cli/main.py), so an interrupt while the library is still being
imported ends the run with the same sentence and exit code as later, not a traceback.
"""

import os
import signal
import sys


def _early_stop(signum: int, _frame) -> None:
    words = {signal.SIGINT: ("avbrutet (Ctrl-C)", 130), signal.SIGTERM: ("stoppad (SIGTERM)", 143)}[signum]
    try:
        sys.stderr.write(f"malmotor: {words[0]}. Inget resultat skrevs.\n")
        sys.stderr.flush()
    finally:
        os._exit(words[1])  # nothing has been written yet; nothing to clean up


for _signum in (signal.SIGINT, signal.SIGTERM):
    try:
        signal.signal(_signum, _early_stop)
    except ValueError:  # imported outside the main thread (not as the command line): leave signals alone
        break

from .main import main  # noqa: E402  (after the handlers, on purpose)

__all__ = ["main"]
