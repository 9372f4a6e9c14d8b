"""Extraction evaluation: hand-written gold facts versus the loader's RDF, as precision and recall.

Why this module exists: the loader is judged on articles it has never seen, so its quality must be
measured against facts a person read off the text, not against its own earlier output. The scorer
reads the loader's RDF **only through the data-model contract** (docs/model.md) with SPARQL, so any
loader that emits the contract can be scored, and a loader that drifts from the contract loses
points here before it breaks the named queries.

Gold format (one JSON file per article; full guide with examples in docs/evaluation.md)::

    {
      "doc_id": "001_7fbc07315b12997b",          # = file stem of the article
      "language": "vi",                            # vi | en
      "notes": "free text (optional)",
      "facts": {
        "entity":         [{"iri": "id/org/asean", "surface": ["ASEAN"]}],
        "meeting":        [{"series": "id/series/iai-tf", "ordinal": 63,
                            "start_date": "2021-03-25", "end_date": "2021-03-25",
                            "place": null, "mode": "online",
                            "chair_country": "id/country/vn",
                            "chair_person": "id/person/nguyen-hai-bang", "quote": "…"}],
        "participation":  [{"event": "id/meeting/iai-tf/63", "participant": "id/country/vn",
                            "role": "id/concept/role/chair", "quote": "…"}],
        "figure":         [{"about": "id/workplan/iai-3", "measure": "id/concept/measure/…",
                            "value": "31000000", "unit": "id/concept/unit/usd",
                            "qualifier": "approximately", "as_of": "2021-03-25",
                            "denominator": null, "funded_by": null, "quote": "…"}],
        "document_event": [{"document": "id/workplan/iai-4", "action": "id/concept/action/adopted",
                            "date": "2020", "tense": "done", "quote": "…"}],
        "membership":     [{"person": "id/person/…", "organization": "id/org/…",
                            "role": "id/concept/role/…", "quote": "…"}],
        "chair_term":     [{"body": "id/org/iai-task-force", "year": "2021",
                            "holder": "id/country/vn", "role": "id/concept/role/chair",
                            "quote": "…"}],
        "claim":          [{"subject": "id/workplan/iai-3", "property": "akg:plannedEnd",
                            "value": "2021-07", "quote": "…"}]
      }
    }

IRIs are written relative to the base ``https://w3id.org/aseankg/`` ("id/workplan/iai-3"); IRIs
outside the base are written in full. Dates are ISO lexical forms at the precision the text gives
("2021-03-25", "2021-07", "2020"). Numbers are decimals in plain notation ("24800000", "84.6").
``quote`` (facts) and ``surface`` (entities) are exact substrings of the article and are checked by
the tests; they, ``notes`` and ``inferred`` are documentation and are never compared.

Matching: every fact becomes a tuple of its key fields (``FIELDS``); a predicted tuple matches a
gold tuple when every field is equal after normalisation. A wrong value in any field is therefore
one miss (the gold tuple) and one false positive (the predicted tuple). The one place with partial
credit is ``meeting``: a meeting is expanded into one fact per stated field,
``(meeting-ref, field, value)``, plus ``(meeting-ref, "series", series)`` for its existence
(series null for a one-off event), so a meeting with the right series and ordinal but a wrong date
loses only the date. The meeting-ref is ``id/meeting/{series-key}/{ordinal}`` for a numbered
meeting, else ``id/meeting/{start_date}``, else ``id/meeting/{series-key}``, computed from the
meeting's own properties (not from its IRI); participation events and figures about meetings
refer to meetings by this ref.

Normalisation of the prediction: missing ``akg:valueQualifier`` means ``exact``; missing
``akg:tense`` means ``done``; a qualifier is its local name (``approximately``); the attendance
mode is ``online`` / ``offline`` / ``mixed``; a ``claim`` is either an ``akg:Claim`` node or a
plain triple whose predicate is one of ``CLAIM_PROPERTIES`` on a subject that is not a meeting.

Precision = matched predicted / predicted and recall = matched gold / gold, per fact type and
overall (micro: summed over types and documents).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.graph import ConjunctiveGraph

from graph.model import BASE, PREFIXES, source_graph, sparql_prefixes

__all__ = [
    "CLAIM_PROPERTIES", "ENTITY_KINDS", "FACT_TYPES", "FIELDS", "Counts", "DocScore", "EvalError",
    "GoldError", "Report", "Scores", "evaluate", "format_report", "gold_facts", "load_gold",
    "load_gold_files", "near_misses", "project", "score",
]

FACT_TYPES: tuple[str, ...] = (
    "entity", "meeting", "participation", "figure", "document_event", "membership",
    "chair_term", "claim",
)

# The compared fields of each fact type, in tuple order. ``meeting`` facts are expanded.
FIELDS: dict[str, tuple[str, ...]] = {
    "entity": ("iri",),
    "meeting": ("meeting", "field", "value"),
    "participation": ("event", "participant", "role"),
    "figure": ("about", "measure", "value", "unit", "qualifier", "as_of", "denominator",
               "funded_by"),
    "document_event": ("document", "action", "date", "tense"),
    "membership": ("person", "organization", "role"),
    "chair_term": ("body", "year", "holder", "role"),
    "claim": ("subject", "property", "value"),
}

MEETING_FIELDS: tuple[str, ...] = (
    "start_date", "end_date", "place", "mode", "chair_country", "chair_person",
)
# Keys a gold fact may carry that are documentation, never compared.
DOC_KEYS: frozenset[str] = frozenset({"quote", "surface", "notes", "inferred", "comment"})

# Entity kinds (first path segment after id/) counted as "entity" facts.
ENTITY_KINDS: frozenset[str] = frozenset({
    "initiative", "workplan", "framework", "actionplan", "nationalscheme", "report",
    "legislation", "org", "country", "place", "person", "series",
})

# Predicates read as claims when stated as plain triples in a source graph (CURIE → IRI).
# Adoption and approval are scored once, as document_event facts, so akg:adoptedOn/adoptedAt are
# deliberately not claims here (neither credited nor penalised).
CLAIM_PROPERTIES: dict[str, str] = {
    "akg:periodStart": PREFIXES["akg"] + "periodStart",
    "akg:periodEnd": PREFIXES["akg"] + "periodEnd",
    "akg:plannedEnd": PREFIXES["akg"] + "plannedEnd",
    "akg:horizon": PREFIXES["akg"] + "horizon",
    "akg:approvedBy": PREFIXES["akg"] + "approvedBy",
    "akg:implements": PREFIXES["akg"] + "implements",
    "akg:beneficiary": PREFIXES["akg"] + "beneficiary",
    "akg:strategicArea": PREFIXES["akg"] + "strategicArea",
    "akg:newArea": PREFIXES["akg"] + "newArea",
    "schema:legislationIdentifier": PREFIXES["schema"] + "legislationIdentifier",
    "schema:legislationDate": PREFIXES["schema"] + "legislationDate",
}
_CURIE_OF = {v: k for k, v in CLAIM_PROPERTIES.items()}

_MODES = {
    PREFIXES["schema"] + "OnlineEventAttendanceMode": "online",
    PREFIXES["schema"] + "OfflineEventAttendanceMode": "offline",
    PREFIXES["schema"] + "MixedEventAttendanceMode": "mixed",
}
_MEETING_PROPS = {
    PREFIXES["akg"] + "series": "series",
    PREFIXES["akg"] + "ordinal": "ordinal",
    PREFIXES["schema"] + "startDate": "start_date",
    PREFIXES["schema"] + "endDate": "end_date",
    PREFIXES["schema"] + "location": "place",
    PREFIXES["schema"] + "eventAttendanceMode": "mode",
    PREFIXES["akg"] + "chairCountry": "chair_country",
    PREFIXES["akg"] + "chairPerson": "chair_person",
}

Fact = tuple[str | None, ...]
FactSets = dict[str, set[Fact]]


class EvalError(Exception):
    """Evaluation cannot run (no loader, no article): the message says what is missing."""


class GoldError(EvalError, ValueError):
    """A gold file that does not follow the format: names the file, the fact and the reason."""


# --------------------------------------------------------------------------- normalisation

def rel(term: object) -> str | None:
    """An RDF term as gold writes it: base-relative IRI, full foreign IRI, or literal lexical."""
    if term is None:
        return None
    if isinstance(term, URIRef):
        s = str(term)
        return s[len(BASE):] if s.startswith(BASE) else s
    if isinstance(term, BNode):
        return f"_:{term}"
    if isinstance(term, Literal):
        return str(term)
    return str(term)


def norm_number(value: object) -> str | None:
    """Plain decimal notation without trailing zeros: 24.80e6 → '24800000', '84,6' → '84.6'."""
    if value is None:
        return None
    text = str(value).strip().replace(",", ".") if isinstance(value, str) else str(value)
    try:
        number = Decimal(text)
    except InvalidOperation:
        return str(value)
    if number == number.to_integral_value():
        return str(number.quantize(Decimal(1)))
    return format(number.normalize(), "f")


def _local(iri: str) -> str:
    for sep in ("#", "/"):
        if sep in iri:
            iri = iri.rsplit(sep, 1)[1]
    return iri


def _norm_field(name: str, value: object) -> str | None:
    """Normalise one gold or predicted field value so equal meanings compare equal."""
    if value is None:
        return None
    if name in ("value", "denominator") and not (isinstance(value, str) and "/" in value):
        if isinstance(value, (int, float, Decimal)) or _looks_numeric(str(value)):
            return norm_number(value)
    if name == "qualifier":
        return _local(str(value))
    if name == "tense":
        return str(value).lower()
    if name in ("ordinal", "year"):
        return norm_number(value)
    if isinstance(value, str) and value.startswith(BASE):
        return value[len(BASE):]
    return str(value)


def _looks_numeric(text: str) -> bool:
    try:
        Decimal(text.replace(",", "."))
    except InvalidOperation:
        return False
    return True


def meeting_ref(series: str | None, ordinal: object = None, start_date: str | None = None,
                fallback: str | None = None) -> str:
    """The comparable name of a meeting, independent of how its IRI was minted.

    Numbered: ``id/meeting/{series-key}/{ordinal}``; else dated: ``id/meeting/{start_date}``
    (one-off events need no series to be matched); else ``id/meeting/{series-key}``.
    """
    if series is not None and ordinal is not None:
        return f"id/meeting/{_local(series)}/{norm_number(ordinal)}"
    if start_date:
        return f"id/meeting/{start_date}"
    if series is not None:
        return f"id/meeting/{_local(series)}"
    return fallback or "id/meeting/?"


def expand_meeting(meeting: Mapping[str, Any]) -> list[Fact]:
    """One gold or predicted meeting → its (ref, field, value) facts (the partial-credit unit).

    The first fact always stands for the meeting's existence: ``(ref, "series", series)``, or
    ``(ref, "series", None)`` for a one-off event without a series.
    """
    series = meeting.get("series")
    start = meeting.get("start_date")
    if isinstance(start, (list, tuple)):
        start = min(start) if start else None
    ref = meeting_ref(series, meeting.get("ordinal"), start, meeting.get("_fallback"))
    facts: list[Fact] = [(ref, "series", series)]
    for name in MEETING_FIELDS:
        value = meeting.get(name)
        values = value if isinstance(value, (list, tuple, set)) else [value]
        for v in values:
            if v is not None:
                facts.append((ref, name, _norm_field(name, v)))
    return facts


# --------------------------------------------------------------------------- gold

def load_gold(path: Path) -> dict[str, Any]:
    """Read and check one gold file; raise GoldError naming the file and fact on any problem."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise GoldError(f"{path}:{exc.lineno}:{exc.colno}: invalid JSON: {exc.msg}") from exc
    if not isinstance(data, dict):
        raise GoldError(f"{path}: top level must be an object")
    for key in ("doc_id", "language", "facts"):
        if key not in data:
            raise GoldError(f"{path}: missing key {key!r}")
    if data["language"] not in ("vi", "en"):
        raise GoldError(f"{path}: language must be 'vi' or 'en', not {data['language']!r}")
    facts = data["facts"]
    if not isinstance(facts, dict):
        raise GoldError(f"{path}: 'facts' must be an object of fact type → list")
    for ftype, items in facts.items():
        if ftype not in FACT_TYPES:
            raise GoldError(f"{path}: unknown fact type {ftype!r} (known: {', '.join(FACT_TYPES)})")
        if not isinstance(items, list):
            raise GoldError(f"{path}: facts.{ftype} must be a list")
        allowed = _allowed_keys(ftype)
        for i, item in enumerate(items):
            if not isinstance(item, dict):
                raise GoldError(f"{path}: facts.{ftype}[{i}] must be an object")
            unknown = set(item) - allowed - DOC_KEYS
            if unknown:
                raise GoldError(f"{path}: facts.{ftype}[{i}]: unknown field(s) "
                                f"{sorted(unknown)}; allowed: {sorted(allowed)}")
            for key in _required(ftype):
                if item.get(key) in (None, ""):
                    raise GoldError(f"{path}: facts.{ftype}[{i}]: missing {key!r}")
            if ftype == "meeting" and not (item.get("series") or item.get("start_date")):
                raise GoldError(f"{path}: facts.meeting[{i}]: needs a series or a start_date")
    data["_path"] = str(path)
    return data


