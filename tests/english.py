"""Every message malmotor writes has its English beside it (`Bilingual`), and that English is English.

`tests/conftest.py` records every `Diagnostic` made by malmotor's own code during a test and fails the test
when one of its texts has no English or when the English still reads as Swedish. The check of the words
leaves out what is quoted ('mål', "Öka", ”Ekonomi”, `…`): names, keys and phrases of a rule file are
Swedish in both languages.
"""

from __future__ import annotations

import re

from malmotor.diagnostics import Bilingual

# A quote opens after a non-letter and closes before one, so that an apostrophe (the file's) is no quote.
_QUOTED = re.compile(r"(?<!\w)'[^'\n]*'(?!\w)|\"[^\"\n]*\"|”[^”\n]*”|“[^”\n]*”|`[^`\n]*`|«[^»\n]*»")
_SWEDISH = re.compile(r"[åäöÅÄÖ]|\b(och|är|ska|inte|eller|måste|finns|skriv|ange|står|som|på|av|varje|värdet|"
                      r"raden|filen|saknas|nyckeln|menade|gäller|för|med|kan|till|det|den|ett|en|har|om|vid|"
                      r"under|utan|eftersom|bara|efter|före|också|här|där)\b", re.IGNORECASE)


def swedish_left(english_text: str) -> str | None:
    """The first Swedish word or letter outside quotes in `english_text`, or None."""
    found = _SWEDISH.search(_QUOTED.sub("''", english_text))
    return found[0] if found else None


def problems(diagnostic) -> list[str]:
    """What is wrong with the English of one diagnostic: a text without English, or English with Swedish."""
    found = []
    for field in ("message", "hint", "details"):
        text = getattr(diagnostic, field)
        if not text:
            continue
        if not isinstance(text, Bilingual):
            found.append(f"{field} has no English: {text!r}")
            continue
        word = swedish_left(text.en)
        if word:
            found.append(f"{field}'s English has the Swedish {word!r}: {text.en!r}")
    return found
