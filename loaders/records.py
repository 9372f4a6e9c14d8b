"""Parse a submitted RDF record (Turtle, JSON-LD, N-Triples, N-Quads, TriG, RDF/XML) into rdflib.

Why pyoxigraph does the parsing: it reports the line and column of every syntax error in every
format (rdflib only gives a line for Turtle and nothing for N-Triples), it never fetches remote
JSON-LD contexts (the service must work offline and must not be tricked into HTTP requests), and
it is fast. The terms are then converted to rdflib, with literals NFC-normalised so that Vietnamese
text typed on different keyboards compares equal to the corpus (which is NFC).

Errors are always ``graph.store.ParseError(reason, line, column, source)`` with 1-based positions.
"""

from __future__ import annotations

import re
import unicodedata

import pyoxigraph as ox
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.term import Node

from graph.formats import QUAD_TYPES, media_type_for, ox_rdf_format
from graph.store import ParseError

__all__ = ["parse_record", "to_rdflib"]

_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_POSITION_PREFIX = re.compile(r"^Parser error (at|between) [^:]*: ")


def _position(data: bytes, offset: int) -> tuple[int, int]:
    """1-based line and column (in characters) of a byte offset."""
    before = data[:offset]
    line = before.count(b"\n") + 1
    last = before.rfind(b"\n")
    column = len(before[last + 1:].decode("utf-8", errors="replace")) + 1
    return line, column


def _check_text(data: bytes, source: str) -> None:
    """Refuse empty and non-UTF-8 input with a precise position (RDF text formats are UTF-8)."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, column = _position(data, exc.start)
        raise ParseError(f"input is not UTF-8: invalid byte 0x{data[exc.start]:02x} at byte "
                         f"offset {exc.start}", line, column, source) from exc
    if not text.strip():
        raise ParseError("empty input: the record contains no RDF", 1, 1, source)


def _explain(reason: str) -> str:
    if "LoadDocumentCallback" in reason:
        return ("remote JSON-LD contexts are not fetched (the service works offline); "
                "put the @context inline")
    return reason


def _term(term: object) -> Node:
    """Convert one pyoxigraph term to rdflib, NFC-normalising literal text."""
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        value = unicodedata.normalize("NFC", term.value)
        if term.language:
            return Literal(value, lang=term.language)
        dt = term.datatype.value
        return Literal(value, datatype=None if dt == _XSD_STRING else URIRef(dt))
    raise ParseError(f"unsupported RDF term {term!r} (RDF 1.2 triple terms are not accepted)")


def to_rdflib(quads: list[ox.Quad], *, quad_format: bool) -> Graph:
    """rdflib Graph for triple formats; rdflib Dataset (named graphs kept) for quad formats."""
    if not quad_format:
        g = Graph()
        g.addN((_term(q.subject), _term(q.predicate), _term(q.object), g) for q in quads)
        return g
    ds = Dataset()
    for q in quads:
        name = q.graph_name
        target = (ds.default_graph if isinstance(name, ox.DefaultGraph)
                  else ds.graph(_term(name)))  # type: ignore[arg-type]
        target.add((_term(q.subject), _term(q.predicate), _term(q.object)))
    return ds


def parse_record(data: bytes, media_type: str, *, source: str = "<record>") -> Graph:
    """Parse ``data`` in ``media_type`` (a media type, short name or file name) into rdflib.

    Raises ParseError with the parser's line and column for syntax errors, non-UTF-8 bytes
    (naming the byte offset), empty input, an unknown format, or a record without triples.
    """
    try:
        mt = media_type_for(media_type)
        fmt = ox_rdf_format(mt)
    except ValueError as exc:
        raise ParseError(str(exc), None, None, source) from exc
    _check_text(data, source)
    if data.startswith(b"\xef\xbb\xbf"):  # a UTF-8 byte-order mark (Windows editors add one)
        data = data[3:]
    try:
        quads = list(ox.parse(data, fmt, base_iri=None))
    except SyntaxError as exc:
        reason = str(exc.msg if hasattr(exc, "msg") and exc.msg else exc)
        reason = _explain(_POSITION_PREFIX.sub("", reason))  # position is reported apart
        line = exc.lineno if isinstance(exc.lineno, int) else None
        column = exc.offset if isinstance(exc.offset, int) else None
        raise ParseError(reason, line, column, source) from exc
    except (ValueError, OSError) as exc:
        raise ParseError(_explain(str(exc)), None, None, source) from exc
    if not quads:
        raise ParseError("the record contains no triples", None, None, source)
    return to_rdflib(quads, quad_format=mt in QUAD_TYPES)
