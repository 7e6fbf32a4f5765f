"""malmotor.period: reading, writing, comparing and ordering periods, checked against docs/periods.md.

The examples of the document's tables, its ordering chains and its error examples are read from
the document, so the document cannot drift from the code without a test failing.
"""

from __future__ import annotations

import pickle
import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import BaseModel, ConfigDict, ValidationError

from malmotor.model.period import ACCEPTED_FORMS, Period, PeriodError, PeriodKind

DOC = (Path(__file__).resolve().parent.parent / "docs" / "periods.md").read_text(encoding="utf-8")
PER_YEAR = {PeriodKind.YEAR: 1, PeriodKind.HALF: 2, PeriodKind.TERTIAL: 3, PeriodKind.QUARTER: 4,
            PeriodKind.MONTH: 12, PeriodKind.INTERIM: 12}


# --- reading the document --------------------------------------------------------------------------

def table(first_header: str) -> list[list[str]]:
    """Rows (as cells) of the one Markdown table whose first header cell is `first_header`."""
    found, current = [], []
    for line in DOC.splitlines() + [""]:
        if line.startswith("|"):
            current.append([cell.strip() for cell in line.strip().strip("|").split("|")])
            continue
        if current and current[0][0] == first_header:
            found.append(current[2:])  # without the header and the |---| line
        current = []
    assert len(found) == 1, f"expected one table with the header '{first_header}'"
    return found[0]


def backticked(cell: str) -> list[str]:
    return re.findall(r"`([^`]+)`", cell)


def only(cell: str) -> str:
    [item] = backticked(cell)
    return item


FORMS = table("kind")  # kind | canonical form | also accepted | in sentences (sv) | in sentences (en)
ACCEPTED = [(form, only(row[1])) for row in FORMS for form in backticked(row[2])]
PREVIOUS = table("period")  # period | föregående period | samma period föregående år
CHAINS = [span for span in backticked(DOC) if " < " in span]
ERROR_EXAMPLES = re.findall(r"<!-- periodfel: (.+?) -->\n```text\n(.*?)```", DOC, re.DOTALL)


def test_the_document_has_examples_for_every_kind_and_its_tables_are_read():
    assert {PeriodKind(only(row[0])) for row in FORMS} == set(PeriodKind)
    assert len(ACCEPTED) > 50 and len(PREVIOUS) >= 7 and len(CHAINS) >= 5 and len(ERROR_EXAMPLES) >= 4


# --- reading and writing ---------------------------------------------------------------------------

@pytest.mark.parametrize("row", FORMS, ids=lambda row: only(row[1]))
def test_the_canonical_form_in_the_document_is_the_text_and_the_sentences_are_the_real_ones(row):
    period = Period.parse(only(row[1]))
    assert period.kind is PeriodKind(only(row[0]))
    assert period.text == str(period) == only(row[1])
    assert period.sentence() == period.sentence("sv") == only(row[3])
    assert period.sentence("en") == only(row[4])


@pytest.mark.parametrize(("form", "canonical"), ACCEPTED, ids=[form for form, _ in ACCEPTED])
def test_every_accepted_form_in_the_document_is_read_as_its_canonical_form(form, canonical):
    assert Period.parse(form).text == canonical


@pytest.mark.parametrize(("form", "expected"), [
    ("T2\u00a02019", "T2 2019"), ("kv\u202f3\u20092019", "kv 3 2019"), ("jan\u2212aug 2019", "delår augusti 2019"),
    ("  2019-T2 ", "T2 2019"), ("T2  2019", "T2 2019"), ("2019\u2013T2", "T2 2019"), ("2019 \u2014 Q3", "kv 3 2019"),
    ("Kv 3 2019.", "kv 3 2019"), ("DELÅR AUG 2019", "delår augusti 2019"),
])
def test_spaces_dashes_case_and_a_final_period_do_not_matter(form, expected):
    assert Period.parse(form).text == expected


