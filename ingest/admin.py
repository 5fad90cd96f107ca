"""Admin for ingest runs: what every run saw and did, progress while it runs, start one now,
and the freshness panel. The schedules are django-celery-beat's own admin (Periodic tasks).

Runs are never added through a form (has_add_permission is False), so the "add ingest run"
permission means "may start a run" here: the start page, "Run again now" and the button on
the list ask for it; the freshness panel asks for "view ingest run". Staff status alone
grants neither.
"""

from datetime import timedelta
from typing import Any

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join

from ingest.freshness import freshness
from ingest.models import IngestRun
from ingest.reruns import can_rerun, rerun
from ingest.tasks import enqueue_harvest


class StartHarvestForm(forms.Form):
    source = forms.ChoiceField(
        choices=[
            (IngestRun.Source.ARXIV_API, "arXiv API (recent days, by submission date)"),
            (IngestRun.Source.ARXIV_OAI, "arXiv OAI-PMH (bulk backfill, by datestamp)"),
        ]
    )
    since = forms.DateField(label="From", widget=forms.DateInput(attrs={"type": "date"}))
    until = forms.DateField(
        label="Until (inclusive)", widget=forms.DateInput(attrs={"type": "date"})
    )
    categories = forms.CharField(
        initial=",".join(settings.ML_CATEGORIES),
        help_text="comma-separated arXiv categories",
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("since") and data.get("until") and data["since"] > data["until"]:
            raise forms.ValidationError("'From' is after 'Until'.")
        cats = [c.strip() for c in data.get("categories", "").split(",") if c.strip()]
        if not cats:
            self.add_error("categories", "Give at least one category.")
        data["category_list"] = cats
        return data


@admin.register(IngestRun)
class IngestRunAdmin(admin.ModelAdmin):
    change_list_template = "admin/ingest/ingestrun/change_list.html"
    list_display = (
        "id", "source", "window", "state_badge", "started_at", "took", "papers",
        "error_count", "requests", "progress",
    )  # fmt: skip
    list_filter = ("source", "state")
    search_fields = ("key", "message")
    ordering = ("-started_at",)
    actions = ["run_again_now"]
    readonly_fields = (
        "source", "key", "parameters", "state", "cursor", "progress", "read", "imported",
        "updated", "unchanged", "skipped", "invalid", "repaired", "requests", "message",
        "started_at", "finished_at", "took", "errors_table",
    )  # fmt: skip
    exclude = ("errors",)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_start_permission(self, request: HttpRequest) -> bool:
        """May start a harvest (the start page, "Run again now")."""
        return request.user.has_perm("ingest.add_ingestrun")

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # the audit trail of what was harvested stays

    @admin.display(description="state", ordering="state")
    def state_badge(self, run: IngestRun) -> str:
        colours = {"running": "#2271b1", "succeeded": "#2e7d32", "failed": "#c62828"}
        return format_html(
            '<b style="color:{}">{}</b>', colours.get(run.state, "#333"), run.get_state_display()
        )

    @admin.display(description="input")
    def window(self, run: IngestRun) -> str:
        """The dates of a harvest, or the key (a snapshot's path) of other runs."""
        p = run.parameters
        if "from" in p and "until" in p:
            return f"{p['from']} .. {p['until']}"
        return run.key[-60:]

    @admin.display(description="read/new/upd/same/bad")
    def papers(self, run: IngestRun) -> str:
        return f"{run.read}/{run.imported}/{run.updated}/{run.unchanged}/{run.invalid}"

    @admin.display(description="errors")
    def error_count(self, run: IngestRun) -> int:
        return len(run.errors)

    @admin.display(description="duration")
    def took(self, run: IngestRun) -> str:
        seconds = int(run.duration.total_seconds())
        text = str(timedelta(seconds=seconds))
        return f"{text} so far" if run.state == IngestRun.State.RUNNING else text

    @admin.display(description="errors")
    def errors_table(self, run: IngestRun) -> str:
        if not run.errors:
            return "none"
        rows = format_html_join(
            "",
            '<tr><td>{}</td><td style="word-break:break-all">{}</td></tr>',
            ((e["reason"], e["where"]) for e in run.errors),
        )
        return format_html(
            '<table class="data"><tr><th>reason</th><th>where</th></tr>{}</table>', rows
        )

    @admin.action(description="Run again now (resumes an unfinished run)", permissions=["start"])
    def run_again_now(self, request: HttpRequest, queryset: QuerySet[IngestRun]) -> None:
        queued = 0
        for run in queryset:
            if not can_rerun(run.source):
                name = run.get_source_display()
                self.message_user(request, f"run #{run.pk}: a {name} run cannot be re-run here")
                continue
            rerun(run.source, run.parameters)
            queued += 1
        if queued:
            self.message_user(request, f"queued {queued} run(s) again", messages.SUCCESS)

    def get_urls(self) -> list[URLPattern]:
        own = [
            path("start/", self.admin_site.admin_view(self.start_view), name="ingest_start"),
            path(
                "freshness/",
                self.admin_site.admin_view(self.freshness_view),
                name="ingest_freshness",
            ),
        ]
        return own + super().get_urls()

    def changelist_view(
        self, request: HttpRequest, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        context = {"can_start": self.has_start_permission(request), **(extra_context or {})}
        return super().changelist_view(request, context)

    def start_view(self, request: HttpRequest) -> HttpResponse:
        if not self.has_start_permission(request):
            raise PermissionDenied
        today = timezone.now().date()
        form = StartHarvestForm(
            request.POST or None, initial={"since": today - timedelta(days=1), "until": today}
        )
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            task_id = enqueue_harvest(
                data["source"], data["category_list"], data["since"], data["until"]
            )
            self.message_user(
                request,
                f"harvest {data['since']} .. {data['until']} queued (task {task_id})",
                messages.SUCCESS,
            )
            return HttpResponseRedirect(reverse("admin:ingest_ingestrun_changelist"))
        context = {
            **self.admin_site.each_context(request),
            "form": form,
            "title": "Start a harvest",
        }
        return render(request, "admin/ingest/ingestrun/start.html", context)

    def freshness_view(self, request: HttpRequest) -> HttpResponse:
        if not self.has_view_permission(request):
            raise PermissionDenied
        context = {
            **self.admin_site.each_context(request),
            "fresh": freshness(),
            "title": "Data freshness",
        }
        return render(request, "admin/ingest/ingestrun/freshness.html", context)
