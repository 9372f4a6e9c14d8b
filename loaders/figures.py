"""Reported figures: counts, money, ratios and percentages with what they measure and are about.

Why data-driven measures: what a number counts is named by the noun after it ("127 dự án",
"22/26 dòng hành động", "5 phiên") or the phrase before it ("tổng trị giá gần 31 triệu USD",
"tỷ lệ thực hiện 70,8%"); those wordings are altLabels of the measure concepts in the reference
data, so a new measure is a data change. Values are stored in units (24,8 triệu USD → 24800000).
"""

from __future__ import annotations

import re
from decimal import Decimal

from rdflib import URIRef

from graph.model import iri
from loaders.context import resolve_date
from loaders.document import Doc
from loaders.facts import DateValue, FigureRec, MeetingRec
from loaders.meetings import context_meeting
from loaders.normalise import tone_fold
from loaders.numbers import SCALES, parse_decimal, parse_words

__all__ = ["find_figures"]

_NUM = r"(\d{1,3}(?:[.,]\d{3})+(?:[.,]\d+)?|\d+(?:[.,]\d+)?)"
_WORD = (r"((?:mười|hai|ba|bốn|năm|sáu|bảy|bẩy|tám|chín|một)(?:\s+(?:mươi|mốt|lăm|một|hai|ba|"
         r"bốn|sáu|bảy|tám|chín))?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|"
         r"twelve|fifteen|twenty)")
_NUMBER = re.compile(rf"(?<![\w/.,-]){_NUM}(?![\w/%]|[.,]\d|/\d)|(?<![\w]){_WORD}(?!\w)",
                     re.I)
_RATIO = re.compile(rf"(?<![\w/.,]){_NUM}\s*(?:/|trên tổng số|trên tổng|trên|out of)\s*(\d+)"
                    rf"(?![\w/]|[.,]\d)")
_AS_OF = re.compile(r"\b(?:as of|as at|tính đến(?: hết)?(?: ngày)?|tính tới(?: ngày)?|"
                    r"by the end of)\s+", re.I)
# "tính đến cuối tháng 3/2025", "as of the end of March 2025": the month is the as-of date.
# "hoàn thành 96% nhiệm vụ", "completed 96% of the tasks": the verb before the share
_DONE_BEFORE = re.compile(r"\b(?:đã hoàn thành|hoàn thành|đã thực hiện|thực hiện được|completed|"
                          r"implemented|achieved|accomplished)\s*(?:được\s*)?$")
_AS_OF_PART = re.compile(r"(?:cuối|hết|đầu|the end of|end of|end-)\s*", re.I)
_DONE = re.compile(r"\b(?:đã hoàn thành|hoàn thành|đã được thực hiện|được thực hiện|đã thực hiện|"
                   r"được triển khai|carried out|implemented|completed|achieved|accomplished)\b")
_MONEY_CUE = re.compile(r"\b(?:worth|valued|value|funding|fund|funds|funded|commit\w*|pledg\w*|"
                        r"budget|grant\w*|projects?|contribut\w*|trị giá|giá trị|vốn|kinh phí|"
                        r"tài trợ|cam kết|dự án|ngân sách|viện trợ|đóng góp|hỗ trợ)\b", re.I)
_FUND_SUBJECT = re.compile(r"\s*(?:alone\s+|also\s+|đã\s+|cũng\s+)?(?:committed|pledged|"
                           r"contributed|provided|funded|financed|tài trợ|cam kết|đóng góp)\b")
_DETERMINER = re.compile(r"\b(?:the|these|those|all|both|among the|các|cả|những)\s+$", re.I)
_PERCENT = re.compile(rf"(?<![\w/.,]){_NUM}\s*(?:%|phần trăm|per cent|percent)")
_SCALE = re.compile(r"\s*(nghìn|ngàn|triệu|tỷ|tỉ|thousand|million|billion|trillion|mn|bn)\b",
                    re.I)
