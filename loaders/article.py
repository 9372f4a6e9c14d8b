"""Article loader: one news article (vi or en) → RDF for graph/source/{doc_id}, with provenance.

Pipeline, one module per step: normalise → layout (boilerplate) → sentences → gazetteer →
rules (plans, people, meetings, figures, document events, claims, chair terms) → emit. The
gazetteer and lexicons come from the reference data (loaders.reference), so the same code
handles unseen articles once their entities are curated; unknown ones are minted and reported.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph, URIRef

from graph.model import AKG, iri
from loaders.boilerplate import layout
from loaders.candidates import find_unresolved
from loaders.capacity import find_capacities
from loaders.context import infer_context
from loaders.dates import find_dates
from loaders.document import Doc, detect_language, reference_index
from loaders.emit import Emitter
from loaders.errors import LoaderError
from loaders.events import find_chair_terms, find_claims, find_doc_events
from loaders.facts import DateValue, MembershipRec
from loaders.figures import find_figures
from loaders.meetings import find_meetings
from loaders.mention import Mention
from loaders.normalise import normalise
from loaders.people import find_people
from loaders.plans import find_plans
from loaders.reference import load_reference
from loaders.sentences import split_sentences

__all__ = ["MAX_BYTES", "Extraction", "extract", "extract_file"]

# 10 MB (decimal). A file of this size or more is refused before it is read: no news article is
# that long, and extracting one would take minutes and gigabytes in an rdflib graph.
MAX_BYTES = int(os.environ.get("ASEANKG_MAX_ARTICLE_BYTES", str(10_000_000)))


@dataclass
class Extraction:
    """What one article yielded: its graph and a summary for people and the build report."""

    doc_id: str
    graph: Graph
    facts: dict[str, int] = field(default_factory=dict)
    unresolved: list[Mention] = field(default_factory=list)
    minted: list[tuple[str, str, str]] = field(default_factory=list)
    inferred: list[str] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    text: str = ""


def extract_file(path: str | Path, *, reference: Graph | None = None,
                 max_bytes: int | None = None) -> Extraction:
    """Read a UTF-8 text file and extract it; doc_id is the file stem.

    Raises LoaderError naming the file for empty files, non-UTF-8 bytes (with the byte
    offset) and files of ``max_bytes`` or more (default MAX_BYTES, 10 MB).
    """
    p = Path(path)
    limit = MAX_BYTES if max_bytes is None else max_bytes
    try:
        size = p.stat().st_size
    except OSError as exc:
        raise LoaderError(str(p), f"cannot read: {exc.strerror or exc}") from exc
    if size >= limit:
        raise LoaderError(str(p), f"file is {size} bytes, at or over the {limit}-byte limit "
                                  "(set ASEANKG_MAX_ARTICLE_BYTES to raise it)")
    data = p.read_bytes()
    try:
        raw = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise LoaderError(str(p), f"not valid UTF-8: {exc.reason}", offset=exc.start) from exc
    return extract(raw, p.stem, file_name=p.name, reference=reference, _file=str(p))


def extract(text: str, doc_id: str, *, file_name: str | None = None,
            reference: Graph | None = None, _file: str | None = None) -> Extraction:
    """Extract one article's facts; deterministic for the same text and reference data."""
    where = _file or file_name or doc_id
    if "\x00" in text:
        raise LoaderError(where, "contains NUL characters: not a text article")
    norm = normalise(text)
    if not norm.strip():
        raise LoaderError(where, "empty article (no text after normalisation)")
    ref = reference_index(reference if reference is not None else load_reference())
    lay = layout(norm)
    content = lay.content()
    sentences = split_sentences(norm, content)
    lang = detect_language(norm)
    mentions = ref.gazetteer.match(norm, allowed=content, lang=lang)
    mentions = _demonyms(norm, mentions, ref.gazetteer, content)
    mentions = _foreign_namesakes(norm, mentions, ref.country_of)
    # a credited outlet ("Hà Nội (TTXVN) 14/3 -", "— VNS") is provenance: no rule may read it
    # as an organiser or attendee
    mentions = [m for m in mentions if m.iri is None or not (
        AKG.NewsOrganisation in ref.types.get(m.iri, ()) and _is_credit(norm, m))]
    in_content = bytearray(len(norm) + 1)
    for a, b in content + ([lay.dateline] if lay.dateline else []):
        in_content[a:b] = b"\x01" * (b - a)
    dates = [d for d in find_dates(norm) if in_content[d.start]]
    doc = Doc(doc_id, norm, lang, lay, sentences, mentions, dates, ref)
    doc.set_nested(ref.gazetteer.nested(norm, mentions))
    infer_context(doc)

    plan_claims = find_plans(doc)
    people, memberships = find_people(doc)
    memberships = _fix_memberships(doc, memberships, None)
    meetings, participations, main = find_meetings(doc, memberships)
    have = {(p.event, p.participant, p.role) for p in participations}
    participations += [p for p in find_capacities(doc, main)
                       if (p.event, p.participant, p.role) not in have]
    if main is not None and main.start is not None and len(main.start.lexical) == 10 \
            and not doc.published:
        doc.reference_date = main.start.lexical
        doc.reference_date_inferred = main.start.inferred
    figures = find_figures(doc, main, meetings)
    events, end_claims = find_doc_events(doc, main, meetings)
    claims = plan_claims + end_claims + find_claims(doc)
    chairs = find_chair_terms(doc)
    memberships = [MembershipRec(m.person, m.organization, m.role, m.post_title, m.lang,
                                 m.evidence, _year(doc, main) or m.year) for m in memberships]

    em = Emitter(doc_id, norm)
    ref_date = _reference_date(doc, main)
    em.source(title=lay.title, lang=doc.lang, published=doc.published,
              reference_date=ref_date, publisher=sorted(set(lay.publisher)),
              creator=lay.creator, file_name=file_name, raw_sha="",
              contributors=lay.contributors)
    ex = Extraction(doc_id, Graph(), text=norm)
    known = ref.gazetteer.by_iri
    minted: dict[str, tuple[str, str, str]] = {}
    for m in doc.nested:
        if _inside_org_name(doc, m):
            continue  # "Phái đoàn Việt Nam tại ASEAN": only the outermost name is a mention
        if m.kind in ("country", "place") or m in doc.rule_nested_set or any(
                o.start <= m.start and m.end <= o.end
                for o in doc.mentions_in(max(0, m.start - 300), m.end, ("concept",))):
            em.mention(m)
    news = AKG.NewsOrganisation
    for m in doc.mentions:
        if m.iri is None:
            ex.unresolved.append(m)
            continue
        if news in ref.types.get(m.iri, ()) and _is_credit(norm, m):
            continue  # a credited outlet ("(VNA) –", "— VNS") is provenance, not a mention
        if m.kind == "org" and ref.members.get(m.iri) and re.search(r",| và | and ", m.surface) \
                and not re.search(r"\b[A-Z]{3,}\b", m.surface):
            continue  # "Campuchia, Lào, Myanmar và Việt Nam": the countries are mentioned
        em.mention(m)
        if m.iri not in known and m.kind != "person":
            extra = _minted_extra(doc, m)
            em.minted(m.iri, m.kind, m.surface, doc.lang, extra)
            minted.setdefault(str(m.iri), (str(m.iri), m.surface, m.kind))
    for p in people:
        em.person(p.iri, p.name, doc.lang, known=p.known)
        if not p.known:
            minted.setdefault(str(p.iri), (str(p.iri), p.name, "person"))
    for mt in meetings:
        series_labels = {}
        if mt.series is not None:
            for lang in ("en", "vi"):
                label = ref.gazetteer.pref_label(mt.series, lang)
                if label and any(x.lang == lang for x in known.get(mt.series, [])):
                    series_labels[lang] = label
        em.meeting(mt, series_labels)
        if mt.start is not None and mt.start.inferred:
            ex.inferred.append(f"{mt.iri} startDate {mt.start.lexical}: {mt.start.inferred_by}")
    for p in participations:
        em.participation(p)
    for f in figures:
        em.figure(f)
    for e in events:
        em.doc_event(e)
        if e.date is not None and e.date.inferred:
            ex.inferred.append(f"{e.document} {e.action.rsplit('/', 1)[1]} {e.date.lexical}: "
                               f"{e.date.inferred_by}")
    for mb in memberships:
        em.membership(mb)
    for c in chairs:
        em.chair_term(c)
    for c in claims:
        em.claim(c)
        if isinstance(c.value, DateValue) and c.value.inferred:
            ex.inferred.append(f"{c.subject} {c.prop.rsplit('#', 1)[-1]} {c.value.lexical}: "
                               f"{c.value.inferred_by}")
    if ref_date is not None and ref_date.inferred:
        ex.inferred.insert(0, f"referenceDate {ref_date.lexical}: {ref_date.inferred_by}")
    ex.unresolved.extend(find_unresolved(doc))
    ex.graph = em.graph()
    ex.minted = sorted(minted.values())
    ex.mentions = list(doc.mentions)
    ex.facts = {
        "mention": sum(1 for m in doc.mentions if m.iri is not None),
        "meeting": len(meetings), "participation": len(participations),
        "figure": len({(f.about, f.measure, f.value, f.unit, f.qualifier, f.denominator,
                        f.funded_by) for f in figures}),
        "document_event": len(events), "membership": len(memberships),
        "chair_term": len(chairs), "claim": len({(c.subject, c.prop, str(c.value))
                                                 for c in claims}),
    }
    return ex


