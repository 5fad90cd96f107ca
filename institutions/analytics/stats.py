"""Institution statistics as the pages and APIs serve them (read from precomputed tables)."""

from typing import Any

from institutions.models import ConferenceYearStat, Institution, InstitutionYearStat


def _share(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def year_table(conference: str, year: int, top: int, parents: bool) -> dict[str, Any] | None:
    """The /api/institutions answer for one conference-year (None if it has no statistics)."""
    stat = ConferenceYearStat.objects.for_conference(conference).filter(year=year).first()
    if stat is None:
        return None
    rows = InstitutionYearStat.objects.top(conference, year, parents, top)
    return {
        "conference": conference,
        "year": year,
        "parents": parents,
        "papers": stat.papers,
        "mentions": stat.mentions,
        "resolved": stat.resolved,
        "coverage": _share(stat.resolved, stat.mentions),
        "unique": stat.unique_parents if parents else stat.unique_institutions,
        "papers_with_affiliation": stat.papers_with_affiliation,
        "industry_share": _share(stat.industry_papers, stat.papers_with_affiliation),
        "rows": [
            {
                "institution": row.institution.name,
                "short_name": row.institution.short_name,
                "papers": row.papers,
                "share": _share(row.papers, stat.papers),
                "percent": round(100 * row.papers / stat.papers, 1) if stat.papers else None,
                "sector": row.institution.sector,
                "parent": row.institution.parent.name if row.institution.parent else None,
            }
            for row in rows
        ],
    }


def trend(conference: str | None, institution: Institution | None, parents: bool) -> dict[str, Any]:
    """Per conference-year: papers, industry share and (optionally) one institution's share."""
    counts: dict[tuple[str, int], int] = {}
    if institution is not None:
        target = institution.top if parents else institution
        counts = {
            (c, y): n
            for c, y, n in InstitutionYearStat.objects.trend(target.pk, conference, parents)
        }
    rows = []
    for stat in ConferenceYearStat.objects.for_conference(conference):
        slug = stat.conference.slug
        row: dict[str, Any] = {
            "conference": slug,
            "year": stat.year,
            "papers": stat.papers,
            "mentions": stat.mentions,
            "coverage": _share(stat.resolved, stat.mentions),
            "industry_share": _share(stat.industry_papers, stat.papers_with_affiliation),
        }
        if institution is not None:
            papers = counts.get((slug, stat.year), 0) if stat.mentions else None
            row["institution_papers"] = papers
            row["institution_share"] = _share(papers, stat.papers) if papers is not None else None
        rows.append(row)
    return {
        "conference": conference or "all",
        "institution": (institution.top if parents else institution).name if institution else None,
        "parents": parents,
        "rows": rows,
    }
