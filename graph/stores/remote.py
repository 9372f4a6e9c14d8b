"""A remote SPARQL 1.1 server as a Store: queries through SPARQLWrapper, writes through the Graph
Store HTTP Protocol (one request per named graph) or SPARQL 1.1 Update.

Why this shape: a user who outgrows one machine points aseankg at their cluster with one setting
(``--store https://host/sparql``); everything else — update and GSP URLs, credentials, the server
family — is derived, read from the environment or a config file. Server differences live in
``graph/stores/adapters/``, never here.

What a remote server cannot give us (documented in docs/backends.md):
- atomicity across graphs: ``replace_graphs`` and ``load`` write graph by graph. Each graph is
  replaced whole, so re-running a failed write is idempotent; the error says which graphs were
  written (``PartialWriteError.written``) and which were not.
- a parse error never reaches the server: data is parsed locally first, so malformed input writes
  nothing at all.
"""

from __future__ import annotations

import json
import os
import re
import time
import tomllib
import urllib.error
from collections.abc import Callable, Iterable, Iterator, Mapping
from http.client import HTTPException
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import unquote, urlencode, urlsplit, urlunsplit

import httpx
import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node
from SPARQLWrapper import BASIC, DIGEST, GET, POST, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import SPARQLWrapperException

from graph.formats import QUAD_TYPES, RESULT_FORMATS, ox_rdf_format, ox_result_format
from graph.sparql_text import has_dataset_clause, query_form
from graph.store import (
    ParseError,
    QueryResult,
    QuerySyntaxError,
    QueryTimeout,
    StoreError,
    StoreUnavailable,
)
from graph.stores.adapters import ADAPTERS, GenericAdapter, detect
from graph.stores.convert import to_ox, to_rdflib
from graph.stores.oxigraph import parse_error

__all__ = ["PartialWriteError", "RemoteAuthError", "RemoteConfig", "RemoteStore", "load_config"]

T = TypeVar("T")
JSON_RESULTS = "application/sparql-results+json"
NTRIPLES = "application/n-triples"
#: longest URL-encoded query sent by GET; longer ones go as a form POST (never direct POST:
#: Virtuoso never answers those)
MAX_GET = 1800
AUTH_SCHEMES = ("none", "basic", "digest", "bearer")
#: seconds a server that enforces query time limits itself gets beyond the limit to answer
SERVER_TIMEOUT_GRACE = 5.0


class RemoteAuthError(StoreError):
    """The server refused the credentials (HTTP 401/403)."""


class PartialWriteError(StoreError):
    """A multi-graph write stopped part-way: ``written`` graphs are done, ``pending`` are not.

    Every graph is replaced whole, so running the same write again completes it without
    duplicates."""

    def __init__(self, message: str, written: list[str], pending: list[str]) -> None:
        self.written, self.pending = written, pending
        super().__init__(message)


# -- configuration ----------------------------------------------------------------------------
OPTION_ENV = {
    "update_url": "ASEANKG_UPDATE_URL",
    "gsp_url": "ASEANKG_GSP_URL",
    "user": "ASEANKG_USER",
    "password": "ASEANKG_PASSWORD",
    "auth": "ASEANKG_AUTH",
    "token": "ASEANKG_TOKEN",
    "server": "ASEANKG_SERVER",
    "timeout": "ASEANKG_TIMEOUT",
    "retries": "ASEANKG_RETRIES",
}


class RemoteConfig(dict[str, Any]):
    """Resolved settings: explicit options, then ``ASEANKG_*`` variables, then the config file."""


def load_config(path: str | os.PathLike[str] | None) -> dict[str, Any]:
    """The ``[store]`` table of a TOML config file (``ASEANKG_CONFIG`` when ``path`` is None)."""
    path = path or os.environ.get("ASEANKG_CONFIG")
    if not path:
        return {}
    p = Path(path)
    try:
        data = tomllib.loads(p.read_text(encoding="utf-8"))
    except OSError as exc:
        raise StoreError(f"cannot read the store config file {p}: {exc}") from exc
    except tomllib.TOMLDecodeError as exc:
        raise StoreError(f"{p}: not valid TOML: {exc}") from exc
    table = data.get("store", {})
    if not isinstance(table, dict):
        raise StoreError(f"{p}: [store] must be a table")
    unknown = set(table) - set(OPTION_ENV) - {"chunk_triples", "backoff"}
    if unknown:
        raise StoreError(f"{p}: unknown [store] settings: {', '.join(sorted(unknown))}")
    return table


