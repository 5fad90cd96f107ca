"""Filler recognised from evidence: words that are about writing, not about a subject.

Five kinds of evidence, none of them a list:
- spread: a subject word concentrates ("translation" lives in cs.CL, "image" in cs.CV); a
  word of academic phrasing ("seamlessly", "mitigate") is spread over the primary categories
  just as the papers are. Measured as the Kullback-Leibler divergence, in bits, of a word's
  papers over primary categories from the corpus's, less its small-sample bias
  (Miller-Madow); a word of FILLER_MIN_PAPERS papers or more below FILLER_KL is filler.
- association: a bigram is a fragment when it is not a phrase (NPMI below PHRASE_NPMI,
  trends.terms.association), or when one of its words is filler and it is not a strong
  phrase (FRAGMENT_NPMI): "effectively mitigate" goes, "mixture model" stays. Neither
  holds for a bigram named again and again (`named_again`): a phrase whose head is in most
  papers has a low document-level NPMI ("reward model", "test time").
- repetition (`passing_mention`): a paper about a subject names it again and again, a
  phrase of writing is said once. Read from the token positions of the window's papers:
  below PASSING_MENTIONS mentions per mentioning paper, a term is phrasing. Terms the corpus
  defines (an abbreviation or its long form) and words it writes with capitals (names:
  "ImageNet", "CIFAR-10", said once but names) are subjects.
- focus (`unfocused`): a subject shows itself by repetition or by papers that resemble each
  other (topic coherence, trends.analytics.topics); a term with neither (under
  SUBJECT_MENTIONS and under COHERENT_LIFT) is phrasing or a generic phrase: "end-to-end",
  "f1 score", "deep neural". This one holds for names and defined terms too.
- company (`scattered_part`): a one-word term that is mostly a part of phrases whose other
  words seldom repeat (trends.analytics.neighbours: "trainable", "shallow", "cascaded",
  "supervision") qualifies whatever it is said with; its phrases are the subjects. Under
  SUBJECT_MENTIONS only: a word of varied company named again and again ("cross-lingual",
  2.2 mentions per paper) is a subject. Names and defined terms are exempt.

FILLER_KL was chosen on the v2 corpus's months up to 2016 (2017-2019 held back): below
0.05 fall 29 % of the hand list's words (BOILERPLATE, 75 words of 50+ papers) and 2.1 % of
the 858 words of abbreviation long forms (generic ones: "term", "set", "simple").
PASSING_MENTIONS was chosen on the hot tables as of 2015-06 and 2016-06 (the top 100 rows
each, read and labelled by hand): phrasing measured 1.00-1.27 mentions per paper
("outperforming" 1.00, "benchmark dataset" 1.01-1.08, "trained" 1.13-1.21, "captured"
1.12), subjects 1.3-3 ("attention mechanism" 1.33, "batch normalization" 1.68, "residual
network" 2.1); the subjects below 1.3 were names written with capitals ("ImageNet" 1.17,
"GoogLeNet" 1.08), defined abbreviations, and a few lowercase ones lost to the rule
("interpretability" 1.09 on 23 papers in 2015, "appearance" 1.25). A category-spread
condition on single words (KL below 0.6) was tried and dropped: it kept "fine-tune"
(1.05 mentions, 0.81 bits: fine-tuning is a cs.CV habit) and protected only names.
SUBJECT_MENTIONS and COHERENT_LIFT were read off the hot tables as of 2015-06, 2016-06 and
2017-03 (top 70 rows, labelled by hand): phrasing had both under 1.5 and 1.7 ("long-term"
1.32/1.51, "differentiable" 1.31/1.54, "neural net" 1.35/1.25, "supervision" 1.37-1.48/
1.58-1.81, "end-to-end" 1.34/1.66), subjects one of them above ("softmax" 1.57/1.50, "word
embedding" 1.67-2.32/1.58-1.94, "batch normalization" 1.49-1.68/1.95-2.31); lost to the
rule: "inception" (1.42/1.68 as of 2017-03), "initialization" (1.39/1.45 in 2015). The
category spread was no help there: "end-to-end" has 0.72 bits, "gan" 0.76.
"""

