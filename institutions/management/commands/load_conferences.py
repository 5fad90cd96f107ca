from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand

from institutions.importer import file_key, import_conference
from institutions.models import ConferenceImport
from institutions.refresh import refresh_all


class Command(BaseCommand):
    help = "Import the bundled conference lists (data/conferences/) that are not imported yet."

    def handle(self, *args: Any, **options: Any) -> None:
        folder = settings.BASE_DIR / "data" / "conferences"
        done = set(ConferenceImport.objects.values_list("key", flat=True))
        todo = [
            p for p in sorted(folder.glob("*.json")) if file_key(p.name, p.read_bytes()) not in done
        ]
        if not todo:
            self.stdout.write("The bundled conference lists are already loaded.")
            return
        for path in todo:
            self.stdout.write(import_conference(path).summary())
        timings = refresh_all()
        self.stdout.write(f"Institution statistics computed in {timings['seconds']} s.")
