"""HTML rendering shared by the human-facing routes: one Jinja2 environment (autoescape ON), the
security headers every HTML response carries, the Datasette-style JSON twin of every page, and
how RDF terms are shown (labels, CURIEs, safe links).

Why one module: escaping, headers and link safety are security properties; they must be decided in
one place, not re-derived by each page. Routes read the store and settings from
``request.app.state.store`` / ``request.app.state.settings`` (set by ``create_app``).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import jinja2
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response

from graph.model import BASE, PREFIXES
from graph.service.negotiation import choose
from graph.store import QueryResult, QuerySyntaxError, Store, StoreError

__all__ = [
    "CSP", "SECURITY_HEADERS", "TEMPLATES_DIR", "STATIC_DIR", "base_iri", "env", "get_settings",
    "get_store", "html_page", "local_path", "page", "run_query", "term_view", "wants_json",
]

TEMPLATES_DIR = Path(__file__).parent / "templates"
STATIC_DIR = Path(__file__).parent / "static"

# 'unsafe-inline' for styles only: YASGUI and pyLODE set style attributes; scripts stay 'self'.
CSP = ("default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
       "img-src 'self' data:; font-src 'self' data:; connect-src 'self'; object-src 'none'; "
       "base-uri 'self'; form-action 'self'; frame-ancestors 'none'")
SECURITY_HEADERS: dict[str, str] = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
}

env = jinja2.Environment(
    loader=jinja2.FileSystemLoader(str(TEMPLATES_DIR)),
    autoescape=True,  # every template, whatever its extension: data is never markup
    undefined=jinja2.StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)


def get_store(request: Request) -> Store:
    return request.app.state.store  # type: ignore[no-any-return]


def get_settings(request: Request) -> Any:
    """The app's Settings (``graph.service.settings.Settings``) or defaults when absent."""
    settings = getattr(request.app.state, "settings", None)
    if settings is None:
        from graph.service.settings import Settings

        settings = Settings()
    return settings


def base_iri(request: Request) -> str:
    """The dataset's IRI base (https://w3id.org/aseankg/ unless configured)."""
    return str(getattr(get_settings(request), "base_iri", None) or BASE)


async def run_query(request: Request, sparql: str) -> QueryResult:
    """Run a read query with the configured timeout: through the app's query runner (worker
    processes that are killed at the deadline, see workers.py) when there is one, else in a
    thread on the store."""
    timeout = float(getattr(get_settings(request), "timeout", 30.0))
    runner = getattr(request.app.state, "runner", None)
    if runner is not None:
        return await query_via_runner(runner, sparql, timeout)
    store = get_store(request)
    return await run_in_threadpool(store.query, sparql, timeout=timeout)


async def query_via_runner(runner: Any, sparql: str, timeout: float | None,
                           row_limit: int | None = None) -> QueryResult:
    """A query through the runner, answered as a QueryResult (rdflib terms). Runner failures
    become store errors: QueryTimeout stays, a row-limit or evaluation failure is a StoreError."""
    from graph.service.workers import Job, QueryFailed, RowLimitExceeded
    from graph.sparql_text import query_form

    form = query_form(sparql)
    try:
        if form in ("SELECT", "ASK"):
            body = await runner.query(Job(sparql, "application/sparql-results+json",
                                          row_limit=row_limit), timeout=timeout)
            return parse_results_json(body)
        if form in ("CONSTRUCT", "DESCRIBE"):
            body = await runner.query(Job(sparql, "application/n-triples", row_limit=row_limit),
                                      timeout=timeout)
            g = Graph()
            g.parse(data=body.decode("utf-8"), format="nt")
            return QueryResult("graph", graph=g)
    except (QueryFailed, RowLimitExceeded) as exc:
        raise StoreError(str(exc)) from exc
    raise QuerySyntaxError("not a query (SELECT, ASK, CONSTRUCT or DESCRIBE); "
                           "updates go to /update")


def parse_results_json(body: bytes) -> QueryResult:
    """SPARQL 1.1 JSON results as a QueryResult with rdflib terms."""
    doc = json.loads(body)
    if "boolean" in doc:
        return QueryResult("ask", boolean=bool(doc["boolean"]))
    variables = list(doc.get("head", {}).get("vars", []))
    rows = []
    for binding in doc.get("results", {}).get("bindings", []):
        row: dict[str, Node] = {}
        for var, cell in binding.items():
            kind = cell.get("type")
            if kind == "uri":
                row[var] = URIRef(cell["value"])
            elif kind == "bnode":
                row[var] = BNode(cell["value"])
            else:
                dt = cell.get("datatype")
                row[var] = Literal(cell["value"], lang=cell.get("xml:lang"),
                                   datatype=URIRef(dt) if dt else None)
        rows.append(row)
    return QueryResult("select", variables=variables, rows=rows)


