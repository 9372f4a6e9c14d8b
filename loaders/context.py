"""The document's own time: the year that dates without a year are resolved against.

Why explicit: "Ngày 25/3" has no year; guessing one from nothing would put a false fact in the
graph. The year must come from the document's own evidence, in this order: the publication
date line, a full date stated in the content, a chair/coordinator term year ("Chủ tịch Nhóm
Đặc trách IAI năm 2021", a tag "Chủ tịch ASEAN 2020"). Each is reported with its method. A
year never comes from the sentence being resolved (no circular inference).
"""

from __future__ import annotations

import re

from loaders.dates import find_dates, lexical
from loaders.document import Doc
from loaders.facts import DateValue

__all__ = ["infer_context", "resolve_date"]

_CHAIR_YEAR = re.compile(
    r"(?:Chủ tịch|chủ tịch|Chair(?:man|manship|person)?|chair(?:manship)?|điều phối|"
    r"[Cc]oordinator)\b[^.\n]{0,90}?\b(?:năm\s+|in\s+|for\s+)?((?:19|20)\d\d)\b(?![-–/]\d)")


_LEAD_DATELINE = re.compile(
    r"[A-ZÀ-ỸĐ][\w .'À-ỹ-]{1,40},?\s*(?:\([^)]{1,30}\))?,?\s*"
    r"(?P<date>(?:\w+,\s*)?(?:[A-Z][a-z]+\.?\s+\d{1,2}(?:,?\s+\d{4})?|\d{1,2}\s+[A-Z][a-z]+\.?"
    r"(?:\s+\d{4})?|\d{1,2}/\d{1,2}(?:/\d{4})?))?\s*(?:\([^)]{1,30}\))?\s*[-–—]\s")


def lead_dateline(doc: Doc) -> tuple[int, int] | None:
    """The "CITY, Month D, YYYY -" prefix of the first body line, if any (its date is the
    publication date, not an event date)."""
    for b in doc.layout.blocks:
        if b.kind != "body":
            continue
        m = _LEAD_DATELINE.match(doc.text, b.start, b.end)
        if m and m.group("date"):
            return m.start("date"), m.end("date")
        return None
    return None


def infer_context(doc: Doc) -> None:
    """Set doc.context_year / context_method / reference_date from the document's evidence."""
    lay = doc.layout
    lead = lead_dateline(doc)
    if lead and not lay.dateline:
        lay.dateline = lead
        doc.set_dates([d for d in doc.dates if not (lead[0] <= d.start < lead[1])])
    if lay.dateline:
        a, b = lay.dateline
        for d in find_dates(doc.text[a:b]):
            if d.year and d.day:
                doc.published = lexical(d.year, d.month, d.day)
                doc.reference_date = doc.published
                doc.context_year = d.year
                doc.context_method = "year from the publication date line"
                return
    content = lay.content()
    for d in doc.dates:
        if d.year and d.day and d.kind in ("dmy", "vi_long", "en_dmy", "en_mdy", "en_range",
                                           "range_dmy") and _inside(d.start, content):
            doc.context_year = d.year
            doc.context_method = f"year of the full date {doc.text[d.start:d.end].strip()} " \
                                 "stated in the text"
            doc.reference_date = lexical(d.year, d.month, d.day)
            return
    for spans, where in ((content, "the text"), (lay.tags, "the tag line")):
        for a, b in spans:
            m = _CHAIR_YEAR.search(doc.text, a, b)
            while m and m.end() <= b:
                year = int(m.group(1))
                doc.context_year = year
                doc.context_method = f"year from the chair term {year} stated in {where}"
                doc.reference_date = str(year)
                doc.reference_date_inferred = True
                return
    return


def _inside(pos: int, spans: list[tuple[int, int]]) -> bool:
    return any(a <= pos < b for a, b in spans)


def resolve_date(doc: Doc, expr, *, end: bool = False) -> DateValue | None:
    """A DateExpr → DateValue; the year comes from the context when the text omits it."""
    day = (expr.end_day or expr.day) if end else expr.day
    month = (expr.end_month or expr.month) if end else expr.month
    if expr.part and not end:
        return DateValue(lexical(expr.year))  # "cuối năm 2020" → 2020
    if expr.part:
        return DateValue(lexical(expr.year))
    if expr.year is not None:
        return DateValue(lexical(expr.year, month, day))
    if doc.context_year is None:
        return None
    year = doc.context_year
    method = doc.context_method or "year from the document's context"
    if expr.relative == "next-year":
        year += 1
        method = f"'{doc.text[expr.start:expr.end]}' (next year) resolved with " + method
    elif expr.relative == "last-year":
        year -= 1
        method = f"'{doc.text[expr.start:expr.end]}' (last year) resolved with " + method
    elif expr.relative == "this-year":
        method = f"'{doc.text[expr.start:expr.end]}' (this year) resolved with " + method
    elif expr.relative == "upcoming" and doc.reference_date and len(doc.reference_date) >= 7 \
            and month is not None and month < int(doc.reference_date[5:7]):
        year += 1  # "tháng 2 tới" written in November is next year's February
        method = f"'{doc.text[expr.start:expr.end]}' (upcoming) resolved with " + method
    return DateValue(lexical(year, month, day), method)
