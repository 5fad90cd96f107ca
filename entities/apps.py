from django.apps import AppConfig


class EntitiesConfig(AppConfig):
    name = "entities"
    verbose_name = "Tracked entities"

    def ready(self) -> None:
        from entities import signals  # noqa: F401  (connects the receivers)
