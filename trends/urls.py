from django.urls import path

from trends import views, views_hot, views_terms

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("healthz", views.healthz, name="healthz"),
    path("trends/", views_terms.trends_page, name="trends"),
    # Autocomplete; to be declared in config/api.py (the OpenAPI layer) when merged.
    path("api/terms/suggest", views_terms.api_suggest, name="api-terms-suggest"),
    path("hot/", views_hot.hot_page, name="hot"),
]
