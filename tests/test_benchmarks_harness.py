"""The benchmark harness runs end to end at tiny sizes and reports what it measured next to its
baseline (smoke tests: no timing asserts, only that each side ran and agreed on the answers)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from benchmarks import p2_load, p3_query, p4_http, synthetic
from benchmarks.__main__ import main
from benchmarks.common import Row, Stats, parse_size, size_label, table

WRK_OUTPUT = """Running 2s test @ http://127.0.0.1:18602/query?query=SELECT
  1 threads and 16 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency   815.12us  301.77us  12.04ms   90.11%
    Req/Sec    19.71k     1.02k   21.20k    80.00%
  Latency Distribution
     50%  760.00us
     75%    0.90ms
     90%    1.09ms
     99%    1.52s
  39214 requests in 2.00s, 41.32MB read
  Non-2xx or 3xx responses: 3
Requests/sec:  19607.41
Transfer/sec:     20.66MB
"""


@pytest.fixture(scope="module")
def tiny(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("bench") / "tiny.nq"
    synthetic.write(path, 12_000)
    return path


def test_sizes_read_and_print_both_ways() -> None:
    assert parse_size("100k") == 100_000 and parse_size("1m") == 1_000_000
    assert parse_size("2500") == 2500 and size_label(10_000_000) == "10m"
    with pytest.raises(ValueError, match="not a size"):
        parse_size("lots")


def test_rows_carry_the_ratio_to_their_baseline_and_print_as_markdown() -> None:
    row = Row("P9", "case", "ms", Stats.of([3.0, 1.0, 2.0]), "base", Stats.of([1.0]), "≤ 1.2×",
              False)
    assert (row.value.median, row.value.min, row.value.max) == (2.0, 1.0, 3.0)
    assert row.ratio == 2.0 and row.to_json()["ratio"] == 2.0
    text = table([row])
    assert text.splitlines()[0].startswith("| bench | case |")
    assert "| 2.00× | ≤ 1.2× | **no** |" in text


def test_wrk_output_is_read_with_units_and_errors() -> None:
    res = p4_http.parse_wrk(WRK_OUTPUT)
    assert res["rps"] == 19607.41 and res["requests"] == 39214
    assert res["p50"] == pytest.approx(0.76) and res["p99"] == pytest.approx(1520)
    assert res["errors"] == 3


def test_p2_loads_the_same_quads_through_aseankg_and_raw(tiny: Path, tmp_path: Path) -> None:
    rows = p2_load.run(tiny, reps=1, work=tmp_path)
    assert rows[0].value is not None and rows[0].baseline is not None
    assert "same count both sides" in rows[0].note
    assert not list(tmp_path.iterdir())  # every store directory is removed


@pytest.mark.slow
def test_p3_times_every_named_query_and_the_engines_agree(tiny: Path, tmp_path: Path) -> None:
    from graph.queries import load_queries

    rows = p3_query.run(tiny, tiny, reps=1, rdflib_reps=1, rdflib_budget=120, big_label="12k",
                        small_label="12k", work=tmp_path)
    names = set(load_queries())
    raw_rows = [r for r in rows if r.baseline_name == "raw pyoxigraph"]
    assert {r.case.split(" @")[0] for r in raw_rows} == names
    assert all(r.value and r.baseline and "DIFFER" not in r.note for r in raw_rows)
    rdflib_rows = [r for r in rows if r.baseline_name == "rdflib memory"]
    assert len(rdflib_rows) == len(names)
    assert sum(r.baseline is not None for r in rdflib_rows) >= len(names) // 2


@pytest.mark.slow
def test_p4_drives_all_three_servers_and_they_give_the_same_rows(tiny: Path,
                                                                 tmp_path: Path) -> None:
    rows = p4_http.run(tiny, rounds=1, duration=1, port_base=18650, work=tmp_path,
                       agg_duration=1)
    throughput = [r for r in rows if r.unit == "req/s"]
    assert len(throughput) == 8
    assert all(r.value and r.value.median > 0 for r in throughput)
    assert all(r.baseline and r.baseline.median > 0 for r in throughput
               if r.baseline_name == "oxigraph server")
    assert all("RESULT ROWS DIFFER" not in r.note for r in rows)


def test_main_prints_the_table_and_writes_json(tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--only", "P1", "--out", str(tmp_path)]) == 0
    printed = capsys.readouterr().out
    assert "| P1 | extract" in printed
    payload = json.loads((tmp_path / "results-latest.json").read_text())
    assert payload["machine"]["nproc"] >= 1
    rows = payload["rows"]
    assert [r["unit"] for r in rows] == ["chars/s", "chars/CPU-s"]
    assert all(r["bench"] == "P1" and r["value"]["median"] > 0 and r["ratio"] is not None
               for r in rows)
