"""An output folder that appears whole or not at all: everything is written into a temporary folder beside it, which
is renamed onto the output only once complete (an existing output is replaced only with ``force``)."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from cspgraph.errors import InputError


def check_output(out: Path, force: bool) -> None:
    """Refuse an output that is a file, or a folder with something in it (unless ``force``), before any work."""
    if out.is_symlink() or (out.exists() and not out.is_dir()):
        raise InputError(f"-o {out} is not a folder: give a new or empty folder to publish into")
    if out.is_dir() and any(out.iterdir()) and not force:
        raise InputError(f"-o {out} is not empty: give a new or empty folder, or --force to replace it")
    if not out.parent.is_dir():
        raise InputError(f"-o {out}: the folder {out.parent} does not exist; create it first")
    if not os.access(out.parent, os.W_OK):
        raise InputError(f"-o {out}: the folder {out.parent} is not writable")


@contextmanager
def atomic_folder(out: Path, force: bool) -> Iterator[Path]:
    """A temporary folder beside ``out`` to write into; on success it replaces ``out`` in one rename.

    On any error the temporary folder is removed and ``out`` is as it was. With ``force`` an existing output is
    moved aside, the new tree renamed in, and the old one removed.
    """
    check_output(out, force)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.", suffix=".publishing", dir=out.parent))
    try:
        yield tmp
        os.chmod(tmp, 0o755)
        old: Path | None = None
        if out.is_dir():
            old = Path(tempfile.mkdtemp(prefix=f".{out.name}.", suffix=".old", dir=out.parent))
            os.rename(out, old / "tree")
        try:
            os.rename(tmp, out)
        except BaseException:
            if old is not None:
                os.rename(old / "tree", out)
            raise
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise


def write_file(root: Path, rel: str, data: bytes, mtime: float | None = None) -> Path:
    """Write ``data`` at ``root/rel`` (a relative path the caller has checked), with ``mtime`` when given."""
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    if mtime is not None:
        os.utime(path, (mtime, mtime))
    return path
