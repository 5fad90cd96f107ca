"""From a raw affiliation string to an institution, and why (the steps, in order, below).

Order, first hit wins; `how` names the step and `detail` explains it:
0. unaffiliated  the string's organisation part says the author has none ("Independent
             Researcher", "Unaffiliated", "None": wording.UNAFFILIATED): an applied answer
             with no institution, in no institution's figures and not in the curators'
             queue; ConferenceYearStat.unaffiliated counts them.
1. curated   the whole cleaned string, its organisation part, or a contiguous run of its
             segments (longest first) equals a curated NAME alias: the ML-lab names the
             registry lacks ("Google Brain", "FAIR") and the curators' decisions. A run made
             only of place names never counts ("Cambridge, MA" is not a university).
2. registry  a run of segments equals a ROR name, label (any language), alias or acronym.
             Homonyms are told apart by the city or country in the string, then by the
             parent among them (Google, not Google Singapore), then by the author's e-mail
             domain, then by a full name over an acronym, then (over a whole list) by the
             country of the paper's other authors' institutions (a string naming no place:
             "NTU" beside NUS co-authors), then by the one the list's other strings name
             ("TAU" beside "Tel Aviv University"); still ambiguous means no answer.
             When two segments name a sub-unit and its registry parent ("Microsoft Research
             Asia, Microsoft"), the parent wins; a registry name that reads as a unit
             ("Institut für Theoretische Physik", "Department of Public Health") gives way
             to the organisation named beside it (reads_as_unit).
3. unit      a segment names a sub-unit before or around its organisation ("State Key Lab
             of X, Tsinghua University Beijing", "Stanford AI Lab"): a registry name of two
             or more words, or a curated keyword, occurs as whole words in it, not followed
             by "of" ("Nanjing University of Information Science" is not Nanjing University).
             The organisation is preferred; a sub-unit answers only when it is curated.
             A registry name of one word counts too when it opens the segment and only
             words describing a unit or a place follow ("Apple ML Research", "Fujitsu
             Laboratories"), never a short acronym ("JD AI" is not the JD institute) unless
             only the record's own city follows ("KTH Stockholm", "CWI Amsterdam").
4. domain    the author's e-mail domain or a parent of it ("cs.cmu.edu" -> "cmu.edu") is a
             curated domain, a ROR domain or a ROR website's host (registry.website_hosts;
             a site under another organisation's host, "med.unc.edu" under "unc.edu", is
             a unit's and answers as that host); never a public suffix ("edu.cn", "ac.uk").
             When a string names several organisations, the one of the domain is chosen.
             Over a whole list (list_evidence) a domain the list shows to be public is not
             used at all, whatever the registry lists (public_domains: "gmail.com",
             "163.com", "acm.org" sit beside many organisations, none holding a third),
             and a domain (or its subdomains) whose resolved strings in the list all name
             one institution answers for the list's other strings (_by_list_domain).
5. fuzzy     an organisation segment is an unambiguous registry name or curated alias with
             a few typos (rapidfuzz; suggest.Suggester.closest: ratio >= FUZZY_LEAST and
             the same words, each within one edit per six letters, short words equal):
             "Unversity of Chicago", "Massachussets Institute of Technology".
6. place     (only over a whole list) a string whose only proper name is a town
             ("Department of Applied Physics, Stanford") is the university named after it
             ("Stanford University", "University of X") when that is the one institution
             of the town, in the string's country, that the list's strings name (steps
             1-5): Cambridge stays unresolved in a list naming MIT and Harvard.
7. author    (only over a whole list: list_evidence) a string that names a sub-unit
             and no organisation ("Department of Statistics", a lone postcode), or a
             laboratory or centre named by its field and nothing else ("Beijing Key
             Laboratory of Traffic Data Analysis and Mining", "Center for X"), takes the
             organisation of the same author's other strings: first the author's other
             affiliations on the same paper, else the same name's affiliations on the other
             papers of the same conference-year; only when that evidence is one institution
             (steps 1-6 answered it, never this step: no chains), else no answer.
8. attested  nothing above answered (over a whole list: after its own evidence, steps 2-7
             and the host step), and the string's one organisation segment names the
             same organisation as the author's e-mail domain (attestation.attests: written
             together, legal forms dropped, with or without its company words, it is the
             domain's registrable label, that label and its suffix, or the initials of a
             name of 3+ words: "Midjourney" at midjourney.com, "SB Intuitions" at
             sbintuitions.co.jp, "Kensho Technologies" at kensho.com, "Collinear AI" at
             collinear.ai, "Qatar Computing Research Institute" at qcri.com): two
             independent pieces of evidence attest an organisation the registry lacks.
             Never a domain the registry or a curator gives to an organisation, a name the
             registry has, a label under MIN_LABEL letters, a name of generic, descriptive
             or company words only, nor (over a whole list) a public domain. refresh_all
             creates one Institution per organisation (Institution.attested, the
             registrable domain), offered to the curators to confirm; a curated alias or a
             registry record naming it later takes over. Over a whole list, the same name
             with no domain or a public one takes the organisation the list attests for it
             ("Midjourney" with no domain beside "Midjourney" at midjourney.com:
             list_evidence._by_attested).
9. suggestion / none  nothing applied: the most similar names are suggested to curators
             (analytics.resolve.explain, the admin queue) and NEVER applied to statistics.
A registry name made only of generic words ("Department of Computer Science") never counts.
Registry names are compared in variant spellings too (`spellings`: "at" and "of" dropped,
written together, "Tokyo University" = "University of Tokyo"); normalise.py folds languages
and abbreviations ("Technische" = "Technical", "St." = "Saint", "U. of").
This module reads one string (steps 1-5 and 8); list_evidence.py holds what a whole list
shows (resolve_all: the list parts of steps 2, 4 and 8, steps 6 and 7), wording.py what the
words of a name say, attestation.py when a name and a domain are one organisation.
`coverage_institutions` measures all this on the imported lists (institutions/coverage.py).
"""

