"""The named-query library: ``queries/*.rq`` files, their parameters, safe binding, running.

Why a library of files and not SQL-ish strings in code: each question a researcher asks is one
portable SPARQL 1.1 file that runs unchanged on pyoxigraph, Oxigraph server and Virtuoso, so the
same text is shown on the service's /queries pages, run by ``aseankg query`` and tested.

A file starts with header comments::

    # title: Meetings
    # description: Every meeting the sources report, with date, place and chair.
    # param: series:entity — meeting series, by IRI or label (none)
    # param: from:date — earliest start date, YYYY[-MM[-DD]] (none)
    # lists: sources

and binds each parameter with one ``VALUES ?param_NAME { UNDEF }`` line in its WHERE clause.
``render`` replaces only what is between those braces, and only with RDF terms it serialised
itself (IRIs validated, literals escaped), so a value such as ``"} DROP ALL`` stays a literal.
With ``UNDEF`` the file is also a valid query on any SPARQL endpoint as it stands.

Parameter kinds (after the colon; ``string`` when omitted): ``entity`` (an IRI, a prefixed name
such as ``akg:…``/``id:…``, or a label that ``run`` resolves to IRIs), ``iri``, ``string``,
``date`` (YYYY, YYYY-MM or YYYY-MM-DD, bound as a plain string the query compares by prefix),
``integer`` and ``boolean``. The default in parentheses is ``none`` (unbound), ``required``, or
a value.

``lists:`` names GROUP_CONCAT columns; ``run`` sorts and de-duplicates their items (SPARQL gives
no order inside a group), ``sources`` separated by spaces and other lists by `` | ``.
"""

from __future__ import annotations

import re
import sys
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Literal
from rdflib.term import Node

from graph.model import BASE, PREFIXES, fold, sparql_prefixes
from graph.store import QueryResult, QuerySyntaxError, Store

__all__ = [
    "QUERIES_DIR", "NamedQuery", "Param", "ParameterError", "QueryDefinitionError",
    "QueryLibraryError", "UnknownQueryError", "get_query", "load_queries", "parse_query",
    "render", "resolve_entity", "run", "run_text",
]

QUERIES_DIR = Path(__file__).resolve().parents[1] / "queries"
PARAM_KINDS = ("entity", "iri", "string", "date", "integer", "boolean")
LIST_SEPARATORS = {"sources": " "}
DEFAULT_LIST_SEPARATOR = " | "

_HEADER = re.compile(r"^#\s*([a-z-]+)\s*:\s*(.*?)\s*$")
_PARAM = re.compile(
    r"^(?P<name>[a-z][a-z0-9_-]*)(?::(?P<kind>[a-z]+))?\s*(?:—|–|--|-)\s*(?P<desc>.*?)"
    r"\s*\((?P<default>[^()]*)\)\s*$")
_VALUES = re.compile(r"VALUES\s+\?param_(?P<var>[A-Za-z0-9_]+)\s*\{(?P<body>[^{}]*)\}")
_IRI = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*:[^\s<>\"{}|\\^`\x00-\x20]*$")
_CURIE = re.compile(
    r"^(?P<prefix>[A-Za-z][A-Za-z0-9_-]*):(?P<local>[A-Za-z0-9_][^\s<>\"{}|\\^`]*)$")
_DATE = re.compile(r"^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$")
_INTEGER = re.compile(r"^[+-]?\d{1,18}$")
_BOOLEANS = {"true": "true", "false": "false", "yes": "true", "no": "false", "1": "true",
             "0": "false"}
_SCHEMES = ("http:", "https:", "urn:", "mailto:", "file:", "tag:")
_XSD = "http://www.w3.org/2001/XMLSchema#"
#: prefixes accepted in entity/iri parameters: the model's namespaces plus ``id:`` for instances.
PARAM_PREFIXES: dict[str, str] = {**PREFIXES, "id": BASE + "id/", "graph": BASE + "graph/"}


class QueryLibraryError(ValueError):
    """Base of every named-query error (a ValueError so callers can treat them as bad input)."""


class UnknownQueryError(QueryLibraryError):
    """No query has this name; the message lists the available ones."""

    def __init__(self, name: str, available: list[str]) -> None:
        self.name, self.available = name, available
        super().__init__(f"unknown query {name!r}; available queries: " + ", ".join(available))


class ParameterError(QueryLibraryError):
    """A parameter is unknown, missing or malformed; ``param`` names it."""

    def __init__(self, param: str, message: str) -> None:
        self.param = param
        super().__init__(f"parameter {param!r}: {message}")


