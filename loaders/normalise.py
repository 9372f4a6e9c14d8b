"""Text normalisation: one canonical form the offsets point into, plus fold keys for matching.

Why: scraped Vietnamese text arrives as NFD or NFC, with NBSPs, zero-width characters, HTML
remnants and several dash characters. Offsets in the graph index the *normalised* text (stored
as schema:text), so normalisation happens once, first; everything after it works on that text.
Matching then uses fold keys that are **length-preserving** (one code point in, one out), so a
hit in the folded text is a hit at the same offsets in the normalised text.
"""

from __future__ import annotations

import html
import re
import unicodedata

__all__ = ["DASHES", "ascii_fold", "normalise", "tone_fold"]

DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d"
_SPACES = ("\u00a0\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a"
           "\u202f\u205f\u3000")
_ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff\u00ad"
_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9]*(?:\s[^<>]*)?/?>|<!--.*?-->", re.S)
_ENTITY = re.compile(r"&(?:#\d{1,7}|#x[0-9A-Fa-f]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
_BLOCK_TAG = re.compile(r"</?(?:p|div|br|li|h[1-6]|tr|section|article)\b[^<>]*>", re.I)
_SPACE_TABLE = {ord(c): " " for c in _SPACES} | {ord(c): None for c in _ZERO_WIDTH}
_SPACE_TABLE[ord("\r")] = None
_SPACE_TABLE[ord("\t")] = " "


def normalise(text: str) -> str:
    """NFC, odd spaces → space, zero-width removed, CRLF → LF, HTML tags/entities resolved.

    Dashes are kept as written (the quote must show the source's own characters); the fold
    keys treat every dash as '-'.
    """
    if "<" in text and _TAG.search(text):
        text = _BLOCK_TAG.sub("\n", text)
        text = _TAG.sub("", text)
    if "&" in text and _ENTITY.search(text):
        text = html.unescape(text)
    text = unicodedata.normalize("NFC", text)
    return text.translate(_SPACE_TABLE)


# Old-style tone placement → new style, same length ("hoá" → "hóa", "uỷ" → "ủy").
_TONE_PAIRS = {
    "oà": "òa", "oá": "óa", "oả": "ỏa", "oã": "õa", "oạ": "ọa",
    "oè": "òe", "oé": "óe", "oẻ": "ỏe", "oẽ": "õe", "oẹ": "ọe",
    "uỳ": "ùy", "uý": "úy", "uỷ": "ủy", "uỹ": "ũy", "uỵ": "ụy",
}
_TONE_RE = re.compile("|".join(_TONE_PAIRS))


def _dash_lower(text: str) -> str:
    out = text.lower()
    if len(out) != len(text):  # a few code points lower-case to two (İ); keep 1:1
        out = "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
    return out.translate(_DASH_TABLE)


_DASH_TABLE = {ord(c): "-" for c in DASHES}


def tone_fold(text: str) -> str:
    """Lower-case, dashes → '-', old tone placement → new; same length as the input."""
    out = _dash_lower(text)
    if _TONE_RE.search(out):
        out = _TONE_RE.sub(lambda m: _TONE_PAIRS[m.group(0)], out)
    return out


_ASCII_CACHE: dict[str, str] = {}


def _ascii_char(ch: str) -> str:
    got = _ASCII_CACHE.get(ch)
    if got is None:
        if ch in "đĐ":
            got = "d"
        else:
            base = "".join(c for c in unicodedata.normalize("NFD", ch)
                           if not unicodedata.combining(c))
            got = base if len(base) == 1 else ch
        _ASCII_CACHE[ch] = got
    return got


class _AsciiTable(dict):
    """str.translate table filled lazily: one C-speed pass per text after warm-up."""

    def __missing__(self, key: int) -> str:
        value = self[key] = _ascii_char(chr(key))
        return value


_ASCII_TABLE = _AsciiTable()


def ascii_fold(text: str) -> str:
    """tone_fold without any diacritics ("Công đồng" → "cong dong"); same length."""
    low = _dash_lower(text)
    if low.isascii():
        return low
    return low.translate(_ASCII_TABLE)
