"""`aseankg eval GOLD`: tables, JSON, thresholds and precise errors (runs the real loader)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from click.testing import CliRunner

from graph.cli import main

ROOT = Path(__file__).resolve().parent.parent
ARTICLE = ROOT / "tests" / "articles" / "a07_iai_consultation_wp5_vi"


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["eval", *args])
    return result.exit_code, result.stdout, result.stderr


def test_table_lists_every_gold_fact_type_and_the_overall_row() -> None:
    code, out, _ = run(str(ARTICLE.with_suffix(".json")))
    assert code == 0, out
    assert "fact type" in out and "precision" in out and "recall" in out
    for ftype in ("entity", "meeting", "figure", "document_event", "overall"):
        assert ftype in out
    assert "== TOTAL over 1 document(s)" in out


def test_json_report_carries_counts_and_diffs() -> None:
    code, out, _ = run(str(ARTICLE.with_suffix(".json")), "--json")
    assert code == 0
    report = json.loads(out)
    (doc,) = report["documents"]
    assert doc["doc_id"] == ARTICLE.name
    gold = json.loads(ARTICLE.with_suffix(".json").read_text(encoding="utf-8"))
    assert doc["per_type"]["figure"]["gold"] == len(gold["facts"]["figure"])
    total = report["total"]["overall"]
    assert total["gold"] >= total["matched"] and total["predicted"] >= total["matched"]


def test_unreachable_threshold_exits_1_and_names_it() -> None:
    code, _, err = run(str(ARTICLE.with_suffix(".json")), "--no-diff", "--min-recall", "1.01")
    assert code == 1
    assert "recall" in err and "< 1.01" in err


def test_directory_of_gold_with_corpus_option(tmp_path: Path) -> None:
    gold_dir, corpus = tmp_path / "gold", tmp_path / "corpus"
    gold_dir.mkdir()
    corpus.mkdir()
    shutil.copy(ARTICLE.with_suffix(".json"), gold_dir)
    shutil.copy(ARTICLE.with_suffix(".txt"), corpus)
    code, out, _ = run(str(gold_dir), "--corpus", str(corpus), "--no-diff")
    assert code == 0
    assert str(corpus / f"{ARTICLE.name}.txt") in out


def test_missing_article_and_bad_gold_give_precise_errors(tmp_path: Path) -> None:
    gold = tmp_path / "nowhere.json"
    gold.write_text(json.dumps({"doc_id": "nowhere", "language": "en", "facts": {}}))
    code, _, err = run(str(gold), "--corpus", str(tmp_path))
    assert code == 1 and "article nowhere.txt not found" in err
    gold.write_text(json.dumps({"doc_id": "nowhere", "language": "fr", "facts": {}}))
    code, _, err = run(str(gold))
    assert code == 1 and "nowhere.json: language must be 'vi' or 'en'" in err
