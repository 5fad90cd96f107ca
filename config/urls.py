from django.contrib import admin
from django.urls import include, path

from config.api import api, direct_urls
from trends.views_docs import api_index

urlpatterns = [
    path("admin/", admin.site.urls),
    # Every /api/ endpoint, /api/openapi.json and /api/docs (config.api); no namespace, so the
    # pages' {% url 'api-months' %} and friends keep their names.
    # Our human index of the endpoints, before ninja's own (empty) root at the same path.
    path("api/", api_index, name="api-index"),
    # Each endpoint's requests go straight to its view; ninja serves the document and docs.
    path("api/", include(direct_urls)),
    path("api/", include(api.urls[0])),
    path("", include("trends.urls")),
    path("", include("institutions.urls")),
    path("", include("entities.urls")),
]
