"""Linked data: /id/… dereferences with 303 to /doc/…, which is content-negotiated; the HTML page
shows labels, types, links, evidence and conflicts; unknown IRIs are 404; data is never markup."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDFS
from starlette.testclient import TestClient

from tests.browser.support import BASE, IAI3, TOKEN, make_app, seeded_store

AKG = "https://w3id.org/aseankg/def#"


@pytest.fixture(scope="module")
def client() -> Iterator[TestClient]:
    with TestClient(make_app(seeded_store(), token=TOKEN)) as c:
        yield c


def test_id_redirects_303_to_doc_keeping_the_query(client: TestClient) -> None:
    r = client.get("/id/workplan/iai-3?format=ttl", follow_redirects=False)
    assert r.status_code == 303
    assert r.headers["location"] == "/doc/workplan/iai-3?format=ttl"


@pytest.mark.parametrize("accept,rdflib_format", [
    ("text/turtle", "turtle"),
    ("application/ld+json", "json-ld"),
    ("application/n-triples", "nt"),
    ("application/rdf+xml", "xml"),
])
def test_doc_negotiates_rdf_with_canonical_iris(client: TestClient, accept: str,
                                                rdflib_format: str) -> None:
    r = client.get("/id/workplan/iai-3", headers={"Accept": accept})
    assert r.status_code == 200
    assert r.headers["content-type"].split(";")[0] == accept
    assert "Accept" in r.headers["vary"]
    g = Graph().parse(data=r.content, format=rdflib_format)
    subject = URIRef(IAI3)
    assert (subject, RDFS.label, Literal("Kế hoạch công tác IAI III", lang="vi")) in g
    assert (subject, URIRef(AKG + "workPlanOf"), URIRef(BASE + "id/initiative/iai")) in g
    # incoming links are part of the description
    assert (URIRef(BASE + "id/figure/0123456789abcdef"), URIRef(AKG + "about"), subject) in g


@pytest.mark.parametrize("fmt,media_type", [
    ("ttl", "text/turtle"), ("jsonld", "application/ld+json"), ("nt", "application/n-triples"),
    ("rdf", "application/rdf+xml"), ("html", "text/html"), ("json", "application/json"),
])
def test_format_parameter_overrides_accept(client: TestClient, fmt: str, media_type: str) -> None:
    r = client.get(f"/doc/workplan/iai-3?format={fmt}", headers={"Accept": "text/html"})
    assert r.status_code == 200
    assert r.headers["content-type"].split(";")[0] == media_type


def test_browser_accept_gets_html_with_both_labels_types_links(client: TestClient) -> None:
    r = client.get("/id/workplan/iai-3", headers={"Accept": "text/html,*/*;q=0.8"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    html = r.text
    assert "Kế hoạch công tác IAI III" in html and "IAI Work Plan III" in html
    assert 'href="/def#WorkPlan"' in html  # the type, linked to the ontology docs
    assert 'href="/id/initiative/iai"' in html  # outgoing link stays on this host
    assert "Initiative for ASEAN Integration" in html  # ... shown by its label
    assert 'href="/id/figure/0123456789abcdef"' in html  # incoming link


def test_facts_grouped_by_source_with_quoted_evidence(client: TestClient) -> None:
    data = client.get("/doc/workplan/iai-3?format=json").json()
    by_graph = {s["graph"]["iri"]: s for s in data["sources"]}
    src1 = by_graph[BASE + "graph/source/001_7fbc07315b12997b"]
    assert src1["title"] == "Cuộc họp Nhóm Đặc trách IAI lần thứ 63"
    assert src1["source"]["href"] == "/id/source/001_7fbc07315b12997b"
    [fact] = src1["facts"]
    assert fact["quote"] == "Hiện 127 dự án đang được triển khai, tổng trị giá gần 31 triệu USD."
    assert fact["position"] == "1325–1416"
    assert [s["value"]["value"] for s in src1["statements"]] == ["2021-07"]
    html = client.get("/doc/workplan/iai-3", headers={"Accept": "text/html"}).text
    assert '<blockquote class="evidence">Hiện 127 dự án' in html


def test_conflicting_values_of_a_functional_property_are_flagged(client: TestClient) -> None:
    data = client.get("/doc/workplan/iai-3?format=json").json()
    [conflict] = data["conflicts"]
    assert conflict["property"]["iri"] == AKG + "plannedEnd"
    values = {o["value"]["value"]: o["graphs"] for o in conflict["objects"]}
    assert values == {"2021-07": [BASE + "graph/source/001_7fbc07315b12997b"],
                      "2021-06": [BASE + "graph/source/002_945b417c8c65083c"]}
    flagged = [p for p in data["properties"] if p["conflict"]]
    assert [p["property"]["iri"] for p in flagged] == [AKG + "plannedEnd"]
    html = client.get("/doc/workplan/iai-3", headers={"Accept": "text/html"}).text
    assert "Sources disagree" in html and 'class="conflict"' in html


def test_no_conflict_flag_without_disagreement(client: TestClient) -> None:
    data = client.get("/doc/country/vn?format=json").json()
    assert data["conflicts"] == []
    assert data["labels"] == {"vi": ["Việt Nam"], "en": ["Vietnam"], "other": []}


def test_unknown_iri_is_404_in_html_json_and_text(client: TestClient) -> None:
    r = client.get("/id/org/no-such-thing", headers={"Accept": "text/html"},
                   follow_redirects=False)
    assert r.status_code == 404 and r.headers["content-type"].startswith("text/html")
    assert "No data about" in r.text and BASE + "id/org/no-such-thing" in r.text
    r = client.get("/doc/org/no-such-thing", headers={"Accept": "application/json"})
    assert r.status_code == 404 and r.json()["message"].startswith("No data about")
    r = client.get("/doc/org/no-such-thing", headers={"Accept": "text/turtle"})
    assert r.status_code == 404 and r.headers["content-type"].startswith("text/plain")


def test_iri_with_sparql_breaking_characters_is_404_not_500(client: TestClient) -> None:
    for path in ["/id/x%3E%20%3Fs%20%3Fp%20%3Fo", "/doc/a%22b", "/id/a%7Bb%7D", "/id/a%5Cb",
                 "/doc/%FF", "/id/%EF%BF%BF", "/id/%00x", "/doc/"]:
        r = client.get(path, headers={"Accept": "text/html"}, follow_redirects=False)
        assert r.status_code == 404, path


def test_unacceptable_media_type_is_406(client: TestClient) -> None:
    r = client.get("/doc/workplan/iai-3", headers={"Accept": "image/png"})
    assert r.status_code == 406
    assert "text/turtle" in r.text


def test_labels_with_markup_are_shown_not_run(client: TestClient) -> None:
    r = client.get("/doc/org/evil", headers={"Accept": "text/html"})
    assert r.status_code == 200
    html = r.text
    assert "<script>window.__pwned" not in html
    assert "&lt;script&gt;window.__pwned = 1&lt;/script&gt;Evil &amp; Co" in html
    assert "<img src=x" not in html and "&lt;img src=x onerror=alert(1)&gt;" in html
    # a javascript: IRI in the data is displayed, never made a link
    assert 'href="javascript:' not in html.lower()
    assert "javascript:alert(2)" in html


def test_html_pages_carry_security_headers(client: TestClient) -> None:
    for path in ["/doc/workplan/iai-3", "/id/org/nothing"]:
        r = client.get(path, headers={"Accept": "text/html"})
        csp = r.headers["content-security-policy"]
        assert "script-src 'self'" in csp and "frame-ancestors 'none'" in csp
        assert "unsafe-inline" not in csp.split("script-src", 1)[1].split(";")[0]
        assert r.headers["x-content-type-options"] == "nosniff"
        assert r.headers["referrer-policy"] == "same-origin"


def test_page_json_twin_has_the_same_facts(client: TestClient) -> None:
    r = client.get("/doc/workplan/iai-3", headers={"Accept": "application/json"})
    assert r.headers["content-type"].startswith("application/json")
    data = json.loads(r.text)
    assert data["iri"] == IAI3
    assert data["title"] == "IAI Work Plan III"
    assert [t["iri"] for t in data["types"]] == [AKG + "WorkPlan"]
    vi = client.get("/doc/workplan/iai-3?format=json&lang=vi").json()
    assert vi["title"] == "Kế hoạch công tác IAI III"


def test_named_graph_dereferences_to_its_content_and_a_page(client: TestClient) -> None:
    path = "/graph/source/002_945b417c8c65083c"
    r = client.get(path, headers={"Accept": "text/turtle"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/turtle")
    g = Graph().parse(data=r.text, format="turtle")
    assert len(g) == 5
    assert (URIRef(IAI3), URIRef(AKG + "plannedEnd"), None) in g
    data = client.get(path + "?format=json").json()
    assert data["triples"] == 5
    assert data["source"]["title"] == "IAI Work Plan III extended"
    assert {s["subject"]["iri"] for s in data["subjects"]} == {
        IAI3, BASE + "graph/source/002_945b417c8c65083c",
        BASE + "id/source/002_945b417c8c65083c"}
    html = client.get(path, headers={"Accept": "text/html"}).text
    assert 'href="/id/workplan/iai-3"' in html and "IAI Work Plan III" in html
    # entity pages link the graphs that state their facts
    entity = client.get("/doc/workplan/iai-3", headers={"Accept": "text/html"}).text
    assert f'href="{path}"' in entity
    assert client.get("/graph/source/nope", headers={"Accept": "text/html"}).status_code == 404


def test_mentions_show_how_each_source_names_the_entity(client: TestClient) -> None:
    data = client.get("/doc/country/vn?format=json").json()
    [src] = [s for s in data["sources"] if s["mentions"]]
    assert src["graph"]["iri"] == BASE + "graph/source/001_7fbc07315b12997b"
    assert [(m["quote"], m["position"]) for m in src["mentions"]] == [("Việt Nam", "10–18")]
    assert src["curated"] is False
    # curated reference data has no source document; names are not repeated per graph
    wp = client.get("/doc/workplan/iai-3?format=json").json()
    [ref] = [s for s in wp["sources"] if s["graph"]["iri"] == BASE + "graph/reference"]
    assert ref["curated"] is True
    assert {st["property"]["curie"] for st in ref["statements"]} == {"akg:phase",
                                                                     "akg:workPlanOf"}
    html = client.get("/doc/country/vn", headers={"Accept": "text/html"}).text
    assert "Named in the text as:" in html and "«Việt Nam»" in html
