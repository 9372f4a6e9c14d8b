"""HTTP errors with a message a person can act on, and the handler that renders them.

Every refusal of the service goes through ``ServiceError`` so status, message and (for syntax
errors) line and column are rendered the same way everywhere: ``text/plain`` by default, JSON when
the client prefers ``application/json``.
"""

from __future__ import annotations

import json
import logging
from http import HTTPStatus

from starlette.requests import Request
from starlette.responses import Response

from graph.service.negotiation import choose

__all__ = ["ServiceError", "error_response", "service_error_handler"]

log = logging.getLogger("aseankg.service")


class ServiceError(Exception):
    """A request the service refuses, with the status to send and why."""

    def __init__(self, status: int, message: str, *, line: int | None = None,
                 column: int | None = None, headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status, self.message = status, message
        self.line, self.column = line, column
        self.headers = headers or {}


def error_response(request: Request | None, exc: ServiceError) -> Response:
    """Render one error; never includes request headers (the token must not be echoed)."""
    phrase = HTTPStatus(exc.status).phrase
    where = ""
    if exc.line is not None:
        where = f"line {exc.line}" + (f", column {exc.column}" if exc.column is not None else "")
    accept = request.headers.get("accept") if request is not None else None
    if choose(accept, ["text/plain", "application/json"]) == "application/json" and accept:
        payload: dict[str, object] = {"status": exc.status, "error": phrase,
                                      "message": exc.message}
        if exc.line is not None:
            payload.update(line=exc.line, column=exc.column)
        return Response(json.dumps(payload, ensure_ascii=False), exc.status, exc.headers,
                        media_type="application/json")
    text = f"{exc.status} {phrase}: " + (f"{where}: " if where else "") + exc.message + "\n"
    return Response(text, exc.status, exc.headers, media_type="text/plain; charset=utf-8")


async def service_error_handler(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, ServiceError)
    log.info("%s %s -> %s %s", request.method, request.url.path, exc.status, exc.message)
    return error_response(request, exc)
