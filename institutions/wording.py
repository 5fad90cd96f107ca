"""What the words of an affiliation string say, for the resolver's steps: the variant
spellings and word orders one organisation is written in, whether words name someone or
only describe a unit or a place, and whether a string names only a sub-unit.
"""

import re

from institutions.normalise import GENERIC, US_STATE_CODES, Cleaned, is_location
from institutions.places import country_codes

# A laboratory or centre named by its field ("Key Laboratory of X", "Center for Y"): a unit
# of an organisation the string leaves unsaid, unlike "Invenia Labs" or "Denso IT Laboratory".
_FIELD_UNIT = re.compile(r"\b(?:laboratory|center) (?:of|for|on|in)\b")
# Words of an organisation in its own right, beside such a unit ("Laboratory for X, Beijing
# Institute of Big Data Research"): then the string names an organisation, not only a unit.
_OWN_ORGANISATION = re.compile(r"\b(?:university|college|academy|polytechnic|hospital|institute)\b")

_UNIT_HEADS = frozenset(
    ["institute", "laboratory", "center", "department", "school", "faculty", "division"]
)


def reads_as_unit(text: str) -> bool:
    """ "institute of mathematics of toulouse", "department of public health", "institute fur
    neuroinformatik": a unit word then "of"/"for"/"fur"/"de"; not "institute superior
    tecnico" nor "institute polytechnic de paris", organisations in their own right."""
    words = text.split()
    return len(words) > 2 and words[0] in _UNIT_HEADS and words[1] in ("of", "for", "fur", "de")


def only_place_named(cleaned: Cleaned) -> str:
    """The town a string names when its only proper name may be a town (one to three
    words together, countries and US states aside; the place step checks it is one):
    "department of applied physics, stanford" -> "stanford"; "" when it names anything
    else ("Microsoft Research, Cambridge")."""
    words = cleaned.text.split()
    proper = [
        (i, w)
        for i, w in enumerate(words)
        if w not in GENERIC and w not in US_STATE_CODES and not country_codes([w])
    ]
    if not proper or len(proper) > 3 or proper[-1][0] - proper[0][0] != len(proper) - 1:
        return ""
    town = " ".join(w for _i, w in proper)
    return "" if country_codes([town]) or KIND_WORDS & set(town.split()) else town


def proper_words(cleaned: Cleaned) -> set[str]:
    """The words of a string's organisation and unit parts that name someone: not generic,
    not a kind of organisation ("tianjin" of "Tianjin Key Lab of Machine Learning")."""
    return {
        word
        for segment in cleaned.segments
        if segment.kind != "location"
        for word in segment.text.split()
        if word not in GENERIC and word not in KIND_WORDS
    }


def names_only_a_unit(cleaned: Cleaned) -> bool:
    """Whether a string names a sub-unit and no organisation of its own: only generic words
    and places ("Department of Statistics, Pittsburgh"), or a laboratory or centre named by
    its field beside nothing but generic words and ministries."""
    if not cleaned.names_organisation:
        return True
    orgs = [s.text for s in cleaned.segments if s.kind == "org"]
    units = [t for t in orgs if _FIELD_UNIT.search(t)]
    return bool(units) and not any(
        _OWN_ORGANISATION.search(t) for t in orgs if not _FIELD_UNIT.search(t)
    )


def spellings(text: str) -> list[str]:
    """A text and the variants one organisation is written in, most literal first:
    "university of texas at austin" -> "university of texas austin"; "jiao tong" ->
    "jiaotong", "deep mind" -> "deepmind"; "technical university of munich" -> "technical
    university munich" (the registry's "Technische Universität München" form); "tokyo
    university" <-> "university of tokyo" (word order)."""
    out = [text, text.replace(" at ", " "), text.replace(" ", ""), text.replace(" of ", " ")]
    if text.startswith("university of ") and " " not in text[14:]:
        out.append(f"{text[14:]} university")
    elif text.endswith(" university") and len(text.split()) == 2:
        out.append(f"university of {text[:-11]}")
    return list(dict.fromkeys(out))


# The mark of a registry entry found under another word order of the name (lookup).
VARIANT = "~"


def word_orders(text: str) -> list[str]:
    """The other word orders of one university's name: "university (of) X" / "X university"
    (the German and French "Universität X", "Université de X" read "university X"), and
    "A university of B" / "B A university" ("Army Engineering University of PLA")."""
    words = text.split()
    if "university" not in words or len(words) < 2:
        return []
    at = words.index("university")
    before, after = words[:at], words[at + 1 :]
    if after[:1] in (["of"], ["de"]):
        after = after[1:]
    forms: list[str] = []
    if not before and after:  # "university (of) X..."
        rest = " ".join(after)
        forms = [f"university of {rest}", f"{rest} university"]
        if len(after) == 1:
            forms.append(f"university {rest}")
    elif before and not after:  # "X... university"
        rest = " ".join(before)
        forms = [f"university of {rest}"] + ([f"university {rest}"] if len(before) == 1 else [])
    elif len(after) == 1:  # "A university (of) B" -> "B A university", "A university of B"
        rest = " ".join(before)
        forms = [f"{after[0]} {rest} university", f"{rest} university of {after[0]}"]
    return [f for f in dict.fromkeys(forms) if f != text]


# What authors write for having no organisation, as cleaned ("Independent Researcher",
# "Unaffiliated", "None", "Self-employed"): an answer, not a name to find. Only the whole
# organisation part counts ("Independent Research Institute" is an organisation).
UNAFFILIATED = frozenset(
    ["independent researcher", "independent scholar", "independent consultant",
     "independent", "unaffiliated", "no affiliation", "none", "self employed",
     "freelance researcher", "freelancer"]
)  # fmt: skip


def says_unaffiliated(cleaned: Cleaned) -> str:
    """The phrase of a string that says its author has no organisation, places aside
    ("Independent Researcher, Paris" -> "independent researcher"), else ""."""
    said = [s.text for s in cleaned.segments if s.kind != "location"]
    return said[0] if len(said) == 1 and said[0] in UNAFFILIATED else ""


# Words that say what kind of unit follows a name ("Intuit AI Research", "JD AI"; a
# company's "Corporate Research" or "Corporate Technology", as Bosch and Siemens write).
DESCRIPTIVE = frozenset(["ai", "ml", "nlp", "r", "d", "and", "x", "corporate"])


def describes(words: list[str]) -> bool:
    """Whether words only describe a unit or place: generic words, "ai", place names."""
    rest = [w for w in words if w not in GENERIC and w not in DESCRIPTIVE]
    return not rest or is_location(" ".join(rest))


# Words that say what kind of organisation, not which one.
KIND_WORDS = frozenset(["university", "college", "academy", "polytechnic", "hospital"])


def names_someone(words: tuple[str, ...]) -> bool:
    """Whether words have a proper name that is not a place ("research america" has not,
    nor "university" alone: the acronym UNI once normalised)."""
    proper = [w for w in words if w not in GENERIC]
    if not proper or all(w in KIND_WORDS for w in proper):
        return False
    # "Polytechnique de Montreal", "University Michigan": a kind of organisation and a place.
    return any(w in KIND_WORDS for w in proper) or not is_location(" ".join(proper))
