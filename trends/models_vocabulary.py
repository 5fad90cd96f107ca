"""The corpus's own vocabulary evidence: words as written (plural folding and display labels)
and the abbreviations its papers define (hot families and offered `a + b` queries)."""

from django.db import models


class Word(models.Model):
    """A raw word of the corpus (lowercase, accents folded, plurals NOT folded).

    `papers` says how many papers use it and attests singulars for plural folding
    (trends.text.Lexicon); `label` is its most frequent written form ("TensorFlow").
    Rewritten by `rebuild_terms`; an incremental refresh only adds unseen words.
    """

    text = models.CharField(max_length=200, unique=True)
    papers = models.PositiveIntegerField()
    label = models.CharField(max_length=200)

    class Meta:
        indexes = [
            # trends.terms.labels: the written form of a term's words and their plurals.
            models.Index(fields=["text"], include=["papers", "label"], name="word_text_cover_idx"),
        ]

    def __str__(self) -> str:
        return self.text


# A learned definition is trusted (joins hot families, offered as `a + b`) once this many
# papers give it; fewer, and staff must approve it.
MIN_DEFINING_PAPERS = 3


class AbbreviationQuerySet(models.QuerySet["Abbreviation"]):
    def in_use(self) -> "AbbreviationQuerySet":
        """Definitions that join families and make offers: approved by staff, or learned
        from at least MIN_DEFINING_PAPERS papers and not rejected."""
        return self.filter(
            models.Q(status=Abbreviation.Status.APPROVED)
            | models.Q(status=Abbreviation.Status.LEARNED, papers__gte=MIN_DEFINING_PAPERS)
        )


class Abbreviation(models.Model):
    """'neural machine translation (NMT)': an abbreviation the corpus defines, with how many
    papers define it that way (Schwartz-Hearst, trends.terms.abbreviations).

    Learned rows are rewritten by `learn_abbreviations`; staff approve, reject or add rows in
    the admin (recorded and revertible through curation), and a curated status survives
    relearning.
    """

    class Status(models.TextChoices):
        LEARNED = "learned", "learned from the corpus"
        APPROVED = "approved", "approved by staff"
        REJECTED = "rejected", "rejected by staff"

    short = models.CharField(max_length=40, help_text="The abbreviation as a term ('nmt').")
    long_form = models.CharField(max_length=200, help_text="Its long form as a term.")
    label = models.CharField(max_length=40, help_text="As written most often ('NMT').")
    papers = models.PositiveIntegerField(default=0, help_text="Papers defining it this way.")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.LEARNED)

    objects = AbbreviationQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["short", "long_form"], name="abbreviation_unique")
        ]
        indexes = [
            # fractions.offers and hot families look definitions up by either side.
            models.Index(fields=["short"], name="abbreviation_short_idx"),
            models.Index(fields=["long_form"], name="abbreviation_long_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.long_form} ({self.label})"
