"""Organisations attested by their own e-mail domain: the rule of the resolver's attested
step (institutions.resolver, step 8), pure functions.

The organisation part of a string and the author's e-mail domain are two independent
pieces of evidence. When both name the same organisation ("Midjourney" written by an
author at midjourney.com), that organisation exists whether the registry lists it or not.
"Names the same" is strict:
- the domain's registrable name is its last parent that is not a public suffix
  (normalise.domain_candidates: "mail.sbintuitions.co.jp" -> "sbintuitions.co.jp"); its
  label, the first part without hyphens ("sbintuitions", "infiniai" of infini-ai.com),
  has at least MIN_LABEL characters;
- the string has exactly one organisation segment (normalise.clean: units and places
  aside), taken as written (Segment.written: accents folded, lowercase, punctuation as
  spaces, no abbreviation expanded), without the legal-form words it ends with
  (LEGAL_FORMS: "RAND Corporation" -> "rand") and a leading "the";
- written together (spaces, hyphens and dots removed), with or without its company words
  (COMPANY_WORDS: "Kensho Technologies" = kensho.com, "T-Bank AI Research" = tbank.ru),
  it equals the label ("SB Intuitions" = sbintuitions.co.jp, "T-Bank" = tbank.ru) or the
  label and its suffix together ("Collinear AI" = collinear.ai, "SynthLabs.ai" =
  synthlabs.ai); or, for a name of three words or more (of, for, and aside), its
  initials equal the label ("Qatar Computing Research Institute" = qcri.com).
A name that only contains the label ("Midjourney Foundation", "Midjourneys") is not the
label. Never a name of generic, descriptive or company words only ("Department of Computer
Science" at cs.example.edu, "AI Lab" at ailab.com) nor of a kind of organisation alone.

Measured on the shipped lists (all 50,144 mentions, COLM 2025's among them), where the
registry resolved the string and also knows the domain: the rule's matches name the
domain's institution (or its parent, successor or company group) 7,468 times of 7,483
(99.8%); the 15 others are one organisation under two registry records (IBM and IBM
United Kingdom, two records of the Institute of Statistical Mathematics). Of those, 1,178
match only with company words dropped ("Google Research" at google.com, "Huawei
Technologies" at huawei.com, "Tencent AI Lab" at tencent.com), all 1,178 the domain's
institution. 158 more matches have a domain the registry does not know ("Ant Group" at
antgroup.com, "TU Wien" at tuwien.ac.at).
"""

from dataclasses import dataclass

from institutions.normalise import GENERIC, Cleaned, domain_candidates
from institutions.wording import DESCRIPTIVE, KIND_WORDS

MIN_LABEL = 3
# Words that say what legal form a company has, not which company: dropped at the end of
# the organisation segment only ("Huawei Technologies Co., Ltd."; "AG Bethge" is a research
# group). Small on purpose: the forms the shipped lists' organisation segments end with
# (inc 352 times, corporation 132, ltd 86, co 65, gmbh 35, limited 26, ag 22, corp 18,
# llc 14, sa 5), and plc and incorporated.
LEGAL_FORMS = frozenset(
    ["inc", "incorporated", "ltd", "limited", "llc", "corp", "corporation", "co", "gmbh",
     "plc", "sa", "ag"]
)  # fmt: skip
# Words that say what a company's organisation is for, not which company: dropped as a
# second reading of the name ("Kensho Technologies", "Deepwise AI Lab"). Measured on the
# shipped lists (above), the readings that needed it: "research" 925 matches, "ai" with
# "lab", "labs" or "research" 142, "ai" 64, "technologies" 26, "labs" 14, "technology" 6,
# "tech" 1, every one the domain's own institution where the registry knows the domain.
COMPANY_WORDS = frozenset(["technologies", "technology", "tech", "labs", "lab", "research", "ai"])
# Words that say nothing of which organisation (wording.DESCRIPTIVE, "ai", "ml", "nlp").
_NAMELESS = GENERIC | KIND_WORDS | DESCRIPTIVE | COMPANY_WORDS
_INITIALS_SKIPPED = frozenset(["of", "for", "and", "the", "de", "at", "in", "und", "fur"])


@dataclass(frozen=True)
class Attestation:
    key: str  # the domain's registrable name, "midjourney.com": the organisation's identity
    name: str  # the organisation segment as written, legal forms dropped
    how: str  # "label", "label and suffix" or "initials"


def registrable(domain: str) -> str:
    """ "cs.cmu.edu" -> "cmu.edu", "mail.sbintuitions.co.jp" -> "sbintuitions.co.jp"; "" for
    a public suffix or no domain."""
    candidates = domain_candidates(domain)
    return candidates[-1] if candidates else ""


def organisation_words(cleaned: Cleaned) -> list[str]:
    """The words of the one organisation segment as written, the legal forms it ends with
    dropped; [] when the string has none or several."""
    orgs = [s for s in cleaned.segments if s.kind == "org"]
    if len(orgs) != 1:
        return []
    words = (orgs[0].written or orgs[0].text).split()
    while words and words[-1] in LEGAL_FORMS:
        words = words[:-1]
    return words[1:] if words[:1] == ["the"] else words


def readings(words: list[str]) -> list[str]:
    """An organisation's words written together, with and without its company words:
    ["kenshotechnologies", "kensho"]."""
    together = ["".join(words), "".join(w for w in words if w not in COMPANY_WORDS)]
    return [t for t in dict.fromkeys(together) if t]


def attests(cleaned: Cleaned, email_domain: str) -> Attestation | None:
    """The organisation the string and the e-mail domain both name, or None."""
    key = registrable(email_domain)
    label, _dot, suffix = key.replace("-", "").partition(".")
    if len(label) < MIN_LABEL:
        return None
    words = organisation_words(cleaned)
    if not words or all(w in _NAMELESS for w in words):
        return None
    name = " ".join(words)
    for together in readings(words):
        if together == label:
            return Attestation(key, name, "label")
        if together == label + suffix.replace(".", ""):
            return Attestation(key, name, "label and suffix")
    named = [w for w in words if w not in _INITIALS_SKIPPED]
    if len(named) >= 3 and "".join(w[0] for w in named) == label:
        return Attestation(key, name, "initials")
    return None