import math
from collections import defaultdict
from collections.abc import Sequence
from datetime import date

from django.db import connection

from papers.models import MonthCategoryCount
from papers.params import MonthFilter
from trends.analytics.neighbours import Company, company
from trends.models import PaperTokens, Term, TermMonthCount, Word
from trends.terms import PHRASE_NPMI

FILLER_KL = 0.05
FRAGMENT_NPMI = 0.0
# Below this many papers a word's spread says little; such words are never called filler.
FILLER_MIN_PAPERS = 50
# With nearly all papers in one category, spread over categories is no evidence at all.
MAX_BASE_SHARE = 0.9
# Repetition is read from the token positions of at most this many papers of the window (the
# latest): about a year of the demo's six categories. A bound, so that the scan (about 5 s
# on the demo's 9,069 window papers, load 10 on 2 cores) does not grow with the corpus.
REPETITION_SAMPLE = 10000
# The sample's token counts as columns: paper ids, lexemes, positions of the lexeme.
Sample = tuple[Sequence[int], Sequence[str], Sequence[int]]
# Passing mentions (`passing_mention`): fewer mentions than this per mentioning paper, over
# REPETITION_MIN_PAPERS papers at least.
PASSING_MENTIONS = 1.3
REPETITION_MIN_PAPERS = 10
# Unfocused (`unfocused`): no evidence of a subject either way, neither repetition (under
# SUBJECT_MENTIONS mentions per paper) nor papers alike (coherence under COHERENT_LIFT,
# trends.analytics.topics), over REPETITION_MIN_PAPERS papers at least.
SUBJECT_MENTIONS = 1.5
COHERENT_LIFT = 1.7


def category_spread(words: set[str], until: date | None = None) -> dict[str, tuple[float, int]]:
    """term -> (KL of its papers over primary categories from the corpus's, its papers),
    over the months up to `until` (None: all), so a table as of M reads no later month."""
    if not words:
        return {}
    end = until or date.max
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT primary_category, sum(papers) FROM {MonthCategoryCount._meta.db_table} "
            "WHERE month <= %s GROUP BY 1",
            [end],
        )
        base = {category: int(n) for category, n in cursor.fetchall()}
        cursor.execute(
            f"SELECT t.text, c.primary_category, sum(c.papers) "
            f"FROM {Term._meta.db_table} t JOIN {TermMonthCount._meta.db_table} c "
            "ON c.term_id = t.id WHERE t.text = ANY(%s) AND c.month <= %s GROUP BY 1, 2",
            [sorted(words), end],
        )
        per_word: dict[str, dict[str, int]] = defaultdict(dict)
        for text, category, papers in cursor.fetchall():
            per_word[text][category] = int(papers)
    total = sum(base.values()) or 1
    if max(base.values(), default=total) > MAX_BASE_SHARE * total:
        return {}
    spread = {}
    for word, counts in per_word.items():
        papers = sum(counts.values())
        kl = sum(
            (n / papers) * math.log2((n / papers) / (base.get(c, 1) / total))
            for c, n in counts.items()
            if n
        )
        bias = (sum(1 for n in counts.values() if n) - 1) / (2 * papers * math.log(2))
        spread[word] = (max(kl - bias, 0.0), papers)
    return spread


def filler_words(words: set[str], until: date | None = None) -> set[str]:
    return filler_in(category_spread(words, until))


def filler_in(spread: dict[str, tuple[float, int]]) -> set[str]:
    return {
        word
        for word, (kl, papers) in spread.items()
        if papers >= FILLER_MIN_PAPERS and kl < FILLER_KL
    }


