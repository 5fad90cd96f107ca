from django.apps import AppConfig


class BenchmarksConfig(AppConfig):
    """Only for the `benchmark` management command; installed when the checkout has it."""

    name = "benchmarks"
    verbose_name = "Benchmarks"
