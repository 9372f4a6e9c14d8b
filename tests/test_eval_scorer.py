"""The scorer on small hand-built graphs: loader RDF per docs/model.md → fact tuples → P and R.

These fix the scoring rules the gold format documents (loaders/evaluate.py, docs/evaluation.md):
exact tuple match, a wrong value is one miss and one false positive, meetings score per field.
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.namespace import RDF, XSD

from graph.model import AKG, OA, ORG, REFERENCE_GRAPH, SCHEMA, iri, source_graph
from loaders.evaluate import (
    FACT_TYPES,
    DocScore,
    GoldError,
    Report,
    format_report,
    gold_facts,
    load_gold,
    near_misses,
    norm_number,
    project,
    score,
)

DOC = "t_doc"


def fig_graph(value: str = "24.8e6", qualifier: URIRef | None = None) -> Graph:
    """One reported figure about WP IV, as model.md shapes it."""
    g = Graph()
    f = iri("figure", "abc")
    g.add((f, RDF.type, AKG.ReportedFigure))
    g.add((f, AKG.about, iri("workplan", "iai-4")))
    g.add((f, AKG.measure, iri("concept", "measure", "total-value")))
    g.add((f, AKG.value, Literal(Decimal(value), datatype=XSD.decimal)))
    g.add((f, AKG.unit, iri("concept", "unit", "usd")))
    g.add((f, AKG.asOf, Literal("2025-08-11", datatype=XSD.date)))
    if qualifier is not None:
        g.add((f, AKG.valueQualifier, qualifier))
    return g


def gold_doc(**facts: list[dict]) -> dict:
    return {"doc_id": DOC, "language": "vi", "facts": facts, "_path": "mem.json"}


FIG_GOLD = {"about": "id/workplan/iai-4", "measure": "id/concept/measure/total-value",
            "value": "24800000", "unit": "id/concept/unit/usd", "as_of": "2025-08-11"}


def test_number_normalisation_is_plain_decimal() -> None:
    assert norm_number("24.8e6") == "24800000"
    assert norm_number("84,6") == "84.6"
    assert norm_number(Decimal("70.80")) == "70.8"
    assert norm_number(127) == "127"


def test_figure_matches_with_default_exact_qualifier() -> None:
    predicted = project(fig_graph(), DOC)
    s = score(gold_facts(gold_doc(figure=[FIG_GOLD])), predicted)
    c = s.per_type["figure"]
    assert (c.gold, c.predicted, c.matched_gold) == (1, 1, 1)
    assert c.precision == 1.0 and c.recall == 1.0
    assert s.misses["figure"] == [] and s.false_positives["figure"] == []


def test_wrong_value_is_one_miss_and_one_false_positive() -> None:
    predicted = project(fig_graph(value="24.9e6"), DOC)
    s = score(gold_facts(gold_doc(figure=[FIG_GOLD])), predicted)
    c = s.per_type["figure"]
    assert (c.gold, c.predicted, c.matched_gold) == (1, 1, 0)
    assert c.precision == 0.0 and c.recall == 0.0
    assert [f[2] for f in s.misses["figure"]] == ["24800000"]
    assert [f[2] for f in s.false_positives["figure"]] == ["24900000"]


def test_qualifier_is_compared_by_local_name() -> None:
    predicted = project(fig_graph(qualifier=AKG.approximately), DOC)
    gold = gold_facts(gold_doc(figure=[{**FIG_GOLD, "qualifier": "approximately"}]))
    assert score(gold, predicted).per_type["figure"].matched_gold == 1
    gold_exact = gold_facts(gold_doc(figure=[FIG_GOLD]))
    assert score(gold_exact, predicted).per_type["figure"].matched_gold == 0


def meeting_graph(date: str = "2021-03-25") -> Graph:
    g = Graph()
    m = iri("meeting", "iai-tf", "63")
    g.add((m, RDF.type, AKG.Meeting))
    g.add((m, AKG.series, iri("series", "iai-tf")))
    g.add((m, AKG.ordinal, Literal(63)))
    g.add((m, SCHEMA.startDate, Literal(date, datatype=XSD.date)))
    g.add((m, SCHEMA.eventAttendanceMode, SCHEMA.OnlineEventAttendanceMode))
    g.add((m, AKG.chairCountry, iri("country", "vn")))
    p = iri("participation", "p1")
    g.add((p, RDF.type, AKG.Participation))
    g.add((p, AKG.event, m))
    g.add((p, AKG.participant, iri("country", "vn")))
    g.add((p, AKG.role, iri("concept", "role", "chair")))
    return g


MEETING_GOLD = {"series": "id/series/iai-tf", "ordinal": 63, "start_date": "2021-03-25",
                "mode": "online", "chair_country": "id/country/vn"}


def test_meeting_scores_per_field_and_participation_uses_meeting_ref() -> None:
    gold = gold_facts(gold_doc(
        meeting=[MEETING_GOLD],
        participation=[{"event": "id/meeting/iai-tf/63", "participant": "id/country/vn",
                        "role": "id/concept/role/chair"}]))
    s = score(gold, project(meeting_graph(date="2021-03-26"), DOC))
    m = s.per_type["meeting"]
    # series + start_date + mode + chair_country = 4 gold facts; only the date is wrong
    assert (m.gold, m.predicted, m.matched_gold) == (4, 4, 3)
    assert s.misses["meeting"] == [("id/meeting/iai-tf/63", "start_date", "2021-03-25")]
    assert s.false_positives["meeting"] == [("id/meeting/iai-tf/63", "start_date", "2021-03-26")]
    assert s.per_type["participation"].matched_gold == 1
    # series of a meeting counts as an entity the article mentions
    assert ("id/series/iai-tf",) in project(meeting_graph(), DOC)["entity"]


def test_entities_come_from_mentions_and_skip_concepts() -> None:
    g = Graph()
    for i, body in enumerate([iri("org", "asean"), iri("concept", "role", "chair"),
                              iri("person", "nguyen-hai-bang")]):
        a = URIRef(f"https://w3id.org/aseankg/id/mention/{DOC}/{i}-{i + 1}")
        g.add((a, RDF.type, AKG.Mention))
        g.add((a, OA.hasBody, body))
    assert project(g, DOC)["entity"] == {("id/org/asean",), ("id/person/nguyen-hai-bang",)}


def test_claims_from_claim_nodes_and_plain_triples_dedupe() -> None:
    g = Graph()
    wp3 = iri("workplan", "iai-3")
    g.add((wp3, AKG.plannedEnd, Literal("2021-07", datatype=XSD.gYearMonth)))
    c = BNode()
    g.add((c, RDF.type, AKG.Claim))
    g.add((c, AKG.subject, wp3))
    g.add((c, AKG.property, AKG.plannedEnd))
    g.add((c, AKG.value, Literal("2021-07", datatype=XSD.gYearMonth)))
    g.add((wp3, AKG.phase, Literal(3)))  # not a claim property: ignored
    assert project(g, DOC)["claim"] == {("id/workplan/iai-3", "akg:plannedEnd", "2021-07")}


def test_chair_term_is_not_a_membership() -> None:
    g = Graph()
    m = iri("membership", "x")
    g.add((m, RDF.type, ORG.Membership))
    g.add((m, RDF.type, AKG.ChairTerm))
    g.add((m, ORG.organization, iri("org", "iai-task-force")))
    g.add((m, ORG.member, iri("country", "vn")))
    g.add((m, ORG.role, iri("concept", "role", "chair")))
    g.add((m, AKG.year, Literal("2021", datatype=XSD.gYear)))
    facts = project(g, DOC)
    assert facts["membership"] == set()
    assert facts["chair_term"] == {("id/org/iai-task-force", "2021", "id/country/vn",
                                    "id/concept/role/chair")}


def test_dataset_input_reads_only_the_documents_source_graph() -> None:
    ds = Dataset()
    named = ds.graph(source_graph(DOC))
    for t in fig_graph():
        named.add(t)
    reference = ds.graph(REFERENCE_GRAPH)
    reference.add((iri("workplan", "iai-3"), AKG.periodStart,
                   Literal("2016", datatype=XSD.gYear)))
    facts = project(ds, DOC)
    assert len(facts["figure"]) == 1
    assert facts["claim"] == set()  # curated data is not credited to the loader


def test_document_event_tense_defaults_to_done() -> None:
    g = Graph()
    d = iri("docevent", "x")
    g.add((d, RDF.type, AKG.DocumentEvent))
    g.add((d, AKG.document, iri("workplan", "iai-4")))
    g.add((d, AKG.action, iri("concept", "action", "adopted")))
    g.add((d, AKG.date, Literal("2020", datatype=XSD.gYear)))
    assert project(g, DOC)["document_event"] == {
        ("id/workplan/iai-4", "id/concept/action/adopted", "2020", "done")}


def test_empty_prediction_has_undefined_precision_and_zero_recall() -> None:
    s = score(gold_facts(gold_doc(figure=[FIG_GOLD])), {t: set() for t in FACT_TYPES})
    assert s.per_type["figure"].precision is None
    assert s.per_type["figure"].recall == 0.0
    assert s.overall.recall == 0.0


def test_overall_is_micro_average() -> None:
    gold = gold_facts(gold_doc(figure=[FIG_GOLD], meeting=[MEETING_GOLD]))
    g = fig_graph()
    for t in meeting_graph():
        g.add(t)
    s = score(gold, project(g, DOC))
    o = s.overall
    # figure 1/1 matched; meeting 4/4 (date right); unmatched predictions: the participation
    # and the series entity, which the gold does not list
    assert (o.gold, o.predicted, o.matched_gold) == (5, 7, 5)
    assert o.recall == 1.0 and o.precision == pytest.approx(5 / 7)


def test_report_prints_table_and_diff() -> None:
    gold = {**FIG_GOLD, "as_of": "2025"}  # two fields differ: a plain miss and false positive
    s = score(gold_facts(gold_doc(figure=[gold])), project(fig_graph("1"), DOC))
    text = format_report(Report([DocScore(DOC, "g.json", "a.txt", s)]))
    assert "figure" in text and "overall" in text
    assert "- about=id/workplan/iai-4" in text and "value=24800000" in text
    assert "+ about=id/workplan/iai-4" in text and "value=1," in text


def test_bad_gold_is_rejected_with_file_and_reason(tmp_path: Path) -> None:
    p = tmp_path / "bad.json"
    p.write_text(json.dumps({"doc_id": "x", "language": "vi",
                             "facts": {"figure": [{"about": "id/x", "valeu": "1"}]}}))
    with pytest.raises(GoldError, match=r"bad\.json: facts\.figure\[0\]: unknown field"):
        load_gold(p)
    p.write_text('{"doc_id": "x",\n "language": }')
    with pytest.raises(GoldError, match=r"bad\.json:2:\d+: invalid JSON"):
        load_gold(p)
    p.write_text(json.dumps({"doc_id": "x", "language": "vi", "facts": {"gossip": []}}))
    with pytest.raises(GoldError, match="unknown fact type 'gossip'"):
        load_gold(p)


def test_one_off_meeting_is_named_by_date_whatever_its_iri() -> None:
    g = Graph()
    m = iri("meeting", "anything", "2020-abc12345")
    g.add((m, RDF.type, AKG.Meeting))
    g.add((m, SCHEMA.startDate, Literal("2020-10-06", datatype=XSD.date)))
    g.add((m, SCHEMA.location, iri("place", "ha-noi")))
    f = iri("figure", "n")
    g.add((f, RDF.type, AKG.ReportedFigure))
    g.add((f, AKG.about, m))
    g.add((f, AKG.measure, iri("concept", "measure", "organisation-count")))
    g.add((f, AKG.value, Literal(10)))
    gold = gold_facts(gold_doc(
        meeting=[{"series": None, "start_date": "2020-10-06", "place": "id/place/ha-noi"}],
        figure=[{"about": "id/meeting/2020-10-06",
                 "measure": "id/concept/measure/organisation-count", "value": "10"}]))
    s = score(gold, project(g, DOC))
    assert s.per_type["meeting"].matched_gold == 3  # existence, start date, place
    assert s.per_type["figure"].matched_gold == 1


def test_wrong_value_is_shown_as_a_near_miss_naming_the_field() -> None:
    s = score(gold_facts(gold_doc(figure=[FIG_GOLD])), project(fig_graph("24.9e6"), DOC))
    (pair,) = near_misses("figure", s.misses["figure"], s.false_positives["figure"])
    assert pair[2] == "value"
    text = format_report(Report([DocScore(DOC, "g.json", "a.txt", s)]))
    assert "~ about=id/workplan/iai-4" in text and "value: 24800000 → 24900000" in text
    assert "\n    - " not in text and "\n    + " not in text  # shown once, as the pair
    assert s.to_dict()["wrong_values"]["figure"][0]["field"] == "value"
    # the counts are unchanged: one miss and one false positive
    assert s.per_type["figure"].matched_gold == 0 and s.per_type["figure"].predicted == 1


def test_facts_differing_in_two_fields_are_not_paired() -> None:
    other = {**FIG_GOLD, "value": "1", "as_of": "2020"}
    s = score(gold_facts(gold_doc(figure=[other])), project(fig_graph(), DOC))
    assert near_misses("figure", s.misses["figure"], s.false_positives["figure"]) == []
