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

from graph.model import iri, slug
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
]
HONORIFICS = {"Ngài", "ngài", "Ông", "ông", "Bà", "bà", "H.E.", "Mr.", "Ms.", "Mrs.", "Dr.",
              "Mr", "Ms", "Mrs", "Dr", "Tiến sĩ", "TS.", "PGS.TS"}
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


@dataclass
class Person:
    iri: URIRef
    name: str
    mention: Mention
    post: str
    post_span: tuple[int, int]
    known: bool


def _name_after(doc: Doc, pos: int, end: int, *, honorific: bool) -> re.Match[str] | None:
    m = _NAME.match(doc.text, pos, end)
    if not m:
        return None
    words = m.group(0).split()
    # stop the name before a word that starts a gazetteer mention (e.g. a country)
    for mm in doc.mentions_in(m.start(), m.end()):
        if mm.kind != "person":
            if mm.start <= m.start():
                return None
            cut = doc.text[m.start():mm.start].rstrip()
            m2 = _NAME.fullmatch(cut) if cut else None
            return _NAME.match(doc.text, m.start(), m.start() + len(cut)) if m2 else None
    if doc.lang == "vi" and words[0] not in VI_SURNAMES and not honorific:
        return None
    return m


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
            name_m = _name_after(doc, pos, b, honorific=honorific)
            post_start = t.start()
            if name_m is None and not honorific:
                # "Phó Tổng Thư ký ASEAN phụ trách Kinh tế, ông Satvinder Singh"
                c = re.compile(r"[^,.;]{0,80},\s+(ông|bà|Mr\.?|Ms\.?|Mrs\.?|Dr\.?)\s+").match(
                    text, t.end(), b)
                if c:
                    pre_post = text[t.start():t.end() + len(c.group(0))].rsplit(",", 1)[0]
                    name_m = _name_after(doc, c.end(), b, honorific=True)
            if name_m is None:
                continue
            if any(m.kind in ("country", "org", "place") and m.start <= name_m.start() < m.end
                   for m in doc.mentions):
                continue
            name = name_m.group(0)
            pid = iri("person", slug(name))
            known = pid in doc.ref.gazetteer.by_iri
            mention = Mention(name_m.start(), name_m.end(), name, "person", pid)
            doc.add_mention(mention)
            post_parts: list[str] = []
            if pre_post:
                post_parts.append(pre_post)
            elif not honorific:
                post_parts.append(title)
            post_end = name_m.end()
            if not _STOP_AFTER_NAME.match(text, name_m.end(), b):
                seg = re.compile(r",\s*([^,;()]+)").match(text, name_m.end(), b)
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
            span = (min(post_start, name_m.start()), max(post_end, name_m.end()))
            person = Person(pid, name, mention, post, span, known)
            people.append(person)
            members.extend(_memberships(doc, person))
    return people, members


def _memberships(doc: Doc, person: Person) -> list[MembershipRec]:
    """One membership per organisation named in the post, with the role named just before it."""
    if not person.post:
        return []
    a, b = person.post_span
    orgs = [m for m in doc.mentions_in(a, b + 200, ("org",))
            if m.start < b and not m.overlaps(person.mention)]
    roles = _roles(doc, a, b)
    out: list[MembershipRec] = []
    for org in orgs:
        before = [r for r in roles if r[0] <= org.start + 4]
        role = before[-1][2] if before else None
        if any(r.organization == org.iri for r in out):
            continue
        seg_a = max([r[0] for r in before] or [a])
        seg_b = org.end
        title = doc.text[seg_a:seg_b] if before else person.post
        out.append(MembershipRec(person.iri, org.iri, role, title, doc.lang, (a, b)))
    return out


def _roles(doc: Doc, a: int, b: int) -> list[tuple[int, int, URIRef]]:
    """Role-concept labels found in text[a:b], longest first, as (start, end, iri)."""
    folded = tone_fold(doc.text[a:b])
    found: list[tuple[int, int, URIRef]] = []
    for role, labels in sorted(doc.ref.gazetteer.concepts("role").items()):
        for lab in labels:
            key = tone_fold(lab.text)
            if len(key) < 3:
                continue
            for m in re.finditer(r"(?<!\w)" + re.escape(key) + r"(?!\w)", folded):
                s, e = a + m.start(), a + m.end()
                if not any(x[0] <= s and e <= x[1] for x in found):
                    found = [x for x in found if not (s <= x[0] and x[1] <= e)]
                    found.append((s, e, role))
    found.sort()
    return found
