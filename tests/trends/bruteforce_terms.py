"""An independent count of term mentions, for the term tests: regular expressions over the raw
text, sharing no code with trends/text.py.

A term word `w` matches `w`, `ws`, `wes` (and `xies` for a `w` ending in y), with no letter
or digit on either side and not hyphen-joined to one; the words of a phrase must be
separated by whitespace only (so punctuation, a dropped word or a number in between breaks
the phrase). LaTeX, URLs, host names and e-mail addresses are blanked out with a full stop.
"""

import re
from collections import Counter
from collections.abc import Iterable
from datetime import date

_BLANK = re.compile(
    r"\$[^$]*\$|\\[a-zA-Z]+|https?://\S+|www\.\S+|\S+@\S+"
    r"|[\w.-]+\.(?:com|org|net|io|edu|html?|pdf)\b\S*"
)
# A letter or digit ("_" is punctuation here); a hyphen joins two such runs into one token.
_ALNUM = r"[^\W_]"


def _word_pattern(word: str) -> str:
    forms = [re.escape(word) + "(?:s|es)?"]
    if word.endswith("y"):
        forms.append(re.escape(word[:-1]) + "ies")
    return "(?:" + "|".join(forms) + ")"


def term_regex(term: str) -> re.Pattern[str]:
    words = term.lower().split()
    body = r"\s+".join(_word_pattern(w) for w in words)
    before = rf"(?<!{_ALNUM})(?<!{_ALNUM}-)"
    after = rf"(?!{_ALNUM})(?!-{_ALNUM})"
    return re.compile(before + body + after)


def mentions(term: str, title: str, abstract: str) -> bool:
    text = _BLANK.sub(" . ", f"{title} . {abstract}".lower())
    return term_regex(term).search(text) is not None


def count_by_month(
    term: str, papers: Iterable[tuple[date, str, str, str]], categories: set[str] | None
) -> Counter[date]:
    """papers: (month, primary category, title, abstract) -> papers per month mentioning term."""
    counts: Counter[date] = Counter()
    for month, category, title, abstract in papers:
        if (categories is None or category in categories) and mentions(term, title, abstract):
            counts[month] += 1
    return counts
