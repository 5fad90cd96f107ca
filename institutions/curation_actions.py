"""What the unmatched-queue buttons do; each change is recorded by the curation app.

Saving an Alias or Institution schedules the debounced statistics refresh (signals.py), so
the public pages show the decision within seconds. The queue row is updated at once.
"""

from typing import Any

from django.db import transaction

from curation.history import record_added
from institutions.models import Alias, Institution, UnmatchedAffiliation
from institutions.naming import display_name, guess_sector


def accept(row: UnmatchedAffiliation, user: Any) -> str:
    """Alias the row's key to the suggested institution."""
    if row.suggestion is None:
        return f"{row.example!r}: no suggestion to accept"
    with transaction.atomic():
        alias, created = Alias.objects.get_or_create(
            kind=Alias.Kind.NAME, text=row.key,
            defaults={"institution": row.suggestion, "source": Alias.Source.CURATED},
        )  # fmt: skip
        if created:
            record_added(alias, user, note=f"accepted suggestion for {row.example[:200]!r}")
        row.delete()
    return f"{row.example!r} → {alias.institution.name}"


def reject(row: UnmatchedAffiliation, user: Any) -> str:
    """Remember that the key is not the suggested institution (a NOT alias)."""
    if row.suggestion is None:
        return f"{row.example!r}: no suggestion to reject"
    with transaction.atomic():
        alias, created = Alias.objects.get_or_create(
            kind=Alias.Kind.NOT, text=row.key, institution=row.suggestion,
            defaults={"source": Alias.Source.CURATED},
        )  # fmt: skip
        if created:
            record_added(alias, user, note=f"rejected suggestion for {row.example[:200]!r}")
        rejected = row.suggestion.name
        row.suggestion, row.score = None, None
        row.save(update_fields=["suggestion", "score"])
    return f"{row.example!r} is not {rejected}"


def create(row: UnmatchedAffiliation, user: Any) -> str:
    """A new institution named after the string's organisation part, with the key as alias."""
    name = display_name(row.example) or row.key[:200]
    with transaction.atomic():
        institution = Institution.objects.filter(name__iexact=name).first()
        if institution is None:
            institution = Institution.objects.create(name=name, sector=guess_sector(row.key, name))
            record_added(institution, user, note=f"created from {row.example[:200]!r}")
        alias, created = Alias.objects.get_or_create(
            kind=Alias.Kind.NAME, text=row.key,
            defaults={"institution": institution, "source": Alias.Source.CURATED},
        )  # fmt: skip
        if created:
            record_added(alias, user, note=f"new institution for {row.example[:200]!r}")
        row.delete()
    return (
        f"{row.example!r} → new institution {alias.institution.name} ({institution.sector}); "
        "edit it to fix sector or parent"
    )
