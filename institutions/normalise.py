"""Cleaning of raw affiliation strings: pure, deterministic functions (no database).

`clean(raw)` turns "Machine Learning Department, Carnegie Mellon University, Pittsburgh, PA
15213, USA" into segments, each a lowercase ASCII text without punctuation, labelled as
organisation, unit (department, lab, school, faculty) or location (street, city, postcode,
state, country). The resolver matches aliases against the segments; the organisation
segments alone form the `key` under which an unmatched string waits for a curator.

Steps, in order (each is tested in tests/test_institutions_normalise.py):
1. e-mail addresses and footnote marks are removed (symbols, and digits glued before a
   segment's first word or after a word: "4University of X", "Toronto1"); detached accents
   from PDF extraction ("Universit \u00b4e") are re-attached, then accents are folded
   ("Zürich" -> "zurich");
2. the string is split into segments at commas, semicolons, " - " and parentheses;
3. each segment is lowercased, "&" becomes "and", punctuation becomes spaces, common
   abbreviations are expanded ("univ" -> "university", "dept" -> "department", "MPI for"
   -> "Max Planck Institute for"), two swapped letters in a kind-of-organisation word are
   put back ("univeristy"), a leading "the" and company suffixes ("inc", "ltd", "llc",
   "corp", "gmbh") are dropped;
4. segments are labelled: a location when every token is a country, US state, known city,
   postcode or street word (its postcodes then dropped: "Sydney 2007" -> "sydney"); a unit
   when it starts with or consists of a unit word ("department of ...", "csail", "eecs").
"""

import re
import unicodedata
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

SEED_DIR = Path(__file__).resolve().parent / "seed"

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_DETACHED_ACCENT = re.compile(r"\s*[´`¨˜ˆ^]\s*")  # noqa: RUF001
_FOOTNOTE = re.compile(r"[*∗†‡§¶]")  # noqa: RUF001
_SPLIT = re.compile(r"[,;()\[\]/|]| - | – | — ")  # noqa: RUF001
_NON_WORD = re.compile(r"[^a-z0-9]+")
_POSTCODE = re.compile(r"^(?:[a-z]{0,2}\d[\d a-z-]*|\d+)$")

ABBREVIATIONS = {
    "univ": "university", "universitat": "university", "universite": "university",
    "universita": "university", "universidad": "university", "universidade": "university",
    "uni": "university", "dept": "department", "dep": "department", "inst": "institute",
    "tech": "technology", "natl": "national", "lab": "laboratory", "labs": "laboratory",
    "laboratories": "laboratory", "ctr": "center", "centre": "center", "st": "st",
    "comp": "computer", "sci": "science", "sciences": "science", "eng": "engineering",
    # Spellings of one word across languages and abbreviations, folded on both sides (the
    # registry's names are normalised by the same function): "Technische Universität
    # Darmstadt" = "Technical University Darmstadt", "St. Petersburg" = "Saint Petersburg".
    "saint": "st", "sankt": "st", "technische": "technical", "technischen": "technical",
    "universitaet": "university", "universiteit": "university", "universitet": "university",
    "universitatea": "university", "universitas": "university", "univerzita": "university",
    "uniwersytet": "university", "institut": "institute",
    "instituto": "institute", "istituto": "institute", "intl": "international",
    "acad": "academy", "centro": "center",
    "centrum": "center", "zentrum": "center", "politecnica": "polytechnic",
    "polytechnique": "polytechnic", "politecnico": "polytechnic",
}  # fmt: skip


def _transpositions(word: str) -> set[str]:
    """ "university" -> {"nuiversity", ..., "univeristy"}: two neighbouring letters swapped."""
    swapped = {word[:i] + word[i + 1] + word[i] + word[i + 2 :] for i in range(len(word) - 1)}
    return swapped - {word}


