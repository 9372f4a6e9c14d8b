"""The pages people read: home, the SPARQL query page (YASGUI), the named-query catalogue and each
named query as an HTML table with a parameter form, plus ``.json`` and ``.csv`` twins (as
Datasette's canned queries), an entity search over labels in both languages, and static assets.

Named queries come from ``graph.queries`` (``load_queries()``, ``run(store, name, params)``); this
module only presents them. YASGUI is third-party and installed from npm by ``make assets`` into
``static/vendor/`` (gitignored); without it the query page degrades to a plain form that runs the
query here and shows a table, so the service still works offline and un-built.
"""

from __future__ import annotations

import csv
import io
from typing import Any
from urllib.parse import urlencode

from rdflib import URIRef
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Mount, Route
from starlette.staticfiles import StaticFiles

from graph.model import PREFIXES, RDFS, SKOS, fold, sparql_prefixes
from graph.service.errors import ServiceError
from graph.service.guards import TooComplex, check_complexity
from graph.service.protocol import check_remote_targets
from graph.service.render import (
    STATIC_DIR,
    base_iri,
    get_settings,
    get_store,
    json_response,
    page,
    query_via_runner,
    read_store,
    run_query,
    term_view,
    wants_json,
)
from graph.store import QueryResult, QuerySyntaxError, QueryTimeout, StoreError

__all__ = ["YASGUI_JS", "routes", "yasgui_available"]

YASGUI_JS = STATIC_DIR / "vendor" / "yasgui" / "yasgui.min.js"
YASGUI_CSS = STATIC_DIR / "vendor" / "yasgui" / "yasgui.min.css"
DISPLAY_ROWS = 1000
DEFAULT_QUERY = sparql_prefixes() + """
SELECT ?thing ?label WHERE {
  ?thing rdfs:label ?label .
  FILTER(LANG(?label) = "vi")
} LIMIT 20
"""


def yasgui_available() -> bool:
    return YASGUI_JS.is_file() and YASGUI_CSS.is_file()


# --------------------------------------------------------------------------- named queries

def _catalogue() -> dict[str, Any]:
    """``graph.queries.load_queries()``; an empty catalogue while that module is absent."""
    try:
        from graph.queries import load_queries
    except ImportError:
        return {}
    return dict(load_queries())


def _param_view(p: Any) -> dict[str, Any]:
    """A parameter as plain data, whatever shape ``graph.queries`` gives it (object or str)."""
    if isinstance(p, str):
        return {"name": p, "description": "", "default": None, "required": False}
    get = (lambda k: p.get(k)) if isinstance(p, dict) else (lambda k: getattr(p, k, None))
    view = {"name": get("name"), "description": get("description") or "",
            "default": get("default"), "required": bool(get("required"))}
    for extra in ("datatype", "type", "kind", "example", "choices"):
        value = get(extra)
        if value is not None:
            view[extra] = value if isinstance(value, (str, int, float, list)) else str(value)
    return view


def _query_view(q: Any, name: str) -> dict[str, Any]:
    params = getattr(q, "params", None) or []
    if isinstance(params, dict):
        params = [dict(v, name=k) if isinstance(v, dict) else v for k, v in params.items()]
    return {
        "name": name, "title": getattr(q, "title", "") or name,
        "description": getattr(q, "description", "") or "",
        "params": [_param_view(p) for p in params],
        "sparql": getattr(q, "sparql", None) or getattr(q, "text", None)
        or getattr(q, "query", None) or "",
        "href": f"/queries/{name}",
    }


def _cell_text(node: Any) -> str:
    return "" if node is None else str(node)


def _csv(result: QueryResult) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(result.variables)
    for row in result.rows:
        writer.writerow([_cell_text(row.get(v)) for v in result.variables])
    return buf.getvalue()


def _result_json(result: QueryResult) -> dict[str, Any]:
    if result.kind == "ask":
        return {"boolean": result.boolean}
    if result.kind == "graph":
        g = result.graph
        return {"triples": [[str(s), str(p), str(o)] for s, p, o in (g or [])]}
    return {"columns": result.variables,
            "rows": [{v: _cell_text(r.get(v)) for v in result.variables if r.get(v) is not None}
                     for r in result.rows]}


