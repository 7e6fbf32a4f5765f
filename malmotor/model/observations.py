"""What a key is judged on: its measured value in a period and its comparison values, interpreted
against the indicator (a number in the indicator's unit, statuses on the scale, or a reason why not)."""

from __future__ import annotations

from decimal import Decimal
from typing import Literal

from .period import Period
from .frozen import Frozen

# mätt: a usable value; saknas: written as missing ("saknas", "-"); kan_inte_mätas: written as such;
# ej_angivet: no value in any file (both missing states give "saknar värde", with different words).
State = Literal["mätt", "saknas", "kan_inte_mätas", "ej_angivet"]


class Observation(Frozen):
    """One period's value of one key, as used by the evaluation."""

    period: Period
    state: State
    value: Decimal | None = None
    statuses: tuple[str, ...] = ()  # milestone parts in order, or ("ja",)/("nej",) for a capability
    source: str | None = None  # "measures/lansteknik-2018.yaml:12"
    missing_part: str | None = None  # the part of a compound milestone that has no value

    @property
    def measured(self) -> bool:
        return self.state == "mätt"


class IndicatorInputs(Frozen):
    current: Observation
    target_base: Observation | None = None  # comparison for Öka/Minska/Ingen ökning/Oförändrat
    trend_base: Observation | None = None  # comparison for the arrow
