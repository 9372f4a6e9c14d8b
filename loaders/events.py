"""Document history, plan claims and chair terms.

Why together: all three read a verb or a role word next to a plan or a body and a date in the
same clause: "IAI … được thông qua năm 2000" (adopted, 2000), "sẽ kết thúc vào tháng 9 năm nay"
(planned end, year from context), "với vai trò Chủ tịch Nhóm Đặc trách IAI năm 2021" (chair
term). Claims that contradict another source stay in this document's graph (model.md).
"""

from __future__ import annotations

import re

from rdflib import URIRef

from graph.model import AKG, iri
from loaders.context import resolve_date
from loaders.dates import lexical
from loaders.document import Doc
from loaders.facts import ChairTermRec, ClaimRec, DateValue, DocEventRec, MeetingRec
from loaders.meetings import context_meeting, role_iri
from loaders.mention import Mention

__all__ = ["find_chair_terms", "find_claims", "find_doc_events"]

_ACTIONS: list[tuple[str, str]] = [
    ("adopted", r"thông qua|adopted|adopt|adopting|adoption|endorsed"),
    ("approved", r"phê duyệt|phê chuẩn|approved|approving|approve|approval"),
    ("reviewed", r"rà soát|kiểm điểm|xem duyệt|tổng kết|sơ kết|đánh giá(?! cao)|cập nhật tiến độ|"
                 r"cập nhật tình hình|reviewed|review|reviewing"),
    ("discussed", r"thảo luận|discussed|discuss|discussing"),
    ("drafted", r"(?<!việc )(?<!kế hoạch )(?<!quá trình )xây dựng|soạn thảo|chuẩn bị|drafted|"
                r"drafting|preparing|prepare|prepared"),
    ("submitted", r"(?<!tiến )(?<!quá )(?<!chương )(?<!lộ )(?<!công )trình(?! bày| độ)|"
                  r"submitted|submit"),
    ("noted", r"ghi nhận|noted|took note"),
    ("launched", r"khởi động|ra mắt|launched|launch"),
    ("ended", r"kết thúc|ends|ended|end|conclude[sd]?"),
]
_VERB = re.compile("|".join(f"(?P<{k}>\\b(?:{p})\\b)" for k, p in _ACTIONS), re.I)
_FUTURE = re.compile(r"\b(?:sẽ|sắp tới|tới|dự kiến|trước khi|sau khi|sớm|để|đề nghị|kêu gọi|"
                     r"tiếp theo|giao nhiệm vụ|will|to be|expected|upcoming|scheduled|due to|"
                     r"plans? to|next|requested|asked|called on|in order to|tasked|instructed|"
                     r"agreed to)\b")
_PASSIVE_BEFORE = re.compile(r"\b(?:được|bị|đã được|sẽ được|vừa được)\s+$|\b(?:was|were|is|are|"
                             r"be|been|being)\s+$")
_ADOPT_OK_BEFORE = re.compile(r"\b(?:đã|sẽ|cũng|được|để|sớm|chính thức|nhất trí|cấp cao|tới|"
                              r"trình|xem xét|"
                              # "trình Hội nghị … lần thứ 47 thông qua"
                              r"lãnh đạo|Lãnh đạo|lần thứ\s+\d{1,3})\s+$")
_CONTINUATION = re.compile(r",\s*(?:dự kiến trình|sẽ được trình|expected to be submitted)\b")
_COUNTED = re.compile(r"(?<!thứ )(?<![\d.,/])\b\d[\d.,]*\b(?!\s*(?:st|nd|rd|th)\b)(?![\d/-])"
                      r"(?!\s*(?:năm|years?)\b)")
_COUNT_AFTER = re.compile(r"\s+(?:\d+(?![\d.,]*\s+năm\b)(?<!\d{4})|(?:một|hai|ba|bốn|năm|sáu|bảy|"
                          r"tám|chín|mười)\s+(?!\d|năm\b))")
_CLAUSE_END = re.compile(r"[;:]|,\s+(?=(?:và|đồng thời|while|and)\b)")
_DOC_KINDS = ("workplan", "actionplan", "framework", "nationalscheme", "report", "initiative",
              "legislation")
