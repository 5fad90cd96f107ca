"""Settings of the server `benchmark pages` measures: static files as production serves them.

collectstatic with whitenoise's CompressedManifestStaticFilesStorage (gzip next to each
file, a content hash in each name, far-future caching), served from STATIC_ROOT only. Once
config/settings.py sets that storage itself, this module only turns the finders off.
"""

from config.settings import *  # noqa: F403

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = False
DEBUG = False
