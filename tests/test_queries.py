"""The named query library: headers, equal answers on both engines, golden results, argument resolution."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef

from cspgraph import QueryRegistry, run_query
from cspgraph.errors import InputError, NotFound, QueryError
from cspgraph.namespaces import ID
from cspgraph.queries import parse_query_file, render, run_sparql
from cspgraph.resolve import resolve as resolve_resource
from cspgraph.stores import GraphStore, OxigraphStore, SelectResult

REGISTRY = QueryRegistry()
NAMES = REGISTRY.names()
SNAPSHOTS = Path(__file__).parent / "__snapshots__" / "queries"


def uri(path: str) -> str:
    return str(ID[path])


def column(result: SelectResult, var: str) -> set[str]:
    return {str(r[var]) for r in result.rows if r.get(var) is not None}


# ------------------------------------------------------------------ the library itself
def test_library_has_the_questions() -> None:
    assert len(NAMES) >= 12
    for required in (
        "list-accountability-links",
        "trace-accountability-chain",
        "list-csp-responsible-authorities",
        "list-body-memberships",
        "list-csps-in-police-area",
        "list-funding-of-body",
        "total-funding-by-police-area",
        "list-lpb-csp-cooperation",
        "list-csps-sharing-authorities",
        "count-partnerships-per-authority",
        "list-areas-with-several-csps",
        "list-csps-with-several-areas",
        "list-areas-split-between-icbs",
        "list-scrutiny-arrangements",
        "list-merger-membership-changes",
        "describe-body",
        "list-seed-disagreements",
    ):
        assert required in REGISTRY


@pytest.mark.parametrize("name", NAMES)
def test_header_and_projection(name: str) -> None:
    q = REGISTRY.get(name)
    assert re.fullmatch(r"[a-z]+(-[a-z]+)+", name), "verb-first kebab-case names"
    assert q.summary and q.tags and q.form == "SELECT"
    select = q.text[q.text.index("SELECT") : q.text.index("WHERE")]
    body = q.text[q.text.index("WHERE") :]
    for p in q.params:
        # Oxigraph substitutes only projected variables, and never inside BIND
        assert f"?{p.name} " in select or f"?{p.name}\n" in select, f"?{p.name} must be projected"
        assert not re.search(rf"BIND\([^)]*\?{p.name}\b", body), f"?{p.name} must not appear in a BIND"


def test_header_errors_name_the_file(tmp_path: Path) -> None:
    bad = tmp_path / "list-things.rq"
    bad.write_text("#+ summary: s\n#+ params:\n#+   - body (thing): x\nSELECT ?body WHERE { ?body ?p ?o }\n")
    with pytest.raises(QueryError, match=r"list-things.rq, line 3: unknown parameter kind"):
        parse_query_file(bad)
    bad.write_text("#+ params:\nSELECT * WHERE { ?s ?p ?o }\n")
    with pytest.raises(QueryError, match="no '#\\+ summary:'"):
        parse_query_file(bad)
    bad.write_text("#+ summary: s\n#+ params:\n#+   - body (body): x\n#+ example:\nSELECT ?body WHERE {}\n")
    with pytest.raises(QueryError, match="required parameter"):
        parse_query_file(bad)


# ------------------------------------------------------------------ both engines agree
@pytest.mark.parametrize("name", NAMES)
def test_same_answers_on_oxigraph_and_rdflib(name: str, store: GraphStore, rdflib_store: GraphStore) -> None:
    q = REGISTRY.get(name)
    ox = REGISTRY.run(store, name, **q.example)
    rl = REGISTRY.run(rdflib_store, name, **q.example)
    assert ox.variables == rl.variables
    assert ox.as_set() == rl.as_set()
    assert len(ox) > 0 or name == "list-seed-disagreements", f"the example of {name} should have answers"


# ------------------------------------------------------------------ golden results (compared as sets)
@pytest.mark.parametrize("name", NAMES)
def test_golden_result(name: str, store: GraphStore, update_snapshots: bool) -> None:
    q = REGISTRY.get(name)
    result = REGISTRY.run(store, name, **q.example)
    rows = sorted([[None if c is None else c for c in row] for row in result.as_set()], key=str)
    path = SNAPSHOTS / f"{name}.json"
    if update_snapshots or not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        payload = {"query": name, "params": q.example, "variables": result.variables, "rows": rows}
        path.write_text(json.dumps(payload, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        if not update_snapshots:
            pytest.skip(f"wrote the missing snapshot {path.name}")
    golden = json.loads(path.read_text(encoding="utf-8"))
    assert golden["variables"] == result.variables
    assert {tuple(r) for r in golden["rows"]} == result.as_set()


# ------------------------------------------------------------------ answers checked against the seeds and reference data
def test_durham_accountability(store: GraphStore) -> None:
    """The chief constable is held to account by the PCC, who is scrutinised by the panel and elected."""
    chain = run_query(store, "trace-accountability-chain", body="chief-officer/E23000008")
    links = {(str(r["from"]), str(r["relation"]).rsplit("/", 1)[-1], str(r["to"])) for r in chain}
    lpb = uri("local-policing-body/E23000008")
    assert (uri("chief-officer/E23000008"), "heldToAccountBy", lpb) in links
    assert (lpb, "scrutinisedBy", uri("police-and-crime-panel/E23000008")) in links
    assert (lpb, "electedBy", uri("electorate/E23000008")) in links
    assert {str(r["to"]) for r in chain if str(r["terminal"]) == "true"} == {uri("electorate/E23000008")}

    links1 = run_query(store, "list-accountability-links", body="E23000008")  # the PFA code stands for its PCC
    held = [r for r in links1 if str(r["relation"]).endswith("heldToAccountBy")]
    assert [(str(r["direction"]), str(r["other"]), str(r["provision"])) for r in held] == [
        ("down", uri("chief-officer/E23000008"), uri("provision/prsra-2011-s1-7"))
    ]


def test_cleveland_northumbria_kent_csps(store: GraphStore) -> None:
    cleveland = run_query(store, "list-csps-in-police-area", pfa="Cleveland")
    assert column(cleveland, "csp") == {uri(f"csp/E2200002{i}") for i in (7, 8, 9)} | {uri("csp/E22000030")}
    assert column(cleveland, "localPolicingBody") == {uri("local-policing-body/E23000013")}
    assert "Safer Stockton Partnership" in column(cleveland, "cspLabel")

    northumbria = run_query(store, "list-csps-in-police-area", pfa="E23000007")
    names = column(northumbria, "cspLabel")
    assert len(column(northumbria, "csp")) == 6
    for place in ("Sunderland", "South Tyneside", "North Tyneside", "Gateshead", "Newcastle", "Northumberland"):
        assert any(place in n for n in names), place

    kent = run_query(store, "list-csps-in-police-area", pfa="Kent")
    csps = column(kent, "csp")
    assert len(csps) == 12 and uri("csp/E22000143") in csps  # 10 district CSPs, Dartford and Gravesham, Medway
    kcc = uri("council/E10000016")
    with_kcc = {str(r["csp"]) for r in kent if str(r["council"]) == kcc}
    assert with_kcc == csps - {uri("csp/E22000143")}, "Kent County Council sits on every district CSP, not Medway's"


def test_safer_durham_responsible_authorities(store: GraphStore) -> None:
    res = run_query(store, "list-csp-responsible-authorities", csp="Safer Durham Partnership")
    current = {(str(r["authority"]), str(r["citation"])) for r in res if str(r["current"]) == "true"}
    assert current == {
        (uri("council/E06000047"), "CDA 1998 s5(1)(a)"),
        (uri("probation-region/N54"), "CDA 1998 s5(1)(aa)"),
        (uri("chief-officer/E23000008"), "CDA 1998 s5(1)(b)"),
        (uri("fire-and-rescue-authority/E31000013"), "CDA 1998 s5(1)(d)"),
        (uri("integrated-care-board/E54000050"), "CDA 1998 s5(1)(e)"),
    }
    historic = {str(r["authority"]) for r in res if str(r["current"]) == "false"}
    if historic:  # from the 2021 briefing in data/seeds
        assert all(r["validUntil"] is not None for r in res if str(r["current"]) == "false")


def test_scrutiny_of_the_durham_pcc(store: GraphStore) -> None:
    res = run_query(store, "list-scrutiny-arrangements", body="local-policing-body/E23000008")
    panel = [r for r in res if str(r["scrutineer"]) == uri("police-and-crime-panel/E23000008")]
    assert len(panel) == 1 and str(panel[0]["provision"]) == uri("provision/prsra-2011-s28")
    if panel[0]["councillorMembers"] is not None:  # the counts come from the 2021 briefing
        assert (int(panel[0]["councillorMembers"]), int(panel[0]["independentMembers"])) == (10, 2)  # type: ignore[arg-type]
    csp = run_query(store, "list-scrutiny-arrangements", body="E22000365")
    assert column(csp, "scrutineer") == {uri("crime-and-disorder-committee/E06000047")}


def test_merger_changes(store: GraphStore) -> None:
    same_force = run_query(store, "list-merger-membership-changes", csp="E22000027", other="E22000030")
    got = {(str(r["constituent"]), str(r["change"]), str(r["body"])) for r in same_force}
    assert got == {
        (uri("csp/E22000027"), "responsible authority", uri("council/E06000004")),
        (uri("csp/E22000027"), "crime and disorder committee", uri("crime-and-disorder-committee/E06000004")),
        (uri("csp/E22000030"), "responsible authority", uri("council/E06000001")),
        (uri("csp/E22000030"), "crime and disorder committee", uri("crime-and-disorder-committee/E06000001")),
    }
    across = run_query(store, "list-merger-membership-changes", csp="E22000365", other="Hartlepool")
    lpbs = {
        (str(r["constituent"]), str(r["body"]))
        for r in across
        if r["change"] == Literal("relevant local policing body")
    }
    assert lpbs == {
        (uri("csp/E22000365"), uri("local-policing-body/E23000013")),
        (uri("csp/E22000027"), uri("local-policing-body/E23000008")),
    }


def test_shared_authorities_and_geography(store: GraphStore) -> None:
    fra = run_query(store, "count-partnerships-per-authority", body="fire-and-rescue-authority/E31000013")
    assert [int(str(r["partnerships"])) for r in fra] == [2]  # County Durham and Darlington
    sharing = run_query(store, "list-csps-sharing-authorities", csp="E22000365")
    shared_fra = {str(r["other"]) for r in sharing if str(r["authority"]) == uri("fire-and-rescue-authority/E31000013")}
    assert shared_fra == {uri("csp/E22000072")}
    several = run_query(store, "list-csps-with-several-areas", pfa="Kent")
    assert column(several, "csp") == {uri("csp/E22000352")}  # Dartford and Gravesham
    assert len(column(several, "area")) == 2
    split = run_query(store, "list-areas-split-between-icbs")
    assert uri("local-authority-district/E06000065") in column(split, "area")
    areas = run_query(store, "list-areas-with-several-csps")
    assert uri("local-authority-district/E06000060") in column(areas, "area")  # Buckinghamshire's four old CSPs


def test_funding_has_no_invented_amounts(store: GraphStore) -> None:
    res = run_query(store, "list-funding-of-body", body="local-policing-body/E23000008")
    incoming = {
        (str(r["counterparty"]), str(r["fund"]).rsplit("/", 1)[-1]) for r in res if r["direction"] == Literal("in")
    }
    assert (uri("organisation/home-office"), "police-grant") in incoming
    assert (uri("council/E06000047"), "council-tax-precept") in incoming
    totals = run_query(store, "total-funding-by-police-area", pfa="Durham")
    assert {str(r["fund"]).rsplit("/", 1)[-1] for r in totals} >= {"police-grant", "council-tax-precept"}
    assert all(int(str(r["flowsWithAmount"])) == 0 and int(str(r["totalGBP"])) == 0 for r in totals)
    everywhere = run_query(store, "total-funding-by-police-area")
    assert len(column(everywhere, "pfa")) == 43


def test_shared_priorities_on_a_small_graph() -> None:
    ttl = """
    @prefix cspg: <https://w3id.org/cspgraph/def/> . @prefix id: <https://w3id.org/cspgraph/id/> .
    @prefix theme: <https://w3id.org/cspgraph/def/theme/> .
    <https://w3id.org/cspgraph/id/local-policing-body/X> cspg:cooperatesWith <https://w3id.org/cspgraph/id/csp/Y> ;
        cspg:plan <https://w3id.org/cspgraph/id/plan/p> .
    <https://w3id.org/cspgraph/id/csp/Y> a cspg:CommunitySafetyPartnership ; cspg:plan <https://w3id.org/cspgraph/id/plan/q> .
    <https://w3id.org/cspgraph/id/plan/p> cspg:theme theme:a, theme:b .
    <https://w3id.org/cspgraph/id/plan/q> cspg:theme theme:b, theme:c .
    """
    small = OxigraphStore()
    small.add_graph(Graph().parse(data=ttl, format="turtle"), "urn:test")
    res = run_query(small, "list-lpb-csp-cooperation", body=URIRef(uri("local-policing-body/X")))
    assert column(res, "sharedTheme") == {"https://w3id.org/cspgraph/def/theme/b"}


def test_describe_shows_sources(store: GraphStore) -> None:
    res = run_query(store, "describe-body", body="csp/E22000365")
    graphs = column(res, "graph")
    assert "https://w3id.org/cspgraph/graph/landscape" in graphs
    out = {(str(r["property"]), str(r["value"])) for r in res if r["direction"] == Literal("out")}
    assert ("https://w3id.org/cspgraph/def/statutoryBasis", uri("provision/cda-1998-s5")) in out


def test_seed_disagreements_point_at_provisions(store: GraphStore) -> None:
    res = run_query(store, "list-seed-disagreements")
    if not len(res):
        pytest.skip("data/seeds has no cspg:SeedDisagreement yet")
    assert all(str(r["provision"]).startswith(uri("provision/")) and r["citation"] is not None for r in res)
    assert uri("provision/cda-1998-s5-1-c") in column(res, "provision")  # "PCC a Responsible Authority" (2011)


# ------------------------------------------------------------------ resolving arguments
def test_resolve_forms(store: GraphStore) -> None:
    lpb = URIRef(uri("local-policing-body/E23000008"))
    assert resolve_resource(store, "E23000008") == lpb  # an area code stands for the body that governs it
    assert resolve_resource(store, "durham POLICE and crime commissioner") == lpb
    assert resolve_resource(store, "local-policing-body/E23000008") == lpb
    assert resolve_resource(store, str(lpb)) == lpb
    assert resolve_resource(store, "E06000047") == URIRef(uri("council/E06000047"))
    assert resolve_resource(store, "E06000001", "csp") == URIRef(uri("csp/E22000027"))  # Hartlepool's CSP
    assert resolve_resource(store, "Kent", "pfa") == URIRef(uri("police-force-area/E23000032"))


def test_resolve_errors(store: GraphStore) -> None:
    with pytest.raises(InputError, match="ambiguous.*council/E06000047.*csp/E22000365"):
        resolve_resource(store, "County Durham")
    with pytest.raises(NotFound, match="did you mean"):
        resolve_resource(store, "Durhm", "pfa")
    with pytest.raises(NotFound):
        resolve_resource(store, "E22999999", "csp")
    with pytest.raises(InputError, match="not a community safety partnership"):
        resolve_resource(store, "chief-officer/E23000008", "csp")
    with pytest.raises(InputError, match="no parameter 'pfa'"):
        run_query(store, "list-csp-responsible-authorities", pfa="Kent")
    with pytest.raises(InputError, match="needs --param csp"):
        run_query(store, "list-csp-responsible-authorities")
    with pytest.raises(NotFound, match="did you mean list-csps-in-police-area"):
        run_query(store, "list-csps-in-police-areas", pfa="Kent")


def test_values_are_bound_not_pasted(store: GraphStore) -> None:
    hostile = 'x" } } DROP ALL ; SELECT * WHERE { ?s ?p "'
    with pytest.raises(NotFound):
        run_query(store, "list-csp-responsible-authorities", csp=hostile)
    res = run_query(store, "list-csp-responsible-authorities", csp=URIRef("https://example.org/no-such-csp"))
    assert len(res) == 0


# ------------------------------------------------------------------ ad-hoc queries and formats
def test_read_only(store: GraphStore) -> None:
    for update in ("INSERT DATA { <a:b> <a:c> <a:d> }", "DELETE WHERE { ?s ?p ?o }", "LOAD <http://x>", "CLEAR ALL"):
        with pytest.raises(QueryError, match="Update is refused"):
            run_sparql(store, update)
    with pytest.raises(QueryError, match="SERVICE .* is refused"):
        run_sparql(store, "SELECT * WHERE { SERVICE <http://x/sparql> { ?s ?p ?o } }")
    run_sparql(store, 'SELECT ?insert WHERE { ?insert rdfs:label "delete and clear" . ?x <urn:load> ?y }  # drop')


def test_run_sparql(store: GraphStore) -> None:
    res = run_sparql(store, "SELECT (COUNT(DISTINCT ?c) AS ?n) WHERE { ?c a cspg:CommunitySafetyPartnership }")
    assert isinstance(res, SelectResult) and int(str(res.rows[0]["n"])) == 314
    assert run_sparql(store, "ASK { id:csp\\/E22000365 a cspg:CommunitySafetyPartnership }") is True
    g = run_sparql(store, f"DESCRIBE <{uri('csp/E22000365')}>")
    assert isinstance(g, Graph) and len(g) > 10
    with pytest.raises(QueryError, match=r"line:column 2:"):
        run_sparql(store, "SELECT ?x WHERE {\n  ?x ?y }")


def test_render_formats(store: GraphStore) -> None:
    res = run_query(store, "list-csps-in-police-area", pfa="Cleveland")
    data = json.loads(render(res, "json"))
    assert data["head"]["vars"] == res.variables and len(data["results"]["bindings"]) == len(res)
    assert render(res, "csv").splitlines()[0] == ",".join(res.variables)
    tsv = render(res, "tsv").splitlines()
    assert tsv[0].startswith("?pfa\t") and "<https://w3id.org/cspgraph/id/csp/E22000027>" in "\n".join(tsv)
    table = render(res, "table")
    assert "id:csp/E22000027" in table and table.rstrip().endswith("(4 rows)")
    with pytest.raises(InputError):
        render(res, "xml")


def test_render_is_the_same_from_either_term_model(store: GraphStore) -> None:
    """A result made from rdflib rows (the rdflib engine, a server) and one made from pyoxigraph terms (the embedded
    store) hold the same answer and print the same text, in every format."""
    res = run_query(store, "list-csps-in-police-area", pfa="Cleveland")
    from_rows = SelectResult(res.variables, [dict(r) for r in res.rows])
    from_terms = SelectResult(res.variables, terms=list(res.terms))
    assert from_rows == from_terms and from_rows.as_set() == from_terms.as_set() == res.as_set()
    assert len(from_rows) == len(from_terms) == 4
    for fmt in ("table", "csv", "tsv", "json"):
        assert render(from_rows, fmt) == render(from_terms, fmt)
    lang = SelectResult(["x"], [{"x": Literal("Durham", lang="en")}])
    assert '"xml:lang": "en"' in render(lang, "json") and '"Durham"@en' in render(lang, "tsv")
    with pytest.raises(TypeError):
        SelectResult(["x"])


def test_a_query_is_read_from_its_own_file_first(tmp_path: Path) -> None:
    """Asking for one query reads that file only (a broken neighbour does not matter until the folder is listed)."""
    source = REGISTRY.get("list-csps-in-police-area").path
    (tmp_path / source.name).write_text(source.read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "broken.rq").write_text("SELECT ?x WHERE { ?x ?y ?z }\n", encoding="utf-8")  # no header
    reg = QueryRegistry(tmp_path)
    assert reg.get("list-csps-in-police-area").params[0].name == "pfa"
    with pytest.raises(QueryError, match="broken.rq"):  # an unknown name lists the folder, which names the file
        reg.get("list-csps-in-police-are")
    (tmp_path / "broken.rq").unlink()
    reg.reload()
    with pytest.raises(NotFound, match="list-csps-in-police-area"):
        reg.get("list-csps-in-police-are")
    with pytest.raises(NotFound):
        reg.get("../list-csps-in-police-area")
