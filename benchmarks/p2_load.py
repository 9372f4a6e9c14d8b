"""P2: bulk load of the 1M-quad file into a fresh on-disk store, through aseankg (the
``OxigraphStore.load`` that ``aseankg load`` calls) against raw ``pyoxigraph.Store.bulk_load``.

Each run is a fresh process on a fresh directory (true peak RSS, no warm page cache advantage
for one side beyond the file itself), and the two sides are interleaved rep by rep."""

from __future__ import annotations

import shutil
from pathlib import Path

from benchmarks.common import WORK, Row, Stats, run_child


def run(data: Path, reps: int = 3, timeout: float = 600, work: Path = WORK) -> list[Row]:
    sides = {"aseankg": "load_aseankg", "raw": "load_raw"}
    times: dict[str, list[float]] = {k: [] for k in sides}
    rss: dict[str, list[float]] = {k: [] for k in sides}
    counts: dict[str, int] = {}
    for rep in range(reps):
        for side, task in sides.items():
            target = work / f"p2-{side}-{rep}"
            shutil.rmtree(target, ignore_errors=True)
            try:
                res = run_child(task, {"data": str(data), "dir": str(target)}, timeout)
            finally:
                shutil.rmtree(target, ignore_errors=True)
            if "timeout" in res:
                continue
            times[side].append(float(res["seconds"]))  # type: ignore[arg-type]
            rss[side].append(float(res["peak_rss_mb"]))  # type: ignore[arg-type]
            counts[side] = int(res["count"])  # type: ignore[call-overload]
        if times["aseankg"] and times["aseankg"][0] > 60:
            break  # one slow pair is enough to show the ratio; keeps the suite bounded
    if counts.get("aseankg") != counts.get("raw"):
        note = f"COUNTS DIFFER: {counts}"
    else:
        note = f"{counts.get('raw', 0):,} quads, same count both sides"
    value = Stats.of(times["aseankg"]) if times["aseankg"] else None
    base = Stats.of(times["raw"]) if times["raw"] else None
    size = f"{counts.get('raw', 0) / 1e6:.2g}M"
    rows = [Row("P2", f"load {size} N-Quads into a new on-disk store", "s", value,
                "pyoxigraph bulk_load", base, "≤ 1.3×", None, note)]
    if value and base:
        rows[0].met = value.median / base.median <= 1.3
    if rss["aseankg"] and rss["raw"]:
        rows.append(Row("P2", "peak RSS of that load", "MB", Stats.of(rss["aseankg"]),
                        "pyoxigraph bulk_load", Stats.of(rss["raw"])))
    return rows
