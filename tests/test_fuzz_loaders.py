"""Property-based fuzzing of the loaders (issue 8, item 1).

- ``loaders.article.extract`` on arbitrary Unicode mixed with article-like Vietnamese and
  English text, NFD forms, control characters, enormous numbers and malformed dates: it returns
  an extraction or raises ``LoaderError`` (never anything else), and every evidence offset is
  valid: ``text[start:end] == exact`` over the ``schema:text`` it emitted, ``start < end``.
- ``loaders.records.parse_record`` on arbitrary bytes and RDF-looking text in every format:
  it returns a graph or raises ``graph.store.ParseError`` and nothing else.
"""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib import Graph, Literal, Namespace

from graph.store import ParseError
from loaders.article import extract
from loaders.errors import LoaderError
from loaders.records import parse_record

OA = Namespace("http://www.w3.org/ns/oa#")
SCHEMA = Namespace("https://schema.org/")

FRAGMENTS = [
    "Hội nghị Nhóm Đặc trách IAI lần thứ 63 diễn ra ngày 25/3/2021 tại Hà Nội.",
    "Hiện 127 dự án đã hoàn thành với tổng trị giá gần 31 triệu USD.",
    "The 45th ASEAN Summit was held in Vientiane on 9 October 2024.",
    "Kế hoạch công tác IAI IV (2021-2025) được thông qua năm 2020.",
    "Đại sứ Nguyễn Hải Bằng, Trưởng Phái đoàn Việt Nam tại ASEAN, chủ trì.",
    "tỷ lệ thực hiện đạt 95%", "22/26 dòng hành động", "Việt Nam giữ vai trò Chủ tịch năm 2021",
    "ngày 32/13/2021", "ngày 99 tháng 99 năm 99999", "tháng 0/0", "năm -5", "2021-02-30",
    "31/02/2024", "9" * 400 + " triệu USD", "1e999999 USD", "−0,000 tỷ đồng", "24,8,9,1 triệu USD",
    "10.000.000.000.000.000.000.000 dự án", "0x7fffffff%", "∞ %", "١٢٣ dự án",
    "\u0000", "\u200b\u200d\ufeff", "\r\n\r\n", "\t\v\f", "\u202e RTL \u202c", "\ud7ff",
    "(VNA) –", "— VNS", "Xem thêm:", "lần thứ 0", "lần thứ 99999999999999999999",
]
TEXT = st.lists(
    st.one_of(st.sampled_from(FRAGMENTS),
              st.text(alphabet=st.characters(codec="utf-8"), max_size=40)),
    min_size=1, max_size=12).map(" ".join)
FORM = st.sampled_from(["NFC", "NFD", "NFKC", "NFKD", None])


@pytest.fixture(scope="module")
def reference() -> Graph:
    from graph.build import load_ontology, load_reference_data

    return load_ontology() + load_reference_data()


def _check_offsets(graph: Graph) -> int:
    texts = [str(t) for t in graph.objects(None, SCHEMA.text)]
    assert len(texts) == 1, "the source carries its text exactly once"
    text = texts[0]
    checked = 0
    for target in set(graph.subjects(OA.hasSelector, None)):
        selectors = list(graph.objects(target, OA.hasSelector))
        exact = [e for s in selectors for e in graph.objects(s, OA.exact)]
        starts = [s_ for s in selectors for s_ in graph.objects(s, OA.start)]
        ends = [e for s in selectors for e in graph.objects(s, OA.end)]
        assert len(exact) == len(starts) == len(ends) == 1, target
        start, end = int(starts[0]), int(ends[0])
        assert 0 <= start < end <= len(text), (target, start, end, len(text))
        assert isinstance(exact[0], Literal)
        assert text[start:end] == str(exact[0]), (target, text[start:end], str(exact[0]))
        checked += 1
    return checked


@pytest.mark.slow
@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(text=TEXT, form=FORM)
def test_extract_never_crashes_and_every_offset_points_at_its_quote(
        reference: Graph, text: str, form: str | None) -> None:
    if form:
        text = unicodedata.normalize(form, text)
    try:
        ex = extract(text, "fuzz_0000", file_name="fuzz_0000.txt", reference=reference)
    except LoaderError as exc:
        assert exc.reason  # a precise reason (empty article, NUL characters…)
        return
    _check_offsets(ex.graph)
    bad = [o for o in ex.graph.objects() if isinstance(o, Literal) and o.ill_typed]
    assert not bad, f"ill-typed literals (e.g. 31 February): {bad}"


def test_impossible_calendar_dates_keep_only_their_month(reference: Graph) -> None:
    ex = extract("Hội nghị Nhóm Đặc trách IAI lần thứ 63 diễn ra ngày 31/02/2024 tại Hà Nội.",
                 "fuzz_0002", reference=reference)
    values = {str(o) for o in ex.graph.objects() if isinstance(o, Literal)}
    assert "2024-02-31" not in values and "2024-02" in values
    assert not [o for o in ex.graph.objects() if isinstance(o, Literal) and o.ill_typed]


def test_offsets_are_checked_on_a_real_article(reference: Graph) -> None:
    """The property above is not vacuous: a real sentence yields quotes to check."""
    ex = extract(" ".join(FRAGMENTS[:5]), "fuzz_0001", reference=reference)
    assert _check_offsets(ex.graph) >= 3


MEDIA = st.sampled_from(["text/turtle", "application/ld+json", "application/n-triples",
                         "application/n-quads", "application/trig", "application/rdf+xml",
                         "ttl", "jsonld", "nt", "x.nq", "text/html", "", "application/json",
                         "rdf", "???"])
RDFISH = st.lists(st.sampled_from([
    "<http://a>", "<b>", "_:x", '"lit"', '"lit"@vi', '"1"^^<http://www.w3.org/2001/XMLSchema#int>',
    "@prefix", "p:", ":", ".", ";", ",", "[", "]", "(", ")", "{", "}", '{"@id":', '"@context"',
    "[1e400]", "<?xml", "<rdf:RDF>", "GRAPH", "\ufeff", "\x00", "\udc80", "\n", "'''", "a",
]), max_size=30).map(" ".join)


@settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=st.binary(max_size=400) | RDFISH.map(
    lambda t: t.encode("utf-8", "surrogateescape")), media=MEDIA)
def test_parse_record_raises_only_parse_error(data: bytes, media: str) -> None:
    try:
        g = parse_record(data, media, source="fuzz")
    except ParseError as exc:
        assert exc.reason and exc.source == "fuzz"
        return
    assert len(g) > 0