_GENERIC_REF = re.compile(r"\b(?:KHHĐ|KHCT|(?:văn kiện|kế hoạch|Kế hoạch|Báo cáo|báo cáo|Đề án|"
                          r"đề án|Khung khổ) này|văn kiện|Đây là|the [Pp]lan|the [Ff]ramework|"
                          r"the document|the report|it|its|Its)\b")


def _clause(doc: Doc, a: int, b: int, pos: int) -> tuple[int, int]:
    s, e = a, b
    for m in _CLAUSE_END.finditer(doc.text, a, b):
        if m.end() <= pos:
            s = m.end()
        elif m.start() >= pos:
            e = m.start()
            break
    return s, e


def _is_future(doc: Doc, s: int, e: int, date: DateValue | None) -> bool:
    if re.search(r"\b(?:đã|vừa|did|has|have|had)\s+(?:\w+\s+)?$", doc.text[max(s, e - 14):e]):
        return False
    if _FUTURE.search(doc.text, s, e):
        return True
    if date and doc.reference_date and date.lexical[:len(doc.reference_date)] > \
            doc.reference_date[:len(date.lexical)]:
        return True
    return False


_ORDINAL_NEAR = re.compile(r"\s*(?:lần thứ|khóa|khoá)\s+(\d+)|(?<![\w])(\d+)(?:st|nd|rd|th)\s+$")


def _meeting_named(doc: Doc, meetings: list[MeetingRec], s: int, e: int) -> URIRef | None:
    """The one extracted meeting whose series is named in text[s:e] (with its ordinal when
    the text writes one: "Hội nghị Cấp cao ASEAN lần thứ 37", "the 37th ASEAN Summit")."""
    for m in doc.all_mentions_in(s, e, ("series",)):
        same = [x for x in meetings if x.series == m.iri]
        after = _ORDINAL_NEAR.match(doc.text, m.end, e)
        before = _ORDINAL_NEAR.search(doc.text[max(s, m.start - 8):m.start])
        n = (after and after.group(1)) or (before and before.group(2))
        if n:
            same = [x for x in same if x.ordinal == int(n)]
        if len(same) == 1:
            return same[0].iri
    return None


