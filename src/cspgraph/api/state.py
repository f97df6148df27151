"""What the app computes once per dataset version: its digest (for ETags), Last-Modified, the SPARQL worker pool,
the provenance of each named graph, and what is built on first request and kept: the dumps, rendered documents
and network views."""

from __future__ import annotations

import gzip
import hashlib
import json
import shutil
import tempfile
import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import format_datetime
from pathlib import Path
from typing import Any

from cspgraph import resources
from cspgraph.config import PAGES_STORES, Settings
from cspgraph.namespaces import PREFIXES
from cspgraph.rdfio import serialize
from cspgraph.stores import GraphStore
from cspgraph.version import __version__

PROVENANCE_QUERY = resources.internal_query("dataset-provenance")
GRAPH_COUNTS = resources.internal_query("graph-counts")

DUMPS: dict[str, tuple[str, str]] = {
    # file name -> (media type, content encoding or "")
    "cspgraph.ttl": ("text/turtle", ""),
    "cspgraph.nt.gz": ("application/n-triples", "gzip"),
    "cspgraph.nq.gz": ("application/n-quads", "gzip"),
    "cspgraph.jsonld": ("application/ld+json", ""),
}


@dataclass
class DatasetState:
    """Per-version facts about the served dataset."""

    digest: str
    last_modified: datetime
    graph_sources: dict[str, list[dict[str, str]]] = field(default_factory=dict)
    graph_counts: dict[str, int] = field(default_factory=dict)
    nquads_path: Path | None = None
    tmpdir: Path | None = None
    pool: Any = None
    versioned: bool = False  # the project's dataset, whose derived facts are kept per version beside its store
    pages_store: str = "memory"  # where pages are read from: memory, disk (an on-disk store) or remote
    page_cache_size: int = 4096
    view_cache_size: int = 32
    _pages: OrderedDict[tuple[str, ...], tuple[bytes, str]] = field(default_factory=OrderedDict)
    _views: OrderedDict[tuple[Any, ...], dict[str, Any]] = field(default_factory=OrderedDict)
    _dumps: dict[str, bytes] = field(default_factory=dict)
    _search: Any = None
    _kept: dict[str, Any] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def last_modified_http(self) -> str:
        return format_datetime(self.last_modified, usegmt=True)

    def etag(self, *parts: str) -> str:
        """A strong ETag for one representation: the dataset digest, the app version and ``parts``."""
        h = hashlib.sha256("\x1f".join((self.digest, __version__, *parts)).encode()).hexdigest()[:24]
        return f'"{h}"'

    def page(self, key: tuple[str, ...]) -> tuple[bytes, str] | None:
        """A rendered document (body, media type) kept from an earlier request, or None."""
        with self._lock:
            hit = self._pages.get(key)
            if hit is not None:
                self._pages.move_to_end(key)
            return hit

    def keep_page(self, key: tuple[str, ...], body: bytes, media_type: str) -> None:
        """Keep a rendered document; representations are fixed per dataset version, so they never go stale."""
        if self.page_cache_size <= 0:
            return
        with self._lock:
            self._pages[key] = (body, media_type)
            while len(self._pages) > self.page_cache_size:
                self._pages.popitem(last=False)

    def network_view(self, key: tuple[Any, ...], build: Callable[[], dict[str, Any]]) -> dict[str, Any]:
        """A network view (:mod:`cspgraph.visualise`) kept from an earlier request, else built and kept.

        The least recently used of the last ``view_cache_size`` views are kept; ``build`` runs outside the lock, so
        other requests are not held up while a view is laid out.
        """
        with self._lock:
            hit = self._views.get(key)
            if hit is not None:
                self._views.move_to_end(key)
                return hit
        data = build()
        if self.view_cache_size > 0:
            with self._lock:
                self._views[key] = data
                while len(self._views) > self.view_cache_size:
                    self._views.popitem(last=False)
        return data

    def search(self, store: GraphStore) -> Any:
        """The search index (:class:`cspgraph.search.SearchIndex`), made once (at start-up, by the app's lifespan).

        For the project's dataset it is built once per dataset version and read back from beside the on-disk store
        (:func:`cspgraph.stores.disk.derived`); its resolver becomes the store's (:func:`cspgraph.resolve.remember`).
        """
        from cspgraph.resolve import remember
        from cspgraph.search import SearchIndex
        from cspgraph.stores.disk import derived

        with self._lock:
            if self._search is None:
                build = lambda: SearchIndex.build(store)  # noqa: E731
                name = f"search-{store.name}{_mode_suffix(self.pages_store)}"
                self._search = derived(name, build) if self.versioned else build()
                remember(store, self._search.resolver)
            return self._search

    def kept(self, key: str, build: Callable[[], Any]) -> Any:
        """Something computed once per dataset version (the map layers, home page facts), built on first use."""
        with self._lock:
            if key not in self._kept:
                self._kept[key] = build()
            return self._kept[key]

    def subjects(self, store: GraphStore, base_uri: str) -> list[str]:
        """Every IRI subject under ``base_uri``, in order, listed once (the sitemap and the browse pages)."""
        query = resources.internal_query("iri-subjects")
        return list(
            self.kept(
                "subjects-list", lambda: [str(r["s"]) for r in store.select(query) if str(r["s"]).startswith(base_uri)]
            )
        )

    def dump(self, store: GraphStore, name: str) -> bytes:
        """One of :data:`DUMPS`, built once."""
        with self._lock:
            if name not in self._dumps:
                self._dumps[name] = build_dump(store, name)
            return self._dumps[name]

    def ready(self) -> None:
        """Wait until the SPARQL workers are ready (RuntimeError if they cannot start; the state is closed then)."""
        if self.pool is not None:
            try:
                self.pool.wait_started()
            except BaseException:
                self.close()
                raise

    def close(self) -> None:
        if self.pool is not None:
            self.pool.close()
            self.pool = None
        if self.tmpdir is not None:
            shutil.rmtree(self.tmpdir, ignore_errors=True)
            self.tmpdir = None


