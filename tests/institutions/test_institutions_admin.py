"""Admin curation: the unmatched queue (accept, reject, create), change history and the
revert path, coverage per conference-year, the upload form, the debounced refresh, no N+1."""

import json
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.core.cache import caches
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from curation.history import revert
from curation.models import ChangeRecord
from institutions.models import Alias, ConferenceYearStat, Institution, UnmatchedAffiliation
from institutions.refresh import refresh_all
from institutions.tasks import TOKEN_KEY, refresh_institution_statistics
from tests.institutions.support import ensure_registry, import_list

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _seed(db: None) -> None:
    """The seed the migration loads; reloaded if a transactional test flushed it."""
    ensure_registry()


QUEUE = "/admin/institutions/unmatchedaffiliation/"


@pytest.fixture
def staff(client) -> User:
    user = User.objects.create_superuser("curator", "c@example.org", "pw")
    client.force_login(user)
    return user


@pytest.fixture
def conference_list(tmp_path: Path) -> None:
    records = [
        {"id": "1", "title": "One", "status": "Poster", "author": "A; B",
         "aff": "Googel Brain, Mountain View; Zyxw Qwerty Institute", "aff_domain": "; "},
        {"id": "2", "title": "Two", "status": "Poster", "author": "C",
         "aff": "Googel Brain", "aff_domain": ""},
        {"id": "3", "title": "Three", "status": "Poster", "author": "D",
         "aff": "Department of Statistics", "aff_domain": "stats.ox.ac.uk"},
    ]  # fmt: skip
    import_list(tmp_path, "icml2017.json", records)
    refresh_all()


def google_papers() -> int:
    from institutions.models import InstitutionYearStat

    row = InstitutionYearStat.objects.filter(
        institution__name="Google Brain", collapsed=False
    ).first()
    return row.papers if row else 0


def test_the_queue_lists_unmatched_strings_with_suggestion_and_evidence(
    client, staff, conference_list
):
    rows = list(UnmatchedAffiliation.objects.queue().values_list("example", "mentions"))
    assert rows[0] == ("Googel Brain, Mountain View", 2)  # most frequent first
    gogle = UnmatchedAffiliation.objects.get(key="googel brain")
    assert gogle.suggestion is not None and gogle.suggestion.name == "Google Brain"
    assert gogle.evidence["similar"][0][1] == "Google Brain"
    page = client.get(QUEUE).content.decode()
    assert "Accept → Google" in page and "New institution" in page and "similar:" in page
    # The domain rule resolved the department-only string (Oxford e-mail): not in the queue.
    assert not UnmatchedAffiliation.objects.filter(example="Department of Statistics").exists()


def test_accepting_a_suggestion_adds_a_recorded_alias_and_changes_the_statistics(
    client, staff, conference_list
):
    assert google_papers() == 0
    row = UnmatchedAffiliation.objects.get(key="googel brain")
    response = client.post(f"{QUEUE}{row.pk}/accept/", follow=True)
    assert "→ Google" in response.content.decode()
    alias = Alias.objects.get(text="googel brain")
    assert (alias.institution.name, alias.kind, alias.source) == ("Google Brain", "name", "curated")
    change = ChangeRecord.objects.for_object(alias).get()
    assert (change.action, change.user) == ("add", staff)
    refresh_all()  # what the debounced task does on commit
    assert google_papers() == 2
    # Revert: the alias goes, the statistics follow.
    revert(change, staff)
    assert not Alias.objects.filter(text="googel brain").exists()
    refresh_all()
    assert google_papers() == 0
    assert UnmatchedAffiliation.objects.filter(key="googel brain").exists()


def test_rejecting_a_suggestion_records_a_not_alias_and_the_suggestion_goes(
    client, staff, conference_list
):
    row = UnmatchedAffiliation.objects.get(key="googel brain")
    client.post(f"{QUEUE}{row.pk}/reject/")
    assert Alias.objects.filter(
        kind="not", text="googel brain", institution__name="Google Brain"
    ).exists()
    refresh_all()
    row = UnmatchedAffiliation.objects.get(key="googel brain")
    assert row.suggestion is None or row.suggestion.name != "Google Brain"
    assert ChangeRecord.objects.filter(note__startswith="rejected suggestion").count() == 1


def test_creating_a_new_institution_from_the_queue(client, staff, conference_list):
    row = UnmatchedAffiliation.objects.get(key="zyxw qwerty institute")
    client.post(f"{QUEUE}{row.pk}/create/")
    institution = Institution.objects.get(name="Zyxw Qwerty Institute")
    assert institution.sector == "academia"
    assert institution.aliases.get().text == "zyxw qwerty institute"
    assert ChangeRecord.objects.filter(action="add").count() == 2  # institution and alias
    assert not UnmatchedAffiliation.objects.filter(pk=row.pk).exists()


def test_the_bulk_accept_action(client, staff, conference_list):
    ids = list(
        UnmatchedAffiliation.objects.filter(suggestion__isnull=False).values_list("pk", flat=True)
    )
    client.post(QUEUE, {"action": "accept_selected", "_selected_action": ids})
    assert Alias.objects.filter(source="curated", kind="name").count() == len(ids)


