"""The SPARQL 1.1 Protocol: queries at ``/sparql``, updates at ``/update`` (and POST ``/sparql``).

Queries are answered from bytes the store serialised itself (``graph.service.workers``), never
converted term by term. Every refusal is a ``ServiceError`` with a message; a query that runs too
long gets 503 and its worker is killed, never a truncated 200.
"""

from __future__ import annotations

import asyncio
from urllib.parse import parse_qs

import pyoxigraph as ox
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from graph.model import PREFIXES
from graph.service.errors import ServiceError
from graph.service.guards import TooComplex, check_complexity
from graph.service.negotiation import choose, from_format_param
from graph.service.protocol import (
    check_iri,
    check_remote_targets,
    content_type,
    decode_utf8,
    read_body,
    request_iri,
    require_token,
)
from graph.service.workers import Job, QueryFailed, RowLimitExceeded
from graph.sparql_text import (
    DatasetConflict,
    inject_using,
    needs_base,
    needs_trial,
    query_form,
)
from graph.store import QuerySyntaxError, QueryTimeout, StoreError

__all__ = ["GRAPH_TYPES", "RESULT_TYPES", "routes", "run_job", "text_media_type"]

RESULT_TYPES = ["application/sparql-results+json", "application/sparql-results+xml",
                "text/csv", "text/tab-separated-values"]
GRAPH_TYPES = ["text/turtle", "application/n-triples", "application/n-quads", "application/trig",
               "application/ld+json", "application/rdf+xml"]
# media types clients send that mean one of ours
_ALIASES = {"application/json": "application/sparql-results+json",
            "application/xml": "application/sparql-results+xml",
            "text/xml": "application/sparql-results+xml"}
_GRAPH_ALIASES = {"application/xml": "application/rdf+xml", "text/xml": "application/rdf+xml",
                  "application/json": "application/ld+json", "text/plain": "application/n-triples",
                  "application/x-turtle": "text/turtle"}
_TEXTUAL = ("text/", "application/n-", "application/trig", "application/sparql-results",
            "application/ld+json", "application/rdf+xml", "application/json")



def text_media_type(media_type: str) -> str:
    """Content-Type header value: UTF-8 is stated for every textual format."""
    if media_type.startswith(_TEXTUAL) and "charset" not in media_type:
        return f"{media_type}; charset=utf-8"
    return media_type


def _negotiate(request: Request, fmt: str | None, graph: bool) -> str:
    offered = GRAPH_TYPES if graph else RESULT_TYPES
    aliases = _GRAPH_ALIASES if graph else _ALIASES
    if fmt:
        chosen = from_format_param(fmt, offered)
        if chosen is None:
            raise ServiceError(400, f"format={fmt!r} is not available for this query; use one "
                                    f"of: {', '.join(offered)}")
        return chosen
    accept = request.headers.get("accept")
    chosen = choose(accept, [*offered, *aliases])
    if chosen is None:
        raise ServiceError(406, f"none of the types in 'Accept: {accept}' can be produced "
                                f"for this query; available: {', '.join(offered)}")
    return aliases.get(chosen, chosen)


async def run_job(request: Request, job: Job) -> bytes:
    """Run a job through the app's runner, turning every failure into a ServiceError."""
    runner = request.app.state.runner
    try:
        return await runner.query(job)
    except QuerySyntaxError as exc:
        raise ServiceError(400, f"SPARQL syntax error: {exc.reason}", line=exc.line,
                           column=exc.column) from None
    except QueryTimeout as exc:
        raise ServiceError(503, f"{exc} (the service's limit is "
                                f"{request.app.state.settings.timeout:g} s); narrow the query "
                                f"or add LIMIT", headers={"Retry-After": "5"}) from None
    except RowLimitExceeded as exc:
        raise ServiceError(422, f"the answer has more than {exc.limit} rows (the most this "
                                f"service sends at once); add LIMIT/OFFSET to page through it, "
                                f"or download the dump") from None
    except QueryFailed as exc:
        raise ServiceError(400, f"the query could not be evaluated: {exc}") from None
    except StoreError as exc:
        raise ServiceError(503, f"the store could not answer: {exc}") from None


def _with_base(text: str, base: str) -> tuple[str, int]:
    """Prefix ``BASE <endpoint>`` on the first line when the text has relative IRIs; returns the
    text and how many columns line 1 moved (to report error positions in the user's text)."""
    if not needs_base(text):
        return text, 0
    prefix = f"BASE <{base}> "
    return prefix + text, len(prefix)


def _check_complexity(text: str, query: bool) -> None:
    """400 for text that would overflow the parser's stack (see graph.service.guards)."""
    try:
        check_complexity(text, query=query)
    except TooComplex as exc:
        raise ServiceError(400, str(exc)) from None


