"""Static analysis of a rule file, and messages that help (issue 9).

* the loader warns, with a code of its own, the line and the column, about bands that can be used but are
  most likely not meant: a `delvis` beyond the `värdeområde`, a dead band wider than the band for "delvis
  uppfyllt"; what cannot be used (a `delvis` on the wrong side of the target, a status not on the scale)
  is refused, as before;
* two levels of the legend with one symbol: the warning names both levels and the lines of both symbols;
* a target meant as a threshold but written with signs or words malmotor does not take gets the threshold's
  own hint; the long list of accepted forms is printed once however many targets are refused; an empty
  `mål:` says what a target looks like;
* the table keeps its borders straight with emoji symbols, and a symbol that is the word itself is not
  repeated in the legend line.
"""

from __future__ import annotations

import textwrap
import unicodedata

import pytest
from click.testing import CliRunner

import malmotor
from malmotor import RuleFileError
from malmotor.cli.main import main
from malmotor.load.targets import THRESHOLD_HINT, accepted_forms_hint
from malmotor.report.render import render

from .conftest import rule_file


def _indicator(*lines: str, unit: str | None = "%") -> str:
    """One indicator `a` with the given lines (`mål: …`, `delvis: …`, `utveckling:` …) after its unit."""
    head = ["- id: a", "  namn: A"] + ([f'  enhet: "{unit}"'] if unit else [])
    return rule_file("\n".join(head + ["  " + line for line in lines if line]))


def _load(write, text: str):
    return malmotor.load_scorecard(write("r.yaml", text))


def _refused(write, text: str) -> list:
    with pytest.raises(RuleFileError) as caught:
        _load(write, text)
    return caught.value.diagnostics


def _line_of(text: str, fragment: str) -> int:
    """The last line with `fragment`: the indicator's `mål:`, not the goals' list `mål:` above it."""
    return [number for number, line in enumerate(text.splitlines(), 1) if fragment in line][-1]


def _column_of(text: str, fragment: str) -> int:
    """The 1-based column of the key `fragment` on its line (where the loader points)."""
    line = text.splitlines()[_line_of(text, fragment) - 1]
    return line.index(fragment) + 1


# --- A1, A2: bands -------------------------------------------------------------------------------------

@pytest.mark.parametrize("lines, code, at, words", [
    # a `delvis` beyond the value range: no value can reach it, none is ever ej uppfyllt
    (["mål: högst 95 %", "delvis: högst 105 %", "värdeområde: 0–100"], "delvis-utanför-värdeområde", "delvis",
     ["'högst 105 %'", "utanför värdeområdet 0–100", "kan aldrig nås"]),
    (["mål: högst 3 %", "delvis: högst 120 %", "värdeområde: 0–100"], "delvis-utanför-värdeområde", "delvis",
     ["'högst 120 %'", "utanför värdeområdet 0–100"]),
    (["mål: minst 5 %", "delvis: minst -2 %", "värdeområde: 0–100"], "delvis-utanför-värdeområde", "delvis",
     ["'minst -2 %'", "undre"]),
    # a share of the target whose limit lies beyond the range: 90 % / 0,8 = 112,5 %
    (["mål: högst 90 %", "delvis: minst 80 % av målet", "värdeområde: 0–100"], "delvis-utanför-värdeområde",
     "delvis", ["(112,5 %)", "utanför värdeområdet 0–100"]),
    (["mål: 98–102 %", "delvis: 95–110 %", "värdeområde: 0–105"], "delvis-utanför-värdeområde", "delvis",
     ["'95–110 %'", "110 kan aldrig nås"]),
    # a target at the range's edge every value reaches: delvis can never happen
    (["mål: minst 0 %", "delvis: minst -5 %", "värdeområde: 0–100"], "delvis-kan-inte-nås", "delvis",
     ["kan aldrig nås", "'minst 0 %'", "undre gräns"]),
    (["mål: högst 100 %", "delvis: högst 110 %", "värdeområde: 0–100"], "delvis-kan-inte-nås", "delvis",
     ["'högst 100 %'", "övre gräns"]),
    # a dead band wider than the band for delvis: uppfyllt to ej uppfyllt with an arrow "oförändrat"
    (["mål: minst 80 %", "delvis: minst 79 %", "utveckling:", "  oförändrat inom: 2"], "dödband-större-än-delvis",
     "oförändrat inom", ["'oförändrat inom: 2 %'", "avståndet 1 %", "'minst 79 %'"]),
    (["mål: 3 %", "riktning: lägre är bättre", "delvis: högst 3,5 %", "utveckling:", "  oförändrat inom: 0,6"],
     "dödband-större-än-delvis", "oförändrat inom", ["avståndet 0,5 %"]),
    (["mål: minst 50 %", "delvis: minst 90 % av målet", "utveckling:", "  oförändrat inom: 6"],
     "dödband-större-än-delvis", "oförändrat inom", ["avståndet 5 %", "'minst 90 % av målet'"]),
    (["mål: 98–102 %", "delvis: 97–110 %", "utveckling:", "  oförändrat inom: 2"], "dödband-större-än-delvis",
     "oförändrat inom", ["avståndet 1 %", "'98–102 %'"]),
])
def test_a_band_that_cannot_be_meant_is_a_warning_at_its_line(write, lines, code, at, words):
    text = _indicator(*lines)
    scorecard = _load(write, text)
    [found] = [item for item in scorecard.warnings if item.code == code]
    assert found.severity == "varning" and found.hint
    assert (found.line, found.column) == (_line_of(text, at + ":"), _column_of(text, at)), found.render()
    for word in words:
        assert word in found.message + " " + found.hint, found.render()


