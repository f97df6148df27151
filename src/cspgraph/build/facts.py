"""Facts about governance that the ONS lookups do not carry, each with its source.

These are the kinds of local policing body and the dates they changed, as recorded in the shared statutory-rules
(R11, R17, R18, R21) and timeline notes, force and chief-officer titles, and the mapping of police force areas to
the 12 Probation Service regions. ``cspgraph build`` joins them to the reference lookups; nothing here is a count
or a code that the lookups already give. The dated changes of councils, combined authorities, health bodies and
probation are in :mod:`.timeline`.
"""

from __future__ import annotations

from typing import NamedTuple

#: Confidence tags of the shared notes -> local names in the confidence scheme.
READ, READ_2ND, RECALL, DATA = "read", "read-secondary", "recall", "data"
#: The day police and crime commissioners took office and the 41 police authorities outside London were abolished
#: (PRSRA 2011 s1; SI 2012/2892) [READ]; police and crime panels began the same day.
PCC_SINCE = "2012-11-22"
PCC_ORDER = "http://www.legislation.gov.uk/uksi/2012/2892"
#: The day MOPAC replaced the Metropolitan Police Authority (PRSRA 2011 s3; SI 2011/3019 Sch 1) [READ].
MOPAC_SINCE = "2012-01-16"
MOPAC_ORDER = "http://www.legislation.gov.uk/uksi/2011/3019"
#: The police authority of the metropolitan police district, the one the shared notes name.
METROPOLITAN_POLICE_AUTHORITY = "Metropolitan Police Authority"
MAY_2024_NOTE = (
    "The source gives May 2024 (elections on 2 May, office from about 7 May); 7 May is that approximate day, not a "
    "verified one."
)

# Police force names, by police force area code (ONS PFA24).
FORCE_NAMES: dict[str, str] = {
    "E23000001": "Metropolitan Police Service",
    "E23000002": "Cumbria Constabulary",
    "E23000003": "Lancashire Constabulary",
    "E23000004": "Merseyside Police",
    "E23000005": "Greater Manchester Police",
    "E23000006": "Cheshire Constabulary",
    "E23000007": "Northumbria Police",
    "E23000008": "Durham Constabulary",
    "E23000009": "North Yorkshire Police",
    "E23000010": "West Yorkshire Police",
    "E23000011": "South Yorkshire Police",
    "E23000012": "Humberside Police",
    "E23000013": "Cleveland Police",
    "E23000014": "West Midlands Police",
    "E23000015": "Staffordshire Police",
    "E23000016": "West Mercia Police",
    "E23000017": "Warwickshire Police",
    "E23000018": "Derbyshire Constabulary",
    "E23000019": "Nottinghamshire Police",
    "E23000020": "Lincolnshire Police",
    "E23000021": "Leicestershire Police",
    "E23000022": "Northamptonshire Police",
    "E23000023": "Cambridgeshire Constabulary",
    "E23000024": "Norfolk Constabulary",
    "E23000025": "Suffolk Constabulary",
    "E23000026": "Bedfordshire Police",
    "E23000027": "Hertfordshire Constabulary",
    "E23000028": "Essex Police",
    "E23000029": "Thames Valley Police",
    "E23000030": "Hampshire and Isle of Wight Constabulary",
    "E23000031": "Surrey Police",
    "E23000032": "Kent Police",
    "E23000033": "Sussex Police",
    "E23000034": "City of London Police",
    "E23000035": "Devon and Cornwall Police",
    "E23000036": "Avon and Somerset Constabulary",
    "E23000037": "Gloucestershire Constabulary",
    "E23000038": "Wiltshire Police",
    "E23000039": "Dorset Police",
    "W15000001": "North Wales Police",
    "W15000002": "Gwent Police",
    "W15000003": "South Wales Police",
    "W15000004": "Dyfed-Powys Police",
}

# Proper names of police areas where the ONS geography label differs.
AREA_NAMES: dict[str, str] = {
    "E23000001": "Metropolitan Police District",
    "E23000034": "City of London",
    "E23000035": "Devon and Cornwall",
}

