"""What a key is judged on: its measured value in a period and its comparison values, interpreted
against the indicator (a number in the indicator's unit, statuses on the scale, or a reason why not)."""

from decimal import Decimal, localcontext
from typing import Literal

from .period import Period
from .frozen import Frozen

# mätt: a usable value (measured, or derived from a change written with a later value); saknas: written
# as missing ("saknas", "-", "Statistik saknas"); kan_inte_mätas: written as such;
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
    # For a value written as missing or not measurable: the word as written ("Statistik saknas", ".."),
    # for the explanation to quote; None when no file wrote a word (Kolada's null, no value at all).
    written: str | None = None
    # A comparison value derived from a change written after a later period's value (`3,8 % (+0,4
    # procentenheter jämfört med föregående år)`): the change, signed as written (an increase is
    # positive), and whether it is relative (`ökning med 4 %` of a value not in %), so the value is
    # that value / 1,04, or absolute (in the indicator's unit; for a %-indicator in percentage points),
    # so the value is that value − the change. None for a value measured in its own period.
    change: Decimal | None = None
    change_relative: bool = False
    # A comparison value of a series (`medel`, `riket`) that a target such as `minst medel` compares with:
    # the series' name as the rule file declares it; None for the key's own values.
    series: str | None = None

    @property
    def measured(self) -> bool:
        return self.state == "mätt"

    @property
    def derived(self) -> bool:
        """Computed from a change written with another period's value, not measured in its own."""
        return self.change is not None


class IndicatorInputs(Frozen):
    current: Observation
    # comparison for Öka/Minska/Ingen ökning/Oförändrat, or the series value for `minst medel`
    target_base: Observation | None = None
    trend_base: Observation | None = None  # comparison for the arrow
    # For a target judged on an average (`i snitt minst 2 % under 2021–2023`): the values averaged, one per
    # period in order, the judged period's last; empty for every other target.
    averaged: tuple[Observation, ...] = ()
    averaging: bool = False  # the target is judged on `averaged` (which is empty before its first year)

    @property
    def judged(self) -> Observation | None:
        """What the level is judged on, when it is not the current value: the first of the averaged
        values that is not measured (it gives the reason), else None."""
        if not self.averaging:
            return None
        return next((observation for observation in self.averaged if not observation.measured), None)

    def average(self) -> Decimal | None:
        """The exact average of the averaged values (60 digits), when every one of them is measured."""
        if not self.averaging or not self.averaged or self.judged is not None:
            return None
        with localcontext() as context:
            context.prec = 60
            return sum((observation.value for observation in self.averaged), Decimal(0)) / len(self.averaged)
