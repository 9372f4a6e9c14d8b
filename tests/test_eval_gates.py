"""Quality gates of the article loader (issue 3 item 7), run on the real loader.

Seeds: precision and recall ≥ 0.95 overall. Our own unseen-style articles (tests/articles,
written without looking at the loader): recall ≥ 0.85 overall, so rules must generalise. The
failure message is the full `aseankg eval` report, misses and false positives included.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from loaders.evaluate import Report, evaluate, format_report

ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.timeout(300)


@pytest.fixture(scope="module")
def seed_report() -> Report:
    return evaluate(ROOT / "tests" / "gold", ROOT / "corpus")


@pytest.fixture(scope="module")
def article_report() -> Report:
    return evaluate(ROOT / "tests" / "articles", ROOT / "tests" / "articles")


def test_seed_precision_at_least_095(seed_report: Report) -> None:
    overall = seed_report.total.overall
    assert len(seed_report.documents) == 5
    assert (overall.precision or 0.0) >= 0.95, format_report(seed_report)


def test_seed_recall_at_least_095(seed_report: Report) -> None:
    overall = seed_report.total.overall
    assert (overall.recall or 0.0) >= 0.95, format_report(seed_report)


def test_unseen_article_recall_at_least_085(article_report: Report) -> None:
    overall = article_report.total.overall
    assert len(article_report.documents) >= 6
    assert (overall.recall or 0.0) >= 0.85, format_report(article_report)