def is_fragment(
    term: str,
    association: float | None,
    filler: set[str],
    repeated: tuple[float, int] | None = None,
    lift: float | None = None,
    company: Company | None = None,
    *,
    subject: bool = False,
) -> bool:
    """A row that is writing, not a subject (see module docstring).

    `repeated`: the term's (mentions per mentioning paper, papers) from `repetition`, and
    `lift` its coherence (trends.analytics.topics), `company` a one-word term's neighbours
    (trends.analytics.neighbours); without them only the category and association rules
    apply. `subject`: a name or a defined abbreviation, which may be said
    once (never a passing mention) but must still show some evidence of a subject.
    """
    words = term.split()
    # Document-level NPMI cannot tell a phrase whose head is in most papers ("reward model",
    # "test time") from a fragment: a measured phrase named again and again skips it.
    if len(words) > 1 and not (association is not None and named_again(repeated)):
        if association is None or association < PHRASE_NPMI:
            return True
        if association < FRAGMENT_NPMI and filler.intersection(words):
            return True
    if len(words) == 1 and term in filler:
        return True
    if not subject and scattered_part(repeated, company):
        return True
    return (not subject and passing_mention(repeated)) or unfocused(repeated, lift)


def scattered_part(repeated: tuple[float, int] | None, company: Company | None) -> bool:
    """A part of many unrelated phrases, not named again and again: no subject of its own.

    "trainable" (1.37 mentions per paper; its neighbours repeat with a chance of 0.02),
    "shallow" (1.47, 0.05) and "supervision" (1.46, 0.06) are said with whatever they
    qualify; their phrases, not they, are the subjects (trends.analytics.neighbours). A
    one-word subject that keeps varied company is named again and again: "cross-lingual"
    (2.21 mentions, 0.02), "bilingual" (1.72, 0.05), "monolingual" (1.52, 0.08), so under
    SUBJECT_MENTIONS only.
    """
    if repeated is None or company is None:
        return False
    mentions, papers = repeated
    return papers >= REPETITION_MIN_PAPERS and mentions < SUBJECT_MENTIONS and company.scattered


def named_again(repeated: tuple[float, int] | None) -> bool:
    """Named again and again (SUBJECT_MENTIONS or more per mentioning paper): a subject.

    It overrides the association rules for bigrams: document-level NPMI is low for a phrase
    whose head is in most papers. On abstracts of 2023-2025 (conference lists, never read
    while tuning) the rules dropped "language model" (NPMI -0.02, 1.57 mentions per paper),
    "diffusion model" (-0.16, 1.88), "reward model" (-0.40, 1.55), "reasoning model" (-0.35,
    2.21), "test time" (-0.03, 1.95) and "long context" (-0.02, 2.55); the fragments beside
    them were said about once ("model performance" 1.10, "strong performance" 1.00, "data
    collected" 1.07, "model size" 1.09, "reasoning process" 1.00).
    """
    if repeated is None:
        return False
    mentions, papers = repeated
    return papers >= REPETITION_MIN_PAPERS and mentions >= SUBJECT_MENTIONS


def passing_mention(repeated: tuple[float, int] | None) -> bool:
    """Said once in passing: phrasing, not a subject.

    A paper about a subject names it again and again ("adversarial" 2.3 times per paper
    that uses it, "batch normalization" 1.7); a word of phrasing is said once ("notably"
    1.01, "trained end-to-end" 1.00, "impressive performance" 1.00). Names of datasets and
    models are said once too ("cifar-10" 1.15, "googlenet" 1.08), but they are written with
    capitals (`names`) and never asked here.
    """
    if repeated is None:
        return False
    mentions, papers = repeated
    return papers >= REPETITION_MIN_PAPERS and mentions < PASSING_MENTIONS


def unfocused(repeated: tuple[float, int] | None, lift: float | None) -> bool:
    """Neither named again and again nor in papers alike: phrasing or a generic phrase.

    A subject shows itself by one of the two: "batch normalization" is said 1.5 times a
    paper in papers 1.9 times as alike as any two, "softmax" 1.6 times in papers only 1.5
    times as alike, "word embedding" 1.9 times and 1.6. "end-to-end" (1.3 times, 1.7),
    "deep neural" (1.4, 1.4) and "f1 score" (1.25, 1.3: the F1 of any task) show neither.
    """
    if repeated is None or lift is None:
        return False
    mentions, papers = repeated
    return papers >= REPETITION_MIN_PAPERS and mentions < SUBJECT_MENTIONS and lift < COHERENT_LIFT