class RunnerStore:
    """The app's store, with ``query`` sent through the killable runner. For synchronous code
    (``graph.queries.run``) running in a worker thread of the event loop."""

    def __init__(self, store: Store, runner: Any, row_limit: int | None = None) -> None:
        self._store, self._runner, self._row_limit = store, runner, row_limit

    def __getattr__(self, name: str) -> Any:
        return getattr(self._store, name)

    def query(self, sparql: str, *, timeout: float | None = None) -> QueryResult:
        import anyio.from_thread

        return anyio.from_thread.run(query_via_runner, self._runner, sparql, timeout,
                                     self._row_limit)


def read_store(request: Request) -> Any:
    """The store to hand to synchronous readers: queries through the runner when present."""
    runner = getattr(request.app.state, "runner", None)
    store = get_store(request)
    if runner is None:
        return store
    limit = getattr(get_settings(request), "row_limit", None)
    return RunnerStore(store, runner, int(limit) if limit else None)


def wants_json(request: Request, offered_html_first: bool = True) -> bool:
    """True for ``?format=json`` or an Accept that prefers application/json over HTML."""
    fmt = request.query_params.get("format", "").lower()
    if fmt:
        return fmt == "json"
    accept = request.headers.get("accept")
    return choose(accept, ["text/html", "application/json"]) == "application/json"


def _default(value: object) -> object:
    if isinstance(value, Node):
        return str(value)
    if isinstance(value, (set, tuple)):
        return list(value)
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


def json_response(data: Mapping[str, Any], status: int = 200) -> Response:
    body = json.dumps(data, ensure_ascii=False, default=_default, indent=1)
    return Response(body, status, media_type="application/json")


def html_page(template: str, context: Mapping[str, Any], status: int = 200,
              headers: Mapping[str, str] | None = None) -> HTMLResponse:
    """Render a template with the security headers; the CSP forbids inline script anywhere."""
    html = env.get_template(template).render(**context)
    response = HTMLResponse(html, status)
    response.headers.update(SECURITY_HEADERS)
    if headers:
        response.headers.update(headers)
    return response


def page(request: Request, template: str, data: Mapping[str, Any], status: int = 200,
         *, title: str = "") -> Response:
    """One page, two faces: HTML for people, the same data as JSON (``?format=json`` or
    ``Accept: application/json``), so every page is also an API (as in Datasette)."""
    if wants_json(request):
        return json_response(data, status)
    ctx = dict(data)
    ctx.setdefault("title", title)
    ctx["request_path"] = request.url.path
    response = html_page(template, {"page": ctx, **ctx}, status)
    response.headers["Vary"] = "Accept"
    return response


# --------------------------------------------------------------------------- terms

_SAFE_SCHEMES = ("http://", "https://")


def local_path(iri: str, base: str) -> str | None:
    """The service-local path of a dataset IRI (``{base}id/x`` -> ``/id/x``), else None."""
    if iri.startswith(base):
        rest = iri[len(base):]
        if rest.startswith(("id/", "graph/", "def")):
            return "/" + rest
    return None


def curie(iri: str) -> str | None:
    """``akg:plannedEnd`` for a known namespace, else None."""
    best = None
    for prefix, ns in PREFIXES.items():
        if iri.startswith(ns) and (best is None or len(ns) > len(PREFIXES[best])):
            best = prefix
    if best is None:
        return None
    local = iri[len(PREFIXES[best]):]
    return f"{best}:{local}" if local and "/" not in local and "#" not in local else None


def href_for(iri: str, base: str) -> str | None:
    """A link target that cannot run script: local path for our IRIs, http(s) as is, else none
    (a ``javascript:`` IRI in the data is shown as text, never made clickable)."""
    local = local_path(iri, base)
    if local is not None:
        return local
    if iri.startswith(base):
        return None  # our graph names etc.: not served as pages, not links off-site either
    return iri if iri.lower().startswith(_SAFE_SCHEMES) else None


def term_view(term: Node, base: str, labels: Mapping[str, Mapping[str, str]] | None = None,
              lang: str = "en") -> dict[str, Any]:
    """A JSON-able view of one RDF term for templates and the JSON twin of pages."""
    if isinstance(term, Literal):
        view: dict[str, Any] = {"kind": "literal", "value": str(term)}
        if term.language:
            view["lang"] = term.language
        elif term.datatype is not None:
            view["datatype"] = curie(str(term.datatype)) or str(term.datatype)
        return view
    if isinstance(term, BNode):
        return {"kind": "bnode", "value": f"_:{term}"}
    iri = str(term)
    view = {"kind": "iri", "iri": iri, "href": href_for(iri, base)}
    c = curie(iri)
    if c:
        view["curie"] = c
    if labels and iri in labels:
        by_lang = labels[iri]
        view["label"] = by_lang.get(lang) or by_lang.get("en") or next(iter(by_lang.values()))
    if isinstance(term, URIRef) and iri.startswith(base):
        view["path"] = iri[len(base):]  # short display form of our own IRIs: 'id/org/vn-mofa'
        if view["path"].startswith("id/"):
            view["path"] = view["path"][3:]
    return view
