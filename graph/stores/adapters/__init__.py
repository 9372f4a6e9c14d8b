"""Server adapters for the remote store: every difference between SPARQL servers lives here.

``RemoteStore`` speaks only the standards (SPARQL 1.1 Query, Update, Graph Store Protocol). What a
given server does differently — where its endpoints are, how it wants the union default graph, how
it writes terms, what it truncates — is the business of one adapter class per server family, so a
new server (GraphDB, Neptune, QLever…) is one new module here and nothing else.
"""

from __future__ import annotations

from graph.stores.adapters.generic import GenericAdapter
from graph.stores.adapters.oxigraph_server import OxigraphServerAdapter
from graph.stores.adapters.virtuoso import VirtuosoAdapter

__all__ = ["ADAPTERS", "GenericAdapter", "OxigraphServerAdapter", "VirtuosoAdapter", "detect"]

ADAPTERS: dict[str, type[GenericAdapter]] = {
    "oxigraph": OxigraphServerAdapter,
    "oxigraph-server": OxigraphServerAdapter,
    "virtuoso": VirtuosoAdapter,
    "generic": GenericAdapter,
}


def detect(server_header: str, query_url: str) -> type[GenericAdapter]:
    """The adapter for a server, from its ``Server`` response header (and URL as a fallback)."""
    for cls in (VirtuosoAdapter, OxigraphServerAdapter):
        if cls.matches(server_header, query_url):
            return cls
    return GenericAdapter
