"""The ontology file as a published vocabulary: it parses, its header says what it is, and every
akg: term carries the annotations a reader (and pyLODE, OOPS!, ROBOT report) expects.

These tests are the executable form of research/ontology-anchors.md §3.4 and of docs/model.md:
every akg: term the contract (or the reference data) uses must be declared here.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from graph.model import AKG, ONTOLOGY_IRI, SCHEMA

ROOT = Path(__file__).resolve().parents[1]
ONTOLOGY_FILE = ROOT / "ontology" / "aseankg.ttl"
REFERENCE_DIR = ROOT / "ontology" / "reference"
MODEL_DOC = ROOT / "docs" / "model.md"

DCTERMS_LICENSE = URIRef("http://purl.org/dc/terms/license")
DCTERMS_TITLE = URIRef("http://purl.org/dc/terms/title")
DCTERMS_DESCRIPTION = URIRef("http://purl.org/dc/terms/description")
DCTERMS_CREATED = URIRef("http://purl.org/dc/terms/created")
DCTERMS_MODIFIED = URIRef("http://purl.org/dc/terms/modified")
VANN = "http://purl.org/vocab/vann/"
CC_BY = URIRef("https://creativecommons.org/licenses/by/4.0/")

TERM_TYPES = {OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.NamedIndividual}
PROPERTY_TYPES = {OWL.ObjectProperty, OWL.DatatypeProperty}

# Contestable single-valued properties: the `conflicts` named query finds subjects to which two
# graphs give different values of exactly these (docs/model.md, "Plans, frameworks …").
FUNCTIONAL = [
    AKG.plannedEnd, AKG.periodStart, AKG.periodEnd, AKG.adoptedOn, AKG.horizon,
    SCHEMA.startDate, SCHEMA.endDate,
]


@pytest.fixture(scope="module")
def onto() -> Graph:
    return Graph().parse(ONTOLOGY_FILE, format="turtle")


@pytest.fixture(scope="module")
def akg_terms(onto: Graph) -> list[URIRef]:
    """Every akg: IRI the ontology says anything about."""
    return sorted({s for s in onto.subjects() if isinstance(s, URIRef) and s.startswith(str(AKG))})


def _langs(graph: Graph, subject: URIRef, predicate: URIRef) -> list[str | None]:
    return [o.language for o in graph.objects(subject, predicate) if isinstance(o, Literal)]


def test_ontology_parses_and_declares_itself(onto: Graph) -> None:
    assert (ONTOLOGY_IRI, RDF.type, OWL.Ontology) in onto
    assert len(onto) > 500


def test_header_has_version_licence_prefix_and_bilingual_title(onto: Graph) -> None:
    o = ONTOLOGY_IRI
    assert onto.value(o, OWL.versionIRI) == URIRef("https://w3id.org/aseankg/def/0.1.0")
    assert str(onto.value(o, OWL.versionInfo)) == "0.1.0"
    assert onto.value(o, DCTERMS_LICENSE) == CC_BY
    assert str(onto.value(o, URIRef(VANN + "preferredNamespacePrefix"))) == "akg"
    assert str(onto.value(o, URIRef(VANN + "preferredNamespaceUri"))) == str(AKG)
    assert sorted(_langs(onto, o, DCTERMS_TITLE)) == ["en", "vi"]
    assert "en" in _langs(onto, o, DCTERMS_DESCRIPTION)
    assert onto.value(o, DCTERMS_CREATED) is not None
    assert onto.value(o, DCTERMS_MODIFIED) is not None


def test_every_term_has_an_explicit_owl_type(onto: Graph, akg_terms: list[URIRef]) -> None:
    untyped = [t for t in akg_terms if not TERM_TYPES & set(onto.objects(t, RDF.type))]
    assert untyped == []


def test_every_term_has_exactly_one_label_in_english_and_in_vietnamese(
    onto: Graph, akg_terms: list[URIRef]
) -> None:
    bad = {t: sorted(map(str, _langs(onto, t, RDFS.label))) for t in akg_terms
           if sorted(map(str, _langs(onto, t, RDFS.label))) != ["en", "vi"]}
    assert bad == {}


def test_no_two_terms_share_a_label_in_one_language(onto: Graph, akg_terms: list[URIRef]) -> None:
    """ROBOT's duplicate_label: a reader picking a term by its label must get one term."""
    seen: dict[tuple[str, str | None], URIRef] = {}
    for term in akg_terms:
        for label in onto.objects(term, RDFS.label):
            key = (str(label).casefold(), label.language)
            assert key not in seen, (term, seen.get(key), str(label))
            seen[key] = term


