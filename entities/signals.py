"""Bring mentions up to date after any entity or alias change, including curation reverts.

A change queues one rematch of the affected entities after the transaction commits (several
alias edits of one admin save make one task). Without a worker (no REDIS_URL) the task runs
in-process right after the commit, which takes a few seconds on the demo corpus.
"""

from contextvars import ContextVar
from typing import Any

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from core.switches import Switch
from entities.models import Entity, EntityAlias
from papers.models import DataGeneration

# Off during bulk seeding, which rematches once itself.
REMATCH = Switch("entities_rematch")
# Entities changed in the current transaction, waiting for the commit (one task for all).
_pending: ContextVar[set[int] | None] = ContextVar("entities_pending_rematch", default=None)


def schedule_rematch(entity_id: int) -> None:
    if not REMATCH.on:
        return
    _pending_ids().add(entity_id)
    transaction.on_commit(_flush)


def _pending_ids() -> set[int]:
    ids = _pending.get()
    if ids is None:
        ids = set()
        _pending.set(ids)
    return ids


def _flush() -> None:
    from entities.tasks import rematch_entities_task

    ids = _pending_ids()
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
