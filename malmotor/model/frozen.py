"""The base of every model type: immutable, hashable, and strict about unknown fields.

A model's validator is built when the model is first used (`defer_build`), not when its module is imported:
a command line run imports every model but validates only some, and pydantic's cost per class is mostly that
build. The model modules write their annotations as Python, not as text (no `from __future__ import
annotations`; the few forward references are quoted), so that pydantic takes each field's type as it is
instead of compiling and evaluating its text. Both are start-up work (docs/performance.md, "Start-up").

pydantic 2.11.0–2.11.4 could validate a deferred model with its base class's validator when two threads used
it first at once (pydantic#11849, fixed in 2.11.5), and a Dask worker evaluates chunks in threads: with those
versions every model is built at import, as before.
"""

import re

from pydantic import VERSION, BaseModel, ConfigDict

_RELEASE = tuple(int(part) for part in re.match(r"(\d+)\.(\d+)\.(\d+)", VERSION).groups())
BUILT_WHEN_FIRST_USED = not (2, 11, 0) <= _RELEASE < (2, 11, 5)


class Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=BUILT_WHEN_FIRST_USED)
