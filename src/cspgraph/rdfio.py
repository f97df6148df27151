"""The one table of formats, and the one place that writes them.

RDF formats (Turtle, N-Triples, N-Quads, TriG, RDF/XML, JSON-LD): their key, file suffixes, media types, and the
Oxigraph and rdflib names; used by loading, ``cspgraph export``, the dumps, content negotiation and the SPARQL
endpoint. SPARQL results formats (JSON, XML, CSV, TSV) likewise. RDF is written by pyoxigraph's serialisers;
SELECT results by :func:`serialize_select` (the rows are counted as they are written, which the library's
serialiser cannot do; the tests read every format back with pyoxigraph's results parser).

Examples:
    >>> rdf_format("text/turtle").key, rdf_format(".nq").oxigraph
    ('ttl', <RdfFormat N-Quads>)
    >>> format_key("json", ("ttl", "jsonld")), format_key("json", ("json", "jsonld"))
    ('jsonld', 'json')
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from cspgraph.errors import InputError, LoadError

__all__ = [
    "RDF_FORMATS",
    "RESULTS_FORMATS",
    "Format",
    "format_key",
    "offers",
    "rdf_format",
    "rdf_format_for_path",
    "serialize",
    "serialize_boolean",
    "serialize_select",
]

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


@dataclass(frozen=True)
class Format:
    """One format: its key (``ttl``), name, file suffixes, media types (the first is the one sent) and engines' names."""

    key: str
    name: str
    suffixes: tuple[str, ...]
    media_types: tuple[str, ...]
    oxigraph: Any = None  # pyoxigraph.RdfFormat or QueryResultsFormat
    rdflib: str = ""
    quads: bool = False

    @property
    def media_type(self) -> str:
        return self.media_types[0]

    @property
    def suffix(self) -> str:
        return self.suffixes[0]


RDF_FORMATS: dict[str, Format] = {
    f.key: f
    for f in (
        Format("ttl", "Turtle", (".ttl",), ("text/turtle", "application/x-turtle"), ox.RdfFormat.TURTLE, "turtle"),
        Format(
            "jsonld",
            "JSON-LD",
            (".jsonld",),
            ("application/ld+json", "application/json"),
            ox.RdfFormat.JSON_LD,
            "json-ld",
        ),
        Format(
            "rdf",
            "RDF/XML",
            (".rdf", ".xml"),
            ("application/rdf+xml", "application/xml", "text/xml"),
            ox.RdfFormat.RDF_XML,
            "xml",
        ),
        Format("nt", "N-Triples", (".nt",), ("application/n-triples", "text/plain"), ox.RdfFormat.N_TRIPLES, "nt"),
        Format("nq", "N-Quads", (".nq",), ("application/n-quads",), ox.RdfFormat.N_QUADS, "nquads", True),
        Format("trig", "TriG", (".trig",), ("application/trig",), ox.RdfFormat.TRIG, "trig", True),
    )
}
RESULTS_FORMATS: dict[str, Format] = {
    f.key: f
    for f in (
        Format(
            "json",
            "SPARQL JSON",
            (".srj", ".json"),
            ("application/sparql-results+json", "application/json"),
            ox.QueryResultsFormat.JSON,
        ),
        Format(
            "xml",
            "SPARQL XML",
            (".srx", ".xml"),
            ("application/sparql-results+xml", "application/xml", "text/xml"),
            ox.QueryResultsFormat.XML,
        ),
        Format("csv", "CSV", (".csv",), ("text/csv",), ox.QueryResultsFormat.CSV),
        Format("tsv", "TSV", (".tsv",), ("text/tab-separated-values",), ox.QueryResultsFormat.TSV),
    )
}
_ALIASES: dict[str, tuple[str, ...]] = {
    "turtle": ("ttl",),
    "json-ld": ("jsonld",),
    "rdfxml": ("rdf",),
    "rdf/xml": ("rdf",),
    "ntriples": ("nt",),
    "n-triples": ("nt",),
    "nquads": ("nq",),
    "n-quads": ("nq",),
    "json": ("json", "jsonld"),
    "xml": ("xml", "rdf"),
}
_ALL = {**RDF_FORMATS, **RESULTS_FORMATS}


def format_key(value: str | None, allowed: Sequence[str]) -> str | None:
    """The key among ``allowed`` that ``value`` names (a key, an alias or a media type), or None.

    Keys come first, then aliases (``json`` is SPARQL JSON where results are allowed, else JSON-LD), then media
    types in the order of ``allowed``.
    """
    if not value:
        return None
    v = value.strip().lower()
    if v in allowed:
        return v
    for k in _ALIASES.get(v, ()):
        if k in allowed:
            return k
    for k in allowed:
        f = _ALL.get(k)
        if f is not None and v in f.media_types:
            return k
    return None


def offers(keys: Iterable[str]) -> dict[str, tuple[str, ...]]:
    """``{key: media types}`` for content negotiation over the given keys."""
    return {k: _ALL[k].media_types for k in keys}


def rdf_format(value: str) -> Format:
    """The RDF format named by a key, alias, media type or file suffix (``.ttl``); InputError otherwise."""
    v = value.strip().lower()
    for f in RDF_FORMATS.values():
        if v in f.suffixes:
            return f
    key = format_key(v, tuple(RDF_FORMATS))
    if key is None:
        raise InputError(f"unknown RDF format {value!r}: use {', '.join(RDF_FORMATS)}")
    return RDF_FORMATS[key]


