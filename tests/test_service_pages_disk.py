"""The pages over the embedded on-disk store, where every page query runs in the killable worker
processes over store snapshots: entity pages, named queries and search answer as in memory, and a
record inserted through POST /validate is visible on the next page (reads follow writes)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from graph.stores.oxigraph import OxigraphStore
from tests.browser.support import SEED, TOKEN, make_app, seeded_store

PERSON = """@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix foaf: <http://xmlns.com/foaf/0.1/> .
@prefix schema: <https://schema.org/> .
<https://w3id.org/aseankg/id/person/tran-thi-b> a foaf:Person , schema:Person ;
  foaf:name "Trần Thị B" ; rdfs:label "Trần Thị B"@vi , "Tran Thi B"@en .
""".encode()


@pytest.fixture()
def client(tmp_path: Path) -> Iterator[TestClient]:
    store = OxigraphStore(tmp_path / "store")
    store.load(SEED.read_bytes(), "application/trig")
    try:
        with TestClient(make_app(store, token=TOKEN, workers=1)) as c:
            assert c.app.state.runner.describe()["kind"] == "ProcessRunner"
            yield c
    finally:
        store.close()


def test_entity_page_through_worker_processes(client: TestClient) -> None:
    data = client.get("/doc/workplan/iai-3?format=json").json()
    assert data["labels"]["vi"] == ["Kế hoạch công tác IAI III"]
    assert [c["property"]["iri"] for c in data["conflicts"]] == [
        "https://w3id.org/aseankg/def#plannedEnd"]
    [src] = [s for s in data["sources"] if s["facts"]]
    assert src["facts"][0]["quote"].startswith("Hiện 127 dự án")
    assert client.get("/meetings?format=json").json()["count"] == 2
    hits = client.get("/search?q=viet nam&format=json").json()["hits"]
    assert [h["entity"]["path"] for h in hits] == ["country/vn"]


def test_inserted_record_is_visible_on_the_next_page(client: TestClient) -> None:
    assert client.get("/id/person/tran-thi-b", follow_redirects=False).status_code == 404
    r = client.post("/validate?insert=true", content=PERSON,
                    headers={"Content-Type": "text/turtle", "Authorization": f"Bearer {TOKEN}"})
    assert r.status_code == 201
    page = client.get("/doc/person/tran-thi-b?format=json").json()
    assert page["labels"]["vi"] == ["Trần Thị B"]
    assert page["sources"][0]["graph"]["iri"] == r.json()["inserted"]


def test_visitor_query_on_the_fallback_form_uses_the_runner(client: TestClient) -> None:
    q = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
    before = client.app.state.runner.describe()["queries"]
    r = client.get("/query", params={"query": q, "format": "json"})
    assert r.status_code == 200
    assert r.json()["result"]["rows"][0][0]["value"] == str(seeded_store().count())
    assert client.app.state.runner.describe()["queries"] == before + 1


def test_a_runaway_visitor_query_is_stopped_with_503(tmp_path: Path) -> None:
    store = OxigraphStore(tmp_path / "store")
    store.load(SEED.read_bytes(), "application/trig")
    heavy = ("SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . "
             "?m ?n2 ?o . ?p ?q ?r }")
    try:
        with TestClient(make_app(store, timeout=1.0, workers=1)) as c:
            r = c.get("/query", params={"query": heavy}, headers={"Accept": "text/html"})
            assert r.status_code == 503 and "ran out of time" in r.text
            assert c.app.state.runner.describe()["timeouts"] == 1
            # the service keeps answering after the worker was killed
            assert c.get("/doc/country/vn?format=json").json()["title"] == "Vietnam"
    finally:
        store.close()