def build_dump(store: GraphStore, name: str) -> bytes:
    quads = list(store.quads())
    if name == "cspgraph.ttl":
        return serialize(quads, "ttl", PREFIXES)
    if name == "cspgraph.nt.gz":
        return gzip.compress(serialize(quads, "nt"), 6, mtime=0)
    if name == "cspgraph.nq.gz":
        return gzip.compress(serialize(quads, "nq"), 6, mtime=0)
    if name == "cspgraph.jsonld":
        return serialize(quads, "jsonld", PREFIXES)
    raise KeyError(name)


def _default_files_mtime() -> datetime | None:
    files = resources.ontology_files() + resources.data_files() + resources.shapes_files()
    times = [f.stat().st_mtime for f in files if f.is_file()]
    return datetime.fromtimestamp(int(max(times)), UTC) if times else None


def _mode_suffix(mode: str) -> str:
    """What tells apart the ETags and kept facts of a store whose statements come in another order ("" in memory)."""
    return "" if mode == "memory" else f"-{mode}"


def pages_store_of(store: GraphStore) -> str:
    """Where a store reads its statements: ``memory``, ``disk`` (an on-disk store) or ``remote`` (a SPARQL server)."""
    if not store.local:
        return "remote"
    return "disk" if getattr(store, "location", None) is not None else "memory"


def choose_pages_store(settings: Settings, *, default_dataset: bool) -> tuple[str, float]:
    """The store the server reads its pages from (``memory`` or ``disk``), and the MiB of the dataset's files.

    ``disk`` only for the project's dataset on the embedded Oxigraph store with the on-disk store on; ``auto``
    decides by the size of the files, known without parsing them (:data:`cspgraph.config.PAGES_STORE_MAX_MB`).

    Raises:
        InputError: ``settings.pages_store`` is not one of :data:`cspgraph.config.PAGES_STORES`.
    """
    from cspgraph.errors import InputError
    from cspgraph.stores.disk import dataset_files, enabled

    mode = settings.pages_store.strip().lower()
    if mode not in PAGES_STORES:
        raise InputError(f"pages store {settings.pages_store!r}: use {', '.join(PAGES_STORES)}")
    if not (default_dataset and enabled() and settings.store == "oxigraph"):
        return "memory", 0.0
    mib = sum(path.stat().st_size for path, _ in dataset_files(shapes=True)) / 2**20
    if mode == "auto":
        mode = "memory" if mib <= settings.pages_store_max_mb else "disk"
    return mode, mib


