"""The JSON API's published description: one django-ninja operation per /api/ endpoint.

Why delegate instead of rewriting the views as ninja operations: the views (core.views.api_view)
already parse with our own parsers, answer `format=csv`, and name the parameter in every 400;
ninja's own validation would answer 422 with other words. So each operation here declares its
query parameters as plain strings (description, example) for the OpenAPI document and hands the
request to the existing view, which answers byte for byte as before. Ninja never refuses a
parameter; should it ever (a required parameter, a future typed one), the handlers below still
answer 400 `{"error": "NAME: ..."}`.

Requests themselves go straight to the views: `endpoint` also lists each one in `direct_urls`,
which config/urls.py routes before ninja's own patterns. Ninja's per-request work (building and
validating the parameter model, then a temporal response) cost a quarter of the time of a
cached answer, for parameters it never judges anyway.

Served at /api/openapi.json and /api/docs (Swagger UI from ninja's own static files: ninja is in
INSTALLED_APPS, so no CDN). This is the top layer: it may import every app's views.
"""

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import URLPattern, reverse
from django.urls import path as route
from ninja import Field, NinjaAPI, Query, Schema, Swagger
from ninja.errors import HttpError, ValidationError

from core.responses import bad_request
from entities import views as entities_views
from institutions import views as institutions_views
from trends import views as months_views
from trends import views_about, views_hot, views_terms


def param(description: str, example: str, *, alias: str | None = None) -> Any:
    """An optional string query parameter; our parsers, not ninja, judge its value."""
    return Field(None, alias=alias, description=description, json_schema_extra={"example": example})


def required(description: str, example: str) -> Any:
    """Documented as required; a request without it gets our parser's 400, not ninja's 422."""
    return Field(
        None,
        description=f"Required. {description}",
        json_schema_extra={"example": example, "x-required": True},
    )


class Categories(Schema):
    categories: str = param(
        "Comma-separated arXiv categories, or `all`; default: the six ML categories "
        "(cs.AI, cs.LG, cs.CV, cs.CL, cs.NE, stat.ML).",
        "cs.CL,cs.LG",
    )


class MonthRange(Categories):
    start: str = param(
        "First month, YYYY-MM, at most 20 years before the first month with papers.",
        "2012-01",
        alias="from",
    )
    end: str = param(
        "Last month, YYYY-MM, at most 20 years after the last month with papers.",
        "2019-12",
        alias="to",
    )


class Csv(Schema):
    format: str = param("`json` (default) or `csv` (a download of the same table).", "csv")


class TextMode(Schema):
    text: str = param(
        "`abstract` (title + abstract, default) or `full` (full text where fetched).", "full"
    )
    bibliography: str = param(
        "With text=full: 1 also searches the bibliography; 0 (default) does not.", "0"
    )


class MonthsParams(MonthRange, Csv):
    pass


class FractionsParams(MonthRange, Csv):
    q: str = required(
        "Up to 10 comma-separated items: terms (1-3 words), `entity:SLUG` or `group:KIND`.",
        "tensorflow,pytorch",
    )
    smooth: str = param("Moving average over this many months, 0..24 (default 0).", "3")
    min_papers: str = param(
        "A month whose selection holds fewer papers is a gap (no fraction drawn), "
        "0..10000 (default 50).",
        "20",
    )


class PapersParams(Categories):
    q: str = param(
        "One term, `entity:SLUG` or `group:KIND`; without it, every paper of the month "
        "carrying the categories.",
        "lstm",
    )
    month: str = required("The month, YYYY-MM.", "2016-05")
    page: str = param("Page of 25 papers, 1..10000 (default 1).", "2")
    sort: str = param(
        "`oldest` or `newest` (by arXiv id) or `title`; default: the listing's own order.",
        "newest",
    )


class SuggestParams(Schema):
    prefix: str = param("The start of a term, as typed (at most 100 characters).", "tensorf")
    limit: str = param("Suggestions, 1..50 (default 10).", "10")


