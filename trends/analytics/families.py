"""Links that make two hot-table terms one family, whatever their numbers.

- spellings: `character-level` and `character level`, `self-attention` and `self attention`
  (trends.text.hyphen_variants); a word written closed and open, `autoencoder` and
  `auto-encoder`, `cifar10` and `cifar-10` (`closed_spelling`); British and American
  spellings of a word, `optimisation` and `optimization`, `dialogue` and `dialog`
  (trends.text.spelling_variants): each when both are in the table;
- definitions: an abbreviation and its long form, from the table the corpus defines
  (trends.terms.abbreviations, in use: approved or given by enough papers). A long form of
  three words or more is not a vocabulary term, so the abbreviation joins the bigrams it is
  made of (`nmt` with `neural machine` and `machine translation`), but only a bigram that
  this long form accounts for: its defining papers at least PART_SHARE of the bigram's
  papers. `neural network` is part of `generative adversarial neural network` (GAN),
  `residual neural network` (ResNet) and `fully convolutional neural network` (FCN), and
  linking it chained those three into one family.
"""

import math
import re
from collections import Counter, defaultdict
from itertools import pairwise

from django.db.models import Q

from trends.models import Abbreviation, Term
from trends.text import hyphen_variants, spelling_variants

# A bigram part joins an abbreviation when the long form's definitions are this share of the
# bigram's papers at least. Demo corpus: gan defines `generative adversarial network` in 425
# papers, 49 % of the 874 with `adversarial network`; nmt 225 definitions, 90 % of `neural
# machine`, 15 % of `machine translation` (which has a life of its own); cnn's 1,593 are
# 13 % of `neural network`, which every kind of network shares.
PART_SHARE = 0.2
# Two terms whose papers overlap this much (NPMI over the sample's papers) are one family:
# the same papers name one subject in two ways ("melanoma" and "skin lesion" in the ISIC
# challenge papers, "fcn" and "fully convolutional"). At least COOCCUR_PAPERS together.
# Read on the 2017-03 table: 0.55 chained distinct subjects through shared papers into one
# row (variational autoencoder into the GAN family, "x-ray image" into "skin lesion");
# 0.6 joined none of those.
COOCCUR_NPMI = 0.6
COOCCUR_PAPERS = 5


def closed_spelling(term: str) -> str | None:
    """The term written as one word: `auto-encoder`, `auto encoder` -> `autoencoder`,
    `cifar-10` -> `cifar10`. None for a single word, and for a part of one letter (`s-r`,
    `d-s`: the closed `sr`, `ds` name other things).

    Of the 546 such pairs of the demo vocabulary with 10 papers each, all but a handful are
    one word spelled two ways (data set/dataset, multi-task/multitask, hand-crafted/
    handcrafted, bi-lstm/bilstm); the one-letter rule leaves out s-r/sr, d-s/ds, is-a/isa and
    a-priori/apriori, the ones that are not.
    """
    parts = re.split(r"[ -]", term)
    if len(parts) < 2 or any(len(p) < 2 for p in parts):
        return None
    return "".join(parts)


def family_links(terms: list[str]) -> list[tuple[str, str]]:
    present = set(terms)
    links: list[tuple[str, str]] = []
    spelled: defaultdict[str, list[str]] = defaultdict(list)
    for term in terms:
        spelled[closed_spelling(term) or term].append(term)
    links += [(group[0], other) for group in spelled.values() for other in group[1:]]
    for term in terms:
        for variant in hyphen_variants(term.split()):
            other = " ".join(variant)
            if other != term and other in present:
                links.append((term, other))
        links += [(term, other) for other in spelling_variants(term) if other in present]
    shorts = [t for t in terms if " " not in t]
    definitions = (
        Abbreviation.objects.in_use()
        .filter(Q(short__in=shorts) | Q(long_form__in=terms))
        .values_list("short", "long_form", "papers")
    )
    pending: list[tuple[str, str, int]] = []
    for short, long_form, defining in definitions:
        words = long_form.split()
        if len(words) <= 2:
            if long_form in present:
                links.append((short, long_form))
            continue
        pending += [(short, " ".join(p), defining) for p in pairwise(words)]
    # Summed over the long forms that share the part (fcn: `fully convolutional network`
    # and `fully convolutional neural network` both hold `fully convolutional`).
    defining_part: Counter[tuple[str, str]] = Counter()
    for short, part, defining in pending:
        if part in present:
            defining_part[(short, part)] += defining
    papers = dict(
        Term.objects.filter(text__in={part for _, part in defining_part}).values_list(
            "text", "papers"
        )
    )
    links += [pair for pair, n in defining_part.items() if n >= PART_SHARE * papers.get(pair[1], 0)]
    return links


def defined_terms(terms: set[str]) -> set[str]:
    """Those of `terms` that the corpus defines: an abbreviation in use or its long form."""
    return {
        t
        for pair in Abbreviation.objects.in_use()
        .filter(Q(short__in=terms) | Q(long_form__in=terms))
        .values_list("short", "long_form")
        for t in pair
        if t in terms
    }


def cooccurrence_links(papers_of: dict[str, set[int]], sample: int) -> list[tuple[str, str]]:
    """Pairs of terms mentioned by the same papers (see COOCCUR_NPMI): NPMI of two terms
    over the `sample` papers that `papers_of` was read from."""
    if sample <= 0:
        return []
    by_paper: dict[int, list[str]] = {}
    for term, found in papers_of.items():
        for paper in found:
            by_paper.setdefault(paper, []).append(term)
    together: Counter[tuple[str, str]] = Counter()
    for terms in by_paper.values():
        ordered = sorted(terms)
        together.update((a, b) for i, a in enumerate(ordered) for b in ordered[i + 1 :])
    links = []
    for (a, b), both in together.items():
        if both < COOCCUR_PAPERS or both >= sample:
            continue
        joint = both / sample
        pmi = math.log(joint / (len(papers_of[a]) / sample * len(papers_of[b]) / sample))
        if pmi / -math.log(joint) >= COOCCUR_NPMI:
            links.append((a, b))
    return links
