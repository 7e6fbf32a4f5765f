"""Target phrases ("Mått för måluppfyllelse") and "delvis" bands, parsed into typed targets."""

from __future__ import annotations

from decimal import Decimal

import pytest

from malmotor.model import Baseline
from malmotor.model.period import Period
from malmotor.model import (
    DEFAULT_STATUS_SCALE,
    CapabilityTarget,
    ChangeTarget,
    MilestonePart,
    MilestoneTarget,
    NewMeasureTarget,
    NoWorseTarget,
    PartialBound,
    PartialRatio,
    PartialStatus,
    Polarity,
    ThresholdTarget,
    UnchangedTarget,
)
from malmotor.load.targets import ACCEPTED_FORMS, PhraseError, accepted_forms_hint, parse_partial, parse_target

SCALE = DEFAULT_STATUS_SCALE
HIGHER, LOWER = Polarity.HIGHER_IS_BETTER, Polarity.LOWER_IS_BETTER


def threshold(bound: str, unit: str | None, operator: str | None) -> dict:
    return {"type": ThresholdTarget, "bound": Decimal(bound), "unit": unit, "operator": operator}


def milestone(*parts: tuple[str | None, str]) -> dict:
    return {"type": MilestoneTarget, "parts": tuple(MilestonePart(subject=s, required=r) for s, r in parts)}


SEED_PHRASES = [
    ("Öka", {"type": ChangeTarget, "direction": "öka", "base": None}),
    ("Minska", {"type": ChangeTarget, "direction": "minska", "base": None}),
    ("3 %", threshold("3", "%", None)),
    ("80 %", threshold("80", "%", None)),
    ("100 %", threshold("100", "%", None)),
    ("20 %", threshold("20", "%", None)),
    ("Oförändrat", {"type": UnchangedTarget, "base": None}),
    ("Ingen ökning i jmf med 2017", {"type": NoWorseTarget, "forbidden": "ökning", "base": Baseline(rule="named", period=Period.year_of(2017))}),
    ("Genomförd", milestone((None, "genomförd"))),
    ("Implementerat", milestone((None, "genomförd"))),
    ("Rutin finns", milestone(("Rutin", "genomförd"))),
    ("Windows 10 infört", milestone(("Windows 10", "genomförd"))),
    ("Förstudie genomförd och eventuella föreslagna aktiviteter är påbörjade.",
     milestone(("Förstudie", "genomförd"), ("eventuella föreslagna aktiviteter", "påbörjad"))),
    ("Möjlighet till att mäta.", {"type": CapabilityTarget}),
    ("Nytt mått", {"type": NewMeasureTarget}),
]

OTHER_FORMS = [
    ("minst 80 %", threshold("80", "%", "minst")),
    ("högst 3 %", threshold("3", "%", "högst")),
    ("max 31 %", threshold("31", "%", "högst")),
    ("≥ 80 %", threshold("80", "%", "minst")),
    ("≤ 3 %", threshold("3", "%", "högst")),
    (">= 80 %", threshold("80", "%", "minst")),
    ("maximalt 3 arbetsveckor", threshold("3", "arbetsveckor", "högst")),
    ("136", threshold("136", None, None)),
    ("136 p", threshold("136", "p", None)),
    ("3,5 %", threshold("3.5", "%", None)),
    ("−2 %", threshold("-2", "%", None)),
    ("80 procent", threshold("80", "%", None)),
    ("Öka i jmf med 2017", {"type": ChangeTarget, "direction": "öka", "base": Baseline(rule="named", period=Period.year_of(2017))}),
    ("Minska jämfört med 2017", {"type": ChangeTarget, "direction": "minska", "base": Baseline(rule="named", period=Period.year_of(2017))}),
    ("Ingen ökning", {"type": NoWorseTarget, "forbidden": "ökning", "base": None}),
    ("Ingen minskning i jmf med 2016", {"type": NoWorseTarget, "forbidden": "minskning", "base": Baseline(rule="named", period=Period.year_of(2016))}),
    ("  öka  ", {"type": ChangeTarget, "direction": "öka", "base": None}),
]


@pytest.mark.parametrize("phrase, expected", SEED_PHRASES + OTHER_FORMS, ids=lambda p: p if isinstance(p, str) else "")
def test_phrase_gives_typed_target(phrase, expected):
    target = parse_target(phrase, SCALE)
    expected = dict(expected)
    assert type(target) is expected.pop("type")
    assert target.phrase == phrase  # kept as written, for explanations
    for field, value in expected.items():
        assert getattr(target, field) == value, field


