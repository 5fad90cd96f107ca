"""`benchmark incremental --base-papers B --new-papers N`: N new papers into a loaded
database against the same N into an empty one, side by side (BRIEF §4: <= 1.5x; a day of
~1,500 papers at 1M <= 10 s).

The base is the B-paper scratch database of `benchmark import`/`fractions` (imported if
missing), copied by `CREATE DATABASE ... TEMPLATE` so it is reused untouched. The new
papers are demo records resampled under new ids and re-dated into months after the corpus
(2020-01 on, NEW_PER_MONTH a month: a day of 1,500 is one month, 75k are 17). Both imports
run `manage.py import_snapshot` in a child process; the figures are their wall times and the
term refresh each one printed.
"""

import json
import math
import os
import random
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path
from typing import Any

import psycopg
from django.conf import settings
from django.core.management.base import BaseCommand

from benchmarks import Figures
from benchmarks.fractions import ensure_database
from benchmarks.scratch import (
    create_database,
    database_url,
    latest_run,
    run_child,
    scratch_name,
    server_params,
)
from benchmarks.synthetic import synthesize

NEW_PER_MONTH = 4500
FIRST_NEW_MONTH = datetime(2020, 1, 1, tzinfo=UTC)


def new_papers(count: int, out: Path, seed: int = 11) -> Path:
    """`count` demo records with fresh ids, re-dated into the months after the corpus."""
    source = synthesize(count, settings.DATA_DIR / "bench" / f"synthetic-{count}.jsonl", seed)
    months = math.ceil(count / NEW_PER_MONTH)
    rng = random.Random(seed)
    lines = []
    with source.open(encoding="utf-8") as records:
        for serial, line in enumerate(records):
            record = json.loads(line)
            month = serial * months // count
            year, index = 2020 + month // 12, month % 12 + 1
            when = datetime(year, index, 1, tzinfo=UTC) + timedelta(minutes=rng.randrange(40000))
            record["id"] = f"{year % 100:02d}{index:02d}.{serial + 1:05d}"
            record["versions"] = [{"version": "v1", "created": format_datetime(when, True)}]
            record["update_date"] = when.date().isoformat()
            lines.append(json.dumps(record))
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return out


def _copy(template: str, name: str) -> str:
    with psycopg.connect(dbname="postgres", **server_params(), autocommit=True) as admin:  # type: ignore[arg-type]
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
    return database_url(name)


def _import(command: BaseCommand, label: str, url: str, path: Path) -> float:
    # Both imports start with the server's dirty pages on disk: the copy of the base just
    # written (4 GB at 1M papers) was otherwise still being written back during the loaded
    # import, whose own writes waited behind it (the TermMonthCount insert 0.8 -> 2.2 s).
    with psycopg.connect(dbname="postgres", **server_params(), autocommit=True) as admin:  # type: ignore[arg-type]
        admin.execute("CHECKPOINT")
    child = run_child(url, ["import_snapshot", str(path), "--categories", "all"])
    for line in child.output.splitlines():
        if line.startswith(("read ", "term refresh:")):
            command.stdout.write(f"  {label}: {line}")
    run = latest_run(url)
    steps = ", ".join(f"{k} {v:.1f} s" for k, v in (run["refresh"] or {}).get("steps", {}).items())
    command.stdout.write(f"  {label} after-ingest steps: {steps}")
    command.stdout.write(
        f"{label}: {child.seconds:.1f} s (import process CPU {child.cpu_seconds:.1f} s), "
        f"peak RSS {child.peak_rss_mib:.0f} MiB, load average {_load()}"
    )
    return child.seconds


def _load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def run(command: BaseCommand, options: dict[str, Any]) -> Figures:
    base: int = options["base_papers"]
    count: int = options["new_papers"]
    ensure_database(command, base)
    path = new_papers(count, settings.DATA_DIR / "bench" / f"new-{count}.jsonl")
    command.stdout.write(f"{count} new papers in {path.name}; base of {base} papers")
    loaded = _import(
        command, "loaded", _copy(scratch_name(f"import_{base}"), scratch_name("incr_loaded")), path
    )
    empty = _import(command, "empty", create_database(scratch_name("incr_empty")), path)
    return {
        "base_papers": base,
        "new_papers": count,
        "loaded_s": f"{loaded:.2f}",
        "empty_s": f"{empty:.2f}",
        "ratio": f"{loaded / empty:.2f}",
    }
