"""Institution statistics as the pages and APIs serve them (read from precomputed tables).

Two countings: `whole` (a paper counts once for each institution of its authors) and
`fractional` (CSRankings: a paper's one unit is split evenly among its authors, and an
author's part among their affiliations). Roll-ups (`parents`) use the parent structure of
the conference's year unless `as_today`.
"""

from dataclasses import dataclass
from typing import Any

from institutions.models import AffiliationMention, ConferenceYearStat, Institution
from institutions.models import InstitutionYearStat as YearStat
from institutions.structure import parent_maps, parents_in, root

MAX_BEHIND = 500


@dataclass(frozen=True)
class View:
    parents: bool = False
    fractional: bool = False
    as_today: bool = False

    def count(self, papers: int, fractional: float) -> float:
        return round(fractional, 2) if self.fractional else papers


def _share(part: float, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def year_table(conference: str, year: int, top: int, view: View) -> dict[str, Any] | None:
    """The /api/institutions answer for one conference-year (None if it has no statistics)."""
    stat = ConferenceYearStat.objects.for_conference(conference).filter(year=year).first()
    if stat is None:
        return None
    rows = YearStat.objects.top(conference, year, view.parents, top, view.fractional, view.as_today)
    return {
        "conference": conference, "year": year, "parents": view.parents,
        "counting": "fractional" if view.fractional else "whole", "as_today": view.as_today,
        "papers": stat.papers, "mentions": stat.mentions, "resolved": stat.resolved,
        "coverage": _share(stat.resolved, stat.mentions), "unaffiliated": stat.unaffiliated,
        "unique": stat.unique_parents if view.parents else stat.unique_institutions,
        "papers_with_affiliation": stat.papers_with_affiliation,
        "papers_with_strings": stat.papers_with_strings,
        "affiliation_share": _share(stat.papers_with_strings, stat.papers),
        "industry_share": _share(stat.industry_papers, stat.papers_with_affiliation),
        "rows": [_row(row, stat.papers, view) for row in rows],
    }  # fmt: skip


def _row(row: YearStat, papers: int, view: View) -> dict[str, Any]:
    count = view.count(row.papers, row.fractional)
    return {
        "institution": row.institution.name,
        "institution_id": row.institution_id,
        "short_name": row.institution.short_name,
        "ror_id": row.institution.ror_id,
        "papers": count,
        "share": _share(count, papers),
        "percent": round(100 * count / papers, 1) if papers else None,
        "sector": row.institution.sector,
        "parent": row.institution.parent.name if row.institution.parent else None,
    }


def trend(conference: str | None, institutions: list[Institution], view: View) -> dict[str, Any]:
    """Per conference-year: papers, industry share and each chosen institution's share.

    A chosen organisation at the top of its tree (Alphabet, a university with curated
    units) counts with its parts even when the table does not roll up: alone it holds only
    the strings that name it and nothing under it, which is not what choosing it asks.
    Those are listed in `with_parts`."""
    targets = [_target(i, view) for i in institutions]
    own = _trend_counts(targets, conference, view, collapsed=view.parents)
    rolled = {} if view.parents else _trend_counts(
        [t for t in targets if t.parent_id is None], conference, view, collapsed=True
    )  # fmt: skip
    with_parts = {
        t.pk for t in targets
        if sum(v for k, v in rolled.items() if k[0] == t.pk)
        > sum(v for k, v in own.items() if k[0] == t.pk)
    }  # fmt: skip
    counts = own | {k: v for k, v in rolled.items() if k[0] in with_parts}
    rows = []
    for stat in ConferenceYearStat.objects.for_conference(conference):
        slug = stat.conference.slug
        row: dict[str, Any] = {
            "conference": slug, "year": stat.year, "papers": stat.papers,
            "mentions": stat.mentions, "coverage": _share(stat.resolved, stat.mentions),
            "affiliation_share": _share(stat.papers_with_strings, stat.papers),
            "industry_share": _share(stat.industry_papers, stat.papers_with_affiliation),
            "institutions": {},
        }  # fmt: skip
        for target in targets:
            papers = counts.get((target.pk, slug, stat.year), 0) if stat.mentions else None
            row["institutions"][target.name] = {
                "papers": papers,
                "share": _share(papers, stat.papers) if papers is not None else None,
            }
        rows.append(row)
    return {
        "conference": conference or "all",
        "institutions": [t.name for t in targets],
        "with_parts": [t.name for t in targets if t.pk in with_parts],
        "parents": view.parents,
        "counting": "fractional" if view.fractional else "whole",
        "as_today": view.as_today,
        "rows": rows,
    }


def _trend_counts(
    targets: list[Institution], conference: str | None, view: View, collapsed: bool
) -> dict[tuple[int, str, int], float]:
    """(institution id, conference, year) -> papers (or fractional credit)."""
    if not targets:
        return {}
    rows = YearStat.objects.trend([t.pk for t in targets], conference, collapsed, view.as_today)
    return {(pk, slug, year): view.count(papers, frac) for pk, slug, year, papers, frac in rows}


def _target(institution: Institution, view: View) -> Institution:
    """The institution itself, or the root it rolls up to (today's structure: a trend over
    years names one institution, so the chain is today's)."""
    return institution.top if view.parents else institution


def papers_behind(
    conference: str, year: int, institution: Institution, view: View
) -> list[dict[str, Any]]:
    """The papers counted in one table row, each with the raw strings that placed it there."""
    ids = [institution.pk]
    if view.parents:
        parents = parents_in(None if view.as_today else year, *parent_maps())
        ids = [pk for pk in parents if root(pk, parents) == institution.pk]
    mentions = (
        AffiliationMention.objects.for_conference_year(conference, year)
        .behind(ids)
        .select_related("paper", "authorship", "institution")
        .order_by("paper__title", "authorship__position")[: MAX_BEHIND * 4]
    )
    papers: dict[int, dict[str, Any]] = {}
    for mention in mentions:
        entry = papers.setdefault(
            mention.paper_id,
            {"title": mention.paper.title, "id": mention.paper.source_id, "affiliations": []},
        )
        entry["affiliations"].append(
            {"author": mention.authorship.name, "raw": mention.raw,
             "institution": mention.institution.name if mention.institution else None,
             "how": mention.how, "detail": mention.detail}
        )  # fmt: skip
    return list(papers.values())[:MAX_BEHIND]
