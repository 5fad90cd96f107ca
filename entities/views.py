"""Thin views of the entities app: parse parameters, call analytics, render or serialise."""

from django.http import HttpRequest

from core.cache import cached
from core.months import month_label
from core.params import QueryError
from core.views import Answer, Table, api_view, page_view
from core.yesno import yes_no
from entities import charts
from entities.analytics.series import (
    EntityFractions,
    EntityMonthTable,
    entity_fractions,
    latest_month,
    month_table,
)
from entities.models import Entity, TextMode
from entities.params import parse_entity_query, parse_kind, parse_text_mode
from papers.params import parse_categories, parse_data_month, parse_month_filter


def _table(request: HttpRequest, kind: str) -> EntityMonthTable:
    month = parse_data_month("month", request.GET.get("month")) or latest_month()
    if month is None:
        raise QueryError("month: there are no papers yet")
    categories = parse_categories(request.GET.get("categories"))
    mode = parse_text_mode(request.GET)
    key = repr((kind, month, categories, mode))
    return cached("entity-table", key, lambda: month_table(kind, month, categories, mode))


def _fractions(request: HttpRequest, q: str) -> EntityFractions:
    selection = parse_month_filter(request.GET)
    mode = parse_text_mode(request.GET)
    entities = parse_entity_query(q)
    key = repr((selection, mode, [e.pk for e in entities]))
    return cached("entity-fractions", key, lambda: entity_fractions(entities, selection, mode))


@api_view
def api_entities(request: HttpRequest) -> Answer:
    """GET /api/entities?kind=framework&month=YYYY-MM[&categories=..&text=full&bibliography=1]"""
    kind = parse_kind(request.GET.get("kind"))
    table = _table(request, kind)

    def csv_table() -> Table:
        header = ["entity", "name", "papers", "percent", "first_seen", "months_around"]
        rows = [list(r.as_json().values()) for r in table.rows]
        return Table(f"entities-{kind}-{month_label(table.month)}.csv", header, rows)

    return Answer(table.as_json(), csv_table)


@api_view
def api_entity_fractions(request: HttpRequest) -> Answer:
    """GET /api/entities/fractions?q=entity:pytorch,group:framework (the /api/fractions shape)."""
    result = _fractions(request, request.GET.get("q", ""))

    def csv_table() -> Table:
        header = ["month", "total", "full_text_papers"]
        header += [f"{s.entity.slug} {col}" for s in result.series for col in ("count", "fraction")]
        rows: list[list[object]] = [
            [month_label(m), result.totals[i], result.full_text_papers[i]]
            + [v for s in result.series for v in (s.counts[i], s.fractions[i])]
            for i, m in enumerate(result.months)
        ]
        return Table("entity-fractions.csv", header, rows)

    return Answer(result.as_json(), csv_table)


def _entities_base(request: HttpRequest) -> dict[str, object]:
    return {
        "kinds": Entity.Kind.choices,
        "kind": request.GET.get("kind") or Entity.Kind.FRAMEWORK,
        "params": request.GET,
        "text": request.GET.get("text", "abstract"),
        "bibliography": bool(yes_no(request.GET.get("bibliography"))),
    }


@page_view("entities/entities.html", _entities_base)
def entities_page(request: HttpRequest) -> dict[str, object]:
    """/entities/?kind=framework&text=full: one group's chart and a month table."""
    kind = parse_kind(request.GET.get("kind") or Entity.Kind.FRAMEWORK)
    result = _fractions(request, f"group:{kind}")
    table = _table(request, kind)
    selection = parse_month_filter(request.GET)
    return {
        "result": result,
        "table": table,
        "kind_label": Entity.Kind(kind).label,
        "full_mode": result.mode != TextMode.ABSTRACT,
        "full_text_total": sum(n or 0 for n in result.full_text_papers),
        # The chart's JSON and static first view: made once per query and data generation.
        "chart": cached(
            "entity-chart",
            repr((kind, selection, result.mode)),
            lambda: charts.entity_fractions_figure(
                result, Entity.Kind(kind).label, selection.start
            ),
        ),
    }
