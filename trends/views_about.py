"""The methodology page /about/ and /api/coverage (thin views)."""

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from papers.declaration import declared_periods
from papers.models import SuspiciousMonth
from trends import methodology
from trends.analytics import filler, neighbours
from trends.analytics import hot as hot_rules
from trends.analytics.certainty import DEFAULT_MIN_PAPERS, LOW_SUPPORT
from trends.hot import DEFAULT_WINDOW


@require_GET
def about(request: HttpRequest) -> HttpResponse:
    context = {
        "thresholds": methodology.thresholds(),
        "sources": methodology.SOURCES,
        "periods": [p.as_json() for p in declared_periods()],
        "suspicious": SuspiciousMonth.objects.all()[:200],
        "min_papers": DEFAULT_MIN_PAPERS,
        "low_support": LOW_SUPPORT,
        "window": DEFAULT_WINDOW,
        "rules": hot_rules,
        "filler": filler,
        "neighbours": neighbours,
    }
    return render(request, "trends/about.html", context)


@require_GET
def api_coverage(request: HttpRequest) -> HttpResponse:
    """The declaration (per category and period) and the months the data itself flags."""
    return JsonResponse(
        {
            "declared": [p.as_json() for p in declared_periods()],
            "suspicious": [
                {
                    "category": s.category,
                    "month": f"{s.month:%Y-%m}",
                    "papers": s.papers,
                    "trailing_median": s.trailing_median,
                }
                for s in SuspiciousMonth.objects.all()
            ],
            "rules": {
                "statuses": ["complete", "partial", "unknown"],
                "selection": "a selection's month takes the strictest status of its categories",
                "suspicious": "a category-month below half the median of the 12 months before",
            },
        }
    )
