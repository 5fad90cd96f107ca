"""Term trends: the /trends/ page, /api/fractions, /api/papers and /api/terms/suggest
(thin views)."""

from datetime import date

from django.conf import settings
from django.http import HttpRequest

from core.cache import cached
from core.months import month_label
from core.params import (
    MAX_SMOOTH,
    MAX_TERM_CHARS,
    MAX_TERMS,
    QueryError,
    parse_int_param,
    parse_terms,
)
from core.views import Answer, Table, api_view, page_view
from papers.models import Paper
from papers.params import MonthFilter, parse_categories, parse_data_month, parse_month_filter
from trends import charts
from trends.analytics.certainty import DEFAULT_MIN_PAPERS, MAX_MIN_PAPERS
from trends.analytics.fractions import FractionSeries, fraction_series, resolve
from trends.analytics.phrases import papers_matching
from trends.analytics.query_help import MAX_SUGGESTIONS, suggest
from trends.paper_order import PAPER_SORTS, parse_sort
from trends.snippets import snippet
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


def _trends_base(request: HttpRequest) -> dict[str, object]:
    return {
        "ml_categories": settings.ML_CATEGORIES,
        "presets": PRESETS,
        "max_terms": MAX_TERMS,
        "max_smooth": MAX_SMOOTH,
        "min_support": MIN_SUPPORT,
        "min_papers": DEFAULT_MIN_PAPERS,
        "params": request.GET,
        "palette": charts.palette(),
    }


@page_view("trends/trends.html", _trends_base)
def trends_page(request: HttpRequest) -> dict[str, object]:
    """With terms: the page carries the /api/fractions answer (static/js/trends.js draws
    from it without asking again) and the chart's static first view."""
    if not request.GET.get("q"):
        return {}
    series = _fractions(request)
    answer = series.as_json()
    band, from_given = request.GET.get("band") == "1", bool(request.GET.get("from"))
    chart = cached(
        "fractions-chart",
        repr((_fractions_query(request), band, from_given)),
        lambda: charts.fractions_chart(answer, band, from_given),
    )
    return {"fractions": answer, "chart": chart}


@api_view
def api_fractions(request: HttpRequest) -> Answer:
    series = _fractions(request)
    return Answer(series.as_json(), lambda: _fractions_table(series))


def _fractions_table(series: FractionSeries) -> Table:
    return Table("term-fractions.csv", *series.csv_table())


@api_view
def api_papers(request: HttpRequest) -> Answer:
    # Without q: every paper of the month carrying the categories (the dashboard's bars).
    item = parse_terms(request.GET["q"], limit=1)[0] if "q" in request.GET else None
    month = parse_data_month("month", request.GET.get("month"))
    if month is None:
        raise QueryError("month: required, in YYYY-MM form")
    categories = parse_categories(request.GET.get("categories"))
    page = parse_int_param(request.GET, "page", 1, 1, 10_000)
    sort = parse_sort(request.GET.get("sort"))
    return Answer(
        cached(
            "papers",
            repr((item, month, categories, page, sort)),
            lambda: _papers(item, month, categories, page, sort),
        )
    )


@api_view
def api_suggest(request: HttpRequest) -> Answer:
    """Autocomplete: vocabulary terms starting with `prefix`, most papers first."""
    prefix = request.GET.get("prefix", "")
    if len(prefix) > MAX_TERM_CHARS:
        raise QueryError(f"prefix: at most {MAX_TERM_CHARS} characters, got {len(prefix)}")
    limit = parse_int_param(request.GET, "limit", 10, 1, MAX_SUGGESTIONS)
    suggestions = cached("suggest", repr((prefix, limit)), lambda: suggest(prefix, limit))
    return Answer({"prefix": prefix, "suggestions": suggestions})


def _fractions_query(
    request: HttpRequest,
) -> tuple[list[str], MonthFilter, int, int]:
    items = parse_terms(request.GET.get("q"))
    selection = parse_month_filter(request.GET)
    smooth = parse_int_param(request.GET, "smooth", 0, 0, MAX_SMOOTH)
    min_papers = parse_int_param(request.GET, "min_papers", DEFAULT_MIN_PAPERS, 0, MAX_MIN_PAPERS)
    return items, selection, smooth, min_papers


def _fractions(request: HttpRequest) -> FractionSeries:
    query = _fractions_query(request)
    return cached("fractions", repr(query), lambda: fraction_series(*query))


def _papers(
    item: str | None, month: date, categories: list[str] | None, page: int, sort: str | None
) -> dict[str, object]:
    offset = (page - 1) * PAPERS_PER_PAGE
    if item is None:
        listed = Paper.objects.in_month(month).in_categories(categories)
        ordered = listed.order_by(*PAPER_SORTS[sort or "oldest"])[offset : offset + PAPERS_PER_PAGE]
        return _papers_answer(None, "", month, page, sort, listed.count(), list(ordered))
    resolved = resolve(item, categories)
    if resolved.list_papers is not None:
        total, papers = resolved.list_papers(month, categories, offset, PAPERS_PER_PAGE, sort)
    elif resolved.papers_query is None:
        raise QueryError(f"q: the papers behind {item!r} cannot be listed")
    else:
        total, papers = papers_matching(
            resolved.papers_query, month, categories, offset, PAPERS_PER_PAGE, sort
        )
    label = resolved.display or resolved.label
    return _papers_answer(resolved.label, label, month, page, sort, total, papers)


def _papers_answer(
    term: str | None,
    label: str,
    month: date,
    page: int,
    sort: str | None,
    total: int,
    papers: list[Paper],
) -> dict[str, object]:
    return {
        "term": term,
        "label": label,
        "month": month_label(month),
        "total": total,
        "page": page,
        "pages": max(1, -(-total // PAPERS_PER_PAGE)),
        "per_page": PAPERS_PER_PAGE,
        "sort": sort,
        "papers": [
            {
                "arxiv_id": p.arxiv_id,
                "title": p.title,
                "authors": p.authors,
                "primary_category": p.primary_category,
                "url": p.abs_url,
                "abstract": snippet(p.abstract, label),
            }
            for p in papers
        ],
    }
