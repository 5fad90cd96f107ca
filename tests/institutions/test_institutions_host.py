"""The host step (list_evidence._by_host): a string nothing answered whose unit the list's
other strings write beside one organisation takes that organisation. Strings as the shipped
lists write them; each rule on a hand-made table, then refresh_all storing it."""

from pathlib import Path

import pytest

from institutions.list_evidence import HOST_GENERIC_LEAST, Mention, author_key, resolve_all
from institutions.models import AffiliationMention
from institutions.refresh import refresh_all
from institutions.resolver import Resolver
from tests.institutions.support import ensure_registry, import_list

CMU, CAMBRIDGE, HARVARD, COPENHAGEN, ETH, EPFL, MPI_IS, MPI_BIO = range(1, 9)


@pytest.fixture(scope="module")
def resolver() -> Resolver:
    return Resolver.from_rows(
        [],
        [
            ("carnegie mellon university", CMU, "ror_display"),
            ("university of cambridge", CAMBRIDGE, "ror_display"),
            ("harvard university", HARVARD, "ror_display"),
            ("university of copenhagen", COPENHAGEN, "ror_display"),
            ("swiss federal institute of technology zurich", ETH, "label"),
            ("eth zurich", ETH, "ror_display"),
            ("swiss federal institute of technology lausanne", EPFL, "label"),
            ("max planck institute for intelligent systems", MPI_IS, "ror_display"),
            ("max planck institute for biological cybernetics", MPI_BIO, "ror_display"),
        ],
        [
            (CMU, "US", "Pittsburgh", None, ["cmu.edu"]),
            (CAMBRIDGE, "GB", "Cambridge", None, ["cam.ac.uk"]),
            (HARVARD, "US", "Cambridge", None, ["harvard.edu"]),
            (COPENHAGEN, "DK", "Copenhagen", None, ["ku.dk"]),
            (ETH, "CH", "Zurich", None, ["ethz.ch"]),
            (EPFL, "CH", "Lausanne", None, ["epfl.ch"]),
            (MPI_IS, "DE", "Tübingen", None, []),
            (MPI_BIO, "DE", "Tübingen", None, []),
        ],
    )


def mention(raw: str, authorship: int, name: str = "") -> Mention:
    return Mention(raw, "", authorship, author_key("neurips", 2018, name or f"a{authorship}"))


def beside(raw: str, times: int, start: int = 100) -> list[Mention]:
    """`times` authorships of different authors writing `raw`."""
    return [mention(raw, start + i) for i in range(times)]


def answers(resolver: Resolver, mentions: list[Mention]) -> list[tuple[int | None, str]]:
    return [(r.institution_id, r.how) for r in resolve_all(resolver, mentions)]


def test_a_unit_the_list_writes_beside_one_organisation_is_that_organisation(resolver):
    mentions = [
        *beside("DAMTP, University of Cambridge", 3),
        mention("DAMTP, Cambridge", 1),
    ]
    found = resolve_all(resolver, mentions)[-1]
    assert (found.institution_id, found.how) == (CAMBRIDGE, "host")
    assert found.detail == (
        "the list's strings of 3 authorships write 'damtp' beside one organisation, "
        "as 'DAMTP, University of Cambridge'"
    )


def test_too_little_evidence_or_one_author_answers_nothing(resolver):
    assert answers(resolver, [*beside("DAMTP, University of Cambridge", 2), mention("DAMTP", 1)])[
        -1
    ] == (None, "none")
    one_author = [mention("DAMTP, University of Cambridge", 100 + i, "Ann") for i in range(5)]
    assert answers(resolver, [*one_author, mention("DAMTP", 1)])[-1] == (None, "none")


def test_a_unit_of_generic_words_needs_many_more_authorships(resolver):
    # Many universities have a Department of Biology; one has the Machine Learning Department.
    biology = [
        *beside("Department of Biology, University of Copenhagen", 9),
        mention("Department of Biology", 1),
    ]
    assert answers(resolver, biology)[-1] == (None, "none")
    mld = [
        *beside("Machine Learning Department, Carnegie Mellon University", HOST_GENERIC_LEAST),
        mention("Machine Learning Department", 1),
        mention("Machine Learning Dept.", 2),
    ]
    assert answers(resolver, mld)[-2:] == [(CMU, "host"), (CMU, "host")]


def test_a_unit_written_beside_two_organisations_says_nothing(resolver):
    mentions = [
        *beside("Edinburgh Centre for Robotics, University of Cambridge", 3),
        *beside("Edinburgh Centre for Robotics, Harvard University", 3, start=200),
        mention("Edinburgh Centre for Robotics", 1),
    ]
    assert answers(resolver, mentions)[-1] == (None, "none")


def test_a_proper_name_the_list_never_resolved_beside_the_unit_means_no_answer(resolver):
    # A start-up beside a lab the list knows: the start-up may be the organisation.
    mentions = [*beside("DAMTP, University of Cambridge", 3), mention("DAMTP, Quadrantix Ltd", 1)]
    assert answers(resolver, mentions)[-1] == (None, "none")


def test_the_start_of_other_organisations_names_is_no_unit(resolver):
    # ETH's strings write "Swiss Federal Institute of Technology Zurich" in one piece, so
    # only EPFL's wrote the shorter form apart; it is still the start of both names.
    lausanne = "Swiss Federal Institute of Technology Lausanne"
    epfl = [
        *beside(f"Swiss Federal Institute of Technology, {lausanne}", 4),
        mention("Swiss Federal Institute of Technology", 1),
    ]
    assert answers(resolver, epfl)[-1] == (None, "none")
    mpi = [
        *beside("Max Planck Institute, Max Planck Institute for Intelligent Systems", 8),
        mention("Max Planck Institute", 1),
    ]
    assert answers(resolver, mpi)[-1] == (None, "none")


def test_a_host_of_another_country_than_the_string_names_is_not_taken(resolver):
    mentions = [
        *beside("DAMTP, University of Cambridge", 3),
        mention("DAMTP, Boston, USA", 1),
    ]
    assert answers(resolver, mentions)[-1] == (None, "none")


def test_the_host_step_never_builds_on_its_own_answers(resolver):
    # The unit's strings answered by the host step are no evidence for the next.
    mentions = [
        *beside("DAMTP, University of Cambridge", 3),
        *beside("Statistical Laboratory, DAMTP", HOST_GENERIC_LEAST, start=200),
        mention("Statistical Laboratory", 1),
    ]
    found = answers(resolver, mentions)[3:]
    assert found == [(CAMBRIDGE, "host")] * HOST_GENERIC_LEAST + [(None, "none")]


@pytest.mark.django_db
def test_refresh_stores_the_host_step(tmp_path: Path):
    ensure_registry()
    records = [
        {"id": str(i), "title": f"P{i}", "status": "Poster", "author": f"Author {i}",
         "aff": "Machine Learning Department, Carnegie Mellon University", "aff_domain": ""}
        for i in range(HOST_GENERIC_LEAST)
    ] + [
        {"id": "x", "title": "X", "status": "Poster", "author": "Xu Ex",
         "aff": "Machine Learning Department", "aff_domain": ""},
    ]  # fmt: skip
    import_list(tmp_path, "icml2019.json", records)
    refresh_all()
    how, ror = AffiliationMention.objects.filter(raw="Machine Learning Department").values_list(
        "how", "institution__ror_id"
    )[0]
    assert (how, ror) == ("host", "https://ror.org/05x2bcf33")
