"""The Store contract holds on every backend: embedded pyoxigraph, Oxigraph server, Virtuoso.

Each test runs three times (``store`` comes from tests/backends.py); a server that is missing
fails the run under CI=true. Terms read back must be the same on every backend: booleans,
language tags, plain vs xsd:string literals, numbers.
"""

from __future__ import annotations

import pytest
from rdflib import BNode, Graph, Literal, URIRef

from graph.store import ParseError, QuerySyntaxError, Store
from tests.backends import REMOTE_BACKENDS

pytestmark = pytest.mark.backend

G1 = "https://w3id.org/aseankg/graph/test/one"
G2 = "https://w3id.org/aseankg/graph/test/two"
EX = "https://example.org/"
XSD = "http://www.w3.org/2001/XMLSchema#"


def _graph(*objects: str, lang: str = "vi") -> Graph:
    g = Graph()
    for i, o in enumerate(objects):
        g.add((URIRef(f"{EX}s{i}"), URIRef(f"{EX}p"), Literal(o, lang=lang)))
    return g


def _quads(store: Store) -> set[str]:
    """The dataset as a set of N-Quads lines (blank nodes renamed away)."""
    lines = store.dump("application/n-quads").decode().splitlines()
    return {line for line in lines if line.strip()}


def test_replace_graphs_is_idempotent_and_replaces(store: Store) -> None:
    store.replace_graphs({G1: _graph("Hà Nội", "Jakarta"), G2: _graph("Viêng Chăn")})
    store.replace_graphs({G1: _graph("Hà Nội", "Jakarta"), G2: _graph("Viêng Chăn")})
    assert store.graphs() == sorted([G1, G2])
    assert (store.count(G1), store.count(G2), store.count()) == (2, 1, 3)
    store.replace_graphs({G1: _graph("Bangkok")}, remove=[G2])
    assert store.graphs() == [G1] and store.count() == 1


def test_default_graph_is_the_union_of_the_named_graphs(store: Store) -> None:
    store.replace_graphs({G1: _graph("x"), G2: _graph("y", "z")})
    res = store.query(f"SELECT ?o WHERE {{ ?s <{EX}p> ?o }} ORDER BY ?o")
    assert res.values("o") == ["x", "y", "z"]
    res = store.query(f"SELECT ?g (COUNT(*) AS ?n) WHERE {{ GRAPH ?g {{ ?s <{EX}p> ?o }} }} "
                      "GROUP BY ?g ORDER BY ?g")
    assert [(str(r["g"]), int(r["n"])) for r in res.rows] == [(G1, 1), (G2, 2)]


def test_terms_read_back_the_same_everywhere(store: Store) -> None:
    s = URIRef(f"{EX}thing")
    g = Graph()
    g.add((s, URIRef(f"{EX}flag"), Literal(True)))
    g.add((s, URIRef(f"{EX}off"), Literal(False)))
    g.add((s, URIRef(f"{EX}label"), Literal("Sáng kiến Hội nhập ASEAN", lang="vi")))
    g.add((s, URIRef(f"{EX}plain"), Literal("plain")))
    g.add((s, URIRef(f"{EX}typed"), Literal("typed", datatype=URIRef(XSD + "string"))))
    g.add((s, URIRef(f"{EX}count"), Literal(127)))
    g.add((s, URIRef(f"{EX}money"), Literal("24800000.5", datatype=URIRef(XSD + "decimal"))))
    g.add((s, URIRef(f"{EX}year"), Literal("2021", datatype=URIRef(XSD + "gYear"))))
    g.add((s, URIRef(f"{EX}month"), Literal("2021-07", datatype=URIRef(XSD + "gYearMonth"))))
    g.add((s, URIRef(f"{EX}node"), BNode()))
    store.replace_graphs({G1: g})
    rows = store.query(f"SELECT ?p ?o WHERE {{ <{s}> ?p ?o }}").rows
    got = {str(r["p"]).removeprefix(EX): r["o"] for r in rows}
    assert got["flag"] == Literal(True) and got["off"] == Literal(False)
    assert got["label"] == Literal("Sáng kiến Hội nhập ASEAN", lang="vi")
    assert got["plain"] == Literal("plain") and got["typed"] == Literal("typed")
    assert got["count"] == Literal(127)
    assert got["money"] == Literal("24800000.5", datatype=URIRef(XSD + "decimal"))
    assert got["year"] == Literal("2021", datatype=URIRef(XSD + "gYear"))
    assert got["month"] == Literal("2021-07", datatype=URIRef(XSD + "gYearMonth"))
    assert isinstance(got["node"], BNode)
    assert store.query(f"ASK {{ <{s}> <{EX}flag> true }}").boolean is True
    assert store.query(f"ASK {{ <{s}> <{EX}off> true }}").boolean is False


