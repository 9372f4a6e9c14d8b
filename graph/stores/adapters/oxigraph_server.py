"""Oxigraph server (``oxigraph serve``): close to the specs; these are its few differences.

- Endpoints: ``/query``, ``/update`` and ``/store`` (GSP) beside each other; ``/sparql`` takes both
  queries and updates.
- The default graph is a real, separate graph unless the server runs with
  ``--union-default-graph``; we send the ``union-default-graph`` parameter with every query so a
  server started without the flag still answers over the union (docs/model.md).
- A query stopped by ``--timeout-s`` answers 200 with the body cut off and
  ``The SPARQL operation has been cancelled`` appended.
- ``POST /store`` with an N-Quads body (no ``graph`` parameter) adds quads to many graphs in one
  transaction: ``load`` uses it, which is ~4× faster than one request per graph on corpora of many
  small graphs and makes each request atomic.
- No authentication of its own (put a proxy in front); Bearer/Basic go to that proxy.
"""

from __future__ import annotations

from urllib.parse import urlsplit, urlunsplit

from graph.stores.adapters.generic import GenericAdapter

__all__ = ["OxigraphServerAdapter"]

CANCELLED = b"The SPARQL operation has been cancelled"


class OxigraphServerAdapter(GenericAdapter):
    name = "oxigraph-server"

    @classmethod
    def matches(cls, server_header: str, query_url: str) -> bool:
        return server_header.lower().startswith("oxigraph")

    @classmethod
    def default_endpoints(cls, query_url: str, authenticated: bool) -> tuple[str, str | None]:
        parts = urlsplit(query_url)
        base = parts.path.rsplit("/", 1)[0]

        def sibling(name: str) -> str:
            return urlunsplit((parts.scheme, parts.netloc, f"{base}/{name}", "", ""))

        return sibling("update"), sibling("store")

    def query_params(self, *, union: bool, timeout: float | None) -> list[tuple[str, str]]:
        return [("union-default-graph", "")] if union else []

    def dataset_url(self) -> str | None:
        return self.gsp_url

    def timeout_in_body(self, body: bytes) -> bool:
        return CANCELLED in body[-200:]
