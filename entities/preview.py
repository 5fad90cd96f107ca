"""What an alias would match, before it is saved (the admin's "Preview matches")."""

from dataclasses import dataclass, field
from datetime import date

from django.db import connection
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from entities.matching import AliasError, CompiledAlias, compile_alias
from entities.mentions import like_any
from entities.models import EntityAlias, EntityMention, TextScope
from papers.models import Paper

SAMPLE = 20
SNIPPET = 70


@dataclass
class PreviewHit:
    arxiv_id: str
    month: date
    title: str
    snippet: SafeString


@dataclass
class AliasPreview:
    error: str = ""
    matched: int = 0  # papers whose title or abstract the alias matches
    new_for_entity: int = 0  # of those, papers the entity does not count yet
    rejected: int = 0  # papers with a raw match that exclusions or context cancelled
    hits: list[PreviewHit] = field(default_factory=list)
    rejected_hits: list[PreviewHit] = field(default_factory=list)


def _snippet(text: str, start: int, end: int) -> SafeString:
    before = text[max(0, start - SNIPPET) : start]
    after = text[end : end + SNIPPET]
    return mark_safe(f"…{escape(before)}<mark>{escape(text[start:end])}</mark>{escape(after)}…")


def _candidates(compiled: CompiledAlias) -> list[tuple[int, str, date, str, str]]:
    """Papers that may match: a substring prefilter in PostgreSQL when the alias has one."""
    needles = [compiled.token] if compiled.token else list(compiled.substrings) or None
    where, params = like_any(["title", "abstract"], needles)
    table = Paper._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT id, arxiv_id, month, title, abstract FROM {table} WHERE {where} "
            "ORDER BY submitted DESC",
            params,
        )
        return cursor.fetchall()


def preview_alias(alias: EntityAlias, sample: int = SAMPLE) -> AliasPreview:
    """Match an (unsaved) alias against every title and abstract; summarise with examples."""
    try:
        compiled = compile_alias(alias)
    except AliasError as exc:
        return AliasPreview(error=str(exc))
    raw = CompiledAlias(**{**compiled.__dict__, "exclusions": [], "context": None})
    mentioned = set()
    if alias.entity_id:
        mentioned = set(
            EntityMention.objects.filter(
                entity_id=alias.entity_id, scope=TextScope.META
            ).values_list("paper_id", flat=True)
        )
    preview = AliasPreview()
    for paper_id, arxiv_id, month, title, abstract in _candidates(compiled):
        counted = raw_hit = None
        for text in (title, abstract):
            lowered = text.lower()
            spans = compiled.spans(text, lowered)
            if spans and counted is None:
                counted = _snippet(text, *spans[0])
            raw_spans = raw.spans(text, lowered)
            if raw_spans and raw_hit is None:
                raw_hit = _snippet(text, *raw_spans[0])
        if counted is not None:
            preview.matched += 1
            preview.new_for_entity += paper_id not in mentioned
            if len(preview.hits) < sample:
                preview.hits.append(PreviewHit(arxiv_id, month, title, counted))
        elif raw_hit is not None:
            preview.rejected += 1
            if len(preview.rejected_hits) < sample:
                preview.rejected_hits.append(PreviewHit(arxiv_id, month, title, raw_hit))
    return preview
