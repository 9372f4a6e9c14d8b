"""The document under extraction: text, layout, sentences, mentions, and reference lookups.

Why one object: every rule needs the same views (the sentence around an offset, the mentions
in a span, the reference data's series and work plans), and computing them once keeps the rules
small and the pipeline fast.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from rdflib import Graph, URIRef

from graph.model import AKG, ID, ORG, RDF
from loaders.boilerplate import Layout
from loaders.dates import DateExpr
from loaders.gazetteer import Gazetteer
from loaders.mention import Mention

__all__ = ["Doc", "Reference", "detect_language", "reference_index"]

_VI_CHARS = re.compile(r"[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]", re.I)


def detect_language(text: str) -> str:
    """'vi' when Vietnamese letters are frequent, else 'en'."""
    sample = text[:20000]
    letters = sum(1 for c in sample if c.isalpha()) or 1
    return "vi" if len(_VI_CHARS.findall(sample)) / letters > 0.02 else "en"


@dataclass
class Reference:
    """Indexes over the reference graph that the rules need (built once per graph)."""

    gazetteer: Gazetteer
    series_of: dict[URIRef, list[URIRef]] = field(default_factory=dict)  # org → series
    workplans: dict[tuple[URIRef, int], URIRef] = field(default_factory=dict)
    workplan_periods: dict[tuple[URIRef, int, int], URIRef] = field(default_factory=dict)
    workplan_of: dict[URIRef, URIRef] = field(default_factory=dict)
    concepts: dict[str, set[str]] = field(default_factory=dict)  # scheme → keys
    members: dict[URIRef, list[URIRef]] = field(default_factory=dict)  # group → countries
    secretariat_of: dict[URIRef, URIRef] = field(default_factory=dict)  # org → its secretariat
    types: dict[URIRef, set[URIRef]] = field(default_factory=dict)
    country_of: dict[URIRef, URIRef] = field(default_factory=dict)  # org → akg:country
    approves: dict[URIRef, URIRef] = field(default_factory=dict)  # legislation → plan
    series_body: dict[URIRef, URIRef] = field(default_factory=dict)  # series → its body


_CACHE: dict[int, tuple[Graph, Reference]] = {}


def reference_index(graph: Graph) -> Reference:
    """Build (or reuse) the indexes for ``graph``; keyed by identity and size."""
    key = id(graph)
    hit = _CACHE.get(key)
    if hit is not None and hit[0] is graph and getattr(hit[1], "_size", -1) == len(graph):
        return hit[1]
    ref = _build(graph)
    ref._size = len(graph)  # type: ignore[attr-defined]
    _CACHE[key] = (graph, ref)
    return ref


def _build(graph: Graph) -> Reference:
    gaz = Gazetteer.from_graph(graph)
    ref = Reference(gaz)
    for s, o in graph.subject_objects(AKG.seriesOf):
        if isinstance(s, URIRef) and isinstance(o, URIRef):
            ref.series_of.setdefault(o, []).append(s)
    for body, series in ref.series_of.items():
        for x in series:
            ref.series_body[x] = body
    for v in ref.series_of.values():
        v.sort()
    for wp, init in graph.subject_objects(AKG.workPlanOf):
        if not isinstance(wp, URIRef) or not isinstance(init, URIRef):
            continue
        ref.workplan_of[wp] = init
        phase = graph.value(wp, AKG.phase)
        if phase is not None:
            try:
                ref.workplans[(init, int(phase))] = wp
            except ValueError:
                pass
        ps, pe = graph.value(wp, AKG.periodStart), graph.value(wp, AKG.periodEnd)
        if ps is not None and pe is not None:
            try:
                ref.workplan_periods[(init, int(str(ps)[:4]), int(str(pe)[:4]))] = wp
            except ValueError:
                pass
    for group, member in graph.subject_objects(ORG.hasMember):
        if isinstance(group, URIRef) and isinstance(member, URIRef):
            ref.members.setdefault(group, []).append(member)
    for v in ref.members.values():
        v.sort()
    for s, o in graph.subject_objects(RDF.type):
        if isinstance(s, URIRef) and isinstance(o, URIRef) and str(s).startswith(str(ID)):
            ref.types.setdefault(s, set()).add(o)
    for plan, leg in graph.subject_objects(AKG.approvedBy):
        if isinstance(plan, URIRef) and isinstance(leg, URIRef):
            ref.approves[leg] = plan
    for o, c in graph.subject_objects(AKG.country):
        if isinstance(o, URIRef) and isinstance(c, URIRef):
            ref.country_of[o] = c
    for sec in graph.subjects(RDF.type, AKG.Secretariat):
        parent = graph.value(sec, ORG.subOrganizationOf)
        if isinstance(sec, URIRef) and isinstance(parent, URIRef):
            ref.secretariat_of[parent] = sec
    for lab in gaz.labels:
        if lab.kind == "concept" and lab.scheme:
            ref.concepts.setdefault(lab.scheme, set()).add(str(lab.iri).rsplit("/", 1)[1])
    return ref


@dataclass
class Doc:
    """Everything the rules read about one document."""

    doc_id: str
    text: str
    lang: str
    layout: Layout
    sentences: list[tuple[int, int]]
    mentions: list[Mention]
    dates: list[DateExpr]
    ref: Reference
    context_year: int | None = None
    context_method: str | None = None
    reference_date: str | None = None  # ISO lexical
    reference_date_inferred: bool = False
    published: str | None = None
    nested: list[Mention] = field(default_factory=list)
    rule_nested: list[Mention] = field(default_factory=list)
    rule_nested_set: set[Mention] = field(default_factory=set)

    def __post_init__(self) -> None:
        self._starts = [s for s, _ in self.sentences]
        self.dates.sort(key=lambda d: d.start)
        self.set_nested(self.nested)
        self.sort_mentions()

    def sort_mentions(self) -> None:
        self.mentions.sort(key=lambda m: (m.start, -m.end))
        self._mstarts = [m.start for m in self.mentions]
        self.top = set(self.mentions)
        self._dstarts = [d.start for d in self.dates]

    def add_nested(self, m: Mention, *, emit: bool = False) -> None:
        if m not in self._nested_set:
            self.nested.append(m)
            self._nested_set.add(m)
            self.nested.sort(key=lambda x: (x.start, -x.end))
            self._nstarts = [x.start for x in self.nested]
        if emit:
            self.rule_nested_set.add(m)
            if m not in self.rule_nested:
                self.rule_nested.append(m)

    def add_mention(self, m: Mention) -> None:
        """Add a rule-found mention: it replaces shorter overlapping ones; inside a longer
        mention of something else it is kept as a nested mention."""
        lo = bisect.bisect_left(self._mstarts, m.start - 400)
        hi = bisect.bisect_left(self._mstarts, m.end)
        near = [x for x in self.mentions[lo:hi] if x.overlaps(m)]
        for x in near:
            if (x.end - x.start) > (m.end - m.start) and x.kind != m.kind:
                if x.iri != m.iri:
                    self.add_nested(m, emit=True)
                return
        if near:
            gone = set(near)
            self.mentions[lo:hi] = [x for x in self.mentions[lo:hi] if x not in gone]
        i = bisect.bisect_left(self._mstarts if not near else
                               [x.start for x in self.mentions], m.start)
        self.mentions.insert(i, m)
        self.sort_mentions()

    def all_mentions_in(self, start: int, end: int, kinds: tuple[str, ...] | None = None
                        ) -> list[Mention]:
        """Top-level and nested mentions in [start, end), by start then length."""
        i = bisect.bisect_left(self._nstarts, start)
        extra = []
        while i < len(self.nested) and self.nested[i].start < end:
            m = self.nested[i]
            if m.end <= end and (kinds is None or m.kind in kinds):
                extra.append(m)
            i += 1
        out = self.mentions_in(start, end, kinds) + extra
        return sorted(out, key=lambda m: (m.start, -(m.end - m.start)))

    def sentence_at(self, pos: int) -> tuple[int, int] | None:
        i = bisect.bisect_right(self._starts, pos) - 1
        if i >= 0 and self.sentences[i][0] <= pos < self.sentences[i][1] + 1:
            return self.sentences[i]
        return None

    def mentions_in(self, start: int, end: int, kinds: tuple[str, ...] | None = None
                    ) -> list[Mention]:
        i = bisect.bisect_left(self._mstarts, start)
        out: list[Mention] = []
        while i < len(self.mentions) and self.mentions[i].start < end:
            m = self.mentions[i]
            if m.end <= end and (kinds is None or m.kind in kinds):
                out.append(m)
            i += 1
        return out

    def set_dates(self, dates: list[DateExpr]) -> None:
        """Replace the date list (e.g. without the publication line) and its search index."""
        self.dates = sorted(dates, key=lambda d: d.start)
        self._dstarts = [d.start for d in self.dates]

    def dates_in(self, start: int, end: int) -> list[DateExpr]:
        i = bisect.bisect_left(self._dstarts, start)
        out = []
        while i < len(self.dates) and self.dates[i].start < end:
            if self.dates[i].end <= end:
                out.append(self.dates[i])
            i += 1
        return out

    def set_nested(self, nested: list[Mention]) -> None:
        self.nested = sorted(nested, key=lambda x: (x.start, -x.end))
        self._nested_set = set(self.nested)
        self._nstarts = [x.start for x in self.nested]

    def concept(self, scheme: str, key: str) -> bool:
        return key in self.ref.concepts.get(scheme, set())
