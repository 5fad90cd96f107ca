"""Admin: the change history with revert, and CurationAdminMixin for any tracked ModelAdmin."""

from typing import Any
from urllib.parse import urlencode

from django.contrib import admin, messages
from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.db.models import QuerySet
from django.forms import BaseModelForm
from django.forms.models import BaseInlineFormSet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import URLPattern, path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from curation.history import (
    RevertError,
    delete_with_record,
    record_added,
    revert,
    stored_snapshot,
    tracked,
)
from curation.models import ChangeRecord


class CurationAdminMixin:
    """Mix into a ModelAdmin: every add/change/delete made through it becomes a ChangeRecord.

    Covers the change form, inline formsets, the delete view and the bulk "delete selected"
    action. The object's "History" button leads to its ChangeRecords, which can be reverted.
    """

    def save_model(self, request: HttpRequest, obj: Any, form: BaseModelForm, change: bool) -> None:
        with transaction.atomic(), tracked(obj, request.user, note="admin form"):
            super().save_model(request, obj, form, change)  # type: ignore[misc]

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        delete_with_record(obj, request.user, note="admin delete")

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        with transaction.atomic():
            for obj in queryset:
                delete_with_record(obj, request.user, note="admin bulk delete")

    def save_formset(
        self, request: HttpRequest, form: BaseModelForm, formset: BaseInlineFormSet, change: bool
    ) -> None:
        with transaction.atomic():
            instances = formset.save(commit=False)
            for obj in formset.deleted_objects:
                delete_with_record(obj, request.user, note="admin inline delete")
            for obj in instances:
                existed = stored_snapshot(obj) is not None
                with tracked(obj, request.user, note="admin inline"):
                    obj.save()
                if not existed and not ChangeRecord.objects.for_object(obj).exists():
                    record_added(obj, request.user, note="admin inline")
            formset.save_m2m()

    def history_view(
        self, request: HttpRequest, object_id: str, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        """The object's ChangeRecords (who, when, before, after) instead of Django's log."""
        model = self.model  # type: ignore[attr-defined]
        content_type = ContentType.objects.get_for_model(model)
        query = urlencode({"content_type__id__exact": content_type.pk, "object_pk": object_id})
        return HttpResponseRedirect(f"{reverse('admin:curation_changerecord_changelist')}?{query}")


def _format_value(value: Any) -> str:
    text = "∅" if value is None else str(value)
    return text if len(text) <= 80 else text[:77] + "..."


@admin.register(ChangeRecord)
class ChangeRecordAdmin(admin.ModelAdmin):
    list_display = ["created_at", "user", "action", "what", "changes", "revert_state"]
    list_filter = [
        "action", ("content_type", admin.RelatedOnlyFieldListFilter),
        ("reverted_at", admin.EmptyFieldListFilter),
    ]  # fmt: skip
    list_select_related = ["user", "content_type", "reverted_by"]
    search_fields = ["object_repr", "note", "object_pk"]
    date_hierarchy = "created_at"
    actions = ["revert_selected"]
    readonly_fields = (
        "content_type", "object_pk", "object_repr", "action", "changes", "before", "after",
        "cascade", "note", "user", "created_at", "reverted_at", "reverted_by", "reverts",
    )  # fmt: skip
    fields = readonly_fields

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # The history is the audit trail: nobody edits or deletes it through the admin.
        return False

    @admin.display(description="object")
    def what(self, obj: ChangeRecord) -> str:
        return format_html(
            "<b>{}</b><br><small>{} #{}{}</small>", obj.object_repr, obj.content_type.name,
            obj.object_pk, f" · {obj.note}" if obj.note else "",
        )  # fmt: skip

    @admin.display(description="before → after")
    def changes(self, obj: ChangeRecord) -> str:
        rows = [(name, _format_value(old), _format_value(new))
                for name, (old, new) in obj.changed_fields().items()]  # fmt: skip
        return format_html_join(mark_safe("<br>"), "<b>{}</b>: {} → {}", rows)

    @admin.display(description="revert")
    def revert_state(self, obj: ChangeRecord) -> str:
        if obj.reverted_at:
            return format_html("reverted {} by {}", f"{obj.reverted_at:%Y-%m-%d %H:%M}",
                               obj.reverted_by or "?")  # fmt: skip
        url = reverse("admin:curation_changerecord_revert", args=[obj.pk])
        return format_html('<a class="button" href="{}">Revert…</a>', url)

    def get_urls(self) -> list[URLPattern]:
        view = self.admin_site.admin_view(self.revert_view)
        return [path("<int:pk>/revert/", view, name="curation_changerecord_revert"),
                *super().get_urls()]  # fmt: skip

    def revert_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        """GET: what the revert will do; POST: do it."""
        change = get_object_or_404(
            ChangeRecord.objects.select_related("content_type", "user"), pk=pk
        )
        changelist = reverse("admin:curation_changerecord_changelist")
        if not _may_revert(request, change):
            messages.error(request, f"You may not edit {change.content_type.name} objects.")
            return HttpResponseRedirect(changelist)
        if request.method == "POST":
            self._revert_one(request, change)
            return HttpResponseRedirect(changelist)
        context = {**self.admin_site.each_context(request), "change": change, "opts": self.opts,
                   "title": f"Revert change #{change.pk}?"}  # fmt: skip
        return TemplateResponse(request, "admin/curation/revert_confirm.html", context)

    @admin.action(description="Revert the selected changes (newest first)")
    def revert_selected(self, request: HttpRequest, queryset: QuerySet[ChangeRecord]) -> None:
        for change in queryset.select_related("content_type").order_by("-created_at", "-pk"):
            if _may_revert(request, change):
                self._revert_one(request, change)
            else:
                messages.error(
                    request, f"#{change.pk}: you may not edit {change.content_type.name}."
                )

    def _revert_one(self, request: HttpRequest, change: ChangeRecord) -> None:
        try:
            undo = revert(change, request.user)
        except RevertError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, f"Reverted #{change.pk} ({change}); recorded as #{undo.pk}.")


def _may_revert(request: HttpRequest, change: ChangeRecord) -> bool:
    """A revert edits the object, so it needs the right to add, change and delete it."""
    model: type[models.Model] | None = change.content_type.model_class()
    if model is None:
        return False
    opts = model._meta
    return all(
        request.user.has_perm(f"{opts.app_label}.{action}_{opts.model_name}")
        for action in ("add", "change", "delete")
    )
