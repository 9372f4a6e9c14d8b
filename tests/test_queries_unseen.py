"""Named queries on articles the extraction rules were not written for (tests/articles: other
meetings, English and NFD-encoded texts): every query runs, and the questions that any ASEAN
cooperation article can answer give non-empty, well-formed rows."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from graph.build import build
from graph.queries import load_queries, run
from graph.store import Store, open_store

ARTICLES = Path(__file__).parent / "articles"
# a disagreement between two sources is not guaranteed in any corpus
MAY_BE_EMPTY = {"conflicts"}


@pytest.fixture(scope="module")
def unseen(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    corpus = tmp_path_factory.mktemp("unseen-corpus")
    for text in sorted(ARTICLES.glob("*.txt")):
        shutil.copy(text, corpus / text.name)
    store = open_store(tmp_path_factory.mktemp("unseen-store"))
    summary = build(store, corpus)
    assert len(summary.documents) - len(summary.rejected) >= 5, summary.to_text()
    yield store
    store.close()


@pytest.mark.parametrize("name", sorted(load_queries()))
def test_every_query_answers_on_unseen_articles(unseen: Store, name: str) -> None:
    result = run(unseen, name)
    if name not in MAY_BE_EMPTY:
        assert result.rows, f"{name} is empty on the unseen articles"


def test_rows_are_well_formed(unseen: Store) -> None:
    for row in run(unseen, "figures").rows:
        assert {"about", "measure", "value", "source"} <= set(row), row
    for row in run(unseen, "meetings").rows:
        assert str(row.get("sources", "")).startswith("https://"), row
    for row in run(unseen, "participation").rows:
        assert {"organisation", "event", "role"} <= set(row), row
    sources = run(unseen, "sources")
    assert all(int(r["facts"]) > 0 for r in sources.rows)
