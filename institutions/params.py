"""Query parameters of the institutions page and APIs; QueryError (-> 400) names the parameter."""

from dataclasses import dataclass

from django.http import QueryDict

from core.cache import cached
from core.params import QueryError, parse_yes_no, whole_number
from institutions.analytics.stats import View
from institutions.models import ConferenceYearStat, Institution

MAX_TOP = 200
MAX_QUERY_LENGTH = 500


MAX_INSTITUTIONS = 8
COUNTINGS = ("whole", "fractional")


@dataclass(frozen=True)
class TableQuery:
    conference: str
    year: int
    top: int
    view: View


def known_years() -> dict[str, list[int]]:
    """{conference slug: [years with statistics]}, cached per data generation."""

    def compute() -> dict[str, list[int]]:
        years: dict[str, list[int]] = {}
        for slug, year in ConferenceYearStat.objects.choices():
            years.setdefault(slug, []).append(year)
        return years

    return cached("institutions-years", "", compute)


def parse_conference(raw: str | None, allow_all: bool, default: str | None = None) -> str | None:
    """A known conference slug; "all" -> None when allowed."""
    years = known_years()
    value = (
        (raw or "").strip().lower()
        or default
        or (next(iter(sorted(years)), "") if not allow_all else "all")
    )
    if value == "all" and allow_all:
        return None
    if value not in years:
        choices = ", ".join(sorted(years)) + (", all" if allow_all else "")
        raise QueryError(
            f"conference: {value[:30]!r} is not one of {choices or '(no lists imported)'}"
        )
    return value


def parse_table_query(params: QueryDict) -> TableQuery:
    conference = parse_conference(params.get("conference"), allow_all=False, default="icml")
    assert conference is not None
    years = known_years()[conference]
    raw_year = params.get("year", "").strip()
    year = whole_number(raw_year) if raw_year else years[-1]
    if year not in years:
        raise QueryError(
            f"year: {raw_year[:10]!r} has no {conference} list; "
            f"available: {', '.join(map(str, years))}"
        )
    raw_top = params.get("top", "").strip() or "30"
    top = whole_number(raw_top)
    if top is None or not 1 <= top <= MAX_TOP:
        raise QueryError(f"top: {raw_top[:10]!r} is not a whole number from 1 to {MAX_TOP}")
    return TableQuery(conference, year, top, parse_view(params))


def parse_view(params: QueryDict) -> View:
    """parents=0|1, counting=whole|fractional, as_today=0|1."""
    counting = (params.get("counting") or "whole").strip().lower()
    if counting not in COUNTINGS:
        raise QueryError(f"counting: {counting[:20]!r} is not one of {', '.join(COUNTINGS)}")
    return View(
        parents=parse_yes_no("parents", params.get("parents")),
        fractional=counting == "fractional",
        as_today=parse_yes_no("as_today", params.get("as_today")),
    )


def parse_institutions(params: QueryDict) -> list[Institution]:
    """`institution` repeated and/or comma-separated, at most MAX_INSTITUTIONS, each known.

    A name with a comma in it ("University of California, Berkeley") is tried whole first.
    """
    names: list[str] = []
    for raw in params.getlist("institution"):
        if len(raw) > MAX_QUERY_LENGTH:
            raise QueryError(f"institution: longer than {MAX_QUERY_LENGTH} characters")
        if not raw.strip():
            continue
        whole = Institution.objects.by_name(raw.strip())
        names += [raw.strip()] if whole else [p.strip() for p in raw.split(",") if p.strip()]
    names = list(dict.fromkeys(names))
    if len(names) > MAX_INSTITUTIONS:
        raise QueryError(f"institution: at most {MAX_INSTITUTIONS} at once, got {len(names)}")
    return [_institution(name) for name in names]


def _institution(name: str) -> Institution:
    found = Institution.objects.with_parent().by_name(name)
    if found is None:
        raise QueryError(f"institution: no institution named {name[:60]!r}")
    return found


def parse_row(params: QueryDict) -> Institution | None:
    """`row`: the institution whose papers the page lists under the table (an id)."""
    raw = (params.get("row") or "").strip()
    if not raw:
        return None
    pk = whole_number(raw)
    found = Institution.objects.filter(pk=pk).first() if pk and 0 < pk < 2**63 else None
    if found is None:
        raise QueryError(f"row: {raw[:20]!r} is not an institution id")
    return found


def parse_resolve_query(params: QueryDict) -> tuple[str, str]:
    raw = params.get("q", "")
    if not raw.strip():
        raise QueryError("q: give the raw affiliation string, e.g. q=Google Brain, Mountain View")
    if len(raw) > MAX_QUERY_LENGTH:
        raise QueryError(f"q: longer than {MAX_QUERY_LENGTH} characters")
    domain = params.get("domain", "").strip()
    if len(domain) > 120:
        raise QueryError("domain: longer than 120 characters")
    return raw, domain