_CURRENCY_PREFIX = re.compile(r"(US\$|\$|USD|€)\s*$")
_QUAL = [
    ("approximately", re.compile(r"(?:gần|gần như|khoảng|xấp xỉ|chừng|nearly|almost|about|"
                                 r"around|approximately|roughly|some)\s+$", re.I)),
    ("atLeast", re.compile(r"(?:hơn|trên|ít nhất|tối thiểu|over|more than|at least|upwards of)"
                           r"\s+$", re.I)),
    ("atMost", re.compile(r"(?:tối đa|dưới|chưa đến|up to|under|less than|fewer than)\s+$",
                          re.I)),
    ("forecast", re.compile(r"(?:dự kiến|ước tính|ước|expected|forecast|projected|"
                            r"an estimated|estimated)\s+$", re.I)),
]
_SUBSET = re.compile(r"\b(?:trong đó|of which|including|among them|among which|in which)\b")
_FUNDER = re.compile(r"^\s*(?:(?:are|is|were|was|being|đều|sẽ)\s+)?(?:do|được|funded by|"
                     r"financed by|sponsored by|supported by)\s+$")
_FUND_VERB = re.compile(r"^\s*(?:tài trợ|hỗ trợ|cấp vốn)")
# "Các Đối tác ASEAN hỗ trợ 28 dự án", "ASEAN partners funded 28 projects": the figures after
# the verb are partner-supported (a collective funder, akg:scope, not an agent for akg:fundedBy)
_PARTNER_WORD = re.compile(r"\b(?:đối tác|partners?)\b", re.I)
_PARTNER_VERB = re.compile(r"\s*(?:(?:của\s+|of\s+)?ASEAN\s+)?(?:(?:đã|cũng|đều|đã cùng|have|"
                           r"had|also|together|jointly)\s+)*(?:hỗ trợ|tài trợ|cấp vốn|supported|"
                           r"funded|financed|sponsored|support|fund|finance)\b", re.I)
# "28 dự án do các đối tác tài trợ", "28 projects supported by ASEAN partners"
_PARTNER_PASSIVE = re.compile(r"\s*(?:(?:are|were|is|was|being|đều|đã)\s+)?(?:do|được|"
                              r"(?:supported|funded|financed|sponsored) by)\s+(?:the\s+|các\s+)?"
                              r"(?:(?:ASEAN|its)\s+)?(?:đối tác|partners?)\b", re.I)
_PARTNER_SCOPE = "partner-supported"
_MEETING_MEASURES = {"session-count", "participant-count", "organisation-count",
                     "country-count"}
_PLAN_KINDS = ("workplan", "actionplan", "framework", "nationalscheme", "report")


class _Lexicon:
    """Measure and unit wordings from the reference data, as fold keys."""

    def __init__(self, doc: Doc) -> None:
        gaz = doc.ref.gazetteer
        self.after: list[tuple[str, URIRef]] = []
        for concept, labels in gaz.concepts("measure").items():
            for lab in labels:
                if lab.prop in ("alt", "hidden", "pref", "label"):
                    self.after.append((tone_fold(lab.text), concept))
        self.after.sort(key=lambda x: (-len(x[0]), str(x[1])))
        self.units: list[tuple[str, URIRef]] = []
        for concept, labels in gaz.concepts("unit").items():
            key = str(concept).rsplit("/", 1)[1]
            if key in ("count", "year", "percent"):
                continue
            for lab in labels:
                self.units.append((tone_fold(lab.text), concept))
        self.units.sort(key=lambda x: (-len(x[0]), str(x[1])))

    def measure_after(self, folded: str) -> tuple[URIRef, int] | None:
        for label, concept in self.after:
            if folded.startswith(label) and (len(folded) == len(label)
                                             or not folded[len(label)].isalnum()):
                return concept, len(label)
        return None

    def measure_before(self, folded: str) -> URIRef | None:
        folded = re.sub(r"(?:\s+(?:là|đạt|of|at|is|was|to|gần|khoảng|hơn|trên|nearly|about|"
                        r"over|around|more than|cả))+\s*$", "", folded.rstrip())
        for label, concept in self.after:
            if folded.endswith(label) and (len(folded) == len(label)
                                           or not folded[-len(label) - 1].isalnum()):
                return concept
        return None

    def unit_after(self, folded: str) -> tuple[URIRef, int] | None:
        for label, concept in self.units:
            if folded.startswith(label) and (len(folded) == len(label)
                                             or not folded[len(label)].isalnum()):
                return concept, len(label)
        return None


