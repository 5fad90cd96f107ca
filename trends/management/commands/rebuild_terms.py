from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from papers.models import DataGeneration
from trends.terms.refresh import rebuild_terms


class Command(BaseCommand):
    help = "Recount every term statistic (Term, TermMonthCount, PaperTokens) from the papers."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--workers", type=int, default=None, help="processes (default 2)")

    def handle(self, *args: Any, **options: Any) -> None:
        report = rebuild_terms(workers=options["workers"])
        DataGeneration.objects.bump()
        self.stdout.write(
            f"rebuilt terms: {report.months} months, {report.papers} papers, "
            f"{report.new_terms} terms in the vocabulary, {report.rows_written} month rows, "
            f"extracted by {report.processes} process(es)"
        )