# The words that say what kind of organisation, misspelt by two letters swapped (the
# commonest typo: "Univeristy College London"); none of these swaps is itself a word.
TRANSPOSED = {
    swapped: word
    for word in ("university", "institute", "technology", "laboratory", "department",
                 "national", "research", "science", "engineering", "polytechnic")
    for swapped in _transpositions(word)
}  # fmt: skip
COMPANY_SUFFIXES = {"inc", "ltd", "llc", "corp", "corporation", "gmbh", "co", "plc", "ag", "sa",
                    "limited", "incorporated", "sas", "srl", "bv", "pvt", "pty", "kk", "spa",
                    "sarl", "oy", "ab", "as", "nv", "private"}  # fmt: skip
STREET_WORDS = {"street", "road", "avenue", "ave", "blvd", "boulevard", "way", "drive", "rd",
                "strasse", "rue", "via", "box", "suite", "floor", "building", "campus",
                "hall"}  # fmt: skip
UNIT_PREFIXES = (
    "department", "division", "school of", "faculty", "college of", "graduate school",
    "program in", "programme in", "center for", "institute for computational",
    "computer science", "electrical", "machine learning department", "dept",
    "departamento", "departement", "dipartimento", "institute fur", "lehrstuhl", "chair of",
)  # fmt: skip


# Words that describe a field or a kind of unit, not which organisation it is: a string
# made only of these ("Laboratory for Information and Decision Systems") names no one.
GENERIC = frozenset(
    [
        "and",
        "of",
        "the",
        "for",
        "in",
        "at",
        "de",
        "d",
        "la",
        "le",
        "des",
        "du",
        "di",
        "und",
        "fur",
        "computer",
        "computing",
        "science",
        "engineering",
        "information",
        "informatics",
        "technology",
        "department",
        "division",
        "research",
        "laboratory",
        "center",
        "group",
        "team",
        "machine",
        "learning",
        "artificial",
        "intelligence",
        "data",
        "statistics",
        "statistical",
        "mathematics",
        "mathematical",
        "applied",
        "electrical",
        "electronic",
        "systems",
        "system",
        "physics",
        "biology",
        "neuroscience",
        "cognitive",
        "brain",
        "institute",
        "school",
        "faculty",
        "college",
        "graduate",
        "program",
        "programme",
        "unit",
        "section",
        "national",
        "key",
        "state",
        "joint",
        "lab",
        "center",
        "intelligent",
        "vision",
        "robotics",
        "signal",
        "processing",
        "analytics",
        "analysis",
        "software",
        "network",
        "networks",
        "neural",
        "computational",
        "theoretical",
        "decision",
        "control",
        "automation",
        "operations",
        "biomedical",
        "medical",
        "medicine",
        "health",
        "biostatistics",
        "psychology",
        "economics",
        "business",
        "management",
        "sciences",
        "studies",
        "advanced",
        "new",
        "big",
        "deep",
        "autonomous",
        "visual",
        "perception",
        "pattern",
        "recognition",
        "language",
        "speech",
        "multimedia",
        "image",
        "communication",
        "communications",
        "quantitative",
        "theory",
        "modeling",
    ]
)


@cache
def _word_list(name: str) -> frozenset[str]:
    """A one-phrase-per-line list from seed/ (locations.txt, units.txt)."""
    lines = (SEED_DIR / name).read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip() for line in lines if line.strip() and not line.startswith("#"))


# JSON escapes that lost their backslash on the way into a list ("Universitu00e9 de
# Montru00e9al"): Latin-1 letters only, so real words are never touched.
_LOST_ESCAPE = re.compile(r"\\?u00([c-f][0-9a-f])")


