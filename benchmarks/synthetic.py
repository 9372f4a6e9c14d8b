"""Synthetic ASEAN-cooperation data at any size, shaped like the real graph (docs/model.md).

The graph generator writes N-Quads text directly (string formatting, no rdflib) so that 10M
triples take seconds, not minutes; a fixed seed makes every run produce the same bytes, so two
engines are always measured on the same data.

Usage: ``python -m benchmarks.synthetic --triples 1000000 -o data/synthetic-1m.nq``
"""

from __future__ import annotations

import argparse
import random
from collections.abc import Iterator
from pathlib import Path

BASE = "https://w3id.org/aseankg/"
AKG = "https://w3id.org/aseankg/def#"
RDF_TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
XSD = "http://www.w3.org/2001/XMLSchema#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
PROV = "http://www.w3.org/ns/prov#"
SCHEMA = "https://schema.org/"
OA = "http://www.w3.org/ns/oa#"
ORG = "http://www.w3.org/ns/org#"

COUNTRIES = ["bn", "kh", "id", "la", "mm", "my", "ph", "sg", "th", "vn", "tl",
             "au", "ca", "cn", "in", "jp", "kr", "nz", "ru", "us", "gb"]
SERIES = ["iai-tf", "iai-tf-partners-consultation", "clmv-summit", "clmv-emm", "clmv-seom",
          "asean-summit", "aem", "ascc-council"]
MEASURES = ["project-count", "total-value", "implementation-rate", "action-lines-implemented"]
ROLES = ["chair", "host", "attendee", "presenter", "coordinator"]


def _iri(path: str) -> str:
    return f"<{BASE}id/{path}>"


def _lit(value: object, dtype: str | None = None, lang: str | None = None) -> str:
    text = str(value).replace("\\", "\\\\").replace('"', '\\"')
    if lang:
        return f'"{text}"@{lang}'
    if dtype:
        return f'"{text}"^^<{XSD}{dtype}>'
    return f'"{text}"'


