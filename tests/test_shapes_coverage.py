"""The shapes are well-formed SHACL, bilingual, and cover everything the graph instantiates.

- the shapes graph conforms to the W3C SHACL-SHACL meta-shapes;
- every constraint-bearing shape has sh:message in English and Vietnamese;
- every typed node of the reference data and of the seed source graphs (as the loader emits
  them) is the focus node of at least one node shape: no class escapes validation;
- the seed source graphs conform.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from pyshacl.entrypoints import meta_validate
from rdflib import Graph, Literal
from rdflib.namespace import RDF, RDFS, SH

from graph.validate import PROJECT_ROOT, load_context, load_shapes, validate

CORPUS = PROJECT_ROOT / "corpus"
CONSTRAINTS = {SH.minCount, SH.maxCount, SH.datatype, SH["class"], SH.nodeKind, SH.pattern,
               SH["in"], SH["or"], SH.hasValue, SH.lessThan, SH.minInclusive, SH.minExclusive,
               SH.minLength, SH.uniqueLang, SH.qualifiedValueShape}


def test_shapes_conform_to_shacl_shacl() -> None:
    conforms, _graph, text = meta_validate(load_shapes())
    assert conforms, text


def _with_messages(shapes: Graph) -> list:
    """Property shapes with core constraints, and SPARQL constraints: the bearers of messages.
    Shapes nested inside sh:or / sh:qualifiedValueShape lists report through their parent."""
    nested = {n for lst in shapes.objects(None, SH["or"]) for n in shapes.items(lst)}
    nested |= set(shapes.objects(None, SH.qualifiedValueShape))
    bearers = [s for s in set(shapes.subjects(SH.path, None))
               if s not in nested and any((s, p, None) in shapes for p in CONSTRAINTS)]
    bearers += list(shapes.objects(None, SH.sparql))
    return bearers


def test_every_constraint_has_a_message_in_english_and_vietnamese() -> None:
    shapes = load_shapes()
    bearers = _with_messages(shapes)
    assert len(bearers) > 100
    for node in bearers:
        langs = sorted(m.language for m in shapes.objects(node, SH.message)
                       if isinstance(m, Literal))
        assert langs == ["en", "vi"], f"{node}: sh:message languages {langs}"


def test_severities_are_chosen_deliberately() -> None:
    shapes = load_shapes()
    used = set(shapes.objects(None, SH.severity))
    assert used == {SH.Violation, SH.Warning}


@pytest.fixture(scope="module")
def seed_graphs() -> dict[str, Graph]:
    from loaders.article import extract_file

    context = load_context()
    return {p.stem: extract_file(p, reference=context).graph
            for p in sorted(CORPUS.glob("*.txt"))}


def _targets(shapes: Graph, merged: Graph) -> set:
    nodes: set = set()
    for shape in shapes.subjects(RDF.type, SH.NodeShape):
        for cls in shapes.objects(shape, SH.targetClass):
            for sub in merged.transitive_subjects(RDFS.subClassOf, cls):
                nodes |= set(merged.subjects(RDF.type, sub))
        for prop in shapes.objects(shape, SH.targetSubjectsOf):
            nodes |= set(merged.subjects(prop, None))
    return nodes


def test_every_typed_node_is_checked_by_some_shape(seed_graphs: dict[str, Graph]) -> None:
    from graph.build import load_reference_data

    data = load_reference_data()
    for g in seed_graphs.values():
        data += g
    merged = data + load_context()
    targeted = _targets(load_shapes(), merged)
    untargeted = {(str(s), str(t)) for s, t in data.subject_objects(RDF.type)
                  if s not in targeted}
    assert untargeted == set()


def test_seed_source_graphs_conform(seed_graphs: dict[str, Graph]) -> None:
    assert len(seed_graphs) == len(list(Path(CORPUS).glob("*.txt"))) >= 5
    context = load_context()
    for doc_id, g in seed_graphs.items():
        report = validate(g, context=context)
        assert report.conforms, f"{doc_id}\n{report.to_text()}"


def test_shapes_use_only_terms_the_ontology_defines() -> None:
    """A typo in a shape (akg:workplanOf) would silently check nothing: every akg: term a shape
    names as a path, target, class or value is declared in ontology/aseankg.ttl."""
    from rdflib import URIRef

    from graph.build import load_ontology
    from graph.model import AKG

    ontology = load_ontology()
    shapes = load_shapes()
    used: set[URIRef] = set()
    for p in (SH.path, SH.targetClass, SH.targetSubjectsOf, SH["class"], SH.hasValue):
        used |= {o for o in shapes.objects(None, p) if isinstance(o, URIRef)}
    for lst in shapes.objects(None, SH["in"]):
        used |= {o for o in shapes.items(lst) if isinstance(o, URIRef)}
    akg_terms = {t for t in used if t.startswith(str(AKG))}
    assert len(akg_terms) > 50
    undeclared = {t for t in akg_terms if (t, RDF.type, None) not in ontology}
    assert undeclared == set()


def test_every_functional_property_has_max_count_1_somewhere() -> None:
    """owl:FunctionalProperty in the ontology ⇔ sh:maxCount 1 in a shape: contestable ones in
    the per-source set only (two sources may disagree), the others in the relaxed set."""
    from rdflib.namespace import OWL

    from graph.build import load_ontology

    functional = set(load_ontology().subjects(RDF.type, OWL.FunctionalProperty))
    assert functional

    def max_one(kind: str) -> set:
        shapes = load_shapes(kind)
        return {shapes.value(s, SH.path) for s in shapes.subjects(SH.maxCount, Literal(1))}

    per_source, relaxed = max_one("per-source"), max_one("relaxed")
    assert functional - (per_source | relaxed) == set()
    assert per_source & relaxed == set(), "contestable properties must not be maxCount 1 in union"
