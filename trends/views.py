"""Thin views: parse parameters, call an analytics function, render or serialise."""

from django.conf import settings
from django.db import connection
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.views.decorators.http import require_GET

from core.cache import cached
from core.months import month_label
from core.views import Answer, Table, api_view, page_view
from papers.coverage import shaded_periods
from papers.declaration import declared_periods
from papers.params import parse_month_filter
from trends import charts
from trends.analytics.months import MonthSeries, papers_per_month

CHART_MODES = ("stacked", "lines")


def _dashboard_base(request: HttpRequest) -> dict[str, object]:
    mode = request.GET.get("mode", "stacked")
    return {
        "ml_categories": settings.ML_CATEGORIES,
        "mode": mode if mode in CHART_MODES else "stacked",
        "params": request.GET,
    }


@page_view("trends/dashboard.html", _dashboard_base)
def dashboard(request: HttpRequest) -> dict[str, object]:
    series = _papers_per_month(request)
    selected = request.GET.get("categories", "")
    mode = str(_dashboard_base(request)["mode"])
    selection = parse_month_filter(request.GET)
    return {
        "series": series,
        # The chart (its JSON and static first view) and the 300-row table are most of the
        # page's server time: made once per selection and data generation.
        **cached(
            "dashboard",
            repr((selection, mode)),
            lambda: _dashboard_parts(series, selection.categories, mode),
        ),
        "selected": set(selected.split(",")) if selected else set(settings.ML_CATEGORIES),
        "all_selected": selected.strip().lower() == "all",
        "total_papers": sum(t or 0 for t in series.totals),
    }


def _dashboard_parts(
    series: MonthSeries, categories: list[str] | None, mode: str
) -> dict[str, object]:
    """categories: the selection's (None for "all")."""
    coverage = shaded_periods(declared_periods(), categories, series.months)
    table = {"series": series, "rows": _table_rows(series)}
    return {
        "coverage": coverage,
        "chart": charts.papers_per_month_figure(series, mode, coverage),
        "month_table": render_to_string("trends/month_table.html", table),
    }


@require_GET
def healthz(request: HttpRequest) -> HttpResponse:
    """Liveness for load balancers and compose: the app answers and the database does."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return HttpResponse("ok", content_type="text/plain")


@api_view
def api_months(request: HttpRequest) -> Answer:
    series = _papers_per_month(request)
    return Answer(
        series.as_json(),
        lambda: Table(
            "papers-per-month.csv", ["month", "total", *series.categories], _table_rows(series)
        ),
    )


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
