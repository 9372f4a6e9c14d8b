"""``aseankg validate FILE``: exit 0 if the record conforms, 1 with a readable report naming the
node, property and reason if not, 2 if the record cannot be read (file:line:column: reason);
``--insert`` writes the record into graph/record/{content-hash} only when it conforms."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from graph.cli import main
from graph.store import open_store

FIGURE = """@prefix akg: <https://w3id.org/aseankg/def#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
<https://w3id.org/aseankg/id/figure/cli0000000000001> a akg:ReportedFigure ;
    akg:about <https://w3id.org/aseankg/id/initiative/iai> ;
    akg:measure <https://w3id.org/aseankg/id/concept/measure/project-count> ;
    {value}
    akg:unit <https://w3id.org/aseankg/id/concept/unit/count> ;
    akg:asOf "2021-03-25"^^xsd:date ;
    prov:wasDerivedFrom <https://example.org/annual-report-2021> .
"""
GOOD = FIGURE.replace("{value}", "akg:value 127 ;")
MISSING_VALUE = FIGURE.replace("{value}", "")


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["validate", *args])
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def record(tmp_path: Path):
    def write(text: str, name: str = "record.ttl") -> str:
        path = tmp_path / name
        path.write_bytes(text.encode("utf-8") if isinstance(text, str) else text)
        return str(path)
    return write


def test_a_conforming_record_exits_0(record) -> None:
    code, out, _ = run(record(GOOD))
    assert code == 0, out
    assert out.startswith("Conforms")


def test_a_record_missing_a_required_property_exits_1_naming_it(record) -> None:
    code, out, _ = run(record(MISSING_VALUE))
    assert code == 1
    assert "[Violation] MinCountConstraintComponent" in out
    assert "Focus node: <https://w3id.org/aseankg/id/figure/cli0000000000001>" in out
    assert "Path: akg:value" in out
    assert "A reported figure needs exactly one akg:value" in out
    assert "Shape: akgsh:ReportedFigureShape (akg:value)" in out


def test_messages_in_vietnamese_with_lang_vi(record) -> None:
    code, out, _ = run(record(MISSING_VALUE), "--lang", "vi")
    assert code == 1
    assert "Không hợp lệ" in out
    assert "Thuộc tính: akg:value" in out
    assert "Số liệu được báo cáo cần đúng một akg:value" in out


def test_json_report(record) -> None:
    code, out, _ = run(record(MISSING_VALUE), "--json", "--lang", "vi")
    assert code == 1
    doc = json.loads(out)
    assert doc["conforms"] is False and doc["violations"] == 1
    (result,) = doc["results"]
    assert result["focusNode"] == "https://w3id.org/aseankg/id/figure/cli0000000000001"
    assert result["pathIri"] == "https://w3id.org/aseankg/def#value"
    assert result["constraint"] == "MinCountConstraintComponent"
    assert result["severity"] == "Violation"
    assert result["message"].startswith("Số liệu được báo cáo")


def test_a_wrong_value_is_shown(record) -> None:
    code, out, _ = run(record(FIGURE.replace("{value}", 'akg:value "many" ;')))
    assert code == 1
    assert 'Value: "many"' in out


@pytest.mark.parametrize(("name", "data", "where"), [
    ("bad.ttl", '@prefix akg: <https://w3id.org/aseankg/def#> .\n<https://x/a> akg:value "x ;\n',
     "bad.ttl:2:"),
    ("bad.nt", "<https://x/a> <https://x/p> nope .\n", "bad.nt:1:"),
    ("bad.jsonld", '{"@id": "https://x/a",\n "https://x/p": [1, }', "bad.jsonld:2:"),
])
def test_unreadable_input_exits_2_with_line_and_column(record, name: str, data: str,
                                                       where: str) -> None:
    code, out, err = run(record(data, name))
    assert code == 2
    assert out == ""
    first = err.strip().splitlines()[0]
    assert where in first
    line_col = first.split(name + ":", 1)[1].split(":")[:2]
    assert all(part.isdigit() for part in line_col), first


def test_non_utf8_input_exits_2_naming_the_byte(record) -> None:
    code, _, err = run(record(b'<https://x/a> <https://x/p> "\xff" .\n', "bad.ttl"))
    assert code == 2
    assert "byte offset 29" in err


def test_format_option_overrides_the_extension(record) -> None:
    path = record(GOOD, "record.txt")
    assert run(path, "--format", "turtle")[0] == 0
    assert run(path)[0] == 2  # .txt is not an RDF format


def test_missing_file_exits_2(tmp_path: Path) -> None:
    code, _, err = run(str(tmp_path / "absent.ttl"))
    assert code == 2 and "absent.ttl" in err


def _graphs(store_dir: Path) -> dict[str, int]:
    store = open_store(str(store_dir))
    try:
        return {g: store.count(g) for g in store.graphs()}
    finally:
        store.close()


def test_insert_writes_nothing_when_the_record_is_rejected(record, tmp_path: Path) -> None:
    store_dir = tmp_path / "store"
    code, out, err = run(record(MISSING_VALUE), "--insert", "--store", str(store_dir))
    assert code == 1
    assert "nothing written" in err
    assert not store_dir.exists() or _graphs(store_dir) == {}


def test_insert_writes_a_conforming_record_into_its_record_graph(record, tmp_path: Path) -> None:
    store_dir = tmp_path / "store"
    code, _, err = run(record(GOOD), "--insert", "--store", str(store_dir))
    assert code == 0, err
    graphs = _graphs(store_dir)
    (name,) = graphs
    assert name.startswith("https://w3id.org/aseankg/graph/record/")
    assert graphs[name] == 7
    assert f"<{name}>" in err
    # the same triples in another syntax are the same record: same graph, no duplicates
    nt = subprocess.run([sys.executable, "-c", (
        "import sys; from rdflib import Graph; g = Graph(); "
        "g.parse(data=sys.stdin.read(), format='turtle'); "
        "sys.stdout.write(g.serialize(format='nt'))")], input=GOOD, capture_output=True,
        text=True, check=True).stdout
    code, _, _ = run(record(nt, "record.nt"), "--insert", "--store", str(store_dir))
    assert code == 0
    assert _graphs(store_dir) == graphs


def test_console_script_exit_codes(record) -> None:
    """The installed ``aseankg`` entry point behaves like the click command."""
    exe = Path(sys.executable).with_name("aseankg")
    good = subprocess.run([str(exe), "validate", record(GOOD)], capture_output=True, text=True)
    bad = subprocess.run([str(exe), "validate", record(MISSING_VALUE, "bad.ttl")],
                         capture_output=True, text=True)
    assert (good.returncode, bad.returncode) == (0, 1)
    assert "akg:value" in bad.stdout


def test_insert_into_an_unusable_store_exits_3(record, tmp_path: Path) -> None:
    not_a_store = tmp_path / "file"
    not_a_store.write_text("not a store")
    code, out, err = run(record(GOOD), "--insert", "--store", str(not_a_store))
    assert code == 3
    assert out.startswith("Conforms")
    assert "nothing written" in err and str(not_a_store) in err
    assert not_a_store.read_text() == "not a store"


def test_broken_reference_data_is_not_blamed_on_the_record(record, monkeypatch) -> None:
    import graph.validate
    from graph.store import ParseError

    def broken() -> None:
        raise ParseError("bad token", 7, 3, "ontology/reference/places.ttl")

    monkeypatch.setattr(graph.validate, "load_context", broken)
    code, out, err = run(record(GOOD))
    assert code == 3
    assert "ontology/reference/places.ttl:7:3" in err and "record.ttl" not in err
