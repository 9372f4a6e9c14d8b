"""The ontology at /def (pyLODE HTML, Turtle), the gzip N-Quads dump at /dump, and VoID."""

from __future__ import annotations

import gzip
from collections.abc import Iterator

import pytest
from rdflib import Dataset, Graph, Literal, Namespace, URIRef
from rdflib.namespace import OWL, RDF, VOID, XSD
from starlette.testclient import TestClient

from graph.service.ontology_docs import ONTOLOGY_FILE
from tests.browser.support import BASE, TOKEN, make_app, seeded_store

SD = Namespace("http://www.w3.org/ns/sparql-service-description#")


@pytest.fixture(scope="module")
def client() -> Iterator[TestClient]:
    with TestClient(make_app(seeded_store(), token=TOKEN)) as c:
        yield c


def test_def_turtle_is_the_ontology(client: TestClient) -> None:
    r = client.get("/def", headers={"Accept": "text/turtle"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/turtle")
    g = Graph().parse(data=r.text, format="turtle")
    assert (URIRef("https://w3id.org/aseankg/def"), RDF.type, OWL.Ontology) in g
    assert r.text == ONTOLOGY_FILE.read_text(encoding="utf-8")  # the source, comments kept
    assert client.get("/def.ttl").text == r.text


def test_def_other_rdf_formats(client: TestClient) -> None:
    r = client.get("/def?format=jsonld")
    assert r.headers["content-type"].startswith("application/ld+json")
    g = Graph().parse(data=r.text, format="json-ld")
    assert (URIRef("https://w3id.org/aseankg/def"), RDF.type, OWL.Ontology) in g


def test_def_html_is_pylode_documentation_with_term_anchors(client: TestClient) -> None:
    r = client.get("/def", headers={"Accept": "text/html"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    assert "pyLODE" in r.text
    assert 'id="WorkPlan"' in r.text  # /def#WorkPlan lands on the term
    assert "script-src 'self'" in r.headers["content-security-policy"]


def test_dump_is_gzip_nquads_of_every_graph(client: TestClient) -> None:
    r = client.get("/dump")
    assert r.status_code == 200
    assert r.headers["content-type"] == "application/gzip"
    assert 'filename="aseankg.nq.gz"' in r.headers["content-disposition"]
    body = gzip.decompress(r.content)
    ds = Dataset()
    ds.parse(data=body, format="nquads")
    names = {str(g.identifier) for g in ds.graphs() if len(g)}
    assert {BASE + "graph/reference", BASE + "graph/ontology",
            BASE + "graph/source/001_7fbc07315b12997b",
            BASE + "graph/source/002_945b417c8c65083c"} <= names
    assert len(body.splitlines()) == len(seeded_store().dump("application/n-quads").splitlines())
    assert client.get("/dump/aseankg.nq.gz").content == r.content


@pytest.mark.parametrize("name", ["../pyproject.toml", "..%2Fpyproject.toml", "other.nq.gz",
                                  "%2e%2e%2fetc%2fpasswd"])
def test_dump_serves_only_fixed_names(client: TestClient, name: str) -> None:
    r = client.get(f"/dump/{name}")
    assert r.status_code == 404
    assert b"[project]" not in r.content and b"root:" not in r.content


def test_void_describes_size_graphs_endpoint_dump_vocabularies(client: TestClient) -> None:
    r = client.get("/.well-known/void")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/turtle")
    g = Graph().parse(data=r.text, format="turtle")
    ds = URIRef("http://testserver/.well-known/void#aseankg")
    assert (ds, RDF.type, VOID.Dataset) in g
    total = len(seeded_store().dump("application/n-quads").splitlines())
    assert (ds, VOID.triples, Literal(total, datatype=XSD.integer)) in g
    assert (ds, VOID.sparqlEndpoint, URIRef("http://testserver/sparql")) in g
    assert (ds, VOID.dataDump, URIRef("http://testserver/dump/aseankg.nq.gz")) in g
    assert (ds, VOID.vocabulary, URIRef("https://w3id.org/aseankg/def")) in g
    assert (ds, VOID.uriSpace, Literal(BASE + "id/")) in g
    subsets = {str(g.value(s, SD.name)): int(g.value(s, VOID.triples))
               for s in g.objects(ds, VOID.subset)}
    assert subsets[BASE + "graph/source/002_945b417c8c65083c"] == 5
    assert sum(subsets.values()) == total


def test_void_in_json_ld(client: TestClient) -> None:
    r = client.get("/.well-known/void", headers={"Accept": "application/ld+json"})
    assert r.headers["content-type"].startswith("application/ld+json")
    assert Graph().parse(data=r.text, format="json-ld")
