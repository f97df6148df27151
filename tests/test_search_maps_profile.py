"""The search index, the map files and their SVG, and the profile tables, without a server."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from cspgraph import mapsvg, profile, resources
from cspgraph.api.routes.maps import district_successors, districts_in_force, former_groups, police_areas
from cspgraph.asof import in_force
from cspgraph.build.maps import ATTRIBUTION, MAP_FILES, dissolve, render_maps
from cspgraph.namespaces import ID
from cspgraph.search import SearchIndex
from cspgraph.stores import GraphStore


@pytest.fixture(scope="module")
def index(store: GraphStore) -> SearchIndex:
    return SearchIndex.build(store)


@pytest.mark.parametrize(
    ("text", "uri"),
    [
        ("Safer Durham", "csp/E22000365"),
        ("E22000365", "csp/E22000365"),
        ("safer durham partnership", "csp/E22000365"),
        ("Chief Constable of Durham", "chief-officer/E23000008"),
        ("Cleveland", "police-force-area/E23000013"),
        ("Durham Police, Crime and Victims", "local-policing-body/E23000008"),  # an alternative name
    ],
)
def test_search_finds_by_name_alternative_name_and_code(index: SearchIndex, text: str, uri: str) -> None:
    hits = index.search(text, 5)
    assert str(ID[uri]) in [h.uri for h in hits[:2]], [h.name for h in hits]


def test_search_results_carry_kind_area_and_code(index: SearchIndex) -> None:
    (hit,) = index.search("E22000365", 1)
    assert (hit.name, hit.kind, hit.code, hit.area, hit.match) == (
        "Safer Durham Partnership",
        "community safety partnership",
        "E22000365",
        "Durham police force area",
        "code",
    )
    assert all(h.uri.startswith(str(ID)) and "/membership/" not in h.uri for h in index.search("durham", 50))
    assert index.search("   ") == [] and index.search("no such thing at all") == []
    assert {h.uri for h in index.search("durham", 50, "csp")} <= {str(ID["csp/E22000365"]), str(ID["csp/E22000072"])}
    with pytest.raises(ValueError):
        index.search("x", kind="nonsense")


def test_dissolve_drops_shared_edges_and_keeps_holes() -> None:
    outer = [[(0, 0), (4, 0), (4, 4), (0, 4), (0, 0)], [(1, 1), (1, 2), (2, 2), (2, 1), (1, 1)]]
    right = [[(4, 0), (6, 0), (6, 4), (4, 4), (4, 0)]]
    (poly,) = dissolve([outer, right])
    assert len(poly) == 2  # the outer ring and the hole
    assert sorted(poly[0][:-1]) == sorted([(0, 0), (4, 0), (6, 0), (6, 4), (4, 4), (0, 4)])


@pytest.mark.shared
def test_the_committed_map_files_are_what_the_build_writes(reference_dir: Path) -> None:
    rendered = render_maps(reference_dir)
    folder = resources.data_dir() / "maps"
    for name in MAP_FILES:
        assert (folder / name).read_bytes() == rendered[name], name


def test_map_files_cover_every_police_area_and_csp() -> None:
    folder = resources.data_dir() / "maps"
    docs = {name: json.loads((folder / name).read_text()) for name in MAP_FILES}
    for doc in docs.values():
        assert doc["attribution"] == ATTRIBUTION and doc["license"].endswith("/version/3/")
    assert len(docs["police-force-areas.geojson"]["features"]) == 43
    districts = docs["districts.geojson"]["features"]
    assert len([f for f in districts if not f["properties"].get("former")]) == 318  # May 2024
    csps = [c for f in docs["csps.geojson"]["features"] for c in f["properties"]["csps"]]
    assert len(set(csps)) == 314  # every CSP; Dorset's also in the shared BCP district
    shared = [f["properties"] for f in docs["csps.geojson"]["features"] if len(f["properties"]["csps"]) > 1]
    assert sorted(p["code"] for p in shared) == ["E06000058", "E07000244"]


def test_map_svg_layers() -> None:
    layers = mapsvg.load_layers()
    cleveland = layers["pfa"].by_code()["E23000013"]
    assert cleveland.d.startswith("M") and cleveland.d.endswith("z")
    x, y, w, h = cleveland.box
    assert 0 < x < mapsvg.WIDTH and 0 < y < mapsvg.HEIGHT and 0 < w < 100 and 0 < h < 100
    assert mapsvg.view_box(None) == f"0 0 {mapsvg.WIDTH} {mapsvg.HEIGHT}"
    assert sum(len(f.d) for f in layers["pfa"].features) < 60_000  # compact paths


def test_profile_of_a_csp(store: GraphStore) -> None:
    p = profile.build(store, str(ID["csp/E22000365"]))
    members = p.table("members")
    names = [r[0].text for r in members.rows]
    assert "Chief Constable of Durham Constabulary" in names and "Durham County Council" in names
    chief = next(r for r in members.rows if r[0].text == "Chief Constable of Durham Constabulary")
    assert chief[1].text == "responsible authority" and chief[2].text.startswith("CDA 1998 s5(1)(b)")
    up = p.table("accountable-to")
    scrutiny = next(r for r in up.rows if "crime and disorder committee" in r[0].text.lower())
    assert scrutiny[1].text == "scrutinises it" and "PJA 2006 s19" in scrutiny[2].text
    assert len({r[0].iri for r in up.rows}) == len(up.rows)  # one row per body, however many predicates link them
    head, *rows = members.csv_rows()
    assert head[:3] == ["member", "role", "provision"] and "member URI" in head and len(rows) == len(members.rows)
    assert p.neighbours and p.kind == "community safety partnership"


def test_profile_of_a_police_area_lists_its_csps(store: GraphStore) -> None:
    p = profile.build(store, str(ID["police-force-area/E23000013"]))
    rows = p.table("in-area").rows
    csps = [r[0].text for r in rows if r[1].text == "community safety partnership"]
    assert len(csps) == 4 and rows[0][1].text == "community safety partnership"


def test_former_districts_are_those_abolished_since_december_2019(reference_dir: Path) -> None:
    """The district layer adds, marked former, exactly the districts of the December 2019 and 2021 boundary files
    that the May 2024 file no longer has (Buckinghamshire's, Northamptonshire's, Cumbria's, North Yorkshire's and
    Somerset's)."""

    def codes(name: str) -> set[str]:
        doc = json.loads((reference_dir / name).read_text(encoding="utf-8"))
        return {f["properties"]["code"] for f in doc["features"]}

    older = codes("ons_boundaries_lad19_ew_buc.geojson") | codes("ons_boundaries_lad21_ew_buc.geojson")
    now = codes("ons_boundaries_lad24_ew_buc.geojson")
    doc = json.loads((resources.data_dir() / "maps" / "districts.geojson").read_text())
    former = {f["properties"]["code"] for f in doc["features"] if f["properties"].get("former")}
    assert former == older - now and "E07000004" in former  # Aylesbury Vale


def test_successors_are_those_of_the_council_register(store: GraphStore, reference_dir: Path) -> None:
    """The districts the map draws within a successor's outline are those mySociety's register says each went, whole,
    into one successor (``replaced-by``) on 1 April 2019: West Suffolk, East Suffolk, Somerset West and Taunton,
    Bournemouth, Christchurch and Poole (with Christchurch) and Dorset (the other five Dorset districts)."""
    with (reference_dir / "mysociety_uk_local_authorities_current_v1.6.1.csv").open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    gss = {r["local-authority-code"]: r["gss-code"] for r in rows}
    expected: dict[str, set[str]] = {}
    for r in rows:
        if r["end-date"] == "2019-03-31" and not r["gss-code"].startswith("E10"):
            expected.setdefault(gss[r["replaced-by"]], set()).add(r["gss-code"])
    successors = district_successors(store)
    assert len(expected) == 5 and {"E07000048", "E06000028", "E06000029"} == expected["E06000058"]
    for code, formers in expected.items():
        assert set(successors[code][0]) == formers and successors[code][1], code


def test_a_successor_not_made_of_whole_districts_leaves_them_blank(store: GraphStore) -> None:
    """Were Forest Heath shared between West Suffolk and another district, West Suffolk's outline would not be the
    area of Forest Heath and St Edmundsbury: both are left blank, with a note saying why."""
    day = in_force(store, "2018-06-01")
    layer = mapsvg.load_layers()["district"]
    areas = districts_in_force(day)
    successors = district_successors(store)
    successors["E07000245"] = (successors["E07000245"][0], False)
    shapes, notes = former_groups(layer, areas, successors, police_areas(day), day)
    assert "E07000245" not in {s["code"] for s in shapes} and "E07000244" in {s["code"] for s in shapes}
    assert (
        "Forest Heath (E07000201): no boundary in the sources; West Suffolk, which replaced it, is not made of whole "
        "districts; left blank." in notes
    )


def test_the_bodies_a_profile_links_to_the_network_are_the_networks_nodes(store: GraphStore) -> None:
    """A profile's "see in the network" link exists exactly for the bodies the network index holds (read by the
    index's own query rather than by building the index)."""
    from cspgraph.api.profile_view import network_bodies
    from cspgraph.visualise.index import build_index

    bodies = network_bodies(store)
    assert bodies == frozenset(build_index(store).nodes)
    assert str(ID["csp/E22000365"]) in bodies and str(ID["change/2019-04-01/council-E07000245"]) not in bodies