_LEX_CACHE: dict[int, _Lexicon] = {}


def _lexicon(doc: Doc) -> _Lexicon:
    key = id(doc.ref)
    lex = _LEX_CACHE.get(key)
    if lex is None:
        lex = _LEX_CACHE[key] = _Lexicon(doc)
    return lex


def _qualifier(before: str) -> str:
    before = re.sub(r"(?:US\$|\$|USD|€)\s*$", "", before)  # "over US$15 million"
    for name, pat in _QUAL:
        if pat.search(before):
            return name
    return "exact"


def _plain(d: Decimal) -> str:
    if d == d.to_integral_value():
        return str(d.quantize(Decimal(1)))
    return format(d.normalize(), "f")


def _mkey(u: URIRef) -> str:
    return str(u).rsplit("/", 1)[1]


def find_figures(doc: Doc, main: MeetingRec | None,
                 meetings: list[MeetingRec] | None = None) -> list[FigureRec]:
    """Every figure in the content sentences."""
    lex = _lexicon(doc)
    text = doc.text
    out: list[FigureRec] = []
    as_of = _as_of(doc, main)
    block_kinds = ("workplan", "actionplan", "legislation", "framework", "series",
                   "nationalscheme", "report", "org", "initiative")
    last_plan: URIRef | None = None
    for a, b in doc.sentences:
        found: list[tuple[int, int, FigureRec, str]] = []  # start, end, rec, noun label
        taken: list[tuple[int, int]] = []
        ctx = context_meeting(doc, meetings or [], main, a, b)
        sent_as_of = _sentence_as_of(doc, a, b) or (ctx.start if ctx is not None else as_of)
        blocked = [(m.start, m.end) for m in doc.all_mentions_in(a, b, block_kinds)]
        blocked += [(d.start, d.end) for d in doc.dates_in(a, b)]
        subject_funder = _subject_funder(doc, a, b)
        partners_from = _partner_subject(doc, a, b)

        def free(s: int, e: int, taken: list[tuple[int, int]] = taken,
                 blocked: list[tuple[int, int]] = blocked) -> bool:
            return not any(s < y and x < e for x, y in taken + blocked)

        for m in _RATIO.finditer(text, a, b):
            if not free(m.start(), m.end()):
                continue
            folded = tone_fold(text[m.end():min(b, m.end() + 80)]).lstrip()
            hit = lex.measure_after(folded)
            if not hit:
                continue
            measure = _implemented_variant(lex, hit[0], tone_fold(text[m.end():b]))
            value = parse_decimal(m.group(1), doc.lang)
            if value is None:
                continue
            rec = FigureRec(URIRef(""), measure, _plain(value), iri("concept", "unit", "count"),
                            (m.start(), m.end() + 1 + hit[1]), _qualifier(text[a:m.start()]),
                            sent_as_of, int(m.group(2)))
            found.append((m.start(), m.end(), rec, folded[:hit[1]]))
            taken.append((m.start(), m.end()))
        for m in _PERCENT.finditer(text, a, b):
            if not free(m.start(), m.end()):
                continue
            value = parse_decimal(m.group(1), doc.lang)
            if value is None:
                continue
            before = tone_fold(text[max(a, m.start() - 60):m.start()])
            measure = lex.measure_before(before)
            if measure is None and re.search(r"(?:chiếm|accounting for|or)\s*\(?$",
                                             before.rstrip()) and found:
                measure = _share_variant(lex, found[-1][3])
            after = text[m.end():b]
            if measure is None:
                of = re.match(r"\s+(?:of\s+(?:the\s+)?(?:\d[\d,.]*\s+)?|(?:số\s+)?)", after)
                noun = lex.measure_after(tone_fold(after[of.end():of.end() + 60])) if of else None
                if noun is not None and _DONE.search(after[:160]):
                    folded_noun = tone_fold(after[of.end():of.end() + noun[1]])
                    measure = _share_variant(lex, folded_noun)
            done_before = _DONE_BEFORE.search(text, max(a, m.start() - 30), m.start())
            if measure is None and (_DONE.search(after[:160]) or done_before or (
                    re.search(r"(?:tỷ lệ|tỉ lệ|rate of|rate)\s*(?:là|đạt|of|at)?\s*$", before)
                    and _DONE.search(text, a, b))):
                measure = iri("concept", "measure", "implementation-rate")
            if measure is None:
                continue
            rec = FigureRec(URIRef(""), measure, _plain(value), iri("concept", "unit", "percent"),
                            (m.start(), m.end()), _qualifier(text[a:m.start()]), sent_as_of)
            found.append((m.start(), m.end(), rec, ""))
            taken.append((m.start(), m.end()))
        for m in _NUMBER.finditer(text, a, b):
            if not free(m.start(), m.end()):
                continue
            if m.group(1):
                value = parse_decimal(m.group(1), doc.lang)
            else:
                value = parse_words(m.group(2).split())
                value = Decimal(value) if value else None
            if value is None:
                continue
            end = m.end()
            sc = _SCALE.match(text, end, b)
            scale = 1
            if sc:
                scale = SCALES[sc.group(1).lower()]
                end = sc.end()
            rest = tone_fold(text[end:min(b, end + 80)])
            unit = lex.unit_after(rest.lstrip())
            prefix = _CURRENCY_PREFIX.search(text[max(a, m.start() - 5):m.start()])
            before = text[a:m.start()]
            if (unit or prefix) and not (lex.measure_before(tone_fold(before[-60:]))
                                         or _MONEY_CUE.search(text, a, b)):
                continue  # "Trade reached 12.4 billion USD": not a reported plan figure
            if unit or prefix:
                if unit:
                    unit_iri = unit[0]
                    end = end + (len(rest) - len(rest.lstrip())) + unit[1]
                else:
                    unit_iri = iri("concept", "unit", "usd" if "$" in prefix.group(1)
                                   or "USD" in prefix.group(1) else "eur")
                measure = lex.measure_before(tone_fold(before[-60:])) or iri(
                    "concept", "measure", "total-value")
                funder = subject_funder if subject_funder and subject_funder[1] <= m.start() \
                    else None
                rec = FigureRec(URIRef(""), measure, _plain(value * scale), unit_iri,
                                (m.start() - (len(prefix.group(0)) if prefix else 0), end),
                                _qualifier(before), sent_as_of, None,
                                funder[0] if funder else None)
                found.append((m.start(), end, rec, ""))
                taken.append((m.start(), end))
                continue
            if m.group(1) and not m.group(1).isdigit() and scale == 1:
                pass
            lead = tone_fold(before[-12:])
            folded = rest.lstrip()
            hit = lex.measure_after(folded)
            if hit is None and re.search(r"(?:thêm|additional|more)\s*$", lead):
                hit = lex.measure_after("thêm " + folded)
                if hit:
                    hit = (hit[0], hit[1] - 5)
            elif re.search(r"thêm\s*$", lead):
                alt = lex.measure_after("thêm " + folded)
                if alt and alt[1] - 5 >= hit[1]:
                    hit = (alt[0], alt[1] - 5)
            if hit is None:
                adj = re.match(r"(?:new|additional|more|other|further)\s+", folded)
                if adj:  # "seven new activities"
                    hit = lex.measure_after(folded[adj.end():])
                    if hit:
                        hit = (hit[0], hit[1] + adj.end())
            if hit is None and re.match(r"năm\b", folded) and _is_duration(before, folded):
                hit = (iri("concept", "measure", "years"), 3)
            of_them = re.match(r"(?:of them|trong số đó|trong số này)\b", folded)
            if hit is None and of_them and found and found[-1][2].unit == iri(
                    "concept", "unit", "count"):
                hit = (found[-1][2].measure, of_them.end())
            if hit is None:
                continue
            measure = hit[0]
            key = _mkey(measure)
            if key == "years" and not _is_duration(before, folded):
                continue
            if key == "country-count" and _DETERMINER.search(before):
                continue  # "the four countries": a reference, not a reported count
            if scale != 1 and key not in ("participant-count",):
                value *= scale
            unit_key = "year" if key == "years" else "count"
            span_end = end + (len(rest) - len(folded)) + hit[1]
            funder = _funder(doc, span_end, b)
            if funder is None and subject_funder and subject_funder[1] <= m.start():
                funder = subject_funder[0]
            rec = FigureRec(URIRef(""), measure, _plain(value), iri("concept", "unit", unit_key),
                            (m.start(), span_end), _qualifier(before), sent_as_of, None, funder)
            found.append((m.start(), span_end, rec, folded[:hit[1]]))
            taken.append((m.start(), span_end))
        found.sort(key=lambda x: x[0])
        found = _inherit(doc, found, a, b)
        for s, e, rec, _noun in found:
            about = _about(doc, rec, s, e, a, b, main, last_plan)
            if about is None:
                continue
            scope = rec.scope
            if partners_from is None and _PARTNER_PASSIVE.match(text, e, b):
                partners_from = s  # "12 projects funded by partners, worth …": both figures
            if scope is None and rec.funded_by is None and partners_from is not None \
                    and s >= partners_from:
                scope = _PARTNER_SCOPE
            out.append(FigureRec(about, rec.measure, rec.value, rec.unit,
                                 (max(a, s - _lead(text, a, s)), e), rec.qualifier,
                                 rec.as_of, rec.denominator, rec.funded_by, scope))
        plans = doc.mentions_in(a, b, _PLAN_KINDS)
        if plans:
            last_plan = plans[-1].iri
    return out


