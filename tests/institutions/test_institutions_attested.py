"""Organisations attested by their own e-mail domain (the resolver's attested step): the
rule on the real strings it was built for and on near-misses, the step beside the
registry, over a whole list, and refresh_all creating the organisation once, a second
refresh changing nothing, and a curated alias taking over."""

from pathlib import Path

import pytest

from institutions.attestation import attests, registrable
from institutions.list_evidence import Mention, author_key, resolve_all
from institutions.models import AffiliationMention, Alias, Institution, UnmatchedAffiliation
from institutions.normalise import clean
from institutions.refresh import refresh_all
from institutions.resolver import Resolver
from tests.institutions.support import ensure_registry, import_list

STANFORD, MIT, HARVARD, NETEASE, GOOGLE, ACME_US, ACME_DE, ZORBLAX = range(1, 9)


@pytest.fixture(scope="module")
def resolver() -> Resolver:
    return Resolver.from_rows(
        [("name", "google brain", GOOGLE)],
        [
            ("stanford university", STANFORD, "ror_display"),
            ("massachusetts institute of technology", MIT, "ror_display"),
            ("harvard university", HARVARD, "ror_display"),
            ("netease", NETEASE, "ror_display"),
            ("google", GOOGLE, "ror_display"),
            ("acme", ACME_US, "ror_display"),  # homonyms no evidence tells apart
            ("acme", ACME_DE, "ror_display"),
            ("zorblax university", ZORBLAX, "ror_display"),
        ],
        [
            (STANFORD, "US", "Stanford", None, ["stanford.edu"], []),
            (MIT, "US", "Cambridge", None, ["mit.edu"], []),
            (HARVARD, "US", "Cambridge", None, [], ["harvard.edu"]),
            (NETEASE, "CN", "Hangzhou", None, ["163.com"], []),
            (GOOGLE, "US", "Mountain View", None, ["google.com"], []),
            (ACME_US, "US", "Boston", None, [], []),
            (ACME_DE, "DE", "Berlin", None, [], []),
            (ZORBLAX, "US", "Springfield", None, [], []),  # its domain unknown
        ],
    )


# --- the rule --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "domain", "how"),
    [
        # COLM 2025's strings the registry lacks, with their authors' domains.
        ("Midjourney", "midjourney.com", "label"),
        ("Recursal AI, Inc.", "recursal.ai", "label and suffix"),
        ("SB Intuitions", "sbintuitions.co.jp", "label"),
        ("Wayve", "wayve.ai", "label"),
        ("Collinear AI", "collinear.ai", "label and suffix"),
        ("FAR AI", "far.ai", "label and suffix"),
        ("AISpeech Ltd", "aispeech.com", "label"),
        ("RAND Corporation", "rand.org", "label"),
        ("Qatar Computing Research Institute", "qcri.com", "initials"),
        ("SynthLabs.ai", "synthlabs.ai", "label and suffix"),
        ("T-Bank", "tbank.ru", "label"),
        ("Simular", "simular.ai", "label"),
        # Company words are a second reading of the name.
        ("Kensho Technologies", "kensho.com", "label"),
        ("T-Bank AI Research", "tbank.ru", "label"),
        ("infini-ai", "infini-ai.com", "label"),  # a hyphen in the label too
        # A subdomain's registrable name; accents folded; places aside.
        ("Midjourney, San Francisco, CA", "mail.midjourney.com", "label"),
        ("Zürich Förderbank AG", "zurichforderbank.ch", "label"),
    ],
)
def test_a_name_that_is_its_domain_is_attested(raw, domain, how):
    found = attests(clean(raw), domain)
    assert found is not None and (found.key, found.how) == (registrable(domain), how)


