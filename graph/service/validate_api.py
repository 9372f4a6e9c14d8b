"""``POST /validate``: check a record against the SHACL shapes, after the EU ITB validator —
one service, several channels (raw body, multipart upload, the web form at ``GET /validate``), the
report as flat JSON (focus node, path, value, severity, message in the requested language), as a
SHACL report in Turtle, or as a readable page.

``?insert=true`` with ``Authorization: Bearer <token>`` also stores the record in
``graph/record/{content-hash}`` — only when it conforms, in one atomic ``replace_graphs`` under
the app's write lock, so a refused or failed insert never leaves part of a record behind.

Every refusal is precise: 400 with line and column for unreadable RDF (including non-UTF-8
bytes), 415 naming the accepted types, 413 with the limit, 401/403 for inserts.
"""

from __future__ import annotations

import asyncio
import hmac
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from graph.formats import media_type_for
from graph.service.errors import ServiceError
from graph.service.negotiation import choose
from graph.service.render import base_iri, get_settings, get_store, html_page, json_response
from graph.service.render import term_view as _term_view
from graph.store import ParseError

__all__ = ["ACCEPTED_TYPES", "routes"]

#: Record syntaxes accepted as a request body (and as an upload's declared format).
ACCEPTED_TYPES = ("text/turtle", "application/ld+json", "application/n-triples")
_ALIASES = {"application/x-turtle": "text/turtle", "application/json": "application/ld+json",
            "text/plain": "application/n-triples"}  # N-Triples' historical type
_REPORT_TYPES = ["application/json", "text/turtle", "text/html"]
_LANGS = ("en", "vi")


def _lang(request: Request, form_value: str | None = None) -> str:
    """The message language: ?lang=, the form's field, Accept-Language; English otherwise."""
    for value in (request.query_params.get("lang"), form_value):
        if value and value.lower()[:2] in _LANGS:
            return value.lower()[:2]
    for part in request.headers.get("accept-language", "").split(","):
        code = part.split(";")[0].strip().lower()[:2]
        if code in _LANGS:
            return code
    return "en"


def _wants_html(request: Request) -> bool:
    fmt = request.query_params.get("format", "").lower()
    if fmt:
        return fmt == "html"
    return choose(request.headers.get("accept"), _REPORT_TYPES) == "text/html"


async def _read_body(request: Request, limit: int) -> bytes:
    """The body, refused with 413 as soon as it passes ``limit`` (declared or streamed)."""
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > limit:
        raise ServiceError(413, f"the request body is {declared} bytes; the limit is {limit}")
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise ServiceError(413, f"the request body is larger than the limit of {limit} bytes")
        chunks.append(chunk)
    body = b"".join(chunks)
    request._body = body  # let request.form() parse what was already read  # noqa: SLF001
    return body


def _record_type(declared: str, filename: str | None = None) -> str:
    """Map a declared type (or an upload's file name) to one of ACCEPTED_TYPES, else 415."""
    mt = declared.split(";")[0].strip().lower()
    mt = _ALIASES.get(mt, mt)
    if mt in ACCEPTED_TYPES:
        return mt
    if mt in ("", "application/octet-stream") and filename:
        try:
            guessed = media_type_for(filename)
        except ValueError:
            guessed = ""
        if guessed in ACCEPTED_TYPES:
            return guessed
    if mt in ("turtle", "ttl", "jsonld", "json-ld", "nt", "ntriples", "n-triples"):
        return media_type_for(mt)
    what = f"{declared!r}" + (f" (file {filename!r})" if filename else "")
    raise ServiceError(415, f"cannot validate {what}: send " + ", ".join(ACCEPTED_TYPES)
                       + " as the body, or multipart/form-data with a 'file' or 'data' field")


