"""Year-bound parent links are curated in admin: recorded in the history and revertible."""

import pytest

from curation.history import revert
from curation.models import ChangeRecord
from institutions.models import Institution, ParentLink
from tests.institutions.support import ensure_registry

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _seed(db: None) -> None:
    ensure_registry()


def test_it_edits_a_parent_link_in_admin_recorded_and_revertible(admin_client):
    link = ParentLink.objects.get(child__name="Google Brain")
    assert link.parent is not None
    assert (link.parent.name, link.since, link.until) == ("Google (United States)", None, 2022)
    url = f"/admin/institutions/parentlink/{link.pk}/change/"
    assert admin_client.get(url).status_code == 200
    response = admin_client.post(
        url, {"child": link.child_id, "parent": link.parent_id, "since": "", "until": "2021"}
    )
    assert response.status_code == 302
    link.refresh_from_db()
    assert link.until == 2021 and not link.covers(2022)
    change = ChangeRecord.objects.for_object(link).first()
    assert change is not None and change.changed_fields()["until"] == (2022, 2021)
    revert(change)
    link.refresh_from_db()
    assert link.until == 2022


def test_the_seed_links_hold_the_years_before_the_mergers():
    brain = Institution.objects.get(name="Google Brain", ror_id=None)
    assert brain.parent is not None
    assert brain.parent.name == "Google DeepMind (United Kingdom)"  # today
    assert [(lk.until, lk.parent and lk.parent.name) for lk in brain.parent_links.all()] == [
        (2022, "Google (United States)")
    ]