def rdf_format_for_path(path: Path) -> Format:
    """The RDF format of a file, from its suffix; LoadError naming the file when the suffix is not an RDF one."""
    suffix = path.suffix.lower()
    for f in RDF_FORMATS.values():
        if suffix in f.suffixes:
            return f
    known = ", ".join(s for f in RDF_FORMATS.values() for s in f.suffixes)
    raise LoadError(str(path), f"unknown RDF file extension {path.suffix!r} (use {known})")


def serialize(items: Iterable[Any], key: str, prefixes: dict[str, str] | None = None) -> bytes:
    """Quads or triples (pyoxigraph terms) in an RDF format; triple formats merge the graphs (each triple once).

    With ``prefixes``, Turtle and TriG use them, and JSON-LD is ``{"@context": prefixes, "@graph": [...]}``.
    """
    fmt = rdf_format(key)
    if not fmt.quads:
        items = list(dict.fromkeys(ox.Triple(q.subject, q.predicate, q.object) for q in items))
    elif not isinstance(items, list):
        items = list(items)
    if fmt.key == "jsonld" and prefixes:
        return jsonld_text(items, prefixes).encode()
    if prefixes and fmt.key in ("ttl", "trig"):
        out = ox.serialize(items, format=fmt.oxigraph, prefixes=prefixes)
    else:
        out = ox.serialize(items, format=fmt.oxigraph)
    assert out is not None  # no output file was given
    return out


def jsonld_text(triples: Iterable[Any], prefixes: dict[str, str]) -> str:
    """Triples (pyoxigraph terms, each once) as expanded JSON-LD with the prefixes as its context:
    ``{"@context": prefixes, "@graph": [...]}``, the graph as Oxigraph writes it (not parsed again)."""
    items = triples if isinstance(triples, list) else list(triples)
    graph = (ox.serialize(items, format=RDF_FORMATS["jsonld"].oxigraph) or b"[]").decode()
    return f'{{"@context": {json.dumps(prefixes, ensure_ascii=False)}, "@graph": {graph}}}'


# ----------------------------------------------------------------- SPARQL results
def _json_term(t: Any) -> dict[str, str]:
    if isinstance(t, ox.NamedNode):
        return {"type": "uri", "value": t.value}
    if isinstance(t, ox.BlankNode):
        return {"type": "bnode", "value": t.value}
    d = {"type": "literal", "value": t.value}
    if t.language:
        d["xml:lang"] = t.language
    elif t.datatype.value != XSD_STRING:
        d["datatype"] = t.datatype.value
    return d


def _xml_term(t: Any) -> str:
    from xml.sax.saxutils import escape as xml_escape  # here: it loads urllib.request, which nothing else needs
    from xml.sax.saxutils import quoteattr

    if isinstance(t, ox.NamedNode):
        return f"<uri>{xml_escape(t.value)}</uri>"
    if isinstance(t, ox.BlankNode):
        return f"<bnode>{xml_escape(t.value)}</bnode>"
    if t.language:
        return f"<literal xml:lang={quoteattr(t.language)}>{xml_escape(t.value)}</literal>"
    if t.datatype.value != XSD_STRING:
        return f"<literal datatype={quoteattr(t.datatype.value)}>{xml_escape(t.value)}</literal>"
    return f"<literal>{xml_escape(t.value)}</literal>"


def _csv_value(t: Any) -> str:
    if t is None:
        return ""
    return f"_:{t.value}" if isinstance(t, ox.BlankNode) else t.value


def serialize_select(
    variables: Sequence[str], rows: Iterable[Sequence[Any]], key: str, *, indent: int | None = None
) -> bytes:
    """A SELECT answer (rows of pyoxigraph terms, None where unbound) as SPARQL JSON (``indent`` for people),
    XML, CSV or TSV."""
    if key == "json":
        bindings = [{v: _json_term(t) for v, t in zip(variables, row, strict=True) if t is not None} for row in rows]
        doc = {"head": {"vars": list(variables)}, "results": {"bindings": bindings}}
        return json.dumps(doc, indent=indent).encode()
    if key == "xml":
        from xml.sax.saxutils import quoteattr

        out = io.StringIO()
        out.write('<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">\n<head>')
        out.write("".join(f"<variable name={quoteattr(v)}/>" for v in variables))
        out.write("</head>\n<results>\n")
        for row in rows:
            cells = (
                f"<binding name={quoteattr(v)}>{_xml_term(t)}</binding>"
                for v, t in zip(variables, row, strict=True)
                if t is not None
            )
            out.write("<result>" + "".join(cells) + "</result>\n")
        out.write("</results>\n</sparql>\n")
        return out.getvalue().encode()
    if key == "csv":
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\r\n")
        writer.writerow(variables)
        writer.writerows([_csv_value(t) for t in row] for row in rows)
        return buf.getvalue().encode()
    if key == "tsv":
        lines = ["\t".join("?" + v for v in variables)]
        lines += ["\t".join("" if t is None else str(t) for t in row) for row in rows]
        return ("\n".join(lines) + "\n").encode()
    raise InputError(f"unknown results format {key!r}: use {', '.join(RESULTS_FORMATS)}")


def serialize_boolean(value: bool, key: str) -> tuple[str, bytes]:
    """An ASK answer: SPARQL JSON or XML (CSV and TSV define no boolean form, so those get JSON)."""
    if key == "xml":
        body = (
            '<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#"><head/>'
            f"<boolean>{'true' if value else 'false'}</boolean></sparql>\n"
        )
        return RESULTS_FORMATS["xml"].media_type, body.encode()
    return RESULTS_FORMATS["json"].media_type, json.dumps({"head": {}, "boolean": value}).encode()
