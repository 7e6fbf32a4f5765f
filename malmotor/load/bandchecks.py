"""Static checks of an indicator's bands: warnings for a file that can be used but most likely is not meant.

Run on a read indicator (the loader has refused what cannot be used: a `delvis` on the wrong side of the
target, a status that is not on the scale). What is left to warn about:

* `delvis-utanför-värdeområde`: the limit for "delvis uppfyllt" lies outside the `värdeområde`
  (`mål: högst 95 %`, `delvis: högst 105 %`, `värdeområde: 0–100`): no value can reach it, so no value
  is ever "ej uppfyllt";
* `delvis-kan-inte-nås`: the target lies at the edge of the `värdeområde` that every value reaches
  (`mål: minst 0 %` with `värdeområde: 0–100`), so no value can be "delvis uppfyllt";
* `dödband-större-än-delvis`: the dead band (`oförändrat inom`) is wider than the band for "delvis
  uppfyllt", so a value can go from uppfyllt to ej uppfyllt while the arrow says "oförändrat".
"""

from __future__ import annotations

from decimal import Decimal

from ruamel.yaml.comments import CommentedMap

from ..diagnostics import Diagnostic, warning
from ..model import Indicator, PartialBound, PartialRange, PartialRatio, Polarity, RangeTarget, ThresholdTarget
from ..numbers import format_number, format_quantity
from .sections import Section
from .yamlsource import key_position


def band_warnings(indicator: Indicator, section: Section, file: str) -> list[Diagnostic]:
    """The warnings about `indicator`'s bands; `section` is the indicator as written, for the places."""
    found = _partial_outside_range(indicator, section, file)
    found += _dead_band_wider_than_partial(indicator, section, file)
    return found


def _clean(text: str) -> str:
    return " ".join(str(text).split())


def _range_text(indicator: Indicator) -> str:
    low, high = indicator.value_range
    return f"{format_number(low)}–{format_number(high)}"


def _partial_place(section: Section) -> tuple[int | None, int | None]:
    """Where the band is written: the indicator's own `delvis`, else its `mål` (the band is `standard`'s)."""
    return section.position_of("delvis" if section.has("delvis") else "mål")


def _partial_written(indicator: Indicator, section: Section) -> str:
    text = f"'{_clean(indicator.partial.text)}'"
    return text if section.has("delvis") else f"{text} (från 'standard')"


def _partial_outside_range(indicator: Indicator, section: Section, file: str) -> list[Diagnostic]:
    target, partial, value_range = indicator.target, indicator.partial, indicator.value_range
    if value_range is None or partial is None:
        return []
    low, high = value_range
    line, column = _partial_place(section)
    band = _partial_written(indicator, section)
    if isinstance(target, ThresholdTarget) and isinstance(partial, (PartialBound, PartialRatio)) \
            and indicator.polarity is not None:
        higher = indicator.polarity is Polarity.HIGHER_IS_BETTER
        edge = low if higher else high  # the worse end of the range
        if target.bound == edge and not target.strict:
            return [warning(
                file, line, f"Gränsen för delvis uppfyllt {band} kan aldrig nås: målet '{_clean(target.phrase)}' "
                f"ligger vid värdeområdets {'undre' if higher else 'övre'} gräns ({_range_text(indicator)}), så "
                "varje värde når målet.",
                "Kontrollera målet och värdeområdet; behövs ingen gräns för delvis uppfyllt, ta bort 'delvis' (eller "
                "skriv 'delvis: ingen' om den kommer från 'standard').", code="delvis-kan-inte-nås", column=column)]
        limit = indicator.partial_limit()
        if limit < low if higher else limit > high:
            shown = "" if isinstance(partial, PartialBound) else f" ({format_quantity(limit, indicator.unit)})"
            return [warning(
                file, line, f"Gränsen för delvis uppfyllt {band}{shown} ligger utanför värdeområdet "
                f"{_range_text(indicator)} och kan aldrig nås: varje värde som inte når målet blir delvis "
                "uppfyllt, inget blir ej uppfyllt.",
                f"Skriv en gräns mellan målet ({format_quantity(target.bound, indicator.unit)}) och värdeområdets "
                f"{'undre' if higher else 'övre'} gräns ({format_number(edge)}), eller 'delvis: ingen' om inget "
                "värde ska vara delvis uppfyllt.", code="delvis-utanför-värdeområde", column=column)]
    if isinstance(target, RangeTarget) and isinstance(partial, PartialRange) and (partial.low < low
                                                                                   or partial.high > high):
        outside = " och ".join(format_number(end) for end, out in ((partial.low, partial.low < low),
                                                                    (partial.high, partial.high > high)) if out)
        return [warning(
            file, line, f"Gränsen för delvis uppfyllt {band} går utanför värdeområdet {_range_text(indicator)}: "
            f"{outside} kan aldrig nås.",
            "Skriv ett intervall för delvis uppfyllt som ligger inom värdeområdet, eller kontrollera värdeområdet.",
            code="delvis-utanför-värdeområde", column=column)]
    return []


def _partial_distance(indicator: Indicator) -> Decimal | None:
    """How wide the band for "delvis uppfyllt" is: from the target to the limit (for a range the narrower
    of its two sides that have a band); None where there is no such band or it is not a fixed value."""
    target, partial = indicator.target, indicator.partial
    if isinstance(target, ThresholdTarget) and target.average is None and isinstance(partial, (PartialBound,
                                                                                                PartialRatio)):
        if indicator.polarity is None:
            return None
        return abs(indicator.partial_limit() - target.bound)
    if isinstance(target, RangeTarget) and isinstance(partial, PartialRange):
        sides = [side for side in (target.low - partial.low, partial.high - target.high) if side > 0]
        return min(sides) if sides else None
    return None


def _dead_band_wider_than_partial(indicator: Indicator, section: Section, file: str) -> list[Diagnostic]:
    band = indicator.trend.unchanged_within
    distance = _partial_distance(indicator)
    if not band or distance is None or band <= distance:
        return []
    trend = section.node.get("utveckling")  # read and checked already: only its place is looked up here
    own = isinstance(trend, CommentedMap) and trend.get("oförändrat inom") is not None
    line, column = key_position(trend, "oförändrat inom") if own else _partial_place(section)
    unit = indicator.unit
    origin = "" if own else " (från 'standard')"
    return [warning(
        file, line, f"Dödbandet 'oförändrat inom: {format_quantity(band, unit)}'{origin} är större än avståndet "
        f"{format_quantity(distance, unit)} mellan målet '{_clean(indicator.target.phrase)}' och gränsen för delvis "
        f"uppfyllt {_partial_written(indicator, section)}: ett värde kan gå från uppfyllt till ej uppfyllt medan "
        "pilen visar oförändrat.",
        f"Gör dödbandet högst {format_quantity(distance, unit)}, eller lägg gränsen för delvis uppfyllt längre från "
        "målet.", code="dödband-större-än-delvis", column=column)]
