"""Media types and file extensions for RDF and SPARQL results, mapped to pyoxigraph and rdflib.

One table so the CLI, the loaders and the service agree on what "turtle" or ".jsonld" means.
"""

from __future__ import annotations

import pyoxigraph as ox

__all__ = [
    "RDF_FORMATS", "RESULT_FORMATS", "QUAD_TYPES", "media_type_for", "ox_rdf_format",
    "ox_result_format", "rdflib_format",
]

# media type -> (short names, extensions, rdflib format name)
RDF_FORMATS: dict[str, tuple[tuple[str, ...], tuple[str, ...], str]] = {
    "text/turtle": (("turtle", "ttl"), (".ttl",), "turtle"),
    "application/n-triples": (("ntriples", "nt", "n-triples"), (".nt",), "nt"),
    "application/n-quads": (("nquads", "nq", "n-quads"), (".nq",), "nquads"),
    "application/trig": (("trig",), (".trig",), "trig"),
    "application/ld+json": (("jsonld", "json-ld"), (".jsonld", ".json"), "json-ld"),
    "application/rdf+xml": (("rdfxml", "xml", "rdf"), (".rdf", ".owl", ".xml"), "xml"),
}
QUAD_TYPES = {"application/n-quads", "application/trig"}

RESULT_FORMATS: dict[str, tuple[str, ...]] = {
    "application/sparql-results+json": ("json", "srj"),
    "application/sparql-results+xml": ("xml", "srx"),
    "text/csv": ("csv",),
    "text/tab-separated-values": ("tsv",),
}


def media_type_for(name_or_path: str) -> str:
    """The media type for a short name ('ttl'), a media type, or a file path ('x.jsonld')."""
    key = name_or_path.strip().lower().split(";")[0].strip()
    if key in RDF_FORMATS:
        return key
    for mt, (names, exts, _) in RDF_FORMATS.items():
        if key in names or any(key.endswith(e) for e in exts):
            return mt
    raise ValueError(f"unknown RDF format {name_or_path!r}; use one of: "
                     + ", ".join(n for names, _, _ in RDF_FORMATS.values() for n in names[:1]))


def ox_rdf_format(media_type: str) -> ox.RdfFormat:
    fmt = ox.RdfFormat.from_media_type(media_type)
    if fmt is None:
        raise ValueError(f"unsupported RDF media type {media_type!r}")
    return fmt


def ox_result_format(media_type: str) -> ox.QueryResultsFormat:
    fmt = ox.QueryResultsFormat.from_media_type(media_type)
    if fmt is None:
        raise ValueError(f"unsupported results media type {media_type!r}")
    return fmt


def rdflib_format(media_type: str) -> str:
    return RDF_FORMATS[media_type][2]
