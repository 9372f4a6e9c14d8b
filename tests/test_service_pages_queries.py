"""Pages: the named-query catalogue and runner (HTML table with a parameter form, .json, .csv,
clear 404 and 400), the SPARQL query page with and without YASGUI, home, search, static files."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path

import pytest
from starlette.testclient import TestClient

import graph.queries
import graph.service.pages as pages
from tests.browser.support import BASE, TOKEN, make_app, seeded_store

LABELS_RQ = """# title: Labels of things
# description: Every entity with its label in one language.
# param: lang — language tag of the label (vi)
# param: thing:entity — one entity, by IRI or label (none)
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?thing ?label WHERE {
  VALUES ?param_lang { UNDEF }
  VALUES ?param_thing { UNDEF }
  ?thing rdfs:label ?label .
  FILTER(LANG(?label) = ?param_lang)
  FILTER(!BOUND(?param_thing) || ?thing = ?param_thing)
} ORDER BY ?thing
"""
PHASES_RQ = """# title: Work plans by phase
# description: Work plans from a given phase on.
# param: min:integer — lowest phase (1)
PREFIX akg: <https://w3id.org/aseankg/def#>
SELECT ?plan ?phase WHERE {
  VALUES ?param_min { UNDEF }
  ?plan akg:phase ?phase .
  FILTER(?phase >= ?param_min)
}
"""


@pytest.fixture()
def client(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[TestClient]:
    (tmp_path / "labels.rq").write_text(LABELS_RQ, encoding="utf-8")
    (tmp_path / "phases.rq").write_text(PHASES_RQ, encoding="utf-8")
    monkeypatch.setattr(graph.queries, "QUERIES_DIR", tmp_path)
    with TestClient(make_app(seeded_store(), token=TOKEN)) as c:
        yield c


def test_catalogue_lists_title_description_params(client: TestClient) -> None:
    r = client.get("/queries", headers={"Accept": "text/html"})
    assert r.status_code == 200
    assert "Labels of things" in r.text and "Every entity with its label" in r.text
    assert '<a href="/queries/labels">' in r.text and "/queries/phases.csv" in r.text
    assert "language tag of the label" in r.text
    data = client.get("/queries.json").json()
    assert [q["name"] for q in data["queries"]] == ["labels", "phases"]
    labels = data["queries"][0]
    assert [p["name"] for p in labels["params"]] == ["lang", "thing"]
    assert labels["params"][0]["default"] == "vi"
    assert client.get("/queries?format=json").json()["queries"][1]["title"] == \
        "Work plans by phase"


def test_run_as_html_table_with_a_form_for_the_params(client: TestClient) -> None:
    r = client.get("/queries/labels", headers={"Accept": "text/html"})
    assert r.status_code == 200
    assert '<input name="lang"' in r.text and '<input name="thing"' in r.text
    assert "<th>thing</th>" in r.text and "<th>label</th>" in r.text
    assert '<span class="lit">Việt Nam</span>' in r.text
    assert '<span class="lit">Vietnam</span>' not in r.text
    # IRIs in results link to entity pages, shown by label (Accept-Language picks which)
    assert '<a href="/id/country/vn" title="https://w3id.org/aseankg/id/country/vn">Vietnam</a>' \
        in r.text
    vi = client.get("/queries/labels", headers={"Accept": "text/html",
                                                 "Accept-Language": "vi"})
    assert 'title="https://w3id.org/aseankg/id/country/vn">Việt Nam</a>' in vi.text
    en = client.get("/queries/labels?lang=en", headers={"Accept": "text/html"})
    assert '<span class="lit">Vietnam</span>' in en.text and 'value="en"' in en.text


def test_entity_parameter_by_label(client: TestClient) -> None:
    data = client.get("/queries/labels.json?lang=en&thing=Vietnam").json()
    assert data["rows"] == [{"thing": BASE + "id/country/vn", "label": "Vietnam"}]


def test_json_and_csv_variants(client: TestClient) -> None:
    data = client.get("/queries/labels.json?lang=vi").json()
    assert data["columns"] == ["thing", "label"]
    assert {"thing": BASE + "id/country/vn", "label": "Việt Nam"} in data["rows"]
    assert data["params"] == {"lang": "vi"}
    r = client.get("/queries/labels.csv?lang=vi")
    assert r.headers["content-type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(r.text)))
    assert rows[0] == ["thing", "label"]
    assert [BASE + "id/country/vn", "Việt Nam"] in rows
    assert len(rows) == len(data["rows"]) + 1


def test_unknown_query_is_404_listing_the_available_ones(client: TestClient) -> None:
    r = client.get("/queries/nope", headers={"Accept": "text/html"})
    assert r.status_code == 404
    assert "labels" in r.text and "phases" in r.text and 'href="/queries/labels"' in r.text
    r = client.get("/queries/nope.json")
    assert r.status_code == 404
    assert [a["name"] for a in r.json()["available"]] == ["labels", "phases"]
    assert client.get("/queries/labels.xlsx").status_code == 404


def test_bad_parameter_is_400_naming_it(client: TestClient) -> None:
    r = client.get("/queries/phases.json?min=lots")
    assert r.status_code == 400 and "'min'" in r.json()["message"]
    r = client.get("/queries/phases?colour=red", headers={"Accept": "text/html"})
    assert r.status_code == 400 and "colour" in r.text and "min" in r.text
    r = client.get("/queries/labels.csv?thing=<javascript:x>")
    assert r.status_code == 400 and "thing" in r.json()["message"]


def test_integer_parameter_binds(client: TestClient) -> None:
    assert len(client.get("/queries/phases.json?min=3").json()["rows"]) == 1
    assert client.get("/queries/phases.json?min=4").json()["rows"] == []


def test_query_results_escape_markup(client: TestClient) -> None:
    r = client.get("/queries/labels?lang=en", headers={"Accept": "text/html"})
    assert "<script>window.__pwned" not in r.text
    assert "&lt;script&gt;window.__pwned" in r.text
    assert "content-security-policy" in r.headers


def test_query_page_uses_yasgui_when_installed(client: TestClient, tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    js, css = tmp_path / "yasgui.min.js", tmp_path / "yasgui.min.css"
    js.write_text("//", encoding="utf-8")
    css.write_text("/**/", encoding="utf-8")
    monkeypatch.setattr(pages, "YASGUI_JS", js)
    monkeypatch.setattr(pages, "YASGUI_CSS", css)
    r = client.get("/query")
    assert '<script src="/static/vendor/yasgui/yasgui.min.js">' in r.text
    assert '<div id="yasgui">' in r.text
    assert 'data-name="labels"' in r.text  # named queries as examples
    assert '<form id="plain-form" class="plain" method="get" action="/query" hidden>' in r.text


def test_query_page_falls_back_to_a_plain_form(client: TestClient, tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pages, "YASGUI_JS", tmp_path / "missing.js")
    r = client.get("/query")
    assert r.status_code == 200 and "yasgui.min.js" not in r.text
    assert "make assets" in r.text
    assert '<textarea id="plain-query" name="query"' in r.text
    q = ("PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> "
         "SELECT ?l WHERE { <https://w3id.org/aseankg/id/country/vn> rdfs:label ?l } ORDER BY ?l")
    r = client.get("/query", params={"query": q})
    assert r.status_code == 200 and "2 row(s)" in r.text and "Việt Nam" in r.text
    r = client.get("/query", params={"query": "SELECT WHERE {"})
    assert r.status_code == 400 and "syntax error" in r.text


def test_home_and_search(client: TestClient) -> None:
    r = client.get("/")
    assert r.status_code == 200 and 'action="/search"' in r.text
    home = client.get("/?format=json").json()
    assert home["sources"] == 2 and home["triples"] > 0
    hits = client.get("/search?q=viet nam&format=json").json()["hits"]
    assert [h["entity"]["iri"] for h in hits] == [BASE + "id/country/vn"]
    r = client.get("/search?q=<script>")
    assert "<script>" not in r.text.split("<main>", 1)[1]


def test_static_assets_and_no_traversal(client: TestClient) -> None:
    r = client.get("/static/aseankg.css")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/css")
    assert client.get("/static/../pages.py").status_code == 404
    assert client.get("/static/%2e%2e/pages.py").status_code == 404
