"""P5: SHACL validation with the project's shapes (graph.validate.validate: pyshacl, relaxed set
over data + ontology/reference context, per-source set per named graph), in a fresh process per
size: seconds including the rdflib parse, and peak RSS. Also one record validated warm
(``validate_record``, the ``POST /validate`` path), and the SHACL-SPARQL constraints of the
shapes run as whole-graph pyoxigraph queries on the big graph (what a fast path would cost).

Whole-graph validation through pyshacl grows about linearly at ~1 ms per quad on this machine,
so the 1M graph is attempted under a time cap and the figure is extrapolated from the sizes that
finish (said so in the table)."""

from __future__ import annotations

import time
from pathlib import Path

from benchmarks.common import Row, Stats, dataset, run_child

GOAL_S = 30.0
GOAL_RECORD_MS = 50.0
REF_GRAPHS = ("https://w3id.org/aseankg/graph/ontology", "https://w3id.org/aseankg/graph/reference")


def validate_file(data: str) -> dict[str, object]:
    """Child: parse the N-Quads into rdflib, validate every source graph with the context."""
    import rdflib

    from graph.validate import validate

    t0 = time.perf_counter()
    ds = rdflib.Dataset()
    ds.parse(data, format="nquads")
    context, sources = rdflib.Graph(), rdflib.Dataset()
    for s, p, o, g in ds.quads((None, None, None, None)):
        if str(g) in REF_GRAPHS:
            context.add((s, p, o))
        else:
            sources.add((s, p, o, g))
    parsed = time.perf_counter() - t0
    report = validate(sources, context=context)
    return {"seconds": time.perf_counter() - t0, "parse_s": parsed, "quads": len(ds),
            "violations": report.violations, "warnings": report.warnings}


def validate_record_warm(data: str, reps: int) -> dict[str, object]:
    """Child: one source graph of the synthetic data as a Turtle record, validated warm."""
    import rdflib

    from graph.validate import load_context, validate_record

    ds = rdflib.Dataset()
    ds.parse(data, format="nquads")
    graph = next(g for g in ds.graphs() if "/graph/source/" in str(g.identifier))
    body = graph.serialize(format="turtle").encode()
    load_context()
    validate_record(body, "text/turtle")  # warm: shapes, context, pyshacl harvest
    times = []
    for _ in range(reps):
        t0 = time.perf_counter()
        report = validate_record(body, "text/turtle")
        times.append(time.perf_counter() - t0)
    return {"times": times, "triples": len(graph), "violations": report.violations}


def sparql_constraints(data: str) -> dict[str, object]:
    """Child: every sh:select of the shapes as one whole-graph query ($this free) on pyoxigraph,
    union default graph; the time of all of them and the rows they return."""
    import pyoxigraph as ox
    from rdflib.namespace import SH

    from graph.validate import load_shapes

    shapes = load_shapes("all")
    prefixes = "".join(f"PREFIX {p}: <{n}>\n" for p, n in
                       ((str(shapes.value(d, SH.prefix)),
                         str(shapes.value(d, SH.namespace)))
                        for d in shapes.objects(None, SH.declare)))
    store = ox.Store()
    t0 = time.perf_counter()
    store.bulk_load(path=data, format=ox.RdfFormat.N_QUADS)
    load_s = time.perf_counter() - t0
    selects = [str(q) for q in shapes.objects(None, SH.select)]
    t0 = time.perf_counter()
    rows = 0
    for q in selects:
        res = store.query(prefixes + q.replace("$this", "?this"),
                          use_default_graph_as_union=True)
        rows += sum(1 for _ in res)
    return {"seconds": time.perf_counter() - t0, "load_s": load_s, "queries": len(selects),
            "rows": rows}


CHILD_TASKS = {"validate_file": validate_file, "validate_record_warm": validate_record_warm,
               "sparql_constraints": sparql_constraints}


def run(big: Path, sizes: tuple[int, ...] = (10_000, 30_000), cap: float = 60,
        big_label: str = "1M") -> list[Row]:
    rows: list[Row] = []
    points: list[tuple[int, float]] = []
    for n in sizes:
        res = run_child("validate_file", {"data": str(dataset(n))}, timeout=cap * 3)
        if "timeout" in res:
            rows.append(Row("P5", f"validate whole graph @{n:,}", "s", None, note="timed out"))
            continue
        points.append((int(res["quads"]), float(res["seconds"])))  # type: ignore[arg-type]
        rows.append(Row("P5", f"validate whole graph @{int(res['quads']):,} quads (pyshacl)",
                        "s", Stats.of([float(res["seconds"])]),  # type: ignore[arg-type]
                        note=f"parse {float(res['parse_s']):.1f} s, peak "  # type: ignore[arg-type]
                             f"{float(res['peak_rss_mb']):.0f} MB, "  # type: ignore[arg-type]
                             f"{res['violations']} violations, {res['warnings']} warnings"))
    res = run_child("validate_file", {"data": str(big)}, timeout=cap)
    if "timeout" in res:
        note = f"stopped at the {cap:.0f} s cap"
        value = None
        if len(points) >= 2:
            (n1, s1), (n2, s2) = points[0], points[-1]
            per = (s2 - s1) / (n2 - n1)
            from benchmarks.common import quad_count

            est = s2 + per * (quad_count(big) - n2)
            value = Stats(est, est, est, 0)
            note += (f"; value extrapolated linearly from the smaller sizes "
                     f"({per * 1e3:.2f} ms/quad)")
        rows.append(Row("P5", f"validate whole graph @{big_label} (pyshacl)", "s", value, "goal",
                        Stats(GOAL_S, GOAL_S, GOAL_S, 1), "≤ 30 s incl. parse, ≤ 2 GB", False,
                        note))
    else:
        secs, peak = float(res["seconds"]), float(res["peak_rss_mb"])  # type: ignore[arg-type]
        rows.append(Row("P5", f"validate whole graph @{big_label} (pyshacl)", "s",
                        Stats.of([secs]), "goal", Stats(GOAL_S, GOAL_S, GOAL_S, 1),
                        "≤ 30 s incl. parse, ≤ 2 GB", secs <= GOAL_S and peak <= 2048,
                        f"peak {peak:.0f} MB, {res['violations']} violations"))
    res = run_child("sparql_constraints", {"data": str(big)}, timeout=cap * 2)
    if "timeout" not in res:
        rows.append(Row("P5", f"the {res['queries']} SHACL-SPARQL constraints as whole-graph "
                              f"pyoxigraph queries @{big_label}", "s",
                        Stats.of([float(res["seconds"])]),  # type: ignore[arg-type]
                        note=f"{res['rows']} result rows; bulk load {float(res['load_s']):.1f} s"
                             f" (not included); peak {float(res['peak_rss_mb']):.0f} MB"))  # type: ignore[arg-type]
    res = run_child("validate_record_warm", {"data": str(dataset(sizes[-1])), "reps": 20},
                    timeout=cap * 2)
    if "timeout" not in res:
        st = Stats.of([x * 1e3 for x in res["times"]])  # type: ignore[union-attr]
        rows.append(Row("P5", f"one record ({res['triples']} triples, Turtle) warm", "ms", st,
                        "goal", Stats(GOAL_RECORD_MS, GOAL_RECORD_MS, GOAL_RECORD_MS, 1),
                        "≤ 50 ms", st.median <= GOAL_RECORD_MS,
                        f"{res['violations']} violations"))
    return rows
