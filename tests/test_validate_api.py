"""graph.validate: the API the build, the service and the CLI call.

Specified here: results are about the data only (never the context), the strict per-source set
counts values within one graph only, blank nodes and datasets are handled, and the report renders
as text, JSON and a SHACL sh:ValidationReport graph in English or Vietnamese.
"""

from __future__ import annotations

import pytest
from rdflib import BNode, Dataset, Graph, Literal, URIRef, namespace
from rdflib.namespace import RDF, SH

from graph.model import AKG, OA, PROV, SKOS, iri
from graph.validate import ValidationReport, load_shapes, validate, validate_record

TTL = "@prefix akg: <https://w3id.org/aseankg/def#> .\n"
WP = iri("workplan", "iai-3")  # curated: typed and labelled in the reference data


def _figure(g: Graph, node: URIRef, value: object | None = 127) -> Graph:
    g.add((node, RDF.type, AKG.ReportedFigure))
    g.add((node, AKG.about, WP))
    g.add((node, AKG.measure, iri("concept", "measure", "project-count")))
    if value is not None:
        g.add((node, AKG.value, Literal(value)))
    g.add((node, AKG.asOf, Literal("2021-03-25", datatype=namespace.XSD.date)))
    g.add((node, PROV.wasDerivedFrom, URIRef("https://example.org/report")))
    return g


@pytest.fixture(scope="module")
def context() -> Graph:
    from graph.validate import load_context

    return load_context()


def test_shapes_are_parsed_once_per_process() -> None:
    assert load_shapes() is load_shapes("all")
    assert len(load_shapes("per-source")) < len(load_shapes("relaxed")) < len(load_shapes("all"))
    with pytest.raises(ValueError, match="unknown shape set"):
        load_shapes("nonsense")


def test_conforming_data(context: Graph) -> None:
    report = validate(_figure(Graph(), iri("figure", "api0000000000001")), context=context)
    assert isinstance(report, ValidationReport)
    assert report.conforms and report.violations == 0 and report.results == []


def test_result_fields(context: Graph) -> None:
    node = iri("figure", "api0000000000002")
    report = validate(_figure(Graph(), node, value="lots"), context=context)
    assert not report.conforms and report.violations == 1
    (r,) = report.results
    assert r.focus_node == node
    assert r.path == AKG.value and r.path_text == "akg:value"
    assert r.value == Literal("lots")
    assert r.severity == "Violation"
    assert r.constraint == "OrConstraintComponent"
    assert "akg:value" in r.message and r.message == r.message_in("en")
    assert r.shape_name == "akgsh:ReportedFigureShape (akg:value)"


def test_message_language_and_fallback(context: Graph) -> None:
    g = _figure(Graph(), iri("figure", "api0000000000003"), value=None)
    vi = validate(g, context=context, lang="vi").results[0]
    assert vi.message.startswith("Số liệu được báo cáo")
    fr = validate(g, context=context, lang="fr").results[0]
    assert fr.message == vi.message_in("en")  # no French message: English


def test_results_are_only_about_the_data(context: Graph) -> None:
    broken = Graph()  # a context entity that violates the shapes
    orphan = iri("concept", "fx-api", "orphan")
    broken.add((orphan, RDF.type, SKOS.Concept))
    data = _figure(Graph(), iri("figure", "api0000000000004"))
    assert validate(data, context=context + broken).conforms
    assert not validate(broken, context=context).conforms


def test_context_supplies_types_for_class_constraints(context: Graph) -> None:
    data = _figure(Graph(), iri("figure", "api0000000000005"))
    report = validate(data)  # without context the measure concept is untyped
    assert [r.constraint for r in report.results] == ["ClassConstraintComponent"]
    assert validate(data, context=context).conforms


def test_validating_does_not_change_data_or_context(context: Graph) -> None:
    data = _figure(Graph(), iri("figure", "api0000000000006"))
    before_data, before_ctx = len(data), len(context)
    validate(data, context=context)
    assert (len(data), len(context)) == (before_data, before_ctx)
    # the cached context copy is restored: a second, different record sees no leftovers
    other = _figure(Graph(), iri("figure", "api0000000000007"), value=None)
    assert [r.focus_node for r in validate(other, context=context).results] == [
        iri("figure", "api0000000000007")]


def test_per_source_set_counts_values_within_the_data_only(context: Graph) -> None:
    two = Graph()
    two.add((WP, AKG.plannedEnd, Literal("2020-09", datatype=namespace.XSD.gYearMonth)))
    two.add((WP, AKG.plannedEnd, Literal("2021-07", datatype=namespace.XSD.gYearMonth)))
    strict = validate(two, context=context)
    assert [(r.constraint, r.path_text) for r in strict.results] == [
        ("MaxCountConstraintComponent", "akg:plannedEnd")]
    assert validate(two, context=context, per_source=False).conforms

    # a source may disagree with another graph (here: the context); that is a conflict to
    # report with the conflicts query, not an invalid source
    other = Graph()
    other.add((WP, AKG.plannedEnd, Literal("2020-09", datatype=namespace.XSD.gYearMonth)))
    one = Graph()
    one.add((WP, AKG.plannedEnd, Literal("2021-07", datatype=namespace.XSD.gYearMonth)))
    assert validate(one, context=context + other).conforms


