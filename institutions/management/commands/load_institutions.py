from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from institutions.models import Institution
from institutions.refresh import REFRESH, refresh_all
from institutions.registry import import_registry
from institutions.seed_loader import load_seed

BUNDLED_ROR = Path(settings.BASE_DIR) / "data" / "ror" / "ror-v2-subset.json.xz"


class Command(BaseCommand):
    help = (
        "Import the bundled ROR registry subset (updates in place, never overwrites curation) "
        "and bring the curated institutions, aliases and parent links to what the seed says, "
        "keeping what curators changed in admin."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--ror", type=Path, default=BUNDLED_ROR, help="a ROR v2 dump")
        parser.add_argument("--no-refresh", action="store_true")
        parser.add_argument(
            "--if-empty", action="store_true",
            help="skip the registry import when a registry is already loaded (load_demo)",
        )  # fmt: skip

    def handle(self, *args: Any, **options: Any) -> None:
        with REFRESH.off():
            if options["if_empty"] and Institution.objects.exclude(ror_id=None).exists():
                self.stdout.write("The ROR registry is already loaded.")
            else:
                self.stdout.write(import_registry(options["ror"]).summary())
            report = load_seed()
        self.stdout.write(report.summary())
        for problem in report.problems:
            self.stdout.write(f"  {problem}")
        if not options["no_refresh"]:
            refresh_all()