def find_doc_events(doc: Doc, main: MeetingRec | None,
                    meetings: list[MeetingRec] | None = None
                    ) -> tuple[list[DocEventRec], list[ClaimRec]]:
    """Status changes of plans/documents (and planned-end claims from 'kết thúc')."""
    text = doc.text
    events: list[DocEventRec] = []
    claims: list[ClaimRec] = []
    prev_plan: Mention | None = None
    for a, b in doc.sentences:
        docs = doc.all_mentions_in(a, b, _DOC_KINDS)
        inside = [(m.start, m.end) for m in doc.mentions_in(a, b)]
        for v in _VERB.finditer(text, a, b):
            if any(x <= v.start() < y for x, y in inside):
                continue
            action = v.lastgroup or ""
            if _COUNT_AFTER.match(text, v.end()):
                continue  # "thông qua 17 dự án mới": the object is counted, not a document
            if v.group(0) == "thông qua" and not (
                    _ADOPT_OK_BEFORE.search(text, max(a, v.start() - 14), v.start())
                    or any(m.end in (v.start() - 1, v.start()) for m in doc.mentions)):
                continue  # "thông qua" = "through"
            cs, ce = _clause(doc, a, b, v.start())
            if action == "submitted" and _VERB.search(text, v.end(), min(ce, v.end() + 70)) and \
                    re.search(r"thông qua|ghi nhận|adoption|noting", text[v.end():ce]):
                continue
            passive = bool(_PASSIVE_BEFORE.search(text, max(a, v.start() - 12), v.start())) \
                or bool(re.search(r"\b(?:được|by)\b", text[max(cs, v.start() - 40):v.start()]))
            target = _target(doc, docs, v.start(), v.end(), cs, ce, passive, action)
            if target is None and _GENERIC_REF.search(text, a, b) and prev_plan is not None \
                    and not docs:
                target = prev_plan
            cont = list(_CONTINUATION.finditer(text, cs, v.start())) \
                if target is None and action == "adopted" else []
            if cont:
                # "… thảo luận dự thảo Kế hoạch X, dự kiến trình Hội nghị … lần thứ 47 thông
                # qua": the subjectless phrase continues the plan named just before it
                cut = cont[-1].start()
                before_docs = [m for m in docs if m.end <= cut and m in doc.top
                               and m.kind in ("workplan", "actionplan", "framework")]
                target = before_docs[-1] if before_docs else None
            if target is None or target.iri is None:
                continue
            if target.kind == "initiative" and action not in ("adopted", "launched"):
                continue
            if target.kind == "legislation":
                continue
            found = _date_after(doc, v.end(), ce, target)
            date = found[0] if found else _legislation_date(doc, cs, ce, action)
            if action == "ended" and found and found[1].part == "end":
                date = DateValue(f"{found[1].year}-12", date.inferred_by if date else None)
            prev_verbs = [x.end() for x in _VERB.finditer(text, max(cs, v.start() - 100),
                                                            v.start())
                          if x.lastgroup != "submitted"]
            window = max([cs, v.start() - 100, *prev_verbs])
            tense = "planned" if _is_future(doc, window, v.start(), date) else None
            if action == "ended":
                if tense == "planned" and date is not None:
                    claims.append(ClaimRec(target.iri, AKG.plannedEnd, date,
                                           (cs, ce), "planned"))
                continue
            ctx = context_meeting(doc, meetings or [], main, a, b) if date is None else None
            if date is None and tense is None and ctx is not None:
                date = ctx.start  # a side meeting continued by "The ministers adopted …"
            if date is None and tense is None:
                if main is not None and main.start is not None:
                    date = main.start
                elif doc.reference_date:
                    date = DateValue(doc.reference_date, doc.context_method
                                     if doc.reference_date_inferred else None)
            at_event = None
            if tense == "planned":
                # "trình Hội nghị … lần thứ 13, dự kiến diễn ra vào tháng 11/2022, … thông qua":
                # a planned decision at a named upcoming meeting takes that meeting's date
                later = [m for m in meetings or [] if m is not main and m.evidence == (a, b)]
                if len(later) == 1:
                    at_event = later[0].iri
                    if date is None and later[0].start is not None:
                        date = later[0].start
            if at_event is None and meetings:
                # "trình lên Hội nghị Cấp cao ASEAN lần thứ 37 ghi nhận": the meeting named
                # between this verb and its neighbouring verbs in the clause
                before = [x.end() for x in _VERB.finditer(text, cs, v.start())]
                comma = text.rfind(",", cs, v.start())  # "tại X, thảo luận": X is not its venue
                before += [comma + 1] if comma >= 0 else []
                after = _VERB.search(text, v.end(), ce)
                at_event = _meeting_named(doc, meetings, max([cs, *before]), v.start()) or \
                    _meeting_named(doc, meetings, v.end(), after.start() if after else ce)
            events.append(DocEventRec(target.iri, iri("concept", "action", action), (cs, ce),
                                      date, tense, at_event))
        plans = [m for m in docs if m.kind != "legislation"]
        if plans:
            prev_plan = plans[-1]
    seen: set[tuple] = set()
    uniq: list[DocEventRec] = []
    for e in events:
        k = (e.document, e.action, e.date.lexical if e.date else None, e.tense)
        if k not in seen:
            seen.add(k)
            uniq.append(e)
    return uniq, claims


