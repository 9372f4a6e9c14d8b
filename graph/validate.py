"""SHACL validation of source graphs and submitted records against ``shapes/``.

API (called by the build, the service and the CLI)::

    load_shapes(kind="all") -> Graph                      # cached; all | relaxed | a file stem
    validate(data, *, context=None, lang="en", per_source=True) -> ValidationReport
    validate_record(data: bytes, media_type, *, source=, context=, lang=, per_source=)
        -> ValidationReport                               # report.graph = the parsed record
    ValidationReport: conforms, results, violations, warnings, to_text/to_json(lang), to_turtle()
    ValidationResult: focus_node, path, value, severity, message, source_shape, constraint

Two shape sets, after research/ontology-anchors.md §2.3:

- the *relaxed* set (``shapes/*.ttl`` except ``per-source.ttl``): structure, datatypes, labels,
  provenance and evidence. It runs on the data merged with a *context* (ontology + reference data),
  because a source graph says ``wp:iai-3 akg:plannedEnd …`` and the type of ``wp:iai-3`` lives in
  the reference graph. Each shape's targets are intersected with the data's own subjects, so a
  report is about the data and never about the context, and the reference data is not
  re-validated for every document. ``akgsh:TypedSubjectShape`` has no target and is applied to
  every subject.
- the *per-source* set (``shapes/per-source.ttl``): ``sh:maxCount 1`` on contestable
  single-valued properties (``akg:plannedEnd`` …). It runs on the data alone (on each named graph
  of a dataset): one source must not contradict itself, but two sources (or a source and the
  reference data) may disagree; the ``conflicts`` query reports those.

Everything that can be cached is: parsed shapes, pyshacl's harvested shapes, parsed SHACL-SPARQL
queries, a copy of the context. A seed source graph (~1,000 triples) validates in 0.3–0.9 s.
Validation is serialised by a lock (pyshacl and the shared context copy are not thread-safe).
"""

from __future__ import annotations

import functools
import re
import threading
import weakref
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import rdflib
from pyshacl import Validator
from pyshacl.constraints.sparql.sparql_based_constraints import SPARQLBasedConstraint
from pyshacl.graph_abstraction import DataGraph
from pyshacl.shapes_graph import ShapesGraph
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, SH
from rdflib.term import Node

from graph.store import ParseError

__all__ = [
    "PROJECT_ROOT", "SHAPES_DIR", "SetupError", "ValidationReport", "ValidationResult",
    "load_context",
    "flatten", "load_shapes", "preload", "record_id", "validate", "validate_record",
]

PROJECT_ROOT = Path(__file__).resolve().parents[1]
AKGSH = "https://w3id.org/aseankg/shapes#"
# Shapes without a SHACL target, applied to every subject of the validated data (explicit focus
# nodes): a node that no target reaches must still be checked for having a type.
EVERY_SUBJECT_SHAPES = (URIRef(AKGSH + "TypedSubjectShape"),)
SHAPES_DIR = PROJECT_ROOT / "shapes"
PER_SOURCE_FILE = "per-source.ttl"
PREFIXES_FILE = "prefixes.ttl"
_SKOLEM = "urn:aseankg:bnode:"
_SEVERITIES = {SH.Violation: "Violation", SH.Warning: "Warning", SH.Info: "Info"}
_lock = threading.Lock()


class SetupError(Exception):
    """The shapes, ontology or reference data cannot be read: an installation problem, not a
    problem of the data being validated."""


# --------------------------------------------------------------------------- results


@dataclass
class ValidationResult:
    """One SHACL result, with terms as rdflib nodes and the message in the requested language."""

    focus_node: Node
    path: Node | None
    value: Node | None
    severity: str
    message: str
    source_shape: Node | None
    constraint: str
    messages: dict[str, str] = field(default_factory=dict)
    path_text: str = ""
    shape_name: str = ""  # the named node shape (a property shape is a blank node inside it)
    shape_set: str = field(default="all", repr=False)  # which load_shapes(kind) it came from

    def message_in(self, lang: str) -> str:
        """The message in ``lang``, falling back to English, then to any message."""
        return (self.messages.get(lang) or self.messages.get("en") or self.message
                or next(iter(self.messages.values()), ""))

    def to_json(self, lang: str = "en") -> dict[str, Any]:
        return {
            "focusNode": _plain(self.focus_node),
            "path": self.path_text or None,
            "pathIri": str(self.path) if isinstance(self.path, URIRef) else None,
            "value": _plain(self.value) if self.value is not None else None,
            "severity": self.severity,
            "message": self.message_in(lang),
            "sourceShape": self.shape_name or None,
            "constraint": self.constraint,
        }


