"""The curated seed reaches databases that already hold an older one: changed, moved and
removed entries are applied on the next load, a curator's change made in admin is never
overwritten (curated by staff beats seed), and both are written to the curation history."""

from pathlib import Path

import pytest
from django.core.management import call_command

from curation.history import delete_with_record, tracked
from curation.models import ChangeRecord
from institutions.models import Alias, Institution, ParentLink
from institutions.seed_loader import load_seed
from tests.institutions.support import ROR_SAMPLE

pytestmark = pytest.mark.django_db

HEADER = "# name\tshort\tsector\tparent\tcountry\tror id\taliases\tkeywords\tdomains\n"
V1 = [
    "PROWLER.io\tPROWLER\tindustry\t\tGB\t\tProwler\tprowler\tprowler.io",
    "Strategy Robot\t\tindustry\t\tUS\t\tStrategy Robot Inc.|Optimized Markets\t\t",
    "Example Lab\t\tacademia\tStrategy Robot\tUS\t\tEXL|Example Group\t\t",
]


def seed(
    tmp_path: Path, rows: list[str], links: tuple[str, ...] | list[str] = ()
) -> tuple[Path, Path]:
    curated, parent_links = tmp_path / "curated.tsv", tmp_path / "links.tsv"
    curated.write_text(HEADER + "\n".join(rows) + "\n", encoding="utf-8")
    parent_links.write_text("# child\tparent\tsince\tuntil\n" + "\n".join(links) + "\n")
    return curated, parent_links


def aliases(name: str) -> set[str]:
    return set(Alias.objects.filter(institution__name=name).values_list("text", flat=True))


def seed_notes() -> list[str]:
    return list(ChangeRecord.objects.filter(note__startswith="seed").values_list("note", flat=True))


@pytest.fixture
def curator(django_user_model):
    return django_user_model.objects.create_user("curator", is_staff=True)


def test_a_second_load_of_the_same_seed_changes_nothing(tmp_path):
    first = load_seed(*seed(tmp_path, V1, ["Example Lab\t\t\t2019"]))
    assert (first.institutions_added, first.links_added) == (3, 1)
    again = load_seed(*seed(tmp_path, V1, ["Example Lab\t\t\t2019"]))
    assert (again.institutions_added, again.aliases_added, again.links_added) == (0, 0, 0)
    assert (again.changed, again.removed, again.kept, again.problems) == (0, 0, 0, [])
    assert seed_notes() == []


def test_changed_moved_and_removed_entries_reach_an_existing_database(tmp_path):
    load_seed(*seed(tmp_path, V1, ["Example Lab\t\t\t2019"]))
    robot = Institution.objects.get(name="Strategy Robot")
    v2 = [
        "PROWLER.io\tPROWLER\tindustry\t\tGB\t\tProwler\tprowler\tprowler.io",
        # "Optimized Markets" is a company of its own, not an alias of Strategy Robot.
        "Strategy Robot\tStrategy Robot\tindustry\t\tUS\t\tStrategy Robot Inc.\t\t",
        "Optimized Markets\t\tindustry\t\tUS\t\tOptimized Markets Inc.\t\t",
        "Example Lab\t\tacademia\tPROWLER.io\tGB\t\tEXL\t\t",  # parent, country, alias
    ]
    report = load_seed(*seed(tmp_path, v2))  # and the parent link is gone
    robot.refresh_from_db()
    lab = Institution.objects.get(name="Example Lab")
    markets = Institution.objects.get(name="Optimized Markets")
    assert robot.short_name == "Strategy Robot"
    assert lab.parent is not None and (lab.parent.name, lab.country) == ("PROWLER.io", "GB")
    assert aliases("Example Lab") == {"example laboratory", "exl"}
    assert Alias.objects.get(text="optimized markets").institution == markets
    assert not ParentLink.objects.exists()
    assert report.removed == 2  # the alias "example group" and the link
    assert report.institutions_added == 1 and report.problems == []
    notes = seed_notes()
    assert "seed: moved by curated.tsv" in notes
    assert "seed: no longer in parent_links.tsv" in notes
    assert notes.count("seed: no longer in curated.tsv") == 1
    lab_history = ChangeRecord.objects.for_object(lab).filter(note__startswith="seed")
    assert {"country", "parent"} <= set().union(*(r.changed_fields() for r in lab_history))


def test_a_curators_changes_beat_the_seed_and_are_recorded(tmp_path, curator):
    load_seed(*seed(tmp_path, V1))
    prowler = Institution.objects.get(name="PROWLER.io")
    with tracked(prowler, curator, note="admin form"):
        prowler.sector = "nonprofit"
        prowler.save()
    moved = Alias.objects.get(text="optimized markets")
    with tracked(moved, curator, note="admin form"):
        moved.institution = prowler
        moved.save()
    delete_with_record(Alias.objects.get(text="exl"), curator, note="admin delete")
    v2 = [
        "PROWLER.io\tPROWLER\tgovernment\t\tGB\t\tProwler\tprowler\tprowler.io",
        "Strategy Robot\t\tindustry\t\tUS\t\tStrategy Robot Inc.\t\t",
        "Example Lab\t\tacademia\tStrategy Robot\tUS\t\tEXL|Example Group\t\t",
    ]
    report = load_seed(*seed(tmp_path, v2))
    prowler.refresh_from_db()
    assert prowler.sector == "nonprofit"  # the curator's, not the seed's old or new value
    assert Alias.objects.get(text="optimized markets").institution == prowler
    assert not Alias.objects.filter(text="exl").exists()  # not brought back
    assert report.kept == 3 and report.removed == 0
    declined = ChangeRecord.objects.for_object(prowler).first()
    assert (
        declined is not None
        and declined.note == "seed: curated.tsv update; curated sector kept over the seed's"
    )


