"""What a whole list shows, for the strings its own text leaves unresolved (steps 2, 4, 6,
7 and 8 of institutions.resolver over a list: resolve_all).

In order, each pass linear in mentions: the list's public e-mail domains are not used
(public_domains), homonyms are chosen by the ones the list names (_by_list_names), the
domains its resolved strings carry answer for the others (_by_list_domain), the place step
(_by_place), the author step for the strings that name only a sub-unit (_by_author over
author_evidence), the host step (_by_host), and last the attested step (_by_attested):
after all of the list's evidence of registered institutions.
"""

from collections import Counter, defaultdict
from collections.abc import Hashable, Sequence
from dataclasses import dataclass

from institutions.attestation import organisation_words, readings
from institutions.normalise import GENERIC, Cleaned, clean, domain_candidates, fold
from institutions.resolver import Hints, Resolution, Resolver
from institutions.wording import names_only_a_unit, only_place_named, proper_words

# The steps that read the string alone (the evidence of public_domains).
STRING_STEPS = ("curated", "registry", "unit", "fuzzy")
# A public e-mail domain: beside at least this many organisations, none holding more than
# this share of its mentions. On the shipped lists (COLM held out) this picks gmail.com,
# outlook.com, hotmail.com, yahoo.com, 163.com, 126.com, qq.com, foxmail.com, ieee.org,
# acm.org and alum.mit.edu, and no university's or company's domain (the nearest,
# CentraleSupelec's and the French joint labs', have a top share of 0.44-0.5).
PUBLIC_LEAST = 5
PUBLIC_MOST = 1 / 3
# A domain learnt from a list: this many authorships' strings with it, all one institution.
LIST_DOMAIN_LEAST = 3
# A unit's host learnt from a list: this many authorships' strings (of two names or more)
# write the unit beside an organisation, all the same one.
HOST_LEAST = 3
# ... and this many when the unit's name is only generic words: many universities have a
# "Department of Biology" (9 authorships of the shipped lists write it beside Copenhagen
# alone), one has the "Machine Learning Department" 155 of them write beside CMU.
HOST_GENERIC_LEAST = 20


@dataclass(frozen=True)
class Mention:
    """One affiliation string of one author, with what the author step needs."""

    raw: str
    email_domain: str
    authorship: Hashable  # one author of one paper
    author: tuple[Hashable, int, str]  # one name in one conference-year: author_key()
    paper: Hashable = None  # None: no co-authors known


def author_key(conference: Hashable, year: int, name: str) -> tuple[Hashable, int, str]:
    """The same person within one conference-year, as far as a name tells: accents and case
    folded ("Müller" = "muller"); an empty name is no one."""
    return conference, year, " ".join(fold(name).split())


# {("paper", authorship) or ("name", author): {institution: (first string, mentions, index
# of the first mention)}}: what the author step knows of each author.
Evidence = dict[tuple[str, Hashable], dict[int, tuple[str, int, int]]]


def author_evidence(mentions: Sequence[Mention], resolved: Sequence[Resolution]) -> Evidence:
    """The institutions each author's strings resolved to (by steps 1-5), on each paper and
    under each name in a conference-year."""
    evidence: Evidence = defaultdict(dict)
    for index, (m, answer) in enumerate(zip(mentions, resolved, strict=True)):
        pk = answer.institution_id
        if pk is None or answer.how == "author":
            continue
        keys = [("paper", m.authorship)] + ([("name", m.author)] if m.author[-1] else [])
        for key in keys:
            raw, count, first = evidence[key].get(pk, (m.raw, 0, index))
            evidence[key][pk] = (raw, count + 1, first)
    return evidence


