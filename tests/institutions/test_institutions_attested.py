"""Organisations attested by their own e-mail domain: the rule on the real strings it was
built for and on near-misses."""

import pytest

from institutions.attestation import attests, registrable
from institutions.normalise import clean

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
