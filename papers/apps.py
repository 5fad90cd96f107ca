from django.apps import AppConfig


class PapersConfig(AppConfig):
    name = "papers"
    verbose_name = "Paper store"

    def ready(self) -> None:
        from core import cache
        from papers import pipeline
        from papers.models import DataGeneration, MonthCategoryCount, SuspiciousMonth

        # Cached answers are keyed by the data generation (core.cache knows no models).
        cache.GENERATION_SOURCE = DataGeneration.objects.current
        # The first step after every ingest: the month totals every fraction divides by.
        pipeline.register("month totals", pipeline.ORDER_TOTALS, MonthCategoryCount.objects.refresh)
        # Then the months that look incomplete, judged on those totals (admin lists them).
        pipeline.register(
            "suspicious months",
            pipeline.ORDER_TOTALS + 1,
            lambda months, everything: SuspiciousMonth.objects.detect(),
        )
