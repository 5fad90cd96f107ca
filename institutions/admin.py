"""Admin: institutions and aliases (every change recorded, revertible), the unmatched queue,
coverage per conference-year, imported papers and the list upload form."""

from typing import Any

from django.contrib import admin, messages
from django.db.models import Count, QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import URLPattern, path, reverse
from django.utils.html import format_html, format_html_join

from curation.admin import CurationAdminMixin
from institutions import curation_actions
from institutions.models import (
    Alias,
    ConferencePaper,
    ConferenceUpload,
    ConferenceYearStat,
    Institution,
    ParentLink,
    UnmatchedAffiliation,
)
from institutions.upload import upload_view


class AliasInline(admin.TabularInline):
    model = Alias
    extra = 1
    fields = ["text", "kind", "source"]


class EvidenceFilter(admin.SimpleListFilter):
    """Registered (ROR), curated, or attested by its own e-mail domain only (the resolver's
    attested step): the last are for a curator to confirm, correct or reject."""

    title = "evidence"
    parameter_name = "evidence"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        return [
            ("registry", "in the registry (ROR)"),
            ("curated", "curated, not in the registry"),
            ("attested", "attested by its e-mail domain only"),
        ]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        if self.value() == "registry":
            return queryset.exclude(ror_id=None)
        if self.value() == "curated":
            return queryset.filter(ror_id=None, attested="")
        if self.value() == "attested":
            return queryset.exclude(attested="")
        return queryset


@admin.register(Institution)
class InstitutionAdmin(CurationAdminMixin, admin.ModelAdmin):
    list_display = ["name", "short_name", "sector", "parent", "country", "alias_count", "attested"]
    list_filter = [EvidenceFilter, "sector", "country"]
    list_select_related = ["parent"]
    search_fields = ["name", "short_name", "aliases__text"]
    autocomplete_fields = ["parent"]
    inlines = [AliasInline]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Institution]:
        return super().get_queryset(request).annotate(alias_total=Count("aliases"))

    @admin.display(description="aliases", ordering="alias_total")
    def alias_count(self, obj: Any) -> int:
        return int(obj.alias_total)


@admin.register(Alias)
class AliasAdmin(CurationAdminMixin, admin.ModelAdmin):
    list_display = ["text", "kind", "institution", "source"]
    list_filter = ["kind", "source"]
    list_select_related = ["institution"]
    search_fields = ["text", "institution__name"]
    autocomplete_fields = ["institution"]


@admin.register(ParentLink)
class ParentLinkAdmin(CurationAdminMixin, admin.ModelAdmin):
    """Parents that held only in some years (Google Brain under Google until 2022)."""

    list_display = ["child", "parent", "since", "until"]
    list_select_related = ["child", "parent"]
    search_fields = ["child__name", "parent__name"]
    autocomplete_fields = ["child", "parent"]


