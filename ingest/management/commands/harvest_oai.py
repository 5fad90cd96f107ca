from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ingest.harvest import OAI_SETS, harvest_oai
from ingest.management.commands.harvest_arxiv import parse_days, report_run
from ingest.models import IngestBusy


class Command(BaseCommand):
    help = (
        "Bulk harvest (backfill) from arXiv's OAI-PMH endpoint (ARXIV_OAI_URL), arXivRaw "
        "records with datestamps in a window, kept if they carry an ML category. Stop it any "
        "time; the same command resumes from the stored resumption token."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--from", dest="since", required=True, help="first day, YYYY-MM-DD")
        parser.add_argument("--until", required=True, help="last day, YYYY-MM-DD (inclusive)")
        parser.add_argument("--sets", default=",".join(OAI_SETS), help="OAI sets (default cs,stat)")
        parser.add_argument(
            "--categories", default="", help="keep records with any of these (default: ML six)"
        )
        parser.add_argument(
            "--restart", action="store_true", help="ignore an unfinished run's token"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        since, until = parse_days(options["since"], options["until"])
        sets = tuple(s.strip() for s in options["sets"].split(",") if s.strip())
        if not sets:
            raise CommandError("--sets: give at least one OAI set")
        categories = [c.strip() for c in options["categories"].split(",") if c.strip()] or None
        try:
            run = harvest_oai(
                since, until, sets=sets, categories=categories, resume=not options["restart"]
            )
        except IngestBusy as exc:
            raise CommandError(str(exc)) from None
        report_run(self, run)