def resolve(options: Mapping[str, Any], config: Mapping[str, Any]) -> RemoteConfig:
    out = RemoteConfig(config)
    for key, env in OPTION_ENV.items():
        if os.environ.get(env):
            out[key] = os.environ[env]
    out.update({k: v for k, v in options.items() if v is not None})
    return out


def _split_userinfo(url: str) -> tuple[str, str | None, str | None]:
    """``http://user:pw@host/sparql`` → the URL without them, user, password."""
    parts = urlsplit(url)
    if not parts.username:
        return url, None, None
    netloc = parts.hostname or ""
    if parts.port:
        netloc += f":{parts.port}"
    clean = urlunsplit((parts.scheme, netloc, parts.path, parts.query, parts.fragment))
    return clean, unquote(parts.username), unquote(parts.password or "") or None


def _body_text(body: bytes | str | None, limit: int = 400) -> str:
    """An error body as one readable line (Virtuoso wraps some in HTML)."""
    if body is None:
        return ""
    text = body.decode("utf-8", "replace") if isinstance(body, bytes) else body
    text = re.sub(r"<[^>]+>", " ", text)
    text = re.sub(r"\s+", " ", text).strip()
    return text[:limit] + ("…" if len(text) > limit else "")


_LINE_COL = re.compile(r"(?:error at |line )(\d+)(?::(\d+))?")


def _syntax_error(text: str) -> QuerySyntaxError:
    """The server's syntax error with its line (and column): Oxigraph says ``error at L:C: …``,
    Virtuoso ``SPARQL compiler, line L: …`` and then echoes the query, which we drop."""
    text = text.split(" SPARQL query:")[0].strip()
    m = _LINE_COL.search(text)
    line = int(m.group(1)) if m else None
    col = int(m.group(2)) if m and m.group(2) else None
    if m and text.startswith("error at "):
        text = text[m.end():].lstrip(": ")
    return QuerySyntaxError(text, line, col)


