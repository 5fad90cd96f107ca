"""What holds on a list nobody has curated: registry websites as domains, public e-mail
domains told from a list's own evidence, and the place step (a string that names only a
town takes the one university of that town the list names); each rule on a hand-made
table, then the import and refresh_all storing it."""

from pathlib import Path

import pytest

from institutions.coverage import evaluate
from institutions.list_evidence import Mention, author_key, public_domains, resolve_all
from institutions.models import AffiliationMention
from institutions.normalise import clean
from institutions.refresh import refresh_all
from institutions.registry import website_hosts
from institutions.resolver import Resolver
from institutions.wording import only_place_named, reads_as_unit
from tests.institutions.support import ensure_registry, import_list

STANFORD, MIT, HARVARD, UNC, UNC_MED, NETEASE, TECHNION, GOOGLE, BRAIN = range(1, 10)
UNIVERSITIES = [
    ("stanford university", STANFORD, "ror_display"),
    ("massachusetts institute of technology", MIT, "ror_display"),
    ("harvard university", HARVARD, "ror_display"),
    ("university of north carolina", UNC, "ror_display"),
    ("unc school of medicine", UNC_MED, "ror_display"),
    ("netease", NETEASE, "ror_display"),
    ("technion", TECHNION, "ror_display"),
    ("google", GOOGLE, "ror_display"),
]


@pytest.fixture(scope="module")
def resolver() -> Resolver:
    return Resolver.from_rows(
        [("name", "google brain", BRAIN)],
        UNIVERSITIES,
        [
            (STANFORD, "US", "Stanford", None, ["stanford.edu"], ["stanford.edu"]),
            (MIT, "US", "Cambridge", None, ["mit.edu"], ["web.mit.edu"]),
            (HARVARD, "US", "Cambridge", None, [], ["harvard.edu"]),
            (UNC, "US", "Chapel Hill", None, [], ["unc.edu"]),
            (UNC_MED, "US", "Chapel Hill", None, [], ["med.unc.edu"]),  # no registry parent
            (NETEASE, "CN", "Hangzhou", None, ["163.com"], []),  # NetEase runs the webmail
            (TECHNION, "IL", "Haifa", None, ["technion.ac.il"], []),
            (GOOGLE, "US", "Mountain View", None, ["google.com"], []),
            (BRAIN, "US", "Mountain View", GOOGLE, [], []),
        ],
    )


def mention(raw: str, authorship: int, domain: str = "", name: str = "") -> Mention:
    return Mention(raw, domain, authorship, author_key("colt", 2021, name or f"a{authorship}"))


def answers(resolver: Resolver, mentions: list[Mention]) -> list[tuple[int | None, str]]:
    return [(r.institution_id, r.how) for r in resolve_all(resolver, mentions)]


# --- registry websites -----------------------------------------------------------------


def test_website_hosts_are_the_sites_at_the_root_of_their_host():
    links = [
        {"type": "website", "value": "https://www.mpg.de/en"},
        {"type": "website", "value": "http://web.mit.edu/"},
        {"type": "website", "value": "https://www.example.edu/labs/vision/"},  # a page
        {"type": "website", "value": "https://ac.uk/"},  # a public suffix
        {"type": "wikipedia", "value": "https://en.wikipedia.org/wiki/MIT"},
        {"type": "website", "value": "https://WWW2.Tsinghua.edu.cn/index.html"},
    ]
    assert website_hosts(links) == ["mpg.de", "mit.edu", "tsinghua.edu.cn"]


def test_the_import_keeps_website_hosts(tmp_path):
    from institutions.models import Institution
    from institutions.registry import import_registry
    from tests.institutions.support import ROR_SAMPLE

    import_registry(ROR_SAMPLE)
    utexas = Institution.objects.get(ror_id="https://ror.org/00hj54h04")
    # ROR lists no domain for UT Austin, only its website.
    assert (utexas.domains, utexas.websites) == ([], ["utexas.edu"])
    microsoft = Institution.objects.get(ror_id="https://ror.org/00d0nc645")
    assert microsoft.websites == ["microsoft.com"]  # https://www.microsoft.com/en-us


test_the_import_keeps_website_hosts = pytest.mark.django_db(test_the_import_keeps_website_hosts)


def test_a_registry_website_answers_for_its_addresses(resolver):
    found = resolver.resolve("Department of Statistics", "stat.harvard.edu")
    assert (found.institution_id, found.how) == (HARVARD, "domain")
    assert found.detail == "registry website 'harvard.edu'"


