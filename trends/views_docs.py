"""/api/: the list of JSON endpoints with a working example each (a thin page view)."""

from dataclasses import dataclass

from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse

from core.views import page_view


@dataclass(frozen=True)
class Endpoint:
    name: str  # URL name
    summary: str
    example: str  # query string of a working example
    csv: bool = True


ENDPOINTS = [
    Endpoint(
        "api-months",
        "Papers per month by category (cross-list counts and primary-category stacks).",
        "categories=cs.LG,cs.CL&from=2015-01&to=2019-12",
    ),
    Endpoint(
        "api-fractions",
        "Share of each month's papers mentioning each term; "
        "`group:framework` and `entity:pytorch` items too.",
        "q=tensorflow,pytorch&smooth=3",
    ),
    Endpoint(
        "api-papers",
        "The papers of one month behind a point of the term chart "
        "(paged, 25 a page; sort=oldest|newest|title; without q, every paper of the month).",
        "q=attention&month=2018-06&page=1&sort=newest",
        csv=False,
    ),
    Endpoint(
        "api-terms-suggest",
        "Terms starting with a prefix, most papers first (autocomplete).",
        "prefix=atten&limit=8",
        csv=False,
    ),
    Endpoint(
        "api-hot",
        "Hot, not-hot and new terms as of a month (table=hot|not_hot|new for CSV).",
        "window=12&limit=20",
    ),
    Endpoint(
        "api-entities",
        "One month's table of a curated entity group.",
        "kind=framework&month=2018-06",
    ),
    Endpoint(
        "api-entity-fractions",
        "Monthly share of papers mentioning curated entities.",
        "q=group:framework&from=2014-01",
    ),
    Endpoint(
        "api-institutions",
        "Top institutions of one conference year.",
        "conference=icml&year=2018&top=10",
    ),
    Endpoint(
        "api-institutions-trend",
        "Industry share (or one institution's share) over conference years.",
        "institution=Google",
    ),
    Endpoint(
        "api-institutions-resolve",
        "How an affiliation string is resolved to an institution.",
        "q=Google%20Brain%2C%20Mountain%20View",
        csv=False,
    ),
]


def _url(name: str) -> str | None:
    try:
        return reverse(name)
    except NoReverseMatch:  # an endpoint another app has not shipped yet
        return None


@page_view("api/index.html", lambda request: {})
def api_index(request: HttpRequest) -> dict[str, object]:
    endpoints = [
        {"endpoint": e, "path": path, "example": f"{path}?{e.example}"}
        for e in ENDPOINTS
        if (path := _url(e.name))
    ]
    # ninja names its Swagger page "openapi-view" (config.api serves it at /api/docs).
    return {"endpoints": endpoints, "docs_url": _url("openapi-view")}
