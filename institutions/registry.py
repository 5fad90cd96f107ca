"""Import of the ROR data dump (schema v2): organisations, their names, types, places,
domains and parents, streamed so the full ~120k-record dump reads in bounded memory.

Re-importing a newer dump updates institutions in place, matched by ROR id. The registry's
last word on each curated field (name, sector, country, city, parent) is kept in
`Institution.registry`; a field whose current value differs from it was changed by a
curator, and the import keeps the curator's value (curated beats registry). Every change an
import makes to an existing institution, and every registry change it declines, is
written to the curation history (user None, note "ROR import ...").
"""

import hashlib
import json
import lzma
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any
from urllib.parse import urlsplit

import ijson
from django.db import connection, transaction

from core.reports import ImportReport
from curation.history import record, snapshot
from curation.models import ChangeRecord
from institutions.models import Institution, RegistryName
from institutions.normalise import is_location, is_public_suffix, normalise_text

BATCH = 2000
# The first of an organisation's ROR types that is listed here gives its sector.
SECTOR_BY_TYPE = [
    ("company", "industry"),
    ("education", "academia"),
    ("healthcare", "healthcare"),
    ("facility", "facility"),
    ("government", "government"),
    ("nonprofit", "nonprofit"),
    ("archive", "archive"),
    ("funder", "other"),
    ("other", "other"),
]
CURATED_FIELDS = ("name", "sector", "country", "city")


def sector_of(types: list[str]) -> str:
    """ "company" -> industry, "education" -> academia, ... (first matching type wins)."""
    for ror_type, sector in SECTOR_BY_TYPE:
        if ror_type in types:
            return sector
    return "other"


_LINKING = frozenset(["of", "de", "the", "and", "for", "da", "do", "di", "del", "des", "du", "la"])
_GERMAN = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue"})


def match_texts(value: str) -> list[str]:
    """Normalised texts a name matches: "Google (United States)" -> ["google united states",
    "google"]; "University of Texas at Austin" also as "university of texas austin";
    "Tübingen" also as "tuebingen". A name in a script without ASCII letters matches its
    case-folded self."""
    texts = [normalise_text(value, keep_digits=True)]
    # Without a parenthesis that names a place or spells the name's initials ("Universidade
    # Federal de Minas Gerais (UFMG)"): "Indian Institute of Technology (BHU)" is not every IIT.
    if value.endswith(")") and "(" in value:
        inside = normalise_text(value[value.rindex("(") + 1 : -1])
        before = normalise_text(value[: value.rindex("(")], keep_digits=True)
        initials = "".join(w[0] for w in before.split() if w not in _LINKING)
        if is_location(inside) or inside.replace(" ", "") == initials:
            texts.append(before)
    texts += [normalise_text(value.translate(_GERMAN), keep_digits=True)]
    texts += [t.replace(" at ", " ") for t in texts if " at " in t]
    if not texts[0]:
        texts = [" ".join(value.casefold().split())]
    return [t[:300] for t in dict.fromkeys(texts) if t]


@dataclass
class RegistryReport(ImportReport):
    """The import report every import gives (a record without a ROR id is rejected), plus
    what a ROR import alone does: values a curator changed and kept, parents set."""

    label: str = "ROR"
    curated_kept: int = 0
    parents_set: int = 0

    def summary(self) -> str:
        return (
            f"{super().summary()}, curated values kept {self.curated_kept}, "
            f"parents set {self.parents_set}"
        )


def _open(path: Path) -> IO[bytes]:
    return lzma.open(path, "rb") if path.suffix == ".xz" else path.open("rb")


def read_records(path: Path) -> Iterator[dict[str, Any]]:
    """The dump's records one at a time (ijson: the file is never held whole in memory)."""
    with _open(path) as handle:
        yield from ijson.items(handle, "item", use_float=True)


# The path of a site's own root: nothing, a language ("/en", "/pt-br") or an index page.
_SITE_ROOT = re.compile(r"^/?(?:[a-z]{2}(?:[-_][a-z]{2})?|index\.\w+|home)?/?$", re.IGNORECASE)


_WWW = re.compile(r"^(?:www\d?|web)\.")


def website_hosts(links: list[dict[str, Any]]) -> list[str]:
    """Hosts of a record's website links that are the site of the organisation itself:
    "https://www.mpg.de/en" -> "mpg.de" ("www.", "www2.", "web." dropped). A site at a
    path of a host ("https://www.example.edu/labs/x/") is a page on another organisation's
    site, and a host that is a public suffix ("ac.uk") is no one's: both are left out."""
    hosts: list[str] = []
    for link in links:
        if not isinstance(link, dict) or link.get("type") != "website":
            continue
        url = urlsplit(str(link.get("value") or "").strip())
        host = _WWW.sub("", (url.hostname or "").lower())
        root = host and "." in host and _SITE_ROOT.match(url.path)
        if root and not is_public_suffix(host) and host not in hosts:
            hosts.append(host)
    return hosts


