"""The embedded default store: pyoxigraph on disk (RocksDB).

pyoxigraph runs every ``update`` and ``load`` in one transaction, so an atomic graph replacement is
one SPARQL Update (DROP + INSERT DATA) and a failed parse writes nothing.
"""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Iterable, Mapping
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph

from graph.formats import QUAD_TYPES, ox_rdf_format, ox_result_format
from graph.sparql_text import has_dataset_clause
from graph.store import (
    ParseError,
    QueryResult,
    QuerySyntaxError,
    QueryTimeout,
    StoreError,
    StoreLockedError,
)
from graph.stores.convert import insert_data_body, to_rdflib

__all__ = ["BULK_LOAD_BYTES", "OxigraphStore", "parse_error", "query_syntax_error"]

#: Loads at least this large into an on-disk store use pyoxigraph's bulk loader (see ``load``).
#: Above the service's default body limit (10 MiB), so HTTP writes keep the transactional path.
BULK_LOAD_BYTES = int(os.environ.get("ASEANKG_BULK_LOAD_BYTES", 64 * 1024 * 1024))


def parse_error(exc: SyntaxError, source: str | None = None) -> ParseError:
    """pyoxigraph's SyntaxError as a ParseError with 1-based line and column."""
    line = getattr(exc, "lineno", None)
    col = getattr(exc, "offset", None)
    msg = exc.args[0] if exc.args else str(exc)
    return ParseError(str(msg), line, col, source)


def query_syntax_error(exc: SyntaxError) -> QuerySyntaxError:
    """pyoxigraph reports query errors as 'error at L:C: …'; keep the numbers."""
    msg = str(exc)
    line = col = None
    if msg.startswith("error at "):
        where, _, rest = msg[len("error at "):].partition(": ")
        try:
            line, col = (int(x) for x in where.split(":"))
            msg = rest
        except ValueError:
            pass
    return QuerySyntaxError(msg, line, col)


def _checkpoint_paths(path: Path) -> tuple[Path, Path, Path]:
    """The checkpoint of a bulk load in progress, the one being written, and one being removed."""
    stem = path.parent / f".{path.name}.before-load"
    return stem, stem.with_name(stem.name + ".partial"), stem.with_name(stem.name + ".done")


def _restore(path: Path, checkpoint: Path) -> None:
    shutil.rmtree(path)
    checkpoint.rename(path)


def _discard(path: Path) -> None:
    checkpoint, _, done = _checkpoint_paths(path)
    shutil.rmtree(done, ignore_errors=True)
    checkpoint.rename(done)  # atomic: the load is now committed
    shutil.rmtree(done, ignore_errors=True)


def _recover_interrupted_bulk_load(path: Path) -> None:
    """A process killed during a bulk load leaves its checkpoint behind: the load may be half
    written, so the store goes back to the checkpoint (all or none). A checkpoint that was still
    being written, or one being removed after a finished load, is just deleted."""
    checkpoint, pending, done = _checkpoint_paths(path)
    shutil.rmtree(pending, ignore_errors=True)
    shutil.rmtree(done, ignore_errors=True)
    if checkpoint.is_dir():
        _restore(path, checkpoint)


