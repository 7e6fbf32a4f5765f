"""The legend's colour words (`färg: grön`) as colours on a page: a background and a text colour
that reads on it with a contrast of at least 4.5:1 (WCAG 2.1 AA for normal text).

A rule file names a colour in Swedish (`grön`, `ljusgrön`, `mörkgrön` …), in English (`green`), or
as `#rrggbb`. The text colour is black or white, whichever contrasts more with the background; for
any background one of the two gives at least 4.58:1, so every colour a rule file may give is
readable. A word the palette does not know gets no colour at all: the symbol and the word still say
the level (colour is never the only signal).
"""

from __future__ import annotations

import re

# The documented palette (docs/reports.md): colour word → background, as #rrggbb.
PALETTE: dict[str, str] = {
    "grön": "#2e7d32",
    "mörkgrön": "#1b5e20",
    "ljusgrön": "#9ccc65",
    "gul": "#fdd835",
    "orange": "#f57c00",
    "röd": "#c62828",
    "mörkröd": "#8e0000",
    "ljusröd": "#ef9a9a",
    "rosa": "#f48fb1",
    "blå": "#1565c0",
    "mörkblå": "#0d47a1",
    "ljusblå": "#90caf9",
    "turkos": "#00695c",
    "lila": "#6a1b9a",
    "brun": "#6d4c41",
    "grå": "#d6d6d6",
    "ljusgrå": "#eeeeee",
    "mörkgrå": "#555555",
    "svart": "#000000",
    "vit": "#ffffff",
}
ENGLISH: dict[str, str] = {
    "green": "grön", "dark green": "mörkgrön", "light green": "ljusgrön", "yellow": "gul", "orange": "orange",
    "red": "röd", "dark red": "mörkröd", "light red": "ljusröd", "pink": "rosa", "blue": "blå",
    "dark blue": "mörkblå", "light blue": "ljusblå", "turquoise": "turkos", "purple": "lila", "brown": "brun",
    "grey": "grå", "gray": "grå", "light grey": "ljusgrå", "light gray": "ljusgrå", "dark grey": "mörkgrå",
    "dark gray": "mörkgrå", "black": "svart", "white": "vit",
}
# Spellings without å, ä, ö, as they are sometimes typed.
ASCII: dict[str, str] = {"gron": "grön", "morkgron": "mörkgrön", "ljusgron": "ljusgrön", "rod": "röd",
                         "morkrod": "mörkröd", "ljusrod": "ljusröd", "bla": "blå", "morkbla": "mörkblå",
                         "ljusbla": "ljusblå", "gra": "grå", "ljusgra": "ljusgrå", "morkgra": "mörkgrå"}
BLACK, WHITE = "#000000", "#ffffff"
HEX = re.compile(r"#[0-9a-fA-F]{6}")
AA = 4.5  # the contrast normal text needs (WCAG 2.1, 1.4.3)


def background(colour: str | None) -> str | None:
    """The background of a colour word or `#rrggbb`, as lower-case `#rrggbb`; None for no or an unknown colour."""
    if not colour:
        return None
    word = " ".join(colour.split()).casefold()
    if HEX.fullmatch(word):
        return word
    word = ENGLISH.get(word, ASCII.get(word, word))
    return PALETTE.get(word)


def text_on(back: str) -> str:
    """Black or white, whichever reads better on `back`."""
    return BLACK if contrast(BLACK, back) >= contrast(WHITE, back) else WHITE


def colours(colour: str | None) -> tuple[str, str] | None:
    """(background, text) for a legend colour, or None when it names none the palette knows."""
    back = background(colour)
    return (back, text_on(back)) if back else None


def luminance(hex_colour: str) -> float:
    """Relative luminance (WCAG 2.1)."""
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4
    red, green, blue = (int(hex_colour[i:i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * channel(red) + 0.7152 * channel(green) + 0.0722 * channel(blue)


def contrast(first: str, second: str) -> float:
    """The contrast ratio of two colours, 1 to 21."""
    high, low = sorted((luminance(first), luminance(second)), reverse=True)
    return (high + 0.05) / (low + 0.05)
