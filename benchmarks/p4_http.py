"""P4: ``/sparql`` over HTTP, driven by wrk (native code, so the load generator does not compete
with the servers for the GIL), against the raw Oxigraph server and rdflib-endpoint on the same
data. Everything binds 127.0.0.1 on ports 18601–18603; every server is stopped by its PID.

Points are interleaved round → query → concurrency → server. A point is ``wrk -t1 -cN -dDs``
(bounded in time; wrk's own timeout bounds each request); aggregate points run longer (8 s), as
16 clients of a ~0.5–1.5 s query need several seconds before the first answers, and after each
aggregate point the suite waits until that server answers a lookup within 1 s again.
rdflib-endpoint needs seconds per aggregate and serialises requests, so its 16-client aggregate
point runs only in the last round, last."""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import time
import urllib.parse
import urllib.request
from pathlib import Path

from benchmarks.common import PORT_BASE, PYTHON, ROOT, WORK, Row, Stats

AKG = "https://w3id.org/aseankg/def#"
ACCEPT = "application/sparql-results+json"
AGGREGATE = f"""PREFIX akg: <{AKG}>
SELECT ?funder (COUNT(?f) AS ?n) (SUM(?v) AS ?total) WHERE {{
  ?f a akg:ReportedFigure ; akg:fundedBy ?funder ; akg:value ?v .
}} GROUP BY ?funder ORDER BY DESC(?total)"""
SERVERS = ("oxigraph", "aseankg", "rdflib")
PORTS: dict[str, int] = {}


def use_ports(base: int = PORT_BASE) -> None:
    """Servers listen on base+1 (aseankg), base+2 (Oxigraph server), base+3 (rdflib-endpoint)."""
    PORTS.update({"aseankg": base + 1, "oxigraph": base + 2, "rdflib": base + 3})


use_ports()
PATHS = {"aseankg": "/sparql", "oxigraph": "/query", "rdflib": "/sparql"}


def lookup_query(data: Path) -> str:
    """A point lookup on the first meeting of the data file."""
    with data.open(encoding="utf-8") as f:
        for line in f:
            m = re.match(r"<(https://w3id\.org/aseankg/id/meeting/[^>]+)>", line)
            if m:
                return f"SELECT ?p ?o WHERE {{ <{m.group(1)}> ?p ?o }}"
    raise ValueError(f"{data} has no meeting")


def url(server: str, query: str) -> str:
    return (f"http://127.0.0.1:{PORTS[server]}{PATHS[server]}?"
            + urllib.parse.urlencode({"query": query}))


def fetch(server: str, query: str, timeout: float = 120) -> dict:
    req = urllib.request.Request(url(server, query), headers={"Accept": ACCEPT})
    with urllib.request.urlopen(req, timeout=timeout) as resp:
        return json.loads(resp.read())


def _wait_ready(server: str, query: str, proc: subprocess.Popen, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"{server} exited with {proc.returncode}; see out/logs")
        try:
            fetch(server, query, timeout=5)
            return
        except Exception:
            time.sleep(0.5)
    raise RuntimeError(f"{server} not ready after {timeout:.0f} s")


def _wait_idle(server: str, query: str, cap: float = 90) -> None:
    """Until a lookup answers within 1 s (the server has drained its queue), at most ``cap``."""
    deadline = time.monotonic() + cap
    while time.monotonic() < deadline:
        t0 = time.monotonic()
        try:
            fetch(server, query, timeout=cap)
        except Exception:
            time.sleep(0.5)
            continue
        if time.monotonic() - t0 < 1:
            return


def _ms(text: str) -> float:
    m = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text)
    if not m:
        raise ValueError(text)
    return float(m.group(1)) * {"us": 1e-3, "ms": 1, "s": 1e3, "m": 6e4}[m.group(2)]


def parse_wrk(out: str) -> dict[str, float]:
    """Requests/s, p50 and p99 (ms), completed requests and errors from ``wrk --latency``."""
    res: dict[str, float] = {"errors": 0.0}
    for line in out.splitlines():
        line = line.strip()
        if m := re.match(r"(50|99)(?:\.0+)?%\s+(\S+)", line):
            res[f"p{m.group(1)}"] = _ms(m.group(2))
        elif m := re.match(r"(\d+) requests in", line):
            res["requests"] = float(m.group(1))
        elif m := re.match(r"Requests/sec:\s+([\d.]+)", line):
            res["rps"] = float(m.group(1))
        elif m := re.match(r"Non-2xx or 3xx responses:\s+(\d+)", line):
            res["errors"] += float(m.group(1))
        elif m := re.match(r"Socket errors:(.*)", line):
            res["errors"] += sum(float(x) for x in re.findall(r"\d+", m.group(1)))
    return res


def wrk(server: str, query: str, conc: int, duration: int) -> dict[str, float]:
    cmd = ["wrk", "-t1", f"-c{conc}", f"-d{duration}s", "--latency", "--timeout", "30s",
           "-H", f"Accept: {ACCEPT}", url(server, query)]
    out = subprocess.run(cmd, capture_output=True, text=True, timeout=duration + 60).stdout
    return parse_wrk(out)


def _start(cmd: list[str], log: Path) -> subprocess.Popen:
    log.parent.mkdir(parents=True, exist_ok=True)
    return subprocess.Popen(cmd, stdout=log.open("w"), stderr=subprocess.STDOUT, cwd=ROOT,
                            start_new_session=True)


def _stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)  # the server and its own workers, nobody else
        try:
            proc.wait(15)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