def _lead(text: str, a: int, s: int) -> int:
    """Include a qualifier word just before the number in the quoted evidence."""
    m = re.search(r"(?:gần|khoảng|hơn|trên|thêm|nearly|about|over|more than|around)\s+$",
                  text[max(a, s - 12):s])
    return len(m.group(0)) if m else 0


def _is_duration(before: str, after: str) -> bool:
    return bool(re.match(r"năm (?:qua|vừa qua|thực hiện|triển khai)|years? (?:ago|of)",
                         after)) and not \
        re.search(r"(?:đánh giá|review)\s+$", before) or bool(
            re.search(r"(?:chặng đường|sau|trong|over the past|past|after|for)\s+(?:gần\s+)?$",
                      before))


def _implemented_variant(lex: _Lexicon, measure: URIRef, rest: str) -> URIRef:
    """22/26 action lines … implemented → the 'implemented' measure of the same noun."""
    if not re.search(r"triển khai|thực hiện|hoàn thành|implemented|completed", rest[:160]):
        return measure
    nouns = [lab for lab, c in lex.after if c == measure]
    for lab, c in lex.after:
        if c != measure and any(lab.startswith(n) for n in nouns) and re.search(
                r"triển khai|thực hiện|implemented", lab) and not re.search(
                r"chưa|not yet|remaining|còn lại|tỷ lệ|share", lab):
            return c
    return measure