def test_construct_returns_a_graph(store: Store) -> None:
    store.replace_graphs({G1: _graph("a", "b")})
    res = store.query(f"CONSTRUCT {{ ?s <{EX}q> ?o }} WHERE {{ ?s <{EX}p> ?o }}")
    assert res.kind == "graph" and res.graph is not None and len(res.graph) == 2
    assert set(res.graph.objects()) == {Literal("a", lang="vi"), Literal("b", lang="vi")}


def test_a_syntax_error_is_a_query_syntax_error(store: Store) -> None:
    with pytest.raises(QuerySyntaxError) as err:
        store.query("SELECT ?s\nWHERE {\n  ?s ?p }")
    assert err.value.line == 3  # the caller's line, whatever the server prepends
    with pytest.raises(QuerySyntaxError):
        store.update("INSERT DATA { GRAPH <urn:g> { <urn:a> <urn:b> } }")


def test_update_writes_into_a_named_graph(store: Store) -> None:
    store.update(f'INSERT DATA {{ GRAPH <{G1}> {{ <{EX}a> <{EX}p> "x"@en }} }}')
    assert store.graphs() == [G1] and store.count(G1) == 1
    store.update(f"DELETE WHERE {{ GRAPH <{G1}> {{ <{EX}a> ?p ?o }} }}")
    assert store.count() == 0


def test_malformed_turtle_writes_nothing_and_names_the_line(store: Store) -> None:
    store.replace_graphs({G1: _graph("keep")})
    before = _quads(store)
    bad = (f"<{EX}a> <{EX}p> <{EX}b> .\n" * 50 + f"<{EX}a> <{EX}p> \"unterminated .\n").encode()
    with pytest.raises(ParseError) as err:
        store.load(bad, "text/turtle", graph=G2)
    assert err.value.line == 51
    assert _quads(store) == before and store.graphs() == [G1]


def test_malformed_nquads_across_graphs_writes_no_graph(store: Store) -> None:
    good = f'<{EX}a> <{EX}p> "ok" <{G1}> .\n'
    bad = (good + f'<{EX}a> <{EX}p> "fine" <{G2}> .\n' + f'<{EX}a> <{EX}p> "x" <{G2}>\n').encode()
    with pytest.raises(ParseError):
        store.load(bad, "application/n-quads")
    assert store.count() == 0


def test_load_counts_what_it_added(store: Store) -> None:
    data = (f'<{EX}a> <{EX}p> "1" <{G1}> .\n<{EX}b> <{EX}p> "2" <{G1}> .\n'
            f'<{EX}c> <{EX}p> "3" <{G2}> .\n').encode()
    assert store.load(data, "application/n-quads") == 3
    assert store.load(data, "application/n-quads") == 0  # same triples again: nothing new
    assert store.load(f'<{EX}d> <{EX}p> "4" .'.encode(), "text/turtle", graph=G2) == 1
    assert (store.count(G1), store.count(G2)) == (2, 2)


def test_export_round_trip(store: Store) -> None:
    """dump → load into an emptied store → the same quads (blank nodes aside)."""
    g = _graph("Hà Nội", "Jakarta")
    g.add((URIRef(f"{EX}s0"), URIRef(f"{EX}n"), Literal(31_000_000)))
    g.add((URIRef(f"{EX}s0"), URIRef(f"{EX}b"), Literal(True)))
    store.replace_graphs({G1: g, G2: _graph("Viêng Chăn", lang="en")})
    dumped = store.dump("application/n-quads")
    before = _quads(store)
    store.replace_graphs({}, remove=store.graphs())
    assert store.count() == 0
    assert store.load(dumped, "application/n-quads") == 5
    assert _quads(store) == before
    one = store.dump("text/turtle", graph=G2)
    assert Graph().parse(data=one, format="turtle").isomorphic(_graph("Viêng Chăn", lang="en"))


