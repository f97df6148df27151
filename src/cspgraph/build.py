"""``cspgraph build``: generate data/landscape.ttl and data/metadata.ttl from the reference lookups.

The landscape is derived, never typed in: every area, CSP and LAD -> CSP -> PFA link comes from the ONS lookups;
councils and two-tier structure from mySociety's register; fire, ICB and LHB areas from the ONS lookups; and the
responsible-authority memberships of every CSP are computed from CDA 1998 s5(1). Output files are written to a
temporary file and renamed, so data/ is never left half-written.
"""

from __future__ import annotations

import csv
import sys
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import RDF, RDFS, XSD, Graph, Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, ORG, OWL, PROV, SKOS, VOID

from cspgraph import facts, resources
from cspgraph.errors import ReferenceDataError
from cspgraph.files import write_bytes_atomic
from cspgraph.namespaces import CSPG, FUND, GOVYEAR, ID, KIND, ROLE, SCHEMA, STATGEO, bind_prefixes

REFERENCE_FILES: dict[str, tuple[str, ...]] = {
    "geographr_lookup_ltla24_csp24_pfa24.csv": (
        "ltla24_code",
        "ltla24_name",
        "csp24_code",
        "csp24_name",
        "pfa24_code",
        "pfa24_name",
    ),
    "geographr_lookup_ltla24_fra24.csv": ("ltla24_code", "fra24_code", "fra24_name"),
    "derived_lad22_to_icb22_from_geographr_lsoa11_lookup.csv": (
        "ltla22_code",
        "icb22_code",
        "icb22_code_h",
        "icb22_name",
        "n_lsoa11",
    ),
    "geographr_lookup_ltla21_lhb22.csv": ("ltla21_code", "lhb22_code", "lhb22_name"),
    "mysociety_uk_local_authorities_current_v1.6.1.csv": (
        "local-authority-code",
        "official-name",
        "nice-name",
        "gss-code",
        "start-date",
        "end-date",
        "replaced-by",
        "nation",
        "local-authority-type",
        "county-la",
        "combined-authority",
        "current-authority",
    ),
}

ENGLAND, WALES = ID["country/E92000001"], ID["country/W92000004"]
OGL = URIRef("http://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/")
CC_BY = URIRef("https://creativecommons.org/licenses/by/4.0/")
DATASET = ID["dataset/cspgraph"]
ORG_HASMEMBER = ORG.hasMember


def prov(slug: str) -> URIRef:
    """The URI of a provision in data/legislation.ttl."""
    return ID[f"provision/{slug}"]


def read_table(reference: Path, name: str) -> list[dict[str, str]]:
    """Read one reference CSV, checking that it exists and has the columns the build needs."""
    path = reference / name
    if not path.is_file():
        raise ReferenceDataError(
            str(path), f"reference file is missing; put the shared reference data at {reference} or pass --reference"
        )
    with path.open(newline="", encoding="utf-8-sig") as fh:
        reader = csv.DictReader(fh)
        missing = [c for c in REFERENCE_FILES[name] if c not in (reader.fieldnames or [])]
        if missing:
            raise ReferenceDataError(str(path), f"missing column(s) {', '.join(missing)} in the header", 1)
        rows = []
        for i, row in enumerate(reader, start=2):
            for c in REFERENCE_FILES[name]:
                if row.get(c) is None:
                    raise ReferenceDataError(str(path), f"row has too few fields (no {c!r})", i)
            rows.append(row)
    if not rows:
        raise ReferenceDataError(str(path), "the file has a header but no rows")
    return rows


