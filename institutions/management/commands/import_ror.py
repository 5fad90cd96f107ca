from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from institutions.refresh import REFRESH, refresh_all
from institutions.registry import import_registry


class Command(BaseCommand):
    help = (
        "Import or update institutions from a ROR data dump (schema v2 JSON, plain or .xz); "
        "curators' changes are kept. Then re-resolve affiliations and refresh statistics."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path)
        parser.add_argument("--no-refresh", action="store_true", help="skip the refresh")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["path"]
        if not path.exists():
            raise CommandError(f"{path}: no such file")
        with REFRESH.off():
            report = import_registry(path)
        self.stdout.write(report.summary())
        for error in report.errors[:20]:
            self.stdout.write(f"  {error['where']}: {error['reason']}")
        if not options["no_refresh"]:
            self.stdout.write(f"statistics refreshed: {refresh_all()}")
