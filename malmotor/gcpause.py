"""The cyclic garbage collector kept out of work that only makes objects that live on.

Reading a large rule or measures file makes hundreds of thousands of objects (the YAML tree, the rows, the
models) and almost none of them is garbage; Python's collector counts them and walks them all again and again
while they are made: a third of the time of loading 10 000 indicators. Reference counting still frees every
object that is not in a cycle at once; cycles made meanwhile wait for the collector, which runs as usual again
afterwards. Its first run then walks once what the block made (about a tenth of the time the block took), unless
the block's caller says that what was made is there to stay (`freeze_survivors`).
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused(freeze_survivors: bool = False) -> Iterator[None]:
    """The collector off inside the block and on again after it, however the block ends. Nested blocks, and a
    collector that was off before (by the program or a caller), are left as they are.

    With `freeze_survivors`, every object alive at the end of the block is moved out of the collector's sight
    for good (`gc.freeze`) instead of being walked by its next run: for a program that keeps what it read until
    it exits (the command line). A cycle among those objects is then never freed, so a library function that
    may be called again and again leaves it False."""
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        if freeze_survivors:
            gc.freeze()
        gc.enable()
