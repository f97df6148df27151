"""The landscape through time, checked on real dates against answers written from the sources, not from the build:
the kind of local policing body of every police area (a table written from the shared timeline.md), the districts,
CSPs, combined authorities and health bodies of each ONS lookup (read from the lookup files here), and the defects
the as-of date used to show."""

from __future__ import annotations

import csv
import datetime as dt
from collections import defaultdict
from pathlib import Path

import pytest
from rdflib import URIRef

from cspgraph import resources
from cspgraph.asof import in_force, latest
from cspgraph.stores import GraphStore, OxigraphStore

ID = "https://w3id.org/cspgraph/id/"
CSPG = "https://w3id.org/cspgraph/def/"
P = "PREFIX cspg: <https://w3id.org/cspgraph/def/> PREFIX org: <http://www.w3.org/ns/org#> "
pytestmark = pytest.mark.shared

# The kind of local policing body of each police area on each date, from the shared timeline.md (policing table):
# PCCs from 2012-11-22; Greater Manchester's mayor from 2017-05-08; PFCCs in Essex from 2017-10-01, Staffordshire
# from 2018-08-01, North Yorkshire from 2018-11-15, Northamptonshire from 2019-01-01, Cumbria from 2023-04-01; West
# Yorkshire's mayor from 2021-05-10; South Yorkshire's and York and North Yorkshire's mayors from May 2024; MOPAC
# from 2012-01-16; the Common Council in the City throughout.
DATES = ("2013-04-01", "2017-06-01", "2021-06-01", "2024-06-01", "latest")
LPB_TABLE = """
E23000001 Metropolitan Police District  MOPAC MOPAC MOPAC MOPAC MOPAC
E23000002 Cumbria                       PCC   PCC   PCC   PFCC  PFCC
E23000003 Lancashire                    PCC   PCC   PCC   PCC   PCC
E23000004 Merseyside                    PCC   PCC   PCC   PCC   PCC
E23000005 Greater Manchester            PCC   MAYOR MAYOR MAYOR MAYOR
E23000006 Cheshire                      PCC   PCC   PCC   PCC   PCC
E23000007 Northumbria                   PCC   PCC   PCC   PCC   PCC
E23000008 Durham                        PCC   PCC   PCC   PCC   PCC
E23000009 North Yorkshire               PCC   PCC   PFCC  MAYOR MAYOR
E23000010 West Yorkshire                PCC   PCC   MAYOR MAYOR MAYOR
E23000011 South Yorkshire               PCC   PCC   PCC   MAYOR MAYOR
E23000012 Humberside                    PCC   PCC   PCC   PCC   PCC
E23000013 Cleveland                     PCC   PCC   PCC   PCC   PCC
E23000014 West Midlands                 PCC   PCC   PCC   PCC   PCC
E23000015 Staffordshire                 PCC   PCC   PFCC  PFCC  PFCC
E23000016 West Mercia                   PCC   PCC   PCC   PCC   PCC
E23000017 Warwickshire                  PCC   PCC   PCC   PCC   PCC
E23000018 Derbyshire                    PCC   PCC   PCC   PCC   PCC
E23000019 Nottinghamshire               PCC   PCC   PCC   PCC   PCC
E23000020 Lincolnshire                  PCC   PCC   PCC   PCC   PCC
E23000021 Leicestershire                PCC   PCC   PCC   PCC   PCC
E23000022 Northamptonshire              PCC   PCC   PFCC  PFCC  PFCC
E23000023 Cambridgeshire                PCC   PCC   PCC   PCC   PCC
E23000024 Norfolk                       PCC   PCC   PCC   PCC   PCC
E23000025 Suffolk                       PCC   PCC   PCC   PCC   PCC
E23000026 Bedfordshire                  PCC   PCC   PCC   PCC   PCC
E23000027 Hertfordshire                 PCC   PCC   PCC   PCC   PCC
E23000028 Essex                         PCC   PCC   PFCC  PFCC  PFCC
E23000029 Thames Valley                 PCC   PCC   PCC   PCC   PCC
E23000030 Hampshire                     PCC   PCC   PCC   PCC   PCC
E23000031 Surrey                        PCC   PCC   PCC   PCC   PCC
E23000032 Kent                          PCC   PCC   PCC   PCC   PCC
E23000033 Sussex                        PCC   PCC   PCC   PCC   PCC
E23000034 City of London                CITY  CITY  CITY  CITY  CITY
E23000035 Devon and Cornwall            PCC   PCC   PCC   PCC   PCC
E23000036 Avon and Somerset             PCC   PCC   PCC   PCC   PCC
E23000037 Gloucestershire               PCC   PCC   PCC   PCC   PCC
E23000038 Wiltshire                     PCC   PCC   PCC   PCC   PCC
E23000039 Dorset                        PCC   PCC   PCC   PCC   PCC
W15000001 North Wales                   PCC   PCC   PCC   PCC   PCC
W15000002 Gwent                         PCC   PCC   PCC   PCC   PCC
W15000003 South Wales                   PCC   PCC   PCC   PCC   PCC
W15000004 Dyfed-Powys                   PCC   PCC   PCC   PCC   PCC
"""
KINDS = {
    "PCC": "PoliceAndCrimeCommissioner",
    "PFCC": "PoliceFireAndCrimeCommissioner",
    "MAYOR": "MayorWithPCCFunctions",
    "MOPAC": "MayorsOfficeForPolicingAndCrime",
    "CITY": "CityOfLondonPoliceAuthority",
}


