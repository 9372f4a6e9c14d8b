"""Measurements that must run in a fresh process (peak memory, cold store): one task per call.

``python -m benchmarks.child TASK '{json args}'`` prints one JSON object on its last line."""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from benchmarks.common import peak_rss_mb

NQ = "application/n-quads"


def load_aseankg(data: str, dir: str) -> dict[str, object]:
    """What ``aseankg load FILE --store DIR`` does: OxigraphStore.load of the file's bytes."""
    from graph.stores.oxigraph import OxigraphStore

    t0 = time.perf_counter()
    store = OxigraphStore(Path(dir))
    store.load(Path(data).read_bytes(), NQ)
    count = store.count()
    store.close()
    return {"seconds": time.perf_counter() - t0, "count": count}


def load_raw(data: str, dir: str) -> dict[str, object]:
    """The baseline: pyoxigraph's own bulk loader into a fresh directory."""
    import pyoxigraph as ox

    t0 = time.perf_counter()
    store = ox.Store(dir)
    store.bulk_load(path=data, format=ox.RdfFormat.N_QUADS)
    count = len(store)
    store.flush()
    return {"seconds": time.perf_counter() - t0, "count": count}


TASKS = {"load_aseankg": load_aseankg, "load_raw": load_raw}


def main() -> None:
    task, args = sys.argv[1], json.loads(sys.argv[2])
    if task not in TASKS:
        from benchmarks import p5_shacl, p6_scale

        extra = {**p5_shacl.CHILD_TASKS, **p6_scale.CHILD_TASKS}
        out = extra[task](**args)
    else:
        out = TASKS[task](**args)
    out["peak_rss_mb"] = peak_rss_mb()
    print(json.dumps(out))


if __name__ == "__main__":
    main()
