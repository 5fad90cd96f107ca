from django.apps import AppConfig


class InstitutionsConfig(AppConfig):
    name = "institutions"
    verbose_name = "Institutions and conferences"

    def ready(self) -> None:
        from institutions import signals

        signals.connect()
