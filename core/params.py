"""Validation of query parameters shared by pages and APIs.

Every failure raises QueryError with a message that names the parameter; views answer it
with HTTP 400 (APIs) or show it in place of the chart (pages), never a 500 (core.views).
Numbers are ASCII digits only: `str.isdigit()` and `int()` accept other scripts' digits
(and disagree about superscripts, `isdigit("²")` but not `int("²")`), so both are avoided.
"""

import re
from datetime import date

from django.http import QueryDict

from core.months import parse_month
from core.yesno import yes_no


class QueryError(ValueError):
    """A query parameter that cannot be answered; the message is shown to the user."""


# Longer than any value a page or API reads (10 terms of 100 characters, a 500-character
# affiliation); refusing it early bounds what a parser splits, caches and echoes back.
MAX_VALUE_CHARS = 2000
# C0 and C1 control characters and DEL: never in a term, name or month, and PostgreSQL
# refuses NUL in text outright (a 500 if it got that far).
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_WHOLE_NUMBER = re.compile(r"\s*[+-]?[0-9]+\s*", re.ASCII)


def check_query(params: QueryDict) -> None:
    """Refuse control characters and over-long values in any parameter, before any parser.

    Run by core.views for every page and API, so a parser never sees them."""
    for name, values in params.lists():
        for value in values:
            if len(value) > MAX_VALUE_CHARS:
                raise QueryError(f"{name[:30]}: longer than {MAX_VALUE_CHARS} characters")
            if _CONTROL.search(value):
                raise QueryError(f"{name[:30]}: control characters are not allowed")


def whole_number(raw: str) -> int | None:
    """'42' -> 42 (ASCII digits, optional sign, blanks around); anything else -> None."""
    return int(raw) if _WHOLE_NUMBER.fullmatch(raw) else None


def parse_month_param(name: str, raw: str | None) -> date | None:
    if raw is None or not raw.strip():
        return None
    try:
        return parse_month(raw)
    except ValueError:
        raise QueryError(f"{name}: {raw[:20]!r} is not a month in YYYY-MM form") from None


def parse_format(params: QueryDict) -> str:
    fmt = params.get("format", "json").lower()
    if fmt not in ("json", "csv"):
        raise QueryError(f"format: {fmt[:20]!r} is not one of json, csv")
    return fmt


MAX_TERMS = 10
MAX_TERM_CHARS = 100
MAX_SMOOTH = 24


def parse_terms(raw: str | None, *, name: str = "q", limit: int = MAX_TERMS) -> list[str]:
    """'tensorflow, PyTorch' -> ['tensorflow', 'pytorch'] (lowercase, order kept, no repeats)."""
    items = list(
        dict.fromkeys(
            " ".join(item.split()).lower() for item in (raw or "").split(",") if item.strip()
        )
    )
    if not items:
        raise QueryError(f"{name}: give at least one term, e.g. {name}=pytorch,tensorflow")
    if len(items) > limit:
        raise QueryError(f"{name}: at most {limit} comma-separated terms, got {len(items)}")
    for item in items:
        if len(item) > MAX_TERM_CHARS:
            raise QueryError(
                f"{name}: the term {item[:30]!r}... is {len(item)} characters long; "
                f"at most {MAX_TERM_CHARS}"
            )
    return items


def parse_int_param(params: QueryDict, name: str, default: int, minimum: int, maximum: int) -> int:
    raw = params.get(name)
    if raw is None or not raw.strip():
        return default
    value = whole_number(raw)
    if value is None:
        raise QueryError(f"{name}: {raw[:20]!r} is not a whole number")
    if not minimum <= value <= maximum:
        raise QueryError(f"{name}: {value} is outside {minimum}..{maximum}")
    return value


def parse_yes_no(name: str, raw: str | None, default: bool = False) -> bool:
    """A yes/no parameter (core.yesno's words); missing or empty -> `default`."""
    if raw is None or not raw.strip():
        return default
    value = yes_no(raw)
    if value is None:
        raise QueryError(f"{name}: {raw[:20]!r} is not 0 or 1")
    return value
