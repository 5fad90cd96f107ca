"""The author step (list_evidence.resolve_all): a string that names only a sub-unit takes the
organisation of the same author's other strings, when that evidence is one institution;
each rule on a hand-made table, then refresh_all storing it."""

from pathlib import Path

import pytest

from institutions.coverage import evaluate
from institutions.list_evidence import Mention, author_key, resolve_all
from institutions.normalise import clean
from institutions.resolver import Resolver
from institutions.wording import names_only_a_unit

HARVARD, TIANJIN, HUAWEI, FUDAN, PKU = range(1, 6)


@pytest.fixture(scope="module")
def resolver() -> Resolver:
    return Resolver.from_rows(
        [("name", "huawei", HUAWEI)],
        [
            ("harvard university", HARVARD, "ror_display"),
            ("tianjin university", TIANJIN, "ror_display"),
            ("fudan university", FUDAN, "ror_display"),
            ("peking university", PKU, "ror_display"),
        ],
    )


def mention(raw: str, authorship: int, name: str = "Ann One", year: int = 2020) -> Mention:
    return Mention(raw, "", authorship, author_key("ijcai", year, name))


def answers(resolver: Resolver, mentions: list[Mention]) -> list[tuple[int | None, str]]:
    return [(r.institution_id, r.how) for r in resolve_all(resolver, mentions)]


@pytest.mark.parametrize(
    ("raw", "only_a_unit"),
    [
        ("Department of Statistics", True),
        ("Machine Learning Department, Pittsburgh, PA", True),
        ("Beijing Key Laboratory of Traffic Data Analysis and Mining", True),
        ("Key Laboratory of Aerospace Information Security, Ministry of Education", True),
        ("Center for Brain Science", True),
        # An organisation of its own: a company named "Labs", an institute beside the lab.
        ("CognitiveScale", False),
        ("Denso IT Laboratory", False),
        ("Laboratory for Image Analysis, Beijing Institute of Big Data Research", False),
    ],
)
def test_which_strings_name_only_a_sub_unit(raw, only_a_unit):
    assert names_only_a_unit(clean(raw)) is only_a_unit


def test_a_bare_sub_unit_takes_the_authors_other_affiliation_on_the_paper(resolver):
    found = resolve_all(
        resolver, [mention("Department of Statistics", 1), mention("Harvard University", 1)]
    )
    assert (found[0].institution_id, found[0].how) == (HARVARD, "author")
    assert "other affiliation on this paper: 'Harvard University'" in found[0].detail


def test_a_laboratory_named_by_its_field_takes_the_co_listed_university(resolver):
    lab = "Shanghai Key Laboratory of Intelligent Information Processing"
    assert answers(resolver, [mention(lab, 1), mention("Fudan University", 1)])[0] == (
        FUDAN,
        "author",
    )


def test_else_the_same_name_on_another_paper_of_the_same_conference_year(resolver):
    found = answers(
        resolver,
        [
            mention("Department of Statistics", 1),
            mention("Harvard University", 2),  # the same name, another paper
            mention("Peking University", 3, year=2021),  # another year: no evidence
        ],
    )
    assert found[0] == (HARVARD, "author")


def test_a_company_string_never_takes_the_co_listed_university(resolver):
    found = answers(resolver, [mention("CognitiveScale", 1), mention("Harvard University", 1)])
    assert found[0] == (None, "none")


def test_several_institutions_are_no_answer_unless_one_shares_a_name(resolver):
    ambiguous = answers(
        resolver,
        [mention("Department of Statistics", 1), mention("Harvard University", 1),
         mention("Fudan University", 1)],
    )  # fmt: skip
    assert ambiguous[0] == (None, "none")
    shared = answers(
        resolver,
        [mention("Tianjin Key Lab of Machine Learning", 1),
         mention("College of Intelligence and Computing, Tianjin University", 1),
         mention("Noah's Ark Lab, Huawei", 1)],
    )  # fmt: skip
    assert shared[0] == (TIANJIN, "author")


def test_the_step_never_chains_and_a_name_is_needed(resolver):
    found = answers(
        resolver,
        [
            mention("Department of Statistics", 1),
            mention("Department of Computer Science", 2),  # answered by the author step only
            mention("Harvard University", 3, name=""),  # no name: no one's evidence
        ],
    )
    assert found[:2] == [(None, "none"), (None, "none")]


def test_evidence_from_elsewhere_never_counts_the_mention_itself(resolver):
    mentions = [
        Mention("Department of Statistics", "harvard.edu", 1, author_key("ijcai", 2020, "A"))
    ]
    # Resolved with its domain, the string is Harvard; alone it must not quote itself.
    stored = resolve_all(Resolver.from_rows([("domain", "harvard.edu", HARVARD)]), mentions)
    assert stored[0].institution_id == HARVARD
    alone = resolve_all(resolver, mentions, use_domain=False, evidence_from=stored)
    assert alone[0].institution_id is None


def test_coverage_counts_the_author_step_and_checks_it_against_the_domain(resolver):
    rows = [
        ("ijcai", 2020, "Harvard University", "", 1, "Ann One", 1),
        ("ijcai", 2020, "Department of Statistics", "", 2, "Ann One", 2),
        ("ijcai", 2020, "Department of Statistics", "", 3, "Bo Two", 3),  # no evidence
    ]
    stats = evaluate(resolver, rows)["ijcai", 2020]
    assert (stats.mentions, stats.resolved, stats.how["author"]) == (3, 2, 1)


@pytest.mark.django_db
def test_refresh_stores_the_author_step(tmp_path: Path):
    from institutions.models import AffiliationMention
    from institutions.refresh import refresh_all
    from tests.institutions.support import ensure_registry, import_list

    ensure_registry()
    records = [
        {"id": "1", "title": "A", "status": "Poster", "author": "Ann One; Bo Two",
         "aff": "Department of Statistics+Stanford University; Department of Statistics",
         "aff_domain": ""},
    ]  # fmt: skip
    import_list(tmp_path, "icml2017.json", records)
    refresh_all()
    rows = AffiliationMention.objects.order_by("id").values_list(
        "authorship__name", "how", "institution__name", "detail"
    )
    (_a, how, name, detail), stanford, bo = rows
    assert (how, name) == ("author", "Stanford University")
    assert "Stanford University" in detail and stanford[1] == "registry"
    assert bo[1:3] == ("none", None)  # Bo Two has no other affiliation


@pytest.mark.django_db
def test_the_methodology_page_lists_every_applied_step_in_order(client):
    from institutions.resolver import APPLIED

    page = client.get("/about/").content.decode()
    steps = page[page.index('id="resolution-steps"') :]
    positions = [steps.index(f"<b>{how}</b>") for how in APPLIED]
    assert positions == sorted(positions)
