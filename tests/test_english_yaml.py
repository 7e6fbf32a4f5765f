"""`malmotor check --lang en` says what is wrong with a YAML file's text in English (yamlsource.py), and the
Swedish default is unchanged. The file's own words ('mål', the user's line) stay as written, quoted."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from malmotor.cli.main import main


def check(tmp_path, text: str, *options: str) -> str:
    path = tmp_path / "regler.yaml"
    path.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(main, ["check", *options, str(path)], catch_exceptions=False)
    assert result.exit_code == 1, result.output
    return result.output.replace(str(path), "regler.yaml")


@pytest.mark.parametrize("text, message, hint", [
    ("perspektiv: 1\nperspektiv: 2\n",
     "regler.yaml:2:1: dubbel-nyckel: The key 'perspektiv' appears twice in the same section (first at line 1).",
     "Remove one of them, or rename it."),
    ("mål: !!python/object/apply:os.system ['ls']\n",
     "regler.yaml:1:6: yaml-tagg: The YAML tag '!!python/object/apply:os.system' is not allowed.",
     "The file may only contain data: remove the tag (what begins with '!') and write the value as plain text."),
    ('enhet: "%\nmål: 3\nnamn: "x"\n',
     "regler.yaml:1:8: yaml-syntax: The file is not valid YAML: a quotation mark is opened but never closed "
     "(the text runs on all the way to line 3).",
     "End the text with the same quotation mark as it begins with: 'enhet: \"%\"'"),
    ("mål: >= 90 %\n",
     "regler.yaml:1:7: yaml-syntax: The file is not valid YAML: a value begins with '>' or '|'.",
     "Put the value in quotes: 'mål: \">= 90 %\"'"),
    ("mål: &a 3\n",
     "regler.yaml:1:6: yaml-alias: The YAML anchor '&a' is not allowed: anchors (&name), aliases (*name) and '<<:' "
     "are not used in malmotor's files.",
     "Write out the value in every place where it is needed, instead of referring to it with & and *."),
    ('namn: "R\\u202eöd"\n',
     "regler.yaml:1:7: styrtecken: The text 'R<U+202E>öd' contains a character that reverses the direction of the "
     "text, U+202E, written with an escape sequence in double quotes (e.g. \\e, \\x1b or \\u202e).",
     "Remove the escape sequence (from '\\' up to and including the code): the files must contain only plain, "
     "visible text."),
])
def test_english_message_and_hint(tmp_path, text, message, hint):
    output = check(tmp_path, text, "--lang", "en")
    assert output.splitlines()[0] == message
    assert f"    {hint}\n" in output
    assert output.endswith("1 error in 1 file.\n")


def test_a_missing_file_in_english(tmp_path):
    result = CliRunner().invoke(main, ["check", "--lang", "en", str(tmp_path / "saknas.yaml")],
                                catch_exceptions=False)
    assert result.output.replace(str(tmp_path), "") == \
        "/saknas.yaml: fil-saknas: The file does not exist.\n    Check the path and the file name.\n1 error in 1 file.\n"


def test_swedish_stays_the_default(tmp_path):
    output = check(tmp_path, "perspektiv: 1\nperspektiv: 2\n")
    assert output.splitlines()[0] == \
        "regler.yaml:2:1: dubbel-nyckel: Nyckeln 'perspektiv' står två gånger i samma avsnitt (första gången på rad 1)."
    assert "    Ta bort den ena, eller byt namn på den.\n" in output