def test_a_year_is_read_from_an_int_and_year_of_makes_one():
    assert Period.parse(2019) == Period.parse("2019") == Period.year_of(2019) == Period(PeriodKind.YEAR, 2019)
    assert Period.parse(2019).number is None


def test_the_parts_of_a_period():
    period = Period.parse("delår per augusti 2019")
    assert (period.kind, period.year, period.number) == (PeriodKind.INTERIM, 2019, 8)
    assert Period.parse("jan–dec 2019") == Period(PeriodKind.INTERIM, 2019, 12) != Period.year_of(2019)


@pytest.mark.parametrize(("form", "months"), [
    ("2019", (1, 12)), ("halvår 2 2019", (7, 12)), ("T1 2019", (1, 4)), ("T2 2019", (5, 8)), ("T3 2019", (9, 12)),
    ("kv 3 2019", (7, 9)), ("2019-08", (8, 8)), ("delår augusti 2019", (1, 8)), ("delår januari 2019", (1, 1)),
])
def test_months(form, months):
    assert Period.parse(form).months == months


def every_period_of(year: int) -> list[Period]:
    return [Period(kind, year, None if kind is PeriodKind.YEAR else number)
            for kind, count in PER_YEAR.items() for number in range(1, count + 1)]


@pytest.mark.parametrize("period", every_period_of(2019), ids=str)
def test_the_text_and_the_swedish_sentence_of_every_period_are_read_back(period):
    assert Period.parse(period.text) == period
    assert Period.parse(period.sentence("sv")) == period


def test_sentences_in_another_language_are_refused():
    with pytest.raises(ValueError, match="lang"):
        Period.parse("T2 2019").sentence("de")


# --- errors ----------------------------------------------------------------------------------------

@pytest.mark.parametrize(("form", "message"), [
    ("T4 2019", "Perioden 'T4 2019' finns inte: ett år har tertial 1–3."),
    ("T0 2019", "Perioden 'T0 2019' finns inte: ett år har tertial 1–3."),
    ("kv 5 2019", "Perioden 'kv 5 2019' finns inte: ett år har kvartal 1–4."),
    ("2019-13", "Perioden '2019-13' finns inte: ett år har månad 01–12."),
    ("2019-00", "Perioden '2019-00' finns inte: ett år har månad 01–12."),
    ("halvår 3 2019", "Perioden 'halvår 3 2019' finns inte: ett år har halvår 1–2."),
    ("0999", "Perioden '0999' finns inte: året ska vara 1000–9999."),
    (999, "Perioden '999' finns inte: året ska vara 1000–9999."),
    ("mar–aug 2019", "Perioden 'mar–aug 2019' börjar i mars, men ett delår börjar alltid i januari."),
    ("aug-dec 2019", "Perioden 'aug-dec 2019' börjar i augusti, men ett delår börjar alltid i januari."),
    ("hösten 2019", "Perioden 'hösten 2019' känns inte igen."),
    ("2019-8", "Perioden '2019-8' känns inte igen."),
    ("T2", "Perioden 'T2' känns inte igen."),
    ("delår 2019", "Perioden 'delår 2019' känns inte igen."),
    ("xyz", "Perioden 'xyz' känns inte igen."),
    ("", "Perioden är tom."),
    ("  ", "Perioden är tom."),
    (None, "En period skrivs som text eller som ett årtal, inte som NoneType."),
    (True, "En period skrivs som text eller som ett årtal, inte som bool."),
])
def test_errors_say_what_is_wrong_and_list_every_accepted_form(form, message):
    with pytest.raises(PeriodError) as caught:
        Period.parse(form)
    assert caught.value.message == str(caught.value) == message
    assert caught.value.hint == ACCEPTED_FORMS
    assert isinstance(caught.value, ValueError)


