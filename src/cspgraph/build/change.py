"""Change events: the successions of the landscape, each an ``org:ChangeEvent`` with its date, status, source and
confidence, the instrument that made it where one is known, the organisations (or areas) it ended and created, and
``dcterms:replaces`` between a body and its predecessor.

Event URIs are ``id/change/<date>/<slug>``; parts of the build that see different sides of one change (the
local policing body and the fire and rescue authority of a new PFCC) add to the same event.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import NamedTuple

from rdflib import RDF, RDFS, URIRef
from rdflib.namespace import DCTERMS, ORG

from cspgraph.build.graph import GraphBuilder
from cspgraph.namespaces import CONFIDENCE, CSPG, ID, STATUS

IN_FORCE, ENACTED, ANNOUNCED, PROPOSED = "in-force", "enacted", "announced", "proposed"


def source(slug: str) -> URIRef:
    """The URI of a source described in data/metadata.ttl.

    Examples:
        >>> str(source("timeline")).rsplit("/", 2)[-2:]
        ['source', 'timeline']
    """
    return ID[f"source/{slug}"]


class Change(NamedTuple):
    """What the sources say of one change.

    Attributes:
        when: its date (``YYYY-MM-DD``; see ``date_note`` where the source gives less than a day).
        slug: its name under ``id/change/<when>/``.
        label: what changed, in a sentence.
        status: one of in-force, enacted, announced, proposed.
        confidence: the confidence tag of its date and content.
        sources: the slugs of the sources that give it (``id/source/<slug>``).
        instrument: the legislation.gov.uk URI of the instrument that made it, where known.
        date_note: how precisely the sources give the date, where they give less than a day.
        comment: what else the sources say, or do not say.
    """

    when: str
    slug: str
    label: str
    status: str
    confidence: str
    sources: tuple[str, ...]
    instrument: str | None = None
    date_note: str | None = None
    comment: str | None = None


def event(gb: GraphBuilder, c: Change) -> URIRef:
    """The change event for ``c``, written once; a later call with the same date and slug adds its sources,
    instrument and comment to the same event."""
    e = ID[f"change/{c.when}/{c.slug}"]
    if not gb.has(e, ORG.ChangeEvent):
        gb.add(e, RDF.type, ORG.ChangeEvent)
        gb.note(e, RDFS.label, c.label)
        gb.date(e, DCTERMS.date, c.when)
        gb.add(e, CSPG.changeStatus, STATUS[c.status])
        gb.add(e, CSPG.confidence, CONFIDENCE[c.confidence])
        if c.date_note:
            gb.note(e, CSPG.dateNote, c.date_note)
    for s in c.sources:
        gb.add(e, DCTERMS.source, source(s))
    if c.instrument:
        gb.add(e, CSPG.instrument, URIRef(c.instrument))
    if c.comment:
        gb.note(e, RDFS.comment, c.comment)
    return e


def ends(gb: GraphBuilder, e: URIRef, bodies: Iterable[URIRef], area: bool = False) -> None:
    """The bodies (or areas) the change ended."""
    for b in bodies:
        if area:
            gb.add(e, CSPG.originalArea, b)
        else:
            gb.add(e, ORG.originalOrganization, b)
            gb.add(b, ORG.changedBy, e)


def starts(gb: GraphBuilder, e: URIRef, bodies: Iterable[URIRef], area: bool = False) -> None:
    """The bodies (or areas) the change created."""
    for b in bodies:
        if area:
            gb.add(e, CSPG.resultingArea, b)
        else:
            gb.add(e, ORG.resultingOrganization, b)
            gb.add(b, ORG.resultedFrom, e)


def replaces(gb: GraphBuilder, new: URIRef, old: URIRef) -> None:
    """``new`` replaced ``old`` (dcterms:replaces, and dcterms:isReplacedBy back)."""
    gb.add(new, DCTERMS.replaces, old)
    gb.add(old, DCTERMS.isReplacedBy, new)


def succession(gb: GraphBuilder, c: Change, old: Iterable[URIRef], new: Iterable[URIRef], area: bool = False) -> URIRef:
    """A change that ended ``old`` and created ``new``, each new one replacing each old one."""
    old, new = list(old), list(new)
    e = event(gb, c)
    ends(gb, e, old, area)
    starts(gb, e, new, area)
    for n in new:
        for o in old:
            replaces(gb, n, o)
    return e