def test_blank_nodes_are_validated_and_reported_as_blank_nodes(context: Graph) -> None:
    g = Graph()
    sel = BNode("sel1")
    g.add((sel, RDF.type, OA.TextPositionSelector))
    g.add((sel, OA.start, Literal(9)))
    g.add((sel, OA.end, Literal(3)))
    report = validate(g, context=context)
    (r,) = report.results
    assert r.focus_node == BNode("sel1")
    assert r.constraint == "LessThanConstraintComponent"
    assert "_:sel1" in report.to_text()


def test_a_dataset_is_validated_as_the_union_of_its_graphs(context: Graph) -> None:
    ds = Dataset()
    node = iri("figure", "api0000000000008")
    g1 = ds.graph(URIRef("https://example.org/g1"))
    for t in _figure(Graph(), node):
        g1.add(t)
    assert validate(ds, context=context).conforms
    ds.graph(URIRef("https://example.org/g2")).add((node, AKG.value, Literal(128)))
    assert [r.constraint for r in validate(ds, context=context).results] == [
        "MaxCountConstraintComponent"]


def test_text_json_and_turtle_renderings(context: Graph) -> None:
    node = iri("figure", "api0000000000009")
    g = _figure(Graph(), node, value=-3)
    g.add((node, AKG.dateInferred, Literal(True)))  # and no inferenceMethod: a warning
    report = validate(g, context=context)
    assert (report.violations, report.warnings) == (1, 1)
    text = report.to_text()
    assert text.splitlines()[0] == "Does not conform: 1 violation(s), 1 warning(s)"
    assert text.index("[Violation]") < text.index("[Warning]")
    assert "akg:value -3 is negative" in text
    assert "Cảnh báo" not in text and "1 cảnh báo" in report.to_text("vi")

    doc = report.to_json("vi")
    assert doc["conforms"] is False and (doc["violations"], doc["warnings"]) == (1, 1)
    assert {r["severity"] for r in doc["results"]} == {"Violation", "Warning"}
    assert all(set(r) >= {"focusNode", "path", "value", "severity", "message", "sourceShape",
                          "constraint"} for r in doc["results"])

    rg = Graph().parse(data=report.to_turtle(), format="turtle")
    (vr,) = rg.subjects(RDF.type, SH.ValidationReport)
    assert rg.value(vr, SH.conforms) == Literal(False)
    results = list(rg.objects(vr, SH.result))
    assert len(results) == 2
    langs = {m.language for r in results for m in rg.objects(r, SH.resultMessage)}
    assert langs == {"en", "vi"}
    assert {rg.value(r, SH.resultSeverity) for r in results} == {SH.Violation, SH.Warning}


def test_every_subject_needs_a_type() -> None:
    report = validate_record(b'<https://example.org/s> <https://example.org/p> "x" .', "nt")
    (r,) = report.results
    assert (r.focus_node, r.path_text, r.constraint) == (
        URIRef("https://example.org/s"), "rdf:type", "MinCountConstraintComponent")
    assert "no rdf:type" in r.message


def test_validate_record_parses_then_validates() -> None:
    bad = TTL + "<https://w3id.org/aseankg/id/figure/api000000000000a> a akg:ReportedFigure ."
    report = validate_record(bad.encode(), "text/turtle")
    assert report.graph is not None and len(report.graph) == 1
    assert {r.path_text for r in report.results} >= {"akg:about", "akg:measure", "akg:value"}


def test_validate_record_flattens_quad_records_into_one_graph() -> None:
    nq = (b'<https://example.org/s> <https://example.org/p> "a" <https://example.org/g1> .\n'
          b'<https://example.org/s> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> '
          b'<http://www.w3.org/ns/prov#Entity> <https://example.org/g2> .\n')
    report = validate_record(nq, "application/n-quads")
    assert type(report.graph) is Graph and len(report.graph) == 2
    assert report.conforms


def test_per_source_set_runs_on_each_graph_of_a_dataset(context: Graph) -> None:
    ds = Dataset()
    ds.graph(URIRef("https://example.org/source-a")).add(
        (WP, AKG.plannedEnd, Literal("2020-09", datatype=namespace.XSD.gYearMonth)))
    ds.graph(URIRef("https://example.org/source-b")).add(
        (WP, AKG.plannedEnd, Literal("2021-07", datatype=namespace.XSD.gYearMonth)))
    assert validate(ds, context=context).conforms  # two sources disagree: allowed
    ds.graph(URIRef("https://example.org/source-b")).add(
        (WP, AKG.plannedEnd, Literal("2021-08", datatype=namespace.XSD.gYearMonth)))
    (r,) = validate(ds, context=context).results  # one source contradicts itself
    assert (r.constraint, r.path_text) == ("MaxCountConstraintComponent", "akg:plannedEnd")



def test_two_sparql_constraints_of_one_shape_both_report(context: Graph) -> None:
    """-5 % breaks two rules of akgsh:ReportedFigureShape (value >= 0, percent in 0-100); both
    are reported although focus node, shape, component and value are the same."""
    node = iri("figure", "apitwo0000000001")
    g = _figure(Graph(), node, value=-5)
    g.add((node, AKG.unit, iri("concept", "unit", "percent")))
    messages = [r.message for r in validate(g, context=context).results]
    assert len(messages) == 2
    assert any("is negative" in m for m in messages)
    assert any("outside 0–100" in m for m in messages)
