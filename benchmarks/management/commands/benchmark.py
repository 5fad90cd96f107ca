import importlib
import json
import os
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from benchmarks import BENCHMARKS, bench_line
from benchmarks.scratch import RESULT_FILE_ENV


class Command(BaseCommand):
    help = "Measure a performance bar; ends with one line `BENCH name key=value ...`."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("name", choices=sorted(BENCHMARKS))
        parser.add_argument("--papers", type=int, default=69760, help="corpus size (synthetic)")
        parser.add_argument(
            "--base-papers", type=int, default=51116, help="incremental: papers already loaded"
        )
        parser.add_argument(
            "--new-papers", type=int, default=1500, help="incremental: papers imported on top"
        )
        parser.add_argument("--requests", type=int, default=3000, help="requests, for load tests")
        parser.add_argument("--keep", action="store_true", help="keep the scratch database")
        parser.add_argument("--soak-seconds", type=int, default=600, help="serve: soak length")
        parser.add_argument("--url", help="hammer: a running server, e.g. http://127.0.0.1:8000")

    def handle(self, *args: Any, **options: Any) -> None:
        module_name, function_name = BENCHMARKS[options["name"]].split(":")
        figures = getattr(importlib.import_module(module_name), function_name)(self, options)
        if result_file := os.environ.get(RESULT_FILE_ENV):
            Path(result_file).write_text(json.dumps(figures))
        self.stdout.write(bench_line(options["name"], figures))
