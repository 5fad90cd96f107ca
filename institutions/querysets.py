"""Named queries of the institutions app (models.py attaches them as managers)."""

from typing import TYPE_CHECKING, Any

from django.db import models

if TYPE_CHECKING:
    from institutions.models import (  # noqa: F401 (names in string annotations)
        AffiliationMention,
        ConferenceYearStat,
        Institution,
        InstitutionYearStat,
        UnmatchedAffiliation,
    )


class InstitutionQuerySet(models.QuerySet["Institution"]):
    def with_parent(self) -> "InstitutionQuerySet":
        return self.select_related("parent")

    def top_of(self) -> dict[int, int]:
        """{institution id: id of the root of its parent chain}, from one query."""
        parents = dict(self.model.objects.values_list("id", "parent_id"))
        roots: dict[int, int] = {}
        for start in parents:
            node, seen = start, {start}
            while parents.get(node) is not None and parents[node] not in seen:
                node = parents[node]
                seen.add(node)
            roots[start] = node
        return roots

    def names_with_papers(self) -> list[str]:
        """Names of institutions that appear in some statistics (for the page's picker)."""
        return list(
            self.filter(institutionyearstat__isnull=False)
            .distinct()
            .order_by("name")
            .values_list("name", flat=True)
        )

    def by_name(self, name: str) -> "Institution | None":
        """Exact name, else short name, case-insensitive."""
        return (
            self.filter(name__iexact=name).first()
            or self.filter(short_name__iexact=name).order_by("pk").first()
        )


class AffiliationMentionQuerySet(models.QuerySet["AffiliationMention"]):
    def counted(self) -> "AffiliationMentionQuerySet":
        """Mentions that enter the statistics: of accepted papers."""
        return self.filter(paper__accepted=True)

    def unresolved(self) -> "AffiliationMentionQuerySet":
        return self.filter(institution__isnull=True)


class ConferenceYearStatQuerySet(models.QuerySet["ConferenceYearStat"]):
    def for_conference(self, conference: str | None) -> "ConferenceYearStatQuerySet":
        """One conference's years (None: every conference), oldest first."""
        rows = self.select_related("conference").order_by("year", "conference__slug")
        return rows if conference is None else rows.filter(conference__slug=conference)

    def choices(self) -> list[tuple[str, int]]:
        """(conference slug, year) pairs that have statistics."""
        return list(
            self.order_by("conference__slug", "year").values_list("conference__slug", "year")
        )


class InstitutionYearStatQuerySet(models.QuerySet["InstitutionYearStat"]):
    def top(self, conference: str, year: int, collapsed: bool, limit: int) -> list[Any]:
        """The `limit` institutions with most papers at one conference-year."""
        return list(
            self.filter(conference__slug=conference, year=year, collapsed=collapsed)
            .select_related("institution", "institution__parent")
            .order_by("-papers", "institution__name")[:limit]
        )

    def trend(self, institution_id: int, conference: str | None, collapsed: bool) -> list[Any]:
        """(conference slug, year, papers) of one institution, oldest first."""
        rows = self.filter(institution_id=institution_id, collapsed=collapsed)
        if conference is not None:
            rows = rows.filter(conference__slug=conference)
        return list(rows.values_list("conference__slug", "year", "papers").order_by("year"))


class UnmatchedQuerySet(models.QuerySet["UnmatchedAffiliation"]):
    def queue(self) -> "UnmatchedQuerySet":
        """Most frequent first, with the suggested institution loaded."""
        return self.select_related("suggestion").order_by("-mentions", "key")