def launch_pool(settings: Settings, *, default_dataset: bool) -> Any:
    """The SPARQL worker pool on the shared on-disk store of the project's dataset, or None (another store).

    The workers open the on-disk store read-only (:mod:`cspgraph.stores.disk`, built first if this dataset version
    has none) and start in the background, while the server opens its own store for pages
    (:func:`choose_pages_store`: a copy in memory, where pages are several times faster to read than from RocksDB, or
    for a large dataset the same on-disk store). :func:`prepare` takes the pool over.
    """
    from cspgraph.api.sparql_exec import WorkerPool
    from cspgraph.stores.disk import enabled, ensure_disk_store

    if not (default_dataset and enabled() and settings.store in ("oxigraph", "rdflib")):
        return None
    path = ensure_disk_store(shapes=True)
    pool = WorkerPool(str(path), settings.sparql_workers, memory_mb=settings.worker_memory_mb)
    pool.launch()
    return pool


def _graph_facts(store: GraphStore) -> tuple[dict[str, int], dict[str, list[dict[str, str]]]]:
    """The number of quads in each named graph, and each graph's provenance."""
    counts = {str(r["g"]): int(r["n"]) for r in store.select(GRAPH_COUNTS)}  # type: ignore[arg-type]
    sources: dict[str, list[dict[str, str]]] = {}
    for r in store.select(PROVENANCE_QUERY):
        sources.setdefault(str(r["g"]), []).append({k: str(v) for k, v in r.items() if v is not None})
    return counts, sources


def prepare(store: GraphStore, settings: Settings, *, default_dataset: bool, pool: Any = None) -> DatasetState:
    """Compute the digest and provenance, and (for a local store) launch the SPARQL worker pool.

    ``pool`` is the one :func:`launch_pool` launched for the project's dataset: the version is then its on-disk
    store's, and what is derived from it alone is read from beside that store (:func:`cspgraph.stores.disk.derived`).
    :meth:`DatasetState.ready` waits for the workers.
    """
    from cspgraph.api.sparql_exec import WorkerPool
    from cspgraph.stores.disk import derived

    now = datetime.now(UTC).replace(microsecond=0)
    modified = (_default_files_mtime() if default_dataset else None) or now
    mode = pages_store_of(store)
    if pool is not None:  # the shared on-disk store: the workers open it, its folder (and the pages' store) the version
        path = Path(pool.nquads_path)
        digest = hashlib.sha256(f"{path.name}{_mode_suffix(mode)}".encode()).hexdigest()
        try:
            counts, sources = derived(f"graph-facts-{store.name}{_mode_suffix(mode)}", lambda: _graph_facts(store))
        except BaseException:
            pool.close()
            raise
        return DatasetState(
            digest,
            modified,
            sources,
            counts,
            path,
            pool=pool,
            versioned=True,
            pages_store=mode,
            page_cache_size=settings.page_cache,
        )
    counts, sources = _graph_facts(store)
    if not store.local:  # a remote store: the version is what the server holds, summarised by its per-graph counts
        digest = hashlib.sha256(json.dumps(counts, sort_keys=True).encode()).hexdigest()
        return DatasetState(digest, modified, sources, counts, pages_store=mode, page_cache_size=settings.page_cache)
    location = getattr(store, "location", None)
    tmpdir: Path | None = None
    if location is not None:  # a store on disk the server was given: the workers open it
        path, digest = Path(location), hashlib.sha256(Path(location).name.encode()).hexdigest()
    else:  # a store of the caller's: the workers load a copy
        tmpdir = Path(tempfile.mkdtemp(prefix="cspgraph-"))
        path = tmpdir / "dataset.nq"
        data = serialize(sorted(store.quads(), key=str), "nq")
        path.write_bytes(data)
        digest = hashlib.sha256(data).hexdigest()
    state = DatasetState(
        digest, modified, sources, counts, path, tmpdir, pages_store=mode, page_cache_size=settings.page_cache
    )
    try:
        state.pool = WorkerPool(str(path), settings.sparql_workers, memory_mb=settings.worker_memory_mb)
        state.pool.launch()
    except BaseException:
        state.close()
        raise
    return state
