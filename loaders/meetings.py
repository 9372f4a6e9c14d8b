"""Meetings: series + ordinal (the cross-document key), dates, place, mode, chair, participants.

Why the series + ordinal key: a Vietnamese and an English article about the same meeting must
give one IRI (id/meeting/{series}/{ordinal}). The series comes from the reference data: either a
series label in the text ("Hội nghị Cấp cao ASEAN", "CLMV SEOM") or a body the series belongs to
(akg:seriesOf: "cuộc họp … của Nhóm Đặc trách IAI"), choosing among that body's series by the
words of the meeting phrase ("Tham vấn … với các đối tác" → the partners' consultation).
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from rdflib import URIRef

from graph.model import AKG, content_hash, iri
from loaders.context import resolve_date
from loaders.document import Doc
from loaders.facts import MeetingRec, MembershipRec, ParticipationRec
from loaders.mention import Mention
from loaders.normalise import tone_fold
from loaders.numbers import parse_ordinal_en, parse_words

__all__ = ["MeetingHit", "context_meeting", "find_meetings", "role_iri"]

HEAD = re.compile(
    r"\b(?:[Cc]uộc họp|[Hh]ội nghị|[Pp]hiên họp|[Dd]iễn đàn|[Hh]ội thảo|[Cc]uộc [Tt]ham vấn|"
    r"[Tt]ham vấn|[Đđ]ối thoại|[Kk]ỳ họp|[Hh]ọp|[Mm]eeting|[Ss]ummit|[Cc]onsultations?|"
    r"[Cc]onference|[Ff]orum|[Rr]etreat|[Dd]ialogue|[Ww]orkshop|SEOM|AEM)\b")
_ORD_VI = re.compile(r"\blần thứ\s+(\d{1,3}|(?:mười|hai|ba|bốn|năm|sáu|bảy|tám|chín|một|mươi|"
                     r"lăm|mốt|tư)(?:\s+(?:mười|hai|ba|bốn|năm|sáu|bảy|tám|chín|một|mươi|lăm|"
                     r"mốt|tư)){0,3})\b")
_ORD_EN = re.compile(r"\b(\d{1,3}(?:st|nd|rd|th)|first|second|third|fourth|fifth|sixth|seventh|"
                     r"eighth|ninth|tenth|eleventh|twelfth|thirteenth|fourteenth|fifteenth|"
                     r"sixteenth|seventeenth|eighteenth|nineteenth|twentieth)\b")
_MODE = [
    ("mixed", re.compile(r"\b(?:kết hợp trực tiếp và trực tuyến|trực tiếp kết hợp trực tuyến|"
                         r"trực tuyến kết hợp trực tiếp|hybrid|in-person and online|"
                         r"online and in-person)\b", re.I)),
    ("online", re.compile(r"\b(?:trực tuyến|online|virtual(?:ly)?|video ?conference|"
                          r"videoconference|teleconference)\b", re.I)),
    ("offline", re.compile(r"\b(?:in person|in-person|face-to-face|hình thức trực tiếp|"
                           r"gặp mặt trực tiếp)\b", re.I)),
]
_PLACE_PREP = re.compile(r"\b(?:tại|ở|in|at)\s+(?:(?:thủ đô|thành phố|tỉnh|the capital|the city of|"
                         r"capital)\s+)?$")
_PASSIVE = re.compile(r"\b(?:do|by)\s+$")
_ATTEND = re.compile(r"\b(?:[Tt]ham dự|[Tt]ham gia|[Tt]hành phần|attended|attending|"
                     r"participants|participated|[Dd]elegates from)\b", re.I)
_TITLE_AFTER = re.compile(r"\s+(?:Prime Minister|Minister|President|Deputy|Ambassador|"
                          r"State Counsellor|Bộ trưởng|Thủ tướng|Đại sứ|Chủ tịch)\b")
_REP = re.compile(r"\b(?:[Đđ]ại diện(?: của)?(?: các)?|representatives? (?:of|from)(?: the)?)\s+$")
_PRESENT = re.compile(r"\b(?:cập nhật|báo cáo|trình bày|briefed|presented|updated|reported)\b")
_STOP = {"của", "các", "và", "với", "lần", "thứ", "the", "of", "and", "with", "on", "for", "a",
         "-", "(", ")", ",", "tại", "in", "at"}
_THIS = re.compile(r"\s*(?:lần này|này|this)\b")
_SCHEDULE_WORDS = re.compile(r"\b(?:diễn ra|tổ chức|khai mạc|họp|took place|was held|held|"
                             r"convened|opened|met)\b")


@dataclass
class MeetingHit:
    """A meeting named in the text: its key parts and the phrase that names it."""

    series: URIRef | None
    ordinal: int | None
    start: int
    end: int
    series_mention: Mention | None = None


def role_iri(key: str) -> URIRef:
    return iri("concept", "role", key)


def _ordinal_value(tok: str) -> int | None:
    if tok.isdigit():
        return int(tok)
    v = parse_ordinal_en(tok)
    return v if v is not None else parse_words(tok.split())


def _words(text: str) -> set[str]:
    return {w for w in re.findall(r"\w+", tone_fold(text)) if w not in _STOP}


def _pick_series(doc: Doc, org: Mention, phrase: str) -> URIRef | None:
    """Among the series of ``org``, the one whose label words best cover ``phrase``."""
    cands = doc.ref.series_of.get(org.iri, [])  # type: ignore[arg-type]
    if not cands:
        return None
    org_words: set[str] = set()
    for lab in doc.ref.gazetteer.by_iri.get(org.iri, []):  # type: ignore[arg-type]
        org_words |= _words(lab.text)
    have = _words(phrase)
    best: tuple[float, int, int, str] | None = None
    for s in cands:
        for lab in doc.ref.gazetteer.by_iri.get(s, []):
            want = _words(lab.text) - org_words
            if not want:
                continue
            hit = len(want & have)
            score = (hit / len(want), hit, -len(want), str(s))
            if best is None or score > best:
                best = score
    if best is None:
        return cands[0]
    return URIRef(best[3])


def _hits(doc: Doc) -> list[MeetingHit]:
    """Every meeting named with an ordinal or a series label, in text order."""
    text = doc.text
    hits: list[MeetingHit] = []
    all_series = [m for m in doc.mentions if m.kind == "series"]
    used: set[int] = set()
    for a, b in doc.sentences:
        ords: list[tuple[int, int, int]] = []
        for m in _ORD_VI.finditer(text, a, b):
            v = _ordinal_value(m.group(1))
            if v:
                ords.append((m.start(), m.end(), v))
        for m in _ORD_EN.finditer(text, a, b):
            v = _ordinal_value(m.group(1))
            nxt = text[m.end():min(b, m.end() + 70)]
            if v and HEAD.search(nxt) and not re.match(r"\s+(?:anniversary|time|year)", nxt):
                ords.append((m.start(), m.end(), v))
        for sm in doc.mentions_in(a, b, ("series",)):
            bare = re.match(r"\s+(\d{1,3})\b(?![/.,]\d)", text[sm.end:b])
            if bare:
                ords.append((sm.end, sm.end + bare.end(), int(bare.group(1))))
        for os_, oe, val in sorted(ords):
            head = None
            after_heads = [h for h in HEAD.finditer(text, oe, min(b, oe + 80))]
            if doc.lang == "en" and after_heads and not text[os_ - 9:os_].endswith("lần thứ "):
                head = after_heads[0]  # "the 45th ASEAN Summit": the head follows the ordinal
            else:
                for h in HEAD.finditer(text, max(a, os_ - 160), os_ + 1):
                    if h.end() <= os_ + 1:
                        head = h
            if doc.lang == "en" and head is not None and head.start() >= oe:
                # "the 16th Consultation Meeting of the IAI Task Force", or the body before:
                # "The IAI Task Force held its 65th meeting"
                its = re.search(r"\b(?:its|their)\s+$", text[max(a, os_ - 8):os_])
                win_a = max(a, os_ - 160) if its else max(a, os_ - 10)
                win_b = min(b, head.end() + 110)
            else:
                win_a, win_b = max(a, os_ - 160), min(b, oe + 140)
            sm = doc.mentions_in(win_a, win_b, ("series",))
            series = None
            smention = None
            if sm:
                smention = min(sm, key=lambda s: min(abs(s.start - oe), abs(os_ - s.end)))
                series = smention.iri
            if series is None:
                orgs = [m for m in doc.mentions_in(win_a, win_b, ("org",))
                        if doc.ref.series_of.get(m.iri)]  # type: ignore[arg-type]
                if orgs and (head or doc.lang == "en"):
                    org = min(orgs, key=lambda m: abs(m.start - oe))
                    ps = min(os_, org.start, head.start() if head else os_)
                    me = max(oe, org.end, head.end() if head else oe)
                    pe = min(b, me + 60)
                    series = _pick_series(doc, org, text[ps:pe])
                    smention = Mention(ps, me, text[ps:me], "series", series)
            if series is None or (head is None and smention is None):
                continue
            same = [x for x in sm if x.iri == series and abs(x.start - os_) < 160]
            start = min(x for x in (os_, head.start() if head else os_,
                                    smention.start if smention else os_,
                                    *(x.start for x in same)))
            end = max(oe, smention.end if smention else oe)
            hits.append(MeetingHit(series, val, start, end, smention))
            if smention is not None:
                used.add(smention.start)
            used.update(x.start for x in same)
    for sm in all_series:
        if sm.start not in used and sm.iri is not None:
            hits.append(MeetingHit(sm.iri, None, sm.start, sm.end, sm))
    hits.sort(key=lambda h: h.start)
    return hits


def _key(u: URIRef) -> str:
    return str(u).rstrip("/").rsplit("/", 1)[1]


def _mode(text: str) -> str | None:
    for name, pat in _MODE:
        if pat.search(text):
            return name
    return None


def _place(doc: Doc, a: int, b: int) -> URIRef | None:
    best = None
    for m in doc.mentions_in(a, b, ("place", "country")):
        if _PLACE_PREP.search(doc.text[max(a, m.start - 40):m.start]) or (
                best is not None and m.kind == "place"):
            if best is None or m.kind == "place" or best[0] != "place":
                best = (m.kind, m.iri)
            if m.kind == "place":
                break
    return best[1] if best else None


def find_meetings(doc: Doc, members: list[MembershipRec] | None = None
                  ) -> tuple[list[MeetingRec], list[ParticipationRec], MeetingRec | None]:
    """Meetings named in the document, the participations stated, and the main meeting."""
    hits = _hits(doc)
    text = doc.text
    meetings: dict[URIRef, MeetingRec] = {}
    order: list[URIRef] = []
    by_series_numbered: set[URIRef] = {h.series for h in hits if h.ordinal and h.series}
    main: MeetingRec | None = None
    for h in hits:
        assert h.series is not None
        if h.ordinal is None and h.series in by_series_numbered:
            continue  # a later mention of a numbered meeting of the same series
        sent = doc.sentence_at(h.start) or (h.start, h.end)
        # date/place/mode stated after the meeting phrase (or before it, for the lead sentence)
        nxt = [x for x in hits if x.start > h.end and sent[0] <= x.start < sent[1]]
        seg_end = nxt[0].start if nxt else sent[1]
        prev = [x for x in hits if x.end <= h.start and sent[0] <= x.start]
        seg_start = h.start if prev else sent[0]
        dates = [d for d in doc.dates_in(seg_start, seg_end) if d.day or d.month and d.kind in (
            "vi_my", "vi_m_rel", "en_my")]
        if not dates:
            dates = [d for d in doc.dates_in(h.end, seg_end)
                     if d.kind in ("en_year", "vi_year", "rel_year") and d.start - h.end < 40]
        if h.ordinal is None:
            split = _dated_places(doc, h.end, dates)
            if len(split) >= 2:
                # "tham vấn quốc gia … tại Campuchia (ngày 2/4) và Lào (ngày 9/4)": one meeting of
                # the series per date, each at the place written before its date
                for d, place in split:
                    s0, e0 = resolve_date(doc, d), resolve_date(doc, d, end=True)
                    if s0 is None or len(s0.lexical) != 10:
                        continue
                    mid = iri("meeting", _key(h.series), s0.lexical)
                    if mid not in meetings:
                        meetings[mid] = MeetingRec(mid, h.series, None, text[h.start:h.end],
                                                   doc.lang, sent, s0, e0, place,
                                                   _mode(text[seg_start:seg_end]))
                        order.append(mid)
                if h.series_mention is not None and h.series_mention not in doc.top:
                    doc.add_nested(h.series_mention, emit=True)
                continue
        start = end = None
        if dates:
            d = dates[0]
            start = resolve_date(doc, d)
            if d.day:
                end = resolve_date(doc, d, end=True)
        if h.ordinal is not None:
            mid = iri("meeting", _key(h.series), str(h.ordinal))
        elif start is not None and len(start.lexical) == 10:
            mid = iri("meeting", _key(h.series), start.lexical)
        else:
            mid = iri("meeting", _key(h.series),
                      f"{doc.context_year or 'undated'}-{content_hash(doc.doc_id, h.series)[:8]}")
        rec = meetings.get(mid)
        if rec is None:
            rec = MeetingRec(mid, h.series, h.ordinal, text[h.start:h.end], doc.lang,
                             sent)
            meetings[mid] = rec
            order.append(mid)
        if rec.start is None and start is not None:
            rec.start, rec.end = start, end
            rec.evidence = sent
        if rec.place is None:
            rec.place = _place(doc, seg_start, seg_end)
        if rec.mode is None:
            rec.mode = _mode(text[seg_start:seg_end])
        if h.series_mention is not None:
            if h.series_mention not in doc.top:
                doc.add_nested(h.series_mention, emit=True)  # without displacing names in it
        sentence = text[sent[0]:sent[1]]
        if main is None and (start is not None or _THIS.search(text, h.end, min(
                sent[1], h.end + 12))) and not _is_future(sentence):
            main = rec
    if main is None:
        main = _one_off(doc, meetings, order)
    if main is None and order:
        firsts = [meetings[i] for i in order if meetings[i].ordinal is None
                  and not _is_future(text[meetings[i].evidence[0]:meetings[i].evidence[1]])]
        main = firsts[0] if firsts else None
    parts = _participations(doc, main, list(meetings.values()), members or [])
    return [meetings[i] for i in order], parts, main


def _dated_places(doc: Doc, after: int, dates: list) -> list[tuple[object, URIRef]]:
    """(date, place) pairs of a coordinated list after a meeting phrase: every dated day has
    its own place or country written between the previous date and it, and the pairs are
    joined by 'và'/'and'/commas. Fewer than two such pairs → [] (one meeting)."""
    text = doc.text
    days = [d for d in dates if d.day and d.start >= after]
    out: list[tuple[object, URIRef]] = []
    prev = after
    for i, d in enumerate(days):
        if i and not re.search(r"(?:\bvà\b|\band\b|,|;)", text[days[i - 1].end:d.start]):
            return []
        places = [m for m in doc.mentions_in(prev, d.start, ("place", "country"))
                  if m.iri is not None]
        if not places:
            return []
        out.append((d, places[-1].iri))  # type: ignore[arg-type]
        prev = d.end
    if len({p for _, p in out}) < len(out):
        return []
    return out


_ANAPHOR_START = re.compile(
    r"\s*(?:The (?:ministers|leaders|delegates|participants|officials|meeting|summit|"
    r"conference)|They|At the (?:meeting|summit|conference)|Các (?:Bộ trưởng|nhà lãnh đạo|"
    r"Lãnh đạo|đại biểu|Trưởng đoàn)|Tại (?:Hội nghị|Cuộc họp|hội nghị|cuộc họp)(?: này)?|"
    r"(?:Hội nghị|Cuộc họp)(?: này)?)\b")


def context_meeting(doc: Doc, meetings: list[MeetingRec], main: MeetingRec | None,
                    a: int, b: int) -> MeetingRec | None:
    """The meeting a sentence's facts happen at when it is not the main one: "On the sidelines,
    the 15th CLMV EMM was held on August 21 … The ministers adopted …" — a sentence that opens
    with an anaphor ("The ministers", "Các Bộ trưởng", "Hội nghị") and names no meeting itself
    continues the dated, past meeting reported in the sentence just before it."""
    if not _ANAPHOR_START.match(doc.text, a, b):
        return None
    if any(m.evidence == (a, b) for m in meetings):
        return None
    i = bisect.bisect_left(doc._starts, a)  # noqa: SLF001 (same package; O(log n) per call)
    if i <= 0 or i > len(doc.sentences) or doc.sentences[i - 1][1] > a:
        return None
    prev = doc.sentences[i - 1]
    cands = [m for m in meetings if m.evidence == prev and m is not main
             and m.start is not None and len(m.start.lexical) == 10
             and not _is_future(doc.text[prev[0]:prev[1]])]
    return cands[0] if len(cands) == 1 else None


def _is_future(sentence: str) -> bool:
    return bool(re.search(r"\b(?:sẽ|sắp tới|dự kiến|will|upcoming|next)\b", sentence))


def _one_off(doc: Doc, meetings: dict[URIRef, MeetingRec], order: list[URIRef]
             ) -> MeetingRec | None:
    """A dated meeting named only by a meeting word ("Sáng ngày 6/10/2020, tại Hà Nội, Hội
    nghị Tổng kết … đã diễn ra"): no series, keyed by its date."""
    text = doc.text
    for a, b in doc.sentences[:6]:
        head = HEAD.search(text, a, b)
        if head is None or not _SCHEDULE_WORDS.search(text, a, b):
            continue
        dates = [d for d in doc.dates_in(a, b) if d.day]
        if not dates or _is_future(text[a:b]):
            continue
        start = resolve_date(doc, dates[0])
        end = resolve_date(doc, dates[0], end=True)
        if start is None:
            continue
        stop = re.search(r"\s+(?:đã|được|sẽ|diễn ra|took place|was held|is held|will)\b",
                         text[head.start():b])
        label_end = head.start() + (stop.start() if stop else min(b - head.start(), 120))
        mid = iri("meeting", "event", f"{start.lexical}-{content_hash(doc.doc_id)[:8]}")
        rec = MeetingRec(mid, None, None, text[head.start():label_end], doc.lang, (a, b),
                         start, end, _place(doc, a, b), _mode(text[a:b]))
        meetings[mid] = rec
        order.insert(0, mid)
        return rec
    return None


_LIST_BEFORE = re.compile(
    r"(?:^|[,;:(]|\b(?:và|có|gồm|thuộc|tham dự|tham gia|and|including|from|by|of))\s*"
    r"(?:(?:[Đđ]ại diện|[Đđ]ại diện của|representatives? (?:of|from)|các|the)\s+)*$")
_EXCLUDE_BEFORE = re.compile(
    r"(?:\bphụ trách|\btrong|\bcủa\s+(?:các\s+)?(?:nước|quốc gia)(?:\s+thành viên)?|"
    r"\b(?:Trưởng|Phó|Head of|Chair of|Leader of|leaders of))\s+$")


_CHAIR_VERB = re.compile(
    r"\b(?:đồng chủ trì|chủ trì|điều hành|co-chaired|chaired|chairs|chair|presided over|"
    r"moderated|hosted|will host|to host|đăng cai|tổ chức|organised|organized|convened)\b")
_COUNTRY_CUE = re.compile(r"\bnước (?:điều phối|chủ nhà|[Cc]hủ tịch)|\b(?:coordinating|host|"
                          r"chair) country\b|\bcountry (?:coordinator|chair)\b")
_DELEGATION_BEFORE = re.compile(
    r"(?:(?<!của )\bđoàn|\bdelegation of|\bofficials from|\bfrom|\brepresentatives? of|\bđại diện|"
    r"\bBộ trưởng[\w\s]{0,25}|\bMinisters? of|\bPrime Minister of|,|\bvà|\band)\s*$")
_CHAIRED_THE_MEETING = re.compile(
    r"\s+(?:the meeting|the summit|the conference|the consultation|cuộc họp|hội nghị|Cuộc họp|"
    r"Hội nghị)(?!\s+(?:lần|[A-Z0-9À-ỸĐ]))\b")
_ROLE_OF_VERB = {"điều hành": "moderator", "moderated": "moderator", "hosted": "host",
                 "will host": "host", "to host": "host",
                 "đăng cai": "host", "tổ chức": "organiser", "organised": "organiser",
                 "organized": "organiser", "convened": "organiser", "đồng chủ trì": "co-chair",
                 "co-chaired": "co-chair"}


def _agent_region(text: str, a: int, b: int, vs: int, ve: int) -> tuple[int, int]:
    """Where the agent of a chairing verb is named: after 'do'/'by', else before the verb."""
    if _PASSIVE.search(text[max(a, vs - 4):vs]) or re.match(r"\s+của\s", text[ve:b]):
        return ve, b  # "do X chủ trì", "dưới sự chủ trì của X"
    if re.match(r"\s+by\s", text[ve:b]):
        stop = re.search(r"[;.]|,\s+(?:as|while|and|in his|in her)\b", text[ve:b])
        return ve, (ve + stop.start()) if stop else b
    by = list(re.finditer(r"\b(?:do|by)\s+", text[a:vs]))
    return (a + by[-1].end(), vs) if by else (a, vs)


def _participations(doc: Doc, main: MeetingRec | None, meetings: list[MeetingRec],
                    members: list[MembershipRec]) -> list[ParticipationRec]:
    """Chairs, moderators, hosts, organisers, presenters and attendees of the main meeting."""
    if main is None:
        return []
    text = doc.text
    out: list[ParticipationRec] = []
    post_org = {m.person: m.organization for m in members}
    for a, b in doc.sentences:
        for v in _CHAIR_VERB.finditer(text, a, b):
            role = _ROLE_OF_VERB.get(v.group(0), "chair")
            passive_no_agent = re.search(r"(?:được|was|were|be|been|is)\s+$",
                                         text[max(a, v.start() - 8):v.start()]) and \
                not re.match(r"\s+by\b", text[v.end():b])
            if role == "organiser" and (passive_no_agent or not (
                    re.match(r"\s+by\b", text[v.end():b])
                    or HEAD.match(text, v.end() + 1, b))):
                continue  # "được tổ chức tại …" names no organiser; "tổ chức" is also a noun
            ra, rb = _agent_region(text, a, b, v.start(), v.end())
            agents = doc.all_mentions_in(ra, rb, ("person", "country", "org"))
            if role == "organiser":
                if re.search(r"\b(?:sẽ|sớm|đề nghị|will|to)\s+(?:\w+\s+)?$",
                             text[max(a, v.start() - 20):v.start()]):
                    continue  # a request or plan to organise something else
                own = doc.ref.series_body.get(main.series) if main.series else None
                tops = [m for m in agents if m.kind in ("org", "country") and m in doc.top
                        and m.iri != own]
                for m in tops:
                    if m.iri is not None:
                        out.append(ParticipationRec(main.iri, m.iri, role_iri("organiser"),
                                                    (a, b)))
                continue
            if not agents:
                continue
            person = next((m for m in reversed(agents) if m.kind == "person"), None)
            country = next((m for m in reversed(agents) if m.kind == "country"), None)
            org = next((m for m in agents if m.kind == "org"), None)
            if country is None and org is not None and _COUNTRY_CUE.search(text, a, b):
                cc = doc.ref.country_of.get(org.iri)  # type: ignore[arg-type]
                if cc is not None:
                    country = Mention(org.start, org.end, org.surface, "country", cc)
            if country is None and org is None and person is not None:
                post = post_org.get(person.iri)  # type: ignore[arg-type]
                if post is not None and "/country/" in str(post):
                    country = Mention(person.start, person.end, person.surface, "country", post)
            target = main
            others = [m for m in meetings if m is not main and m.evidence == (a, b)]
            named_before = any(m.evidence[0] <= v.start() < m.evidence[1]
                               and text.find(m.label, a, v.start()) >= 0 for m in others)
            anaphor = bool(_CHAIRED_THE_MEETING.match(text, v.end(), b)) and bool(others) \
                and not named_before
            if anaphor:
                # "X, who chaired the meeting, said the 16th … would be held next year": 'the
                # meeting' is the latest past meeting reported before, not the one announced
                past = [m for m in meetings if m.evidence[1] <= a and m.start is not None
                        and not _is_future(text[m.evidence[0]:m.evidence[1]])]
                target = max(past, key=lambda m: m.evidence[0]) if past else main
            elif main.evidence != (a, b) and len(others) == 1:
                target = others[0]  # "the 11th CLMV Summit will be hosted by Cambodia"
            for m in meetings:
                if m is not main and m.evidence[0] <= v.end() < m.evidence[1] and \
                        m.label and m.label in text[v.end():b] and not anaphor:
                    target = m
            if role in ("chair", "co-chair"):
                if country is not None and target.chair_country is None:
                    target.chair_country = country.iri
                if person is not None and target.chair_person is None:
                    target.chair_person = person.iri
            elif role == "moderator" and country is not None and target.chair_country is None:
                target.chair_country = country.iri
            who = country or org
            if who is None or who.iri is None:
                continue
            out.append(ParticipationRec(target.iri, who.iri, role_iri(role), (a, b),
                                        person.iri if person else None))
        attend = _ATTEND.search(text, a, b)
        for m in doc.all_mentions_in(a, b, ("org", "country")):
            before = text[max(a, m.start - 40):m.start]
            if _EXCLUDE_BEFORE.search(before) or m.iri is None:
                continue
            if m.kind == "country":
                if re.match(r"(?:'s)?\s+delegation\b", text[m.end:b]) or re.search(
                        r"(?<!của )\b(?:[Đđ]oàn|[Đđ]ại diện)\s+$",
                        text[max(a, m.start - 12):m.start]) or (
                        attend and _TITLE_AFTER.match(text, m.end, b)) or (
                        attend and _DELEGATION_BEFORE.search(text[max(a, m.start - 45):m.start])):
                    out.append(ParticipationRec(main.iri, m.iri, role_iri("attendee"), (a, b)))
                continue
            if m not in doc.top or not (attend or _REP.search(before)):
                continue
            if not _LIST_BEFORE.search(text[max(a, m.start - 40):m.start]) and \
                    m.start - a > 2:
                continue
            if AKG.CommunityPillar in doc.ref.types.get(m.iri, ()):
                continue
            out.append(ParticipationRec(main.iri, m.iri, role_iri("attendee"), (a, b)))
        for p in _PRESENT.finditer(text, a, b):
            subj = doc.mentions_in(a, p.start(), ("person",))
            orgs_before = doc.mentions_in(a, p.start(), ("org",))
            if orgs_before and re.fullmatch(r"\s*(?:đã|has|have|also|cũng)?\s*",
                                            text[orgs_before[-1].end:p.start()]):
                out.append(ParticipationRec(main.iri, orgs_before[-1].iri,  # type: ignore[arg-type]
                                            role_iri("presenter"), (a, b)))
                continue
            if not subj:
                continue
            person = subj[-1]
            org_iri = post_org.get(person.iri)  # type: ignore[arg-type]
            if org_iri is None:
                orgs = doc.mentions_in(a, p.start(), ("org",))
                org_iri = orgs[-1].iri if orgs else None
            if org_iri is not None:
                out.append(ParticipationRec(main.iri, org_iri, role_iri("presenter"), (a, b),
                                            person.iri))
    # one participation per (event, participant, role): the first evidence wins; an agent that
    # chaired, moderated, hosted or organised is not also listed as an attendee
    leading = {(p.event, p.participant) for p in out if p.role != role_iri("attendee")}
    seen: set[tuple[URIRef, URIRef, URIRef]] = set()
    uniq: list[ParticipationRec] = []
    for p in out:
        if p.role == role_iri("attendee") and (p.event, p.participant) in leading:
            continue
        k = (p.event, p.participant, p.role)
        if k not in seen:
            seen.add(k)
            uniq.append(p)
    return uniq
