"""The whole dataset for download and its VoID description.

``/dump`` (and its fixed alias ``/dump/aseankg.nq.gz``) streams every quad as gzip-compressed
N-Quads, so a consumer gets the named graphs (provenance) too. Only names listed in ``DUMPS`` are
served: the path is never joined to a directory, so there is nothing to traverse.

``/.well-known/void`` (RFC 5785 location from the VoID spec) says what the dataset is: size, named
graphs with their sizes, the SPARQL endpoint, the dump, the vocabularies used, the IRI space.
"""

from __future__ import annotations

import asyncio
import queue
import threading
import zlib
from collections.abc import AsyncIterator, Iterator

from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, FOAF, RDF, VOID, XSD
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response, StreamingResponse
from starlette.routing import Route

from graph.model import PREFIXES
from graph.service.negotiation import choose, from_format_param
from graph.service.render import base_iri, get_store, run_query

__all__ = ["DUMPS", "VOCABULARIES", "routes"]

DUMP_NAME = "aseankg.nq.gz"
DUMPS = {DUMP_NAME}  # the only names /dump/{name} serves
CHUNK = 256 * 1024
SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
VOCABULARIES = ("https://w3id.org/aseankg/def", "http://www.w3.org/ns/org#",
                "http://www.w3.org/ns/prov#", "http://www.w3.org/2004/02/skos/core#",
                "https://schema.org/", "http://purl.org/dc/terms/", "http://www.w3.org/ns/oa#",
                "http://xmlns.com/foaf/0.1/")
_RDF = {"text/turtle": "turtle", "application/ld+json": "json-ld",
        "application/n-triples": "nt", "application/rdf+xml": "xml"}


class _QueueWriter:
    """A file-like sink that hands each write to a queue (pyoxigraph dumps into it)."""

    def __init__(self, q: queue.Queue[bytes | None | BaseException]) -> None:
        self.q = q

    def write(self, data: bytes) -> int:
        self.q.put(bytes(data))
        return len(data)

    def flush(self) -> None:
        return None


def _nquads_chunks(store: object) -> Iterator[bytes]:
    """N-Quads in chunks: straight from pyoxigraph when the store is one (no full copy in
    memory), else from ``Store.dump``."""
    raw = getattr(store, "raw", None)
    if raw is None:
        data = store.dump("application/n-quads")  # type: ignore[attr-defined]
        for start in range(0, len(data), CHUNK):
            yield data[start:start + CHUNK]
        return
    import pyoxigraph as ox

    q: queue.Queue[bytes | None | BaseException] = queue.Queue(maxsize=64)

    def produce() -> None:
        try:
            raw.dump(_QueueWriter(q), format=ox.RdfFormat.N_QUADS)
            q.put(None)
        except BaseException as exc:  # handed to the consumer, which raises it
            q.put(exc)

    threading.Thread(target=produce, daemon=True, name="aseankg-dump").start()
    while True:
        item = q.get()
        if item is None:
            return
        if isinstance(item, BaseException):
            raise item
        yield item


async def _gzip_stream(store: object) -> AsyncIterator[bytes]:
    """gzip (RFC 1952) over the N-Quads, compressed chunk by chunk off the event loop."""
    compressor = zlib.compressobj(6, zlib.DEFLATED, 31)
    chunks = _nquads_chunks(store)
    sentinel = object()
    while True:
        chunk = await asyncio.to_thread(next, chunks, sentinel)
        if chunk is sentinel:
            break
        out = compressor.compress(chunk)  # type: ignore[arg-type]
        if out:
            yield out
    yield compressor.flush()


async def dump(request: Request) -> Response:
    name = request.path_params.get("name", DUMP_NAME)
    if name not in DUMPS:
        return Response(f"404 Not Found: no dump named {name!r}; available: "
                        + ", ".join(sorted(DUMPS)) + "\n", 404,
                        media_type="text/plain; charset=utf-8")
    headers = {"Content-Disposition": f'attachment; filename="{DUMP_NAME}"',
               "X-Content-Type-Options": "nosniff"}
    if request.method == "HEAD":
        return Response(b"", 200, headers, media_type="application/gzip")
    return StreamingResponse(_gzip_stream(get_store(request)), 200, headers,
                             media_type="application/gzip")


async def _graph_sizes(request: Request) -> list[tuple[str, int]]:
    res = await run_query(request, "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } "
                                   "GROUP BY ?g ORDER BY ?g")
    return [(str(r["g"]), int(r["n"])) for r in res.rows]


async def void(request: Request) -> Response:
    """The VoID description, Turtle by default."""
    fmt = request.query_params.get("format")
    media_type = (from_format_param(fmt, list(_RDF)) if fmt
                  else choose(request.headers.get("accept"), list(_RDF)))
    if media_type is None:
        return Response("406 Not Acceptable: VoID is available as " + ", ".join(_RDF) + "\n",
                        406, media_type="text/plain; charset=utf-8")
    origin = str(request.base_url).rstrip("/")
    base = base_iri(request)
    sizes = await _graph_sizes(request)
    total = await run_in_threadpool(get_store(request).count)
    g = Graph()
    for prefix, ns in PREFIXES.items():
        g.bind(prefix, ns)
    g.bind("void", VOID)
    g.bind("sd", SD)
    doc = URIRef(origin + "/.well-known/void")
    ds = URIRef(origin + "/.well-known/void#aseankg")
    g.add((doc, RDF.type, VOID.DatasetDescription))
    g.add((doc, FOAF.primaryTopic, ds))
    g.add((doc, DCTERMS.title, Literal("VoID description of aseankg", lang="en")))
    g.add((ds, RDF.type, VOID.Dataset))
    g.add((ds, DCTERMS.title, Literal("ASEAN cooperation knowledge graph", lang="en")))
    g.add((ds, DCTERMS.title, Literal("Đồ thị tri thức hợp tác ASEAN", lang="vi")))
    g.add((ds, DCTERMS.description, Literal(
        "Initiatives, work plans, meetings, organisations and reported figures extracted from "
        "Vietnamese and English news, each fact with its quoted evidence, one named graph per "
        "source document.", lang="en")))
    g.add((ds, VOID.triples, Literal(total, datatype=XSD.integer)))
    g.add((ds, VOID.sparqlEndpoint, URIRef(origin + "/sparql")))
    g.add((ds, VOID.dataDump, URIRef(f"{origin}/dump/{DUMP_NAME}")))
    g.add((ds, VOID.feature, URIRef("http://www.w3.org/ns/formats/N-Quads")))
    g.add((ds, VOID.uriSpace, Literal(base + "id/")))
    g.add((ds, VOID.exampleResource, URIRef(base + "id/initiative/iai")))
    g.add((ds, VOID.uriLookupEndpoint, URIRef(origin + "/search?q=")))
    for vocab in VOCABULARIES:
        g.add((ds, VOID.vocabulary, URIRef(vocab)))
    for name, n in sizes:
        part = BNode()
        g.add((ds, VOID.subset, part))
        g.add((part, RDF.type, VOID.Dataset))
        g.add((part, SD.name, URIRef(name)))
        g.add((part, VOID.triples, Literal(n, datatype=XSD.integer)))
    return Response(g.serialize(format=_RDF[media_type]), 200,
                    {"Vary": "Accept", "X-Content-Type-Options": "nosniff"},
                    media_type=media_type)


routes: list[Route] = [
    Route("/dump", dump, methods=["GET", "HEAD"], name="dump"),
    Route("/dump/{name}", dump, methods=["GET", "HEAD"], name="dump_file"),
    Route("/.well-known/void", void, methods=["GET", "HEAD"], name="void"),
]
