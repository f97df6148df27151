"""From a SHACL report graph to typed results: names and codes of the bodies, the rule, its law and its fix."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import pyoxigraph as ox
from rdflib import BNode, Graph, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, SKOS

from cspgraph import labels, resources
from cspgraph.namespaces import ID, SH
from cspgraph.stores import to_ox
from cspgraph.validate.data import Data, query
from cspgraph.validate.report import SEVERITY_ORDER, Severity, ValidationResult

__all__ = ["path_string", "results"]

_CODES = (str(DCTERMS.identifier), str(SKOS.notation))
_STANDARD = {SH.Violation, SH.Warning, SH.Info}


def path_string(g: Graph, path: Any) -> str | None:
    """A result path as a string: the IRI, ``^IRI`` for an inverse path, else the node."""
    if path is None:
        return None
    if isinstance(path, URIRef):
        return str(path)
    inv = g.value(path, SH.inversePath)
    return f"^{inv}" if inv is not None else str(path)


def _describe(d: Data, nodes: Iterable[Any]) -> dict[Any, tuple[str | None, str | None]]:
    """The display name (by :mod:`cspgraph.labels`) and code of each node."""
    text = resources.internal_query("validate-names")
    out = {}
    for n in nodes:
        if not isinstance(n, URIRef | BNode):
            continue
        cands = [
            (sol["p"].value, sol["o"])
            for sol in query(d.store, text, default_graph=d.default_graph, substitutions={ox.Variable("n"): to_ox(n)})
        ]
        codes = sorted(str(o.value) for p, o in cands if p == _CODES[0] and isinstance(o, ox.Literal))
        codes = codes or sorted(str(o.value) for p, o in cands if p == _CODES[1] and isinstance(o, ox.Literal))
        out[n] = (labels.pick(cands), codes[0] if codes else None)
    return out


def _text(v: Any) -> str | None:
    return str(v) if v is not None else None


def results(d: Data, report: Graph, sg: Graph) -> list[ValidationResult]:
    """The results of a report graph, annotated from the data and the shapes, in a stable order."""
    rows = list(report.subjects(RDF.type, SH.ValidationResult))
    nodes = {x for r in rows for x in (report.value(r, SH.focusNode), report.value(r, SH.value)) if x is not None}
    described = _describe(d, nodes)
    out = []
    for r in rows:
        focus, shape, value = report.value(r, SH.focusNode), report.value(r, SH.sourceShape), report.value(r, SH.value)
        see_also = sorted(str(x) for x in sg.objects(shape, RDFS.seeAlso))
        legislation = sg.value(shape, DCTERMS.source)
        severity = report.value(r, SH.resultSeverity)
        out.append(
            ValidationResult(
                focus_node=str(focus),
                focus_label=described.get(focus, (None, None))[0],
                focus_code=described.get(focus, (None, None))[1],
                source_shape=str(shape),
                severity=Severity.from_iri(severity),
                message=" ".join(sorted(str(m) for m in report.objects(r, SH.resultMessage))),
                rule=_text(sg.value(shape, RDFS.label)),
                provision=_text(sg.value(shape, DCTERMS.bibliographicCitation)),
                provision_uri=_text(legislation),
                provision_node=next((x for x in see_also if x.startswith(str(ID["provision/"]))), None),
                fix=_text(sg.value(shape, SKOS.editorialNote)),
                path=path_string(report, report.value(r, SH.resultPath)),
                value=_text(value),
                value_label=described.get(value, (None, None))[0] if value is not None else None,
                constraint_component=str(report.value(r, SH.sourceConstraintComponent)),
                severity_iri=None if severity in _STANDARD else _text(severity),
            )
        )
    out.sort(key=lambda x: (x.focus_node, SEVERITY_ORDER[x.severity], x.source_shape, x.value or "", x.message))
    return out