def test_a_dead_band_from_standard_is_named_so_at_the_indicator(write):
    text = _indicator("mål: minst 80 %", "delvis: minst 79 %").replace(
        "perspektiv:", "standard:\n  utveckling:\n    oförändrat inom: 2\nperspektiv:")
    [found] = [item for item in _load(write, text).warnings if item.code == "dödband-större-än-delvis"]
    assert found.line == _line_of(text, "delvis:") and "(från 'standard')" in found.message


@pytest.mark.parametrize("lines", [
    ["mål: högst 95 %", "delvis: högst 100 %", "värdeområde: 0–100"],  # the limit is the range's edge: reached
    ["mål: minst 80 %", "delvis: minst 70 %", "värdeområde: 0–100", "utveckling:", "  oförändrat inom: 10"],
    ["mål: minst 80 %", "delvis: minst 70 %"],
    ["mål: 98–102 %", "delvis: 95–105 %", "värdeområde: 0–200", "utveckling:", "  oförändrat inom: 0,5"],
    ["mål: i snitt minst 1 % under 2018–2020", "delvis: minst 0,9 %", "utveckling:", "  oförändrat inom: 0,5"],
    ["mål: Öka", "värdeområde: 0–100", "utveckling:", "  oförändrat inom: 5"],
    ["mål: minst 80 %", "värdeområde: 0–100", "utveckling:", "  oförändrat inom: 5"],  # no delvis, no band
])
def test_bands_that_make_sense_give_no_warning(write, lines):
    assert _load(write, _indicator(*lines)).warnings == ()


@pytest.mark.parametrize("lines, code", [
    (["mål: minst 80 %", "delvis: minst 90 %"], "delvis-fel-sida"),  # on the wrong side for the polarity
    (["mål: högst 3 %", "delvis: högst 2 %"], "delvis-fel-sida"),
    (["mål: högst 3 %", "delvis: minst 2 %"], "fel-riktning"),
    (["mål: 95–105 %", "delvis: 96–110 %"], "delvis-fel-sida"),
    (["mål: minst 80 %", "delvis: minst 200 % av målet"], "fel-andel"),
])
def test_a_band_on_the_wrong_side_of_the_target_is_refused(write, lines, code):
    text = _indicator(*lines)
    [found] = _refused(write, text)
    assert (found.code, found.line, found.severity) == (code, _line_of(text, "delvis:"), "fel")


# --- A3: statuses that are not on the scale ------------------------------------------------------------

@pytest.mark.parametrize("lines, at, words", [
    (["mål: Genomförd", "delvis: minst planerad"], "delvis:", ["'minst planerad' är ingen status på statusskalan"]),
    (["mål: Arbetet är planerat"], "mål:", ["kräver statusen 'planerat'", "inte står på statusskalan"]),
    (["mål: Rutinen ska vara beslutad"], "mål:", ["kräver statusen 'beslutad'"]),
    (["mål: Påbörjad"], "mål:", ["kräver statusen 'påbörjad'"]),  # on a scale without it
    (["mål: Delvis klar"], "mål:", ["'delvis klar'"]),
])
def test_a_status_not_on_the_scale_is_refused_at_its_line(write, lines, at, words):
    text = _indicator(*lines, unit=None)
    if "Påbörjad" in text or "Delvis klar" in text:
        text = text.replace("perspektiv:", "statusskala: [ej startad, startad, klar]\nperspektiv:")
    [found] = _refused(write, text)
    assert (found.code, found.line) == ("okänd-status", _line_of(text, at)), found.render()
    assert found.column == _column_of(text, at[:-1])
    for word in words:
        assert word in found.message, found.render()
    assert "statusskala" in found.hint.casefold()


@pytest.mark.parametrize("target", ["Resultatet ska vara positivt", "Rutin ska tas fram", "Budgeten är i balans"])
def test_a_sentence_that_is_no_milestone_is_an_unknown_target(write, target):
    [found] = _refused(write, _indicator(f"mål: {target}", unit=None))
    assert found.code == "okänt-mål" and found.details == accepted_forms_hint()