def test_a_website_under_another_organisations_host_is_the_site_of_a_unit(resolver):
    # med.unc.edu is the School of Medicine's site, under UNC's unc.edu: its addresses are
    # UNC's (the registry lists no parent that would roll one up into the other).
    assert "med.unc.edu" not in resolver.registry_sites
    found = resolver.resolve("Department of Radiology", "med.unc.edu")
    assert (found.institution_id, found.detail) == (UNC, "registry website 'unc.edu'")


# --- public e-mail domains --------------------------------------------------------------


def webmail_list(domain: str) -> list[Mention]:
    """Authors of six organisations writing one domain, one each (MIT's two)."""
    places = ["Stanford University", "Harvard University", "Technion",
              "Massachusetts Institute of Technology", "Massachusetts Institute of Technology",
              "University of North Carolina", "Google"]  # fmt: skip
    return [mention(raw, i, domain) for i, raw in enumerate(places)]


def test_a_domain_beside_many_organisations_is_public(resolver):
    mentions = webmail_list("163.com")
    public = public_domains(resolver, mentions, resolve_all(resolver, mentions))
    assert set(public) == {"163.com"}
    assert "beside 6 organisations, none more than 2 times" in public["163.com"]


def test_a_public_domain_is_not_the_registry_organisation_that_lists_it(resolver):
    lone = mention("Department of Automation", 99, "163.com")
    # Alone, the registry's domain answers (NetEase lists 163.com) ...
    assert answers(resolver, [lone]) == [(NETEASE, "domain")]
    # ... but a list whose 163.com addresses sit beside six organisations shows it is webmail.
    found = resolve_all(resolver, [*webmail_list("163.com"), lone])[-1]
    assert (found.institution_id, found.how) == (None, "none")
    assert "e-mail domain '163.com' not used: its 7 addresses" in found.detail


def test_a_company_domain_beside_its_labs_and_a_few_visitors_is_not_public(resolver):
    mentions = [mention("Google Brain", i, "google.com") for i in range(4)] + [
        mention(raw, 10 + i, "google.com")
        for i, raw in enumerate(["Stanford University", "Harvard University", "Technion",
                                 "Massachusetts Institute of Technology",
                                 "University of North Carolina"])
    ]  # fmt: skip
    assert public_domains(resolver, mentions, resolve_all(resolver, mentions)) == {}
    lone = mention("Research, Mountain View", 99, "google.com")
    assert answers(resolver, [*mentions, lone])[-1] == (GOOGLE, "domain")


def test_coverage_does_not_compare_a_string_with_a_public_domain(resolver):
    rows = [
        ("colt", 2021, m.raw, m.email_domain, i, f"a{i}", i)
        for i, m in enumerate(webmail_list("163.com"))
    ]
    stats = evaluate(resolver, rows)[("colt", 2021)]
    assert (stats.mentions, stats.resolved, stats.compared) == (7, 7, 0)


# --- homonyms and domains told by the list -----------------------------------------------

TEL_AVIV, TAMPERE, VIENNA = 21, 22, 23


@pytest.fixture(scope="module")
def listed() -> Resolver:
    return Resolver.from_rows(
        [],
        [
            ("tel aviv university", TEL_AVIV, "ror_display"),
            ("tau", TEL_AVIV, "acronym"),
            ("tampere university", TAMPERE, "ror_display"),
            ("tau", TAMPERE, "acronym"),
            ("university of vienna", VIENNA, "ror_display"),
        ],
        [(TEL_AVIV, "IL", "Tel Aviv", None, [], []), (TAMPERE, "FI", "Tampere", None, [], [])],
    )


def test_a_homonym_is_the_one_the_list_names_by_three_authorships_and_no_other(listed):
    tau = mention("TAU", 9)
    assert answers(listed, [tau]) == [(None, "none")]
    named = [mention("Tel Aviv University", i) for i in range(3)]
    found = resolve_all(listed, [*named, tau])[-1]
    assert (found.institution_id, found.how) == (TEL_AVIV, "registry")
    assert found.detail == (
        "registry name 'tau' (of 2 homonyms, by the one this list's other strings name)"
    )
    # Two authorships decide nothing; nor three when the list names the other one too.
    assert answers(listed, [*named[:2], tau])[-1] == (None, "none")
    both = [*named, mention("Tampere University", 5), tau]
    assert answers(listed, both)[-1] == (None, "none")


