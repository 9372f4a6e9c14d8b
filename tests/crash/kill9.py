"""Crash safety (issue 8, item 4): ``kill -9`` an ``aseankg load`` of a large N-Quads file at a
random moment, reopen the store, and check it holds all or none of that load, never part.

    python -m tests.crash.kill9 [--runs 20] [--quads 40000] [--workdir DIR] [--seed 8]

Each run starts from a copy of a baseline store (one graph of 2 000 quads), starts the real
CLI (``aseankg load big.nq --store COPY``) in its own process, waits until it has read the file
(``/proc/PID/io``: the load's transaction is then under way), kills it with SIGKILL after a
random delay spread over the load's measured duration, then opens the store again (RocksDB
recovers its write-ahead log) and counts: the baseline graph must be intact and the loaded
graph must hold 0 or all of its quads, and a query must run. Prints one line per run and a
JSON summary; the exit status is 0 only when every run survived.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

from tests.crash.helpers import ASEANKG, clean_env, synthetic_nquads

BASE_GRAPH = "https://w3id.org/aseankg/graph/record/baseline"
LOAD_GRAPH = "https://w3id.org/aseankg/graph/record/big-load"
BASE_QUADS = 2_000


@dataclass
class Run:
    """What one kill did: when it struck and what the reopened store held."""

    index: int
    delay_s: float
    exited_before_kill: bool
    baseline: int
    loaded: int
    outcome: str  # "none" | "all" | "partial" | "unopenable"
    error: str | None = None


@dataclass
class Campaign:
    runs: list[Run] = field(default_factory=list)
    quads: int = 0
    full_load_s: float = 0.0

    @property
    def survived(self) -> int:
        return sum(1 for r in self.runs if r.outcome in ("none", "all"))

    def summary(self) -> dict[str, object]:
        outcomes: dict[str, int] = {}
        for r in self.runs:
            outcomes[r.outcome] = outcomes.get(r.outcome, 0) + 1
        return {"runs": len(self.runs), "survived": self.survived, "outcomes": outcomes,
                "quads_per_load": self.quads, "full_load_s": round(self.full_load_s, 2),
                "killed_mid_load": sum(1 for r in self.runs
                                       if r.outcome == "none" and not r.exited_before_kill)}


def _count(store_dir: Path, graph: str) -> int:
    from graph.store import open_store

    store = open_store(str(store_dir))
    try:
        return store.count(graph)
    finally:
        store.close()


def _inspect(store_dir: Path) -> tuple[int, int, str | None]:
    """(baseline quads, loaded quads, error) after reopening; a query must run too."""
    from graph.store import open_store

    try:
        store = open_store(str(store_dir))
    except Exception as exc:  # the point of the test: report, do not crash
        return -1, -1, f"cannot open: {exc}"
    try:
        base, loaded = store.count(BASE_GRAPH), store.count(LOAD_GRAPH)
        store.query("ASK { ?s ?p ?o }")
        return base, loaded, None
    except Exception as exc:
        return -1, -1, f"cannot read: {exc}"
    finally:
        store.close()


def _baseline(workdir: Path) -> Path:
    from graph.store import open_store

    path = workdir / "baseline"
    store = open_store(str(path))
    try:
        store.load(synthetic_nquads(BASE_QUADS, BASE_GRAPH, "b"), "application/n-quads")
    finally:
        store.close()
    return path


def _load_cmd(data: Path, store: Path) -> list[str]:
    return [str(ASEANKG), "load", str(data), "--store", str(store)]


def _read_chars(pid: int) -> int:
    """Bytes the process has read so far (``rchar`` of /proc/PID/io), -1 when it is gone."""
    try:
        for line in Path(f"/proc/{pid}/io").read_text().splitlines():
            if line.startswith("rchar:"):
                return int(line.split()[1])
    except OSError:
        return -1
    return -1


def _start_load(data: Path, store: Path) -> tuple[subprocess.Popen[bytes], float]:
    """Start the CLI load and return once it has read the whole file, i.e. when the load's
    transaction is under way (Python start-up and imports take about a second before that)."""
    size = data.stat().st_size
    proc = subprocess.Popen(_load_cmd(data, store), env=clean_env(),
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and proc.poll() is None:
        if _read_chars(proc.pid) >= size:
            break
        time.sleep(0.005)
    return proc, time.perf_counter()


def run_campaign(workdir: Path, runs: int = 20, quads: int = 40_000, seed: int = 8,
                 log=print) -> Campaign:  # type: ignore[no-untyped-def]
    """Run the kill -9 campaign in ``workdir`` and return what happened."""
    rng = random.Random(seed)
    baseline = _baseline(workdir)
    data = workdir / "big.nq"
    data.write_bytes(synthetic_nquads(quads, LOAD_GRAPH, "L"))
    campaign = Campaign(quads=quads)

    # calibrate: how long the load takes from "file read" to "committed" (the CLI prints its
    # line right after the store's load returns)
    probe = workdir / "calibrate"
    shutil.copytree(baseline, probe)
    proc, started = _start_load(data, probe)
    assert proc.stdout is not None
    proc.stdout.readline()
    campaign.full_load_s = time.perf_counter() - started
    proc.wait(120)
    assert _count(probe, LOAD_GRAPH) == quads, "the calibration load must be complete"
    shutil.rmtree(probe)
    log(f"loading {quads} quads takes {campaign.full_load_s:.2f} s from read to commit")

    for i in range(runs):
        target = workdir / f"run-{i:02d}"
        shutil.copytree(baseline, target)
        # the calibration includes counting the store before and after, so the commit
        # happens in the first part of it: kills land before, inside and after the commit
        delay = rng.uniform(0.0, 0.6) * campaign.full_load_s
        proc, started = _start_load(data, target)
        time.sleep(max(0.0, started + delay - time.perf_counter()))
        exited = proc.poll() is not None
        if not exited:
            proc.send_signal(signal.SIGKILL)
        proc.wait(60)
        base, loaded, error = _inspect(target)
        if error:
            outcome = "unopenable"
        elif base != BASE_QUADS:
            outcome, error = "partial", f"baseline graph has {base} quads, not {BASE_QUADS}"
        elif loaded == 0:
            outcome = "none"
        elif loaded == quads:
            outcome = "all"
        else:
            outcome = "partial"
        run = Run(i, round(delay, 3), exited, base, loaded, outcome, error)
        campaign.runs.append(run)
        log(f"run {i:2d}: kill {delay:5.2f} s into the load"
            f"{' (already exited)' if exited else ''} -> {outcome} "
            f"(baseline {base}, loaded {loaded}/{quads}){' ' + error if error else ''}")
        shutil.rmtree(target, ignore_errors=True)
    return campaign


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--runs", type=int, default=20)
    ap.add_argument("--quads", type=int, default=40_000)
    ap.add_argument("--seed", type=int, default=8)
    ap.add_argument("--workdir", type=Path, default=None)
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="aseankg-kill9-") as tmp:
        workdir = args.workdir or Path(tmp)
        workdir.mkdir(parents=True, exist_ok=True)
        campaign = run_campaign(workdir, args.runs, args.quads, args.seed)
    summary = campaign.summary()
    print(json.dumps({**summary, "details": [asdict(r) for r in campaign.runs]}, indent=1))
    return 0 if campaign.survived == len(campaign.runs) else 1


if __name__ == "__main__":
    sys.exit(main())