def test_a_milestone_in_an_interim_target_is_checked_against_the_scale_too(write):
    text = _indicator("mål: Genomförd", "delårsmål:", "  T1: Arbetet är planerat", unit=None)
    found = [item for item in _refused(write, text) if item.code == "okänd-status"]
    assert found and found[0].line == _line_of(text, "T1:")


# --- A4: two levels with one symbol ----------------------------------------------------------------------

def test_one_symbol_for_two_levels_names_both_levels_and_both_symbol_lines(write):
    legend = textwrap.dedent("""\
        teckenförklaring:
          delvis uppfyllt:
            text: delvis eller kan inte mätas
            symbol: "◐"
          ej uppfyllt: {symbol: "▲"}
          ej bedömt:
            text: kan inte mätas
            symbol: "◐"
        """)
    text = _indicator("mål: minst 80 %").replace("perspektiv:", legend + "perspektiv:")
    [found] = [item for item in _load(write, text).warnings if item.code == "samma-symbol"]
    first, second = (number for number, line in enumerate(text.splitlines(), 1) if '"◐"' in line)
    assert f"'delvis eller kan inte mätas' (rad {first})" in found.message
    assert f"'kan inte mätas' (rad {second})" in found.message
    assert (found.line, found.column) == (second, 5)


def test_a_default_symbol_shared_is_named_as_the_default(write):
    text = _indicator("mål: minst 80 %").replace("perspektiv:", 'teckenförklaring:\n  ej bedömt: {symbol: "■"}\n'
                                                                 "perspektiv:")
    [found] = [item for item in _load(write, text).warnings if item.code == "samma-symbol"]
    line = _line_of(text, "ej bedömt:")
    assert f"'uppfyllt' (standard) och 'ej bedömt' (rad {line})" in found.message and found.line == line


# --- B1: thresholds written in a way malmotor does not take ---------------------------------------------

@pytest.mark.parametrize("target, meant", [
    ("≥≥ 2", "≥ 2"),
    ("=> 40", ">= 40"),
    ("=>40 %", ">= 40 %"),
    ("=< 3 %", "<= 3 %"),
    (">> 40", "> 40"),
    ("≧ 80 %", "≥ 80 %"),
    ("= 80 %", "80 %"),
    ("mer än eller lika med 80 %", "minst 80 %"),
    ("lika med 80 %", "80 %"),
    ("~ 80 %", None),
    ("ca 80 %", None),
    ("<> 5", None),
])
def test_a_target_that_looks_like_a_threshold_gets_the_threshold_hint(write, target, meant):
    text = _indicator(f'mål: "{target}"', "riktning: högre är bättre" if meant and meant[0].isdigit() else "")
    [found] = _refused(write, text)
    assert found.code == "okänt-gränsvärde" and found.line == _line_of(text, "mål:")
    assert found.message.startswith(f"Målet '{target}' ser ut som ett gränsvärde men kan inte läsas")
    assert THRESHOLD_HINT in found.hint and found.details is None and "Godkända former" not in found.render()
    if meant:
        assert found.hint.startswith(f"Menade du '{meant}'?")
        _load(write, text.replace(target, meant))  # what it suggests is taken
    else:
        assert "Menade du" not in found.hint


@pytest.mark.parametrize("target", ["> 40", "<10", "Minst index 41", "≥ 80 %", ">=80 %", "<= 3 %"])
def test_the_documented_threshold_forms_are_taken(write, target):
    _load(write, _indicator(f'mål: "{target}"', unit="index" if "index" in target else "%"))


def test_an_unquoted_sign_at_the_start_is_a_yaml_mistake_with_its_own_hint(write):
    [found] = _refused(write, _indicator("mål: >40"))
    assert found.code == "yaml-syntax" and 'mål: ">40"' in found.hint


def test_the_list_of_forms_is_printed_once_with_each_target_s_own_hint(write):
    text = rule_file("""
        - {id: a, namn: A, mål: Rutin ska tas fram}
        - {id: b, namn: B, mål: Genomförs}
        - {id: c, namn: C, enhet: "%", mål: "=> 40 %"}
        - {id: d, namn: D, mål: Ska utredas vidare}
        """)
    with pytest.raises(RuleFileError) as caught:
        _load(write, text)
    shown = caught.value.render()
    assert shown.count("Godkända former:") == 1
    assert shown.count(accepted_forms_hint().splitlines()[1]) == 1
    codes = [item.code for item in caught.value.diagnostics]
    assert codes == ["okänt-mål", "okänt-mål", "okänt-gränsvärde", "okänt-mål"]
    assert "Menade du 'Genomförd'?" in shown and "Menade du '>= 40 %'?" in shown
    # every unknown target still carries the list, for a tool that shows one diagnostic at a time
    assert all(item.details == accepted_forms_hint() for item in caught.value.diagnostics if item.code == "okänt-mål")
    assert accepted_forms_hint().splitlines()[1] in caught.value.diagnostics[3].render()


