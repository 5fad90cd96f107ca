"""core.views: the one view skeleton (parameter errors are 400s; format=csv|json)."""

import json

from django.http import HttpRequest
from django.test import RequestFactory

from core.params import QueryError
from core.views import Answer, Table, api_view


@api_view
def _probe(request: HttpRequest) -> Answer:
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
