"""Settings for arxiv-trends, read from the environment (see README "Configuration").

With no DATABASE_URL the project runs its own PostgreSQL (pgserver) under .data/; with no
REDIS_URL Celery tasks run in-process. Set both and the same code runs on real servers.
"""

from datetime import timedelta
from pathlib import Path
from typing import Any

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

from config.env import envbool, envfloat, envint, envlist, envstr, envurl

BASE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = Path(envstr("ARXIV_TRENDS_DATA_DIR", str(BASE_DIR / ".data")))

DEBUG = envbool("DEBUG", False)
BUILTIN_SECRET_KEY = "arxiv-trends-insecure-local-key"
SECRET_KEY = envstr("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG and envbool("REQUIRE_SECRET_KEY", False):
        raise ImproperlyConfigured("SECRET_KEY must be set when REQUIRE_SECRET_KEY=1.")
    # Fine for the embedded demo on 127.0.0.1; every real deployment sets SECRET_KEY.
    # config/wsgi.py refuses to serve with it unless LOOPBACK_ONLY=1 (config/serving.py).
    SECRET_KEY = BUILTIN_SECRET_KEY
# Set by `make demo`: the server listens on loopback only, so the built-in key may serve.
# gunicorn (config/gunicorn.py) also refuses a non-loopback bind while it is set.
LOOPBACK_ONLY = envbool("LOOPBACK_ONLY", False)
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
    "axes",
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
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into the lockout response.
    "axes.middleware.AxesMiddleware",
]

# Admin messages live in the session: the default cookie storage builds a signer on every
# request, pages and cached API answers included, for messages only staff ever see.
MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"

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

# --- Security -------------------------------------------------------------------------------
# All off by default (the demo is plain HTTP on 127.0.0.1); docker-compose.yml turns them on,
# and `manage.py check --deploy` is clean with its environment (tests/test_deploy_check.py).
SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", False)
# The container healthcheck asks over plain HTTP from inside.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", 0, minimum=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = envbool("SECURE_HSTS_INCLUDE_SUBDOMAINS", False)
SECURE_HSTS_PRELOAD = envbool("SECURE_HSTS_PRELOAD", False)
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = envbool("SECURE_COOKIES", False)
# Behind a TLS-terminating proxy that sets X-Forwarded-Proto (only trust it behind one).
if envbool("SECURE_PROXY_SSL_HEADER", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# No inline scripts anywhere (templates load static files); plotly.js sets inline styles on
# the elements it draws, so style-src needs 'unsafe-inline'; data: images are plotly's
# mode-bar icons and the admin's.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF, CSP.UNSAFE_INLINE],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF, "data:"],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
}

# Login throttling (django-axes): after AXES_FAILURE_LIMIT wrong passwords for one username
# from one address, that pair is locked out for AXES_COOLOFF_MINUTES. Attempts and lockouts
# are listed in admin under "Axes".
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = envint("AXES_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_TIME = timedelta(minutes=envint("AXES_COOLOFF_MINUTES", 15, minimum=1))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False

# --- Database -------------------------------------------------------------------------------
DATABASE_URL = envurl("DATABASE_URL", ("postgres", "postgresql"))
EMBEDDED_DATABASE_DIR = str(DATA_DIR / "pg")
EMBEDDED_DATABASE_NAME = "arxiv_trends"
# The embedded server's limit, set explicitly at its start (config/embedded_postgres/base.py).
EMBEDDED_DATABASE_MAX_CONNECTIONS = envint("EMBEDDED_DATABASE_MAX_CONNECTIONS", 100, minimum=20)
# Connections are persistent, one per serving thread, checked before reuse. gunicorn's sync
# workers run one thread each, so the web tier holds at most WEB_CONCURRENCY x
# GUNICORN_THREADS connections; config/gunicorn.py refuses to start when that exceeds half of
# DATABASE_MAX_CONNECTIONS (the rest is for Celery, beat and management commands).
# No psycopg pool: the term refresh forks children (trends/terms/refresh.py), and a pool's
# open sockets and threads do not survive a fork.
CONN_MAX_AGE = envint("DATABASE_CONN_MAX_AGE", 60, minimum=0)
if DATABASE_URL:
    DATABASES = {
        "default": dj_database_url.parse(
            DATABASE_URL, conn_max_age=CONN_MAX_AGE, conn_health_checks=True
        )
    }
    DATABASE_MAX_CONNECTIONS = envint("DATABASE_MAX_CONNECTIONS", 100, minimum=1)
else:
    DATABASES = {
        "default": {
            "ENGINE": "config.embedded_postgres",
            "NAME": EMBEDDED_DATABASE_NAME,
            "USER": "postgres",
            "CONN_MAX_AGE": CONN_MAX_AGE,
            "CONN_HEALTH_CHECKS": True,
        }
    }
    DATABASE_MAX_CONNECTIONS = EMBEDDED_DATABASE_MAX_CONNECTIONS
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = envurl("REDIS_URL", ("redis", "rediss"))
# Answers of the chart endpoints are cached (see core/cache.py); shared through Redis when
# there is one.
# What the cache keeps is bounded: bodies over CACHE_MAX_BODY_BYTES are not stored
# (core/cache.py), and the per-process cache holds at most CACHE_MAX_ENTRIES answers (the
# least recently used go first), so distinct URLs cannot grow a web worker without bound.
CACHE_MAX_BODY_BYTES = envint("CACHE_MAX_BODY_BYTES", 1024 * 1024, minimum=0)
# A web process reads the data generation (the key of every cached answer) at most this often,
# so a cached answer costs no database query; another process's ingest shows within it.
CACHE_GENERATION_SECONDS = envfloat("CACHE_GENERATION_SECONDS", 1.0, minimum=0.0)
CACHE_MAX_ENTRIES = envint("CACHE_MAX_ENTRIES", 500, minimum=10)
# "shared" holds the few small values processes coordinate through (core.cache.claim, the
# institution refresh's debounce token): Redis too, or without it a folder under the data
# directory when a worker runs beside the web processes (EMBEDDED_WORKER, below), or memory
# when everything runs in one process.
EMBEDDED_WORKER = envbool("EMBEDDED_WORKER", False) and not REDIS_URL
CACHES: dict[str, dict[str, Any]]
if REDIS_URL:
    redis_cache = {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    CACHES = {"default": redis_cache, "shared": redis_cache}
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "OPTIONS": {"MAX_ENTRIES": CACHE_MAX_ENTRIES, "CULL_FREQUENCY": 4},
        },
        "shared": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(DATA_DIR / "shared-cache"),
        }
        if EMBEDDED_WORKER
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "shared"},
    }

