from django.urls import path

from institutions import views

urlpatterns = [
    path("institutions/", views.institutions_page, name="institutions"),
]