def expected_kinds() -> dict[str, dict[str, str]]:
    """date -> police area code -> kind, from the table."""
    out: dict[str, dict[str, str]] = defaultdict(dict)
    for line in LPB_TABLE.strip().splitlines():
        code, *rest = line.split()
        for date, kind in zip(DATES, rest[-len(DATES) :], strict=True):
            out[date][code] = kind
    return out


def rows(reference: Path, name: str) -> list[dict[str, str]]:
    with (reference / name).open(newline="", encoding="utf-8-sig") as fh:
        return [{k: v.strip() for k, v in r.items()} for r in csv.DictReader(fh)]


@pytest.fixture(scope="module")
def landscape() -> GraphStore:
    """The ontology and the generated graphs (landscape, metadata, legislation), without the seed documents, which
    name historic bodies of their own."""
    st = OxigraphStore()
    for f in resources.ontology_files():
        st.load_file(f, resources.ONTOLOGY_GRAPH)
    for name in ("landscape", "metadata", "legislation"):
        st.load_file(resources.data_dir() / f"{name}.ttl", resources.GRAPH_NS + name)
    return st


@pytest.fixture(scope="module")
def day_of(store: GraphStore) -> dict[str, str]:
    """The table's dates, with the dataset's latest date."""
    last = latest(store)
    assert last is not None
    return {d: str(last) if d == "latest" else d for d in DATES}


def kinds_on(view: GraphStore) -> dict[str, set[str]]:
    """police area code -> the local names of the cspg: classes of its local policing bodies in force."""
    q = P + "SELECT ?a ?t WHERE { ?a cspg:localPolicingBody ?b . ?b a ?t }"
    out: dict[str, set[str]] = defaultdict(set)
    for r in view.select(q):
        if str(r["t"]).startswith(CSPG):
            out[str(r["a"]).rsplit("/", 1)[-1]].add(str(r["t"]).removeprefix(CSPG))
    return out


@pytest.mark.parametrize("date", DATES)
def test_local_policing_body_of_every_area(store: GraphStore, day_of: dict[str, str], date: str) -> None:
    got = kinds_on(in_force(store, day_of[date]))
    want = expected_kinds()[date]
    assert set(got) == set(want) and len(want) == 43
    for code, kind in want.items():
        classes = got[code]
        assert KINDS[kind] in classes, (date, code, classes)
        if kind == "PCC":  # a PCC that is not (yet) a PFCC, and exactly one body
            assert "PoliceFireAndCrimeCommissioner" not in classes, (date, code)
        assert len([c for c in classes if c in KINDS.values()]) == (2 if kind == "PFCC" else 1), (date, code)