def _allowed_keys(ftype: str) -> set[str]:
    if ftype == "meeting":
        return {"series", "ordinal", *MEETING_FIELDS}
    return set(FIELDS[ftype])


def _required(ftype: str) -> tuple[str, ...]:
    if ftype == "meeting":
        return ()
    optional = {"figure": {"qualifier", "as_of", "denominator", "funded_by", "unit"},
                "document_event": {"date", "tense"}}
    return tuple(f for f in FIELDS[ftype] if f not in optional.get(ftype, set()))


def load_gold_files(target: Path) -> list[dict[str, Any]]:
    """A gold file, or every ``*.json`` gold file under a directory (sorted, recursive)."""
    target = Path(target)
    if target.is_dir():
        paths = sorted(target.rglob("*.json"))
        if not paths:
            raise GoldError(f"{target}: no *.json gold files")
    elif target.is_file():
        paths = [target]
    else:
        raise GoldError(f"{target}: no such file or directory")
    return [load_gold(p) for p in paths]


def gold_facts(gold: Mapping[str, Any]) -> FactSets:
    """The gold document's facts as comparable tuples, per fact type."""
    out: FactSets = {t: set() for t in FACT_TYPES}
    for ftype, items in gold["facts"].items():
        for item in items:
            if ftype == "meeting":
                out[ftype].update(expand_meeting(item))
                continue
            fact = {name: item.get(name) for name in FIELDS[ftype]}
            if ftype == "figure":
                fact["qualifier"] = fact["qualifier"] or "exact"
            if ftype == "document_event":
                fact["tense"] = fact["tense"] or "done"
            out[ftype].add(tuple(_norm_field(n, fact[n]) for n in FIELDS[ftype]))
    return out


