"""How often a web process reads the data generation: a cached answer costs no query, another
process's change shows within CACHE_GENERATION_SECONDS, this process's own change at once."""

import pytest
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from papers.models import DataGeneration

URL = "/api/months?categories=cs.LG"


def _queries(client) -> tuple[int, bytes]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(URL)
    assert response.status_code == 200
    return len(queries), response.content


def _another_process_bumps() -> None:
    """What a worker's ingest does, without this process hearing of it."""
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO papers_datageneration (id, number, changed_at) VALUES (1, 1, now()) "
            "ON CONFLICT (id) DO UPDATE SET number = papers_datageneration.number + 1"
        )


@pytest.mark.django_db
@override_settings(CACHE_GENERATION_SECONDS=3600)
def test_a_cached_answer_costs_no_query_and_an_own_change_shows_at_once(client):
    DataGeneration.objects.bump()
    assert _queries(client)[0] > 0  # computed
    assert _queries(client)[0] == 0  # generation remembered, answer cached
    _another_process_bumps()
    assert _queries(client)[0] == 0  # not seen yet: within CACHE_GENERATION_SECONDS
    DataGeneration.objects.bump()  # this process: seen at once
    assert _queries(client)[0] > 0


@pytest.mark.django_db
@override_settings(CACHE_GENERATION_SECONDS=0)
def test_with_no_delay_every_request_reads_the_generation(client):
    DataGeneration.objects.bump()
    _queries(client)
    assert _queries(client)[0] == 1  # the generation, then the cached answer
    _another_process_bumps()
    assert _queries(client)[0] > 1  # a new generation: computed again
