"""Specifications of the service's building blocks, without HTTP: the SPARQL tokenizer (query
form, SERVICE/LOAD targets, USING injection), content negotiation, settings, and the query
runner's guarantees (timeouts kill the worker; a cancelled job never leaks its answer)."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pyoxigraph as ox
import pytest
from hypothesis import given
from hypothesis import strategies as st

from graph.service.negotiation import choose, from_format_param, parse_accept
from graph.service.settings import Settings
from graph.service.workers import (
    Job,
    ProcessRunner,
    RowLimitExceeded,
    TrackedStore,
    execute,
)
from graph.sparql_text import (
    DatasetConflict,
    inject_using,
    needs_base,
    needs_trial,
    query_form,
    remote_targets,
)
from graph.store import QuerySyntaxError, QueryTimeout, StoreError
from graph.stores.oxigraph import OxigraphStore

JSON = "application/sparql-results+json"


# -- tokenizer ------------------------------------------------------------------------------
@pytest.mark.parametrize(("text", "form"), [
    ("SELECT * {}", "SELECT"),
    ("PREFIX a: <http://a#>\nBASE <http://b/>\n# CONSTRUCT\nask {}", "ASK"),
    ("describe <http://x>", "DESCRIBE"),
    ("CONSTRUCT WHERE { ?s ?p ?o }", "CONSTRUCT"),
    ("PREFIX a: <http://a#> INSERT DATA { a:x a:y a:z }", "UPDATE"),
    ("WITH <http://g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }", "UPDATE"),
    ("LOAD <http://x>", "UPDATE"),
    ("garbage", None),
    ("", None),
])
def test_query_form(text: str, form: str | None) -> None:
    assert query_form(text) == form


def test_remote_targets_resolve_prefixes_and_skip_strings_and_comments() -> None:
    text = ('PREFIX e: <http://ex.org/>\nSELECT * { # SERVICE <http://comment/>\n'
            '  BIND("SERVICE <http://string/>" AS ?x)\n'
            '  SERVICE SILENT e:sparql { ?s ?p ?o }\n  SERVICE ?endpoint { ?s ?p ?o }\n'
            '  SERVICE unknown:x { } }')
    assert remote_targets(text) == [("SERVICE", "http://ex.org/sparql"), ("SERVICE", None),
                                    ("SERVICE", None)]
    assert remote_targets("LOAD SILENT <file:///etc/passwd> INTO GRAPH <http://g>") == [
        ("LOAD", "file:///etc/passwd")]
    assert remote_targets("SELECT ?load ?service { ?load <http://p/LOAD> ?service }") == []


def test_inject_using_goes_before_each_modify_where_only() -> None:
    text = ("PREFIX dc: <http://purl.org/dc/terms/>\nCLEAR ALL ;\n"
            "INSERT DATA { GRAPH <http://a> { <http://a> a <http://b> } } ;\n"
            "INSERT { GRAPH <http://x> { ?s a dc:B } } WHERE { ?s a <http://c> } ;\n"
            "DELETE { ?s ?p ?o } INSERT { ?s ?p 1 } WHERE { ?s ?p ?o } ;\n"
            "DELETE WHERE { ?a ?b ?c }")
    out = inject_using(text, ["http://d"], ["http://n"])
    assert out.count("USING <http://d> USING NAMED <http://n> WHERE") == 2
    assert "DELETE WHERE { ?a ?b ?c }" in out
    assert inject_using(text, [], []) == text


@pytest.mark.parametrize("text", [
    "WITH <http://g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }",
    "DELETE { ?s ?p ?o } USING <http://g> WHERE { ?s ?p ?o }",
])
def test_inject_using_refuses_a_dataset_named_twice(text: str) -> None:
    with pytest.raises(DatasetConflict):
        inject_using(text, ["http://other"], [])


def test_needs_base_only_for_relative_iris() -> None:
    assert needs_base("INSERT DATA { <http://s> <http://p> <test> }")
    assert not needs_base("BASE <http://b/> INSERT DATA { <http://s> <http://p> <test> }")
    assert not needs_base("ASK { FILTER (1 < 3 && 2 > 1) }")
    assert not needs_base("SELECT * { <urn:x> ?p ?o }")


# -- negotiation ----------------------------------------------------------------------------
def test_parse_accept_reads_q_values_and_ignores_garbage() -> None:
    ranges = parse_accept("text/html;q=0.9, bogus, */*;q=abc, application/json;level=1")
    assert [(r.type, r.subtype, r.q) for r in ranges] == [
        ("text", "html", 0.9), ("*", "*", 1.0), ("application", "json", 1.0)]


@pytest.mark.parametrize(("accept", "chosen"), [
    (None, "a/x"), ("", "a/x"), ("b/y", "b/y"), ("b/*", "b/y"), ("a/x;q=0.2, b/y;q=0.3", "b/y"),
    ("*/*", "a/x"), ("c/z", None), ("*/*;q=0", None), ("b/y;q=0, */*", "a/x"),
    ("a/x;q=0.5, */*;q=0.5", "a/x"), ("B/Y", "b/y"),
])
def test_choose(accept: str | None, chosen: str | None) -> None:
    assert choose(accept, ["a/x", "b/y"]) == chosen


def test_format_parameter() -> None:
    graph = ["text/turtle", "application/ld+json", "application/rdf+xml"]
    assert from_format_param("ttl", graph) == "text/turtle"
    assert from_format_param("json", graph) == "application/ld+json"
    assert from_format_param("xml", graph) == "application/rdf+xml"
    assert from_format_param("csv", graph) is None
    assert from_format_param("text/csv", ["text/csv"]) == "text/csv"


# -- settings -------------------------------------------------------------------------------
def test_settings_from_env_and_overrides() -> None:
    env = {"ASEANKG_TIMEOUT": "5", "ASEANKG_ALLOW_HOSTS": "a.org, b.org", "ASEANKG_TOKEN": "xyz",
           "ASEANKG_ROW_LIMIT": "10"}
    s = Settings.from_env(env, row_limit=20, cors_origins=None)
    assert (s.timeout, s.row_limit, s.allow_hosts, s.token) == (5.0, 20, ("a.org", "b.org"),
                                                                "xyz")
    assert s.update_enabled and "xyz" not in repr(s)
    assert not Settings.from_env({}).update_enabled
    with pytest.raises(ValueError):
        Settings.from_env({"ASEANKG_TIMEOUT": "0"})


# -- the runner -----------------------------------------------------------------------------
HEAVY = "SELECT (COUNT(*) AS ?n) { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"


@pytest.fixture
def store(tmp_path: Path) -> TrackedStore:
    s = TrackedStore(OxigraphStore(tmp_path / "store"))
    s.update("INSERT DATA { GRAPH <http://g> { "
             + " ".join(f"<http://s{i}> <http://p> {i} ." for i in range(200)) + " } }")
    return s


def _run(coro):  # type: ignore[no-untyped-def]
    return asyncio.run(coro)


def test_runner_timeout_kills_and_replaces_the_worker(store: TrackedStore) -> None:
    async def scenario() -> tuple[list[int], list[int], bytes]:
        runner = ProcessRunner(store, timeout=0.5, size=1)
        try:
            await runner.start()
            before = runner.describe()["pids"]
            with pytest.raises(QueryTimeout):
                await runner.query(Job(HEAVY, JSON))
            # the replacement worker answers; its own limit is generous so a busy machine's
            # restart time cannot be mistaken for a second timeout
            answer = await runner.query(Job("SELECT (COUNT(*) AS ?n) { ?s ?p ?o }", "text/csv"),
                                        timeout=30)
            return before, runner.describe()["pids"], answer  # type: ignore[return-value]
        finally:
            await runner.close()
    before, after, answer = _run(scenario())
    assert before != after
    assert answer.splitlines()[1] == b"200"


def test_a_cancelled_query_never_leaks_its_answer_to_the_next(store: TrackedStore) -> None:
    async def scenario() -> bytes:
        runner = ProcessRunner(store, timeout=30, size=1)
        try:
            await runner.start()
            task = asyncio.create_task(runner.query(Job(HEAVY, JSON)))
            await asyncio.sleep(0.5)
            task.cancel()
            with pytest.raises(asyncio.CancelledError):
                await task
            return await runner.query(Job("ASK { <http://s1> ?p ?o }", JSON))
        finally:
            await runner.close()
    assert _run(scenario()) == b'{"head":{},"boolean":true}'


def test_runner_reads_its_own_writes_and_reports_errors(store: TrackedStore) -> None:
    async def scenario() -> None:
        runner = ProcessRunner(store, timeout=10, size=1)
        try:
            ask = Job("ASK { GRAPH <http://h> { ?s ?p ?o } }", JSON)
            assert b"false" in await runner.query(ask)
            store.update("INSERT DATA { GRAPH <http://h> { <http://a> <http://b> <http://c> } }")
            assert b"true" in await runner.query(ask)
            with pytest.raises(QuerySyntaxError) as err:
                await runner.query(Job("SELECT * {\n ?s ?p }", JSON))
            assert err.value.line == 2
            with pytest.raises(RowLimitExceeded):
                await runner.query(Job("SELECT * { ?s ?p ?o }", JSON, row_limit=10))
            real_default = Job("ASK { ?s ?p ?o }", JSON, default_graphs=())
            assert b"false" in await runner.query(real_default)
        finally:
            await runner.close()
    _run(scenario())


@pytest.mark.slow
def test_a_query_past_the_worker_memory_cap_fails_alone(tmp_path: Path) -> None:
    store = TrackedStore(OxigraphStore(tmp_path / "big"))
    store.update("INSERT DATA { GRAPH <http://g> { " + " ".join(
        f'<http://s{i}> <http://p> "{"x" * 50}{i}" .' for i in range(300)) + " } }")
    greedy = Job("SELECT (GROUP_CONCAT(?c) AS ?g) { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }", JSON)

    async def scenario() -> bytes:
        runner = ProcessRunner(store, timeout=90, size=1, memory_mb=1024)
        try:
            with pytest.raises(StoreError, match="worker died"):
                await runner.query(greedy)
            return await runner.query(Job("ASK { <http://s1> ?p ?o }", JSON))
        finally:
            await runner.close()
    assert _run(scenario()) == b'{"head":{},"boolean":true}'


def test_row_limited_answers_equal_unlimited_ones_for_tricky_terms(tmp_path: Path) -> None:
    """The row limit re-serialises through TSV / N-Triples; that must lose nothing."""
    store = TrackedStore(OxigraphStore(tmp_path / "tricky"))
    store.update('''INSERT DATA { GRAPH <http://g> {
        <http://s> <http://p> "line1\\nline2\\ttab \\"quoted\\" \\\\ back" ,
            "Nguyễn Hải Bằng"@vi , "2021-03"^^<http://www.w3.org/2001/XMLSchema#gYearMonth> ,
            42 , 4.5 , true , _:b1 , <http://o?x=1&y=2#f> , ""@en , "a,b;c" .
        _:b1 <http://p> _:b2 . } }''')
    ox_store = store.inner.raw
    for media in ("application/sparql-results+json", "application/sparql-results+xml",
                  "text/csv", "text/tab-separated-values"):
        q = "SELECT ?s ?o { ?s <http://p> ?o } ORDER BY ?o"
        assert execute(ox_store, Job(q, media, row_limit=100)) == \
            execute(ox_store, Job(q, media)), media
    for media in ("text/turtle", "application/n-triples", "application/rdf+xml"):
        q = "CONSTRUCT WHERE { ?s <http://p> ?o }"
        fmt = ox.RdfFormat.from_media_type(media)
        limited = ox.Dataset(ox.parse(execute(ox_store, Job(q, media, row_limit=100)),
                                      format=fmt))
        full = ox.Dataset(ox.parse(execute(ox_store, Job(q, media)), format=fmt))
        limited.canonicalize(ox.CanonicalizationAlgorithm.UNSTABLE)
        full.canonicalize(ox.CanonicalizationAlgorithm.UNSTABLE)
        assert limited == full, media


def test_needs_trial_only_for_updates_whose_cost_is_not_their_size() -> None:
    assert needs_trial("INSERT { ?s ?p ?o } WHERE { ?s ?p ?o }")
    assert needs_trial("DELETE WHERE { ?s ?p ?o }")
    assert needs_trial("LOAD <http://x/y.ttl>")
    assert not needs_trial('INSERT DATA { <http://a> <http://b> "WHERE" }')
    assert not needs_trial("DROP ALL ; CLEAR DEFAULT ; COPY <http://a> TO <http://b>")


def test_a_light_query_does_not_wait_for_a_heavy_one(store: TrackedStore) -> None:
    """All base workers busy: a burst worker answers the light query while the heavy one is
    still running (it is then cancelled, which retires its worker)."""
    async def scenario() -> tuple[bytes, bool, dict]:
        runner = ProcessRunner(store, timeout=30, size=1, max_size=2)
        try:
            await runner.start()
            heavy = asyncio.create_task(runner.query(Job(HEAVY, JSON), timeout=20))
            await asyncio.sleep(0.2)
            light = await runner.query(Job("ASK { <http://s1> ?p ?o }", JSON))
            heavy_still_running = not heavy.done()
            heavy.cancel()
            with pytest.raises(asyncio.CancelledError):
                await heavy
            return light, heavy_still_running, runner.describe()
        finally:
            await runner.close()
    light, heavy_still_running, stats = _run(scenario())
    assert light == b'{"head":{},"boolean":true}'
    assert heavy_still_running
    assert stats["burst_spawns"] == 1


@pytest.mark.parametrize("args", [["--timeout", "0"], ["--worker-memory-mb", "100"]])
def test_serve_refuses_bad_limits_before_starting(tmp_path: Path, args: list[str]) -> None:
    from click.testing import CliRunner

    from graph.cli import main
    result = CliRunner().invoke(main, ["serve", "--store", str(tmp_path / "s"), *args])
    assert result.exit_code == 2
    assert "must be" in result.output


_TYPES = ["a/x", "a/y", "b/x", "b/z"]


@given(st.lists(st.tuples(st.sampled_from(["a/x", "a/y", "b/x", "b/z", "a/*", "*/*", "c/q"]),
                          st.sampled_from([0, 0.1, 0.5, 0.9, 1])), max_size=5))
def test_choose_picks_an_offer_with_the_highest_q(ranges: list[tuple[str, float]]) -> None:
    header = ", ".join(f"{r};q={q}" for r, q in ranges)
    parsed = parse_accept(header)

    def q_of(media_type: str) -> float:
        best = max(((r.matches(media_type), r.q) for r in parsed if r.matches(media_type) >= 0),
                   default=(-1, 0.0))
        return best[1]
    chosen = choose(header, _TYPES)
    top = max((q_of(t) for t in _TYPES), default=0.0)
    if not ranges:
        assert chosen == "a/x"
    elif top == 0:
        assert chosen is None
    else:
        assert chosen is not None and q_of(chosen) == top
        assert chosen == next(t for t in _TYPES if q_of(t) == top)  # ties: server order
