"""The cleaning steps of institutions.normalise (pure functions, no database)."""

import pytest

from institutions.normalise import clean, domain_candidates, normalise_text, split_affiliations


def kinds(raw: str) -> list[tuple[str, str]]:
    return [(s.kind, s.text) for s in clean(raw).segments]


def test_it_lowercases_folds_accents_and_drops_punctuation():
    assert normalise_text("ETH Zürich") == "eth zurich"
    assert normalise_text("Université de Montréal") == "university de montreal"
    assert normalise_text("Texas A&M University") == "texas a and m university"


def test_it_reattaches_accents_detached_by_pdf_extraction():
    assert normalise_text("Universit ´e de Montr ´eal") == "university de montreal"  # noqa: RUF001


def test_it_expands_abbreviations_and_drops_a_leading_the_and_company_suffixes():
    assert normalise_text("Dept. of Comp. Sci.") == "department of computer science"
    assert normalise_text("The University of Tokyo") == "university of tokyo"
    assert normalise_text("Google Inc.") == "google"
    assert normalise_text("Strategic Machine, Inc.") == "strategic machine"
    assert normalise_text("Inc.") == ""


def test_it_removes_emails_and_footnote_marks():
    cleaned = clean("Georgia Institute of Technology∗, jdoe@gatech.edu")  # noqa: RUF001
    assert cleaned.key == "georgia institute of technology"


def test_an_at_sign_without_a_domain_is_not_an_email():
    assert "nanyang" in clean("Rolls-Royce@Nanyang Technological University Corporate Lab").text


def test_it_strips_footnote_digits_glued_to_names_but_keeps_names_with_digits():
    assert clean("University of Toronto1").key == "university of toronto"
    assert clean("CSIRO Data61").key == "csiro data61"


def test_mpi_before_for_is_the_max_planck_institute_but_a_bare_mpi_stays():
    assert normalise_text("MPI for Software Systems") == "max planck institute for software systems"
    assert normalise_text("MPI für Informatik") == "max planck institute fur informatik"
    assert normalise_text("MPI Tübingen") == "mpi tubingen"


def test_it_strips_footnote_digits_glued_before_a_segment_but_not_ordinals_or_names():
    assert clean("4University of Kaiserslautern, Germany").key == "university of kaiserslautern"
    assert clean("3NTT Communication Science Labs").key == "ntt communication science laboratory"
    assert kinds("Google Research, 4th floor, New York")[1] == ("location", "floor")
    assert clean("1QBit, Vancouver").key == "1qbit"


def test_it_labels_departments_as_units_and_places_as_locations():
    assert kinds(
        "Machine Learning Department, Carnegie Mellon University, Pittsburgh, PA 15213, USA"
    ) == [
        ("unit", "machine learning department"),
        ("org", "carnegie mellon university"),
        ("location", "pittsburgh"),
        ("location", "pa"),  # the postcode names no place a registry knows
        ("location", "usa"),
    ]


def test_street_addresses_and_postcodes_are_locations():
    assert kinds("Causata Ltd., 33 Glasshouse Street, London W1B 5DG")[1:] == [
        ("location", "glasshouse street"),
        ("location", "london"),
    ]


def test_towns_named_like_universities_are_places_but_ut_austin_is_not():
    assert kinds("Google AI, Princeton, NJ")[1] == ("location", "princeton")
    assert kinds("UT Austin") == [("org", "ut austin")]


def test_university_systems_alone_are_not_an_organisation():
    cleaned = clean("University of California, CA")
    assert cleaned.key == "" and not cleaned.names_organisation


def test_generic_words_do_not_name_an_organisation():
    assert not clean("Laboratory for Information and Decision Systems").names_organisation
    assert clean("Vicarious AI").names_organisation


@pytest.mark.parametrize(
    ("field", "expected"),
    [("A + B", ["A", "B"]), ("Canada+Vector Institute", ["Canada", "Vector Institute"]), (" ", [])],
)
def test_it_splits_several_affiliations_of_one_author(field, expected):
    assert split_affiliations(field) == expected


def test_domain_candidates_walk_up_to_the_registered_domain():
    assert domain_candidates("cs.cmu.edu") == ["cs.cmu.edu", "cmu.edu"]
    assert domain_candidates("google.com") == ["google.com"]
