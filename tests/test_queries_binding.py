"""Parameters are bound safely and bad input gets a precise error: a value can never change the
query's syntax, an unknown query lists the available ones, a bad parameter is named, and a
SPARQL syntax error in a .rq file gives its line and column."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from graph.queries import (
    ParameterError,
    QueryDefinitionError,
    UnknownQueryError,
    get_query,
    load_queries,
    parse_query,
    render,
    run,
    sparql_literal,
)
from graph.stores.oxigraph import OxigraphStore

FIXTURE = Path(__file__).parent / "fixtures" / "queries" / "seedlike.trig"
INJECTIONS = [
    '"} } SELECT * WHERE { ?s ?p ?o } #',
    'x" ) } UNION { ?s ?p ?o } #',
    "\\\"} ; DROP ALL",
    "a\\u0022} ?s ?p ?o",
    "line\nbreak\r\t\"quoted\"",
    "<https://w3id.org/aseankg/id/workplan/iai-4>",
]


@pytest.fixture(scope="module")
def store() -> OxigraphStore:
    s = OxigraphStore(None)
    s.load(FIXTURE.read_bytes(), "application/trig")
    return s


def _literal_value(lit: str) -> str:
    res = ox.Store().query(f"SELECT ?x WHERE {{ VALUES ?x {{ {lit} }} }}")
    rows = list(res)
    assert len(rows) == 1
    return rows[0]["x"].value


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cc", "Cs")), max_size=40))
def test_any_text_is_one_literal_with_exactly_that_value(text: str) -> None:
    import unicodedata

    assert _literal_value(sparql_literal(text)) == unicodedata.normalize("NFC", text)


@pytest.mark.parametrize("value", INJECTIONS)
def test_injection_attempts_stay_literals(value: str) -> None:
    q = get_query("figures")
    text = render(q, {"about": value} if value.startswith("<") is False else {})
    assert text.count("VALUES ?param_about {") == 1
    # the rest of the query is untouched: only the VALUES braces changed
    before, _, after = q.text.partition("VALUES ?param_about { UNDEF }")
    assert text.startswith(before) and text.endswith(after)
    ox.Store().query(text)  # still one valid query


@pytest.mark.parametrize("value", INJECTIONS[:5])
def test_injection_attempts_as_labels_match_nothing(store: OxigraphStore, value: str) -> None:
    with pytest.raises(ParameterError, match="'about'.*no entity is labelled"):
        run(store, "figures", {"about": value})


def test_a_label_bound_without_a_store_is_matched_by_the_query_itself(store: OxigraphStore) -> None:
    """render() alone binds a label as a literal; the query compares it with the labels."""
    q = get_query("figures")
    text = render(q, {"about": "IAI Work Plan IV"})
    assert '"IAI Work Plan IV"' in text
    assert len(store.query(text).rows) == 7
    assert store.query(render(q, {"about": 'IAI Work Plan IV" } #'})).rows == []


def test_malformed_iri_is_refused_naming_the_parameter() -> None:
    with pytest.raises(ParameterError, match="'document'.*not a valid IRI"):
        render(get_query("document-history"), {"document": "https://x.org/a> } DROP ALL #"})


@pytest.mark.parametrize("value", ["2021-13", "21", "2021-02-30x", "last year", "2021/03"])
def test_malformed_date_names_the_parameter(value: str) -> None:
    with pytest.raises(ParameterError, match="'from'.*not a date"):
        render(get_query("meetings"), {"from": value})


def test_unknown_parameter_lists_the_query_parameters() -> None:
    with pytest.raises(ParameterError, match="'year'.*its parameters: series, country, from, to"):
        render(get_query("meetings"), {"year": "2021"})


def test_unknown_query_lists_the_available_ones(store: OxigraphStore) -> None:
    with pytest.raises(UnknownQueryError) as err:
        run(store, "meeting")
    assert "unknown query 'meeting'" in str(err.value)
    for name in load_queries():
        assert name in str(err.value)


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / f"{name}.rq"
    path.write_text(text, encoding="utf-8")
    return path


def test_missing_required_parameter_is_named(tmp_path: Path) -> None:
    path = _write(tmp_path, "one", "# title: One\n# param: who:entity — someone (required)\n"
                  "SELECT ?s WHERE { VALUES ?param_who { UNDEF } ?s ?p ?param_who }\n")
    q = get_query(str(path))
    with pytest.raises(ParameterError, match="'who': required"):
        render(q, {})
    assert "<https://w3id.org/aseankg/id/org/x>" in render(q, {"who": "id:org/x"})


def test_integer_and_boolean_kinds(tmp_path: Path) -> None:
    path = _write(tmp_path, "k", "# title: K\n# param: n:integer — a count (3)\n"
                  "# param: b:boolean — a flag (none)\n"
                  "SELECT ?n ?b WHERE { VALUES ?param_n { UNDEF } VALUES ?param_b { UNDEF } "
                  "BIND(?param_n AS ?n) BIND(?param_b AS ?b) }\n")
    q = get_query(str(path))
    assert '"3"^^<http://www.w3.org/2001/XMLSchema#integer>' in render(q, {})
    assert '"true"^^<http://www.w3.org/2001/XMLSchema#boolean>' in render(q, {"b": "yes"})
    with pytest.raises(ParameterError, match="'n'.*not an integer"):
        render(q, {"n": "3; DROP"})


def test_syntax_error_in_a_file_gives_line_and_column(tmp_path: Path) -> None:
    _write(tmp_path, "broken", "# title: Broken\n# description: misses a brace\n"
           "SELECT ?s WHERE {\n  ?s ?p ?o .\n  FILTER(?s = \n}\n")
    with pytest.raises(QueryDefinitionError) as err:
        load_queries(tmp_path)
    assert (err.value.line, err.value.column) == (5, 3)  # the FILTER that is never closed
    assert str(err.value).startswith(f"{tmp_path / 'broken.rq'}:5:3: ")
    assert "FILTER" in str(err.value)


@pytest.mark.parametrize(("text", "message"), [
    ("SELECT * WHERE { ?s ?p ?o }\n", "missing '# title:'"),
    ("# title: T\n# param: x — no kind default\nSELECT * WHERE { ?s ?p ?o }\n",
     "name\\[:kind\\] — meaning \\(default\\)"),
    ("# title: T\n# param: x — an x (none)\nSELECT * WHERE { ?s ?p ?o }\n",
     "declared but has no 'VALUES"),
    ("# title: T\nSELECT * WHERE { VALUES ?param_y { UNDEF } ?s ?p ?o }\n",
     "has no '# param:' header"),
    ("# title: T\n# param: x:colour — an x (none)\nSELECT * WHERE { VALUES ?param_x { UNDEF } }\n",
     "unknown kind 'colour'"),
])
def test_malformed_headers_are_reported(text: str, message: str) -> None:
    with pytest.raises(QueryDefinitionError, match=message):
        parse_query(text, "t")


def test_list_columns_are_sorted_and_deduplicated(store: OxigraphStore) -> None:
    result = run(store, "plans", {"type": "akg:WorkPlan"})
    for row in result.rows:
        items = str(row["sources"]).split(" ")
        assert items == sorted(set(items))
    assert [str(r.get("planned_end", "")) for r in result.rows] == ["2020-09 | 2021-07", ""]