def _target(doc: Doc, docs: list[Mention], vs: int, ve: int, cs: int, ce: int,
            passive: bool, action: str) -> Mention | None:
    """The document a verb acts on: the object after it; the subject before it when the verb
    is passive or intransitive ("… được thông qua", "… kết thúc vào"); for a clause-final verb
    ("hoàn thiện Báo cáo để các Bộ trưởng xem duyệt"), the last document named before."""
    reach = 25 if action == "drafted" else 90
    after = [m for m in docs if ve <= m.start < ce and m.start - ve <= reach]
    if action == "drafted":
        after = [m for m in after if re.fullmatch(
            r"\s*(?:(?:các|dự thảo|nội dung|the|a|an|draft|new|its|their)\s+)*",
            doc.text[ve:m.start])]
    text = doc.text
    if after and not passive:
        first = after[0]
        if not _VERB.search(text[ve:first.start]):
            return first
    if re.match(r"\s+(?:it|nó|this|these)\b", text[ve:ce]):
        passive = True  # "agreed to submit it to …": the document named before
    rel = [m for m in docs if m.end <= vs and re.search(r"\b(?:which|that|mà)\b",
                                                         text[m.end:vs]) and vs - m.end < 90]
    if rel:
        last = max(rel, key=lambda m: (m.end, m.end - m.start))
        if _COUNTED.search(text[last.end:vs]):
            return None  # "…, under which 118 projects … have been approved"
        return last  # "the draft Vision 2045, which leaders are expected to adopt"
    final = bool(re.match(r"\s*(?:[.,;:]|$|trước khi|sau khi|before|after)", text[ve:ce + 1]))
    if not (passive or action in ("ended", "launched") or final):
        return None
    reach_back = 400 if final and not passive else 120
    before = [m for m in docs if m.end <= vs and vs - m.end <= reach_back
              and (m.start >= cs or final)]
    if before:
        end = max(m.end for m in before)
        last = min((m for m in before if m.end == end), key=lambda m: m.end - m.start)
        between = text[last.end:vs]
        if _COUNTED.search(between):
            return None  # "… có 93 dự án đã được phê duyệt": the counted items are the subject
        if final or not _VERB.search(between) or re.search(r"được|đã được|sẽ", between):
            return last
    return None


def _date_after(doc: Doc, pos: int, end: int,  # noqa: ANN202 - (DateValue, DateExpr) | None
                own: Mention | None = None):
    for d in doc.dates_in(pos, end):
        if d.start - pos > 110:
            break
        if doc.all_mentions_in(d.start - 60, d.end + 60, ("legislation",)) and any(
                m.start <= d.start < m.end for m in doc.all_mentions_in(
                    d.start - 60, d.end + 60, ("legislation",))):
            continue
        if re.search(r"(?:đến|tới|until|to)\s+$", doc.text[max(pos, d.start - 6):d.start]) \
                or re.match(r"(?:đến|tới)\s", doc.text[d.start:d.end]):
            continue
        gap = doc.text[pos:d.start]
        others = [m for m in doc.all_mentions_in(pos, d.start, _DOC_KINDS)
                  if own is None or not (own.start <= m.start and m.end <= own.end)]
        if _VERB.search(gap) or others:
            return None  # the date belongs to another verb or document
        value = resolve_date(doc, d)
        return (value, d) if value else None
    return None


def _legislation_date(doc: Doc, s: int, e: int, action: str) -> DateValue | None:
    if action != "approved":
        return None
    for m in doc.all_mentions_in(s, e, ("legislation",)):
        for d in doc.dates_in(m.start, m.end):
            if d.year and d.day:
                return DateValue(lexical(d.year, d.month, d.day))
    return None


