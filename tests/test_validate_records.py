"""loaders.records.parse_record: every RDF syntax a record may come in, and precise errors.

A record that cannot be read is reported with the parser's line and column (1-based), the
source name, and a reason; non-UTF-8 input names the offending byte offset; nothing is guessed.
"""

from __future__ import annotations

import unicodedata

import pytest
from rdflib import Dataset, Literal, URIRef

from graph.store import ParseError
from loaders.records import parse_record

S, P = URIRef("http://example.org/s"), URIRef("http://example.org/p")


@pytest.mark.parametrize(("media_type", "data"), [
    ("text/turtle", b'<http://example.org/s> <http://example.org/p> "Vi\xe1\xbb\x87t Nam"@vi .'),
    ("ttl", b'@prefix e: <http://example.org/> .\ne:s e:p "Vi\xe1\xbb\x87t Nam"@vi .'),
    ("application/n-triples",
     b'<http://example.org/s> <http://example.org/p> "Vi\xe1\xbb\x87t Nam"@vi .\n'),
    ("application/ld+json",
     b'{"@id": "http://example.org/s", "http://example.org/p": '
     b'{"@value": "Vi\xe1\xbb\x87t Nam", "@language": "vi"}}'),
    ("record.jsonld",
     b'{"@context": {"e": "http://example.org/"}, "@id": "e:s", '
     b'"e:p": {"@value": "Vi\xe1\xbb\x87t Nam", "@language": "vi"}}'),
])
def test_each_triple_syntax_gives_the_same_triple(media_type: str, data: bytes) -> None:
    g = parse_record(data, media_type)
    assert set(g) == {(S, P, Literal("Việt Nam", lang="vi"))}


@pytest.mark.parametrize("media_type", ["application/n-quads", "application/trig"])
def test_quad_syntaxes_keep_their_graph_names(media_type: str) -> None:
    data = (b'<http://example.org/s> <http://example.org/p> "x" <http://example.org/g> .\n'
            if media_type == "application/n-quads" else
            b'<http://example.org/g> { <http://example.org/s> <http://example.org/p> "x" . }')
    g = parse_record(data, media_type)
    assert isinstance(g, Dataset)
    assert list(g.quads((None, None, None, None))) == [
        (S, P, Literal("x"), URIRef("http://example.org/g"))]


def test_literals_are_nfc_normalised() -> None:
    decomposed = unicodedata.normalize("NFD", "Nguyễn Hải Bằng")
    data = f'<http://example.org/s> <http://example.org/p> "{decomposed}" .'.encode()
    (_, _, o), = parse_record(data, "text/turtle")
    assert str(o) == unicodedata.normalize("NFC", "Nguyễn Hải Bằng")
    assert str(o) != decomposed


@pytest.mark.parametrize(("media_type", "data", "line", "column"), [
    ("text/turtle", b'@prefix e: <http://example.org/> .\ne:s e:p e:o ;\n  e:q "open .\n', 3, 7),
    ("text/turtle", b"@prefix e: <http://example.org/> .\n\ne:s e:p e:o e:extra .\n", 3, 13),
    ("application/n-triples",
     b"<http://example.org/s> <http://example.org/p> <http://example.org/o> .\n"
     b"<http://example.org/s> <http://example.org/p> oops .\n", 2, 47),
    ("application/ld+json", b'{"@id": "http://example.org/s",\n  "http://example.org/p": }', 2, 27),
    ("application/n-quads", b"<http://example.org/s> <http://example.org/p> .\n", 1, 47),
])
def test_syntax_errors_carry_the_parsers_line_and_column(media_type: str, data: bytes,
                                                         line: int, column: int) -> None:
    with pytest.raises(ParseError) as info:
        parse_record(data, media_type, source="rec.x")
    err = info.value
    assert (err.line, err.column, err.source) == (line, column, "rec.x")
    assert err.reason and "Parser error" not in err.reason
    assert str(err).startswith(f"rec.x:{line}:{column}: ")


def test_non_utf8_bytes_name_the_byte_offset() -> None:
    data = b'<http://example.org/s> <http://example.org/p> "caf\xe9" .'
    with pytest.raises(ParseError) as info:
        parse_record(data, "text/turtle")
    assert "byte offset 50" in info.value.reason and "0xe9" in info.value.reason
    assert (info.value.line, info.value.column) == (1, 51)


def test_non_utf8_on_a_later_line_counts_lines() -> None:
    data = b'# ok\n# \xc3\xa9 fine\n<http://example.org/s> <http://example.org/p> "\xff" .'
    with pytest.raises(ParseError) as info:
        parse_record(data, "text/turtle")
    assert (info.value.line, info.value.column) == (3, 48)


@pytest.mark.parametrize("data", [b"", b"   \n\t\n"])
def test_empty_input_is_refused(data: bytes) -> None:
    with pytest.raises(ParseError, match="empty input") as info:
        parse_record(data, "text/turtle")
    assert (info.value.line, info.value.column) == (1, 1)


def test_a_record_without_triples_is_refused() -> None:
    with pytest.raises(ParseError, match="no triples"):
        parse_record(b"@prefix e: <http://example.org/> .\n# nothing else\n", "text/turtle")


def test_remote_jsonld_contexts_are_not_fetched() -> None:
    data = b'{"@context": "https://schema.org/", "@id": "http://example.org/s", "name": "x"}'
    with pytest.raises(ParseError, match="inline"):
        parse_record(data, "application/ld+json")


def test_unknown_format_is_a_parse_error() -> None:
    with pytest.raises(ParseError, match="unknown RDF format"):
        parse_record(b"<a> <b> <c> .", "text/x-unknown")


@pytest.mark.parametrize("media_type", ["text/turtle", "application/n-triples"])
def test_a_utf8_byte_order_mark_is_accepted(media_type: str) -> None:
    data = b'\xef\xbb\xbf<http://example.org/s> <http://example.org/p> "x" .\n'
    assert set(parse_record(data, media_type)) == {(S, P, Literal("x"))}