def test_the_hint_has_one_line_per_kind_and_its_examples_are_of_that_kind():
    lines = dict(re.findall(r"^  (\S+): +(.+)$", ACCEPTED_FORMS, re.MULTILINE))
    assert set(lines) == {kind.value for kind in PeriodKind}
    for kind, examples in lines.items():
        assert {Period.parse(example).kind for example in examples.split(", ")} == {PeriodKind(kind)}


@pytest.mark.parametrize(("form", "shown"), ERROR_EXAMPLES, ids=[form for form, _ in ERROR_EXAMPLES])
def test_the_error_examples_in_the_document_are_the_real_messages(form, shown):
    with pytest.raises(PeriodError) as caught:
        Period.parse(form)
    message, _, hint = shown.rstrip("\n").partition("\n")
    assert message == caught.value.message
    assert not hint or hint == caught.value.hint


def test_a_period_that_does_not_exist_cannot_be_made_directly_either():
    with pytest.raises(PeriodError, match="ett år har tertial 1–3"):
        Period(PeriodKind.TERTIAL, 2019, 4)
    with pytest.raises(PeriodError, match="inget nummer"):
        Period(PeriodKind.YEAR, 2019, 1)
    with pytest.raises(PeriodError, match="året ska vara"):
        Period.parse("T1 1000").previous().previous().previous().previous()
    assert Period.parse("T1 1000").previous() == Period(PeriodKind.TERTIAL, 999, 3)  # exists, has no values
    with pytest.raises(PeriodError):
        Period.parse("999")  # but cannot be written


# --- other periods ---------------------------------------------------------------------------------

@pytest.mark.parametrize("row", PREVIOUS, ids=lambda row: only(row[0]))
def test_previous_and_same_period_last_year_are_the_documented_ones(row):
    period, previous, last_year = (Period.parse(only(cell)) for cell in row)
    assert period.previous() == previous
    assert period.same_period_last_year() == last_year


@pytest.mark.parametrize(("form", "previous"), [
    ("2019", "2018"), ("halvår 1 2019", "halvår 2 2018"), ("T1 2019", "T3 2018"), ("kv 1 2019", "kv 4 2018"),
    ("2019-01", "2018-12"), ("delår januari 2019", "delår januari 2018"),
    ("delår december 2019", "delår december 2018"),
])
def test_previous_at_the_turn_of_the_year_for_every_kind(form, previous):
    assert Period.parse(form).previous() == Period.parse(previous)


def test_in_year():
    assert Period.parse("T2 2019").in_year(2017) == Period.parse("T2 2017")
    assert Period.parse("2019").in_year(2017) == Period.parse("2017")
    assert Period.parse("delår augusti 2019").in_year(2021).text == "delår augusti 2021"


# --- equality and ordering -------------------------------------------------------------------------

@pytest.mark.parametrize("chain", CHAINS)
def test_the_ordering_chains_in_the_document_hold(chain):
    periods = [Period.parse(part) for part in chain.split(" < ")]
    assert all(a < b and b > a and a != b for a, b in zip(periods, periods[1:]))
    assert sorted(reversed(periods)) == periods


def test_equality_and_hash_are_kind_year_and_number():
    assert Period.parse("T2 2019") == Period.parse("2019-T2")
    assert hash(Period.parse("T2 2019")) == hash(Period.parse("2019-T2"))
    assert Period.parse("delår december 2019") != Period.parse("2019")
    assert Period.parse("delår mars 2019") != Period.parse("kv 1 2019")
    assert Period.parse("2019") != 2019 and Period.parse("2019") != "2019"
    assert len({Period.parse("kv 3 2019"), Period.parse("Q3 2019"), Period.parse("2019-Q3")}) == 1
    with pytest.raises(TypeError):
        Period.parse("2019") < 2020


def test_a_period_is_immutable_and_survives_pickle():
    period = Period.parse("T2 2019")
    with pytest.raises(AttributeError):
        period.year = 2020
    assert pickle.loads(pickle.dumps(period)) == period


