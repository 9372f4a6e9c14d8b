"""People with titles, and the posts they hold (org:Membership).

Why rules: no offline Vietnamese NER finds ministries or posts reliably (research note §2), but
news writes people in a few fixed shapes: "Đại sứ Nguyễn Hải Bằng, Trưởng phái đoàn Việt Nam
tại ASEAN", "Phó Tổng Thư ký ASEAN phụ trách Kinh tế, ông Satvinder Singh", "Minister X",
"ông Nguyễn Mạnh Cường, Vụ trưởng Vụ Hợp tác quốc tế, Bộ …". The person key is the slug of the
name, so "Nguyễn Hải Bằng" and "Nguyen Hai Bang" are one IRI. The post's organisation and role
come from gazetteer mentions inside the post text (roles are concepts of the reference data).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rdflib import URIRef

from graph.model import AKG, iri, slug
from loaders.document import Doc
from loaders.facts import MembershipRec
from loaders.mention import Mention
from loaders.normalise import tone_fold

__all__ = ["Person", "find_people"]

TITLES = [
    "Phó Thủ tướng Thường trực", "Phó Thủ tướng", "Thủ tướng", "Tổng Bí thư", "Chủ tịch nước",
    "Chủ tịch Quốc hội", "Phó Chủ tịch", "Bộ trưởng cao cấp", "Bộ trưởng", "Thứ trưởng Thường trực",
    "Thứ trưởng", "Phó Tổng Thư ký", "Tổng Thư ký", "Phó Vụ trưởng", "Vụ trưởng", "Cục trưởng",
    "Đại sứ", "Tổng Lãnh sự", "Trưởng đoàn", "Trợ lý Bộ trưởng", "Tổng Giám đốc", "Giám đốc",
    "Tiến sĩ", "PGS.TS", "TS.", "Ngài", "ngài", "Ông", "ông", "Bà", "bà",
    "Deputy Prime Minister", "Prime Minister", "Deputy Secretary-General",
    "Deputy Secretary General", "Secretary-General", "Secretary General", "Senior Minister",
    "Deputy Minister", "Vice Minister", "Minister", "Ambassador", "Director-General",
    "Director General", "Deputy Director-General", "Permanent Secretary", "President",
    "Chairman", "Chairperson", "H.E.", "Mr.", "Ms.", "Mrs.", "Dr.", "Mr", "Ms", "Mrs", "Dr",
    "PM", "led by", "headed by", "chaired by", "do đồng chí",
]
HONORIFICS = {"Ngài", "ngài", "Ông", "ông", "Bà", "bà", "H.E.", "Mr.", "Ms.", "Mrs.", "Dr.",
              "Mr", "Ms", "Mrs", "Dr", "Tiến sĩ", "TS.", "PGS.TS", "led by", "headed by",
              "chaired by", "do đồng chí"}
# Capitalised words that name institutions, not people: a name run never starts with them.
_INSTITUTION_WORDS = set(
    "Bộ Vụ Cục Ban Ủy Uỷ Sở Hội Nhóm Phái Văn Tổng Công Thương Trung Quốc Kinh Ngoại Lao "
    "Economic Community Ministry Minister Department Council Committee Affairs Foreign Trade "
    "Industry Secretariat Office Mission Permanent Government National Agency Commission "
    "Development Cooperation Senior Officials Meeting Summit Task Force Initiative Integration "
    "Work Plan Action Framework Deputy Director General Secretary Prime Ambassador Head Leader "
    "The A An Of And For In On At By From With Vietnamese Cambodian Lao Laotian Myanmar Thai "
    "Malaysian Singaporean Indonesian Philippine Bruneian Japanese Korean Chinese Australian "
    "Indian American Samdech Techo Akka Moha Sena Padei Dato Datuk Tan Sri Pehin Dr Mr Ms "
    "Mrs".split())
VI_SURNAMES = set(
    "Nguyễn Trần Lê Phạm Hoàng Huỳnh Phan Vũ Võ Đặng Bùi Đỗ Hồ Ngô Dương Lý Tôn Lưu Đinh Đào "
    "Mai Trịnh Tạ Hà Cao Lâm Chu Triệu Thái Tô Kiều Lương Vương Quách Đoàn Lại Văn Tăng Nông "
    "Hứa Khổng La Bạch Cù Diệp Giáp Hầu Khúc Lạc Mạc Nghiêm Ninh Phùng Quan Thân Tống Từ Ứng Âu "
    "Nguyen Tran Le Pham Hoang Huynh Phan Vu Vo Dang Bui Do Ho Ngo Duong Ly Ton Luu Dinh Dao "
    "Trinh Ta Ha Cao Lam Chu Trieu Thai To Kieu Luong Vuong Quach Doan Lai Van Tang Nong".split())
_TITLE_RE = re.compile(r"(?<![\w])(" + "|".join(re.escape(t) for t in
                                                 sorted(TITLES, key=len, reverse=True)) + r")"
                       r"(?=[\s,])")
_NAME_WORD = r"[A-ZÀ-ỸĐ][a-zà-ỹđ]+(?:-[A-ZÀ-ỸĐa-zà-ỹđ][a-zà-ỹđ]+)?"
_NAME = re.compile(rf"{_NAME_WORD}(?:\s+{_NAME_WORD}){{1,4}}")
_STOP_AFTER_NAME = re.compile(
    r"\s*(?:khẳng định|nhấn mạnh|cho biết|phát biểu|đã|đang|sẽ|chủ trì|dẫn đầu|cảm ơn|"
    r"said|stressed|noted|chaired|led|says|added|underlined|highlighted|và|and)\b")
_VERB_IN_POST = re.compile(
    r"\s(?:khẳng định|nhấn mạnh|cho biết|phát biểu|đã|đang|sẽ|chủ trì|dẫn đầu|cảm ơn|"
    r"nhận định|said|stressed|noted|chaired|led|says|added|underlined|highlighted|"
    r"presented|updated|cập nhật)\b")
_POST_START = re.compile(
    r"^(?:Trưởng|Phó|Đại sứ|Bộ trưởng|Thứ trưởng|Vụ trưởng|Cục trưởng|Giám đốc|Tổng|Chủ tịch|"
    r"Trợ lý|Head|Deputy|Director|Chair|Minister|Ambassador|Permanent|Secretary|Senior|"
    r"Vice|President|Leader|Chief)\b")


_HONORIFIC_WORD = (r"(?:ông|bà|Ông|Bà|Ngài|ngài|Mr\.?|Ms\.?|Mrs\.?|Dr\.?|H\.E\.|TS\.|Tiến sĩ|"
                   r"PGS\.TS\.?)")
_POST_THEN_HONORIFIC = re.compile(rf"(?:[^,.;]{{0,80}},\s+){{1,3}}?({_HONORIFIC_WORD})\s+")
# Portfolio words of a minister's post ("Minister of Commerce", "of Industry and Trade"): they are
# capitalised like a name and must not be read as the start of one.
_PORTFOLIO_WORDS = (
    "Commerce|Trade|Industry|Finance|Planning|Investment|Labour|Labor|Invalids|Social|Affairs|"
    "Welfare|Education|Training|Health|Information|Communications?|Culture|Sports?|Tourism|"
    "Agriculture|Rural|Development|Forestry|Fisheries|Justice|Defence|Defense|Home|Interior|"
    "Foreign|Natural|Resources|Environment|Energy|Mines|Public|Works|Transport|Science|"
    "Technology|Economy|Economic|National|Women|Youth|Religious|Construction|Posts|"
    "Telecommunications|Digital|International|Cooperation|Integration|ASEAN")
_PORTFOLIO = re.compile(rf"(?:of|for)\s+(?:the\s+)?(?:{_PORTFOLIO_WORDS})"
                        rf"(?:(?:,\s*|\s+and\s+|\s+&\s+|\s+)(?:{_PORTFOLIO_WORDS}))*\s+(?=[A-Z])")


def _post_before(doc: Doc, a: int, pos: int) -> int | None:
    """Start of the post written just before an honorific ("<post>, Ngài <name>"): the comma
    segments back from the honorific, as long as they continue a post (the first one starts
    with a post word; the others are posts or name an organisation)."""
    text = doc.text
    head = text[a:pos]
    if not re.search(r",\s*$", head):
        return None
    cuts = [a] + [a + m.end() for m in re.finditer(r",\s*", head)]
    segs = [(cuts[i], cuts[i + 1]) for i in range(len(cuts) - 1)]
    best = None
    for s0, s1 in reversed(segs):
        seg = text[s0:s1].strip(" ,")
        if _POST_START.match(seg):
            best = s0
        elif not doc.mentions_in(s0, s1, ("org", "country")):
            break
    return best


@dataclass
class Person:
    iri: URIRef
    name: str
    mention: Mention
    post: str
    post_span: tuple[int, int]
    known: bool


_POST_WORDS = set(
    "Economic Community Ministry Minister Department Council Committee Affairs Foreign Trade "
    "Industry Secretariat Office Mission Permanent Government National Agency Commission "
    "Development Cooperation Senior Officials Meeting Summit Task Force Initiative Integration "
    "Leader Leaders Head Chair Chairman Director General Secretary Deputy Ambassador".split())
_STOP_WORD = re.compile(
    r"\s(?:khẳng định|nhấn mạnh|cho biết|phát biểu|đã|đang|sẽ|chủ trì|dẫn đầu|cảm ơn|"
    r"nhận định|đánh giá|trình bày|tham dự|tiếp|và|said|stressed|noted|chaired|led|says|added|"
    r"underlined|highlighted|presented|updated|reported|proposed|attended|welcomed|and|as|"
    r"in|at|on|who|with|has|had|was|is|will)\b")


def _is_upper_word(w: str) -> bool:
    return bool(w) and w[0].isupper() and any(c.isalpha() for c in w)


def _name_after(doc: Doc, pos: int, end: int, *, honorific: bool) -> tuple[int, int] | None:
    """The person's name in the text after a title: the last run of 2-4 capitalised words
    before a comma or verb that is not inside a gazetteer mention and not an institution
    word ("Bộ trưởng Bộ Công Thương Nguyễn Hồng Diên chủ trì" → "Nguyễn Hồng Diên")."""
    text = doc.text
    window_end = min(end, pos + 110)
    inside = [(m.start, m.end) for m in doc.mentions if m.end > pos and m.start < window_end]
    for cut in re.finditer(r"[,;:()\[\]\n]|\.\s|\s[-–—]\s", text[pos:window_end]):
        if not any(x <= pos + cut.start() < y for x, y in inside):
            window_end = pos + cut.start()
            break
    for stop in _STOP_WORD.finditer(text, pos, window_end):
        if not any(x <= stop.start() + 1 < y for x, y in inside):
            window_end = stop.start()
            break
    blocked = [(m.start, m.end) for m in doc.mentions if m.kind != "person"
               and m.start < window_end and m.end > pos]
    runs: list[list[tuple[int, int]]] = []
    current: list[tuple[int, int]] = []
    for m in re.finditer(r"[^\s]+", text[pos:window_end]):
        ws = pos + m.start()
        word = m.group(0).rstrip(".")
        inside = any(a <= ws < b for a, b in blocked)
        if _is_upper_word(word) and not inside and re.fullmatch(r"[^\W\d_]+(?:-[^\W\d_]+)?",
                                                                 word):
            current.append((ws, ws + len(word)))
        else:
            if current:
                runs.append(current)
            current = []
    if current:
        runs.append(current)
    for run in reversed(runs):
        while run and text[run[0][0]:run[0][1]] in _INSTITUTION_WORDS:
            run = run[1:]
        if not 2 <= len(run) <= 5:
            continue
        words = [text[a:b] for a, b in run]
        if any(w in _POST_WORDS or (len(w) > 1 and w.isupper()) for w in words):
            continue  # "the SEOM Leader of Cambodia" names a post, not a person
        if doc.lang == "vi" and words[0] not in VI_SURNAMES and not all(
                w.isascii() for w in words):
            continue
        return run[0][0], run[-1][1]
    return None


def find_people(doc: Doc) -> tuple[list[Person], list[MembershipRec]]:
    """Find titled people in the content sentences; add person mentions; return memberships."""
    people: list[Person] = []
    members: list[MembershipRec] = []
    text = doc.text
    for a, b in doc.sentences:
        for t in _TITLE_RE.finditer(text, a, b):
            title = t.group(1)
            if any(p.mention.start <= t.start() < p.mention.end for p in people):
                continue
            honorific = title in HONORIFICS
            pre_post = ""
            pos = t.end()
            while pos < b and text[pos] == " ":
                pos += 1
            portfolio = _PORTFOLIO.match(text, pos, b) if not honorific else None
            if portfolio:
                pos = portfolio.end()  # "Minister of Industry and Trade Nguyen Hong Dien"
            name_m = _name_after(doc, pos, b, honorific=honorific)
            post_start = t.start()
            if name_m is None and not honorific:
                # "Phó Tổng Thư ký ASEAN phụ trách Kinh tế, ông Satvinder Singh", "Vụ trưởng Vụ
                # Hợp tác quốc tế, Bộ …, TS. Nguyễn Thị Lan": the post runs up to the honorific
                c = _POST_THEN_HONORIFIC.match(text, t.end(), b)
                if c:
                    pre_post = text[t.start():c.start(1)].rstrip(" ,")
                    name_m = _name_after(doc, c.end(), b, honorific=True)
            elif honorific:
                # "Trưởng Phái đoàn … tại ASEAN, Ngài Ahmad Rizal Hashim": the post before it
                back = _post_before(doc, a, t.start())
                if back is not None:
                    post_start = back
                    pre_post = text[back:t.start()].rstrip(" ,")
            if name_m is None:
                continue
            ns, ne = name_m
            name = text[ns:ne]
            pid = iri("person", slug(name))
            known = pid in doc.ref.gazetteer.by_iri
            mention = Mention(ns, ne, name, "person", pid)
            doc.add_mention(mention)
            post_parts: list[str] = []
            if pre_post:
                post_parts.append(pre_post)
            elif not honorific:
                post_parts.append(title)
            post_end = ne
            if pre_post == "" and not honorific and ns - t.end() > 2:
                post_parts = [text[t.start():ns].strip().rstrip(",")]
            if not _STOP_AFTER_NAME.match(text, ne, b):
                seg = re.compile(r",\s*([^,;()]+)").match(text, ne, b)
                while seg and (_POST_START.match(seg.group(1)) or any(
                        m.start <= seg.start(1) < m.end for m in doc.mentions
                        if m.kind in ("org", "country"))):
                    part = seg.group(1)
                    v = _VERB_IN_POST.search(part)
                    if v:
                        part = part[:v.start()]
                    post_parts.append(part.strip())
                    post_end = seg.start(1) + len(part.rstrip())
                    if v:
                        break
                    seg = re.compile(r",\s*([^,;()]+)").match(text, seg.end(), b)
            post = ", ".join(p for p in post_parts if p)
            span = (min(post_start, ns), max(post_end, ne))
            person = Person(pid, name, mention, post, span, known)
            people.append(person)
            members.extend(_memberships(doc, person))
    return people, members


def _memberships(doc: Doc, person: Person) -> list[MembershipRec]:
    """One membership per role named in the post, with the first organisation after the role
    (or the country named just before the title: "Lao Minister X" → Laos)."""
    if not person.post:
        return []
    a, b = person.post_span
    orgs = [m for m in doc.mentions_in(a, b + 200, ("org",))
            if m.start < b and not m.overlaps(person.mention)]
    roles = _roles(doc, a, b)
    out: list[MembershipRec] = []
    if not roles:
        if orgs:
            out.append(MembershipRec(person.iri, orgs[0].iri, None, person.post, doc.lang,
                                     (a, b)))
        return out
    for i, (rs, re_, role) in enumerate(roles):
        nxt = roles[i + 1][0] if i + 1 < len(roles) else b
        cand = [o for o in orgs if rs - 2 <= o.start < nxt or o.start < rs < o.end]
        org_iri = cand[0].iri if cand else None
        seg_end = cand[0].end if cand else re_
        mission = _mission_after(doc, re_, nxt + 60, role)
        if mission is not None:
            org_iri, seg_end = mission
        if org_iri is None:
            # "Bộ trưởng Bộ Công Thương Lào X": a foreign ministry named with its country
            inner = [c for c in doc.mentions_in(re_, nxt, ("country",))
                     if c.end <= person.mention.start]
            if inner:
                org_iri = inner[0].iri
        if org_iri is None:
            before = doc.mentions_in(max(0, a - 25), a + 1, ("country",))
            if before and re.fullmatch(r"\s*", doc.text[before[-1].end:a]):
                org_iri = before[-1].iri
                rs = before[-1].start
        if org_iri is None or any(m.organization == org_iri for m in out):
            continue
        title = doc.text[rs:max(seg_end, re_)].strip(" ,")
        out.append(MembershipRec(person.iri, org_iri, role, title, doc.lang, (a, b)))
    return out


_MISSION_ROLES = {"permanent-representative", "head-of-mission", "ambassador"}
_OF_COUNTRY_TO_ASEAN = re.compile(r"\s*(?:of|của)\s+(?:the\s+)?$")
_TO_ASEAN = re.compile(r"\s*(?:to|tại|bên cạnh)\s+ASEAN\b")


def _mission_after(doc: Doc, a: int, b: int, role: URIRef) -> tuple[URIRef, int] | None:
    """'Permanent Representative of Indonesia to ASEAN', 'Đại sứ, Đại diện thường trực của Việt
    Nam tại ASEAN': the post is in that country's permanent mission to ASEAN (curated with
    akg:country), not in ASEAN itself."""
    if str(role).rsplit("/", 1)[1] not in _MISSION_ROLES:
        return None
    for c in doc.mentions_in(a, min(b, len(doc.text)), ("country",)):
        if not _OF_COUNTRY_TO_ASEAN.fullmatch(doc.text[a:c.start]):
            continue
        to = _TO_ASEAN.match(doc.text, c.end)
        mission = _missions(doc).get(c.iri)  # type: ignore[arg-type]
        if to and mission is not None:
            return mission, to.end()
        return None
    return None


_MISSION_CACHE: dict[int, dict[URIRef, URIRef]] = {}


def _missions(doc: Doc) -> dict[URIRef, URIRef]:
    """Country → its permanent mission to ASEAN, from the reference data."""
    key = id(doc.ref)
    hit = _MISSION_CACHE.get(key)
    if hit is None:
        mission_type = AKG.Mission
        hit = {c: o for o, c in sorted(doc.ref.country_of.items())
               if mission_type in doc.ref.types.get(o, ()) and str(o).endswith("-mission-asean")}
        _MISSION_CACHE[key] = hit
    return hit


_ROLE_CACHE: dict[int, tuple[re.Pattern[str], dict[str, URIRef]]] = {}


def _role_matcher(doc: Doc) -> tuple[re.Pattern[str], dict[str, URIRef]]:
    """One alternation over every role label (fold keys, longest first), built once per
    reference data."""
    key = id(doc.ref)
    hit = _ROLE_CACHE.get(key)
    if hit is None:
        by_key: dict[str, URIRef] = {}
        for role, labels in sorted(doc.ref.gazetteer.concepts("role").items()):
            for lab in labels:
                k = tone_fold(lab.text)
                if len(k) >= 3:
                    by_key.setdefault(k, role)
        alts = "|".join(re.escape(k) for k in sorted(by_key, key=len, reverse=True))
        pattern = re.compile(r"(?<!\w)(?:" + (alts or "(?!)") + r")(?!\w)")
        hit = _ROLE_CACHE[key] = (pattern, by_key)
    return hit


def _roles(doc: Doc, a: int, b: int) -> list[tuple[int, int, URIRef]]:
    """Role-concept labels found in text[a:b], longest first, as (start, end, iri)."""
    pattern, by_key = _role_matcher(doc)
    folded = tone_fold(doc.text[a:b])
    return [(a + m.start(), a + m.end(), by_key[m.group(0)]) for m in pattern.finditer(folded)]
