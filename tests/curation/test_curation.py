"""The generic change history: recording through code and admin, and reverting."""

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group, Permission, User
from django.test import RequestFactory

from curation.admin import CurationAdminMixin
from curation.history import RevertError, delete_with_record, record_added, revert, tracked
from curation.models import ChangeRecord

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff() -> User:
    return User.objects.create_superuser("curator", "c@example.org", "pw")


class TrackedGroupAdmin(CurationAdminMixin, admin.ModelAdmin):
    pass


def admin_request(user: User):
    request = RequestFactory().post("/")
    request.user = user
    return request


def test_it_records_an_add_with_user_and_after_snapshot(staff):
    group = Group.objects.create(name="curators")
    change = record_added(group, staff, note="seed")
    assert (change.action, change.user, change.before, change.note) == ("add", staff, None, "seed")
    assert change.after == {"name": "curators", "permissions": []}
    assert list(ChangeRecord.objects.for_object(group)) == [change]


def test_it_records_a_change_with_before_and_after(staff):
    group = Group.objects.create(name="old")
    group.name = "modified before the block"  # e.g. by an admin form: the DB still says "old"
    with tracked(group, staff):
        group.name = "new"
        group.save()
    change = ChangeRecord.objects.get()
    assert change.action == "change"
    assert change.changed_fields() == {"name": ("old", "new")}


def test_an_unchanged_save_records_nothing(staff):
    group = Group.objects.create(name="same")
    with tracked(group, staff):
        group.save()
    assert not ChangeRecord.objects.exists()


def test_reverting_a_change_restores_the_before_state_and_is_recorded(staff):
    group = Group.objects.create(name="old")
    with tracked(group, staff):
        group.name = "new"
        group.save()
    change = ChangeRecord.objects.get()
    undo = revert(change, staff)
    group.refresh_from_db()
    assert group.name == "old"
    change.refresh_from_db()
    assert change.reverted and change.reverted_by == staff
    assert undo.reverts == change and undo.changed_fields() == {"name": ("new", "old")}
    with pytest.raises(RevertError, match="already reverted"):
        revert(change, staff)
    # The undo is itself revertable.
    revert(undo, staff)
    group.refresh_from_db()
    assert group.name == "new"


def test_reverting_an_add_deletes_the_object(staff):
    group = Group.objects.create(name="mistake")
    change = record_added(group, staff)
    undo = revert(change, staff)
    assert not Group.objects.filter(pk=group.pk).exists()
    assert undo.action == "delete"


def test_reverting_a_delete_brings_back_the_object_its_m2m_and_the_cascaded_rows(staff):
    permission = Permission.objects.get(codename="view_changerecord")
    group = Group.objects.create(name="doomed")
    group.permissions.add(permission)
    member = User.objects.create_user("member")
    member.groups.add(group)
    group_pk = group.pk
    change = delete_with_record(group, staff)
    assert not Group.objects.filter(name="doomed").exists()
    assert any(item["model"] == "auth.user_groups" for item in change.cascade)
    revert(change, staff)
    restored = Group.objects.get(name="doomed")
    assert restored.pk == group_pk
    assert list(restored.permissions.all()) == [permission]
    assert list(member.groups.all()) == [restored]


def test_a_revert_is_refused_when_the_object_changed_again_since(staff):
    group = Group.objects.create(name="a")
    with tracked(group, staff):
        group.name = "b"
        group.save()
    first = ChangeRecord.objects.get()
    with tracked(group, staff):
        group.name = "c"
        group.save()
    with pytest.raises(RevertError, match="changed again since"):
        revert(first, staff)
    assert Group.objects.get(pk=group.pk).name == "c"


def test_the_admin_mixin_records_form_saves_and_deletes(staff):
    model_admin = TrackedGroupAdmin(Group, admin.site)
    request = admin_request(staff)
    group = Group(name="via admin")
    model_admin.save_model(request, group, form=None, change=False)  # type: ignore[arg-type]
    group.name = "renamed in admin"
    model_admin.save_model(request, group, form=None, change=True)  # type: ignore[arg-type]
    model_admin.delete_queryset(request, Group.objects.filter(pk=group.pk))
    actions = list(ChangeRecord.objects.for_object(group).values_list("action", flat=True))
    assert actions == ["delete", "change", "add"]


def test_the_admin_history_lists_changes_and_reverts_through_the_confirm_page(client, staff):
    group = Group.objects.create(name="before")
    with tracked(group, staff, note="test"):
        group.name = "after"
        group.save()
    change = ChangeRecord.objects.get()
    client.force_login(staff)
    listing = client.get("/admin/curation/changerecord/")
    assert listing.status_code == 200
    assert b"before" in listing.content and b"Revert" in listing.content
    confirm = client.get(f"/admin/curation/changerecord/{change.pk}/revert/")
    assert confirm.status_code == 200 and b"Revert this change" in confirm.content
    done = client.post(f"/admin/curation/changerecord/{change.pk}/revert/", follow=True)
    assert b"Reverted #" in done.content
    assert Group.objects.get(pk=group.pk).name == "before"


def test_staff_without_the_models_permissions_cannot_revert(client, staff):
    group = Group.objects.create(name="x")
    change = record_added(group, staff)
    clerk = User.objects.create_user("clerk", password="pw", is_staff=True)
    clerk.user_permissions.add(Permission.objects.get(codename="view_changerecord"))
    client.force_login(clerk)
    client.post(f"/admin/curation/changerecord/{change.pk}/revert/")
    assert Group.objects.filter(pk=group.pk).exists()
