"""What every benchmark shares: sizes, cached data files, statistics, result rows, child runs.

Why ratios in one run: the machine is shared and noisy, so every figure is printed next to its
baseline measured on the same data in the same run, and the ratio (not the absolute figure) is
what a goal is checked against.
"""

from __future__ import annotations

import json
import os
import re
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "benchmarks" / "out"
DATA = OUT / "data"
WORK = OUT / "work"
PYTHON = sys.executable
#: loopback ports this suite may use (the project's benchmark range).
PORT_BASE = 18600


def parse_size(text: str) -> int:
    """``100k`` → 100000, ``1m`` → 1000000, ``2500`` → 2500."""
    m = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([kKmM]?)\s*", text)
    if not m:
        raise ValueError(f"{text!r} is not a size (e.g. 100k, 1m)")
    scale = {"": 1, "k": 1_000, "m": 1_000_000}[m.group(2).lower()]
    return int(float(m.group(1)) * scale)


def size_label(n: int) -> str:
    if n >= 1_000_000 and n % 1_000_000 == 0:
        return f"{n // 1_000_000}m"
    if n >= 1_000 and n % 1_000 == 0:
        return f"{n // 1_000}k"
    return str(n)


def dataset(n: int) -> Path:
    """The synthetic N-Quads file of about ``n`` quads, generated once and cached in out/data."""
    from benchmarks.synthetic import write

    path = DATA / f"graph-{size_label(n)}.nq"
    if not path.exists() or path.stat().st_size == 0:
        tmp = path.with_suffix(".tmp")
        write(tmp, n)
        tmp.replace(path)
    return path


def quad_count(path: Path) -> int:
    with path.open("rb") as f:
        return sum(1 for line in f if line.strip())


@dataclass
class Stats:
    """Median, min and max of repeated measurements (and how many there were)."""

    median: float
    min: float
    max: float
    n: int

    @classmethod
    def of(cls, values: Sequence[float]) -> Stats:
        if not values:
            raise ValueError("no measurements")
        return cls(statistics.median(values), min(values), max(values), len(values))


@dataclass
class Row:
    """One line of the result table: a measurement, its baseline and the goal it is held to.

    ``ratio`` is ``value.median / baseline.median`` (for times: >1 means slower than the
    baseline; for rates the row says which way is better in ``better``)."""

    bench: str
    case: str
    unit: str
    value: Stats | None
    baseline_name: str = ""
    baseline: Stats | None = None
    goal: str = ""
    met: bool | None = None
    note: str = ""
    better: str = "lower"  # lower | higher
    extra: dict[str, object] = field(default_factory=dict)

    @property
    def ratio(self) -> float | None:
        if self.value is None or self.baseline is None or not self.baseline.median:
            return None
        return self.value.median / self.baseline.median

    def to_json(self) -> dict[str, object]:
        d = asdict(self)
        d["ratio"] = self.ratio
        return d


def timed(fn: Callable[[], object]) -> tuple[float, object]:
    """Seconds one call takes, and its result."""
    t0 = time.perf_counter()
    out = fn()
    return time.perf_counter() - t0, out


def peak_rss_mb() -> float:
    """Peak resident memory of this process so far, in MiB.

    ``VmHWM`` belongs to the address space, which ``exec`` replaces; ``ru_maxrss`` does not
    reset at exec on Linux, so a child started by a big parent would report the parent's peak."""
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_child(task: str, args: dict[str, object], timeout: float) -> dict[str, object]:
    """Run ``benchmarks.child TASK`` in a fresh interpreter and return its JSON answer.

    A fresh process per measurement gives a true peak RSS and no warm caches from earlier runs.
    On timeout the child is killed and ``{"timeout": seconds}`` is returned."""
    cmd = [PYTHON, "-m", "benchmarks.child", task, json.dumps(args)]
    try:
        res = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, cwd=ROOT,
                             env={**os.environ, "PYTHONPATH": str(ROOT)})
    except subprocess.TimeoutExpired:
        return {"timeout": timeout}
    if res.returncode != 0:
        raise RuntimeError(f"child {task} failed ({res.returncode}): {res.stderr[-2000:]}")
    return json.loads(res.stdout.strip().splitlines()[-1])


def fmt(x: float | None, unit: str = "") -> str:
    """A number with 3 significant digits (thousands separated), or ``–``."""
    if x is None:
        return "–"
    if abs(x) >= 1000:
        return f"{x:,.0f}"
    if abs(x) >= 100:
        return f"{x:.0f}"
    if abs(x) >= 10:
        return f"{x:.1f}"
    if abs(x) >= 1:
        return f"{x:.2f}"
    return f"{x:.3f}"


def table(rows: Sequence[Row]) -> str:
    """The result table as GitHub Markdown."""
    head = ("| bench | case | unit | median | min | max | baseline | baseline median | ratio "
            "| goal | met | note |")
    lines = [head, "|" + "---|" * 12]
    for r in rows:
        v, b = r.value, r.baseline
        met = {True: "yes", False: "**no**", None: ""}[r.met]
        ratio = f"{r.ratio:.2f}×" if r.ratio is not None else "–"
        lines.append(
            f"| {r.bench} | {r.case} | {r.unit} | {fmt(v.median if v else None)} | "
            f"{fmt(v.min if v else None)} | {fmt(v.max if v else None)} | {r.baseline_name} | "
            f"{fmt(b.median if b else None)} | {ratio} | {r.goal} | {met} | {r.note} |")
    return "\n".join(lines)
