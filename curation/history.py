"""Record changes as ChangeRecords and revert them; used by the admin mixin and by scripts."""

import json
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.contrib.admin.utils import NestedObjects
from django.contrib.contenttypes.models import ContentType
from django.core import serializers
from django.db import models, router, transaction
from django.utils import timezone

from curation.models import ChangeRecord

Snapshot = dict[str, Any]


class RevertError(Exception):
    """A change that cannot be reverted safely; the message says why."""


def snapshot(obj: models.Model) -> Snapshot:
    """The object's field values as JSON-ready data (foreign keys and m2m as primary keys)."""
    return json.loads(serializers.serialize("json", [obj]))[0]["fields"]


def stored_snapshot(obj: models.Model) -> Snapshot | None:
    """The snapshot of the object as the database holds it now (None if it is not there)."""
    if obj.pk is None:
        return None
    stored = type(obj)._default_manager.filter(pk=obj.pk).first()
    return snapshot(stored) if stored is not None else None


def _label(obj: models.Model) -> str:
    return obj._meta.label_lower


def record(
    obj: models.Model,
    action: str,
    before: Snapshot | None,
    after: Snapshot | None,
    user: Any = None,
    note: str = "",
    cascade: list[dict[str, Any]] | None = None,
    reverts: ChangeRecord | None = None,
) -> ChangeRecord:
    """Write one ChangeRecord for `obj` (anonymous or missing users are stored as None)."""
    return ChangeRecord.objects.create(
        content_type=ContentType.objects.get_for_model(obj, for_concrete_model=True),
        object_pk=str(obj.pk),
        object_repr=str(obj)[:300],
        action=action,
        before=before,
        after=after,
        cascade=cascade or [],
        note=note[:300],
        user=user if getattr(user, "is_authenticated", False) else None,
        reverts=reverts,
    )


def record_added(obj: models.Model, user: Any = None, note: str = "") -> ChangeRecord:
    """Record an object that was just created (call after save)."""
    return record(obj, ChangeRecord.Action.ADD, None, snapshot(obj), user, note)


@contextmanager
def tracked(obj: models.Model, user: Any = None, note: str = "") -> Iterator[None]:
    """`with tracked(obj, user): obj.x = 1; obj.save()` records the change, if any.

    The "before" side is read from the database, so it is right even when `obj` was
    modified before the block started (as admin forms do).
    """
    before = stored_snapshot(obj)
    yield
    after = stored_snapshot(obj)
    if before is None and after is not None:
        record(obj, ChangeRecord.Action.ADD, None, after, user, note)
    elif before != after and after is not None:
        record(obj, ChangeRecord.Action.CHANGE, before, after, user, note)


def _collect(obj: models.Model) -> tuple[list[dict[str, Any]], NestedObjects]:
    """What deleting `obj` removes or nulls besides itself, in deletion order."""
    collector = NestedObjects(using=router.db_for_write(type(obj)))
    collector.collect([obj])
    collector.sort()
    cascade: list[dict[str, Any]] = []
    for model, instances in collector.data.items():
        for instance in instances:
            if model is type(obj) and instance.pk == obj.pk:
                continue
            cascade.append(
                {"model": _label(instance), "pk": instance.pk, "fields": snapshot(instance)}
            )
    for (field, _value), batches in collector.field_updates.items():
        for batch in batches:
            for instance in batch:  # type: ignore[attr-defined]
                cascade.append(
                    {
                        "model": _label(instance),
                        "pk": instance.pk,
                        "set_field": field.attname,
                        "old": getattr(instance, field.attname),
                    }
                )
    return cascade, collector


def delete_with_record(obj: models.Model, user: Any = None, note: str = "") -> ChangeRecord:
    """Delete `obj` (and what cascades from it) and record enough to bring it all back."""
    with transaction.atomic():
        cascade, _collector = _collect(obj)
        before = snapshot(obj)
        change = record(obj, ChangeRecord.Action.DELETE, before, None, user, note, cascade)
        obj.delete()
    return change


def _restore(label: str, pk: Any, fields: Snapshot) -> models.Model:
    """Recreate (or overwrite) one object from its snapshot with a normal save (signals fire)."""
    data = json.dumps([{"model": label, "pk": pk, "fields": fields}])
    restored = next(serializers.deserialize("json", data, ignorenonexistent=True))
    instance: models.Model = restored.object
    instance.save()
    for name, values in (restored.m2m_data or {}).items():
        getattr(instance, name).set(values)
    return instance


def _model_of(record_: ChangeRecord) -> type[models.Model]:
    model = record_.content_type.model_class()
    if model is None:
        raise RevertError(f"change #{record_.pk}: its model no longer exists")
    return model


def revert(change: ChangeRecord, user: Any = None) -> ChangeRecord:
    """Undo one change and record the undo as a new change; RevertError when it is unsafe.

    Refused when the change was already reverted, or when the object was changed again
    since (its current state is not the recorded "after"): revert the newer change first.
    """
    with transaction.atomic():
        change = ChangeRecord.objects.select_for_update().get(pk=change.pk)
        if change.reverted:
            raise RevertError(f"change #{change.pk} was already reverted")
        model = _model_of(change)
        current = model._default_manager.filter(pk=change.object_pk).first()
        current_state = snapshot(current) if current is not None else None
        if current_state != change.after:
            raise RevertError(
                f"change #{change.pk}: {change.object_repr} was changed again since; "
                "revert the newer change first"
            )
        note = f"revert of #{change.pk}"
        label = model._meta.label_lower
        if change.action == ChangeRecord.Action.ADD:
            assert current is not None
            undo = delete_with_record(current, user, note)
        elif change.action == ChangeRecord.Action.CHANGE:
            restored = _restore(
                label, current.pk if current else change.object_pk, change.before or {}
            )
            undo = record(
                restored, ChangeRecord.Action.CHANGE, change.after, snapshot(restored), user, note
            )
        else:
            restored = _restore(
                label, model._meta.pk.to_python(change.object_pk), change.before or {}
            )
            for item in reversed(change.cascade):
                if "set_field" in item:
                    item_model = _lookup_model(item["model"])
                    item_model._default_manager.filter(pk=item["pk"]).update(
                        **{item["set_field"]: item["old"]}
                    )
                elif not _through_row_exists(item):
                    _restore(item["model"], item["pk"], item["fields"])
            undo = record(restored, ChangeRecord.Action.ADD, None, snapshot(restored), user, note)
        undo.reverts = change
        undo.save(update_fields=["reverts"])
        change.reverted_at = timezone.now()
        change.reverted_by = user if getattr(user, "is_authenticated", False) else None
        change.save(update_fields=["reverted_at", "reverted_by"])
    return undo


def _lookup_model(label: str) -> type[models.Model]:
    from django.apps import apps

    return apps.get_model(label)


def _through_row_exists(item: dict[str, Any]) -> bool:
    """An m2m row the restored object's own m2m data already brought back."""
    model = _lookup_model(item["model"])
    if not model._meta.auto_created:
        return False
    lookup = {f"{name}_id": value for name, value in item["fields"].items()}
    return model._default_manager.filter(**lookup).exists()
