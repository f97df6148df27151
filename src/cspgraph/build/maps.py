"""The map files of data/maps/: police force areas, local authority districts and CSP areas as compact GeoJSON.

Read from the ONS ultra-generalised (500 m, "BUC") boundary files in the reference folder (``SOURCES.md`` section
4): police force areas (December 2020) and local authority districts (May 2024, with the December 2021 and 2019
vintages for districts that no longer exist). A CSP's area is the union of its districts in the ONS lookup of
December 2024, dissolved here by dropping every edge two of its districts share (the BUC files are generalised
together, so a shared boundary has the same vertices on both sides); seven 2024 districts hold more than one CSP
(CSPs still following the districts before a reorganisation), and each of those CSPs is drawn with its former
district from the older files. Bournemouth, Poole and Christchurch (BCP) and Suffolk Coastal and Waveney (East
Suffolk) have no older shape in the files: their CSPs share one feature, the district, with every CSP listed.

The files are GeoJSON (RFC 7946) with coordinates rounded to 3 decimals (about 110 m north-south and 70 m
east-west, well inside the 500 m generalisation): readable by every GIS tool and by the app, which draws the map
as SVG on the server (:mod:`cspgraph.visualise.maps`), so no TopoJSON decoder is needed anywhere. Each file
carries its sources and the ONS attribution as top-level members.
"""

from __future__ import annotations

import csv
import json
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from cspgraph.errors import ReferenceDataError
from cspgraph.files import write_together

ATTRIBUTION = (
    "Source: Office for National Statistics licensed under the Open Government Licence v.3.0; "
    "Contains OS data © Crown copyright and database right"
)
LICENCE = "http://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/"
PFA_FILE = "ons_boundaries_pfa20_ew_buc.geojson"
LAD_FILES = ("ons_boundaries_lad24_ew_buc.geojson", "ons_boundaries_lad21_ew_buc.geojson")
LAD19_FILE = "ons_boundaries_lad19_ew_buc.geojson"
#: the date of each district boundary file, carried by each district feature (``boundary``)
VINTAGES = {LAD_FILES[0]: "May 2024", LAD_FILES[1]: "December 2021", LAD19_FILE: "December 2019"}
LOOKUP = "geographr_lookup_ltla24_csp24_pfa24.csv"
LOOKUP17 = "ons_lad17_csp17_pfa17_jan2017_v2.csv"
#: the files written into data/maps/
MAP_FILES = ("police-force-areas.geojson", "districts.geojson", "csps.geojson")
DIGITS = 3

Point = tuple[float, float]
Ring = list[Point]