async def _record_from_request(request: Request, limit: int) -> tuple[bytes, str, str | None]:
    """(data, media type, form language) from a raw body or a multipart/urlencoded form."""
    content_type = request.headers.get("content-type", "")
    body = await _read_body(request, limit)
    main = content_type.split(";")[0].strip().lower()
    if main not in ("multipart/form-data", "application/x-www-form-urlencoded"):
        if not main:
            raise ServiceError(415, "no Content-Type: send " + ", ".join(ACCEPTED_TYPES))
        return body, _record_type(main), None
    try:
        form = await request.form(max_files=1, max_fields=20, max_part_size=limit)
    except Exception as exc:  # python-multipart raises several types for broken bodies
        raise ServiceError(400, f"unreadable form data: {exc}") from exc
    lang = form.get("lang")
    fmt = str(form.get("format") or "")
    upload = form.get("file")
    if isinstance(upload, UploadFile) and (upload.filename or upload.size):
        data = await upload.read()
        if data:
            declared = fmt or (upload.content_type or "")
            if declared == "auto":
                declared = ""
            return data, _record_type(declared, upload.filename), str(lang) if lang else None
    text = form.get("data")
    if isinstance(text, str) and text.strip():
        _check_part_utf8(body, content_type, "data")
        if text.startswith("\ufeff"):
            text = text[1:]
        return (text.encode("utf-8"), _record_type(fmt if fmt and fmt != "auto"
                                                   else "text/turtle"),
                str(lang) if lang else None)
    raise ServiceError(400, "the form holds no record: paste it into 'data' or upload a 'file'")


def _check_part_utf8(body: bytes, content_type: str, field: str) -> None:
    """Starlette decodes form fields as latin-1 when they are not UTF-8, which would silently
    change a record; find the field's raw bytes and refuse them with the position instead."""
    boundary = ""
    for param in content_type.split(";")[1:]:
        key, _, value = param.strip().partition("=")
        if key.lower() == "boundary":
            boundary = value.strip().strip('"')
    if not boundary:
        return
    for part in body.split(b"--" + boundary.encode("latin-1")):
        head, sep, data = part.partition(b"\r\n\r\n")
        if sep and f'name="{field}"'.encode() in head and b"filename=" not in head:
            data = data[:-2] if data.endswith(b"\r\n") else data
            try:
                data.decode("utf-8")
            except UnicodeDecodeError as exc:
                before = data[:exc.start]
                line = before.count(b"\n") + 1
                column = len(before[before.rfind(b"\n") + 1:].decode("utf-8", "replace")) + 1
                raise ServiceError(400, f"cannot read the record: form field {field!r} is not "
                                        f"UTF-8: invalid byte 0x{data[exc.start]:02x} at byte "
                                        f"offset {exc.start}", line=line, column=column) from exc
            return


def _check_token(request: Request) -> None:
    token = getattr(get_settings(request), "token", None)
    if not token:
        raise ServiceError(403, "inserting records is disabled: the service has no token "
                                "configured (ASEANKG_TOKEN)")
    given = request.headers.get("authorization", "")
    scheme, _, value = given.partition(" ")
    if scheme.lower() != "bearer" or not value:
        raise ServiceError(401, "insert=true needs 'Authorization: Bearer <token>'",
                           headers={"WWW-Authenticate": 'Bearer realm="aseankg"'})
    if not hmac.compare_digest(value.strip().encode(), str(token).encode()):
        raise ServiceError(401, "the bearer token is not valid",
                           headers={"WWW-Authenticate": 'Bearer error="invalid_token"'})


def _insert_flag(request: Request) -> bool:
    value = request.query_params.get("insert", "").lower()
    if value in ("", "false", "0", "no"):
        return False
    if value in ("true", "1", "yes"):
        return True
    raise ServiceError(400, f"insert must be true or false, not {value!r}")


def _result_views(report: Any, lang: str, base: str) -> list[dict[str, Any]]:
    order = {"Violation": 0, "Warning": 1, "Info": 2}
    views = []
    for r in sorted(report.results, key=lambda r: (order.get(r.severity, 3), str(r.focus_node),
                                                   r.path_text)):
        views.append({
            "severity": r.severity, "constraint": r.constraint,
            # the submitted data is not (yet) in the store: show its IRIs, do not link them
            "focus": {**_term_view(r.focus_node, base), "href": None},
            "path": r.path_text or None,
            "value": ({**_term_view(r.value, base), "href": None}
                      if r.value is not None else None),
            "message": r.message_in(lang),
        })
    return views


