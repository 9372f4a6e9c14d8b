"""The gazetteer is generated from reference labels: adding an entity is a data change.

A tiny reference graph stands in for ontology/reference so the matching rules are visible:
longest match, word boundaries, dash-insensitive, case rules for acronyms and one-word names,
diacritic-insensitive (fuzzy) hits for long names, nested mentions.
"""

from __future__ import annotations

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import SKOS

from graph.model import iri
from loaders.article import extract
from loaders.gazetteer import Gazetteer
from loaders.reference import load_reference


def _gaz(*entries: tuple[URIRef, str, str]) -> Gazetteer:
    g = Graph()
    for subject, label, lang in entries:
        g.add((subject, SKOS.altLabel, Literal(label, lang=lang)))
    return Gazetteer.from_graph(g)


MOLISA = iri("org", "vn-molisa")
LAOS = iri("country", "la")
IAI = iri("initiative", "iai")


def test_longest_match_with_dash_variants_and_word_boundaries() -> None:
    gaz = _gaz((MOLISA, "Bộ Lao động - Thương binh và Xã hội", "vi"), (LAOS, "Lào", "vi"))
    text = "Bộ Lao động – Thương binh và Xã hội và Lào; người lao động"
    hits = [(m.surface, m.iri) for m in gaz.match(text)]
    assert hits == [("Bộ Lao động – Thương binh và Xã hội", MOLISA), ("Lào", LAOS)]


def test_acronyms_match_only_in_capitals_and_short_names_only_capitalised() -> None:
    gaz = _gaz((IAI, "IAI", "vi"), (LAOS, "Lào", "vi"))
    assert [m.iri for m in gaz.match("dự án IAI")] == [IAI]
    assert gaz.match("chữ iai thường") == []
    assert gaz.match("bánh lào") == []


def test_long_names_match_without_diacritics_as_fuzzy_hits() -> None:
    plan = iri("framework", "ascc-blueprint-2025")
    gaz = _gaz((plan, "Kế hoạch tổng thể Cộng đồng Văn hóa – Xã hội ASEAN 2025", "vi"))
    (hit,) = gaz.match("thực hiện Kế hoạch Tổng thể Công đồng Văn hóa – Xã hội ASEAN 2025 đã")
    assert hit.iri == plan and hit.fuzzy


def test_adding_a_label_to_the_reference_data_is_enough_to_find_an_entity() -> None:
    text = "Đại diện Quỹ Thử nghiệm Hợp tác Mê Công phát biểu."
    fund = iri("org", "test-mekong-fund")
    before = extract(text, "k1")
    assert fund not in {m.iri for m in before.mentions}
    ref = Graph()
    for t in load_reference():
        ref.add(t)
    ref.add((fund, SKOS.prefLabel, Literal("Quỹ Thử nghiệm Hợp tác Mê Công", lang="vi")))
    after = extract(text, "k1", reference=ref)
    assert fund in {m.iri for m in after.mentions}


def test_countries_inside_a_group_name_are_mentioned_too() -> None:
    gaz = _gaz((iri("org", "mission"), "Phái đoàn Việt Nam tại ASEAN", "vi"),
               (iri("country", "vn"), "Việt Nam", "vi"))
    outer = gaz.match("Trưởng Phái đoàn Việt Nam tại ASEAN")
    assert [m.iri for m in outer] == [iri("org", "mission")]
    assert [m.iri for m in gaz.nested("Trưởng Phái đoàn Việt Nam tại ASEAN", outer)] == [
        iri("country", "vn")]
