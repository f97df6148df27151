"""Content negotiation for nginx: ``map`` blocks that choose the format the app would choose, from ``?format=``
(:func:`format_map`) or else from the Accept header (:func:`accept_map`), combined by :func:`chosen_map`.

nginx cannot weigh q-values, so each Accept map has two parts:

1. exact Accept headers (those of common browsers and linked-data clients, each offered media type alone and with
   a ``*/*`` fallback, and a few that nothing offered satisfies), each mapped to the answer of the app's own
   :func:`cspgraph.api.conneg.negotiate` — identical to the app by construction;
2. for any other header, regular expressions tried in order: the header's first media range when it is one the app
   offers, then any offered media range it names (in the app's order of offers), then the wildcards ``*/*``,
   ``type/*``. These ignore q-values: ``text/turtle;q=0.1, application/ld+json`` gets Turtle from nginx and JSON-LD
   from the app, and a range with ``q=0`` still counts. A header none of them matches gets 406, as in the app.
"""

from __future__ import annotations

import re

from cspgraph import rdfio
from cspgraph.api import conneg

#: Accept headers sent as they are by common clients (browsers' navigation, curl, RDF libraries' usual asks)
COMMON_ACCEPT: tuple[str, ...] = (
    "*/*",
    "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
    "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8",
    "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,image/apng,*/*;q=0.8,"
    "application/signed-exchange;v=b3;q=0.7",
    "text/html,application/xhtml+xml,application/xml;q=0.9,image/webp,*/*;q=0.8",
    "application/json",
    "application/json, text/plain, */*",
    "text/plain",
    "application/xml",
    "text/*",
    "application/*",
    "image/png",
    "application/pdf",
    "text/csv",
)


#: put before the header in the map's source: nginx looks up an empty source only as the default, and a missing or
#: empty Accept header must get the app's default format, not the 406 of an unknown one
PREFIX = "accept:"


def _quote(s: str) -> str:
    """A string as an nginx quoted token."""
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def exact_headers(offers: dict[str, tuple[str, ...]]) -> list[str]:
    """The Accept headers the map lists as they are: the common ones and each offered media type alone, with
    ``*/*;q=0.1`` after it, and with a ``q`` below a wildcard."""
    found = list(COMMON_ACCEPT)
    for types in offers.values():
        for mt in types:
            found += [mt, f"{mt}, */*;q=0.1", f"{mt};q=0.9, */*;q=0.1", f"{mt};q=0.5, */*"]
    return list(dict.fromkeys(found))


def fallback_rules(offers: dict[str, tuple[str, ...]], default: str) -> list[tuple[str, str]]:
    """(regular expression, format) pairs for headers not listed exactly, tried in order."""
    rules: list[tuple[str, str]] = [(rf"^{PREFIX}\s*$", default)]
    named = [(key, mt) for key, types in offers.items() for mt in types]
    for key, mt in named:
        rules.append((rf"^{PREFIX}\s*{re.escape(mt)}\s*(;|,|$)", key))
    for key, mt in named:
        rules.append((rf"(^{PREFIX}|,)\s*{re.escape(mt)}\s*(;|,|$)", key))
    wildcards = ["*/*"] + list(dict.fromkeys(f"{mt.split('/')[0]}/*" for _, mt in named))
    for wildcard in wildcards:
        chosen = conneg.negotiate(wildcard, offers, default)
        if chosen:
            rules.append((rf"(^{PREFIX}|,)\s*{re.escape(wildcard)}\s*(;|,|$)", chosen))
    return rules


def accept_map(variable: str, offers: dict[str, tuple[str, ...]], default: str) -> str:
    """An nginx ``map "accept:$http_accept" $variable`` choosing among ``offers`` ("" when nothing is acceptable: 406)."""
    lines = [f'map "{PREFIX}$http_accept" ${variable} {{', '    default "";']
    for header in exact_headers(offers):
        chosen = conneg.negotiate(header, offers, default)
        lines.append(f"    {_quote(PREFIX + header)} {_quote(chosen or '')};")
    for regex, key in fallback_rules(offers, default):
        lines.append(f"    {_quote('~*' + regex)} {key};")
    lines.append("}")
    return "\n".join(lines) + "\n"


def format_map(variable: str) -> str:
    """``map $arg_format $variable``: the format a ``?format=`` names, as the app reads it ("" when it names none).

    The names are the app's own (each format's key, name, suffix and media types, read by
    :func:`cspgraph.api.conneg.format_override`), in any case, with ``/`` and ``+`` written as they are or as
    ``%2F`` and ``%2B``.
    """
    names = set(conneg.PAGE_FORMATS) | set(conneg.PAGE_FORMATS["html"])
    for f in rdfio.RDF_FORMATS.values():
        names |= {f.key, f.name.lower(), *(s.lstrip(".") for s in f.suffixes), *f.media_types}
    lines = [f"map $arg_format ${variable} {{", '    default "";']
    for name in sorted(names):
        key = conneg.format_override(name, list(conneg.PAGE_FORMATS))
        if key:
            pattern = re.escape(name).replace("/", "(?:/|%2F)").replace("\\+", "%2B")
            lines.append(f"    {_quote('~*^' + pattern + '$')} {key};")
    lines.append("}")
    return "\n".join(lines) + "\n"


def chosen_map(variable: str, override: str, negotiated: str) -> str:
    """``map`` of ``$variable``: the ``?format=`` override when there is one, else the negotiated format."""
    return (
        f'map "${override}|${negotiated}" ${variable} {{\n'
        '    default "";\n'
        '    "~^([a-z]+)\\|" $1;\n'
        '    "~^\\|(.*)$" $1;\n'
        "}\n"
    )
