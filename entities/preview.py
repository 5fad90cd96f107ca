"""What an alias would match, before it is saved (the admin's "Preview matches").

Staff type patterns here, and a pattern with nested quantifiers (`(a|aa)+b`) backtracks
exponentially: one took 17.8 s over the demo papers. So the preview runs every pattern
with the `regex` package under one time budget (PREVIEW_SECONDS for the whole preview, each
call given what is left; the engine counts it in CPU time, so on a busy machine the wall
clock may run a few times longer) and answers "too slow" instead of holding a web worker; the
context window, scanned around every match, is capped at MAX_CONTEXT_WINDOW characters.
"""

import re
import time
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from datetime import date
from typing import cast

import regex
from django.db import connection
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from entities.matching import AliasError, CompiledAlias, compile_alias
from entities.mentions import like_any
from entities.models import EntityAlias, EntityMention, TextScope
from papers.models import Paper

SAMPLE = 20
SNIPPET = 70
PREVIEW_SECONDS = 3.0
MAX_CONTEXT_WINDOW = 1000


class _OutOfTime(Exception):
    pass


class _Budget:
    """One deadline shared by every pattern call of a preview."""

    def __init__(self, seconds: float) -> None:
        self.deadline = time.monotonic() + seconds

    def left(self) -> float:
        remaining = self.deadline - time.monotonic()
        if remaining <= 0:
            raise _OutOfTime
        return remaining


class _TimedPattern:
    """A `regex` twin of a compiled `re` pattern whose calls stop at the budget's deadline
    (the two engines agree on the syntax the matcher compiles)."""

    def __init__(self, pattern: re.Pattern[str], budget: _Budget) -> None:
        self.pattern = regex.compile(pattern.pattern, pattern.flags)
        self.budget = budget

    def finditer(self, text: str) -> Iterator[regex.Match[str]]:
        try:
            return iter(list(self.pattern.finditer(text, timeout=self.budget.left())))
        except TimeoutError:
            raise _OutOfTime from None

    def search(self, text: str) -> regex.Match[str] | None:
        try:
            return self.pattern.search(text, timeout=self.budget.left())
        except TimeoutError:
            raise _OutOfTime from None


def _timed(compiled: CompiledAlias, budget: _Budget) -> CompiledAlias:
    def timed(pattern: re.Pattern[str]) -> re.Pattern[str]:
        return cast(re.Pattern[str], _TimedPattern(pattern, budget))

    return replace(
        compiled,
        regex=timed(compiled.regex),
        exclusions=[timed(p) for p in compiled.exclusions],
        context=timed(compiled.context) if compiled.context is not None else None,
    )


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


def preview_alias(
    alias: EntityAlias, sample: int = SAMPLE, seconds: float = PREVIEW_SECONDS
) -> AliasPreview:
    """Match an (unsaved) alias against every title and abstract; summarise with examples.

    An error instead when the alias does not compile, its context window is over
    MAX_CONTEXT_WINDOW, or its patterns need more than `seconds` in all."""
    if alias.context_window > MAX_CONTEXT_WINDOW:
        return AliasPreview(
            error=f"context window: at most {MAX_CONTEXT_WINDOW} characters "
            f"(0 searches the whole title or abstract), not {alias.context_window}"
        )
    try:
        compiled = compile_alias(alias)
    except AliasError as exc:
        return AliasPreview(error=str(exc))
    budget = _Budget(seconds)
    compiled = _timed(compiled, budget)
    raw = replace(compiled, exclusions=[], context=None)
    try:
        return _preview(compiled, raw, alias, sample)
    except _OutOfTime:
        return AliasPreview(
            error=f"alias {alias.phrase!r}: matching took over {seconds:g} s, so the preview "
            "stopped. Simplify the pattern: nested quantifiers such as (a|aa)+ or (\\w+\\s?)+ "
            "backtrack exponentially."
        )


def _preview(
    compiled: CompiledAlias, raw: CompiledAlias, alias: EntityAlias, sample: int
) -> AliasPreview:
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