def generate(triples: int, seed: int = 20201106) -> Iterator[str]:
    """N-Quads lines, about ``triples`` of them (stops at the first document past the target)."""
    rnd = random.Random(seed)
    ref = f"<{BASE}graph/reference>"
    n = 0
    for cc in COUNTRIES:
        c = _iri(f"country/{cc}")
        for line in (f"{c} {RDF_TYPE} <{SCHEMA}Country> {ref} .",
                     f"{c} <{SKOS}prefLabel> {_lit(cc.upper(), lang='en')} {ref} .",
                     f"{c} <{AKG}iso2> {_lit(cc.upper())} {ref} ."):
            n += 1
            yield line
    orgs = [f"org/{cc}-ministry-{k}" for cc in COUNTRIES for k in range(8)]
    for o in orgs:
        n += 2
        yield f"{_iri(o)} {RDF_TYPE} <{AKG}Ministry> {ref} ."
        label = _lit(o.split("/")[1].replace("-", " "), lang="en")
        yield f"{_iri(o)} <{SKOS}prefLabel> {label} {ref} ."
    plans = [f"workplan/iai-{p}" for p in range(1, 6)] + [f"actionplan/clmv-{y}-{y + 1}"
                                                        for y in range(2005, 2031, 2)]
    doc = 0
    ordinals: dict[str, int] = {s: 0 for s in SERIES}
    while n < triples:
        doc += 1
        doc_id = f"syn_{doc:08d}"
        g = f"<{BASE}graph/source/{doc_id}>"
        src = _iri(f"source/{doc_id}")
        year = rnd.randint(2000, 2030)
        date = f"{year}-{rnd.randint(1, 12):02d}-{rnd.randint(1, 28):02d}"
        lines = [
            f"{g} {RDF_TYPE} <{AKG}AssertionGraph> {g} .",
            f"{g} <{PROV}wasDerivedFrom> {src} {g} .",
            f"{src} {RDF_TYPE} <{SCHEMA}NewsArticle> {g} .",
            f"{src} <{AKG}referenceDate> {_lit(date, 'date')} {g} .",
            f"{src} <http://purl.org/dc/terms/language> {_lit(rnd.choice(['vi', 'en']))} {g} .",
        ]
        series = rnd.choice(SERIES)
        ordinals[series] += 1
        mtg = _iri(f"meeting/{series}/{ordinals[series]}")
        ann = _iri(f"annotation/{doc_id}/0-80")
        sel = f"<{BASE}id/annotation/{doc_id}/0-80#quote>"
        lines += [
            f"{ann} {RDF_TYPE} <{OA}Annotation> {g} .",
            f"{ann} <{OA}hasTarget> <{BASE}id/annotation/{doc_id}/0-80#target> {g} .",
            f"<{BASE}id/annotation/{doc_id}/0-80#target> <{OA}hasSource> {src} {g} .",
            f"<{BASE}id/annotation/{doc_id}/0-80#target> <{OA}hasSelector> {sel} {g} .",
            f"{sel} <{OA}exact> {_lit(f'Sentence {doc} about {series}', lang='en')} {g} .",
            f"{mtg} {RDF_TYPE} <{AKG}Meeting> {g} .",
            f"{mtg} <{AKG}series> {_iri('series/' + series)} {g} .",
            f"{mtg} <{AKG}ordinal> {_lit(ordinals[series], 'integer')} {g} .",
            f"{mtg} <{SCHEMA}startDate> {_lit(date, 'date')} {g} .",
            f"{mtg} <{AKG}chairCountry> {_iri('country/' + rnd.choice(COUNTRIES[:11]))} {g} .",
            f"{mtg} <{PROV}wasDerivedFrom> {src} {g} .",
            f"{mtg} <{AKG}evidence> {ann} {g} .",
        ]
        for k in range(rnd.randint(2, 6)):
            part = _iri(f"participation/{doc_id}-{k}")
            who = _iri(rnd.choice(orgs)) if k else _iri("country/" + rnd.choice(COUNTRIES))
            lines += [
                f"{part} {RDF_TYPE} <{AKG}Participation> {g} .",
                f"{part} <{AKG}event> {mtg} {g} .",
                f"{part} <{AKG}participant> {who} {g} .",
                f"{part} <{AKG}role> {_iri('concept/role/' + ROLES[min(k, 4)])} {g} .",
                f"{part} <{PROV}wasDerivedFrom> {src} {g} .",
                f"{part} <{AKG}evidence> {ann} {g} .",
            ]
        for k in range(rnd.randint(1, 4)):
            fig = _iri(f"figure/{doc_id}-{k}")
            measure = rnd.choice(MEASURES)
            value = round(rnd.uniform(0, 100), 1) if measure == "implementation-rate" else \
                rnd.randint(1, 50_000_000)
            lines += [
                f"{fig} {RDF_TYPE} <{AKG}ReportedFigure> {g} .",
                f"{fig} <{AKG}about> {_iri(rnd.choice(plans))} {g} .",
                f"{fig} <{AKG}measure> {_iri('concept/measure/' + measure)} {g} .",
                f"{fig} <{AKG}value> {_lit(value, 'decimal')} {g} .",
                f"{fig} <{AKG}asOf> {_lit(date, 'date')} {g} .",
                f"{fig} <{AKG}fundedBy> {_iri('country/' + rnd.choice(COUNTRIES))} {g} .",
                f"{fig} <{PROV}wasDerivedFrom> {src} {g} .",
                f"{fig} <{AKG}evidence> {ann} {g} .",
            ]
        person = _iri(f"person/person-{rnd.randint(1, 5000)}")
        mem = _iri(f"membership/{doc_id}")
        lines += [
            f"{person} {RDF_TYPE} <http://xmlns.com/foaf/0.1/Person> {g} .",
            f"{mem} {RDF_TYPE} <{ORG}Membership> {g} .",
            f"{mem} <{ORG}member> {person} {g} .",
            f"{mem} <{ORG}organization> {_iri(rnd.choice(orgs))} {g} .",
            f"{mem} <{AKG}year> {_lit(year, 'gYear')} {g} .",
        ]
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