def test_a_domain_is_learnt_from_the_list_s_strings_that_carry_it(listed):
    vienna = [
        mention("University of Vienna", 1, "univie.ac.at", "Ann"),
        mention("University of Vienna", 2, "univie.ac.at", "Bo"),
        mention("Faculty of Computer Science, University of Vienna", 3, "cs.univie.ac.at", "Cy"),
    ]
    lone = mention("DS UniVie", 9, "univie.ac.at", "Di")
    found = resolve_all(listed, [*vienna, lone])[-1]
    assert (found.institution_id, found.how) == (VIENNA, "domain")
    # cs.univie.ac.at is evidence for univie.ac.at too.
    assert found.detail.startswith("e-mail domain 'univie.ac.at': the 3 authorships")
    # Two authorships are not enough.
    assert answers(listed, [*vienna[:2], lone])[-1] == (None, "none")
    three = [*vienna[:2], mention("University of Vienna", 4, "univie.ac.at", "Ed")]
    assert answers(listed, [*three, lone])[-1] == (VIENNA, "domain")
    # One person's three papers are not three people; a domain beside two institutions
    # answers nothing.
    one = [mention("University of Vienna", i, "univie.ac.at", "Ann") for i in range(3)]
    assert answers(listed, [*one, lone])[-1] == (None, "none")
    mixed = [*three, mention("Tel Aviv University", 7, "univie.ac.at", "Fay")]
    assert answers(listed, [*mixed, lone])[-1] == (None, "none")


# --- the place step ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "town"),
    [
        ("Department of Applied Physics, Stanford", "stanford"),
        ("Dept. of Statistics Stanford USA", "stanford"),
        ("Stanford, CA", "stanford"),
        ("Department of Physics, Cambridge, MA, USA", "cambridge"),
        ("Microsoft Research, Cambridge", ""),  # names an organisation
        ("Department of Computer Science", ""),  # names nothing
        ("Stanford, Department of Physics, Palo Alto", ""),  # two places apart
        ("University of Massachusetts", ""),
    ],
)
def test_only_place_named(raw, town):
    assert only_place_named(clean(raw)) == town


def test_a_string_naming_only_a_town_is_the_list_s_university_of_that_town(resolver):
    mentions = [
        mention("Stanford University", 1),
        mention("Department of Applied Physics, Stanford", 2),
        mention("Dept. of Statistics Stanford USA", 3),
    ]
    resolved = resolve_all(resolver, mentions)
    assert [(r.institution_id, r.how) for r in resolved] == [
        (STANFORD, "registry"), (STANFORD, "place"), (STANFORD, "place"),
    ]  # fmt: skip
    assert resolved[1].detail == (
        "names no organisation but the town 'stanford': the one institution of 'stanford' "
        "this list names, registry name 'stanford university'"
    )


def test_a_town_of_two_named_institutions_or_of_another_country_stays_unresolved(resolver):
    cambridge = [
        mention("Massachusetts Institute of Technology", 1),
        mention("Harvard University", 2),
        mention("Department of Physics, Cambridge", 3),
    ]
    assert answers(resolver, cambridge)[-1] == (None, "none")
    # Nothing in the list: no evidence that Stanford is the town's university here.
    assert answers(resolver, [mention("Department of Applied Physics, Stanford", 1)]) == [
        (None, "none")
    ]
    # The country named is not the university's.
    abroad = [mention("Stanford University", 1), mention("Dept. of Physics, Stanford, UK", 2)]
    assert answers(resolver, abroad)[-1] == (None, "none")


@pytest.mark.django_db
def test_refresh_stores_the_place_step(tmp_path: Path):
    ensure_registry()
    records = [
        {"id": "1", "title": "A", "status": "Poster", "author": "Ann One; Bo Two",
         "aff": "Stanford University; Department of Applied Physics, Stanford", "aff_domain": "; "},
    ]  # fmt: skip
    import_list(tmp_path, "colt2021.json", records)
    refresh_all()
    rows = list(AffiliationMention.objects.order_by("id").values_list("how", "institution__ror_id"))
    assert rows == [
        ("registry", "https://ror.org/00f54p054"),
        ("place", "https://ror.org/00f54p054"),
    ]


# --- a unit's name beside its organisation ----------------------------------------------


@pytest.mark.parametrize(
    ("text", "unit"),
    [
        ("institute fur theoretische physik", True),
        ("institute of mathematics of toulouse", True),
        ("department of public health", True),
        ("institute superior tecnico", False),
        ("institute polytechnic de paris", False),
        ("institute of", False),
    ],
)
def test_reads_as_unit(text, unit):
    assert reads_as_unit(text) is unit


