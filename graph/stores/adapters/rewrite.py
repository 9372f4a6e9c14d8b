"""Query rewrites for servers that cannot run a query as written (Virtuoso: ORDER BY over an
aggregate alias, boolean constants in expressions).

Not a parser: it works on ``graph.sparql_text.mask`` (strings, IRIs and comments blanked out,
every offset kept), finds the top-level SELECT clause, its WHERE group and the solution modifiers
by counting brackets. Anything it does not recognise is left untouched (the rewrite returns
``None``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from graph.sparql_text import mask, matching

__all__ = ["SelectParts", "boolean_constants_typed", "order_by_outside", "select_parts"]

_VAR = re.compile(r"[?$]([A-Za-z0-9_\u00C0-\uFFFF]+)")


@dataclass
class SelectParts:
    """Offsets into the query text of the top-level SELECT query."""

    select: int  # start of the SELECT keyword
    where: int  # start of the WHERE keyword or of the group's '{'
    order: int | None  # start of a top-level ORDER BY
    end: int  # end of the query text
    projected: list[str]  # projected variables in order, '*' when SELECT *
    aliases: list[str]  # variables bound by (expr AS ?v) in the SELECT clause


def select_parts(sparql: str) -> SelectParts | None:
    """Where the parts of a top-level SELECT query are, or None when it is not one (or its
    brackets do not balance): the rewrites below only move whole parts."""
    m = mask(sparql)
    sel = re.search(r"\bSELECT\b", m, re.IGNORECASE)
    if sel is None or re.search(r"\b(?:CONSTRUCT|ASK|DESCRIBE)\b", m[: sel.start()], re.I):
        return None
    brace = m.find("{", sel.end())
    if brace < 0:
        return None
    kw = re.search(r"\bWHERE\b", m[sel.end():brace], re.IGNORECASE)
    where = sel.end() + kw.start() if kw else brace
    clause = m[sel.end():where]
    clause = re.sub(r"^\s*(DISTINCT|REDUCED)\b", " ", clause, flags=re.IGNORECASE)
    projected: list[str] = []
    aliases: list[str] = []
    depth = 0
    i = 0
    while i < len(clause):
        ch = clause[i]
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif ch == "*" and depth == 0:
            projected.append("*")
        elif ch in "?$":
            v = _VAR.match(clause, i)
            if v:
                before = clause[:i].rstrip()
                if depth == 0:
                    projected.append(v.group(1))
                elif depth == 1 and re.search(r"\bAS$", before, re.IGNORECASE):
                    projected.append(v.group(1))
                    aliases.append(v.group(1))
                i = v.end()
                continue
        i += 1
    close = matching(m, brace)
    if close < 0:
        return None
    order = re.search(r"\bORDER\s+BY\b", m[close:], re.IGNORECASE)
    return SelectParts(sel.start(), where, close + order.start() if order else None, len(m),
                       projected, aliases)


def order_by_outside(sparql: str) -> str | None:
    """Move ORDER BY / LIMIT / OFFSET of an aggregating SELECT outside a sub-query, when ORDER BY
    uses a projected alias: ``SELECT ?a ?n WHERE { { <original without ORDER BY> } } ORDER BY …``.
    Same rows, same order, same variables; ``None`` when nothing needs to change."""
    parts = select_parts(sparql)
    if parts is None or parts.order is None or not parts.aliases or "*" in parts.projected:
        return None
    order_text = mask(sparql)[parts.order:]
    used = {v.group(1) for v in _VAR.finditer(order_text)}
    if not used & set(parts.aliases):
        return None
    head = sparql[: parts.select]
    inner = sparql[parts.select: parts.order]
    tail = sparql[parts.order:]
    names = " ".join(f"?{v}" for v in parts.projected)
    return f"{head}SELECT {names} WHERE {{ {{ {inner}\n}} }}\n{tail}"


_BOOL = re.compile(r"\b(true|false)\b", re.IGNORECASE)
_XSD_BOOLEAN = "<http://www.w3.org/2001/XMLSchema#boolean>"


def _values_blocks(masked: str) -> list[tuple[int, int]]:
    """Spans of ``VALUES … { … }`` data blocks (constants only: no function calls allowed)."""
    spans = []
    for m in re.finditer(r"\bVALUES\b", masked, re.IGNORECASE):
        brace = masked.find("{", m.end())
        close = matching(masked, brace) if brace >= 0 else -1
        if close > 0:
            spans.append((m.start(), close))
    return spans


def boolean_constants_typed(sparql: str) -> str:
    """``true``/``false`` inside expressions (``BIND(false AS ?x)``, ``IF(…, true, false)``) as
    ``STRDT("…", xsd:boolean)``, which Virtuoso keeps a boolean (a bare constant in an expression
    comes back as the integer 1 or 0). Triple patterns and VALUES blocks are left alone."""
    masked = mask(sparql)
    skip = _values_blocks(masked)
    depth_at = []
    depth = 0
    for ch in masked:
        depth_at.append(depth)
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
    out, last = [], 0
    for m in _BOOL.finditer(masked):
        start, end = m.span(1)
        if depth_at[start] <= 0 or any(a <= start <= b for a, b in skip):
            continue
        prev = masked[:start].rstrip()[-1:]
        if prev in (":", "^", "@"):  # part of a prefixed name or a tag, not a constant
            continue
        out.append(sparql[last:start])
        out.append(f'STRDT("{m.group(1).lower()}", {_XSD_BOOLEAN})')
        last = end
    out.append(sparql[last:])
    return "".join(out)