def names(words: set[str]) -> set[str]:
    """Words the corpus writes with a capital letter most often ("ImageNet", "Atari",
    "X-ray": trends.models_vocabulary.Word.label) or that mix letters and digits
    ("word2vec", "resnet-50", "llama-3.1-8b"): names, whatever their repetition."""
    mixed = {w for w in words if any(c.isdigit() for c in w) and any(c.isalpha() for c in w)}
    return mixed | {
        text
        for text, label in Word.objects.filter(text__in=words).values_list("text", "label")
        if label != label.lower()
    }


def repetition(
    terms: set[str], start: date | None, end: date, categories: list[str] | None
) -> tuple[dict[str, tuple[float, int]], dict[str, set[int]], Sample, dict[str, Company]]:
    """(term -> (mentions per mentioning paper, mentioning papers), term -> those papers,
    the sample's (papers, lexemes, positions) columns over every lexeme, one-word term -> its
    neighbours' Company, trends.analytics.neighbours) over the latest REPETITION_SAMPLE
    papers of start..end in the selection, read from their token positions (PaperTokens) in
    one pass; the counts serve trends.analytics.topics. A bigram is
    mentioned where its words stand side by side, or as its hyphenated spelling; a
    hyphenated word also where its parts stand side by side.
    """
    words = {w for t in terms for w in t.split()}
    words |= {"-".join(t.split()) for t in terms if " " in t}
    words |= {p for t in terms if " " not in t and "-" in t for p in t.split("-")}
    if not words:
        return {}, {}, ((), (), ()), {}
    where, params = MonthFilter(categories, start, end).sql()
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT s.paper_id, u.lexeme, cardinality(u.positions), u.positions FROM "
            f"(SELECT paper_id, tokens FROM {PaperTokens._meta.db_table} WHERE {where} "
            "ORDER BY month DESC, paper_id DESC LIMIT %s) s, unnest(s.tokens) u",
            [*params, REPETITION_SAMPLE],
        )
        rows = cursor.fetchall()
    if not rows:
        return {}, {}, ((), (), ()), {}
    paper_ids, lexemes, counts, positions = zip(*rows, strict=True)
    papers: dict[int, dict[str, list[int]]] = defaultdict(dict)
    for i in [i for i, lexeme in enumerate(lexemes) if lexeme in words]:
        papers[paper_ids[i]][lexemes[i]] = positions[i]
    # Each term is looked at only in the papers holding one of its lexemes.
    parts_of = {t: t.split() if " " in t else t.split("-") for t in terms}
    by_lexeme: dict[str, list[str]] = defaultdict(list)
    for term, parts in parts_of.items():
        for lexeme in {"-".join(parts), parts[0]}:
            by_lexeme[lexeme].append(term)
    mentions_of: dict[str, list[int]] = {t: [0, 0] for t in terms}
    mentioning: dict[str, set[int]] = defaultdict(set)
    for paper_id, found in papers.items():
        for term in {t for lexeme in found for t in by_lexeme.get(lexeme, ())}:
            parts = parts_of[term]
            mentions = len(found.get("-".join(parts), ()))
            if len(parts) == 2 and parts[0] in found and parts[1] in found:
                after = set(found[parts[1]])
                mentions += sum(1 for p in found[parts[0]] if p + 1 in after)
            if mentions:
                mentions_of[term][0] += 1
                mentions_of[term][1] += mentions
                mentioning[term].add(paper_id)
    repeated = {t: (m / n, n) for t, (n, m) in mentions_of.items() if n}
    single = {t for t in terms if " " not in t}
    return (
        repeated,
        dict(mentioning),
        (paper_ids, lexemes, counts),
        company(single, paper_ids, lexemes, positions),
    )