# --------------------------------------------------------------------------- projection

def _flatten(graph: Graph, doc_id: str) -> Graph:
    """The triples to judge: a plain Graph as is; from a Dataset, the document's source graph.

    model.md puts everything extracted from a document in ``graph/source/{doc-id}``; reading
    only that graph keeps reference data (e.g. curated work-plan periods) from being credited
    to the loader. A Dataset without that graph is read whole (all its quads).
    """
    if not isinstance(graph, (Dataset, ConjunctiveGraph)):
        return graph
    wanted = source_graph(doc_id)
    contexts = {c.identifier for c in graph.contexts()}
    flat = Graph()
    for s, p, o, g in graph.quads((None, None, None, None)):
        ident = getattr(g, "identifier", g)
        if wanted not in contexts or ident == wanted:
            flat.add((s, p, o))
    return flat


def _rows(graph: Graph, body: str) -> Iterator[tuple[Any, ...]]:
    yield from graph.query(sparql_prefixes() + body)  # type: ignore[misc]


def project(graph: Graph, doc_id: str) -> FactSets:
    """The loader's RDF for one document → fact tuples per type, following docs/model.md.

    ``graph`` is one document's extraction (a Graph), or a Dataset holding its source graph
    ``graph/source/{doc_id}`` (only that graph is read when present).
    """
    g = _flatten(graph, doc_id)
    out: FactSets = {t: set() for t in FACT_TYPES}

    for (entity,) in _rows(g, """
        SELECT DISTINCT ?e WHERE {
          { ?m a akg:Mention ; oa:hasBody ?e . } UNION { ?e akg:minted true . }
          UNION { ?x a akg:Meeting ; akg:series ?e . }
        }"""):
        r = rel(entity)
        if r and r.startswith("id/") and r.split("/")[1] in ENTITY_KINDS:
            out["entity"].add((r,))

    meetings: dict[Any, dict[str, list[str]]] = {}
    for m, p, o in _rows(g, """
        SELECT ?m ?p ?o WHERE { ?m a akg:Meeting ; ?p ?o . }"""):
        record = meetings.setdefault(m, {})
        name = _MEETING_PROPS.get(str(p))
        if name is not None:
            record.setdefault(name, []).append(_MODES.get(str(o), rel(o)) if name == "mode"
                                               else rel(o))
    refs: dict[Any, str] = {}
    for node, values in meetings.items():
        # several series/ordinals on one node: the smallest names it, the rest are compared
        record: dict[str, Any] = {k: sorted(set(v)) for k, v in values.items()}
        record["_fallback"] = rel(node)
        for key in ("series", "ordinal"):
            record[key] = record[key][0] if record.get(key) else None
        facts = expand_meeting(record)
        refs[node] = facts[0][0] or ""
        out["meeting"].update(facts)
    def ev(term: Any) -> str | None:
        return refs.get(term) or rel(term)

    for e, who, role in _rows(g, """
        SELECT ?e ?who ?role WHERE {
          ?p a akg:Participation ; akg:event ?e ; akg:participant ?who .
          OPTIONAL { ?p akg:role ?role } }"""):
        out["participation"].add((ev(e), rel(who), rel(role)))

    for row in _rows(g, """
        SELECT ?about ?measure ?value ?unit ?q ?asof ?den ?funder WHERE {
          ?f a akg:ReportedFigure ; akg:about ?about ; akg:measure ?measure ; akg:value ?value .
          OPTIONAL { ?f akg:unit ?unit } OPTIONAL { ?f akg:valueQualifier ?q }
          OPTIONAL { ?f akg:asOf ?asof } OPTIONAL { ?f akg:denominator ?den }
          OPTIONAL { ?f akg:fundedBy ?funder } }"""):
        about, measure, value, unit, q, asof, den, funder = row
        fact = {"about": ev(about), "measure": rel(measure), "value": rel(value),
                "unit": rel(unit), "qualifier": rel(q) or "exact", "as_of": rel(asof),
                "denominator": rel(den), "funded_by": rel(funder)}
        out["figure"].add(tuple(_norm_field(n, fact[n]) for n in FIELDS["figure"]))

    for doc, action, date, tense in _rows(g, """
        SELECT ?doc ?action ?date ?tense WHERE {
          ?d a akg:DocumentEvent ; akg:document ?doc ; akg:action ?action .
          OPTIONAL { ?d akg:date ?date } OPTIONAL { ?d akg:tense ?tense } }"""):
        out["document_event"].add((rel(doc), rel(action), rel(date),
                                   _norm_field("tense", rel(tense) or "done")))

    for person, org, role in _rows(g, """
        SELECT ?person ?org ?role WHERE {
          ?m a org:Membership ; org:member ?person ; org:organization ?org .
          OPTIONAL { ?m org:role ?role }
          FILTER NOT EXISTS { ?m a akg:ChairTerm } }"""):
        out["membership"].add((rel(person), rel(org), rel(role)))

    for body, year, holder, role in _rows(g, """
        SELECT ?body ?year ?holder ?role WHERE {
          ?m a akg:ChairTerm ; org:organization ?body ; org:member ?holder .
          OPTIONAL { ?m akg:year ?year } OPTIONAL { ?m org:role ?role } }"""):
        out["chair_term"].add((rel(body), _norm_field("year", rel(year)), rel(holder),
                               rel(role)))

    for s, p, v in _rows(g, """
        SELECT ?s ?p ?v WHERE {
          ?c a akg:Claim ; akg:subject ?s ; akg:property ?p ; akg:value ?v . }"""):
        out["claim"].add(_claim(s, p, v))
    values = " ".join(f"<{iri}>" for iri in CLAIM_PROPERTIES.values())
    for s, p, v in _rows(g, f"""
        SELECT ?s ?p ?v WHERE {{
          VALUES ?p {{ {values} }}
          ?s ?p ?v .
          FILTER NOT EXISTS {{ ?s a akg:Meeting }}
          FILTER NOT EXISTS {{ ?s a akg:Claim }} }}"""):
        out["claim"].add(_claim(s, p, v))
    return out


