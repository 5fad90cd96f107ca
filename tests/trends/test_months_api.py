import csv
import io

import pytest
from django.conf import settings

from ingest.snapshot import SnapshotFilter, import_snapshot
from tests.conftest import paper

pytestmark = pytest.mark.django_db


@pytest.fixture
def corpus(write_snapshot):
    lines = [
        paper("1501.00001", categories="cs.LG stat.ML", month="2015-01"),
        paper("1501.00002", categories="cs.CV", month="2015-01"),
        paper("1501.00003", categories="math.OC cs.LG", month="2015-01"),
        # 2015-02 has no paper at all: a gap.
        paper("1503.00001", categories="stat.ML", month="2015-03"),
        paper("1503.00002", categories="cs.CL", month="2015-03"),
    ]
    import_snapshot(write_snapshot(lines), SnapshotFilter(None))


def test_it_counts_each_paper_once_however_many_selected_categories_it_carries(client, corpus):
    data = client.get("/api/months?categories=cs.LG,stat.ML").json()
    assert data["months"] == ["2015-01", "2015-02", "2015-03"]
    assert data["totals"] == [2, None, 1]
    assert data["by_category"] == {"cs.LG": [2, None, 0], "stat.ML": [1, None, 1]}
    # By primary category the parts add up to the total.
    assert data["by_primary"] == {
        "cs.LG": [1, None, 0],
        "math.OC": [1, None, 0],
        "stat.ML": [0, None, 1],
    }


def test_all_categories_and_the_default_selection(client, corpus):
    everything = client.get("/api/months?categories=all").json()
    assert everything["totals"] == [3, None, 2]
    assert "math.OC" in everything["categories"]
    default = client.get("/api/months").json()
    assert default["categories"] == settings.ML_CATEGORIES
    assert default["totals"] == [3, None, 2]


def test_a_date_range_keeps_the_months_asked_for(client, corpus):
    data = client.get("/api/months?categories=all&from=2014-12&to=2015-02").json()
    assert data["months"] == ["2014-12", "2015-01", "2015-02"]
    assert data["totals"] == [None, 3, None]


def test_it_serves_csv(client, corpus):
    response = client.get("/api/months?categories=cs.CV,cs.CL&format=csv")
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows == [
        ["month", "total", "cs.CV", "cs.CL"],
        ["2015-01", "1", "1", "0"],
        ["2015-02", "", "", ""],
        ["2015-03", "1", "0", "1"],
    ]


@pytest.mark.parametrize(
    "query, message",
    [
        ("categories=cs.XX", "categories: unknown category 'cs.XX'"),
        ("from=2015-13", "from: '2015-13' is not a month"),
        ("to=yesterday", "to: 'yesterday' is not a month"),
        ("from=2016-01&to=2015-01", "from: 2016-01 is after to: 2015-01"),
        ("format=xml", "format: 'xml' is not one of json, csv"),
        ("categories=" + ",".join(f"cs.{i}" for i in range(60)), "categories: at most 50"),
    ],
)
def test_bad_parameters_get_400_naming_the_parameter(client, corpus, query, message):
    response = client.get(f"/api/months?{query}")
    assert response.status_code == 400
    assert message in response.json()["error"]


def test_the_page_shows_the_error_instead_of_a_chart(client, corpus):
    response = client.get("/?from=2015-13")
    assert response.status_code == 400
    assert b"Cannot show this: from: &#x27;2015-13&#x27; is not a month" in response.content
    assert b'id="chart"' not in response.content


def test_a_new_import_is_visible_at_once_despite_the_cache(client, corpus, write_snapshot):
    assert client.get("/api/months?categories=cs.CL").json()["totals"] == [1]
    import_snapshot(
        write_snapshot([paper("1503.00003", categories="cs.CL", month="2015-03")], "b.jsonl")
    )
    assert client.get("/api/months?categories=cs.CL").json()["totals"] == [2]
