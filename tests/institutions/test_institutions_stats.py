"""Statistics per conference-year: one count per paper, parents collapsed, industry share,
the APIs (JSON, CSV, 400s), the trend and the page."""

import json
from pathlib import Path

import pytest

from institutions.importer import import_conference
from institutions.models import ConferenceYearStat, Institution, UnmatchedAffiliation
from institutions.refresh import refresh_all
from papers.models import DataGeneration
from tests.institutions.support import ensure_registry

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _seed(db: None) -> None:
    """The seed the migration loads; reloaded if a transactional test flushed it."""
    ensure_registry()


PAPERS_2017 = [
    # Google twice on one paper counts once; DeepMind too; Alphabet (collapsed) once.
    ("Google Brain; DeepMind, London, UK; Google Research, New York, NY, USA", ""),
    ("Stanford University; Department of Computer Science, Stanford University", ""),
    ("Stanford University; Zyxw Qwerty Labs", ""),
    ("MIT + Massachusetts Institute of Technology", ""),
]
PAPERS_2018 = [("DeepMind", ""), ("Stanford University", ""), ("Harvard University", "")]


def write(tmp_path: Path, name: str, papers: list[tuple[str, str]]) -> Path:
    records = [
        {"id": str(i), "title": f"Paper {i}", "status": "Poster",
         "author": "; ".join(f"Author {j}" for j in range(len(aff.split("; ")))),
         "aff": aff, "aff_domain": domain}
        for i, (aff, domain) in enumerate(papers)
    ]  # fmt: skip
    path = tmp_path / name
    path.write_text(json.dumps(records), encoding="utf-8")
    return path


@pytest.fixture
def lists(tmp_path: Path) -> None:
    import_conference(write(tmp_path, "icml2017.json", PAPERS_2017))
    import_conference(write(tmp_path, "icml2018.json", PAPERS_2018))
    refresh_all()


GOOGLE, ALPHABET, GDM = (
    "Google (United States)",
    "Alphabet (United States)",
    ("Google DeepMind (United Kingdom)"),
)


def test_it_counts_each_institution_once_per_paper(lists):
    stat = ConferenceYearStat.objects.get(year=2017)
    assert (stat.papers, stat.mentions, stat.resolved) == (4, 9, 8)
    # Google Brain, DeepMind, Google, Stanford, MIT; rolled up: Alphabet, Stanford, MIT.
    assert (stat.unique_institutions, stat.unique_parents) == (5, 3)
    assert stat.coverage == pytest.approx(8 / 9)
    assert stat.papers_with_strings == 4 and stat.affiliation_share == 1.0


def test_the_api_table_with_and_without_parents(client, lists):
    answer = client.get("/api/institutions", {"conference": "icml", "year": 2017}).json()
    assert {k: answer[k] for k in ("conference", "year", "papers", "mentions", "unique")} == {
        "conference": "icml", "year": 2017, "papers": 4, "mentions": 9, "unique": 5,
    }  # fmt: skip
    rows = [(r["institution"], r["papers"], r["sector"], r["parent"]) for r in answer["rows"]]
    assert rows == [
        ("Stanford University", 2, "academia", None),
        ("DeepMind", 1, "industry", GDM),
        ("Google (United States)", 1, "industry", ALPHABET),
        ("Google Brain", 1, "industry", GDM),
        ("Massachusetts Institute of Technology", 1, "academia", None),
    ]
    collapsed = client.get(
        "/api/institutions", {"conference": "icml", "year": 2017, "parents": 1}
    ).json()
    assert [(r["institution"], r["papers"]) for r in collapsed["rows"]] == [
        ("Stanford University", 2), (ALPHABET, 1), ("Massachusetts Institute of Technology", 1),
    ]  # fmt: skip
    assert collapsed["unique"] == 3


def test_fractional_counting_splits_each_paper_among_its_authors(client, lists):
    answer = client.get(
        "/api/institutions", {"conference": "icml", "year": 2017, "counting": "fractional"}
    ).json()
    credit = {r["institution"]: r["papers"] for r in answer["rows"]}
    # Paper 2: both authors at Stanford (1); paper 3: one of two (0.5).
    assert credit["Stanford University"] == 1.5
    # Paper 1: three authors, one each at Google Brain, DeepMind and Google.
    assert credit["Google Brain"] == credit["DeepMind"] == pytest.approx(0.33, abs=0.01)
    # Paper 4: one author with two strings that both name MIT.
    assert credit["Massachusetts Institute of Technology"] == 1.0
    assert answer["counting"] == "fractional"


def test_a_year_rolls_up_with_its_own_structure_or_todays(client, tmp_path):
    import_conference(write(tmp_path, "icml2024.json", [("Google Brain", "")]))
    refresh_all()
    query = {"conference": "icml", "year": 2024, "parents": 1}
    # Google Brain merged into Google DeepMind in 2023: under Alphabet either way.
    assert client.get("/api/institutions", query).json()["rows"][0]["institution"] == ALPHABET
    facebook = Institution.objects.get(name="Facebook", ror_id=None)
    import_conference(write(tmp_path, "icml2019.json", [("Facebook AI Research", "")]))
    refresh_all()
    query = {"conference": "icml", "year": 2019, "parents": 1}
    rows = client.get("/api/institutions", query).json()["rows"]
    assert rows[0]["institution"] == facebook.name  # FAIR was Facebook's until 2020
    today = client.get("/api/institutions", {**query, "as_today": 1}).json()["rows"]
    assert today[0]["institution"] == "Meta (United States)"


