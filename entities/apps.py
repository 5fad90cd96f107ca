from django.apps import AppConfig


class EntitiesConfig(AppConfig):
    name = "entities"
    verbose_name = "Tracked entities"

    def ready(self) -> None:
        from entities import signals  # noqa: F401  (connects the receivers)
        from entities.mentions import scan_after_ingest
        from entities.resolvers import expand_group, resolve_entity
        from entities.tasks import queue_full_texts_after_ingest
        from papers import pipeline
        from trends.analytics import fractions

        pipeline.register("entity mentions", pipeline.ORDER_MENTIONS, scan_after_ingest)
        pipeline.register(
            "full-text jobs", pipeline.ORDER_AFTER_COMMIT, queue_full_texts_after_ingest
        )
        # entity:SLUG and group:KIND items in /trends/ and /api/fractions.
        if resolve_entity not in fractions.RESOLVERS:
            fractions.RESOLVERS.insert(0, resolve_entity)
        if expand_group not in fractions.EXPANDERS:
            fractions.EXPANDERS.append(expand_group)
