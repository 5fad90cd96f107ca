from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from institutions.importer import ImportProblem, import_conference
from institutions.refresh import refresh_all


class Command(BaseCommand):
    help = (
        "Import conference paper lists (paperlists JSON or CSV title,authors,affiliations), "
        "idempotently; conference and year come from names like icml2017.json unless given."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("paths", nargs="+", type=Path)
        parser.add_argument("--conference", help="e.g. icml, neurips, iclr")
        parser.add_argument("--year", type=int)
        parser.add_argument(
            "--all-statuses", action="store_true",
            help="also store rejected/withdrawn/workshop papers (never counted in statistics)",
        )  # fmt: skip

    def handle(self, *args: Any, **options: Any) -> None:
        failed = []
        for path in options["paths"]:
            try:
                report = import_conference(
                    path, options["conference"], options["year"], options["all_statuses"]
                )
            except (ImportProblem, OSError) as exc:
                failed.append(str(exc))
                self.stderr.write(f"{path}: {exc}")
                continue
            self.stdout.write(report.summary())
            for error in report.errors[:20]:
                self.stdout.write(f"  {error['where']}: {error['reason']}")
        timings = refresh_all()
        self.stdout.write(f"statistics refreshed in {timings['seconds']} s")
        if failed:
            raise CommandError(f"{len(failed)} file(s) could not be imported")
