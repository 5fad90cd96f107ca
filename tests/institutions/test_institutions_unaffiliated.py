"""The unaffiliated step: a string that says its author has no organisation ("Independent
Researcher", as 7 mentions of the shipped lists write it) is an applied answer with no
institution: counted apart in the statistics, in no institution's figures, never queued."""

from pathlib import Path

import pytest

from institutions.coverage import evaluate
from institutions.list_evidence import Mention, author_key, resolve_all
from institutions.models import AffiliationMention, ConferenceYearStat, UnmatchedAffiliation
from institutions.normalise import clean
from institutions.refresh import refresh_all
from institutions.resolver import Resolver
from institutions.wording import says_unaffiliated
from tests.institutions.support import ensure_registry, import_list

MIT = 1


@pytest.fixture(scope="module")
def resolver() -> Resolver:
    return Resolver.from_rows(
        [],
        [("massachusetts institute of technology", MIT, "ror_display")],
        [(MIT, "US", "Cambridge", None, ["mit.edu"])],
    )


@pytest.mark.parametrize(
    ("raw", "said"),
    [
        ("Independent Researcher", "independent researcher"),
        ("independent researcher, Paris, France", "independent researcher"),
        ("Unaffiliated", "unaffiliated"),
        ("None", "none"),
        ("Self-employed", "self employed"),
        ("Independent Research Institute", ""),  # an organisation
        ("Independent Researcher, MIT", ""),  # names an organisation too
        ("Department of Computer Science", ""),
    ],
)
def test_says_unaffiliated(raw, said):
    assert says_unaffiliated(clean(raw)) == said


def test_it_is_an_answer_with_no_institution_whatever_the_domain(resolver):
    found = resolver.resolve("Independent Researcher", "mit.edu")
    assert (found.institution_id, found.how) == (None, "unaffiliated")
    assert found.detail == (
        "says the author has no organisation ('independent researcher'): an answer, counted "
        "in no institution's figures"
    )


def test_no_list_step_gives_it_an_institution(resolver):
    # The list's strings with lab.example.org all name MIT: the list-domain step answers
    # for a string nothing answered, not for one that says there is no organisation.
    def at(raw: str, i: int) -> Mention:
        return Mention(raw, "lab.example.org", i, author_key("colm", 2025, f"a{i}"), i)

    mit = [at("Massachusetts Institute of Technology", i) for i in range(3)]
    found = resolve_all(resolver, [*mit, at("Unheard Of Lab", 8), at("Independent Researcher", 9)])
    assert [(r.institution_id, r.how) for r in found[-2:]] == [
        (MIT, "domain"), (None, "unaffiliated"),
    ]  # fmt: skip


def test_coverage_counts_it_as_answered(resolver):
    rows = [
        ("colm", 2025, "Independent Researcher", "", 1, "A", 1),
        ("colm", 2025, "Massachusetts Institute of Technology", "", 2, "B", 1),
        ("colm", 2025, "Stealthy Startup Labs", "", 3, "C", 2),
    ]
    stats = evaluate(resolver, rows)["colm", 2025]
    assert (stats.mentions, stats.resolved, stats.how["unaffiliated"]) == (3, 2, 1)
    assert list(stats.unresolved) == ["stealthy startup laboratory"]


@pytest.mark.django_db
def test_refresh_counts_it_apart_and_never_queues_it(client, tmp_path: Path):
    ensure_registry()
    records = [
        {"id": "1", "title": "A", "status": "Poster", "author": "Ann One; Bo Two; Cy Three",
         "aff": "Independent Researcher; Stanford University; Unheard Of Startup",
         "aff_domain": "; ; "},
    ]  # fmt: skip
    import_list(tmp_path, "colm2025.json", records)
    refresh_all()
    mention = AffiliationMention.objects.get(raw="Independent Researcher")
    assert (mention.how, mention.institution_id) == ("unaffiliated", None)
    stat = ConferenceYearStat.objects.get(conference__slug="colm", year=2025)
    assert (stat.mentions, stat.resolved, stat.unaffiliated) == (3, 1, 1)
    assert stat.unique_institutions == 1
    assert list(UnmatchedAffiliation.objects.values_list("key", flat=True)) == [
        "unheard of startup"
    ]
    table = client.get("/api/institutions", {"conference": "colm", "year": 2025}).json()
    assert (table["coverage"], table["unaffiliated"]) == (round(1 / 3, 4), 1)
    page = client.get("/institutions/", {"conference": "colm", "year": 2025}).content.decode()
    assert "1 more say the author has none" in page
