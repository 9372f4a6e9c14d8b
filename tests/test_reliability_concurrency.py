"""Concurrent writers (issue 8, item 6): the on-disk store is never corrupted.

- Two ``aseankg build`` processes on one store at the same time: the second is refused with a
  clear message naming the lock (pyoxigraph/RocksDB lets one process open a store for writing),
  and the store afterwards holds exactly one complete build.
- Many ``POST /validate?insert=true`` at once through the real service: the app's write lock
  serialises them; every record ends up whole in its own graph, nothing else changes.
"""

from __future__ import annotations

import asyncio
import subprocess
import time
from pathlib import Path

import httpx
import pytest

from graph.store import StoreLockedError, open_store
from tests.crash.helpers import ASEANKG, ROOT, clean_env, copy_store, serve

TOKEN = "concurrency-token"

pytestmark = pytest.mark.slow


def test_two_builds_at_once_one_is_refused_with_a_clear_message(tmp_path: Path) -> None:
    store = tmp_path / "store"
    cmd = [str(ASEANKG), "build", "--corpus", str(ROOT / "corpus"), "--store", str(store)]
    first = subprocess.Popen(cmd, env=clean_env(), stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, cwd=ROOT)
    time.sleep(0.05)
    second = subprocess.Popen(cmd, env=clean_env(), stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, cwd=ROOT)
    outs = [p.communicate(timeout=300) for p in (first, second)]
    codes = [first.returncode, second.returncode]
    assert sorted(codes)[0] == 0, (codes, outs)
    refused = [o for p, o in zip((first, second), outs, strict=True) if p.returncode != 0]
    assert len(refused) == 1, f"exactly one build must be refused: {codes}"
    message = refused[0][1].decode()
    assert "another aseankg process" in message and str(store) in message, message
    assert "Traceback" not in message
    s = open_store(str(store))
    try:
        graphs = s.graphs()
        assert sum(1 for g in graphs if "/graph/source/" in g) == 5
        assert s.count() > 10_000
    finally:
        s.close()


def test_a_second_writer_in_python_gets_store_locked_error(tmp_path: Path) -> None:
    first = open_store(str(tmp_path / "s"))
    try:
        with pytest.raises(StoreLockedError, match="another aseankg process"):
            open_store(str(tmp_path / "s"))
    finally:
        first.close()


def _record(i: int) -> bytes:
    return (f"""@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix foaf: <http://xmlns.com/foaf/0.1/> .
@prefix schema: <https://schema.org/> .
<https://w3id.org/aseankg/id/person/concurrent-{i}> a foaf:Person , schema:Person ;
  foaf:name "Concurrent {i}" ; rdfs:label "Concurrent {i}"@vi , "Concurrent {i}"@en .
""").encode()


def test_concurrent_validate_inserts_are_serialised_and_whole(
        built_store: Path, tmp_path: Path) -> None:
    with serve(copy_store(built_store, tmp_path / "store"), tmp_path,
               env={"ASEANKG_TOKEN": TOKEN}) as srv:
        count = ("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } "
                 "FILTER(!CONTAINS(STR(?g), '/graph/record/')) }")
        before = httpx.get(f"{srv.url}/sparql", params={"query": count},
                           headers={"accept": "text/csv"}).text

        async def main() -> list[httpx.Response]:
            async with httpx.AsyncClient(base_url=srv.url, timeout=120) as c:
                # 12 distinct records, each sent twice, plus GSP writes and updates in between
                jobs = [c.post("/validate?insert=true", content=_record(i % 12), headers={
                    "authorization": f"Bearer {TOKEN}", "content-type": "text/turtle"})
                        for i in range(24)]
                jobs += [c.put("/store", params={"graph": f"http://conc/g{i}"},
                               content=f"<http://conc/a> <http://conc/b> {i} .".encode(),
                               headers={"authorization": f"Bearer {TOKEN}",
                                        "content-type": "text/turtle"}) for i in range(6)]
                return list(await asyncio.gather(*jobs))

        answers = asyncio.run(main())
        assert all(r.status_code in (200, 201, 204) for r in answers), \
            [(r.status_code, r.text[:200]) for r in answers if r.status_code >= 300]
        rows = httpx.get(f"{srv.url}/sparql", headers={"accept": "text/csv"}, params={
            "query": "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } "
                     "FILTER(CONTAINS(STR(?g), '/graph/record/')) } GROUP BY ?g"}).text
        sizes = [int(line.split(",")[1]) for line in rows.strip().splitlines()[1:]]
        assert len(sizes) == 12, rows  # the same record twice is one graph (content hash)
        assert set(sizes) == {5}, rows  # every record whole: two types, a name, two labels
        after = httpx.get(f"{srv.url}/sparql", params={"query": count},
                          headers={"accept": "text/csv"}).text
        assert int(after.split()[1]) == int(before.split()[1]) + 6  # the six GSP graphs
        assert httpx.get(f"{srv.url}/health").status_code == 200