def test_a_get_or_a_clerk_cannot_change_aliases(client, staff, conference_list):
    row = UnmatchedAffiliation.objects.get(key="googel brain")
    client.get(f"{QUEUE}{row.pk}/accept/")
    assert not Alias.objects.filter(text="googel brain").exists()
    clerk = User.objects.create_user("clerk", password="pw", is_staff=True)
    client.force_login(clerk)
    client.post(f"{QUEUE}{row.pk}/accept/")
    assert not Alias.objects.filter(text="googel brain").exists()


def test_admin_edits_of_institutions_are_recorded_and_revertible(client, staff, conference_list):
    google = Institution.objects.get(name="Google Brain")
    data = {
        "name": "Google Brain", "short_name": "Google Brain", "sector": "academia",
        "parent": google.parent_id,
        "country": "US", "aliases-TOTAL_FORMS": 0, "aliases-INITIAL_FORMS": 0,
    }  # fmt: skip
    response = client.post(f"/admin/institutions/institution/{google.pk}/change/", data)
    assert response.status_code == 302
    change = ChangeRecord.objects.for_object(google).get()
    assert change.changed_fields() == {"sector": ("industry", "academia")}
    client.post(f"/admin/curation/changerecord/{change.pk}/revert/")
    google.refresh_from_db()
    assert google.sector == "industry"


def test_coverage_per_conference_year_in_the_admin(client, staff, conference_list):
    stat = ConferenceYearStat.objects.get()
    assert (stat.mentions, stat.resolved) == (4, 1)
    page = client.get("/admin/institutions/conferenceyearstat/").content.decode()
    assert "25.0%" in page


def test_the_upload_form_imports_a_list(client, staff):
    upload = SimpleUploadedFile(
        "neurips2016.json",
        json.dumps(
            [{"id": "9", "title": "T", "status": "Oral", "author": "A", "aff": "MIT"}]
        ).encode(),
    )
    response = client.post(
        "/admin/institutions/conferencepaper/import/", {"file": upload}, follow=True
    )
    assert "neurips 2016: read 1, imported 1" in response.content.decode().lower()
    assert ConferenceYearStat.objects.get().resolved == 1


@pytest.mark.parametrize(
    "url",
    [
        "/admin/institutions/institution/", "/admin/institutions/alias/", QUEUE,
        "/admin/institutions/conferenceyearstat/", "/admin/institutions/conferencepaper/",
        "/admin/curation/changerecord/",
    ],
)  # fmt: skip
def test_admin_lists_make_no_query_per_row(
    client, staff, conference_list, url, django_assert_max_num_queries
):
    for row in UnmatchedAffiliation.objects.all():
        client.post(f"{QUEUE}{row.pk}/create/")
    with django_assert_max_num_queries(15):
        assert client.get(url).status_code == 200


def test_the_refresh_task_is_debounced(conference_list):
    caches["shared"].set(TOKEN_KEY, "newer", 60)
    assert refresh_institution_statistics("older") == {"skipped": "superseded by a newer change"}
    assert "seconds" in refresh_institution_statistics("newer")
    assert "seconds" in refresh_institution_statistics(None)


def test_saving_an_alias_schedules_one_refresh_on_commit(django_capture_on_commit_callbacks):
    google = Institution.objects.get(name="Google Brain")
    with django_capture_on_commit_callbacks() as callbacks:
        Alias.objects.create(text="Gogle", institution=google)
    assert len(callbacks) == 1


def test_many_changes_in_one_transaction_schedule_one_refresh(django_capture_on_commit_callbacks):
    google = Institution.objects.get(name="Google Brain")
    with django_capture_on_commit_callbacks() as callbacks, transaction.atomic():
        for text in ("Gogle", "Googel", "Goolge"):
            Alias.objects.create(text=text, institution=google)
        google.short_name = "GB"
        google.save()
    assert len(callbacks) == 1


def test_a_change_after_a_rolled_back_savepoint_still_schedules_its_refresh(
    django_capture_on_commit_callbacks,
):
    google = Institution.objects.get(name="Google Brain")
    with django_capture_on_commit_callbacks() as callbacks, transaction.atomic():
        try:
            with transaction.atomic():  # its hook goes with the savepoint
                Alias.objects.create(text="Gogle", institution=google)
                raise RuntimeError
        except RuntimeError:
            pass
        Alias.objects.create(text="Googel", institution=google)
    assert len(callbacks) == 1
    assert Alias.objects.filter(text__iexact="googel").exists()
    assert not Alias.objects.filter(text__iexact="gogle").exists()


def test_the_history_button_of_an_institution_lists_its_change_records(client, staff):
    google = Institution.objects.get(name="Google Brain")
    response = client.get(f"/admin/institutions/institution/{google.pk}/history/")
    assert response.status_code == 302
    assert f"object_pk={google.pk}" in response["Location"]
    assert client.get(response["Location"]).status_code == 200
