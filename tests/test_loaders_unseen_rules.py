"""General rules found missing by the third held-out batch (h07–h09), each specified on a short
synthetic article so that the rule, not the held-out text, is what is tested.

Facts are read back through the evaluation contract (loaders.evaluate.project), i.e. exactly as
docs/model.md says a reader of the graph sees them.
"""

from __future__ import annotations

from loaders.article import extract
from loaders.evaluate import FactSets, project


def facts(text: str, doc_id: str = "t") -> FactSets:
    return project(extract(text, doc_id).graph, doc_id)


def test_as_of_the_end_of_a_month_dates_the_figures_of_its_sentence() -> None:
    """'tính đến cuối tháng 3/2025' is the figures' as-of date (2025-03), not the meeting's."""
    f = facts("Ngày 11/4/2025, Nhóm Đặc trách IAI họp tại Jakarta.\n\n"
              "Tính đến cuối tháng 3/2025, Kế hoạch công tác IAI IV đã triển khai hơn 130 dự án.\n")
    assert {(x[1].rsplit("/", 1)[1], x[2], x[5]) for x in f["figure"]} == {
        ("project-count", "130", "2025-03")}


def test_an_honorific_after_the_post_keeps_the_post() -> None:
    """'<post>, Ngài <name>': the name has no honorific, and the post before it is his post."""
    f = facts("Ngày 11/4/2025, Nhóm Đặc trách IAI họp tại Jakarta. Phát biểu khai mạc, Trưởng "
              "Phái đoàn đại diện thường trực Malaysia tại ASEAN, Ngài Ahmad Rizal Hashim cho "
              "biết các dự án đã được triển khai.\n")
    assert ("id/person/ahmad-rizal-hashim", "id/org/my-mission-asean",
            "id/concept/role/head-of-mission") in f["membership"]
    assert not any("ngai" in e[0] for e in f["entity"])


def test_a_post_of_several_comma_parts_before_a_title_of_learning() -> None:
    """'Vụ trưởng Vụ X, Bộ Y, TS. <name>': the director of the department, 'TS.' dropped."""
    f = facts("Ngày 13/3/2025, Bộ Lao động - Thương binh và Xã hội tổ chức Hội nghị. Vụ trưởng Vụ "
              "Hợp tác quốc tế, Bộ Lao động - Thương binh và Xã hội, TS. Nguyễn Thị Lan trình bày "
              "báo cáo.\n")
    assert ("id/person/nguyen-thi-lan", "id/org/vn-molisa-international-cooperation-department",
            "id/concept/role/director-general") in f["membership"]


def test_a_ministers_portfolio_is_not_part_of_his_name() -> None:
    """'Cambodian Minister of Commerce Cham Nimul' is Cham Nimul, minister of Cambodia."""
    f = facts("Jakarta, August 22 (VNA) – Cambodian Minister of Commerce Cham Nimul chaired the "
              "15th CLMV Economic Ministers' Meeting on August 21, 2023.\n")
    assert ("id/person/cham-nimul", "id/country/kh", "id/concept/role/minister") in f["membership"]
    assert ("id/person/commerce-cham-nimul",) not in f["entity"]


def test_a_chair_term_this_year_takes_the_year_of_the_documents_evidence() -> None:
    """'Malaysia, nước Chủ tịch Nhóm Đặc trách IAI năm nay' in an article dated 14/04/2025."""
    f = facts("Thứ Hai, 14/04/2025 09:15 (GMT+7)\n\nNgày 11/4, Cuộc họp do Malaysia, nước Chủ tịch "
              "Nhóm Đặc trách IAI năm nay, chủ trì.\n")
    assert f["chair_term"] == {("id/org/iai-task-force", "2025", "id/country/my",
                                "id/concept/role/chair")}


