"""The RDF → networkx projection and the questions asked of it (paths, central, GraphML), on the
hand-made fixture: entities are nodes, object properties are edges labelled by predicate, and
literals, provenance and vocabulary stay out unless asked."""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner
from rdflib import Dataset

from graph.analytics import central, paths, to_networkx, write_graphml
from graph.cli import main
from graph.model import AKG, ORG, PROV
from graph.stores.oxigraph import OxigraphStore

FIXTURE = Path(__file__).parent / "fixtures" / "queries" / "seedlike.trig"
ID = "https://w3id.org/aseankg/id/"


@pytest.fixture(scope="module")
def store() -> OxigraphStore:
    s = OxigraphStore(None)
    s.load(FIXTURE.read_bytes(), "application/trig")
    return s


@pytest.fixture(scope="module")
def g(store: OxigraphStore) -> nx.MultiDiGraph:
    return to_networkx(store)


def test_nodes_are_entities_with_label_type_and_category(g: nx.MultiDiGraph) -> None:
    assert g.nodes[ID + "person/nguyen-hai-bang"] == {
        "iri": ID + "person/nguyen-hai-bang", "label": "Nguyễn Hải Bằng",
        "type": "schema:Person", "category": "person"}
    assert g.nodes[ID + "country/vn"]["type"] == "schema:Country"
    assert g.nodes[ID + "org/vn-mofa"]["category"] == "organisation"
    assert g.nodes[ID + "workplan/iai-4"]["category"] == "document"  # via rdfs:subClassOf
    assert g.nodes[ID + "figure/f114"]["category"] == "fact"


def test_edges_carry_their_predicate(g: nx.MultiDiGraph) -> None:
    edges = g.get_edge_data(ID + "meeting/iai-tf/63", ID + "country/vn")
    assert list(edges) == [str(AKG.chairCountry)]
    assert edges[str(AKG.chairCountry)] == {"predicate": str(AKG.chairCountry),
                                            "label": "akg:chairCountry"}
    assert str(ORG.member) in g.get_edge_data(ID + "membership/ct2021", ID + "country/vn")


def test_literals_provenance_and_vocabulary_are_left_out_by_default(g: nx.MultiDiGraph) -> None:
    categories = {d["category"] for _, d in g.nodes(data=True)}
    assert categories.isdisjoint({"literal", "provenance", "source"})
    assert not any(n.startswith(ID + "source/") or n.startswith(ID + "annotation/") for n in g)
    assert not any(d["predicate"] == str(PROV.wasDerivedFrom) for *_, d in g.edges(data=True))
    assert ID + "concept/role/chair" not in g  # a role is a qualifier, not a connection
    assert str(AKG.Meeting) not in g and str(AKG.plannedEnd) not in g
    assert g.number_of_nodes() == 42 and g.number_of_edges() == 51


def test_literals_and_provenance_when_asked(store: OxigraphStore) -> None:
    full = to_networkx(store, include_literals=True, include_provenance=True)
    assert ID + "source/001_bbbb" in full
    assert full.has_edge(ID + "figure/f114", ID + "source/002_cccc", key=str(PROV.wasDerivedFrom))
    literal = 'literal:"2021-07"^^<http://www.w3.org/2001/XMLSchema#gYearMonth>'
    assert full.nodes[literal]["category"] == "literal"
    assert full.has_edge(ID + "workplan/iai-3", literal)


def test_the_same_projection_from_an_rdflib_graph(g: nx.MultiDiGraph) -> None:
    ds = Dataset(default_union=True)
    ds.parse(FIXTURE, format="trig")
    other = to_networkx(ds)
    assert set(other.nodes) == set(g.nodes)
    assert sorted(other.edges(keys=True)) == sorted(g.edges(keys=True))


def test_paths_list_the_predicates_on_each_hop(store: OxigraphStore) -> None:
    found = paths(store, "Nguyen Hai Bang", "id:org/iai-task-force", k=3)
    assert [len(p) for p in found] == [2, 3, 4]
    first = found[0]
    assert first.nodes == (ID + "person/nguyen-hai-bang", ID + "membership/ct2021",
                           ID + "org/iai-task-force")
    assert [(h.predicate, h.forward) for h in first.hops] == [
        (str(AKG.representative), False), (str(ORG.organization), True)]
    assert first.to_text() == ("Nguyễn Hải Bằng <--akg:representative-- ChairTerm chair 2021 "
                               "--org:organization--> IAI Task Force")


def test_paths_avoid_provenance_unless_asked(store: OxigraphStore) -> None:
    plain = paths(store, "Japan", "ASEAN Secretariat", k=1)[0]
    assert len(plain) == 7
    assert str(PROV.wasDerivedFrom) not in {h.predicate for h in plain.hops}
    via_sources = paths(store, "Japan", "ASEAN Secretariat", k=1, include_provenance=True)[0]
    assert len(via_sources) == 6
    assert str(PROV.wasDerivedFrom) in {h.predicate for h in via_sources.hops}


def test_paths_bad_input(store: OxigraphStore) -> None:
    with pytest.raises(ValueError, match="no entity of the network is labelled 'Atlantis'"):
        paths(store, "Atlantis", "Viet Nam")
    with pytest.raises(ValueError, match="same entity"):
        paths(store, "Viet Nam", "id:country/vn")


def test_central_ranks_by_betweenness_within_a_type(store: OxigraphStore) -> None:
    top = central(store, top=3)
    assert [c.label for c in top] == ["Initiative for ASEAN Integration", "IAI Work Plan IV",
                                      "Viet Nam"]
    assert top[0].betweenness >= top[1].betweenness >= top[2].betweenness
    assert [c.label for c in central(store, "person")] == ["Tôn Thị Ngọc Hương",
                                                           "Nguyễn Hải Bằng"]
    assert [c.node for c in central(store, "akg:Ministry")] == [ID + "org/vn-mofa"]
    with pytest.raises(ValueError, match="unknown type 'spaceship'"):
        central(store, "spaceship")


def test_graphml_round_trip(store: OxigraphStore, g: nx.MultiDiGraph, tmp_path: Path) -> None:
    out = tmp_path / "net" / "kg.graphml"
    write_graphml(store, out)
    back = nx.read_graphml(out)
    assert set(back.nodes) == set(g.nodes)
    assert back.nodes[ID + "country/vn"]["label"] == "Viet Nam"


def test_cli_paths_and_central(tmp_path: Path) -> None:
    disk = OxigraphStore(tmp_path / "store")
    disk.load(FIXTURE.read_bytes(), "application/trig")
    disk.close()
    runner = CliRunner()
    res = runner.invoke(main, ["paths", "Nguyễn Hải Bằng", "IAI Task Force", "-k", "1",
                               "--store", str(tmp_path / "store")])
    assert res.exit_code == 0, res.output
    assert res.output.startswith("1. (2 hops) Nguyễn Hải Bằng <--akg:representative--")
    res = runner.invoke(main, ["central", "--type", "person", "--store",
                               str(tmp_path / "store")])
    assert res.exit_code == 0, res.output
    assert "Tôn Thị Ngọc Hương" in res.output.splitlines()[1]
    res = runner.invoke(main, ["paths", "Atlantis", "Viet Nam", "--store",
                               str(tmp_path / "store")])
    assert res.exit_code != 0 and "Atlantis" in res.output
