"""Helpers shared by the reliability, security and fuzz suites (issue 8).

- ``serve``: start the real ``aseankg serve`` (uvicorn, query workers) on a loopback port of
  the range reserved for this suite (18500–18599), capture its whole log, stop it afterwards.
- ``built_store``: the seed corpus built once per test session (ontology, reference data, five
  articles: about 12 000 triples); tests copy it, because a running server holds the store's
  lock and a test must not change what the next one reads.
- ``synthetic_nquads``: deterministic filler data for loads of any size.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

ROOT = Path(__file__).resolve().parents[2]
PORTS = range(18500, 18600)
ASEANKG = Path(sys.executable).parent / "aseankg"


@dataclass
class Server:
    """A running service: its base URL, process and log file."""

    url: str
    proc: subprocess.Popen[bytes]
    log: Path

    def log_text(self) -> str:
        return self.log.read_text(errors="replace")


def free_port() -> int:
    """A port of 18500–18599 nothing listens on now."""
    for port in PORTS:
        with socket.socket() as s:
            s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError("no free port in 18500-18599")


def clean_env(**extra: str) -> dict[str, str]:
    """The environment without any ASEANKG_* setting of the caller, plus ``extra``."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("ASEANKG_")}
    env.update(extra)
    return env


@contextmanager
def serve(store: Path | str, workdir: Path, *, args: Sequence[str] = (),
          env: dict[str, str] | None = None, start_timeout: float = 60.0) -> Iterator[Server]:
    """Run ``aseankg serve --store STORE ARGS`` until the block ends; the log is kept in
    ``workdir`` (uvicorn access log and the app's log, stdout and stderr together)."""
    environment = clean_env(**(env or {}))
    for _attempt in range(5):  # another job may take the port between probe and bind
        port = free_port()
        log = workdir / f"serve-{port}-{time.monotonic_ns()}.log"
        cmd = [str(ASEANKG), "serve", "--host", "127.0.0.1", "--port", str(port),
               "--store", str(store), *args]
        with open(log, "wb") as out:
            proc = subprocess.Popen(cmd, env=environment, stdout=out, stderr=subprocess.STDOUT,
                                    cwd=ROOT)
        url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + start_timeout
        while time.monotonic() < deadline and proc.poll() is None:
            try:
                if httpx.get(f"{url}/health", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            time.sleep(0.1)
        else:
            proc.kill()
            proc.wait(10)
            if "address already in use" in log.read_text(errors="replace"):
                continue
            raise RuntimeError(f"the service did not start:\n{log.read_text(errors='replace')}")
        server = Server(url, proc, log)
        try:
            yield server
        finally:
            proc.terminate()
            try:
                proc.wait(15)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(5)
        return
    raise RuntimeError("could not bind a port in 18500-18599")


def synthetic_nquads(n: int, graph: str = "https://w3id.org/aseankg/graph/record/filler",
                     tag: str = "f") -> bytes:
    """``n`` distinct quads in one graph: subjects with labels, numbers and links, so queries
    over them do real work (joins, filters) and a partial load is visible by its count."""
    lines = []
    base = "https://w3id.org/aseankg/id/filler/"
    for i in range(n):
        s = f"<{base}{tag}{i // 4}>"
        kind = i % 4
        if kind == 0:
            line = f'{s} <http://www.w3.org/2000/01/rdf-schema#label> "filler {tag} {i}"@en'
        elif kind == 1:
            line = (f"{s} <https://w3id.org/aseankg/def#value> "
                    f'"{i}"^^<http://www.w3.org/2001/XMLSchema#integer>')
        elif kind == 2:
            other = (i * 7) // 4 % (n // 4 + 1)
            line = f"{s} <https://w3id.org/aseankg/def#about> <{base}{tag}{other}>"
        else:
            line = (f"{s} <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> "
                    f"<https://w3id.org/aseankg/def#Filler>")
        lines.append(f"{line} <{graph}> .\n")
    return "".join(lines).encode("utf-8")


def copy_store(src: Path, dst: Path) -> Path:
    """A private copy of a closed store directory."""
    shutil.copytree(src, dst)
    return dst


@pytest.fixture(scope="session")
def built_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seed corpus built once into an on-disk store (closed; copy it before serving)."""
    from graph.build import build
    from graph.store import open_store

    path = tmp_path_factory.mktemp("reliability") / "built"
    store = open_store(str(path))
    try:
        summary = build(store, ROOT / "corpus")
        assert not summary.rejected, summary.to_text()
    finally:
        store.close()
    return path
