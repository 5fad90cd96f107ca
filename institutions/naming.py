"""Naming a new institution from a raw affiliation string (admin "create" and the tail seed).

Deterministic guesses a curator can correct: the organisation segment that names the
institution, spelled as written, and a sector from its words.
"""

import re

from institutions.normalise import _EMAIL, _FOOTNOTE, _SPLIT, GENERIC, clean, normalise_text

# Accents that PDF extraction detached from their letter ("Universit \u00b4e").
_DETACHED = re.compile("\\s*[\u00b4`\u00a8\u02dc]\\s*")
INSTITUTION_WORDS = ("university", "college", "polytechnic", "academy", "hospital", "school",
                     "institute", "institut", "universiteit", "universidad", "politecnico",
                     "ecole", "centre", "center", "laboratory", "research", "inc", "ltd",
                     "corporation", "company", "technologies", "group", "foundation",
                     "ai")  # fmt: skip

INDUSTRY = re.compile(r"\b(inc|corp|corporation|ltd|llc|gmbh|company|technologies|ai|research)\b")
# Garbled PDF extractions and phrases that are not an organisation.
NOT_INSTITUTIONS = {
    "inc pittsburgh",
    "western switzerland",
    "an associate of the max planck society",
    "university of applied science",
}


def organisation_piece(raw: str) -> tuple[str, str] | None:
    """(normalised, as written) of the segment that names the organisation, or None."""
    pieces: dict[str, str] = {}
    for piece in _SPLIT.split(_FOOTNOTE.sub(" ", _EMAIL.sub(" ", raw))):
        pieces.setdefault(normalise_text(piece), piece.strip(" .'\"\u2018\u2019\u201c\u201d"))
    orgs = [s.text for s in clean(raw).segments if s.kind == "org"]
    ranked = [t for t in orgs if any(w in t.split() for w in ("university", "college"))]
    ranked += [t for t in orgs if any(w in t.split() for w in INSTITUTION_WORDS)]
    ranked += orgs
    for text in ranked:
        words = text.split()
        garbled = len(words) > 12
        if (
            len(text) >= 3 and any(w not in GENERIC for w in words) and not garbled
            and text not in NOT_INSTITUTIONS
        ):  # fmt: skip
            return text, pieces.get(text, text)
    return None


def guess_sector(text: str, written: str = "") -> str:
    """A first guess from the normalised text and the name as written ("Nikon Corporation":
    the company suffix is gone from the normalised text)."""
    text = f"{text} {written.lower()}"
    if re.search(
        r"\b(national|army|navy|naval|nasa|council|ministry|agency|observatory|federal|agricultural)\b",
        text,
    ):
        return "government"
    if re.search(r"\b(foundation|hospital|medical center|cancer)\b", text):
        return "nonprofit"
    if re.search(r"\b(university|college|school|institute|ecole|polytechnic|academy|tu)\b", text):
        return "academia"
    return "industry" if INDUSTRY.search(text) else "academia"


def display_name(raw: str) -> str | None:
    """The name a new institution gets from a raw string ("LabSix" from "LabSix, MIT")."""
    found = organisation_piece(raw)
    return tidy_name(found[1]) if found else None


def tidy_name(text: str) -> str:
    """Undo PDF-extraction debris in a name: detached accents, the "fi" ligature."""
    text = _DETACHED.sub("", text).replace("\ufb01", "fi")
    # Footnote digits glued to the last word ("Pediatrics2"), as normalise.py drops them.
    text = re.sub(r"(?<=[a-z]{4})\d{1,2}$", "", text.strip())
    return text.strip()[:200]
