"""The nginx configuration that serves a published tree the way the app serves it.

Three files in ``nginx/`` beside the tree's ``site/``:

* ``http.conf`` (include in ``http {}``): the content negotiation maps (:mod:`cspgraph.publish.conneg_map`), the
  per-file ETags the app sent, and the test of ``If-None-Match``;
* ``server.conf`` (include in a ``server {}``): read-only locations for the 303s from ``/id/``, ``/def/`` and
  ``/graph/``, the documents (``/doc/...``, negotiated or one format), the VoID description, the other pages, the
  dumps and the static assets, each with the app's Content-Type, Cache-Control, Vary, Content-Location,
  Content-Disposition, ETag, Last-Modified (the file's time, set from the app's) and security headers;
  anything else is 404;
* ``nginx.conf``: a complete configuration listening on one address, to run as
  ``nginx -p PREFIX -c nginx/nginx.conf -g 'daemon off;'``.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from cspgraph.api import conneg
from cspgraph.api.limits import SECURITY_HEADERS
from cspgraph.publish.conneg_map import _quote, accept_map, chosen_map, format_map
from cspgraph.publish.render import Copied

#: headers nginx makes itself (from the file and the types table) or that the config sets in one place
OWN_HEADERS = frozenset(
    {"content-type", "etag", "last-modified", "accept-ranges", "access-control-allow-origin"}
    | {"access-control-expose-headers"}
    | {k.decode() for k, _ in SECURITY_HEADERS}
)
SAFE_PATH = "[A-Za-z0-9._~/-]*"
SEGMENT = "[A-Za-z0-9_~-][A-Za-z0-9._~-]*"
#: nginx sends a file's Last-Modified and has no directive to drop it; a sub_filter drops it (and changes nothing
#: else) for the pages the app sends without one, with this pattern, which the publisher checks none of them holds
NO_LAST_MODIFIED = "cspgraph:no-last-modified:7c1e5d"


@dataclass(frozen=True)
class Site:
    """What the configuration needs to know: the tree's root, the copied pages, the app's settings."""

    root: str
    copied: list[Copied]
    base_uri: str
    cache_max_age: int
    cors_expose: tuple[str, ...] = ()


def _security(always: bool = True) -> list[str]:
    """The app's security headers, and its CORS headers when the request has an Origin (empty values are not sent)."""
    tail = " always;" if always else ";"
    lines = [f"add_header {k.decode().title()} {_quote(v.decode())}{tail}" for k, v in SECURITY_HEADERS]
    lines.append(f"add_header Access-Control-Allow-Origin $cspgraph_cors_origin{tail}")
    return [*lines, f"add_header Access-Control-Expose-Headers $cspgraph_cors_expose{tail}"]


def _problem(status: int, title: str, detail: str, instance: str = "$uri") -> str:
    """An nginx ``return`` of the app's problem document (the JSON the app writes, with nginx variables in it)."""
    body = json.dumps(
        {"type": "about:blank", "title": title, "status": status, "detail": detail, "instance": "@instance@"},
        ensure_ascii=False,
        separators=(",", ":"),
    ).replace("@instance@", instance)
    return f"return {status} '{body}';"


def _block(head: str, lines: Iterable[str]) -> list[str]:
    return [f"{head} {{", *(f"    {line}" for line in lines), "}"]


def _types(copied: list[Copied]) -> list[str]:
    """A ``types`` block, ``default_type`` and ``charset_types`` giving each file the Content-Type the app sent."""
    by_ext: dict[str, str] = {}
    default = ""
    with_charset = set()
    for c in copied:
        mime, _, params = c.content_type.partition(";")
        if "charset=utf-8" in params.replace(" ", "").lower():
            with_charset.add(mime)
        name = c.page.file.rsplit("/", 1)[-1]
        if "." in name:
            by_ext.setdefault(name.rsplit(".", 1)[1], mime)
        else:
            default = mime
    out = ["types {", *(f"    {mime} {ext};" for ext, mime in sorted(by_ext.items())), "}"]
    out.append(f"default_type {_quote(default)};")
    if with_charset:  # text/html is always among nginx's charset types
        others = sorted(with_charset - {"text/html"})
        out += ["charset utf-8;", *([f"charset_types {' '.join(others)};"] if others else [])]
    else:
        out.append("charset off;")
    return out