@dataclass
class ValidationReport:
    """The outcome of ``validate``: conforms when there is no sh:Violation (warnings allowed)."""

    conforms: bool
    results: list[ValidationResult] = field(default_factory=list)
    graph: Graph | None = field(default=None, repr=False)  # the validated data (records)

    @property
    def violations(self) -> int:
        return sum(r.severity == "Violation" for r in self.results)

    @property
    def warnings(self) -> int:
        return sum(r.severity == "Warning" for r in self.results)

    def to_text(self, lang: str = "en") -> str:
        """A readable report: a headline, then one block per result (violations first)."""
        vi = lang == "vi"
        if self.conforms:
            head = ("Hợp lệ" if vi else "Conforms")
        else:
            head = ("Không hợp lệ" if vi else "Does not conform")
        head += (f": {self.violations} vi phạm, {self.warnings} cảnh báo" if vi else
                 f": {self.violations} violation(s), {self.warnings} warning(s)")
        labels = (("Nút", "Thuộc tính", "Giá trị", "Thông báo", "Shape") if vi else
                  ("Focus node", "Path", "Value", "Message", "Shape"))
        blocks = [head]
        order = {"Violation": 0, "Warning": 1, "Info": 2}
        for r in sorted(self.results, key=lambda r: (order.get(r.severity, 3), str(r.focus_node),
                                                     r.path_text)):
            lines = [f"[{r.severity}] {r.constraint}",
                     f"  {labels[0]}: {_n3(r.focus_node)}"]
            if r.path_text:
                lines.append(f"  {labels[1]}: {r.path_text}")
            if r.value is not None:
                lines.append(f"  {labels[2]}: {_n3(r.value)}")
            lines.append(f"  {labels[3]}: {r.message_in(lang)}")
            if r.shape_name:
                lines.append(f"  {labels[4]}: {r.shape_name}")
            blocks.append("\n".join(lines))
        return "\n\n".join(blocks)

    def to_json(self, lang: str = "en") -> dict[str, Any]:
        return {"conforms": self.conforms, "violations": self.violations,
                "warnings": self.warnings, "results": [r.to_json(lang) for r in self.results]}

    def to_graph(self) -> Graph:
        """The sh:ValidationReport as RDF, with messages in every language the shapes give."""
        g = Graph()
        g.bind("sh", SH)
        report = BNode()
        g.add((report, RDF.type, SH.ValidationReport))
        g.add((report, SH.conforms, Literal(self.conforms)))
        sev = {v: k for k, v in _SEVERITIES.items()}
        for r in self.results:
            node = BNode()
            g.add((report, SH.result, node))
            g.add((node, RDF.type, SH.ValidationResult))
            g.add((node, SH.focusNode, r.focus_node))
            g.add((node, SH.resultSeverity, sev.get(r.severity, SH.Violation)))
            g.add((node, SH.sourceConstraintComponent, SH[r.constraint]))
            shapes = load_shapes(r.shape_set)
            if r.path is not None:
                g.add((node, SH.resultPath, r.path))
                if isinstance(r.path, BNode):  # a complex path: copy its structure
                    for t in shapes.cbd(r.path):
                        g.add(t)
            if r.value is not None:
                g.add((node, SH.value, r.value))
            if r.source_shape is not None:
                g.add((node, SH.sourceShape, r.source_shape))
                if isinstance(r.source_shape, BNode):  # name the node shape it belongs to
                    parent = shapes.value(None, SH.property, r.source_shape)
                    if parent is not None:
                        g.add((parent, SH.property, r.source_shape))
                    for p in (SH.path, SH.severity):
                        for o in shapes.objects(r.source_shape, p):
                            g.add((r.source_shape, p, o))
            for lang, text in sorted(r.messages.items()):
                g.add((node, SH.resultMessage, Literal(text, lang=lang or None)))
        return g

    def to_turtle(self) -> str:
        return self.to_graph().serialize(format="turtle")