def _claim(s: Any, p: Any, v: Any) -> Fact:
    prop = _CURIE_OF.get(str(p)) or _curie(str(p))
    return (rel(s), prop, _norm_field("value", rel(v)))


def _curie(iri: str) -> str:
    for prefix, ns in PREFIXES.items():
        if iri.startswith(ns):
            return f"{prefix}:{iri[len(ns):]}"
    return iri


# --------------------------------------------------------------------------- scoring

@dataclass
class Counts:
    """Matched, gold and predicted counts of one fact type; P and R are None when undefined."""

    matched_gold: int = 0
    matched_pred: int = 0
    gold: int = 0
    predicted: int = 0

    @property
    def precision(self) -> float | None:
        return self.matched_pred / self.predicted if self.predicted else None

    @property
    def recall(self) -> float | None:
        return self.matched_gold / self.gold if self.gold else None

    def __iadd__(self, other: Counts) -> Counts:
        self.matched_gold += other.matched_gold
        self.matched_pred += other.matched_pred
        self.gold += other.gold
        self.predicted += other.predicted
        return self


@dataclass
class Scores:
    """Per-type counts plus the unmatched facts (misses = gold not found, false positives)."""

    per_type: dict[str, Counts] = field(default_factory=lambda: {t: Counts() for t in FACT_TYPES})
    misses: dict[str, list[Fact]] = field(default_factory=lambda: {t: [] for t in FACT_TYPES})
    false_positives: dict[str, list[Fact]] = field(
        default_factory=lambda: {t: [] for t in FACT_TYPES})

    @property
    def overall(self) -> Counts:
        total = Counts()
        for counts in self.per_type.values():
            total += counts
        return total

    def add(self, other: Scores) -> None:
        for t in FACT_TYPES:
            self.per_type[t] += other.per_type[t]
            self.misses[t].extend(other.misses[t])
            self.false_positives[t].extend(other.false_positives[t])

    def to_dict(self) -> dict[str, Any]:
        def cell(c: Counts) -> dict[str, Any]:
            return {"gold": c.gold, "predicted": c.predicted, "matched": c.matched_gold,
                    "precision": c.precision, "recall": c.recall}
        return {"per_type": {t: cell(c) for t, c in self.per_type.items()},
                "overall": cell(self.overall),
                "misses": {t: [list(f) for f in v] for t, v in self.misses.items() if v},
                "wrong_values": {t: [{"gold": list(g), "predicted": list(p), "field": n}
                                     for g, p, n in near_misses(t, self.misses[t],
                                                                self.false_positives[t])]
                                 for t in FACT_TYPES
                                 if near_misses(t, self.misses[t], self.false_positives[t])},
                "false_positives": {t: [list(f) for f in v]
                                    for t, v in self.false_positives.items() if v}}


