"""Foundation commands: ``build``, ``load``, ``export`` and ``stats``."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from graph.build import BuildError, build
from graph.cli_options import open_store_or_exit, store_option
from graph.formats import QUAD_TYPES, media_type_for
from graph.store import ParseError, StoreError

__all__ = ["commands"]


@click.command("build")
@click.option("--corpus", type=click.Path(exists=True, file_okay=False, path_type=Path),
              default=Path("corpus"), show_default=True, help="Folder of articles and records.")
@store_option
@click.option("--no-validate", is_flag=True, help="Skip SHACL validation (not recommended).")
@click.option("--prune", is_flag=True, help="Drop source graphs of documents no longer present.")
@click.option("--verbose", "-v", is_flag=True, help="Print the SHACL report of rejected files.")
def build_cmd(corpus: Path, store_spec: str, no_validate: bool, prune: bool,
              verbose: bool) -> None:
    """Build the graph: ontology, reference data and every corpus document, validated."""
    store = open_store_or_exit(store_spec)
    files = [p for p in sorted(corpus.iterdir()) if p.is_file()]
    try:
        with click.progressbar(length=len(files), label="extracting", file=sys.stderr,
                               show_pos=True) as bar:
            summary = build(store, corpus, validate=not no_validate, prune=prune,
                            progress=lambda _name: bar.update(1))
    except (BuildError, StoreError) as exc:
        raise click.ClickException(str(exc)) from exc
    finally:
        store.close()
    click.echo(summary.to_text())
    for doc in summary.rejected:
        click.echo(f"\nrejected {doc.path}: {doc.error or f'{doc.violations} violation(s)'}",
                   err=True)
        if verbose and doc.report:
            click.echo(doc.report, err=True)
    if summary.rejected:
        sys.exit(1)


@click.command("load")
@click.argument("files", nargs=-1, required=True,
                type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--graph", "graph_iri", help="Target named graph for triple formats.")
@click.option("--format", "fmt", help="RDF format (default: from the file extension).")
@store_option
def load_cmd(files: tuple[Path, ...], graph_iri: str | None, fmt: str | None,
             store_spec: str) -> None:
    """Load RDF files as they are (atomic per file; a parse error writes nothing)."""
    store = open_store_or_exit(store_spec)
    try:
        for path in files:
            media_type = media_type_for(fmt or path.name)
            target = graph_iri or path.resolve().as_uri()
            if media_type in QUAD_TYPES:
                target = None
            try:
                n = store.load(path.read_bytes(), media_type, graph=target)
            except ParseError as exc:
                exc.source = str(path)
                raise click.ClickException(f"{path}:{exc.line}:{exc.column}: {exc.reason}") \
                    from exc
            click.echo(f"{path}: {n} quads added" + (f" to <{target}>" if target else ""))
    finally:
        store.close()


@click.command("export")
@click.option("--format", "fmt", default="nquads", show_default=True,
              help="nquads, trig, turtle, ntriples, jsonld, rdfxml (triple formats need --graph).")
@click.option("--graph", "graph_iri", help="Export one named graph.")
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path),
              help="File to write (default: standard output).")
@click.option("--graphml", type=click.Path(dir_okay=False, path_type=Path),
              help="Also write the entity network as GraphML (for Gephi, networkx).")
@store_option
def export_cmd(fmt: str, graph_iri: str | None, output: Path | None, graphml: Path | None,
               store_spec: str) -> None:
    """Export the dataset (or one graph) in an RDF format."""
    store = open_store_or_exit(store_spec)
    try:
        media_type = media_type_for(fmt)
        if graph_iri is None and media_type not in QUAD_TYPES:
            data = _merged(store, media_type)
        else:
            data = store.dump(media_type, graph=graph_iri)
        if output:
            output.write_bytes(data)
            click.echo(f"wrote {len(data)} bytes to {output}", err=True)
        else:
            sys.stdout.buffer.write(data)
        if graphml:
            from graph.analytics import write_graphml

            write_graphml(store, graphml)
            click.echo(f"wrote {graphml}", err=True)
    except (StoreError, ValueError) as exc:
        raise click.ClickException(str(exc)) from exc
    finally:
        store.close()


def _merged(store, media_type: str) -> bytes:  # type: ignore[no-untyped-def]
    """A triple format for the whole dataset: the union of all graphs, provenance dropped."""
    from rdflib import Graph

    from graph.formats import rdflib_format

    res = store.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }")
    g = res.graph if res.graph is not None else Graph()
    return g.serialize(format=rdflib_format(media_type), encoding="utf-8")


@click.command("stats")
@store_option
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
def stats_cmd(store_spec: str, as_json: bool) -> None:
    """Triples per graph, entities per type, sources."""
    import json

    from graph.model import sparql_prefixes

    store = open_store_or_exit(store_spec)
    try:
        graphs = {g: store.count(g) for g in store.graphs()}
        res = store.query(sparql_prefixes() + """
            SELECT ?type (COUNT(DISTINCT ?e) AS ?n) WHERE {
              GRAPH ?g { ?e a ?type } FILTER(isIRI(?e))
            } GROUP BY ?type ORDER BY DESC(?n) ?type""")
        types = {str(r["type"]): int(r["n"]) for r in res.rows}
    finally:
        store.close()
    if as_json:
        click.echo(json.dumps({"graphs": graphs, "types": types,
                               "triples": sum(graphs.values())}, indent=2))
        return
    click.echo("triples per graph:")
    for g, n in graphs.items():
        click.echo(f"  {n:>8}  {g}")
    click.echo(f"  {sum(graphs.values()):>8}  total in {len(graphs)} graphs")
    click.echo("\ninstances per type:")
    for t, n in types.items():
        click.echo(f"  {n:>8}  {t}")


commands = [build_cmd, load_cmd, export_cmd, stats_cmd]