def _read_shapes(path: Path) -> dict[str, tuple[str, list[list[Ring]]]]:
    """code -> (name, polygons) of a boundary file."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return {
            f["properties"]["code"]: (
                f["properties"]["name"],
                [[[(p[0], p[1]) for p in ring] for ring in poly] for poly in f["geometry"]["coordinates"]],
            )
            for f in data["features"]
        }
    except FileNotFoundError:
        raise ReferenceDataError(str(path), "missing (see SOURCES.md section 4)") from None
    except (ValueError, KeyError, TypeError, IndexError) as e:
        raise ReferenceDataError(str(path), f"not a boundary file of features with code and name ({e})") from None


def _read_rows(path: Path, *columns: str) -> list[dict[str, str]]:
    try:
        with path.open(encoding="utf-8-sig", newline="") as f:
            rows = list(csv.DictReader(f))
    except FileNotFoundError:
        raise ReferenceDataError(str(path), "missing") from None
    if not rows or any(c not in rows[0] for c in columns):
        raise ReferenceDataError(str(path), f"expected the columns {', '.join(columns)}")
    return rows


def _signed_area(ring: Ring) -> float:
    return sum(a[0] * b[1] - b[0] * a[1] for a, b in zip(ring, ring[1:], strict=False)) / 2


def _inside(p: Point, ring: Ring) -> bool:
    """Whether ``p`` is inside ``ring`` (even-odd rule)."""
    x, y = p
    hit = False
    for (x1, y1), (x2, y2) in zip(ring, ring[1:], strict=False):
        if (y1 > y) != (y2 > y) and x < x1 + (y - y1) * (x2 - x1) / (y2 - y1):
            hit = not hit
    return hit


def _chain(edges: list[tuple[Point, Point]]) -> list[Ring]:
    """The closed rings the directed edges make."""
    following: dict[Point, list[Point]] = defaultdict(list)
    for a, b in edges:
        following[a].append(b)
    rings: list[Ring] = []
    for a, _ in edges:
        while following.get(a):
            ring = [a]
            p = following[a].pop()
            while p != a and following.get(p):
                ring.append(p)
                p = following[p].pop()
            ring.append(a)
            if len(ring) >= 4:
                rings.append(ring)
    return rings


def dissolve(polygons: Iterable[list[Ring]]) -> list[list[Ring]]:
    """The union of polygons that meet along shared edges: every edge used in both directions is dropped and the
    rest chained into rings; each hole goes with the outer ring that holds it.

    >>> a = [[(0, 0), (1, 0), (1, 1), (0, 1), (0, 0)]]
    >>> b = [[(1, 0), (2, 0), (2, 1), (1, 1), (1, 0)]]
    >>> dissolve([a, b])
    [[[(0, 0), (1, 0), (2, 0), (2, 1), (1, 1), (0, 1), (0, 0)]]]
    """
    polygons = list(polygons)
    count: dict[tuple[Point, Point], int] = defaultdict(int)
    outer_sign = 0.0
    for poly in polygons:
        outer_sign = outer_sign or _signed_area(poly[0])
        for ring in poly:
            for a, b in zip(ring, ring[1:], strict=False):
                if a != b:
                    count[(a, b)] += 1
    kept = [e for e in count if (e[1], e[0]) not in count]
    rings = _chain(kept)
    outers = [r for r in rings if _signed_area(r) * outer_sign > 0]
    out: list[list[Ring]] = [[r] for r in outers]
    for hole in (r for r in rings if _signed_area(r) * outer_sign <= 0):
        for poly in out:
            if _inside(hole[0], poly[0]) or _inside(hole[1], poly[0]):
                poly.append(hole)
                break
    return sorted(out, key=lambda poly: -abs(_signed_area(poly[0])))


def _rounded(polygons: list[list[Ring]]) -> list[list[list[list[float]]]]:
    """Coordinates rounded to :data:`DIGITS`, repeated points dropped, rings that collapse left out."""
    out = []
    for poly in polygons:
        rings = []
        for ring in poly:
            r: list[list[float]] = []
            for x, y in ring:
                p = [round(x, DIGITS), round(y, DIGITS)]
                if not r or p != r[-1]:
                    r.append(p)
            if len(r) >= 4:
                rings.append(r)
        if rings:
            out.append(rings)
    return out


def _feature(props: dict[str, Any], polygons: list[list[Ring]]) -> dict[str, Any]:
    geometry = {"type": "MultiPolygon", "coordinates": _rounded(polygons)}
    return {"type": "Feature", "properties": props, "geometry": geometry}


def _collection(name: str, sources: list[str], features: list[dict[str, Any]]) -> bytes:
    doc = {
        "type": "FeatureCollection",
        "name": name,
        "attribution": ATTRIBUTION,
        "license": LICENCE,
        "sources": sources,
        "features": sorted(features, key=lambda f: f["properties"]["code"]),
    }
    return (json.dumps(doc, ensure_ascii=False, separators=(",", ":")) + "\n").encode()


def csp_features(reference: Path, lad24: dict[str, tuple[str, list[list[Ring]]]]) -> list[dict[str, Any]]:
    """One feature per CSP (its districts dissolved) and one per district shared by CSPs that have no shape of their
    own; every feature lists its CSPs (``csps``) and its police force area (``pfa``)."""
    rows = _read_rows(reference / LOOKUP, "ltla24_code", "csp24_code", "csp24_name", "pfa24_code")
    older: dict[str, tuple[str, list[list[Ring]]]] = {}
    for name in (LAD19_FILE, *reversed(LAD_FILES[1:])):
        older.update(_read_shapes(reference / name))
    csps_of: dict[str, set[str]] = defaultdict(set)
    for r in rows:
        csps_of[r["ltla24_code"]].add(r["csp24_code"])
    former: dict[str, list[str]] = defaultdict(list)
    for r in _read_rows(reference / LOOKUP17, "LAD17CD", "CSP17CD"):
        former[r["CSP17CD"]].append(r["LAD17CD"])
    parts: dict[str, list[list[list[Ring]]]] = defaultdict(list)
    districts: dict[str, list[str]] = defaultdict(list)
    shared: dict[str, set[str]] = defaultdict(set)
    names: dict[str, str] = {}
    pfa: dict[str, str] = {}
    for r in rows:
        lad, csp = r["ltla24_code"], r["csp24_code"]
        names[csp], pfa[csp] = r["csp24_name"], r["pfa24_code"]
        if lad not in lad24:
            raise ReferenceDataError(str(reference / LOOKUP), f"district {lad} has no boundary in {LAD_FILES[0]}")
        if len(csps_of[lad]) == 1:
            parts[csp].append(lad24[lad][1])
            districts[csp].append(lad)
            continue
        own = [c for c in former.get(csp, []) if c in older and c not in lad24]
        parts[csp] += [older[c][1] for c in own]
        districts[csp] += own
        if not own:
            shared[lad].add(csp)
    features = []
    for csp, polys in parts.items():
        if not polys:
            continue
        props = {"code": csp, "name": names[csp], "pfa": pfa[csp], "csps": [csp], "districts": sorted(districts[csp])}
        features.append(_feature(props, dissolve(p for d in polys for p in d) if len(polys) > 1 else polys[0]))
    for lad, csps in shared.items():
        listed = sorted(csps)
        props = {
            "code": lad,
            "name": f"{lad24[lad][0]} ({', '.join(names[c] for c in listed)})",
            "pfa": pfa[listed[0]],
            "csps": listed,
            "districts": [lad],
        }
        features.append(_feature(props, lad24[lad][1]))
    return features


def former_districts(reference: Path, lad24: dict[str, tuple[str, list[list[Ring]]]]) -> list[dict[str, Any]]:
    """The districts of December 2021 and December 2019 that are not districts of May 2024, marked ``former`` (the
    map draws them only for a day on which the landscape has them), with their police force area of January 2017 and
    the date of the boundary file drawn (``boundary``)."""
    pfa17 = {r["LAD17CD"]: r["PFA17CD"] for r in _read_rows(reference / LOOKUP17, "LAD17CD", "PFA17CD")}
    older: dict[str, tuple[str, str, list[list[Ring]]]] = {}
    for name in (LAD19_FILE, *reversed(LAD_FILES[1:])):
        older.update({c: (n, VINTAGES[name], p) for c, (n, p) in _read_shapes(reference / name).items()})
    return [
        _feature({"code": c, "name": n, "pfa": pfa17.get(c, ""), "former": True, "boundary": v}, polys)
        for c, (n, v, polys) in sorted(older.items())
        if c not in lad24
    ]


def render_maps(reference: Path) -> dict[str, bytes]:
    """The three map files, rendered (nothing written)."""
    pfas = _read_shapes(reference / PFA_FILE)
    lad24 = _read_shapes(reference / LAD_FILES[0])
    lookup = _read_rows(reference / LOOKUP, "ltla24_code", "pfa24_code")
    pfa_of = {r["ltla24_code"]: r["pfa24_code"] for r in lookup}
    src = "ONS {} (ultra generalised, 500 m), via geographr ({})"
    pfa_doc = _collection(
        "Police force areas (December 2020)",
        [src.format("Police Force Areas (December 2020) EW BUC", PFA_FILE)],
        [_feature({"code": c, "name": n}, polys) for c, (n, polys) in pfas.items()],
    )
    lad_doc = _collection(
        "Local authority districts (May 2024, and the December 2021 and December 2019 districts since abolished)",
        [
            src.format(
                "Local Authority Districts (May 2024, December 2021, December 2019) UK BUC", ", ".join(LAD_FILES)
            )
            + f", {LAD19_FILE}"
        ],
        [
            _feature({"code": c, "name": n, "pfa": pfa_of.get(c, ""), "boundary": VINTAGES[LAD_FILES[0]]}, polys)
            for c, (n, polys) in lad24.items()
        ]
        + former_districts(reference, lad24),
    )
    csp_doc = _collection(
        "Community Safety Partnership areas (December 2024), dissolved from their districts",
        [
            src.format(
                "Local Authority Districts (May 2024, December 2021, December 2019) UK BUC", ", ".join(LAD_FILES)
            )
            + f", {LAD19_FILE}",
            f"ONS LAD to CSP to PFA (December 2024) lookup ({LOOKUP}) and (January 2017) lookup ({LOOKUP17})",
        ],
        csp_features(reference, lad24),
    )
    return dict(zip(MAP_FILES, (pfa_doc, lad_doc, csp_doc), strict=True))


def write_maps(reference: Path, out: Path) -> dict[str, int]:
    """Render the map files from ``reference`` and write them together into ``out`` (data/maps/).

    Returns:
        The number of features per file written.

    Raises:
        ReferenceDataError: a boundary or lookup file is missing or unusable; nothing is written.
    """
    rendered = render_maps(reference)
    out.mkdir(parents=True, exist_ok=True)
    write_together((out / name, data) for name, data in rendered.items())
    return {f"maps/{name}": len(json.loads(data)["features"]) for name, data in rendered.items()}
