"""Thin views: parse parameters, read precomputed statistics (cached), render or serialise."""

from typing import Any

from django.http import HttpRequest

from core.cache import cached
from core.params import QueryError, parse_yes_no
from core.views import Answer, Table, api_view, page_view
from institutions import charts
from institutions.analytics.resolve import explain
from institutions.analytics.stats import trend, year_table
from institutions.models import Institution
from institutions.params import (
    known_years,
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
    parents = parse_yes_no("parents", request.GET.get("parents"))
    key = f"{conference}|{institution.pk if institution else None}|{parents}"
    return cached("institutions-trend", key, lambda: trend(conference, institution, parents))


def _institutions_base(request: HttpRequest) -> dict[str, Any]:
    return {
        "params": request.GET,
        "years": known_years(),
        # What the form shows, also when the parameters were refused.
        "chosen_conference": request.GET.get("conference", "icml"),
        "chosen_year": request.GET.get("year", ""),
    }


@page_view("institutions/institutions.html", _institutions_base)
def institutions_page(request: HttpRequest) -> dict[str, Any]:
    table = _table(request)
    over_years = _trend(request, "trend")
    institution = parse_institution(request.GET.get("institution"))
    parents = table["parents"]
    return {
        "chosen_conference": table["conference"],
        "chosen_year": str(table["year"]),
        "table": table,
        "institution": institution,
        "industry_figure": charts.industry_share_figure(over_years),
        "institution_figure": charts.institution_share_figure(over_years) if institution else None,
        "toggle_query": _with(request, parents="0" if parents else "1"),
        "institution_names": cached(
            "institutions-names", "", Institution.objects.names_with_papers
        ),
    }


def _with(request: HttpRequest, **changes: str) -> str:
    params = request.GET.copy()
    for key, value in changes.items():
        params[key] = value
    return params.urlencode()


@api_view
def api_institutions(request: HttpRequest) -> Answer:
    table = _table(request)

    def csv_table() -> Table:
        suffix = "-parents" if table["parents"] else ""
        name = f"institutions-{table['conference']}-{table['year']}{suffix}.csv"
        return Table(
            name, TABLE_COLUMNS, ([row[c] for c in TABLE_COLUMNS] for row in table["rows"])
        )

    return Answer(table, csv_table)


@api_view
def api_trend(request: HttpRequest) -> Answer:
    answer = _trend(request)
    rows = ([row.get(c) for c in TREND_COLUMNS] for row in answer["rows"])
    return Answer(answer, lambda: Table("institutions-trend.csv", TREND_COLUMNS, rows))


@api_view
def api_resolve(request: HttpRequest) -> Answer:
    raw, domain = parse_resolve_query(request.GET)
    return Answer(
        cached("institutions-resolve", f"{raw}\x00{domain}", lambda: explain(raw, domain))
    )
