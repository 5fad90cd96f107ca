"""The Celery app: broker from REDIS_URL (or the embedded folder broker, see config.settings),
settings under CELERY_* in config.settings."""

import os
from pathlib import Path
from typing import Any

from celery import Celery
from celery.signals import before_task_publish, celeryd_init

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("arxiv_trends")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@celeryd_init.connect
@before_task_publish.connect
def _make_broker_folders(**kwargs: Any) -> None:
    """kombu's filesystem transport (EMBEDDED_WORKER) expects its folders to exist, in the
    worker and in every process that queues a task."""
    if str(app.conf.broker_url).startswith("filesystem://"):
        for folder in app.conf.broker_transport_options.values():
            if isinstance(folder, str):
                Path(folder).mkdir(parents=True, exist_ok=True)
