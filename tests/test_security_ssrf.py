"""SSRF (issue 8, item 5): no request makes the service contact a host off its allow-list.

A listener on a loopback port counts every connection the service makes. The app is configured
with an allow-list (``allowed.invalid``, which never resolves), so a target that slips past the
check would reach the listener. Every trick below must be refused (403, or 400 when the text is
not SPARQL at all) and the listener must see nothing: loopback, localhost in any case, decimal,
hex, octal and short IPv4 forms, IPv6 loopback and IPv4-mapped forms, private and link-local
ranges (cloud metadata), userinfo tricks, ``file:`` and other schemes, relative IRIs resolved
against a BASE, prefixed names (also redeclared), comments, SILENT, nesting, on every route that
runs visitor SPARQL (``/sparql`` GET and POST, ``/update``, the ``/query`` page) and through
JSON-LD remote contexts in ``/validate`` and ``/store``.
"""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator

import pytest
from starlette.testclient import TestClient

from tests.browser.support import TOKEN, make_app, seeded_store
from tests.crash.helpers import free_port

AUTH = {"Authorization": f"Bearer {TOKEN}"}


class Listener:
    """A TCP listener on loopback that records every connection (and answers 500)."""

    def __init__(self) -> None:
        self.port = free_port()
        self.sock = socket.socket()
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind(("127.0.0.1", self.port))
        self.sock.listen(16)
        self.sock.settimeout(0.2)
        self.hits: list[bytes] = []
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self) -> None:
        while not self.stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except OSError:
                continue
            with conn:
                conn.settimeout(1)
                try:
                    self.hits.append(conn.recv(4096))
                    conn.sendall(b"HTTP/1.1 500 no\r\ncontent-length: 0\r\n\r\n")
                except OSError:
                    self.hits.append(b"")

    def close(self) -> None:
        self.stop.set()
        self.thread.join(2)
        self.sock.close()


@pytest.fixture(scope="module")
def listener() -> Iterator[Listener]:
    lst = Listener()
    yield lst
    lst.close()


@pytest.fixture(scope="module")
def client() -> Iterator[TestClient]:
    app = make_app(seeded_store(), token=TOKEN, allow_hosts=("allowed.invalid",), timeout=10.0)
    with TestClient(app) as c:
        yield c


def targets(port: int) -> list[str]:
    """IRIs that all point at this machine, a private network or a non-HTTP scheme."""
    p = port
    return [
        f"http://127.0.0.1:{p}/sparql", f"http://localhost:{p}/sparql",
        f"http://LocalHost:{p}/sparql", f"http://sub.localhost:{p}/sparql",
        f"http://127.1:{p}/sparql", f"http://2130706433:{p}/sparql",
        f"http://0x7f000001:{p}/sparql", f"http://0x7f.0.0.1:{p}/sparql",
        f"http://0177.0.0.1:{p}/sparql", f"http://0:{p}/sparql", f"http://0.0.0.0:{p}/sparql",
        f"http://127.000.000.001:{p}/sparql", f"http://[::1]:{p}/sparql",
        f"http://[0:0:0:0:0:0:0:1]:{p}/sparql", f"http://[::ffff:127.0.0.1]:{p}/sparql",
        f"http://[::ffff:7f00:1]:{p}/sparql", f"http://[::]:{p}/sparql",
        f"http://allowed.invalid@127.0.0.1:{p}/sparql",
        f"http://allowed.invalid:pw@127.0.0.1:{p}/sparql",
        f"http://127.0.0.1:{p}#@allowed.invalid/", f"http://127.0.0.1:{p}?@allowed.invalid/",
        f"https://127.0.0.1:{p}/sparql", f"http://127.0.0.1.:{p}/sparql",
        "http://10.0.0.1/sparql", "http://172.16.5.4/sparql", "http://192.168.0.1/sparql",
        "http://169.254.169.254/latest/meta-data/", "http://[fe80::1]/sparql",
        "http://[fc00::1]/sparql", "http://100.64.0.1/sparql",
        "file:///etc/passwd", "file://localhost/etc/passwd", f"ftp://127.0.0.1:{p}/x",
        f"gopher://127.0.0.1:{p}/x", "jar:file:///etc/passwd!/", "sparql", "/sparql",
        f"//127.0.0.1:{p}/sparql",
    ]


def query_variants(port: int) -> list[str]:
    out = []
    for t in targets(port):
        out.append(f"SELECT * WHERE {{ SERVICE <{t}> {{ ?s ?p ?o }} }}")
    loop = f"http://127.0.0.1:{port}/"
    out += [
        f"select * {{ service silent <{loop}> {{ ?s ?p ?o }} }}",
        f"SELECT * {{ SeRvIcE#comment\n<{loop}> {{ ?s ?p ?o }} }}",
        f"PREFIX l: <{loop}> SELECT * {{ SERVICE l:sparql {{ ?s ?p ?o }} }}",
        f"PREFIX l: <http://allowed.invalid/> PREFIX l: <{loop}> "
        f"SELECT * {{ SERVICE l:sparql {{ ?s ?p ?o }} }}",
        f"PREFIX l: <{loop}> PREFIX l: <http://allowed.invalid/> "
        f"SELECT * {{ SERVICE l:x {{ ?s ?p ?o }} }}",
        f"PREFIX : <{loop}> SELECT * {{ SERVICE :sparql {{ ?s ?p ?o }} }}",
        f"BASE <{loop}> SELECT * {{ SERVICE <sparql> {{ ?s ?p ?o }} }}",
        f"SELECT * {{ {{ SELECT * {{ SERVICE <{loop}> {{ ?s ?p ?o }} }} }} }}",
        f"SELECT * {{ OPTIONAL {{ SERVICE <{loop}> {{ ?s ?p ?o }} }} }}",
        f"SELECT * {{ {{ ?a ?b ?c }} UNION {{ SERVICE <{loop}> {{ ?s ?p ?o }} }} }}",
        f"SELECT * {{ FILTER EXISTS {{ SERVICE <{loop}> {{ ?s ?p ?o }} }} }}",
        f"ASK {{ SERVICE <{loop}> {{ ?s ?p ?o }} }}",
        f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ SERVICE <{loop}> {{ ?s ?p ?o }} }}",
        f"DESCRIBE ?s WHERE {{ SERVICE <{loop}> {{ ?s ?p ?o }} }}",
        "SELECT * { BIND(<" + loop + "> AS ?u) SERVICE ?u { ?s ?p ?o } }",
        f"SELECT * {{ SERVICE <{loop}\\u0073parql> {{ ?s ?p ?o }} }}",
        f"SELECT * {{ SERV\\u0049CE <{loop}> {{ ?s ?p ?o }} }}",
    ]
    return out