def test_no_local_policing_body_before_the_commissioners(landscape: GraphStore) -> None:
    store = landscape
    """On 1 June 2012 the 41 areas outside London had police authorities, which were not local policing bodies."""
    got = kinds_on(in_force(store, "2012-06-01"))
    assert set(got) == {"E23000001", "E23000034"}
    q = P + "SELECT ?pa WHERE { ?pa a cspg:PoliceAuthority }"
    assert len(in_force(store, "2012-06-01").select(q)) == 41
    assert len(in_force(store, "2012-01-01").select(q)) == 42  # and the Metropolitan Police Authority until 16 January


def test_districts_and_csps_in_january_2017(store: GraphStore, reference_dir: Path) -> None:
    lookup = rows(reference_dir, "ons_lad17_csp17_pfa17_jan2017_v2.csv")
    view = in_force(store, "2017-01-31")
    q = (
        P
        + "SELECT ?csp ?lad ?pfa WHERE { ?csp cspg:servesArea ?lad . ?lad cspg:withinArea ?pfa . ?pfa a cspg:PoliceForceArea }"
    )
    got = {tuple(str(r[v]).rsplit("/", 1)[-1] for v in ("lad", "csp", "pfa")) for r in view.select(q)}
    want = {(r["LAD17CD"], r["CSP17CD"], r["PFA17CD"]) for r in lookup}
    assert got == want
    assert len({lad for lad, _, _ in want}) == 348 and len({csp for _, csp, _ in want}) == 314
    lads = view.select(
        P + 'SELECT DISTINCT ?a WHERE { ?a cspg:gssCode ?c FILTER(REGEX(?c, "^(E06|E07|E08|E09|W06)")) }'
    )
    assert len(lads) == 348
    assert view.count_instances(CSPG + "CommunitySafetyPartnership") == 314


def test_clinical_commissioning_groups_then_integrated_care_boards(landscape: GraphStore, reference_dir: Path) -> None:
    store = landscape
    ccgs = {r["ccg21_code"] for r in rows(reference_dir, "derived_lad21_to_ccg21_from_geographr_lsoa11_lookup.csv")}
    icbs = {r["icb22_code"] for r in rows(reference_dir, "derived_lad22_to_icb22_from_geographr_lsoa11_lookup.csv")}

    def codes(view: GraphStore, cls: str) -> set[str]:
        return {str(r["b"]).rsplit("/", 1)[-1] for r in view.select(f"SELECT ?b WHERE {{ ?b a <{CSPG}{cls}> }}")}

    for date in ("2013-04-01", "2017-06-01", "2021-06-01", "2022-06-30"):
        assert not codes(in_force(store, date), "IntegratedCareBoard"), date
    assert codes(in_force(store, "2022-06-30"), "ClinicalCommissioningGroup") == ccgs and len(ccgs) == 106
    assert codes(in_force(store, "2022-07-01"), "IntegratedCareBoard") == icbs and len(icbs) == 42
    assert not codes(in_force(store, "2022-07-01"), "ClinicalCommissioningGroup")
    q = (
        P
        + "SELECT ?m WHERE { ?m a cspg:ResponsibleAuthorityMembership ; org:member ?b . ?b a cspg:ClinicalCommissioningGroup }"
    )
    assert in_force(store, "2022-06-30").select(q) and not in_force(store, "2022-07-01").select(q)


