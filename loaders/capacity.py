"""The capacity in which an organisation or country takes part: "với tư cách <role> <body>".

Why: "Đại diện Bộ Ngoại giao, với tư cách Điều phối quốc gia IAI, …" says more than that the
ministry attended: it took part as IAI National Coordinator. That standing capacity is recorded
as a participation in the reported meeting with the role concept (akg:role
role:national-coordinator), next to, not instead of, the attendance. A capacity followed by a
year ("với tư cách nước điều phối CLMV năm 2023") is a chair or coordinator TERM and is left
to loaders.events.find_chair_terms. Meeting roles that come from verbs (chair, host, moderator,
organiser, attendee, presenter) and people's posts are not capacities here: only the roles an
agency holds in a programme or mechanism are.
"""

from __future__ import annotations

import re

from rdflib import URIRef

from graph.model import iri
from loaders.document import Doc
from loaders.facts import MeetingRec, ParticipationRec
from loaders.people import _roles

__all__ = ["find_capacities"]

_CUE = re.compile(r"\b(?:với tư cách(?:\s+là)?|trên cương vị(?:\s+là)?|"
                  r"in (?:its|his|her|their) capacity as|as)\s+(?:the\s+|an?\s+)?", re.I)
_CAPACITY_ROLES = frozenset(iri("concept", "role", k) for k in (
    "national-coordinator", "coordinator", "focal-point", "observer", "representative",
    "funder", "beneficiary", "member"))
_YEAR_AFTER = re.compile(r"[^,;.]{0,40}?\b(?:19|20)\d\d\b")


def find_capacities(doc: Doc, main: MeetingRec | None) -> list[ParticipationRec]:
    """'<agent>, với tư cách <role> …' / '<agent> … as <role> of …' → a participation of the
    agent (the last organisation or country named before the cue in the sentence) in the main
    meeting with that role; the last person named before the cue is akg:inCapacityOf."""
    if main is None:
        return []
    text = doc.text
    out: list[ParticipationRec] = []
    for a, b in doc.sentences:
        for cue in _CUE.finditer(text, a, b):
            role = next((r for s, e, r in _roles(doc, cue.start(), min(b, cue.end() + 60))
                         if s <= cue.end()), None)
            if role not in _CAPACITY_ROLES:
                continue
            if _YEAR_AFTER.match(text, cue.end(), b):
                continue  # a term ("… năm 2023"): find_chair_terms reads it
            agents = doc.mentions_in(a, cue.start(), ("org", "country"))
            if not agents or agents[-1].iri is None or ";" in text[agents[-1].end:cue.start()]:
                continue
            people = doc.mentions_in(a, cue.start(), ("person",))
            person: URIRef | None = people[-1].iri if people else None
            out.append(ParticipationRec(main.iri, agents[-1].iri, role, (a, b), person))
    return out
