"""Thin views: parse parameters, read precomputed statistics (cached), render or serialise."""

from typing import Any

from django.http import HttpRequest

from core.cache import cached
from core.params import QueryError
from core.views import Answer, Table, api_view, page_view
from institutions import charts
from institutions.analytics.resolve import explain
from institutions.analytics.stats import papers_behind, trend, year_table
from institutions.models import Institution
from institutions.params import (
    known_years,
    parse_conference,
    parse_institutions,
    parse_resolve_query,
    parse_row,
    parse_table_query,
    parse_view,
)

TABLE_COLUMNS = ["institution", "short_name", "ror_id", "sector", "parent", "papers", "share"]
TREND_COLUMNS = ["conference", "year", "papers", "mentions", "coverage", "affiliation_share",
                 "industry_share"]  # fmt: skip


def _table(request: HttpRequest) -> dict[str, Any]:
    query = parse_table_query(request.GET)
    answer = cached(
        "institutions-table", repr(query),
        lambda: year_table(query.conference, query.year, query.top, query.view),
    )  # fmt: skip
    if answer is None:
        raise QueryError(f"year: no statistics for {query.conference} {query.year}")
    return answer


def _trend(request: HttpRequest, conference_param: str = "conference") -> dict[str, Any]:
    """The trend over years; on the page its conference is `trend`, the table's is `conference`."""
    conference = parse_conference(request.GET.get(conference_param) or "all", allow_all=True)
    institutions = parse_institutions(request.GET)
    view = parse_view(request.GET)
    key = f"{conference}|{[i.pk for i in institutions]}|{view}"
    return cached("institutions-trend", key, lambda: trend(conference, institutions, view))


def _behind(request: HttpRequest, table: dict[str, Any]) -> dict[str, Any] | None:
    institution = parse_row(request.GET)
    if institution is None:
        return None
    view = parse_view(request.GET)
    key = f"{table['conference']}|{table['year']}|{institution.pk}|{view}"
    papers = cached(
        "institutions-behind", key,
        lambda: papers_behind(table["conference"], table["year"], institution, view),
    )  # fmt: skip
    return {"institution": institution.name, "papers": papers}


def _institutions_base(request: HttpRequest) -> dict[str, Any]:
    return {
        "params": request.GET,
        "years": known_years(),
        # What the form shows, also when the parameters were refused.
        "chosen_conference": request.GET.get("conference", "icml"),
        "chosen_year": request.GET.get("year", ""),
        "chosen_institutions": request.GET.getlist("institution"),
        "institution_names": cached(
            "institutions-names", "", Institution.objects.names_with_papers
        ),
    }


@page_view("institutions/institutions.html", _institutions_base)
def institutions_page(request: HttpRequest) -> dict[str, Any]:
    table = _table(request)
    over_years = _trend(request, "trend")
    return {
        "chosen_conference": table["conference"],
        "chosen_year": str(table["year"]),
        "table": table,
        "behind": _behind(request, table),
        "chosen_institutions": over_years["institutions"],
        "industry_figure": charts.industry_share_figure(over_years),
        "institution_figure": (
            charts.institution_share_figure(over_years) if over_years["institutions"] else None
        ),
        "toggle_query": _with(request, parents="0" if table["parents"] else "1"),
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

    def csv_table() -> Table:
        names = answer["institutions"]
        columns = [*TREND_COLUMNS, *(f"{n} papers" for n in names), *(f"{n} share" for n in names)]
        rows = (
            [*(row.get(c) for c in TREND_COLUMNS),
             *(row["institutions"][n]["papers"] for n in names),
             *(row["institutions"][n]["share"] for n in names)]
            for row in answer["rows"]
        )  # fmt: skip
        return Table("institutions-trend.csv", columns, rows)

    return Answer(answer, csv_table)


@api_view
def api_papers(request: HttpRequest) -> Answer:
    """The papers and raw affiliation strings behind one table row (`row`: institution id)."""
    table = _table(request)
    behind = _behind(request, table)
    if behind is None:
        raise QueryError("row: give the institution id of a table row")
    return Answer({"conference": table["conference"], "year": table["year"], **behind})


@api_view
def api_resolve(request: HttpRequest) -> Answer:
    raw, domain = parse_resolve_query(request.GET)
    return Answer(
        cached("institutions-resolve", f"{raw}\x00{domain}", lambda: explain(raw, domain))
    )
