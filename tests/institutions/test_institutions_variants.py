"""Spelling variants, the typo step and the coverage report: each rule on a hand-made
table (the rule's reason in the test name), then the report command on the database."""

import pytest
from django.core.management import call_command

from institutions.coverage import VenueYear, evaluate
from institutions.normalise import domain_candidates, is_public_suffix, normalise_text
from institutions.resolver import Resolver
from institutions.suggest import typos_only

(DARMSTADT, SPBU, TOKYO, MANNHEIM, CHICAGO, IIT, CORNELL, ECE, APPLE, JNANA, CNRS, TELECOM,
 FUJITSU, GEORGIA_US, GEORGIA_GE, CHONGQING, UCAS, MINISTRY, BC_MINISTRY, CONCORD, IBM,
 IBM_CHINA, IBMT, RA, DEEPMIND, GOOGLE, ALPHABET) = range(1, 28)  # fmt: skip


@pytest.fixture(scope="module")
def variants() -> Resolver:
    return Resolver.from_rows(
        [
            ("name", "ibm research", IBM),
            ("keyword", "ibm", IBM),
            ("name", "deepmind", DEEPMIND),
            ("domain", "google.com", GOOGLE),
        ],
        [
            ("technische universitat darmstadt", DARMSTADT, "ror_display"),
            ("saint petersburg state university", SPBU, "ror_display"),
            ("university of tokyo", TOKYO, "ror_display"),
            ("universitat mannheim", MANNHEIM, "label"),
            ("university of chicago", CHICAGO, "ror_display"),
            ("iit delhi", IIT, "alias"),
            ("cornell university", CORNELL, "ror_display"),
            ("ece", ECE, "acronym"),
            ("apple", APPLE, "ror_display"),
            ("jd", JNANA, "acronym"),
            ("cnrs", CNRS, "acronym"),
            ("telecom paristech", TELECOM, "ror_display"),
            ("fujitsu", FUJITSU, "ror_display"),
            ("university of georgia", GEORGIA_US, "ror_display"),
            ("university of georgia", GEORGIA_GE, "ror_display"),
            ("universidad de georgia", GEORGIA_GE, "label"),
            ("chongqing jianzhu college", CHONGQING, "ror_display"),
            ("university of chinese academy of sciences", UCAS, "ror_display"),
            ("bc ministry of education", BC_MINISTRY, "ror_display"),
            ("concord university", CONCORD, "ror_display"),
            ("ibm research china", IBM_CHINA, "ror_display"),
            ("ibm research", IBM_CHINA, "ror_display"),
            ("ibmt", IBMT, "acronym"),
            ("research america", RA, "ror_display"),
        ],
        [
            (GEORGIA_US, "US", "Athens", None, []),
            (GEORGIA_GE, "GE", "Tbilisi", None, []),
            (CHONGQING, "CN", "Chongqing", None, ["edu.cn"]),
            (UCAS, "CN", "Beijing", None, ["ucas.ac.cn"]),
            (TELECOM, "FR", "Paris", None, ["telecom-paristech.fr"]),
            (DEEPMIND, "GB", "London", ALPHABET, []),
            (GOOGLE, "US", "Mountain View", ALPHABET, []),
        ],
    )


def answer(resolver: Resolver, raw: str, domain: str = "") -> tuple[int | None, str]:
    found = resolver.resolve(raw, domain)
    return found.institution_id, found.how


def test_a_public_suffix_is_never_an_organisations_domain(variants):
    assert is_public_suffix("edu.cn") and is_public_suffix("ac.uk") and is_public_suffix("com")
    assert not is_public_suffix("ucas.ac.cn") and not is_public_suffix("cmu.edu")
    assert domain_candidates("mails.ucas.edu.cn") == ["mails.ucas.edu.cn", "ucas.edu.cn"]
    # Chongqing Jianzhu College lists "edu.cn" in ROR: it must not own every Chinese domain.
    assert answer(variants, "School of AI", "mails.ucas.edu.cn") == (None, "none")
    assert answer(variants, "School of AI", "ucas.ac.cn") == (UCAS, "domain")


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Technical University Darmstadt", DARMSTADT),  # Technische = Technical
        ("St. Petersburg State University", SPBU),  # St. = Saint
        ("Tokyo University", TOKYO),  # word order
        ("U. of Tokyo", TOKYO),  # "U." before "of"
        ("University of Mannheim", MANNHEIM),  # "of" dropped: the German form
        ("Fujitsu Limited", FUJITSU),  # company suffixes
    ],
)
def test_spelling_variants_of_one_organisation_meet(variants, raw, expected):
    assert answer(variants, raw)[0] == expected


