"""``python -m benchmarks [--size 1m] [--with-10m] [--only P1,P3]``: run the suite, print one
table (median, min, max, the baseline measured in the same run, the ratio, the goal) and write
the rows as JSON to ``benchmarks/out/results-<UTC time>.json`` (and ``results-latest.json``).

Every server binds 127.0.0.1 (ports 18601–18603) and is stopped by its PID; every child
process, query and load point is bounded in time, so a run ends even when a goal is far off."""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

from benchmarks.common import OUT, Row, dataset, parse_size, quad_count, size_label, table

ALL = ("P1", "P2", "P3", "P4", "P5", "P6")


def machine() -> dict[str, object]:
    """What the numbers were measured on, and how busy it was."""
    mem_kb = 0
    with open("/proc/meminfo") as f:
        for line in f:
            if line.startswith("MemTotal:"):
                mem_kb = int(line.split()[1])
    import pyoxigraph
    import pyshacl
    import rdflib

    return {"nproc": os.cpu_count(), "memory_gib": round(mem_kb / 2**20, 1),
            "python": platform.python_version(), "platform": platform.platform(),
            "loadavg": os.getloadavg(), "pyoxigraph": pyoxigraph.__version__,
            "rdflib": rdflib.__version__, "pyshacl": pyshacl.__version__,
            "wrk": subprocess.run(["sh", "-c", "wrk -v 2>&1 | head -1"], capture_output=True,
                                  text=True).stdout.strip()}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__.split("\n\n")[0])
    ap.add_argument("--size", default="1m", help="graph size for P2–P5 (default 1m)")
    ap.add_argument("--small", default="20k",
                    help="size for the rdflib comparisons in P3 (default 20k: at 100k several "
                         "named queries run for minutes in rdflib)")
    ap.add_argument("--with-10m", action="store_true", help="also run P6 on 10M quads")
    ap.add_argument("--only", default="", help="comma list, e.g. P1,P3")
    ap.add_argument("--reps", type=int, default=5, help="repetitions of in-process timings")
    ap.add_argument("--rounds", type=int, default=2, help="P4 rounds per point")
    ap.add_argument("--duration", type=int, default=3, help="P4 seconds per wrk point")
    ap.add_argument("--p5-cap", type=float, default=45,
                    help="seconds before whole-graph validation of the big graph is stopped")
    ap.add_argument("--out", type=Path, default=OUT, help="where the JSON results go")
    args = ap.parse_args(argv)
    wanted = [x.strip().upper() for x in args.only.split(",") if x.strip()] or list(ALL)
    if "P6" in wanted and not args.with_10m and not args.only:
        wanted.remove("P6")
    unknown = set(wanted) - set(ALL)
    if unknown:
        ap.error(f"unknown benchmark(s) {sorted(unknown)}; choose from {', '.join(ALL)}")
    n, small = parse_size(args.size), parse_size(args.small)
    label, small_label = size_label(n).upper(), size_label(small)
    started = time.monotonic()
    info = machine()
    print(f"machine: {info['nproc']} cores, {info['memory_gib']} GiB, Python {info['python']}, "
          f"load average {info['loadavg']}", flush=True)
    rows: list[Row] = []
    timings: dict[str, float] = {}

    def stage(name: str, fn):  # type: ignore[no-untyped-def]
        t0 = time.monotonic()
        print(f"[{time.strftime('%H:%M:%S')}] {name} …", flush=True)
        got = fn()
        timings[name] = time.monotonic() - t0
        rows.extend(got)
        print(table(got), flush=True)

    data = dataset(n) if set(wanted) & {"P2", "P3", "P4", "P5"} else None
    if data is not None:
        info["quads"] = quad_count(data)
    if "P1" in wanted:
        from benchmarks import p1_extract

        stage("P1", lambda: p1_extract.run(reps=3))
    if "P2" in wanted:
        from benchmarks import p2_load

        stage("P2", lambda: p2_load.run(data, reps=3))
    if "P3" in wanted:
        from benchmarks import p3_query

        stage("P3", lambda: p3_query.run(data, dataset(small), reps=args.reps,
                                         big_label=label, small_label=small_label))
    if "P4" in wanted:
        from benchmarks import p4_http

        stage("P4", lambda: p4_http.run(data, rounds=args.rounds, duration=args.duration))
    if "P5" in wanted:
        from benchmarks import p5_shacl

        stage("P5", lambda: p5_shacl.run(data, sizes=(10_000, 20_000), cap=args.p5_cap,
                                         big_label=label))
    if "P6" in wanted:
        from benchmarks import p6_scale

        stage("P6", lambda: p6_scale.run(dataset(10_000_000)))
    info["loadavg_end"] = os.getloadavg()
    info["seconds"] = time.monotonic() - started
    info["stage_seconds"] = timings
    print()
    print(table(rows))
    print(f"\n{len(rows)} rows in {info['seconds']:.0f} s; load average at the end "
          f"{info['loadavg_end']}")
    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    payload = {"when": stamp, "args": {**vars(args), "out": str(out)}, "machine": info,
               "rows": [r.to_json() for r in rows]}
    for path in (out / f"results-{stamp}.json", out / "results-latest.json"):
        path.write_text(json.dumps(payload, indent=2, ensure_ascii=False), encoding="utf-8")
    (out / "results-latest.md").write_text(table(rows) + "\n", encoding="utf-8")
    print(f"results: {out / f'results-{stamp}.json'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
