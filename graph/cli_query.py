"""``aseankg query`` and ``aseankg queries``: run named queries (or any SPARQL) from the shell,
and print the catalogue, or regenerate docs/queries.md from the query headers.

Output formats: ``table`` (aligned text, IRIs shortened with the model's prefixes so rows fit a
terminal), ``csv``/``tsv`` (full values), ``json`` (SPARQL 1.1 Query Results JSON).
"""

from __future__ import annotations

import csv
import io
import json
import re
import sys
from pathlib import Path

import click
from rdflib import BNode, Literal, URIRef
from rdflib.term import Node

from graph.cli_options import open_store_or_exit, store_option
from graph.model import BASE, PREFIXES
from graph.queries import (
    NamedQuery,
    QueryLibraryError,
    get_query,
    load_queries,
    run,
    run_text,
)
from graph.store import QueryResult, QuerySyntaxError, Store, StoreError

__all__ = ["commands", "format_result", "markdown_docs", "queries_cmd", "query_cmd"]

#: prefixes for shortening IRIs in tables; longest namespace first so id:… wins over base
SHORT_PREFIXES: list[tuple[str, str]] = sorted(
    [(p, ns) for p, ns in PREFIXES.items()] + [("id", BASE + "id/"), ("graph", BASE + "graph/")],
    key=lambda x: -len(x[1]))
MAX_CELL = 60


def short(node: Node | None, *, width: int | None = MAX_CELL) -> str:
    """A cell for a text table: prefixed IRIs, plain literal values, long text cut."""
    if node is None:
        return ""
    if isinstance(node, URIRef):
        text = str(node)
        for prefix, ns in SHORT_PREFIXES:
            if text.startswith(ns) and len(text) > len(ns):
                text = f"{prefix}:{text[len(ns):]}"
                break
    elif isinstance(node, BNode):
        text = f"_:{node}"
    else:
        text = str(node)
    text = " ".join(text.split())
    if width and len(text) > width:
        text = text[: width - 1] + "…"
    return text


def _table(result: QueryResult) -> str:
    if result.kind == "ask":
        return "yes" if result.boolean else "no"
    if result.kind == "graph":
        assert result.graph is not None
        return result.graph.serialize(format="turtle")
    cols = result.variables
    cells = [[short(r.get(c)) for c in cols] for r in result.rows]
    widths = [max([len(c)] + [len(row[i]) for row in cells]) for i, c in enumerate(cols)]
    lines = ["  ".join(c.ljust(w) for c, w in zip(cols, widths, strict=True)).rstrip(),
             "  ".join("-" * w for w in widths)]
    lines += ["  ".join(v.ljust(w) for v, w in zip(row, widths, strict=True)).rstrip()
              for row in cells]
    lines.append(f"({len(cells)} row{'s' if len(cells) != 1 else ''})")
    return "\n".join(lines)


def _delimited(result: QueryResult, delimiter: str) -> str:
    buf = io.StringIO()
    if delimiter == ",":
        writer = csv.writer(buf, lineterminator="\r\n")
        writer.writerow(result.variables)
        for r in result.rows:
            writer.writerow(["" if r.get(v) is None else str(r[v]) for v in result.variables])
        return buf.getvalue()
    # SPARQL TSV: terms in Turtle syntax, tab separated
    lines = ["\t".join("?" + v for v in result.variables)]
    for r in result.rows:
        lines.append("\t".join("" if r.get(v) is None else r[v].n3() for v in result.variables))
    return "\n".join(lines) + "\n"


def _json_term(node: Node) -> dict[str, str]:
    if isinstance(node, URIRef):
        return {"type": "uri", "value": str(node)}
    if isinstance(node, BNode):
        return {"type": "bnode", "value": str(node)}
    assert isinstance(node, Literal)
    out = {"type": "literal", "value": str(node)}
    if node.language:
        out["xml:lang"] = node.language
    elif node.datatype:
        out["datatype"] = str(node.datatype)
    return out


def _json(result: QueryResult) -> str:
    if result.kind == "ask":
        return json.dumps({"head": {}, "boolean": bool(result.boolean)})
    if result.kind == "graph":
        assert result.graph is not None
        return result.graph.serialize(format="json-ld")
    data = {"head": {"vars": result.variables},
            "results": {"bindings": [{v: _json_term(n) for v, n in r.items() if n is not None}
                                     for r in result.rows]}}
    return json.dumps(data, ensure_ascii=False, indent=2)


def format_result(result: QueryResult, fmt: str) -> str:
    """Serialise a result: table, csv, tsv or json."""
    if fmt == "table":
        return _table(result) + "\n"
    if fmt == "csv":
        return _delimited(result, ",")
    if fmt == "tsv":
        return _delimited(result, "\t")
    if fmt == "json":
        return _json(result) + "\n"
    raise ValueError(f"unknown format {fmt!r}: use table, csv, tsv or json")


def _parse_params(pairs: tuple[str, ...]) -> dict[str, str]:
    params: dict[str, str] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            raise click.BadParameter(f"{pair!r} is not NAME=VALUE", param_hint="--param")
        params[key.strip()] = value
    return params


def _looks_like_sparql(text: str) -> bool:
    return bool(re.search(r"\b(SELECT|ASK|CONSTRUCT|DESCRIBE)\b", text, re.IGNORECASE)) \
        and ("{" in text)


@click.command("query")
@click.argument("what")
@click.option("--param", "-p", "pairs", multiple=True, metavar="NAME=VALUE",
              help="Bind a parameter of a named query (repeatable).")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "tsv", "json"]),
              default="table", show_default=True)
