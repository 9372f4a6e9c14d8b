"""The adapter for any standards-conforming SPARQL 1.1 server; the others override its hooks.

Defaults follow the specs: updates go to the query URL (SPARQL 1.1 Protocol allows one endpoint
for both), JSON results are read as written, and graph uploads use the Graph Store Protocol only
when a GSP URL is configured; without one, writes fall back to chunked ``INSERT DATA`` updates.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import quote

from rdflib import BNode, Literal, URIRef
from rdflib.term import Node

from graph.store import QueryTimeout, StoreError

__all__ = ["GenericAdapter", "XSD_NS"]

XSD_NS = "http://www.w3.org/2001/XMLSchema#"


class GenericAdapter:
    """Hooks RemoteStore calls around every request. Subclasses override only what differs."""

    name = "generic"
    #: media type used for Graph Store Protocol bodies (N-Triples is also valid Turtle)
    gsp_content_type = "application/n-triples"
    #: whether query_params() passes the query time limit to the server, which then stops work
    enforces_timeout = False
    #: triples per ``INSERT DATA`` request when writing without GSP
    #: auth scheme when credentials are given without ASEANKG_AUTH
    default_auth = "basic"
    insert_chunk = 10_000
    #: result media types the server writes correctly (others are re-serialised client-side)
    native_result_types: frozenset[str] = frozenset({
        "application/sparql-results+json", "application/sparql-results+xml", "text/csv",
        "text/tab-separated-values"})
    native_graph_types: frozenset[str] = frozenset({
        "text/turtle", "application/n-triples", "application/ld+json", "application/rdf+xml"})

    def __init__(self, query_url: str, update_url: str, gsp_url: str | None) -> None:
        self.query_url, self.update_url, self.gsp_url = query_url, update_url, gsp_url

    # -- recognising the server and its endpoints -------------------------------------------------
    @classmethod
    def matches(cls, server_header: str, query_url: str) -> bool:
        """Whether this adapter is the one for a server (from its ``Server`` header)."""
        return False

    @classmethod
    def default_endpoints(cls, query_url: str, authenticated: bool) -> tuple[str, str | None]:
        """(update URL, GSP URL) when the user gave only the query URL."""
        return query_url, None

    def connected(self, store: Any) -> None:
        """Called once after the first successful probe (e.g. to learn the system graphs)."""

    def dataset_url(self) -> str | None:
        """Where one POST of N-Quads adds quads to several graphs at once (not in the GSP
        standard; None when the server has no such endpoint)."""
        return None

    def invalidate(self) -> None:
        """Our own write just changed the set of graphs (drop cached listings)."""

    # -- queries ---------------------------------------------------------------------------------
    def prepare_query(self, sparql: str) -> str:
        """The query text as sent (a server may need pragmas in front)."""
        return sparql

    def query_params(self, *, union: bool, timeout: float | None) -> list[tuple[str, str]]:
        """Extra protocol parameters; ``union`` asks for the union of named graphs as default."""
        return []

    def check_headers(self, headers: Mapping[str, str], rows: int | None = None) -> None:
        """Raise when response headers say the answer is incomplete (timeouts, row caps)."""

    def timeout_in_body(self, body: bytes) -> bool:
        """Whether a body that failed to parse was cut short by a server-side timeout."""
        return False

    def error_is_timeout(self, message: str) -> bool:
        """Whether a server error message says the query ran out of time."""
        return False

    def raise_for_timeout(self, body: bytes, timeout: float | None) -> None:
        if self.timeout_in_body(body):
            raise QueryTimeout(f"the server at {self.query_url} stopped the query (time limit"
                               + (f" {timeout} s)" if timeout else ")"))

    # -- terms -----------------------------------------------------------------------------------
    def literal(self, value: str, lang: str | None, datatype: str | None) -> Literal:
        """One literal as the embedded store would give it (RDF 1.1 semantics)."""
        if lang:
            return Literal(value, lang=lang.lower())
        if datatype is None or datatype == XSD_NS + "string":
            return Literal(value)
        return Literal(value, datatype=URIRef(datatype))

    def bnode(self, label: str) -> BNode:
        return BNode(label)

    def term(self, binding: Mapping[str, str]) -> Node:
        """A SPARQL JSON results binding as an rdflib term."""
        kind = binding["type"]
        if kind == "uri":
            return URIRef(binding["value"])
        if kind == "bnode":
            return self.bnode(binding["value"])
        if kind in ("literal", "typed-literal"):
            return self.literal(binding["value"], binding.get("xml:lang"),
                                binding.get("datatype"))
        raise StoreError(f"unknown term type {kind!r} in results from {self.query_url}")

    def boolean(self, value: object) -> bool:
        return bool(value) if not isinstance(value, str) else value in ("true", "1")

    # -- graphs ----------------------------------------------------------------------------------
    def is_system_graph(self, name: str) -> bool:
        """Graphs the server keeps for itself, hidden from ``graphs()``, counts and dumps."""
        return False

    def graph_url(self, graph: str) -> str:
        assert self.gsp_url is not None
        sep = "&" if "?" in self.gsp_url else "?"
        return f"{self.gsp_url}{sep}graph={quote(graph, safe='')}"
