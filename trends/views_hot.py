"""Hot or not: the /hot/ page and /api/hot (thin views)."""

from datetime import date

from django.http import HttpRequest

from core.params import QueryError, parse_int_param
from core.views import Answer, Table, api_view, page_view
from papers.params import parse_categories, parse_data_month
from trends.analytics import hot as rules
from trends.hot import DEFAULT_WINDOW, hot_answer, latest_complete_month

TABLES = ("hot", "not_hot", "new")


@page_view("trends/hot.html", lambda request: {"params": request.GET, "rules": rules})
def hot_page(request: HttpRequest) -> dict[str, object]:
    answer = _answer(request)
    context: dict[str, object] = {"answer": answer}
    for table in TABLES:
        context[f"{table}_rows"] = [_display(row) for row in answer[table]]  # type: ignore[attr-defined]
    return context


@api_view
def api_hot(request: HttpRequest) -> Answer:
    answer = _answer(request)
    table = request.GET.get("table", "hot")
    if table not in TABLES:
        raise QueryError(f"table: {table[:20]!r} is not one of {', '.join(TABLES)}")
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


def _answer(request: HttpRequest) -> dict[str, object]:
    as_of: date | None = parse_data_month("as_of", request.GET.get("as_of"))
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
