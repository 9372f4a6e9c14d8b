"""The Mention record: one span of the normalised text that names something."""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import URIRef

__all__ = ["Mention"]


@dataclass(frozen=True)
class Mention:
    """A surface form at [start, end) in the normalised text.

    ``kind`` is the IRI kind ("country", "org", "person", "workplan", "concept", …) or a guessed
    type for unresolved mentions; ``iri`` is None when the mention could not be resolved;
    ``fuzzy`` marks a diacritic-insensitive hit (typo or unaccented spelling).
    """

    start: int
    end: int
    surface: str
    kind: str
    iri: URIRef | None = None
    fuzzy: bool = False
    scheme: str | None = None  # for concepts: the concept scheme key

    def overlaps(self, other: Mention) -> bool:
        return self.start < other.end and other.start < self.end
