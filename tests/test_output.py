"""Output files are written whole or not at all."""

from __future__ import annotations

import errno
import os
import stat
import tempfile
import threading

import pytest

from malmotor.diagnostics import ExitCode, MalmotorError, os_error_text
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
    assert "Filen kan inte skrivas (disken är full)." in str(info.value)
    assert "No space" not in str(info.value)
    assert target.read_text(encoding="utf-8") == "förra årets"
    assert [p.name for p in tmp_path.iterdir()] == ["r.txt"]


def test_missing_folder_is_a_clear_error(tmp_path):
    with pytest.raises(MalmotorError) as info:
        write_atomically(tmp_path / "saknas" / "r.txt", "x")
    assert "finns inte" in str(info.value)


# --- the output is never one of the inputs ----------------------------------------------------------

def _refused(target, inputs) -> MalmotorError:
    with pytest.raises(MalmotorError) as info:
        write_atomically(target, "rapport", inputs=inputs)
    return info.value


@pytest.mark.parametrize("how", ["same", "other-spelling", "hard-link", "symlink"])
def test_an_input_file_is_never_overwritten(tmp_path, monkeypatch, how):
    monkeypatch.chdir(tmp_path)
    rules = tmp_path / "regler.yaml"
    rules.write_text("malmotor: 1\n", encoding="utf-8")
    target = {"same": lambda: rules, "other-spelling": lambda: "./sub/../regler.yaml",
              "hard-link": lambda: os.link(rules, "hård.yaml") or "hård.yaml",
              "symlink": lambda: os.symlink(rules, "länk.yaml") or "länk.yaml"}[how]
    (tmp_path / "sub").mkdir()
    target = target()
    error = _refused(target, ["mått.yaml", str(rules)])
    assert error.diagnostics[0].code == "utdata-är-indata" and error.exit_code == ExitCode.USAGE
    assert f"'{target}'" in str(error) and f"'{rules}'" in str(error)
    assert rules.read_text(encoding="utf-8") == "malmotor: 1\n"


def test_an_input_that_does_not_exist_yet_is_compared_by_its_resolved_path(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    error = _refused("ny.yaml", [str(tmp_path / "ny.yaml")])
    assert error.diagnostics[0].code == "utdata-är-indata" and not (tmp_path / "ny.yaml").exists()


def test_a_different_file_is_written(tmp_path):
    rules = tmp_path / "regler.yaml"
    rules.write_text("x", encoding="utf-8")
    write_atomically(tmp_path / "r.txt", "rapport", inputs=[rules])
    assert (tmp_path / "r.txt").read_text(encoding="utf-8") == "rapport"


# --- devices, pipes and links --------------------------------------------------------------------

def test_dev_null_is_written_through_not_replaced(monkeypatch):
    before = os.stat("/dev/null")

    def no_temporary(*_args, **_kwargs):
        raise AssertionError("a temporary file for a device")

    monkeypatch.setattr(tempfile, "mkstemp", no_temporary)
    monkeypatch.setattr(os, "replace", no_temporary)  # as root, a replaced /dev/null breaks the whole machine
    write_atomically("/dev/null", "rapport\n")
    after = os.stat("/dev/null")
    assert stat.S_ISCHR(after.st_mode) and (after.st_ino, after.st_rdev) == (before.st_ino, before.st_rdev)


def test_a_fifo_gets_the_text_and_stays_a_fifo(tmp_path):
    fifo = tmp_path / "rör"
    os.mkfifo(fifo)
    received = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()), daemon=True)
    reader.start()
    write_atomically(fifo, "å ä ö\n")
    reader.join(10)
    assert received == ["å ä ö\n".encode("utf-8")]
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode) and [p.name for p in tmp_path.iterdir()] == ["rör"]


def test_a_symlink_is_kept_and_its_target_written(tmp_path):
    (tmp_path / "data").mkdir()
    real = tmp_path / "data" / "r.txt"
    real.write_text("gammalt", encoding="utf-8")
    real.chmod(0o640)
    link = tmp_path / "senaste.txt"
    link.symlink_to(os.path.join("data", "r.txt"))
    write_atomically(link, "nytt")
    assert link.is_symlink() and os.readlink(link) == os.path.join("data", "r.txt")
    assert real.read_text(encoding="utf-8") == "nytt" and stat.S_IMODE(real.stat().st_mode) == 0o640
    assert sorted(p.name for p in tmp_path.rglob("*")) == ["data", "r.txt", "senaste.txt"]


def test_a_dangling_symlink_gets_its_target_created(tmp_path):
    link = tmp_path / "senaste.txt"
    link.symlink_to("r.txt")
    write_atomically(link, "nytt")
    assert link.is_symlink() and (tmp_path / "r.txt").read_text(encoding="utf-8") == "nytt"


def test_a_symlink_loop_is_a_swedish_error(tmp_path):
    os.symlink("b", tmp_path / "a")
    os.symlink("a", tmp_path / "b")
    with pytest.raises(MalmotorError) as info:
        write_atomically(tmp_path / "a", "x")
    assert "för många nivåer av symboliska länkar" in str(info.value)
    assert "Too many" not in str(info.value)


