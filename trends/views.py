"""Thin views: parse parameters, call an analytics function, render or serialise."""

from django.conf import settings
from django.db import connection
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from core.cache import cached
from core.months import month_label
from core.params import QueryError, parse_format
from core.responses import bad_request, body_response, encode_csv, encode_json
from papers.params import parse_month_filter
from trends import charts
from trends.analytics.months import MonthSeries, papers_per_month

CHART_MODES = ("stacked", "lines")


@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    mode = request.GET.get("mode", "stacked")
    context: dict[str, object] = {
        "ml_categories": settings.ML_CATEGORIES,
        "mode": mode if mode in CHART_MODES else "stacked",
        "params": request.GET,
    }
    try:
        series = _papers_per_month(request)
    except QueryError as exc:
        context["error"] = str(exc)
        return render(request, "trends/dashboard.html", context, status=400)
    selected = request.GET.get("categories", "")
    context.update(
        series=series,
        rows=_table_rows(series),
        figure=charts.papers_per_month_figure(series, str(context["mode"])),
        selected=set(selected.split(",")) if selected else set(settings.ML_CATEGORIES),
        all_selected=selected.strip().lower() == "all",
        total_papers=sum(t or 0 for t in series.totals),
    )
    return render(request, "trends/dashboard.html", context)


@require_GET
def healthz(request: HttpRequest) -> HttpResponse:
    """Liveness for load balancers and compose: the app answers and the database does."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return HttpResponse("ok", content_type="text/plain")


@require_GET
def api_months(request: HttpRequest) -> HttpResponse:
    try:
        selection = parse_month_filter(request.GET)
        fmt = parse_format(request.GET)
    except QueryError as exc:
        return bad_request(str(exc))

    def encode() -> bytes:
        series = papers_per_month(selection)
        if fmt == "csv":
            return encode_csv(["month", "total", *series.categories], _table_rows(series))
        return encode_json(series.as_json())

    body = cached(f"months.{fmt}", repr(selection), encode)
    return body_response(body, fmt, "papers-per-month.csv")


def _papers_per_month(request: HttpRequest) -> MonthSeries:
    selection = parse_month_filter(request.GET)
    return cached("months", repr(selection), lambda: papers_per_month(selection))


def _table_rows(series: MonthSeries) -> list[list[object]]:
    return [
        [
            month_label(month),
            series.totals[i],
            *(series.by_category[c][i] for c in series.categories),
        ]
        for i, month in enumerate(series.months)
    ]
