"""Content negotiation: the Accept header with q-values, and the ``?format=`` override."""

from __future__ import annotations

from collections.abc import Sequence

from cspgraph import rdfio

#: the RDF formats a resource document is offered in (key -> media types; the first is the one sent)
RDF_FORMATS: dict[str, tuple[str, ...]] = rdfio.offers(("ttl", "jsonld", "rdf", "nt"))
PAGE_FORMATS: dict[str, tuple[str, ...]] = {"html": ("text/html", "application/xhtml+xml"), **RDF_FORMATS}


def media_type(fmt: str) -> str:
    return PAGE_FORMATS[fmt][0]


def parse_accept(header: str | None) -> list[tuple[str, float, int]]:
    """(media range, q, position) for each entry of an Accept header; malformed parts are skipped."""
    out = []
    for i, part in enumerate((header or "").split(",")):
        bits = [b.strip() for b in part.split(";")]
        mr = bits[0].lower()
        if "/" not in mr:
            continue
        q = 1.0
        for b in bits[1:]:
            if b.lower().startswith("q="):
                try:
                    q = max(0.0, min(1.0, float(b[2:])))
                except ValueError:
                    q = 0.0
        out.append((mr, q, i))
    return out


def _match(mr: str, mt: str) -> int:
    """How specifically a media range matches a media type: 3 exact, 2 type/*, 1 */*, 0 no match."""
    if mr == mt:
        return 3
    t, _, s = mr.partition("/")
    if s == "*" and t == mt.split("/")[0]:
        return 2
    if mr == "*/*":
        return 1
    return 0


def negotiate(header: str | None, offers: dict[str, tuple[str, ...]], default: str) -> str | None:
    """The format key to send for an Accept header, or None when nothing offered is acceptable (406).

    Each media type offered takes the q of the most specific range matching it; ties go to the order of the
    client's list, then to the order of ``offers``. A missing or empty header gets ``default``.
    """
    ranges = parse_accept(header)
    if not ranges:
        return default
    best: tuple[float, int, int, int] | None = None
    choice = None
    for k, (key, types) in enumerate(offers.items()):
        for j, mt in enumerate(types):
            spec, q, pos = 0, 0.0, 0
            for mr, rq, rpos in ranges:
                m = _match(mr, mt)
                if m > spec:
                    spec, q, pos = m, rq, rpos
            if spec == 0 or q <= 0:
                continue
            # a wildcard match is worth less than a named one at the same q; secondary types count less
            score = (q, 1 if spec == 3 else 0, -pos if spec == 3 else -1000, -(k * 10 + j))
            if best is None or score > best:
                best, choice = score, key
    return choice


def format_override(value: str | None, allowed: Sequence[str]) -> str | None:
    """The format key for ``?format=`` (a key, an alias or a media type); None when absent or not allowed."""
    if not value:
        return None
    v = value.strip().lower()
    if v in allowed:
        return v
    if "html" in allowed and v in PAGE_FORMATS["html"]:
        return "html"
    return rdfio.format_key(v, [k for k in allowed if k != "html"])
