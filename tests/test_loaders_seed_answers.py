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


def _participations(ex: Extraction) -> set[tuple[str, str]]:
    """(participant key, role key) of every participation."""
    g = ex.graph
    return {(str(g.value(p, AKG.participant)).rsplit("/", 1)[-1],
             str(g.value(p, AKG.role)).rsplit("/", 1)[-1])
            for p in g.subjects(RDF.type, AKG.Participation)}


@pytest.mark.parametrize("sentence", [
    "Đại diện Bộ Ngoại giao, với tư cách Điều phối quốc gia IAI, phát biểu tại Hội nghị.",
    "Đại diện Bộ Ngoại giao với tư cách là cơ quan điều phối quốc gia đã phát biểu.",
    "The Ministry of Foreign Affairs, as the IAI National Coordinator, addressed the meeting.",
])
def test_the_capacity_an_agency_takes_part_in_is_its_role(sentence: str) -> None:
    """'<agency>, với tư cách <role> <body>' / 'as <role> of <body>' → a participation with
    that role, next to the attendance."""
    ex = extract("Ngày 5/6/2024, Hội nghị tham vấn quốc gia về Sáng kiến Liên kết ASEAN (IAI) "
                 f"diễn ra tại Hà Nội. Tham dự có đại diện Ban Thư ký ASEAN.\n\n{sentence}\n",
                 "capacity")
    assert ("vn-mofa", "national-coordinator") in _participations(ex)


def test_a_capacity_with_a_year_is_a_term_not_a_meeting_role() -> None:
    """'với tư cách là nước điều phối hợp tác CLMV năm 2023' is a coordinator term of CLMV."""
    ex = extract("Ngày 22/9/2023, Hội nghị Bộ trưởng Kinh tế CLMV lần thứ 14 diễn ra tại Hà Nội. "
                 "Bộ trưởng Bộ Công Thương chủ trì Hội nghị với tư cách là nước điều phối hợp "
                 "tác CLMV năm 2023.\n", "term")
    assert not {r for _p, r in _participations(ex)} & {"coordinator", "national-coordinator"}


def _events(ex: Extraction) -> set[tuple[str, str, str | None, str | None]]:
    """(document key, action key, tense, atEvent) of every document event."""
    g = ex.graph

    def key(u: object) -> str | None:
        return None if u is None else str(u).split("/id/", 1)[-1]

    return {(str(g.value(e, AKG.document)).rsplit("/", 1)[-1],
             str(g.value(e, AKG.action)).rsplit("/", 1)[-1],
             str(g.value(e, AKG.tense)) if g.value(e, AKG.tense) else None,
             key(g.value(e, AKG.atEvent)))
            for e in g.subjects(RDF.type, AKG.DocumentEvent)}


def test_the_regional_report_is_named_by_its_short_form() -> None:
    """'Báo cáo khu vực' is a surface form of the ASCC Blueprint 2025 mid-term review report."""
    ex = extract("Ngày 6/10/2020, Hội nghị tổng kết đánh giá giữa kỳ diễn ra tại Hà Nội. Các nước "
                 "cần hoàn thiện để kịp trình Báo cáo khu vực lên Hội nghị Cấp cao ASEAN lần thứ "
                 "37 sẽ được tổ chức tại Việt Nam vào tháng 11 tới.\n", "short")
    assert ("ascc-blueprint-2025-mtr", "submitted", "planned",
            "meeting/asean-summit/37") in _events(ex)


def test_a_decision_at_a_meeting_named_in_its_clause_links_that_meeting() -> None:
    """'… trước khi trình lên Hội nghị Cấp cao ASEAN lần thứ 37 ghi nhận' in a later sentence:
    the planned notation is at the 37th Summit (akg:atEvent), not just some time."""
    ex = extract("Ngày 6/10/2020, Hội nghị tổng kết đánh giá giữa kỳ diễn ra tại Hà Nội. Hội nghị "
                 "Cấp cao ASEAN lần thứ 37 sẽ diễn ra vào tháng 11/2020.\n\nHội nghị thống nhất "
                 "hoàn thiện Báo cáo đánh giá khu vực trước khi trình lên Hội nghị Cấp cao ASEAN "
                 "lần thứ 37 ghi nhận.\n", "clause")
    assert ("ascc-blueprint-2025-mtr", "noted", "planned",
            "meeting/asean-summit/37") in _events(ex)


def test_a_meeting_before_a_comma_is_not_the_venue_of_the_next_verb() -> None:
    ex = extract("Ngày 22/7/2020, Hội nghị SEOM CLMV lần thứ 19 diễn ra trực tuyến, thảo luận "
                 "để Khung khổ phát triển CLMV được thông qua tại Hội nghị cấp cao CLMV lần thứ "
                 "10, thảo luận Kế hoạch hành động CLMV 2021-2022.\n", "comma")
    assert not any(d == "clmv-2021-2022" and at and "clmv-summit" in at
                   for d, _a, _t, at in _events(ex))
