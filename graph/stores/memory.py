"""An rdflib in-memory store for unit tests: slow, dependency-free, same behaviour as the others."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from rdflib import Dataset, Graph, URIRef
from rdflib.plugins.sparql.parser import parseQuery, parseUpdate

from graph.formats import QUAD_TYPES, RESULT_FORMATS, rdflib_format
from graph.store import ParseError, QueryResult, QuerySyntaxError, StoreError

__all__ = ["MemoryStore"]

_RESULT_NAMES = {mt: names[0] for mt, names in RESULT_FORMATS.items()}


def _syntax(exc: Exception) -> QuerySyntaxError:
    line = getattr(exc, "lineno", None)
    col = getattr(exc, "col", None)
    return QuerySyntaxError(str(exc).split("\n")[0], line, col)


class MemoryStore:
    """An rdflib ``Dataset`` whose default graph is the union of its named graphs."""

    name = "memory"

    def __init__(self) -> None:
        self._ds = Dataset(default_union=True)

    def _named(self) -> list[Graph]:
        return [g for g in self._ds.graphs() if g.identifier != self._ds.default_graph.identifier]

    def query(self, sparql: str, *, timeout: float | None = None) -> QueryResult:
        try:
            parseQuery(sparql)
        except Exception as exc:  # pyparsing errors carry line/col
            raise _syntax(exc) from exc
        res = self._ds.query(sparql)
        if res.type == "ASK":
            return QueryResult("ask", boolean=bool(res.askAnswer))
        if res.type == "SELECT":
            variables = [str(v) for v in res.vars or []]
            rows = [{v: row[v] for v in variables if row[v] is not None} for row in res]
            return QueryResult("select", variables=variables, rows=rows)
        g = Graph()
        for t in res:
            g.add(t)
        return QueryResult("graph", graph=g)

    def query_raw(self, sparql: str, media_type: str, *, timeout: float | None = None,
                  default_graph_uris: Iterable[str] = (),
                  named_graph_uris: Iterable[str] = ()) -> tuple[bytes, str]:
        try:
            parseQuery(sparql)
        except Exception as exc:  # same contract as query(): QuerySyntaxError with line/col
            raise _syntax(exc) from exc
        res = self._ds.query(sparql)
        if res.type in ("SELECT", "ASK"):
            return res.serialize(format=_RESULT_NAMES[media_type]), media_type
        return res.serialize(format=rdflib_format(media_type)), media_type

    def update(self, sparql: str) -> None:
        try:
            parseUpdate(sparql)
        except Exception as exc:
            raise _syntax(exc) from exc
        snapshot = list(self._ds.quads((None, None, None, None)))
        try:
            self._ds.update(sparql)
        except Exception as exc:
            self._restore(snapshot)
            raise StoreError(str(exc)) from exc

    def _restore(self, quads: list) -> None:
        self._ds = Dataset(default_union=True)
        for s, p, o, g in quads:
            self._ds.graph(g).add((s, p, o))

    def replace_graphs(self, graphs: Mapping[str, Graph], remove: Iterable[str] = ()) -> None:
        for name in [*remove, *graphs]:
            self._ds.remove_graph(URIRef(name))
        for name, g in graphs.items():
            target = self._ds.graph(URIRef(name))
            for t in g:
                target.add(t)

    def load(self, data: bytes, media_type: str, graph: str | None = None,
             base_iri: str | None = None) -> int:
        staging = Dataset()
        try:
            if media_type in QUAD_TYPES:
                staging.parse(data=data, format=rdflib_format(media_type), publicID=base_iri)
            else:
                g = staging.graph(URIRef(graph) if graph else staging.default_graph.identifier)
                g.parse(data=data, format=rdflib_format(media_type), publicID=base_iri)
        except Exception as exc:
            raise ParseError(str(exc).split("\n")[0]) from exc
        before = len(list(self._ds.quads((None, None, None, None))))
        for s, p, o, g in staging.quads((None, None, None, None)):
            self._ds.graph(g).add((s, p, o))
        return len(list(self._ds.quads((None, None, None, None)))) - before

    def graphs(self) -> list[str]:
        return sorted(str(g.identifier) for g in self._named() if len(g) > 0)

    def count(self, graph: str | None = None) -> int:
        if graph is None:
            return sum(len(g) for g in self._named())
        return len(self._ds.graph(URIRef(graph)))

    def dump(self, media_type: str, graph: str | None = None) -> bytes:
        if graph is not None:
            return self._ds.graph(URIRef(graph)).serialize(format=rdflib_format(media_type),
                                                          encoding="utf-8")
        if media_type not in QUAD_TYPES:
            raise StoreError(f"{media_type} holds one graph; dump the dataset as N-Quads or TriG")
        return self._ds.serialize(format=rdflib_format(media_type), encoding="utf-8")

    def close(self) -> None:
        pass
