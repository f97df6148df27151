"""The second wall around public queries: a process that can no longer open a network socket.

:func:`deny_network` installs a seccomp-BPF filter (Linux, x86-64 and AArch64) in the calling process: from then
on ``socket()`` for IPv4 or IPv6 fails with ``EACCES`` in that process and in every thread and child it starts,
and ``io_uring_setup`` (which can open sockets without the ``socket`` system call) fails too. Pipes, files and
Unix-domain sockets keep working. The filter cannot be removed. The SPARQL worker processes call it once they have
loaded the dataset, and ``cspgraph sparql`` calls it before running a query on the embedded store, so that even
a query the checker in :mod:`cspgraph.guard` misread as local could not make the engine send a request anywhere.

:func:`run_walled` runs a function in a forked child that walls itself off first, so that the calling process
keeps its network (``cspgraph sparql`` uses it: the store is shared with the child copy-on-write, and an engine
crash in the child becomes an error message instead of killing the command).

Where the filter cannot be installed (another operating system or architecture, or a kernel without seccomp),
:func:`deny_network` returns False and says why in :data:`last_error`; ``/health`` reports which is the case.
"""

from __future__ import annotations

import ctypes
import errno
import multiprocessing
import os
import platform
import struct
import sys
from collections.abc import Callable
from typing import Any, TypeVar

from cspgraph.errors import QueryError

T = TypeVar("T")

__all__ = ["deny_network", "die_with_parent", "last_error", "limit_memory", "network_denied", "run_walled"]

# <linux/audit.h>, <asm/unistd.h>
_ARCHES = {
    "x86_64": (0xC000003E, 41, 425, True),  # AUDIT_ARCH_X86_64, __NR_socket, __NR_io_uring_setup, has x32
    "aarch64": (0xC00000B7, 198, 425, False),
}
_X32_BIT = 0x40000000
_AF_INET, _AF_INET6 = 2, 10
_PR_SET_NO_NEW_PRIVS, _PR_SET_SECCOMP, _SECCOMP_MODE_FILTER = 38, 22, 2
_RET_ALLOW = 0x7FFF0000
_RET_DENY = 0x00050000 | errno.EACCES  # SECCOMP_RET_ERRNO
# classic BPF opcodes
_LD_ABS = 0x20  # BPF_LD | BPF_W | BPF_ABS
_JEQ = 0x15  # BPF_JMP | BPF_JEQ | BPF_K
_JGE = 0x35  # BPF_JMP | BPF_JGE | BPF_K
_RET = 0x06  # BPF_RET | BPF_K
# offsets in struct seccomp_data
_NR, _ARCH, _ARG0 = 0, 4, 16

last_error = ""
_installed = False


def network_denied() -> bool:
    """True once :func:`deny_network` has installed its filter in this process."""
    return _installed


def _program(arch: int, nr_socket: int, nr_uring: int, x32: bool) -> list[tuple[int, int, int, int]]:
    """The filter as (code, jump if true, jump if false, k), with jumps counted from the next instruction."""
    prog: list[tuple[int, int, int, int]] = [(_LD_ABS, 0, 0, _ARCH)]
    # another ABI than the native one (i386 on x86-64): deny everything it asks
    prog.append((_JEQ, 1, 0, arch))
    prog.append((_RET, 0, 0, _RET_DENY))
    prog.append((_LD_ABS, 0, 0, _NR))
    if x32:  # x32 system calls carry the high bit: deny them all
        prog.append((_JGE, 0, 1, _X32_BIT))
        prog.append((_RET, 0, 0, _RET_DENY))
    prog.append((_JEQ, 0, 1, nr_uring))
    prog.append((_RET, 0, 0, _RET_DENY))
    prog.append((_JEQ, 1, 0, nr_socket))
    prog.append((_RET, 0, 0, _RET_ALLOW))
    prog.append((_LD_ABS, 0, 0, _ARG0))  # socket(domain, ...): the low 32 bits of the first argument
    prog.append((_JEQ, 2, 0, _AF_INET))
    prog.append((_JEQ, 1, 0, _AF_INET6))
    prog.append((_RET, 0, 0, _RET_ALLOW))
    prog.append((_RET, 0, 0, _RET_DENY))
    return prog


