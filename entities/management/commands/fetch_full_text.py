from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from entities.fulltext import fetch_full_text, fetch_missing_full_texts
from papers.models import Paper


class Command(BaseCommand):
    help = (
        "Fetch full texts: the given arXiv ids, or up to --limit papers without one "
        "(newest first). Politely, through the harvest's rate limiter."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("arxiv_ids", nargs="*")
        parser.add_argument("--limit", type=int, default=settings.FULLTEXT_BATCH)
        parser.add_argument("--retry-failed", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        ids: list[str] = options["arxiv_ids"]
        if not ids:
            outcome = fetch_missing_full_texts(
                options["limit"], retry_failed=options["retry_failed"]
            )
            self.stdout.write(f"fetched {outcome['fetched']}, failed {outcome['failed']}")
            return
        found = dict(Paper.objects.filter(arxiv_id__in=ids).values_list("arxiv_id", "pk"))
        missing = [i for i in ids if i not in found]
        if missing:
            raise CommandError(f"unknown arXiv id(s): {', '.join(missing)}")
        for arxiv_id in ids:
            full = fetch_full_text(found[arxiv_id])
            assert full is not None
            detail = f"{full.pages} pages" if full.state == "fetched" else full.error
            self.stdout.write(f"{arxiv_id}: {full.state} ({detail})")
