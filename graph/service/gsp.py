"""SPARQL 1.1 Graph Store HTTP Protocol at ``/store``.

``/store?graph=IRI`` (indirect), ``/store/any/path`` (direct: the graph IRI is the request URL),
``/store?default`` (the store's own default graph; aseankg keeps its data in named graphs, so this
is normally empty), ``/store`` alone (GET: the whole dataset as N-Quads/TriG; POST: a new graph,
201 with its IRI in Location).

Writes need the token and are atomic: the body is parsed completely first (a syntax error → 400
with line and column, nothing written), then one SPARQL Update replaces or extends the graph.
"""

from __future__ import annotations

import asyncio
import email.parser
import email.policy
import json
import uuid

import pyoxigraph as ox
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from graph.formats import QUAD_TYPES, RDF_FORMATS
from graph.service.errors import ServiceError
from graph.service.negotiation import choose
from graph.service.protocol import (
    check_iri,
    content_type,
    read_body,
    request_iri,
    require_token,
)
from graph.service.sparql import run_job, text_media_type
from graph.service.workers import Job
from graph.store import QuerySyntaxError, StoreError

__all__ = ["routes"]

GRAPH_GET_TYPES = ["text/turtle", "application/n-triples", "application/ld+json",
                   "application/rdf+xml", "application/n-quads", "application/trig"]
DATASET_TYPES = ["application/n-quads", "application/trig"]


class _Target:
    """What a request addresses: a named graph, the default graph, or the whole store."""

    def __init__(self, kind: str, iri: str | None = None) -> None:
        self.kind, self.iri = kind, iri  # kind: "graph" | "default" | "store"


def _target(request: Request) -> _Target:
    params = request.query_params
    path = request.path_params.get("path", "")
    graphs = params.getlist("graph")
    if path and (graphs or "default" in params):
        raise ServiceError(400, "name the graph either by the URL path or by ?graph=/?default, "
                                "not both")
    if path:
        return _Target("graph", request_iri(request))
    if graphs and "default" in params:
        raise ServiceError(400, "use ?graph=IRI or ?default, not both")
    if len(graphs) > 1:
        raise ServiceError(400, "give one ?graph= parameter")
    if graphs:
        return _Target("graph", check_iri(graphs[0], "?graph="))
    if "default" in params:
        return _Target("default")
    return _Target("store")


async def _exists(request: Request, iri: str) -> bool:
    body = await run_job(request, Job(f"ASK {{ GRAPH <{iri}> {{ ?s ?p ?o }} }}",
                                      "application/sparql-results+json"))
    return bool(json.loads(body)["boolean"])


def _parse_rdf(data: bytes, media_type: str, params: dict[str, str], base: str,
               part: str = "") -> list[ox.Triple]:
    """Parse a whole body first, so a bad one writes nothing; 400 with line and column."""
    if media_type not in RDF_FORMATS:
        raise ServiceError(415, f"{part}Content-Type {media_type or '(none)'} is not an RDF "
                                f"format this store reads; use one of: "
                                f"{', '.join(t for t in RDF_FORMATS if t not in QUAD_TYPES)}")
    if media_type in QUAD_TYPES:
        raise ServiceError(415, f"{part}{media_type} holds a dataset; a graph takes a triple "
                                f"format (Turtle, N-Triples, JSON-LD, RDF/XML)")
    charset = params.get("charset", "utf-8").lower()
    if charset not in ("utf-8", "utf8"):
        raise ServiceError(415, f"{part}RDF must be sent as UTF-8, not {charset}")
    try:
        fmt = ox.RdfFormat.from_media_type(media_type)
        return [q.triple for q in ox.parse(data, format=fmt, base_iri=base)]
    except SyntaxError as exc:
        raise ServiceError(400, f"{part}malformed {media_type} (nothing was written): "
                                f"{exc.args[0] if exc.args else exc}",
                           line=getattr(exc, "lineno", None),
                           column=getattr(exc, "offset", None)) from None
    except ValueError as exc:
        raise ServiceError(400, f"{part}malformed {media_type} (nothing was written): {exc}"
                           ) from None


def _multipart(body: bytes, raw_type: str, base: str) -> list[ox.Triple]:
    """multipart/form-data: every part is an RDF document with its own Content-Type."""
    msg = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(
        f"Content-Type: {raw_type}\r\n\r\n".encode("latin-1") + body)
    if not msg.is_multipart():
        raise ServiceError(400, "the multipart body has no parts (check the boundary)")
    triples: list[ox.Triple] = []
    for part in msg.iter_parts():
        name = part.get_filename() or part.get_param("name", header="content-disposition") or "?"
        data = part.get_payload(decode=True) or b""
        params = dict(part.get_params() or [])
        params.pop(part.get_content_type(), None)
        triples += _parse_rdf(data, part.get_content_type(), params, base, f"part {name}: ")
    return triples