@click.option("--timeout", type=float, default=None, help="Stop the query after this many s.")
@store_option
def query_cmd(what: str, pairs: tuple[str, ...], fmt: str, timeout: float | None,
              store_spec: str) -> None:
    """Run a named query (see `aseankg queries`), a .rq file, or SPARQL text.

    \b
    aseankg query chairs
    aseankg query document-history --param "document=Work Plan IV"
    aseankg query figures -p about=id:workplan/iai-4 --format csv
    aseankg query 'SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }'
    """
    params = _parse_params(pairs)
    raw = _looks_like_sparql(what) and not what.endswith(".rq")
    try:
        query = None if raw else get_query(what)
    except QueryLibraryError as exc:
        raise click.ClickException(str(exc)) from exc
    if raw and params:
        raise click.UsageError("--param only applies to named queries and .rq files")
    store = open_store_or_exit(store_spec)
    try:
        result = run_text(store, what, timeout=timeout) if query is None \
            else run(store, query, params, timeout=timeout)
    except QuerySyntaxError as exc:  # a .rq file parsed by the store differently
        where = query.path if query is not None else "query"
        raise click.ClickException(f"{where}:{exc.line}:{exc.column}: {exc.reason}") from exc
    except (QueryLibraryError, StoreError) as exc:
        raise click.ClickException(str(exc)) from exc
    finally:
        store.close()
    sys.stdout.write(format_result(result, fmt))


def _param_text(q: NamedQuery) -> str:
    if not q.params:
        return "(no parameters)"
    return ", ".join(f"{p.name}" + ("*" if p.required else "") for p in q.params)


@click.command("queries")
@click.option("--markdown", is_flag=True, help="Print docs/queries.md (with example outputs).")
@store_option
def queries_cmd(markdown: bool, store_spec: str) -> None:
    """List the named queries with their titles and parameters."""
    try:
        catalogue = load_queries()
    except QueryLibraryError as exc:
        raise click.ClickException(str(exc)) from exc
    if markdown:
        sys.stdout.write(markdown_docs(catalogue))
        return
    width = max((len(n) for n in catalogue), default=0)
    for name, q in catalogue.items():
        click.echo(f"{name.ljust(width)}  {q.title}")
        for p in q.params:
            default = "required" if p.required else (p.default or "none")
            click.echo(f"{'':{width}}    --param {p.name}=…  ({p.kind}) {p.description} "
                       f"[{default}]")


# --------------------------------------------------------------------------- docs/queries.md

DOCS_PATH = Path(__file__).resolve().parents[1] / "docs" / "queries.md"
EXAMPLES_FIXTURE = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "queries" \
    / "seedlike.trig"
EXAMPLE_ROWS = 6
EXAMPLE_COLUMNS = 7


def example_store() -> Store:
    """The store the docs' example outputs come from: the hand-made fixture modelled on the
    seeds (deterministic, so the docs test does not depend on extraction quality)."""
    from graph.stores.oxigraph import OxigraphStore

    store = OxigraphStore(None)
    store.load(EXAMPLES_FIXTURE.read_bytes(), "application/trig")
    return store


def _md_cell(node: Node | None) -> str:
    return short(node, width=48).replace("|", "\\|")


def markdown_docs(catalogue: dict[str, NamedQuery] | None = None,
                  store: Store | None = None) -> str:
    """docs/queries.md: every query's header, parameters, a command line and example output."""
    catalogue = load_queries() if catalogue is None else catalogue
    store = example_store() if store is None else store
    out = [
        "# Named queries",
        "",
        "<!-- generated by `aseankg queries --markdown > docs/queries.md` "
        "(or `python -m graph.queries --docs`); do not edit by hand -->",
        "",
        "Each query is one portable SPARQL 1.1 file in `queries/` (pyoxigraph, Oxigraph server, "
        "Virtuoso). Run one with `aseankg query NAME [--param k=v …] [--format "
        "table|csv|tsv|json]`, on the service at `/queries/NAME`, or from Python with "
        "`graph.queries.run(store, NAME, params)`. Parameters are bound through a `VALUES "
        "?param_NAME { … }` line, never by pasting text; an entity parameter takes an IRI "
        "(`https://…`, `id:workplan/iai-4`, `akg:WorkPlan`) or a label (`Work Plan IV`, "
        "`Viet Nam`).",
        "",
        "Example outputs below come from `tests/fixtures/queries/seedlike.trig`, a hand-made "
        f"graph shaped like the seeds (first {EXAMPLE_ROWS} rows, first {EXAMPLE_COLUMNS} "
        "columns, IRIs shortened).",
        "",
        "| query | title | parameters |",
        "|---|---|---|",
    ]
    out += [f"| [`{n}`](#{n}) | {q.title} | {_param_text(q)} |" for n, q in catalogue.items()]
    for name, q in catalogue.items():
        out += ["", f"## {name}", "", f"**{q.title}.** {q.description}", ""]
        if q.params:
            out += ["| parameter | kind | meaning | default |", "|---|---|---|---|"]
            out += [f"| `{p.name}` | {p.kind} | {p.description} | "
                    f"{'required' if p.required else (p.default or 'none')} |" for p in q.params]
            out.append("")
        out += ["```sh", f"aseankg query {name}", "```", ""]
        result = run(store, q)
        cols = result.variables[:EXAMPLE_COLUMNS]
        out.append("| " + " | ".join(cols) + " |")
        out.append("|" + "---|" * len(cols))
        for row in result.rows[:EXAMPLE_ROWS]:
            out.append("| " + " | ".join(_md_cell(row.get(c)) for c in cols) + " |")
        more = len(result.rows) - EXAMPLE_ROWS
        out.append("")
        out.append(f"{len(result.rows)} rows" + (f" ({more} not shown)" if more > 0 else "")
                   + f"; all columns: {', '.join(result.variables)}.")
    return "\n".join(out) + "\n"


commands = [query_cmd, queries_cmd]