def _display_lang(request: Request) -> str:
    """Label language for tables, from Accept-Language only: ``?lang`` may be a parameter of
    the named query itself."""
    for part in request.headers.get("accept-language", "").split(","):
        code = part.split(";")[0].strip().lower()[:2]
        if code in ("vi", "en"):
            return code
    return "en"


async def _table(request: Request, result: QueryResult) -> dict[str, Any]:
    """Rows as term views for the HTML table; IRIs are shown by their label (the IRI stays in
    the link and its title), so a reader sees 'Vietnam', not 'country/vn'."""
    base = base_iri(request)
    if result.kind == "ask":
        return {"kind": "ask", "boolean": result.boolean}
    if result.kind == "graph":
        text = result.graph.serialize(format="turtle") if result.graph is not None else ""
        return {"kind": "graph", "turtle": text}
    shown = result.rows[:DISPLAY_ROWS]
    from graph.service.linkeddata import labels_for

    iris = {str(v) for r in shown for v in r.values() if isinstance(v, URIRef)}
    labels = await labels_for(request, iris) if len(iris) <= 2000 else {}
    lang = _display_lang(request)
    rows = [[term_view(r[v], base, labels, lang) if r.get(v) is not None else None
             for v in result.variables] for r in shown]
    return {"kind": "select", "columns": result.variables, "rows": rows,
            "total": len(result.rows), "truncated": len(result.rows) > DISPLAY_ROWS}


def _error_page(request: Request, status: int, title: str, message: str,
                available: list[dict[str, str]] | None = None) -> Response:
    data: dict[str, Any] = {"status": status, "error": title, "message": message}
    if available is not None:
        data["available"] = available
    return page(request, "error.html", data, status, title=title)


async def queries_index(request: Request) -> Response:
    catalogue = _catalogue()
    items = [_query_view(q, name) for name, q in sorted(catalogue.items())]
    for item in items:
        item.pop("sparql", None)
    return page(request, "queries.html", {"queries": items}, title="Named queries")


async def queries_index_json(request: Request) -> Response:
    catalogue = _catalogue()
    items = [_query_view(q, name) for name, q in sorted(catalogue.items())]
    return json_response({"queries": items})


async def named_query(request: Request) -> Response:
    """``/queries/NAME`` (HTML table + form), ``/queries/NAME.json``, ``/queries/NAME.csv``."""
    raw = request.path_params["name"]
    name, _, ext = raw.partition(".")
    if ext not in ("", "json", "csv"):
        return _error_page(request, 404, "Not found",
                           f"unknown variant .{ext}: use /queries/{name}, .json or .csv")
    catalogue = _catalogue()
    if name not in catalogue:
        available = [{"name": n, "href": f"/queries/{n}"} for n in sorted(catalogue)]
        message = (f"there is no named query {name!r}; available: "
                   + (", ".join(sorted(catalogue)) or "none"))
        if ext in ("json", "csv"):
            return json_response({"status": 404, "error": "Not Found", "message": message,
                                  "available": available}, 404)
        return _error_page(request, 404, "No such query", message, available)
    view = _query_view(catalogue[name], name)
    known = {p["name"] for p in view["params"]}
    params = {k: v for k, v in request.query_params.items() if k not in ("format",)}
    unknown = sorted(set(params) - known)
    if unknown:
        message = (f"unknown parameter {unknown[0]!r} for query {name!r}; its parameters: "
                   + (", ".join(sorted(known)) or "none"))
        return _bad(request, ext, message)
    params = {k: v for k, v in params.items() if v != ""}
    from graph.queries import QueryDefinitionError, run

    timeout = float(getattr(get_settings(request), "timeout", 30.0))
    try:
        result = await run_in_threadpool(
            lambda: run(read_store(request), name, params, queries=catalogue, timeout=timeout))
    except QueryDefinitionError as exc:  # a broken .rq file is the server's fault
        return _bad(request, ext, f"query {name!r} is broken: {exc}", 500)
    except (ValueError, KeyError, TypeError) as exc:
        return _bad(request, ext, _param_message(exc, name))
    except QueryTimeout as exc:
        return _bad(request, ext, f"query {name!r} ran out of time: {exc}", 503)
    except QuerySyntaxError as exc:  # a broken .rq file is the server's fault
        return _bad(request, ext, f"query {name!r} cannot be parsed: {exc}", 500)
    if ext == "csv":
        return Response(_csv(result), media_type="text/csv; charset=utf-8",
                        headers={"Content-Disposition": f'inline; filename="{name}.csv"'})
    if ext == "json" or wants_json(request):
        return json_response({"query": {k: view[k] for k in ("name", "title", "description")},
                              "params": params, **_result_json(result)})
    data = {"query": view, "params": params, "qs": urlencode(params),
            "result": await _table(request, result)}
    return page(request, "query_run.html", data, title=view["title"])


