from django.apps import AppConfig


class EntitiesConfig(AppConfig):
    name = "entities"
    verbose_name = "Tracked entities"

    def ready(self) -> None:
        from entities import signals  # noqa: F401  (connects the receivers)
        from entities.resolvers import expand_group, resolve_entity
        from trends.analytics import fractions

        # entity:SLUG and group:KIND items in /trends/ and /api/fractions.
        if resolve_entity not in fractions.RESOLVERS:
            fractions.RESOLVERS.insert(0, resolve_entity)
        if expand_group not in fractions.EXPANDERS:
            fractions.EXPANDERS.append(expand_group)
