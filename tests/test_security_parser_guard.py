"""The parser-depth guard (``graph.service.guards``): text that would overflow pyoxigraph's
recursive parser is refused before any parser sees it; real queries pass untouched."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph.service.guards import MAX_DEPTH, MAX_OPERATORS, TooComplex, check_complexity

QUERIES = Path(__file__).resolve().parents[1] / "queries"


def test_every_named_query_passes() -> None:
    for path in sorted(QUERIES.glob("*.rq")):
        check_complexity(path.read_text(encoding="utf-8"))


@pytest.mark.parametrize("text", [
    "SELECT * WHERE " + "{ " * (MAX_DEPTH + 1) + "}" * (MAX_DEPTH + 1),
    "SELECT (" + "(" * MAX_DEPTH + "1" + ")" * MAX_DEPTH + " AS ?x) {}",
    "INSERT DATA { GRAPH <http://g> { <http://a> <http://b> " + "( " * 300 + ")" * 300 + " } }",
])
def test_deep_nesting_is_refused(text: str) -> None:
    with pytest.raises(TooComplex, match="nest"):
        check_complexity(text, query=not text.startswith("INSERT"))


def test_long_operator_chains_are_refused_in_queries_only() -> None:
    chain = "SELECT (" + "1 + " * (MAX_OPERATORS + 1) + "1 AS ?x) {}"
    with pytest.raises(TooComplex, match="operators"):
        check_complexity(chain)
    data = "INSERT DATA { GRAPH <http://g> { " + "<http://a> <http://b> 1 . " * 20_000 + "} }"
    check_complexity(data, query=False)  # a long flat update is fine


def test_brackets_inside_strings_iris_and_comments_do_not_count() -> None:
    text = 'SELECT ?x { BIND("' + "(" * 5000 + '" AS ?x) } # ' + "{" * 5000
    check_complexity(text)