def test_industry_share_counts_papers_with_any_industry_author(client, lists):
    answer = client.get("/api/institutions", {"conference": "icml", "year": 2017, "top": 2}).json()
    assert answer["industry_share"] == 0.25  # 1 of 4 papers with a resolved author
    assert len(answer["rows"]) == 2


def test_the_csv_export(client, lists):
    response = client.get(
        "/api/institutions", {"conference": "icml", "year": 2017, "format": "csv"}
    )
    lines = response.content.decode().splitlines()
    assert lines[0] == "institution,short_name,ror_id,sector,parent,papers,share"
    assert lines[1] == "Stanford University,Stanford,https://ror.org/00f54p054,academia,,2,0.5"


def test_the_trend_compares_several_institutions(client, lists):
    answer = client.get(
        "/api/institutions/trend",
        {"conference": "icml", "institution": ["DeepMind", "Stanford University"]},
    ).json()
    assert answer["institutions"] == ["DeepMind", "Stanford University"]
    assert [(r["year"], r["institutions"]["DeepMind"]["papers"],
             r["institutions"]["Stanford University"]["papers"]) for r in answer["rows"]] == [
        (2017, 1, 2), (2018, 1, 1),
    ]  # fmt: skip
    # A comma list works too (it used to replace the page with an error).
    commas = client.get(
        "/api/institutions/trend", {"institution": "DeepMind, Stanford University"}
    ).json()
    assert commas["institutions"] == ["DeepMind", "Stanford University"]
    alphabet = client.get(
        "/api/institutions/trend", {"conference": "all", "institution": GOOGLE, "parents": 1}
    ).json()
    assert alphabet["institutions"] == [ALPHABET]
    assert [r["institutions"][ALPHABET]["papers"] for r in alphabet["rows"]] == [1, 1]
    # Chosen by itself, the top of a tree counts with its parts (alone it has no paper);
    # a part counts alone.
    alone = client.get(
        "/api/institutions/trend", {"conference": "all", "institution": [ALPHABET, GOOGLE]}
    ).json()
    assert alone["with_parts"] == [ALPHABET]
    assert [r["institutions"][ALPHABET]["papers"] for r in alone["rows"]] == [1, 1]
    assert [r["institutions"][GOOGLE]["papers"] for r in alone["rows"]] == [1, 0]
    csv = client.get("/api/institutions/trend", {"format": "csv"}).content.decode()
    assert csv.splitlines()[0].startswith("conference,year,papers,mentions,coverage")


def test_the_papers_and_strings_behind_a_row(client, lists):
    stanford = Institution.objects.get(ror_id="https://ror.org/00f54p054")
    answer = client.get(
        "/api/institutions/papers", {"conference": "icml", "year": 2017, "row": stanford.pk}
    ).json()
    assert [p["title"] for p in answer["papers"]] == ["Paper 1", "Paper 2"]
    raws = [a["raw"] for p in answer["papers"] for a in p["affiliations"]]
    assert "Department of Computer Science, Stanford University" in raws
    page = client.get(
        "/institutions/", {"conference": "icml", "year": 2017, "row": stanford.pk}
    ).content.decode()
    assert "papers behind Stanford University" in page and "Department of Computer Science" in page


@pytest.mark.parametrize(
    ("url", "query", "parameter"),
    [
        ("/api/institutions", {"conference": "cvpr"}, "conference"),
        ("/api/institutions", {"conference": "icml", "year": "2016"}, "year"),
        ("/api/institutions", {"conference": "icml", "year": "x"}, "year"),
        ("/api/institutions", {"top": "0"}, "top"),
        ("/api/institutions", {"top": "1000"}, "top"),
        ("/api/institutions", {"parents": "maybe"}, "parents"),
        ("/api/institutions", {"format": "xml"}, "format"),
        ("/api/institutions/trend", {"institution": "Nowhere U"}, "institution"),
        ("/api/institutions/trend", {"conference": "x" * 40}, "conference"),
        ("/api/institutions", {"counting": "half"}, "counting"),
        ("/api/institutions", {"as_today": "x"}, "as_today"),
        ("/api/institutions/papers", {"row": "9" * 30}, "row"),
        ("/api/institutions/papers", {}, "row"),
        ("/api/institutions/trend", {"institution": ",".join("abcdefghij")}, "institution"),
    ],
)
def test_bad_parameters_get_a_400_naming_them(client, lists, url, query, parameter):
    response = client.get(url, query)
    assert response.status_code == 400
    assert response.json()["error"].startswith(f"{parameter}:")


def test_unresolved_strings_wait_in_the_queue(lists):
    row = UnmatchedAffiliation.objects.get()
    assert (row.key, row.example, row.mentions) == ("zyxw qwerty laboratory", "Zyxw Qwerty Labs", 1)


def test_a_refresh_bumps_the_data_generation(lists):
    before = DataGeneration.objects.current()
    refresh_all()
    assert DataGeneration.objects.current() != before


def test_the_page_shows_the_table_and_the_collapse_toggle(client, lists):
    page = client.get("/institutions/", {"conference": "icml", "year": 2017})
    html = page.content.decode()
    assert page.status_code == 200
    assert 'class="data sortable"' in html and "Stanford University" in html
    assert "parents=1" in html  # the toggle link
    # The chart: a title, axis titles with units, hover text.
    assert "Share of papers with at least one industry author" in html
    assert "Conference year" in html and "% of papers" in html and "hovertemplate" in html
    bad = client.get("/institutions/", {"conference": "icml", "year": 1999})
    assert bad.status_code == 400 and "year:" in bad.content.decode()
