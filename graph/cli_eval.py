"""``aseankg eval GOLD``: precision and recall of the article loader against hand-written gold.

The command only wires files to loaders.evaluate; scoring rules live there (and in
docs/evaluation.md) so the tests and the command can never disagree.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from loaders.evaluate import EvalError, evaluate, format_report

__all__ = ["commands"]


@click.command("eval")
@click.argument("gold", type=click.Path(exists=True, path_type=Path))
@click.option("--corpus", "corpus_dir", type=click.Path(exists=True, file_okay=False,
                                                        path_type=Path),
              default=None, help="Folder holding {doc_id}.txt (default: corpus/; an article "
                                 "next to its gold file is also found).")
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
@click.option("--no-diff", is_flag=True, help="Only the tables, without misses and false "
                                              "positives.")
@click.option("--min-precision", type=float, default=None,
              help="Exit with status 1 if overall precision is below this (0..1).")
@click.option("--min-recall", type=float, default=None,
              help="Exit with status 1 if overall recall is below this (0..1).")
def eval_cmd(gold: Path, corpus_dir: Path | None, as_json: bool, no_diff: bool,
             min_precision: float | None, min_recall: float | None) -> None:
    """Score the loader on every article that has a gold file (GOLD: a file or a folder)."""
    try:
        report = evaluate(gold, corpus_dir)
    except EvalError as exc:
        raise click.ClickException(str(exc)) from exc
    if as_json:
        click.echo(json.dumps(report.to_dict(), ensure_ascii=False, indent=2))
    else:
        click.echo(format_report(report, diff=not no_diff))
    overall = report.total.overall
    failed = []
    if min_precision is not None and (overall.precision or 0.0) < min_precision:
        failed.append(f"precision {overall.precision or 0.0:.3f} < {min_precision}")
    if min_recall is not None and (overall.recall or 0.0) < min_recall:
        failed.append(f"recall {overall.recall or 0.0:.3f} < {min_recall}")
    if failed:
        click.echo("below threshold: " + "; ".join(failed), err=True)
        sys.exit(1)


commands = [eval_cmd]
