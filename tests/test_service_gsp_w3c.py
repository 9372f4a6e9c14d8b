"""The W3C Graph Store HTTP Protocol tests through the same runner, and the write guarantees the
suite does not test: the token rule, atomic writes, precise errors for malformed RDF."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.service_server import running_service
from tests.w3c_runner import GSP_MANIFEST, load_manifest, report, run_suite

TOKEN = "gsp-token"
AUTH = {"authorization": f"Bearer {TOKEN}"}
G = "http://example.org/g1"
TTL = b"@prefix ex: <http://example.org/> .\nex:a ex:p ex:b , ex:c .\n"


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with running_service(tmp_path_factory.mktemp("gsp"), token=TOKEN) as url:
        yield url


def _get(base: str, graph: str = G) -> httpx.Response:
    return httpx.get(f"{base}/store", params={"graph": graph},
                     headers={"accept": "application/n-triples"})


def test_every_w3c_graph_store_test_passes(base: str) -> None:
    assert len(load_manifest(GSP_MANIFEST)) == 13
    outcomes = run_suite(base, TOKEN, [GSP_MANIFEST])
    print(report(outcomes))
    assert not [o for o in outcomes if not o.passed], report(outcomes)


def test_put_then_get_round_trips(base: str) -> None:
    r = httpx.put(f"{base}/store", params={"graph": G}, content=TTL,
                  headers={"content-type": "text/turtle", **AUTH})
    assert r.status_code in (201, 204)
    got = _get(base)
    assert got.status_code == 200
    assert got.headers["content-type"].startswith("application/n-triples")
    assert len(got.text.strip().splitlines()) == 2


def test_malformed_turtle_is_400_with_line_and_column_and_writes_nothing(base: str) -> None:
    httpx.put(f"{base}/store", params={"graph": G}, content=TTL,
              headers={"content-type": "text/turtle", **AUTH}).raise_for_status()
    before = _get(base).text
    bad = b"@prefix ex: <http://example.org/> .\nex:a ex:p ex:z .\nex:a ex:p \"unclosed .\n"
    r = httpx.put(f"{base}/store", params={"graph": G}, content=bad,
                  headers={"content-type": "text/turtle", "accept": "application/json", **AUTH})
    assert r.status_code == 400
    body = r.json()
    assert body["line"] == 3 and body["column"] is not None
    assert "nothing was written" in body["message"]
    assert _get(base).text == before


def test_non_utf8_rdf_is_refused_and_writes_nothing(base: str) -> None:
    r = httpx.post(f"{base}/store", params={"graph": "http://example.org/latin1"},
                   content='<http://e/a> <http://e/p> "café" .'.encode("latin-1"),
                   headers={"content-type": "application/n-triples", **AUTH})
    assert r.status_code == 400 and "UTF-8" in r.text
    assert _get(base, "http://example.org/latin1").status_code == 404


def test_charset_other_than_utf8_is_415(base: str) -> None:
    r = httpx.put(f"{base}/store", params={"graph": G}, content=TTL,
                  headers={"content-type": "text/turtle; charset=iso-8859-1", **AUTH})
    assert r.status_code == 415


@pytest.mark.parametrize("media_type", ["application/pdf", "", "application/n-quads"])
def test_wrong_media_type_is_415(base: str, media_type: str) -> None:
    headers = {**AUTH, **({"content-type": media_type} if media_type else {})}
    r = httpx.put(f"{base}/store", params={"graph": G}, content=TTL, headers=headers)
    assert r.status_code == 415, r.text


def test_writes_need_the_token(base: str) -> None:
    for headers in ({}, {"authorization": "Bearer wrong"}, {"authorization": f"Basic {TOKEN}"}):
        r = httpx.put(f"{base}/store", params={"graph": "http://example.org/noauth"},
                      content=TTL, headers={"content-type": "text/turtle", **headers})
        assert r.status_code == 401
        assert TOKEN not in r.text
        assert r.headers["www-authenticate"].startswith("Bearer")
    assert _get(base, "http://example.org/noauth").status_code == 404


def test_relative_graph_iri_is_400(base: str) -> None:
    r = httpx.get(f"{base}/store", params={"graph": "not an iri"})
    assert r.status_code == 400


def test_whole_store_get_is_a_dataset(base: str) -> None:
    httpx.put(f"{base}/store", params={"graph": G}, content=TTL,
              headers={"content-type": "text/turtle", **AUTH}).raise_for_status()
    r = httpx.get(f"{base}/store", headers={"accept": "application/n-quads"})
    assert r.status_code == 200
    assert f"<{G}> ." in r.text


def test_gsp_writes_are_off_without_a_token(tmp_path: Path) -> None:
    with running_service(tmp_path) as url:
        r = httpx.put(f"{url}/store", params={"graph": G}, content=TTL,
                      headers={"content-type": "text/turtle", **AUTH})
        assert r.status_code == 403
        assert "read-only" in r.text


def test_json_ld_with_a_remote_context_is_refused_not_fetched(base: str) -> None:
    doc = b'{"@context": "http://127.0.0.1:18199/ctx.jsonld", "@id": "http://e/a", "name": "x"}'
    r = httpx.put(f"{base}/store", params={"graph": "http://example.org/jsonld"}, content=doc,
                  headers={"content-type": "application/ld+json", **AUTH})
    assert r.status_code == 400 and "remote context" in r.text
    ok = b'{"@context": {"name": "http://schema.org/name"}, "@id": "http://e/a", "name": "x"}'
    r = httpx.put(f"{base}/store", params={"graph": "http://example.org/jsonld"}, content=ok,
                  headers={"content-type": "application/ld+json", **AUTH})
    assert r.status_code == 201
    assert "http://schema.org/name" in _get(base, "http://example.org/jsonld").text
