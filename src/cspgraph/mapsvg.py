"""The map of England and Wales as SVG, drawn on the server from the GeoJSON files of data/maps/.

No map library and no tiles: each area is one SVG path, projected here (an equirectangular projection scaled by
the cosine of 52.5°N, so that shapes keep their proportions across England and Wales, one unit about 500 m, the
generalisation of the ONS boundaries) with integer relative coordinates, which keeps the whole map under 200 kB.
Police force areas are coloured by the kind of their local policing body; CSP areas and districts can be drawn
instead, each linking to its page. The page needs no script to be read or clicked; ``map.js`` adds zoom and pan.

Examples:
    >>> layers = load_layers()
    >>> sorted(layers), len(layers["pfa"].features)
    (['csp', 'district', 'pfa'], 43)
    >>> project(-1.5, 54.5)
    (676, 311)
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cspgraph import resources

__all__ = ["KIND_ORDER", "Layer", "bbox_of", "load_layers", "path_data", "project"]

LON0, LAT0, LAT_TOP = -6.5, 52.5, 55.9
SCALE = 222.0  # units per degree of latitude: one unit is about 500 m
COS = math.cos(math.radians(LAT0))
WIDTH, HEIGHT = 1140, 1350
#: the files of data/maps/ and the layer each draws
LAYER_FILES = {"pfa": "police-force-areas.geojson", "csp": "csps.geojson", "district": "districts.geojson"}
#: the kinds of local policing body, in the order of the legend: (class local name, legend text, CSS class)
KIND_ORDER = (
    ("PoliceAndCrimeCommissioner", "Police and crime commissioner", "k-pcc"),
    ("PoliceFireAndCrimeCommissioner", "Police, fire and crime commissioner", "k-pfcc"),
    ("MayorWithPCCFunctions", "Mayor with PCC functions", "k-mayor"),
    ("MayorsOfficeForPolicingAndCrime", "Mayor's Office for Policing and Crime (London)", "k-mopac"),
    ("CityOfLondonPoliceAuthority", "City of London police authority", "k-city"),
)

#: the same kinds, the most specific first (a police, fire and crime commissioner is also typed a PCC)
MOST_SPECIFIC_FIRST = (
    "MayorsOfficeForPolicingAndCrime",
    "CityOfLondonPoliceAuthority",
    "MayorWithPCCFunctions",
    "PoliceFireAndCrimeCommissioner",
    "PoliceAndCrimeCommissioner",
)


def project(lon: float, lat: float) -> tuple[int, int]:
    """The SVG coordinates of a point (x east, y south), in whole units."""
    return round((lon - LON0) * COS * SCALE), round((LAT_TOP - lat) * SCALE)


def path_data(polygons: Iterable[Iterable[Iterable[Iterable[float]]]]) -> str:
    """The SVG path of a GeoJSON MultiPolygon: one ``M`` per ring, relative ``l`` steps, points that round to the
    same unit dropped, rings that collapse to fewer than three points left out (draw with ``fill-rule: evenodd``)."""
    out: list[str] = []
    for poly in polygons:
        for ring in poly:
            pts: list[tuple[int, int]] = []
            for lon, lat in ring:
                p = project(lon, lat)
                if not pts or p != pts[-1]:
                    pts.append(p)
            if len(pts) > 1 and pts[0] == pts[-1]:
                pts.pop()
            if len(pts) < 3:
                continue
            steps = " ".join(f"{b[0] - a[0]} {b[1] - a[1]}" for a, b in zip(pts, pts[1:], strict=False))
            out.append(f"M{pts[0][0]} {pts[0][1]}l{steps}z")
    return "".join(out)


def bbox_of(polygons: Any) -> tuple[int, int, int, int]:
    """The SVG bounding box (x, y, width, height) of a MultiPolygon."""
    xs, ys = [], []
    for poly in polygons:
        for lon, lat in poly[0]:
            x, y = project(lon, lat)
            xs.append(x)
            ys.append(y)
    return min(xs), min(ys), max(xs) - min(xs), max(ys) - min(ys)


@dataclass
class Feature:
    """One area of a layer: its code, name, properties from the file, SVG path and bounding box."""

    code: str
    name: str
    props: dict[str, Any]
    d: str
    box: tuple[int, int, int, int]


@dataclass
class Layer:
    """The areas of one map file, with the file's attribution and sources."""

    key: str
    title: str
    attribution: str
    sources: list[str]
    features: list[Feature] = field(default_factory=list)
    #: the layer's file is absent (a dataset built without the reference boundary files, such as a synthetic one)
    missing: bool = False

    def by_code(self) -> dict[str, Feature]:
        return {f.code: f for f in self.features}


def load_layers(folder: Path | None = None) -> dict[str, Layer]:
    """The three layers, read from data/maps/ (or ``folder``) and projected.

    A layer whose file is absent (``cspgraph build`` without the boundary files, or a synthetic dataset) is empty and
    marked ``missing``: the pages draw no shapes and say so, rather than fail.
    """
    folder = folder or resources.data_dir() / "maps"
    layers = {}
    for key, name in LAYER_FILES.items():
        if not (folder / name).is_file():
            layers[key] = Layer(key, name, "", [], missing=True)
            continue
        doc = json.loads((folder / name).read_text(encoding="utf-8"))
        layer = Layer(key, doc.get("name", name), doc.get("attribution", ""), list(doc.get("sources", [])))
        for f in doc["features"]:
            coords = f["geometry"]["coordinates"]
            props = f["properties"]
            layer.features.append(Feature(props["code"], props["name"], props, path_data(coords), bbox_of(coords)))
        layers[key] = layer
    return layers


def view_box(box: tuple[int, int, int, int] | None, margin: float = 0.35) -> str:
    """The SVG viewBox around a bounding box (with a margin, at least 120 units wide), or the whole map."""
    if box is None:
        return f"0 0 {WIDTH} {HEIGHT}"
    x, y, w, h = box
    size = max(w, h, 120) * (1 + 2 * margin)
    cx, cy = x + w / 2, y + h / 2
    return f"{round(cx - size / 2)} {round(cy - size / 2)} {round(size)} {round(size)}"
