"""Loading into a remote server at scale: RemoteStore (GSP, one request per named graph, chunked;
and the Oxigraph adapter's N-Quads batches) against the offline bulk loader ``oxigraph load``, on
the same synthetic N-Quads file.

Why both: ``oxigraph load`` is the ceiling (no HTTP, no transactions per request, server stopped);
RemoteStore is what ``aseankg build --store http://…`` does against a running server. The ratio
says how much the protocol costs. Each side gets a fresh, empty store in a temporary directory;
the server runs on loopback in the project's Oxigraph port range and is stopped afterwards.

Usage: ``python -m benchmarks.remote_load --triples 1000000`` (a benchmark, not a test).
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

from benchmarks.synthetic import write
from graph.store import open_store

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / ".ci" / "servers" / "oxigraph-server.sh"
OXIGRAPH = ROOT / ".venv" / "bin" / "oxigraph"


def _start(state: Path) -> tuple[str, int]:
    out = subprocess.run([str(SCRIPT), "start", str(state)], capture_output=True, text=True,
                         check=True, timeout=180).stdout
    env = dict(line.split("=", 1) for line in out.splitlines() if "=" in line)
    return env["ASEANKG_TEST_OXIGRAPH_SERVER"], int(env["ASEANKG_TEST_OXIGRAPH_SERVER_PID"])


def remote_load(data: Path, work: Path, chunk: int, per_graph: bool) -> tuple[int, float]:
    """Triples loaded into a fresh Oxigraph server through RemoteStore, and seconds taken:
    one GSP POST per graph (``per_graph``) or N-Quads POSTs of ``chunk`` quads (the adapter's
    default for Oxigraph)."""
    state = work / ("server-gsp" if per_graph else "server-dataset")
    url, _pid = _start(state)
    try:
        store = open_store(url, chunk_triples=chunk, timeout=600, dataset_post=not per_graph)
        body = data.read_bytes()
        started = time.perf_counter()
        added = store.load(body, "application/n-quads")
        seconds = time.perf_counter() - started
        assert store.count() == added, (store.count(), added)
        store.close()
        return added, seconds
    finally:
        subprocess.run([str(SCRIPT), "stop", str(state)], check=False, timeout=120)


def bulk_load(data: Path, work: Path) -> tuple[int, float]:
    """Triples loaded by ``oxigraph load`` into a fresh directory, and seconds taken."""
    location = work / "bulk"
    started = time.perf_counter()
    subprocess.run([str(OXIGRAPH), "load", "--location", str(location), "--file", str(data)],
                   check=True, capture_output=True, timeout=1800)
    seconds = time.perf_counter() - started
    store = open_store(location)
    count = store.count()
    store.close()
    return count, seconds


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--triples", type=int, default=1_000_000)
    ap.add_argument("--chunk", type=int, default=100_000,
                    help="triples per GSP request within one graph")
    args = ap.parse_args()
    work = Path(tempfile.mkdtemp(prefix="aseankg-remote-load-"))
    try:
        data = work / "synthetic.nq"
        lines = write(data, args.triples)
        graphs = len({line.rsplit(" ", 2)[-2] for line in data.read_text().splitlines()
                      if line.strip()})
        print(f"data: {lines} quads in {graphs} named graphs, "
              f"{data.stat().st_size / 1e6:.0f} MB N-Quads")
        n_gsp, s_gsp = remote_load(data, work, args.chunk, per_graph=True)
        n_ds, s_ds = remote_load(data, work, args.chunk, per_graph=False)
        n_bulk, s_bulk = bulk_load(data, work)
        r_gsp, r_ds, r_bulk = n_gsp / s_gsp, n_ds / s_ds, n_bulk / s_bulk
        print(f"RemoteStore → oxigraph serve, GSP POST per graph:   {n_gsp} triples in "
              f"{s_gsp:.1f} s = {r_gsp:,.0f} triples/s")
        print(f"RemoteStore → oxigraph serve, N-Quads POST batches: {n_ds} triples in "
              f"{s_ds:.1f} s = {r_ds:,.0f} triples/s")
        print(f"oxigraph load (offline bulk loader):                {n_bulk} triples in "
              f"{s_bulk:.1f} s = {r_bulk:,.0f} triples/s")
        print(f"ratio bulk / GSP per graph: {r_bulk / r_gsp:.1f}×; "
              f"bulk / N-Quads batches: {r_bulk / r_ds:.1f}×")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