def test_icb_boundaries_of_april_2024(store: GraphStore, reference_dir: Path) -> None:
    pairs = {
        (r["icb24_code"], r["ltla24_code"])
        for r in rows(reference_dir, "derived_lad24_to_icb24_from_geographr_lsoa21_lookup.csv")
    }
    q = P + "SELECT ?icb ?lad WHERE { ?icb a cspg:IntegratedCareBoard ; cspg:coversArea ?lad }"
    got = {
        (str(r["icb"]).rsplit("/", 1)[-1], str(r["lad"]).rsplit("/", 1)[-1])
        for r in in_force(store, "2024-04-01").select(q)
    }
    assert got == pairs


def members_on(view: GraphStore) -> dict[str, set[str]]:
    """combined authority area -> the districts within it."""
    q = P + "SELECT ?ca ?lad WHERE { ?lad cspg:withinArea ?ca . ?ca a cspg:CombinedAuthorityArea }"
    out: dict[str, set[str]] = defaultdict(set)
    for r in view.select(q):
        out[str(r["ca"]).rsplit("/", 1)[-1]].add(str(r["lad"]).rsplit("/", 1)[-1])
    return out


@pytest.mark.parametrize("year", [2019, 2020, 2021, 2023])
def test_combined_authorities_at_each_lookup_date(store: GraphStore, reference_dir: Path, year: int) -> None:
    y = year % 100
    want: dict[str, set[str]] = defaultdict(set)
    for r in rows(reference_dir, f"geographr_lookup_ltla{y}_cauth{y}.csv"):
        want[r[f"cauth{y}_code"]].add(r[f"ltla{y}_code"])
    assert members_on(in_force(store, f"{year}-12-31")) == want


def test_north_east_mayoral_authority_from_may_2024(store: GraphStore, reference_dir: Path) -> None:
    """The North East Mayoral Combined Authority (7 councils) replaced the North East and North of Tyne combined
    authorities in May 2024 (timeline.md): their 7 districts of the December 2023 lookup."""
    old = {
        r["ltla23_code"]
        for r in rows(reference_dir, "geographr_lookup_ltla23_cauth23.csv")
        if r["cauth23_code"] in ("E47000010", "E47000011")
    }
    assert len(old) == 7
    before, after = members_on(in_force(store, "2024-05-01")), members_on(in_force(store, "2024-06-01"))
    assert {"E47000010", "E47000011"} <= set(before) and not {"E47000010", "E47000011"} & set(after)
    (merged,) = [ca for ca, lads in after.items() if lads == old]
    councils = in_force(store, "2024-06-01").select(
        P + f"SELECT ?c WHERE {{ ?c org:memberOf <{ID}combined-authority/{merged}> }}"
    )
    assert {str(r["c"]).rsplit("/", 1)[-1] for r in councils} == old


def test_east_midlands_and_greater_lincolnshire_have_all_their_districts(store: GraphStore) -> None:
    """Their districts are those of their member councils, county councils included (mySociety's register): 17
    districts (19 councils) and 9; Greater Lincolnshire and Hull and East Yorkshire from 2025-05-01."""
    now = members_on(in_force(store, latest(store) or "2026-02-24"))
    assert len(now["E47000013"]) == 17 and len(now["E47000017"]) == 9 and len(now["E47000016"]) == 2
    assert "E47000017" not in members_on(in_force(store, "2025-04-30"))
    for code in ("E47000016", "E47000017"):
        start = store.select(f"SELECT ?d WHERE {{ <{ID}combined-authority/{code}> <https://schema.org/validFrom> ?d }}")
        assert [str(r["d"]) for r in start] == ["2025-05-01"]


def test_the_greater_london_authority_once(store: GraphStore) -> None:
    q = 'SELECT DISTINCT ?s WHERE { ?s <http://purl.org/dc/terms/identifier> "E61000001" }'
    assert {str(r["s"]) for r in store.select(q)} == {f"{ID}organisation/greater-london-authority"}
    q = f"ASK {{ <{ID}organisation/greater-london-authority> a <{CSPG}CombinedAuthority> }}"
    assert not store.ask(q)
    assert not store.exists(f"{ID}combined-authority/E61000001")