def test_threshold_bound_keeps_written_precision():
    assert str(parse_target("3,50 %", SCALE).bound) == "3.50"


def test_milestone_uses_the_scorecards_own_scale():
    scale = ("ej startad", "startad", "klar")
    target = parse_target("Rutin klar", scale)
    assert target.parts == (MilestonePart(subject="Rutin", required="klar"),)
    assert parse_target("Implementerat", scale).parts[0].required == "klar"  # "done" words mean the top status


KIND_OF_FORMS = {
    "Öka, Minska": "förändring",
    "Öka i jmf med 2017, Minska jämfört med 2017": "förändring",
    "Ingen ökning, Ingen minskning i jmf med 2017": "ingen_försämring",
    "Oförändrat": "oförändrat",
    "3 %, 136 p": "gräns",
    "minst 80 %, högst 3 %, max 31 %, maximalt 3 arbetsveckor, ≥ 80 %, ≤ 3 %": "gräns",
    "Genomförd, Implementerat, Rutin finns, Windows 10 infört": "milstolpe",
    "Förstudie genomförd och aktiviteter är påbörjade": "milstolpe",
    "Möjlighet till att mäta": "förmåga",
    "Nytt mått": "nytt_mått",
}


@pytest.mark.parametrize("forms", [forms for forms, _ in ACCEPTED_FORMS])
def test_every_accepted_form_parses(forms):
    """The list shown to users in error messages must not promise what the parser refuses."""
    for example in forms.split(", "):
        target = parse_target(example, SCALE)
        if forms in KIND_OF_FORMS:
            assert target.kind == KIND_OF_FORMS[forms], example


@pytest.mark.parametrize("phrase", [
    "Öka med mycket", "foo", "minst", "Genomförd senast juni", "och", "Rutin finns och", "Bra", "Öka med 5 %",
])
def test_unknown_phrase_lists_accepted_forms(phrase):
    with pytest.raises(PhraseError) as info:
        parse_target(phrase, SCALE)
    assert f"Målet '{phrase}' känns inte igen." == info.value.message
    assert info.value.hint == accepted_forms_hint()
    assert "Öka, Minska" in info.value.hint and "Nytt mått" in info.value.hint


def test_empty_phrase():
    with pytest.raises(PhraseError, match="Målet är tomt"):
        parse_target("  ", SCALE)


@pytest.mark.parametrize("phrase", ["3,8,1 %", "3 % 4", "minst 1 00 %"])
def test_threshold_with_unreadable_number(phrase):
    with pytest.raises(PhraseError) as info:
        parse_target(phrase, SCALE)
    assert "ser ut som ett gränsvärde men kan inte läsas" in info.value.message
    assert "decimalkomma" in info.value.hint


# --- delvis ---------------------------------------------------------------------------------


def partial(text: str, phrase: str, polarity: Polarity | None, unit: str | None = "%"):
    return parse_partial(text, parse_target(phrase, SCALE), polarity, unit, SCALE)


def test_partial_ratio():
    assert partial("minst 80 % av målet", "80 %", HIGHER) == PartialRatio(text="minst 80 % av målet",
                                                                         ratio=Decimal("0.8"))
    assert partial("80,5 % av målet", "80 %", HIGHER).ratio == Decimal("0.805")


@pytest.mark.parametrize("text, phrase, polarity, bound", [
    ("högst 4 %", "3 %", LOWER, "4"),
    ("4 %", "3 %", LOWER, "4"),
    ("minst 70 %", "80 %", HIGHER, "70"),
    ("högst 3,5", "3 %", LOWER, "3.5"),
    ("minst −5 %", "−2 %", HIGHER, "-5"),
])
def test_partial_bound(text, phrase, polarity, bound):
    assert partial(text, phrase, polarity) == PartialBound(text=text, bound=Decimal(bound))


@pytest.mark.parametrize("text, status", [("minst påbörjad", "påbörjad"), ("Påbörjad", "påbörjad"),
                                          ("minst delvis genomförd", "delvis genomförd")])
def test_partial_status(text, status):
    assert partial(text, "Genomförd", None, None) == PartialStatus(text=text, status=status)


