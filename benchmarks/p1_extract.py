"""P1: extraction speed, characters of article text turned into RDF per second.

The baseline is the goal itself (300k chars/s): there is no other extractor of this model to
compare with, so the ratio says how far the loader is from the goal (≥ 1 meets it)."""

from __future__ import annotations

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
    rates, triples = [], 0
    for _ in range(reps):
        seconds, graphs = timed(lambda: [extract(t, d, reference=ctx).graph
                                         for d, t in articles])
        triples = sum(len(g) for g in graphs)  # type: ignore[union-attr]
        rates.append(chars / seconds)
    value = Stats.of(rates)
    goal = Stats(GOAL_CHARS_PER_S, GOAL_CHARS_PER_S, GOAL_CHARS_PER_S, 1)
    return [Row("P1", f"extract {count} synthetic articles (vi+en, {chars:,} chars, "
                      f"{triples:,} triples)", "chars/s", value, "goal", goal,
                "≥ 300k chars/s", value.median >= GOAL_CHARS_PER_S, better="higher")]
