"""Page layout: which lines are article content and which are boilerplate.

Why: scraped news carries text that is not the article: related-news teasers ("Tin cùng
chuyên mục", "Tin liên quan", "Related news"), "[linked headline]" lines, photo captions
("(Ảnh: …)", "ảnh 1…", "Quang cảnh …"), tag lines ("A,B,C"), "Nguồn:" credits, bylines and the
date line. Kept as content, a teaser about other people would attach them to this article's
meeting. Nothing is cut out of the text (offsets must stay valid); lines are *classified*, and
only "title"/"body" lines are read for facts. Byline, credit and date line become document
metadata (dcterms:creator, dcterms:publisher, schema:datePublished).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

__all__ = ["Block", "Layout", "layout"]

_TEASER = re.compile(
    r"^\s*(Tin cùng chuyên mục|Tin liên quan|Bài liên quan|Bài viết liên quan|Tin khác|Tin mới|"
    r"Xem thêm|Đọc thêm|Các tin khác|Tin bài liên quan|Tin cùng chủ đề|Có thể bạn quan tâm|"
    r"Related news|Related articles|Related stories|Related|Read more|More news|Other news|"
    r"Read also|See also|More stories|You may also like|Read next)\b[\s:.]*$", re.I)
_TEASER_PREFIX = re.compile(r"^\s*(?:Xem thêm|Đọc thêm|Tin liên quan|Bài liên quan|Read more|"
                            r"See also|Related|Read also)\s*:", re.I)
_TAG_LINE = re.compile(r"^\s*(?:Tags?|Từ khóa|Từ khoá|Keywords?|Chủ đề)\s*:", re.I)
_RELATED = re.compile(r"^\s*\[[^\]]{8,}\]\s*$")
_CAPTION = re.compile(
    r"\((?:Ảnh|Nguồn ảnh|Photo|Photos|Image|Ảnh minh họa)\s*:[^)]*\)\s*$|"
    r"^\s*(?:Ảnh|Photo|Image|Quang cảnh|Toàn cảnh|Khung cảnh|Các đại biểu chụp ảnh)\b|"
    r"\bảnh \d+(?=\S)|(?:^|[.!?]\s+)(?:Ảnh|Photo|Nguồn ảnh)\s*:\s*[^.]{2,60}$|"
    r"[—–-]\s*\w+(?:/\w+\+?)*\s+Photo\b|\bPhoto courtesy\b", re.I)
_SOURCE_TAIL = re.compile(r"(?:^|[.!?]\s+)(?:Nguồn|Source|Theo)\s*:\s*([^.\n]{2,60})\s*$")
_CREDIT = re.compile(r"^\s*\((?:Theo\s+)?([^()]{2,60})\)\s*$|^\s*(?:Nguồn|Source|Theo)\s*:\s*"
                     r"([^\n]{2,60})$|"
                     # "VNA/VNS", "TTXVN/Vietnam+": a line of agency names joined by slashes
                     r"^\s*((?=[^\n]*\b[A-Z]{2,}\b)[A-Z][A-Za-z+]{1,11}"
                     r"(?:\s*/\s*[A-Z][A-Za-z+]{1,11})+)\s*$")
_DATELINE = re.compile(r"^\s*(?:\w+,\s*)?(?:\d{1,2}:\d{2}(?:\s*(?:AM|PM|\(GMT[^)]*\)|GMT"
                       r"[+\-]?\d*))?,?\s+)?(?:\w+,\s*)?\d{1,2}/\d{1,2}/\d{4}"
                       r"(?:\s+\d{1,2}:\d{2}(?:\s*(?:AM|PM))?)?\s*$|"
                       r"^\s*(?:Published|Updated|Cập nhật|Đăng)\b[^\n]{0,20}\d{4}[^\n]{0,20}$",
                       re.I)
_TAGS = re.compile(r"[^\s,],(?=[^\s\d])")
# a photo credit inside a caption: "(Ảnh: Đỗ Quyên/TTXVN)", "Photo: Xuan Tung/VNA"
_PHOTO_CREDIT = re.compile(r"(?:^|[(.!?]\s*)(?:Ảnh|Photo|Photos|Image)\s*:\s*([^()\n]{2,60}?)"
                           r"\s*\)?\s*$", re.I)
_NAME_WORD = re.compile(r"^(?:[A-ZÀ-ỸĐ][\wÀ-ỹ]*\.?|và|-|–|&)$")


@dataclass(frozen=True)
class Block:
    """One line of the text: [start, end) offsets and its kind."""

    start: int
    end: int
    kind: str  # title | body | teaser | related | caption | tags | credit | byline | dateline
    #            | duplicate | blank


@dataclass
class Layout:
    """The classified lines plus the metadata read from boilerplate."""

    blocks: list[Block] = field(default_factory=list)
    title: str | None = None
    creator: str | None = None
    publisher: list[str] = field(default_factory=list)
    contributors: list[str] = field(default_factory=list)
    dateline: tuple[int, int] | None = None
    tags: list[tuple[int, int]] = field(default_factory=list)

    def content(self) -> list[tuple[int, int]]:
        """Spans whose text is read for entities and facts."""
        return [(b.start, b.end) for b in self.blocks if b.kind in ("title", "body")]


_WEEKDAY = re.compile(r"\b(?:Thứ\s+\w+|Chủ\s+nhật|Monday|Tuesday|Wednesday|Thursday|Friday|"
                      r"Saturday|Sunday|Mon|Tue|Wed|Thu|Fri|Sat|Sun|GMT[+-]?\d*|AM|PM|ICT)\b",
                      re.I)


def _is_date_line(line: str) -> bool:
    """A short line that is only a date, a time and separators ("June 6, 2024 | 10:35 AM")."""
    if len(line) > 50:
        return False
    from loaders.dates import find_dates

    full = [d for d in find_dates(line) if d.year and d.day]
    if not full:
        return False
    rest = line
    for d in sorted(full, key=lambda d: -d.start):
        rest = rest[:d.start] + rest[d.end:]
    rest = _WEEKDAY.sub("", re.sub(r"\d{1,2}:\d{2}(?::\d{2})?", "", rest))
    return not re.search(r"\w", rest)


def _photographer(line: str) -> str | None:
    """The person a photo credit names ("(Ảnh: Đỗ Quyên/TTXVN)" → "Đỗ Quyên"), or None.

    Why: a photographer is a contributor of the source (dcterms:contributor). Only a part that
    reads as a personal name counts: two to five capitalised words, not an acronym; agencies
    ("TTXVN", "VNA", "Bộ Công Thương") and the caption's own words are not people.
    """
    m = _PHOTO_CREDIT.search(line)
    if not m:
        return None
    for part in re.split(r"\s*/\s*", m.group(1).strip()):
        words = part.split()
        if (2 <= len(words) <= 5 and all(w[:1].isupper() and not w.isupper() for w in words)
                and words[0] not in _NOT_PERSON_HEAD):
            return part
    return None


_NOT_PERSON_HEAD = frozenset({"Bộ", "Ban", "Cổng", "Phái", "Báo", "Đài", "Thông", "Trung",
                              "Văn", "Vụ", "Sở", "Cục", "Ministry", "Department", "Embassy",
                              "Mission", "Office", "Courtesy"})


def _looks_like_byline(line: str) -> bool:
    """A short signature: "T. Minh", "By Minh Anh", "Xuan Tung – VNA", "Hà Linh (TTXVN)"."""
    words = line.split()
    if not 1 <= len(words) <= 9 or line.rstrip().endswith((".", ":", ";", "?", "!", ",")):
        return False
    return line.strip()[:1].isupper() or line.strip().lower().startswith("by ")


def layout(text: str) -> Layout:
    """Classify every line of ``text``; collect title, byline, credits and the date line."""
    out = Layout()
    lines: list[tuple[int, int]] = []
    pos = 0
    for part in text.split("\n"):
        lines.append((pos, pos + len(part)))
        pos += len(part) + 1
    kinds: list[str] = []
    seen: set[str] = set()
    in_teaser = False
    first_content = True
    for start, end in lines:
        raw = text[start:end]
        line = raw.strip()
        if not line:
            kinds.append("blank")
            continue
        if in_teaser or _TEASER.match(line) or _TEASER_PREFIX.match(line):
            in_teaser = True
            kinds.append("teaser")
            continue
        key = re.sub(r"\W+", " ", line.lower()).strip()
        if _RELATED.match(line):
            kind = "related"
        elif _DATELINE.match(line) or _is_date_line(line):
            kind = "dateline"
            if out.dateline is None:
                out.dateline = (start, end)
        elif _CREDIT.match(line):
            kind = "credit"
            m = _CREDIT.match(line)
            assert m is not None
            if _PHOTO_CREDIT.search(line):
                kind = "caption"
            else:
                out.publisher.append((m.group(1) or m.group(2) or m.group(3)).strip())
        elif _CAPTION.search(line):
            kind = "caption"
            m = _SOURCE_TAIL.search(line)
            if m:
                out.publisher.append(m.group(1).strip())
        elif _TAG_LINE.match(line) or (len(_TAGS.findall(line)) >= 2
                                       and not line.endswith(".")):
            kind = "tags"
            out.tags.append((start, end))
        elif key in seen and len(key) > 20:
            kind = "duplicate"
        elif first_content and len(line) < 250 and not line.endswith((".", ":")):
            kind = "title"
            out.title = line
        else:
            m = _SOURCE_TAIL.search(line)
            kind = "caption" if (m and len(line) < 200) else "body"
            if m and kind == "caption":
                out.publisher.append(m.group(1).strip())
        if kind == "caption" and (who := _photographer(line)) and who not in out.contributors:
            out.contributors.append(who)
        if kind in ("title", "body"):
            first_content = False
        seen.add(key)
        kinds.append(kind)
    # bylines: short name-like lines at the very end (before any teaser), e.g. "T. Minh"
    byline: list[str] = []
    for i in range(len(lines) - 1, -1, -1):
        if kinds[i] in ("blank", "teaser", "credit", "related", "caption", "tags", "dateline"):
            continue
        line = text[lines[i][0]:lines[i][1]].strip()
        if kinds[i] != "body" or not _looks_like_byline(line):
            break
        kinds[i] = "byline"
        byline.insert(0, line)
    if byline:
        out.creator = ", ".join(byline)
    out.blocks = [Block(s, e, k) for (s, e), k in zip(lines, kinds, strict=True)]
    return out
