"""The one resolver of what a user types to name a body, a partnership or an area.

Every command, API route, form, named-query parameter, merger party and network view goes through
:func:`resolve`. A value may be

* a URI (``https://w3id.org/cspgraph/id/csp/E22000365``), or a path under ``id/`` (``csp/E22000365``,
  ``id/chief-officer/E23000008``);
* a code: a GSS code (``E23000008``) or another identifier the data carries (``N54``);
* a name: any label of the resource (``Safer Durham Partnership``, ``durham police and crime commissioner``),
  ignoring case, surrounding quotes and repeated spaces; names may contain spaces, commas, quotes and ``<``;
* the last segment of a resource's URI (``home-secretary``).

What is wanted is a *kind*: ``body`` (an organisation, not an area), ``csp``, ``pfa`` (a police force area),
``area`` (any area), ``party`` (a body that can sign a combination agreement) or ``any``. Where a value names an
area and a body or partnership is wanted, the area stands for the body that governs it (the local policing body
of a police force area, the council of a local government area) or the CSP that serves it, unless
``via_area=False``: then the error says which body or CSP to give instead. Everything else is an error that says
what to fix: :class:`~cspgraph.errors.NotFound` with close matches, or :class:`~cspgraph.errors.InputError`
listing the candidates of an ambiguous value.

Examples:
    >>> from cspgraph.stores import open_store
    >>> store = open_store()
    >>> str(resolve(store, "E23000008"))
    'https://w3id.org/cspgraph/id/local-policing-body/E23000008'
    >>> str(resolve(store, "Hartlepool", "csp"))
    'https://w3id.org/cspgraph/id/csp/E22000027'
"""

from __future__ import annotations

import difflib
import re
import sys
import weakref
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

import pyoxigraph as ox

from cspgraph import iris, resources
from cspgraph.errors import InputError, NotFound
from cspgraph.labels import fallback, pick
from cspgraph.stores import GraphStore

if TYPE_CHECKING:
    from rdflib import URIRef

__all__ = [
    "KINDS",
    "Resolver",
    "lookup",
    "lookup_iri",
    "resolve",
    "resolve_iri",
    "resolve_many",
    "resolver",
    "split_values",
]

KINDS = ("any", "body", "csp", "pfa", "area", "party")
_WORDS = {
    "any": "resource",
    "body": "body",
    "csp": "community safety partnership",
    "pfa": "police force area",
    "area": "area",
    "party": "body that can be party to a combination agreement",
}
#: the kinds of body (the <kind> of id/<kind>/<code>) that can sign a combination agreement (CDA 1998 s5A)
PARTY_KINDS = (
    "council",
    "chief-officer",
    "local-policing-body",
    "fire-and-rescue-authority",
    "integrated-care-board",
    "local-health-board",
    "probation-region",
    "organisation",
)
GSS_CODE = re.compile(r"^[EWSNK]\d{8}$", re.IGNORECASE)
_PATH = re.compile(r"^/?(?:id/)?([a-z][a-z0-9-]*)/(\S+)$")
_COMMENT = re.compile(r"(?:^|\s)#")  # a # that starts a comment (not the fragment of a URI)
_SEPARATORS = re.compile(r"[\s,;]+")
_ID = iris.ID
_CSP = iris.CSPG + "CommunitySafetyPartnership"
_PFA = iris.CSPG + "PoliceForceArea"


def _uri_ref(iri: str) -> URIRef:
    """An IRI as the rdflib term the public functions give (rdflib is loaded only when one is made)."""
    from rdflib import URIRef

    return URIRef(iri)


def _norm(text: str) -> str:
    """A name as the index keeps it: no surrounding quotes or spaces, single spaces, case-folded."""
    return " ".join(text.strip().strip("\"'“”‘’").split()).casefold()


