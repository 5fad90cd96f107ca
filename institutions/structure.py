"""The parent structure of a given year: Institution.parent is today's parent; a ParentLink
covering the year overrides it (Google Brain under Google until 2022, under Google DeepMind
from 2023). Roll-ups of a conference-year use its year's structure, or today's on request."""

from institutions.models import Institution, ParentLink


def parent_maps() -> tuple[
    dict[int, int | None], list[tuple[int, int | None, int | None, int | None]]
]:
    """(today's {id: parent id}, [(child, parent, since, until)] links), two queries."""
    today: dict[int, int | None] = dict(Institution.objects.values_list("id", "parent_id"))
    links: list[tuple[int, int | None, int | None, int | None]] = list(
        ParentLink.objects.values_list("child_id", "parent_id", "since", "until")
    )
    return today, links


def parents_in(
    year: int | None,
    today: dict[int, int | None],
    links: list[tuple[int, int | None, int | None, int | None]],
) -> dict[int, int | None]:
    """{id: parent id} with the structure of `year` (None: today's)."""
    if year is None:
        return today
    parents = dict(today)
    for child, parent, since, until in links:
        if (since is None or since <= year) and (until is None or year <= until):
            parents[child] = parent
    return parents


def root(pk: int, parents: dict[int, int | None]) -> int:
    """The top of `pk`'s parent chain (itself without a parent; cycles stop where they loop)."""
    node, seen = pk, {pk}
    while parents.get(node) is not None and parents[node] not in seen:
        node = parents[node]  # type: ignore[assignment]
        seen.add(node)
    return node


def roots(ids: set[int], year: int | None) -> dict[int, int]:
    """{id: root} for `ids` with the structure of `year` (None: today's)."""
    parents = parents_in(year, *parent_maps())
    return {pk: root(pk, parents) for pk in ids}