def resolve_all(
    resolver: Resolver,
    mentions: Sequence[Mention],
    use_domain: bool = True,
    evidence_from: Sequence[Resolution] | None = None,
) -> list[Resolution]:
    """Every mention of a list (once per distinct string and domain), then what the
    list itself shows, in this order: its public e-mail domains are not used
    (public_domains), homonyms are chosen by the ones it names (_by_list_names), the
    domains its resolved strings carry answer for the others (_by_list_domain), the
    place step, and last the author step for the strings that name only a sub-unit;
    each pass linear in mentions. The public domains' and author step's evidence is
    the first pass, or `evidence_from` (the same mentions resolved otherwise: coverage
    resolves strings alone, evidence as stored), never the mention itself."""
    found: dict[tuple[str, str], Resolution] = {}
    out: list[Resolution] = []
    for m in mentions:
        answer = found.get((m.raw, m.email_domain))
        if answer is None:
            domain = m.email_domain if use_domain else ""
            answer = found[m.raw, m.email_domain] = resolver.resolve(
                m.raw, domain, use_domain, attest=False
            )
        out.append(answer)
    public = public_domains(resolver, mentions, evidence_from or out) if use_domain else {}
    for index, m in enumerate(mentions):
        domain = m.email_domain.strip().lower()
        if domain in public and domain not in resolver.domains:
            alone = found.get((m.raw, "")) or found.setdefault(
                (m.raw, ""), resolver.resolve(m.raw, "", use_domain=False)
            )
            if alone.institution_id != out[index].institution_id:
                out[index] = Resolution(
                    alone.cleaned, alone.institution_id, alone.how,
                    f"{alone.detail}; e-mail domain {domain!r} not used: {public[domain]}",
                    alone.alias,
                )  # fmt: skip
    _by_list_names(resolver, mentions, out, public, use_domain)
    if use_domain:
        _by_list_domain(resolver, mentions, out, public)
    _by_place(resolver, out)
    evidence = author_evidence(mentions, evidence_from or out)
    for index, (m, answer) in enumerate(zip(mentions, out, strict=True)):
        if answer.how == "none" and names_only_a_unit(answer.cleaned):
            by_author = _by_author(index, m, answer.cleaned, evidence)
            if by_author:
                out[index] = Resolution(answer.cleaned, by_author[0], "author", by_author[1])
    _by_host(resolver, mentions, out)
    if use_domain:
        _by_attested(resolver, mentions, out, public)
    return out


def public_domains(
    resolver: Resolver, mentions: Sequence[Mention], resolved: Sequence[Resolution]
) -> dict[str, str]:
    """E-mail domains that are no organisation's, from the evidence of a whole list:
    {domain: why}. A domain whose addresses sit beside strings of at least
    PUBLIC_LEAST organisations (counted by their top parent, as the strings alone
    resolved them), none holding more than PUBLIC_MOST of its mentions, is webmail, a
    society's member address or an alumni forward ("gmail.com", "acm.org",
    "alum.mit.edu"), whatever the registry lists; "google.com" beside Google, DeepMind
    and a few visitors is Google's."""
    seen: dict[str, Counter[int]] = defaultdict(Counter)
    for m, answer in zip(mentions, resolved, strict=True):
        domain = m.email_domain.strip().lower()
        if domain and answer.institution_id is not None and answer.how in STRING_STEPS:
            seen[domain][resolver.root(answer.institution_id)] += 1
    public: dict[str, str] = {}
    for domain, counts in seen.items():
        total, top = sum(counts.values()), max(counts.values())
        if len(counts) >= PUBLIC_LEAST and top <= PUBLIC_MOST * total:
            public[domain] = (
                f"its {total} addresses in this list sit beside {len(counts)} "
                f"organisations, none more than {top} times"
            )
    return public


