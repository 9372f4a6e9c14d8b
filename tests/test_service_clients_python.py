"""Unmodified Python SPARQL clients against ``aseankg serve`` on a loopback port: SPARQLWrapper
(JSON, XML, CSV, CONSTRUCT, ASK, POST) and rdflib's SPARQLStore (returnFormat json)."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from SPARQLWrapper import CSV, JSON, POST, TURTLE, XML, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import QueryBadFormed

from tests.service_server import running_service

TOKEN = "clients-token"
G = "http://example.org/clients"
DATA = """@prefix ex: <http://example.org/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
ex:iai rdfs:label "Initiative for ASEAN Integration"@en , "Sáng kiến Hội nhập ASEAN"@vi ;
    ex:phase 4 .
ex:clmv rdfs:label "CLMV"@en .
"""


@pytest.fixture(scope="module")
def endpoint(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with running_service(tmp_path_factory.mktemp("clients"), token=TOKEN) as base:
        r = httpx.put(f"{base}/store", params={"graph": G}, content=DATA.encode(),
                      headers={"content-type": "text/turtle",
                               "authorization": f"Bearer {TOKEN}"})
        assert r.status_code == 201
        yield f"{base}/sparql"


LABELS = ("PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> "
          "SELECT ?s ?label WHERE { ?s rdfs:label ?label } ORDER BY ?s ?label")


def test_sparqlwrapper_json(endpoint: str) -> None:
    sw = SPARQLWrapper(endpoint)
    sw.setQuery(LABELS)
    sw.setReturnFormat(JSON)
    rows = sw.query().convert()["results"]["bindings"]
    assert [(r["s"]["value"], r["label"]["value"], r["label"].get("xml:lang")) for r in rows] == [
        ("http://example.org/clmv", "CLMV", "en"),
        ("http://example.org/iai", "Initiative for ASEAN Integration", "en"),
        ("http://example.org/iai", "Sáng kiến Hội nhập ASEAN", "vi"),
    ]


def test_sparqlwrapper_xml_csv_and_post(endpoint: str) -> None:
    sw = SPARQLWrapper(endpoint)
    sw.setQuery(LABELS)
    sw.setReturnFormat(XML)
    assert len(sw.query().convert().getElementsByTagName("result")) == 3
    sw.setReturnFormat(CSV)
    assert sw.query().convert().decode("utf-8").splitlines()[0] == "s,label"
    sw.setMethod(POST)
    sw.setReturnFormat(JSON)
    assert len(sw.query().convert()["results"]["bindings"]) == 3


def test_sparqlwrapper_ask_and_construct(endpoint: str) -> None:
    sw = SPARQLWrapper(endpoint)
    sw.setQuery("ASK { <http://example.org/iai> ?p ?o }")
    sw.setReturnFormat(JSON)
    assert sw.query().convert()["boolean"] is True
    sw.setQuery("CONSTRUCT WHERE { <http://example.org/iai> ?p ?o }")
    sw.setReturnFormat(TURTLE)
    g = Graph().parse(data=sw.query().convert(), format="turtle")
    assert len(g) == 3


def test_sparqlwrapper_sees_a_syntax_error_as_bad_formed(endpoint: str) -> None:
    sw = SPARQLWrapper(endpoint)
    sw.setQuery("SELECT * WHERE { ?s ?p }")
    sw.setReturnFormat(JSON)
    with pytest.raises(QueryBadFormed):
        sw.query()


def test_rdflib_sparqlstore_json(endpoint: str) -> None:
    store = SPARQLStore(endpoint, returnFormat="json")
    g = Graph(store=store)
    rows = list(g.query(LABELS))
    assert (URIRef("http://example.org/iai"), Literal("Sáng kiến Hội nhập ASEAN", lang="vi")) \
        in [(r.s, r.label) for r in rows]
    assert len(rows) == 3
    assert (URIRef("http://example.org/iai"), URIRef("http://example.org/phase"),
            Literal(4)) in g
    store.close()
