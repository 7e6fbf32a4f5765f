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
    ManualTarget,
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
from malmotor.load.targets import (
    ACCEPTED_FORMS,
    PhraseError,
    accepted_forms_hint,
    misordered_statuses,
    misplaced_end,
    parse_partial,
    parse_target,
    polarity_required,
    scale_rank,
    status_rank,
)

SCALE = DEFAULT_STATUS_SCALE
HIGHER, LOWER = Polarity.HIGHER_IS_BETTER, Polarity.LOWER_IS_BETTER


def threshold(bound: str, unit: str | None, operator: str | None, strict: bool = False) -> dict:
    return {"type": ThresholdTarget, "bound": Decimal(bound), "unit": unit, "operator": operator, "strict": strict}


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

LAST_YEAR = Baseline(rule="same_last_year")

# Forms of real reports (issue "Real scorecards as published", part 5).
REAL_REPORT_FORMS = [
    # strict: the value must pass the bound; equality does not reach the target
    (">40", threshold("40", None, "minst", strict=True)),
    ("> 40 %", threshold("40", "%", "minst", strict=True)),
    ("<10", threshold("10", None, "högst", strict=True)),
    ("< 10 %", threshold("10", "%", "högst", strict=True)),
    ("över 40 %", threshold("40", "%", "minst", strict=True)),
    ("Över 40 %", threshold("40", "%", "minst", strict=True)),
    ("mer än 40 %", threshold("40", "%", "minst", strict=True)),
    ("fler än 5 st", threshold("5", "st", "minst", strict=True)),
    ("under 10 %", threshold("10", "%", "högst", strict=True)),
    ("mindre än 10 %", threshold("10", "%", "högst", strict=True)),
    ("färre än 5 st", threshold("5", "st", "högst", strict=True)),
    # not strict, unlike the above
    (">= 40 %", threshold("40", "%", "minst")),
    ("<= 10 %", threshold("10", "%", "högst")),
    ("minimum 80 %", threshold("80", "%", "minst")),
    # the unit before the number, and unit words
    ("minst index 41", threshold("41", "index", "minst")),
    ("högst 40 procent", threshold("40", "%", "högst")),
    ("minst 70 procent", threshold("70", "%", "minst")),
    ("över index 100", threshold("100", "index", "minst", strict=True)),
    # modal and verbal forms
    ("Ska öka", {"type": ChangeTarget, "direction": "öka", "base": None}),
    ("ska minska", {"type": ChangeTarget, "direction": "minska", "base": None}),
    ("Ska ökas", {"type": ChangeTarget, "direction": "öka", "base": None}),
    ("ska uppgå till minst 70 procent", threshold("70", "%", "minst")),
    ("ska vara högst 3 %", threshold("3", "%", "högst")),
    ("Ska ligga under 5 %", threshold("5", "%", "högst", strict=True)),
    ("Öka jämfört med föregående år", {"type": ChangeTarget, "direction": "öka", "base": LAST_YEAR}),
    ("ska stärkas jämfört med föregående år", {"type": ChangeTarget, "direction": "öka", "base": LAST_YEAR}),
    ("Stärkas", {"type": ChangeTarget, "direction": "öka", "base": None}),
    ("ska förbättras", {"type": ChangeTarget, "direction": "förbättra", "base": None}),
    ("Förbättras i jmf med 2017", {"type": ChangeTarget, "direction": "förbättra",
                                   "base": Baseline(rule="named", period=Period.year_of(2017))}),
    ("Ska vara oförändrad", {"type": UnchangedTarget, "base": None}),
    ("Skall vara genomförd", milestone((None, "genomförd"))),
    # free text, judged by people
    ("Investeringarna ska självfinansieras (bedöms manuellt)",
     {"type": ManualTarget, "text": "Investeringarna ska självfinansieras"}),
    ("Investeringarna ska självfinansieras (Bedöms manuellt).",
     {"type": ManualTarget, "text": "Investeringarna ska självfinansieras"}),
    ("God ekonomisk hushållning, bedöms manuellt", {"type": ManualTarget, "text": "God ekonomisk hushållning"}),
    ("God ekonomisk hushållning – manuell bedömning", {"type": ManualTarget, "text": "God ekonomisk hushållning"}),
    ("Öka (bedöms manuellt)", {"type": ManualTarget, "text": "Öka"}),
    ("Bedöms manuellt", {"type": ManualTarget, "text": ""}),
]


