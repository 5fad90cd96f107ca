"""Load the curated seed (seed/curated.tsv, seed/parent_links.tsv) on top of the registry.

curated.tsv, tab-separated, one row per institution:
    name  short  sector  parent  country  ror id  aliases|...  keywords|...  domains|...
A row with a ROR id adds its aliases, keywords and domains to that registry organisation
(which must be imported first: `import_ror`); a row without one is an institution the
registry lacks. `parent` is a ROR id or a curated name. parent_links.tsv holds parents that
held only in some years: child, parent, since, until.

A load brings a database to what the seed says now, and never undoes a curator's work:
- The seed's last word on each field of a curated institution (name, short name, sector,
  country, parent) is kept in `Institution.registry["seed"]`, as the ROR import keeps the
  registry's: a field whose value differs from it was changed by a curator and is kept.
  (A database loaded before this was recorded has no last word: there a field counts as
  the curator's when the curation history shows a curator changed the institution.)
- Aliases (source "seed"), parent links and curated institutions the seed no longer lists
  are removed, and an alias the seed gives to another institution is moved, unless a
  curator changed it in admin (its curation history says so). An alias, link or
  institution a curator deleted is not brought back.
- A renamed institution keeps its identity (papers, statistics, history) when its former
  name is one of the new row's aliases ("Secondmind" lists "PROWLER.io").
Every change a load makes to what a database already holds, and every seed value it
declines, is written to the curation history (user None, note "seed: ..."). Additions are
not: a fresh database would log the whole seed.
"""

import csv
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Model, Q

from curation.history import delete_with_record, record, snapshot
from curation.models import ChangeRecord
from institutions.models import Alias, Institution, ParentLink, Sector
from institutions.normalise import normalise_text

SEED_DIR = Path(__file__).resolve().parent / "seed"
CURATED = SEED_DIR / "curated.tsv"
LINKS = SEED_DIR / "parent_links.tsv"
NOTE = "seed"  # the curation-history notes of seed loads start with it
FIELDS = ("name", "short_name", "sector", "country", "parent_id")

AliasKey = tuple[str, str]  # (kind, normalised text)
LinkKey = tuple[int, int | None, int | None, int | None]  # (child, parent, since, until)


@dataclass
class SeedReport:
    institutions_added: int = 0
    aliases_added: int = 0
    links_added: int = 0
    changed: int = 0  # existing institutions and aliases updated or moved
    removed: int = 0  # institutions, aliases and links the seed no longer lists
    kept: int = 0  # seed changes declined: a curator changed or deleted the object
    problems: list[str] = field(default_factory=list)

    def summary(self) -> str:
        return (
            f"curated: added {self.institutions_added} institutions, {self.aliases_added} "
            f"aliases, {self.links_added} parent links; changed {self.changed}, removed "
            f"{self.removed}, curators' changes kept {self.kept}"
        )


@dataclass
class StaffEdits:
    """What curators did by hand: every recorded change not made by a seed load or a ROR
    import (admin forms, the unmatched queue, scripts), reverts of them included."""

    touched: set[tuple[int, str]] = field(default_factory=set)  # (content type, object pk)
    deleted_aliases: set[AliasKey] = field(default_factory=set)
    deleted_links: set[LinkKey] = field(default_factory=set)
    deleted_names: set[str] = field(default_factory=set)  # curated institutions deleted

    @classmethod
    def from_history(cls) -> "StaffEdits":
        types = ContentType.objects.get_for_models(Institution, Alias, ParentLink)
        ids = {model: ct.pk for model, ct in types.items()}
        edits = cls()
        records = (
            ChangeRecord.objects.filter(content_type__in=ids.values())
            .exclude(note__startswith=NOTE)
            .exclude(note__startswith="ROR import")
            .values_list("content_type_id", "object_pk", "action", "before", "reverted_at")
        )
        for type_id, pk, action, before, reverted_at in records.iterator(2000):
            edits.touched.add((type_id, pk))
            if action != ChangeRecord.Action.DELETE or reverted_at is not None or not before:
                continue
            if type_id == ids[Alias]:
                edits.deleted_aliases.add((before["kind"], before["text"]))
            elif type_id == ids[ParentLink]:
                edits.deleted_links.add(
                    (before["child"], before["parent"], before["since"], before["until"])
                )
            elif type_id == ids[Institution] and not before.get("ror_id"):
                edits.deleted_names.add(before["name"])
        return edits

    def by_staff(self, obj: Model) -> bool:
        type_id = ContentType.objects.get_for_model(obj, for_concrete_model=True).pk
        return (type_id, str(obj.pk)) in self.touched


def _rows(path: Path, width: int) -> list[tuple[int, list[str]]]:
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
        return [
            (number, [c.strip() for c in [*cells, *[""] * (width - len(cells))]])
            for number, cells in enumerate(reader, 1)
            if cells and cells[0].strip() and not cells[0].startswith("#")
        ]


