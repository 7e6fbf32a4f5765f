"""The rule file: every user mistake names the file and the line, in Swedish, with a hint.

Expected lines are found in the test's own file text (`line_of`), so that a test states which
line is meant instead of a bare number.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from malmotor.model import Baseline
from malmotor.model.period import Period
from malmotor.diagnostics import Diagnostic, RuleFileError
from malmotor.model import MilestoneTarget, PartialStatus, Polarity, ThresholdTarget
from malmotor.load.rulefile import load_scorecard
from malmotor.load.targets import accepted_forms_hint

from .conftest import RULE_FILE_HEAD, SEED_RULES, rule_file

SICK_LEAVE = """
- id: sjuk
  namn: Sjukfrånvaro
  enhet: "%"
  riktning: lägre är bättre
  mål: 3 %
"""


def line_of(path: Path, fragment: str, occurrence: int = 1) -> int:
    """1-based line of the `occurrence`-th line containing `fragment`."""
    hits = [number for number, text in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
            if fragment in text]
    assert len(hits) >= occurrence, f"{fragment!r} is not in the test file"
    return hits[occurrence - 1]


def errors_of(path: Path) -> list[Diagnostic]:
    with pytest.raises(RuleFileError) as info:
        load_scorecard(path)
    diagnostics = info.value.diagnostics
    assert diagnostics and all(d.severity == "fel" for d in diagnostics)
    assert all(d.file == str(path) for d in diagnostics)
    return diagnostics


def the_error(path: Path) -> Diagnostic:
    """The one and only diagnostic for a file with one mistake."""
    diagnostics = errors_of(path)
    assert len(diagnostics) == 1, "\n".join(d.render() for d in diagnostics)
    return diagnostics[0]


def assert_error(path: Path, line: int | None, message: str, hint: str | None = None) -> Diagnostic:
    found = the_error(path)
    assert found.line == line, found.render()
    assert message in found.message, found.render()
    if hint is not None:
        assert found.hint and hint in found.hint, found.render()
    return found


@pytest.fixture
def rules(write):
    """Write a rule file around indicator entries and return its path."""
    return lambda indicators, name="regler.yaml": write(name, rule_file(indicators))


# --- files that load ------------------------------------------------------------------------


def test_bundled_example_loads():
    scorecard = load_scorecard(SEED_RULES)
    indicators = scorecard.indicators()
    assert len(indicators) == 22
    assert indicators["sjukfranvaro"].target == ThresholdTarget(phrase="3 %", bound=Decimal(3), unit="%")
    assert indicators["sjukfranvaro"].polarity is Polarity.LOWER_IS_BETTER
    assert indicators["office365"].parts == ("förstudie", "aktiviteter")
    assert indicators["office365"].partial == PartialStatus(text="minst påbörjad", status="påbörjad")
    assert indicators["konsultberoende"].decimals == 1
    assert scorecard.source == str(SEED_RULES)


def test_indicator_keeps_its_line(rules):
    path = rules(SICK_LEAVE)
    assert load_scorecard(path).indicators()["sjuk"].line == line_of(path, "- id: sjuk")


def test_numbers_are_read_as_written(rules):
    path = rules("""
        - id: a
          namn: A
          riktning: högre är bättre
          mål: 3.50
        """)
    target = load_scorecard(path).indicators()["a"].target
    assert target.phrase == "3.50" and str(target.bound) == "3.50"  # not the float 3.5


def test_polarity_and_unit_are_read_leniently(rules):
    path = rules("""
        - id: a
          namn: A
          enhet: Procent
          riktning: Lägre  är bättre
          mål: 3 %
        """)
    indicator = load_scorecard(path).indicators()["a"]
    assert indicator.polarity is Polarity.LOWER_IS_BETTER
    assert indicator.unit == "%"


def test_utf8_with_bom_and_windows_line_ends(tmp_path):
    path = tmp_path / "regler.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + rule_file(SICK_LEAVE).replace("\n", "\r\n").encode("utf-8"))
    assert list(load_scorecard(path).indicators()) == ["sjuk"]


@pytest.mark.parametrize("written, low, high", [
    ("0–100", "0", "100"), ("0-100", "0", "100"), ("0 till 100 %", "0", "100"), ("[0, 100]", "0", "100"),
    ("−10–10", "-10", "10"), ("-10 – 10", "-10", "10"), ("1,0–5,0", "1.0", "5.0"),
])
def test_value_range_forms(rules, written, low, high):
    path = rules(f"""
        - id: a
          namn: A
          mål: Öka
          värdeområde: {written}
        """)
    assert load_scorecard(path).indicators()["a"].value_range == (Decimal(low), Decimal(high))


# --- YAML itself ----------------------------------------------------------------------------


@pytest.mark.parametrize("bad_line, explanation", [
    ("                namn: [Sjukfrånvaro", "en hakparentes '[' stängs aldrig"),
    ("                namn: 'Sjukfrånvaro", "ett citattecken öppnas men stängs aldrig"),
    ("                namn: Enkät: Sjukfrånvaro", "ett kolon följt av mellanslag står mitt i en text"),
    ("\tnamn: Sjukfrånvaro", "raden innehåller ett tabbtecken"),
    ("               namn: Sjukfrånvaro", "indraget stämmer inte med raderna ovanför"),
    ("                namn: 'Sjuk' Sjukfrånvaro", "det står text efter ett avslutat värde"),
    ("                Sjukfrånvaro", "raden saknar kolon efter nyckeln"),
    ("                namn: @Sjukfrånvaro", "ett värde börjar med ett tecken som måste stå inom citattecken"),
])
def test_yaml_syntax_error_names_the_line(write, bad_line, explanation):
    text = RULE_FILE_HEAD + "              - id: sjuk\n" + bad_line + "\n" + \
        "                mål: Öka\n                enhet: st\n"
    path = write("regler.yaml", text)
    found = assert_error(path, line_of(path, "Sjukfrånvaro"), f"Filen är inte giltig YAML: {explanation}")
    assert found.hint


def test_yaml_syntax_error_line_is_where_the_mistake_is(write):
    path = write("regler.yaml", rule_file("""
        - id: a
          namn: [Sjukfrånvaro, frånvaro
          mål: Öka
        """))
    assert_error(path, line_of(path, "namn: [Sjuk"), "en hakparentes '[' stängs aldrig", "']'")


def test_duplicate_key_names_both_lines(rules):
    path = rules("""
        - id: a
          namn: A
          mål: Öka
          mål: Minska
        """)
    assert_error(path, line_of(path, "mål: Minska"),
                 f"Nyckeln 'mål' står två gånger i samma avsnitt (första gången på rad {line_of(path, 'mål: Öka')})",
                 "Ta bort den ena")


def test_yaml_tag_is_refused_and_nothing_is_executed(write, tmp_path):
    marker = tmp_path / "executed"
    path = write("regler.yaml", f"""
        malmotor: 1
        styrkort: !!python/object/apply:os.system ["touch {marker}"]
        perspektiv: []
        """)
    assert_error(path, 2, "YAML-taggen !!python/object/apply:os.system är inte tillåten", "ta bort taggen")
    assert not marker.exists()


@pytest.mark.parametrize("value, tag", [
    ("!!python/object/apply:os.system\n            args: ['echo hi']", "!!python/object/apply:os.system"),
    ("!!int 1", "!!int"),
    ("!!str Medborgare", "!!str"),
    ("!egen Medborgare", "!egen"),
])
def test_any_explicit_tag_is_refused_where_it_is(write, value, tag):
    path = write("regler.yaml", f"""
        malmotor: 1
        styrkort: Test
        perspektiv:
          - namn: {value}
        """)
    assert_error(path, line_of(path, "- namn:"), f"YAML-taggen {tag} är inte tillåten")


# --- the file as a whole --------------------------------------------------------------------


def test_missing_file(tmp_path):
    path = tmp_path / "finns-inte.yaml"
    assert_error(path, None, "Filen finns inte.", "Kontrollera sökvägen")


def test_directory_instead_of_file(tmp_path):
    assert_error(tmp_path, None, "Sökvägen är en mapp, inte en fil.")


def test_a_rule_file_that_is_a_loop_of_symbolic_links_is_called_so(tmp_path):
    """It was "Filen finns inte", which sends the user looking for a file that is there."""
    loop = tmp_path / "regler.yaml"
    loop.symlink_to(loop)
    found = assert_error(loop, None, "Sökvägen är en slinga av symboliska länkar", "ls -l")
    assert found.code == "länkslinga" and "finns inte" not in found.message


def test_a_rule_file_name_too_long_is_a_located_error(tmp_path):
    found = assert_error(tmp_path / ("r" * 300 + ".yaml"), None, "Filen kan inte läsas (filnamnet är för långt).")
    assert found.code == "fil-oläslig"


@pytest.mark.parametrize("text, message", [
    ("", "Filen är tom."),
    ("  \n\n", "Filen är tom."),
    ("# Styrkort 2018, inte ifyllt än\n", "Filen innehåller bara kommentarer, inga värden."),
])
def test_empty_file(write, text, message):
    assert_error(write("regler.yaml", text), 1, message, "docs/")


def test_file_that_is_not_a_mapping(write):
    assert_error(write("regler.yaml", "- malmotor: 1\n"), 1, "regelfilen ska vara ett avsnitt med nycklar")


def test_file_not_saved_as_utf8_names_the_line(tmp_path):
    path = tmp_path / "regler.yaml"
    path.write_bytes(rule_file(SICK_LEAVE).encode("latin-1"))
    first_non_ascii = next(n for n, text in enumerate(rule_file(SICK_LEAVE).splitlines(), 1) if not text.isascii())
    assert_error(path, first_non_ascii, "Filen är inte sparad som UTF-8", "UTF-8")


def test_excel_file_given_as_rule_file(tmp_path):
    path = tmp_path / "styrkort.xlsx"
    path.write_bytes(b"PK\x03\x04" + bytes(range(256)))
    assert_error(path, None, "Filen är en Excel-fil, inte en textfil.")


@pytest.mark.parametrize("written, shown", [("2", "2"), ("1.0", "1.0"), ("'0'", "0")])
def test_wrong_format_version(write, written, shown):
    path = write("regler.yaml", rule_file(SICK_LEAVE).replace("malmotor: 1", f"malmotor: {written}"))
    assert_error(path, 1, f"Formatversion '{shown}' stöds inte.", "skriv 'malmotor: 1'")


def test_missing_format_version(write):
    path = write("regler.yaml", rule_file(SICK_LEAVE).replace("malmotor: 1\n", ""))
    assert_error(path, 1, "Nyckeln 'malmotor' saknas i regelfilen.", "malmotor:")


def test_unknown_top_key_with_suggestion(write):
    path = write("regler.yaml", rule_file(SICK_LEAVE).replace("styrkort:", "styrkortet:"))
    errors = errors_of(path)
    assert [(d.line, d.message) for d in errors] == [
        (1, "Nyckeln 'styrkort' saknas i regelfilen."),
        (2, "Okänd nyckel 'styrkortet' i regelfilen."),
    ]
    assert errors[1].hint.startswith("Menade du 'styrkort'?")


# --- indicators -----------------------------------------------------------------------------


def test_unknown_key_with_suggestion(rules):
    path = rules(SICK_LEAVE + "  riktnig: lägre är bättre\n")
    found = assert_error(path, line_of(path, "riktnig:"), "Okänd nyckel 'riktnig' i indikatorn.",
                         "Menade du 'riktning'?")
    assert "Tillåtna nycklar här: id, namn, enhet, riktning, mål" in found.hint


def test_unknown_key_without_close_match(rules):
    path = rules(SICK_LEAVE + "  ansvarig: Kalle\n")
    found = assert_error(path, line_of(path, "ansvarig:"), "Okänd nyckel 'ansvarig' i indikatorn.")
    assert "Menade du" not in found.hint and "Tillåtna nycklar här" in found.hint


def test_unknown_target_phrase_lists_accepted_forms(rules):
    path = rules("""
        - id: a
          namn: A
          mål: Öka rejält
        """)
    found = assert_error(path, line_of(path, "mål: Öka rejält"), "Målet 'Öka rejält' känns inte igen.")
    assert found.details == accepted_forms_hint()
    assert "minst 80 %" in found.details and "Windows 10 infört" in found.details


def test_threshold_without_polarity(rules):
    path = rules("""
        - id: a
          namn: Enkät
          enhet: "%"
          mål: 80 %
        """)
    assert_error(path, line_of(path, "mål: 80 %"), "Gränsvärdet '80 %' kräver en riktning.",
                 "riktning: högre är bättre")


def test_unchanged_without_polarity(rules):
    path = rules("""
        - id: a
          namn: Index
          mål: Oförändrat
        """)
    assert_error(path, line_of(path, "mål: Oförändrat"), "Målet 'Oförändrat' kräver en riktning", "riktning:")


def test_unreadable_polarity_is_reported_once(rules):
    path = rules("""
        - id: a
          namn: Enkät
          riktning: uppåt
          mål: 80 %
        """)
    assert_error(path, line_of(path, "riktning: uppåt"), "Riktningen 'uppåt' känns inte igen.",
                 "'högre är bättre' eller 'lägre är bättre'")


@pytest.mark.parametrize("polarity, target, meaning", [
    ("lägre är bättre", "Öka", "högre är bättre"),
    ("högre är bättre", "Minska", "lägre är bättre"),
    ("högre är bättre", "högst 3 %", "lägre är bättre"),
    ("lägre är bättre", "minst 80 %", "högre är bättre"),
    ("högre är bättre", "Ingen ökning i jmf med 2017", "lägre är bättre"),
])
def test_polarity_contradicting_the_target(rules, polarity, target, meaning):
    path = rules(f"""
        - id: a
          namn: A
          riktning: {polarity}
          mål: {target}
        """)
    assert_error(path, line_of(path, "riktning:"),
                 f"Målet '{target}' betyder '{meaning}' men riktningen är '{polarity}'.", "Ändra riktningen")


def test_unit_mismatch_between_target_and_unit(rules):
    path = rules("""
        - id: a
          namn: Ledtid
          enhet: dagar
          mål: maximalt 3 arbetsveckor
        """)
    assert_error(path, line_of(path, "mål: maximalt"), "Målet 'maximalt 3 arbetsveckor' har enheten 'arbetsveckor' men "
                 "indikatorn har enheten 'dagar'.", "samma enhet")


def test_duplicate_indicator_id_names_both_lines(rules):
    path = rules(SICK_LEAVE + SICK_LEAVE.replace("Sjukfrånvaro", "Sjukfrånvaro kvinnor"))
    assert_error(path, line_of(path, "- id: sjuk", 2),
                 f"Indikator-id 'sjuk' finns redan (rad {line_of(path, '- id: sjuk')}).", "eget id")


def test_duplicate_id_is_found_even_if_the_first_indicator_has_other_mistakes(rules):
    path = rules("""
        - id: a
          namn: A
          mål: Öka på
        - id: a
          namn: B
          mål: Minska
        """)
    lines = {d.line: d.message for d in errors_of(path)}
    assert lines == {line_of(path, "mål: Öka på"): "Målet 'Öka på' känns inte igen.",
                     line_of(path, "- id: a", 2): f"Indikator-id 'a' finns redan (rad {line_of(path, '- id: a')})."}


@pytest.mark.parametrize("indicator, line_text, message", [
    ("- namn: Utan id\n  mål: Öka", "- namn: Utan id", "Nyckeln 'id' saknas i indikatorn."),
    ("- id: a\n  namn: A\n  mål:  # ej ifyllt", "# ej ifyllt", "'mål' är tomt."),
    ("- id: a b\n  namn: A\n  mål: Öka", "- id: a b", "Id 'a b' får bara innehålla bokstäver"),
    ("- id: a\n  namn: true\n  mål: Öka", "namn: true", "'namn' ska vara en text, inte ja/nej"),
    ("- id: a\n  namn: A\n  mål: Öka\n  decimaler: 7", "decimaler", "'decimaler: 7' ska vara ett heltal från 0 till"),
    ("- id: a\n  namn: A\n  mål: Öka\n  decimaler: två", "decimaler", "ska vara ett heltal från 0 till 6."),
    ("- id: a\n  namn: A\n  mål: Öka\n  decimaler: ²", "decimaler", "'decimaler: ²' ska vara ett heltal"),
])
def test_indicator_fields(rules, indicator, line_text, message):
    path = rules(indicator)
    assert_error(path, line_of(path, line_text), message)


def test_empty_indicator_list(write):
    path = write("regler.yaml", RULE_FILE_HEAD)
    assert_error(path, line_of(path, "indikatorer:"), "Listan 'indikatorer' är tom.", "'- '")


# --- compound milestones --------------------------------------------------------------------

COMPOUND = """
- id: o365
  namn: Office 365
  mål: Förstudie genomförd och aktiviteter är påbörjade
"""


def test_compound_milestone_with_parts(rules):
    indicator = load_scorecard(rules(COMPOUND + "  delmål: [förstudie, aktiviteter]\n")).indicators()["o365"]
    assert isinstance(indicator.target, MilestoneTarget) and indicator.parts == ("förstudie", "aktiviteter")


def test_compound_milestone_without_parts(rules):
    path = rules(COMPOUND)
    assert_error(path, line_of(path, "mål: Förstudie"), "Målet har 2 delar ('Förstudie', 'aktiviteter') men "
                 "'delmål' saknas.", "delmål: [förstudie, aktiviteter]")


@pytest.mark.parametrize("parts, message", [
    ("[förstudie]", "'delmål' har 1 namn men målet har 2 delar"),
    ("[förstudie, aktiviteter, uppföljning]", "'delmål' har 3 namn men målet har 2 delar"),
    ("[förstudie, Förstudie]", "Två delmål har samma namn."),
    ("[förstudie, '']", "Varje delmål ska vara ett kort namn"),
    ("förstudie och aktiviteter", "'delmål' ska vara en lista"),
])
def test_bad_parts(rules, parts, message):
    path = rules(COMPOUND + f"  delmål: {parts}\n")
    assert_error(path, line_of(path, "delmål:"), message)


def test_parts_on_a_simple_milestone(rules):
    path = rules("- id: a\n  namn: A\n  mål: Genomförd\n  delmål: [förstudie]\n")
    assert_error(path, line_of(path, "delmål:"), "'delmål' används bara för sammansatta milstolpar", "Ta bort")


# --- delvis, värdeområde, utveckling --------------------------------------------------------


@pytest.mark.parametrize("indicator, message, hint", [
    (SICK_LEAVE + "  delvis: högst 2 %\n", "'högst 2 %' måste ligga på den sämre sidan av målet '3 %'",
     "högre än målet"),
    (SICK_LEAVE + "  delvis: minst 4 %\n", "'minst 4 %' går åt fel håll", "högst"),
    (SICK_LEAVE + "  delvis: högst 4 dagar\n", "har enheten 'dagar' men indikatorn har '%'", "enhet"),
    (SICK_LEAVE + "  delvis: ungefär\n", "Gränsen för delvis uppfyllt 'ungefär' känns inte igen", "av målet"),
    ("- id: a\n  namn: A\n  mål: Genomförd\n  delvis: minst halvvägs\n",
     "'minst halvvägs' är ingen status på statusskalan", "ej påbörjad, påbörjad"),
    ("- id: a\n  namn: A\n  mål: Genomförd\n  delvis: genomförd\n",
     "inte lägre än målets status 'genomförd'", "Välj en status under målets"),
    ("- id: a\n  namn: A\n  mål: Öka\n  delvis: minst 80 % av målet\n",
     "Delvis uppfyllt kan bara anges för gränsvärden", "Ta bort 'delvis'"),
])
def test_bad_partial(rules, indicator, message, hint):
    path = rules(indicator)
    assert_error(path, line_of(path, "delvis:"), message, hint)


@pytest.mark.parametrize("indicator, message", [
    (SICK_LEAVE + "  värdeområde: noll till hundra\n", "Värdeområdet 'noll till hundra' känns inte igen."),
    (SICK_LEAVE + "  värdeområde: [0, 50, 100]\n", "Värdeområdet '[0, 50, 100]' känns inte igen."),
    (SICK_LEAVE + "  värdeområde: {min: 0}\n", "Värdeområdet känns inte igen."),
    (SICK_LEAVE + "  värdeområde: 100–0\n", "Värdeområdets undre gräns måste vara lägre än den övre."),
    (SICK_LEAVE + "  värdeområde: 0–100 dagar\n", "har enheten 'dagar' men indikatorn har '%'"),
    (SICK_LEAVE.replace("3 %", "120 %") + "  värdeområde: 0–100\n", "Målet '120 %' ligger utanför värdeområdet 0–100."),
    ("- id: a\n  namn: A\n  mål: Genomförd\n  värdeområde: 0–100\n", "Värdeområde gäller bara indikatorer med tal"),
])
def test_bad_value_range(rules, indicator, message):
    path = rules(indicator)
    found = assert_error(path, line_of(path, "värdeområde:"), message)
    assert found.hint


@pytest.mark.parametrize("partial, ratio, limit", [
    ("91–99 % av målet", Decimal("0.91"), Decimal("3.3")),  # "Uppfyllelse 91–99 procent": from 91 % of the target
    ("minst 80-99 % av målet", Decimal("0.8"), Decimal("3.75")),
    ("80 till 100 % av målet", Decimal("0.8"), Decimal("3.75")),
])
def test_a_share_of_the_target_written_as_a_band(rules, partial, ratio, limit):
    indicator = load_scorecard(rules(SICK_LEAVE + f"  delvis: {partial}\n")).indicators()["sjuk"]
    assert (indicator.partial.text, indicator.partial.ratio, indicator.partial_limit()) == (partial, ratio, limit)


@pytest.mark.parametrize("partial", ["99–91 % av målet", "0–50 % av målet", "80–120 % av målet"])
def test_a_share_band_must_be_ordered_and_within_0_and_100(rules, partial):
    path = rules(SICK_LEAVE + f"  delvis: {partial}\n")
    found = assert_error(path, line_of(path, "delvis:"), "ska ligga mellan 0 och 100 %", "91–99 % av målet")
    assert found.code == "fel-andel"


def test_delvis_ingen_means_no_band_for_a_threshold(rules):
    assert load_scorecard(rules(SICK_LEAVE + "  delvis: ingen\n")).indicators()["sjuk"].partial is None


def test_trend_settings(rules):
    path = rules(SICK_LEAVE + "  utveckling:\n    jämför med: 2016\n    oförändrat inom: 0,1 procentenheter\n")
    trend = load_scorecard(path).indicators()["sjuk"].trend
    assert trend.compare_with == Baseline(rule="named", period=Period.year_of(2016)) and trend.unchanged_within == Decimal("0.1")


@pytest.mark.parametrize("settings, line_text, message, hint", [
    ("    jämför med: i våras", "jämför med", "'jämför med: i våras' känns inte igen.", "föregående period"),
    ("    jämför med: 17", "jämför med", "'jämför med: 17' känns inte igen.", "2017"),
    ("    oförändrat inom: lite", "oförändrat inom", "'oförändrat inom: lite' är inget tal.", "0,2"),
    ("    oförändrat inom: −0,1", "oförändrat inom", "kan inte vara negativt", "0,2"),
    ("    oförändrat inom: 0,5 dagar", "oförändrat inom", "har en annan enhet än indikatorn ('%')", "enhet"),
    ("    oförändrad inom: 0,1", "oförändrad inom", "Okänd nyckel 'oförändrad inom' i utvecklingen.",
     "Menade du 'oförändrat inom'?"),
])
def test_bad_trend_settings(rules, settings, line_text, message, hint):
    path = rules(SICK_LEAVE + "  utveckling:\n" + settings + "\n")
    assert_error(path, line_of(path, line_text), message, hint)


def test_trend_settings_must_be_a_section(rules):
    path = rules(SICK_LEAVE + "  utveckling: 0,1\n")
    assert_error(path, line_of(path, "utveckling:"), "utvecklingen ska vara ett avsnitt med nycklar")


def test_dead_band_on_a_milestone(rules):
    path = rules("- id: a\n  namn: A\n  mål: Genomförd\n  utveckling:\n    oförändrat inom: 1\n")
    assert_error(path, line_of(path, "oförändrat inom"), "'oförändrat inom' gäller bara indikatorer med tal",
                 "Ta bort raden")


# --- several mistakes -----------------------------------------------------------------------


def test_all_mistakes_in_a_file_are_reported_together_in_reading_order(write):
    path = write("regler.yaml", rule_file("""
        - id: a
          namn: A
          riktnig: lägre är bättre
          mål: 3 %
        - id: b
          namn: B
          mål: Öka på
          värdeområde: x
        - id: c
          mål: Minska
        - id: a
          namn: D
          riktning: lägre är bättre
          mål: Öka
        """).replace("malmotor: 1", "malmotor: 3"))
    found = [(d.line, d.message) for d in errors_of(path)]
    assert found == [
        (1, "Formatversion '3' stöds inte."),
        (line_of(path, "riktnig:"), "Okänd nyckel 'riktnig' i indikatorn."),
        (line_of(path, "mål: 3 %"), "Gränsvärdet '3 %' kräver en riktning."),
        (line_of(path, "mål: Öka på"), "Målet 'Öka på' känns inte igen."),
        (line_of(path, "värdeområde: x"), "Värdeområdet 'x' känns inte igen."),
        (line_of(path, "- id: c"), "Nyckeln 'namn' saknas i indikatorn."),
        (line_of(path, "- id: a", 2), f"Indikator-id 'a' finns redan (rad {line_of(path, '- id: a')})."),
        (line_of(path, "riktning: lägre"),
         "Målet 'Öka' betyder 'högre är bättre' men riktningen är 'lägre är bättre'."),
    ]


def test_error_renders_as_file_line_message_and_hint(rules):
    path = rules(SICK_LEAVE + "  riktnig: x\n")
    with pytest.raises(RuleFileError) as info:
        load_scorecard(path)
    line = line_of(path, "riktnig:")
    assert str(info.value).startswith(f"{path}:{line}: fel: Okänd nyckel 'riktnig' i indikatorn.\n    Menade du")


# --- plausible wrong verdicts: the order of the status scale, negated and unknown statuses ---------


def _seed_with_scale(write, scale: str) -> Path:
    text = SEED_RULES.read_text(encoding="utf-8")
    line = "statusskala: [ej påbörjad, påbörjad, delvis genomförd, genomförd]"
    assert line in text
    return write("regler.yaml", text.replace(line, f"statusskala: {scale}"))


def test_a_status_scale_written_highest_first_is_an_error(write):
    path = _seed_with_scale(write, "[genomförd, delvis genomförd, påbörjad, ej påbörjad]")
    found = assert_error(path, line_of(path, "statusskala:"),
                         "Statusskalan står i omvänd ordning: 'genomförd' står först och 'ej påbörjad' sist, men "
                         "skalan skrivs lägst först.",
                         "Skriv 'statusskala: [ej påbörjad, påbörjad, delvis genomförd, genomförd]'.")
    assert found.code == "omvänd-statusskala"  # and no follow-on errors about the seed's targets and bands


def test_known_statuses_out_of_order_are_an_error(write):
    path = write("regler.yaml", rule_file("- id: a\n  namn: A\n  mål: Genomförd\n").replace(
        "perspektiv:", "statusskala: [ej startad, klar, pågår, startad]\nperspektiv:", 1))
    found = assert_error(path, line_of(path, "statusskala:"),
                         "Statusskalan står i fel ordning: 'klar' står före 'startad', men skalan skrivs lägst först.",
                         "Flytta 'startad' före 'klar'.")
    assert found.code == "omvänd-statusskala"


@pytest.mark.parametrize("scale, goal, turned", [
    ("[genomförd, pågår, planerad]", "Genomförd", "[planerad, pågår, genomförd]"),
    ("[klar, pågår, planerad]", "Klar", "[planerad, pågår, klar]"),
    ("[ja, delvis, nej]", "Genomförd", "[nej, delvis, ja]"),
])
def test_a_scale_with_one_known_word_at_the_wrong_end_is_an_error(write, scale, goal, turned):
    """These gave silent wrong verdicts: `planerad` reached `Genomförd`, `pågår` reached `Klar`, and
    `Genomförd` required `nej`."""
    path = write("regler.yaml", rule_file(f"- id: a\n  namn: A\n  mål: {goal}\n").replace(
        "perspektiv:", f"statusskala: {scale}\nperspektiv:", 1))
    first, last = scale.strip("[]").split(", ")[0], scale.strip("[]").split(", ")[-1]
    found = assert_error(path, line_of(path, "statusskala:"),
                         f"Statusskalan står i omvänd ordning: '{first}' står först och '{last}' sist, men skalan "
                         "skrivs lägst först.", f"Skriv 'statusskala: {turned}'.")
    assert found.code == "omvänd-statusskala"


@pytest.mark.parametrize("scale, message, hint", [
    ("[pågår, genomförd, planerad]", "'genomförd' betyder att det är klart och ska stå sist, men 'planerad' står "
     "efter den", "Flytta 'genomförd' sist"),
    ("[pågår, nej, ja]", "'nej' betyder att inget är gjort och ska stå först, men 'pågår' står före den",
     "Flytta 'nej' först"),
])
def test_a_done_or_not_started_word_in_the_middle_is_an_error(write, scale, message, hint):
    path = write("regler.yaml", rule_file("- id: a\n  namn: A\n  mål: Genomförd\n").replace(
        "perspektiv:", f"statusskala: {scale}\nperspektiv:", 1))
    found = assert_error(path, line_of(path, "statusskala:"), f"Statusskalan står i fel ordning: {message}", hint)
    assert found.code == "omvänd-statusskala" and "lägst först" in found.message


@pytest.mark.parametrize("scale", ["[ej startad, startad, klar]", "[planerad, pågår, klar]", "[nej, delvis, ja]",
                                   "[ej påbörjad, ej genomförd, genomförd]"])
def test_scales_lowest_first_or_of_unknown_words_load(write, scale):
    path = write("regler.yaml", rule_file("- id: a\n  namn: A\n  mål: Implementerat\n").replace(
        "perspektiv:", f"statusskala: {scale}\nperspektiv:", 1))
    assert load_scorecard(path).indicators()["a"].target.parts[0].required == scale.strip("[]").split(", ")[-1]


def test_a_partly_done_target_not_on_a_custom_scale_is_an_error(write):
    path = write("regler.yaml", rule_file("- id: a\n  namn: A\n  mål: Delvis genomförd\n").replace(
        "perspektiv:", "statusskala: [ej startad, startad, klar]\nperspektiv:", 1))
    found = assert_error(path, line_of(path, "mål: Delvis"),
                         "Målet 'Delvis genomförd' kräver statusen 'delvis genomförd', som inte står på statusskalan "
                         "(ej startad, startad, klar).")
    assert found.code == "okänd-status"


@pytest.mark.parametrize("phrase", ["Inte genomförd", "Ej genomförd", "Ej infört", "Inte klart", "Ej påbörjad",
                                    "Ingen rutin finns", "Inget genomfört", "Aldrig genomförd", "Utan rutin på plats",
                                    "Rutin ska inte vara klar"])
def test_a_negated_target_is_an_error(rules, phrase):
    path = rules(f"- id: a\n  namn: A\n  mål: {phrase}\n")
    found = assert_error(path, line_of(path, f"mål: {phrase}"), f"Målet '{phrase}' är nekande",
                         "Skriv den status som ska nås")
    assert found.code == "nekande-mål"


# --- a band far from its target is a warning ------------------------------------------------


def test_a_band_far_from_a_small_target_is_a_warning_that_suggests_a_share_of_the_target(rules):
    path = rules(SICK_LEAVE + "  delvis: 80 %\n")
    scorecard = load_scorecard(path)  # a warning does not stop the file from loading
    assert scorecard.indicators()["sjuk"].partial.bound == Decimal(80)
    [found] = scorecard.warnings
    assert (found.severity, found.code, found.file, found.line) == (
        "varning", "delvis-långt-från-målet", str(path), line_of(path, "delvis:"))
    assert found.message == ("Gränsen för delvis uppfyllt '80 %' ligger mycket långt från målet '3 %': värden ända "
                             "upp till 80 % räknas som delvis uppfyllda.")
    assert found.hint.startswith("Menade du 80 % av målet? Skriv då 'delvis: minst 80 % av målet' (delvis uppfyllt "
                                 "upp till 3,75 %).")


@pytest.mark.parametrize("indicator, warned", [
    (SICK_LEAVE + "  delvis: högst 4 %\n", False),
    (SICK_LEAVE + "  delvis: högst 33 %\n", False),  # ten times the target's distance from 0: still believable
    (SICK_LEAVE + "  delvis: högst 33,1 %\n", True),
    (SICK_LEAVE + "  delvis: högst 4 %\n  värdeområde: 2,5–100\n", False),
    (SICK_LEAVE + "  delvis: högst 9 %\n  värdeområde: 2,5–100\n", True),  # measured from the range's lower edge
    ("- id: a\n  namn: A\n  enhet: '%'\n  mål: minst 99 %\n  delvis: minst 80 %\n", False),
    ("- id: a\n  namn: A\n  enhet: '%'\n  mål: minst 100 %\n  delvis: minst 60 %\n", False),
    ("- id: a\n  namn: A\n  enhet: '%'\n  mål: högst 0 %\n  delvis: högst 5 %\n", False),  # no distance to compare
    ("- id: a\n  namn: A\n  mål: maximalt 3 arbetsveckor\n  delvis: högst 40 arbetsveckor\n", True),
    ("- id: a\n  namn: A\n  mål: högst -2 mnkr\n  delvis: högst 100 mnkr\n", False),
    ("- id: a\n  namn: A\n  mål: minst 10 mnkr\n  delvis: minst -200 mnkr\n", True),
])
def test_which_bands_are_far_from_their_target(rules, indicator, warned):
    assert bool(load_scorecard(rules(indicator)).warnings) is warned


def test_a_far_band_that_cannot_be_a_share_gets_no_share_suggestion(rules):
    path = rules("- id: a\n  namn: A\n  mål: minst 10 mnkr\n  delvis: minst -200 mnkr\n")
    [found] = load_scorecard(path).warnings
    assert "ända ned till -200 mnkr" in found.message
    assert found.hint.startswith("Kontrollera gränsen.") and "av målet" not in found.hint


def test_the_bundled_examples_have_no_warnings():
    assert load_scorecard(SEED_RULES).warnings == ()
    assert load_scorecard(SEED_RULES.parent / "kommun-uppfoljning.yaml").warnings == ()


def test_a_rule_file_warning_reaches_the_result(rules, write):
    import malmotor

    scorecard = load_scorecard(rules(SICK_LEAVE + "  delvis: 80 %\n"))
    measures = malmotor.load_measures(write("2018.yaml", "period: 2018\nvärden:\n  sjuk: 3,5 %\n"))
    result = malmotor.evaluate(scorecard, measures, engine="reference")
    assert [w.code for w in result.warnings if w.code == "delvis-långt-från-målet"] == ["delvis-långt-från-målet"]


# --- numbers that read two ways -------------------------------------------------------------


@pytest.mark.parametrize("indicator, key, message, hint", [
    ("- id: a\n  namn: A\n  enhet: st\n  mål: minst 1.000 st\n", "mål: minst",
     "Målet 'minst 1.000 st' kan läsas både som 1 000 och som 1", "'minst 1 000 st'"),
    ("- id: a\n  namn: A\n  enhet: st\n  mål: minst 1,000\n", "mål: minst", "(hela antal) kan det inte vara ett decimaltal",
     "'minst 1 000'"),
    (SICK_LEAVE.replace("3 %", "3,800 %"), "mål: 3", "Målet '3,800 %' kan läsas både som 3 800 och som 3,8",
     "'3,8 %'"),
    (SICK_LEAVE + "  delvis: högst 4,000 %\n", "delvis:", "kan läsas både som 4 000 och som 4", "'högst 4 %'"),
    (SICK_LEAVE + "  värdeområde: 0–1.000\n", "värdeområde:",
     "Värdeområdet '0–1.000': talet '1.000' kan läsas både som 1 000 och som 1", "'1 000'"),
    (SICK_LEAVE + "  utveckling: {oförändrat inom: '1,500'}\n", "utveckling:",
     "'oförändrat inom: 1,500' kan läsas både som 1 500 och som 1,5", "'1,5'"),
])
def test_a_point_or_comma_before_three_digits_is_an_error_in_the_rule_file(rules, indicator, key, message, hint):
    path = rules(indicator)
    found = the_error(path)
    assert (found.line, found.code) == (line_of(path, key), "tvetydigt-tal"), found.render()
    assert message in found.message, found.render()
    assert hint in found.hint, found.render()


@pytest.mark.parametrize("target, band, bound", [("0,125", "0,025", "0.125"), ("4,31", "0,5", "4.31"),
                                                 ("6,0", "1 000,5", "6.0"), ("högst 10\u2009400", "0,1", "10400")])
def test_unambiguous_numbers_in_the_rule_file_keep_working(rules, target, band, bound):
    path = rules(f"- id: a\n  namn: A\n  riktning: lägre är bättre\n  mål: {target}\n"
                 f"  utveckling: {{oförändrat inom: '{band}'}}\n")
    assert load_scorecard(path).indicators()["a"].target.bound == Decimal(bound)


def test_an_indicator_without_mål_is_followed_not_judged(rules):
    scorecard = load_scorecard(rules("- id: a\n  namn: A\n  enhet: st\n"))
    assert scorecard.indicators()["a"].target.kind == "inget_mål"