@pytest.mark.parametrize("media_type", ["application/sparql-results+json",
                                        "application/sparql-results+xml", "text/csv",
                                        "text/tab-separated-values"])
def test_query_raw_gives_the_requested_results_format(store: Store, media_type: str) -> None:
    import pyoxigraph as ox

    store.replace_graphs({G1: _graph("Hà Nội", "Jakarta")})
    body, mt = store.query_raw(f"SELECT ?o WHERE {{ ?s <{EX}p> ?o }} ORDER BY ?o", media_type)
    assert mt == media_type
    if media_type == "text/csv":
        assert body.decode().split("\r\n")[:3] == ["o", "Hà Nội", "Jakarta"]
        return
    parsed = ox.parse_query_results(body, format=ox.QueryResultsFormat.from_media_type(media_type))
    assert [str(s["o"].value) for s in parsed] == ["Hà Nội", "Jakarta"]


@pytest.mark.parametrize("media_type", ["text/turtle", "application/n-triples",
                                        "application/ld+json", "application/rdf+xml"])
def test_query_raw_gives_the_requested_graph_format(store: Store, media_type: str) -> None:
    from graph.formats import rdflib_format

    store.replace_graphs({G1: _graph("Hà Nội", "Jakarta")})
    body, mt = store.query_raw(f"CONSTRUCT {{ ?s <{EX}p> ?o }} WHERE {{ ?s <{EX}p> ?o }}",
                               media_type)
    assert mt == media_type
    g = Graph().parse(data=body, format=rdflib_format(media_type))
    assert g.isomorphic(_graph("Hà Nội", "Jakarta"))


@pytest.mark.parametrize("backend", REMOTE_BACKENDS, indirect=True)
def test_a_from_clause_chooses_the_default_graph(store: Store) -> None:
    """FROM in the query text overrides the union default graph. (Remote backends only for now:
    the embedded store passes use_default_graph_as_union=True, which pyoxigraph lets override
    FROM — reported to the owner of graph/stores/oxigraph.py.)"""
    store.replace_graphs({G1: _graph("x"), G2: _graph("y", "z")})
    res = store.query(f"SELECT (COUNT(*) AS ?n) FROM <{G2}> WHERE {{ ?s ?p ?o }}")
    assert int(res.rows[0]["n"]) == 2
    res = store.query(f"SELECT ?g (COUNT(*) AS ?n) FROM NAMED <{G1}> WHERE "
                      "{ GRAPH ?g { ?s ?p ?o } } GROUP BY ?g")
    assert [(str(r["g"]), int(r["n"])) for r in res.rows] == [(G1, 1)]


def test_query_raw_honours_a_protocol_dataset(store: Store) -> None:
    """default-graph-uri / named-graph-uri of the SPARQL protocol, as the service passes them."""
    import pyoxigraph as ox

    store.replace_graphs({G1: _graph("x"), G2: _graph("y", "z")})
    body, _ = store.query_raw(f"SELECT ?o WHERE {{ ?s <{EX}p> ?o }} ORDER BY ?o",
                              "application/sparql-results+json", default_graph_uris=[G1])
    parsed = ox.parse_query_results(body, format=ox.QueryResultsFormat.JSON)
    assert [s["o"].value for s in parsed] == ["x"]
    body, _ = store.query_raw(f"SELECT ?o WHERE {{ GRAPH <{G2}> {{ ?s <{EX}p> ?o }} }} "
                              "ORDER BY ?o", "application/sparql-results+json",
                              named_graph_uris=[G2])
    parsed = ox.parse_query_results(body, format=ox.QueryResultsFormat.JSON)
    assert [s["o"].value for s in parsed] == ["y", "z"]