def _find(ref: str, curated: dict[str, Institution]) -> Institution | None:
    """A ROR id or a curated institution's name."""
    if ref.startswith("https://ror.org/"):
        return Institution.objects.filter(ror_id=ref).first()
    return curated.get(ref) or Institution.objects.filter(name=ref, ror_id=None).first()


def seed_owned() -> list[Institution]:
    """Curated institutions (no ROR id) a seed load created: with the seed's last word, or,
    loaded before that was recorded, with the seed alias of their own name (which every
    load gives them; a curator's institution holding a seed alias moved to it is not one)."""
    found = (
        Institution.objects.filter(ror_id=None)
        .filter(Q(registry__has_key="seed") | Q(aliases__source=Alias.Source.SEED))
        .distinct()
    )
    own_name = set(
        Alias.objects.filter(
            source=Alias.Source.SEED, kind=Alias.Kind.NAME, institution__in=found
        ).values_list("institution_id", "text")
    )
    return [i for i in found if "seed" in i.registry or (i.pk, normalise_text(i.name)) in own_name]


@transaction.atomic
def load_seed(path: Path = CURATED, links: Path = LINKS) -> SeedReport:
    report = SeedReport()
    staff = StaffEdits.from_history()
    rows = _rows(path, 9)
    owned = {i.name: i for i in seed_owned()}
    seed_names = {cells[0] for _n, cells in rows if not cells[5]}
    curated: dict[str, Institution] = {}
    created: set[int] = set()
    targets: list[tuple[int, Institution, list[str]]] = []
    for number, (name, short, sector, _parent, country, ror_id, *lists) in rows:
        where = f"{path.name} line {number}: {name!r}"
        if ror_id:
            found = Institution.objects.filter(ror_id=ror_id).first()
            if found is None:
                report.problems.append(f"{where}: {ror_id} is not imported (run import_ror)")
                continue
            if short and not found.short_name:
                found.short_name = short[:60]
                found.save(update_fields=["short_name"])
            targets.append((number, found, lists))
            continue
        if sector not in Sector.values:
            report.problems.append(f"{where}: unknown sector {sector!r}")
            continue
        values = {"name": name, "short_name": short[:60], "sector": sector, "country": country[:2]}
        institution = _existing(name, lists[0], owned, seed_names)
        if institution is None:
            if name in staff.deleted_names:
                report.kept += 1  # a curator deleted it
                continue
            institution = Institution.objects.create(**values, registry={"seed": values})
            report.institutions_added += 1
            created.add(institution.pk)
        else:
            _sync(institution, values, staff, report)
        curated[name] = institution
        targets.append((number, institution, lists))
    for number, cells in rows:
        name, parent_ref, ror_id = cells[0], cells[3], cells[5]
        child = curated.get(name)
        if ror_id or child is None:
            continue
        parent = _find(parent_ref, curated) if parent_ref else None
        if parent_ref and parent is None:
            report.problems.append(f"line {number}: {name!r}: unknown parent {parent_ref!r}")
        elif child.pk in created:  # part of the addition, not a change
            child.parent = parent
            child.registry["seed"]["parent_id"] = parent.pk if parent else None
            child.save(update_fields=["parent", "registry"])
        elif parent is None or parent.pk != child.pk:
            _sync(child, {"parent_id": parent.pk if parent else None}, staff, report)
    _remove_institutions(
        [i for i in seed_owned() if i.pk not in {c.pk for c in curated.values()}], staff, report
    )
    _sync_aliases(targets, staff, report)
    if links.exists():
        _sync_links(links, curated, staff, report)
    return report


def _existing(
    name: str, aliases: str, owned: dict[str, Institution], seed_names: set[str]
) -> Institution | None:
    """The curated institution of a seed row: by name, else a seed institution under one of
    the row's aliases that the seed no longer names itself (a rename)."""
    found = Institution.objects.filter(name=name, ror_id=None).first()
    if found is not None:
        return found
    for former in aliases.split("|"):
        if former in owned and former not in seed_names:
            return owned.pop(former)
    return None


def _sync(
    institution: Institution, values: dict[str, Any], staff: StaffEdits, report: SeedReport
) -> None:
    """Take the seed's values except where a curator changed a field; record what changed."""
    said = institution.registry.get("seed")
    if said is not None and all(
        getattr(institution, k) == v and said.get(k) == v for k, v in values.items()
    ):
        return  # the seed says what it said last time, and so does the database
    before = snapshot(institution)
    kept = []
    for name, value in values.items():
        current = getattr(institution, name)
        if current == value:
            continue
        if said is not None and name in said:
            by_curator = current != said[name]
        else:  # loaded before the seed's last word was kept: the history tells
            by_curator = staff.by_staff(institution)
        if by_curator:
            kept.append(name)
        else:
            setattr(institution, name, value)
    institution.registry = {**institution.registry, "seed": {**(said or {}), **values}}
    institution.save()
    after = snapshot(institution)
    changed = {k for k in after if before.get(k) != after.get(k)} - {"registry"}
    if not changed and not kept:
        return
    note = f"{NOTE}: curated.tsv update"
    if kept:
        report.kept += 1
        note += f"; curated {', '.join(kept)} kept over the seed's"
    report.changed += bool(changed)
    record(institution, ChangeRecord.Action.CHANGE, before, after, None, note)


