"""Curating entities and aliases: preview before saving, every change recorded and
revertible (curation app), and the numbers updated within seconds by a real worker."""

import json
import time

import pytest
from django.contrib.auth import get_user_model

from curation.history import revert
from curation.models import ChangeRecord
from entities.models import Entity, EntityAlias
from ingest.snapshot import SnapshotFilter, import_snapshot
from tests.conftest import wait_until
from tests.entities.entities_support import seeded_entities  # noqa: F401  (fixture)
from tests.entities.test_entities_aggregates import FIRST, record

pytestmark = pytest.mark.usefixtures("seeded_entities")

PREVIEW = "/admin/entities/entityalias/preview/"


@pytest.fixture
def staff(client):
    user = get_user_model().objects.create_superuser("curator", "c@example.org", "pw")
    client.force_login(user)
    return user


def alias_form(entity: Entity, phrase: str, **extra: str) -> dict[str, str]:
    return {
        "entity": str(entity.pk),
        "phrase": phrase,
        "exclusions": "",
        "context": "",
        "context_window": "0",
        "note": "",
        **extra,
    }


@pytest.mark.django_db
def test_the_preview_shows_what_an_unsaved_alias_would_match(client, staff, write_snapshot):
    papers = [
        *FIRST,
        record("1708.00001", "Aug 2017", "cs.LG", "Built on Caffe 2 and Caffe."),
        record("1708.00002", "Aug 2017", "cs.LG", "Only Caffe 2 here."),
    ]
    import_snapshot(write_snapshot(papers), SnapshotFilter(None))
    caffe = Entity.objects.get(slug="caffe")
    response = client.get(PREVIEW, alias_form(caffe, "Caffe", exclusions="Caffe 2"))
    text = response.content.decode()
    assert response.status_code == 200
    assert "<strong>1</strong> papers matched" in text
    assert "(0 not counted for this entity yet)" in text
    assert "<strong>1</strong> raw matches cancelled" in text
    assert "<mark>Caffe</mark>" in text and "1708.00002" in text

    torch = Entity.objects.get(slug="torch")
    response = client.get(PREVIEW, alias_form(torch, "PyTorch"))
    assert "<strong>2</strong> papers matched" in response.content.decode()
    assert "(2 not counted for this entity yet)" in response.content.decode()

    response = client.get(PREVIEW, alias_form(torch, "(unclosed", is_pattern="1"))
    assert "not a valid regular expression" in response.content.decode()
    assert not EntityAlias.objects.filter(
        phrase__in=["PyTorch", "(unclosed"], entity=torch
    ).exists()


@pytest.mark.django_db
def test_the_preview_is_staff_only(client):
    response = client.get(PREVIEW, {"phrase": "x"})
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


@pytest.mark.django_db
def test_the_alias_form_refuses_a_broken_pattern_and_shows_the_preview_button(client, staff):
    jax = Entity.objects.get(slug="jax")
    response = client.post(
        "/admin/entities/entityalias/add/", alias_form(jax, "jax[", is_pattern="on")
    )
    assert response.status_code == 200
    assert "not a valid regular expression" in response.content.decode()
    assert not EntityAlias.objects.filter(phrase="jax[").exists()
    page = client.get("/admin/entities/entityalias/add/").content.decode()
    assert 'id="alias-preview-button"' in page


@pytest.mark.worker
def test_an_admin_alias_change_updates_the_numbers_within_seconds_and_reverts(
    celery_worker_process, client, staff, write_snapshot
):
    import_snapshot(write_snapshot(FIRST), SnapshotFilter(None))
    celery_worker_process()

    def theano_count() -> int:
        response = client.get("/api/entities", {"kind": "framework", "month": "2017-06"})
        rows = json.loads(response.content)["rows"]
        return next(row["papers"] for row in rows if row["entity"] == "theano")

    assert theano_count() == 0
    theano = Entity.objects.get(slug="theano")
    started = time.monotonic()
    response = client.post(
        "/admin/entities/entityalias/add/", alias_form(theano, "tf.keras", note="test")
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert wait_until(lambda: theano_count() == 1, timeout=60)
    seconds = time.monotonic() - started
    print(f"alias saved in the admin -> new count served in {seconds:.1f} s")
    assert seconds < 30

    change = ChangeRecord.objects.for_model(EntityAlias).get(action="add")
    assert change.user == staff
    assert change.after is not None and change.after["phrase"] == "tf.keras"
    revert(change, staff)
    assert not EntityAlias.objects.filter(entity=theano, phrase="tf.keras").exists()
    assert wait_until(lambda: theano_count() == 0, timeout=60)

    # Editing an entity's aliases inline is recorded too.
    alias = EntityAlias.objects.get(entity__slug="torch", phrase="Torch7")
    response = client.post(
        f"/admin/entities/entityalias/{alias.pk}/change/",
        alias_form(alias.entity, "Torch-7"),
    )
    assert response.status_code == 302
    edit = ChangeRecord.objects.for_object(alias).first()
    assert edit is not None and edit.before is not None and edit.after is not None
    assert (edit.before["phrase"], edit.after["phrase"]) == ("Torch7", "Torch-7")
