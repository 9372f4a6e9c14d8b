"""The ``aseankg`` command line: one click group; each feature module contributes its commands.

A feature registers by listing its module in ``COMMAND_MODULES``; the module exposes ``commands``,
a list of click commands. This keeps each command next to the code it drives.
"""

from __future__ import annotations

import importlib
import sys

import click

COMMAND_MODULES: list[str] = [
    "graph.cli_core",  # build, load, export, stats (foundation)
    "graph.cli_serve",  # serve (issue 5)
    "graph.cli_query",  # query, queries (issue 4)
    "graph.cli_analytics",  # paths, central (issue 4)
    "graph.cli_eval",  # eval: extraction precision/recall against gold (issue 3)
    "graph.cli_extract",  # extract FILE: one article's entities, facts and RDF (issue 3)
    "graph.cli_validate",  # validate FILE [--insert]: SHACL check of a record (issue 2)
]


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="aseankg")
def main() -> None:
    """aseankg: a knowledge graph of ASEAN cooperation (build, query, validate, serve)."""


def _register() -> None:
    for name in COMMAND_MODULES:
        module = importlib.import_module(name)
        for command in module.commands:
            main.add_command(command)


_register()

if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
