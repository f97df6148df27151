"""``cspgraph build``: generate data/landscape.ttl and data/metadata.ttl from the reference lookups.

The landscape is derived, never typed in, and it has a history: every area, CSP and LAD -> CSP -> PFA link comes
from the ONS lookups of January 2017 and December 2024 and the LAD vintages between them; councils, their start and
end dates and two-tier structure from mySociety's register; fire, CCG, ICB and LHB areas from the ONS lookups of
each date; combined authorities from the 2019-2023 lookups and the register; and the responsible-authority
memberships of every CSP from CDA 1998 s5(1) as :mod:`cspgraph.responsible` states it, on every day on which one of
those bodies starts or ends. What the lookups do not carry (kinds of local policing body and when they changed,
titles, probation) is in :mod:`.facts` and :mod:`.timeline`, with sources and confidence.

One module per job: :mod:`.reference` reads and checks the tables; :mod:`.dated` is the interval arithmetic;
:mod:`.graph` has the helpers that write the graph's patterns and :mod:`.change` the change events;
:mod:`.councils` and :mod:`.offices` work out councils and local policing bodies through time; :mod:`.national`,
:mod:`.geography`, :mod:`.combined`, :mod:`.policing` (with :mod:`.panels`), :mod:`.services` (with
:mod:`.health`), :mod:`.partnership` and :mod:`.funding` each add one part of the landscape; :mod:`.metadata`
describes the dataset; :mod:`.output` writes the two files together; :mod:`.maps` writes the map files of data/maps/ (compact
GeoJSON).
"""

from __future__ import annotations

import logging
from pathlib import Path

from rdflib import Graph

from cspgraph import resources
from cspgraph.build import combined
from cspgraph.build.councils import councils
from cspgraph.build.funding import funding
from cspgraph.build.geography import countries, districts, police_areas, prospects
from cspgraph.build.graph import GraphBuilder
from cspgraph.build.maps import write_maps
from cspgraph.build.metadata import metadata_graph
from cspgraph.build.national import national_bodies
from cspgraph.build.output import HEADER, render_turtle, write_all
from cspgraph.build.partnership import partnerships
from cspgraph.build.policing import policing
from cspgraph.build.reference import read_lookups
from cspgraph.build.services import services
from cspgraph.progress import Step, silent
from cspgraph.scenario.derive import write_scenarios
from cspgraph.scenario.model import load
from cspgraph.stores.oxigraph import OxigraphStore

__all__ = ["OUTPUTS", "STEPS", "build", "build_graphs", "landscape_graph", "metadata_graph"]

#: The files ``cspgraph build`` writes, always together.
OUTPUTS = ("landscape.ttl", "metadata.ttl")
#: How many steps :func:`build` reports to its ``progress``.
STEPS = 9

log = logging.getLogger(__name__)


def landscape_graph(reference: Path, progress: Step = silent) -> Graph:
    """The landscape graph from the reference files in ``reference``, reporting six steps to ``progress``.

    Raises:
        ReferenceDataError: a reference file is missing or unusable (the message names the file and line).
    """
    progress("reading the reference lookups")
    lk = read_lookups(reference)
    cs = councils(lk)
    gb = GraphBuilder()
    progress(f"areas: {len(lk.pfa_names)} police force areas, {len(cs.districts)} districts since January 2017")
    national_bodies(gb)
    countries(gb)
    police_areas(gb, lk)
    districts(gb, cs)
    combined.write(gb, lk, cs)
    progress("local policing bodies, forces and panels since 2012")
    chains = policing(gb, lk, cs)
    progress("fire and rescue authorities, health bodies, probation")
    sv = services(gb, lk, cs, chains)
    progress(f"{len(lk.csp_lads)} community safety partnerships and their responsible authorities through time")
    partnerships(gb, lk, cs, sv, chains)
    prospects(gb, cs)
    progress("structural funding flows")
    funding(gb, cs, chains)
    return gb.g


def build_graphs(reference: Path) -> tuple[Graph, Graph]:
    """The landscape and metadata graphs, without writing anything (for tests).

    Args:
        reference: the folder of reference CSV files.

    Returns:
        The landscape graph and its metadata graph.
    """
    landscape = landscape_graph(reference)
    return landscape, metadata_graph(landscape)


def build(reference: Path, out: Path | None = None, progress: Step | None = None) -> dict[str, int]:
    """Build the landscape and metadata graphs from ``reference`` and write them into ``out`` (default data/).

    Both files are rendered before either is written, and written together (:func:`cspgraph.files.write_together`), so
    a failure leaves ``out`` as it was and a build stopped between the two renames is found and repaired by the
    next one.

    Args:
        reference: the folder of reference CSV files.
        out: the folder to write; the project's data/ by default.
        progress: called with a description as each of :data:`STEPS` steps starts.

    Returns:
        Triple counts per file written.

    Raises:
        ReferenceDataError: a reference file is missing or unusable; nothing is written.
    """
    step = progress or silent
    out = out or resources.data_dir()
    landscape = landscape_graph(reference, step)
    step("the dataset's metadata")
    meta = metadata_graph(landscape)
    step(f"writing {' and '.join(OUTPUTS)} ({len(landscape)} triples)")
    rendered = dict(zip(OUTPUTS, (render_turtle(landscape, HEADER), render_turtle(meta, HEADER)), strict=True))
    for path in write_all(out, rendered):
        log.warning("removed %s, left by a build that was stopped before it finished; both files are rewritten", path)
    maps = write_maps(reference, out / "maps")
    step("deriving the reform scenarios of scenarios/ from the new data")
    scenarios = write_scenarios(OxigraphStore().load_dataset(data=out, shapes=False), out / "scenarios")
    counts = {f"scenarios/{p.name}": len(load(p).changes) for p in scenarios}
    return {"landscape.ttl": len(landscape), "metadata.ttl": len(meta), **maps, **counts}
