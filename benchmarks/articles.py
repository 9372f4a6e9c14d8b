"""Synthetic ASEAN-cooperation news articles (Vietnamese and English) for extraction speed (P1).

The articles read like the seed corpus: a title, a lead, a dateline, a meeting with an ordinal
("lần thứ 63", "63rd"), dates in the forms the sources use ("ngày 25/3/2021", "25 March 2021"),
a chair with a person's name and post, work plans with periods, and figures with scale words
("gần 31 triệu USD", "nearly USD 31 million", "22/26 dòng hành động"). Every entity name is a
label of the project's reference data (ontology/reference/*.ttl), so the loader's gazetteer hits
real entries as it does on real articles; a fixed seed makes every run extract the same text.

Usage: ``python -m benchmarks.articles --count 5 -o /tmp/articles`` (writes ``syn_art_NNNN.txt``).
"""

from __future__ import annotations

import argparse
import functools
import random
from dataclasses import dataclass
from pathlib import Path

from benchmarks.synthetic import BASE, _reference_store

MONTHS_EN = ["January", "February", "March", "April", "May", "June", "July", "August",
             "September", "October", "November", "December"]
PEOPLE = [("Nguyễn Hải Bằng", "Nguyen Hai Bang"), ("Trần Thị Lan", "Tran Thi Lan"),
          ("Lê Minh Sơn", "Le Minh Son"), ("Phạm Quốc Hùng", "Pham Quoc Hung"),
          ("Somsak Chanthavong", "Somsak Chanthavong"), ("Lim Jock Hoi", "Lim Jock Hoi")]


@dataclass(frozen=True)
class Labels:
    """Reference labels by kind and language: lists of (vi, en) pairs."""

    countries: tuple[tuple[str, str], ...]
    series: tuple[tuple[str, str], ...]
    plans: tuple[tuple[str, str], ...]
    orgs: tuple[tuple[str, str], ...]
    places: tuple[tuple[str, str], ...]


@functools.lru_cache(maxsize=1)
def labels() -> Labels:
    """The vi/en preferred labels of curated entities, sorted by IRI (deterministic)."""
    store = _reference_store()

    def pairs(path: str) -> tuple[tuple[str, str], ...]:
        rows = store.query(  # type: ignore[attr-defined]
            "PREFIX skos: <http://www.w3.org/2004/02/skos/core#> "
            "SELECT ?s ?vi ?en WHERE { GRAPH ?g { ?s skos:prefLabel ?vi , ?en } "
            "FILTER(LANG(?vi) = 'vi' && LANG(?en) = 'en' "
            f"&& STRSTARTS(STR(?s), '{BASE}id/{path}')) }} ORDER BY ?s")
        seen: dict[str, tuple[str, str]] = {}
        for r in rows:
            seen.setdefault(r["s"].value, (r["vi"].value, r["en"].value))
        return tuple(seen.values())

    return Labels(countries=pairs("country/"), series=pairs("series/"),
                  plans=pairs("workplan/") + pairs("actionplan/") + pairs("framework/"),
                  orgs=pairs("org/"), places=pairs("place/"))


