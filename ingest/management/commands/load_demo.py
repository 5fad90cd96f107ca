from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser

from ingest.models import IngestRun
from papers.coverage import DeclarationError
from papers.declaration import declaration_beside, load_declaration


class Command(BaseCommand):
    help = "Load the bundled demo corpus once; later runs see it is there and return at once."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path, nargs="?", default=settings.DEMO_CORPUS)

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["path"]
        # The bundled conference author lists first (returns at once when loaded): their
        # statistics refresh starts a new data generation, and the hot table precomputed at
        # the end of the paper import below should belong to the latest one.
        # The ROR registry and the curated institutions before the lists they resolve.
        call_command("load_institutions", "--if-empty", "--no-refresh")
        call_command("load_conferences")
        key = f"{path.resolve()}:{path.stat().st_size}"
        done = IngestRun.objects.for_source(IngestRun.Source.SNAPSHOT, key).succeeded()
        if done.exists():
            self.stdout.write(f"The demo corpus is already loaded ({done.latest('started_at')}).")
        else:
            # The coverage declaration first: the hot tables precomputed after the import
            # leave out what it declares partial.
            declaration = declaration_beside(path)
            if declaration.exists():
                try:
                    loaded = load_declaration(declaration)
                except DeclarationError as exc:
                    raise CommandError(str(exc)) from None
                self.stdout.write(f"Coverage declaration {declaration}: {loaded} periods.")
            self.stdout.write(f"Loading the demo corpus {path} (once; about a minute) ...")
            call_command("import_snapshot", str(path), "--categories", "all", "--resume")
            # Abbreviations and their long forms, learned from the corpus's own definitions.
            call_command("learn_abbreviations")