class OxigraphStore:
    """A pyoxigraph ``Store`` in a directory; ``path=None`` keeps it in memory (tests, bench)."""

    name = "oxigraph"

    def __init__(self, path: Path | None = None, read_only: bool = False) -> None:
        self.path = path
        try:
            if path is None:
                self._store = ox.Store()
            elif read_only:
                self._store = ox.Store.read_only(str(path))
            else:
                path.mkdir(parents=True, exist_ok=True)
                _recover_interrupted_bulk_load(path)
                self._store = ox.Store(str(path))
        except OSError as exc:
            if "lock" in str(exc).lower():
                raise StoreLockedError(
                    f"the store at {path} is open for writing by another aseankg process "
                    f"(stop it, or point --store elsewhere): {exc}") from exc
            raise StoreError(f"cannot open the store at {path}: {exc}") from exc

    @property
    def raw(self) -> ox.Store:
        """The pyoxigraph store itself, for benchmarks and bulk paths."""
        return self._store

    # -- reading -----------------------------------------------------------------------------
    def _run(self, sparql: str, default_graph_uris: Iterable[str] = (),
             named_graph_uris: Iterable[str] = ()) -> object:
        kwargs: dict[str, object] = {}
        dgs = [ox.NamedNode(u) for u in default_graph_uris]
        ngs = [ox.NamedNode(u) for u in named_graph_uris]
        if dgs:
            kwargs["default_graph"] = dgs
        elif not ngs and not has_dataset_clause(sparql):
            kwargs["use_default_graph_as_union"] = True
        if ngs:
            kwargs["named_graphs"] = ngs
        try:
            return self._store.query(sparql, **kwargs)
        except SyntaxError as exc:
            raise query_syntax_error(exc) from exc
        except OSError as exc:
            raise StoreError(str(exc)) from exc

    def query(self, sparql: str, *, timeout: float | None = None) -> QueryResult:
        deadline = None if timeout is None else time.monotonic() + timeout
        res = self._run(sparql)
        if isinstance(res, ox.QueryBoolean):
            return QueryResult("ask", boolean=bool(res))
        if isinstance(res, ox.QuerySolutions):
            variables = [v.value for v in res.variables]
            rows = []
            for i, sol in enumerate(res):
                if deadline is not None and i % 256 == 0 and time.monotonic() > deadline:
                    raise QueryTimeout(f"query stopped after {timeout} s")
                rows.append({v: to_rdflib(sol[v]) for v in variables if sol[v] is not None})
            return QueryResult("select", variables=variables, rows=rows)
        g = Graph()
        for i, t in enumerate(res):
            if deadline is not None and i % 256 == 0 and time.monotonic() > deadline:
                raise QueryTimeout(f"query stopped after {timeout} s")
            g.add((to_rdflib(t.subject), to_rdflib(t.predicate), to_rdflib(t.object)))
        return QueryResult("graph", graph=g)

    def query_raw(self, sparql: str, media_type: str, *, timeout: float | None = None,
                  default_graph_uris: Iterable[str] = (),
                  named_graph_uris: Iterable[str] = ()) -> tuple[bytes, str]:
        res = self._run(sparql, default_graph_uris, named_graph_uris)
        if isinstance(res, ox.QueryTriples):
            return res.serialize(format=ox_rdf_format(media_type)), media_type
        return res.serialize(format=ox_result_format(media_type)), media_type

    def graphs(self) -> list[str]:
        names = [g.value for g in self._store.named_graphs() if isinstance(g, ox.NamedNode)]
        return sorted(n for n in names if self.count(n) > 0)

    def count(self, graph: str | None = None) -> int:
        if graph is None:
            return len(self._store)
        res = self._store.query(
            f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}")
        return int(next(iter(res))["n"].value)

    def dump(self, media_type: str, graph: str | None = None) -> bytes:
        fmt = ox_rdf_format(media_type)
        if graph is not None:
            return self._store.dump(format=fmt, from_graph=ox.NamedNode(graph))
        if media_type not in QUAD_TYPES:
            raise StoreError(f"{media_type} holds one graph; dump the dataset as N-Quads or TriG")
        return self._store.dump(format=fmt)

    # -- writing -----------------------------------------------------------------------------
    def update(self, sparql: str) -> None:
        try:
            self._store.update(sparql)
        except SyntaxError as exc:
            raise query_syntax_error(exc) from exc
        except OSError as exc:
            raise StoreError(str(exc)) from exc

    def replace_graphs(self, graphs: Mapping[str, Graph], remove: Iterable[str] = ()) -> None:
        drops = "".join(f"DROP SILENT GRAPH <{g}> ;\n" for g in [*remove, *graphs])
        body = insert_data_body(graphs.items())
        sparql = drops + (f"INSERT DATA {{\n{body}\n}}" if body else "")
        if not sparql.strip():
            return
        sparql = sparql.rstrip().rstrip(";")
        self.update(sparql)

    def load(self, data: bytes, media_type: str, graph: str | None = None,
             base_iri: str | None = None) -> int:
        before = len(self._store)
        kwargs: dict[str, object] = {"format": ox_rdf_format(media_type)}
        if base_iri:
            kwargs["base_iri"] = base_iri
        if media_type not in QUAD_TYPES and graph is not None:
            kwargs["to_graph"] = ox.NamedNode(graph)
        if self.path is not None and len(data) >= BULK_LOAD_BYTES:
            return self._bulk_load(data, kwargs, before)
        try:
            self._store.load(data, **kwargs)
        except SyntaxError as exc:
            raise parse_error(exc) from exc
        except (OSError, ValueError) as exc:
            raise StoreError(str(exc)) from exc
        return len(self._store) - before

    def _bulk_load(self, data: bytes, kwargs: dict[str, object], before: int) -> int:
        """A large load through ``bulk_load``, kept atomic by a checkpoint.

        ``Store.load`` is one RocksDB transaction: for 1M quads it holds the whole batch in
        memory (1.9 GB) and took 4.3x as long as ``bulk_load`` (docs/performance.md, P2).
        ``bulk_load`` is not transactional, so a checkpoint of the store (``backup``: hard
        links, cheap) is taken first and swapped back in when the load fails: bad input still
        leaves the store as it was. Only for a store no other object holds open (the CLI)."""
        assert self.path is not None
        checkpoint, pending, _ = _checkpoint_paths(self.path)
        shutil.rmtree(pending, ignore_errors=True)
        shutil.rmtree(checkpoint, ignore_errors=True)
        self._store.backup(str(pending))
        pending.rename(checkpoint)  # from here on a crash rolls back to the checkpoint
        try:
            self._store.bulk_load(data, **kwargs)
            self._store.flush()
        except (SyntaxError, OSError, ValueError) as exc:
            del self._store
            _restore(self.path, checkpoint)
            self._store = ox.Store(str(self.path))
            if isinstance(exc, SyntaxError):
                raise parse_error(exc) from exc
            raise StoreError(str(exc)) from exc
        _discard(self.path)
        return len(self._store) - before

    def close(self) -> None:
        self._store.flush() if self.path is not None else None
        del self._store
