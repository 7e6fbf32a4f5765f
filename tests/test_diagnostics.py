"""Every diagnostic has a stable code, and a column where the YAML knows it.

The codes are for tools and tests; the messages and hints are for people and may be reworded,
the codes may not. Two checks:

* statically, every call in malmotor that makes a diagnostic passes `code=`: `error(…)`,
  `warning(…)`, `Diagnostic(…)`, `problems.add(…)` / `Problems.add(…)`, `self._fail(…)`,
  `self._warn(…)`, and also `PhraseError(…)`. `PhraseError` has a class default ("okänt-mål")
  for callers outside malmotor, but inside malmotor every raise must name its code, so that a
  new kind of phrase mistake cannot silently be reported as an unknown target;
* and by loading a handful of broken files through the public functions.
"""

from __future__ import annotations

import ast
import re
import textwrap
from pathlib import Path

import pytest

import malmotor
from malmotor.diagnostics import Diagnostic, MeasuresError, RuleFileError

from .conftest import rule_file

PACKAGE = Path(malmotor.__file__).resolve().parent
SLUG = re.compile(r"^[a-zåäö0-9]+(?:-[a-zåäö0-9]+)*$")
MAKERS = {"error", "warning", "Diagnostic", "PhraseError"}  # called by name
METHODS = {("self", "_fail"), ("self", "_warn"), ("problems", "add"), ("Problems", "add")}


def _maker(call: ast.Call) -> str | None:
    """The name of the diagnostic-making function `call` calls, or None for any other call."""
    func = call.func
    if isinstance(func, ast.Name) and func.id in MAKERS:
        return func.id
    if isinstance(func, ast.Attribute):
        receiver = func.value
        owner = receiver.id if isinstance(receiver, ast.Name) else receiver.attr if isinstance(
            receiver, ast.Attribute) else None
        if (owner, func.attr) in METHODS or (owner == "diagnostics" and func.attr in MAKERS):
            return f"{owner}.{func.attr}"
    return None


def _literal_codes(node: ast.expr) -> list[str | None]:
    """The codes a `code=` argument can take where they are written literally; a name (`code=code`,
    `code=exc.code`) passes a code on and is checked where it is written."""
    if isinstance(node, ast.Constant):
        return [node.value]
    if isinstance(node, ast.IfExp):
        return _literal_codes(node.body) + _literal_codes(node.orelse)
    if isinstance(node, (ast.Name, ast.Attribute)):
        return []
    return [None]  # anything else (an f-string, a call) is not a stable code


def _calls() -> list[tuple[str, ast.Call, str]]:
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and (maker := _maker(node)):
                found.append((f"{path.relative_to(PACKAGE.parent)}:{node.lineno}", node, maker))
    return found


def test_every_diagnostic_in_malmotor_names_its_code():
    calls = _calls()
    assert len(calls) > 100, "the check found too few calls: has the way diagnostics are made changed?"
    missing, malformed = [], []
    for place, call, maker in calls:
        code = next((keyword.value for keyword in call.keywords if keyword.arg == "code"), None)
        if code is None:
            missing.append(f"{place}: {maker}(…) without code=")
            continue
        malformed += [f"{place}: {maker}(…, code={value!r})" for value in _literal_codes(code)
                      if not isinstance(value, str) or not SLUG.match(value)]
    assert not missing, "\n".join(missing)
    assert not malformed, "codes are short lower-case slugs with hyphens:\n" + "\n".join(malformed)


def test_the_check_sees_a_call_without_a_code():
    tree = ast.parse(textwrap.dedent("""
        problems.add(1, "x")
        self.problems.add(1, "x", code="tomt-värde")
        self._fail(value, "x")
        error("f", 1, "x", code=code)
        given.add(path)
    """))
    calls = [(_maker(node), any(k.arg == "code" for k in node.keywords))
             for node in ast.walk(tree) if isinstance(node, ast.Call) and _maker(node)]
    assert sorted(calls) == [("error", True), ("problems.add", False), ("problems.add", True), ("self._fail", False)]


# --- broken files through the public functions ---------------------------------------------

SICK_LEAVE = """
- id: sjuk
  namn: Sjukfrånvaro
  enhet: "%"
  riktning: lägre är bättre
  mål: 3 %
"""


def the_diagnostic(error: pytest.ExceptionInfo) -> Diagnostic:
    diagnostics = error.value.diagnostics
    assert len(diagnostics) == 1, "\n".join(d.render() for d in diagnostics)
    return diagnostics[0]


