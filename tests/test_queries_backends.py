"""The same named queries give the same rows on every backend: embedded pyoxigraph, Oxigraph
server and Virtuoso (the portability promise of queries/*.rq)."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph.queries import load_queries, run
from graph.store import Store
from tests.test_queries_library import EXPECTED, cells

FIXTURE = Path(__file__).parent / "fixtures" / "queries" / "seedlike.trig"


@pytest.fixture
def loaded(store: Store) -> Store:
    store.load(FIXTURE.read_bytes(), "application/trig")
    return store


def test_every_named_query_gives_the_fixture_rows(loaded: Store) -> None:
    failures = []
    for name in load_queries():
        cols, rows = EXPECTED[name]
        try:
            got = cells(run(loaded, name), cols)
        except Exception as exc:  # report every query, not only the first broken one
            failures.append(f"{name}: {type(exc).__name__}: {exc}")
            continue
        if got != rows:
            failures.append(f"{name}: got {got}\n  expected {rows}")
    assert not failures, "\n".join(failures)


def test_label_parameters_work_on_every_backend(loaded: Store) -> None:
    result = run(loaded, "document-history", {"document": "Work Plan IV"})
    assert [str(r["action"]) for r in result.rows] == ["adopted", "drafted"]
    result = run(loaded, "meetings", {"country": "Viet Nam", "from": "2022"})
    assert [str(r["meeting"]).rsplit("/", 2)[-2] for r in result.rows] == \
        ["iai-tf-partners-consultation"]
