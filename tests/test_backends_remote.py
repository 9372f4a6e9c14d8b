"""What only a remote store can get wrong: unreachable servers, credentials, a server dying in the
middle of a build, configuration from the environment and files, row caps, validate-and-insert.
"""

from __future__ import annotations

import os
import signal
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef

from graph.store import Store, StoreError, StoreUnavailable, open_store
from graph.stores.remote import PartialWriteError, RemoteAuthError, RemoteStore
from tests.backends import REMOTE_BACKENDS, ServerInfo, start_server, stop_server

pytestmark = pytest.mark.backend

EX = "https://example.org/"
G = [f"https://w3id.org/aseankg/graph/test/{i}" for i in range(3)]


def _graph(n: int, tag: str = "x") -> Graph:
    g = Graph()
    for i in range(n):
        g.add((URIRef(f"{EX}s{i}"), URIRef(f"{EX}p"), Literal(f"{tag}{i}")))
    return g


def _free_port() -> int:
    """A port in our Oxigraph range that nothing listens on."""
    import socket

    for port in range(18349, 18299, -1):
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) != 0:
                return port
    raise RuntimeError("no free port in 18300-18349")


def test_a_server_that_is_down_gives_a_message_naming_the_url() -> None:
    url = f"http://127.0.0.1:{_free_port()}/sparql"
    with pytest.raises(StoreUnavailable) as err:
        open_store(url, retries=1, backoff=0.01)
    assert url in str(err.value) and "tried 2 times" in str(err.value)


@pytest.mark.parametrize("backend", ["virtuoso"], indirect=True)
def test_wrong_credentials_give_a_clear_401(server_info: ServerInfo) -> None:
    s = open_store(server_info.url, user="dba", password="wrong-password", retries=0)
    with pytest.raises(RemoteAuthError) as err:
        s.replace_graphs({G[0]: _graph(1)})
    assert "401" in str(err.value) and "ASEANKG_PASSWORD" in str(err.value)
    with pytest.raises(RemoteAuthError):
        s.update(f'INSERT DATA {{ GRAPH <{G[0]}> {{ <{EX}a> <{EX}p> "x" }} }}')