@dataclass
class Resolver:
    """The names, codes and types of every resource of one store, and what each area stands for."""

    labels: dict[str, set[str]] = field(default_factory=dict)  # normalised name -> URIs
    codes: dict[str, set[str]] = field(default_factory=dict)  # upper-cased code -> URIs
    tails: dict[str, set[str]] = field(default_factory=dict)  # upper-cased last URI segment -> URIs
    names: dict[str, str] = field(default_factory=dict)  # URI -> a name to show
    types: dict[str, set[str]] = field(default_factory=dict)
    areas: set[str] = field(default_factory=set)  # URIs of areas
    governs: dict[str, set[str]] = field(default_factory=dict)  # area -> governing bodies
    serves: dict[str, set[str]] = field(default_factory=dict)  # area -> CSPs

    @classmethod
    def build(cls, store: GraphStore) -> Resolver:
        """Index a store with four queries (queries/internal/resolver-*.rq, area-classes.rq)."""
        r = cls()
        candidates: dict[str, list[tuple[str, Any]]] = {}
        for uri, pred, key, is_code in store.select_terms(resources.internal_query("resolver-names")):
            if is_code.value == "true":
                r.codes.setdefault(key.value.strip().upper(), set()).add(uri.value)
            else:
                r.labels.setdefault(_norm(key.value), set()).add(uri.value)
                candidates.setdefault(uri.value, []).append((pred.value, key))
        area_classes = {c.value for (c,) in store.select_terms(resources.internal_query("area-classes"))}
        for uri, typ in store.select_terms(resources.internal_query("resolver-types")):
            r.types.setdefault(uri.value, set()).add(typ.value)
            if typ.value in area_classes:
                r.areas.add(uri.value)
        for uri in r.types:
            r.tails.setdefault(fallback(uri).upper(), set()).add(uri)
        for area, body, csp in store.select_terms(resources.internal_query("resolver-areas")):
            if body is not None:
                r.governs.setdefault(area.value, set()).add(body.value)
            if csp is not None:
                r.serves.setdefault(area.value, set()).add(csp.value)
        r.names = {uri: name for uri, c in candidates.items() if (name := pick(c)) is not None}
        return r.compact()

    def compact(self) -> Resolver:
        """Keep each string once and each distinct set once, shared between the tables (the index is not changed
        after it is built): the query answers give a new string for every occurrence of a URI."""
        one = sys.intern
        shared: dict[frozenset[str], set[str]] = {}

        def same(values: set[str]) -> set[str]:
            key = frozenset(one(v) for v in values)
            return shared.setdefault(key, set(key))

        for table in (self.labels, self.codes, self.tails, self.types, self.governs, self.serves):
            items = [(one(k), same(v)) for k, v in table.items()]
            table.clear()
            table.update(items)
        self.names = {one(k): v for k, v in self.names.items()}
        self.areas = {one(u) for u in self.areas}
        return self

    # ------------------------------------------------------------ what fits
    def fits(self, uri: str, kind: str) -> bool:
        """Whether the resource is of the kind wanted."""
        types = self.types.get(uri, set())
        if kind == "csp":
            return _CSP in types
        if kind == "pfa":
            return _PFA in types
        if kind == "area":
            return uri in self.areas
        if kind == "party":
            return uri.startswith(_ID) and uri[len(_ID) :].split("/", 1)[0] in PARTY_KINDS
        if kind == "body":
            return bool(types) and uri not in self.areas and not uri.startswith(_ID + "membership/")
        return True

    def stands_for(self, uri: str, kind: str) -> set[str]:
        """What an area stands for where a body (or party) or a CSP is wanted."""
        if kind in ("body", "party"):
            return self.governs.get(uri, set())
        if kind == "csp":
            return self.serves.get(uri, set())
        return set()

    def describe(self, uri: str) -> str:
        """``Name (kind/code)`` for messages."""
        short = uri.removeprefix(_ID)
        name = self.names.get(uri)
        return f"{name} ({short})" if name else short

    # ------------------------------------------------------------ resolving
    def resolve(self, value: str, kind: str = "body", *, via_area: bool = True) -> URIRef:
        """The one resource ``value`` names, of the kind wanted (see the module docstring)."""
        return _uri_ref(self.resolve_iri(value, kind, via_area=via_area))

    def resolve_iri(self, value: str, kind: str = "body", *, via_area: bool = True) -> str:
        """:meth:`resolve`, the IRI as a string."""
        if kind not in KINDS:
            raise ValueError(f"unknown kind {kind!r}")
        text = " ".join(str(value).strip().split())
        if not text:
            raise InputError(f"an empty value does not name a {_WORDS[kind]}")
        candidates, what = self._candidates(text)
        if not candidates:
            raise NotFound(f"{what}{self._suggest(text, kind)}")
        fitting = {c for c in candidates if self.fits(c, kind)}
        if not fitting:
            fitting = self._through_areas(candidates, kind, text, via_area)
        if len(fitting) > 1:
            listed = "; ".join(sorted(self.describe(c) for c in fitting))
            raise InputError(f"{text!r} is ambiguous: it names {listed}; give one of these (as kind/code) instead")
        return fitting.pop()

    def _candidates(self, text: str) -> tuple[set[str], str]:
        """The resources a text could name, and how to say that nothing does."""
        if text.startswith(("http://", "https://")):
            found = {text} if text in self.types else set()
            return found, f"{text}: no such resource in the graph"
        m = _PATH.match(text)
        if m and not GSS_CODE.match(text):
            uri = f"{_ID}{m.group(1)}/{m.group(2)}"
            return ({uri} if uri in self.types else set()), f"{text!r}: no such resource in the graph ({uri})"
        key = text.upper()
        if key in self.codes:
            return set(self.codes[key]), ""
        by_name = self.labels.get(_norm(text), set())
        if by_name:
            return set(by_name), ""
        by_tail = self.tails.get(key, set())
        if by_tail:
            return set(by_tail), ""
        if GSS_CODE.match(text):
            return set(), f"no resource has the code {text!r} (it may be an area or body that no longer exists)"
        return set(), f"no resource is called {text!r}"

    def _through_areas(self, candidates: set[str], kind: str, text: str, via_area: bool) -> set[str]:
        """The candidates' areas mapped to what they stand for (or an error that says what to give instead)."""
        mapped = {m for c in candidates for m in self.stands_for(c, kind) if self.fits(m, kind)}
        same_code = {u for u in self.tails.get(text.upper(), set()) if self.fits(u, kind)}
        if via_area and mapped:
            return mapped
        if not via_area and same_code:
            return same_code
        found = " and ".join(sorted(self.describe(c) for c in candidates))
        hint = ""
        if mapped:
            listed = " or ".join(sorted(f"{self.describe(m)}: give {fallback(m)}" for m in mapped))
            hint = f"; the {_WORDS[kind]} for it is {listed}"
        raise InputError(f"{text!r} is not a {_WORDS[kind]}: it names {found}{hint}")

    def _suggest(self, text: str, kind: str) -> str:
        """Close codes or names of resources of the kind wanted, each with the code to give."""
        if GSS_CODE.match(text):
            keys, table, key = list(self.codes), self.codes, text.upper()
        else:
            keys, table, key = list(self.labels), self.labels, _norm(text)
        shown: list[str] = []
        for close in difflib.get_close_matches(key, keys, n=12, cutoff=0.6):
            for uri in sorted(table[close]):
                fitting = [uri] if self.fits(uri, kind) else sorted(self.stands_for(uri, kind))
                shown += [f"{self.names.get(u, fallback(u))} ({fallback(u)})" for u in fitting if self.fits(u, kind)]
        shown = list(dict.fromkeys(shown))[:4]
        return ("; did you mean " + ", ".join(shown) + "?") if shown else ""


