"""Plans and documents: work plans by phase, action plans by period, legislation by number,
national schemes by number — each resolved to its canonical IRI and added as a mention.

Why rules on top of the gazetteer: the reference data names each plan once, but articles write
the phase as a digit, a Roman numeral or a word ("giai đoạn 4", "IV", "bốn"), or only by its
period ("giai đoạn 2021-2025"); the key (initiative + phase) is what makes them one thing. A
plan the reference data does not know is minted under the same IRI pattern (docs/model.md).
"""

from __future__ import annotations

import re

from rdflib import URIRef

from graph.model import AKG, SCHEMA, iri, slug
from loaders.dates import find_dates, lexical
from loaders.document import Doc
from loaders.facts import ClaimRec, DateValue
from loaders.mention import Mention
from loaders.numbers import EN_ORDINAL_WORDS, parse_roman, parse_words

__all__ = ["find_plans"]

_PERIOD = r"\(?\s*((?:19|20)\d\d)\s*[-–—]\s*((?:19|20)\d\d)\s*\)?"
_PHASE_TOKEN = r"(\d{1,2}|[IVX]{1,5}|một|hai|ba|bốn|năm|sáu|bảy|tám|chín|mười|one|two|three|" \
               r"four|five|six)"
_WP_VI = re.compile(r"\b(?:Kế hoạch [Cc]ông tác|kế hoạch công tác|KHCT)\b")
_WP_EN = re.compile(r"\b(?:Work Plans?|Workplans?|work plans?)\b")
_PHASE_VI = re.compile(rf"\s*(?:\(|,\s*)?(?:giai đoạn|Giai đoạn|phase|Phase)\s+{_PHASE_TOKEN}"
                       rf"(?!\w)(?:\s*{_PERIOD})?")
_PERIOD_ONLY = re.compile(rf"\s*(?:giai đoạn|Giai đoạn|for|of|covering)?\s*{_PERIOD}")
_PHASE_EN_AFTER = re.compile(rf"\s*(?:\(|,\s*)?(?:Phase\s+|phase\s+)?([IVX]{{1,5}}|\d{{1,2}})"
                             rf"(?!\w)(?:\s*{_PERIOD})?")
_ORD_BEFORE = re.compile(r"\b(first|second|third|fourth|fifth|sixth|\d(?:st|nd|rd|th))\s+$", re.I)
_AP = re.compile(r"\b(?:Kế hoạch hành động|kế hoạch hành động|KHHĐ|Action Plan|action plan)\b")
_LEG = re.compile(
    r"\b(Quyết định|Nghị định|Nghị quyết|Thông tư|Chỉ thị|Luật|Decision|Decree|Resolution|"
    r"Circular|Directive)\s+(?:số\s+|No\.?\s*|number\s+)?"
    r"(\d{1,5}(?:/\d{4})?/[A-ZĐa-zđ&]+(?:[-–][A-ZĐa-zđ&]+)*(?:/[A-ZĐa-zđ]+)?)")
_PERIOD_IN = re.compile(r"\b((?:19|20)\d\d)\s*[-–—]\s*((?:19|20)\d\d)\b")
_SCHEME = re.compile(r"\b(?:Đề án|đề án|Project|Scheme)\s+(?:số\s+|No\.?\s*)?(\d{2,4})\b(?![/\d])")


def _phase_value(tok: str) -> int | None:
    if tok.isdigit():
        return int(tok)
    r = parse_roman(tok)
    if r is not None:
        return r
    return parse_words([tok])


def _key(u: URIRef) -> str:
    return str(u).rstrip("/").rsplit("/", 1)[1]


def find_plans(doc: Doc) -> list[ClaimRec]:
    """Add plan/document mentions to ``doc`` and return the period claims they state."""
    claims: list[ClaimRec] = []
    for a, b in doc.sentences:
        claims.extend(_workplans(doc, a, b))
        _action_plans(doc, a, b, claims)
        claims.extend(_legislation(doc, a, b))
        _schemes(doc, a, b)
    for m in doc.mentions:
        if m.kind not in ("workplan", "actionplan", "framework") or m.iri is None:
            continue  # "Kế hoạch Chiến lược … 2026-2030", "(2016-2020)": the period it states
        p = _PERIOD_IN.search(doc.text, m.start, min(len(doc.text), m.end + 14))
        if p and (p.start() < m.end or re.fullmatch(r"[\s(,]*", doc.text[m.end:p.start()])):
            span = (m.start, max(m.end, p.end()))
            claims.append(ClaimRec(m.iri, AKG.periodStart, DateValue(p.group(1)), span))
            claims.append(ClaimRec(m.iri, AKG.periodEnd, DateValue(p.group(2)), span))
    return claims


