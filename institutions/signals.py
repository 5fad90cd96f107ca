"""Curation changes (institutions, aliases) schedule a debounced statistics refresh."""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django.db import transaction
from django.db.models.signals import post_delete, post_save

from institutions.models import Alias, Institution

_paused: ContextVar[bool] = ContextVar("institutions_refresh_paused", default=False)


@contextmanager
def refresh_paused() -> Iterator[None]:
    """Bulk loaders change thousands of rows and refresh once at the end themselves."""
    token = _paused.set(True)
    try:
        yield
    finally:
        _paused.reset(token)


def _changed(sender: Any, **kwargs: Any) -> None:
    if _paused.get() or kwargs.get("raw"):
        return
    from institutions.tasks import schedule_refresh

    transaction.on_commit(schedule_refresh)


def connect() -> None:
    for model in (Institution, Alias):
        post_save.connect(_changed, sender=model, dispatch_uid=f"refresh-save-{model.__name__}")
        post_delete.connect(_changed, sender=model, dispatch_uid=f"refresh-delete-{model.__name__}")
