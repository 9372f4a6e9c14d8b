"""Surface forms → IRIs: the names the seed articles (and common Vietnamese/English variants) use
must resolve, through the labels alone, to exactly the right curated entity. The loader's
gazetteer is generated from these labels, so this table is the specification of what it can find.

The lookup here is deliberately simple and independent of loaders/: Unicode NFC, case-folded,
every dash as '-', whitespace collapsed; a form must match one entity and only that one.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from pathlib import Path

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import RDFS, SKOS

from graph.model import BASE, iri

ROOT = Path(__file__).resolve().parents[1]
REFERENCE_DIR = ROOT / "ontology" / "reference"
ID = BASE + "id/"
LABEL_PROPS = (SKOS.prefLabel, SKOS.altLabel, SKOS.hiddenLabel, RDFS.label)
# Schemes the loader uses as lexicons for its rules (counted nouns, titles, verbs) rather than as
# entity mentions; their labels may repeat across schemes ("observer" is a role and a category).
LEXICON_SCHEMES = ("measure", "unit", "role", "action")

_DASHES = re.compile(r"[\u2010-\u2015\u2212]")
_SPACE = re.compile(r"\s+")


def norm(text: str) -> str:
    text = unicodedata.normalize("NFC", text)
    return _SPACE.sub(" ", _DASHES.sub("-", text)).strip().casefold()


def _area(k: str) -> URIRef:
    return iri("concept", "iai-strategic-area", k)


BLUEPRINT = iri("framework", "ascc-blueprint-2025")
TF_PARTNERS = iri("series", "iai-tf-partners-consultation")
CLMV_SEOM = iri("series", "clmv-seom")
SECTORAL = iri("concept", "partner-category", "sectoral-dialogue-partner")


# (surface form as written, expected IRI). Seed forms first (ontology-anchors.md §7), then
# common variants an unseen article is likely to use.
SURFACE_FORMS: list[tuple[str, URIRef]] = [
    # initiative and plans
    ("Sáng kiến Hội nhập ASEAN", iri("initiative", "iai")),
    ("Sáng kiến Liên kết ASEAN", iri("initiative", "iai")),
    ("Sáng kiến Liên kết ASEAN (IAI)", iri("initiative", "iai")),
    ("Sáng kiến hội nhập ASEAN IAI", iri("initiative", "iai")),
    ("sáng kiến liên kết ASEAN", iri("initiative", "iai")),
    ("IAI", iri("initiative", "iai")),
    ("Initiative for ASEAN Integration", iri("initiative", "iai")),
    ("KHCT IAI giai đoạn 3", iri("workplan", "iai-3")),
    ("Kế hoạch công tác IAI giai đoạn ba (2016-2020)", iri("workplan", "iai-3")),
    ("IAI Work Plan III", iri("workplan", "iai-3")),
    ("KHCT IAI giai đoạn 4", iri("workplan", "iai-4")),
    ("KHCT IAI giai đoạn 4 (2021-2025)", iri("workplan", "iai-4")),
    ("Kế hoạch Công tác IAI giai đoạn 2021-2025", iri("workplan", "iai-4")),
    ("Kế hoạch công tác IAI giai đoạn bốn (2021-2025)", iri("workplan", "iai-4")),
    ("Kế hoạch Công tác IAI giai đoạn IV (2021-2025)", iri("workplan", "iai-4")),
    ("Kế hoạch công tác IAI giai đoạn 4", iri("workplan", "iai-4")),
    ("IAI Work Plan IV", iri("workplan", "iai-4")),
    ("Kế hoạch công tác IAI giai đoạn V", iri("workplan", "iai-5")),
    ("Tầm nhìn Cộng đồng ASEAN 2025", iri("framework", "asean-community-vision-2025")),
    ("ASEAN Community Vision 2025", iri("framework", "asean-community-vision-2025")),
    ("Cộng đồng ASEAN 2045", iri("framework", "asean-community-2045")),
    ("Kế hoạch tổng thể Cộng đồng Văn hóa – Xã hội ASEAN 2025", BLUEPRINT),
    ("Kế hoạch Tổng thể Công đồng Văn hóa – Xã hội ASEAN 2025", BLUEPRINT),
    ("ASCC Blueprint 2025", BLUEPRINT),
    ("Khung khổ Phát triển CLMV", iri("framework", "clmv-df")),
    ("văn kiện Khung khổ phát triển CLMV", iri("framework", "clmv-df")),
    ("CLMV Development Framework", iri("framework", "clmv-df")),
    ("Kế hoạch hành động CLMV 2019-2020", iri("actionplan", "clmv-2019-2020")),
    ("Kế hoạch hành động CLMV 2021-2022", iri("actionplan", "clmv-2021-2022")),
    ("Kế hoạch hành động (action plan) triển khai Khung khổ phát triển CLMV",
     iri("actionplan", "clmv-df-implementation")),
    ("Đề án 161", iri("nationalscheme", "vn-de-an-161")),
    ("Project 161", iri("nationalscheme", "vn-de-an-161")),
    ("Đề án xây dựng và triển khai kế hoạch thực hiện các mục tiêu của Cộng đồng Văn hóa – Xã hội "
     "ASEAN đến năm 2025", iri("nationalscheme", "vn-de-an-161")),
    ("Quyết định số 161/QĐ-TTg", iri("legislation", "vn", "161-qd-ttg-2016")),
    ("Decision 161/QĐ-TTg", iri("legislation", "vn", "161-qd-ttg-2016")),
    ("Báo cáo đánh giá 5 năm thực hiện Quyết định số 161/QĐ-TTg",
     iri("report", "vn-161-five-year-review")),
    ("dự thảo Báo cáo khu vực", iri("report", "ascc-blueprint-2025-mtr")),
    ("các mục tiêu phát triển bền vững đến năm 2030", iri("framework", "sdgs-2030")),
    # organisations
    ("ASEAN", iri("org", "asean")),
    ("Hiệp hội các quốc gia Đông Nam Á", iri("org", "asean")),
    ("Ban Thư ký ASEAN", iri("org", "asean-secretariat")),
    ("BTK ASEAN", iri("org", "asean-secretariat")),
    ("ASEAN Secretariat", iri("org", "asean-secretariat")),
    ("Nhóm Đặc trách IAI", iri("org", "iai-task-force")),
    ("Nhóm Đặc trách Sáng kiến Liên kết ASEAN (IAI)", iri("org", "iai-task-force")),
    ("Nhóm đặc trách sáng kiến liên kết ASEAN", iri("org", "iai-task-force")),
    ("Nhóm Đặc trách", iri("org", "iai-task-force")),
    ("IAI Task Force", iri("org", "iai-task-force")),
    ("các nước CLMV", iri("org", "clmv")),
    ("Campuchia – Lào – Mianma – Việt Nam", iri("org", "clmv")),
    ("Campuchia, Lào, Myanmar và Việt Nam", iri("org", "clmv")),
    ("cơ chế hợp tác kinh tế CLMV", iri("org", "clmv")),
    ("SOCA", iri("org", "soca")),
    ("Nhóm quan chức phụ trách Cộng đồng Văn hóa – Xã hội", iri("org", "soca")),
    ("Cộng đồng Văn hóa – Xã hội ASEAN", iri("org", "ascc")),
    ("Hội đồng Cộng đồng Văn hóa – Xã hội ASEAN", iri("org", "ascc-council")),
    ("ASEAN Coordinating Council", iri("org", "asean-coordinating-council")),
    ("AEM", iri("org", "aem")),
    ("ASEAN SEOM", iri("org", "asean-seom")),
    ("SEOM CLMV", iri("org", "clmv-seom")),
    ("Bộ Ngoại giao", iri("org", "vn-mofa")),
    ("MOFA", iri("org", "vn-mofa")),
    ("Bộ Công thương", iri("org", "vn-moit")),
    ("Bộ Công Thương", iri("org", "vn-moit")),
    ("Bộ Kế hoạch và Đầu tư", iri("org", "vn-mpi")),
    ("Bộ Giáo dục và Đào tạo", iri("org", "vn-moet")),
    ("Bộ Lao động – Thương binh và Xã hội", iri("org", "vn-molisa")),
    ("Bộ LĐ-TB&XH", iri("org", "vn-molisa")),
    ("MOLISA", iri("org", "vn-molisa")),
    ("Bộ Nông nghiệp và Phát triển nông thôn", iri("org", "vn-mard")),
    ("Bộ Y tế", iri("org", "vn-moh")),
    ("Bộ Tài nguyên và Môi trường", iri("org", "vn-monre")),
    ("Bộ Thông tin và Truyền thông", iri("org", "vn-mic")),
    ("Bộ Văn hóa, Thể thao và Du lịch", iri("org", "vn-mocst")),
    ("Ngân hàng Nhà nước Việt Nam", iri("org", "vn-sbv")),
    ("Vụ Thị trường châu Á – châu Phi", iri("org", "vn-moit-asia-africa-market-department")),
    ("Vụ Hợp tác quốc tế, Bộ Lao động – Thương binh và Xã hội",
     iri("org", "vn-molisa-international-cooperation-department")),
    ("Văn phòng Chính phủ", iri("org", "vn-government-office")),
    ("Ủy ban Đối ngoại của Quốc hội", iri("org", "vn-na-foreign-affairs-committee")),
    ("Ban Tuyên giao Trung ương", iri("org", "vn-central-propaganda-commission")),
    ("Trung ương Hội Liên hiệp Phụ nữ Việt Nam", iri("org", "vn-womens-union")),
    ("Phái đoàn Việt Nam tại ASEAN", iri("org", "vn-mission-asean")),
    ("Phái đoàn đại diện thường trực Việt Nam tại ASEAN", iri("org", "vn-mission-asean")),
    ("Permanent Mission of Viet Nam to ASEAN", iri("org", "vn-mission-asean")),
    ("Ngân hàng Phát triển châu Á", iri("org", "adb")),
    ("World Bank", iri("org", "world-bank")),
    ("UNDP", iri("org", "undp")),
    ("JICA", iri("org", "jica")),
    ("KOICA", iri("org", "koica")),
    ("GIZ", iri("org", "giz")),
    ("USAID", iri("org", "usaid")),
    ("Liên minh châu Âu", iri("org", "eu")),
    ("TTXVN", iri("org", "vna")),
    ("Vietnam+", iri("org", "vietnamplus")),
    ("Baoquocte", iri("org", "baoquocte")),
    # countries and places
    ("Việt Nam", iri("country", "vn")),
    ("Viet Nam", iri("country", "vn")),
    ("Vietnam", iri("country", "vn")),
    ("Campuchia", iri("country", "kh")),
    ("Cam-pu-chia", iri("country", "kh")),
    ("Lào", iri("country", "la")),
    ("Lao PDR", iri("country", "la")),
    ("Myanmar", iri("country", "mm")),
    ("Mianma", iri("country", "mm")),
    ("Mi-an-ma", iri("country", "mm")),
    ("Timor Leste", iri("country", "tl")),
    ("Timor-Leste", iri("country", "tl")),
    ("Đông Timor", iri("country", "tl")),
    ("Singapore", iri("country", "sg")),
    ("Xin-ga-po", iri("country", "sg")),
    ("Nhật Bản", iri("country", "jp")),
    ("Indonesia", iri("country", "id")),
    ("In-đô-nê-xi-a", iri("country", "id")),
    ("Ma-lai-xi-a", iri("country", "my")),
    ("Thái Lan", iri("country", "th")),
    ("Phi-líp-pin", iri("country", "ph")),
    ("Bru-nây", iri("country", "bn")),
    ("Hàn Quốc", iri("country", "kr")),
    ("Hoa Kỳ", iri("country", "us")),
    ("Trung Quốc", iri("country", "cn")),
    ("Ấn Độ", iri("country", "in")),
    ("Niu Di-lân", iri("country", "nz")),
    ("Liên bang Nga", iri("country", "ru")),
    ("Vương quốc Anh", iri("country", "gb")),
    ("Hà Nội", iri("place", "ha-noi")),
    ("Hanoi", iri("place", "ha-noi")),
    ("Jakarta", iri("place", "jakarta")),
    ("Viêng Chăn", iri("place", "vientiane")),
    ("Phnôm Pênh", iri("place", "phnom-penh")),
    # meeting series
    ("Cuộc họp Nhóm Đặc trách IAI", iri("series", "iai-tf")),
    ("cuộc họp của Nhóm Đặc trách Sáng kiến Liên kết ASEAN (IAI)", iri("series", "iai-tf")),
    ("IAI Task Force Meeting", iri("series", "iai-tf")),
    ("Tham vấn giữa Nhóm Đặc trách IAI và các Đối tác", TF_PARTNERS),
    ("Cuộc họp Tham vấn của Nhóm Đặc trách Sáng kiến Liên kết ASEAN (IAI) "
     "với các đối tác của ASEAN", TF_PARTNERS),
    ("IAI Task Force Consultation with Partners", TF_PARTNERS),
    ("Hội nghị Cấp cao CLMV", iri("series", "clmv-summit")),
    ("Hội nghị cấp cao CLMV", iri("series", "clmv-summit")),
    ("Hội nghị Bộ trưởng Kinh tế CLMV", iri("series", "clmv-emm")),
    ("Hội nghị Bộ trưởng kinh tế các nước CLMV", iri("series", "clmv-emm")),
    ("CLMV EMM", iri("series", "clmv-emm")),
    ("Hội nghị Quan chức Kinh tế cao cấp CLMV", CLMV_SEOM),
    ("Hội nghị Quan chức kinh tế cấp cao Campuchia – Lào – Mianma – Việt Nam", CLMV_SEOM),
    ("CLMV SEOM", CLMV_SEOM),
    ("Hội nghị SEOM CLMV", CLMV_SEOM),
    ("Hội nghị Cấp cao ASEAN", iri("series", "asean-summit")),
    ("ASEAN Summit", iri("series", "asean-summit")),
    ("Hội nghị Bộ trưởng Kinh tế ASEAN", iri("series", "aem")),
    ("Hội nghị Hội đồng Cộng đồng Văn hóa – Xã hội ASEAN", iri("series", "ascc-council")),
    ("Tham vấn quốc gia", iri("series", "iai-national-consultation")),
    ("Diễn đàn tham vấn cấp khu vực", iri("series", "iai-regional-consultation-forum")),
    # people
    ("Nguyễn Hải Bằng", iri("person", "nguyen-hai-bang")),
    ("Tôn Thị Ngọc Hương", iri("person", "ton-thi-ngoc-huong")),
    ("Satvinder Singh", iri("person", "satvinder-singh")),
    ("Nguyễn Mạnh Cường", iri("person", "nguyen-manh-cuong")),
    # strategic areas: every per-seed wording (ontology-anchors.md §7.6)
    ("Thực phẩm-Nông nghiệp", _area("food-agriculture")),
    ("lương thực và nông nghiệp", _area("food-agriculture")),
    ("Thực phẩm và Nông nghiệp", _area("food-agriculture")),
    ("Thuận lợi hóa thương mại", _area("trade-facilitation")),
    ("Tạo thuận lợi thương mại", _area("trade-facilitation")),
    ("Doanh nghiệp vừa, nhỏ và siêu nhỏ", _area("msme")),
    ("doanh nghiệp nhỏ và vừa", _area("msme")),
    ("Doanh nghiệp siêu nhỏ, nhỏ và vừa", _area("msme")),
    ("MSMEs", _area("msme")),
    ("Giáo dục", _area("education")),
    ("giáo dục đào tạo", _area("education")),
    ("Y tế và Phúc lợi", _area("health-wellbeing")),
    ("sức khỏe cộng đồng", _area("health-wellbeing")),
    ("Sức khỏe và y tế", _area("health-wellbeing")),
    ("Health and Well-being", _area("health-wellbeing")),
    ("Công nghiệp 4.0", _area("industry-4-0")),
    ("Industry 4.0", _area("industry-4-0")),
    ("Bền vững môi trường", _area("sustainability")),
    ("bền vững", _area("sustainability")),
    ("các vấn đề xã hội và giới", _area("social-gender")),
    # partner categories
    ("các Đối tác đối thoại", iri("concept", "partner-category", "dialogue-partner")),
    ("các Đối tác hợp tác theo lĩnh vực", SECTORAL),
    ("các Đối tác phát triển của ASEAN", iri("concept", "partner-category", "development-partner")),
    ("các đối tác của ASEAN", iri("concept", "partner-category", "asean-partner")),
    ("các quốc gia thành viên ASEAN", iri("concept", "partner-category", "asean-member-state")),
    # lexicons the loader's rules read: counted nouns, units, roles, actions
    ("dự án", iri("concept", "measure", "project-count")),
    ("projects", iri("concept", "measure", "project-count")),
    ("dòng hành động", iri("concept", "measure", "action-line-count")),
    ("action lines", iri("concept", "measure", "action-line-count")),
    ("phiên", iri("concept", "measure", "session-count")),
    ("tổng trị giá", iri("concept", "measure", "total-value")),
    ("tỷ lệ thực hiện", iri("concept", "measure", "implementation-rate")),
    ("lĩnh vực hợp tác mới", iri("concept", "measure", "new-area-count")),
    ("USD", iri("concept", "unit", "usd")),
    ("%", iri("concept", "unit", "percent")),
    ("chủ trì", iri("concept", "role", "chair")),
    ("Trưởng phái đoàn", iri("concept", "role", "head-of-mission")),
    ("Đại sứ", iri("concept", "role", "ambassador")),
    ("Vụ trưởng", iri("concept", "role", "director-general")),
    ("Phó Tổng Thư ký", iri("concept", "role", "deputy-secretary-general")),
    ("Trưởng SOCA", iri("concept", "role", "soca-leader")),
    ("Trưởng SEOM CLMV", iri("concept", "role", "seom-leader")),
    ("Điều phối quốc gia IAI", iri("concept", "role", "national-coordinator")),
    ("điều hành", iri("concept", "role", "moderator")),
    ("thông qua", iri("concept", "action", "adopted")),
    ("phê duyệt", iri("concept", "action", "approved")),
    ("ghi nhận", iri("concept", "action", "noted")),
    ("kết thúc", iri("concept", "action", "ended")),
]


@pytest.fixture(scope="module")
def index() -> dict[str, set[URIRef]]:
    """Normalised label → the curated things that carry it."""
    g = Graph()
    for path in sorted(REFERENCE_DIR.glob("*.ttl")):
        g.parse(path, format="turtle")
    out: dict[str, set[URIRef]] = defaultdict(set)
    for prop in LABEL_PROPS:
        for s, o in g.subject_objects(prop):
            if isinstance(s, URIRef) and s.startswith(ID) and "/conceptscheme/" not in s:
                out[norm(str(o))].add(s)
    return out


@pytest.mark.parametrize(("surface", "expected"), SURFACE_FORMS,
                         ids=[s for s, _ in SURFACE_FORMS])
def test_surface_form_resolves_to_exactly_the_right_entity(
    index: dict[str, set[URIRef]], surface: str, expected: URIRef
) -> None:
    assert index.get(norm(surface), set()) == {expected}


def _is_lexicon(s: URIRef) -> bool:
    return any(str(s).startswith(f"{ID}concept/{scheme}/") for scheme in LEXICON_SCHEMES)


def test_no_mention_label_names_two_entities(index: dict[str, set[URIRef]]) -> None:
    """An ambiguous label would make the gazetteer guess; every name must point one way."""
    clashes = {k: sorted(map(str, v)) for k, v in index.items()
               if len({s for s in v if not _is_lexicon(s)}) > 1}
    assert clashes == {}


def test_no_lexicon_label_is_shared_within_its_scheme(index: dict[str, set[URIRef]]) -> None:
    for scheme in LEXICON_SCHEMES:
        prefix = f"{ID}concept/{scheme}/"
        clashes = {k: sorted(map(str, v)) for k, v in index.items()
                   if len({s for s in v if str(s).startswith(prefix)}) > 1}
        assert clashes == {}, scheme


def test_the_lookup_normalises_dashes_case_and_spaces() -> None:
    assert norm("Campuchia – Lào  –  Mianma") == norm("campuchia - lào - mianma")
    assert norm("Bộ Công Thương") == norm("Bộ Công thương")
    assert norm("Việt Nam") != norm("Viet Nam")  # diacritics are kept: unaccented = hiddenLabel


def test_common_words_are_not_country_labels(index: dict[str, set[URIRef]]) -> None:
    """Common words and names ('anh', 'cập nhật', the given name 'Đức', 'Ý kiến', 'Lao động')
    and two-letter codes must not name countries."""
    for word in ("anh", "nhật", "đức", "ý", "lao", "id", "it", "in", "no"):
        assert not {s for s in index.get(word, set()) if "/country/" in str(s)}, word


@pytest.mark.parametrize("form", ["SEOM", "Chính phủ", "Ban Thư ký", "ASEAN Leaders",
                                  "các nhà Lãnh đạo ASEAN", "Vụ Hợp tác quốc tế"])
def test_context_dependent_forms_are_deliberately_not_labels(
    index: dict[str, set[URIRef]], form: str
) -> None:
    """Forms whose referent depends on context (which SEOM, which ministry's department, whose
    government) stay unlabelled so the gazetteer never guesses."""
    assert index.get(norm(form), set()) == set()
