"""P3: every named query (queries/*.rq, parameters unbound: the heaviest form) through aseankg
(``graph.queries.run`` on the on-disk OxigraphStore: render, union default graph, rows as
rdflib terms, list columns sorted) against the same SPARQL text on the raw pyoxigraph store
underneath (rows materialised as Python objects), and against rdflib in memory. The 1M side is
timed in CPU seconds of the measuring process (the query runs on its thread), because on the
shared machine wall-clock ratios of the same query swung from 0.66× to 1.42× between runs.

Runs are interleaved query → rep → engine, in a child process that reports each run as it
finishes: pyoxigraph cannot cancel a query, so a query past its time limit is stopped by killing
the child, which is restarted after it. Every query first runs once to warm up (not counted); one
whose warm-up takes over 2 s then runs once per engine. rdflib runs in its own child at a smaller
size (default 20k quads: parsing 1M into rdflib takes ~30 s and 1.3 GB, and at 100k several named
queries already run for minutes)."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import time
from pathlib import Path

from benchmarks.common import PYTHON, ROOT, WORK, Row, Stats

GOAL_RATIO = 1.2


def build_store(data: Path, name: str, work: Path = WORK) -> Path:
    """A store directory in out/work holding ``data`` (bulk loaded: setup is not measured)."""
    import pyoxigraph as ox

    target = work / name
    shutil.rmtree(target, ignore_errors=True)
    target.mkdir(parents=True)
    raw = ox.Store(str(target))
    raw.bulk_load(path=str(data), format=ox.RdfFormat.N_QUADS)
    raw.flush()
    del raw
    return target


def _raw_rows(raw: object, text: str) -> int:
    res = raw.query(text, use_default_graph_as_union=True)  # type: ignore[attr-defined]
    variables = res.variables
    rows = [tuple(sol[v] for v in variables) for sol in res]
    return len(rows)


def ox_child(store_dir: str, names: list[str], reps: int, with_raw: bool) -> None:
    """In the child: time each query through aseankg and raw, one JSON line per run.

    Every query runs once to warm up (not counted); one whose warm-up took over 2 s then runs
    once per engine (said in the table), which keeps the whole suite bounded."""
    from graph.queries import load_queries, render, run
    from graph.stores.oxigraph import OxigraphStore

    store = OxigraphStore(Path(store_dir))
    raw = store.raw
    queries = load_queries()
    for name in names:
        q = queries[name]
        text = render(q, {})
        t0 = time.perf_counter()
        run(store, q)  # warm-up (not counted): both engines then read a warm block cache
        heavy = time.perf_counter() - t0 > 2.0
        for _ in range(1 if heavy else reps):
            if with_raw:
                t0, c0 = time.perf_counter(), time.process_time()
                n = _raw_rows(raw, text)
                print(json.dumps({"query": name, "engine": "raw", "cpu": time.process_time() - c0,
                                  "t": time.perf_counter() - t0, "rows": n}), flush=True)
            t0, c0 = time.perf_counter(), time.process_time()
            res = run(store, q)
            print(json.dumps({"query": name, "engine": "aseankg", "cpu": time.process_time() - c0,
                              "t": time.perf_counter() - t0, "rows": len(res.rows)}),
                  flush=True)
        print(json.dumps({"query": name, "done": True, "heavy": heavy}), flush=True)


def _stream(cmd: list[str], idle_timeout: float, deadline: float):
    """Yield JSON messages from a child; stop (and kill it) when it is silent too long."""
    import selectors

    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, text=True, cwd=ROOT)
    sel = selectors.DefaultSelector()
    assert proc.stdout is not None
    sel.register(proc.stdout, selectors.EVENT_READ)
    try:
        while True:
            wait = min(idle_timeout, deadline - time.monotonic())
            if wait <= 0 or not sel.select(timeout=wait):
                yield {"silent": True}
                return
            line = proc.stdout.readline()
            if not line:
                return
            yield json.loads(line)
    finally:
        proc.kill()
        proc.wait()


def measure_ox(store_dir: Path, reps: int, with_raw: bool = True, query_timeout: float = 60,
               budget: float = 600, cpu: bool = False) -> dict[str, dict[str, object]]:
    """Seconds per named query through aseankg and raw pyoxigraph, measured in a child that is
    killed (and restarted after the query) when one query runs past ``query_timeout``.
    ``cpu``: CPU seconds of the child instead of wall clock (pyoxigraph evaluates a query on the
    calling thread, so CPU time is the work itself, without the shared machine's queueing)."""
    from graph.queries import load_queries

    names = list(load_queries())
    out: dict[str, dict[str, object]] = {
        n: {"aseankg": [], "raw": [], "rows": None, "raw_rows": None, "heavy": False,
            "timeout": False} for n in names}
    deadline = time.monotonic() + budget
    todo = list(names)
    while todo and time.monotonic() < deadline:
        cmd = [PYTHON, "-m", "benchmarks.p3_query", "ox", str(store_dir), ",".join(todo),
               str(reps), "1" if with_raw else "0"]
        current = todo[0]
        for msg in _stream(cmd, query_timeout, deadline):
            if msg.get("silent"):
                out[current]["timeout"] = True
                break
            m = out[msg["query"]]
            current = msg["query"]
            if msg.get("done"):
                m["heavy"] = msg["heavy"]
                todo.remove(msg["query"])
                current = todo[0] if todo else current
                continue
            m[msg["engine"]].append(msg["cpu"] if cpu else msg["t"])  # type: ignore[union-attr]
            m["rows" if msg["engine"] == "aseankg" else "raw_rows"] = msg["rows"]
        if todo and todo[0] == current:
            todo.pop(0)  # the query that timed out is not retried
    return out


def rdflib_child(data: str, names: list[str], reps: int) -> None:
    """In the child: parse into rdflib and print one JSON line per query as it finishes."""
    import rdflib

    from graph.queries import load_queries, render

    t0 = time.perf_counter()
    ds = rdflib.Dataset(default_union=True)
    ds.parse(data, format="nquads")
    print(json.dumps({"parsed": time.perf_counter() - t0, "quads": len(ds)}), flush=True)
    queries = load_queries()
    for name in names:
        text = render(queries[name], {})
        times, rows, error = [], 0, None
        for _ in range(reps):
            t0 = time.perf_counter()
            try:
                rows = len(list(ds.query(text)))
            except Exception as exc:  # rdflib bugs (e.g. ORDER BY over unbound values)
                error = f"{type(exc).__name__}: {exc}"[:120]
                break
            times.append(time.perf_counter() - t0)
            if sum(times) > 2:
                break
        print(json.dumps({"query": name, "times": times, "rows": rows, "error": error}),
              flush=True)


def measure_rdflib(data: Path, reps: int, query_timeout: float, budget: float
                   ) -> tuple[dict[str, dict], dict]:
    """Run ``rdflib_child``; a query silent past ``query_timeout`` is recorded as stopped and
    the child restarted after it (parse again), until ``budget`` is spent."""
    from graph.queries import load_queries

    todo = list(load_queries())
    results: dict[str, dict] = {}
    head: dict = {}
    deadline = time.monotonic() + budget
    while todo and time.monotonic() < deadline:
        cmd = [PYTHON, "-m", "benchmarks.p3_query", "rdflib", str(data), ",".join(todo),
               str(reps)]
        current = todo[0]
        for msg in _stream(cmd, query_timeout + 30, deadline):  # +30: the parse
            if msg.get("silent"):
                results[current] = {"stopped": True, "times": []}
                break
            if "parsed" in msg:
                head = msg
                continue
            results[msg["query"]] = msg
            todo.remove(msg["query"])
            current = todo[0] if todo else current
        if todo and todo[0] == current:
            todo.pop(0)
    return results, head


def _ms(values: list[float]) -> Stats:
    st = Stats.of(values)
    return Stats(st.median * 1e3, st.min * 1e3, st.max * 1e3, st.n)


def run(data_big: Path, data_small: Path, reps: int = 5, rdflib_reps: int = 3,
        rdflib_budget: float = 90, big_label: str = "1M", small_label: str = "20k",
        query_timeout: float = 30, budget: float = 300, work: Path = WORK) -> list[Row]:
    rows: list[Row] = []
    big = measure_ox(build_store(data_big, "p3-big", work), reps, query_timeout=query_timeout,
                     budget=budget, cpu=True)
    for name, m in big.items():
        if not m["aseankg"] or not m["raw"]:
            why = (f"stopped: one run took over {query_timeout:.0f} s" if m["timeout"]
                   else "not reached within the P3 budget")
            rows.append(Row("P3", f"{name} @{big_label}", "CPU ms",
                            _ms(m["aseankg"]) if m["aseankg"] else None, "raw pyoxigraph",
                            _ms(m["raw"]) if m["raw"] else None, "≤ 1.2×", False, why))
            continue
        v, b = _ms(m["aseankg"]), _ms(m["raw"])  # type: ignore[arg-type]
        same = m["rows"] == m["raw_rows"]
        note = f"{m['rows']} rows" + ("" if same else f" vs {m['raw_rows']} raw: DIFFER")
        if m["heavy"]:
            note += "; one run each after a warm-up (> 2 s)"
        rows.append(Row("P3", f"{name} @{big_label}", "CPU ms", v, "raw pyoxigraph", b,
                        "≤ 1.2×", v.median / b.median <= GOAL_RATIO, note))
    small = measure_ox(build_store(data_small, "p3-small", work), reps, with_raw=False,
                       query_timeout=query_timeout, budget=budget / 4)
    rd, head = measure_rdflib(data_small, rdflib_reps, query_timeout / 2, rdflib_budget)
    parsed = f"rdflib parse {head.get('parsed', 0):.1f} s" if head else "rdflib did not parse"
    for name, m in small.items():
        v = _ms(m["aseankg"]) if m["aseankg"] else None  # type: ignore[arg-type]
        r = rd.get(name)
        if r is None or not r["times"]:
            why = (f"rdflib error: {r['error']}" if r and r.get("error") else
                   f"rdflib: stopped after {query_timeout / 2:.0f} s" if r else
                   f"rdflib: not reached in the {rdflib_budget:.0f} s budget ({parsed})")
            rows.append(Row("P3", f"{name} @{small_label} vs rdflib", "ms", v, "rdflib memory",
                            None, "", None, why))
            continue
        b = _ms(r["times"])
        same = r["rows"] == m["rows"]
        rows.append(Row("P3", f"{name} @{small_label} vs rdflib", "ms", v, "rdflib memory", b,
                        "", None, f"{m['rows']} rows" + ("" if same else
                                                          f" vs rdflib {r['rows']}: DIFFER")))
    return rows


if __name__ == "__main__":
    if sys.argv[1] == "rdflib":
        rdflib_child(sys.argv[2], sys.argv[3].split(","), int(sys.argv[4]))
    elif sys.argv[1] == "ox":
        ox_child(sys.argv[2], sys.argv[3].split(","), int(sys.argv[4]), sys.argv[5] == "1")