async def _query(request: Request, text: str, params: dict[str, list[str]]) -> Response:
    settings = request.app.state.settings
    _check_complexity(text, query=True)
    form = query_form(text)
    if form == "UPDATE":
        raise ServiceError(400, "this is a SPARQL Update; send it with POST to /update "
                                "(or POST /sparql with application/sparql-update)")
    check_remote_targets(text, settings)
    graph = form in ("CONSTRUCT", "DESCRIBE")
    fmt = (params.get("format") or [None])[-1]
    media_type = _negotiate(request, fmt, graph)
    defaults = tuple(check_iri(u, "default-graph-uri") for u in params.get("default-graph-uri", ()))
    named = tuple(check_iri(u, "named-graph-uri") for u in params.get("named-graph-uri", ()))
    base = request_iri(request) if needs_base(text) else None
    job = Job(text, media_type, default_graphs=defaults or None,
              named_graphs=named or None, base_iri=base, row_limit=settings.row_limit)
    body = await run_job(request, job)
    return Response(body, 200, media_type=text_media_type(media_type),
                    headers={"Vary": "Accept"})


async def _update(request: Request, text: str, params: dict[str, list[str]]) -> Response:
    settings = request.app.state.settings
    _check_complexity(text, query=False)
    form = query_form(text)
    if form in ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE"):
        raise ServiceError(400, f"this is a {form} query; send it to /sparql as 'query'")
    check_remote_targets(text, settings)
    using = [check_iri(u, "using-graph-uri") for u in params.get("using-graph-uri", [])]
    named = [check_iri(u, "using-named-graph-uri") for u in params.get("using-named-graph-uri", [])]
    try:
        text = inject_using(text, using, named)
    except DatasetConflict as exc:
        raise ServiceError(400, str(exc)) from None
    text, shift = _with_base(text, request_iri(request))
    store = request.app.state.store
    async with request.app.state.write_lock:
        try:
            if needs_trial(text):
                # killable dry run on a checkpoint first: a runaway update is stopped at the
                # deadline and never reaches the live store
                await request.app.state.runner.trial_update(text)
            await asyncio.to_thread(store.update, text)
        except QuerySyntaxError as exc:
            column = exc.column - shift if exc.line == 1 and exc.column else exc.column
            raise ServiceError(400, f"SPARQL Update syntax error: {exc.reason}", line=exc.line,
                               column=column) from None
        except QueryTimeout as exc:
            raise ServiceError(503, f"{exc}; nothing was written (the service's limit is "
                                    f"{settings.timeout:g} s)") from None
        except QueryFailed as exc:
            raise ServiceError(400, f"the update could not be applied (nothing was written): "
                                    f"{exc}") from None
        except StoreError as exc:
            raise ServiceError(400, f"the update could not be applied (nothing was written): "
                                    f"{exc}") from None
    return Response(status_code=204)


def _merge(*sources: dict[str, list[str]]) -> dict[str, list[str]]:
    merged: dict[str, list[str]] = {}
    for src in sources:
        for k, vs in src.items():
            merged.setdefault(k, []).extend(vs)
    return merged


def _query_params(request: Request) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for k, v in request.query_params.multi_items():
        out.setdefault(k, []).append(v)
    return out


def _form(body: bytes, params: dict[str, str]) -> dict[str, list[str]]:
    text = decode_utf8(body, params, "form body")
    try:
        return parse_qs(text, keep_blank_values=True, strict_parsing=False, errors="strict")
    except UnicodeDecodeError:
        raise ServiceError(400, "a percent-encoded value in the form is not valid UTF-8") from None


def _one(values: list[str], name: str) -> str:
    if len(values) > 1:
        raise ServiceError(400, f"the request has {len(values)} '{name}' parameters; send one")
    return values[0]


async def sparql_endpoint(request: Request) -> Response:
    """GET or POST /sparql: a query (or, by POST, an update)."""
    settings = request.app.state.settings
    url_params = _query_params(request)
    if request.method in ("GET", "HEAD"):
        if "update" in url_params:
            raise ServiceError(400, "updates cannot be sent with GET; use POST to /update")
        if "query" not in url_params:
            return await service_description(request)
        return await _query(request, _one(url_params["query"], "query"), url_params)
    media, ct_params = content_type(request)
    if media == "application/sparql-update":
        require_token(request, settings)
        body = await read_body(request, settings.body_limit)
        return await _update(request, decode_utf8(body, ct_params, "update"), url_params)
    if media == "application/sparql-query":
        body = await read_body(request, settings.body_limit)
        if "query" in url_params:
            raise ServiceError(400, "the query is both in the URL and in the body; send one")
        return await _query(request, decode_utf8(body, ct_params, "query"), url_params)
    if media == "application/x-www-form-urlencoded":
        body = await read_body(request, settings.body_limit)
        form = _form(body, ct_params)
        params = _merge(url_params, form)
        if "query" in form and "update" in form:
            raise ServiceError(400, "the form has both 'query' and 'update'; send one")
        if "update" in form:
            require_token(request, settings)
            return await _update(request, _one(form["update"], "update"), params)
        if "query" in form:
            return await _query(request, _one(form["query"], "query"), params)
        raise ServiceError(400, "the form has neither a 'query' nor an 'update' field")
    if not media:
        raise ServiceError(415, "POST needs a Content-Type: application/sparql-query, "
                                "application/sparql-update or application/x-www-form-urlencoded")
    raise ServiceError(415, f"Content-Type {media} is not a SPARQL request; use "
                            f"application/sparql-query, application/sparql-update or "
                            f"application/x-www-form-urlencoded")


