"""Dated changes the reference files do not carry, from the shared timeline notes (timeline.md) and statutory rules,
each with its status, confidence and source. Local policing bodies are in :mod:`.facts`.

Date conventions (data/README.md): every change has an xsd:date. Where a source gives only a month, the date is the
day the source suggests if it names one (May 2024: "office from about 7 May") and otherwise the first of the month,
and ``cspg:dateNote`` says so; where a source gives no date at all, nothing is dated and a comment says so.
"""

from __future__ import annotations

from typing import NamedTuple

from cspgraph.build.change import ANNOUNCED, ENACTED, IN_FORCE, PROPOSED, Change
from cspgraph.build.facts import DATA, READ, READ_2ND, RECALL

TIMELINE = "timeline"
RULES = "statutory-rules"
MYSOCIETY = "mysociety-uk-local-authorities"
MONTH_ONLY = "The source gives only the month; the first of the month stands for it."

# ---------------------------------------------------------------- combined authorities
#: The North East Mayoral Combined Authority replaced the North East and North of Tyne combined authorities
#: (timeline: 7 May 2024, the exact day from recall). mySociety's register lacks the merger and no source gives the
#: new authority's GSS code, so its URI uses a name.
NORTH_EAST_MERGER = Change(
    "2024-05-07",
    "combined-authority-north-east",
    "The North East Mayoral Combined Authority (7 councils) replaces the North East and North of Tyne combined "
    "authorities",
    IN_FORCE,
    RECALL,
    (TIMELINE,),
    date_note="The exact day is from recall; the source gives May 2024.",
    comment="mySociety's register (v1.6.1) does not have the merger and still shows both old authorities as current.",
)
NORTH_EAST_MERGED = ("E47000010", "E47000011")
NORTH_EAST_MAYORAL = "north-east-mayoral-combined-authority"
NORTH_EAST_MAYORAL_NAME = "North East Mayoral Combined Authority"
#: mySociety gives the North East Combined Authority (E47000010) the former code E47000005 and a start of
#: 15 April 2014, and the North of Tyne Combined Authority (E47000011) a start of 2 November 2018: the change of code
#: is taken to be that day, when three of the authority's councils formed the North of Tyne authority.
NORTH_EAST_FORMER = "E47000005"
NORTH_OF_TYNE = "E47000011"
NORTH_EAST_SPLIT_NOTE = (
    "mySociety's register gives the North East Combined Authority (E47000010) the former code E47000005 and a start "
    "of 15 April 2014, and the North of Tyne Combined Authority a start of 2 November 2018; the code is taken to "
    "have changed that day. The sources do not list the members of the authority under its former code."
)


class NewAuthority(NamedTuple):
    """A combined authority the register does not have, from the shared timeline.

    Attributes:
        slug: its name under ``id/combined-authority/`` (no source gives its GSS code).
        name: its name.
        change: its establishment.
        lads: the districts whose councils are its members.
        comment: how its members were read.
    """

    slug: str
    name: str
    change: Change
    lads: tuple[str, ...]
    comment: str


NEW_2026 = "Established on 24 February 2026, with first mayors to be elected in May 2027 (shared timeline)."
MEMBERS_BY_NAME = (
    "The source names the authority, not its members: they are read as the councils of the areas it is named after."
)
NEW_AUTHORITIES = (
    NewAuthority(
        "cheshire-and-warrington-combined-authority",
        "Cheshire and Warrington Combined Authority",
        Change(
            "2026-02-24",
            "combined-authority-cheshire-and-warrington",
            "The Cheshire and Warrington Combined Authority is established",
            IN_FORCE,
            READ_2ND,
            (TIMELINE, RULES),
            comment=NEW_2026,
        ),
        ("E06000049", "E06000050", "E06000007"),
        MEMBERS_BY_NAME,
    ),
    NewAuthority(
        "cumbria-combined-authority",
        "Cumbria Combined Authority",
        Change(
            "2026-02-24",
            "combined-authority-cumbria",
            "The Cumbria Combined Authority is established",
            IN_FORCE,
            READ_2ND,
            (TIMELINE, RULES),
            comment=NEW_2026,
        ),
        ("E06000063", "E06000064"),
        MEMBERS_BY_NAME,
    ),
)
REGISTER_START = "The start date is mySociety's register's (start-date); no other source here dates it."