def _fields(rec: dict[str, Any]) -> dict[str, Any]:
    names = rec.get("names") or []
    display = next((n["value"] for n in names if "ror_display" in (n.get("types") or [])), "")
    location = ((rec.get("locations") or [{}])[0] or {}).get("geonames_details") or {}
    types = list(rec.get("types") or [])
    return {
        "name": (display or (names[0]["value"] if names else rec["id"]))[:200],
        "sector": sector_of(types),
        "country": (location.get("country_code") or "")[:2],
        "city": (location.get("name") or "")[:120],
        "types": types,
        "status": str(rec.get("status") or "")[:12],
        "domains": list(rec.get("domains") or []),
        "websites": website_hosts(rec.get("links") or []),
        "relationships": [
            {"type": r.get("type"), "id": r.get("id"), "label": r.get("label")}
            for r in rec.get("relationships") or []
        ],
    }


def _names(pk: int, rec: dict[str, Any]) -> Iterator[tuple[int, str, str, str, str]]:
    """(institution id, value, text, kind, lang) rows of one record's names."""
    for name in rec.get("names") or []:
        value = str(name.get("value") or "")[:300]
        for kind in name.get("types") or ["label"]:
            for text in match_texts(value):
                yield pk, value, text, kind[:12], str(name.get("lang") or "")[:8]


def _copy(table: str, columns: str, rows: Iterable[tuple[Any, ...]]) -> None:
    with connection.cursor() as cursor, cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)


def _parent_of(rec: dict[str, Any]) -> str | None:
    parents = [r.get("id") for r in rec.get("relationships") or [] if r.get("type") == "parent"]
    return sorted(parents)[0] if parents else None


def _apply(institution: Institution, values: dict[str, Any], report: RegistryReport) -> bool:
    """Take the registry's values, except where a curator changed a field; True if changed."""
    plain = ("types", "status", "domains", "websites", "relationships")
    if all(institution.registry.get(n) == values[n] for n in CURATED_FIELDS) and all(
        getattr(institution, n) == values[n] for n in plain
    ):
        return False  # the registry says what it said last time (the common re-import case)
    before = snapshot(institution)
    kept = []
    for name in CURATED_FIELDS:
        said = institution.registry.get(name)
        if said is None or getattr(institution, name) == said:
            setattr(institution, name, values[name])
        elif values[name] != getattr(institution, name):
            kept.append(name)
        institution.registry[name] = values[name]
    for name in plain:
        setattr(institution, name, values[name])
    after = snapshot(institution)
    if before == after:
        return False
    note = "ROR import: registry update"
    if kept:
        report.curated_kept += 1
        note += f"; curated {', '.join(kept)} kept over the registry's"
    record(institution, ChangeRecord.Action.CHANGE, before, after, None, note)
    return True


# Part of every record's digest: bump it when match_texts changes, so a re-import rewrites
# the names of records whose registry values did not change.
NAMES_VERSION = 3


def _digest(values: dict[str, Any], rec: dict[str, Any]) -> str:
    data = json.dumps([NAMES_VERSION, values, rec.get("names")], sort_keys=True)
    return hashlib.sha1(data.encode(), usedforsecurity=False).hexdigest()


def _store_batch(batch: list[dict[str, Any]], report: RegistryReport) -> None:
    """Create new organisations, update changed ones; a record the same as last time (its
    digest matches) costs one small lookup and no write."""
    values_of = {rec["id"]: _fields(rec) for rec in batch}
    digests = {rec["id"]: _digest(values_of[rec["id"]], rec) for rec in batch}
    seen = dict(
        Institution.objects.filter(ror_id__in=list(values_of)).values_list(
            "ror_id", "registry__digest"
        )
    )
    stale = [r for r in seen if seen[r] != digests[r]]
    report.unchanged += len(seen) - len(stale)
    new, changed = [], []
    for institution in Institution.objects.filter(ror_id__in=stale):
        ror_id = institution.ror_id or ""
        _apply(institution, values_of[ror_id], report)
        institution.registry["digest"] = digests[ror_id]
        changed.append(institution)
    for ror_id, values in values_of.items():
        if ror_id not in seen:
            registry = {**{k: values[k] for k in CURATED_FIELDS}, "digest": digests[ror_id]}
            new.append(Institution(ror_id=ror_id, registry=registry, **values))
    with transaction.atomic():
        Institution.objects.bulk_create(new)
        # Small batches: bulk_update's CASE per field grows with the square of the batch.
        Institution.objects.bulk_update(
            changed,
            [
                *CURATED_FIELDS,
                "types",
                "status",
                "domains",
                "websites",
                "relationships",
                "registry",
            ],
            batch_size=100,
        )
        by_id = {i.ror_id: i.pk for i in [*new, *changed]}
        RegistryName.objects.filter(institution__in=changed).delete()
        _copy(
            RegistryName._meta.db_table, "institution_id, value, text, kind, lang",
            (row for rec in batch if rec["id"] in by_id for row in _names(by_id[rec["id"]], rec)),
        )  # fmt: skip
    report.imported += len(new)
    report.updated += len(changed)


