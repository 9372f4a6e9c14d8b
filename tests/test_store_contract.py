"""The Store contract, checked on the embedded pyoxigraph store (on disk) and the rdflib memory
store: named graphs, the union default graph, atomic writes, idempotent replacement."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef

from graph.store import ParseError, QuerySyntaxError, Store, StoreLockedError, open_store

G1 = "https://w3id.org/aseankg/graph/test/one"
G2 = "https://w3id.org/aseankg/graph/test/two"
EX = "https://example.org/"


def _graph(*objects: str) -> Graph:
    g = Graph()
    for i, o in enumerate(objects):
        g.add((URIRef(f"{EX}s{i}"), URIRef(f"{EX}p"), Literal(o, lang="vi")))
    return g


@pytest.fixture(params=["oxigraph", "memory"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Store:
    s = open_store(tmp_path / "store" if request.param == "oxigraph" else "memory:")
    yield s
    s.close()


def test_replace_graphs_writes_named_graphs_and_is_idempotent(store: Store) -> None:
    store.replace_graphs({G1: _graph("Hà Nội", "Jakarta"), G2: _graph("Viêng Chăn")})
    store.replace_graphs({G1: _graph("Hà Nội", "Jakarta"), G2: _graph("Viêng Chăn")})
    assert store.graphs() == sorted([G1, G2])
    assert store.count(G1) == 2 and store.count(G2) == 1 and store.count() == 3


def test_replace_graphs_replaces_rather_than_adds(store: Store) -> None:
    store.replace_graphs({G1: _graph("a", "b", "c")})
    store.replace_graphs({G1: _graph("d")})
    assert store.count(G1) == 1


def test_default_graph_is_the_union_of_named_graphs(store: Store) -> None:
    store.replace_graphs({G1: _graph("x"), G2: _graph("y", "z")})
    res = store.query(f"SELECT ?o WHERE {{ ?s <{EX}p> ?o }} ORDER BY ?o")
    assert res.values("o") == ["x", "y", "z"]


def test_labels_keep_their_language(store: Store) -> None:
    store.replace_graphs({G1: _graph("Sáng kiến Hội nhập ASEAN")})
    row = store.query(f"SELECT ?o WHERE {{ ?s <{EX}p> ?o }}").rows[0]
    assert row["o"] == Literal("Sáng kiến Hội nhập ASEAN", lang="vi")


def test_malformed_turtle_writes_nothing_and_names_the_line(store: Store) -> None:
    store.replace_graphs({G1: _graph("keep")})
    bad = (f"<{EX}a> <{EX}p> <{EX}b> .\n" * 50 + f"<{EX}a> <{EX}p> \"unterminated .\n").encode()
    with pytest.raises(ParseError) as err:
        store.load(bad, "text/turtle", graph=G2)
    assert store.count() == 1 and G2 not in store.graphs()
    if store.name == "oxigraph":
        assert err.value.line == 51


def test_failed_update_leaves_the_store_unchanged(store: Store) -> None:
    store.replace_graphs({G1: _graph("keep")})
    with pytest.raises(QuerySyntaxError):
        store.update(f"INSERT DATA {{ GRAPH <{G2}> {{ <{EX}a> <{EX}p> 1 }} }} ; DROP GRAPH <{G1}")
    assert store.count() == 1


def test_query_syntax_error_carries_position(store: Store) -> None:
    with pytest.raises(QuerySyntaxError) as err:
        store.query("SELECT * WHERE {\n  ?s ?p }")
    assert err.value.line == 2 or store.name == "memory"


def test_quad_dump_round_trips(store: Store, tmp_path: Path) -> None:
    store.replace_graphs({G1: _graph("một", "hai"), G2: _graph("ba")})
    data = store.dump("application/n-quads")
    other = open_store(tmp_path / "copy")
    other.load(data, "application/n-quads")
    assert other.count(G1) == 2 and other.count(G2) == 1
    other.close()


def test_a_second_writer_gets_a_clear_lock_error(tmp_path: Path) -> None:
    first = open_store(tmp_path / "locked")
    try:
        with pytest.raises(StoreLockedError, match="another aseankg process"):
            open_store(tmp_path / "locked")
    finally:
        first.close()


def test_a_from_clause_replaces_the_union_default_graph(store: Store) -> None:
    store.replace_graphs({G1: _graph("x"), G2: _graph("y", "z")})
    res = store.query(f"SELECT ?o FROM <{G1}> WHERE {{ ?s <{EX}p> ?o }} ORDER BY ?o")
    assert res.values("o") == ["x"]
