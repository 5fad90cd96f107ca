"""Admin for the coverage declaration (editable) and the suspicious months found in the data."""

from django.contrib import admin
from django.http import HttpRequest

from papers.models import CoveragePeriod, DataGeneration, SuspiciousMonth


@admin.register(CoveragePeriod)
class CoveragePeriodAdmin(admin.ModelAdmin):
    list_display = ["__str__", "status", "start", "end", "note", "source"]
    list_filter = ["status", "source"]
    search_fields = ["note"]

    # Every chart, /hot/ and /about/ read the declaration: an edit starts a new generation so
    # no cached answer keeps the old one.
    def save_model(
        self, request: HttpRequest, obj: CoveragePeriod, form: object, change: bool
    ) -> None:
        super().save_model(request, obj, form, change)
        DataGeneration.objects.bump()

    def delete_model(self, request: HttpRequest, obj: CoveragePeriod) -> None:
        super().delete_model(request, obj)
        DataGeneration.objects.bump()

    def delete_queryset(self, request: HttpRequest, queryset: object) -> None:
        super().delete_queryset(request, queryset)  # type: ignore[arg-type]
        DataGeneration.objects.bump()


@admin.register(SuspiciousMonth)
class SuspiciousMonthAdmin(admin.ModelAdmin):
    """Read-only: found after each ingest; a human decides whether to declare a period."""

    list_display = ["category", "month", "papers", "trailing_median", "share", "detected_at"]
    list_filter = ["category"]
    date_hierarchy = "month"

    @admin.display(description="% of trailing median")
    def share(self, obj: SuspiciousMonth) -> str:
        return f"{100 * obj.share:.0f}%"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
