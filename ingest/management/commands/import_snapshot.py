import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from core.months import parse_month
from core.reports import ImportReport
from ingest.models import IngestBusy
from ingest.snapshot import SnapshotFilter, SnapshotUnreadable, import_snapshot

MAX_LISTED_ERRORS = 20


class Command(BaseCommand):
    help = "Import a Cornell arXiv metadata snapshot (.jsonl, .jsonl.gz or .jsonl.xz)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path)
        parser.add_argument(
            "--categories",
            default="cs.AI,cs.LG,cs.CV,cs.CL,cs.NE,stat.ML",
            help="comma-separated arXiv categories (a paper is kept if it carries any), or 'all'",
        )
        parser.add_argument("--since", help="first month to keep, YYYY-MM")
        parser.add_argument("--until", help="last month to keep, YYYY-MM")
        parser.add_argument(
            "--resume",
            action="store_true",
            help="skip the lines an interrupted import of the same file already committed",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        selection = parse_selection(options["categories"], options["since"], options["until"])
        path: Path = options["path"]
        size = path.stat().st_size if path.exists() else 0
        with tqdm(
            total=size,
            unit="B",
            unit_scale=True,
            desc=path.name,
            disable=not sys.stderr.isatty(),
            file=sys.stderr,
        ) as bar:

            def advance(position: int) -> None:
                bar.update(position - bar.n)

            try:
                report, run = import_snapshot(
                    path, selection, resume=options["resume"], on_progress=advance
                )
            except SnapshotUnreadable as exc:
                raise CommandError(f"nothing could be read: {exc}") from None
            except IngestBusy as exc:
                raise CommandError(str(exc)) from None
        print_report(self, report)
        self.stdout.write(f"(ingest run #{run.pk})")


def parse_selection(categories: str, since: str | None, until: str | None) -> SnapshotFilter:
    try:
        since_month = parse_month(since) if since else None
        until_month = parse_month(until) if until else None
    except ValueError as exc:
        raise CommandError(f"--since/--until: {exc}") from None
    if since_month and until_month and since_month > until_month:
        raise CommandError(f"--since {since} is after --until {until}")
    chosen = None
    if categories.strip().lower() != "all":
        chosen = frozenset(c.strip() for c in categories.split(",") if c.strip())
        if not chosen:
            raise CommandError("--categories: give at least one category, or 'all'")
    return SnapshotFilter(chosen, since_month, until_month)


def print_report(command: BaseCommand, report: ImportReport) -> None:
    for error in report.errors[:MAX_LISTED_ERRORS]:
        command.stderr.write(f"  {error['where']}: {error['reason']}")
    if report.invalid > MAX_LISTED_ERRORS:
        command.stderr.write(f"  ... and {report.invalid - MAX_LISTED_ERRORS} more invalid records")
    if report.reasons:
        grouped = ", ".join(f"{kind}: {n}" for kind, n in report.reasons.most_common())
        command.stderr.write(f"  invalid records by reason: {grouped}")
    command.stdout.write(command.style.SUCCESS(report.summary()))
