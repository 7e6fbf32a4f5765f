"""Counting words for generated summaries: nouns with their Swedish gender and forms, small numbers
spelled out, participles that agree, names quoted and listed. Kept apart from the summary's sentences
so that "ett av tre mål", "en av tre indikatorer", "båda målen" and "neither goal" are decided in one place.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..model import HierarchyLevel, Level

# Swedish house style (Språkrådet, Myndigheternas skrivregler): numbers up to twelve are written as
# words in running text, larger ones as digits. English summaries follow the same limit.
SPELLED_UP_TO = 12

# The words num2words writes for 0 to SPELLED_UP_TO (tests/test_startup.py compares them): importing
# num2words imports every language it has, which would cost a command line run more than its summaries.
_SPELLED = {
    "sv": ("noll", "ett", "två", "tre", "fyra", "fem", "sex", "sju", "åtta", "nio", "tio", "elva", "tolv"),
    "en": ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
           "twelve"),
}


@dataclass(frozen=True)
class Noun:
    """What is counted, in one language. Swedish needs the gender ("ett mål", "en indikator") and the
    definite forms ("båda målen", "perspektivet"); None where a form is not known for a level the rule
    file names itself, and the sentence then takes a wording that does without it."""

    singular: str
    plural: str
    neuter: bool = False  # Swedish ett-ord; unused in English
    definite: str | None = None  # "perspektivet", "det strategiska målet"; English: "the perspective"
    definite_plural: str | None = None  # "målen", "strategiska målen" (without "de"); English: "goals"
    adjective: bool = False  # "strategiska målen": "båda de strategiska målen"


# The last part of a Swedish compound decides its gender and forms ("målområde" is an "område"):
# (suffix, plural ending after the suffix, definite singular ending, definite plural ending, neuter).
_SV_NOUNS = (
    ("perspektiv", "perspektiv", "perspektivet", "perspektiven", True),
    ("område", "områden", "området", "områdena", True),
    ("uppdrag", "uppdrag", "uppdraget", "uppdragen", True),
    ("mål", "mål", "målet", "målen", True),
    ("kort", "kort", "kortet", "korten", True),
    ("indikator", "indikatorer", "indikatorn", "indikatorerna", False),
    ("faktor", "faktorer", "faktorn", "faktorerna", False),
    ("strategi", "strategier", "strategin", "strategierna", False),
    ("inriktning", "inriktningar", "inriktningen", "inriktningarna", False),
)

INDICATOR = {"sv": Noun("indikator", "indikatorer", False, "indikatorn", "indikatorerna"),
             "en": Noun("indicator", "indicators", definite="the indicator", definite_plural="indicators")}
SCORECARD = {"sv": Noun("styrkort", "styrkort", True, "styrkortet", "styrkorten"),
             "en": Noun("scorecard", "scorecards", definite="the scorecard", definite_plural="scorecards")}


def level_noun(level: HierarchyLevel, lang: str) -> Noun:
    """A hierarchy level as a noun. Swedish forms come from the compound's last part when it is one of
    the usual scorecard words; for another word the gender defaults to neuter (ett), as for mål,
    område and perspektiv, and the definite forms are left unknown."""
    if lang == "en":
        return Noun(level.name_en, level.plural_en, definite=f"the {level.name_en}",
                    definite_plural=level.plural_en)
    *adjectives, head = level.name.split()
    plural_words = level.key.split() if level.key != level.name else None
    for suffix, plural, definite, definite_plural, neuter in _SV_NOUNS:
        if head.casefold().endswith(suffix):
            stem = head[:len(head) - len(suffix)]
            if adjectives and plural_words is None:
                break  # "strategiskt mål" without its plural list key: the adjective's plural is unknown
            before = " ".join(plural_words[:-1]) + " " if adjectives else ""
            article = ("det " if neuter else "den ") if adjectives else ""
            return Noun(level.name, before + stem + plural, neuter,
                        article + before + stem + definite, before + stem + definite_plural, bool(adjectives))
    return Noun(level.name, level.key if plural_words else level.name, True)


def number(count: int, noun: Noun, lang: str, digits: bool = False) -> str:
    """A count as running text writes it: words up to twelve, agreeing with the noun's gender.

    num2words writes 1 as the neuter "ett" in Swedish (and 21 as "tjugoett"); a common-gender noun
    takes "en", the only change Swedish gender needs below thirteen."""
    if digits or count > SPELLED_UP_TO:
        return str(count)
    if lang in _SPELLED and isinstance(count, int) and 0 <= count <= SPELLED_UP_TO:
        word = _SPELLED[lang][count]
    else:
        from num2words import num2words  # a language or a count the table does not have

        word = num2words(count, lang=lang)
    if lang == "sv" and count == 1 and not noun.neuter:
        word = "en"
    return word


def no(noun: Noun, lang: str) -> str:
    """The negative determiner: "inget" (ett-ord), "ingen" (en-ord), "no"."""
    if lang == "en":
        return "no"
    return "inget" if noun.neuter else "ingen"


def pronoun(noun: Noun, lang: str, count: int = 1) -> str:
    """"det"/"den"/"de" in Swedish, "it"/"they" in English."""
    if lang == "en":
        return "it" if count == 1 else "they"
    if count != 1:
        return "de"
    return "det" if noun.neuter else "den"


_PARTICIPLES = {  # Swedish: (ett-ord singular, en-ord singular, plural)
    Level.FULFILLED: ("uppfyllt", "uppfylld", "uppfyllda"),
    Level.PARTLY: ("delvis uppfyllt", "delvis uppfylld", "delvis uppfyllda"),
    Level.NOT_FULFILLED: ("inte uppfyllt", "inte uppfylld", "inte uppfyllda"),
    Level.NOT_ASSESSED: ("inte bedömt", "inte bedömd", "inte bedömda"),
}
_PARTICIPLES_EN = {Level.FULFILLED: "fulfilled", Level.PARTLY: "partly fulfilled",
                   Level.NOT_FULFILLED: "not fulfilled", Level.NOT_ASSESSED: "not assessed"}


def participle(level: Level, noun: Noun, lang: str, count: int = 1) -> str:
    """The level as a predicate that agrees: "uppfyllt" (ett mål), "uppfylld" (en indikator), "uppfyllda"."""
    if lang == "en":
        return _PARTICIPLES_EN[level]
    neuter, common, plural = _PARTICIPLES[level]
    if count != 1:
        return plural
    return neuter if noun.neuter else common


def denied(level: Level, noun: Noun, lang: str) -> str:
    """What a negative sentence denies, in the singular: "inget mål är uppfyllt" for ej uppfyllt, "ingen
    indikator är bedömd" for ej bedömt."""
    if lang == "en":
        return "fulfilled" if level is Level.NOT_FULFILLED else "assessed"
    if level is Level.NOT_FULFILLED:
        return participle(Level.FULFILLED, noun, lang)
    return "bedömt" if noun.neuter else "bedömd"


def be(count: int, lang: str) -> str:
    return "är" if lang == "sv" else "is" if count == 1 else "are"


def quoted(name: str, lang: str) -> str:
    """A name as the summary cites it: in the language's quotation marks, without a closing full stop."""
    name = " ".join(name.split()).rstrip(".")
    return f"”{name}”" if lang == "sv" else f"“{name}”"


def listing(parts: list[str], lang: str) -> str:
    """"a", "a och b", "a, b och c" ("and" in English, no serial comma)."""
    conjunction = " och " if lang == "sv" else " and "
    if len(parts) <= 1:
        return "".join(parts)
    return ", ".join(parts[:-1]) + conjunction + parts[-1]


def sentence(text: str) -> str:
    """A sentence with a capital first letter and a full stop."""
    text = text.strip()
    if not text:
        return ""
    text = text[0].upper() + text[1:]
    return text if text.endswith((".", "!", "?")) else text + "."