@pytest.mark.parametrize("phrase, expected", SEED_PHRASES + OTHER_FORMS + REAL_REPORT_FORMS,
                         ids=lambda p: p if isinstance(p, str) else "")
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
    "Öka, Minska, Ska öka, ska minska": "förändring",
    "Öka i jmf med 2017, Minska jämfört med 2017": "förändring",
    "Öka jämfört med samma period föregående år, ska stärkas jämfört med föregående år": "förändring",
    "Ska förbättras, ska förbättras jämfört med 2017": "förändring",
    "över 40 %, > 40 %, mer än 40 %, under 10 %, < 10 %, mindre än 10 %": "gräns",
    "Investeringarna ska självfinansieras (bedöms manuellt)": "manuell",
    "Ingen ökning, Ingen minskning i jmf med 2017": "ingen_försämring",
    "Oförändrat": "oförändrat",
    "mellan 95 och 105 %, 95–105 %": "intervall",
    "3 %, 136 p": "gräns",
    "minst 80 %, högst 3 %, max 31 %, maximalt 3 arbetsveckor, ≥ 80 %, ≤ 3 %, minst index 41, "
    "ska uppgå till minst 70 procent, ska vara högst 3 %": "gräns",
    "Genomförd, Implementerat, Rutin finns, Windows 10 infört": "milstolpe",
    "Förstudie genomförd och aktiviteter är påbörjade": "milstolpe",
    "Möjlighet till att mäta": "förmåga",
    "Nytt mått": "nytt_mått",
    "i snitt minst 2 % under 2021–2023, i genomsnitt högst 3 % under budgetperioden": "gräns",
    "minst medel, högst riket, lägst rikets nivå, bättre än medel, bland de 25 % bästa": "jämförelse",
}
# The comparison series a rule file may declare under `jämförelser`, for the forms that compare with one.
SERIES = ("medel", "riket", "bästa kvartil")


@pytest.mark.parametrize("forms", [forms for forms, _ in ACCEPTED_FORMS])
def test_every_accepted_form_parses(forms):
    """The list shown to users in error messages must not promise what the parser refuses."""
    for example in forms.split(", "):
        target = parse_target(example, SCALE, series=SERIES, budget=(2021, 2023))
        if forms in KIND_OF_FORMS:
            assert target.kind == KIND_OF_FORMS[forms], example


def test_every_accepted_form_has_its_kind_checked():
    assert {forms for forms, _ in ACCEPTED_FORMS} - set(KIND_OF_FORMS) <= {
        "Öka i jmf med 2017, Minska jämfört med T1 2019", "Inget mål, Målvärde saknas, -"}


@pytest.mark.parametrize("phrase", [
    "Öka med mycket", "foo", "minst", "Genomförd senast juni", "och", "Rutin finns och", "Bra", "Öka med 5 %",
    "Investeringarna ska självfinansieras", "ska", "Ska bli bättre", "över", "Öka bedöms manuellt", ">",
])
def test_unknown_phrase_lists_accepted_forms(phrase):
    with pytest.raises(PhraseError) as info:
        parse_target(phrase, SCALE)
    assert f"Målet '{phrase}' känns inte igen." == info.value.message
    # the list is the error's details, shown once however many targets are refused (tests/test_static_analysis.py)
    assert info.value.details == accepted_forms_hint()
    assert "Öka, Minska" in info.value.details and "Nytt mått" in info.value.details


def test_free_text_is_told_how_to_be_judged_manually():
    with pytest.raises(PhraseError) as info:
        parse_target("Investeringarna ska självfinansieras", SCALE)
    assert "Investeringarna ska självfinansieras (bedöms manuellt)" in info.value.details
    assert "över 40 %" in info.value.details and "Ska förbättras" in info.value.details


