from typing import Any

from django.core.management.base import BaseCommand

from papers.models import DataGeneration
from trends.terms.abbreviations import learn_abbreviations
from trends.terms.lexicon import database_lexicon


class Command(BaseCommand):
    help = "Relearn the abbreviation table from the papers' own definitions (keeps curation)."

    def handle(self, *args: Any, **options: Any) -> None:
        learned = learn_abbreviations(database_lexicon())
        DataGeneration.objects.bump()
        self.stdout.write(f"learned {learned} abbreviation definitions")
