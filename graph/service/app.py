"""Assemble the ASGI application: SPARQL, Graph Store, health, and the feature modules.

Feature modules (linked data, pages, validation, UI…) register by being listed in
``FEATURE_MODULES``; each exposes ``routes`` (a list of Starlette routes) and may expose
``middleware`` (a list of ``starlette.middleware.Middleware``). A module that fails to import
is an error, never a silently missing feature. Handlers reach shared state through
``request.app.state``:

- ``store``: the Store (a ``TrackedStore``; WRITE ONLY THROUGH IT, so query snapshots refresh),
- ``settings``: ``graph.service.settings.Settings``,
- ``runner``: ``await runner.query(Job(...))`` runs SPARQL in a killable worker (see workers.py),
- ``write_lock``: an ``asyncio.Lock`` every write holds.
"""

from __future__ import annotations

import asyncio
import importlib
import json
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from graph.service import gsp, sparql
from graph.service.errors import ServiceError, error_response, service_error_handler
from graph.service.settings import Settings
from graph.service.workers import Job, TrackedStore, make_runner
from graph.store import Store

__all__ = ["FEATURE_MODULES", "create_app"]

log = logging.getLogger("aseankg.service")

#: Modules owned by other features; each exposes ``routes`` (and optionally ``middleware``).
FEATURE_MODULES: list[str] = [
    "graph.service.linkeddata",     # /id (303), /doc, /graph
    "graph.service.ontology_docs",  # /def
    "graph.service.dumps",          # /dump, /.well-known/void
    "graph.service.validate_api",   # /validate
    "graph.service.pages",          # /, /query, /search, /queries, /static
    "graph.service.openapi",        # /openapi.json (non-SPARQL routes, for schemathesis)
]


def _feature_modules() -> list[object]:
    return [importlib.import_module(name) for name in FEATURE_MODULES]


async def health(request: Request) -> Response:
    """Liveness and readiness: answers only if a worker can run a query right now."""
    runner = request.app.state.runner
    store = request.app.state.store
    status, code, reason = "ok", 200, None
    try:
        await runner.query(Job("ASK {}", "application/sparql-results+json"), timeout=5.0)
    except Exception as exc:  # any failure means "not ready", with the reason
        status, code, reason = "unavailable", 503, str(exc)
    payload = {"status": status, "store": getattr(store, "name", "?"),
               "update_enabled": request.app.state.settings.update_enabled,
               "query_timeout_s": request.app.state.settings.timeout,
               "runner": runner.describe()}
    if reason:
        payload["reason"] = reason
    return Response(json.dumps(payload), code, media_type="application/json")


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    message = {404: f"nothing is served at {request.url.path}",
               405: f"{request.method} is not allowed on {request.url.path}"}.get(
        exc.status_code, str(exc.detail))
    return error_response(request, ServiceError(exc.status_code, message,
                                                headers=dict(exc.headers or {})))


async def _internal_error(request: Request, exc: Exception) -> Response:
    log.exception("unhandled error on %s %s", request.method, request.url.path)
    return error_response(request, ServiceError(500, "internal error; it has been logged"))


def create_app(store: Store, settings: Settings | None = None) -> Starlette:
    """The ASGI app over one store. Query workers start with the app and stop with it."""
    settings = settings or Settings.from_env()
    tracked = store if isinstance(store, TrackedStore) else TrackedStore(store)
    runner = make_runner(tracked, settings.timeout, settings.workers, settings.worker_memory_mb,
                         max(settings.max_workers, settings.workers))

    routes: list[BaseRoute] = [*sparql.routes, *gsp.routes,
                               Route("/health", health, methods=["GET"], name="health")]
    middleware: list[Middleware] = []
    for module in _feature_modules():
        routes.extend(getattr(module, "routes", []))
        middleware.extend(getattr(module, "middleware", []))
    if settings.cors_origins:
        middleware.insert(0, Middleware(
            CORSMiddleware, allow_origins=list(settings.cors_origins),
            allow_methods=["GET", "HEAD", "POST", "PUT", "DELETE"],
            allow_headers=["Accept", "Authorization", "Content-Type"],
            expose_headers=["Location"], max_age=600))

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        await runner.start()
        try:
            yield
        finally:
            await runner.close()

    app = Starlette(routes=routes, middleware=middleware, lifespan=lifespan,
                    exception_handlers={ServiceError: service_error_handler,
                                        HTTPException: _http_error,
                                        Exception: _internal_error})
    app.state.store = tracked
    app.state.settings = settings
    app.state.runner = runner
    app.state.write_lock = asyncio.Lock()
    # GET /sparql without a query from a browser goes to the query page, when there is one.
    paths = {getattr(r, "path", None) for r in routes}
    app.state.sparql_html_page = "/query" if "/query" in paths else None
    return app