from bisect import bisect_left
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from functools import cache
from typing import Any

from institutions.attestation import attests
from institutions.normalise import (
    GENERIC,
    Cleaned,
    clean,
    domain_candidates,
    is_public_suffix,
    normalise_text,
)
from institutions.places import country_codes
from institutions.suggest import Suggester
from institutions.wording import (
    KIND_WORDS,
    VARIANT,
    describes,
    names_someone,
    reads_as_unit,
    says_unaffiliated,
    spellings,
    word_orders,
)

APPLIED = (
    "unaffiliated", "curated", "registry", "unit", "domain", "fuzzy", "place", "author", "host",
    "attested",
)  # fmt: skip
MAX_UNIT_WORDS = 8
# Fuzzy matching (rapidfuzz ratio, 0-100) applies only near-identical spellings of one
# institution: chosen on the shipped lists as the lowest cut that keeps agreement with the
# e-mail domain's institution where both resolve (coverage_institutions), see the commit.
FUZZY_LEAST = 90.0
FUZZY_MIN_LENGTH = 10
# A homonym a list names (list_evidence._by_list_names): named by the strings of this
# many authorships.
LIST_NAMED_LEAST = 3


@dataclass(frozen=True)
class Resolution:
    cleaned: Cleaned
    institution_id: int | None
    how: str  # one of APPLIED, or none
    detail: str
    # The curated alias that answered, "kind:text" ("name:google brain", "domain:fb.com"),
    # when one did: what coverage's held-out measure takes away (coverage.held_out).
    alias: str = ""
    # The registrable domain of an organisation attested by its own e-mail domain (step 8,
    # "midjourney.com"); institution_id is None until refresh_all creates it.
    attested: str = ""

    @property
    def key(self) -> str:
        return self.cleaned.key


@dataclass(frozen=True)
class Hints:
    """What a whole list tells choose() about one string's homonyms (list_evidence)."""

    # {institution: authorships} that the list's other strings name in full.
    named: Mapping[int, int] = field(default_factory=dict)
    # The countries of the institutions the paper's other strings name.
    countries: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Place:
    country: str
    city: str
    parent_id: int | None
    domains: frozenset[str] = frozenset()