def position_of(path: Path, fragment: str) -> tuple[int, int]:
    """1-based (line, column) of the last occurrence of `fragment` in the file (the indicator comes
    last in the rule files here, after the head's `mål:`)."""
    for number, text in reversed(list(enumerate(path.read_text(encoding="utf-8").splitlines(), 1))):
        if fragment in text:
            return number, text.index(fragment) + 1
    raise AssertionError(f"{fragment!r} is not in {path}")


def rule_error(path: Path) -> Diagnostic:
    with pytest.raises(RuleFileError) as info:
        malmotor.load_scorecard(path)
    return the_diagnostic(info)


def measures_error(scorecard, path: Path) -> Diagnostic:
    with pytest.raises(MeasuresError) as info:
        malmotor.load_checked_measures(scorecard, path)
    return the_diagnostic(info)


def test_a_yaml_syntax_error_has_its_code_and_the_column_of_the_mistake(write):
    path = write("regler.yaml", "malmotor: 1\nstyrkort: Test: fel\n")
    found = rule_error(path)
    assert (found.code, found.line, found.column) == ("yaml-syntax", 2, len("styrkort: Test") + 1)
    assert found.where == f"{path}:2:15"
    assert found.render().startswith(f"{path}:2: fel: Filen är inte giltig YAML")  # render() shows no column


def test_an_unclosed_quote_points_where_the_quote_opens(write):
    path = write("regler.yaml", 'malmotor: 1\nstyrkort: "Test\nperspektiv: []\n')
    found = rule_error(path)
    assert (found.code, found.line, found.column) == ("yaml-syntax", 2, len("styrkort: ") + 1)


@pytest.mark.parametrize("text, code, fragment", [
    ("malmotor: 1\nstyrkort: x\nstyrkort: y\n", "dubbel-nyckel", "styrkort: y"),
    ("malmotor: 1\nstyrkort: !!python/object x\n", "yaml-tagg", "!!python"),
    ("malmotor: 1\nstyrkort: a\x01b\n", "styrtecken", "\x01"),
])
def test_other_yaml_mistakes_have_a_code_and_a_column(write, text, code, fragment):
    path = write("regler.yaml", text)
    found = rule_error(path)
    assert (found.code, (found.line, found.column)) == (code, position_of(path, fragment))


def test_files_that_cannot_be_read_have_a_code_and_no_column(write, tmp_path):
    assert (rule_error(tmp_path / "saknas.yaml").code, rule_error(write("tom.yaml", "\n")).code) == \
        ("fil-saknas", "tom-fil")
    assert rule_error(write("tom.yaml", "\n")).column is None


def test_an_unknown_key_has_its_code_and_the_column_of_the_key(write):
    path = write("regler.yaml", rule_file(SICK_LEAVE + "  enheten: kr\n"))
    found = rule_error(path)
    assert found.message == "Okänd nyckel 'enheten' i indikatorn."
    assert (found.code, (found.line, found.column)) == ("okänd-nyckel", position_of(path, "enheten:"))


def test_an_unknown_target_phrase_has_its_code_and_the_column_of_its_key(write):
    path = write("regler.yaml", rule_file(SICK_LEAVE.replace("mål: 3 %", "mål: Bli bäst i länet")))
    found = rule_error(path)
    assert found.message == "Målet 'Bli bäst i länet' känns inte igen."
    assert (found.code, (found.line, found.column)) == ("okänt-mål", position_of(path, "mål: Bli"))


@pytest.mark.parametrize("old, new, code", [
    ("riktning: lägre är bättre", "riktning: neråt", "okänd-riktning"),
    ("mål: 3 %", "mål: 3 kr", "fel-enhet"),
    ("mål: 3 %", "mål: 3 %\n  delvis: högst 2 %", "delvis-fel-sida"),
    ("mål: 3 %", "mål: ", "tomt-värde"),
    ("  mål: 3 %", "  mål: 3 %\n  decimaler: många", "fel-decimaler"),
])
def test_mistakes_about_a_key_have_the_column_of_the_key(write, old, new, code):
    path = write("regler.yaml", rule_file(SICK_LEAVE.replace(old, new)))
    found = rule_error(path)
    assert (found.code, (found.line, found.column)) == (code, position_of(path, new.splitlines()[-1].strip()))


def test_a_missing_key_has_a_code_and_no_column(write):
    path = write("regler.yaml", rule_file(SICK_LEAVE.replace("  namn: Sjukfrånvaro\n", "")))
    found = rule_error(path)
    assert (found.code, found.line, found.column) == ("nyckel-saknas", position_of(path, "- id: sjuk")[0], None)