def test_normalising_is_idempotent_so_stored_texts_can_be_normalised_again():
    for raw in ["Technische Universität München", "Sankt Gallen", "Weierstraß-Institut", "U of T"]:
        once = normalise_text(raw)
        assert normalise_text(once) == once
    assert normalise_text("Weierstraß") == "weierstrass"


def test_a_name_followed_by_words_that_only_describe_a_unit(variants):
    assert answer(variants, "Apple ML Research") == (APPLE, "unit")
    assert answer(variants, "Fujitsu Laboratories, Sunnyvale") == (FUJITSU, "unit")
    assert answer(variants, "Fujitsu Corporate Research") == (FUJITSU, "unit")
    # ...but never a short acronym ("JD AI" is JD.com, not the Jnana Deepa institute).
    assert answer(variants, "JD AI, Beijing, China") == (None, "none")
    # ...and never generic words with a place ("Research America" inside Samsung's name).
    assert answer(variants, "Samsung Research America")[0] != RA


def test_words_written_apart_are_never_an_acronym(variants):
    assert answer(variants, "IBM T.J. Watson Research, Yorktown Heights")[0] == IBM


def test_a_curated_name_beats_a_registry_name_inside_a_segment(variants):
    assert answer(variants, "IBM Research Africa, Nairobi, Kenya") == (IBM, "unit")


def test_an_organisation_segment_beats_a_unit_segment_named_like_an_organisation(variants):
    assert answer(variants, "ECE, Cornell University") == (CORNELL, "registry")


def test_the_email_domain_chooses_among_several_organisations_named(variants):
    assert answer(variants, "LTCI, CNRS, Télécom ParisTech")[0] == CNRS
    found = variants.resolve("LTCI, CNRS, Télécom ParisTech", "telecom-paristech.fr")
    assert found.institution_id == TELECOM and "e-mail domain" in found.detail


def test_typos_are_applied_by_the_fuzzy_step(variants):
    assert answer(variants, "Unversity of Chicago") == (CHICAGO, "fuzzy")
    assert "similarity" in variants.resolve("Unversity of Chicago").detail


@pytest.mark.parametrize(
    "raw",
    [
        "IIIT Delhi",  # one letter more in a short word is another institute
        "Concordia University",  # two edits in nine letters
        "Ministry of Education",  # a word more names another ministry
        "University of Georgia",  # an ambiguous exact name is not made unique by typos
    ],
)
def test_the_fuzzy_step_never_merges_different_organisations(variants, raw):
    assert answer(variants, raw)[1] != "fuzzy"


def test_typos_only_compares_word_by_word():
    assert typos_only("university of corunna", "university of a coruna")
    assert typos_only("humboldt university of berlin", "humboldt university zu berlin")
    assert not typos_only("hosei university", "hoshi university")
    assert not typos_only("technical university", "ho technical university")


def test_coverage_counts_every_mention_and_agreement_where_both_resolve(variants):
    rows = [
        ("icml", 2017, "Unversity of Chicago", "", 1, "A", 1),
        ("icml", 2017, "Department of Statistics", "", 2, "B", 2),  # names no one: unresolved
        ("icml", 2017, "DeepMind", "google.com", 3, "C", 3),  # one company group: agrees
        ("icml", 2017, "Cornell University", "telecom-paristech.fr", 4, "D", 4),  # disagrees
        ("icml", 2017, "", "", 5, "E", 5),  # not a mention
        ("neurips", 2018, "Tokyo University", "", 6, "F", 6),
    ]
    stats = evaluate(variants, rows, groups={DEEPMIND: ALPHABET, GOOGLE: ALPHABET})
    icml: VenueYear = stats["icml", 2017]
    assert (icml.mentions, icml.resolved, icml.no_organisation) == (4, 3, 1)
    assert (icml.compared, icml.agreed) == (2, 1)
    assert icml.unresolved == {"department of statistics": 1}
    assert stats["neurips", 2018].coverage == 1.0


