"""Tracked entities (frameworks, model families, optimizers), their aliases, and their mentions.

One generic mechanism for every kind: an Entity has aliases; a paper mentions the entity when
any alias matches its text under the rules of entities/matching.py. Mentions are stored per
paper and per text scope, and aggregated per month like the paper counts of MonthCategoryCount
(by primary category, like the term statistics).
"""

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import models

from papers.models import Paper


class EntityQuerySet(models.QuerySet["Entity"]):
    def of_kind(self, kind: str) -> "EntityQuerySet":
        """The entities of one group (framework, model_family, optimizer), by name."""
        return self.filter(kind=kind).order_by("name")

    def by_slugs(self, slugs: Iterable[str]) -> dict[str, "Entity"]:
        """{slug: entity} for the slugs that exist (unknown slugs are simply absent)."""
        return {e.slug: e for e in self.filter(slug__in=list(slugs))}


class Entity(models.Model):
    """A curated thing whose mentions are counted, e.g. the PyTorch framework."""

    class Kind(models.TextChoices):
        FRAMEWORK = "framework", "Deep-learning frameworks"
        MODEL_FAMILY = "model_family", "ConvNet and transformer families"
        OPTIMIZER = "optimizer", "Optimizers"

    kind = models.CharField(max_length=32, choices=Kind.choices)
    name = models.CharField(max_length=100, help_text="Canonical name shown on charts.")
    slug = models.SlugField(max_length=100, unique=True, help_text="Used in q=entity:SLUG.")
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="children",
        help_text="Optional grouping (e.g. Caffe2 under Caffe); mentions are not rolled up.",
    )
    description = models.TextField(blank=True)

    objects = EntityQuerySet.as_manager()

    class Meta:
        ordering = ["kind", "name"]
        verbose_name_plural = "entities"
        indexes = [
            # EntityQuerySet.of_kind: the entities of a group, ordered by name.
            models.Index(fields=["kind", "name"], name="entity_kind_name_idx"),
        ]

    def __str__(self) -> str:
        return self.name


class EntityAliasQuerySet(models.QuerySet["EntityAlias"]):
    def for_matching(self) -> "EntityAliasQuerySet":
        """Every alias with its entity, in a stable order, ready to compile a Matcher."""
        return self.select_related("entity").order_by("entity_id", "pk")


class EntityAlias(models.Model):
    """One way of writing an entity: a literal phrase or an anchored pattern.

    Both are anchored on word boundaries (no letter, digit or underscore right before or
    after), so "JAX" never matches inside "Ajax" and "Torch" never inside "PyTorch".
    """

    entity = models.ForeignKey(Entity, on_delete=models.CASCADE, related_name="aliases")
    phrase = models.CharField(
        max_length=200,
        help_text="A literal phrase (whitespace matches any run of spaces), or a regular "
        "expression when 'is pattern' is ticked.",
    )
    is_pattern = models.BooleanField(
        default=False, help_text="Treat the phrase as a Python regular expression."
    )
    case_sensitive = models.BooleanField(
        default=False, help_text="Match the exact capitalisation (e.g. 'Torch', not 'torch')."
    )
    exclusions = models.TextField(
        blank=True,
        help_text="One per line: phrases (patterns when 'is pattern' is ticked) that cancel "
        "a match lying inside them, e.g. 'Adam Mickiewicz' for the alias 'Adam'. "
        "Same case rule as the alias.",
    )
    context = models.CharField(
        max_length=500,
        blank=True,
        help_text="Optional pattern (case-insensitive) that must occur near the match for it "
        "to count, e.g. 'optimi[sz]|gradient|SGD' for the alias 'Adam'.",
    )
    context_window = models.PositiveIntegerField(
        default=0,
        help_text="Characters on each side of the match searched for the context "
        "(0: the whole title or abstract).",
    )
    note = models.CharField(max_length=300, blank=True, help_text="Why this alias is written so.")

    objects = EntityAliasQuerySet.as_manager()

    class Meta:
        ordering = ["entity", "phrase"]
        verbose_name_plural = "entity aliases"
        constraints = [
            models.UniqueConstraint(fields=["entity", "phrase"], name="entityalias_unique_phrase")
        ]

    def __str__(self) -> str:
        return f"{self.phrase} → {self.entity_id and self.entity.name}"

    def clean(self) -> None:
        """Refuse an alias that cannot be compiled, naming the reason (shown in the admin)."""
        from entities.matching import AliasError, compile_alias

        if self.entity_id is None:
            return
        try:
            compile_alias(self)
        except AliasError as exc:
            raise ValidationError(str(exc)) from None