# --- Celery ---------------------------------------------------------------------------------
# Three ways to run tasks:
# - REDIS_URL set: Redis is the broker and result store of real workers (compose, deployments);
# - EMBEDDED_WORKER=1 without REDIS_URL (`make demo`, which also starts that worker): the broker
#   is a folder under the data directory (kombu's filesystem transport), so a web request never
#   computes for seconds; what a worker makes for the web (hot tables) it stores in the
#   database, since the per-process cache is not shared;
# - neither: tasks run in the calling process, so a command or test needs no worker at all.
EMBEDDED_BROKER_DIR = DATA_DIR / "broker"
CELERY_RESULT_BACKEND = REDIS_URL or None
if REDIS_URL:
    CELERY_BROKER_URL = REDIS_URL
elif EMBEDDED_WORKER:
    CELERY_BROKER_URL = "filesystem://localhost//"  # (the host is only there for kombu to read)
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(EMBEDDED_BROKER_DIR / "queue"),
        "data_folder_out": str(EMBEDDED_BROKER_DIR / "queue"),
        "control_folder": str(EMBEDDED_BROKER_DIR / "control"),
        "polling_interval": 0.25,
    }
else:
    CELERY_BROKER_URL = "memory://"
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL and not EMBEDDED_WORKER
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
DEMO_CORPUS = BASE_DIR / "data" / "demo" / "arxiv-ml-1994-2019.v2.jsonl.xz"
# Term extraction (trends.terms.refresh) forks a pool of worker processes from this many
# papers: below it the fork costs more than it saves. Lowered only to exercise the pool on a
# small corpus (tests).
TERMS_PARALLEL_MIN_PAPERS = envint("TERMS_PARALLEL_MIN_PAPERS", 20000, minimum=1)

# --- Internationalisation, static files -------------------------------------------------------
LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = False
USE_TZ = True

STATIC_URL = "/static/"
# The chart library is vendored under static/vendor/ (a partial plotly.js bundle): never a CDN.
STATICFILES_DIRS = [BASE_DIR / "static"]
# With STATIC_ROOT set (`make demo`, the Docker image), `collectstatic` writes compressed and
# fingerprinted copies there, and whitenoise serves a fingerprinted file as immutable for ten
# years (a changed file gets a new name).
# Unset (development, tests), files come straight from the finders and need no collectstatic.
STATIC_ROOT = Path(envstr("STATIC_ROOT")).resolve() if envstr("STATIC_ROOT") else None
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if STATIC_ROOT
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = STATIC_ROOT is None

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": envstr("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "INFO"}},
}

# OpenReview API v2 (conference author lists fetched by workers; public data, no login).
OPENREVIEW_API_URL = envstr("OPENREVIEW_API_URL", "https://api2.openreview.net")
