"""/api/entities and /api/entities/fractions: shapes, CSV, and 400s that name the parameter."""

import json

import pytest

from ingest.snapshot import SnapshotFilter, import_snapshot
from tests.entities.entities_support import seeded_entities  # noqa: F401  (fixture)
from tests.entities.test_entities_aggregates import FIRST

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("seeded_entities")]


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
    assert lines[0] == "entity,name,papers,percent,first_seen,months_around"
    assert "pytorch,PyTorch,1,50.0,2017-06,1" in lines
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


def test_the_term_viewer_answers_entity_and_group_items(client):
    response = client.get("/api/fractions", {"q": "entity:torch, group:framework, pytorch"})
    assert response.status_code == 200, response.content
    data = json.loads(response.content)
    lines = {line["term"]: line for line in data["series"]}
    assert next(iter(lines)) == "entity:torch"
    assert "entity:tensorflow" in lines and "entity:caffe2" in lines
    assert lines["entity:torch"]["path"] == "entity"
    assert lines["pytorch"]["path"] in ("vocabulary", "phrase")  # the plain term, as before
    june = data["months"].index("2017-06")
    assert lines["entity:torch"]["counts"][june] == 1
    assert lines["entity:keras"]["counts"][june] == 1  # through tf.keras
    assert lines["entity:torch"]["first_seen"] == "2017-06"

    response = client.get("/api/papers", {"q": "entity:pytorch", "month": "2017-06"})
    papers = json.loads(response.content)
    assert papers["total"] == 1
    assert papers["papers"][0]["arxiv_id"] == "1706.00001"
    response = client.get("/api/papers", {"q": "entity:pytorch", "month": "2017-06",
                                          "categories": "all"})  # fmt: skip
    assert json.loads(response.content)["total"] == 2

    response = client.get("/api/fractions", {"q": "group:nonsense"})
    assert response.status_code == 400
    assert "q: unknown group 'nonsense'" in json.loads(response.content)["error"]


def test_the_trends_page_offers_the_entity_groups(client):
    page = client.get("/trends/").content.decode()
    assert 'data-terms="group:framework"' in page
    assert 'data-terms="group:optimizer"' in page
    assert 'data-terms="group:model_family"' in page
