"""pytest plugin: a ``store`` fixture parametrised over every backend, with real servers.

Backends: ``oxigraph`` (embedded pyoxigraph in a temporary directory), ``oxigraph-server``
(``oxigraph serve``) and ``virtuoso`` (Virtuoso Open Source 7). A server is used when its URL is in
the environment (``.ci/run`` starts them and exports these), otherwise this plugin starts it once
per session with ``.ci/servers/*.sh`` and stops it at the end:

    ASEANKG_TEST_OXIGRAPH_SERVER   http://127.0.0.1:PORT/query
    ASEANKG_TEST_VIRTUOSO          http://127.0.0.1:PORT/sparql
    ASEANKG_TEST_VIRTUOSO_USER / ASEANKG_TEST_VIRTUOSO_PASSWORD   (Digest, for updates and GSP)

Under ``CI=true`` a server that cannot be reached or started FAILS the test: the suite must never
pass by skipping the backends it exists to check. Outside CI it is a skip that says why.

Each test gets an empty store: the embedded one is a new directory; a server has every graph of
the previous test dropped first (tests run one at a time against a server).
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from graph.store import Store, StoreError, open_store

__all__ = ["BACKENDS", "REMOTE_BACKENDS", "ServerInfo", "backend_unavailable", "open_backend"]

ROOT = Path(__file__).resolve().parents[1]
SCRIPTS = ROOT / ".ci" / "servers"
BACKENDS = ["oxigraph", "oxigraph-server", "virtuoso"]
REMOTE_BACKENDS = ["oxigraph-server", "virtuoso"]


@dataclass
class ServerInfo:
    """How to reach one running server, and the process we started (if we did)."""

    kind: str
    url: str
    options: dict[str, str]
    env: dict[str, str]
    state: Path | None = None

    def open(self) -> Store:
        return open_store(self.url, **self.options)


def backend_unavailable(message: str) -> None:
    """Fail under CI (a missing server is a broken CI), skip with the reason elsewhere."""
    if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
        pytest.fail(f"CI=true and {message}", pytrace=False)
    pytest.skip(message)


def _parse_env(text: str) -> dict[str, str]:
    return dict(line.split("=", 1) for line in text.splitlines() if "=" in line)


_SCRIPT = {"oxigraph-server": "oxigraph-server.sh", "virtuoso": "virtuoso.sh"}
_URL_VAR = {"oxigraph-server": "ASEANKG_TEST_OXIGRAPH_SERVER", "virtuoso": "ASEANKG_TEST_VIRTUOSO"}


def _info(kind: str, env: dict[str, str], state: Path | None) -> ServerInfo:
    options: dict[str, str] = {}
    if kind == "virtuoso":
        options = {"user": env.get("ASEANKG_TEST_VIRTUOSO_USER", "dba"),
                   "password": env.get("ASEANKG_TEST_VIRTUOSO_PASSWORD", "dba")}
    return ServerInfo(kind, env[_URL_VAR[kind]], options, env, state)


def start_server(kind: str, state: Path, extra_env: dict[str, str] | None = None) -> ServerInfo:
    """Start a server with its CI script (bounded: the scripts wait at most 60–120 s)."""
    result = subprocess.run(
        [str(SCRIPTS / _SCRIPT[kind]), "start", str(state)], capture_output=True, text=True,
        timeout=600,
        # the script stops the server if this process dies without stopping it (killed run)
        env={**os.environ, "WATCH_PID": str(os.getpid()), **(extra_env or {})})
    if result.returncode != 0:
        raise RuntimeError(f"{_SCRIPT[kind]} start failed (exit {result.returncode}):\n"
                           f"{result.stdout[-2000:]}\n{result.stderr[-2000:]}")
    return _info(kind, _parse_env(result.stdout), state)


def stop_server(info: ServerInfo) -> None:
    if info.state is not None:
        subprocess.run([str(SCRIPTS / _SCRIPT[info.kind]), "stop", str(info.state)],
                       capture_output=True, timeout=120, check=False)


class _Servers:
    """Session-wide registry: a server is started on first use, once."""

    def __init__(self, tmp: Callable[[str], Path]) -> None:
        self._tmp = tmp
        self._started: dict[str, ServerInfo | str] = {}

    def get(self, kind: str) -> ServerInfo:
        if kind not in self._started:
            self._started[kind] = self._find_or_start(kind)
        found = self._started[kind]
        if isinstance(found, str):
            backend_unavailable(found)
        assert isinstance(found, ServerInfo)
        return found

    def _find_or_start(self, kind: str) -> ServerInfo | str:
        if os.environ.get(_URL_VAR[kind]):
            return _info(kind, dict(os.environ), None)
        if os.environ.get("ASEANKG_TEST_START_SERVERS", "1") == "0":
            return (f"no {kind} server: set {_URL_VAR[kind]} or unset "
                    "ASEANKG_TEST_START_SERVERS=0 to let the tests start one")
        is_ci = os.environ.get("CI", "").lower() in ("1", "true", "yes")
        if kind == "virtuoso" and not shutil.which("virtuoso-t") and not is_ci:
            return ("Virtuoso is not installed (virtuoso-t not on PATH): run "
                    "`.ci/servers/virtuoso.sh install` (apt, as root) or set ASEANKG_TEST_VIRTUOSO")
        try:
            return start_server(kind, self._tmp(kind))
        except (RuntimeError, subprocess.TimeoutExpired, OSError) as exc:
            return f"cannot start the {kind} server: {exc}"

    def stop_all(self) -> None:
        for info in self._started.values():
            if isinstance(info, ServerInfo):
                stop_server(info)


@pytest.fixture(scope="session")
def backend_servers(tmp_path_factory: pytest.TempPathFactory) -> Iterator[_Servers]:
    servers = _Servers(lambda kind: tmp_path_factory.mktemp(f"server-{kind}"))
    yield servers
    servers.stop_all()


def clear(store: Store) -> None:
    """Drop every graph, so a shared server starts each test empty."""
    names = store.graphs()
    if names:
        store.replace_graphs({}, remove=names)


def open_backend(kind: str, servers: _Servers, tmp_path: Path) -> Store:
    """An empty store of one backend."""
    if kind == "oxigraph":
        return open_store(tmp_path / f"store-{len(list(tmp_path.glob('store-*')))}")
    info = servers.get(kind)
    try:
        store = info.open()
    except StoreError as exc:
        backend_unavailable(f"the {kind} server at {info.url} does not answer: {exc}")
    clear(store)
    return store


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    """The backend name of the current parametrisation."""
    return str(request.param)


@pytest.fixture
def store(backend: str, backend_servers: _Servers, tmp_path: Path) -> Iterator[Store]:
    """An empty store on each backend (embedded pyoxigraph, Oxigraph server, Virtuoso)."""
    s = open_backend(backend, backend_servers, tmp_path)
    yield s
    s.close()


@pytest.fixture
def server_info(backend: str, backend_servers: _Servers) -> ServerInfo:
    """URL and credentials of the current backend's server (remote backends only)."""
    if backend not in REMOTE_BACKENDS:
        pytest.fail("server_info is only for remote backends; parametrise over REMOTE_BACKENDS")
    return backend_servers.get(backend)