def update_variants(port: int) -> list[str]:
    loop = f"http://127.0.0.1:{port}/"
    out = [f"LOAD <{t}>" for t in targets(port)]
    out += [
        f"LOAD SILENT <{loop}data.ttl> INTO GRAPH <http://t/g>",
        f"load#c\n<{loop}data.ttl>",
        f"PREFIX l: <{loop}> LOAD l:data.ttl",
        f"BASE <{loop}> LOAD <data.ttl>",
        f"INSERT DATA {{ GRAPH <http://t/g> {{ <http://t/a> <http://t/b> 1 }} }} ; "
        f"LOAD <{loop}data.ttl>",
        f"INSERT {{ GRAPH <http://t/g> {{ ?s ?p ?o }} }} WHERE {{ SERVICE <{loop}> "
        f"{{ ?s ?p ?o }} }}",
        f"DELETE WHERE {{ SERVICE <{loop}> {{ ?s ?p ?o }} }}",
    ]
    return out


def _refused(status: int, text: str) -> bool:
    return status in (400, 403) and bool(text.strip())


def test_service_targets_off_the_allow_list_are_refused_on_every_query_route(
        client: TestClient, listener: Listener) -> None:
    tried = 0
    for q in query_variants(listener.port):
        responses = [
            client.get("/sparql", params={"query": q}),
            client.post("/sparql", content=q.encode(),
                         headers={"content-type": "application/sparql-query"}),
            client.post("/sparql", data={"query": q}),
            client.get("/query", params={"query": q}),
            client.get("/query", params={"query": q}, headers={"accept": "application/json"}),
        ]
        for r in responses:
            tried += 1
            assert _refused(r.status_code, r.text), (q, r.request.url.path, r.status_code,
                                                     r.text[:300])
    assert listener.hits == [], f"the service contacted the listener: {listener.hits[:3]}"
    print(f"SSRF: {tried} query requests, all refused, 0 connections")


def test_load_and_service_in_updates_are_refused_and_write_nothing(
        client: TestClient, listener: Listener) -> None:
    before = client.get("/store", headers={"accept": "application/n-quads"}).text
    tried = 0
    for u in update_variants(listener.port):
        for r in (client.post("/update", content=u.encode(),
                              headers={"content-type": "application/sparql-update", **AUTH}),
                  client.post("/sparql", data={"update": u}, headers=AUTH)):
            tried += 1
            assert _refused(r.status_code, r.text), (u, r.status_code, r.text[:300])
    assert listener.hits == []
    assert client.get("/store", headers={"accept": "application/n-quads"}).text == before
    print(f"SSRF: {tried} update requests, all refused, 0 connections")


def test_the_403_names_the_keyword_and_the_reason(client: TestClient, listener: Listener) -> None:
    r = client.get("/sparql", params={
        "query": f"SELECT * {{ SERVICE <http://127.0.0.1:{listener.port}/> {{ ?s ?p ?o }} }}"})
    assert r.status_code == 403
    assert "SERVICE" in r.text and "local or private" in r.text
    r = client.post("/update", content=b"LOAD <file:///etc/passwd>",
                    headers={"content-type": "application/sparql-update", **AUTH})
    assert r.status_code == 403 and "file" in r.text


def test_jsonld_remote_contexts_are_never_fetched(client: TestClient, listener: Listener) -> None:
    ctx = f"http://127.0.0.1:{listener.port}/context.jsonld"
    doc = ('{"@context": "' + ctx + '", "@id": "http://t/a", "name": "x"}').encode()
    r = client.post("/validate", content=doc, headers={"content-type": "application/ld+json"})
    assert r.status_code == 400 and "context" in r.text.lower()
    r = client.put("/store", params={"graph": "http://t/ctx"}, content=doc,
                   headers={"content-type": "application/ld+json", **AUTH})
    assert 400 <= r.status_code < 500
    assert listener.hits == []


def test_an_allow_listed_host_is_let_through_to_the_store(client: TestClient) -> None:
    """The allow-list is not a blanket refusal: the allowed host passes the check and the store
    then fails to resolve it (``.invalid`` never resolves), which is a 400, not a 403."""
    r = client.get("/sparql", params={
        "query": "SELECT * { SERVICE <http://allowed.invalid/sparql> { ?s ?p ?o } }"})
    assert r.status_code == 400, r.text
