"""Load the curated seed (seed/curated.tsv, seed/parent_links.tsv) on top of the registry.

curated.tsv, tab-separated, one row per institution:
    name  short  sector  parent  country  ror id  aliases|...  keywords|...  domains|...
A row with a ROR id adds its aliases, keywords and domains to that registry organisation
(which must be imported first: `import_ror`); a row without one is an institution the
registry lacks. `parent` is a ROR id or a curated name. parent_links.tsv holds parents that
held only in some years: child, parent, since, until.

Idempotent and respectful of curation: existing institutions are left as curators made
them; only missing institutions, aliases and links are added (an alias already pointing
elsewhere is reported, not moved).
"""

import csv
from dataclasses import dataclass, field
from pathlib import Path

from institutions.models import Alias, Institution, ParentLink, Sector
from institutions.normalise import normalise_text

SEED_DIR = Path(__file__).resolve().parent / "seed"
CURATED = SEED_DIR / "curated.tsv"
LINKS = SEED_DIR / "parent_links.tsv"


@dataclass
class SeedReport:
    institutions_added: int = 0
    aliases_added: int = 0
    links_added: int = 0
    problems: list[str] = field(default_factory=list)


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


def load_seed(path: Path = CURATED, links: Path = LINKS) -> SeedReport:
    report = SeedReport()
    rows = _rows(path, 9)
    curated: dict[str, Institution] = {}
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
        institution, created = Institution.objects.get_or_create(
            name=name, ror_id=None,
            defaults={"short_name": short[:60], "sector": sector, "country": country[:2]},
        )  # fmt: skip
        report.institutions_added += created
        curated[name] = institution
        targets.append((number, institution, lists))
    for number, cells in rows:
        name, parent_ref, ror_id = cells[0], cells[3], cells[5]
        child = curated.get(name)
        if ror_id or not parent_ref or child is None or child.parent_id:
            continue
        parent = _find(parent_ref, curated)
        if parent is None:
            report.problems.append(f"line {number}: {name!r}: unknown parent {parent_ref!r}")
        elif parent.pk != child.pk:
            child.parent = parent
            child.save(update_fields=["parent"])
    _add_aliases(targets, report)
    if links.exists():
        _add_links(links, curated, report)
    return report


def _add_aliases(targets: list[tuple[int, Institution, list[str]]], report: SeedReport) -> None:
    taken = {(a.kind, a.text): a.institution_id for a in Alias.objects.exclude(kind="not")}
    new = []
    for number, institution, (aliases, keywords, domains) in targets:
        names = [institution.name] if institution.ror_id is None else []
        lists = {"name": [*names, *aliases.split("|")], "keyword": keywords.split("|"),
                 "domain": domains.split("|")}  # fmt: skip
        for kind, texts in lists.items():
            for text in texts:
                key = text.lower().strip(".") if kind == "domain" else normalise_text(text)
                if not key:
                    continue
                owner = taken.get((kind, key))
                if owner is None:
                    taken[kind, key] = institution.pk
                    new.append(Alias(text=key, kind=kind, institution=institution, source="seed"))
                elif owner != institution.pk:
                    report.problems.append(
                        f"line {number}: {kind} alias {key!r} of {institution.name!r} "
                        "already names another institution"
                    )
    # bulk_create skips Alias.save(); texts were normalised above exactly as save() would.
    Alias.objects.bulk_create(new)
    report.aliases_added = len(new)


def _add_links(path: Path, curated: dict[str, Institution], report: SeedReport) -> None:
    for number, (child_ref, parent_ref, since, until) in _rows(path, 4):
        child = _find(child_ref, curated)
        parent = _find(parent_ref, curated) if parent_ref else None
        if child is None or (parent_ref and parent is None):
            report.problems.append(f"{path.name} line {number}: unknown institution")
            continue
        _link, created = ParentLink.objects.get_or_create(
            child=child, parent=parent, since=int(since) if since else None,
            until=int(until) if until else None,
        )  # fmt: skip
        report.links_added += created


def ensure_seed() -> None:
    """Load the curated seed when no curated alias exists (a flushed test database)."""
    if not Alias.objects.exists():
        load_seed()
