"""Bring the derived tables up to date after aliases, institutions or papers changed.

`refresh_all()` re-resolves every affiliation mention (one pass over the distinct
(string, e-mail domain) pairs, then the author step over the same list), recomputes the
per-conference-year statistics in SQL, rebuilds the curators' queue, and bumps the data
generation so cached answers go stale.
Cheap enough (a few seconds for all shipped lists) to run after every curation change;
the Celery task in tasks.py debounces bursts of changes into one run.
"""

import re
import time
from collections import Counter, defaultdict
from dataclasses import replace
from typing import Any

from django.db import connection, transaction

from core.locks import advisory_lock
from core.switches import Switch
from institutions.list_evidence import Mention, author_key, resolve_all
from institutions.models import (
    AffiliationMention,
    Authorship,
    ConferenceYearStat,
    Institution,
    InstitutionYearStat,
    ParentLink,
    Sector,
    UnmatchedAffiliation,
)
from institutions.naming import display_name
from institutions.resolver import Resolution, Resolver
from institutions.structure import parent_maps, parents_in, root
from papers.models import DataGeneration

# Off while bulk loaders run (they refresh once at the end themselves) and while a refresh
# writes derived rows: the curation signals (institutions.signals) then schedule nothing.
REFRESH = Switch("institutions_refresh")


def resolve_mentions(resolver: Resolver) -> int:
    """Store each mention's institution and how it was decided; return rows changed."""
    rows = list(
        AffiliationMention.objects.order_by("id").values_list(
            "id", "raw", "email_domain", "institution_id", "how", "detail", "key",
            "authorship_id", "paper__conference_id", "paper__year", "authorship__name",
            "paper_id",
        ).iterator(chunk_size=5000)
    )  # fmt: skip
    mentions = [
        Mention(row[1], row[2], row[7], author_key(row[8], row[9], row[10]), row[11])
        for row in rows
    ]
    resolved = resolve_all(resolver, mentions)
    resolved = with_attested_institutions(resolver, resolved)
    changed: list[tuple[int, int | None, str, str, str]] = []
    for row, found in zip(rows, resolved, strict=True):
        new = (found.institution_id, found.how, found.detail[:300], found.key[:300])
        if new != row[3:7]:
            changed.append((row[0], *new))
    if not changed:
        return 0
    table = AffiliationMention._meta.db_table
    with transaction.atomic(), connection.cursor() as cursor:
        # Dropped first too: inside an outer transaction (tests) ON COMMIT never comes.
        cursor.execute("DROP TABLE IF EXISTS mention_stage")
        cursor.execute(
            "CREATE TEMP TABLE mention_stage (id bigint, institution_id bigint, how text, "
            "detail text, key text) ON COMMIT DROP"
        )
        with cursor.copy("COPY mention_stage FROM STDIN") as copy:
            for update in changed:
                copy.write_row(update)
        cursor.execute(
            f"UPDATE {table} m SET institution_id = s.institution_id, how = s.how, "
            "detail = s.detail, key = s.key FROM mention_stage s WHERE m.id = s.id"
        )
    return len(changed)


# Footnote marks a name is written with ("Cogitai¹").
_FOOTNOTE_MARKS = re.compile("[\u00b9\u00b2\u00b3\u2070-\u2079*\u2020\u2021]+$")


def with_attested_institutions(resolver: Resolver, resolved: list[Resolution]) -> list[Resolution]:
    """The attested step's answers with their institutions: one Institution per attested
    organisation (keyed by the domain's registrable name, Institution.attested), created the
    first time a list attests it, named by its commonest organisation segment as written
    ("Recursal AI" of "Recursal AI, Inc."), the domain in its domains, no ror_id and
    sector other (a ".com" says nothing of what an organisation is); the resolver learns it
    (a second refresh finds it there and changes nothing)."""
    missing: dict[str, Counter[str]] = defaultdict(Counter)
    for answer in resolved:
        if answer.how == "attested" and answer.institution_id is None:
            name = _FOOTNOTE_MARKS.sub("", display_name(answer.cleaned.raw) or "").strip()
            missing[answer.attested][name or answer.attested] += 1
    with REFRESH.off():  # derived rows: this refresh stores their mentions itself
        for key, names in sorted(missing.items()):
            institution, _created = Institution.objects.get_or_create(
                attested=key,
                defaults={"name": names.most_common(1)[0][0][:200], "domains": [key],
                          "sector": Sector.OTHER},
            )  # fmt: skip
            resolver.attested[key] = institution.pk
    return [
        replace(answer, institution_id=resolver.attested[answer.attested])
        if answer.how == "attested" and answer.institution_id is None
        else answer
        for answer in resolved
    ]


