"""The network views (graph JSON built with SPARQL), their HTML (escaped, offline), the CLI and the routes."""

from __future__ import annotations

import hashlib
import json
import re
import sys
from collections.abc import Iterator
from pathlib import Path

import networkx as nx
import pytest
from fastapi.testclient import TestClient
from rdflib import URIRef

from cspgraph import resources
from cspgraph import visualise as v
from cspgraph.cli import main
from cspgraph.config import Settings
from cspgraph.errors import InputError, NotFound, TooLarge
from cspgraph.labels import curie, display_names
from cspgraph.namespaces import ID
from cspgraph.stores import GraphStore, open_store
from cspgraph.visualise import layout
from cspgraph.visualise.index import index

DURHAM = "E23000008"
SAFER_DURHAM = str(ID["csp/E22000365"])
DARLINGTON = str(ID["csp/E22000072"])
EXTERNAL = re.compile(r"""\b(?:src|href)\s*=\s*["']?\s*(?:https?:)?//""", re.IGNORECASE)


@pytest.fixture(scope="module")
def store() -> GraphStore:
    """The dataset without the SHACL shapes (the network does not use them)."""
    return open_store("oxigraph", shapes=False)


def labels_of(store: GraphStore, uri: str) -> set[str]:
    rows = store.select(
        "PREFIX cspg: <https://w3id.org/cspgraph/def/> "
        "SELECT ?b ?l WHERE { ?b <http://www.w3.org/2000/01/rdf-schema#label>|cspg:knownAs|"
        "<http://www.w3.org/2004/02/skos/core#altLabel>|<http://www.w3.org/2004/02/skos/core#prefLabel> ?l }",
        {"b": URIRef(uri)},
    )
    return {str(r["l"]) for r in rows}


@pytest.fixture(scope="module")
def durham(store: GraphStore) -> dict:
    return v.area_view(store, DURHAM)


def by_id(view: dict) -> dict[str, dict]:
    return {n["id"]: n for n in view["nodes"]}


# ---------------------------------------------------------------- area view
def test_durham_has_its_bodies_with_their_own_labels(store: GraphStore, durham: dict) -> None:
    nodes = by_id(durham)
    expected = {
        SAFER_DURHAM: "csp",
        DARLINGTON: "csp",
        str(ID[f"police-force-area/{DURHAM}"]): "police-force-area",
        str(ID[f"local-policing-body/{DURHAM}"]): "policing-body",
        str(ID[f"chief-officer/{DURHAM}"]): "chief-officer",
        str(ID[f"police-and-crime-panel/{DURHAM}"]): "panel",
        str(ID["council/E06000047"]): "council",
        str(ID["council/E06000005"]): "council",
        str(ID["fire-and-rescue-authority/E31000013"]): "fire",
        str(ID["integrated-care-board/E54000050"]): "health",
        str(ID["probation-region/N54"]): "probation",
    }
    for uri, group in expected.items():
        assert uri in nodes, uri
        assert nodes[uri]["group"] == group
        assert nodes[uri]["label"] in labels_of(store, uri)
        assert set(nodes[uri]["labels"]) <= labels_of(store, uri)
    assert nodes[SAFER_DURHAM]["code"] == "E22000365"
    assert nodes[DARLINGTON]["code"] == "E22000072"
    assert nodes[SAFER_DURHAM]["path"] == "/id/csp/E22000365"


def test_durham_has_no_body_of_another_area(durham: dict) -> None:
    assert {n["area"] for n in durham["nodes"]} <= {DURHAM, None}
    assert not any("E23000013" in n["id"] for n in durham["nodes"])  # Cleveland


def test_durham_memberships_are_those_in_the_store(store: GraphStore, durham: dict) -> None:
    for csp in (SAFER_DURHAM, DARLINGTON):
        rows = store.select(
            "SELECT ?csp ?m WHERE { ?csp <http://www.w3.org/ns/org#hasMember> ?m }", {"csp": URIRef(csp)}
        )
        members = {str(r["m"]) for r in rows}
        shown = {e["from"] for e in durham["edges"] if e["to"] == csp and e["relation"] == "membership"}
        assert members and shown == members


