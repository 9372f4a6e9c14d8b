"""P1: extraction speed, characters of article text turned into RDF per second.

The baseline is the goal itself (300k chars/s): there is no other extractor of this model to
compare with, so the ratio says how far the loader is from the goal (≥ 1 meets it)."""

from __future__ import annotations

import time

from benchmarks.common import Row, Stats, timed

GOAL_CHARS_PER_S = 300_000


def run(reps: int = 3, count: int = 40) -> list[Row]:
    from benchmarks.articles import generate
    from graph.validate import load_context
    from loaders.article import extract

    ctx = load_context()
    articles = generate(count)
    chars = sum(len(t) for _, t in articles)
    extract(articles[0][1], articles[0][0], reference=ctx)  # warm: reference index, regexes
    rates, cpu_rates, triples = [], [], 0
    for _ in range(reps):
        cpu0 = time.process_time()
        seconds, graphs = timed(lambda: [extract(t, d, reference=ctx).graph
                                         for d, t in articles])
        cpu_rates.append(chars / max(time.process_time() - cpu0, 1e-9))
        triples = sum(len(g) for g in graphs)  # type: ignore[union-attr]
        rates.append(chars / seconds)
    value, cpu = Stats.of(rates), Stats.of(cpu_rates)
    goal = Stats(GOAL_CHARS_PER_S, GOAL_CHARS_PER_S, GOAL_CHARS_PER_S, 1)
    case = f"extract {count} synthetic articles (vi+en, {chars:,} chars, {triples:,} triples)"
    return [Row("P1", case, "chars/s", value, "goal", goal, "≥ 300k chars/s",
                value.median >= GOAL_CHARS_PER_S, "wall clock", better="higher"),
            Row("P1", case, "chars/CPU-s", cpu, "goal", goal, "", None,
                "per CPU second of this process (what a shared machine's load does not skew)",
                better="higher")]
