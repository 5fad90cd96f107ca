from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ingest.management.commands.harvest_arxiv import report_run
from ingest.models import IngestBusy
from institutions.fetchers.openreview import fetch_openreview
from institutions.fetchers.paperlists import fetch_paperlists


class Command(BaseCommand):
    help = (
        "Fetch a conference's accepted papers with authors and affiliations and import them: "
        "from a paperlists-format JSON URL (--paperlists URL --conference icml --year 2017, "
        "a conditional request) or from the OpenReview API v2 (--openreview "
        "ICLR.cc/2025/Conference, affiliations of the venue's year). The same function as "
        "the worker's task; the run is recorded like a harvest."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        source = parser.add_mutually_exclusive_group(required=True)
        source.add_argument("--paperlists", metavar="URL", help="a paperlists-format JSON URL")
        source.add_argument("--openreview", metavar="VENUE_ID", help="e.g. ICLR.cc/2025/Conference")
        parser.add_argument("--conference", help="with --paperlists: e.g. icml, neurips, iclr")
        parser.add_argument("--year", type=int, help="with --paperlists: the conference year")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            if options["paperlists"]:
                if not options["conference"] or not options["year"]:
                    raise CommandError("--paperlists needs --conference and --year")
                run = fetch_paperlists(
                    options["paperlists"], options["conference"], options["year"]
                )
            else:
                run = fetch_openreview(options["openreview"])
        except (IngestBusy, ValueError) as exc:
            raise CommandError(str(exc)) from None
        report_run(self, run)