class HotParams(Categories, Csv):
    as_of: str = param("Month, YYYY-MM; default: the latest complete month.", "2016-12")
    window: str = param("Months in the recent window, 1..120 (default 12).", "6")
    limit: str = param("Rows per table, 1..500 (default 50).", "20")
    table: str = param("With format=csv: `hot` (default), `not_hot` or `new`.", "not_hot")
    allow_partial: str = param(
        "1: answer even where the months compared are not completely covered (flagged); "
        "0 (default) refuses with a 400 naming them.",
        "1",
    )


class EntitiesParams(Categories, Csv, TextMode):
    kind: str = required("`framework`, `model_family` or `optimizer`.", "framework")
    month: str = param("Month, YYYY-MM; default: the latest month with papers.", "2017-03")


class EntityFractionsParams(MonthRange, Csv, TextMode):
    q: str = required(
        "Up to 10 comma-separated `entity:SLUG` or `group:KIND` items.", "entity:pytorch"
    )


class Counting(Schema):
    parents: str = param(
        "1: roll institutions up to their parent, with the structure of the list's year "
        "(Google Brain into Google DeepMind from 2023).",
        "1",
    )
    counting: str = param(
        "`whole` (default: one per paper) or `fractional` (each paper splits one unit among "
        "its authors, the CSRankings convention).",
        "fractional",
    )
    as_today: str = param("With parents=1: 1 rolls every year up with today's structure.", "1")


class ConferenceYear(Schema):
    conference: str = param("Conference slug: icml, neurips, iclr, ... (default icml).", "icml")
    year: str = param("A year with that conference's list; default: the latest.", "2017")


class InstitutionsParams(ConferenceYear, Counting, Csv):
    top: str = param("Rows, 1..200 (default 30).", "10")


class TrendParams(Counting, Csv):
    conference: str = param("Conference slug, or `all` (default).", "icml")
    institution: str = param(
        "An institution's name or alias, repeated (or comma-separated) for up to 8; adds "
        "each one's papers and share per year.",
        "Google",
    )


class InstitutionPapersParams(ConferenceYear, Counting):
    row: str = required(
        "The institution id of a table row (`institution_id` in /api/institutions).", "1"
    )


class ResolveParams(Schema):
    q: str = required("A raw affiliation string.", "Google Brain, Mountain View")
    domain: str = param("The author's e-mail domain, which may settle it.", "google.com")


class ErrorOut(Schema):
    error: str = Field(description="What is wrong, starting with the parameter's name.")


class LocalSwagger(Swagger):
    """Swagger UI whose document URL is found without a URL namespace (see `ArxivTrendsAPI`)."""

    def get_openapi_url(self, api: NinjaAPI, path_params: dict[str, Any]) -> str:
        return reverse("openapi-json", kwargs=path_params)


class ArxivTrendsAPI(NinjaAPI):
    """Ninja's URLs go in without a namespace so the names pages use ({% url 'api-months' %})
    stay as they were; ninja's own reverse of its root is pointed at the plain name."""

    def get_root_path(self, path_params: dict[str, Any]) -> str:
        return reverse("api-root", kwargs=path_params)

    def get_openapi_schema(self, **kwargs: Any) -> Any:
        """The document, with the parameters marked by `required()` required in it only."""
        schema = super().get_openapi_schema(**kwargs)
        for operation in (op for ops in schema["paths"].values() for op in ops.values()):
            for parameter in operation.get("parameters", []):
                if parameter["schema"].pop("x-required", False):
                    parameter["required"] = True
        return schema


api = ArxivTrendsAPI(
    title="arxiv-trends API",
    version="1",
    description="How machine-learning research moves on arXiv and at conferences. Every "
    "endpoint answers GET with JSON; those with `format` also answer CSV. A parameter that "
    'cannot be answered gets 400 with `{"error": "NAME: reason"}`.',
    docs=LocalSwagger(),
    docs_url="/docs",
    openapi_url="/openapi.json",
)


@api.exception_handler(ValidationError)
def _error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    """Ninja's 422 as our 400: the first refused parameter's name and pydantic's reason."""
    first = exc.errors[0]
    name = first["loc"][-1] if first.get("loc") else "request"
    return bad_request(f"{name}: {first.get('msg', 'invalid')}")


