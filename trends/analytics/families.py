"""Links that make two hot-table terms one family, whatever their numbers.

- spellings: `character-level` and `character level`, `self-attention` and `self attention`
  (trends.text.hyphen_variants);
- definitions: an abbreviation and its long form, from the table the corpus defines
  (trends.terms.abbreviations, in use: approved or given by enough papers). A long form of
  three words or more is not a vocabulary term, so the abbreviation joins the bigrams it is
  made of (`nmt` with `neural machine` and `machine translation`).
"""

from itertools import pairwise

from django.db.models import Q

from trends.models import Abbreviation
from trends.text import hyphen_variants


def family_links(terms: list[str]) -> list[tuple[str, str]]:
    present = set(terms)
    links: list[tuple[str, str]] = []
    for term in terms:
        for variant in hyphen_variants(term.split()):
            other = " ".join(variant)
            if other != term and other in present:
                links.append((term, other))
    shorts = [t for t in terms if " " not in t]
    definitions = (
        Abbreviation.objects.in_use()
        .filter(Q(short__in=shorts) | Q(long_form__in=terms))
        .values_list("short", "long_form")
    )
    for short, long_form in definitions:
        words = long_form.split()
        parts = [long_form] if len(words) <= 2 else [" ".join(p) for p in pairwise(words)]
        links += [(short, part) for part in parts if part in present]
    return links