def _plain(node: Node) -> str:
    """JSON form of a term: an IRI as itself, a blank node as _:id, a literal in N3."""
    if isinstance(node, URIRef) and not str(node).startswith(_SKOLEM):
        return str(node)
    return _n3(node)


def _n3(node: Node | None) -> str:
    if node is None:
        return ""
    if isinstance(node, URIRef) and str(node).startswith(_SKOLEM):
        return "_:" + str(node)[len(_SKOLEM):]
    if isinstance(node, Literal):
        return node.n3()
    if isinstance(node, BNode):
        return "_:" + str(node)
    return _short(node)


@functools.lru_cache(maxsize=4096)
def _short(node: Node) -> str:
    """A CURIE when a project prefix fits, else <IRI>."""
    from graph.model import PREFIXES

    s = str(node)
    extra = {"sh": str(SH), "akgsh": "https://w3id.org/aseankg/shapes#"}
    for prefix, ns in {**PREFIXES, **extra}.items():
        if s.startswith(ns) and "/" not in s[len(ns):] and "#" not in s[len(ns):]:
            return f"{prefix}:{s[len(ns):]}"
    return f"<{s}>"


# --------------------------------------------------------------------------- pyshacl speed-up


@functools.lru_cache(maxsize=512)
def _prepared(sparql_text: str) -> Any:
    from rdflib.plugins.sparql import prepareQuery

    return prepareQuery(sparql_text)


def _cached_sparql_query(self: Any, query: str, init_binds: Any, target_graph: Any) -> Any:
    """pyshacl re-parses a SHACL-SPARQL query for every focus node (the text is the same; only
    ``$this`` changes, and it is passed as an initial binding). Parsing costs ~50 ms with rdflib's
    pyparsing grammar, so validating the reference data took seconds. Parse once, reuse."""
    return _original_sparql_query(self, _prepared(query), init_binds, target_graph)


_original_sparql_query = SPARQLBasedConstraint._validate_sparql_query
SPARQLBasedConstraint._validate_sparql_query = _cached_sparql_query  # type: ignore[method-assign]


def _constraint_parameters_as_set() -> None:
    """pyshacl tests every predicate of every shape, for every evaluation, for membership in a
    *list* of ~40 constraint parameters (a third of the term comparisons of a validation).
    Pre-seed its per-module cache with a frozenset; it is only read (non-advanced mode)."""
    import pyshacl.shape as shape_module
    from pyshacl.constraints import ALL_CONSTRAINT_PARAMETERS, CONSTRAINT_PARAMETERS_MAP

    shape_module.CONSTRAINT_PARAMS = (  # type: ignore[attr-defined]
        frozenset(ALL_CONSTRAINT_PARAMETERS), CONSTRAINT_PARAMETERS_MAP)


_constraint_parameters_as_set()


# --------------------------------------------------------------------------- shapes


def _shape_files(kind: str) -> list[Path]:
    """The files of a shape set; ``prefixes.ttl`` (SPARQL prefixes) is part of every set."""
    files = sorted(SHAPES_DIR.glob("*.ttl"))
    common = [p for p in files if p.name == PREFIXES_FILE]
    if kind == "all":
        return files
    if kind == "relaxed":
        return [p for p in files if p.name != PER_SOURCE_FILE]
    wanted = [p for p in files if p.stem == kind and p.name != PREFIXES_FILE]
    if not wanted:
        raise ValueError(f"unknown shape set {kind!r}: use all, relaxed or one of "
                         + ", ".join(p.stem for p in files if p.name != PREFIXES_FILE))
    return common + wanted


def load_shapes(kind: str = "all") -> Graph:
    """The shapes of one set as an rdflib Graph, parsed once per process (do not modify it).

    ``kind``: ``all``, ``relaxed`` (everything but the per-source set), or a file stem of
    ``shapes/`` (``core``, ``plans``, ``facts``, ``provenance``, ``per-source``).
    """
    return _load_shapes(kind)