async def update_endpoint(request: Request) -> Response:
    """POST /update: application/sparql-update or a form with 'update'."""
    settings = request.app.state.settings
    require_token(request, settings)
    url_params = _query_params(request)
    media, ct_params = content_type(request)
    body = await read_body(request, settings.body_limit)
    if media == "application/sparql-update":
        return await _update(request, decode_utf8(body, ct_params, "update"), url_params)
    if media == "application/x-www-form-urlencoded":
        form = _form(body, ct_params)
        if "update" not in form:
            raise ServiceError(400, "the form has no 'update' field")
        return await _update(request, _one(form["update"], "update"), _merge(url_params, form))
    raise ServiceError(415, f"Content-Type {media or '(none)'} is not an update; use "
                            f"application/sparql-update or application/x-www-form-urlencoded")


async def update_get(request: Request) -> Response:
    raise ServiceError(405, "updates must be sent with POST", headers={"Allow": "POST"})


_FORMAT_IRIS = {
    "application/sparql-results+json": "SPARQL_Results_JSON",
    "application/sparql-results+xml": "SPARQL_Results_XML",
    "text/csv": "SPARQL_Results_CSV", "text/tab-separated-values": "SPARQL_Results_TSV",
    "text/turtle": "Turtle", "application/n-triples": "N-Triples", "application/n-quads": "N-Quads",
    "application/trig": "TriG", "application/ld+json": "JSON-LD", "application/rdf+xml": "RDF_XML",
}


def _description(endpoint: str, update: bool) -> str:
    """What the service does, honestly: union default graph, formats it really produces."""
    langs = "sd:SPARQL11Query" + (", sd:SPARQL11Update" if update else "")
    formats = ", ".join(f"<http://www.w3.org/ns/formats/{v}>" for v in _FORMAT_IRIS.values())
    prefixes = "".join(f'        [ sh:prefix "{p}" ; sh:namespace "{ns}"^^xsd:anyURI ]\n'
                       for p, ns in sorted(PREFIXES.items()))
    return f"""@prefix sd: <http://www.w3.org/ns/sparql-service-description#> .
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
<{endpoint}#service> a sd:Service ;
    sd:endpoint <{endpoint}> ;
    dcterms:title "aseankg SPARQL endpoint"@en ;
    sd:supportedLanguage {langs} ;
    sd:feature sd:UnionDefaultGraph ;
    sd:resultFormat {formats} ;
    sd:defaultDataset [ a sd:Dataset ; sd:defaultGraph [ a sd:Graph ] ] ;
    sh:declare
{prefixes.rstrip().rstrip(chr(10))} .
""".replace("]\n        [", "] ,\n        [")


async def service_description(request: Request) -> Response:
    """GET /sparql without a query: the SPARQL Service Description (Turtle by default)."""
    accept = request.headers.get("accept")
    html_page = getattr(request.app.state, "sparql_html_page", None)
    if html_page and accept and choose(accept, ["text/turtle", "text/html"]) == "text/html":
        return RedirectResponse(html_page, status_code=303)  # a browser: the query page
    fmt = (_query_params(request).get("format") or [None])[-1]
    offered = [t for t in GRAPH_TYPES if t not in ("application/n-quads", "application/trig")]
    media_type = (from_format_param(fmt, offered) if fmt else
                  choose(accept, [*offered, *_GRAPH_ALIASES]))
    if media_type is None:
        raise ServiceError(406, f"the service description is available as: {', '.join(offered)}")
    media_type = _GRAPH_ALIASES.get(media_type, media_type)
    ttl = _description(request_iri(request), request.app.state.settings.update_enabled)
    if media_type == "text/turtle":
        body = ttl.encode("utf-8")
    else:
        quads = ox.parse(ttl.encode("utf-8"), format=ox.RdfFormat.TURTLE)
        body = ox.serialize([q.triple for q in quads],
                            format=ox.RdfFormat.from_media_type(media_type)) or b""
    return Response(body, media_type=text_media_type(media_type), headers={"Vary": "Accept"})


routes = [
    Route("/sparql", sparql_endpoint, methods=["GET", "HEAD", "POST"], name="sparql"),
    Route("/update", update_endpoint, methods=["POST"], name="update"),
    Route("/update", update_get, methods=["GET"], include_in_schema=False),
]
