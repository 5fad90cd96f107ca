"""The resolver as curators and scripts see it: an answer with its explanation."""

from typing import Any

from institutions.models import Institution
from institutions.resolver import Resolver, current_resolver


def explain(raw: str, email_domain: str = "", resolver: Resolver | None = None) -> dict[str, Any]:
    """{"query", "institution", "parent", "sector", "how", "detail", "cleaned", "suggestions"}.

    `how` is curated | registry | unit | domain | fuzzy | attested (applied everywhere; an
    attested organisation no list has carried yet has no institution) | suggestion (nothing
    applied; `institution` is null and `suggestions` lists the most similar names) | none. The
    steps that read a whole list (public e-mail domains, homonyms and domains the list shows,
    the place and author steps) need the list's other strings, so a single string never gets
    them.
    """
    resolver = resolver or current_resolver()
    found = resolver.resolve(raw, email_domain)
    institution_id, how, detail = found.institution_id, found.how, found.detail
    similar = resolver.similar([found.key])[0] if found.key and institution_id is None else []
    if how == "attested" and institution_id is None:
        # Nothing to show yet: refresh_all creates the organisation once a list carries it.
        detail = f"{detail}; no institution yet (a list that carries it creates one)"
    elif institution_id is None and similar:
        how = "suggestion"
        detail = f"not resolved; most similar name {similar[0][0]!r} (cosine {similar[0][2]})"
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