def fold(text: str) -> str:
    """Accents folded to ASCII, lowercase: "Zürich" -> "zurich"."""
    text = _LOST_ESCAPE.sub(lambda m: chr(int(m[1], 16)), text)
    text = _DETACHED_ACCENT.sub("", text)
    decomposed = unicodedata.normalize("NFKD", text.replace("ß", "ss"))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def normalise_text(text: str, keep_digits: bool = False) -> str:
    """One segment as matched against aliases: lowercase ASCII words, abbreviations expanded.

    Digits glued to a word are footnote marks in affiliation strings and dropped, unless
    `keep_digits` (registry names: "Meta4" is a company)."""
    folded = _NON_WORD.sub(" ", fold(text).replace("&", " and "))
    if not keep_digits:
        folded = _without_footnote_digits(folded)
    words = folded.split()
    # "U. of Toronto", "U of T": a lone "u" before "of" is "university"; "MPI for
    # Intelligent Systems", "MPI für Informatik": the Max Planck Institute (a bare "MPI" may
    # be another organisation's acronym).
    words = [
        "university"
        if w == "u" and words[i + 1 : i + 2] == ["of"]
        else "max planck institute"
        if w == "mpi" and words[i + 1 : i + 2] in (["for"], ["fur"], ["of"])
        else ABBREVIATIONS.get(w) or TRANSPOSED.get(w, w)
        for i, w in enumerate(words)
    ]
    if words and words[0] == "the":
        words = words[1:]
    while words and words[-1] in COMPANY_SUFFIXES:
        words = words[:-1]  # "Google Inc." -> "google"; a bare "Inc." segment -> nothing
    return " ".join(words)


def written_text(text: str) -> str:
    """A segment as written, for comparing with an e-mail domain: accents folded,
    lowercase, punctuation as spaces, footnote digits dropped as normalise_text drops them,
    and nothing else ("Kensho Technologies" -> "kensho technologies", not "... technology").
    """
    folded = _NON_WORD.sub(" ", fold(text).replace("&", " and "))
    return " ".join(_without_footnote_digits(folded).split())


def _without_footnote_digits(folded: str) -> str:
    return _FOOTNOTE_DIGITS.sub(lambda m: m[0] if m[0] in DIGIT_NAMES else m[1], folded)


# Without "ut": "UT Austin" is a university, not Utah + a city.
US_STATE_CODES = frozenset(
    [
        "al",
        "ak",
        "az",
        "ar",
        "ca",
        "co",
        "ct",
        "de",
        "fl",
        "ga",
        "hi",
        "id",
        "il",
        "in",
        "ia",
        "ks",
        "ky",
        "la",
        "me",
        "md",
        "ma",
        "mi",
        "mn",
        "ms",
        "mo",
        "mt",
        "ne",
        "nv",
        "nh",
        "nj",
        "nm",
        "ny",
        "nc",
        "nd",
        "oh",
        "ok",
        "or",
        "pa",
        "ri",
        "sc",
        "sd",
        "tn",
        "tx",
        "vt",
        "va",
        "wa",
        "wv",
        "wi",
        "wy",
        "dc",
    ]
)
# Footnote digits glued to a word ("University of Toronto1"); names that end in digits stay.
_FOOTNOTE_DIGITS = re.compile(r"\b([a-z]{4,})\d{1,2}\b")
DIGIT_NAMES = {"data61", "hearing4all", "4paradigm", "1qbit", "4science", "50hertz"}
# A footnote mark before a segment ("1Disney Research", "4University of Kaiserslautern"):
# digits glued to a capital that opens a name. "4th floor" has no capital; a name that
# opens with digits keeps them ("4Paradigm", and "14Paradigm" is mark 1 before it).
_LEADING_MARK = re.compile(r"^(\s*)(\d{1,2})(?=[A-Z][A-Za-z])([A-Za-z]*)")


def _drop_leading_mark(piece: str) -> str:
    def keep_names(match: re.Match[str]) -> str:
        digits, word = match[2], match[3].lower()
        for start in range(len(digits)):
            if digits[start:] + word in DIGIT_NAMES:
                return match[1] + digits[start:] + match[3]
        return match[1] + match[3]

    return _LEADING_MARK.sub(keep_names, piece)


def is_location(segment: str) -> bool:
    """Only place names, US state codes, postcodes and street words ("pa 15213")."""
    if not segment:
        return True
    places = _word_list("locations.txt")
    if segment in places or _is_postcode(segment):
        return True
    words = segment.split()
    return all(
        w in places or w in US_STATE_CODES or w in STREET_WORDS or _is_postcode_word(w)
        for w in words
    ) and any(w in places or w in US_STATE_CODES or _is_postcode_word(w) for w in words)