def test_a_rotating_coordinatorship_this_year_in_english() -> None:
    f = facts("Jakarta, August 22 (VNA) – The meeting was held in Jakarta on August 21, 2023, "
              "chaired by Cambodia, which holds the rotating CLMV coordinatorship this year.\n")
    assert f["chair_term"] == {("id/org/clmv", "2023", "id/country/kh",
                                "id/concept/role/coordinator")}


def test_a_chair_term_without_any_year_evidence_is_not_invented() -> None:
    f = facts("Cuộc họp do Malaysia, nước Chủ tịch Nhóm Đặc trách IAI năm nay, chủ trì.\n")
    assert f["chair_term"] == set()


def test_several_meetings_of_a_series_in_one_sentence_each_get_date_and_place() -> None:
    """'… tham vấn quốc gia … tại Campuchia (ngày 2/4) và Lào (ngày 9/4)': two meetings."""
    f = facts("Thứ Hai, 14/04/2025 09:15\n\nCác cuộc tham vấn quốc gia về Kế hoạch công tác IAI "
              "giai đoạn 5 đã được tổ chức tại Campuchia (ngày 2/4) và Lào (ngày 9/4).\n")
    got = {(ref, field, value) for ref, field, value in f["meeting"]
           if field in ("place", "start_date")}
    assert got == {("id/meeting/2025-04-02", "start_date", "2025-04-02"),
                   ("id/meeting/2025-04-02", "place", "id/country/kh"),
                   ("id/meeting/2025-04-09", "start_date", "2025-04-09"),
                   ("id/meeting/2025-04-09", "place", "id/country/la")}


def test_one_meeting_with_a_place_and_a_date_stays_one_meeting() -> None:
    f = facts("Thứ Hai, 14/04/2025 09:15\n\nHội nghị tham vấn quốc gia về Kế hoạch công tác IAI "
              "đã diễn ra tại Hà Nội ngày 2/4.\n")
    assert {ref for ref, _, _ in f["meeting"]} == {"id/meeting/2025-04-02"}


SIDE_MEETING = (
    "Jakarta, August 22 (VNA) – The 55th ASEAN Economic Ministers' Meeting took place in Jakarta "
    "on August 20-21, 2023.\n\nOn the sidelines, the 15th CLMV Economic Ministers' Meeting was "
    "held in Jakarta on August 21.\n\nThe ministers adopted the CLMV Action Plan 2023-2024, which "
    "includes over 40 activities.\n\nThe 55th AEM also reviewed the AEC Blueprint 2025.\n")


def test_a_side_meeting_continued_by_an_anaphor_dates_the_next_sentences_facts() -> None:
    """'The ministers adopted …' right after the side meeting's sentence happened at it."""
    f = facts(SIDE_MEETING)
    assert ("id/actionplan/clmv-2023-2024", "id/concept/action/adopted", "2023-08-21",
            "done") in f["document_event"]
    assert {x[5] for x in f["figure"] if x[2] == "40"} == {"2023-08-21"}


def test_without_the_anaphor_the_main_meeting_dates_the_facts() -> None:
    f = facts(SIDE_MEETING.replace("The ministers adopted", "Viet Nam welcomed the adoption of"))
    assert {x[5] for x in f["figure"] if x[2] == "40"} == {"2023-08-20"}


def test_who_chaired_the_meeting_is_not_the_chair_of_the_next_one_announced() -> None:
    """'X, who chaired the meeting, said the 16th … would be held in Laos next year': X chaired
    the meeting reported before (the 15th), the 16th has no chair yet."""
    f = facts(SIDE_MEETING + "\nCambodian Minister of Commerce Cham Nimul, who chaired the "
              "meeting, said the 16th CLMV Economic Ministers' Meeting would be held in Laos next "
              "year.\n")
    chairs = {(ref, v) for ref, field, v in f["meeting"] if field.startswith("chair")}
    assert ("id/meeting/clmv-emm/15", "id/person/cham-nimul") in chairs
    assert not any(ref == "id/meeting/clmv-emm/16" for ref, _ in chairs)


