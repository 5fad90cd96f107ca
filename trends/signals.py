"""A change to the abbreviation table (admin, action or curation revert) starts a new data
generation, so cached offers and hot tables made with the old table are not served."""

from typing import Any

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from papers.models import DataGeneration
from trends.models import Abbreviation


@receiver([post_save, post_delete], sender=Abbreviation)
def abbreviation_changed(sender: Any, **kwargs: Any) -> None:
    if not kwargs.get("raw"):
        DataGeneration.objects.bump()
