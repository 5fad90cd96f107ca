from django.apps import AppConfig


class TrendsConfig(AppConfig):
    name = "trends"
    verbose_name = "arXiv trends"

    def ready(self) -> None:
        from papers import pipeline
        from trends.tasks import queue_hot_after_ingest
        from trends.terms.refresh import refresh_terms

        pipeline.register(
            "term statistics",
            pipeline.ORDER_TERMS,
            # The month totals step (ORDER_TOTALS) has run: their sum is the paper count.
            lambda months, everything: refresh_terms(
                months, everything=everything, totals_current=True
            ),
        )
        from trends import signals  # noqa: F401  (connects the receivers)

        pipeline.register("hot table", pipeline.ORDER_AFTER_COMMIT, queue_hot_after_ingest)
