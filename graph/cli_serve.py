"""``aseankg serve``: run the HTTP service on uvicorn."""

from __future__ import annotations

import click

from graph.cli_options import open_store_or_exit, store_option

__all__ = ["commands"]


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True, help="Interface to listen on.")
@click.option("--port", default=8000, show_default=True, type=int)
@store_option
@click.option("--token", default=None, help="Bearer token that enables /update and GSP writes "
              "(prefer the ASEANKG_TOKEN variable: options show up in process lists).")
@click.option("--timeout", type=float, default=None,
              help="Seconds a query may run before it is stopped [default: 30].")
@click.option("--row-limit", type=int, default=None, help="Most rows/triples per answer.")
@click.option("--body-limit", type=int, default=None, help="Most request-body bytes.")
@click.option("--allow-host", "allow_hosts", multiple=True,
              help="Host SERVICE/LOAD may contact (repeatable). None by default.")
@click.option("--cors-origin", "cors_origins", multiple=True,
              help="Origin allowed by CORS (repeatable; '*' for any). None by default.")
@click.option("--workers", type=int, default=None, help="Query worker processes [default: 2].")
@click.option("--max-workers", type=int, default=None,
              help="Workers started on demand while all are busy [default: 4].")
@click.option("--worker-memory-mb", type=int, default=None,
              help="Memory cap per query worker; a query past it fails alone [default: 2048].")
@click.option("--base-iri", default=None, help="Base IRI of the data.")
def serve_cmd(host: str, port: int, store_spec: str, token: str | None, timeout: float | None,
              row_limit: int | None, body_limit: int | None, allow_hosts: tuple[str, ...],
              cors_origins: tuple[str, ...], workers: int | None, max_workers: int | None,
              worker_memory_mb: int | None,
              base_iri: str | None) -> None:
    """Serve SPARQL 1.1 (/sparql, /update), the Graph Store Protocol (/store) and the pages."""
    import uvicorn

    from graph.service.app import create_app
    from graph.service.settings import Settings

    try:
        settings = Settings.from_env(
            token=token, timeout=timeout, row_limit=row_limit, body_limit=body_limit,
            allow_hosts=allow_hosts or None, cors_origins=cors_origins or None,
            workers=workers, max_workers=max_workers, worker_memory_mb=worker_memory_mb,
            base_iri=base_iri)
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from exc
    store = open_store_or_exit(store_spec)
    app = create_app(store, settings)
    click.echo(f"aseankg: serving {store_spec} on http://{host}:{port}/sparql "
               f"(updates {'on' if settings.update_enabled else 'off'}, "
               f"timeout {settings.timeout:g} s)", err=True)
    try:
        uvicorn.run(app, host=host, port=port, log_level="info", timeout_graceful_shutdown=10)
    finally:
        store.close()


commands = [serve_cmd]