class TextScope(models.TextChoices):
    """Where in a paper a mention was found."""

    META = "meta", "title or abstract"
    BODY = "body", "full text before the bibliography"
    BIB = "bib", "bibliography"


class TextMode(models.TextChoices):
    """What text a query searches; each is a union of scopes (see SCOPES_OF_MODE)."""

    ABSTRACT = "abstract", "title + abstract"
    FULL = "full", "full text where fetched (without bibliography)"
    FULL_BIB = "full_bib", "full text where fetched, bibliography included"


SCOPES_OF_MODE: dict[str, list[str]] = {
    TextMode.ABSTRACT: [TextScope.META],
    TextMode.FULL: [TextScope.META, TextScope.BODY],
    TextMode.FULL_BIB: [TextScope.META, TextScope.BODY, TextScope.BIB],
}


class EntityMention(models.Model):
    """Paper `paper` mentions `entity` in `scope` (binary: at most one row per triple)."""

    paper = models.ForeignKey(Paper, on_delete=models.CASCADE, related_name="entity_mentions")
    entity = models.ForeignKey(Entity, on_delete=models.CASCADE, related_name="mentions")
    scope = models.CharField(max_length=4, choices=TextScope.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["paper", "entity", "scope"], name="entitymention_unique"
            )
        ]
        indexes = [
            # entities.aggregation.rebuild_counts(entity_ids=...) after an alias change.
            models.Index(fields=["entity", "scope"], name="entitymention_entity_idx"),
        ]

    def __str__(self) -> str:
        return f"paper {self.paper_id} mentions {self.entity_id} in {self.scope}"


class PaperScan(models.Model):
    """The title/abstract of `paper` was matched as of its `updated` date.

    After an ingest only papers without a scan, or whose record changed since, are matched
    again, so a day of new papers costs a day of matching.
    """

    paper = models.OneToOneField(Paper, on_delete=models.CASCADE, primary_key=True)
    paper_updated = models.DateField()

    def __str__(self) -> str:
        return f"paper {self.paper_id} scanned as of {self.paper_updated}"


class FullTextQuerySet(models.QuerySet["FullText"]):
    def fetched(self) -> "FullTextQuerySet":
        return self.filter(state=FullText.State.FETCHED)


class FullText(models.Model):
    """The extracted text of a paper's PDF, split at its bibliography; or why it failed.

    The text is kept (not only its mentions) so that an alias change can rematch it.
    """

    class State(models.TextChoices):
        FETCHED = "fetched", "fetched"
        FAILED = "failed", "failed"

    paper = models.OneToOneField(
        Paper, on_delete=models.CASCADE, primary_key=True, related_name="full_text"
    )
    state = models.CharField(max_length=8, choices=State.choices)
    body = models.TextField(blank=True)
    bibliography = models.TextField(blank=True)
    pages = models.PositiveIntegerField(default=0)
    source_url = models.URLField(max_length=500)
    error = models.TextField(blank=True)
    fetched_at = models.DateTimeField(auto_now=True)

    objects = FullTextQuerySet.as_manager()

    class Meta:
        indexes = [
            # analytics.full_text_papers_per_month: fetched papers only.
            models.Index(fields=["state"], name="fulltext_state_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.paper_id}: {self.state}"


class EntityMonthCount(models.Model):
    """Papers of `month` with primary category `primary_category` mentioning `entity` (`mode`).

    Keyed like trends.TermMonthCount, so entity and term fractions share one denominator: the
    papers of the month whose primary category is in the selection.
    """

    entity = models.ForeignKey(Entity, on_delete=models.CASCADE, related_name="month_counts")
    mode = models.CharField(max_length=8, choices=TextMode.choices)
    month = models.DateField()
    primary_category = models.CharField(max_length=32)
    papers = models.PositiveIntegerField()

    class Meta:
        indexes = [
            # analytics.entity_series / month_table: one mode, some entities, a month range.
            models.Index(fields=["mode", "entity", "month"], name="entitymonth_lookup_idx"),
            # aggregation.rebuild_counts(months=...) after an ingest deletes by month.
            models.Index(fields=["month"], name="entitymonth_month_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.entity_id} {self.mode} {self.month:%Y-%m}: {self.papers}"
