"""YAML as plain data with line numbers: no objects built, numbers kept as written, Swedish errors."""

from __future__ import annotations

import codecs
import signal

import pytest

from malmotor.diagnostics import Diagnostic
from malmotor.load.yamlsource import YamlProblem, item_line, key_line, load_yaml, node_line, read_text


def problem_of(path) -> Diagnostic:
    with pytest.raises(YamlProblem) as info:
        load_yaml(path)
    diagnostic = info.value.diagnostic
    assert diagnostic.file == str(path) and diagnostic.severity == "fel"
    return diagnostic


def test_lines_of_keys_and_items_are_one_based(write):
    path = write("a.yaml", """
        # kommentar
        period: 2018
        värden:
          - första
          - andra
        """)
    data = load_yaml(path)
    assert key_line(data, "period") == 2
    assert key_line(data, "värden") == 3
    assert item_line(data["värden"], 0) == 4
    assert item_line(data["värden"], 1) == 5
    assert node_line(data) == 2


def test_line_of_an_absent_key_is_the_line_of_its_section(write):
    data = load_yaml(write("a.yaml", "a: 1\nb:\n  c: 2\n"))
    assert key_line(data["b"], "saknas") == 3
    assert key_line("inte ett avsnitt", "x") is None


@pytest.mark.parametrize("written", ["3.80", "6.0", "0.10", "1_000", "0x10", "010", "1e3", "2018-01-01", "2018",
                                     "0o17", ".5"])
def test_numbers_and_dates_stay_as_written(write, written):
    value = load_yaml(write("a.yaml", f"värde: {written}\n"))["värde"]
    assert value == written and type(value) is str


def test_booleans_and_empty_values_keep_their_meaning(write):
    data = load_yaml(write("a.yaml", "ja: true\nnej: false\ntomt:\ntilde: ~\n"))
    assert data["ja"] is True and data["nej"] is False
    assert data["tomt"] is None and data["tilde"] is None


@pytest.mark.parametrize("text, tag, line", [
    ('a: !!python/object/apply:os.system ["echo hi"]\n', "!!python/object/apply:os.system", 1),
    ('!!python/object/apply:os.system ["echo hi"]\n', "!!python/object/apply:os.system", 1),
    ("a: 1\nb:\n  - !!python/object:collections.OrderedDict {}\n", "!!python/object:collections.OrderedDict", 3),
    ("a: !!binary aGVq\n", "!!binary", 1),
    ("a: !!int 1\n", "!!int", 1),
    ("a: !lokal x\n", "!lokal", 1),
    ("a: ! x\n", "!", 1),
])
def test_every_explicit_tag_is_refused_on_its_line(write, text, tag, line):
    found = problem_of(write("a.yaml", text))
    assert (found.line, found.message) == (line, f"YAML-taggen {tag} är inte tillåten.")
    assert "ta bort taggen" in found.hint


def test_a_refused_tag_runs_nothing(write, tmp_path):
    marker = tmp_path / "körd"
    path = write("a.yaml", f'a: !!python/object/apply:os.system ["touch {marker}"]\n')
    problem_of(path)
    assert not marker.exists()


def test_quoted_text_that_looks_like_a_tag_is_data(write):
    assert load_yaml(write("a.yaml", "a: '!!python/object'\n"))["a"] == "!!python/object"


def test_duplicate_key_names_the_key_and_both_lines(write):
    found = problem_of(write("a.yaml", "värden:\n  sjuk: 3,8 %\n  jamix: 136\n  sjuk: 3,9 %\n"))
    assert found.line == 4
    assert found.message == "Nyckeln 'sjuk' står två gånger i samma avsnitt (första gången på rad 2)."


@pytest.mark.parametrize("text, line, explanation", [
    ("a: 1\nb: 'öppen\nc: 3\nd: 4\n", 2, "ett citattecken öppnas men stängs aldrig"),
    ('a: 1\nb: "öppen\nc: 3\n', 2, "ett citattecken öppnas men stängs aldrig"),
    ("a: 1\nb: [x, y\nc: 3\n", 2, "en hakparentes '[' stängs aldrig"),
    ("a: 1\nb: {x: 1\nc: 3\n", 2, "en klammerparentes '{' stängs aldrig"),
    ("a: 1\nb: Enkät: vet du\n", 2, "ett kolon följt av mellanslag står mitt i en text"),
    ("a: 1\n\tb: 2\n", 2, "raden innehåller ett tabbtecken"),
    ("a:\n  b: 1\n c: 2\n", 3, "indraget stämmer inte med raderna ovanför"),
    ("a: 1\nb\nc: 2\n", 2, "raden saknar kolon efter nyckeln"),
    ("a: 1\nb: @x\n", 2, "ett värde börjar med ett tecken som måste stå inom citattecken"),
    ("a: 1\nb: *x\n", 2, "ett värde börjar med '*'"),
    ("a: 1\n---\nb: 2\n", 2, "filen innehåller flera dokument"),
])
def test_syntax_errors_in_swedish_on_the_right_line(write, text, line, explanation):
    found = problem_of(write("a.yaml", text))
    assert found.line == line, found.render()
    assert found.message.startswith(f"Filen är inte giltig YAML: {explanation}")
    assert found.hint