def test_edges_join_nodes_and_have_known_relations(durham: dict) -> None:
    ids = set(by_id(durham))
    assert durham["edges"]
    for e in durham["edges"]:
        assert e["from"] in ids and e["to"] in ids
        assert e["relation"] in v.RELATION_BY_KEY
    relations = {e["relation"] for e in durham["edges"]}
    assert {"membership", "accountability", "scrutiny", "funding"} <= relations
    lpb, chief = str(ID[f"local-policing-body/{DURHAM}"]), str(ID[f"chief-officer/{DURHAM}"])
    assert any(e["from"] == chief and e["to"] == lpb and e["predicate"] == "heldToAccountBy" for e in durham["edges"])
    funds = [e for e in durham["edges"] if e["relation"] == "funding" and e["from"] == lpb and e["to"] == chief]
    assert len(funds) == 1 and funds[0]["fund"]
    # scrutiny is also materialised as org:reportsTo; the pair is shown once
    pairs = [(e["from"], e["to"]) for e in durham["edges"] if e["relation"] in ("scrutiny", "accountability")]
    assert len(pairs) == len(set(pairs))


def test_kind_and_relation_filters(store: GraphStore) -> None:
    only = v.area_view(store, DURHAM, kinds=["csp", "council"], relations=["membership"])
    assert {n["group"] for n in only["nodes"]} == {"csp", "council"}
    assert {e["relation"] for e in only["edges"]} == {"membership"}
    with pytest.raises(InputError, match="unknown body kind"):
        v.area_view(store, DURHAM, kinds=["dragons"])
    with pytest.raises(InputError, match="unknown relation"):
        v.area_view(store, DURHAM, relations=["friendship"])


def test_bad_areas(store: GraphStore) -> None:
    with pytest.raises(NotFound):
        v.area_view(store, "E23999999")
    with pytest.raises(InputError):
        v.area_view(store, "csp/E22000365")  # a partnership, not a police force area
    assert v.area_view(store, "Durham") == v.area_view(store, "E23000008")  # names work too


# ---------------------------------------------------------------- country, chain, merger
def test_country_view_has_every_csp_with_an_area_and_a_position(store: GraphStore) -> None:
    c = v.country_view(store)
    n_csp = store.count_instances("https://w3id.org/cspgraph/def/CommunitySafetyPartnership")
    csps = [n for n in c["nodes"] if n["group"] == "csp"]
    assert len(csps) == n_csp > 300
    assert len([n for n in c["nodes"] if n["group"] == "police-force-area"]) == 43
    assert all(n["area"] for n in csps)
    assert all("x" in n and "y" in n for n in c["nodes"])
    assert c["aggregate"] is True
    # bodies of one area are laid out near each other: Durham's CSPs are closer to each other than to Kent's
    pos = {n["id"]: (n["x"], n["y"]) for n in c["nodes"]}
    kent = next(n["id"] for n in csps if n["area"] == "E23000032")

    def dist(a: str, b: str) -> float:
        return float(((pos[a][0] - pos[b][0]) ** 2 + (pos[a][1] - pos[b][1]) ** 2) ** 0.5)

    assert dist(SAFER_DURHAM, DARLINGTON) < dist(SAFER_DURHAM, kent)


def test_chain_of_a_csp(store: GraphStore) -> None:
    c = v.chain_view(store, "csp/E22000365")
    nodes = by_id(c)
    assert nodes[SAFER_DURHAM].get("focus") is True
    for uri in (
        str(ID["crime-and-disorder-committee/E06000047"]),
        str(ID["council/E06000047"]),
        str(ID[f"local-policing-body/{DURHAM}"]),
        str(ID[f"police-and-crime-panel/{DURHAM}"]),
    ):
        assert uri in nodes, uri
    assert DARLINGTON not in nodes
    # what it answers to sits above it
    assert nodes[str(ID["council/E06000047"])]["y"] < nodes[SAFER_DURHAM]["y"]
    with pytest.raises(NotFound):
        v.chain_view(store, "csp/E22999999")


