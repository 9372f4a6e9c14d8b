"""Dereferenceable IRIs, after Pubby: ``/id/…`` names a thing and answers ``303 See Other`` to
``/doc/…``, the document about it, which is content-negotiated (Turtle, JSON-LD, N-Triples,
RDF/XML, HTML, and the page's own JSON).

The service maps its own host onto the dataset base: ``/id/x`` on this host is the resource
``https://w3id.org/aseankg/id/x`` (``Settings.base_iri``). RDF answers keep the canonical IRIs; HTML
links stay on this host so a reader can browse without leaving it.

The HTML page is built for the question "what does the graph say about this, and who says so":
labels in vi and en, types, outgoing and incoming links, then the facts grouped by the source
document that states them with the quoted sentence (``akg:evidence → oa:exact``), and a flag on a
single-valued (functional) property that two sources give different values for.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from rdflib import Graph, Literal, URIRef
from rdflib.term import Node
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from graph.model import AKG, OA, PREFIXES, PROV, RDF, RDFS, SCHEMA, SKOS
from graph.service.negotiation import choose, from_format_param
from graph.service.render import (
    base_iri,
    get_store,
    html_page,
    json_response,
    run_query,
    term_view,
    wants_json,
)
from graph.store import QuerySyntaxError

__all__ = ["FUNCTIONAL_PROPERTIES", "RDF_TYPES", "describe", "labels_for", "routes"]

RDF_TYPES = ["text/turtle", "application/ld+json", "application/n-triples",
             "application/rdf+xml"]
_OFFERED = ["text/html", *RDF_TYPES, "application/json"]
_RDFLIB = {"text/turtle": "turtle", "application/ld+json": "json-ld",
           "application/n-triples": "nt", "application/rdf+xml": "xml"}
_EXT = {"text/turtle": "ttl", "application/ld+json": "jsonld", "application/n-triples": "nt",
        "application/rdf+xml": "rdf", "application/json": "json"}

# docs/model.md: contestable single-valued properties (the ontology also declares them
# owl:FunctionalProperty; both sources are used so the flag works before the ontology is loaded).
FUNCTIONAL_PROPERTIES = frozenset(str(p) for p in (
    AKG.plannedEnd, AKG.periodStart, AKG.periodEnd, AKG.adoptedOn, AKG.horizon,
    SCHEMA.startDate, SCHEMA.endDate))
_LABEL_PROPS = (RDFS.label, SKOS.prefLabel)
OUTGOING_LIMIT = 5000
INCOMING_LIMIT = 500
_HIDDEN_GRAPHS = ("graph/ontology",)


def _iri_ok(iri: str) -> bool:
    """True when ``iri`` can be put between <> in SPARQL (no injection through the path)."""
    return not any(c in iri for c in '<>"{}|^`\\ \n\t\r') and all(ord(c) > 0x20 for c in iri)


def _values(iris: list[str]) -> str:
    return " ".join(f"<{i}>" for i in iris if _iri_ok(i))


async def _exists(request: Request, iri: str) -> bool:
    """True when the graph mentions ``iri``; a path that is no valid IRI mentions nothing."""
    try:
        res = await run_query(request,
                              f"ASK {{ {{ <{iri}> ?p ?o }} UNION {{ ?s ?q <{iri}> }} }}")
    except QuerySyntaxError:  # e.g. characters RFC 3987 does not allow in an IRI
        return False
    return bool(res.boolean)


def _lang_of(request: Request) -> str:
    """Display language: ?lang=vi|en, else Accept-Language, else en."""
    lang = request.query_params.get("lang", "").lower()
    if lang in ("vi", "en"):
        return lang
    accept = request.headers.get("accept-language", "")
    for part in accept.split(","):
        code = part.split(";")[0].strip().lower()[:2]
        if code in ("vi", "en"):
            return code
    return "en"


async def labels_for(request: Request, iris: set[str]) -> dict[str, dict[str, str]]:
    """rdfs:label / skos:prefLabel per IRI and language ('' for no tag)."""
    out: dict[str, dict[str, str]] = defaultdict(dict)
    todo = sorted(i for i in iris if _iri_ok(i))
    for start in range(0, len(todo), 400):
        chunk = todo[start:start + 400]
        res = await run_query(request, f"""
            SELECT ?x ?l WHERE {{ VALUES ?x {{ {_values(chunk)} }}
              {{ ?x <{RDFS.label}> ?l }} UNION {{ ?x <{SKOS.prefLabel}> ?l }} }}""")
        for row in res.rows:
            lit = row["l"]
            lang = lit.language if isinstance(lit, Literal) and lit.language else ""
            out[str(row["x"])].setdefault(lang, str(lit))
    return out


async def _functional(request: Request) -> set[str]:
    res = await run_query(request, "SELECT DISTINCT ?p WHERE { ?p a "
                                   "<http://www.w3.org/2002/07/owl#FunctionalProperty> }")
    return set(FUNCTIONAL_PROPERTIES) | set(res.values("p"))


async def describe(request: Request, iri: str) -> dict[str, Any]:
    """Everything the entity page shows, as plain data (also the page's JSON twin)."""
    base = base_iri(request)
    lang = _lang_of(request)
    out_rows = (await run_query(request, f"""
        SELECT ?g ?p ?o WHERE {{ GRAPH ?g {{ <{iri}> ?p ?o }} }}
        ORDER BY ?p ?o LIMIT {OUTGOING_LIMIT}""")).rows
    in_rows = (await run_query(request, f"""
        SELECT ?g ?s ?p WHERE {{ GRAPH ?g {{ ?s ?p <{iri}> }} }}
        ORDER BY ?p ?s LIMIT {INCOMING_LIMIT}""")).rows
    in_subjects = sorted({str(r["s"]) for r in in_rows if isinstance(r["s"], URIRef)})

    # n-ary fact nodes pointing at this entity (figures, participations, claims, mentions)
    fact_rows: list[dict[str, Node]] = []
    if in_subjects:
        fact_rows = (await run_query(request, f"""
            SELECT ?g ?x ?p ?o WHERE {{ VALUES ?x {{ {_values(in_subjects)} }}
              GRAPH ?g {{ ?x ?p ?o }}
              FILTER EXISTS {{ ?x <{PROV.wasDerivedFrom}>|<{AKG.evidence}>|<{OA.hasBody}> ?any }}
            }} LIMIT {OUTGOING_LIMIT}""")).rows
    fact_nodes = sorted({str(r["x"]) for r in fact_rows})
    quotes: dict[str, str] = {}
    positions: dict[str, str] = {}
    quoted = [iri, *fact_nodes]
    res = await run_query(request, f"""
        SELECT ?x ?quote ?start ?end WHERE {{ VALUES ?x {{ {_values(quoted)} }}
          {{ ?x <{AKG.evidence}> ?ann }} UNION {{ ?x a <{AKG.Mention}> BIND(?x AS ?ann) }}
          ?ann <{OA.hasTarget}>/<{OA.hasSelector}> ?sel . ?sel <{OA.exact}> ?quote .
          OPTIONAL {{ ?ann <{OA.hasTarget}>/<{OA.hasSelector}> ?pos .
                     ?pos <{OA.start}> ?start ; <{OA.end}> ?end }} }}""")
    for row in res.rows:
        quotes.setdefault(str(row["x"]), str(row["quote"]))
        if row.get("start") is not None:
            positions.setdefault(str(row["x"]), f"{row['start']}–{row['end']}")

    graphs = sorted({str(r["g"]) for r in out_rows + in_rows + fact_rows})
    graph_meta: dict[str, dict[str, Any]] = {}
    if graphs:
        res = await run_query(request, f"""
            SELECT ?g ?src ?title ?date WHERE {{ VALUES ?g {{ {_values(graphs)} }}
              GRAPH ?g {{ ?g <{PROV.wasDerivedFrom}> ?src .
                OPTIONAL {{ ?src <http://purl.org/dc/terms/title> ?title }}
                OPTIONAL {{ ?src <{AKG.referenceDate}> ?date }} }} }}""")
        for row in res.rows:
            graph_meta[str(row["g"])] = {
                "source": str(row["src"]),
                "title": str(row["title"]) if row.get("title") is not None else None,
                "date": str(row["date"]) if row.get("date") is not None else None}

    iris = {iri, *graphs, *in_subjects}
    for r in out_rows:
        iris.add(str(r["p"]))
        if isinstance(r["o"], URIRef):
            iris.add(str(r["o"]))
    for r in in_rows:
        iris.add(str(r["p"]))
    for r in fact_rows:
        iris.add(str(r["p"]))
        if isinstance(r["o"], URIRef):
            iris.add(str(r["o"]))
    iris.update(m["source"] for m in graph_meta.values())
    labels = await labels_for(request, iris)
    labels.setdefault(base + "graph/reference", {"en": "Reference data (curated)",
                                                 "vi": "Dữ liệu tham chiếu"})
    labels.setdefault(base + "graph/ontology", {"en": "Ontology", "vi": "Ontology"})
    functional = await _functional(request)

    def tv(t: Node) -> dict[str, Any]:
        return term_view(t, base, labels, lang)

    # labels and types
    label_props = {str(p) for p in _LABEL_PROPS}
    names: dict[str, list[str]] = defaultdict(list)
    alt: list[dict[str, Any]] = []
    types: dict[str, dict[str, Any]] = {}
    for r in out_rows:
        p, o = str(r["p"]), r["o"]
        if p in label_props and isinstance(o, Literal):
            key = o.language or ""
            if str(o) not in names[key]:
                names[key].append(str(o))
        elif p == str(SKOS.altLabel) and isinstance(o, Literal):
            alt.append(tv(o))
        elif p == str(RDF.type):
            types[str(o)] = tv(o)

    # outgoing properties, values with the graphs that state them, conflicts flagged
    by_prop: dict[str, dict[str, dict[str, Any]]] = defaultdict(dict)
    for r in out_rows:
        p, o, g = str(r["p"]), r["o"], str(r["g"])
        slot = by_prop[p].setdefault(o.n3(), {"value": tv(o), "graphs": []})
        if g not in slot["graphs"]:
            slot["graphs"].append(g)
    # claims (akg:Claim subject/property/value) count as statements of their graph
    claim_rows = (await run_query(request, f"""
        SELECT ?g ?p ?v WHERE {{ GRAPH ?g {{ ?c <{AKG.subject}> <{iri}> ;
          <{AKG.property}> ?p ; <{AKG.value}> ?v }} }}""")).rows
    claimed: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for r in claim_rows:
        claimed[str(r["p"])][r["v"].n3()].add(str(r["g"]))
    conflicts = []
    properties = []
    for p in sorted(by_prop, key=lambda x: (x != str(RDF.type), x)):
        values = list(by_prop[p].values())
        conflict = False
        if p in functional:
            distinct = set(by_prop[p]) | set(claimed.get(p, {}))
            conflict = len(distinct) > 1
            if conflict:
                conflicts.append({"property": tv(URIRef(p)), "objects": [
                    {"value": v["value"], "graphs": v["graphs"]} for v in values]})
        properties.append({"property": tv(URIRef(p)), "objects": values, "conflict": conflict})

    incoming = [{"subject": tv(r["s"]), "property": tv(r["p"]), "graph": str(r["g"])}
                for r in in_rows]

    # facts grouped by source graph (names are shown once, at the top, not per graph)
    name_props = label_props | {str(SKOS.altLabel), str(SKOS.hiddenLabel), str(SKOS.notation)}
    fact_props: dict[tuple[str, str], list[tuple[Node, Node]]] = defaultdict(list)
    for r in fact_rows:
        fact_props[(str(r["g"]), str(r["x"]))].append((r["p"], r["o"]))
    sources = []
    for g in graphs:
        statements = [{"property": tv(r["p"]), "value": tv(r["o"])}
                      for r in out_rows if str(r["g"]) == g and str(r["p"]) not in name_props
                      and r["p"] != RDF.type]
        facts, mentions = [], []
        for (fg, x), props in sorted(fact_props.items()):
            if fg != g:
                continue
            if (RDF.type, AKG.Mention) in props:  # how the source names it: one line each
                mentions.append({"node": tv(URIRef(x)), "quote": quotes.get(x),
                                 "position": positions.get(x)})
                continue
            ftypes = [tv(o) for p, o in props if p == RDF.type]
            shown = [{"property": tv(p), "value": tv(o)} for p, o in props
                     if p not in (RDF.type, AKG.evidence, PROV.wasDerivedFrom, OA.hasTarget)]
            facts.append({"node": tv(URIRef(x)), "types": ftypes, "statements": shown,
                          "quote": quotes.get(x), "position": positions.get(x)})
        if not statements and not facts and not mentions:
            continue
        mentions.sort(key=lambda m: int(str(m["position"] or "0").split("–")[0] or 0))
        meta = graph_meta.get(g, {})
        sources.append({
            "graph": tv(URIRef(g)),
            "curated": not meta.get("source"),  # reference data: no source document
            "source": tv(URIRef(meta["source"])) if meta.get("source") else None,
            "title": meta.get("title"), "date": meta.get("date"),
            "statements": statements, "facts": facts, "mentions": mentions,
            "quote": quotes.get(iri) if any(str(r["g"]) == g and r["p"] == AKG.evidence
                                            for r in out_rows) else None,
        })

    title = (names.get(lang) or names.get("en") or names.get("vi") or names.get("")
             or [iri.rsplit("/", 1)[-1]])[0]
    return {
        "iri": iri, "title": title, "lang": lang,
        "labels": {"vi": names.get("vi", []), "en": names.get("en", []),
                   "other": [x for k, v in names.items() if k not in ("vi", "en") for x in v]},
        "altLabels": alt, "types": list(types.values()), "properties": properties,
        "incoming": incoming, "incomingTruncated": len(in_rows) >= INCOMING_LIMIT,
        "sources": sources, "conflicts": conflicts,
    }


async def _rdf(request: Request, iri: str) -> Graph:
    """The RDF description: every triple with the entity as subject or object (incoming capped)."""
    g = Graph()
    for prefix, ns in PREFIXES.items():
        g.bind(prefix, ns)
    out = await run_query(request, f"SELECT ?p ?o WHERE {{ <{iri}> ?p ?o }} "
                                   f"LIMIT {OUTGOING_LIMIT}")
    node = URIRef(iri)
    for r in out.rows:
        g.add((node, r["p"], r["o"]))
    inc = await run_query(request, f"SELECT ?s ?p WHERE {{ ?s ?p <{iri}> }} "
                                   f"LIMIT {INCOMING_LIMIT}")
    for r in inc.rows:
        g.add((r["s"], r["p"], node))
    return g


def _not_found(request: Request, iri: str) -> Response:
    message = f"No data about <{iri}> in this dataset."
    fmt = request.query_params.get("format", "").lower()
    pref = choose(request.headers.get("accept"),
                  ["text/html", "application/json", "text/plain", *RDF_TYPES])
    if fmt == "json" or (not fmt and pref == "application/json"):
        return json_response({"status": 404, "error": "Not Found", "message": message}, 404)
    if (fmt and fmt != "html") or (not fmt and pref not in (None, "text/html")):
        return Response(f"404 Not Found: {message}\n", 404, media_type="text/plain; charset=utf-8")
    return html_page("notfound.html", {"title": "Not found", "message": message, "iri": iri},
                     404)


def _pick_format(request: Request) -> str | None:
    fmt = request.query_params.get("format")
    if fmt:
        key = fmt.strip().lower()
        if key == "json":
            return "application/json"
        if key == "html":
            return "text/html"
        return from_format_param(key, RDF_TYPES)
    return choose(request.headers.get("accept"), _OFFERED)


def _iri_from_path(request: Request, kind: str) -> str:
    return base_iri(request) + kind + "/" + request.path_params["rest"]


async def resource(request: Request) -> Response:
    """``/id/…``: 303 to the document about the thing (404 when the graph knows nothing)."""
    iri = _iri_from_path(request, "id")
    if not _iri_ok(iri) or not await _exists(request, iri):
        return _not_found(request, iri)
    target = "/doc/" + request.path_params["rest"]
    if request.url.query:
        target += "?" + request.url.query
    return RedirectResponse(target, status_code=303, headers={"Vary": "Accept"})


async def document(request: Request) -> Response:
    """``/doc/…``: the description of ``/id/…`` in the negotiated format."""
    iri = base_iri(request) + "id/" + request.path_params["rest"]
    if not _iri_ok(iri) or not await _exists(request, iri):
        return _not_found(request, iri)
    media_type = _pick_format(request)
    if media_type is None:
        return Response("406 Not Acceptable: this document is available as "
                        + ", ".join(_OFFERED) + "\n", 406,
                        media_type="text/plain; charset=utf-8")
    headers = {"Vary": "Accept", "Link": f'<{iri}>; rel="describes"'}
    if media_type in _RDFLIB:
        g = await _rdf(request, iri)
        body = g.serialize(format=_RDFLIB[media_type])
        resp = Response(body, 200, headers, media_type=media_type)
        resp.headers["X-Content-Type-Options"] = "nosniff"
        return resp
    data = await describe(request, iri)
    if media_type == "application/json" or wants_json(request):
        return json_response(data)
    path = request.url.path
    data["formats"] = [{"name": _EXT[mt], "href": f"{path}?format={_EXT[mt]}", "type": mt}
                       for mt in [*RDF_TYPES, "application/json"]]
    return html_page("entity.html", {"title": data["title"], "e": data}, 200, headers)


SUBJECTS_LIMIT = 2000


async def named_graph(request: Request) -> Response:
    """``/graph/…``: a named graph dereferences to its content (RDF) or a page listing what it
    describes (HTML: the source document, size, every subject with its type and label)."""
    base = base_iri(request)
    iri = base + "graph/" + request.path_params["rest"]
    store = get_store(request)
    graphs = await run_in_threadpool(store.graphs)
    if iri not in graphs:
        return _not_found(request, iri)
    media_type = _pick_format(request)
    if media_type is None:
        return Response("406 Not Acceptable: this graph is available as "
                        + ", ".join(_OFFERED) + "\n", 406,
                        media_type="text/plain; charset=utf-8")
    headers = {"Vary": "Accept"}
    if media_type in _RDFLIB:
        data = await run_in_threadpool(store.dump, "application/n-triples", iri)
        if media_type == "application/n-triples":
            return Response(data, 200, headers, media_type=media_type)
        g = Graph()
        for prefix, ns in PREFIXES.items():
            g.bind(prefix, ns)
        g.parse(data=data.decode("utf-8"), format="nt")
        return Response(g.serialize(format=_RDFLIB[media_type]), 200, headers,
                        media_type=media_type)
    rows = (await run_query(request, f"""
        SELECT ?s (COUNT(*) AS ?n) (SAMPLE(?type) AS ?t) WHERE {{ GRAPH <{iri}> {{ ?s ?p ?o
          OPTIONAL {{ ?s a ?type }} }} FILTER(isIRI(?s)) }}
        GROUP BY ?s ORDER BY ?s LIMIT {SUBJECTS_LIMIT}""")).rows
    meta = (await run_query(request, f"""
        SELECT ?src ?title ?date WHERE {{ GRAPH <{iri}> {{ <{iri}> <{PROV.wasDerivedFrom}> ?src .
          OPTIONAL {{ ?src <http://purl.org/dc/terms/title> ?title }}
          OPTIONAL {{ ?src <{AKG.referenceDate}> ?date }} }} }} LIMIT 1""")).rows
    count = await run_in_threadpool(store.count, iri)
    lang = _lang_of(request)
    iris = {str(r["s"]) for r in rows} | {str(r["t"]) for r in rows if r.get("t") is not None}
    labels = await labels_for(request, iris)
    subjects = [{"subject": term_view(r["s"], base, labels, lang),
                 "type": term_view(r["t"], base, labels, lang) if r.get("t") is not None
                 else None, "triples": int(r["n"])} for r in rows]
    data: dict[str, Any] = {
        "iri": iri, "title": iri[len(base):], "triples": count, "subjects": subjects,
        "subjectsTruncated": len(rows) >= SUBJECTS_LIMIT, "source": None}
    if meta:
        m = meta[0]
        data["source"] = {"source": term_view(m["src"], base),
                          "title": str(m["title"]) if m.get("title") is not None else None,
                          "date": str(m["date"]) if m.get("date") is not None else None}
    if media_type == "application/json" or wants_json(request):
        return json_response(data)
    path = request.url.path
    data["formats"] = [{"name": _EXT[mt], "href": f"{path}?format={_EXT[mt]}", "type": mt}
                       for mt in [*RDF_TYPES, "application/json"]]
    return html_page("graph.html", {"title": data["title"], "g": data}, 200, headers)


routes: list[Route] = [
    Route("/id/{rest:path}", resource, methods=["GET", "HEAD"], name="resource"),
    Route("/doc/{rest:path}", document, methods=["GET", "HEAD"], name="document"),
    Route("/graph/{rest:path}", named_graph, methods=["GET", "HEAD"], name="named_graph"),
]