@pytest.mark.parametrize(
    ("raw", "domain"),
    [
        ("Department of Computer Science", "cs.example.edu"),  # generic words, a unit
        ("Research Institute", "ri.com"),  # a 2-letter label
        ("AB", "ab.se"),
        ("Google Research", "gmail.com"),  # names another organisation than the domain
        ("Midjourney Foundation", "midjourney.com"),  # merely contains the label
        ("Midjourneys", "midjourney.com"),
        ("AI Lab", "ailab.com"),  # descriptive and company words only
        ("Wayve, Midjourney", "wayve.ai"),  # two organisations
        ("Midjourney", "edu.cn"),  # a public suffix is no one's
        ("Midjourney", ""),
        ("University", "university.edu"),  # a kind of organisation, no name
        ("Computer Science Research Institute", "csri.com"),  # initials of generic words
        # clean() reads "G42" as a Glasgow postcode: no organisation segment to compare.
        ("G42", "g42.ai"),
    ],
)
def test_near_misses_are_not_attested(raw, domain):
    assert attests(clean(raw), domain) is None


# --- the step --------------------------------------------------------------------------


def test_the_step_answers_after_every_other_with_no_institution_yet(resolver):
    found = resolver.resolve("Midjourney", "midjourney.com")
    assert (found.institution_id, found.how, found.attested) == (None, "attested", "midjourney.com")
    # Once refresh_all made it, the resolver knows its institution.
    known = Resolver.from_rows([], [], [(99, "", "", None, ["midjourney.com"], [])],
                               attested=[("midjourney.com", 99)])  # fmt: skip
    found = known.resolve("Midjourney", "midjourney.com")
    assert (found.institution_id, found.how) == (99, "attested")
    # Its domain is the evidence it was made from, no domain step: another name at
    # midjourney.com is not attested.
    assert known.resolve("Vision Team", "midjourney.com").how == "none"


def test_a_registry_name_or_a_registry_domain_is_never_attested(resolver):
    # The registry's name answers first.
    assert resolver.resolve("Stanford", "stanford.edu").how in ("registry", "domain")
    # Homonyms the evidence cannot tell apart stay unresolved: no third Acme invented.
    assert resolver.resolve("Acme", "acme.com").how == "none"
    # A domain the registry gives an organisation answers by the domain step.
    assert resolver.resolve("NetEase", "163.com").how == "registry"
    assert resolver.resolve("Youdao", "youdao.163.com").how == "domain"


def test_a_rejected_attestation_is_not_applied():
    rejected = Resolver.from_rows(
        [("not", "midjourney", 99)], [], [(99, "", "", None, ["midjourney.com"], [])],
        attested=[("midjourney.com", 99)],
    )  # fmt: skip
    assert rejected.resolve("Midjourney", "midjourney.com").how == "none"


def mention(raw: str, authorship: int, domain: str = "") -> Mention:
    return Mention(raw, domain, authorship, author_key("colm", 2025, f"a{authorship}"))


def test_the_same_name_without_a_domain_takes_the_organisation_the_list_attests(resolver):
    mentions = [mention("Midjourney", 1, "midjourney.com"), mention("Midjourney", 2),
                mention("Simular", 3, "simular.ai"), mention("Simular Inc.", 4),
                mention("Midjourney Foundation", 5),
                mention("Kensho Technologies", 6, "kensho.com"), mention("Kensho", 7)]  # fmt: skip
    out = resolve_all(resolver, mentions)
    assert [(r.how, r.attested) for r in out] == [
        ("attested", "midjourney.com"), ("attested", "midjourney.com"),
        ("attested", "simular.ai"), ("attested", "simular.ai"), ("none", ""),
        ("attested", "kensho.com"), ("attested", "kensho.com"),
    ]  # fmt: skip


def test_the_list_s_evidence_of_a_registered_institution_comes_first(resolver):
    # zorblax.edu is in no registry record, but the list's strings with it all name
    # Zorblax University: "Zorblax" at zorblax.edu is that, not a new organisation.
    mentions = [mention("Zorblax University", i, "zorblax.edu") for i in range(3)]
    out = resolve_all(resolver, [*mentions, mention("Zorblax", 9, "zorblax.edu")])
    assert (out[-1].institution_id, out[-1].how) == (ZORBLAX, "domain")
    # Alone, the string and its domain attest it.
    assert resolver.resolve("Zorblax", "zorblax.edu").how == "attested"


def test_a_name_the_list_attests_for_two_domains_is_neither(resolver):
    mentions = [mention("Orbit", 1, "orbit.ai"), mention("Orbit", 2, "orbit.de"),
                mention("Orbit", 3)]  # fmt: skip
    assert [r.how for r in resolve_all(resolver, mentions)] == ["attested", "attested", "none"]


