"""Target phrases ("Mått för måluppfyllelse") and partial bands, parsed into typed targets.

The accepted forms are listed in `ACCEPTED_FORMS`, which is also what an unknown phrase's
error message shows, so the list and the parser cannot drift apart silently: a test parses
every example in it.
"""

from __future__ import annotations

import re
from decimal import Decimal
from functools import lru_cache

from ..model import (
    CapabilityTarget,
    ChangeTarget,
    ComparisonTarget,
    ManualTarget,
    MilestonePart,
    MilestoneTarget,
    NewMeasureTarget,
    NoTarget,
    NoWorseTarget,
    Partial,
    PartialBound,
    PartialMargin,
    PartialRange,
    PartialRatio,
    PartialStatus,
    Polarity,
    RangeTarget,
    Target,
    ThresholdTarget,
    UnchangedTarget,
)
from ..diagnostics import Bilingual, english, suggestion
from ..numbers import AmbiguousSeparator, NotANumber, normalise_unit, parse_quantity, same_unit
from ..model import AveragePeriods, Baseline
from ..model.period import Period, PeriodError

# Each form's meaning in Swedish and English (`Bilingual`); the forms themselves are the rule file's own words.
ACCEPTED_FORMS = (
    ("Öka, Minska, Ska öka, ska minska",
     Bilingual("bättre än föregående period", "better than the previous period")),
    ("Öka i jmf med 2017, Minska jämfört med T1 2019",
     Bilingual("bättre än en namngiven period (basår)", "better than a named period (a base year)")),
    ("Öka jämfört med samma period föregående år, ska stärkas jämfört med föregående år",
     Bilingual("bättre än samma tertial, kvartal … året före",
               "better than the same tertial, quarter … of the year before")),
    ("Ska förbättras, ska förbättras jämfört med 2017",
     Bilingual("bättre än jämförelsevärdet åt det håll som riktning anger",
               "better than the comparison value, in the direction that 'riktning' gives")),
    ("Ingen ökning, Ingen minskning i jmf med 2017",
     Bilingual("inte sämre än jämförelsevärdet", "no worse than the comparison value")),
    ("Oförändrat",
     Bilingual("inom dödbandet (utveckling: oförändrat inom) kring jämförelsevärdet",
               "within the dead band ('utveckling: oförändrat inom') around the comparison value")),
    ("3 %, 136 p",
     Bilingual("ett gränsvärde; riktningen kommer från indikatorns riktning",
               "a threshold; the direction comes from the indicator's 'riktning'")),
    ("mellan 95 och 105 %, 95–105 %",
     Bilingual("ett målintervall, gränserna inräknade; närmare är bättre",
               "a target range, its bounds included; closer is better")),
    ("i snitt minst 2 % under 2021–2023, i genomsnitt högst 3 % under budgetperioden",
     Bilingual("ett gränsvärde för snittet av flera års värden",
               "a threshold for the average of several years' values")),
    ("minst 80 %, högst 3 %, max 31 %, maximalt 3 arbetsveckor, ≥ 80 %, ≤ 3 %, minst index 41, "
     "ska uppgå till minst 70 procent, ska vara högst 3 %",
     Bilingual("ett gränsvärde med riktning; lika med gränsen räcker",
               "a threshold with a direction; a value equal to the bound is enough")),
    ("över 40 %, > 40 %, mer än 40 %, under 10 %, < 10 %, mindre än 10 %",
     Bilingual("ett gränsvärde som ska passeras; lika med gränsen räcker inte",
               "a threshold to be passed; a value equal to the bound is not enough")),
    ("minst medel, högst riket, lägst rikets nivå, bättre än medel, bland de 25 % bästa",
     Bilingual("lika med eller bättre än ett jämförelsevärde i mätvärdena, av en jämförelse under jämförelser",
               "equal to or better than a comparison value in the measures, of a comparison listed in "
               "'jämförelser'")),
    ("Genomförd, Implementerat, Rutin finns, Windows 10 infört",
     Bilingual("en milstolpe på statusskalan", "a milestone on the status scale")),
    ("Förstudie genomförd och aktiviteter är påbörjade",
     Bilingual("en sammansatt milstolpe (ange delmål)", "a composite milestone (state its parts)")),
    ("Möjlighet till att mäta",
     Bilingual("en förmåga: ja eller nej", "a capability: 'ja' or 'nej'")),
    ("Nytt mått",
     Bilingual("basår: värdet redovisas men bedöms inte", "a base year: the value is reported but not judged")),
    ("Inget mål, Målvärde saknas, -",
     Bilingual("ett mått utan mål: värdet och pilen redovisas men bedöms inte",
               "a measure without a target: the value and the arrow are reported but not judged")),
    ("Investeringarna ska självfinansieras (bedöms manuellt)",
     Bilingual("fri text som inte kan bedömas med ett tal eller en status: värdet och pilen redovisas, målet bedöms "
               "manuellt", "free text that cannot be judged by a number or a status: the value and the arrow are "
               "reported, the target is assessed manually")),
)


BASELINE_WORDS = {"föregående period": "previous", "förra perioden": "previous",
                  "samma period föregående år": "same_last_year", "samma period förra året": "same_last_year",
                  "samma period fg år": "same_last_year", "samma period fg. år": "same_last_year",
                  "samma period i fjol": "same_last_year", "föregående år": "same_last_year",
                  "förra året": "same_last_year", "fg år": "same_last_year"}


