"""On the demo corpus, entity series equal an independent count under the same alias rules,
and the Adam heuristic is measured against a hand-labelled sample (tests/data/adam_labels.csv).

The independent count shares no code with entities/matching.py: literal aliases are found
with str.find and explicit boundary checks, patterns with unanchored regular expressions
whose matches are then checked for boundaries, exclusions and context by hand.
"""

import csv
import json
import re
from collections import Counter, defaultdict
from pathlib import Path

import pytest
from django.conf import settings

from entities.mentions import load_matcher
from entities.models import Entity, EntityAlias
from papers.models import Paper

pytestmark = pytest.mark.django_db
LABELS = Path(__file__).parent.parent / "data" / "adam_labels.csv"


def _word(char: str) -> bool:
    return char.isalnum() or char == "_"


def _bounded(text: str, start: int, end: int) -> bool:
    before = text[start - 1] if start > 0 else " "
    after = text[end] if end < len(text) else " "
    return not _word(before) and not _word(after) and end > start


def _occurrences(text: str, phrase: str, is_pattern: bool, case_sensitive: bool) -> list[tuple]:
    """Bounded occurrences of a phrase or pattern, found without the project's matcher."""
    if is_pattern:
        rx = re.compile(phrase, 0 if case_sensitive else re.IGNORECASE)
        if not rx.search(text):
            return []
        ends = [i for i in range(1, len(text) + 1) if i == len(text) or not _word(text[i])]
        spans = []
        for start in range(len(text)):
            if (start > 0 and _word(text[start - 1])) or not rx.match(text, start):
                continue
            # The longest match from here that ends on a boundary, if any.
            for end in reversed(ends):
                if end <= start:
                    break
                if rx.fullmatch(text, start, end):
                    spans.append((start, end))
                    break
        return spans
    haystack, needle = (text, phrase) if case_sensitive else (text.lower(), phrase.lower())
    spans, at = [], haystack.find(needle)
    while at >= 0:
        if _bounded(text, at, at + len(needle)):
            spans.append((at, at + len(needle)))
        at = haystack.find(needle, at + 1)
    return spans


def _alias_hits(text: str, alias: EntityAlias) -> bool:
    quick = text if alias.case_sensitive else text.lower()
    if (
        not alias.is_pattern
        and (alias.phrase if alias.case_sensitive else alias.phrase.lower()) not in quick
    ):
        return False
    found = _occurrences(text, alias.phrase, alias.is_pattern, alias.case_sensitive)
    for line in filter(None, (x.strip() for x in alias.exclusions.splitlines())):
        excluded = _occurrences(text, line, alias.is_pattern, alias.case_sensitive)
        found = [s for s in found if not any(a <= s[0] and s[1] <= b for a, b in excluded)]
    if alias.context:
        w = alias.context_window
        found = [
            s
            for s in found
            if re.search(alias.context, text[max(0, s[0] - w) : s[1] + w] if w else text, re.I)
        ]
    return bool(found)


def test_on_the_demo_corpus_series_equal_an_independent_count_and_adam_is_measured(
    client, capsys, demo_corpus
):
    # The shared import (tests/demo/conftest.py) ran papers.pipeline.after_ingest, which
    # matched the papers against the seeded entities.
    # Multi-word literal aliases rely on single spaces, which the importer guarantees.
    kinds = ["framework", "optimizer"]
    aliases = list(EntityAlias.objects.filter(entity__kind__in=kinds).select_related("entity"))
    by_entity: dict[int, list[EntityAlias]] = defaultdict(list)
    for alias in aliases:
        by_entity[alias.entity_id].append(alias)
    expected: dict[str, Counter] = defaultdict(Counter)
    slugs = dict(Entity.objects.values_list("pk", "slug"))
    papers = Paper.objects.filter(primary_category__in=settings.ML_CATEGORIES)
    for title, abstract, month in papers.values_list("title", "abstract", "month").iterator():
        for entity_id, entity_aliases in by_entity.items():
            if any(_alias_hits(t, a) for a in entity_aliases for t in (title, abstract)):
                expected[slugs[entity_id]][f"{month:%Y-%m}"] += 1

    response = client.get("/api/entities/fractions", {"q": "group:framework,group:optimizer"})
    data = json.loads(response.content)
    assert response.status_code == 200
    got = {
        s["entity"]: {m: c for m, c in zip(data["months"], s["counts"], strict=True) if c}
        for s in data["series"]
    }
    assert set(got) == {slugs[pk] for pk in by_entity}
    for slug in got:
        assert got[slug] == dict(expected[slug]), slug
    assert sum(1 for counts in got.values() if counts) >= 15
    assert sum(expected["tensorflow"].values()) > 50
    assert sum(expected["adam"].values()) >= 25
    _measure_adam(capsys)


def _measure_adam(capsys: pytest.CaptureFixture[str]) -> None:
    labels = {row["arxiv_id"]: row["optimizer"] == "1" for row in csv.DictReader(LABELS.open())}
    adam = Entity.objects.get(slug="adam")
    matcher = load_matcher([adam.pk])
    texts = {
        arxiv_id: (title, abstract)
        for arxiv_id, title, abstract in Paper.objects.filter(arxiv_id__in=labels).values_list(
            "arxiv_id", "title", "abstract"
        )
    }
    assert set(texts) == set(labels)
    confusion: Counter[tuple[bool, bool]] = Counter()
    naive = 0
    for arxiv_id, truth in labels.items():
        predicted = adam.pk in matcher.entities_in(texts[arxiv_id])
        confusion[(truth, predicted)] += 1
        naive += truth  # the naive rule counts every capitalised "Adam"
    accuracy = (confusion[(True, True)] + confusion[(False, False)]) / len(labels)
    precision = confusion[(True, True)] / (confusion[(True, True)] + confusion[(False, True)])
    recall = confusion[(True, True)] / (confusion[(True, True)] + confusion[(True, False)])
    with capsys.disabled():
        print(
            f"\nADAM heuristic on {len(labels)} labelled demo papers: accuracy {accuracy:.3f}, "
            f"precision {precision:.3f}, recall {recall:.3f} (naive rule: accuracy "
            f"{naive / len(labels):.3f})"
        )
    assert accuracy >= 0.95
    assert precision >= 0.95
    assert recall >= 0.95
