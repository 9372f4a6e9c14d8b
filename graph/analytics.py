"""Network analytics over the knowledge graph with networkx: one projection from RDF, and the
questions asked of it (shortest connections, centrality, GraphML export).

Why one projection: paths, centrality and export must agree on what a node and an edge are. The
projection keeps IRIs as nodes and object-property triples as edges labelled with their predicate.
It leaves out, unless asked:
- literals (``include_literals``): values are not entities, and a shared "2020" is no connection;
- provenance (``include_provenance``): source documents, annotations, mentions, assertion graphs
  and the ``prov:wasDerivedFrom``/``akg:evidence`` links, which would connect every fact of an
  article to every other through the article;
- vocabulary: the ontology's classes and properties, concept schemes, and qualifier links to
  controlled-vocabulary concepts (role, action, unit, measure, qualifier, partner category,
  attendance mode), which are hubs that connect unrelated facts ("both had a chair").
``rdf:type`` becomes the ``type``/``category`` node attributes instead of an edge.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import networkx as nx
from rdflib import Graph, Literal, URIRef
from rdflib.term import Node

from graph.model import (
    AKG,
    DCTERMS,
    FOAF,
    OA,
    ORG,
    OWL,
    PROV,
    RDF,
    RDFS,
    SCHEMA,
    SKOS,
)
from graph.store import Store

__all__ = [
    "CATEGORIES", "Centrality", "Connection", "Hop", "central", "node_label", "paths",
    "resolve_node", "to_networkx", "write_graphml",
]

LABEL_PREDICATES = (FOAF.name, SKOS.prefLabel, RDFS.label, SKOS.altLabel, SKOS.notation,
                    SKOS.hiddenLabel)
PROVENANCE_PREDICATES = {PROV.wasDerivedFrom, AKG.evidence, PROV.wasGeneratedBy, OA.hasTarget,
                         OA.hasSource, OA.hasSelector, OA.hasBody, OA.motivatedBy}
VOCABULARY_PREDICATES = {AKG.role, AKG.action, AKG.unit, AKG.measure, AKG.valueQualifier,
                         ORG.role, AKG.partnerCategory, SCHEMA.eventAttendanceMode,
                         SKOS.inScheme, SKOS.topConceptOf, SKOS.hasTopConcept, OWL.sameAs,
                         RDFS.subClassOf, RDFS.isDefinedBy, DCTERMS.license, RDFS.seeAlso,
                         AKG.property}
ONTOLOGY_TYPES = {OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty,
                  OWL.FunctionalProperty, OWL.Ontology, OWL.NamedIndividual, RDF.Property,
                  RDFS.Class, SKOS.ConceptScheme}

#: node categories by class (subclasses found in the data inherit them), most specific first
CATEGORIES: dict[str, tuple[URIRef, ...]] = {
    "provenance": (AKG.AssertionGraph, AKG.Mention, OA.Annotation, OA.SpecificResource,
                   OA.TextQuoteSelector, OA.TextPositionSelector, SCHEMA.NewsArticle),
    "fact": (AKG.Participation, AKG.DocumentEvent, AKG.ReportedFigure, AKG.Claim,
             AKG.ChairTerm, ORG.Membership),
    "person": (FOAF.Person, SCHEMA.Person),
    "country": (SCHEMA.Country,),
    "meeting": (AKG.Meeting, AKG.MeetingSeries, SCHEMA.Event),
    "document": (AKG.PlanningDocument, SCHEMA.Legislation),
    "initiative": (AKG.Initiative,),
    "organisation": (ORG.Organization, ORG.FormalOrganization, ORG.OrganizationalUnit,
                     ORG.OrganizationalCollaboration),
    "place": (SCHEMA.Place,),
    "concept": (SKOS.Concept, ORG.Role),
    "source": (PROV.Entity,),
}
DEFAULT_CENTRAL = ("organisation", "country", "person", "document", "initiative")
TYPE_ALIASES = {"organization": "organisation", "org": "organisation", "people": "person",
                "persons": "person", "documents": "document", "plan": "document",
                "plans": "document", "meetings": "meeting", "countries": "country",
                "organisations": "organisation", "organizations": "organisation"}


def _triples(source: Store | Graph) -> Iterator[tuple[Node, Node, Node]]:
    if isinstance(source, Graph):
        yield from source.triples((None, None, None))  # a Dataset yields its union here
        return
    res = source.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }")
    assert res.graph is not None
    yield from res.graph.triples((None, None, None))


def _short(iri: str) -> str:
    from graph.cli_query import short

    return short(URIRef(iri), width=None)


def _superclasses(subclass_of: dict[Node, set[Node]], cls: Node) -> set[Node]:
    seen: set[Node] = set()
    todo = [cls]
    while todo:
        c = todo.pop()
        if c in seen:
            continue
        seen.add(c)
        todo.extend(subclass_of.get(c, ()))
    return seen


def _category(types: set[Node], subclass_of: dict[Node, set[Node]]) -> str:
    closure = set().union(*(_superclasses(subclass_of, t) for t in types)) if types else set()
    for name, classes in CATEGORIES.items():
        if closure & set(classes):
            return name
    return "other"


FACT_FACETS = (AKG.value, AKG.measure, AKG.role, ORG.role, AKG.year, AKG.action, AKG.date,
               AKG.property, AKG.asOf)


def _fact_label(type_name: str, facets: dict[Node, Node]) -> str:
    """A readable label for an unlabelled fact node: 'ReportedFigure 114 project-count',
    'Participation chair', 'ChairTerm chair 2021', 'DocumentEvent adopted 2020'."""
    if not facets:
        return ""
    parts = [type_name.split(":")[-1]]
    for p in FACT_FACETS:
        if p in facets and p != AKG.asOf:
            parts.append(str(facets[p]).rsplit("/", 1)[-1].rsplit("#", 1)[-1])
    return " ".join(parts)


def _best_label(labels: list[Literal]) -> str:
    def rank(lit: Literal) -> tuple[int, str]:
        lang = (lit.language or "").lower()
        return ({"en": 0, "": 1, "vi": 2}.get(lang, 3), str(lit))
    return str(min(labels, key=rank)) if labels else ""


def to_networkx(store_or_graph: Store | Graph, *, include_literals: bool = False,
                include_provenance: bool = False) -> nx.MultiDiGraph:
    """Project the RDF graph (a Store's union graph, or an rdflib Graph) onto a MultiDiGraph.

    Nodes are IRIs (the node key is the IRI string) with attributes ``label``, ``type`` (the
    most specific class, shortened), ``category`` (see ``CATEGORIES``) and ``iri``; edges go
    subject → object, keyed and attributed by ``predicate`` (full IRI) and ``label`` (short).
    """
    triples = list(_triples(store_or_graph))
    types: dict[Node, set[Node]] = {}
    labels: dict[Node, dict[Node, list[Literal]]] = {}
    facets: dict[Node, dict[Node, Node]] = {}
    subclass_of: dict[Node, set[Node]] = {}
    for s, p, o in triples:
        if p == RDF.type:
            types.setdefault(s, set()).add(o)
        elif p == RDFS.subClassOf:
            subclass_of.setdefault(s, set()).add(o)
        elif p in LABEL_PREDICATES and isinstance(o, Literal):
            labels.setdefault(s, {}).setdefault(p, []).append(o)
        if p in FACT_FACETS:
            facets.setdefault(s, {})[p] = o

    vocabulary = {s for s, ts in types.items() if ts & ONTOLOGY_TYPES}
    category = {s: _category(ts, subclass_of) for s, ts in types.items()}

    def keep(node: Node) -> bool:
        if not isinstance(node, URIRef) or node in vocabulary:
            return False
        return include_provenance or category.get(node) not in ("provenance", "source")

    g = nx.MultiDiGraph()

    def add_node(node: URIRef) -> None:
        if node in g:
            return
        node_labels = labels.get(node, {})
        label = next((_best_label(node_labels[p]) for p in LABEL_PREDICATES if p in node_labels),
                     "")
        ts = types.get(node, set())
        specific = [t for t in ts if not any(t != u and t in _superclasses(subclass_of, u)
                                             for u in ts)]
        order = ("akg:", "schema:", "foaf:", "org:")
        type_name = min((_short(str(t)) for t in specific), default="",
                        key=lambda t: (next((i for i, p in enumerate(order) if t.startswith(p)),
                                            len(order)), t))
        label = label or _fact_label(type_name, facets.get(node, {})) or _short(str(node))
        g.add_node(str(node), iri=str(node), label=label, type=type_name,
                   category=category.get(node, "other"))

    for s, p, o in triples:
        if p == RDF.type or p in LABEL_PREDICATES or not keep(s):
            continue
        if p in VOCABULARY_PREDICATES:
            continue
        if p in PROVENANCE_PREDICATES and not include_provenance:
            continue
        if isinstance(o, Literal):
            if not include_literals:
                continue
            add_node(s)  # type: ignore[arg-type]
            key = "literal:" + o.n3()
            if key not in g:
                g.add_node(key, iri="", label=str(o), type=_short(str(o.datatype or "")),
                           category="literal")
            g.add_edge(str(s), key, key=str(p), predicate=str(p), label=_short(str(p)))
            continue
        if not keep(o):
            continue
        add_node(s)  # type: ignore[arg-type]
        add_node(o)  # type: ignore[arg-type]
        g.add_edge(str(s), str(o), key=str(p), predicate=str(p), label=_short(str(p)))
    return g


def node_label(g: nx.MultiDiGraph, node: str) -> str:
    return str(g.nodes[node].get("label") or node)


def resolve_node(store: Store, g: nx.MultiDiGraph, text: str) -> str:
    """The node a user means: an IRI or prefixed name in the graph, or a label (accents and case
    ignored; exact labels before whole-word matches). Raises ValueError naming the text."""
    from graph.queries import expand_iri, resolve_entity

    iri = expand_iri(text)
    if iri is not None:
        if iri not in g:
            raise ValueError(f"{text!r} is not an entity of the network (no links to others)")
        return iri
    found = [i for i in resolve_entity(store, text) if i in g]
    if not found:
        raise ValueError(f"no entity of the network is labelled {text!r}")
    # prefer the most connected entity when a label is shared
    return max(found, key=lambda n: (g.degree(n), n))


@dataclass(frozen=True)
class Hop:
    """One step of a path: ``source --predicate--> target`` (``forward`` False when the
    triple points the other way, i.e. the path follows the predicate backwards)."""

    source: str
    predicate: str
    target: str
    forward: bool


@dataclass(frozen=True)
class Connection:
    nodes: tuple[str, ...]
    hops: tuple[Hop, ...]
    labels: tuple[str, ...]

    def __len__(self) -> int:
        return len(self.hops)

    def to_text(self) -> str:
        parts = [self.labels[0]]
        for hop, label in zip(self.hops, self.labels[1:], strict=True):
            pred = _short(hop.predicate)
            parts.append(f" --{pred}--> " if hop.forward else f" <--{pred}-- ")
            parts.append(label)
        return "".join(parts)


def _undirected(g: nx.MultiDiGraph) -> nx.Graph:
    u = nx.Graph()
    u.add_nodes_from(g.nodes)
    for s, o, data in g.edges(data=True):
        if u.has_edge(s, o):
            u[s][o]["edges"].append((s, data["predicate"], o))
        else:
            u.add_edge(s, o, edges=[(s, data["predicate"], o)])
    return u


def paths(store: Store, a: str, b: str, k: int = 3, *, include_provenance: bool = False,
          graph: nx.MultiDiGraph | None = None) -> list[Connection]:
    """Up to ``k`` shortest connections between two entities (labels or IRIs), shortest first,
    each with the predicate (and its direction) on every hop. Empty when not connected."""
    g = graph if graph is not None else to_networkx(store, include_provenance=include_provenance)
    start, end = resolve_node(store, g, a), resolve_node(store, g, b)
    if start == end:
        raise ValueError(f"{a!r} and {b!r} name the same entity <{start}>")
    u = _undirected(g)
    out: list[Connection] = []
    try:
        for nodes in itertools.islice(nx.shortest_simple_paths(u, start, end), k):
            hops = []
            for x, y in itertools.pairwise(nodes):
                s, p, o = min(u[x][y]["edges"])
                hops.append(Hop(x, p, y, forward=(s == x)))
            names = tuple(node_label(g, n) for n in nodes)
            out.append(Connection(tuple(nodes), tuple(hops), names))
    except nx.NetworkXNoPath:
        return []
    return out


@dataclass(frozen=True)
class Centrality:
    node: str
    label: str
    category: str
    type: str
    degree: int
    betweenness: float


def _wanted(category: str, types: Iterable[str], wanted: str | None) -> bool:
    if wanted is None:
        return category in DEFAULT_CENTRAL
    w = TYPE_ALIASES.get(wanted.lower(), wanted.lower())
    if w in CATEGORIES or w in ("other", "literal"):
        return category == w or (w == "organisation" and category == "country")
    return any(t.lower() in (w, w.split(":")[-1]) or t.lower().endswith(":" + w) for t in types)


def central(store: Store, type: str | None = None, top: int = 20, *,  # noqa: A002
            graph: nx.MultiDiGraph | None = None) -> list[Centrality]:
    """The ``top`` most central entities (of one category or class, e.g. ``organisation``,
    ``person``, ``document``, ``akg:Ministry``), ranked by betweenness on the undirected
    projection (how many shortest connections pass through them), then degree, then IRI.

    Betweenness is exact up to 2,000 nodes and sampled (500 pivots, fixed seed) above, so the
    ranking is deterministic and stays fast on large graphs."""
    g = graph if graph is not None else to_networkx(store)
    if type is not None:
        known = set(CATEGORIES) | set(TYPE_ALIASES) | {"other"}
        types_seen = {str(d.get("type", "")).lower() for _, d in g.nodes(data=True)}
        w = type.lower()
        if w not in known and not any(t == w or t.endswith(":" + w.split(":")[-1])
                                      for t in types_seen):
            raise ValueError(f"unknown type {type!r}; use one of "
                             + ", ".join(sorted(CATEGORIES)) + " or a class such as akg:Ministry")
    u = _undirected(g)
    if u.number_of_nodes() == 0:
        return []
    n = u.number_of_nodes()
    between = nx.betweenness_centrality(u, k=None if n <= 2000 else 500, seed=0)
    rows = []
    for node, data in g.nodes(data=True):
        if not _wanted(data.get("category", "other"), [data.get("type", "")], type):
            continue
        rows.append(Centrality(node, data.get("label", node), data.get("category", "other"),
                               data.get("type", ""), u.degree(node), between.get(node, 0.0)))
    rows.sort(key=lambda c: (-round(c.betweenness, 12), -c.degree, c.node))
    return rows[:top]


def write_graphml(store: Store, path: Path | str) -> None:
    """Write the entity network (the default projection) as GraphML for Gephi or networkx."""
    g = to_networkx(store)
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    nx.write_graphml(g, str(path))