def _is_postcode(segment: str) -> bool:
    """ "15213", "cb2 1pz", "33 glasshouse street" (an address opens with its number): not
    a name that opens with digits ("1QBit", "4Paradigm")."""
    return bool(_POSTCODE.match(segment)) and sum(c.isalpha() for c in segment.split()[0]) <= 3


def _is_postcode_word(word: str) -> bool:
    """ "15213", "cb2", "1pz", "h6720": digits with at most three letters (not "data61")."""
    return any(c.isdigit() for c in word) and sum(c.isalpha() for c in word) <= 3


def is_unit(segment: str) -> bool:
    return segment in _word_list("units.txt") or segment.startswith(UNIT_PREFIXES)


@dataclass(frozen=True)
class Segment:
    text: str
    kind: str  # "org", "unit" or "location"
    # The segment as written: folded and lowercase, punctuation as spaces, no abbreviation
    # expanded nor suffix dropped ("SynthLabs.ai, Inc." -> "synthlabs ai inc"): what the
    # attested step compares with an e-mail domain (institutions.attestation).
    written: str = field(default="", compare=False)


@dataclass(frozen=True)
class Cleaned:
    raw: str
    segments: tuple[Segment, ...]

    @property
    def key(self) -> str:
        """The organisation part, the queue key of an unmatched string ("" when none)."""
        return " ".join(s.text for s in self.segments if s.kind == "org")

    @property
    def text(self) -> str:
        """Every segment, normalised: the first thing compared with aliases."""
        return " ".join(s.text for s in self.segments)

    @property
    def names_organisation(self) -> bool:
        """Whether the organisation part has a word that is not generic (a proper name)."""
        return any(word not in GENERIC for word in self.key.split())

    def describe(self) -> str:
        return "; ".join(f"{s.kind}: {s.text}" for s in self.segments)


def split_affiliations(field: str) -> list[str]:
    """One author's affiliations: "A + B" (and "A+B") -> ["A", "B"], empties dropped."""
    return [part.strip() for part in re.split(r"\s*\+\s*", field or "") if part.strip()]


def clean(raw: str) -> Cleaned:
    text = _FOOTNOTE.sub(" ", _EMAIL.sub(" ", raw))
    segments: list[Segment] = []
    for piece in _SPLIT.split(text):
        piece = _drop_leading_mark(piece)
        normalised = normalise_text(piece)
        if not normalised:
            continue
        if is_location(normalised):
            kind = "location"
            # Postcodes name no place a registry knows: "sydney 2007" -> "sydney".
            normalised = " ".join(w for w in normalised.split() if not _POSTCODE.match(w))
            if not normalised:
                continue
        elif is_unit(normalised):
            kind = "unit"
        else:
            kind = "org"
        segments.append(Segment(normalised, kind, written_text(piece)))
    return Cleaned(raw, tuple(segments))


# Second-level labels under which a country registers organisations ("edu.cn", "ac.uk",
# "com.au"): such a pair is a public suffix, never one organisation's domain.
PUBLIC_SECOND_LEVEL = frozenset(
    ["ac", "co", "com", "edu", "gov", "govt", "gob", "gouv", "net", "org", "mil", "nic",
     "or", "ne", "go", "res", "sch", "nhs", "ltd", "plc", "info", "biz"]
)  # fmt: skip


def is_public_suffix(domain: str) -> bool:
    """ "edu.cn", "ac.uk", "com": a suffix under which anyone registers, not an organisation."""
    labels = domain.split(".")
    return len(labels) < 2 or (
        len(labels) == 2 and labels[0] in PUBLIC_SECOND_LEVEL and len(labels[1]) == 2
    )


def domain_candidates(domain: str) -> list[str]:
    """ "cs.cmu.edu" -> ["cs.cmu.edu", "cmu.edu"]: the domain and its parents that are not a
    public suffix ("mails.ucas.edu.cn" stops at "ucas.edu.cn", never "edu.cn")."""
    labels = [label for label in domain.strip().lower().strip(".").split(".") if label]
    candidates = [".".join(labels[i:]) for i in range(len(labels) - 1)]
    return [c for c in candidates if not is_public_suffix(c)]
