"""The stores of the dataset behind one interface (:class:`GraphStore`), and :func:`open_store` to get one.

Examples:
    >>> store = open_store()
    >>> store.local, len(store) > 50000
    (True, True)
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from cspgraph.errors import InputError
from cspgraph.stores.base import GraphStore, SelectResult
from cspgraph.stores.disk import enabled as disk_enabled
from cspgraph.stores.disk import load_checked, open_disk_store
from cspgraph.stores.oxigraph import OxigraphStore
from cspgraph.stores.terms import to_ox, to_rdflib

if TYPE_CHECKING:
    from cspgraph.stores.rdflib_engine import RdflibStore
    from cspgraph.stores.terms import RDFTerm

__all__ = ["GraphStore", "OxigraphStore", "RDFTerm", "RdflibStore", "SelectResult", "open_store", "to_ox", "to_rdflib"]


def __getattr__(name: str) -> Any:
    """``RdflibStore`` and ``RDFTerm`` are imported when first asked for: they load rdflib, which the embedded
    store does not need."""
    if name == "RdflibStore":
        from cspgraph.stores.rdflib_engine import RdflibStore

        return RdflibStore
    if name == "RDFTerm":
        from cspgraph.stores import terms

        return terms.RDFTerm
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def open_store(
    kind: str = "oxigraph",
    *,
    data: Path | None = None,
    shapes: bool = True,
    timeout: float = 60.0,
    disk: bool = False,
    checked: bool = False,
) -> GraphStore:
    """A store of the given kind with the whole dataset loaded, or a store on a SPARQL server.

    Args:
        kind: ``"oxigraph"`` (the embedded default), ``"rdflib"``, or the http(s) URL of a SPARQL 1.1 endpoint
            (a :class:`cspgraph.stores.remote.RemoteStore`; nothing is loaded: ``cspgraph load --store URL`` pushes
            the data).
        data: a data folder other than the project's data/.
        shapes: also load shapes/ into the shapes graph.
        timeout: for a store on a server, the seconds to wait for an answer.
        disk: for ``"oxigraph"``, open the shared read-only on-disk copy of this dataset version
            (:mod:`cspgraph.stores.disk`, built on first use) instead of parsing the files into memory; the
            command line and the server do, unless ``CSPGRAPH_DISK_STORE=0``.
        checked: for ``"oxigraph"`` in memory, parse the files leniently, as the on-disk store of this version
            (built first if need be) has parsed them strictly (:func:`cspgraph.stores.disk.load_checked`); the
            server does when its SPARQL workers use that store.

    Returns:
        The loaded store.
    """
    if kind.startswith(("http://", "https://")):
        from cspgraph.stores.remote import RemoteStore

        return RemoteStore(kind, timeout=timeout)
    store: GraphStore
    if kind == "oxigraph" and disk and disk_enabled():
        return open_disk_store(data, shapes)
    if kind == "oxigraph" and checked and disk_enabled():
        return load_checked(data, shapes)
    if kind == "oxigraph":
        store = OxigraphStore()
    elif kind == "rdflib":
        from cspgraph.stores.rdflib_engine import RdflibStore

        store = RdflibStore()
    else:
        raise InputError(f"unknown store {kind!r}: use 'oxigraph', 'rdflib' or the http(s) URL of a SPARQL endpoint")
    return store.load_dataset(data=data, shapes=shapes)
