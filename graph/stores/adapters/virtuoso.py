"""Virtuoso Open Source 7: the server that needs the most help to behave like the others.

Measured differences (../shared/design/research/servers.md and tests/test_backends_*.py):
- Endpoints: queries at ``/sparql`` (anonymous); updates need HTTP **Digest** at ``/sparql-auth``;
  GSP reads at ``/sparql-graph-crud``, writes with Digest at ``/sparql-graph-crud-auth``.
- A query POSTed as ``application/sparql-query`` never answers: RemoteStore only sends GET or
  form POST, for every server.
- The default graph is the union of *all* graphs, including Virtuoso's own system graphs
  (``virtrdf#``, ``ldp#``, ``…/DAV/``, the endpoint's own graph). Its pragmas
  ``DEFINE input:default-graph-exclude`` / ``input:named-graph-exclude`` would hide them but break
  ``GRAPH <iri> {…}`` patterns (7.2.5 then counts 1 row), so instead every query names the
  user's graphs as the protocol dataset: ``default-graph-uri`` *and* ``named-graph-uri`` for each
  (listed with a 2 s cache, refreshed after our own writes). With only ``default-graph-uri``,
  ``GRAPH ?g`` still sees the system graphs while ``GRAPH <iri>`` sees nothing. A graph written
  by another client appears within the cache time. ``COUNT(*)`` over ``GRAPH <iri>`` for a graph
  outside the dataset answers 1 instead of 0 (a Virtuoso bug), so count() and graphs() query
  without a dataset and filter the system graphs out themselves.
- Terms in JSON results: booleans come back as ``"1"``/``"0"``, ``xsd:string`` stays distinct from
  a plain literal (RDF 1.0), doubles print as ``100.0``/``1.5e-07``, blank nodes as ``nodeID://b1``;
  we rewrite them to what the embedded store gives (``true``, plain, ``100``, ``0.00000015``).
- TSV output is not conformant (quoted names, bare IRIs), JSON booleans are wrong and
  N-Quads/TriG are refused (406): raw results are fetched as JSON / N-Triples and re-serialised.
- SELECT is silently capped at ``ResultSetMaxRows`` (10,000 by default) with only an
  ``X-SPARQL-MaxRows`` header as a sign; a result that reaches the cap raises instead.
- "Anytime" timeouts answer 200 with partial rows and ``X-SQL-State: S1TAT``: that raises
  QueryTimeout. The per-query limit is sent as ``timeout`` (milliseconds).
- ``ORDER BY STR(?alias)`` over an aggregate alias is a compile error (SP031): such queries are
  rewritten to sort outside a sub-query (graph/stores/adapters/rewrite.py).
- HEAD on the GSP endpoint gives 501; ``?default`` gives 500: neither is used.
"""

from __future__ import annotations

import re
import time
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from rdflib import BNode, Literal

from graph.store import QueryTimeout, StoreError
from graph.stores.adapters.generic import XSD_NS, GenericAdapter
from graph.stores.adapters.rewrite import boolean_constants_typed, order_by_outside

__all__ = ["VirtuosoAdapter", "canonical_double"]

#: graphs every Virtuoso keeps for itself, by IRI prefix (plus the per-host ones matched below)
SYSTEM_PREFIXES = (
    "http://www.openlinksw.com/",
    "http://www.w3.org/ns/ldp#",
    "http://www.w3.org/2002/07/owl#",
    "http://localhost:8890/",
)

#: seconds a listing of the user's graphs is reused for the union default graph
GRAPH_LIST_TTL = 2.0
#: a graph that never exists: the default graph when the store has no graphs yet
EMPTY_GRAPH = "urn:aseankg:no-graph"


def canonical_double(lexical: str) -> str:
    """A double's lexical form as Oxigraph writes it (shortest round-trip, no exponent)."""
    try:
        value = float(lexical)
    except ValueError:
        return lexical
    if value != value:
        return "NaN"
    if value in (float("inf"), float("-inf")):
        return "INF" if value > 0 else "-INF"
    try:
        text = format(Decimal(repr(value)), "f")
    except InvalidOperation:
        return lexical
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


