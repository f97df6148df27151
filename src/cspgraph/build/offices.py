"""The local policing bodies of each police force area through time, as :class:`Office` records (no graph yet).

Outside London each area had a police authority until 22 November 2012, then a police and crime commissioner,
who in some areas became a police, fire and crime commissioner and in others gave way to a mayor with PCC
functions (shared timeline; statutory-rules R11, R17, R21). MOPAC replaced the Metropolitan Police Authority on
16 January 2012; the Common Council has been the City of London's police authority throughout.

URIs: today's body keeps ``id/local-policing-body/<code>``; an earlier one is ``id/local-policing-body/<code>/<the
day it began>``; a police authority is ``id/police-authority/<code>`` (the sources do not give its start).
"""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import URIRef

from cspgraph.build import facts
from cspgraph.build.dated import Period, day
from cspgraph.build.graph import country_of, earlier
from cspgraph.namespaces import CSPG, ID

PCC, PFCC, MAYOR, MOPAC, CITY, POLICE_AUTHORITY = "pcc", "pfcc", "mayor", "mopac", "city", "police-authority"
COMMISSIONERS = (PCC, PFCC)


@dataclass(frozen=True)
class PoliceArea:
    """One police force area as the policing part of the build sees it.

    Attributes:
        code: the ONS PFA code.
        name: the area's proper name (``facts.AREA_NAMES`` or the ONS label).
    """

    code: str
    name: str

    @property
    def area(self) -> URIRef:
        """The police force area."""
        return ID[f"police-force-area/{self.code}"]

    @property
    def lpb(self) -> URIRef:
        """Its local policing body today."""
        return ID[f"local-policing-body/{self.code}"]

    @property
    def country(self) -> URIRef:
        """England or Wales."""
        return country_of(self.code)


@dataclass(frozen=True)
class Office:
    """A local policing body (or, before 2012, a police authority) of one area for one period.

    Attributes:
        uri: the body.
        kind: one of pcc, pfcc, mayor, mopac, city, police-authority.
        title: its name.
        period: when it held the office.
        pfcc: the PFCC facts, for a PFCC.
        mayor: the mayoralty facts, for a mayor.
    """

    uri: URIRef
    kind: str
    title: str
    period: Period
    pfcc: facts.Pfcc | None = None
    mayor: facts.Mayoralty | None = None

    @property
    def cls(self) -> URIRef:
        """Its class."""
        return {
            PCC: CSPG.PoliceAndCrimeCommissioner,
            PFCC: CSPG.PoliceFireAndCrimeCommissioner,
            MAYOR: CSPG.MayorWithPCCFunctions,
            MOPAC: CSPG.MayorsOfficeForPolicingAndCrime,
            CITY: CSPG.CityOfLondonPoliceAuthority,
            POLICE_AUTHORITY: CSPG.PoliceAuthority,
        }[self.kind]

    @property
    def is_lpb(self) -> bool:
        """Whether it is a local policing body (a police authority was not)."""
        return self.kind != POLICE_AUTHORITY


def police_authority(pa: PoliceArea) -> Office | None:
    """The police authority the area had before its first local policing body (none for the City of London)."""
    if pa.code == facts.CITY_OF_LONDON:
        return None
    if pa.code == facts.METROPOLITAN:
        title, end = facts.METROPOLITAN_POLICE_AUTHORITY, facts.MOPAC_SINCE
    else:
        title, end = f"Police authority for the {pa.name} police area", facts.PCC_SINCE
    return Office(ID[f"police-authority/{pa.code}"], POLICE_AUTHORITY, title, Period(None, day(end)))


def steps(code: str) -> list[tuple[str, str]]:
    """(first day, kind) of each commissioner or mayor of a police area outside London, in order."""
    out = [(facts.PCC_SINCE, PCC)]
    if code in facts.FORMER_PFCCS:
        out.append((facts.FORMER_PFCCS[code].since, PFCC))
    if code in facts.PFCCS:
        out.append((facts.PFCCS[code].since, PFCC))
    if code in facts.MAYORS:
        out.append((facts.MAYORS[code].transferred, MAYOR))
    return sorted(out)


def offices(pa: PoliceArea) -> list[Office]:
    """The local policing bodies of the area, oldest first; the last is today's.

    Examples:
        >>> [(o.kind, str(o.period.start)) for o in offices(PoliceArea("E23000009", "North Yorkshire"))]
        [('pcc', '2012-11-22'), ('pfcc', '2018-11-15'), ('mayor', '2024-05-07')]
    """
    if pa.code == facts.METROPOLITAN:
        return [Office(pa.lpb, MOPAC, "Mayor's Office for Policing and Crime", Period(day(facts.MOPAC_SINCE)))]
    if pa.code == facts.CITY_OF_LONDON:
        return [Office(pa.lpb, CITY, "Common Council of the City of London (police authority)", Period())]
    out = []
    sequence = steps(pa.code)
    for i, (since, kind) in enumerate(sequence):
        until = sequence[i + 1][0] if i + 1 < len(sequence) else None
        period = Period(day(since), day(until))
        uri = pa.lpb if until is None else earlier(pa.lpb, period)
        out.append(office(pa, uri, kind, period))
    return out


def office(pa: PoliceArea, uri: URIRef, kind: str, period: Period) -> Office:
    """One commissioner or mayor, titled as the sources give it."""
    if kind == MAYOR:
        m = facts.MAYORS[pa.code]
        return Office(uri, kind, m.title, period, mayor=m)
    if kind == PFCC:
        p = facts.PFCCS.get(pa.code)
        if p is None or p.since != str(period.start):
            p = facts.FORMER_PFCCS[pa.code]
        return Office(uri, kind, p.title, period, pfcc=p)
    return Office(uri, kind, f"{pa.name} Police and Crime Commissioner", period)