def _by_list_names(
    resolver: Resolver,
    mentions: Sequence[Mention],
    out: list[Resolution],
    public: dict[str, str],
    use_domain: bool,
) -> None:
    """Homonyms told apart by the list, in place: a string nothing answered because its
    name is several organisations' ("TAU", "UQ", "NTU") is resolved again with, as the
    last ways to choose (Resolver.choose), the one of them in the country of the
    institutions the paper's other strings resolved to, then the one that the list's
    other strings name as a whole (a curated alias or registry name, of LIST_NAMED_LEAST
    authorships or more) when they name none of the others: one stray answer decides
    nothing."""
    authorships: dict[int, set[Hashable]] = defaultdict(set)
    # {paper: [(mention index, country)]}: where the paper's resolved strings are.
    located: dict[Hashable, list[tuple[int, str]]] = defaultdict(list)
    for index, (m, a) in enumerate(zip(mentions, out, strict=True)):
        if a.institution_id is not None and a.how in ("curated", "registry"):
            authorships[a.institution_id].add(m.authorship)
        country = resolver.place(a.institution_id).country if a.institution_id else ""
        if country and m.paper is not None:
            located[m.paper].append((index, country))
    named = {pk: len(seen) for pk, seen in authorships.items()}
    again: dict[tuple[str, str, frozenset[str]], Resolution] = {}
    for index, m in enumerate(mentions):
        if out[index].how != "none":
            continue
        domain = m.email_domain if use_domain else ""
        if domain.strip().lower() in public and domain.strip().lower() not in resolver.domains:
            domain = ""
        countries = frozenset(c for i, c in located.get(m.paper, ()) if i != index)
        key = (m.raw, domain, countries)
        answer = again.get(key) or again.setdefault(
            key,
            resolver.resolve(m.raw, domain, use_domain, Hints(named, countries), attest=False),
        )
        if answer.institution_id is not None:
            out[index] = answer


def _by_list_domain(
    resolver: Resolver, mentions: Sequence[Mention], out: list[Resolution], public: dict[str, str]
) -> None:
    """The domain step from a list's own evidence, in place: a string nothing answered
    takes the institution that every other string of the list with the author's
    e-mail domain (or a subdomain of it) names, when the strings of at least
    LIST_DOMAIN_LEAST authorships and two names do (steps 1-5 reading the string
    alone), never a public
    domain ("ds univie" with univie.ac.at, where the list's univie.ac.at strings all
    name the University of Vienna). A domain whose strings name two organisations
    answers nothing."""
    # {domain: {institution: (first string, authorships, names)}}
    seen: dict[str, dict[int, tuple[str, set[Hashable], set[str]]]] = defaultdict(dict)
    for m, answer in zip(mentions, out, strict=True):
        domain = m.email_domain.strip().lower()
        if answer.institution_id is None or answer.how not in STRING_STEPS or domain in public:
            continue
        for candidate in domain_candidates(domain):  # cs.univie.ac.at, univie.ac.at
            raw, authorships, names = seen[candidate].setdefault(
                answer.institution_id, (m.raw, set(), set())
            )
            authorships.add(m.authorship)
            names.add(m.author[-1])
    for index, (m, answer) in enumerate(zip(mentions, out, strict=True)):
        domain = m.email_domain.strip().lower()
        if answer.how != "none" or not domain or domain in public:
            continue
        for candidate in domain_candidates(domain):
            named = seen.get(candidate)
            if not named:
                continue
            if len(named) == 1:
                pk, (raw, authorships, names) = next(iter(named.items()))
                rejected = pk in resolver.rejected.get(answer.cleaned.key, set())
                if len(authorships) >= LIST_DOMAIN_LEAST and len(names) >= 2 and not rejected:
                    out[index] = Resolution(
                        answer.cleaned, pk, "domain",
                        f"e-mail domain {candidate!r}: the {len(authorships)} authorships "
                        f"of this list with it and a resolved string all name one "
                        f"institution, as {raw[:80]!r}",
                    )  # fmt: skip
            break  # the most specific domain with evidence decides


