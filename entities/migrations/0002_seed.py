"""Seed the entities and aliases of entities/seed/entities.toml (adds only what is missing)."""

from typing import Any

from django.db import migrations


def seed(apps: Any, schema_editor: Any) -> None:
    from entities.seeding import seed_entities

    seed_entities(apps.get_model("entities", "Entity"), apps.get_model("entities", "EntityAlias"))


class Migration(migrations.Migration):
    dependencies = [("entities", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
