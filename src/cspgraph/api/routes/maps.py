"""The map: ``GET /map``, police force areas coloured by the kind of their local policing body, CSP areas or
districts, each linking to its page; drawn as SVG on the server (:mod:`cspgraph.mapsvg`), so nothing is loaded from
elsewhere and the page reads and clicks without a script. ``?area=<code>`` centres the map on one area. On a day
before December 2019, districts that no boundary file has are drawn within the outline of the district that replaced
them whole (:func:`former_groups`)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request, Response
from fastapi.responses import HTMLResponse

from cspgraph import mapsvg, resources
from cspgraph.api.deps import AsOfDep, DatasetDep, DatedStoreDep, SettingsDep, StoreDep, TemplatesDep
from cspgraph.api.views import cache_headers, cached_response
from cspgraph.errors import InputError, NotFound
from cspgraph.labels import display_names, fallback
from cspgraph.namespaces import ID
from cspgraph.stores import GraphStore

router = APIRouter(tags=["pages"])

LAYERS = {
    "pfa": "Police force areas",
    "pfa-2028": "Police force areas after May 2028 (announced)",
    "csp": "Community Safety Partnership areas",
    "district": "Local authority districts",
}
#: the kind of resource (id/<kind>/<code>) each layer links to
LINKS = {
    "pfa": "police-force-area",
    "pfa-2028": "police-force-area",
    "csp": "csp",
    "district": "local-authority-district",
}
LayerQ = Annotated[str, Query(description="what to draw and link: pfa, pfa-2028, csp or district")]
#: the shipped scenario the "after May 2028" layer draws, and its legend
REFORM = "pcc-abolition-2028"
REFORM_KINDS = [
    ("Mayor with PCC functions (today or from May 2028)", "k-mayor"),
    ("Mayor's Office for Policing and Crime (London), unchanged", "k-mopac"),
    ("City of London police authority, unchanged", "k-city"),
    ("Policing and crime board of the area's council leaders", "k-board"),
    ("To be decided (Wales)", "k-tbd"),
]
AreaQ = Annotated[str | None, Query(max_length=20, description="the code of an area to centre on, e.g. E23000013")]


def police_areas(store: GraphStore) -> dict[str, dict[str, Any]]:
    """Police force area code -> its local policing body, the kind (CSS class and legend text) and CSP count."""
    legend = {name: (text, css) for name, text, css in mapsvg.KIND_ORDER}
    # a body typed with several kinds (a PFCC is also a PCC) is shown as the most specific
    rank = {name: i for i, name in enumerate(mapsvg.MOST_SPECIFIC_FIRST)}
    found: dict[str, dict[str, Any]] = {}
    for pfa, lpb, typ, csps in store.select_terms(resources.internal_query("map-police-areas")):
        code = fallback(pfa.value)
        row = found.setdefault(code, {"lpb": lpb.value if lpb else "", "kind": None, "csps": int(csps.value)})
        t = fallback(typ.value) if typ is not None else ""
        if t in rank and (row["kind"] is None or rank[t] < rank[row["kind"]]):
            row["kind"] = t
    names = display_names(store, [r["lpb"] for r in found.values() if r["lpb"]])
    for row in found.values():
        text, css = legend[row["kind"]] if row["kind"] else ("", "k-none")
        row.update(kind_text=text, css=css, lpb_name=names.get(row["lpb"], ""))
    return found


def reform_areas(pfas: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """Police force area code -> its local policing body after the shipped ``pcc-abolition-2028`` scenario (announced,
    not law): a mayor, MOPAC or the City unchanged, a policing and crime board, or to be decided."""
    from cspgraph.scenario.model import load, scenario_files

    files = {p.stem: p for p in scenario_files()}
    if REFORM not in files:
        raise NotFound(f"the scenario {REFORM} is not in data/scenarios (cspgraph build derives it)")
    changes = load(files[REFORM]).changes
    created = {c.get("id"): c.args for c in changes if c.op == "create"}
    out = {}
    for c in changes:
        code, row = str(c.get("area", "")), dict(pfas.get(str(c.get("area", "")), {}))
        if c.op == "keep":
            row.update(lpb_name=f"{row.get('lpb_name', '')}, unchanged")
        elif c.op == "to-be-decided":
            row.update(css="k-tbd", lpb_name="to be decided")
        elif c.op == "transfer-role":
            body = created.get(c.get("to"), {})
            css = "k-mayor" if body.get("kind") == "mayor" else "k-board"
            row.update(css=css, lpb_name=str(body.get("label", "")))
        else:
            continue
        out[code] = row
    return out


def districts_in_force(store: GraphStore) -> set[str]:
    """The codes of the local government areas in ``store`` (the dataset, or its view of one day)."""
    return {fallback(a.value) for (a,) in store.select_terms(resources.internal_query("map-districts"))}


def district_successors(store: GraphStore) -> dict[str, tuple[list[str], bool]]:
    """Successor district code -> (the codes of the districts it replaced, whether each of them went wholly into it,
    replaced by it alone), from the whole dataset's ``dcterms:replaces`` (not a day's view, which lacks the
    successors of a day before a change)."""
    out: dict[str, tuple[list[str], bool]] = {}
    for succ, former, n in store.select_terms(resources.internal_query("map-successors")):
        formers, whole = out.get(fallback(succ.value), ([], True))
        out[fallback(succ.value)] = ([*formers, fallback(former.value)], whole and int(n.value) == 1)
    return out


def _listed(names: list[str]) -> str:
    return " and ".join(names) if len(names) < 3 else f"{', '.join(names[:-1])} and {names[-1]}"


def former_groups(
    layer: mapsvg.Layer,
    areas: set[str],
    successors: dict[str, tuple[list[str], bool]],
    pfas: dict[str, Any],
    store: GraphStore,
) -> tuple[list[dict[str, Any]], list[str]]:
    """The districts of a day that no boundary file has (abolished before December 2019), drawn within the outline of
    the district that replaced them when it was made of whole districts (never a line between them), with the notes
    of the legend: one per outline so drawn, one per district left blank and why."""
    blank = areas - {f.code for f in layer.features}
    iris = {c: str(ID[f"{LINKS['district']}/{c}"]) for c in blank}
    found = display_names(store, iris.values())
    names = {c: found[iri] for c, iri in iris.items() if iri in found}
    shapes, notes, covered, partial = [], [], set(), {}
    for f in layer.features:
        formers, whole = successors.get(f.code, ([], False))
        if f.code in areas or not formers or not set(formers) <= blank:
            continue
        if not whole:
            partial.update({c: f.name for c in formers})
            continue
        listed = _listed(sorted(names.get(c, c) for c in formers))
        name = f"Former district{'s' if len(formers) > 1 else ''} {listed}"
        between = "boundaries between them not in the sources; " if len(formers) > 1 else ""
        note = f"{between}outline of {f.name}, ONS boundaries of {f.props.get('boundary', '')}"
        notes.append(f"{name} ({note}).")
        covered.update(formers)
        shapes.append({"code": f.code, "name": name, "d": f.d, "note": note, "former": sorted(formers),
                       "css": pfas.get(str(f.props.get("pfa", "")), {}).get("css", "k-none") + " former-group",
                       "iri": str(ID[f"{LINKS['district']}/{f.code}"])})  # fmt: skip
    for c in sorted(blank - covered, key=lambda c: names.get(c, c)):
        why = f"; {partial[c]}, which replaced it, is not made of whole districts" if c in partial else ""
        notes.append(f"{names.get(c, c)} ({c}): no boundary in the sources{why}; left blank.")
    return shapes, notes


def _shapes(
    layer: str, layers: dict[str, mapsvg.Layer], pfas: dict[str, dict[str, Any]], areas: set[str] | None = None
) -> list[dict[str, Any]]:
    """The clickable shapes of the layer shown: link, name, CSS class and a description for the tooltip. A district
    from an older boundary file (``former``) is drawn only when ``areas``, those of the day shown, has it."""
    out = []
    geometry = "pfa" if layer == "pfa-2028" else layer
    for f in layers[geometry].features:
        if f.props.get("former") and (areas is None or f.code not in areas):
            continue
        if areas is not None and layer == "district" and f.code not in areas:
            continue
        pfa = pfas.get(f.code if geometry == "pfa" else str(f.props.get("pfa", "")), {})
        if geometry == "pfa":
            note = f"{pfa.get('lpb_name') or 'no local policing body'}; {pfa.get('csps', 0)} CSPs"
        elif len(f.props.get("csps", [])) > 1:
            note = f"one district shared by {len(f.props['csps'])} CSPs"
        else:
            note = f"districts: {len(f.props.get('districts', [f.code]))}" if layer == "csp" else "district"
        kind = LINKS[layer] if not (layer == "csp" and len(f.props.get("csps", [])) > 1) else "local-authority-district"
        out.append({"code": f.code, "name": f.name, "d": f.d, "css": pfa.get("css", "k-none"), "note": note,
                    "iri": str(ID[f"{kind}/{f.code}"])})  # fmt: skip
    return sorted(out, key=lambda s: s["name"])


@router.get("/map", response_class=HTMLResponse, summary="The map of police force areas, CSP areas and districts")
def map_page(
    request: Request,
    store: DatedStoreDep,
    dataset: StoreDep,
    templates: TemplatesDep,
    settings: SettingsDep,
    state: DatasetDep,
    layer: LayerQ = "pfa",
    area: AreaQ = None,
    as_of: AsOfDep = None,
) -> Response:
    """With ``as_of``, the police force areas are coloured by the local policing bodies in force on that day (the
    boundaries are those of the boundary files)."""
    if layer not in LAYERS:
        raise InputError(f"unknown layer {layer!r}: use pfa, pfa-2028, csp or district")
    day = as_of.isoformat() if as_of else ""
    etag = state.etag("map", layer, area or "", day)
    cached = cached_response(request, state, settings, etag)
    if cached is not None:
        return cached
    layers: dict[str, mapsvg.Layer] = state.kept("map-layers", mapsvg.load_layers)
    # a dated map is computed, not kept: the days asked for are unbounded (the dated view itself is cached, bounded)
    pfas: dict[str, dict[str, Any]] = (
        police_areas(store) if day else state.kept("map-police-areas", lambda: police_areas(store))
    )

    def shapes() -> tuple[list[dict[str, Any]], list[str]]:
        """The shapes drawn and the notes on districts without a boundary of their own; computed once per layer for
        the dataset as published, and for each dated request."""
        if not (day and layer == "district"):
            return _shapes(layer, layers, reform_areas(pfas) if layer == "pfa-2028" else pfas), []
        areas = districts_in_force(store)
        successors = state.kept("map-successors", lambda: district_successors(dataset))
        groups, notes = former_groups(layers["district"], areas, successors, pfas, store)
        return sorted(_shapes(layer, layers, pfas, areas) + groups, key=lambda s: s["name"]), notes

    focus = None
    if area:
        focus = next((lay.by_code()[area] for lay in layers.values() if area in lay.by_code()), None)
        if focus is None:
            raise NotFound(f"no area on the map has the code {area!r}")
    drawn, notes = shapes() if day else state.kept(f"map-shapes-{layer}", shapes)
    ctx = {
        "layer": layer,
        "layers": LAYERS,
        "title": LAYERS[layer],
        "shapes": drawn,
        "notes": notes,
        "outlines": layers["pfa"].features if layer not in ("pfa", "pfa-2028") else [],
        "kinds": REFORM_KINDS if layer == "pfa-2028" else [(text, css) for _, text, css in mapsvg.KIND_ORDER],
        "view_box": mapsvg.view_box(focus.box if focus else None),
        "full_box": mapsvg.view_box(None),
        "focus": focus.code if focus else "",
        "focus_name": focus.name if focus else "",
        "attribution": layers[layer.removesuffix("-2028")].attribution,
        "sources": layers[layer.removesuffix("-2028")].sources,
        "missing": layers[layer.removesuffix("-2028")].missing,
    }
    return templates.TemplateResponse(request, "map.html", ctx, headers=cache_headers(state, settings, etag))