def _one_type(c: Copied) -> tuple[str, list[str]]:
    """The media type of one file, and the charset lines that make nginx send the app's Content-Type for it."""
    mime, _, params = c.content_type.partition(";")
    if "utf-8" not in params.lower():
        return mime, ["charset off;"]
    return mime, ["charset utf-8;"] + ([] if mime == "text/html" else [f"charset_types {mime};"])


def _extra_headers(copied: list[Copied]) -> list[str]:
    """``add_header`` lines for the headers the app sent (other than nginx's own), the same on every file given."""
    first = {k: v for k, v in copied[0].headers.items() if k not in OWN_HEADERS}
    for c in copied[1:]:
        other = {k: v for k, v in c.headers.items() if k not in OWN_HEADERS}
        if other != first:
            raise ValueError(f"{c.page.url} has headers {other}, unlike {copied[0].page.url} ({first})")
    return [f"add_header {k.title()} {_quote(v)};" for k, v in sorted(first.items())]


def http_conf(site: Site) -> str:
    """The ``http {}`` part: negotiation maps, ETags and the conditional-request test."""
    void_offers = {**conneg.RDF_FORMATS, "html": conneg.PAGE_FORMATS["html"]}
    parts = [
        "# cspgraph static site: include inside http {} (generated by cspgraph publish)",
        "map_hash_bucket_size 256;",
        "map_hash_max_size 1048576;",
        accept_map("cspgraph_accept_fmt", conneg.PAGE_FORMATS, "html"),
        accept_map("cspgraph_void_accept_fmt", void_offers, "ttl"),
        format_map("cspgraph_format"),
        chosen_map("cspgraph_fmt", "cspgraph_format", "cspgraph_accept_fmt"),
        chosen_map("cspgraph_void_fmt", "cspgraph_format", "cspgraph_void_accept_fmt"),
        "map $cspgraph_fmt $cspgraph_ext {",
        '    default "";',
        *(f"    {k} .{k};" for k in conneg.RDF_FORMATS),
        "}",
        "# 1 when If-None-Match names the ETag of the file served (the app compares the same way)",
        'map "$http_if_none_match|$cspgraph_etag" $cspgraph_not_modified {',
        "    volatile;",
        "    default 0;",
        '    "~^(?:W/)?(\\"[0-9a-f]+\\")\\|\\1$" 1;',
        "}",
        "# CORS as the app: any origin may read, and these headers, when the request says where it comes from",
        'map "origin:$http_origin" $cspgraph_cors_origin {',
        '    default "*";',
        '    "origin:" "";',
        "}",
        'map "origin:$http_origin" $cspgraph_cors_expose {',
        f"    default {_quote(', '.join(site.cors_expose))};",
        '    "origin:" "";',
        "}",
        "include etags.map;",
    ]
    return "\n".join(parts) + "\n"


def etags_map(site: Site) -> str:
    """``map $uri $cspgraph_etag``: the ETag the app sent for each file.

    nginx looks up a map's strings ignoring case, so paths that differ only in case (``def/ChangeStatus``, the
    class, and ``def/changeStatus``, the property) are matched by case-sensitive regular expressions instead.
    """
    tagged = [("/" + c.page.file, c.headers["etag"]) for c in site.copied if c.headers.get("etag")]
    folded = Counter(path.lower() for path, _ in tagged)
    lines = ["map $uri $cspgraph_etag {", "    volatile;", '    default "";']
    for path, etag in tagged:
        key = path if folded[path.lower()] == 1 else f"~^{re.escape(path)}$"
        lines.append(f"    {_quote(key)} {_quote(etag)};")
    lines.append("}")
    return "\n".join(lines) + "\n"