@pytest.mark.parametrize("phrase, fragment, code", [
    ("minst ca 80 %", "ser ut som ett gränsvärde men kan inte läsas", "inget-tal"),
    ("under 2019 ska rutinen ses över", "ser ut som ett gränsvärde men kan inte läsas", "inget-tal"),
    ("80 mnkr ska uppnås", "ser ut som ett gränsvärde men kan inte läsas", "inget-tal"),
    ("över 40 % eller mer", "ser ut som ett gränsvärde men kan inte läsas", "inget-tal"),
    ("minst index 41 p", "har två enheter: 'index' före talet och 'p' efter", "fel-enhet"),
    ("över 1.000 st", "kan läsas både som 1 000 och som 1", "tvetydigt-tal"),
])
def test_threshold_forms_that_cannot_be_read_say_why(phrase, fragment, code):
    with pytest.raises(PhraseError) as info:
        parse_target(phrase, SCALE)
    assert info.value.code == code and fragment in info.value.message


def test_word_operators_end_at_the_end_of_the_word():
    """`max` is not the start of `maximalt`, `min` not of `minimum`, `under` not of a longer word."""
    assert parse_target("maximalt 3 arbetsveckor", SCALE).unit == "arbetsveckor"
    assert parse_target("minimum 80 %", SCALE).operator == "minst"
    with pytest.raises(PhraseError):
        parse_target("underskott 3 mnkr", SCALE)


def test_better_without_a_direction_needs_riktning():
    problem = polarity_required(parse_target("Ska förbättras", SCALE))
    assert problem.code == "riktning-saknas"
    assert problem.message == ("Målet 'Ska förbättras' säger inte om högre eller lägre värden är bättre, så det kräver "
                               "en riktning.")
    assert "riktning: högre är bättre" in problem.hint
    assert polarity_required(parse_target("Öka", SCALE)) is None
    assert polarity_required(parse_target("över 40 %", SCALE)) is None


def test_better_without_riktning_is_an_error_in_the_rule_file(write):
    import malmotor
    from malmotor.diagnostics import RuleFileError

    from .conftest import rule_file

    path = write("r.yaml", rule_file("- id: x\n  namn: X\n  mål: Ska förbättras\n"))
    with pytest.raises(RuleFileError) as info:
        malmotor.load_scorecard(path)
    assert [d.code for d in info.value.diagnostics] == ["riktning-saknas"]


def test_strict_and_directed_targets_imply_their_riktning():
    from malmotor.model import implied_polarity

    assert implied_polarity(parse_target("över 40 %", SCALE)) is HIGHER
    assert implied_polarity(parse_target("< 10", SCALE)) is LOWER
    assert implied_polarity(parse_target("ska förbättras", SCALE)) is None
    assert implied_polarity(parse_target("X (bedöms manuellt)", SCALE)) is None


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


@pytest.mark.parametrize("text, phrase, polarity, bound", [
    ("minst 30 %", "över 40 %", HIGHER, "30"),
    ("högst 12 %", "under 10 %", LOWER, "12"),
    ("minst index 35", "minst index 41", HIGHER, "35"),
])
def test_partial_bound_of_real_report_forms(text, phrase, polarity, bound):
    unit = parse_target(phrase, SCALE).unit
    assert partial(text, phrase, polarity, unit) == PartialBound(text=text, bound=Decimal(bound))


@pytest.mark.parametrize("text", ["över 30 %", "> 30 %", "mer än 30 %"])
def test_a_strict_partial_band_is_refused(text):
    with pytest.raises(PhraseError) as info:
        partial(text, "över 40 %", HIGHER)
    assert info.value.code == "strikt-delvis"
    assert "gränsen själv räknas alltid som delvis uppfyllt" in info.value.message and "minst" in info.value.hint


def test_a_manual_target_has_no_partial_band():
    with pytest.raises(PhraseError) as info:
        partial("minst 80 %", "Självfinansiering (bedöms manuellt)", None)
    assert info.value.code == "fel-måltyp"


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


# --- negated targets, statuses that are not on the scale, the order of the scale --------------------