def test_south_and_york_mayors_were_not_local_policing_bodies_in_2021(store: GraphStore) -> None:
    got = kinds_on(in_force(store, "2021-01-01"))
    assert got["E23000011"] == {"PoliceAndCrimeCommissioner"}
    assert got["E23000009"] == {"PoliceAndCrimeCommissioner", "PoliceFireAndCrimeCommissioner"}


def test_every_change_event_has_a_date_a_status_and_a_source(store: GraphStore) -> None:
    q = (
        P
        + """PREFIX dcterms: <http://purl.org/dc/terms/>
    SELECT ?e (COUNT(DISTINCT ?date) AS ?dates) (COUNT(DISTINCT ?status) AS ?statuses)
           (COUNT(DISTINCT ?source) AS ?sources) (COUNT(DISTINCT ?described) AS ?known) (COUNT(DISTINCT ?c) AS ?conf)
    WHERE { ?e a org:ChangeEvent .
      OPTIONAL { ?e dcterms:date ?date FILTER(DATATYPE(?date) = <http://www.w3.org/2001/XMLSchema#date>) }
      OPTIONAL { ?e cspg:changeStatus ?status . ?status a cspg:ChangeStatus }
      OPTIONAL { ?e dcterms:source ?source OPTIONAL { ?source dcterms:title ?t BIND(?source AS ?described) } }
      OPTIONAL { ?e cspg:confidence ?c . ?c a cspg:ConfidenceLevel }
    } GROUP BY ?e"""
    )
    res = store.select(q).rows
    assert len(res) > 50
    for r in res:
        counts = {k: int(str(r[k])) for k in ("dates", "statuses", "sources", "known", "conf")}
        assert counts["dates"] == counts["statuses"] == counts["conf"] == 1, (r["e"], counts)
        assert counts["sources"] >= 1 and counts["known"] == counts["sources"], (r["e"], counts)
    statuses = {
        str(r["s"]).rsplit("/", 1)[-1] for r in store.select(P + "SELECT DISTINCT ?s WHERE { ?e cspg:changeStatus ?s }")
    }
    assert statuses == {"in-force", "enacted", "announced", "proposed"}


def test_only_changes_in_force_start_or_end_anything(store: GraphStore) -> None:
    """No resource starts or ends after the dataset's date, which is the latest date any of them does."""
    last = latest(store)
    q = "SELECT (MAX(?d) AS ?m) WHERE { ?s <https://schema.org/validFrom>|<https://schema.org/validUntil> ?d }"
    assert str(store.select(q).rows[0]["m"]) == str(last) and last == dt.date(2026, 2, 24)


def test_todays_uris_are_todays_bodies_and_predecessors_are_linked(store: GraphStore) -> None:
    q = "SELECT ?new ?old WHERE { ?new <http://purl.org/dc/terms/replaces> ?old }"
    mayor = URIRef(f"{ID}local-policing-body/E23000005")
    assert store.ask(f"ASK {{ <{mayor}> a <{CSPG}MayorWithPCCFunctions> }}")
    assert {str(r["old"]) for r in store.select(q, {"new": mayor})} == {f"{ID}local-policing-body/E23000005/2012-11-22"}
    pcc = URIRef(f"{ID}local-policing-body/E23000005/2012-11-22")
    assert {str(r["old"]) for r in store.select(q, {"new": pcc})} == {f"{ID}police-authority/E23000005"}


def test_where_no_source_dates_something_the_data_says_so(store: GraphStore) -> None:
    q = f"SELECT ?s WHERE {{ ?s a <{CSPG}PoliceAuthority> ; <{CSPG}dateNote> ?n }}"
    noted = {str(r["s"]) for r in store.select(q)}
    assert len(noted) == 42  # no source gives a police authority's start
    for u in (
        "local-policing-body/E23000011",
        "local-policing-body/E23000009",
        "combined-authority/north-east-mayoral-combined-authority",
    ):
        assert store.select(f"SELECT ?n WHERE {{ <{ID}{u}> <{CSPG}dateNote> ?n }}"), u
