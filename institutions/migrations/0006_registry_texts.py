"""Re-derive the registry names' match texts with today's registry.match_texts: a name's
parenthesis is kept unless it names a place or spells the initials ("Indian Institute of
Technology (BHU)" no longer matches every "Indian Institute of Technology"). The resolver
normalises stored texts again at load (cheap), but variants are made here, once."""

from typing import Any

from django.db import migrations


def rederive(apps: Any, schema_editor: Any) -> None:
    from institutions.registry import match_texts

    table = apps.get_model("institutions", "RegistryName")._meta.db_table
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(f"SELECT DISTINCT institution_id, value, kind, lang FROM {table}")
        names = cursor.fetchall()
        if not names:
            return
        cursor.execute(f"DELETE FROM {table}")
        with cursor.copy(
            f"COPY {table} (institution_id, value, text, kind, lang) FROM STDIN"
        ) as copy:
            for pk, value, kind, lang in names:
                for text in match_texts(value):
                    copy.write_row((pk, value, text, kind, lang))


class Migration(migrations.Migration):
    dependencies = [("institutions", "0005_how_fuzzy")]

    operations = [migrations.RunPython(rederive, migrations.RunPython.noop)]
