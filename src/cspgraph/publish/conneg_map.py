"""Content negotiation for nginx: ``map $http_accept`` blocks that choose the format the app would choose.

nginx cannot weigh q-values, so each map has two parts:

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
