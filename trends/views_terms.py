"""Term trends: the /trends/ page, /api/fractions and /api/papers (thin views)."""

from datetime import date

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from core.cache import cached
from core.months import month_label
from core.params import (
    MAX_SMOOTH,
    MAX_TERMS,
    QueryError,
    parse_format,
    parse_int_param,
    parse_month_param,
    parse_terms,
)
from core.responses import bad_request, csv_response
from papers.params import parse_categories, parse_month_filter
from trends.analytics.fractions import FractionSeries, fraction_series, resolve
from trends.analytics.phrases import papers_matching
from trends.terms import MIN_SUPPORT

PAPERS_PER_PAGE = 25
# One-click groups; the first three are curated entity groups (entities app: aliases and
# collision rules), the others plain term lists.
PRESETS = {
    "Deep-learning frameworks": "group:framework",
    "ConvNet and transformer families": "group:model_family",
    "Optimizers": "group:optimizer",
    "Attention / transformer": "attention, self-attention, transformer, bert, attention mechanism",
    "Normalisation and regularisation": "batch normalization, dropout, weight decay",
}


@require_GET
def trends_page(request: HttpRequest) -> HttpResponse:
    context: dict[str, object] = {
        "ml_categories": settings.ML_CATEGORIES,
        "presets": PRESETS,
        "max_terms": MAX_TERMS,
        "max_smooth": MAX_SMOOTH,
        "min_support": MIN_SUPPORT,
        "params": request.GET,
    }
    try:
        if request.GET.get("q"):
            _fractions(request)  # validate (and warm the cache) before the page asks
    except QueryError as exc:
        context["error"] = str(exc)
        return render(request, "trends/trends.html", context, status=400)
    return render(request, "trends/trends.html", context)


@require_GET
def api_fractions(request: HttpRequest) -> HttpResponse:
    try:
        series = _fractions(request)
        fmt = parse_format(request.GET)
    except QueryError as exc:
        return bad_request(str(exc))
    if fmt == "csv":
        header = ["month", "papers"]
        for line in series.series:
            header += [f"{line.term} (papers)", f"{line.term} (fraction)"]
        rows = []
        for i, month in enumerate(series.months):
            row: list[object] = [month_label(month), series.totals[i]]
            for line in series.series:
                row += [line.counts[i], line.fractions[i]]
            rows.append(row)
        return csv_response("term-fractions.csv", header, rows)
    return JsonResponse(series.as_json())


@require_GET
def api_papers(request: HttpRequest) -> HttpResponse:
    try:
        item = parse_terms(request.GET.get("q"), limit=1)[0]
        month = parse_month_param("month", request.GET.get("month"))
        if month is None:
            raise QueryError("month: required, in YYYY-MM form")
        categories = parse_categories(request.GET.get("categories"))
        page = parse_int_param(request.GET, "page", 1, 1, 10_000)
        answer = cached(
            "papers",
            repr((item, month, categories, page)),
            lambda: _papers(item, month, categories, page),
        )
    except QueryError as exc:
        return bad_request(str(exc))
    return JsonResponse(answer)


def _fractions(request: HttpRequest) -> FractionSeries:
    items = parse_terms(request.GET.get("q"))
    selection = parse_month_filter(request.GET)
    smooth = parse_int_param(request.GET, "smooth", 0, 0, MAX_SMOOTH)
    return cached(
        "fractions",
        repr((items, selection, smooth)),
        lambda: fraction_series(items, selection, smooth),
    )


def _papers(item: str, month: date, categories: list[str] | None, page: int) -> dict[str, object]:
    resolved = resolve(item, categories)
    offset = (page - 1) * PAPERS_PER_PAGE
    if resolved.list_papers is not None:
        total, papers = resolved.list_papers(month, categories, offset, PAPERS_PER_PAGE)
    elif resolved.papers_query is None:
        raise QueryError(f"q: the papers behind {item!r} cannot be listed")
    else:
        total, papers = papers_matching(
            resolved.papers_query, month, categories, offset, PAPERS_PER_PAGE
        )
    return {
        "term": resolved.label,
        "month": month_label(month),
        "total": total,
        "page": page,
        "pages": max(1, -(-total // PAPERS_PER_PAGE)),
        "papers": [
            {
                "arxiv_id": p.arxiv_id,
                "title": p.title,
                "authors": p.authors,
                "primary_category": p.primary_category,
                "url": p.abs_url,
            }
            for p in papers
        ],
    }
