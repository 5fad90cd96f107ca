"""The resolver as curators and scripts see it: an answer with its explanation."""

from typing import Any

from institutions.models import Institution
from institutions.resolver import Resolver


def explain(raw: str, email_domain: str = "", resolver: Resolver | None = None) -> dict[str, Any]:
    """{"query", "institution", "parent", "sector", "how", "detail", "cleaned", "suggestions"}.

    `how` is alias | rule (applied everywhere) | suggestion (the best similar institution,
    shown but never applied) | none.
    """
    resolver = resolver or Resolver.from_database()
    found = resolver.resolve(raw, email_domain)
    similar = resolver.similar([found.key])[0] if found.key else []
    institution_id, how, detail = found.institution_id, found.how, found.detail
    if institution_id is None and similar:
        institution_id, how = similar[0][1], "suggestion"
        detail = f"not resolved; most similar alias {similar[0][0]!r} (cosine {similar[0][2]})"
    names = dict(
        Institution.objects.filter(pk__in=[s[1] for s in similar]).values_list("pk", "name")
    )
    institution = (
        Institution.objects.with_parent().filter(pk=institution_id).first()
        if institution_id
        else None
    )
    return {
        "query": raw,
        "institution": institution.name if institution else None,
        "parent": institution.parent.name if institution and institution.parent else None,
        "sector": institution.sector if institution else None,
        "how": how,
        "detail": detail,
        "cleaned": found.cleaned.describe(),
        "suggestions": [[alias, names.get(pk, "?"), score] for alias, pk, score in similar],
    }