def remove_unused_attested() -> int:
    """Attested organisations no mention names any more (a curator's alias or a registry
    import took their strings over: curated and registered beat attested) and that no
    curator gave an alias, a child or a parent link: removed; returns how many."""
    linked = ParentLink.objects.exclude(parent=None).values("parent_id")
    unused = (
        Institution.objects.exclude(attested="")
        .filter(mentions=None, aliases=None, children=None, parent_links=None)
        .exclude(pk__in=linked)
    )
    ids = list(unused.values_list("pk", flat=True))
    if ids:
        with REFRESH.off():
            Institution.objects.filter(pk__in=ids).delete()
    return len(ids)


def _stage_roots(cursor: Any) -> None:
    """inst_root(id, year, as_today, root): the roll-up of every institution that has
    mentions, with the structure of each conference year and with today's."""
    mention = AffiliationMention._meta.db_table
    cursor.execute(
        f"SELECT DISTINCT m.institution_id, p.year FROM {mention} m "
        "JOIN institutions_conferencepaper p ON p.id = m.paper_id "
        "WHERE m.institution_id IS NOT NULL"
    )
    by_year: dict[int, set[int]] = defaultdict(set)
    for pk, year in cursor.fetchall():
        by_year[year].add(pk)
    today, links = parent_maps()
    cursor.execute("DROP TABLE IF EXISTS inst_root")
    cursor.execute(
        "CREATE TEMP TABLE inst_root (id bigint, year int, as_today bool, root bigint) "
        "ON COMMIT DROP"
    )
    with cursor.copy("COPY inst_root FROM STDIN") as copy:
        for year, ids in by_year.items():
            for as_today, parents in ((False, parents_in(year, today, links)), (True, today)):
                for pk in ids:
                    copy.write_row((pk, year, as_today, root(pk, parents)))
    cursor.execute("ANALYZE inst_root")  # a temporary table has no statistics of its own


def rebuild_statistics() -> None:
    """Recompute ConferenceYearStat and InstitutionYearStat from the mentions (set-based)."""
    mention = AffiliationMention._meta.db_table
    paper = "institutions_conferencepaper"
    institution = Institution._meta.db_table
    with transaction.atomic(), connection.cursor() as cursor:
        # Planner statistics of what was just rewritten (resolve_mentions, an import): with
        # statistics of an earlier, different content of these tables the joins below ran
        # for minutes instead of seconds (the embedded PostgreSQL 16 of a test run).
        cursor.execute(f"ANALYZE {mention}, {paper}, {Authorship._meta.db_table}")
        _stage_roots(cursor)
        cursor.execute(f"DELETE FROM {ConferenceYearStat._meta.db_table}")
        cursor.execute(
            f"""
            INSERT INTO {ConferenceYearStat._meta.db_table} (conference_id, year, papers,
                mentions, resolved, unaffiliated, unique_institutions, unique_parents,
                papers_with_affiliation, papers_with_strings, industry_papers, computed_at)
            SELECT p.conference_id, p.year, count(DISTINCT p.id), count(m.id),
                count(m.institution_id), count(m.id) FILTER (WHERE m.how = 'unaffiliated'),
                count(DISTINCT m.institution_id), count(DISTINCT r.root),
                count(DISTINCT m.paper_id) FILTER (WHERE m.institution_id IS NOT NULL),
                count(DISTINCT m.paper_id),
                count(DISTINCT m.paper_id) FILTER (WHERE i.sector = 'industry'), now()
            FROM {paper} p
            LEFT JOIN {mention} m ON m.paper_id = p.id
            LEFT JOIN {institution} i ON i.id = m.institution_id
            LEFT JOIN inst_root r ON r.id = m.institution_id AND r.year = p.year
                AND NOT r.as_today
            WHERE p.accepted
            GROUP BY p.conference_id, p.year
            """
        )
        cursor.execute(f"DELETE FROM {InstitutionYearStat._meta.db_table}")
        # Whole counting: each paper counts an institution once (count DISTINCT paper), and
        # a collapsed parent once however many of its children the authors belong to.
        # Fractional (CSRankings): a paper's unit is split among its authors, an author's
        # part among their affiliations; an institution sums the parts of its mentions.
        cursor.execute(
            f"""
            WITH weighted AS (
                SELECT m.paper_id, m.institution_id, p.conference_id, p.year,
                    1.0 / (authors.n * parts.k) AS weight
                FROM {mention} m
                JOIN {paper} p ON p.id = m.paper_id AND p.accepted
                JOIN (SELECT paper_id, count(*) AS n FROM institutions_authorship
                      GROUP BY paper_id) authors ON authors.paper_id = m.paper_id
                JOIN (SELECT authorship_id, count(*) AS k FROM {mention}
                      GROUP BY authorship_id) parts ON parts.authorship_id = m.authorship_id
                WHERE m.institution_id IS NOT NULL
            )
            INSERT INTO {InstitutionYearStat._meta.db_table}
                (conference_id, year, institution_id, collapsed, as_today, papers, fractional)
            SELECT conference_id, year, institution_id, false, false, count(DISTINCT paper_id),
                sum(weight)
            FROM weighted GROUP BY conference_id, year, institution_id
            UNION ALL
            SELECT w.conference_id, w.year, r.root, true, r.as_today, count(DISTINCT w.paper_id),
                sum(w.weight)
            FROM weighted w
            JOIN inst_root r ON r.id = w.institution_id AND r.year = w.year
            GROUP BY w.conference_id, w.year, r.root, r.as_today
            """
        )


