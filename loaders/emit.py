"""RDF emission: fact records → triples in the shape docs/model.md fixes, with provenance.

Why one module: the contract (IRIs, classes, properties, evidence annotations) lives here and
only here on the loader side; rules produce records, this turns them into RDF. Every fact node
gets prov:wasDerivedFrom the source and akg:evidence an oa:Annotation whose selectors quote the
text and give code-point offsets into schema:text. Node IRIs are content hashes (with the doc
id), so re-extracting the same text gives the same triples.
"""

from __future__ import annotations

import hashlib

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF, PROV, RDF, RDFS, SKOS, XSD

from graph.model import (
    AKG,
    OA,
    ORG,
    SCHEMA,
    annotation_iri,
    content_hash,
    fold,
    iri,
    mention_iri,
    source_graph,
    source_iri,
)
from loaders.facts import (
    ChairTermRec,
    ClaimRec,
    DateValue,
    DocEventRec,
    FigureRec,
    MeetingRec,
    MembershipRec,
    ParticipationRec,
)
from loaders.mention import Mention
from loaders.rdfbulk import graph_from_triples

__all__ = ["EXTRACTOR_VERSION", "Emitter", "date_literal"]

EXTRACTOR_VERSION = "0.2.0"
_MODES = {"online": SCHEMA.OnlineEventAttendanceMode, "offline": SCHEMA.OfflineEventAttendanceMode,
          "mixed": SCHEMA.MixedEventAttendanceMode}
_KIND_CLASS = {
    "workplan": [AKG.WorkPlan], "actionplan": [AKG.ActionPlan], "framework": [AKG.Framework],
    "nationalscheme": [AKG.NationalScheme], "report": [AKG.Report],
    "legislation": [SCHEMA.Legislation], "org": [ORG.Organization], "place": [SCHEMA.Place],
    "country": [SCHEMA.Country, ORG.FormalOrganization], "initiative": [AKG.Initiative],
    "series": [AKG.MeetingSeries], "person": [FOAF.Person, SCHEMA.Person],
}


def date_literal(lexical: str) -> Literal:
    """'2021-03-25' → xsd:date, '2021-07' → xsd:gYearMonth, '2021' → xsd:gYear."""
    dt = {10: XSD.date, 7: XSD.gYearMonth, 4: XSD.gYear}.get(len(lexical), XSD.string)
    return Literal(lexical, datatype=dt)


def _number(value: str) -> Literal:
    if "." in value:
        return Literal(value, datatype=XSD.decimal)
    return Literal(int(value), datatype=XSD.integer)


_TYPE = RDF.type
_ANNOTATION, _SPECIFIC = OA.Annotation, OA.SpecificResource
_QUOTE_SEL, _POS_SEL = OA.TextQuoteSelector, OA.TextPositionSelector
_HAS_TARGET, _HAS_SOURCE, _HAS_SELECTOR = OA.hasTarget, OA.hasSource, OA.hasSelector
_EXACT, _START, _END = OA.exact, OA.start, OA.end
_MOTIVATED, _DESCRIBING, _IDENTIFYING = OA.motivatedBy, OA.describing, OA.identifying
_HAS_BODY, _MENTION = OA.hasBody, AKG.Mention
_DERIVED, _EVIDENCE = PROV.wasDerivedFrom, AKG.evidence
_INTS: dict[int, Literal] = {}


def _int(value: int) -> Literal:
    got = _INTS.get(value)
    if got is None:
        got = Literal(value, datatype=XSD.integer)
        if len(_INTS) < 200_000:
            _INTS[value] = got
    return got


