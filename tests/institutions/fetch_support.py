"""Settings and helpers shared by the conference fetchers' tests."""

from typing import Any

import pytest

from institutions.models import Authorship, ConferenceImport, ConferencePaper
from institutions.seed_loader import ensure_seed

GAP = 0.2


@pytest.fixture(autouse=True)
def fast_polite_fetcher(settings: Any, transactional_db: None) -> None:
    """A short politeness gap and backoff (the same Fetcher settings the harvest uses), and
    the curated seed (a transactional test's flush removes it)."""
    settings.ARXIV_DELAY_SECONDS = GAP
    settings.ARXIV_RETRIES = 3
    settings.ARXIV_BACKOFF_SECONDS = 0.1
    settings.ARXIV_TIMEOUT_SECONDS = 5.0
    ensure_seed()


def stored_rows() -> tuple[set[int], set[int], int]:
    """Primary keys of every paper and authorship, and the number of imports recorded."""
    return (
        set(ConferencePaper.objects.values_list("pk", flat=True)),
        set(Authorship.objects.values_list("pk", flat=True)),
        ConferenceImport.objects.count(),
    )