def test_control_character_is_reported_with_its_line(write):
    found = problem_of(write("a.yaml", "a: 1\nb: x\x07y\n"))
    assert (found.line, found.message) == (2, "Filen innehåller ett osynligt styrtecken som inte är tillåtet.")


def test_missing_file_and_directory(tmp_path):
    assert problem_of(tmp_path / "saknas.yaml").message == "Filen finns inte."
    assert problem_of(tmp_path).message == "Sökvägen är en mapp, inte en fil."


@pytest.mark.parametrize("text, message", [
    ("", "Filen är tom."),
    ("\n   \n", "Filen är tom."),
    ("# bara kommentarer\n# här\n", "Filen innehåller bara kommentarer, inga värden."),
])
def test_empty_file(write, text, message):
    found = problem_of(write("a.yaml", text))
    assert (found.line, found.message) == (1, message)


def test_not_utf8_names_the_first_bad_line(tmp_path):
    path = tmp_path / "a.yaml"
    path.write_bytes("a: 1\nb: 2\nnamn: Sjukfrånvaro\n".encode("cp1252"))
    found = problem_of(path)
    assert (found.line, found.message) == (3, "Filen är inte sparad som UTF-8 (å, ä och ö kan inte läsas).")
    assert "UTF-8" in found.hint


@pytest.mark.parametrize("encoding, bom", [("utf-8", codecs.BOM_UTF8), ("utf-16-le", codecs.BOM_UTF16_LE),
                                           ("utf-16-be", codecs.BOM_UTF16_BE)])
def test_utf8_and_utf16_with_byte_order_mark_are_read(tmp_path, encoding, bom):
    path = tmp_path / "a.yaml"
    path.write_bytes(bom + "namn: Sjukfrånvaro\n".encode(encoding))
    assert read_text(path) == "namn: Sjukfrånvaro\n"
    assert load_yaml(path)["namn"] == "Sjukfrånvaro"


@pytest.mark.parametrize("magic", [b"PK\x03\x04", b"\xd0\xcf\x11\xe0"])
def test_spreadsheet_is_named_as_such(tmp_path, magic):
    path = tmp_path / "värden.xlsx"
    path.write_bytes(magic + b"\x00\x01binary")
    found = problem_of(path)
    assert found.message == "Filen är en Excel-fil, inte en textfil."
    assert "CSV UTF-8" in found.hint


def test_aliases_are_not_expanded_when_read(write):
    """A small file with nested aliases must not take exponential time (nothing walks the expansion)."""
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 9)]
    path = write("a.yaml", "\n".join(lines) + "\n")

    def too_slow(*_):
        raise TimeoutError("load_yaml walked the expanded aliases")

    previous = signal.signal(signal.SIGALRM, too_slow)
    signal.alarm(10)
    try:
        data = load_yaml(path)
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
    assert data["a8"][0][0] is data["a7"][0]


@pytest.mark.parametrize("text, line, explanation, hint", [
    ("a:\n  enhet: %\n", 2, "måste stå inom citattecken", 'Sätt värdet inom citattecken: enhet: "%"'),
    ("a:\n  namn: Enkät: vet du?\n", 2, "kolon följt av mellanslag", 'namn: "Enkät: vet du?"'),
    ("- id: a\n  namn: A\n   mål: Öka\n", 3, "indragen mer än raden ovanför", "flytta 'mål:'"),
    ("a:\n  mål: >= 90 %\n", 2, "börjar med '>' eller '|'", 'Sätt värdet inom citattecken: mål: ">= 90 %"'),
    ("a:\n  symbol: *\n", 2, "börjar med '*' eller '&'", 'Sätt värdet inom citattecken: symbol: "*"'),
])
def test_syntax_hints_quote_the_users_own_line(write, text, line, explanation, hint):
    path = write("regler.yaml", text)
    with pytest.raises(YamlProblem) as info:
        load_yaml(path)
    found = info.value.diagnostic
    assert found.line == line and explanation in found.message and hint in found.hint, found.render()