def _by_place(resolver: Resolver, out: list[Resolution]) -> None:
    """The place step, in place over a list's answers: a string whose only proper name
    is a town ("Department of Applied Physics, Stanford", "Dept. of Statistics Stanford
    USA") is the university named after it ("Stanford University", "University of X")
    when that university is the one institution of the town that the list's strings
    name (steps 1-5), in the string's country if it names one. "Department of Physics,
    Cambridge" stays unresolved where the list names MIT or Harvard too."""
    in_town: dict[str, set[int]] = defaultdict(set)
    for answer in out:
        if answer.institution_id is not None and answer.how in STRING_STEPS:
            town = resolver.place(answer.institution_id).city
            if town:
                in_town[town].add(answer.institution_id)
    for index, answer in enumerate(out):
        if answer.how != "none":
            continue
        town = only_place_named(answer.cleaned)
        if not town or town not in in_town:
            continue
        countries = resolver.where(answer.cleaned)[1]
        pool = {
            pk for pk in in_town[town] if not countries or resolver.place(pk).country in countries
        } - resolver.rejected.get(answer.cleaned.key, set())  # a curator said it is not
        named = [
            form
            for form in (f"{town} university", f"university of {town}", f"university {town}")
            if pool and any(e[0] in pool for e in resolver.registry.get(form, ()))
        ]
        if len(pool) == 1 and named:
            out[index] = Resolution(
                answer.cleaned, pool.pop(), "place",
                f"names no organisation but the town {town!r}: the one institution of "
                f"{town!r} this list names, registry name {named[0]!r}",
            )  # fmt: skip


def _by_author(
    index: int, mention: Mention, cleaned: Cleaned, evidence: Evidence
) -> tuple[int, str] | None:
    """The one institution of the author's other strings, and why; None if none or
    several (unless one alone shares a proper name with the string: "Tianjin Key Lab of
    Machine Learning" beside "Tianjin University" and "Huawei")."""
    tiers = [
        ("paper", mention.authorship, "the author's other affiliation on this paper"),
        ("name", mention.author, "the same name on another paper of this conference-year"),
    ]
    chosen: dict[int, str] = {}
    where = ""
    for tier, key, said in tiers:
        chosen = {
            pk: raw
            for pk, (raw, count, first) in evidence.get((tier, key), {}).items()
            if count > 1 or first != index
        }
        if chosen:
            where = said
            break
    if len(chosen) > 1:
        words = proper_words(cleaned)
        sharing = {pk: raw for pk, raw in chosen.items() if words & proper_words(clean(raw))}
        if len(sharing) == 1:
            chosen, where = sharing, f"{where}, the one sharing a name with it"
    if len(chosen) != 1:
        return None
    pk, raw = next(iter(chosen.items()))
    return pk, f"names only a sub-unit; {where}: {raw[:120]!r}"