@pytest.mark.parametrize("phrase", [
    "Inte genomförd", "Ej genomförd", "Ej infört", "Inte klart", "Ej påbörjad", "Inte påbörjat",
    "Rutin är inte klar", "Rutin ej införd", "Ännu inte påbörjad", "Inte helt klart", "Icke genomförd",
    "Förstudie genomförd och aktiviteter ej påbörjade",
    # a leading ingen/inget/inga/aldrig/utan, and a negation before `vara`: read as "genomförd krävs" before
    "Ingen rutin finns", "Ingen genomförd", "Inget genomfört", "Aldrig genomförd", "Utan rutin på plats",
    "Rutin ska inte vara klar", "Inga avvikelser finns", "Rutin skall ej vara införd", "Rutin är aldrig klar",
    "Förstudie genomförd och ingen rutin finns",
])
def test_a_negated_milestone_is_refused_not_read_as_requiring_the_status(phrase):
    with pytest.raises(PhraseError) as info:
        parse_target(phrase, SCALE)
    assert info.value.code == "nekande-mål"
    assert info.value.message == (f"Målet '{phrase}' är nekande: ett mål ska ange den status som ska nås, inte en "
                                  "som inte ska nås.")
    assert "'Genomförd'" in info.value.hint and "ej påbörjad, påbörjad, delvis genomförd, genomförd" in info.value.hint


def test_a_negation_inside_the_subject_is_not_a_negated_target():
    target = parse_target("Rutin för ärenden som inte avslutats finns", SCALE)
    assert target.parts == (MilestonePart(subject="Rutin för ärenden som inte avslutats", required="genomförd"),)


@pytest.mark.parametrize("phrase, subject", [
    ("Rutin utan brister finns", "Rutin utan brister"),
    ("Rutin ska vara klar", "Rutin"),
    ("Uppföljning av ärenden som aldrig avslutats genomförd", "Uppföljning av ärenden som aldrig avslutats"),
])
def test_a_negation_word_inside_the_subject_is_not_a_negated_target(phrase, subject):
    assert parse_target(phrase, SCALE).parts == (MilestonePart(subject=subject, required="genomförd"),)


CUSTOM = ("ej startad", "startad", "klar")


@pytest.mark.parametrize("phrase, wanted", [("Delvis genomförd", "delvis genomförd"), ("Delvis klar", "delvis klar"),
                                            ("Arbetet är delvis infört", "delvis infört")])
def test_partly_done_without_such_a_status_on_the_scale_names_the_scale(phrase, wanted):
    with pytest.raises(PhraseError) as info:
        parse_target(phrase, CUSTOM)
    assert info.value.code == "okänd-status"
    assert info.value.message == (f"Målet '{phrase}' kräver statusen '{wanted}', som inte står på statusskalan "
                                  "(ej startad, startad, klar).")
    assert "statusskala" in info.value.hint


@pytest.mark.parametrize("phrase, subject", [("Delvis implementerad", None), ("Arbetet är delvis genomfört", "Arbetet"),
                                             ("Delvis genomförd", None)])
def test_partly_done_in_other_words_is_the_scales_partly_done_status(phrase, subject):
    assert parse_target(phrase, SCALE).parts == (MilestonePart(subject=subject, required="delvis genomförd"),)


@pytest.mark.parametrize("status, rank", [
    ("ej påbörjad", 0), ("Inte  startad", 0), ("ej ännu påbörjad", 0), ("påbörjad", 1), ("startat", 1),
    ("delvis genomförd", 2), ("Delvis klar", 2), ("genomförd", 3), ("klar", 3), ("på plats", 3),
    ("pågår", None), ("planerad", None), ("ej klar", None), ("förstudie klar", None),
])
def test_status_rank(status, rank):
    assert status_rank(status) == rank


