"""The SHACL shapes, specified by fixtures.

- every file in tests/fixtures/shapes/positive/ conforms with no violation and no warning;
- every file in tests/fixtures/shapes/negative/ produces exactly the results its header declares
  (``# expect: sh:Component path-or-dash shape``), with messages in English and Vietnamese, the
  English one containing ``# message: …``;
- every node shape is exercised: it has a focus node in some positive fixture and a negative
  fixture naming it (``# shape: …``);
- the curated reference data conforms to the shapes.

Fixtures are validated like records: with the ontology and the reference data as context.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import RDF, RDFS, SH

from graph.formats import media_type_for
from graph.validate import EVERY_SUBJECT_SHAPES, SHAPES_DIR, load_context, load_shapes, validate
from loaders.records import parse_record

FIXTURES = Path(__file__).parent / "fixtures" / "shapes"
RECORD_SUFFIXES = {".ttl", ".jsonld", ".nt", ".nq", ".trig"}
POSITIVE = sorted(p for p in (FIXTURES / "positive").iterdir() if p.suffix in RECORD_SUFFIXES)
NEGATIVE = sorted(p for p in (FIXTURES / "negative").iterdir() if p.suffix in RECORD_SUFFIXES)
AKGSH = "https://w3id.org/aseankg/shapes#"


def _parse(path: Path) -> Graph:
    """Fixtures are records in any syntax (the header comments are not JSON: JSON-LD fixtures
    carry no expectations and are positive)."""
    return parse_record(path.read_bytes(), media_type_for(path.name), source=str(path))


def _header(path: Path, key: str) -> list[str]:
    pattern = re.compile(rf"^# {key}: (.+)$")
    return [m.group(1).strip() for line in path.read_text(encoding="utf-8").splitlines()
            if (m := pattern.match(line))]


def _node_shapes() -> set[str]:
    """Every named shape: node shapes and the shared (named) property shapes."""
    shapes = load_shapes("all")
    named = set(shapes.subjects(RDF.type, SH.NodeShape)) | set(
        shapes.subjects(RDF.type, SH.PropertyShape))
    return {"akgsh:" + str(s)[len(AKGSH):] for s in named if str(s).startswith(AKGSH)}


@pytest.mark.parametrize("path", POSITIVE, ids=lambda p: p.name)
def test_positive_fixture_conforms_without_warnings(path: Path) -> None:
    report = validate(_parse(path), context=load_context())
    assert report.conforms, report.to_text()
    assert report.results == [], report.to_text()


@pytest.mark.parametrize("path", NEGATIVE, ids=lambda p: p.name)
def test_negative_fixture_fails_as_declared(path: Path) -> None:
    expected = sorted(_header(path, "expect"))
    assert expected, f"{path.name} declares no '# expect:' line"
    report = validate(_parse(path), context=load_context())
    got = sorted(f"sh:{r.constraint} {r.path_text or '-'} {r.shape_name.split(' ')[0]}"
                 for r in report.results)
    assert got == expected, report.to_text()
    severities = {r.severity for r in report.results}
    assert report.conforms == ("Violation" not in severities)
    for needle in _header(path, "message"):
        assert any(needle in r.message_in("en") for r in report.results), report.to_text()
    for r in report.results:
        en, vi = r.message_in("en"), r.message_in("vi")
        assert en and vi and en != vi, f"{r.shape_name}: needs distinct @en and @vi messages"


def test_every_named_shape_has_a_negative_fixture() -> None:
    covered = {shape for path in NEGATIVE for shape in _header(path, "shape")}
    assert _node_shapes() - covered == set()
    assert covered - _node_shapes() == set(), "a fixture names a shape that does not exist"


def _focus_nodes(shape: URIRef, data: Graph, merged: Graph) -> set[URIRef]:
    """The SHACL targets of a node shape among the data's subjects (class targets follow
    rdfs:subClassOf in the merged data, as SHACL instance does)."""
    shapes = load_shapes("all")
    subjects = set(data.subjects())
    nodes: set[URIRef] = set()
    for cls in shapes.objects(shape, SH.targetClass):
        classes = set(merged.transitive_subjects(RDFS.subClassOf, cls))
        nodes |= {s for c in classes for s in merged.subjects(RDF.type, c) if s in subjects}
    for prop in shapes.objects(shape, SH.targetSubjectsOf):
        nodes |= {s for s in data.subjects(prop, None)}
    return nodes


def test_every_node_shape_is_exercised_by_a_positive_fixture() -> None:
    context = load_context()
    shapes = load_shapes("all")
    unexercised = set()
    graphs = [_parse(p) for p in POSITIVE]
    for shape in shapes.subjects(RDF.type, SH.NodeShape):
        if shape in EVERY_SUBJECT_SHAPES:  # applied to every subject of every fixture
            continue
        if not any(_focus_nodes(shape, g, g + context) for g in graphs):
            unexercised.add(str(shape))
    assert unexercised == set()


def test_fixtures_exist_for_every_shape_file() -> None:
    files = {p.stem for p in SHAPES_DIR.glob("*.ttl")} - {"prefixes"}
    assert files >= {"core", "facts", "provenance", "per-source"}
    assert len(NEGATIVE) >= len(_node_shapes())


def test_reference_data_conforms_to_the_shapes() -> None:
    from graph.build import load_ontology, load_reference_data

    reference = load_reference_data()
    assert len(reference) > 0, "ontology/reference/*.ttl is empty"
    report = validate(reference, context=load_ontology(), per_source=False)
    assert report.conforms, report.to_text()
