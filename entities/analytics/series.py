"""Monthly entity series and the per-month entity table, read from EntityMonthCount.

Fractions use the term statistics' rule: a paper belongs to the selection when its primary
category is selected, and the denominator is the number of such papers in the month
(MonthCategoryCount). With text mode "full"/"full_bib", a paper with a fetched full text is
searched in it too; the others in title + abstract only, and the number of papers with full
text is reported per month so that a reader can judge the coverage.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db import connection

from core.months import month_label
from entities.models import SCOPES_OF_MODE, Entity, EntityMention, EntityMonthCount, FullText
from papers.models import MonthCategoryCount, Paper
from papers.params import MonthFilter
from trends.analytics.certainty import DEFAULT_MIN_PAPERS, Certainty, certainty, gap_reason
from trends.analytics.fractions import (
    aligned_counts,
    monthly_totals,
    months_around,
    primary_totals,
    smoothed_fractions,
)
from trends.analytics.fractions import first_seen as shared_first_seen
from trends.paper_order import PAPER_SORTS


@dataclass
class EntitySeries:
    entity: Entity
    counts: list[int | None]
    fractions: list[float | None]
    # How sure each month is (trends.analytics.certainty): 95 % interval, low support.
    sure: Certainty | None = None

    def as_json(self) -> dict[str, Any]:
        return {
            "term": f"entity:{self.entity.slug}",
            "entity": self.entity.slug,
            "name": self.entity.name,
            "kind": self.entity.kind,
            "counts": self.counts,
            "fractions": self.fractions,
            "interval_low": self.sure.low if self.sure else None,
            "interval_high": self.sure.high if self.sure else None,
            "low_support": self.sure.low_support if self.sure else None,
        }


@dataclass
class EntityFractions:
    months: list[date]
    totals: list[int | None]
    full_text_papers: list[int | None]
    mode: str
    series: list[EntitySeries] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        return {
            "months": [month_label(m) for m in self.months],
            "totals": self.totals,
            "full_text_papers": self.full_text_papers,
            "text": self.mode,
            "path": "entities",
            "min_papers": DEFAULT_MIN_PAPERS,
            "gaps": [gap_reason(t, DEFAULT_MIN_PAPERS) for t in self.totals],
            "series": [s.as_json() for s in self.series],
        }


def full_text_papers(selection: MonthFilter) -> dict[date, int]:
    """Papers per month of the selection whose full text was fetched."""
    where, params = selection.sql("p")
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT p.month, count(*) FROM {FullText._meta.db_table} f "
            f"JOIN {Paper._meta.db_table} p ON p.id = f.paper_id "
            f"WHERE f.state = %s AND {where} GROUP BY p.month",
            [FullText.State.FETCHED, *params],
        )
        return {month: int(n) for month, n in cursor.fetchall()}


def entity_counts(
    entity_ids: list[int], selection: MonthFilter, mode: str
) -> dict[int, dict[date, int]]:
    """{entity id: {month: papers mentioning it}} for the selection, in text mode `mode`."""
    where, params = selection.sql()
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT entity_id, month, sum(papers) FROM {EntityMonthCount._meta.db_table} "
            f"WHERE mode = %s AND entity_id = ANY(%s) AND {where} GROUP BY entity_id, month",
            [mode, entity_ids, *params],
        )
        out: dict[int, dict[date, int]] = defaultdict(dict)
        for entity_id, month, papers in cursor.fetchall():
            out[entity_id][month] = int(papers)
        return out


def first_seen(entity_ids: list[int], selection: MonthFilter, mode: str) -> dict[int, date]:
    """The first month each entity is mentioned in the selection (its categories and date
    range), by the one definition shared with /trends/ (trends.analytics.fractions)."""
    counts = entity_counts(entity_ids, selection, mode)
    firsts = {pk: shared_first_seen(c, selection.start, selection.end) for pk, c in counts.items()}
    return {pk: first for pk, first in firsts.items() if first is not None}


def entity_fractions(entities: list[Entity], selection: MonthFilter, mode: str) -> EntityFractions:
    """Aligned monthly counts and fractions of `entities` (None: a month with no paper), on the
    month axis and denominators of the term series (trends.analytics.fractions)."""
    months, totals = monthly_totals(selection)
    full = full_text_papers(selection)
    counts = entity_counts([e.pk for e in entities], selection, mode)
    result = EntityFractions(
        months=months,
        totals=totals,
        full_text_papers=aligned_counts(full, months, totals),
        mode=mode,
    )
    for entity in entities:
        series_counts = aligned_counts(counts.get(entity.pk, {}), months, totals)
        fractions = smoothed_fractions(series_counts, totals, 0)
        sure = certainty(series_counts, series_counts, totals)
        result.series.append(EntitySeries(entity, series_counts, fractions, sure))
    return result


@dataclass
class EntityRow:
    entity: Entity
    papers: int
    percent: float | None
    first_seen: date | None
    months_around: int | None  # months from first seen up to this one, inclusive

    def as_json(self) -> dict[str, Any]:
        return {
            "entity": self.entity.slug,
            "name": self.entity.name,
            "papers": self.papers,
            "percent": None if self.percent is None else round(self.percent, 4),
            "first_seen": month_label(self.first_seen) if self.first_seen else None,
            "months_around": self.months_around,
        }


@dataclass
class EntityMonthTable:
    kind: str
    month: date
    mode: str
    total: int
    full_text_papers: int
    rows: list[EntityRow]

    def as_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "month": month_label(self.month),
            "text": self.mode,
            "total": self.total,
            "full_text_papers": self.full_text_papers,
            "rows": [r.as_json() for r in self.rows],
        }


def month_table(
    kind: str, month: date, categories: list[str] | None, mode: str
) -> EntityMonthTable:
    """Each entity of `kind` in `month`: papers, % of the month's papers, months around.

    Sorted by papers (most first), then name; entities not mentioned that month are listed
    with 0 so the table always names the whole group.
    """
    entities = list(Entity.objects.of_kind(kind))
    selection = MonthFilter(categories, month, month)
    total = primary_totals(categories).get(month, 0)
    ids = [e.pk for e in entities]
    counts = entity_counts(ids, selection, mode)
    # First seen up to the table's month, in the selected categories.
    firsts = first_seen(ids, MonthFilter(categories, None, month), mode)
    rows = []
    for entity in entities:
        papers = counts.get(entity.pk, {}).get(month, 0)
        first = firsts.get(entity.pk)
        rows.append(
            EntityRow(
                entity=entity,
                papers=papers,
                percent=100.0 * papers / total if total else None,
                first_seen=first,
                months_around=months_around(first, month),
            )
        )
    rows.sort(key=lambda r: (-r.papers, r.entity.name.lower()))
    return EntityMonthTable(
        kind=kind,
        month=month,
        mode=mode,
        total=total,
        full_text_papers=full_text_papers(selection).get(month, 0),
        rows=rows,
    )


def latest_month() -> date | None:
    """The newest month with any paper (the month table's default)."""
    return MonthCategoryCount.objects.order_by("-month").values_list("month", flat=True).first()


def entity_papers(
    entity_id: int,
    month: date,
    categories: list[str] | None,
    mode: str,
    offset: int,
    limit: int,
    sort: str | None = None,
) -> tuple[int, list[Paper]]:
    """(total, one page) of the papers of `month` mentioning the entity, newest first unless
    `sort` names another order (trends.paper_order)."""
    papers = Paper.objects.in_month(month).filter(
        pk__in=EntityMention.objects.filter(
            entity_id=entity_id, scope__in=SCOPES_OF_MODE[mode]
        ).values("paper_id")
    )
    if categories is not None:
        papers = papers.filter(primary_category__in=categories)
    order = PAPER_SORTS[sort] if sort else ("-submitted", "arxiv_id")
    return papers.count(), list(papers.order_by(*order)[offset : offset + limit])
