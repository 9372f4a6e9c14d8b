"""Bad input never gets a 500 and never writes: random query text, random bytes with random
media types, on /sparql, /update and /store, against the real service. Also the rdflib memory
backend behind the same app (what ``--store memory:`` serves)."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from graph.service.app import create_app
from graph.service.settings import Settings
from graph.store import open_store
from tests.service_server import running_service

TOKEN = "fuzz-token"
AUTH = {"authorization": f"Bearer {TOKEN}"}
MEDIA = st.sampled_from(["application/sparql-query", "application/sparql-update",
                         "application/x-www-form-urlencoded", "text/turtle",
                         "application/n-triples", "application/ld+json", "application/rdf+xml",
                         "multipart/form-data; boundary=x", "text/plain", ""])
SPARQLISH = st.lists(st.sampled_from([
    "SELECT", "ASK", "CONSTRUCT", "INSERT", "DATA", "WHERE", "{", "}", "?s", "?p", "<http://a>",
    "\"x\"", "GRAPH", "SERVICE", "LOAD", "FILTER(", ")", ".", ";", "PREFIX", "a:", "<", "@en",
    "^^", "USING", "BASE", "'''", "#", "\n", "\u00e9", "\udcff"]), max_size=25).map(" ".join)


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with running_service(tmp_path_factory.mktemp("fuzz"), token=TOKEN,
                         args=["--timeout", "5"]) as url:
        yield url


def _quads(base: str) -> str:
    return httpx.get(f"{base}/store", headers={"accept": "application/n-quads"}).text


@settings(max_examples=120, deadline=None, suppress_health_check=list(HealthCheck))
@given(text=SPARQLISH)
def test_random_query_text_is_answered_or_refused_never_500(base: str, text: str) -> None:
    safe = text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    r = httpx.get(f"{base}/sparql", params={"query": safe}, timeout=30)
    assert r.status_code < 500 or r.status_code == 503, r.text
    assert r.status_code != 500


@settings(max_examples=120, deadline=None, suppress_health_check=list(HealthCheck))
@given(body=st.binary(max_size=300) | SPARQLISH.map(lambda t: t.encode("utf-8", "replace")),
       media=MEDIA, path=st.sampled_from(["/sparql", "/update", "/store?graph=http://f/g",
                                          "/store?default", "/store"]),
       method=st.sampled_from(["POST", "PUT"]))
def test_random_bodies_get_a_4xx_or_a_clean_write_never_500(
        base: str, body: bytes, media: str, path: str, method: str) -> None:
    if method == "PUT" and path in ("/sparql", "/update"):
        method = "POST"
    headers = {**AUTH, **({"content-type": media} if media else {})}
    before = _quads(base)
    r = httpx.request(method, f"{base}{path}", content=body, headers=headers, timeout=30)
    assert r.status_code != 500, r.text
    if r.status_code >= 400:
        assert r.text.strip(), "every refusal carries a message"
        assert _quads(base) == before, "a refused request must write nothing"


def test_the_memory_backend_serves_the_same_protocol() -> None:
    app = create_app(open_store("memory:"), Settings(token=TOKEN))
    transport = httpx.ASGITransport(app=app)

    async def scenario() -> None:
        async with httpx.AsyncClient(transport=transport, base_url="http://t") as c:
            r = await c.put("/store", params={"graph": "http://m/g"},
                            content=b"<http://m/a> <http://m/p> \"v\" .",
                            headers={"content-type": "application/n-triples", **AUTH})
            assert r.status_code == 201
            r = await c.get("/sparql", params={"query": "SELECT ?o { ?s ?p ?o }"},
                            headers={"accept": "text/csv"})
            assert r.status_code == 200 and r.text.splitlines() == ["o", "v"]
            r = await c.get("/sparql", params={"query": "SELECT ?o { ?s ?p }"})
            assert r.status_code == 400

    import asyncio
    asyncio.run(scenario())
