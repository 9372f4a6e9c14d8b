"""``aseankg query`` / ``aseankg queries`` from the shell, and docs/queries.md being current."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from graph.cli import main
from graph.cli_query import DOCS_PATH, markdown_docs
from graph.stores.oxigraph import OxigraphStore

FIXTURE = Path(__file__).parent / "fixtures" / "queries" / "seedlike.trig"


@pytest.fixture(scope="module")
def store_dir(tmp_path_factory: pytest.TempPathFactory) -> str:
    path = tmp_path_factory.mktemp("store")
    store = OxigraphStore(path)
    store.load(FIXTURE.read_bytes(), "application/trig")
    store.close()
    return str(path)


def invoke(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.output


def test_queries_lists_titles_and_parameters() -> None:
    code, out = invoke("queries")
    assert code == 0
    assert "chairs" in out and "Chairs and coordinators" in out
    assert "--param document=…  (entity)" in out


def test_query_table_is_aligned_and_counts_rows(store_dir: str) -> None:
    code, out = invoke("query", "chairs", "--store", store_dir)
    assert code == 0, out
    lines = out.splitlines()
    assert lines[0].split()[:4] == ["body", "body_label", "year", "role"]
    assert set(lines[1]) <= {"-", " "}
    assert "Nguyễn Hải Bằng" in out and "Tôn Thị Ngọc Hương" in out
    assert lines[-1] == "(2 rows)"
    # columns line up: the year column starts at the same offset on every row
    col = lines[0].index("year")
    assert [ln[col:col + 4] for ln in lines[2:4]] == ["2021", "2025"]


def test_query_json_is_sparql_results_json(store_dir: str) -> None:
    code, out = invoke("query", "figures", "--param", "about=Work Plan III",
                       "--format", "json", "--store", store_dir)
    assert code == 0, out
    data = json.loads(out)
    assert "about" in data["head"]["vars"]
    values = [b["value"]["value"] for b in data["results"]["bindings"]]
    assert values == ["127", "31000000"]
    assert data["results"]["bindings"][0]["about"]["type"] == "uri"


def test_query_csv_and_tsv(store_dir: str) -> None:
    code, out = invoke("query", "conflicts", "--format", "csv", "--store", store_dir)
    assert code == 0
    assert out.splitlines()[0].startswith("subject,subject_label,property,value,source")
    assert "2020-09" in out and "2021-07" in out
    code, out = invoke("query", "conflicts", "--format", "tsv", "--store", store_dir)
    assert out.splitlines()[0].startswith("?subject\t")
    assert '"2021-07"^^<http://www.w3.org/2001/XMLSchema#gYearMonth>' in out


def test_query_accepts_a_file_and_sparql_text(store_dir: str, tmp_path: Path) -> None:
    rq = tmp_path / "count.rq"
    rq.write_text("# title: Count\nPREFIX akg: <https://w3id.org/aseankg/def#>\n"
                  "SELECT (COUNT(*) AS ?n) WHERE { ?f a akg:ReportedFigure }\n")
    code, out = invoke("query", str(rq), "--store", store_dir, "--format", "csv")
    assert (code, out.split()) == (0, ["n", "9"])
    code, out = invoke("query", "SELECT (COUNT(*) AS ?n) WHERE { ?m a "
                       "<https://w3id.org/aseankg/def#Meeting> }", "--store", store_dir,
                       "--format", "csv")
    assert (code, out.split()) == (0, ["n", "2"])


def test_bad_input_messages(store_dir: str) -> None:
    code, out = invoke("query", "chair", "--store", store_dir)
    assert code != 0 and "unknown query 'chair'; available queries: beneficiaries, chairs" in out
    code, out = invoke("query", "meetings", "--param", "from=yesterday", "--store", store_dir)
    assert code != 0 and "parameter 'from'" in out
    code, out = invoke("query", "meetings", "--param", "colour=red", "--store", store_dir)
    assert code != 0 and "parameter 'colour'" in out
    code, out = invoke("query", "SELECT * WHERE { ?s ?p }", "--store", store_dir)
    assert code != 0 and "query:1:" in out


def test_docs_are_current() -> None:
    """Regenerate with `aseankg queries --markdown > docs/queries.md`."""
    assert DOCS_PATH.read_text(encoding="utf-8") == markdown_docs()