def _set_parents(parents: dict[str, str | None], report: RegistryReport) -> None:
    """Parents from `parent` relationships, unless a curator set another one (the parent is
    then not the one the registry named last time). Only rows that change are written."""
    pk_of = dict(Institution.objects.exclude(ror_id=None).values_list("ror_id", "pk"))
    rows = Institution.objects.filter(ror_id__isnull=False).values_list(
        "pk", "ror_id", "parent_id", "registry"
    )
    updates: list[tuple[int, int | None, str | None]] = []
    changed_existing: list[int] = []
    for pk, ror_id, current, registry in rows.iterator(5000):
        if ror_id not in parents:
            continue
        said = parents[ror_id]
        target = pk_of.get(said) if said else None
        known = "parent" in registry
        previous = pk_of.get(registry["parent"]) if known and registry["parent"] else None
        curated = known and current != previous
        if curated:
            report.curated_kept += target != current
            target = current
        if target == pk:
            target = None
        if target != current or registry.get("parent", "") != said:
            updates.append((pk, target, said))
            if known and target != current:
                changed_existing.append(pk)
    before = {i.pk: snapshot(i) for i in Institution.objects.filter(pk__in=changed_existing)}
    table = Institution._meta.db_table
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS parent_stage")
        cursor.execute(
            "CREATE TEMP TABLE parent_stage (id bigint, parent_id bigint, said text) ON COMMIT DROP"
        )
        _copy("parent_stage", "id, parent_id, said", updates)
        cursor.execute(
            f"UPDATE {table} i SET parent_id = s.parent_id, "
            "registry = jsonb_set(i.registry, '{parent}', COALESCE(to_jsonb(s.said), 'null')) "
            "FROM parent_stage s WHERE i.id = s.id"
        )
    report.parents_set = sum(1 for _pk, target, _said in updates if target is not None)
    for institution in Institution.objects.filter(pk__in=changed_existing):
        record(institution, ChangeRecord.Action.CHANGE, before[institution.pk],
               snapshot(institution), None, "ROR import: parent from the registry")  # fmt: skip


def import_registry(path: Path) -> RegistryReport:
    """Import (or re-import) a ROR v2 dump: JSON array, plain or .xz."""
    report = RegistryReport()
    parents: dict[str, str | None] = {}
    batch: list[dict[str, Any]] = []
    for rec in read_records(path):
        report.read += 1
        if not isinstance(rec, dict) or not str(rec.get("id") or "").startswith("https://ror.org/"):
            report.reject(f"record {report.read}", "no ROR id")
            continue
        parents[rec["id"]] = _parent_of(rec)
        batch.append(rec)
        if len(batch) >= BATCH:
            _store_batch(batch, report)
            batch = []
    if batch:
        _store_batch(batch, report)
    _set_parents(parents, report)
    return report


def successors() -> dict[int, frozenset[int]]:
    """{institution that ceased (ROR status "inactive"): the institutions its `successor`
    relationships name}, empty when the registry names none it holds. A ceased record still
    answers for its own name (an ICML 2014 paper of École Centrale Paris was written there),
    gives way to a homonym that still exists, and is not a disagreement with its successor's
    e-mail domain (resolver.Resolver.choose, coverage.same_or_related)."""
    ceased = Institution.objects.filter(status="inactive").values_list("pk", "relationships")
    said = {
        pk: [r.get("id") for r in relationships or [] if r.get("type") == "successor"]
        for pk, relationships in ceased.iterator(5000)
    }
    wanted = {ror_id for ids in said.values() for ror_id in ids if ror_id}
    pk_of = dict(Institution.objects.filter(ror_id__in=wanted).values_list("ror_id", "pk"))
    return {pk: frozenset(pk_of[i] for i in ids if i in pk_of) for pk, ids in said.items()}
