from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from entities.mentions import rematch_entities
from entities.seeding import seed_entities


class Command(BaseCommand):
    help = "Add the entities and aliases of entities/seed/entities.toml that are missing."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--reset", action="store_true", help="give existing seed aliases the file's settings"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        report = seed_entities(reset=options["reset"])
        self.stdout.write(
            f"entities created {report.entities_created}, aliases created "
            f"{report.aliases_created}, aliases reset {report.aliases_updated}"
        )
        if report.entities_created or report.aliases_created or report.aliases_updated:
            self.stdout.write(f"rematched: {rematch_entities()} mentions")
