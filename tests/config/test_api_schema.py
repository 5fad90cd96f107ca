"""The published API description: /api/openapi.json is valid OpenAPI 3 and lists every /api/
endpoint with its parameters; /api/docs renders from local files only; the answers are the
views' own (400 with `error`, CSV), never ninja's 422."""

import json
from urllib.parse import urlsplit

import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from ninja.errors import ValidationError
from openapi_spec_validator import validate

from config.api import _error
from tests.conftest import ARTIFACTS

pytestmark = pytest.mark.django_db

PARAMETERS = {
    "/api/months": {"categories", "from", "to", "format"},
    "/api/fractions": {"q", "categories", "from", "to", "smooth", "min_papers", "format"},
    "/api/papers": {"q", "month", "categories", "page", "sort"},
    "/api/terms/suggest": {"prefix", "limit"},
    "/api/hot": {"as_of", "window", "limit", "categories", "table", "allow_partial", "format"},
    "/api/coverage": set(),
    "/api/entities": {"kind", "month", "categories", "text", "bibliography", "format"},
    "/api/entities/fractions": {"q", "categories", "from", "to", "text", "bibliography", "format"},
    "/api/institutions": {"conference", "year", "top", "parents", "counting", "as_today", "format"},
    "/api/institutions/trend": {
        "conference",
        "institution",
        "parents",
        "counting",
        "as_today",
        "format",
    },
    "/api/institutions/papers": {"conference", "year", "row", "parents", "counting", "as_today"},
    "/api/institutions/resolve": {"q", "domain"},
}
REQUIRED = {
    "/api/fractions": {"q"},
    "/api/papers": {"month"},
    "/api/entities": {"kind"},
    "/api/entities/fractions": {"q"},
    "/api/institutions/resolve": {"q"},
    "/api/institutions/papers": {"row"},
}
NOT_ENDPOINTS = {"/api/openapi.json", "/api/docs", "/api/"}


def document(client) -> dict:
    response = client.get("/api/openapi.json")
    assert response.status_code == 200
    return json.loads(response.content)


def routed_api_paths() -> set[str]:
    """Every URL the project routes under /api/, whoever declared it."""

    def walk(patterns, prefix: str) -> set[str]:
        found: set[str] = set()
        for pattern in patterns:
            route = prefix + str(pattern.pattern)
            if isinstance(pattern, URLResolver):
                found |= walk(pattern.url_patterns, route)
            elif isinstance(pattern, URLPattern):
                found.add("/" + route)
        return found

    return {p for p in walk(get_resolver().url_patterns, "") if p.startswith("/api/")}


def test_it_is_a_valid_openapi_3_document(client):
    doc = document(client)
    assert doc["openapi"].startswith("3.")
    validate(doc)  # raises on any violation of the OpenAPI 3.1 schema


def test_it_lists_every_api_endpoint_with_its_parameters(client):
    doc = document(client)
    assert set(doc["paths"]) == routed_api_paths() - NOT_ENDPOINTS
    assert set(doc["paths"]) == set(PARAMETERS)
    for path, operations in doc["paths"].items():
        assert set(operations) == {"get"}, path
        parameters = operations["get"]["parameters"]
        assert {p["name"] for p in parameters} == PARAMETERS[path]
        assert {p["name"] for p in parameters if p["required"]} == REQUIRED.get(path, set())
        for parameter in parameters:
            assert parameter["in"] == "query"
            assert parameter["description"] and "example" in parameter, (path, parameter)


def test_each_operation_has_a_summary_and_documents_the_400(client):
    for path, operations in document(client)["paths"].items():
        operation = operations["get"]
        assert operation["summary"], path
        error = operation["responses"]["400"]["content"]["application/json"]["schema"]
        assert error["$ref"].endswith("/ErrorOut"), path
        if "format" in PARAMETERS[path]:
            assert "text/csv" in operation["responses"]["200"]["content"], path


def test_a_bad_parameter_is_the_views_400_not_ninjas_422(client):
    response = client.get("/api/fractions")
    assert response.status_code == 400
    assert json.loads(response.content) == {
        "error": "q: give at least one term, e.g. q=pytorch,tensorflow"
    }
    response = client.get("/api/months", {"from": "2019-13"})
    assert response.status_code == 400
    assert json.loads(response.content)["error"].startswith("from: '2019-13'")


def test_a_refusal_by_ninja_itself_is_a_400_naming_the_parameter(rf):
    refused = ValidationError([{"loc": ("query", "smooth"), "msg": "Input should be a string"}])
    response = _error(rf.get("/api/fractions"), refused)
    assert response.status_code == 400
    assert json.loads(response.content) == {"error": "smooth: Input should be a string"}


def test_format_csv_still_answers_through_the_api(client):
    response = client.get("/api/months", {"format": "csv"})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response.content.decode().startswith("month,total,")


def test_post_is_still_refused(client):
    assert client.post("/api/months").status_code == 405


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_docs_page_renders_every_endpoint_from_local_files(live_server, browser):
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    page = context.new_page()
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(live_server.url + "/api/docs")
    page.wait_for_selector(".opblock-summary-path", timeout=30_000)
    shown = set(page.locator(".opblock-summary-path").all_inner_texts())
    assert {text.replace("\u200b", "").strip() for text in shown} == set(PARAMETERS)
    page.locator(".opblock-summary-path", has_text="/api/fractions").first.click()
    page.wait_for_selector(".parameters")
    assert "smooth" in page.inner_text(".parameters")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "api-docs.png"))
    page.set_viewport_size({"width": 390, "height": 844})
    page.screenshot(path=str(ARTIFACTS / "api-docs-phone.png"))
    own = urlsplit(live_server.url).netloc
    assert requested and all(urlsplit(url).netloc == own for url in requested), requested
    assert not errors
    context.close()
