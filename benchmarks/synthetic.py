"""Synthetic ASEAN-cooperation data at any size, shaped like the real graph (docs/model.md).

The file starts with the project's own ontology and reference data (``graph/ontology``,
``graph/reference``), so named queries resolve labels and the shapes find the types of curated
entities; then one ``graph/source/syn_NNNNNNNN`` per synthetic news article, each holding what the
article loader would emit for it: the source document with its text, meetings (series, ordinal,
dates, place, chair, bilingual labels), participations, reported figures about plans (values,
units, funders), document events, memberships of people, and for every fact an evidence
annotation whose quote is the text at its offsets. About 0.5 % of the figures carry a planted
defect (a negative value) so that validation has something to find.

The generator writes N-Quads text directly (string formatting, no rdflib) so that 10M quads take
about a minute, not an hour; a fixed seed makes every run produce the same bytes, so two engines
are always measured on the same data.

Usage: ``python -m benchmarks.synthetic --triples 1000000 -o data/synthetic-1m.nq``
"""

from __future__ import annotations

import argparse
import functools
import hashlib
import random
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

BASE = "https://w3id.org/aseankg/"
AKG = "https://w3id.org/aseankg/def#"
RDF_TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
RDFS_LABEL = "<http://www.w3.org/2000/01/rdf-schema#label>"
XSD = "http://www.w3.org/2001/XMLSchema#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
PROV = "http://www.w3.org/ns/prov#"
SCHEMA = "https://schema.org/"
OA = "http://www.w3.org/ns/oa#"
ORG = "http://www.w3.org/ns/org#"
FOAF = "http://xmlns.com/foaf/0.1/"
DCT = "http://purl.org/dc/terms/"
ROOT = Path(__file__).resolve().parents[1]
DEFECT_RATE = 0.005

FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Somsak", "Tan", "Lim"]
MIDDLE = ["Văn", "Thị", "Hải", "Minh", "Quốc", "Thu", "Đức", "Kim"]
GIVEN = ["Bằng", "An", "Hùng", "Lan", "Sơn", "Hà", "Trung", "Mai", "Phúc", "Linh", "Dũng"]


@dataclass(frozen=True)
class Reference:
    """IRIs (as ``<…>`` text) of curated entities, taken from ontology/reference/*.ttl."""

    countries: tuple[str, ...]
    members: tuple[str, ...]
    orgs: tuple[str, ...]
    series: tuple[str, ...]
    places: tuple[str, ...]
    plans: tuple[str, ...]
    measures: tuple[str, ...]
    actions: tuple[str, ...]


def _iri(path: str) -> str:
    return f"<{BASE}id/{path}>"


def _lit(value: object, dtype: str | None = None, lang: str | None = None) -> str:
    text = str(value).replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    if lang:
        return f'"{text}"@{lang}'
    if dtype:
        return f'"{text}"^^<{XSD}{dtype}>'
    return f'"{text}"'


@functools.lru_cache(maxsize=1)
def _reference_store() -> object:
    import pyoxigraph as ox

    store = ox.Store()
    store.load(path=str(ROOT / "ontology" / "aseankg.ttl"), format=ox.RdfFormat.TURTLE,
               to_graph=ox.NamedNode(BASE + "graph/ontology"))
    for path in sorted((ROOT / "ontology" / "reference").glob("*.ttl")):
        store.load(path=str(path), format=ox.RdfFormat.TURTLE,
                   to_graph=ox.NamedNode(BASE + "graph/reference"))
    return store


def reference_nquads() -> str:
    """The ontology and reference graphs as N-Quads (the real files, not synthetic)."""
    import pyoxigraph as ox

    return _reference_store().dump(format=ox.RdfFormat.N_QUADS).decode()  # type: ignore[attr-defined]


