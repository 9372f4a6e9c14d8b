"""Loader rules behind the seed questions (ontology-anchors.md §8), each stated on a short
synthetic article so that the rule, not the seed text, is what is specified."""

from __future__ import annotations

from rdflib import Literal
from rdflib.namespace import DCTERMS

from graph.model import source_iri
from loaders.article import extract


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
