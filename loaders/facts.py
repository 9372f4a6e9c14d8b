"""Fact records: what the rules found, before it becomes RDF.

Why records and not triples straight away: the CLI table, the build summary and the tests read
facts as plain data, and one emitter (loaders/emit.py) owns how each record is shaped in RDF
(docs/model.md), so the rules never repeat the contract.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from rdflib import URIRef

__all__ = [
    "ChairTermRec", "ClaimRec", "DateValue", "DocEventRec", "FigureRec", "MeetingRec",
    "MembershipRec", "ParticipationRec", "Span",
]

Span = tuple[int, int]


@dataclass(frozen=True)
class DateValue:
    """An ISO lexical date at the stated precision, and how its year was obtained if not stated."""

    lexical: str
    inferred_by: str | None = None  # None when the text states the full value

    @property
    def inferred(self) -> bool:
        return self.inferred_by is not None


@dataclass
class MeetingRec:
    iri: URIRef
    series: URIRef | None
    ordinal: int | None
    label: str
    lang: str
    evidence: Span
    start: DateValue | None = None
    end: DateValue | None = None
    place: URIRef | None = None
    mode: str | None = None  # online | offline | mixed
    chair_country: URIRef | None = None
    chair_person: URIRef | None = None
    agenda: list[URIRef] = field(default_factory=list)
    minted_series: bool = False


@dataclass(frozen=True)
class ParticipationRec:
    event: URIRef
    participant: URIRef
    role: URIRef
    evidence: Span
    capacity: URIRef | None = None


@dataclass(frozen=True)
class FigureRec:
    about: URIRef
    measure: URIRef
    value: str  # plain decimal lexical
    unit: URIRef
    evidence: Span
    qualifier: str = "exact"
    as_of: DateValue | None = None
    denominator: int | None = None
    funded_by: URIRef | None = None
    scope: str | None = None


@dataclass(frozen=True)
class DocEventRec:
    document: URIRef
    action: URIRef
    evidence: Span
    date: DateValue | None = None
    tense: str | None = None
    at_event: URIRef | None = None


@dataclass(frozen=True)
class MembershipRec:
    person: URIRef
    organization: URIRef
    role: URIRef | None
    post_title: str
    lang: str
    evidence: Span
    year: str | None = None


@dataclass(frozen=True)
class ChairTermRec:
    body: URIRef
    holder: URIRef
    role: URIRef
    year: str
    evidence: Span
    representative: URIRef | None = None


@dataclass(frozen=True)
class ClaimRec:
    subject: URIRef
    prop: URIRef
    value: object  # URIRef or DateValue or str
    evidence: Span
    tense: str | None = None
