"""What a user gives the merger check: the CSPs to combine and the bodies that would sign.

Every value goes through the one resolver, :mod:`cspgraph.resolve` (codes, URIs, ``kind/code`` paths, names);
what it cannot resolve, or what makes no sense for a combination (one CSP, a CSP given twice, a CSP that no longer
exists), is an :class:`~cspgraph.errors.InputError` that says what to give instead.

Examples:
    >>> import pathlib, tempfile
    >>> f = pathlib.Path(tempfile.mkdtemp()) / "parties.txt"
    >>> _ = f.write_text("E06000001  # Hartlepool Borough Council\\nlocal-policing-body/E23000013\\n")
    >>> read_parties_file(f)
    ['E06000001', 'local-policing-body/E23000013']
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from pathlib import Path

from rdflib import URIRef
from rdflib.namespace import DCTERMS

from cspgraph import resources
from cspgraph.errors import InputError, LoadError
from cspgraph.files import read_text
from cspgraph.labels import fallback
from cspgraph.merger.neighbourhood import Neighbourhood
from cspgraph.namespaces import CSPG, KIND
from cspgraph.resolve import Resolver, resolver, split_values
from cspgraph.stores import GraphStore, to_ox

__all__ = ["read_parties_file", "resolve_csps", "resolve_parties"]


def resolve_csps(store: GraphStore, tokens: Sequence[str]) -> list[URIRef]:
    """Resolve the CSPs to combine (codes, URIs or names, by :func:`cspgraph.resolve.resolve`) to their URIs.

    Args:
        store: the loaded store.
        tokens: CSP codes (E22000027), URIs or names ("Hartlepool").

    Returns:
        The CSP URIs, in the order given.

    Raises:
        InputError: fewer than two CSPs, one given twice, a value that names no CSP, or a CSP that no longer exists;
            the message says what to give instead.
    """
    return csps_with(resolver(store), store, tokens)


def resolve_parties(store: GraphStore, tokens: Iterable[str]) -> list[URIRef]:
    """Resolve the bodies that would sign (codes, names, paths such as local-policing-body/E23000013, or URIs).

    Args:
        store: the loaded store.
        tokens: the values given; blank ones are ignored.

    Returns:
        The bodies' URIs, in the order given, each once.

    Raises:
        InputError: a value that names no body that can sign, or names several; the message lists candidates.
    """
    return parties_with(resolver(store), tokens)


def csps_with(r: Resolver, store: GraphStore, tokens: Sequence[str]) -> list[URIRef]:
    """:func:`resolve_csps` with a resolver already at hand (one per check: building it is not free)."""
    tokens = [t.strip() for t in tokens if t and t.strip()]
    if len(tokens) < 2:
        got = f" (got only {tokens[0]})" if tokens else ""
        raise InputError(f"give at least two CSPs to combine{got}, e.g. --csp E22000027 --csp E22000029")
    out: list[URIRef] = []
    seen: dict[URIRef, str] = {}
    for t in tokens:
        uri = r.resolve(t, "csp", via_area=False)
        if uri in seen:
            code = _code(_about(store, uri), uri)
            raise InputError(
                f"{t} names the same CSP as {seen[uri]} ({code}): a CSP cannot be combined with itself; "
                "give each CSP once"
            )
        _check_current(store, uri)
        seen[uri] = t
        out.append(uri)
    return out


def parties_with(r: Resolver, tokens: Iterable[str]) -> list[URIRef]:
    """:func:`resolve_parties` with a resolver already at hand."""
    out: list[URIRef] = []
    for t in tokens:
        if t.strip() and (uri := r.resolve(t, "party", via_area=False)) not in out:
            out.append(uri)
    return out


def _about(store: GraphStore, uri: URIRef) -> Neighbourhood:
    held = Neighbourhood()
    held.describe(store, [uri])
    return held


def _code(held: Neighbourhood, uri: URIRef) -> str:
    return str(held.value(uri, DCTERMS.identifier) or fallback(str(uri)))


def _check_current(store: GraphStore, uri: URIRef) -> None:
    """Refuse a CSP code the ONS lookup keeps for a district abolished by local government reorganisation."""
    if not store.match(to_ox(uri), to_ox(CSPG.partnershipKind), to_ox(KIND["predecessor-district"]), limit=1):
        return  # one look-up: the CSP's triples are read only to say what is wrong
    held = _about(store, uri)
    area = store.select(resources.internal_query("areas-served-by-csp"), {"csp": uri})
    where = ", ".join(f"{r['name']} ({r['code']})" for r in area) or "a reorganised area"
    raise InputError(
        f"{_code(held, uri)} ({held.name(uri)}) no longer exists as a statutory CSP: the ONS lookup keeps it for a "
        f"district abolished by local government reorganisation, now part of {where}, which has one partnership for "
        "the whole area under CDA 1998 s5; give the CSP codes of current local government areas"
    )


def read_parties_file(path: Path) -> list[str]:
    """Read a parties file: a JSON list (or ``{"parties": [...]}``), or text with one value a line (``#`` comments).

    Args:
        path: the file.

    Returns:
        The values, unresolved (see :func:`resolve_parties`).

    Raises:
        LoadError: the file cannot be read, is malformed JSON, or is JSON of another shape; the message names the
            file and, for JSON, the line.
    """
    text = read_text(path, "parties file")
    if not text.lstrip().startswith(("[", "{")):
        return split_values(text)
    try:
        data = json.loads(text)
    except json.JSONDecodeError as e:
        hint = "give a JSON list of codes or URIs, or plain text with one a line"
        raise LoadError(str(path), f"malformed JSON: {e.msg} ({hint})", e.lineno) from e
    if isinstance(data, dict):
        data = data.get("parties")
    if not isinstance(data, list) or not all(isinstance(x, str) for x in data):
        raise LoadError(str(path), 'expected a JSON list of codes or URIs (or {"parties": [...]})')
    return data