@functools.lru_cache(maxsize=16)
def _load_shapes(kind: str) -> Graph:
    from graph.build import parse_rdf_file

    g = Graph()
    for path in _shape_files(kind):
        parse_rdf_file(path, g)
    return g


@functools.lru_cache(maxsize=16)
def _shapes_graph(kind: str) -> ShapesGraph:
    """pyshacl's harvested shapes for a set: building them costs more than validating a source
    graph, so they are built once and reused (guarded by ``_lock``; pyshacl is not thread-safe)."""
    sg = ShapesGraph(load_shapes(kind))
    _ = sg.shapes  # harvest now
    return sg


@functools.lru_cache(maxsize=1)
def load_context(root: Path = PROJECT_ROOT) -> Graph:
    """The ontology and reference data (``ontology/aseankg.ttl``, ``ontology/reference/*.ttl``)
    as one graph, parsed once per process: the class and type lookups records are checked with.
    Missing files are skipped so validation still works in a checkout under construction."""
    from graph.build import parse_rdf_file

    g = Graph()
    onto = root / "ontology" / "aseankg.ttl"
    if onto.exists():
        parse_rdf_file(onto, g)
    for path in sorted((root / "ontology" / "reference").glob("*.ttl")):
        parse_rdf_file(path, g)
    return g


# --------------------------------------------------------------------------- validation


def flatten(data: Graph) -> Graph:
    """A plain Graph with every triple of ``data`` (a Dataset is taken as the union)."""
    if isinstance(data, rdflib.Dataset | rdflib.ConjunctiveGraph):
        g = Graph()
        g.addN((s, p, o, g) for s, p, o, _ in data.quads((None, None, None, None)))
        return g
    return data


def _parts(data: Graph) -> list[Graph]:
    """The graphs the per-source set checks one by one: each non-empty graph of a dataset (one
    source each), or the graph itself."""
    if isinstance(data, rdflib.Dataset | rdflib.ConjunctiveGraph):
        parts = []
        graphs = data.graphs() if isinstance(data, rdflib.Dataset) else data.contexts()
        for ctx in graphs:
            g = Graph()
            g.addN((s, p, o, g) for s, p, o in ctx)
            if len(g):
                parts.append(g)
        return parts
    return [data]


def _skolemize(data: Graph) -> tuple[Graph, bool]:
    """Replace blank nodes by IRIs so that they can be focus nodes (pyshacl only accepts IRIs);
    results map them back to ``_:label``."""
    if not any(isinstance(t, BNode) for triple in data for t in triple):
        return data, False
    g = Graph()

    def sk(t: Node) -> Node:
        return URIRef(_SKOLEM + str(t)) if isinstance(t, BNode) else t

    g.addN((sk(s), sk(p), sk(o), g) for s, p, o in data)
    return g, True


def _run(kind: str, data: Graph, focus: set[URIRef]) -> list[tuple[str, Graph, Node]]:
    """Run one shape set over ``data`` for the ``focus`` nodes; return pyshacl's result nodes.

    Why not pyshacl's ``focus_nodes`` option: it also filters the value nodes handed to nested
    shapes (``sh:or``, ``sh:node``, ``sh:qualifiedValueShape``), so ``akg:value "many"`` passed
    ``sh:or ([sh:datatype xsd:integer] [sh:datatype xsd:decimal])`` vacuously. Here each shape's
    own targets are intersected with ``focus`` and passed in explicitly; nested evaluation is
    left alone."""
    if not focus:
        return []
    sg = _shapes_graph(kind)
    validator = Validator(DataGraph.from_rdflib(data), shacl_graph=load_shapes(kind),
                          options={"inference": "none", "advanced": False, "inplace": True})
    validator.shacl_graph = sg
    executor = validator.make_executor()
    target = validator.data_graph
    conforms, reports = True, []
    every = {sg.lookup_shape_from_node(n) for n in EVERY_SUBJECT_SHAPES
             if (n, RDF.type, SH.NodeShape) in sg.graph}
    for shape in sg.shapes:
        if shape in every:
            nodes = sorted(focus)
        else:
            nodes = [n for n in shape.focus_nodes(target) if n in focus]
        if not nodes:
            continue
        ok, found = shape.validate(executor, target, focus=nodes)
        conforms = conforms and ok
        reports.extend(found)
    report_graph, _text = Validator.create_validation_report(sg, conforms, reports)
    return [(kind, report_graph, r) for r in report_graph.objects(None, SH.result)]