METROPOLITAN = "E23000001"
CITY_OF_LONDON = "E23000034"
CITY_OF_LONDON_LAD = "E09000001"
GLA_CODE = "E61000001"


class Mayoralty(NamedTuple):
    """A mayor who holds the functions of a police and crime commissioner (statutory-rules R17).

    Attributes:
        combined_authority: the E47 code of the mayor's combined authority.
        title: the mayor's title.
        transferred: the date PCC functions passed to the mayor.
        order: the legislation.gov.uk URI of the transfer order.
        note: what the order did, and how sure the date is.
        confidence: the confidence tag of the transfer (shared timeline).
        date_note: how precisely the sources give the date, when they give less than a day.
        fire_order: the order that gave the mayor the fire and rescue authority's functions, if one is known.
    """

    combined_authority: str
    title: str
    transferred: str
    order: str
    note: str
    confidence: str
    date_note: str | None = None
    fire_order: str | None = None


# statutory-rules R17, timeline: mayors with PCC functions.
MAYORS: dict[str, Mayoralty] = {
    "E23000005": Mayoralty(
        "E47000001",
        "Mayor of Greater Manchester",
        "2017-05-08",
        "http://www.legislation.gov.uk/uksi/2017/470",
        "PCC functions transferred by SI 2017/470 [READ]; fire and rescue functions by SI 2017/469 [READ].",
        READ,
        fire_order="http://www.legislation.gov.uk/uksi/2017/469",
    ),
    "E23000010": Mayoralty(
        "E47000003",
        "Mayor of West Yorkshire",
        "2021-05-10",
        "http://www.legislation.gov.uk/uksi/2021/112",
        "PCC functions transferred by SI 2021/112 [READ-2nd].",
        READ_2ND,
    ),
    "E23000011": Mayoralty(
        "E47000002",
        "Mayor of South Yorkshire",
        "2024-05-07",
        "http://www.legislation.gov.uk/uksi/2024/414",
        "PCC functions transferred in May 2024 by SI 2024/414 [READ-2nd]; the exact day is not verified.",
        READ_2ND,
        MAY_2024_NOTE,
    ),
    "E23000009": Mayoralty(
        "E47000012",
        "Mayor of York and North Yorkshire",
        "2024-05-07",
        "http://www.legislation.gov.uk/uksi/2023/1432",
        "PCC functions transferred in May 2024 by SI 2023/1432 [READ], with the fire and rescue functions of the "
        "North Yorkshire PFCC [RECALL]; the exact day is not verified.",
        READ,
        MAY_2024_NOTE,
        fire_order="http://www.legislation.gov.uk/uksi/2023/1432",
    ),
}


class Pfcc(NamedTuple):
    """A police, fire and crime commissioner: a PCC who is also the fire and rescue authority (statutory-rules R21).

    Attributes:
        title: the commissioner's title.
        fra_code: the E31 code of the fire and rescue authority the commissioner is.
        since: the date fire functions passed to the commissioner.
        note: the order, and how sure the date is.
        confidence: the confidence tag of the date (shared timeline).
        order: the legislation.gov.uk URI of the order, where the sources give it.
        former: (GSS code, name) of the council that was the fire and rescue authority before, where a source
            names it.
    """

    title: str
    fra_code: str
    since: str
    note: str
    confidence: str
    order: str | None = None
    former: tuple[str, str] | None = None


# statutory-rules R21, timeline: police, fire and crime commissioners today.
PFCCS: dict[str, Pfcc] = {
    "E23000028": Pfcc(
        "Essex Police, Fire and Crime Commissioner",
        "E31000015",
        "2017-10-01",
        "SI 2017/864 [READ].",
        READ,
        "http://www.legislation.gov.uk/uksi/2017/864",
    ),
    "E23000015": Pfcc(
        "Staffordshire Commissioner for Police, Fire and Rescue and Crime",
        "E31000033",
        "2018-08-01",
        "SI 2018/696 [READ].",
        READ,
        "http://www.legislation.gov.uk/uksi/2018/696",
    ),
    "E23000022": Pfcc(
        "Northamptonshire Police, Fire and Crime Commissioner",
        "E31000028",
        "2019-01-01",
        "Date from recall [RECALL].",
        RECALL,
    ),
    "E23000002": Pfcc(
        "Cumbria Police, Fire and Crime Commissioner",
        "E31000009",
        "2023-04-01",
        "Took on fire when Cumbria County Council was abolished [READ-2nd].",
        READ_2ND,
        "http://www.legislation.gov.uk/uksi/2022/331",
        ("E10000006", "Cumbria County Council"),
    ),
}

