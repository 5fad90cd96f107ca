"""What /about/ states: every threshold with its value (read from the code that applies it,
so the page cannot drift from the rules) and the reason for it, and the data sources."""

from dataclasses import dataclass

from core.params import MAX_SMOOTH, MAX_TERMS
from papers import coverage
from trends.analytics import certainty, families, filler, neighbours
from trends.analytics import hot as hot_rules
from trends.analytics import hot_ranking as ranking
from trends.hot import DEFAULT_WINDOW
from trends.terms import MIN_SUPPORT


@dataclass(frozen=True)
class Threshold:
    section: str
    name: str
    value: str
    reason: str


def thresholds() -> list[Threshold]:
    t = Threshold
    return [
        t("fractions", "Minimum papers in a month (min_papers)", f"{certainty.DEFAULT_MIN_PAPERS}",
          "Below it a month is a gap, not a point: 3 of 5 papers is '60 %' and means nothing; "
          "the 95 % interval of a fraction of 50 papers is still about ±10 points at worst."),
        t("fractions", "Low support", f"fewer than {certainty.LOW_SUPPORT} mentioning papers",
          "A point resting on 1-4 papers moves by 20-100 % with one paper more or less; it "
          "is drawn with an open marker and flagged in tables."),
        t("fractions", "Interval", "95 % Wilson score interval (z = 1.96)",
          "Stays within 0-100 % and is honest at 0 mentions, where the normal approximation "
          "collapses to a zero-width interval."),
        t("fractions", "Smoothing", f"off, or 3 to {MAX_SMOOTH} months (centred)",
          "A ratio of sums over the window (thin months weigh less); the month's own value is "
          "always shown beside it."),
        t("fractions", "Items per chart", f"at most {MAX_TERMS}", "Keeps charts legible."),
        t("terms", "Vocabulary", f"mentioned by at least {MIN_SUPPORT} papers",
          "Precomputed for speed; rarer terms are counted at request time by the same rules, "
          "so the rule decides speed, never numbers."),
        t("hot", "Window", f"{DEFAULT_WINDOW} months", "A year: long enough to smooth "
          "conference seasons, short enough to be 'now'."),
        t("hot", "Months that can hold a peak", f"at least {ranking.MIN_MONTH_PAPERS} papers",
          "In a thin month one paper makes a large 'peak'."),
        t("hot", "Papers behind a peak", f"at least {ranking.MIN_PEAK_PAPERS} in its month, "
          f"{ranking.MIN_PERIOD_PAPERS} over its period",
          "A term in 1 % of 300-700 papers a month has 3-7 papers in its best month."),
        t("hot", "Significance", f"{ranking.MIN_Z} binomial standard deviations",
          "The window's papers must exceed what the earlier pooled rate predicts."),
        t("hot", "Ranking pseudo-papers", f"{ranking.PSEUDO_PAPERS:g}",
          "Additive smoothing of the rate ratio: ratios resting on a handful of papers sink "
          "towards 1. Hot is decided and ordered by the window's papers against the earlier "
          "pooled rate, not by the peak ratio: single-month maxima of a term with 3-7 papers "
          "a month are mostly noise (batch normalization: peak ratio 0.9, rate up 4x)."),
        t("hot", "Family share", f"{100 * hot_rules.FAMILY_SHARE:.0f} %",
          "A bigram carrying this share of its word's papers is one row with it."),
        t("hot", "Kind of a word", f"other word {hot_rules.SPECIFIC_FACTOR}x as common",
          "'deep residual' and 'residual learning' are kinds of 'residual': one family."),
        t("hot", "Abbreviation parts", f"definitions at least {100 * families.PART_SHARE:.0f} % "
          "of the bigram's papers",
          "A long form of 3+ words joins only the bigrams it accounts for: 'adversarial "
          "network' for GAN, never 'neural network', which every kind of network shares."),
        t("hot", "Co-occurrence family", f"NPMI at least {families.COOCCUR_NPMI} over the "
          f"window's papers, {families.COOCCUR_PAPERS} papers together",
          "The same papers naming one subject two ways ('melanoma', 'skin lesion')."),
        t("hot", "Passing mention (filler)", f"under {filler.PASSING_MENTIONS} mentions per "
          f"mentioning paper in the window ({filler.REPETITION_MIN_PAPERS}+ papers)",
          "Subjects are named again and again in an abstract, phrasing once ('trained "
          "end-to-end' 1.00, 'batch normalization' 1.7). Defined abbreviations and names "
          "(every word written with capitals) are exempt; a name with a common word ('cnn "
          "architecture', 'rgb image') is not. Tuned on 2015-2016 tables."),
        t("hot", "Unfocused (filler)", f"under {filler.SUBJECT_MENTIONS} mentions per paper "
          f"and a topic coherence under {filler.COHERENT_LIFT} ({filler.REPETITION_MIN_PAPERS}+ "
          "papers)",
          "Coherence: how alike a term's papers are (mean TF-IDF cosine of two of its papers, "
          "its own words left out) over two papers of the window. A subject shows itself by "
          "repetition or by papers alike; a term with neither is phrasing or a generic "
          "phrase ('end-to-end' 1.3 and 1.7, 'f1 score' 1.25 and 1.3, 'deep neural' 1.4 and "
          "1.4; 'batch normalization' 1.5 and 1.9, 'softmax' 1.6 and 1.5). Names too: said "
          "once is allowed, but not both. Chosen on the 2015-06, 2016-06 and 2017-03 tables."),
        t("hot", "Phrase named again and again", f"{filler.SUBJECT_MENTIONS}+ mentions per "
          f"mentioning paper ({filler.REPETITION_MIN_PAPERS}+ papers)",
          "A bigram repeated like this is a subject even when its document-level NPMI is "
          "low, as it is for a phrase whose head is in most papers ('reward model' -0.40, "
          "1.55 mentions; 'diffusion model' -0.16, 1.88); 'model performance' (1.10) stays "
          "out. Measured on 2023-2025 conference abstracts, which no threshold was tuned on."),
        t("hot", "Scattered part (filler)", f"a content word beside it in at least "
          f"{100 * neighbours.BOUND_SHARE:.0f} % of its uses (its more frequent side), two of "
          f"them sharing a neighbour with a chance under {neighbours.SCATTER_CONCENTRATION} "
          f"({neighbours.MIN_BOUND_USES}+ uses), under {filler.SUBJECT_MENTIONS} mentions per "
          "paper; one-word terms only",
          "A modifier or head noun of many unrelated phrases carries no subject by itself: "
          "'trainable' (neighbours repeat with a chance of 0.02, 1.37 mentions), 'shallow' "
          "(0.05, 1.47), 'supervision' (0.06, 1.46); one-word subjects stand alone ('lstm': a "
          "neighbour in 38 % of uses) or keep the same company ('siamese' 0.12, 'gated' "
          "0.16), and those of varied company are named again and again ('cross-lingual' "
          "0.02 but 2.2 mentions). Chosen on the 2016-06 and 2018-06 cs.CL tables."),
        t("hot", "Bulk-upload month", f"above {coverage.BULK_FACTOR:g}x the median of the "
          f"{coverage.TRAILING_MONTHS} months before and after (and {coverage.BULK_MIN_EXCESS}+ "
          "papers above it)",
          "Old proceedings uploaded at once carry the upload's date (demo: cs.AI 2013-01..03, "
          "UAI papers of the 1990s); such a category-month holds no earlier peak."),
        t("coverage", "Suspicious month", f"below {100 * coverage.SUSPICIOUS_SHARE:.0f} % of the "
          f"median of the {coverage.TRAILING_MONTHS} months before (median at least "
          f"{coverage.MIN_MEDIAN} papers, {coverage.MIN_HISTORY} months of history)",
          "Halving from one month to the next is rare in arXiv's steady growth; below "
          f"{coverage.MIN_MEDIAN} papers it is ordinary noise."),
        t("coverage", "Hot earlier period", f"at least {DEFAULT_WINDOW} complete months "
          "(the window's length)",
          "Partial months before the window are left out; with fewer complete months left "
          "there is no honest 'before' and the table is refused unless allow_partial=1."),
    ]  # fmt: skip


SOURCES = [
    ("arXiv metadata", "CC0 1.0",
     "The demo corpus: papers of cs.AI, cs.LG, cs.CV, cs.CL, cs.NE, stat.ML, 1994-2019, in "
     "the Cornell arXiv metadata snapshot layout, assembled from the per-category OAI dumps of "
     "staeiou/arxiv_archive (2019-01-01 and 2020-01-01) and the oai_dc mirror "
     "HeinrichHartmann/arxiv_meta (April 2017). Live data: the arXiv API and OAI-PMH."),
    ("Conference paper lists", "as published by papercopilot/paperlists",
     "Accepted papers with author affiliations of ICML, NeurIPS and ICLR (raw fields only)."),
    ("Research Organization Registry (ROR)", "CC0 1.0",
     "Organisation names, aliases, types and parent/child links for institutions."),
]  # fmt: skip
