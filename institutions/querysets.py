"""Named queries of the institutions app (models.py attaches them as managers)."""

from typing import Any, Self, TypeVar

from django.db import models

# Each queryset is generic in its model, which models.py binds when it attaches it as a
# manager: the querysets never import the models (models.py imports them, one way only).
M = TypeVar("M", bound=models.Model)


class InstitutionQuerySet(models.QuerySet[M]):
    def with_parent(self) -> Self:
        return self.select_related("parent")

    def names_with_papers(self, least: int = 10) -> list[str]:
        """Names of institutions with at least `least` papers over all lists (the page's
        picker: a few hundred, not every organisation seen once)."""
        return list(
            self.filter(institutionyearstat__collapsed=False)
            .annotate(total=models.Sum("institutionyearstat__papers"))
            .filter(total__gte=least)
            .order_by("name")
            .values_list("name", flat=True)
            .distinct()
        )

    def by_name(self, name: str) -> M | None:
        """Exact name, else short name, case-insensitive (homonyms: curated first, then the
        one with papers, then the oldest row)."""
        for field in ("name__iexact", "short_name__iexact"):
            found = (
                self.filter(**{field: name})
                .alias(has_papers=models.Count("institutionyearstat"))
                .order_by(models.F("ror_id").asc(nulls_first=True), "-has_papers", "pk")
                .first()
            )
            if isinstance(found, self.model):  # the annotation hides the model from mypy
                return found
        return None


class AffiliationMentionQuerySet(models.QuerySet[M]):
    def counted(self) -> Self:
        """Mentions that enter the statistics: of accepted papers."""
        return self.filter(paper__accepted=True)

    def unresolved(self) -> Self:
        """No institution found: not the strings that say there is none ("Independent
        Researcher", how=unaffiliated), an answer with nothing for curators to do."""
        return self.filter(institution__isnull=True).exclude(how="unaffiliated")

    def for_conference_year(self, conference: str, year: int) -> Self:
        return self.filter(paper__conference__slug=conference, paper__year=year)

    def behind(self, institution_ids: list[int]) -> Self:
        """The mentions that count for these institutions (a table row's evidence)."""
        return self.counted().filter(institution_id__in=institution_ids)


class ConferenceYearStatQuerySet(models.QuerySet[M]):
    def for_conference(self, conference: str | None) -> Self:
        """One conference's years (None: every conference), oldest first."""
        rows = self.select_related("conference").order_by("year", "conference__slug")
        return rows if conference is None else rows.filter(conference__slug=conference)

    def choices(self) -> list[tuple[str, int]]:
        """(conference slug, year) pairs that have statistics."""
        return list(
            self.order_by("conference__slug", "year").values_list("conference__slug", "year")
        )


class InstitutionYearStatQuerySet(models.QuerySet[M]):
    def top(
        self, conference: str, year: int, collapsed: bool, limit: int,
        fractional: bool = False, as_today: bool = False,
    ) -> list[Any]:  # fmt: skip
        """The `limit` institutions with most papers (or fractional credit) at one
        conference-year; collapsed rows with the year's parent structure or today's."""
        order = "-fractional" if fractional else "-papers"
        return list(
            self.filter(
                conference__slug=conference,
                year=year,
                collapsed=collapsed,
                as_today=as_today and collapsed,
            )
            .select_related("institution", "institution__parent")
            .order_by(order, "institution__name")[:limit]
        )

    def trend(
        self, institution_ids: list[int], conference: str | None, collapsed: bool,
        as_today: bool = False,
    ) -> list[Any]:  # fmt: skip
        """(institution id, conference slug, year, papers, fractional) of some
        institutions, oldest first."""
        rows = self.filter(institution_id__in=institution_ids, collapsed=collapsed,
                           as_today=as_today and collapsed)  # fmt: skip
        if conference is not None:
            rows = rows.filter(conference__slug=conference)
        return list(
            rows.values_list(
                "institution_id", "conference__slug", "year", "papers", "fractional"
            ).order_by("year")
        )


class UnmatchedQuerySet(models.QuerySet[M]):
    def queue(self) -> Self:
        """Most frequent first, with the suggested institution loaded."""
        return self.select_related("suggestion").order_by("-mentions", "key")
