"""Thin views of the entities app: parse parameters, call analytics, render or serialise."""

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from core.cache import cached
from core.months import month_label
from core.params import QueryError, parse_format, parse_month_param
from core.responses import bad_request, csv_response
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
from papers.params import parse_categories, parse_month_filter


def _table(request: HttpRequest, kind: str) -> EntityMonthTable:
    month = parse_month_param("month", request.GET.get("month")) or latest_month()
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


@require_GET
def api_entities(request: HttpRequest) -> HttpResponse:
    """GET /api/entities?kind=framework&month=YYYY-MM[&categories=..&text=full&bibliography=1]"""
    try:
        kind = parse_kind(request.GET.get("kind"))
        fmt = parse_format(request.GET)
        table = _table(request, kind)
    except QueryError as exc:
        return bad_request(str(exc))
    if fmt == "csv":
        header = ["entity", "name", "papers", "percent", "first_seen", "months_around"]
        rows: list[list[object]] = [list(r.as_json().values()) for r in table.rows]
        return csv_response(f"entities-{kind}-{month_label(table.month)}.csv", header, rows)
    return JsonResponse(table.as_json())


@require_GET
def api_entity_fractions(request: HttpRequest) -> HttpResponse:
    """GET /api/entities/fractions?q=entity:pytorch,group:framework (the /api/fractions shape)."""
    try:
        fmt = parse_format(request.GET)
        result = _fractions(request, request.GET.get("q", ""))
    except QueryError as exc:
        return bad_request(str(exc))
    if fmt == "csv":
        header = ["month", "total", "full_text_papers"]
        header += [f"{s.entity.slug} {col}" for s in result.series for col in ("count", "fraction")]
        csv_rows: list[list[object]] = [
            [month_label(m), result.totals[i], result.full_text_papers[i]]
            + [v for s in result.series for v in (s.counts[i], s.fractions[i])]
            for i, m in enumerate(result.months)
        ]
        return csv_response("entity-fractions.csv", header, csv_rows)
    return JsonResponse(result.as_json())


@require_GET
def entities_page(request: HttpRequest) -> HttpResponse:
    """/entities/?kind=framework&text=full: one group's chart and a month table."""
    kind = request.GET.get("kind") or Entity.Kind.FRAMEWORK
    context: dict[str, object] = {
        "kinds": Entity.Kind.choices,
        "kind": kind,
        "params": request.GET,
        "text": request.GET.get("text", "abstract"),
        "bibliography": request.GET.get("bibliography", "0") in ("1", "include", "true", "yes"),
    }
    try:
        kind = parse_kind(kind)
        result = _fractions(request, f"group:{kind}")
        table = _table(request, kind)
    except QueryError as exc:
        context["error"] = str(exc)
        return render(request, "entities/entities.html", context, status=400)
    context.update(
        result=result,
        table=table,
        kind_label=Entity.Kind(kind).label,
        full_mode=result.mode != TextMode.ABSTRACT,
        full_text_total=sum(n or 0 for n in result.full_text_papers),
        figure=charts.entity_fractions_figure(result, Entity.Kind(kind).label),
    )
    return render(request, "entities/entities.html", context)
