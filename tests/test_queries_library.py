"""Every named query on the hand-made fixture (tests/fixtures/queries/seedlike.trig, shaped as
docs/model.md says), row for row, on the embedded pyoxigraph store and on the rdflib memory store:
the same text must give the same answer on both engines."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph.cli_query import short
from graph.queries import load_queries, run
from graph.store import Store, open_store
from graph.stores.oxigraph import OxigraphStore

FIXTURE = Path(__file__).parent / "fixtures" / "queries" / "seedlike.trig"


def _load(store: Store) -> Store:
    store.load(FIXTURE.read_bytes(), "application/trig")
    return store


@pytest.fixture(scope="module", params=["oxigraph", "memory"])
def fixture_store(request: pytest.FixtureRequest) -> Store:
    """The fixture in an in-memory pyoxigraph store and in the rdflib memory store."""
    store = OxigraphStore(None) if request.param == "oxigraph" else open_store("memory:")
    return _load(store)


def cells(result, cols: tuple[str, ...]) -> list[tuple[str, ...]]:
    """Selected columns of every row, IRIs shortened as the table output shows them."""
    return [tuple(short(row.get(c), width=None) for c in cols) for row in result.rows]


EXPECTED: dict[str, tuple[tuple[str, ...], list[tuple[str, ...]]]] = {
    "meetings": (
        (
            "meeting",
            "series",
            "ordinal",
            "start_date",
            "date_inferred",
            "place",
            "mode_name",
            "chair_country",
            "chair_person",
            "sources",
        ),
        [
            (
                "id:meeting/iai-tf/63",
                "id:series/iai-tf",
                "63",
                "2021-03-25",
                "true",
                "",
                "OnlineEventAttendanceMode",
                "id:country/vn",
                "id:person/nguyen-hai-bang",
                "https://w3id.org/aseankg/id/source/001_bbbb",
            ),
            (
                "id:meeting/iai-tf-partners-consultation/15",
                "id:series/iai-tf-partners-consultation",
                "15",
                "2025-08-11",
                "true",
                "id:place/jakarta",
                "",
                "id:country/vn",
                "id:person/ton-thi-ngoc-huong",
                "https://w3id.org/aseankg/id/source/002_cccc",
            ),
        ],
    ),
    "chairs": (
        ("body", "year", "role", "country", "person", "post", "sources"),
        [
            (
                "id:org/iai-task-force",
                "2021",
                "chair",
                "id:country/vn",
                "id:person/nguyen-hai-bang",
                "Đại sứ, Trưởng Phái đoàn Việt Nam tại ASEAN",
                "https://w3id.org/aseankg/id/source/001_bbbb",
            ),
            (
                "id:org/iai-task-force",
                "2025",
                "chair",
                "id:country/vn",
                "id:person/ton-thi-ngoc-huong",
                "Đại sứ, Trưởng Phái đoàn đại diện thường trực Việt Nam tại ASEAN",
                "https://w3id.org/aseankg/id/source/002_cccc",
            ),
        ],
    ),
    "figures": (
        (
            "about",
            "measure",
            "value",
            "unit_name",
            "qualifier",
            "as_of",
            "funded_by",
            "scope",
            "source",
        ),
        [
            (
                "id:workplan/iai-3",
                "id:concept/measure/project-count",
                "127",
                "count",
                "exact",
                "2021-03-25",
                "",
                "",
                "id:source/001_bbbb",
            ),
            (
                "id:workplan/iai-3",
                "id:concept/measure/total-value",
                "31000000",
                "usd",
                "approximately",
                "2021-03-25",
                "",
                "",
                "id:source/001_bbbb",
            ),
            (
                "id:workplan/iai-4",
                "id:concept/measure/new-projects-approved",
                "1",
                "count",
                "exact",
                "2021-03-25",
                "id:country/jp",
                "",
                "id:source/001_bbbb",
            ),
            (
                "id:workplan/iai-4",
                "id:concept/measure/new-projects-approved",
                "16",
                "count",
                "exact",
                "2021-03-25",
                "id:country/sg",
                "",
                "id:source/001_bbbb",
            ),
            (
                "id:workplan/iai-4",
                "id:concept/measure/implementation-rate",
                "70.8",
                "percent",
                "exact",
                "2025-08-11",
                "",
                "",
                "id:source/002_cccc",
            ),
            (
                "id:workplan/iai-4",
                "id:concept/measure/project-count",
                "28",
                "count",
                "exact",
                "2025-08-11",
                "",
                "partner-supported",
                "id:source/002_cccc",
            ),
            (
                "id:workplan/iai-4",
                "id:concept/measure/project-count",
                "114",
                "count",
                "exact",
                "2025-08-11",
                "",
                "",
                "id:source/002_cccc",
            ),
            (
                "id:workplan/iai-4",
                "id:concept/measure/total-value",
                "18300000",
                "usd",
                "exact",
                "2025-08-11",
                "",
                "partner-supported",
                "id:source/002_cccc",
            ),
            (
                "id:workplan/iai-4",
                "id:concept/measure/total-value",
                "24800000",
                "usd",
                "exact",
                "2025-08-11",
                "",
                "",
                "id:source/002_cccc",
            ),
        ],
    ),
    "funders": (
        ("funder", "funder_type", "projects", "value_usd", "plan", "as_of", "source"),
        [
            (
                "id:country/jp",
                "dialogue partner",
                "1",
                "",
                "id:workplan/iai-4",
                "2021-03-25",
                "id:source/001_bbbb",
            ),
            (
                "id:country/sg",
                "member state",
                "16",
                "",
                "id:workplan/iai-4",
                "2021-03-25",
                "id:source/001_bbbb",
            ),
            (
                "partner-supported",
                "partners (collective)",
                "28",
                "18300000",
                "id:workplan/iai-4",
                "2025-08-11",
                "id:source/002_cccc",
            ),
        ],
    ),
    "strategic-areas": (
        ("initiative_or_plan", "area", "label_en", "surface_form", "new_in_plan", "source"),
        [
            (
                "id:workplan/iai-4",
                "id:concept/iai-strategic-area/health-wellbeing",
                "Health and Well-being",
                "Y tế và Phúc lợi",
                "false",
                "id:source/000_aaaa",
            ),
            (
                "id:workplan/iai-4",
                "id:concept/iai-strategic-area/health-wellbeing",
                "Health and Well-being",
                "sức khỏe cộng đồng",
                "false",
                "id:source/001_bbbb",
            ),
            (
                "id:workplan/iai-4",
                "id:concept/iai-strategic-area/msme",
                "Micro, Small and Medium Enterprises",
                "",
                "false",
                "id:source/000_aaaa",
            ),
            (
                "id:workplan/iai-4",
                "id:concept/iai-strategic-area/industry-4-0",
                "Industry 4.0",
                "",
                "true",
                "id:source/000_aaaa",
            ),
        ],
    ),
    "participation": (
        ("organisation", "organisation_type", "country", "event", "date", "role", "source"),
        [
            (
                "id:country/vn",
                "Country",
                "id:country/vn",
                "id:org/iai-task-force",
                "2021",
                "chair",
                "id:source/001_bbbb",
            ),
            (
                "id:country/vn",
                "Country",
                "id:country/vn",
                "id:meeting/iai-tf/63",
                "2021-03-25",
                "chair",
                "id:source/001_bbbb",
            ),
            (
                "id:country/vn",
                "Country",
                "id:country/vn",
                "id:org/iai-task-force",
                "2025",
                "chair",
                "id:source/002_cccc",
            ),
            (
                "id:org/asean-secretariat",
                "Secretariat",
                "",
                "id:meeting/iai-tf-partners-consultation/15",
                "2025-08-11",
                "host",
                "id:source/002_cccc",
            ),
            (
                "id:org/vn-mission-asean",
                "Mission",
                "id:country/vn",
                "id:meeting/iai-tf/63",
                "2021-03-25",
                "chair (through a member)",
                "id:source/001_bbbb",
            ),
            (
                "id:org/vn-mofa",
                "Ministry",
                "id:country/vn",
                "id:initiative/iai",
                "2020",
                "national-coordinator",
                "id:source/000_aaaa",
            ),
        ],
    ),
    "people": (
        ("person", "name", "post", "organisation", "country", "event", "date", "role", "source"),
        [
            (
                "id:person/nguyen-hai-bang",
                "Nguyễn Hải Bằng",
                "",
                "id:org/iai-task-force",
                "id:country/vn",
                "",
                "2021",
                "chair (representing)",
                "id:source/001_bbbb",
            ),
            (
                "id:person/nguyen-hai-bang",
                "Nguyễn Hải Bằng",
                "Đại sứ, Trưởng Phái đoàn Việt Nam tại ASEAN",
                "id:org/vn-mission-asean",
                "id:country/vn",
                "",
                "2021",
                "head-of-mission",
                "id:source/001_bbbb",
            ),
            (
                "id:person/nguyen-hai-bang",
                "Nguyễn Hải Bằng",
                "",
                "",
                "",
                "id:meeting/iai-tf/63",
                "2021-03-25",
                "chair",
                "id:source/001_bbbb",
            ),
            (
                "id:person/ton-thi-ngoc-huong",
                "Tôn Thị Ngọc Hương",
                "",
                "id:org/iai-task-force",
                "id:country/vn",
                "",
                "2025",
                "chair (representing)",
                "id:source/002_cccc",
            ),
            (
                "id:person/ton-thi-ngoc-huong",
                "Tôn Thị Ngọc Hương",
                "Đại sứ, Trưởng Phái đoàn đại diện thường trực Việt Nam tại ASEAN",
                "id:org/vn-mission-asean",
                "id:country/vn",
                "",
                "2025",
                "member",
                "id:source/002_cccc",
            ),
            (
                "id:person/ton-thi-ngoc-huong",
                "Tôn Thị Ngọc Hương",
                "",
                "",
                "",
                "id:meeting/iai-tf-partners-consultation/15",
                "2025-08-11",
                "chair",
                "id:source/002_cccc",
            ),
        ],
    ),
    "document-history": (
        ("document", "date", "action", "tense", "source"),
        [
            ("id:workplan/iai-3", "2020-09", "planned end", "planned", "id:source/000_aaaa"),
            ("id:workplan/iai-3", "2021-07", "planned end", "planned", "id:source/001_bbbb"),
            ("id:workplan/iai-4", "2020", "adopted", "", "id:source/001_bbbb"),
            ("id:workplan/iai-4", "2020", "drafted", "", "id:source/000_aaaa"),
        ],
    ),
    "plans": (
        (
            "document",
            "type_name",
            "label_en",
            "period_start",
            "period_end",
            "parent",
            "planned_end",
            "sources",
        ),
        [
            (
                "id:initiative/iai",
                "Initiative",
                "Initiative for ASEAN Integration",
                "",
                "",
                "",
                "",
                "https://w3id.org/aseankg/id/source/000_aaaa https://w3id.org/aseankg/id/source/002_cccc",
            ),
            (
                "id:workplan/iai-3",
                "WorkPlan",
                "IAI Work Plan III",
                "2016",
                "2020",
                "id:initiative/iai",
                "2020-09 | 2021-07",
                "https://w3id.org/aseankg/id/source/000_aaaa https://w3id.org/aseankg/id/source/001_bbbb",
            ),
            (
                "id:workplan/iai-4",
                "WorkPlan",
                "IAI Work Plan IV",
                "2021",
                "2025",
                "id:initiative/iai",
                "",
                "https://w3id.org/aseankg/id/source/000_aaaa "
                "https://w3id.org/aseankg/id/source/001_bbbb "
                "https://w3id.org/aseankg/id/source/002_cccc",
            ),
        ],
    ),
    "beneficiaries": (
        ("initiative", "country", "since_or_as_of", "source"),
        [
            ("id:initiative/iai", "id:country/kh", "2020", "id:source/000_aaaa"),
            ("id:initiative/iai", "id:country/tl", "2025-08-11", "id:source/002_cccc"),
            ("id:initiative/iai", "id:country/vn", "2020", "id:source/000_aaaa"),
        ],
    ),
    "conflicts": (
        ("subject", "property", "value", "source", "tense", "date_inferred"),
        [
            (
                "id:workplan/iai-3",
                "akg:plannedEnd",
                "2020-09",
                "id:source/000_aaaa",
                "planned",
                "true",
            ),
            (
                "id:workplan/iai-3",
                "akg:plannedEnd",
                "2021-07",
                "id:source/001_bbbb",
                "planned",
                "false",
            ),
        ],
    ),
    "credits": (
        ("source", "name", "role"),
        [("id:source/000_aaaa", "T. Minh", "author")],
    ),
    "sources": (
        ("source", "title", "published", "reference_date", "publisher", "language", "facts"),
        [
            (
                "id:source/000_aaaa",
                "Tham vấn quốc gia về KHCT IAI 4",
                "",
                "2020",
                "Báo Quốc tế",
                "vi",
                "3",
            ),
            (
                "id:source/001_bbbb",
                "Cuộc họp lần thứ 63 của Nhóm Đặc trách IAI",
                "",
                "2021-03-25",
                "",
                "vi",
                "10",
            ),
            ("id:source/002_cccc", "Tham vấn lần thứ 15", "", "2025-08-11", "", "vi", "9"),
        ],
    ),
}


def test_every_named_query_has_an_exact_expectation() -> None:
    assert sorted(EXPECTED) == sorted(load_queries())


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_named_query_rows(fixture_store: Store, name: str) -> None:
    cols, rows = EXPECTED[name]
    result = run(fixture_store, name)
    assert set(cols) <= set(result.variables), f"{name} lacks columns"
    assert cells(result, cols) == rows


REQUIRED_COLUMNS = {
    "meetings": "meeting label_en label_vi series ordinal start_date end_date date_inferred place "
    "mode chair_country chair_person sources",
    "chairs": "body year country person post sources",
    "figures": "about measure value unit qualifier as_of quote source",
    "funders": "funder funder_type projects value_usd plan as_of source",
    "strategic-areas": "initiative_or_plan area label_en surface_form new_in_plan source",
    "participation": "organisation organisation_type country event date role source",
    "people": "person name post organisation country event date source",
    "document-history": "document event date action source",
    "plans": "document type label_en label_vi period_start period_end horizon parent adopted_on "
    "approved_by sources",
    "beneficiaries": "initiative country since_or_as_of source",
    "conflicts": "subject property value source",
    "sources": "source title published publisher language facts",
}


@pytest.mark.parametrize("name", sorted(REQUIRED_COLUMNS))
def test_required_columns_exist(fixture_store: Store, name: str) -> None:
    result = run(fixture_store, name)
    missing = set(REQUIRED_COLUMNS[name].split()) - set(result.variables)
    assert not missing, f"{name} lacks {sorted(missing)}"


def test_meetings_filters_by_series_label_country_and_dates(fixture_store: Store) -> None:
    def meetings(**params: str) -> list[str]:
        return run(fixture_store, "meetings", params).values("meeting")

    base = "https://w3id.org/aseankg/id/meeting/"
    assert meetings(series="IAI Task Force meetings") == [base + "iai-tf/63"]
    assert meetings(series="id:series/iai-tf-partners-consultation") == [
        base + "iai-tf-partners-consultation/15"
    ]
    assert meetings(**{"from": "2022"}) == [base + "iai-tf-partners-consultation/15"]
    assert meetings(to="2021-03") == [base + "iai-tf/63"]
    assert meetings(**{"from": "2021-03-25", "to": "2021-03-25"}) == [base + "iai-tf/63"]
    assert meetings(country="Viet Nam") == [
        base + "iai-tf/63",
        base + "iai-tf-partners-consultation/15",
    ]
    assert meetings(country="Japan") == []


def test_document_history_accepts_a_label_or_an_iri(fixture_store: Store) -> None:
    by_label = run(fixture_store, "document-history", {"document": "Work Plan IV"})
    by_iri = run(
        fixture_store,
        "document-history",
        {"document": "https://w3id.org/aseankg/id/workplan/iai-4"},
    )
    expected = [
        ("id:workplan/iai-4", "2020", "adopted", "id:source/001_bbbb"),
        ("id:workplan/iai-4", "2020", "drafted", "id:source/000_aaaa"),
    ]
    cols = ("document", "date", "action", "source")
    assert cells(by_label, cols) == expected
    assert cells(by_iri, cols) == expected


def test_accents_and_case_are_ignored_in_labels(fixture_store: Store) -> None:
    result = run(fixture_store, "people", {"person": "nguyen hai bang"})
    assert set(result.values("person")) == {"https://w3id.org/aseankg/id/person/nguyen-hai-bang"}


def test_figures_about_one_plan(fixture_store: Store) -> None:
    result = run(fixture_store, "figures", {"about": "IAI Work Plan III"})
    assert cells(result, ("value", "unit_name", "qualifier")) == [
        ("127", "count", "exact"),
        ("31000000", "usd", "approximately"),
    ]
