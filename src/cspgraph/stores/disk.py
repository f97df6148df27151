"""One on-disk copy of the dataset (Oxigraph's RocksDB store), built once per dataset version and opened read-only.

The command line, the app and every SPARQL worker open the same folder with ``pyoxigraph.Store.read_only``, so a
command starts without parsing the Turtle files and a server holds one copy of the data however many processes
read it. The folder is ``<cache>/store-<key>`` (:func:`cspgraph.resources.cache_dir`; ``CSPGRAPH_CACHE_DIR``
overrides it), where the key is a digest of the names, sizes and modification times of the files the dataset is
loaded from (ontology, data, and shapes when wanted) and of the pyoxigraph version: a changed file, a
``cspgraph build`` or an upgrade gives a new key and so a new store. A store is built into a temporary folder
beside it and renamed into place once complete, so a reader never sees half a store; two processes building at
once both succeed and one of the copies is kept. A store derived from a dataset version (the landscape on its
latest date, :func:`cspgraph.asof.open_latest`) sits beside it as ``store-<key><suffix>``, built the same way.

What is computed from one dataset version only (the server's search index and resolver, its per-graph counts) is
kept beside the store as ``<cache>/store-<key>.<name>-<code>.pickle`` by :func:`derived`, built the same way
(written to a temporary file, renamed into place); ``<code>`` is a digest of the package's code and internal
queries, so a changed build rule gives a new file.

Examples:
    >>> store = open_disk_store(shapes=False)
    >>> store.read_only, len(store) > 50000
    (True, True)
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from cspgraph import resources
from cspgraph.errors import LoadError
from cspgraph.stores.oxigraph import OxigraphStore, load_into

__all__ = [
    "dataset_files",
    "dataset_key",
    "derived",
    "disk_store_path",
    "ensure_derived_store",
    "ensure_disk_store",
    "load_checked",
    "open_disk_store",
    "open_read_only",
]

#: how a store is built (part of its key: a store built the older way is built again, not reused)
LAYOUT = 2  # 2: compacted after loading

#: set to 0 to keep every store in memory (the tests of loading do; so may a read-only file system)
ENV_SWITCH = "CSPGRAPH_DISK_STORE"


def enabled() -> bool:
    """Whether the on-disk store is used (``CSPGRAPH_DISK_STORE=0`` turns it off)."""
    return os.environ.get(ENV_SWITCH, "1").strip().lower() not in ("0", "false", "no", "off")


def dataset_files(data: Path | None = None, shapes: bool = True) -> list[tuple[Path, str]]:
    """The files the dataset is loaded from, each with its named graph (the order of ``load_dataset``)."""
    files = [(f, resources.ONTOLOGY_GRAPH) for f in resources.ontology_files()]
    files += [(f, resources.graph_name_for(f, data)) for f in resources.data_files(data)]
    if shapes:
        files += [(f, resources.SHAPES_GRAPH) for f in resources.shapes_files()]
    return files


def dataset_key(data: Path | None = None, shapes: bool = True) -> str:
    """A digest of the dataset's version: each file's path, graph, size and modification time, and pyoxigraph's version."""
    h = hashlib.sha256(f"pyoxigraph {ox.__version__}\nshapes {shapes}\nlayout {LAYOUT}\n".encode())
    for path, graph in dataset_files(data, shapes):
        st = path.stat()
        h.update(f"{path.resolve()}\t{graph}\t{st.st_size}\t{st.st_mtime_ns}\n".encode())
    return h.hexdigest()[:24]


def disk_store_path(data: Path | None = None, shapes: bool = True, suffix: str = "") -> Path:
    """The folder of the on-disk store of this dataset version (it may not exist yet); ``suffix`` names a store
    derived from it (:func:`ensure_derived_store`)."""
    return resources.cache_dir() / f"store-{dataset_key(data, shapes)}{suffix}"


def ensure_disk_store(data: Path | None = None, shapes: bool = True) -> Path:
    """The folder of the on-disk store of this dataset version, built first if there is none.

    Raises:
        LoadError: a file of the dataset cannot be read or parsed (nothing is left in the cache), or the cache
            folder cannot be written.
    """
    return _ensure(disk_store_path(data, shapes), lambda store: _load(store, data, shapes))


def ensure_derived_store(
    suffix: str, fill: Callable[[ox.Store], None], data: Path | None = None, shapes: bool = True
) -> Path:
    """The folder of a store derived from this dataset version (such as the landscape on its latest date), built
    first if there is none: ``fill`` writes it into a new on-disk store. It is keyed as the dataset's own store plus
    ``suffix`` (so a new dataset version gives a new one) and built and renamed into place the same way.

    Raises:
        LoadError: the cache folder cannot be written.
    """
    return _ensure(disk_store_path(data, shapes, suffix), fill)


