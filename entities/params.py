"""Parameters of the entity endpoints; failures raise core.params.QueryError (-> HTTP 400)."""

from django.http import QueryDict

from core.params import QueryError, parse_yes_no
from entities.models import Entity, TextMode

MAX_ITEMS = 10
MAX_ITEM_LENGTH = 100
ENTITY_PREFIX = "entity:"
GROUP_PREFIX = "group:"


def parse_text_mode(params: QueryDict) -> str:
    """`text=abstract|full` and `bibliography=0|1` -> a TextMode value."""
    text = params.get("text", "abstract").strip().lower() or "abstract"
    if text not in ("abstract", "full"):
        raise QueryError(f"text: {text[:20]!r} is not one of abstract, full")
    bibliography = parse_yes_no("bibliography", params.get("bibliography"))
    if text == "abstract":
        return TextMode.ABSTRACT
    return TextMode.FULL_BIB if bibliography else TextMode.FULL


def parse_kind(raw: str | None) -> str:
    kind = (raw or "").strip()
    if kind not in Entity.Kind.values:
        raise QueryError(
            f"kind: {kind[:30]!r} is not one of {', '.join(Entity.Kind.values)}"
            if kind
            else f"kind: required, one of {', '.join(Entity.Kind.values)}"
        )
    return kind


def is_entity_item(item: str) -> bool:
    """True for the query items this app answers: `entity:SLUG` and `group:KIND`."""
    lowered = item.strip().lower()
    return lowered.startswith((ENTITY_PREFIX, GROUP_PREFIX))


def resolve_item(item: str) -> list[Entity]:
    """`entity:pytorch` -> [PyTorch]; `group:framework` -> every framework, by name."""
    lowered = item.strip().lower()
    if lowered.startswith(GROUP_PREFIX):
        kind = lowered[len(GROUP_PREFIX) :].strip()
        if kind not in Entity.Kind.values:
            raise QueryError(
                f"q: unknown group {kind[:30]!r}; use one of "
                + ", ".join(f"group:{k}" for k in Entity.Kind.values)
            )
        return list(Entity.objects.of_kind(kind))
    slug = lowered[len(ENTITY_PREFIX) :].strip()
    found = Entity.objects.by_slugs([slug])
    if slug not in found:
        raise QueryError(f"q: unknown entity {slug[:40]!r} (see /api/entities?kind=...)")
    return [found[slug]]


def parse_entity_query(raw: str | None) -> list[Entity]:
    """q=entity:a,group:b -> the entities, in order, each once."""
    items = [item.strip() for item in (raw or "").split(",") if item.strip()]
    if not items:
        raise QueryError("q: give at least one entity:SLUG or group:KIND")
    if len(items) > MAX_ITEMS:
        raise QueryError(f"q: at most {MAX_ITEMS} items, got {len(items)}")
    entities: dict[int, Entity] = {}
    for item in items:
        if len(item) > MAX_ITEM_LENGTH:
            raise QueryError(
                f"q: item {item[:20]!r}... is longer than {MAX_ITEM_LENGTH} characters"
            )
        if not is_entity_item(item):
            raise QueryError(f"q: {item[:40]!r} is neither entity:SLUG nor group:KIND")
        for entity in resolve_item(item):
            entities.setdefault(entity.pk, entity)
    return list(entities.values())
