"""A small SPARQL tokenizer and the few text-level facts the service needs before it runs a request.

Why not a full parser: the store parses the request anyway (and reports line and column). The
service only needs to know, *before* handing the text over, (1) which query form it is, so content
negotiation can offer result formats or RDF formats; (2) which remote targets ``SERVICE`` and
``LOAD`` name, so they can be checked against the allow-list; (3) where to put ``USING`` clauses for
the protocol's ``using-graph-uri`` / ``using-named-graph-uri`` parameters, which pyoxigraph has no
argument for; (4) whether relative IRIs need a base. A tokenizer that understands IRIs, strings,
comments and braces is enough for all four and cannot be fooled by keywords inside literals.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = [
    "DatasetConflict", "Token", "inject_using", "needs_base", "needs_trial", "query_form",
    "remote_targets", "tokenize",
]

_TOKEN = re.compile(
    r"""
    (?P<ws>\s+)
  | (?P<comment>\#[^\n]*)
  | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
  | (?P<string>\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"|'''(?:[^'\\]|\\.|'(?!''))*'''
               |"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')
  | (?P<var>[?$][\w\u00b7-\uffff]+)
  | (?P<pname>(?:[A-Za-z\u00c0-\uffff][\w\-.\u00b7-\uffff]*)?:(?:[\w\-.:%\u00b7-\uffff]|\\.)*)
  | (?P<word>[A-Za-z_\u00c0-\uffff][\w\-\u00b7-\uffff]*)
  | (?P<punct>\^\^|[{}()\[\];,.*=!<>|&+/^@-]|\S)
    """,
    re.VERBOSE,
)

_UPDATE_WORDS = {"INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY",
                 "WITH"}
_QUERY_FORMS = {"SELECT", "ASK", "CONSTRUCT", "DESCRIBE"}
_ABSOLUTE = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*:")


@dataclass(frozen=True)
class Token:
    kind: str
    text: str
    start: int

    @property
    def upper(self) -> str:
        return self.text.upper()


class DatasetConflict(ValueError):
    """The protocol names a dataset and the update text does too (USING/WITH)."""


def tokenize(text: str) -> list[Token]:
    """Significant tokens (no whitespace, no comments) with their character offsets."""
    out: list[Token] = []
    for m in _TOKEN.finditer(text):
        kind = m.lastgroup or "punct"
        if kind in ("ws", "comment"):
            continue
        out.append(Token(kind, m.group(), m.start()))
    return out


def _prologue_end(tokens: list[Token]) -> tuple[int, dict[str, str], str | None]:
    """Index of the first token after PREFIX/BASE declarations, the prefixes and the base."""
    prefixes: dict[str, str] = {}
    base: str | None = None
    i = 0
    while i < len(tokens):
        word = tokens[i].upper
        if word == "PREFIX" and i + 2 < len(tokens) and tokens[i + 2].kind == "iri":
            prefixes[tokens[i + 1].text[:-1]] = tokens[i + 2].text[1:-1]
            i += 3
        elif word == "BASE" and i + 1 < len(tokens) and tokens[i + 1].kind == "iri":
            base = tokens[i + 1].text[1:-1]
            i += 2
        else:
            break
    return i, prefixes, base


def query_form(text: str) -> str | None:
    """'SELECT', 'ASK', 'CONSTRUCT', 'DESCRIBE', 'UPDATE' or None when it is neither."""
    tokens = tokenize(text)
    i, _, _ = _prologue_end(tokens)
    if i >= len(tokens):
        return None
    word = tokens[i].upper
    if word in _QUERY_FORMS:
        return word
    if word in _UPDATE_WORDS:
        return "UPDATE"
    return None


def _all_prefixes(tokens: list[Token]) -> dict[str, str]:
    """Updates may declare prefixes between operations; collect every declaration."""
    prefixes: dict[str, str] = {}
    for i, tok in enumerate(tokens[:-2]):
        if tok.upper == "PREFIX" and tokens[i + 2].kind == "iri":
            prefixes[tokens[i + 1].text[:-1]] = tokens[i + 2].text[1:-1]
    return prefixes


def remote_targets(text: str) -> list[tuple[str, str | None]]:
    """Every ``SERVICE`` and ``LOAD`` target as (keyword, absolute IRI or None if unknown).

    None means the target is a variable or an unresolvable name: the caller must refuse it,
    because the service cannot know which host it would contact."""
    tokens = tokenize(text)
    prefixes = _all_prefixes(tokens)
    found: list[tuple[str, str | None]] = []
    for i, tok in enumerate(tokens):
        if tok.kind != "word" or tok.upper not in ("SERVICE", "LOAD"):
            continue
        j = i + 1
        if j < len(tokens) and tokens[j].upper == "SILENT":
            j += 1
        target: str | None = None
        if j < len(tokens):
            nxt = tokens[j]
            if nxt.kind == "iri":
                target = nxt.text[1:-1]
            elif nxt.kind == "pname":
                prefix, _, local = nxt.text.partition(":")
                if prefix in prefixes:
                    target = prefixes[prefix] + local
        found.append((tok.upper, target))
    return found


def needs_base(text: str) -> bool:
    """True when the text holds a relative IRI and declares no BASE: the service then supplies
    the endpoint's own URL as the base (SPARQL 1.1 Protocol: the base 'MAY be the endpoint')."""
    tokens = tokenize(text)
    if any(t.upper == "BASE" for t in tokens if t.kind == "word"):
        return False
    return any(t.kind == "iri" and not _ABSOLUTE.match(t.text[1:-1]) for t in tokens)


def needs_trial(update: str) -> bool:
    """True when an update's cost is not bounded by its own size: it has a WHERE pattern
    (INSERT/DELETE … WHERE, DELETE WHERE) or LOADs a document. INSERT DATA, DELETE DATA,
    CLEAR, DROP, CREATE, ADD, MOVE and COPY are linear in the data they name."""
    return any(t.kind == "word" and t.upper in ("WHERE", "LOAD") for t in tokenize(update))


def inject_using(text: str, using: list[str], using_named: list[str]) -> str:
    """Add ``USING``/``USING NAMED`` clauses before the WHERE of every DELETE/INSERT…WHERE.

    The protocol parameters ``using-graph-uri``/``using-named-graph-uri`` mean exactly that
    (SPARQL 1.1 Protocol §2.2.3); a request that also says USING or WITH is an error."""
    if not using and not using_named:
        return text
    tokens = tokenize(text)
    depth = 0
    inserts: list[int] = []
    modify = False
    prev = ""
    for tok in tokens:
        if tok.text == "{":
            depth += 1
        elif tok.text == "}":
            depth -= 1
        elif depth == 0 and tok.kind == "word":
            word = tok.upper
            if word in ("USING", "WITH"):
                raise DatasetConflict(
                    f"the request gives using-graph-uri/using-named-graph-uri and the update "
                    f"text says {word}; use one or the other")
            if word in ("DELETE", "INSERT"):
                modify = True
            elif word in ("DATA",) and prev in ("DELETE", "INSERT"):
                modify = False
            elif word == "WHERE":
                if modify and prev not in ("DELETE",):
                    inserts.append(tok.start)
                modify = False
            prev = word
            continue
        elif depth == 0 and tok.text == ";":
            modify = False
        prev = tok.upper if tok.kind == "word" else tok.text
    clause = " ".join([*(f"USING <{u}>" for u in using),
                       *(f"USING NAMED <{u}>" for u in using_named)]) + " "
    for pos in reversed(inserts):
        text = text[:pos] + clause + text[pos:]
    return text
