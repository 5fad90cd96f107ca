"""The Celery app: broker from REDIS_URL, settings under CELERY_* in config.settings."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("arxiv_trends")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