@admin.register(UnmatchedAffiliation)
class UnmatchedAffiliationAdmin(admin.ModelAdmin):
    """The queue: most frequent first; accept / reject the suggestion or create an institution."""

    list_display = ["example", "mentions", "suggestion", "score", "evidence_shown", "decide"]
    list_select_related = ["suggestion"]
    search_fields = ["key", "example"]
    actions = ["accept_selected", "reject_selected", "create_selected"]
    list_per_page = 50

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # the queue is derived from the data

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    @admin.display(description="evidence")
    def evidence_shown(self, obj: UnmatchedAffiliation) -> str:
        evidence = obj.evidence or {}
        similar = format_html_join(
            ", ", "{} ({})", ((name, score) for _alias, name, score in evidence.get("similar", []))
        )
        domains = ", ".join(f"{d} x{n}" for d, n in evidence.get("domains", {}).items())
        match = evidence.get("domain_match")
        attested = evidence.get("attested")
        return format_html(
            "similar: {}<br>e-mail domains: {}{}<br>key: <code>{}</code>{}",
            similar or "-", domains or "-",
            format_html(" → <b>{}</b>", match[1]) if match else "", obj.key,
            format_html("<br>attested by its own e-mail domain: <b>{}</b>", attested)
            if attested else "",
        )  # fmt: skip

    @admin.display(description="decide")
    def decide(self, obj: UnmatchedAffiliation) -> str:
        # Buttons submit the changelist form to a per-row URL (forms cannot nest).
        def button(action: str, label: str, css: str = "") -> str:
            url = reverse(f"admin:institutions_unmatched_{action}", args=[obj.pk])
            return format_html(
                '<button type="submit" class="button {}" formaction="{}" data-action="{}">{}'
                "</button>",
                css, url, action, label,
            )  # fmt: skip

        accept = (
            button("accept", f"Accept → {obj.suggestion.name}", "default") if obj.suggestion else ""
        )
        reject = button("reject", "Reject suggestion") if obj.suggestion else ""
        return format_html("{} {} {}", accept, reject, button("create", "New institution"))

    def get_urls(self) -> list[URLPattern]:
        views = [("accept", curation_actions.accept), ("reject", curation_actions.reject),
                 ("create", curation_actions.create)]  # fmt: skip
        return [
            *(
                path(
                    f"<int:pk>/{name}/",
                    self.admin_site.admin_view(self._row_view(action)),
                    name=f"institutions_unmatched_{name}",
                )
                for name, action in views
            ),
            *super().get_urls(),
        ]

    def _row_view(self, action: Any) -> Any:
        def view(request: HttpRequest, pk: int) -> HttpResponse:
            changelist = reverse("admin:institutions_unmatchedaffiliation_changelist")
            if request.method != "POST" or not _may_curate(request):
                messages.error(request, "Curating aliases needs the right to add aliases (POST).")
                return HttpResponseRedirect(changelist)
            row = get_object_or_404(
                UnmatchedAffiliation.objects.select_related("suggestion"), pk=pk
            )
            messages.success(request, action(row, request.user))
            return HttpResponseRedirect(changelist)

        return view

    def _bulk(
        self, request: HttpRequest, queryset: QuerySet[UnmatchedAffiliation], action: Any
    ) -> None:
        if not _may_curate(request):
            messages.error(request, "Curating aliases needs the right to add aliases.")
            return
        for row in queryset.select_related("suggestion"):
            messages.info(request, action(row, request.user))

    @admin.action(description="Accept the suggested institution")
    def accept_selected(
        self, request: HttpRequest, queryset: QuerySet[UnmatchedAffiliation]
    ) -> None:
        self._bulk(request, queryset.filter(suggestion__isnull=False), curation_actions.accept)

    @admin.action(description="Reject the suggestion")
    def reject_selected(
        self, request: HttpRequest, queryset: QuerySet[UnmatchedAffiliation]
    ) -> None:
        self._bulk(request, queryset.filter(suggestion__isnull=False), curation_actions.reject)

    @admin.action(description="Create a new institution for each")
    def create_selected(
        self, request: HttpRequest, queryset: QuerySet[UnmatchedAffiliation]
    ) -> None:
        self._bulk(request, queryset, curation_actions.create)


def _may_curate(request: HttpRequest) -> bool:
    return bool(
        request.user.has_perm("institutions.add_alias")
        and request.user.has_perm("institutions.add_institution")
    )


@admin.register(ConferenceYearStat)
class ConferenceYearStatAdmin(admin.ModelAdmin):
    """Coverage per conference-year: the share of affiliation mentions resolved."""

    list_display = ["conference", "year", "papers", "mentions", "resolved", "coverage_shown",
                    "unique_institutions", "industry_shown", "computed_at"]  # fmt: skip
    list_filter = ["conference"]
    list_select_related = ["conference"]
    ordering = ["conference__slug", "year"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    @admin.display(description="coverage")
    def coverage_shown(self, obj: ConferenceYearStat) -> str:
        return (
            "no affiliations in the list" if obj.coverage is None else f"{100 * obj.coverage:.1f}%"
        )

    @admin.display(description="industry share")
    def industry_shown(self, obj: ConferenceYearStat) -> str:
        return "-" if obj.industry_share is None else f"{100 * obj.industry_share:.1f}%"


@admin.register(ConferencePaper)
class ConferencePaperAdmin(admin.ModelAdmin):
    list_display = ["title", "conference", "year", "status", "accepted"]
    list_filter = ["conference", "year", "accepted"]
    list_select_related = ["conference"]
    search_fields = ["title", "authors__name"]
    change_list_template = "admin/institutions/conferencepaper/change_list.html"

    def get_urls(self) -> list[URLPattern]:
        upload = path(
            "import/",
            self.admin_site.admin_view(upload_view),
            name="institutions_conference_import",
        )
        return [upload, *super().get_urls()]


@admin.register(ConferenceUpload)
class ConferenceUploadAdmin(admin.ModelAdmin):
    """Large uploads imported by a worker: state, records read so far, the bad records."""

    list_display = ["file_name", "state", "records_read", "summary", "created_at", "finished_at"]
    list_filter = ["state"]
    exclude = ["data"]
    readonly_fields = ["file_name", "conference", "year", "all_statuses", "state",
                       "records_read", "summary", "errors_shown", "uploaded_by", "created_at",
                       "finished_at"]  # fmt: skip

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # uploads come from the import form

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def get_queryset(self, request: HttpRequest) -> QuerySet[ConferenceUpload]:
        return super().get_queryset(request).defer("data")

    @admin.display(description="bad records")
    def errors_shown(self, obj: ConferenceUpload) -> str:
        return format_html_join(
            "", "<div>{}: {}</div>", ((e["where"], e["reason"]) for e in obj.errors or [])
        )