def score(gold: Mapping[str, Iterable[Fact]], predicted: Mapping[str, Iterable[Fact]]) -> Scores:
    """Compare fact sets type by type: exact tuple equality after normalisation."""
    result = Scores()
    for t in FACT_TYPES:
        g = set(gold.get(t, ()))
        p = set(predicted.get(t, ()))
        hit = g & p
        result.per_type[t] = Counts(len(hit), len(hit), len(g), len(p))
        result.misses[t] = sorted(g - p, key=_sort_key)
        result.false_positives[t] = sorted(p - g, key=_sort_key)
    return result


def _sort_key(fact: Fact) -> tuple[str, ...]:
    return tuple("" if x is None else str(x) for x in fact)


# --------------------------------------------------------------------------- running

@dataclass
class DocScore:
    doc_id: str
    gold_path: str
    article_path: str
    scores: Scores


@dataclass
class Report:
    """Scores per document and summed (micro) over all documents."""

    documents: list[DocScore] = field(default_factory=list)

    @property
    def total(self) -> Scores:
        total = Scores()
        for doc in self.documents:
            total.add(doc.scores)
        return total

    def to_dict(self) -> dict[str, Any]:
        return {"documents": [{"doc_id": d.doc_id, "gold": d.gold_path,
                               "article": d.article_path, **d.scores.to_dict()}
                              for d in self.documents],
                "total": self.total.to_dict()}