@functools.lru_cache(maxsize=1)
def reference() -> Reference:
    """Curated IRIs by kind, sorted, so the synthetic graph points at real entities."""
    store = _reference_store()

    def kind(path: str, cls: str | None = None) -> tuple[str, ...]:
        rows = store.query(  # type: ignore[attr-defined]
            "SELECT DISTINCT ?s WHERE { GRAPH ?g { ?s a ?t } "
            f"FILTER(STRSTARTS(STR(?s), '{BASE}id/{path}')"
            + (f" && ?t = <{cls}>" if cls else "") + ") }")
        return tuple(sorted(f"<{r['s'].value}>" for r in rows))

    members = tuple(c for c in kind("country/") if c.rsplit("/", 1)[-1][:-1] in
                    {"bn", "kh", "id", "la", "mm", "my", "ph", "sg", "th", "vn"})
    return Reference(
        countries=kind("country/"), members=members or kind("country/"), orgs=kind("org/"),
        series=kind("series/"), places=kind("place/"),
        plans=kind("workplan/") + kind("actionplan/") + kind("framework/"),
        measures=kind("concept/measure/"), actions=kind("concept/action/"))


def _local(iri: str) -> str:
    return iri.rstrip(">").rsplit("/", 1)[-1]


class _Doc:
    """One synthetic source document: accumulates its text and the quads of its graph."""

    def __init__(self, doc_id: str, lang: str) -> None:
        self.doc_id, self.lang = doc_id, lang
        self.g = f"<{BASE}graph/source/{doc_id}>"
        self.src = _iri(f"source/{doc_id}")
        self.text: list[str] = []
        self.length = 0
        self.lines: list[str] = []

    def add(self, s: str, p: str, o: str) -> None:
        self.lines.append(f"{s} {p} {o} {self.g} .")

    def sentence(self, text: str) -> str:
        """Append a sentence to the text; return its evidence annotation IRI (fully shaped)."""
        if self.text:
            self.text.append(" ")
            self.length += 1
        start, end = self.length, self.length + len(text)
        self.text.append(text)
        self.length = end
        ann_path = f"annotation/{self.doc_id}/{start}-{end}"
        ann, target = _iri(ann_path), f"<{BASE}id/{ann_path}#target>"
        quote, pos = f"<{BASE}id/{ann_path}#quote>", f"<{BASE}id/{ann_path}#position>"
        self.add(ann, RDF_TYPE, f"<{OA}Annotation>")
        self.add(ann, f"<{OA}motivatedBy>", f"<{OA}describing>")
        self.add(ann, f"<{OA}hasTarget>", target)
        self.add(target, RDF_TYPE, f"<{OA}SpecificResource>")
        self.add(target, f"<{OA}hasSource>", self.src)
        self.add(target, f"<{OA}hasSelector>", quote)
        self.add(target, f"<{OA}hasSelector>", pos)
        self.add(quote, RDF_TYPE, f"<{OA}TextQuoteSelector>")
        self.add(quote, f"<{OA}exact>", _lit(text))
        self.add(pos, RDF_TYPE, f"<{OA}TextPositionSelector>")
        self.add(pos, f"<{OA}start>", _lit(start, "integer"))
        self.add(pos, f"<{OA}end>", _lit(end, "integer"))
        return ann

    def fact(self, node: str, cls: str, ann: str) -> None:
        self.add(node, RDF_TYPE, cls)
        self.add(node, f"<{PROV}wasDerivedFrom>", self.src)
        self.add(node, f"<{AKG}evidence>", ann)


def _hash16(*parts: object) -> str:
    return hashlib.sha256("|".join(map(str, parts)).encode()).hexdigest()[:16]


