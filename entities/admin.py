"""Staff curation of entities and aliases: every change recorded (and revertible) by the
curation app, a preview of what an alias would match before saving, and the charts brought
up to date right after the change (entities/signals.py)."""

from typing import Any

from django.contrib import admin
from django.db.models import Count, QuerySet
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.urls import URLPattern, path

from core.yesno import yes_no
from curation.admin import CurationAdminMixin
from entities.models import Entity, EntityAlias, FullText
from entities.preview import preview_alias


class EntityAliasInline(admin.TabularInline):
    model = EntityAlias
    extra = 1
    fields = ["phrase", "is_pattern", "case_sensitive", "exclusions", "context", "context_window"]


@admin.register(Entity)
class EntityAdmin(CurationAdminMixin, admin.ModelAdmin):
    list_display = ["name", "kind", "slug", "parent", "alias_count"]
    list_filter = ["kind"]
    list_select_related = ["parent"]
    search_fields = ["name", "slug", "aliases__phrase"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [EntityAliasInline]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Entity]:
        return super().get_queryset(request).annotate(alias_total=Count("aliases"))

    @admin.display(description="aliases", ordering="alias_total")
    def alias_count(self, obj: Any) -> int:
        return int(obj.alias_total)


@admin.register(EntityAlias)
class EntityAliasAdmin(CurationAdminMixin, admin.ModelAdmin):
    list_display = ["phrase", "entity", "is_pattern", "case_sensitive", "context_window"]
    list_filter = ["entity__kind", "is_pattern", "case_sensitive"]
    list_select_related = ["entity"]
    search_fields = ["phrase", "entity__name"]
    autocomplete_fields = ["entity"]
    change_form_template = "admin/entities/entityalias/change_form.html"

    def get_urls(self) -> list[URLPattern]:
        preview = path(
            "preview/",
            self.admin_site.admin_view(self.preview_view),
            name="entities_entityalias_preview",
        )
        return [preview, *super().get_urls()]

    def preview_view(self, request: HttpRequest) -> HttpResponse:
        """The alias as typed in the form (unsaved): the papers it would match, with examples."""
        if not self.has_view_permission(request):
            return HttpResponse(status=403)
        params = request.GET
        try:
            window = max(0, int(params.get("context_window") or 0))
            # 0: no entity chosen yet (matches are previewed all the same).
            entity_id = int(params["entity"]) if params.get("entity") else 0
        except ValueError:
            return HttpResponse("context window and entity must be whole numbers", status=400)
        alias = EntityAlias(
            entity_id=entity_id,
            phrase=params.get("phrase", "")[:200],
            is_pattern=bool(yes_no(params.get("is_pattern"))),
            case_sensitive=bool(yes_no(params.get("case_sensitive"))),
            exclusions=params.get("exclusions", ""),
            context=params.get("context", "")[:500],
            context_window=window,
        )
        context = {"preview": preview_alias(alias), "alias": alias}
        return TemplateResponse(request, "admin/entities/entityalias/preview.html", context)


@admin.register(FullText)
class FullTextAdmin(admin.ModelAdmin):
    list_display = ["paper", "state", "pages", "fetched_at", "error"]
    list_filter = ["state"]
    list_select_related = ["paper"]
    search_fields = ["paper__arxiv_id"]
    readonly_fields = ["paper", "state", "pages", "source_url", "error", "fetched_at"]
    exclude = ["body", "bibliography"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False
