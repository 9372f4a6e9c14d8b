"""Request plumbing shared by the SPARQL and Graph Store endpoints: bounded body reading, charset
checks, the bearer-token rule, and the SERVICE/LOAD allow-list."""

from __future__ import annotations

import hmac
import ipaddress
import re
from urllib.parse import quote, urlsplit

from starlette.requests import Request

from graph.service.errors import ServiceError
from graph.service.settings import Settings
from graph.sparql_text import remote_targets

__all__ = [
    "check_iri", "check_remote_targets", "content_type", "decode_utf8", "read_body",
    "request_iri", "require_token",
]

_IRI = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*:[^\s<>\"{}|\\^`\x00-\x1f]*$")


def check_iri(value: str, what: str) -> str:
    """An absolute IRI that is safe to write between ``<…>`` in SPARQL text, or 400.

    Every IRI the service splices into SPARQL goes through here: a ``>`` in a parameter must
    never be able to close the IRI and append operations (or a SERVICE call) of its own."""
    if not _IRI.match(value):
        raise ServiceError(400, f"{what} must be an absolute IRI without spaces or any of "
                                f"<>\"{{}}|\\^`; got {value!r}")
    return value


def request_iri(request: Request) -> str:
    """The request URL without query, percent-encoded wherever an IRI may not hold a character
    (a raw path or a forged Host header can carry ``>`` or ``{``)."""
    url = str(request.url.replace(query="", fragment=""))
    return quote(url, safe=":/?#[]@!$&'()*+,;=%~-._")


def content_type(request: Request) -> tuple[str, dict[str, str]]:
    """The request's media type (lower case, no parameters) and its parameters."""
    raw = request.headers.get("content-type", "")
    media, *params = [p.strip() for p in raw.split(";")]
    parsed = {}
    for p in params:
        k, _, v = p.partition("=")
        parsed[k.strip().lower()] = v.strip().strip('"')
    return media.lower(), parsed


async def read_body(request: Request, limit: int) -> bytes:
    """The body, refusing (413) as soon as it passes ``limit`` bytes; never buffers more."""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise ServiceError(413, f"the request body is {int(declared)} bytes; this service "
                                f"accepts at most {limit} bytes")
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise ServiceError(413, f"the request body is larger than {limit} bytes, the most "
                                    f"this service accepts")
        chunks.append(chunk)
    return b"".join(chunks)


def decode_utf8(body: bytes, params: dict[str, str], what: str) -> str:
    """SPARQL text must be UTF-8 (SPARQL 1.1 Protocol §2.1.2/§2.2.2)."""
    charset = params.get("charset", "utf-8").lower()
    if charset not in ("utf-8", "utf8"):
        raise ServiceError(415, f"the {what} must be sent as UTF-8, not {charset}")
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ServiceError(400, f"the {what} is not valid UTF-8: byte {exc.start} "
                                f"(0x{body[exc.start]:02x}) cannot start a character") from None


def require_token(request: Request, settings: Settings) -> None:
    """Writes need ``Authorization: Bearer <token>``; none configured means writes are off.

    The comparison is constant-time and the token is never logged or echoed."""
    if not settings.token:
        raise ServiceError(403, "this service is read-only: updates and graph-store writes "
                                "are enabled only when it is started with a token "
                                "(--token or ASEANKG_TOKEN)")
    scheme, _, credential = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not hmac.compare_digest(
            credential.strip().encode("utf-8"), settings.token.encode("utf-8")):
        raise ServiceError(401, "this request writes to the store: send the service's token "
                                "as 'Authorization: Bearer <token>'",
                           headers={"WWW-Authenticate": 'Bearer realm="aseankg"'})


def _host_allowed(iri: str, allow: tuple[str, ...]) -> str | None:
    """None when allowed, else the reason it is refused."""
    parts = urlsplit(iri)
    if parts.scheme not in ("http", "https"):
        return f"scheme {parts.scheme or '(none)'}: is never fetched"
    host = (parts.hostname or "").lower()
    if not host:
        return "it names no host"
    if host in {h.lower() for h in allow}:
        return None
    try:
        ip = ipaddress.ip_address(host)
        if ip.is_private or ip.is_loopback or ip.is_link_local or ip.is_reserved:
            return f"{host} is a local or private address"
    except ValueError:
        if host == "localhost" or host.endswith(".localhost"):
            return f"{host} is a local address"
    return f"{host} is not on this service's allow-list (--allow-host / ASEANKG_ALLOW_HOSTS)"


def check_remote_targets(text: str, settings: Settings) -> None:
    """Refuse (403) SERVICE and LOAD unless every target host is on the allow-list."""
    for keyword, target in remote_targets(text):
        if target is None:
            raise ServiceError(403, f"{keyword} with a variable or unknown target is refused: "
                                    f"this service only contacts hosts on its allow-list")
        reason = _host_allowed(target, settings.allow_hosts)
        if reason is not None:
            raise ServiceError(403, f"{keyword} <{target}> refused: {reason}")
