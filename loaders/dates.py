"""Date expressions in Vietnamese and English news text, with spans, and their resolution.

Why: articles write "Ngày 25/3", "22-23/9", "6/10/2020", "11:13 22/07/2020", "16 March 2023",
"ngày 7.11", "tháng 7/2021", "tháng 9 năm nay", "cuối năm 2020". A date without a year is only
usable with a year taken from the document's own evidence; this module finds the expressions
and says which parts were stated, and ``resolve`` fills the year from a given context year and
reports that it did so. ``d/m`` without a year counts as a date only after "ngày"/"on" (else
"22/26" and "SEOM 3/51" would become dates).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date as _date

__all__ = ["DateExpr", "MONTHS_EN", "find_dates", "lexical", "years_in"]

MONTHS_EN: dict[str, int] = {
    m: i for i, ms in enumerate([
        ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"),
        ("may",), ("june", "jun"), ("july", "jul"), ("august", "aug"),
        ("september", "sep", "sept"), ("october", "oct"), ("november", "nov"),
        ("december", "dec")], start=1) for m in ms
}
_MON = r"(January|February|March|April|May|June|July|August|September|October|November|" \
       r"December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.?"
_D = r"(\d{1,2})"
_Y = r"(\d{4})"
_PRE = r"(?:[Nn]gày|[Ss]áng|[Cc]hiều|[Tt]rưa|[Tt]ối|[Tt]ừ|[Oo]n|[Ff]rom)"

# Order matters: earlier patterns claim their span first.
_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("datetime", re.compile(rf"\b(\d{{1,2}}):(\d{{2}})(?:\s*(?:\([^)]*\)|[A-Z]{{2,4}}[+\d]*))?"
                            rf",?\s+(?:[A-Za-zÀ-ỹ]+,\s*)?{_D}/{_D}/{_Y}\b")),
    ("range_dmy", re.compile(rf"(?:{_PRE}\s+(?:ngày\s+)?)?\b{_D}\s*(?:[-–—]|đến|và|to|and)\s*"
                             rf"{_D}[/.]{_D}(?:[/.]{_Y})?\b(?![/.]\d)")),
    ("dmy", re.compile(rf"\b{_D}[/.-]{_D}[/.-]{_Y}\b")),
    ("vi_long", re.compile(rf"\b[Nn]gày\s+{_D}\s+tháng\s+{_D}(?:\s+năm\s+{_Y})?")),
    ("dm", re.compile(rf"{_PRE}\s+(?:ngày\s+)?{_D}[/.]{_D}\b(?![/.]\d)")),
    ("en_range", re.compile(rf"\b{_D}\s*(?:[-–—]|to|and)\s*{_D}\s+{_MON}(?:,?\s+{_Y})?\b")),
    ("en_dmy", re.compile(rf"\b{_D}\s+{_MON}(?:,?\s+{_Y})?\b")),
    ("en_mdy", re.compile(rf"\b{_MON}\s+{_D}(?:\s*[-–—]\s*{_D})?(?:,\s*{_Y})?\b")),
    ("en_my", re.compile(rf"\b{_MON}\s+{_Y}\b")),
    ("vi_my", re.compile(rf"\btháng\s+{_D}(?:/|\s+năm\s+){_Y}\b")),
    ("vi_m_rel", re.compile(rf"\btháng\s+{_D}\s+(năm nay|này|tới|sắp tới|năm tới|năm sau)\b")),
    ("rel_year", re.compile(r"(?<!\d )(?<!\d)\b(next year|this year|last year|năm tới|năm sau|"
                            r"năm nay|năm ngoái|năm trước)\b(?!\s*\d)", re.I)),
    ("vi_part_year", re.compile(rf"\b(cuối|đầu|giữa|Cuối|Đầu|Giữa)\s+năm\s+{_Y}\b")),
    ("en_part_year", re.compile(rf"\b(?:the\s+)?(end|beginning|start|middle|mid)(?:\s+of\s+|-)"
                                rf"{_Y}\b", re.I)),
    ("vi_year", re.compile(rf"\b(?:từ\s+)?năm\s+{_Y}\b")),
    ("en_year", re.compile(rf"\b(?:in|since|from|by|until|during)\s+{_Y}\b")),
]


@dataclass(frozen=True)
class DateExpr:
    """A date expression: span, the parts stated, and for relative ones what they are relative to.

    ``relative`` is None, "this-year" ("năm nay", "này") or "upcoming" ("tới", "sắp tới").
    ``part`` is "end"/"beginning"/"middle" for "cuối năm 2020" and kin (the value is the year).
    """

    start: int
    end: int
    kind: str
    year: int | None
    month: int | None
    day: int | None
    end_day: int | None = None
    end_month: int | None = None
    relative: str | None = None
    part: str | None = None

    @property
    def year_stated(self) -> bool:
        return self.year is not None

    def with_year(self, year: int) -> DateExpr:
        return DateExpr(self.start, self.end, self.kind, year, self.month, self.day,
                        self.end_day, self.end_month, self.relative, self.part)


def _valid(day: int | None, month: int | None) -> bool:
    if month is not None and not 1 <= month <= 12:
        return False
    return day is None or 1 <= day <= 31


def _mk(kind: str, m: re.Match[str]) -> DateExpr | None:
    g = m.groups()
    s, e = m.start(), m.end()

    def num(x: str | None) -> int | None:
        return int(x) if x else None

    if kind == "datetime":
        d, mo, y = int(g[2]), int(g[3]), int(g[4])
        return DateExpr(s, e, kind, y, mo, d) if _valid(d, mo) else None
    if kind == "range_dmy":
        d1, d2, mo, y = int(g[0]), int(g[1]), int(g[2]), num(g[3])
        if not m.group(0)[:1].isalpha() and y is None:
            return None  # "22-23/9" without "ngày" or a year: too ambiguous
        if not (_valid(d1, mo) and _valid(d2, mo)) or d2 <= d1:
            return None
        return DateExpr(s, e, kind, y, mo, d1, end_day=d2, end_month=mo)
    if kind == "dmy":
        d, mo, y = int(g[0]), int(g[1]), int(g[2])
        return DateExpr(s, e, kind, y, mo, d) if _valid(d, mo) else None
    if kind == "vi_long":
        d, mo, y = int(g[0]), int(g[1]), num(g[2])
        return DateExpr(s, e, kind, y, mo, d) if _valid(d, mo) else None
    if kind == "dm":
        d, mo = int(g[0]), int(g[1])
        return DateExpr(s, e, kind, None, mo, d) if _valid(d, mo) else None
    if kind == "en_range":
        d1, d2, mo, y = int(g[0]), int(g[1]), MONTHS_EN[g[2].lower()], num(g[3])
        return DateExpr(s, e, kind, y, mo, d1, end_day=d2, end_month=mo) if d2 > d1 else None
    if kind == "en_dmy":
        d, mo, y = int(g[0]), MONTHS_EN[g[1].lower()], num(g[2])
        return DateExpr(s, e, kind, y, mo, d) if _valid(d, mo) else None
    if kind == "en_mdy":
        mo, d, d2, y = MONTHS_EN[g[0].lower()], int(g[1]), num(g[2]), num(g[3])
        if g[0].lower() == "may" and y is None and d2 is None:
            return None  # "may 5" is too often the verb
        return DateExpr(s, e, kind, y, mo, d, end_day=d2, end_month=mo if d2 else None)
    if kind == "en_my":
        return DateExpr(s, e, kind, int(g[1]), MONTHS_EN[g[0].lower()], None)
    if kind == "vi_my":
        mo = int(g[0])
        return DateExpr(s, e, kind, int(g[1]), mo, None) if _valid(None, mo) else None
    if kind == "vi_m_rel":
        mo = int(g[0])
        rel = "this-year" if g[1] in ("năm nay", "này") else (
            "next-year" if g[1] in ("năm tới", "năm sau") else "upcoming")
        return DateExpr(s, e, kind, None, mo, None, relative=rel) if _valid(None, mo) else None
    if kind == "vi_part_year":
        part = {"cuối": "end", "đầu": "beginning", "giữa": "middle"}[g[0].lower()]
        return DateExpr(s, e, kind, int(g[1]), None, None, part=part)
    if kind == "en_part_year":
        part = {"end": "end", "beginning": "beginning", "start": "beginning",
                "middle": "middle", "mid": "middle"}[g[0].lower()]
        return DateExpr(s, e, kind, int(g[1]), None, None, part=part)
    if kind == "rel_year":
        word = g[0].lower()
        rel = ("next-year" if word in ("next year", "năm tới", "năm sau") else
               "last-year" if word in ("last year", "năm ngoái", "năm trước") else "this-year")
        return DateExpr(s, e, kind, None, None, None, relative=rel)
    if kind in ("vi_year", "en_year"):
        y = int(g[0])
        return DateExpr(s, e, kind, y, None, None) if 1900 <= y <= 2100 else None
    return None


def find_dates(text: str) -> list[DateExpr]:
    """Every date expression in ``text``, non-overlapping, in text order."""
    taken = bytearray(len(text) + 1)  # 1 where an earlier pattern already claimed the text
    found: list[DateExpr] = []
    for kind, pattern in _PATTERNS:
        for m in pattern.finditer(text):
            if any(taken[m.start():m.end()]):
                continue
            expr = _mk(kind, m)
            if expr is not None:
                found.append(expr)
                taken[m.start():m.end()] = b"\x01" * (m.end() - m.start())
    found.sort(key=lambda x: x.start)
    return found


def lexical(year: int | None, month: int | None = None, day: int | None = None) -> str | None:
    """ISO lexical form at the stated precision: '2021-03-25', '2021-07', '2020'."""
    if year is None:
        return None
    if month is None:
        return f"{year:04d}"
    if day is None:
        return f"{year:04d}-{month:02d}"
    try:
        _date(year, month, day)
    except ValueError:  # '31/02/2024' names no day: keep the month rather than emit a bad date
        return f"{year:04d}-{month:02d}"
    return f"{year:04d}-{month:02d}-{day:02d}"


_YEAR = re.compile(r"(?<!\d)(19\d\d|20\d\d)(?!\d)")


def years_in(text: str) -> list[int]:
    return [int(y) for y in _YEAR.findall(text)]
