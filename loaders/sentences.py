"""Sentence spans inside the content lines (offsets into the normalised text).

Why not a library: offsets must index the normalised text exactly; a regex split on
sentence-final punctuation followed by a capital is enough for news prose and keeps
abbreviations ("T. Minh", "No. 161", "Mr. Singh") together.
"""

from __future__ import annotations

import re

__all__ = ["split_sentences"]

_END = re.compile(r"(?<=[.!?…])[\"”’)]*\s+(?=[\"“(\[]?[A-ZÀ-ỸĐ0-9])")
_ABBREV = re.compile(r"(?:\b[A-ZĐ]|\bNo|\bMr|\bMs|\bMrs|\bDr|\bSt|\bH\.E|\bTS|\bThS|\bPGS|"
                     r"\bGS|\bvs|\betc|\bNgày|\bi\.e|\be\.g|\bU\.S)\.$")


def split_sentences(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Split each content span into sentences; returns (start, end) with no edge whitespace."""
    out: list[tuple[int, int]] = []
    for a, b in spans:
        start = a
        for m in _END.finditer(text, a, b):
            if _ABBREV.search(text[max(a, m.start() - 6):m.start()]):
                continue
            out.append((start, m.start()))
            start = m.end()
        out.append((start, b))
    cleaned: list[tuple[int, int]] = []
    for s, e in out:
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            cleaned.append((s, e))
    return cleaned