def _ordinal_en(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _meeting_labels(m: MeetingRec, series_labels: dict[str, str]) -> dict[str, str]:
    labels = {m.lang: " ".join(m.label.split())}
    if m.ordinal is not None and series_labels:
        if "en" in series_labels:
            labels["en"] = f"{_ordinal_en(m.ordinal)} {series_labels['en']}"
        if "vi" in series_labels:
            labels["vi"] = f"{series_labels['vi']} lần thứ {m.ordinal}"
    elif series_labels:
        for lang, text in series_labels.items():
            labels.setdefault(lang, text)
    return labels


class _TripleSet:
    """Collects triples with the Graph.add call shape, at set-insert cost."""

    def __init__(self) -> None:
        self.triples: set[tuple] = set()
        self.add = self.triples.add


class Emitter:
    """Builds one source graph."""

    def __init__(self, doc_id: str, text: str) -> None:
        self.doc_id = doc_id
        self.text = text
        self.g = _TripleSet()
        self.src = source_iri(doc_id)
        self._anns: set[tuple[int, int]] = set()
        self._iris: dict[str, URIRef] = {}
        self._ann_base = str(annotation_iri(doc_id, 0, 0))[:-3]
        self._mention_base = str(mention_iri(doc_id, 0, 0))[:-3]

    def graph(self) -> Graph:
        """The collected triples as an rdflib Graph (built once, in bulk)."""
        return graph_from_triples(self.g.triples)

    # ---------------------------------------------------------------- provenance

    def _iri(self, value: str) -> URIRef:
        """An interned URIRef: equal IRIs are the same object, so the bulk graph build hits
        dictionary identity instead of rdflib's Python-level __eq__."""
        got = self._iris.get(value)
        if got is None:
            got = self._iris[value] = str.__new__(URIRef, value)
        return got

    def _selectors(self, ann: URIRef, start: int, end: int) -> None:
        add = self.g.add
        base = str(ann)
        target = self._iri(base + "#target")
        quote = self._iri(base + "#quote")
        pos = self._iri(base + "#position")
        add((ann, _TYPE, _ANNOTATION))
        add((ann, _HAS_TARGET, target))
        add((target, _TYPE, _SPECIFIC))
        add((target, _HAS_SOURCE, self.src))
        add((target, _HAS_SELECTOR, quote))
        add((target, _HAS_SELECTOR, pos))
        add((quote, _TYPE, _QUOTE_SEL))
        add((quote, _EXACT, Literal(self.text[start:end])))
        add((pos, _TYPE, _POS_SEL))
        add((pos, _START, _int(start)))
        add((pos, _END, _int(end)))

    def evidence(self, node: URIRef, span: tuple[int, int]) -> None:
        start, end = span
        ann = self._iri(f"{self._ann_base}{start}-{end}")
        if (start, end) not in self._anns:
            self._anns.add((start, end))
            self._selectors(ann, start, end)
            self.g.add((ann, _MOTIVATED, _DESCRIBING))
        self.g.add((node, _DERIVED, self.src))
        self.g.add((node, _EVIDENCE, ann))

    def mention(self, m: Mention) -> None:
        if m.iri is None:
            return
        ann = self._iri(f"{self._mention_base}{m.start}-{m.end}")
        self._selectors(ann, m.start, m.end)
        self.g.add((ann, _TYPE, _MENTION))
        self.g.add((ann, _MOTIVATED, _IDENTIFYING))
        self.g.add((ann, _HAS_BODY, self._iri(str(m.iri))))

    def _inferred(self, node: URIRef, date: DateValue | None) -> None:
        if date is not None and date.inferred:
            self.g.add((node, AKG.dateInferred, Literal(True)))
            self.g.add((node, AKG.inferenceMethod, Literal(date.inferred_by, lang="en")))

    def _hash(self, *parts: object) -> str:
        return content_hash(self.doc_id, *parts)

    # ---------------------------------------------------------------- the document

    def source(self, *, title: str | None, lang: str, published: str | None,
               reference_date: DateValue | None, publisher: list[str], creator: str | None,
               file_name: str | None, raw_sha: str,
               contributors: list[str] | None = None) -> None:
        g = self.g
        sg = source_graph(self.doc_id)
        g.add((sg, RDF.type, AKG.AssertionGraph))
        g.add((sg, PROV.wasDerivedFrom, self.src))
        g.add((sg, AKG.extractorVersion, Literal(EXTRACTOR_VERSION)))
        s = self.src
        g.add((s, RDF.type, SCHEMA.NewsArticle))
        g.add((s, RDF.type, PROV.Entity))
        if title:
            g.add((s, DCTERMS.title, Literal(title, lang=lang)))
        g.add((s, DCTERMS.language, Literal(lang)))
        if published:
            g.add((s, SCHEMA.datePublished, date_literal(published)))
        if reference_date is not None:
            g.add((s, AKG.referenceDate, date_literal(reference_date.lexical)))
            self._inferred(s, reference_date)
        for p in publisher:
            g.add((s, DCTERMS.publisher, Literal(p)))
        if creator:
            g.add((s, DCTERMS.creator, Literal(creator)))
        for c in contributors or []:  # photographers credited in captions
            g.add((s, DCTERMS.contributor, Literal(c)))
        g.add((s, AKG.contentHash, Literal("sha256:" + hashlib.sha256(
            self.text.encode("utf-8")).hexdigest())))
        g.add((s, AKG.normalisation, Literal("NFC")))
        g.add((s, SCHEMA.text, Literal(self.text)))
        if file_name:
            g.add((s, AKG.fileName, Literal(file_name)))
        del raw_sha

    def minted(self, entity: URIRef, kind: str, label: str, lang: str,
               extra: dict[URIRef, object] | None = None) -> None:
        g = self.g
        for cls in _KIND_CLASS.get(kind, []):
            g.add((entity, RDF.type, cls))
        g.add((entity, RDFS.label, Literal(label, lang=lang)))
        g.add((entity, AKG.minted, Literal(True)))
        for p, o in (extra or {}).items():
            g.add((entity, p, o if isinstance(o, (URIRef, Literal)) else Literal(o)))

    def person(self, pid: URIRef, name: str, lang: str, *, known: bool) -> None:
        g = self.g
        g.add((pid, RDF.type, FOAF.Person))
        g.add((pid, RDF.type, SCHEMA.Person))
        g.add((pid, FOAF.name, Literal(name)))
        ascii_name = fold(name)
        g.add((pid, RDFS.label, Literal(name, lang=lang)))
        if ascii_name != name:
            g.add((pid, RDFS.label, Literal(ascii_name, lang="en")))
            g.add((pid, SKOS.hiddenLabel, Literal(ascii_name)))
        elif lang != "en":
            g.add((pid, RDFS.label, Literal(name, lang="en")))
        if lang != "vi":
            g.add((pid, RDFS.label, Literal(name, lang="vi")))  # a name reads the same in vi
        if not known:
            g.add((pid, AKG.minted, Literal(True)))

    # ---------------------------------------------------------------- facts

    def meeting(self, m: MeetingRec, series_labels: dict[str, str] | None = None) -> None:
        """A meeting; with a numbered series its labels are generated in both languages from
        the series' labels, so every source names the same meeting the same way."""
        g = self.g
        n = m.iri
        g.add((n, RDF.type, AKG.Meeting))
        g.add((n, RDF.type, SCHEMA.Event))
        labels = _meeting_labels(m, series_labels or {})
        for lang, text in labels.items():
            g.add((n, RDFS.label, Literal(text, lang=lang)))
        if m.series is not None:
            g.add((n, AKG.series, m.series))
        if m.ordinal is not None:
            g.add((n, AKG.ordinal, Literal(m.ordinal, datatype=XSD.integer)))
        if m.start is not None:
            g.add((n, SCHEMA.startDate, date_literal(m.start.lexical)))
            self._inferred(n, m.start)
        if m.end is not None:
            g.add((n, SCHEMA.endDate, date_literal(m.end.lexical)))
        if m.place is not None:
            g.add((n, SCHEMA.location, m.place))
        if m.mode:
            g.add((n, SCHEMA.eventAttendanceMode, _MODES[m.mode]))
        if m.chair_country is not None:
            g.add((n, AKG.chairCountry, m.chair_country))
        if m.chair_person is not None:
            g.add((n, AKG.chairPerson, m.chair_person))
        for item in m.agenda:
            g.add((n, AKG.agendaItem, item))
        self.evidence(n, m.evidence)

    def participation(self, p: ParticipationRec) -> URIRef:
        n = iri("participation", self._hash(p.event, p.participant, p.role))
        g = self.g
        g.add((n, RDF.type, AKG.Participation))
        g.add((n, AKG.event, p.event))
        g.add((n, AKG.participant, p.participant))
        g.add((n, AKG.role, p.role))
        if p.capacity is not None:
            g.add((n, AKG.inCapacityOf, p.capacity))
        self.evidence(n, p.evidence)
        return n

    def figure(self, f: FigureRec) -> URIRef:
        key = (f.about, f.measure, f.value, f.unit, f.qualifier,
               f.as_of.lexical if f.as_of else None, f.denominator, f.funded_by)
        n = iri("figure", self._hash(*key))
        g = self.g
        g.add((n, RDF.type, AKG.ReportedFigure))
        g.add((n, AKG.about, f.about))
        g.add((n, AKG.measure, f.measure))
        g.add((n, AKG.value, _number(f.value)))
        g.add((n, AKG.unit, f.unit))
        g.add((n, AKG.valueQualifier, AKG[f.qualifier]))
        if f.denominator is not None:
            g.add((n, AKG.denominator, Literal(f.denominator, datatype=XSD.integer)))
        if f.as_of is not None:
            g.add((n, AKG.asOf, date_literal(f.as_of.lexical)))
            self._inferred(n, f.as_of)
        if f.funded_by is not None:
            g.add((n, AKG.fundedBy, f.funded_by))
        if f.scope:
            g.add((n, AKG.scope, Literal(f.scope, lang="en")))
        self.evidence(n, f.evidence)
        return n

    def doc_event(self, e: DocEventRec) -> URIRef:
        n = iri("docevent", self._hash(e.document, e.action,
                                        e.date.lexical if e.date else None, e.tense))
        g = self.g
        g.add((n, RDF.type, AKG.DocumentEvent))
        g.add((n, AKG.document, e.document))
        g.add((n, AKG.action, e.action))
        if e.date is not None:
            g.add((n, AKG.date, date_literal(e.date.lexical)))
            self._inferred(n, e.date)
        g.add((n, AKG.tense, Literal(e.tense or "done")))
        if e.at_event is not None:
            g.add((n, AKG.atEvent, e.at_event))
        self.evidence(n, e.evidence)
        return n

    def membership(self, m: MembershipRec) -> URIRef:
        n = iri("membership", self._hash(m.person, m.organization, m.role))
        g = self.g
        g.add((n, RDF.type, ORG.Membership))
        g.add((n, ORG.member, m.person))
        g.add((n, ORG.organization, m.organization))
        if m.role is not None:
            g.add((n, ORG.role, m.role))
        g.add((n, AKG.postTitle, Literal(m.post_title, lang=m.lang)))
        if m.year:
            g.add((n, AKG.year, Literal(m.year, datatype=XSD.gYear)))
        self.evidence(n, m.evidence)
        return n

    def chair_term(self, c: ChairTermRec) -> URIRef:
        n = iri("membership", self._hash("chair", c.body, c.holder, c.role, c.year))
        g = self.g
        g.add((n, RDF.type, ORG.Membership))
        g.add((n, RDF.type, AKG.ChairTerm))
        g.add((n, ORG.organization, c.body))
        g.add((n, ORG.member, c.holder))
        g.add((n, ORG.role, c.role))
        g.add((n, AKG.year, Literal(c.year, datatype=XSD.gYear)))
        if c.representative is not None:
            g.add((n, AKG.representative, c.representative))
        self.evidence(n, c.evidence)
        return n

    def claim(self, c: ClaimRec) -> URIRef:
        value = c.value
        if isinstance(value, DateValue):
            obj = date_literal(value.lexical)
        elif isinstance(value, URIRef):
            obj = value
        else:
            obj = Literal(str(value))
        n = iri("claim", self._hash(c.subject, c.prop, obj))
        g = self.g
        g.add((c.subject, c.prop, obj))
        g.add((n, RDF.type, AKG.Claim))
        g.add((n, AKG.subject, c.subject))
        g.add((n, AKG.property, c.prop))
        g.add((n, AKG.value, obj))
        if c.tense:
            g.add((n, AKG.tense, Literal(c.tense)))
        inferred = isinstance(value, DateValue) and value.inferred
        g.add((n, AKG.dateInferred, Literal(bool(inferred))))
        if inferred:
            assert isinstance(value, DateValue)
            g.add((n, AKG.inferenceMethod, Literal(value.inferred_by, lang="en")))
        self.evidence(n, c.evidence)
        return n