def _source(rnd: random.Random, ref: Reference, doc: int, ordinals: dict[str, int],
            people: list[tuple[str, str]]) -> list[str]:
    """The quads of one synthetic source graph."""
    lang = "vi" if rnd.random() < 0.6 else "en"
    d = _Doc(f"syn_{doc:08d}", lang)
    year = rnd.randint(2000, 2030)
    date = f"{year}-{rnd.randint(1, 12):02d}-{rnd.randint(1, 28):02d}"
    series = rnd.choice(ref.series)
    key = _local(series)
    ordinals[key] = ordinals.get(key, 0) + 1
    ordinal = ordinals[key]
    mtg = _iri(f"meeting/{key}/{ordinal}")
    place, chair = rnd.choice(ref.places), rnd.choice(ref.members)
    name_en = f"{ordinal}th {key.upper()} Meeting"
    name_vi = f"Hội nghị {key.upper()} lần thứ {ordinal}"
    if lang == "vi":
        s = f"Ngày {date}, {name_vi} đã diễn ra tại {_local(place)} do {_local(chair)} chủ trì."
    else:
        s = f"On {date} the {name_en} was held in {_local(place)}, chaired by {_local(chair)}."
    ann = d.sentence(s)
    d.fact(mtg, f"<{AKG}Meeting>", ann)
    d.add(mtg, RDF_TYPE, f"<{SCHEMA}Event>")
    d.add(mtg, RDFS_LABEL, _lit(name_en, lang="en"))
    d.add(mtg, RDFS_LABEL, _lit(name_vi, lang="vi"))
    d.add(mtg, f"<{AKG}series>", series)
    d.add(mtg, f"<{AKG}ordinal>", _lit(ordinal, "integer"))
    d.add(mtg, f"<{SCHEMA}startDate>", _lit(date, "date"))
    d.add(mtg, f"<{SCHEMA}endDate>", _lit(date, "date"))
    d.add(mtg, f"<{SCHEMA}location>", place)
    d.add(mtg, f"<{AKG}chairCountry>", chair)
    for k in range(rnd.randint(2, 6)):
        who = chair if k == 0 else rnd.choice(ref.countries + ref.orgs)
        role = "chair" if k == 0 else rnd.choice(["attendee", "attendee", "presenter", "host"])
        part = _iri(f"participation/{_hash16(mtg, who, role)}")
        ann = d.sentence(f"{_local(who)} took part in the meeting as {role}." if lang == "en"
                         else f"{_local(who)} tham dự hội nghị với vai trò {role}.")
        d.fact(part, f"<{AKG}Participation>", ann)
        d.add(part, f"<{AKG}event>", mtg)
        d.add(part, f"<{AKG}participant>", who)
        d.add(part, f"<{AKG}role>", _iri(f"concept/role/{role}"))
    for k in range(rnd.randint(1, 4)):
        plan, measure = rnd.choice(ref.plans), rnd.choice(ref.measures)
        usd = rnd.random() < 0.5
        value = rnd.randint(1, 50_000_000) if usd else rnd.randint(1, 300)
        if rnd.random() < DEFECT_RATE:
            value = -value  # planted defect: values are never negative
        funder = rnd.choice(ref.countries)
        ann = d.sentence(f"{_local(funder)} funded {value} {'USD' if usd else 'projects'} under "
                         f"{_local(plan)} ({_local(measure)}).")
        fig = _iri(f"figure/{_hash16(d.doc_id, k, plan, measure, value)}")
        d.fact(fig, f"<{AKG}ReportedFigure>", ann)
        d.add(fig, f"<{AKG}about>", plan)
        d.add(fig, f"<{AKG}measure>", measure)
        d.add(fig, f"<{AKG}value>", _lit(value, "integer"))
        d.add(fig, f"<{AKG}unit>", _iri("concept/unit/" + ("usd" if usd else "count")))
        d.add(fig, f"<{AKG}valueQualifier>", f"<{AKG}exact>")
        d.add(fig, f"<{AKG}asOf>", _lit(date, "date"))
        d.add(fig, f"<{AKG}fundedBy>", funder)
    if rnd.random() < 0.5:
        plan, action = rnd.choice(ref.plans), rnd.choice(ref.actions)
        ann = d.sentence(f"The meeting {_local(action)} {_local(plan)} in {year}.")
        ev = _iri(f"docevent/{_hash16(plan, action, year, d.doc_id)}")
        d.fact(ev, f"<{AKG}DocumentEvent>", ann)
        d.add(ev, f"<{AKG}document>", plan)
        d.add(ev, f"<{AKG}action>", action)
        d.add(ev, f"<{AKG}date>", _lit(year, "gYear"))
        d.add(ev, f"<{AKG}atEvent>", mtg)
        d.add(ev, f"<{AKG}tense>", _lit("done"))
    name, slug = people[rnd.randrange(len(people))]
    person, org = _iri(f"person/{slug}"), rnd.choice(ref.orgs)
    ann = d.sentence(f"{name}, head of {_local(org)}, spoke at the meeting.")
    d.add(person, RDF_TYPE, f"<{FOAF}Person>")
    d.add(person, RDF_TYPE, f"<{SCHEMA}Person>")
    d.add(person, f"<{FOAF}name>", _lit(name))
    d.add(person, RDFS_LABEL, _lit(name, lang="vi"))
    d.add(person, RDFS_LABEL, _lit(slug.replace("-", " ").title(), lang="en"))
    mem = _iri(f"membership/{_hash16(person, org, year)}")
    d.fact(mem, f"<{ORG}Membership>", ann)
    d.add(mem, f"<{ORG}member>", person)
    d.add(mem, f"<{ORG}organization>", org)
    d.add(mem, f"<{ORG}role>", _iri("concept/role/head-of-delegation"))
    d.add(mem, f"<{AKG}year>", _lit(year, "gYear"))

    text = "".join(d.text)
    title = f"{name_vi} ({date})" if lang == "vi" else f"{name_en} ({date})"
    d.add(d.g, RDF_TYPE, f"<{AKG}AssertionGraph>")
    d.add(d.g, f"<{PROV}wasDerivedFrom>", d.src)
    d.add(d.g, f"<{PROV}generatedAtTime>", _lit("2026-11-23T12:00:00Z", "dateTime"))
    d.add(d.g, f"<{AKG}extractorVersion>", _lit("synthetic"))
    d.add(d.src, RDF_TYPE, f"<{SCHEMA}NewsArticle>")
    d.add(d.src, RDF_TYPE, f"<{PROV}Entity>")
    d.add(d.src, f"<{DCT}title>", _lit(title, lang=lang))
    d.add(d.src, f"<{DCT}language>", _lit(lang))
    d.add(d.src, f"<{AKG}referenceDate>", _lit(date, "date"))
    d.add(d.src, f"<{DCT}publisher>", _lit("Synthetic News"))
    d.add(d.src, f"<{AKG}contentHash>",
          _lit("sha256:" + hashlib.sha256(text.encode()).hexdigest()))
    d.add(d.src, f"<{AKG}normalisation>", _lit("NFC"))
    d.add(d.src, f"<{SCHEMA}text>", _lit(text))
    d.add(d.src, f"<{AKG}fileName>", _lit(d.doc_id + ".txt"))
    return d.lines


