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

from ..diagnostics import Bilingual, Diagnostic, english, warning
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


def _partial_written(indicator: Indicator, section: Section) -> Bilingual:
    text = f"'{_clean(indicator.partial.text)}'"
    return Bilingual(text) if section.has("delvis") else Bilingual(f"{text} (från 'standard')",
                                                                   f"{text} (from 'standard')")


def _edge(higher: bool) -> Bilingual:
    """The worse end of the value range: the lower one where higher is better."""
    return Bilingual("undre", "lower") if higher else Bilingual("övre", "upper")


def _partial_outside_range(indicator: Indicator, section: Section, file: str) -> list[Diagnostic]:
    target, partial, value_range = indicator.target, indicator.partial, indicator.value_range
    if value_range is None or partial is None:
        return []
    low, high = value_range
    line, column = _partial_place(section)
    band = _partial_written(indicator, section)
    band_en = english(band)
    if isinstance(target, ThresholdTarget) and isinstance(partial, (PartialBound, PartialRatio)) \
            and indicator.polarity is not None:
        higher = indicator.polarity is Polarity.HIGHER_IS_BETTER
        edge = low if higher else high  # the worse end of the range
        side, phrase, range_text = _edge(higher), _clean(target.phrase), _range_text(indicator)
        if target.bound == edge and not target.strict:
            return [warning(file, line, Bilingual(
                f"Gränsen för delvis uppfyllt {band} kan aldrig nås: målet '{phrase}' ligger vid värdeområdets "
                f"{side} gräns ({range_text}), så varje värde når målet.",
                f"The limit {band_en} for 'delvis uppfyllt' can never be reached: the target '{phrase}' lies at the "
                f"{english(side)} edge of the 'värdeområde' ({range_text}), so every value reaches the target."),
                Bilingual("Kontrollera målet och värdeområdet; behövs ingen gräns för delvis uppfyllt, ta bort "
                          "'delvis' (eller skriv 'delvis: ingen' om den kommer från 'standard').",
                          "Check the target and the 'värdeområde'; if no limit for 'delvis uppfyllt' is needed, remove "
                          "'delvis' (or write 'delvis: ingen' if it comes from 'standard')."),
                code="delvis-kan-inte-nås", column=column)]
        limit = indicator.partial_limit()
        if limit < low if higher else limit > high:
            shown = "" if isinstance(partial, PartialBound) else f" ({format_quantity(limit, indicator.unit)})"
            bound, edge_text = format_quantity(target.bound, indicator.unit), format_number(edge)
            return [warning(file, line, Bilingual(
                f"Gränsen för delvis uppfyllt {band}{shown} ligger utanför värdeområdet {range_text} och kan aldrig "
                "nås: varje värde som inte når målet blir delvis uppfyllt, inget blir ej uppfyllt.",
                f"The limit {band_en}{shown} for 'delvis uppfyllt' lies outside the 'värdeområde' {range_text} and can "
                "never be reached: every value that does not reach the target becomes 'delvis uppfyllt', none "
                "becomes 'ej uppfyllt'."),
                Bilingual(f"Skriv en gräns mellan målet ({bound}) och värdeområdets {side} gräns ({edge_text}), eller "
                          "'delvis: ingen' om inget värde ska vara delvis uppfyllt.",
                          f"Write a limit between the target ({bound}) and the {english(side)} edge of the "
                          f"'värdeområde' ({edge_text}), or 'delvis: ingen' if no value is to be 'delvis uppfyllt'."),
                code="delvis-utanför-värdeområde", column=column)]
    if isinstance(target, RangeTarget) and isinstance(partial, PartialRange) and (partial.low < low
                                                                                   or partial.high > high):
        ends = [format_number(end) for end, out in ((partial.low, partial.low < low),
                                                    (partial.high, partial.high > high)) if out]
        range_text = _range_text(indicator)
        return [warning(file, line, Bilingual(
            f"Gränsen för delvis uppfyllt {band} går utanför värdeområdet {range_text}: {' och '.join(ends)} kan "
            "aldrig nås.",
            f"The limit {band_en} for 'delvis uppfyllt' goes beyond the 'värdeområde' {range_text}: "
            f"{' and '.join(ends)} can never be reached."),
            Bilingual("Skriv ett intervall för delvis uppfyllt som ligger inom värdeområdet, eller kontrollera "
                      "värdeområdet.",
                      "Write a range for 'delvis uppfyllt' that lies within the 'värdeområde', or check the "
                      "'värdeområde'."),
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
    origin = Bilingual("") if own else Bilingual(" (från 'standard')", " (from 'standard')")
    band_text, distance_text = format_quantity(band, unit), format_quantity(distance, unit)
    phrase, partial = _clean(indicator.target.phrase), _partial_written(indicator, section)
    return [warning(file, line, Bilingual(
        f"Dödbandet 'oförändrat inom: {band_text}'{origin} är större än avståndet {distance_text} mellan målet "
        f"'{phrase}' och gränsen för delvis uppfyllt {partial}: ett värde kan gå från uppfyllt till ej uppfyllt "
        "medan pilen visar oförändrat.",
        f"The dead band 'oförändrat inom: {band_text}'{english(origin)} is wider than the distance {distance_text} "
        f"between the target '{phrase}' and the limit {english(partial)} for 'delvis uppfyllt': a value can go from "
        "'uppfyllt' to 'ej uppfyllt' while the arrow shows 'oförändrat'."),
        Bilingual(f"Gör dödbandet högst {distance_text}, eller lägg gränsen för delvis uppfyllt längre från målet.",
                  f"Make the dead band at most {distance_text}, or move the limit for 'delvis uppfyllt' further from "
                  "the target."),
        code="dödband-större-än-delvis", column=column)]
