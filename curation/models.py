"""A generic, reversible log of changes made by curators (see curation/__init__ docstring)."""

from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models


class ChangeRecordQuerySet(models.QuerySet["ChangeRecord"]):
    def for_object(self, obj: models.Model) -> "ChangeRecordQuerySet":
        """Every recorded change of one object, newest first."""
        return self.filter(
            content_type=ContentType.objects.get_for_model(obj, for_concrete_model=True),
            object_pk=str(obj.pk),
        ).order_by("-created_at", "-pk")

    def for_model(self, model: type[models.Model]) -> "ChangeRecordQuerySet":
        """Changes of any object of `model` (e.g. the history of all aliases)."""
        return self.filter(content_type=ContentType.objects.get_for_model(model))

    def revertible(self) -> "ChangeRecordQuerySet":
        return self.filter(reverted_at__isnull=True)


class ChangeRecord(models.Model):
    """One add, change or delete of one object: who, when, the object before and after.

    `before`/`after` are field snapshots ({field name: JSON value}, foreign keys as primary
    keys), None where the object did not exist. A delete also keeps the snapshots of the
    objects the delete cascaded to, in `cascade`, so reverting it brings them all back.
    """

    class Action(models.TextChoices):
        ADD = "add", "added"
        CHANGE = "change", "changed"
        DELETE = "delete", "deleted"

    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT)
    # Text so that any primary-key type fits; the object may no longer exist.
    object_pk = models.CharField(max_length=255)
    object_repr = models.CharField(max_length=300)
    action = models.CharField(max_length=8, choices=Action.choices)
    before = models.JSONField(null=True, blank=True)
    after = models.JSONField(null=True, blank=True)
    # [{"model": "app.model", "pk": ..., "fields": {...}}] of objects removed by a cascade.
    cascade = models.JSONField(default=list, blank=True)
    # Why the change was made ("accepted suggestion", "revert of #12", an admin action).
    note = models.CharField(max_length=300, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    reverted_at = models.DateTimeField(null=True, blank=True)
    reverted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The record this one undid, when it was made by a revert.
    reverts = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="reverted_by_records"
    )

    objects = ChangeRecordQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            # ChangeRecordQuerySet.for_object: the history of one object, newest first.
            models.Index(
                fields=["content_type", "object_pk", "-created_at"], name="changerecord_object_idx"
            ),
            # The admin changelist, newest first, filtered by model.
            models.Index(fields=["-created_at"], name="changerecord_created_idx"),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.get_action_display()} {self.object_repr}"

    @property
    def reverted(self) -> bool:
        return self.reverted_at is not None

    def changed_fields(self) -> dict[str, tuple[Any, Any]]:
        """{field: (before, after)} for the fields whose value differs."""
        before, after = self.before or {}, self.after or {}
        return {
            name: (before.get(name), after.get(name))
            for name in sorted(set(before) | set(after))
            if before.get(name) != after.get(name)
        }
