"""Hot or not: the /hot/ page and /api/hot (thin views)."""

from datetime import date

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from core.params import QueryError, parse_format, parse_int_param, parse_month_param
from core.responses import bad_request, csv_response
from papers.params import parse_categories
from trends.analytics import hot as rules
from trends.hot import DEFAULT_WINDOW, hot_answer, latest_complete_month

TABLES = ("hot", "not_hot", "new")


@require_GET
def hot_page(request: HttpRequest) -> HttpResponse:
    context: dict[str, object] = {"params": request.GET, "rules": rules}
    try:
        answer = _answer(request)
    except QueryError as exc:
        context["error"] = str(exc)
        return render(request, "trends/hot.html", context, status=400)
    context["answer"] = answer
    for table in TABLES:
        context[f"{table}_rows"] = [_display(row) for row in answer[table]]  # type: ignore[attr-defined]
    return render(request, "trends/hot.html", context)


@require_GET
def api_hot(request: HttpRequest) -> HttpResponse:
    try:
        answer = _answer(request)
        fmt = parse_format(request.GET)
        table = request.GET.get("table", "hot")
        if table not in TABLES:
            raise QueryError(f"table: {table[:20]!r} is not one of {', '.join(TABLES)}")
    except QueryError as exc:
        return bad_request(str(exc))
    if fmt == "csv":
        header = ["term", "ratio", "recent_peak_month", "recent_peak_fraction"]
        header += ["recent_peak_papers", "earlier_peak_month", "earlier_peak_fraction"]
        header += ["earlier_peak_papers", "also"]
        rows = []
        for row in answer[table]:  # type: ignore[attr-defined]
            recent, earlier = row["recent_peak"] or {}, row["earlier_peak"] or {}
            rows.append(
                [row["term"], row["ratio"], recent.get("month"), recent.get("fraction"),
                 recent.get("papers"), earlier.get("month"), earlier.get("fraction"),
                 earlier.get("papers"), "; ".join(row["also"])]
            )  # fmt: skip
        return csv_response(f"{table}-{answer['as_of']}.csv", header, rows)
    return JsonResponse(answer)


def _answer(request: HttpRequest) -> dict[str, object]:
    as_of: date | None = parse_month_param("as_of", request.GET.get("as_of"))
    if as_of is None:
        as_of = latest_complete_month()
        if as_of is None:
            raise QueryError("as_of: there are no papers yet")
    window = parse_int_param(request.GET, "window", DEFAULT_WINDOW, 1, 120)
    limit = parse_int_param(request.GET, "limit", 50, 1, 500)
    categories = parse_categories(request.GET.get("categories"))
    return hot_answer(as_of, window, categories, limit)


def _display(row: dict[str, object]) -> dict[str, object]:
    """Percentages and an SVG polyline for the template (presentation only)."""
    spark: list[float | None] = list(row["sparkline"])  # type: ignore[call-overload]
    top = max((v for v in spark if v is not None), default=0.0) or 1.0
    points = [f"{i * 2},{20 - 19 * v / top:.1f}" for i, v in enumerate(spark) if v is not None]

    def pct(peak: object) -> str:
        return f"{100 * peak['fraction']:.2f}%" if isinstance(peak, dict) else "-"

    return {
        **row,
        "spark_points": " ".join(points),
        "recent_pct": pct(row["recent_peak"]),
        "earlier_pct": pct(row["earlier_peak"]),
    }
