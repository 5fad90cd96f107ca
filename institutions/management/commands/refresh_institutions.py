from typing import Any

from django.core.management.base import BaseCommand

from institutions.refresh import refresh_all


class Command(BaseCommand):
    help = "Re-resolve affiliation mentions and recompute institution statistics now."

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(str(refresh_all()))
