"""The orders in which /api/papers can list the papers behind a point (`sort=`)."""

from core.params import QueryError

# ORM fields per order; arXiv ids grow with submission time, so they stand for age.
PAPER_SORTS: dict[str, tuple[str, ...]] = {
    "oldest": ("arxiv_id",),
    "newest": ("-arxiv_id",),
    "title": ("title", "arxiv_id"),
}


def parse_sort(raw: str | None) -> str | None:
    """None keeps each listing's own default order."""
    if not raw:
        return None
    if raw not in PAPER_SORTS:
        raise QueryError(f"sort: {raw[:20]!r} is not one of {', '.join(PAPER_SORTS)}")
    return raw


def order_sql(sort: str | None, alias: str) -> str:
    """ORDER BY clause body for raw SQL over the papers table aliased `alias`."""
    fields = PAPER_SORTS[sort or "oldest"]
    return ", ".join(
        f"{alias}.{f.lstrip('-')} {'DESC' if f.startswith('-') else 'ASC'}" for f in fields
    )
