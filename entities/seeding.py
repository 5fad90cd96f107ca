"""Loading the seed file entities/seed/entities.toml into Entity and EntityAlias.

Seeding only adds what is missing: an entity or alias that a curator changed or deleted in
the admin is not brought back or overwritten unless `reset` asks for it.
"""

import tomllib
from contextlib import nullcontext
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db import transaction

SEED_FILE = Path(__file__).resolve().parent / "seed" / "entities.toml"
ALIAS_FIELDS = ("is_pattern", "case_sensitive", "context", "context_window", "note")
# The column sizes of EntityAlias (a migration must not fail half-way on a long note).
MAX_LENGTHS = {"phrase": 200, "context": 500, "note": 300}


class SeedError(ValueError):
    """The seed file is malformed; the message names the entity and the problem."""


@dataclass
class SeedReport:
    entities_created: int = 0
    aliases_created: int = 0
    aliases_updated: int = 0


def read_seed(path: Path = SEED_FILE) -> list[dict[str, Any]]:
    with path.open("rb") as handle:
        data = tomllib.load(handle)
    entries = data.get("entity", [])
    for i, entry in enumerate(entries, start=1):
        for key in ("kind", "name", "slug", "aliases"):
            if key not in entry:
                raise SeedError(f"{path.name}: entity #{i} ({entry.get('name', '?')}) lacks {key}")
        for raw in entry["aliases"]:
            values = alias_values(raw)
            for key, limit in MAX_LENGTHS.items():
                if len(str(values.get(key, ""))) > limit:
                    raise SeedError(
                        f"{path.name}: entity {entry['slug']}, alias {values['phrase'][:40]!r}: "
                        f"{key} is longer than {limit} characters"
                    )
    return entries


def alias_values(raw: str | dict[str, Any]) -> dict[str, Any]:
    """A seed alias (a string or a table) as EntityAlias field values."""
    if isinstance(raw, str):
        return {"phrase": raw}
    values = {k: raw[k] for k in ("phrase", *ALIAS_FIELDS) if k in raw}
    if "exclusions" in raw:
        values["exclusions"] = "\n".join(raw["exclusions"])
    return values


def seed_entities(
    entity_model: Any = None, alias_model: Any = None, *, reset: bool = False
) -> SeedReport:
    """Create the seed entities and aliases that do not exist yet.

    The models are parameters so a data migration can pass its historical models. With
    `reset`, existing seed aliases get the seed file's settings back. Mentions are not
    rematched here (the caller does it once, see the seed_entities command).
    """
    suspended: Any = nullcontext()
    if entity_model is None or alias_model is None:
        from entities.models import Entity, EntityAlias
        from entities.signals import REMATCH

        entity_model, alias_model = Entity, EntityAlias
        suspended = REMATCH.off()
    report = SeedReport()
    entries = read_seed()
    with suspended, transaction.atomic():
        by_slug = {}
        for entry in entries:
            entity, created = entity_model.objects.get_or_create(
                slug=entry["slug"],
                defaults={
                    "kind": entry["kind"],
                    "name": entry["name"],
                    "description": entry.get("description", ""),
                },
            )
            report.entities_created += created
            by_slug[entry["slug"]] = entity
            if not created and not reset:
                continue
            for raw in entry["aliases"]:
                values = alias_values(raw)
                phrase = values.pop("phrase")
                alias, alias_created = alias_model.objects.get_or_create(
                    entity=entity, phrase=phrase, defaults=values
                )
                report.aliases_created += alias_created
                if not alias_created and reset:
                    for key, value in values.items():
                        setattr(alias, key, value)
                    alias.save()
                    report.aliases_updated += 1
        for entry in entries:
            parent = entry.get("parent")
            if parent and by_slug[entry["slug"]].parent_id is None:
                if parent not in by_slug:
                    raise SeedError(f"entity {entry['slug']}: unknown parent {parent!r}")
                by_slug[entry["slug"]].parent = by_slug[parent]
                by_slug[entry["slug"]].save(update_fields=["parent"])
    return report
