"""coverage.held_out: each venue-year measured as a list the project has never seen, without
the curated aliases only its own strings use (how Unbabel and Sea AI Lab, curated from COLM
2025's strings, were found to leak into its figures)."""

from pathlib import Path

import pytest
from django.core.management import call_command

from institutions.coverage import evaluate, held_out
from institutions.resolver import Resolver
from tests.institutions.support import ensure_registry, import_list

BRAIN, UNBABEL, STANFORD = 1, 2, 3


def resolver() -> Resolver:
    return Resolver.from_rows(
        [
            ("name", "google brain", BRAIN),
            ("name", "unbabel", UNBABEL),
            ("keyword", "unbabel", UNBABEL),  # shadowed by the name: answers nothing
            ("domain", "unbabel.com", UNBABEL),
        ],
        [("stanford university", STANFORD, "ror_display")],
        [(STANFORD, "US", "Stanford", None, ["stanford.edu"])],
    )


ROWS = [
    ("icml", 2017, "Google Brain", "", 1, "A", 1),
    ("icml", 2017, "Stanford University", "", 2, "B", 1),
    ("colm", 2025, "Google Brain", "", 3, "C", 2),
    ("colm", 2025, "Unbabel", "", 4, "D", 3),
    ("colm", 2025, "Unbabel, Lisbon", "", 5, "E", 3),
    ("colm", 2025, "Stanford University", "", 6, "F", 4),
]


def test_a_resolution_names_the_curated_alias_that_answered():
    found = resolver().resolve("Unbabel, Lisbon")
    assert (found.institution_id, found.alias) == (UNBABEL, "name:unbabel")
    assert resolver().resolve("Stanford University").alias == ""
    assert resolver().resolve("Department of Statistics", "unbabel.com").alias == (
        "domain:unbabel.com"
    )


def test_a_list_loses_only_the_aliases_no_other_list_uses():
    stats = held_out(resolver(), ROWS)
    colm, icml = stats["colm", 2025], stats["icml", 2017]
    # Unbabel's name answered only COLM's strings; its keyword and domain answered nothing
    # anywhere and go with it (else the keyword would answer in the name's place).
    assert colm.held_out == ["domain:unbabel.com", "keyword:unbabel", "name:unbabel"]
    assert (colm.mentions, colm.resolved) == (4, 2)  # Google Brain and Stanford remain
    assert icml.held_out == [] and icml.coverage == 1.0
    # As shipped, both lists resolve everything.
    assert evaluate(resolver(), ROWS)["colm", 2025].coverage == 1.0


@pytest.mark.django_db
def test_the_command_measures_each_list_without_its_own_aliases(tmp_path: Path, capsys):
    ensure_registry()
    records = [
        {"id": "1", "title": "A", "status": "Poster", "author": "Ann One; Bo Two",
         "aff": "Google Brain; Stanford University", "aff_domain": "; "},
    ]  # fmt: skip
    import_list(tmp_path, "colm2025.json", records)
    call_command("coverage_institutions", "--held-out", "--top", "1")
    out = capsys.readouterr().out
    # The only list: every alias of Google Brain it used is its own, and those that
    # answered nothing go with them. "Google Brain" is then Google, by the unit step.
    assert "held out of colm 2025: 6 keyword:google brain, name:google brain, " in out
    assert out.splitlines()[1].endswith("unit 1, registry 1")