def test_a_database_loaded_before_the_seeds_last_word_was_kept(tmp_path, curator):
    """No last word: a field is the curator's when the history shows a curator's change."""
    load_seed(*seed(tmp_path, V1))
    Institution.objects.update(registry={})
    robot = Institution.objects.get(name="Strategy Robot")
    with tracked(robot, curator, note="admin form"):
        robot.country = "CA"
        robot.save()
    v2 = [
        "PROWLER.io\tPROWLER\tindustry\t\tFR\t\tProwler\tprowler\tprowler.io",
        "Strategy Robot\t\tindustry\t\tGB\t\tStrategy Robot Inc.|Optimized Markets\t\t",
        "Example Lab\t\tacademia\tStrategy Robot\tUS\t\tEXL|Example Group\t\t",
    ]
    load_seed(*seed(tmp_path, v2))
    assert Institution.objects.get(name="PROWLER.io").country == "FR"
    assert Institution.objects.get(name="Strategy Robot").country == "CA"
    # From now on the seed's last word is kept, so the next change needs no history.
    assert Institution.objects.get(name="PROWLER.io").registry["seed"]["country"] == "FR"


def test_a_renamed_institution_keeps_its_identity(tmp_path):
    load_seed(*seed(tmp_path, V1))
    prowler = Institution.objects.get(name="PROWLER.io")
    v2 = [
        "Secondmind\tSecondmind\tindustry\t\tGB\t\tPROWLER.io|Prowler\tsecondmind|prowler\t"
        "secondmind.ai|prowler.io",
        *V1[1:],
    ]
    report = load_seed(*seed(tmp_path, v2))
    prowler.refresh_from_db()
    assert (prowler.name, prowler.short_name) == ("Secondmind", "Secondmind")
    assert {"secondmind", "prowler io", "prowler"} <= aliases("Secondmind")
    assert report.institutions_added == 0 and report.removed == 0


def test_an_institution_the_seed_drops_goes_unless_a_curator_changed_it(tmp_path, curator):
    load_seed(*seed(tmp_path, V1))
    lab = Institution.objects.get(name="Example Lab")
    with tracked(lab, curator, note="admin form"):
        lab.short_name = "ExLab"
        lab.save()
    report = load_seed(*seed(tmp_path, V1[1:2]))  # PROWLER.io and Example Lab dropped
    assert not Institution.objects.filter(name="PROWLER.io").exists()
    assert Institution.objects.get(name="Example Lab").short_name == "ExLab"
    assert report.removed >= 1 and report.kept >= 1
    gone = ChangeRecord.objects.get(action="delete", object_repr="PROWLER.io")
    assert gone.note == "seed: no longer in curated.tsv"  # revertible from the history


def test_a_deleted_institution_is_not_brought_back(tmp_path, curator):
    load_seed(*seed(tmp_path, V1[:2]))
    delete_with_record(Institution.objects.get(name="PROWLER.io"), curator, note="admin delete")
    report = load_seed(*seed(tmp_path, V1[:2]))
    assert not Institution.objects.filter(name="PROWLER.io").exists()
    assert report.institutions_added == 0 and report.kept == 1


def test_the_bundled_seed_loads_twice_without_changes(capsys):
    call_command("load_institutions", "--no-refresh", "--ror", str(ROR_SAMPLE))
    capsys.readouterr()
    call_command("load_institutions", "--no-refresh", "--if-empty")
    assert (
        "curated: added 0 institutions, 0 aliases, 0 parent links; changed 0, removed 0, "
        "curators' changes kept 0"
    ) in capsys.readouterr().out


def test_a_change_made_in_the_admin_form_is_kept_and_the_seeds_other_changes_applied(
    tmp_path, client, django_user_model
):
    client.force_login(django_user_model.objects.create_superuser("admin", "a@example.org", "pw"))
    load_seed(*seed(tmp_path, V1))
    prowler = Institution.objects.get(name="PROWLER.io")
    data = {
        "name": "PROWLER.io", "short_name": "PROWLER", "sector": "nonprofit", "country": "GB",
        "registry": '{"seed": {"name": "PROWLER.io", "short_name": "PROWLER", '
                    '"sector": "industry", "country": "GB"}}',
        "types": "[]", "domains": "[]", "relationships": "[]",
        "aliases-TOTAL_FORMS": 0, "aliases-INITIAL_FORMS": 0,
    }  # fmt: skip
    response = client.post(f"/admin/institutions/institution/{prowler.pk}/change/", data)
    assert response.status_code == 302
    v2 = ["PROWLER.io\tProwler\tgovernment\t\tFR\t\tProwler\tprowler\tprowler.io", *V1[1:]]
    report = load_seed(*seed(tmp_path, v2))
    prowler.refresh_from_db()
    assert prowler.sector == "nonprofit"  # the curator's
    assert (prowler.short_name, prowler.country) == ("Prowler", "FR")  # the seed's new word
    assert report.kept == 1 and report.changed == 1


def test_a_curators_institution_holding_a_moved_seed_alias_is_not_the_seeds(tmp_path, curator):
    load_seed(*seed(tmp_path, V1))
    own = Institution.objects.create(name="Curators Lab", sector="academia")
    moved = Alias.objects.get(text="exl")
    with tracked(moved, curator, note="admin form"):
        moved.institution = own
        moved.save()
    report = load_seed(*seed(tmp_path, V1))
    assert Alias.objects.get(text="exl").institution == own
    assert report.removed == 0 and report.kept == 1