def _workplans(doc: Doc, a: int, b: int) -> list[ClaimRec]:
    text = doc.text
    out: list[ClaimRec] = []
    heads = list(_WP_VI.finditer(text, a, b)) + list(_WP_EN.finditer(text, a, b))
    for h in sorted(heads, key=lambda m: m.start()):
        inits = doc.mentions_in(max(a, h.start() - 12), min(b, h.end() + 14), ("initiative",))
        if not inits:
            continue
        init = inits[0]
        start = min(h.start(), init.start)
        tail_from = max(h.end(), init.end)
        phase: int | None = None
        period: tuple[int, int] | None = None
        end = tail_from
        m = _PHASE_VI.match(text, tail_from, b) or _PHASE_EN_AFTER.match(text, tail_from, b)
        if m:
            phase = _phase_value(m.group(1))
            if m.group(2):
                period = (int(m.group(2)), int(m.group(3)))
            end = m.end()
        else:
            p = _PERIOD_ONLY.match(text, tail_from, b)
            if p:
                period = (int(p.group(1)), int(p.group(2)))
                end = p.end()
        ob = _ORD_BEFORE.search(text, max(a, start - 14), start)
        if phase is None and ob:
            w = ob.group(1).lower()
            phase = EN_ORDINAL_WORDS.get(w) or int(re.sub(r"\D", "", w) or 0) or None
            start = ob.start()
        if end < b and text[end - 1:end] != ")" and text[end:end + 1] == ")" and "(" in \
                text[start:end]:
            end += 1
        wp = None
        if phase is not None:
            wp = doc.ref.workplans.get((init.iri, phase)) or iri(
                "workplan", f"{_key(init.iri)}-{phase}")
        elif period is not None:
            wp = doc.ref.workplan_periods.get((init.iri, period[0], period[1]))
        if wp is None:
            continue
        mention = Mention(start, end, text[start:end].rstrip(), "workplan", wp)
        doc.add_mention(mention)
        if period:
            span = (start, end)
            out.append(ClaimRec(wp, AKG.periodStart, DateValue(str(period[0])), span))
            out.append(ClaimRec(wp, AKG.periodEnd, DateValue(str(period[1])), span))
    return out


def _action_plans(doc: Doc, a: int, b: int, claims: list[ClaimRec]) -> None:
    text = doc.text
    for h in _AP.finditer(text, a, b):
        if doc.mentions_in(h.start(), h.end(), ("actionplan",)):
            continue
        owner = doc.mentions_in(max(a, h.start() - 8), min(b, h.end() + 12),
                                ("org", "initiative", "framework"))
        if not owner:
            continue
        o = owner[0]
        tail = max(h.end(), o.end)
        p = re.compile(rf"\s*(?:cho\s+)?(?:giai đoạn(?: mới)?\s*)?(?:for\s+)?{_PERIOD}").match(
            text, tail, b)
        if not p:
            continue
        y1, y2 = int(p.group(1)), int(p.group(2))
        start, end = min(h.start(), o.start), p.end()
        ap = iri("actionplan", f"{_key(o.iri)}-{y1}-{y2}")
        known = [m for m in doc.ref.gazetteer.by_iri if m == ap]
        doc.add_mention(Mention(start, end, text[start:end], "actionplan", ap,
                                fuzzy=not known))
        claims.append(ClaimRec(ap, AKG.periodStart, DateValue(str(y1)), (start, end)))
        claims.append(ClaimRec(ap, AKG.periodEnd, DateValue(str(y2)), (start, end)))


def _legislation(doc: Doc, a: int, b: int) -> list[ClaimRec]:
    text = doc.text
    out: list[ClaimRec] = []
    for m in _LEG.finditer(text, a, b):
        number = m.group(2)
        end = m.end()
        date = None
        for d in find_dates(text[end:min(b, end + 40)]):
            if d.start <= 8 and d.year and d.day:
                date = lexical(d.year, d.month, d.day)
                end = end + d.end
            break
        year = None
        ys = re.findall(r"/(\d{4})/", number)
        if ys:
            year = ys[0]
        elif date:
            year = date[:4]
        key = slug(number) + (f"-{year}" if year and year not in number else "")
        cc = "vn"
        leg = iri("legislation", cc, key)
        doc.add_mention(Mention(m.start(), end, text[m.start():end], "legislation", leg))
        out.append(ClaimRec(leg, SCHEMA.legislationIdentifier, number, (m.start(), end)))
        if date:
            out.append(ClaimRec(leg, SCHEMA.legislationDate, DateValue(date), (m.start(), end)))
    return out


def _schemes(doc: Doc, a: int, b: int) -> None:
    text = doc.text
    for m in _SCHEME.finditer(text, a, b):
        if doc.mentions_in(m.start(), m.end(), ("nationalscheme",)):
            continue
        if m.group(0).startswith("Project") and doc.lang == "vi":
            continue
        sch = iri("nationalscheme", f"vn-de-an-{m.group(1)}")
        doc.add_mention(Mention(m.start(), m.end(), m.group(0), "nationalscheme", sch))