def _reference_date(doc: Doc, main) -> DateValue | None:
    if doc.published:
        return DateValue(doc.published)
    if main is not None and main.start is not None and len(main.start.lexical) == 10:
        return main.start
    if doc.reference_date:
        return DateValue(doc.reference_date,
                         doc.context_method if doc.reference_date_inferred else None)
    return None


_LEADER_TITLE = re.compile(r"\b([A-Z][a-z]+)\s+(?=(?:Prime Minister|Minister|Deputy Prime Minister|"
                           r"Deputy Minister|Ambassador|President|State Counsellor|Foreign "
                           r"Minister|Economic Minister|Trade Minister)\b)")


def _demonyms(text: str, mentions: list[Mention], gaz, content) -> list[Mention]:  # noqa: ANN001
    """'Lao Prime Minister X': a country adjective the labels only hold as a first word."""
    starts = {m.start for m in mentions}
    covered = bytearray(len(text) + 1)
    for m in mentions:
        covered[m.start:m.end] = b"\x01" * (m.end - m.start)
    extra = []
    for a, b in content:
        for m in _LEADER_TITLE.finditer(text, a, b):
            if m.start(1) in starts or any(covered[m.start(1):m.end(1)]):
                continue
            country = gaz.demonym_country(m.group(1))
            if country is not None:
                extra.append(Mention(m.start(1), m.end(1), m.group(1), "country", country))
    return sorted(mentions + extra, key=lambda x: x.start) if extra else mentions


