"""The curated reference data (ontology/reference/*.ttl) as the contract in docs/model.md states it:
bilingual preferred labels, IRIs that follow the minting rules, ISO-coded countries, the concept
schemes the loaders and queries name, no dangling links, and Wikidata links only where identity
was verified (research/ontology-anchors.md §4).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib import namespace as rdfns
from rdflib.namespace import FOAF, OWL, RDF, RDFS, SKOS

from graph.model import AKG, BASE, ORG, SCHEMA, WD, iri, slug

ROOT = Path(__file__).resolve().parents[1]
REFERENCE_DIR = ROOT / "ontology" / "reference"
ONTOLOGY_FILE = ROOT / "ontology" / "aseankg.ttl"
ID = BASE + "id/"

# The only owl:sameAs links allowed: QIDs cross-checked in two sources (ontology-anchors.md §4).
VERIFIED_QIDS = {
    iri("org", "asean"): "Q7768",
    iri("country", "vn"): "Q881", iri("country", "kh"): "Q424", iri("country", "la"): "Q819",
    iri("country", "mm"): "Q836", iri("country", "tl"): "Q574", iri("country", "sg"): "Q334",
    iri("country", "jp"): "Q17", iri("country", "id"): "Q252", iri("country", "bn"): "Q921",
    iri("country", "my"): "Q833", iri("country", "ph"): "Q928", iri("country", "th"): "Q869",
}
ASEAN_MEMBERS = {"bn", "kh", "id", "la", "my", "mm", "ph", "sg", "th", "vn", "tl"}
DIALOGUE_PARTNERS = {"au", "ca", "cn", "in", "jp", "kr", "nz", "ru", "us", "gb"}

# Concepts other components name in code or queries (docs/model.md and the issue).
REQUIRED_CONCEPTS = {
    "iai-strategic-area": {"food-agriculture", "trade-facilitation", "msme", "education",
                           "health-wellbeing", "industry-4-0", "sustainability", "social-gender"},
    "measure": {"project-count", "total-value", "implementation-rate", "action-line-count",
                "action-lines-implemented", "action-lines-remaining",
                "share-action-lines-implemented", "new-projects-approved",
                "additional-projects-planned", "session-count", "new-area-count",
                "participant-count", "years"},
    "unit": {"usd", "percent", "count"},
    "role": {"chair", "host", "attendee", "presenter", "coordinator", "moderator", "organiser",
             "head-of-mission", "ambassador", "minister", "deputy-minister", "vice-minister",
             "director-general", "deputy-director-general", "secretary-general",
             "deputy-secretary-general", "prime-minister", "president", "seom-leader",
             "soca-leader", "national-coordinator"},
    "action": {"drafted", "discussed", "reviewed", "adopted", "approved", "ended", "submitted",
               "noted", "launched", "endorsed", "signed", "completed"},
    "partner-category": {"asean-member-state", "dialogue-partner", "sectoral-dialogue-partner",
                         "development-partner", "observer"},
}

# rdf:type → the IRI pattern docs/model.md prescribes for it.
_KEY = r"[a-z0-9]+(?:-[a-z0-9]+)*"
IRI_PATTERNS: list[tuple[URIRef, str]] = [
    (AKG.Initiative, rf"initiative/{_KEY}"),
    (AKG.WorkPlan, rf"workplan/{_KEY}-[0-9]+"),
    (AKG.Framework, rf"framework/{_KEY}"),
    (AKG.ActionPlan, rf"actionplan/{_KEY}"),
    (AKG.NationalScheme, rf"nationalscheme/[a-z]{{2}}-{_KEY}"),
    (AKG.Report, rf"report/{_KEY}"),
    (SCHEMA.Legislation, rf"legislation/[a-z]{{2}}/{_KEY}"),
    (SCHEMA.Country, r"country/[a-z]{2}"),
    (SCHEMA.Place, rf"place/{_KEY}"),
    (FOAF.Person, rf"person/{_KEY}"),
    (AKG.MeetingSeries, rf"series/{_KEY}"),
    (SKOS.ConceptScheme, rf"conceptscheme/{_KEY}"),
    (SKOS.Concept, rf"concept/{_KEY}/{_KEY}"),
]
ORG_CLASSES = {ORG.Organization, ORG.FormalOrganization, ORG.OrganizationalUnit,
               ORG.OrganizationalCollaboration, AKG.IntergovernmentalOrganisation,
               AKG.Secretariat, AKG.TaskForce, AKG.Ministry, AKG.Government, AKG.Mission,
               AKG.Department, AKG.CommunityPillar, AKG.DevelopmentAgency, AKG.NewsOrganisation}


@pytest.fixture(scope="module")
def ref() -> Graph:
    g = Graph()
    for path in sorted(REFERENCE_DIR.glob("*.ttl")):
        g.parse(path, format="turtle")
    return g


@pytest.fixture(scope="module")
def entities(ref: Graph) -> list[URIRef]:
    """Every curated thing: a subject under id/ with a preferred label."""
    return sorted({s for s in ref.subjects(SKOS.prefLabel, None)
                   if isinstance(s, URIRef) and s.startswith(ID)})


def _langs(g: Graph, s: URIRef, p: URIRef) -> list[str | None]:
    return sorted((o.language or "") for o in g.objects(s, p) if isinstance(o, Literal))


def test_reference_files_parse_and_hold_a_real_inventory(entities: list[URIRef]) -> None:
    assert len(entities) > 200


def test_every_entity_has_one_pref_label_and_one_rdfs_label_per_language(
    ref: Graph, entities: list[URIRef]
) -> None:
    bad = [str(e) for e in entities
           if _langs(ref, e, SKOS.prefLabel) != ["en", "vi"]
           or _langs(ref, e, RDFS.label) != ["en", "vi"]]
    assert bad == []


def test_rdfs_label_repeats_the_preferred_label(ref: Graph, entities: list[URIRef]) -> None:
    for e in entities:
        assert set(ref.objects(e, SKOS.prefLabel)) == set(ref.objects(e, RDFS.label)), e


def test_pref_alt_and_hidden_labels_are_disjoint_per_entity(
    ref: Graph, entities: list[URIRef]
) -> None:
    """SKOS integrity: a literal is a preferred, an alternative or a hidden label, not two."""
    for e in entities:
        pref, alt, hidden = (set(ref.objects(e, p))
                             for p in (SKOS.prefLabel, SKOS.altLabel, SKOS.hiddenLabel))
        assert not (pref & alt) and not (pref & hidden) and not (alt & hidden), e


def test_labels_are_trimmed_and_language_tagged(ref: Graph, entities: list[URIRef]) -> None:
    for e in entities:
        for p in (SKOS.prefLabel, SKOS.altLabel, SKOS.hiddenLabel):
            for o in ref.objects(e, p):
                assert str(o) == str(o).strip() and "  " not in str(o), (e, o)
                assert o.language in {"en", "vi"}, (e, o)


def _local(term: URIRef) -> str:
    return str(term).rsplit("/", 1)[-1].rsplit("#", 1)[-1]


@pytest.mark.parametrize(("cls", "pattern"), IRI_PATTERNS, ids=[_local(c) for c, _ in IRI_PATTERNS])
def test_iris_follow_the_model_pattern_for_their_type(
    ref: Graph, cls: URIRef, pattern: str
) -> None:
    members = set(ref.subjects(RDF.type, cls))
    assert members, f"no curated {cls}"
    bad = [str(m) for m in members if not re.fullmatch(re.escape(ID) + pattern, str(m))]
    assert bad == []


def test_organisations_live_under_id_org(ref: Graph) -> None:
    orgs = {s for c in ORG_CLASSES for s in ref.subjects(RDF.type, c)}
    orgs -= set(ref.subjects(RDF.type, SCHEMA.Country))  # a state is also org:FormalOrganization
    assert len(orgs) > 50
    assert [str(o) for o in orgs if not re.fullmatch(re.escape(ID) + rf"org/{_KEY}", str(o))] == []


def test_iri_keys_are_already_slugs(entities: list[URIRef]) -> None:
    """Keys are ASCII slugs (graph.model.slug): a loader minting the same key gets the same IRI."""
    for e in entities:
        for key in str(e)[len(ID):].split("/")[1:]:
            assert slug(key) == key, e


def test_people_are_keyed_by_the_slug_of_their_name(ref: Graph) -> None:
    people = set(ref.subjects(RDF.type, FOAF.Person))
    assert people
    for p in people:
        assert p == iri("person", slug(str(ref.value(p, FOAF.name)))), p


def test_work_plan_keys_match_initiative_and_phase(ref: Graph) -> None:
    plans = set(ref.subjects(RDF.type, AKG.WorkPlan))
    assert {iri("workplan", f"iai-{n}") for n in (1, 2, 3, 4)} <= plans
    for wp in plans:
        initiative = ref.value(wp, AKG.workPlanOf)
        phase = ref.value(wp, AKG.phase)
        assert initiative is not None and phase is not None, wp
        assert wp == iri("workplan", f"{str(initiative).rsplit('/', 1)[-1]}-{int(phase)}")


def test_work_plan_periods_are_years_and_contestable_ends_are_not_curated(ref: Graph) -> None:
    """Sources disagree on when WP III ends; curating a planned end would take a side."""
    wp3 = iri("workplan", "iai-3")
    assert ref.value(wp3, AKG.periodStart) == Literal("2016", datatype=rdfns.XSD.gYear)
    assert ref.value(wp3, AKG.periodEnd) == Literal("2020", datatype=rdfns.XSD.gYear)
    assert list(ref.subject_objects(AKG.plannedEnd)) == []
    wp4 = iri("workplan", "iai-4")
    assert set(ref.objects(wp4, AKG.newArea)) == {
        iri("concept", "iai-strategic-area", k)
        for k in ("industry-4-0", "sustainability", "social-gender")}


def test_project_161_is_approved_by_decision_161_of_25_january_2016(ref: Graph) -> None:
    scheme = iri("nationalscheme", "vn-de-an-161")
    decision = iri("legislation", "vn", "161-qd-ttg-2016")
    assert (scheme, RDF.type, AKG.NationalScheme) in ref
    assert ref.value(scheme, AKG.approvedBy) == decision
    assert ref.value(scheme, AKG.implements) == iri("framework", "ascc-blueprint-2025")
    assert (decision, RDF.type, SCHEMA.Legislation) in ref
    assert str(ref.value(decision, SCHEMA.legislationIdentifier)) == "161/QĐ-TTg"
    assert ref.value(decision, SCHEMA.legislationDate) == Literal("2016-01-25",
                                                                  datatype=rdfns.XSD.date)


def test_countries_carry_consistent_iso_codes(ref: Graph) -> None:
    countries = set(ref.subjects(RDF.type, SCHEMA.Country))
    assert {iri("country", c) for c in ASEAN_MEMBERS | DIALOGUE_PARTNERS} <= countries
    for c in countries:
        iso2 = str(ref.value(c, AKG.iso2))
        assert c == iri("country", iso2.lower()) and re.fullmatch("[A-Z]{2}", iso2), c
        assert re.fullmatch("[A-Z]{3}", str(ref.value(c, AKG.iso3))), c
        assert re.fullmatch("[0-9]{3}", str(ref.value(c, AKG.isoNumeric))), c
        assert (c, RDF.type, ORG.FormalOrganization) in ref, c
    codes = [str(ref.value(c, AKG.iso3)) for c in countries]
    assert len(codes) == len(set(codes))


def test_partner_categories_of_members_and_dialogue_partners(ref: Graph) -> None:
    member = iri("concept", "partner-category", "asean-member-state")
    dialogue = iri("concept", "partner-category", "dialogue-partner")
    assert {c for c in ref.subjects(AKG.partnerCategory, member)} == {
        iri("country", c) for c in ASEAN_MEMBERS}
    assert {iri("country", c) for c in DIALOGUE_PARTNERS} | {iri("org", "eu")} == set(
        ref.subjects(AKG.partnerCategory, dialogue))
    assert set(ref.objects(iri("org", "asean"), ORG.hasMember)) == {
        iri("country", c) for c in ASEAN_MEMBERS}


def test_iai_beneficiaries_are_clmv_and_timor_leste(ref: Graph) -> None:
    assert set(ref.objects(iri("initiative", "iai"), AKG.beneficiary)) == {
        iri("country", c) for c in ("kh", "la", "mm", "vn", "tl")}


def test_wikidata_links_only_for_verified_qids(ref: Graph) -> None:
    links = {(s, o) for s, o in ref.subject_objects(OWL.sameAs)}
    assert links == {(s, WD[q]) for s, q in VERIFIED_QIDS.items()}
    wikidata_anywhere = {o for _, _, o in ref if isinstance(o, URIRef) and o.startswith(str(WD))}
    assert wikidata_anywhere == {WD[q] for q in VERIFIED_QIDS.values()}


@pytest.mark.parametrize("scheme", sorted(REQUIRED_CONCEPTS))
def test_concept_schemes_hold_the_concepts_other_components_name(ref: Graph, scheme: str) -> None:
    scheme_iri = iri("conceptscheme", scheme)
    assert (scheme_iri, RDF.type, SKOS.ConceptScheme) in ref
    in_scheme = {str(c).rsplit("/", 1)[-1] for c in ref.subjects(SKOS.inScheme, scheme_iri)}
    assert REQUIRED_CONCEPTS[scheme] <= in_scheme


def test_every_concept_is_in_exactly_the_scheme_its_iri_names(ref: Graph) -> None:
    for concept in set(ref.subjects(RDF.type, SKOS.Concept)):
        scheme_key = str(concept)[len(ID):].split("/")[1]
        assert set(ref.objects(concept, SKOS.inScheme)) == {iri("conceptscheme", scheme_key)}
        assert ref.value(concept, SKOS.definition) is not None, concept


def test_every_meeting_series_is_a_series_of_a_curated_body(ref: Graph) -> None:
    series = set(ref.subjects(RDF.type, AKG.MeetingSeries))
    required = {"iai-tf", "iai-tf-partners-consultation", "clmv-seom", "clmv-summit",
                "clmv-emm", "asean-summit", "aem", "ascc-council"}
    assert {iri("series", k) for k in required} <= series
    for s in series:
        body = ref.value(s, AKG.seriesOf)
        assert body is not None and (body, SKOS.prefLabel, None) in ref, s
    assert ref.value(iri("series", "iai-tf"), AKG.seriesOf) == iri("org", "iai-task-force")


def test_no_dangling_links_between_curated_entities(ref: Graph) -> None:
    """Every id/ IRI the reference data points at is itself described in the reference data."""
    described = set(ref.subjects(SKOS.prefLabel, None))
    targets = {o for _, p, o in ref if isinstance(o, URIRef) and str(o).startswith(ID)
               and p != RDF.type}
    assert sorted(map(str, targets - described)) == []


def test_reference_data_writes_no_ontology_terms(ref: Graph) -> None:
    """Vocabulary lives in aseankg.ttl; reference files only describe instances."""
    onto = Graph().parse(ONTOLOGY_FILE, format="turtle")
    assert [str(s) for s in set(ref.subjects()) if (s, None, None) in onto
            and str(s).startswith(str(AKG))] == []


# Every curated IRI docs/model.md uses as an example: the contract's examples must resolve.
MODEL_EXAMPLES = [
    ("initiative", "iai"), ("workplan", "iai-3"), ("workplan", "iai-4"),
    ("framework", "clmv-df"), ("framework", "ascc-blueprint-2025"),
    ("framework", "asean-community-vision-2025"), ("framework", "asean-community-2045"),
    ("actionplan", "clmv-2019-2020"), ("actionplan", "clmv-2021-2022"),
    ("nationalscheme", "vn-de-an-161"), ("report", "ascc-blueprint-2025-mtr"),
    ("legislation", "vn/161-qd-ttg-2016"),
    ("org", "asean"), ("org", "asean-secretariat"), ("org", "iai-task-force"),
    ("org", "vn-mofa"), ("org", "vn-molisa"), ("org", "vn-mission-asean"),
    ("country", "vn"), ("country", "tl"), ("place", "ha-noi"), ("place", "jakarta"),
    ("person", "nguyen-hai-bang"),
    ("series", "iai-tf"), ("series", "iai-tf-partners-consultation"), ("series", "clmv-seom"),
    ("series", "clmv-summit"), ("series", "asean-summit"),
    ("concept", "iai-strategic-area/msme"), ("concept", "measure/project-count"),
    ("concept", "unit/usd"), ("concept", "role/chair"), ("concept", "role/head-of-mission"),
]


@pytest.mark.parametrize(("kind", "key"), MODEL_EXAMPLES,
                         ids=[f"{k}/{v}" for k, v in MODEL_EXAMPLES])
def test_every_model_example_iri_is_curated(ref: Graph, kind: str, key: str) -> None:
    assert (URIRef(f"{ID}{kind}/{key}"), SKOS.prefLabel, None) in ref
