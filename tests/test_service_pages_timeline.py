"""The meetings timeline (the real ``queries/meetings.rq``, presented by year) and every real named
query served as HTML, JSON and CSV by the pages."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from starlette.testclient import TestClient

from graph.queries import load_queries
from tests.browser.support import BASE, TOKEN, make_app, seeded_store


@pytest.fixture(scope="module")
def client() -> Iterator[TestClient]:
    with TestClient(make_app(seeded_store(), token=TOKEN)) as c:
        yield c


def test_timeline_orders_meetings_by_date_marks_inferred_and_lists_undated(
        client: TestClient) -> None:
    data = client.get("/meetings?format=json").json()
    assert [y["year"] for y in data["years"]] == ["2021", "undated"]
    [dated] = data["years"][0]["meetings"]
    assert dated["meeting"]["href"] == "/id/meeting/iai-tf/63"
    assert dated["start"] == "2021-03-25" and dated["inferred"] is True
    assert dated["label_vi"] == "Cuộc họp Nhóm Đặc trách IAI lần thứ 63"
    assert dated["series"]["label"] == "IAI Task Force Meeting"
    assert dated["chair_country"]["label"] == "Vietnam"
    assert [s["iri"] for s in dated["sources"]] == [BASE + "id/source/001_7fbc07315b12997b"]
    [undated] = data["years"][1]["meetings"]
    assert undated["meeting"]["href"] == "/id/meeting/iai-tf/62" and undated["start"] == ""
    html = client.get("/meetings", headers={"Accept": "text/html"}).text
    assert '<h2>2021</h2>' in html and 'title="date inferred"' in html
    assert html.index("lần thứ 63") < html.index("lần thứ 62")


def test_timeline_filters_and_rejects_bad_dates(client: TestClient) -> None:
    assert client.get("/meetings?from=2022&format=json").json()["count"] == 0
    r = client.get("/meetings?from=March&format=json")
    assert r.status_code == 400 and "'from'" in r.json()["message"]


@pytest.mark.parametrize("name", sorted(load_queries()))
def test_every_named_query_is_served_in_three_forms(client: TestClient, name: str) -> None:
    required = [p.name for p in load_queries()[name].params if p.required]
    html = client.get(f"/queries/{name}", headers={"Accept": "text/html"})
    js = client.get(f"/queries/{name}.json")
    csv = client.get(f"/queries/{name}.csv")
    if required:  # without its required parameter a query is refused, naming it
        assert html.status_code == js.status_code == 400
        assert required[0] in js.json()["message"]
        return
    assert html.status_code == js.status_code == csv.status_code == 200
    assert "<table class=\"results\">" in html.text or "Answer:" in html.text
    columns = js.json()["columns"]
    assert csv.text.splitlines()[0] == ",".join(columns)