def test_a_registry_record_named_as_a_unit_gives_way_to_the_organisation_beside_it():
    bioinformatics, jku, heidelberg = 31, 32, 33
    resolver = Resolver.from_rows(
        [],
        [
            ("institute of bioinformatics", bioinformatics, "ror_display"),  # elsewhere
            ("johannes kepler university linz", jku, "ror_display"),
            ("heidelberg university", heidelberg, "ror_display"),
        ],
    )
    found = resolver.resolve("Institute of Bioinformatics, Johannes Kepler University, Linz")
    assert (found.institution_id, found.how) == (jku, "registry")
    assert found.detail.endswith("the organisation beside a unit's name")
    assert resolver.resolve("Institute of Bioinformatics, Linz").institution_id == bioinformatics


# --- homonyms by the paper's other authors ----------------------------------------------

NANYANG, TAIWAN, NUS, NTHU = range(20, 24)


@pytest.fixture(scope="module")
def ntu() -> Resolver:
    return Resolver.from_rows(
        [],
        [
            ("nanyang technological university", NANYANG, "ror_display"),
            ("ntu", NANYANG, "acronym"),
            ("national taiwan university", TAIWAN, "ror_display"),
            ("ntu", TAIWAN, "acronym"),
            ("national university of singapore", NUS, "ror_display"),
            ("national tsing hua university", NTHU, "ror_display"),
        ],
        [
            (NANYANG, "SG", "Singapore", None, ["ntu.edu.sg"]),
            (TAIWAN, "TW", "Taipei", None, ["ntu.edu.tw"]),
            (NUS, "SG", "Singapore", None, ["nus.edu.sg"]),
            (NTHU, "TW", "Hsinchu", None, ["nthu.edu.tw"]),
        ],
    )


def on_paper(paper: int, *affiliations: str) -> list[Mention]:
    return [
        Mention(raw, "", paper * 10 + i, author_key("colm", 2025, f"p{paper}a{i}"), paper)
        for i, raw in enumerate(affiliations)
    ]


def test_a_homonym_is_the_one_in_the_country_of_the_papers_other_authors(ntu):
    found = resolve_all(ntu, on_paper(1, "National University of Singapore", "NTU"))[-1]
    assert (found.institution_id, found.how) == (NANYANG, "registry")
    assert found.detail == (
        "registry name 'ntu' (of 2 homonyms, by the country of the paper's other authors)"
    )
    assert answers(ntu, on_paper(2, "National Tsing Hua University", "NTU"))[-1] == (
        TAIWAN, "registry",
    )  # fmt: skip


def test_co_authors_in_both_countries_or_none_known_leave_a_homonym_unresolved(ntu):
    both = on_paper(1, "National University of Singapore", "National Tsing Hua University", "NTU")
    assert answers(ntu, both)[-1] == (None, "none")
    # Another paper's authors are no evidence; nor is a mention without its paper.
    other = [*on_paper(1, "National University of Singapore"), *on_paper(2, "NTU")]
    assert answers(ntu, other)[-1] == (None, "none")
    alone = [*on_paper(1, "National University of Singapore"), mention("NTU", 11)]
    assert answers(ntu, alone)[-1] == (None, "none")


def test_a_string_naming_a_place_is_not_chosen_by_its_co_authors(ntu):
    # Neither NTU is in Greece: the string names some other organisation.
    found = answers(ntu, on_paper(1, "National University of Singapore", "NTU, Athens, Greece"))
    assert found[-1] == (None, "none")


@pytest.mark.django_db
def test_refresh_chooses_a_homonym_by_the_papers_other_authors(tmp_path: Path):
    from institutions.models import Alias

    ensure_registry()
    # The curated seed says which Northeastern the shipped lists mean; a new list has none.
    Alias.objects.filter(text="northeastern university").delete()
    records = [
        {"id": "1", "title": "A", "status": "Poster", "author": "Ann One; Bo Two",
         "aff": "Tsinghua University; Northeastern University", "aff_domain": "; "},
    ]  # fmt: skip
    import_list(tmp_path, "colm2025.json", records)
    refresh_all()
    how, ror, detail = AffiliationMention.objects.values_list(
        "how", "institution__ror_id", "detail"
    ).get(raw="Northeastern University")
    assert (how, ror) == ("registry", "https://ror.org/03awzbc87")
    assert "by the country of the paper's other authors" in detail
