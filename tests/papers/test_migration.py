"""A database made before the papers app existed migrates in place: no paper is lost."""

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from papers.models import Paper


@pytest.mark.django_db(transaction=True)
def test_it_moves_the_paper_tables_to_papers_keeping_every_row() -> None:
    executor = MigrationExecutor(connection)
    # Back to the layout of the previous main: the store's tables belong to trends.
    executor.migrate([("papers", None)])
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO trends_paper (arxiv_id, title, abstract, authors, categories, "
            "primary_category, submitted, month, updated, comments, doi) VALUES "
            "('1409.0473', 'Neural Machine Translation', '', '', '{cs.CL}', 'cs.CL', "
            "'2014-09-01T00:00:00Z', '2014-09-01', '2016-05-19', '', '')"
        )
        cursor.execute(
            "INSERT INTO trends_datageneration (id, number, changed_at) VALUES (1, 7, now())"
        )
    try:
        call_command("migrate", verbosity=0)
        assert list(Paper.objects.values_list("arxiv_id", flat=True)) == ["1409.0473"]
        with connection.cursor() as cursor:
            cursor.execute("SELECT number FROM papers_datageneration")
            assert cursor.fetchone() == (7,)
            cursor.execute("SELECT to_regclass('trends_paper')")
            assert cursor.fetchone() == (None,)
    finally:
        call_command("migrate", verbosity=0)
