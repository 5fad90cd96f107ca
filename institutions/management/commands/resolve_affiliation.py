import json
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from institutions.analytics.resolve import explain


class Command(BaseCommand):
    help = 'Which institution a raw affiliation string resolves to, and why: "RAW STRING"'

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("raw")
        parser.add_argument("--domain", default="", help="the author's e-mail domain, as evidence")
        parser.add_argument("--json", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        answer = explain(options["raw"], options["domain"])
        if options["json"]:
            self.stdout.write(json.dumps(answer, indent=2))
            return
        if answer["institution"] is not None:
            parent = f" (parent: {answer['parent']})" if answer["parent"] else ""
            self.stdout.write(f"{answer['institution']}{parent} [{answer['sector']}]")
        else:
            self.stdout.write("UNMATCHED")
        self.stdout.write(f"  how: {answer['how']}: {answer['detail']}")
        self.stdout.write(f"  cleaned: {answer['cleaned']}")
        for alias, name, score in answer["suggestions"]:
            self.stdout.write(f"  similar: {name} (alias {alias!r}, cosine {score})")
