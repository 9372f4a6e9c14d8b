"""OWL 2 RL consistency of the ontology together with the curated reference data.

The closure (owlrl, OWL-RL semantics) must put nothing into owl:Nothing, report no OWL-RL
inconsistency, and must not merge two curated entities through owl:sameAs (which is what a
wrongly declared functional property or a shared Wikidata QID would do). The checker is also
run on small broken graphs so we know it can fail.
"""

from __future__ import annotations

from pathlib import Path

import owlrl
import pytest
from rdflib import Graph, Namespace, URIRef
from rdflib import namespace as rdfns
from rdflib.namespace import OWL, RDF

from graph.model import AKG, BASE, iri

ROOT = Path(__file__).resolve().parents[1]
ONTOLOGY_FILE = ROOT / "ontology" / "aseankg.ttl"
REFERENCE_DIR = ROOT / "ontology" / "reference"

# owlrl records inconsistencies as err:ErrorMessage nodes with an err:error message.
OWLRL_ERR = Namespace("http://www.daml.org/2002/03/agents/agent-ont#")


def load_ontology_and_reference() -> Graph:
    g = Graph()
    g.parse(ONTOLOGY_FILE, format="turtle")
    for path in sorted(REFERENCE_DIR.glob("*.ttl")):
        g.parse(path, format="turtle")
    return g


def inconsistencies(graph: Graph) -> list[str]:
    """Expand `graph` in place with the OWL-RL closure and describe every inconsistency found."""
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics).expand(graph)
    problems = [f"owlrl: {msg}" for msg in graph.objects(None, OWLRL_ERR.error)]
    problems += [f"{s} is a member of owl:Nothing" for s in graph.subjects(RDF.type, OWL.Nothing)]
    for a, b in graph.subject_objects(OWL.sameAs):
        if a != b and (a, OWL.differentFrom, b) in graph:
            problems.append(f"{a} is both owl:sameAs and owl:differentFrom {b}")
    return problems


def merged_curated_entities(graph: Graph) -> list[tuple[str, str]]:
    """Pairs of distinct curated IRIs (under id/) the closure declared the same individual."""
    ours = BASE + "id/"
    return sorted(
        (str(a), str(b)) for a, b in graph.subject_objects(OWL.sameAs)
        if isinstance(a, URIRef) and isinstance(b, URIRef) and a != b
        and str(a).startswith(ours) and str(b).startswith(ours)
    )


@pytest.fixture(scope="module")
def closure() -> Graph:
    return load_ontology_and_reference()


@pytest.fixture(scope="module")
def closure_problems(closure: Graph) -> list[str]:
    return inconsistencies(closure)


def test_ontology_and_reference_data_are_owl_rl_consistent(closure_problems: list[str]) -> None:
    assert closure_problems == []


def test_the_closure_merges_no_two_curated_entities(
    closure: Graph, closure_problems: list[str]
) -> None:
    assert merged_curated_entities(closure) == []


def test_the_closure_really_ran(closure: Graph, closure_problems: list[str]) -> None:
    """Subclass reasoning happened: a Ministry is a schema:GovernmentOrganization afterwards."""
    government_org = URIRef("https://schema.org/GovernmentOrganization")
    assert (iri("org", "vn-mofa"), RDF.type, government_org) in closure
    assert (iri("workplan", "iai-4"), RDF.type, URIRef("http://www.w3.org/ns/prov#Plan")) in closure


def test_checker_reports_a_meeting_that_is_also_a_planning_document() -> None:
    g = Graph().parse(ONTOLOGY_FILE, format="turtle")
    thing = iri("meeting", "broken", "1")
    g.add((thing, RDF.type, AKG.Meeting))
    g.add((thing, RDF.type, AKG.WorkPlan))
    assert inconsistencies(g) != []


@pytest.mark.parametrize(("first", "second"), [
    (AKG.ReportedFigure, AKG.Claim), (AKG.Participation, AKG.DocumentEvent),
    (AKG.Initiative, AKG.WorkPlan), (AKG.MeetingSeries, AKG.Meeting),
])
def test_checker_reports_a_node_typed_as_two_disjoint_kinds(first: URIRef, second: URIRef) -> None:
    g = Graph().parse(ONTOLOGY_FILE, format="turtle")
    node = iri("figure", "0123456789abcdef")
    g.add((node, RDF.type, first))
    g.add((node, RDF.type, second))
    assert inconsistencies(g) != []


def test_checker_reports_same_and_different_individuals() -> None:
    g = Graph().parse(ONTOLOGY_FILE, format="turtle")
    g.add((AKG.exact, OWL.sameAs, AKG.approximately))
    assert any("differentFrom" in p or "owlrl" in p for p in inconsistencies(g))


def test_two_values_of_a_functional_object_property_would_merge_entities() -> None:
    """Why curated data must hold one value of a functional property: OWL-RL merges the values."""
    g = Graph().parse(ONTOLOGY_FILE, format="turtle")
    a, b = iri("country", "xa"), iri("country", "xb")
    prop = URIRef(str(AKG) + "testFunctional")
    g.add((prop, RDF.type, OWL.FunctionalProperty))
    g.add((iri("org", "x"), prop, a))
    g.add((iri("org", "x"), prop, b))
    inconsistencies(g)
    assert (str(a), str(b)) in merged_curated_entities(g)


def test_reference_data_holds_single_values_of_functional_datatype_properties(
    closure: Graph,
) -> None:
    """One graph, one value: two curated values would already be a conflict in graph/reference."""
    functional = set(closure.subjects(RDF.type, OWL.FunctionalProperty))
    reference = Graph()
    for path in sorted(REFERENCE_DIR.glob("*.ttl")):
        reference.parse(path, format="turtle")
    clashes = []
    for prop in functional:
        for subject in set(reference.subjects(prop, None)):
            values = set(reference.objects(subject, prop))
            if len(values) > 1:
                clashes.append((str(subject), str(prop), sorted(map(str, values))))
    assert clashes == []
    assert (iri("workplan", "iai-3"), AKG.periodEnd, None) in reference
    assert reference.value(iri("workplan", "iai-3"), AKG.periodEnd).datatype == rdfns.XSD.gYear


def test_union_of_all_seed_graphs_stays_consistent_while_the_conflict_stays_visible() -> None:
    """The functional plan properties must not turn a disagreement between sources into an
    OWL inconsistency: the union of every seed graph is consistent, merges no curated entity,
    and still holds both planned ends of Work Plan III for the `conflicts` query to report."""
    from loaders.article import extract_file

    union = load_ontology_and_reference()
    context = load_ontology_and_reference()
    for path in sorted((ROOT / "corpus").glob("*.txt")):
        union += extract_file(path, reference=context).graph
    assert len(set(union.objects(iri("workplan", "iai-3"), AKG.plannedEnd))) >= 2
    assert inconsistencies(union) == []
    assert merged_curated_entities(union) == []