class PhraseError(ValueError):
    """A target or partial phrase that cannot be used; `code` is the diagnostic's code (every raise
    in malmotor names one, tests/test_diagnostics.py checks that; the default is for other callers)."""

    def __init__(self, message: str, hint: str | None = None, *, code: str = "okänt-mål",
                 details: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint
        self.code = code
        self.details = details  # the list of accepted forms, shown once however many targets are refused


def accepted_forms_hint() -> str:
    """The list of accepted target forms; in English every form is quoted, since it is written as in a rule file."""
    return Bilingual(
        "Godkända former:\n" + "\n".join(f"  {forms}  ({meaning})" for forms, meaning in ACCEPTED_FORMS),
        "Accepted forms:\n" + "\n".join(f"  {quoted_list(forms.split(', '))}  ({english(meaning)})"
                                         for forms, meaning in ACCEPTED_FORMS))


def quoted_list(names) -> str:
    """`'a', 'b', 'c'`: names from a rule file (statuses, comparisons, forms) in an English sentence, where
    they stay as written."""
    return ", ".join(f"'{name}'" for name in names)


def _the_target(text: str) -> str:
    """`Målet 'x'`, the subject of many messages; `what` of the number and range errors."""
    return Bilingual(f"Målet '{text}'", f"The target '{text}'")


def _the_partial_bound(text: str) -> str:
    return Bilingual(f"Gränsen för delvis uppfyllt '{text}'", f"The 'delvis' bound '{text}'")


def _scale_hint(status_scale: tuple[str, ...]) -> str:
    return Bilingual("Statusskalan, lägst först: " + ", ".join(status_scale) + ".",
                     f"The status scale, lowest first: {quoted_list(status_scale)}.")


EMPTY_TARGET_HINT = Bilingual(
    "Skriv målet som det står i styrkortet, t.ex. 'minst 80 %', 'Öka' eller 'Genomförd'. Har indikatorn inget mål, "
    "skriv 'Inget mål' eller ta bort raden 'mål:': värdet och pilen redovisas då men bedöms inte.",
    "Write the target as the scorecard states it, e.g. 'minst 80 %', 'Öka' or 'Genomförd'. If the indicator has no "
    "target, write 'Inget mål' or remove the line 'mål:': the value and the arrow are then reported but not judged.")
THRESHOLD_HINT = Bilingual(
    "Skriv bara ordet för riktningen, talet med decimalkomma och enheten, t.ex. '3,5 %', 'minst 80 %', 'över 40 %' "
    "eller 'maximalt 3 arbetsveckor'.",
    "Write only the word for the direction, the number with a decimal comma, and the unit, e.g. '3,5 %', "
    "'minst 80 %', 'över 40 %' or 'maximalt 3 arbetsveckor'.")


_MIN_WORDS = r"minst|lägst|min|minimum|≥|>="
_MAX_WORDS = r"högst|max|maximalt|maximum|≤|<="
# Strictly better than the bound: equality does not reach the target.
_ABOVE_WORDS = r"över|mer\s+än|fler\s+än|högre\s+än|större\s+än|>"
_BELOW_WORDS = r"under|mindre\s+än|färre\s+än|lägre\s+än|<"
# A word operator ends at a word's end (`max` is not the start of `maximalt`); a unit may stand between
# the operator and the number (`minst index 41`).
_THRESHOLD = re.compile(
    rf"^(?:(?:(?P<min>{_MIN_WORDS})|(?P<max>{_MAX_WORDS})|(?P<above>{_ABOVE_WORDS})|(?P<below>{_BELOW_WORDS}))"
    rf"(?![^\W\d_])\s*(?:(?P<unit_before>[^\W\d_]+)\s+)?)?(?P<quantity>[+\-−]?[0-9].*)$")
# Words that may stand where a unit before the number would (`minst ca 80 %`): not units.
_NOT_UNITS_BEFORE = frozenset({"ca", "cirka", "omkring", "ungefär", "drygt", "knappt", "nästan", "runt", "kring",
                               "än", "mer", "mindre", "fler", "färre", "eller", "och", "på", "till", "av", "med"})
# Words that make a "unit" a sentence (`80 mnkr ska uppnås`), which is no threshold.
_VERBS_IN_UNIT = frozenset({"ska", "skall", "bör", "är", "vara", "har", "blir", "bli", "uppnås", "nås"})
# "Ska uppgå till minst 70 %", "ska vara högst 3 %", "Ska öka": the modal verb says nothing more.
_MODAL = re.compile(r"^(?:ska|skall)\s+(?:(?:vara|uppgå\s+till|ligga\s+på|ligga|nå|hålla\s+sig)\s+)?")
_BASE = r"(?:\s+(?:i\s+(?:jmf|jämförelse)\s+med|jämfört\s+med|jmf\.?(?:\s+med)?|mot)\s+(?P<base>\S.*))?"
# The verbs of a change target and the direction each means; `förbättra` takes the indicator's riktning.
CHANGE_VERBS = {"öka": "öka", "ökas": "öka", "stärka": "öka", "stärkas": "öka", "höja": "öka", "höjas": "öka",
                "minska": "minska", "minskas": "minska", "sänka": "minska", "sänkas": "minska",
                "förbättra": "förbättra", "förbättras": "förbättra"}
_CHANGE = re.compile(rf"^(?P<verb>{'|'.join(sorted(CHANGE_VERBS, key=len, reverse=True))}){_BASE}$")
# "… (bedöms manuellt)": free text that people judge; also after a comma or a dash, or alone.
_MANUAL_WORDS = r"bedöms\s+manuellt|manuell\s+bedömning"
_MANUAL = re.compile(rf"^(?P<text>.*?)\s*(?:\(\s*(?:{_MANUAL_WORDS})\s*\)|(?:^|[,;:–—-])\s*(?:{_MANUAL_WORDS}))$",
                     re.IGNORECASE)
_NO_WORSE = re.compile(rf"^ingen\s+(?P<forbidden>ökning|minskning){_BASE}$")
_UNCHANGED = re.compile(rf"^(?:oförändrat|oförändrad|bibehållen\s+nivå){_BASE}$")
_NEW = re.compile(r"^(?:nytt\s+mått|basår)(?:\s*\(basår\))?$")
# Printed where a row has no target: a measure that is followed, not judged.
_NO_TARGET = re.compile(r"^(?:inget\s+mål(?:värde)?|mål(?:värde)?\s+saknas|saknar\s+mål|[-–—])$")
_CAPABILITY = re.compile(r"^(?:möjlighet\s+(?:till\s+)?att\s+mäta|kan\s+mätas|mätbart)$")

_DONE_WORDS = ("genomförd", "genomfört", "genomförda", "implementerad", "implementerat", "implementerade",
               "infört", "införd", "införda", "finns", "klar", "klart", "klara", "färdig", "färdigt",
               "färdiga", "på plats")
_STARTED_WORDS = ("påbörjad", "påbörjat", "påbörjade", "startad", "startat", "startade")
_AUXILIARIES = ("är", "har", "blir", "ska vara", "skall vara", "har blivit")
# "Inte genomförd", "Ej infört", "Rutin är inte klar", "Ännu inte påbörjad", "Inte helt klart": a target
# that says what must not be the case cannot be judged on the status scale.
_NEGATIONS = ("ej", "inte", "icke")
_NEGATION_ADVERBS = ("ännu", "helt", "längre", "riktigt", "fullt")
# "Ingen rutin finns", "Inget genomfört", "Aldrig genomförd", "Utan rutin på plats": a target that begins
# with one of these says what must not be the case, whatever word follows (a negation inside the subject,
# "Rutin för ärenden som inte avslutats finns", is not one).
_LEADING_NEGATIONS = ("ingen", "inget", "inga", "aldrig", "utan")
_VERBS_BEFORE_STATUS = ("ska", "skall", "bör", "vara", "är", "bli", "blir", "blivit", "har", "varit")
_PARTLY = "delvis"


def _clean(phrase: str) -> str:
    return " ".join(str(phrase).replace("\u00a0", " ").split()).rstrip(".").strip()


# `i snitt minst 2 % under 2021–2023`, `ska i genomsnitt under budgetperioden vara minst 2 %`: the words that
# make a threshold an average, and the years it is an average of (or the rule file's `budgetperiod`).
_AVERAGE = re.compile(r"\bi\s+(?:genom)?snitt\b")
_AVERAGE_SPAN = re.compile(r"\b(?:under|för|över)\s+(?:(?:åren|perioden)\s+)?(?P<first>\d{4})\s*[–—-]\s*"
                          r"(?P<last>\d{4})\b|\b(?:under|för|över)\s+(?P<named>budgetperioden)\b")
BUDGET_PERIOD = "budgetperioden"


def _average(text: str, core: str, budget: tuple[int, int] | None) -> tuple[str, AveragePeriods | None]:
    """The phrase without its averaging words, and the periods averaged; (core, None) for a phrase
    without `i snitt`/`i genomsnitt`."""
    if not _AVERAGE.search(core):
        return core, None
    span = _AVERAGE_SPAN.search(core)
    if span is None:
        raise PhraseError(Bilingual(f"Målet '{text}' säger 'i snitt' men inte över vilka år.",
                                    f"The target '{text}' says 'i snitt' but not over which years."),
                          Bilingual("Skriv åren, t.ex. 'i snitt minst 2 % under 2021–2023', eller 'under "
                                    "budgetperioden' med 'budgetperiod: 2021–2023' överst i regelfilen.",
                                    "Write the years, e.g. 'i snitt minst 2 % under 2021–2023', or 'under "
                                    "budgetperioden' with 'budgetperiod: 2021–2023' at the top of the rule file."),
                          code="snitt-utan-period")
    if span["named"]:
        if budget is None:
            raise PhraseError(Bilingual(f"Målet '{text}' gäller budgetperioden, men regelfilen anger ingen "
                                        "budgetperiod.",
                                        f"The target '{text}' concerns the budget period, but the rule file gives no "
                                        "'budgetperiod'."),
                              Bilingual("Lägg till 'budgetperiod: 2021–2023' (med era år) överst i regelfilen, eller "
                                        "skriv åren i målet: 'i snitt minst 2 % under 2021–2023'.",
                                        "Add 'budgetperiod: 2021–2023' (with your years) at the top of the rule file, "
                                        "or write the years in the target: 'i snitt minst 2 % under 2021–2023'."),
                              code="budgetperiod-saknas")
        first, last, named = budget[0], budget[1], BUDGET_PERIOD
    else:
        first, last, named = int(span["first"]), int(span["last"]), None
        if first >= last:
            years = f"{min(first, last)}–{max(first, last) + (first == last)}"
            raise PhraseError(Bilingual(f"Målet '{text}' räknar snittet från {first} till {last}.",
                                        f"The target '{text}' takes the average from {first} to {last}."),
                              Bilingual(f"Skriv det första året först, t.ex. 'under {years}'.",
                                        f"Write the first year first, e.g. 'under {years}'."),
                              code="snitt-fel-ordning")
    rest = " ".join((_AVERAGE.sub(" ", core[:span.start()] + " " + core[span.end():])).split())
    rest = _MODAL.sub("", rest if rest.startswith(("ska ", "skall ")) else "ska " + rest)  # "(ska) vara minst 2 %"
    return rest, AveragePeriods(first_year=first, last_year=last, named=named)


def parse_target(phrase: str, status_scale: tuple[str, ...], unit: str | None = None,
                 series: tuple[str, ...] = (), budget: tuple[int, int] | None = None) -> Target:
    """The typed target for a phrase, or PhraseError naming the accepted forms.

    `unit` is the indicator's `enhet`, used only to explain a refused number (`minst 1.000` for an
    indicator in `st` cannot be a decimal). `series` are the names of the comparison series the rule
    file declares (`jämförelser`), which targets such as `minst medel` compare with; `budget` the years of
    the rule file's `budgetperiod`, which `i snitt … under budgetperioden` averages.

    A rule file writes the same few phrases for many indicators (`Öka`, `Genomförd`, `minst 80 %`): a phrase
    read with the same scale, unit, series and budget is read once and its target (immutable) shared; a
    refused phrase is read again every time, so that every refusal is a new PhraseError."""
    if phrase.__class__ is str and status_scale.__class__ is tuple and series.__class__ is tuple and \
            (budget is None or budget.__class__ is tuple):
        try:
            return _target_of(phrase, status_scale, unit, series, budget)
        except PhraseError:
            pass  # read again below: a new exception for every refusal
    return _parse_target(phrase, status_scale, unit, series, budget)


# Far more than the distinct targets of any rule file; a target is a few small objects.
DISTINCT_TARGETS = 1 << 12


@lru_cache(maxsize=DISTINCT_TARGETS)
def _target_of(phrase: str, status_scale: tuple[str, ...], unit: str | None, series: tuple[str, ...],
               budget: tuple[int, int] | None) -> Target:
    return _parse_target(phrase, status_scale, unit, series, budget)


def _parse_target(phrase: str, status_scale: tuple[str, ...], unit: str | None, series: tuple[str, ...],
                  budget: tuple[int, int] | None) -> Target:
    text = _clean(phrase)
    low = text.casefold()
    if not low:
        raise PhraseError(Bilingual("Målet är tomt.", "The target is empty."), EMPTY_TARGET_HINT, code="tomt-värde")
    if match := _MANUAL.match(text):
        return ManualTarget(phrase=phrase, text=match["text"].rstrip(" ,;:–—-"))
    if _NO_TARGET.match(low):
        return NoTarget(phrase=phrase)
    if _NEW.match(low):
        return NewMeasureTarget(phrase=phrase)
    if _CAPABILITY.match(low):
        return CapabilityTarget(phrase=phrase)
    core = _MODAL.sub("", low)  # "ska öka" is "öka", "ska vara högst 3 %" is "högst 3 %"
    core, average = _average(text, core, budget)
    if average is not None:
        match = _THRESHOLD.match(core)
        quantity = _threshold_quantity(match, unit, _the_target(text), text) if match else None
        if quantity is None:
            raise PhraseError(Bilingual(f"Målet '{text}' är ett snitt, men '{core}' är inget gränsvärde.",
                                        f"The target '{text}' is an average, but '{core}' is not a threshold."),
                              Bilingual("Ett snitt över flera år går med ett gränsvärde: 'i snitt minst 2 % under "
                                        "2021–2023', 'i genomsnitt högst 3 % under budgetperioden'.",
                                        "An average over several years takes a threshold: 'i snitt minst 2 % under "
                                        "2021–2023', 'i genomsnitt högst 3 % under budgetperioden'."),
                              code="snitt-utan-gräns")
        operator, strict = _operator(match)
        return ThresholdTarget(phrase=phrase, bound=quantity[0], unit=quantity[1], operator=operator, strict=strict,
                               average=average)
    if match := _CHANGE.match(core):
        return ChangeTarget(phrase=phrase, direction=CHANGE_VERBS[match["verb"]], base=_base(match))
    if match := _NO_WORSE.match(core):
        return NoWorseTarget(phrase=phrase, forbidden=match["forbidden"], base=_base(match))
    if match := _UNCHANGED.match(core):
        return UnchangedTarget(phrase=phrase, base=_base(match))
    # "Windows 10 infört" and "5G infört" are milestones even though they contain a number.
    if parts := _milestone_parts(text, status_scale):
        return MilestoneTarget(phrase=phrase, parts=tuple(parts))
    if (comparison := _comparison(phrase, text, core, series)) is not None:
        return comparison
    if (bounds := read_range(core, unit, _the_target(text), text)) is not None:
        low, high, range_unit = bounds
        return RangeTarget(phrase=phrase, low=low, high=high, unit=range_unit)
    if match := _THRESHOLD.match(core):
        quantity = _threshold_quantity(match, unit, _the_target(text), text)
        if quantity is None:
            raise PhraseError(Bilingual(f"Målet '{text}' ser ut som ett gränsvärde men kan inte läsas.",
                                        f"The target '{text}' looks like a threshold but cannot be read."),
                              THRESHOLD_HINT, code="inget-tal")
        operator, strict = _operator(match)
        return ThresholdTarget(phrase=phrase, bound=quantity[0], unit=quantity[1], operator=operator, strict=strict)
    started = next((word for word in _STARTED_WORDS if low.endswith(word)), None)
    if started and not any(status.casefold() == "påbörjad" for status in status_scale):
        raise PhraseError(Bilingual(f"Målet '{text}' kräver statusen 'påbörjad', som inte står på statusskalan.",
                                    f"The target '{text}' requires the status 'påbörjad', which is not on the status "
                                    "scale."),
                          Bilingual("Lägg till 'påbörjad' i 'statusskala', eller skriv målet med en status som finns "
                                    "där: " + ", ".join(status_scale) + ".",
                                    "Add 'påbörjad' to 'statusskala', or write the target with a status that is on "
                                    f"it: {quoted_list(status_scale)}."), code="okänd-status")
    if (problem := _threshold_lookalike(text, low, status_scale, unit, series, budget)) is not None:
        raise problem
    if (problem := _unknown_status(text, low, status_scale)) is not None:
        raise problem
    # The list of forms is long: it is `details`, shown once however many targets are refused; the hint
    # is this target's own (a close match), if any.
    close = suggestion(text, _KNOWN_PHRASES + tuple(status.capitalize() for status in status_scale))
    raise PhraseError(Bilingual(f"Målet '{text}' känns inte igen.", f"The target '{text}' is not recognised."),
                      Bilingual(close.strip(), english(close).strip()) if close else None, code="okänt-mål",
                      details=accepted_forms_hint())


# Single words and short phrases an unknown target may be a misspelling of (`Genomförs`, `Oförändrad nivå`).
_KNOWN_PHRASES = ("Öka", "Minska", "Ska förbättras", "Ingen ökning", "Ingen minskning", "Oförändrat", "Genomförd",
                  "Implementerat", "Infört", "Påbörjad", "Rutin finns", "Möjlighet till att mäta", "Nytt mått",
                  "Inget mål")
# A target that begins with signs (`=> 40`, `≥≥ 2`, `~ 80 %`) and a number: meant as a threshold.
_SIGNS = "<>=≥≤≧≦≠!~≈"
_SIGNED = re.compile(rf"^(?P<signs>[{_SIGNS}](?:[{_SIGNS}\s]*[{_SIGNS}])?)\s*(?P<rest>[+\-−]?[0-9].*)$")
# `ca 80 %`, `lika med 80 %`, `mer än eller lika med 80 %`: a threshold in words malmotor does not take.
_WORDED = re.compile(r"^(?:(?P<approx>ca\.?|cirka|ungefär|omkring|runt|kring|drygt|knappt|nästan)"
                     r"|(?P<equal>lika\s+med|exakt|precis)"
                     r"|(?P<more>(?:mer|fler|högre|större)\s+än\s+eller\s+lika\s+med)"
                     r"|(?P<less>(?:mindre|färre|lägre)\s+än\s+eller\s+lika\s+med))\s+(?P<rest>[+\-−]?[0-9].*)$")
_APPROXIMATE = Bilingual("ett mål kan inte vara ungefärligt", "a target cannot be approximate")


def _threshold_lookalike(text: str, low: str, status_scale: tuple[str, ...], unit: str | None,
                         series: tuple[str, ...], budget: tuple[int, int] | None) -> PhraseError | None:
    """The error for a target that is meant as a threshold but is written with signs or words malmotor
    does not take (`=> 40`, `≥≥ 2`, `=< 3 %`, `ca 80 %`, `lika med 80 %`): the threshold's own hint, with
    what it most likely means when that can be told (`Menade du '>= 40'?`); None for any other phrase."""
    if match := _SIGNED.match(low):
        signs, rest = "".join(match["signs"].split()), match["rest"]
        one = len(signs) == 1
        what = f"tecknet '{signs}'" if one else f"tecknen '{signs}'"
        what_en = f"the sign '{signs}'" if one else f"the signs '{signs}'"
        higher, lower = set(signs) & set(">≥≧"), set(signs) & set("<≤≦")
        meant = None
        if set(signs) & set("~≈"):
            reason = _APPROXIMATE
        elif set(signs) & set("≠!") or higher and lower:
            reason = Bilingual(f"{what} säger inte om högre eller lägre är bättre",
                               f"{what_en} {'does' if one else 'do'} not say whether higher or lower is better")
        else:
            reason = Bilingual(f"{what} godtas inte", f"{what_en} {'is' if one else 'are'} not accepted")
            strict = not set(signs) & set("=≥≤≧≦")
            sign = ("≥ " if set(signs) & set("≥≧") else ">= ") if higher else (
                "≤ " if set(signs) & set("≤≦") else "<= ") if lower else ""
            meant = ((">" if higher else "<") + " " if strict and (higher or lower) else sign) + rest
    elif match := _WORDED.match(low):
        rest = match["rest"]
        if match["approx"]:
            reason, meant = _APPROXIMATE, None
        else:
            reason = Bilingual("riktningen skrivs inte så", "the direction is not written that way")
            meant = ("minst " if match["more"] else "högst " if match["less"] else "") + rest
    else:
        return None
    suggestion_text = ""
    if meant is not None:
        try:
            parse_target(meant, status_scale, unit, series, budget)
            suggestion_text = Bilingual(f"Menade du '{meant}'? ", f"Did you mean '{meant}'? ")
        except PhraseError:
            pass
    return PhraseError(Bilingual(f"Målet '{text}' ser ut som ett gränsvärde men kan inte läsas: {reason}.",
                                 f"The target '{text}' looks like a threshold but cannot be read: {english(reason)}."),
                       suggestion_text + THRESHOLD_HINT + Bilingual(
                           " Tecknen som godtas är ≥ och >= (minst), ≤ och <= (högst), > (över) och < (under).",
                           " The signs accepted are '≥' and '>=' ('minst'), '≤' and '<=' ('högst'), '>' ('över') "
                           "and '<' ('under')."), code="okänt-gränsvärde")



# `Arbetet är planerat`, `Rutinen ska vara beslutad`: a subject, a verb and a participle, which is a milestone
# whose status is not on the scale.
_STATUS_LIKE = re.compile(r"^(?P<subject>\S.*?)\s+(?:är|ska\s+vara|skall\s+vara|ska\s+bli|skall\s+bli|blir|"
                          r"har\s+blivit|har\s+varit)\s+(?P<word>[^\W\d_]{3,}(?:d|t|de|da))$")


_ADJECTIVE_ENDINGS = ("igt", "iskt", "ivt", "bart", "samt", "ligt", "fritt", "rätt")


def _unknown_status(text: str, low: str, status_scale: tuple[str, ...]) -> PhraseError | None:
    """The error for a milestone whose status is not on the scale (`Arbetet är planerat` on the default
    scale); None for any other phrase."""
    match = _STATUS_LIKE.match(low)
    if match is None or match["word"].endswith(_ADJECTIVE_ENDINGS):  # `ska vara positivt` is no status
        return None
    word = match["word"]
    return PhraseError(Bilingual(f"Målet '{text}' kräver statusen '{word}', som inte står på statusskalan.",
                                 f"The target '{text}' requires the status '{word}', which is not on the status "
                                 "scale."),
                       suggestion(word, status_scale) + Bilingual(
                           "Skriv målet med en status som står på statusskalan, eller lägg till statusen i "
                           "'statusskala' (lägst först). Statusskalan: " + ", ".join(status_scale) + ". Är målet en "
                           "text som en människa bedömer, skriv '(bedöms manuellt)' efter den.",
                           "Write the target with a status that is on the status scale, or add the status to "
                           f"'statusskala' (lowest first). The status scale: {quoted_list(status_scale)}. If the "
                           "target is a text that a person judges, write '(bedöms manuellt)' after it."),
                       code="okänd-status")


def polarity_required(target: Target) -> PhraseError | None:
    """The error for a target that says "better" without saying which way is better (`Ska förbättras`,
    `bättre än medel`, `bland de 25 % bästa`), for an indicator without `riktning`; None for every other
    target (the loader checks thresholds and `Oförändrat` itself)."""
    if isinstance(target, ComparisonTarget) and target.operator is None:
        return PhraseError(_needs_polarity(target), Bilingual(
            "Lägg till 'riktning: högre är bättre' eller 'riktning: lägre är bättre', eller skriv "
            f"målet som 'minst {target.series}' eller 'högst {target.series}'.",
            "Add 'riktning: högre är bättre' or 'riktning: lägre är bättre', or write the target as "
            f"'minst {target.series}' or 'högst {target.series}'."), code="riktning-saknas")
    if isinstance(target, ChangeTarget) and target.direction == "förbättra":
        return PhraseError(_needs_polarity(target), Bilingual(
            "Lägg till 'riktning: högre är bättre' eller 'riktning: lägre är bättre', eller skriv "
            "målet som 'Öka' eller 'Minska'.",
            "Add 'riktning: högre är bättre' or 'riktning: lägre är bättre', or write the target as 'Öka' or "
            "'Minska'."), code="riktning-saknas")
    return None


def _needs_polarity(target: Target) -> Bilingual:
    phrase = _clean(target.phrase)
    return Bilingual(f"Målet '{phrase}' säger inte om högre eller lägre värden är bättre, så det kräver en riktning.",
                     f"The target '{phrase}' does not say whether higher or lower values are better, so it needs a "
                     "'riktning'.")


# `minst medel`, `högst riket`, `lägst rikets nivå`, `över medel`, `bättre än medel`: a direction and a series
# (no digit: `minst 80 %` is a threshold).
_COMPARISON = re.compile(
    rf"^(?:(?P<min>{_MIN_WORDS})|(?P<max>{_MAX_WORDS})|(?P<above>{_ABOVE_WORDS})|(?P<below>{_BELOW_WORDS})"
    rf"|(?P<better>bättre\s+än))(?![^\W\d_])\s*(?P<ref>[^\d\s][^\d]*)$")
# `bland de 25 % bästa (kommunerna)`, `i bästa kvartilen`: as good as the limit of the best quartile.
BEST_QUARTILE = "bästa kvartil"
_BEST_QUARTILE = re.compile(r"^(?:bland\s+(?:de\s+)?25\s*(?:%|procent)\s+bästa(?:\s+[^\W\d_]+)?"
                            r"|i\s+(?:den\s+)?bästa\s+kvartilen)$")


def series_reference(written: str, series: tuple[str, ...]) -> str | None:
    """The declared series a target or a band names: `medel`, `i nivå med medel`, `rikets nivå` (the
    genitive of `riket`, followed by `nivå`); None if it names none of `series`."""
    text = " ".join(written.split()).casefold()
    text = re.sub(r"^i\s+nivå\s+med\s+", "", text)
    candidates = [text]
    if text.endswith(" nivå"):
        base = text[: -len(" nivå")]
        candidates += [base, base[:-1]] if base.endswith("s") else [base]
    names = {name.casefold(): name for name in series}
    return next((names[candidate] for candidate in candidates if candidate in names), None)


def _series_hint(series: tuple[str, ...], name: str, description: str) -> str:
    if series:
        return Bilingual(
            "Jämförelserna under 'jämförelser' är: " + ", ".join(series) + ". Skriv målet med en av dem, eller "
            f"lägg till '{name}: {description}' under 'jämförelser:' och jämförelsens värden i mätvärdena.",
            f"The comparisons in 'jämförelser' are: {quoted_list(series)}. Write the target with one of them, or add "
            f"'{name}: {description}' to 'jämförelser:' and the comparison's values to the measures.")
    return Bilingual(
        f"Lägg till jämförelsen överst i regelfilen, t.ex. 'jämförelser: {{{name}: {description}}}', och dess "
        "värden i mätvärdena (docs/measures-format.md). Ett gränsvärde skrivs med siffror, t.ex. 'minst 80 %'.",
        f"Add the comparison at the top of the rule file, e.g. 'jämförelser: {{{name}: {description}}}', and its "
        "values to the measures (docs/measures-format.md). A threshold is written in digits, e.g. 'minst 80 %'.")


def _named(ref: str) -> str:
    """The series a reference most likely means: `riket` for `rikets nivå`, `medel` for `i nivå med medel`."""
    text = re.sub(r"^i\s+nivå\s+med\s+", "", ref)
    if text.endswith(" nivå"):
        text = text[: -len(" nivå")]
        text = text[:-1] if text.endswith("s") else text
    return text


def _comparison(phrase: str, text: str, core: str, series: tuple[str, ...]) -> ComparisonTarget | None:
    """`minst medel`, `bättre än medel`, `bland de 25 % bästa` …; None for a phrase of another form, and
    PhraseError for one that names a series the rule file does not declare."""
    if _BEST_QUARTILE.match(core):
        name = series_reference(BEST_QUARTILE, series)
        if name is None:
            raise PhraseError(Bilingual(f"Målet '{text}' jämför med gränsen för de 25 % bästa, jämförelsen "
                                        f"'{BEST_QUARTILE}', som inte står under 'jämförelser' i regelfilen.",
                                        f"The target '{text}' compares with the limit of the best 25 %, the "
                                        f"comparison '{BEST_QUARTILE}', which is not listed in 'jämförelser' in the "
                                        "rule file."),
                              _series_hint(series, BEST_QUARTILE, "de 25 % bästa kommunerna"),
                              code="okänd-jämförelse")
        return ComparisonTarget(phrase=phrase, series=name)
    match = _COMPARISON.match(core)
    if match is None:
        return None
    name = series_reference(match["ref"], series)
    if name is None:
        ref = " ".join(match["ref"].split())
        if not (match["better"] or " " not in ref or "nivå" in ref):
            return None  # `minst ca åttio procent`: no series, and not one either
        raise PhraseError(Bilingual(f"Målet '{text}' jämför med '{ref}', som inte är någon jämförelse i regelfilen.",
                                    f"The target '{text}' compares with '{ref}', which is not a comparison in the "
                                    "rule file."),
                          _series_hint(series, _named(ref), "riket" if _named(ref) == "riket" else "liknande kommuner"),
                          code="okänd-jämförelse")
    if match["better"]:
        return ComparisonTarget(phrase=phrase, series=name, strict=True)
    operator, strict = _operator(match)
    return ComparisonTarget(phrase=phrase, series=name, operator=operator, strict=strict)


_NUMBER = r"[+\-−]?[0-9](?:[0-9 ]*[0-9])?(?:[.,][0-9]+)?"
# `mellan 95 och 105 %`, `95–105 %`, `95 % - 105 %`: a range, bounds included (a unit after either number or both).
_RANGE = re.compile(rf"^(?:mellan\s+(?P<a>{_NUMBER})\s*(?P<a_unit>%|[^\W\d_]+)?\s+och\s+(?P<b>{_NUMBER}.*)"
                    rf"|(?P<c>{_NUMBER})\s*(?P<c_unit>%|[^\W\d_]+)?\s*[–—-]\s*(?P<d>[+\-−]?[0-9].*))$")


def read_range(core: str, unit: str | None, what: str, text: str) -> tuple[Decimal, Decimal, str | None] | None:
    """(low, high, unit) of `mellan 95 och 105 %` or `95–105 %`; None for a phrase of another form, and
    PhraseError for a range that cannot be used (reversed, two units)."""
    match = _RANGE.match(core)
    if match is None:
        return None
    first, first_unit, second = (match["a"], match["a_unit"], match["b"]) if match["a"] else \
        (match["c"], match["c_unit"], match["d"])
    try:
        low, _ = parse_quantity(first, unit)
        high, second_unit = parse_quantity(second, unit)
    except NotANumber as exc:
        if exc.reason:
            raise _number_error(what, text, exc) from None
        return None
    first_unit = normalise_unit(first_unit) if first_unit else None
    if first_unit and second_unit and not same_unit(first_unit, second_unit):
        raise PhraseError(Bilingual(f"{what} har två olika enheter: '{first_unit}' och '{second_unit}'.",
                                    f"{english(what)} has two different units: '{first_unit}' and '{second_unit}'."),
                          Bilingual("Skriv båda gränserna i samma enhet, t.ex. 'mellan 95 och 105 %'.",
                                    "Write both bounds in the same unit, e.g. 'mellan 95 och 105 %'."),
                          code="fel-enhet")
    if low >= high:
        raise PhraseError(Bilingual(f"{what}: den undre gränsen måste vara lägre än den övre.",
                                    f"{english(what)}: the lower bound must be lower than the upper one."),
                          Bilingual("Skriv det lägsta värdet först, t.ex. '95–105 %'.",
                                    "Write the lowest value first, e.g. '95–105 %'."), code="omvänt-intervall")
    return low, high, second_unit or first_unit


def _operator(match: re.Match) -> tuple[str | None, bool]:
    """(direction, strict) of a threshold: `minst` and `över` are both "minst", `över` strictly."""
    if match["min"] or match["above"]:
        return "minst", bool(match["above"])
    if match["max"] or match["below"]:
        return "högst", bool(match["below"])
    return None, False


def _threshold_quantity(match: re.Match, unit: str | None, what: str, text: str) -> tuple[Decimal, str | None] | None:
    """The bound of a threshold and its unit, written after the number (`41 p`, `70 procent`) or
    before it (`minst index 41`); None when the words around the number are no unit (`minst ca 80`,
    `80 % eller mer`, `80 mnkr ska uppnås`). PhraseError for a number in a notation malmotor refuses."""
    try:
        bound, after = parse_quantity(match["quantity"], unit)
    except NotANumber as exc:
        if exc.reason:  # 10.400, 1e3, 0x10, too many digits or decimals
            raise _number_error(what, text, exc) from None
        return None
    before = match["unit_before"]
    if before is not None:
        if before in _NOT_UNITS_BEFORE:
            return None
        before = normalise_unit(before)
        if after is not None and not same_unit(before, after):
            raise PhraseError(Bilingual(f"{what} har två enheter: '{before}' före talet och '{after}' efter.",
                                        f"{english(what)} has two units: '{before}' before the number and '{after}' "
                                        "after it."),
                              Bilingual("Skriv enheten en gång, före eller efter talet, t.ex. 'minst index 41' eller "
                                        "'minst 41 index'.",
                                        "Write the unit once, before or after the number, e.g. 'minst index 41' or "
                                        "'minst 41 index'."), code="fel-enhet")
    written = after or before
    if written and _VERBS_IN_UNIT.intersection(written.casefold().split()):
        return None
    return bound, written


def _number_error(what: str, text: str, exc: NotANumber) -> PhraseError:
    """A refused number in a target or a band: `what` ("Målet 'minst 1.000 st'") and why, with the
    suggestions written into the whole phrase (`minst 1 000 st`, not `1 000 st`)."""
    if isinstance(exc, AmbiguousSeparator):
        exc = AmbiguousSeparator(text, exc.number, exc.as_thousands, exc.as_decimal, exc.unit)
    return PhraseError(Bilingual(f"{what} {exc.reason}", f"{english(what)} {english(exc.reason)}"), exc.hint,
                       code=exc.code)


def _base(match: re.Match) -> Baseline | None:
    """What `Öka i jmf med 2017` compares with: a period in any form (`T3 2018`, `2018-08`), or
    `samma period föregående år`, `föregående period`."""
    if not match["base"]:
        return None
    rule = BASELINE_WORDS.get(" ".join(match["base"].split()).casefold())
    if rule:
        return Baseline(rule=rule)
    try:
        return Baseline(rule="named", period=Period.parse(match["base"]))
    except PeriodError as exc:
        raise PhraseError(Bilingual(f"Jämförelseperioden '{match['base']}' i målet känns inte igen. {exc.message}",
                                    f"The comparison period '{match['base']}' in the target is not recognised. "
                                    f"{english(exc.message)}"), exc.hint, code="okänd-jämförelse") from None


def status_for_word(written: str, status_scale: tuple[str, ...]) -> str | None:
    """A measured status: as on the scale, or an inflection the target phrases accept too
    (`genomfört`, `klart`, `påbörjat`), which means the same status as in a target."""
    low = " ".join(written.split()).casefold()
    for status in status_scale:
        if status.casefold() == low:
            return status
    if low in _DONE_WORDS:
        return status_scale[-1]
    if low in _STARTED_WORDS:
        return next((status for status in status_scale if status.casefold() == "påbörjad"), None)
    return None


def _milestone_parts(text: str, status_scale: tuple[str, ...]) -> list[MilestonePart] | None:
    """Parts split at "och"; if a part has no status word, "och" belonged to the subject
    ("Genomförande och uppföljning klar") and the phrase is one part."""
    parts = [_milestone_part(chunk, status_scale, text) for chunk in re.split(r"\s+och\s+", text, flags=re.IGNORECASE)]
    if all(parts):
        return parts
    whole = _milestone_part(text, status_scale, text)
    return [whole] if whole else None


@lru_cache(maxsize=64)
def _status_words(status_scale: tuple[str, ...]) -> tuple[tuple[str, ...], tuple[tuple[str, str, str], ...]]:
    """The words a milestone part may end with on this scale, and (word, " " + word, the status it requires)
    for each, longest first ("delvis genomförd" before "genomförd"): made once per scale, not once per part."""
    words = {status.casefold(): status for status in status_scale}
    for word in _DONE_WORDS:
        words.setdefault(word, status_scale[-1])
    for word in _STARTED_WORDS:
        started = next((s for s in status_scale if s.casefold() == "påbörjad"), None)
        if started:
            words.setdefault(word, started)
    longest_first = sorted(words, key=len, reverse=True)
    return tuple(longest_first), tuple((word, " " + word, words[word]) for word in longest_first)


def _milestone_part(chunk: str, status_scale: tuple[str, ...], phrase: str) -> MilestonePart | None:
    """The subject and the status a part requires; PhraseError for a negated part ("Ej infört") and
    for "Delvis …" when the scale has no such status (it would silently require the top status)."""
    low = chunk.casefold()
    endings, words = _status_words(status_scale)
    if not low.endswith(endings):  # one test rules out most parts of most phrases (`3 %`, `minst medel`)
        return None
    for word, spaced, required in words:
        if low == word or low.endswith(spaced):
            subject = chunk[: len(chunk) - len(word)].strip()
            _refuse_negation(phrase, subject, word, status_scale)
            if subject.casefold().split()[-1:] == [_PARTLY]:  # "Delvis implementerad": not the top status
                required = _partly_status(phrase, word, status_scale)
                subject = subject[: -len(_PARTLY)].strip()
            for auxiliary in _AUXILIARIES:  # also alone: "Ska vara genomförd"
                if subject.casefold() == auxiliary or subject.casefold().endswith(" " + auxiliary):
                    subject = subject[: -len(auxiliary)].strip()
            return MilestonePart(subject=subject or None, required=required)
    return None


def _refuse_negation(phrase: str, subject: str, word: str, status_scale: tuple[str, ...]) -> None:
    """`Inte genomförd`, `Ej infört`, `Rutin är inte klar`, `Rutin ska inte vara klar`, `Ännu inte påbörjad`,
    `Ej påbörjad`, `Ingen rutin finns`, `Aldrig genomförd`, `Utan rutin på plats`:
    a target that something must not be done would be read as requiring the status it negates (or,
    for `ej påbörjad`, the lowest status, which every value reaches)."""
    before = subject.casefold().split()
    near = list(before)  # "Rutin ska inte vara klar": the verbs between the negation and the status say nothing
    while near and near[-1] in _VERBS_BEFORE_STATUS:
        near.pop()
    negated = (word.split()[0] in _NEGATIONS
               or before[:1] and before[0] in _NEGATIONS + _LEADING_NEGATIONS
               or near[-1:] and near[-1] in _NEGATIONS + ("aldrig",)
               or len(near) >= 2 and {near[-2], near[-1]} & set(_NEGATIONS)
               and {near[-2], near[-1]} & set(_NEGATION_ADVERBS))
    if negated:
        examples = [f"'{status.capitalize()}'" for status in dict.fromkeys(status_scale[:0:-2])]
        raise PhraseError(Bilingual(f"Målet '{phrase}' är nekande: ett mål ska ange den status som ska nås, inte en "
                                    "som inte ska nås.",
                                    f"The target '{phrase}' is negative: a target must state the status to be "
                                    "reached, not one that must not be reached."),
                          Bilingual(f"Skriv den status som ska nås, t.ex. {' eller '.join(examples)}. Ska något "
                                    "avvecklas, skriv t.ex. 'Avveckling genomförd'. ",
                                    f"Write the status to be reached, e.g. {' or '.join(examples)}. If something is "
                                    "to be phased out, write e.g. 'Avveckling genomförd'. ")
                          + _scale_hint(status_scale), code="nekande-mål")


def _partly_status(phrase: str, word: str, status_scale: tuple[str, ...]) -> str:
    """The status `Delvis <word>` means: the scale's one "delvis …" status when `word` means done
    (`Delvis implementerad` → `delvis genomförd`), else PhraseError naming the scale."""
    partly = [status for status in status_scale if status.casefold().split()[:1] == [_PARTLY]]
    if word in _DONE_WORDS and len(partly) == 1:
        return partly[0]
    raise PhraseError(Bilingual(f"Målet '{phrase}' kräver statusen '{_PARTLY} {word}', som inte står på "
                                f"statusskalan ({', '.join(status_scale)}).",
                                f"The target '{phrase}' requires the status '{_PARTLY} {word}', which is not on the "
                                f"status scale ({quoted_list(status_scale)})."),
                      Bilingual("Skriv målet med en status som står på statusskalan, eller lägg till statusen i "
                                "'statusskala' (lägst först).",
                                "Write the target with a status that is on the status scale, or add the status to "
                                "'statusskala' (lowest first)."), code="okänd-status")


def status_rank(status: str) -> int | None:
    """Where a status the target parser knows belongs on a scale: 0 not started (`ej påbörjad`),
    1 started (`påbörjad`), 2 partly done (`delvis genomförd`), 3 done (`genomförd`, `klar`);
    None for a status it does not know (`pågår`, `planerad`, `ej klar`)."""
    words = status.casefold().split()
    if words[:1] and words[0] in _NEGATIONS:
        rest = " ".join(word for word in words[1:] if word not in _NEGATION_ADVERBS)
        return 0 if rest in _STARTED_WORDS else None
    text = " ".join(words)
    if words[:1] == [_PARTLY]:
        return 2 if " ".join(words[1:]) in _DONE_WORDS else None
    if text in _STARTED_WORDS:
        return 1
    return 3 if text in _DONE_WORDS else None


# On a status scale (not in a target): "ja" is done and "nej" not started, as on the capability scale.
_YES_WORDS = ("ja",)
_NO_WORDS = ("nej",)
# "Ej genomförd", "Inte genomfört": nothing done yet, the bottom of a scale. (`ej klar` stays unknown: on
# `[ej påbörjad, ej klar, klar]` it stands in the middle.)
_NOT_DONE_WORDS = ("genomförd", "genomfört", "genomförda", "gjord", "gjort")
_TOP, _BOTTOM = 3, 0


def scale_rank(status: str) -> int | None:
    """Like `status_rank`, and `ja` and `ej genomförd` at the top and the bottom where a scale is checked."""
    rank = status_rank(status)
    if rank is not None:
        return rank
    words = [word for word in status.casefold().split() if word not in _NEGATION_ADVERBS]
    text = " ".join(words)
    if text in _YES_WORDS:
        return _TOP
    if text in _NO_WORDS or len(words) == 2 and words[0] in _NEGATIONS and words[1] in _NOT_DONE_WORDS:
        return _BOTTOM
    return None


def misplaced_end(status_scale: tuple[str, ...]) -> tuple[str, str, str] | None:
    """A status that means done (`genomförd`, `klar`, `ja`) that is not last, or one that means not started or
    no (`ej påbörjad`, `ej genomförd`, `nej`) that is not first: (`"sist"` or `"först"`, the status, the
    status on the wrong side of it); None when every such status stands at its end of the scale. On
    `[genomförd, pågår, planerad]` nothing else is known, but `Genomförd` would be reached by `planerad`."""
    ranks = [scale_rank(status) for status in status_scale]
    for index, rank in enumerate(ranks):
        if rank == _TOP and (after := next((i for i in range(index + 1, len(ranks)) if ranks[i] != _TOP), None)) \
                is not None:
            return "sist", status_scale[index], status_scale[after]
    for index in range(len(ranks) - 1, -1, -1):
        if ranks[index] == _BOTTOM and (before := next((i for i in range(index) if ranks[i] != _BOTTOM), None)) \
                is not None:
            return "först", status_scale[index], status_scale[before]
    return None


def misordered_statuses(status_scale: tuple[str, ...]) -> tuple[str, str] | None:
    """The first two known statuses that stand higher before lower (`genomförd` before `påbörjad`),
    or None when the known ones stand lowest first, as the scale is written."""
    highest: tuple[int, str] | None = None
    for status in status_scale:
        rank = status_rank(status)
        if rank is None:
            continue
        if highest is not None and rank < highest[0]:
            return highest[1], status
        if highest is None or rank > highest[0]:
            highest = (rank, status)
    return None


def parse_partial(text: str, target: Target, polarity: Polarity | None, unit: str | None,
                  status_scale: tuple[str, ...]) -> Partial:
    """The band for "delvis uppfyllt", checked against the target it belongs to."""
    clean = _clean(text)
    low = clean.casefold()
    if isinstance(target, MilestoneTarget):
        return _partial_status(text, clean, target, status_scale)
    if isinstance(target, ComparisonTarget):
        return _partial_margin(text, clean, target, polarity)
    if isinstance(target, RangeTarget):
        return _partial_range(text, clean, target, unit)
    if not isinstance(target, ThresholdTarget):
        raise PhraseError(Bilingual("Delvis uppfyllt kan bara anges för gränsvärden (t.ex. '3 %'), intervall (t.ex. "
                                    "'95–105 %'), jämförelser (t.ex. 'minst medel') och milstolpar.",
                                    "A 'delvis' bound can only be given for thresholds (e.g. '3 %'), ranges (e.g. "
                                    "'95–105 %'), comparisons (e.g. 'minst medel') and milestones."),
                          Bilingual("Ta bort 'delvis' för den här indikatorn.", "Remove 'delvis' for this indicator."),
                          code="fel-måltyp")
    if match := re.match(r"^(?:minst\s+)?(?P<share>[0-9]+(?:[.,][0-9]+)?)\s*%\s+av\s+målet$", low):
        ratio = Decimal(match["share"].replace(",", ".")) / 100
        if not Decimal(0) < ratio < Decimal(1):
            raise PhraseError(Bilingual(f"Andelen i '{clean}' måste ligga mellan 0 och 100 %.",
                                        f"The share in '{clean}' must lie between 0 and 100 %."),
                              Bilingual("Skriv t.ex. 'minst 80 % av målet'.", "Write e.g. 'minst 80 % av målet'."),
                              code="fel-andel")
        if target.bound <= 0:
            raise PhraseError(Bilingual(f"'{clean}' går inte att räkna ut när målet är {_clean(target.phrase)}: en "
                                        "andel av ett mål som är noll eller negativt hamnar på fel sida om målet.",
                                        f"'{clean}' cannot be computed when the target is '{_clean(target.phrase)}': "
                                        "a share of a target that is zero or negative ends up on the wrong side of "
                                        "the target."),
                              Bilingual("Ange gränsen som ett värde i stället, t.ex. 'delvis: minst -3 mnkr'.",
                                        "Give the bound as a value instead, e.g. 'delvis: minst -3 mnkr'."),
                              code="andel-av-nollmål")
        return PartialRatio(text=text, ratio=ratio)
    match = _THRESHOLD.match(_MODAL.sub("", low))
    if match and (match["above"] or match["below"]):
        raise PhraseError(Bilingual(f"Gränsen för delvis uppfyllt '{clean}' kan inte skrivas med 'över' eller "
                                    "'under': gränsen själv räknas alltid som delvis uppfyllt.",
                                    f"The 'delvis' bound '{clean}' cannot be written with 'över' or 'under': the "
                                    "bound itself always counts as partly fulfilled."),
                          Bilingual("Skriv gränsen med 'minst' eller 'högst', t.ex. 'minst 30 %' eller 'högst 12 %'.",
                                    "Write the bound with 'minst' or 'högst', e.g. 'minst 30 %' or 'högst 12 %'."),
                          code="strikt-delvis")
    quantity = _threshold_quantity(match, unit, _the_partial_bound(clean), clean) if match else None
    if quantity is None:
        raise PhraseError(_not_recognised(clean),
                          Bilingual("Skriv t.ex. 'minst 80 % av målet', 'högst 4 %' eller 'minst 70 %'.",
                                    "Write e.g. 'minst 80 % av målet', 'högst 4 %' or 'minst 70 %'."),
                          code="okänd-delvis")
    bound, bound_unit = quantity
    if bound_unit and unit and not same_unit(bound_unit, unit):
        raise _unit_error(clean, bound_unit, unit)
    operator, _ = _operator(match)
    higher = polarity is Polarity.HIGHER_IS_BETTER
    if operator and polarity and operator != ("minst" if higher else "högst"):
        raise PhraseError(_wrong_way(clean, polarity),
                          Bilingual(f"Skriv '{'minst' if higher else 'högst'} …' och ett värde som är "
                                    f"{'lägre' if higher else 'högre'} än målet.",
                                    f"Write '{'minst' if higher else 'högst'} …' and a value that is "
                                    f"{'lower' if higher else 'higher'} than the target."), code="fel-riktning")
    worse_side = bound < target.bound if higher else bound > target.bound
    if polarity is not None and not worse_side:
        raise PhraseError(Bilingual(f"Gränsen för delvis uppfyllt '{clean}' måste ligga på den sämre sidan av målet "
                                    f"'{_clean(target.phrase)}'.",
                                    f"The 'delvis' bound '{clean}' must lie on the worse side of the target "
                                    f"'{_clean(target.phrase)}'."),
                          Bilingual(f"Med '{polarity.value}' ska gränsen vara {'lägre' if higher else 'högre'} än "
                                    "målet.",
                                    f"With '{polarity.value}' the bound must be {'lower' if higher else 'higher'} "
                                    "than the target."),
                          code="delvis-fel-sida")
    return PartialBound(text=text, bound=bound)


def _not_recognised(clean: str) -> str:
    return Bilingual(f"Gränsen för delvis uppfyllt '{clean}' känns inte igen.",
                     f"The 'delvis' bound '{clean}' is not recognised.")


def _unit_error(clean: str, bound_unit: str, unit: str) -> PhraseError:
    return PhraseError(Bilingual(f"Gränsen '{clean}' har enheten '{bound_unit}' men indikatorn har '{unit}'.",
                                 f"The bound '{clean}' has the unit '{bound_unit}' but the indicator has '{unit}'."),
                       Bilingual("Skriv gränsen i indikatorns enhet.", "Write the bound in the indicator's unit."),
                       code="fel-enhet")


def _wrong_way(clean: str, polarity: Polarity) -> str:
    return Bilingual(f"Gränsen '{clean}' går åt fel håll: indikatorn har '{polarity.value}'.",
                     f"The bound '{clean}' points the wrong way: the indicator has '{polarity.value}'.")


# At most two decimals in the percentage, so that the band is exact in every Decimal context it is computed in.
_MARGIN = re.compile(r"^(?:(?P<within>inom)|(?P<min>minst)|(?P<max>högst))\s+(?P<share>[0-9]{1,4}(?:[.,][0-9]{1,2})?)\s*"
                     r"(?:%|procent)\s+(?:av|från)\s+(?P<ref>\D+)$")


def _partial_margin(text: str, clean: str, target: ComparisonTarget, polarity: Polarity | None) -> Partial:
    """`inom 10 % av medel`, `minst 90 % av medel` (higher is better), `högst 110 % av medel` (lower is
    better): partly fulfilled within that share of the comparison value on its worse side. The series
    named must be the target's (or `målet`)."""
    series = target.series
    match = _MARGIN.match(clean.casefold())
    if match is None:
        example = 'högst 110' if polarity is Polarity.LOWER_IS_BETTER else 'minst 90'
        raise PhraseError(_not_recognised(clean),
                          Bilingual(f"För ett mål som jämför med {series}: skriv t.ex. 'inom 10 % av {series}' eller "
                                    f"'{example} % av {series}'.",
                                    f"For a target that compares with '{series}': write e.g. 'inom 10 % av {series}' "
                                    f"or '{example} % av {series}'."),
                          code="okänd-delvis")
    ref = " ".join(match["ref"].split())
    if ref != "målet" and series_reference(ref, (series,)) is None:
        raise PhraseError(Bilingual(f"Gränsen för delvis uppfyllt '{clean}' räknas från '{ref}', men målet "
                                    f"'{_clean(target.phrase)}' jämför med {series}.",
                                    f"The 'delvis' bound '{clean}' is counted from '{ref}', but the target "
                                    f"'{_clean(target.phrase)}' compares with '{series}'."),
                          Bilingual(f"Skriv gränsen som en andel av samma jämförelse, t.ex. 'inom 10 % av {series}'.",
                                    "Write the bound as a share of the same comparison, e.g. "
                                    f"'inom 10 % av {series}'."),
                          code="fel-jämförelse")
    percent = Decimal(match["share"].replace(",", "."))
    higher = polarity is not Polarity.LOWER_IS_BETTER
    if match["within"]:
        share = percent / 100
    elif polarity is not None and bool(match["min"]) != higher:
        example = 'minst 90' if higher else 'högst 110'
        raise PhraseError(_wrong_way(clean, polarity),
                          Bilingual(f"Skriv '{example} % av {series}', eller 'inom 10 % av {series}'.",
                                    f"Write '{example} % av {series}', or 'inom 10 % av {series}'."),
                          code="fel-riktning")
    else:
        share = 1 - percent / 100 if match["min"] else percent / 100 - 1
    if not share > 0 or match["min"] and not share < 1:
        example = 'minst 90' if higher else 'högst 110'
        raise PhraseError(Bilingual(f"Andelen i '{clean}' ligger inte på den sämre sidan av {series}.",
                                    f"The share in '{clean}' does not lie on the worse side of '{series}'."),
                          Bilingual(f"Skriv t.ex. 'inom 10 % av {series}' eller '{example} % av {series}'.",
                                    f"Write e.g. 'inom 10 % av {series}' or '{example} % av {series}'."),
                          code="fel-andel")
    return PartialMargin(text=text, share=share.normalize())


def _partial_range(text: str, clean: str, target: RangeTarget, unit: str | None) -> Partial:
    """`90–110 %`: a wider range around a range target that still counts as partly fulfilled."""
    bounds = read_range(clean.casefold(), unit, _the_partial_bound(clean), clean)
    if bounds is None:
        raise PhraseError(_not_recognised(clean),
                          Bilingual("För ett målintervall: skriv ett bredare intervall, t.ex. '90–110 %'.",
                                    "For a target range: write a wider range, e.g. '90–110 %'."), code="okänd-delvis")
    low, high, bound_unit = bounds
    if bound_unit and unit and not same_unit(bound_unit, unit):
        raise _unit_error(clean, bound_unit, unit)
    if not (low <= target.low and high >= target.high) or (low, high) == (target.low, target.high):
        raise PhraseError(Bilingual(f"Gränsen för delvis uppfyllt '{clean}' måste omsluta målet "
                                    f"'{_clean(target.phrase)}' och vara bredare.",
                                    f"The 'delvis' bound '{clean}' must enclose the target '{_clean(target.phrase)}' "
                                    "and be wider."),
                          Bilingual("Skriv ett bredare intervall, t.ex. '90–110 %' för målet '95–105 %'.",
                                    "Write a wider range, e.g. '90–110 %' for the target '95–105 %'."),
                          code="delvis-fel-sida")
    return PartialRange(text=text, low=low, high=high)


def _partial_status(text: str, clean: str, target: MilestoneTarget, status_scale: tuple[str, ...]) -> Partial:
    """`minst påbörjad`: a status strictly between the bottom of the scale and the target, so
    that both "delvis" and "ej uppfyllt" can still happen."""
    wanted = re.sub(r"^minst\s+", "", clean.casefold())
    scale_hint = _scale_hint(status_scale)
    status = next((s for s in status_scale if s.casefold() == wanted), None)
    if status is None:
        raise PhraseError(Bilingual(f"'{clean}' är ingen status på statusskalan.",
                                    f"'{clean}' is not a status on the status scale."),
                          Bilingual("Skriv t.ex. 'minst påbörjad'. ", "Write e.g. 'minst påbörjad'. ") + scale_hint,
                          code="okänd-status")
    if status == status_scale[0]:
        raise PhraseError(Bilingual(f"Med '{clean}' blir målet alltid minst delvis uppfyllt, eftersom '{status}' är "
                                    "den lägsta statusen.",
                                    f"With '{clean}' the target is always at least partly fulfilled, since "
                                    f"'{status}' is the lowest status."),
                          Bilingual("Välj en status högre upp på skalan. ", "Choose a status higher up the scale. ")
                          + scale_hint, code="delvis-alltid-nått")
    required = target.parts[0].required
    if len(target.parts) == 1 and status_scale.index(status) >= status_scale.index(required):
        raise PhraseError(Bilingual(f"'{clean}' är inte lägre än målets status '{required}', så delvis uppfyllt kan "
                                    "aldrig nås.",
                                    f"'{clean}' is not lower than the target's status '{required}', so partly "
                                    "fulfilled can never be reached."),
                          Bilingual("Välj en status under målets. ", "Choose a status below the target's. ")
                          + scale_hint, code="delvis-fel-sida")
    return PartialStatus(text=text, status=status)