async def _body_triples(request: Request, base: str) -> list[ox.Triple]:
    settings = request.app.state.settings
    body = await read_body(request, settings.body_limit)
    media, params = content_type(request)
    if media == "multipart/form-data":
        return _multipart(body, request.headers["content-type"], base)
    return _parse_rdf(body, media, params, base)


async def _write(request: Request, sparql: str) -> None:
    store = request.app.state.store
    async with request.app.state.write_lock:
        try:
            await asyncio.to_thread(store.update, sparql)
        except (QuerySyntaxError, StoreError) as exc:
            raise ServiceError(400, f"the graph could not be written (nothing was written): "
                                    f"{exc}") from None


def _insert(triples: list[ox.Triple], iri: str | None) -> str:
    if not triples:
        return ""
    nt = (ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b"").decode("utf-8")
    return f"INSERT DATA {{ GRAPH <{iri}> {{\n{nt}}} }}" if iri else f"INSERT DATA {{\n{nt}}}"


async def store_endpoint(request: Request) -> Response:
    target = _target(request)
    method = request.method
    if method in ("GET", "HEAD"):
        return await _get(request, target, head=method == "HEAD")
    require_token(request, request.app.state.settings)
    if method == "DELETE":
        return await _delete(request, target)
    if method == "PUT":
        return await _put(request, target)
    return await _post(request, target)


async def _get(request: Request, target: _Target, head: bool) -> Response:
    accept = request.headers.get("accept")
    if target.kind == "store":
        media_type = choose(accept, DATASET_TYPES)
        if media_type is None:
            raise ServiceError(406, f"the whole store is available as: {', '.join(DATASET_TYPES)}")
        return await _dataset(request, media_type, head)
    media_type = choose(accept, GRAPH_GET_TYPES)
    if media_type is None:
        raise ServiceError(406, f"graphs are available as: {', '.join(GRAPH_GET_TYPES)}")
    if target.kind == "graph":
        assert target.iri is not None
        if not await _exists(request, target.iri):
            raise ServiceError(404, f"there is no graph <{target.iri}> in this store")
        job = Job(f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{target.iri}> {{ ?s ?p ?o }} }}",
                  media_type)
    else:
        job = Job("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", media_type, default_graphs=())
    headers = {"Vary": "Accept"}
    if head:
        return Response(b"", 200, headers, media_type=text_media_type(media_type))
    body = await run_job(request, job)
    return Response(body, 200, headers, media_type=text_media_type(media_type))


async def _dataset(request: Request, media_type: str, head: bool) -> Response:
    """The whole store, as the store dumps it (a dump has no row limit)."""
    if head:
        return Response(b"", 200, media_type=text_media_type(media_type))
    store = request.app.state.store
    try:
        body = await asyncio.to_thread(store.dump, media_type)
    except StoreError as exc:
        raise ServiceError(503, f"the store could not be dumped: {exc}") from None
    return Response(body, 200, {"Vary": "Accept"}, media_type=text_media_type(media_type))


async def _delete(request: Request, target: _Target) -> Response:
    if target.kind == "store":
        raise ServiceError(400, "DELETE needs ?graph=IRI or ?default (the whole store is not "
                                "deleted over HTTP)")
    if target.kind == "default":
        await _write(request, "DROP SILENT DEFAULT")
        return Response(status_code=204)
    assert target.iri is not None
    if not await _exists(request, target.iri):
        raise ServiceError(404, f"there is no graph <{target.iri}> in this store")
    await _write(request, f"DROP SILENT GRAPH <{target.iri}>")
    return Response(status_code=204)


async def _put(request: Request, target: _Target) -> Response:
    if target.kind == "store":
        raise ServiceError(400, "PUT needs ?graph=IRI or ?default")
    base = target.iri or request_iri(request)
    triples = await _body_triples(request, base)
    if target.kind == "default":
        await _write(request, "DROP SILENT DEFAULT ;\n" + _insert(triples, None)
                     if triples else "DROP SILENT DEFAULT")
        return Response(status_code=204)
    assert target.iri is not None
    existed = await _exists(request, target.iri)
    drop = f"DROP SILENT GRAPH <{target.iri}>"
    await _write(request, f"{drop} ;\n{_insert(triples, target.iri)}" if triples else drop)
    return Response(status_code=204 if existed else 201)


async def _post(request: Request, target: _Target) -> Response:
    if target.kind == "store":
        new = f"{request_iri(request).rstrip('/')}/{uuid.uuid4()}"
        triples = await _body_triples(request, new)
        if triples:
            await _write(request, _insert(triples, new))
        return Response(status_code=201, headers={"Location": new})
    base = target.iri or request_iri(request)
    triples = await _body_triples(request, base)
    if triples:
        await _write(request, _insert(triples, target.iri if target.kind == "graph" else None))
    return Response(status_code=204)


_METHODS = ["GET", "HEAD", "PUT", "POST", "DELETE"]
routes = [
    Route("/store", store_endpoint, methods=_METHODS, name="store"),
    Route("/store/{path:path}", store_endpoint, methods=_METHODS, name="store-direct"),
]
