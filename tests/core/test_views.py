"""core.views: the one view skeleton (parameter errors are 400s; format=csv|json; answers
cached per URL and data generation)."""

import json

import pytest
from django.http import HttpRequest
from django.test import RequestFactory

from core.params import QueryError
from core.views import Answer, Table, api_view
from papers.models import DataGeneration

# The answer cache is keyed by the data generation, which lives in the database.
pytestmark = pytest.mark.django_db
CALLS: list[str] = []


@api_view
def _probe(request: HttpRequest) -> Answer:
    CALLS.append(request.get_full_path())
    if request.GET.get("fail"):
        raise QueryError("fail: asked to fail")
    return Answer({"n": 1}, lambda: Table("probe.csv", ["n"], [[1], ["=cmd"]]))


def test_it_answers_json_by_default() -> None:
    response = _probe(RequestFactory().get("/probe"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.content == b'{"n":1}'


def test_it_answers_a_csv_download_when_asked() -> None:
    response = _probe(RequestFactory().get("/probe", {"format": "csv"}))
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="probe.csv"'
    assert response.content.decode().splitlines()[0] == "n"


def test_it_turns_a_parameter_error_into_a_400_naming_the_parameter() -> None:
    for query in ({"fail": "1"}, {"format": "xml"}):
        response = _probe(RequestFactory().get("/probe", query))
        assert response.status_code == 400
        assert json.loads(response.content)["error"].split(":")[0] in ("fail", "format")


def test_it_refuses_other_methods() -> None:
    assert _probe(RequestFactory().post("/probe")).status_code == 405


def test_it_answers_a_url_asked_before_from_the_cache_until_the_data_changes() -> None:
    CALLS.clear()
    first = _probe(RequestFactory().get("/probe?a=1&b=2&format=csv"))
    again = _probe(RequestFactory().get("/probe?b=2&format=csv&a=1"))  # same URL, reordered
    assert CALLS == ["/probe?a=1&b=2&format=csv"]
    assert again.content == first.content
    assert again["Content-Disposition"] == 'attachment; filename="probe.csv"'
    assert _probe(RequestFactory().get("/probe?a=1&b=2")).content == b'{"n":1}'  # not csv
    assert len(CALLS) == 2
    DataGeneration.objects.bump()
    _probe(RequestFactory().get("/probe?b=2&format=csv&a=1"))
    assert len(CALLS) == 3


def test_it_decides_a_refusal_afresh_every_time() -> None:
    CALLS.clear()
    for _ in range(2):
        assert _probe(RequestFactory().get("/probe", {"fail": "1"})).status_code == 400
    assert len(CALLS) == 2