# -- the store ------------------------------------------------------------------------------
class RemoteStore:
    """A SPARQL 1.1 server reached over HTTP; see the module docstring for the guarantees."""

    def __init__(self, url: str, *, update_url: str | None = None, gsp_url: str | None = None,
                 user: str | None = None, password: str | None = None, auth: str | None = None,
                 token: str | None = None, server: str | None = None,
                 timeout: float | str | None = None, retries: int | str | None = None,
                 backoff: float = 0.5, chunk_triples: int = 100_000, read_only: bool = False,
                 dataset_post: bool = True,
                 config: str | os.PathLike[str] | None = None) -> None:
        cfg = resolve(dict(update_url=update_url, gsp_url=gsp_url, user=user, password=password,
                           auth=auth, token=token, server=server, timeout=timeout,
                           retries=retries), load_config(config))
        self.query_url, url_user, url_password = _split_userinfo(url)
        self.user = cfg.get("user") or url_user
        self.password = cfg.get("password") or url_password
        self.token = cfg.get("token")
        self.timeout = float(cfg.get("timeout") or 60.0)
        self.retries = int(cfg.get("retries") if cfg.get("retries") is not None else 3)
        self.backoff = float(cfg.get("backoff", backoff))
        self.chunk_triples = int(cfg.get("chunk_triples", chunk_triples))
        self.read_only = read_only
        #: load() through the server's multi-graph endpoint when its adapter has one
        self.dataset_post = dataset_post
        self._http = httpx.Client(timeout=self.timeout, follow_redirects=True)

        explicit_auth = str(cfg["auth"]).lower() if cfg.get("auth") else None
        self.auth = "bearer" if self.token and not explicit_auth else explicit_auth or "none"
        server_header = self._probe(explicit_auth or ("basic" if self.user else None))
        wanted = str(cfg.get("server") or "auto").lower()
        if wanted == "auto":
            adapter_cls = detect(server_header, self.query_url)
        elif wanted in ADAPTERS:
            adapter_cls = ADAPTERS[wanted]
        else:
            raise StoreError(f"unknown server family {wanted!r}; use auto, "
                             + ", ".join(sorted(ADAPTERS)))
        if explicit_auth is None:
            self.auth = "bearer" if self.token else adapter_cls.default_auth if self.user \
                else "none"
        if self.auth not in AUTH_SCHEMES:
            raise StoreError(f"unknown auth scheme {self.auth!r}; use one of {AUTH_SCHEMES}")
        if self.auth == "bearer" and not self.token:
            self.token = self.password
        authenticated = self.auth != "none"
        default_update, default_gsp = adapter_cls.default_endpoints(self.query_url, authenticated)
        self.update_url = str(cfg.get("update_url") or default_update)
        gsp = cfg.get("gsp_url") or default_gsp
        self.gsp_url = None if str(gsp).lower() in ("none", "") else str(gsp)
        self.adapter: GenericAdapter = adapter_cls(self.query_url, self.update_url, self.gsp_url)
        self.name = self.adapter.name
        self._http.auth = self._httpx_auth()
        self.adapter.connected(self)

    def __repr__(self) -> str:
        return f"RemoteStore({self.query_url!r}, server={self.name!r})"

    # -- plumbing ------------------------------------------------------------------------------
    def _httpx_auth(self) -> httpx.Auth | None:
        if self.auth == "basic":
            return httpx.BasicAuth(self.user or "", self.password or "")
        if self.auth == "digest":
            return httpx.DigestAuth(self.user or "", self.password or "")
        return None

    def _headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"} if self.auth == "bearer" else {}

    def _retrying(self, url: str, attempt: Callable[[], T]) -> T:
        """Run ``attempt``, retrying with exponential backoff while the server cannot be reached
        (refused, reset, DNS); other failures pass through at once."""
        last: Exception | None = None
        for i in range(self.retries + 1):
            try:
                return attempt()
            except (httpx.ConnectError, httpx.ConnectTimeout, ConnectionError) as exc:
                last = exc
            except urllib.error.URLError as exc:
                if isinstance(exc, urllib.error.HTTPError) or isinstance(
                        exc.reason, TimeoutError):
                    raise
                last = exc
            if i < self.retries:
                time.sleep(self.backoff * 2 ** i)
        reason = getattr(last, "reason", None) or last
        raise StoreUnavailable(f"cannot reach the SPARQL server at {url}: {reason} "
                               f"(tried {self.retries + 1} times)") from last

    def _send(self, method: str, url: str, what: str, **kwargs: Any) -> httpx.Response:
        headers = {**self._headers(), **kwargs.pop("headers", {})}

        def attempt() -> httpx.Response:
            # 503 (starting up, overloaded) is worth the same backoff as a refused connection
            resp = self._http.request(method, url, headers=headers, **kwargs)
            if resp.status_code == 503:
                raise ConnectionError(f"HTTP 503 {_body_text(resp.content, 120)}")
            return resp

        try:
            resp = self._retrying(url, attempt)
        except httpx.TimeoutException as exc:
            raise StoreError(f"{what} at {url}: no answer within {self.timeout} s "
                             "(it may or may not have been applied)") from exc
        except httpx.HTTPError as exc:
            raise StoreUnavailable(f"{what} at {url} failed: {exc}") from exc
        return resp

    def _check(self, resp: httpx.Response, what: str, *, syntax: bool = False,
               ok_missing: bool = False) -> None:
        code = resp.status_code
        if 200 <= code < 300 or (ok_missing and code == 404):
            return
        body = _body_text(resp.content)
        if code in (401, 403):
            raise RemoteAuthError(self._auth_message(str(resp.request.url), code, body, what))
        if code == 400 and syntax:
            raise _syntax_error(body)
        raise StoreError(f"{what} failed at {resp.request.url}: HTTP {code}: {body}")

    def _auth_message(self, url: str, code: int, body: str, what: str) -> str:
        name = "401 Unauthorized" if code == 401 else "403 Forbidden"
        who = f"user {self.user!r} with {self.auth} auth" if self.auth != "none" else \
            "no credentials"
        return (f"the server at {url} refused {what} (HTTP {name}) for {who}: {body} — set "
                "ASEANKG_USER / ASEANKG_PASSWORD and ASEANKG_AUTH=basic|digest|bearer "
                "(or --store options user=, password=, auth=)")

    def _probe(self, fallback_auth: str | None) -> str:
        """One ``ASK {}`` so a wrong URL, a dead server or bad credentials show up at open time;
        returns the ``Server`` header used to pick the adapter. Sent anonymously first (Virtuoso
        reads anonymously), then with credentials if the server asks for them."""
        url = f"{self.query_url}?{urlencode({'query': 'ASK {}'})}"
        headers = {"Accept": JSON_RESULTS, **self._headers()}

        def ask(auth: httpx.Auth | None) -> httpx.Response:
            try:
                return self._retrying(self.query_url, lambda: self._http.get(
                    url, headers=headers, auth=auth) if auth else self._http.get(
                    url, headers=headers))
            except httpx.HTTPError as exc:
                raise StoreUnavailable(f"cannot reach the SPARQL server at {self.query_url}: "
                                       f"{exc}") from exc

        resp = ask(None)
        if resp.status_code in (401, 403) and fallback_auth in ("basic", "digest"):
            self.auth = fallback_auth
            resp = ask(self._httpx_auth())
        if resp.status_code in (401, 403):
            raise RemoteAuthError(self._auth_message(self.query_url, resp.status_code,
                                                     _body_text(resp.content), "a query"))
        if resp.status_code != 200:
            raise StoreUnavailable(f"{self.query_url} is not a SPARQL endpoint: ASK {{}} gave "
                                   f"HTTP {resp.status_code}: {_body_text(resp.content)}")
        return resp.headers.get("server", "")

    def _refuse_if_read_only(self) -> None:
        if self.read_only:
            raise StoreError(f"the store {self.query_url} was opened read-only")

    # -- queries ---------------------------------------------------------------------------------
    def _wrapper(self, sparql: str, accept: str, params: list[tuple[str, str]],
                 timeout: float | None) -> SPARQLWrapper:
        sw = SPARQLWrapper(self.query_url)
        sw.setOnlyConneg(True)
        sw.setQuery(sparql)
        # our reading of the form, so SPARQLWrapper never sends a query as an update
        form = query_form(sparql)
        sw.queryType = form if form in ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE") else "SELECT"
        sw.addCustomHttpHeader("Accept", accept)
        for key, value in params:
            sw.addParameter(key, value)
        if len(urlencode([("query", sparql), *params])) > MAX_GET:
            sw.setMethod(POST)  # form-encoded (URLENCODED is SPARQLWrapper's default)
        else:
            sw.setMethod(GET)
        if self.auth in ("basic", "digest"):
            sw.setHTTPAuth(BASIC if self.auth == "basic" else DIGEST)
            sw.setCredentials(self.user or "", self.password or "")
        elif self.auth == "bearer":
            sw.addCustomHttpHeader("Authorization", f"Bearer {self.token}")
        # a server that enforces the limit itself gets a few seconds to say so (its answer
        # names the reason); otherwise the socket timeout is the limit
        grace = SERVER_TIMEOUT_GRACE if timeout and self.adapter.enforces_timeout else 0.0
        sw.setTimeout(int(max(1, round((timeout or self.timeout) + grace))))
        return sw

    def _fetch(self, sparql: str, accept: str, *, timeout: float | None, prepared: bool = True,
               default_graph_uris: Iterable[str] = (),
               named_graph_uris: Iterable[str] = ()) -> tuple[bytes, dict[str, str]]:
        """Send a query and return the body and headers; map every failure to a StoreError."""
        dgs, ngs = list(default_graph_uris), list(named_graph_uris)
        union = not (dgs or ngs or has_dataset_clause(sparql))
        params = self.adapter.query_params(union=union, timeout=timeout) if prepared else []
        params += [("default-graph-uri", g) for g in dgs]
        params += [("named-graph-uri", g) for g in ngs]
        text = self.adapter.prepare_query(sparql) if prepared else sparql
        sw = self._wrapper(text, accept, params, timeout)

        def attempt() -> tuple[bytes, dict[str, str]]:
            res = sw.query()
            return res.response.read(), dict(res.response.info().items())

        started = time.monotonic()
        try:
            return self._retrying(self.query_url, attempt)
        except SPARQLWrapperException as exc:
            raw = _wrapper_body(exc)
            self._raise_if_timed_out(exc, raw, started, timeout)
            body = _body_text(raw)
            code = type(exc).__name__
            if code == "QueryBadFormed":
                raise _syntax_error(body) from exc
            if code == "Unauthorized":
                raise RemoteAuthError(self._auth_message(self.query_url, 401, body,
                                                         "a query")) from exc
            raise StoreError(f"query failed at {self.query_url}: {code}: {body}") from exc
        except urllib.error.HTTPError as exc:
            raw = exc.read()
            self._raise_if_timed_out(exc, raw, started, timeout)
            body = _body_text(raw)
            if exc.code in (401, 403):
                raise RemoteAuthError(self._auth_message(self.query_url, exc.code, body,
                                                         "a query")) from exc
            raise StoreError(f"query failed at {self.query_url}: HTTP {exc.code}: {body}") from exc
        except TimeoutError as exc:
            raise QueryTimeout(f"no answer from {self.query_url} within "
                               f"{timeout or self.timeout} s") from exc
        except urllib.error.URLError as exc:
            raise QueryTimeout(f"no answer from {self.query_url} within "
                               f"{timeout or self.timeout} s: {exc.reason}") from exc
        except HTTPException as exc:
            raise StoreUnavailable(f"the SPARQL server at {self.query_url} dropped the "
                                   f"connection: {exc!r}") from exc

    def _raise_if_timed_out(self, exc: Exception, body: bytes | None, started: float,
                            timeout: float | None) -> None:
        """A server error that is really the time limit (Virtuoso answers some interrupted
        queries with a 500 rather than partial rows) becomes a QueryTimeout."""
        if getattr(exc, "code", None) in (400, 401, 403) or type(exc).__name__ in (
                "QueryBadFormed", "Unauthorized"):
            return
        text = _body_text(body)
        if self.adapter.error_is_timeout(text) or (
                timeout and time.monotonic() - started >= timeout):
            raise QueryTimeout(f"the server at {self.query_url} stopped the query after its "
                               f"time limit ({timeout} s): {text or type(exc).__name__}") from exc

    def query_unprepared(self, sparql: str) -> QueryResult:
        """A query sent exactly as written (adapters use it to learn about the server)."""
        return self._query(sparql, None, prepared=False)

    def query(self, sparql: str, *, timeout: float | None = None) -> QueryResult:
        return self._query(sparql, timeout, prepared=True)

    def _query(self, sparql: str, timeout: float | None, *, prepared: bool) -> QueryResult:
        form = query_form(sparql)
        if form in ("SELECT", "ASK"):
            body, headers = self._fetch(sparql, JSON_RESULTS, timeout=timeout, prepared=prepared)
            data = self._json(body, timeout)
            if "boolean" in data:
                self.adapter.check_headers(headers)
                return QueryResult("ask", boolean=self.adapter.boolean(data["boolean"]))
            variables = list(data.get("head", {}).get("vars", []))
            bindings = data.get("results", {}).get("bindings", [])
            self.adapter.check_headers(headers, rows=len(bindings))
            rows = [{v: self.adapter.term(b[v]) for v in variables if v in b} for b in bindings]
            return QueryResult("select", variables=variables, rows=rows)
        if form in ("CONSTRUCT", "DESCRIBE"):
            body, headers = self._fetch(sparql, NTRIPLES, timeout=timeout, prepared=prepared)
            self.adapter.check_headers(headers)
            g = Graph()
            for t in self._parse_triples(body, timeout):
                g.add(t)
            return QueryResult("graph", graph=g)
        raise QuerySyntaxError(f"not a SPARQL query (found {form or 'nothing'}); "
                               "updates go through update()")

    def _json(self, body: bytes, timeout: float | None) -> dict[str, Any]:
        try:
            return json.loads(body)
        except ValueError as exc:
            self.adapter.raise_for_timeout(body, timeout)
            raise StoreError(f"unreadable results from {self.query_url}: {exc}: "
                             f"{_body_text(body[-200:])}") from exc

    def _parse_triples(self, body: bytes,
                       timeout: float | None) -> Iterator[tuple[Node, Node, Node]]:
        try:
            triples = list(ox.parse(body, format=ox.RdfFormat.N_TRIPLES))
        except SyntaxError as exc:
            self.adapter.raise_for_timeout(body, timeout)
            raise StoreError(f"unreadable N-Triples from {self.query_url}: {exc}") from exc
        for t in triples:
            yield self._fix(to_rdflib(t.subject)), to_rdflib(t.predicate), self._fix(
                to_rdflib(t.object))

    def _fix(self, term: Node | None) -> Node:
        """A term from the server as the adapter normalises it."""
        if isinstance(term, Literal):
            return self.adapter.literal(str(term), term.language,
                                        str(term.datatype) if term.datatype else None)
        if isinstance(term, BNode):
            return self.adapter.bnode(str(term))
        assert term is not None
        return term

    def query_raw(self, sparql: str, media_type: str, *, timeout: float | None = None,
                  default_graph_uris: Iterable[str] = (),
                  named_graph_uris: Iterable[str] = ()) -> tuple[bytes, str]:
        """The server's own bytes when it writes ``media_type`` correctly; otherwise (Virtuoso)
        its JSON / N-Triples answer, normalised and re-serialised here."""
        form = query_form(sparql)
        is_results = form in ("SELECT", "ASK")
        native = (self.adapter.native_result_types if is_results
                  else self.adapter.native_graph_types)
        kwargs = dict(timeout=timeout, default_graph_uris=default_graph_uris,
                      named_graph_uris=named_graph_uris)
        if media_type in native:
            body, headers = self._fetch(sparql, media_type, **kwargs)  # type: ignore[arg-type]
            self.adapter.check_headers(headers)
            if self.adapter.timeout_in_body(body):
                self.adapter.raise_for_timeout(body, timeout)
            return body, media_type
        if is_results:
            if media_type not in RESULT_FORMATS:
                raise StoreError(f"{media_type} is not a SPARQL results format")
            body, headers = self._fetch(sparql, JSON_RESULTS, **kwargs)  # type: ignore[arg-type]
            data = self._json(body, timeout)
            if "boolean" in data:
                data = {"head": {}, "boolean": self.adapter.boolean(data["boolean"])}
            else:
                bindings = data.get("results", {}).get("bindings", [])
                self.adapter.check_headers(headers, rows=len(bindings))
                data = {"head": {"vars": data.get("head", {}).get("vars", [])},
                        "results": {"bindings": [
                            {v: _binding(self.adapter.term(b[v])) for v in b}
                            for b in bindings]}}
            parsed = ox.parse_query_results(json.dumps(data).encode(),
                                            format=ox.QueryResultsFormat.JSON)
            return parsed.serialize(format=ox_result_format(media_type)), media_type
        body, headers = self._fetch(sparql, NTRIPLES, **kwargs)  # type: ignore[arg-type]
        self.adapter.check_headers(headers)
        triples = [ox.Triple(to_ox(s), to_ox(p), to_ox(o))
                   for s, p, o in self._parse_triples(body, timeout)]
        return ox.serialize(triples, format=ox_rdf_format(media_type)), media_type

    # -- reading graphs --------------------------------------------------------------------------
    def graphs(self) -> list[str]:
        # without a protocol dataset: the adapter's dataset may itself come from this listing
        res = self.query_unprepared("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")
        return sorted(str(r["g"]) for r in res.rows
                      if isinstance(r.get("g"), URIRef) and not self.adapter.is_system_graph(
                          str(r["g"])))

    def count(self, graph: str | None = None) -> int:
        if graph is not None:
            res = self.query_unprepared(
                f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}")
            return int(res.rows[0]["n"]) if res.rows else 0
        # one query over every named graph, minus the server's own graphs (Virtuoso)
        res = self.query_unprepared("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")
        total = int(res.rows[0]["n"]) if res.rows else 0
        return total - sum(self.count(g) for g in getattr(self.adapter, "system_graphs", []))

    def _graph_triples(self, graph: str) -> list[ox.Triple]:
        """One graph's triples, via GSP GET when there is a GSP endpoint, else CONSTRUCT."""
        if self.gsp_url:
            resp = self._send("GET", self.adapter.graph_url(graph), f"reading graph <{graph}>",
                              headers={"Accept": NTRIPLES})
            self._check(resp, f"reading graph <{graph}>", ok_missing=True)
            body = b"" if resp.status_code == 404 else resp.content
        else:
            body, _ = self._fetch(f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{graph}> "
                                  "{ ?s ?p ?o } }", NTRIPLES, timeout=None)
        return [ox.Triple(to_ox(s), to_ox(p), to_ox(o))
                for s, p, o in self._parse_triples(body, None)]

    def dump(self, media_type: str, graph: str | None = None) -> bytes:
        fmt = ox_rdf_format(media_type)
        if graph is not None:
            return ox.serialize(self._graph_triples(graph), format=fmt)
        if media_type not in QUAD_TYPES:
            raise StoreError(f"{media_type} holds one graph; dump the dataset as N-Quads or TriG")
        quads = [ox.Quad(t.subject, t.predicate, t.object, ox.NamedNode(g))
                 for g in self.graphs() for t in self._graph_triples(g)]
        return ox.serialize(quads, format=fmt)

    # -- writing -----------------------------------------------------------------------------------
    def update(self, sparql: str) -> None:
        """SPARQL 1.1 Update as one form POST (atomic as far as the server makes it so)."""
        self._refuse_if_read_only()
        resp = self._send("POST", self.update_url, "an update", data={"update": sparql},
                          headers={"Accept": "*/*"})
        self.adapter.invalidate()
        self._check(resp, "an update", syntax=True)

    def _chunks(self, triples: list[ox.Triple]) -> Iterator[bytes]:
        size = max(1, self.chunk_triples)
        for i in range(0, max(len(triples), 1), size):
            yield ox.serialize(triples[i:i + size], format=ox.RdfFormat.N_TRIPLES)

    def _write_graph(self, graph: str, triples: list[ox.Triple], *, replace: bool) -> None:
        """Write one graph: PUT (replace) then POST the remaining chunks, or POST (merge) only.
        Without a GSP endpoint: DROP + INSERT DATA updates in the adapter's chunk size."""
        what = f"writing graph <{graph}>"
        if not self.gsp_url:
            if replace:
                self.update(f"DROP SILENT GRAPH <{graph}>")
            size = self.adapter.insert_chunk
            for i in range(0, len(triples), size):
                nt = ox.serialize(triples[i:i + size], format=ox.RdfFormat.N_TRIPLES)
                self.update(f"INSERT DATA {{ GRAPH <{graph}> {{\n{nt.decode()}\n}} }}")
            return
        url = self.adapter.graph_url(graph)
        if replace and not triples:
            self._check(self._send("DELETE", url, what), what, ok_missing=True)
            return
        headers = {"Content-Type": self.adapter.gsp_content_type}
        for i, body in enumerate(self._chunks(triples)):
            method = "PUT" if replace and i == 0 else "POST"
            self._check(self._send(method, url, what, content=body, headers=headers), what)

    def _write_all(self, jobs: list[tuple[str, list[ox.Triple], bool]], action: str) -> None:
        """Run one write per graph; on failure say exactly which graphs are done."""
        done: list[str] = []
        for i, (graph, triples, replace) in enumerate(jobs):
            try:
                self._write_graph(graph, triples, replace=replace)
            except StoreError as exc:
                self.adapter.invalidate()
                pending = [g for g, _, _ in jobs[i:]]
                if not done and isinstance(exc, (RemoteAuthError, QuerySyntaxError)):
                    raise
                raise PartialWriteError(
                    f"{action} at {self.gsp_url or self.update_url} stopped after "
                    f"{len(done)} of {len(jobs)} graphs: {exc}\n"
                    f"  written: {', '.join(done) or '(none)'}\n"
                    f"  not written: {', '.join(pending)}\n"
                    + ("Each graph is replaced whole: run the same command again to complete it."
                       if all(r for _, _, r in jobs) else
                       "Triples are a set: loading the same data again completes it without "
                       "duplicates (blank nodes excepted)."),
                    done, pending) from exc
            done.append(graph)
        self.adapter.invalidate()

    def replace_graphs(self, graphs: Mapping[str, Graph], remove: Iterable[str] = ()) -> None:
        """Drop ``remove`` and replace each graph, one request (or chunked requests) per graph.
        Not atomic across graphs on a remote server; idempotent, so a re-run completes it."""
        self._refuse_if_read_only()
        jobs: list[tuple[str, list[ox.Triple], bool]] = [
            (g, [], True) for g in remove if g not in graphs]
        for name, g in graphs.items():
            jobs.append((name, [ox.Triple(to_ox(s), to_ox(p), to_ox(o)) for s, p, o in g], True))
        self._write_all(jobs, "replacing graphs")

    def load(self, data: bytes, media_type: str, graph: str | None = None,
             base_iri: str | None = None) -> int:
        """Parse locally (a syntax error writes nothing), then POST each graph's triples."""
        self._refuse_if_read_only()
        kwargs: dict[str, Any] = {"format": ox_rdf_format(media_type)}
        if base_iri:
            kwargs["base_iri"] = base_iri
        try:
            quads = list(ox.parse(data, **kwargs))
        except SyntaxError as exc:
            raise parse_error(exc) from exc
        except ValueError as exc:
            raise ParseError(str(exc)) from exc
        by_graph: dict[str, list[ox.Triple]] = {}
        for q in quads:
            if isinstance(q, ox.Triple):
                name: str | None = graph
            elif isinstance(q.graph_name, ox.DefaultGraph):
                name = graph
            else:
                name = q.graph_name.value if isinstance(q.graph_name, ox.NamedNode) else None
            if name is None:
                raise StoreError("a remote store keeps all data in named graphs: give the graph "
                                 "to load these triples into (graph=…)")
            t = q if isinstance(q, ox.Triple) else q.triple
            by_graph.setdefault(name, []).append(t)
        before = self.count()
        url = self.adapter.dataset_url() if self.dataset_post else None
        if url:
            self._post_dataset(url, by_graph)
        else:
            self._write_all([(g, ts, False) for g, ts in by_graph.items()], "loading")
        return self.count() - before

    def _post_dataset(self, url: str, by_graph: Mapping[str, list[ox.Triple]]) -> None:
        """POST N-Quads in requests of about ``chunk_triples`` quads, whole graphs together
        where they fit; a failure names the graphs fully written before it."""
        batches: list[list[ox.Quad]] = [[]]
        last_batch: dict[str, int] = {}
        size = max(1, self.chunk_triples)
        for name, triples in by_graph.items():
            g = ox.NamedNode(name)
            if batches[-1] and len(batches[-1]) + len(triples) > size:
                batches.append([])
            for t in triples:
                if len(batches[-1]) >= size:
                    batches.append([])
                batches[-1].append(ox.Quad(t.subject, t.predicate, t.object, g))
            last_batch[name] = len(batches) - 1
        headers = {"Content-Type": "application/n-quads"}
        for i, batch in enumerate(batches):
            if not batch:
                continue
            body = ox.serialize(batch, format=ox.RdfFormat.N_QUADS)
            try:
                self._check(self._send("POST", url, "loading", content=body, headers=headers),
                            "loading")
            except StoreError as exc:
                self.adapter.invalidate()
                done = [g for g, b in last_batch.items() if b < i]
                pending = [g for g, b in last_batch.items() if b >= i]
                if not done and isinstance(exc, RemoteAuthError):
                    raise
                raise PartialWriteError(
                    f"loading at {url} stopped after {len(done)} of {len(last_batch)} graphs: "
                    f"{exc}\n  written: {', '.join(done) or '(none)'}\n"
                    f"  not (fully) written: {', '.join(pending)}\n"
                    "Triples are a set: loading the same data again completes it without "
                    "duplicates (blank nodes excepted).", done, pending) from exc
        self.adapter.invalidate()

    def close(self) -> None:
        self._http.close()


def _wrapper_body(exc: Exception) -> bytes:
    """The server's answer inside a SPARQLWrapper exception (it keeps it only in the message,
    as ``Response:\n`` followed by the bytes' repr)."""
    import ast

    _, sep, tail = str(exc).partition("Response:\n")
    if not sep:
        return b""
    try:
        value = ast.literal_eval(tail.strip())
    except (ValueError, SyntaxError):
        return tail.encode()
    return value if isinstance(value, bytes) else str(value).encode()


def _binding(term: Node) -> dict[str, str]:
    """An rdflib term as a SPARQL 1.1 JSON results binding."""
    if isinstance(term, URIRef):
        return {"type": "uri", "value": str(term)}
    if isinstance(term, BNode):
        return {"type": "bnode", "value": str(term)}
    assert isinstance(term, Literal)
    out = {"type": "literal", "value": str(term)}
    if term.language:
        out["xml:lang"] = term.language
    elif term.datatype is not None:
        out["datatype"] = str(term.datatype)
    return out