class QueryDefinitionError(QueryLibraryError):
    """A .rq file is malformed: bad header, or SPARQL that does not parse (line and column)."""

    def __init__(self, message: str, path: Path | str | None = None, line: int | None = None,
                 column: int | None = None) -> None:
        self.path, self.line, self.column, self.reason = path, line, column, message
        where = ":".join(str(x) for x in (path, line, column) if x is not None)
        super().__init__(f"{where}: {message}" if where else message)


@dataclass(frozen=True)
class Param:
    """One declared parameter of a named query."""

    name: str
    description: str
    kind: str = "string"
    default: str | None = None
    required: bool = False

    @property
    def variable(self) -> str:
        """The SPARQL variable the query binds with ``VALUES ?param_… { … }``."""
        return "param_" + self.name.replace("-", "_")


@dataclass(frozen=True)
class NamedQuery:
    """A query file: name (file stem), header fields and the SPARQL text as written."""

    name: str
    title: str
    description: str
    params: tuple[Param, ...]
    text: str
    path: Path | None = None
    lists: tuple[str, ...] = field(default_factory=tuple)

    @property
    def sparql(self) -> str:
        """The SPARQL as written (alias used by the service)."""
        return self.text

    def param(self, name: str) -> Param:
        for p in self.params:
            if p.name == name:
                return p
        raise ParameterError(name, f"query {self.name!r} has no such parameter; its parameters: "
                             + (", ".join(p.name for p in self.params) or "none"))


# --------------------------------------------------------------------------- reading files

def parse_query(text: str, name: str, path: Path | None = None, *,
                check: bool = True) -> NamedQuery:
    """Read the header of one query text and (with ``check``) parse its SPARQL."""
    where = path or name
    fields: dict[str, list[str]] = {}
    for lineno, line in enumerate(text.splitlines(), 1):
        if not line.startswith("#"):
            if line.strip():
                break
            continue
        m = _HEADER.match(line)
        if m and m.group(1) in ("title", "description", "param", "lists"):
            fields.setdefault(m.group(1), []).append(m.group(2))
            if m.group(1) == "param" and not _PARAM.match(m.group(2)):
                raise QueryDefinitionError(
                    "a parameter line reads '# param: name[:kind] — meaning (default)'",
                    where, lineno, 1)
    if "title" not in fields:
        raise QueryDefinitionError("missing '# title:' header line", where, 1, 1)
    params = []
    for spec in fields.get("param", []):
        m = _PARAM.match(spec)
        assert m is not None
        kind = m.group("kind") or "string"
        if kind not in PARAM_KINDS:
            raise QueryDefinitionError(f"parameter {m.group('name')!r} has unknown kind {kind!r};"
                                       f" kinds: {', '.join(PARAM_KINDS)}", where)
        default = m.group("default").strip()
        params.append(Param(m.group("name"), m.group("desc"), kind,
                            None if default in ("none", "required", "") else default,
                            default == "required"))
    declared = {p.variable for p in params}
    bound = ["param_" + m.group("var") for m in _VALUES.finditer(text)]
    for var in declared - set(bound):
        raise QueryDefinitionError(f"parameter ?{var} is declared but has no "
                                   f"'VALUES ?{var} {{ UNDEF }}' line", where)
    for var in set(bound) - declared:
        raise QueryDefinitionError(f"VALUES ?{var} has no '# param:' header line", where)
    if len(bound) != len(set(bound)):
        raise QueryDefinitionError("a parameter has more than one VALUES line", where)
    lists = tuple(x for item in fields.get("lists", []) for x in re.split(r"[\s,]+", item) if x)
    query = NamedQuery(name, fields["title"][0], " ".join(fields.get("description", [])),
                       tuple(params), text, path, lists)
    if check:
        check_syntax(text, where)
    return query


def check_syntax(text: str, where: Path | str | None = None) -> None:
    """Parse SPARQL without running it; an error names the file, line and column."""
    import pyoxigraph as ox

    try:
        ox.Store().query(text)
    except SyntaxError as exc:
        from graph.stores.oxigraph import query_syntax_error

        err = query_syntax_error(exc)
        line, column, reason = err.line, err.column, err.reason
        if len(reason) > 240:  # pyoxigraph lists every expected token, character classes too
            reason = reason.split("\n")[0][:240].rstrip() + "…"
        # pyoxigraph reports where its furthest attempt stopped, often past the culprit;
        # rdflib's parser points at the start of the element that fails, so prefer its place
        near = _rdflib_position(text)
        if near is not None:
            line, column, found = near
            reason = f"{reason} (near {found!r})" if found else reason
        raise QueryDefinitionError(reason, where, line, column) from exc


def _rdflib_position(text: str) -> tuple[int, int, str] | None:
    """Line, column and text of the element rdflib's SPARQL parser fails on, if it fails."""
    import warnings

    from rdflib.plugins.sparql.parser import parseQuery

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            parseQuery(text)
    except Exception as exc:  # pyparsing's ParseException carries lineno/col
        line, col = getattr(exc, "lineno", None), getattr(exc, "col", None)
        if isinstance(line, int) and isinstance(col, int):
            m = re.search(r"found '([^']*)'", str(exc))
            return line, col, m.group(1) if m else ""
    return None


