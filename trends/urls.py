from django.urls import path

from trends import views

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("api/months", views.api_months, name="api-months"),
    path("healthz", views.healthz, name="healthz"),
]
