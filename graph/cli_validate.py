"""``aseankg validate FILE``: check an RDF record against the shapes, optionally insert it.

Exit codes are the contract scripts rely on: 0 conforms (warnings allowed), 1 does not conform
(the readable report says which node, property, value and why), 2 unreadable input (the parser's
file, line and column) or bad usage, 3 an installation problem: the store could not be written
or the shapes, ontology or reference data cannot be read (nothing written).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from graph.cli_options import store_option
from graph.store import ParseError, StoreError

__all__ = ["commands", "validate_cmd"]


@click.command("validate")
@click.argument("file", type=click.Path(dir_okay=False, allow_dash=True, path_type=Path))
@click.option("--format", "fmt", help="turtle, jsonld, ntriples, nquads, trig, rdfxml "
              "(default: from the file extension; Turtle for standard input).")
@click.option("--lang", type=click.Choice(["en", "vi"]), default="en", show_default=True,
              help="Language of the messages.")
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
@click.option("--insert", is_flag=True,
              help="If the record conforms, write it into graph/record/{content-hash}.")
@store_option
def validate_cmd(file: Path, fmt: str | None, lang: str, as_json: bool, insert: bool,
                 store_spec: str) -> None:
    """Validate an RDF record (Turtle, JSON-LD, N-Triples, N-Quads, TriG) against the shapes,
    with the ontology and reference data as context. Exit 0 if it conforms, 1 if not, 2 if it
    cannot be read."""
    from graph.formats import media_type_for
    from graph.validate import SetupError, record_id, validate_record

    name = "<stdin>" if str(file) == "-" else str(file)
    try:
        data = sys.stdin.buffer.read() if name == "<stdin>" else file.read_bytes()
    except OSError as exc:
        click.echo(f"{name}: cannot read: {exc.strerror or exc}", err=True)
        sys.exit(2)
    try:
        media_type = media_type_for(fmt or ("turtle" if name == "<stdin>" else file.name))
    except ValueError as exc:
        click.echo(f"{name}: {exc}", err=True)
        sys.exit(2)
    try:
        report = validate_record(data, media_type, source=name, lang=lang)
    except ParseError as exc:
        where = ":".join(str(x) for x in (name, exc.line, exc.column) if x is not None)
        click.echo(f"{where}: {exc.reason}", err=True)
        sys.exit(2)
    except SetupError as exc:
        click.echo(str(exc), err=True)
        sys.exit(3)

    if as_json:
        click.echo(json.dumps({"file": name, **report.to_json(lang)}, ensure_ascii=False,
                              indent=2))
    else:
        click.echo(report.to_text(lang))
    if not report.conforms:
        if insert:
            click.echo("nothing written: the record does not conform" if lang == "en" else
                       "không ghi gì: bản ghi không hợp lệ", err=True)
        sys.exit(1)
    if insert:
        from graph.model import record_graph
        from graph.store import open_store
        from graph.validate import flatten

        assert report.graph is not None
        g = flatten(report.graph)
        target = str(record_graph(record_id(g)))
        try:
            store = open_store(store_spec)
            try:
                store.replace_graphs({target: g})
            finally:
                store.close()
        except StoreError as exc:
            click.echo(f"store error, nothing written: {exc}", err=True)
            sys.exit(3)
        click.echo(f"inserted {len(g)} triples into <{target}>", err=True)


commands = [validate_cmd]
