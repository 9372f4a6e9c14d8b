"""The benchmark generators produce data shaped like the real graph (docs/model.md) and text
the article loader reads like real news: tiny sizes, no timing."""

from __future__ import annotations

import re
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib

from benchmarks import articles, synthetic
from graph.validate import load_context, validate

AKG = "https://w3id.org/aseankg/def#"
SOURCE = "https://w3id.org/aseankg/graph/source/"


@pytest.fixture(scope="module")
def small_graph(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("synthetic") / "g.nq"
    synthetic.write(path, 9_000)
    return path


def _store(path: Path) -> ox.Store:
    store = ox.Store()
    store.load(path=str(path), format=ox.RdfFormat.N_QUADS)
    return store


def test_same_seed_same_bytes_other_seed_other_bytes(tmp_path: Path) -> None:
    a, b, c = tmp_path / "a.nq", tmp_path / "b.nq", tmp_path / "c.nq"
    synthetic.write(a, 7_000)
    synthetic.write(b, 7_000)
    synthetic.write(c, 7_000, seed=7)
    assert a.read_bytes() == b.read_bytes()
    assert a.read_bytes() != c.read_bytes()


def test_size_is_reached_and_every_quad_is_in_a_named_graph(small_graph: Path) -> None:
    store = _store(small_graph)
    assert len(store) >= 9_000
    assert not list(store.quads_for_pattern(None, None, None, ox.DefaultGraph()))
    graphs = {g.value for g in store.named_graphs()}
    assert {"https://w3id.org/aseankg/graph/ontology",
            "https://w3id.org/aseankg/graph/reference"} <= graphs
    assert sum(g.startswith(SOURCE + "syn_") for g in graphs) >= 8


def test_facts_point_at_curated_entities_and_carry_evidence(small_graph: Path) -> None:
    store = _store(small_graph)
    q = f"""PREFIX akg: <{AKG}> PREFIX prov: <http://www.w3.org/ns/prov#>
    SELECT ?fig ?plan ?ev WHERE {{ ?fig a akg:ReportedFigure ; akg:about ?plan .
      OPTIONAL {{ ?fig akg:evidence ?ev }}
      FILTER NOT EXISTS {{ GRAPH <https://w3id.org/aseankg/graph/reference> {{ ?plan a ?t }} }}
    }}"""
    assert list(store.query(q, use_default_graph_as_union=True)) == []
    meetings = [r["m"].value for r in store.query(
        f"SELECT ?m WHERE {{ ?m a <{AKG}Meeting> }}", use_default_graph_as_union=True)]
    assert meetings
    assert all(re.fullmatch(r"https://w3id\.org/aseankg/id/meeting/[a-z0-9-]+/\d+", m)
               for m in meetings)


def test_every_quote_is_the_source_text_at_its_offsets(small_graph: Path) -> None:
    store = _store(small_graph)
    rows = list(store.query("""PREFIX oa: <http://www.w3.org/ns/oa#>
        PREFIX schema: <https://schema.org/>
        SELECT ?exact ?start ?end ?text WHERE {
          ?t oa:hasSource ?src ; oa:hasSelector ?q , ?p .
          ?q oa:exact ?exact . ?p oa:start ?start ; oa:end ?end . ?src schema:text ?text }""",
                            use_default_graph_as_union=True))
    assert len(rows) > 50
    for r in rows:
        start, end = int(r["start"].value), int(r["end"].value)
        assert r["text"].value[start:end] == r["exact"].value


def test_source_graphs_pass_the_project_shapes(small_graph: Path) -> None:
    ds = rdflib.Dataset()
    ds.parse(small_graph, format="nquads")
    sources = rdflib.Dataset()
    names = sorted(str(g.identifier) for g in ds.graphs() if str(g.identifier).startswith(SOURCE))
    for name in names[:3]:
        for s, p, o in ds.graph(rdflib.URIRef(name)):
            sources.add((s, p, o, rdflib.URIRef(name)))
    report = validate(sources, context=load_context())
    assert report.violations == 0, report.to_text()


def test_planted_defect_is_a_violation() -> None:
    """The defect the generator plants (a negative value) is one the shapes reject."""
    ref = synthetic.reference()
    import random

    rnd = random.Random(1)
    lines = synthetic._source(rnd, ref, 1, {}, [("Lê Văn An", "le-van-an")])
    value = f"<{AKG}value> \""
    bad = [ln.replace(value, value + "-") for ln in lines]
    assert bad != lines
    ds = rdflib.Dataset()
    ds.parse(data="\n".join(bad), format="nquads")
    report = validate(ds, context=load_context())
    negative = [r for r in report.results if r.severity == "Violation" and "negative" in r.message]
    assert len(negative) == sum(value in ln for ln in lines) == report.violations


def test_articles_are_deterministic_bilingual_and_use_reference_labels() -> None:
    arts = articles.generate(12)
    assert arts == articles.generate(12)
    texts = [t for _, t in arts]
    vi = [t for t in texts if "lần thứ" in t]
    en = [t for t in texts if re.search(r"\b\d+(st|nd|rd|th)\b", t)]
    assert vi and en and len(vi) + len(en) == len(texts)
    labels = articles.labels()
    names = {x for pairs in (labels.series, labels.countries) for pair in pairs for x in pair}
    assert all(any(name in t for name in names) for t in texts)
    assert all(re.search(r"\d{1,2}/\d{1,2}/\d{4}|\d{1,2} [A-Z][a-z]+ \d{4}", t) for t in texts)


def test_the_loader_extracts_meetings_and_figures_from_synthetic_articles() -> None:
    from loaders.article import extract

    ctx = load_context()
    facts: dict[str, int] = {}
    for doc_id, text in articles.generate(4, seed=3):
        ex = extract(text, doc_id, reference=ctx)
        for k, v in ex.facts.items():
            facts[k] = facts.get(k, 0) + v
    assert facts.get("meeting", 0) >= 3
    assert facts.get("figure", 0) >= 4