def deny_network() -> bool:
    """Forbid this process (and its threads and children) to open IPv4 or IPv6 sockets, for good.

    Returns:
        True when the filter is in place (or already was); False where it cannot be installed (see
        :data:`last_error`).
    """
    global _installed, last_error
    if _installed:
        return True
    machine = platform.machine().lower()
    if not sys.platform.startswith("linux") or machine not in _ARCHES:
        last_error = f"seccomp filters are not available on {sys.platform}/{machine}"
        return False
    code = b"".join(struct.pack("=HBBI", c, jt, jf, k) for c, jt, jf, k in _program(*_ARCHES[machine]))
    n = len(code) // 8
    buf = ctypes.create_string_buffer(code, len(code))

    class _Fprog(ctypes.Structure):
        _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.c_void_p)]

    fprog = _Fprog(n, ctypes.cast(buf, ctypes.c_void_p))
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl.argtypes = [ctypes.c_int, ctypes.c_ulong, ctypes.c_ulong, ctypes.c_ulong, ctypes.c_ulong]
    if libc.prctl(_PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0:
        last_error = f"prctl(PR_SET_NO_NEW_PRIVS) failed: {errno.errorcode.get(ctypes.get_errno(), '?')}"
        return False
    if libc.prctl(_PR_SET_SECCOMP, _SECCOMP_MODE_FILTER, ctypes.addressof(fprog), 0, 0) != 0:
        last_error = f"prctl(PR_SET_SECCOMP) failed: {errno.errorcode.get(ctypes.get_errno(), '?')}"
        return False
    _installed = True
    last_error = ""
    return True


_PR_SET_PDEATHSIG = 1


def die_with_parent(parent_pid: int) -> bool:
    """Ask the kernel to kill this process when the thread that started it ends (Linux ``PR_SET_PDEATHSIG``).

    A SPARQL worker calls this first, so that it never outlives its server, even in the middle of a query. Returns
    False where it is not available; exits at once if the parent is already gone.
    """
    if not sys.platform.startswith("linux"):
        return False
    import signal

    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl.argtypes = [ctypes.c_int, ctypes.c_ulong, ctypes.c_ulong, ctypes.c_ulong, ctypes.c_ulong]
    ok = libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) == 0
    if os.getppid() != parent_pid:  # the parent died before the request took effect
        os._exit(1)
    return ok


def limit_memory(extra_mb: int) -> bool:
    """Cap this process's address space at what it uses now plus ``extra_mb`` megabytes (``RLIMIT_AS``).

    A query that needs more memory fails in the worker (which is then replaced) instead of exhausting the machine.
    Returns False where the limit cannot be set.
    """
    try:
        import resource

        with open("/proc/self/status", encoding="ascii") as fh:
            vm_kb = next(int(line.split()[1]) for line in fh if line.startswith("VmSize:"))
        cap = (vm_kb * 1024) + extra_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
        return True
    except (OSError, ValueError, StopIteration, ImportError):
        return False


def _child(conn: Any, fn: Callable[..., Any], args: tuple[Any, ...]) -> None:  # pragma: no cover - in a child
    try:
        deny_network()
        conn.send(("ok", fn(*args)))
    except BaseException as e:  # everything goes back to the parent, which re-raises it
        try:
            conn.send(("error", e))
        except Exception:  # an exception that cannot be pickled
            conn.send(("error", RuntimeError(f"{type(e).__name__}: {e}")))
    finally:
        conn.close()


def run_walled(fn: Callable[..., T], *args: Any) -> T:
    """``fn(*args)`` in a forked child process without network sockets; its result or exception comes back.

    Where ``fork`` is not available the function runs in this process, without the wall.

    Raises:
        QueryError: the child died without answering (for instance a crash of the query engine).
    """
    if not hasattr(os, "fork") or not sys.platform.startswith("linux"):
        return fn(*args)
    ctx = multiprocessing.get_context("fork")
    parent, child = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_child, args=(child, fn, args), daemon=True)
    proc.start()
    child.close()
    try:
        status, value = parent.recv()
    except EOFError:
        proc.join()
        raise QueryError(
            f"the query engine stopped without an answer (exit status {proc.exitcode}); simplify the query"
        ) from None
    finally:
        parent.close()
    proc.join()
    if status == "error":
        raise value
    return value  # type: ignore[no-any-return]
