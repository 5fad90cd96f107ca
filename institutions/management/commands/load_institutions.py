from typing import Any

from django.core.management.base import BaseCommand

from institutions.models import Alias, Institution
from institutions.refresh import refresh_all
from institutions.seed_loader import load_seed
from institutions.signals import REFRESH


class Command(BaseCommand):
    help = "Add the seed institutions and aliases that are missing (never overwrites curation)."

    def handle(self, *args: Any, **options: Any) -> None:
        with REFRESH.off():
            report = load_seed(Institution, Alias)
        self.stdout.write(
            f"added {report.institutions_added} institutions, {report.aliases_added} aliases"
        )
        for problem in report.problems:
            self.stdout.write(f"  {problem}")
        refresh_all()
