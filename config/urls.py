from django.contrib import admin
from django.urls import include, path

from config.api import api

urlpatterns = [
    path("admin/", admin.site.urls),
    # Every /api/ endpoint, /api/openapi.json and /api/docs (config.api); no namespace, so the
    # pages' {% url 'api-months' %} and friends keep their names.
    path("api/", include(api.urls[0])),
    path("", include("trends.urls")),
    path("", include("institutions.urls")),
    path("", include("entities.urls")),
]