def _people(rnd: random.Random, n: int) -> list[tuple[str, str]]:
    from graph.model import slug

    out = []
    for i in range(n):
        name = f"{rnd.choice(FAMILY)} {rnd.choice(MIDDLE)} {rnd.choice(GIVEN)} {i}"
        out.append((name, slug(name)))
    return out


def generate(triples: int, seed: int = 20201106, *, with_reference: bool = True
             ) -> Iterator[str]:
    """N-Quads lines, about ``triples`` of them: the ontology and reference graphs (unless
    ``with_reference`` is false), then source graphs until the target is passed."""
    rnd = random.Random(seed)
    ref = reference()
    n = 0
    if with_reference:
        for line in reference_nquads().splitlines():
            if line.strip():
                n += 1
                yield line
    people = _people(rnd, max(50, triples // 200))
    ordinals: dict[str, int] = {}
    doc = 0
    while n < triples:
        doc += 1
        lines = _source(rnd, ref, doc, ordinals, people)
        n += len(lines)
        yield from lines


def write(path: Path, triples: int, seed: int = 20201106) -> int:
    """Write the synthetic graph to ``path`` (N-Quads) and return the number of quads."""
    path.parent.mkdir(parents=True, exist_ok=True)
    count = 0
    with path.open("w", encoding="utf-8") as out:
        for line in generate(triples, seed):
            out.write(line)
            out.write("\n")
            count += 1
    return count


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--triples", type=int, default=100_000)
    ap.add_argument("-o", "--output", type=Path, required=True)
    ap.add_argument("--seed", type=int, default=20201106)
    args = ap.parse_args()
    print(f"{write(args.output, args.triples, args.seed)} quads → {args.output}")


if __name__ == "__main__":
    main()
