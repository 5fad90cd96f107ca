"""Settings for arxiv-trends, read from the environment (see README "Configuration").

With no DATABASE_URL the project runs its own PostgreSQL (pgserver) under .data/; with no
REDIS_URL Celery tasks run in-process. Set both and the same code runs on real servers.
"""

from pathlib import Path

import dj_database_url
import plotly
from django.core.exceptions import ImproperlyConfigured

from config.env import envbool, envfloat, envint, envlist, envstr, envurl

BASE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = Path(envstr("ARXIV_TRENDS_DATA_DIR", str(BASE_DIR / ".data")))

DEBUG = envbool("DEBUG", False)
SECRET_KEY = envstr("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG and envbool("REQUIRE_SECRET_KEY", False):
        raise ImproperlyConfigured("SECRET_KEY must be set when REQUIRE_SECRET_KEY=1.")
    # Fine for the embedded demo on 127.0.0.1; every real deployment sets SECRET_KEY.
    SECRET_KEY = "arxiv-trends-insecure-local-key"
ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django_celery_beat",
    # django-ninja: the OpenAPI document and /api/docs (config.api); listed so its Swagger UI
    # comes from its own static files, not a CDN.
    "ninja",
    "papers",
    "trends",
    "ingest",
    "curation",
    "institutions",
    "entities",
]
# `manage.py benchmark` lives beside tests/ in a source checkout, not in a deployed image.
if (BASE_DIR / "benchmarks" / "apps.py").exists():
    INSTALLED_APPS.append("benchmarks")

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------------
DATABASE_URL = envurl("DATABASE_URL", ("postgres", "postgresql"))
EMBEDDED_DATABASE_DIR = str(DATA_DIR / "pg")
EMBEDDED_DATABASE_NAME = "arxiv_trends"
if DATABASE_URL:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
else:
    DATABASES = {
        "default": {
            "ENGINE": "config.embedded_postgres",
            "NAME": EMBEDDED_DATABASE_NAME,
            "USER": "postgres",
            "CONN_MAX_AGE": 60,
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = envurl("REDIS_URL", ("redis", "rediss"))
# Answers of the chart endpoints are cached (see trends/cache.py); shared through Redis when
# there is one.
if REDIS_URL:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# --- Celery ---------------------------------------------------------------------------------
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = REDIS_URL or None
# Without a broker, tasks run in the calling process so the demo needs no worker.
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SOFT_TIME_LIMIT = envint("CELERY_TASK_SOFT_TIME_LIMIT", 3600, minimum=1)
CELERY_TASK_TIME_LIMIT = envint("CELERY_TASK_TIME_LIMIT", 3900, minimum=1)
CELERY_TIMEZONE = "UTC"
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"

# --- arXiv ----------------------------------------------------------------------------------
# The six machine-learning categories that make the default selection everywhere.
ML_CATEGORIES = ["cs.AI", "cs.LG", "cs.CV", "cs.CL", "cs.NE", "stat.ML"]
ARXIV_API_URL = envstr("ARXIV_API_URL", "https://export.arxiv.org/api/query")
ARXIV_OAI_URL = envstr("ARXIV_OAI_URL", "https://oaipmh.arxiv.org/oai")
ARXIV_DELAY_SECONDS = envfloat("ARXIV_DELAY_SECONDS", 3.0, minimum=0.0)
# Every request to arXiv times out, and a failing one is retried this many times with
# exponential backoff (base seconds, doubled per try, with jitter) unless it says Retry-After.
ARXIV_TIMEOUT_SECONDS = envfloat("ARXIV_TIMEOUT_SECONDS", 60.0, minimum=0.1)
ARXIV_RETRIES = envint("ARXIV_RETRIES", 5, minimum=0)
ARXIV_BACKOFF_SECONDS = envfloat("ARXIV_BACKOFF_SECONDS", 10.0, minimum=0.0)
# The API serves at most this many results of one query: a larger date window is split.
ARXIV_API_RESULT_CAP = envint("ARXIV_API_RESULT_CAP", 30000, minimum=1)
ARXIV_API_PAGE_SIZE = envint("ARXIV_API_PAGE_SIZE", 500, minimum=1)
# Full text of papers (entities/fulltext.py): off unless enabled; PDFs are fetched from
# BASE/<arxiv id> through the same politeness slot as the harvest, at most BATCH per run.
FULLTEXT_ENABLED = envbool("FULLTEXT_ENABLED", False)
FULLTEXT_PDF_BASE_URL = envstr("FULLTEXT_PDF_BASE_URL", "https://arxiv.org/pdf")
FULLTEXT_BATCH = envint("FULLTEXT_BATCH", 200, minimum=1)
DEMO_CORPUS = BASE_DIR / "data" / "demo" / "arxiv-ml-1994-2019.jsonl.xz"

# --- Internationalisation, static files -------------------------------------------------------
LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = False
USE_TZ = True

STATIC_URL = "/static/"
# Set where `collectstatic` runs (the Docker image); locally files come from the finders.
STATIC_ROOT = envstr("STATIC_ROOT") or None
# plotly.js ships inside the plotly package: serve that copy, never a CDN.
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("plotly", Path(plotly.__file__).parent / "package_data"),
]
WHITENOISE_USE_FINDERS = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": envstr("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "INFO"}},
}
