"""Specifications of graph.sparql_text, the one place that reads SPARQL as text (the stores and the
service both rely on it), and of the Virtuoso rewrites built on its mask.

The recurring promise: a keyword inside a string, an IRI, a comment, a variable or a prefixed name
is never read as a keyword, and masking never moves an offset.
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from graph.sparql_text import (
    has_dataset_clause,
    mask,
    matching,
    needs_trial,
    query_form,
    remote_targets,
    tokenize,
)
from graph.stores.adapters.rewrite import (
    boolean_constants_typed,
    order_by_outside,
    select_parts,
)

XSD_BOOLEAN = "<http://www.w3.org/2001/XMLSchema#boolean>"


# -- mask -----------------------------------------------------------------------------------
def test_mask_blanks_strings_iris_and_comments_and_keeps_every_offset() -> None:
    text = ('SELECT ?s # a "comment" with <iri>\n'
            'WHERE { ?s <http://x/p#frag> "it\'s {" ; <p> """two\nlines""" }')
    masked = mask(text)
    assert len(masked) == len(text)
    assert [i for i, c in enumerate(masked) if c == "\n"] == [
        i for i, c in enumerate(text) if c == "\n"]
    assert masked.split() == ["SELECT", "?s", "WHERE", "{", "?s", ";", "}"]


def test_mask_a_quote_inside_an_iri_or_comment_starts_no_string() -> None:
    text = "SELECT * { <http://x/o'brien> ?p 'v' } # don't\nLIMIT 1"
    assert mask(text).split() == ["SELECT", "*", "{", "?p", "}", "LIMIT", "1"]


@given(st.text(alphabet="SELECT{}()<>'\"#?:\n \\abc", max_size=60))
def test_mask_never_changes_length_or_line_breaks(text: str) -> None:
    masked = mask(text)
    assert len(masked) == len(text)
    assert all((a == "\n") == (b == "\n") for a, b in zip(text, masked, strict=True))


def test_tokenize_skips_whitespace_and_comments() -> None:
    tokens = tokenize("ASK # SELECT\n{ ?x a:b 'c' }")
    assert [(t.kind, t.text) for t in tokens] == [
        ("word", "ASK"), ("punct", "{"), ("var", "?x"), ("pname", "a:b"), ("string", "'c'"),
        ("punct", "}")]
    assert tokens[1].start == len("ASK # SELECT\n")


def test_matching_counts_nested_brackets() -> None:
    masked = mask("{ { '}' } { } }")
    assert matching(masked, 0) == len(masked) - 1
    assert matching(masked, 2) == 8
    assert matching("{ {", 0) == -1
    assert matching("f(a, (b))", 1, "(", ")") == 8


# -- query form -----------------------------------------------------------------------------
@pytest.mark.parametrize(("text", "form"), [
    ("# CONSTRUCT in a comment\nSELECT * {}", "SELECT"),
    ('PREFIX ex: <http://ex.org/DELETE#> ASK { ?s ex:p "INSERT DATA" }', "ASK"),
    ("PREFIX delete: <http://d/>\nPREFIX select: <http://s/>\nCONSTRUCT WHERE { ?s delete:p ?o }",
     "CONSTRUCT"),
    ("BASE <http://b/> describe <x>", "DESCRIBE"),
    ("SELECT ?insert ?load { ?insert ?load 1 }", "SELECT"),
    ("# SELECT\nINSERT DATA { <http://s> <http://p> 'ASK' }", "UPDATE"),
    ("CLEAR SILENT GRAPH <http://g>", "UPDATE"),
    ("<http://x/SELECT> ?p ?o", None),
    ("# only a comment with SELECT", None),
])
def test_query_form_reads_the_first_keyword_after_the_prologue(text: str,
                                                               form: str | None) -> None:
    assert query_form(text) == form


# -- dataset clauses ------------------------------------------------------------------------
@pytest.mark.parametrize("text", [
    "SELECT * FROM <http://g> WHERE { ?s ?p ?o }",
    "SELECT * FROM<http://g> { ?s ?p ?o }",
    "PREFIX g: <http://g/> SELECT * FROM NAMED g:one { GRAPH ?g { ?s ?p ?o } }",
    "SELECT * from named :g { ?s ?p ?o }",
    "CONSTRUCT { ?s ?p ?o } FROM <http://g> WHERE { ?s ?p ?o }",
])
def test_a_from_clause_is_a_dataset(text: str) -> None:
    assert has_dataset_clause(text)


@pytest.mark.parametrize("text", [
    "SELECT * { ?s ?p ?o }",
    "# FROM <http://g>\nSELECT * { ?s ?p ?o }",
    'SELECT * { ?s ?p "FROM <http://g>" }',
    "SELECT * { ?s <http://x/FROM> <http://g> }",
    "SELECT ?from { ?from <http://p> ?o }",
    "PREFIX x: <http://x/> SELECT * { ?s x:from <http://g> }",
    "SELECT * { GRAPH ?g { ?s ?p ?o } }",
])
def test_from_inside_strings_iris_comments_or_names_is_no_dataset(text: str) -> None:
    assert not has_dataset_clause(text)


# -- SERVICE and LOAD -----------------------------------------------------------------------
def test_remote_targets_use_prefixes_declared_anywhere_in_an_update() -> None:
    text = ("PREFIX a: <http://a.org/>\nLOAD a:data.ttl ;\n"
            "PREFIX b: <http://b.org/>\n"
            "INSERT { ?s ?p ?o } WHERE { SERVICE b:sparql { ?s ?p ?o } }")
    assert remote_targets(text) == [("LOAD", "http://a.org/data.ttl"),
                                    ("SERVICE", "http://b.org/sparql")]


def test_remote_targets_ignore_keywords_in_comments_strings_and_iris() -> None:
    text = ("# SERVICE <http://evil/>\nSELECT * { ?s <http://x/SERVICE> 'LOAD <http://evil/>' ; "
            "?service ?load }")
    assert remote_targets(text) == []


def test_needs_trial_only_when_the_update_has_a_pattern_or_loads() -> None:
    assert needs_trial("DELETE WHERE { ?s ?p ?o }")
    assert needs_trial("LOAD <http://x/data.ttl>")
    assert not needs_trial("INSERT DATA { <http://s> <http://p> 'WHERE' } # LOAD")


# -- Virtuoso rewrites built on the mask ----------------------------------------------------
AGGREGATE = ("PREFIX ex: <http://ex.org/>\n"
             "SELECT ?s (MIN(?d) AS ?first) WHERE { ?s ex:date ?d } GROUP BY ?s\n"
             "ORDER BY STR(?first) LIMIT 5")


def test_select_parts_finds_the_clause_aliases_and_top_level_order() -> None:
    parts = select_parts(AGGREGATE)
    assert parts is not None
    assert AGGREGATE[parts.select:].startswith("SELECT")
    assert AGGREGATE[parts.where:].startswith("WHERE")
    assert parts.order is not None and AGGREGATE[parts.order:].startswith("ORDER BY")
    assert (parts.projected, parts.aliases) == (["s", "first"], ["first"])
    assert select_parts("ASK { ?s ?p ?o }") is None


def test_order_by_over_an_alias_moves_outside_a_subquery() -> None:
    out = order_by_outside(AGGREGATE)
    assert out == ("PREFIX ex: <http://ex.org/>\n"
                   "SELECT ?s ?first WHERE { { SELECT ?s (MIN(?d) AS ?first) WHERE "
                   "{ ?s ex:date ?d } GROUP BY ?s\n\n} }\nORDER BY STR(?first) LIMIT 5")
    assert order_by_outside("SELECT ?s WHERE { ?s ?p ?o } ORDER BY ?s") is None
    assert order_by_outside("SELECT (1 AS ?n) { } # ORDER BY ?n") is None


def test_boolean_constants_in_expressions_become_typed_literals() -> None:
    text = ("PREFIX ex: <http://t/>\nSELECT * { ?s ?p true . BIND(false AS ?f) "
            "VALUES ?v { true } FILTER(?x = 'false' || IF(?y, ex:true, TRUE)) }")
    assert boolean_constants_typed(text) == (
        "PREFIX ex: <http://t/>\nSELECT * { ?s ?p true . "
        f'BIND(STRDT("false", {XSD_BOOLEAN}) AS ?f) VALUES ?v {{ true }} '
        f"FILTER(?x = 'false' || IF(?y, ex:true, STRDT(\"true\", {XSD_BOOLEAN}))) }}")