def find_claims(doc: Doc) -> list[ClaimRec]:
    """Strategic/new areas, beneficiaries, horizons and approvals stated in the text."""
    text = doc.text
    out: list[ClaimRec] = []
    prev_plans: list[Mention] = []
    prev_sentence = (0, 0)
    for a, b in doc.sentences:
        sentence = text[a:b]
        if prev_sentence == (0, 0):
            prev_sentence = (a, b)
        areas = [m for m in doc.mentions_in(a, b, ("concept",))
                 if m.scheme and m.scheme.endswith("strategic-area")]
        context = text[prev_sentence[0]:b]
        initiative_named = bool(doc.all_mentions_in(prev_sentence[0], b, ("initiative",))
                                or doc.mentions_in(prev_sentence[0], b, ("workplan",)))
        if areas and initiative_named and re.search(
                r"lĩnh vực|areas?\b|priorit|ưu tiên|dự án|projects?\b", sentence):
            new = re.search(r"\b(?:mới|new)\b", sentence)
            wps = doc.mentions_in(a, b, ("workplan",))
            for m in areas:
                if text.count("(", a, m.start) > text.count(")", a, m.start):
                    continue  # an explanation in brackets, not a listed area
                init = iri("initiative", m.scheme[: -len("-strategic-area")])
                if new and wps:
                    out.append(ClaimRec(wps[0].iri, AKG.newArea, m.iri, (a, b)))
                else:
                    out.append(ClaimRec(init, AKG.strategicArea, m.iri, (a, b)))
        out.extend(_beneficiaries(doc, a, b))
        for m in re.finditer(r"\b(?:đến năm|tới năm|to|until|towards|by|horizon)\s+"
                             r"((?:20|21)\d\d)\b(?![-–/]\d)", sentence):
            pos = a + m.start()
            plans = [p for p in doc.mentions_in(a, b, ("framework", "nationalscheme"))
                     if abs(p.start - pos) < 260 or p.start <= pos <= p.end]
            if not plans and re.search(r"\b(?:văn kiện|Đây là|This|It)\b", sentence):
                plans = [p for p in prev_plans if p.kind in ("framework", "nationalscheme")][-1:]
            if plans:
                target = min(plans, key=lambda p: abs(p.start - pos))
                out.append(ClaimRec(target.iri, AKG.horizon, DateValue(m.group(1)),
                                    (a, b)))
        for m in re.finditer(r"\b(?:runs? until|running until|lasts? until|kéo dài đến(?: năm)?|"
                             r"đến hết năm)\s+((?:19|20)\d\d)\b", sentence):
            pos = a + m.start()
            plans = [p for p in doc.mentions_in(a, pos, ("workplan", "actionplan", "framework"))
                     if pos - p.end < 40]
            if plans:
                out.append(ClaimRec(plans[-1].iri, AKG.periodEnd, DateValue(m.group(1)), (a, b)))
        if re.search(r"phê duyệt|approving|approves|approved", sentence):
            legs = doc.all_mentions_in(a, b, ("legislation",))
            schemes = doc.mentions_in(a, b, ("nationalscheme", "framework", "actionplan"))
            for leg in legs[:1]:
                for s in schemes:
                    if s.start > leg.start or _PASSIVE_APPROVAL.search(
                            doc.text, s.end, leg.start):
                        # "Quyết định X phê duyệt Đề án Y"; "Đề án Y được … phê duyệt tại
                        # Quyết định X", "Y was approved under Decision X"
                        out.append(ClaimRec(s.iri, AKG.approvedBy, leg.iri, (a, b)))
        plans = doc.mentions_in(a, b, ("framework", "nationalscheme", "workplan", "actionplan"))
        if plans:
            prev_plans = plans
        prev_sentence = (a, b)
        del context
    return out


_BENEFIT = re.compile(r"hỗ trợ|lợi ích|thụ hưởng|năng lực của|beneficiar|benefit|support|"
                      r"assist|help")


def _beneficiaries(doc: Doc, a: int, b: int) -> list[ClaimRec]:
    text = doc.text
    cue = _BENEFIT.search(text, a, b)
    if not cue:
        return []
    inits = doc.mentions_in(a, b, ("initiative",))
    subject: URIRef | None = inits[0].iri if inits else None
    if subject is None:
        for wp in doc.mentions_in(a, b, ("workplan",)):
            subject = doc.ref.workplan_of.get(wp.iri)  # type: ignore[arg-type]
            if subject:
                break
    if subject is None:
        return []
    out: list[ClaimRec] = []
    for m in doc.mentions_in(cue.start(), b, ("country", "org")):
        members = [m.iri] if m.kind == "country" else doc.ref.members.get(m.iri, [])
        if m.kind == "org" and len(members) > 6:
            continue  # ASEAN as a whole is not a beneficiary group
        for c in members:
            out.append(ClaimRec(subject, AKG.beneficiary, c, (a, b)))
    return out


_CHAIR = re.compile(r"\b(Chủ tịch|chủ tịch|[Cc]hair(?:man|manship|person|ship|s)?|nước điều phối|"
                    r"[Đđ]iều phối|[Cc]oordinator(?:ship)?|[Pp]residency)\b")


_PASSIVE_APPROVAL = re.compile(r"\bđược\b[^.;]{0,40}\bphê duyệt\s+(?:tại|theo|bằng)\s+$|"
                               r"\b(?:was|were|is|been)\s+approved\s+(?:under|by|in|with)\s+"
                               r"(?:the\s+)?$")
