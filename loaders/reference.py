"""The curated reference data the loader resolves against (ontology + ontology/reference/*.ttl).

Why cached: the gazetteer and the lexicons are generated from these labels; parsing the Turtle
once per process keeps extraction fast (the build passes its own already-parsed graph instead).
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from rdflib import Graph

from loaders.errors import LoaderError

__all__ = ["ROOT", "load_reference"]

ROOT = Path(__file__).resolve().parents[1]


@lru_cache(maxsize=4)
def _load(root: str) -> Graph:
    g = Graph()
    base = Path(root)
    paths = [base / "ontology" / "aseankg.ttl",
             *sorted((base / "ontology" / "reference").glob("*.ttl"))]
    for path in paths:
        if not path.is_file():
            continue
        try:
            g.parse(path, format="turtle")
        except Exception as exc:  # rdflib raises many parser-specific types
            raise LoaderError(str(path), f"cannot parse reference data: {exc}") from exc
    return g


def load_reference(root: Path | None = None) -> Graph:
    """ontology/aseankg.ttl plus every ontology/reference/*.ttl, parsed once and cached.

    The returned graph is shared: callers must not modify it.
    """
    return _load(str(root or ROOT))