_CACHE: weakref.WeakKeyDictionary[GraphStore, tuple[int, Resolver]] = weakref.WeakKeyDictionary()


def resolver(store: GraphStore) -> Resolver:
    """The store's resolver, built once and rebuilt when the store's data changes."""
    size = store.generation
    hit = _CACHE.get(store)
    if hit is None or hit[0] != size:
        hit = (size, Resolver.build(store))
        _CACHE[store] = hit
    return hit[1]


def remember(store: GraphStore, index: Resolver) -> None:
    """Take ``index`` as the store's resolver for its current data (one built from the same dataset version)."""
    _CACHE[store] = (store.generation, index)


def lookup(store: GraphStore, value: str, kind: str = "body") -> URIRef | None:
    """:func:`lookup_iri` as an rdflib term."""
    found = lookup_iri(store, value, kind)
    return None if found is None else _uri_ref(found)


def lookup_iri(store: GraphStore, value: str, kind: str = "body") -> str | None:
    """The resource a code, URI or ``kind/code`` names, found on the store's indexes without building the index.

    A code is looked up with one bound query (``queries/internal/resolver-code.rq``), a URI by its types. This
    answers only where the value names exactly one resource of the kind wanted; otherwise (a name, an area that
    stands for a body, an ambiguous or unknown value) it returns None and the caller asks the whole index, which
    gives the same answer or the error that says what to fix.
    """
    text = " ".join(str(value).strip().split())
    if not text or kind not in KINDS:
        return None
    m = _PATH.match(text)
    index = Resolver()
    if text.startswith(("http://", "https://")) or (m and not GSS_CODE.match(text)):
        uri = text if text.startswith(("http://", "https://")) else f"{_ID}{m.group(1)}/{m.group(2)}"  # type: ignore[union-attr]
        if not uri.startswith(_ID):
            return None
        types = {str(q.object.value) for q in store.match(ox.NamedNode(uri), ox.NamedNode(iris.RDF_TYPE), None)}
        if types:
            index.types[uri] = types
    else:
        code = text.upper()
        geo = ox.NamedNode(iris.STATGEO + quote(code, safe=""))  # never a real area's IRI when the text is not a code
        found = store.select_terms(resources.internal_query("resolver-code"), {"key": ox.Literal(code), "geo": geo})
        for uri_term, typ, *_ in found:
            index.types.setdefault(uri_term.value, set()).add(typ.value)
    if not index.types:
        return None
    area_classes = {c.value for (c,) in store.select_terms(resources.internal_query("area-classes"))}
    index.areas = {u for u, types in index.types.items() if types & area_classes}
    fitting = [u for u in index.types if index.fits(u, kind)]
    return fitting[0] if len(fitting) == 1 else None


