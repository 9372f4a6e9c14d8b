"""P6 (``--with-10m``): the 10M graph. Load time and peak RSS through aseankg (fresh process,
fresh directory) next to raw bulk_load, then each named query's median time on the loaded
store (goal: every named query p50 ≤ 1 s)."""

from __future__ import annotations

import shutil
from pathlib import Path

from benchmarks.common import WORK, Row, Stats, run_child

CHILD_TASKS: dict[str, object] = {}


def run(data: Path, reps: int = 3, query_timeout: float = 60, budget: float = 900) -> list[Row]:
    from benchmarks import p3_query

    rows: list[Row] = []
    loads = {}
    for side, task in (("aseankg", "load_aseankg"), ("raw", "load_raw")):
        target = WORK / f"p6-{side}"
        shutil.rmtree(target, ignore_errors=True)
        loads[side] = run_child(task, {"data": str(data), "dir": str(target)}, timeout=3600)
        if side == "aseankg":
            shutil.rmtree(target, ignore_errors=True)
    a, r = loads["aseankg"], loads["raw"]
    if "timeout" in a or "timeout" in r:
        rows.append(Row("P6", "load 10M", "s", None, note=f"timed out: {loads}"))
    else:
        rows.append(Row("P6", f"load {int(r['count']):,} quads (10M)", "s",  # type: ignore[call-overload]
                        Stats.of([float(a["seconds"])]), "pyoxigraph bulk_load",  # type: ignore[arg-type]
                        Stats.of([float(r["seconds"])]),  # type: ignore[arg-type]
                        note=f"peak RSS aseankg {float(a['peak_rss_mb']):.0f} MB, "  # type: ignore[arg-type]
                             f"raw {float(r['peak_rss_mb']):.0f} MB"))  # type: ignore[arg-type]
    res = p3_query.measure_ox(WORK / "p6-raw", reps, with_raw=False,
                              query_timeout=query_timeout, budget=budget)
    for name, m in res.items():
        times = m["aseankg"]
        if not times:
            rows.append(Row("P6", f"{name} @10M p50", "ms", None, "goal", None, "≤ 1 s", False,
                            f"stopped after {query_timeout:.0f} s" if m["timeout"]
                            else "not reached within the budget"))
            continue
        st = Stats.of([t * 1e3 for t in times])  # type: ignore[union-attr]
        rows.append(Row("P6", f"{name} @10M p50", "ms", st, "goal", Stats(1000, 1000, 1000, 1),
                        "≤ 1 s", st.median <= 1000, f"{m['rows']} rows"))
    return rows
