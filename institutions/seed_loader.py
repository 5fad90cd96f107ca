"""Load the seed institutions (seed/core.tsv, seed/tail.tsv) with aliases, sectors, parents.

A tab-separated file, one institution per line:
    name  short name  sector  parent name  country  aliases|...  keywords|...  domains|...
Idempotent and respectful of curation: existing institutions are left as curators made
them; only missing institutions and aliases are added (an alias already pointing elsewhere
is reported, not moved). Works with the real models and with a migration's historical ones.
"""

import csv
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from institutions.normalise import normalise_text

SEED_FILES = [Path(__file__).resolve().parent / "seed" / name for name in ("core.tsv", "tail.tsv")]
SECTORS = {"industry", "academia", "government", "nonprofit"}


@dataclass
class SeedRow:
    line: int
    name: str
    short_name: str
    sector: str
    parent: str
    country: str
    aliases: dict[str, list[str]] = field(default_factory=dict)


@dataclass
class SeedReport:
    institutions_added: int = 0
    aliases_added: int = 0
    problems: list[str] = field(default_factory=list)


def read_seed(path: Path) -> tuple[list[SeedRow], list[str]]:
    """Parse one seed file; bad lines are returned as problems naming the line."""
    rows: list[SeedRow] = []
    problems: list[str] = []
    with path.open(encoding="utf-8", newline="") as handle:
        for number, cells in enumerate(
            csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE), 1
        ):
            if not cells or not cells[0].strip() or cells[0].startswith("#"):
                continue
            cells += [""] * (8 - len(cells))
            name, short, sector, parent, country = (c.strip() for c in cells[:5])
            if sector not in SECTORS:
                problems.append(f"{path.name} line {number}: {name!r}: unknown sector {sector!r}")
                continue
            split = [[p.strip() for p in c.split("|") if p.strip()] for c in cells[5:8]]
            aliases = {"name": [name, *split[0]], "keyword": split[1], "domain": split[2]}
            rows.append(SeedRow(number, name, short, sector, parent, country, aliases))
    return rows, problems


def load_seed(
    institution_model: Any, alias_model: Any, paths: list[Path] | None = None
) -> SeedReport:
    report = SeedReport()
    rows: list[SeedRow] = []
    for path in paths or SEED_FILES:
        if path.exists():
            parsed, problems = read_seed(path)
            rows += parsed
            report.problems += problems
    existing = {i.name: i for i in institution_model.objects.all()}
    added = {}
    for row in rows:
        if row.name not in existing and row.name not in added:
            added[row.name] = institution_model(
                name=row.name, short_name=row.short_name, sector=row.sector, country=row.country
            )
    institution_model.objects.bulk_create(list(added.values()))
    existing.update(added)
    report.institutions_added = len(added)
    with_parent = []
    for row in rows:
        institution = existing[row.name]
        if row.parent and institution.parent_id is None:
            parent = existing.get(row.parent)
            if parent is None:
                report.problems.append(
                    f"line {row.line}: {row.name!r}: unknown parent {row.parent!r}"
                )
            elif parent.pk != institution.pk:
                institution.parent = parent
                with_parent.append(institution)
    institution_model.objects.bulk_update(with_parent, ["parent"])
    taken = {(a.kind, a.text): a.institution_id for a in alias_model.objects.exclude(kind="not")}
    new_aliases = []
    for row in rows:
        institution = existing[row.name]
        for kind, texts in row.aliases.items():
            for text in texts:
                key = text.lower().strip(".") if kind == "domain" else normalise_text(text)
                if not key:
                    continue
                owner = taken.get((kind, key))
                if owner is None:
                    taken[kind, key] = institution.pk
                    new_aliases.append(
                        alias_model(text=key, kind=kind, institution=institution, source="seed")
                    )
                elif owner != institution.pk:
                    report.problems.append(
                        f"line {row.line}: {kind} alias {key!r} of {row.name!r} "
                        "already names another institution"
                    )
    # bulk_create skips Alias.save(); texts were normalised above exactly as save() would.
    alias_model.objects.bulk_create(new_aliases)
    report.aliases_added = len(new_aliases)
    return report


def ensure_seed() -> None:
    """Load the seed when the institution table is empty (a flushed test database)."""
    from institutions.models import Alias, Institution

    if not Institution.objects.exists():
        load_seed(Institution, Alias)
