"""Load (issue 8, item 3): 16 concurrent clients for ``ASEANKG_LOAD_SECONDS`` (default 60) on
loopback against the real service over the built seed corpus, mixing named queries, point
lookups over /sparql and entity pages. Every answer must be a success; the test prints the
throughput and latency percentiles (the figures of the closing note).
"""

from __future__ import annotations

import asyncio
import os
import random
import statistics
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.crash.helpers import Server, copy_store, serve

CLIENTS = 16
DURATION_S = float(os.environ.get("ASEANKG_LOAD_SECONDS", "60"))
ID = "https://w3id.org/aseankg/id/"

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def server(built_store: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    work = tmp_path_factory.mktemp("load")
    with serve(copy_store(built_store, work / "store"), work) as srv:
        yield srv


def _targets(server: Server) -> tuple[list[str], list[str], list[str]]:
    """Named-query URLs, point-lookup URLs and entity-page URLs taken from the data itself."""
    names = [q["name"] for q in httpx.get(f"{server.url}/queries.json").json()["queries"]]
    named = [f"/queries/{n}.json" for n in names] + [f"/queries/{n}" for n in names[:4]]
    rows = httpx.get(f"{server.url}/sparql", headers={"accept": "application/json"}, params={
        "query": f"SELECT DISTINCT ?s WHERE {{ ?s a ?t . FILTER(STRSTARTS(STR(?s), '{ID}') "
                 f"&& !CONTAINS(STR(?s), '/annotation/') && !CONTAINS(STR(?s), '/mention/')) }} "
                 f"ORDER BY ?s LIMIT 300"}).json()["results"]["bindings"]
    iris = [r["s"]["value"] for r in rows]
    assert len(iris) > 50 and named
    lookups = [httpx.URL("/sparql", params={
        "query": f"SELECT ?p ?o WHERE {{ <{i}> ?p ?o }} LIMIT 100"}).raw_path.decode()
        for i in iris]
    pages = [f"/doc/{i[len(ID):]}" for i in iris]
    return named, lookups, pages


def test_sixteen_clients_mixed_traffic_has_no_errors(server: Server) -> None:
    named, lookups, pages = _targets(server)
    kinds = {"named query": named, "point lookup": lookups, "entity page": pages}
    latencies: dict[str, list[float]] = {k: [] for k in kinds}
    errors: list[str] = []

    async def client(seed: int, deadline: float) -> None:
        rng = random.Random(seed)
        async with httpx.AsyncClient(base_url=server.url, timeout=30) as c:
            while time.monotonic() < deadline:
                kind = rng.choice(list(kinds))
                url = rng.choice(kinds[kind])
                started = time.perf_counter()
                try:
                    r = await c.get(url, headers={"accept": "text/html"}
                                    if kind == "entity page" else {})
                    if r.status_code != 200:
                        errors.append(f"{r.status_code} {url}: {r.text[:200]}")
                except httpx.HTTPError as exc:
                    errors.append(f"{type(exc).__name__} {url}: {exc}")
                latencies[kind].append(time.perf_counter() - started)

    async def main() -> float:
        started = time.monotonic()
        await asyncio.gather(*(client(i, started + DURATION_S) for i in range(CLIENTS)))
        return time.monotonic() - started

    elapsed = asyncio.run(main())
    every = sorted(x for xs in latencies.values() for x in xs)
    total = len(every)

    def pct(xs: list[float], q: float) -> float:
        return sorted(xs)[min(len(xs) - 1, int(q * len(xs)))] * 1000

    print(f"\nload: {CLIENTS} clients, {elapsed:.1f} s, {total} requests, "
          f"{total / elapsed:.1f} req/s, errors {len(errors)}, "
          f"p50 {pct(every, 0.5):.0f} ms, p99 {pct(every, 0.99):.0f} ms")
    for kind, xs in latencies.items():
        if xs:
            print(f"  {kind:<13} {len(xs):>6} requests, median {statistics.median(xs) * 1000:.0f}"
                  f" ms, p99 {pct(xs, 0.99):.0f} ms")
    assert total > CLIENTS, "the clients must have run"
    assert not errors, f"{len(errors)} errors, first: {errors[:5]}"
    assert httpx.get(f"{server.url}/health", timeout=10).status_code == 200
