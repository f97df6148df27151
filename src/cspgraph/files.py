"""The one way cspgraph writes a file: never half-written, never over something that is not a regular file.

:func:`write_bytes_atomic` writes to a temporary file in the same folder, flushes it to disk and renames it over
the target, so a reader sees the old file or the new one, never a mix; an interrupted write (an error, Ctrl-C, or
SIGTERM, which the command line turns into an exception) removes the temporary file. A new file gets the mode the
umask gives (as ``open()`` would), an existing file keeps its mode, and a symbolic link is written through to the
regular file it names. Device nodes, FIFOs, sockets and folders are refused, with a message.

Examples:
    >>> import tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> write_bytes_atomic(d / "out.ttl", b"# hello\\n")
    >>> (d / "out.ttl").read_bytes()
    b'# hello\\n'
    >>> write_bytes_atomic(pathlib.Path("/dev/null"), b"x")
    Traceback (most recent call last):
    ...
    cspgraph.errors.InputError: /dev/null is a character device, not a regular file: give the path of a file to write
"""

from __future__ import annotations

import os
import stat
import tempfile
from collections.abc import Iterable
from pathlib import Path

from cspgraph.errors import InputError

__all__ = ["leftovers", "read_text", "target_of", "write_bytes_atomic", "write_together"]

_KINDS = {
    stat.S_IFCHR: "a character device",
    stat.S_IFBLK: "a block device",
    stat.S_IFIFO: "a FIFO",
    stat.S_IFSOCK: "a socket",
    stat.S_IFDIR: "a folder",
}


def read_text(path: Path, what: str = "file", *, max_bytes: int = 64 * 1024 * 1024) -> str:
    """The text of a user's file (UTF-8), or an InputError that says what is wrong with it.

    >>> read_text(Path("/nonexistent/parties.txt"), "parties file")
    Traceback (most recent call last):
    ...
    cspgraph.errors.InputError: the parties file /nonexistent/parties.txt does not exist
    """
    try:
        st = path.stat()
    except FileNotFoundError:
        raise InputError(f"the {what} {path} does not exist") from None
    except OSError as e:
        raise InputError(f"the {what} {path} cannot be read: {e.strerror or e}") from e
    if not stat.S_ISREG(st.st_mode):
        kind = _KINDS.get(stat.S_IFMT(st.st_mode), "not a regular file")
        raise InputError(f"the {what} {path} is {kind}: give the path of a text file")
    if st.st_size > max_bytes:
        raise InputError(f"the {what} {path} is {st.st_size:,} bytes, more than {max_bytes:,}")
    try:
        data = path.read_bytes()
    except OSError as e:
        raise InputError(f"the {what} {path} cannot be read: {e.strerror or e}") from e
    if b"\x00" in data:
        raise InputError(f"the {what} {path} is binary, not text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise InputError(f"the {what} {path} is not UTF-8 text (byte {e.start}): save it as UTF-8") from e


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def target_of(path: Path) -> tuple[Path, int]:
    """The regular file a write to ``path`` should replace (a symlink is followed), and the mode it should get.

    Raises:
        InputError: the path is a device, FIFO, socket or folder, or a symlink to one, or its folder cannot be made.
    """
    real = Path(os.path.realpath(path)) if path.is_symlink() else path
    try:
        st = real.stat()
    except FileNotFoundError:
        return real, 0o666 & ~_umask()
    except OSError as e:
        raise InputError(f"{path}: {e.strerror or e}") from e
    kind = _KINDS.get(stat.S_IFMT(st.st_mode))
    if kind is not None:
        raise InputError(f"{path} is {kind}, not a regular file: give the path of a file to write")
    return real, stat.S_IMODE(st.st_mode)


def _temporary(target: Path, data: bytes, mode: int, made: list[tuple[Path, Path]]) -> None:
    """``data`` in a new temporary file beside ``target`` (synced, with ``mode``), recorded in ``made`` as soon as it
    exists so that the caller removes it on any error."""
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    except OSError as e:
        raise InputError(f"cannot write {target}: {e.strerror or e}") from e
    made.append((Path(tmp), target))
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())
    os.chmod(tmp, mode)


def write_bytes_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` atomically (see the module docstring).

    Raises:
        InputError: ``path`` is not (a link to) a regular file, or its folder is not writable.
    """
    write_together([(path, data)])


def leftovers(paths: Iterable[Path]) -> list[Path]:
    """Temporary files that an interrupted write of ``paths`` left beside them.

    >>> leftovers([Path("/nonexistent/landscape.ttl")])
    []
    """
    found: list[Path] = []
    for p in paths:
        target = target_of(Path(p))[0]
        if target.parent.is_dir():
            found += sorted(target.parent.glob(f".{target.name}.*.tmp"))
    return found


def write_together(files: Iterable[tuple[Path, bytes]]) -> list[Path]:
    """Write several files so that they change together, and return the leftovers of an earlier interrupted write.

    Leftovers of an earlier write of the same files are removed first. Every temporary file is written before any
    is renamed; on an error (or an interruption) while writing them, all are removed and no file has changed. Only
    the renames, one after another, are left to chance: a write stopped between two renames leaves the temporary
    files it had not yet renamed, and the next write of the same files finds them (and the caller can say so).
    """
    planned = [(*target_of(Path(p)), data) for p, data in files]
    removed = leftovers([t for t, _, _ in planned])
    for tmp in removed:
        tmp.unlink(missing_ok=True)
    temporaries: list[tuple[Path, Path]] = []
    try:
        for target, mode, data in planned:
            _temporary(target, data, mode, temporaries)
    except BaseException as e:
        for tmp, _ in temporaries:
            tmp.unlink(missing_ok=True)
        if isinstance(e, OSError):
            raise InputError(
                f"cannot write {temporaries[-1][1] if temporaries else planned[0][0]}: {e.strerror or e}"
            ) from e
        raise
    for tmp, target in temporaries:
        try:
            os.replace(tmp, target)
        except OSError as e:
            raise InputError(f"cannot write {target}: {e.strerror or e}") from e
    return removed
