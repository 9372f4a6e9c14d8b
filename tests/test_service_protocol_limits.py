"""Limits and bad input on the SPARQL endpoint, against the real service on a loopback port.

The service here runs with a 1 s query timeout, a 50-row limit and a 4 kB body limit, and holds
300 triples, so a four-way cartesian product (8·10^9 rows) runs far past its deadline."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator

import httpx
import pytest

from tests.service_server import running_service

TOKEN = "limits-token"
AUTH = {"authorization": f"Bearer {TOKEN}"}
G = "http://example.org/limits"
HEAVY = "SELECT (COUNT(*) AS ?n) { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
JSON = "application/sparql-results+json"


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    args = ["--timeout", "1", "--row-limit", "50", "--body-limit", "4096",
            "--cors-origin", "https://allowed.example", "--allow-host", "sparql.example.org"]
    with running_service(tmp_path_factory.mktemp("limits"), token=TOKEN, args=args) as url:
        for start in range(0, 300, 50):  # in pieces: each body stays under the 4 kB limit
            nt = "".join(f"<http://example.org/s{i}> <http://example.org/p> \"{i}\" .\n"
                         for i in range(start, start + 50))
            r = httpx.post(f"{url}/store", params={"graph": G}, content=nt.encode(),
                           headers={"content-type": "application/n-triples", **AUTH})
            assert r.status_code == 204, r.text
        yield url


def _query(base: str, query: str, accept: str = JSON, **params: str) -> httpx.Response:
    return httpx.get(f"{base}/sparql", params={"query": query, **params},
                     headers={"accept": accept}, timeout=30)


def _runner(base: str) -> dict:
    return httpx.get(f"{base}/health").json()["runner"]


# -- the timeout --------------------------------------------------------------------------------
def test_a_query_past_the_timeout_gets_503_and_its_worker_is_killed(base: str) -> None:
    before = _runner(base)
    r = _query(base, HEAVY)
    assert r.status_code == 503
    assert "longer than 1 s" in r.text and "stopped" in r.text
    after = _runner(base)
    assert after["kills"] == before["kills"] + 1
    gone = set(before["pids"]) - set(after["pids"])
    assert len(gone) == 1, "the worker that ran the query must be replaced"
    with pytest.raises(ProcessLookupError):
        os.kill(gone.pop(), 0)  # the process that did the work no longer exists


def test_the_service_answers_normally_after_a_timeout(base: str) -> None:
    _query(base, HEAVY)
    r = _query(base, "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }")
    assert r.status_code == 200
    assert r.json()["results"]["bindings"][0]["n"]["value"] == "300"


# -- the row limit ------------------------------------------------------------------------------
def test_more_rows_than_the_limit_is_an_explicit_error_not_a_truncated_answer(base: str) -> None:
    r = _query(base, "SELECT ?s { ?s ?p ?o }")
    assert r.status_code == 422
    assert "more than 50 rows" in r.text and "LIMIT" in r.text


def test_within_the_row_limit_every_format_is_complete(base: str) -> None:
    q = "SELECT ?s ?o { ?s ?p ?o } ORDER BY ?s LIMIT 50"
    assert len(_query(base, q).json()["results"]["bindings"]) == 50
    assert len(_query(base, q, "text/csv").text.strip().splitlines()) == 51
    assert len(_query(base, q, "text/tab-separated-values").text.strip().splitlines()) == 51
    assert _query(base, q, "application/sparql-results+xml").text.count("<result>") == 50


def test_construct_over_the_row_limit_is_refused(base: str) -> None:
    r = _query(base, "CONSTRUCT WHERE { ?s ?p ?o }", "text/turtle")
    assert r.status_code == 422


# -- request body limit -------------------------------------------------------------------------
def test_an_oversized_body_is_413(base: str) -> None:
    big = "SELECT * { ?s ?p ?o } #" + "x" * 5000
    r = httpx.post(f"{base}/sparql", content=big.encode(),
                   headers={"content-type": "application/sparql-query"})
    assert r.status_code == 413 and "4096" in r.text


def test_an_oversized_chunked_body_is_413(base: str) -> None:
    def chunks() -> Iterator[bytes]:
        yield b"SELECT * { ?s ?p ?o } #"
        for _ in range(10):
            yield b"x" * 1000
    r = httpx.post(f"{base}/sparql", content=chunks(),
                   headers={"content-type": "application/sparql-query"})
    assert r.status_code == 413


# -- SERVICE and LOAD ---------------------------------------------------------------------------
@pytest.mark.parametrize("target", [
    "http://127.0.0.1:18199/sparql", "http://localhost/sparql", "http://10.0.0.5/sparql",
    "http://192.168.1.1/sparql", "http://[::1]/sparql", "https://other.example.com/sparql",
])
def test_service_to_a_host_off_the_allow_list_is_403(base: str, target: str) -> None:
    r = _query(base, f"SELECT * {{ SERVICE <{target}> {{ ?s ?p ?o }} }}")
    assert r.status_code == 403
    assert "SERVICE" in r.text and "refused" in r.text


def test_service_with_a_variable_or_a_prefixed_name_is_checked(base: str) -> None:
    assert _query(base, "SELECT * { SERVICE ?x { ?s ?p ?o } }").status_code == 403
    q = "PREFIX l: <http://127.0.0.1/> SELECT * { SERVICE SILENT l:sparql { ?s ?p ?o } }"
    assert _query(base, q).status_code == 403


def test_service_words_inside_strings_are_not_targets(base: str) -> None:
    r = _query(base, 'SELECT ?x { BIND("SERVICE <http://127.0.0.1/>" AS ?x) }')
    assert r.status_code == 200


@pytest.mark.parametrize("target", ["file:///etc/passwd", "http://127.0.0.1:1/x.ttl"])
def test_load_from_a_host_off_the_allow_list_is_403_and_writes_nothing(
        base: str, target: str) -> None:
    r = httpx.post(f"{base}/update", content=f"LOAD <{target}> INTO GRAPH <{G}x>".encode(),
                   headers={"content-type": "application/sparql-update", **AUTH})
    assert r.status_code == 403 and "LOAD" in r.text


# -- updates: off by default, token rule --------------------------------------------------------
def test_update_needs_the_token(base: str) -> None:
    body = b"INSERT DATA { GRAPH <http://example.org/u> { <http://e/a> <http://e/b> 1 } }"
    for headers in ({}, {"authorization": "Bearer nope"}):
        r = httpx.post(f"{base}/update", content=body,
                       headers={"content-type": "application/sparql-update", **headers})
        assert r.status_code == 401 and TOKEN not in r.text
    r = httpx.post(f"{base}/sparql", data={"update": body.decode()}, headers={})
    assert r.status_code == 401
    assert _query(base, "ASK { GRAPH <http://example.org/u> { ?s ?p ?o } }").json()[
        "boolean"] is False


def test_update_syntax_error_is_400_with_position_and_writes_nothing(base: str) -> None:
    body = ("INSERT DATA { GRAPH <http://example.org/u2> { <http://e/a> <http://e/b> 1 } } ;\n"
            "INSERT DATA { GRAPH <http://example.org/u2> { <http://e/a> <http://e/b> } }")
    r = httpx.post(f"{base}/update", content=body.encode(), headers={
        "content-type": "application/sparql-update", "accept": "application/json", **AUTH})
    assert r.status_code == 400
    assert r.json()["line"] == 2
    assert _query(base, "ASK { GRAPH <http://example.org/u2> { ?s ?p ?o } }").json()[
        "boolean"] is False


def test_updates_are_off_without_a_token(tmp_path) -> None:  # type: ignore[no-untyped-def]
    with running_service(tmp_path) as url:
        r = httpx.post(f"{url}/update", content=b"CLEAR ALL",
                       headers={"content-type": "application/sparql-update", **AUTH})
        assert r.status_code == 403 and "read-only" in r.text
        sd = httpx.get(f"{url}/sparql").text
        assert "SPARQL11Update" not in sd


# -- bad input on /sparql -----------------------------------------------------------------------
def test_syntax_error_is_400_with_line_and_column(base: str) -> None:
    r = _query(base, "SELECT * WHERE {\n  ?s ?p \n}", "application/json")
    assert r.status_code == 400
    body = r.json()
    assert body["line"] == 3 and body["column"] >= 1 and "syntax" in body["message"]
    plain = _query(base, "SELECT * WHERE {\n  ?s ?p \n}", "text/csv")
    assert plain.text.startswith("400 Bad Request: line 3, column")


def test_non_utf8_query_is_400(base: str) -> None:
    r = httpx.post(f"{base}/sparql", content='SELECT * { ?s ?p "é" }'.encode("latin-1"),
                   headers={"content-type": "application/sparql-query"})
    assert r.status_code == 400 and "UTF-8" in r.text


def test_non_utf8_form_value_is_400(base: str) -> None:
    r = httpx.post(f"{base}/sparql", content=b"query=ASK%20%7B%7D%E9",
                   headers={"content-type": "application/x-www-form-urlencoded"})
    assert r.status_code == 400


@pytest.mark.parametrize("media_type", ["text/plain", "application/json", "multipart/form-data"])
def test_wrong_media_type_is_415(base: str, media_type: str) -> None:
    r = httpx.post(f"{base}/sparql", content=b"ASK {}", headers={"content-type": media_type})
    assert r.status_code == 415 and "application/sparql-query" in r.text


def test_unacceptable_accept_is_406(base: str) -> None:
    r = _query(base, "ASK {}", "image/png")
    assert r.status_code == 406 and "available" in r.text


def test_an_update_sent_as_a_query_is_400(base: str) -> None:
    assert _query(base, "CLEAR ALL").status_code == 400


# -- negotiation --------------------------------------------------------------------------------
@pytest.mark.parametrize(("accept", "media_type"), [
    (None, JSON),
    ("text/csv;q=0.5, application/sparql-results+xml", "application/sparql-results+xml"),
    ("text/tab-separated-values", "text/tab-separated-values"),
    ("application/json", JSON),
    ("*/*;q=0.1, text/csv", "text/csv"),
])
def test_select_result_format_by_accept(base: str, accept: str | None, media_type: str) -> None:
    headers = {"accept": accept} if accept else {}
    r = httpx.get(f"{base}/sparql", params={"query": "SELECT ?s { ?s ?p ?o } LIMIT 1"},
                  headers=headers)
    assert r.status_code == 200
    assert r.headers["content-type"].split(";")[0] == media_type


@pytest.mark.parametrize(("fmt", "media_type"), [
    ("ttl", "text/turtle"), ("nt", "application/n-triples"), ("nq", "application/n-quads"),
    ("trig", "application/trig"), ("jsonld", "application/ld+json"),
    ("rdfxml", "application/rdf+xml"),
])
def test_construct_formats_by_format_parameter(base: str, fmt: str, media_type: str) -> None:
    r = _query(base, "CONSTRUCT WHERE { ?s ?p ?o } LIMIT 3", "text/csv", format=fmt)
    assert r.status_code == 200
    assert r.headers["content-type"].split(";")[0] == media_type
    assert "example.org/s" in r.text


def test_format_parameter_for_results(base: str) -> None:
    r = _query(base, "SELECT ?s { ?s ?p ?o } LIMIT 2", "application/json", format="csv")
    assert r.headers["content-type"].startswith("text/csv")
    assert _query(base, "ASK {}", format="png").status_code == 400


def test_default_graph_is_the_union_and_dataset_parameters_narrow_it(base: str) -> None:
    assert _query(base, "ASK { <http://example.org/s1> ?p ?o }").json()["boolean"] is True
    r = _query(base, "ASK { <http://example.org/s1> ?p ?o }",
               **{"default-graph-uri": "http://example.org/none"})
    assert r.json()["boolean"] is False


# -- service description, health, CORS ----------------------------------------------------------
def test_service_description_on_get_without_query(base: str) -> None:
    r = httpx.get(f"{base}/sparql", headers={"accept": "text/turtle"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/turtle")
    assert "sd:Service" in r.text and "sd:UnionDefaultGraph" in r.text
    assert "SPARQL11Update" in r.text  # this instance has a token
    jsonld = httpx.get(f"{base}/sparql", params={"format": "jsonld"})
    assert "sparql-service-description" in jsonld.text


def test_health_is_json(base: str) -> None:
    r = httpx.get(f"{base}/health")
    assert r.status_code == 200
    body = json.loads(r.text)
    assert body["status"] == "ok" and body["store"] == "oxigraph"
    assert body["query_timeout_s"] == 1.0 and body["runner"]["workers"] == 2


def test_cors_only_for_configured_origins(base: str) -> None:
    ok = httpx.get(f"{base}/sparql", params={"query": "ASK {}"},
                   headers={"origin": "https://allowed.example"})
    assert ok.headers.get("access-control-allow-origin") == "https://allowed.example"
    other = httpx.get(f"{base}/sparql", params={"query": "ASK {}"},
                      headers={"origin": "https://evil.example"})
    assert "access-control-allow-origin" not in other.headers
    pre = httpx.options(f"{base}/sparql", headers={
        "origin": "https://allowed.example", "access-control-request-method": "POST",
        "access-control-request-headers": "content-type"})
    assert pre.status_code == 200


def test_no_cors_headers_when_not_configured(tmp_path) -> None:  # type: ignore[no-untyped-def]
    with running_service(tmp_path) as url:
        r = httpx.get(f"{url}/sparql", params={"query": "ASK {}"},
                      headers={"origin": "https://allowed.example"})
        assert r.status_code == 200
        assert "access-control-allow-origin" not in r.headers


# -- IRIs spliced into SPARQL cannot inject ------------------------------------------------------
def test_iri_parameters_that_could_close_the_iri_are_400(base: str) -> None:
    evil = "http://e/x> } } ; DROP ALL ; INSERT DATA { GRAPH <http://e/y"
    r = httpx.post(f"{base}/update", params={"using-graph-uri": evil},
                   content=b"INSERT { GRAPH <http://e/z> { ?s ?p ?o } } WHERE { ?s ?p ?o }",
                   headers={"content-type": "application/sparql-update", **AUTH})
    assert r.status_code == 400 and "absolute IRI" in r.text
    assert httpx.get(f"{base}/store", params={"graph": evil}).status_code == 400
    assert _query(base, "ASK {}", **{"default-graph-uri": evil}).status_code == 400
    assert _query(base, "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }").json()[
        "results"]["bindings"][0]["n"]["value"] == "300"


# -- updates with a WHERE run a killable trial first ---------------------------------------------
def test_a_runaway_update_is_stopped_at_the_timeout_and_writes_nothing(base: str) -> None:
    runaway = ("INSERT { GRAPH <http://example.org/runaway> { ?a ?b ?c } } WHERE { GRAPH ?g { "
               "?a ?b ?c . ?d ?e ?f . ?x ?y ?z . ?j ?k ?l } }")
    r = httpx.post(f"{base}/update", content=runaway.encode(), timeout=30,
                   headers={"content-type": "application/sparql-update", **AUTH})
    assert r.status_code == 503
    assert "stopped" in r.text and "nothing was written" in r.text
    ask = "ASK { GRAPH <http://example.org/runaway> { ?s ?p ?o } }"
    assert _query(base, ask).json()["boolean"] is False


def test_an_update_with_where_that_finishes_in_time_is_applied_once(base: str) -> None:
    update = ("INSERT { GRAPH <http://example.org/copy> { ?s <http://example.org/q> ?o } } "
              "WHERE { GRAPH <" + G + "> { ?s <http://example.org/p> ?o } }")
    r = httpx.post(f"{base}/update", content=update.encode(),
                   headers={"content-type": "application/sparql-update", **AUTH})
    assert r.status_code == 204, r.text
    count = ("SELECT (COUNT(*) AS ?n) { GRAPH <http://example.org/copy> { ?s ?p ?o } }")
    assert _query(base, count).json()["results"]["bindings"][0]["n"]["value"] == "300"
    httpx.post(f"{base}/update", content=b"DROP GRAPH <http://example.org/copy>",
               headers={"content-type": "application/sparql-update", **AUTH}).raise_for_status()
