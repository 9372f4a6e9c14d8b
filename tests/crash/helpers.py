"""Helpers shared by the reliability, security and fuzz suites (issue 8).

- ``serve``: start the real ``aseankg serve`` (uvicorn, query workers) on a loopback port of
  the range reserved for this suite (18500–18599), capture its whole log, stop it afterwards.
- ``built_store``: the seed corpus built once per test session (ontology, reference data, five
  articles: about 12 000 triples); tests copy it, because a running server holds the store's
  lock and a test must not change what the next one reads.
- ``synthetic_nquads``: deterministic filler data for loads of any size.
"""

from __future__ import annotations

import shutil
from collections.abc import Sequence
from contextlib import AbstractContextManager
from pathlib import Path

import pytest

from tests import service_server
from tests.service_server import Server, clean_env  # noqa: F401  (re-exported for the suites)

ROOT = Path(__file__).resolve().parents[2]
PORTS = range(18500, 18600)
ASEANKG = service_server.ASEANKG_BIN


def free_port() -> int:
    """A port of 18500–18599 nothing listens on now."""
    return service_server.free_port(PORTS)


def serve(store: Path | str, workdir: Path, *, args: Sequence[str] = (),
          env: dict[str, str] | None = None, start_timeout: float = 60.0
          ) -> AbstractContextManager[Server]:
    """``tests.service_server.serve`` on this suite's port range."""
    return service_server.serve(store, workdir, args=args, env=env, ports=PORTS,
                                start_timeout=start_timeout)


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