def _groups(copied: list[Copied]) -> dict[str, list[Copied]]:
    groups: dict[str, list[Copied]] = {"doc": [], "static": [], "void": [], "exact": []}
    for c in copied:
        url = c.page.url
        key = "doc" if url.startswith("/doc/") else "static" if url.startswith("/static/") else "exact"
        groups["void" if url.startswith("/.well-known/void") else key].append(c)
    return groups


def _not_modified() -> str:
    return "if ($cspgraph_not_modified) { return 304; }"


def _resource_locations(site: Site, docs: list[Copied]) -> list[str]:
    """/id, /def, /graph: 406, 404 or 303 to the document; /doc/...: one format, or negotiated."""
    offered = ", ".join(mt[0] for mt in conneg.PAGE_FORMATS.values())
    not_acceptable = _problem(406, "Not acceptable", f"this resource is available as {offered}")
    nothing = _problem(404, "Not found", f"the graph has nothing about <{site.base_uri}$cspgraph_rest>")
    errors = [*_security(), 'add_header Vary "Origin" always;', "default_type application/problem+json;"]
    out = _block(
        f'location ~ "^/(?<cspgraph_rest>(?:id|def|graph)/{SAFE_PATH})$"',
        [
            *errors,
            "error_page 303 @cspgraph_see_other;",
            f'if ($cspgraph_fmt = "") {{ {not_acceptable} }}',
            f"if (!-f $document_root/doc/$cspgraph_rest.html) {{ {nothing} }}",
            "return 303 /doc/$cspgraph_rest$cspgraph_ext;",
        ],
    )
    out += _block(
        "location @cspgraph_see_other",
        [
            *_security(),
            'add_header Vary "Accept, Origin";',
            f'add_header Cache-Control "public, max-age={site.cache_max_age}";',
            "types { }",
            'default_type "";',
            "charset off;",
            "try_files /.see-other =500;",
        ],
    )
    out += _doc_locations(docs)
    out += _block(
        "location @cspgraph_negotiate",
        [
            *errors,
            f'if ($cspgraph_fmt = "") {{ {not_acceptable} }}',
            f"if (!-f $document_root$uri.html) {{ {nothing} }}",
            'set $cspgraph_vary "Accept, Origin";',
            "set $cspgraph_location $uri.$cspgraph_fmt;",
            "# with ?format= the app sends neither Vary: Accept nor Content-Location",
            'if ($arg_format) { set $cspgraph_vary "Origin"; set $cspgraph_location ""; }',
            "rewrite ^ $uri.$cspgraph_fmt last;",
        ],
    )
    return out


def _doc_locations(docs: list[Copied]) -> list[str]:
    """/doc/...: the file of one format, or (no file at the path) on to negotiation. A namespace's documents are
    dot files (``/doc/def/.ttl``), which nginx gives no extension, so each format has its own location for them."""
    fixed = [c for c in docs if c.headers.get("vary") == "Origin"] or docs
    extra = [h for h in _extra_headers(fixed) if not h.startswith("add_header Vary ")]
    common = [
        *extra,
        "add_header ETag $cspgraph_etag;",
        "add_header Vary $cspgraph_vary;",
        "add_header Content-Location $cspgraph_location;",
        _not_modified(),
        "try_files $uri @cspgraph_negotiate;",
    ]
    out: list[str] = []
    by_format = {c.page.file.rsplit(".", 1)[1]: c for c in docs}
    for fmt, c in sorted(by_format.items()):
        mime, charset = _one_type(c)
        out += _block(
            f'location ~ "^/doc/(?<cspgraph_rest>(?:id|def|graph)/(?:{SEGMENT}/)*)\\.{fmt}$"',
            [*_security(), "types { }", f"default_type {_quote(mime)};", *charset, *common],
        )
    out += _block(
        f'location ~ "^/doc/(?<cspgraph_rest>(?:id|def|graph)/{SAFE_PATH})$"',
        [*_security(), *_types(docs), *common],
    )
    return out