def rebuild_unmatched(resolver: Resolver) -> int:
    """The curators' queue: unresolved keys, their commonest spelling, suggestion, evidence;
    and the keys the attested step answered, the attested organisation suggested (accept
    makes it curated, reject a NOT alias: the step then leaves the key alone)."""
    spellings: dict[str, Counter[str]] = defaultdict(Counter)
    domains: dict[str, Counter[str]] = defaultdict(Counter)
    attested: dict[str, int] = {}
    rows = AffiliationMention.objects.counted().exclude(key="")
    rows = rows.unresolved() | rows.filter(how=AffiliationMention.How.ATTESTED)
    for key, raw, domain, how, pk in rows.values_list(
        "key", "raw", "email_domain", "how", "institution_id"
    ).iterator(chunk_size=5000):
        spellings[key][raw] += 1
        if domain:
            domains[key][domain] += 1
        if how == AffiliationMention.How.ATTESTED and pk is not None:
            attested.setdefault(key, pk)
    keys = sorted(spellings)
    names = dict(Institution.objects.values_list("id", "name"))
    queue = []
    for key, similar in zip(keys, resolver.similar(keys), strict=True):
        evidence: dict[str, Any] = {
            "similar": [[alias, names.get(pk, "?"), score] for alias, pk, score in similar],
            "domains": dict(domains[key].most_common(5)),
        }
        suggestion, score = (similar[0][1], similar[0][2]) if similar else (None, None)
        if key in attested:
            suggestion, score = attested[key], None
            evidence["attested"] = names.get(attested[key], "?")
        for domain, _count in domains[key].most_common() if key not in attested else ():
            match = resolver.domain_institution(domain)
            if match and match[1] not in resolver.rejected.get(key, set()):
                evidence["domain_match"] = [match[0], names.get(match[1], "?")]
                # An e-mail domain is stronger evidence than spelling similarity.
                suggestion = match[1]
                score = next((s for _a, pk, s in similar if pk == match[1]), score)
                break
        queue.append(
            UnmatchedAffiliation(
                key=key, example=spellings[key].most_common(1)[0][0],
                mentions=sum(spellings[key].values()), suggestion_id=suggestion,
                score=score, evidence=evidence,
            )
        )  # fmt: skip
    with transaction.atomic():
        UnmatchedAffiliation.objects.all().delete()
        UnmatchedAffiliation.objects.bulk_create(queue, batch_size=2000)
    return len(queue)


# Two refreshes at once (a worker and a command) would interleave their table rebuilds.
REFRESH_LOCK = "institutions:refresh"


def refresh_all() -> dict[str, Any]:
    """Everything after a change of aliases, institutions or papers; returns timings."""
    started = time.monotonic()
    with advisory_lock(REFRESH_LOCK, wait=True):
        resolver = Resolver.from_database()
        changed = resolve_mentions(resolver)
        removed = remove_unused_attested()
        rebuild_statistics()
        queued = rebuild_unmatched(resolver)
        DataGeneration.objects.bump(text=False)  # hot tables read no institution
    return {
        "mentions_changed": changed,
        "attested_removed": removed,
        "queue": queued,
        "seconds": round(time.monotonic() - started, 2),
    }
