"""Hot or not: the /hot/ page and /api/hot (thin views)."""

from datetime import date

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

from core.params import QueryError, parse_int_param, parse_yes_no
from core.views import Answer, Table, api_view, page_view
from papers.params import parse_categories, parse_data_month
from trends.analytics import hot as rules
from trends.hot import DEFAULT_WINDOW, plan
from trends.hot_serving import hot_answer

TABLES = ("hot", "not_hot", "new")
# Seconds a page or client waits before asking again while a worker computes a table.
RETRY_SECONDS = 2


class Computing(Exception):
    """The table is being computed by a worker: answer 202 and ask again later."""


def _hot_base(request: HttpRequest) -> dict[str, object]:
    return {"params": request.GET, "rules": rules}


@page_view("trends/hot.html", _hot_base)
def _hot_page(request: HttpRequest) -> dict[str, object]:
    answer = _answer(request)
    if answer is None:
        raise Computing
    context: dict[str, object] = {"answer": answer}
    for table in TABLES:
        context[f"{table}_rows"] = [_display(row) for row in answer[table]]  # type: ignore[attr-defined]
    return context


def hot_page(request: HttpRequest) -> HttpResponse:
    try:
        return _hot_page(request)
    except Computing:
        context = {**_hot_base(request), "computing": True, "retry_seconds": RETRY_SECONDS}
        response = render(request, "trends/hot.html", context, status=202)
        response["Retry-After"] = str(RETRY_SECONDS)  # the page itself refreshes (meta)
        return response


@api_view
def api_hot(request: HttpRequest) -> Answer | HttpResponse:
    """While a worker computes the tables: 202 with Retry-After and the URL to ask again."""
    table = request.GET.get("table", "hot")
    if table not in TABLES:
        raise QueryError(f"table: {table[:20]!r} is not one of {', '.join(TABLES)}")
    answer = _answer(request)
    if answer is None:
        response = JsonResponse(
            {"status": "computing", "retry_after": RETRY_SECONDS, "poll": request.get_full_path()},
            status=202,
        )
        response["Retry-After"] = str(RETRY_SECONDS)
        return response
    return Answer(answer, lambda: _hot_table(answer, table))


def _hot_table(answer: dict[str, object], table: str) -> Table:
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
    return Table(f"{table}-{answer['as_of']}.csv", header, rows)


def _answer(request: HttpRequest) -> dict[str, object] | None:
    """The tables, None while a worker computes them; QueryError for what cannot be asked."""
    as_of: date | None = parse_data_month("as_of", request.GET.get("as_of"))
    window = parse_int_param(request.GET, "window", DEFAULT_WINDOW, 1, 120)
    limit = parse_int_param(request.GET, "limit", 50, 1, 500)
    categories = parse_categories(request.GET.get("categories"))
    allow_partial = parse_yes_no("allow_partial", request.GET.get("allow_partial"))
    return hot_answer(plan(as_of, window, categories, allow_partial), limit)


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