def _void_locations(void: list[Copied]) -> list[str]:
    """/.well-known/void: negotiated (Turtle when no Accept) to one of its copies, which are not served directly."""
    formats = "|".join(c.page.file.rsplit(".", 1)[1] for c in void)
    out = _block(
        "location = /.well-known/void",
        [
            *_security(),
            'add_header Vary "Origin" always;',
            "types { }",
            "default_type text/plain;",
            "charset utf-8;",
            "charset_types text/plain;",
            'if ($cspgraph_void_fmt = "") { return 406 "Not acceptable\\n"; }',
            "rewrite ^ /.well-known/void.$cspgraph_void_fmt last;",
        ],
    )
    out += _block(
        f'location ~ "^/\\.well-known/void\\.({formats})$"',
        ["internal;", *_security(), *_types(void), *_extra_headers(void), "add_header ETag $cspgraph_etag;"]
        + [_not_modified()],
    )
    return out


def _exact_location(c: Copied) -> list[str]:
    """One page at its own path (home, downloads, a dump, the sitemap, robots.txt)."""
    mime, charset = _one_type(c)
    lines = [*_security(), "types { }", f"default_type {_quote(mime)};", *charset, *_extra_headers([c])]
    if "last-modified" not in c.headers:
        lines += [f"sub_filter {NO_LAST_MODIFIED} {NO_LAST_MODIFIED};", "sub_filter_types *;"]
    etag = c.headers.get("etag")
    if etag:
        lines += [f"add_header ETag {_quote(etag)};", f"if ($http_if_none_match = {_quote(etag)}) {{ return 304; }}"]
    lines.append(f"try_files /{c.page.file} =404;")
    path = c.page.url.split("?", 1)[0]
    return _block(f"location = {path}", lines)


def _static_location(static: list[Copied]) -> list[str]:
    lines = [*_security(), *_types(static), *_extra_headers(static), "add_header ETag $cspgraph_etag;"]
    if any("accept-ranges" in c.headers for c in static):
        lines.append("max_ranges 1;")
    return _block("location /static/", [*lines, _not_modified()])


def server_conf(site: Site) -> str:
    """The ``server {}`` part: the tree as the document root, read-only, with the app's answers."""
    groups = _groups(site.copied)
    head = [
        "# cspgraph static site: include inside server {} (generated by cspgraph publish)",
        f"root {_quote(site.root)};",
        "server_tokens off;",
        "etag off;  # the app's ETags are sent instead (http.conf)",
        "if_modified_since off;  # the app answers If-None-Match only",
        "absolute_redirect off;  # Location as the app sends it: a path",
        "max_ranges 0;",
        "disable_symlinks on from=$document_root;",
        'set $cspgraph_vary "Origin";',
        'set $cspgraph_location "";',
    ]
    body = _resource_locations(site, groups["doc"]) + _void_locations(groups["void"])
    for c in groups["exact"]:
        body += _exact_location(c)
    body += _static_location(groups["static"])
    nothing = _problem(404, "Not found", "nothing is served at $uri")
    body += _block(
        "location /",
        [*_security(), 'add_header Vary "Origin" always;', "default_type application/problem+json;", nothing],
    )
    return "\n".join(head + body) + "\n"


def main_conf(listen: str) -> str:
    """A complete configuration serving the tree on ``listen`` (``127.0.0.1:8080``); paths are relative to the
    prefix given with ``-p`` (pid file, temporary folders) and to this file's folder (the includes)."""
    return f"""# cspgraph static site (generated by cspgraph publish); run from the published folder:
#   nginx -p "$PWD" -c nginx/nginx.conf -g 'daemon off;'
worker_processes auto;
pid nginx.pid;
error_log stderr;
events {{
    worker_connections 1024;
}}
http {{
    access_log off;
    sendfile on;
    tcp_nopush on;
    keepalive_requests 100000;
    client_body_temp_path client_body_temp;
    proxy_temp_path proxy_temp;
    fastcgi_temp_path fastcgi_temp;
    uwsgi_temp_path uwsgi_temp;
    scgi_temp_path scgi_temp;
    include http.conf;
    server {{
        listen {listen};
        include server.conf;
    }}
}}
"""