# statutory-rules R21, timeline: PFCCs that are no longer (North Yorkshire's passed to the mayor in May 2024).
FORMER_PFCCS: dict[str, Pfcc] = {
    "E23000009": Pfcc(
        "North Yorkshire Police, Fire and Crime Commissioner",
        "E31000027",
        "2018-11-15",
        "Date from recall [RECALL].",
        RECALL,
    ),
}

# Fire and rescue authorities whose functions a mayor holds (statutory-rules R17, R21).
MAYORAL_FRAS: dict[str, str] = {"E31000040": "E23000005", "E31000027": "E23000009"}

# Proper names of fire and rescue authorities where the ONS label is a geography name.
FRA_NAMES: dict[str, str] = {
    "E31000046": "London Fire Commissioner",
}

# Local stylings of PCC titles, from the seed documents.
LPB_KNOWN_AS: dict[str, str] = {
    "E23000008": "Durham Police, Crime and Victims' Commissioner",
}

# Partnerships' own names, from the seed documents (data/seeds/, ../shared/seeds): CSP code -> (name, document).
# The ONS name stays an alternative label. The Safe Durham Partnership of 2011 is the Safer Durham Partnership of
# the 2021 briefing (the later name is used; the earlier is an alternative label in the 2011 seed graph).
CSP_OWN_NAMES: dict[str, tuple[str, str]] = {
    "E22000365": ("Safer Durham Partnership", "durham-pcvc-briefing-2021"),
    "E22000030": ("Safer Stockton Partnership", "cleveland-stockton-2013"),
}

# The 12 Probation Service regions (HMPPS nDelius codes) and the police force areas each covers.
# Probation regions follow police force area boundaries; the mapping is documented in data/README.md.
PROBATION_REGIONS: dict[str, tuple[str, tuple[str, ...]]] = {
    "N54": ("North East", ("E23000007", "E23000008", "E23000013")),
    "N51": ("North West", ("E23000002", "E23000003", "E23000004", "E23000006")),
    "N50": ("Greater Manchester", ("E23000005",)),
    "N55": ("Yorkshire and the Humber", ("E23000009", "E23000010", "E23000011", "E23000012")),
    "N53": ("East Midlands", ("E23000018", "E23000019", "E23000020", "E23000021", "E23000022")),
    "N52": ("West Midlands", ("E23000014", "E23000015", "E23000016", "E23000017")),
    "N56": ("East of England", ("E23000023", "E23000024", "E23000025", "E23000026", "E23000027", "E23000028")),
    "N07": ("London", ("E23000001", "E23000034")),
    "N57": ("Kent, Surrey and Sussex", ("E23000031", "E23000032", "E23000033")),
    "N59": ("South Central", ("E23000029", "E23000030")),
    "N58": ("South West", ("E23000035", "E23000036", "E23000037", "E23000038", "E23000039")),
    "N03": ("Wales", ("W15000001", "W15000002", "W15000003", "W15000004")),
}

# mySociety local-authority-type -> (area class, council class) local names in the ontology.
LA_TYPES: dict[str, tuple[str, str]] = {
    "NMD": ("NonMetropolitanDistrict", "DistrictCouncil"),
    "UA": ("UnitaryAuthorityArea", "UnitaryCouncil"),
    "MD": ("MetropolitanDistrict", "MetropolitanDistrictCouncil"),
    "LBO": ("LondonBorough", "LondonBoroughCouncil"),
    "CC": ("CityOfLondonArea", "CityOfLondonCorporation"),
    "WPA": ("WelshPrincipalArea", "WelshPrincipalCouncil"),
    "CTY": ("CountyArea", "CountyCouncil"),
}