@dataclass
class Builder:
    reference: Path
    progress: Callable[[str], None] = lambda msg: None
    g: Graph = field(default_factory=lambda: bind_prefixes(Graph()))

    # ------------------------------------------------------------ small helpers
    def add(self, s: URIRef, p: URIRef, o: URIRef | Literal) -> None:
        self.g.add((s, p, o))

    def label(self, s: URIRef, text: str, alt: str | None = None) -> None:
        self.add(s, RDFS.label, Literal(text, lang="en"))
        if alt and alt != text:
            self.add(s, SKOS.altLabel, Literal(alt, lang="en"))

    def code(self, s: URIRef, gss: str, geography: bool) -> None:
        self.add(s, DCTERMS.identifier, Literal(gss))
        self.add(s, SKOS.notation, Literal(gss))
        if geography:
            self.add(s, CSPG.gssCode, Literal(gss))
            self.add(s, OWL.sameAs, STATGEO[gss])

    def relate(self, s: URIRef, p: URIRef, o: URIRef, basis: str | None = None, slug: str | None = None) -> None:
        """Add a relation; accountability sub-properties also get org:reportsTo; with a basis, a qualified node."""
        self.add(s, p, o)
        if p in (CSPG.heldToAccountBy, CSPG.scrutinisedBy, CSPG.electedBy, CSPG.accountableTo, CSPG.reportsTo):
            self.add(s, ORG.reportsTo, o)
            if p != CSPG.accountableTo and p != CSPG.reportsTo:
                self.add(s, CSPG.accountableTo, o)
        if basis:
            local = str(p).rsplit("/", 1)[-1]
            rel = ID[f"relationship/{slug or _tail(s)}/{local}/{_tail(o)}"]
            self.add(rel, RDF.type, CSPG.Relationship)
            self.add(rel, CSPG.relation, p)
            self.add(rel, CSPG.object, o)
            self.add(rel, CSPG.statutoryBasis, prov(basis))
            self.add(s, CSPG.qualifiedRelationship, rel)

    def body(self, s: URIRef, cls: URIRef, name: str, alt: str | None = None, country: URIRef | None = None) -> None:
        self.add(s, RDF.type, cls)
        self.label(s, name, alt)
        if country is not None:
            self.add(s, CSPG.inCountry, country)

    def flow(self, funder: URIRef, recipient: URIRef, fund: str, basis: str, note: str | None = None) -> None:
        f = ID[f"funding-flow/{fund}/{_tail(funder)}/{_tail(recipient)}"]
        self.add(f, RDF.type, CSPG.FundingFlow)
        self.add(f, SCHEMA.funder, funder)
        self.add(f, CSPG.recipient, recipient)
        self.add(f, SCHEMA.fundedItem, recipient)
        self.add(f, CSPG.fund, FUND[fund])
        self.add(f, CSPG.financialYear, GOVYEAR[facts.FINANCIAL_YEAR])
        self.add(f, CSPG.statutoryBasis, prov(basis))
        self.add(f, RDFS.label, Literal(f"{fund.replace('-', ' ')}: {_tail(funder)} to {_tail(recipient)}", lang="en"))
        if note:
            self.add(f, SKOS.note, Literal(note, lang="en"))

    def membership(self, csp: URIRef, member: URIRef, basis: str, since: str | None = None) -> None:
        m = ID[f"membership/{_tail(csp)}/{_kind(member)}-{_tail(member)}"]
        self.add(m, RDF.type, CSPG.ResponsibleAuthorityMembership)
        self.add(m, RDF.type, ORG.Membership)
        self.add(m, ORG.member, member)
        self.add(m, ORG.organization, csp)
        self.add(m, ORG.role, ROLE["responsible-authority"])
        self.add(m, CSPG.statutoryBasis, prov(basis))
        if since:
            self.add(m, SCHEMA.validFrom, Literal(since, datatype=XSD.date))
        self.add(csp, CSPG.responsibleAuthority, member)
        self.add(csp, ORG_HASMEMBER, member)

    # ------------------------------------------------------------ the build
    def run(self) -> Graph:
        ref = self.reference
        self.progress("reading reference lookups")
        lookup = read_table(ref, "geographr_lookup_ltla24_csp24_pfa24.csv")
        fra_rows = read_table(ref, "geographr_lookup_ltla24_fra24.csv")
        icb_rows = read_table(ref, "derived_lad22_to_icb22_from_geographr_lsoa11_lookup.csv")
        lhb_rows = read_table(ref, "geographr_lookup_ltla21_lhb22.csv")
        la_rows = read_table(ref, "mysociety_uk_local_authorities_current_v1.6.1.csv")

        la_by_gss = {r["gss-code"]: r for r in la_rows if r["current-authority"] == "True"}
        la_by_code = {r["local-authority-code"]: r for r in la_rows}
        lads: dict[str, str] = {}
        lad_pfa: dict[str, str] = {}
        pfa_names: dict[str, str] = {}
        csp_lads: dict[str, list[str]] = defaultdict(list)
        csp_names: dict[str, str] = {}
        lad_csps: dict[str, list[str]] = defaultdict(list)
        for r in lookup:
            lads[r["ltla24_code"]] = r["ltla24_name"]
            lad_pfa[r["ltla24_code"]] = r["pfa24_code"]
            pfa_names[r["pfa24_code"]] = r["pfa24_name"]
            csp_lads[r["csp24_code"]].append(r["ltla24_code"])
            csp_names[r["csp24_code"]] = r["csp24_name"]
            lad_csps[r["ltla24_code"]].append(r["csp24_code"])
        for lad in lads:
            if lad not in la_by_gss:
                raise ReferenceDataError(
                    str(ref / "mysociety_uk_local_authorities_current_v1.6.1.csv"),
                    f"no current local authority with gss-code {lad} (from the ONS CSP lookup)",
                )

        self.national_bodies()
        self.progress(f"areas: {len(pfa_names)} police force areas, {len(lads)} local authority districts")
        self.countries()
        self.police_areas(pfa_names)
        counties = self.councils_and_areas(lads, lad_pfa, la_by_gss, la_by_code)
        pfa_councils = self.pfa_councils(lads, lad_pfa, la_by_gss, la_by_code)
        self.progress("policing bodies, forces and panels")
        self.policing(pfa_names, pfa_councils)
        self.progress("fire and rescue authorities, health bodies, probation regions")
        lad_fra = self.fire(fra_rows, lad_pfa)
        lad_health = self.health(lads, icb_rows, lhb_rows, la_rows, la_by_gss)
        pfa_probation = self.probation()
        self.progress(f"{len(csp_lads)} community safety partnerships and their responsible authorities")
        self.csps(csp_lads, csp_names, lad_csps, lad_pfa, la_by_gss, counties, lad_fra, lad_health, pfa_probation)
        self.funding(pfa_names, lads, lad_pfa, la_by_gss)
        self.progress(f"{len(self.g)} triples")
        return self.g

    def national_bodies(self) -> None:
        nb = {
            "home-office": (CSPG.GovernmentDepartment, "Home Office"),
            "home-secretary": (CSPG.SecretaryOfState, "Secretary of State for the Home Department"),
            "uk-parliament": (CSPG.Legislature, "Parliament of the United Kingdom"),
            "ministry-of-justice": (CSPG.GovernmentDepartment, "Ministry of Justice"),
            "justice-secretary": (CSPG.SecretaryOfState, "Secretary of State for Justice"),
            "hmpps": (CSPG.GovernmentDepartment, "HM Prison and Probation Service"),
            "nhs-england": (CSPG.PublicBody, "NHS England"),
            "health-secretary": (CSPG.SecretaryOfState, "Secretary of State for Health and Social Care"),
            "welsh-ministers": (CSPG.GovernmentDepartment, "Welsh Ministers"),
            "senedd": (CSPG.Legislature, "Senedd Cymru – Welsh Parliament"),
            "greater-london-authority": (CSPG.PublicBody, "Greater London Authority"),
            "london-assembly": (CSPG.PublicBody, "London Assembly"),
        }
        for slug, (cls, name) in nb.items():
            self.body(ID[f"organisation/{slug}"], cls, name)
        o = lambda s: ID[f"organisation/{s}"]  # noqa: E731
        self.add(o("home-office"), CSPG.accountableTo, o("home-secretary"))
        self.add(o("home-office"), ORG.reportsTo, o("home-secretary"))
        for sos in ("home-secretary", "justice-secretary", "health-secretary"):
            self.relate(o(sos), CSPG.accountableTo, o("uk-parliament"))
        self.relate(o("hmpps"), CSPG.accountableTo, o("justice-secretary"))
        self.add(o("hmpps"), ORG.subOrganizationOf, o("ministry-of-justice"))
        self.relate(o("nhs-england"), CSPG.accountableTo, o("health-secretary"))
        self.relate(o("welsh-ministers"), CSPG.accountableTo, o("senedd"))
        self.add(o("london-assembly"), ORG.subOrganizationOf, o("greater-london-authority"))
        self.code(o("greater-london-authority"), facts.GLA_CODE, geography=False)
        london = ID[f"electorate/{facts.GLA_CODE}"]
        self.body(london, CSPG.Electorate, "Electors of Greater London")
        self.relate(o("greater-london-authority"), CSPG.electedBy, london)

    def countries(self) -> None:
        for c, name in ((ENGLAND, "England"), (WALES, "Wales")):
            self.body(c, CSPG.Country, name)
            self.code(c, _tail(c), geography=True)

    def police_areas(self, pfa_names: dict[str, str]) -> None:
        for code, ons in pfa_names.items():
            a = ID[f"police-force-area/{code}"]
            proper = facts.AREA_NAMES.get(code, ons)
            self.body(a, CSPG.PoliceForceArea, f"{proper} police force area", alt=ons, country=_country(code))
            self.code(a, code, geography=True)
            self.add(a, CSPG.withinArea, _country(code))

    def councils_and_areas(
        self,
        lads: dict[str, str],
        lad_pfa: dict[str, str],
        la_by_gss: dict[str, dict[str, str]],
        la_by_code: dict[str, dict[str, str]],
    ) -> dict[str, str]:
        """Areas and councils of every LAD, their counties and combined authorities. Returns LAD -> county GSS."""
        counties: dict[str, str] = {}
        for lad, ons_name in lads.items():
            row = la_by_gss[lad]
            area_cls, council_cls = facts.LA_TYPES[row["local-authority-type"]]
            country = _country(lad)
            area = ID[f"local-authority-district/{lad}"]
            self.body(area, CSPG[area_cls], ons_name, country=country)
            self.code(area, lad, geography=True)
            self.add(area, CSPG.withinArea, ID[f"police-force-area/{lad_pfa[lad]}"])
            self.add(area, CSPG.withinArea, country)
            self.council(lad, row, council_cls, area, country)
            county = row["county-la"]
            if county:
                crow = la_by_code[county]
                cgss = crow["gss-code"]
                counties[lad] = cgss
                carea = ID[f"county/{cgss}"]
                self.add(area, CSPG.withinArea, carea)
                if (carea, RDF.type, CSPG.CountyArea) not in self.g:
                    self.body(carea, CSPG.CountyArea, crow["nice-name"], country=country)
                    self.code(carea, cgss, geography=True)
                    self.council(cgss, crow, "CountyCouncil", carea, country)
            ca = row["combined-authority"]
            if ca:
                for ca_code in ca.split(","):
                    carow = la_by_code.get(ca_code)
                    if carow is None or carow["current-authority"] != "True":
                        continue
                    cagss = carow["gss-code"]
                    ca_area = ID[f"combined-authority-area/{cagss}"]
                    ca_body = ID[f"combined-authority/{cagss}"]
                    self.add(area, CSPG.withinArea, ca_area)
                    if (ca_body, RDF.type, CSPG.CombinedAuthority) not in self.g:
                        self.body(ca_area, CSPG.CombinedAuthorityArea, f"{carow['nice-name']} area", country=country)
                        self.code(ca_area, cagss, geography=True)
                        self.body(ca_body, CSPG.CombinedAuthority, carow["official-name"], country=country)
                        self.code(ca_body, cagss, geography=False)
                        self.add(ca_body, CSPG.coversArea, ca_area)
                        self.add(ca_body, CSPG.s17DutyHolder, Literal(True))
                        if cagss in ("E47000010", "E47000011"):
                            self.add(
                                ca_body,
                                SKOS.editorialNote,
                                Literal(
                                    "Shown as current in mySociety's register v1.6.1; the North East Combined Authority "
                                    "of 2024 replaced it. Kept as the source has it.",
                                    lang="en",
                                ),
                            )
                    self.add(ID[f"council/{lad}"], ORG.memberOf, ca_body)
        return counties

    def council(self, gss: str, row: dict[str, str], cls: str, area: URIRef, country: URIRef) -> None:
        c = ID[f"council/{gss}"]
        self.body(c, CSPG[cls], row["official-name"], alt=row["nice-name"], country=country)
        self.code(c, gss, geography=False)
        self.add(c, SKOS.notation, Literal(row["local-authority-code"]))
        self.add(c, CSPG.councilFor, area)
        self.add(c, CSPG.coversArea, area)
        self.add(c, CSPG.s17DutyHolder, Literal(True))
        e = ID[f"electorate/{gss}"]
        self.body(e, CSPG.Electorate, f"Local government electors of {row['nice-name']}")
        self.relate(c, CSPG.electedBy, e)
        cdc = ID[f"crime-and-disorder-committee/{gss}"]
        self.body(cdc, CSPG.CrimeAndDisorderCommittee, f"Crime and disorder committee of {row['official-name']}")
        self.add(cdc, ORG.unitOf, c)
        self.add(c, ORG.hasUnit, cdc)
        self.add(cdc, CSPG.statutoryBasis, prov("pja-2006-s19"))
        self.add(
            cdc,
            SKOS.scopeNote,
            Literal(
                "Every local authority must have a crime and disorder committee (PJA 2006 s19); the committee's own "
                "name (often an overview and scrutiny committee) is not recorded here.",
                lang="en",
            ),
        )
        self.add(c, CSPG.crimeAndDisorderCommittee, cdc)
        self.relate(cdc, CSPG.accountableTo, c)

    def pfa_councils(
        self,
        lads: dict[str, str],
        lad_pfa: dict[str, str],
        la_by_gss: dict[str, dict[str, str]],
        la_by_code: dict[str, dict[str, str]],
    ) -> dict[str, list[str]]:
        """Councils (GSS) whose area lies in each police area: LAD councils and county councils."""
        out: dict[str, list[str]] = defaultdict(list)
        for lad in lads:
            pfa = lad_pfa[lad]
            for gss in (lad, la_by_code[c]["gss-code"] if (c := la_by_gss[lad]["county-la"]) else None):
                if gss and gss not in out[pfa]:
                    out[pfa].append(gss)
        return out

    def policing(self, pfa_names: dict[str, str], pfa_councils: dict[str, list[str]]) -> None:
        home_sec = ID["organisation/home-secretary"]
        for code, ons in pfa_names.items():
            area = ID[f"police-force-area/{code}"]
            proper = facts.AREA_NAMES.get(code, ons)
            country = _country(code)
            lpb = ID[f"local-policing-body/{code}"]
            chief = ID[f"chief-officer/{code}"]
            force = ID[f"police-force/{code}"]
            force_name = facts.FORCE_NAMES[code]
            self.add(lpb, CSPG.localPolicingBodyFor, area)
            self.add(area, CSPG.localPolicingBody, lpb)
            self.add(lpb, CSPG.coversArea, area)
            self.add(lpb, CSPG.s17DutyHolder, Literal(True))
            hold_basis = "prsra-2011-s1-7"
            if code in facts.MAYORS:
                m = facts.MAYORS[code]
                self.body(lpb, CSPG.MayorWithPCCFunctions, m.title, country=country)
                ca = ID[f"combined-authority/{m.combined_authority}"]
                self.add(lpb, CSPG.mayorOf, ca)
                self.add(lpb, CSPG.statutoryBasis, prov("ldedca-2009-s107f"))
                self.add(lpb, RDFS.seeAlso, URIRef(m.order))
                self.add(lpb, SKOS.note, Literal(m.note, lang="en"))
                if m.transferred:
                    self.add(lpb, SCHEMA.validFrom, Literal(m.transferred, datatype=XSD.date))
                electorate = ID[f"electorate/{m.combined_authority}"]
                self.body(
                    electorate, CSPG.Electorate, f"Electors of the {m.title.removeprefix('Mayor of ')} mayoral area"
                )
                hold_basis = "ldedca-2009-s107f"
            elif code == facts.METROPOLITAN:
                self.body(
                    lpb,
                    CSPG.MayorsOfficeForPolicingAndCrime,
                    "Mayor's Office for Policing and Crime",
                    "MOPAC",
                    country=country,
                )
                self.add(lpb, CSPG.statutoryBasis, prov("prsra-2011-s3"))
                self.add(lpb, SCHEMA.validFrom, Literal("2012-01-16", datatype=XSD.date))
                self.add(lpb, ORG.subOrganizationOf, ID["organisation/greater-london-authority"])
                electorate = ID[f"electorate/{facts.GLA_CODE}"]
                hold_basis = "prsra-2011-s3"
            elif code == facts.CITY_OF_LONDON:
                self.body(
                    lpb,
                    CSPG.CityOfLondonPoliceAuthority,
                    "Common Council of the City of London (police authority)",
                    country=country,
                )
                self.add(
                    lpb,
                    SKOS.note,
                    Literal(
                        "For Crime and Disorder Act purposes the City's relevant local policing body is the Secretary "
                        "of State (CDA 1998 s7(4)(c)).",
                        lang="en",
                    ),
                )
                electorate = ID[f"electorate/{facts.CITY_OF_LONDON_LAD}"]
                self.add(lpb, CSPG.sameOfficeholder, ID[f"council/{facts.CITY_OF_LONDON_LAD}"])
                hold_basis = ""
            else:
                if code in facts.PFCCS:
                    p = facts.PFCCS[code]
                    self.body(lpb, CSPG.PoliceFireAndCrimeCommissioner, p.title, country=country)
                    self.add(lpb, RDF.type, CSPG.PoliceAndCrimeCommissioner)
                    self.add(lpb, SCHEMA.validFrom, Literal("2012-11-22", datatype=XSD.date))
                    self.add(lpb, SKOS.note, Literal(f"Fire and rescue functions since {p.since}: {p.note}", lang="en"))
                else:
                    self.body(
                        lpb,
                        CSPG.PoliceAndCrimeCommissioner,
                        f"{proper} Police and Crime Commissioner",
                        alt=facts.LPB_KNOWN_AS.get(code),
                        country=country,
                    )
                    self.add(lpb, SCHEMA.validFrom, Literal("2012-11-22", datatype=XSD.date))
                    if code in facts.LPB_KNOWN_AS:
                        self.add(lpb, CSPG.knownAs, Literal(facts.LPB_KNOWN_AS[code], lang="en"))
                self.add(lpb, CSPG.statutoryBasis, prov("prsra-2011-s1"))
                electorate = ID[f"electorate/{code}"]
                self.body(electorate, CSPG.Electorate, f"Electors of the {proper} police area")
                office = ID[f"opcc/{code}"]
                self.body(office, CSPG.OfficeOfLocalPolicingBody, f"Office of the {_label(self.g, lpb)}")
                self.add(office, CSPG.officeOf, lpb)
                self.add(office, ORG.unitOf, lpb)
                self.relate(office, CSPG.reportsTo, lpb)
            self.add(lpb, CSPG.policeForceArea, area)
            self.relate(lpb, CSPG.electedBy, electorate)
            # force and chief officer
            self.body(force, CSPG.PoliceForce, force_name, country=country)
            self.add(force, CSPG.policesArea, area)
            if code == facts.METROPOLITAN:
                chief_name = "Commissioner of Police of the Metropolis"
            elif code == facts.CITY_OF_LONDON:
                chief_name = "Commissioner of Police for the City of London"
            else:
                chief_name = f"Chief Constable of {force_name}"
            self.body(chief, CSPG.ChiefOfficerOfPolice, chief_name, country=country)
            self.add(chief, CSPG.chiefOfficerOf, force)
            self.add(chief, CSPG.policeForceArea, area)
            self.add(chief, CSPG.coversArea, area)
            self.relate(chief, CSPG.heldToAccountBy, lpb, hold_basis or None)
            self.add(lpb, CSPG.holdsToAccount, chief)
            self.add(chief, CSPG.appointedBy, lpb)
            # panel
            if code == facts.CITY_OF_LONDON:
                continue
            panel = ID[f"police-and-crime-panel/{code}"]
            if code == facts.METROPOLITAN:
                self.body(
                    panel,
                    CSPG.LondonAssemblyPoliceAndCrimeCommittee,
                    "London Assembly Police and Crime Committee",
                    country=country,
                )
                self.add(panel, ORG.subOrganizationOf, ID["organisation/london-assembly"])
                self.add(panel, CSPG.establishedBy, ID["organisation/london-assembly"])
                self.add(panel, CSPG.statutoryBasis, prov("prsra-2011-s33"))
                self.relate(lpb, CSPG.scrutinisedBy, panel, "prsra-2011-s33")
            else:
                fire = code in facts.PFCCS or code in ("E23000005", "E23000009")
                kind = "Police, Fire and Crime Panel" if fire else "Police and Crime Panel"
                self.body(panel, CSPG.PoliceAndCrimePanel, f"{proper} {kind}", country=country)
                self.add(panel, CSPG.statutoryBasis, prov("prsra-2011-s28"))
                self.relate(lpb, CSPG.scrutinisedBy, panel, "prsra-2011-s28")
                if country == WALES:
                    self.relate(panel, CSPG.establishedBy, home_sec, "prsra-2011-sch-6-part-3")
                for gss in pfa_councils[code]:
                    council = ID[f"council/{gss}"]
                    if country == ENGLAND:
                        self.add(panel, CSPG.establishedBy, council)
                    mem = ID[f"membership/{_tail(panel)}/council-{gss}"]
                    self.add(mem, RDF.type, ORG.Membership)
                    self.add(mem, ORG.member, council)
                    self.add(mem, ORG.organization, panel)
                    self.add(mem, ORG.role, ROLE["appointing-council"])
                    self.add(mem, CSPG.statutoryBasis, prov("prsra-2011-sch-6"))
                    self.add(panel, ORG_HASMEMBER, council)
            self.add(panel, CSPG.panelFor, area)
            self.add(panel, CSPG.scrutinises, lpb)

    def fire(self, fra_rows: list[dict[str, str]], lad_pfa: dict[str, str]) -> dict[str, str]:
        lad_fra: dict[str, str] = {}
        pfcc_by_fra = {p.fra_code: pfa for pfa, p in facts.PFCCS.items()}
        for r in fra_rows:
            code, lad = r["fra24_code"], r["ltla24_code"]
            lad_fra[lad] = code
            fra = ID[f"fire-and-rescue-authority/{code}"]
            self.add(fra, CSPG.coversArea, ID[f"local-authority-district/{lad}"])
            if (fra, RDF.type, CSPG.FireAndRescueAuthority) in self.g:
                continue
            ons = r["fra24_name"]
            if code in pfcc_by_fra:
                pfa = pfcc_by_fra[code]
                name = f"{facts.PFCCS[pfa].title} Fire and Rescue Authority"
                self.add(fra, CSPG.sameOfficeholder, ID[f"local-policing-body/{pfa}"])
                self.add(fra, CSPG.statutoryBasis, prov("frsa-2004-s4a"))
                self.add(fra, SCHEMA.validFrom, Literal(facts.PFCCS[pfa].since, datatype=XSD.date))
                self.relate(fra, CSPG.electedBy, ID[f"electorate/{pfa}"])
            elif code in facts.MAYORAL_FRAS:
                pfa = facts.MAYORAL_FRAS[code]
                name = f"{facts.MAYORS[pfa].title} (fire and rescue authority)"
                self.add(fra, CSPG.sameOfficeholder, ID[f"local-policing-body/{pfa}"])
                self.relate(fra, CSPG.electedBy, ID[f"electorate/{facts.MAYORS[pfa].combined_authority}"])
            else:
                name = facts.FRA_NAMES.get(code, f"{ons} Fire and Rescue Authority")
            self.body(fra, CSPG.FireAndRescueAuthority, name, alt=ons, country=_country(code))
            self.code(fra, code, geography=False)
            self.add(fra, CSPG.statisticalGeography, STATGEO[code])
            self.add(fra, CSPG.s17DutyHolder, Literal(True))
        return lad_fra

    def health(
        self,
        lads: dict[str, str],
        icb_rows: list[dict[str, str]],
        lhb_rows: list[dict[str, str]],
        la_rows: list[dict[str, str]],
        la_by_gss: dict[str, dict[str, str]],
    ) -> dict[str, list[str]]:
        """ICBs (England) and LHBs (Wales) overlapping each LAD. LAD24s missing from the 2022 ICB lookup are mapped
        through the districts they replaced (mySociety's replaced-by)."""
        icb_by_lad: dict[str, list[dict[str, str]]] = defaultdict(list)
        for r in icb_rows:
            icb_by_lad[r["ltla22_code"]].append(r)
        predecessors: dict[str, list[str]] = defaultdict(list)
        for r in la_rows:
            for new in filter(None, r["replaced-by"].split(",")):
                predecessors[new].append(r["gss-code"])
        out: dict[str, list[str]] = defaultdict(list)
        for lad in lads:
            if lad.startswith("W"):
                continue
            rows = icb_by_lad.get(lad)
            if not rows:
                rows = [x for p in predecessors[la_by_gss[lad]["local-authority-code"]] for x in icb_by_lad.get(p, [])]
            if not rows:
                raise ReferenceDataError(
                    "derived_lad22_to_icb22_from_geographr_lsoa11_lookup.csv",
                    f"no ICB found for {lad} {lads[lad]} (nor its predecessor districts)",
                )
            for r in rows:
                code = r["icb22_code"]
                icb = ID[f"integrated-care-board/{code}"]
                if code not in out[lad]:
                    out[lad].append(code)
                self.add(icb, CSPG.coversArea, ID[f"local-authority-district/{lad}"])
                if (icb, RDF.type, CSPG.IntegratedCareBoard) not in self.g:
                    self.body(icb, CSPG.IntegratedCareBoard, r["icb22_name"], country=ENGLAND)
                    self.code(icb, code, geography=False)
                    self.add(icb, SKOS.notation, Literal(r["icb22_code_h"]))
                    self.add(icb, SCHEMA.validFrom, Literal("2022-07-01", datatype=XSD.date))
                    self.add(icb, CSPG.statisticalGeography, STATGEO[code])
                    self.relate(icb, CSPG.accountableTo, ID["organisation/nhs-england"])
        for r in lhb_rows:
            code, lad = r["lhb22_code"], r["ltla21_code"]
            lhb = ID[f"local-health-board/{code}"]
            out[lad].append(code)
            self.add(lhb, CSPG.coversArea, ID[f"local-authority-district/{lad}"])
            if (lhb, RDF.type, CSPG.LocalHealthBoard) not in self.g:
                self.body(lhb, CSPG.LocalHealthBoard, r["lhb22_name"], country=WALES)
                self.code(lhb, code, geography=False)
                self.add(lhb, CSPG.statisticalGeography, STATGEO[code])
                self.relate(lhb, CSPG.accountableTo, ID["organisation/welsh-ministers"])
        missing = [lad for lad in lads if lad.startswith("W") and lad not in out]
        if missing:
            raise ReferenceDataError("geographr_lookup_ltla21_lhb22.csv", f"no local health board for {missing}")
        return out

    def probation(self) -> dict[str, str]:
        out = {}
        for code, (name, pfas) in facts.PROBATION_REGIONS.items():
            r = ID[f"probation-region/{code}"]
            self.body(
                r,
                CSPG.ProbationServiceRegion,
                f"Probation Service – {name} region",
                country=WALES if code == "N03" else ENGLAND,
            )
            self.add(r, DCTERMS.identifier, Literal(code))
            self.add(r, SKOS.notation, Literal(code))
            self.add(r, ORG.subOrganizationOf, ID["organisation/hmpps"])
            self.relate(r, CSPG.accountableTo, ID["organisation/hmpps"])
            self.add(r, SCHEMA.validFrom, Literal("2021-06-26", datatype=XSD.date))
            for p in pfas:
                self.add(r, CSPG.coversArea, ID[f"police-force-area/{p}"])
                out[p] = code
        return out

    def csps(
        self,
        csp_lads: dict[str, list[str]],
        csp_names: dict[str, str],
        lad_csps: dict[str, list[str]],
        lad_pfa: dict[str, str],
        la_by_gss: dict[str, dict[str, str]],
        counties: dict[str, str],
        lad_fra: dict[str, str],
        lad_health: dict[str, list[str]],
        pfa_probation: dict[str, str],
    ) -> None:
        home_sec = ID["organisation/home-secretary"]
        for code, members in csp_lads.items():
            csp = ID[f"csp/{code}"]
            country = _country(code)
            name = csp_names[code]
            self.body(
                csp, CSPG.CommunitySafetyPartnership, f"{name} Community Safety Partnership", alt=name, country=country
            )
            self.code(csp, code, geography=False)
            self.add(csp, CSPG.statisticalGeography, STATGEO[code])
            self.add(csp, CSPG.statutoryBasis, prov("cda-1998-s5"))
            if len(members) > 1:
                self.add(csp, RDF.type, CSPG.CombinedCommunitySafetyPartnership)
                self.add(csp, CSPG.partnershipKind, KIND["combined"])
            elif len(lad_csps[members[0]]) > 1:
                self.add(csp, CSPG.partnershipKind, KIND["predecessor-district"])
            else:
                self.add(csp, CSPG.partnershipKind, KIND["single-area"])
            pfas = sorted({lad_pfa[lad] for lad in members})
            for p in pfas:
                self.add(csp, CSPG.policeForceArea, ID[f"police-force-area/{p}"])
                lpb = ID[f"local-policing-body/{p}"]
                if p == facts.CITY_OF_LONDON:
                    self.relate(csp, CSPG.relevantLocalPolicingBody, home_sec, "cda-1998-s7")
                    continue
                self.relate(csp, CSPG.relevantLocalPolicingBody, lpb, "cda-1998-s7")
                self.relate(lpb, CSPG.cooperatesWith, csp, "prsra-2011-s10")
                self.relate(csp, CSPG.mustHaveRegardTo, lpb, "cda-1998-s6-1a")
                self.relate(lpb, CSPG.mustHaveRegardTo, csp, "prsra-2011-s10")
            # responsible authorities, s5(1)
            for lad in sorted(members):
                self.add(csp, CSPG.servesArea, ID[f"local-authority-district/{lad}"])
                councils = [lad] + ([counties[lad]] if lad in counties else [])
                for gss in councils:
                    council = ID[f"council/{gss}"]
                    self.membership(csp, council, "cda-1998-s5-1-a")
                    cdc = ID[f"crime-and-disorder-committee/{gss}"]
                    self.relate(csp, CSPG.scrutinisedBy, cdc, "pja-2006-s19")
                    self.add(cdc, CSPG.scrutinises, csp)
                self.membership(csp, ID[f"fire-and-rescue-authority/{lad_fra[lad]}"], "cda-1998-s5-1-d")
                for h in lad_health[lad]:
                    if h.startswith("E54"):
                        self.membership(csp, ID[f"integrated-care-board/{h}"], "cda-1998-s5-1-e", "2022-07-01")
                    else:
                        self.membership(csp, ID[f"local-health-board/{h}"], "cda-1998-s5-1-f")
            for p in pfas:
                self.membership(csp, ID[f"chief-officer/{p}"], "cda-1998-s5-1-b")
                self.membership(csp, ID[f"probation-region/{pfa_probation[p]}"], "cda-1998-s5-1-aa", "2021-06-26")

    def funding(
        self,
        pfa_names: dict[str, str],
        lads: dict[str, str],
        lad_pfa: dict[str, str],
        la_by_gss: dict[str, dict[str, str]],
    ) -> None:
        """Structural funding flows (amounts are not in the reference data and are not invented)."""
        home_office = ID["organisation/home-office"]
        gla = ID["organisation/greater-london-authority"]
        for code in pfa_names:
            lpb = ID[f"local-policing-body/{code}"]
            self.flow(home_office, lpb, "police-grant", "police-act-1996-s46")
            self.flow(
                lpb,
                ID[f"chief-officer/{code}"],
                "police-fund",
                "prsra-2011-s21",
                "All funding for a police force comes through its local policing body.",
            )
            if code == facts.METROPOLITAN:
                self.flow(
                    gla,
                    lpb,
                    "council-tax-precept",
                    "lgfa-1992-s40",
                    "The Mayor's precept on the London billing authorities funds MOPAC through the GLA.",
                )
        for lad in lads:
            pfa = lad_pfa[lad]
            if pfa == facts.CITY_OF_LONDON:
                continue
            target = gla if pfa == facts.METROPOLITAN else ID[f"local-policing-body/{pfa}"]
            self.flow(
                ID[f"council/{lad}"],
                target,
                "council-tax-precept",
                "lgfa-1992-s40",
                "The billing authority collects the police precept with council tax.",
            )


