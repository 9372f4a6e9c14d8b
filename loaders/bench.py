"""Extraction speed: characters per second, text → rdflib Graph, on the seed articles.

Why a module and not a test: speed depends on the machine and its load; the figure is measured
and reported (python -m loaders.bench), never asserted. Reference data is loaded (and the
gazetteer built) before timing, as the build does once per run.
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from loaders.article import extract
from loaders.reference import ROOT, load_reference

__all__ = ["measure"]


def measure(texts: list[str], repeat: int = 10, rounds: int = 3
            ) -> tuple[float, int, float]:
    """Median characters/second over ``rounds`` runs of ``repeat`` passes over ``texts``:
    (wall-clock speed, characters per round, speed per CPU-second of this process). The CPU
    figure is the one to compare across runs on a shared, loaded machine."""
    ref = load_reference()
    extract(texts[0], "warmup", reference=ref)
    chars = sum(len(t) for t in texts) * repeat
    speeds, cpu_speeds = [], []
    for _ in range(rounds):
        started, cpu = time.perf_counter(), time.process_time()
        for i in range(repeat):
            for j, t in enumerate(texts):
                extract(t, f"bench-{i}-{j}", reference=ref)
        speeds.append(chars / (time.perf_counter() - started))
        cpu_speeds.append(chars / max(time.process_time() - cpu, 1e-9))
    return statistics.median(speeds), chars, statistics.median(cpu_speeds)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--corpus", type=Path, default=ROOT / "corpus")
    parser.add_argument("--repeat", type=int, default=10)
    parser.add_argument("--concat", type=int, default=1,
                        help="also time one document made of N copies of all seeds")
    args = parser.parse_args()
    texts = [p.read_text(encoding="utf-8") for p in sorted(args.corpus.glob("*.txt"))]
    speed, chars, cpu = measure(texts, args.repeat)
    print(f"{len(texts)} articles x {args.repeat}: {chars} chars, {speed:,.0f} chars/s wall, "
          f"{cpu:,.0f} chars per CPU-second (per-article extraction, median of 3)")
    if args.concat > 1:
        big = "\n\n".join(texts) * args.concat
        speed, chars, cpu = measure([big], 1)
        print(f"one document of {chars} chars: {speed:,.0f} chars/s wall, {cpu:,.0f} per CPU-s")


if __name__ == "__main__":
    main()