class VirtuosoAdapter(GenericAdapter):
    name = "virtuoso"
    gsp_content_type = "text/turtle"
    insert_chunk = 1_000  # INSERT DATA beyond ~1,000 triples fails (SP031 / memory exhausted)
    native_result_types: frozenset[str] = frozenset()
    native_graph_types: frozenset[str] = frozenset()
    default_auth = "digest"
    enforces_timeout = True

    def __init__(self, query_url: str, update_url: str, gsp_url: str | None) -> None:
        super().__init__(query_url, update_url, gsp_url)
        self.system_graphs: list[str] = []
        self._graphs: list[str] | None = None
        self._listed_at = 0.0
        self._store: Any = None
        self._host_prefix = "{0.scheme}://{0.netloc}/".format(urlsplit(query_url))

    @classmethod
    def matches(cls, server_header: str, query_url: str) -> bool:
        return "virtuoso" in server_header.lower()

    @classmethod
    def default_endpoints(cls, query_url: str, authenticated: bool) -> tuple[str, str | None]:
        parts = urlsplit(query_url)
        base = parts.path.rstrip("/")
        if base.endswith("-auth"):
            base = base[: -len("-auth")]
        suffix = "-auth" if authenticated else ""

        def url(path: str) -> str:
            return urlunsplit((parts.scheme, parts.netloc, path, "", ""))

        return url(f"{base}{suffix}"), url(f"{base}-graph-crud{suffix}")

    def connected(self, store: Any) -> None:
        """Learn which graphs are Virtuoso's own, so queries and listings can leave them out."""
        self._store = store
        self.system_graphs = sorted(g for g in self._all_graphs() if self.is_system_graph(g))

    def _all_graphs(self) -> list[str]:
        res = self._store.query_unprepared("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")
        return [str(r["g"]) for r in res.rows if "g" in r]

    def user_graphs(self) -> list[str]:
        """The non-system graphs: the union default graph of docs/model.md."""
        now = time.monotonic()
        if self._graphs is None or now - self._listed_at > GRAPH_LIST_TTL:
            self._graphs = sorted(g for g in self._all_graphs() if not self.is_system_graph(g))
            self._listed_at = now
        return self._graphs

    def invalidate(self) -> None:
        self._graphs = None

    def is_system_graph(self, name: str) -> bool:
        if name in self.system_graphs or name.startswith(SYSTEM_PREFIXES):
            return True
        # graphs Virtuoso names after its own host: the endpoint's graph and DAV
        return name.startswith(self._host_prefix) and (
            name.endswith("/DAV/") or name.rstrip("/").endswith("/sparql"))

    def prepare_query(self, sparql: str) -> str:
        """Virtuoso rejects ORDER BY expressions over aggregate aliases (``ORDER BY
        STR(?start_date)`` where ``?start_date`` is ``MIN(?start)``: SP031); sorting outside a
        sub-query gives the same rows in the same order. ``BIND(false AS ?x)`` would come back as
        the integer 0; ``STRDT("false", xsd:boolean)`` stays a boolean."""
        sparql = boolean_constants_typed(sparql)
        return order_by_outside(sparql) or sparql

    def query_params(self, *, union: bool, timeout: float | None) -> list[tuple[str, str]]:
        params = [("timeout", str(int(timeout * 1000)))] if timeout else []
        if union:
            graphs = self.user_graphs() or [EMPTY_GRAPH]
            params += [("default-graph-uri", g) for g in graphs]
            params += [("named-graph-uri", g) for g in graphs]
        return params

    def error_is_timeout(self, message: str) -> bool:
        # also the optimizer's refusal: "The estimated execution time 20138 (sec) exceeds the
        # limit of 400 (sec)" (MaxQueryCostEstimationTime)
        return re.search(r"S1T00|S1TAT|timed out|timeout|interrupted|estimated execution time",
                         message, re.I) is not None

    def check_headers(self, headers: Mapping[str, str], rows: int | None = None) -> None:
        lower = {k.lower(): v for k, v in headers.items()}
        if lower.get("x-sql-state", "").strip() == "S1TAT":
            raise QueryTimeout(f"the server at {self.query_url} stopped the query: "
                               f"{lower.get('x-sql-message', 'time limit reached').strip()}")
        cap = lower.get("x-sparql-maxrows")
        if cap and rows is not None and cap.strip().isdigit() and rows >= int(cap):
            raise StoreError(
                f"the server at {self.query_url} truncated the result at {cap} rows "
                "(Virtuoso ResultSetMaxRows): raise it in virtuoso.ini [SPARQL] or page the query")

    def literal(self, value: str, lang: str | None, datatype: str | None) -> Literal:
        if datatype == XSD_NS + "boolean":
            value = {"1": "true", "0": "false"}.get(value, value)
        elif datatype in (XSD_NS + "double", XSD_NS + "float"):
            value = canonical_double(value)
        return super().literal(value, lang, datatype)

    def bnode(self, label: str) -> BNode:
        return BNode(label.removeprefix("nodeID://"))