def load_queries(dir: Path | str | None = None, *, check: bool = True) -> dict[str, NamedQuery]:
    """Every ``*.rq`` file of ``dir`` (default ``queries/``) by name, sorted by name."""
    folder = Path(dir) if dir is not None else QUERIES_DIR
    out: dict[str, NamedQuery] = {}
    for path in sorted(folder.glob("*.rq")):
        out[path.stem] = parse_query(path.read_text(encoding="utf-8"), path.stem, path,
                                     check=check)
    return out


def get_query(name_or_path: str, queries: Mapping[str, NamedQuery] | None = None) -> NamedQuery:
    """A named query, or a query read from a ``.rq`` file path."""
    if name_or_path.endswith(".rq") and Path(name_or_path).is_file():
        path = Path(name_or_path)
        return parse_query(path.read_text(encoding="utf-8"), path.stem, path)
    catalogue = load_queries() if queries is None else queries
    if name_or_path not in catalogue:
        raise UnknownQueryError(name_or_path, sorted(catalogue))
    return catalogue[name_or_path]


# --------------------------------------------------------------------------- binding

def sparql_literal(value: str, datatype: str | None = None) -> str:
    """A SPARQL string literal that cannot end early: every quote, backslash and line break
    escaped, other control characters dropped."""
    value = unicodedata.normalize("NFC", value)
    out = []
    for ch in value:
        if ch == "\\":
            out.append("\\\\")
        elif ch == '"':
            out.append('\\"')
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\r":
            out.append("\\r")
        elif ch == "\t":
            out.append("\\t")
        elif unicodedata.category(ch) == "Cc":
            continue
        else:
            out.append(ch)
    lit = '"' + "".join(out) + '"'
    return lit + (f"^^<{datatype}>" if datatype else "")


def sparql_iri(value: str) -> str:
    """``<value>`` after checking it is an absolute IRI with no character that could end it."""
    if not _IRI.match(value):
        raise ValueError(f"{value!r} is not an absolute IRI")
    return f"<{value}>"


def expand_iri(value: str) -> str | None:
    """An absolute IRI from ``value`` (``<…>``, ``http…``, or ``prefix:local``), else None."""
    v = value.strip()
    if v.startswith("<") and v.endswith(">"):
        v = v[1:-1]
    m = _CURIE.match(v)
    if m and m.group("prefix") in PARAM_PREFIXES and not v.startswith(_SCHEMES):
        return PARAM_PREFIXES[m.group("prefix")] + m.group("local")
    if v.lower().startswith(_SCHEMES) and _IRI.match(v):
        return v
    return None


def _term(param: Param, value: str) -> list[str]:
    """The SPARQL terms a parameter value binds to (an entity label binds as a literal)."""
    value = value.strip()
    if param.kind in ("iri", "entity"):
        iri = expand_iri(value)
        if iri is not None:
            return [sparql_iri(iri)]
        if param.kind == "iri" or value.startswith("<") or value.lower().startswith(_SCHEMES):
            raise ParameterError(param.name, f"{value!r} is not a valid IRI")
        if not value:
            raise ParameterError(param.name, "empty value; give an IRI or a label")
        return [sparql_literal(value)]
    if param.kind == "date":
        if not _DATE.match(value):
            raise ParameterError(param.name, f"{value!r} is not a date: use YYYY, YYYY-MM or "
                                             "YYYY-MM-DD")
        return [sparql_literal(value)]
    if param.kind == "integer":
        if not _INTEGER.match(value):
            raise ParameterError(param.name, f"{value!r} is not an integer")
        return [sparql_literal(str(int(value)), _XSD + "integer")]
    if param.kind == "boolean":
        if value.lower() not in _BOOLEANS:
            raise ParameterError(param.name, f"{value!r} is not a boolean (true/false)")
        return [sparql_literal(_BOOLEANS[value.lower()], _XSD + "boolean")]
    return [sparql_literal(value)]


def render(query: NamedQuery, params: Mapping[str, str] | None = None, *,
           resolved: Mapping[str, list[str]] | None = None) -> str:
    """The query text with each parameter bound in its VALUES line.

    ``params`` maps parameter names to text values; ``resolved`` (from ``resolve_entity``, used
    by ``run``) maps entity parameters to IRIs already looked up by label. Unknown, missing or
    malformed parameters raise ``ParameterError`` naming the parameter.
    """
    params = dict(params or {})
    resolved = dict(resolved or {})
    for name in params:
        query.param(name)  # raises for an unknown name
    terms: dict[str, list[str]] = {}
    for p in query.params:
        if p.name in resolved:
            iris = resolved[p.name]
            terms[p.variable] = [sparql_iri(i) for i in iris]
            continue
        value = params.get(p.name)
        if value is None or value == "":
            if p.required:
                raise ParameterError(p.name, f"required by query {query.name!r} and not given")
            value = p.default
        terms[p.variable] = ["UNDEF"] if value is None else _term(p, value)

    def bind(m: re.Match[str]) -> str:
        var = "param_" + m.group("var")
        return f"VALUES ?{var} {{ {' '.join(terms[var])} }}"

    return _VALUES.sub(bind, query.text)


