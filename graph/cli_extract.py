"""`aseankg extract FILE`: show what the article loader finds in one article.

Why a command: a person checking an unseen article needs to see entities, facts, unresolved
mentions and the inferences at a glance (table) and the exact RDF (turtle), without building a
store.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import click

from graph.model import BASE, PREFIXES

__all__ = ["commands", "extract_cmd"]


def _short(term: object) -> str:
    s = str(term)
    for prefix, ns in PREFIXES.items():
        if s.startswith(ns):
            return f"{prefix}:{s[len(ns):]}"
    if s.startswith(BASE):
        return s[len(BASE):]
    return s


def _table(ex) -> str:  # noqa: ANN001 - loaders.article.Extraction
    from rdflib.namespace import RDF

    from graph.model import AKG, ORG

    g = ex.graph
    lines = [f"document {ex.doc_id}", ""]
    lines.append("entities (mentions):")
    counts: Counter[tuple[str, str]] = Counter()
    surfaces: dict[tuple[str, str], set[str]] = {}
    for m in ex.mentions:
        if m.iri is None:
            continue
        key = (m.kind, _short(m.iri))
        counts[key] += 1
        surfaces.setdefault(key, set()).add(m.surface)
    for (kind, iri), n in sorted(counts.items()):
        forms = " | ".join(sorted(surfaces[(kind, iri)]))[:70]
        lines.append(f"  {kind:<15}{iri:<48}{n:>3}  {forms}")
    lines.append("")
    lines.append("facts:")
    for name, n in ex.facts.items():
        lines.append(f"  {name:<16}{n:>5}")
    lines.append("")
    kinds = [(AKG.Meeting, "meeting"), (AKG.Participation, "participation"),
             (AKG.ReportedFigure, "figure"), (AKG.DocumentEvent, "document event"),
             (ORG.Membership, "membership"), (AKG.Claim, "claim")]
    for cls, label in kinds:
        nodes = sorted(set(g.subjects(RDF.type, cls)), key=str)
        if not nodes:
            continue
        lines.append(f"{label}s:")
        for n in nodes:
            props = []
            for p, o in sorted(g.predicate_objects(n), key=lambda x: (str(x[0]), str(x[1]))):
                ps = _short(p)
                if ps in ("rdf:type", "prov:wasDerivedFrom", "akg:evidence", "rdfs:label"):
                    continue
                props.append(f"{ps.split(':')[-1]}={_short(o)}")
            lines.append(f"  {_short(n)}")
            lines.append("      " + "; ".join(props))
        lines.append("")
    lines.append("unresolved mentions:" if ex.unresolved else "unresolved mentions: none")
    for m in ex.unresolved:
        lines.append(f"  {m.start}-{m.end}  {m.kind:<12}{m.surface}")
    lines.append("minted entities:" if ex.minted else "minted entities: none")
    for iri, label, kind in ex.minted:
        lines.append(f"  {kind:<15}{_short(iri):<48}{label}")
    lines.append("inferred values:" if ex.inferred else "inferred values: none")
    for item in ex.inferred:
        lines.append(f"  {item}")
    return "\n".join(lines)


@click.command("extract")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["table", "turtle", "both"]),
              default="both", show_default=True, help="readable table, Turtle RDF, or both")
def extract_cmd(file: Path, fmt: str) -> None:
    """Extract one article (vi or en) and print entities, facts, unresolved mentions and RDF."""
    from loaders.article import extract_file
    from loaders.errors import LoaderError

    try:
        ex = extract_file(file)
    except LoaderError as exc:
        raise click.ClickException(str(exc)) from exc
    if fmt in ("table", "both"):
        click.echo(_table(ex))
    if fmt in ("turtle", "both"):
        g = ex.graph
        for prefix, ns in PREFIXES.items():
            g.bind(prefix, ns)
        if fmt == "both":
            click.echo("")
        click.echo(g.serialize(format="turtle"))


commands = [extract_cmd]
