from django.apps import AppConfig


class IngestConfig(AppConfig):
    name = "ingest"
    verbose_name = "Ingest"

    def ready(self) -> None:
        from ingest import reruns
        from ingest.models import IngestRun
        from ingest.tasks import rerun_harvest

        for source in (IngestRun.Source.ARXIV_API, IngestRun.Source.ARXIV_OAI):
            reruns.register(source, rerun_harvest(source))