def test_merger_marks_the_bodies_that_would_join(store: GraphStore) -> None:
    m = v.merger_view(store, ["E22000365", "E22000072"])
    joining = set(m["joining"])
    assert str(ID["council/E06000047"]) in joining and str(ID["council/E06000005"]) in joining
    # members of both partnerships already sit together
    assert str(ID["fire-and-rescue-authority/E31000013"]) not in joining
    assert str(ID[f"chief-officer/{DURHAM}"]) not in joining
    nodes = by_id(m)
    assert nodes[SAFER_DURHAM]["merging"] and nodes[DARLINGTON]["merging"]
    proposal = [n for n in m["nodes"] if n.get("proposed")]
    assert len(proposal) == 1 and proposal[0]["uri"] == ""
    with pytest.raises(InputError):
        v.merger_view(store, ["E22000365"])
    with pytest.raises(NotFound):
        v.merger_view(store, ["E22000365", "E22999999"])


# ---------------------------------------------------------------- HTML: escaping and offline
HOSTILE = '</script><script>window.__pwned=1</script><img src=x onerror="alert(1)"> & Co'


def hostile_view(durham: dict) -> dict:
    data = json.loads(json.dumps(durham))
    data["nodes"][0]["label"] = HOSTILE
    data["nodes"][0]["labels"] = [HOSTILE]
    data["title"] = HOSTILE
    return data


def test_json_in_the_page_cannot_close_the_script(durham: dict) -> None:
    page = v.render_html(hostile_view(durham))
    assert "<script>window.__pwned" not in page
    assert "<img src=x" not in page
    m = re.search(r'<script type="application/json" id="cspgraph-data">(.*?)</script>', page, re.DOTALL)
    assert m is not None
    assert "<" not in m.group(1) and ">" not in m.group(1) and "&" not in m.group(1)
    assert json.loads(m.group(1))["nodes"][0]["label"] == HOSTILE
    assert "<title>&lt;/script&gt;" in page


def test_standalone_page_links_nothing_external(durham: dict) -> None:
    page = v.render_html(durham, inline=True)
    assert not EXTERNAL.search(page)
    assert v.external_links(page) == []
    assert f"@version {v.VIS_NETWORK_VERSION}" in page
    assert "sourceMappingURL" not in page


def test_pyvis_export_is_made_offline(durham: dict) -> None:
    from pyvis.network import Network

    raw = Network(cdn_resources="in_line").generate_html()
    assert EXTERNAL.search(raw), "pyvis links external assets (the reason for post-processing)"
    page = v.render_pyvis(hostile_view(durham))
    assert not EXTERNAL.search(page)
    assert f"@version {v.VIS_NETWORK_VERSION}" in page
    assert "<script>window.__pwned" not in page


def test_vendored_vis_network_is_the_pinned_file() -> None:
    path = v.VENDOR_DIR / "vis-network.min.js"
    assert hashlib.sha256(path.read_bytes()).hexdigest() == v.VIS_NETWORK_SHA256
    assert f"@version {v.VIS_NETWORK_VERSION}" in path.read_text()[:400]
    readme = (v.VENDOR_DIR / "README.md").read_text()
    assert v.VIS_NETWORK_VERSION in readme and v.VIS_NETWORK_SHA256 in readme and "MIT" in readme
    assert (v.VENDOR_DIR / "LICENSE-MIT").is_file() and (v.VENDOR_DIR / "LICENSE-APACHE-2.0").is_file()


# ---------------------------------------------------------------- CLI
def test_cli_writes_an_offline_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "durham.html"
    assert main(["visualise", "--area", DURHAM, "-o", str(out)]) == 0
    page = out.read_text()
    assert "County Durham" in page and not EXTERNAL.search(page)
    out2 = tmp_path / "merger.json"
    assert main(["visualise", "--csp", "E22000365", "--csp", "E22000072", "--format", "json", "-o", str(out2)]) == 0
    assert json.loads(out2.read_text())["view"] == "merger"
    out3 = tmp_path / "pyvis.html"
    assert main(["visualise", "--body", "csp/E22000072", "--engine", "pyvis", "-o", str(out3)]) == 0
    assert not EXTERNAL.search(out3.read_text())