def metadata_graph(landscape: Graph) -> Graph:
    """DCAT/VoID description of the dataset, the sources and their licences and attribution."""
    g = bind_prefixes(Graph())
    g.bind("dcat", DCAT)
    g.bind("void", VOID)
    d = DATASET
    for t in (DCAT.Dataset, VOID.Dataset, PROV.Entity):
        g.add((d, RDF.type, t))
    g.add((d, DCTERMS.title, Literal("cspgraph: community safety governance in England and Wales", lang="en")))
    g.add(
        (
            d,
            DCTERMS.description,
            Literal(
                "Who is accountable to whom in community safety in England and Wales: the 43 police force areas and their "
                "local policing bodies, chief officers and police and crime panels; the 314 Community Safety Partnerships "
                "with the local government areas they serve and their responsible authorities under Crime and Disorder Act "
                "1998 s5(1); councils, fire and rescue authorities, integrated care boards, local health boards, probation "
                "regions and crime and disorder committees; structural funding flows; and the detail of five published "
                "source documents on Durham, Northumbria, Cleveland and Kent.",
                lang="en",
            ),
        )
    )
    g.add((d, DCTERMS.license, CC_BY))
    g.add(
        (
            d,
            DCTERMS.rights,
            Literal(
                "Contains public sector information licensed under the Open Government Licence v3.0. Source: Office for "
                "National Statistics licensed under the Open Government Licence v.3.0. Contains data from mySociety's UK "
                "local authority register (CC-BY-4.0).",
                lang="en",
            ),
        )
    )
    g.add((d, CSPG.asOf, Literal(facts.AS_OF, datatype=XSD.date)))
    g.add((d, DCTERMS.temporal, GOVYEAR[facts.FINANCIAL_YEAR]))
    g.add(
        (
            d,
            SKOS.scopeNote,
            Literal(
                "Areas, CSPs and LAD -> CSP -> PFA links as of the December 2024 ONS lookups; the kinds of local policing "
                "body (PCC, PFCC, mayor, MOPAC, City of London) as the law stands today (statutory-rules R11, R17, R21); "
                "ICB areas from the July 2022 lookup, mapped to 2024 districts through their predecessors.",
                lang="en",
            ),
        )
    )
    g.add((d, DCTERMS.publisher, Literal("cspgraph")))
    g.add((d, VOID.uriSpace, Literal(str(ID))))
    sources = [
        (
            "ons-lad24-csp24-pfa24",
            "LAD to Community Safety Partnership to PFA (December 2024) Lookup in EW",
            "Office for National Statistics",
            OGL,
            "https://geoportal.statistics.gov.uk/datasets/ons::lad-to-community-safety-partnership-to-pfa-december-2024-lookup-in-ew",
            "geographr_lookup_ltla24_csp24_pfa24.csv",
        ),
        (
            "ons-lad24-fra24",
            "LAD to Fire and Rescue Authority (December 2024) Lookup in EW",
            "Office for National Statistics",
            OGL,
            None,
            "geographr_lookup_ltla24_fra24.csv",
        ),
        (
            "ons-lsoa11-icb22",
            "LSOA (2011) to Sub-ICB Locations to Integrated Care Boards (July 2022) Lookup in England",
            "Office for National Statistics",
            OGL,
            None,
            "derived_lad22_to_icb22_from_geographr_lsoa11_lookup.csv",
        ),
        (
            "ons-ua22-lhb22",
            "Unitary Authority to Local Health Board (December 2022) Lookup in Wales",
            "Office for National Statistics",
            OGL,
            None,
            "geographr_lookup_ltla21_lhb22.csv",
        ),
        (
            "mysociety-uk-local-authorities",
            "UK local authority names and codes, v1.6.1",
            "mySociety",
            CC_BY,
            "https://github.com/mysociety/uk_local_authority_names_and_codes",
            "mysociety_uk_local_authorities_current_v1.6.1.csv",
        ),
    ]
    for slug, title, publisher, lic, url, fname in sources:
        s = ID[f"source/{slug}"]
        g.add((s, RDF.type, DCAT.Dataset))
        g.add((s, RDF.type, PROV.Entity))
        g.add((s, DCTERMS.title, Literal(title, lang="en")))
        g.add((s, DCTERMS.publisher, Literal(publisher)))
        g.add((s, DCTERMS.license, lic))
        g.add((s, RDFS.comment, Literal(f"Read from the reference file {fname}.", lang="en")))
        if lic == OGL:
            g.add(
                (
                    s,
                    DCTERMS.rights,
                    Literal(
                        "Source: Office for National Statistics licensed under the Open Government Licence v.3.0",
                        lang="en",
                    ),
                )
            )
        else:
            g.add((s, DCTERMS.rights, Literal("© mySociety, licensed under CC-BY-4.0", lang="en")))
        if url:
            g.add((s, DCAT.landingPage, URIRef(url)))
        g.add((d, DCTERMS.source, s))
        g.add((d, PROV.wasDerivedFrom, s))
    # The landscape graph is one subset of the dataset; the server counts the whole dataset as it serves it.
    landscape_graph = URIRef(str(ID).replace("/id/", "/graph/") + "landscape")
    g.add((d, VOID.subset, landscape_graph))
    g.add((landscape_graph, RDF.type, VOID.Dataset))
    g.add((landscape_graph, VOID.triples, Literal(len(landscape), datatype=XSD.integer)))
    for row in sources:
        g.add((landscape_graph, PROV.wasDerivedFrom, ID[f"source/{row[0]}"]))
    g.add((d, VOID.vocabulary, URIRef(str(CSPG))))
    g.add((d, VOID.vocabulary, URIRef(str(ORG))))
    for r in ("police-force-area/E23000008", "csp/E22000365", "local-policing-body/E23000013"):
        g.add((d, VOID.exampleResource, ID[r]))
    g.add((d, FOAF.homepage, URIRef("https://w3id.org/cspgraph/")))
    return g


