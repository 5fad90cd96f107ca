"""Benchmarks run by `python manage.py benchmark NAME --papers N`.

Each entry maps a name to "module:function"; the function takes (command, options) and
prints its figures, ending with one machine-readable line `BENCH name key=value ...`.
Later features register theirs here.
"""

BENCHMARKS: dict[str, str] = {
    "import": "trends.benchmarks.importing:run",
    "api": "trends.benchmarks.api:run",
    "fractions": "trends.benchmarks.fractions:run",
    "hot": "trends.benchmarks.hot:run",
    "harvest": "trends.benchmarks.harvesting:run_month",
    "incremental": "trends.benchmarks.harvesting:run_incremental",
    "institutions": "institutions.benchmark:run",
    "entities": "entities.benchmark:run",
}