def test_a_permanent_representative_of_a_country_to_asean_is_in_its_mission() -> None:
    f = facts("The IAI Task Force met in Jakarta on February 14, 2023. The meeting was chaired by "
              "Ambassador Ade Padmo Sarwono, Permanent Representative of Indonesia to ASEAN.\n")
    assert ("id/person/ade-padmo-sarwono", "id/org/id-mission-asean",
            "id/concept/role/permanent-representative") in f["membership"]


def test_a_ministry_name_followed_by_another_country_is_not_viet_nams() -> None:
    """'Bộ trưởng Bộ Công Thương Lào X' is a Lao minister, not a member of Viet Nam's MOIT."""
    f = facts("Chiều 28/8/2020, Hội nghị Bộ trưởng Kinh tế CLMV lần thứ 12 diễn ra dưới sự chủ trì "
              "của Bộ trưởng Bộ Công Thương Lào Somvang Phommachak. Bộ trưởng Bộ Công Thương Trần "
              "Tuấn Anh dẫn đầu đoàn Việt Nam.\n")
    assert ("id/person/somvang-phommachak", "id/country/la",
            "id/concept/role/minister") in f["membership"]
    assert ("id/person/tran-tuan-anh", "id/org/vn-moit", "id/concept/role/minister") \
        in f["membership"]


def test_the_task_force_refers_back_to_the_body_named_before() -> None:
    f = facts("Jakarta, February 15 (VNA) – The IAI Task Force held its 65th meeting in Jakarta on "
              "February 14, 2023, under the chairmanship of Indonesia, which chairs the Task Force "
              "this year.\n")
    assert f["chair_term"] == {("id/org/iai-task-force", "2023", "id/country/id",
                                "id/concept/role/chair")}


def test_agency_credit_lines_and_credited_captions_are_boilerplate() -> None:
    """'VNA/VNS' alone on a line is a credit; '… – VNA/VNS Photo' is a caption."""
    from loaders.boilerplate import layout

    text = ("Ministers meet\n\nJakarta, August 22 (VNA) – The ministers met.\n\nVNA/VNS\n\n"
            "Delegates pose for a group photo. – VNA/VNS Photo\n")
    kinds = {text[b.start:b.end]: b.kind for b in layout(text).blocks}
    assert kinds["VNA/VNS"] == "credit"
    assert kinds["Delegates pose for a group photo. – VNA/VNS Photo"] == "caption"


def test_an_agency_credited_in_the_dateline_organises_nothing() -> None:
    f = facts("14/03/2025 16:20\n\nHà Nội (TTXVN) 14/3 - Ngày 13/3, tại Hà Nội, Bộ Lao động - "
              "Thương binh và Xã hội phối hợp với Bộ Ngoại giao tổ chức Hội nghị tổng kết Đề án "
              "161.\n")
    assert {p for _, p, _ in f["participation"]} == {"id/org/vn-molisa", "id/org/vn-mofa"}
    assert ("id/org/vna",) not in f["entity"]


def test_a_scheme_approved_under_a_decision_in_the_passive() -> None:
    f = facts("Đề án xây dựng và triển khai kế hoạch thực hiện các mục tiêu của Cộng đồng Văn "
              "hóa - Xã hội ASEAN đến năm 2025 (Đề án 161) được Thủ tướng Chính phủ phê duyệt "
              "tại Quyết định số 161/QĐ-TTg ngày 25/01/2016.\n")
    assert ("id/nationalscheme/vn-de-an-161", "akg:approvedBy",
            "id/legislation/vn/161-qd-ttg-2016") in f["claim"]


def test_a_framework_named_with_its_period_states_the_period() -> None:
    f = facts("Ngày 13/3/2025, các đại biểu thảo luận định hướng triển khai Kế hoạch Chiến lược "
              "Cộng đồng Văn hóa - Xã hội ASEAN 2026-2030.\n")
    fw = "id/framework/ascc-strategic-plan-2026-2030"
    assert {(fw, "akg:periodStart", "2026"), (fw, "akg:periodEnd", "2030")} <= f["claim"]


