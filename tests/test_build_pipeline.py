"""The build pipeline on the bundled corpus: every seed becomes its own validated source graph,
re-running changes nothing, and bad input is reported without touching the store."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from graph.build import PROJECT_ROOT, BuildError, build
from graph.model import ONTOLOGY_GRAPH, REFERENCE_GRAPH, source_graph
from graph.store import Store, open_store

CORPUS = PROJECT_ROOT / "corpus"
SEEDS = sorted(p.stem for p in CORPUS.glob("*.txt"))


@pytest.fixture
def store(tmp_path: Path) -> Store:
    s = open_store(tmp_path / "store")
    yield s
    s.close()


def test_seed_build_writes_one_conforming_graph_per_document(store: Store) -> None:
    summary = build(store, CORPUS)
    assert len(SEEDS) == 5
    assert [d.doc_id for d in summary.documents] == SEEDS
    assert summary.rejected == [], "\n".join(d.report or d.error or "" for d in summary.rejected)
    assert summary.violations == 0
    names = set(store.graphs())
    assert {str(ONTOLOGY_GRAPH), str(REFERENCE_GRAPH)} <= names
    assert {str(source_graph(s)) for s in SEEDS} <= names
    assert all(summary.graphs[str(source_graph(s))] > 50 for s in SEEDS)
    assert summary.entities > 50


def test_rebuilding_is_idempotent(store: Store) -> None:
    first = build(store, CORPUS)
    second = build(store, CORPUS)
    assert first.graphs == second.graphs
    assert store.count() == first.triples


def test_every_source_graph_names_its_document(store: Store) -> None:
    build(store, CORPUS)
    res = store.query("""
        PREFIX prov: <http://www.w3.org/ns/prov#>
        SELECT ?g ?src WHERE { GRAPH ?g { ?g prov:wasDerivedFrom ?src } } ORDER BY ?g""")
    assert [r["src"].split("/")[-1] for r in res.rows] == SEEDS


def test_a_bad_document_is_reported_and_the_others_still_load(store: Store,
                                                               tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(CORPUS / f"{SEEDS[1]}.txt", corpus)
    (corpus / "broken.txt").write_bytes("Hội nghị".encode() + b"\xff\xfe bad bytes")
    (corpus / "empty.txt").write_bytes(b"")
    summary = build(store, corpus)
    by_id = {d.doc_id: d for d in summary.documents}
    assert by_id[SEEDS[1]].accepted
    assert not by_id["broken"].accepted and "UTF-8" in (by_id["broken"].error or "")
    assert not by_id["empty"].accepted and by_id["empty"].error
    assert str(source_graph("broken")) not in store.graphs()


def test_unreadable_reference_data_stops_the_build_and_writes_nothing(
        store: Store, tmp_path: Path) -> None:
    root = tmp_path / "project"
    shutil.copytree(PROJECT_ROOT / "ontology", root / "ontology")
    (root / "ontology" / "reference" / "zz-broken.ttl").write_text(
        "@prefix ex: <https://example.org/> .\nex:a ex:b ex:c ;\n  ex:d .\n", encoding="utf-8")
    with pytest.raises(BuildError, match="zz-broken.ttl"):
        build(store, CORPUS, root=root)
    assert store.count() == 0
