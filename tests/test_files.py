"""The one file writer: atomic, keeps modes, follows links, refuses special files, cleans up when interrupted."""

from __future__ import annotations

import os
import signal
import stat
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from cspgraph.errors import InputError
from cspgraph.files import write_bytes_atomic, write_together


def test_new_file_gets_the_umask_mode(tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        write_bytes_atomic(tmp_path / "a" / "new.ttl", b"x")
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "a" / "new.ttl").stat().st_mode) == 0o644


def test_existing_file_keeps_its_mode(tmp_path: Path) -> None:
    f = tmp_path / "kept.ttl"
    f.write_bytes(b"old")
    f.chmod(0o640)
    write_bytes_atomic(f, b"new")
    assert f.read_bytes() == b"new" and stat.S_IMODE(f.stat().st_mode) == 0o640


def test_a_symlink_is_written_through(tmp_path: Path) -> None:
    real = tmp_path / "real.ttl"
    real.write_bytes(b"old")
    link = tmp_path / "link.ttl"
    link.symlink_to(real)
    write_bytes_atomic(link, b"new")
    assert link.is_symlink() and real.read_bytes() == b"new"


@pytest.mark.parametrize("special", ["/dev/null", "/dev/full", "fifo", "folder"])
def test_special_files_are_refused(tmp_path: Path, special: str) -> None:
    path = Path(special)
    if special == "fifo":
        path = tmp_path / "fifo"
        os.mkfifo(path)
    elif special == "folder":
        path = tmp_path
    with pytest.raises(InputError, match="not a regular file"):
        write_bytes_atomic(path, b"x")
    if special == "fifo":
        assert stat.S_ISFIFO(path.stat().st_mode)


def test_unwritable_folder_is_an_input_error(tmp_path: Path) -> None:
    if os.geteuid() == 0:
        target = Path("/proc/cspgraph-cannot-write-here.ttl")
    else:
        locked = tmp_path / "locked"
        locked.mkdir()
        locked.chmod(0o500)
        target = locked / "x.ttl"
    with pytest.raises(InputError, match="cannot write"):
        write_bytes_atomic(target, b"x")


def test_together_or_not_at_all(tmp_path: Path) -> None:
    a, b = tmp_path / "a.ttl", tmp_path / "b.ttl"
    a.write_bytes(b"old a")
    with pytest.raises(InputError):
        write_together([(a, b"new a"), (Path("/dev/null"), b"x")])
    assert a.read_bytes() == b"old a"
    write_together([(a, b"new a"), (b, b"new b")])
    assert a.read_bytes() == b"new a" and b.read_bytes() == b"new b"
    assert not list(tmp_path.glob(".*.tmp"))


def test_sigterm_during_export_leaves_no_temporary_file(tmp_path: Path) -> None:
    """cspgraph export killed with SIGTERM while it writes: the target is untouched, no .tmp file is left."""
    out = tmp_path / "all.nt"
    out.write_bytes(b"old\n")
    script = textwrap.dedent(
        f"""
        import os, time, cspgraph.files as f
        def slow_fsync(fd):
            print("writing", flush=True)
            time.sleep(30)
        f.os.fsync = slow_fsync
        from cspgraph.cli import main
        raise SystemExit(main(["export", "--format", "nt", "-o", {str(out)!r}]))
        """
    )
    p = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    assert p.stdout is not None and p.stdout.readline().strip() == "writing"
    p.send_signal(signal.SIGTERM)
    assert p.wait(30) == 143
    time.sleep(0.1)
    assert out.read_bytes() == b"old\n"
    assert not list(tmp_path.glob(".*.tmp"))