def test_a_country_inside_a_curated_organisations_name_is_not_a_mention() -> None:
    """Only the outermost name counts: 'Phái đoàn Việt Nam tại ASEAN' mentions the mission."""
    f = facts("Ngày 11/4/2025, Nhóm Đặc trách IAI họp tại Jakarta. Đại sứ Nguyễn Hải Bằng, Trưởng "
              "Phái đoàn Việt Nam tại ASEAN, phát biểu.\n")
    assert ("id/org/vn-mission-asean",) in f["entity"]
    assert ("id/country/vn",) not in f["entity"]


def test_bodies_implementing_a_plan_and_a_share_completed_are_about_the_plan() -> None:
    """'18 Bộ, ngành đã thực hiện … và hoàn thành 96% nhiệm vụ của Đề án' (after the scheme is
    named) counts implementing bodies and the completion rate of the scheme, not the meeting."""
    f = facts("Ngày 13/3/2025, tại Hà Nội, Bộ Ngoại giao tổ chức Hội nghị tổng kết Đề án 161.\n\n"
              "Báo cáo cho biết, 18 Bộ, ngành đã thực hiện hơn 320 hoạt động và hoàn thành 96% "
              "nhiệm vụ của Đề án.\n")
    got = {(x[0], x[1].rsplit("/", 1)[1], x[2]) for x in f["figure"]}
    assert ("id/nationalscheme/vn-de-an-161", "organisation-count", "18") in got
    assert ("id/nationalscheme/vn-de-an-161", "implementation-rate", "96") in got


def test_viet_nams_minister_of_industry_and_trade_but_not_a_lao_one() -> None:
    f = facts("Jakarta, August 22 (VNA) – The 55th ASEAN Economic Ministers' Meeting took place in "
              "Jakarta on August 20-21, 2023. Vietnamese Minister of Industry and Trade Nguyen "
              "Hong Dien led the Vietnamese delegation. Lao Minister of Industry and Trade "
              "Malaythong Kommasith also attended.\n")
    assert ("id/person/nguyen-hong-dien", "id/org/vn-moit", "id/concept/role/minister") \
        in f["membership"]
    assert ("id/person/malaythong-kommasith", "id/country/la", "id/concept/role/minister") \
        in f["membership"]



def test_a_country_named_after_the_person_is_not_the_country_of_his_post() -> None:
    """Only a country between the post and the name ('Bộ Công Thương Lào X') replaces a foreign
    ministry; 'Prime Minister X and a representative of Myanmar' keeps X's own country."""
    f = facts("Vientiane, March 5 (VNA) – The 12th CLMV Summit took place on March 4, 2024. "
              "Vietnamese Prime Minister Tran Duc Minh and a representative of Myanmar attended.\n")
    assert {m for m in f["membership"] if m[0] == "id/person/tran-duc-minh"} == {
        ("id/person/tran-duc-minh", "id/country/vn", "id/concept/role/prime-minister")}


def test_a_draft_to_be_submitted_to_a_numbered_meeting_for_adoption() -> None:
    """'… thảo luận dự thảo Kế hoạch X, dự kiến trình Hội nghị … lần thứ 47 thông qua vào
    tháng 10/2025': a planned adoption of X in 2025-10."""
    f = facts("Thứ Hai, 14/04/2025 09:15\n\nNgày 11/4, Cuộc họp đã thảo luận dự thảo Kế hoạch công "
              "tác IAI giai đoạn 5 (2026-2030), dự kiến trình Hội nghị Cấp cao ASEAN lần thứ 47 "
              "thông qua vào tháng 10/2025.\n")
    adopted = {e for e in f["document_event"] if e[1].endswith("/adopted")}
    assert adopted == {("id/workplan/iai-5", "id/concept/action/adopted", "2025-10", "planned")}
