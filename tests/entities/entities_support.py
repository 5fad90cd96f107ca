"""A fixture for the entities tests: the seeded entities, restored when a transactional test
of any module has flushed the database (which removes rows that migrations created)."""

import pytest

from entities.models import Entity
from entities.seeding import seed_entities


@pytest.fixture
def seeded_entities(request: pytest.FixtureRequest) -> None:
    marker = request.node.get_closest_marker("django_db")
    transactional = "transactional_db" in request.fixturenames or bool(
        marker and marker.kwargs.get("transaction")
    )
    request.getfixturevalue("transactional_db" if transactional else "db")
    if not Entity.objects.exists():
        seed_entities()