def test_a_folder_as_output_is_a_clear_error(tmp_path):
    with pytest.raises(MalmotorError) as info:
        write_atomically(tmp_path, "x")
    assert info.value.diagnostics[0].code == "utdata-är-mapp" and list(tmp_path.iterdir()) == []


# --- the operating system's errors in Swedish -----------------------------------------------------

@pytest.mark.parametrize("where, number, swedish", [
    ("replace", errno.ENOSPC, "disken är full"),
    ("replace", errno.EROFS, "filsystemet är skrivskyddat"),
    ("mkstemp", errno.EACCES, "åtkomst nekad"),
    ("mkstemp", errno.ENAMETOOLONG, "filnamnet är för långt"),
    ("mkstemp", errno.EDQUOT, "diskkvoten är slut"),
])
def test_write_errors_are_swedish(tmp_path, monkeypatch, where, number, swedish):
    def fail(*_args, **_kwargs):
        raise OSError(number, os.strerror(number))

    monkeypatch.setattr(*((os, "replace") if where == "replace" else (tempfile, "mkstemp")), fail)
    with pytest.raises(MalmotorError) as info:
        write_atomically(tmp_path / "r.txt", "x")
    assert f"Filen kan inte skrivas ({swedish}" in str(info.value)
    assert os.strerror(number) not in str(info.value)
    assert info.value.diagnostics[0].code == "fil-oskrivbar" and list(tmp_path.iterdir()) == []


def test_os_error_text_never_gives_the_english_text():
    for number in errno.errorcode:
        english = os.strerror(number)
        text = os_error_text(OSError(number, english))
        assert text and english not in text, (number, text)
    assert os_error_text(OSError(errno.ENOENT, "No such file or directory")) == "filen eller mappen finns inte"
    assert os_error_text(PermissionError(errno.EACCES, "Permission denied")).startswith("åtkomst nekad")
    assert os_error_text(OSError(errno.EISDIR, "Is a directory")) == "sökvägen är en mapp, inte en fil"
    assert os_error_text(OSError(errno.ENOKEY, "Required key not available")) == "ett systemfel (ENOKEY)"
    assert os_error_text(OSError(99999, "?")) == "ett systemfel (felnummer 99999)"
    assert os_error_text(OSError("ingen errno")) == "ett okänt systemfel"


# --- an existing file's protection and owner ------------------------------------------------------

@pytest.mark.parametrize("mode", [0o444, 0o400, 0o000])
def test_a_file_without_write_permission_is_refused_not_replaced(tmp_path, mode):
    """The rename needs only the folder's permission, and root may write anything: it was replaced."""
    target = tmp_path / "r.txt"
    target.write_text("skyddat", encoding="utf-8")
    target.chmod(mode)
    with pytest.raises(MalmotorError) as info:
        write_atomically(target, "nytt")
    [found] = info.value.diagnostics
    assert (found.code, found.message) == ("skrivskyddad-fil", "Filen är skrivskyddad och skrivs inte över.")
    assert "chmod u+w" in found.hint and info.value.exit_code == ExitCode.INPUT_ERROR
    target.chmod(0o644)
    assert target.read_text(encoding="utf-8") == "skyddat" and [p.name for p in tmp_path.iterdir()] == ["r.txt"]


def test_a_file_the_user_may_not_write_is_refused(tmp_path, monkeypatch):
    target = tmp_path / "r.txt"
    target.write_text("någon annans", encoding="utf-8")
    monkeypatch.setattr(os, "access", lambda path, mode, **kwargs: not mode & os.W_OK)
    with pytest.raises(MalmotorError) as info:
        write_atomically(target, "nytt")
    assert info.value.diagnostics[0].code == "skrivskyddad-fil" and "skrivrätt" in str(info.value)
    assert target.read_text(encoding="utf-8") == "någon annans"


def test_a_file_written_through_a_symlink_is_refused_when_its_target_is_read_only(tmp_path):
    real = tmp_path / "r.txt"
    real.write_text("skyddat", encoding="utf-8")
    real.chmod(0o444)
    (tmp_path / "länk.txt").symlink_to(real)
    with pytest.raises(MalmotorError):
        write_atomically(tmp_path / "länk.txt", "nytt")
    assert real.read_text(encoding="utf-8") == "skyddat"


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="only root may give a file away")
def test_as_root_an_existing_file_keeps_its_owner_and_group(tmp_path):
    target = tmp_path / "r.txt"
    target.write_text("gammalt", encoding="utf-8")
    os.chown(target, 4321, 4322)
    target.chmod(0o2664)  # chown clears set-group-id: the mode is set after it
    write_atomically(target, "nytt")
    found = os.stat(target)
    assert (found.st_uid, found.st_gid, stat.S_IMODE(found.st_mode)) == (4321, 4322, 0o2664)
    assert target.read_text(encoding="utf-8") == "nytt"
    write_atomically(tmp_path / "ny.txt", "x")
    assert os.stat(tmp_path / "ny.txt").st_uid == 0  # a new file is the writer's