def _ensure(final: Path, fill: Callable[[ox.Store], None]) -> Path:
    """``final``, built by ``fill`` into a temporary folder beside it and renamed into place, if it does not exist."""
    if final.is_dir():
        return final
    import shutil  # here and below: building is rare, and a command that only reads starts without these
    import tempfile

    try:
        final.parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(dir=final.parent, prefix=".building-"))
    except OSError as e:
        raise LoadError(
            str(final.parent), f"cannot write the store cache ({e.strerror}); set CSPGRAPH_CACHE_DIR"
        ) from e
    try:
        _build(tmp, fill)
        try:
            os.rename(tmp, final)
        except OSError:
            if not final.is_dir():  # not another process's copy: a real failure
                raise
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return final


def _load(store: ox.Store, data: Path | None, shapes: bool) -> None:
    for path, graph in dataset_files(data, shapes):
        load_into(store, path, ox.NamedNode(graph), bulk=True)


def _build(folder: Path, fill: Callable[[ox.Store], None]) -> None:
    """Fill a new on-disk store in ``folder``, compact it, and close it (also when a file is bad).

    Compacting (``Store.optimize``) merges the many small files a bulk load writes: on the real dataset it takes
    about 0.1 s and makes a resource's CONSTRUCT about three times faster for every reader of the store.
    """
    import traceback

    store = ox.Store(str(folder))
    try:
        fill(store)
        store.flush()
        store.optimize()
    except BaseException as e:
        # the traceback's frames hold the store open (RocksDB would go on writing into the folder being removed)
        for exc in (e, e.__cause__, e.__context__):
            if exc is not None and exc.__traceback__ is not None:
                traceback.clear_frames(exc.__traceback__)
        raise
    finally:
        del store  # closed now, not when the exception is dropped: the folder is removed next


def load_checked(data: Path | None = None, shapes: bool = True) -> OxigraphStore:
    """The dataset parsed into a new in-memory store, without validating IRIs and language tags again.

    The files are the ones the on-disk store of this version was built from (built first if there is none), where
    they were parsed strictly; the lenient parse of the same files gives the same quads in about 30% less time.
    """
    ensure_disk_store(data, shapes)
    store = OxigraphStore()
    for path, graph in dataset_files(data, shapes):
        store.changed()
        load_into(store.store, path, ox.NamedNode(graph), lenient=True)
    return store


def open_disk_store(data: Path | None = None, shapes: bool = True) -> OxigraphStore:
    """The dataset as a read-only on-disk Oxigraph store (built on first use of this dataset version)."""
    return open_read_only(ensure_disk_store(data, shapes))


def open_read_only(path: Path) -> OxigraphStore:
    """The on-disk store in ``path``, opened read-only."""
    return OxigraphStore(store=ox.Store.read_only(str(path)), read_only=True, location=path)


@cache
def _code_key() -> str:
    """A digest of the package's modules and internal queries (names, sizes, modification times)."""
    package = Path(__file__).resolve().parent.parent
    files = sorted(package.rglob("*.py")) + sorted(resources.internal_queries_dir().glob("*.rq"))
    h = hashlib.sha256()
    for f in files:
        st = f.stat()
        h.update(f"{f}\t{st.st_size}\t{st.st_mtime_ns}\n".encode())
    return h.hexdigest()[:12]


def derived_path(name: str, data: Path | None = None, shapes: bool = True) -> Path:
    """The file :func:`derived` keeps ``name`` in for this dataset version and this code."""
    store = disk_store_path(data, shapes)
    return store.with_name(f"{store.name}.{name}-{_code_key()}.pickle")


def derived(name: str, build: Callable[[], Any], data: Path | None = None, shapes: bool = True) -> Any:
    """What ``build()`` gives for this dataset version, built once and kept beside its on-disk store.

    ``build`` must depend only on the dataset's files (and the code). A file that cannot be read back (cut short,
    from another Python) is built again; a cache that cannot be written only costs the build.
    """
    import pickle
    import tempfile

    path = derived_path(name, data, shapes)
    try:
        with path.open("rb") as f:
            return pickle.load(f)
    except FileNotFoundError:
        pass
    except (OSError, EOFError, pickle.UnpicklingError, AttributeError, ImportError, ValueError):
        path.unlink(missing_ok=True)
    value = build()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".building-", suffix=".pickle")
        try:
            with os.fdopen(fd, "wb") as f:
                pickle.dump(value, f, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, path)
        finally:
            Path(tmp).unlink(missing_ok=True)
    except OSError:
        pass
    return value
