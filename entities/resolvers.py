"""`entity:SLUG` and `group:KIND` items for the term viewer (/trends/, /api/fractions).

Registered in trends.analytics.fractions by EntitiesConfig.ready():
- `expand_group` turns `group:framework` into one `entity:SLUG` item per entity of the group;
- `resolve_entity` answers `entity:SLUG` from EntityMonthCount (title + abstract, the text
  the term statistics search, so terms and entities on one chart are comparable) and can
  list the papers behind a point.
"""

from datetime import date

from entities.analytics.series import entity_counts, entity_papers
from entities.models import Entity, TextMode
from entities.params import ENTITY_PREFIX, GROUP_PREFIX, resolve_item
from papers.models import Paper
from papers.params import MonthFilter
from trends.analytics.fractions import Resolved


def expand_group(item: str) -> list[str] | None:
    """group:KIND -> [entity:SLUG, ...]; None for any other item."""
    if not item.strip().lower().startswith(GROUP_PREFIX):
        return None
    return [f"{ENTITY_PREFIX}{entity.slug}" for entity in resolve_item(item)]


def resolve_entity(item: str, categories: list[str] | None) -> Resolved | None:
    """entity:SLUG -> its papers per month in the selected categories; None for other items."""
    if not item.strip().lower().startswith(ENTITY_PREFIX):
        return None
    entity: Entity = resolve_item(item)[0]
    mode = TextMode.ABSTRACT
    counts = entity_counts([entity.pk], MonthFilter(categories, None, None), mode)

    def list_papers(
        month: date, cats: list[str] | None, offset: int, limit: int, sort: str | None
    ) -> tuple[int, list[Paper]]:
        return entity_papers(entity.pk, month, cats, mode, offset, limit, sort)

    return Resolved(
        label=f"{ENTITY_PREFIX}{entity.slug}",
        path="entity",
        counts=counts.get(entity.pk, {}),
        list_papers=list_papers,
        display=entity.name,
    )
