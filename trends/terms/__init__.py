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
