"""Institutions and their aliases, conference papers with authorships, and the statistics.

Curated tables: Institution, Alias (every admin change recorded by the curation app).
Imported tables: Conference, ConferencePaper, Authorship, AffiliationMention.
Derived tables (rebuilt by institutions.refresh): the resolution columns of
AffiliationMention, ConferenceYearStat, InstitutionYearStat, UnmatchedAffiliation.
"""

from django.db import models
from django.db.models.functions import Upper

from institutions.normalise import normalise_text
from institutions.querysets import (
    AffiliationMentionQuerySet,
    ConferenceYearStatQuerySet,
    InstitutionQuerySet,
    InstitutionYearStatQuerySet,
    UnmatchedQuerySet,
)


class Sector(models.TextChoices):
    """From ROR's organisation types (institutions.registry.sector_of); only industry counts
    towards the industry share."""

    INDUSTRY = "industry"
    ACADEMIA = "academia"
    GOVERNMENT = "government"
    FACILITY = "facility"
    NONPROFIT = "nonprofit"
    HEALTHCARE = "healthcare"
    ARCHIVE = "archive"
    OTHER = "other"


class Institution(models.Model):
    # Not unique: the registry has homonyms ("MIT" in four countries); ror_id is the identity.
    name = models.CharField(max_length=200)
    short_name = models.CharField(max_length=60, blank=True)
    sector = models.CharField(max_length=12, choices=Sector.choices, default=Sector.ACADEMIA)
    # Google and DeepMind -> Alphabet. PROTECT: a parent is deleted only after its children
    # were moved, so a revert never has to rebuild half a tree.
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    country = models.CharField(max_length=2, blank=True, help_text="ISO 3166 code, optional.")
    # The registry's view (empty for curated institutions the registry lacks).
    ror_id = models.CharField(max_length=40, null=True, blank=True, unique=True)
    city = models.CharField(max_length=120, blank=True)
    types = models.JSONField(default=list, blank=True, help_text="ROR types, e.g. company.")
    status = models.CharField(max_length=12, blank=True, help_text="ROR status.")
    domains = models.JSONField(default=list, blank=True, help_text="ROR web domains.")
    # Half the registry lists no domain but nearly every record links its website: the
    # host of a site at the root of its host ("https://www.mpg.de/" -> "mpg.de"), not of a
    # page on another's site (registry.website_hosts).
    websites = models.JSONField(default=list, blank=True, help_text="ROR website hosts.")
    relationships = models.JSONField(default=list, blank=True)
    # What the registry said last, per curated field ({"name": ..., "parent": ror id, ...}):
    # a field whose value differs from it was changed by a curator and re-imports keep it.
    registry = models.JSONField(default=dict, blank=True)
    # An organisation the registry lacks, attested by its own e-mail domain (the resolver's
    # attested step): the domain's registrable name ("midjourney.com"), its identity;
    # created and removed by refresh_all, "" for every registry or curated institution.
    attested = models.CharField(
        max_length=120,
        blank=True,
        default="",
        help_text="Attested by this e-mail domain, not registered (the attested step).",
    )

    objects = InstitutionQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        indexes = [
            # InstitutionQuerySet.by_name (the page's institution picker, API parameters)
            # compares case-insensitively: UPPER(name) = UPPER(%s).
            models.Index(Upper("name"), name="institution_upper_name_idx"),
            models.Index(Upper("short_name"), name="institution_upper_short_idx"),
        ]
        constraints = [
            # One institution per attested organisation: refresh_all creates it idempotently.
            models.UniqueConstraint(
                fields=["attested"], condition=~models.Q(attested=""), name="institution_attested"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def top(self) -> "Institution":
        """The root of the parent chain (Alphabet for DeepMind); itself without a parent."""
        node, seen = self, {self.pk}
        while node.parent_id is not None and node.parent_id not in seen:
            seen.add(node.parent_id)
            node = node.parent  # type: ignore[assignment]
        return node


class RegistryName(models.Model):
    """A name of a registry organisation: its display name, labels (every language),
    aliases and acronyms, as written and normalised for matching."""

    class Kind(models.TextChoices):
        DISPLAY = "ror_display"
        LABEL = "label"
        ALIAS = "alias"
        ACRONYM = "acronym"

    institution = models.ForeignKey(Institution, on_delete=models.CASCADE, related_name="names")
    value = models.CharField(max_length=300)
    text = models.CharField(max_length=300, help_text="Normalised as affiliation segments are.")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    lang = models.CharField(max_length=8, blank=True)

    class Meta:
        indexes = [
            # Resolver.from_database reads every name; admin search looks names up by text.
            models.Index(fields=["text"], name="registryname_text_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.value} ({self.kind})"


class ParentLink(models.Model):
    """A parent that holds only for some years (Google Brain into Google DeepMind from
    2023). A conference-year rolls up with the link covering it, else Institution.parent.
    A link without parent says the institution stood alone in those years."""

    child = models.ForeignKey(Institution, on_delete=models.CASCADE, related_name="parent_links")
    parent = models.ForeignKey(
        Institution, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    since = models.PositiveSmallIntegerField(null=True, blank=True, help_text="First year.")
    until = models.PositiveSmallIntegerField(null=True, blank=True, help_text="Last year.")

    class Meta:
        ordering = ["child", "since"]

    def __str__(self) -> str:
        parent = self.parent.name if self.parent_id and self.parent else "no parent"
        return f"{self.child.name} → {parent} ({self.since or '...'}-{self.until or '...'})"

    def covers(self, year: int) -> bool:
        return (self.since is None or self.since <= year) and (
            self.until is None or year <= self.until
        )


class Alias(models.Model):
    """A normalised string that names an institution, or says a string does NOT name it."""

    class Kind(models.TextChoices):
        NAME = "name", "exact name (whole string or a span of its segments)"
        KEYWORD = "keyword", "keyword (distinctive words anywhere in the organisation part)"
        DOMAIN = "domain", "e-mail domain (and its subdomains)"
        NOT = "not", "rejected suggestion (this string is not this institution)"

    class Source(models.TextChoices):
        SEED = "seed"
        CURATED = "curated"
        RULE = "rule"

    text = models.CharField(max_length=300)
    kind = models.CharField(max_length=8, choices=Kind.choices, default=Kind.NAME)
    institution = models.ForeignKey(Institution, on_delete=models.CASCADE, related_name="aliases")
    source = models.CharField(max_length=8, choices=Source.choices, default=Source.CURATED)

    class Meta:
        ordering = ["kind", "text"]
        constraints = [
            # One meaning per positive alias; a NOT alias may reject several institutions.
            models.UniqueConstraint(
                fields=["kind", "text"],
                condition=~models.Q(kind="not"),
                name="alias_unique_positive",
            ),
            models.UniqueConstraint(
                fields=["kind", "text", "institution"], name="alias_unique_per_institution"
            ),
        ]
        verbose_name_plural = "aliases"

    def __str__(self) -> str:
        return (
            f"{self.text} → {self.institution.name} ({self.kind})"
            if self.institution_id
            else self.text
        )

    def save(self, *args: object, **kwargs: object) -> None:
        # Stored normalised, exactly as the resolver compares (domains: lowercase only).
        self.text = (
            self.text.strip().lower().strip(".")
            if self.kind == self.Kind.DOMAIN
            else normalise_text(self.text)
        )
        super().save(*args, **kwargs)  # type: ignore[arg-type]


class Conference(models.Model):
    slug = models.SlugField(max_length=20, unique=True)
    name = models.CharField(max_length=100)

    def __str__(self) -> str:
        return self.name


class ConferencePaper(models.Model):
    conference = models.ForeignKey(Conference, on_delete=models.CASCADE, related_name="papers")
    year = models.PositiveSmallIntegerField()
    # The list's own id ("692"), or a title hash for CSV files without one.
    source_id = models.CharField(max_length=64)
    title = models.TextField()
    status = models.CharField(max_length=40, blank=True)
    accepted = models.BooleanField(default=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["conference", "year", "source_id"], name="paper_unique_in_list"
            )
        ]
        indexes = [
            # Statistics and the importer read one conference-year at a time.
            models.Index(fields=["conference", "year"], name="confpaper_conf_year_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.conference.slug}{self.year}: {self.title[:60]}"


class Authorship(models.Model):
    paper = models.ForeignKey(ConferencePaper, on_delete=models.CASCADE, related_name="authors")
    position = models.PositiveSmallIntegerField()
    name = models.CharField(max_length=200)
    raw_affiliation = models.TextField(blank=True, help_text="As listed; several joined by ' + '.")
    email_domain = models.CharField(max_length=120, blank=True)

    class Meta:
        ordering = ["paper", "position"]
        constraints = [
            models.UniqueConstraint(fields=["paper", "position"], name="authorship_unique_position")
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.raw_affiliation[:40]})"


class AffiliationMention(models.Model):
    """One affiliation string of one author, with how it resolved (derived columns)."""

    class How(models.TextChoices):
        """The resolver step that answered (institutions.resolver); all but suggestion and
        none are applied to the statistics (unaffiliated with no institution)."""

        UNAFFILIATED = "unaffiliated"
        CURATED = "curated"
        REGISTRY = "registry"
        UNIT = "unit"
        DOMAIN = "domain"
        FUZZY = "fuzzy"
        ATTESTED = "attested"
        PLACE = "place"
        AUTHOR = "author"
        HOST = "host"
        SUGGESTION = "suggestion"
        NONE = "none"

    authorship = models.ForeignKey(Authorship, on_delete=models.CASCADE, related_name="mentions")
    # Denormalised from the paper: statistics group mentions by conference-year.
    paper = models.ForeignKey(ConferencePaper, on_delete=models.CASCADE, related_name="mentions")
    raw = models.TextField()
    # Only evidence when the author has a single affiliation (else it is unclear which).
    email_domain = models.CharField(max_length=120, blank=True)
    key = models.CharField(max_length=300, blank=True, help_text="Organisation part, cleaned.")
    institution = models.ForeignKey(
        Institution, null=True, blank=True, on_delete=models.SET_NULL, related_name="mentions"
    )
    how = models.CharField(max_length=12, choices=How.choices, default=How.NONE)
    detail = models.CharField(max_length=300, blank=True)

    objects = AffiliationMentionQuerySet.as_manager()

    class Meta:
        indexes = [
            # Statistics: mentions of one conference-year joined to their institutions.
            models.Index(fields=["paper", "institution"], name="mention_paper_inst_idx"),
            # The unmatched queue groups unresolved mentions by key.
            models.Index(fields=["key"], name="mention_key_idx", condition=models.Q(how="none")),
        ]

    def __str__(self) -> str:
        return self.raw[:80]


class ConferenceYearStat(models.Model):
    conference = models.ForeignKey(Conference, on_delete=models.CASCADE)
    year = models.PositiveSmallIntegerField()
    papers = models.PositiveIntegerField()
    mentions = models.PositiveIntegerField(help_text="Non-empty affiliation strings.")
    resolved = models.PositiveIntegerField(help_text="Mentions resolved to an institution.")
    unaffiliated = models.PositiveIntegerField(
        default=0,
        help_text="Mentions saying the author has no organisation ('Independent Researcher'): "
        "answered, in no institution's figures.",
    )
    unique_institutions = models.PositiveIntegerField()
    unique_parents = models.PositiveIntegerField()
    papers_with_affiliation = models.PositiveIntegerField()
    papers_with_strings = models.PositiveIntegerField(
        default=0, help_text="Papers with any affiliation string at all (resolved or not)."
    )
    industry_papers = models.PositiveIntegerField()
    computed_at = models.DateTimeField(auto_now=True)

    objects = ConferenceYearStatQuerySet.as_manager()

    class Meta:
        ordering = ["conference__slug", "year"]
        constraints = [
            models.UniqueConstraint(fields=["conference", "year"], name="confyearstat_unique")
        ]

    def __str__(self) -> str:
        return f"{self.conference.slug} {self.year}"

    @property
    def coverage(self) -> float | None:
        """Share of affiliation mentions resolved (None: the list has no affiliations)."""
        return self.resolved / self.mentions if self.mentions else None

    @property
    def affiliation_share(self) -> float | None:
        """Share of papers whose list carries any affiliation (AISTATS: about 60%)."""
        return self.papers_with_strings / self.papers if self.papers else None

    @property
    def industry_share(self) -> float | None:
        """Share of papers with an industry author, among papers with a resolved author."""
        return (
            self.industry_papers / self.papers_with_affiliation
            if self.papers_with_affiliation
            else None
        )


class InstitutionYearStat(models.Model):
    """Papers of one institution at one conference-year (each paper counted once).

    `collapsed` rows count an institution together with all its descendants (Alphabet =
    Alphabet + Google + DeepMind), again once per paper, with the parent structure of the
    conference's year, or of today when `as_today`. `fractional` is the CSRankings count:
    each paper splits one unit among its authors, an author's part among their institutions.
    """

    conference = models.ForeignKey(Conference, on_delete=models.CASCADE)
    year = models.PositiveSmallIntegerField()
    institution = models.ForeignKey(Institution, on_delete=models.CASCADE)
    collapsed = models.BooleanField()
    as_today = models.BooleanField(default=False)
    papers = models.PositiveIntegerField()
    fractional = models.FloatField(default=0.0)

    objects = InstitutionYearStatQuerySet.as_manager()

    class Meta:
        indexes = [
            # InstitutionYearStatQuerySet.top: one conference-year, largest first.
            models.Index(
                fields=["conference", "year", "collapsed", "as_today", "-papers"],
                name="instyear_top_idx",
            ),
            # InstitutionYearStatQuerySet.trend: one institution over the years.
            models.Index(
                fields=["institution", "collapsed", "as_today"], name="instyear_trend_idx"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.institution_id} {self.conference_id} {self.year}: {self.papers}"


class UnmatchedAffiliation(models.Model):
    """The curators' queue: one row per unresolved key, most frequent first."""

    key = models.CharField(max_length=300, unique=True)
    example = models.TextField(help_text="The most frequent raw string with this key.")
    mentions = models.PositiveIntegerField()
    suggestion = models.ForeignKey(
        Institution, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    score = models.FloatField(null=True, blank=True)
    # {"similar": [[alias, institution, score], ...], "domains": {domain: count},
    #  "domain_match": [domain, institution]}
    evidence = models.JSONField(default=dict, blank=True)

    objects = UnmatchedQuerySet.as_manager()

    class Meta:
        ordering = ["-mentions", "key"]
        indexes = [
            # The admin queue, most frequent first.
            models.Index(fields=["-mentions"], name="unmatched_mentions_idx"),
        ]

    def __str__(self) -> str:
        return self.key or self.example


class ConferenceImport(models.Model):
    """One import of one list file: what it read and kept, so a re-run can be skipped."""

    conference = models.ForeignKey(Conference, on_delete=models.CASCADE, related_name="imports")
    year = models.PositiveSmallIntegerField()
    # File name, size and content hash: the same file is recognised wherever it lies.
    key = models.CharField(max_length=200)
    read = models.PositiveIntegerField(default=0)
    imported = models.PositiveIntegerField(default=0)
    updated = models.PositiveIntegerField(default=0)
    skipped = models.PositiveIntegerField(default=0, help_text="Not accepted (status).")
    invalid = models.PositiveIntegerField(default=0)
    errors = models.JSONField(default=list, blank=True)
    finished_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [
            # import_conference / load_demo: "was this exact file imported already?"
            models.Index(fields=["key"], name="confimport_key_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.conference.slug}{self.year} ({self.key})"


# Defined apart to keep this module short; imported here so Django registers it.
from institutions.upload_jobs import ConferenceUpload  # noqa: E402, F401