_SHORT_BODY = re.compile(r"\s+(?:of\s+)?(?:the\s+)?(Task Force|Council|Committee|Nhóm Đặc trách|"
                         r"Hội đồng|Ủy ban)\b")


def _short_back_reference(doc: Doc, pos: int, b: int) -> Mention | None:
    """'Indonesia, which chairs the Task Force this year': 'the Task Force' refers back to the
    last body named earlier whose name contains those words (the IAI Task Force)."""
    m = _SHORT_BODY.match(doc.text, pos, b)
    if m is None:
        return None
    head = m.group(1).lower()
    for o in reversed(doc.mentions_in(0, pos, ("org",))):
        if o.iri is not None and head in o.surface.lower():
            return Mention(m.start(1), m.end(1), m.group(1), "org", o.iri)
    return None


def _relative_year(doc: Doc, a: int, b: int) -> str | None:
    """'… chairs the Task Force this year', 'nước Chủ tịch … năm nay': the year the document's
    own evidence gives 'this year' (publication line, a full date in the text), never a guess."""
    for d in doc.dates_in(a, b):
        if d.kind == "rel_year" and re.fullmatch(r"[\s,]*", doc.text[a:d.start]):
            value = resolve_date(doc, d)
            return value.lexical[:4] if value is not None else None
    return None


def find_chair_terms(doc: Doc) -> list[ChairTermRec]:
    """'X với vai trò Chủ tịch <body> năm 2021' → X chairs <body> in 2021."""
    text = doc.text
    out: list[ChairTermRec] = []
    for a, b in doc.sentences:
        for k in _CHAIR.finditer(text, a, b):
            bodies = [m for m in doc.mentions_in(k.end(), min(b, k.end() + 40), ("org",))]
            body = bodies[0] if bodies else None
            if body is not None and not re.fullmatch(
                    r"\s*(?:hợp tác|của|of|of the|the|for|for the)?\s*", text[k.end():body.start]):
                body = None
            if body is None:
                # "the ASCC Council chairmanship", "the rotating CLMV coordinatorship"
                before = doc.mentions_in(max(a, k.start() - 40), k.start(), ("org",))
                if before and re.fullmatch(r"\s*", text[before[-1].end:k.start()]):
                    body = before[-1]
            if body is None:
                body = _short_back_reference(doc, k.end(), b)
            if body is None:
                continue
            tail = max(body.end, k.end())
            y = re.match(r"\s*,?\s*(?:trong\s+|vào\s+|in\s+|for\s+)?(?:năm\s+)?((?:19|20)\d\d)\b",
                         text[tail:min(b, tail + 25)])
            if not y:
                yb = re.search(r"((?:19|20)\d\d)\s+$", text[max(a, k.start() - 12):k.start()])
                if yb:
                    year = yb.group(1)
                else:
                    rel = _relative_year(doc, tail, min(b, tail + 25))
                    if rel is None:
                        continue
                    year = rel
            else:
                year = y.group(1)
            holders = [m for m in doc.all_mentions_in(a, k.start(), ("country", "org"))
                       if m.iri != body.iri]
            if not holders:
                continue
            holders = [m for m in holders if m.end <= min(k.start(), body.start)]
            if not holders:
                continue
            countries = [m for m in holders if m.kind == "country"]
            holder = countries[-1] if countries else holders[-1]
            if holder.kind == "org" and re.search(r"nước|country", k.group(0) + text[
                    max(a, k.start() - 12):k.start()]):
                holder_iri = doc.ref.country_of.get(holder.iri)  # type: ignore[arg-type]
                if holder_iri is not None:
                    holder = Mention(holder.start, holder.end, holder.surface, "country",
                                     holder_iri)
            role = "coordinator" if "điều phối" in k.group(1).lower() or \
                "coordinator" in k.group(1).lower() else "chair"
            people = doc.mentions_in(a, b, ("person",))
            rep = people[0].iri if people and holder.kind == "country" else None
            out.append(ChairTermRec(body.iri, holder.iri, role_iri(role), year, (a, b), rep))
    seen: set[tuple] = set()
    uniq = []
    for c in out:
        key = (c.body, c.holder, c.role, c.year)
        if key not in seen:
            seen.add(key)
            uniq.append(c)
    return uniq