@functools.lru_cache(maxsize=4096)
def _template(text: str) -> re.Pattern[str]:
    """A regex for a message template: ``{?var}`` / ``{$var}`` match any text."""
    parts = re.split(r"\{[?$]\w+\}", text)
    return re.compile(".*?".join(re.escape(p) for p in parts) + "$", re.DOTALL)


def _messages(report: Graph, result: Node, kind: str) -> dict[str, str]:
    """Result messages by language. pyshacl drops the language tag of a SHACL-SPARQL message
    when it fills in ``{?var}``; the tag is recovered by matching the text against the
    constraint's templates in the shapes graph."""
    out: dict[str, str] = {}
    untagged: list[str] = []
    for m in report.objects(result, SH.resultMessage):
        if isinstance(m, Literal) and m.language:
            out.setdefault(m.language, str(m))
        else:
            untagged.append(str(m))
    if untagged:
        shapes = load_shapes(kind)
        templates = [t for node in (report.value(result, SH.sourceConstraint),
                                    report.value(result, SH.sourceShape)) if node is not None
                     for t in shapes.objects(node, SH.message)
                     if isinstance(t, Literal) and t.language]
        for text in untagged:
            lang = next((t.language for t in templates if _template(str(t)).match(text)), "")
            out.setdefault(lang or "", text)
    if "" in out and "en" not in out:
        out["en"] = out.pop("")
    return out


def _path_text(report: Graph, path: Node | None) -> str:
    if path is None:
        return ""
    if isinstance(path, URIRef):
        return _short(path)
    inverse = report.value(path, SH.inversePath)
    if inverse is not None:
        return "^" + _path_text(report, inverse)
    if (path, RDF.first, None) in report:
        return "/".join(_path_text(report, p) for p in rdflib.collection.Collection(report, path))
    return "(complex path)"


def _shape_name(kind: str, shape: Node | None) -> str:
    """``akgsh:ReportedFigureShape`` for a node shape, or for the blank property shape in it."""
    if shape is None:
        return ""
    if isinstance(shape, BNode):
        shapes = load_shapes(kind)
        parent = shapes.value(None, SH.property, shape)
        if parent is None:
            return "_:" + str(shape)
        path = shapes.value(shape, SH.path)
        return _n3(parent) + (f" ({_n3(path)})" if isinstance(path, URIRef) else "")
    return _n3(shape)


def _result(report: Graph, node: Node, lang: str, kind: str) -> ValidationResult:
    component = report.value(node, SH.sourceConstraintComponent)
    messages = _messages(report, node, kind)
    path = report.value(node, SH.resultPath)
    res = ValidationResult(
        focus_node=report.value(node, SH.focusNode),
        path=path,
        value=report.value(node, SH.value),
        severity=_SEVERITIES.get(report.value(node, SH.resultSeverity), "Violation"),
        message="",
        source_shape=report.value(node, SH.sourceShape),
        constraint=str(component).rsplit("#", 1)[-1] if component is not None else "",
        messages=messages,
        path_text=_path_text(report, path),
    )
    res.shape_name = _shape_name(kind, res.source_shape)
    res.shape_set = kind
    res.message = res.message_in(lang)
    return res


def _unskolem(node: Node | None) -> Node | None:
    if isinstance(node, URIRef) and str(node).startswith(_SKOLEM):
        return BNode(str(node)[len(_SKOLEM):])
    return node


_context_cache: dict[tuple[int, int], tuple[weakref.ref[Graph], Graph]] = {}


def _context_copy(context: Graph) -> Graph:
    """A private copy of ``context`` reused across calls with the same context object (the build
    passes one ontology+reference graph for every document). Only used under ``_lock``."""
    key = (id(context), len(context))
    hit = _context_cache.get(key)
    if hit is not None and hit[0]() is context:
        return hit[1]
    copy = Graph()
    copy.addN((s, p, o, copy) for s, p, o in context)
    if len(_context_cache) >= 4:
        _context_cache.clear()
    _context_cache[key] = (weakref.ref(context), copy)
    return copy


