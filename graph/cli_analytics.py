"""``aseankg paths`` and ``aseankg central``: network questions over the entity graph."""

from __future__ import annotations

import click

from graph.cli_options import open_store_or_exit, store_option
from graph.store import StoreError

__all__ = ["central_cmd", "commands", "paths_cmd"]


@click.command("paths")
@click.argument("a")
@click.argument("b")
@click.option("-k", "k", type=click.IntRange(1, 50), default=3, show_default=True,
              help="How many shortest connections to list.")
@click.option("--provenance", is_flag=True,
              help="Also connect through source documents and evidence.")
@store_option
def paths_cmd(a: str, b: str, k: int, provenance: bool, store_spec: str) -> None:
    """Shortest connections between two entities, by label or IRI, with each hop's predicate.

    \b
    aseankg paths "Nguyễn Hải Bằng" "Tôn Thị Ngọc Hương"
    aseankg paths id:org/vn-mofa "ASEAN Secretariat" -k 5
    """
    from graph.analytics import paths

    store = open_store_or_exit(store_spec)
    try:
        found = paths(store, a, b, k, include_provenance=provenance)
    except (ValueError, StoreError) as exc:
        raise click.ClickException(str(exc)) from exc
    finally:
        store.close()
    if not found:
        click.echo(f"no connection between {a!r} and {b!r}")
        return
    for i, p in enumerate(found, 1):
        click.echo(f"{i}. ({len(p)} hop{'s' if len(p) != 1 else ''}) {p.to_text()}")


@click.command("central")
@click.option("--type", "type_", metavar="T",
              help="organisation, country, person, document, initiative, meeting, or a class "
                   "such as akg:Ministry (default: organisations, people and documents).")
@click.option("--top", type=click.IntRange(1, 1000), default=20, show_default=True)
@store_option
def central_cmd(type_: str | None, top: int, store_spec: str) -> None:
    """Rank entities by centrality (betweenness on the entity network, then degree)."""
    from graph.analytics import central

    store = open_store_or_exit(store_spec)
    try:
        rows = central(store, type_, top)
    except (ValueError, StoreError) as exc:
        raise click.ClickException(str(exc)) from exc
    finally:
        store.close()
    click.echo(f"{'#':>3}  {'betweenness':>11}  {'degree':>6}  {'category':<12}  entity")
    for i, c in enumerate(rows, 1):
        click.echo(f"{i:>3}  {c.betweenness:>11.4f}  {c.degree:>6}  "
                   f"{c.category:<12}  {c.label}  <{c.node}>")


commands = [paths_cmd, central_cmd]
