"""Security of the service (issue 8, item 5): writes need the token (compared in constant
time, never logged or echoed); no path traversal through dump, static, linked-data or store
routes (``../``, ``%2e%2e``, encoded slashes, double encoding); body and result limits on every
route that takes a body; every literal escaped in HTML (a ``<script>`` label is shown, not run;
``javascript:`` IRIs are never links); security headers on HTML; CORS only as configured.
"""

from __future__ import annotations

import hmac
import socket
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from starlette.testclient import TestClient

from graph.service.settings import Settings
from tests.browser.support import make_app, seeded_store
from tests.crash.helpers import Server, copy_store, serve

TOKEN = "s3cret-Token-for-the-security-suite-0123456789"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
G = "http://security.test/g"
NT = b"<http://security.test/a> <http://security.test/b> <http://security.test/c> .\n"
RECORD = b"""@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix foaf: <http://xmlns.com/foaf/0.1/> .
@prefix schema: <https://schema.org/> .
<https://w3id.org/aseankg/id/person/sec-test> a foaf:Person , schema:Person ;
  foaf:name "Sec Test" ; rdfs:label "Sec Test"@vi , "Sec Test"@en .
"""
BAD_CREDENTIALS = [
    {}, {"Authorization": "Bearer"}, {"Authorization": "Bearer "},
    {"Authorization": "Bearer wrong"}, {"Authorization": f"Bearer {TOKEN[:-1]}"},
    {"Authorization": f"Bearer {TOKEN}x"}, {"Authorization": f"Basic {TOKEN}"},
    {"Authorization": TOKEN}, {"Authorization": f"Bearer {TOKEN.upper()}"},
    {"X-Token": TOKEN}, {"Authorization": f"Bearer\t{TOKEN}x"},
]


@pytest.fixture(scope="module")
def client() -> Iterator[TestClient]:
    with TestClient(make_app(seeded_store(), token=TOKEN, body_limit=64 * 1024,
                             row_limit=50)) as c:
        yield c


def _writes(c: TestClient, headers: dict[str, str]) -> list[httpx.Response]:
    """Every route that writes, with the given credentials."""
    update = (f"INSERT DATA {{ GRAPH <{G}> {{ <http://security.test/x> "
              f"<http://security.test/y> 1 }} }}")
    return [
        c.post("/update", content=update.encode(),
               headers={**headers, "content-type": "application/sparql-update"}),
        c.post("/update", data={"update": update}, headers=headers),
        c.post("/sparql", content=update.encode(),
               headers={**headers, "content-type": "application/sparql-update"}),
        c.post("/sparql", data={"update": update}, headers=headers),
        c.put("/store", params={"graph": G}, content=NT,
              headers={**headers, "content-type": "application/n-triples"}),
        c.post("/store", params={"graph": G}, content=NT,
               headers={**headers, "content-type": "application/n-triples"}),
        c.post("/store", content=NT, headers={**headers, "content-type": "application/n-triples"}),
        c.delete("/store", params={"graph": "https://w3id.org/aseankg/graph/reference"},
                 headers=headers),
        c.post("/validate?insert=true", content=RECORD,
               headers={**headers, "content-type": "text/turtle"}),
    ]


def _dataset(c: TestClient) -> str:
    return c.get("/store", headers={"accept": "application/n-quads"}).text


# -- token ----------------------------------------------------------------------------------
def test_every_write_route_refuses_missing_or_wrong_tokens_and_writes_nothing(
        client: TestClient) -> None:
    before = _dataset(client)
    for creds in BAD_CREDENTIALS:
        for r in _writes(client, creds):
            assert r.status_code == 401, (creds, r.request.url, r.status_code, r.text)
            assert r.headers.get("www-authenticate", "").startswith("Bearer")
            assert TOKEN not in r.text
    assert _dataset(client) == before


def test_the_right_token_writes(client: TestClient) -> None:
    codes = [r.status_code for r in _writes(client, AUTH)]
    assert all(200 <= c < 300 for c in codes), codes


def test_writes_are_off_without_a_configured_token() -> None:
    with TestClient(make_app(seeded_store())) as c:
        before = _dataset(c)
        for creds in ({}, AUTH, {"Authorization": "Bearer "}):
            for r in _writes(c, creds):
                assert r.status_code == 403, (r.request.url, r.status_code)
        assert _dataset(c) == before


