"""Output files are written whole or not at all."""

from __future__ import annotations

import os

import pytest

from malmotor.diagnostics import MalmotorError
from malmotor.report.output import write_atomically


def test_writes_the_whole_text(tmp_path):
    target = tmp_path / "r.txt"
    write_atomically(target, "å ä ö\n")
    assert target.read_text(encoding="utf-8") == "å ä ö\n" and [p.name for p in tmp_path.iterdir()] == ["r.txt"]


def test_a_failure_while_writing_leaves_the_old_file_and_no_temporary(tmp_path, monkeypatch):
    target = tmp_path / "r.txt"
    target.write_text("förra årets", encoding="utf-8")

    def full_disk(*_args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", full_disk)
    with pytest.raises(MalmotorError) as info:
        write_atomically(target, "nytt")
    assert "Filen kan inte skrivas (No space left on device)." in str(info.value)
    assert target.read_text(encoding="utf-8") == "förra årets"
    assert [p.name for p in tmp_path.iterdir()] == ["r.txt"]


def test_missing_folder_is_a_clear_error(tmp_path):
    with pytest.raises(MalmotorError) as info:
        write_atomically(tmp_path / "saknas" / "r.txt", "x")
    assert "finns inte" in str(info.value)