def _param_message(exc: Exception, name: str) -> str:
    text = str(exc.args[0]) if exc.args else str(exc)
    if isinstance(exc, KeyError):
        return f"bad parameter {text} for query {name!r}"
    return text


def _bad(request: Request, ext: str, message: str, status: int = 400) -> Response:
    if ext in ("json", "csv") or wants_json(request):
        return json_response({"status": status, "error": "Bad Request" if status == 400
                              else "Error", "message": message}, status)
    return _error_page(request, status, "Cannot run this query", message)


# --------------------------------------------------------------------------- home, query, search

async def home(request: Request) -> Response:
    store = get_store(request)
    graphs = await run_in_threadpool(store.graphs)
    total = await run_in_threadpool(store.count)
    sources = [g for g in graphs if "/graph/source/" in g]
    records = [g for g in graphs if "/graph/record/" in g]
    catalogue = _catalogue()
    data = {"triples": total, "graphs": len(graphs), "sources": len(sources),
            "records": len(records),
            "queries": [_query_view(q, n) | {"sparql": None} for n, q in sorted(catalogue.items())],
            "base": base_iri(request)}
    return page(request, "home.html", data, title="ASEAN cooperation knowledge graph")


async def query_page(request: Request) -> Response:
    """The SPARQL page: YASGUI when installed, else a form that runs the query here."""
    catalogue = _catalogue()
    examples = [{"name": v["name"], "title": v["title"], "query": v["sparql"]}
                for v in (_query_view(q, n) for n, q in sorted(catalogue.items()))
                if v["sparql"]]
    text = request.query_params.get("query")
    data: dict[str, Any] = {"yasgui": yasgui_available(), "examples": examples,
                            "default_query": DEFAULT_QUERY, "prefixes": PREFIXES,
                            "query": text or "", "result": None, "error": None,
                            "base": base_iri(request)}
    status = 200
    if text:
        try:
            # the visitor's text may name SERVICE targets: same allow-list as /sparql (SSRF)
            check_remote_targets(text, get_settings(request))
            check_complexity(text)
            data["result"] = await _table(request, await _user_query(request, text))
        except ServiceError as exc:
            status, data["error"] = exc.status, exc.message
        except TooComplex as exc:
            status, data["error"] = 400, str(exc)
        except QuerySyntaxError as exc:
            status, data["error"] = 400, f"syntax error: {exc}"
        except QueryTimeout as exc:
            status, data["error"] = 503, f"the query ran out of time: {exc}"
        except StoreError as exc:
            status, data["error"] = 400, str(exc)
    if wants_json(request):
        data.pop("prefixes")
    resp = page(request, "query.html", data, status, title="SPARQL query")
    return resp


async def _user_query(request: Request, text: str) -> QueryResult:
    """Run a visitor's query through the app's killable query runner (the configured timeout
    really stops it, the row limit holds); without a runner through the store directly."""
    runner = getattr(request.app.state, "runner", None)
    if runner is None:
        return await run_query(request, text)
    settings = get_settings(request)
    return await query_via_runner(runner, text, float(getattr(settings, "timeout", 30.0)),
                                  int(getattr(settings, "row_limit", 100_000)))


