"""Thin views: parse parameters, read precomputed statistics (cached), render or serialise."""

from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from core.cache import cached
from core.params import QueryError, parse_format
from core.responses import bad_request, csv_response
from institutions import charts
from institutions.analytics.resolve import explain
from institutions.analytics.stats import trend, year_table
from institutions.models import Institution
from institutions.params import (
    known_years,
    parse_bool,
    parse_conference,
    parse_institution,
    parse_resolve_query,
    parse_table_query,
)

TABLE_COLUMNS = ["institution", "short_name", "sector", "parent", "papers", "share"]
TREND_COLUMNS = ["conference", "year", "papers", "mentions", "coverage", "industry_share",
                 "institution_papers", "institution_share"]  # fmt: skip


def _table(request: HttpRequest) -> dict[str, Any]:
    query = parse_table_query(request.GET)
    answer = cached(
        "institutions-table", repr(query),
        lambda: year_table(query.conference, query.year, query.top, query.parents),
    )  # fmt: skip
    if answer is None:
        raise QueryError(f"year: no statistics for {query.conference} {query.year}")
    return answer


def _trend(request: HttpRequest, conference_param: str = "conference") -> dict[str, Any]:
    """The trend over years; on the page its conference is `trend`, the table's is `conference`."""
    conference = parse_conference(request.GET.get(conference_param) or "all", allow_all=True)
    institution = parse_institution(request.GET.get("institution"))
    parents = parse_bool("parents", request.GET.get("parents"))
    key = f"{conference}|{institution.pk if institution else None}|{parents}"
    return cached("institutions-trend", key, lambda: trend(conference, institution, parents))


@require_GET
def institutions_page(request: HttpRequest) -> HttpResponse:
    context: dict[str, Any] = {
        "params": request.GET,
        "years": known_years(),
        # What the form shows, also when the parameters were refused.
        "chosen_conference": request.GET.get("conference", "icml"),
        "chosen_year": request.GET.get("year", ""),
    }
    try:
        table = _table(request)
        over_years = _trend(request, "trend")
        institution = parse_institution(request.GET.get("institution"))
    except QueryError as exc:
        context["error"] = str(exc)
        return render(request, "institutions/institutions.html", context, status=400)
    parents = table["parents"]
    context.update(chosen_conference=table["conference"], chosen_year=str(table["year"]))
    context.update(
        table=table,
        institution=institution,
        industry_figure=charts.industry_share_figure(over_years),
        institution_figure=charts.institution_share_figure(over_years) if institution else None,
        toggle_query=_with(request, parents="0" if parents else "1"),
        institution_names=cached("institutions-names", "", Institution.objects.names_with_papers),
    )
    return render(request, "institutions/institutions.html", context)


def _with(request: HttpRequest, **changes: str) -> str:
    params = request.GET.copy()
    for key, value in changes.items():
        params[key] = value
    return params.urlencode()


@require_GET
def api_institutions(request: HttpRequest) -> HttpResponse:
    try:
        table = _table(request)
        fmt = parse_format(request.GET)
    except QueryError as exc:
        return bad_request(str(exc))
    if fmt == "csv":
        suffix = "-parents" if table["parents"] else ""
        name = f"institutions-{table['conference']}-{table['year']}{suffix}.csv"
        return csv_response(
            name, TABLE_COLUMNS, ([row[c] for c in TABLE_COLUMNS] for row in table["rows"])
        )
    return JsonResponse(table)


@require_GET
def api_trend(request: HttpRequest) -> HttpResponse:
    try:
        answer = _trend(request)
        fmt = parse_format(request.GET)
    except QueryError as exc:
        return bad_request(str(exc))
    if fmt == "csv":
        return csv_response(
            "institutions-trend.csv", TREND_COLUMNS,
            ([row.get(c) for c in TREND_COLUMNS] for row in answer["rows"]),
        )  # fmt: skip
    return JsonResponse(answer)


@require_GET
def api_resolve(request: HttpRequest) -> HttpResponse:
    try:
        raw, domain = parse_resolve_query(request.GET)
    except QueryError as exc:
        return bad_request(str(exc))
    return JsonResponse(
        cached("institutions-resolve", f"{raw}\x00{domain}", lambda: explain(raw, domain))
    )
