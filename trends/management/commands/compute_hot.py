from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from core.months import parse_month
from trends.hot import compute_and_store, precompute_default
from trends.tasks import compute_hot_task


class Command(BaseCommand):
    help = "Precompute hot/not-hot tables (default: the latest complete month)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--as-of", help="YYYY-MM (default: latest complete month)")
        parser.add_argument(
            "--every-month",
            action="store_true",
            help="every as-of month the default selection can be answered for (what the "
            "worker does after an ingest); tables already fresh are kept",
        )
        parser.add_argument(
            "--queue",
            action="store_true",
            help="with --every-month: hand it to a worker instead (`make demo` does, so the "
            "months a stopped demo left undone are filled in)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["every_month"] and options["queue"]:
            compute_hot_task.delay(None)
            self.stdout.write("hot tables of every month: queued for a worker")
            return
        if options["every_month"]:
            self.stdout.write(f"hot tables: {precompute_default()}")
            return
        try:
            as_of = parse_month(options["as_of"]) if options["as_of"] else None
        except ValueError as exc:
            raise CommandError(f"--as-of: {exc}") from None
        snapshot = compute_and_store(as_of)
        if snapshot is None:
            self.stdout.write("no papers: nothing to compute")
            return
        payload = snapshot.payload
        self.stdout.write(
            f"hot as of {snapshot.as_of:%Y-%m} computed in {snapshot.seconds:.2f} s: "
            f"{len(payload['hot'])} hot, {len(payload['not_hot'])} not hot, "
            f"{len(payload['new'])} new"
        )
        for row in payload["hot"][:20]:
            self.stdout.write(f"  {row['term']:<32} x{row['ratio']:.1f}")
