"""The shared on-disk store (cspgraph.stores.disk) and the resolver's indexed look-up (cspgraph.resolve.lookup)."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest

from cspgraph import resources
from cspgraph.errors import LoadError
from cspgraph.resolve import KINDS, Resolver, lookup, resolve
from cspgraph.stores import GraphStore, open_store
from cspgraph.stores.disk import dataset_key, derived, derived_path, disk_store_path, load_checked, open_disk_store


@pytest.fixture()
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("CSPGRAPH_CACHE_DIR", str(tmp_path / "cache"))
    return tmp_path / "cache"


def test_disk_store_holds_the_same_quads_as_the_files(cache: Path, store: GraphStore) -> None:
    disk = open_disk_store()
    assert disk.read_only and disk.location == disk_store_path()
    assert len(disk) == len(store)
    ground = lambda st: {str(q) for q in st.quads() if "_:" not in str(q)}  # noqa: E731 - blank nodes are renamed
    assert ground(disk) == ground(store)
    assert sorted(p.name for p in cache.iterdir()) == [disk_store_path().name]  # no temporary folder left


def test_disk_store_is_built_once_and_opened_read_only(cache: Path) -> None:
    first = open_disk_store(shapes=False)
    marker = first.location / "built-once"  # type: ignore[operator]
    marker.touch()
    second = open_store("oxigraph", shapes=False, disk=True)
    assert getattr(second, "location", None) == first.location and marker.exists()
    with pytest.raises(LoadError, match="read-only"):
        second.load_file(resources.data_files()[0], "https://example.org/g")


def test_a_changed_file_is_a_new_version(cache: Path, tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(resources.data_dir(), data)
    before = dataset_key(data)
    (data / "extra.ttl").write_text('<https://example.org/a> <https://example.org/b> "c" .\n')
    after = dataset_key(data)
    assert before != after
    assert len(open_disk_store(data)) == len(open_store("oxigraph", data=data))


def test_malformed_data_leaves_nothing_in_the_cache(cache: Path, tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    (data / "bad.ttl").write_text("<https://example.org/a> <https://example.org/b> .\n")
    with pytest.raises(LoadError, match="bad.ttl"):
        open_disk_store(data)
    assert not [p for p in cache.iterdir() if p.name.startswith("store-")]
    assert not [p for p in cache.iterdir() if p.name.startswith(".building-")]


def test_switched_off_by_the_environment(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CSPGRAPH_DISK_STORE", "0")
    assert getattr(open_store("oxigraph", shapes=False, disk=True), "location", None) is None
    assert not cache.exists()


def test_lookup_gives_what_the_whole_index_gives(store: GraphStore) -> None:
    """Every code and id path in the dataset, for every kind: the look-up answers as the index does, or defers."""
    index = Resolver.build(store)
    values = sorted(index.codes) + sorted(u.removeprefix("https://w3id.org/cspgraph/id/") for u in index.types)[::7]
    answered = 0
    for value in values:
        for kind in KINDS:
            found = lookup(store, value, kind)
            if found is None:
                continue
            answered += 1
            assert found == index.resolve(value, kind), (value, kind)
    assert answered > len(values)


def test_police_force_area_codes_from_the_reference(store: GraphStore, reference_dir: Path) -> None:
    """Each PFA code of the ONS lookup resolves to that police force area, through the look-up alone."""
    with (reference_dir / "geographr_lookup_ltla24_csp24_pfa24.csv").open(newline="", encoding="utf-8-sig") as fh:
        codes = {
            row[k] for row in csv.DictReader(fh) for k in row if k.lower().startswith("pfa") and "code" in k.lower()
        }
    assert len(codes) >= 40
    for code in sorted(codes):
        expected = f"https://w3id.org/cspgraph/id/police-force-area/{code}"
        assert str(lookup(store, code, "pfa")) == expected
        assert str(resolve(store, code.lower(), "pfa")) == expected


def test_the_server_workers_open_the_shared_copy(cache: Path, store: GraphStore) -> None:
    """The SPARQL workers of the default dataset open the on-disk store read-only; a given store is copied."""
    from cspgraph.api.sparql_worker import open_dataset
    from cspgraph.api.state import launch_pool
    from cspgraph.config import Settings

    settings = Settings()
    settings.sparql_workers = 1
    pool = launch_pool(settings, default_dataset=True)
    try:
        assert pool is not None and pool.nquads_path == str(disk_store_path(shapes=True))
        pool.wait_started()
        assert pool.health()["alive"] == 1
    finally:
        if pool is not None:
            pool.close()
    assert len(open_dataset(str(disk_store_path(shapes=True)))) == len(store)
    assert launch_pool(settings, default_dataset=False) is None


def test_a_lenient_parse_of_a_checked_version_gives_the_same_quads(cache: Path) -> None:
    ground = lambda st: {str(q) for q in st.quads() if "_:" not in str(q)}  # noqa: E731 - blank nodes are renamed
    checked = load_checked(shapes=False)
    assert disk_store_path(shapes=False).is_dir()
    assert ground(checked) == ground(open_store("oxigraph", shapes=False))


def test_derived_facts_are_built_once_per_version(cache: Path, tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(resources.data_dir(), data)
    calls: list[int] = []
    build = lambda: calls.append(1) or {"n": len(calls)}  # noqa: E731
    assert derived("facts", build, data) == {"n": 1}
    assert derived("facts", build, data) == {"n": 1} and len(calls) == 1  # read back, not built again
    assert derived_path("facts", data).parent == cache
    assert not [p for p in cache.iterdir() if p.name.startswith(".building-")]
    derived_path("facts", data).write_bytes(b"cut sh")  # a file cut short is built again
    assert derived("facts", build, data) == {"n": 2}
    (data / "extra.ttl").write_text('<https://example.org/a> <https://example.org/b> "c" .\n')
    assert derived("facts", build, data) == {"n": 3}  # a new version


def test_the_latest_landscape_is_its_own_store_rebuilt_with_the_data(cache: Path, tmp_path: Path) -> None:
    from cspgraph.asof import latest, open_latest

    data = tmp_path / "data"
    shutil.copytree(resources.data_dir(), data)
    first = open_latest(data, shapes=False)
    assert first.read_only and first.location == disk_store_path(data, shapes=False, suffix="-latest")
    whole = open_disk_store(data, shapes=False)
    assert latest(first) == latest(whole) and 0 < len(first) < len(whole)
    assert open_latest(data, shapes=False).location == first.location  # built once
    (data / "extra.ttl").write_text('<https://example.org/a> <https://example.org/b> "c" .\n')
    second = open_latest(data, shapes=False)
    assert second.location != first.location
    assert len(second) == len(first) + 1  # an undated statement holds on every day
    assert not [p for p in cache.iterdir() if p.name.startswith(".building-")]