def test_a_ceased_organisation_agrees_with_its_successors_domain():
    diderot, cite = 1, 2  # Université Paris Diderot (ROR inactive), Université Paris Cité
    resolver = Resolver.from_rows(
        [],
        [("university paris diderot", diderot, "label"), ("university paris cite", cite, "label")],
        [(diderot, "FR", "Paris", None, []), (cite, "FR", "Paris", None, ["u-paris.fr"])],
        {diderot: frozenset([cite])},
    )
    rows = [("icml", 2016, "LPMA, Université Paris Diderot", "u-paris.fr", 1, "A", 1)]
    icml = evaluate(resolver, rows)["icml", 2016]
    assert (icml.compared, icml.agreed) == (1, 1)


@pytest.mark.django_db
def test_the_coverage_command_reports_each_venue_year(tmp_path, capsys):
    from tests.institutions.support import ensure_registry, import_list

    ensure_registry()
    records = [
        {"id": "1", "title": "A", "status": "Poster", "track": "main",
         "author": "Ann One; Bo Two; Cy Three",
         "aff": "Google Brain; Department of Statistics; Unversity of Toronto",
         "aff_domain": "google.com; ; "},
    ]  # fmt: skip
    import_list(tmp_path, "icml2017.json", records)
    call_command("coverage_institutions", "--top", "3", "--disagreements", "3")
    out = capsys.readouterr().out
    assert "icml 2017" in out and "66.7%" in out  # 2 of 3: the department names no one
    assert "'department of statistics'" in out  # the commonest unresolved key
    assert "1 of 1 venue-years below 97%" in out
    call_command("coverage_institutions", "--exclude", "icml:2017")
    assert "icml 2017" not in capsys.readouterr().out


def test_a_registry_name_loses_its_parenthesis_only_for_a_place_or_its_initials():
    from institutions.registry import match_texts

    assert "google" in match_texts("Google (United States)")
    assert "university federal de minas gerais" in match_texts(
        "Universidade Federal de Minas Gerais (UFMG)"
    )
    assert "indian institute of technology" not in match_texts(
        "Indian Institute of Technology (BHU)"
    )


def test_a_registry_name_that_normalises_to_a_kind_of_organisation_names_no_one():
    # ROR's acronym "UNI" (University of Northern Iowa) reads "university" once normalised.
    resolver = Resolver.from_rows(
        [], [("university", 1, "acronym"), ("polytechnic de montreal", 2, "label")]
    )
    assert resolver.resolve("ECE, University Michigan, Ann Arbor").institution_id is None
    assert resolver.resolve("Ecole Polytechnique de Montreal").institution_id == 2


def test_two_swapped_letters_in_a_kind_of_organisation_are_put_back(variants):
    assert normalise_text("Hong Kong Univeristy of Science and Technolgoy") == (
        "hong kong university of science and technology"
    )
    assert answer(variants, "Univeristy of Tokyo") == (TOKYO, "registry")


def test_a_homonym_in_another_word_order_is_chosen_by_the_place_or_the_domain():
    freiburg, fribourg = 1, 2
    resolver = Resolver.from_rows(
        [],
        [
            ("university of freiburg", freiburg, "ror_display"),
            ("university of fribourg", fribourg, "ror_display"),
            ("universitat freiburg", fribourg, "label"),  # Fribourg's German name
        ],
        [
            (freiburg, "DE", "Freiburg", None, ["uni-freiburg.de"]),
            (fribourg, "CH", "Fribourg", None, ["unifr.ch"]),
        ],
    )
    assert answer(resolver, "Universität Freiburg, Germany") == (freiburg, "registry")
    assert answer(resolver, "Universität Freiburg", "uni-freiburg.de") == (freiburg, "registry")
    # Nothing else to go by: the name as written (Fribourg's label) over the reordering.
    assert answer(resolver, "Universität Freiburg") == (fribourg, "registry")
    assert answer(resolver, "University of Freiburg") == (freiburg, "registry")
    assert answer(resolver, "University of Fribourg, Switzerland") == (fribourg, "registry")


def test_other_word_orders_of_a_university_name_meet_but_never_inside_a_segment():
    tum, lmu, pla, sydney = 1, 2, 3, 4
    resolver = Resolver.from_rows(
        [],
        [
            ("technical university of munich", tum, "ror_display"),
            ("university of munich", lmu, "alias"),
            ("pla army engineering university", pla, "ror_display"),
            ("university of technology sydney", sydney, "ror_display"),
        ],
    )
    assert answer(resolver, "Technical University Munich") == (tum, "registry")
    assert answer(resolver, "Army Engineering University of PLA") == (pla, "registry")
    # A postcode names no place: the run "University of Technology, Sydney" is the name.
    assert answer(resolver, "CQCIS, University of Technology, Sydney 2007") == (sydney, "registry")
