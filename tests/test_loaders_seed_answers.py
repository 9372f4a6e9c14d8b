"""Loader rules behind the seed questions (ontology-anchors.md §8), each stated on a short
synthetic article so that the rule, not the seed text, is what is specified."""

from __future__ import annotations

import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, RDF

from graph.model import AKG, iri, source_iri
from loaders.article import Extraction, extract


def test_photographer_of_a_caption_is_a_contributor_of_the_source() -> None:
    """'(Ảnh: Tên/Hãng)' credits a person (dcterms:contributor); the agency is not a person."""
    ex = extract("Nhóm Đặc trách IAI họp tại Jakarta ngày 5/6/2024.\n\n"
                 "Quang cảnh cuộc họp. (Ảnh: Lê Văn Hòa/TTXVN)\n\n"
                 "Các nước thảo luận Kế hoạch công tác IAI giai đoạn V.\n", "cap")
    src = source_iri("cap")
    assert set(ex.graph.objects(src, DCTERMS.contributor)) == {Literal("Lê Văn Hòa")}


def test_agency_only_photo_credit_names_no_contributor() -> None:
    ex = extract("The IAI Task Force met in Jakarta on 5 June 2024.\n\n"
                 "Delegates at the meeting. (Photo: VNA)\n", "cap-en")
    assert not list(ex.graph.objects(source_iri("cap-en"), DCTERMS.contributor))


def test_photo_credit_inside_a_teaser_is_not_this_articles_credit() -> None:
    ex = extract("Nhóm Đặc trách IAI họp tại Jakarta ngày 5/6/2024.\n\n"
                 "Tin cùng chuyên mục\n\n"
                 "Thủ tướng gặp đối tác. (Ảnh: Trần Minh/TTXVN)\n", "teaser")
    assert not list(ex.graph.objects(source_iri("teaser"), DCTERMS.contributor))


def _figures(ex: Extraction) -> dict[str, dict[URIRef, object]]:
    """Each reported figure's value → its properties."""
    out: dict[str, dict[URIRef, object]] = {}
    for f in ex.graph.subjects(RDF.type, AKG.ReportedFigure):
        out[str(ex.graph.value(f, AKG.value))] = dict(ex.graph.predicate_objects(f))
    return out


@pytest.mark.parametrize("sentence", [
    "Các Đối tác ASEAN hỗ trợ 12 dự án, với tổng trị giá 4,5 triệu USD.",
    "Các đối tác của ASEAN đã tài trợ 12 dự án, với tổng trị giá 4,5 triệu USD.",
    "ASEAN partners supported 12 projects worth 4.5 million USD.",
    "There are 12 projects funded by ASEAN partners, worth 4.5 million USD in total.",
])
def test_figures_the_partners_support_are_partner_supported(sentence: str) -> None:
    """'Đối tác … hỗ trợ/tài trợ N dự án': a collective funder, recorded as akg:scope."""
    ex = extract("Nhóm Đặc trách IAI họp ngày 5/6/2024 tại Jakarta về Kế hoạch công tác IAI "
                 f"giai đoạn IV.\n\n{sentence}\n", "partners")
    figs = _figures(ex)
    for value in ("12", "4500000"):
        assert figs[value][AKG.scope] == Literal("partner-supported", lang="en"), value
        assert AKG.fundedBy not in figs[value]


def test_a_named_funder_is_not_a_partner_scope() -> None:
    ex = extract("Nhóm Đặc trách IAI họp ngày 5/6/2024 về Kế hoạch công tác IAI giai đoạn IV. "
                 "Kế hoạch có 20 dự án, trong đó 6 dự án do Singapore tài trợ.\n", "sg")
    figs = _figures(ex)
    assert figs["6"][AKG.fundedBy] == iri("country", "sg")
    assert AKG.scope not in figs["6"] and AKG.scope not in figs["20"]
