"""Staff curation of the abbreviation table: approve, reject, correct or add definitions.

Every change is recorded and revertible through the curation app (CurationAdminMixin), and
takes effect at once: a saved or reverted row starts a new data generation
(trends.signals), so offers and hot families computed before are stale.
"""

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from curation.admin import CurationAdminMixin
from curation.history import tracked
from trends.models import Abbreviation


@admin.register(Abbreviation)
class AbbreviationAdmin(CurationAdminMixin, admin.ModelAdmin):
    list_display = ["label", "short", "long_form", "papers", "status"]
    list_filter = ["status"]
    list_editable = ["status"]
    search_fields = ["short", "long_form", "label"]
    ordering = ["-papers", "short"]
    actions = ["approve", "reject"]

    @admin.action(description="Approve the selected definitions")
    def approve(self, request: HttpRequest, queryset: QuerySet[Abbreviation]) -> None:
        self._set_status(request, queryset, Abbreviation.Status.APPROVED)

    @admin.action(description="Reject the selected definitions")
    def reject(self, request: HttpRequest, queryset: QuerySet[Abbreviation]) -> None:
        self._set_status(request, queryset, Abbreviation.Status.REJECTED)

    def _set_status(
        self, request: HttpRequest, queryset: QuerySet[Abbreviation], status: str
    ) -> None:
        for row in queryset:
            with tracked(row, request.user, note=f"admin action: {status}"):
                row.status = status
                row.save()
