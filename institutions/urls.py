from django.urls import path

from institutions import views

urlpatterns = [
    path("institutions/", views.institutions_page, name="institutions"),
    path("api/institutions", views.api_institutions, name="api-institutions"),
    path("api/institutions/trend", views.api_trend, name="api-institutions-trend"),
    path("api/institutions/resolve", views.api_resolve, name="api-institutions-resolve"),
]
