"""Formerly loaded the hand-made seed; institutions now come from the ROR registry and the
small curated list, loaded by `load_institutions` (and `load_demo`) after `import_ror`."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("institutions", "0001_initial")]

    operations = [migrations.RunPython(migrations.RunPython.noop, migrations.RunPython.noop)]
