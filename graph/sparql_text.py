"""SPARQL text handling: one tokenizer, and the text-level facts the stores and the service need
before they hand a request to an engine.

Why not a full parser: the store parses the request anyway (and reports line and column). Callers
only need to know, *before* sending the text, (1) which query form it is, so content negotiation
can offer result formats or RDF formats and a remote store knows how to ask for the answer;
(2) whether the query names its own dataset (FROM / FROM NAMED), which then must not be overridden
by the union default graph; (3) which remote targets ``SERVICE`` and ``LOAD`` name, so they can be
checked against the allow-list; (4) where to put ``USING`` clauses for the protocol's
``using-graph-uri`` / ``using-named-graph-uri`` parameters, which pyoxigraph has no argument for;
(5) whether relative IRIs need a base. Rewrites that work on offsets (the Virtuoso adapter's) use
``mask``: the same text with strings, IRIs and comments blanked out.

There is one lexer (``_TOKEN``) for all of it, scanned left to right, so a keyword inside a string,
an IRI, a comment, a variable (``?from``) or a prefixed name (``select:``) is never taken for a
keyword, and a quote inside an IRI or a comment never starts a string. Everything that is not
whitespace is matched by some alternative (the last is any single character), so every character
of the input belongs to exactly one token.

Lives in ``graph`` (not in the service or the stores) because both need it, and the stores must
not import the service.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import islice

__all__ = [
    "DatasetConflict", "Token", "has_dataset_clause", "inject_using", "mask", "matching",
    "needs_base", "needs_trial", "query_form", "remote_targets", "tokenize",
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
#: token kinds whose text is not SPARQL syntax: ``mask`` blanks them
_OPAQUE = ("comment", "iri", "string")
_NOT_NEWLINE = re.compile(r"[^\n]")


@dataclass(frozen=True)
class Token:
    """One significant token: its kind (a group name of ``_TOKEN``), text and offset."""

    kind: str
    text: str
    start: int

    @property
    def upper(self) -> str:
        return self.text.upper()


class DatasetConflict(ValueError):
    """The protocol names a dataset and the update text does too (USING/WITH)."""


def _scan(text: str) -> Iterator[re.Match[str]]:
    """Every token of ``text``, whitespace and comments included, in order and without gaps."""
    return _TOKEN.finditer(text)


def _significant(text: str) -> Iterator[Token]:
    """Significant tokens one by one, so a caller that needs only the first few stops early."""
    for m in _scan(text):
        kind = m.lastgroup or "punct"
        if kind not in ("ws", "comment"):
            yield Token(kind, m.group(), m.start())


def tokenize(text: str) -> list[Token]:
    """Significant tokens (no whitespace, no comments) with their character offsets."""
    return list(_significant(text))


def mask(text: str) -> str:
    """``text`` with strings, IRIs and comments blanked out, same length and line breaks, so
    offsets found by a regex or a bracket count in the mask are offsets in the text."""
    return "".join(_NOT_NEWLINE.sub(" ", m.group()) if m.lastgroup in _OPAQUE else m.group()
                   for m in _scan(text))


def matching(masked: str, start: int, open_: str = "{", close: str = "}") -> int:
    """Offset of the bracket that closes the one at ``start`` in a masked text, -1 if none."""
    depth = 0
    for i in range(start, len(masked)):
        if masked[i] == open_:
            depth += 1
        elif masked[i] == close:
            depth -= 1
            if depth == 0:
                return i
    return -1


def _after_prologue(text: str) -> Token | None:
    """The first token after the PREFIX/BASE declarations (read lazily: a query's form is known
    without tokenizing its body), None when there is none."""
    tokens = _significant(text)
    window = list(islice(tokens, 3))
    while window:
        word = window[0].upper
        if word == "PREFIX" and len(window) == 3 and window[2].kind == "iri":
            del window[:3]
        elif word == "BASE" and len(window) >= 2 and window[1].kind == "iri":
            del window[:2]
        else:
            return window[0]
        window += islice(tokens, 3 - len(window))
    return None


def query_form(text: str) -> str | None:
    """'SELECT', 'ASK', 'CONSTRUCT', 'DESCRIBE', 'UPDATE' or None when it is neither: the first
    keyword after the prologue (PREFIX/BASE declarations)."""
    first = _after_prologue(text)
    word = first.upper if first is not None else ""
    if word in _QUERY_FORMS:
        return word
    if word in _UPDATE_WORDS:
        return "UPDATE"
    return None


def has_dataset_clause(text: str) -> bool:
    """Whether the query names its own dataset (``FROM`` / ``FROM NAMED`` and an IRI or prefixed
    name): then neither the union default graph nor a protocol dataset may override it.

    Every query to a store asks this, so it reads the lexer's matches directly (no Token objects):
    ``after`` is 1 just after FROM, 2 just after FROM NAMED, else 0."""
    after = 0
    for m in _scan(text):
        kind = m.lastgroup
        if kind in ("ws", "comment"):
            continue
        if after and kind in ("iri", "pname"):
            return True
        word = m.group().upper() if kind == "word" else ""
        after = 2 if after == 1 and word == "NAMED" else 1 if word == "FROM" else 0
    return False


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