def _share_variant(lex: _Lexicon, noun: str) -> URIRef | None:
    for prefix in ("tỷ lệ ", "share of "):
        hit = lex.measure_after(prefix + noun)
        if hit:
            return hit[0]
    return None


def _funder(doc: Doc, pos: int, b: int) -> URIRef | None:
    for m in doc.mentions_in(pos, min(b, pos + 50), ("country", "org")):
        between = doc.text[pos:m.start]
        if _FUNDER.match(between) and (re.search(r"\bby\s+$", between)
                                       or _FUND_VERB.match(doc.text[m.end:b])):
            return m.iri
        break
    return None


def _inherit(doc: Doc, found: list, a: int, b: int) -> list:
    """'17 dự án mới …, trong đó 16 dự án do Singapore tài trợ': the subset keeps the measure."""
    sub = _SUBSET.search(doc.text, a, b)
    if not sub:
        return found
    parents = [f for f in found if f[1] <= sub.start()]
    if not parents:
        return found
    parent = parents[-1]
    out = []
    for f in found:
        s, e, rec, noun = f
        if s >= sub.end() and parent[3] and noun and set(noun.split()) <= set(
                parent[3].split()) and rec.unit == parent[2].unit:
            rec = FigureRec(rec.about, parent[2].measure, rec.value, rec.unit, rec.evidence,
                            rec.qualifier, rec.as_of, rec.denominator, rec.funded_by, rec.scope)
        out.append((s, e, rec, noun))
    return out


