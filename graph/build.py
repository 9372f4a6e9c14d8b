"""The build pipeline: ontology and reference data into their graphs, every corpus document
through the loaders into its own named graph, SHACL validation, one atomic write, a summary.

Why one write: a build that dies half-way must leave the store as it was (rule 4), and the
embedded store commits one SPARQL Update as one transaction. Re-running replaces the same graphs
with the same IRIs, so a build is idempotent.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from rdflib import Graph, Literal, URIRef

from graph.model import (
    ONTOLOGY_GRAPH,
    PROV,
    REFERENCE_GRAPH,
    XSD,
    record_graph,
    source_graph,
    sparql_prefixes,
)
from graph.store import ParseError, Store

__all__ = [
    "PROJECT_ROOT", "BuildError", "BuildSummary", "DocumentReport", "build", "load_ontology",
    "load_reference_data", "parse_rdf_file",
]

PROJECT_ROOT = Path(__file__).resolve().parents[1]
TEXT_SUFFIXES = {".txt", ".md"}
RECORD_SUFFIXES = {".ttl", ".jsonld", ".nt", ".nq", ".trig", ".rdf"}


class BuildError(Exception):
    """The build cannot proceed (unreadable ontology or reference data); nothing was written."""


@dataclass
class DocumentReport:
    """What the build did with one corpus file."""

    doc_id: str
    path: str
    graph: str
    triples: int = 0
    facts: dict[str, int] = field(default_factory=dict)
    unresolved: int = 0
    minted: list[tuple[str, str, str]] = field(default_factory=list)
    inferred: list[str] = field(default_factory=list)
    violations: int = 0
    warnings: int = 0
    error: str | None = None
    report: str | None = None

    @property
    def accepted(self) -> bool:
        return self.error is None and self.violations == 0


@dataclass
class BuildSummary:
    """Figures of one build, for the CLI and the closing notes."""

    documents: list[DocumentReport] = field(default_factory=list)
    graphs: dict[str, int] = field(default_factory=dict)
    entities: int = 0
    seconds: float = 0.0

    @property
    def triples(self) -> int:
        return sum(self.graphs.values())

    @property
    def violations(self) -> int:
        return sum(d.violations for d in self.documents)

    @property
    def rejected(self) -> list[DocumentReport]:
        return [d for d in self.documents if not d.accepted]

    def to_text(self) -> str:
        lines = [f"{'document':<34} {'triples':>7} {'facts':>5} {'unres':>5} {'minted':>6} "
                 f"{'infer':>5} {'viol':>4}  status"]
        for d in self.documents:
            status = "ok" if d.accepted else ("ERROR: " + d.error if d.error else "rejected")
            lines.append(f"{d.doc_id:<34} {d.triples:>7} {sum(d.facts.values()):>5} "
                         f"{d.unresolved:>5} {len(d.minted):>6} {len(d.inferred):>5} "
                         f"{d.violations:>4}  {status}")
        minted = sorted({m for d in self.documents for m in d.minted})
        if minted:
            lines.append("")
            lines.append(f"new entities not in the reference data ({len(minted)}):")
            lines.extend(f"  {typ:<22} {label}  <{iri}>" for iri, label, typ in minted)
        lines.append("")
        lines.append("triples per graph:")
        lines.extend(f"  {n:>8}  {g}" for g, n in sorted(self.graphs.items()))
        lines.append("")
        lines.append(f"documents {len(self.documents)} (rejected {len(self.rejected)}), "
                     f"triples {self.triples}, entities {self.entities}, "
                     f"violations {self.violations}, {self.seconds:.2f} s")
        return "\n".join(lines)


def parse_rdf_file(path: Path, graph: Graph | None = None) -> Graph:
    """Parse one RDF file into ``graph``; a syntax error names the file and line."""
    from graph.formats import media_type_for, rdflib_format

    g = graph if graph is not None else Graph()
    try:
        g.parse(path, format=rdflib_format(media_type_for(path.name)))
    except Exception as exc:  # rdflib raises many parser-specific types
        line = getattr(exc, "lines", None) or getattr(exc, "line", None)
        raise ParseError(str(exc).strip().splitlines()[0] if str(exc).strip() else repr(exc),
                         line if isinstance(line, int) else None, None, str(path)) from exc
    return g


def load_ontology(root: Path = PROJECT_ROOT) -> Graph:
    """``ontology/aseankg.ttl``, the vocabulary."""
    return parse_rdf_file(root / "ontology" / "aseankg.ttl")


def load_reference_data(root: Path = PROJECT_ROOT) -> Graph:
    """Every curated file under ``ontology/reference/``, as one graph."""
    g = Graph()
    for path in sorted((root / "ontology" / "reference").glob("*.ttl")):
        parse_rdf_file(path, g)
    return g


def _stamp(g: Graph, name: URIRef, when: str) -> None:
    g.set((name, PROV.generatedAtTime, Literal(when, datatype=XSD.dateTime)))


def _extract(path: Path, reference: Graph) -> tuple[Graph, DocumentReport]:
    """Run the loader for one file and describe what it found."""
    if path.suffix in TEXT_SUFFIXES:
        from loaders.article import extract_file

        ex = extract_file(path, reference=reference)
        rep = DocumentReport(ex.doc_id, str(path), str(source_graph(ex.doc_id)),
                             facts=dict(ex.facts), unresolved=len(ex.unresolved),
                             minted=list(ex.minted), inferred=list(ex.inferred))
        return ex.graph, rep
    from graph.formats import media_type_for
    from loaders.records import parse_record

    g = parse_record(path.read_bytes(), media_type_for(path.name), source=str(path))
    return g, DocumentReport(path.stem, str(path), str(record_graph(path.stem)))


def build(store: Store, corpus_dir: Path, *, validate: bool = True, prune: bool = False,
          progress: Callable[[str], None] | None = None, root: Path = PROJECT_ROOT) -> BuildSummary:
    """Build the graph from ``corpus_dir`` into ``store`` and return the summary.

    Documents whose extraction fails or violates the shapes are reported and not written;
    everything accepted is written in one atomic ``replace_graphs``. With ``prune``, source
    graphs of documents no longer in the corpus are dropped in the same write.
    """
    started = time.perf_counter()
    try:
        ontology = load_ontology(root)
        reference = load_reference_data(root)
    except ParseError as exc:
        raise BuildError(f"cannot read the ontology or reference data: {exc}") from exc
    context = ontology + reference
    when = datetime.now(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")

    summary = BuildSummary()
    graphs: dict[str, Graph] = {str(ONTOLOGY_GRAPH): ontology, str(REFERENCE_GRAPH): reference}
    files = sorted(p for p in corpus_dir.iterdir()
                   if p.is_file() and p.suffix in TEXT_SUFFIXES | RECORD_SUFFIXES)
    for path in files:
        if progress:
            progress(path.name)
        try:
            g, rep = _extract(path, context)
        except Exception as exc:  # a bad document must not stop the others
            summary.documents.append(DocumentReport(path.stem, str(path), "", error=str(exc)))
            continue
        rep.triples = len(g)
        if validate:
            from graph.validate import validate as shacl_validate

            report = shacl_validate(g, context=context)
            rep.violations, rep.warnings = report.violations, report.warnings
            if not report.conforms and report.violations:
                rep.report = report.to_text()
        summary.documents.append(rep)
        if rep.accepted:
            _stamp(g, URIRef(rep.graph), when)
            graphs[rep.graph] = g

    remove: list[str] = []
    if prune:
        keep = set(graphs)
        remove = [g for g in store.graphs()
                  if g.startswith(str(source_graph(""))) and g not in keep]
    store.replace_graphs(graphs, remove=remove)

    summary.graphs = {g: store.count(g) for g in store.graphs()}
    res = store.query(sparql_prefixes() + """
        SELECT (COUNT(DISTINCT ?e) AS ?n) WHERE {
          ?e a ?t . FILTER(isIRI(?e) && CONTAINS(STR(?e), "/id/")
            && !CONTAINS(STR(?e), "/id/annotation/") && !CONTAINS(STR(?e), "/id/mention/"))
        }""")
    summary.entities = int(res.rows[0]["n"]) if res.rows else 0
    summary.seconds = time.perf_counter() - started
    return summary
