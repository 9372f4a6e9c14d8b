"""The gold annotations themselves: well-formed, grounded in their article, internally consistent.

A gold fact that quotes text the article does not contain, or refers to a meeting the gold does not
describe, would make the quality gates measure the annotator instead of the loader.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from loaders.evaluate import (
    ENTITY_KINDS,
    FACT_TYPES,
    find_article,
    gold_facts,
    load_gold_files,
    meeting_ref,
)

ROOT = Path(__file__).resolve().parent.parent
SEED_GOLD = ROOT / "tests" / "gold"
ARTICLES = ROOT / "tests" / "articles"
CORPUS = ROOT / "corpus"

GOLDS = [*load_gold_files(SEED_GOLD),
         *(load_gold_files(ARTICLES) if list(ARTICLES.glob("*.json")) else [])]
IDS = [g["doc_id"] for g in GOLDS]

DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
REL_IRI = re.compile(r"^id/[a-z]+(/[a-z0-9][a-z0-9-]*)+$")
CONCEPT = re.compile(r"^id/concept/(role|measure|unit|action|iai-strategic-area)/[a-z0-9-]+$")
DATE_FIELDS = {"start_date", "end_date", "as_of", "date"}
IRI_FIELDS = {"iri", "series", "place", "chair_country", "chair_person", "participant", "about",
              "funded_by", "document", "person", "organization", "body", "holder", "subject"}
CONCEPT_FIELDS = {"role", "measure", "unit", "action"}


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def article_text(gold: dict[str, Any]) -> str:
    return nfc(find_article(gold, [CORPUS]).read_text(encoding="utf-8"))


def test_five_seeds_and_at_least_six_own_articles_have_gold() -> None:
    seeds = {p.stem for p in CORPUS.glob("*.txt")}
    assert seeds <= {g["doc_id"] for g in load_gold_files(SEED_GOLD)}
    own = load_gold_files(ARTICLES)
    assert len(own) >= 6
    assert sum(g["language"] == "vi" for g in own) >= 3
    assert sum(g["language"] == "en" for g in own) >= 3


@pytest.mark.parametrize("gold", GOLDS, ids=IDS)
def test_gold_file_is_named_after_its_article(gold: dict[str, Any]) -> None:
    assert Path(gold["_path"]).stem == gold["doc_id"]
    assert find_article(gold, [CORPUS]).stem == gold["doc_id"]


@pytest.mark.parametrize("gold", GOLDS, ids=IDS)
def test_every_quote_and_surface_form_is_in_the_article(gold: dict[str, Any]) -> None:
    text = article_text(gold)
    missing = []
    for ftype, items in gold["facts"].items():
        for i, item in enumerate(items):
            if ftype == "entity":
                assert item.get("surface"), f"entity {item['iri']} needs a surface form"
            else:
                assert item.get("quote"), f"{ftype}[{i}] needs a quote"
            for q in [item.get("quote"), *item.get("surface", [])]:
                if q and nfc(q) not in text:
                    missing.append(f"{ftype}[{i}]: {q!r}")
    assert not missing, "\n".join(missing)


@pytest.mark.parametrize("gold", GOLDS, ids=IDS)
def test_values_are_normalised(gold: dict[str, Any]) -> None:
    for ftype, items in gold["facts"].items():
        for i, item in enumerate(items):
            where = f"{ftype}[{i}]"
            for key, value in item.items():
                if value is None or key in ("quote", "surface", "notes", "inferred"):
                    continue
                if key in DATE_FIELDS:
                    assert DATE.match(str(value)), f"{where}.{key}: not an ISO date {value!r}"
                elif key in CONCEPT_FIELDS:
                    assert CONCEPT.match(value), f"{where}.{key}: not a concept IRI {value!r}"
                elif key in IRI_FIELDS or key == "event":
                    assert REL_IRI.match(value), f"{where}.{key}: not a base-relative IRI"
                elif key in ("value", "denominator") and ftype == "figure":
                    assert re.fullmatch(r"\d+(\.\d*[1-9])?", value), f"{where}.{key}: {value!r}"
                elif key == "year":
                    assert re.fullmatch(r"\d{4}", value), f"{where}.year: {value!r}"
            if ftype == "entity":
                assert item["iri"].split("/")[1] in ENTITY_KINDS, f"{where}: not an entity kind"


@pytest.mark.parametrize("gold", GOLDS, ids=IDS)
def test_references_to_meetings_and_entities_resolve_within_the_gold(
        gold: dict[str, Any], curated: set[str]) -> None:
    """Facts name gold meetings, and entities the gold lists (or curated ones named only inside
    a longer name, which the outermost-mention rule keeps out of the entity list)."""
    from graph.model import BASE

    facts = gold["facts"]
    refs = {meeting_ref(m.get("series"), m.get("ordinal"), m.get("start_date"))
            for m in facts.get("meeting", [])}
    listed = {e["iri"] for e in facts.get("entity", [])}

    def known(iri: str) -> bool:
        return iri in listed or BASE + iri in curated

    for p in facts.get("participation", []):
        assert p["event"] in refs, f"participation event {p['event']} is not a gold meeting"
        assert known(p["participant"]), f"participant {p['participant']} unknown"
    for f in facts.get("figure", []):
        if f["about"].startswith("id/meeting/"):
            assert f["about"] in refs, f"figure about unknown meeting {f['about']}"
        else:
            assert known(f["about"]), f"figure about {f['about']} unknown"
    for m in facts.get("meeting", []):
        if m.get("series"):
            assert m["series"] in listed, f"meeting series {m['series']} not an entity"
        for key in ("place", "chair_country", "chair_person"):
            if m.get(key):
                assert known(m[key]), f"meeting {key} {m[key]} unknown"
    for key, ftype in (("person", "membership"), ("organization", "membership"),
                       ("document", "document_event"), ("body", "chair_term"),
                       ("holder", "chair_term"), ("subject", "claim")):
        for item in facts.get(ftype, []):
            assert known(item[key]), f"{ftype}.{key} {item[key]} unknown"


@pytest.mark.parametrize("gold", GOLDS, ids=IDS)
def test_gold_facts_are_distinct(gold: dict[str, Any]) -> None:
    """Two gold entries that normalise to the same tuple would silently count once."""
    for ftype in FACT_TYPES:
        items = gold["facts"].get(ftype, [])
        if ftype == "meeting":
            continue
        assert len(gold_facts({"facts": {ftype: items}})[ftype]) == len(items), ftype


@pytest.fixture(scope="module")
def curated() -> set[str]:
    """Every IRI described in ontology/reference (the loader's gazetteer)."""
    from rdflib import Graph

    g = Graph()
    for path in sorted((ROOT / "ontology" / "reference").glob("*.ttl")):
        g.parse(path)
    return {str(s) for s in g.subjects()}


@pytest.mark.parametrize("gold", GOLDS, ids=IDS)
def test_gold_iris_are_curated_or_minted_by_the_slug_rule(gold: dict[str, Any],
                                                          curated: set[str]) -> None:
    """A gold IRI the loader cannot produce would be a miss no loader could fix."""
    from graph.model import BASE, slug

    for entity in gold["facts"].get("entity", []):
        iri = entity["iri"]
        if BASE + iri in curated:
            continue
        kind, key = iri.split("/")[1], iri.split("/", 2)[2]
        minted_by_slug = any(slug(s) == key for s in entity["surface"])
        minted_plan = kind == "actionplan" and re.fullmatch(r"clmv-\d{4}-\d{4}", key)
        assert kind in ("person", "org", "actionplan") and (minted_by_slug or minted_plan), (
            f"{iri} is neither in ontology/reference nor minted from a surface form")
    for ftype in ("participation", "figure", "document_event", "membership", "chair_term",
                  "claim"):
        for item in gold["facts"].get(ftype, []):
            for key in ("role", "measure", "unit", "action"):
                if item.get(key):
                    assert BASE + item[key] in curated, f"{ftype}.{key} {item[key]} not curated"
            if ftype == "claim" and str(item["value"]).startswith("id/"):
                assert BASE + item["value"] in curated, f"claim value {item['value']}"


_WORDS = {"một": 1, "hai": 2, "ba": 3, "bốn": 4, "năm": 5, "sáu": 6, "bảy": 7, "tám": 8,
          "chín": 9, "mười": 10, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5,
          "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10}
_SCALE = {"triệu": 10**6, "million": 10**6, "tỷ": 10**9, "billion": 10**9}


def numbers_in(quote: str, language: str) -> set[Decimal]:
    """Every number a quote can be read as: digits (vi decimal comma, en decimal point), with a
    following scale word, and number words."""
    found: set[Decimal] = set()
    for m in re.finditer(r"(\d+(?:[.,]\d+)*)(\s*(triệu|million|tỷ|billion))?", quote):
        raw = m.group(1)
        raw = raw.replace(".", "").replace(",", ".") if language == "vi" else raw.replace(",", "")
        number = Decimal(raw)
        found.add(number)
        if m.group(3):
            found.add(number * _SCALE[m.group(3)])
    for word in re.findall(r"\w+", quote.lower()):
        if word in _WORDS:
            found.add(Decimal(_WORDS[word]))
    return found


@pytest.mark.parametrize("gold", GOLDS, ids=IDS)
def test_figure_values_and_periods_are_read_from_their_quote(gold: dict[str, Any]) -> None:
    for i, f in enumerate(gold["facts"].get("figure", [])):
        found = numbers_in(f["quote"], gold["language"])
        assert Decimal(f["value"]) in found, f"figure[{i}] value {f['value']} not in its quote"
        if f.get("denominator"):
            assert Decimal(f["denominator"]) in found, f"figure[{i}] denominator"
    for i, c in enumerate(gold["facts"].get("claim", [])):
        if c["property"] in ("akg:periodStart", "akg:periodEnd", "akg:horizon"):
            assert c["value"] in c["quote"], f"claim[{i}] {c['property']} {c['value']}"