def render_turtle(graph: Graph, header: str) -> bytes:
    """The graph as Turtle, after a header comment."""
    return header.encode() + graph.serialize(format="turtle", encoding="utf-8")


HEADER = "# Generated by `cspgraph build` from the reference lookups; do not edit by hand.\n"


def build(reference: Path, out: Path | None = None, progress: Callable[[str], None] | None = None) -> dict[str, int]:
    """Build the landscape and metadata graphs from ``reference`` and write them into ``out`` (default data/).

    Returns:
        Triple counts per file written.
    """
    out = out or resources.data_dir()
    landscape = Builder(reference, progress or (lambda m: None)).run()
    meta = metadata_graph(landscape)
    # Render both before writing either, so a failure leaves data/ as it was.
    rendered = {"landscape.ttl": render_turtle(landscape, HEADER), "metadata.ttl": render_turtle(meta, HEADER)}
    for name, data in rendered.items():
        write_bytes_atomic(out / name, data)
    return {"landscape.ttl": len(landscape), "metadata.ttl": len(meta)}


def build_graphs(reference: Path) -> tuple[Graph, Graph]:
    """The landscape and metadata graphs, without writing anything (for tests)."""
    landscape = Builder(reference).run()
    return landscape, metadata_graph(landscape)


def _tail(u: URIRef) -> str:
    return str(u).rstrip("/").rsplit("/", 1)[-1]


def _kind(u: URIRef) -> str:
    return str(u).rstrip("/").rsplit("/", 2)[-2]


def _country(code: str) -> URIRef:
    return WALES if code.startswith("W") else ENGLAND


def _label(g: Graph, s: URIRef) -> str:
    return str(g.value(s, RDFS.label))


def stderr_progress(total: int = 7) -> Callable[[str], None]:
    step = {"n": 0}

    def show(msg: str) -> None:
        step["n"] += 1
        print(f"[{min(step['n'], total)}/{total}] {msg}", file=sys.stderr, flush=True)

    return show