@pytest.fixture
def scorecard(write):
    return malmotor.load_scorecard(write("regler.yaml", rule_file(SICK_LEAVE)))


def test_a_wrong_unit_in_a_measures_file_has_its_code(scorecard, write):
    path = write("2018.yaml", "period: 2018\nvärden:\n  sjuk: 3 kr\n")
    found = measures_error(scorecard, path)
    assert found.message == "Värdet '3 kr' för 'sjuk' har enheten 'kr' men indikatorn har enheten '%'."
    # Values are checked against the rule file after reading, where only their line is known.
    assert (found.code, found.line, found.column) == ("fel-enhet", 3, None)


def test_an_unknown_period_has_its_code_and_the_column_of_its_key(scorecard, write):
    path = write("2018.yaml", "period: T4 2018\nvärden:\n  sjuk: 3 %\n")
    found = measures_error(scorecard, path)
    assert (found.code, found.line, found.column) == ("okänd-period", 1, 1)


def test_an_unknown_period_in_a_csv_file_has_its_code_and_no_column(scorecard, write):
    path = write("2018.csv", "indikator;period;värde\nsjuk;T4 2018;3 %\n")
    found = measures_error(scorecard, path)
    assert (found.code, found.line, found.column) == ("okänd-period", 2, None)


def test_an_empty_value_in_a_measures_file_has_the_column_of_its_key(scorecard, write):
    path = write("2018.yaml", "period: 2018\nvärden:\n  sjuk:\n")
    found = measures_error(scorecard, path)
    assert (found.code, (found.line, found.column)) == ("tomt-värde", position_of(path, "sjuk:"))


# --- rendering: nothing a terminal would act on ---------------------------------------------------

_ACTIVE = ["\x1b", "\x07", "\x00", "\x08", "\r", "\x7f", "\x85", "\x9b", "\u200b", "\u200c", "\u200d", "\u200e",
           "\u200f", "\u061c", "\u202a", "\u202e", "\u2066", "\u2069", "\ufeff", "\u2028", "\u2029"]


@pytest.mark.parametrize("character", _ACTIVE)
def test_render_makes_every_control_character_inert_in_file_message_and_hint(character):
    """A file's name from the command line and an option's value (`--enhet`) reach messages unchecked:
    an ESC or OSC sequence in them was printed raw."""
    diagnostic = Diagnostic(f"röd{character}[31m.yaml", 3, f"Enheten 'a{character}b' finns inte.",
                            f"Första raden\nandra{character}raden", code="okänd-enhet")
    shown = diagnostic.render()
    assert character not in shown
    assert shown.count("\n") == 2  # the hint's own line break, and the one render puts before the hint
    code = ord(character)
    written = f"\\x{code:02x}" if code <= 0x9f else f"<U+{code:04X}>"
    assert shown == (f"röd{written}[31m.yaml:3: fel: Enheten 'a{written}b' finns inte.\n"
                     f"    Första raden\n    andra{written}raden")


def test_render_keeps_a_line_break_only_in_the_hint():
    shown = Diagnostic("a\nb.yaml", 1, "rad\nett", "tips\nnästa", code="okänd-enhet").render()
    assert shown == "a\\x0ab.yaml:1: fel: rad\\x0aett\n    tips\n    nästa"


def test_render_keeps_swedish_text_and_symbols():
    text = "Målet 'Öka' – ≥ 80 % ■ ● ▲ ↑ → ↓ «citat» tab\tslut"
    shown = Diagnostic("styrkort.yaml", 1, text, code="okänt-mål").render()
    assert shown == "styrkort.yaml:1: fel: " + text.replace("\t", "\\x09")


def test_an_error_with_an_option_value_is_shown_inert(tmp_path):
    from malmotor.diagnostics import MalmotorError

    error = MalmotorError([Diagnostic("--enhet", None, "Enheten '\x1b]0;pwned\x07' finns inte i mätvärdena.",
                                      code="okänd-enhet")])
    assert "\x1b" not in str(error) and "\x07" not in str(error)
    assert "'\\x1b]0;pwned\\x07'" in str(error)


def test_a_file_name_with_an_escape_sequence_is_named_inert(tmp_path):
    from malmotor.load.measuresfile import load_measures

    path = tmp_path / "\x1b[31mröd\x1b[0m.yaml"
    with pytest.raises(MeasuresError) as info:
        load_measures(path)
    shown = info.value.render()
    assert "\x1b" not in shown and "\\x1b[31mröd\\x1b[0m.yaml: fel: Filen finns inte." in shown