@dataclass
class Resolver:
    names: dict[str, int]  # curated NAME aliases
    keywords: dict[tuple[str, ...], int] = field(default_factory=dict)
    domains: dict[str, int] = field(default_factory=dict)  # curated domains
    registry: dict[str, list[tuple[int, str]]] = field(default_factory=dict)  # text -> (id, kind)
    registry_domains: dict[str, list[int]] = field(default_factory=dict)
    registry_sites: dict[str, list[int]] = field(default_factory=dict)  # website hosts
    places: dict[int, Place] = field(default_factory=dict)
    rejected: dict[str, set[int]] = field(default_factory=dict)
    # {an organisation that ceased: its successors} (registry.successors).
    successors: Mapping[int, frozenset[int]] = field(default_factory=dict)
    # {registrable domain: institution} of the organisations attested by their own e-mail
    # domain (step 8, Institution.attested): not registry evidence, their domains answer
    # no domain step.
    attested: dict[str, int] = field(default_factory=dict)
    _suggester: Suggester | None = None
    _sorted_names: list[str] | None = None

    @classmethod
    def from_rows(
        cls,
        aliases: Iterable[tuple[str, str, int]],
        registry_names: Iterable[tuple[str, int, str]] = (),
        institutions: Iterable[tuple[Any, ...]] = (),
        successors: Mapping[int, frozenset[int]] | None = None,
        attested: Iterable[tuple[str, int]] = (),
    ) -> "Resolver":
        """From (kind, text, id) alias rows, (text, id, kind) registry names,
        (id, country, city, parent id, domains[, website hosts]) institution rows,
        {ceased organisation: its successors} and (registrable domain, id) of the attested
        organisations."""
        resolver = cls(names={}, successors=successors or {}, attested=dict(attested))
        attested_ids = set(resolver.attested.values())
        # Stored texts are normalised again: a text saved before normalisation learnt a
        # spelling ("saint" -> "st") must still meet the strings cleaned today.
        again = cache(normalise_text)
        for kind, text, pk in aliases:
            if kind in ("name", "keyword", "not"):
                text = again(text) or text
            if kind == "name":
                resolver.names[text] = pk
            elif kind == "keyword":
                resolver.keywords[tuple(text.split())] = pk
            elif kind == "domain":
                resolver.domains[text] = pk
            elif kind == "not":
                resolver.rejected.setdefault(text, set()).add(pk)
        for text, pk, kind in registry_names:
            for written in [again(text, keep_digits=True) or text]:
                # Not only generic words ("UNI", once normalised, reads "university").
                if any(w not in GENERIC and w not in KIND_WORDS for w in written.split()):
                    for key in {written, written.replace(" ", "")}:
                        entries = resolver.registry.setdefault(key, [])
                        if all(e[0] != pk for e in entries):
                            entries.append((pk, kind))
        for pk, country, city, parent_id, domains, *more in institutions:
            sites = [h.lower() for h in (more[0] if more else None) or ()]
            domains = [d.lower() for d in domains or () if not is_public_suffix(d.lower())]
            if pk in attested_ids:  # its domain is the evidence it was made from
                domains, sites = [], []
            city_text = normalise_text(city)
            resolver.places[pk] = Place(country, city_text, parent_id, frozenset(domains + sites))
            for domain in domains:  # never a public suffix: a record listing "edu.cn"
                resolver.registry_domains.setdefault(domain, []).append(pk)
            for host in sites:
                resolver.registry_sites.setdefault(host, []).append(pk)
        resolver.registry_sites = {
            host: ids
            for host, ids in resolver.registry_sites.items()
            if not resolver._site_of_a_unit(host, ids)
        }
        return resolver

    def _site_of_a_unit(self, host: str, ids: list[int]) -> bool:
        """Whether a website host is a sub-site of another organisation's domain or website
        ("med.unc.edu" under "unc.edu"): the site of a unit, whose addresses the host's
        organisation answers for (domain_candidates walks up to it)."""
        return any(
            set(self.registry_domains.get(above, []) + self.registry_sites.get(above, []))
            - set(ids)
            for above in domain_candidates(host)[1:]
        )

    @classmethod
    def from_database(cls) -> "Resolver":
        from institutions.models import Alias, Institution, RegistryName
        from institutions.registry import successors

        live = Institution.objects.exclude(status="withdrawn")
        return cls.from_rows(
            Alias.objects.values_list("kind", "text", "institution_id").iterator(5000),
            RegistryName.objects.filter(institution__in=live)
            .values_list("text", "institution_id", "kind")
            .iterator(5000),
            live.values_list("id", "country", "city", "parent_id", "domains", "websites").iterator(
                5000
            ),
            successors(),
            live.exclude(attested="").values_list("attested", "id"),
        )

    def curated_aliases(self) -> dict[str, int]:
        """{"kind:text": institution} of the curated name, keyword and domain aliases, as
        Resolution.alias names them."""
        return {
            **{f"name:{t}": pk for t, pk in self.names.items()},
            **{f"keyword:{' '.join(k)}": pk for k, pk in self.keywords.items()},
            **{f"domain:{d}": pk for d, pk in self.domains.items()},
        }

    def without(self, aliases: Iterable[str]) -> "Resolver":
        """A copy without some curated aliases ("kind:text"): what coverage.held_out
        measures a list with."""
        gone = set(aliases)
        return replace(
            self,
            names={t: pk for t, pk in self.names.items() if f"name:{t}" not in gone},
            keywords={
                k: pk for k, pk in self.keywords.items() if f"keyword:{' '.join(k)}" not in gone
            },
            domains={d: pk for d, pk in self.domains.items() if f"domain:{d}" not in gone},
            _suggester=None,
            _sorted_names=self._sorted_names,
        )

    # --- resolving -----------------------------------------------------------------------

    def resolve(
        self,
        raw: str,
        email_domain: str = "",
        use_domain: bool = True,
        hints: Hints | None = None,
        attest: bool = True,
    ) -> Resolution:
        """One string; `hints`, what its list shows, are the last ways to choose between
        homonyms (list_evidence.resolve_all). `attest=False` leaves out the attested step,
        which a whole list tries after its own evidence (list_evidence._by_attested)."""
        cleaned = clean(raw)
        if said := says_unaffiliated(cleaned):
            return Resolution(
                cleaned, None, "unaffiliated",
                f"says the author has no organisation ({said!r}): an answer, counted in no "
                "institution's figures",
            )  # fmt: skip
        hit = self._curated(cleaned)
        if hit:
            return Resolution(
                cleaned, hit[1], "curated", f"curated alias {hit[0]!r}", f"name:{hit[0]}"
            )
        found = self._registry(cleaned, email_domain, hints)
        if found:
            return Resolution(cleaned, found[0], "registry", found[1])
        answer = self._unit(cleaned, email_domain, hints)
        if answer:
            return Resolution(cleaned, answer[0], "unit", answer[1], answer[2])
        if use_domain and email_domain:
            answer = self._domain(cleaned, email_domain, hints)
            if answer:
                return Resolution(cleaned, answer[0], "domain", answer[1], answer[2])
        answer = self._fuzzy(cleaned)
        if answer:
            return Resolution(cleaned, answer[0], "fuzzy", answer[1], answer[2])
        if attest and use_domain and email_domain:
            attested = self.attested_answer(cleaned, email_domain)
            if attested:
                return attested
        return Resolution(cleaned, None, "none", "no curated alias, registry name or domain")

    def root(self, pk: int) -> int:
        """The top of an institution's registry parent chain."""
        node, seen = pk, {pk}
        while (parent := self.place(node).parent_id) is not None and parent not in seen:
            seen.add(parent)
            node = parent
        return node

    def _runs(self, cleaned: Cleaned) -> Iterable[tuple[int, str, bool]]:
        """(start, text, names a unit only) of contiguous runs of segments, longest first,
        never only places."""
        segments = cleaned.segments
        for length in range(len(segments), 0, -1):
            for start in range(len(segments) - length + 1):
                run = segments[start : start + length]
                if not all(s.kind == "location" for s in run):
                    unit_only = all(s.kind != "org" for s in run)
                    yield start, " ".join(s.text for s in run), unit_only

    def _curated(self, cleaned: Cleaned) -> tuple[str, int] | None:
        for text in (cleaned.text, cleaned.key):
            if text in self.names:
                return text, self.names[text]
        for _start, text, _unit in self._runs(cleaned):
            if text in self.names:
                return text, self.names[text]
        return None

    def where(self, cleaned: Cleaned) -> tuple[set[str], set[str]]:
        """(cities, countries) the string names."""
        places = [s.text for s in cleaned.segments if s.kind == "location"]
        grams = set()
        for place in places:
            words = place.split()
            for size in (1, 2, 3):
                grams |= {" ".join(words[i : i + size]) for i in range(len(words) - size + 1)}
        return grams, country_codes(places)

    def extended(self, text: str) -> set[int]:
        """The organisations with a registry name that goes on from the text with more
        words: "max planck institute" -> every "max planck institute for ...", "swiss
        federal institute of technology" -> "... zurich" and "... lausanne"."""
        if self._sorted_names is None:
            self._sorted_names = sorted(self.registry)
        found: set[int] = set()
        prefix = f"{text} "
        at = bisect_left(self._sorted_names, prefix)
        while at < len(self._sorted_names) and self._sorted_names[at].startswith(prefix):
            found.update(pk for pk, _kind in self.registry[self._sorted_names[at]])
            at += 1
        return found

    def lookup(self, text: str, reorder: bool = True) -> list[tuple[int, str]] | None:
        """Registry entries of a text or, failing that, of a variant spelling, first hit; with
        the homonyms the same name has in another word order, marked VARIANT ("Universität
        Freiburg" is Fribourg's German label and, reordered, the University of Freiburg)."""
        entries: list[tuple[int, str]] = []
        hit = text
        for variant in spellings(text):
            entries = self.registry.get(variant) or []
            if entries and " " not in variant and " " in text:
                # Written apart, a name is never an acronym: "ibm t" is not "IBMT".
                entries = [e for e in entries if e[1] != "acronym"]
            if entries:
                hit = variant
                break
        ids = {e[0] for e in entries}
        for other in word_orders(hit) if reorder else ():
            for pk, kind in self.registry.get(other, ()):
                if pk not in ids:
                    ids.add(pk)
                    entries = [*entries, (pk, kind + VARIANT)]
        return entries or None

    def choose(
        self,
        candidates: list[tuple[int, str]],
        cleaned: Cleaned,
        email_domain: str = "",
        hints: Hints | None = None,
    ) -> tuple[int, str] | None:
        """One of several registry organisations of one name, and why; None if ambiguous.
        Last, what the list shows (`hints`): the one in the country of the paper's other
        authors' institutions ("NTU" on a paper whose other authors are in Singapore), and
        the one the list's other strings name (by the strings of LIST_NAMED_LEAST
        authorships or more, and none of the others at all)."""
        hints = hints or Hints()
        named = hints.named
        pool = list(dict.fromkeys(c[0] for c in candidates))
        if len(pool) == 1:
            return pool[0], ""
        cities, countries = self.where(cleaned)
        domains = set(domain_candidates(email_domain))
        rank = {"ror_display": 0, "label": 0, "alias": 1, "acronym": 2}

        def best_kind(pk: int) -> int:
            return min(rank.get(c[1].removesuffix(VARIANT), 1) for c in candidates if c[0] == pk)

        top_kind = min(best_kind(pk) for pk in pool)
        steps = [
            ("city", lambda pk: self.place(pk).city in cities),
            ("country", lambda pk: self.place(pk).country in countries),
            # Before the domain: Google (Singapore) lists google.com, Google (US) does not.
            ("parent of the others", lambda pk: self.place(pk).parent_id not in pool),
            ("e-mail domain", lambda pk: bool(domains & self.place(pk).domains)),
            ("name over alias or acronym", lambda pk: best_kind(pk) == top_kind),
            (
                "the name as written over another word order",
                lambda pk: any(c[0] == pk and not c[1].endswith(VARIANT) for c in candidates),
            ),
            # A record that ceased (ROR "inactive") beside one that still exists: an e-mail
            # domain both list (adelaide.edu.au) is the living one's.
            ("one that still exists over one that ceased", lambda pk: pk not in self.successors),
            # Only for a string that names no place ("NTU"): "SAIT AI Lab, Montreal" is
            # neither SAIT of Calgary nor of Suwon, whatever country the co-authors are in.
            (
                "the country of the paper's other authors",
                lambda pk: not cities and self.place(pk).country in hints.countries,
            ),
            (
                "the one this list's other strings name",
                lambda pk: (
                    named.get(pk, 0) >= LIST_NAMED_LEAST
                    and not any(named.get(other, 0) for other in pool if other != pk)
                ),
            ),
        ]
        reasons: list[str] = []
        for reason, keep in steps:
            kept = [pk for pk in pool if keep(pk)]
            if kept and len(kept) < len(pool):
                pool, reasons = kept, [*reasons, reason]
            if len(pool) == 1:
                return pool[0], f" (of {len(candidates)} homonyms, by {', '.join(reasons)})"
        return None

    def place(self, pk: int) -> Place:
        return self.places.get(pk) or Place("", "", None)

    def _registry(
        self, cleaned: Cleaned, email_domain: str, hints: Hints | None = None
    ) -> tuple[int, str] | None:
        # (a unit's name, start, id, text, note): an organisation segment before a unit
        # segment that is also a registry name ("ECE, Cornell University": Cornell, not
        # the Ecole Centrale d'Electronique; "Departement d'Informatique, Universite de X").
        found: list[tuple[bool, int, int, str, str]] = []
        for start, text, unit_only in self._runs(cleaned):
            entries = self.lookup(text)
            if entries:
                chosen = self.choose(entries, cleaned, email_domain, hints)
                if chosen is not None and all(f[2] != chosen[0] for f in found):
                    found.append((unit_only, start, chosen[0], text, chosen[1]))
        if not found:
            return None
        ids = {f[2] for f in found}
        by_domain = self._named_by_domain(ids, email_domain)
        if by_domain is not None:
            _unit, start, pk, text, note = next(f for f in found if f[2] == by_domain)
            return (
                pk,
                f"registry name {text!r}{note}, of the {len(ids)} named the one of "
                f"the e-mail domain",
            )
        parents = [f for f in found if self._ancestor_in(f[2], ids)]
        if parents:
            _unit, start, pk, text, note = parents[0]
            return pk, f"registry name {text!r}{note}, the parent of a sub-unit also named"
        # "Institut für Theoretische Physik, Heidelberg University": a name that reads as a
        # unit ("institute of ...", "department of ...") is a unit of the organisation
        # named beside it, whatever registry record of that name exists.
        organisations = [f for f in found if not reads_as_unit(f[3])]
        if organisations and len(organisations) < len(found):
            _unit, start, pk, text, note = min(organisations)
            return pk, f"registry name {text!r}{note}, the organisation beside a unit's name"
        _unit, start, pk, text, note = min(found)
        return pk, f"registry name {text!r}{note}"

    def _named_by_domain(self, ids: set[int], email_domain: str) -> int | None:
        """Of several organisations a string names ("LTCI, CNRS, Telecom ParisTech"), the
        only one whose domain is the author's e-mail domain (or a parent of it)."""
        if len(ids) < 2 or not email_domain:
            return None
        owners: set[int] = set()
        for candidate in domain_candidates(email_domain):
            owners.update(self.registry_domains.get(candidate, ()))
            owners.update(self.registry_sites.get(candidate, ()))
            if candidate in self.domains:
                owners.add(self.domains[candidate])
        named = ids & owners
        return named.pop() if len(named) == 1 else None

    def _ancestor_in(self, pk: int, ids: set[int]) -> bool:
        """Whether `pk` is the registry parent (at any depth) of another of `ids`."""
        return any(self.ancestor_of(pk, other) for other in ids - {pk})

    def succeeded(self, pk: int, other: int) -> bool:
        """Whether `other` took over from `pk`, a ceased organisation (at any depth: Paris
        Diderot -> Université Paris Cité)."""
        todo, seen = [pk], {pk}
        while todo:
            for successor in self.successors.get(todo.pop(), ()):
                if successor == other:
                    return True
                if successor not in seen:
                    seen.add(successor)
                    todo.append(successor)
        return False

    def ancestor_of(self, pk: int, other: int) -> bool:
        """Whether `pk` is the registry parent (at any depth) of `other`."""
        node, seen = self.place(other).parent_id, {other}
        while node is not None and node not in seen:
            if node == pk:
                return True
            seen.add(node)
            node = self.place(node).parent_id
        return False

    def _unit(
        self, cleaned: Cleaned, email_domain: str, hints: Hints | None = None
    ) -> tuple[int, str, str] | None:
        """A registry name (>= 2 words) or curated keyword inside a segment, organisation
        first: (id, why, the curated alias or "")."""
        # (rank, segment, -len, registry after curated, text, id, note, alias)
        hits: list[tuple[int, int, int, int, str, int, str, str]] = []
        inside = replace(hints, countries=frozenset()) if hints else None
        for index, segment in enumerate(cleaned.segments):
            if segment.kind == "location":
                continue
            words = segment.text.split()
            for size in range(min(len(words), MAX_UNIT_WORDS), 0, -1):
                for start in range(len(words) - size + 1):
                    gram = tuple(words[start : start + size])
                    if words[start + size : start + size + 1] == ["of"]:
                        continue
                    text = " ".join(gram)
                    if not names_someone(gram):
                        continue  # "research america" inside "Samsung Research America"
                    # A name of any length that opens the segment and is followed only by
                    # words saying what kind of unit it is: "Apple ML Research", "CWI
                    # Amsterdam", "Fujitsu Laboratory".
                    leading = start == 0 and size < len(words) and describes(words[size:])
                    if gram in self.keywords or (size >= 2 and text in self.names):
                        kind = "keyword" if gram in self.keywords else "name"
                        pk = self.keywords.get(gram) or self.names[text]
                        hits.append((0, index, -size, 0, text, pk, " (curated)", f"{kind}:{text}"))
                    elif (
                        (size >= 2 or leading)
                        and len(gram) < len(words)
                        and (
                            # Not reordered inside a segment: "Technical University Munich" holds
                            # "university munich", not the University of Munich.
                            entries := self.lookup(text, reorder=False) or []
                        )
                    ):
                        if size == 1:  # "JD AI" is not the acronym JD; "KTH Stockholm" is KTH
                            rest = " ".join(words[size:])
                            entries = [
                                e
                                for e in entries
                                if e[1] != "acronym"
                                or len(text) > 3
                                or self.place(e[0]).city == rest
                            ]
                        # Not by the co-authors' country: a name inside a segment may be
                        # another's ("Epic Systems" is not EPIC, the US nonprofit).
                        chosen = (
                            self.choose(entries, cleaned, email_domain, inside) if entries else None
                        )
                        if chosen:
                            rank = 1 if self._is_unit_name(text) else 0
                            hits.append((rank, index, -size, 1, text, chosen[0], chosen[1], ""))
        if not hits:
            return None
        # Curated before registry at the same place and length ("IBM Research Africa").
        _rank, _index, _size, _registry, text, pk, note, alias = min(hits)
        return pk, f"{text!r}{note} named inside {cleaned.segments[_index].text!r}", alias

    @staticmethod
    def _is_unit_name(text: str) -> bool:
        words = text.split()
        return bool(words) and words[0] in {"laboratory", "center", "institute", "school",
                                             "department", "state", "key", "faculty"}  # fmt: skip

    def _domain(
        self, cleaned: Cleaned, email_domain: str, hints: Hints | None = None
    ) -> tuple[int, str, str] | None:
        """(id, why, the curated domain or "") of the e-mail domain or a parent of it."""
        for candidate in domain_candidates(email_domain):
            if candidate in self.domains:
                pk = self.domains[candidate]
                return pk, f"curated domain {candidate!r}", f"domain:{candidate}"
            for said, table in (
                ("domain", self.registry_domains),
                ("website", self.registry_sites),
            ):
                if candidate in table:
                    entries = [(pk, "label") for pk in table[candidate]]
                    chosen = self.choose(entries, cleaned, email_domain, hints)
                    if chosen:
                        return chosen[0], f"registry {said} {candidate!r}{chosen[1]}", ""
        return None

    def _fuzzy(self, cleaned: Cleaned) -> tuple[int, str, str] | None:
        """An organisation segment a few edits from one unambiguous registry name or
        curated alias ("Unversity of Chicago"), never a short one (acronyms, "ucla")."""
        for segment in cleaned.segments:
            if segment.kind != "org" or len(segment.text) < FUZZY_MIN_LENGTH:
                continue
            if self.lookup(segment.text):
                continue  # an ambiguous registry name ("University of Georgia": US or GE)
            found = self.suggester().closest(segment.text, FUZZY_LEAST)
            if found and found[1] not in self.rejected.get(cleaned.key, set()):
                alias = f"name:{found[0]}" if self.names.get(found[0]) == found[1] else ""
                return found[1], f"{segment.text!r} is {found[0]!r} (similarity {found[2]})", alias
        return None

    def attested_answer(self, cleaned: Cleaned, email_domain: str) -> Resolution | None:
        """The attested step: the organisation the string's one organisation segment and
        the e-mail domain both name (attestation.attests), its institution None until
        refresh_all creates it, when neither is the registry's: a domain the registry or a
        curator gives to an organisation, or a name the registry has (homonyms choose()
        could not tell apart), is no new organisation."""
        found = attests(cleaned, email_domain)
        if found is None:
            return None
        for candidate in domain_candidates(email_domain):
            if candidate in self.domains or candidate in self.registry_domains:
                return None
            if candidate in self.registry_sites:
                return None
        org = next(s.text for s in cleaned.segments if s.kind == "org")
        if org in self.names or self.lookup(org):
            return None
        pk = self.attested.get(found.key)
        if pk is not None and pk in self.rejected.get(cleaned.key, set()):
            return None  # a curator said this string is not it
        return Resolution(
            cleaned, pk, "attested",
            f"{found.name!r} is the e-mail domain {found.key!r} (its {found.how}): an "
            "organisation attested by its own domain, not in the registry",
            attested=found.key,
        )  # fmt: skip

    # --- suggesting ----------------------------------------------------------------------

    def suggester(self) -> Suggester:
        if self._suggester is None:
            texts: dict[str, int] = {}
            for text, entries in self.registry.items():
                if len(entries) == 1 and entries[0][1] != "acronym":
                    texts[text] = entries[0][0]
            texts.update(self.names)
            self._suggester = Suggester(texts)
        return self._suggester

    def similar(self, keys: list[str]) -> list[list[tuple[str, int, float]]]:
        """For each key, the best (name, institution id, cosine) of distinct institutions."""
        return self.suggester().similar(keys, self.rejected)

    def similarity(self, a: str, b: str) -> float:
        return self.suggester().similarity(a, b)

    def domain_institution(self, email_domain: str) -> tuple[str, int] | None:
        found = self._domain(clean(""), email_domain)
        return (email_domain, found[0]) if found else None


_CACHE: dict[str, Any] = {}


def current_resolver() -> Resolver:
    """The resolver of the current data generation, built once per process and generation
    (a registry of 50-120k organisations takes a few seconds to load)."""
    from institutions.models import Alias, Institution
    from papers.models import DataGeneration

    # The generation, and the tables' sizes (a test database rebuilt under one generation).
    generation = (
        DataGeneration.objects.current(),
        Institution.objects.order_by("-pk").values_list("pk", flat=True).first(),
        Alias.objects.count(),
    )
    if _CACHE.get("generation") != generation:
        _CACHE.update(generation=generation, resolver=Resolver.from_database())
    resolver: Resolver = _CACHE["resolver"]
    return resolver
