"""Unresolved mentions: names the rules recognise by shape that the reference data lacks.

Why report them: the gazetteer is data, so an unseen article's unknown ministry or a meeting
whose series is not curated would otherwise vanish silently. These candidates are listed in
Extraction.unresolved (and in the build summary) for a person to curate; they never enter the
graph unchecked.
"""

from __future__ import annotations

import re

from loaders.document import Doc
from loaders.mention import Mention

__all__ = ["find_unresolved"]

_ORG_HEAD = re.compile(
    r"\b(?:Bộ|Vụ|Cục|Tổng cục|Ban|Ủy ban|Uỷ ban|Nhóm|Hội đồng|Văn phòng|Viện|Trung tâm|Quỹ)"
    r"\s+[A-ZÀ-ỸĐ]\w*(?:\s+(?!(?:của|và|với|tại|ở|đã|được|sẽ|là|có|cho|trong|về|đến|để|theo|"
    r"các|những|cùng|nhằm|do|phụ trách)\b)[\wÀ-ỹ]+){0,4}|"
    r"\b(?:Ministry|Department|Office|Council|Committee|Agency|Institute|Fund)\s+"
    r"(?:of|for|on)\s+(?:the\s+)?(?:[A-Z][\w-]*(?:\s+|$)|(?:and|of|for|the)\s+){1,6}")
_MEETING_ORD = re.compile(r"\b(?:Hội nghị|Cuộc họp|Diễn đàn|Meeting|Summit|Forum)\b[^.;\n]{0,80}?"
                          r"\b(?:lần thứ\s+\d+|\d+(?:st|nd|rd|th))\b")


def find_unresolved(doc: Doc) -> list[Mention]:
    """Organisation-shaped names and numbered meetings that nothing resolved."""
    out: list[Mention] = []

    def free(s: int, e: int) -> bool:
        return not doc.all_mentions_in(max(0, s - 400), e + 1) or not any(
            m.start < e and s < m.end for m in doc.all_mentions_in(max(0, s - 400), e + 400))

    for a, b in doc.layout.content():
        for m in _ORG_HEAD.finditer(doc.text, a, b):
            s, e = m.start(), m.end()
            surface = doc.text[s:e].rstrip(" –-")
            e = s + len(surface)
            words = surface.split()
            if len(words) >= 2 and words[1][:1].isupper() and free(s, e):
                out.append(Mention(s, e, surface, "org?"))
        for m in _MEETING_ORD.finditer(doc.text, a, b):
            if free(m.start(), m.end()):
                out.append(Mention(m.start(), m.end(), m.group(0), "meeting?"))
    out.sort(key=lambda x: x.start)
    return out
