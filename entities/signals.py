"""Bring mentions up to date after any entity or alias change, including curation reverts.

A change queues one rematch of the affected entities after the transaction commits (several
alias edits of one admin save make one task). Without a worker (no REDIS_URL) the task runs
in-process right after the commit, which takes a few seconds on the demo corpus.
"""

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from entities.models import Entity, EntityAlias
from papers.models import DataGeneration

_pending = threading.local()


@contextmanager
def rematch_suspended() -> Iterator[None]:
    """Changes inside do not queue rematches (bulk seeding, which rematches once itself)."""
    _pending.suspended = True
    try:
        yield
    finally:
        _pending.suspended = False


def schedule_rematch(entity_id: int) -> None:
    if getattr(_pending, "suspended", False):
        return
    ids: set[int] = _pending.__dict__.setdefault("ids", set())
    ids.add(entity_id)
    transaction.on_commit(_flush)


def _flush() -> None:
    from entities.tasks import rematch_entities_task

    ids: set[int] = _pending.__dict__.setdefault("ids", set())
    if not ids:
        return  # an earlier callback of the same transaction took them
    batch = sorted(ids)
    ids.clear()
    rematch_entities_task.delay(batch)


@receiver([post_save, post_delete], sender=EntityAlias)
def alias_changed(sender: Any, instance: EntityAlias, **kwargs: Any) -> None:
    schedule_rematch(instance.entity_id)


@receiver(post_save, sender=Entity)
def entity_saved(sender: Any, instance: Entity, **kwargs: Any) -> None:
    # Names and kinds appear in cached answers; the mentions themselves do not change.
    transaction.on_commit(DataGeneration.objects.bump)


@receiver(post_delete, sender=Entity)
def entity_deleted(sender: Any, instance: Entity, **kwargs: Any) -> None:
    # Its mentions and counts went with it (cascade); cached answers must not show it.
    transaction.on_commit(DataGeneration.objects.bump)