def _by_host(resolver: Resolver, mentions: Sequence[Mention], out: list[Resolution]) -> None:
    """The host step, in place: a string nothing answered whose unit ("Machine Learning
    Department", "Grossman Center") the list's other strings write beside an organisation
    takes that organisation, when the strings of at least HOST_LEAST authorships and two
    names do (steps 1-5 reading the string alone) and name no other. Its other segments
    must say nothing else: a segment the list writes beside several organisations
    ("Department of Computer Science") or of generic words only is neutral; one with a
    proper name the list never resolved (a start-up beside a lab) means no answer."""
    # {segment text: {institution: (first string, authorships, names)}}
    seen: dict[str, dict[int, tuple[str, set[Hashable], set[str]]]] = defaultdict(dict)
    for m, answer in zip(mentions, out, strict=True):
        if answer.institution_id is None or answer.how not in STRING_STEPS:
            continue
        for segment in answer.cleaned.segments:
            if segment.kind != "location":
                raw, authorships, names = seen[segment.text].setdefault(
                    answer.institution_id, (m.raw, set(), set())
                )
                authorships.add(m.authorship)
                names.add(m.author[-1])
    towns = {place.city for place in resolver.places.values()}
    for index, answer in enumerate(out):
        if answer.how != "none":
            continue
        hosts: dict[int, tuple[str, str, int]] = {}  # {institution: (unit, string, authorships)}
        weak: set[int] = set()  # written beside one organisation, too few times to answer
        blocked = False
        for segment in answer.cleaned.segments:
            if segment.kind == "location" or segment.text in towns:
                continue  # "Trondheim": a town, the place step's to read
            if resolver.lookup(segment.text):
                blocked = True  # a registry name no answer made one organisation: a
                break  # homonym, choose()'s to tell apart
            named = seen.get(segment.text, {})
            generic = all(w in GENERIC for w in segment.text.split())
            if len(named) == 1:
                pk, (raw, authorships, names) = next(iter(named.items()))
                if resolver.extended(segment.text) - {pk}:
                    blocked = True  # the start of other organisations' names too:
                    break  # "Swiss Federal Institute of Technology" (Zurich, Lausanne)
                least = HOST_GENERIC_LEAST if generic else HOST_LEAST
                if len(authorships) >= least and len(names) >= 2:
                    hosts[pk] = (segment.text, raw, len(authorships))
                else:
                    weak.add(pk)
            elif not named and not generic:
                blocked = True  # a name this list never resolved: maybe another organisation
        if blocked or len(hosts) != 1 or weak - hosts.keys():
            continue
        pk, (unit, raw, count) = next(iter(hosts.items()))
        countries = resolver.where(answer.cleaned)[1]  # "..., Regensburg, Germany"
        if countries and resolver.place(pk).country not in countries:
            continue
        if pk not in resolver.rejected.get(answer.cleaned.key, set()):
            out[index] = Resolution(
                answer.cleaned, pk, "host",
                f"the list's strings of {count} authorships write {unit!r} beside one "
                f"organisation, as {raw[:80]!r}",
            )  # fmt: skip


def _by_attested(
    resolver: Resolver, mentions: Sequence[Mention], out: list[Resolution], public: dict[str, str]
) -> None:
    """The attested step over a list, in place, last: after every step that reads the
    list's own evidence of registered institutions (a domain its strings show to be one
    institution's answers as that institution, not as a new one). A string nothing
    answered, with an e-mail domain the list does not show to be public, is tried by
    Resolver.attested_answer; then a string with no domain (or a public one) whose
    organisation segment is written as one the list attests ("Midjourney" beside
    "Midjourney" at midjourney.com, "Kensho" beside "Kensho Technologies" at kensho.com:
    attestation.readings) takes that organisation, when the list attests that name for
    one domain only."""
    tried: dict[tuple[str, str], Resolution | None] = {}
    for index, (m, answer) in enumerate(zip(mentions, out, strict=True)):
        domain = m.email_domain.strip().lower()
        if answer.how != "none" or not domain or domain in public:
            continue
        if (m.raw, domain) not in tried:
            tried[m.raw, domain] = resolver.attested_answer(answer.cleaned, domain)
        if (found := tried[m.raw, domain]) is not None:
            out[index] = found
    by_name: dict[str, dict[str, Resolution]] = defaultdict(dict)
    for answer in out:
        if answer.how == "attested" and answer.attested:
            for together in readings(organisation_words(answer.cleaned)):
                by_name[together].setdefault(answer.attested, answer)
    if not by_name:
        return
    for index, (m, answer) in enumerate(zip(mentions, out, strict=True)):
        domain = m.email_domain.strip().lower()
        if answer.how != "none" or (domain and domain not in public):
            continue
        attested: dict[str, Resolution] = {}
        for together in readings(organisation_words(answer.cleaned)):
            attested.update(by_name.get(together, {}))
        if len(attested) != 1:
            continue
        key, seen = next(iter(attested.items()))
        if seen.institution_id not in resolver.rejected.get(answer.cleaned.key, set()):
            out[index] = Resolution(
                answer.cleaned, seen.institution_id, "attested",
                f"written as {seen.cleaned.raw[:80]!r}, which this list attests by its own "
                f"e-mail domain {key!r}",
                attested=key,
            )  # fmt: skip
