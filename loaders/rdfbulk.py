"""Build an rdflib Graph from a set of triples in one pass.

Why: rdflib's Graph.add costs tens of microseconds per triple (event dispatch, context
bookkeeping), and an article yields about one triple per three characters; adding them one by
one alone would cap extraction far below the speed goal. A fresh Graph with the default Memory
store is filled here by writing its three indexes and its single-context bookkeeping directly,
which gives exactly the state the same triples added one by one would give (tests compare the
two). If the store is not the expected Memory store (another rdflib version), it falls back to
ordinary adds.
"""

from __future__ import annotations

from collections.abc import Iterable

from rdflib import Graph
from rdflib.plugins.stores.memory import Memory
from rdflib.term import Node

__all__ = ["graph_from_triples"]

Triple = tuple[Node, Node, Node]


def graph_from_triples(triples: Iterable[Triple]) -> Graph:
    """A plain Graph holding ``triples`` (duplicates collapse)."""
    unique = set(triples)
    g = Graph()
    store = g.store
    needed = ("_Memory__spo", "_Memory__pos", "_Memory__osp", "_Memory__contextTriples",
              "_Memory__all_contexts")
    if type(store) is not Memory or not unique or not all(hasattr(store, a) for a in needed):
        for t in unique:
            g.add(t)
        return g
    spo = store._Memory__spo  # type: ignore[attr-defined]
    pos = store._Memory__pos  # type: ignore[attr-defined]
    osp = store._Memory__osp  # type: ignore[attr-defined]
    for s, p, o in unique:
        spo.setdefault(s, {}).setdefault(p, {})[o] = 1
        pos.setdefault(p, {}).setdefault(o, {})[s] = 1
        osp.setdefault(o, {}).setdefault(s, {})[p] = 1
    ctx = store._Memory__ctx_to_str(g)  # type: ignore[attr-defined]
    store._Memory__contextTriples[None] = set(unique)  # type: ignore[attr-defined]
    store._Memory__contextTriples[ctx] = set(unique)  # type: ignore[attr-defined]
    store._Memory__defaultContexts = {ctx: False, None: False}  # type: ignore[attr-defined]
    store._Memory__all_contexts.add(g)  # type: ignore[attr-defined]
    return g