def _ordinal_en(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _vi(rnd: random.Random, lab: Labels) -> str:
    series_vi, _ = rnd.choice(lab.series)
    chair_vi, _ = rnd.choice(lab.countries)
    plan_vi, _ = rnd.choice(lab.plans)
    place_vi, _ = rnd.choice(lab.places)
    org_vi, _ = rnd.choice(lab.orgs)
    person, _ = rnd.choice(PEOPLE)
    n, year = rnd.randint(2, 70), rnd.randint(2005, 2026)
    day, month = rnd.randint(1, 28), rnd.randint(1, 12)
    done, total = rnd.randint(5, 25), rnd.randint(26, 40)
    projects, money = rnd.randint(20, 200), rnd.randint(5, 90) + rnd.randint(0, 9) / 10
    money_text = f"{money:.1f}".replace(".", ",")
    partners = ", ".join(c for c, _ in rnd.sample(lab.countries, 3))
    return "\n\n".join([
        f"{chair_vi} chủ trì {series_vi} lần thứ {n}",
        f"Ngày {day}/{month}/{year}, {series_vi} lần thứ {n} đã diễn ra tại {place_vi} "
        f"theo hình thức trực tuyến.",
        f"Đại sứ {person}, Trưởng phái đoàn {chair_vi} tại ASEAN, đã dẫn đầu đoàn {chair_vi} "
        f"chủ trì cuộc họp với vai trò Chủ tịch năm {year}.",
        f"Cuộc họp kiểm điểm tình hình triển khai {plan_vi} giai đoạn {year - 4}-{year}; "
        f"tới nay đã có {done}/{total} dòng hành động được triển khai.",
        f"Hiện có {projects} dự án với tổng trị giá gần {money_text} triệu USD, trong đó "
        f"{rnd.randint(2, 19)} dự án do {partners} tài trợ.",
        f"Đại diện {org_vi} cho biết các nước sẽ thông qua kế hoạch mới vào tháng "
        f"{rnd.randint(1, 12)} năm {year + 1}.",
    ])


def _en(rnd: random.Random, lab: Labels) -> str:
    _, series_en = rnd.choice(lab.series)
    _, chair_en = rnd.choice(lab.countries)
    _, plan_en = rnd.choice(lab.plans)
    _, place_en = rnd.choice(lab.places)
    _, org_en = rnd.choice(lab.orgs)
    _, person = rnd.choice(PEOPLE)
    n, year = rnd.randint(2, 70), rnd.randint(2005, 2026)
    day, month = rnd.randint(1, 28), rnd.randint(1, 12)
    done, total = rnd.randint(5, 25), rnd.randint(26, 40)
    projects, money = rnd.randint(20, 200), rnd.randint(5, 90) + rnd.randint(0, 9) / 10
    partners = ", ".join(c for _, c in rnd.sample(lab.countries, 3))
    return "\n\n".join([
        f"{chair_en} chairs the {_ordinal_en(n)} {series_en}",
        f"{place_en.upper()}, {day} {MONTHS_EN[month - 1]} {year} - The {_ordinal_en(n)} "
        f"{series_en} was held online on {day} {MONTHS_EN[month - 1]} {year}.",
        f"Ambassador {person}, Permanent Representative of {chair_en} to ASEAN, chaired the "
        f"meeting as Chair for {year}.",
        f"The meeting reviewed the implementation of the {plan_en} ({year - 4}-{year}); "
        f"{done} of {total} action lines have been implemented so far.",
        f"There are {projects} projects worth nearly USD {money:.1f} million, of which "
        f"{rnd.randint(2, 19)} are funded by {partners}.",
        f"A representative of the {org_en} said the new plan would be adopted in "
        f"{MONTHS_EN[rnd.randint(0, 11)]} {year + 1}.",
    ])


def generate(count: int, seed: int = 20201106, vi_share: float = 0.6) -> list[tuple[str, str]]:
    """``count`` articles as (doc_id, text); about ``vi_share`` of them in Vietnamese."""
    rnd = random.Random(seed)
    lab = labels()
    out = []
    for i in range(count):
        text = _vi(rnd, lab) if rnd.random() < vi_share else _en(rnd, lab)
        out.append((f"syn_art_{i:04d}", text + "\n"))
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--count", type=int, default=10)
    ap.add_argument("-o", "--output", type=Path, required=True)
    ap.add_argument("--seed", type=int, default=20201106)
    args = ap.parse_args()
    args.output.mkdir(parents=True, exist_ok=True)
    for doc_id, text in generate(args.count, args.seed):
        (args.output / f"{doc_id}.txt").write_text(text, encoding="utf-8")
    print(f"{args.count} articles → {args.output}")


if __name__ == "__main__":
    main()
