"""Term statistics and precomputed hot tables, derived from the paper store (papers/)."""

from collections.abc import Iterable
from datetime import date

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models.functions import Cast, Length

from papers.models import DataGeneration, Paper


class TermQuerySet(models.QuerySet["Term"]):
    def by_text(self, texts: Iterable[str]) -> dict[str, "Term"]:
        """The vocabulary entries among `texts` (already normalised), keyed by text."""
        return {t.text: t for t in self.filter(text__in=list(texts))}


class Term(models.Model):
    """A unigram or bigram of the precomputed vocabulary (see trends/terms/ for the rule).

    `papers` and `first_month` summarise its TermMonthCount rows over every category; they
    are rewritten whenever a refresh touches a month the term occurs in: a day of papers at
    1M updates ~54k rows. No index holds either, and the table is stored with free space on
    every page (fillfactor 90, migration 0008), so those are HOT updates that write no index
    entry (with `papers` indexed, keeping its index up made the update 1.4 s of 2-3 s).
    """

    # Unique: on PostgreSQL Django adds a second, varchar_pattern_ops index ("..._like") beside
    # the unique one, which serves views_terms.suggest's `text LIKE 'prefix%'` (a third copy
    # declared in Meta was only one more index for every refresh to write).
    text = models.CharField(max_length=200, unique=True)
    words = models.PositiveSmallIntegerField()
    papers = models.PositiveIntegerField(default=0)
    first_month = models.DateField(null=True)
    # Bigrams: normalised PMI of their two words over papers (trends.terms.association); a
    # bigram is a phrase (listed in hot tables and suggestions) at PHRASE_NPMI and above.
    association = models.FloatField(null=True)
    # The number of decimal digits of `papers`: ordering by it first orders by papers, and
    # it changes for few terms a day (9 -> 10 papers), so indexing it keeps updates HOT.
    magnitude = models.GeneratedField(
        expression=Length(Cast("papers", models.TextField())),
        output_field=models.PositiveSmallIntegerField(),
        db_persist=True,
    )

    objects = TermQuerySet.as_manager()

    class Meta:
        indexes = [
            # query_help.suggest: the terms of one magnitude starting with a prefix, each
            # magnitude from the top until enough are found; "did you mean": most papers first.
            models.Index(
                fields=["magnitude", "text"],
                opclasses=["int2_ops", "varchar_pattern_ops"],
                name="term_suggest_idx",
            ),
        ]

    def __str__(self) -> str:
        return self.text


class TermMonthCount(models.Model):
    """Papers of `month` with primary category `primary_category` that mention `term`.

    Binary per paper (a mention, never a token count). The matching denominator is the
    MonthCategoryCount papers of the same month and primary category.
    """

    # No database constraint: millions of rows are written by one INSERT ... SELECT that joins
    # Term already, and a per-row foreign-key check would double the refresh time. No index of
    # its own either: termmonth_term_month_idx starts with term and serves every lookup by it.
    term = models.ForeignKey(
        Term,
        on_delete=models.CASCADE,
        related_name="month_counts",
        db_constraint=False,
        db_index=False,
    )
    month = models.DateField()
    primary_category = models.CharField(max_length=32)
    papers = models.PositiveIntegerField()

    class Meta:
        indexes = [
            # analytics.fractions.term_series: rows of a few terms, summed by month; the
            # INCLUDE makes it an index-only scan.
            models.Index(
                fields=["term", "month", "primary_category"],
                include=["papers"],
                name="termmonth_term_month_idx",
            ),
            # terms.store: a refresh deletes and rewrites the months it touched; hot tables
            # read every term of a month range.
            models.Index(fields=["month"], name="termmonth_month_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.term_id} {self.month:%Y-%m} {self.primary_category}: {self.papers}"


class PaperTokens(models.Model):
    """A paper's terms as a tsvector built by trends.text.analyse (not by to_tsvector).

    Serves the phrase path of the fraction queries (terms outside the vocabulary, trigrams)
    and the paper lists behind a chart point, with the tokenisation of the precomputed
    terms. `month` and `primary_category` are copied from the paper so those queries group
    without a join. Written by trends.terms for the months a refresh touches.
    """

    paper = models.OneToOneField(
        Paper, on_delete=models.CASCADE, primary_key=True, db_constraint=False
    )
    month = models.DateField()
    primary_category = models.CharField(max_length=32)
    tokens = SearchVectorField()

    class Meta:
        indexes = [
            # analytics.phrases: `tokens @@ 'a' <-> 'b'` (a bulk refresh drops and rebuilds it).
            GinIndex(fields=["tokens"], name="papertokens_tokens_gin"),
            # trends.terms.refresh deletes the rows of the months it rewrites.
            models.Index(fields=["month"], name="papertokens_month_idx"),
        ]

    def __str__(self) -> str:
        return f"tokens of paper {self.paper_id}"


class HotSnapshotQuerySet(models.QuerySet["HotSnapshot"]):
    def fresh(self, as_of: date, window: int, categories_key: str) -> "HotSnapshot | None":
        """The stored table for these parameters, if computed from the current data."""
        return self.filter(
            as_of=as_of,
            window=window,
            categories_key=categories_key,
            generation=DataGeneration.objects.current_text(),
        ).first()


class HotSnapshot(models.Model):
    """A precomputed hot/not-hot answer (trends.analytics.hot), written after each ingest.

    `generation` is the text DataGeneration token it was computed from (current_text: the
    papers and terms it read); an older one is stale. An institution or entity change keeps it.
    """

    as_of = models.DateField()
    window = models.PositiveSmallIntegerField()
    categories_key = models.CharField(max_length=500)
    generation = models.CharField(max_length=64)
    payload = models.JSONField()
    computed_at = models.DateTimeField(auto_now=True)
    seconds = models.FloatField(default=0)

    objects = HotSnapshotQuerySet.as_manager()

    class Meta:
        constraints = [
            # HotSnapshotQuerySet.fresh looks a table up by these; one row per combination.
            models.UniqueConstraint(
                fields=["as_of", "window", "categories_key"], name="hotsnapshot_unique_key"
            )
        ]

    def __str__(self) -> str:
        return f"hot as of {self.as_of:%Y-%m} (W={self.window}, {self.categories_key})"


# The vocabulary evidence lives in its own module; imported here so the app registers it.
from trends.models_vocabulary import Abbreviation, Word  # noqa: E402

__all__ = ["Abbreviation", "HotSnapshot", "PaperTokens", "Term", "TermMonthCount", "Word"]
