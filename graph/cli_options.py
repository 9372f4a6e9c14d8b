"""Options shared by every command that touches a store: ``--store`` means one thing everywhere."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import click

from graph.store import DEFAULT_STORE_PATH, Store, StoreError, open_store

__all__ = ["open_store_or_exit", "store_option"]


def store_option(func: Callable[..., Any]) -> Callable[..., Any]:
    """``--store``: a directory (embedded pyoxigraph), ``memory:``, or an http(s) SPARQL URL."""
    return click.option(
        "--store", "store_spec", envvar="ASEANKG_STORE", default=str(DEFAULT_STORE_PATH),
        show_default=True,
        help="Store: a directory (embedded pyoxigraph), or an http(s)://…/sparql endpoint.",
    )(func)


def open_store_or_exit(spec: str) -> Store:
    """Open the store or exit 2 with the reason (locked, unreachable, unreadable)."""
    try:
        return open_store(spec)
    except StoreError as exc:
        raise click.ClickException(str(exc)) from exc