@pytest.mark.parametrize("scale, pair", [
    (SCALE, None),
    (CUSTOM, None),
    (("planerad", "pågår", "klar"), None),
    (("genomförd", "delvis genomförd", "påbörjad", "ej påbörjad"), ("genomförd", "delvis genomförd")),
    (("klar", "startad", "ej startad"), ("klar", "startad")),
    (("ej påbörjad", "genomförd", "pågår", "påbörjad"), ("genomförd", "påbörjad")),
])
def test_misordered_statuses(scale, pair):
    assert misordered_statuses(scale) == pair


@pytest.mark.parametrize("status, rank", [
    ("ja", 3), ("Ja", 3), ("nej", 0), ("ej genomförd", 0), ("Inte genomfört", 0), ("ej ännu genomförd", 0),
    ("ej startad", 0), ("klar", 3), ("ej klar", None), ("pågår", None), ("delvis", None),
])
def test_scale_rank_knows_yes_no_and_not_done(status, rank):
    assert scale_rank(status) == rank


@pytest.mark.parametrize("scale, found", [
    (SCALE, None),
    (("planerad", "pågår", "klar"), None),
    (("nej", "delvis", "ja"), None),
    (("ej påbörjad", "ej genomförd", "genomförd"), None),
    (("genomförd", "pågår", "planerad"), ("sist", "genomförd", "pågår")),
    (("klar", "pågår", "planerad"), ("sist", "klar", "pågår")),
    (("ja", "delvis", "nej"), ("sist", "ja", "delvis")),
    (("pågår", "planerad", "nej"), ("först", "nej", "pågår")),
    (("planerad", "ej genomförd", "klar"), ("först", "ej genomförd", "planerad")),
])
def test_a_status_that_means_done_stands_last_and_one_that_means_nothing_done_first(scale, found):
    """With one word known, `misordered_statuses` saw no order at all: `[genomförd, pågår, planerad]` made
    `planerad` reach `Genomförd`."""
    assert misplaced_end(scale) == found


# --- numbers in targets and bands ------------------------------------------------------------


@pytest.mark.parametrize("phrase, unit, reading, hint", [
    ("minst 1.000 st", None, "kan läsas både som 1 000 och som 1", "'minst 1 000 st'"),
    ("10.400", "timmar", "kan läsas både som 10 400 och som 10,4", "'10 400', eller decimaltalet utan nollorna på "
                                                                   "slutet, '10,4'"),
    ("3,800 %", None, "kan läsas både som 3 800 och som 3,8", "'3,8 %'"),
    ("Högst 1,000", "st", "(hela antal) kan det inte vara ett decimaltal", "'Högst 1 000'"),
])
def test_a_target_with_a_point_or_comma_before_three_digits_is_refused(phrase, unit, reading, hint):
    with pytest.raises(PhraseError) as info:
        parse_target(phrase, SCALE, unit)
    assert info.value.code == "tvetydigt-tal"
    assert info.value.message.startswith(f"Målet '{phrase}' kan läsas både som")
    assert reading in info.value.message and hint in info.value.hint


@pytest.mark.parametrize("phrase, bound", [("0,125", "0.125"), ("minst 4,31", "4.31"), ("6,0 mnkr", "6.0"),
                                           ("högst 10\u2009400 timmar", "10400")])
def test_unambiguous_targets_keep_working(phrase, bound):
    assert parse_target(phrase, SCALE).bound == Decimal(bound)


@pytest.mark.parametrize("phrase, fragment", [("minst 1e3 st", "exponent"), ("0x10", "hexadecimalt"),
                                              ("högst 0,0000000000000001", "fler än 15 decimaler")])
def test_a_target_in_an_unaccepted_notation_says_why(phrase, fragment):
    with pytest.raises(PhraseError) as info:
        parse_target(phrase, SCALE)
    assert info.value.message.startswith(f"Målet '{phrase}' ") and fragment in info.value.message


def test_a_band_with_a_point_or_comma_before_three_digits_is_refused():
    with pytest.raises(PhraseError) as info:
        partial("högst 4,000 %", "3 %", LOWER)
    assert info.value.code == "tvetydigt-tal"
    assert info.value.message.startswith("Gränsen för delvis uppfyllt 'högst 4,000 %' kan läsas både som 4 000 och som 4")
    assert "'högst 4 %'" in info.value.hint
