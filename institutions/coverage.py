"""How well the resolver does on the imported lists: per conference-year, the share of
affiliation mentions resolved by an applied step (coverage), the commonest unresolved
strings, and agreement with the publisher's normalisation.

The publisher's normalisation is the author's e-mail domain (`aff_domain`; for OpenReview
venues it is the profile's institution domain), resolved alone through curated and ROR
domains. Agreement is measured where both the string (without its domain) and the domain
resolve: they agree when they name the same institution, one is the registry parent of
the other (a lab of a university) or its registry successor (Université Paris Diderot,
which ceased, and Université Paris Cité), or both belong to one company group (DeepMind and
Google Brain authors write google.com: Alphabet). A domain the list shows to be public
(list_evidence.public_domains: webmail, "acm.org") is no normalisation and is not compared.

The strings are resolved as refresh_all stores them (list_evidence.resolve_all, with the author
step over the whole selection: exclude a list and its authors' evidence goes with it). For
agreement the string is resolved again without its domain, the author step drawing on the
author's other mentions as stored (never on the mention itself).

Counting (the same as ConferenceYearStat): every non-empty affiliation string of an
accepted paper is one mention, including strings that name no organisation at all
("Department of Computer Science" with no domain); such strings are counted as unresolved,
and listed apart as `no_organisation` so a reader sees how much of the gap they are.
"""

from collections import Counter, defaultdict
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field

from institutions.list_evidence import Mention, author_key, public_domains, resolve_all
from institutions.resolver import APPLIED, Resolver

# (conference slug, year, raw string, e-mail domain, authorship id, author name, paper id)
Row = tuple[str, int, str, str, int, str, int]


@dataclass
class VenueYear:
    conference: str
    year: int
    mentions: int = 0
    resolved: int = 0
    no_organisation: int = 0  # unresolved strings whose organisation part is only generic
    how: Counter[str] = field(default_factory=Counter)
    unresolved: Counter[str] = field(default_factory=Counter)
    compared: int = 0  # string and domain both resolve
    agreed: int = 0
    disagreements: Counter[tuple[str, str, str]] = field(default_factory=Counter)
    aliases: Counter[str] = field(default_factory=Counter)  # curated aliases that answered
    held_out: list[str] = field(default_factory=list)  # those taken away (held_out)

    @property
    def coverage(self) -> float | None:
        return self.resolved / self.mentions if self.mentions else None

    @property
    def coverage_named(self) -> float | None:
        """Coverage of the mentions that name an organisation (or carry a domain)."""
        named = self.mentions - self.no_organisation
        return self.resolved / named if named else None

    @property
    def agreement(self) -> float | None:
        return self.agreed / self.compared if self.compared else None


def company_groups() -> dict[int, int]:
    """{institution id: root} for institutions under a company root (today's structure):
    one group shares one e-mail domain (DeepMind and Google Brain authors write google.com)."""
    from institutions.models import Institution, Sector
    from institutions.structure import parent_maps, root

    today, _links = parent_maps()
    companies = set(Institution.objects.filter(sector=Sector.INDUSTRY).values_list("id", flat=True))
    groups = {pk: root(pk, today) for pk in today}
    return {pk: top for pk, top in groups.items() if top in companies}


def same_or_related(resolver: Resolver, a: int, b: int, groups: dict[int, int]) -> bool:
    """The same institution, one the ancestor or the successor of the other (a ceased
    organisation's e-mail domain is its successor's today), or one company group."""
    return (
        a == b
        or resolver.ancestor_of(a, b)
        or resolver.ancestor_of(b, a)
        or resolver.succeeded(a, b)
        or resolver.succeeded(b, a)
        or (a in groups and groups[a] == groups.get(b))
    )


