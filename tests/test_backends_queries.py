"""The seed corpus built on every backend answers every query the same way.

The build runs once per backend (module scope); the embedded pyoxigraph store is the reference.
Rows are compared as multisets of terms; when a query has ORDER BY, order counts too. Blank nodes
are compared by position only (their labels are the server's). Besides the named queries in
``queries/*.rq``, a few probes cover the shapes of data every query relies on.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from rdflib import BNode
from rdflib.term import Node

from graph.build import PROJECT_ROOT, build
from graph.model import sparql_prefixes
from graph.sparql_text import mask
from graph.store import QueryResult, Store
from graph.stores.adapters.rewrite import select_parts
from tests.backends import REMOTE_BACKENDS, open_backend

pytestmark = pytest.mark.backend

QUERY_FILES = sorted((PROJECT_ROOT / "queries").glob("*.rq"))
PROBES = {
    "probe-graphs": "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } "
                    "GROUP BY ?g ORDER BY ?g",
    "probe-classes": "SELECT ?c (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a ?c } GROUP BY ?c",
    "probe-labels": "SELECT ?s ?l WHERE { ?s rdfs:label ?l }",
    # DATATYPE() of a language-tagged literal is unbound on Virtuoso (RDF 1.0): see
    # docs/backends.md; the probe looks at typed literals only
    "probe-literals": "SELECT ?dt (COUNT(*) AS ?n) WHERE { ?s ?p ?o "
                      "FILTER(isLiteral(?o) && LANG(?o) = \"\") "
                      "BIND(DATATYPE(?o) AS ?dt) } GROUP BY ?dt",
    "probe-langs": "SELECT ?lang (COUNT(*) AS ?n) WHERE { ?s ?p ?o "
                   "FILTER(isLiteral(?o) && LANG(?o) != \"\") BIND(LANG(?o) AS ?lang) } "
                   "GROUP BY ?lang",
    "probe-booleans": "SELECT ?s ?p ?o WHERE { ?s ?p ?o FILTER(DATATYPE(?o) = xsd:boolean) }",
    "probe-ask": "ASK { ?s a owl:Class }",
    "probe-construct": "CONSTRUCT { ?s skos:prefLabel ?l } WHERE { ?s skos:prefLabel ?l }",
}


def _named_queries() -> dict[str, str]:
    return {p.stem: p.read_text(encoding="utf-8") for p in QUERY_FILES}


def _run(store: Store, name: str, text: str) -> QueryResult:
    """A named query through graph.queries when it exists (parameters at their defaults), else
    the .rq text as written."""
    try:
        from graph import queries
    except ImportError:
        queries = None  # type: ignore[assignment]
    if queries is not None and hasattr(queries, "run") and not name.startswith("probe-"):
        return queries.run(store, name, {})
    return store.query(sparql_prefixes() + text if name.startswith("probe-") else text)


def _order_vars(text: str) -> list[str]:
    """Variables the top-level ORDER BY sorts on (inside expressions too), in clause order."""
    parts = select_parts(text)
    if parts is None or parts.order is None:
        return []
    clause = re.split(r"\b(?:LIMIT|OFFSET|VALUES)\b", mask(text)[parts.order:], flags=re.I)[0]
    return list(dict.fromkeys(re.findall(r"[?$](\w+)", clause)))


def _key(term: Node | None) -> Any:
    if term is None:
        return None
    if isinstance(term, BNode):
        return "_:b"
    return (type(term).__name__, term.n3())


def _canon(res: QueryResult, order_vars: list[str]) -> Any:
    """What must agree: the rows as a multiset and, for ORDER BY queries, the sequence of sort
    keys (rows that tie on every sort key may come in any order)."""
    if res.kind == "ask":
        return res.boolean
    if res.kind == "graph":
        assert res.graph is not None
        return Counter(tuple(_key(t) for t in triple) for triple in res.graph)
    rows = [tuple(_key(r.get(v)) for v in res.variables) for r in res.rows]
    keys = [tuple(_key(r.get(v)) for v in order_vars if v in res.variables) for r in res.rows]
    return (res.variables, Counter(rows), keys)


@pytest.fixture(scope="module")
def built(backend_servers: Any, tmp_path_factory: pytest.TempPathFactory) -> Iterator[
        dict[str, Store]]:
    """One store per backend with the seed corpus built into it; opened lazily."""
    stores: dict[str, Store] = {}

    def get(kind: str) -> Store:
        if kind not in stores:
            s = open_backend(kind, backend_servers, tmp_path_factory.mktemp(kind))
            build(s, Path(PROJECT_ROOT / "corpus"))
            stores[kind] = s
        return stores[kind]

    yield _Lazy(get)  # type: ignore[misc]
    for s in stores.values():
        s.close()


class _Lazy(dict):  # type: ignore[type-arg]
    def __init__(self, get: Any) -> None:
        super().__init__()
        self._get = get

    def __missing__(self, key: str) -> Store:
        return self._get(key)


ALL = {**_named_queries(), **PROBES}

#: named queries Virtuoso 7.2.5 answers wrongly or not at all, measured on the seed corpus; the
#: adapter cannot repair these (the engine computes a different answer), see docs/backends.md
VIRTUOSO_BUGS = {
    "document-history": "MIN() over strings follows Virtuoso's collation, not code points "
                        "('Công' vs 'công')",
    "plans": "GROUP_CONCAT over no values gives \"\" (the spec's answer); Oxigraph leaves it "
             "unbound",
}


@pytest.mark.parametrize("remote", REMOTE_BACKENDS)
def test_the_build_writes_the_same_graphs(built: dict[str, Store], remote: str) -> None:
    reference, other = built["oxigraph"], built[remote]
    assert other.graphs() == reference.graphs()
    assert {g: other.count(g) for g in other.graphs()} == \
        {g: reference.count(g) for g in reference.graphs()}
    assert reference.count() > 0


@pytest.mark.parametrize("remote", REMOTE_BACKENDS)
@pytest.mark.parametrize("name", sorted(ALL))
def test_every_query_answers_the_same_on_every_backend(built: dict[str, Store], remote: str,
                                                        name: str,
                                                        request: pytest.FixtureRequest) -> None:
    if remote == "virtuoso" and name in VIRTUOSO_BUGS:
        # runs, and must still fail: when a query is rewritten around the bug this turns red
        request.applymarker(pytest.mark.xfail(
            strict=True, reason=f"Virtuoso 7.2.5: {VIRTUOSO_BUGS[name]} (docs/backends.md)"))
    text = ALL[name]
    order = _order_vars(text)
    expected = _canon(_run(built["oxigraph"], name, text), order)
    got = _canon(_run(built[remote], name, text), order)
    assert got == expected
