"""`aseankg extract FILE`: a readable table of what was found, and the RDF as Turtle."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner
from rdflib import Graph

from graph.cli import main

SEED = sorted((Path(__file__).resolve().parents[1] / "corpus").glob("001_*.txt"))[0]


def test_table_lists_entities_facts_and_inferences() -> None:
    result = CliRunner().invoke(main, ["extract", str(SEED), "--format", "table"])
    assert result.exit_code == 0, result.output
    out = result.output
    assert "person/nguyen-hai-bang" in out
    assert "meeting/iai-tf/63" in out
    assert "inferred values:" in out and "chair term 2021" in out
    assert "Tô Lâm" not in out


def test_turtle_output_parses_as_rdf() -> None:
    result = CliRunner().invoke(main, ["extract", str(SEED), "--format", "turtle"])
    assert result.exit_code == 0, result.output
    g = Graph().parse(data=result.output, format="turtle")
    assert len(g) > 200


def test_bad_file_is_a_clear_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\xff\xfe")
    result = CliRunner().invoke(main, ["extract", str(bad)])
    assert result.exit_code != 0
    assert "not valid UTF-8" in result.output and "byte offset 0" in result.output