# ---------------------------------------------------------------- health
CCG_EDITION = "2021-04-01"
CCG_NOTE = (
    "schema:validFrom is the date of the April 2021 ONS lookup, the only vintage of clinical commissioning groups in "
    "the sources: the group may be older (CCGs began in 2013, and many were formed by mergers between 2018 and "
    "2021), but no source here gives its start or its earlier boundaries."
)
ICB_SINCE = "2022-07-01"
ICBS_REPLACE_CCGS = Change(
    ICB_SINCE,
    "integrated-care-boards",
    "42 integrated care boards replace the clinical commissioning groups as health responsible authorities",
    IN_FORCE,
    READ,
    (TIMELINE, RULES, "ons-lsoa11-ccg21", "ons-lsoa11-icb22"),
    "http://www.legislation.gov.uk/ukpga/2022/31",
    comment="An integrated care board replaces a clinical commissioning group here when a district lies wholly in "
    "both; the few groups with no such district are ended by this change without a named successor.",
)
ICB_BOUNDARIES = Change(
    "2024-04-01",
    "integrated-care-board-boundaries",
    "Integrated care board boundary changes: Surrey Heartlands and Sussex take new codes and boundaries",
    IN_FORCE,
    DATA,
    (TIMELINE, "ons-lsoa11-icb22", "ons-lsoa21-icb24"),
    comment="From the July 2022 and April 2024 LAD to ICB tables: the districts whose ICBs differ between them.",
)
CCGS_BEGIN = Change(
    "2013-04-01",
    "clinical-commissioning-groups",
    "Clinical commissioning groups replace primary care trusts as health responsible authorities",
    IN_FORCE,
    RECALL,
    (TIMELINE, RULES),
    "http://www.legislation.gov.uk/ukpga/2012/7",
    comment="Neither the primary care trusts nor the clinical commissioning groups of 2013 are in any reference "
    "file; the graph's groups are those of April 2021.",
)
ICB_MERGERS = Change(
    "2026-04-01",
    "integrated-care-board-mergers",
    "First mergers of integrated care boards: 42 boards to about 36",
    IN_FORCE,
    READ_2ND,
    (TIMELINE,),
    comment="No reference file gives the merged boards, so the graph's boards are those of April 2024 and the "
    "dataset's as-of date stops before this change.",
)

# ---------------------------------------------------------------- probation
NPS_SINCE = "2014-06-01"
PROBATION_SINCE = "2021-06-26"
NPS_BEGINS = Change(
    NPS_SINCE,
    "probation",
    "The National Probation Service and 21 community rehabilitation companies replace the probation trusts",
    IN_FORCE,
    RECALL,
    (TIMELINE, RULES),
    comment="The 35 probation trusts and the 21 community rehabilitation companies are in no source here, so "
    "neither is in the graph: only the National Probation Service, which operated in every area.",
)
PROBATION_UNIFIED = Change(
    PROBATION_SINCE,
    "probation",
    "Probation is unified: the community rehabilitation companies end and the Probation Service (12 regions) "
    "replaces the National Probation Service",
    IN_FORCE,
    READ,
    (TIMELINE, RULES),
    comment="The community rehabilitation companies that ended are in no source here.",
)

# ---------------------------------------------------------------- announced, enacted and proposed changes
FUTURE = (
    Change(
        "2027-04-01",
        "surrey-unitaries",
        "East Surrey and West Surrey unitaries replace Surrey County Council and its 11 districts",
        ENACTED,
        READ_2ND,
        (TIMELINE,),
        comment="Structural changes order made early 2026; the districts are dissolved on 31 March 2027. The new "
        "councils have no codes in the sources and are not in the graph.",
    ),
    Change(
        "2027-05-01",
        "mayoral-policing-2027",
        "Six force areas move to the mayoral model",
        ANNOUNCED,
        READ_2ND,
        (TIMELINE, RULES),
        date_note=MONTH_ONLY,
        comment="Which six areas is not established (Hansard, 13 November 2025).",
    ),
    Change(
        "2028-04-01",
        "unitaries-2028",
        "Further unitaries across the two-tier areas",
        PROPOSED,
        READ_2ND,
        (TIMELINE,),
        comment="Decisions in 2026; England's 317 councils towards about 150 to 190.",
    ),
    Change(
        "2028-05-01",
        "pcc-abolition",
        "Police and crime commissioners are abolished; mayors or policing and crime "
        "boards become the local policing bodies, and police and crime panels end",
        ANNOUNCED,
        READ_2ND,
        (TIMELINE, RULES),
        date_note=MONTH_ONLY,
        comment="Announced on 13 November 2025; it needs a police reform "
        "bill, and none had been introduced by March 2026.",
    ),
    Change(
        "2028-05-01",
        "new-mayors-2028",
        "First mayors of Greater Essex, Hampshire and the Solent, Norfolk and Suffolk, and Sussex and Brighton",
        ANNOUNCED,
        READ_2ND,
        (TIMELINE, RULES),
        date_note=MONTH_ONLY,
        comment="Postponed from 2026 (December 2025 statement).",
    ),
)
#: Surrey County Council, which the enacted Surrey change ends with the districts of its county.
SURREY_COUNTY = "E10000030"