def test_tokens_are_compared_in_constant_time(client: TestClient,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    """Every write route goes through hmac.compare_digest (a plain == leaks the token's prefix
    through timing)."""
    calls: list[tuple[bytes, bytes]] = []
    real = hmac.compare_digest

    def spy(a, b):  # type: ignore[no-untyped-def]
        calls.append((a, b))
        return real(a, b)

    monkeypatch.setattr(hmac, "compare_digest", spy)
    for r in _writes(client, {"Authorization": "Bearer nope"}):
        assert r.status_code == 401
    assert len(calls) == 9, "each of the nine write requests compares with compare_digest"


def test_the_token_is_kept_out_of_repr() -> None:
    assert TOKEN not in repr(Settings(token=TOKEN))


# -- limits ---------------------------------------------------------------------------------
def test_bodies_over_the_limit_are_413_on_every_route(client: TestClient) -> None:
    big = b"#" + b"x" * (64 * 1024)

    def chunks() -> Iterator[bytes]:
        for _ in range(80):
            yield b"#" + b"y" * 1023

    for content in (big, chunks):
        for method, path, ctype in (
                ("POST", "/sparql", "application/sparql-query"),
                ("POST", "/update", "application/sparql-update"),
                ("PUT", f"/store?graph={G}", "text/turtle"),
                ("POST", "/validate", "text/turtle")):
            body = content() if callable(content) else content
            r = client.request(method, path, content=body,
                               headers={**AUTH, "content-type": ctype})
            assert r.status_code == 413, (path, r.status_code, r.text[:200])
            assert "bytes" in r.text


# -- HTML -----------------------------------------------------------------------------------
HOSTILE = "<script>alert('xss')</script>"
HOSTILE_IRI = "https://w3id.org/aseankg/id/org/sec-hostile"


@pytest.fixture(scope="module")
def hostile(client: TestClient) -> str:
    ttl = f"""<{HOSTILE_IRI}> <http://www.w3.org/2000/01/rdf-schema#label> "{HOSTILE}"@en ;
      <http://www.w3.org/2004/02/skos/core#prefLabel> "\\"><img src=x onerror=alert(1)>"@vi ;
      <http://www.w3.org/2000/01/rdf-schema#seeAlso> <javascript:alert(1)> ;
      <http://www.w3.org/2000/01/rdf-schema#comment> "</script><script>alert(2)</script>" .
    """
    r = client.put("/store", params={"graph": "https://w3id.org/aseankg/graph/source/sec"},
                   content=ttl.encode(), headers={**AUTH, "content-type": "text/turtle"})
    assert r.status_code in (201, 204), r.text
    return HOSTILE_IRI


def _html_pages(hostile: str) -> list[tuple[str, dict[str, str]]]:
    q = f"SELECT ?l WHERE {{ <{hostile}> ?p ?l }}"
    return [("/doc/org/sec-hostile", {}), ("/search", {"q": "alert"}),
            ("/query", {"query": q}), ("/graph/source/sec", {}), ("/queries", {}), ("/", {}),
            ("/validate", {}), ("/doc/org/nothing-here", {}), ("/id/org/nothing-here", {})]


def test_html_pages_escape_every_literal_and_never_link_javascript(
        client: TestClient, hostile: str) -> None:
    for path, params in _html_pages(hostile)[:4]:
        r = client.get(path, params=params, headers={"accept": "text/html"})
        assert r.status_code == 200, (path, r.status_code)
        html = r.text
        assert "<script>alert" not in html, path
        assert "<img src=x" not in html, path
        assert 'href="javascript:' not in html.lower(), path
        assert "&lt;script&gt;alert" in html or "&lt;script&gt;" in html, path


def test_html_responses_carry_security_headers(client: TestClient, hostile: str) -> None:
    for path, params in _html_pages(hostile):
        r = client.get(path, params=params, headers={"accept": "text/html"},
                       follow_redirects=False)
        if not r.headers.get("content-type", "").startswith("text/html"):
            continue
        csp = r.headers.get("content-security-policy", "")
        assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp, path
        assert "script-src 'self'" in csp and "unsafe-inline" not in csp.split(
            "script-src")[1].split(";")[0], path
        assert r.headers.get("x-content-type-options") == "nosniff", path
        assert r.headers.get("x-frame-options") == "DENY", path
        assert r.headers.get("referrer-policy"), path


# -- CORS -----------------------------------------------------------------------------------
def test_no_cors_headers_unless_configured(client: TestClient) -> None:
    r = client.get("/sparql", params={"query": "ASK {}"},
                   headers={"origin": "https://evil.example"})
    assert "access-control-allow-origin" not in r.headers
    r = client.options("/sparql", headers={"origin": "https://evil.example",
                                           "access-control-request-method": "POST"})
    assert "access-control-allow-origin" not in r.headers


def test_cors_only_for_the_configured_origin() -> None:
    app = make_app(seeded_store(), token=TOKEN, cors_origins=("https://good.example",))
    with TestClient(app) as c:
        ok = c.get("/sparql", params={"query": "ASK {}"},
                   headers={"origin": "https://good.example"})
        assert ok.headers.get("access-control-allow-origin") == "https://good.example"
        for origin in ("https://evil.example", "https://good.example.evil.example",
                       "http://good.example", "null"):
            r = c.get("/sparql", params={"query": "ASK {}"}, headers={"origin": origin})
            assert r.headers.get("access-control-allow-origin") in (None,), origin
            pre = c.options("/update", headers={"origin": origin,
                                                "access-control-request-method": "POST"})
            assert pre.headers.get("access-control-allow-origin") is None, origin
        assert "access-control-allow-credentials" not in ok.headers


# -- the real server: logs and raw paths ----------------------------------------------------
@pytest.fixture(scope="module")
def server(built_store: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    work = tmp_path_factory.mktemp("security")
    with serve(copy_store(built_store, work / "store"), work,
               args=["--row-limit", "1000"], env={"ASEANKG_TOKEN": TOKEN}) as srv:
        yield srv


def _raw_get(server: Server, raw_path: str) -> tuple[int, bytes]:
    """GET with the path exactly as given (clients normalise ``..``; attackers do not)."""
    host, port = server.url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=10) as s:
        s.sendall(f"GET {raw_path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
                  .encode())
        data = b""
        while chunk := s.recv(65536):
            data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    return int(head.split()[1]), body


TRAVERSALS = [
    "/dump/../../../../etc/passwd", "/dump/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
    "/dump/..%2f..%2f..%2fetc%2fpasswd", "/dump/%252e%252e%252fetc%252fpasswd",
    "/dump/....//....//etc/passwd", "/dump/aseankg.nq.gz/../../pyproject.toml",
    "/static/../../../pyproject.toml", "/static/%2e%2e/%2e%2e/%2e%2e/pyproject.toml",
    "/static/..%2f..%2f..%2fpyproject.toml", "/static/%2e%2e%2fapp.py",
    "/static/..%5c..%5c..%5cpyproject.toml", "/static//etc/passwd",
    "/static/%2fetc%2fpasswd", "/static/..;/..;/pyproject.toml",
    "/static/vendor/../../app.py", "/static/%c0%ae%c0%ae/%c0%ae%c0%ae/pyproject.toml",
    "/doc/../../../etc/passwd", "/doc/%2e%2e/%2e%2e/etc/passwd", "/id/..%2f..%2fetc%2fpasswd",
    "/graph/../../etc/passwd", "/store/../../../etc/passwd", "/store/%2e%2e/%2e%2e/etc/passwd",
    "/def/../../pyproject.toml", "/queries/..%2f..%2fpyproject.toml",
    "/queries/%2e%2e%2f%2e%2e%2fqueries%2fpeople.rq", "//etc/passwd", "/%2e%2e/%2e%2e/etc/passwd",
]
SECRETS = [b"root:x:0:0", b"[build-system]", b"def create_app", b"import ", b"PREFIX"]


def test_no_path_traversal_through_any_route(server: Server) -> None:
    for raw in TRAVERSALS:
        status, body = _raw_get(server, raw)
        assert status != 500 and status < 500, (raw, status)
        if status == 200:
            assert not any(s in body for s in SECRETS[:4]), (raw, body[:200])
        assert not any(s in body for s in SECRETS[:3]), (raw, body[:200])
    # the fixed names still work
    assert _raw_get(server, "/dump/aseankg.nq.gz")[0] == 200


def test_the_token_never_appears_in_logs_or_answers(server: Server) -> None:
    auth = {"authorization": f"Bearer {TOKEN}"}
    answers = [
        httpx.post(f"{server.url}/update", content=b"INSERT DATA { GRAPH <http://s/g> "
                   b"{ <http://s/a> <http://s/b> 1 } }",
                   headers={**auth, "content-type": "application/sparql-update"}),
        httpx.post(f"{server.url}/update", content=b"INSERT DATA { broken",
                   headers={**auth, "content-type": "application/sparql-update"}),
        httpx.post(f"{server.url}/update", content=b"CLEAR GRAPH <http://s/g>",
                   headers={"authorization": f"Bearer {TOKEN}-wrong",
                            "content-type": "application/sparql-update"}),
        httpx.put(f"{server.url}/store", params={"graph": "http://s/g2"}, content=NT,
                  headers={**auth, "content-type": "application/n-triples"}),
        httpx.put(f"{server.url}/store", params={"graph": "http://s/g2"}, content=b"<broken",
                  headers={**auth, "content-type": "text/turtle"}),
        httpx.post(f"{server.url}/validate?insert=true", content=RECORD,
                   headers={**auth, "content-type": "text/turtle"}),
        httpx.post(f"{server.url}/validate?insert=true", content=b"@prefix",
                   headers={**auth, "content-type": "text/turtle"}),
        httpx.delete(f"{server.url}/store", params={"graph": "http://s/none"}, headers=auth),
        httpx.get(f"{server.url}/health", headers=auth),
    ]
    assert [r.status_code for r in answers] == [204, 400, 401, 201, 400, 201, 400, 404, 200]
    for r in answers:
        assert TOKEN not in r.text
    log = server.log_text()
    assert "POST /update" in log, "the log must have been captured"
    assert TOKEN not in log


def test_answers_over_the_row_limit_are_422_not_truncated(server: Server) -> None:
    for fmt in ("json", "csv", "xml"):
        r = httpx.get(f"{server.url}/sparql", params={"query": "SELECT * { ?s ?p ?o }",
                                                      "format": fmt}, timeout=30)
        assert r.status_code == 422 and "1000" in r.text, (fmt, r.status_code)
    r = httpx.get(f"{server.url}/sparql", params={
        "query": "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }"}, timeout=30)
    assert r.status_code == 422