def find_article(gold: Mapping[str, Any], corpus_dirs: Iterable[Path]) -> Path:
    """The article a gold file describes: ``{doc_id}.txt`` in a corpus dir or next to the gold."""
    doc_id = gold["doc_id"]
    candidates = [Path(d) / f"{doc_id}.txt" for d in corpus_dirs]
    candidates.append(Path(gold["_path"]).with_name(f"{doc_id}.txt"))
    for path in candidates:
        if path.is_file():
            return path
    raise GoldError(f"{gold['_path']}: article {doc_id}.txt not found in "
                    + ", ".join(str(c.parent) for c in candidates))


def evaluate(gold_dir: Path, corpus_dir: Path | None = None) -> Report:
    """Run the real loader (loaders.article.extract_file) on every article with a gold file."""
    try:
        from loaders.article import extract_file  # the loader is judged, so import it late
    except ImportError as exc:
        raise EvalError(f"the article loader is not available ({exc})") from exc

    dirs = [Path(corpus_dir)] if corpus_dir else [Path("corpus")]
    report = Report()
    for gold in load_gold_files(Path(gold_dir)):
        article = find_article(gold, dirs)
        extraction = extract_file(article)
        predicted = project(extraction.graph, gold["doc_id"])
        report.documents.append(DocScore(gold["doc_id"], gold["_path"], str(article),
                                         score(gold_facts(gold), predicted)))
    return report


