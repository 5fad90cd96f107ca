"""Term statistics: per-month, per-primary-category document frequencies of unigrams/bigrams.

- `extract`: one chunk of papers (one month, an id range) -> binary doc-term matrix
  (scikit-learn CountVectorizer over trends.text.analyse), category indicator @ matrix =
  counts by primary category, COPYed to a staging table; the papers' token vectors go to
  PaperTokens (phrase path).
- `refresh`: which chunks to extract (in parallel over the cores when there is enough
  work), then a set-based merge of the staging table into Term / TermMonthCount.

Vocabulary rule (MIN_SUPPORT): a term is precomputed when at least MIN_SUPPORT papers of
the corpus mention it (all categories, all months). Below that a term is still answered,
exactly, by the phrase path over PaperTokens, so the rule decides speed, never numbers.
An incremental refresh adds a new term when the papers of the months it rewrites already
reach MIN_SUPPORT, or when a full-text count over the other months brings a term seen in at
least CANDIDATE_SUPPORT papers of those months up to it; `rebuild_terms` recounts all.
"""

MIN_SUPPORT = 10
CANDIDATE_SUPPORT = 2
# A bigram is a phrase (listed in hot tables and suggestions) at this NPMI and above
# (trends.terms.association). Chosen on the v2 corpus's papers up to 2016, 2017-2019 held
# back. Labels: the 198 bigram long forms the corpus defines (abbreviations, 10+ papers) and
# the 3,279 bigrams holding a hand-listed boilerplate word. Youden's best cut (-0.05) was
# rejected on the held-back hot table: document-level NPMI is low for real phrases made of
# common words ("graph neural" -0.30, "architecture search" -0.21), and -0.05 dropped 10
# of the top 50 hot rows while removing no fragment. The cut kept is the highest one that
# keeps 99 % of the defined long forms: -0.30 (tune: 99.0 % kept, 65 % of boilerplate
# bigrams removed; held back 2017-2019: 98.8 % kept, 67.5 % removed).
PHRASE_NPMI = -0.3