# --- B2: an empty target ----------------------------------------------------------------------------------

@pytest.mark.parametrize("written", ["mål:", 'mål: ""', "mål: '  '", 'mål: "."'])
def test_an_empty_target_says_what_a_target_looks_like(write, written):
    text = _indicator(written)
    [found] = _refused(write, text)
    assert found.code == "tomt-värde" and found.line == _line_of(text, "mål:")
    assert "'minst 80 %'" in found.hint and "Inget mål" in found.hint


# --- B3, B4: the table --------------------------------------------------------------------------------------

def _width(text: str) -> int:
    from wcwidth import wcswidth
    return wcswidth(text)


EMOJI_RULES = """\
malmotor: 1
styrkort: Test
teckenförklaring:
  uppfyllt: {text: Uppfyllt, symbol: "🟢"}
  delvis uppfyllt: {text: Delvis uppfyllt, symbol: "🟡"}
  ej uppfyllt: {text: Ej uppfyllt, symbol: "🔴"}
  ej bedömt: {text: Ej bedömt, symbol: "⚪"}
perspektiv:
  - namn: Medarbetare
    strategiska mål:
      - namn: Attraktiv arbetsgivare
        mål:
          - namn: God arbetsmiljö
            indikatorer:
              - {id: a, namn: Andel nöjda, enhet: "%", mål: minst 80 %, delvis: minst 70 %}
              - {id: b, namn: Andel trygga, enhet: "%", mål: minst 80 %, delvis: minst 70 %}
              - {id: c, namn: Andel friska, enhet: "%", mål: minst 80 %, delvis: minst 70 %}
              - {id: d, namn: Rutin, mål: Genomförd}
"""
EMOJI_MEASURES = """\
period: 2019
värden:
  a: 85 %
  b: 75 %
  c: 50 %
  d: saknas
"""


def _result(write, rules: str, lang: str = "sv"):
    scorecard = _load(write, rules)
    measures = malmotor.load_measures([write("m.yaml", EMOJI_MEASURES)])
    return malmotor.evaluate(scorecard, measures, "2019", lang=lang)


def test_emoji_symbols_keep_the_table_s_borders_straight(write):
    result = _result(write, EMOJI_RULES)
    text = render(result, "table")
    grid = [line for line in text.splitlines() if line[:1] in ("+", "|")]
    assert any("🟢" in line for line in grid) and any("🔴" in line for line in grid)
    assert len({_width(line) for line in grid}) == 1, "\n".join(f"{_width(line):4} {line}" for line in grid)
    assert unicodedata.east_asian_width("🟢") == "W"  # the symbol is two columns wide on a terminal


def test_emoji_symbols_in_the_command_line_table(write):
    rules, measures = write("r.yaml", EMOJI_RULES), write("m.yaml", EMOJI_MEASURES)
    run = CliRunner().invoke(main, ["evaluate", str(rules), str(measures), "--period", "2019"])
    assert run.exit_code == 0, run.output
    grid = [line for line in run.stdout.splitlines() if line[:1] in ("+", "|")]
    assert grid and len({_width(line) for line in grid}) == 1


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_a_word_symbol_is_not_repeated_in_the_legend_line(write, lang):
    rules = EMOJI_RULES
    for word, symbol in (("Uppfyllt", "🟢"), ("Delvis uppfyllt", "🟡"), ("Ej uppfyllt", "🔴"), ("Ej bedömt", "⚪")):
        rules = rules.replace(f'symbol: "{symbol}"', f"symbol: {word.lower()}")  # the same word, another case
    result = _result(write, rules, lang)
    for fmt in ("table", "markdown"):
        [legend] = [line for line in render(result, fmt).splitlines() if line.startswith(("Teckenförklaring:",
                                                                                           "Legend:"))]
        if lang == "sv":
            assert "uppfyllt  delvis uppfyllt  ej uppfyllt  ej bedömt" in legend, legend
            assert "uppfyllt Uppfyllt" not in legend
        else:  # the English words differ from the symbols: both are shown
            assert "uppfyllt fulfilled" in legend, legend


def test_a_symbol_other_than_the_word_is_shown_before_it(write):
    [legend] = [line for line in render(_result(write, EMOJI_RULES), "table").splitlines()
                if line.startswith("Teckenförklaring:")]
    assert "🟢 Uppfyllt  🟡 Delvis uppfyllt  🔴 Ej uppfyllt  ⚪ Ej bedömt" in legend