def run(data: Path, rounds: int = 3, duration: int = 4, port_base: int = PORT_BASE,
        work: Path = WORK, agg_duration: int = 8) -> list[Row]:
    import pyoxigraph as ox

    use_ports(port_base)
    if shutil.which("wrk") is None:
        return [Row("P4", "HTTP", "", None, note="wrk is not installed (apt-get install wrk)")]
    lookup = lookup_query(data)
    queries = {"lookup": lookup, "aggregate": AGGREGATE}
    logs = work / "logs"
    procs: dict[str, subprocess.Popen] = {}
    try:
        # rdflib parses for ~30 s at 1M: start it first, set up the others meanwhile
        procs["rdflib"] = _start([PYTHON, "-m", "benchmarks.rdflib_endpoint_server", str(data),
                                  str(PORTS["rdflib"])], logs / "p4-rdflib.log")
        a_dir, o_dir = work / "p4-aseankg", work / "p4-oxigraph"
        for d in (a_dir, o_dir):
            shutil.rmtree(d, ignore_errors=True)
        store = ox.Store(str(a_dir))
        store.bulk_load(path=str(data), format=ox.RdfFormat.N_QUADS)
        store.flush()
        del store
        shutil.copytree(a_dir, o_dir)
        procs["aseankg"] = _start([str(ROOT / ".venv" / "bin" / "aseankg"), "serve", "--store",
                                   str(a_dir), "--host", "127.0.0.1", "--port",
                                   str(PORTS["aseankg"])], logs / "p4-aseankg.log")
        procs["oxigraph"] = _start([str(ROOT / ".venv" / "bin" / "oxigraph"), "serve-read-only",
                                    "--location", str(o_dir), "--bind",
                                    f"127.0.0.1:{PORTS['oxigraph']}", "--union-default-graph"],
                                   logs / "p4-oxigraph.log")
        servers = list(SERVERS)
        for name in SERVERS:
            try:
                _wait_ready(name, lookup, procs[name], 240 if name == "rdflib" else 120)
            except RuntimeError:
                if name != "rdflib":
                    raise
                servers.remove(name)  # rdflib could not parse the data in time: go on without
                _stop(procs[name])
        counts = {(s, q): len(fetch(s, text)["results"]["bindings"])
                  for s in servers for q, text in queries.items()}
        results: dict[tuple[str, int, str], list[dict[str, float]]] = {}
        for rnd in range(rounds):
            for qname, text in queries.items():
                for conc in (1, 16):
                    for server in servers:
                        slow = server == "rdflib" and qname == "aggregate"
                        if slow and conc == 16 and rnd != rounds - 1:
                            continue
                        secs = duration if qname == "lookup" else max(duration, agg_duration)
                        results.setdefault((qname, conc, server), []).append(
                            wrk(server, text, conc, secs))
                        if qname == "aggregate":
                            # requests wrk left in flight would slow the next point down
                            _wait_idle(server, lookup)
    finally:
        for p in procs.values():
            _stop(p)
    return _rows(results, counts)


def _stat(points: list[dict[str, float]], key: str) -> Stats | None:
    vals = [p[key] for p in points if key in p and p.get("requests", 0) > 0]
    return Stats.of(vals) if vals else None


def _rows(results: dict, counts: dict) -> list[Row]:
    rows: list[Row] = []
    for qname in ("lookup", "aggregate"):
        up = [s for s in SERVERS if (s, qname) in counts]
        agree = len({counts[(s, qname)] for s in up}) == 1
        rowsnote = (f"{counts[('aseankg', qname)]} result rows on every server" if agree else
                    "RESULT ROWS DIFFER: " + ", ".join(f"{s} {counts[(s, qname)]}" for s in up))
        if "rdflib" not in up:
            rowsnote += "; rdflib-endpoint did not finish parsing in 240 s"
        for conc in (1, 16):
            pts = {s: results.get((qname, conc, s), []) for s in SERVERS}
            errs = {s: int(sum(p.get("errors", 0) for p in pts[s])) for s in SERVERS}
            note = rowsnote + ("; errors " + str(errs) if any(errs.values()) else "")
            a, o, r = (_stat(pts[s], "rps") for s in SERVERS[1:2] + SERVERS[0:1] + SERVERS[2:])
            goal, met = "", None
            if qname == "aggregate":
                goal, met = "≥ 0.9× server", (a.median / o.median >= 0.9) if a and o else None
            elif conc == 16:
                goal, met = "≥ 0.25× server", (a.median / o.median >= 0.25) if a and o else None
            rows.append(Row("P4", f"{qname} c={conc} throughput", "req/s", a,
                            "oxigraph server", o, goal, met, note, better="higher"))
            rgoal, rmet = "", None
            if qname == "lookup" and conc == 16:
                rgoal, rmet = "≥ 3× rdflib-ep", (a.median / r.median >= 3) if a and r else None
            rnote = "" if r else "rdflib-endpoint completed no request in the window"
            if qname == "aggregate" and conc == 16:
                rnote = (rnote + "; " if rnote else "") + "rdflib-endpoint: one round only"
            rows.append(Row("P4", f"{qname} c={conc} throughput", "req/s", a,
                            "rdflib-endpoint", r, rgoal, rmet, rnote, better="higher"))
            for pct in ("p50", "p99"):
                a_p, o_p = _stat(pts["aseankg"], pct), _stat(pts["oxigraph"], pct)
                g, m = "", None
                if qname == "lookup" and conc == 16 and pct == "p99":
                    g, m = "≤ 10 ms", (a_p.median <= 10) if a_p else None
                r_p = _stat(pts["rdflib"], pct)
                rows.append(Row("P4", f"{qname} c={conc} latency {pct}", "ms", a_p,
                                "oxigraph server", o_p, g, m,
                                f"rdflib-endpoint {r_p.median:.1f} ms" if r_p else ""))
    return rows