def resolve_entity(store: Store, label: str) -> list[str]:
    """IRIs of the entities a label names: exact labels (case and accents ignored) first, then
    labels containing it as whole words. Empty when nothing matches."""
    original = unicodedata.normalize("NFC", label).strip()
    needle = fold(original).casefold()
    if not needle:
        return []
    # SPARQL cannot fold accents, so probe with the longest word both as typed and folded
    probes = {max(original.lower().split(), key=len), max(needle.split(), key=len)}
    test = " || ".join(f"CONTAINS(LCASE(STR(?l)), {sparql_literal(p)})" for p in sorted(probes))
    text = sparql_prefixes() + f"""
SELECT DISTINCT ?e ?l WHERE {{
  ?e rdfs:label|skos:prefLabel|skos:altLabel|skos:hiddenLabel|skos:notation|foaf:name ?l .
  FILTER(isIRI(?e) && ({test}))
}}"""
    candidates = [(str(r["e"]), str(r["l"])) for r in store.query(text).rows]
    exact = sorted({e for e, lab in candidates if fold(lab).casefold().strip() == needle})
    if exact:
        return exact
    pattern = re.compile(r"(?<!\w)" + re.escape(needle) + r"(?!\w)")
    return sorted({e for e, lab in candidates if pattern.search(fold(lab).casefold())})


def _resolve_labels(store: Store, query: NamedQuery, params: Mapping[str, str]
                    ) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for name, value in params.items():
        p = query.param(name)
        if p.kind != "entity" or value is None or value == "" or expand_iri(value) is not None:
            continue
        if value.strip().startswith("<") or value.strip().lower().startswith(_SCHEMES):
            continue  # render reports the malformed IRI
        iris = resolve_entity(store, value)
        if not iris:
            raise ParameterError(name, f"no entity is labelled {value!r} (give an IRI or one of "
                                       "its labels)")
        out[name] = iris
    return out


# --------------------------------------------------------------------------- running

def _sort_lists(result: QueryResult, columns: tuple[str, ...]) -> QueryResult:
    """Sort and de-duplicate the items of GROUP_CONCAT columns, which SPARQL leaves unordered."""
    for row in result.rows:
        for col in columns:
            cell = row.get(col)
            if cell is None or not isinstance(cell, Literal):
                continue
            sep = LIST_SEPARATORS.get(col, DEFAULT_LIST_SEPARATOR)
            items = sorted({x.strip() for x in str(cell).split(sep) if x.strip()})
            row[col] = Literal(sep.join(items))
    return result


def run(store: Store, name: str | NamedQuery, params: Mapping[str, str] | None = None, *,
        queries: Mapping[str, NamedQuery] | None = None,
        timeout: float | None = None) -> QueryResult:
    """Run a named query (or a ``NamedQuery``) with parameters bound safely.

    Entity parameters given as labels are resolved to IRIs first; a label nothing carries is a
    ``ParameterError``. Raises ``UnknownQueryError`` for an unknown name.
    """
    query = name if isinstance(name, NamedQuery) else get_query(name, queries)
    params = {k: v for k, v in (params or {}).items() if v is not None}
    resolved = _resolve_labels(store, query, params)
    text = render(query, params, resolved=resolved)
    result = store.query(text, timeout=timeout)
    return _sort_lists(result, query.lists)


def run_text(store: Store, text: str, *, timeout: float | None = None) -> QueryResult:
    """Run SPARQL text given on the command line (a syntax error keeps line and column)."""
    try:
        return store.query(text, timeout=timeout)
    except QuerySyntaxError as exc:
        raise QueryDefinitionError(exc.reason, "query", exc.line, exc.column) from exc


def cell_text(node: Node | None) -> str:
    """A result cell as plain text (empty when unbound)."""
    return "" if node is None else str(node)


def _main(argv: list[str]) -> int:
    """``python -m graph.queries --docs [STORE]`` prints docs/queries.md."""
    if not argv or argv[0] != "--docs":
        print("usage: python -m graph.queries --docs", file=sys.stderr)
        return 2
    from graph.cli_query import markdown_docs

    sys.stdout.write(markdown_docs())
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(_main(sys.argv[1:]))
