"""The ROR import: names in every language, sectors from types, parents from relationships,
re-imports that update in place and keep what curators changed, recorded in the history."""

import json
import lzma
from pathlib import Path

import pytest
from django.core.management import call_command

from curation.models import ChangeRecord
from institutions.models import Institution, RegistryName
from institutions.registry import import_registry, match_texts, sector_of, successors
from tests.institutions.support import ROR_SAMPLE

pytestmark = pytest.mark.django_db

TSINGHUA = "https://ror.org/03cve4549"
DEEPMIND = "https://ror.org/00971b260"
ALPHABET = "https://ror.org/02e9yx751"


@pytest.fixture
def records() -> list[dict]:
    return json.loads(ROR_SAMPLE.read_text(encoding="utf-8"))


def write(tmp_path: Path, records: list[dict], name: str = "ror.json.xz") -> Path:
    path = tmp_path / name
    with lzma.open(path, "wt", encoding="utf-8") as handle:
        json.dump(records, handle)
    return path


def test_it_imports_names_types_places_domains_and_parents(tmp_path, records):
    report = import_registry(write(tmp_path, records))
    assert (report.read, report.imported, report.invalid) == (30, 30, 0)
    tsinghua = Institution.objects.get(ror_id=TSINGHUA)
    assert (tsinghua.name, tsinghua.sector, tsinghua.country, tsinghua.city) == (
        "Tsinghua University", "academia", "CN", "Beijing",
    )  # fmt: skip
    assert tsinghua.domains == ["tsinghua.edu.cn"]
    names = set(RegistryName.objects.filter(institution=tsinghua).values_list("value", "kind"))
    assert {
        ("THU", "acronym"),
        ("清华大学", "label"),
        ("Tsinghua University", "ror_display"),
    } <= names
    deepmind = Institution.objects.get(ror_id=DEEPMIND)
    assert deepmind.parent is not None and deepmind.parent.ror_id == ALPHABET
    assert deepmind.sector == "industry"
    assert any(r["type"] == "parent" for r in deepmind.relationships)


def test_it_maps_ror_types_to_sectors():
    assert sector_of(["company", "funder"]) == "industry"
    assert sector_of(["education", "funder"]) == "academia"
    assert sector_of(["facility"]) == "facility"
    assert sector_of(["funder"]) == "other"


def test_it_matches_names_without_the_country_and_other_spellings():
    assert match_texts("Google (United States)") == ["google united states", "google"]
    assert "university of texas austin" in match_texts("The University of Texas at Austin")
    assert "university of tuebingen" in match_texts("University of Tübingen")
    assert match_texts("Meta4 (Spain)") == ["meta4 spain", "meta4"]


def test_a_reimport_updates_in_place_and_keeps_a_curators_change(tmp_path, records):
    import_registry(write(tmp_path, records))
    tsinghua = Institution.objects.get(ror_id=TSINGHUA)
    pk = tsinghua.pk
    tsinghua.name = "Tsinghua University (curated)"  # a curator's edit
    tsinghua.save()
    again = import_registry(write(tmp_path, records))
    assert (again.imported, again.updated, again.unchanged) == (0, 0, 30)
    for record in records:
        if record["id"] == TSINGHUA:
            record["locations"][0]["geonames_details"]["name"] = "Haidian"
            record["names"][1]["value"] = "Tsinghua Univ."
    newer = import_registry(write(tmp_path, records, "newer.json.xz"))
    assert newer.updated == 1 and newer.curated_kept == 1
    tsinghua = Institution.objects.get(ror_id=TSINGHUA)
    assert tsinghua.pk == pk
    # Curated beats registry for the name; the city the curator never touched follows ROR.
    assert (tsinghua.name, tsinghua.city) == ("Tsinghua University (curated)", "Haidian")
    assert tsinghua.registry["name"] == "Tsinghua Univ."
    history = ChangeRecord.objects.for_object(tsinghua).first()
    assert history is not None and "curated name kept" in history.note
    assert (history.before or {})["city"] == "Beijing"
    assert (history.after or {})["city"] == "Haidian"


def test_a_reimport_keeps_a_curated_parent(tmp_path, records):
    import_registry(write(tmp_path, records))
    deepmind = Institution.objects.get(ror_id=DEEPMIND)
    other = Institution.objects.get(ror_id=TSINGHUA)
    deepmind.parent = other
    deepmind.save()
    import_registry(write(tmp_path, records))
    assert Institution.objects.get(ror_id=DEEPMIND).parent == other


def test_the_command_reads_the_bundled_dump_format(tmp_path, records, capsys):
    call_command("import_ror", str(write(tmp_path, records)), "--no-refresh")
    assert "ROR: read 30, imported 30" in capsys.readouterr().out


def test_a_record_that_ceased_names_its_successors(tmp_path, records):
    # The real shape of a merger: the ceased record points at its successor.
    ceased = json.loads(json.dumps(records[0]))
    ceased.update(id="https://ror.org/05ceased0", status="inactive")
    ceased["relationships"] = [
        {"type": "successor", "id": TSINGHUA, "label": "Tsinghua University"},
        {"type": "successor", "id": "https://ror.org/0notheld0", "label": "Not in the dump"},
    ]
    import_registry(write(tmp_path, [*records, ceased]))
    found = successors()
    tsinghua = Institution.objects.get(ror_id=TSINGHUA).pk
    assert found == {Institution.objects.get(ror_id=ceased["id"]).pk: frozenset([tsinghua])}