def evaluate(
    resolver: Resolver, rows: Iterable[Row], groups: dict[int, int] | None = None
) -> dict[tuple[str, int], VenueYear]:
    """Resolve every row as refresh_all does (list_evidence.resolve_all, the author step over the
    whole selection) and count per venue-year; `groups` as company_groups() gives."""
    groups = groups or {}
    kept = [row for row in rows if row[2].strip()]
    mentions = [
        Mention(raw, domain, authorship, author_key(conference, year, name), paper)
        for conference, year, raw, domain, authorship, name, paper in kept
    ]
    resolved = resolve_all(resolver, mentions)
    # The string alone, its domain not even choosing between homonyms; the author step
    # draws on the author's other mentions as refresh_all stores them.
    alone = resolve_all(resolver, mentions, use_domain=False, evidence_from=resolved)
    # Webmail and the like name no institution: no normalisation to agree with.
    public = public_domains(resolver, mentions, resolved)
    by_domain: dict[str, int | None] = {}
    out: dict[tuple[str, int], VenueYear] = {}
    for (conference, year, raw, domain, _a, _n, _p), resolution, string in zip(
        kept, resolved, alone, strict=True
    ):
        stats = out.get((conference, year)) or out.setdefault(
            (conference, year), VenueYear(conference, year)
        )
        how = resolution.how
        stats.mentions += 1
        stats.how[how] += 1
        if resolution.alias:
            stats.aliases[resolution.alias] += 1
        if how in APPLIED:
            stats.resolved += 1
        else:
            stats.unresolved[resolution.key or resolution.cleaned.text] += 1
            if not resolution.cleaned.names_organisation:
                stats.no_organisation += 1
        string_id = string.institution_id if string.how in APPLIED else None
        if domain and string_id is not None and domain.strip().lower() not in public:
            if domain not in by_domain:
                match = resolver.domain_institution(domain)
                by_domain[domain] = match[1] if match else None
            domain_id = by_domain[domain]
            if domain_id is not None:
                stats.compared += 1
                if same_or_related(resolver, string_id, domain_id, groups):
                    stats.agreed += 1
                else:
                    stats.disagreements[raw, domain, str(string_id)] += 1
    return dict(sorted(out.items()))


def held_out(
    resolver: Resolver,
    rows: Iterable[Row],
    groups: dict[int, int] | None = None,
    conferences: Collection[str] = (),
) -> dict[tuple[str, int], VenueYear]:
    """Each venue-year as if the project had never seen it: evaluated (with all the other
    rows, as refresh_all resolves them together) by a resolver without its own curated
    evidence: the aliases that answered its strings and no other venue-year's ("name:
    unbabel" when only COLM 2025 writes Unbabel), and the aliases of the same institutions
    that answered nothing anywhere (the keyword "unbabel" a removed name shadowed). An
    alias other lists use too stays: it is not this list's own. `conferences`: only these
    are measured (all if empty); every row is evidence of what the others use."""
    rows = list(rows)
    seen = evaluate(resolver, rows, groups)
    users: dict[str, set[tuple[str, int]]] = defaultdict(set)
    for key, stats in seen.items():
        for alias in stats.aliases:
            users[alias].add(key)
    curated = resolver.curated_aliases()
    out: dict[tuple[str, int], VenueYear] = {}
    for key, stats in seen.items():
        if conferences and key[0] not in conferences:
            continue
        own = {alias for alias in stats.aliases if users[alias] == {key}}
        owners = {curated[alias] for alias in own}
        own |= {alias for alias, pk in curated.items() if pk in owners and not users[alias]}
        if own:
            stats = evaluate(resolver.without(own), rows, groups)[key]
        stats.held_out = sorted(own)
        out[key] = stats
    return out


def database_rows() -> Iterable[Row]:
    """The counted mentions of the imported lists (accepted papers)."""
    from institutions.models import AffiliationMention

    return (
        AffiliationMention.objects.counted()
        .values_list(
            "paper__conference__slug",
            "paper__year",
            "raw",
            "email_domain",
            "authorship_id",
            "authorship__name",
            "paper_id",
        )
        .order_by("id")
        .iterator(chunk_size=5000)
    )


def totals(stats: Iterable[VenueYear]) -> VenueYear:
    total = VenueYear("all", 0)
    for s in stats:
        total.mentions += s.mentions
        total.resolved += s.resolved
        total.no_organisation += s.no_organisation
        total.compared += s.compared
        total.agreed += s.agreed
        total.how.update(s.how)
        total.unresolved.update(s.unresolved)
        total.disagreements.update(s.disagreements)
    return total


def unresolved_by_venue(stats: Iterable[VenueYear]) -> dict[str, Counter[str]]:
    """Unresolved keys per conference (all its years)."""
    out: dict[str, Counter[str]] = defaultdict(Counter)
    for s in stats:
        out[s.conference].update(s.unresolved)
    return out
