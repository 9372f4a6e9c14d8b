"""``/openapi.json``: an OpenAPI 3.0 description of the service's non-SPARQL routes.

Why only those: SPARQL and the Graph Store Protocol are specified by the W3C and tested
against the W3C suites; the routes below are aseankg's own, and describing them lets a
generic tool (schemathesis, in ``tests/test_fuzz_openapi.py``) throw generated requests at them
and check that none of them gets a server error.
"""

from __future__ import annotations

import json
from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

__all__ = ["SPEC", "routes"]


def _text(description: str) -> dict[str, Any]:
    return {"description": description,
            "content": {"application/json": {"schema": {"type": "object"}},
                        "text/html": {"schema": {"type": "string"}},
                        "text/plain": {"schema": {"type": "string"}}}}


_ERRORS = {"400": _text("bad parameter"), "404": _text("not found"),
           "406": _text("not acceptable"), "413": _text("body too large"),
           "415": _text("unsupported media type"), "422": _text("too many rows")}
_PATH = {"name": "path", "in": "path", "required": True, "schema": {"type": "string"}}
_FORMAT = {"name": "format", "in": "query", "required": False, "schema": {"type": "string"}}
_LANG = {"name": "lang", "in": "query", "required": False,
         "schema": {"type": "string", "enum": ["vi", "en"]}}


def _get(summary: str, params: list[dict[str, Any]], extra: dict[str, Any] | None = None
         ) -> dict[str, Any]:
    return {"get": {"summary": summary, "parameters": params,
                    "responses": {"200": _text("the answer"), "303": _text("see other"),
                                  **_ERRORS, **(extra or {})}}}


SPEC: dict[str, Any] = {
    "openapi": "3.0.3",
    "info": {"title": "aseankg (non-SPARQL routes)", "version": "0.1.0",
             "description": "Linked data, named queries, search, validation, dumps, health. "
                            "SPARQL 1.1 Protocol and Graph Store Protocol: see docs/service.md."},
    "paths": {
        "/health": _get("Liveness and readiness", [], {"503": _text("not ready")}),
        "/queries.json": _get("The named queries", []),
        "/queries/{name}.json": _get("Run a named query", [
            {"name": "name", "in": "path", "required": True,
             "schema": {"type": "string", "enum": [
                 "beneficiaries", "chairs", "conflicts", "credits", "document-history",
                 "figures", "funders", "meetings", "participation", "people", "plans",
                 "sources", "strategic-areas"]}},
            {"name": "from", "in": "query", "required": False, "schema": {"type": "string"}},
            {"name": "to", "in": "query", "required": False, "schema": {"type": "string"}},
            {"name": "country", "in": "query", "required": False,
             "schema": {"type": "string"}}]),
        "/search": _get("Entities by label", [
            {"name": "q", "in": "query", "required": False, "schema": {"type": "string"}}]),
        "/doc/{path}": _get("Description of an entity", [_PATH, _FORMAT, _LANG]),
        "/id/{path}": _get("Entity IRI (303 to /doc)", [_PATH]),
        "/graph/{path}": _get("A named graph", [_PATH, _FORMAT]),
        "/.well-known/void": _get("VoID description", [_FORMAT]),
        "/validate": {"post": {
            "summary": "Validate an RDF record with the SHACL shapes",
            "parameters": [_LANG, {"name": "insert", "in": "query", "required": False,
                                   "schema": {"type": "string", "enum": ["false"]}}],
            "requestBody": {"required": True, "content": {
                "text/turtle": {"schema": {"type": "string"}},
                "application/n-triples": {"schema": {"type": "string"}},
                "application/ld+json": {"schema": {"type": "object"}}}},
            "responses": {"200": _text("the report"), **_ERRORS}}},
    },
}


async def openapi(request: Request) -> Response:
    return Response(json.dumps(SPEC), media_type="application/json")


routes = [Route("/openapi.json", openapi, methods=["GET"], name="openapi")]
