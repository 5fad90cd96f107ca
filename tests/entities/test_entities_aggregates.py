"""Per-paper mentions and their month aggregates: on import, incrementally, after alias changes."""

import json

import pytest
from django.core.management import call_command

from entities.mentions import rematch_entities
from entities.models import Entity, EntityAlias, EntityMention, EntityMonthCount, PaperScan
from entities.seeding import SeedError, read_seed
from ingest.snapshot import SnapshotFilter, import_snapshot
from tests.conftest import paper
from tests.entities.entities_support import seeded_entities  # noqa: F401  (fixture)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("seeded_entities")]


def record(arxiv_id, month, categories, abstract, updated="2019-01-01", title="A study"):
    return paper(
        arxiv_id,
        title=title,
        abstract=abstract,
        categories=categories,
        versions=[{"version": "v1", "created": f"Mon, 5 {month} 10:00:00 GMT"}],
        update_date=updated,
    )


FIRST = [
    record("1706.00001", "Jun 2017", "cs.LG", "We use PyTorch and tf.keras."),
    record("1706.00002", "Jun 2017", "cs.CV", "Implemented in Torch7."),
    record("1706.00003", "Jun 2017", "math.OC cs.LG", "A PyTorch solver."),
    record("1707.00001", "Jul 2017", "cs.CL", "Nothing to see."),
]


def table(client, **params):
    response = client.get("/api/entities", {"kind": "framework", **params})
    assert response.status_code == 200, response.content
    data = json.loads(response.content)
    return data, {row["entity"]: row for row in data["rows"]}


@pytest.fixture
def imported(write_snapshot):
    import_snapshot(write_snapshot(FIRST), SnapshotFilter(None))


def test_it_counts_mentions_per_month_by_primary_category(client, imported):
    data, rows = table(client, month="2017-06")
    # math.OC is not an ML primary category: that paper is outside the default selection.
    assert data["total"] == 2
    assert rows["pytorch"]["papers"] == 1
    assert rows["pytorch"]["percent"] == 50.0
    assert rows["tensorflow"]["papers"] == 1  # through tf.keras
    assert rows["keras"]["papers"] == 1
    assert rows["torch"]["papers"] == 1
    assert rows["theano"]["papers"] == 0
    assert data["rows"][0]["papers"] >= data["rows"][-1]["papers"]

    data, rows = table(client, month="2017-06", categories="all")
    assert data["total"] == 3
    assert rows["pytorch"]["papers"] == 2
    assert rows["pytorch"]["first_seen"] == "2017-06"
    assert rows["pytorch"]["months_around"] == 1  # its first month counts

    data, rows = table(client, month="2017-07")
    assert rows["pytorch"]["papers"] == 0
    assert rows["pytorch"]["months_around"] == 2
    assert rows["theano"]["months_around"] is None


# Transactional: two imports inside one test transaction trip over the term statistics'
# ON COMMIT DROP temp table (trends/terms/merge.py), which only a real commit drops.
@pytest.mark.django_db(transaction=True)
def test_it_matches_only_new_or_changed_papers_after_an_import(client, imported, write_snapshot):
    old_mentions = set(EntityMention.objects.values_list("pk", flat=True))
    assert PaperScan.objects.count() == 4
    newer = [
        record("1707.00002", "Jul 2017", "cs.LG", "Keras on Theano."),
        # A newer version of a paper replaces its text: its mentions follow.
        record("1706.00001", "Jun 2017", "cs.LG", "We use JAX.", updated="2019-06-01"),
    ]
    import_snapshot(write_snapshot(newer, "second.jsonl"), SnapshotFilter(None))
    assert PaperScan.objects.count() == 5
    # Mentions of untouched papers were not rewritten.
    kept = set(EntityMention.objects.values_list("pk", flat=True)) & old_mentions
    untouched = EntityMention.objects.filter(paper__arxiv_id__in=["1706.00002", "1706.00003"])
    assert set(untouched.values_list("pk", flat=True)) <= kept

    _, rows = table(client, month="2017-06")
    assert rows["pytorch"]["papers"] == 0
    assert rows["jax"]["papers"] == 1
    _, rows = table(client, month="2017-07")
    assert rows["keras"]["papers"] == 1
    assert rows["theano"]["papers"] == 1


def test_an_alias_change_is_applied_by_rematching_that_entity_only(client, imported):
    theano = Entity.objects.get(slug="theano")
    other_counts = list(
        EntityMonthCount.objects.exclude(entity=theano).order_by("pk").values_list("pk", "papers")
    )
    EntityAlias.objects.create(entity=theano, phrase="Torch7")
    rematch_entities([theano.pk])
    _, rows = table(client, month="2017-06")
    assert rows["theano"]["papers"] == 1
    assert rows["torch"]["papers"] == 1
    # Other entities' aggregates were not rewritten.
    assert (
        list(
            EntityMonthCount.objects.exclude(entity=theano)
            .order_by("pk")
            .values_list("pk", "papers")
        )
        == other_counts
    )


def test_the_rematch_command_rebuilds_everything_identically(client, imported):
    before = sorted(EntityMonthCount.objects.values_list("entity_id", "mode", "month", "papers"))
    EntityMonthCount.objects.all().delete()
    call_command("rematch_entities")
    after = sorted(EntityMonthCount.objects.values_list("entity_id", "mode", "month", "papers"))
    assert after == before
    assert len(after) > 0
    call_command("rematch_entities", "pytorch", "keras")
    with pytest.raises(Exception, match="unknown entity slug"):
        call_command("rematch_entities", "nope")


def test_the_seed_command_adds_only_what_is_missing():
    alias = EntityAlias.objects.get(entity__slug="caffe", phrase="Caffe")
    alias.exclusions = "Caffe 2"
    alias.save()
    EntityAlias.objects.filter(entity__slug="theano").delete()
    call_command("seed_entities")
    alias.refresh_from_db()
    assert alias.exclusions == "Caffe 2"  # a curator's change survives
    assert not EntityAlias.objects.filter(entity__slug="theano").exists()
    call_command("seed_entities", "--reset")
    alias.refresh_from_db()
    assert alias.exclusions == "Caffe 2\nCaffe-2"
    assert EntityAlias.objects.filter(entity__slug="theano").exists()


def test_a_seed_file_with_an_overlong_field_is_refused_naming_the_alias(tmp_path):
    seed = tmp_path / "seed.toml"
    seed.write_text(
        '[[entity]]\nkind = "framework"\nname = "X"\nslug = "x"\n'
        f'aliases = [{{ phrase = "X", note = "{"n" * 301}" }}]\n'
    )
    with pytest.raises(SeedError, match="entity x, alias 'X': note is longer than 300"):
        read_seed(seed)
