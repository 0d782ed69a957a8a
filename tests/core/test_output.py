"""Output files: complete or absent; symlinks followed, devices written through, normal permissions."""

from __future__ import annotations

import os
import stat

from fhirconv.output import atomic_write


def test_symlink_target_is_replaced_and_the_link_kept(tmp_path):
    real = tmp_path / "real.json"
    real.write_text("{}", encoding="utf-8")
    link = tmp_path / "link.json"
    link.symlink_to("real.json")
    atomic_write(link, "new")
    assert link.is_symlink() and real.read_text(encoding="utf-8") == "new"


def test_fifo_and_devices_are_written_to_not_replaced(tmp_path):
    atomic_write("/dev/null", "x")
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    reader = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)
    try:
        atomic_write(fifo, "through the pipe")
        assert os.read(reader, 100) == b"through the pipe"
    finally:
        os.close(reader)
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)


def test_new_files_follow_the_umask_and_replaced_files_keep_their_mode(tmp_path):
    old = os.umask(0o022)
    try:
        atomic_write(tmp_path / "new.json", "{}")
        assert stat.S_IMODE(os.stat(tmp_path / "new.json").st_mode) == 0o644
        kept = tmp_path / "kept.json"
        kept.write_text("{}", encoding="utf-8")
        os.chmod(kept, 0o640)
        atomic_write(kept, "[]")
        assert stat.S_IMODE(os.stat(kept).st_mode) == 0o640
    finally:
        os.umask(old)
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".part")]


def test_a_staged_file_is_placed_as_atomic_write_would_place_its_text(tmp_path):
    from fhirconv.output import place, stage

    old = os.umask(0o022)
    try:
        staged = stage(tmp_path, ".run-", '{"a": 1}')
        assert os.path.basename(staged).startswith(".run-") and staged.endswith(".part")
        place(staged, tmp_path, "new.json")
        assert (tmp_path / "new.json").read_text(encoding="utf-8") == '{"a": 1}'
        assert stat.S_IMODE(os.stat(tmp_path / "new.json").st_mode) == 0o644
        os.chmod(tmp_path / "new.json", 0o640)
        place(stage(tmp_path, ".run-", "[]"), tmp_path, "new.json")
        assert (tmp_path / "new.json").read_text(encoding="utf-8") == "[]"
        assert stat.S_IMODE(os.stat(tmp_path / "new.json").st_mode) == 0o640  # a replaced file keeps its mode
        (tmp_path / "real.json").write_text("{}", encoding="utf-8")
        (tmp_path / "link.json").symlink_to("real.json")
        place(stage(tmp_path, ".run-", "linked"), tmp_path, "link.json")
        assert (tmp_path / "link.json").is_symlink() and (tmp_path / "real.json").read_text() == "linked"
    finally:
        os.umask(old)
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".part")]


def test_a_link_leading_out_is_refused_and_the_staged_file_removed(tmp_path):
    import pytest

    from fhirconv.output import OutsideOutput, place, stage

    out = tmp_path / "out"
    out.mkdir()
    (out / "x.json").symlink_to(tmp_path / "elsewhere.json")
    staged = stage(out, ".run-", "{}")
    with pytest.raises(OutsideOutput):
        place(staged, out, "x.json")
    assert not (tmp_path / "elsewhere.json").exists() and not os.path.exists(staged)


def test_new_file_is_new_private_and_absolute(tmp_path, monkeypatch):
    """What mkstemp promised: a file no one else had opened, mode 0600, at an absolute path in the
    directory; a name taken already is never reused (O_EXCL)."""
    import os

    from fhirconv.output import new_file

    monkeypatch.chdir(tmp_path)
    fd, name = new_file(".", ".x.", ".part")
    os.close(fd)
    assert os.path.isabs(name) and os.path.dirname(name) == str(tmp_path)
    assert os.path.basename(name).startswith(".x.") and name.endswith(".part")
    assert (os.stat(name).st_mode & 0o777) == 0o600
    taken = iter([bytes(6), bytes(6), b"\x01" * 6])
    monkeypatch.setattr(os, "urandom", lambda n: next(taken))
    first = new_file(tmp_path, "p")
    second = new_file(tmp_path, "p")  # the same random part comes again: the next one is taken
    assert first[1] != second[1] and second[1].endswith("010101010101.part")
    os.close(first[0])
    os.close(second[0])
