import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from entities.mentions import rematch_entities
from entities.models import Entity


class Command(BaseCommand):
    help = "Match the papers again for some entities (default: all) and rebuild their aggregates."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("slugs", nargs="*", help="entity slugs (default: every entity)")
        parser.add_argument("--timing", action="store_true", help="print the seconds it took")

    def handle(self, *args: Any, **options: Any) -> None:
        slugs: list[str] = options["slugs"]
        ids = None
        if slugs:
            found = Entity.objects.by_slugs(slugs)
            missing = sorted(set(slugs) - set(found))
            if missing:
                raise CommandError(f"unknown entity slug(s): {', '.join(missing)}")
            ids = [e.pk for e in found.values()]
        started = time.perf_counter()
        written = rematch_entities(ids)
        if options["timing"]:
            self.stdout.write(f"seconds {time.perf_counter() - started:.3f}")
        self.stdout.write(
            f"rematched {'all entities' if ids is None else len(ids)}: {written} mentions"
        )