def resolve(store: GraphStore, value: str, kind: str = "body", *, via_area: bool = True) -> URIRef:
    """The one resource of the kind wanted that ``value`` names in ``store`` (see the module docstring).

    Where the store's index is not built yet, a code or URI is first looked up on the store's own indexes
    (:func:`lookup`), so that a command resolving one code does not index every resource.
    """
    return _uri_ref(resolve_iri(store, value, kind, via_area=via_area))


def resolve_iri(store: GraphStore, value: str, kind: str = "body", *, via_area: bool = True) -> str:
    """:func:`resolve`, the IRI as a string (no rdflib term is made: the command line's query path)."""
    hit = _CACHE.get(store)
    if hit is None or hit[0] != store.generation:
        found = lookup_iri(store, value, kind)
        if found is not None:
            return found
    return resolver(store).resolve_iri(value, kind, via_area=via_area)


def resolve_many(
    store: GraphStore, values: Iterable[str], kind: str = "body", *, via_area: bool = True
) -> list[URIRef]:
    """Each value resolved, in order, each resource once."""
    out: list[URIRef] = []
    for v in values:
        uri = resolve(store, v, kind, via_area=via_area)
        if uri not in out:
            out.append(uri)
    return out


def split_values(text: str) -> list[str]:
    """The values of a form field or file: one per line, so that names may hold spaces and commas; a line of
    codes only (``E22000027 E22000029``) gives each code; ``#`` after a space starts a comment.

    >>> split_values("Durham County Council\\n  E23000008  # the PCC\\nE22000027, E22000029\\n")
    ['Durham County Council', 'E23000008', 'E22000027', 'E22000029']
    """
    out = []
    for line in text.splitlines():
        value = _COMMENT.split(line, maxsplit=1)[0].strip()
        tokens = [t for t in _SEPARATORS.split(value) if t]
        if len(tokens) > 1 and all(GSS_CODE.match(t) or _PATH.match(t) for t in tokens):
            out.extend(tokens)
        elif value:
            out.append(value)
    return out