@pytest.mark.parametrize("backend", ["virtuoso"], indirect=True)
def test_credentials_and_urls_come_from_the_environment(server_info: ServerInfo,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ASEANKG_STORE", server_info.url)
    monkeypatch.setenv("ASEANKG_USER", server_info.options["user"])
    monkeypatch.setenv("ASEANKG_PASSWORD", server_info.options["password"])
    monkeypatch.setenv("ASEANKG_AUTH", "digest")
    s = open_store()
    assert isinstance(s, RemoteStore) and s.name == "virtuoso"
    assert s.update_url.endswith("/sparql-auth") and s.gsp_url and s.gsp_url.endswith(
        "/sparql-graph-crud-auth")
    s.replace_graphs({G[0]: _graph(2)}, remove=s.graphs())
    assert s.count(G[0]) == 2


@pytest.mark.parametrize("backend", ["virtuoso"], indirect=True)
def test_settings_come_from_a_config_file(server_info: ServerInfo, tmp_path: Path) -> None:
    cfg = tmp_path / "aseankg.toml"
    cfg.write_text(f'[store]\nuser = "{server_info.options["user"]}"\n'
                   f'password = "{server_info.options["password"]}"\nauth = "digest"\n'
                   'timeout = 30\n', encoding="utf-8")
    s = open_store(server_info.url, config=cfg)
    assert isinstance(s, RemoteStore) and s.auth == "digest" and s.timeout == 30.0
    s.replace_graphs({G[1]: _graph(1)}, remove=s.graphs())
    assert s.graphs() == [G[1]]
    cfg.write_text("[store]\npasword = 'typo'\n", encoding="utf-8")
    with pytest.raises(StoreError, match="unknown \\[store\\] settings: pasword"):
        open_store(server_info.url, config=cfg)


@pytest.mark.parametrize("backend", REMOTE_BACKENDS, indirect=True)
def test_large_results_are_not_truncated(store: Store) -> None:
    """Virtuoso caps SELECT at 10,000 rows unless configured; CI configures it, and a capped
    answer would raise rather than pass silently."""
    lines = "".join(f'<{EX}s{i}> <{EX}p> "{i}" .\n' for i in range(12_000))
    assert store.load(lines.encode(), "application/n-triples", graph=G[0]) == 12_000
    assert len(store.query(f"SELECT ?s WHERE {{ ?s <{EX}p> ?o }}").rows) == 12_000


@pytest.mark.parametrize("backend", REMOTE_BACKENDS, indirect=True)
def test_writes_without_gsp_use_chunked_updates(server_info: ServerInfo, store: Store) -> None:
    """A server without the Graph Store Protocol still takes whole graphs, in update chunks."""
    plain = open_store(server_info.url, gsp_url="none", **server_info.options)
    plain.replace_graphs({G[0]: _graph(2500), G[1]: _graph(3)})
    plain.replace_graphs({G[0]: _graph(2500)})
    assert (plain.count(G[0]), plain.count(G[1])) == (2500, 3)


def test_a_server_dying_mid_build_reports_the_written_graphs_and_a_rerun_completes(
        tmp_path: Path) -> None:
    """Kill a real Oxigraph server after the first graph is written; the error names what was
    written; after a restart the same write completes with no duplicates."""
    info = start_server("oxigraph-server", tmp_path / "ox")
    try:
        store = open_store(info.url, retries=1, backoff=0.05)
        assert isinstance(store, RemoteStore)
        pid = int(info.env["ASEANKG_TEST_OXIGRAPH_SERVER_PID"])
        puts: list[str] = []

        def kill_after_first_put(response: object) -> None:
            if getattr(response, "request").method == "PUT":  # noqa: B009
                puts.append(str(getattr(response, "request").url))  # noqa: B009
                if len(puts) == 1:
                    os.kill(pid, signal.SIGKILL)

        store._http.event_hooks["response"].append(kill_after_first_put)
        graphs = {G[0]: _graph(5, "a"), G[1]: _graph(5, "b"), G[2]: _graph(5, "c")}
        with pytest.raises(PartialWriteError) as err:
            store.replace_graphs(graphs)
        assert err.value.written == [G[0]] and err.value.pending == [G[1], G[2]]
        assert G[0] in str(err.value) and "run the same command again" in str(err.value)

        os.environ["OXIGRAPH_KEEP_DATA"] = "1"
        try:
            port = info.url.split(":")[2].split("/")[0]
            info = start_server("oxigraph-server", tmp_path / "ox",
                                {"OXIGRAPH_PORT": port, "OXIGRAPH_KEEP_DATA": "1"})
        finally:
            os.environ.pop("OXIGRAPH_KEEP_DATA", None)
        again = open_store(info.url)
        assert again.graphs() == [G[0]] and again.count(G[0]) == 5
        again.replace_graphs(graphs)
        again.replace_graphs(graphs)
        assert [again.count(g) for g in G] == [5, 5, 5] and again.count() == 15
    finally:
        stop_server(info)


def test_validate_and_insert_writes_a_conforming_record_and_nothing_else(store: Store) -> None:
    from graph.model import record_graph
    from graph.validate import record_id, validate_record

    ok = ("@prefix foaf: <http://xmlns.com/foaf/0.1/> . @prefix schema: <https://schema.org/> .\n"
          "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
          "<https://w3id.org/aseankg/id/person/tran-van-a> a foaf:Person , schema:Person ;\n"
          '  foaf:name "Trần Văn A" ; rdfs:label "Trần Văn A"@vi , "Tran Van A"@en .\n').encode()
    report = validate_record(ok, "text/turtle")
    assert report.conforms, report.to_text()
    name = str(record_graph(record_id(report.graph)))
    store.replace_graphs({name: report.graph})
    store.replace_graphs({name: report.graph})  # the same record again: same graph, no copies
    assert store.graphs() == [name] and store.count(name) == len(report.graph)

    bad = (b"@prefix akg: <https://w3id.org/aseankg/def#> .\n"
           b"<https://w3id.org/aseankg/id/figure/0000000000000001> a akg:ReportedFigure ;\n"
           b'  akg:value "many" .\n')
    assert not validate_record(bad, "text/turtle").conforms
    assert store.graphs() == [name]


HEAVY = f"SELECT (COUNT(*) AS ?n) WHERE {{ ?a <{EX}p> ?b . ?c <{EX}p> ?d . ?e <{EX}p> ?f }}"


def _many(store: Store, n: int = 2000) -> None:
    lines = "".join(f'<{EX}s{i}> <{EX}p> "{i}" .\n' for i in range(n))
    store.load(lines.encode(), "application/n-triples", graph=G[0])


@pytest.mark.parametrize("backend", ["virtuoso"], indirect=True)
def test_virtuoso_stops_a_query_past_its_time_limit(store: Store) -> None:
    """The limit is sent to the server (``timeout`` in ms), which stops the work and says so;
    the partial answer it sends with status 200 must not pass for a result."""
    from graph.store import QueryTimeout

    _many(store)
    with pytest.raises(QueryTimeout, match="interrupted|stopped"):
        store.query(HEAVY, timeout=1)


def test_oxigraph_server_time_limit_is_a_query_timeout(tmp_path: Path) -> None:
    """`oxigraph serve --timeout-s` cuts the body short with 200; that is a QueryTimeout."""
    from graph.store import QueryTimeout

    info = start_server("oxigraph-server", tmp_path / "ox", {"OXIGRAPH_TIMEOUT_S": "1"})
    try:
        store = open_store(info.url)
        _many(store)
        with pytest.raises(QueryTimeout):
            store.query(HEAVY)
        with pytest.raises(QueryTimeout):
            store.query_raw(HEAVY, "application/sparql-results+json")
        assert store.count(G[0]) == 2000  # the server still answers
    finally:
        stop_server(info)


@pytest.mark.parametrize("backend", REMOTE_BACKENDS, indirect=True)
def test_the_cli_builds_exports_and_counts_on_a_server(server_info: ServerInfo, store: Store,
                                                       tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """`aseankg build/stats/export --store URL` with credentials from the environment only."""
    import json

    from click.testing import CliRunner

    from graph.build import PROJECT_ROOT
    from graph.cli import main

    if server_info.options:
        monkeypatch.setenv("ASEANKG_USER", server_info.options["user"])
        monkeypatch.setenv("ASEANKG_PASSWORD", server_info.options["password"])
    runner = CliRunner()
    url = server_info.url
    built = runner.invoke(main, ["build", "--corpus", str(PROJECT_ROOT / "corpus"),
                                 "--store", url])
    assert built.exit_code == 0, built.output
    stats = runner.invoke(main, ["stats", "--store", url, "--json"])
    assert stats.exit_code == 0, stats.output
    assert json.loads(stats.output)
    out = tmp_path / "dump.nq"
    exported = runner.invoke(main, ["export", "--store", url, "-o", str(out)])
    assert exported.exit_code == 0, exported.output
    lines = [line for line in out.read_text(encoding="utf-8").splitlines() if line.strip()]
    assert len(lines) == store.count() > 0