_PLAN_BACK_REF = re.compile(r"\b(?:triển khai|thực hiện|của)\s+(?:các\s+)?(?:Đề án|Kế hoạch|"
                            r"Chương trình)\b|\b(?:implement\w*|of)\s+the\s+(?:scheme|plan|"
                            r"project|programme)\b")
_ATTENDANCE = re.compile(r"\b(?:tham dự|tham gia|đại diện|attended|attending|representatives?|"
                         r"participants?)\b", re.I)


def _about(doc: Doc, rec: FigureRec, s: int, e: int, a: int, b: int,
           main: MeetingRec | None, last_plan: URIRef | None) -> URIRef | None:
    """What a figure is about: for meeting measures the meeting (unless a plan is named in the
    sentence); for strategic areas the initiative; else the plan named in the same clause,
    before it in the sentence, after it, or in an earlier sentence."""
    key = _mkey(rec.measure)
    plans = _plan_candidates(doc, a, b, key)
    if key in _MEETING_MEASURES:
        if plans and key != "session-count":
            return _closest(doc, plans, s, e, a, b)
        if key == "organisation-count" and last_plan is not None and \
                _PLAN_BACK_REF.search(doc.text, e, b) and not _ATTENDANCE.search(doc.text, a, b):
            # "15 Bộ, ngành … đã ban hành kế hoạch triển khai Đề án": bodies implementing the
            # plan named before, not bodies attending the meeting
            return last_plan
        return main.iri if main else None
    if key == "strategic-area-count":
        inits = doc.mentions_in(a, b, ("initiative",))
        if inits:
            return min(inits, key=lambda m: abs(m.start - s)).iri
        for wp in doc.mentions_in(a, b, ("workplan",)):
            init = doc.ref.workplan_of.get(wp.iri)  # type: ignore[arg-type]
            if init:
                return init
        allinit = [m.iri for m in doc.mentions_in(0, len(doc.text), ("initiative",))]
        return max(set(allinit), key=allinit.count) if allinit else None
    if key == "years":
        named = _short_name_after(doc, e, b)
        if named is not None:
            return named
    if plans:
        return _closest(doc, plans, s, e, a, b)
    if last_plan is not None:
        return last_plan
    inits = doc.mentions_in(a, b, ("initiative",))
    if inits:
        return inits[0].iri
    later = doc.mentions_in(b, len(doc.text), ("workplan", "actionplan"))
    return later[0].iri if later else None  # "approved eight new projects" … "under WP IV"