def validate(data: Graph, *, context: Graph | None = None, lang: str = "en",
             per_source: bool = True) -> ValidationReport:
    """Validate ``data`` (a source graph or a record) against the shapes.

    ``context`` (ontology + reference data) is merged in for class and type lookups; results are
    only about subjects of ``data``. ``per_source`` adds the strict per-source set (maxCount 1
    on contestable properties), checked on ``data`` alone, or on each named graph of a dataset
    separately (a dataset is validated as the union otherwise). ``lang`` picks the message language
    (``en`` or ``vi``; English when a shape has no message in that language).
    """
    flat = flatten(data)
    flat, skolemized = _skolemize(flat)
    subjects = {s for s in flat.subjects() if isinstance(s, URIRef)}
    with _lock:
        if context is not None and len(context):
            # The data is added to a cached copy of the context and taken out again afterwards:
            # copying the ~5k context triples per source graph cost as much as validating it.
            merged = _context_copy(context)
            added = [t for t in flat if t not in merged]
            merged.addN((s, p, o, merged) for s, p, o in added)
            try:
                raw = _run("relaxed", merged, subjects)
            finally:
                for t in added:
                    merged.remove(t)
        else:
            raw = _run("relaxed", flat, subjects)
        if per_source and (SHAPES_DIR / PER_SOURCE_FILE).exists():
            for part in _parts(data):  # each named graph of a dataset is one source
                part_flat = _skolemize(part)[0] if skolemized else part
                part_subjects = {s for s in part_flat.subjects() if isinstance(s, URIRef)}
                raw += _run("per-source", part_flat, part_subjects)
    results: list[ValidationResult] = []
    seen: set[tuple[Any, ...]] = set()
    for kind, report, node in raw:
        r = _result(report, node, lang, kind)
        if r.focus_node not in subjects:
            continue
        key = (r.focus_node, r.path_text, r.value, r.source_shape, r.constraint,
               tuple(sorted(r.messages.items())))  # two SPARQL constraints of one shape differ
        if key in seen:
            continue
        seen.add(key)
        if skolemized:
            r.focus_node = _unskolem(r.focus_node)  # type: ignore[assignment]
            r.value = _unskolem(r.value)
        results.append(r)
    conforms = not any(r.severity == "Violation" for r in results)
    return ValidationReport(conforms=conforms, results=results)


def preload() -> None:
    """Parse the shapes, harvest pyshacl's shapes and load the context now (about a second), so
    the first request of a long-running service does not pay for it."""
    for kind in ("relaxed", "per-source"):
        _shapes_graph(kind)
    load_context()


def validate_record(data: bytes, media_type: str, *, source: str = "<record>",
                    context: Graph | None = None, lang: str = "en",
                    per_source: bool = True) -> ValidationReport:
    """Parse a record (raises ``graph.store.ParseError`` with line and column) and validate it
    with the ontology and reference data as context (``load_context()`` unless given). Raises
    ``SetupError`` if the shapes, ontology or reference data themselves cannot be read.

    The parsed record is ``report.graph`` (a plain Graph: the triples of every graph of an
    N-Quads/TriG record, since a record is written into one graph/record/{hash}), so a caller
    that inserts it does not parse twice."""
    from loaders.records import parse_record

    try:  # before the record: a broken ontology must not be reported as a broken record
        ctx = load_context() if context is None else context
        load_shapes("relaxed")
    except ParseError as exc:
        raise SetupError(f"cannot read the shapes, ontology or reference data: {exc}") from exc
    g = parse_record(data, media_type, source=source)
    report = validate(g, context=ctx, lang=lang, per_source=per_source)
    report.graph = flatten(g)
    return report


def record_id(g: Graph) -> str:
    """A content hash of a record: the same triples (in any syntax) give the same graph name."""
    from rdflib.compare import to_canonical_graph

    from graph.model import content_hash

    canon = to_canonical_graph(flatten(g))
    return content_hash(*sorted(f"{s.n3()} {p.n3()} {o.n3()}" for s, p, o in canon))