def test_a_public_domain_attests_nothing(resolver):
    # gmail.com beside five organisations, none holding a third: webmail.
    mentions = [
        mention(raw, i, "gmail.com")
        for i, raw in enumerate(["Stanford University", "Harvard University", "Google",
                                 "Massachusetts Institute of Technology",
                                 "Zorblax University", "Gmail"])
    ]  # fmt: skip
    assert resolve_all(resolver, mentions)[-1].how == "none"


# --- refresh_all ---------------------------------------------------------------------------


def _colm(tmp_path: Path) -> None:
    records = [
        {"id": "1", "title": "A", "status": "Poster", "author": "Ann One; Bo Two; Cy Three",
         "aff": "Midjourney; Midjourney, Inc.; Stanford University",
         "aff_domain": "midjourney.com; ; stanford.edu"},
        {"id": "2", "title": "B", "status": "Poster", "author": "Di Four; Ed Five",
         "aff": "Midjourney; Recursal AI, Inc.", "aff_domain": "midjourney.com; recursal.ai"},
    ]  # fmt: skip
    import_list(tmp_path, "colm2025.json", records)


@pytest.mark.django_db
def test_refresh_creates_the_organisation_once_and_again_changes_nothing(tmp_path: Path):
    ensure_registry()
    _colm(tmp_path)
    refresh_all()
    attested = Institution.objects.exclude(attested="")
    assert sorted(attested.values_list("attested", "name", "domains", "ror_id", "sector")) == [
        ("midjourney.com", "Midjourney", ["midjourney.com"], None, "other"),
        ("recursal.ai", "Recursal AI", ["recursal.ai"], None, "other"),
    ]
    midjourney = Institution.objects.get(attested="midjourney.com")
    rows = AffiliationMention.objects.filter(raw__startswith="Midjourney")
    assert set(rows.values_list("how", "institution_id")) == {("attested", midjourney.pk)}
    assert rows.count() == 3  # two with its domain, one with none beside them
    # Offered to the curators, the attested organisation suggested.
    row = UnmatchedAffiliation.objects.get(key="midjourney")
    assert (row.suggestion_id, row.evidence["attested"]) == (midjourney.pk, "Midjourney")
    before = list(Institution.objects.order_by("pk").values_list("pk", "name", "attested"))
    again = refresh_all()
    assert again["mentions_changed"] == 0 and again["attested_removed"] == 0
    assert list(Institution.objects.order_by("pk").values_list("pk", "name", "attested")) == (
        before
    )


@pytest.mark.django_db
def test_a_curated_alias_takes_over_and_the_attested_organisation_goes(tmp_path: Path):
    ensure_registry()
    _colm(tmp_path)
    refresh_all()
    curated = Institution.objects.create(name="Midjourney Inc.", sector="industry")
    Alias.objects.create(kind=Alias.Kind.NAME, text="Midjourney", institution=curated)
    done = refresh_all()
    rows = AffiliationMention.objects.filter(raw__startswith="Midjourney")
    assert set(rows.values_list("how", "institution_id")) == {("curated", curated.pk)}
    assert done["attested_removed"] == 1
    assert list(Institution.objects.exclude(attested="").values_list("attested", flat=True)) == [
        "recursal.ai"
    ]
    assert not UnmatchedAffiliation.objects.filter(key="midjourney").exists()


@pytest.mark.django_db
def test_curators_see_the_attested_organisations_apart(client, tmp_path: Path):
    from django.contrib.auth.models import User

    ensure_registry()
    _colm(tmp_path)
    refresh_all()
    client.force_login(User.objects.create_superuser("curator", "c@example.org", "pw"))
    changelist = "/admin/institutions/institution/"
    attested = client.get(changelist, {"evidence": "attested"}).content.decode()
    registered = client.get(changelist, {"evidence": "registry"}).content.decode()
    assert "Midjourney" in attested and "Stanford University" not in attested
    assert "Stanford University" in registered and "Midjourney" not in registered
    queue = client.get("/admin/institutions/unmatchedaffiliation/").content.decode()
    assert "attested by its own e-mail domain: <b>Midjourney</b>" in queue
