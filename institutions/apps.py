from django.apps import AppConfig


class InstitutionsConfig(AppConfig):
    name = "institutions"
    verbose_name = "Institutions and conferences"

    def ready(self) -> None:
        from ingest import reruns
        from ingest.models import IngestRun
        from institutions import signals
        from institutions.tasks import rerun_openreview, rerun_paperlists

        signals.connect()
        reruns.register(IngestRun.Source.PAPERLISTS, rerun_paperlists)
        reruns.register(IngestRun.Source.OPENREVIEW, rerun_openreview)
