"""P2's optimisation: a large load into the on-disk store goes through pyoxigraph's bulk loader
behind a checkpoint, and stays atomic (bad input leaves the store as it was)."""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks import synthetic
from graph.store import ParseError
from graph.stores import oxigraph as oxstore
from graph.stores.oxigraph import OxigraphStore

NQ = "application/n-quads"


@pytest.fixture
def small_threshold(monkeypatch: pytest.MonkeyPatch) -> None:
    """Take the bulk path for the test's small files (the threshold is tens of MB)."""
    monkeypatch.setattr(oxstore, "BULK_LOAD_BYTES", 1)


def _data(tmp_path: Path, n: int = 3_000) -> bytes:
    """Source graphs only (no blank nodes, so two loads of the same file are the same quads)."""
    return "".join(line + "\n" for line in synthetic.generate(n, with_reference=False)).encode()


def test_bulk_path_loads_every_quad_and_counts_what_it_added(
        tmp_path: Path, small_threshold: None) -> None:
    data = _data(tmp_path)
    store = OxigraphStore(tmp_path / "store")
    added = store.load(data, NQ)
    assert added == store.count() == sum(1 for line in data.splitlines() if line.strip())
    assert store.load(data, NQ) == 0  # the same quads again add nothing
    assert not list(tmp_path.glob(".store.before-load*"))  # the checkpoint is removed
    store.close()


def test_bulk_path_same_store_as_a_transactional_load(tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    data = _data(tmp_path)
    plain = OxigraphStore(tmp_path / "plain")
    plain.load(data, NQ)
    monkeypatch.setattr(oxstore, "BULK_LOAD_BYTES", 1)
    bulk = OxigraphStore(tmp_path / "bulk")
    bulk.load(data, NQ)
    assert bulk.dump(NQ) and sorted(bulk.dump(NQ).splitlines()) == sorted(
        plain.dump(NQ).splitlines())
    plain.close()
    bulk.close()


def test_bad_input_on_the_bulk_path_leaves_the_store_unchanged(tmp_path: Path,
                                                              small_threshold: None) -> None:
    data = _data(tmp_path)
    store = OxigraphStore(tmp_path / "store")
    store.load(data[: len(data) // 2].rsplit(b"\n", 1)[0] + b"\n", NQ)
    before = sorted(store.dump(NQ).splitlines())
    broken = data + b"<https://example.org/s> <https://example.org/p> \"unterminated .\n"
    with pytest.raises(ParseError) as err:
        store.load(broken, NQ)
    assert err.value.line is not None
    assert sorted(store.dump(NQ).splitlines()) == before
    assert store.query("ASK { ?s ?p ?o }").boolean is True  # the store is usable again
    store.close()


def test_in_memory_store_keeps_the_transactional_path(small_threshold: None) -> None:
    store = OxigraphStore(None)
    with pytest.raises(ParseError):
        store.load(b"<a:s> <a:p> <a:o> <a:g> .\n<a:s> <a:p> \"x .\n", NQ)
    assert store.count() == 0


def test_a_bulk_load_killed_mid_way_is_rolled_back_when_the_store_reopens(tmp_path) -> None:
    """kill -9 during a bulk load leaves its checkpoint behind; reopening restores it."""
    import shutil as _shutil

    from graph.stores.oxigraph import OxigraphStore, _checkpoint_paths

    path = tmp_path / "store"
    store = OxigraphStore(path)
    store.load(b"<https://e.org/a> <https://e.org/p> <https://e.org/b> <https://e.org/g> .\n",
               "application/n-quads")
    checkpoint = _checkpoint_paths(path)[0]
    store.raw.backup(str(checkpoint))  # the state a bulk load starts from
    store.load(b"<https://e.org/c> <https://e.org/p> <https://e.org/d> <https://e.org/g> .\n",
               "application/n-quads")  # stands for the half-written load
    store.close()
    reopened = OxigraphStore(path)
    assert reopened.count() == 1 and not checkpoint.exists()
    reopened.close()
    _shutil.rmtree(path)
