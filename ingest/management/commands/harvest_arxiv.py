from datetime import date
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from ingest.harvest import harvest_api
from ingest.models import IngestBusy, IngestRun


class Command(BaseCommand):
    help = (
        "Harvest papers submitted in a date window from the arXiv API (ARXIV_API_URL), "
        "politely; an interrupted harvest of the same window resumes where it stopped."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--categories",
            default=",".join(settings.ML_CATEGORIES),
            help="comma-separated arXiv categories (default: the six ML categories)",
        )
        parser.add_argument("--from", dest="since", required=True, help="first day, YYYY-MM-DD")
        parser.add_argument("--until", required=True, help="last day, YYYY-MM-DD (inclusive)")
        parser.add_argument(
            "--restart", action="store_true", help="ignore an unfinished run's cursor"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        since, until = parse_days(options["since"], options["until"])
        categories = [c.strip() for c in options["categories"].split(",") if c.strip()]
        if not categories:
            raise CommandError("--categories: give at least one category")
        try:
            run = harvest_api(categories, since, until, resume=not options["restart"])
        except IngestBusy as exc:
            raise CommandError(str(exc)) from None
        report_run(self, run)


def parse_days(since: str, until: str) -> tuple[date, date]:
    """--from/--until as dates, in order, or a CommandError naming the bad one."""
    days = []
    for flag, value in (("--from", since), ("--until", until)):
        try:
            days.append(date.fromisoformat(value))
        except ValueError:
            raise CommandError(f"{flag}: {value!r} is not a date YYYY-MM-DD") from None
    if days[0] > days[1]:
        raise CommandError(f"--from {since} is after --until {until}")
    return days[0], days[1]


def report_run(command: BaseCommand, run: IngestRun) -> None:
    """Print the run's errors and summary; a failed run makes the command fail."""
    for error in run.errors[:20]:
        command.stderr.write(f"  {error['where']}: {error['reason']}")
    line = (
        f"ingest run #{run.pk} {run.state} in {run.duration.total_seconds():.1f} s: {run.message}"
    )
    if run.state != IngestRun.State.SUCCEEDED:
        raise CommandError(line)
    command.stdout.write(command.style.SUCCESS(line))