@api.exception_handler(HttpError)
def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    return JsonResponse({"error": str(exc)}, status=exc.status_code)


# The routes requests take (see the module docstring), in the order `endpoint` declares them.
direct_urls: list[URLPattern] = []


def endpoint(
    path: str,
    name: str,
    view: Callable[[HttpRequest], HttpResponse],
    params: type[Schema] | None,
    summary: str,
    *,
    csv: bool = True,
    tags: list[str],
) -> None:
    """Publish `view` at /api`path` under URL `name`: `params` documents its query (None: it
    takes none; ninja would make an empty schema a required parameter), the view answers it."""

    def operation(request: HttpRequest, query: Query[params]) -> HttpResponse:  # type: ignore[valid-type]
        return view(request)

    def bare_operation(request: HttpRequest) -> HttpResponse:
        return view(request)

    handler = operation if params is not None else bare_operation

    handler.__name__ = view.__name__
    ok: dict[str, Any] = {"description": "JSON" + (", or CSV with format=csv" if csv else "")}
    if csv:
        ok["content"] = {"application/json": {}, "text/csv": {}}
    api.get(
        path,
        response={400: ErrorOut},
        summary=summary,
        description=(view.__doc__ or "").strip() or None,
        tags=tags,
        url_name=name,
        operation_id=name.removeprefix("api-").replace("-", "_"),
        openapi_extra={"responses": {200: ok}},
    )(handler)
    direct_urls.append(route(path.removeprefix("/"), view, name=name))


endpoint(
    "/months",
    "api-months",
    months_views.api_months,
    MonthsParams,
    "Papers per month by category",
    tags=["papers"],
)
endpoint(
    "/fractions",
    "api-fractions",
    views_terms.api_fractions,
    FractionsParams,
    "Share of each month's papers mentioning each term",
    tags=["terms"],
)
endpoint(
    "/papers",
    "api-papers",
    views_terms.api_papers,
    PapersParams,
    "The papers behind one term in one month",
    csv=False,
    tags=["terms"],
)
endpoint(
    "/terms/suggest",
    "api-terms-suggest",
    views_terms.api_suggest,
    SuggestParams,
    "Autocomplete over the term vocabulary, most papers first",
    csv=False,
    tags=["terms"],
)
endpoint(
    "/hot",
    "api-hot",
    views_hot.api_hot,
    HotParams,
    "Hot, not-hot and new terms as of a month",
    tags=["terms"],
)
endpoint(
    "/coverage",
    "api-coverage",
    views_about.api_coverage,
    None,
    "What the corpus covers, per category and period, and the months the data flags",
    csv=False,
    tags=["papers"],
)
endpoint(
    "/entities",
    "api-entities",
    entities_views.api_entities,
    EntitiesParams,
    "Tracked entities of one kind in one month",
    tags=["entities"],
)
endpoint(
    "/entities/fractions",
    "api-entity-fractions",
    entities_views.api_entity_fractions,
    EntityFractionsParams,
    "Share of each month's papers mentioning each entity",
    tags=["entities"],
)
endpoint(
    "/institutions",
    "api-institutions",
    institutions_views.api_institutions,
    InstitutionsParams,
    "Institutions at one conference year",
    tags=["institutions"],
)
endpoint(
    "/institutions/trend",
    "api-institutions-trend",
    institutions_views.api_trend,
    TrendParams,
    "Industry (and several institutions') share over the years",
    tags=["institutions"],
)
endpoint(
    "/institutions/papers",
    "api-institutions-papers",
    institutions_views.api_papers,
    InstitutionPapersParams,
    "The papers and raw affiliation strings behind one table row",
    csv=False,
    tags=["institutions"],
)
endpoint(
    "/institutions/resolve",
    "api-institutions-resolve",
    institutions_views.api_resolve,
    ResolveParams,
    "Which institution an affiliation string resolves to, and why",
    csv=False,
    tags=["institutions"],
)
