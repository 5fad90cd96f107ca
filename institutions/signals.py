"""Curation changes (institutions, aliases) schedule a debounced statistics refresh."""

from typing import Any

from django.db import transaction
from django.db.models.signals import post_delete, post_save

from core.switches import Switch
from institutions.models import Alias, Institution, ParentLink

# Off while bulk loaders run (they refresh once at the end themselves).
REFRESH = Switch("institutions_refresh")


def _changed(sender: Any, **kwargs: Any) -> None:
    if not REFRESH.on or kwargs.get("raw"):
        return
    from institutions.tasks import schedule_refresh

    transaction.on_commit(schedule_refresh)


def connect() -> None:
    for model in (Institution, Alias, ParentLink):
        post_save.connect(_changed, sender=model, dispatch_uid=f"refresh-save-{model.__name__}")
        post_delete.connect(_changed, sender=model, dispatch_uid=f"refresh-delete-{model.__name__}")
