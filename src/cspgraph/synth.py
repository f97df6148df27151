"""Synthetic landscapes for measuring growth: the real landscape multiplied N times with the same shape.

Copy 1 is the real landscape. Copy k > 1 renames every instance under ``id/`` (police areas, CSPs, councils,
responsible authorities, memberships, committees, funding flows, electorates...) by inserting ``synth/k/`` into the
path, and suffixes every official code literal with ``-s<k>``, so each copy is a disjoint landscape of the same shape
joined to the same national bodies (Home Office, Parliament), provisions and concept schemes. The result is a folder
usable as ``CSPGRAPH_HOME`` (data/ plus links to ontology/, shapes/ and queries/).
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from pathlib import Path

from rdflib import Graph

from cspgraph import resources
from cspgraph.errors import InputError
from cspgraph.progress import Step, silent

ID = "https://w3id.org/cspgraph/id/"
# Instances shared by every copy: national bodies, the law, countries, source documents, dataset metadata.
SHARED_KINDS = ("organisation/", "provision/", "country/", "document/", "dataset/", "source/")
_IRI = re.compile(r"<https://w3id\.org/cspgraph/id/([^>]*)>")
_CODE = re.compile(r'"([EWN]\d{2}\d{6}|N\d{2})"')
_STATGEO = re.compile(r"<http://statistics\.data\.gov\.uk/id/statistical-geography/([^>]*)>")


def _copy_lines(nt: str, k: int) -> str:
    def iri(m: re.Match[str]) -> str:
        path = m.group(1)
        if path.startswith(SHARED_KINDS):
            return m.group(0)
        return f"<{ID}synth/{k}/{path}>"

    out = _IRI.sub(iri, nt)
    out = _CODE.sub(lambda m: f'"{m.group(1)}-s{k}"', out)
    return _STATGEO.sub(lambda m: f"<http://statistics.data.gov.uk/id/statistical-geography/{m.group(1)}-s{k}>", out)


def steps(scale: int) -> int:
    """How many steps :func:`synthesise` reports to its ``progress`` for ``scale``.

    Examples:
        >>> steps(10)
        12
    """
    return scale + 2


def synthesise(scale: int, out: Path, progress: Step | None = None) -> dict[str, int]:
    """Write a CSPGRAPH_HOME folder at ``out`` whose landscape is the real one multiplied ``scale`` times.

    Args:
        scale: how many times the real landscape (1 = the real one).
        out: the folder to write.
        progress: called with a description as each of :func:`steps` steps starts.

    Returns:
        Line (triple) counts of the files written.
    """
    if scale < 1:
        raise InputError(f"--scale must be a whole number of at least 1 (got {scale})")
    step = progress or silent
    src = resources.data_dir()
    step("reading the landscape")
    landscape = Graph().parse(src / "landscape.ttl")
    base_nt = landscape.serialize(format="nt")
    out.mkdir(parents=True, exist_ok=True)
    data = out / "data"
    tmp = Path(tempfile.mkdtemp(prefix=".synth-", dir=out))
    try:
        (tmp / "seeds").mkdir()
        with (tmp / "landscape.ttl").open("w", encoding="utf-8") as fh:  # N-Triples is valid Turtle
            for k in range(1, scale + 1):
                step(f"copy {k} of {scale}")
                fh.write(base_nt if k == 1 else _copy_lines(base_nt, k))
        step("the other data files, ontology, shapes and queries")
        for f in resources.data_files():
            if f.name != "landscape.ttl":
                rel = f.relative_to(src)
                shutil.copyfile(f, tmp / rel)
        if data.exists():
            shutil.rmtree(data)
        os.replace(tmp, data)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    for kind in ("ontology", "shapes", "queries"):
        link = out / kind
        target = getattr(resources, f"{kind}_dir")()
        if link.is_symlink() or link.exists():
            if link.is_symlink() or link.is_file():
                link.unlink()
            else:
                shutil.rmtree(link)
        if target.exists():
            link.symlink_to(target.resolve(), target_is_directory=True)
    (out / "pyproject.toml").write_text("# marks this folder as a cspgraph home\n")
    return {"landscape triples": len(landscape) * scale}
