"""Load the seed institutions, aliases, sectors and parents (institutions/seed/*.tsv)."""

from typing import Any

from django.db import migrations


def load(apps: Any, schema_editor: Any) -> None:
    from institutions.seed_loader import load_seed

    load_seed(apps.get_model("institutions", "Institution"), apps.get_model("institutions", "Alias"))


class Migration(migrations.Migration):
    dependencies = [("institutions", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