def _form_context(request: Request, lang: str, **extra: Any) -> dict[str, Any]:
    ctx: dict[str, Any] = {"title": "Validate a record", "lang": lang, "report": None,
                           "results": [], "error": None, "error_where": None, "data": "",
                           "inserted": None, "accepted": ACCEPTED_TYPES,
                           "limit": getattr(get_settings(request), "body_limit", None)}
    ctx.update(extra)
    return ctx


async def validate_form(request: Request) -> Response:
    """GET /validate: the form (and, as JSON, what the API accepts)."""
    lang = _lang(request)
    if request.query_params.get("format", "").lower() == "json" or choose(
            request.headers.get("accept"), ["text/html", "application/json"]) == \
            "application/json":
        return json_response({"accepts": list(ACCEPTED_TYPES) + ["multipart/form-data"],
                              "languages": list(_LANGS), "reports": _REPORT_TYPES,
                              "insert": "POST /validate?insert=true with a Bearer token"})
    return html_page("validate.html", _form_context(request, lang))


async def validate_post(request: Request) -> Response:
    """POST /validate: parse, validate, maybe insert; answer in the negotiated report format."""
    from graph.validate import record_id, validate_record

    html = _wants_html(request)
    lang = _lang(request)
    try:
        insert = _insert_flag(request)
        if insert:
            _check_token(request)
        limit = int(getattr(get_settings(request), "body_limit", 10 * 1024 * 1024))
        data, media_type, form_lang = await _record_from_request(request, limit)
        lang = _lang(request, form_lang)
        try:
            report = await run_in_threadpool(validate_record, data, media_type, lang=lang)
        except ParseError as exc:
            raise ServiceError(400, f"cannot read the {media_type} record: {exc.reason}",
                               line=exc.line, column=exc.column) from exc
    except ServiceError as exc:
        if html:
            where = None
            if exc.line is not None:
                where = f"line {exc.line}" + (f", column {exc.column}" if exc.column else "")
            return html_page("validate.html", _form_context(
                request, lang, error=exc.message, error_where=where), exc.status, exc.headers)
        raise

    inserted: str | None = None
    status = 200
    if insert:
        if not report.conforms:
            status = 422  # nothing written: the record does not conform
        else:
            # graph/record/{content-hash} (docs/model.md) under the configured base
            graph_iri = base_iri(request) + "graph/record/" + record_id(report.graph)
            store = get_store(request)
            lock = getattr(request.app.state, "write_lock", None) or asyncio.Lock()
            async with lock:
                await run_in_threadpool(store.replace_graphs, {graph_iri: report.graph})
            inserted, status = graph_iri, 201

    accept = request.headers.get("accept")
    fmt = request.query_params.get("format", "").lower()
    kind = ("text/html" if html else "text/turtle" if fmt in ("ttl", "turtle")
            else "application/json" if fmt == "json" else choose(accept, _REPORT_TYPES))
    headers = {"Location": inserted} if inserted else {}
    if kind == "text/turtle":
        return Response(report.to_turtle(), status, headers, media_type="text/turtle")
    payload = report.to_json(lang)
    payload["lang"] = lang
    if insert:
        payload["inserted"] = inserted
    if kind == "text/html":
        return html_page("validate.html", _form_context(
            request, lang, report=payload, inserted=inserted,
            results=_result_views(report, lang, base_iri(request)),
            data=data.decode("utf-8", errors="replace") if len(data) < 200_000 else ""),
            status, headers)
    if kind is None:
        raise ServiceError(406, "reports are available as " + ", ".join(_REPORT_TYPES))
    resp = json_response(payload, status)
    resp.headers.update(headers)
    return resp


routes: list[Route] = [
    Route("/validate", validate_form, methods=["GET", "HEAD"], name="validate_form"),
    Route("/validate", validate_post, methods=["POST"], name="validate"),
]
