"""Refuse SPARQL text that would overflow the parser's stack, before any parser sees it.

pyoxigraph parses and evaluates SPARQL recursively. Measured with pyoxigraph 0.5.13 on an
8 MiB stack: about 8 000 nested brackets, or 8 000 chained operators (``1 + 1 + …``,
``{} UNION {} …``), kill the process with SIGSEGV. A query runs in a worker process (the worker
dies, the client got a misleading 503), but an update without WHERE runs in the server process
itself, so one ``INSERT DATA`` with 20 000 nested collections took the whole service down.
No real query comes near these limits; the refusal is a 400 that says which limit.
"""

from __future__ import annotations

from graph.sparql_text import tokenize

__all__ = ["MAX_DEPTH", "MAX_OPERATORS", "TooComplex", "check_complexity"]

MAX_DEPTH = 200
MAX_OPERATORS = 4000
_OPERATOR_WORDS = {"UNION", "OPTIONAL", "MINUS"}


class TooComplex(ValueError):
    """The text nests too deeply or chains too many operators to be parsed safely."""


def check_complexity(text: str, *, query: bool = True) -> None:
    """Raise TooComplex when brackets nest deeper than MAX_DEPTH or, for a query, operators,
    triple-pattern separators and UNION/OPTIONAL/MINUS exceed MAX_OPERATORS. An update's data
    blocks are flat lists of triples of any length, so only their depth is bounded."""
    depth = deepest = operators = 0
    for tok in tokenize(text):
        if tok.kind == "punct":
            if tok.text in ("(", "{", "["):
                depth += 1
                deepest = max(deepest, depth)
            elif tok.text in (")", "}", "]"):
                depth -= 1
            elif tok.text in (".", "|", "/", "+", "-", "*", "=", "<", ">", "!", "&"):
                operators += 1
        elif tok.kind == "word" and tok.upper in _OPERATOR_WORDS:
            operators += 1
    if deepest > MAX_DEPTH:
        raise TooComplex(f"brackets nest {deepest} levels deep; this service parses at most "
                         f"{MAX_DEPTH}")
    if query and operators > MAX_OPERATORS:
        raise TooComplex(f"the query chains {operators} operators and patterns; this service "
                         f"parses at most {MAX_OPERATORS}")
