"""Benchmarks run by `manage.py benchmark NAME`: beside tests/, never imported by the apps.

Each entry maps a name to "module:function". The function takes (command, options), writes
its progress to command.stdout and returns its figures as a dict; the command prints them as
the final machine-readable line `BENCH name key=value ...` (and, in a child process started
by another benchmark, also hands them back as JSON, see benchmarks.scratch.child_figures).
"""

BENCHMARKS: dict[str, str] = {
    "import": "benchmarks.importing:run",
    "api": "benchmarks.api:run",
    "fractions": "benchmarks.fractions:run",
    "hot": "benchmarks.hot:run",
    "harvest": "benchmarks.harvesting:run_month",
    "incremental": "benchmarks.incremental:run",
    "harvest-day": "benchmarks.harvesting:run_incremental",
    "institutions": "benchmarks.institutions:run",
    "entities": "benchmarks.entities:run",
    "pages": "benchmarks.pages:run",
    "serve": "benchmarks.serve:run",
    "hammer": "benchmarks.serve:hammer",
}

Figures = dict[str, object]


def bench_line(name: str, figures: Figures) -> str:
    return " ".join([f"BENCH {name}", *(f"{key}={value}" for key, value in figures.items())])