def test_every_term_has_an_english_definition_at_most_one_per_language(
    onto: Graph, akg_terms: list[URIRef]
) -> None:
    for term in akg_terms:
        langs = _langs(onto, term, SKOS.definition)
        assert "en" in langs, term
        assert len(langs) == len(set(langs)), term


def test_labels_and_definitions_are_trimmed_and_definitions_unique(
    onto: Graph, akg_terms: list[URIRef]
) -> None:
    """ROBOT's label_whitespace, annotation_whitespace and duplicate_definition."""
    definitions: dict[str, URIRef] = {}
    for term in akg_terms:
        for prop in (RDFS.label, SKOS.definition):
            for text in map(str, onto.objects(term, prop)):
                assert text == text.strip() and "  " not in text, (term, text)
        for text in map(str, onto.objects(term, SKOS.definition)):
            assert text not in definitions, (term, definitions.get(text))
            definitions[text] = term


def test_every_term_is_defined_by_the_ontology(onto: Graph, akg_terms: list[URIRef]) -> None:
    assert [t for t in akg_terms if onto.value(t, RDFS.isDefinedBy) != ONTOLOGY_IRI] == []


def test_every_property_has_a_domain_and_a_range(onto: Graph, akg_terms: list[URIRef]) -> None:
    for term in akg_terms:
        if not PROPERTY_TYPES & set(onto.objects(term, RDF.type)):
            continue
        has_domain = {RDFS.domain, SCHEMA.domainIncludes} & set(onto.predicates(term))
        has_range = {RDFS.range, SCHEMA.rangeIncludes} & set(onto.predicates(term))
        assert has_domain and has_range, term


def test_no_property_is_both_object_and_datatype_property(
    onto: Graph, akg_terms: list[URIRef]
) -> None:
    both = [t for t in akg_terms if PROPERTY_TYPES <= set(onto.objects(t, RDF.type))]
    assert both == []


def test_a_single_rdfs_domain_per_property_never_an_accidental_intersection(
    onto: Graph, akg_terms: list[URIRef]
) -> None:
    """Two rdfs:domain values mean the intersection (OOPS! P19); unions use domainIncludes."""
    for term in akg_terms:
        assert len(set(onto.objects(term, RDFS.domain))) <= 1, term
        assert len(set(onto.objects(term, RDFS.range))) <= 1, term


@pytest.mark.parametrize("prop", FUNCTIONAL, ids=lambda p: str(p).rsplit("/", 1)[-1])
def test_contestable_single_valued_properties_are_functional(onto: Graph, prop: URIRef) -> None:
    assert (prop, RDF.type, OWL.FunctionalProperty) in onto


def test_value_qualifiers_are_the_five_named_individuals(onto: Graph) -> None:
    individuals = set(onto.subjects(RDF.type, AKG.ValueQualifier))
    assert individuals == {AKG.exact, AKG.approximately, AKG.atLeast, AKG.atMost, AKG.forecast}
    assert all((i, RDF.type, OWL.NamedIndividual) in onto for i in individuals)


def _akg_names_in(text: str) -> set[str]:
    return set(re.findall(r"\bakg:([A-Za-z][A-Za-z0-9]*)", text))


def test_every_akg_term_the_model_contract_uses_is_declared(onto: Graph) -> None:
    used = _akg_names_in(MODEL_DOC.read_text(encoding="utf-8"))
    assert used, "docs/model.md mentions no akg: term: the pattern is wrong"
    declared = {str(t)[len(str(AKG)):] for t in onto.subjects(RDFS.isDefinedBy, ONTOLOGY_IRI)}
    assert sorted(used - declared) == []


def test_every_akg_term_the_reference_data_uses_is_declared(onto: Graph) -> None:
    reference = Graph()
    for path in sorted(REFERENCE_DIR.glob("*.ttl")):
        reference.parse(path, format="turtle")
    used = {t for triple in reference for t in triple
            if isinstance(t, URIRef) and t.startswith(str(AKG))}
    declared = set(onto.subjects(RDFS.isDefinedBy, ONTOLOGY_IRI))
    assert sorted(used - declared) == []


def test_the_model_term_scan_would_notice_an_undeclared_term(onto: Graph) -> None:
    """The contract test above is only worth something if an unknown term is caught."""
    declared = {str(t)[len(str(AKG)):] for t in onto.subjects(RDFS.isDefinedBy, ONTOLOGY_IRI)}
    assert _akg_names_in("x akg:noSuchTermEver y akg:WorkPlan") - declared == {"noSuchTermEver"}
