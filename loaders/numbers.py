"""Numbers as Vietnamese and English news write them: digits, decimal commas, scale words,
number words, Roman numerals and ordinals.

Why a module of its own: "24,8 triệu" (vi) and "4.87 million" (en) use opposite separators,
"năm" is both "five" and "year", and "mười lăm" is 15, not 10. Getting these wrong silently
changes a fact's value, so the parsing is small, explicit and tested.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

__all__ = [
    "EN_WORDS", "ROMAN", "SCALES", "VI_WORDS", "parse_decimal", "parse_ordinal_en",
    "parse_roman", "parse_words",
]

VI_WORDS: dict[str, int] = {
    "một": 1, "mốt": 1, "hai": 2, "ba": 3, "bốn": 4, "tư": 4, "năm": 5, "lăm": 5, "sáu": 6,
    "bảy": 7, "bẩy": 7, "tám": 8, "chín": 9, "mười": 10, "mươi": 10, "trăm": 100,
}
EN_WORDS: dict[str, int] = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
    "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
    "ninety": 90,
}
EN_ORDINAL_WORDS: dict[str, int] = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
    "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13,
    "fourteenth": 14, "fifteenth": 15, "sixteenth": 16, "seventeenth": 17, "eighteenth": 18,
    "nineteenth": 19, "twentieth": 20,
}
SCALES: dict[str, int] = {
    "nghìn": 10**3, "ngàn": 10**3, "triệu": 10**6, "tỷ": 10**9, "tỉ": 10**9,
    "thousand": 10**3, "million": 10**6, "billion": 10**9, "trillion": 10**12,
    "mn": 10**6, "m": 10**6, "bn": 10**9, "k": 10**3,
}
ROMAN: dict[str, int] = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}
_ROMAN_RE = re.compile(r"^(?=[IVXLC])(C{0,3})(XC|XL|L?X{0,3})(IX|IV|V?I{0,3})$")
_ORD_EN = re.compile(r"^(\d+)(?:st|nd|rd|th)$", re.I)


def parse_decimal(text: str, lang: str = "vi") -> Decimal | None:
    """'24,8' → 24.8 (vi), '1.500' → 1500 (vi), '4.87' → 4.87 (en), '1,500' → 1500 (en).

    A separator followed by exactly three digits (and not the only decimal in an English
    number) is a thousands separator; otherwise it is the decimal mark of the language.
    """
    s = text.strip()
    if not s or not s[0].isdigit():
        return None
    seps = [c for c in s if not c.isdigit()]
    if not seps:
        return Decimal(s)
    groups = re.split(r"[.,]", s)
    decimal_mark = "," if lang == "vi" else "."
    thousands_mark = "." if lang == "vi" else ","
    if len(set(seps)) == 2:  # both: the last one is the decimal mark
        decimal_mark = seps[-1]
        thousands_mark = seps[0]
    elif all(len(g) == 3 for g in groups[1:]) and (seps[0] == thousands_mark or len(seps) > 1):
        decimal_mark = ""
    elif seps[0] != decimal_mark and len(groups) == 2 and len(groups[1]) != 3:
        decimal_mark = seps[0]  # "4.87" in a Vietnamese text: a decimal point, not thousands
    out = s.replace(thousands_mark, "") if thousands_mark != decimal_mark else s
    if decimal_mark:
        out = out.replace(decimal_mark, ".")
    else:
        out = out.replace(".", "").replace(",", "")
    try:
        return Decimal(out)
    except InvalidOperation:
        return None


def parse_roman(text: str) -> int | None:
    """'IV' → 4; None for anything that is not a canonical Roman numeral up to 399."""
    if not _ROMAN_RE.match(text):
        return None
    total, prev = 0, 0
    for ch in reversed(text):
        v = ROMAN[ch]
        total = total - v if v < prev else total + v
        prev = max(prev, v)
    return total


def parse_words(words: list[str]) -> int | None:
    """Vietnamese or English number words: ['mười', 'lăm'] → 15, ['hai', 'mươi'] → 20,
    ['twenty', 'one'] → 21. None when a word is not a number word."""
    if not words:
        return None
    low = [w.lower() for w in words]
    if all(w in EN_WORDS for w in low):
        return sum(EN_WORDS[w] for w in low)
    total, current = 0, 0
    for i, w in enumerate(low):
        v = VI_WORDS.get(w)
        if v is None:
            return None
        if w == "mười":
            current = current + 10 if i == 0 else current
            if i > 0:
                return None
        elif w == "mươi":
            current = (current or 1) * 10
        elif w == "trăm":
            total += (current or 1) * 100
            current = 0
        elif w == "tư" and i == 0:
            return None  # "tư" alone is "private"/"fourth", not a count
        else:
            current += v
    return total + current


def parse_ordinal_en(text: str) -> int | None:
    """'69th' → 69, 'fifteenth' → 15."""
    m = _ORD_EN.match(text)
    if m:
        return int(m.group(1))
    return EN_ORDINAL_WORDS.get(text.lower())