def _remove_institutions(
    stale: Iterable[Institution], staff: StaffEdits, report: SeedReport
) -> None:
    for institution in stale:
        if staff.by_staff(institution):
            report.kept += 1
        elif (
            institution.children.exists() or ParentLink.objects.filter(parent=institution).exists()
        ):
            report.problems.append(
                f"{institution.name!r} left the seed but is the parent of others: kept"
            )
        else:
            delete_with_record(institution, note=f"{NOTE}: no longer in curated.tsv")
            report.removed += 1


def _sync_aliases(
    targets: list[tuple[int, Institution, list[str]]], staff: StaffEdits, report: SeedReport
) -> None:
    wanted: dict[AliasKey, tuple[int, Institution]] = {}
    for number, institution, (aliases, keywords, domains) in targets:
        names = [institution.name] if institution.ror_id is None else []
        lists = {"name": [*names, *aliases.split("|")], "keyword": keywords.split("|"),
                 "domain": domains.split("|")}  # fmt: skip
        for kind, texts in lists.items():
            for text in texts:
                key = text.lower().strip(".") if kind == "domain" else normalise_text(text)
                if not key:
                    continue
                first = wanted.setdefault((kind, key), (number, institution))
                if first[1].pk != institution.pk:
                    report.problems.append(
                        f"line {number}: {kind} alias {key!r} of {institution.name!r} is "
                        f"also on line {first[0]}"
                    )
    stored = {(a.kind, a.text): a for a in Alias.objects.exclude(kind="not")}
    for pair, alias in stored.items():
        want = wanted.get(pair)
        if alias.source != Alias.Source.SEED or (want and want[1].pk == alias.institution_id):
            continue
        if staff.by_staff(alias):
            report.kept += 1
        elif want is None:
            delete_with_record(alias, note=f"{NOTE}: no longer in curated.tsv")
            report.removed += 1
        else:
            before = snapshot(alias)
            alias.institution = want[1]
            alias.save()
            record(alias, ChangeRecord.Action.CHANGE, before, snapshot(alias), None,
                   f"{NOTE}: moved by curated.tsv")  # fmt: skip
            report.changed += 1
    new: list[Alias] = []
    for (kind, key), (number, institution) in wanted.items():
        found = stored.get((kind, key))
        if found is None and (kind, key) in staff.deleted_aliases:
            report.kept += 1  # a curator deleted it
        elif found is None:
            new.append(Alias(text=key, kind=kind, institution=institution, source="seed"))
        elif found.institution_id != institution.pk and found.source != Alias.Source.SEED:
            report.problems.append(
                f"line {number}: {kind} alias {key!r} of {institution.name!r} "
                "already names another institution"
            )
    # bulk_create skips Alias.save(); texts were normalised above exactly as save() would.
    Alias.objects.bulk_create(new)
    report.aliases_added = len(new)


def _sync_links(
    path: Path, curated: dict[str, Institution], staff: StaffEdits, report: SeedReport
) -> None:
    wanted: set[LinkKey] = set()
    for number, (child_ref, parent_ref, since, until) in _rows(path, 4):
        child = _find(child_ref, curated)
        parent = _find(parent_ref, curated) if parent_ref else None
        if child is None or (parent_ref and parent is None):
            report.problems.append(f"{path.name} line {number}: unknown institution")
            continue
        wanted.add((child.pk, parent.pk if parent else None,
                    int(since) if since else None, int(until) if until else None))  # fmt: skip
    children = {key[0] for key in wanted} | {i.pk for i in curated.values()}
    stored = {}
    for link in ParentLink.objects.filter(child__in=children):
        key = (link.child_id, link.parent_id, link.since, link.until)
        stored[key] = link
        if key not in wanted:
            if staff.by_staff(link):
                report.kept += 1
            else:
                delete_with_record(link, note=f"{NOTE}: no longer in parent_links.tsv")
                report.removed += 1
    for link_key in wanted - set(stored):
        if link_key in staff.deleted_links:
            report.kept += 1  # a curator deleted it
            continue
        child_id, parent_id, first, last = link_key
        ParentLink.objects.create(child_id=child_id, parent_id=parent_id, since=first, until=last)
        report.links_added += 1


def ensure_seed() -> None:
    """Load the curated seed when no curated alias exists (a flushed test database)."""
    if not Alias.objects.exists():
        load_seed()
