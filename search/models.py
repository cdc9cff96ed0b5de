"""Search's own tables: the projection of live content, editor-managed synonyms and promotions,
and anonymous weekly query statistics."""

from django.core.exceptions import ValidationError
from django.db import models
from wagtail.admin.panels import FieldPanel

from content_models.kinds import registry

KIND_CHOICES = registry.choices(searchable=True)


class SearchDocument(models.Model):
    """One row per live item of every kind: what both engines search.

    ``title_terms``/``body_terms`` hold the text already analysed by ``search.analysis``
    (folded, stop words out, stemmed): the database engine's full-text index is built
    on them, so SQLite and PostgreSQL rank the same tokens.
    """

    kind = models.CharField(max_length=32, choices=KIND_CHOICES)
    object_id = models.CharField(max_length=64)
    language = models.CharField(max_length=16, default="da")
    slug = models.CharField(max_length=255)  # identifier for standards
    title = models.CharField(max_length=255)
    summary = models.TextField(blank=True)
    body = models.TextField(blank=True)  # plain text of sections/steps/description
    keywords = models.TextField(blank=True)  # identifiers, authority name, topic titles
    url = models.CharField(max_length=500)
    topics = models.JSONField(default=list)  # slugs incl. ancestors
    authority = models.CharField(max_length=100, blank=True)  # authority slug (or standard owner)
    audience = models.CharField(max_length=16, blank=True)  # a self-service link's: "citizen" or "business"
    municipalities = models.JSONField(default=list)  # codes with a local text/URL (regions expanded)
    # Popularity and "Var denne side nyttig?" as a bounded score factor (search/signals.py, search_signals).
    signal_boost = models.FloatField(default=1.0)
    title_terms = models.TextField(blank=True)
    body_terms = models.TextField(blank=True)
    version = models.BigIntegerField(default=0)  # sequence of the last event applied
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["kind", "object_id"], name="search_document_unique_item")]
        indexes = [models.Index(fields=["language", "kind"])]

    def __str__(self):
        return f"{self.kind}: {self.title}"

    @property
    def document_id(self) -> str:
        return f"{self.kind}-{self.object_id}"


class Synonym(models.Model):
    """Words and phrases that mean the same to a searcher ("NemID, MitID").

    Applied when a query is analysed, not when content is indexed: a change works
    from the next search on, with no reindex and no downtime.
    """

    terms = models.TextField(
        "ord og udtryk",
        help_text="Kommaseparerede ord eller udtryk med samme betydning, fx 'NemID, MitID' eller "
        "'SU, Statens Uddannelsesstøtte'.",
    )
    active = models.BooleanField("aktiv", default=True)
    updated_at = models.DateTimeField(auto_now=True)

    panels = [FieldPanel("terms"), FieldPanel("active")]

    class Meta:
        verbose_name = "synonym"
        verbose_name_plural = "synonymer"
        ordering = ["terms"]

    def __str__(self):
        return self.terms

    def term_list(self) -> list[str]:
        return [term.strip() for term in self.terms.split(",") if term.strip()]

    def clean(self):
        if len(self.term_list()) < 2:
            raise ValidationError({"terms": "Skriv mindst to ord eller udtryk adskilt af komma."})


class Promotion(models.Model):
    """An editor's pinned result: for this query, show this item first."""

    query = models.CharField("søgning", max_length=200, help_text="Søgningen der skal give resultatet, fx 'nemid'.")
    kind = models.CharField("type", max_length=32, choices=KIND_CHOICES)
    slug = models.CharField("slug eller identifikator", max_length=255)
    sort_order = models.PositiveSmallIntegerField("placering", default=0)
    active = models.BooleanField("aktiv", default=True)

    panels = [FieldPanel("query"), FieldPanel("kind"), FieldPanel("slug"), FieldPanel("sort_order"), FieldPanel("active")]

    class Meta:
        verbose_name = "fremhævet resultat"
        verbose_name_plural = "fremhævede resultater"
        ordering = ["query", "sort_order"]

    def __str__(self):
        return f"{self.query} → {self.slug}"

    def clean(self):
        from .analysis import normalise_query_key

        if not normalise_query_key(self.query):
            raise ValidationError({"query": "Søgningen skal indeholde mindst ét ord."})


class QueryStat(models.Model):
    """How often a (redacted, normalised) query was searched in one ISO week, and how often it found nothing.

    No user, IP, session or time of day is stored: only the week.
    """

    week = models.DateField()  # Monday of the ISO week
    query = models.CharField(max_length=200)
    searches = models.PositiveIntegerField(default=0)
    zero_results = models.PositiveIntegerField(default=0)
    clicks = models.PositiveIntegerField(default=0)  # results followed from these searches

    class Meta:
        constraints = [models.UniqueConstraint(fields=["week", "query"], name="search_querystat_week_query")]
        indexes = [models.Index(fields=["week", "-searches"])]
        verbose_name = "søgestatistik"
        verbose_name_plural = "søgestatistik"

    def __str__(self):
        return f"{self.week}: {self.query}"


class ResultClick(models.Model):
    """How often a search result was followed in one ISO week: a count per item, nothing about who or what for."""

    week = models.DateField()  # Monday of the ISO week
    kind = models.CharField(max_length=32)
    object_id = models.CharField(max_length=64)
    clicks = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["week", "kind", "object_id"], name="search_resultclick_week_item")]


class AdminIndexBacklog(models.Model):
    """An object Wagtail's admin search could not index (or unindex) while OpenSearch was down.

    Saving never waits for the cluster (search/admin_index/backend.py); the worker indexes what is listed here
    once the cluster answers again, so the admin search catches up with nothing missing and no ghost.
    """

    content_type = models.ForeignKey("contenttypes.ContentType", on_delete=models.CASCADE)
    object_id = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["content_type", "object_id"], name="search_adminindexbacklog_unique")
        ]
        verbose_name = "udestående indeksering i administrationens søgning"
        verbose_name_plural = "udestående indekseringer i administrationens søgning"

    def __str__(self):
        return f"{self.content_type} {self.object_id}"