# --- pydantic --------------------------------------------------------------------------------------

class Measured(BaseModel):
    model_config = ConfigDict(frozen=True)
    period: Period
    compared_with: Period | None = None


def test_a_pydantic_field_reads_a_period_a_text_or_a_year():
    assert Measured(period="2019-T2").period == Period.parse("T2 2019")
    assert Measured(period=2019).period == Period.year_of(2019)
    assert Measured(period=Period.parse("kv 3 2019")).period.text == "kv 3 2019"


def test_a_pydantic_field_writes_the_canonical_text_to_json_and_round_trips():
    measured = Measured(period="jan–aug 2019", compared_with="delår per augusti 2018")
    assert measured.model_dump_json() == '{"period":"delår augusti 2019","compared_with":"delår augusti 2018"}'
    assert measured.model_dump(mode="json") == {"period": "delår augusti 2019",
                                                "compared_with": "delår augusti 2018"}
    assert measured.model_dump()["period"] == Period.parse("delår augusti 2019")
    assert Measured.model_validate_json(measured.model_dump_json()) == measured
    assert hash(measured) == hash(Measured(period="delår augusti 2019", compared_with="delår augusti 2018"))


def test_a_pydantic_field_turns_a_period_error_into_a_validation_error():
    with pytest.raises(ValidationError, match="Perioden 'hösten 2019' känns inte igen."):
        Measured(period="hösten 2019")
    with pytest.raises(ValidationError):
        Measured(period=2019.5)


def test_a_model_with_a_period_has_a_json_schema():
    assert Measured.model_json_schema(mode="serialization")["properties"]["period"]["type"] == "string"
    assert Measured.model_json_schema()["properties"]["period"]["anyOf"][1] == {"type": "integer"}


def test_the_python_example_in_the_document_runs():
    [code] = re.findall(r"```python\n(.*?)```", DOC, re.DOTALL)
    exec(compile(code, "docs/periods.md", "exec"), {})


# --- properties ------------------------------------------------------------------------------------

@st.composite
def periods(draw, years=st.integers(1001, 9999)) -> Period:
    kind = draw(st.sampled_from(PeriodKind))
    number = None if kind is PeriodKind.YEAR else draw(st.integers(1, PER_YEAR[kind]))
    return Period(kind, draw(years), number)


@given(periods())
def test_the_text_reads_back_to_the_same_period(period):
    assert Period.parse(period.text) == period
    assert Period.parse(period.sentence("sv")) == period


@given(periods())
def test_the_previous_period_comes_before_and_the_same_period_last_year_is_in_year_minus_one(period):
    assert period.previous() < period
    assert period.same_period_last_year() == period.in_year(period.year - 1) < period


@given(periods().filter(lambda period: period.kind is not PeriodKind.INTERIM))
def test_the_previous_period_of_a_non_interim_period_is_adjacent(period):
    previous = period.previous()
    assert previous.kind is period.kind
    assert previous.months[1] % 12 + 1 == period.months[0]
    assert previous.year == (period.year - 1 if previous.months[1] == 12 else period.year)


@given(periods(years=st.integers(2018, 2020)), periods(years=st.integers(2018, 2020)))
def test_ordering_is_total_and_agrees_with_equality(a, b):
    assert [a < b, a == b, a > b].count(True) == 1
    assert (a <= b) == (a < b or a == b) and (a == b) == (hash(a) == hash(b) and a.text == b.text)


@given(st.lists(periods(years=st.integers(2018, 2020)), max_size=20), st.randoms())
def test_sorting_is_deterministic_and_consistent_with_the_comparisons(items, random):
    shuffled = items[:]
    random.shuffle(shuffled)
    ordered = sorted(items)
    assert sorted(shuffled) == ordered
    assert all(a <= b for a, b in zip(ordered, ordered[1:]))
    assert all((a < b) == (ordered.index(a) < ordered.index(b)) for a in ordered for b in ordered)
