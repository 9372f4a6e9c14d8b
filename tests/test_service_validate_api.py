"""POST /validate: SHACL reports as JSON (message language chosen by ?lang or Accept-Language) or
Turtle; precise 400/413/415 refusals; ?insert=true stores only conforming records, atomically,
and only with the token; the web form renders the report."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from rdflib import Graph, Literal
from rdflib.namespace import RDF, SH
from starlette.testclient import TestClient

from graph.store import Store
from tests.browser.support import BASE, TOKEN, make_app, seeded_store

GOOD = """@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix foaf: <http://xmlns.com/foaf/0.1/> .
@prefix schema: <https://schema.org/> .
<https://w3id.org/aseankg/id/person/nguyen-van-a> a foaf:Person , schema:Person ;
  foaf:name "Nguyễn Văn A" ; rdfs:label "Nguyễn Văn A"@vi , "Nguyen Van A"@en .
""".encode()
GOOD_NT = (b"<https://w3id.org/aseankg/id/person/nguyen-van-a> "
           b"<http://www.w3.org/1999/02/22-rdf-syntax-ns#type> "
           b"<http://xmlns.com/foaf/0.1/Person> .\n"
           b"<https://w3id.org/aseankg/id/person/nguyen-van-a> "
           b"<http://www.w3.org/2000/01/rdf-schema#label> \"Nguyen Van A\"@en .\n")
BAD = b"""@prefix akg: <https://w3id.org/aseankg/def#> .
<https://w3id.org/aseankg/id/figure/0000000000000001> a akg:ReportedFigure ; akg:value 3 .
"""
BAD_JSONLD = b"""{"@id": "https://w3id.org/aseankg/id/figure/0000000000000001",
 "@type": "https://w3id.org/aseankg/def#ReportedFigure",
 "https://w3id.org/aseankg/def#value": 3}"""
FIGURE = "https://w3id.org/aseankg/id/figure/0000000000000001"
AUTH = {"Authorization": f"Bearer {TOKEN}"}


@pytest.fixture()
def env() -> Iterator[tuple[TestClient, Store]]:
    store = seeded_store()
    with TestClient(make_app(store, token=TOKEN, body_limit=4096)) as c:
        yield c, store


def _records(store: Store) -> list[str]:
    return [g for g in store.graphs() if "/graph/record/" in g]


def test_conforming_record_reports_conforms(env: tuple[TestClient, Store]) -> None:
    client, _ = env
    r = client.post("/validate", content=GOOD, headers={"Content-Type": "text/turtle"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/json")
    assert r.json()["conforms"] is True and r.json()["results"] == []


def test_violations_name_focus_path_value_severity_message(env: tuple[TestClient, Store]) -> None:
    client, _ = env
    r = client.post("/validate", content=BAD, headers={"Content-Type": "text/turtle"})
    report = r.json()
    assert r.status_code == 200 and report["conforms"] is False
    about = [x for x in report["results"] if x["path"] == "akg:about"]
    assert about and about[0]["focusNode"] == FIGURE
    assert about[0]["severity"] == "Violation"
    assert "akg:about" in about[0]["message"]
    assert {"focusNode", "path", "value", "severity", "message"} <= set(about[0])


def test_message_language_from_query_or_accept_language(env: tuple[TestClient, Store]) -> None:
    client, _ = env
    en = client.post("/validate", content=BAD, headers={"Content-Type": "text/turtle"}).json()
    vi = client.post("/validate?lang=vi", content=BAD,
                     headers={"Content-Type": "text/turtle"}).json()
    vi2 = client.post("/validate", content=BAD, headers={
        "Content-Type": "text/turtle", "Accept-Language": "vi-VN,vi;q=0.9,en;q=0.5"}).json()

    def msg(rep: dict) -> str:
        return next(x["message"] for x in rep["results"] if x["path"] == "akg:about")

    assert msg(en).startswith("A reported figure")
    assert msg(vi) != msg(en) and "Số liệu" in msg(vi)
    assert msg(vi2) == msg(vi) and vi2["lang"] == "vi"


@pytest.mark.parametrize("body,ctype", [(BAD_JSONLD, "application/ld+json"),
                                        (GOOD_NT, "application/n-triples")])
def test_jsonld_and_ntriples_bodies(env: tuple[TestClient, Store], body: bytes,
                                    ctype: str) -> None:
    client, _ = env
    r = client.post("/validate", content=body, headers={"Content-Type": ctype})
    assert r.status_code == 200
    assert r.json()["conforms"] is (ctype == "application/n-triples")


def test_turtle_report_by_accept(env: tuple[TestClient, Store]) -> None:
    client, _ = env
    r = client.post("/validate", content=BAD, headers={"Content-Type": "text/turtle",
                                                       "Accept": "text/turtle"})
    assert r.headers["content-type"].startswith("text/turtle")
    g = Graph().parse(data=r.text, format="turtle")
    [report] = list(g.subjects(RDF.type, SH.ValidationReport))
    assert (report, SH.conforms, Literal(False)) in g
    assert len(list(g.objects(report, SH.result))) >= 3


def test_multipart_upload(env: tuple[TestClient, Store]) -> None:
    client, _ = env
    r = client.post("/validate?lang=vi", files={"file": ("record.ttl", BAD,
                                                         "application/octet-stream")})
    assert r.status_code == 200 and r.json()["conforms"] is False
    r = client.post("/validate", files={"file": ("r.nt", GOOD_NT, "application/n-triples")})
    assert r.json()["conforms"] is True


def test_unreadable_turtle_is_400_with_line_and_column(env: tuple[TestClient, Store]) -> None:
    client, _ = env
    body = b"@prefix x: <http://x/> .\nx:a x:b x:c .\nx:a x:b \"unterminated .\n"
    r = client.post("/validate", content=body, headers={"Content-Type": "text/turtle",
                                                        "Accept": "application/json"})
    assert r.status_code == 400
    err = r.json()
    assert err["line"] == 3 and isinstance(err["column"], int)
    r = client.post("/validate", content=body, headers={"Content-Type": "text/turtle"})
    assert r.status_code == 400 and "line 3, column" in r.text


def test_non_utf8_body_is_400_naming_the_position(env: tuple[TestClient, Store]) -> None:
    client, _ = env
    body = "<http://x/a> <http://x/b> \"caf\u00e9\" .\n".encode("latin-1")
    r = client.post("/validate", content=body, headers={"Content-Type": "application/n-triples",
                                                        "Accept": "application/json"})
    assert r.status_code == 400
    assert "UTF-8" in r.json()["message"] and r.json()["line"] == 1


@pytest.mark.parametrize("ctype", ["application/xml", "image/png", "text/html", ""])
def test_unsupported_type_is_415(env: tuple[TestClient, Store], ctype: str) -> None:
    client, _ = env
    headers = {"Content-Type": ctype} if ctype else {}
    r = client.post("/validate", content=b"<x/>", headers=headers)
    assert r.status_code == 415
    assert "text/turtle" in r.text


def test_oversize_body_is_413(env: tuple[TestClient, Store]) -> None:
    client, _ = env
    body = b"# padding\n" * 500 + GOOD  # > body_limit of 4096
    r = client.post("/validate", content=body, headers={"Content-Type": "text/turtle"})
    assert r.status_code == 413 and "4096" in r.text

    def chunks() -> Iterator[bytes]:  # no Content-Length: the limit holds while streaming
        for _ in range(10):
            yield b"# padding padding padding\n" * 40

    r = client.post("/validate", content=chunks(), headers={"Content-Type": "text/turtle"})
    assert r.status_code == 413


def test_insert_needs_the_token(env: tuple[TestClient, Store]) -> None:
    client, store = env
    r = client.post("/validate?insert=true", content=GOOD, headers={"Content-Type": "text/turtle"})
    assert r.status_code == 401 and "Bearer" in r.headers["www-authenticate"]
    r = client.post("/validate?insert=true", content=GOOD,
                    headers={"Content-Type": "text/turtle", "Authorization": "Bearer wrong"})
    assert r.status_code == 401
    assert _records(store) == []


def test_insert_is_refused_when_no_token_is_configured() -> None:
    store = seeded_store()
    with TestClient(make_app(store)) as client:
        r = client.post("/validate?insert=true", content=GOOD,
                        headers={"Content-Type": "text/turtle", **AUTH})
    assert r.status_code == 403
    assert _records(store) == []


def test_insert_stores_a_conforming_record_in_its_content_hash_graph(
        env: tuple[TestClient, Store]) -> None:
    client, store = env
    r = client.post("/validate?insert=true", content=GOOD,
                    headers={"Content-Type": "text/turtle", **AUTH})
    assert r.status_code == 201
    graph = r.json()["inserted"]
    assert graph.startswith(BASE + "graph/record/") and r.headers["location"] == graph
    assert _records(store) == [graph]
    assert store.count(graph) == 5
    # the same triples in another syntax name the same graph; inserting again replaces it
    nt = Graph().parse(data=GOOD, format="turtle").serialize(format="nt").encode()
    r2 = client.post("/validate?insert=true", content=nt,
                     headers={"Content-Type": "application/n-triples", **AUTH})
    assert r2.status_code == 201 and r2.json()["inserted"] == graph
    assert _records(store) == [graph] and store.count(graph) == 5
    # and the new entity dereferences
    assert client.get("/id/person/nguyen-van-a", follow_redirects=False).status_code == 303


def test_insert_of_a_nonconforming_record_writes_nothing(env: tuple[TestClient, Store]) -> None:
    client, store = env
    before = store.count()
    r = client.post("/validate?insert=true", content=BAD,
                    headers={"Content-Type": "text/turtle", **AUTH})
    assert r.status_code == 422
    assert r.json()["conforms"] is False and r.json()["inserted"] is None
    assert store.count() == before and _records(store) == []


def test_bad_insert_flag_is_400(env: tuple[TestClient, Store]) -> None:
    client, _ = env
    r = client.post("/validate?insert=maybe", content=GOOD, headers={"Content-Type": "text/turtle"})
    assert r.status_code == 400 and "insert" in r.text


def test_form_page_and_form_submission_render_a_readable_report(
        env: tuple[TestClient, Store]) -> None:
    client, _ = env
    r = client.get("/validate", headers={"Accept": "text/html"})
    assert r.status_code == 200 and '<textarea id="data" name="data"' in r.text
    assert 'type="file" name="file"' in r.text
    r = client.post("/validate", data={"data": BAD.decode(), "format": "auto", "lang": "vi"},
                    files={"file": ("", b"", "application/octet-stream")},
                    headers={"Accept": "text/html"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    assert "Không hợp lệ" in r.text and "akg:about" in r.text
    assert "Số liệu được báo cáo" in r.text
    assert r.headers["x-content-type-options"] == "nosniff"


def test_form_shows_parse_errors_with_position(env: tuple[TestClient, Store]) -> None:
    client, _ = env
    r = client.post("/validate", data={"data": "<http://x/a> <http://x/b> .", "lang": "en"},
                    files={"file": ("", b"", "application/octet-stream")},
                    headers={"Accept": "text/html"})
    assert r.status_code == 400
    assert "The record cannot be read" in r.text and "line 1" in r.text


def test_report_messages_are_escaped_in_html(env: tuple[TestClient, Store]) -> None:
    client, _ = env
    evil = ("<https://w3id.org/aseankg/id/figure/x> a <https://w3id.org/aseankg/def#ReportedFigure>"
            ' ; <https://w3id.org/aseankg/def#value> "<script>alert(1)</script>" .')
    r = client.post("/validate", data={"data": evil, "lang": "en"},
                    files={"file": ("", b"", "application/octet-stream")},
                    headers={"Accept": "text/html"})
    assert "<script>alert(1)</script>" not in r.text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in r.text


def test_non_utf8_form_field_is_400_not_reinterpreted(env: tuple[TestClient, Store]) -> None:
    client, _ = env
    body = (b'--XX\r\nContent-Disposition: form-data; name="data"\r\n\r\n'
            b'<http://x/a> <http://x/b> "caf\xe9" .\r\n--XX--\r\n')
    r = client.post("/validate", content=body, headers={
        "Content-Type": "multipart/form-data; boundary=XX", "Accept": "application/json"})
    assert r.status_code == 400
    assert "UTF-8" in r.json()["message"] and r.json()["line"] == 1
    assert r.json()["column"] == 31


def test_broken_multipart_is_400(env: tuple[TestClient, Store]) -> None:
    client, _ = env
    r = client.post("/validate", content=b"garbage",
                    headers={"Content-Type": "multipart/form-data; boundary=XX"})
    assert r.status_code == 400 and "form data" in r.text
