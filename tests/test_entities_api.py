"""/api/entities and /api/entities/fractions: shapes, CSV, and 400s that name the parameter."""

import json

import pytest

from ingest.snapshot import SnapshotFilter, import_snapshot
from tests.test_entities_aggregates import FIRST

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def imported(write_snapshot):
    import_snapshot(write_snapshot(FIRST), SnapshotFilter(None))


@pytest.mark.parametrize(
    ("url", "params", "message"),
    [
        ("/api/entities", {}, "kind: required"),
        ("/api/entities", {"kind": "database"}, "kind: 'database' is not one of"),
        ("/api/entities", {"kind": "framework", "month": "2017-13"}, "month: '2017-13'"),
        ("/api/entities", {"kind": "framework", "text": "pdf"}, "text: 'pdf' is not one of"),
        ("/api/entities", {"kind": "framework", "bibliography": "maybe"}, "bibliography:"),
        ("/api/entities", {"kind": "framework", "categories": "cs.XX"}, "categories: unknown"),
        ("/api/entities", {"kind": "framework", "format": "xml"}, "format: 'xml'"),
        ("/api/entities/fractions", {}, "q: give at least one"),
        ("/api/entities/fractions", {"q": "entity:nope"}, "q: unknown entity 'nope'"),
        ("/api/entities/fractions", {"q": "group:databases"}, "q: unknown group"),
        ("/api/entities/fractions", {"q": "pytorch"}, "neither entity:SLUG nor group:KIND"),
        ("/api/entities/fractions", {"q": ",".join(["entity:jax"] * 11)}, "at most 10 items"),
        ("/api/entities/fractions", {"q": "entity:" + "x" * 100}, "longer than 100"),
        ("/api/entities/fractions", {"q": "entity:jax", "from": "2018-01", "to": "2017-01"},
         "from: 2018-01 is after to: 2017-01"),
    ],
)  # fmt: skip
def test_bad_parameters_get_a_400_naming_them(client, url, params, message):
    response = client.get(url, params)
    assert response.status_code == 400
    assert message in json.loads(response.content)["error"]


def test_fractions_have_the_shape_of_api_fractions(client):
    response = client.get(
        "/api/entities/fractions", {"q": "entity:pytorch, group:framework", "to": "2017-08"}
    )
    data = json.loads(response.content)
    assert data["months"] == ["2017-06", "2017-07", "2017-08"]
    assert data["totals"] == [2, 1, None]
    assert data["full_text_papers"] == [0, 0, None]
    assert data["text"] == "abstract"
    terms = [s["term"] for s in data["series"]]
    assert terms[0] == "entity:pytorch"
    assert terms.count("entity:pytorch") == 1  # the group does not repeat it
    assert "entity:torch" in terms and "entity:tensorflow" in terms
    pytorch = data["series"][0]
    assert pytorch["counts"] == [1, 0, None]
    assert pytorch["fractions"] == [0.5, 0.0, None]


def test_csv_downloads(client):
    response = client.get(
        "/api/entities", {"kind": "framework", "month": "2017-06", "format": "csv"}
    )
    lines = response.content.decode().splitlines()
    assert lines[0] == "entity,name,papers,percent,first_seen,months_since_first_seen"
    assert "pytorch,PyTorch,1,50.0,2017-06,0" in lines
    response = client.get("/api/entities/fractions", {"q": "entity:torch", "format": "csv"})
    lines = response.content.decode().splitlines()
    assert lines[0] == "month,total,full_text_papers,torch count,torch fraction"
    assert lines[1] == "2017-06,2,0,1,0.5"


def test_the_month_defaults_to_the_latest(client):
    data = json.loads(client.get("/api/entities", {"kind": "optimizer"}).content)
    assert data["month"] == "2017-07"
    assert data["kind"] == "optimizer"
    assert {row["entity"] for row in data["rows"]} >= {"adam", "sgd", "momentum", "adamw"}


def test_the_page_shows_an_error_instead_of_a_chart(client):
    response = client.get("/entities/", {"kind": "framework", "from": "2017-99"})
    assert response.status_code == 400
    assert b"Cannot show this: from: &#x27;2017-99&#x27;" in response.content
