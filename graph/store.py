"""The Store protocol: what every backend (embedded pyoxigraph, rdflib memory, remote SPARQL 1.1
server) offers the rest of aseankg, and the errors they raise.

Everything above this layer (build, validation, queries, service, CLI) talks to a ``Store`` and
never to a backend library, so the same behavioural tests run against every backend.

Conventions every backend honours:
- all data lives in named graphs; the default graph seen by queries is the union of them;
- writes are atomic: ``replace_graphs`` and ``load`` either complete or leave the store unchanged.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal, Protocol, runtime_checkable

from rdflib import Graph
from rdflib.term import Node

__all__ = [
    "DEFAULT_STORE_PATH", "ParseError", "QueryResult", "QuerySyntaxError", "QueryTimeout",
    "Store", "StoreError", "StoreLockedError", "StoreUnavailable", "open_store",
]

DEFAULT_STORE_PATH = Path(os.environ.get("ASEANKG_STORE", "data/store"))


class StoreError(Exception):
    """Any failure of a store operation; the store is unchanged when it is raised by a write."""


class StoreLockedError(StoreError):
    """Another process holds the on-disk store for writing."""


class StoreUnavailable(StoreError):
    """A remote store cannot be reached (the message names the URL)."""


class ParseError(StoreError):
    """RDF that cannot be parsed; ``line`` and ``column`` are 1-based when known."""

    def __init__(self, message: str, line: int | None = None, column: int | None = None,
                 source: str | None = None) -> None:
        self.reason = message
        self.line, self.column, self.source = line, column, source
        where = ":".join(str(x) for x in (source, line, column) if x is not None)
        super().__init__(f"{where}: {message}" if where else message)


class QuerySyntaxError(ParseError):
    """SPARQL that cannot be parsed."""


class QueryTimeout(StoreError):
    """A query ran past its time limit and was stopped."""


@dataclass
class QueryResult:
    """A query's answer as rdflib terms: rows for SELECT, a boolean for ASK, a graph otherwise."""

    kind: Literal["select", "ask", "graph"]
    variables: list[str] = field(default_factory=list)
    rows: list[dict[str, Node]] = field(default_factory=list)
    boolean: bool | None = None
    graph: Graph | None = None

    def values(self, var: str) -> list[str]:
        """The string values of one column, in row order (unbound cells skipped)."""
        return [str(r[var]) for r in self.rows if r.get(var) is not None]


@runtime_checkable
class Store(Protocol):
    """What a backend must offer. Graph names are IRIs as ``str``."""

    name: str

    def query(self, sparql: str, *, timeout: float | None = None) -> QueryResult:
        """Run SPARQL 1.1 Query over the union default graph."""

    def query_raw(self, sparql: str, media_type: str, *, timeout: float | None = None,
                  default_graph_uris: Iterable[str] = (),
                  named_graph_uris: Iterable[str] = ()) -> tuple[bytes, str]:
        """Run a query and return the serialised answer and its media type, without converting
        terms (the service streams these bytes)."""

    def update(self, sparql: str) -> None:
        """Run SPARQL 1.1 Update atomically."""

    def replace_graphs(self, graphs: Mapping[str, Graph], remove: Iterable[str] = ()) -> None:
        """Atomically drop ``remove`` and each key of ``graphs``, then write each graph's triples
        into the named graph of its key."""

    def load(self, data: bytes, media_type: str, graph: str | None = None,
             base_iri: str | None = None) -> int:
        """Parse and add RDF atomically; quad formats keep their graphs, triple formats go into
        ``graph``. Returns the number of quads added. Raises ParseError with line and column."""

    def graphs(self) -> list[str]:
        """Names of the non-empty named graphs, sorted."""

    def count(self, graph: str | None = None) -> int:
        """Quads in one named graph, or in the whole store."""

    def dump(self, media_type: str, graph: str | None = None) -> bytes:
        """Serialise one graph (triples) or the whole dataset (N-Quads/TriG)."""

    def close(self) -> None:
        """Release files and connections."""


def open_store(spec: str | os.PathLike[str] | None = None, **options: object) -> Store:
    """Open a store from one setting: a directory (embedded pyoxigraph), ``memory:`` (rdflib, for
    tests) or an ``http(s)://…/sparql`` URL (a remote SPARQL 1.1 server)."""
    spec = str(spec or os.environ.get("ASEANKG_STORE") or DEFAULT_STORE_PATH)
    if spec == "memory:" or spec == ":memory:":
        from graph.stores.memory import MemoryStore

        return MemoryStore()
    if spec.startswith(("http://", "https://")):
        from graph.stores.remote import RemoteStore  # issue 6

        return RemoteStore(spec, **options)  # type: ignore[arg-type]
    from graph.stores.oxigraph import OxigraphStore

    return OxigraphStore(Path(spec), **options)  # type: ignore[arg-type]
