"""Namespaces and IRI minting: the one place that knows how aseankg names things.

Loaders, shapes, queries and the service all agree on IRIs through this module, so a key
computed here is the key everywhere (see docs/model.md).
"""

from __future__ import annotations

import hashlib
import os
import re
import unicodedata

from rdflib import Namespace, URIRef
from rdflib.namespace import DCTERMS, FOAF, OWL, PROV, RDF, RDFS, SKOS, XSD

BASE = os.environ.get("ASEANKG_BASE", "https://w3id.org/aseankg/")
AKG = Namespace("https://w3id.org/aseankg/def#")
ONTOLOGY_IRI = URIRef("https://w3id.org/aseankg/def")
ORG = Namespace("http://www.w3.org/ns/org#")
SCHEMA = Namespace("https://schema.org/")
OA = Namespace("http://www.w3.org/ns/oa#")
WD = Namespace("http://www.wikidata.org/entity/")
ID = Namespace(BASE + "id/")
GRAPH = Namespace(BASE + "graph/")

ONTOLOGY_GRAPH = URIRef(BASE + "graph/ontology")
REFERENCE_GRAPH = URIRef(BASE + "graph/reference")

PREFIXES: dict[str, str] = {
    "akg": str(AKG),
    "org": str(ORG),
    "prov": str(PROV),
    "skos": str(SKOS),
    "schema": str(SCHEMA),
    "dcterms": str(DCTERMS),
    "oa": str(OA),
    "foaf": str(FOAF),
    "owl": str(OWL),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "xsd": str(XSD),
    "wd": str(WD),
}

__all__ = [
    "AKG", "BASE", "DCTERMS", "FOAF", "GRAPH", "ID", "OA", "ORG", "OWL", "PREFIXES", "PROV",
    "RDF", "RDFS", "SCHEMA", "SKOS", "WD", "XSD", "ONTOLOGY_GRAPH", "ONTOLOGY_IRI",
    "REFERENCE_GRAPH", "annotation_iri", "content_hash", "fold", "iri", "mention_iri",
    "record_graph", "slug", "source_graph", "source_iri", "sparql_prefixes",
]

_NON_KEY = re.compile(r"[^a-z0-9]+")


def fold(text: str) -> str:
    """ASCII-fold Vietnamese: NFD, drop combining marks, and map đ/Đ by hand (NFD keeps them)."""
    text = text.replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def slug(text: str) -> str:
    """The ASCII key of a label: 'Nguyễn Hải Bằng' -> 'nguyen-hai-bang'."""
    return _NON_KEY.sub("-", fold(text).lower()).strip("-")


def iri(kind: str, *keys: str) -> URIRef:
    """The IRI of a thing: iri('org', 'vn-mofa') -> <BASE/id/org/vn-mofa>."""
    return URIRef(BASE + "id/" + "/".join([kind, *keys]))


def content_hash(*parts: object) -> str:
    """16 hex digits of sha256 over the parts: deterministic keys for n-ary fact nodes."""
    h = hashlib.sha256("\x1f".join(str(p) for p in parts).encode("utf-8"))
    return h.hexdigest()[:16]


def source_iri(doc_id: str) -> URIRef:
    return URIRef(BASE + "id/source/" + doc_id)


def source_graph(doc_id: str) -> URIRef:
    return URIRef(BASE + "graph/source/" + doc_id)


def record_graph(record_id: str) -> URIRef:
    return URIRef(BASE + "graph/record/" + record_id)


def annotation_iri(doc_id: str, start: int, end: int) -> URIRef:
    return URIRef(f"{BASE}id/annotation/{doc_id}/{start}-{end}")


def mention_iri(doc_id: str, start: int, end: int) -> URIRef:
    return URIRef(f"{BASE}id/mention/{doc_id}/{start}-{end}")


def sparql_prefixes() -> str:
    """PREFIX lines for every namespace above, for queries built in code."""
    return "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items())