def _short_name_after(doc: Doc, e: int, b: int) -> URIRef | None:
    """'5 năm thực hiện Kế hoạch tổng thể, …': a short name for a plan named in full earlier."""
    m = re.match(r"\s*(?:thực hiện\s+|triển khai\s+|of implementing\s+|of\s+)?(?:the\s+)?"
                 r"([A-ZÀ-ỸĐ][^,.;()]{2,40}?)(?=\s*[,.;(]|\s+(?:và|and|bao gồm|including)\b|$)",
                 doc.text[e:b])
    if m is None:
        return None
    phrase = tone_fold(m.group(1).strip())
    if len(phrase.split()) < 2:
        return None
    earlier = [x for x in doc.mentions_in(0, e, _PLAN_KINDS) if phrase in tone_fold(x.surface)]
    return earlier[-1].iri if earlier else None


def _plan_candidates(doc: Doc, a: int, b: int, key: str) -> list[tuple[int, int, URIRef]]:
    kinds = _PLAN_KINDS + (("initiative",) if key == "years" else ())
    out = [(m.start, m.end, m.iri) for m in doc.mentions_in(a, b, kinds) if m.iri is not None]
    for leg in doc.all_mentions_in(a, b, ("legislation",)):
        plan = doc.ref.approves.get(leg.iri)  # type: ignore[arg-type]
        if plan is not None:
            out.append((leg.start, leg.end, plan))
    return sorted(out)


def _closest(doc: Doc, plans: list[tuple[int, int, URIRef]], s: int, e: int, a: int,
             b: int) -> URIRef:
    text = doc.text
    cs = a
    for m in re.finditer(r"[;:]|,\s", text[a:s]):
        cs = a + m.end()
    ce_m = re.search(r"[;:]|,\s", text[e:b])
    ce = e + ce_m.start() if ce_m else b
    same = [p for p in plans if cs <= p[0] < ce]
    if same:
        return min(same, key=lambda p: min(abs(p[0] - e), abs(s - p[1])))[2]
    before = [p for p in plans if p[1] <= s]
    if before:
        return before[-1][2]
    return plans[0][2]


def _sentence_as_of(doc: Doc, a: int, b: int) -> DateValue | None:
    """'as of February 2024', 'tính đến tháng 6/2022': the figures' own reference date."""
    m = _AS_OF.search(doc.text, a, b)
    if m is None:
        return None
    for d in doc.dates_in(max(a, m.end() - 8), min(b, m.end() + 40)):
        gap = doc.text[m.end():d.start] if d.start > m.end() else ""
        if d.start - m.end() <= 2 or _AS_OF_PART.fullmatch(gap):
            if d.part == "end" and d.year:
                return DateValue(f"{d.year}-12")  # "as at end-2022"
            return resolve_date(doc, d)
    return None


def _subject_funder(doc: Doc, a: int, b: int) -> tuple[URIRef, int] | None:
    """'Japan alone committed 4.87 million USD to 11 projects': the funder is the subject."""
    for m in doc.mentions_in(a, b, ("country", "org")):
        v = _FUND_SUBJECT.match(doc.text, m.end, b)
        if v and m.iri is not None:
            return m.iri, v.end()
    return None


def _partner_subject(doc: Doc, a: int, b: int) -> int | None:
    """Where 'Các Đối tác ASEAN hỗ trợ …' / 'ASEAN partners funded …' puts ASEAN's partners as
    the subject of a support verb: the offset after the verb (figures after it are
    partner-supported), or None. Matches the word itself, so a bare "các Đối tác" counts too."""
    for m in _PARTNER_WORD.finditer(doc.text, a, b):
        v = _PARTNER_VERB.match(doc.text, m.end(), b)
        if v:
            return v.end()
    return None


def _as_of(doc: Doc, main: MeetingRec | None) -> DateValue | None:
    if main is not None and main.start is not None:
        return main.start
    if doc.reference_date:
        return DateValue(doc.reference_date, doc.context_method if doc.reference_date_inferred
                         else None)
    return None
