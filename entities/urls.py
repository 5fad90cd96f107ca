from django.urls import path

from entities import views

urlpatterns = [
    path("entities/", views.entities_page, name="entities"),
]
