"""EntityMonthCount from EntityMention: set-based, restricted to the months or entities changed."""

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.db import connection, transaction

from entities.models import SCOPES_OF_MODE, EntityMention, EntityMonthCount
from papers.models import Paper


def rebuild_counts(
    *, months: Iterable[date] | None = None, entity_ids: Iterable[int] | None = None
) -> int:
    """Recount the entity aggregates of `months` and/or `entity_ids` (None: all); return rows.

    One DELETE and one INSERT ... SELECT ... GROUP BY over the mention table; a paper counts
    once per entity, month, primary category and text mode, whatever the number of scopes it
    was found in.
    """
    table = EntityMonthCount._meta.db_table
    where = ["TRUE"]
    params: list[Any] = []
    if months is not None:
        where.append("month = ANY(%s)")
        params.append(sorted(set(months)))
    if entity_ids is not None:
        where.append("entity_id = ANY(%s)")
        params.append(sorted(set(entity_ids)))
    condition = " AND ".join(where)
    modes_sql = ", ".join("(%s, %s::varchar[])" for _ in SCOPES_OF_MODE)
    modes_params: list[Any] = []
    for mode, scopes in SCOPES_OF_MODE.items():
        modes_params += [str(mode), [str(s) for s in scopes]]
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {table} WHERE {condition}", params)
        cursor.execute(
            f"""
            INSERT INTO {table} (entity_id, mode, month, primary_category, papers)
            SELECT entity_id, mode, month, primary_category, count(DISTINCT paper_id)
            FROM (
                SELECT m.entity_id, m.paper_id, m.scope, p.month, p.primary_category
                FROM {EntityMention._meta.db_table} m
                JOIN {Paper._meta.db_table} p ON p.id = m.paper_id
            ) mentions
            JOIN (VALUES {modes_sql}) AS modes(mode, scopes) ON scope = ANY(scopes)
            WHERE {condition}
            GROUP BY entity_id, mode, month, primary_category
            """,
            modes_params + params,
        )
        return cursor.rowcount
