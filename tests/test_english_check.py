"""The check behind the English of every message (tests/english.py, used by the fixture in conftest.py)
finds what it is there to find."""

from __future__ import annotations

from malmotor.diagnostics import Bilingual, error

from .english import problems, swedish_left


def test_a_message_without_english_is_found():
    found = problems(error("f.yaml", 1, "Nyckeln 'mål' saknas.", code="nyckel-saknas"))
    assert found == ["message has no English: \"Nyckeln 'mål' saknas.\""]


def test_english_that_is_still_swedish_is_found_outside_quotes_only():
    assert swedish_left("The key 'mål' is missing in 'Ekonomi och styrning'.") is None
    assert swedish_left("Nyckeln saknas.") == "Nyckeln"
    assert swedish_left("The file's key is missing.") is None  # an apostrophe is no quote
    assert problems(error("f.yaml", 1, Bilingual("Nyckeln saknas.", "Nyckeln saknas."), code="x")) == [
        "message's English has the Swedish 'Nyckeln': 'Nyckeln saknas.'"]


def test_a_bilingual_message_passes():
    assert problems(error("f.yaml", 1, Bilingual("Nyckeln 'mål' saknas.", "The key 'mål' is missing."),
                          Bilingual("Lägg till den.", "Add it."), code="x")) == []
