from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ingest.harvest import harvest_recent
from ingest.management.commands.harvest_arxiv import report_run
from ingest.models import IngestBusy


class Command(BaseCommand):
    help = (
        "The scheduled daily job as a command: harvest the ML categories submitted in the "
        "last N days (default 2: yesterday and today, UTC) from the arXiv API."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--days", type=int, default=2)

    def handle(self, *args: Any, **options: Any) -> None:
        if options["days"] < 1:
            raise CommandError("--days must be at least 1")
        try:
            run = harvest_recent(options["days"])
        except IngestBusy as exc:
            raise CommandError(str(exc)) from None
        report_run(self, run)