_FOREIGN_POST = re.compile(r"\s+(?:Deputy\s+|Vice\s+)?(?:Minister|Ministry)\s+(?:of|for)\s+"
                           r"(?:the\s+)?")
_OF_COUNTRY = re.compile(r"\s*(?:của\s+|of\s+(?:the\s+)?)?$")


def _foreign_namesakes(text: str, mentions: list[Mention], country_of) -> list[Mention]:  # noqa: ANN001
    """'Bộ Công Thương Lào', 'Bộ Ngoại giao của Campuchia': a Vietnamese ministry's name followed
    by another country is that country's ministry, which the reference data does not hold; the
    curated Vietnamese one is not mentioned (the country is, and posts fall back to it)."""
    out: list[Mention] = []
    for i, m in enumerate(mentions):
        home = country_of.get(m.iri) if m.kind == "org" and m.iri is not None else None
        nxt = mentions[i + 1] if i + 1 < len(mentions) else None
        if home is not None and nxt is not None and nxt.kind == "country" and \
                nxt.iri is not None and nxt.iri != home and \
                _OF_COUNTRY.fullmatch(text[m.end:nxt.start]) and nxt.start - m.end <= 10:
            continue
        prv = out[-1] if out else None
        if home is not None and prv is not None and prv.kind == "country" and \
                prv.iri is not None and prv.iri != home and \
                _FOREIGN_POST.fullmatch(text[prv.end:m.start]):
            continue  # "Lao Minister of Industry and Trade", "Bộ trưởng Lào … Bộ Công Thương"
        out.append(m)
    return out


def _inside_org_name(doc: Doc, m: Mention) -> bool:
    """A country or place inside the name of a curated national body (a mission, a ministry)."""
    return m.kind in ("country", "place") and any(
        o.start <= m.start and m.end <= o.end and o.iri is not None
        and o.iri in doc.ref.country_of  # a national body, not a grouping ("Campuchia, Lào …")
        for o in doc.mentions_in(max(0, m.start - 120), m.end + 200, ("org",)))


def _is_credit(text: str, m: Mention) -> bool:
    """'(VNA)' right after a place or at a line end, or '— VNS' ending a line."""
    before = text[max(0, m.start - 3):m.start]
    after = text[m.end:m.end + 4]
    line_end = text.find("\n", m.end)
    rest = text[m.end:line_end if line_end >= 0 else len(text)].strip(" )./")
    return ("(" in before and after.startswith(")")) or (
        bool(re.search(r"[—–-]\s*$", before)) and not rest)


def _year(doc: Doc, main) -> str | None:
    if main is not None and main.start is not None:
        return main.start.lexical[:4]
    return str(doc.context_year) if doc.context_year else None


def _minted_extra(doc: Doc, m: Mention) -> dict[URIRef, object]:
    from rdflib import Literal
    from rdflib.namespace import XSD

    key = str(m.iri).rsplit("/", 1)[1]
    if m.kind == "workplan" and "-" in key:
        init, phase = key.rsplit("-", 1)
        if phase.isdigit():
            return {AKG.workPlanOf: iri("initiative", init),
                    AKG.phase: Literal(int(phase), datatype=XSD.integer)}
    return {}


def _fix_memberships(doc: Doc, members: list[MembershipRec], main) -> list[MembershipRec]:
    """Secretary-General posts belong to the secretariat of the named body; default role."""
    out: list[MembershipRec] = []
    year = None
    if main is not None and main.start is not None:
        year = main.start.lexical[:4]
    elif doc.context_year:
        year = str(doc.context_year)
    for m in members:
        org = m.organization
        role = m.role
        if role is not None and "secretary-general" in str(role):
            org = doc.ref.secretariat_of.get(org, org)
        if role is None:
            role = iri("concept", "role", "member")
        out.append(MembershipRec(m.person, org, role, m.post_title, m.lang, m.evidence,
                                 m.year or year))
    return out