def test_partial_status_for_compound_milestone():
    target = "Förstudie genomförd och aktiviteter är påbörjade"
    assert partial("minst påbörjad", target, None, None).status == "påbörjad"


@pytest.mark.parametrize("text, phrase, polarity, message, hint", [
    ("högst 2 %", "3 %", LOWER, "måste ligga på den sämre sidan av målet '3 %'", "högre än målet"),
    ("minst 90 %", "80 %", HIGHER, "måste ligga på den sämre sidan av målet '80 %'", "lägre än målet"),
    ("minst 80 %", "80 %", HIGHER, "måste ligga på den sämre sidan", "lägre än målet"),
    ("minst 4 %", "3 %", LOWER, "går åt fel håll: indikatorn har 'lägre är bättre'", "högst"),
    ("100 % av målet", "80 %", HIGHER, "måste ligga mellan 0 och 100 %", "minst 80 % av målet"),
    ("0 % av målet", "80 %", HIGHER, "måste ligga mellan 0 och 100 %", "minst 80 % av målet"),
    ("minst 70 p", "80 %", HIGHER, "har enheten 'p' men indikatorn har '%'", "indikatorns enhet"),
    ("foo", "80 %", HIGHER, "Gränsen för delvis uppfyllt 'foo' känns inte igen", "minst 80 % av målet"),
    ("3,8,1 %", "3 %", LOWER, "känns inte igen", "högst 4 %"),
    ("minst 80 %", "Öka", HIGHER, "kan bara anges för gränsvärden", "Ta bort 'delvis'"),
    ("ja", "Möjlighet till att mäta", None, "kan bara anges för gränsvärden", "Ta bort 'delvis'"),
])
def test_bad_threshold_partial(text, phrase, polarity, message, hint):
    with pytest.raises(PhraseError) as info:
        partial(text, phrase, polarity)
    assert message in info.value.message
    assert hint in info.value.hint


@pytest.mark.parametrize("text, message", [
    ("minst halvklar", "'minst halvklar' är ingen status på statusskalan"),
    ("minst genomförd", "inte lägre än målets status 'genomförd'"),  # "delvis" could never happen
    ("genomförd", "inte lägre än målets status 'genomförd'"),
    ("ej påbörjad", "alltid minst delvis uppfyllt"),  # "ej uppfyllt" could never happen
])
def test_bad_milestone_partial(text, message):
    with pytest.raises(PhraseError) as info:
        partial(text, "Genomförd", None, None)
    assert message in info.value.message
    assert "ej påbörjad, påbörjad, delvis genomförd, genomförd" in info.value.hint  # the scale, to choose from


@pytest.mark.parametrize("phrase, subjects", [
    ("5G infört", ["5G"]),  # a number in the subject does not make it a threshold
    ("Genomförande och uppföljning klar", ["Genomförande och uppföljning"]),  # "och" inside the subject
])
def test_milestones_that_look_like_something_else(phrase, subjects):
    target = parse_target(phrase, SCALE)
    assert target.kind == "milstolpe" and [p.subject for p in target.parts] == subjects


def test_threshold_with_trailing_words_is_refused_not_misread():
    with pytest.raises(PhraseError) as info:
        parse_target("80 % eller mer", SCALE)
    assert "ser ut som ett gränsvärde men kan inte läsas" in info.value.message and "minst 80 %" in info.value.hint


@pytest.mark.parametrize("phrase", ["minst -2 mnkr", "minst 0 mnkr"])
def test_share_of_a_target_at_or_below_zero_is_refused(phrase):
    target = parse_target(phrase, SCALE)
    with pytest.raises(PhraseError) as info:
        parse_partial("minst 80 % av målet", target, Polarity.HIGHER_IS_BETTER, "mnkr", SCALE)
    assert "noll eller negativt" in info.value.message


def test_words_about_the_number_are_not_a_unit():
    with pytest.raises(PhraseError):
        parse_target("80 mnkr eller mer", SCALE)
    assert parse_target("10 kr per invånare", SCALE).unit == "kr per invånare"


def test_started_without_that_status_on_the_scale_says_so():
    with pytest.raises(PhraseError) as info:
        parse_target("Arbetet är påbörjat", ("planerad", "pågår", "klar"))
    assert "kräver statusen 'påbörjad', som inte står på statusskalan" in info.value.message
    assert "planerad, pågår, klar" in info.value.hint