async def search(request: Request) -> Response:
    """Entities whose label (any language, accents ignored) contains ``q``."""
    q = request.query_params.get("q", "").strip()
    hits: list[dict[str, Any]] = []
    if q:
        needle = fold(q).lower()
        res = await run_query(request, f"""
            SELECT ?x ?l WHERE {{ {{ ?x <{RDFS.label}> ?l }} UNION {{ ?x <{SKOS.prefLabel}> ?l }}
              UNION {{ ?x <{SKOS.altLabel}> ?l }} UNION {{ ?x <{SKOS.hiddenLabel}> ?l }}
              FILTER(isIRI(?x)) }}""")
        base = base_iri(request)
        seen: dict[str, dict[str, Any]] = {}
        for row in res.rows:
            label = str(row["l"])
            if needle in fold(label).lower():
                iri = str(row["x"])
                hit = seen.setdefault(iri, {"entity": term_view(row["x"], base),
                                            "labels": []})
                if label not in hit["labels"]:
                    hit["labels"].append(label)
        hits = sorted(seen.values(), key=lambda h: (len(min(h["labels"], key=len)),
                                                     h["entity"]["iri"]))[:200]
    return page(request, "search.html", {"q": q, "hits": hits}, title="Search")


async def timeline(request: Request) -> Response:
    """Meetings in date order, grouped by year: the ``meetings`` named query, presented.

    Undated meetings come last; inferred dates are marked, because a reader comparing meetings
    must know which dates the sources state and which the loader worked out."""
    catalogue = _catalogue()
    if "meetings" not in catalogue:
        return _error_page(request, 404, "No meetings query",
                           "the timeline needs queries/meetings.rq, which is not installed")
    view = _query_view(catalogue["meetings"], "meetings")
    known = {p["name"] for p in view["params"]}
    params = {k: v for k, v in request.query_params.items() if k in known and v}
    from graph.queries import run

    timeout = float(getattr(get_settings(request), "timeout", 30.0))
    try:
        result = await run_in_threadpool(
            lambda: run(read_store(request), "meetings", params, queries=catalogue,
                        timeout=timeout))
    except (ValueError, KeyError) as exc:
        return _bad(request, "", _param_message(exc, "meetings"))
    base = base_iri(request)
    from graph.service.linkeddata import labels_for

    linked = {str(r[k]) for r in result.rows for k in ("series", "chair_country")
              if isinstance(r.get(k), URIRef)}
    labels = await labels_for(request, linked)
    lang = _display_lang(request)

    def cell(row: dict[str, Any], key: str) -> Any:
        value = row.get(key)
        return None if value is None else term_view(value, base, labels, lang)

    items = []
    for row in result.rows:
        start = str(row.get("start_date") or "")
        items.append({
            "meeting": term_view(row["meeting"], base) if row.get("meeting") is not None
            else None,
            "label_vi": str(row.get("label_vi") or ""), "label_en": str(row.get("label_en") or ""),
            "start": start, "end": str(row.get("end_date") or ""),
            "inferred": str(row.get("date_inferred") or "").lower() in ("true", "1"),
            "series": cell(row, "series"), "place": str(row.get("place_label") or ""),
            "mode": str(row.get("mode_name") or "").replace("EventAttendanceMode", ""),
            "chair_country": cell(row, "chair_country"),
            "chair_person": str(row.get("chair_person_name") or ""),
            "sources": [term_view(URIRef(s), base)
                        for s in str(row.get("sources") or "").split() if s],
        })
    items.sort(key=lambda m: (m["start"] == "", m["start"], m["label_vi"] or m["label_en"]))
    years: list[dict[str, Any]] = []
    for m in items:
        year = m["start"][:4] or "undated"
        if not years or years[-1]["year"] != year:
            years.append({"year": year, "meetings": []})
        years[-1]["meetings"].append(m)
    data = {"params": params, "param_specs": view["params"], "years": years,
            "count": len(items)}
    return page(request, "timeline.html", data, title="Meetings timeline")


async def health_of_assets(request: Request) -> Response:
    """Which front-end assets are installed (the query page says so too)."""
    limit = getattr(get_settings(request), "row_limit", None)
    return json_response({"yasgui": yasgui_available(), "row_limit": limit})


routes: list[BaseRoute] = [
    Route("/", home, name="home"),
    Route("/query", query_page, name="query_page"),
    Route("/search", search, name="search"),
    Route("/meetings", timeline, name="timeline"),
    Route("/queries", queries_index, name="queries"),
    Route("/queries.json", queries_index_json, name="queries_json"),
    Route("/queries/{name}", named_query, name="named_query"),
    Route("/assets.json", health_of_assets, name="assets"),
    Mount("/static", StaticFiles(directory=str(STATIC_DIR), check_dir=False), name="static"),
]