def test_cli_bad_input_is_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "x.html"
    assert main(["visualise", "--area", "E23999999", "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "E23999999" in err and "Traceback" not in err
    assert not out.exists()
    assert main(["visualise", "--area", DURHAM, "--body", "csp/E22000365", "-o", str(out)]) == 2
    with pytest.raises(SystemExit):
        main(["visualise", "--kind", "dragons", "-o", str(out)])


# ---------------------------------------------------------------- routes
@pytest.fixture(scope="module")
def client(store: GraphStore) -> Iterator[TestClient]:
    from cspgraph.api import create_app

    with TestClient(create_app(store=store)) as c:
        yield c


def test_network_page_and_data(client: TestClient) -> None:
    r = client.get("/network", params={"area": DURHAM})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    assert 'src="/network/assets/vis-network.min.js"' in r.text
    assert not EXTERNAL.search(r.text)
    d = client.get("/network/data.json", params={"area": DURHAM}).json()
    assert SAFER_DURHAM in {n["id"] for n in d["nodes"]}
    m = client.get("/network/data.json", params=[("csp", "E22000365"), ("csp", "E22000072")]).json()
    assert m["view"] == "merger" and m["joining"]
    k = client.get("/network/data.json", params=[("area", DURHAM), ("kind", "csp")]).json()
    assert {n["group"] for n in k["nodes"]} == {"csp"}
    js = client.get("/network/assets/vis-network.min.js")
    assert js.status_code == 200 and "javascript" in js.headers["content-type"]
    assert client.get("/network/assets/network.js").status_code == 200
    assert client.get("/network/assets/network.css").headers["content-type"].startswith("text/css")


def test_network_bad_input(client: TestClient) -> None:
    assert client.get("/network", params={"area": "E23999999"}).status_code == 404
    assert client.get("/network/data.json", params={"area": "nowhere"}).status_code == 404
    r = client.get("/network/data.json", params={"area": "csp/E22000365"})
    assert r.status_code == 400 and r.headers["content-type"] == "application/problem+json"
    assert client.get("/network/data.json", params={"kind": "dragons"}).status_code == 400
    assert client.get("/network/assets/secret.py").status_code == 404
    assert client.get("/network/assets/..%2F..%2Fvisualise.py").status_code == 404


def test_the_app_serves_the_network(store: GraphStore) -> None:
    from cspgraph.api import create_app

    with TestClient(create_app(store=store)) as c:
        r = c.get("/network", params={"area": DURHAM})
        assert r.status_code == 200 and "cspgraph-data" in r.text
        assert c.get("/network/assets/vis-network.min.js").status_code == 200


# ---------------------------------------------------------------- one home per concept
PACKAGE = Path(v.__file__).parent


def values_block(name: str) -> list[str]:
    """The terms of the VALUES block of queries/internal/<name>.rq."""
    text = resources.internal_query(name)
    m = re.search(r"VALUES \?\w+ \{([^}]*)\}", text)
    assert m, name
    return m.group(1).split()


def test_display_classes_and_predicates_are_those_the_queries_ask_for() -> None:
    classes = [f"cspg:{c}" for g in v.GROUPS for c in g.classes]
    assert sorted(values_block("view-bodies")) == sorted(classes)
    assert sorted(values_block("view-relations")) == sorted(curie(p) for p in v.PREDICATES)


def test_no_sparql_in_the_code() -> None:
    for path in [*PACKAGE.glob("*.py"), *(PACKAGE.parent / "network").glob("*.py")]:
        text = path.read_text()
        assert not re.search(r"SELECT\s+(DISTINCT\s+)?[?*]|PREFIX\s+\w*:\s*<|WHERE\s*\{", text), path.name
    for name in ("view-bodies", "view-area-bodies", "view-chain-up", "view-merger-csp", "network-accountability"):
        assert resources.internal_query(name).startswith("# "), name


def test_names_follow_the_project_rule(store: GraphStore, durham: dict) -> None:
    names = display_names(store, [n["id"] for n in durham["nodes"]])
    for n in durham["nodes"]:
        assert n["label"] == names[n["id"]], n["id"]
        assert n["labels"][0] == n["label"]
    # the policing body's own styling (cspg:knownAs) is its name, as on its page
    lpb = by_id(durham)[str(ID[f"local-policing-body/{DURHAM}"])]
    assert lpb["label"] == names[lpb["id"]]


def test_modules_stay_small() -> None:
    import ast

    for path in [*PACKAGE.glob("*.py"), *(PACKAGE.parent / "network").glob("*.py")]:
        text = path.read_text()
        assert len(text.splitlines()) <= 400, path.name
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, ast.FunctionDef):
                assert node.end_lineno is not None
                assert node.end_lineno - node.lineno < 60, f"{path.name}: {node.name}"


# ---------------------------------------------------------------- layouts without scipy
@pytest.fixture
def no_scipy(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make ``import scipy`` fail, as it does where scipy is not installed (it is not a dependency; networkx's
    spring_layout needs it for graphs of 500 nodes or more)."""
    monkeypatch.setitem(sys.modules, "scipy", None)


def test_own_force_layout_is_networkx_s() -> None:
    g = nx.gnm_random_graph(120, 300, seed=2)
    for it in (1, 5):
        ours = layout._fruchterman_reingold(g, seed=7, k=0.1, iterations=it, weight="weight")
        theirs = nx.spring_layout(g, seed=7, k=0.1, iterations=it)
        assert max(abs(ours[n][0] - theirs[n][0]) + abs(ours[n][1] - theirs[n][1]) for n in g) < 1e-9


@pytest.mark.usefixtures("no_scipy")
def test_large_layouts_need_no_scipy() -> None:
    g = nx.gnm_random_graph(layout.NETWORKX_LIMIT + 50, 2000, seed=1)
    pos = layout.spring(g, seed=1, iterations=20)
    assert len(pos) == len(g) and len(set(pos.values())) == len(g)
    assert all(-1.0 <= x <= 1.0 and -1.0 <= y <= 1.0 for x, y in pos.values())


@pytest.mark.usefixtures("no_scipy")
def test_a_merger_of_150_csps_renders(store: GraphStore, client: TestClient) -> None:
    codes = sorted(n.code for n in index(store).nodes.values() if n.group == "csp")[:150]
    r = client.get("/network/data.json", params=[("csp", c) for c in codes])
    assert r.status_code == 200, r.text
    data = r.json()
    assert len(data["csps"]) == 150 and len(data["nodes"]) > layout.NETWORKX_LIMIT
    assert all("x" in n for n in data["nodes"] if not n.get("proposed"))
    page = client.get("/network", params=[("csp", c) for c in codes])
    assert page.status_code == 200 and "cspgraph-data" in page.text


@pytest.mark.usefixtures("no_scipy")
def test_the_country_with_every_kind_renders(store: GraphStore) -> None:
    c = v.country_view(store, kinds=list(v.GROUP_BY_KEY))
    assert {n["group"] for n in c["nodes"]} >= {"electorate", "committee", "office"}
    assert all("x" in n for n in c["nodes"])


def test_mergers_are_capped(store: GraphStore) -> None:
    from cspgraph.api import create_app

    with pytest.raises(TooLarge, match="at most 400 CSPs"):
        v.merger_view(store, [f"E22{i:06d}" for i in range(401)])
    four = [("csp", c) for c in ("E22000365", "E22000072", "E22000027", "E22000028")]
    with TestClient(create_app(Settings(network_max_csps=3, sparql_workers=1), store=store)) as small:
        r = small.get("/network/data.json", params=four)
        assert r.status_code == 413 and r.headers["content-type"] == "application/problem+json"
        assert "at most 3 CSPs" in r.json()["detail"]
        assert small.get("/network/data.json", params=four[:2]).status_code == 200


def test_views_are_kept_with_the_dataset(client: TestClient) -> None:
    dataset = client.app.state.dataset
    first = client.get("/network/data.json", params={"area": "E23000013"}).json()
    kept = [k for k in dataset._views if "E23000013" in k]
    assert len(kept) == 1
    assert client.get("/network/data.json", params={"area": "E23000013"}).json() == first
    assert len([k for k in dataset._views if "E23000013" in k]) == 1