# --------------------------------------------------------------------------- printing

def _pct(x: float | None) -> str:
    return "   —  " if x is None else f"{x * 100:5.1f}%"


def format_table(scores: Scores, title: str = "") -> str:
    """Precision and recall per fact type and overall, as a fixed-width table."""
    lines = [title] if title else []
    lines.append(f"{'fact type':<16}{'gold':>6}{'pred':>6}{'match':>7}{'precision':>11}"
                 f"{'recall':>9}")
    lines.append("-" * 55)
    rows = [(t, c) for t, c in scores.per_type.items() if c.gold or c.predicted]
    for name, c in [*rows, ("overall", scores.overall)]:
        if name == "overall":
            lines.append("-" * 55)
        lines.append(f"{name:<16}{c.gold:>6}{c.predicted:>6}{c.matched_gold:>7}"
                     f"{_pct(c.precision):>11}{_pct(c.recall):>9}")
    return "\n".join(lines)


def _fmt_fact(ftype: str, fact: Fact) -> str:
    return ", ".join(f"{n}={v}" for n, v in zip(FIELDS[ftype], fact, strict=True)
                     if v is not None)


def near_misses(ftype: str, misses: list[Fact],
                false_positives: list[Fact]) -> list[tuple[Fact, Fact, str]]:
    """Pair a missed gold fact with a false positive that differs in exactly one field.

    Such a pair is one wrong value (still one miss and one false positive in the counts); naming
    the field ("as_of", "about") tells the loader engineer what to fix. Each fact pairs once.
    """
    pairs: list[tuple[Fact, Fact, str]] = []
    used: set[int] = set()
    names = FIELDS[ftype]
    if len(names) < 2:
        return pairs  # an entity differs from any other in its only field: no signal
    for gold in misses:
        for j, pred in enumerate(false_positives):
            if j in used:
                continue
            diff = [n for n, a, b in zip(names, gold, pred, strict=True) if a != b]
            if len(diff) == 1 and not (ftype == "meeting" and diff[0] != "value"):
                pairs.append((gold, pred, diff[0]))
                used.add(j)
                break
    return pairs


def format_diff(scores: Scores) -> str:
    """Per type: wrong values (``~`` gold fact, then the field's gold → predicted value), then
    misses (``-``, in gold only) and false positives (``+``, predicted only)."""
    lines: list[str] = []
    for t in FACT_TYPES:
        miss, fp = scores.misses[t], scores.false_positives[t]
        if not miss and not fp:
            continue
        lines.append(f"  [{t}]")
        pairs = near_misses(t, miss, fp)
        paired_gold = {id(g) for g, _, _ in pairs}
        paired_pred = {id(p) for _, p, _ in pairs}
        for gold, pred, name in pairs:
            i = FIELDS[t].index(name)
            lines.append(f"    ~ {_fmt_fact(t, gold)}\n        {name}: {gold[i]} → {pred[i]}")
        lines.extend(f"    - {_fmt_fact(t, f)}" for f in miss if id(f) not in paired_gold)
        lines.extend(f"    + {_fmt_fact(t, f)}" for f in fp if id(f) not in paired_pred)
    return "\n".join(lines)


def format_report(report: Report, *, diff: bool = True) -> str:
    """Per-document tables with diffs, then the micro-averaged total."""
    parts: list[str] = []
    for doc in report.documents:
        parts.append(format_table(doc.scores, f"== {doc.doc_id}  ({doc.article_path})"))
        if diff:
            d = format_diff(doc.scores)
            if d:
                parts.append("  misses (-) and false positives (+):\n" + d)
        parts.append("")
    parts.append(format_table(report.total, f"== TOTAL over {len(report.documents)} document(s)"))
    return "\n".join(parts)
