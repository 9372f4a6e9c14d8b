"""Content negotiation: pick one of the media types we can produce from an ``Accept`` header.

Shared by every route (SPARQL results, RDF graphs, linked-data pages, error bodies), so that
q-values, wildcards and ties are handled one way. RFC 9110 §12.5.1: the most specific matching
range decides an offer's q; among equal q the server's order of preference wins; q=0 excludes.

API for other routes::

    choose(request.headers.get("accept"), ["text/html", "text/turtle", ...]) -> str | None
    from_format_param("ttl", offered) -> media type or None (for ?format=…)
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

__all__ = ["FORMAT_ALIASES", "MediaRange", "choose", "from_format_param", "parse_accept"]


@dataclass(frozen=True)
class MediaRange:
    type: str
    subtype: str
    q: float
    params: tuple[tuple[str, str], ...] = ()

    def matches(self, media_type: str) -> int:
        """-1 when it does not match, else specificity (0 ``*/*``, 1 ``type/*``, 2 exact)."""
        t, _, s = media_type.partition("/")
        if self.type == "*":
            return 0
        if self.type != t:
            return -1
        if self.subtype == "*":
            return 1
        return 2 if self.subtype == s else -1


def parse_accept(header: str | None) -> list[MediaRange]:
    """Parse an Accept header; malformed entries are ignored, a malformed q counts as 1."""
    ranges: list[MediaRange] = []
    for part in (header or "").split(","):
        bits = [b.strip() for b in part.split(";")]
        if not bits[0]:
            continue
        full = bits[0].lower()
        if full == "*":
            full = "*/*"
        t, slash, s = full.partition("/")
        if not slash or not t or not s:
            continue
        q = 1.0
        params: list[tuple[str, str]] = []
        for p in bits[1:]:
            k, _, v = p.partition("=")
            k, v = k.strip().lower(), v.strip().strip('"')
            if k == "q":
                try:
                    q = min(max(float(v), 0.0), 1.0)
                except ValueError:
                    q = 1.0
            elif k:
                params.append((k, v))
        ranges.append(MediaRange(t, s, q, tuple(params)))
    return ranges


def choose(accept: str | None, offered: Sequence[str]) -> str | None:
    """The offered media type the client prefers most, or None (→ 406) if it accepts none.

    A missing or empty Accept header means "anything": the first offer (the server's default)."""
    if not offered:
        return None
    ranges = parse_accept(accept)
    if not ranges:
        return offered[0]
    best: tuple[float, int] | None = None
    winner: str | None = None
    for index, media_type in enumerate(offered):
        specificity, q = -1, 0.0
        for r in ranges:
            spec = r.matches(media_type.lower())
            if spec > specificity or (spec == specificity and r.q > q):
                specificity, q = spec, r.q  # repeated ranges: the most generous q counts
        if specificity < 0 or q <= 0:
            continue
        key = (q, -index)
        if best is None or key > best:
            best, winner = key, media_type
    return winner


FORMAT_ALIASES: dict[str, str] = {
    "json": "application/sparql-results+json", "srj": "application/sparql-results+json",
    "xml": "application/sparql-results+xml", "srx": "application/sparql-results+xml",
    "csv": "text/csv", "tsv": "text/tab-separated-values",
    "turtle": "text/turtle", "ttl": "text/turtle",
    "ntriples": "application/n-triples", "nt": "application/n-triples",
    "n-triples": "application/n-triples",
    "nquads": "application/n-quads", "nq": "application/n-quads",
    "n-quads": "application/n-quads", "trig": "application/trig",
    "jsonld": "application/ld+json", "json-ld": "application/ld+json",
    "rdfxml": "application/rdf+xml", "rdf": "application/rdf+xml",
    "rdf/xml": "application/rdf+xml", "html": "text/html",
}
# graph results asked for with a results alias (format=json / xml on a CONSTRUCT)
_GRAPH_FALLBACK = {"application/sparql-results+json": "application/ld+json",
                   "application/sparql-results+xml": "application/rdf+xml",
                   "application/json": "application/ld+json", "application/xml":
                   "application/rdf+xml"}


def from_format_param(value: str, offered: Sequence[str]) -> str | None:
    """Resolve a ``format=`` value (short name or media type) against what can be produced."""
    key = value.strip().lower()
    media_type = FORMAT_ALIASES.get(key, key.split(";")[0].strip())
    if media_type in offered:
        return media_type
    alt = _GRAPH_FALLBACK.get(media_type)
    return alt if alt in offered else None
